#pragma once
#include "core/lesson.h"
#include "core/lesson_view.h"
#include "ui/ui_state.h"

namespace cs {

// The operation chooser: the op table's matrix-page operations (lessonOps())
// by their titles, transposed convolution among them. Switching keeps the
// matrices and adjusts only what the new operation cannot take (L2 pooling
// has no padding; only max pooling dilates; a kernel bank changes layout).
void drawOperationPanel(Lesson& lesson);

// The parameters that matter for the lesson's operation, per axis where
// PyTorch takes a pair: padding and padding mode, stride, dilation, kernel
// size, ceil_mode, count_include_pad, norm type, output_padding, and
// multi-channel mode (channels, filters, groups, bias).
// When the document is invalid the reason is shown here, in words, and the
// stage keeps the last valid result; an edit refused outright (groups that do
// not divide the channels) is said in the same box, the lesson unchanged.
void drawParamsPanel(Lesson& lesson, const LessonView& view, UiState& ui);

}  // namespace cs
