#pragma once
// The ConvNet one image at a time through the lesson's own engine
// (computeReference per layer, or any Engine's run, eval mode): the path the Network page shows and
// traces, and the oracle the batched path (core/convnet_train.h) is tested
// against. Slow (double sums per output), exact.
//   std::vector<ConvNetActivation> acts = convNetTracedForward(net, image);  // image: 28 x 28, pixels / 255
//   acts.back().output  // the 10 logits
#include <string>
#include <vector>

#include "core/convnet.h"
#include "core/op_params.h"

namespace cs {

class Engine;  // core/engine.h

struct ConvNetActivation {
    std::string label;   // "layer1.0 conv2d", ..., "flatten", "fc linear"
    OpRequest request;   // what computeReference ran (input, kernel, weight, ...)
    Tensor output;       // [C, H, W], [1568] or [10]
};

// Ten steps: per block conv2d (xcorr2d with bias), batchnorm2d (running
// statistics), relu, maxpool2d; then flatten and linear. Throws OpError for
// an image that is not 28 x 28.
std::vector<ConvNetActivation> convNetTracedForward(const ConvNet& net, const Tensor& image);
// The same ten steps through `engine` (the GPU engine for `classify --backend
// gpu` and the Network page; results within the engine's tolerance of the
// reference). Throws what the engine throws.
std::vector<ConvNetActivation> convNetTracedForward(const ConvNet& net, const Tensor& image, Engine& engine);

}  // namespace cs
