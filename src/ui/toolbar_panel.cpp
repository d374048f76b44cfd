#include "ui/toolbar_panel.h"

#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <string>

#include "core/lesson.h"
#include "io/settings.h"
#include "ui/theme.h"
#include "ui/widgets.h"

namespace cs {

// Open... / Save...: the file browser over lesson files (.json).
void drawLessonFileButtons(const Lesson& lesson, UiState& ui) {
    FileBrowser& b = ui.lesson_browser;
    const bool open_clicked = ImGui::Button("Open...");
    ImGui::SameLine();
    const bool save_clicked = ImGui::Button("Save...");
    if (open_clicked || save_clicked) {
        b.extensions = {".json"};
        b.hint = open_clicked ? "path to a lesson file (type or paste)" : "file name (.json is added)";
        if (open_clicked) b.open("Open a lesson file");
        else b.open("Save this lesson as", FileBrowserMode::Save, (lesson.name.empty() ? "lesson" : lesson.name) + ".json");
    }
    std::string chosen;
    if (drawFileBrowser(b, chosen)) (b.mode == FileBrowserMode::Save ? ui.save_lesson_path : ui.load_lesson) = chosen;
}

int drawPageTabs(std::span<const char* const> titles, int current) {
    ImGui::AlignTextToFramePadding();
    int clicked = -1;
    for (std::size_t i = 0; i < titles.size(); ++i) {
        if (i > 0) ImGui::SameLine();
        if (ImGui::RadioButton(titles[i], static_cast<int>(i) == current)) clicked = static_cast<int>(i);
    }
    return clicked;
}

void drawAppearanceControls(UiState& ui) {
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
    itemTooltip("smaller text (Ctrl -)");
    ImGui::SameLine(0, 2);
    if (ImGui::Button("A+")) {
        ui.font_scale = std::min(kMaxFontScale, ui.font_scale + 0.125f);
        ui.fonts_dirty = true;
    }
    itemTooltip("larger text (Ctrl +), remembered between runs");
    ImGui::SameLine();
    ImGui::Text("%d%%", static_cast<int>(ui.font_scale * 100.f + 0.5f));
}

std::string lessonDescription(const Lesson& lesson) {
    // After an edit the title describes where the lesson started, so say so.
    if (lesson.title.empty()) return {};
    return lesson.title + (editedSinceBuiltin(lesson) ? " (edited)" : "");
}

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
    drawLessonFileButtons(lesson, ui);

    ImGui::SameLine(0, F * 1.5f);
    ImGui::BeginDisabled(!history.canUndo() && true);
    if (ImGui::Button("Undo")) ui.want_undo = true;
    ImGui::EndDisabled();
    disabledItemTooltip("Ctrl+Z");
    ImGui::SameLine();
    ImGui::BeginDisabled(!history.canRedo());
    if (ImGui::Button("Redo")) ui.want_redo = true;
    ImGui::EndDisabled();
    disabledItemTooltip("Ctrl+Y or Ctrl+Shift+Z");

    ImGui::SameLine(0, F * 1.5f);
    drawAppearanceControls(ui);

    // The lesson's description goes here when it fits whole; otherwise the
    // page writes it, wrapped, above its controls (ui.title_in_toolbar): a
    // sentence cut to "a 3x..." with the rest in a tooltip was half a sentence.
    const std::string full = lessonDescription(lesson);
    ImGui::SameLine(0, F * 1.5f);
    ui.title_in_toolbar = !full.empty() && ImGui::CalcTextSize(full.c_str()).x <= ImGui::GetContentRegionAvail().x;
    if (ui.title_in_toolbar) colouredText(palette().accent_text, "%s", full.c_str());
    else ImGui::NewLine();
}

}  // namespace cs
