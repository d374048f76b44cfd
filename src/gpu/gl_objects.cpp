#include "gpu/gl_objects.h"

#include <epoxy/gl.h>

#include <algorithm>
#include <type_traits>

namespace cs {

static_assert(std::is_same_v<GLuint, unsigned>, "GL names are held as unsigned");

namespace detail {
void ProgramDeleter::destroy(unsigned id) { glDeleteProgram(id); }
void BufferDeleter::destroy(unsigned id) { glDeleteBuffers(1, &id); }
void TextureDeleter::destroy(unsigned id) { glDeleteTextures(1, &id); }
}  // namespace detail

void GlProgram::use() const { glUseProgram(id()); }

// GL 4.3 has no direct state access, so uploads go through the
// GL_COPY_WRITE_BUFFER / GL_COPY_READ_BUFFER targets, which nothing else here
// (nor ImGui) relies on; texture creation restores the previous binding.
GlBuffer GlBuffer::create(std::size_t bytes, const void* data) {
    GlBuffer b;
    const std::size_t size = std::max<std::size_t>(bytes, 16);
    GLuint id = 0;
    glGenBuffers(1, &id);
    if (id == 0) return b;
    b.handle_ = detail::GlHandle<detail::BufferDeleter>(id);
    while (glGetError() != GL_NO_ERROR) {
    }
    glBindBuffer(GL_COPY_WRITE_BUFFER, id);
    glBufferData(GL_COPY_WRITE_BUFFER, static_cast<GLsizeiptr>(size), nullptr, GL_DYNAMIC_DRAW);
    const bool ok = glGetError() == GL_NO_ERROR;
    if (ok && data != nullptr && bytes > 0)
        glBufferSubData(GL_COPY_WRITE_BUFFER, 0, static_cast<GLsizeiptr>(bytes), data);
    glBindBuffer(GL_COPY_WRITE_BUFFER, 0);
    if (!ok) return GlBuffer();
    b.size_ = size;
    return b;
}

void GlBuffer::upload(std::size_t offset, std::size_t bytes, const void* data) {
    if (bytes == 0) return;
    glBindBuffer(GL_COPY_WRITE_BUFFER, id());
    glBufferSubData(GL_COPY_WRITE_BUFFER, static_cast<GLintptr>(offset), static_cast<GLsizeiptr>(bytes), data);
    glBindBuffer(GL_COPY_WRITE_BUFFER, 0);
}

void GlBuffer::download(std::size_t offset, std::size_t bytes, void* out) const {
    if (bytes == 0) return;
    glBindBuffer(GL_COPY_READ_BUFFER, id());
    glGetBufferSubData(GL_COPY_READ_BUFFER, static_cast<GLintptr>(offset), static_cast<GLsizeiptr>(bytes), out);
    glBindBuffer(GL_COPY_READ_BUFFER, 0);
}

void GlBuffer::bindStorage(unsigned binding) const { glBindBufferBase(GL_SHADER_STORAGE_BUFFER, binding, id()); }
void GlBuffer::bindUniform(unsigned binding) const { glBindBufferBase(GL_UNIFORM_BUFFER, binding, id()); }

namespace {
// Binds `id` to GL_TEXTURE_2D for the scope, then puts the previous one back.
class TextureBindingScope {
public:
    explicit TextureBindingScope(GLuint id) {
        glGetIntegerv(GL_TEXTURE_BINDING_2D, &previous_);
        glBindTexture(GL_TEXTURE_2D, id);
    }
    ~TextureBindingScope() { glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(previous_)); }
    TextureBindingScope(const TextureBindingScope&) = delete;
    TextureBindingScope& operator=(const TextureBindingScope&) = delete;

private:
    GLint previous_ = 0;
};
}  // namespace

GlTexture GlTexture::createRgba8(int width, int height) {
    GlTexture t;
    GLuint id = 0;
    glGenTextures(1, &id);
    if (id == 0) return t;
    t.handle_ = detail::GlHandle<detail::TextureDeleter>(id);
    TextureBindingScope scope(id);
    while (glGetError() != GL_NO_ERROR) {
    }
    glTexStorage2D(GL_TEXTURE_2D, 1, GL_RGBA8, width, height);
    if (glGetError() != GL_NO_ERROR) return GlTexture();
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    t.width_ = width;
    t.height_ = height;
    return t;
}

void GlTexture::download(unsigned char* out) const {
    TextureBindingScope scope(id());
    GLint pack = 4;
    glGetIntegerv(GL_PACK_ALIGNMENT, &pack);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glGetTexImage(GL_TEXTURE_2D, 0, GL_RGBA, GL_UNSIGNED_BYTE, out);
    glPixelStorei(GL_PACK_ALIGNMENT, pack);
}

bool ensureBufferSize(GlBuffer& buffer, std::size_t bytes) {
    if (buffer.isValid() && buffer.size() >= bytes) return true;
    // Grow with headroom so a slider dragging sizes up does not reallocate each frame.
    buffer = GlBuffer::create(bytes + bytes / 4);
    return buffer.isValid();
}

}  // namespace cs
