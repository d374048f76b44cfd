#include "app/page_layers.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <utility>

#include "app/app.h"
#include "app/gui_main.h"
#include "core/quiz.h"
#include "io/lesson_json.h"
#include "io/session_json.h"
#include "ui/code_panel.h"
#include "ui/layers_panel.h"
#include "ui/playback_panel.h"
#include "ui/quiz_panel.h"
#include "ui/stage_views.h"
#include "ui/step_panel.h"
#include "ui/widgets.h"

namespace cs::page_layers {
namespace {

// Replaces the document (a built-in lesson or a file), its history and view.
// `discarding`: the student chose to drop the old lesson's unsaved edits.
void replaceLesson(App& app, LayersLesson lesson, bool discarding = false) {
    lesson.revision = app.layers().revision + 1;
    // Opening a lesson is not an edit; unsaved edits of the old one stay marked
    // unless the student discarded them.
    const bool was_saved = discarding || sameContent(app.layers(), app.savedLayers());
    app.layers() = std::move(lesson);
    if (was_saved) app.savedLayers() = app.layers();
    app.layersHistory().reset(app.layers());
    app.layersView().update(app.layers());
    app.layersView().stepper().toStart();
}

void carryOutLoad(App& app, const std::string& name_or_path, bool discarding) {
    if (auto builtin = builtinLayersLesson(name_or_path)) {
        replaceLesson(app, *builtin, discarding);
        return;
    }
    try {
        const Lesson l = loadLesson(name_or_path);
        if (!isLayer(l.request.params.op)) {
            app.ui().message.say("Not opened on the Layers page: \"" + name_or_path + "\" is a " +
                                     std::string(opName(l.request.params.op)) + " lesson (the Matrices page opens it).",
                                 true);
            return;
        }
        replaceLesson(app, layersLessonFromLesson(l), discarding);
        app.ui().message.say("Loaded lesson \"" + app.layers().name + "\".");
    } catch (const std::exception& e) {
        app.ui().message.say(std::string("Lesson not opened: ") + e.what(), true);
    }
}

// What the quiz asks about on the shown stage: its request and trace, its
// playhead, and the steps before its first element (batch norm's statistics).
struct QuizTarget {
    const OpRequest* request = nullptr;
    const Trace* trace = nullptr;
    Stepper* stepper = nullptr;
    std::size_t first = 0;
};

QuizTarget quizTarget(LayersView& view) {
    QuizTarget q;
    if (!view.hasStages()) return q;
    LayersStage& s = view.stage();
    if (s.window) {  // the pipeline's conv and max pool: the matrix page's quiz
        if (!s.lesson_view.hasTrace()) return q;
        q.request = &s.lesson_view.request();
        q.trace = &s.lesson_view.trace();
    } else {
        q.request = &s.request;
        q.trace = &s.trace;
        q.first = view.statisticsSteps();
    }
    q.stepper = &view.stepper();
    return q;
}

// The quiz's requests (core/quiz.h does the work; the score is the session's,
// shared with the matrix page) and quiz mode's rule: the stepper never shows
// an element past the last one predicted. Runs after the view is up to date.
void updateQuiz(App& app) {
    LayersUiState& lui = app.layersUi();
    LayersQuizState& q = lui.quiz;
    const LayersLesson& lesson = app.layers();
    if (lesson.quiz && !q.was_on) lui.show_quiz = true;
    q.was_on = lesson.quiz;
    if (lesson.revision != q.revision) {  // another lesson or stage, or an edit
        q.revision = lesson.revision;
        q.cell.restart();
    }
    const bool submit = std::exchange(q.submit, false), give_up = std::exchange(q.give_up, false),
               restart = std::exchange(q.restart, false);
    const QuizTarget t = quizTarget(app.layersView());
    if (!lesson.quiz || t.trace == nullptr) return;
    QuizScore& score = app.ui().quiz.score;
    const std::size_t steps = t.trace->steps.size(), before = q.cell.revealed;
    if (restart) q.cell.restart();
    if (submit && q.cell.revealed + 1 < steps)
        q.cell.record(diagnoseCell(*t.request, *t.trace, q.cell.revealed + 1, q.typed), score);
    if (give_up && q.cell.revealed + 1 < steps) q.cell.giveUp(score);
    const std::size_t limit = t.first + q.cell.revealed;
    if (q.cell.revealed != before) t.stepper->seek(limit);  // show what was just revealed (or restarted)
    if (t.stepper->current() > limit) {
        t.stepper->pause();
        t.stepper->seek(limit);
        if (!app.ui().message.visible()) app.ui().message.say("Quiz mode: predict the next output first (the Quiz tab).");
    }
}

void drawQuizTab(App& app) {
    const QuizTarget t = quizTarget(app.layersView());
    LayersQuizState& q = app.layersUi().quiz;
    std::string question;
    std::size_t step = 0;
    if (t.trace != nullptr && q.cell.revealed + 1 < t.trace->steps.size()) {
        question = quizCellName(*t.request, *t.trace, q.cell.revealed + 1);
        step = t.first + q.cell.revealed + 2;
    }
    if (t.trace == nullptr) mutedText("No quiz: the lesson has no valid configuration yet.");
    else drawLayersQuizPanel(app.layers(), question, step, q, app.ui().quiz.score);
}

// The shown window stage's lesson view (the pipeline's conv and max pool), or
// nullptr on a layer stage or without a trace.
LessonView* windowStage(LayersView& view) {
    if (!view.hasStages() || !view.stage().window || !view.stage().lesson_view.hasTrace()) return nullptr;
    return &view.stage().lesson_view;
}

// What the glide follows: another stage on show, another document revision
// or a rebuilt trace is another trace, so the step lands there at once.
std::uint64_t glideKey(App& app, const LayersView& view, const LessonView& stage) {
    return (static_cast<std::uint64_t>(app.layers().revision) << 24) ^
           (static_cast<std::uint64_t>(view.shownIndex()) << 16) ^ stage.buildCount();
}

}  // namespace

std::vector<std::string> lessonNames() { return layersLessonNames(); }

bool open(App& app, const GuiOptions& o) {
    app.showPage(PageId::Layers);
    if (auto builtin = builtinLayersLesson(o.page_lesson)) {
        // --layers-stage N: the pipeline's stage N on show (past the last: the last).
        if (o.layers_stage > 0 && !builtin->stages.empty())
            builtin->shown_stage = std::min(o.layers_stage, static_cast<int>(builtin->stages.size())) - 1;
        replaceLesson(app, *builtin);
    }
    if (o.step > 0) app.layersView().stepper().seek(static_cast<std::size_t>(o.step - 1));
    // --glide-at F: on a window stage, the frame F of the way from the step before to this one (as the Matrices page).
    if (LessonView* stage = windowStage(app.layersView()); o.glide_at && stage != nullptr) {
        const std::size_t to = stage->stepper().current();
        app.layersMotion().hold(stage->trace(), glideKey(app, app.layersView(), *stage), to > 0 ? to - 1 : 0, to,
                                *o.glide_at, glideSeconds(stage->stepper().speed()));
    }
    app.layersUi().show_code = o.panel == "code";
    // --panel quiz: quiz mode on, on the Quiz tab; --answer V as if the student typed V.
    if (o.panel == "quiz" && !app.layers().quiz) {
        app.layers().quiz = true;
        app.layers().touch();
        app.layersHistory().reset(app.layers());
    }
    app.layersUi().ask_open = o.ask_open;
    if (o.quiz_answer) {
        app.layersUi().quiz.typed = *o.quiz_answer;
        app.layersUi().quiz.submit = true;
    }
    return true;
}

void update(App& app, double dt, bool shown) {
    LayersUiState& lui = app.layersUi();
    if (!lui.ask_open.empty() && !app.layers().stages.empty()) {  // --ask-open: after the command line's markSaved
        OpRequest& r = app.layers().stages[static_cast<std::size_t>(app.layers().shown_stage)];
        if (!r.input.values().empty()) r.input.values()[0] += 1.f;
        app.layers().touch();
        lui.load = std::exchange(lui.ask_open, {});
    }
    if (!lui.load.empty()) {
        // Unsaved edits are never dropped silently: over them the load waits for an answer.
        const bool discarding = std::exchange(lui.discard_edits, false);
        if (!discarding && !sameContent(app.layers(), app.savedLayers()))
            lui.pending_load = std::exchange(lui.load, {});
        else
            carryOutLoad(app, std::exchange(lui.load, {}), discarding);
    }
    if (std::exchange(lui.want_undo, false)) undo(app, false);
    if (std::exchange(lui.want_redo, false)) undo(app, true);
    LayersLesson& lesson = app.layers();
    // An edit is finished when no widget is held: a whole drag is one undo step
    // (only while shown: the matrix page's widgets are not this page's edits).
    if (shown && !ImGui::IsAnyItemActive()) app.layersHistory().commit(lesson);
    app.layersView().update(lesson);
    app.layersView().stepper().advance(dt);
    updateQuiz(app);
    // After every move of the stepper this frame: a window stage's window glides
    // to where it now is (the Matrices page's glide, core/step_motion.h).
    if (LessonView* stage = windowStage(app.layersView()))
        app.layersMotion().follow(stage->trace(), glideKey(app, app.layersView(), *stage), stage->stepper().current(), dt,
                                  glideSeconds(stage->stepper().speed()));
    else
        app.layersMotion().settle();
}

void draw(App& app, const PageArea& area) {
    const float F = ImGui::GetFontSize();
    const float play_h = barHeight(), status_h = statusHeight();
    // Narrower than the matrix page's at large text: the stage needs the room.
    // Presenter mode hides it, as on the matrix page.
    const bool presenter = app.ui().presenter;
    const float left_w = presenter ? 0.f : std::clamp(area.w * 0.3f, std::min(F * 18.f, area.w * 0.4f), F * 26.f);
    const float body_h = area.h - play_h - status_h;
    const float main_x = area.x + left_w, main_w = area.w - left_w;
    LayersLesson& lesson = app.layers();
    LayersView& view = app.layersView();
    const bool pipeline = lesson.isPipeline() && view.hasStages();
    // Quiz mode: as tall as the Quiz tab needs (tabs, quiz mode, the question
    // and its answer row, a diagnosis of two lines), up to half the body.
    const ImGuiStyle& style = ImGui::GetStyle();
    const float quiz_h = ImGui::GetFrameHeightWithSpacing() * 3.f + ImGui::GetTextLineHeightWithSpacing() * 2.f +
                         style.WindowPadding.y * 2.f + style.ItemSpacing.y * 2.f;
    const float plain_h = std::clamp(body_h * 0.28f, std::min(F * 7.f, body_h * 0.35f), F * 12.f);
    float lower_h = lesson.quiz ? std::clamp(quiz_h, plain_h, body_h * 0.5f) : plain_h;
    // A window stage (conv, max pool) keeps the room its layout needs at a cell a
    // class reads (ui.stage_readable_h, last frame's, at most 60% of the body):
    // the step pane gives it up first, down to its heading and bold equation.
    const bool window_view = view.hasStages() && view.stage().window;
    const float readable = window_view && app.ui().stage_readable_h > 0.f ? std::min(app.ui().stage_readable_h, body_h * 0.6f) : 0.f;
    // The pane's tab bar, then the step's heading and bold equation.
    const float tabs_h = ImGui::GetFrameHeightWithSpacing() + style.ItemSpacing.y;
    const float lower_min = std::min(lower_h, F * 4.2f + tabs_h + style.WindowPadding.y * 2.f);
    // The pipeline's stages wrap, then their text shrinks (ui/layers_panel.h
    // pipelineBarFit) so that the whole network shows in 22% of the body.
    // Where even the smallest text does not fit there, the bar may take what
    // the stage (its readable height, or 40% of the body) and the step pane's
    // heading leave; past that it scrolls.
    PipelineBarFit bar;
    if (pipeline) {
        bar = pipelineBarFit(view, main_w, body_h * 0.22f);
        const float room = body_h - std::max(readable, body_h * 0.4f) - lower_min;
        if (!bar.whole && room > body_h * 0.22f) bar = pipelineBarFit(view, main_w, room);
    }
    const float bar_h = bar.height;
    lower_h = std::clamp(body_h - bar_h - readable, lower_min, lower_h);
    // A window stage's step text that scrolls is cut at a line's end (as the
    // matrix page's): no half line under the answer; the stage gets the rest.
    LayersUiState& lui = app.layersUi();
    if (window_view && lui.step_content_h > 0.f) {
        const float line_h = ImGui::GetTextLineHeightWithSpacing();
        const float answer = lui.step_top + lui.step_answer_h;
        if (lui.step_top + lui.step_content_h > lower_h && lower_h > answer)
            lower_h = answer + std::floor((lower_h - answer) / line_h) * line_h;
    }
    const float stage_h = body_h - lower_h - bar_h;

    if (!presenter) {
        if (beginPagePanel("layers-edit", area.x, area.y, left_w, body_h))
            drawLayersEditPanel(lesson, view, app.layersHistory().canUndo(), app.layersHistory().canRedo(),
                                app.layersUi(), app.ui());
        ImGui::End();
    }
    if (pipeline) {
        pushPipelineBarStyle(bar);
        if (beginPagePanel("layers-pipeline", main_x, area.y, main_w, bar_h)) drawPipelineBar(lesson, view, bar.scale);
        ImGui::End();
        popPipelineBarStyle();
    }
    const bool window_stage = view.hasStages() && view.stage().window;
    static const ViewOptions kOptions;
    if (beginPagePanel("layers-stage", main_x, area.y + bar_h, main_w, stage_h, ImGuiWindowFlags_HorizontalScrollbar)) {
        if (window_stage)
            drawStagePanel(view.stage().lesson_view, kOptions, app.ui(),
                           windowStage(view) ? app.layersMotion().pose(view.stage().lesson_view.trace()) : GlidePose{});
        else
            drawLayersStage(view, lesson.quiz);
    }
    ImGui::End();
    if (beginPagePanel("layers-step", main_x, area.y + bar_h + stage_h, main_w, lower_h) && ImGui::BeginTabBar("##layers_lower")) {
        if (ImGui::BeginTabItem("Step")) {
            if (window_stage) {
                const float top = lui.step_top = ImGui::GetCursorPosY();
                lui.step_answer_h = drawStepPanel(view.stage().lesson_view);
                lui.step_content_h = ImGui::GetCursorPosY() - top;
            } else
                drawLayersStepPanel(view, lesson.quiz);
            ImGui::EndTabItem();
        }
        // The shown stage's code (the pipeline: that stage with its fed input).
        const bool select_code = std::exchange(app.layersUi().show_code, false);
        if (ImGui::BeginTabItem("Code", nullptr, select_code ? ImGuiTabItemFlags_SetSelected : 0)) {
            if (view.hasStages()) {
                const LayersStage& st = view.stage();
                const std::string label = pipeline ? lesson.name + " stage " + std::to_string(view.shownIndex() + 1) : lesson.name;
                drawCodePanel(st.request, st.result, (lesson.revision << 4) ^ view.shownIndex(), label, lesson.quiz,
                              app.layersUi().code);
            } else {
                mutedText("No code: the lesson has no valid configuration yet.");
            }
            ImGui::EndTabItem();
        }
        const bool select_quiz = std::exchange(app.layersUi().show_quiz, false);
        if (ImGui::BeginTabItem("Quiz", nullptr, select_quiz ? ImGuiTabItemFlags_SetSelected : 0)) {
            drawQuizTab(app);
            ImGui::EndTabItem();
        }
        ImGui::EndTabBar();
    }
    ImGui::End();
    if (beginPagePanel("layers-playback", area.x, area.y + body_h, area.w, play_h)) drawPlaybackPanel(view.stepper());
    ImGui::End();
    if (beginPagePanel("layers-status", area.x, area.y + body_h + play_h, area.w, status_h)) {
        if (!drawPageMessage(app.ui().message))
            mutedText(pipeline ? "CPU reference; each stage's output is the next stage's input (click a stage above)."
                               : "CPU reference (the same numbers `convscope compute` answers).");
    }
    ImGui::End();
}

Stepper* stepper(App& app) { return &app.layersView().stepper(); }

void undo(App& app, bool redo) {
    auto& history = app.layersHistory();
    const bool done = redo ? history.redo(app.layers()) : history.undo(app.layers());
    if (!done) app.ui().message.say(redo ? "Nothing to redo." : "Nothing to undo.");
}

void load(App& app, const std::string& path) { app.layersUi().load = path; }

void save(App& app, const std::string& path) {
    if (app.layers().isPipeline()) {
        app.ui().message.say("The pipeline is not saved: lesson files hold one operation.", true);
        return;
    }
    try {
        saveLessonFile(path, lessonOfLayers(app.layers()));
        app.ui().message.say("Saved to " + path + ".");
    } catch (const std::exception& e) {
        app.ui().message.say(std::string("Lesson not saved: ") + e.what(), true);
    }
}

std::string saveSection(App& app) { return layersSectionToJson(app.layers(), app.layersView().stepper().current()); }

void loadSection(App& app, const std::string& section) {
    LayersLesson lesson = app.layers();
    std::size_t step = 0;
    layersSectionFromJson(section, lesson, step);  // throws on a malformed section, leaving `lesson` as it was
    // A document that does not compute is still the user's (saved mid-edit):
    // it loads as that edit would, the last good stages staying on show.
    LayersView check;
    check.update(lesson, true);
    const std::string unfit = check.error();
    replaceLesson(app, std::move(lesson));
    if (!unfit.empty()) throw SectionNotShown(unfit + " (the page keeps showing the last lesson that computed)");
    app.layersView().stepper().seek(step);
    // In quiz mode the saved step is where the quiz stands: what it shows counts as revealed.
    LayersQuizState& q = app.layersUi().quiz;
    q.cell.restart();
    q.revision = app.layers().revision;
    const std::size_t first = app.layersView().statisticsSteps(), at = app.layersView().stepper().current();
    q.cell.revealed = at > first ? at - first : 0;
}

}  // namespace cs::page_layers
