#include "ui/widgets.h"

#include <cstdarg>

#include "ui/theme.h"

namespace cs {
namespace {

void tooltipV(ImGuiHoveredFlags flags, const char* fmt, va_list args) {
    if (ImGui::IsItemHovered(flags)) ImGui::SetTooltipV(fmt, args);
}

}  // namespace

void itemTooltip(const char* fmt, ...) {
    va_list args;
    va_start(args, fmt);
    tooltipV(ImGuiHoveredFlags_None, fmt, args);
    va_end(args);
}

void disabledItemTooltip(const char* fmt, ...) {
    va_list args;
    va_start(args, fmt);
    tooltipV(ImGuiHoveredFlags_AllowWhenDisabled, fmt, args);
    va_end(args);
}

void colouredText(ImU32 colour, const char* fmt, ...) {
    va_list args;
    va_start(args, fmt);
    ImGui::TextColoredV(colourVec(colour), fmt, args);
    va_end(args);
}

void wrappedText(ImU32 colour, const std::string& text) {
    ImGui::PushStyleColor(ImGuiCol_Text, colourVec(colour));
    ImGui::TextWrapped("%s", text.c_str());
    ImGui::PopStyleColor();
}

void mutedText(const std::string& text) { wrappedText(palette().muted_text, text); }

bool drawPageMessage(const PageMessage& message, bool wrapped) {
    if (!message.visible()) return false;
    const ImU32 colour = message.is_error ? palette().error_text : palette().good_text;
    if (wrapped)
        wrappedText(colour, message.text);
    else
        colouredText(colour, "%s", message.text.c_str());
    return true;
}

void sameLineOrWrap(float next_width, float spacing) {
    ImGui::SameLine(0.f, spacing);
    const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    if (ImGui::GetCursorScreenPos().x + next_width > right) ImGui::NewLine();
}

float buttonWidth(const char* label) {
    return ImGui::CalcTextSize(label, nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2.f;
}

}  // namespace cs
