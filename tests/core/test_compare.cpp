// Correlation beside convolution: LessonView's second output (the other op of
// the xcorr2d / conv2d pair on the same input and kernel), its words, and the
// toggle in lesson files.
#include <gtest/gtest.h>

#include <cmath>

#include "core/lesson.h"
#include "core/lesson_view.h"
#include "core/step_text.h"
#include "io/lesson_json.h"

namespace cs {
namespace {

Lesson withCompare(const char* name) {
    Lesson l = *builtinLesson(name);
    l.view.compare = true;
    return l;
}

TEST(Compare, SeedKernelIsSymmetricSoBothOutputsAgree) {
    const Lesson l = withCompare("seed");
    LessonView view;
    view.update(l);
    ASSERT_TRUE(view.hasCompare()) << view.compareError();
    EXPECT_EQ(view.compareOp(), OpKind::Conv2d);
    EXPECT_TRUE(unchangedByHalfTurn(l.request.kernel));
    EXPECT_EQ(view.compareResult().values(), view.result().values());
}

TEST(Compare, AsymmetricKernelGivesTwoDifferentOutputs) {
    Lesson l = withCompare("flip");  // conv2d with an asymmetric kernel
    ASSERT_EQ(l.request.params.op, OpKind::Conv2d);
    ASSERT_FALSE(unchangedByHalfTurn(l.request.kernel));
    LessonView view;
    view.update(l);
    ASSERT_TRUE(view.hasCompare());
    EXPECT_EQ(view.compareOp(), OpKind::XCorr2d);
    EXPECT_NE(view.compareResult().values(), view.result().values());
    // The second output is xcorr2d's own answer, and its kernel the one as given.
    OpRequest xcorr = l.request;
    xcorr.params.op = OpKind::XCorr2d;
    EXPECT_EQ(view.compareResult().values(), computeReference(xcorr).values());
    EXPECT_EQ(view.compareKernelUsed().values(), l.request.kernel.values());
    // And back: xcorr2d's compare output is conv2d's, the kernel flipped.
    Lesson x = l;
    x.request.params.op = OpKind::XCorr2d;
    x.touch();
    view.update(x);
    ASSERT_TRUE(view.hasCompare());
    EXPECT_EQ(view.compareOp(), OpKind::Conv2d);
    OpRequest conv = x.request;
    conv.params.op = OpKind::Conv2d;
    EXPECT_EQ(view.compareResult().values(), computeReference(conv).values());
    EXPECT_EQ(view.compareKernelUsed().values(), flipKernel(x.request.kernel).values());
}

TEST(Compare, PartialOutputFillsTheSameCells) {
    LessonView view;
    view.update(withCompare("flip"));
    view.stepper().seek(1);
    const Tensor mine = view.partialOutput(), other = view.comparePartialOutput();
    ASSERT_EQ(mine.size(), other.size());
    for (std::size_t i = 0; i < mine.size(); ++i) {
        EXPECT_EQ(std::isnan(mine.values()[i]), std::isnan(other.values()[i])) << i;
    }
    EXPECT_FALSE(std::isnan(other.values()[1]));
    EXPECT_EQ(other.values()[1], view.compareResult().values()[1]);
}

TEST(Compare, FollowsTheToggleAndTheLesson) {
    Lesson l = withCompare("seed");
    LessonView view;
    view.update(l);
    ASSERT_TRUE(view.hasCompare());
    l.view.compare = false;  // a view option: no revision bump, still followed
    EXPECT_TRUE(view.update(l));
    EXPECT_FALSE(view.hasCompare());
    l.view.compare = true;
    view.update(l);
    EXPECT_TRUE(view.hasCompare());
    // An edit of the kernel: the second output follows it.
    l.request.kernel.at(0, 0) = 5.f;
    l.touch();
    view.update(l);
    OpRequest conv = l.request;
    conv.params.op = OpKind::Conv2d;
    EXPECT_EQ(view.compareResult().values(), computeReference(conv).values());
    // Pooling has no second output.
    Lesson pool = *builtinLesson("pooling");
    pool.view.compare = true;
    pool.revision = l.revision + 1;  // another document to the view
    view.update(pool);
    EXPECT_FALSE(view.hasCompare());
    EXPECT_FALSE(viewOptionsInUse(pool.request.params).compare);
    EXPECT_TRUE(viewOptionsInUse(l.request.params).compare);
}

TEST(Compare, TheWordsSayWhy) {
    const std::string same = compareNote(OpKind::XCorr2d, true, "output (0, 1)", 2, 2);
    EXPECT_NE(same.find("same"), std::string::npos);
    EXPECT_NE(same.find("half a turn"), std::string::npos);
    EXPECT_EQ(compareNote(OpKind::XCorr2d, false, "output (0, 1)", 2, 5),
              "Convolution turns the kernel half a turn before sliding it, so the same window meets other weights: "
              "output (0, 1) is 2 by cross-correlation and 5 by convolution.");
    // From a conv2d lesson the values are named the same way round.
    EXPECT_NE(compareNote(OpKind::Conv2d, false, "output (1, 0)", 5, 2).find("is 2 by cross-correlation and 5 by"),
              std::string::npos);
    EXPECT_NE(compareNote(OpKind::Conv2d, false, "output (1, 0)", 3, 3).find("both happen to give 3"), std::string::npos);
}

TEST(Compare, LessonFilesKeepTheToggle) {
    Lesson l = withCompare("seed");
    const std::string text = lessonToJson(l);
    EXPECT_NE(text.find("\"compare\": true"), std::string::npos);
    EXPECT_TRUE(lessonFromJson(text).view.compare);
    // Off: the file is as it always was.
    EXPECT_EQ(lessonToJson(*builtinLesson("seed")).find("compare"), std::string::npos);
    EXPECT_FALSE(lessonFromJson(lessonToJson(*builtinLesson("seed"))).view.compare);
}

}  // namespace
}  // namespace cs
