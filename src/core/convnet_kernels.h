#pragma once
// The per-image kernels of the ConvNet's batched path (core/convnet_train.h):
// a 5 x 5, padding 2, stride 1 convolution as im2col + sgemm, its backward,
// and batch norm + ReLU + 2 x 2 max pool fused (one pass over the conv output
// while it is still in cache). Square planes of side `side`, channels first;
// `side` is one of the ConvNet's, 28 or 14 (others throw std::invalid_argument).
// bnReluPool and unpoolRelu are in convnet_pool.cpp (Highway SIMD).
#include <cstdint>

namespace cs::convnet_kernels {

constexpr int kKernel = 5;
constexpr int kPad = 2;

// col[(c*25 + ky*5 + kx), y*side + x] = in[c, y + ky - 2, x + kx - 2] or 0.
void im2col(const float* in, int channels, int side, float* col);
// The adjoint of im2col: d_in[c, y + ky - 2, x + kx - 2] += dcol[...]; d_in is zeroed first.
void col2im(const float* dcol, int channels, int side, float* d_in);

// out[o, :] = bias[o] + weight[o, :] . col (weight is out_channels x (in_channels*25)).
void convForward(const float* in, int in_channels, int side, const float* weight, const float* bias,
                 int out_channels, float* col, float* out);
// d_weight += d_out . col^T, d_bias += row sums of d_out; d_in (when not null) = col2im(weight^T . d_out).
// `col` must hold im2col(in) on entry (convBackward does not recompute it).
void convBackward(const float* col, int in_channels, int side, const float* weight, const float* d_out,
                  int out_channels, float* d_weight, double* d_bias, float* dcol, float* d_in);

// Per channel sum and sum of squares of z (channels x side^2), added to sum/sumsq.
void channelMoments(const float* z, int channels, int plane, double* sum, double* sumsq);

// p = maxpool2(relu(scale * z + shift)) per channel; argmax 0..3 (row-major in
// the window, the first of equal values as PyTorch) for the backward pass.
void bnReluPool(const float* z, int channels, int side, const float* scale, const float* shift, float* p,
                std::uint8_t* argmax);

// The gradient at z of the pool and ReLU: dz = dp at the argmax when p > 0,
// else 0. Adds the batch norm sums: sum_dy += dz, sum_dy_xhat += dz * (z - mean) * invstd
// (each plane's sums in float lanes, then added in double).
void unpoolRelu(const float* dp, const float* p, const std::uint8_t* argmax, int channels, int side,
                float* dz, const float* z, const double* mean, const double* invstd, double* sum_dy,
                double* sum_dy_xhat);

// Batch norm's input gradient in place: dz = k[c] * (dz - a[c] - xhat * b[c]),
// xhat = (z - mean) * invstd; k = gamma * invstd, a = sum_dy / M, b = sum_dy_xhat / M.
void bnBackward(float* dz, const float* z, int channels, int plane, const double* mean, const double* invstd,
                const double* k, const double* a, const double* b);

}  // namespace cs::convnet_kernels
