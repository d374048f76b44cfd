// The image lab's derivation and textures. Why the shape it has:
//  - The GPU filter reads its planes back (filter(), not filterToTexture())
//    because the lab needs the values anyway: the histogram, the numbers
//    printed at high zoom, per-channel and diverging views, pooling on the
//    engine, saving. On llvmpipe the read-back is a memcpy.
//  - Re-filtering is keyed on what changes the numbers (kernel, op, padding,
//    stride, dilation, pooling, image); a display or channel change only
//    re-maps colours, and zoom/pan change nothing here.
#include "app/image_lab_runner.h"

#include <epoxy/gl.h>
#include <imgui.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <vector>

#include "gpu/gl_engine.h"
#include "gpu/gl_image_filter.h"
#include "io/image_io.h"

namespace cs {
namespace fs = std::filesystem;

namespace {

double nowMs() {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// An RGBA8 texture with mipmaps (the views shrink large photos a lot).
struct Texture {
    GLuint id = 0;
    int w = 0, h = 0;
    ~Texture() {
        if (id != 0) glDeleteTextures(1, &id);
    }
    void upload(const Image& rgba) {
        GLint prev_tex = 0, prev_align = 0, prev_row = 0, prev_unpack = 0;
        glGetIntegerv(GL_TEXTURE_BINDING_2D, &prev_tex);
        glGetIntegerv(GL_UNPACK_ALIGNMENT, &prev_align);
        glGetIntegerv(GL_UNPACK_ROW_LENGTH, &prev_row);
        glGetIntegerv(GL_PIXEL_UNPACK_BUFFER_BINDING, &prev_unpack);
        glBindBuffer(GL_PIXEL_UNPACK_BUFFER, 0);
        glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
        glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
        if (id == 0) glGenTextures(1, &id);
        glBindTexture(GL_TEXTURE_2D, id);
        if (w != rgba.width || h != rgba.height) {
            glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, rgba.width, rgba.height, 0, GL_RGBA, GL_UNSIGNED_BYTE, rgba.pixels.data());
            w = rgba.width;
            h = rgba.height;
        } else {
            glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, rgba.pixels.data());
        }
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR_MIPMAP_LINEAR);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);  // crisp pixels when zoomed in
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
        glGenerateMipmap(GL_TEXTURE_2D);
        glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(prev_tex));
        glPixelStorei(GL_UNPACK_ALIGNMENT, prev_align);
        glPixelStorei(GL_UNPACK_ROW_LENGTH, prev_row);
        glBindBuffer(GL_PIXEL_UNPACK_BUFFER, static_cast<GLuint>(prev_unpack));
    }
    ImTextureID imId() const { return reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(id)); }
};

// What makes the numbers: compared to decide whether to filter again.
std::vector<float> filterKey(const LabPlan& plan, int image_generation) {
    std::vector<float> k;
    const ImageFilterParams& p = plan.filter;
    k.push_back(static_cast<float>(image_generation));
    k.push_back(static_cast<float>(p.kernel.dim(0)));
    k.push_back(static_cast<float>(p.kernel.dim(1)));
    k.insert(k.end(), p.kernel.values().begin(), p.kernel.values().end());
    k.push_back(p.convolve ? 1.f : 0.f);
    k.push_back(static_cast<float>(p.padding_mode));
    k.push_back(static_cast<float>(p.stride.h));
    k.push_back(static_cast<float>(p.stride.w));
    k.push_back(static_cast<float>(p.dilation.h));
    k.push_back(static_cast<float>(p.dilation.w));
    k.push_back(plan.pooling ? static_cast<float>(plan.pool_request.params.op) : -1.f);
    k.push_back(static_cast<float>(plan.pool_request.params.pool.kernel_size.h));
    k.push_back(static_cast<float>(plan.pool_request.params.window.stride.h));
    return k;
}

}  // namespace

struct ImageLabRunner::Impl {
    Engine* gpu_engine = nullptr;
    ImageFilterEngine* gpu_filter = nullptr;
    CpuImageFilter cpu_filter;
    CpuEngine cpu_engine;
    std::string notice;

    std::string loaded_path;
    int generation = 0;
    Image source, preview_source;
    int preview_factor = 1;
    ImageLabState state;

    std::vector<float> full_key, shown_key;  // last full result; what the texture shows
    bool have_full = false;
    Tensor planes, shown_planes;             // full result: filtered, and pooled (or the same)
    Image output_display, input_display;
    Texture input_tex, output_tex;
    LabDisplay shown_display = LabDisplay::Clamp;
    LabChannel shown_channel = LabChannel::All, input_channel = LabChannel::All;
    bool texture_is_preview = false;
    int display_generation = -1;
    LabFrame frame;

