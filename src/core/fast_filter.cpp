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

// Register blocking over output rows, for large general kernels whose rows
// step as their kernel rows do (stride.h == dilation.h). Output rows
// oy..oy+R-1 read the padded rows rows[0..kh+R-2]: output row j, kernel row ky
// reads rows[j + ky]. So each padded row r, tap column kx, x-vector is loaded
// once and feeds every accumulator j with 0 <= r - j < kh, times weight
// w[(r - j) * kw + kx]. r rises and kx rises within it, so every accumulator
// still takes its terms in the reference's (kernel row, kernel column) order:
// the same sums as tapRow, bit for bit, with 1/R of the loads, and each
// broadcast weight serves X x-vectors. R x X accumulators, the X loaded
// vectors and a weight stay in registers: 32 of them with AVX-512, 16 below.
#if HWY_TARGET <= HWY_AVX3
constexpr int kBlockRows = 4;
constexpr int kBlockVectors = 5;
#else
constexpr int kBlockRows = 3;
constexpr int kBlockVectors = 3;
#endif

template <int R, int X, class T>
HWY_INLINE void blockColumns(const T* const* HWY_RESTRICT rows, const int* HWY_RESTRICT offs,
                             const double* HWY_RESTRICT w, int kh, int kw, float* const* HWY_RESTRICT out, int x) {
    const DD dd;
    const int lanes = static_cast<int>(hn::Lanes(dd));
    hn::Vec<DD> acc[R][X];
#pragma GCC unroll 8
    for (int j = 0; j < R; ++j)
#pragma GCC unroll 8
        for (int i = 0; i < X; ++i) acc[j][i] = hn::Zero(dd);
    const int nrows = kh + R - 1;
    for (int r = 0; r < nrows; ++r) {
        const int jlo = r - kh + 1 > 0 ? r - kh + 1 : 0;  // accumulators j with 0 <= r - j < kh
        const int jhi = r < R - 1 ? r : R - 1;
        const T* row = rows[r] + x;
        const double* wr = w + static_cast<std::ptrdiff_t>(r) * kw;  // row r - j is wr - j * kw
        for (int kx = 0; kx < kw; ++kx) {
            const T* p = row + offs[kx];
            hn::Vec<DD> v[X];
#pragma GCC unroll 8
            for (int i = 0; i < X; ++i) v[i] = loadDouble(dd, p + i * lanes);
#pragma GCC unroll 8
            for (int j = 0; j < R; ++j) {
                if (j < jlo || j > jhi) continue;
                const auto wt = hn::Set(dd, wr[kx - static_cast<std::ptrdiff_t>(j) * kw]);
#pragma GCC unroll 8
                for (int i = 0; i < X; ++i) acc[j][i] = hn::MulAdd(v[i], wt, acc[j][i]);
            }
        }
    }
#pragma GCC unroll 8
    for (int j = 0; j < R; ++j)
#pragma GCC unroll 8
        for (int i = 0; i < X; ++i) storeFloat(dd, acc[j][i], out[j] + x + i * lanes);
}

// R output rows (1..kBlockRows) of n columns: blocks of X vectors, then of
// one, then the last columns one at a time in the same order.
template <int R, class T>
HWY_NOINLINE void blockRowsOf(const T* const* rows, const int* offs, const double* w, int kh, int kw,
                              float* const* out, int n) {
    const DD dd;
    const int lanes = static_cast<int>(hn::Lanes(dd));
    int x = 0;
    for (; x + kBlockVectors * lanes <= n; x += kBlockVectors * lanes)
        blockColumns<R, kBlockVectors>(rows, offs, w, kh, kw, out, x);
    for (; x + lanes <= n; x += lanes) blockColumns<R, 1>(rows, offs, w, kh, kw, out, x);
    for (; x < n; ++x)
        for (int j = 0; j < R; ++j) {
            double a = 0.0;
            for (int ky = 0; ky < kh; ++ky)
                for (int kx = 0; kx < kw; ++kx)
                    a += static_cast<double>(rows[j + ky][x + offs[kx]]) * w[ky * kw + kx];
            out[j][x] = static_cast<float>(a);
        }
}

template <class T>
HWY_INLINE void blockRows(const T* const* rows, int nout, const int* offs, const double* w, int kh, int kw,
                          float* const* out, int n) {
    static_assert(kBlockRows >= 3 && kBlockRows <= 6, "add the cases");
    switch (nout) {
        case 1: return blockRowsOf<1>(rows, offs, w, kh, kw, out, n);
        case 2: return blockRowsOf<2>(rows, offs, w, kh, kw, out, n);
        case 3: return blockRowsOf<3>(rows, offs, w, kh, kw, out, n);
        case 4: if constexpr (kBlockRows >= 4) return blockRowsOf<4>(rows, offs, w, kh, kw, out, n); break;
        case 5: if constexpr (kBlockRows >= 5) return blockRowsOf<5>(rows, offs, w, kh, kw, out, n); break;
        case 6: if constexpr (kBlockRows >= 6) return blockRowsOf<6>(rows, offs, w, kh, kw, out, n); break;
        default: break;
    }
}

void BlockRowsF(const float* const* rows, int nout, const int* offs, const double* w, int kh, int kw,
                float* const* out, int n) {
    blockRows(rows, nout, offs, w, kh, kw, out, n);
}
void BlockRowsD(const double* const* rows, int nout, const int* offs, const double* w, int kh, int kw,
                float* const* out, int n) {
    blockRows(rows, nout, offs, w, kh, kw, out, n);
}
int BlockRowsMax() { return kBlockRows; }

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
#include "core/lab_colours.h"
#include "core/padding.h"

