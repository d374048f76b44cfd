#include "gpu/gl_lab_resident.h"

#include <epoxy/gl.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <vector>

#include "gpu/gl_dispatch.h"
#include "gpu/shader_library.h"

namespace cs {
namespace {

constexpr unsigned kBinsBinding = 8;  // lab_colour_map.comp
constexpr int kMaxBins = 256;         // its shared bins
constexpr int kGroupSide = 16;        // its work group

double nowMs() {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

float keyFloat(unsigned k) {
    const unsigned bits = (k & 0x80000000u) != 0 ? (k & 0x7fffffffu) : ~k;
    float f;
    std::memcpy(&f, &bits, sizeof(f));
    return f;
}

int mipLevels(int w, int h) {
    int levels = 1;
    for (int s = std::max(w, h); s > 1; s /= 2) ++levels;
    return levels;
}

}  // namespace

GlLabResident::GlLabResident() = default;

GlLabResident::~GlLabResident() {
    if (fence_ != nullptr) glDeleteSync(static_cast<GLsync>(fence_));
}

void GlLabResident::build() {
    if (filter_ && colour_map_.isValid()) return;
    std::string why;
    if (!filter_) filter_ = GlImageFilter::create(why);
    if (!filter_) throw std::runtime_error("the GPU image filter is not available: " + why);
    std::optional<ShaderLibrary> library = ShaderLibrary::fromEnvironment(why);
    std::vector<GlProgram> programs;
    if (!library || !buildPrograms(*library, {{"lab_colour_map.comp", {}}}, programs, why))
        throw std::runtime_error("the lab's colour-map shader did not build: " + why);
    colour_map_ = std::move(programs.front());
}

bool GlLabResident::setImage(const Image& selected, std::uint64_t key) {
    if (has_key_ && key == key_ && filter_ && filter_->hasImage()) return false;
    build();
    finish();  // the pending work reads the old image
    filter_->setImage(selected);
    key_ = key;
    has_key_ = true;
    have_planes_ = false;
    return true;
}

std::uint64_t GlLabResident::uploads() const { return filter_ ? filter_->uploadCount() : 0; }

void GlLabResident::dispatch(const ImageFilterParams& params, LabDisplay display, int plane, int bins) {
    build();
    if (!filter_->hasImage()) throw OpError("no image to filter: call setImage first.");
    const double t0 = nowMs();
    filter_->filterResident(params);
    have_planes_ = true;
    separable_ = filter_->lastWasSeparable();
    colourMap(display, plane, bins);
    dispatched_at_ = t0;
}

void GlLabResident::remap(LabDisplay display, int plane, int bins) {
    if (!have_planes_) throw OpError("nothing filtered yet to map again.");
    dispatched_at_ = nowMs();
    colourMap(display, plane, bins);
}

void GlLabResident::colourMap(LabDisplay display, int plane, int bins) {
    bins = std::clamp(bins, 1, kMaxBins);
    const int w = filter_->outWidth(), h = filter_->outHeight();
    if (fence_ != nullptr) {  // superseded: its texture is written again below
        glDeleteSync(static_cast<GLsync>(fence_));
        fence_ = nullptr;
    } else {
        drawing_ = shown_ == 0 ? 1 : 0;
    }
    Texture& t = textures_[static_cast<std::size_t>(drawing_)];
    GLint previous = 0;
    glGetIntegerv(GL_TEXTURE_BINDING_2D, &previous);
    if (!t.handle.isValid() || t.width != w || t.height != h) {
        GLuint id = 0;
        glGenTextures(1, &id);
        t.handle = detail::GlHandle<detail::TextureDeleter>(id);
        glBindTexture(GL_TEXTURE_2D, id);
        glTexStorage2D(GL_TEXTURE_2D, mipLevels(w, h), GL_RGBA8, w, h);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR_MIPMAP_LINEAR);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);  // crisp pixels when zoomed in
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
        t.width = w;
        t.height = h;
    }
    const std::vector<unsigned> zeros(static_cast<std::size_t>(bins), 0u);
    if (!ensureBufferSize(bins_, zeros.size() * sizeof(unsigned)))
        throw std::runtime_error("the GPU could not allocate the histogram's bins.");
    bins_.upload(0, zeros.size() * sizeof(unsigned), zeros.data());
    bins_.bindStorage(kBinsBinding);
    filter_->planesBuffer().bindStorage(3);
    filter_->rangeBuffer().bindStorage(4);
    glBindImageTexture(0, t.handle.id(), 0, GL_FALSE, 0, GL_WRITE_ONLY, GL_RGBA8);
    colour_map_.use();
    glUniform4i(glGetUniformLocation(colour_map_.id(), "u_size"), w, h, filter_->outPlanes(), bins);
    glUniform2i(glGetUniformLocation(colour_map_.id(), "u_mode"), static_cast<int>(display), plane);
    glDispatchCompute(static_cast<GLuint>((w + kGroupSide - 1) / kGroupSide),
                      static_cast<GLuint>((h + kGroupSide - 1) / kGroupSide), 1);
    glMemoryBarrier(GL_TEXTURE_FETCH_BARRIER_BIT | GL_TEXTURE_UPDATE_BARRIER_BIT | GL_SHADER_STORAGE_BARRIER_BIT |
                    GL_BUFFER_UPDATE_BARRIER_BIT);
    glUseProgram(0);
    glBindTexture(GL_TEXTURE_2D, t.handle.id());
    glGenerateMipmap(GL_TEXTURE_2D);
    glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(previous));
    bins_count_ = bins;
    fence_ = glFenceSync(GL_SYNC_GPU_COMMANDS_COMPLETE, 0);
    glFlush();  // so the fence can signal while the frame goes on
    const GLenum error = glGetError();
    if (error != GL_NO_ERROR)
        throw std::runtime_error("the GPU reported OpenGL error " + std::to_string(error) + " in the lab's colour map.");
}

