// `convscope render` under Xvfb: the seed lesson played into a GIF (decoded
// back with giflib), a folder of numbered PNGs and one PNG, and the options
// it refuses; EGL's frames against a hidden window's; Export... in the app.
// Small frames and a low frame rate keep each run short.
#include <gtest/gtest.h>
#include <imgui.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <numeric>
#include <sstream>
#include <string>
#include <thread>

#include "../support/gif_movie.h"
#include "../support/gui_harness.h"
#include "app/app.h"
#include "app/export_job.h"
#include "io/lesson_json.h"

namespace {

namespace fs = std::filesystem;

using cs::test::GifMovie;
using cs::test::loadGifMovie;
using cs::test::loadPicture;
using cs::test::Picture;

// The seed lesson has 4 steps; at the app's 2 steps a second each lasts 0.5 s.
constexpr int kSeedSteps = 4;
const std::string kSmall = " --size 640x400 --theme dark --scale 1 --fps 4";

class Render : public cs::test::GuiTest {};

bool samePixels(const Picture& a, const Picture& b) { return a.width == b.width && a.rgb == b.rgb; }

TEST_F(Render, SeedLessonToAnAnimatedGif) {
    const fs::path gif = dir_ / "seed.gif";
    std::string out;
    ASSERT_EQ(run("render --lesson seed -o " + gif.string() + kSmall + " --hold-last 0.5", &out), 0) << out;
    EXPECT_NE(out.find("wrote " + gif.string()), std::string::npos) << out;
    const GifMovie m = loadGifMovie(gif);
    ASSERT_TRUE(m.ok()) << m.error;
    EXPECT_EQ(m.width, 640);
    EXPECT_EQ(m.height, 400);
    EXPECT_TRUE(m.loops);
    // 4 steps of 0.5 s and the last held 0.5 s more: 2.5 s, however many
    // identical frames were merged into longer images.
    EXPECT_EQ(std::accumulate(m.delays_cs.begin(), m.delays_cs.end(), 0), 250);
    ASSERT_GE(m.frames.size(), static_cast<std::size_t>(kSeedSteps)) << "a step is missing";
    EXPECT_FALSE(samePixels(m.frames.front(), m.frames.back()));
    for (std::size_t i = 1; i < m.frames.size(); ++i)
        EXPECT_FALSE(samePixels(m.frames[i - 1], m.frames[i])) << "images " << i - 1 << " and " << i << " should have merged";
    EXPECT_EQ(std::vector<std::string>{"seed.gif"}, [&] {
        std::vector<std::string> names;
        for (const auto& e : fs::directory_iterator(dir_))
            if (e.path().extension() == ".gif" || e.path().filename().string().find(".tmp") != std::string::npos)
                names.push_back(e.path().filename().string());
        return names;
    }()) << "a temporary file was left";
}

TEST_F(Render, FolderOfNumberedPngsOnePerFrame) {
    const fs::path folder = dir_ / "frames";
    fs::create_directories(folder);
    { std::ofstream(folder / "frame_0099.png") << "from an earlier, longer render"; }
    std::string out;
    // Steps 2-3 (0.5 s each) and 0.5 s held at 4 fps: 6 frames.
    ASSERT_EQ(run("render --lesson seed --steps 2-3 --hold-last 0.5 --stage-only -o " + folder.string() + "/" + kSmall,
                  &out),
              0)
        << out;
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(folder)) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    EXPECT_EQ(names, (std::vector<std::string>{"frame_0001.png", "frame_0002.png", "frame_0003.png", "frame_0004.png",
                                               "frame_0005.png", "frame_0006.png"}));
    const Picture first = loadPicture(folder / "frame_0001.png"), last = loadPicture(folder / "frame_0006.png");
    ASSERT_TRUE(first.ok());
    ASSERT_TRUE(last.ok());
    EXPECT_EQ(first.width, 640);
    EXPECT_EQ(first.height, 400);
    EXPECT_FALSE(samePixels(first, last)) << "step 2 and step 3 look the same";
    // Steps 2 and 3 hold 2 frames each: frames 1-2 are step 2, 5-6 step 3 held.
    EXPECT_TRUE(samePixels(last, loadPicture(folder / "frame_0005.png")));
}

