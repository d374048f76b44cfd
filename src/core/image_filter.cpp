// CPU reference of the image path. The image is padded once into a plane per
// channel (zeros where zeros-padding applies), so every output sums kh * kw
// terms in the order kernel row, kernel column, in double, exactly as the
// header defines; the inner loop runs along the output row so it vectorises
// without reordering any one sum.
#include "core/image_filter.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <limits>
#include <numeric>

#include "core/engine.h"
#include "core/padding.h"

namespace cs {
namespace {

[[noreturn]] void fail(const std::string& message) { throw OpError(message); }

constexpr std::array<std::string_view, 3> kNormalizationNames{"clamp", "abs", "minmax"};

struct PaddedGeometry {
    int kh = 1, kw = 1;
    int pad_top = 0, pad_left = 0;  // padded rows/columns before the image
    int padded_h = 1, padded_w = 1;
    int out_h = 1, out_w = 1;
};

PaddedGeometry geometry(const Image& image, const ImageFilterParams& p) {
    PaddedGeometry g;
    g.kh = p.kernel.dim(0);
    g.kw = p.kernel.dim(1);
    g.pad_top = (g.kh - 1) / 2 * p.dilation.h;
    g.pad_left = (g.kw - 1) / 2 * p.dilation.w;
    const int span_h = (g.kh - 1) * p.dilation.h, span_w = (g.kw - 1) * p.dilation.w;
    const Pair out = imageFilterOutputSize(image, p);
    g.out_h = out.h;
    g.out_w = out.w;
    // Rows the last output can reach: (out_h - 1) * sy + span, relative to the top padding.
    g.padded_h = (g.out_h - 1) * p.stride.h + span_h + 1;
    g.padded_w = (g.out_w - 1) * p.stride.w + span_w + 1;
    return g;
}

// Channel c of the image, padded: rows [-pad_top, padded_h - pad_top) of the
// definition's P_c, as floats (0 where a source index is -1).
std::vector<float> paddedPlane(const Image& image, int c, const PaddedGeometry& g, PaddingMode mode) {
    std::vector<int> cols(static_cast<std::size_t>(g.padded_w));
    for (int x = 0; x < g.padded_w; ++x) cols[static_cast<std::size_t>(x)] = paddedSource(x - g.pad_left, image.width, mode);
    std::vector<float> plane(static_cast<std::size_t>(g.padded_h) * static_cast<std::size_t>(g.padded_w), 0.f);
    for (int y = 0; y < g.padded_h; ++y) {
        const int sy = paddedSource(y - g.pad_top, image.height, mode);
        if (sy < 0) continue;
        float* dst = plane.data() + static_cast<std::size_t>(y) * static_cast<std::size_t>(g.padded_w);
        for (int x = 0; x < g.padded_w; ++x) {
            const int sx = cols[static_cast<std::size_t>(x)];
            dst[x] = sx < 0 ? 0.f : static_cast<float>(image.at(sx, sy, c));
        }
    }
    return plane;
}

// Jacobi rotations on the columns of a (m x n, column-major copies): returns the
// column norms (singular values, unsorted) and V, so that a_final = U * S.
struct Jacobi {
    std::vector<std::vector<double>> u;  // n columns of length m
    std::vector<std::vector<double>> v;  // n columns of length n
    std::vector<double> sigma;
};

Jacobi jacobiSvd(const Tensor& k) {
    const int m = k.dim(0), n = k.dim(1);
    Jacobi j;
    j.u.assign(static_cast<std::size_t>(n), std::vector<double>(static_cast<std::size_t>(m)));
    j.v.assign(static_cast<std::size_t>(n), std::vector<double>(static_cast<std::size_t>(n), 0.0));
    for (int c = 0; c < n; ++c) {
        j.v[static_cast<std::size_t>(c)][static_cast<std::size_t>(c)] = 1.0;
        for (int r = 0; r < m; ++r) j.u[static_cast<std::size_t>(c)][static_cast<std::size_t>(r)] = k.at(r, c);
    }
    const double eps = std::numeric_limits<double>::epsilon();
    for (int sweep = 0; sweep < 60; ++sweep) {
        bool rotated = false;
        for (int p = 0; p < n - 1; ++p)
            for (int q = p + 1; q < n; ++q) {
                auto& up = j.u[static_cast<std::size_t>(p)];
                auto& uq = j.u[static_cast<std::size_t>(q)];
                double alpha = 0, beta = 0, gamma = 0;
                for (int r = 0; r < m; ++r) {
                    alpha += up[static_cast<std::size_t>(r)] * up[static_cast<std::size_t>(r)];
                    beta += uq[static_cast<std::size_t>(r)] * uq[static_cast<std::size_t>(r)];
                    gamma += up[static_cast<std::size_t>(r)] * uq[static_cast<std::size_t>(r)];
                }
                if (gamma == 0.0 || std::abs(gamma) <= eps * std::sqrt(alpha * beta)) continue;
                rotated = true;
                const double zeta = (beta - alpha) / (2.0 * gamma);
                const double t = (zeta >= 0 ? 1.0 : -1.0) / (std::abs(zeta) + std::sqrt(1.0 + zeta * zeta));
                const double co = 1.0 / std::sqrt(1.0 + t * t), sn = co * t;
                auto rotate = [&](std::vector<double>& a, std::vector<double>& b) {
                    for (std::size_t r = 0; r < a.size(); ++r) {
                        const double x = a[r], y = b[r];
                        a[r] = co * x - sn * y;
                        b[r] = sn * x + co * y;
                    }
                };
                rotate(up, uq);
                rotate(j.v[static_cast<std::size_t>(p)], j.v[static_cast<std::size_t>(q)]);
            }
        if (!rotated) break;
    }
    j.sigma.resize(static_cast<std::size_t>(n));
    for (int c = 0; c < n; ++c) {
        double s = 0;
        for (double x : j.u[static_cast<std::size_t>(c)]) s += x * x;
        j.sigma[static_cast<std::size_t>(c)] = std::sqrt(s);
    }
    return j;
}

double residualNorm(const Tensor& k, const std::vector<float>& column, const std::vector<float>& row) {
    double sum = 0;
    for (int y = 0; y < k.dim(0); ++y)
        for (int x = 0; x < k.dim(1); ++x) {
            const double d = static_cast<double>(k.at(y, x)) -
                             static_cast<double>(column[static_cast<std::size_t>(y)]) * row[static_cast<std::size_t>(x)];
            sum += d * d;
        }
    return std::sqrt(sum);
}

Tensor filterGeneral(const Image& image, const Tensor& kernel, const ImageFilterParams& p, const PaddedGeometry& g) {
    const int channels = colorChannels(image);
    Tensor out({channels, g.out_h, g.out_w});
    std::vector<double> acc(static_cast<std::size_t>(g.out_w));
    const std::size_t pw = static_cast<std::size_t>(g.padded_w);
    for (int c = 0; c < channels; ++c) {
        const std::vector<float> plane = paddedPlane(image, c, g, p.padding_mode);
        for (int oy = 0; oy < g.out_h; ++oy) {
            std::fill(acc.begin(), acc.end(), 0.0);
            for (int i = 0; i < g.kh; ++i) {
                const float* row = plane.data() + static_cast<std::size_t>(oy * p.stride.h + i * p.dilation.h) * pw;
                for (int j = 0; j < g.kw; ++j) {
                    const double w = kernel.at(i, j);
                    const float* src = row + static_cast<std::size_t>(j * p.dilation.w);
                    if (p.stride.w == 1) {
                        for (int ox = 0; ox < g.out_w; ++ox) acc[static_cast<std::size_t>(ox)] += static_cast<double>(src[ox]) * w;
                    } else {
                        for (int ox = 0; ox < g.out_w; ++ox)
                            acc[static_cast<std::size_t>(ox)] +=
                                static_cast<double>(src[static_cast<std::size_t>(ox) * static_cast<std::size_t>(p.stride.w)]) * w;
                    }
                }
            }
            for (int ox = 0; ox < g.out_w; ++ox) out.at(c, oy, ox) = static_cast<float>(acc[static_cast<std::size_t>(ox)]);
        }
    }
    return out;
}

// Two passes in double: columns with `column`, then rows with `row`.
Tensor filterSeparable(const Image& image, const SeparableKernel& sk, const ImageFilterParams& p,
                       const PaddedGeometry& g) {
    const int channels = colorChannels(image);
    Tensor out({channels, g.out_h, g.out_w});
    const std::size_t pw = static_cast<std::size_t>(g.padded_w);
    std::vector<double> mid(pw);
    for (int c = 0; c < channels; ++c) {
        const std::vector<float> plane = paddedPlane(image, c, g, p.padding_mode);
        for (int oy = 0; oy < g.out_h; ++oy) {
            std::fill(mid.begin(), mid.end(), 0.0);
            for (int i = 0; i < g.kh; ++i) {
                const double w = sk.column[static_cast<std::size_t>(i)];
                const float* row = plane.data() + static_cast<std::size_t>(oy * p.stride.h + i * p.dilation.h) * pw;
                for (std::size_t x = 0; x < pw; ++x) mid[x] += static_cast<double>(row[x]) * w;
            }
            for (int ox = 0; ox < g.out_w; ++ox) {
                double sum = 0;
                const std::size_t x0 = static_cast<std::size_t>(ox) * static_cast<std::size_t>(p.stride.w);
                for (int j = 0; j < g.kw; ++j)
                    sum += mid[x0 + static_cast<std::size_t>(j * p.dilation.w)] * sk.row[static_cast<std::size_t>(j)];
                out.at(c, oy, ox) = static_cast<float>(sum);
            }
        }
    }
    return out;
}

}  // namespace

std::string_view normalizationName(Normalization n) { return kNormalizationNames[static_cast<std::size_t>(n)]; }

std::optional<Normalization> parseNormalization(std::string_view name) {
    for (std::size_t i = 0; i < kNormalizationNames.size(); ++i)
        if (kNormalizationNames[i] == name) return static_cast<Normalization>(i);
    return std::nullopt;
}

std::vector<double> singularValues(const Tensor& kernel) {
    std::vector<double> s = jacobiSvd(kernel).sigma;
    std::sort(s.begin(), s.end(), std::greater<>());
    return s;
}

std::optional<SeparableKernel> separateKernel(const Tensor& kernel, double tolerance) {
    if (kernel.rank() != 2) return std::nullopt;
    const int m = kernel.dim(0), n = kernel.dim(1);
    const Jacobi j = jacobiSvd(kernel);
    std::vector<std::size_t> order(j.sigma.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return j.sigma[a] > j.sigma[b]; });
    SeparableKernel sk;
    sk.sigma1 = j.sigma[order[0]];
    sk.sigma2 = order.size() > 1 ? j.sigma[order[1]] : 0.0;
    if (sk.sigma2 > tolerance * sk.sigma1) return std::nullopt;

