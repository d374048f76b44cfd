#include "core/image_lab.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>

#include "core/lesson_edit.h"
#include "core/padding.h"
#include "core/trace.h"

namespace cs {

std::string_view labDisplayName(LabDisplay d) {
    switch (d) {
        case LabDisplay::Clamp: return "clamp";
        case LabDisplay::Abs: return "abs";
        case LabDisplay::MinMax: return "min-max";
        case LabDisplay::Diverging: return "diverging";
    }
    return "clamp";
}

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

// ---- Edits ------------------------------------------------------------------

bool setPreset(ImageLab& lab, const KernelSpec& spec, std::string& error) {
    try {
        Tensor k = makeKernel(spec);
        lab.kernel = std::move(k);
        lab.spec = spec;
        lab.custom_kernel = false;
        lab.touch();
        return true;
    } catch (const OpError& e) {
        error = e.what();
        return false;
    }
}

bool resizeKernel(ImageLab& lab, int rows, int cols, std::string& error) {
    if (rows < 1 || cols < 1 || rows > kMaxKernelSide || cols > kMaxKernelSide || rows % 2 == 0 || cols % 2 == 0) {
        error = "the kernel's sides must be odd, from 1 to " + std::to_string(kMaxKernelSide) +
                ", so that it has a centre pixel (got " + std::to_string(rows) + " x " + std::to_string(cols) + ")";
        return false;
    }
    const int oh = lab.kernel.dim(0), ow = lab.kernel.dim(1);
    Tensor k({rows, cols});
    // Keep the centres aligned: a 3x3 grown to 5x5 sits in the middle.
    const int dy = (rows - oh) / 2, dx = (cols - ow) / 2;
    for (int y = 0; y < rows; ++y)
        for (int x = 0; x < cols; ++x) {
            const int sy = y - dy, sx = x - dx;
            if (sy >= 0 && sy < oh && sx >= 0 && sx < ow) k.at(y, x) = lab.kernel.at(sy, sx);
        }
    lab.kernel = std::move(k);
    lab.custom_kernel = true;
    lab.touch();
    return true;
}

bool setKernelValue(ImageLab& lab, int y, int x, float value, std::string& error) {
    if (y < 0 || x < 0 || y >= lab.kernel.dim(0) || x >= lab.kernel.dim(1)) {
        error = "no kernel cell (" + std::to_string(y) + ", " + std::to_string(x) + ")";
        return false;
    }
    if (!std::isfinite(value)) {
        error = "a kernel value must be a finite number";
        return false;
    }
    lab.kernel.at(y, x) = value;
    lab.custom_kernel = true;
    lab.touch();
    return true;
}

bool normalizeKernel(ImageLab& lab, std::string& error) {
    try {
        lab.kernel = normalizeToSumOne(lab.kernel);
        lab.custom_kernel = true;
        lab.touch();
        return true;
    } catch (const OpError& e) {
        error = e.what();
        return false;
    }
}

// ---- Plan -------------------------------------------------------------------

namespace {

Normalization toNormalization(LabDisplay d) {
    switch (d) {
        case LabDisplay::Abs: return Normalization::Abs;
        case LabDisplay::MinMax: return Normalization::MinMax;
        default: return Normalization::Clamp;
    }
}

std::string num(int v) { return std::to_string(v); }

}  // namespace

LabPlan planImageLab(const ImageLab& lab, int width, int height, int channels) {
    if (width < 1 || height < 1 || channels < 1 || channels > 4) throw OpError("no image to filter: open one first.");
    const Tensor& k = lab.kernel;
    if (k.rank() != 2 || k.dim(0) % 2 == 0 || k.dim(1) % 2 == 0)
        throw OpError("the kernel's sides must be odd (1, 3, ..., 31) so that it has a centre pixel.");
    auto checkPair = [](const Pair& p, const char* what) {
        if (p.h < 1 || p.w < 1 || p.h > kMaxLabStride || p.w > kMaxLabStride)
            throw OpError(std::string(what) + " must be from 1 to " + std::to_string(kMaxLabStride) + ".");
    };
    checkPair(lab.stride, "the stride");
    checkPair(lab.dilation, "the dilation");

    LabPlan plan;
    plan.filter.kernel = k;
    plan.filter.convolve = lab.convolve;
    plan.filter.padding_mode = lab.padding_mode;
    plan.filter.stride = lab.stride;
    plan.filter.dilation = lab.dilation;
    plan.filter.normalization = toNormalization(lab.display);
    plan.filter.want_planes = true;
    validateImageFilterParams(plan.filter);

    plan.in_w = width;
    plan.in_h = height;
    plan.channels = channels;
    plan.out_w = (width + lab.stride.w - 1) / lab.stride.w;
    plan.out_h = (height + lab.stride.h - 1) / lab.stride.h;
    plan.pool_w = plan.out_w;
    plan.pool_h = plan.out_h;

    std::string text = "input " + num(width) + " x " + num(height) + " -> output " + num(plan.out_w) + " x " +
                       num(plan.out_h);
    if (lab.stride.h == 1 && lab.stride.w == 1) {
        text += " (stride 1 keeps the size)";
    } else {
        text += " (stride " + (lab.stride.h == lab.stride.w ? num(lab.stride.w) : num(lab.stride.h) + "x" + num(lab.stride.w)) +
                ": ceil(" + num(width) + " / " + num(lab.stride.w) + ") = " + num(plan.out_w) + ", ceil(" + num(height) +
                " / " + num(lab.stride.h) + ") = " + num(plan.out_h) + ")";
    }

    if (lab.pool != LabPool::None) {
        const int s = lab.pool_size, st = lab.pool_stride;
        if (s < 1 || s > kMaxLabPool || st < 1 || st > kMaxLabPool)
            throw OpError("the pooling window and stride must be from 1 to " + std::to_string(kMaxLabPool) + ".");
        if (s > plan.out_w || s > plan.out_h)
            throw OpError("the pooling window (" + num(s) + " x " + num(s) + ") is larger than the filtered image (" +
                          num(plan.out_w) + " x " + num(plan.out_h) + ").");
        plan.pooling = true;
        OpParams& p = plan.pool_request.params;
        p.op = lab.pool == LabPool::Max ? OpKind::MaxPool2d : lab.pool == LabPool::Avg ? OpKind::AvgPool2d : OpKind::LpPool2d;
        p.pool.kernel_size = {s, s};
        p.window.stride = {st, st};
        p.pool.norm_type = 2.0;
        plan.pool_w = (plan.out_w - s) / st + 1;
        plan.pool_h = (plan.out_h - s) / st + 1;
        text += "; " + std::string(labPoolName(lab.pool)) + " pool " + num(s) + ", stride " + num(st) + " -> " +
                num(plan.pool_w) + " x " + num(plan.pool_h) + " (floor((" + num(plan.out_w) + " - " + num(s) + ") / " +
                num(st) + ") + 1 = " + num(plan.pool_w) + ")";
    }
    plan.size_text = text;
    return plan;
}

bool ImageLabState::update(const ImageLab& lab, int width, int height, int channels) {
    try {
        LabPlan p = planImageLab(lab, width, height, channels);
        plan_ = std::move(p);
        has_plan_ = true;
        error_.clear();
        return true;
    } catch (const OpError& e) {
        error_ = e.what();
        return false;
    }
}

// ---- Computation helpers ------------------------------------------------------

Tensor poolLabPlanes(const Tensor& planes, const LabPlan& plan, Engine& engine) {
    OpRequest r = plan.pool_request;
    r.input = planes;
    Tensor out = engine.run(r);
    if (out.rank() == 2) out = out.reshaped({1, out.dim(0), out.dim(1)});
    return out;
}

namespace {

constexpr float kGrayR = 0.299f, kGrayG = 0.587f, kGrayB = 0.114f;

float mapValue(float v, LabDisplay d, float lo, float hi) {
    switch (d) {
        case LabDisplay::Abs: return std::fabs(v);
        case LabDisplay::MinMax: return hi > lo ? (v - lo) * 255.f / (hi - lo) : 0.f;
        default: return v;
    }
}

}  // namespace

int labPlaneIndex(const Tensor& planes, LabChannel channel) {
    const int c = planes.dim(0);
    if (c < 3) return 0;
    switch (channel) {
        case LabChannel::Red: return 0;
        case LabChannel::Green: return 1;
        case LabChannel::Blue: return 2;
        default: return -1;
    }
}

float labValue(const Tensor& planes, LabChannel channel, int y, int x) {
    const int p = labPlaneIndex(planes, channel);
    if (p >= 0) return planes.at(p, y, x);
    return kGrayR * planes.at(0, y, x) + kGrayG * planes.at(1, y, x) + kGrayB * planes.at(2, y, x);
}

std::pair<float, float> labRange(const Tensor& planes, LabChannel channel) {
    if (planes.rank() != 3) return {0.f, 0.f};
    if (channel == LabChannel::All) return planeRange(planes);
    const int h = planes.dim(1), w = planes.dim(2);
    float lo = std::numeric_limits<float>::infinity(), hi = -lo;
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            const float v = labValue(planes, channel, y, x);
            if (std::isnan(v)) continue;
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
    if (lo > hi) return {0.f, 0.f};
    return {lo, hi};
}

void divergingColor(float t, std::uint8_t rgb[3]) {
    if (std::isnan(t)) t = 0.f;
    t = std::clamp(t, -1.f, 1.f);
    // Dark neutral at 0 (most of an edge image), saturating towards the ends;
    // a slight square-root curve so weak responses are still visible.
    static constexpr float kMid[3] = {24.f, 24.f, 28.f};
    static constexpr float kNeg[3] = {70.f, 150.f, 255.f};
    static constexpr float kPos[3] = {255.f, 140.f, 40.f};
    const float a = std::sqrt(std::fabs(t));
    const float* end = t < 0 ? kNeg : kPos;
    for (int i = 0; i < 3; ++i) rgb[i] = static_cast<std::uint8_t>(std::lround(kMid[i] + (end[i] - kMid[i]) * a));
}

Image labDisplayImage(const Tensor& planes, LabDisplay display, LabChannel channel, float lo, float hi) {
    Image out;
    if (planes.rank() != 3) return out;
    const int c = planes.dim(0), h = planes.dim(1), w = planes.dim(2);
    out.width = w;
    out.height = h;
    out.channels = 4;
    out.pixels.resize(out.byteCount());
    const bool colour = c >= 3 && channel == LabChannel::All && display != LabDisplay::Diverging;
    const float extent = std::max(std::fabs(lo), std::fabs(hi));
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            std::uint8_t* px = &out.pixels[(static_cast<std::size_t>(y) * static_cast<std::size_t>(w) +
                                            static_cast<std::size_t>(x)) * 4];
            if (colour) {
                for (int i = 0; i < 3; ++i) px[i] = toByte(mapValue(planes.at(i, y, x), display, lo, hi));
            } else {
                const float v = labValue(planes, channel, y, x);
                if (display == LabDisplay::Diverging) {
                    divergingColor(extent > 0 ? v / extent : 0.f, px);
                } else {
                    px[0] = px[1] = px[2] = toByte(mapValue(v, display, lo, hi));
                }
            }
            px[3] = 255;
        }
    return out;
}