TEST_F(Render, OnePngIsTheLastStepAsTheAppShowsIt) {
    const fs::path png = dir_ / "last.png", shot = dir_ / "shot.png";
    std::string out;
    ASSERT_EQ(run("render --lesson seed --steps 1-2 --hold-last 0 -o " + png.string() + kSmall, &out), 0) << out;
    const Picture rendered = loadPicture(png);
    ASSERT_TRUE(rendered.ok());
    EXPECT_EQ(rendered.width, 640);
    // The same state through --screenshot: step 2, paused.
    const Picture still =
        shoot("--lesson seed --step 2 --size 640x400 --theme dark --scale 1 --screenshot " + shot.string(), shot);
    ASSERT_TRUE(still.ok());
    EXPECT_TRUE(samePixels(rendered, still));
}

TEST_F(Render, OtherPagesPlayTheirOwnStepperAndTheImageLabHasNone) {
    const fs::path gif = dir_ / "batchnorm.gif";
    std::string out;
    // The layers page's batch norm lesson: 2 steps of 0.5 s at 2 fps.
    ASSERT_EQ(run("render --lesson batchnorm --steps 1-2 --hold-last 0 -o " + gif.string() +
                      " --size 640x400 --theme dark --scale 1 --fps 2",
                  &out),
              0)
        << out;
    const GifMovie m = loadGifMovie(gif);
    ASSERT_TRUE(m.ok()) << m.error;
    EXPECT_EQ(m.frames.size(), 2u);
    EXPECT_EQ(std::accumulate(m.delays_cs.begin(), m.delays_cs.end(), 0), 100);
    EXPECT_EQ(run("render --lesson image -o " + (dir_ / "lab.gif").string() + kSmall, &out), 2) << out;
    EXPECT_NE(out.find("no steps"), std::string::npos) << out;
    EXPECT_FALSE(fs::exists(dir_ / "lab.gif"));
}

TEST_F(Render, BadOptionsAreRefusedWithExitTwo) {
    const std::string gif = (dir_ / "x.gif").string();
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"render --lesson seed --fps 0 -o " + gif, "--fps"},
        {"render --lesson seed --steps 5-2 -o " + gif, "--steps"},
        {"render --lesson seed --steps 2-9 -o " + gif + kSmall, "4 steps"},  // known once the lesson is open
        {"render --lesson seed --theme blue -o " + gif, "--theme"},
        {"render --lesson seed --size 10x10 -o " + gif, "--size"},
        {"render --lesson seed", "-o"},
        {"render --lesson seed -o " + (dir_ / "x.txt").string(), ".gif"},
        {"render --lesson seed --bogus -o " + gif, "--bogus"},
    };
    for (const auto& [args, word] : cases) {
        std::string out;
        // Options are checked before a window opens; only the step count needs the app (and Xvfb).
        const bool needs_app = args.find("2-9") != std::string::npos;
        EXPECT_EQ(run(args, &out, needs_app), 2) << args << "\n" << out;
        EXPECT_NE(out.find(word), std::string::npos) << args << "\n" << out;
    }
    EXPECT_FALSE(fs::exists(gif));
}

TEST_F(Render, UnwritableOutputExitsOne) {
    std::string out;
    EXPECT_EQ(run("render --lesson seed -o /proc/convscope-no/x.gif" + kSmall, &out), 1) << out;
    EXPECT_NE(out.find("/proc/convscope-no"), std::string::npos) << out;
    // With no display at all render draws through EGL: tests/cli/test_render_headless.cpp.
}

