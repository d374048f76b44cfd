// The image lab's document and derived state (core): edits, the plan and its
// sizes, invalid edits keeping the last valid plan, the display mapping, and
// the crop of a pixel's neighbourhood into a matrix lesson whose step result
// is the filtered pixel value.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <utility>

#include "core/image_filter.h"
#include "core/image_lab.h"
#include "core/image_lab_view.h"
#include "core/image_pipeline.h"
#include "core/trace.h"

namespace cs {
namespace {

// A gray test image with structure: v = (7x + 13y + xy) mod 256.
Image testImage(int w, int h, int channels = 1) {
    Image img{w, h, channels, {}};
    img.pixels.resize(img.byteCount());
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            for (int c = 0; c < channels; ++c) img.at(x, y, c) = static_cast<std::uint8_t>((7 * x + 13 * y + x * y + 50 * c) % 256);
    return img;
}

TEST(ImageLab, DefaultIsIdentityAndValid) {
    ImageLab lab;
    EXPECT_EQ(lab.kernel.shape(), (std::vector<int>{3, 3}));
    EXPECT_EQ(lab.kernel.at(1, 1), 1.f);
    const LabPlan plan = planImageLab(lab, 20, 10, 3);
    EXPECT_EQ(plan.out_w, 20);
    EXPECT_EQ(plan.out_h, 10);
    EXPECT_FALSE(plan.pooling);
}

TEST(ImageLab, PresetEditsBumpRevision) {
    ImageLab lab;
    std::string error;
    const auto r0 = lab.revision;
    ASSERT_TRUE(setPreset(lab, parseKernelSpec("sobel-x"), error));
    EXPECT_GT(lab.revision, r0);
    EXPECT_EQ(lab.kernel.at(1, 2), 2.f);
    EXPECT_FALSE(lab.custom_kernel);
    ASSERT_TRUE(setKernelValue(lab, 0, 0, 5.f, error));
    EXPECT_TRUE(lab.custom_kernel);
    EXPECT_EQ(lab.kernel.at(0, 0), 5.f);
}

TEST(ImageLab, ResizeKeepsCentreAndRefusesEvenSides) {
    ImageLab lab;
    std::string error;
    ASSERT_TRUE(resizeKernel(lab, 5, 5, error));
    EXPECT_EQ(lab.kernel.at(2, 2), 1.f);
    EXPECT_EQ(kernelSum(lab.kernel), 1.0);
    const auto rev = lab.revision;
    EXPECT_FALSE(resizeKernel(lab, 4, 5, error));
    EXPECT_NE(error.find("odd"), std::string::npos);
    EXPECT_EQ(lab.revision, rev);
    EXPECT_EQ(lab.kernel.dim(0), 5);
}

TEST(ImageLab, NormaliseRefusedForZeroSumKernel) {
    ImageLab lab;
    std::string error;
    ASSERT_TRUE(setPreset(lab, parseKernelSpec("laplacian"), error));
    const Tensor before = lab.kernel;
    EXPECT_FALSE(normalizeKernel(lab, error));
    EXPECT_FALSE(error.empty());
    EXPECT_EQ(lab.kernel, before);
    ASSERT_TRUE(setPreset(lab, parseKernelSpec("box:3"), error));
    ASSERT_TRUE(setKernelValue(lab, 1, 1, 2.f, error));
    ASSERT_TRUE(normalizeKernel(lab, error));
    EXPECT_NEAR(kernelSum(lab.kernel), 1.0, 1e-6);
}

TEST(ImageLab, StrideAndPoolingSizesAreExplained) {
    ImageLab lab;
    lab.stride = {2, 2};
    LabPlan plan = planImageLab(lab, 1920, 1080, 3);
    EXPECT_EQ(plan.out_w, 960);
    EXPECT_EQ(plan.out_h, 540);
    EXPECT_NE(plan.size_text.find("ceil(1920 / 2) = 960"), std::string::npos) << plan.size_text;
    lab.stride = {3, 3};
    plan = planImageLab(lab, 10, 7, 1);
    EXPECT_EQ(plan.out_w, 4);
    EXPECT_EQ(plan.out_h, 3);
    lab.stride = {1, 1};
    lab.pool = LabPool::Max;
    lab.pool_size = 3;
    lab.pool_stride = 2;
    plan = planImageLab(lab, 10, 7, 1);
    EXPECT_TRUE(plan.pooling);
    EXPECT_EQ(plan.pool_w, 4);  // floor((10 - 3) / 2) + 1
    EXPECT_EQ(plan.pool_h, 3);  // floor((7 - 3) / 2) + 1
}

TEST(ImageLab, InvalidEditKeepsLastValidPlanWithMessage) {
    ImageLab lab;
    lab.image_path = "test.png";
    ImageLabView view([](const std::string&) { return testImage(8, 8); }, nullptr, "");
    view.update(lab, false, 0.0);
    EXPECT_TRUE(view.frame().error.empty());
    ASSERT_NE(view.frame().output_planes, nullptr);
    lab.pool = LabPool::Avg;
    lab.pool_size = 12;  // larger than the 8 x 8 output
    lab.touch();
    view.update(lab, false, 0.0);
    EXPECT_NE(view.frame().error.find("larger than the filtered image"), std::string::npos) << view.frame().error;
    EXPECT_EQ(view.frame().out_w, 8);  // still the previous result
    lab.stride = {0, 1};
    view.update(lab, false, 0.0);
    EXPECT_NE(view.frame().error.find("stride"), std::string::npos);
    lab.pool = LabPool::None;
    lab.stride = {1, 1};
    lab.touch();
    view.update(lab, false, 0.0);
    EXPECT_TRUE(view.frame().error.empty());
}

TEST(ImageLab, CropToLessonNeighbourhood) {
    const Image img = testImage(16, 12);
    ImageLab lab;
    std::string error;
    ASSERT_TRUE(setPreset(lab, parseKernelSpec("sobel-x"), error));
    lab.padding_mode = PaddingMode::Reflect;
    const LabLessonCrop crop = lessonFromPixel(img, lab, 6, 5);
    EXPECT_EQ(crop.crop_w, 7);
    EXPECT_EQ(crop.crop_h, 7);
    EXPECT_EQ(crop.crop_x, 3);
    EXPECT_EQ(crop.crop_y, 2);
    const Tensor& in = crop.lesson.request.input;
    ASSERT_EQ(in.shape(), (std::vector<int>{7, 7}));
    for (int y = 0; y < 7; ++y)
        for (int x = 0; x < 7; ++x) EXPECT_EQ(in.at(y, x), img.at(3 + x, 2 + y, 0));
    EXPECT_EQ(crop.lesson.request.params.op, OpKind::XCorr2d);
    EXPECT_EQ(crop.lesson.request.kernel, lab.kernel);
}

// The step the crop points at computes exactly the filtered pixel, for every
// padding mode, both ops, corners included, and with dilation.
TEST(ImageLab, CropStepEqualsFilteredPixel) {
    const Image img = testImage(9, 8);
    for (const char* preset : {"sobel-x", "emboss", "gaussian:5", "box:3"})
        for (PaddingMode mode : {PaddingMode::Zeros, PaddingMode::Reflect, PaddingMode::Replicate, PaddingMode::Circular})
            for (bool conv : {false, true})
                for (int dil : {1, 2}) {
                    ImageLab lab;
                    std::string error;
                    ASSERT_TRUE(setPreset(lab, parseKernelSpec(preset), error));
                    lab.padding_mode = mode;
                    lab.convolve = conv;
                    lab.dilation = {dil, dil};
                    ImageFilterParams p = planImageLab(lab, img.width, img.height, 1).filter;
                    p.separable = SeparableMode::Never;
                    const ImageFilterResult r = filterImageCpu(img, p);
                    for (auto [x, y] : {std::pair{0, 0}, std::pair{4, 3}, std::pair{8, 7}, std::pair{8, 0}}) {
                        const LabLessonCrop crop = lessonFromPixel(img, lab, x, y);
                        const Trace trace = buildTrace(crop.lesson.request);
                        ASSERT_LT(crop.step, trace.steps.size());
                        const float expected = r.planes.at(0, y, x);
                        EXPECT_NEAR(trace.steps[crop.step].result, expected, 1e-3f)
                            << preset << " mode " << static_cast<int>(mode) << " conv " << conv << " dil " << dil << " at " << x
                            << "," << y;
                        EXPECT_NEAR(crop.expected, expected, 1e-3f);
                    }
                }
}

TEST(ImageLab, CropRefusesKernelsTooLargeForTheStepView) {
    const Image img = testImage(40, 40);
    ImageLab lab;
    std::string error;
    ASSERT_TRUE(setPreset(lab, parseKernelSpec("gaussian:11"), error));
    EXPECT_THROW(lessonFromPixel(img, lab, 5, 5), OpError);
    EXPECT_THROW(lessonFromPixel(img, ImageLab{}, 40, 0), OpError);
}

TEST(ImageLab, ColourCropUsesChannelView) {
    const Image img = testImage(6, 6, 3);
    ImageLab lab;
    lab.view.channel = LabChannel::Green;
    const LabLessonCrop crop = lessonFromPixel(img, lab, 3, 3);
    EXPECT_EQ(crop.lesson.request.input.at(3, 3), img.at(3, 3, 1));  // the centre of the 7 x 7 crop
}

TEST(ImageLab, DisplayMappings) {
    const Tensor planes({1, 1, 4}, std::vector<float>{-100.f, 0.f, 50.f, 300.f});
    Image clamp = labDisplayImage(planes, LabDisplay::Clamp, 0, -100.f, 300.f);
    EXPECT_EQ(clamp.channels, 4);
    EXPECT_EQ(clamp.at(0, 0, 0), 0);
    EXPECT_EQ(clamp.at(2, 0, 0), 50);
    EXPECT_EQ(clamp.at(3, 0, 0), 255);
    Image abs = labDisplayImage(planes, LabDisplay::Abs, 0, -100.f, 300.f);
    EXPECT_EQ(abs.at(0, 0, 0), 100);
    Image mm = labDisplayImage(planes, LabDisplay::MinMax, 0, -100.f, 300.f);
    EXPECT_EQ(mm.at(0, 0, 0), 0);
    EXPECT_EQ(mm.at(3, 0, 0), 255);
    Image div = labDisplayImage(planes, LabDisplay::Diverging, 0, -100.f, 300.f);
    EXPECT_GT(div.at(0, 0, 2), div.at(0, 0, 0));  // negative: blue
    EXPECT_GT(div.at(3, 0, 0), div.at(3, 0, 2));  // positive: orange
    EXPECT_LT(div.at(1, 0, 0), 40);               // zero: dark
    const std::vector<float> h = labHistogram(planes, 4, -100.f, 300.f);
    ASSERT_EQ(h.size(), 4u);
    EXPECT_EQ(h[0] + h[1] + h[2] + h[3], 4.f);
}

// The colour map and the histogram run over shares of the pixels on
// several threads for large images: the result is the one-pixel-at-a-time
// definition's (written out here), every mode, NaN and out-of-range values too.
TEST(ImageLab, LargeDisplayMapsAndHistogramsEqualThePixelByPixelDefinition) {
    const int c = 3, h = 300, w = 700;  // 210,000 pixels: more than one share
    Tensor planes({c, h, w});
    std::uint32_t state = 12345;
    for (float& v : planes.values()) {
        state = state * 1664525u + 1013904223u;
        v = static_cast<float>(static_cast<int>(state >> 8) % 200000) / 137.f - 500.f;
    }
    planes.at(1, 7, 9) = std::nanf("");
    const auto [lo, hi] = planeRange(planes);
    for (LabDisplay d : {LabDisplay::Clamp, LabDisplay::Abs, LabDisplay::MinMax, LabDisplay::Diverging})
        for (int plane : {0, 2}) {
            {
                const Image got = labDisplayImage(planes, d, plane, lo, hi);
                const float extent = std::max(std::fabs(lo), std::fabs(hi));
                int wrong = 0;
                for (int y = 0; y < h; ++y)
                    for (int x = 0; x < w; ++x) {
                        std::uint8_t want[4] = {0, 0, 0, 255};
                        auto map = [&](float v) -> std::uint8_t {
                            if (d == LabDisplay::Abs) return toByte(std::fabs(v));
                            if (d == LabDisplay::MinMax) return toByte(hi > lo ? (v - lo) * 255.f / (hi - lo) : 0.f);
                            return toByte(v);
                        };
                        if (d == LabDisplay::Diverging) {
                            divergingColor(planes.at(plane, y, x) / extent, want);
                        } else {
                            for (int k = 0; k < 3; ++k) want[k] = map(planes.at(k, y, x));
                        }
                        for (int k = 0; k < 4; ++k) wrong += got.at(x, y, k) != want[k];
                    }
                EXPECT_EQ(wrong, 0) << labDisplayName(d) << " plane " << plane;
            }
        }
    std::vector<float> want(64, 0.f);
    for (float v : planes.values()) {
        if (std::isnan(v)) continue;
        want[static_cast<std::size_t>(std::clamp(static_cast<int>((v - lo) / (hi - lo) * 64.f), 0, 63))] += 1.f;
    }
    EXPECT_EQ(labHistogram(planes, 64, lo, hi), want);
    EXPECT_EQ(labHistogram(planes, 64, lo + 100.f, hi - 100.f).front() > want.front(), true);  // values below lo clamp to the first bin
}

// labDisplayImage and labSourceImage run over raw offsets; each pixel is still
// the per-pixel definition: toByte of the mapped value (clamp, abs, min-max),
// the diverging colour, and selectedByte for every channel view.
TEST(ImageLab, DisplayAndSourceImagesFollowThePerPixelDefinition) {
    std::mt19937 rng(31);
    std::uniform_real_distribution<float> value(-300.f, 300.f);
    for (int c : {1, 3}) {
        Tensor planes({c, 5, 7});
        for (float& v : planes.values()) v = value(rng);
        planes.values()[3] = std::nanf("");
        const auto [lo, hi] = std::pair{-250.f, 280.f};
        for (LabDisplay d : {LabDisplay::Clamp, LabDisplay::Abs, LabDisplay::MinMax, LabDisplay::Diverging})
            for (int plane = 0; plane < c; ++plane) {
                const Image out = labDisplayImage(planes, d, plane, lo, hi);
                ASSERT_EQ(out.channels, 4);
                for (int y = 0; y < 5; ++y)
                    for (int x = 0; x < 7; ++x) {
                        std::uint8_t want[4] = {0, 0, 0, 255};
                        auto map = [&](float v) -> std::uint8_t {
                            if (d == LabDisplay::Abs) return toByte(std::fabs(v));
                            if (d == LabDisplay::MinMax) return toByte((v - lo) * 255.f / (hi - lo));
                            return toByte(v);
                        };
                        if (d == LabDisplay::Diverging)
                            divergingColor(planes.at(plane, y, x) / 280.f, want);
                        else if (c == 3)
                            for (int k = 0; k < 3; ++k) want[k] = map(planes.at(k, y, x));
                        else
                            want[0] = want[1] = want[2] = map(planes.at(plane, y, x));
                        for (int k = 0; k < 4; ++k)
                            EXPECT_EQ(out.at(x, y, k), want[k]) << labDisplayName(d) << " c " << c << " at " << x << "," << y;
                    }
            }
    }
    for (int channels : {1, 2, 3, 4}) {
        Image img{6, 4, channels, {}};
        img.pixels.resize(img.byteCount());
        for (auto& b : img.pixels) b = static_cast<std::uint8_t>(rng() % 256);
        for (LabChannel ch : {LabChannel::All, LabChannel::Red, LabChannel::Green, LabChannel::Blue, LabChannel::Gray}) {
            const Image out = labSourceImage(img, ch);
            const int planes = selectedPlanes(img, ch);
            for (int y = 0; y < 4; ++y)
                for (int x = 0; x < 6; ++x) {
                    for (int k = 0; k < 3; ++k)
                        EXPECT_EQ(out.at(x, y, k), selectedByte(img, ch, planes == 3 ? k : 0, x, y))
                            << channels << " channels, view " << labChannelName(ch);
                    EXPECT_EQ(out.at(x, y, 3), 255);
                }
        }
    }
}

TEST(ImageLab, ReduceImageForPreview) {
    const Image img = testImage(100, 50, 3);
    int factor = 0;
    const Image small = reduceImage(img, 1000, factor);
    EXPECT_EQ(factor, 3);
    EXPECT_EQ(small.width, 34);
    EXPECT_EQ(small.height, 17);
    const Image same = reduceImage(img, 10000, factor);
    EXPECT_EQ(factor, 1);
    EXPECT_EQ(same, img);
}

}  // namespace
}  // namespace cs