Image labSourceImage(const Image& image, LabChannel channel) {
    Image out;
    if (image.empty()) return out;
    out.width = image.width;
    out.height = image.height;
    out.channels = 4;
    out.pixels.resize(out.byteCount());
    const int colours = colorChannels(image);
    for (int y = 0; y < image.height; ++y)
        for (int x = 0; x < image.width; ++x) {
            std::uint8_t* px = &out.pixels[(static_cast<std::size_t>(y) * static_cast<std::size_t>(image.width) +
                                            static_cast<std::size_t>(x)) * 4];
            if (colours == 1) {
                px[0] = px[1] = px[2] = image.at(x, y, 0);
            } else if (channel == LabChannel::All) {
                for (int i = 0; i < 3; ++i) px[i] = image.at(x, y, i);
            } else if (channel == LabChannel::Gray) {
                const float g = kGrayR * image.at(x, y, 0) + kGrayG * image.at(x, y, 1) + kGrayB * image.at(x, y, 2);
                px[0] = px[1] = px[2] = toByte(g);
            } else {
                const int i = channel == LabChannel::Red ? 0 : channel == LabChannel::Green ? 1 : 2;
                px[0] = px[1] = px[2] = image.at(x, y, i);
            }
            px[3] = 255;
        }
    return out;
}

