// The image lab's derivation. Why the shape it has:
//  - The GPU filter reads its planes back (filter(), not filterToTexture())
//    because the lab needs the values anyway: the histogram, the numbers
//    printed at high zoom, the hover, pooling on the engine, saving. On
//    llvmpipe the read-back is a memcpy.
//  - A failed GPU filter (not a refused input) falls back to the CPU reference
//    for good, with a notice, so the lab keeps working.
//  - The resident GPU path (core/lab_resident.h) is the exception to the
//    first point: its values stay on the GPU and are read back only when the
//    hover, the printed values or Save PNG ask (ensurePlanes), once per result.
//    It filters the full image throughout a drag (no reduced copy, which would
//    be a second upload); a drag runs at the GPU's pace because a new
//    dispatch waits for the last one's fence.
#include "core/image_lab_view.h"

#include "core/fast_filter.h"
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
    const bool pooled = plan.pooling && filtered.rank() == 3 &&  // empty: not pooled (ImageFilterOutput)
                        (shown.dim(2) != filtered.dim(2) || shown.dim(1) != filtered.dim(1));
    const Pair& ps = plan.pool_request.params.window.stride;
    return {static_cast<float>(plan.filter.stride.w) * (pooled ? static_cast<float>(ps.w) : 1.f),
            static_cast<float>(plan.filter.stride.h) * (pooled ? static_cast<float>(ps.h) : 1.f)};
}

}  // namespace

// Where the lab filters: the CPU, the resident GPU path, or the CPU while
// both are measured on the first image.
enum class LabPath { Cpu, Probing, Gpu };

constexpr int kLabBins = 64;

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

    // The resident GPU path (core/lab_resident.h).
    LabResidentFilter* resident = nullptr;
    LabPath path = LabPath::Cpu;
    bool software_renderer = false;
    std::string path_reason;
    double probe_gpu_ms = 0.0;
    bool full_on_gpu = false;           // `full` came from the GPU: its planes stay there until needed
    bool full_planes_read = false;      // ... and have been read back into full.pooled
    int full_w = 0, full_h = 0;         // the full output's size
    Image resident_selected;            // what the GPU filters (the channel view of `source`)
    std::uint64_t resident_key = 0;     // of resident_selected
    std::vector<float> gpu_sent_key;    // the dispatch on its way (or the last)
    LabPlan gpu_sent_plan;
    LabDisplay gpu_sent_display = LabDisplay::Clamp;
    int gpu_sent_plane = 0, gpu_sent_generation = -1;
    bool gpu_pending_filter = false;    // the pending dispatch filters (its planes replace full's)

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
    bool gpuFilters() const { return path == LabPath::Gpu && !plan.pooling; }
    void uploadResident();
    void gpuStep(const ImageLab& lab, const std::vector<float>& key, std::string& error);
    void gpuRemap(LabDisplay display, int plane);
    void pollResident();
    void probe(const ImageLab& lab);
    void decide();
    void gpuFailed(const std::exception& e);
    void ensurePlanes();
    void labels();
};

// The selected image on the GPU, uploaded when the image or channel view changed.
void ImageLabView::Impl::uploadResident() {
    const std::uint64_t key = static_cast<std::uint64_t>(generation) * 8u + static_cast<std::uint64_t>(plan.channel);
    if (key == resident_key && !resident_selected.empty()) return;
    resident_selected = selectChannel(source, plan.channel);
    resident_key = key;
    resident->setImage(resident_selected, key);
}

// The newest settings go to the GPU once it is free (a drag then runs at the
// GPU's pace, never queueing work behind the frame); no reduced preview,
// because the image on the GPU is the full one.
void ImageLabView::Impl::gpuStep(const ImageLab& lab, const std::vector<float>& key, std::string& error) {
    if (resident->pending()) return;  // key == full_key was caught before
    try {
        uploadResident();
        const int plane = inspectedPlane(source, lab.view.channel, lab.view.inspect);
        resident->dispatch(plan.filter, lab.display, plane, kLabBins);
        gpu_pending_filter = true;
        gpu_sent_key = key;
        gpu_sent_plan = plan;
        gpu_sent_display = lab.display;
        gpu_sent_plane = plane;
        gpu_sent_generation = generation;
    } catch (const OpError& e) {
        error = e.what();
    } catch (const std::exception& e) {
        gpuFailed(e);
    }
}

// A display or inspected-plane change of a GPU result: colours and bins again on the GPU.
void ImageLabView::Impl::gpuRemap(LabDisplay display, int plane) {
    if (resident->pending()) return;
    try {
        resident->remap(display, plane, kLabBins);
        gpu_sent_display = display;
        gpu_sent_plane = plane;
        gpu_sent_generation = generation;
    } catch (const std::exception& e) {
        gpuFailed(e);
    }
}

