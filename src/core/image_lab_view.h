#pragma once
// ImageLabView: what the image lab derives from its document (core/image_lab.h),
// as LessonView is for the matrix page: the loaded image, the plan, the
// filtered and pooled planes, their range and histogram, the RGBA images the
// textures show, the hovered pixel's arithmetic, the step view of a pixel and
// what Save PNG writes. It never writes the ImageLab document: a failed load
// keeps the last image that worked on show and says so in message() and
// frame().load_error; an invalid edit keeps the last valid result and says why
// in frame().error.
//
// No GL and no ImGui: the app uploads frame().input_display and
// frame().output_texture_image to textures (gpu/gl_texture.h) whenever
// input_revision / output_revision change.
//
//   ImageLabView view(loadImage, gpu_engine_or_null, notice);
//   each frame: view.update(lab, kernel_dragging, dt);
//   LabHover h = view.hover(lab, x, y);        // the hover line's numbers
//   Image png = view.saveImage(lab);           // what Save PNG writes
//   LabLessonCrop crop = view.stepView(lab, x, y);
//
// The CPU path can run on a worker thread (runInBackground): the frame loop
// then never waits for a filter.
//
// The resident GPU path (core/lab_resident.h, when given one): the image is
// uploaded once per image and channel view, each edit is dispatched on the
// frame (GL is the frame thread's) and shown when its fence has signalled,
// polled in later frames; the planes come back only when something needs the
// values (hover, printed values, Save PNG). Which path filters: the CPU on a
// software renderer; otherwise the faster of one filter each on the first
// image (labChoosesGpu), the CPU meanwhile. Pooling runs on the CPU path.
//
// Re-filtering is keyed on what changes the numbers (image, channel view,
// kernel, op, padding, stride, dilation, pooling); a display change only
// re-maps colours; zoom and pan change nothing here. While a kernel value is
// dragged, a filter whose work (pixels x products per pixel) exceeds
// kPreviewWork runs on a reduced copy (a preview, within that work) and on the
// full image once the drag ends; one within it is filtered in full throughout.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/engine.h"
#include "core/image.h"
#include "core/image_lab.h"
#include "core/image_pipeline.h"
#include "core/lab_resident.h"
#include "core/tensor.h"

namespace cs {

// The most filter work (output pixels x products per pixel and channel,
// labFilterTaps) a drag step does in full: a 7 x 7 general kernel over
// 1920 x 1080, which the vectorised CPU path filters in tens of
// milliseconds on 2 cores (issue 12: no preview at all for k <= 7 at 1080p).
// Above it the drag filters a reduced copy.
constexpr double kPreviewWork = 1920.0 * 1080.0 * 49.0;

// What the view derived for this frame. Pointers stay valid until the next update.
struct LabFrame {
    bool has_image = false;
    int in_w = 0, in_h = 0;
    int tex_w = 0, tex_h = 0;              // the output texture image's size (preview: smaller)
    float tex_scale_x = 1.f, tex_scale_y = 1.f;  // input pixels per output texture pixel
    int out_w = 0, out_h = 0;              // the full output (after pooling)
    float out_scale_x = 1.f, out_scale_y = 1.f;  // input pixels per full output pixel
    bool preview = false;                  // the output texture image is a reduced-resolution preview
    // The output texture image is the full result of the document as this
    // update saw it, in its display and inspected plane: no preview, no older
    // result, no remap on its way (what a drag's end waits for; the bench times it).
    bool up_to_date = false;
    int preview_factor = 1;
    const Image* source = nullptr;         // the input image on show
    const Image* input_display = nullptr;  // the input in the channel view (RGBA)
    const Image* output_display = nullptr; // what the full output looks like (RGBA); null while none
    const Image* output_texture_image = nullptr;  // what the output texture shows (preview or full)
    const Tensor* output_planes = nullptr; // full output values [C, out_h, out_w]; null while none
    std::uint64_t input_revision = 0;      // bumped when input_display changes
    std::uint64_t output_revision = 0;     // bumped when output_texture_image changes
    std::vector<float> histogram;
    float lo = 0.f, hi = 0.f;              // range of the output values on show
    double filter_ms = 0.0;                // the last filter (+ pooling), wall clock
    double display_ms = 0.0;               // turning it into an RGBA image
    double fps = 0.0;
    std::string engine = "cpu";            // "gpu" or "cpu"
    std::string engine_label = "CPU";      // for the overlay: "GPU (resident)", "CPU (Highway, 2 threads)", ...
    std::uintptr_t output_texture_id = 0;  // non-zero: the resident path's texture shows the output
                                           //   (output_texture_image is then null)
    std::string engine_notice;             // why the CPU is used when there is no GPU engine (a warning)
    std::string engine_reason;             // why the CPU is used although there is one (not a warning)
    std::string size_text;                 // the plan's sizes in words
    std::string error;                     // invalid document: why (the last valid result stays)
    std::string shown_path;                // the image on show ("" when none)
    std::string load_error;                // the document's image could not be opened: why
    std::string inspected;                 // "R", "G", "B" or "gray": the plane hover and step view show
};

// The hovered input pixel's numbers, in the inspected plane.
struct LabHover {
    bool valid = false;     // (x, y) is inside the image
    int x = -1, y = -1;
    float in_value = 0.f;   // the byte the pipeline filters there
    bool has_out = false;
    int out_x = 0, out_y = 0;  // the output cell that pixel falls in
    float out_value = 0.f;  // its value (== the step view's result without pooling)
    std::string channel;    // inspectedName
};

// The last thing worth telling the student; serial grows with every new one.
struct LabMessage {
    std::string text;
    bool error = false;
    std::uint64_t serial = 0;
};

class ImageLabView {
public:
    using ImageLoader = std::function<Image(const std::string& path)>;
    // `engine`: the GPU engine or nullptr; its imageFilterEngine() filters and
    // it pools (the CPU path with a notice when there is none). `notice`:
    // why there is no GPU engine. `software_gpu`: the engine runs on a
    // software rasterizer (llvmpipe), where the vectorised CPU path is about
    // 60x faster (a 3x3 on 512 x 512: 1.2 ms against 68 ms): the CPU filters
    // and pools, and frame().engine_reason says why.
    // `resident`: the resident GPU path (not owned; outlives the view), or
    // nullptr. With one, the engine's frame-loop GPU filter is not used.
    ImageLabView(ImageLoader loader, Engine* engine, std::string notice, bool software_gpu = false,
                 LabResidentFilter* resident = nullptr);
    ~ImageLabView();
    ImageLabView(const ImageLabView&) = delete;
    ImageLabView& operator=(const ImageLabView&) = delete;

