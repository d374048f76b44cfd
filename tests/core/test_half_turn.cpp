// unchangedByHalfTurn: when convolution (which turns the kernel 180 degrees)
// and cross-correlation must agree, so the stage can say why switching
// between them changes nothing.
#include <gtest/gtest.h>

#include "core/tensor.h"

namespace cs {
namespace {

TEST(HalfTurn, TheSeedKernelIsUnchanged) {
    EXPECT_TRUE(unchangedByHalfTurn(Tensor({3, 3}, {1, 1, 1, 0, 0, 0, 1, 1, 1})));
}

TEST(HalfTurn, AnEdgeKernelIsNot) {
    EXPECT_FALSE(unchangedByHalfTurn(Tensor({3, 3}, {1, 0, -1, 2, 0, -2, 1, 0, -1})));  // Sobel x turns into -Sobel x
    EXPECT_FALSE(unchangedByHalfTurn(Tensor({2, 2}, {1, 2, 3, 4})));
}

TEST(HalfTurn, EverySliceOfAFilterBankCounts) {
    // Filter 0 symmetric, filter 1 not: the bank as a whole is not.
    EXPECT_FALSE(unchangedByHalfTurn(Tensor({2, 1, 2, 2}, {1, 0, 0, 1, 1, 2, 3, 4})));
    EXPECT_TRUE(unchangedByHalfTurn(Tensor({2, 1, 2, 2}, {1, 0, 0, 1, 5, 7, 7, 5})));
}

TEST(HalfTurn, ASequenceReversed) {
    EXPECT_TRUE(unchangedByHalfTurn(Tensor({3}, {1, 2, 1})));
    EXPECT_FALSE(unchangedByHalfTurn(Tensor({3}, {1, 2, 3})));
}

}  // namespace
}  // namespace cs
