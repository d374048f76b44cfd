// The Network page in the real app under Xvfb (issue 11): it renders at the
// classroom sizes with the shipped model and the test gallery, an image given
// with --image becomes the input (another picture), and one that will not
// load fails the command.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "../support/gui_harness.h"

namespace {

namespace fs = std::filesystem;

using cs::test::distinctColours;
using cs::test::Picture;

class NetworkGui : public cs::test::GuiTest {
protected:
    Picture shot(const std::string& size, const std::string& scale, const std::string& extra = "") {
        const fs::path png = dir_ / ("network_" + size + "_" + scale + (extra.empty() ? "" : "_x") + ".png");
        return shoot("--lesson network --screenshot " + png.string() + " --size " + size + " --theme dark --scale " + scale +
                         " --cpu " + extra,
                     png);
    }
};

TEST_F(NetworkGui, RendersAtTheClassroomSizes) {
    for (const auto& [size, scale, width] : {std::tuple{"1280x720", "1.5", 1280}, {"1920x1080", "2", 1920}}) {
        const Picture p = shot(size, scale);
        ASSERT_TRUE(p.ok()) << size;
        EXPECT_EQ(p.width, width);
        // The maps are coloured by value: hundreds of colours, not a blank page.
        EXPECT_GT(distinctColours(p), 400u) << size << " x" << scale << " looks blank";
    }
}

// --panel training shows the Training tab instead of the layers' maps.
TEST_F(NetworkGui, TheTrainingTabRendersAtTheClassroomSizes) {
    for (const auto& [size, scale] : {std::tuple{"1280x720", "1.5"}, {"1920x1080", "2"}}) {
        const Picture layers = shot(size, scale), training = shot(size, scale, "--panel training");
        ASSERT_TRUE(layers.ok() && training.ok()) << size;
        EXPECT_NE(layers.rgb, training.rgb) << size;
        EXPECT_GT(distinctColours(training), 100u) << size << " looks blank";
    }
    std::string out;
    EXPECT_NE(run("--lesson network --cpu --panel nonsense --screenshot '" + (dir_ / "bad.png").string() + "'", &out), 0);
    EXPECT_NE(out.find("training"), std::string::npos) << out;
}

TEST_F(NetworkGui, AnImageFileBecomesTheInput) {
    const std::string image = std::string(CONVSCOPE_ASSETS) + "/images/camera.png";
    const Picture gallery = shot("1280x720", "1.5"), file = shot("1280x720", "1.5", "--image " + image);
    ASSERT_TRUE(gallery.ok() && file.ok());
    EXPECT_NE(gallery.rgb, file.rgb);
    const fs::path png = dir_ / "never.png";
    std::string out;
    EXPECT_NE(run("--lesson network --cpu --image '" + (dir_ / "missing.png").string() + "' --screenshot '" + png.string() + "'", &out), 0)
        << "an image that will not load fails the command";
    EXPECT_NE(out.find("missing.png"), std::string::npos) << out;
    EXPECT_FALSE(fs::exists(png));
}

// --panel draw opens on the Draw tab: the blank canvas is the input, so the
// page differs from the gallery's first image.
TEST_F(NetworkGui, TheDrawTabRendersAtTheClassroomSizes) {
    for (const auto& [size, scale] : {std::tuple{"1280x720", "1.5"}, {"1920x1080", "2"}}) {
        const Picture gallery = shot(size, scale), draw = shot(size, scale, "--panel draw");
        ASSERT_TRUE(gallery.ok() && draw.ok()) << size;
        EXPECT_NE(gallery.rgb, draw.rgb) << size;
    }
}

// --train-preview: the trainer ran before the screenshot (curves, confusion
// matrix, misclassified images: far more colours than the idle tab).
TEST_F(NetworkGui, TheTrainingPreviewShowsARunUnderWay) {
    const Picture idle = shot("1280x720", "1.5", "--panel training");
    const Picture run = shot("1280x720", "1.5", "--train-preview 25");
    ASSERT_TRUE(idle.ok() && run.ok());
    EXPECT_NE(idle.rgb, run.rgb);
    EXPECT_GT(distinctColours(run), distinctColours(idle));
}

}  // namespace
