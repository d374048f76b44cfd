#pragma once
// GlEngine: every operation of the compute contract on OpenGL 4.3 compute
// shaders, behind the same Engine interface as the CPU reference, with the
// same output shapes (OpPlan::output_shape) and the same numbers (relative
// error at most 1e-4; the window sums are done in double in the reference's
// order, so they usually agree to the last bit).
//
// It uses the GL context current on the calling thread (a GLFW window's, or a
// HeadlessContext's) and must be used and destroyed on that thread with that
// context current.
//
// Kernel variants: PerOutput (one invocation per output element) and Tiled
// (16 x 16 outputs per work group sharing a shared-memory patch with its
// apron) for xcorr2d/conv2d and the image filter's general kernels. The
// default follows the driver: PerOutput on llvmpipe/softpipe (tiling is about
// 2x slower there), Tiled on real GPUs. setVariant forces one (tests run both).
// Tiled falls back to PerOutput for a call whose patch does not fit shared
// memory; lastVariant() says what the last call used.
//
// Example:
//   std::string why;
//   auto ctx = HeadlessContext::create(why);          // or a GLFW window
//   auto gpu = ctx ? GlEngine::create(why) : nullptr;
//   if (!gpu) { std::cerr << why; /* use CpuEngine */ }
//   Tensor out = gpu->run(request);                   // == computeReference(request)
#include <memory>
#include <string>
#include <vector>

#include "core/engine.h"
#include "gpu/gl_dispatch.h"
#include "gpu/gl_info.h"
#include "gpu/gl_objects.h"
#include "gpu/shader_library.h"

namespace cs {

struct OpPlan;
class GlImageFilter;

class GlEngine final : public Engine {
public:
    // nullptr, with a reason naming what is missing, when no context is
    // current, the context is below OpenGL 4.3, or a shader fails to build
    // (the reason then holds the driver's log with file and line).
    // `build_on_use`: each shader is compiled when first needed (the app's
    // start-up), so a broken one shows as that operation's error instead.
    static std::unique_ptr<GlEngine> create(std::string& why, bool build_on_use = false);
    // Programs compiled so far (of this engine and its image filter).
    std::size_t programsBuilt() const;
    ~GlEngine() override;
    GlEngine(const GlEngine&) = delete;
    GlEngine& operator=(const GlEngine&) = delete;

    std::string name() const override { return "gpu"; }
    // Validates with planOp (OpError for an invalid request, as the CPU engine);
    // also OpError when the GPU cannot hold the tensors or reports an error.
    Tensor run(const OpRequest& request) override;

    const GlInfo& info() const { return info_; }
    KernelVariant variant() const { return variant_; }
    void setVariant(KernelVariant v);   // forces it, for this engine and its image filter
    void resetVariant();                // back to info().preferredVariant()
    KernelVariant lastVariant() const { return last_variant_; }
    const GpuTimings& lastTimings() const { return timings_; }

    // The image path (core/image_filter.h) on this context.
    GlImageFilter& imageFilter() { return *image_filter_; }
    ImageFilterEngine* imageFilterEngine() override;  // the same GlImageFilter

    // Developer mode: rebuild every program from $CONVSCOPE_SHADER_DIR (or the
    // embedded copies). On failure the old programs stay and `why` has the log.
    bool reloadShaders(std::string& why);
    const std::string& shaderOrigin() const { return shader_origin_; }

    // One line per operation family: which shader and variant it runs, e.g.
    // "xcorr2d, conv2d: correlate2d.comp, per-output, double accumulation".
    std::vector<std::string> describePaths() const;

private:
    GlEngine() = default;
    bool buildAll(std::string& why, bool build_on_use = false);
    void checkFits(std::size_t bytes, const char* what) const;
    GlBuffer& upload(GlBuffer& buffer, const void* data, std::size_t bytes, unsigned binding);
    // relu, softmax, flatten, batchnorm2d, linear: layers.comp's two passes.
    Tensor runLayer(const OpRequest& request, const OpPlan& plan);
    Tensor readOutput(const OpPlan& plan, OpKind op, std::size_t out_count, Stopwatch& clock);

    GlInfo info_;
    KernelVariant variant_ = KernelVariant::PerOutput;
    KernelVariant last_variant_ = KernelVariant::PerOutput;
    GpuTimings timings_;
    std::string shader_origin_ = "embedded";
    ProgramSet programs_;
    GlBuffer params_, input_, kernel_, bias_, rows_, cols_, output_;
    GlBuffer stats_;  // layers.comp: per-group statistics
    std::unique_ptr<GlImageFilter> image_filter_;
};

}  // namespace cs
