#include "core/convnet_kernels.h"

#include <cblas.h>

#include <algorithm>
#include <cstring>

// The hot loops are built for AVX-512, AVX2 and plain x86-64, picked at load
// time (GCC function multiversioning), so one binary runs everywhere.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define CS_KERNEL_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define CS_KERNEL_CLONES
#endif

namespace cs::convnet_kernels {

namespace {
// The x range [lo, hi) of output columns whose source column x + kx - 2 lies inside the plane.
void validColumns(int kx, int side, int& lo, int& hi) {
    lo = std::max(0, kPad - kx);
    hi = std::min(side, side + kPad - kx);
}

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
}  // namespace

void im2col(const float* in, int channels, int side, float* col) {
    const int plane = side * side;
    for (int c = 0; c < channels; ++c) {
        for (int ky = 0; ky < kKernel; ++ky) {
            for (int kx = 0; kx < kKernel; ++kx) {
                float* dst = col + static_cast<std::size_t>((c * kKernel + ky) * kKernel + kx) * plane;
                int lo = 0, hi = 0;
                validColumns(kx, side, lo, hi);
                for (int y = 0; y < side; ++y) {
                    float* row = dst + y * side;
                    const int sy = y + ky - kPad;
                    if (sy < 0 || sy >= side) {
                        std::memset(row, 0, sizeof(float) * static_cast<std::size_t>(side));
                        continue;
                    }
                    const float* src = in + c * plane + sy * side + (kx - kPad);
                    for (int x = 0; x < lo; ++x) row[x] = 0.f;
                    std::memcpy(row + lo, src + lo, sizeof(float) * static_cast<std::size_t>(hi - lo));
                    for (int x = hi; x < side; ++x) row[x] = 0.f;
                }
            }
        }
    }
}

CS_KERNEL_CLONES void col2im(const float* dcol, int channels, int side, float* d_in) {
    const int plane = side * side;
    std::memset(d_in, 0, sizeof(float) * static_cast<std::size_t>(channels * plane));
    for (int c = 0; c < channels; ++c) {
        for (int ky = 0; ky < kKernel; ++ky) {
            for (int kx = 0; kx < kKernel; ++kx) {
                const float* src = dcol + static_cast<std::size_t>((c * kKernel + ky) * kKernel + kx) * plane;
                int lo = 0, hi = 0;
                validColumns(kx, side, lo, hi);
                for (int y = 0; y < side; ++y) {
                    const int sy = y + ky - kPad;
                    if (sy < 0 || sy >= side) continue;
                    float* dst = d_in + c * plane + sy * side + (kx - kPad);
                    const float* row = src + y * side;
                    for (int x = lo; x < hi; ++x) dst[x] += row[x];
                }
            }
        }
    }
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

// Branch-free (the argmax of random data defeats branch prediction, and the
// selects vectorise): pairs first, then the pair winners; strict ">" keeps
// the first of equal values, as PyTorch's scan does.
CS_KERNEL_CLONES void bnReluPool(const float* z, int channels, int side, const float* scale, const float* shift,
                                 float* p, std::uint8_t* argmax) {
    const int half = side / 2;
    float row0[32], row1[32];  // side <= 28
    for (int c = 0; c < channels; ++c) {
        const float a = scale[c], b = shift[c];
        const float* plane = z + c * side * side;
        for (int oy = 0; oy < half; ++oy) {
            const float* r0 = plane + (2 * oy) * side;
            const float* r1 = r0 + side;
            for (int x = 0; x < side; ++x) {
                row0[x] = std::max(0.f, a * r0[x] + b);
                row1[x] = std::max(0.f, a * r1[x] + b);
            }
            float* po = p + (c * half + oy) * half;
            std::uint8_t* ao = argmax + (c * half + oy) * half;
            for (int ox = 0; ox < half; ++ox) {
                const float v0 = row0[2 * ox], v1 = row0[2 * ox + 1], v2 = row1[2 * ox], v3 = row1[2 * ox + 1];
                const bool s1 = v1 > v0, s2 = v3 > v2;
                const float m1 = s1 ? v1 : v0, m2 = s2 ? v3 : v2;
                const int i1 = s1 ? 1 : 0, i2 = s2 ? 3 : 2;
                const bool s = m2 > m1;
                po[ox] = s ? m2 : m1;
                ao[ox] = static_cast<std::uint8_t>(s ? i2 : i1);
            }
        }
    }
}

CS_KERNEL_CLONES void unpoolRelu(const float* dp, const float* p, const std::uint8_t* argmax, int channels, int side,
                float* dz, const float* z, const double* mean, const double* invstd, double* sum_dy,
                double* sum_dy_xhat) {
    const int half = side / 2;
    const int plane = side * side;
    std::memset(dz, 0, sizeof(float) * static_cast<std::size_t>(channels * plane));
    for (int c = 0; c < channels; ++c) {
        double s = 0.0, sx = 0.0;
        for (int oy = 0; oy < half; ++oy) {
            for (int ox = 0; ox < half; ++ox) {
                const int o = (c * half + oy) * half + ox;
                if (!(p[o] > 0.f)) continue;  // ReLU's gradient is 0 where its output is 0
                const int a = argmax[o];
                const int idx = c * plane + (2 * oy + a / 2) * side + 2 * ox + a % 2;
                dz[idx] = dp[o];
                s += dp[o];
                sx += static_cast<double>(dp[o]) * ((z[idx] - mean[c]) * invstd[c]);
            }
        }
        sum_dy[c] += s;
        sum_dy_xhat[c] += sx;
    }
}

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
