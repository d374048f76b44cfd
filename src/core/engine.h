#pragma once
// The interface every engine implements: the CPU reference (CpuEngine, the
// test oracle) and the GL compute engine (gpu/GlEngine). run() validates with
// planOp and throws OpError for an invalid request; results follow the shape
// rules of OpPlan::output_shape.
#include <string>

#include "core/op_params.h"

namespace cs {

class ImageFilterEngine;  // core/image_filter.h

class Engine {
public:
    virtual ~Engine() = default;
    virtual std::string name() const = 0;  // "cpu", "gpu"
    virtual Tensor run(const OpRequest& request) = 0;
    // The engine's own image path (core/image_filter.h), or nullptr when it
    // has none (the CPU reference, CpuImageFilter, then serves). The image lab
    // asks for it instead of guessing the engine's type.
    virtual ImageFilterEngine* imageFilterEngine() { return nullptr; }
};

class CpuEngine final : public Engine {
public:
    std::string name() const override { return "cpu"; }
    Tensor run(const OpRequest& request) override;
};

// The exact reference: sums in double, in the order channel, kernel row, kernel
// column (the order a Trace lists its terms), rounded to float once.
Tensor computeReference(const OpRequest& request);

// conv2d is xcorr2d with this kernel: flipped on both spatial axes.
Tensor flipKernel(const Tensor& kernel);

}  // namespace cs
