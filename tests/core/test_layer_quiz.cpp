// The Layers page's quiz (core/quiz.h diagnoseLayerCell): for each layer op,
// each usual mistake recomputed for the element asked is named when it gives
// the typed value; a right answer is right; anything else shows the formula.
#include <gtest/gtest.h>

#include <cmath>

#include "core/layers_lesson.h"
#include "core/quiz.h"
#include "core/trace.h"

namespace cs {
namespace {

OpRequest lessonRequest(const char* name) { return builtinLayersLesson(name)->stages.front(); }

CellDiagnosis diagnose(const OpRequest& r, std::size_t step, double answer) {
    return diagnoseCell(r, buildTrace(r), step, answer);  // diagnoseCell hands layer ops over
}

void expectMistake(const OpRequest& r, std::size_t step, double answer, Mistake m, const char* words) {
    const CellDiagnosis d = diagnose(r, step, answer);
    EXPECT_FALSE(d.right) << answer;
    EXPECT_EQ(d.mistake, m) << "answer " << answer << ": " << d.message;
    EXPECT_NE(d.message.find(words), std::string::npos) << d.message;
    EXPECT_EQ(d.message.rfind("Not ", 0), 0u) << d.message;
}

// relu input 1, -2, 3, -1, ...: step 1 is max(-2, 0) = 0, step 2 is 3.
TEST(LayerQuiz, ReluKeptANegativeOrZeroedAPositive) {
    const OpRequest r = lessonRequest("relu");
    EXPECT_TRUE(diagnose(r, 1, 0).right);
    EXPECT_TRUE(diagnose(r, 2, 3).right);
    expectMistake(r, 1, -2, Mistake::KeptNegative, "passed the negative -2 on");
    expectMistake(r, 1, 2, Mistake::KeptNegative, "|x|");
    expectMistake(r, 2, 0, Mistake::ZeroedPositive, "zeroed a positive");
    const CellDiagnosis other = diagnose(r, 2, 5);
    EXPECT_EQ(other.mistake, Mistake::Unknown);
    EXPECT_NE(other.message.find("max(3, 0) = 3"), std::string::npos) << other.message;
}

// softmax [2, 1, 0.1, 3]: max 3, exps e^-1, e^-2, e^-2.9, 1 (sum 1.55824).
TEST(LayerQuiz, SoftmaxMistakes) {
    const OpRequest r = lessonRequest("softmax");
    EXPECT_TRUE(diagnose(r, 1, 0.0869).right);  // e^-2 / 1.55824 = 0.08685
    expectMistake(r, 1, 1, Mistake::SoftmaxLogit, "the logit itself");
    expectMistake(r, 1, 1 / 6.1, Mistake::SoftmaxNoExp, "forgot the exp");
    expectMistake(r, 1, 0.1353, Mistake::SoftmaxNoDivide, "before the division");
    expectMistake(r, 1, 2.718, Mistake::SoftmaxNoDivide, "exp(x) = ");
    expectMistake(r, 1, 0.1353 / (1.55824 - 0.1353), Mistake::SoftmaxWrongSum, "other exps only");
    expectMistake(r, 1, 2.71828 / 1.55824, Mistake::SoftmaxWrongSum, "in the sum only");
    expectMistake(r, 0, 1, Mistake::SoftmaxWrongSum, "along dim 0");  // the 1 x 4 logits' dim 0: one value each
}

TEST(LayerQuiz, SoftmaxWithoutTheMaxIsNotAMistake) {
    // exp(x) / sum exp(x) is the same quotient: it is right, never "forgot the max".
    const OpRequest r = lessonRequest("softmax");
    double sum = 0;
    for (float v : r.input.values()) sum += std::exp(static_cast<double>(v));
    EXPECT_TRUE(diagnose(r, 3, std::exp(3.0) / sum).right);
}

// batchnorm: channel 0 holds 1 2 3 2 2 3 1 2: mean 2, biased variance 0.5
// (unbiased 4/7); step 2 is x = 3, (3 - 2) / sqrt(0.5 + 1e-5) = 1.41420.
TEST(LayerQuiz, BatchNormTrainingMistakes) {
    const OpRequest r = lessonRequest("batchnorm");
    EXPECT_TRUE(diagnose(r, 2, 1.4142).right);
    expectMistake(r, 2, 1 / std::sqrt(4.0 / 7.0), Mistake::BatchNormUnbiasedVariance, "unbiased variance");
    expectMistake(r, 2, 3, Mistake::BatchNormWrongStatistics, "running statistics");  // running mean 0, var 1
    expectMistake(r, 2, 2, Mistake::BatchNormNoRoot, "variance itself");
    expectMistake(r, 2, 1, Mistake::BatchNormNoRoot, "did not divide");
}

TEST(LayerQuiz, BatchNormEvalUsesTheRunningStatistics) {
    OpRequest r = lessonRequest("batchnorm");
    r.params.layer.training = false;
    EXPECT_TRUE(diagnose(r, 2, 3).right);  // (3 - 0) / sqrt(1 + 1e-5)
    expectMistake(r, 2, 1.4142, Mistake::BatchNormWrongStatistics, "this batch's statistics");
}

TEST(LayerQuiz, BatchNormEpsAndAffineForgotten) {
    OpRequest r = lessonRequest("batchnorm");
    r.params.layer.eps = 0.5;  // large enough to matter: 1 / sqrt(0.5 + 0.5) = 1
    EXPECT_TRUE(diagnose(r, 2, 1).right);
    expectMistake(r, 2, 1.41421, Mistake::BatchNormNoEps, "left out eps");
    OpRequest a = lessonRequest("batchnorm");
    a.weight = Tensor({2}, {2.f, 1.f});
    a.bias = {1.f, 0.f};
    EXPECT_TRUE(diagnose(a, 2, 2 * 1.41420 + 1).right);
    expectMistake(a, 2, 1.41420, Mistake::BatchNormNoAffine, "× weight");
    expectMistake(a, 2, 1.41420 + 1, Mistake::BatchNormNoAffine, "left out the weight");
    expectMistake(a, 2, 2 * 1.41420, Mistake::BatchNormNoAffine, "left out the bias");
}

// linear x = [1, 2, -1, 0.5]; rows . x = -1, 2.5, -2.5; b = [0, 1, -1].
TEST(LayerQuiz, LinearBiasAndRows) {
    const OpRequest r = lessonRequest("linear");
    EXPECT_TRUE(diagnose(r, 1, 3.5).right);
    expectMistake(r, 1, 2.5, Mistake::LinearNoBias, "forgot the bias");
    expectMistake(r, 1, 0, Mistake::LinearWrongRow, "row 0 of W");   // row 0 with output 1's bias
    expectMistake(r, 1, -3.5, Mistake::LinearWrongRow, "That is output 2");
    const CellDiagnosis other = diagnose(r, 1, 7);
    EXPECT_EQ(other.mistake, Mistake::Unknown);
    EXPECT_NE(other.message.find("x . W[1] + b"), std::string::npos) << other.message;
}

TEST(LayerQuiz, LinearColumnInsteadOfRow) {
    OpRequest r = lessonRequest("linear");
    r.input = Tensor({1, 2}, {1.f, 2.f});
    r.weight = Tensor({2, 2}, {1.f, 10.f, 100.f, 1000.f});
    r.bias = {0.f, 0.f};
    EXPECT_TRUE(diagnose(r, 0, 21).right);                          // row 0: 1 + 20
    expectMistake(r, 0, 201, Mistake::LinearWrongRow, "column 0");  // column 0: 1 + 200
}

// flatten 2 x 3 x 3 holding 1..18: output i is i + 1.
TEST(LayerQuiz, FlattenOrderSwapped) {
    const OpRequest r = lessonRequest("flatten");
    EXPECT_TRUE(diagnose(r, 1, 2).right);
    expectMistake(r, 1, 4, Mistake::FlattenOrderSwapped, "down the columns");  // (0, 1, 0)
    expectMistake(r, 1, 10, Mistake::FlattenOrderSwapped, "channels innermost");  // (1, 0, 0)
    expectMistake(r, 3, 13, Mistake::FlattenOrderSwapped, "column-major");  // (1, 1, 0)
    EXPECT_EQ(diagnose(r, 1, 99).mistake, Mistake::Unknown);
}

TEST(LayerQuiz, CellNamesAndSteps) {
    const OpRequest relu = lessonRequest("relu"), flat = lessonRequest("flatten");
    EXPECT_EQ(quizCellName(relu, buildTrace(relu), 5), "output (1, 1)");
    EXPECT_EQ(quizCellName(flat, buildTrace(flat), 5), "output 5");
    const CellDiagnosis none = diagnose(relu, 99, 1);
    EXPECT_EQ(none.mistake, Mistake::Unknown);
    EXPECT_FALSE(none.right);
}

// The layers quiz shares CellQuiz with the matrix page: a right answer
// reveals, the score counts the first answer of each question only.
TEST(LayerQuiz, ScoreCountsTheFirstAnswer) {
    const OpRequest r = lessonRequest("relu");
    QuizScore score;
    CellQuiz q;
    q.record(diagnose(r, q.revealed + 1, -2), score);  // wrong
    q.record(diagnose(r, q.revealed + 1, 0), score);   // right, not counted again
    EXPECT_EQ(score.asked, 1);
    EXPECT_EQ(score.right, 0);
    EXPECT_EQ(q.revealed, 1u);
    q.record(diagnose(r, q.revealed + 1, 3), score);
    EXPECT_EQ(score.asked, 2);
    EXPECT_EQ(score.right, 1);
}

}  // namespace
}  // namespace cs
