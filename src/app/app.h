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
#include "core/image_lab.h"
#include "core/lesson.h"
#include "core/lesson_view.h"
#include "core/signals_lesson.h"
#include "io/settings.h"
#include "ui/image_lab_panel.h"
#include "ui/ui_state.h"

namespace cs {

class ImageLabPage;

class App {
public:
    // `display`: the engine whose result is shown (the GPU engine), or nullptr
    // for CPU only; `engine_notice` says why there is no GPU engine.
    App(Lesson lesson, const AppSettings& settings, Engine* display, std::string engine_notice);
    ~App();

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
    // The signals lesson (issue 6): its document and derived view.
    SignalsLesson& signals() { return signals_; }
    SignalsView& signalsView() { return signals_view_; }
    // The playhead the keys and the frame loop drive: the page's.
    Stepper& activeStepper() {
        return ui_.page == LessonPage::Signals ? signals_view_.stepper() : view_.stepper();
    }
    // Opens the signals page: variant "signals", "signals-discrete",
    // "signals-compare", "signals-xcorr", "signals-autocorr" (words may be
    // combined: "signals-discrete-compare"); step > 0 puts the playhead there.
    void openSignals(const std::string& variant, int step);
    // The image lab (issue 5): its document, and opening it on an image ("":
    // keep the current one, or the first bundled sample). Drag-and-drop and
    // --image come through here. Needs the GL context current (textures).
    ImageLab& imageLab() { return lab_; }
    LabUiState& imageLabUi() { return lab_ui_; }
    void openImageLab(const std::string& path);
    AppSettings settings() const;
    // The GL renderer of the GPU engine, for the status line.
    void setGpuName(std::string name) { gpu_name_ = std::move(name); }

private:
    void loadLesson(const std::string& name_or_path);
    void updateImageLab(double dt);  // the image lab page's update step
    void drawImageLab();             // and its draw step

    Lesson lesson_;
    History history_;
    LessonView view_;
    UiState ui_;
    SignalsLesson signals_ = defaultSignalsLesson();
    SignalsView signals_view_;
    ImageLab lab_;
    LabUiState lab_ui_;
    std::unique_ptr<ImageLabPage> lab_page_;  // made on first use (needs GL)
    Engine* display_;
    std::string engine_notice_;
    std::string gpu_name_;
};

}  // namespace cs
