#pragma once
#include "core/lesson.h"
#include "ui/ui_state.h"

namespace cs {

// Editors for the input and the kernel: click a cell and type, or drag on it
// to change the value; grow or shrink rows and columns; clear, randomise
// (integers or one decimal), presets; paste from the clipboard (CSV, "1 2; 3 4",
// JSON lists, LaTeX, Markdown) and copy out. In multi-channel mode a selector
// picks the input channel or the filter/channel slice shown.
void drawMatrixEditorPanel(Lesson& lesson, UiState& ui);

// The same editor for one rows x cols slice of any tensor of rank 2 to 4 (the
// Layers page's inputs and weights): size, cells, clear, random, copy, paste.
// Resizing changes every slice. Returns true when `t` changed.
bool drawTensorSliceEditor(const char* id, Tensor& t, int slice, int max_side, UiState& ui);

}  // namespace cs