// The headless EGL context and a hidden window on the display draw the same
// frames, pixel for pixel, glide included (both Mesa llvmpipe here).
TEST_F(Render, EglFramesEqualAHiddenWindowsFrames) {
    const fs::path egl = dir_ / "egl.gif", window = dir_ / "window.gif";
    std::string out;
    const std::string args = " --lesson seed --steps 1-3 --hold-last 0" + kSmall;
    ASSERT_EQ(run("render --gl egl -o " + egl.string() + args, &out), 0) << out;
    ASSERT_EQ(run("render --gl window -o " + window.string() + args, &out), 0) << out;
    const GifMovie a = loadGifMovie(egl), b = loadGifMovie(window);
    ASSERT_TRUE(a.ok()) << a.error;
    ASSERT_TRUE(b.ok()) << b.error;
    EXPECT_EQ(a.delays_cs, b.delays_cs);
    ASSERT_EQ(a.frames.size(), b.frames.size());
    EXPECT_GE(a.frames.size(), 3u);
    for (std::size_t i = 0; i < a.frames.size(); ++i) EXPECT_TRUE(samePixels(a.frames[i], b.frames[i])) << "image " << i;
}

TEST_F(Render, HelpListsRender) {
    std::string out;
    EXPECT_EQ(run("--help", &out, false), 0);
    EXPECT_NE(out.find("convscope render"), std::string::npos) << out;
    EXPECT_EQ(run("render --help", &out, false), 0);
    EXPECT_NE(out.find("--stage-only"), std::string::npos) << out;
}

}  // namespace

