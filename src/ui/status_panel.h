#pragma once
#include "core/lesson_view.h"
#include "ui/ui_state.h"

namespace cs {

// The bottom line: which engine computed the result on screen (GPU or CPU),
// how far the GPU is from the CPU reference when both ran, any notice about
// the GPU, and the transient message (paste errors, "saved").
// `gpu_name`: the GL renderer the GPU engine runs on ("llvmpipe (LLVM 15...)").
void drawStatusLine(const LessonView& view, const std::string& engine_notice, const std::string& gpu_name,
                    const UiState& ui);

// The Signals page's line: what computes its numbers (the CPU), after any message.
void drawSignalsStatusLine(const UiState& ui);

}  // namespace cs