    // Factors from the largest entry (pivot): exact for integer kernels such as
    // Sobel's [1 2 1]^T [1 0 -1]. Falls back to the SVD's when that is worse.
    int py = 0, px = 0;
    for (int y = 0; y < m; ++y)
        for (int x = 0; x < n; ++x)
            if (std::abs(kernel.at(y, x)) > std::abs(kernel.at(py, px))) {
                py = y;
                px = x;
            }
    sk.column.resize(static_cast<std::size_t>(m));
    sk.row.resize(static_cast<std::size_t>(n));
    // column = K[:, px] * sign, row = K[py, :] / |pivot|: the column's pivot entry is positive.
    const float pivot = kernel.at(py, px);
    const float sign = pivot < 0.f ? -1.f : 1.f;
    for (int y = 0; y < m; ++y) sk.column[static_cast<std::size_t>(y)] = sign * kernel.at(y, px);
    for (int x = 0; x < n; ++x)
        sk.row[static_cast<std::size_t>(x)] =
            pivot == 0.f ? 0.f : static_cast<float>(static_cast<double>(kernel.at(py, x)) / std::abs(pivot)) + 0.f;
    const double slack = std::max(2.0 * tolerance * sk.sigma1, 1e-6 * sk.sigma1);
    if (residualNorm(kernel, sk.column, sk.row) > slack) {
        const std::size_t best = order[0];
        for (int y = 0; y < m; ++y)  // u_col = U[:, best] = sigma1 * left singular vector
            sk.column[static_cast<std::size_t>(y)] = static_cast<float>(j.u[best][static_cast<std::size_t>(y)]);
        for (int x = 0; x < n; ++x)  // row = V[x, best]
            sk.row[static_cast<std::size_t>(x)] = static_cast<float>(j.v[best][static_cast<std::size_t>(x)]);
    }
    return sk;
}

