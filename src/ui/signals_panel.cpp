#include "ui/signals_panel.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "ui/fonts.h"
#include "ui/signal_plot.h"
#include "ui/signals_stage.h"
#include "ui/theme.h"
#include "ui/widgets.h"

namespace cs {
namespace {

void heading(const char* text, ImU32 color) {
    ImGui::PushFont(uiFonts().large);
    colouredText(color, "%s", text);
    ImGui::PopFont();
}

bool sliderDouble(const char* label, double& v, double lo, double hi, const char* format, bool log = false) {
    float f = static_cast<float>(v);
    const bool changed = ImGui::SliderFloat(label, &f, static_cast<float>(lo), static_cast<float>(hi), format,
                                            log ? ImGuiSliderFlags_Logarithmic : 0);
    if (changed) v = f;
    return changed;
}

// The preset's shape and parameters. Returns true when something changed.
bool presetControls(SignalSpec& spec) {
    bool changed = false;
    const std::string title(signalShapeTitle(spec.shape));
    if (ImGui::BeginCombo("shape", title.c_str())) {
        for (SignalShape shape : kSignalShapes) {
            const std::string name(signalShapeTitle(shape));
            if (ImGui::Selectable(name.c_str(), shape == spec.shape) && shape != spec.shape) {
                // A new shape starts from its good defaults, where the old one was.
                SignalSpec next = defaultSignal(shape);
                next.centre = spec.centre;
                next.amplitude = spec.amplitude;
                spec = next;
                changed = true;
            }
        }
        ImGui::EndCombo();
    }
    const SignalParamInfo info = signalParamInfo(spec.shape);
    changed |= sliderDouble("centre", spec.centre, -5.0, 5.0, "%.2f");
    changed |= sliderDouble(std::string(info.amplitude_label).c_str(), spec.amplitude, -3.0, 3.0, "%.2f");
    if (info.uses_width) changed |= sliderDouble(std::string(info.width_label).c_str(), spec.width, 0.02, 8.0, "%.2f", true);
    if (info.uses_rate) changed |= sliderDouble(std::string(info.rate_label).c_str(), spec.rate, 0.1, 10.0, "%.2f", true);
    if (info.uses_seed) {
        int seed = static_cast<int>(spec.seed);
        if (ImGui::InputInt("seed", &seed)) {
            spec.seed = static_cast<std::uint32_t>(std::max(0, seed));
            changed = true;
        }
    }
    return changed;
}

// A small plot of the function on its own; when drawn, the mouse edits it.
bool thumbnail(const char* id, SignalInput& in, const Polyline& alone, ImU32 color) {
    const float F = ImGui::GetFontSize();
    const ImVec2 size(ImGui::GetContentRegionAvail().x, F * 4.6f);
    bool changed = false;
    if (in.source == SignalSource::Drawn) {
        SampledSignal& s = in.drawn;
        double peak = 1.0;
        for (double v : s.values) peak = std::max(peak, std::abs(v));
        const PlotRange yr{-peak * 1.15, peak * 1.15};
        PlotFrame p = placePlot(id, size, {s.t0, s.t1}, yr);
        drawAxes(p, tauText(), "");
        std::vector<double> xs(s.values.size());
        for (std::size_t k = 0; k < xs.size(); ++k) xs[k] = s.t0 + s.spacing() * static_cast<double>(k);
        drawCurve(p, xs, s.values, color, 2.5f);
        if (p.hovered) ImGui::SetTooltip("drag with the left button to draw");
        if (p.active && ImGui::IsMouseDown(ImGuiMouseButton_Left)) {
            const ImVec2 m = ImGui::GetIO().MousePos, d = ImGui::GetIO().MouseDelta;
            const bool just = ImGui::IsMouseClicked(ImGuiMouseButton_Left);
            const ImVec2 a = just ? m : ImVec2(m.x - d.x, m.y - d.y);
            drawStroke(s, p.fromX(a.x), std::clamp(p.fromY(a.y), yr.lo, yr.hi), p.fromX(m.x),
                       std::clamp(p.fromY(m.y), yr.lo, yr.hi));
            changed = true;
        }
    } else {
        double lo = 0.0, hi = 0.0;
        for (double v : alone.y) lo = std::min(lo, v), hi = std::max(hi, v);
        const PlotRange xr{alone.x.empty() ? -1.0 : alone.x.front(), alone.x.empty() ? 1.0 : alone.x.back()};
        PlotFrame p = placePlot(id, size, xr, paddedRange(lo, hi));
        drawAxes(p, tauText(), "");
        drawCurve(p, alone.x, alone.y, color, 2.5f);
    }
    return changed;
}

// f or g: where it comes from (preset, drawn, typed) and its settings.
bool signalControls(const char* name, SignalInput& in, const Polyline& alone, ImU32 color, bool used) {
    ImGui::PushID(name);
    heading(name, color);
    bool changed = false;
    // Unused (autocorrelation uses f only): the controls stay in place, greyed
    // and inert, with the reason on a line of its own under them.
    ImGui::BeginDisabled(!used);
    int source = static_cast<int>(in.source);
    ImGui::SameLine(ImGui::GetFontSize() * 2.2f);
    const bool preset = ImGui::RadioButton("preset", &source, 0);
    ImGui::SameLine();
    const bool draw = ImGui::RadioButton("draw", &source, 1);
    ImGui::SameLine();
    const bool type = ImGui::RadioButton("type", &source, 2);
    if (draw && in.source != SignalSource::Drawn) {
        startDrawing(in);
        changed = true;
    } else if ((preset || type) && static_cast<int>(in.source) != source) {
        in.source = static_cast<SignalSource>(source);
        changed = true;
    }
    if (!used) mutedText("Autocorrelation uses f only: g is not used.");
    ImGui::PushItemWidth(-ImGui::GetFontSize() * 6.5f);
    switch (in.source) {
    case SignalSource::Preset: changed |= presetControls(in.spec); break;
    case SignalSource::Drawn:
        if (ImGui::Button("clear")) {
            std::fill(in.drawn.values.begin(), in.drawn.values.end(), 0.0);
            changed = true;
        }
        ImGui::SameLine();
        mutedText("drag on the plot below");
        break;
    case SignalSource::Typed:
        changed |= ImGui::InputText("values", &in.typed);
        itemTooltip("numbers separated by spaces or commas, like 1 2 0.5");
        changed |= ImGui::InputDouble("first at", &in.typed_t0, 0.5, 1.0, "%.2f");
        if (sliderDouble("spacing", in.typed_dt, 0.05, 2.0, "%.2f", true)) {
            in.typed_dt = std::clamp(in.typed_dt, 0.05, 2.0);
            changed = true;
        }
        break;
    }
    ImGui::PopItemWidth();
    changed |= thumbnail("##thumb", in, alone, color);
    ImGui::EndDisabled();
    ImGui::PopID();
    return changed;
}

void controls(SignalsLesson& lesson, SignalsView& view) {
    const Palette& pal = palette();
    const SignalColors col = signalColors();
    bool changed = false;

    heading("Signals", pal.heading_text);
    int op = static_cast<int>(lesson.op);
    for (int k = 0; k < kContinuousOpCount; ++k) {
        const std::string title(continuousOpTitle(static_cast<ContinuousOp>(k)));
        if (ImGui::RadioButton(title.c_str(), &op, k)) changed = true;
    }
    lesson.op = static_cast<ContinuousOp>(op);

    int discrete = lesson.discrete ? 1 : 0;
    changed |= ImGui::RadioButton("continuous", &discrete, 0);
    ImGui::SameLine();
    changed |= ImGui::RadioButton("discrete", &discrete, 1);
    lesson.discrete = discrete == 1;
    if (lesson.discrete) {
        int mode = static_cast<int>(lesson.mode);
        ImGui::TextUnformatted("output");
        for (int k = 0; k < 3; ++k) {
            ImGui::SameLine();
            changed |= ImGui::RadioButton(std::string(mode1dName(static_cast<Mode1d>(k))).c_str(), &mode, k);
        }
        lesson.mode = static_cast<Mode1d>(mode);
        ImGui::PushItemWidth(-ImGui::GetFontSize() * 6.5f);
        if (sliderDouble("sample every", lesson.sample_dt, 0.1, 2.0, "%.2f", true)) {
            lesson.sample_dt = std::clamp(lesson.sample_dt, 0.1, 2.0);
            changed = true;
        }
        ImGui::PopItemWidth();
    }
    changed |= ImGui::Checkbox("compare all three", &lesson.compare);
    itemTooltip("convolution, cross-correlation and autocorrelation of the same f and g, side by side");
    ImGui::SameLine();
    if (ImGui::Button("swap f and g")) swapSignals(lesson);
    itemTooltip("convolution gives the same curve (it is commutative); cross-correlation mirrors it");

    ImGui::Separator();
    changed |= signalControls("f", lesson.f, view.fAlone(), col.f, true);
    ImGui::Separator();
    changed |= signalControls("g", lesson.g, view.gAlone(), col.moving,
                              lesson.compare || lesson.op != ContinuousOp::AutoCorrelation);
    if (changed) lesson.touch();

    if (!view.error().empty()) {
        wrappedText(pal.error_text, view.error() + " (showing the last valid input)");
    }
    ImGui::Separator();
    if (ImGui::CollapsingHeader("Things to try")) {
        mutedText("Pick the decay for g and play the convolution: its tail points left, because g is flipped. "
              "Switch to cross-correlation: the tail points right and slides the other way.");
        mutedText("Press \"swap f and g\": a convolution keeps exactly the same curve.");
        mutedText("Autocorrelation always peaks at t = 0 and is the same on both sides of it.");
    }
}

// Start, back, play, next, end, the scrub bar over t (or the output index) and the speed.
// `two_rows`: the scrub slider on a row of its own, so it stays usable when
// large text leaves the buttons little room.
void timeControls(SignalsView& view, bool two_rows) {
    const bool uni = uiFonts().unicode;
    const float F = ImGui::GetFontSize();
    Stepper& s = view.stepper();
    // The buttons' words while the five fit the row; else their symbols (the
    // names in the tooltips), so none is cut at 200% in a small window.
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    const bool words = !uni || ImGui::GetContentRegionAvail().x >= 5.f * (F * 4.2f + gap);
    const ImVec2 button(words ? F * 4.2f : F * 1.8f, 0);
    auto label = [&](const char* word, const char* symbol, const char* ascii) { return !uni ? ascii : words ? word : symbol; };
    ImGui::BeginDisabled(s.count() == 0);
    if (ImGui::Button(label("\u21e4 Start", "\u21e4##start", "|< Start"), button)) s.toStart();
    itemTooltip("start");
    ImGui::SameLine();
    if (ImGui::Button(label("\u25c0 Back", "\u25c0##back", "< Back"), button)) s.stepBack();
    itemTooltip("back");
    ImGui::SameLine();
    const char* play = s.playing() ? label("\u2016 Pause", "Pause##play", "Pause") : label("\u25b6 Play", "Play##play", "> Play");
    if (ImGui::Button(play, words ? button : ImVec2(F * 3.4f, 0))) s.togglePlay();
    itemTooltip("play or pause (Space)");
    ImGui::SameLine();
    if (ImGui::Button(label("Next \u25b6", "\u25b6##next", "Next >"), button)) s.stepForward();
    itemTooltip("next");
    ImGui::SameLine();
    if (ImGui::Button(label("End \u21e5", "\u21e5##end", "End >|"), button)) s.toEnd();
    itemTooltip("end");
    if (!two_rows) ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - F * 11.f);
    if (view.discrete()) {
        const TraceStep* step = view.currentStep();
        int i = static_cast<int>(s.current());
        const int last = std::max(0, static_cast<int>(s.count()) - 1);
        const std::string format = "output [%d] of " + std::to_string(s.count()) +
                                   (step ? "   (lag n = " + std::to_string(step->lag) + ")" : std::string());
        if (ImGui::SliderInt("##scrub", &i, 0, last, format.c_str(), ImGuiSliderFlags_AlwaysClamp)) {
            s.pause();
            s.seek(static_cast<std::size_t>(i));
        }
    } else {
        const Interval r = view.timeRange();
        float t = static_cast<float>(view.currentT());
        if (ImGui::SliderFloat("##scrub", &t, static_cast<float>(r.lo), static_cast<float>(r.hi), "t = %.2f",
                               ImGuiSliderFlags_AlwaysClamp)) {
            s.pause();
            s.seek(view.stepNearTime(t));
        }
    }
    ImGui::EndDisabled();
    ImGui::SameLine();
    float speed = static_cast<float>(s.speed());
    ImGui::SetNextItemWidth(F * 6.f);
    if (ImGui::SliderFloat("speed", &speed, 0.25f, 100.f, "%.3g/s", ImGuiSliderFlags_Logarithmic)) s.setSpeed(speed);
}

}  // namespace

