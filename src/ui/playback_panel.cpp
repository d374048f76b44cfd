#include "ui/playback_panel.h"

#include <imgui.h>

#include <string>

#include "ui/fonts.h"
#include "ui/widgets.h"

namespace cs {

void drawPlaybackPanel(Stepper& stepper) {
    const bool uni = uiFonts().unicode;
    const float F = ImGui::GetFontSize();
    const ImVec2 button(F * 4.2f, 0);
    const bool empty = stepper.count() == 0;
    ImGui::BeginDisabled(empty);
    if (ImGui::Button(uni ? "\u21e4 Start" : "|< Start", button)) stepper.toStart();
    itemTooltip("first step (Home)");
    ImGui::SameLine();
    if (ImGui::Button(uni ? "\u25c0 Back" : "< Back", button)) stepper.stepBack();
    itemTooltip("previous step (Left arrow)");
    ImGui::SameLine();
    const char* play = stepper.playing() ? (uni ? "\u2016 Pause" : "Pause") : (uni ? "\u25b6 Play" : "> Play");
    if (ImGui::Button(play, button)) stepper.togglePlay();
    itemTooltip("play or pause (Space)");
    ImGui::SameLine();
    if (ImGui::Button(uni ? "Next \u25b6" : "Next >", button)) stepper.stepForward();
    itemTooltip("next step (Right arrow)");
    ImGui::SameLine();
    if (ImGui::Button(uni ? "End \u21e5" : "End >|", button)) stepper.toEnd();
    itemTooltip("last step: the whole output (End)");
    ImGui::SameLine();
    int step = static_cast<int>(stepper.current()) + 1;
    const int count = static_cast<int>(stepper.count());
    // Nothing computable (an impossible edit before any valid one): say so
    // rather than "step 1 of 0".
    const std::string format = count < 1 ? std::string("no steps") : "step %d of " + std::to_string(count);
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - F * 12.f);
    if (ImGui::SliderInt("##scrub", &step, 1, count < 1 ? 1 : count, format.c_str(), ImGuiSliderFlags_AlwaysClamp)) {
        stepper.pause();
        stepper.seek(static_cast<std::size_t>(step - 1));
    }
    ImGui::EndDisabled();
    ImGui::SameLine();
    float speed = static_cast<float>(stepper.speed());
    ImGui::SetNextItemWidth(F * 7.f);
    if (ImGui::SliderFloat("speed", &speed, 0.25f, 20.f, "%.2g steps/s", ImGuiSliderFlags_Logarithmic))
        stepper.setSpeed(speed);
}

}  // namespace cs
