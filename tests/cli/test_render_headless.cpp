// `convscope render` with no display at all (DISPLAY and WAYLAND_DISPLAY
// unset, no xvfb-run): the frames come from the headless EGL context the GPU
// tests use (Mesa llvmpipe in CI). A GIF decoded back with giflib, one PNG,
// and the message when neither EGL nor a window can be had.
#include <gtest/gtest.h>

#include <filesystem>
#include <numeric>
#include <string>

#include "../support/gif_movie.h"
#include "../support/gui_harness.h"

namespace {

namespace fs = std::filesystem;

using cs::test::GifMovie;
using cs::test::loadGifMovie;
using cs::test::loadPicture;
using cs::test::Picture;

const std::string kSmall = " --size 640x400 --theme dark --scale 1 --fps 4";

class RenderHeadless : public cs::test::GuiTest {
protected:
    void SetUp() override {
        GuiTest::SetUp();
        binary_ = "env -u DISPLAY -u WAYLAND_DISPLAY " + binary_;
    }
    // Without EGL's drivers too: GLVND then finds no vendor at all.
    void withoutEgl() { binary_ = "env __EGL_VENDOR_LIBRARY_FILENAMES=/nonexistent/egl_vendor.json " + binary_; }
};

TEST_F(RenderHeadless, SeedLessonToAGifWithNoDisplay) {
    const fs::path gif = dir_ / "seed.gif";
    std::string out;
    ASSERT_EQ(run("render --lesson seed -o " + gif.string() + kSmall + " --hold-last 0.5", &out, false), 0) << out;
    EXPECT_NE(out.find("wrote " + gif.string()), std::string::npos) << out;
    const GifMovie m = loadGifMovie(gif);
    ASSERT_TRUE(m.ok()) << m.error;
    EXPECT_EQ(m.width, 640);
    EXPECT_EQ(m.height, 400);
    // 4 steps of 0.5 s and 0.5 s held; at least one image per step, and the
    // glide between them (frames that are neither step).
    EXPECT_EQ(std::accumulate(m.delays_cs.begin(), m.delays_cs.end(), 0), 250);
    EXPECT_GE(m.frames.size(), 4u);
    EXPECT_NE(m.frames.front().rgb, m.frames.back().rgb);
    // Drawn, not blank: the panels' text and grids give many colours.
    EXPECT_GT(cs::test::distinctColours(m.frames.back()), 20u);
}

TEST_F(RenderHeadless, OnePngWithNoDisplay) {
    const fs::path png = dir_ / "last.png";
    std::string out;
    ASSERT_EQ(run("render --lesson seed --steps 1-2 --hold-last 0 -o " + png.string() + kSmall, &out, false), 0) << out;
    const Picture p = loadPicture(png);
    ASSERT_TRUE(p.ok()) << out;
    EXPECT_EQ(p.width, 640);
    EXPECT_EQ(p.height, 400);
    EXPECT_GT(cs::test::distinctColours(p), 20u);
}

TEST_F(RenderHeadless, NoEglAndNoDisplaySaysBothAndWritesNothing) {
    withoutEgl();
    std::string out;
    EXPECT_EQ(run("render --lesson seed -o " + (dir_ / "none.gif").string() + kSmall, &out, false), 1) << out;
    EXPECT_NE(out.find("no OpenGL context"), std::string::npos) << out;
    EXPECT_NE(out.find("Headless EGL"), std::string::npos) << out;
    EXPECT_NE(out.find("no display"), std::string::npos) << out;
    EXPECT_NE(out.find("libegl-mesa0"), std::string::npos) << out;
    EXPECT_FALSE(fs::exists(dir_ / "none.gif"));
}

TEST_F(RenderHeadless, GlChoiceIsKeptToAndCheckedByName) {
    std::string out;
    // --gl window insists on a window: with no display it says so.
    EXPECT_EQ(run("render --lesson seed --gl window -o " + (dir_ / "w.gif").string() + kSmall, &out, false), 1) << out;
    EXPECT_NE(out.find("--gl window needs a display"), std::string::npos) << out;
    withoutEgl();
    EXPECT_EQ(run("render --lesson seed --gl egl -o " + (dir_ / "e.gif").string() + kSmall, &out, false), 1) << out;
    EXPECT_NE(out.find("no headless OpenGL context (EGL)"), std::string::npos) << out;
    EXPECT_EQ(run("render --lesson seed --gl glx -o " + (dir_ / "x.gif").string(), &out, false), 2) << out;
    EXPECT_NE(out.find("--gl needs auto, egl or window"), std::string::npos) << out;
    EXPECT_FALSE(fs::exists(dir_ / "w.gif"));
    EXPECT_FALSE(fs::exists(dir_ / "e.gif"));
}

// --screenshot draws on the same EGL context: no display, no xvfb-run. The
// PNG is the window's picture, pixel for pixel (a hidden window under Xvfb,
// --gl window, both Mesa llvmpipe here).
TEST_F(RenderHeadless, ScreenshotWithNoDisplayIsTheWindowsPicture) {
    const fs::path png = dir_ / "egl.png", window_png = dir_ / "window.png";
    const std::string args = " --lesson seed --step 2 --size 1280x720 --scale 1.5 --theme light --cpu --screenshot ";
    std::string out;
    ASSERT_EQ(run(args + png.string(), &out, false), 0) << out;
    const Picture p = loadPicture(png);
    ASSERT_TRUE(p.ok()) << out;
    EXPECT_EQ(p.width, 1280);
    EXPECT_EQ(p.height, 720);
    EXPECT_GT(cs::test::distinctColours(p), 20u);
    // --gl window insists on a window: with no display it says so and writes nothing.
    EXPECT_EQ(run(args + (dir_ / "none.png").string() + " --gl window", &out, false), 1) << out;
    EXPECT_FALSE(fs::exists(dir_ / "none.png"));
    binary_ = CONVSCOPE_BINARY;  // DISPLAY back: under xvfb-run, in a hidden window
    ASSERT_EQ(run(args + window_png.string() + " --gl window", &out, true), 0) << out;
    const Picture w = loadPicture(window_png);
    ASSERT_TRUE(w.ok()) << out;
    EXPECT_TRUE(w.rgb == p.rgb) << "the EGL screenshot differs from the window's";
}

}  // namespace
