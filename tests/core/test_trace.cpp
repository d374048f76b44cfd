#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "core/engine.h"
#include "core/signal1d.h"
#include "core/trace.h"

namespace cs {
namespace {

OpRequest seedRequest() {
    OpRequest r;
    r.params.window.padding = {1, 1};
    r.params.window.stride = {2, 2};
    r.input = Tensor({4, 4}, {1, 0, 1, 0, 0, 1, 0, 1, 1, 0, 1, 0, 0, 1, 0, 1});
    r.kernel = Tensor({3, 3}, {1, 1, 1, 0, 0, 0, 1, 1, 1});
    return r;
}

TEST(Trace, SeedExampleSecondStep) {
    const Trace t = buildTrace(seedRequest());
    ASSERT_EQ(t.steps.size(), 4u);
    const TraceStep& s = t.steps[1];
    EXPECT_EQ(s.window_y, 0);
    EXPECT_EQ(s.window_x, 2);
    EXPECT_EQ(s.out_y, 0);
    EXPECT_EQ(s.out_x, 1);
    EXPECT_DOUBLE_EQ(s.sum, 2.0);
    ASSERT_EQ(s.terms.size(), 9u);
    // Row 0 of the window is padding; the middle kernel row multiplies by 0.
    for (int i = 0; i < 3; ++i) EXPECT_TRUE(s.terms[static_cast<std::size_t>(i)].isPadding());
    for (int i = 3; i < 6; ++i) EXPECT_EQ(s.terms[static_cast<std::size_t>(i)].weight, 0.f);
    // Bottom kernel row: input row 1, columns 1..3 = 1, 0, 1.
    EXPECT_EQ(s.terms[6].value, 1.f);
    EXPECT_EQ(s.terms[7].value, 0.f);
    EXPECT_EQ(s.terms[8].value, 1.f);
    EXPECT_EQ(s.terms[6].src_y, 1);
    EXPECT_EQ(s.terms[6].src_x, 1);
    EXPECT_EQ(t.output, Tensor({2, 2}, {1, 2, 2, 4}));
    EXPECT_EQ(t.padded_h, 6);
    EXPECT_EQ(t.padded_w, 6);
}

TEST(Trace, ReplayFillsCellsInOrder) {
    const Trace t = buildTrace(seedRequest());
    const Tensor part = replay(t, 2);
    EXPECT_EQ(part.at(0, 0), 1.f);
    EXPECT_EQ(part.at(0, 1), 2.f);
    EXPECT_TRUE(std::isnan(part.at(1, 0)));
    EXPECT_TRUE(std::isnan(part.at(1, 1)));
}

TEST(Trace, StepsReadingAnInputCell) {
    const Trace t = buildTrace(seedRequest());
    // Input (0, 0) sits at padded (1, 1): only the first window covers it.
    EXPECT_EQ(stepsReading(t, 0, 0, 0), (std::vector<std::size_t>{0}));
    // Input (1, 1) at padded (2, 2) is under all four windows.
    EXPECT_EQ(stepsReading(t, 0, 1, 1).size(), 4u);
    EXPECT_EQ(stepOfOutput(t, 0, 1, 0), 2u);
}

TEST(Trace, ReflectPaddingNamesItsSource) {
    OpRequest r = seedRequest();
    r.params.correlation.padding_mode = PaddingMode::Reflect;
    const Trace t = buildTrace(r);
    const TraceTerm& corner = t.steps[0].terms[0];  // padded (0, 0) reflects input (1, 1)
    EXPECT_FALSE(corner.isPadding());
    EXPECT_EQ(corner.src_y, 1);
    EXPECT_EQ(corner.src_x, 1);
    EXPECT_EQ(t.output, computeReference(r));
}

TEST(Trace, MaxPoolingMarksThePick) {
    OpRequest r;
    r.params.op = OpKind::MaxPool2d;
    r.params.pool.kernel_size = r.params.window.stride = {2, 2};
    r.input = Tensor({4, 4}, {1, 2, 3, 0, 4, 5, 6, 1, 3, 4, 7, 2, 1, 2, 1, 0});
    const Trace t = buildTrace(r);
    ASSERT_EQ(t.steps.size(), 4u);
    EXPECT_EQ(t.steps[0].terms[static_cast<std::size_t>(t.steps[0].picked)].value, 5.f);
    EXPECT_EQ(t.steps[3].terms[static_cast<std::size_t>(t.steps[3].picked)].value, 7.f);
}

TEST(Trace, AveragePoolingDivisorWithAndWithoutPadding) {
    OpRequest r;
    r.params.op = OpKind::AvgPool2d;
    r.params.pool.kernel_size = {3, 3};
    r.params.window.stride = {2, 2};
    r.params.window.padding = {1, 1};
    r.input = Tensor({4, 4}, 1.f);
    Trace t = buildTrace(r);
    EXPECT_DOUBLE_EQ(t.steps[0].divisor, 9.0);
    EXPECT_DOUBLE_EQ(t.steps[0].sum, 4.0);
    r.params.pool.count_include_pad = false;
    t = buildTrace(r);
    EXPECT_DOUBLE_EQ(t.steps[0].divisor, 4.0);
    EXPECT_FLOAT_EQ(t.steps[0].result, 1.f);
}

TEST(Trace, OneDimensionalLags) {
    OpRequest r;
    r.params.op = OpKind::XCorr1d;
    r.input = Tensor({3}, {1, 2, 3});
    r.kernel = Tensor({2}, {1, 1});
    const Trace t = buildTrace(r);
    ASSERT_EQ(t.steps.size(), 4u);
    EXPECT_EQ(t.steps.front().lag, -2);
    EXPECT_EQ(t.steps.back().lag, 1);
    EXPECT_EQ(t.output, computeReference(r));
}

TEST(Trace, RefusesHugeConfigurations) {
    OpRequest r;
    r.input = Tensor({2000, 2000}, 1.f);
    r.kernel = Tensor({5, 5}, 1.f);
    EXPECT_THROW(buildTrace(r), OpError);
}

// Review: autocorr2d checked the term limit per channel, so a stack of channels
// each under it built several times kMaxTraceTerms terms (gigabytes for more).
TEST(Trace, AutocorrelationLimitCountsEveryChannel) {
    OpRequest r;
    r.params.op = OpKind::AutoCorr2d;
    r.input = Tensor({2, 34, 34}, 1.f);  // 67 * 67 * 1156 = 5.2 M terms per channel
    EXPECT_THROW(buildTrace(r), OpError);
    r.input = Tensor({1, 34, 34}, 1.f);
    EXPECT_NO_THROW(buildTrace(r));
}

// Issue 15: planWork counted out_width x min(n, m) for 1-D ops while the loops
// walked all of f. Now the loops walk only the overlap, and planWork counts
// exactly the terms they visit: every m whose partner index is inside g.
TEST(Trace, OneDStepsHoldExactlyTheOverlapAndPlanWorkCountsIt) {
    for (OpKind op : {OpKind::Conv1d, OpKind::XCorr1d, OpKind::AutoCorr1d})
        for (Mode1d mode : {Mode1d::Full, Mode1d::Same, Mode1d::Valid})
            for (int n = 1; n <= 6; ++n)
                for (int m = 1; m <= 6; ++m) {
                    OpRequest r;
                    r.params.op = op;
                    r.params.signal.mode = mode;
                    r.input = Tensor({n});
                    for (int i = 0; i < n; ++i) r.input.at(i) = static_cast<float>(i + 1);
                    r.kernel = Tensor({m});
                    for (int i = 0; i < m; ++i) r.kernel.at(i) = 0.5f * static_cast<float>(i) - 1.f;
                    const int len_g = op == OpKind::AutoCorr1d ? n : m;
                    const Trace t = buildTrace(r);
                    double terms = 0;
                    for (const TraceStep& s : t.steps) {
                        std::vector<int> want;
                        for (int k = 0; k < n; ++k) {
                            const int j = pairedIndex(op, s.lag, k);
                            if (j >= 0 && j < len_g) want.push_back(k);
                        }
                        std::vector<int> got;
                        for (const TraceTerm& term : s.terms) got.push_back(term.px);
                        EXPECT_EQ(got, want) << opName(op) << " n " << n << " m " << m << " lag " << s.lag;
                        terms += static_cast<double>(s.terms.size());
                    }
                    EXPECT_EQ(planWork(t.plan), terms) << opName(op) << " n " << n << " m " << m;
                    EXPECT_EQ(t.output, computeReference(r)) << opName(op) << " n " << n << " m " << m;
                }
}

// Issue 15: f of 100,000 values with g = [1, 1] took 4.8 s (the loop visited
// all of f for each of the 100,001 outputs); the work is 2 terms an output.
TEST(Trace, OneDLongSignalShortKernelIsLinearWork) {
    OpRequest r;
    r.params.op = OpKind::Conv1d;
    r.input = Tensor({100000}, 1.f);
    r.kernel = Tensor({2}, 1.f);
    EXPECT_EQ(planWork(planOp(r)), 2.0 * 100000);
    const Tensor out = computeReference(r);
    ASSERT_EQ(out.size(), 100001u);
    EXPECT_EQ(out.at(0), 1.f);
    EXPECT_EQ(out.at(500), 2.f);
    EXPECT_EQ(out.at(100000), 1.f);
}

// Issue 15: global max pooling used std::max, which drops NaN; PyTorch's
// adaptive_max_pool2d (and maxpool2d here) keep it.
TEST(Trace, GlobalMaxPoolKeepsNaN) {
    const float nan = std::numeric_limits<float>::quiet_NaN();
    for (int where : {0, 2, 5}) {
        OpRequest r;
        r.params.op = OpKind::GlobalMaxPool;
        r.input = Tensor({2, 2, 3}, {1, 2, 3, 4, 5, 6, -1, -2, -3, -4, -5, -6});
        r.input.values()[static_cast<std::size_t>(where)] = nan;  // channel 0 only
        const Tensor ref = computeReference(r);
        EXPECT_TRUE(std::isnan(ref.at(0, 0, 0))) << "NaN at " << where << ": " << ref.at(0, 0, 0);
        EXPECT_EQ(ref.at(1, 0, 0), -1.f);
        const Trace t = buildTrace(r);
        EXPECT_TRUE(std::isnan(t.steps[0].result));
        EXPECT_TRUE(std::isnan(t.steps[0].terms[static_cast<std::size_t>(t.steps[0].picked)].value));
        EXPECT_EQ(t.steps[1].result, -1.f);
    }
}

}  // namespace
}  // namespace cs
