// The Layers page in the real app under Xvfb (issue 10): every layer lesson
// renders at the sizes the README promises, playback changes the picture, and
// a lesson file with a layer op opens on the Layers page.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

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
