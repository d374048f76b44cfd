// The image lab's derived view (core/image_lab_view.h) and its one channel
// selection (core/image_pipeline.h): the hovered value, the step view, the
// saved pixel and `convscope filter` agree for every channel view.
#include <gtest/gtest.h>

#include <random>

#include "core/image_filter.h"
#include "core/image_lab.h"
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

// Issue 9: a random 16x16 RGB image, sobel-x, the "all channels" view: the
// hovered pixel said -33.676 (the gray mix of the filtered planes) while the
// step view opened on it computed -31 (filter of the rounded gray).
TEST(ImageLabView, RgbHoverEqualsStepView) {
    const Image img = randomImage(16, 16, 3, 9);
    ImageLab lab;
    std::string error;
    ASSERT_TRUE(setPreset(lab, parseKernelSpec("sobel-x"), error));
    const LabPlan plan = planImageLab(lab, img.width, img.height, img.channels);
    const ImageFilterResult r = filterImageCpu(img, plan.filter);
    for (auto [x, y] : {std::pair{5, 7}, std::pair{0, 0}, std::pair{15, 3}}) {
        const float hovered = labValue(r.planes, LabChannel::All, y, x);
        const LabLessonCrop crop = lessonFromPixel(img, lab, x, y);
        const Trace trace = buildTrace(crop.lesson.request);
        EXPECT_FLOAT_EQ(trace.steps[crop.step].result, hovered) << "pixel " << x << "," << y;
    }
}

}  // namespace
}  // namespace cs
