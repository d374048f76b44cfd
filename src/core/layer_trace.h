#pragma once
// The trace of a layer op (relu, softmax, flatten, batchnorm2d, linear): what
// the window-op Trace cannot hold. Trace::steps still has one step per output
// element in C order (the plan sees the output as 1 x 1 x count, so step i is
// flat output i), with the common numbers:
//   relu        one term (value x); result x or 0
//   softmax     one term: value x, product exp(x - max); sum and divisor = the slice's sum
//   flatten     one term: value x (src_x = its flat index in the input)
//   batchnorm2d one term: value x; sum = (x - mean) * inv_std; result
//   linear      one term per input feature: value x[i], weight W[o][i]; sum = the dot product; bias
// Every term's src_x is the flat index of the input value it reads (channel 0,
// src_y 0), so stepsReading(t, 0, 0, i) lists the steps that read input i and
// stepOfOutput(t, 0, 0, i) is step i.
// Trace::layer adds, per step, where the value came from and which group's
// statistics it used (softmax: one slice along dim; batchnorm2d: one channel).
#include <cstddef>
#include <string>
#include <vector>

namespace cs {

struct Trace;
struct OpRequest;

struct LayerGroup {
    std::vector<int> sources;  // flat input indices of the group's values, in order
    std::vector<float> values;
    double max = 0.0;          // softmax: the largest value, subtracted before exp
    std::vector<double> exps;  // softmax: exp(value - max) per source
    double sum = 0.0;          // softmax: the sum of the exps; batchnorm2d (training): of the values
    double mean = 0.0, variance = 0.0;  // batchnorm2d: the statistics used
    bool from_batch = false;            // batchnorm2d: mean and biased variance of this batch (training)
    double weight = 1.0, bias = 0.0;    // batchnorm2d: the channel's weight and bias
    double inv_std = 1.0;               // batchnorm2d: 1 / sqrt(variance + eps)
};

struct LayerStep {
    int source = 0;                 // flat input index the value came from (linear: the row's first value)
    std::vector<int> source_index;  // that index per input axis
    int group = -1;                 // softmax slice, batchnorm2d channel, linear input row; -1 none
    int output_feature = 0;         // linear: o, the weight row
    bool kept = true;               // relu: x > 0 passed on; false: zeroed
};

struct LayerTrace {
    std::vector<int> input_shape;
    double eps = 0.0;
    std::vector<LayerGroup> groups;
    std::vector<LayerStep> steps;  // parallel to Trace::steps
};

// Fills t.steps and t.layer for a layer op (t.plan already planned); throws
// OpError when the trace would be too large to step through.
void traceLayer(const OpRequest& request, Trace& t);

// The step written out with its numbers, for the step view:
//   flatten     "c*H*W + h*W + w = 1*4*4 + 2*4 + 3 = 27"
//   batchnorm2d "(x - mean) / sqrt(var + eps) * weight + bias = (3 - 2) / sqrt(0.5 + 1e-05) * 1 + 0 = 1.414"
//   softmax     "exp(x - max) / sum = exp(1000 - 1001) / 1.503 = 0.2447"
//   relu        "max(x, 0) = max(-2, 0) = 0"
//   linear      "x . W[o] + b = 1*0.5 + 2*-1 + 0 = -1.5"
std::string layerFormula(const Trace& t, std::size_t step);

}  // namespace cs
