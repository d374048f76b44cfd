#pragma once
#include "core/lesson_view.h"

namespace cs {

// The output size, with the lesson's numbers put into PyTorch's formula:
//   rows:    floor((4 + 2*1 - 3) / 2) + 1 = floor(1.5) + 1 = 2
// then what floor dropped and which padded rows/columns no window reaches.
void drawFormulaPanel(const LessonView& view);

}  // namespace cs
