#pragma once
// App: the lesson document, its history and derived view, and the UI state;
// update(dt) derives, drawUi() lays the panels out and calls them. It owns no
// window and calls no GL: gui_main.cpp runs the frame loop around it.
//
//   App app(defaultLesson(), settings, gpu_engine_or_null, notice);
//   each frame: app.update(dt); ImGui::NewFrame(); app.drawUi(); render
#include <memory>
#include <string>

#include "core/engine.h"
#include "core/history.h"
#include "core/lesson.h"
#include "core/lesson_view.h"
#include "io/settings.h"
#include "ui/ui_state.h"

namespace cs {

class App {
public:
    // `display`: the engine whose result is shown (the GPU engine), or nullptr
    // for CPU only; `engine_notice` says why there is no GPU engine.
    App(Lesson lesson, const AppSettings& settings, Engine* display, std::string engine_notice);

    // Carries out last frame's requests (load, save, undo, redo), records an
    // undo step when an edit has finished, rebuilds derived data when the
    // document's revision changed, and advances playback by dt seconds.
    void update(double dt);
    // The panels, laid out over the whole viewport.
    void drawUi();

    Lesson& lesson() { return lesson_; }
    LessonView& view() { return view_; }
    History& history() { return history_; }
    UiState& ui() { return ui_; }
    AppSettings settings() const;
    // The GL renderer of the GPU engine, for the status line.
    void setGpuName(std::string name) { gpu_name_ = std::move(name); }

private:
    void loadLesson(const std::string& name_or_path);

    Lesson lesson_;
    History history_;
    LessonView view_;
    UiState ui_;
    Engine* display_;
    std::string engine_notice_;
    std::string gpu_name_;
};

}  // namespace cs
