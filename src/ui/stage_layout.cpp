#include "ui/stage_layout.h"

#include <algorithm>
#include <cmath>

namespace cs {

StageLayout stageLayoutAt(const StageLayoutShape& s, float cell, float font_px) {
    StageLayout L;
    L.shape = s;
    L.cell = cell;
    L.title_px = std::clamp(cell * 0.3f, std::max(font_px * 0.8f, 12.f), font_px * 2.f);
    L.label_h = L.title_px * 1.7f;
    L.gap = cell * 1.2f;
    L.row_gap = cell * 0.6f;
    const float f = static_cast<float>(std::max(s.padded_h, s.kernel_h)) * cell;
    L.row_h = s.flip_note ? std::max(f, static_cast<float>(s.kernel_h) * cell + L.title_px * 2.7f) : f;
    L.w_pad = static_cast<float>(s.padded_w) * cell;
    L.w_kernel = s.kernel_columns > 0 ? static_cast<float>(s.kernel_w) * cell : 0.f;
    L.w_flip = s.kernel_columns > 1 ? static_cast<float>(s.kernel_w) * cell : 0.f;
    L.w_out = static_cast<float>(s.out_w) * cell;
    L.w_out2 = s.output_columns > 1 ? L.w_out : 0.f;
    return L;
}

void StageLayout::finish() {
    width = w_pad + gap + w_out;
    // Each filter's kernel (and flipped kernel) columns, one block per filter.
    const float filters = static_cast<float>(std::max(shape.filters, 1));
    if (shape.kernel_columns > 0) width += filters * (w_kernel + gap);
    if (shape.kernel_columns > 1) width += filters * (w_flip + gap);
    if (shape.output_columns > 1) width += w_out2 + gap;
    const float channels = static_cast<float>(std::max(shape.channels, 1));
    const float outputs = static_cast<float>(std::max(shape.outputs, 1));
    const float left = channels * (label_h + row_h) + (channels - 1.f) * row_gap;
    const float right = outputs * (label_h + static_cast<float>(shape.out_h) * cell) + (outputs - 1.f) * row_gap;
    height = std::max(left, right);
    if (shape.caption) {
        height += label_h;
        width = std::max(width, w_caption);
    }
}

StageLayout fitStageLayout(const std::function<StageLayout(float)>& measure, float w, float h, float max_cell) {
    auto fits = [&](const StageLayout& L) { return L.width <= w && L.height <= h; };
    int lo = static_cast<int>(kMinStageCell), hi = std::max(lo, static_cast<int>(std::floor(max_cell)));
    StageLayout best = measure(static_cast<float>(lo));
    if (!fits(best)) return best;
    // Every size grows with the cell, so the fit is a bisection.
    while (lo < hi) {
        const int mid = lo + (hi - lo + 1) / 2;
        StageLayout L = measure(static_cast<float>(mid));
        if (fits(L)) {
            lo = mid;
            best = L;
        } else {
            hi = mid - 1;
        }
    }
    return best;
}

}  // namespace cs