// Export... in the app runs `convscope render` as a child (app/export_job.h);
// here the child is started as the app would, under xvfb-run.
namespace {

bool waitFor(cs::ExportJob& job, double seconds) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (job.running() && std::chrono::steady_clock::now() < until) {
        job.poll();
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    job.poll();
    return !job.running();
}

TEST_F(Render, ExportJobFollowsTheChildToTheEnd) {
    const fs::path gif = dir_ / "export.gif";
    cs::ExportJob job;
    std::string error;
    ASSERT_TRUE(job.start({"xvfb-run", "-a", CONVSCOPE_BINARY, "render", "--lesson", "seed", "-o", gif.string(), "--size",
                           "640x400", "--fps", "4", "--hold-last", "0", "--progress-lines"},
                          error))
        << error;
    EXPECT_TRUE(job.running());
    ASSERT_TRUE(waitFor(job, 60.0)) << "the export did not end";
    EXPECT_EQ(job.exitStatus(), 0) << job.lastLine();
    EXPECT_DOUBLE_EQ(job.progress(), 1.0);
    EXPECT_NE(job.lastLine().find("wrote " + gif.string()), std::string::npos) << job.lastLine();
    EXPECT_TRUE(loadGifMovie(gif).ok());
}

// Export... as the button asks for it: the file browser's choice lands in
// UiState::export_path, the matrix page's update starts the child, the top
// bar follows ui.exporting / export_progress, and the page says how it ended.
// The app runs in this process (no window; the child draws through EGL).
// Export... as the button does it: a file chosen sets ui.export_path, the
// app's update carries it out; `prepare` puts the app on the page to export.
// Returns the GIF read back.
GifMovie exportThroughTheApp(const fs::path& dir, const fs::path& gif, const std::function<void(cs::App&)>& prepare) {
    ::setenv("XDG_CONFIG_HOME", (dir / "config").c_str(), 1);
    ::unsetenv("DISPLAY");  // the child inherits this: it must do without one
    ::unsetenv("WAYLAND_DISPLAY");
    ImGui::CreateContext();
    ImGui::GetIO().DisplaySize = ImVec2(640, 400);  // the export's frame size
    cs::setExportProgram(CONVSCOPE_BINARY);
    {
        cs::App app(cs::loadLesson("seed"), cs::AppSettings{}, nullptr, "");
        prepare(app);
        app.ui().export_path = gif.string();  // drawExportButton, a file chosen
        app.update(1.0 / 60);
        EXPECT_TRUE(app.ui().export_path.empty());
        EXPECT_TRUE(app.ui().exporting) << app.ui().message.text;
        EXPECT_NE(app.ui().message.text.find("Exporting to"), std::string::npos) << app.ui().message.text;
        float progress = 0.f;
        const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(120);
        while (app.ui().exporting && std::chrono::steady_clock::now() < until) {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
            app.update(1.0 / 60);
            EXPECT_GE(app.ui().export_progress, progress) << "the bar went back";
            progress = app.ui().export_progress;
        }
        EXPECT_FALSE(app.ui().exporting) << "the export did not end";
        EXPECT_FALSE(app.ui().message.is_error) << app.ui().message.text;
        EXPECT_EQ(app.ui().message.text, "Exported to " + gif.string() + ".");
        EXPECT_FLOAT_EQ(progress, 1.f);
    }
    cs::setExportProgram("/proc/self/exe");
    ImGui::DestroyContext();
    // The temporary lesson file the child read is gone.
    EXPECT_FALSE(fs::exists(fs::temp_directory_path() / ("convscope-export-" + std::to_string(::getpid()) + ".json")));
    return loadGifMovie(gif);
}

// The movie's length in seconds (its delays).
double movieSeconds(const GifMovie& m) {
    int cs = 0;
    for (int d : m.delays_cs) cs += d;
    return cs / 100.0;
}

TEST_F(Render, ExportRequestedThroughUiStateWritesAGif) {
    const fs::path gif = dir_ / "button.gif";
    const GifMovie m = exportThroughTheApp(dir_, gif, [](cs::App&) {});
    ASSERT_TRUE(m.ok()) << m.error;
    EXPECT_EQ(m.width, 640);
    EXPECT_EQ(m.height, 400);
    EXPECT_GE(m.frames.size(), static_cast<std::size_t>(kSeedSteps));
}

// Export... on the Layers page plays that page: the relu lesson's 16 steps at
// 2 a second and the 1.5 s hold (9.5 s), not the seed's 4 (3.5 s). The
// export reads a session, whose page is the one on show.
TEST_F(Render, ExportFromTheLayersPagePlaysItsSteps) {
    const fs::path gif = dir_ / "relu.gif";
    const GifMovie m = exportThroughTheApp(dir_, gif, [](cs::App& app) {
        app.showPage(cs::PageId::Layers);
        app.layers() = *cs::builtinLayersLesson("relu");
        app.layers().touch();
        app.layersView().update(app.layers());
    });
    ASSERT_TRUE(m.ok()) << m.error;
    EXPECT_EQ(m.width, 640);
    EXPECT_NEAR(movieSeconds(m), 16 * 0.5 + 1.5, 0.35);
}

TEST_F(Render, ExportJobSaysWhyItFailedAndWhenItCannotStart) {
    cs::ExportJob job;
    std::string error;
    ASSERT_TRUE(job.start({CONVSCOPE_BINARY, "render", "--fps", "0", "-o", (dir_ / "x.gif").string()}, error)) << error;
    ASSERT_TRUE(waitFor(job, 30.0));
    EXPECT_EQ(job.exitStatus(), 2);
    EXPECT_FALSE(job.lastLine().empty());
    cs::ExportJob missing;
    EXPECT_FALSE(missing.start({"/nonexistent/convscope"}, error));
    EXPECT_NE(error.find("/nonexistent/convscope"), std::string::npos) << error;
    EXPECT_FALSE(missing.running());
}

TEST_F(Render, ExportJobCancelStopsTheChildAndWritesNothing) {
    const fs::path gif = dir_ / "cancelled.gif";
    cs::ExportJob job;
    std::string error;
    // 16 steps at 50 fps and a minute held: far longer than the test waits.
    ASSERT_TRUE(job.start({"xvfb-run", "-a", CONVSCOPE_BINARY, "render", "--lesson", "no_padding_no_strides_transposed",
                           "-o", gif.string(), "--size", "640x400", "--fps", "50", "--hold-last", "60",
                           "--progress-lines"},
                          error))
        << error;
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (job.running() && job.progress() == 0.0 && std::chrono::steady_clock::now() < until) {
        job.poll();
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ASSERT_TRUE(job.running()) << job.lastLine();
    job.cancel();
    ASSERT_TRUE(waitFor(job, 30.0)) << "cancel did not stop the child";
    EXPECT_NE(job.exitStatus(), 0);
    EXPECT_FALSE(fs::exists(gif));
}

}  // namespace
