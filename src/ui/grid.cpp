#include "ui/grid.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "ui/fonts.h"

namespace cs {

bool Grid::hit(ImVec2 p, int& y, int& x) const {
    if (p.x < origin.x || p.y < origin.y) return false;
    const int cx = static_cast<int>((p.x - origin.x) / cell), cy = static_cast<int>((p.y - origin.y) / cell);
    if (cx < 0 || cy < 0 || cx >= cols || cy >= rows) return false;
    y = cy;
    x = cx;
    return true;
}

void drawCell(ImDrawList* dl, const Grid& g, int y, int x, const CellLook& look) {
    const ImVec2 a = g.cellMin(y, x);
    const ImVec2 b(a.x + g.cell, a.y + g.cell);
    if (look.fill) dl->AddRectFilled(a, b, look.fill);
    if (look.hatched) {
        // Diagonal stripes, clipped to the cell.
        dl->PushClipRect(a, b, true);
        const float step = std::max(6.f, g.cell / 5.f);
        for (float t = -g.cell; t < g.cell; t += step)
            dl->AddLine(ImVec2(a.x + t, b.y), ImVec2(a.x + t + g.cell, a.y), look.hatch_color, 1.f);
        dl->PopClipRect();
    }
    if (!look.text.empty()) {
        // A corner label takes a band of the cell: the number is a little
        // smaller and moves away from it.
        const bool labelled = !look.corner.empty() || look.top_label;
        float size = g.cell * kCellTextShare * (labelled ? 0.78f : 1.f);
        ImFont* font = fontForPixels(size, look.bold);
        ImVec2 ts = font->CalcTextSizeA(size, FLT_MAX, 0.f, look.text.c_str());
        const float room = g.cell * (labelled ? 0.84f : 0.9f);
        if (ts.x > room) {  // long numbers ("-12.5", "0.333") shrink to fit the cell's width
            size *= room / ts.x;
            ts = font->CalcTextSizeA(size, FLT_MAX, 0.f, look.text.c_str());
        }
        const float shift = look.top_label ? g.cell * 0.14f : (look.corner.empty() ? 0.f : -g.cell * 0.12f);
        dl->AddText(font, size, ImVec2(a.x + (g.cell - ts.x) * 0.5f, a.y + (g.cell - ts.y) * 0.5f + shift),
                    look.text_color, look.text.c_str());
    }
    if (!look.corner.empty()) {
        float size = cornerTextSize(g);
        ImFont* font = fontForPixels(size, false);
        ImVec2 ts = font->CalcTextSizeA(size, FLT_MAX, 0.f, look.corner.c_str());
        if (ts.x > g.cell * 0.88f) {  // a long label ("12,10") shrinks to the cell's width
            size *= g.cell * 0.88f / ts.x;
            ts = font->CalcTextSizeA(size, FLT_MAX, 0.f, look.corner.c_str());
        }
        dl->AddText(font, size, ImVec2(b.x - ts.x - g.cell * 0.06f, b.y - ts.y - g.cell * 0.02f), look.corner_color,
                    look.corner.c_str());
    }
}

void drawGridLines(ImDrawList* dl, const Grid& g, ImU32 color) {
    const ImVec2 s = g.size();
    for (int y = 1; y < g.rows; ++y) {
        const float py = g.origin.y + g.cell * static_cast<float>(y);
        dl->AddLine(ImVec2(g.origin.x, py), ImVec2(g.origin.x + s.x, py), color, 1.f);
    }
    for (int x = 1; x < g.cols; ++x) {
        const float px = g.origin.x + g.cell * static_cast<float>(x);
        dl->AddLine(ImVec2(px, g.origin.y), ImVec2(px, g.origin.y + s.y), color, 1.f);
    }
    dl->AddRect(g.origin, ImVec2(g.origin.x + s.x, g.origin.y + s.y), color, 0.f, 0, 2.f);
}

void outlineCells(ImDrawList* dl, const Grid& g, int y0, int x0, int y1, int x1, ImU32 color, float thickness,
                  float inset) {
    const ImVec2 a = g.cellMin(y0, x0);
    const ImVec2 b = g.cellMin(y1 + 1, x1 + 1);
    dl->AddRect(ImVec2(a.x + inset, a.y + inset), ImVec2(b.x - inset, b.y - inset), color, 3.f, 0, thickness);
}

void fillCells(ImDrawList* dl, const Grid& g, int y0, int x0, int y1, int x1, ImU32 color) {
    dl->AddRectFilled(g.cellMin(y0, x0), g.cellMin(y1 + 1, x1 + 1), color);
}

void outlineCellsAt(ImDrawList* dl, const Grid& g, float y0, float x0, float y1, float x1, ImU32 color, float thickness,
                    float inset) {
    const ImVec2 a = g.pointAt(y0, x0);
    const ImVec2 b = g.pointAt(y1 + 1.f, x1 + 1.f);
    dl->AddRect(ImVec2(a.x + inset, a.y + inset), ImVec2(b.x - inset, b.y - inset), color, 3.f, 0, thickness);
}

void fillCellsAt(ImDrawList* dl, const Grid& g, float y0, float x0, float y1, float x1, ImU32 color) {
    dl->AddRectFilled(g.pointAt(y0, x0), g.pointAt(y1 + 1.f, x1 + 1.f), color);
}

ImU32 fadedColor(ImU32 color, float alpha) {
    const float a = static_cast<float>((color >> IM_COL32_A_SHIFT) & 0xFF) * std::clamp(alpha, 0.f, 1.f);
    return (color & ~IM_COL32_A_MASK) | (static_cast<ImU32>(a + 0.5f) << IM_COL32_A_SHIFT);
}

ImU32 mixColor(ImU32 a, ImU32 b, float t) {
    t = std::clamp(t, 0.f, 1.f);
    ImU32 out = 0;
    for (int shift = 0; shift < 32; shift += 8) {
        const float ca = static_cast<float>((a >> shift) & 0xFF), cb = static_cast<float>((b >> shift) & 0xFF);
        out |= static_cast<ImU32>(ca + (cb - ca) * t + 0.5f) << shift;
    }
    return out;
}

void drawArrow(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 color, float thickness) {
    const float dx = b.x - a.x, dy = b.y - a.y;
    const float len = std::sqrt(dx * dx + dy * dy);
    if (len < 1.f) return;
    const float ux = dx / len, uy = dy / len;
    const float head = std::min(len * 0.5f, 6.f + thickness * 3.f);
    const ImVec2 base(b.x - ux * head, b.y - uy * head);
    dl->AddLine(a, base, color, thickness);
    dl->AddTriangleFilled(b, ImVec2(base.x - uy * head * 0.5f, base.y + ux * head * 0.5f),
                          ImVec2(base.x + uy * head * 0.5f, base.y - ux * head * 0.5f), color);
}

std::string cellText(float v) {
    if (std::isinf(v)) return std::string(v < 0 ? minusSign() : "") + infinitySign();
    if (std::isnan(v)) return "?";
    if (v == std::round(v) && std::fabs(v) < 1e7f) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.0f", static_cast<double>(v) == 0.0 ? 0.0 : static_cast<double>(v));
        std::string s = buf;
        if (s[0] == '-') s = minusSign() + s.substr(1);
        return s;
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3f", static_cast<double>(v));
    std::string s = buf;
    while (!s.empty() && s.back() == '0') s.pop_back();
    if (!s.empty() && s.back() == '.') s.pop_back();
    if (s == "-0") s = "0";
    if (s[0] == '-') s = minusSign() + s.substr(1);
    return s;
}

void drawLabel(ImDrawList* dl, ImVec2 at, const std::string& text, ImU32 color, float size) {
    if (size <= 0.f) size = uiFonts().regular->FontSize;
    dl->AddText(fontForPixels(size, false), size, at, color, text.c_str());
}

float labelWidth(const std::string& text, float size) {
    if (size <= 0.f) size = uiFonts().regular->FontSize;
    return fontForPixels(size, false)->CalcTextSizeA(size, FLT_MAX, 0.f, text.c_str()).x;
}

ImFont* fontForPixels(float px, bool bold) {
    const UiFonts& f = uiFonts();
    // Up to 15% larger than baked looks the same; beyond, the next font.
    const float fits = px / 1.15f;
    if (!bold) {
        if (f.small->FontSize >= fits) return f.small;
        if (f.regular->FontSize >= fits) return f.regular;
    }
    if (f.large->FontSize >= fits || f.cells == nullptr) return f.large;
    return f.cells;
}

float cornerTextSize(const Grid& g) {
    const float floor_px = uiFonts().size * kMinCornerTextShare;
    return std::min(std::max(g.cell * kCornerTextShare, floor_px), g.cell * kMaxCornerCellShare);
}

}  // namespace cs
