#pragma once
// The stage of the signals panel (signals_panel.cpp lays it out): one view per
// mode. Internal to the ui target.
#include <imgui.h>

#include <string>

#include "core/signals_lesson.h"

namespace cs {

// Colours of the lesson's curves, from the theme's palette.
struct SignalColors {
    ImU32 f, moving, result, positive, negative, playhead;
};
SignalColors signalColors();

// "τ" when the font has it, else "tau"; and text with every τ replaced so.
const char* tauText();
std::string withTau(std::string_view text);

void drawContinuousStage(const SignalsLesson& lesson, SignalsView& view, ImVec2 size);
void drawContinuousCompare(const SignalsLesson& lesson, SignalsView& view, ImVec2 size);
void drawDiscreteStage(const SignalsLesson& lesson, SignalsView& view, ImVec2 size);
void drawDiscreteCompare(const SignalsLesson& lesson, SignalsView& view, ImVec2 size);

}  // namespace cs
