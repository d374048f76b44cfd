#pragma once
// Template part of ui/image_view.h.
#include <algorithm>
#include <cmath>

#include "ui/fonts.h"

namespace cs {

template <class ValueFn, class LumFn>
void drawCellValues(ImDrawList* dl, const LabViewport& vp, int cols, int rows, float scale_x, float scale_y,
                    ValueFn value, LumFn lum) {
    const float cw = vp.zoom * scale_x, ch = vp.zoom * scale_y;
    ImFont* font = uiFonts().small ? uiFonts().small : ImGui::GetFont();
    const float fs = std::min(font->FontSize, ch * 0.42f);
    if (cw < fs * 1.6f || fs < 6.f) return;
    const ImVec2 a = vp.toImage(vp.pos);
    const ImVec2 b = vp.toImage(ImVec2(vp.pos.x + vp.size.x, vp.pos.y + vp.size.y));
    const int x0 = std::max(0, static_cast<int>(std::floor(a.x / scale_x)));
    const int y0 = std::max(0, static_cast<int>(std::floor(a.y / scale_y)));
    const int x1 = std::min(cols - 1, static_cast<int>(std::floor(b.x / scale_x)));
    const int y1 = std::min(rows - 1, static_cast<int>(std::floor(b.y / scale_y)));
    dl->PushClipRect(vp.pos, ImVec2(vp.pos.x + vp.size.x, vp.pos.y + vp.size.y), true);
    char buf[32];
    for (int y = y0; y <= y1; ++y)
        for (int x = x0; x <= x1; ++x) {
            formatPixelValue(value(x, y), buf, sizeof buf);
            ImVec2 ts = font->CalcTextSizeA(fs, 1e9f, 0.f, buf);
            float f = fs;
            if (ts.x > cw * 0.92f) {  // shrink long numbers to fit the cell
                f = fs * cw * 0.92f / ts.x;
                ts = font->CalcTextSizeA(f, 1e9f, 0.f, buf);
            }
            const ImVec2 c = vp.toScreen((static_cast<float>(x) + 0.5f) * scale_x, (static_cast<float>(y) + 0.5f) * scale_y);
            const ImU32 col = lum(x, y) > 140.f ? IM_COL32(0, 0, 0, 255) : IM_COL32(255, 255, 255, 255);
            dl->AddText(font, f, ImVec2(c.x - ts.x * 0.5f, c.y - ts.y * 0.5f), col, buf);
        }
    dl->PopClipRect();
}

}  // namespace cs
