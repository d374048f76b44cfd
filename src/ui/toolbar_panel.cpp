#include "ui/toolbar_panel.h"

#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "io/settings.h"
#include "ui/theme.h"

namespace cs {
namespace {

void pathPopup(const char* id, const char* prompt, const char* action, std::string& request) {
    static char path[512] = "lesson.json";
    if (ImGui::BeginPopup(id)) {
        ImGui::TextUnformatted(prompt);
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 22.f);
        if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
        const bool enter = ImGui::InputText("##path", path, sizeof path, ImGuiInputTextFlags_EnterReturnsTrue);
        ImGui::SameLine();
        if (ImGui::Button(action) || enter) {
            request = path;
            ImGui::CloseCurrentPopup();
        }
        ImGui::EndPopup();
    }
}

}  // namespace

void drawToolbarPanel(const Lesson& lesson, const History& history, UiState& ui) {
    const float F = ImGui::GetFontSize();
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Lesson");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(F * 9.f);
    if (ImGui::BeginCombo("##lesson", lesson.name.c_str())) {
        for (const std::string& name : builtinLessonNames())
            if (ImGui::Selectable(name.c_str(), name == lesson.name)) ui.load_lesson = name;
        ImGui::EndCombo();
    }
    ImGui::SameLine();
    if (ImGui::Button("Open...")) ImGui::OpenPopup("open");
    pathPopup("open", "Lesson file to open:", "Open", ui.load_lesson);
    ImGui::SameLine();
    if (ImGui::Button("Save...")) ImGui::OpenPopup("save");
    pathPopup("save", "Save this lesson as:", "Save", ui.save_lesson_path);

    ImGui::SameLine(0, F * 1.5f);
    ImGui::BeginDisabled(!history.canUndo() && true);
    if (ImGui::Button("Undo")) ui.want_undo = true;
    ImGui::EndDisabled();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("Ctrl+Z");
    ImGui::SameLine();
    ImGui::BeginDisabled(!history.canRedo());
    if (ImGui::Button("Redo")) ui.want_redo = true;
    ImGui::EndDisabled();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("Ctrl+Y or Ctrl+Shift+Z");

    ImGui::SameLine(0, F * 1.5f);
    if (ImGui::Button(ui.dark ? "Light theme" : "Dark theme")) {
        ui.dark = !ui.dark;
        ui.fonts_dirty = true;  // the style is rebuilt with the fonts
    }
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Text");
    ImGui::SameLine();
    if (ImGui::Button("A\u2212")) {
        ui.font_scale = std::max(kMinFontScale, ui.font_scale - 0.125f);
        ui.fonts_dirty = true;
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("smaller text (Ctrl -)");
    ImGui::SameLine(0, 2);
    if (ImGui::Button("A+")) {
        ui.font_scale = std::min(kMaxFontScale, ui.font_scale + 0.125f);
        ui.fonts_dirty = true;
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("larger text (Ctrl +), remembered between runs");
    ImGui::SameLine();
    ImGui::Text("%d%%", static_cast<int>(ui.font_scale * 100.f + 0.5f));

    if (!lesson.title.empty()) {
        ImGui::SameLine(0, F * 1.5f);
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(palette().accent_text), "%s", lesson.title.c_str());
    }
}

}  // namespace cs
