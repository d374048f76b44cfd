// The padded input: real cells plain, padding cells hatched and dimmed; the
// current window tinted and outlined with each cell's weight in its corner;
// the hovered output's window outlined in another colour; a hovered padded
// cell points at the input cell its value was copied from.
#include <algorithm>
#include <cmath>
#include <vector>

#include "ui/fonts.h"
#include "ui/stage_views.h"
#include "ui/theme.h"

namespace cs {
namespace {

// The window of step `s` on channel c: its cells tinted, its span outlined.
// (dy, dx): how far, in cells, it is drawn from its own place (a glide; 0 when settled).
void outlineWindow(StageContext& ctx, const Grid& g, const TraceStep& s, int c, ImU32 line, ImU32 fill, float thick,
                   float dy = 0.f, float dx = 0.f) {
    int y0 = 1 << 30, x0 = 1 << 30, y1 = -1, x1 = -1;
    bool any = false;
    auto fy = [&](int y) { return static_cast<float>(y) + dy; };
    auto fx = [&](int x) { return static_cast<float>(x) + dx; };
    for (const TraceTerm& t : s.terms) {
        if (t.channel != c) continue;
        any = true;
        if (fill) fillCellsAt(ctx.dl, g, fy(t.py), fx(t.px), fy(t.py), fx(t.px), fill);
        y0 = std::min(y0, t.py), x0 = std::min(x0, t.px), y1 = std::max(y1, t.py), x1 = std::max(x1, t.px);
    }
    if (!any) return;
    // Global pooling and plain windows: the span of the taps is the window.
    outlineCellsAt(ctx.dl, g, fy(y0), fx(x0), fy(y1), fx(x1), line, thick, thick * 0.5f);
    // A ceil_mode window hanging past the padded input: its missing part is
    // outlined too (thinner, faintly filled), so the window shows its full size.
    const OpPlan& plan = ctx.trace.plan;
    if (isPooling2d(plan.op) && !isGlobalPool(plan.op)) {
        const int wy1 = s.window_y + plan.axis_h.effective_kernel - 1, wx1 = s.window_x + plan.axis_w.effective_kernel - 1;
        if (wy1 > y1 || wx1 > x1) {
            if (wx1 > x1) fillCellsAt(ctx.dl, g, fy(s.window_y), fx(x1 + 1), fy(wy1), fx(wx1), fill);
            if (wy1 > y1) fillCellsAt(ctx.dl, g, fy(y1 + 1), fx(s.window_x), fy(wy1), fx(std::min(x1, wx1)), fill);
            outlineCellsAt(ctx.dl, g, fy(s.window_y), fx(s.window_x), fy(wy1), fx(wx1), line, thick * 0.5f, thick * 0.25f);
        }
    }
}

}  // namespace

std::string cellName(int y, int x) { return "(" + std::to_string(y) + ", " + std::to_string(x) + ")"; }

void drawPaddedInput(StageContext& ctx, const Grid& g, int c) {
    const Palette& pal = palette();
    const LessonView& view = ctx.view;
    const bool sources = ctx.options.show_padding_sources;
    // On its way from the last step the window is drawn (dy, dx) cells from its place.
    const float dy = ctx.gliding ? static_cast<float>(ctx.glide.pose.window.y0 - ctx.glide.rest.window.y0) : 0.f;
    const float dx = ctx.gliding ? static_cast<float>(ctx.glide.pose.window.x0 - ctx.glide.rest.window.x0) : 0.f;
    // The cells under the window carry a weight in their top-left corner
    // (drawn below): their numbers move down, out of its way. While it glides,
    // the cells nearest under it (a glide's first frame is the last step's picture).
    const bool weights = ctx.options.show_weights_on_window &&
                         (isCorrelation2d(ctx.trace.plan.op) || isTransposedConv2d(ctx.trace.plan.op) ||
                          ctx.trace.plan.op == OpKind::AutoCorr2d);
    std::vector<char> tagged(static_cast<std::size_t>(g.rows) * static_cast<std::size_t>(g.cols), 0);
    if (weights)
        for (const TraceTerm& term : ctx.step->terms) {
            const int ty = term.py + static_cast<int>(std::lround(dy)), tx = term.px + static_cast<int>(std::lround(dx));
            if (term.channel == c && ty >= 0 && tx >= 0 && ty < g.rows && tx < g.cols)
                tagged[static_cast<std::size_t>(ty) * static_cast<std::size_t>(g.cols) + static_cast<std::size_t>(tx)] = 1;
        }
    for (int py = 0; py < g.rows; ++py)
        for (int px = 0; px < g.cols; ++px) {
            const PaddedCell& pc = view.paddedCell(c, py, px);
            CellLook look;
            look.text = cellText(pc.value);
            look.top_label = tagged[static_cast<std::size_t>(py) * static_cast<std::size_t>(g.cols) + static_cast<std::size_t>(px)] != 0;
            if (pc.padding) {
                look.fill = pal.padding_fill;
                look.hatched = true;
                look.hatch_color = pal.padding_hatch;
                look.text_color = pal.padding_text;
                if (sources && pc.src_y >= 0) {
                    look.corner = std::to_string(pc.src_y) + "," + std::to_string(pc.src_x);
                    look.corner_color = pal.source_line;
                }
            } else {
                look.fill = pal.cell_fill;
                look.text_color = pal.cell_text;
            }
            drawCell(ctx.dl, g, py, px, look);
        }
    drawGridLines(ctx.dl, g, pal.grid_line);
    // Border between padding and the real input.
    const Trace& t = ctx.trace;
    // conv_transpose2d: around the spread input (its cells s apart), clipped to the grid.
    const bool spread = isTransposedConv2d(t.plan.op);
    const int in_h = spread ? t.plan.transposed_h.spread : t.plan.height;
    const int in_w = spread ? t.plan.transposed_w.spread : t.plan.width;
    if (t.pad_top > 0 || t.pad_left > 0)
        outlineCells(ctx.dl, g, t.pad_top, t.pad_left, std::min(t.pad_top + in_h, t.padded_h) - 1,
                     std::min(t.pad_left + in_w, t.padded_w) - 1, pal.cell_text, 2.f);

    const float thick = std::max(3.f, g.cell * 0.07f);
    if (ctx.preview != nullptr && ctx.preview != ctx.step)
        outlineWindow(ctx, g, *ctx.preview, c, pal.hover_line, pal.hover_fill, thick * 0.8f);
    // On its way from the last step: drawn where the glide has it, clipped to
    // the grid and the outline's width around it (its antialiased edge along
    // the border is drawn as a settled step draws it: a glide's first frame
    // is the last step's picture, at any cell size).
    if (ctx.gliding)
        ctx.dl->PushClipRect(ImVec2(g.origin.x - thick, g.origin.y - thick),
                             ImVec2(g.origin.x + g.size().x + thick, g.origin.y + g.size().y + thick), true);
    outlineWindow(ctx, g, *ctx.step, c, pal.window_line, pal.window_fill, thick, dy, dx);
    if (ctx.gliding) ctx.dl->PopClipRect();

    // Weights in the top-left corner of the window's cells.
    if (weights) {
        const float size = cornerTextSize(g);
        ImFont* font = fontForPixels(size, false);
        for (const TraceTerm& term : ctx.step->terms) {
            if (term.channel != c) continue;
            const std::string w = std::string(timesSign()) + cellText(term.weight);
            const ImVec2 m = g.pointAt(static_cast<float>(term.py) + dy, static_cast<float>(term.px) + dx);
            // A long weight ("x-2.25") shrinks to its cell's width rather than run into the next cell.
            const float w_px = font->CalcTextSizeA(size, FLT_MAX, 0.f, w.c_str()).x;
            const float fit = std::min(size, size * g.cell * 0.86f / std::max(w_px, 1.f));
            ctx.dl->AddText(font, fit, ImVec2(m.x + g.cell * 0.07f, m.y + g.cell * 0.03f),
                            term.weight == 0.f ? pal.zero_text : pal.window_line, w.c_str());
        }
    }

    // Hover: publish, explain, and point at the source of a copied padding value.
    int hy = 0, hx = 0;
    if (ImGui::IsWindowHovered() && g.hit(ImGui::GetMousePos(), hy, hx)) {
        ctx.ui.next_hover.pad_c = c;
        ctx.ui.next_hover.pad_y = hy;
        ctx.ui.next_hover.pad_x = hx;
        const PaddedCell& pc = view.paddedCell(c, hy, hx);
        outlineCells(ctx.dl, g, hy, hx, hy, hx, pal.feed_line, 3.f);
        std::string tip = "padded cell " + cellName(hy, hx) + " = " + cellText(pc.value);
        if (!pc.padding) {
            tip += "\ninput cell " + cellName(pc.src_y, pc.src_x);
        } else if (pc.src_y < 0) {
            tip += t.plan.op == OpKind::MaxPool2d ? "\npadding: -infinity, so max pooling never picks it"
                                                  : "\nzero padding: adds nothing to any sum";
        } else {
            const ImVec2 to = g.cellCenter(pc.src_y + t.pad_top, pc.src_x + t.pad_left);
            outlineCells(ctx.dl, g, pc.src_y + t.pad_top, pc.src_x + t.pad_left, pc.src_y + t.pad_top,
                         pc.src_x + t.pad_left, pal.source_line, 3.f);
            drawArrow(ctx.dl, g.cellCenter(hy, hx), to, pal.source_line, std::max(2.f, g.cell * 0.05f));
            tip += "\n" + std::string(paddingModeName(view.request().params.correlation.padding_mode)) +
                   " padding: a copy of input cell " + cellName(pc.src_y, pc.src_x);
        }
        int feeds = 0;
        for (char f : ctx.fed) feeds += f;
        if (ctx.anyFed || feeds > 0)
            tip += "\nfeeds " + std::to_string(feeds) + " output cell" + (feeds == 1 ? "" : "s") + " (outlined in purple)";
        else
            tip += "\nno window covers it: it never reaches the output";
        ImGui::SetTooltip("%s", tip.c_str());
    }
}

void drawKernel(StageContext& ctx, const Grid& g, const Tensor& kernel, std::size_t offset, ImU32 fill) {
    const Palette& pal = palette();
    // A slice past the tensor (a view one edit behind) draws nothing rather than read out of range.
    if (offset + static_cast<std::size_t>(g.rows) * static_cast<std::size_t>(g.cols) > kernel.size()) return;
    for (int y = 0; y < g.rows; ++y)
        for (int x = 0; x < g.cols; ++x) {
            const float w = kernel.values()[offset + static_cast<std::size_t>(y * g.cols + x)];
            CellLook look;
            look.text = cellText(w);
            look.fill = fill;
            look.text_color = w == 0.f ? pal.zero_text : pal.kernel_text;
            drawCell(ctx.dl, g, y, x, look);
        }
    drawGridLines(ctx.dl, g, pal.grid_line);
}

void drawPoolWindow(StageContext& ctx, const Grid& g) {
    const Palette& pal = palette();
    const TraceStep& s = *ctx.step;
    for (int y = 0; y < g.rows; ++y)
        for (int x = 0; x < g.cols; ++x) drawCell(ctx.dl, g, y, x, CellLook{"", pal.output_empty, 0, false, 0, "", 0, true});
    for (std::size_t i = 0; i < s.terms.size(); ++i) {
        const TraceTerm& t = s.terms[i];
        const bool picked = static_cast<int>(i) == s.picked;
        CellLook look;
        look.text = cellText(t.value);
        look.fill = picked ? pal.picked_fill : (t.isPadding() ? pal.padding_fill : pal.cell_fill);
        look.text_color = picked ? pal.picked_text : (t.isPadding() ? pal.padding_text : pal.cell_text);
        look.hatched = t.isPadding();
        look.hatch_color = pal.padding_hatch;
        if (picked) look.corner = "max";
        look.corner_color = pal.picked_text;
        drawCell(ctx.dl, g, t.ky, t.kx, look);
    }
    drawGridLines(ctx.dl, g, pal.grid_line);
}

}  // namespace cs
