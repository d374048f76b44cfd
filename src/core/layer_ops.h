#pragma once
// CPU reference of the layer ops (relu, softmax, flatten, batchnorm2d, linear),
// in double, rounded to float once per output. The helpers below are shared
// with the trace (core/layer_trace.h), so a replayed trace equals the
// reference bit for bit.
//
//   softmax([1000, 1001, 999]) = exp(x - 1001) / sum: [0.2447, 0.6652, 0.0900], never NaN.
#include "core/layer_plan.h"

namespace cs {

Tensor computeLayer(const OpRequest& request);

// softmax: one slice along dim (outer index o, inner index i): its flat input
// indices in order, its max, each exp(x - max) and their sum.
struct SoftmaxSlice {
    std::vector<int> sources;
    double max = 0.0;
    std::vector<double> exps;
    double sum = 0.0;
};
SoftmaxSlice softmaxSlice(const Tensor& input, const LayerGeometry& g, int o, int i);
inline int softmaxSource(const LayerGeometry& g, int o, int k, int i) { return (o * g.length + k) * g.inner + i; }

// batchnorm2d: the statistics one channel is normalised with (training: the
// batch's mean and biased variance; eval: the running ones) and its affine.
struct ChannelStats {
    bool from_batch = false;
    double sum = 0.0;        // training: the sum of the channel's values
    double mean = 0.0, variance = 0.0;
    double weight = 1.0, bias = 0.0;
    double inv_std = 1.0;    // 1 / sqrt(variance + eps)
};
ChannelStats channelStats(const OpRequest& request, const LayerGeometry& g, int c);
inline int batchNormSource(const LayerGeometry& g, int n, int c, int s) { return (n * g.channels + c) * g.spatial + s; }
// (x - mean) / sqrt(variance + eps) * weight + bias, as the reference computes it.
float batchNormValue(float x, const ChannelStats& stats);

// linear: the dot product of input row n with weight row o (in order), without the bias.
double linearDot(const OpRequest& request, const LayerGeometry& g, int n, int o);

inline float reluValue(float x) { return x > 0.f ? x : 0.f; }

}  // namespace cs
