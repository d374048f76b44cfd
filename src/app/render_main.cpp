#include "app/render_main.h"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <regex>
#include <string>
#include <vector>

#include "app/app.h"
#include "app/gui_main.h"
#include "core/image.h"
#include "core/stepper.h"
#include "io/gif_writer.h"
#include "io/image_io.h"
#include "io/text_file.h"

namespace cs {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr int kMaxFps = 50;          // GIF delays are hundredths of a second; viewers slow anything under 2
constexpr double kMaxHold = 60.0;
constexpr long kMaxFrames = 10000;   // about 17 minutes at 10 fps
constexpr int kSettleFrames = 4;     // as --screenshot: the layout uses last frame's sizes

enum class OutKind { Gif, Folder, Png };

struct RenderOptions {
    GuiOptions gui;
    std::string out;
    OutKind kind = OutKind::Gif;
    int fps = 10;
    int first = 0, last = 0;  // 1-based steps; 0: the first / the last
    bool stage_only = false;
    double hold_last = 1.5;
    bool progress_lines = false;  // "frame K of N" lines whatever stderr is (for the app's Export...)
};

bool toInt(const std::string& s, int& out) {
    const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && p == s.data() + s.size();
}

bool toDouble(const std::string& s, double& out) {
    try {
        std::size_t used = 0;
        out = std::stod(s, &used);
        return used == s.size() && std::isfinite(out);
    } catch (...) {
        return false;
    }
}

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// Returns false with `error` for a bad option; `help` for -h/--help.
bool parseRenderOptions(int argc, char** argv, RenderOptions& r, bool& help, std::string& error) {
    help = false;
    r.gui.width = 1280;
    r.gui.height = 720;
    // The app's own options pass through its parser (same checks, same messages).
    std::vector<char*> app_argv = {argv[0]};
    for (int i = 2; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&](std::string& out) {
            if (i + 1 >= argc) return error = a + " needs a value", false;
            out = argv[++i];
            return true;
        };
        std::string v;
        if (a == "-h" || a == "--help") {
            help = true;
        } else if (a == "-o" || a == "--output") {
            if (!value(r.out)) return false;
        } else if (a == "--fps") {
            if (!value(v)) return false;
            if (!toInt(v, r.fps) || r.fps < 1 || r.fps > kMaxFps)
                return error = "--fps needs a whole number from 1 to " + std::to_string(kMaxFps) + ", got \"" + v + "\"",
                       false;
        } else if (a == "--steps") {
            if (!value(v)) return false;
            const auto dash = v.find('-');
            const bool ok = dash == std::string::npos ? toInt(v, r.first) && (r.last = r.first, true)
                                                      : toInt(v.substr(0, dash), r.first) && toInt(v.substr(dash + 1), r.last);
            if (!ok || r.first < 1 || r.last < r.first)
                return error = "--steps needs A-B with 1 <= A <= B (or one step A), got \"" + v + "\"", false;
        } else if (a == "--hold-last") {
            if (!value(v)) return false;
            if (!toDouble(v, r.hold_last) || r.hold_last < 0 || r.hold_last > kMaxHold)
                return error = "--hold-last needs seconds from 0 to 60, got \"" + v + "\"", false;
        } else if (a == "--stage-only") {
            r.stage_only = true;
        } else if (a == "--progress-lines") {
            r.progress_lines = true;
        } else if (a == "--gl") {
            if (!value(v)) return false;
            if (v == "auto") r.gui.headless_gl = HeadlessGl::Auto;
            else if (v == "egl") r.gui.headless_gl = HeadlessGl::Egl;
            else if (v == "window") r.gui.headless_gl = HeadlessGl::Window;
            else return error = "--gl needs auto, egl or window, got \"" + v + "\"", false;
        } else if (a == "--lesson" || a == "--size" || a == "--scale" || a == "--theme") {
            app_argv.push_back(argv[i]);
            if (i + 1 < argc) app_argv.push_back(argv[++i]);
        } else if (a == "--cpu") {
            app_argv.push_back(argv[i]);
        } else {
            return error = "unknown option \"" + a + "\"", false;
        }
    }
    if (help) return true;
    bool app_help = false;
    if (!parseGuiOptions(static_cast<int>(app_argv.size()), app_argv.data(), r.gui, app_help, error)) return false;
    if (r.out.empty()) return error = "render needs -o OUT (a .gif, a .png, or a folder ending in /)", false;
    std::error_code ec;
    if (r.out.back() == '/' || fs::is_directory(r.out, ec)) {
        r.kind = OutKind::Folder;
    } else if (const std::string ext = lower(fs::path(r.out).extension().string()); ext == ".gif") {
        r.kind = OutKind::Gif;
    } else if (ext == ".png") {
        r.kind = OutKind::Png;
    } else {
        return error = "-o \"" + r.out + "\": OUT is a .gif (animated), a .png (the last step) or a folder ending in /",
               false;
    }
    return true;
}

