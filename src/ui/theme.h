#pragma once
// Colours. Two themes (dark for a dim room, light for a bright projector);
// every view takes its colours from palette(), never hard-codes them, so a
// theme switch recolours everything.
#include <imgui.h>

namespace cs {

struct Palette {
    ImU32 cell_fill, cell_text, grid_line;
    ImU32 padding_fill, padding_text, padding_hatch;  // cells that are padding
    ImU32 window_line, window_fill;                    // the current window
    ImU32 hover_line, hover_fill;                      // a previewed window
    ImU32 feed_line;                                   // outputs fed by the hovered input cell
    ImU32 kernel_fill, kernel_text;
    ImU32 flipped_fill;
    ImU32 output_fill, output_text, output_empty;
    ImU32 current_line;                                // the output cell being computed
    ImU32 zero_text;                                   // terms that contribute nothing
    ImU32 picked_fill, picked_text;                    // max pooling's choice
    ImU32 source_line;                                 // arrow from a padded cell to its source
    ImU32 error_text, good_text, muted_text, accent_text, heading_text;
};

void applyTheme(bool dark, float scale = 1.f);  // ImGui style (sizes scaled) + palette
const Palette& palette();

}  // namespace cs
