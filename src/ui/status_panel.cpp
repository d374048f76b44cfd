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
    colouredText(palette().muted_text,
                 "Signals are computed on the CPU: curves by numerical integration (each value within its "
                 "stated error bound), sequences by the reference engine, as convscope compute does.");
}

void drawStatusLine(const LessonView& view, const std::string& engine_notice, const std::string& gpu_name,
                    const UiState& ui) {
    const Palette& pal = palette();
    const EngineReport& r = view.report();
    drawMessage(ui);
    if (r.engine == "gpu") {
        const std::string where = gpu_name.empty() ? "" : " on " + gpu_name.substr(0, 40);
        colouredText(pal.good_text, "Result computed on the GPU (OpenGL compute shaders%s).", where.c_str());
        if (r.compared) {
            char buf[96];
            std::snprintf(buf, sizeof buf, "CPU reference ran too: largest difference %.3g", r.max_difference);
            ImGui::SameLine();
            colouredText(r.max_difference <= 1e-4 ? pal.muted_text : pal.error_text, "%s%s", buf,
                         r.max_difference <= 1e-4 ? " (agrees)." : " (differs!).");
        }
    } else {
        colouredText(pal.muted_text, "Result computed on the CPU (exact reference).");
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
