// The image lab's derived view (core/image_lab_view.h) and its one channel
// selection (core/image_pipeline.h): the hovered value, the step view, the
// saved pixel and `convscope filter` agree for every channel view.
#include <gtest/gtest.h>

#include <atomic>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/engine.h"
#include "core/image_filter.h"
#include "core/image_lab.h"
#include "core/image_lab_view.h"
#include "core/image_pipeline.h"
#include "core/trace.h"

namespace cs {
namespace {

Image randomImage(int w, int h, int channels, unsigned seed) {
    std::mt19937 rng(seed);
    Image img{w, h, channels, {}};
    img.pixels.resize(img.byteCount());
    for (auto& b : img.pixels) b = static_cast<std::uint8_t>(rng() % 256);
    return img;
}

// What the step view opened on (x, y) computes.
float stepResult(const ImageLabView& view, const ImageLab& lab, int x, int y) {
    const LabLessonCrop crop = view.stepView(lab, x, y);
    const Trace trace = buildTrace(crop.lesson.request);
    EXPECT_LT(crop.step, trace.steps.size());
    return trace.steps[crop.step].result;
}

ImageLab labWith(const char* preset, LabChannel channel, int inspect = 0) {
    ImageLab lab;
    std::string error;
    EXPECT_TRUE(setPreset(lab, parseKernelSpec(preset), error)) << error;
    lab.image_path = "test.png";
    lab.view.channel = channel;
    lab.view.inspect = inspect;
    return lab;
}

// Issue 9: a random 16x16 RGB image, sobel-x, the "all channels" view: the
// hovered pixel said -33.676 (the gray mix of the filtered planes) while the
// step view opened on it computed -31 (filter of the rounded gray). Now both
// show the inspected channel (R unless the student picks G or B).
TEST(ImageLabView, RgbHoverEqualsStepView) {
    const Image img = randomImage(16, 16, 3, 9);
    ImageLabView view([&](const std::string&) { return img; }, nullptr, "");
    const ImageLab lab = labWith("sobel-x", LabChannel::All);
    view.update(lab, false, 0.0);
    for (auto [x, y] : {std::pair{5, 7}, std::pair{0, 0}, std::pair{15, 3}}) {
        const LabHover h = view.hover(lab, x, y);
        ASSERT_TRUE(h.has_out);
        EXPECT_EQ(h.channel, "R");
        EXPECT_FLOAT_EQ(stepResult(view, lab, x, y), h.out_value) << "pixel " << x << "," << y;
    }
}

// The one selection: for gray, gray+alpha, RGB and RGBA images in every
// channel view (and every inspected plane of "all"), the hovered value, the
// step view's result, the saved pixel (clamp: the rounded value) and the
// pipeline `convscope filter` runs agree.
TEST(ImageLabView, EveryChannelViewAgreesEverywhere) {
    const std::vector<std::pair<LabChannel, int>> views = {
        {LabChannel::All, 0}, {LabChannel::All, 1}, {LabChannel::All, 2}, {LabChannel::Red, 0},
        {LabChannel::Green, 0}, {LabChannel::Blue, 0}, {LabChannel::Gray, 0}};
    for (int channels : {1, 2, 3, 4}) {
        const Image img = randomImage(13, 11, channels, 40u + static_cast<unsigned>(channels));
        for (const char* preset : {"sobel-x", "emboss"})
            for (auto [channel, inspect] : views) {
                SCOPED_TRACE(std::to_string(channels) + " channels, " + preset + ", view " +
                             std::string(labChannelName(channel)) + " inspect " + std::to_string(inspect));
                ImageLabView view([&](const std::string&) { return img; }, nullptr, "");
                ImageLab lab = labWith(preset, channel, inspect);
                lab.convolve = channels % 2 == 0;  // both ops across the table
                view.update(lab, false, 0.0);
                ASSERT_TRUE(view.frame().error.empty()) << view.frame().error;
                const Image saved = view.saveImage(lab);
                // `convscope filter`'s run: the same plan on the CPU reference, direct sums.
                ImageFilterRequest req = labFilterRequest(lab);
                req.filter.separable = SeparableMode::Never;
                const ImageFilterPlan plan = planImageFilter(req, img.width, img.height, img.channels);
                CpuImageFilter cpu;
                CpuEngine engine;
                const ImageFilterOutput cli = runImageFilter(img, plan, cpu, engine);
                const Image cli_png = pipelineBytes(cli, plan);
                EXPECT_EQ(saved, cli_png);
                EXPECT_EQ(saved.channels, (channels == 2 || channels == 4) && selectedPlanes(img, channel) == 1 ? 2
                                          : selectedPlanes(img, channel) == 1                                  ? 1
                                                                                                               : channels);
                const int plane = inspectedPlane(img, channel, inspect);
                for (auto [x, y] : {std::pair{0, 0}, std::pair{6, 5}, std::pair{12, 10}, std::pair{3, 9}}) {
                    const LabHover h = view.hover(lab, x, y);
                    ASSERT_TRUE(h.has_out);
                    EXPECT_FLOAT_EQ(stepResult(view, lab, x, y), h.out_value) << x << "," << y;
                    EXPECT_FLOAT_EQ(cli.pooled.at(plane, y, x), h.out_value) << x << "," << y;
                    EXPECT_EQ(saved.at(x, y, plane), toByte(h.out_value)) << x << "," << y;
                    EXPECT_EQ(view.outputValue(lab, x, y), h.out_value);
                    EXPECT_EQ(view.inputValue(lab, x, y), h.in_value);
                }
                // The other normalisations save what `filter --normalize` writes.
                for (LabDisplay d : {LabDisplay::Abs, LabDisplay::MinMax}) {
                    lab.display = d;
                    lab.touch();
                    view.update(lab, false, 0.0);
                    EXPECT_EQ(view.saveImage(lab), pipelineBytes(cli, plan, labNormalization(d)));
                }
            }
    }
}

// Gray is defined once: the rounded mix of each pixel, then filtered.
TEST(ImageLabView, GrayIsTheFilterOfTheRoundedMix) {
    Image img{1, 1, 3, {10, 20, 31}};  // 0.299*10 + 0.587*20 + 0.114*31 = 18.264 -> 18
    EXPECT_EQ(selectedByte(img, LabChannel::Gray, 0, 0, 0), 18);
    const Image gray = selectChannel(img, LabChannel::Gray);
    EXPECT_EQ(gray.channels, 1);
    EXPECT_EQ(gray.at(0, 0, 0), 18);
    Image rgba{1, 1, 4, {10, 20, 31, 77}};
    const Image g2 = selectChannel(rgba, LabChannel::Green);
    EXPECT_EQ(g2.channels, 2);
    EXPECT_EQ(g2.at(0, 0, 0), 20);
    EXPECT_EQ(g2.at(0, 0, 1), 77);  // alpha kept
}

// A failed open keeps the document as it is and the last image on show.
TEST(ImageLabView, FailedLoadIsViewStateNotADocumentEdit) {
    const Image img = randomImage(8, 8, 1, 3);
    ImageLabView view(
        [&](const std::string& path) {
            if (path == "bad.png") throw std::runtime_error("bad.png is not an image");
            return img;
        },
        nullptr, "");
    ImageLab lab;
    lab.image_path = "good.png";
    view.update(lab, false, 0.0);
    EXPECT_EQ(view.frame().shown_path, "good.png");
    const std::uint64_t serial = view.message().serial;
    openImage(lab, "bad.png");
    const ImageLab before = lab;
    view.update(lab, false, 0.0);
    EXPECT_EQ(lab.image_path, before.image_path);  // the view never writes the document
    EXPECT_EQ(lab.revision, before.revision);
    EXPECT_EQ(view.frame().shown_path, "good.png");
    EXPECT_TRUE(view.frame().has_image);
    EXPECT_NE(view.frame().load_error.find("not an image"), std::string::npos);
    EXPECT_GT(view.message().serial, serial);
    EXPECT_TRUE(view.message().error);
    const std::uint64_t after = view.message().serial;
    lab.view.zoom = 2.f;  // other edits do not retry it
    lab.touch();
    view.update(lab, false, 0.0);
    EXPECT_EQ(view.message().serial, after);
    openImage(lab, "bad.png");  // opening it again does
    view.update(lab, false, 0.0);
    EXPECT_GT(view.message().serial, after);
}

// A display change re-maps colours without filtering again; a channel change filters.
TEST(ImageLabView, DisplayChangeOnlyRemaps) {
    const Image img = randomImage(8, 8, 3, 5);
    ImageLabView view([&](const std::string&) { return img; }, nullptr, "");
    ImageLab lab = labWith("sobel-x", LabChannel::All);
    view.update(lab, false, 0.0);
    const Tensor* planes = view.frame().output_planes;
    ASSERT_NE(planes, nullptr);
    const Tensor before = *planes;
    const std::uint64_t rev = view.frame().output_revision;
    lab.display = LabDisplay::Diverging;
    lab.touch();
    view.update(lab, false, 0.0);
    EXPECT_GT(view.frame().output_revision, rev);
    EXPECT_EQ(view.frame().output_planes->values(), before.values());
    lab.view.channel = LabChannel::Gray;
    lab.touch();
    view.update(lab, false, 0.0);
    EXPECT_EQ(view.frame().output_planes->dim(0), 1);
}

// Dragging a kernel value filters a reduced copy when the full image's work
// is over kPreviewWork; the full result follows when the drag ends (and the
// hover always reads the full one). A 31 x 31 general kernel over 600 x 500 is
// 288 M products, so the preview is at 1/2.
TEST(ImageLabView, DragPreviewThenFullResult) {
    const Image img = randomImage(600, 500, 3, 11);
    ImageLabView view([&](const std::string&) { return img; }, nullptr, "");
    ImageLab lab = labWith("box:31", LabChannel::All);
    lab.pool = LabPool::Max;
    lab.pool_size = 2;
    lab.pool_stride = 2;
    view.update(lab, false, 0.0);
    ASSERT_FALSE(view.frame().preview);
    EXPECT_EQ(view.frame().out_w, 300);
    EXPECT_FLOAT_EQ(view.frame().out_scale_x, 2.f);
    std::string error;
    ASSERT_TRUE(setKernelValue(lab, 1, 1, 3.f, error));
    view.update(lab, true, 0.0);
    const LabFrame& f = view.frame();
    EXPECT_TRUE(f.preview);
    EXPECT_EQ(f.preview_factor, 2);
    EXPECT_EQ(f.tex_w, 150);               // 300 / 2, pooled by 2
    EXPECT_FLOAT_EQ(f.tex_scale_x, 4.f);   // 2 (reduction) x 2 (pool stride)
    EXPECT_EQ(f.output_texture_image->width, 150);
    view.update(lab, false, 0.0);
    EXPECT_FALSE(view.frame().preview);
    EXPECT_EQ(view.frame().tex_w, 300);
    EXPECT_FLOAT_EQ(view.frame().tex_scale_x, 2.f);
}

// Issue 12: the preview is bounded by work, not pixels. At 1920 x 1080 a
// kernel up to 7 x 7 (or any separable one) is filtered in full while
// dragging; a 15 x 15 general one at 1/3, a 31 x 31 at 1/5.
TEST(ImageLabView, PreviewFactorFollowsTheWork) {
    EXPECT_EQ(previewFactorFor(1920, 1080, 49, kPreviewWork), 1);
    EXPECT_EQ(previewFactorFor(1920, 1080, 50, kPreviewWork), 2);
    EXPECT_EQ(previewFactorFor(1920, 1080, 225, kPreviewWork), 3);
    EXPECT_EQ(previewFactorFor(1920, 1080, 961, kPreviewWork), 5);  // 384 x 216 x 961 = 80 M
    EXPECT_EQ(previewFactorFor(3840, 2160, 9, kPreviewWork), 1);
    EXPECT_EQ(previewFactorFor(0, 0, 9, kPreviewWork), 1);
    const auto taps = [](const char* spec, bool edit) {
        ImageLab lab = labWith(spec, LabChannel::All);
        std::string error;
        if (edit) {
            EXPECT_TRUE(setKernelValue(lab, 0, 0, 5.f, error)) << error;  // no longer rank 1
        }
        return labFilterTaps(planImageLab(lab, 1920, 1080, 3));
    };
    EXPECT_EQ(taps("gaussian:31", false), 62);
    EXPECT_EQ(taps("gaussian:31", true), 961);
    EXPECT_EQ(taps("sobel-x", false), 6);
    EXPECT_EQ(taps("box:7", true), 49);
}

// A drag of a 7 x 7 general kernel over a 1080p image shows full-resolution
// results throughout: no preview.
TEST(ImageLabView, NoPreviewForSmallKernelsAt1080p) {
    const Image img = randomImage(1920, 1080, 3, 5);
    ImageLabView view([&](const std::string&) { return img; }, nullptr, "");
    ImageLab lab = labWith("box:7", LabChannel::All);
    view.update(lab, false, 0.0);
    std::string error;
    ASSERT_TRUE(setKernelValue(lab, 3, 3, 4.f, error)) << error;
    view.update(lab, true, 0.0);
    EXPECT_FALSE(view.frame().preview);
    EXPECT_EQ(view.frame().tex_w, 1920);
    EXPECT_FLOAT_EQ(view.hover(lab, 100, 200).out_value, stepResult(view, lab, 100, 200));
}


// A GPU engine stand-in that counts the filters it is asked for.
class CountingGpu final : public Engine, public ImageFilterEngine {
public:
    std::string name() const override { return "gpu"; }
    Tensor run(const OpRequest& r) override { return computeReference(r); }
    ImageFilterEngine* imageFilterEngine() override { return this; }
    ImageFilterResult filter(const Image& image, const ImageFilterParams& params) override {
        ++filters;
        return CpuImageFilter(1).filter(image, params);
    }
    int filters = 0;
};

// Issue 12: on a software rasterizer (llvmpipe) the vectorised CPU path is
// about 60x faster than the GL one, so the lab filters there and says why; on
// a real GPU the engine's own image path filters.
TEST(ImageLabView, SoftwareGpuFiltersOnTheCpuAndSaysWhy) {
    const Image img = randomImage(40, 30, 3, 12);
    const ImageLab lab = labWith("sobel-x", LabChannel::All);
    for (bool software : {false, true}) {
        CountingGpu gpu;
        ImageLabView view([&](const std::string&) { return img; }, &gpu, "", software);
        view.update(lab, false, 0.0);
        const LabFrame& f = view.frame();
        ASSERT_NE(f.output_planes, nullptr) << software;
        EXPECT_EQ(f.engine, software ? "cpu" : "gpu");
        EXPECT_EQ(gpu.filters, software ? 0 : 1);
        EXPECT_EQ(f.engine_reason.empty(), !software);
        EXPECT_TRUE(f.engine_notice.empty()) << f.engine_notice;  // not a warning either way
        EXPECT_FLOAT_EQ(view.hover(lab, 7, 9).out_value, stepResult(view, lab, 7, 9));
    }
}


// Issue 12: the CPU path on a worker thread shows, once settled, exactly what
// the frame-loop path shows; a change sent while a filter runs wins; the
// callback that wakes the event loop runs.
TEST(ImageLabView, BackgroundFilteringSettlesOnTheSameResult) {
    const Image img = randomImage(700, 500, 3, 21);
    ImageLab lab = labWith("gaussian:7", LabChannel::All);
    ImageLabView inline_view([&](const std::string&) { return img; }, nullptr, "");
    ImageLabView view([&](const std::string&) { return img; }, nullptr, "");
    std::atomic<int> woken{0};
    view.runInBackground([&] { ++woken; });
    auto settled = [&](const ImageLab& l) {
        view.update(l, false, 0.0);
        view.settle();
        view.update(l, false, 0.0);
        inline_view.update(l, false, 0.0);
    };
    settled(lab);
    EXPECT_FALSE(view.busy());
    ASSERT_NE(view.frame().output_planes, nullptr);
    EXPECT_EQ(view.frame().output_planes->values(), inline_view.frame().output_planes->values());
    EXPECT_EQ(view.frame().output_texture_image->pixels, inline_view.frame().output_texture_image->pixels);
    EXPECT_EQ(view.frame().histogram, inline_view.frame().histogram);
    EXPECT_GE(woken.load(), 1);
    // Three edits in a row without waiting: only the last one counts.
    for (const char* preset : {"box:3", "sobel-x", "emboss"}) {
        std::string error;
        ASSERT_TRUE(setPreset(lab, parseKernelSpec(preset), error)) << error;
        view.update(lab, true, 0.0);
    }
    settled(lab);
    EXPECT_EQ(view.frame().output_planes->values(), inline_view.frame().output_planes->values());
    EXPECT_FLOAT_EQ(view.hover(lab, 33, 44).out_value, stepResult(view, lab, 33, 44));
    const Image saved = view.saveImage(lab);
    EXPECT_EQ(saved.pixels, inline_view.saveImage(lab).pixels);
}

// Issue 12: send() starts the filter an edit calls for at once (the app calls
// it after the frame's widgets, so the work runs while that frame is drawn):
// the worker is busy before any update, the frame is what it was, and the
// next update after the work shows the edit's full result, which equals the
// frame-loop path's. Nothing is sent twice, or for a result already on show.
TEST(ImageLabView, SendStartsTheEditsFilterBeforeTheNextUpdate) {
    const Image img = randomImage(640, 360, 3, 4);
    ImageLab lab = labWith("sobel-x", LabChannel::All);
    ImageLabView inline_view([&](const std::string&) { return img; }, nullptr, "");
    ImageLabView view([&](const std::string&) { return img; }, nullptr, "");
    std::atomic<int> woken{0};
    view.runInBackground([&] { ++woken; });
    view.update(lab, false, 0.0);
    view.settle();
    view.update(lab, false, 0.0);
    ASSERT_TRUE(view.frame().up_to_date);
    view.send(lab, false);  // nothing new: nothing sent
    EXPECT_FALSE(view.busy());
    const std::uint64_t revision = view.frame().output_revision;
    std::string error;
    ASSERT_TRUE(setKernelValue(lab, 1, 1, 3.5f, error)) << error;
    const int before = woken.load();
    view.send(lab, false);
    view.settle();
    EXPECT_EQ(woken.load(), before + 1) << "the edit was filtered before any update";
    EXPECT_EQ(view.frame().output_revision, revision) << "send() leaves the frame as it was";
    view.update(lab, false, 0.0);
    EXPECT_TRUE(view.frame().up_to_date) << "the first update after the work shows it";
    EXPECT_FALSE(view.busy()) << "and sends nothing again";
    inline_view.update(lab, false, 0.0);
    EXPECT_EQ(view.frame().output_planes->values(), inline_view.frame().output_planes->values());
    EXPECT_EQ(view.frame().output_texture_image->pixels, inline_view.frame().output_texture_image->pixels);
    EXPECT_EQ(view.frame().histogram, inline_view.frame().histogram);
    // An invalid edit sends nothing and says nothing until the next update.
    lab.stride = {0, 0};
    view.send(lab, false);
    EXPECT_FALSE(view.busy());
    EXPECT_TRUE(view.frame().error.empty());
}

// Issue 12: a display change (clamp -> diverging, another inspected plane)
// re-maps on the worker too: the frame keeps the old picture until the new
// one comes back, which equals the frame-loop path's.
TEST(ImageLabView, DisplayChangesRemapOffTheFrame) {
    const Image img = randomImage(300, 200, 3, 8);
    ImageLab lab = labWith("sobel-x", LabChannel::All);
    ImageLabView inline_view([&](const std::string&) { return img; }, nullptr, "");
    ImageLabView view([&](const std::string&) { return img; }, nullptr, "");
    view.runInBackground({});
    view.update(lab, false, 0.0);
    view.settle();
    view.update(lab, false, 0.0);
    ASSERT_NE(view.frame().output_texture_image, nullptr);
    std::vector<std::uint8_t> shown = view.frame().output_texture_image->pixels;
    for (LabDisplay d : {LabDisplay::Diverging, LabDisplay::MinMax}) {
        lab.display = d;
        lab.touch();
        const std::uint64_t revision = view.frame().output_revision;
        view.update(lab, false, 0.0);
        EXPECT_EQ(view.frame().output_texture_image->pixels, shown) << "the frame waited for the remap";
        inline_view.update(lab, false, 0.0);
        view.settle();
        view.update(lab, false, 0.0);
        EXPECT_GT(view.frame().output_revision, revision);
        EXPECT_EQ(view.frame().output_texture_image->pixels, inline_view.frame().output_texture_image->pixels);
        EXPECT_NE(view.frame().output_texture_image->pixels, shown);
        EXPECT_EQ(view.frame().histogram, inline_view.frame().histogram);
        shown = view.frame().output_texture_image->pixels;
    }
}

// LabFrame::up_to_date: the texture image is the full result of the document
// as the update saw it: not while the worker filters an edit, not for a drag
// preview, not while a display change is remapped; yes once each settles.
TEST(ImageLabView, UpToDateOnlyWhileTheFullResultOfTheDocumentIsShown) {
    const Image img = randomImage(400, 300, 3, 21);
    ImageLab lab = labWith("sobel-x", LabChannel::All);
    ImageLabView view([&](const std::string&) { return img; }, nullptr, "");
    view.runInBackground({});
    view.update(lab, false, 0.0);
    EXPECT_FALSE(view.frame().up_to_date);  // on its way
    view.settle();
    view.update(lab, false, 0.0);
    EXPECT_TRUE(view.frame().up_to_date);
    std::string error;
    ASSERT_TRUE(setKernelValue(lab, 1, 1, 0.5f, error)) << error;
    view.update(lab, false, 0.0);
    EXPECT_FALSE(view.frame().up_to_date) << "the older result is on show";
    view.settle();
    view.update(lab, false, 0.0);
    EXPECT_TRUE(view.frame().up_to_date);
    lab.display = LabDisplay::Diverging;
    lab.touch();
    view.update(lab, false, 0.0);
    EXPECT_FALSE(view.frame().up_to_date) << "the old colours are on show";
    view.settle();
    view.update(lab, false, 0.0);
    EXPECT_TRUE(view.frame().up_to_date);
    // A kernel whose work is over kPreviewWork at this size: a drag shows a preview.
    ImageLab big = labWith("gaussian:31", LabChannel::All);
    big.display = LabDisplay::Clamp;
    ASSERT_TRUE(setKernelValue(big, 3, 4, 0.25f, error)) << error;  // no longer separable
    const Image large = randomImage(1920, 1080, 1, 22);
    ImageLabView drag([&](const std::string&) { return large; }, nullptr, "");
    drag.update(big, false, 0.0);  // inline: the full result
    EXPECT_TRUE(drag.frame().up_to_date);
    ASSERT_TRUE(setKernelValue(big, 3, 4, 0.5f, error)) << error;
    drag.update(big, true, 0.0);
    ASSERT_TRUE(drag.frame().preview);
    EXPECT_FALSE(drag.frame().up_to_date);
    drag.update(big, false, 0.0);
    EXPECT_FALSE(drag.frame().preview);
    EXPECT_TRUE(drag.frame().up_to_date);
}

// The lab's live results leave the 8-bit image to Save PNG: its plan asks for
// planes only, and what Save writes equals the bytes of the same filter with
// the image made at once (what `convscope filter` writes).
TEST(ImageLabView, LiveResultsMakeBytesOnlyWhenSaved) {
    const Image img = randomImage(64, 48, 4, 23);
    for (LabDisplay d : {LabDisplay::Clamp, LabDisplay::Abs, LabDisplay::MinMax}) {
        ImageLab lab = labWith("sobel-y", LabChannel::All);
        lab.display = d;
        const LabPlan plan = planImageLab(lab, img.width, img.height, img.channels);
        EXPECT_FALSE(plan.filter.want_image);
        CpuImageFilter cpu;
        CpuEngine pool;
        const ImageFilterOutput live = runImageFilter(img, plan, cpu, pool);
        EXPECT_TRUE(live.image.empty());
        LabPlan with_bytes = plan;
        with_bytes.filter.want_image = true;
        const ImageFilterOutput eager = runImageFilter(img, with_bytes, cpu, pool);
        ASSERT_FALSE(eager.image.empty());
        const Image saved = labSaveImage(live, plan, d, 0);
        EXPECT_EQ(saved.pixels, eager.image.pixels) << labDisplayName(d);
        EXPECT_EQ(saved.pixels, pipelineBytes(eager, with_bytes, labNormalization(d)).pixels);
    }
}

}  // namespace
}  // namespace cs