#include "core/history.h"

namespace cs {
namespace {

// Image-lab edits join undo/redo (issue 14); the view (zoom, pan) is not
// content, so looking around is neither an edit nor an undo step.
TEST(ImageLabHistory, SettingsUndoTheViewIsNotContent) {
    ImageLab lab;
    SnapshotHistory<ImageLab> h;
    h.reset(lab);
    lab.view.zoom = 4.f;
    lab.view.center_x = 0.2f;
    lab.touch();
    EXPECT_TRUE(sameContent(lab, ImageLab{}));
    EXPECT_FALSE(h.commit(lab));
    std::string error;
    ASSERT_TRUE(setPreset(lab, parseKernelSpec("sobel-x"), error)) << error;
    EXPECT_FALSE(sameContent(lab, ImageLab{}));
    EXPECT_TRUE(h.commit(lab));
    lab.stride = {2, 2};
    lab.pool = LabPool::Max;
    lab.touch();
    EXPECT_TRUE(h.commit(lab));
    openImage(lab, "/tmp/other.png");
    EXPECT_TRUE(h.commit(lab)) << "opening another image is an edit";
    ASSERT_TRUE(h.undo(lab));
    EXPECT_EQ(lab.image_path, "");
    ASSERT_TRUE(h.undo(lab));
    EXPECT_EQ(lab.stride, (Pair{1, 1}));
    EXPECT_EQ(lab.pool, LabPool::None);
    EXPECT_EQ(lab.kernel.dim(0), 3);
    ASSERT_TRUE(h.undo(lab));
    EXPECT_TRUE(sameContent(lab, ImageLab{}));
    ASSERT_TRUE(h.redo(lab));
    EXPECT_EQ(lab.spec, parseKernelSpec("sobel-x"));
}

}  // namespace
}  // namespace cs
