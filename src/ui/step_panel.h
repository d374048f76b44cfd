#pragma once
#include "core/lesson_view.h"

namespace cs {

// The arithmetic of the current step, every term written out:
//   row 0:  0×1 + 0×1 + 0×1 = 0
//   row 1:  0×0 + 1×0 + 0×0 = 0    ← kernel row 1 is all zeros: it adds nothing
//   row 2:  1×1 + 0×1 + 1×1 = 2
//   output (0, 1) = 0 + 0 + 2 = 2
// Terms that add nothing (a zero weight or a zero value) are greyed; padding
// values have the padding colour. Pooling shows max(...) with the choice
// marked, (sum) / divisor, or √(squares).
void drawStepPanel(const LessonView& view);

}  // namespace cs
