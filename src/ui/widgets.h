#pragma once
// Small shared widgets, in the spirit of imgui_demo's HelpMarker: the pieces
// every panel wrote by hand (a tooltip on the item just drawn, text in a
// palette colour, a muted note) and the one type of page message ("copied as
// CSV", "Lesson not saved: ..."), so that they look and behave the same on
// every page.
//
//   ImGui::Button("Undo");
//   itemTooltip("Ctrl+Z");                     // while the mouse is over the button
//   mutedText("Each weight multiplies ...");   // a wrapped note in palette().muted_text
//   ui.message.say("Saved to out.json.");      // shown by drawPageMessage for a few seconds
#include <imgui.h>

#include <string>

namespace cs {

// A palette colour (ImU32) as the ImVec4 ImGui's style calls take.
inline ImVec4 colourVec(ImU32 colour) { return ImGui::ColorConvertU32ToFloat4(colour); }

// The tooltip of the item just drawn, shown while the mouse is over it. Not
// over a disabled item (see disabledItemTooltip).
void itemTooltip(const char* fmt, ...) IM_FMTARGS(1);
// The same, shown over the item also while it is disabled: a greyed Undo
// still says which key it answers to.
void disabledItemTooltip(const char* fmt, ...) IM_FMTARGS(1);

// One line in a palette colour (ImGui::TextColored with an ImU32).
void colouredText(ImU32 colour, const char* fmt, ...) IM_FMTARGS(2);
// Text in a palette colour, wrapped at the window's edge.
void wrappedText(ImU32 colour, const std::string& text);
// A note that explains rather than reports: palette().muted_text, wrapped.
void mutedText(const std::string& text);

// Bars that wrap: before an item `next_width` pixels wide, stay on the line
// (SameLine with `spacing`, -1: the style's) when it fits, else start a new
// one. buttonWidth: a button's width for its label.
void sameLineOrWrap(float next_width, float spacing = -1.f);
float buttonWidth(const char* label);

// A page's transient message: what just happened, in good or error colour,
// for a few seconds (errors longer, they take longer to read). One per page
// document of UI state; the page's frame ages it.
struct PageMessage {
    std::string text;
    bool is_error = false;
    double seconds_left = 0.0;

    void say(std::string message, bool error = false) {
        text = std::move(message);
        is_error = error;
        seconds_left = error ? 8.0 : 4.0;
    }
    void age(double dt) { seconds_left = seconds_left > dt ? seconds_left - dt : 0.0; }
    bool visible() const { return seconds_left > 0.0 && !text.empty(); }
};

// The message on one line (clipped at the right edge) or wrapped; nothing
// when it is not visible. Returns whether it drew.
bool drawPageMessage(const PageMessage& message, bool wrapped = false);

}  // namespace cs