Tensor imagePlanes(const Image& image) {
    const int c = colorChannels(image);
    Tensor t({c, image.height, image.width});
    for (int i = 0; i < c; ++i)
        for (int y = 0; y < image.height; ++y)
            for (int x = 0; x < image.width; ++x) t.at(i, y, x) = image.at(x, y, i);
    return t;
}

std::vector<float> labHistogram(const Tensor& planes, LabChannel channel, int bins, float lo, float hi) {
    std::vector<float> counts(static_cast<std::size_t>(std::max(bins, 1)), 0.f);
    if (planes.rank() != 3 || planes.empty()) return counts;
    const float span = hi > lo ? hi - lo : 1.f;
    auto add = [&](float v) {
        if (std::isnan(v)) return;
        int b = static_cast<int>((v - lo) / span * static_cast<float>(counts.size()));
        b = std::clamp(b, 0, static_cast<int>(counts.size()) - 1);
        counts[static_cast<std::size_t>(b)] += 1.f;
    };
    if (channel == LabChannel::All || planes.dim(0) < 3) {
        const int p = channel == LabChannel::All ? -1 : 0;
        for (int i = 0; i < planes.dim(0); ++i) {
            if (p >= 0 && i != p) continue;
            const std::size_t n = static_cast<std::size_t>(planes.dim(1)) * static_cast<std::size_t>(planes.dim(2));
            const float* d = planes.data() + n * static_cast<std::size_t>(i);
            for (std::size_t j = 0; j < n; ++j) add(d[j]);
        }
    } else {
        for (int y = 0; y < planes.dim(1); ++y)
            for (int x = 0; x < planes.dim(2); ++x) add(labValue(planes, channel, y, x));
    }
    return counts;
}

