#pragma once
// The GUI monkey test (issue 15): the real app driven by random input.
//   convscope --monkey SECONDS [--seed N]
// (a developer option, not in --help; tests/gui/test_monkey_gui.cpp runs it
// under xvfb-run). Each frame, between the GLFW backend's NewFrame and
// ImGui::NewFrame, Monkey writes random mouse moves, clicks, drags, wheel
// turns, key taps (with Ctrl / Shift) and typed characters into ImGuiIO, and
// it visits every page (Matrices, Signals, Image lab) in turn. A KHR_debug
// callback on a debug context counts GL errors. Afterwards the app saves its
// lesson through Save... and opens it again through Open..., and the run
// prints one report line per measure on stdout:
//   monkey: seed 7, 120.0 s, 5210 frames, 20875 events (...)
//   monkey: GL errors: 0
//   monkey: save and reopen: ok
// Exit status 1 on any GL error or a failed save / reopen.
//
// The monkey cannot touch the user's files: before the window opens it moves
// into a fresh temporary folder (mkdtemp) that becomes the working folder,
// HOME and XDG_CONFIG_HOME; every write the app is asked for (lesson Save...,
// image lab Save PNG) outside that folder is dropped and counted; the
// clipboard is a string in memory. The folder is removed after a clean run.
#include <cstdint>
#include <random>
#include <string>

#include "app/pages.h"
#include "gpu/gl_debug.h"  // installGlErrorCounter, glErrorCount

struct ImGuiIO;

namespace cs {

class App;

struct MonkeyCounts {
    std::uint64_t frames = 0, events = 0;
    std::uint64_t clicks = 0, drags = 0, wheels = 0, keys = 0, chars = 0;
    std::uint64_t writes_refused = 0;
    double page_seconds[static_cast<int>(PageId::Count)] = {};  // per page, in page-table order
};

class Monkey {
public:
    Monkey(double seconds, std::uint32_t seed, std::string sandbox);

    // Call between ImGui_ImplGlfw_NewFrame() and ImGui::NewFrame(): this
    // frame's input, and the page on the schedule. dt: seconds since last frame.
    void inject(ImGuiIO& io, App& app, double dt);
    // Call before App::update(): drops requests to write outside the sandbox.
    void guardWrites(App& app);
    bool done() const { return elapsed_ >= seconds_; }
    // Lets go of every button and key (before the save / reopen check).
    void releaseAll(ImGuiIO& io);

    const MonkeyCounts& counts() const { return counts_; }
    std::uint32_t seed() const { return seed_; }
    double elapsed() const { return elapsed_; }
    const std::string& sandbox() const { return sandbox_; }
    // The in-memory clipboard (ImGuiIO's clipboard functions point here).
    std::string clipboard;

private:
    bool inside(const std::string& path) const;
    void schedulePage(App& app);
    void startAction(ImGuiIO& io);
    float randomX(const ImGuiIO& io);
    float randomY(const ImGuiIO& io);
    double uniform() { return std::uniform_real_distribution<double>(0.0, 1.0)(rng_); }
    int below(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }

    double seconds_;
    std::uint32_t seed_;
    std::string sandbox_;
    std::mt19937 rng_;
    double elapsed_ = 0.0;
    int page_slot_ = -1;
    MonkeyCounts counts_;
    // The action in progress: a held button (click or drag) and a tapped key.
    int held_button_ = -1;
    int hold_frames_ = 0;
    float drag_dx_ = 0.f, drag_dy_ = 0.f;
    float mouse_x_ = 0.f, mouse_y_ = 0.f;
    int tapped_key_ = -1;
};

// Makes a fresh temporary folder and moves the process into it (working
// folder, HOME, XDG_CONFIG_HOME). Returns its path, or "" with `error` set.
std::string enterMonkeySandbox(std::string& error);

// Points ImGuiIO's clipboard at monkey.clipboard (the user's stays untouched).
void useMonkeyClipboard(ImGuiIO& io, Monkey& monkey);

// The report lines on stdout (see above).
void printMonkeyReport(const Monkey& monkey, std::uint64_t gl_errors, const std::string& save_check);

}  // namespace cs
