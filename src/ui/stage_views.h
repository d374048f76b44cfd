#pragma once
// The stage: the views of one step drawn side by side, as a teacher would on
// a board: the padded input with the window, the kernel (and, for true
// convolution, the flipped kernel beside it), and the output filling in.
// drawStagePanel lays them out; the views below draw one part each.
#include <imgui.h>

#include <string>
#include <vector>

#include "core/lesson.h"
#include "core/lesson_view.h"
#include "core/step_motion.h"
#include "ui/grid.h"
#include "ui/ui_state.h"

namespace cs {

// Shared by the views of one frame.
struct StageContext {
    const LessonView& view;
    const ViewOptions& options;
    UiState& ui;
    ImDrawList* dl;
    const Trace& trace;
    const TraceStep* step;      // the current step (never null while drawing)
    const TraceStep* preview;   // the step of the hovered output cell, or null
    std::vector<char> fed;      // per step: 1 when it reads the hovered padded cell
    bool anyFed = false;
    // Between steps (core/step_motion.h): where the window and the output cell
    // are drawn, and which cells fade. Only when it glides to the step on show.
    GlidePose glide;
    bool gliding = false;
};

// The stage in the current window. Clicking an output cell seeks the stepper.
// `glide`: the frame of the page's StepMotion (settled: the step as it is).
// With view.hasCompare() the other operation's output stands beside this one.
void drawStagePanel(LessonView& view, const ViewOptions& options, UiState& ui, const GlidePose& glide = {});

// Padded input of channel c at `grid` (grid.rows/cols = padded size).
void drawPaddedInput(StageContext& ctx, const Grid& grid, int c);
// Kernel slice (rows x cols values starting at `offset` in `kernel`), shaded
// as a kernel; zero weights greyed.
void drawKernel(StageContext& ctx, const Grid& grid, const Tensor& kernel, std::size_t offset, ImU32 fill);
// Pooling: the values of the current window, the chosen one marked (max).
void drawPoolWindow(StageContext& ctx, const Grid& grid);
// Output map o, filled up to the current step; publishes hover, seeks on click.
// `compare`: the map of view.compareResult() (correlation beside convolution).
void drawOutputMap(StageContext& ctx, LessonView& view, const Grid& grid, int o, bool compare = false);

// Tooltip text helpers.
std::string cellName(int y, int x);  // "(1, 2)"

}  // namespace cs
