#pragma once
// GlLabResident: core/lab_resident.h's resident GPU path of the image lab on
// compute shaders. The image goes to the GPU once per image and channel view
// (GlImageFilter::setImage); each dispatch then runs the filter passes
// (GlImageFilter::filterResident: planes and range stay on the GPU), and
// lab_colour_map.comp, which writes an RGBA8 texture with mipmaps and counts
// the histogram with atomics. A fence follows; poll() checks it without
// waiting (glClientWaitSync with timeout 0) and, once signalled, reads back
// the range (8 bytes) and the bins (4 bytes each), never the image. Two
// textures take turns, so the one on show is never half written.
//
// Shaders are built at the first dispatch, not at construction (start-up).
// Use it on the thread whose GL 4.3 context is current; destroy it so too.
//
//   GlLabResident gpu;                      // cheap: nothing built yet
//   gpu.setImage(selected, key);            // upload (once per key)
//   gpu.dispatch(params, LabDisplay::Clamp, 0, 64);
//   later frames: if (gpu.poll(r)) ...      // gpu.texture() is the new picture
#include <array>
#include <memory>
#include <string>

#include "core/lab_resident.h"
#include "gpu/gl_image_filter.h"
#include "gpu/gl_objects.h"

namespace cs {

class GlLabResident final : public LabResidentFilter {
public:
    GlLabResident();
    ~GlLabResident() override;
    GlLabResident(const GlLabResident&) = delete;
    GlLabResident& operator=(const GlLabResident&) = delete;

    bool setImage(const Image& selected, std::uint64_t key) override;
    std::uint64_t uploads() const override;
    void dispatch(const ImageFilterParams& params, LabDisplay display, int plane, int bins) override;
    void remap(LabDisplay display, int plane, int bins) override;
    bool pending() const override { return fence_ != nullptr; }
    bool poll(LabResidentResult& out) override;
    void finish() override;
    std::uintptr_t texture() const override;
    Tensor readPlanes() override;
    Image readTexture() override;

private:
    struct Texture {
        detail::GlHandle<detail::TextureDeleter> handle;
        int width = 0, height = 0;
    };
    void build();  // the filter and the colour-map program, at first use (std::runtime_error)
    void colourMap(LabDisplay display, int plane, int bins);
    void take(LabResidentResult& out);

    std::unique_ptr<GlImageFilter> filter_;
    GlProgram colour_map_;
    GlBuffer bins_;
    std::array<Texture, 2> textures_;
    int shown_ = -1, drawing_ = 0;        // texture on show (-1: none); the one being written
    void* fence_ = nullptr;               // GLsync of the pending work
    bool have_planes_ = false;            // a dispatch has filled the planes
    bool separable_ = false;
    int bins_count_ = 0;
    std::uint64_t key_ = 0;
    bool has_key_ = false;
    double dispatched_at_ = 0.0;
};

}  // namespace cs