int colorChannels(const Image& image) { return image.channels == 2 || image.channels == 4 ? image.channels - 1 : image.channels; }
bool hasAlpha(const Image& image) { return image.channels == 2 || image.channels == 4; }

Pair imageFilterOutputSize(const Image& image, const ImageFilterParams& p) {
    const int sy = std::max(1, p.stride.h), sx = std::max(1, p.stride.w);
    return Pair{(image.height + sy - 1) / sy, (image.width + sx - 1) / sx};
}

void validateImageFilter(const Image& image, const ImageFilterParams& p) {
    if (image.empty()) fail("the image is empty (0 x 0): load an image first.");
    if (!image.isConsistent())
        fail("the image is inconsistent: " + std::to_string(image.width) + " x " + std::to_string(image.height) +
             " x " + std::to_string(image.channels) + " channels needs " + std::to_string(image.byteCount()) +
             " bytes but has " + std::to_string(image.pixels.size()) + " (channels must be 1 to 4).");
    if (image.width > kMaxFilterImageSide || image.height > kMaxFilterImageSide)
        fail("the image is " + std::to_string(image.width) + " x " + std::to_string(image.height) +
             "; each side must be at most " + std::to_string(kMaxFilterImageSide) + " pixels.");
    if (elementCount({image.channels, image.height, image.width}) > kMaxElements)
        fail("the image has " + std::to_string(image.byteCount()) + " values; the limit is 2^24.");
    validateImageFilterParams(p);
}

