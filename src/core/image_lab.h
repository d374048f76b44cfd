#pragma once
// ImageLab: the image lab's document (issue 5) and the pure functions derived
// from it without GL: the validated plan (core/image_pipeline.h's, with the
// lab's limits), the display mapping (clamp / abs / min-max / diverging colour
// map), the histogram, and the crop of an image neighbourhood into a matrix
// lesson. core/image_lab_view.h holds what is derived per frame.
//
// The pixel definition is core/image_pipeline.h's (and `convscope filter`'s):
// the channel view is selected first (All: each colour channel on its own;
// R/G/B: that channel; Gray: the rounded luminance), then filtered (values
// 0..255 in), pooled (PyTorch max_pool2d / avg_pool2d / lp_pool2d with norm 2,
// no padding, floor) and normalised.
//
//   ImageLab lab;                                    // identity 3x3, no image
//   setPreset(lab, parseKernelSpec("sobel-x"), err); // kernel + revision bump
//   lab.stride = {2, 2}; lab.touch();
//   LabPlan plan = planImageLab(lab, 1920, 1080, 3); // output 960 x 540
//   plan.size_text  // "1920 x 1080 -> 960 x 540 (stride 2: ceil(1920 / 2) = 960, ...)"
//
//   LabLessonCrop crop = lessonFromPixel(image, lab, 100, 40);
//   // crop.lesson: a 7x7 crop (3x3 kernel) of the pixel's neighbourhood in the
//   // inspected channel, the lab's kernel, xcorr2d/conv2d, padding 0; step
//   // crop.step computes the output cell over pixel (100, 40), whose value is
//   // crop.expected (the filtered plane value the hover shows).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/engine.h"
#include "core/image.h"
#include "core/image_filter.h"
#include "core/image_pipeline.h"
#include "core/kernel_presets.h"
#include "core/lesson.h"
#include "core/tensor.h"

namespace cs {

// How signed float outputs become colours. Clamp, Abs, MinMax are
// core/image_filter.h's Normalization; Diverging maps 0 to a dark neutral,
// negative values to blue and positive ones to orange, scaled by max |v|.
enum class LabDisplay { Clamp, Abs, MinMax, Diverging };
enum class LabLayout { SideBySide, Split };

std::string_view labDisplayName(LabDisplay d);  // "clamp", "abs", "min-max", "diverging"

constexpr int kMaxLabPool = 16;       // pooling window side
constexpr int kMaxLabStride = 16;     // filter stride and dilation
constexpr float kMinLabZoom = 1.f / 64.f;
constexpr float kMaxLabZoom = 96.f;
// From this zoom on (screen pixels per image pixel) the views print values.
constexpr float kLabValuesZoom = 28.f;

// Presentation: shared by the input and output views (zoom and pan are
// synchronised because there is only one of each).
struct LabViewOptions {
    LabLayout layout = LabLayout::SideBySide;
    float split = 0.5f;        // Split layout: the before/after boundary, 0..1 of the width
    float zoom = 0.f;          // screen pixels per input pixel; 0: fit the view
    float center_x = 0.5f;     // the input point at the view centre, as a fraction of width
    float center_y = 0.5f;     //   and of height
    LabChannel channel = LabChannel::All;
    // All on a colour image: the channel the hover, the printed values and the
    // step view show (0 R, 1 G, 2 B); other views inspect their one plane.
    int inspect = 0;
    bool pooled_true_size = false;  // pooling: show the pooled output at its true pixel size
    bool show_values = true;        // print values in cells at high zoom
    bool show_histogram = true;
    bool operator==(const LabViewOptions&) const = default;
};

// The document. Valid as constructed (no image, identity kernel).
struct ImageLab {
    std::string image_path;          // "" until an image is opened
    std::uint64_t image_request = 0;  // bumped by every openImage, so opening the same file again retries
    KernelSpec spec;                 // the preset the kernel came from
    bool custom_kernel = false;      // edited by hand after the preset
    Tensor kernel = identityKernel(3);  // kh x kw, odd sides 1..kMaxKernelSide
    bool convolve = false;           // true convolution (flip) vs cross-correlation
    PaddingMode padding_mode = PaddingMode::Reflect;
    Pair stride{1, 1};
    Pair dilation{1, 1};
    LabDisplay display = LabDisplay::Clamp;
    LabPool pool = LabPool::None;
    int pool_size = 2;
    int pool_stride = 2;
    LabViewOptions view;
    std::uint64_t revision = 0;  // bumped by every edit (view changes too)

