#include "app/page_matrices.h"

#include <imgui.h>

#include <algorithm>
#include <utility>

#include "app/app.h"
#include "app/gui_main.h"
#include "io/lesson_json.h"
#include "ui/formula_panel.h"
#include "ui/matrix_editor_panel.h"
#include "ui/params_panel.h"
#include "ui/playback_panel.h"
#include "ui/stage_views.h"
#include "ui/status_panel.h"
#include "ui/step_panel.h"
#include "ui/toolbar_panel.h"

namespace cs::page_matrices {
namespace {

// The left column: operation, parameters, matrices and what the stage overlays.
void drawEditColumn(App& app) {
    Lesson& lesson = app.lesson();
    drawOperationPanel(lesson);
    ImGui::Separator();
    drawParamsPanel(lesson, app.view(), app.ui());
    ImGui::Separator();
    drawMatrixEditorPanel(lesson, app.ui());
    ImGui::Separator();
    bool flip = lesson.view.show_flipped_kernel, sources = lesson.view.show_padding_sources,
         weights = lesson.view.show_weights_on_window;
    if (ImGui::Checkbox("weights on the window", &weights)) lesson.view.show_weights_on_window = weights;
    if (lesson.request.params.op == OpKind::Conv2d && ImGui::Checkbox("flipped kernel", &flip))
        lesson.view.show_flipped_kernel = flip;
    if (ImGui::Checkbox("where padding comes from", &sources)) lesson.view.show_padding_sources = sources;
}

}  // namespace

std::vector<std::string> lessonNames() { return builtinLessonNames(); }

bool open(App& app, const GuiOptions& o) {
    app.showPage(PageId::Matrices);
    if (o.step > 0) app.view().stepper().seek(static_cast<std::size_t>(o.step - 1));
    return true;
}

// Runs whether or not the page is shown, as it always has: playback started
// here goes on while another page is on screen.
void update(App& app, double dt, bool) {
    UiState& ui = app.ui();
    if (!ui.load_lesson.empty()) app.loadLesson(std::exchange(ui.load_lesson, {}));
    if (!ui.save_lesson_path.empty()) {
        const std::string path = std::exchange(ui.save_lesson_path, {});
        try {
            saveLessonFile(path, app.lesson());  // atomic: a failed write leaves any old file as it was
            ui.message.say("Saved to " + path + ".");
        } catch (const std::exception& e) {
            ui.message.say(std::string("Lesson not saved: ") + e.what(), true);
        }
    }
    History& history = app.history();
    if (std::exchange(ui.want_undo, false) && !history.undo(app.lesson())) ui.message.say("Nothing to undo.");
    if (std::exchange(ui.want_redo, false) && !history.redo(app.lesson())) ui.message.say("Nothing to redo.");
    // An edit is finished when no widget is held: a whole drag is one undo step.
    if (!ImGui::IsAnyItemActive()) history.commit(app.lesson());
    app.view().update(app.lesson(), app.displayEngine());
    app.view().stepper().advance(dt);
    ui.hover = ui.next_hover;
    ui.next_hover = Hover{};
}

void toolbar(App& app) { drawToolbarPanel(app.lesson(), app.history(), app.ui()); }

void draw(App& app, const PageArea& area) {
    const float F = ImGui::GetFontSize();
    const float play_h = barHeight(), status_h = statusHeight();
    UiState& ui = app.ui();
    const bool presenter = ui.presenter;
    // Wide enough for "Padding [1] - + [ ] per axis" at the usual scales; at
    // large text in a small window the column gives way (it scrolls) so the
    // stage keeps two thirds of the width. Presenter mode hides it.
    const float left_w = presenter ? 0.f : std::min(std::clamp(area.w * 0.3f, F * 22.f, F * 30.f), area.w * 0.34f);
    const float body_h = area.h - play_h - status_h;
    const float main_x = area.x + left_w, main_w = area.w - left_w;
    // The step panel is as tall as its text was last frame, up to 40% of the
    // body but never less than its heading and bold equation (which come
    // first), so the answer shows and the stage gets the rest.
    const float pad = ImGui::GetStyle().WindowPadding.y * 2.f;
    // Presenter mode: the step text as large as a third of the body and the
    // width allow (up to 1.8x), measured at 1x from last frame's height.
    const float unscaled = ui.step_content_h / ui.step_text_scale;
    const float step_scale = !presenter || unscaled <= 0.f
                                 ? 1.f
                                 : std::clamp(std::min(body_h * 0.36f / (unscaled + pad), area.w / (F * 45.f)), 1.f, 1.8f);
    const float wanted = ui.step_content_h > 0.f ? unscaled * step_scale + pad : F * 9.f;
    const float cap = std::min(std::max(body_h * 0.4f, F * 4.2f + pad), body_h * 0.6f);
    const float lower_h = std::clamp(wanted, std::min(F * 4.2f + pad, cap), cap);
    const float stage_h = body_h - lower_h;
    // The output-size formula beside the step when there is room for both; else the step takes the width.
    const bool formula = !presenter && main_w * 0.44f >= F * 16.f;
    const float step_w = formula ? main_w * 0.56f : main_w;
    LessonView& view = app.view();

    if (!presenter) {
        if (beginPagePanel("edit", area.x, area.y, left_w, body_h)) drawEditColumn(app);
        ImGui::End();
    }
    if (beginPagePanel("stage", main_x, area.y, main_w, stage_h, ImGuiWindowFlags_HorizontalScrollbar))
        drawStagePanel(view, app.lesson().view, ui);
    ImGui::End();
    if (beginPagePanel("step", main_x, area.y + stage_h, step_w, lower_h)) {
        ImGui::SetWindowFontScale(step_scale);
        const float top = ImGui::GetCursorPosY();
        drawStepPanel(view);
        ui.step_content_h = ImGui::GetCursorPosY() - top;
        ui.step_text_scale = step_scale;
    }
    ImGui::End();
    if (formula) {
        if (beginPagePanel("formula", main_x + step_w, area.y + stage_h, main_w - step_w, lower_h)) drawFormulaPanel(view);
        ImGui::End();
    }
    if (beginPagePanel("playback", area.x, area.y + body_h, area.w, play_h)) drawPlaybackPanel(view.stepper());
    ImGui::End();
    if (beginPagePanel("status", area.x, area.y + body_h + play_h, area.w, status_h))
        drawStatusLine(view, app.engineNotice(), app.gpuName(), ui);
    ImGui::End();
}

Stepper* stepper(App& app) { return &app.view().stepper(); }

void undo(App& app, bool redo) { (redo ? app.ui().want_redo : app.ui().want_undo) = true; }

void load(App& app, const std::string& path) { app.ui().load_lesson = path; }

void save(App& app, const std::string& path) { app.ui().save_lesson_path = path; }

}  // namespace cs::page_matrices
