#pragma once
// The signals lesson's panel: the controls for f, g, the operation and the
// mode on the left; the stage on the right (continuous: f(τ), the moving
// function, the shaded signed product and the result curve growing with t;
// discrete: stem plots, the terms of the current sum and the output filling
// in; or the three-up comparison); the playhead controls under the stage.
// It edits the document (and bumps its revision) and reads the view; it
// computes nothing itself.
//
//   SignalsLesson doc = defaultSignalsLesson();
//   SignalsView view;
//   each frame: view.update(doc); view.stepper().advance(dt);
//               ImGui::Begin("signals"); drawSignalsPanel(doc, view); ImGui::End();
#include "core/signals_lesson.h"

namespace cs {

// Fills the current window's content region.
// `presenter`: presenter mode, the controls column hidden.
void drawSignalsPanel(SignalsLesson& lesson, SignalsView& view, bool presenter = false);

}  // namespace cs
