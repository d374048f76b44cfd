#pragma once
namespace cs {
class App;
// Keyboard: Space play/pause, Left/Right step, Home/End, Ctrl +/-/0 text
// size, Ctrl+Z undo, Ctrl+Y or Ctrl+Shift+Z redo. Ignored while typing in a field.
void handleShortcuts(App& app);
}  // namespace cs