void validateImageFilterParams(const ImageFilterParams& p) {
    const Tensor& k = p.kernel;
    if (k.rank() != 2) fail("the image kernel must be a kh x kw matrix (got rank " + std::to_string(k.rank()) + ").");
    if (k.dim(0) < 1 || k.dim(1) < 1 || k.dim(0) > kMaxImageKernel || k.dim(1) > kMaxImageKernel)
        fail("the image kernel is " + shapeToString(k.shape()) + "; each side must be 1 to " +
             std::to_string(kMaxImageKernel) + ".");
    for (float v : k.values())
        if (!std::isfinite(v)) fail("the image kernel holds a value that is not a finite number.");
    if (p.stride.h < 1 || p.stride.w < 1) fail("stride must be at least 1.");
    // The image side limit is 32768: a larger stride only ever keeps one pixel,
    // and unbounded it would overflow the output-size arithmetic.
    if (p.stride.h > kMaxFilterImageSide || p.stride.w > kMaxFilterImageSide)
        fail("stride must be at most " + std::to_string(kMaxFilterImageSide) + ".");
    if (p.dilation.h < 1 || p.dilation.w < 1) fail("dilation must be at least 1.");
    if ((k.dim(0) - 1) * static_cast<long long>(p.dilation.h) > 4096 ||
        (k.dim(1) - 1) * static_cast<long long>(p.dilation.w) > 4096)
        fail("the dilated kernel spans more than 4096 pixels; use a smaller dilation.");
}

