// The Network page's stage: every layer's output as small maps (block 1 and
// block 2 as eight columns of map grids, then layer 1's filters, the
// flattened strip and the logits), and the clicked activation's arithmetic.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cfloat>
#include <cstdio>

#include "io/idx.h"
#include "ui/fonts.h"
#include "ui/network_panel.h"
#include "ui/theme.h"

namespace cs {

namespace {

constexpr const char* kShortTitles[] = {"input", "conv", "BN", "ReLU", "pool", "conv", "BN", "ReLU", "pool", "flatten", "logits"};
constexpr const char* kLongTitles[] = {"the input", "Conv2d(1, 16, 5, padding 2)", "BatchNorm2d(16), eval mode", "ReLU",
                                       "MaxPool2d(2, 2)", "Conv2d(16, 32, 5, padding 2)", "BatchNorm2d(32), eval mode",
                                       "ReLU", "MaxPool2d(2, 2)", "flatten", "Linear(1568, 10)"};
constexpr int kGridColumns = 4;

std::string shapeText(const std::vector<int>& shape) {
    std::string s;
    for (int d : shape) s += (s.empty() ? "" : timesSign()) + std::to_string(d);
    return s;
}

float smallLine() {
    const UiFonts& f = uiFonts();
    return f.small ? f.small->FontSize : ImGui::GetTextLineHeight();
}

void smallText(ImDrawList* dl, ImVec2 at, ImU32 colour, const std::string& text) {
    const UiFonts& f = uiFonts();
    if (f.small)
        dl->AddText(f.small, f.small->FontSize, at, colour, text.c_str());
    else
        dl->AddText(at, colour, text.c_str());
}

// One stage's maps as a grid of kGridColumns, `cell` pixels each; hover
// shows a value, a click selects it.
void mapGrid(NetworkDoc& doc, const NetStage& st, int stage, ImTextureID tex, ImVec2 pos, float cell, float gap) {
    const int rows = (st.maps + kGridColumns - 1) / kGridColumns;
    const ImVec2 size(kGridColumns * (cell + gap) - gap, static_cast<float>(rows) * (cell + gap) - gap);
    ImGui::SetCursorScreenPos(pos);
    ImGui::PushID(stage);
    ImGui::InvisibleButton("##maps", size);
    ImGui::PopID();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    auto mapAt = [&](int c) {
        return ImVec2(pos.x + static_cast<float>(c % kGridColumns) * (cell + gap), pos.y + static_cast<float>(c / kGridColumns) * (cell + gap));
    };
    for (int c = 0; c < st.maps; ++c) {
        const ImVec2 a = mapAt(c);
        const float u0 = static_cast<float>(c) / static_cast<float>(st.maps), u1 = static_cast<float>(c + 1) / static_cast<float>(st.maps);
        if (tex) dl->AddImage(tex, a, ImVec2(a.x + cell, a.y + cell), ImVec2(u0, 0.f), ImVec2(u1, 1.f));
    }
    const float px = cell / static_cast<float>(st.w);
    if (ImGui::IsItemHovered()) {
        const ImVec2 m = ImGui::GetMousePos();
        const int gx = static_cast<int>((m.x - pos.x) / (cell + gap)), gy = static_cast<int>((m.y - pos.y) / (cell + gap));
        const int c = gy * kGridColumns + gx;
        const ImVec2 a = mapAt(std::clamp(c, 0, st.maps - 1));
        const int x = static_cast<int>((m.x - a.x) / px), y = static_cast<int>((m.y - a.y) / px);
        if (c >= 0 && c < st.maps && x >= 0 && x < st.w && y >= 0 && y < st.h) {
            dl->AddRect(ImVec2(a.x + static_cast<float>(x) * px, a.y + static_cast<float>(y) * px),
                        ImVec2(a.x + static_cast<float>(x + 1) * px, a.y + static_cast<float>(y + 1) * px), palette().hover_line);
            ImGui::SetTooltip("%s, map %d, row %d, column %d: %s\nclick for its arithmetic", kLongTitles[stage], c, y, x,
                              netNumber(st.at(c, y, x)).c_str());
            if (ImGui::IsItemClicked()) doc.selected = NetSelection{stage, c, y, x};
        }
    }
    if (doc.selected.stage == stage && doc.selected.c < st.maps) {
        const ImVec2 a = mapAt(doc.selected.c);
        dl->AddRect(ImVec2(a.x - 1.f, a.y - 1.f), ImVec2(a.x + cell + 1.f, a.y + cell + 1.f), palette().current_line);
        const float thick = std::max(2.f, ImGui::GetFontSize() * 0.1f);
        dl->AddRect(ImVec2(a.x + static_cast<float>(doc.selected.x) * px - 1.f, a.y + static_cast<float>(doc.selected.y) * px - 1.f),
                    ImVec2(a.x + static_cast<float>(doc.selected.x + 1) * px + 1.f, a.y + static_cast<float>(doc.selected.y + 1) * px + 1.f),
                    palette().current_line, 0.f, 0, thick);
    }
}

struct StageGeometry {
    float gap, col_gap, header_h, strip_row_h, cell;
};

// Block caption, title and shape (small type), eight columns of grids (block
// 2's are 8 maps tall), then the strip: the map size that fits w x h.
StageGeometry stageGeometry(float w, float h) {
    const float F = ImGui::GetFontSize(), small = smallLine();
    StageGeometry g{};
    g.gap = std::max(1.f, std::floor(F * 0.08f));
    g.col_gap = std::floor(F * 0.45f);
    g.header_h = small * 3.f + g.gap * 4.f;
    g.strip_row_h = small * 2.f + F * 0.4f;
    const float col_w = (w - 7.f * g.col_gap) / 8.f;
    const float cell_w = (col_w - 3.f * g.gap) / kGridColumns;
    const float cell_h = (h - g.header_h - g.strip_row_h) / 8.f - g.gap;
    g.cell = std::floor(std::clamp(std::min(cell_w, cell_h), 6.f, F * 3.f));
    return g;
}

}  // namespace

float networkStageHeight(float width, float most) {
    const StageGeometry g = stageGeometry(width, most);
    return std::min(most, g.header_h + 8.f * (g.cell + g.gap) + g.strip_row_h + g.gap * 4.f);
}

void drawNetworkStage(NetworkDoc& doc, const NetworkView& view, const NetworkTextures& tex) {
    if (!view.ready()) {
        mutedText(view.error().empty() ? "No input yet." : view.error());
        return;
    }
    const std::vector<NetStage>& st = view.stages();
    const float F = ImGui::GetFontSize();
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const Palette& pal = palette();
    const float small = smallLine();
    const StageGeometry g = stageGeometry(avail.x, avail.y);
    const float gap = g.gap, col_gap = g.col_gap, cell = g.cell;
    const float grid_w = kGridColumns * (cell + gap) - gap;
    const float col_w = (avail.x - 7.f * col_gap) / 8.f;
    const float pitch = std::max(grid_w + col_gap, std::min(col_w + col_gap, grid_w + F * 1.5f));

    float y = origin.y;
    for (int b = 0; b < 2; ++b)
        smallText(dl, ImVec2(origin.x + pitch * static_cast<float>(4 * b), y), pal.accent_text,
                  b == 0 ? "block 1 (layer1)" : "block 2 (layer2)");
    y += small + gap;
    float bottom = y;
    float block1_bottom = y;
    for (int i = 1; i <= 8; ++i) {
        const NetStage& s = st[static_cast<std::size_t>(i)];
        const float x = origin.x + pitch * static_cast<float>(i - 1);
        // A shape wider than its column (large text in a small window) runs into
        // the next: it is then h x w alone (the maps are counted in the grid under it and in the tooltip).
        const std::string title = kShortTitles[i];
        std::string shape = shapeText(s.shape);
        const float room = pitch - col_gap * 0.5f;
        if (uiFonts().small && s.shape.size() == 3 &&
            uiFonts().small->CalcTextSizeA(small, FLT_MAX, 0.f, shape.c_str()).x > room) {
            shape = std::to_string(s.shape[1]) + timesSign() + std::to_string(s.shape[2]);
        }
        dl->PushClipRect(ImVec2(x, y), ImVec2(x + room, y + small * 2.f), true);
        smallText(dl, ImVec2(x, y), pal.heading_text, title);
        smallText(dl, ImVec2(x, y + small), pal.muted_text, shape);
        dl->PopClipRect();
        // The long name as a tooltip over the title.
        ImGui::SetCursorScreenPos(ImVec2(x, y));
        ImGui::PushID(100 + i);
        ImGui::InvisibleButton("##title", ImVec2(grid_w, small * 2.f));
        ImGui::PopID();
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("%s: %s (%s)", s.label.c_str(), kLongTitles[i], shapeText(s.shape).c_str());
        const ImVec2 gpos(x, y + small * 2.f + gap * 2.f);
        mapGrid(doc, s, i, tex.stages[i], gpos, cell, gap);
        const float gb = gpos.y + static_cast<float>((s.maps + kGridColumns - 1) / kGridColumns) * (cell + gap);
        bottom = std::max(bottom, gb);
        if (i <= 4) block1_bottom = std::max(block1_bottom, gb);
    }

    // Under block 1 (its grids are half as tall as block 2's): layer 1's learned filters.
    {
        const ConvNetTensor& w1 = doc.net.at(ConvNet::kConv1Weight);
        const int nf = w1.shape[0];
        const float fy = block1_bottom + gap * 3.f;
        const float room_w = pitch * 4.f - col_gap;
        dl->PushClipRect(ImVec2(origin.x, fy), ImVec2(origin.x + room_w, fy + small), true);
        smallText(dl, ImVec2(origin.x, fy), pal.heading_text, "learned filters of conv 1 (" + shapeText(w1.shape) + ")");
        dl->PopClipRect();
        const float room_h = bottom - fy - small - gap * 2.f;
        // One row of 16 or two of 8, whichever draws them larger.
        auto sizeFor = [&](int per) {
            return std::floor(std::max(4.f, std::min({room_w / static_cast<float>(per) - gap * 2.f,
                                                      room_h / static_cast<float>(nf / per) - gap * 2.f, F * 2.5f})));
        };
        const int per_row = sizeFor(8) > sizeFor(16) ? 8 : 16;
        const float fs = sizeFor(per_row);
        for (int f = 0; f < nf; ++f) {
            const ImVec2 a(origin.x + static_cast<float>(f % per_row) * (fs + gap * 2.f),
                           fy + small + gap * 2.f + static_cast<float>(f / per_row) * (fs + gap * 2.f));
            const float u0 = static_cast<float>(f * 6) / 95.f, u1 = static_cast<float>(f * 6 + 5) / 95.f;
            if (tex.filters) dl->AddImage(tex.filters, a, ImVec2(a.x + fs, a.y + fs), ImVec2(u0, 0.f), ImVec2(u1, 1.f));
            ImGui::SetCursorScreenPos(a);
            ImGui::PushID(200 + f);
            ImGui::InvisibleButton("##filter", ImVec2(fs, fs));
            ImGui::PopID();
            if (ImGui::IsItemHovered())
                ImGui::SetTooltip("layer1.0.weight[%d]: the 5 x 5 filter that makes conv map %d\n(warm: positive weights, blue: negative)", f, f);
        }
    }

    // The flattened 1568 values as one strip across the width.
    y = bottom + gap * 2.f;
    const NetStage& flat = st[9];
    smallText(dl, ImVec2(origin.x, y), pal.heading_text, "flatten " + shapeText(flat.shape) + " (block 2's pooled maps, one after another) -> linear -> 10 logits (left)");
    const float strip_h = std::floor(F * 0.6f);
    const ImVec2 sa(origin.x, y + small + gap);
    const float row_w = avail.x;
    if (tex.stages[9]) dl->AddImage(tex.stages[9], sa, ImVec2(sa.x + row_w, sa.y + strip_h));
    ImGui::SetCursorScreenPos(sa);
    ImGui::InvisibleButton("##flat", ImVec2(row_w, strip_h));
    const auto flatIndex = [&](float mx) { return std::clamp(static_cast<int>((mx - sa.x) / row_w * static_cast<float>(flat.w)), 0, flat.w - 1); };
    if (ImGui::IsItemHovered()) {
        const int i = flatIndex(ImGui::GetMousePos().x);
        ImGui::SetTooltip("value %d (block 2's map %d, row %d, column %d): %s\nclick for its arithmetic", i, i / 49, i % 49 / 7, i % 7,
                          netNumber(flat.at(0, 0, i)).c_str());
        if (ImGui::IsItemClicked()) doc.selected = NetSelection{9, 0, 0, i};
    }
    if (doc.selected.stage == 9) {
        const float sx = sa.x + (static_cast<float>(doc.selected.x) + 0.5f) / static_cast<float>(flat.w) * row_w;
        dl->AddLine(ImVec2(sx, sa.y - 3.f), ImVec2(sx, sa.y + strip_h + 3.f), pal.current_line, 2.f);
    }
    ImGui::SetCursorScreenPos(ImVec2(origin.x, sa.y + strip_h));
    ImGui::Dummy(ImVec2(1.f, 1.f));
}

void drawNetworkArithmetic(const NetworkView& view) {
    const NetArithmetic& a = view.arithmetic();
    const Palette& pal = palette();
    if (a.title.empty()) {
        mutedText("Click any activation above (a map pixel, the strip) or a class on the left to see its arithmetic with the real numbers.");
        return;
    }
    const UiFonts& f = uiFonts();
    auto small = [&](bool on) {
        if (!f.small) return;
        if (on)
            ImGui::PushFont(f.small);
        else
            ImGui::PopFont();
    };
    colouredText(pal.heading_text, "%s", a.title.c_str());
    if (!a.note.empty()) itemTooltip("%s", a.note.c_str());
    // The general rule small, the numbers at full size.
    for (std::size_t i = 0; i < a.lines.size(); ++i) {
        const bool rule = i == 0 && (a.lines.size() > 1 || !a.parts.empty());
        if (rule) small(true);
        if (rule) ImGui::PushStyleColor(ImGuiCol_Text, pal.muted_text);
        ImGui::TextWrapped("%s", a.lines[i].c_str());
        if (rule) ImGui::PopStyleColor();
        if (rule) small(false);
    }
    if (!a.parts.empty()) {
        small(true);
        // A column as wide as the widest label and the widest number with the
        // spacing between them and the cell padding, so none overflows.
        float label_w = 0.f, value_w = 0.f;
        for (const auto& p : a.parts) {
            label_w = std::max(label_w, ImGui::CalcTextSize(p.label.c_str()).x);
            value_w = std::max(value_w, ImGui::CalcTextSize(netNumber(p.value).c_str()).x);
        }
        const ImGuiStyle& style = ImGui::GetStyle();
        const float w = label_w + style.ItemSpacing.x + value_w + style.CellPadding.x;
        const int cols = std::clamp(static_cast<int>(ImGui::GetContentRegionAvail().x / w), 1, 12);
        ImGui::PushStyleVar(ImGuiStyleVar_CellPadding, ImVec2(ImGui::GetStyle().CellPadding.x, 0.f));
        const bool table = ImGui::BeginTable("##parts", cols, ImGuiTableFlags_SizingStretchSame);
        ImGui::PopStyleVar();
        if (table) {
            for (const auto& p : a.parts) {
                ImGui::TableNextColumn();
                colouredText(pal.muted_text, "%s", p.label.c_str());
                ImGui::SameLine();
                ImGui::TextUnformatted(netNumber(p.value).c_str());
            }
            ImGui::EndTable();
        }
        small(false);
    }
    const bool agrees = std::fabs(a.total - a.shown) <= 1e-4 * std::max(1.0, std::fabs(a.shown));
    colouredText(agrees ? pal.good_text : pal.error_text, "%s = %s; the map shows %s",
                 a.parts.size() > 5 ? "the sum of these" : "result", netNumber(a.total).c_str(), netNumber(a.shown).c_str());
    // The note when there is room (it is the title's tooltip too).
    small(true);
    const float note_h = ImGui::CalcTextSize(a.note.c_str(), nullptr, false, ImGui::GetContentRegionAvail().x).y;
    small(false);
    if (!a.note.empty() && ImGui::GetContentRegionAvail().y >= note_h) {
        small(true);
        mutedText(a.note);
        small(false);
    }
}

}  // namespace cs
