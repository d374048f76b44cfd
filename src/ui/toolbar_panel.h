#pragma once
#include "core/history.h"
#include "core/lesson.h"
#include "ui/ui_state.h"

namespace cs {

// The top bar: lesson chooser (built-ins, open/save a file), undo/redo,
// light/dark theme, text size (also Ctrl +/-), and the lesson title.
// Loading and saving are requests in UiState that the app carries out.
void drawToolbarPanel(const Lesson& lesson, const History& history, UiState& ui);

}  // namespace cs
