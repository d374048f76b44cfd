#pragma once
// The image pipeline, planned once and run the same way by the image lab, the
// lab's Save PNG and `convscope filter` (issue 9):
//
//   select the channel view -> filter (core/image_filter.h) -> pool -> normalise
//
// Channel selection happens here and only here, before filtering, so the
// hovered value, the printed cell values, the step view of a pixel, the saved
// PNG and `convscope filter --channel` agree for every view:
//  - All: the image as it is (every colour channel filtered on its own);
//  - R / G / B on a colour image: that channel alone, as a gray image;
//  - Gray on a colour image: gray = round_half_away(0.299 R + 0.587 G + 0.114 B),
//    a gray image of bytes, which is then filtered (the mix is taken before
//    filtering, as the step view shows it);
//  - on a gray image every view is the image itself.
// Alpha (gray+alpha, RGBA) is kept through the selection, so a saved PNG keeps it.
// The value a view "inspects" (hover, printed values, step view) is one plane
// of the filtered result: plane 0, except All on a colour image, where the
// student picks R, G or B (`inspect`, 0..2).
//
//   ImageFilterRequest req;  req.filter.kernel = sobelX;  req.channel = LabChannel::Gray;
//   req.pool = LabPool::Max; req.pool_size = 2; req.pool_stride = 2;
//   ImageFilterPlan plan = planImageFilter(req, 1920, 1080, 3);  // OpError when invalid
//   ImageFilterOutput out = runImageFilter(image, plan, filter_engine, pool_engine);
//   Image png = pipelineBytes(out, plan);   // what `convscope filter` writes
#include <cstdint>
#include <string>
#include <string_view>

#include "core/engine.h"
#include "core/image.h"
#include "core/image_filter.h"
#include "core/tensor.h"

namespace cs {

enum class LabPool { None, Max, Avg, L2 };
// All: the image's own colours; Red/Green/Blue: one channel; Gray: the rounded
// luminance mix (see above). Gray images have only one channel: every view is it.
enum class LabChannel { All, Red, Green, Blue, Gray };

std::string_view labPoolName(LabPool p);        // "none", "max", "avg", "L2"
std::string_view labChannelName(LabChannel c);  // "all", "R", "G", "B", "gray"
// "all", "r"/"red", "g"/"green", "b"/"blue", "gray"/"grey" (any case); false when none.
bool parseLabChannel(std::string_view name, LabChannel& channel);

// The byte the channel view filters at pixel (x, y), plane `plane` of the
// selected image (0..2 for All on a colour image, else 0). The one definition.
std::uint8_t selectedByte(const Image& image, LabChannel channel, int plane, int x, int y);
// The whole selected image (colour channels as above, alpha kept). All, or any
// view of a gray image: a copy of the image.
Image selectChannel(const Image& image, LabChannel channel);
// Colour planes of the selected image: 3 for All on a colour image, else 1.
int selectedPlanes(const Image& image, LabChannel channel);
// The plane a view inspects: `inspect` (clamped to 0..2) for All on a colour
// image, else 0.
int inspectedPlane(const Image& image, LabChannel channel, int inspect);
// "R", "G", "B" or "gray": what an inspected plane is called.
std::string inspectedName(const Image& image, LabChannel channel, int inspect);

struct ImageFilterRequest {
    ImageFilterParams filter;           // kernel, op, padding, stride, dilation, normalisation
    LabChannel channel = LabChannel::All;
    LabPool pool = LabPool::None;
    int pool_size = 2;                  // window side
    int pool_stride = 2;
};

// Validated: what the engines run and what the student reads about the sizes.
struct ImageFilterPlan {
    ImageFilterParams filter;         // want_planes true
    LabChannel channel = LabChannel::All;
    bool pooling = false;
    OpRequest pool_request;           // params only (the planes are the input when run)
    int in_w = 0, in_h = 0, channels = 0;  // the source image
    int out_w = 0, out_h = 0;         // after the filter
    int pool_w = 0, pool_h = 0;       // after pooling (== out when none)
    std::string size_text;            // the sizes and the arithmetic, in words
};

// A planning error; `pooling` says whether the pooling stage was refused.
class ImagePlanError : public OpError {
public:
    ImagePlanError(const std::string& what, bool pooling_stage) : OpError(what), pooling(pooling_stage) {}
    bool pooling;
};

// Throws ImagePlanError: no image, the filter parameters (validateImageFilterParams),
// a pooling window or stride below 1, a window larger than the filtered image.
ImageFilterPlan planImageFilter(const ImageFilterRequest& request, int width, int height, int channels);

struct ImageFilterOutput {
    Image selected;       // the image that was filtered (channel view applied)
    Tensor planes;        // filtered [C, out_h, out_w], when pooled; empty when not (then `pooled`
                          //   holds them: no 25 MB copy of a 1080p result per live edit)
    Tensor pooled;        // after pooling [C, pool_h, pool_w]; the filter's planes when not pooled
    Image image;          // the filter engine's bytes of `planes` (no pooling)
    Normalization image_normalization = Normalization::Clamp;  // what `image` was made with
    float lo = 0.f, hi = 0.f;  // range of `pooled` (NaN skipped)
    bool separable = false;
};

// Selects, filters on `filter` (validating: OpError) and pools on `pool_engine`.
// With `pool_when_fits` a pooling window larger than this image (a reduced
// preview) leaves the result unpooled instead of throwing.
ImageFilterOutput runImageFilter(const Image& image, const ImageFilterPlan& plan, ImageFilterEngine& filter,
                                 Engine& pool_engine, bool pool_when_fits = false);

// The normalised bytes: the filter engine's own image when nothing changed
// since (no pooling, same normalisation), else planesToImage of the pooled
// planes with `normalization`, alpha from the selected image's pixel under
// each output pixel (for pooling: under each window's first pixel).
Image pipelineBytes(const ImageFilterOutput& out, const ImageFilterPlan& plan, Normalization normalization);
inline Image pipelineBytes(const ImageFilterOutput& out, const ImageFilterPlan& plan) {
    return pipelineBytes(out, plan, plan.filter.normalization);
}

// Pools planes [C, h, w] with the plan's pooling on `engine`; [C, ph, pw].
Tensor poolPlanes(const Tensor& planes, const ImageFilterPlan& plan, Engine& engine);

}  // namespace cs
