// Lays the stage out: one row per input channel (its padded input, then the
// kernel slice that multiplies it), the output maps in the last column. The
// cell size is the largest whose whole layout (titles included) fits the
// panel (ui/stage_layout.h), centred; only below the smallest cell does the
// panel scroll.
#include <algorithm>
#include <cmath>

#include "core/step_text.h"
#include "ui/fonts.h"
#include "ui/stage_layout.h"
#include "ui/stage_views.h"
#include "ui/theme.h"
#include "ui/widgets.h"

namespace cs {
namespace {

std::string kernelTitle(OpKind op) { return std::string(opInfo(op).kernel_title); }

}  // namespace

void drawOutputMap(StageContext& ctx, LessonView& view, const Grid& g, int o, bool compare) {
    const Palette& pal = palette();
    const Tensor partial = compare ? view.comparePartialOutput() : view.partialOutput();
    const Tensor& final_values = compare ? view.compareResult() : view.result();
    const TraceStep& s = *ctx.step;
    for (int y = 0; y < g.rows; ++y)
        for (int x = 0; x < g.cols; ++x) {
            const float v = partial.at(o, y, x);
            CellLook look;
            if (std::isnan(v)) {
                look.fill = pal.output_empty;
            } else {
                look.text = cellText(v);
                look.fill = pal.output_fill;
                look.text_color = pal.output_text;
            }
            drawCell(ctx.dl, g, y, x, look);
        }
    // Between steps: the cells that change fade in (newly computed) or out (stepping back).
    if (ctx.gliding) {
        const std::size_t end = std::min(ctx.glide.fade_end, ctx.trace.steps.size());
        const float a = static_cast<float>(ctx.glide.fade);
        for (std::size_t i = ctx.glide.fade_begin; i < end; ++i) {
            const TraceStep& f = ctx.trace.steps[i];
            if (f.out_c != o || f.out_y >= g.rows || f.out_x >= g.cols) continue;
            const std::size_t at = static_cast<std::size_t>((o * g.rows + f.out_y) * g.cols + f.out_x);
            if (at >= final_values.size()) continue;
            CellLook look;
            look.text = cellText(final_values.values()[at]);
            look.fill = mixColor(pal.output_empty, pal.output_fill, a);
            look.text_color = fadedColor(pal.output_text, a);
            drawCell(ctx.dl, g, f.out_y, f.out_x, look);
        }
    }
    drawGridLines(ctx.dl, g, pal.grid_line);
    const float thick = std::max(3.f, g.cell * 0.07f);
    // Outputs fed by the hovered padded cell.
    if (ctx.anyFed)
        for (std::size_t i = 0; i < ctx.fed.size(); ++i)
            if (ctx.fed[i] && ctx.trace.steps[i].out_c == o)
                outlineCells(ctx.dl, g, ctx.trace.steps[i].out_y, ctx.trace.steps[i].out_x, ctx.trace.steps[i].out_y,
                             ctx.trace.steps[i].out_x, pal.feed_line, thick, thick);
    if (ctx.gliding && ctx.glide.pose.map == o) {
        const CellRect& r = ctx.glide.pose.target;
        outlineCellsAt(ctx.dl, g, static_cast<float>(r.y0), static_cast<float>(r.x0), static_cast<float>(r.y1),
                       static_cast<float>(r.x1), pal.current_line, thick, thick * 0.5f);
    } else if (s.out_c == o) {
        outlineCells(ctx.dl, g, s.out_y, s.out_x, s.out_y, s.out_x, pal.current_line, thick, thick * 0.5f);
    }

    int hy = 0, hx = 0;
    if (ImGui::IsWindowHovered() && g.hit(ImGui::GetMousePos(), hy, hx)) {
        ctx.ui.next_hover.out_c = o;
        ctx.ui.next_hover.out_y = hy;
        ctx.ui.next_hover.out_x = hx;
        outlineCells(ctx.dl, g, hy, hx, hy, hx, pal.hover_line, thick, thick * 0.5f);
        const std::size_t step = stepOfOutput(ctx.trace, o, hy, hx);
        const std::size_t at = static_cast<std::size_t>((o * g.rows + hy) * g.cols + hx);
        const float final_value = at < final_values.size() ? final_values.values()[at] : 0.f;
        // Not reached yet: keep the answer back, the class should work it out first.
        const bool reached = step <= view.stepper().current();
        const std::string by = compare ? std::string(" by ") + std::string(opInfo(view.compareOp()).name) : std::string();
        ImGui::SetTooltip("output %s%s = %s\nstep %zu of %zu: its window is outlined in blue\nclick to jump there",
                          cellName(hy, hx).c_str(), by.c_str(),
                          reached ? cellText(final_value).c_str() : "? (not computed yet)", step + 1,
                          ctx.trace.steps.size());
        if (ImGui::IsMouseClicked(ImGuiMouseButton_Left) && step < ctx.trace.steps.size()) {
            view.stepper().pause();
            view.stepper().seek(step);
        }
    }
}

void drawStagePanel(LessonView& view, const ViewOptions& options, UiState& ui, const GlidePose& glide) {
    const Palette& pal = palette();
    if (!view.hasTrace() || view.currentStep() == nullptr) {
        colouredText(pal.error_text, "Nothing to show yet.");
        ImGui::TextWrapped("%s", view.error().c_str());
        return;
    }
    const Trace& t = view.trace();
    const OpPlan& p = t.plan;
    const OpKind op = p.op;
    const TraceStep* step = view.currentStep();

    StageContext ctx{view, options, ui, ImGui::GetWindowDrawList(), t, step, nullptr, {}, false, glide, false};
    // The glide belongs to the step on show (a click may have moved the stepper since the page's update).
    ctx.gliding = !glide.settled && glide.step == view.stepper().current();
    if (ui.hover.onOutput()) {
        const std::size_t i = stepOfOutput(t, ui.hover.out_c, ui.hover.out_y, ui.hover.out_x);
        if (i < t.steps.size()) ctx.preview = &t.steps[i];
    }
    if (ui.hover.onPadded() && ui.hover.pad_c < p.channels && ui.hover.pad_y < t.padded_h && ui.hover.pad_x < t.padded_w) {
        ctx.fed.assign(t.steps.size(), 0);
        for (std::size_t i = 0; i < t.steps.size(); ++i)
            for (const TraceTerm& term : t.steps[i].terms)
                if (term.channel == ui.hover.pad_c && term.py == ui.hover.pad_y && term.px == ui.hover.pad_x) {
                    ctx.fed[i] = 1;
                    ctx.anyFed = true;
                    break;
                }
    }

    // Columns: padded input | kernel [| flipped kernel] | output.
    // conv_transpose2d is drawn as the correlation it runs: over the zero-inserted grid, K flipped.
    const bool transposed = isTransposedConv2d(op);
    const bool correlation = isCorrelation2d(op) || transposed;
    const bool pooling = isPooling2d(op);
    const bool global = isGlobalPool(op);
    // Correlation beside convolution: the other op's output in a column of its
    // own; an xcorr2d lesson then shows the flipped kernel convolution uses.
    const bool compare = view.hasCompare() && isCorrelation2d(op);
    const bool flip_for_compare = compare && op == OpKind::XCorr2d;
    const bool flipped = ((op == OpKind::Conv2d || transposed) && options.show_flipped_kernel) || flip_for_compare;
    const Tensor& flipped_bank = flip_for_compare ? view.compareKernelUsed() : t.kernel_used;
    const int channels = p.channels;
    const int outputs = p.out_channels;
    const int kh = correlation || op == OpKind::AutoCorr2d || pooling ? p.kernel_h : 0;
    const int kw = correlation || op == OpKind::AutoCorr2d || pooling ? p.kernel_w : 0;
    const bool kernel_per_channel = (correlation && !p.depthwise) || op == OpKind::AutoCorr2d;
    // Every filter's slices side by side (the one in use outlined), so a
    // multi-channel lesson shows all its weights, not the current filter's alone.
    // With groups a channel's row holds its group's filters only: one column per
    // filter of a group (depthwise: one column, filter c in channel c's row).
    const int groups = std::max(p.groups, 1);
    const int filters = kernel_per_channel && op != OpKind::AutoCorr2d ? std::max(outputs / groups, 1) : 1;
    // Grouped: the channels the current filter does not see are dimmed, and a
    // caption over the stage says which it sees.
    const std::string caption = correlation ? groupNote(p, step->out_c) : std::string();
    const ChannelSpan seen = channelsSeen(p, step->out_c);
    auto filterAt = [&](int c, int column) {  // the filter in channel c's row, kernel column `column`
        if (op == OpKind::AutoCorr2d || !kernel_per_channel || (filters == 1 && groups == 1)) return step->out_c;
        return c / std::max(p.kernel_channels, 1) * filters + column;
    };

    // Titles first: a column is as wide as its widest grid or title.
    // `unseen`: a channel the current filter does not see (groups).
    auto padTitle = [&](int c, bool unseen) {
        if (transposed && unseen) return "Channel " + std::to_string(c) + ": not seen";
        if (transposed)
            return (channels > 1 ? "Channel " + std::to_string(c) : std::string("Input")) + " spread (" +
                   std::to_string(p.height) + "x" + std::to_string(p.width) + ", " +
                   std::to_string(p.transposed_h.stride - 1) + " zero(s) between, border " +
                   std::to_string(p.transposed_h.border) + ")";
        std::string title = channels > 1 ? "Channel " + std::to_string(c) : (global || (!t.pad_top && !t.pad_left) ? "Input" : "Padded input");
        if (unseen) return title + ": not seen";
        if (!global && (t.pad_top || t.pad_left))
            title += " (" + std::to_string(p.height) + "x" + std::to_string(p.width) + ", padding " +
                     (t.pad_top == t.pad_left ? std::to_string(t.pad_top)
                                              : std::to_string(t.pad_top) + "," + std::to_string(t.pad_left)) +
                     ")";
        return title;
    };
    auto kernelColumnTitle = [&](int c, int f) -> std::string {
        if (pooling) return poolWindowTitle(op, view.request().params.pool.norm_type);
        if (correlation && !p.depthwise) return "Filter " + std::to_string(f) + ", ch " + std::to_string(c);
        return kernelTitle(op);
    };
    const char* flip_title = flip_for_compare ? "K flipped (convolution)" : "K flipped (used)";
    // A kernel that a half turn leaves as it is makes convolution and
    // cross-correlation agree: the stage says so, or switching looks broken.
    const bool symmetric = correlation && unchangedByHalfTurn(view.request().kernel);
    // conv_transpose2d has no cross-correlation twin: its turn is part of its reading, and here it changes nothing.
    const char* flip_note = symmetric ? (op == OpKind::Conv2d ? "unchanged by the 180\u00b0 turn:\ncross-correlation gives the same output"
                                         : transposed         ? "unchanged by the 180\u00b0 turn:\nK flipped is K itself"
                                                              : "unchanged by a 180\u00b0 turn:\nconvolution gives the same output")
                                      : "rotated 180\u00b0:\nrows and columns reversed";

    // The layout at one cell size: the cell is the largest whose layout fits
    // the panel, so a larger window or text scale never cuts a grid off.
    // With compare on the second output goes beside the first, or (one map each)
    // under it when that gives the larger cell: small outputs leave the height free.
    // Grouped and cramped (the cell under 1.25 text heights): only the current
    // filter's channels are drawn when that gives a larger cell, and the caption says so.
    bool hidden = false;
    auto captionFor = [&](int o) { return groupNote(p, o) + (hidden ? "; the others are hidden here, for room" : ""); };
    StageLayoutShape beside{t.padded_h, t.padded_w, kh, kw, p.out_height, p.out_width, channels, outputs,
                                  global ? 0 : (flipped ? 2 : 1), flipped || symmetric, compare ? 2 : 1, filters,
                                  !caption.empty()};
    StageLayoutShape under = beside;
    under.outputs = 2;
    under.output_columns = 1;
    bool stacked = false;
    // With compare on each output map says which operation made it; the bias
    // goes under the rest when the title takes two lines (StageLayoutShape::out_title_lines).
    auto outTitle = [&](int o, bool other) {
        const OpKind made_by = other ? view.compareOp() : op;
        std::string title = outputs > 1 ? "Output " + std::to_string(o) : std::string("Output");
        if (compare) title = (outputs > 1 ? title + ": " : std::string()) +
                             (made_by == OpKind::Conv2d ? (outputs > 1 ? "convolution" : "Convolution")
                                                        : (outputs > 1 ? "cross-correlation" : "Cross-correlation"));
        title += " (" + std::to_string(p.out_height) + "x" + std::to_string(p.out_width) + ")";
        if (!view.request().bias.empty() && o < static_cast<int>(view.request().bias.size()))
            title += ((stacked ? under : beside).out_title_lines > 1 ? "\nbias " : ", bias ") +
                     cellText(view.request().bias[static_cast<std::size_t>(o)]);
        return title;
    };
    // Titles at the text size (a projector reads them as it reads the panels);
    // where they would leave the grids too small (1280x720 at 200%), smaller.
    float title_font = ImGui::GetFontSize();
    auto measure = [&](float cell) {
        StageLayout L = stageLayoutAt(stacked ? under : beside, cell, title_font);
        auto w = [&](const std::string& s) { return labelWidth(s, L.title_px) + L.title_px * 0.6f; };
        for (int c = 0; c < channels; ++c) {
            L.w_pad = std::max(L.w_pad, w(padTitle(c, false)));
            if (!caption.empty()) L.w_pad = std::max(L.w_pad, w(padTitle(c, true)));  // the same cell at every step
            if (!global)
                for (int f = 0; f < filters; ++f) L.w_kernel = std::max(L.w_kernel, w(kernelColumnTitle(c, filterAt(c, f))));
        }
        // Every step's caption, so the cell does not change size from filter to filter.
        if (!caption.empty())
            for (int o = 0; o < outputs; ++o) L.w_caption = std::max(L.w_caption, w(captionFor(o)));
        if (flipped) L.w_flip = std::max(L.w_flip, w(flip_title));
        for (int o = 0; o < outputs; ++o) {
            L.w_out = std::max(L.w_out, w(outTitle(o, false)));
            if (compare) {
                float& column = stacked ? L.w_out : L.w_out2;
                column = std::max(column, w(outTitle(o, true)));
            }
        }
        L.finish();
        return L;
    };
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float max_cell = (ui.presenter ? 14.f : 7.f) * ImGui::GetFontSize();
    // Several output maps go one under another beside the channel rows, or
    // side by side (a row of them, or all) when that gives the larger cell: a
    // wide, low panel (the Layers page's conv under its pipeline bar) is
    // limited by their height. A tie keeps the fewest to a row.
    // Pooling (one window column, no kernel slice per channel): the input
    // channels side by side too.
    // With a bias each output's title can take two lines (the bias under it),
    // when the narrower column gives the larger cell.
    const bool bias = !view.request().bias.empty();
    auto fit = [&] {
        beside.outputs_across = beside.channels_across = beside.out_title_lines = 1;
        StageLayout best = fitStageLayout(measure, avail.x - 2.f, avail.y - 2.f, max_cell);
        for (int lines = 1; lines <= (bias ? 2 : 1); ++lines)
            for (int ca = 1; ca <= (pooling ? std::min(channels, 8) : 1); ++ca)
                for (int a = 1; a <= std::min(outputs, 8); ++a) {
                    if (a == 1 && ca == 1 && lines == 1) continue;
                    beside.outputs_across = a;
                    beside.channels_across = ca;
                    beside.out_title_lines = lines;
                    const StageLayout A = fitStageLayout(measure, avail.x - 2.f, avail.y - 2.f, max_cell);
                    if (A.cell > best.cell) best = A;
                }
        beside.outputs_across = best.shape.outputs_across;
        beside.channels_across = best.shape.channels_across;
        beside.out_title_lines = best.shape.out_title_lines;
        return best;
    };
    StageLayout L = fit();
    if (compare && outputs == 1) {
        stacked = true;
        const StageLayout U = fitStageLayout(measure, avail.x - 2.f, avail.y - 2.f, max_cell);
        if (U.cell > L.cell) L = U;
        else stacked = false;
    }
    if (!caption.empty() && L.cell < 1.25f * ImGui::GetFontSize()) {
        const StageLayoutShape all_beside = beside, all_under = under;
        beside.channels = under.channels = seen.last - seen.first + 1;
        hidden = true;
        const int all_across = beside.outputs_across;
        const StageLayout H = fit();
        // Also when neither fits at the smallest cell: the shorter stage scrolls less.
        if (H.cell > L.cell || (H.cell == L.cell && H.height < L.height)) {
            L = H;
        } else {
            beside = all_beside;
            beside.outputs_across = all_across;
            under = all_under;
            hidden = false;
        }
    }
    // (Also after hiding: its caption and rows are measured again.)
    if (L.cell < kReadableStageCell) {
        title_font = ImGui::GetFontSize() * 0.6f;
        const StageLayoutShape large = beside;
        const StageLayout small_titles = stacked ? fitStageLayout(measure, avail.x - 2.f, avail.y - 2.f, max_cell) : fit();
        if (small_titles.cell > L.cell + 2.f) {
            L = small_titles;
        } else {
            title_font = ImGui::GetFontSize();
            beside = large;
        }
    }
    const float cell = L.cell, label_h = L.label_h, tpx = L.title_px;
    ui.stage_cell = cell;
    ui.stage_readable_h = measure(kReadableStageCell).height + 4.f +
                          ImGui::GetStyle().WindowPadding.y * 2.f;

    // Centred in the room left over: in front of a class the stage is the middle of the screen.
    const ImVec2 top_left = ImGui::GetCursorScreenPos();
    const ImVec2 origin(top_left.x + std::max(0.f, (avail.x - L.width) * 0.5f),
                        top_left.y + std::max(0.f, (avail.y - L.height) * 0.5f));
    const float gap = L.gap;
    const float x_pad = origin.x;
    const float x_kernel = L.kernelX(x_pad);
    // One block per filter shown: its kernel [| its flipped kernel].
    const float block_w = L.w_kernel + gap + (flipped ? L.w_flip + gap : 0.f);
    const float x_out = global ? x_kernel : x_kernel + static_cast<float>(filters) * block_w;

    const float top = origin.y + (caption.empty() ? 0.f : label_h);
    if (!caption.empty()) drawLabel(ctx.dl, ImVec2(x_pad, origin.y), captionFor(step->out_c), pal.accent_text, tpx);

    // Left part: one row per input channel, its padded input and the kernel slice it meets.
    // (Pooling: L.shape.channels_across of them to a row.)
    int drawn = 0;  // channels drawn so far (hidden ones take no room)
    for (int c = 0; c < channels; ++c) {
        const bool unseen = !caption.empty() && !seen.contains(c);
        if (hidden && unseen) continue;
        const float y = L.channelY(drawn, top), x_in = L.channelX(drawn, x_pad);
        ++drawn;
        drawLabel(ctx.dl, ImVec2(x_in, y), padTitle(c, unseen), unseen ? pal.muted_text : pal.heading_text, tpx);
        const float gy = y + label_h;
        const Grid pad_grid{ImVec2(x_in, gy), cell, t.padded_h, t.padded_w};
        drawPaddedInput(ctx, pad_grid, c);
        if (unseen) {  // veiled, its values still legible: the current filter adds none of them
            const ImVec2 size = pad_grid.size();
            ctx.dl->AddRectFilled(pad_grid.origin, ImVec2(pad_grid.origin.x + size.x, pad_grid.origin.y + size.y),
                                  ImGui::GetColorU32(ImGuiCol_WindowBg, 0.65f));
        }
        for (int f = 0; f < filters && !global && (c == 0 || kernel_per_channel); ++f) {
            const int filter = filterAt(c, f);  // the filter whose slices these are
            const float x_kern = x_kernel + static_cast<float>(f) * block_w;
            const float x_flip = x_kern + L.w_kernel + gap;
            const std::string title = kernelColumnTitle(c, filter);
            const Grid kgrid{ImVec2(x_kern, gy), cell, kh, kw};
            if (pooling) {
                drawLabel(ctx.dl, ImVec2(x_kern, y), title, pal.heading_text, tpx);
                drawPoolWindow(ctx, kgrid);
            } else {
                std::size_t offset = 0;
                const Tensor& shown = op == OpKind::AutoCorr2d ? view.request().input : view.request().kernel;
                std::size_t used_offset = 0;  // into t.kernel_used (a bank: O x C/groups x kh x kw)
                bool in_group = true;        // with groups a filter meets only its group's channels
                if (kernel_per_channel && op == OpKind::AutoCorr2d) {
                    offset = used_offset = static_cast<std::size_t>(c * kh * kw);
                } else if (kernel_per_channel) {
                    const int cout_g = p.out_channels / p.groups, cg = p.kernel_channels;
                    const int g = filter / cout_g, c0 = g * cg;
                    in_group = c >= c0 && c < c0 + cg;
                    used_offset = static_cast<std::size_t>(std::max(0, filter * cg + c - c0) * kh * kw);
                    // conv_transpose2d's K is C_in x C_out/groups: K[c][o within its group].
                    offset = transposed ? static_cast<std::size_t>((c * cout_g + filter - g * cout_g) * kh * kw)
                                        : used_offset;
                }
                if (!in_group) continue;
                const bool in_use = filter == step->out_c;
                drawLabel(ctx.dl, ImVec2(x_kern, y), title, in_use ? pal.heading_text : pal.cell_text, tpx);
                drawKernel(ctx, kgrid, shown, offset, pal.kernel_fill);
                if (outputs > 1 && kernel_per_channel && op != OpKind::AutoCorr2d && in_use)  // the filter the current step multiplies by
                    outlineCells(ctx.dl, kgrid, 0, 0, kh - 1, kw - 1, pal.current_line, std::max(2.f, cell * 0.05f), 0.f);
                if (flipped) {
                    drawLabel(ctx.dl, ImVec2(x_flip, y), flip_title, pal.accent_text, tpx);
                    drawKernel(ctx, Grid{ImVec2(x_flip, gy), cell, kh, kw}, flipped_bank, used_offset, pal.flipped_fill);
                    // The flip turns the kernel half a turn.
                    const float mid = gy + static_cast<float>(kh) * cell * 0.5f;
                    drawArrow(ctx.dl, ImVec2(x_kern + static_cast<float>(kw) * cell + 4.f, mid), ImVec2(x_flip - 4.f, mid),
                              pal.accent_text, 2.f);
                }
                if ((flipped || symmetric) && in_use)
                    drawLabel(ctx.dl, ImVec2(x_kern, gy + static_cast<float>(kh) * cell + tpx * 0.3f), flip_note,
                              symmetric ? pal.accent_text : pal.muted_text, tpx);
            }
        }
    }

    // Right part: the output maps.
    // (L.shape.outputs_across to a row; stacked: one map, its compare map under it.)
    for (int o = 0; o < outputs; ++o) {
        const float ox = L.outputX(o, x_out), oy = L.outputY(o, top);
        drawLabel(ctx.dl, ImVec2(ox, oy), outTitle(o, false), pal.heading_text, tpx);
        drawOutputMap(ctx, view, Grid{ImVec2(ox, oy + L.outLabelH()), cell, p.out_height, p.out_width}, o);
        if (compare) {
            const float ox2 = stacked ? ox : ox + L.w_out + gap;
            const float oy2 = stacked ? oy + label_h + static_cast<float>(p.out_height) * cell + L.row_gap : oy;
            drawLabel(ctx.dl, ImVec2(ox2, oy2), outTitle(o, true), pal.accent_text, tpx);
            drawOutputMap(ctx, view, Grid{ImVec2(ox2, oy2 + label_h), cell, p.out_height, p.out_width}, o, true);
        }
    }
    // The whole layout's room, so that the panel scrolls only when even the smallest cell does not fit.
    ImGui::Dummy(ImVec2(std::max(L.width, 1.f), std::max(L.height, 1.f)));
}

}  // namespace cs
