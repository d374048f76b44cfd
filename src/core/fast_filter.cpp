// The fast CPU image path (core/fast_filter.h). This file is compiled once per
// SIMD target by Highway's foreach_target.h: the part between
// HWY_BEFORE_NAMESPACE and HWY_AFTER_NAMESPACE is the per-target row code, the
// HWY_ONCE part the planning, padding and threads (built once). Built with
// -ffp-contract=off (src/core/CMakeLists.txt): see the header.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "core/fast_filter.cpp"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>

#include <cstddef>
#include <type_traits>

HWY_BEFORE_NAMESPACE();
namespace cs {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

using DD = hn::ScalableTag<double>;

// One vector of doubles from `p`: floats are widened (exactly).
template <class T>
HWY_INLINE hn::Vec<DD> loadDouble(DD dd, const T* HWY_RESTRICT p) {
    if constexpr (std::is_same_v<T, double>) {
        return hn::LoadU(dd, p);
    } else {
        const hn::Rebind<float, DD> df;
        return hn::PromoteTo(dd, hn::LoadU(df, p));
    }
}

HWY_INLINE void storeFloat(DD dd, hn::Vec<DD> v, float* HWY_RESTRICT out) {
    const hn::Rebind<float, DD> df;
    (void)dd;
    hn::StoreU(hn::DemoteTo(df, v), df, out);
}

// out[x] = float(sum_t taps[t][x] * w[t]), t in order, for x < n. The product
// of two floats is exact in double, so MulAdd equals the reference's
// multiply-then-add. Eight independent accumulators keep both FMA units busy
// through their latency (four left half of them idle).
template <class T>
HWY_INLINE void tapRow(const T* const* HWY_RESTRICT taps, const double* HWY_RESTRICT w, int ntaps,
                       float* HWY_RESTRICT out, int n) {
    const DD dd;
    const int lanes = static_cast<int>(hn::Lanes(dd));
    int x = 0;
    for (; x + 8 * lanes <= n; x += 8 * lanes) {
        auto a0 = hn::Zero(dd), a1 = hn::Zero(dd), a2 = hn::Zero(dd), a3 = hn::Zero(dd);
        auto a4 = hn::Zero(dd), a5 = hn::Zero(dd), a6 = hn::Zero(dd), a7 = hn::Zero(dd);
        for (int t = 0; t < ntaps; ++t) {
            const auto wt = hn::Set(dd, w[t]);
            const T* p = taps[t] + x;
            a0 = hn::MulAdd(loadDouble(dd, p), wt, a0);
            a1 = hn::MulAdd(loadDouble(dd, p + lanes), wt, a1);
            a2 = hn::MulAdd(loadDouble(dd, p + 2 * lanes), wt, a2);
            a3 = hn::MulAdd(loadDouble(dd, p + 3 * lanes), wt, a3);
            a4 = hn::MulAdd(loadDouble(dd, p + 4 * lanes), wt, a4);
            a5 = hn::MulAdd(loadDouble(dd, p + 5 * lanes), wt, a5);
            a6 = hn::MulAdd(loadDouble(dd, p + 6 * lanes), wt, a6);
            a7 = hn::MulAdd(loadDouble(dd, p + 7 * lanes), wt, a7);
        }
        storeFloat(dd, a0, out + x);
        storeFloat(dd, a1, out + x + lanes);
        storeFloat(dd, a2, out + x + 2 * lanes);
        storeFloat(dd, a3, out + x + 3 * lanes);
        storeFloat(dd, a4, out + x + 4 * lanes);
        storeFloat(dd, a5, out + x + 5 * lanes);
        storeFloat(dd, a6, out + x + 6 * lanes);
        storeFloat(dd, a7, out + x + 7 * lanes);
    }
    for (; x + 2 * lanes <= n; x += 2 * lanes) {
        auto a0 = hn::Zero(dd), a1 = hn::Zero(dd);
        for (int t = 0; t < ntaps; ++t) {
            const auto wt = hn::Set(dd, w[t]);
            a0 = hn::MulAdd(loadDouble(dd, taps[t] + x), wt, a0);
            a1 = hn::MulAdd(loadDouble(dd, taps[t] + x + lanes), wt, a1);
        }
        storeFloat(dd, a0, out + x);
        storeFloat(dd, a1, out + x + lanes);
    }
    for (; x + lanes <= n; x += lanes) {
        auto a = hn::Zero(dd);
        for (int t = 0; t < ntaps; ++t) a = hn::MulAdd(loadDouble(dd, taps[t] + x), hn::Set(dd, w[t]), a);
        storeFloat(dd, a, out + x);
    }
    for (; x < n; ++x) {
        double a = 0.0;
        for (int t = 0; t < ntaps; ++t) a += static_cast<double>(taps[t][x]) * w[t];
        out[x] = static_cast<float>(a);
    }
}

void TapRowF(const float* const* taps, const double* w, int ntaps, float* out, int n) {
    tapRow(taps, w, ntaps, out, n);
}
void TapRowD(const double* const* taps, const double* w, int ntaps, float* out, int n) {
    tapRow(taps, w, ntaps, out, n);
}

// The separable first pass: mid[x] = sum_i rows[i][x] * w[i] (exact products).
template <class T>
HWY_INLINE void columnPass(const T* const* HWY_RESTRICT rows, const double* HWY_RESTRICT w, int kh,
                           double* HWY_RESTRICT mid, int n) {
    const DD dd;
    const int lanes = static_cast<int>(hn::Lanes(dd));
    int x = 0;
    for (; x + 4 * lanes <= n; x += 4 * lanes) {
        auto a0 = hn::Zero(dd), a1 = hn::Zero(dd), a2 = hn::Zero(dd), a3 = hn::Zero(dd);
        for (int i = 0; i < kh; ++i) {
            const auto wi = hn::Set(dd, w[i]);
            a0 = hn::MulAdd(loadDouble(dd, rows[i] + x), wi, a0);
            a1 = hn::MulAdd(loadDouble(dd, rows[i] + x + lanes), wi, a1);
            a2 = hn::MulAdd(loadDouble(dd, rows[i] + x + 2 * lanes), wi, a2);
            a3 = hn::MulAdd(loadDouble(dd, rows[i] + x + 3 * lanes), wi, a3);
        }
        hn::StoreU(a0, dd, mid + x);
        hn::StoreU(a1, dd, mid + x + lanes);
        hn::StoreU(a2, dd, mid + x + 2 * lanes);
        hn::StoreU(a3, dd, mid + x + 3 * lanes);
    }
    for (; x < n; ++x) {
        double a = 0.0;
        for (int i = 0; i < kh; ++i) a += static_cast<double>(rows[i][x]) * w[i];
        mid[x] = a;
    }
}

void ColumnPassF(const float* const* rows, const double* w, int kh, double* mid, int n) {
    columnPass(rows, w, kh, mid, n);
}
void ColumnPassD(const double* const* rows, const double* w, int kh, double* mid, int n) {
    columnPass(rows, w, kh, mid, n);
}

// The separable second pass: out[x] = float(sum_j taps[j][x] * w[j]). A double
// times a weight is not exact: multiply, then add, as the reference does.
void RowPass(const double* const* HWY_RESTRICT taps, const double* HWY_RESTRICT w, int kw, float* HWY_RESTRICT out,
             int n) {
    const DD dd;
    const int lanes = static_cast<int>(hn::Lanes(dd));
    int x = 0;
    for (; x + 4 * lanes <= n; x += 4 * lanes) {
        auto a0 = hn::Zero(dd), a1 = hn::Zero(dd), a2 = hn::Zero(dd), a3 = hn::Zero(dd);
        for (int j = 0; j < kw; ++j) {
            const auto wj = hn::Set(dd, w[j]);
            const double* p = taps[j] + x;
            a0 = hn::Add(a0, hn::Mul(hn::LoadU(dd, p), wj));
            a1 = hn::Add(a1, hn::Mul(hn::LoadU(dd, p + lanes), wj));
            a2 = hn::Add(a2, hn::Mul(hn::LoadU(dd, p + 2 * lanes), wj));
            a3 = hn::Add(a3, hn::Mul(hn::LoadU(dd, p + 3 * lanes), wj));
        }
        storeFloat(dd, a0, out + x);
        storeFloat(dd, a1, out + x + lanes);
        storeFloat(dd, a2, out + x + 2 * lanes);
        storeFloat(dd, a3, out + x + 3 * lanes);
    }
    for (; x < n; ++x) {
        double a = 0.0;
        for (int j = 0; j < kw; ++j) a += taps[j][x] * w[j];
        out[x] = static_cast<float>(a);
    }
}

long long SimdTarget() { return HWY_TARGET; }

}  // namespace HWY_NAMESPACE
}  // namespace cs
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
#include <algorithm>
#include <barrier>
#include <cstdint>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

