#include "app/app.h"

#include <imgui.h>

#include <algorithm>
#include <utility>

#include "app/image_lab_runner.h"
#include "io/lesson_json.h"
#include "io/text_file.h"
#include "ui/fonts.h"
#include "ui/formula_panel.h"
#include "ui/matrix_editor_panel.h"
#include "ui/params_panel.h"
#include "ui/playback_panel.h"
#include "ui/signals_panel.h"
#include "ui/stage_views.h"
#include "ui/status_panel.h"
#include "ui/step_panel.h"
#include "ui/theme.h"
#include "ui/toolbar_panel.h"

namespace cs {

App::App(Lesson lesson, const AppSettings& settings, Engine* display, std::string engine_notice)
    : lesson_(std::move(lesson)), display_(display), engine_notice_(std::move(engine_notice)) {
    ui_.font_scale = settings.font_scale;
    ui_.dark = settings.theme != "light";
    history_.reset(lesson_);
    view_.update(lesson_, display_, true);
}

App::~App() = default;

void App::openImageLab(const std::string& path) {
    ui_.page = LessonPage::Images;
    if (!path.empty()) {
        lab_.image_path = path;
        lab_.touch();
    } else if (lab_.image_path.empty()) {
        // The first bundled sample, so the lab never opens on an empty view.
        const std::string assets = ImageLabRunner::findAssetsDir();
        if (!assets.empty()) lab_.image_path = assets + "/images/astronaut.png";
        lab_.touch();
    }
}

// The image lab's frame: derive (filter, textures) and carry out a click on a
// pixel by opening the matrix lesson on that pixel's neighbourhood.
void App::updateImageLab(double dt) {
    if (!lab_runner_) lab_runner_ = std::make_unique<ImageLabRunner>(display_, engine_notice_);
    lab_runner_->update(lab_, lab_ui_, dt);
    if (lab_ui_.step_pixel_x < 0) return;
    const int x = std::exchange(lab_ui_.step_pixel_x, -1), y = std::exchange(lab_ui_.step_pixel_y, -1);
    try {
        LabLessonCrop crop = lessonFromPixel(lab_runner_->image(), lab_, x, y);
        crop.lesson.revision = lesson_.revision + 1;
        lesson_ = std::move(crop.lesson);
        history_.reset(lesson_);
        view_.update(lesson_, display_);
        view_.stepper().seek(crop.step);
        ui_.page = LessonPage::Matrices;
        ui_.say("Pixel (" + std::to_string(x) + ", " + std::to_string(y) + "): step " + std::to_string(crop.step + 1) +
                " computes it. Image lab: the tab at the top left.");
    } catch (const std::exception& e) {
        lab_ui_.say(std::string("Step view: ") + e.what(), true);
    }
}

AppSettings App::settings() const {
    AppSettings s;
    s.font_scale = ui_.font_scale;
    s.theme = ui_.dark ? "dark" : "light";
    return s;
}

void App::loadLesson(const std::string& name_or_path) {
    // Transactional: the file is read and its view checked (planning, trace
    // limits, the memory ceiling) before the lesson, its undo history and the
    // view are replaced, so a refused lesson leaves everything as it was.
    Lesson loaded;
    std::string why;
    bool refused = true;
    try {
        loaded = cs::loadLesson(name_or_path);
        why = LessonView::check(loaded.request);
        refused = !why.empty();
    } catch (const std::exception& e) {
        why = e.what();
    }
    if (refused) {
        ui_.say("Lesson not opened: " + why + " The current lesson stays.", true);
        return;
    }
    loaded.revision = lesson_.revision + 1;
    lesson_ = std::move(loaded);
    history_.reset(lesson_);
    view_.update(lesson_, display_);
    view_.stepper().toStart();
    if (view_.error().empty())
        ui_.say("Loaded lesson \"" + lesson_.name + "\".");
    else  // only when memory ran short while building, under the ceiling
        ui_.say("Loaded lesson \"" + lesson_.name + "\", but its step view failed: " + view_.error(), true);
}

void App::openSignals(const std::string& variant, int step) {
    ui_.page = LessonPage::Signals;
    auto has = [&](const char* word) { return variant.find(word) != std::string::npos; };
    signals_.discrete = has("discrete");
    signals_.compare = has("compare");
    signals_.op = has("autocorr") ? ContinuousOp::AutoCorrelation
                  : has("xcorr")  ? ContinuousOp::CrossCorrelation
                                  : ContinuousOp::Convolution;
    signals_.touch();
    signals_view_.update(signals_);
    if (step > 0) signals_view_.stepper().seek(static_cast<std::size_t>(step - 1));
}

void App::update(double dt) {
    if (ui_.page == LessonPage::Images) updateImageLab(dt);
    if (!ui_.load_lesson.empty()) {
        const std::string name = std::exchange(ui_.load_lesson, {});
        loadLesson(name);
    }
    if (!ui_.save_lesson_path.empty()) {
        const std::string path = std::exchange(ui_.save_lesson_path, {});
        try {
            saveLessonFile(path, lesson_);  // atomic: a failed write leaves any old file as it was
            ui_.say("Saved to " + path + ".");
        } catch (const std::exception& e) {
            ui_.say(std::string("Lesson not saved: ") + e.what(), true);
        }
    }
    if (std::exchange(ui_.want_undo, false) && !history_.undo(lesson_)) ui_.say("Nothing to undo.");
    if (std::exchange(ui_.want_redo, false) && !history_.redo(lesson_)) ui_.say("Nothing to redo.");
    // An edit is finished when no widget is held: a whole drag is one undo step.
    if (!ImGui::IsAnyItemActive()) history_.commit(lesson_);
    view_.update(lesson_, display_);
    view_.stepper().advance(dt);
    signals_view_.update(signals_);
    signals_view_.stepper().advance(dt);
    ui_.message_time = std::max(0.0, ui_.message_time - dt);
    ui_.hover = ui_.next_hover;
    ui_.next_hover = Hover{};
}

namespace {

constexpr ImGuiWindowFlags kPanelFlags = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                                         ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings |
                                         ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoBringToFrontOnFocus;

bool beginPanel(const char* name, ImVec2 pos, ImVec2 size, ImGuiWindowFlags extra = 0) {
    ImGui::SetNextWindowPos(pos);
    ImGui::SetNextWindowSize(size);
    return ImGui::Begin(name, nullptr, kPanelFlags | extra);
}

}  // namespace

void App::drawUi() {
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    const ImVec2 origin = vp->WorkPos, full = vp->WorkSize;
    const ImGuiStyle& style = ImGui::GetStyle();
    const float F = ImGui::GetFontSize();
    const float bar_h = ImGui::GetFrameHeight() + style.WindowPadding.y * 2.f;
    const float status_h = F + style.WindowPadding.y * 2.f;
    const float play_h = bar_h;
    // Wide enough for "Padding [1] - + [ ] per axis" at any font scale.
    const float left_w = std::clamp(full.x * 0.3f, F * 22.f, F * 30.f);
    const float body_top = origin.y + bar_h;
    const float body_h = full.y - bar_h - play_h - status_h;
    const float main_x = origin.x + left_w, main_w = full.x - left_w;
    const float lower_h = std::clamp(body_h * 0.42f, F * 9.f, F * 16.f);
    const float stage_h = body_h - lower_h;
    const float step_w = main_w * 0.56f;

    if (beginPanel("toolbar", origin, ImVec2(full.x, bar_h))) {
        drawLessonPageTabs(ui_);
        ImGui::SameLine();
        if (ImGui::RadioButton("Image lab", ui_.page == LessonPage::Images)) openImageLab("");
        ImGui::SameLine(0, F * 1.5f);
        if (ui_.page == LessonPage::Matrices) drawToolbarPanel(lesson_, history_, ui_);
        else drawAppearanceControls(ui_);
    }
    ImGui::End();

    if (ui_.page == LessonPage::Images) {
        // The image lab: its own controls, views and overlay over the whole body.
        if (beginPanel("image lab", ImVec2(origin.x, body_top), ImVec2(full.x, full.y - bar_h)))
            drawImageLabPanel(lab_, lab_ui_, lab_runner_ ? lab_runner_->frame() : LabFrame{});
        ImGui::End();
        return;
    }

    if (ui_.page == LessonPage::Signals) {
        // The signals lesson has its own controls and playhead: one panel over the body.
        if (beginPanel("signals", ImVec2(origin.x, body_top), ImVec2(full.x, body_h + play_h)))
            drawSignalsPanel(signals_, signals_view_);
        ImGui::End();
        if (beginPanel("status", ImVec2(origin.x, body_top + body_h + play_h), ImVec2(full.x, status_h)))
            drawSignalsStatusLine(ui_);
        ImGui::End();
        return;
    }

    if (beginPanel("edit", ImVec2(origin.x, body_top), ImVec2(left_w, body_h))) {
        drawOperationPanel(lesson_);
        ImGui::Separator();
        drawParamsPanel(lesson_, view_, ui_);
        ImGui::Separator();
        drawMatrixEditorPanel(lesson_, ui_);
        ImGui::Separator();
        bool flip = lesson_.view.show_flipped_kernel, sources = lesson_.view.show_padding_sources,
             weights = lesson_.view.show_weights_on_window;
        if (ImGui::Checkbox("weights on the window", &weights)) lesson_.view.show_weights_on_window = weights;
        if (lesson_.request.params.op == OpKind::Conv2d && ImGui::Checkbox("flipped kernel", &flip))
            lesson_.view.show_flipped_kernel = flip;
        if (ImGui::Checkbox("where padding comes from", &sources)) lesson_.view.show_padding_sources = sources;
    }
    ImGui::End();

    if (beginPanel("stage", ImVec2(main_x, body_top), ImVec2(main_w, stage_h), ImGuiWindowFlags_HorizontalScrollbar))
        drawStagePanel(view_, lesson_.view, ui_);
    ImGui::End();

    if (beginPanel("step", ImVec2(main_x, body_top + stage_h), ImVec2(step_w, lower_h))) drawStepPanel(view_);
    ImGui::End();

    if (beginPanel("formula", ImVec2(main_x + step_w, body_top + stage_h), ImVec2(main_w - step_w, lower_h)))
        drawFormulaPanel(view_);
    ImGui::End();

    if (beginPanel("playback", ImVec2(origin.x, body_top + body_h), ImVec2(full.x, play_h)))
        drawPlaybackPanel(view_.stepper());
    ImGui::End();

    if (beginPanel("status", ImVec2(origin.x, body_top + body_h + play_h), ImVec2(full.x, status_h)))
        drawStatusLine(view_, engine_notice_, gpu_name_, ui_);
    ImGui::End();
}

}  // namespace cs
