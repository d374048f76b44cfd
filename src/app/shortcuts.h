#pragma once
namespace cs {
class App;
// Keyboard: Ctrl +/-/0 text size everywhere; on the shown page (its entry in
// pages.h) Space play/pause, Left/Right step, Home/End when it has a
// playhead, Ctrl+Z undo, Ctrl+Y or Ctrl+Shift+Z redo when it has a history;
// F5 toggles presenter mode, Esc leaves it (when no dialog takes the Esc).
// Ignored while typing in a field.
void handleShortcuts(App& app);
}  // namespace cs
