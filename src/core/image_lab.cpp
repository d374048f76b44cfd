#include "core/image_lab.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <limits>

#include <thread>
#include <vector>

#include "core/fast_filter.h"
#include "core/lab_colours.h"
#include "core/lesson_edit.h"
#include "core/padding.h"
#include "core/trace.h"

namespace cs {

std::string_view labDisplayName(LabDisplay d) {
    switch (d) {
        case LabDisplay::Clamp: return "clamp";
        case LabDisplay::Abs: return "abs";
        case LabDisplay::MinMax: return "min-max";
        case LabDisplay::Diverging: return "diverging";
    }
    return "clamp";
}

// ---- Edits ------------------------------------------------------------------

bool sameContent(const ImageLab& a, const ImageLab& b) {
    return a.image_path == b.image_path && a.spec == b.spec &&
           a.custom_kernel == b.custom_kernel && a.kernel == b.kernel && a.convolve == b.convolve &&
           a.padding_mode == b.padding_mode && a.stride == b.stride && a.dilation == b.dilation &&
           a.display == b.display && a.pool == b.pool && a.pool_size == b.pool_size && a.pool_stride == b.pool_stride;
}

void openImage(ImageLab& lab, const std::string& path) {
    lab.image_path = path;
    ++lab.image_request;
    lab.touch();
}

bool setPreset(ImageLab& lab, const KernelSpec& spec, std::string& error) {
    try {
        Tensor k = makeKernel(spec);
        lab.kernel = std::move(k);
        lab.spec = spec;
        lab.custom_kernel = false;
        lab.touch();
        return true;
    } catch (const OpError& e) {
        error = e.what();
        return false;
    }
}

bool resizeKernel(ImageLab& lab, int rows, int cols, std::string& error) {
    if (rows < 1 || cols < 1 || rows > kMaxKernelSide || cols > kMaxKernelSide || rows % 2 == 0 || cols % 2 == 0) {
        error = "the kernel's sides must be odd, from 1 to " + std::to_string(kMaxKernelSide) +
                ", so that it has a centre pixel (got " + std::to_string(rows) + " x " + std::to_string(cols) + ")";
        return false;
    }
    const int oh = lab.kernel.dim(0), ow = lab.kernel.dim(1);
    Tensor k({rows, cols});
    // Keep the centres aligned: a 3x3 grown to 5x5 sits in the middle.
    const int dy = (rows - oh) / 2, dx = (cols - ow) / 2;
    for (int y = 0; y < rows; ++y)
        for (int x = 0; x < cols; ++x) {
            const int sy = y - dy, sx = x - dx;
            if (sy >= 0 && sy < oh && sx >= 0 && sx < ow) k.at(y, x) = lab.kernel.at(sy, sx);
        }
    lab.kernel = std::move(k);
    lab.custom_kernel = true;
    lab.touch();
    return true;
}

bool setKernelValue(ImageLab& lab, int y, int x, float value, std::string& error) {
    if (y < 0 || x < 0 || y >= lab.kernel.dim(0) || x >= lab.kernel.dim(1)) {
        error = "no kernel cell (" + std::to_string(y) + ", " + std::to_string(x) + ")";
        return false;
    }
    if (!std::isfinite(value)) {
        error = "a kernel value must be a finite number";
        return false;
    }
    lab.kernel.at(y, x) = value;
    lab.custom_kernel = true;
    lab.touch();
    return true;
}

bool normalizeKernel(ImageLab& lab, std::string& error) {
    try {
        lab.kernel = normalizeToSumOne(lab.kernel);
        lab.custom_kernel = true;
        lab.touch();
        return true;
    } catch (const OpError& e) {
        error = e.what();
        return false;
    }
}

// ---- Plan -------------------------------------------------------------------

Normalization labNormalization(LabDisplay d) {
    switch (d) {
        case LabDisplay::Abs: return Normalization::Abs;
        case LabDisplay::MinMax: return Normalization::MinMax;
        default: return Normalization::Clamp;
    }
}

ImageFilterRequest labFilterRequest(const ImageLab& lab) {
    ImageFilterRequest r;
    r.filter.kernel = lab.kernel;
    r.filter.convolve = lab.convolve;
    r.filter.padding_mode = lab.padding_mode;
    r.filter.stride = lab.stride;
    r.filter.dilation = lab.dilation;
    r.filter.normalization = labNormalization(lab.display);
    r.filter.separable = SeparableMode::Auto;
    r.channel = lab.view.channel;
    r.pool = lab.pool;
    r.pool_size = lab.pool_size;
    r.pool_stride = lab.pool_stride;
    return r;
}

LabPlan planImageLab(const ImageLab& lab, int width, int height, int channels) {
    auto checkPair = [](const Pair& p, const char* what) {
        if (p.h < 1 || p.w < 1 || p.h > kMaxLabStride || p.w > kMaxLabStride)
            throw OpError(std::string(what) + " must be from 1 to " + std::to_string(kMaxLabStride) + ".");
    };
    checkPair(lab.stride, "the stride");
    checkPair(lab.dilation, "the dilation");
    if (lab.pool != LabPool::None &&
        (lab.pool_size < 1 || lab.pool_size > kMaxLabPool || lab.pool_stride < 1 || lab.pool_stride > kMaxLabPool))
        throw OpError("the pooling window and stride must be from 1 to " + std::to_string(kMaxLabPool) + ".");
    LabPlan plan = planImageFilter(labFilterRequest(lab), width, height, channels);
    // Each live result is shown from its planes; the bytes (6 M values at
    // 1080p, more time than a 3x3 filter) are made only when saved (pipelineBytes).
    plan.filter.want_image = false;
    return plan;
}

// ---- Display helpers ----------------------------------------------------------

namespace {

std::uint8_t* rgbaPixel(Image& out, int x, int y) {
    return &out.pixels[(static_cast<std::size_t>(y) * static_cast<std::size_t>(out.width) + static_cast<std::size_t>(x)) * 4];
}

// Runs body(begin, end) over [0, count) in contiguous shares on the filter's
// threads (one when the job is small), and returns when all are done.
template <class Body>
void forShares(std::size_t count, Body body) {
    constexpr std::size_t kMinShare = 1u << 16;
    const std::size_t threads =
        std::min<std::size_t>(static_cast<std::size_t>(defaultFilterThreads()), std::max<std::size_t>(count / kMinShare, 1));
    if (threads <= 1) return body(std::size_t{0}, count, std::size_t{0});
    std::vector<std::thread> pool;
    const std::size_t share = (count + threads - 1) / threads;
    for (std::size_t t = 1; t < threads; ++t)
        pool.emplace_back(body, std::min(count, t * share), std::min(count, (t + 1) * share), t);
    body(std::size_t{0}, std::min(count, share), std::size_t{0});
    for (std::thread& th : pool) th.join();
}

Image rgbaImage(int w, int h) {
    Image out;
    out.width = w;
    out.height = h;
    out.channels = 4;
    out.pixels.resize(out.byteCount());
    return out;
}

}  // namespace

void divergingColor(float t, std::uint8_t rgb[3]) {
    if (std::isnan(t)) t = 0.f;
    t = std::clamp(t, -1.f, 1.f);
    // Dark neutral at 0 (most of an edge image), saturating towards the ends;
    // a slight square-root curve so weak responses are still visible.
    static constexpr float kMid[3] = {24.f, 24.f, 28.f};
    static constexpr float kNeg[3] = {70.f, 150.f, 255.f};
    static constexpr float kPos[3] = {255.f, 140.f, 40.f};
    const float a = std::sqrt(std::fabs(t));
    const float* end = t < 0 ? kNeg : kPos;
    for (int i = 0; i < 3; ++i) rgb[i] = static_cast<std::uint8_t>(std::lround(kMid[i] + (end[i] - kMid[i]) * a));
}

namespace {

ByteMap byteMapOf(LabDisplay d) {
    return d == LabDisplay::Abs ? ByteMap::Abs : d == LabDisplay::MinMax ? ByteMap::MinMax : ByteMap::Value;
}

// Pixels [begin, end) of labDisplayImage into `pixels` (the whole image's).
void displayShare(const Tensor& planes, LabDisplay display, int plane, float lo, float hi, std::size_t begin,
                  std::size_t end, std::uint8_t* pixels) {
    const int c = planes.dim(0);
    const std::size_t n = static_cast<std::size_t>(planes.dim(1)) * static_cast<std::size_t>(planes.dim(2));
    const float* data = planes.data();
    const float* one = data + static_cast<std::size_t>(std::clamp(plane, 0, c - 1)) * n;
    if (display == LabDisplay::Diverging) {
        const float extent = std::max(std::fabs(lo), std::fabs(hi));
        for (std::size_t i = begin; i < end; ++i) {
            std::uint8_t rgba[4] = {0, 0, 0, 255};
            divergingColor(extent > 0 ? one[i] / extent : 0.f, rgba);
            std::memcpy(pixels + i * 4, rgba, 4);
        }
    } else if (c >= 3) {
        labMapBytes(data + begin, data + n + begin, data + 2 * n + begin, end - begin, byteMapOf(display), lo, hi,
                    pixels + 4 * begin);
    } else {
        labMapBytes(one + begin, nullptr, nullptr, end - begin, byteMapOf(display), lo, hi, pixels + 4 * begin);
    }
}

// labHistogram's bin of each value of [v, v + count) added to `bins`.
void countBins(const float* v, std::size_t count, float lo, float span, std::uint32_t* bins, std::size_t nbins) {
    labCountBins(v, count, lo, span, bins, static_cast<int>(nbins));
}

// Whole counts per share, added at the end: the same bins as counting one by
// one (floats count exactly up to 2^24 per bin; the lab's limit is 2^24 values).
std::vector<float> sumShares(const std::vector<std::vector<std::uint32_t>>& shares, std::size_t nbins) {
    std::vector<float> counts(nbins, 0.f);
    for (const std::vector<std::uint32_t>& s : shares)
        for (std::size_t b = 0; b < nbins; ++b) counts[b] += static_cast<float>(s[b]);
    return counts;
}

}  // namespace

Image labDisplayImage(const Tensor& planes, LabDisplay display, int plane, float lo, float hi) {
    if (planes.rank() != 3) return {};
    Image out = rgbaImage(planes.dim(2), planes.dim(1));
    // Shares of the pixels on the filter's threads, each in SIMD
    // (core/lab_colours.h): a 1080p RGB clamp map took 52 ms of CPU in scalar
    // loops (load 4.5), 11 ms on 2 cores at rest.
    const std::size_t n = static_cast<std::size_t>(out.width) * static_cast<std::size_t>(out.height);
    std::uint8_t* pixels = out.pixels.data();
    forShares(n, [&planes, display, plane, lo, hi, pixels](std::size_t begin, std::size_t end, std::size_t) {
        displayShare(planes, display, plane, lo, hi, begin, end, pixels);
    });
    return out;
}

LabColours labColours(const Tensor& planes, LabDisplay display, int plane, float lo, float hi, int bins) {
    LabColours out;
    if (planes.rank() != 3) {
        out.histogram.assign(static_cast<std::size_t>(std::max(bins, 1)), 0.f);
        return out;
    }
    const std::size_t nbins = static_cast<std::size_t>(std::max(bins, 1));
    out.display = rgbaImage(planes.dim(2), planes.dim(1));
    const std::size_t n = static_cast<std::size_t>(out.display.width) * static_cast<std::size_t>(out.display.height);
    const float span = hi > lo ? hi - lo : 1.f;
    std::vector<std::vector<std::uint32_t>> shares(static_cast<std::size_t>(defaultFilterThreads()),
                                                   std::vector<std::uint32_t>(nbins, 0u));
    std::uint8_t* pixels = out.display.pixels.data();
    // Blocks of pixels small enough that the counting finds the values the
    // mapping just read still in the cache: the planes are read once.
    constexpr std::size_t kBlock = 4096;
    forShares(n, [&, pixels](std::size_t begin, std::size_t end, std::size_t t) {
        for (std::size_t i = begin; i < end; i += kBlock) {
            const std::size_t stop = std::min(end, i + kBlock);
            displayShare(planes, display, plane, lo, hi, i, stop, pixels);
            for (int c = 0; c < planes.dim(0); ++c)
                countBins(planes.data() + static_cast<std::size_t>(c) * n + i, stop - i, lo, span, shares[t].data(),
                          nbins);
        }
    });
    out.histogram = sumShares(shares, nbins);
    return out;
}

Image labSourceImage(const Image& image, LabChannel channel) {
    if (image.empty()) return {};
    Image out = rgbaImage(image.width, image.height);
    const int planes = selectedPlanes(image, channel);
    // Raw offsets where selectedByte reads a stored byte (all but Gray of a
    // colour image): the lab's first frame converts the whole picture.
    const bool colour = colorChannels(image) == 3;
    if (!colour || channel != LabChannel::Gray) {
        const int first = !colour || channel == LabChannel::All || channel == LabChannel::Red ? 0
                          : channel == LabChannel::Green                                     ? 1
                                                                                             : 2;
        const std::size_t n = static_cast<std::size_t>(image.width) * static_cast<std::size_t>(image.height);
        const std::size_t ch = static_cast<std::size_t>(image.channels);
        const std::uint8_t* src = image.pixels.data();
        std::uint8_t* dst = out.pixels.data();
        for (std::size_t i = 0; i < n; ++i, src += ch, dst += 4) {
            for (std::size_t k = 0; k < 3; ++k) dst[k] = src[planes == 3 ? k : static_cast<std::size_t>(first)];
            dst[3] = 255;
        }
        return out;
    }
    for (int y = 0; y < image.height; ++y)
        for (int x = 0; x < image.width; ++x) {
            std::uint8_t* px = rgbaPixel(out, x, y);
            for (int i = 0; i < 3; ++i) px[i] = selectedByte(image, channel, planes == 3 ? i : 0, x, y);
            px[3] = 255;
        }
    return out;
}

std::vector<float> labHistogram(const Tensor& planes, int bins, float lo, float hi) {
    const std::size_t nbins = static_cast<std::size_t>(std::max(bins, 1));
    if (planes.rank() != 3 || planes.empty()) return std::vector<float>(nbins, 0.f);
    const float span = hi > lo ? hi - lo : 1.f;
    const float* data = planes.data();
    std::vector<std::vector<std::uint32_t>> shares(static_cast<std::size_t>(defaultFilterThreads()),
                                                   std::vector<std::uint32_t>(nbins, 0u));
    forShares(planes.size(), [&shares, data, lo, span, nbins](std::size_t begin, std::size_t end, std::size_t t) {
        countBins(data + begin, end - begin, lo, span, shares[t].data(), nbins);
    });
    return sumShares(shares, nbins);
}

Image labSaveImage(const ImageFilterOutput& out, const LabPlan& plan, LabDisplay display, int plane) {
    if (display != LabDisplay::Diverging) return pipelineBytes(out, plan, labNormalization(display));
    return labDisplayImage(out.pooled, display, plane, out.lo, out.hi);
}

Image reduceImage(const Image& image, int max_pixels, int& factor) {
    factor = 1;
    const double pixels = static_cast<double>(image.width) * static_cast<double>(image.height);
    if (image.empty() || max_pixels <= 0 || pixels <= max_pixels) return image;
    factor = static_cast<int>(std::ceil(std::sqrt(pixels / max_pixels)));
    return reduceImageBy(image, factor);
}

Image reduceImageBy(const Image& image, int factor) {
    if (image.empty() || factor <= 1) return image;
    Image out;
    out.width = (image.width + factor - 1) / factor;
    out.height = (image.height + factor - 1) / factor;
    out.channels = image.channels;
    out.pixels.resize(out.byteCount());
    for (int y = 0; y < out.height; ++y)
        for (int x = 0; x < out.width; ++x)
            for (int c = 0; c < image.channels; ++c) {
                int sum = 0, n = 0;
                for (int yy = y * factor; yy < std::min(image.height, (y + 1) * factor); ++yy)
                    for (int xx = x * factor; xx < std::min(image.width, (x + 1) * factor); ++xx) {
                        sum += image.at(xx, yy, c);
                        ++n;
                    }
                out.at(x, y, c) = static_cast<std::uint8_t>((sum + n / 2) / n);
            }
    return out;
}

int labFilterTaps(const LabPlan& plan) {
    const Tensor& k = plan.filter.kernel;
    if (k.rank() != 2) return 1;
    const int kh = k.dim(0), kw = k.dim(1);
    const bool two_pass = plan.filter.separable == SeparableMode::Auto && kh > 1 && kw > 1 &&
                          separateKernel(k).has_value();
    return two_pass ? kh + kw : kh * kw;
}

int previewFactorFor(int width, int height, int taps, double max_work) {
    if (width <= 0 || height <= 0 || taps <= 0 || max_work <= 0) return 1;
    auto work = [&](int f) {
        return static_cast<double>((width + f - 1) / f) * static_cast<double>((height + f - 1) / f) * taps;
    };
    int f = 1;
    while (work(f) > max_work && f < std::max(width, height)) ++f;
    return f;
}

// ---- Step view of one pixel ---------------------------------------------------

LabLessonCrop lessonFromPixel(const Image& image, const ImageLab& lab, int x, int y) {
    if (image.empty()) throw OpError("no image: open one first.");
    if (x < 0 || y < 0 || x >= image.width || y >= image.height)
        throw OpError("pixel (" + std::to_string(x) + ", " + std::to_string(y) + ") is outside the image.");
    const Tensor& k = lab.kernel;
    const int kh = k.dim(0), kw = k.dim(1);
    if (kh > kMaxLessonKernelSide || kw > kMaxLessonKernelSide)
        throw OpError("the step view shows kernels up to " + std::to_string(kMaxLessonKernelSide) + " x " +
                      std::to_string(kMaxLessonKernelSide) + "; this one is " + std::to_string(kh) + " x " +
                      std::to_string(kw) + ".");
    const int dy = lab.dilation.h, dx = lab.dilation.w;
    const int ext_h = (kh - 1) * dy + 1, ext_w = (kw - 1) * dx + 1;
    if (ext_h > kMaxMatrixSide || ext_w > kMaxMatrixSide)
        throw OpError("the dilated kernel spans " + std::to_string(ext_h) + " x " + std::to_string(ext_w) +
                      " pixels; the step view holds at most " + std::to_string(kMaxMatrixSide) + ".");
    const int my = std::min(2, (kMaxMatrixSide - ext_h) / 2), mx = std::min(2, (kMaxMatrixSide - ext_w) / 2);
    const int ay = (kh - 1) / 2, ax = (kw - 1) / 2;

    LabLessonCrop crop;
    crop.crop_h = ext_h + 2 * my;
    crop.crop_w = ext_w + 2 * mx;
    crop.crop_y = y - ay * dy - my;
    crop.crop_x = x - ax * dx - mx;

    // Exactly the bytes the pipeline filters for this view (core/image_pipeline.h).
    const int plane = inspectedPlane(image, lab.view.channel, lab.view.inspect);
    auto valueAt = [&](int yy, int xx) -> float {
        const int sy = paddedSource(yy, image.height, lab.padding_mode);
        const int sx = paddedSource(xx, image.width, lab.padding_mode);
        if (sy < 0 || sx < 0) return 0.f;
        return static_cast<float>(selectedByte(image, lab.view.channel, plane, sx, sy));
    };
    Tensor input({crop.crop_h, crop.crop_w});
    for (int i = 0; i < crop.crop_h; ++i)
        for (int j = 0; j < crop.crop_w; ++j) input.at(i, j) = valueAt(crop.crop_y + i, crop.crop_x + j);

    // The filtered value of the pixel, straight from the definition.
    const Tensor used = lab.convolve ? flipKernel(k) : k;
    double sum = 0.0;
    for (int i = 0; i < kh; ++i)
        for (int j = 0; j < kw; ++j)
            sum += static_cast<double>(used.at(i, j)) * valueAt(y + (i - ay) * dy, x + (j - ax) * dx);
    crop.expected = static_cast<float>(sum);

    Lesson& l = crop.lesson;
    l.name = "image-pixel";
    const std::string file = lab.image_path.empty() ? std::string("the image")
                                                    : std::filesystem::path(lab.image_path).filename().string();
    const std::string what = inspectedName(image, lab.view.channel, lab.view.inspect);
    const std::string kernel_name =
        lab.custom_kernel ? "edited kernel" : std::string(kernelPresetInfo(lab.spec.preset).title);
    l.title = "Pixel (" + std::to_string(x) + ", " + std::to_string(y) + ") of " + file + ", " + what + ": " +
              kernel_name + "; border cells come from the image (" + std::string(paddingModeName(lab.padding_mode)) +
              ")";
    l.request.params.op = lab.convolve ? OpKind::Conv2d : OpKind::XCorr2d;
    l.request.params.window.padding = {0, 0};
    l.request.params.window.stride = {1, 1};
    l.request.params.window.dilation = lab.dilation;
    l.request.input = std::move(input);
    l.request.kernel = k;
    const Trace trace = buildTrace(l.request);
    crop.step = stepOfOutput(trace, 0, my, mx);
    return crop;
}

}  // namespace cs
