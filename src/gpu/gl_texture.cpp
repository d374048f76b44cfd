#include "gpu/gl_texture.h"

#include <epoxy/gl.h>

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
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
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
    finish();
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