Image labSaveImage(const Tensor& shown_planes, const Image& source, const LabPlan& plan, LabDisplay display,
                   LabChannel channel) {
    if (display != LabDisplay::Diverging && (channel == LabChannel::All || colorChannels(source) == 1)) {
        ImageFilterParams p = plan.filter;
        if (plan.pooling) {
            // As the CLI: alpha from the filtered image's pixel under each window's start,
            // which sits on input pixel (window * pool_stride * stride).
            p.stride = {plan.pool_request.params.window.stride.h * plan.filter.stride.h,
                        plan.pool_request.params.window.stride.w * plan.filter.stride.w};
        }
        const auto [lo, hi] = planeRange(shown_planes);
        return planesToImage(shown_planes, source, p, lo, hi);
    }
    const auto [lo, hi] = labRange(shown_planes, channel);
    return labDisplayImage(shown_planes, display, channel, lo, hi);
}

Image reduceImage(const Image& image, int max_pixels, int& factor) {
    factor = 1;
    const double pixels = static_cast<double>(image.width) * static_cast<double>(image.height);
    if (image.empty() || max_pixels <= 0 || pixels <= max_pixels) return image;
    factor = static_cast<int>(std::ceil(std::sqrt(pixels / max_pixels)));
    Image out;
    out.width = (image.width + factor - 1) / factor;
    out.height = (image.height + factor - 1) / factor;
    out.channels = image.channels;
    out.pixels.resize(out.byteCount());
    for (int y = 0; y < out.height; ++y)
        for (int x = 0; x < out.width; ++x)
            for (int c = 0; c < image.channels; ++c) {
                int sum = 0, n = 0;
                for (int yy = y * factor; yy < std::min(image.height, (y + 1) * factor); ++yy)
                    for (int xx = x * factor; xx < std::min(image.width, (x + 1) * factor); ++xx) {
                        sum += image.at(xx, yy, c);
                        ++n;
                    }
                out.at(x, y, c) = static_cast<std::uint8_t>((sum + n / 2) / n);
            }
    return out;
}

// ---- Step view of one pixel ---------------------------------------------------

