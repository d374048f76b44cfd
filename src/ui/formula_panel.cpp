#include "ui/formula_panel.h"

#include <imgui.h>

#include "core/output_size.h"
#include "ui/fonts.h"
#include "ui/theme.h"

namespace cs {
namespace {

void colored(ImU32 c, const std::string& text) { ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(c), "%s", text.c_str()); }

void wrappedMuted(const std::string& text) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(palette().muted_text));
    ImGui::TextWrapped("%s", text.c_str());
    ImGui::PopStyleColor();
}

void axis(const char* noun, const AxisSize& a) {
    const Palette& pal = palette();
    const std::string f = a.formula();
    colored(pal.accent_text, std::string(noun) + ":");
    ImGui::SameLine();
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(pal.heading_text));
    ImGui::TextWrapped("%s", f.c_str());
    ImGui::PopStyleColor();
    wrappedMuted(a.explanation(noun));
}

}  // namespace

void drawFormulaPanel(const LessonView& view) {
    if (!view.hasTrace()) return;
    const Palette& pal = palette();
    const OpPlan& p = view.trace().plan;
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(pal.accent_text), "Output size");
    ImGui::SameLine();
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(pal.heading_text), "%d x %d%s", p.out_height, p.out_width,
                       p.out_channels > 1 ? (" x " + std::to_string(p.out_channels) + " maps").c_str() : "");
    ImGui::Separator();
    if (isCorrelation2d(p.op) || isPooling2d(p.op)) {
        const char* fn = view.request().params.pool.ceil_mode && isPooling2d(p.op) ? "ceil" : "floor";
        wrappedMuted(std::string("out = ") + fn + "((n + 2p " + minusSign() + " d(k" + minusSign() + "1) " + minusSign() +
                     " 1) / s) + 1");
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("n input size, p padding, k kernel size, d dilation, s stride.\n"
                              "With d = 1 the top is n + 2p - k: the room the window has to move.");
        axis("rows", p.axis_h);
        axis("columns", p.axis_w);
    } else if (p.op == OpKind::AutoCorr2d) {
        colored(pal.heading_text, "rows: 2 x " + std::to_string(p.height) + " - 1 = " + std::to_string(p.out_height));
        colored(pal.heading_text, "columns: 2 x " + std::to_string(p.width) + " - 1 = " + std::to_string(p.out_width));
        wrappedMuted("Every overlap of the input with a shifted copy of itself gives one output: shifts from -(n-1) to "
                     "n-1, so 2n - 1 of them per axis. The input is padded with n - 1 zeros on each side.");
    } else {
        colored(pal.heading_text, "1 x 1 per channel");
        wrappedMuted("Global pooling reduces each whole channel to one number, whatever its size.");
    }
}

}  // namespace cs
