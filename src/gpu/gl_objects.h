#pragma once
// Move-only owners of OpenGL objects: GlProgram, GlBuffer, GlTexture. Copying
// is deleted, moving leaves the source empty, id 0 means "no object"
// (isValid() false), the destructor deletes the object. They must be destroyed
// while their context is current (the engines that own them ensure that).
// The header needs no GL headers, so code above src/gpu can hold the objects
// (a texture id reaches ImGui as ImTextureID) without calling GL itself.
// Example:
//   GlBuffer b = GlBuffer::create(1024);   // 1 KiB SSBO, contents undefined
//   b.upload(0, 16, data);                 // first 16 bytes
//   GlBuffer c = std::move(b);             // b.isValid() == false now
#include <cstddef>
#include <utility>

namespace cs {

namespace detail {
// Deleters, defined in gl_objects.cpp (glDeleteProgram / Buffers / Textures).
struct ProgramDeleter { static void destroy(unsigned id); };
struct BufferDeleter { static void destroy(unsigned id); };
struct TextureDeleter { static void destroy(unsigned id); };

template <class Deleter>
class GlHandle {
public:
    GlHandle() = default;
    explicit GlHandle(unsigned id) : id_(id) {}
    ~GlHandle() { reset(); }
    GlHandle(const GlHandle&) = delete;
    GlHandle& operator=(const GlHandle&) = delete;
    GlHandle(GlHandle&& other) noexcept : id_(std::exchange(other.id_, 0u)) {}
    GlHandle& operator=(GlHandle&& other) noexcept {
        if (this != &other) {
            reset();
            id_ = std::exchange(other.id_, 0u);
        }
        return *this;
    }
    bool isValid() const { return id_ != 0; }
    unsigned id() const { return id_; }
    void reset() {
        if (id_ != 0) Deleter::destroy(id_);
        id_ = 0;
    }

private:
    unsigned id_ = 0;
};
}  // namespace detail

// A linked program (here always a compute program). Built by
// buildComputeProgram (gpu/shader_library.h); an invalid one stands for a
// failed build whose log the builder returned.
class GlProgram {
public:
    GlProgram() = default;
    explicit GlProgram(unsigned id) : handle_(id) {}
    bool isValid() const { return handle_.isValid(); }
    unsigned id() const { return handle_.id(); }
    void use() const;  // glUseProgram

private:
    detail::GlHandle<detail::ProgramDeleter> handle_;
};

// A buffer object used as shader storage or uniform buffer.
class GlBuffer {
public:
    GlBuffer() = default;
    // `bytes` of storage (at least 16 are allocated), filled from `data` when
    // given. Returns an invalid buffer if GL could not allocate it.
    static GlBuffer create(std::size_t bytes, const void* data = nullptr);
    bool isValid() const { return handle_.isValid(); }
    unsigned id() const { return handle_.id(); }
    std::size_t size() const { return size_; }
    void upload(std::size_t offset, std::size_t bytes, const void* data);
    void download(std::size_t offset, std::size_t bytes, void* out) const;
    void bindStorage(unsigned binding) const;  // GL_SHADER_STORAGE_BUFFER
    void bindUniform(unsigned binding) const;  // GL_UNIFORM_BUFFER

private:
    detail::GlHandle<detail::BufferDeleter> handle_;
    std::size_t size_ = 0;
};

// An immutable RGBA8 2-D texture (one level), for display and imageStore.
class GlTexture {
public:
    GlTexture() = default;
    static GlTexture createRgba8(int width, int height);
    bool isValid() const { return handle_.isValid(); }
    unsigned id() const { return handle_.id(); }
    int width() const { return width_; }
    int height() const { return height_; }
    // The texels, row 0 first, 4 bytes per pixel.
    void download(unsigned char* out) const;

private:
    detail::GlHandle<detail::TextureDeleter> handle_;
    int width_ = 0, height_ = 0;
};

// Makes sure a buffer holds at least `bytes`, reallocating (contents lost)
// when it is smaller. Returns false when GL could not allocate.
bool ensureBufferSize(GlBuffer& buffer, std::size_t bytes);

}  // namespace cs
