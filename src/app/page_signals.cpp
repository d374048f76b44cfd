#include "app/page_signals.h"

#include <imgui.h>

#include "app/app.h"
#include "app/gui_main.h"
#include "io/session_json.h"
#include "ui/signals_panel.h"
#include "ui/status_panel.h"

namespace cs::page_signals {

std::vector<std::string> lessonNames() { return {"signals"}; }

bool open(App& app, const GuiOptions& o) {
    app.showPage(PageId::Signals);
    const std::string& variant = o.page_lesson;
    auto has = [&](const char* word) { return variant.find(word) != std::string::npos; };
    SignalsLesson& s = app.signals();
    s.discrete = has("discrete");
    s.compare = has("compare");
    s.op = has("autocorr") ? ContinuousOp::AutoCorrelation
           : has("xcorr")  ? ContinuousOp::CrossCorrelation
                           : ContinuousOp::Convolution;
    s.touch();
    app.signalsView().update(s);
    if (o.step > 0) app.signalsView().seekLessonStep(static_cast<std::size_t>(o.step - 1));
    app.signalsHistory().reset(s);  // what the command line chose is the baseline, not an undo step
    return true;
}

// Runs whether or not the page is shown: its playback goes on behind another page.
void update(App& app, double dt, bool shown) {
    // An edit is finished when no widget is held: a whole drag (or a drawn
    // stroke) is one undo step; only while shown, as other pages' widgets are not ours.
    if (shown && !ImGui::IsAnyItemActive()) app.signalsHistory().commit(app.signals());
    app.signalsView().update(app.signals());
    app.signalsView().stepper().advance(dt);
}

void draw(App& app, const PageArea& area) {
    const float status_h = statusHeight();
    // The signals lesson has its own controls and playhead: one panel over the body.
    if (beginPagePanel("signals", area.x, area.y, area.w, area.h - status_h))
        drawSignalsPanel(app.signals(), app.signalsView(), app.ui().presenter);
    ImGui::End();
    if (beginPagePanel("status", area.x, area.y + area.h - status_h, area.w, status_h)) drawSignalsStatusLine(app.ui());
    ImGui::End();
}

Stepper* stepper(App& app) { return &app.signalsView().stepper(); }

void undo(App& app, bool redo) {
    auto& history = app.signalsHistory();
    const bool done = redo ? history.redo(app.signals()) : history.undo(app.signals());
    if (!done) app.ui().message.say(redo ? "Nothing to redo." : "Nothing to undo.");
}

std::string saveSection(App& app) {
    const SignalsView& view = app.signalsView();
    return signalsSectionToJson(app.signals(), view.currentT(), view.stepper().current());
}

void loadSection(App& app, const std::string& section) {
    SignalsView& view = app.signalsView();
    double t = view.currentT();
    std::size_t step = view.stepper().current();
    signalsSectionFromJson(section, app.signals(), t, step);
    app.signalsHistory().reset(app.signals());  // a loaded session starts a fresh history
    view.update(app.signals(), true);
    // Continuous: the position nearest the saved t (the grid is fixed, so the same one).
    view.stepper().seek(app.signals().discrete ? step : view.stepNearTime(t));
}

}  // namespace cs::page_signals