    void touch() { ++revision; }
};

// Same settings (image path, kernel and its preset, convolution, padding,
// stride, dilation, display, pooling); the view (zoom, pan, layout, channel
// shown) and the revisions are not content: what an undo step compares
// (core/history.h) and what "edited" means.
bool sameContent(const ImageLab& a, const ImageLab& b);

// ---- Edits: each validates, applies and touches, or leaves the lab as it
// was and returns false with a message for the student.
// Names the image to show (the view loads it; a file that fails leaves the
// document naming it and the last image that worked on show).
void openImage(ImageLab& lab, const std::string& path);
bool setPreset(ImageLab& lab, const KernelSpec& spec, std::string& error);
// Rows and columns odd, 1..kMaxKernelSide; values that still fit stay centred.
bool resizeKernel(ImageLab& lab, int rows, int cols, std::string& error);
bool setKernelValue(ImageLab& lab, int y, int x, float value, std::string& error);
// Divides by the sum (normalizeToSumOne); refused for zero-sum kernels (edges).
bool normalizeKernel(ImageLab& lab, std::string& error);

// ---- The plan: core/image_pipeline.h's, with the lab's limits.
using LabPlan = ImageFilterPlan;
// The pipeline request the document describes (normalisation from the display:
// Diverging filters as Clamp).
ImageFilterRequest labFilterRequest(const ImageLab& lab);
Normalization labNormalization(LabDisplay display);
// Throws OpError with a message: kernel, stride or dilation over
// kMaxLabStride, pooling window over kMaxLabPool or larger than the filtered
// image, sizes out of range.
LabPlan planImageLab(const ImageLab& lab, int width, int height, int channels);

// ---- Display helpers (CPU side; the engines do the sums).
// Float planes [C, h, w] (C 1 or 3) to an RGBA8 image for display: colour for
// three planes (clamp/abs/min-max), else plane `plane` as gray or, for
// Diverging, through the colour map scaled by max(|lo|, |hi|).
Image labDisplayImage(const Tensor& planes, LabDisplay display, int plane, float lo, float hi);
// The input as RGBA8 for display, in the chosen channel view (selectedByte).
Image labSourceImage(const Image& image, LabChannel channel);
// Diverging colour of t in [-1, 1]: blue .. dark neutral .. orange.
void divergingColor(float t, std::uint8_t rgb[3]);
// `bins` counts of every plane value over [lo, hi] (values outside clamp to the ends).
std::vector<float> labHistogram(const Tensor& planes, int bins, float lo, float hi);
// labDisplayImage and labHistogram together, in one pass over the planes
// (the same bytes and the same counts): what the lab's worker makes of each result.
struct LabColours {
    Image display;
    std::vector<float> histogram;
};
LabColours labColours(const Tensor& planes, LabDisplay display, int plane, float lo, float hi, int bins);
// What Save PNG writes: the pipeline's bytes (what `convscope filter
// --channel` writes) for clamp/abs/min-max; the display image (RGBA) for
// Diverging, whose colours are not values.
Image labSaveImage(const ImageFilterOutput& out, const LabPlan& plan, LabDisplay display, int plane);
// A box-filtered copy at most max_pixels large (for the preview while dragging);
// returns the image itself when it is already small enough. `factor` is the
// integer reduction used (1: none).
Image reduceImage(const Image& image, int max_pixels, int& factor);
// The copy reduced by `factor` (each output pixel the rounded mean of a
// factor x factor block; the image itself for factor 1).
Image reduceImageBy(const Image& image, int factor);

// Products per output pixel and channel the plan's filter costs: kh + kw when
// the lab's filter takes the separable path (two 1-D passes), kh * kw otherwise.
int labFilterTaps(const LabPlan& plan);
// The reduction a drag preview needs so that pixels x taps stays within
// max_work: 1 (no preview: the full image is filtered while dragging) when it
// already does, else the smallest integer factor that brings it there.
int previewFactorFor(int width, int height, int taps, double max_work);

// ---- The step view of one pixel.
struct LabLessonCrop {
    Lesson lesson;
    std::size_t step = 0;    // the step that computes the pixel
    float expected = 0.f;    // the filtered value of that pixel (the channel view's)
    int crop_x = 0, crop_y = 0;  // image position of the crop's top-left cell
    int crop_w = 0, crop_h = 0;
};
// Input pixel (x, y): the neighbourhood the kernel (dilated) reads plus a
// margin of up to 2 cells (so the output around the pixel is visible too),
// taken with the lab's padding mode at the image border, in the inspected
// plane of the channel view (selectedByte / inspectedPlane of
// core/image_pipeline.h: exactly the values filtered). The lesson runs with padding 0
// and stride 1 on that crop. Throws OpError when the kernel is larger than the
// step view shows (kMaxLessonKernelSide) or the crop would exceed
// kMaxMatrixSide.
LabLessonCrop lessonFromPixel(const Image& image, const ImageLab& lab, int x, int y);

}  // namespace cs
