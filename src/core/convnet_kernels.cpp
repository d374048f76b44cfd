#include "core/convnet_kernels.h"

#include <cblas.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <string>

// The hot loops are built for AVX-512, AVX2 and plain x86-64, picked at load
// time (GCC function multiversioning), so one binary runs everywhere.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define CS_KERNEL_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define CS_KERNEL_CLONES
#endif

namespace cs::convnet_kernels {

namespace {
// Sums of one plane (at most 784 values) in 16 float lanes, then in double:
// the lanes vectorise (a double running sum cannot be reordered), and each
// lane adds at most 49 values, so float's rounding stays near 1e-6.
constexpr int kLanes = 16;
inline double laneSum(const float* v, int n) {
    float acc[kLanes] = {};
    int i = 0;
    for (; i + kLanes <= n; i += kLanes) {
        for (int l = 0; l < kLanes; ++l) acc[l] += v[i + l];
    }
    double s = 0.0;
    for (float a : acc) s += a;
    for (; i < n; ++i) s += v[i];
    return s;
}
inline double laneSumSquares(const float* v, int n) {
    float acc[kLanes] = {};
    int i = 0;
    for (; i + kLanes <= n; i += kLanes) {
        for (int l = 0; l < kLanes; ++l) acc[l] += v[i + l] * v[i + l];
    }
    double s = 0.0;
    for (float a : acc) s += a;
    for (; i < n; ++i) s += static_cast<double>(v[i]) * v[i];
    return s;
}

// The planes' side is a template parameter below, so every row copy and add
// has a constant length the compiler turns into a few vector moves (the
// runtime side only picks the instance). Both go through a zero-bordered
// copy of the plane, (side + 4)^2, so no row needs a bounds test.
template <int S>
constexpr int kPadded = S + 2 * kPad;

template <int S>
void im2colSide(const float* in, int channels, float* col) {
    constexpr int P = kPadded<S>, plane = S * S;
    float pad[P * P];
    std::fill(pad, pad + P * P, 0.f);  // the border stays zero; the interior is rewritten per channel
    for (int c = 0; c < channels; ++c) {
        for (int y = 0; y < S; ++y) std::copy_n(in + c * plane + y * S, S, pad + (y + kPad) * P + kPad);
        for (int ky = 0; ky < kKernel; ++ky) {
            for (int kx = 0; kx < kKernel; ++kx) {
                float* dst = col + static_cast<std::size_t>((c * kKernel + ky) * kKernel + kx) * plane;
                const float* src = pad + ky * P + kx;
                for (int y = 0; y < S; ++y) std::copy_n(src + y * P, S, dst + y * S);
            }
        }
    }
}

// Each input value receives its 25 terms in (ky, kx) order, as a direct
// scatter into a zeroed plane would: the same sums, bit for bit.
template <int S>
CS_KERNEL_CLONES void col2imSide(const float* dcol, int channels, float* d_in) {
    constexpr int P = kPadded<S>, plane = S * S;
    float acc[P * P];
    for (int c = 0; c < channels; ++c) {
        std::fill(acc, acc + P * P, 0.f);
        for (int ky = 0; ky < kKernel; ++ky) {
            for (int kx = 0; kx < kKernel; ++kx) {
                const float* src = dcol + static_cast<std::size_t>((c * kKernel + ky) * kKernel + kx) * plane;
                float* dst = acc + ky * P + kx;
                for (int y = 0; y < S; ++y) {
                    for (int x = 0; x < S; ++x) dst[y * P + x] += src[y * S + x];
                }
            }
        }
        for (int y = 0; y < S; ++y) std::copy_n(acc + (y + kPad) * P + kPad, S, d_in + c * plane + y * S);
    }
}

[[noreturn]] void badSide(const char* what, int side) {
    throw std::invalid_argument(std::string(what) + ": side " + std::to_string(side) +
                                " is not one of the ConvNet's planes (28 or 14)");
}
}  // namespace

void im2col(const float* in, int channels, int side, float* col) {
    if (side == 28) return im2colSide<28>(in, channels, col);
    if (side == 14) return im2colSide<14>(in, channels, col);
    badSide("im2col", side);
}

void col2im(const float* dcol, int channels, int side, float* d_in) {
    if (side == 28) return col2imSide<28>(dcol, channels, d_in);
    if (side == 14) return col2imSide<14>(dcol, channels, d_in);
    badSide("col2im", side);
}

void convForward(const float* in, int in_channels, int side, const float* weight, const float* bias,
                 int out_channels, float* col, float* out) {
    const int plane = side * side;
    const int k = in_channels * kKernel * kKernel;
    im2col(in, in_channels, side, col);
    for (int o = 0; o < out_channels; ++o) std::fill(out + o * plane, out + (o + 1) * plane, bias[o]);
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, out_channels, plane, k, 1.f, weight, k, col, plane, 1.f,
                out, plane);
}

CS_KERNEL_CLONES void convBackward(const float* col, int in_channels, int side, const float* weight, const float* d_out,
                  int out_channels, float* d_weight, double* d_bias, float* dcol, float* d_in) {
    const int plane = side * side;
    const int k = in_channels * kKernel * kKernel;
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, out_channels, k, plane, 1.f, d_out, plane, col, plane, 1.f,
                d_weight, k);
    for (int o = 0; o < out_channels; ++o) d_bias[o] += laneSum(d_out + o * plane, plane);
    if (d_in == nullptr) return;
    cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, k, plane, out_channels, 1.f, weight, k, d_out, plane, 0.f,
                dcol, plane);
    col2im(dcol, in_channels, side, d_in);
}

CS_KERNEL_CLONES void channelMoments(const float* z, int channels, int plane, double* sum, double* sumsq) {
    for (int c = 0; c < channels; ++c) {
        sum[c] += laneSum(z + c * plane, plane);
        sumsq[c] += laneSumSquares(z + c * plane, plane);
    }
}

// bnReluPool and unpoolRelu live in core/convnet_pool.cpp (Highway SIMD).

CS_KERNEL_CLONES void bnBackward(float* dz, const float* z, int channels, int plane, const double* mean, const double* invstd,
                const double* k, const double* a, const double* b) {
    for (int c = 0; c < channels; ++c) {
        float* d = dz + c * plane;
        const float* v = z + c * plane;
        const float m = static_cast<float>(mean[c]), is = static_cast<float>(invstd[c]);
        const float kc = static_cast<float>(k[c]), ac = static_cast<float>(a[c]), bc = static_cast<float>(b[c]);
        for (int i = 0; i < plane; ++i) d[i] = kc * (d[i] - ac - (v[i] - m) * is * bc);
    }
}

}  // namespace cs::convnet_kernels
