// The Layers page's stage and step panel (ui/layers_panel.h): pictures of the
// view at the current step. Everything drawn is read from LayersView.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>

#include "core/layer_trace.h"
#include "ui/fonts.h"
#include "ui/grid.h"
#include "ui/layers_panel.h"
#include "ui/theme.h"
#include "ui/widgets.h"

namespace cs {
namespace {

constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();

ImU32 withAlpha(ImU32 c, int alpha) { return (c & 0x00FFFFFFu) | (static_cast<ImU32>(alpha) << 24); }

std::string num(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4g", v);
    return buf;
}

// A tensor of rank 1-4 as n rows of c maps of h x w cells (the batch down,
// the channels across), each map with a label above it when there are several.
struct Maps {
    ImVec2 origin;
    float cell = 40.f, gap = 20.f, label = 0.f;
    int n = 1, c = 1, h = 1, w = 1;

    static Maps of(const std::vector<int>& shape) {
        Maps m;
        const std::size_t r = shape.size();
        if (r >= 1) m.w = shape[r - 1];
        if (r >= 2) m.h = shape[r - 2];
        if (r >= 3) m.c = shape[r - 3];
        if (r >= 4) m.n = shape[0];
        return m;
    }
    bool labelled() const { return n > 1 || c > 1; }
    std::string mapLabel(int b, int ch) const {
        return (n > 1 ? "map " + std::to_string(b) + " " : std::string()) + "ch " + std::to_string(ch);
    }
    // The gap between maps: half a cell, or wider when a map's label needs it.
    float gapFor(float cell_px) const {
        const float label_w = labelled() ? ImGui::CalcTextSize(mapLabel(n - 1, c - 1).c_str()).x : 0.f;
        return std::max(cell_px * 0.5f, label_w - static_cast<float>(w) * cell_px + ImGui::GetFontSize() * 0.6f);
    }
    ImVec2 size() const {
        return ImVec2(static_cast<float>(c) * (static_cast<float>(w) * cell + gap) - gap,
                      static_cast<float>(n) * (label + static_cast<float>(h) * cell + gap) - gap);
    }
    Grid grid(int b, int ch) const {
        return Grid{ImVec2(origin.x + static_cast<float>(ch) * (static_cast<float>(w) * cell + gap),
                           origin.y + label + static_cast<float>(b) * (label + static_cast<float>(h) * cell + gap)),
                    cell, h, w};
    }
    // flat index -> (map, channel, row, column)
    void at(int flat, int& b, int& ch, int& y, int& x) const {
        x = flat % w;
        y = flat / w % h;
        ch = flat / (w * h) % c;
        b = flat / (w * h * c);
    }
    ImVec2 center(int flat) const {
        int b, ch, y, x;
        at(flat, b, ch, y, x);
        return grid(b, ch).cellCenter(y, x);
    }
};

template <typename LookOf>
void drawMaps(ImDrawList* dl, const Maps& m, const std::string& title, LookOf look) {
    const Palette& pal = palette();
    for (int b = 0; b < m.n; ++b)
        for (int ch = 0; ch < m.c; ++ch) {
            const Grid g = m.grid(b, ch);
            if (m.labelled()) {
                const std::string l = m.mapLabel(b, ch);
                drawLabel(dl, ImVec2(g.origin.x, g.origin.y - m.label), l, pal.muted_text);
            }
            for (int y = 0; y < m.h; ++y)
                for (int x = 0; x < m.w; ++x) drawCell(dl, g, y, x, look(((b * m.c + ch) * m.h + y) * m.w + x));
            drawGridLines(dl, g, pal.grid_line);
        }
    drawLabel(dl, ImVec2(m.origin.x, m.origin.y - ImGui::GetFontSize() * 1.3f), title, pal.heading_text);
}

void outlineFlat(ImDrawList* dl, const Maps& m, int flat, ImU32 colour) {
    int b, ch, y, x;
    m.at(flat, b, ch, y, x);
    outlineCells(dl, m.grid(b, ch), y, x, y, x, colour, std::max(3.f, m.cell * 0.08f));
}

// The cell size that fits w_cells x h_cells (plus `extra_h` pixels) into the panel.
float fitCell(float w_cells, float h_cells, float extra_h = 0.f) {
    const float F = ImGui::GetFontSize();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float cell = std::min((avail.x - F) / w_cells, (avail.y - extra_h - F * 2.f) / h_cells);
    return std::clamp(std::floor(cell), F * 1.3f, F * 3.5f);
}

// Reserves the drawn area so the panel scrolls to it.
void reserve(ImVec2 origin, ImVec2 bottom_right) {
    ImGui::SetCursorScreenPos(origin);
    ImGui::Dummy(ImVec2(bottom_right.x - origin.x, bottom_right.y - origin.y));
}

struct StageDraw {
    const LayersStage& s;
    const LayersView& view;
    ImDrawList* dl;
    ImVec2 origin;
    Tensor partial;      // filled outputs, NaN elsewhere
    std::size_t step;    // trace step on show, kNone in statistics steps
    int source = -1;     // its input element
    const Palette& pal;
    bool quiz = false;   // quiz mode: hide what gives an unrevealed element away
};

bool filled(const StageDraw& d, int flat) { return !std::isnan(d.partial.values()[static_cast<std::size_t>(flat)]); }

CellLook emptyLook(const Palette& pal) {
    CellLook l;
    l.fill = pal.output_empty;
    return l;
}

CellLook valueLook(float v, ImU32 fill, const Palette& pal) {
    CellLook l;
    l.text = cellText(v);
    l.fill = fill;
    l.text_color = v == 0.f ? pal.zero_text : pal.cell_text;
    return l;
}

// Input | arrow | output, both as maps; `in_look` and `out_look` colour the cells.
template <typename InLook, typename OutLook>
ImVec2 drawInOut(StageDraw& d, const char* in_title, const char* out_title, InLook in_look, OutLook out_look) {
    const float F = ImGui::GetFontSize();
    Maps in = Maps::of(d.s.input_shape), out = Maps::of(d.s.output_shape);
    const float w_cells = static_cast<float>(in.c * in.w + out.c * out.w) + 3.f + 0.5f * (in.c + out.c - 2);
    const float h_cells = static_cast<float>(std::max(in.n * in.h, out.n * out.h)) + 0.6f * (in.n - 1);
    const float cell = fitCell(w_cells, h_cells, F * 1.4f * static_cast<float>(in.n + 1));
    for (Maps* m : {&in, &out}) {
        m->cell = cell;
        m->gap = m->gapFor(cell);
        m->label = m->labelled() ? F * 1.4f : 0.f;
    }
    in.origin = ImVec2(d.origin.x, d.origin.y + F * 1.4f);
    if (in.labelled()) in.origin.y += F * 0.3f;
    // Past the input's title too: a long title over a small map ran into the output's.
    const float after_title = ImGui::CalcTextSize(in_title).x + F;
    out.origin = ImVec2(in.origin.x + std::max(in.size().x + cell * 3.f, after_title), in.origin.y);
    drawMaps(d.dl, in, in_title, in_look);
    drawMaps(d.dl, out, out_title, out_look);
    const float mid = in.origin.y + std::min(in.size().y, out.size().y) * 0.5f;
    drawArrow(d.dl, ImVec2(in.origin.x + in.size().x + cell * 0.4f, mid), ImVec2(out.origin.x - cell * 0.4f, mid),
              d.pal.accent_text, 2.f);
    if (d.source >= 0) outlineFlat(d.dl, in, d.source, d.pal.window_line);
    if (d.step != kNone) outlineFlat(d.dl, out, static_cast<int>(d.step), d.pal.current_line);
    return ImVec2(out.origin.x + out.size().x, std::max(in.origin.y + in.size().y, out.origin.y + out.size().y));
}

void drawRelu(StageDraw& d) {
    const Tensor& in = d.s.request.input;
    const ImU32 negative = withAlpha(d.pal.error_text, 70);
    const ImVec2 end = drawInOut(
        d, "input x (negatives marked)", "max(x, 0)",
        [&](int f) { return valueLook(in.at(f), in.at(f) < 0.f ? negative : d.pal.cell_fill, d.pal); },
        [&](int f) {
            if (!filled(d, f)) return emptyLook(d.pal);
            CellLook l = valueLook(d.partial.at(f), in.at(f) < 0.f ? negative : d.pal.output_fill, d.pal);
            if (in.at(f) < 0.f) l.corner = "was " + cellText(in.at(f)), l.corner_color = d.pal.error_text;
            return l;
        });
    reserve(d.origin, end);
}

void drawBatchNorm(StageDraw& d) {
    const Tensor& in = d.s.request.input;
    const int stats_channel = d.view.statisticsChannel();
    const Maps shape = Maps::of(d.s.input_shape);
    const int group = d.step != kNone ? d.s.trace.layer.steps[d.step].group : stats_channel;
    const ImVec2 end = drawInOut(
        d, "batch x", "normalised",
        [&](int f) {
            int b, ch, y, x;
            shape.at(f, b, ch, y, x);
            return valueLook(in.at(f), ch == group ? d.pal.window_fill : d.pal.cell_fill, d.pal);
        },
        [&](int f) { return filled(d, f) ? valueLook(d.partial.at(f), d.pal.output_fill, d.pal) : emptyLook(d.pal); });
    reserve(d.origin, end);
    // The statistics each channel is normalised with.
    const bool training = d.s.request.params.layer.training;
    colouredText(d.pal.heading_text, training ? "train: each channel's own batch statistics are used"
                                              : "eval: the running statistics are used, the batch's are not");
    for (std::size_t c = 0; c < d.s.trace.layer.groups.size(); ++c) {
        const LayerGroup& g = d.s.trace.layer.groups[c];
        const bool done = static_cast<int>(c) < stats_channel || stats_channel < 0;
        std::string line = "channel " + std::to_string(c) + ": ";
        line += done || static_cast<int>(c) == stats_channel
                    ? "mean " + num(g.mean) + ", variance " + num(g.variance) + (training ? " (this batch)" : " (running)")
                    : "not yet";
        if (training && c < d.s.running.size() && (done || static_cast<int>(c) == stats_channel))
            line += ";  running mean " + num(d.s.running[c].old_mean) + " -> " + num(d.s.running[c].new_mean) +
                    ", running var " + num(d.s.running[c].old_variance) + " -> " + num(d.s.running[c].new_variance);
        colouredText(static_cast<int>(c) == group ? d.pal.accent_text : d.pal.cell_text, "%s", line.c_str());
    }
}

void drawFlatten(StageDraw& d) {
    const float F = ImGui::GetFontSize();
    const Tensor& in = d.s.request.input;
    Maps maps = Maps::of(d.s.input_shape);
    const int count = static_cast<int>(d.s.result.size());
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float in_w = static_cast<float>(maps.c * maps.w) + 0.5f * static_cast<float>(maps.c - 1);
    const float cell = fitCell(std::max(in_w, 12.f), static_cast<float>(maps.n * maps.h) + 4.f, F * 4.f);
    const int per_row = std::max(1, static_cast<int>((avail.x - F) / cell));
    maps.cell = cell;
    maps.gap = maps.gapFor(cell);
    maps.label = maps.labelled() ? F * 1.4f : 0.f;
    maps.origin = ImVec2(d.origin.x, d.origin.y + F * 1.4f);
    drawMaps(d.dl, maps, "input", [&](int f) {
        CellLook l = valueLook(in.at(f), d.pal.cell_fill, d.pal);
        l.corner = std::to_string(f);
        l.corner_color = d.pal.muted_text;
        return l;
    });
    const Grid vec{ImVec2(d.origin.x, maps.origin.y + maps.size().y + cell * 1.8f), cell,
                   (count + per_row - 1) / per_row, std::min(count, per_row)};
    drawLabel(d.dl, ImVec2(vec.origin.x, vec.origin.y - F * 1.3f), "the vector (C order: channel, then row, then column)",
              d.pal.muted_text);
    for (int i = 0; i < count; ++i) {
        CellLook l = filled(d, i) ? valueLook(d.partial.at(i), d.pal.output_fill, d.pal) : emptyLook(d.pal);
        l.corner = std::to_string(i);
        l.corner_color = d.pal.muted_text;
        drawCell(d.dl, vec, i / per_row, i % per_row, l);
    }
    drawGridLines(d.dl, vec, d.pal.grid_line);
    if (d.step != kNone && d.source >= 0) {
        const int i = static_cast<int>(d.step);
        outlineFlat(d.dl, maps, d.source, d.pal.window_line);
        outlineCells(d.dl, vec, i / per_row, i % per_row, i / per_row, i % per_row, d.pal.current_line, 3.f);
        drawArrow(d.dl, maps.center(d.source), vec.cellCenter(i / per_row, i % per_row), d.pal.accent_text, 2.f);
    }
    reserve(d.origin, ImVec2(std::max(maps.origin.x + maps.size().x, vec.origin.x + vec.size().x),
                             vec.origin.y + vec.size().y));
}

void drawSoftmax(StageDraw& d) {
    if (d.s.trace.layer.groups.empty()) return;
    const float F = ImGui::GetFontSize();
    const int gi = d.step != kNone ? std::max(0, d.s.trace.layer.steps[d.step].group) : 0;
    const LayerGroup& g = d.s.trace.layer.groups[static_cast<std::size_t>(gi)];
    const int k = static_cast<int>(g.sources.size());
    const float label_w = F * 7.5f;
    const float cell = fitCell(static_cast<float>(k) + label_w / F / 2.f, 5.75f, F * 4.f);
    const float x0 = d.origin.x + label_w;
    float y = d.origin.y;
    auto row = [&](const char* label, auto text_of, ImU32 fill) {
        drawLabel(d.dl, ImVec2(d.origin.x, y + cell * 0.3f), label, d.pal.muted_text);
        const Grid grid{ImVec2(x0, y), cell, 1, k};
        for (int i = 0; i < k; ++i) {
            CellLook l;
            l.text = text_of(i);
            l.fill = fill;
            l.text_color = d.pal.cell_text;
            drawCell(d.dl, grid, 0, i, l);
        }
        drawGridLines(d.dl, grid, d.pal.grid_line);
        if (d.source >= 0)
            for (int i = 0; i < k; ++i)
                if (g.sources[static_cast<std::size_t>(i)] == d.source)
                    outlineCells(d.dl, grid, 0, i, 0, i, d.pal.window_line, 3.f);
        y += cell * 1.25f;
    };
    row("logits x", [&](int i) { return cellText(g.values[static_cast<std::size_t>(i)]); }, d.pal.cell_fill);
    row(("x - max (" + num(g.max) + ")").c_str(),
        [&](int i) { return num(g.values[static_cast<std::size_t>(i)] - g.max); }, d.pal.cell_fill);
    // Quiz mode: an exp shows once its probability is revealed (the sum stays:
    // the revealed step's formula has it, and the exp is the student's to work out).
    bool all_filled = true;
    for (int src : g.sources) all_filled = all_filled && filled(d, src);
    const bool hide = d.quiz && !all_filled;
    row("exp(x - max)",
        [&](int i) {
            const std::size_t k = static_cast<std::size_t>(i);
            return hide && !filled(d, g.sources[k]) ? std::string("?") : cellText(static_cast<float>(g.exps[k]));
        },
        d.pal.kernel_fill);
    drawLabel(d.dl, ImVec2(d.origin.x, y), "sum of the exps = " + num(g.sum), d.pal.accent_text);
    y += F * 1.6f;
    // The probabilities as bars, filled as their steps are done.
    const float bar_h = cell * 2.f;
    double total = 0.0;
    drawLabel(d.dl, ImVec2(d.origin.x, y + bar_h * 0.5f), "probability", d.pal.muted_text);
    for (int i = 0; i < k; ++i) {
        const int src = g.sources[static_cast<std::size_t>(i)];
        const ImVec2 a(x0 + static_cast<float>(i) * cell + cell * 0.15f, y);
        const ImVec2 b(a.x + cell * 0.7f, y + bar_h);
        d.dl->AddRect(a, b, d.pal.grid_line);
        if (!filled(d, src)) continue;
        const float p = d.partial.at(src);
        total += p;
        d.dl->AddRectFilled(ImVec2(a.x, b.y - bar_h * p), b, src == d.source ? d.pal.current_line : d.pal.accent_text);
        // Under its bar in the small font, so neighbours' numbers never touch.
        const std::string text = cellText(p);
        ImFont* small = uiFonts().small;
        const float size = std::min(small->FontSize, cell * 0.38f);
        const float tw = small->CalcTextSizeA(size, FLT_MAX, 0.f, text.c_str()).x;
        d.dl->AddText(small, size, ImVec2((a.x + b.x - tw) * 0.5f, b.y + 2.f), d.pal.cell_text, text.c_str());
    }
    y += bar_h + F * 1.6f;
    drawLabel(d.dl, ImVec2(d.origin.x, y), "the probabilities so far add up to " + num(total), d.pal.good_text);
    reserve(d.origin, ImVec2(x0 + static_cast<float>(k) * cell, y + F * 1.4f));
}

void drawLinear(StageDraw& d) {
    const float F = ImGui::GetFontSize();
    const OpRequest& r = d.s.request;
    const int in = r.weight.dim(1), out = r.weight.dim(0);
    const LayerStep* ls = d.step != kNone ? &d.s.trace.layer.steps[d.step] : nullptr;
    const int row = ls ? std::max(0, ls->group) : 0, feature = ls ? ls->output_feature : -1;
    const float cell = fitCell(static_cast<float>(in) + 6.f, static_cast<float>(out) + 3.f, F * 3.f);
    const float x0 = d.origin.x + F * 4.f;
    const Grid xg{ImVec2(x0, d.origin.y + F * 1.4f), cell, 1, in};
    const Grid wg{ImVec2(x0, xg.origin.y + cell + F * 1.6f), cell, out, in};
    const Grid bg{ImVec2(wg.origin.x + wg.size().x + cell * 0.6f, wg.origin.y), cell, out, 1};
    const Grid yg{ImVec2(bg.origin.x + cell * 2.f, wg.origin.y), cell, out, 1};
    drawLabel(d.dl, ImVec2(d.origin.x, xg.origin.y + cell * 0.3f), "x", d.pal.muted_text);
    drawLabel(d.dl, ImVec2(d.origin.x, wg.origin.y + cell * 0.3f), "W", d.pal.muted_text);
    drawLabel(d.dl, ImVec2(xg.origin.x, xg.origin.y - F * 1.3f), "input row " + std::to_string(row), d.pal.muted_text);
    drawLabel(d.dl, ImVec2(bg.origin.x, bg.origin.y - F * 1.3f), "+ b", d.pal.muted_text);
    drawLabel(d.dl, ImVec2(yg.origin.x, yg.origin.y - F * 1.3f), "= y", d.pal.muted_text);
    for (int i = 0; i < in; ++i) drawCell(d.dl, xg, 0, i, valueLook(r.input.values()[static_cast<std::size_t>(row * in + i)], d.pal.cell_fill, d.pal));
    for (int o = 0; o < out; ++o) {
        for (int i = 0; i < in; ++i)
            drawCell(d.dl, wg, o, i, valueLook(r.weight.at(o, i), o == feature ? d.pal.window_fill : d.pal.kernel_fill, d.pal));
        const float b = static_cast<std::size_t>(o) < r.bias.size() ? r.bias[static_cast<std::size_t>(o)] : 0.f;
        drawCell(d.dl, bg, o, 0, valueLook(b, d.pal.kernel_fill, d.pal));
        const int f = row * out + o;
        drawCell(d.dl, yg, o, 0, filled(d, f) ? valueLook(d.partial.at(f), d.pal.output_fill, d.pal) : emptyLook(d.pal));
    }
    for (const Grid* g : {&xg, &wg, &bg, &yg}) drawGridLines(d.dl, *g, d.pal.grid_line);
    if (feature >= 0) {
        outlineCells(d.dl, wg, feature, 0, feature, in - 1, d.pal.window_line, 3.f);
        outlineCells(d.dl, xg, 0, 0, 0, in - 1, d.pal.window_line, 3.f);
        outlineCells(d.dl, yg, feature, 0, feature, 0, d.pal.current_line, 3.f);
    }
    reserve(d.origin, ImVec2(yg.origin.x + cell, wg.origin.y + wg.size().y));
}

}  // namespace

void drawLayersStage(LayersView& view, bool quiz) {
    if (!view.hasStages()) {
        mutedText("Nothing to show yet: " + view.error());
        return;
    }
    const LayersStage& s = view.stage();
    StageDraw d{s, view, ImGui::GetWindowDrawList(), ImGui::GetCursorScreenPos(), view.partialOutput(),
                view.layerStepIndex(), -1, palette(), quiz};
    if (d.step != kNone) d.source = s.trace.layer.steps[d.step].source;
    switch (s.request.params.op) {
        case OpKind::Relu: drawRelu(d); break;
        case OpKind::BatchNorm2d: drawBatchNorm(d); break;
        case OpKind::Flatten: drawFlatten(d); break;
        case OpKind::Softmax: drawSoftmax(d); break;
        case OpKind::Linear: drawLinear(d); break;
        default: break;
    }
}

void drawLayersStepPanel(const LayersView& view, bool quiz) {
    const Palette& pal = palette();
    if (!view.hasStages()) return;
    const LayersStage& s = view.stage();
    const std::size_t step = view.layerStepIndex();
    const OpKind op = s.request.params.op;
    const int stats = view.statisticsChannel();
    if (op == OpKind::BatchNorm2d && stats >= 0) {
        const LayerGroup& g = s.trace.layer.groups[static_cast<std::size_t>(stats)];
        colouredText(pal.heading_text, "Channel %d's statistics", stats);
        std::string values;
        for (std::size_t i = 0; i < g.values.size() && i < 24; ++i) values += (i ? ", " : "") + cellText(g.values[i]);
        if (g.values.size() > 24) values += ", ...";
        wrappedText(pal.cell_text, "values: " + values + "  (" + std::to_string(g.values.size()) + " of them, every map of the batch)");
        if (g.from_batch) {
            const double n = static_cast<double>(g.values.size());
            wrappedText(pal.cell_text, "mean = sum / n = " + num(g.sum) + " / " + num(n) + " = " + num(g.mean));
            // Each squared deviation written out while they fit on a line or two.
            std::string squares;
            double total = 0.0;
            for (std::size_t i = 0; i < g.values.size(); ++i) {
                const double dev = g.values[i] - g.mean;
                total += dev * dev;
                if (i < 12) squares += std::string(i ? " + " : "") + "(" + cellText(g.values[i]) + " - " + num(g.mean) + ")^2";
            }
            if (g.values.size() > 12) squares += " + ...";
            wrappedText(pal.cell_text, "variance = (" + squares + ") / n = " + num(total) + " / " + num(n) + " = " +
                                           num(g.variance) + "  (biased: divided by n, as batch norm normalises)");
            if (static_cast<std::size_t>(stats) < s.running.size()) {
                const RunningUpdate& u = s.running[static_cast<std::size_t>(stats)];
                const double m = s.request.params.layer.momentum;
                wrappedText(pal.accent_text, "running mean <- (1 - " + num(m) + ") * " + num(u.old_mean) + " + " + num(m) +
                                                 " * " + num(u.batch_mean) + " = " + num(u.new_mean));
                wrappedText(pal.accent_text, "running var <- (1 - " + num(m) + ") * " + num(u.old_variance) + " + " +
                                                 num(m) + " * " + num(u.unbiased_variance) + " = " + num(u.new_variance) +
                                                 "  (the unbiased variance: divided by n - 1)");
            }
        } else {
            wrappedText(pal.cell_text, "eval: mean = running mean = " + num(g.mean) + ", variance = running var = " +
                                           num(g.variance) + "; the batch's own statistics are not used and nothing moves.");
        }
        return;
    }
    if (step == kNone) {
        mutedText("No step on show.");
        return;
    }
    const TraceStep& t = s.trace.steps[step];
    colouredText(pal.heading_text, "Step %d: output %d", static_cast<int>(view.stepper().current()) + 1,
                 static_cast<int>(step));
    wrappedText(pal.cell_text, layerFormula(s.trace, step));
    switch (op) {
        case OpKind::Relu:
            mutedText(s.trace.layer.steps[step].kept ? "x > 0: passed on unchanged."
                                                     : "x <= 0: zeroed. A negative activation is cut off; its gradient is 0 too.");
            break;
        case OpKind::Softmax: {
            const LayerGroup& g = s.trace.layer.groups[static_cast<std::size_t>(s.trace.layer.steps[step].group)];
            std::string exps;
            for (std::size_t i = 0; i < g.exps.size(); ++i) exps += (i ? " + " : "") + num(g.exps[i]);
            // Quiz mode: every exp would give the next probability away.
            if (!quiz) wrappedText(pal.cell_text, "sum = " + exps + " = " + num(g.sum));
            mutedText("Why the max (" + num(g.max) + ") is subtracted first: exp of a logit above 88 overflows a "
                      "float to infinity, and inf / inf is NaN. exp(x - max) is at most 1 and the quotient is the same, "
                      "since the factor exp(-max) cancels.");
            break;
        }
        case OpKind::BatchNorm2d:
            mutedText(s.request.params.layer.training ? "Normalised with this batch's statistics of the channel."
                                                      : "Normalised with the running statistics (eval).");
            break;
        case OpKind::Flatten: mutedText("Nothing is computed: the value moves to its place in the vector."); break;
        case OpKind::Linear:
            mutedText("Every output reads every input: W has one row of weights per output.");
            (void)t;
            break;
        default: break;
    }
}

}  // namespace cs
