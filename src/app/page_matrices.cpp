#include "app/page_matrices.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <utility>

#include "app/app.h"
#include "app/export_job.h"
#include "app/gui_main.h"
#include "core/lesson_edit.h"
#include "core/quiz.h"
#include "io/lesson_json.h"
#include "ui/code_panel.h"
#include "ui/formula_panel.h"
#include "ui/quiz_panel.h"
#include "ui/matrix_editor_panel.h"
#include "ui/params_panel.h"
#include "ui/playback_panel.h"
#include "ui/stage_views.h"
#include "ui/status_panel.h"
#include "ui/step_panel.h"
#include "ui/theme.h"
#include "ui/toolbar_panel.h"
#include "ui/widgets.h"

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
    // Correlation beside convolution: the view computes the other output (LessonView::hasCompare).
    bool compare = lesson.view.compare;
    if (in_use.compare &&
        ImGui::Checkbox(lesson.request.params.op == OpKind::Conv2d ? "beside cross-correlation" : "beside convolution",
                        &compare))
        lesson.view.compare = compare;
    if (in_use.compare)
        itemTooltip("both outputs for the same input and kernel, side by side: cross-correlation slides the kernel as "
                    "it is, convolution turns it half a turn first");
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

// The lower tabs (the output-size formula, the code of the lesson, the
// quiz), after the step's own tab when the step pane holds them too.
bool lowerTab(UiState& ui, const char* title, LowerTab which) {
    const bool select = ui.lower_tab_request == static_cast<int>(which);
    if (select) ui.lower_tab_request = -1;
    const bool open = ImGui::BeginTabItem(title, nullptr, select ? ImGuiTabItemFlags_SetSelected : 0);
    if (open || select) ui.open_lower_tab = static_cast<int>(which);  // a selected tab opens on the next frame
    return open;
}

void drawLowerTabItems(App& app) {
    UiState& ui = app.ui();
    if (lowerTab(ui, "Output size", LowerTab::Formula)) {
        drawFormulaPanel(app.view());
        ImGui::EndTabItem();
    }
    if (lowerTab(ui, "Code", LowerTab::Code)) {
        drawCodePanel(app.view(), app.lesson().name, app.lesson().view.quiz, ui.code);
        ImGui::EndTabItem();
    }
    if (lowerTab(ui, "Quiz", LowerTab::Quiz)) {
        drawQuizPanel(app.lesson(), app.view(), ui.quiz);
        ImGui::EndTabItem();
    }
}

// A folded lower tab (UiState::folded_tab) in the step pane: its name, the
// way back to the step, and the tab's own panel.
void drawFoldedTab(App& app) {
    UiState& ui = app.ui();
    static constexpr const char* kTitles[] = {"Output size", "Code", "Quiz"};
    colouredText(palette().accent_text, kTitles[std::clamp(ui.folded_tab, 0, 2)]);
    ImGui::SameLine();
    if (ImGui::SmallButton("Back to the step")) ui.folded_tab = -1;
    itemTooltip("the top bar (More) has Step, Output size, Code and Quiz while there is no room for tabs here");
    switch (static_cast<LowerTab>(ui.folded_tab)) {
        case LowerTab::Formula: drawFormulaPanel(app.view()); break;
        case LowerTab::Code: drawCodePanel(app.view(), app.lesson().name, app.lesson().view.quiz, ui.code); break;
        case LowerTab::Quiz: drawQuizPanel(app.lesson(), app.view(), ui.quiz); break;
    }
}

// Folded tabs (no tab bar over the step): a tab asked for (--panel, quiz
// mode, the top bar) shows in the step's place; unfolded again, the tab the
// pane showed is the one selected.
void foldLowerTabs(UiState& ui, bool folded) {
    if (folded && !ui.lower_tabs_folded && ui.open_lower_tab >= 0) ui.folded_tab = ui.open_lower_tab;
    ui.lower_tabs_folded = folded;
    if (folded && ui.lower_tab_request >= 0) ui.folded_tab = std::exchange(ui.lower_tab_request, -1);
    if (!folded && ui.folded_tab >= 0) ui.lower_tab_request = std::exchange(ui.folded_tab, -1);
}

