#pragma once
// The quiz (issue 14): "predict the next cell" on the matrix and Layers
// pages, and the output-size question. No GL, no ImGui: the panel (ui/quiz_panel) asks and
// shows; everything it says comes from here.
//
// Predict the next cell: the student types the value of output step i (the
// one after the step on show). A right answer reveals it; a wrong one is
// diagnosed by recomputing the usual mistakes for that cell and naming the
// first that gives the typed value:
//   the window's plain sum (weights ignored: the seed's own slip, 3 for 2 at
//   step 2, "you counted the zero row"), the kernel not flipped for
//   convolution / flipped for cross-correlation, padding forgotten, the window
//   one cell off, the wrong pooling rule (average for max, no division, ...).
// Otherwise the diagnosis shows the products.
//
//   const Trace trace = buildTrace(defaultLesson().request);
//   CellDiagnosis d = diagnoseCell(defaultLesson().request, trace, 1, 3.f);
//   d.mistake == Mistake::PlainSum;  d.message: "You counted the zero row: ..."
//
// The output-size question: random n, k, padding, stride, dilation (and
// ceil_mode for pooling) that give a valid size; checkSizeAnswer says right
// or wrong and always shows PyTorch's formula with the numbers put in and
// what floor (or ceil) dropped.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/op_params.h"
#include "core/output_size.h"
#include "core/trace.h"

namespace cs {

enum class Mistake {
    None,              // the answer is right
    PlainSum,          // the window's values added, weights ignored
    KernelNotFlipped,  // conv2d computed as cross-correlation
    KernelFlipped,     // xcorr2d computed with the flipped kernel
    PaddingForgotten,  // the window placed on the unpadded input
    WindowOffByOne,    // the window one cell up, down, left or right
    WrongPoolingRule,  // another pooling's rule (average for max, the sum, no root ...)
    // Layer ops (core/layer_quiz.cpp):
    KeptNegative,               // relu: a negative passed on
    ZeroedPositive,             // relu: a positive zeroed
    SoftmaxLogit,               // softmax: the logit itself
    SoftmaxNoExp,               // softmax: x / the sum of the logits (the exp forgotten)
    SoftmaxNoDivide,            // softmax: exp(x - max) (or exp(x)) not divided by the sum
    SoftmaxWrongSum,            // softmax: divided by another sum (itself left out, the whole tensor, another dim)
    BatchNormUnbiasedVariance,  // batchnorm2d (training): normalised with the n - 1 variance
    BatchNormNoEps,             // batchnorm2d: sqrt(var) without eps
    BatchNormNoAffine,          // batchnorm2d: weight and/or bias left out
    BatchNormWrongStatistics,   // batchnorm2d: the batch's in eval, the running ones in training
    BatchNormNoRoot,            // batchnorm2d: divided by var + eps, or not divided at all
    LinearNoBias,               // linear: the dot product without b[o]
    LinearWrongRow,             // linear: x dotted with another row (or the column) of W
    FlattenOrderSwapped,        // flatten: rows and columns (or channels) in the other order
    Unknown,                    // none of the above: the products are shown
};

struct CellDiagnosis {
    bool right = false;
    Mistake mistake = Mistake::Unknown;
    float expected = 0.f;  // the cell's value
    std::string message;   // what the student reads (right: a short confirmation)
    std::string products;  // "0×1 + 1×0 + ... = 2": the step's arithmetic
};

// True when a typed answer means `value`: within 0.005 (two decimals typed)
// or 1e-4 relative, and infinities equal.
bool answerMatches(double answer, double value);

// Diagnoses `answer` for trace.steps[step] of `request` (the request the
// trace was built from). Never throws; a step out of range gives Unknown.
// A layer op (relu, softmax, batchnorm2d, linear, flatten) goes to
// diagnoseLayerCell.
CellDiagnosis diagnoseCell(const OpRequest& request, const Trace& trace, std::size_t step, double answer);

// The Layers page's quiz (core/layer_quiz.cpp): the layer op's usual mistakes,
// recomputed for the element asked:
//   relu        kept a negative, zeroed a positive
//   softmax     the logit itself, x / sum of the logits (no exp), exp not
//               divided, divided by the wrong sum (itself left out, the whole
//               tensor's, the exps of unshifted logits); forgetting to
//               subtract the max is harmless (the same quotient), so never a mistake
//   batchnorm2d the unbiased variance, eps forgotten, weight / bias left out,
//               the batch's statistics in eval or the running ones in
//               training, var + eps without the root, no division
//   linear      the bias forgotten, another row of W dotted (or the column)
//   flatten     rows and columns swapped, channels last, column-major order
// Otherwise the diagnosis shows the step's arithmetic (core/layer_trace.h layerFormula).
//
//   OpRequest relu = builtinLayersLesson("relu")->stages[0];   // input 1, -2, 3, ...
//   diagnoseLayerCell(relu, buildTrace(relu), 1, -2).mistake == Mistake::KeptNegative
CellDiagnosis diagnoseLayerCell(const OpRequest& request, const Trace& trace, std::size_t step, double answer);

// The cell a question asks for, named for the student: "output (0, 2, 1)"
// (a layer op: its index in the output's shape; a window op: channel, row,
// column; 1-D: "output 3").
std::string quizCellName(const OpRequest& request, const Trace& trace, std::size_t step);

// A session score for both quizzes together.
struct QuizScore {
    int asked = 0, right = 0;
    void add(bool was_right) {
        ++asked;
        if (was_right) ++right;
    }
};

// The cell quiz's state for the lesson on show: which steps may be seen.
struct CellQuiz {
    std::size_t revealed = 0;      // steps [0, revealed] may be shown; the question is step revealed + 1
    bool tried_current = false;    // the current question already has an answer (counted once)
    CellDiagnosis last;            // the latest answer's diagnosis
    bool has_last = false;

    // A new lesson (or an edit): back to the first step; the score stays.
    void restart();
    // Records an answer to the current question in `score` (its first answer
    // only); a right one reveals the step.
    void record(const CellDiagnosis& d, QuizScore& score);
    // Reveals the step without an answer (counted wrong if not yet answered).
    void giveUp(QuizScore& score);
};

struct SizeQuestion {
    bool pooling = false;  // ask about a pooling window (ceil_mode may be on)
    AxisSize rows, cols;   // the answer, with the formula
};

// A valid random question (out >= 1 on both axes) from `seed`: n in [3, 12],
// k in [1, 5] (at most n), padding in [0, 2] (pooling: at most k / 2),
// stride 1 to 3, dilation 1 to 2 (pooling: 1), ceil_mode for pooling half
// the time.
SizeQuestion makeSizeQuestion(std::uint32_t seed, bool pooling);

struct SizeAnswer {
    bool right = false;
    std::string message;      // "Right: 3 x 2." / "Not 4 x 2: the rows give 3."
    std::string rows_formula, cols_formula;        // AxisSize::formula()
    std::string rows_explained, cols_explained;    // what floor dropped
};
SizeAnswer checkSizeAnswer(const SizeQuestion& q, int h, int w);

}  // namespace cs
