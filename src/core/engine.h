#pragma once
// The interface every engine implements: the CPU reference (CpuEngine, the
// test oracle) and the GL compute engine (gpu/GlEngine). run() validates with
// planOp and throws OpError for an invalid request; results follow the shape
// rules of OpPlan::output_shape.
#include <string>

#include "core/op_params.h"
#include "core/op_plan.h"

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

// The bank the direct correlation multiplies by, for xcorr2d, conv2d and
// conv_transpose2d, shaped (depthwise ? 1 : O) x kernel_channels x kh x kw:
// xcorr2d's kernel as given, conv2d's flipped, conv_transpose2d's C_in x
// C_out/groups kernel flipped with its two channel axes swapped within each
// group (bank[o][c][y][x] = K[g*Cg + c][o - g*Cout_g][kh-1-y][kw-1-x]).
Tensor kernelUsed(const OpRequest& request, const OpPlan& plan);

// The bias output channel o adds: 0 without one; a plain kernel's single bias
// goes to every channel.
double biasOf(const OpRequest& request, int o);

}  // namespace cs
