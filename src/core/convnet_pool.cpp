// Batch norm + ReLU + 2 x 2 max pool and its backward for the ConvNet's
// batched path (declared in core/convnet_kernels.h), in Highway SIMD: the
// compiler turns the scalar form's data-dependent selects into branches,
// which random activations mispredict half the time (a fifth of a training
// step went there). Compiled once per SIMD target by foreach_target.h; the
// HWY_ONCE part at the end picks one at run time.
//
// Vectors hold at most 8 floats: a pooled row is 14 or 7 wide, so wider ones
// would mostly compute padding. A row's last vector reaches past the row into
// the next one, which is harmless inside a plane (the next row is written
// after it); each plane's last row goes through small padded local buffers so
// nothing reads or writes past the arrays.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "core/convnet_pool.cpp"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "core/convnet_kernels.h"

HWY_BEFORE_NAMESPACE();
namespace cs {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

using DF = hn::CappedTag<float, 8>;
using DI = hn::RebindToSigned<DF>;
using DU8 = hn::Rebind<std::uint8_t, DF>;

// The widest row (28) and pooled row (14), plus a vector's slack.
constexpr int kMaxSide = 28, kMaxHalf = 14, kSlack = 2 * 8;

// p = maxpool2(relu(scale * z + shift)) per channel, argmax 0..3 (row-major
// in the window; strict ">" keeps the first of equal values, as PyTorch).
void BnReluPool(const float* HWY_RESTRICT z, int channels, int side, const float* HWY_RESTRICT scale,
                const float* HWY_RESTRICT shift, float* HWY_RESTRICT p, std::uint8_t* HWY_RESTRICT argmax) {
    const DF df;
    const DI di;
    const DU8 du8;
    const int n = static_cast<int>(hn::Lanes(df));
    const int half = side / 2, plane = side * side, pooled = half * half;
    HWY_ALIGN float last_in[2 * kMaxSide + kSlack] = {};
    HWY_ALIGN float last_out[kMaxHalf + kSlack];
    HWY_ALIGN std::uint8_t last_idx[kMaxHalf + kSlack];
    const auto zero = hn::Zero(df);
    for (int c = 0; c < channels; ++c) {
        const auto a = hn::Set(df, scale[c]), b = hn::Set(df, shift[c]);
        for (int oy = 0; oy < half; ++oy) {
            const bool last = oy == half - 1;
            const float* r0 = z + c * plane + 2 * oy * side;
            if (last) r0 = static_cast<const float*>(std::memcpy(last_in, r0, sizeof(float) * 2 * static_cast<std::size_t>(side)));
            const float* r1 = r0 + side;
            float* po = last ? last_out : p + c * pooled + oy * half;
            std::uint8_t* ao = last ? last_idx : argmax + c * pooled + oy * half;
            for (int ox = 0; ox < half; ox += n) {
                hn::Vec<DF> e0, o0, e1, o1;
                hn::LoadInterleaved2(df, r0 + 2 * ox, e0, o0);
                hn::LoadInterleaved2(df, r1 + 2 * ox, e1, o1);
                const auto v0 = hn::Max(hn::MulAdd(a, e0, b), zero), v1 = hn::Max(hn::MulAdd(a, o0, b), zero);
                const auto v2 = hn::Max(hn::MulAdd(a, e1, b), zero), v3 = hn::Max(hn::MulAdd(a, o1, b), zero);
                const auto s1 = hn::Gt(v1, v0), s2 = hn::Gt(v3, v2);
                const auto m1 = hn::IfThenElse(s1, v1, v0), m2 = hn::IfThenElse(s2, v3, v2);
                const auto s = hn::Gt(m2, m1);
                const auto i1 = hn::IfThenElse(hn::RebindMask(di, s1), hn::Set(di, 1), hn::Zero(di));
                const auto i2 = hn::IfThenElse(hn::RebindMask(di, s2), hn::Set(di, 3), hn::Set(di, 2));
                hn::StoreU(hn::IfThenElse(s, m2, m1), df, po + ox);
                hn::StoreU(hn::DemoteTo(du8, hn::IfThenElse(hn::RebindMask(di, s), i2, i1)), du8, ao + ox);
            }
            if (last) {
                std::memcpy(p + c * pooled + oy * half, last_out, sizeof(float) * static_cast<std::size_t>(half));
                std::memcpy(argmax + c * pooled + oy * half, last_idx, static_cast<std::size_t>(half));
            }
        }
    }
}

// dz = dp at the window's argmax where p > 0, else 0 (every dz written);
// sum_dy += sum dz, sum_dy_xhat += invstd * sum dz * (z - mean), each plane's
// sums in float lanes, then added in double.
void UnpoolRelu(const float* HWY_RESTRICT dp, const float* HWY_RESTRICT p, const std::uint8_t* HWY_RESTRICT argmax,
                int channels, int side, float* HWY_RESTRICT dz, const float* HWY_RESTRICT z,
                const double* HWY_RESTRICT mean, const double* HWY_RESTRICT invstd, double* HWY_RESTRICT sum_dy,
                double* HWY_RESTRICT sum_dy_xhat) {
    const DF df;
    const DI di;
    const DU8 du8;
    const int n = static_cast<int>(hn::Lanes(df));
    const int half = side / 2, plane = side * side, pooled = half * half;
    HWY_ALIGN float last_g[kMaxHalf + kSlack] = {}, last_p[kMaxHalf + kSlack] = {};
    HWY_ALIGN std::uint8_t last_a[kMaxHalf + kSlack] = {};
    HWY_ALIGN float last_d[kMaxSide + kSlack];
    const auto zero = hn::Zero(df);
    const std::size_t row_bytes = sizeof(float) * static_cast<std::size_t>(half);
    for (int c = 0; c < channels; ++c) {
        const int tail = c * pooled + (half - 1) * half;  // the plane's last pooled row
        std::memcpy(last_g, dp + tail, row_bytes);
        std::memcpy(last_p, p + tail, row_bytes);
        std::memcpy(last_a, argmax + tail, static_cast<std::size_t>(half));
        float* plane_dz = dz + c * plane;
        for (int row = 0; row < side; ++row) {
            const int oy = row / 2, k0 = (row % 2) * 2;  // the window's top (0, 1) or bottom (2, 3) pair
            const bool last_pooled = oy == half - 1;
            const float* g = last_pooled ? last_g : dp + c * pooled + oy * half;
            const float* pv = last_pooled ? last_p : p + c * pooled + oy * half;
            const std::uint8_t* am = last_pooled ? last_a : argmax + c * pooled + oy * half;
            float* t = row == side - 1 ? last_d : plane_dz + row * side;
            for (int ox = 0; ox < half; ox += n) {
                const auto v = hn::IfThenElseZero(hn::Gt(hn::LoadU(df, pv + ox), zero), hn::LoadU(df, g + ox));
                const auto a = hn::PromoteTo(di, hn::LoadU(du8, am + ox));
                const auto left = hn::IfThenElseZero(hn::RebindMask(df, hn::Eq(a, hn::Set(di, k0))), v);
                const auto right = hn::IfThenElseZero(hn::RebindMask(df, hn::Eq(a, hn::Set(di, k0 + 1))), v);
                hn::StoreInterleaved2(left, right, df, t + 2 * ox);
            }
            if (t == last_d) std::memcpy(plane_dz + row * side, last_d, sizeof(float) * static_cast<std::size_t>(side));
        }
        const float* zc = z + c * plane;
        const float m = static_cast<float>(mean[c]);
        const auto mv = hn::Set(df, m);
        auto s = hn::Zero(df), sx = hn::Zero(df);
        int i = 0;
        for (; i + n <= plane; i += n) {
            const auto dv = hn::LoadU(df, plane_dz + i);
            s = hn::Add(s, dv);
            sx = hn::MulAdd(dv, hn::Sub(hn::LoadU(df, zc + i), mv), sx);
        }
        float rest = 0.f, rest_x = 0.f;
        for (; i < plane; ++i) {
            rest += plane_dz[i];
            rest_x += plane_dz[i] * (zc[i] - m);
        }
        sum_dy[c] += static_cast<double>(hn::GetLane(hn::SumOfLanes(df, s))) + rest;
        sum_dy_xhat[c] += (static_cast<double>(hn::GetLane(hn::SumOfLanes(df, sx))) + rest_x) * invstd[c];
    }
}

}  // namespace HWY_NAMESPACE
}  // namespace cs
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
#include <stdexcept>
#include <string>

namespace cs {
HWY_EXPORT(BnReluPool);
HWY_EXPORT(UnpoolRelu);

namespace convnet_kernels {
namespace {
void checkSide(const char* what, int side) {
    if (side != 28 && side != 14) {
        throw std::invalid_argument(std::string(what) + ": side " + std::to_string(side) +
                                    " is not one of the ConvNet's planes (28 or 14)");
    }
}
}  // namespace

void bnReluPool(const float* z, int channels, int side, const float* scale, const float* shift, float* p,
                std::uint8_t* argmax) {
    checkSide("bnReluPool", side);
    HWY_DYNAMIC_DISPATCH(BnReluPool)(z, channels, side, scale, shift, p, argmax);
}

void unpoolRelu(const float* dp, const float* p, const std::uint8_t* argmax, int channels, int side, float* dz,
                const float* z, const double* mean, const double* invstd, double* sum_dy, double* sum_dy_xhat) {
    checkSide("unpoolRelu", side);
    HWY_DYNAMIC_DISPATCH(UnpoolRelu)(dp, p, argmax, channels, side, dz, z, mean, invstd, sum_dy, sum_dy_xhat);
}
}  // namespace convnet_kernels
}  // namespace cs
#endif  // HWY_ONCE