// Hundredths of a second that frame k of a `fps` animation lasts (rounded so
// that the delays add up to the right total).
int frameDelay(long k, int fps) {
    return static_cast<int>(std::lround(static_cast<double>(k + 1) * 100.0 / fps) -
                            std::lround(static_cast<double>(k) * 100.0 / fps));
}

// Where the frames go: a GIF built as they come, numbered PNGs, or the last one.
class FrameSink {
public:
    FrameSink(const RenderOptions& r, long frames) : r_(r), frames_(frames) {
        if (r.kind == OutKind::Gif) gif_ = std::make_unique<GifWriter>(r.gui.width, r.gui.height);
        digits_ = std::max<int>(4, static_cast<int>(std::to_string(frames).size()));
    }
    // Throws IoError.
    void add(const Image& frame, long k) {
        if (r_.kind == OutKind::Gif) gif_->addFrame(frame, frameDelay(k, r_.fps));
        // Each frame whole (renamed into place) but not fsync'ed one by one:
        // finish() flushes the folder once.
        if (r_.kind == OutKind::Folder) writePngUnsynced(framePath(k + 1), frame);
        if (r_.kind == OutKind::Png && k + 1 == frames_) last_ = frame;
    }
    // Writes what waits to be written; returns a note for the summary line.
    std::string finish() {
        if (r_.kind == OutKind::Gif) {
            gif_->writeAtomic(r_.out);
            return std::to_string(gif_->imageCount()) + " GIF images" +
                   (gif_->exact() ? "" : ", some colours quantised");
        }
        if (r_.kind == OutKind::Png) {
            writePngAtomic(r_.out, last_);
            return "the last frame";
        }
        // Frames of an earlier, longer render into the same folder would
        // follow the new ones: they go.
        const std::regex numbered("frame_([0-9]+)\\.png");
        std::error_code ec;
        for (const auto& entry : fs::directory_iterator(r_.out, ec)) {
            std::smatch m;
            const std::string name = entry.path().filename().string();
            if (std::regex_match(name, m, numbered) && (m[1].length() != digits_ || std::stol(m[1]) > frames_))
                fs::remove(entry.path(), ec);
        }
        syncFolder(r_.out);
        return "frame_" + std::string(static_cast<std::size_t>(digits_ - 1), '0') + "1.png ...";
    }

private:
    std::string framePath(long n) const {
        std::string num = std::to_string(n);
        num.insert(0, static_cast<std::size_t>(std::max(0, digits_ - static_cast<int>(num.size()))), '0');
        return (fs::path(r_.out) / ("frame_" + num + ".png")).string();
    }

    const RenderOptions& r_;
    long frames_;
    int digits_ = 4;
    std::unique_ptr<GifWriter> gif_;
    Image last_;
};

double seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

