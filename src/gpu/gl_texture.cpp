#include "gpu/gl_texture.h"

#include <epoxy/gl.h>

#include <algorithm>
#include <cstdint>
#include <vector>

namespace cs {

namespace {

// Saves and restores the state an upload changes, so a caller (ImGui's
// renderer, the filter) finds it as it was.
class UnpackStateScope {
public:
    UnpackStateScope() {
        glGetIntegerv(GL_TEXTURE_BINDING_2D, &texture_);
        glGetIntegerv(GL_UNPACK_ALIGNMENT, &alignment_);
        glGetIntegerv(GL_UNPACK_ROW_LENGTH, &row_length_);
        glGetIntegerv(GL_PIXEL_UNPACK_BUFFER_BINDING, &unpack_buffer_);
        glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
        glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
    }
    ~UnpackStateScope() {
        glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(texture_));
        glPixelStorei(GL_UNPACK_ALIGNMENT, alignment_);
        glPixelStorei(GL_UNPACK_ROW_LENGTH, row_length_);
        glBindBuffer(GL_PIXEL_UNPACK_BUFFER, static_cast<GLuint>(unpack_buffer_));
    }
    UnpackStateScope(const UnpackStateScope&) = delete;
    UnpackStateScope& operator=(const UnpackStateScope&) = delete;

private:
    GLint texture_ = 0, alignment_ = 0, row_length_ = 0, unpack_buffer_ = 0;
};

// The next mipmap level of RGBA8 `src` (w x h): GL's size rule (halved,
// rounded down, at least 1), each texel the rounded mean of the 2 x 2 block
// at twice its position (a side of 1 or an odd last column or row: the
// texels that exist).
void halve(const std::uint8_t* src, int w, int h, std::vector<std::uint8_t>& dst, int& dw, int& dh) {
    dw = std::max(1, w / 2);
    dh = std::max(1, h / 2);
    dst.resize(static_cast<std::size_t>(dw) * static_cast<std::size_t>(dh) * 4);
    const std::size_t stride = static_cast<std::size_t>(w) * 4;
    for (int y = 0; y < dh; ++y) {
        const std::uint8_t* r0 = src + static_cast<std::size_t>(std::min(2 * y, h - 1)) * stride;
        const std::uint8_t* r1 = src + static_cast<std::size_t>(std::min(2 * y + 1, h - 1)) * stride;
        std::uint8_t* out = dst.data() + static_cast<std::size_t>(y) * static_cast<std::size_t>(dw) * 4;
        for (int x = 0; x < dw; ++x) {
            const std::size_t a = static_cast<std::size_t>(std::min(2 * x, w - 1)) * 4;
            const std::size_t b = static_cast<std::size_t>(std::min(2 * x + 1, w - 1)) * 4;
            for (std::size_t c = 0; c < 4; ++c)
                out[static_cast<std::size_t>(x) * 4 + c] =
                    static_cast<std::uint8_t>((r0[a + c] + r0[b + c] + r1[a + c] + r1[b + c] + 2) / 4);
        }
    }
}

}  // namespace

void GlImageTexture::reset() {
    handle_.reset();
    width_ = height_ = 0;
}

bool GlImageTexture::prepare(int width, int height) {
    if (!handle_.isValid()) {
        GLuint id = 0;
        glGenTextures(1, &id);
        handle_ = detail::GlHandle<detail::TextureDeleter>(id);
        width_ = height_ = 0;
    }
    glBindTexture(GL_TEXTURE_2D, handle_.id());
    if (width == width_ && height == height_) return true;
    // Every mipmap level now, so that an upload only replaces texels.
    for (int level = 0, w = width, h = height;; ++level, w = std::max(1, w / 2), h = std::max(1, h / 2)) {
        glTexImage2D(GL_TEXTURE_2D, level, GL_RGBA8, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
        if (w == 1 && h == 1) break;
    }
    if (glGetError() != GL_NO_ERROR) return false;
    width_ = width;
    height_ = height;
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR_MIPMAP_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);  // crisp pixels when zoomed in
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    return true;
}

void GlImageTexture::finish() { glGenerateMipmap(GL_TEXTURE_2D); }

bool GlImageTexture::upload(const Image& rgba) {
    if (rgba.empty() || rgba.channels != 4 || !rgba.isConsistent()) {
        reset();
        return false;
    }
    UnpackStateScope scope;
    glBindBuffer(GL_PIXEL_UNPACK_BUFFER, 0);
    if (!prepare(rgba.width, rgba.height)) {
        reset();
        return false;
    }
    glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, rgba.width, rgba.height, GL_RGBA, GL_UNSIGNED_BYTE, rgba.pixels.data());
    // The mipmaps from the CPU: glGenerateMipmap on llvmpipe (a blit per
    // level) took ~25 ms for a 1080p image and ~200 ms the first time (its
    // shaders compiled), on the lab's first frame and after every edit.
    std::vector<std::uint8_t> levels[2];
    const std::uint8_t* src = rgba.pixels.data();
    for (int level = 1, w = rgba.width, h = rgba.height; w > 1 || h > 1; ++level) {
        std::vector<std::uint8_t>& dst = levels[level % 2];
        int dw = 0, dh = 0;
        halve(src, w, h, dst, dw, dh);
        glTexSubImage2D(GL_TEXTURE_2D, level, 0, 0, dw, dh, GL_RGBA, GL_UNSIGNED_BYTE, dst.data());
        src = dst.data();
        w = dw;
        h = dh;
    }
    return true;
}

bool GlImageTexture::upload(const GlBuffer& texels, int width, int height) {
    const std::size_t need = static_cast<std::size_t>(width > 0 ? width : 0) * static_cast<std::size_t>(height > 0 ? height : 0) * 4;
    if (width <= 0 || height <= 0 || !texels.isValid() || texels.size() < need) {
        reset();
        return false;
    }
    UnpackStateScope scope;
    glBindBuffer(GL_PIXEL_UNPACK_BUFFER, texels.id());
    if (!prepare(width, height)) {
        reset();
        return false;
    }
    glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);  // from the buffer
    finish();
    return true;
}

void GlImageTexture::download(unsigned char* out) const {
    if (!isValid()) return;
    GLint previous = 0, pack_alignment = 0;
    glGetIntegerv(GL_TEXTURE_BINDING_2D, &previous);
    glGetIntegerv(GL_PACK_ALIGNMENT, &pack_alignment);
    glPixelStorei(GL_PACK_ALIGNMENT, 4);
    glBindTexture(GL_TEXTURE_2D, handle_.id());
    glGetTexImage(GL_TEXTURE_2D, 0, GL_RGBA, GL_UNSIGNED_BYTE, out);
    glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(previous));
    glPixelStorei(GL_PACK_ALIGNMENT, pack_alignment);
}

}  // namespace cs
