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
    sameLineOrWrap(buttonWidth("Open..."));
    const bool open_clicked = ImGui::Button("Open...");
    sameLineOrWrap(buttonWidth("Save..."));
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

// Export...: the browser over .gif files. While an export runs its place
// holds a progress bar of the same width (so the bar does not reflow), which
// cancels when clicked.
void drawExportButton(const Lesson& lesson, UiState& ui) {
    const float w = buttonWidth("Export...");
    sameLineOrWrap(w);
    if (ui.exporting) {
        char text[32];
        std::snprintf(text, sizeof text, "%d%%", static_cast<int>(ui.export_progress * 100.f + 0.5f));
        ImGui::ProgressBar(ui.export_progress, ImVec2(w, ImGui::GetFrameHeight()), text);
        if (ImGui::IsItemClicked()) ui.cancel_export = true;
        itemTooltip("exporting the lesson into a GIF (convscope render); click to cancel");
    } else {
        if (ImGui::Button("Export...", ImVec2(w, 0.f))) {
            FileBrowser& b = ui.export_browser;
            b.extensions = {".gif"};
            b.hint = "file name (.gif is added)";
            b.open("Export the lesson as an animated GIF", FileBrowserMode::Save,
                   (lesson.name.empty() ? "lesson" : lesson.name) + ".gif");
        }
        itemTooltip("every step played into an animated GIF, at this window's size, theme and text size");
    }
    std::string chosen;
    if (drawFileBrowser(ui.export_browser, chosen)) ui.export_path = chosen;
}

int drawPageTabs(std::span<const char* const> titles, int current) {
    ImGui::AlignTextToFramePadding();
    int clicked = -1;
    const ImGuiStyle& style = ImGui::GetStyle();
    for (std::size_t i = 0; i < titles.size(); ++i) {
        if (i > 0) sameLineOrWrap(ImGui::GetFrameHeight() + style.ItemInnerSpacing.x + ImGui::CalcTextSize(titles[i]).x);
        if (ImGui::RadioButton(titles[i], static_cast<int>(i) == current)) clicked = static_cast<int>(i);
    }
    return clicked;
}

void drawAppearanceControls(UiState& ui) {
    const float F = ImGui::GetFontSize();
    const char* present = ui.presenter ? "Leave presenter (Esc)" : "Present";
    sameLineOrWrap(buttonWidth(present), F * 1.5f);
    if (ImGui::Button(present)) ui.presenter = !ui.presenter;
    itemTooltip(ui.presenter ? "back to the editor (Esc or F5)"
                             : "presenter mode (F5): fullscreen, the stage and the step as large as they fit; Esc leaves");
    const char* theme = ui.dark ? "Light theme" : "Dark theme";
    sameLineOrWrap(buttonWidth(theme), F * 1.5f);
    if (ImGui::Button(theme)) {
        ui.dark = !ui.dark;
        ui.fonts_dirty = true;  // the style is rebuilt with the fonts
    }
    // "Text A- A+ 100%" stays together.
    const ImGuiStyle& style = ImGui::GetStyle();
    sameLineOrWrap(ImGui::CalcTextSize("Text").x + buttonWidth("A\u2212") + buttonWidth("A+") + ImGui::CalcTextSize("400%").x +
                   style.ItemSpacing.x * 3.f + 2.f);
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

std::string lessonDescription(const Lesson& lesson) { return describeLesson(lesson); }

void drawToolbarPanel(const Lesson& lesson, const History& history, UiState& ui) {
    const float F = ImGui::GetFontSize();
    sameLineOrWrap(ImGui::CalcTextSize("Lesson").x + ImGui::GetStyle().ItemSpacing.x + F * 9.f, F * 1.5f);
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Lesson");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(F * 9.f);
    if (ImGui::BeginCombo("##lesson", lesson.name.c_str())) {
        for (const std::string& name : builtinLessonNames())
            if (ImGui::Selectable(name.c_str(), name == lesson.name)) ui.load_lesson = name;
        ImGui::EndCombo();
    }
    drawLessonFileButtons(lesson, ui);
    drawExportButton(lesson, ui);

    sameLineOrWrap(buttonWidth("Undo"), F * 1.5f);
    ImGui::BeginDisabled(!history.canUndo() && true);
    if (ImGui::Button("Undo")) ui.want_undo = true;
    ImGui::EndDisabled();
    disabledItemTooltip("Ctrl+Z");
    sameLineOrWrap(buttonWidth("Redo"));
    ImGui::BeginDisabled(!history.canRedo());
    if (ImGui::Button("Redo")) ui.want_redo = true;
    ImGui::EndDisabled();
    disabledItemTooltip("Ctrl+Y or Ctrl+Shift+Z");

    drawAppearanceControls(ui);

    // The lesson's description goes on the bar's last row when it fits whole
    // there; otherwise the page writes it, wrapped, above its controls
    // (ui.title_in_toolbar). Never a row of its own (that takes the stage's
    // room at large text), never cut to "a 3x..." with the rest in a tooltip.
    const std::string full = lessonDescription(lesson);
    const float room_left = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x - ImGui::GetItemRectMax().x - F * 1.5f;
    ui.title_in_toolbar = !full.empty() && ImGui::CalcTextSize(full.c_str()).x <= room_left;
    if (ui.title_in_toolbar) {
        ImGui::SameLine(0, F * 1.5f);
        colouredText(palette().accent_text, "%s", full.c_str());
    }
}

}  // namespace cs
