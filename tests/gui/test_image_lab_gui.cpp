// The image lab in the real app under Xvfb: load a sample, apply a preset,
// screenshot, and check that the output view changed as the filter says while
// the input view did not. Layout at 1600x900, text scale 1: the controls
// column is about 490 px wide, then the input view, then the output view, each
// about 545 px wide; camera.png (512 x 512, gray) fits each view.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "../support/gui_harness.h"

namespace {

namespace fs = std::filesystem;

using cs::test::Picture;

// Regions inside the input and output views, clear of the overlays.
struct Region {
    int x0, y0, x1, y1;
};
constexpr Region kInput{600, 260, 960, 600};
constexpr Region kOutput{1150, 260, 1510, 600};

double meanLuma(const Picture& p, Region r) {
    double sum = 0;
    for (int y = r.y0; y < r.y1; ++y)
        for (int x = r.x0; x < r.x1; ++x) sum += p.at(x, y)[0] + p.at(x, y)[1] + p.at(x, y)[2];
    return sum / (3.0 * (r.x1 - r.x0) * (r.y1 - r.y0));
}

// Fraction of pixels in r that differ by more than 8 in some channel.
double changed(const Picture& a, const Picture& b, Region r) {
    long n = 0, total = 0;
    for (int y = r.y0; y < r.y1; ++y)
        for (int x = r.x0; x < r.x1; ++x, ++total)
            for (int c = 0; c < 3; ++c)
                if (std::abs(a.at(x, y)[c] - b.at(x, y)[c]) > 8) {
                    ++n;
                    break;
                }
    return static_cast<double>(n) / static_cast<double>(total);
}

class ImageLabGui : public cs::test::GuiTest {
protected:
    Picture shot(const std::string& kernel, const std::string& extra = "") {
        const fs::path png = dir_ / ("lab_" + std::to_string(count_++) + ".png");
        return shoot(std::string("--image ") + CONVSCOPE_ASSETS + "/images/camera.png --kernel " + kernel + " " + extra +
                         " --screenshot " + png.string() + " --size 1600x900 --theme dark --scale 1",
                     png);
    }

    int count_ = 0;
};

TEST_F(ImageLabGui, IdentityOutputLooksLikeTheInput) {
    const Picture p = shot("identity");
    ASSERT_TRUE(p.ok());
    ASSERT_EQ(p.width, 1600);
    const double in = meanLuma(p, kInput), out = meanLuma(p, kOutput);
    EXPECT_GT(in, 20.0) << "the input view looks empty";
    EXPECT_NEAR(out, in, in * 0.1) << "identity should show the input unchanged";
}

TEST_F(ImageLabGui, PresetsChangeOnlyTheOutput) {
    const Picture id = shot("identity"), box = shot("box:9"), sobel = shot("sobel-x");
    ASSERT_TRUE(id.ok() && box.ok() && sobel.ok());
    // The input view is the same picture whatever the kernel.
    EXPECT_LT(changed(id, box, kInput), 0.001);
    EXPECT_LT(changed(id, sobel, kInput), 0.001);
    // A blur keeps the brightness but changes detail; Sobel x (clamped) keeps
    // only the positive edges: mostly black.
    EXPECT_GT(changed(id, box, kOutput), 0.05);
    EXPECT_NEAR(meanLuma(box, kOutput), meanLuma(id, kOutput), meanLuma(id, kOutput) * 0.05);
    EXPECT_GT(changed(id, sobel, kOutput), 0.3);
    EXPECT_LT(meanLuma(sobel, kOutput), meanLuma(id, kOutput) * 0.5);
}

TEST_F(ImageLabGui, DivergingShowsSignedEdgesInColour) {
    const Picture p = shot("sobel-x", "--display diverging");
    ASSERT_TRUE(p.ok());
    long blue = 0, orange = 0;
    for (int y = kOutput.y0; y < kOutput.y1; ++y)
        for (int x = kOutput.x0; x < kOutput.x1; ++x) {
            const unsigned char* c = p.at(x, y);
            if (c[2] > c[0] + 60) ++blue;
            if (c[0] > c[2] + 60) ++orange;
        }
    EXPECT_GT(blue, 500);
    EXPECT_GT(orange, 500);
}

}  // namespace
