#pragma once
// TextFlow: coloured pieces of text laid out left to right that wrap at the
// panel's edge, never inside a piece. The step panel writes arithmetic with
// it: every term its own colour ("0×1" greyed when it adds nothing).
//   TextFlow flow;
//   flow.add("1×1", colour); flow.add(" + "); flow.add("0×0", grey); flow.newLine();
#include <imgui.h>

#include <string>

namespace cs {

class TextFlow {
public:
    // Wraps at the current window's content region; `font` nullptr: current font.
    explicit TextFlow(ImFont* font = nullptr);
    ~TextFlow();
    TextFlow(const TextFlow&) = delete;
    TextFlow& operator=(const TextFlow&) = delete;

    // color 0: the style's text colour. `tooltip` is shown when the piece is hovered.
    void add(const std::string& text, ImU32 color = 0, const char* tooltip = nullptr);
    // A piece drawn on a filled rounded box (max pooling's choice).
    void addBoxed(const std::string& text, ImU32 text_color, ImU32 box_color);
    // An equation "a = b = 2" in pieces that break only after an " = ", and
    // never before its last term: "= 2" does not end up on a line of its own.
    // `followed_by`: a piece the caller adds next (the result in its own
    // colour), kept on the line of the equation's last piece.
    void addEquation(const std::string& text, ImU32 color = 0, const std::string& followed_by = {});
    void newLine();
    // Pieces that must not be split from the next one: call before add().
    void keepWithNext(const std::string& next_text);

private:
    void place(float width);

    ImFont* font_;
    bool pushed_ = false;
    bool line_empty_ = true;
    float right_edge_ = 0.f;
    float reserve_ = 0.f;
};

}  // namespace cs
