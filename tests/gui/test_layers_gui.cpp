// The Layers page in the real app under Xvfb (issue 10): every layer lesson
// renders at the sizes the README promises, playback changes the picture, and
// a lesson file with a layer op opens on the Layers page.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "../support/gui_harness.h"

namespace {

namespace fs = std::filesystem;

using cs::test::distinctColours;
using cs::test::Picture;

class LayersGui : public cs::test::GuiTest {
protected:
    Picture shot(const std::string& lesson, int step, const std::string& size = "1600x900", const std::string& scale = "1",
                 const std::string& extra = "") {
        const fs::path png = dir_ / (fs::path(lesson).stem().string() + "_" + std::to_string(step) + "_" + size + "_" +
                                     scale + (extra.empty() ? "" : "_extra") + ".png");
        return shoot("--lesson " + lesson + " --step " + std::to_string(step) + " --screenshot " + png.string() +
                         " --size " + size + " --theme dark --scale " + scale + " --cpu " + extra,
                     png);
    }
};

TEST_F(LayersGui, EveryLayerLessonRendersAtEachSize) {
    for (const char* lesson : {"relu", "batchnorm", "flatten", "softmax", "linear", "pipeline"})
        for (const auto& [size, scale] : {std::pair{"1600x900", "1"}, {"1280x720", "1"}, {"1280x720", "1.5"}}) {
            const Picture p = shot(lesson, 3, size, scale);
            ASSERT_TRUE(p.ok()) << lesson << " " << size;
            EXPECT_EQ(p.width, size[0] == '1' && size[1] == '6' ? 1600 : 1280);
            EXPECT_GT(distinctColours(p), 50u) << lesson << " at " << size << " x" << scale << " looks blank";
        }
}

TEST_F(LayersGui, SteppingChangesThePicture) {
    for (const char* lesson : {"relu", "batchnorm", "softmax", "pipeline"}) {
        const Picture first = shot(lesson, 1), later = shot(lesson, 4);
        ASSERT_TRUE(first.ok() && later.ok()) << lesson;
        EXPECT_NE(first.rgb, later.rgb) << lesson;
    }
}

TEST_F(LayersGui, ALessonFileWithALayerOpOpensOnTheLayersPage) {
    const fs::path file = dir_ / "mine.json";
    std::ofstream(file) << R"({"convscope_lesson": 1, "name": "relu", "title": "ReLU: negatives become 0, the rest pass unchanged",
        "op": "relu", "input": [[1, -2, 3, -1], [-3, 0, 2, -4], [2, -1, -2, 1], [0, 3, -3, 2]]})";
    const Picture from_file = shot(file.string(), 3), builtin = shot("relu", 3);
    ASSERT_TRUE(from_file.ok() && builtin.ok());
    EXPECT_EQ(from_file.rgb, builtin.rgb) << "the file's lesson is the built-in relu lesson, on the same page";
}

// The Code tab beside the step panel: --panel code selects it, so the lower
// pane shows the code instead of the step's words.
TEST_F(LayersGui, PanelCodeShowsTheCodeTab) {
    for (const char* lesson : {"linear", "pipeline"}) {
        const Picture step = shot(lesson, 2), code = shot(lesson, 2, "1600x900", "1", "--panel code");
        ASSERT_TRUE(step.ok() && code.ok()) << lesson;
        EXPECT_NE(step.rgb, code.rgb) << lesson << ": --panel code did not change the lower pane";
    }
}

}  // namespace

namespace {

// The rows y0..y1 (fractions of the height) right of x0: the stage, above the lower pane.
std::vector<unsigned char> region(const Picture& p, double x0, double y0, double y1) {
    std::vector<unsigned char> out;
    for (int y = static_cast<int>(p.height * y0); y < static_cast<int>(p.height * y1); ++y)
        for (int x = static_cast<int>(p.width * x0); x < p.width; ++x) out.insert(out.end(), p.at(x, y), p.at(x, y) + 3);
    return out;
}

// Pixels in the lower right pane (the Quiz tab) that are strongly red or green.
std::pair<int, int> verdictColours(const Picture& p) {
    int red = 0, green = 0;
    for (int y = static_cast<int>(p.height * 0.7); y < p.height - 60; ++y)
        for (int x = static_cast<int>(p.width * 0.3); x < p.width; ++x) {
            const unsigned char* c = p.at(x, y);
            if (c[0] > 170 && c[1] < 140 && c[2] < 140) ++red;
            if (c[1] > 150 && c[0] < 150 && c[2] < 160) ++green;
        }
    return {red, green};
}

}  // namespace

