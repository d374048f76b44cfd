// The lab's range and display bytes in SIMD (core/lab_colours.h). Compiled
// once per target by Highway's foreach_target.h, as core/fast_filter.cpp is;
// built with -ffp-contract=off (src/core/CMakeLists.txt): the min-max map is
// a multiply then a divide, never fused.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "core/lab_colours.cpp"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>

HWY_BEFORE_NAMESPACE();
namespace cs {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

using DF = hn::ScalableTag<float>;

// min and max of data[0, n), NaN skipped: the scalar loop's comparisons
// (v < lo, hi < v) lane by lane, the lanes then folded the same way.
void RangeOf(const float* HWY_RESTRICT data, std::size_t n, float* lo_out, float* hi_out) {
    const DF df;
    const std::size_t lanes = hn::Lanes(df);
    float lo = std::numeric_limits<float>::infinity(), hi = -lo;
    std::size_t i = 0;
    if (n >= lanes) {
        auto vlo = hn::Set(df, lo), vhi = hn::Set(df, hi);
        for (; i + lanes <= n; i += lanes) {
            const auto v = hn::LoadU(df, data + i);
            vlo = hn::IfThenElse(hn::Lt(v, vlo), v, vlo);
            vhi = hn::IfThenElse(hn::Lt(vhi, v), v, vhi);
        }
        HWY_ALIGN float l[hn::MaxLanes(df)];
        HWY_ALIGN float h[hn::MaxLanes(df)];
        hn::Store(vlo, df, l);
        hn::Store(vhi, df, h);
        for (std::size_t k = 0; k < lanes; ++k) {
            lo = l[k] < lo ? l[k] : lo;
            hi = hi < h[k] ? h[k] : hi;
        }
    }
    for (; i < n; ++i) {
        const float v = data[i];
        lo = v < lo ? v : lo;
        hi = hi < v ? v : hi;
    }
    *lo_out = lo;
    *hi_out = hi;
}

// toByte of each lane (core/lab_colours.h: whole + (fraction >= 0.5)).
HWY_INLINE hn::Vec<hn::Rebind<std::uint8_t, DF>> toBytes(DF df, hn::Vec<DF> x) {
    const hn::RebindToSigned<DF> di;
    const hn::Rebind<std::uint8_t, DF> du8;
    const auto positive = hn::Gt(x, hn::Zero(df));  // false for NaN
    const auto xc = hn::IfThenElseZero(positive, hn::Min(x, hn::Set(df, 255.f)));
    const auto whole = hn::ConvertTo(di, xc);  // truncates; 0 <= xc <= 255
    const auto half_up = hn::Ge(hn::Sub(xc, hn::ConvertTo(df, whole)), hn::Set(df, 0.5f));
    const auto up = hn::IfThenElseZero(hn::RebindMask(di, half_up), hn::Set(di, 1));
    return hn::DemoteTo(du8, hn::Min(hn::Add(whole, up), hn::Set(di, 255)));
}

HWY_INLINE hn::Vec<DF> mapped(DF df, hn::Vec<DF> v, int map, hn::Vec<DF> lo, hn::Vec<DF> range, bool spread) {
    if (map == 1) return hn::Abs(v);
    if (map == 2) return spread ? hn::Div(hn::Mul(hn::Sub(v, lo), hn::Set(df, 255.f)), range) : hn::Zero(df);
    return v;
}

// The scalar mapping for the pixels after the last whole vector.
inline std::uint8_t byteOf(float v, int map, float lo, float hi) {
    float x = v;
    if (map == 1) x = std::fabs(v);
    if (map == 2) x = hi > lo ? (v - lo) * 255.f / (hi - lo) : 0.f;
    if (!(x > 0.f)) return 0;
    const double r = static_cast<double>(x) + 0.5;
    return r >= 255.0 ? 255 : static_cast<std::uint8_t>(static_cast<int>(r));
}

void MapBytes(const float* HWY_RESTRICT r, const float* HWY_RESTRICT g, const float* HWY_RESTRICT b, std::size_t n,
              int map, float lo, float hi, std::uint8_t* HWY_RESTRICT rgba) {
    const DF df;
    const hn::Rebind<std::uint8_t, DF> du8;
    const std::size_t lanes = hn::Lanes(df);
    const bool gray = g == nullptr || b == nullptr;
    const bool spread = hi > lo;
    const auto vlo = hn::Set(df, lo), range = hn::Set(df, hi - lo);
    const auto alpha = hn::Set(du8, std::uint8_t{255});
    std::size_t i = 0;
    for (; i + lanes <= n; i += lanes) {
        const auto vr = toBytes(df, mapped(df, hn::LoadU(df, r + i), map, vlo, range, spread));
        if (gray) {
            hn::StoreInterleaved4(vr, vr, vr, alpha, du8, rgba + 4 * i);
        } else {
            const auto vg = toBytes(df, mapped(df, hn::LoadU(df, g + i), map, vlo, range, spread));
            const auto vb = toBytes(df, mapped(df, hn::LoadU(df, b + i), map, vlo, range, spread));
            hn::StoreInterleaved4(vr, vg, vb, alpha, du8, rgba + 4 * i);
        }
    }
    for (; i < n; ++i) {
        std::uint8_t* p = rgba + 4 * i;
        p[0] = byteOf(r[i], map, lo, hi);
        p[1] = gray ? p[0] : byteOf(g[i], map, lo, hi);
        p[2] = gray ? p[0] : byteOf(b[i], map, lo, hi);
        p[3] = 255;
    }
}

// Bins of v[0, n) counted into bins[0, nbins): the bin index of a vector of
// values at a time ((v - lo) / span * nbins, clamped, truncated), the counts
// one by one; NaN counts nowhere.
void CountBins(const float* HWY_RESTRICT v, std::size_t n, float lo, float span, std::uint32_t* HWY_RESTRICT bins,
               int nbins) {
    const DF df;
    const hn::RebindToSigned<DF> di;
    const std::size_t lanes = hn::Lanes(df);
    const auto vlo = hn::Set(df, lo), vspan = hn::Set(df, span), scale = hn::Set(df, static_cast<float>(nbins));
    const auto last = hn::Set(df, static_cast<float>(nbins - 1));
    HWY_ALIGN std::int32_t index[hn::MaxLanes(di)];
    // Four sets of counts, lane k into set k % 4: neighbouring values mostly
    // fall in one bin, and one set would make each count wait for the last.
    constexpr int kSets = 4, kMostBins = 256;
    std::uint32_t sets[kSets][kMostBins];
    const bool spread = nbins <= kMostBins;
    if (spread) std::fill(&sets[0][0], &sets[0][0] + kSets * kMostBins, 0u);
    std::size_t i = 0;
    for (; i + lanes <= n; i += lanes) {
        const auto x = hn::LoadU(df, v + i);
        const auto at = hn::Min(hn::Max(hn::Mul(hn::Div(hn::Sub(x, vlo), vspan), scale), hn::Zero(df)), last);
        const auto number = hn::RebindMask(di, hn::Eq(x, x));  // false for NaN
        hn::Store(hn::IfThenElse(number, hn::ConvertTo(di, at), hn::Set(di, -1)), di, index);
        for (std::size_t k = 0; k < lanes; ++k)
            if (index[k] >= 0) ++(spread ? sets[k % kSets][index[k]] : bins[index[k]]);
    }
    if (spread)
        for (int b = 0; b < nbins; ++b) bins[b] += sets[0][b] + sets[1][b] + sets[2][b] + sets[3][b];
    for (; i < n; ++i) {
        if (std::isnan(v[i])) continue;
        const float at = std::clamp((v[i] - lo) / span * static_cast<float>(nbins), 0.f, static_cast<float>(nbins - 1));
        ++bins[static_cast<int>(at)];
    }
}

}  // namespace HWY_NAMESPACE
}  // namespace cs
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
#include "core/lab_colours.h"

namespace cs {

HWY_EXPORT(RangeOf);
HWY_EXPORT(MapBytes);
HWY_EXPORT(CountBins);

std::pair<float, float> valueRange(const float* data, std::size_t n) {
    float lo = 0.f, hi = 0.f;
    HWY_DYNAMIC_DISPATCH(RangeOf)(data, n, &lo, &hi);
    if (lo > hi) return {0.f, 0.f};
    // Which zero the lanes met first is not the scalar order's: +0 for both.
    return {lo == 0.f ? 0.f : lo, hi == 0.f ? 0.f : hi};
}

void labMapBytes(const float* r, const float* g, const float* b, std::size_t n, ByteMap map, float lo, float hi,
                 std::uint8_t* rgba) {
    HWY_DYNAMIC_DISPATCH(MapBytes)(r, g, b, n, static_cast<int>(map), lo, hi, rgba);
}

void labCountBins(const float* v, std::size_t n, float lo, float span, std::uint32_t* bins, int nbins) {
    HWY_DYNAMIC_DISPATCH(CountBins)(v, n, lo, span, bins, nbins);
}

}  // namespace cs
#endif  // HWY_ONCE