    // Filters `img` with the plan (pooling too when it fits); returns the planes to show.
    bool run(const Image& img, const LabPlan& plan, Tensor& filtered, Tensor& shown, std::string& error, bool preview) {
        ImageFilterParams p = plan.filter;
        p.want_planes = true;
        p.separable = SeparableMode::Auto;
        const double t0 = nowMs();
        ImageFilterEngine* engine = gpu_filter ? gpu_filter : &cpu_filter;
        try {
            ImageFilterResult r;
            try {
                r = engine->filter(img, p);
            } catch (const OpError&) {
                throw;
            } catch (const std::exception& e) {
                if (engine == &cpu_filter) throw;
                notice = std::string("The GPU filter failed (") + e.what() + "); filtering on the CPU.";
                gpu_filter = nullptr;
                gpu_engine = nullptr;
                r = cpu_filter.filter(img, p);
            }
            filtered = std::move(r.planes);
            shown = filtered;
            if (plan.pooling) {
                Engine& pool_engine = gpu_engine ? *gpu_engine : static_cast<Engine&>(cpu_engine);
                try {
                    shown = poolLabPlanes(filtered, plan, pool_engine);
                } catch (const OpError&) {
                    if (!preview) throw;  // a reduced image may be too small for the window: show it unpooled
                }
            }
        } catch (const std::exception& e) {
            error = e.what();
            return false;
        }
        frame.filter_ms = nowMs() - t0;
        frame.engine = gpu_filter ? "gpu" : "cpu";
        return true;
    }

    void showOutput(const Tensor& shown, LabDisplay display, LabChannel channel, bool keep_display) {
        const double t0 = nowMs();
        const auto [lo, hi] = labRange(shown, channel);
        Image rgba = labDisplayImage(shown, display, channel, lo, hi);
        output_tex.upload(rgba);
        frame.lo = lo;
        frame.hi = hi;
        frame.histogram = labHistogram(shown, channel, 64, lo, hi);
        if (keep_display) output_display = std::move(rgba);
        frame.display_ms = nowMs() - t0;
    }
};

ImageLabRunner::ImageLabRunner(Engine* gpu, std::string notice) : impl_(std::make_unique<Impl>()) {
    impl_->notice = std::move(notice);
    if (auto* gl = dynamic_cast<GlEngine*>(gpu)) {
        impl_->gpu_engine = gl;
        impl_->gpu_filter = &gl->imageFilter();
    }
    if (impl_->gpu_filter == nullptr) {
        impl_->notice = "No GPU engine" + (impl_->notice.empty() ? std::string() : " (" + impl_->notice + ")") +
                        ": images are filtered on the CPU reference, which is slower.";
    } else {
        impl_->notice.clear();
    }
    const std::string assets = findAssetsDir();
    impl_->frame.assets_dir = assets;
    if (!assets.empty()) {
        std::error_code ec;
        for (const fs::directory_entry& e : fs::directory_iterator(fs::path(assets) / "images", ec)) {
            const std::string ext = e.path().extension().string();
            if (ext == ".png" || ext == ".jpg" || ext == ".jpeg") impl_->frame.samples.push_back(e.path().string());
        }
        std::sort(impl_->frame.samples.begin(), impl_->frame.samples.end());
    }
}

ImageLabRunner::~ImageLabRunner() = default;

const LabFrame& ImageLabRunner::frame() const { return impl_->frame; }
const Image& ImageLabRunner::image() const { return impl_->source; }

std::string ImageLabRunner::findAssetsDir() {
    std::vector<fs::path> candidates;
    if (const char* env = std::getenv("CONVSCOPE_ASSETS"); env != nullptr && *env != '\0') candidates.emplace_back(env);
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        const fs::path dir = exe.parent_path();
        candidates.push_back(dir / "assets");
        candidates.push_back(dir.parent_path() / "assets");
        candidates.push_back(dir.parent_path().parent_path() / "assets");
        candidates.push_back(dir.parent_path() / "share" / "convscope" / "assets");
    }
    candidates.emplace_back("assets");
    for (const fs::path& c : candidates)
        if (fs::is_directory(c / "images", ec)) return fs::weakly_canonical(c, ec).string();
    return {};
}

