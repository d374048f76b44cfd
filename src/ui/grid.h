#pragma once
// Drawing matrices as grids of numbered cells with ImDrawList, the building
// block of every stage view (padded input, kernels, output).
//   Grid g{origin, 48.f, 4, 4};
//   CellLook look; look.text = "1"; drawCell(dl, g, 0, 0, look);
//   int y, x; if (g.hit(ImGui::GetMousePos(), y, x)) { ... }
#include <imgui.h>

#include <string>

namespace cs {

struct Grid {
    ImVec2 origin{0, 0};
    float cell = 40.f;
    int rows = 1, cols = 1;

    ImVec2 size() const { return ImVec2(cell * static_cast<float>(cols), cell * static_cast<float>(rows)); }
    ImVec2 cellMin(int y, int x) const {
        return ImVec2(origin.x + cell * static_cast<float>(x), origin.y + cell * static_cast<float>(y));
    }
    // The corner of a fractional cell position (a window on its way between
    // steps); at whole numbers exactly cellMin.
    ImVec2 pointAt(float y, float x) const { return ImVec2(origin.x + cell * x, origin.y + cell * y); }
    ImVec2 cellCenter(int y, int x) const {
        const ImVec2 m = cellMin(y, x);
        return ImVec2(m.x + cell * 0.5f, m.y + cell * 0.5f);
    }
    bool hit(ImVec2 p, int& y, int& x) const;
};

struct CellLook {
    std::string text;
    ImU32 fill = 0;
    ImU32 text_color = 0;
    bool hatched = false;  // diagonal stripes: a padding cell
    ImU32 hatch_color = 0;
    std::string corner;    // small label at the bottom right (a weight, a source)
    ImU32 corner_color = 0;
    bool bold = true;      // the large font; false: regular
    bool top_label = false;  // a label is drawn over the top-left corner (a weight): the number moves down
};

void drawCell(ImDrawList* dl, const Grid& g, int y, int x, const CellLook& look);
// The grid lines and outer border of the whole grid.
void drawGridLines(ImDrawList* dl, const Grid& g, ImU32 color);
// A rectangle around cells [y0, y1] x [x0, x1] (inclusive), drawn inset by `inset` pixels.
void outlineCells(ImDrawList* dl, const Grid& g, int y0, int x0, int y1, int x1, ImU32 color, float thickness,
                  float inset = 0.f);
void fillCells(ImDrawList* dl, const Grid& g, int y0, int x0, int y1, int x1, ImU32 color);
// The same at fractional cells: what a glide draws between steps (ui/padded_view.cpp).
void outlineCellsAt(ImDrawList* dl, const Grid& g, float y0, float x0, float y1, float x1, ImU32 color, float thickness,
                    float inset = 0.f);
void fillCellsAt(ImDrawList* dl, const Grid& g, float y0, float x0, float y1, float x1, ImU32 color);
// `color` with its alpha scaled by `alpha` (0..1): a cell fading in or out.
ImU32 fadedColor(ImU32 color, float alpha);
// Between two colours: t = 0 gives a, 1 gives b.
ImU32 mixColor(ImU32 a, ImU32 b, float t);
// An arrow from a to b with a head at b.
void drawArrow(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 color, float thickness);

// Text of a value in a cell: integers plainly, others with up to 3 decimals
// ("0.333", "-1.5"), the infinity sign for -inf.
std::string cellText(float v);
// A label above a grid, in the regular font at `size` pixels (0: its own size).
void drawLabel(ImDrawList* dl, ImVec2 at, const std::string& text, ImU32 color, float size = 0.f);
// Its width at that size.
float labelWidth(const std::string& text, float size = 0.f);

// Text in cells scales with the cell, whatever the text scale: a number's
// font is kCellTextShare of the cell (ImGui's font size is DejaVu's ascent
// plus descent; its digits are 0.63 of it, so a digit is half the cell high,
// read from the back of a room), shrunk per cell to fit its width; a corner
// label (a weight, a padding source) kCornerTextShare (its digits about 28%
// of the cell), never under kMinCornerTextShare of the text size (15 px at
// 150%) nor over kMaxCornerCellShare of the cell.
constexpr float kCellTextShare = 0.8f;
constexpr float kCornerTextShare = 0.44f;
constexpr float kMinCornerTextShare = 0.5f;
constexpr float kMaxCornerCellShare = 0.5f;
ImFont* fontForPixels(float px, bool bold);
float cornerTextSize(const Grid& g);

}  // namespace cs