// The lower right pane, when there is room for it beside the step.
void drawLowerTabs(App& app) {
    if (!ImGui::BeginTabBar("##lower")) return;
    drawLowerTabItems(app);
    ImGui::EndTabBar();
    app.ui().open_lower_tab = -1;  // beside the step, not in its place: folding shows the step
}

// A narrow page: the step pane's tabs, the step first. True while the Step
// tab is open (the caller draws it, then calls endStepTabs); the other tabs
// draw themselves.
bool beginStepTabs(App& app) {
    if (!ImGui::BeginTabBar("##steptabs")) return false;
    // A request for a lower tab (--panel, quiz mode) selects it over the step.
    if (ImGui::BeginTabItem("Step")) {
        app.ui().open_lower_tab = -1;
        return true;
    }
    drawLowerTabItems(app);
    ImGui::EndTabBar();
    return false;
}

void endStepTabs(App& app) {
    ImGui::EndTabItem();
    drawLowerTabItems(app);
    ImGui::EndTabBar();
}

// The quiz's requests (core/quiz.h does the work), and quiz mode's rule: the
// stepper never shows a step past the last one predicted.
void updateQuiz(App& app) {
    UiState& ui = app.ui();
    QuizPanelState& q = ui.quiz;
    LessonView& view = app.view();
    if (view.revisionSeen() != q.lesson_revision) {  // another lesson, or an edit
        q.lesson_revision = view.revisionSeen();
        q.cell.restart();
        if (app.lesson().view.quiz && ui.lower_tab_request < 0) ui.lower_tab_request = static_cast<int>(LowerTab::Quiz);
    }
    if (std::exchange(q.size_new, false)) {
        q.size = makeSizeQuestion(q.size_seed++, q.size_pooling);
        q.has_size = true;
        q.size_answered = false;
    }
    if (std::exchange(q.size_submit, false) && q.has_size && !q.size_answered) {
        q.size_answer = checkSizeAnswer(q.size, q.size_h, q.size_w);
        q.size_answered = true;
        q.score.add(q.size_answer.right);
    }
    if (!app.lesson().view.quiz || !view.hasTrace()) return;
    Stepper& stepper = view.stepper();
    const std::size_t before = q.cell.revealed;
    if (std::exchange(q.restart, false)) q.cell.restart();
    if (std::exchange(q.submit, false) && q.cell.revealed + 1 < view.trace().steps.size())
        q.cell.record(diagnoseCell(view.request(), view.trace(), q.cell.revealed + 1, q.typed), q.score);
    if (std::exchange(q.give_up, false) && q.cell.revealed + 1 < view.trace().steps.size()) q.cell.giveUp(q.score);
    if (q.cell.revealed != before) stepper.seek(q.cell.revealed);  // show what was just revealed (or restarted)
    if (stepper.current() > q.cell.revealed) {
        stepper.pause();
        stepper.seek(q.cell.revealed);
        if (!ui.message.visible()) ui.message.say("Quiz mode: predict the next cell first (the Quiz tab).");
    }
}

}  // namespace

std::vector<std::string> lessonNames() { return builtinLessonNames(); }