#include "core/fast_filter.h"
#include "core/padding.h"

namespace cs {

HWY_EXPORT(TapRowF);
HWY_EXPORT(TapRowD);
HWY_EXPORT(ColumnPassF);
HWY_EXPORT(ColumnPassD);
HWY_EXPORT(RowPass);
HWY_EXPORT(SimdTarget);

namespace {

// Where every tap reads. A padded row holds, for each column phase in use
// (x mod stride.w), the columns of that phase: phase p, element m is padded
// column m * sx + p. Tap column j (offset j * dx) reads phase (j*dx) % sx from
// element ox + (j*dx) / sx, so every tap is a contiguous run over ox.
struct Layout {
    int kh = 1, kw = 1, sy = 1, sx = 1, dy = 1, dx = 1;
    int pad_top = 0, pad_left = 0, padded_h = 1, padded_w = 1, out_h = 1, out_w = 1;
    int run = 1;                     // elements per phase (L)
    int row_len = 1;                 // phases * run
    std::vector<int> tap_offset;     // per kernel column j: phase index * run + base
    std::vector<int> column_source;  // per row element: the image column, or -1 (zero)
    int direct_begin = 0, direct_end = 0;  // elements [b, e) read image column k - pad_left (stride 1)
};

Layout layout(const Image& image, const ImageFilterParams& p) {
    Layout l;
    l.kh = p.kernel.dim(0);
    l.kw = p.kernel.dim(1);
    l.sy = p.stride.h;
    l.sx = p.stride.w;
    l.dy = p.dilation.h;
    l.dx = p.dilation.w;
    l.pad_top = (l.kh - 1) / 2 * l.dy;
    l.pad_left = (l.kw - 1) / 2 * l.dx;
    const Pair out = imageFilterOutputSize(image, p);
    l.out_h = out.h;
    l.out_w = out.w;
    const int span_h = (l.kh - 1) * l.dy, span_w = (l.kw - 1) * l.dx;
    l.padded_h = (l.out_h - 1) * l.sy + span_h + 1;
    l.padded_w = (l.out_w - 1) * l.sx + span_w + 1;
    l.run = l.out_w + span_w / l.sx + 1;
    std::vector<int> phases;  // distinct phases, in order of first use
    for (int j = 0; j < l.kw; ++j) {
        const int off = j * l.dx, phase = off % l.sx;
        auto it = std::find(phases.begin(), phases.end(), phase);
        const int index = static_cast<int>(it - phases.begin());
        if (it == phases.end()) phases.push_back(phase);
        l.tap_offset.push_back(index * l.run + off / l.sx);
    }
    l.row_len = static_cast<int>(phases.size()) * l.run;
    l.column_source.assign(static_cast<std::size_t>(l.row_len), -1);
    for (std::size_t k = 0; k < phases.size(); ++k)
        for (int m = 0; m < l.run; ++m) {
            const long long x = static_cast<long long>(m) * l.sx + phases[k];
            if (x < l.padded_w)
                l.column_source[k * static_cast<std::size_t>(l.run) + static_cast<std::size_t>(m)] =
                    paddedSource(static_cast<int>(x) - l.pad_left, image.width, p.padding_mode);
        }
    if (l.sx == 1) {  // one phase: the image's own columns are one run
        l.direct_begin = l.pad_left;
        l.direct_end = std::min(l.pad_left + image.width, l.padded_w);
    }
    return l;
}

// Padded rows [y0, y1) of colour channel c, as T (0 where a source is -1).
// CH (the image's channels) is a constant so the run of the image's own
// columns is a plain strided copy; the borders go through the table.
template <class T, int CH>
void padRowsOf(const Image& image, int c, const Layout& l, PaddingMode mode, T* plane, int y0, int y1) {
    const std::size_t len = static_cast<std::size_t>(l.row_len);
    const int* cols = l.column_source.data();
    const std::size_t b = static_cast<std::size_t>(l.direct_begin), e = static_cast<std::size_t>(l.direct_end);
    for (int y = y0; y < y1; ++y) {
        T* dst = plane + static_cast<std::size_t>(y) * len;
        const int sy = paddedSource(y - l.pad_top, image.height, mode);
        if (sy < 0) {
            std::fill(dst, dst + len, T(0));
            continue;
        }
        const std::uint8_t* src = image.pixels.data() + static_cast<std::size_t>(sy) * image.width * CH + c;
        auto fromTable = [&](std::size_t k0, std::size_t k1) {
            for (std::size_t k = k0; k < k1; ++k)
                dst[k] = cols[k] < 0 ? T(0) : static_cast<T>(src[static_cast<std::size_t>(cols[k]) * CH]);
        };
        fromTable(0, b);
        const std::uint8_t* run = src - b * CH;
        for (std::size_t k = b; k < e; ++k) dst[k] = static_cast<T>(run[k * CH]);
        fromTable(e, len);
    }
}

template <class T>
void padRows(const Image& image, int c, const Layout& l, PaddingMode mode, T* plane, int y0, int y1) {
    switch (image.channels) {
        case 1: return padRowsOf<T, 1>(image, c, l, mode, plane, y0, y1);
        case 2: return padRowsOf<T, 2>(image, c, l, mode, plane, y0, y1);
        case 3: return padRowsOf<T, 3>(image, c, l, mode, plane, y0, y1);
        default: return padRowsOf<T, 4>(image, c, l, mode, plane, y0, y1);
    }
}

// What one output row needs, per thread (allocated before the threads start).
template <class T>
struct RowScratch {
    std::vector<const T*> rows;        // kh (separable) or kh * kw (general) pointers
    std::vector<const double*> taps;   // kw pointers into mid (separable)
    std::vector<double> mid;           // row_len (separable)
};

template <class T>
struct Job {
    const Image* image = nullptr;
    const ImageFilterParams* params = nullptr;
    Layout l;
    std::optional<SeparableKernel> sk;
    std::vector<double> weights;  // general: kh * kw in order; separable: unused
    std::vector<double> column, row;
    std::unique_ptr<T[]> plane;  // padded_h x row_len, every element written by padRows
    float* out = nullptr;  // [C, out_h, out_w]
};

template <class T>
void filterRow(Job<T>& job, RowScratch<T>& s, int channel, int oy) {
    const Layout& l = job.l;
    const T* plane = job.plane.get();
    const std::size_t len = static_cast<std::size_t>(l.row_len);
    float* out = job.out + (static_cast<std::size_t>(channel) * l.out_h + static_cast<std::size_t>(oy)) * l.out_w;
    auto rowAt = [&](int i) { return plane + static_cast<std::size_t>(oy * l.sy + i * l.dy) * len; };
    if (job.sk) {
        for (int i = 0; i < l.kh; ++i) s.rows[static_cast<std::size_t>(i)] = rowAt(i);
        if constexpr (std::is_same_v<T, double>)
            HWY_DYNAMIC_DISPATCH(ColumnPassD)(s.rows.data(), job.column.data(), l.kh, s.mid.data(), l.row_len);
        else
            HWY_DYNAMIC_DISPATCH(ColumnPassF)(s.rows.data(), job.column.data(), l.kh, s.mid.data(), l.row_len);
        for (int j = 0; j < l.kw; ++j)
            s.taps[static_cast<std::size_t>(j)] = s.mid.data() + l.tap_offset[static_cast<std::size_t>(j)];
        HWY_DYNAMIC_DISPATCH(RowPass)(s.taps.data(), job.row.data(), l.kw, out, l.out_w);
        return;
    }
    std::size_t t = 0;
    for (int i = 0; i < l.kh; ++i) {
        const T* r = rowAt(i);
        for (int j = 0; j < l.kw; ++j) s.rows[t++] = r + l.tap_offset[static_cast<std::size_t>(j)];
    }
    if constexpr (std::is_same_v<T, double>)
        HWY_DYNAMIC_DISPATCH(TapRowD)(s.rows.data(), job.weights.data(), l.kh * l.kw, out, l.out_w);
    else
        HWY_DYNAMIC_DISPATCH(TapRowF)(s.rows.data(), job.weights.data(), l.kh * l.kw, out, l.out_w);
}

// Rows [0, n) split into `parts` contiguous blocks: block k's first row.
int blockStart(int n, int parts, int k) {
    return static_cast<int>(static_cast<long long>(n) * k / parts);
}

template <class T>
void runJob(Job<T>& job, int channels, int threads) {
    const Layout& l = job.l;
    // Not zero-filled: padRows writes every element (a memset would cost as much as the padding).
    job.plane.reset(new T[static_cast<std::size_t>(l.padded_h) * static_cast<std::size_t>(l.row_len)]);
    std::vector<RowScratch<T>> scratch(static_cast<std::size_t>(threads));
    for (RowScratch<T>& s : scratch) {
        s.rows.resize(static_cast<std::size_t>(job.sk ? l.kh : l.kh * l.kw));
        if (job.sk) {
            s.taps.resize(static_cast<std::size_t>(l.kw));
            s.mid.resize(static_cast<std::size_t>(l.row_len));
        }
    }
    // Each thread pads its share of the padded rows, waits for the others,
    // then filters its share of the output rows, per channel.
    std::barrier sync(threads);
    auto work = [&](int k) {
        RowScratch<T>& s = scratch[static_cast<std::size_t>(k)];
        for (int c = 0; c < channels; ++c) {
            padRows(*job.image, c, l, job.params->padding_mode, job.plane.get(), blockStart(l.padded_h, threads, k),
                    blockStart(l.padded_h, threads, k + 1));
            sync.arrive_and_wait();
            for (int oy = blockStart(l.out_h, threads, k); oy < blockStart(l.out_h, threads, k + 1); ++oy)
                filterRow(job, s, c, oy);
            sync.arrive_and_wait();
        }
    };
    std::vector<std::jthread> pool;
    for (int k = 1; k < threads; ++k) pool.emplace_back(work, k);
    work(0);
}

// Double planes cost twice the memory traffic but save a widening per tap:
// worth it once a pixel is read by many taps (a general kernel over 3 x 3),
// and while the plane stays small. The separable column pass reads kh rows per
// output row and is bound by that traffic: float rows measured 15-25 % faster
// for Gaussians 15 and 31 at 1080p.
bool doublePlanes(const Layout& l, bool separable) {
    const long long taps = separable ? l.kh : static_cast<long long>(l.kh) * l.kw;
    const long long elements = static_cast<long long>(l.padded_h) * l.row_len;
    return !separable && taps > 9 && elements <= (1LL << 26);
}

template <class T>
void runTyped(const Image& image, const ImageFilterParams& p, const Layout& l, std::optional<SeparableKernel> sk,
              const Tensor& kernel, int threads, float* out) {
    Job<T> job;
    job.image = &image;
    job.params = &p;
    job.l = l;
    job.out = out;
    if (sk) {
        job.column.assign(sk->column.begin(), sk->column.end());
        job.row.assign(sk->row.begin(), sk->row.end());
    } else {
        for (float v : kernel.values()) job.weights.push_back(static_cast<double>(v));
    }
    job.sk = std::move(sk);
    runJob(job, colorChannels(image), threads);
}

}  // namespace

int defaultFilterThreads() {
    const unsigned n = std::thread::hardware_concurrency();
    return std::clamp(static_cast<int>(n == 0 ? 1 : n), 1, kMaxFilterThreads);
}

const char* filterSimdTarget() { return hwy::TargetName(HWY_DYNAMIC_DISPATCH(SimdTarget)()); }

FilterPlanes filterPlanesFast(const Image& image, const ImageFilterParams& p, int threads) {
    validateImageFilter(image, p);
    const Tensor kernel = effectiveImageKernel(p);
    const Layout l = layout(image, p);
    std::optional<SeparableKernel> sk = separablePlan(kernel, p);
    const int channels = colorChannels(image);
    FilterPlanes result;
    result.separable = sk.has_value();
    if (threads <= 0) {
        const long long taps = sk ? l.kh + l.kw : static_cast<long long>(l.kh) * l.kw;
        const long long work = static_cast<long long>(l.out_h) * l.out_w * channels * taps;
        threads = work < (1LL << 20) ? 1 : defaultFilterThreads();
    }
    threads = std::clamp(threads, 1, std::min(kMaxFilterThreads, l.out_h));
    result.threads = threads;
    result.planes = Tensor({channels, l.out_h, l.out_w});
    if (doublePlanes(l, sk.has_value()))
        runTyped<double>(image, p, l, std::move(sk), kernel, threads, result.planes.data());
    else
        runTyped<float>(image, p, l, std::move(sk), kernel, threads, result.planes.data());
    return result;
}

ImageFilterResult filterImageFast(const Image& image, const ImageFilterParams& p, int threads) {
    FilterPlanes fp = filterPlanesFast(image, p, threads);
    ImageFilterResult result;
    result.separable = fp.separable;
    const auto [lo, hi] = planeRange(fp.planes);
    result.lo = lo;
    result.hi = hi;
    if (p.want_image) result.image = planesToImage(fp.planes, image, p, lo, hi);
    if (p.want_planes) result.planes = std::move(fp.planes);
    return result;
}

ImageFilterResult CpuImageFilter::filter(const Image& image, const ImageFilterParams& params) {
    return filterImageFast(image, params, threads_);
}

}  // namespace cs
#endif  // HWY_ONCE