    // Loads, plans, filters and maps what changed. `dragging`: a kernel value
    // is being dragged (a reduced preview may be filtered).
    void update(const ImageLab& lab, bool dragging, double dt);
    // The settings as they are now go to the worker (runInBackground) if
    // they need a filter not yet sent; nothing else changes until the next
    // update() (frame() stays what it was). For the end of a frame's widgets:
    // an edit made there starts while the frame is drawn, a frame earlier
    // than the next update would start it. Nothing on the other paths.
    void send(const ImageLab& lab, bool dragging);
    // From now on the CPU path filters, pools and maps colours on a worker
    // thread (core/lab_worker.h): update() sends the newest settings and
    // shows the newest result that has come back, never waiting; the last
    // valid result stays on show meanwhile. `on_result` runs on that thread
    // when a result is ready (wake the event loop). The GPU path stays on
    // the frame (its GL context is the window's).
    void runInBackground(std::function<void()> on_result);
    // With a resident GPU path: filter on it, or on the CPU, whatever the
    // measurement says (Auto, the default, measures again from the next image).
    void choosePath(LabPathChoice choice);
    // Background work waiting or running (the worker's or the GPU's).
    bool busy() const;
    // GPU work dispatched whose fence has not been seen: the frame loop
    // should keep polling (not sleep until an event).
    bool gpuPending() const;
    // Waits for background work; the next update() shows its result (for
    // screenshots and tests, which want the settled picture).
    void settle();

    const LabFrame& frame() const;
    const Image& image() const;  // the input on show (empty when none)
    const LabMessage& message() const;
    // The hover line and cell values: input pixel (x, y) in the view's inspected plane.
    LabHover hover(const ImageLab& lab, int x, int y) const;
    // The inspected plane's byte at input pixel (x, y), and value at full
    // output cell (ox, oy): what the views print in their cells (NaN outside).
    float inputValue(const ImageLab& lab, int x, int y) const;
    float outputValue(const ImageLab& lab, int ox, int oy) const;
    // What Save PNG writes (labSaveImage); OpError when there is no result yet.
    Image saveImage(const ImageLab& lab) const;
    // The step view of input pixel (x, y) (lessonFromPixel on the image on show).
    LabLessonCrop stepView(const ImageLab& lab, int x, int y) const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace cs