namespace {

// The quiz on the Layers page (issue 14): --panel quiz turns quiz mode on at
// the Quiz tab; --answer is what a student types for the next element.
// ReLU's step 2 is max(-2, 0) = 0: -2 is the kept negative, 0 is right.
TEST_F(LayersGui, QuizShowsTheVerdictOnTheLayersPage) {
    const Picture asked = shot("relu", 1, "1600x900", "1", "--panel quiz");
    const Picture wrong = shot("relu", 1, "1600x900", "1", "--panel quiz --answer -2");
    const Picture right = shot("relu", 1, "1600x900", "1", "--panel quiz --answer 0");
    ASSERT_TRUE(asked.ok() && wrong.ok() && right.ok());
    EXPECT_NE(asked.rgb, wrong.rgb) << "a wrong answer shows its diagnosis";
    EXPECT_NE(wrong.rgb, right.rgb);
    const auto [asked_red, asked_green] = verdictColours(asked);
    const auto [wrong_red, wrong_green] = verdictColours(wrong);
    const auto [right_red, right_green] = verdictColours(right);
    EXPECT_GT(wrong_red, asked_red + 50) << "the diagnosis is in the error colour";
    EXPECT_GT(right_green, asked_green + 50) << "a right answer is in the good colour";
    (void)asked_red, (void)wrong_green, (void)right_red;
    // A wrong answer reveals nothing: the stage is as it was; a right one shows the next element.
    EXPECT_EQ(region(asked, 0.3, 0.08, 0.6), region(wrong, 0.3, 0.08, 0.6));
    EXPECT_NE(region(asked, 0.3, 0.08, 0.6), region(right, 0.3, 0.08, 0.6));
}

// Quiz mode keeps the stepper at the last element revealed: --step 6 shows what step 1 shows.
TEST_F(LayersGui, QuizModeHidesTheNextElements) {
    for (const char* lesson : {"relu", "softmax", "pipeline"}) {
        const Picture first = shot(lesson, 1, "1600x900", "1", "--panel quiz");
        const Picture later = shot(lesson, 6, "1600x900", "1", "--panel quiz");
        ASSERT_TRUE(first.ok() && later.ok()) << lesson;
        EXPECT_EQ(region(first, 0.3, 0.08, 0.6), region(later, 0.3, 0.08, 0.6)) << lesson;
    }
}

}  // namespace

namespace {

// The stage's cell in pixels (issue 13): in the stage's part of the picture
// (right of the editor column, between the pipeline bar and the step pane) the
// leftmost run of columns in the dark theme's window outline colour is the
// input window, `window` cells wide, less the antialiased pixel at each edge
// (as test_gui.cpp's windowCellPixels reads the Matrices page).
double stageCellPixels(const Picture& p, int window) {
    std::vector<char> column(static_cast<std::size_t>(p.width), 0);
    for (int y = static_cast<int>(p.height * 0.2); y < static_cast<int>(p.height * 0.62); ++y)
        for (int x = static_cast<int>(p.width * 0.4); x < p.width; ++x) {
            const unsigned char* px = p.at(x, y);
            if (px[0] == 255 && px[1] == 170 && px[2] == 40) column[static_cast<std::size_t>(x)] = 1;
        }
    int first = 0;
    while (first < p.width && !column[static_cast<std::size_t>(first)]) ++first;
    int last = first;
    while (last + 1 < p.width && column[static_cast<std::size_t>(last + 1)]) ++last;
    return first < p.width ? (last - first + 1 + 2) / static_cast<double>(window) : 0.0;
}

// In front of a class (a 1280x720 projector at 150%) the pipeline's conv
// (two 4x4 outputs) and max pool (two channels, two outputs) read from the
// back: the maps go side by side where the panel is wide and low. Before,
// stacked, they had ~18 px cells with half the width empty.
TEST_F(LayersGui, PipelineWindowStagesAreReadableOnASmallProjector) {
    const Picture conv = shot("pipeline", 2, "1280x720", "1.5");
    const Picture pool = shot("pipeline", 2, "1280x720", "1.5", "--layers-stage 4");
    ASSERT_TRUE(conv.ok() && pool.ok());
    const double c = stageCellPixels(conv, 3), m = stageCellPixels(pool, 2);
    std::printf("Layers pipeline at 1280x720 and 150%%: conv cell %.1f px, max pool cell %.1f px\n", c, m);
    EXPECT_GE(c, 26.0) << "conv";
    EXPECT_GE(m, 26.0) << "max pool";
    EXPECT_NE(conv.rgb, pool.rgb) << "--layers-stage 4 did not show the max pool";
}

}  // namespace
