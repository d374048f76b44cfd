// The image lab's derivation. Why the shape it has:
//  - The GPU filter reads its planes back (filter(), not filterToTexture())
//    because the lab needs the values anyway: the histogram, the numbers
//    printed at high zoom, the hover, pooling on the engine, saving. On
//    llvmpipe the read-back is a memcpy.
//  - A failed GPU filter (not a refused input) falls back to the CPU reference
//    for good, with a notice, so the lab keeps working.
#include "core/image_lab_view.h"

#include "core/lab_worker.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <utility>

namespace cs {

namespace {

double nowMs() {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

std::string fileName(const std::string& path) { return std::filesystem::path(path).filename().string(); }

// What makes the numbers: compared to decide whether to filter again.
std::vector<float> filterKey(const LabPlan& plan, int image_generation) {
    std::vector<float> k;
    const ImageFilterParams& p = plan.filter;
    k.push_back(static_cast<float>(image_generation));
    k.push_back(static_cast<float>(plan.channel));
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

// Input pixels per output pixel of `shown` planes: the stride, times the
// pooling stride when the planes were pooled (a preview may not be).
std::pair<float, float> outputScale(const LabPlan& plan, const Tensor& filtered, const Tensor& shown) {
    const bool pooled = plan.pooling && (shown.dim(2) != filtered.dim(2) || shown.dim(1) != filtered.dim(1));
    const Pair& ps = plan.pool_request.params.window.stride;
    return {static_cast<float>(plan.filter.stride.w) * (pooled ? static_cast<float>(ps.w) : 1.f),
            static_cast<float>(plan.filter.stride.h) * (pooled ? static_cast<float>(ps.h) : 1.f)};
}

}  // namespace

struct ImageLabView::Impl {
    ImageLoader loader;
    Engine* gpu_engine = nullptr;
    ImageFilterEngine* gpu_filter = nullptr;
    CpuImageFilter cpu_filter;
    CpuEngine cpu_engine;
    std::string notice;
    LabMessage message;

    std::string attempted_path;              // the last path a load was tried for
    std::uint64_t attempted_request = 0;
    int generation = 0;                      // bumped per loaded image
    Image source, preview_source;
    int preview_source_factor = 1;           // what preview_source is reduced by
    int preview_source_generation = -1;      // ... and of which image
    int preview_factor = 1;                  // what the preview on show was reduced by

    bool has_plan = false;
    LabPlan plan;                            // the last valid plan
    std::vector<float> full_key, shown_key;  // the full result's; what the texture image shows
    bool have_full = false;
    ImageFilterOutput full;                  // the full result
    LabPlan full_plan;                       // the plan `full` was made with
    // Background filtering (CPU path, runInBackground): what was sent last,
    // so a frame does not send it again, and the error it came back with.
    std::unique_ptr<LabWorker> worker;
    std::vector<float> sent_key, failed_key;
    bool sent_preview = false;
    // The remap sent last (display, plane of the full result `full_key`).
    std::vector<float> remap_key;
    LabDisplay remap_display = LabDisplay::Clamp;
    int remap_plane = -1;
    std::string failed_error;
    Image input_display, output_display, preview_display;
    LabChannel input_channel = LabChannel::All;
    int input_generation = -1;
    LabDisplay shown_display = LabDisplay::Clamp;
    int shown_plane = 0;
    bool texture_is_preview = false;
    int display_generation = -1;
    LabFrame frame;

    void say(std::string text, bool error) {
        message.text = std::move(text);
        message.error = error;
        ++message.serial;
    }

    void load(const ImageLab& lab);
    bool replan(const ImageLab& lab);
    void updateInput(const ImageLab& lab);
    bool run(const Image& img, bool preview, ImageFilterOutput& out, std::string& error);
    int dragFactor(bool dragging) const;
    const Image& previewSource(int factor);
    void filterStep(const ImageLab& lab, bool dragging, std::string& error);
    void sendStep(const ImageLab& lab, int factor, const std::vector<float>& key, std::string& error);
    void adopt();
    void mapFull(const ImageLab& lab);
    void sendRemap(LabDisplay display, int plane);
    void adoptRemap(LabWorkResult& r);
    void showFullColours(Image display, std::vector<float> histogram, LabDisplay mode, int plane);
    void publish(const ImageLab& lab);
};

void ImageLabView::Impl::load(const ImageLab& lab) {
    // Try each open once: a file that would not open is not retried every
    // frame, but opening it again (openImage bumps image_request) tries again.
    if (lab.image_path == attempted_path && lab.image_request == attempted_request) return;
    attempted_path = lab.image_path;
    attempted_request = lab.image_request;
    if (lab.image_path.empty()) return;
    try {
        Image img = loader(lab.image_path);
        source = std::move(img);
        frame.shown_path = lab.image_path;
        frame.load_error.clear();
        ++generation;
        preview_source = Image{};
        preview_source_generation = -1;
        have_full = false;
        say("Opened " + fileName(lab.image_path) + " (" + std::to_string(source.width) + " x " +
                std::to_string(source.height) + ").",
            false);
    } catch (const std::exception& e) {
        frame.load_error = e.what();
        say(e.what(), true);  // the last image that worked stays on show
    }
}

bool ImageLabView::Impl::replan(const ImageLab& lab) {
    try {
        plan = planImageLab(lab, source.width, source.height, source.channels);
        has_plan = true;
        frame.error.clear();
    } catch (const OpError& e) {
        frame.error = e.what();
    }
    return has_plan;
}

void ImageLabView::Impl::updateInput(const ImageLab& lab) {
    if (input_generation == generation && input_channel == lab.view.channel) return;
    input_display = labSourceImage(source, lab.view.channel);
    input_channel = lab.view.channel;
    input_generation = generation;
    ++frame.input_revision;
}

// Filters `img` with the plan (pooling too when it fits a preview).
bool ImageLabView::Impl::run(const Image& img, bool preview, ImageFilterOutput& out, std::string& error) {
    const double t0 = nowMs();
    try {
        try {
            ImageFilterEngine& f = gpu_filter ? *gpu_filter : cpu_filter;
            out = runImageFilter(img, plan, f, gpu_engine ? *gpu_engine : static_cast<Engine&>(cpu_engine), preview);
        } catch (const OpError&) {
            throw;
        } catch (const std::exception& e) {
            if (gpu_filter == nullptr) throw;
            notice = std::string("The GPU filter failed (") + e.what() + "); filtering on the CPU.";
            gpu_filter = nullptr;
            gpu_engine = nullptr;
            out = runImageFilter(img, plan, cpu_filter, cpu_engine, preview);
        }
    } catch (const std::exception& e) {
        error = e.what();
        return false;
    }
    frame.filter_ms = nowMs() - t0;
    frame.engine = gpu_filter ? "gpu" : "cpu";
    return true;
}

// The reduction this frame's filter needs: > 1 only while dragging, with a
// full result to fall back on, when the full image's work is over kPreviewWork.
int ImageLabView::Impl::dragFactor(bool dragging) const {
    if (!dragging || !have_full) return 1;
    return previewFactorFor(source.width, source.height, labFilterTaps(plan), kPreviewWork);
}

// The source reduced by `factor`, kept while the image and factor stay.
const Image& ImageLabView::Impl::previewSource(int factor) {
    if (preview_source_generation != generation || preview_source_factor != factor) {
        preview_source = reduceImageBy(source, factor);
        preview_source_factor = factor;
        preview_source_generation = generation;
    }
    return preview_source;
}

// A preview while dragging a filter too costly for the full image, the full result otherwise.
void ImageLabView::Impl::filterStep(const ImageLab& lab, bool dragging, std::string& error) {
    const std::vector<float> key = filterKey(plan, generation);
    if (key == full_key && have_full) return;
    const int factor = dragFactor(dragging);
    if (worker && gpu_filter == nullptr) return sendStep(lab, factor, key, error);
    if (factor == 1) {
        if (run(source, false, full, error)) {
            full_plan = plan;
            full_key = key;
            have_full = true;
            display_generation = -1;  // re-map
        }
        return;
    }
    if (key == shown_key) return;
    ImageFilterOutput out;
    if (!run(previewSource(factor), true, out, error)) return;
    preview_factor = factor;
    const double t0 = nowMs();
    const int plane = inspectedPlane(source, lab.view.channel, lab.view.inspect);
    preview_display = labDisplayImage(out.pooled, lab.display, plane, out.lo, out.hi);
    frame.display_ms = nowMs() - t0;
    shown_key = key;
    texture_is_preview = true;
    ++frame.output_revision;
    frame.tex_w = out.pooled.dim(2);
    frame.tex_h = out.pooled.dim(1);
    const auto [sx, sy] = outputScale(plan, out.planes, out.pooled);
    frame.tex_scale_x = static_cast<float>(preview_factor) * sx;
    frame.tex_scale_y = static_cast<float>(preview_factor) * sy;
}

// The CPU path off the frame: the job owns copies of what it reads, filters,
// pools and maps colours; adopt() takes the result in a later frame.
void ImageLabView::Impl::sendStep(const ImageLab& lab, int factor, const std::vector<float>& key,
                                  std::string& error) {
    if (key == failed_key) {
        error = failed_error;
        return;
    }
    const bool preview = factor > 1;
    if (preview && key == shown_key) return;
    if (key == sent_key && preview == sent_preview) return;  // on its way
    sent_key = key;
    sent_preview = preview;
    remap_key.clear();  // this job replaces a remap still waiting
    const int plane = inspectedPlane(source, lab.view.channel, lab.view.inspect);
    worker->submit([img = preview ? previewSource(factor) : source, job_plan = plan, display = lab.display, plane, key,
                    gen = generation, preview, factor] {
        LabWorkResult r;
        r.key = key;
        r.generation = gen;
        r.preview = preview;
        r.preview_factor = factor;
        r.display_mode = display;
        r.plane = plane;
        const double t0 = nowMs();
        CpuImageFilter filter;
        CpuEngine pool;
        r.out = runImageFilter(img, job_plan, filter, pool, preview);
        const double t1 = nowMs();
        r.display = labDisplayImage(r.out.pooled, display, plane, r.out.lo, r.out.hi);
        if (!preview) r.histogram = labHistogram(r.out.pooled, 64, r.out.lo, r.out.hi);
        r.filter_ms = t1 - t0;
        r.display_ms = nowMs() - t1;
        return r;
    });
}

// A finished background result, if any, becomes what the frame shows.
void ImageLabView::Impl::adopt() {
    if (!worker) return;
    std::optional<LabWorkResult> r = worker->take();
    if (!r || r->generation != generation) return;  // none, or an image no longer on show
    if (!r->error.empty()) {
        failed_key = r->key;
        failed_error = r->error;
        return;
    }
    if (r->remap) return adoptRemap(*r);
    frame.filter_ms = r->filter_ms;
    frame.display_ms = r->display_ms;
    frame.engine = "cpu";
    ++frame.output_revision;
    frame.tex_w = r->out.pooled.dim(2);
    frame.tex_h = r->out.pooled.dim(1);
    if (r->preview) {
        const auto [sx, sy] = outputScale(plan, r->out.planes, r->out.pooled);
        preview_display = std::move(r->display);
        shown_key = r->key;
        texture_is_preview = true;
        preview_factor = r->preview_factor;
        frame.tex_scale_x = static_cast<float>(preview_factor) * sx;
        frame.tex_scale_y = static_cast<float>(preview_factor) * sy;
        return;
    }
    full = std::move(r->out);
    full_plan = plan;
    full_key = r->key;
    have_full = true;
    showFullColours(std::move(r->display), std::move(r->histogram), r->display_mode, r->plane);
}

// The full result's colours and histogram become what the texture shows.
void ImageLabView::Impl::showFullColours(Image display, std::vector<float> histogram, LabDisplay mode, int plane) {
    output_display = std::move(display);
    frame.histogram = std::move(histogram);
    frame.lo = full.lo;
    frame.hi = full.hi;
    shown_key = full_key;
    shown_display = mode;
    shown_plane = plane;
    display_generation = generation;
    texture_is_preview = false;
    ++frame.output_revision;
    frame.tex_w = full.pooled.dim(2);
    frame.tex_h = full.pooled.dim(1);
}

// Colours for the full result (also after a display or inspected-plane change).
void ImageLabView::Impl::mapFull(const ImageLab& lab) {
    const int plane = inspectedPlane(source, lab.view.channel, lab.view.inspect);
    const bool stale = display_generation != generation || shown_key != full_key || shown_display != lab.display ||
                       shown_plane != plane || texture_is_preview;
    if (!have_full || !stale || (texture_is_preview && shown_key != full_key)) return;
    if (worker && gpu_filter == nullptr) return sendRemap(lab.display, plane);
    const double t0 = nowMs();
    Image display = labDisplayImage(full.pooled, lab.display, plane, full.lo, full.hi);
    showFullColours(std::move(display), labHistogram(full.pooled, 64, full.lo, full.hi), lab.display, plane);
    frame.display_ms = nowMs() - t0;
}

// A display or inspected-plane change off the frame: the full result's values
// are mapped and counted on the worker, the old picture staying until then.
// Not while a filter is on its way (its result comes mapped, and is mapped
// again if the display changed meanwhile): the worker keeps one waiting job.
void ImageLabView::Impl::sendRemap(LabDisplay display, int plane) {
    if (sent_key != full_key) return;
    if (remap_key == full_key && remap_display == display && remap_plane == plane) return;  // on its way
    remap_key = full_key;
    remap_display = display;
    remap_plane = plane;
    worker->submit([pooled = full.pooled, lo = full.lo, hi = full.hi, key = full_key, gen = generation, display, plane] {
        LabWorkResult r;
        r.key = key;
        r.generation = gen;
        r.remap = true;
        r.display_mode = display;
        r.plane = plane;
        const double t0 = nowMs();
        r.display = labDisplayImage(pooled, display, plane, lo, hi);
        r.histogram = labHistogram(pooled, 64, lo, hi);
        r.display_ms = nowMs() - t0;
        return r;
    });
}

void ImageLabView::Impl::adoptRemap(LabWorkResult& r) {
    if (r.key != full_key || !have_full) return;  // a newer result has come since
    showFullColours(std::move(r.display), std::move(r.histogram), r.display_mode, r.plane);
    frame.display_ms = r.display_ms;
}

void ImageLabView::Impl::publish(const ImageLab& lab) {
    LabFrame& f = frame;
    f.preview = texture_is_preview;
    f.up_to_date = have_full && !texture_is_preview && display_generation == generation && shown_key == full_key &&
                   full_key == filterKey(plan, generation) && shown_display == lab.display &&
                   shown_plane == inspectedPlane(source, lab.view.channel, lab.view.inspect);
    f.preview_factor = preview_factor;
    f.input_display = &input_display;
    f.output_texture_image = texture_is_preview ? &preview_display : &output_display;
    if (!have_full) return;
    f.out_w = full.pooled.dim(2);
    f.out_h = full.pooled.dim(1);
    std::tie(f.out_scale_x, f.out_scale_y) = outputScale(full_plan, full.planes, full.pooled);
    if (!texture_is_preview) {
        f.tex_scale_x = f.out_scale_x;
        f.tex_scale_y = f.out_scale_y;
    }
    f.output_planes = &full.pooled;
    f.output_display = output_display.empty() ? nullptr : &output_display;
}

ImageLabView::ImageLabView(ImageLoader loader, Engine* engine, std::string notice, bool software_gpu)
    : impl_(std::make_unique<Impl>()) {
    impl_->loader = std::move(loader);
    impl_->gpu_filter = engine != nullptr ? engine->imageFilterEngine() : nullptr;
    if (impl_->gpu_filter != nullptr && software_gpu) {
        impl_->gpu_filter = nullptr;
        impl_->frame.engine_reason = "faster than software GL";
    } else if (impl_->gpu_filter != nullptr) {
        impl_->gpu_engine = engine;
    } else {
        impl_->notice = "No GPU engine" + (notice.empty() ? std::string() : " (" + notice + ")") +
                        ": images are filtered on the CPU (vectorised, exact).";
    }
}

ImageLabView::~ImageLabView() = default;

void ImageLabView::runInBackground(std::function<void()> on_result) {
    impl_->worker = std::make_unique<LabWorker>(std::move(on_result));
}

bool ImageLabView::busy() const { return impl_->worker && impl_->worker->busy(); }

void ImageLabView::settle() {
    if (impl_->worker) impl_->worker->wait();
}

const LabFrame& ImageLabView::frame() const { return impl_->frame; }
const Image& ImageLabView::image() const { return impl_->source; }
const LabMessage& ImageLabView::message() const { return impl_->message; }

void ImageLabView::update(const ImageLab& lab, bool dragging, double dt) {
    Impl& s = *impl_;
    LabFrame& f = s.frame;
    if (dt > 0.0) f.fps = f.fps <= 0.0 ? 1.0 / dt : f.fps * 0.9 + 0.1 / dt;
    f.up_to_date = false;  // until publish() finds it so
    s.load(lab);
    f.engine_notice = s.notice;
    f.has_image = !s.source.empty();
    f.source = f.has_image ? &s.source : nullptr;
    if (!f.has_image) return;
    f.in_w = s.source.width;
    f.in_h = s.source.height;
    f.inspected = inspectedName(s.source, lab.view.channel, lab.view.inspect);
    if (!s.replan(lab)) return;
    f.size_text = s.plan.size_text;
    s.updateInput(lab);
    s.adopt();
    std::string error;
    s.filterStep(lab, dragging, error);
    if (!error.empty()) f.error = error;
    s.mapFull(lab);
    s.publish(lab);
    f.engine_notice = s.notice;
}

LabHover ImageLabView::hover(const ImageLab& lab, int x, int y) const {
    const Impl& s = *impl_;
    LabHover h;
    if (s.source.empty() || x < 0 || y < 0 || x >= s.source.width || y >= s.source.height) return h;
    const int plane = inspectedPlane(s.source, lab.view.channel, lab.view.inspect);
    h.valid = true;
    h.x = x;
    h.y = y;
    h.channel = inspectedName(s.source, lab.view.channel, lab.view.inspect);
    h.in_value = selectedByte(s.source, lab.view.channel, plane, x, y);
    if (!s.have_full) return h;
    const Tensor& planes = s.full.pooled;
    const LabFrame& f = s.frame;
    h.out_x = std::min(f.out_w - 1, static_cast<int>(static_cast<float>(x) / f.out_scale_x));
    h.out_y = std::min(f.out_h - 1, static_cast<int>(static_cast<float>(y) / f.out_scale_y));
    if (planes.rank() != 3 || plane >= planes.dim(0) || h.out_y >= planes.dim(1) || h.out_x >= planes.dim(2)) return h;
    h.has_out = true;
    h.out_value = planes.at(plane, h.out_y, h.out_x);
    return h;
}

float ImageLabView::inputValue(const ImageLab& lab, int x, int y) const {
    const Image& im = impl_->source;
    if (im.empty() || x < 0 || y < 0 || x >= im.width || y >= im.height) return std::nanf("");
    return selectedByte(im, lab.view.channel, inspectedPlane(im, lab.view.channel, lab.view.inspect), x, y);
}

float ImageLabView::outputValue(const ImageLab& lab, int ox, int oy) const {
    const Impl& s = *impl_;
    const Tensor& p = s.full.pooled;
    const int plane = inspectedPlane(s.source, lab.view.channel, lab.view.inspect);
    if (!s.have_full || p.rank() != 3 || plane >= p.dim(0) || ox < 0 || oy < 0 || oy >= p.dim(1) || ox >= p.dim(2))
        return std::nanf("");
    return p.at(plane, oy, ox);
}

Image ImageLabView::saveImage(const ImageLab& lab) const {
    const Impl& s = *impl_;
    if (!s.have_full) throw OpError("Nothing to save yet.");
    return labSaveImage(s.full, s.full_plan, lab.display, inspectedPlane(s.source, lab.view.channel, lab.view.inspect));
}

LabLessonCrop ImageLabView::stepView(const ImageLab& lab, int x, int y) const {
    return lessonFromPixel(impl_->source, lab, x, y);
}

}  // namespace cs
