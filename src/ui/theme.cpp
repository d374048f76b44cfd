#include "ui/theme.h"

namespace cs {
namespace {

Palette g_palette;

constexpr ImU32 rgba(int r, int g, int b, int a = 255) { return IM_COL32(r, g, b, a); }

Palette darkPalette() {
    Palette p{};
    p.cell_fill = rgba(44, 48, 56);
    p.cell_text = rgba(236, 239, 244);
    p.grid_line = rgba(92, 99, 112);
    p.padding_fill = rgba(30, 32, 38);
    p.padding_text = rgba(150, 156, 168);
    p.padding_hatch = rgba(70, 74, 84);
    p.window_line = rgba(255, 170, 40);
    p.window_fill = rgba(255, 170, 40, 48);
    p.hover_line = rgba(90, 200, 250);
    p.hover_fill = rgba(90, 200, 250, 40);
    p.feed_line = rgba(200, 120, 255);
    p.kernel_fill = rgba(36, 58, 92);
    p.kernel_text = rgba(200, 225, 255);
    p.flipped_fill = rgba(70, 48, 92);
    p.output_fill = rgba(34, 78, 54);
    p.output_text = rgba(220, 255, 230);
    p.output_empty = rgba(38, 41, 48);
    p.current_line = rgba(255, 170, 40);
    p.zero_text = rgba(120, 126, 138);
    p.picked_fill = rgba(150, 110, 10);
    p.picked_text = rgba(255, 236, 160);
    p.source_line = rgba(120, 230, 140);
    p.error_text = rgba(255, 120, 110);
    p.good_text = rgba(130, 220, 140);
    p.muted_text = rgba(160, 166, 178);
    p.accent_text = rgba(255, 190, 90);
    p.heading_text = rgba(240, 242, 246);
    return p;
}

Palette lightPalette() {
    Palette p{};
    p.cell_fill = rgba(255, 255, 255);
    p.cell_text = rgba(20, 22, 28);
    p.grid_line = rgba(150, 156, 168);
    p.padding_fill = rgba(226, 228, 233);
    p.padding_text = rgba(110, 116, 128);
    p.padding_hatch = rgba(200, 203, 210);
    p.window_line = rgba(225, 110, 0);
    p.window_fill = rgba(255, 150, 20, 60);
    p.hover_line = rgba(0, 120, 215);
    p.hover_fill = rgba(0, 120, 215, 40);
    p.feed_line = rgba(150, 40, 210);
    p.kernel_fill = rgba(218, 232, 252);
    p.kernel_text = rgba(10, 40, 100);
    p.flipped_fill = rgba(236, 222, 250);
    p.output_fill = rgba(214, 242, 222);
    p.output_text = rgba(10, 70, 30);
    p.output_empty = rgba(244, 245, 247);
    p.current_line = rgba(225, 110, 0);
    p.zero_text = rgba(160, 164, 172);
    p.picked_fill = rgba(255, 220, 120);
    p.picked_text = rgba(90, 60, 0);
    p.source_line = rgba(0, 150, 60);
    p.error_text = rgba(190, 30, 20);
    p.good_text = rgba(20, 130, 50);
    p.muted_text = rgba(100, 106, 118);
    p.accent_text = rgba(190, 90, 0);
    p.heading_text = rgba(20, 22, 28);
    return p;
}

}  // namespace

void applyTheme(bool dark, float scale) {
    ImGuiStyle style;  // fresh, so switching back and forth does not accumulate
    if (dark) {
        ImGui::StyleColorsDark(&style);
        style.Colors[ImGuiCol_WindowBg] = ImVec4(0.11f, 0.12f, 0.14f, 1.f);
        style.Colors[ImGuiCol_ChildBg] = ImVec4(0.11f, 0.12f, 0.14f, 1.f);
    } else {
        ImGui::StyleColorsLight(&style);
        style.FrameBorderSize = 1.f;  // white fields on a light panel need an edge
        style.Colors[ImGuiCol_WindowBg] = ImVec4(0.97f, 0.97f, 0.98f, 1.f);
    }
    style.WindowRounding = 0.f;
    style.FrameRounding = 4.f;
    style.GrabRounding = 4.f;
    style.WindowBorderSize = 1.f;
    style.FramePadding = ImVec2(8.f, 5.f);
    style.ItemSpacing = ImVec2(10.f, 7.f);
    style.WindowPadding = ImVec2(12.f, 10.f);
    style.ScrollbarSize = 16.f;
    style.ScaleAllSizes(scale);
    ImGui::GetStyle() = style;
    g_palette = dark ? darkPalette() : lightPalette();
}

const Palette& palette() { return g_palette; }

}  // namespace cs