// A dispatch whose fence has signalled becomes the full result on show.
void ImageLabView::Impl::pollResident() {
    LabResidentResult r;
    if (resident == nullptr || !resident->poll(r)) return;
    gpu_pending_filter = false;
    if (gpu_sent_generation != generation || path != LabPath::Gpu) return;
    full = ImageFilterOutput{};
    full.selected = resident_selected;
    full.lo = r.lo;
    full.hi = r.hi;
    full.separable = r.separable;
    full.image_normalization = gpu_sent_plan.filter.normalization;
    full_plan = gpu_sent_plan;
    full_key = gpu_sent_key;
    full_w = r.width;
    full_h = r.height;
    have_full = true;
    full_on_gpu = true;
    full_planes_read = false;
    output_display = Image{};
    frame.filter_ms = r.gpu_ms;
    frame.display_ms = 0.0;
    frame.engine = "gpu";
    showFullColours(Image{}, std::move(r.histogram), gpu_sent_display, gpu_sent_plane);
    frame.tex_w = r.width;
    frame.tex_h = r.height;
}

// The first image on a hardware GPU: one filter on the GPU (after a warm-up
// that builds the shaders), timed to its end; the CPU's is the first result's.
void ImageLabView::Impl::probe(const ImageLab& lab) {
    if (probe_gpu_ms > 0.0 || plan.pooling) return;
    try {
        uploadResident();
        const int plane = inspectedPlane(source, lab.view.channel, lab.view.inspect);
        resident->dispatch(plan.filter, lab.display, plane, kLabBins);  // builds and warms up
        resident->finish();
        const double t0 = nowMs();
        resident->dispatch(plan.filter, lab.display, plane, kLabBins);
        resident->finish();
        probe_gpu_ms = std::max(nowMs() - t0, 1e-3);
        LabResidentResult discard;
        resident->poll(discard);
    } catch (const std::exception& e) {
        gpuFailed(e);
    }
}

// Both figures known: the faster path filters from now on.
void ImageLabView::Impl::decide() {
    if (path != LabPath::Probing || probe_gpu_ms <= 0.0 || !have_full || full_on_gpu) return;
    path = labChoosesGpu(false, frame.filter_ms + frame.display_ms, probe_gpu_ms, path_reason) ? LabPath::Gpu
                                                                                              : LabPath::Cpu;
}

void ImageLabView::Impl::gpuFailed(const std::exception& e) {
    path = LabPath::Cpu;
    path_reason.clear();
    notice = std::string("The GPU filter failed (") + e.what() + "); filtering on the CPU.";
    gpu_sent_key.clear();
    if (full_on_gpu) {  // nothing of it can be read any more
        have_full = false;
        full_on_gpu = false;
        full_key.clear();
    }
}

// A GPU result's values on the CPU, read back once, when something needs them.
void ImageLabView::Impl::ensurePlanes() {
    // A filter on its way has replaced the planes of the result on show: its
    // values come with it, a few frames on.
    if (!have_full || !full_on_gpu || full_planes_read || gpu_pending_filter) return;
    full_planes_read = true;
    full.pooled = resident->readPlanes();  // not pooled on this path: `planes` stays empty
    full.planes = Tensor{};
}

