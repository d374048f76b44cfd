#pragma once
// The GUI entry point: a GLFW window with a GL 4.3 core context, Dear ImGui,
// the App. With a screenshot path it renders a few frames offscreen, on the
// headless EGL context `convscope render` uses (no display needed; a hidden
// window only where EGL cannot be had, or with --gl window), reads them back
// and writes a PNG of exactly what the window would show, then exits.
//   convscope --lesson seed --step 2 --screenshot out.png --size 1920x1080
#include <functional>
#include <optional>
#include <string>

#include "app/pages.h"
#include "core/lab_resident.h"
#include "core/op_table.h"

namespace cs {

class App;
struct Image;

// The GL context of a headless job (`convscope render --gl`): Auto is EGL with
// no display (gpu/headless_context.h), else a hidden window; Egl and Window
// take only that one.
enum class HeadlessGl { Auto, Egl, Window };

struct GuiOptions {
    std::string lesson = "seed";  // the matrix lesson: built-in name or lesson file
    PageId page = PageId::Matrices;  // the page shown first (--lesson signals, image, --image ...)
    std::string page_lesson;      // the --lesson name that chose it ("signals-discrete-compare")
    std::string image;            // --image PATH: the lab's image ("" = first bundled sample)
    std::string image_kernel;     // --kernel SPEC: the lab's kernel preset ("sobel-x", "gaussian:9")
    std::string image_display;    // --display clamp|abs|minmax|diverging: the lab's output display
    std::optional<OpKind> op;     // --op NAME: the matrix lesson switched to this operation, as its menu does
    int step = 0;                 // 1-based step to show; 0: the first
    std::string panel;            // --panel formula|code|quiz: the matrix page's lower right tab ("" = formula); code and quiz also on the Layers page (quiz turns its quiz mode on); training and draw: the Network page's Training tab, its Draw input
    std::optional<double> quiz_answer;  // --answer V: typed for the quiz's next cell (screenshots, tests)
    std::string screenshot;       // PNG path: render and exit
    int width = 1600, height = 900;
    std::string theme;            // "light" / "dark"; empty: from the settings
    float scale = 0.f;            // text scale; 0: from the settings
    bool cpu_only = false;        // do not try the GPU engine
    bool present = false;         // --present: start in presenter mode
    // --glide-at F (hidden; a test and slide aid): the matrix page drawn F of
    // the way (0..1, in time) through the glide from step N-1 to --step N, as
    // a frame of playback shows it (core/step_motion.h); 1 is the settled step.
    std::optional<double> glide_at;
    // --ask-open NAME (hidden; a test and screenshot aid): on the Layers page
    // the shown stage's first input value is edited and NAME asked to open,
    // so the "Unsaved edits" question is on screen.
    std::string ask_open;
    // --layers-stage N (hidden; a test and screenshot aid): the Layers pipeline's
    // stage N (1-based, as its bar counts) on show; 0: the lesson's own.
    int layers_stage = 0;
    // --settle-frames N (hidden; a test aid): --screenshot draws N frames
    // before the one it writes (default 4), so a test can shoot the same
    // state one frame later and see that the layout holds still.
    int settle_frames = 4;
    // --train-preview N (hidden; a test and screenshot aid): the Network page's
    // Training tab after the in-app trainer ran N batches on a 1000-image
    // subset (app/page_network.cpp); 0: off.
    int train_preview = 0;
    // --lab-path auto|cpu|gpu (hidden; a measurement and screenshot aid): the
    // image lab's path fixed by hand (core/lab_resident.h); auto chooses.
    LabPathChoice lab_path = LabPathChoice::Auto;
    // --bench-startup (hidden; bench/startup_and_drag.py): prints
    // "convscope-timing LABEL SECONDS" lines on stderr (steady clock, which is
    // CLOCK_MONOTONIC: Python's time.monotonic()) at the start, the window, the
    // engines, the opened page and the first frame swapped, then exits; on the
    // image lab it goes on to the first frame showing the full result
    // ("first_result").
    bool bench_startup = false;
    // --bench-drag N (hidden; the same script): on the image lab, single edits
    // of the kernel's centre value each timed to the swap of the frame that
    // shows their full result, then a drag of that value over N frames
    // (frames per second, results shown) and the time from its last edit to
    // its full result; prints "convscope-bench KEY VALUE" lines. 0: off.
    int bench_drag_frames = 0;
    HeadlessGl headless_gl = HeadlessGl::Auto;  // runHeadless's and --screenshot's context (--gl)
    double monkey_seconds = 0;    // --monkey SECONDS: random input for that long (app/monkey.h)
    unsigned monkey_seed = 1;     // --seed N: the monkey's random sequence
};

// Exit status: 0, or 1 when there is no display / no usable GL / the lesson
// or screenshot cannot be read or written (with a message on stderr).
int runGui(const GuiOptions& options);

// Frames of the app drawn offscreen and read back, for `convscope render`
// (app/render_main.h): each call advances the app by dt seconds (playback,
// animation) through the same frame function the window uses.
class FrameSource {
public:
    virtual ~FrameSource() = default;
    // One frame into `out` (RGB, top row first, the window's size). "" or the error.
    virtual std::string render(double dt, Image& out) = 0;
};
using HeadlessJob = std::function<int(App& app, FrameSource& frames)>;

// Opens the app as a screenshot does (the lesson, page, size, theme and scale
// of `options`) but with no window: on a headless EGL context, no display
// needed, or where EGL cannot be had a hidden window (a display or xvfb-run);
// `options.headless_gl` can insist on one. Runs `job` and returns its exit
// status; 1 with a message naming both failures when the app cannot start.
int runHeadless(const GuiOptions& options, const HeadlessJob& job);

// Parses the GUI options (argv without a subcommand). Returns false with a
// message in `error` for an unknown option or a bad value; sets `help`.
bool parseGuiOptions(int argc, char** argv, GuiOptions& options, bool& help, std::string& error);
// The usage text of the GUI options.
std::string guiUsage();

}  // namespace cs
