#pragma once
#include "core/lesson.h"
#include "core/lesson_view.h"
#include "ui/ui_state.h"

namespace cs {

// The operation chooser: the eight 2-D operations by their titles. Switching
// keeps the matrices and adjusts only what the new operation cannot take
// (L2 pooling has no padding; only max pooling dilates).
void drawOperationPanel(Lesson& lesson);

// The parameters that matter for the lesson's operation, per axis where
// PyTorch takes a pair: padding and padding mode, stride, dilation, kernel
// size, ceil_mode, count_include_pad, norm type, and multi-channel mode.
// When the document is invalid the reason is shown here, in words, and the
// stage keeps the last valid result.
void drawParamsPanel(Lesson& lesson, const LessonView& view, UiState& ui);

}  // namespace cs
