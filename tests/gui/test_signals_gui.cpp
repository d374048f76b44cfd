// The signals lesson in the real app under Xvfb: every mode renders, and as t
// moves the flipped g slides right across the stage. Fresh XDG_CONFIG_HOME per
// test, so saved text size or theme cannot change the pictures.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "../support/gui_harness.h"

namespace {

namespace fs = std::filesystem;

using cs::test::distinctColours;
using cs::test::Picture;

// Where the moving function is: pixels of exactly its colour (the dark theme's
// orange) in the upper stage, right of the controls.
struct Centroid {
    double x = 0;
    long count = 0;
};
Centroid movingCurve(const Picture& p) {
    Centroid c;
    for (int y = p.height / 8; y < p.height / 2; ++y)
        for (int x = p.width * 3 / 10; x < p.width; ++x) {
            const unsigned char* px = p.at(x, y);
            if (px[0] == 255 && px[1] == 170 && px[2] == 40) c.x += x, ++c.count;
        }
    if (c.count) c.x /= static_cast<double>(c.count);
    return c;
}

class SignalsGui : public cs::test::GuiTest {
protected:
    Picture shot(const std::string& lesson, int step) {
        const fs::path png = dir_ / (lesson + "_" + std::to_string(step) + ".png");
        return shoot("--lesson " + lesson + " --step " + std::to_string(step) + " --screenshot " + png.string() +
                         " --size 1600x900 --theme dark --scale 1 --cpu",
                     png);
    }
};

TEST_F(SignalsGui, EveryModeRenders) {
    for (const char* lesson : {"signals", "signals-discrete", "signals-compare", "signals-discrete-compare",
                               "signals-xcorr", "signals-autocorr"}) {
        const Picture p = shot(lesson, 3);
        ASSERT_TRUE(p.ok()) << lesson;
        EXPECT_EQ(p.width, 1600);
        EXPECT_GT(distinctColours(p), 50u) << lesson << " looks blank";
    }
}

TEST_F(SignalsGui, FlippedGSlidesRightAsTGrows) {
    const Picture early = shot("signals", 80), late = shot("signals", 180);
    ASSERT_TRUE(early.ok() && late.ok());
    EXPECT_NE(early.rgb, late.rgb);
    const Centroid a = movingCurve(early), b = movingCurve(late);
    ASSERT_GT(a.count, 100);
    ASSERT_GT(b.count, 100);
    EXPECT_GT(b.x, a.x + 50) << a.x << " -> " << b.x;
}

TEST_F(SignalsGui, DiscreteOutputFillsIn) {
    const Picture first = shot("signals-discrete", 1), later = shot("signals-discrete", 6);
    ASSERT_TRUE(first.ok() && later.ok());
    EXPECT_NE(first.rgb, later.rgb);
}

}  // namespace
