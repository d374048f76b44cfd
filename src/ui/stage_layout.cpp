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

namespace {
int across(const StageLayoutShape& s) { return std::clamp(s.outputs_across, 1, std::max(s.outputs, 1)); }
int channelsAcross(const StageLayoutShape& s) { return std::clamp(s.channels_across, 1, std::max(s.channels, 1)); }
}  // namespace

float StageLayout::channelX(int c, float x_pad) const {
    return x_pad + static_cast<float>(c % channelsAcross(shape)) * (w_pad + gap);
}

float StageLayout::channelY(int c, float top) const {
    return top + static_cast<float>(c / channelsAcross(shape)) * (label_h + row_h + row_gap);
}

float StageLayout::kernelX(float x_pad) const {
    return x_pad + static_cast<float>(channelsAcross(shape)) * (w_pad + gap);
}

float StageLayout::outputX(int o, float x_out) const {
    const float block = w_out + (shape.output_columns > 1 ? gap + w_out2 : 0.f);
    return x_out + static_cast<float>(o % across(shape)) * (block + gap);
}

float StageLayout::outLabelH() const {
    return label_h + static_cast<float>(std::max(shape.out_title_lines, 1) - 1) * title_px * 1.2f;
}

float StageLayout::outputY(int o, float top) const {
    return top + static_cast<float>(o / across(shape)) * (outLabelH() + static_cast<float>(shape.out_h) * cell + row_gap);
}

void StageLayout::finish() {
    // The output maps: `a` to a row (each with its compare map beside it), `rows` of them.
    const int a = across(shape);
    const float out_rows = static_cast<float>((std::max(shape.outputs, 1) + a - 1) / a);
    const int ca = channelsAcross(shape);
    width = static_cast<float>(ca) * (w_pad + gap) + static_cast<float>(a) * w_out;
    // Each filter's kernel (and flipped kernel) columns, one block per filter.
    const float filters = static_cast<float>(std::max(shape.filters, 1));
    if (shape.kernel_columns > 0) width += filters * (w_kernel + gap);
    if (shape.kernel_columns > 1) width += filters * (w_flip + gap);
    if (shape.output_columns > 1) width += static_cast<float>(a) * (w_out2 + gap);
    width += static_cast<float>(a - 1) * gap;
    const float channels = static_cast<float>((std::max(shape.channels, 1) + ca - 1) / ca);  // rows of channels
    const float left = channels * (label_h + row_h) + (channels - 1.f) * row_gap;
    const float right = out_rows * (outLabelH() + static_cast<float>(shape.out_h) * cell) + (out_rows - 1.f) * row_gap;
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
