#include "ui/toolbar_panel.h"

#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <utility>

#include "core/lesson.h"
#include "io/settings.h"
#include "ui/fonts.h"
#include "ui/theme.h"
#include "ui/widgets.h"

namespace cs {
namespace {

// A button that closes the More menu when clicked there.
BarAction buttonAction(const char* label, std::function<void()> on_click, const char* tooltip = nullptr) {
    return {label, buttonWidth(label), [label, on_click = std::move(on_click), tooltip] {
                const bool clicked = ImGui::Button(label);
                if (tooltip != nullptr) itemTooltip("%s", tooltip);
                if (clicked) on_click();
                return clicked;
            }};
}

// "Text A- A+ 150%" stays together (and the menu stays open while it is clicked).
BarAction textSizeAction(UiState& ui) {
    const ImGuiStyle& style = ImGui::GetStyle();
    const float w = ImGui::CalcTextSize("Text").x + buttonWidth("A\u2212") + buttonWidth("A+") +
                    ImGui::CalcTextSize("400%").x + style.ItemSpacing.x * 3.f + 2.f;
    return {"text size", w, [&ui] {
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
                return false;
            }};
}

void openLessonBrowser(const Lesson& lesson, UiState& ui, bool save) {
    FileBrowser& b = ui.lesson_browser;
    b.extensions = {".json"};
    b.hint = save ? "file name (.json is added)" : "path to a lesson file (type or paste)";
    if (save)
        b.open("Save this lesson as", FileBrowserMode::Save, (lesson.name.empty() ? "lesson" : lesson.name) + ".json");
    else
        b.open("Open a lesson file");
}

}  // namespace

float drawBarActions(const BarActions& actions) {
    if (actions.empty()) return ImGui::GetItemRectMax().x;
    const float spacing = ImGui::GetFontSize() * 0.4f;
    const char* more = uiFonts().unicode ? "More \u25be" : "More";
    const float more_w = buttonWidth(more);
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    ImGui::SameLine(0.f, spacing);
    float x = ImGui::GetCursorScreenPos().x;
    float all = 0.f;
    for (const BarAction& a : actions) all += a.width + gap;
    std::size_t inline_count = actions.size();
    if (x + all - gap > right) {  // not all of them: a prefix, the More button after it
        inline_count = 0;
        float used = 0.f;
        while (inline_count < actions.size() && x + used + actions[inline_count].width + gap + more_w <= right)
            used += actions[inline_count++].width + gap;
    }
    for (std::size_t i = 0; i < inline_count; ++i) {
        if (i > 0) ImGui::SameLine();
        actions[i].draw();
    }
    if (inline_count == actions.size()) return ImGui::GetItemRectMax().x;
    if (inline_count > 0) sameLineOrWrap(more_w);
    else if (x + more_w > right) ImGui::NewLine();
    if (ImGui::Button(more)) ImGui::OpenPopup("##more");
    const float end = ImGui::GetItemRectMax().x;
    std::string names;
    for (std::size_t i = inline_count; i < actions.size(); ++i) names += (names.empty() ? "" : ", ") + std::string(actions[i].name);
    itemTooltip("%s", names.c_str());
    if (ImGui::BeginPopup("##more")) {
        for (std::size_t i = inline_count; i < actions.size(); ++i)
            if (actions[i].draw()) ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
    }
    return end;
}

void addFoldedTabActions(BarActions& actions, UiState& ui) {
    if (!ui.lower_tabs_folded) return;
    static constexpr std::pair<const char*, int> kTabs[] = {{"Step", -1},
                                                            {"Output size", static_cast<int>(LowerTab::Formula)},
                                                            {"Code", static_cast<int>(LowerTab::Code)},
                                                            {"Quiz", static_cast<int>(LowerTab::Quiz)}};
    for (const auto& [label, tab] : kTabs)
        actions.push_back({label, buttonWidth(label), [&ui, label, tab] {
                               ImGui::BeginDisabled(ui.folded_tab == tab);
                               const bool clicked = ImGui::Button(label);
                               ImGui::EndDisabled();
                               itemTooltip("%s", tab < 0 ? "the step's text in the lower pane"
                                                         : "in the lower pane, in the step's place (no room for tabs)");
                               if (clicked) ui.folded_tab = tab;
                               return clicked;
                           }});
}

void addLessonFileActions(BarActions& actions, const Lesson& lesson, UiState& ui) {
    actions.push_back(buttonAction("Open...", [&lesson, &ui] { openLessonBrowser(lesson, ui, false); },
                                   "open a lesson file (it may keep every page: a session)"));
    actions.push_back(buttonAction("Save...", [&lesson, &ui] { openLessonBrowser(lesson, ui, true); },
                                   "save the session: every page, in one lesson file"));
}

void drawLessonFileBrowser(UiState& ui) {
    FileBrowser& b = ui.lesson_browser;
    std::string chosen;
    if (drawFileBrowser(b, chosen)) (b.mode == FileBrowserMode::Save ? ui.save_lesson_path : ui.load_lesson) = chosen;
}

// While an export runs its place holds a progress bar of the same width (so
// the bar does not reflow), which cancels when clicked.
void addExportAction(BarActions& actions, const std::string& name, UiState& ui) {
    const float w = buttonWidth("Export...");
    actions.push_back({"Export...", w, [name, &ui, w] {
                           if (ui.exporting) {
                               char text[32];
                               std::snprintf(text, sizeof text, "%d%%",
                                             static_cast<int>(ui.export_progress * 100.f + 0.5f));
                               ImGui::ProgressBar(ui.export_progress, ImVec2(w, ImGui::GetFrameHeight()), text);
                               const bool clicked = ImGui::IsItemClicked();
                               if (clicked) ui.cancel_export = true;
                               itemTooltip("exporting the lesson into a GIF (convscope render); click to cancel");
                               return clicked;
                           }
                           const bool clicked = ImGui::Button("Export...", ImVec2(w, 0.f));
                           if (clicked) {
                               FileBrowser& b = ui.export_browser;
                               b.extensions = {".gif"};
                               b.hint = "file name (.gif is added)";
                               b.open("Export the page's steps as an animated GIF", FileBrowserMode::Save, name + ".gif");
                           }
                           itemTooltip("every step played into an animated GIF, at this window's size, theme and text size");
                           return clicked;
                       }});
}

void drawExportBrowser(UiState& ui) {
    std::string chosen;
    if (drawFileBrowser(ui.export_browser, chosen)) ui.export_path = chosen;
}

int drawPageTabs(std::span<const char* const> titles, int current) {
    int clicked = -1;
    const ImGuiStyle& style = ImGui::GetStyle();
    float tabs_w = 0.f;
    for (const char* t : titles) tabs_w += buttonWidth(t) + 2.f;
    // More than 60% of the bar (1280x720 at 200%): the page chooser becomes
    // one menu, so the lesson chooser and undo share its row and the bar
    // stays one row.
    if (tabs_w > ImGui::GetContentRegionAvail().x * 0.6f && current >= 0 && current < static_cast<int>(titles.size())) {
        float w = 0.f;
        for (const char* t : titles) w = std::max(w, ImGui::CalcTextSize(t).x);
        w += ImGui::GetFrameHeight() + style.FramePadding.x * 2.f;
        ImGui::SetNextItemWidth(w);
        if (ImGui::BeginCombo("##page", titles[static_cast<std::size_t>(current)])) {
            for (std::size_t i = 0; i < titles.size(); ++i)
                if (ImGui::Selectable(titles[i], static_cast<int>(i) == current) && static_cast<int>(i) != current)
                    clicked = static_cast<int>(i);
            ImGui::EndCombo();
        }
        itemTooltip("the page on show (the others are in the menu)");
        return clicked;
    }
    // The page on show is lit (the active button colour); the others sit back
    // (the frame colour), their text plain: greyed text would read as disabled.
    for (std::size_t i = 0; i < titles.size(); ++i) {
        if (i > 0) {
            ImGui::SameLine(0.f, 2.f);
            if (ImGui::GetCursorScreenPos().x + buttonWidth(titles[i]) > ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x)
                ImGui::NewLine();
        }
        const bool on = static_cast<int>(i) == current;
        ImGui::PushStyleColor(ImGuiCol_Button, style.Colors[on ? ImGuiCol_ButtonActive : ImGuiCol_FrameBg]);
        if (ImGui::Button(titles[i]) && !on) clicked = static_cast<int>(i);
        ImGui::PopStyleColor();
    }
    return clicked;
}

void addAppearanceActions(BarActions& actions, UiState& ui) {
    const char* present = ui.presenter ? "Leave presenter (Esc)" : "Present";
    actions.push_back(buttonAction(present, [&ui] { ui.presenter = !ui.presenter; },
                                   ui.presenter ? "back to the editor (Esc or F5)"
                                                : "presenter mode (F5): fullscreen, the stage and the step as large as "
                                                  "they fit; Esc leaves"));
    actions.push_back(textSizeAction(ui));
    actions.push_back(buttonAction(ui.dark ? "Light theme" : "Dark theme", [&ui] {
        ui.dark = !ui.dark;
        ui.fonts_dirty = true;  // the style is rebuilt with the fonts
    }));
}

std::string lessonDescription(const Lesson& lesson) { return describeLesson(lesson); }

void drawToolbarPanel(const Lesson& lesson, const History& history, UiState& ui) {
    const float F = ImGui::GetFontSize();
    const ImGuiStyle& style = ImGui::GetStyle();
    // The lesson chooser and undo/redo stay together on one row; "Lesson"
    // before the chooser only when that row has room for it too.
    const float combo_w = F * 7.f;
    const float group = combo_w + buttonWidth("Undo") + buttonWidth("Redo") + style.ItemSpacing.x * 2.f;
    const float label = ImGui::CalcTextSize("Lesson").x + style.ItemSpacing.x;
    ImGui::SameLine(0.f, F * 0.4f);
    const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    const float room = right - ImGui::GetCursorScreenPos().x;
    const bool wrap = group > room;
    if (wrap) ImGui::NewLine();
    if ((wrap ? right - ImGui::GetCursorScreenPos().x : room) >= group + label + buttonWidth("More") + style.ItemSpacing.x) {
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted("Lesson");
        ImGui::SameLine();
    }
    ImGui::SetNextItemWidth(combo_w);
    if (ImGui::BeginCombo("##lesson", lesson.name.c_str())) {
        for (const std::string& name : builtinLessonNames())
            if (ImGui::Selectable(name.c_str(), name == lesson.name)) ui.load_lesson = name;
        ImGui::EndCombo();
    }
    itemTooltip("the lesson: the built-in ones (Open... reads a lesson file)");
    ImGui::SameLine();
    ImGui::BeginDisabled(!history.canUndo());
    if (ImGui::Button("Undo")) ui.want_undo = true;
    ImGui::EndDisabled();
    disabledItemTooltip("Ctrl+Z");
    ImGui::SameLine();
    ImGui::BeginDisabled(!history.canRedo());
    if (ImGui::Button("Redo")) ui.want_redo = true;
    ImGui::EndDisabled();
    disabledItemTooltip("Ctrl+Y or Ctrl+Shift+Z");

    BarActions actions;
    addFoldedTabActions(actions, ui);
    addAppearanceActions(actions, ui);
    addLessonFileActions(actions, lesson, ui);
    addExportAction(actions, lesson.name.empty() ? "lesson" : lesson.name, ui);
    const float bar_end = drawBarActions(actions);
    drawLessonFileBrowser(ui);
    drawExportBrowser(ui);

    // The lesson's description goes on the bar's last row when it fits whole
    // there; otherwise the page writes it, wrapped, above its controls
    // (ui.title_in_toolbar). Never a row of its own (that takes the stage's
    // room at large text), never cut to "a 3x..." with the rest in a tooltip.
    const std::string full = lessonDescription(lesson);
    const float room_left = right - bar_end - F * 1.5f;
    ui.title_in_toolbar = !full.empty() && ImGui::CalcTextSize(full.c_str()).x <= room_left;
    if (ui.title_in_toolbar) {
        ImGui::SameLine(0, F * 1.5f);
        colouredText(palette().accent_text, "%s", full.c_str());
    }
}

}  // namespace cs