void ImageLabView::Impl::labels() {
    const bool gpu = frame.engine == "gpu";
    if (gpu && resident != nullptr) frame.engine_label = "GPU (resident)";
    else if (gpu) frame.engine_label = "GPU";
    else frame.engine_label = "CPU (Highway, " + std::to_string(defaultFilterThreads()) + " threads)";
    if (resident != nullptr) {
        std::string why = path_reason;
        if (path == LabPath::Gpu && plan.pooling) why = "pooling runs on the CPU path";
        frame.engine_reason = why;
    }
}

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
    if (gpuFilters()) return gpuStep(lab, key, error);
    if (path == LabPath::Probing && !dragging) probe(lab);
    const int factor = dragFactor(dragging);
    if (worker && gpu_filter == nullptr) return sendStep(lab, factor, key, error);
    if (factor == 1) {
        if (run(source, false, full, error)) {
            full_plan = plan;
            full_key = key;
            have_full = true;
            full_on_gpu = false;
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
        if (preview) {
            r.display = labDisplayImage(r.out.pooled, display, plane, r.out.lo, r.out.hi);
        } else {
            LabColours c = labColours(r.out.pooled, display, plane, r.out.lo, r.out.hi, kLabBins);
            r.display = std::move(c.display);
            r.histogram = std::move(c.histogram);
        }
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
    full_on_gpu = false;
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
    if (full_on_gpu) {
        if (gpuFilters() && full_key == gpu_sent_key) gpuRemap(lab.display, plane);
        return;  // the path changed (pooling): the CPU's result is on its way
    }
    if (worker && gpu_filter == nullptr) return sendRemap(lab.display, plane);
    const double t0 = nowMs();
    LabColours c = labColours(full.pooled, lab.display, plane, full.lo, full.hi, kLabBins);
    showFullColours(std::move(c.display), std::move(c.histogram), lab.display, plane);
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
        LabColours c = labColours(pooled, display, plane, lo, hi, kLabBins);
        r.display = std::move(c.display);
        r.histogram = std::move(c.histogram);
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
    f.output_texture_id = 0;
    if (!have_full) return;
    if (full_on_gpu) {  // no pooling on this path: the output is the filter's
        f.out_w = full_w;
        f.out_h = full_h;
        f.out_scale_x = static_cast<float>(full_plan.filter.stride.w);
        f.out_scale_y = static_cast<float>(full_plan.filter.stride.h);
        f.tex_scale_x = f.out_scale_x;
        f.tex_scale_y = f.out_scale_y;
        f.output_texture_id = resident->texture();
        f.output_texture_image = nullptr;
        f.output_planes = &full.pooled;  // read back when first needed (ensurePlanes)
        f.output_display = nullptr;
        return;
    }
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

ImageLabView::ImageLabView(ImageLoader loader, Engine* engine, std::string notice, bool software_gpu,
                           LabResidentFilter* resident)
    : impl_(std::make_unique<Impl>()) {
    impl_->loader = std::move(loader);
    impl_->gpu_filter = engine != nullptr ? engine->imageFilterEngine() : nullptr;
    if (resident != nullptr) {
        // The resident path replaces the frame-loop GPU filter; the CPU pools.
        Impl& s = *impl_;
        s.resident = resident;
        s.gpu_filter = nullptr;
        s.software_renderer = software_gpu;
        choosePath(LabPathChoice::Auto);
        return;
    }
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

bool ImageLabView::busy() const { return (impl_->worker && impl_->worker->busy()) || gpuPending(); }

void ImageLabView::choosePath(LabPathChoice choice) {
    Impl& s = *impl_;
    if (s.resident == nullptr) return;
    switch (choice) {
        case LabPathChoice::Gpu: s.path = LabPath::Gpu, s.path_reason = "chosen by hand"; break;
        case LabPathChoice::Cpu: s.path = LabPath::Cpu, s.path_reason = "chosen by hand"; break;
        case LabPathChoice::Auto:
            s.probe_gpu_ms = 0.0;
            s.path = labChoosesGpu(s.software_renderer, 0.0, 0.0, s.path_reason) ? LabPath::Gpu
                     : s.software_renderer                                      ? LabPath::Cpu
                                                                                : LabPath::Probing;
            break;
    }
    s.labels();
}

bool ImageLabView::gpuPending() const { return impl_->resident != nullptr && impl_->resident->pending(); }

void ImageLabView::settle() {
    if (impl_->worker) impl_->worker->wait();
    if (impl_->resident) impl_->resident->finish();
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
    s.pollResident();
    std::string error;
    s.filterStep(lab, dragging, error);
    if (!error.empty()) f.error = error;
    s.mapFull(lab);
    s.decide();
    s.publish(lab);
    f.engine_notice = s.notice;
    s.labels();
}

void ImageLabView::send(const ImageLab& lab, bool dragging) {
    Impl& s = *impl_;
    if (!s.worker || s.gpu_filter != nullptr || s.source.empty()) return;
    // A new image, or a new open of one, is read by the next update.
    if (lab.image_path != s.attempted_path || lab.image_request != s.attempted_request) return;
    const std::string error_before = s.frame.error;
    if (!s.replan(lab) || s.gpuFilters() || s.path == LabPath::Probing) return;
    s.frame.error = error_before;  // what the frame shows is the last update's
    const std::vector<float> key = filterKey(s.plan, s.generation);
    if (key == s.full_key && s.have_full) return;
    std::string error;
    s.sendStep(lab, s.dragFactor(dragging), key, error);
}

LabHover ImageLabView::hover(const ImageLab& lab, int x, int y) const {
    Impl& s = *impl_;
    LabHover h;
    if (s.source.empty() || x < 0 || y < 0 || x >= s.source.width || y >= s.source.height) return h;
    const int plane = inspectedPlane(s.source, lab.view.channel, lab.view.inspect);
    h.valid = true;
    h.x = x;
    h.y = y;
    h.channel = inspectedName(s.source, lab.view.channel, lab.view.inspect);
    h.in_value = selectedByte(s.source, lab.view.channel, plane, x, y);
    if (!s.have_full) return h;
    s.ensurePlanes();
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
    Impl& s = *impl_;
    s.ensurePlanes();
    const Tensor& p = s.full.pooled;
    const int plane = inspectedPlane(s.source, lab.view.channel, lab.view.inspect);
    if (!s.have_full || p.rank() != 3 || plane >= p.dim(0) || ox < 0 || oy < 0 || oy >= p.dim(1) || ox >= p.dim(2))
        return std::nanf("");
    return p.at(plane, oy, ox);
}

Image ImageLabView::saveImage(const ImageLab& lab) const {
    Impl& s = *impl_;
    if (!s.have_full) throw OpError("Nothing to save yet.");
    s.ensurePlanes();
    if (s.full.pooled.empty()) throw OpError("The result is still on its way from the GPU; save again in a moment.");
    return labSaveImage(s.full, s.full_plan, lab.display, inspectedPlane(s.source, lab.view.channel, lab.view.inspect));
}

LabLessonCrop ImageLabView::stepView(const ImageLab& lab, int x, int y) const {
    return lessonFromPixel(impl_->source, lab, x, y);
}

}  // namespace cs
