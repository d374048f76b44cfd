#include "app/screenshot.h"

#include <epoxy/gl.h>

#include <cstring>

#include "io/image_io.h"

namespace cs {

ScreenshotTarget::ScreenshotTarget(int width, int height) : width_(width), height_(height) {
    glGenFramebuffers(1, &fbo_);
    glGenRenderbuffers(1, &color_);
    glBindRenderbuffer(GL_RENDERBUFFER, color_);
    glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, width, height);
    glBindRenderbuffer(GL_RENDERBUFFER, 0);
    GLint previous = 0;
    glGetIntegerv(GL_FRAMEBUFFER_BINDING, &previous);
    glBindFramebuffer(GL_FRAMEBUFFER, fbo_);
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, color_);
    const bool complete = glCheckFramebufferStatus(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE;
    glBindFramebuffer(GL_FRAMEBUFFER, static_cast<GLuint>(previous));
    if (!complete) {
        glDeleteFramebuffers(1, &fbo_);
        glDeleteRenderbuffers(1, &color_);
        fbo_ = color_ = 0;
    }
}

ScreenshotTarget::~ScreenshotTarget() {
    if (fbo_) glDeleteFramebuffers(1, &fbo_);
    if (color_) glDeleteRenderbuffers(1, &color_);
}

void ScreenshotTarget::bind() {
    glGetIntegerv(GL_FRAMEBUFFER_BINDING, &previous_);
    glBindFramebuffer(GL_FRAMEBUFFER, fbo_);
}

void ScreenshotTarget::unbind() { glBindFramebuffer(GL_FRAMEBUFFER, static_cast<GLuint>(previous_)); }

std::string ScreenshotTarget::read(Image& img) const {
    img.width = width_;
    img.height = height_;
    img.channels = 3;
    img.pixels.resize(img.byteCount());
    GLint read_fbo = 0;
    glGetIntegerv(GL_READ_FRAMEBUFFER_BINDING, &read_fbo);
    glBindFramebuffer(GL_READ_FRAMEBUFFER, fbo_);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glFinish();
    std::vector<std::uint8_t> rows(img.byteCount());
    glReadPixels(0, 0, width_, height_, GL_RGB, GL_UNSIGNED_BYTE, rows.data());
    glBindFramebuffer(GL_READ_FRAMEBUFFER, static_cast<GLuint>(read_fbo));
    if (glGetError() != GL_NO_ERROR) return "glReadPixels failed";
    // GL's first row is the bottom one; PNG's is the top.
    const std::size_t stride = static_cast<std::size_t>(width_) * 3;
    for (int y = 0; y < height_; ++y)
        std::memcpy(img.pixels.data() + static_cast<std::size_t>(y) * stride,
                    rows.data() + static_cast<std::size_t>(height_ - 1 - y) * stride, stride);
    return {};
}

std::string ScreenshotTarget::writePng(const std::string& path) const {
    Image img;
    if (std::string error = read(img); !error.empty()) return error;
    try {
        writePngAtomic(path, img);
    } catch (const std::exception& e) {
        return e.what();
    }
    return {};
}

}  // namespace cs
