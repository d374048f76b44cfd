#include "app/gui_main.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "core/lesson.h"

namespace cs {
namespace {

// The Operation menu's names (the op table's matrix-page ops): "xcorr2d, conv2d, ... or conv_transpose2d".
std::string menuOpNames() {
    std::string out;
    const std::vector<OpKind>& ops = lessonOps();
    for (std::size_t i = 0; i < ops.size(); ++i)
        out += (i == 0 ? "" : i + 1 == ops.size() ? " or " : ", ") + std::string(opName(ops[i]));
    return out;
}

// `text` broken at spaces into lines of at most 80 characters, each after `indent` spaces.
std::string wrappedUsage(const std::string& text, std::size_t indent) {
    std::string out, line;
    std::size_t at = 0;
    while (at < text.size()) {
        std::size_t end = text.find(' ', at);
        if (end == std::string::npos) end = text.size();
        const std::string word = text.substr(at, end - at);
        if (!line.empty() && indent + line.size() + 1 + word.size() > 80) {
            out += std::string(indent, ' ') + line + "\n";
            line.clear();
        }
        line += (line.empty() ? "" : " ") + word;
        at = end + 1;
    }
    if (!line.empty()) out += std::string(indent, ' ') + line + "\n";
    return out;
}

bool toInt(const std::string& s, int& out) {
    const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && p == s.data() + s.size();
}

}  // namespace

std::string guiUsage() {
    return "convscope (no subcommand): the lesson app\n"
           "  --lesson NAME|FILE   the page and lesson to open [seed]:\n" +
           lessonHelp() +
           "  --image PATH         open the image lab on this image (also: drop a file on the window);\n"
           "                       with --lesson network, the network's input\n"
           "  --kernel SPEC        image lab kernel preset: sobel-x, gaussian:9, box:5, emboss, ...\n"
           "  --display MODE       image lab output display: clamp, abs, minmax, diverging\n"
           "  --op NAME            switch the matrix lesson to this operation, as its Operation\n" +
           wrappedUsage("menu does: " + menuOpNames(), 23) +
           "  --step N             show step N (1-based, as on screen)\n"
           "  --panel formula|code|quiz  the lower tab [formula]: Matrices; code and quiz also\n"
           "                       Layers (quiz there turns quiz mode on); training: the\n"
           "                       Network page's Training tab; draw: its Draw input\n"
           "  --answer V           quiz mode: V typed for the next cell (what a student would see)\n"
           "  --screenshot OUT.png render the window at that state to a PNG and exit (headless:\n"
           "                       no display needed)\n"
           "  --gl auto|egl|window --screenshot's GL context [auto: EGL, else a hidden window]\n"
           "  --size WxH           window size [1600x900]\n"
           "  --theme light|dark   colour theme [remembered]\n"
           "  --scale S            text scale, 0.5 to 4 [remembered; Ctrl +/- in the app]\n"
           "  --cpu                do not use the GPU engine\n"
           "  --present            start in presenter mode (fullscreen, the stage as large as it fits)\n"
           "Keys: Space play/pause, Left/Right step, Home/End, Ctrl+Z/Ctrl+Y undo/redo,\n"
           "      F5 presenter mode (Esc leaves it).\n";
}

bool parseGuiOptions(int argc, char** argv, GuiOptions& o, bool& help, std::string& error) {
    help = false;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&](std::string& out) {
            if (i + 1 >= argc) {
                error = a + " needs a value";
                return false;
            }
            out = argv[++i];
            return true;
        };
        std::string v;
        if (a == "-h" || a == "--help") {
            help = true;
        } else if (a == "--lesson") {
            if (!value(v)) return false;
            const Page* page = pageForLesson(v, error);
            if (page == nullptr) return false;
            // A matrix lesson name or file is the Matrices page's document and
            // leaves the page alone; any other name chooses its page.
            if (page->takes_lesson_files) {
                o.lesson = v;
            } else {
                o.page = page->id;
                o.page_lesson = v;
            }
        } else if (a == "--op") {
            if (!value(v)) return false;
            const std::optional<OpKind> op = parseOpName(v);
            if (!op || std::find(lessonOps().begin(), lessonOps().end(), *op) == lessonOps().end())
                return error = "--op is " + menuOpNames() + " (the Operation menu's), got \"" + v + "\"", false;
            o.op = op;
        } else if (a == "--image") {
            if (!value(o.image)) return false;
            if (o.page != PageId::Network) o.page = PageId::ImageLab;  // with --lesson network: its input
        } else if (a == "--kernel") {
            if (!value(o.image_kernel)) return false;
            o.page = PageId::ImageLab;
        } else if (a == "--display") {
            if (!value(o.image_display)) return false;
            if (o.image_display != "clamp" && o.image_display != "abs" && o.image_display != "minmax" &&
                o.image_display != "diverging")
                return error = "--display is clamp, abs, minmax or diverging", false;
            o.page = PageId::ImageLab;
        } else if (a == "--panel") {
            if (!value(o.panel)) return false;
            if (o.panel != "formula" && o.panel != "code" && o.panel != "quiz" && o.panel != "training" && o.panel != "draw")
                return error = "--panel is formula, code, quiz, training or draw", false;
        } else if (a == "--answer") {
            if (!value(v)) return false;
            try {
                std::size_t used = 0;
                o.quiz_answer = std::stod(v, &used);
                if (used != v.size() || !std::isfinite(*o.quiz_answer)) throw std::invalid_argument(v);
            } catch (...) {
                return error = "--answer needs a number, got \"" + v + "\"", false;
            }
        } else if (a == "--screenshot") {
            if (!value(o.screenshot)) return false;
        } else if (a == "--step") {
            if (!value(v)) return false;
            if (!toInt(v, o.step) || o.step < 1) return error = "--step needs a whole number >= 1, got \"" + v + "\"", false;
        } else if (a == "--size") {
            if (!value(v)) return false;
            const auto x = v.find('x');
            if (x == std::string::npos || !toInt(v.substr(0, x), o.width) || !toInt(v.substr(x + 1), o.height) ||
                o.width < 320 || o.height < 240 || o.width > 8192 || o.height > 8192)
                return error = "--size needs WxH between 320x240 and 8192x8192, like 1920x1080; got \"" + v + "\"", false;
        } else if (a == "--theme") {
            if (!value(o.theme)) return false;
            if (o.theme != "light" && o.theme != "dark") return error = "--theme is light or dark", false;
        } else if (a == "--scale") {
            if (!value(v)) return false;
            try {
                o.scale = std::stof(v);
            } catch (...) {
                o.scale = -1;
            }
            if (!(o.scale >= 0.5f && o.scale <= 4.f)) return error = "--scale needs a number from 0.5 to 4", false;
        } else if (a == "--cpu") {
            o.cpu_only = true;
        } else if (a == "--present") {
            o.present = true;
        } else if (a == "--glide-at") {  // test and slide aid (gui_main.h), not in the usage text
            if (!value(v)) return false;
            double f = -1;
            try {
                std::size_t used = 0;
                f = std::stod(v, &used);
                if (used != v.size()) f = -1;
            } catch (...) {
                f = -1;
            }
            if (!(f >= 0.0 && f <= 1.0)) return error = "--glide-at needs a fraction from 0 to 1, got \"" + v + "\"", false;
            o.glide_at = f;
        } else if (a == "--ask-open") {  // test and screenshot aid (gui_main.h), not in the usage text
            if (!value(v)) return false;
            o.ask_open = v;
        } else if (a == "--layers-stage") {  // test and screenshot aid (gui_main.h), not in the usage text
            if (!value(v)) return false;
            if (!toInt(v, o.layers_stage) || o.layers_stage < 1 || o.layers_stage > 16)
                return error = "--layers-stage needs a stage number from 1 to 16, got \"" + v + "\"", false;
        } else if (a == "--settle-frames") {  // test aid (gui_main.h), not in the usage text
            if (!value(v)) return false;
            if (!toInt(v, o.settle_frames) || o.settle_frames < 1 || o.settle_frames > 60)
                return error = "--settle-frames needs a whole number of frames from 1 to 60, got \"" + v + "\"", false;
        } else if (a == "--train-preview") {  // test and screenshot aid (gui_main.h), not in the usage text
            if (!value(v)) return false;
            if (!toInt(v, o.train_preview) || o.train_preview < 1 || o.train_preview > 30)
                return error = "--train-preview needs a whole number of batches from 1 to 30, got \"" + v + "\"", false;
            o.page = PageId::Network;
        } else if (a == "--lab-path") {  // measurement and screenshot aid (gui_main.h), not in the usage text
            if (!value(v)) return false;
            if (v == "auto") o.lab_path = LabPathChoice::Auto;
            else if (v == "cpu") o.lab_path = LabPathChoice::Cpu;
            else if (v == "gpu") o.lab_path = LabPathChoice::Gpu;
            else return error = "--lab-path takes auto, cpu or gpu, got \"" + v + "\"", false;
        } else if (a == "--bench-startup") {  // bench/startup_and_drag.py (gui_main.h), not in the usage text
            o.bench_startup = true;
        } else if (a == "--bench-drag") {  // bench/startup_and_drag.py (gui_main.h), not in the usage text
            if (!value(v)) return false;
            if (!toInt(v, o.bench_drag_frames) || o.bench_drag_frames < 1 || o.bench_drag_frames > 100000)
                return error = "--bench-drag needs a whole number of frames from 1 to 100000, got \"" + v + "\"", false;
            o.page = PageId::ImageLab;
        } else if (a == "--gl") {  // --screenshot's context, as render's
            if (!value(v)) return false;
            if (v == "auto") o.headless_gl = HeadlessGl::Auto;
            else if (v == "egl") o.headless_gl = HeadlessGl::Egl;
            else if (v == "window") o.headless_gl = HeadlessGl::Window;
            else return error = "--gl needs auto, egl or window, got \"" + v + "\"", false;
        } else if (a == "--monkey") {  // developer option (app/monkey.h), not in the usage text
            if (!value(v)) return false;
            int seconds = 0;
            if (!toInt(v, seconds) || seconds < 1 || seconds > 86400)
                return error = "--monkey needs whole seconds from 1 to 86400, got \"" + v + "\"", false;
            o.monkey_seconds = seconds;
        } else if (a == "--seed") {
            if (!value(v)) return false;
            int seed = 0;
            if (!toInt(v, seed) || seed < 0) return error = "--seed needs a whole number >= 0, got \"" + v + "\"", false;
            o.monkey_seed = static_cast<unsigned>(seed);
        } else {
            error = "unknown option \"" + a + "\"";
            return false;
        }
    }
    return true;
}

}  // namespace cs