Tensor effectiveImageKernel(const ImageFilterParams& p) { return p.convolve ? flipKernel(p.kernel) : p.kernel; }

std::pair<float, float> planeRange(const Tensor& planes) {
    float lo = std::numeric_limits<float>::infinity(), hi = -lo;
    // min and max as std::min/max compare (v < lo, hi < v): false for NaN,
    // which is skipped so without a branch of its own.
    for (float v : planes.values()) {
        lo = v < lo ? v : lo;
        hi = hi < v ? v : hi;
    }
    if (lo > hi) return {0.f, 0.f};
    // A zero end is +0, whichever zero came first (valueRange's SIMD lanes
    // meet them in another order).
    return {lo == 0.f ? 0.f : lo, hi == 0.f ? 0.f : hi};
}

Image planesToImage(const Tensor& planes, const Image& source, const ImageFilterParams& p, float lo, float hi) {
    const int channels = planes.dim(0), h = planes.dim(1), w = planes.dim(2);
    Image out;
    out.width = w;
    out.height = h;
    out.channels = source.channels;
    out.pixels.resize(out.byteCount());
    // Exactly (v - lo) * 255 / (hi - lo), in that order: a precomputed 255 / range
    // rounds differently and can move a value across a .5 tie.
    const double range = static_cast<double>(hi) - lo;
    const bool spread = range > 0 && std::isfinite(range);
    const bool alpha = hasAlpha(source);
    // Raw offsets, not Tensor::at / Image::at: this runs once per output byte
    // of every live-filter frame (a 1080p RGB result is 6 M values).
    const std::size_t plane = static_cast<std::size_t>(h) * static_cast<std::size_t>(w);
    const std::size_t oc = static_cast<std::size_t>(out.channels);
    const float* values = planes.data();
    for (int oy = 0; oy < h; ++oy)
        for (int ox = 0; ox < w; ++ox) {
            const std::size_t px = static_cast<std::size_t>(oy) * static_cast<std::size_t>(w) + static_cast<std::size_t>(ox);
            std::uint8_t* dst = out.pixels.data() + px * oc;
            for (int c = 0; c < channels; ++c) {
                const double v = values[static_cast<std::size_t>(c) * plane + px];
                double n = v;
                if (p.normalization == Normalization::Abs)
                    n = std::abs(v);
                else if (p.normalization == Normalization::MinMax)
                    n = spread ? (v - lo) * 255.0 / range : 0.0;
                dst[c] = toByte(n);
            }
            if (alpha) dst[oc - 1] = source.at(ox * p.stride.w, oy * p.stride.h, source.channels - 1);
        }
    return out;
}

std::optional<SeparableKernel> separablePlan(const Tensor& kernel, const ImageFilterParams& p) {
    if (p.separable != SeparableMode::Auto || kernel.dim(0) < 2 || kernel.dim(1) < 2) return std::nullopt;
    return separateKernel(kernel);
}

ImageFilterResult filterImageCpu(const Image& image, const ImageFilterParams& p) {
    validateImageFilter(image, p);
    const Tensor kernel = effectiveImageKernel(p);
    const PaddedGeometry g = geometry(image, p);
    ImageFilterResult result;
    const std::optional<SeparableKernel> sk = separablePlan(kernel, p);
    result.separable = sk.has_value();
    result.planes = sk ? filterSeparable(image, *sk, p, g) : filterGeneral(image, kernel, p, g);
    const auto [lo, hi] = planeRange(result.planes);
    result.lo = lo;
    result.hi = hi;
    if (p.want_image) result.image = planesToImage(result.planes, image, p, lo, hi);
    if (!p.want_planes) result.planes = Tensor();
    return result;
}

}  // namespace cs
