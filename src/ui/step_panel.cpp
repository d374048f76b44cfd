#include "ui/step_panel.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "core/step_text.h"
#include "ui/fonts.h"
#include "ui/grid.h"
#include "ui/text_flow.h"
#include "ui/theme.h"
#include "ui/widgets.h"

namespace cs {
namespace {

constexpr std::size_t kMaxTermsShown = 100;

std::string num(double v) { return cellText(static_cast<float>(v)); }

void note(const std::string& text) { mutedText(text); }

void addTerm(TextFlow& flow, const TraceTerm& t) {
    const Palette& pal = palette();
    const std::string text = num(t.value) + timesSign() + num(t.weight);
    if (t.weight == 0.f)
        flow.add(text, pal.zero_text, "weight 0: this product is 0 whatever the value under it");
    else if (t.value == 0.f)
        flow.add(text, t.isPadding() ? pal.padding_text : pal.zero_text,
                 t.isPadding() ? "zero padding: this product is 0" : "value 0: this product is 0");
    else
        flow.add(text, t.isPadding() ? pal.padding_text : 0,
                 t.isPadding() ? "a padding cell, copied from inside the input" : nullptr);
}

// Multi-channel: one wrapped line of every term of one channel; returns its sum.
double flatChannel(int c, const std::vector<const TraceTerm*>& terms) {
    const Palette& pal = palette();
    double sum = 0;
    TextFlow flow;
    flow.add("channel " + std::to_string(c) + ":  ", pal.accent_text);
    for (std::size_t k = 0; k < terms.size(); ++k) {
        if (k) flow.add(" + ", pal.muted_text);
        if (k < kMaxTermsShown) addTerm(flow, *terms[k]);
        sum += terms[k]->isPadding() ? 0.0 : terms[k]->product;
    }
    flow.add("  = " + num(sum), sum == 0 ? pal.zero_text : pal.accent_text);
    return sum;
}

// One line per kernel row of one channel; returns the row sums.
std::vector<double> correlationRows(const std::vector<const TraceTerm*>& terms) {
    const Palette& pal = palette();
    std::vector<double> row_sums;
    std::size_t listed = 0;
    for (std::size_t i = 0; i < terms.size();) {
        const int ky = terms[i]->ky;
        std::size_t j = i;
        double sum = 0;
        bool zero_row = true;
        while (j < terms.size() && terms[j]->ky == ky) {
            sum += terms[j]->isPadding() ? 0.0 : terms[j]->product;
            zero_row = zero_row && terms[j]->weight == 0.f;
            ++j;
        }
        row_sums.push_back(sum);
        if (listed < kMaxTermsShown) {
            TextFlow flow;
            flow.add("row " + std::to_string(ky) + ":  ", pal.muted_text);
            for (std::size_t k = i; k < j; ++k) {
                if (k > i) flow.add(" + ", pal.muted_text);
                addTerm(flow, *terms[k]);
            }
            flow.add("  = " + num(sum), sum == 0 ? pal.zero_text : pal.accent_text);
            if (zero_row) flow.add("   \u2190 zero kernel row: adds nothing", pal.accent_text);
        }
        listed += j - i;
        i = j;
    }
    if (listed > kMaxTermsShown) ImGui::TextDisabled("... and %zu more terms", listed - kMaxTermsShown);
    return row_sums;
}

// One piece of a bold line: text in a colour, or on a box (max pooling's choice).
struct Piece {
    Piece(std::string t, ImU32 c = 0, ImU32 b = 0) : text(std::move(t)), color(c), box(b) {}
    std::string text;
    ImU32 color = 0;
    ImU32 box = 0;
    std::string keep_with_next;  // the start of the next piece, kept on this piece's line
};

// The bold equation is the step's answer: kept on one line, smaller when the
// panel is narrow (down to the regular text size), rather than wrapped or
// cut off; pieces wrap only when even that is too wide.
void boldLine(const std::vector<Piece>& pieces) {
    const UiFonts& f = uiFonts();
    const float window_scale = ImGui::GetFontSize() / f.regular->FontSize;
    const float size = f.large->FontSize * window_scale;
    float full = 0;
    for (const Piece& piece : pieces)
        full += f.large->CalcTextSizeA(size, FLT_MAX, 0.f, piece.text.c_str()).x + (piece.box ? size * 0.4f : 0.f);
    const float room = ImGui::GetContentRegionAvail().x * 0.97f;  // the flow wraps at the edge itself
    // A line too long even at the regular size (a global pool's many terms) wraps at full size.
    const float smallest = f.regular->FontSize / f.large->FontSize;
    const float fit = full > room && room / full >= smallest ? room / full : 1.f;
    ImGui::SetWindowFontScale(window_scale * fit);
    {
        TextFlow flow(f.large);
        for (std::size_t i = 0; i < pieces.size(); ++i) {
            const Piece& piece = pieces[i];
            if (!piece.keep_with_next.empty()) flow.keepWithNext(piece.keep_with_next);
            if (piece.box) flow.addBoxed(piece.text, piece.color, piece.box);
            // "a = b = " followed by the result: break only after an " = ", never before the result.
            else if (piece.text.find(" = ") != std::string::npos && i + 1 < pieces.size())
                flow.addEquation(piece.text, piece.color, pieces[i + 1].text);
            else flow.add(piece.text, piece.color);
        }
    }
    ImGui::SetWindowFontScale(window_scale);
}

void sumLine(const std::string& lhs, const std::vector<double>& parts, double bias, bool with_bias, float result) {
    const Palette& pal = palette();
    std::string text = lhs + " = ";
    for (std::size_t i = 0; i < parts.size(); ++i) text += (i ? " + " : "") + num(parts[i]);
    if (with_bias) text += " + " + num(bias) + " (bias)";
    text += " = ";
    boldLine({{text, pal.heading_text}, {num(result), pal.window_line}});
}

// Correlation beside convolution: why the two outputs agree, or where they
// part, right under the answer (the panel may be too short for the rest).
void compareLine(const LessonView& view, const TraceStep& s, const std::string& lhs) {
    const OpPlan& p = view.trace().plan;
    if (!view.hasCompare()) {
        if (!view.compareError().empty()) note(view.compareError());
        return;
    }
    const std::size_t at = (static_cast<std::size_t>(s.out_c) * static_cast<std::size_t>(p.out_height) +
                            static_cast<std::size_t>(s.out_y)) *
                               static_cast<std::size_t>(p.out_width) +
                           static_cast<std::size_t>(s.out_x);
    const std::vector<float>& other = view.compareResult().values();
    if (at < other.size())
        wrappedText(palette().accent_text, compareNote(p.op, unchangedByHalfTurn(view.request().kernel), lhs, s.result,
                                                       other[at], {timesSign(), minusSign()}));
}

// Returns the cursor's y after the answer and its notes (what must show).
float drawCorrelation(const LessonView& view, const TraceStep& s, const std::string& lhs) {
    const OpPlan& p = view.trace().plan;
    const bool multi = s.channel_sums.size() > 1;
    // The answer first, in bold, so it shows however little room the panel
    // has; the lines below say where each of its parts comes from (one per
    // channel, or one per kernel row).
    std::vector<double> parts;
    for (std::size_t i = 0; i < s.terms.size();) {
        const int c = s.terms[i].channel, ky = s.terms[i].ky;
        double sum = 0;
        for (; i < s.terms.size() && s.terms[i].channel == c && (multi || s.terms[i].ky == ky); ++i)
            sum += s.terms[i].isPadding() ? 0.0 : s.terms[i].product;
        parts.push_back(sum);
    }
    sumLine(lhs, parts, s.bias, multi || s.bias != 0.0, s.result);
    // Grouped: the sum's parts are its group's channels only, and the line says so.
    if (const std::string group = groupSumNote(p, s.out_c); !group.empty()) wrappedText(palette().accent_text, group);
    compareLine(view, s, lhs);
    const float answer_end = ImGui::GetCursorPosY();
    std::size_t first = 0;
    while (first < s.terms.size()) {
        const int c = s.terms[first].channel;
        std::vector<const TraceTerm*> terms;
        std::size_t j = first;
        for (; j < s.terms.size() && s.terms[j].channel == c; ++j) terms.push_back(&s.terms[j]);
        if (multi) {
            flatChannel(c, terms);
        } else {
            if (p.channels > 1) colouredText(palette().accent_text, "channel %d", c);
            correlationRows(terms);
        }
        first = j;
    }
    note(std::string(opInfo(p.op).note));
    return answer_end;
}

// Returns the cursor's y after the answer.
float drawPooling(const LessonView& view, const TraceStep& s, const std::string& lhs) {
    const Palette& pal = palette();
    const OpParams& params = view.request().params;
    const OpKind op = view.trace().plan.op;
    const bool is_max = op == OpKind::MaxPool2d || op == OpKind::GlobalMaxPool;
    const bool is_lp = op == OpKind::LpPool2d;
    const std::size_t count = s.terms.size();
    std::size_t real = 0;
    const double norm = params.pool.norm_type;
    const TextSigns signs{timesSign(), minusSign()};
    const LpSum lp{s.sum, s.divisor, s.scale};
    // What follows the last term; its pieces break only after an " = ".
    const std::string tail = is_max ? ") = "
                             : is_lp ? lpTail(norm, lp, signs)
                                     : ") / " + num(s.divisor) + " = " + num(s.sum) + " / " + num(s.divisor) + " = ";
    std::vector<Piece> line;
    line.push_back({lhs + " = ", pal.heading_text});
    line.push_back({is_max ? "max(" : (is_lp ? lpOpen(norm) : "("), pal.heading_text});
    for (std::size_t i = 0; i < count && i < kMaxTermsShown; ++i) {
        const TraceTerm& t = s.terms[i];
        if (i) line.push_back({is_max ? ", " : " + ", pal.muted_text});
        std::string v = num(t.value);
        if (is_lp) v = (t.value < 0 ? "(" + v + ")" : v) + lpPower(norm);
        Piece piece{v, t.isPadding() ? pal.padding_text : pal.cell_text};
        if (static_cast<int>(i) == s.picked) piece = Piece{v, pal.picked_text, pal.picked_fill};
        // The closing parenthesis stays with the last term.
        if (i + 1 == count) piece.keep_with_next = tail.substr(0, tail.find(" = ") + 3);
        line.push_back(piece);
        if (!t.isPadding()) ++real;
    }
    if (count > kMaxTermsShown) line.push_back({" ... " + std::to_string(count - kMaxTermsShown) + " more", pal.muted_text});
    line.push_back({tail, pal.heading_text});
    line.push_back({num(s.result), pal.window_line});
    boldLine(line);
    const float answer_end = ImGui::GetCursorPosY();
    if (op == OpKind::MaxPool2d || op == OpKind::GlobalMaxPool) {
        note(std::string("Max pooling keeps the largest value in the window (marked)") +
             (real < count ? "; padding counts as " + std::string(minusSign()) + infinitySign() + ", so it is never chosen." : "."));
    } else if (op == OpKind::AvgPool2d) {
        if (real < count)
            note(avgPadNote(params.pool.count_include_pad, s.divisor, static_cast<int>(real)));
        else
            note("Average pooling adds the window's " + std::to_string(count) + " values and divides by " +
                 num(s.divisor) + ".");
    } else if (op == OpKind::GlobalAvgPool) {
        note("Global average pooling: the mean of the whole channel, one number per channel.");
    } else if (is_lp) {
        note(lpNote(params.pool.norm_type, {s.sum, s.divisor, s.scale}, {timesSign(), minusSign()}));
    }
    return answer_end;
}

}  // namespace

float drawStepPanel(const LessonView& view) {
    const float top = ImGui::GetCursorPosY();
    const TraceStep* s = view.currentStep();
    if (s == nullptr) {
        ImGui::TextWrapped("No steps to show.");
        return ImGui::GetCursorPosY() - top;
    }
    const Trace& t = view.trace();
    const OpPlan& p = t.plan;
    const Palette& pal = palette();
    // Heading: which step, which output, where the window is.
    int y0 = 1 << 30, x0 = 1 << 30, y1 = -1, x1 = -1;
    for (const TraceTerm& term : s->terms) {
        y0 = std::min(y0, term.py), x0 = std::min(x0, term.px), y1 = std::max(y1, term.py), x1 = std::max(x1, term.px);
    }
    std::string out = (p.out_channels > 1 ? "map " + std::to_string(s->out_c) + " " : std::string()) + "output (" +
                      std::to_string(s->out_y) + ", " + std::to_string(s->out_x) + ")";
    colouredText(pal.accent_text, "Step %zu of %zu", view.stepper().current() + 1,
                       t.steps.size());
    ImGui::SameLine();
    // "padded rows" only where there is padding: without it the rows are the input's own.
    const char* rows = t.padded_h != p.height || t.padded_w != p.width ? "padded rows" : "rows";
    ImGui::Text(" %s, window on %s %d\u2013%d, cols %d\u2013%d", out.c_str(), rows, y0, y1, x0, x1);
    ImGui::Separator();
    const float answer_end = isCorrelation2d(p.op) || isTransposedConv2d(p.op) || p.op == OpKind::AutoCorr2d
                                 ? drawCorrelation(view, *s, out)
                                 : drawPooling(view, *s, out);
    return answer_end - top;
}

}  // namespace cs
