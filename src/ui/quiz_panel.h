#pragma once
// The Quiz tab of the matrix page: quiz mode on/off (a lesson setting),
// "predict the next cell" and the output-size question, and the session's
// score. The panel edits the lesson (quiz mode) and files requests in
// QuizPanelState (an answer typed, a new question); the page glue
// (app/page_matrices.cpp) carries them out with core/quiz.h, and keeps the
// stepper from showing a cell before it is predicted.
#include <cstdint>
#include <string>

#include "core/layers_lesson.h"
#include "core/lesson.h"
#include "core/lesson_view.h"
#include "core/quiz.h"

namespace cs {

struct QuizPanelState {
    QuizScore score;  // the session's, both quizzes
    CellQuiz cell;    // the lesson on show
    std::uint64_t lesson_revision = ~std::uint64_t{0};  // the view revision `cell` belongs to

    // Requests for the glue, handled in the page's update.
    double typed = 0.0;
    bool submit = false;   // diagnose `typed` for the next cell
    bool give_up = false;  // reveal it without an answer
    bool restart = false;  // back to the first step

    SizeQuestion size;
    bool has_size = false, size_pooling = false, size_answered = false;
    int size_h = 1, size_w = 1;
    bool size_new = false, size_submit = false;
    std::uint32_t size_seed = 1;
    SizeAnswer size_answer;
};

void drawQuizPanel(Lesson& lesson, const LessonView& view, QuizPanelState& state);

// The Layers page's Quiz tab: quiz mode (saved with the layers lesson) and
// "predict the next element" of the shown stage. The score is the session's,
// shared with the matrix page (UiState::quiz.score); app/page_layers.cpp
// carries out the requests and keeps the stage's stepper at the last element
// revealed.
struct LayersQuizState {
    CellQuiz cell;  // the shown stage
    std::uint64_t revision = ~std::uint64_t{0};  // the lesson revision `cell` belongs to
    bool was_on = false;                         // quiz mode last frame (turned on: the Quiz tab is selected)
    double typed = 0.0;
    bool submit = false, give_up = false, restart = false;
};
// `question` names the element asked ("output (1, 2)"; "" when every one is
// revealed), `step` is its step number as the playback bar counts (1-based).
void drawLayersQuizPanel(LayersLesson& lesson, const std::string& question, std::size_t step, LayersQuizState& q,
                         const QuizScore& score);

}  // namespace cs
