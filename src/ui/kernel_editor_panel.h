#pragma once
// The image lab's kernel editor: preset menu with the preset's parameters
// (size, sigma, amount, angle), a grid of draggable values up to 31 x 31 (click
// a cell and type; drag to change it and watch the output follow), grow/shrink
// by two (sides stay odd), the sum and "normalise to sum 1", and the choice
// between cross-correlation and true convolution (flipped kernel).
// Edits go through core/image_lab.h's edit functions; errors become messages.
#include "core/image_lab.h"
#include "ui/image_lab_panel.h"

namespace cs {

void drawKernelEditorPanel(ImageLab& lab, LabUiState& ui);

}  // namespace cs
