#pragma once
// The stage's geometry at one cell size, and the largest cell whose layout
// fits a panel: the columns (padded input | kernel [| flipped kernel] |
// output), each as wide as its grid or its title, the rows of channels and
// of output maps. Titles scale with the cell (within the text scale's
// bounds), so a projector-sized stage has projector-sized labels.
//
//   StageLayout L = fitStageLayout([&](float cell) { ...measure titles... }, w, h, max_cell);
//   Grid{origin, L.cell, rows, cols}
//   L.outputAt(o, x_out, top)  // output map o's top-left (its title's)
#include <functional>

namespace cs {

struct StageLayoutShape {
    int padded_h = 1, padded_w = 1;  // the padded input
    int kernel_h = 0, kernel_w = 0;  // 0 x 0: no kernel column (global pooling)
    int out_h = 1, out_w = 1;
    int channels = 1, outputs = 1;
    int kernel_columns = 1;  // 0 (global pooling), 1, or 2 (the flipped kernel beside it)
    bool flip_note = false;  // two lines under the kernels ("rotated 180°", "unchanged by a 180° turn")
    int output_columns = 1;  // 2: correlation beside convolution (the compare toggle)
    int filters = 1;         // kernel columns side by side: every filter's slices (multi-channel correlation)
    bool caption = false;    // one line over the whole stage (groups: which channels the filter sees)
    int outputs_across = 1;  // output maps side by side in a row, the rest in rows below (a wide, low panel)
    int channels_across = 1; // input channels side by side (pooling: one window column, after them all)
    int out_title_lines = 1; // 2: an output's title on two lines (its bias under it), for a narrower column
};

struct StageLayout {
    StageLayoutShape shape;
    float cell = 0, title_px = 0, label_h = 0, gap = 0, row_gap = 0;
    float row_h = 0;  // one input channel's row below its title
    // Column widths: the grids' at first; the caller widens them to their titles, then calls finish().
    float w_pad = 0, w_kernel = 0, w_flip = 0, w_out = 0, w_out2 = 0;  // w_out2: the second output column
    float w_caption = 0;          // the caption line's width (shape.caption)
    float width = 0, height = 0;  // the whole stage, after finish()
    void finish();
    // Output map o's top-left (its title's), the output part starting at (x_out, top):
    // shape.outputs_across maps to a row, each with its compare map beside it.
    float outputX(int o, float x_out) const;
    float outputY(int o, float top) const;
    float outLabelH() const;  // an output title's height: label_h, or more for two lines
    // Input channel c's top-left (its title's), shape.channels_across to a row; kernelX: the kernel columns' left.
    float channelX(int c, float x_pad) const;
    float channelY(int c, float top) const;
    float kernelX(float x_pad) const;
};

// Grid widths at `cell`; titles at `cell` x 0.3 within [0.8, 2] x font_px (at least 12 px), so a
// projector reads them as it reads the panels.
StageLayout stageLayoutAt(const StageLayoutShape& shape, float cell, float font_px);

// The largest whole-pixel cell in [kMinStageCell, max_cell] whose finished
// layout (from `measure`) fits w x h; the smallest when none fits (the panel
// then scrolls).
constexpr float kMinStageCell = 12.f;
// The cell a class reads from the back of the room (a 1280x720 projector):
// the matrix page gives the stage the room for it before the step text.
constexpr float kReadableStageCell = 34.f;
StageLayout fitStageLayout(const std::function<StageLayout(float)>& measure, float w, float h, float max_cell);

}  // namespace cs
