#pragma once
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "core/history.h"
#include "core/lesson.h"
#include "ui/ui_state.h"

namespace cs {

// The top bar: lesson chooser (built-ins, open/save a file), undo/redo,
// light/dark theme, text size (also Ctrl +/-), and the lesson title.
// Loading and saving are requests in UiState that the app carries out.
// Open... and Save... use the file browser (ui.lesson_browser, lesson files
// only); the app loads or writes the chosen path and reports failures.
// The lesson's description (core/lesson.h describeLesson): its title, marked
// " (edited)", or derived from what is on screen once the title no longer fits.
std::string lessonDescription(const Lesson& lesson);
void drawToolbarPanel(const Lesson& lesson, const History& history, UiState& ui);

// The page chooser at the left of the top bar: one segment per title
// ("Matrices", "Signals", "Image lab"), `current` lit. Returns the index of
// the one clicked this frame, or -1. Buttons in a row, not radio buttons: a
// radio's circle costs a text height per page, a row at classroom scales.
// When the row of them would take over 60% of the bar (1280x720 at 200%),
// one combo of the pages instead.
int drawPageTabs(std::span<const char* const> titles, int current);

// The bar stays one or two rows at classroom sizes (1280x720 at 150% and
// 200%) by folding what a class rarely needs: each BarAction is drawn inline,
// in order, while it fits on the row with room left for the "More" button;
// the first that does not, and all after it, go into the More menu (one
// button at the row's end, its tooltip naming them). Nothing is dropped.
//
//   BarActions a;
//   addAppearanceActions(a, ui);   // Present, text size, theme
//   drawBarActions(a);
struct BarAction {
    const char* name = "";       // for the More button's tooltip
    float width = 0.f;           // inline, in pixels at this frame's font
    std::function<bool()> draw;  // draws it; true: a click that should close the menu
};
using BarActions = std::vector<BarAction>;
// Returns the screen x where the row's last item ends.
float drawBarActions(const BarActions& actions);

// Present, the text size (A- A+ 150%) and the theme: on every page's bar.
void addAppearanceActions(BarActions& actions, UiState& ui);
// Open... / Save... of lesson files: on every page's top bar, since a lesson
// file keeps every page (the session). The browser itself is drawn by
// drawLessonFileBrowser, every frame, wherever the buttons are.
void addLessonFileActions(BarActions& actions, const Lesson& lesson, UiState& ui);
void drawLessonFileBrowser(UiState& ui);
// Export... (every page that plays steps): a .gif chosen in ui.export_browser becomes
// ui.export_path, which the app carries out (app/export_job.h); while it runs,
// a progress bar in its place (ui.export_progress) that cancels when clicked
// (ui.cancel_export). drawExportBrowser draws the browser every frame.
void addExportAction(BarActions& actions, const std::string& name, UiState& ui);  // name: the file proposed, without .gif
// While the matrix page's lower tabs are folded (ui.lower_tabs_folded): Step,
// Output size, Code and Quiz, each showing itself in the step pane (the one
// on show disabled). Nothing otherwise.
void addFoldedTabActions(BarActions& actions, UiState& ui);
void drawExportBrowser(UiState& ui);

}  // namespace cs