bool open(App& app, const GuiOptions& o) {
    // A layer-op lesson file given to --lesson opened the Layers page (App's constructor).
    if (app.page() == PageId::Layers) return pageFor(PageId::Layers).open(app, o);
    app.showPage(PageId::Matrices);
    // A lesson file may be a session: its other pages, step and page come back
    // too (read again here: the App was made with its matrix lesson alone).
    if (!o.lesson.empty() && !builtinLesson(o.lesson)) app.loadLesson(o.lesson);
    // --op NAME: the switch the Operation menu makes (an edit, undone like one), the view rebuilt before --step.
    if (o.op && *o.op != app.lesson().request.params.op) {
        setOperation(app.lesson().request, *o.op);
        app.lesson().touch();
        app.view().update(app.lesson(), app.displayEngine());
    }
    if (o.step > 0) app.view().stepper().seek(static_cast<std::size_t>(o.step - 1));
    // --glide-at F (a test and slide aid): the frame F of the way from the step before to this one.
    if (o.glide_at && app.view().hasTrace()) {
        const std::size_t to = app.view().stepper().current();
        app.stepMotion().hold(app.view().trace(), app.view().buildCount(), to > 0 ? to - 1 : 0, to, *o.glide_at,
                              glideSeconds(app.view().stepper().speed()));
    }
    if (o.panel == "code") app.ui().lower_tab_request = static_cast<int>(LowerTab::Code);
    if (o.panel == "quiz") app.ui().lower_tab_request = static_cast<int>(LowerTab::Quiz);
    if (o.quiz_answer) {  // --answer V: as if the student typed V for the next cell
        app.ui().quiz.typed = *o.quiz_answer;
        app.ui().quiz.submit = true;
    }
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
            if (app.unsavedTraining())
                ui.message.say("Saved to " + path + ", but not the weights trained on the Network page: a session "
                               "keeps where its model came from. Save model... on its Training tab keeps them.",
                               true);
            else
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
    updateQuiz(app);
    // After every move of the stepper this frame: the window glides to where it now is.
    const Stepper& stepper = app.view().stepper();
    app.stepMotion().follow(app.view().trace(), app.view().buildCount(), stepper.current(), dt,
                            glideSeconds(stepper.speed()));
    ui.hover = ui.next_hover;
    ui.next_hover = Hover{};
}

void toolbar(App& app) { drawToolbarPanel(app.lesson(), app.history(), app.ui()); }

