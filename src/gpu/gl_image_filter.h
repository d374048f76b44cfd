#pragma once
// GlImageFilter: the image path of core/image_filter.h on compute shaders,
// for the `filter` command (through ImageFilterEngine) and the image lab (live
// filtering into a texture). Same definition and outputs as filterImageCpu:
// float planes within 1e-4 relative (sums in double on both), 8-bit bytes
// within 1 (the float rounding of a sum can move a value across a .5 tie).
//
// Passes: image_unpack (bytes -> padded float planes), then image_filter
// (general kernel; per-output or tiled) or image_separable twice (rank-1
// kernels, columns then rows), image_minmax (the range for MinMax), and
// image_pack (normalise -> bytes in the input's layout, or an RGBA8 texture).
//
// Like GlEngine it uses the context current on the calling thread.
// Example (live):
//   filter.setImage(image);                        // upload once
//   const GlTexture& tex = filter.filterToTexture(params);  // every change
//   ImGui::Image((ImTextureID)(intptr_t)tex.id(), ...);
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/image_filter.h"
#include "gpu/gl_dispatch.h"
#include "gpu/gl_info.h"
#include "gpu/gl_objects.h"
#include "gpu/shader_library.h"

namespace cs {

class GlImageFilter final : public ImageFilterEngine {
public:
    // nullptr (and why) without a current OpenGL 4.3 context or when a shader
    // fails to build.
    static std::unique_ptr<GlImageFilter> create(std::string& why, bool build_on_use = false);
    std::size_t programsBuilt() const { return programs_.built(); }
    ~GlImageFilter() override;
    GlImageFilter(const GlImageFilter&) = delete;
    GlImageFilter& operator=(const GlImageFilter&) = delete;

    std::string name() const override { return "gpu"; }
    // Validates (OpError), uploads `image`, filters, reads planes and bytes back.
    ImageFilterResult filter(const Image& image, const ImageFilterParams& params) override;

    // Live filtering: upload once, filter many times without reading back.
    void setImage(const Image& image);  // validates the image (OpError)
    bool hasImage() const { return width_ > 0; }
    // The filtered image as an RGBA8 texture of the output size (gray spread to
    // r, g, b; alpha 255 when the image has none). Valid until the next call.
    const GlTexture& filterToTexture(const ImageFilterParams& params);
    // Resident filtering (gpu/gl_lab_resident.h): filters the uploaded image
    // into planesBuffer() and its range into rangeBuffer() (order-preserving
    // keys, common.glsl floatKey), without packing, reading back or waiting.
    void filterResident(const ImageFilterParams& params);
    const GlBuffer& planesBuffer() const { return out_planes_; }  // [C, out_h, out_w] floats
    const GlBuffer& rangeBuffer() const { return range_; }        // min key, max key
    int outWidth() const { return out_width_; }
    int outHeight() const { return out_height_; }
    int outPlanes() const { return color_channels_; }
    // How many images setImage (or filter) has sent to the GPU.
    std::uint64_t uploadCount() const { return upload_count_; }

    KernelVariant variant() const { return variant_; }
    void setVariant(KernelVariant v) { variant_ = v; }
    KernelVariant lastVariant() const { return last_variant_; }
    bool lastWasSeparable() const { return last_separable_; }
    // upload_ms: setImage; compute_ms: every pass; readback_ms: planes + bytes.
    const GpuTimings& lastTimings() const { return timings_; }

    // Profiling: glFinish after every pass and record its wall-clock time
    // (slows the run a little; off by default).
    void setProfilePasses(bool on) { profile_passes_ = on; }
    const std::vector<std::pair<std::string, double>>& lastPassTimes() const { return pass_times_; }

    bool reloadShaders(std::string& why);
    std::vector<std::string> describePaths() const;

private:
    GlImageFilter() = default;
    bool buildAll(std::string& why, bool build_on_use = false);
    // Runs every pass on the uploaded image; `pack` selects the last one (or
    // none: the planes and range stay on the GPU, and nothing waits for them).
    enum class Pack { Bytes, Texture, None };
    void runPasses(const ImageFilterParams& params, Pack pack);
    // The passes of runPasses (gl_image_filter.cpp), sharing one PassPlan.
    struct PassPlan;
    PassPlan planPasses(const ImageFilterParams& params) const;  // sizes, block; OpError when too large
    void uploadInputs(const PassPlan& plan, PaddingMode mode);
    void setBlock(PassPlan& plan, long long elements);
    void passDone(PassPlan& plan, const char* name);  // profiling: time the pass
    void passSeparable(PassPlan& plan, const ImageFilterParams& params);
    bool passDirect(PassPlan& plan, const ImageFilterParams& params);  // true when tiled
    void passPack(PassPlan& plan, bool pack_to_texture);

    GlInfo info_;
    KernelVariant variant_ = KernelVariant::PerOutput;
    KernelVariant last_variant_ = KernelVariant::PerOutput;
    bool last_separable_ = false;
    GpuTimings timings_;
    bool profile_passes_ = false;
    std::vector<std::pair<std::string, double>> pass_times_;
    ProgramSet programs_;
    int width_ = 0, height_ = 0, channels_ = 0;
    std::uint64_t upload_count_ = 0;
    int out_width_ = 0, out_height_ = 0, color_channels_ = 0, word_count_ = 0;
    GlBuffer params_, source_, kernel_, planes_, mid_, out_planes_, range_, packed_, pad_sources_;
    GlTexture texture_;
};

}  // namespace cs
