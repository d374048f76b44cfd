#include "app/page_layers.h"

#include <imgui.h>

#include <algorithm>
#include <utility>

#include "app/app.h"
#include "app/gui_main.h"
#include "io/lesson_json.h"
#include "ui/code_panel.h"
#include "ui/layers_panel.h"
#include "ui/playback_panel.h"
#include "ui/stage_views.h"
#include "ui/step_panel.h"
#include "ui/widgets.h"

namespace cs::page_layers {
namespace {

// Replaces the document (a built-in lesson or a file), its history and view.
void replaceLesson(App& app, LayersLesson lesson) {
    lesson.revision = app.layers().revision + 1;
    app.layers() = std::move(lesson);
    app.layersHistory().reset(app.layers());
    app.layersView().update(app.layers());
    app.layersView().stepper().toStart();
}

void carryOutLoad(App& app, const std::string& name_or_path) {
    if (auto builtin = builtinLayersLesson(name_or_path)) {
        replaceLesson(app, *builtin);
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
        replaceLesson(app, layersLessonFromLesson(l));
        app.ui().message.say("Loaded lesson \"" + app.layers().name + "\".");
    } catch (const std::exception& e) {
        app.ui().message.say(std::string("Lesson not opened: ") + e.what(), true);
    }
}

}  // namespace

std::vector<std::string> lessonNames() { return layersLessonNames(); }

bool open(App& app, const GuiOptions& o) {
    app.showPage(PageId::Layers);
    if (auto builtin = builtinLayersLesson(o.page_lesson)) replaceLesson(app, *builtin);
    if (o.step > 0) app.layersView().stepper().seek(static_cast<std::size_t>(o.step - 1));
    app.layersUi().show_code = o.panel == "code";
    return true;
}

void update(App& app, double dt, bool shown) {
    LayersUiState& lui = app.layersUi();
    if (!lui.load.empty()) carryOutLoad(app, std::exchange(lui.load, {}));
    if (std::exchange(lui.want_undo, false)) undo(app, false);
    if (std::exchange(lui.want_redo, false)) undo(app, true);
    LayersLesson& lesson = app.layers();
    // An edit is finished when no widget is held: a whole drag is one undo step
    // (only while shown: the matrix page's widgets are not this page's edits).
    if (shown && !ImGui::IsAnyItemActive()) app.layersHistory().commit(lesson);
    app.layersView().update(lesson);
    app.layersView().stepper().advance(dt);
}

void draw(App& app, const PageArea& area) {
    const float F = ImGui::GetFontSize();
    const float play_h = barHeight(), status_h = statusHeight();
    // Narrower than the matrix page's at large text: the stage needs the room.
    const float left_w = std::clamp(area.w * 0.3f, std::min(F * 18.f, area.w * 0.4f), F * 26.f);
    const float body_h = area.h - play_h - status_h;
    const float main_x = area.x + left_w, main_w = area.w - left_w;
    LayersLesson& lesson = app.layers();
    LayersView& view = app.layersView();
    const bool pipeline = lesson.isPipeline() && view.hasStages();
    // The pipeline's stages wrap onto a second line when the window is narrow.
    // The stage keeps at least 40% of the body: the bar scrolls when it must.
    const float bar_h = pipeline ? std::min(pipelineBarHeight(view, main_w), body_h * 0.22f) : 0.f;
    const float lower_h = std::clamp(body_h * 0.28f, std::min(F * 7.f, body_h * 0.35f), F * 12.f);
    const float stage_h = body_h - lower_h - bar_h;

    if (beginPagePanel("layers-edit", area.x, area.y, left_w, body_h))
        drawLayersEditPanel(lesson, view, app.layersHistory().canUndo(), app.layersHistory().canRedo(), app.layersUi(),
                            app.ui());
    ImGui::End();
    if (pipeline) {
        if (beginPagePanel("layers-pipeline", main_x, area.y, main_w, bar_h)) drawPipelineBar(lesson, view);
        ImGui::End();
    }
    const bool window_stage = view.hasStages() && view.stage().window;
    static const ViewOptions kOptions;
    if (beginPagePanel("layers-stage", main_x, area.y + bar_h, main_w, stage_h, ImGuiWindowFlags_HorizontalScrollbar)) {
        if (window_stage)
            drawStagePanel(view.stage().lesson_view, kOptions, app.ui());
        else
            drawLayersStage(view);
    }
    ImGui::End();
    if (beginPagePanel("layers-step", main_x, area.y + bar_h + stage_h, main_w, lower_h) && ImGui::BeginTabBar("##layers_lower")) {
        if (ImGui::BeginTabItem("Step")) {
            if (window_stage)
                drawStepPanel(view.stage().lesson_view);
            else
                drawLayersStepPanel(view);
            ImGui::EndTabItem();
        }
        // The shown stage's code (the pipeline: that stage with its fed input).
        const bool select_code = std::exchange(app.layersUi().show_code, false);
        if (ImGui::BeginTabItem("Code", nullptr, select_code ? ImGuiTabItemFlags_SetSelected : 0)) {
            if (view.hasStages()) {
                const LayersStage& st = view.stage();
                const std::string label = pipeline ? lesson.name + " stage " + std::to_string(view.shownIndex() + 1) : lesson.name;
                drawCodePanel(st.request, st.result, (lesson.revision << 4) ^ view.shownIndex(), label, app.layersUi().code);
            } else {
                mutedText("No code: the lesson has no valid configuration yet.");
            }
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

}  // namespace cs::page_layers
