#pragma once
#include <span>

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

// The page chooser at the left of the top bar: one radio button per title
// ("Matrices", "Signals", "Image lab"), `current` marked. Returns the index
// of the one clicked this frame, or -1.
int drawPageTabs(std::span<const char* const> titles, int current);

// The theme toggle and A-/A+ text size: part of the toolbar, and on its own
// in the top bar of the other pages (Signals, Image lab).
void drawAppearanceControls(UiState& ui);
// Open... / Save... of lesson files alone: on every page's top bar, since a
// lesson file keeps every page (the session).
void drawLessonFileButtons(const Lesson& lesson, UiState& ui);
// Export... (the matrix page): a .gif chosen in ui.export_browser becomes
// ui.export_path, which the app carries out (app/export_job.h); while it runs,
// a progress bar in its place (ui.export_progress) that cancels when clicked
// (ui.cancel_export).
void drawExportButton(const Lesson& lesson, UiState& ui);

}  // namespace cs
