// The quiz's diagnosis (core/quiz.h): each usual mistake, recomputed for the
// cell asked, is named when it gives the typed value; the output-size question.
#include <gtest/gtest.h>

#include "core/lesson.h"
#include "core/quiz.h"
#include "core/trace.h"
#include "io/request_json.h"

namespace cs {
namespace {

CellDiagnosis diagnose(const OpRequest& r, std::size_t step, double answer) {
    return diagnoseCell(r, buildTrace(r), step, answer);
}

// The issue's done-when: the seed at step 2, a student types 3 (the seed's own slip).
TEST(Quiz, SeedStepTwoThreeIsTheZeroRowCounted) {
    const CellDiagnosis d = diagnose(defaultLesson().request, 1, 3);
    EXPECT_FALSE(d.right);
    EXPECT_EQ(d.mistake, Mistake::PlainSum);
    EXPECT_NE(d.message.find("You counted the zero row"), std::string::npos) << d.message;
    EXPECT_NE(d.message.find("without weights"), std::string::npos) << d.message;
    EXPECT_FLOAT_EQ(d.expected, 2.f);
}

TEST(Quiz, RightAnswerIsRightWithinTwoDecimals) {
    EXPECT_TRUE(diagnose(defaultLesson().request, 1, 2).right);
    EXPECT_TRUE(diagnose(defaultLesson().request, 3, 4.001).right);
    const OpRequest l2 = builtinLesson("l2")->request;  // 6.78233
    EXPECT_TRUE(diagnose(l2, 0, 6.78).right);
    EXPECT_FALSE(diagnose(l2, 0, 6.7).right);
}

TEST(Quiz, KernelNotFlippedForConvolution) {
    const OpRequest r = parseRequest(R"({"op":"conv2d","input":[[1,2],[3,4]],"kernel":[[1,0],[0,0]]})");
    // conv2d: the flipped kernel's 1 sits bottom-right: 4. Unflipped: 1.
    const CellDiagnosis d = diagnose(r, 0, 1);
    EXPECT_EQ(d.mistake, Mistake::KernelNotFlipped) << d.message;
    EXPECT_NE(d.message.find("unflipped"), std::string::npos) << d.message;
}

TEST(Quiz, KernelFlippedForCrossCorrelation) {
    const OpRequest r = parseRequest(R"({"op":"xcorr2d","input":[[1,2],[3,4]],"kernel":[[1,0],[0,0]]})");
    EXPECT_EQ(diagnose(r, 0, 4).mistake, Mistake::KernelFlipped);
}

TEST(Quiz, PaddingForgotten) {
    const OpRequest r = parseRequest(R"({"op":"xcorr2d","input":[[1,2,3],[4,5,6],[7,8,9]],"kernel":[[1,1],[1,1]],"padding":1})");
    // With padding the first window covers one real cell (1); without, 1+2+4+5 = 12.
    const CellDiagnosis d = diagnose(r, 0, 12);
    EXPECT_EQ(d.mistake, Mistake::PaddingForgotten) << d.message;
}

TEST(Quiz, WindowOneCellOff) {
    const OpRequest r = parseRequest(R"({"op":"xcorr2d","input":[[1,2,3,4],[5,6,7,8],[9,10,11,12]],"kernel":[[1,0],[0,2]]})");
    // Step 0: 1 + 2*6 = 13; the window one column right: 2 + 2*7 = 16.
    const CellDiagnosis d = diagnose(r, 0, 16);
    EXPECT_EQ(d.mistake, Mistake::WindowOffByOne) << d.message;
    EXPECT_NE(d.message.find("one column too far right"), std::string::npos) << d.message;
}

TEST(Quiz, WrongPoolingRule) {
    const OpRequest maxpool = builtinLesson("pooling")->request;  // first window 1 2 / 4 5: max 5
    const CellDiagnosis avg = diagnose(maxpool, 0, 3);
    EXPECT_EQ(avg.mistake, Mistake::WrongPoolingRule) << avg.message;
    EXPECT_NE(avg.message.find("average"), std::string::npos) << avg.message;
    const OpRequest average = builtinLesson("average")->request;  // 12 / 4 = 3
    const CellDiagnosis sum = diagnose(average, 0, 12);
    EXPECT_EQ(sum.mistake, Mistake::WrongPoolingRule) << sum.message;
    EXPECT_NE(sum.message.find("did not divide by 4"), std::string::npos) << sum.message;
}

TEST(Quiz, UnknownMistakeShowsTheProducts) {
    const CellDiagnosis d = diagnose(defaultLesson().request, 1, 17);
    EXPECT_EQ(d.mistake, Mistake::Unknown);
    EXPECT_NE(d.message.find("0×1 + 0×1 + 0×1"), std::string::npos) << d.message;
    EXPECT_NE(d.message.find("= 2"), std::string::npos) << d.message;
}

TEST(Quiz, ScoreCountsTheFirstAnswerAndRevealsOnRight) {
    const OpRequest seed = defaultLesson().request;
    CellQuiz quiz;
    QuizScore score;
    quiz.record(diagnose(seed, 1, 3), score);
    EXPECT_EQ(quiz.revealed, 0u);
    quiz.record(diagnose(seed, 1, 2), score);
    EXPECT_EQ(quiz.revealed, 1u);
    EXPECT_EQ(score.asked, 1);
    EXPECT_EQ(score.right, 0);
    quiz.record(diagnose(seed, 2, 2), score);
    EXPECT_EQ(score.asked, 2);
    EXPECT_EQ(score.right, 1);
    quiz.giveUp(score);
    EXPECT_EQ(quiz.revealed, 3u);
    EXPECT_EQ(score.asked, 3);
}

TEST(Quiz, SizeQuestionsAreValidAndExplained) {
    for (std::uint32_t seed = 0; seed < 200; ++seed) {
        const SizeQuestion q = makeSizeQuestion(seed, seed % 2 == 1);
        ASSERT_TRUE(q.rows.valid() && q.cols.valid());
        if (!q.pooling) {
            EXPECT_FALSE(q.rows.ceil_mode);
        } else {
            EXPECT_LE(q.rows.padding, q.rows.kernel / 2);
        }
        const SizeAnswer right = checkSizeAnswer(q, q.rows.out, q.cols.out);
        EXPECT_TRUE(right.right);
        const SizeAnswer wrong = checkSizeAnswer(q, q.rows.out + 1, q.cols.out);
        EXPECT_FALSE(wrong.right);
        EXPECT_NE(wrong.rows_formula.find(std::to_string(q.rows.n)), std::string::npos) << wrong.rows_formula;
    }
    EXPECT_EQ(makeSizeQuestion(7, false).rows.n, makeSizeQuestion(7, false).rows.n);  // the seed decides
}

}  // namespace
}  // namespace cs