void ImageLabRunner::update(ImageLab& lab, LabUiState& ui, double dt) {
    Impl& s = *impl_;
    LabFrame& f = s.frame;
    if (dt > 0.0) f.fps = f.fps <= 0.0 ? 1.0 / dt : f.fps * 0.9 + 0.1 / dt;
    f.engine_notice = s.notice;

    // 1. The image.
    if (lab.image_path != s.loaded_path) {
        try {
            Image img = loadImage(lab.image_path);
            s.source = std::move(img);
            s.loaded_path = lab.image_path;
            ++s.generation;
            s.preview_source = reduceImage(s.source, kPreviewPixels, s.preview_factor);
            s.have_full = false;
            s.input_channel = static_cast<LabChannel>(-1);
            ui.say("Opened " + fs::path(lab.image_path).filename().string() + " (" + std::to_string(s.source.width) +
                   " x " + std::to_string(s.source.height) + ").");
        } catch (const std::exception& e) {
            ui.say(e.what(), true);
            lab.image_path = s.loaded_path;  // keep the last image that worked
        }
    }
    f.has_image = !s.source.empty();
    f.source = f.has_image ? &s.source : nullptr;
    if (!f.has_image) return;
    f.in_w = s.source.width;
    f.in_h = s.source.height;

    // 2. The plan (the last valid one stays when the document is invalid).
    s.state.update(lab, s.source.width, s.source.height, s.source.channels);
    f.error = s.state.error();
    if (!s.state.hasPlan()) return;
    const LabPlan& plan = s.state.plan();
    f.size_text = plan.size_text;

    // 3. Input texture (per channel view).
    if (s.input_channel != lab.view.channel) {
        s.input_display = labSourceImage(s.source, lab.view.channel);
        s.input_tex.upload(s.input_display);
        s.input_channel = lab.view.channel;
    }

    // 4. Filter: a preview while dragging a large image, the full result otherwise.
    const std::vector<float> key = filterKey(plan, s.generation);
    const bool large = s.preview_factor > 1;
    std::string error;
    if (key != s.full_key || !s.have_full) {
        if (ui.kernel_dragging && large && s.have_full) {
            if (key != s.shown_key) {
                Tensor filtered, shown;
                if (s.run(s.preview_source, plan, filtered, shown, error, true)) {
                    s.showOutput(shown, lab.display, lab.view.channel, false);
                    s.shown_key = key;
                    s.texture_is_preview = true;
                    f.tex_w = shown.dim(2);
                    f.tex_h = shown.dim(1);
                    const float k = static_cast<float>(s.preview_factor);
                    const float pool_sx = plan.pooling && shown.dim(2) != filtered.dim(2) ? static_cast<float>(plan.pool_request.params.window.stride.w) : 1.f;
                    const float pool_sy = plan.pooling && shown.dim(1) != filtered.dim(1) ? static_cast<float>(plan.pool_request.params.window.stride.h) : 1.f;
                    f.tex_scale_x = k * static_cast<float>(plan.filter.stride.w) * pool_sx;
                    f.tex_scale_y = k * static_cast<float>(plan.filter.stride.h) * pool_sy;
                }
            }
        } else if (s.run(s.source, plan, s.planes, s.shown_planes, error, false)) {
            s.full_key = key;
            s.have_full = true;
            s.display_generation = -1;  // re-map below
        }
    }
    if (!error.empty()) f.error = error;

    // 5. Colours for the full result (also after a display or channel change).
    if (s.have_full && (s.display_generation != s.generation || s.shown_key != s.full_key || s.shown_display != lab.display ||
                        s.shown_channel != lab.view.channel || s.texture_is_preview) &&
        !(s.texture_is_preview && s.shown_key != s.full_key)) {
        s.showOutput(s.shown_planes, lab.display, lab.view.channel, true);
        s.shown_key = s.full_key;
        s.shown_display = lab.display;
        s.shown_channel = lab.view.channel;
        s.display_generation = s.generation;
        s.texture_is_preview = false;
        f.tex_w = s.shown_planes.dim(2);
        f.tex_h = s.shown_planes.dim(1);
    }
    f.preview = s.texture_is_preview;
    f.preview_factor = s.preview_factor;
    f.input_texture = s.input_tex.imId();
    f.output_texture = s.output_tex.imId();
    f.input_display = &s.input_display;
    if (s.have_full) {
        f.out_w = s.shown_planes.dim(2);
        f.out_h = s.shown_planes.dim(1);
        f.out_scale_x = static_cast<float>(plan.filter.stride.w) *
                        (plan.pooling ? static_cast<float>(plan.pool_request.params.window.stride.w) : 1.f);
        f.out_scale_y = static_cast<float>(plan.filter.stride.h) *
                        (plan.pooling ? static_cast<float>(plan.pool_request.params.window.stride.h) : 1.f);
        if (!s.texture_is_preview) {
            f.tex_scale_x = f.out_scale_x;
            f.tex_scale_y = f.out_scale_y;
        }
        f.output_planes = &s.shown_planes;
        f.output_display = s.output_display.empty() ? nullptr : &s.output_display;
    }

    // 6. Save.
    if (std::exchange(ui.request_save, false)) {
        if (!s.have_full) {
            ui.say("Nothing to save yet.", true);
        } else {
            try {
                writePngAtomic(ui.save_path,
                               labSaveImage(s.shown_planes, s.source, plan, lab.display, lab.view.channel));
                ui.say("Saved the output to " + ui.save_path + ".");
            } catch (const std::exception& e) {
                ui.say(e.what(), true);
            }
        }
    }
}

}  // namespace cs
