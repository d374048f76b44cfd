#include <gtest/gtest.h>

#include "core/output_size.h"

namespace cs {
namespace {

TEST(OutputSize, SeedExampleFormula) {
    const AxisSize a = computeAxisSize(4, 3, 1, 2, 1, false);
    EXPECT_EQ(a.out, 2);
    EXPECT_DOUBLE_EQ(a.quotient, 1.5);
    EXPECT_EQ(a.formula(), "floor((4 + 2*1 - 3) / 2) + 1 = floor(1.5) + 1 = 2");
    // Last window covers padded 2..4 of 0..5: one padded row left, and it is padding.
    EXPECT_EQ(a.unused, 1);
    EXPECT_EQ(a.unused_input, 0);
    EXPECT_NE(a.explanation("rows").find("floor drops 0.5"), std::string::npos);
}

TEST(OutputSize, UnusedInputRows) {
    // n=7, k=3, s=3, p=0: windows at 0 and 3, rows 6 never seen.
    const AxisSize a = computeAxisSize(7, 3, 0, 3, 1, false);
    EXPECT_EQ(a.out, 2);
    EXPECT_EQ(a.unused, 1);
    EXPECT_EQ(a.unused_input, 1);
    EXPECT_NE(a.explanation("columns").find("1 of them real input"), std::string::npos);
}

TEST(OutputSize, DilationWidensTheWindow) {
    const AxisSize a = computeAxisSize(7, 3, 0, 1, 2, false);
    EXPECT_EQ(a.effective_kernel, 5);
    EXPECT_EQ(a.out, 3);
}

TEST(OutputSize, CeilModeDropsAWindowStartingInThePadding) {
    // n=5, k=2, s=2, p=1: ceil gives 4, but the 4th window would start at 6 >= 5+1.
    const AxisSize a = computeAxisSize(5, 2, 1, 2, 1, true);
    EXPECT_EQ(a.out, 3);
    EXPECT_TRUE(a.last_window_dropped);
    const AxisSize b = computeAxisSize(5, 2, 0, 2, 1, true);
    EXPECT_EQ(b.out, 3);
    EXPECT_EQ(b.overhang, 1);
    EXPECT_FALSE(b.last_window_dropped);
}

TEST(OutputSize, WindowTooLarge) {
    const AxisSize a = computeAxisSize(2, 5, 1, 1, 1, false);
    EXPECT_FALSE(a.valid());
    EXPECT_NE(a.explanation("rows").find("only 4"), std::string::npos);
}

TEST(OutputSize, ShortDecimalsInFormulaAndExplanation) {
    // n=5, k=1, s=3: quotient 4/3. Six digits
    // ("floor(1.33333)", "drops 0.333333") were more than a student reads.
    const AxisSize a = computeAxisSize(5, 1, 0, 3, 1, false);
    EXPECT_EQ(a.formula(), "floor((5 + 2*0 - 1) / 3) + 1 = floor(1.33) + 1 = 2");
    EXPECT_NE(a.explanation("rows").find("floor drops 1/3 of a stride"), std::string::npos) << a.explanation("rows");
    const AxisSize b = computeAxisSize(5, 2, 0, 4, 1, false);  // 3 / 4
    EXPECT_NE(b.explanation("rows").find("floor drops 0.75 of a stride"), std::string::npos) << b.explanation("rows");
}

TEST(OutputSize, FormatNumber) {
    EXPECT_EQ(formatNumber(1.5), "1.5");
    EXPECT_EQ(formatNumber(2), "2");
    EXPECT_EQ(formatNumber(-0.0), "0");
}

}  // namespace
}  // namespace cs
