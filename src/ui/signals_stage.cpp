// The stage of the signals lesson. Sections:
//   colours and text helpers
//   continuous: the sliding plot (f, moving function, signed product), the result plot
//   discrete: stem plots, the terms of the sum, the output filling in
//   the three-up comparisons
#include "ui/signals_stage.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "ui/fonts.h"
#include "ui/signal_plot.h"
#include "ui/text_flow.h"
#include "ui/theme.h"
#include "ui/widgets.h"

namespace cs {
namespace {

constexpr const char* kTau = "\xcf\x84";  // τ in UTF-8

ImU32 withAlpha(ImU32 c, int alpha) { return (c & ~IM_COL32_A_MASK) | (static_cast<ImU32>(alpha) << IM_COL32_A_SHIFT); }

// One line in a colour, in `font` when one is given (titles use the large
// font); a title wider than the panel is drawn smaller (down to 60%) so that
// large text scales keep the formula whole.
void fontText(const std::string& text, ImU32 color, ImFont* font = nullptr) {
    if (font) ImGui::PushFont(font);
    const float width = ImGui::CalcTextSize(text.c_str()).x, room = ImGui::GetContentRegionAvail().x;
    const float scale = ImGui::GetFontSize() / ImGui::GetFont()->FontSize;
    const bool shrink = width > room && room > 0.f;
    if (shrink) ImGui::SetWindowFontScale(scale * std::max(0.6f, room / width));
    colouredText(color, "%s", text.c_str());
    if (shrink) ImGui::SetWindowFontScale(scale);
    if (font) ImGui::PopFont();
}

std::string fLabel() { return std::string("f(") + tauText() + ")"; }
std::string moving(ContinuousOp op) { return withTau(movingLabel(op, uiFonts().unicode)); }
std::string formula(ContinuousOp op) { return withTau(continuousOpFormula(op, uiFonts().unicode)); }
std::string title(ContinuousOp op) { return std::string(continuousOpTitle(op)); }

// What the moving function does, in a sentence.
std::string howItMoves(ContinuousOp op) {
    switch (op) {
    case ContinuousOp::Convolution:
        return "g is flipped, then slid to t: as t grows it moves right. The shaded area of the product is the value "
               "at t.";
    case ContinuousOp::CrossCorrelation:
        return "g is not flipped, only shifted by t: as t grows it moves left. The value at t says how well f matches "
               "g shifted by t.";
    case ContinuousOp::AutoCorrelation:
        return "f slides over a copy of itself. The curve peaks at t = 0, where the copy lies exactly on f, and is "
               "the same on both sides.";
    }
    return {};
}

ContinuousOp opAt(int k) { return static_cast<ContinuousOp>(k); }

// ---- continuous ----

// f, the moving function and their product, shaded by sign, at the current t.
void slidingPlot(const char* id, SignalsView& view, ContinuousOp op, ImVec2 size, bool legend) {
    const SignalColors c = signalColors();
    const SliceAt& s = view.slice(op);
    double lo = 0.0;
    for (const Polyline* p : {&view.fAlone(), &view.gAlone()})
        for (double v : p->y) lo = std::min(lo, v);
    const double bound = view.signalBound();
    const PlotRange yr = paddedRange(lo < 0.0 ? -bound : 0.0, bound, 0.1);
    PlotFrame p = placePlot(id, size, {view.plotRange().lo, view.plotRange().hi}, yr, legend);
    drawAxes(p, tauText(), "");
    fillSigned(p, s.product.x, s.product.y, c.positive, c.negative);
    drawCurve(p, s.f.x, s.f.y, c.f, 3.f);
    drawCurve(p, s.moving.x, s.moving.y, c.moving, 3.f);
    // Where the moving function's own 0 lands: tau = t (convolution) or tau = -t.
    const bool conv = op == ContinuousOp::Convolution;
    drawVerticalLine(p, conv ? s.t : -s.t, c.playhead,
                     std::string(tauText()) + " = " + (conv ? "" : minusSign()) + "t  (t = " + plotNumber(s.t) + ")",
                     /*dashed=*/true);  // the legend is above the data
    if (legend)
        drawLegend(p, {{fLabel(), c.f}, {moving(op), c.moving}, {"product", withAlpha(c.positive, 255)}}, false);
}

// "shaded area = +0.75 + (-0.00) = 0.75" in the colours of the shading.
void areaLine(const SliceAt& s, ContinuousOp op, bool compact) {
    const SignalColors c = signalColors();
    const Palette& pal = palette();
    TextFlow flow;
    if (s.area.divergent) {
        flow.add("the area is infinite: the overlap never ends", pal.error_text);
        return;
    }
    if (!compact) flow.add("at t = " + plotNumber(s.t) + ":  shaded area = ", pal.muted_text);
    else flow.add("area = ", pal.muted_text);
    flow.add("+" + plotNumber(s.area.positive), withAlpha(c.positive, 255), "area above zero (the product is positive)");
    flow.add(" + ", pal.muted_text);
    flow.add("(" + plotNumber(s.area.negative) + ")", withAlpha(c.negative, 255),
             "area below zero (the product is negative)");
    flow.add(" = ", pal.muted_text);
    const std::string value = plotNumber(s.area.value, 4);
    flow.add(value, c.result);
    if (!compact) {
        flow.add("   so  ", pal.muted_text);
        const std::string f_of_t = op == ContinuousOp::AutoCorrelation ? "(f \xe2\x8b\x86 f)" : op == ContinuousOp::Convolution ? "(f * g)" : "(f \xe2\x8b\x86 g)";
        flow.add((uiFonts().unicode ? f_of_t : std::string(op == ContinuousOp::Convolution ? "(f * g)" : "(f corr g)")) +
                     "(" + plotNumber(s.t) + ") = " + value,
                 c.result);
    }
}

// The result curve up to t, a marker at t; its legend ("Convolution so far")
// in a band above the data, or none where the stage is too short for both
// plots with bands (the area line above names the curve in its colour).
void resultPlot(const char* id, SignalsView& view, ContinuousOp op, ImVec2 size, bool legend = true) {
    const SignalColors c = signalColors();
    const SliceAt& s = view.slice(op);
    PlotRange xr{view.plotRange().lo, view.plotRange().hi};
    if (!view.hasCurve(op)) {
        placePlot(id, size, xr, {-1, 1}, legend);
        return;
    }
    const ResultCurve& curve = view.curve(op);
    double lo = 0.0, hi = 0.0;
    std::vector<double> xs(curve.values.size());
    for (std::size_t i = 0; i < xs.size(); ++i) {
        xs[i] = curve.timeAt(i);
        if (std::isfinite(curve.values[i])) lo = std::min(lo, curve.values[i]), hi = std::max(hi, curve.values[i]);
    }
    PlotFrame p = placePlot(id, size, xr, paddedRange(lo, hi, 0.15), legend);
    drawAxes(p, "t", "");
    // The curve so far, then the exact value at t (the shaded area) to close it.
    std::vector<double> x_so_far, y_so_far;
    for (std::size_t i = 0; i < xs.size() && xs[i] < s.t; ++i) x_so_far.push_back(xs[i]), y_so_far.push_back(curve.values[i]);
    if (std::isfinite(s.area.value)) x_so_far.push_back(s.t), y_so_far.push_back(s.area.value);
    drawCurve(p, x_so_far, y_so_far, c.result, 3.5f);
    drawVerticalLine(p, s.t, c.playhead, "");
    drawMarker(p, s.t, s.area.value, c.result, plotNumber(s.area.value, 3));
    if (legend) drawLegend(p, {{title(op) + " so far", c.result}}, false);
}

// ---- discrete ----

struct Sequences {
    const Tensor* f = nullptr;
    const Tensor* g = nullptr;  // f for autocorrelation
    int n = 0, m = 0;
};

Sequences sequencesOf(const SignalsView& view, ContinuousOp op) {
    Sequences s;
    s.f = &view.fSequence();
    s.g = op == ContinuousOp::AutoCorrelation ? &view.fSequence() : &view.gSequence();
    s.n = s.f->dim(0);
    s.m = s.g->dim(0);
    return s;
}

// The lags of the full output: convolution 0 .. n+m-2; correlation -(n-1) .. m-1.
Interval fullLags(ContinuousOp op, const Sequences& s) {
    if (op == ContinuousOp::Convolution) return {0.0, static_cast<double>(s.n + s.m - 2)};
    return {static_cast<double>(-(s.n - 1)), static_cast<double>(s.m - 1)};
}

std::string gName(ContinuousOp op) { return op == ContinuousOp::AutoCorrelation ? "f" : "g"; }
std::string movingIndex(ContinuousOp op) {
    return gName(op) + (op == ContinuousOp::Convolution ? "[n " : "[n + ") +
           (op == ContinuousOp::Convolution ? std::string(minusSign()) + " m]" : "m]");
}

// f[m] and the moving sequence at the current lag, on an axis of m.
void discreteSlidingPlot(SignalsView& view, ContinuousOp op, ImVec2 size) {
    const SignalColors c = signalColors();
    const Sequences q = sequencesOf(view, op);
    const TraceStep* step = view.currentStep();
    double lo = 0.0, hi = 0.0;
    for (const Tensor* t : {q.f, q.g})
        for (float v : t->values()) lo = std::min<double>(lo, v), hi = std::max<double>(hi, v);
    const PlotRange xr{-(q.m - 1) - 0.8, (q.n - 1) + (q.m - 1) + 0.8};
    PlotFrame p = placePlot("##dslide", size, xr, paddedRange(lo, hi, 0.15), true);
    drawAxes(p, "m", "", 1.0);
    const float F = ImGui::GetFontSize();
    if (step) {
        // A band behind each index where both are present: the terms of the sum.
        for (const TraceTerm& t : step->terms) {
            const ImU32 band = t.product >= 0.0 ? c.positive : c.negative;
            p.dl->AddRectFilled(ImVec2(p.toX(t.px - 0.42), p.min.y), ImVec2(p.toX(t.px + 0.42), p.max.y),
                                withAlpha(band, 45));
        }
        for (int j = 0; j < q.m; ++j) {
            const int at = op == ContinuousOp::Convolution ? step->lag - j : j - step->lag;
            drawStem(p, at, q.g->at(j), c.moving, F * 0.22f);
        }
        drawVerticalLine(p, op == ContinuousOp::Convolution ? step->lag : -step->lag, c.playhead,
                         op == ContinuousOp::Convolution ? "m = n" : "m = " + std::string(minusSign()) + "n",
                         /*dashed=*/true);  // the legend is above the data
    }
    for (int k = 0; k < q.n; ++k) drawStem(p, k, q.f->at(k), c.f, -F * 0.22f);
    drawLegend(p, {{"f[m]", c.f}, {movingIndex(op), c.moving}}, true);
}

// y[n] = f[0] g[n] + ... written out twice: by index, then by value.
constexpr std::size_t kMaxTerms = 14;

// The step's two lines as plain text: the names (y[n] = f[m]g[n-m] + ...)
// and the values (= v×w + ... = sum), the values' leading " = " apart.
struct TermsPlain {
    std::string names, values;
};
TermsPlain termsPlain(const TraceStep& step, ContinuousOp op) {
    TermsPlain t{"y[" + std::to_string(step.lag) + "] = ", ""};
    for (std::size_t k = 0; k < step.terms.size() && k < kMaxTerms; ++k) {
        const TraceTerm& term = step.terms[k];
        if (k) t.names += " + ", t.values += " + ";
        t.names += "f[" + std::to_string(term.px) + "]" + gName(op) + "[" + std::to_string(term.kernel_index) + "]";
        t.values += plotNumber(term.value) + timesSign() + plotNumber(term.weight);
    }
    if (step.terms.size() > kMaxTerms) t.names += " + \xe2\x80\xa6", t.values += " + \xe2\x80\xa6";
    if (step.terms.empty()) t.names += "0 (no overlap)";
    t.values += "  =  " + plotNumber(step.sum, 4);
    return t;
}

// Names and values on one line when they fit `width` (a wide stage: the
// line the two would take is the output plot's).
bool termsOnOneLine(const TermsPlain& t, float width) {
    return ImGui::CalcTextSize((t.names + "  =  " + t.values).c_str()).x <= width * 0.97f;
}

// The height termsText takes in a region `width` wide (wrapped as the flow
// wraps, to within a piece).
float termsHeight(const SignalsView& view, ContinuousOp op, float width) {
    const TraceStep* step = view.currentStep();
    if (!step) return 0.f;
    const TermsPlain t = termsPlain(*step, op);
    const float spacing = ImGui::GetStyle().ItemSpacing.y;
    if (termsOnOneLine(t, width)) return ImGui::GetTextLineHeight() + spacing;
    return ImGui::CalcTextSize(t.names.c_str(), nullptr, false, width).y +
           ImGui::CalcTextSize((t.names.substr(0, t.names.find('=')) + "= " + t.values).c_str(), nullptr, false, width).y +
           2.f * spacing;
}

void termsText(const SignalsView& view, ContinuousOp op) {
    const SignalColors c = signalColors();
    const Palette& pal = palette();
    const TraceStep* step = view.currentStep();
    if (!step) return;
    const std::string y = "y[" + std::to_string(step->lag) + "]";
    const bool one_line = termsOnOneLine(termsPlain(*step, op), ImGui::GetContentRegionAvail().x);
    TextFlow flow;
    flow.add(y + " = ", c.result);
    for (std::size_t k = 0; k < step->terms.size() && k < kMaxTerms; ++k) {
        const TraceTerm& t = step->terms[k];
        if (k) flow.add(" + ", pal.muted_text);
        flow.add("f[" + std::to_string(t.px) + "]", c.f);
        flow.add(gName(op) + "[" + std::to_string(t.kernel_index) + "]", c.moving);
    }
    if (step->terms.size() > kMaxTerms) flow.add(" + \xe2\x80\xa6", pal.muted_text);
    if (step->terms.empty()) flow.add("0 (no overlap)", pal.muted_text);
    if (one_line) {
        flow.add("  =  ", pal.muted_text);
    } else {
        flow.newLine();
        flow.add(std::string(y.size(), ' ') + " = ", pal.muted_text);
    }
    for (std::size_t k = 0; k < step->terms.size() && k < kMaxTerms; ++k) {
        const TraceTerm& t = step->terms[k];
        if (k) flow.add(" + ", pal.muted_text);
        flow.add(plotNumber(t.value) + timesSign() + plotNumber(t.weight),
                 t.product == 0.0 ? pal.zero_text : (t.product > 0 ? 0 : pal.error_text));
    }
    if (step->terms.size() > kMaxTerms) flow.add(" + \xe2\x80\xa6", pal.muted_text);
    flow.add("  =  ", pal.muted_text);
    flow.add(plotNumber(step->sum, 4), c.result);
}

// The output by lag: entries so far filled, the rest waiting; the mode's kept range shaded.
void outputPlot(const char* id, const SignalsView& view, ContinuousOp op, ImVec2 size, std::size_t filled,
                bool show_current, const std::string& mode_name) {
    const SignalColors c = signalColors();
    const Palette& pal = palette();
    if (!view.hasTrace(op)) {
        placePlot(id, size, {0, 1}, {-1, 1}, true);
        return;
    }
    const Trace& tr = view.trace(op);
    const Sequences q = sequencesOf(view, op);
    const Interval lags = fullLags(op, q);
    double lo = 0.0, hi = 0.0;
    for (float v : tr.output.values()) lo = std::min<double>(lo, v), hi = std::max<double>(hi, v);
    PlotFrame p = placePlot(id, size, {lags.lo - 0.8, lags.hi + 0.8}, paddedRange(lo, hi, 0.15), true);
    const float F = ImGui::GetFontSize();
    // The kept range (same / valid keep part of the full output).
    const double k0 = tr.plan.first_lag, k1 = tr.plan.first_lag + tr.plan.out_width - 1;
    p.dl->AddRectFilled(ImVec2(p.toX(k0 - 0.45), p.min.y), ImVec2(p.toX(k1 + 0.45), p.max.y), withAlpha(pal.accent_text, 28));
    drawAxes(p, "n", "", 1.0);
    if (!mode_name.empty() && tr.plan.out_width < tr.plan.full_length) {
        const std::string text = mode_name + " keeps these";
        const float tw = ImGui::CalcTextSize(text.c_str()).x;
        p.dl->AddText(ImVec2(std::max(p.min.x, p.toX(k1 + 0.45) - tw - F * 0.2f), p.min.y + F * 1.5f),
                      withAlpha(pal.accent_text, 230), text.c_str());
    }
    for (std::size_t i = 0; i < tr.steps.size(); ++i) {
        const TraceStep& s = tr.steps[i];
        if (i <= filled)
            drawStem(p, s.lag, s.result, c.result);
        else
            drawStem(p, s.lag, 0.0, withAlpha(pal.muted_text, 150), 0.f, true);
    }
    if (show_current && filled < tr.steps.size()) {
        const TraceStep& s = tr.steps[filled];
        drawVerticalLine(p, s.lag, c.playhead, "");
        drawMarker(p, s.lag, s.result, c.result, "y[" + std::to_string(s.lag) + "] = " + plotNumber(s.result, 4));
    }
    drawLegend(p, {{"y[n]", c.result}}, false);
}

}  // namespace

SignalColors signalColors() {
    const Palette& pal = palette();
    SignalColors c;
    c.f = pal.hover_line;
    c.moving = pal.window_line;
    c.result = pal.feed_line;
    c.positive = withAlpha(pal.good_text, 110);
    c.negative = withAlpha(pal.error_text, 120);
    c.playhead = withAlpha(pal.heading_text, 170);
    return c;
}

const char* tauText() {
    const ImFont* font = ImGui::GetFont();
    return font != nullptr && font->FindGlyphNoFallback(0x03C4) != nullptr ? kTau : "tau";
}

std::string withTau(std::string_view text) {
    std::string out(text);
    const std::string tau = tauText();
    if (tau == kTau) return out;
    for (std::size_t at = out.find(kTau); at != std::string::npos; at = out.find(kTau, at + tau.size()))
        out.replace(at, 2, tau);
    return out;
}

void drawContinuousStage(const SignalsLesson&, SignalsView& view, ImVec2 size) {
    const float F = ImGui::GetFontSize();
    const ContinuousOp op = view.op();
    const Palette& pal = palette();
    fontText(title(op) + ":   " + formula(op), pal.heading_text, uiFonts().large);
    // In a short stage (large text on a projector) the two plots come first:
    // the sentence would leave the result plot no room below the sliding one.
    if (size.y >= F * 26.f) mutedText(howItMoves(op));
    if (view.fIsEven() && op != ContinuousOp::AutoCorrelation)
        wrappedText(pal.accent_text, "f is symmetric about 0 here, so convolution and cross-correlation give the same "
                                     "curve. Move f's centre to see them differ.");
    if (!view.notice().empty()) wrappedText(pal.error_text, view.notice());
    const float used = ImGui::GetCursorPosY();
    const float line = ImGui::GetTextLineHeightWithSpacing();
    // The area line wraps to two lines at large text; the result plot then
    // takes what is left of the stage, so it is never pushed below its edge.
    // Both plots keep placePlot's least height (with a legend band): the
    // sliding one gives way first, so the result's axis stays on the stage.
    const float least_plot = F * 5.3f;
    const float plots = std::max(least_plot * 2.f, size.y - used - line * 2.4f - ImGui::GetStyle().ItemSpacing.y * 3.f);
    slidingPlot("##slide", view, op, ImVec2(size.x, std::max(least_plot, std::min(plots * 0.52f, plots - least_plot))), true);
    areaLine(view.slice(op), op, false);
    const float rest = ImGui::GetContentRegionAvail().y - ImGui::GetStyle().ItemSpacing.y;
    resultPlot("##result", view, op, ImVec2(size.x, std::max(rest, plots * 0.3f)), rest >= least_plot);
}

void drawContinuousCompare(const SignalsLesson&, SignalsView& view, ImVec2 size) {
    const float F = ImGui::GetFontSize();
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    const float w = (size.x - 2.f * gap) / 3.f;
    const Palette& pal = palette();
    if (!view.notice().empty()) wrappedText(pal.error_text, view.notice());
    const float h = ImGui::GetContentRegionAvail().y;
    for (int k = 0; k < kContinuousOpCount; ++k) {
        const ContinuousOp op = opAt(k);
        if (k) ImGui::SameLine();
        ImGui::BeginChild(k == 0 ? "cmp0" : k == 1 ? "cmp1" : "cmp2", ImVec2(w, h), false, ImGuiWindowFlags_NoScrollbar);
        fontText(title(op), op == view.op() ? pal.accent_text : pal.heading_text, uiFonts().large);
        mutedText(formula(op));
        const float used = ImGui::GetCursorPosY();
        const float plots = std::max(F * 8.f, h - used - ImGui::GetTextLineHeightWithSpacing() * 2.4f);
        slidingPlot("##slide", view, op, ImVec2(w, plots * 0.55f), false);
        const SignalColors c = signalColors();
        fontText(fLabel(), c.f);
        ImGui::SameLine();
        fontText("times", palette().muted_text);
        ImGui::SameLine();
        fontText(moving(op), c.moving);
        areaLine(view.slice(op), op, true);
        resultPlot("##result", view, op, ImVec2(w, plots * 0.45f));
        ImGui::EndChild();
    }
}

void drawDiscreteStage(const SignalsLesson& lesson, SignalsView& view, ImVec2 size) {
    const float F = ImGui::GetFontSize();
    const ContinuousOp op = view.op();
    const Palette& pal = palette();
    const ImFont* font = ImGui::GetFont();
    const bool sigma = font != nullptr && font->FindGlyphNoFallback(0x03A3) != nullptr;
    fontText(title(op) + " (discrete):   y[n] = " + (sigma ? "\xce\xa3" : "sum over m of") + " f[m] " + movingIndex(op),
                pal.heading_text, uiFonts().large);
    // In a short stage (large text on a projector) the plots and the step's
    // numbers come first: the formula in the title says what the sentence does.
    if (size.y >= F * 30.f)
        mutedText(op == ContinuousOp::Convolution
                      ? "g reversed slides along f; at each lag n the overlapping pairs are multiplied and added."
                      : "g slides along f, not reversed; at each lag n the overlapping pairs are multiplied and added.");
    // What a class needs first: both plots at least at their least height
    // (placePlot's, with a legend band) and the step's two lines of numbers;
    // the notes on the sum and on the output's length come when they also fit.
    const float spacing = ImGui::GetStyle().ItemSpacing.y;
    const float terms_h = termsHeight(view, op, size.x);
    const float least_plot = F * 5.3f;  // placePlot's least, with a legend band
    const float core = least_plot * 2.f + terms_h + spacing * 3.f;
    const std::string sum_note = discreteSumNote(lesson);
    const float sum_note_h = ImGui::CalcTextSize(sum_note.c_str(), nullptr, false, size.x).y + spacing;
    if (size.y - ImGui::GetCursorPosY() >= core + sum_note_h) mutedText(sum_note);
    if (!view.notice().empty()) wrappedText(pal.error_text, view.notice());
    std::string full_note;
    if (view.hasTrace(op)) {
        const OpPlan& plan = view.trace(op).plan;
        full_note = "full output: " + std::to_string(plan.full_length) + " values;  " +
                    std::string(mode1dName(lesson.mode)) + " keeps " + std::to_string(plan.out_width) +
                    " of them, so output index 0 is lag n = " + std::to_string(plan.first_lag) + ".";
    }
    float note_h = full_note.empty() ? 0.f : ImGui::CalcTextSize(full_note.c_str(), nullptr, false, size.x).y + spacing;
    const float used = ImGui::GetCursorPosY();
    if (size.y - used < core + note_h) full_note.clear(), note_h = 0.f;
    // The sliding plot takes its share of what the text leaves (the step's
    // two lines of numbers, the note under the output); the output plot then
    // takes the rest, measured, so at large text it is never pushed below
    // the stage's edge (the regression: 1280x720 at 150% showed 40 px of it).
    const float plots = size.y - used - note_h - terms_h - spacing * 3.f;
    discreteSlidingPlot(view, op, ImVec2(size.x, std::max(least_plot, std::min(plots * 0.5f, plots - least_plot))));
    termsText(view, op);
    const float rest = ImGui::GetContentRegionAvail().y - note_h - spacing;
    outputPlot("##out", view, op, ImVec2(size.x, std::max(rest, F * 3.f)), view.stepper().current(), true,
               std::string(mode1dName(lesson.mode)));
    if (!full_note.empty()) mutedText(full_note);
}

void drawDiscreteCompare(const SignalsLesson& lesson, SignalsView& view, ImVec2 size) {
    const float F = ImGui::GetFontSize();
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    const float w = (size.x - 2.f * gap) / 3.f;
    const Palette& pal = palette();
    mutedText(discreteSumNote(lesson));
    const float h = ImGui::GetContentRegionAvail().y;
    const std::string mode(mode1dName(lesson.mode));
    for (int k = 0; k < kContinuousOpCount; ++k) {
        const ContinuousOp op = opAt(k);
        if (k) ImGui::SameLine();
        ImGui::BeginChild(k == 0 ? "dcmp0" : k == 1 ? "dcmp1" : "dcmp2", ImVec2(w, h), false, ImGuiWindowFlags_NoScrollbar);
        fontText(title(op), op == view.op() ? pal.accent_text : pal.heading_text, uiFonts().large);
        mutedText(op == ContinuousOp::AutoCorrelation ? "f against itself" : "f against g");
        const std::size_t all = view.hasTrace(op) ? view.trace(op).steps.size() : 0;
        const float plot_h = std::max(F * 8.f, h - ImGui::GetCursorPosY() - ImGui::GetTextLineHeightWithSpacing() * 2.5f);
        // Every panel follows the playhead: the same output index in each.
        outputPlot("##out", view, op, ImVec2(w, plot_h), view.stepFor(op), all > 0, mode);
        if (all) {
            const Trace& tr = view.trace(op);
            std::size_t best = 0;
            for (std::size_t i = 1; i < tr.steps.size(); ++i)
                if (tr.steps[i].result > tr.steps[best].result) best = i;
            mutedText("largest: " + plotNumber(tr.steps[best].result, 4) + " at lag n = " +
                      std::to_string(tr.steps[best].lag));
        }
        ImGui::EndChild();
    }
}

}  // namespace cs
