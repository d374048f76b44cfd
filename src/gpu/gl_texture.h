#pragma once
// GlImageTexture: a move-only RGBA8 2-D texture for display, with mipmaps (the
// image lab's views shrink large photos a lot) and nearest magnification
// (crisp pixels when zoomed in). Same ownership rules as gl_objects.h: copy
// deleted, moving leaves the source invalid, id 0 is "no texture"
// (isValid() false), the destructor deletes it, so it must be destroyed with
// its context current. It is filled from an Image (RGBA8, on the CPU) or from
// a GPU buffer holding RGBA8 texels (no round trip through the CPU). The GL
// state it touches (texture binding, unpack alignment, row length, unpack
// buffer) is restored after every call. No GL header is needed to hold one.
//
//   GlImageTexture tex;                  // invalid until filled
//   tex.upload(rgba_image);              // allocates, or updates in place when the size is the same
//   ImTextureID id = (ImTextureID)tex.handle();
#include <cstdint>

#include "core/image.h"
#include "gpu/gl_objects.h"

namespace cs {

class GlImageTexture {
public:
    GlImageTexture() = default;
    bool isValid() const { return handle_.isValid(); }
    unsigned id() const { return handle_.id(); }
    // The id as an integer wide enough for a pointer (ImTextureID).
    std::uintptr_t handle() const { return static_cast<std::uintptr_t>(handle_.id()); }
    int width() const { return width_; }
    int height() const { return height_; }

    // `rgba`: channels 4, consistent; anything else (or an empty image)
    // releases the texture and returns false.
    bool upload(const Image& rgba);
    // `texels`: at least width * height * 4 bytes, row 0 first. False (texture
    // released) when the sizes are not positive or the buffer is too small.
    bool upload(const GlBuffer& texels, int width, int height);
    // The level-0 texels, row 0 first, 4 bytes per pixel (tests, screenshots).
    void download(unsigned char* out) const;
    void reset();

private:
    // Allocates (size changed) or binds for a sub-image update; returns false
    // when GL refused.
    bool prepare(int width, int height);
    void finish();

    detail::GlHandle<detail::TextureDeleter> handle_;
    int width_ = 0, height_ = 0;
};

}  // namespace cs
