#include "ui/text_flow.h"
#include "ui/widgets.h"

#include <vector>

namespace cs {

TextFlow::TextFlow(ImFont* font) : font_(font) {
    if (font_ != nullptr) {
        ImGui::PushFont(font_);
        pushed_ = true;
    }
    right_edge_ = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
}

TextFlow::~TextFlow() {
    if (pushed_) ImGui::PopFont();
}

void TextFlow::place(float width) {
    if (!line_empty_) {
        ImGui::SameLine(0.f, 0.f);
        if (ImGui::GetCursorScreenPos().x + width + reserve_ > right_edge_) ImGui::NewLine();
    }
    reserve_ = 0.f;
    line_empty_ = false;
}

void TextFlow::keepWithNext(const std::string& next_text) { reserve_ = ImGui::CalcTextSize(next_text.c_str()).x; }

void TextFlow::add(const std::string& text, ImU32 color, const char* tooltip) {
    place(ImGui::CalcTextSize(text.c_str()).x);
    if (color)
        colouredText(color, "%s", text.c_str());
    else
        ImGui::TextUnformatted(text.c_str());
    if (tooltip) itemTooltip("%s", tooltip);
}

void TextFlow::addBoxed(const std::string& text, ImU32 text_color, ImU32 box_color) {
    const ImVec2 ts = ImGui::CalcTextSize(text.c_str());
    const float pad = ImGui::GetFontSize() * 0.2f;
    place(ts.x + 2 * pad);
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p.x, p.y - pad * 0.3f), ImVec2(p.x + ts.x + 2 * pad, p.y + ts.y + pad * 0.3f),
                                              box_color, pad);
    ImGui::SetCursorScreenPos(ImVec2(p.x + pad, p.y));
    colouredText(text_color, "%s", text.c_str());
    ImGui::SameLine(0.f, 0.f);
    ImGui::Dummy(ImVec2(pad, ts.y));
}

void TextFlow::addEquation(const std::string& text, ImU32 color, const std::string& followed_by) {
    std::vector<std::string> pieces;
    std::size_t from = 0;
    for (std::size_t at = text.find(" = "); at != std::string::npos; at = text.find(" = ", from)) {
        pieces.push_back(text.substr(from, at + 3 - from));
        from = at + 3;
    }
    if (from < text.size()) {
        if (pieces.empty()) pieces.emplace_back();
        pieces.back() += text.substr(from);  // the last term stays with the form before it
    }
    for (std::size_t i = 0; i < pieces.size(); ++i) {
        if (i + 1 == pieces.size() && !followed_by.empty()) keepWithNext(followed_by);
        add(pieces[i], color);
    }
}

void TextFlow::newLine() {
    // After an item ImGui's cursor is already on the next line; only an empty
    // line needs an explicit one.
    if (line_empty_) ImGui::NewLine();
    line_empty_ = true;
}

}  // namespace cs
