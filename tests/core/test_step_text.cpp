#include <gtest/gtest.h>

#include "core/step_text.h"

namespace cs {
namespace {

// L2 pooling's whole window: the root stays on the second form, and the
// mean-times-count PyTorch computes is not written where it is just the sum.
TEST(StepText, L2WholeWindowKeepsTheRoot) {
    EXPECT_EQ(lpOpen(2), "\u221a(");
    EXPECT_EQ(lpPower(2), "\u00b2");
    EXPECT_EQ(lpTail(2, {46, 4, 4}), ") = \u221a46 = ");
    EXPECT_EQ(lpNote(2, {46, 4, 4}), "L2 pooling: square every value, add, take the square root.");
}

// A ceil_mode window with 2 of its 4 cells inside: PyTorch's scaling shows,
// under the root, and the note says what it is.
TEST(StepText, L2PartialWindowExplainsTheScaling) {
    const std::string tail = lpTail(2, {5, 2, 4});
    EXPECT_EQ(tail, ") = \u221a(5 / 2 \u00d7 4) = \u221a10 = ");
    const std::string note = lpNote(2, {5, 2, 4});
    EXPECT_NE(note.find("only 2 cells inside the input"), std::string::npos) << note;
    EXPECT_NE(note.find("window's 4 cells"), std::string::npos) << note;
    EXPECT_NE(note.find("mean"), std::string::npos) << note;
}

TEST(StepText, LpOtherPowers) {
    EXPECT_EQ(lpOpen(3), "(");
    EXPECT_EQ(lpPower(3), "\u00b3");
    EXPECT_EQ(lpPower(2.5), "^2.5");
    EXPECT_EQ(lpTail(3, {36, 4, 4}), ")^(1/3) = 36^(1/3) = ");
    EXPECT_EQ(lpTail(3, {36, 2, 4}), ")^(1/3) = (36 / 2 \u00d7 4)^(1/3) = 72^(1/3) = ");
    EXPECT_NE(lpNote(3, {36, 4, 4}).find("p = 3"), std::string::npos);
}

// The stage's header names the p in use: "L2" with p = 3 was wrong.
TEST(StepText, WindowTitleNamesP) {
    EXPECT_EQ(poolWindowTitle(OpKind::LpPool2d, 2), "Window (L2)");
    EXPECT_EQ(poolWindowTitle(OpKind::LpPool2d, 3), "Window (L3)");
    EXPECT_EQ(poolWindowTitle(OpKind::LpPool2d, 2.5), "Window (Lp, p = 2.5)");
    EXPECT_EQ(poolWindowTitle(OpKind::MaxPool2d, 3), "Window (max)");
}

TEST(StepText, AveragePaddingNoteAgreesInNumber) {
    EXPECT_EQ(avgPadNote(true, 4, 1),
              "The divisor counts the padding cells too (count_include_pad is on): 4 cells, of which 1 is real.");
    EXPECT_NE(avgPadNote(true, 4, 2).find("of which 2 are real."), std::string::npos);
}

TEST(StepText, NumbersAsTheGridsWriteThem) {
    EXPECT_EQ(stepNumber(6.78233), "6.782");
    EXPECT_EQ(stepNumber(0.5), "0.5");
    EXPECT_EQ(stepNumber(-2, {"x", "-"}), "-2");
    EXPECT_EQ(stepNumber(-2), "\u22122");
    EXPECT_EQ(stepNumber(-0.0001), "0");
}

// The image lab's kernel cells: 0.00501 in "%.3g" overflowed a 5-character cell.
TEST(StepText, KernelCellFormatFitsTheCell) {
    const auto chars = [](const char* text) { return static_cast<float>(std::string(text).size()); };
    EXPECT_STREQ(fittingFormat(0.047, 5, chars), "%.3g");
    EXPECT_STREQ(fittingFormat(0.00501, 5, chars), "%.2g");
    EXPECT_STREQ(fittingFormat(0.00029, 5, chars), "%.0e");
    EXPECT_STREQ(fittingFormat(-2, 5, chars), "%.3g");
    EXPECT_STREQ(fittingFormat(0.00029, 2, chars), "%.0e");  // nothing fits: the shortest form
}

// Grouped convolution: the words say which channels an output channel's
// filter sees; one group or one channel says nothing.
TEST(StepText, GroupNoteNamesTheChannelsAFilterSees) {
    OpPlan p;
    p.op = OpKind::XCorr2d;
    p.channels = 4;
    p.out_channels = 4;
    p.groups = 2;
    p.kernel_channels = 2;
    EXPECT_EQ(groupNote(p, 3), "Filter 3 sees channels 2\u20133 (group 1 of 2)");
    EXPECT_EQ(groupSumNote(p, 0), "Filter 0 sees channels 0\u20131 (group 0 of 2): the sum adds those 2 channels only.");
    EXPECT_TRUE(channelsSeen(p, 2).contains(3));
    EXPECT_FALSE(channelsSeen(p, 2).contains(1));
    p.groups = 4;  // depthwise
    p.kernel_channels = 1;
    EXPECT_EQ(groupNote(p, 2), "Filter 2 sees channel 2 only (group 2 of 4)");
    EXPECT_EQ(groupSumNote(p, 2), "Filter 2 sees channel 2 only (group 2 of 4): the other channels add nothing.");
    p.depthwise = true;  // a plain kernel on each channel
    EXPECT_EQ(groupNote(p, 1), "Map 1 sees channel 1 only (the kernel on each channel alone)");
    p.groups = 1;
    p.depthwise = false;
    p.kernel_channels = 4;
    EXPECT_EQ(groupNote(p, 1), "");
    EXPECT_EQ(channelsSeen(p, 1).last, 3);
}

}  // namespace
}  // namespace cs