int renderJob(const RenderOptions& r, App& app, FrameSource& frames) {
    const auto start = Clock::now();
    Clock::duration drawing{}, writing{};
    app.ui().presenter = r.stage_only;
    app.ui().stage_only = r.stage_only;
    Image frame;
    auto draw = [&](double dt) {
        const auto t0 = Clock::now();
        const std::string error = frames.render(dt, frame);
        drawing += Clock::now() - t0;
        if (!error.empty()) std::cerr << "convscope render: " << error << "\n";
        return error.empty();
    };
    for (int i = 0; i < kSettleFrames; ++i)
        if (!draw(0.0)) return 1;

    Stepper* stepper = app.activeStepper();
    const std::string page = pageFor(app.page()).title;
    if (stepper == nullptr || stepper->count() == 0) {
        std::cerr << "convscope render: the " << page
                  << " page has no steps to play for this lesson; --screenshot takes a still of it.\n";
        return 2;
    }
    const long count = static_cast<long>(stepper->count());
    const long first = r.first > 0 ? r.first : 1, last = r.last > 0 ? r.last : count;
    if (last > count) {
        std::cerr << "convscope render: --steps " << first << "-" << last << ": this lesson has " << count
                  << (count == 1 ? " step" : " steps") << " (1-" << count << ").\n";
        return 2;
    }
    const double period = 1.0 / stepper->speed();
    const double total = static_cast<double>(last - first + 1) * period + r.hold_last;
    const long n = std::max(1L, std::lround(total * r.fps));
    if (n > kMaxFrames) {
        std::cerr << "convscope render: that is " << n << " frames; at most " << kMaxFrames
                  << ": play fewer --steps or a lower --fps.\n";
        return 2;
    }
    stepper->pause();
    stepper->seek(static_cast<std::size_t>(first - 1));
    // A long frame lets whatever moves toward the first step arrive before frame 1.
    if (!draw(10.0) || !draw(0.0)) return 1;
    if (first < last) stepper->play();

    const bool terminal = ::isatty(STDERR_FILENO) == 1;
    try {
        FrameSink sink(r, n);
        const double dt = 1.0 / r.fps;
        const auto last_index = static_cast<std::size_t>(last - 1);
        std::size_t shown = stepper->current();
        for (long k = 0; k < n; ++k) {
            if (!draw(k == 0 ? 0.0 : dt)) return 1;
            // The frame is drawn again, with no time passing, when a step
            // changed (ImGui sizes some panels from the frame before: a
            // scrollbar would settle a frame late) or when B is reached (it
            // stays, shown as the app shows a paused step).
            bool again = stepper->current() != shown;
            if (stepper->current() > last_index) {  // a frame longer than a step went past B
                stepper->seek(last_index);
                again = true;
            }
            if (stepper->current() >= last_index && stepper->playing()) {
                stepper->pause();
                again = true;
            }
            shown = stepper->current();
            if (again && !draw(0.0)) return 1;
            const auto t0 = Clock::now();
            sink.add(frame, k);
            writing += Clock::now() - t0;
            if (r.progress_lines) std::fprintf(stderr, "convscope render: frame %ld of %ld\n", k + 1, n);
            else if (terminal) std::fprintf(stderr, "\rconvscope render: frame %ld of %ld", k + 1, n);
        }
        if (terminal && !r.progress_lines) std::fprintf(stderr, "\n");
        const auto t0 = Clock::now();
        const std::string note = sink.finish();
        writing += Clock::now() - t0;
        std::printf("convscope render: wrote %s (%s): %ld frames at %d fps, %.1f s, %d x %d, steps %ld-%ld of %ld; "
                    "%.1f s (drawing %.1f s, encoding and writing %.1f s)\n",
                    r.out.c_str(), note.c_str(), n, r.fps, static_cast<double>(n) / r.fps, r.gui.width, r.gui.height,
                    first, last, count, seconds(Clock::now() - start), seconds(drawing), seconds(writing));
    } catch (const std::exception& e) {
        if (terminal && !r.progress_lines) std::fprintf(stderr, "\n");
        std::cerr << "convscope render: " << e.what() << "\n";
        return 1;
    }
    return 0;
}

}  // namespace

std::string renderUsage() {
    return "convscope render: a lesson played into an animated GIF, numbered PNGs or one PNG\n"
           "  (headless: no display needed; frames are drawn on an EGL context, as the GPU tests do,\n"
           "  or in a hidden window on the display when EGL cannot be had)\n"
           "  --lesson NAME|FILE   the lesson to play, as the app's --lesson [seed]\n"
           "  -o, --output OUT     OUT.gif (animated), OUT/ or a folder (frame_0001.png ...), OUT.png (the last frame)\n"
           "  --fps N              frames per second, 1 to 50 [10]\n"
           "  --steps A-B          the steps to play, 1-based (A alone: one step) [all]\n"
           "  --hold-last SECONDS  how long the last step stays after its own time, 0 to 60 [1.5]\n"
           "  --stage-only         the stage alone: no top bar, editor column or step text\n"
           "  --size WxH           frame size [1280x720]\n"
           "  --scale S            text scale, 0.5 to 4 [remembered]\n"
           "  --theme light|dark   colour theme [remembered]\n"
           "  --cpu                do not use the GPU engine\n"
           "  --progress-lines     a \"frame K of N\" line per frame on stderr, for programs\n"
           "  --gl auto|egl|window the GL context: EGL, else a hidden window (auto), or only that one [auto]\n"
           "Each step lasts as long as it does in the app (2 steps a second).\n"
           "Example: convscope render --lesson seed -o seed.gif\n";
}

int runRender(int argc, char** argv) {
    RenderOptions r;
    bool help = false;
    std::string error;
    if (!parseRenderOptions(argc, argv, r, help, error)) {
        std::cerr << "convscope render: " << error << "\n\n" << renderUsage();
        return 2;
    }
    if (help) {
        std::cout << renderUsage();
        return 0;
    }
    // Where the frames go is checked before any of them is drawn.
    try {
        const fs::path out(r.out);
        checkWritableFolder(r.kind == OutKind::Folder ? r.out
                            : out.has_parent_path() ? out.parent_path().string()
                                                    : std::string("."));
    } catch (const std::exception& e) {
        std::cerr << "convscope render: " << e.what() << "\n";
        return 1;
    }
    return runHeadless(r.gui, [&r](App& app, FrameSource& frames) { return renderJob(r, app, frames); });
}

}  // namespace cs
