// The image path on the GPU. Sums are in double, like GlEngine's and the CPU
// reference's: on llvmpipe that costs under 20% over float (the loads dominate),
// and it keeps large unnormalised kernels within the 1e-4 contract, where
// float sums of 8-bit pixels drift to ~1e-4 absolute. (Consumer GPUs run fp64
// at 1/32..1/64 of fp32; the separable path keeps the common blurs cheap.)
#include "gpu/gl_image_filter.h"

#include "core/padding.h"

#include <epoxy/gl.h>

#include <algorithm>
#include <cstring>
#include <optional>

#include "gpu/gpu_layouts.h"
#include "gpu/shader_library.h"

namespace cs {
namespace {

enum Program : std::size_t {
    kUnpack,
    kFilter,
    kFilterRun,
    kFilterTiled,
    kSeparable,
    kSeparableRun,
    kMinMax,
    kPackBytes,
    kPackTexture
};

std::vector<ProgramSpec> programSpecs() {
    const std::string run = "RUN " + std::to_string(kGpuRun);
    return {
        {"image_unpack.comp", {}},
        {"image_filter.comp", {"TILED 0", "RUN 1"}},
        {"image_filter.comp", {"TILED 0", run}},
        {"image_filter.comp", {"TILED 1"}},
        {"image_separable.comp", {"RUN 1"}},
        {"image_separable.comp", {run}},
        {"image_minmax.comp", {}},
        {"image_pack.comp", {"TO_TEXTURE 0"}},
        {"image_pack.comp", {"TO_TEXTURE 1"}},
    };
}

constexpr int kKernelCapacity = 961;  // image_filter.comp TILED 1: shared kernel floats

void need(GlBuffer& buffer, std::size_t bytes, unsigned binding) {
    if (!ensureBufferSize(buffer, bytes))
        throw OpError("the GPU could not allocate " + std::to_string(bytes) + " bytes for the image filter.");
    buffer.bindStorage(binding);
}

}  // namespace

std::unique_ptr<GlImageFilter> GlImageFilter::create(std::string& why, bool build_on_use) {
    std::unique_ptr<GlImageFilter> f(new GlImageFilter());
    if (!queryGlInfo(f->info_, why)) return nullptr;
    if (!f->info_.atLeast(4, 3)) {
        why = "OpenGL " + std::to_string(f->info_.major) + "." + std::to_string(f->info_.minor) + " (" +
              f->info_.renderer + ") is too old: compute shaders need OpenGL 4.3";
        return nullptr;
    }
    f->variant_ = f->info_.preferredVariant();
    if (!f->buildAll(why, build_on_use)) return nullptr;
    return f;
}

GlImageFilter::~GlImageFilter() = default;

bool GlImageFilter::buildAll(std::string& why, bool build_on_use) {
    std::optional<ShaderLibrary> library = ShaderLibrary::fromEnvironment(why);
    if (!library) return false;
    if (!build_on_use) return programs_.buildAll(*library, programSpecs(), why);
    programs_.buildOnUse(std::move(*library), programSpecs());
    return true;
}

bool GlImageFilter::reloadShaders(std::string& why) { return buildAll(why); }

void GlImageFilter::setImage(const Image& image) {
    ImageFilterParams identity;
    validateImageFilter(image, identity);
    Stopwatch clock;
    const std::size_t bytes = image.byteCount();
    need(source_, (bytes + 3) / 4 * 4, 0);
    source_.upload(0, bytes, image.pixels.data());
    width_ = image.width;
    height_ = image.height;
    channels_ = image.channels;
    ++upload_count_;
    finishGl();
    timings_.upload_ms = clock.lap();
}

// One run's parameter block, sizes and kernel factorisation, shared by the passes.
struct GlImageFilter::PassPlan {
    GpuImageBlock b;
    Pair out;
    Tensor kernel;
    int kh = 1, kw = 1;
    std::optional<SeparableKernel> sk;
    long long plane_count = 0, out_count = 0, mid_count = 0;
    Stopwatch pass_clock;
};

GlImageFilter::PassPlan GlImageFilter::planPasses(const ImageFilterParams& p) const {
    Image shape_only;
    shape_only.width = width_;
    shape_only.height = height_;
    shape_only.channels = channels_;
    PassPlan plan;
    plan.out = imageFilterOutputSize(shape_only, p);
    plan.kernel = effectiveImageKernel(p);
    const int kh = plan.kh = plan.kernel.dim(0), kw = plan.kw = plan.kernel.dim(1);
    if (p.separable == SeparableMode::Auto && kh > 1 && kw > 1) plan.sk = separateKernel(plan.kernel);
    const Pair out = plan.out;
    GpuImageBlock& b = plan.b;
    b.width = width_;
    b.height = height_;
    b.channels = channels_;
    b.color_channels = channels_ == 2 || channels_ == 4 ? channels_ - 1 : channels_;
    b.out_width = out.w;
    b.out_height = out.h;
    b.kernel_h = kh;
    b.kernel_w = kw;
    b.stride_h = p.stride.h;
    b.stride_w = p.stride.w;
    b.dilation_h = p.dilation.h;
    b.dilation_w = p.dilation.w;
    b.pad_top = (kh - 1) / 2 * p.dilation.h;
    b.pad_left = (kw - 1) / 2 * p.dilation.w;
    b.padded_h = (out.h - 1) * p.stride.h + (kh - 1) * p.dilation.h + 1;
    b.padded_w = (out.w - 1) * p.stride.w + (kw - 1) * p.dilation.w + 1;
    b.padding_mode = static_cast<int>(p.padding_mode);
    b.normalization = static_cast<int>(p.normalization);
    b.alpha_channel = channels_ == 2 || channels_ == 4 ? channels_ - 1 : -1;
    b.word_count = static_cast<int>((static_cast<long long>(out.w) * out.h * channels_ + 3) / 4);
    plan.plane_count = static_cast<long long>(b.color_channels) * b.padded_h * b.padded_w;
    plan.out_count = static_cast<long long>(b.color_channels) * out.h * out.w;
    plan.mid_count = static_cast<long long>(b.color_channels) * out.h * b.padded_w;

    // The padded planes grow with the dilated kernel's span; refuse what the
    // driver cannot hold in one storage buffer rather than fail inside GL.
    for (const long long bytes : {plan.plane_count * 4, plan.out_count * 4, plan.sk ? plan.mid_count * 8 : 0LL}) {
        if (info_.max_storage_block > 0 && bytes + 64 * (b.padded_w + 1) > info_.max_storage_block)
            throw OpError("this image and kernel need " + std::to_string(bytes >> 20) + " MiB of padded planes on the GPU, "
                          "over this driver's " + std::to_string(info_.max_storage_block >> 20) +
                          " MiB per buffer; use a smaller dilation or the CPU engine.");
    }
    return plan;
}

void GlImageFilter::passDone(PassPlan& plan, const char* name) {
    if (!profile_passes_) return;
    finishGl();
    pass_times_.emplace_back(name, plan.pass_clock.lap());
}

void GlImageFilter::setBlock(PassPlan& plan, long long elements) {
    plan.b.element_count = static_cast<int>(elements);
    params_.upload(0, sizeof(plan.b), &plan.b);
}

// The kernel (or its two factors), the working buffers, the range seed, the block.
void GlImageFilter::uploadInputs(const PassPlan& plan, PaddingMode mode) {
    source_.bindStorage(0);
    if (plan.sk) {
        std::vector<float> taps = plan.sk->column;
        taps.insert(taps.end(), plan.sk->row.begin(), plan.sk->row.end());
        need(kernel_, taps.size() * sizeof(float), 1);
        kernel_.upload(0, taps.size() * sizeof(float), taps.data());
    } else {
        need(kernel_, plan.kernel.size() * sizeof(float), 1);
        kernel_.upload(0, plan.kernel.size() * sizeof(float), plan.kernel.data());
    }
    // RUN shaders read up to kGpuRun rows / values past the end of what they use.
    need(planes_, static_cast<std::size_t>(plan.plane_count + (kGpuRun + 1) * (plan.b.padded_w + 1)) * sizeof(float), 2);
    need(out_planes_, static_cast<std::size_t>(plan.out_count) * sizeof(float), 3);
    // Where each padded row and column reads from (core/padding.h's table, so a
    // padding mode is defined once, on the CPU): padded_h row sources, then
    // padded_w column sources.
    std::vector<int> sources;
    sources.reserve(static_cast<std::size_t>(plan.b.padded_h + plan.b.padded_w));
    for (int py = 0; py < plan.b.padded_h; ++py) sources.push_back(paddedSource(py - plan.b.pad_top, plan.b.height, mode));
    for (int px = 0; px < plan.b.padded_w; ++px) sources.push_back(paddedSource(px - plan.b.pad_left, plan.b.width, mode));
    need(pad_sources_, sources.size() * sizeof(int), 7);
    pad_sources_.upload(0, sources.size() * sizeof(int), sources.data());
    const unsigned initial_range[2] = {0xffffffffu, 0u};
    need(range_, sizeof(initial_range), 4);
    range_.upload(0, sizeof(initial_range), initial_range);
    if (!ensureBufferSize(params_, sizeof(plan.b))) throw OpError("the GPU could not allocate a uniform buffer.");
    params_.bindUniform(kGpuImageBlockBinding);
}

// Rank-1 kernels: columns with u into mid_, then rows with v.
void GlImageFilter::passSeparable(PassPlan& plan, const ImageFilterParams& p) {
    GpuImageBlock& b = plan.b;
    const Pair out = plan.out;
    need(mid_, static_cast<std::size_t>(plan.mid_count + kGpuRun + 1) * sizeof(double), 6);
    const bool run_down = p.stride.h == 1 && p.dilation.h == 1;
    const bool run_along = p.stride.w == 1 && p.dilation.w == 1;
    b.pass_axis = 0;
    b.tap_offset = 0;
    b.taps = plan.kh;
    setBlock(plan, plan.mid_count);
    programs_.get(run_down ? kSeparableRun : kSeparable).use();
    dispatchGrid(b.padded_w, run_down ? (out.h + kGpuRun - 1) / kGpuRun : out.h, b.color_channels);
    storageBarrier();
    passDone(plan, "separable columns");
    b.pass_axis = 1;
    b.tap_offset = plan.kh;
    b.taps = plan.kw;
    setBlock(plan, plan.out_count);
    programs_.get(run_along ? kSeparableRun : kSeparable).use();
    dispatchGrid(run_along ? (out.w + kGpuRun - 1) / kGpuRun : out.w, out.h, b.color_channels);
    storageBarrier();
    passDone(plan, "separable rows");
}

// The general kernel: tiled (shared memory) when the patch fits, else per output.
bool GlImageFilter::passDirect(PassPlan& plan, const ImageFilterParams& p) {
    const Pair out = plan.out;
    const int kh = plan.kh, kw = plan.kw;
    bool tiled = false;
    if (variant_ == KernelVariant::Tiled) {
        const long long patch_h = static_cast<long long>(kGpuTile - 1) * p.stride.h + (kh - 1) * p.dilation.h + 1;
        const long long patch_w = static_cast<long long>(kGpuTile - 1) * p.stride.w + (kw - 1) * p.dilation.w + 1;
        const long long gx = (out.w + kGpuTile - 1) / kGpuTile, gy = (out.h + kGpuTile - 1) / kGpuTile;
        tiled = patch_h * patch_w <= kGpuPatchCapacity && kh * kw <= kKernelCapacity &&
                gx <= info_.max_work_group_count[0] && gy <= info_.max_work_group_count[1];
    }
    const bool run = !tiled && p.stride.w == 1 && p.dilation.w == 1;
    setBlock(plan, plan.out_count);
    programs_.get(tiled ? kFilterTiled : run ? kFilterRun : kFilter).use();
    if (tiled)
        glDispatchCompute(static_cast<GLuint>((out.w + kGpuTile - 1) / kGpuTile),
                          static_cast<GLuint>((out.h + kGpuTile - 1) / kGpuTile),
                          static_cast<GLuint>(plan.b.color_channels));
    else
        dispatchGrid(run ? (out.w + kGpuRun - 1) / kGpuRun : out.w, out.h, plan.b.color_channels);
    storageBarrier();
    passDone(plan, tiled ? "filter (tiled)" : "filter (per-output)");
    return tiled;
}

// Normalise and pack: into the RGBA8 texture, or into bytes in the input's layout.
void GlImageFilter::passPack(PassPlan& plan, bool pack_to_texture) {
    const Pair out = plan.out;
    if (pack_to_texture) {
        if (!texture_.isValid() || texture_.width() != out.w || texture_.height() != out.h)
            texture_ = GlTexture::createRgba8(out.w, out.h);
        if (!texture_.isValid()) throw OpError("the GPU could not allocate the output texture.");
        glBindImageTexture(0, texture_.id(), 0, GL_FALSE, 0, GL_WRITE_ONLY, GL_RGBA8);
        setBlock(plan, static_cast<long long>(out.w) * out.h);
        programs_.get(kPackTexture).use();
        dispatchGrid(out.w, out.h, 1);
    } else {
        need(packed_, static_cast<std::size_t>(plan.b.word_count) * 4, 5);
        setBlock(plan, plan.b.word_count);
        programs_.get(kPackBytes).use();
        if (channels_ == 4)
            dispatchGrid(out.w, out.h, 1);  // a word per pixel
        else
            dispatchLinear(plan.b.word_count);
    }
    storageBarrier();
    passDone(plan, pack_to_texture ? "pack (texture)" : "pack (bytes)");
}

void GlImageFilter::runPasses(const ImageFilterParams& p, Pack pack) {
    if (!hasImage()) throw OpError("no image to filter: call setImage first.");
    PassPlan plan = planPasses(p);
    last_separable_ = plan.sk.has_value();
    out_width_ = plan.out.w;
    out_height_ = plan.out.h;
    color_channels_ = plan.b.color_channels;
    word_count_ = plan.b.word_count;
    while (glGetError() != GL_NO_ERROR) {
    }
    Stopwatch clock;
    pass_times_.clear();
    plan.pass_clock = Stopwatch();
    uploadInputs(plan, p.padding_mode);

    // 1. bytes -> padded planes
    setBlock(plan, plan.plane_count);
    programs_.get(kUnpack).use();
    dispatchGrid((plan.b.padded_w + kGpuUnpackRun - 1) / kGpuUnpackRun, plan.b.padded_h, 1);
    storageBarrier();
    passDone(plan, "unpack");

    // 2. the filter
    const bool tiled = plan.sk ? (passSeparable(plan, p), false) : passDirect(plan, p);
    last_variant_ = tiled ? KernelVariant::Tiled : KernelVariant::PerOutput;

    // 3. the range (MinMax needs it; the result reports it always)
    setBlock(plan, plan.out_count);
    programs_.get(kMinMax).use();
    // Enough invocations to fill any GPU, each scanning at least 16 values.
    glDispatchCompute(static_cast<GLuint>(std::clamp<long long>(plan.out_count / (16 * kGpuLinearGroupSize), 1, 1024)), 1, 1);
    storageBarrier();
    passDone(plan, "min-max");

    // 4. normalise and pack
    if (pack != Pack::None) passPack(plan, pack == Pack::Texture);
    glUseProgram(0);
    if (pack != Pack::None) finishGl();
    timings_.compute_ms = clock.lap();  // Pack::None: the time to queue the passes
    const GLenum error = glGetError();
    if (error != GL_NO_ERROR)
        throw OpError("the GPU reported OpenGL error " + std::to_string(error) + " while filtering the image.");
}

ImageFilterResult GlImageFilter::filter(const Image& image, const ImageFilterParams& p) {
    validateImageFilter(image, p);
    setImage(image);
    runPasses(p, Pack::Bytes);
    Stopwatch clock;
    ImageFilterResult result;
    result.separable = last_separable_;
    result.image.width = out_width_;
    result.image.height = out_height_;
    result.image.channels = channels_;
    result.image.pixels.resize(result.image.byteCount());
    std::vector<std::uint8_t> words(static_cast<std::size_t>(word_count_) * 4);
    packed_.download(0, words.size(), words.data());
    std::copy(words.begin(), words.begin() + static_cast<std::ptrdiff_t>(result.image.pixels.size()),
              result.image.pixels.begin());
    unsigned keys[2] = {0, 0};
    range_.download(0, sizeof(keys), keys);
    auto keyFloat = [](unsigned k) {
        const unsigned bits = (k & 0x80000000u) != 0 ? (k & 0x7fffffffu) : ~k;
        float f;
        std::memcpy(&f, &bits, sizeof(f));
        return f;
    };
    if (keys[0] != 0xffffffffu) {
        result.lo = keyFloat(keys[0]);
        result.hi = keyFloat(keys[1]);
    }
    if (p.want_planes) {
        result.planes = Tensor({color_channels_, out_height_, out_width_});
        out_planes_.download(0, result.planes.size() * sizeof(float), result.planes.data());
    }
    timings_.readback_ms = clock.lap();
    return result;
}

const GlTexture& GlImageFilter::filterToTexture(const ImageFilterParams& p) {
    validateImageFilterParams(p);
    runPasses(p, Pack::Texture);
    timings_.readback_ms = 0.0;
    return texture_;
}

void GlImageFilter::filterResident(const ImageFilterParams& p) {
    validateImageFilterParams(p);
    runPasses(p, Pack::None);
    timings_.readback_ms = 0.0;
}

std::vector<std::string> GlImageFilter::describePaths() const {
    return {
        "image filter, general kernel: image_filter.comp, " +
            std::string(variant_ == KernelVariant::Tiled
                            ? "tiled (16 x 16 outputs per group, patch + apron in shared memory)"
                            : "per-output from global memory (8 outputs of a row per invocation when stride and "
                              "dilation along x are 1)") +
            ", double accumulation",
        "image filter, rank-1 kernel: image_separable.comp twice (columns, rows), 8 outputs per invocation, double "
        "accumulation",
    };
}

}  // namespace cs
