#include "ui/playback_panel.h"

#include <imgui.h>

#include <string>

#include "ui/fonts.h"
#include "ui/widgets.h"

namespace cs {

void drawPlaybackPanel(Stepper& stepper) {
    const bool uni = uiFonts().unicode;
    const float F = ImGui::GetFontSize();
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    // Labelled buttons while the scrub bar keeps room for "step 12 of 16";
    // else the symbols alone (their names in the tooltips), so nothing is cut
    // at large text in a small window (1280x720 at 200%).
    const float room = ImGui::GetContentRegionAvail().x;
    const bool words = !uni || room >= 5.f * (F * 4.2f + gap) + F * 9.f + F * 7.f + ImGui::CalcTextSize("speed").x + 3.f * gap;
    const ImVec2 button(words ? F * 4.2f : F * 1.8f, 0);
    auto label = [&](const char* word, const char* symbol, const char* ascii) {
        return !uni ? ascii : words ? word : symbol;
    };
    const bool empty = stepper.count() == 0;
    ImGui::BeginDisabled(empty);
    if (ImGui::Button(label("\u21e4 Start", "\u21e4##start", "|< Start"), button)) stepper.toStart();
    itemTooltip("first step (Home)");
    ImGui::SameLine();
    if (ImGui::Button(label("\u25c0 Back", "\u25c0##back", "< Back"), button)) stepper.stepBack();
    itemTooltip("previous step (Left arrow)");
    ImGui::SameLine();
    // Compact, Play keeps its word: the arrows beside it are the steps.
    const char* play = stepper.playing() ? label("\u2016 Pause", "Pause##play", "Pause") : label("\u25b6 Play", "Play##play", "> Play");
    if (ImGui::Button(play, words ? button : ImVec2(F * 3.4f, 0))) stepper.togglePlay();
    itemTooltip(stepper.playing() ? "pause (Space)" : "play (Space)");
    ImGui::SameLine();
    if (ImGui::Button(label("Next \u25b6", "\u25b6##next", "Next >"), button)) stepper.stepForward();
    itemTooltip("next step (Right arrow)");
    ImGui::SameLine();
    if (ImGui::Button(label("End \u21e5", "\u21e5##end", "End >|"), button)) stepper.toEnd();
    itemTooltip("last step: the whole output (End)");
    ImGui::SameLine();
    int step = static_cast<int>(stepper.current()) + 1;
    const int count = static_cast<int>(stepper.count());
    // Nothing computable (an impossible edit before any valid one): say so
    // rather than "step 1 of 0".
    const std::string format = count < 1 ? std::string("no steps") : "step %d of " + std::to_string(count);
    const float speed_w = F * 7.f;
    const float speed_label = words ? ImGui::CalcTextSize("speed").x + gap : 0.f;
    ImGui::SetNextItemWidth(std::max(F * 3.f, ImGui::GetContentRegionAvail().x - speed_w - speed_label - gap));
    if (ImGui::SliderInt("##scrub", &step, 1, count < 1 ? 1 : count, format.c_str(), ImGuiSliderFlags_AlwaysClamp)) {
        stepper.pause();
        stepper.seek(static_cast<std::size_t>(step - 1));
    }
    ImGui::EndDisabled();
    ImGui::SameLine();
    float speed = static_cast<float>(stepper.speed());
    ImGui::SetNextItemWidth(speed_w);
    if (ImGui::SliderFloat(words ? "speed" : "##speed", &speed, 0.25f, 20.f, "%.2g steps/s", ImGuiSliderFlags_Logarithmic))
        stepper.setSpeed(speed);
    itemTooltip("playback speed (also how long the window glides between steps)");
}

}  // namespace cs
