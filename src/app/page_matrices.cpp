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
#include "ui/theme.h"
#include "ui/toolbar_panel.h"

namespace cs::page_matrices {
namespace {

// The left column: operation, parameters, matrices and what the stage overlays.
void drawEditColumn(App& app) {
    Lesson& lesson = app.lesson();
    if (!app.ui().title_in_toolbar && !lesson.title.empty()) {
        wrappedText(palette().accent_text, lessonDescription(lesson));
        ImGui::Separator();
    }
    drawOperationPanel(lesson);
    ImGui::Separator();
    drawParamsPanel(lesson, app.view(), app.ui());
    ImGui::Separator();
    drawMatrixEditorPanel(lesson, app.ui());
    ImGui::Separator();
    bool flip = lesson.view.show_flipped_kernel, sources = lesson.view.show_padding_sources,
         weights = lesson.view.show_weights_on_window;
    // Only the overlays this operation has: pooling has no weights, zero padding no source.
    const ViewOptionsInUse in_use = viewOptionsInUse(lesson.request.params);
    if (in_use.weights_on_window && ImGui::Checkbox("weights on the window", &weights))
        lesson.view.show_weights_on_window = weights;
    if (in_use.flipped_kernel && ImGui::Checkbox("flipped kernel", &flip)) lesson.view.show_flipped_kernel = flip;
    if (in_use.padding_sources && ImGui::Checkbox("where padding comes from", &sources))
        lesson.view.show_padding_sources = sources;
}

// While an edit cannot be computed the stage keeps the last valid lesson: a
// band across the top of the stage says so, drawn over it so nothing moves.
void drawStaleBanner(const LessonView& view) {
    const std::string note = view.staleNote();
    if (note.empty()) return;
    const ImVec2 pos = ImGui::GetWindowPos(), size = ImGui::GetWindowSize();
    const float pad = ImGui::GetStyle().WindowPadding.x;
    const ImVec2 text = ImGui::CalcTextSize(note.c_str(), nullptr, false, size.x - 4.f * pad);
    const float y = pos.y + size.y - text.y - 2.f * pad;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->PushClipRect(pos, ImVec2(pos.x + size.x, pos.y + size.y));
    const ImVec2 a(pos.x + pad, y - pad * 0.5f), b(pos.x + size.x - pad, y + text.y + pad * 0.5f);
    dl->AddRectFilled(a, b, ImGui::GetColorU32(ImGuiCol_PopupBg), 4.f);
    dl->AddRect(a, b, palette().error_text, 4.f, 0, 2.f);
    dl->AddText(nullptr, 0.f, ImVec2(pos.x + 2.f * pad, y), palette().error_text, note.c_str(), nullptr,
                size.x - 4.f * pad);
    dl->PopClipRect();
}

}  // namespace

std::vector<std::string> lessonNames() { return builtinLessonNames(); }

bool open(App& app, const GuiOptions& o) {
    app.showPage(PageId::Matrices);
    // A lesson file may be a session: its other pages, step and page come back
    // too (read again here: the App was made with its matrix lesson alone).
    if (!o.lesson.empty() && !builtinLesson(o.lesson)) app.loadLesson(o.lesson);
    if (o.step > 0) app.view().stepper().seek(static_cast<std::size_t>(o.step - 1));
    return true;
}

// Runs whether or not the page is shown, as it always has: playback started
// here goes on while another page is on screen.
void update(App& app, double dt, bool) {
    UiState& ui = app.ui();
    if (!ui.load_lesson.empty()) app.requestLoad(std::exchange(ui.load_lesson, {}));  // asks first if edited
    if (!ui.save_lesson_path.empty()) {
        const std::string path = std::exchange(ui.save_lesson_path, {});
        try {
            app.saveSession(path);  // every page; atomic: a failed write leaves any old file as it was
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
    // Wide enough for "Padding [1] - + [ ] per axis" at any font scale.
    const float left_w = std::clamp(area.w * 0.3f, F * 22.f, F * 30.f);
    const float body_h = area.h - play_h - status_h;
    const float main_x = area.x + left_w, main_w = area.w - left_w;
    const float lower_h = std::clamp(body_h * 0.42f, F * 9.f, F * 16.f);
    const float stage_h = body_h - lower_h;
    const float step_w = main_w * 0.56f;
    LessonView& view = app.view();

    if (beginPagePanel("edit", area.x, area.y, left_w, body_h)) drawEditColumn(app);
    ImGui::End();
    if (beginPagePanel("stage", main_x, area.y, main_w, stage_h, ImGuiWindowFlags_HorizontalScrollbar))
    {
        drawStagePanel(view, app.lesson().view, app.ui());
        drawStaleBanner(view);
    }
    ImGui::End();
    if (beginPagePanel("step", main_x, area.y + stage_h, step_w, lower_h)) drawStepPanel(view);
    ImGui::End();
    if (beginPagePanel("formula", main_x + step_w, area.y + stage_h, main_w - step_w, lower_h)) drawFormulaPanel(view);
    ImGui::End();
    if (beginPagePanel("playback", area.x, area.y + body_h, area.w, play_h)) drawPlaybackPanel(view.stepper());
    ImGui::End();
    if (beginPagePanel("status", area.x, area.y + body_h + play_h, area.w, status_h))
        drawStatusLine(view, app.engineNotice(), app.gpuName(), app.ui());
    ImGui::End();
}

Stepper* stepper(App& app) { return &app.view().stepper(); }

void undo(App& app, bool redo) { (redo ? app.ui().want_redo : app.ui().want_undo) = true; }

void load(App& app, const std::string& path) { app.ui().load_lesson = path; }

void save(App& app, const std::string& path) { app.ui().save_lesson_path = path; }

}  // namespace cs::page_matrices
