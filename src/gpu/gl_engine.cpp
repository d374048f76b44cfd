// The compute engine: one shader per operation family. Window sums are done in
// double (GLSL 4.00's fp64, present on every 4.3 driver) in the order of
// core/reference.cpp: a float times a float is exact in double, so the GPU and
// the reference round the same sums and agree to the bit on llvmpipe.
#include "gpu/gl_engine.h"

#include <epoxy/gl.h>

#include <algorithm>
#include <cmath>
#include <optional>

#include "core/layer_plan.h"
#include "core/op_plan.h"
#include "core/padding.h"
#include "gpu/gl_image_filter.h"
#include "gpu/gpu_layouts.h"
#include "gpu/shader_library.h"

namespace cs {
namespace {

enum Program : std::size_t {
    kCorrelate, kCorrelateTiled, kPool, kGlobalPool, kAutoCorr, kSignal1d, kLayerStats, kLayerApply, kProgramCount
};

std::vector<ProgramSpec> programSpecs() {
    return {
        {"correlate2d.comp", {"TILED 0"}}, {"correlate2d.comp", {"TILED 1"}}, {"pool2d.comp", {}},
        {"global_pool.comp", {}},          {"autocorr2d.comp", {}},           {"signal1d.comp", {}},
        {"layers.comp", {"PASS 0"}},       {"layers.comp", {"PASS 1"}},
    };
}

// A whole number in [1, 2^20] (for lppool2d's exponents), else -1.
int wholeExponent(double x) {
    if (!std::isfinite(x) || x < 1.0 || x > 1048576.0 || std::floor(x) != x) return -1;
    return static_cast<int>(x);
}

GpuOpBlock makeBlock(const OpRequest& r, const OpPlan& plan) {
    const OpParams& p = r.params;
    GpuOpBlock b;
    b.channels = plan.channels;
    b.height = plan.height;
    b.width = plan.width;
    b.depthwise = plan.depthwise ? 1 : 0;
    b.out_channels = plan.out_channels;
    b.out_height = plan.out_height;
    b.out_width = plan.out_width;
    b.kernel_channels = plan.kernel_channels;
    b.kernel_h = plan.kernel_h;
    b.kernel_w = plan.kernel_w;
    // conv_transpose2d runs as a stride-1 correlation over its zero-inserted grid.
    const bool transposed = isTransposedConv2d(p.op);
    b.stride_h = transposed ? 1 : p.window.stride.h;
    b.stride_w = transposed ? 1 : p.window.stride.w;
    b.pad_h = plan.axis_h.padding;  // the source tables hold the padding; these are for logs
    b.pad_w = plan.axis_w.padding;
    b.dilation_h = p.window.dilation.h;
    b.dilation_w = p.window.dilation.w;
    b.eff_kernel_h = plan.axis_h.effective_kernel;
    b.eff_kernel_w = plan.axis_w.effective_kernel;
    b.has_bias = r.bias.empty() ? 0 : 1;
    b.count_include_pad = p.pool.count_include_pad ? 1 : 0;
    b.op_kind = static_cast<int>(p.op);
    b.lp_int_power = wholeExponent(p.pool.norm_type);
    b.lp_int_root = p.pool.norm_type > 0 ? wholeExponent(1.0 / p.pool.norm_type) : -1;
    b.window_area = plan.kernel_h * plan.kernel_w;
    b.norm_type = static_cast<float>(p.pool.norm_type);
    b.inv_norm_type = p.pool.norm_type > 0 ? static_cast<float>(1.0 / p.pool.norm_type) : 0.f;
    b.output_count = static_cast<int>(plan.outputCount());
    b.first_lag = plan.first_lag;
    b.len_f = plan.width;
    b.len_g = plan.kernel_w;
    return b;
}

// The layer ops in OpBlock's fields, as shaders/layers.comp reads them.
GpuOpBlock layerBlock(const OpRequest& r, const LayerGeometry& g) {
    GpuOpBlock b{};
    const OpKind op = r.params.op;
    b.op_kind = static_cast<int>(op);
    b.output_count = static_cast<int>(elementCount(g.output_shape));
    if (op == OpKind::Softmax) {
        b.channels = g.outer * g.inner;
        b.height = g.length;
        b.width = g.inner;
    } else if (op == OpKind::BatchNorm2d) {
        b.channels = g.channels;
        b.height = g.batch;
        b.width = g.spatial;
        b.count_include_pad = r.params.layer.training ? 1 : 0;
        b.norm_type = static_cast<float>(r.params.layer.eps);
    } else if (op == OpKind::Linear) {
        b.kernel_w = g.in_features;
        b.out_channels = g.out_features;
    }
    return b;
}

// An optional operand with its default filled in (batch norm's ones / zeros).
std::vector<float> orDefault(const std::vector<float>& v, int n, float fill) {
    return v.empty() ? std::vector<float>(static_cast<std::size_t>(n), fill) : v;
}

std::string glErrorName(GLenum e) {
    switch (e) {
    case GL_INVALID_ENUM: return "GL_INVALID_ENUM";
    case GL_INVALID_VALUE: return "GL_INVALID_VALUE";
    case GL_INVALID_OPERATION: return "GL_INVALID_OPERATION";
    case GL_OUT_OF_MEMORY: return "GL_OUT_OF_MEMORY";
    default: return "GL error " + std::to_string(e);
    }
}

}  // namespace

std::unique_ptr<GlEngine> GlEngine::create(std::string& why, bool build_on_use) {
    std::unique_ptr<GlEngine> engine(new GlEngine());
    if (!queryGlInfo(engine->info_, why)) return nullptr;
    if (!engine->info_.atLeast(4, 3)) {
        why = "OpenGL " + std::to_string(engine->info_.major) + "." + std::to_string(engine->info_.minor) +
              " (" + engine->info_.renderer + ") is too old: compute shaders need OpenGL 4.3";
        return nullptr;
    }
    engine->variant_ = engine->info_.preferredVariant();
    engine->last_variant_ = engine->variant_;
    if (!engine->buildAll(why, build_on_use)) return nullptr;
    engine->image_filter_ = GlImageFilter::create(why, build_on_use);
    if (!engine->image_filter_) return nullptr;
    engine->image_filter_->setVariant(engine->variant_);
    return engine;
}

GlEngine::~GlEngine() = default;

bool GlEngine::buildAll(std::string& why, bool build_on_use) {
    std::optional<ShaderLibrary> library = ShaderLibrary::fromEnvironment(why);
    if (!library) return false;
    const std::string origin = library->origin();
    if (build_on_use) programs_.buildOnUse(std::move(*library), programSpecs());
    else if (!programs_.buildAll(*library, programSpecs(), why)) return false;
    shader_origin_ = origin;
    return true;
}

std::size_t GlEngine::programsBuilt() const { return programs_.built() + image_filter_->programsBuilt(); }

bool GlEngine::reloadShaders(std::string& why) {
    std::string engine_why, filter_why;
    const bool engine_ok = buildAll(engine_why);
    const bool filter_ok = image_filter_->reloadShaders(filter_why);
    why = engine_why + filter_why;
    return engine_ok && filter_ok;
}

void GlEngine::setVariant(KernelVariant v) {
    variant_ = v;
    image_filter_->setVariant(v);
}

void GlEngine::resetVariant() { setVariant(info_.preferredVariant()); }

void GlEngine::checkFits(std::size_t bytes, const char* what) const {
    if (info_.max_storage_block > 0 && static_cast<long long>(bytes) > info_.max_storage_block)
        throw OpError(std::string(what) + " needs " + std::to_string(bytes >> 20) + " MiB on the GPU but this driver (" +
                      info_.renderer + ") allows " + std::to_string(info_.max_storage_block >> 20) +
                      " MiB per buffer; use the CPU engine for it.");
}

GlBuffer& GlEngine::upload(GlBuffer& buffer, const void* data, std::size_t bytes, unsigned binding) {
    if (!ensureBufferSize(buffer, bytes))
        throw OpError("the GPU could not allocate " + std::to_string(bytes) + " bytes; use the CPU engine.");
    if (data != nullptr) buffer.upload(0, bytes, data);
    buffer.bindStorage(binding);
    return buffer;
}

// After the last dispatch: wait, read the output back, and turn a GL error
// into a message.
Tensor GlEngine::readOutput(const OpPlan& plan, OpKind op, std::size_t out_count, Stopwatch& clock) {
    finishGl();
    timings_.compute_ms = clock.lap();
    std::vector<float> values(out_count);
    output_.download(0, out_count * sizeof(float), values.data());
    timings_.readback_ms = clock.lap();
    glUseProgram(0);
    const GLenum error = glGetError();
    if (error != GL_NO_ERROR)
        throw OpError("the GPU reported " + glErrorName(error) + " while computing " + std::string(opName(op)) +
                      "; use the CPU engine.");
    return Tensor(plan.output_shape, std::move(values));
}

Tensor GlEngine::run(const OpRequest& r) {
    const OpPlan plan = planOp(r);
    const OpKind op = r.params.op;
    if (isLayer(op)) return runLayer(r, plan);
    GpuOpBlock block = makeBlock(r, plan);
    const std::size_t out_count = plan.outputCount();
    checkFits(r.input.size() * sizeof(float), "the input");
    checkFits(out_count * sizeof(float), "the output");
    while (glGetError() != GL_NO_ERROR) {
    }

    Stopwatch clock;
    upload(input_, r.input.data(), r.input.size() * sizeof(float), 0);
    const bool correlation = isCorrelation2d(op) || isTransposedConv2d(op);
    const Program program = correlation ? kCorrelate
                            : isPooling2d(op)   ? kPool
                            : isGlobalPool(op)  ? kGlobalPool
                            : isOneD(op)        ? kSignal1d
                                                : kAutoCorr;
    if (correlation) {
        const Tensor kernel = kernelUsed(r, plan);
        checkFits(kernel.size() * sizeof(float), "the kernel");
        upload(kernel_, kernel.data(), kernel.size() * sizeof(float), 1);
        // One bias per output channel, as the shader reads it (a plain kernel's one bias repeated).
        std::vector<float> bias;
        for (int o = 0; !r.bias.empty() && o < plan.out_channels; ++o) bias.push_back(static_cast<float>(biasOf(r, o)));
        upload(bias_, bias.empty() ? nullptr : bias.data(), bias.size() * sizeof(float), 2);
        const std::vector<int> rows = correlationSources(plan, r.params, true);
        const std::vector<int> cols = correlationSources(plan, r.params, false);
        block.rows_len = static_cast<int>(rows.size());
        block.cols_len = static_cast<int>(cols.size());
        upload(rows_, rows.data(), rows.size() * sizeof(int), 3);
        upload(cols_, cols.data(), cols.size() * sizeof(int), 4);
    } else if (isOneD(op)) {
        const Tensor& g = op == OpKind::AutoCorr1d ? r.input : r.kernel;
        upload(kernel_, g.data(), g.size() * sizeof(float), 1);
    }
    upload(output_, nullptr, out_count * sizeof(float), 5);
    if (!ensureBufferSize(params_, sizeof(block))) throw OpError("the GPU could not allocate a uniform buffer.");
    params_.upload(0, sizeof(block), &block);
    params_.bindUniform(kGpuOpBlockBinding);
    finishGl();
    timings_.upload_ms = clock.lap();

    // The tiled variant needs the patch in shared memory and its grid within the limits.
    bool tiled = false;
    if (program == kCorrelate && variant_ == KernelVariant::Tiled) {
        const long long patch_h = static_cast<long long>(kGpuTile - 1) * block.stride_h + block.eff_kernel_h;
        const long long patch_w = static_cast<long long>(kGpuTile - 1) * block.stride_w + block.eff_kernel_w;
        const long long gx = (plan.out_width + kGpuTile - 1) / kGpuTile, gy = (plan.out_height + kGpuTile - 1) / kGpuTile;
        tiled = patch_h * patch_w <= kGpuPatchCapacity && gx <= info_.max_work_group_count[0] &&
                gy <= info_.max_work_group_count[1] && plan.out_channels <= info_.max_work_group_count[2];
    }
    last_variant_ = tiled ? KernelVariant::Tiled : KernelVariant::PerOutput;
    programs_.get(tiled ? kCorrelateTiled : program).use();
    if (tiled)
        glDispatchCompute(static_cast<GLuint>((plan.out_width + kGpuTile - 1) / kGpuTile),
                          static_cast<GLuint>((plan.out_height + kGpuTile - 1) / kGpuTile),
                          static_cast<GLuint>(plan.out_channels));
    else if (program == kGlobalPool)
        dispatchGroups(plan.channels);
    else
        dispatchLinear(static_cast<long long>(out_count));
    storageBarrier();
    return readOutput(plan, op, out_count, clock);
}

Tensor GlEngine::runLayer(const OpRequest& r, const OpPlan& plan) {
    const LayerGeometry g = layerGeometry(r);
    const OpKind op = r.params.op;
    const GpuOpBlock block = layerBlock(r, g);
    const std::size_t out_count = plan.outputCount();
    checkFits(r.input.size() * sizeof(float), "the input");
    checkFits(out_count * sizeof(float), "the output");
    while (glGetError() != GL_NO_ERROR) {
    }
    Stopwatch clock;
    upload(input_, r.input.data(), r.input.size() * sizeof(float), 0);
    // Every binding gets a buffer of at least one float, so no shader reads an unbound one.
    const float zero = 0.f;
    std::vector<float> weight = r.weight.values(), bias = r.bias, mean = r.running_mean, var = r.running_var;
    if (op == OpKind::BatchNorm2d) {
        weight = orDefault(weight, g.channels, 1.f);
        bias = orDefault(bias, g.channels, 0.f);
        mean = orDefault(mean, g.channels, 0.f);
        var = orDefault(var, g.channels, 1.f);
    } else if (op == OpKind::Linear) {
        bias = orDefault(bias, g.out_features, 0.f);
    }
    checkFits(weight.size() * sizeof(float), "the weight");
    auto put = [&](GlBuffer& buffer, const std::vector<float>& v, unsigned binding) {
        if (v.empty()) upload(buffer, &zero, sizeof zero, binding);
        else upload(buffer, v.data(), v.size() * sizeof(float), binding);
    };
    put(kernel_, weight, 1);
    put(bias_, bias, 2);
    put(rows_, mean, 3);
    put(cols_, var, 4);
    upload(output_, nullptr, out_count * sizeof(float), 5);
    const int groups = op == OpKind::Softmax || op == OpKind::BatchNorm2d ? block.channels : 0;
    upload(stats_, nullptr, static_cast<std::size_t>(std::max(groups, 1)) * 2 * sizeof(double), kGpuLayerStatsBinding);
    if (!ensureBufferSize(params_, sizeof(block))) throw OpError("the GPU could not allocate a uniform buffer.");
    params_.upload(0, sizeof(block), &block);
    params_.bindUniform(kGpuOpBlockBinding);
    finishGl();
    timings_.upload_ms = clock.lap();

    last_variant_ = KernelVariant::PerOutput;
    if (groups > 0) {
        programs_.get(kLayerStats).use();
        dispatchGroups(groups);
        storageBarrier();
    }
    programs_.get(kLayerApply).use();
    dispatchLinear(static_cast<long long>(out_count));
    storageBarrier();
    return readOutput(plan, op, out_count, clock);
}

std::vector<std::string> GlEngine::describePaths() const {
    const std::string correlation =
        variant_ == KernelVariant::Tiled
            ? "tiled (16 x 16 outputs per group, patch + apron in shared memory; per-output when the patch exceeds " +
                  std::to_string(kGpuPatchCapacity * 4 / 1024) + " KiB)"
            : "per-output (one invocation per output, straight from global memory)";
    std::vector<std::string> lines = {
        "xcorr2d, conv2d, conv_transpose2d: correlate2d.comp, " + correlation +
            ", double accumulation (conv_transpose2d over its zero-inserted grid)",
        "maxpool2d, avgpool2d, lppool2d: pool2d.comp, per-output, double accumulation",
        "globalavgpool, globalmaxpool: global_pool.comp, one work group per channel",
        "autocorr2d: autocorr2d.comp, per-output, double accumulation",
        "conv1d, xcorr1d, autocorr1d: signal1d.comp, per-output, double accumulation",
        "relu, softmax, flatten, batchnorm2d, linear: layers.comp, statistics per group (softmax slice, batch-norm "
        "channel) then per-output, double accumulation",
    };
    for (const std::string& line : image_filter_->describePaths()) lines.push_back(line);
    return lines;
}

ImageFilterEngine* GlEngine::imageFilterEngine() { return image_filter_.get(); }

}  // namespace cs