bool GlLabResident::poll(LabResidentResult& out) {
    if (fence_ == nullptr) return false;
    const GLenum state = glClientWaitSync(static_cast<GLsync>(fence_), 0, 0);
    if (state != GL_ALREADY_SIGNALED && state != GL_CONDITION_SATISFIED) return false;
    take(out);
    return true;
}

void GlLabResident::finish() {
    if (fence_ == nullptr) return;
    glClientWaitSync(static_cast<GLsync>(fence_), GL_SYNC_FLUSH_COMMANDS_BIT, GL_TIMEOUT_IGNORED);
}

// The fence has signalled: the small results come back, the texture goes on show.
void GlLabResident::take(LabResidentResult& out) {
    glDeleteSync(static_cast<GLsync>(fence_));
    fence_ = nullptr;
    shown_ = drawing_;
    out = LabResidentResult{};
    out.gpu_ms = nowMs() - dispatched_at_;
    unsigned keys[2] = {0xffffffffu, 0u};
    filter_->rangeBuffer().download(0, sizeof(keys), keys);
    if (keys[0] != 0xffffffffu) {
        out.lo = keyFloat(keys[0]);
        out.hi = keyFloat(keys[1]);
    }
    std::vector<unsigned> counts(static_cast<std::size_t>(bins_count_));
    bins_.download(0, counts.size() * sizeof(unsigned), counts.data());
    out.histogram.assign(counts.begin(), counts.end());
    out.width = textures_[static_cast<std::size_t>(shown_)].width;
    out.height = textures_[static_cast<std::size_t>(shown_)].height;
    out.planes = filter_->outPlanes();
    out.separable = separable_;
}

std::uintptr_t GlLabResident::texture() const {
    return shown_ < 0 ? 0 : static_cast<std::uintptr_t>(textures_[static_cast<std::size_t>(shown_)].handle.id());
}

Tensor GlLabResident::readPlanes() {
    if (!have_planes_) return {};
    finish();
    Tensor planes({filter_->outPlanes(), filter_->outHeight(), filter_->outWidth()});
    filter_->planesBuffer().download(0, planes.size() * sizeof(float), planes.data());
    return planes;
}

Image GlLabResident::readTexture() {
    finish();
    Image img;
    if (shown_ < 0 && fence_ == nullptr) return img;
    const Texture& t = textures_[static_cast<std::size_t>(fence_ != nullptr ? drawing_ : shown_)];
    img.width = t.width;
    img.height = t.height;
    img.channels = 4;
    img.pixels.resize(img.byteCount());
    GLint previous = 0, pack = 4;
    glGetIntegerv(GL_TEXTURE_BINDING_2D, &previous);
    glGetIntegerv(GL_PACK_ALIGNMENT, &pack);
    glBindTexture(GL_TEXTURE_2D, t.handle.id());
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glGetTexImage(GL_TEXTURE_2D, 0, GL_RGBA, GL_UNSIGNED_BYTE, img.pixels.data());
    glPixelStorei(GL_PACK_ALIGNMENT, pack);
    glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(previous));
    return img;
}

}  // namespace cs