namespace cs {

HWY_EXPORT(TapRowF);
HWY_EXPORT(TapRowD);
HWY_EXPORT(ColumnPassF);
HWY_EXPORT(ColumnPassD);
HWY_EXPORT(RowPass);
HWY_EXPORT(BlockRowsF);
HWY_EXPORT(BlockRowsD);
HWY_EXPORT(BlockRowsMax);
HWY_EXPORT(SimdTarget);

namespace {

constexpr int kMaxBlockRows = 6;  // the most rows any target's BlockRows takes

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
    int block_rows = 0;           // > 0: general rows go R at a time through BlockRows (blockedRows)
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

// Output rows [oy, oy + nout) of a channel at once (Job::block_rows > 0).
template <class T>
void filterRowBlock(Job<T>& job, RowScratch<T>& s, int channel, int oy, int nout) {
    const Layout& l = job.l;
    const T* plane = job.plane.get();
    const std::size_t len = static_cast<std::size_t>(l.row_len);
    float* out = job.out + (static_cast<std::size_t>(channel) * l.out_h + static_cast<std::size_t>(oy)) * l.out_w;
    for (int r = 0; r < l.kh + nout - 1; ++r)  // sy == dy: output row j, kernel row ky reads row r = j + ky
        s.rows[static_cast<std::size_t>(r)] = plane + static_cast<std::size_t>((oy + r) * l.sy) * len;
    float* outs[kMaxBlockRows];
    for (int j = 0; j < nout; ++j) outs[j] = out + static_cast<std::size_t>(j) * l.out_w;
    if constexpr (std::is_same_v<T, double>)
        HWY_DYNAMIC_DISPATCH(BlockRowsD)(s.rows.data(), nout, l.tap_offset.data(), job.weights.data(), l.kh, l.kw,
                                         outs, l.out_w);
    else
        HWY_DYNAMIC_DISPATCH(BlockRowsF)(s.rows.data(), nout, l.tap_offset.data(), job.weights.data(), l.kh, l.kw,
                                         outs, l.out_w);
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
        s.rows.resize(static_cast<std::size_t>(job.sk ? l.kh : std::max(l.kh * l.kw, l.kh + job.block_rows)));
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
            const int end = blockStart(l.out_h, threads, k + 1);
            if (job.block_rows > 0)
                for (int oy = blockStart(l.out_h, threads, k); oy < end; oy += job.block_rows)
                    filterRowBlock(job, s, c, oy, std::min(job.block_rows, end - oy));
            else
                for (int oy = blockStart(l.out_h, threads, k); oy < end; ++oy) filterRow(job, s, c, oy);
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

// Register blocking over output rows (BlockRows) needs the rows of the kernel
// to step as the output rows do (stride.h == dilation.h) and more than one
// kernel row. Measured at 1080p (AVX-512, one thread): 31 x 31 from ~500 to
// ~290 ms (one 512-bit multiply-add a cycle, the core's peak), 15 x 15 from
// ~160 to ~115, 7 x 7 ~50 to ~35, 5 x 5 about even; 3 x 3 (float planes,
// bound by the padding and the memory) no faster, so it keeps tapRow.
bool blockedRows(const Layout& l, bool separable) {
    return !separable && l.sy == l.dy && l.kh >= 2 && l.kh * l.kw > 9;
}

template <class T>
void runTyped(const Image& image, const ImageFilterParams& p, const Layout& l, std::optional<SeparableKernel> sk,
              const Tensor& kernel, int threads, int block_rows, float* out) {
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
    job.block_rows = block_rows;
    job.sk = std::move(sk);
    runJob(job, colorChannels(image), threads);
}

}  // namespace

int defaultFilterThreads() {
    const unsigned n = std::thread::hardware_concurrency();
    return std::clamp(static_cast<int>(n == 0 ? 1 : n), 1, kMaxFilterThreads);
}

const char* filterSimdTarget() { return hwy::TargetName(HWY_DYNAMIC_DISPATCH(SimdTarget)()); }

std::vector<std::string> filterSimdTargets() {
    std::vector<std::string> names;
    for (const std::int64_t t : hwy::SupportedAndGeneratedTargets()) names.emplace_back(hwy::TargetName(t));
    return names;
}

void useFilterSimdTargetForTest(const std::string& name) {
    hwy::SetSupportedTargetsForTest(0);
    if (name.empty()) return;
    for (const std::int64_t t : hwy::SupportedAndGeneratedTargets())
        if (name == hwy::TargetName(t)) return hwy::SetSupportedTargetsForTest(t);
}

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
    const int block_rows =
        blockedRows(l, sk.has_value()) ? std::min(HWY_DYNAMIC_DISPATCH(BlockRowsMax)(), kMaxBlockRows) : 0;
    result.threads = threads;
    result.block_rows = block_rows;
    result.planes = Tensor({channels, l.out_h, l.out_w});
    if (doublePlanes(l, sk.has_value()))
        runTyped<double>(image, p, l, std::move(sk), kernel, threads, block_rows, result.planes.data());
    else
        runTyped<float>(image, p, l, std::move(sk), kernel, threads, block_rows, result.planes.data());
    return result;
}

ImageFilterResult filterImageFast(const Image& image, const ImageFilterParams& p, int threads) {
    FilterPlanes fp = filterPlanesFast(image, p, threads);
    ImageFilterResult result;
    result.separable = fp.separable;
    const auto [lo, hi] = valueRange(fp.planes.data(), fp.planes.size());  // planeRange's, in SIMD
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
