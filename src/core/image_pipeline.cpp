#include "core/image_pipeline.h"

#include <algorithm>
#include <cctype>
#include <tuple>

namespace cs {

std::string_view labPoolName(LabPool p) {
    switch (p) {
        case LabPool::None: return "none";
        case LabPool::Max: return "max";
        case LabPool::Avg: return "avg";
        case LabPool::L2: return "L2";
    }
    return "none";
}

std::string_view labChannelName(LabChannel c) {
    switch (c) {
        case LabChannel::All: return "all";
        case LabChannel::Red: return "R";
        case LabChannel::Green: return "G";
        case LabChannel::Blue: return "B";
        case LabChannel::Gray: return "gray";
    }
    return "all";
}

bool parseLabChannel(std::string_view name, LabChannel& channel) {
    std::string n(name);
    std::transform(n.begin(), n.end(), n.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (n == "all") channel = LabChannel::All;
    else if (n == "r" || n == "red") channel = LabChannel::Red;
    else if (n == "g" || n == "green") channel = LabChannel::Green;
    else if (n == "b" || n == "blue") channel = LabChannel::Blue;
    else if (n == "gray" || n == "grey") channel = LabChannel::Gray;
    else return false;
    return true;
}

// ---- Channel selection: the one definition ------------------------------------

namespace {

constexpr float kGrayR = 0.299f, kGrayG = 0.587f, kGrayB = 0.114f;

bool isColour(const Image& image) { return colorChannels(image) == 3; }

}  // namespace

std::uint8_t selectedByte(const Image& image, LabChannel channel, int plane, int x, int y) {
    if (!isColour(image)) return image.at(x, y, 0);
    switch (channel) {
        case LabChannel::All: return image.at(x, y, std::clamp(plane, 0, 2));
        case LabChannel::Red: return image.at(x, y, 0);
        case LabChannel::Green: return image.at(x, y, 1);
        case LabChannel::Blue: return image.at(x, y, 2);
        case LabChannel::Gray: break;
    }
    return toByte(kGrayR * image.at(x, y, 0) + kGrayG * image.at(x, y, 1) + kGrayB * image.at(x, y, 2));
}

int selectedPlanes(const Image& image, LabChannel channel) {
    return isColour(image) && channel == LabChannel::All ? 3 : 1;
}

Image selectChannel(const Image& image, LabChannel channel) {
    if (selectedPlanes(image, channel) == colorChannels(image)) return image;
    Image out;
    out.width = image.width;
    out.height = image.height;
    const bool alpha = hasAlpha(image);
    out.channels = alpha ? 2 : 1;
    out.pixels.resize(out.byteCount());
    for (int y = 0; y < image.height; ++y)
        for (int x = 0; x < image.width; ++x) {
            out.at(x, y, 0) = selectedByte(image, channel, 0, x, y);
            if (alpha) out.at(x, y, 1) = image.at(x, y, image.channels - 1);
        }
    return out;
}

int inspectedPlane(const Image& image, LabChannel channel, int inspect) {
    return selectedPlanes(image, channel) == 3 ? std::clamp(inspect, 0, 2) : 0;
}

std::string inspectedName(const Image& image, LabChannel channel, int inspect) {
    if (!isColour(image)) return "gray";
    if (channel == LabChannel::All) {
        static constexpr const char* kNames[] = {"R", "G", "B"};
        return kNames[inspectedPlane(image, channel, inspect)];
    }
    return std::string(labChannelName(channel));
}

// ---- Plan -----------------------------------------------------------------------

namespace {

std::string num(int v) { return std::to_string(v); }

std::string filterSizeText(int width, int height, const Pair& stride, int out_w, int out_h) {
    std::string text = "input " + num(width) + " x " + num(height) + " -> output " + num(out_w) + " x " + num(out_h);
    if (stride.h == 1 && stride.w == 1) return text + " (stride 1 keeps the size)";
    return text + " (stride " + (stride.h == stride.w ? num(stride.w) : num(stride.h) + "x" + num(stride.w)) +
           ": ceil(" + num(width) + " / " + num(stride.w) + ") = " + num(out_w) + ", ceil(" + num(height) + " / " +
           num(stride.h) + ") = " + num(out_h) + ")";
}

void planPooling(const ImageFilterRequest& request, ImageFilterPlan& plan) {
    const int s = request.pool_size, st = request.pool_stride;
    if (s < 1 || st < 1) throw ImagePlanError("the pooling window and stride must be at least 1.", true);
    if (s > plan.out_w || s > plan.out_h)
        throw ImagePlanError("the pooling window (" + num(s) + " x " + num(s) + ") is larger than the filtered image (" +
                                 num(plan.out_w) + " x " + num(plan.out_h) + ").",
                             true);
    plan.pooling = true;
    OpParams& p = plan.pool_request.params;
    p.op = request.pool == LabPool::Max   ? OpKind::MaxPool2d
           : request.pool == LabPool::Avg ? OpKind::AvgPool2d
                                          : OpKind::LpPool2d;
    p.pool.kernel_size = {s, s};
    p.window.stride = {st, st};
    p.pool.norm_type = 2.0;
    plan.pool_w = (plan.out_w - s) / st + 1;
    plan.pool_h = (plan.out_h - s) / st + 1;
    plan.size_text += "; " + std::string(labPoolName(request.pool)) + " pool " + num(s) + ", stride " + num(st) +
                      " -> " + num(plan.pool_w) + " x " + num(plan.pool_h) + " (floor((" + num(plan.out_w) + " - " +
                      num(s) + ") / " + num(st) + ") + 1 = " + num(plan.pool_w) + ")";
}

}  // namespace

ImageFilterPlan planImageFilter(const ImageFilterRequest& request, int width, int height, int channels) {
    if (width < 1 || height < 1 || channels < 1 || channels > 4)
        throw ImagePlanError("no image to filter: open one first.", false);
    const Tensor& k = request.filter.kernel;
    if (k.rank() != 2 || k.dim(0) % 2 == 0 || k.dim(1) % 2 == 0)
        throw ImagePlanError("the kernel's sides must be odd (1, 3, ..., 31) so that it has a centre pixel.", false);
    ImageFilterPlan plan;
    plan.filter = request.filter;
    plan.filter.want_planes = true;
    try {
        validateImageFilterParams(plan.filter);
    } catch (const OpError& e) {
        throw ImagePlanError(e.what(), false);
    }
    plan.channel = request.channel;
    plan.in_w = width;
    plan.in_h = height;
    plan.channels = channels;
    const Pair stride = plan.filter.stride;
    plan.out_w = static_cast<int>((static_cast<long long>(width) + stride.w - 1) / stride.w);
    plan.out_h = static_cast<int>((static_cast<long long>(height) + stride.h - 1) / stride.h);
    plan.pool_w = plan.out_w;
    plan.pool_h = plan.out_h;
    plan.size_text = filterSizeText(width, height, stride, plan.out_w, plan.out_h);
    if (request.pool != LabPool::None) planPooling(request, plan);
    return plan;
}

// ---- Run ------------------------------------------------------------------------

Tensor poolPlanes(const Tensor& planes, const ImageFilterPlan& plan, Engine& engine) {
    OpRequest r = plan.pool_request;
    r.input = planes;
    Tensor out = engine.run(r);
    if (out.rank() == 2) out = out.reshaped({1, out.dim(0), out.dim(1)});
    return out;
}

ImageFilterOutput runImageFilter(const Image& image, const ImageFilterPlan& plan, ImageFilterEngine& filter,
                                 Engine& pool_engine, bool pool_when_fits) {
    ImageFilterOutput out;
    out.selected = selectChannel(image, plan.channel);
    ImageFilterResult r = filter.filter(out.selected, plan.filter);
    out.planes = std::move(r.planes);
    out.image = std::move(r.image);
    out.image_normalization = plan.filter.normalization;
    out.separable = r.separable;
    out.lo = r.lo;
    out.hi = r.hi;
    const bool fits = out.planes.rank() == 3 && out.planes.dim(1) >= plan.pool_request.params.pool.kernel_size.h &&
                      out.planes.dim(2) >= plan.pool_request.params.pool.kernel_size.w;
    if (plan.pooling && (fits || !pool_when_fits)) {
        out.pooled = poolPlanes(out.planes, plan, pool_engine);
        std::tie(out.lo, out.hi) = planeRange(out.pooled);
    } else {
        out.pooled = std::move(out.planes);
        out.planes = Tensor{};
    }
    return out;
}

Image pipelineBytes(const ImageFilterOutput& out, const ImageFilterPlan& plan, Normalization normalization) {
    const bool pooled = plan.pooling && out.planes.rank() == 3 && out.pooled.dim(2) != out.planes.dim(2);
    if (!pooled && !out.image.empty() && out.image_normalization == normalization) return out.image;
    ImageFilterParams p = plan.filter;
    p.normalization = normalization;
    if (plan.pooling) {
        // Alpha from the selected image's pixel under each window's first
        // pixel: window * pool stride * filter stride.
        p.stride = {plan.pool_request.params.window.stride.h * plan.filter.stride.h,
                    plan.pool_request.params.window.stride.w * plan.filter.stride.w};
    }
    return planesToImage(out.pooled, out.selected, p, out.lo, out.hi);
}

}  // namespace cs
