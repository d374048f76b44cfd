#include "ui/status_panel.h"

#include <imgui.h>

#include <cstdio>

#include "ui/theme.h"
#include "ui/widgets.h"

namespace cs {

namespace {

// A message comes first: it is what just happened (a file that could not be
// saved, with its path), and the line is clipped at the right edge.
void drawMessage(const UiState& ui) {
    if (drawPageMessage(ui.message)) ImGui::SameLine(0, ImGui::GetFontSize() * 2.f);
}
}  // namespace

void drawSignalsStatusLine(const UiState& ui) {
    drawMessage(ui);
    // Nothing here runs on the GPU: saying so keeps the matrix lesson's engine
    // report from being read as this page's.
    const char* whole = "Signals are computed on the CPU: curves by numerical integration (each value within its "
                        "stated error bound), sequences by the reference engine, as convscope compute does.";
    // The short form when the whole does not fit on the line (classroom text sizes), the whole in its tooltip.
    const char* shorter = "Computed on the CPU: curves by numerical integration, sequences by the reference engine.";
    const float room = ImGui::GetContentRegionAvail().x;
    const bool fits = ImGui::CalcTextSize(whole).x <= room;
    colouredText(palette().muted_text, "%s",
                 fits ? whole : ImGui::CalcTextSize(shorter).x <= room ? shorter : "Computed on the CPU (as convscope compute).");
    if (!fits) itemTooltip("%s", whole);
}

void drawStatusLine(const LessonView& view, const std::string& engine_notice, const std::string& gpu_name,
                    const UiState& ui) {
    const Palette& pal = palette();
    const EngineReport& r = view.report();
    drawMessage(ui);
    // The whole report when it fits on the line; else the short form (what a
    // class needs: where it ran, whether the reference agrees), the whole in
    // the tooltip, so the line is never cut mid-word.
    std::string line, reference, tip;
    ImU32 reference_colour = pal.muted_text;
    if (r.engine == "gpu") {
        const std::string where = gpu_name.empty() ? "" : " on " + gpu_name.substr(0, 40);
        line = "Result computed on the GPU (OpenGL compute shaders" + where + ").";
        if (r.compared) {
            char buf[96];
            std::snprintf(buf, sizeof buf, "CPU reference ran too: largest difference %.3g", r.max_difference);
            const bool agrees = r.max_difference <= 1e-4;
            reference = std::string(buf) + (agrees ? " (agrees)." : " (differs!).");
            reference_colour = agrees ? pal.muted_text : pal.error_text;
        }
    } else {
        line = "Result computed on the CPU (exact reference).";
    }
    const float room = ImGui::GetContentRegionAvail().x;
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    const bool whole = ImGui::CalcTextSize((line + reference).c_str()).x + gap <= room;
    if (!whole) {
        tip = line + (reference.empty() ? "" : "\n" + reference);
        line = r.engine != "gpu" ? "Computed on the CPU (exact reference)."
                                 : reference.empty() ? "Computed on the GPU." : "Computed on the GPU;";
        if (!reference.empty()) {
            char buf[64];
            if (r.max_difference <= 1e-4) std::snprintf(buf, sizeof buf, "the CPU reference agrees.");
            else std::snprintf(buf, sizeof buf, "the CPU reference differs by %.3g!", r.max_difference);
            reference = buf;
        }
    }
    colouredText(r.engine == "gpu" ? pal.good_text : pal.muted_text, "%s", line.c_str());
    if (!tip.empty()) itemTooltip("%s", tip.c_str());
    if (!reference.empty()) {
        ImGui::SameLine();
        colouredText(reference_colour, "%s", reference.c_str());
        if (!tip.empty()) itemTooltip("%s", tip.c_str());
    }
    const std::string notice = !r.notice.empty() ? r.notice : engine_notice;
    if (!notice.empty()) {
        // One line: a long driver log is cut, the whole of it is in the tooltip.
        ImGui::SameLine();
        const float room = ImGui::GetContentRegionAvail().x;
        std::string shown = notice.substr(0, notice.find('\n'));
        while (shown.size() > 8 && ImGui::CalcTextSize(shown.c_str()).x > room) shown.resize(shown.size() * 9 / 10);
        if (shown.size() < notice.size()) shown += "...";
        colouredText(pal.accent_text, "%s", shown.c_str());
        itemTooltip("%s", notice.c_str());
    }
}

}  // namespace cs
