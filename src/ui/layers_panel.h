#pragma once
// The Layers page's panels (document core/layers_lesson.h, view
// core/layers_view.h): the edit column changes the document, the others draw
// the view; none computes.
//   - drawLayersEditPanel: the lesson chooser and the open lesson's editors
//     (inputs and weights with the matrix page's editor, batch and channel
//     counts, train/eval, momentum, eps, dims).
//   - drawPipelineBar: the pipeline's stages as buttons with the shapes
//     between them ("1x6x6 -> conv 2x1x3x3 -> 2x4x4 -> ...").
//   - drawLayersStage: the shown layer stage at the current step (ReLU's
//     zeroed cells, batch norm's maps and statistics, flatten's cells
//     travelling into the vector, softmax's bars, linear's weighted sums).
//   - drawLayersStepPanel: the current step's arithmetic with its numbers.
// The Quiz tab beside the step panel is ui/quiz_panel.h drawLayersQuizPanel.
#include "core/layers_lesson.h"
#include "core/layers_view.h"
#include "ui/code_panel.h"
#include "ui/ui_state.h"

namespace cs {

struct LayersUiState {
    int edit_map = 0;      // batch norm: which map of the batch is edited
    int edit_channel = 0;  // batch norm, flatten: which channel
    int edit_filter = 0;   // the pipeline's conv: which filter
    std::string load;      // a built-in layers lesson or a lesson file to open, carried out by the page
    // Over unsaved edits of the layers lesson a load waits here for the
    // "Unsaved edits" question (App::answerUnsavedQuestion); `discard_edits`:
    // the next `load` was answered (or asked already) and drops them.
    std::string pending_load;
    bool discard_edits = false;
    std::string ask_open;  // --ask-open: edit, then ask to open this (the page's first update)
    bool want_undo = false, want_redo = false;  // the Undo / Redo buttons, carried out by the page
    CodePanelState code;   // the Code tab beside the step panel
    bool show_code = false;  // --panel code: select the Code tab once
    bool show_quiz = false;  // --panel quiz, or quiz mode turned on: select the Quiz tab once
    LayersQuizState quiz;    // the Quiz tab (ui/quiz_panel.h)
    // A window stage's step text last frame (pixels; 0: not drawn yet): where
    // it starts in its pane (under the tab bar), its answer's height
    // (drawStepPanel's return) and its whole height, so a pane too low for it
    // is cut at a line's end.
    float step_top = 0.f, step_answer_h = 0.f, step_content_h = 0.f;
};

// `can_undo` / `can_redo` enable the Undo and Redo buttons at its top.
void drawLayersEditPanel(LayersLesson& lesson, const LayersView& view, bool can_undo, bool can_redo, LayersUiState& lui,
                         UiState& ui);
// How the bar is drawn in a panel `width` wide and at most `max_h` high: its
// text scale (1, or down to pipelineBarMinScale() when every stage would not
// show at full size, the vertical padding then tightened too) and the height
// it takes so.
struct PipelineBarFit {
    float scale = 1.f;
    float height = 0.f;
    bool whole = true;  // false: even at the smallest scale it scrolls
};
// The smallest scale: the 100% text size (20 px), within 0.6 to 0.75 of the
// current font.
float pipelineBarMinScale();
PipelineBarFit pipelineBarFit(const LayersView& view, float width, float max_h);
// Around the bar's panel (its Begin and End): the fit's padding.
void pushPipelineBarStyle(const PipelineBarFit& fit);
void popPipelineBarStyle();
// `scale`: the fit's. The stages wrap at the panel's width.
void drawPipelineBar(LayersLesson& lesson, const LayersView& view, float scale);
// `quiz`: quiz mode, which also hides what would give the next element away
// (softmax: the exps of the probabilities not yet revealed).
void drawLayersStage(LayersView& view, bool quiz);
void drawLayersStepPanel(const LayersView& view, bool quiz);

}  // namespace cs