LabLessonCrop lessonFromPixel(const Image& image, const ImageLab& lab, int x, int y) {
    if (image.empty()) throw OpError("no image: open one first.");
    if (x < 0 || y < 0 || x >= image.width || y >= image.height)
        throw OpError("pixel (" + std::to_string(x) + ", " + std::to_string(y) + ") is outside the image.");
    const Tensor& k = lab.kernel;
    const int kh = k.dim(0), kw = k.dim(1);
    if (kh > kMaxLessonKernelSide || kw > kMaxLessonKernelSide)
        throw OpError("the step view shows kernels up to " + std::to_string(kMaxLessonKernelSide) + " x " +
                      std::to_string(kMaxLessonKernelSide) + "; this one is " + std::to_string(kh) + " x " +
                      std::to_string(kw) + ".");
    const int dy = lab.dilation.h, dx = lab.dilation.w;
    const int ext_h = (kh - 1) * dy + 1, ext_w = (kw - 1) * dx + 1;
    if (ext_h > kMaxMatrixSide || ext_w > kMaxMatrixSide)
        throw OpError("the dilated kernel spans " + std::to_string(ext_h) + " x " + std::to_string(ext_w) +
                      " pixels; the step view holds at most " + std::to_string(kMaxMatrixSide) + ".");
    const int my = std::min(2, (kMaxMatrixSide - ext_h) / 2), mx = std::min(2, (kMaxMatrixSide - ext_w) / 2);
    const int ay = (kh - 1) / 2, ax = (kw - 1) / 2;

    LabLessonCrop crop;
    crop.crop_h = ext_h + 2 * my;
    crop.crop_w = ext_w + 2 * mx;
    crop.crop_y = y - ay * dy - my;
    crop.crop_x = x - ax * dx - mx;

    // Which values: one channel, or (colour image, All/Gray) the rounded gray.
    const int colours = colorChannels(image);
    int plane = 0;
    bool gray_mix = false;
    if (colours == 3) {
        if (lab.view.channel == LabChannel::Green) plane = 1;
        else if (lab.view.channel == LabChannel::Blue) plane = 2;
        else if (lab.view.channel != LabChannel::Red) gray_mix = true;
    }
    auto valueAt = [&](int yy, int xx) -> float {
        const int sy = paddedSource(yy, image.height, lab.padding_mode);
        const int sx = paddedSource(xx, image.width, lab.padding_mode);
        if (sy < 0 || sx < 0) return 0.f;
        if (gray_mix)
            return static_cast<float>(toByte(kGrayR * image.at(sx, sy, 0) + kGrayG * image.at(sx, sy, 1) +
                                             kGrayB * image.at(sx, sy, 2)));
        return static_cast<float>(image.at(sx, sy, plane));
    };
    Tensor input({crop.crop_h, crop.crop_w});
    for (int i = 0; i < crop.crop_h; ++i)
        for (int j = 0; j < crop.crop_w; ++j) input.at(i, j) = valueAt(crop.crop_y + i, crop.crop_x + j);

    // The filtered value of the pixel, straight from the definition.
    const Tensor used = lab.convolve ? flipKernel(k) : k;
    double sum = 0.0;
    for (int i = 0; i < kh; ++i)
        for (int j = 0; j < kw; ++j)
            sum += static_cast<double>(used.at(i, j)) * valueAt(y + (i - ay) * dy, x + (j - ax) * dx);
    crop.expected = static_cast<float>(sum);

    Lesson& l = crop.lesson;
    l.name = "image-pixel";
    const std::string file = lab.image_path.empty() ? std::string("the image")
                                                    : std::filesystem::path(lab.image_path).filename().string();
    const std::string what = gray_mix ? "gray" : colours == 3 ? std::string(labChannelName(lab.view.channel)) : "gray";
    const std::string kernel_name =
        lab.custom_kernel ? "edited kernel" : std::string(kernelPresetInfo(lab.spec.preset).title);
    l.title = "Pixel (" + std::to_string(x) + ", " + std::to_string(y) + ") of " + file + ", " + what + ": " +
              kernel_name + "; border cells come from the image (" + std::string(paddingModeName(lab.padding_mode)) +
              ")";
    l.request.params.op = lab.convolve ? OpKind::Conv2d : OpKind::XCorr2d;
    l.request.params.window.padding = {0, 0};
    l.request.params.window.stride = {1, 1};
    l.request.params.window.dilation = lab.dilation;
    l.request.input = std::move(input);
    l.request.kernel = k;
    const Trace trace = buildTrace(l.request);
    crop.step = stepOfOutput(trace, 0, my, mx);
    return crop;
}

}  // namespace cs
