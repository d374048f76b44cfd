#include "ui/formula_panel.h"

#include <imgui.h>

#include <utility>

#include "core/output_size.h"
#include "ui/fonts.h"
#include "ui/text_flow.h"
#include "ui/theme.h"
#include "ui/widgets.h"

namespace cs {
namespace {

void colored(ImU32 c, const std::string& text) { colouredText(c, "%s", text.c_str()); }

void axis(const char* noun, const AxisSize& a) {
    const Palette& pal = palette();
    const std::string f = a.formula();
    {
        TextFlow flow;
        flow.add(std::string(noun) + ":  ", pal.accent_text);
        flow.addEquation(f, pal.heading_text);
    }
    mutedText(a.explanation(noun));
}

}  // namespace

void drawFormulaPanel(const LessonView& view) {
    if (!view.hasTrace()) return;
    const Palette& pal = palette();
    const OpPlan& p = view.trace().plan;
    colouredText(pal.accent_text, "Output size");
    ImGui::SameLine();
    colouredText(pal.heading_text, "%d x %d%s", p.out_height, p.out_width,
                 p.out_channels > 1 ? (" x " + std::to_string(p.out_channels) + " maps").c_str() : "");
    ImGui::Separator();
    if (isCorrelation2d(p.op) || isPooling2d(p.op)) {
        const char* fn = view.request().params.pool.ceil_mode && isPooling2d(p.op) ? "ceil" : "floor";
        mutedText(std::string("out = ") + fn + "((n + 2p " + minusSign() + " d(k" + minusSign() + "1) " + minusSign() +
                  " 1) / s) + 1");
        itemTooltip("n input size, p padding, k kernel size, d dilation, s stride.\n"
                    "With d = 1 the top is n + 2p - k: the room the window has to move.");
        axis("rows", p.axis_h);
        axis("columns", p.axis_w);
    } else if (isTransposedConv2d(p.op)) {
        mutedText(std::string("out = (n ") + minusSign() + " 1)s " + minusSign() + " 2p + d(k " + minusSign() +
                  " 1) + output_padding + 1");
        itemTooltip("n input size, s stride, p padding, k kernel size, d dilation.\n"
                    "Read as conv_arithmetic draws it: s-1 zeros between the input's cells, d(k-1)-p zeros around "
                    "them, then a stride-1 convolution with the flipped kernel.");
        for (const auto& [noun, a] : {std::pair{"rows", p.transposed_h}, std::pair{"columns", p.transposed_w}}) {
            colored(pal.accent_text, std::string(noun) + ":");
            ImGui::SameLine();
            wrappedText(pal.heading_text, a.formula());
            mutedText(std::to_string(a.n) + " " + noun + " spread to " + std::to_string(a.spread) + " (" +
                      std::to_string(a.stride - 1) + " zero(s) between), " + std::to_string(a.border) +
                      " zero(s) before and " + std::to_string(a.border + a.output_padding) + " after: a grid of " +
                      std::to_string(a.grid) + ", which a window of " + std::to_string(a.dilation * (a.kernel - 1) + 1) +
                      " crosses in " + std::to_string(a.out) + " positions.");
        }
    } else if (p.op == OpKind::AutoCorr2d) {
        colored(pal.heading_text, "rows: 2 x " + std::to_string(p.height) + " - 1 = " + std::to_string(p.out_height));
        colored(pal.heading_text, "columns: 2 x " + std::to_string(p.width) + " - 1 = " + std::to_string(p.out_width));
        mutedText("Every overlap of the input with a shifted copy of itself gives one output: shifts from -(n-1) to "
                  "n-1, so 2n - 1 of them per axis. The input is padded with n - 1 zeros on each side.");
    } else {
        colored(pal.heading_text, "1 x 1 per channel");
        mutedText("Global pooling reduces each whole channel to one number, whatever its size.");
    }
}

}  // namespace cs
