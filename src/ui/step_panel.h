#pragma once
#include "core/lesson_view.h"

namespace cs {

// The arithmetic of the current step: the answer first, in bold, then every
// term written out, one line each (of the window's rows, or of the channels):
//   output (0, 1) = 0 + 0 + 2 = 2
//   row 0:  0×1 + 0×1 + 0×1 = 0
//   row 1:  0×0 + 1×0 + 0×0 = 0    ← zero kernel row: adds nothing
//   row 2:  1×1 + 0×1 + 1×1 = 2
// Terms that add nothing (a zero weight or a zero value) are greyed; padding
// values have the padding colour. Pooling shows max(...) with the choice
// marked, (sum) / divisor, or √(squares).
// Returns the height from where it started to the end of the answer and the
// notes under it: what a pane must show; below it, lines of the text height
// (with item spacing) follow, so a pane cut at a line's end shows no half line.
float drawStepPanel(const LessonView& view);

}  // namespace cs