void drawSignalsPanel(SignalsLesson& lesson, SignalsView& view, bool presenter) {
    const float F = ImGui::GetFontSize();
    const ImGuiStyle& style = ImGui::GetStyle();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    // At large text the controls give way (they scroll) so the plots keep
    // two thirds of the width; presenter mode hides them.
    const float left_w = std::min(std::clamp(avail.x * 0.27f, F * 17.f, F * 24.f), avail.x * 0.34f);

    if (!presenter) {
        ImGui::BeginChild("signals_controls", ImVec2(left_w, avail.y), false);
        controls(lesson, view);
        ImGui::EndChild();
        ImGui::SameLine();
    }

    ImGui::BeginChild("signals_stage", ImVec2(0, avail.y), false);
    // Five buttons, a slider of at least 10 em and the speed: one row when they fit.
    const float row_w = 5.f * (F * 4.2f + style.ItemSpacing.x) + F * 10.f + F * 11.f;
    const bool two_rows = ImGui::GetContentRegionAvail().x < row_w;
    const float controls_h = ImGui::GetFrameHeight() * (two_rows ? 2.f : 1.f) + style.ItemSpacing.y * (two_rows ? 3.f : 2.f);
    const ImVec2 stage(ImGui::GetContentRegionAvail().x, ImGui::GetContentRegionAvail().y - controls_h);
    ImGui::BeginChild("signals_views", stage, false, ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
    const ImVec2 inner = ImGui::GetContentRegionAvail();
    if (lesson.discrete)
        lesson.compare ? drawDiscreteCompare(lesson, view, inner) : drawDiscreteStage(lesson, view, inner);
    else
        lesson.compare ? drawContinuousCompare(lesson, view, inner) : drawContinuousStage(lesson, view, inner);
    ImGui::EndChild();
    ImGui::Separator();
    timeControls(view, two_rows);
    ImGui::EndChild();
}

}  // namespace cs