void draw(App& app, const PageArea& area) {
    if (app.ui().stage_only) {  // convscope render --stage-only: the grids alone, no frame around them
        ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0.f);
        if (beginPagePanel("stage", area.x, area.y, area.w, area.h)) drawStagePanel(app.view(), app.lesson().view, app.ui());
        ImGui::End();
        ImGui::PopStyleVar();
        return;
    }
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
    // The lower tabs (output size, code, quiz) beside the step when there is
    // room for both; else they join the step pane as tabs of their own, so no
    // pane is too narrow for its text.
    const bool formula = !presenter && main_w * 0.44f >= F * 16.f;
    const float step_w = formula ? main_w * 0.56f : main_w;
    // The stage keeps the room its layout needs at a cell a class reads
    // (ui.stage_readable_h, from last frame; at most 58% of the body), and the
    // step pane is as tall as its text, up to what is left.
    const float stage_floor = ui.stage_readable_h > 0.f ? std::min(ui.stage_readable_h, body_h * 0.58f) : body_h * 0.3f;
    const float cap = std::min(body_h * 0.6f, body_h - stage_floor);  // the text shrinks to stay within this
    // Presenter mode keeps the stage's readable height too: it is what the
    // class reads first, and without the editor column it is wider, never smaller.
    const float most = presenter ? std::min(body_h * 0.6f, body_h - stage_floor) : std::min(body_h * 0.7f, body_h - stage_floor);
    // The step text's scale, measured at 1x from last frame's height.
    // Presenter mode: as large as a third of the body, the width and the room
    // the stage leaves allow (1x to 1.8x; at 1x a text taller than its pane
    // scrolls below the heading and the bold equation). Otherwise: 1x, or
    // smaller (down to 0.6x) when the text is taller than the pane may be, so
    // it is read, never scrolled.
    const float unscaled = ui.step_content_h / ui.step_text_scale;
    // Too low for the step text even at 0.6x: the text scrolls below its
    // heading and equation (the tab bar then only when those still fit under it).
    // The measure moves with the scale (lines wrap and round differently), so
    // a text on the edge would flip between 0.6x and 1x every frame: once too
    // low, it stays so until it fits with 3% to spare.
    const float low_limit = ui.step_too_low ? most * 0.97f : most;
    const bool too_low = !presenter && unscaled > 0.f && unscaled * 0.6f + pad > low_limit;
    ui.step_too_low = too_low;
    float step_scale = 1.f;
    if (presenter && unscaled > 0.f) {
        const float room = (most - pad) / unscaled;
        step_scale = std::clamp(std::min({body_h * 0.36f / (unscaled + pad), area.w / (F * 45.f), room}), 1.f, 1.8f);
    } else if (unscaled > 0.f) {
        float fit = std::clamp((cap - pad - ui.step_tabs_h) / unscaled, 0.6f, 1.f);
        // A body too low for the whole text even at 0.6x (1280x720 at 200%):
        // full size, the heading and the bold equation first, the rest scrolls.
        if (too_low) fit = 1.f;
        // Smaller at once; larger only past 5% (a smaller text wraps less, so
        // the measure moves with the scale: the band keeps it from flickering).
        step_scale = fit < ui.step_text_scale || fit > ui.step_text_scale * 1.05f ? fit : ui.step_text_scale;
    }
    const float wanted = ui.step_content_h > 0.f ? unscaled * step_scale + pad + ui.step_tabs_h : F * 9.f;
    // Only a text that is still too tall at 0.6x takes more, up to `most`: the stage then shrinks instead.
    // A shrunk text fills its pane: the pane then keeps its height from step
    // to step (texts of a few pixels more or less would move the stage).
    float lower_h = step_scale < 1.f ? std::max(cap, std::min(wanted, most))
                                     : std::clamp(wanted, std::min(F * 4.2f + pad, cap), most);
    // The lower tabs join the step pane as tabs (the quiz, the code and the
    // output-size formula one click away) unless the heading and the bold
    // equation would no longer show under the tab bar (1280x720 at 200%).
    const bool step_tabs = !formula && !presenter && (!too_low || lower_h - pad >= F * 6.2f);
    foldLowerTabs(ui, !formula && !presenter && !step_tabs);
    // A text that scrolls is cut at the end of a line (the lines under the
    // answer are one text line apart), so no half line shows under the
    // answer; what is left over goes to the stage. (ImGui clips content at the
    // window's bottom edge, not at its padding.)
    if (ui.step_content_h > 0.f && wanted > lower_h + 0.5f) {
        const float line_h = F * step_scale + ImGui::GetStyle().ItemSpacing.y;
        const float answer = ImGui::GetStyle().WindowPadding.y + (step_tabs ? ui.step_tabs_h : 0.f) + ui.step_answer_h / ui.step_text_scale * step_scale;
        if (lower_h > answer) lower_h = answer + std::floor((lower_h - answer) / line_h) * line_h;
    }
    // A folded tab in the step's place (a quiz to answer, code to read) takes
    // all the pane may have; the stage keeps its readable least height.
    if (ui.lower_tabs_folded && ui.folded_tab >= 0) lower_h = std::max(lower_h, most);
    const float stage_h = body_h - lower_h;
    LessonView& view = app.view();

    if (!presenter) {
        if (beginPagePanel("edit", area.x, area.y, left_w, body_h)) drawEditColumn(app);
        ImGui::End();
    }
    if (beginPagePanel("stage", main_x, area.y, main_w, stage_h, ImGuiWindowFlags_HorizontalScrollbar))
    {
        drawStagePanel(view, app.lesson().view, ui, app.stepMotion().pose(view.trace()));
        drawStaleBanner(view);
    }
    ImGui::End();
    if (beginPagePanel("step", main_x, area.y + stage_h, step_w, lower_h)) {
        const float tabs_top = ImGui::GetCursorPosY();
        if (ui.lower_tabs_folded && ui.folded_tab >= 0) {
            drawFoldedTab(app);  // the step's measures stay the step's: the pane keeps its height
        } else if (!step_tabs || beginStepTabs(app)) {
            ui.step_tabs_h = ImGui::GetCursorPosY() - tabs_top;
            ImGui::SetWindowFontScale(step_scale);
            const float top = ImGui::GetCursorPosY();
            ui.step_answer_h = drawStepPanel(view);
            ui.step_content_h = ImGui::GetCursorPosY() - top;
            ui.step_text_scale = step_scale;
            ImGui::SetWindowFontScale(1.f);
            if (step_tabs) endStepTabs(app);
        }
    }
    ImGui::End();
    if (formula) {
        if (beginPagePanel("formula", main_x + step_w, area.y + stage_h, main_w - step_w, lower_h)) drawLowerTabs(app);
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
