#include "app/monkey.h"

#include "app/pages.h"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <iterator>

#include "app/app.h"

namespace cs {
namespace {

namespace fs = std::filesystem;

// Keys the app and its widgets react to (GLFW codes: ImGui 1.86's GLFW
// backend indexes io.KeysDown by them).
constexpr int kKeys[] = {GLFW_KEY_SPACE,     GLFW_KEY_LEFT,      GLFW_KEY_RIGHT,   GLFW_KEY_UP,     GLFW_KEY_DOWN,
                         GLFW_KEY_HOME,      GLFW_KEY_END,       GLFW_KEY_ENTER,   GLFW_KEY_ESCAPE, GLFW_KEY_TAB,
                         GLFW_KEY_BACKSPACE, GLFW_KEY_DELETE,    GLFW_KEY_PAGE_UP, GLFW_KEY_PAGE_DOWN,
                         GLFW_KEY_Z,         GLFW_KEY_Y,         GLFW_KEY_C,       GLFW_KEY_V,      GLFW_KEY_A,
                         GLFW_KEY_X,         GLFW_KEY_EQUAL,     GLFW_KEY_MINUS,   GLFW_KEY_0,      GLFW_KEY_KP_ADD,
                         GLFW_KEY_KP_SUBTRACT, GLFW_KEY_KP_ENTER};
// What gets typed: numbers in every form a cell or a matrix field reads, and
// some that it must refuse.
constexpr char kChars[] = "0123456789012345678.-+e ,;[]|&\\{}xyzabc";
// Pasted now and then (the clipboard is otherwise what the app copied).
const char* const kClips[] = {"1 2; 3 4", "[[1, 2], [3, 4]]", "1,2,3\n4,5,6", "| 1 | 2 |\n|---|---|\n| 3 | 4 |",
                              "\\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix}", "not a matrix", "1e39", ""};

// The page slots cycle Matrices, Signals, Images: at most 8 s each, and at
// least two rounds in any run.
double pageSlotSeconds(double run_seconds) { return std::clamp(run_seconds / 6.0, 0.5, 8.0); }

const char* getClipboard(void* user) { return static_cast<Monkey*>(user)->clipboard.c_str(); }
void setClipboard(void* user, const char* text) { static_cast<Monkey*>(user)->clipboard = text ? text : ""; }

}  // namespace

Monkey::Monkey(double seconds, std::uint32_t seed, std::string sandbox)
    : seconds_(seconds), seed_(seed), sandbox_(std::move(sandbox)), rng_(seed) {}

bool Monkey::inside(const std::string& path) const {
    std::error_code ec;
    const fs::path p = fs::weakly_canonical(fs::absolute(path, ec), ec);
    if (ec) return false;
    const std::string s = p.string(), root = fs::weakly_canonical(sandbox_, ec).string();
    return !ec && s.size() > root.size() && s.compare(0, root.size(), root) == 0 && s[root.size()] == '/';
}

void Monkey::guardWrites(App& app) {
    std::string& lesson_path = app.ui().save_lesson_path;
    if (!lesson_path.empty() && !inside(lesson_path)) {
        lesson_path.clear();
        ++counts_.writes_refused;
    }
    std::string& export_path = app.ui().export_path;
    if (!export_path.empty() && !inside(export_path)) {
        export_path.clear();
        ++counts_.writes_refused;
    }
    LabUiState& lab = app.imageLabUi();
    if (lab.request_save && !inside(lab.save_path)) {
        lab.request_save = false;
        ++counts_.writes_refused;
    }
    std::string& model_path = app.networkUi().save_model;  // the Network page's Save model...
    if (!model_path.empty() && !inside(model_path)) {
        model_path.clear();
        ++counts_.writes_refused;
    }
}

// Every page of the page table gets its share of the run: slot k shows page k % count.
void Monkey::schedulePage(App& app) {
    const int slot = static_cast<int>(elapsed_ / pageSlotSeconds(seconds_));
    if (slot == page_slot_) return;
    page_slot_ = slot;
    app.showPage(static_cast<PageId>(slot % static_cast<int>(PageId::Count)));
}

// Widgets are densest in the left column: half the positions land there.
float Monkey::randomX(const ImGuiIO& io) {
    const double w = io.DisplaySize.x;
    return static_cast<float>(uniform() < 0.5 ? uniform() * w * 0.35 : uniform() * w);
}
float Monkey::randomY(const ImGuiIO& io) { return static_cast<float>(uniform() * io.DisplaySize.y); }

void Monkey::startAction(ImGuiIO& io) {
    const double r = uniform();
    ++counts_.events;
    if (r < 0.30) {  // move
        mouse_x_ = randomX(io);
        mouse_y_ = randomY(io);
    } else if (r < 0.55) {  // click (left, sometimes right), held 1-2 frames
        mouse_x_ = randomX(io);
        mouse_y_ = randomY(io);
        held_button_ = uniform() < 0.9 ? 0 : 1;
        hold_frames_ = below(2);
        drag_dx_ = drag_dy_ = 0.f;
        ++counts_.clicks;
    } else if (r < 0.65) {  // drag: held for up to half a second, moving
        mouse_x_ = randomX(io);
        mouse_y_ = randomY(io);
        held_button_ = 0;
        hold_frames_ = 3 + below(20);
        drag_dx_ = static_cast<float>(uniform() * 40.0 - 20.0);
        drag_dy_ = static_cast<float>(uniform() * 40.0 - 20.0);
        ++counts_.drags;
    } else if (r < 0.72) {  // wheel
        io.MouseWheel += static_cast<float>(below(7) - 3);
        ++counts_.wheels;
    } else if (r < 0.87) {  // key tap, with Ctrl or Shift now and then
        tapped_key_ = kKeys[below(static_cast<int>(std::size(kKeys)))];
        io.KeyCtrl = uniform() < 0.25;
        io.KeyShift = uniform() < 0.15;
        io.KeysDown[GLFW_KEY_LEFT_CONTROL] = io.KeyCtrl;
        io.KeysDown[GLFW_KEY_LEFT_SHIFT] = io.KeyShift;
        io.KeysDown[tapped_key_] = true;
        if (io.KeyCtrl && tapped_key_ == GLFW_KEY_V && uniform() < 0.5)
            clipboard = kClips[below(static_cast<int>(std::size(kClips)))];
        ++counts_.keys;
    } else {  // typed text
        const int n = 1 + below(6);
        for (int i = 0; i < n; ++i) io.AddInputCharacter(static_cast<unsigned>(kChars[below(sizeof kChars - 1)]));
        counts_.chars += static_cast<std::uint64_t>(n);
    }
}

void Monkey::inject(ImGuiIO& io, App& app, double dt) {
    elapsed_ += dt;
    ++counts_.frames;
    counts_.page_seconds[static_cast<int>(app.page())] += dt;
    schedulePage(app);
    // Last frame's key tap ends now: one frame down, then up.
    if (tapped_key_ >= 0) {
        io.KeysDown[tapped_key_] = false;
        io.KeysDown[GLFW_KEY_LEFT_CONTROL] = io.KeysDown[GLFW_KEY_LEFT_SHIFT] = false;
        io.KeyCtrl = io.KeyShift = false;
        tapped_key_ = -1;
    } else if (held_button_ >= 0) {
        mouse_x_ = std::clamp(mouse_x_ + drag_dx_, 0.f, io.DisplaySize.x - 1.f);
        mouse_y_ = std::clamp(mouse_y_ + drag_dy_, 0.f, io.DisplaySize.y - 1.f);
        if (--hold_frames_ < 0) held_button_ = -1;
    } else if (uniform() < 0.9) {
        startAction(io);
    }
    io.MousePos = ImVec2(mouse_x_, mouse_y_);
    for (int b = 0; b < 5; ++b) io.MouseDown[b] = b == held_button_;
}

void Monkey::releaseAll(ImGuiIO& io) {
    held_button_ = tapped_key_ = -1;
    for (bool& k : io.KeysDown) k = false;
    for (bool& b : io.MouseDown) b = false;
    io.KeyCtrl = io.KeyShift = io.KeyAlt = io.KeySuper = false;
    io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
}

std::string enterMonkeySandbox(std::string& error) {
    std::error_code ec;
    std::string pattern = (fs::temp_directory_path(ec) / "convscope-monkey-XXXXXX").string();
    if (ec || mkdtemp(pattern.data()) == nullptr) {
        error = "cannot make a temporary folder for the monkey";
        return {};
    }
    const fs::path config = fs::path(pattern) / "config";
    fs::create_directories(config, ec);
    if (ec || chdir(pattern.c_str()) != 0 || setenv("HOME", pattern.c_str(), 1) != 0 ||
        setenv("XDG_CONFIG_HOME", config.c_str(), 1) != 0) {
        error = "cannot move into " + pattern;
        return {};
    }
    return pattern;
}

void useMonkeyClipboard(ImGuiIO& io, Monkey& monkey) {
    io.GetClipboardTextFn = getClipboard;
    io.SetClipboardTextFn = setClipboard;
    io.ClipboardUserData = &monkey;
}

void printMonkeyReport(const Monkey& m, std::uint64_t gl_errors, const std::string& save_check) {
    const MonkeyCounts& c = m.counts();
    std::printf("monkey: seed %u, %.1f s, %llu frames, %llu events (%llu clicks, %llu drags, %llu wheel turns, "
                "%llu keys, %llu characters)\n",
                m.seed(), m.elapsed(), static_cast<unsigned long long>(c.frames),
                static_cast<unsigned long long>(c.events), static_cast<unsigned long long>(c.clicks),
                static_cast<unsigned long long>(c.drags), static_cast<unsigned long long>(c.wheels),
                static_cast<unsigned long long>(c.keys), static_cast<unsigned long long>(c.chars));
    std::printf("monkey: pages:");
    for (const Page& p : pages())
        std::printf("%s %s %.1f s", p.id == PageId{} ? "" : ",", p.title, c.page_seconds[static_cast<int>(p.id)]);
    std::printf("\n");
    std::printf("monkey: writes outside %s refused: %llu\n", m.sandbox().c_str(),
                static_cast<unsigned long long>(c.writes_refused));
    std::printf("monkey: GL errors: %llu\n", static_cast<unsigned long long>(gl_errors));
    std::printf("monkey: save and reopen: %s\n", save_check.empty() ? "ok" : save_check.c_str());
    std::fflush(stdout);
}

}  // namespace cs
