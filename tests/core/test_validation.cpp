// planOp on requests built in code (the GUI's path, no JSON in between).
#include <gtest/gtest.h>

#include "core/op_plan.h"

namespace cs {
namespace {

TEST(Validation, DefaultRequestIsValid) {
    const OpPlan p = planOp(OpRequest{});
    EXPECT_EQ(p.output_shape, (std::vector<int>{1, 1}));
}

TEST(Validation, ShapesFollowTheContract) {
    OpRequest r;
    r.input = Tensor({3, 5, 5}, 1.f);
    r.kernel = Tensor({3, 3}, 1.f);
    EXPECT_EQ(planOp(r).output_shape, (std::vector<int>{3, 3, 3}));  // depthwise
    r.kernel = Tensor({4, 3, 3, 3}, 1.f);
    EXPECT_EQ(planOp(r).output_shape, (std::vector<int>{4, 3, 3}));
    r.input = Tensor({5, 5}, 1.f);
    r.kernel = Tensor({2, 1, 3, 3}, 1.f);
    EXPECT_EQ(planOp(r).output_shape, (std::vector<int>{2, 3, 3}));
    r.params.op = OpKind::AutoCorr2d;
    EXPECT_EQ(planOp(r).output_shape, (std::vector<int>{9, 9}));
}

TEST(Validation, OneDModes) {
    OpRequest r;
    r.params.op = OpKind::XCorr1d;
    r.input = Tensor({4}, 1.f);
    r.kernel = Tensor({2}, 1.f);
    r.params.signal.mode = Mode1d::Same;
    OpPlan p = planOp(r);
    EXPECT_EQ(p.out_width, 2);  // scipy keeps len(g)
    EXPECT_EQ(p.first_lag, -2);
    r.params.op = OpKind::Conv1d;
    EXPECT_EQ(planOp(r).out_width, 4);  // numpy keeps max(n, m)
    r.params.signal.mode = Mode1d::Valid;
    p = planOp(r);
    EXPECT_EQ(p.out_width, 3);
    EXPECT_EQ(p.first_lag, 1);
}

TEST(Validation, MessagesNameTheNumbers) {
    OpRequest r;
    r.input = Tensor({2, 2}, 1.f);
    r.kernel = Tensor({3, 3}, 1.f);
    try {
        planOp(r);
        FAIL();
    } catch (const OpError& e) {
        EXPECT_STREQ(e.what(),
                     "the kernel spans 3 rows but the padded input has only 2 (2 + 2*0): no window fits.");
    }
}

// Pooling's stride defaults to kernel_size: kernel_size 0 used to be reported
// as "stride must be at least 1 (got 0)", a field the student never set.
TEST(Validation, PoolingKernelSizeZeroNamesKernelSize) {
    OpRequest r;
    r.params.op = OpKind::MaxPool2d;
    r.input = Tensor({2, 2}, 1.f);
    r.params.pool.kernel_size = {0, 0};
    r.params.window.stride = {0, 0};
    try {
        planOp(r);
        FAIL();
    } catch (const OpError& e) {
        EXPECT_STREQ(e.what(), "kernel_size must be at least 1 (got 0).");
    }
}

// Review: dilation * (k - 1) and n + 2 * padding overflowed int (undefined
// behaviour) for parameters the request JSON accepts (up to 1e6) or a lesson
// file holds; they must be an OpError with the limit, the message sane.
TEST(Validation, HugeParametersAreErrorsNotOverflow) {
    OpRequest r;
    r.params.op = OpKind::MaxPool2d;
    r.input = Tensor({1, 1}, 1.f);
    r.params.pool.kernel_size = {1000000, 1000000};
    r.params.window.stride = {1, 1};
    r.params.window.dilation = {1000000, 1000000};
    EXPECT_THROW(planOp(r), OpError);

    OpRequest c;
    c.kernel = Tensor({1, 4096}, 1.f);
    c.params.window.dilation = {1, 1000000};
    EXPECT_THROW(planOp(c), OpError);

    OpRequest pad;
    pad.params.window.padding = {1500000000, 1};
    try {
        planOp(pad);
        FAIL();
    } catch (const OpError& e) {
        EXPECT_NE(std::string(e.what()).find("1500000000"), std::string::npos) << e.what();
        EXPECT_EQ(std::string(e.what()).find("only -"), std::string::npos) << e.what();
    }

    OpRequest ceil;  // stride near INT_MAX in ceil_mode: numerator + stride - 1
    ceil.params.op = OpKind::AvgPool2d;
    ceil.input = Tensor({4, 4}, 1.f);
    ceil.params.pool.kernel_size = {2, 2};
    ceil.params.window.stride = {2147483647, 2147483647};
    ceil.params.pool.ceil_mode = true;
    EXPECT_EQ(planOp(ceil).output_shape, (std::vector<int>{1, 1}));
}

}  // namespace
}  // namespace cs

namespace cs {
namespace {

TEST(Validation, WorkIsBoundedNotJustSizes) {
    // 2^20 values is well under the element limit, but autocorrelating them
    // takes ~2.2e12 multiply-adds: hours, which to a user is a hang.
    OpRequest r;
    r.params.op = OpKind::AutoCorr1d;
    r.input = Tensor({1 << 20}, 1.f);
    try {
        planOp(r);
        FAIL() << "accepted";
    } catch (const OpError& e) {
        EXPECT_NE(std::string(e.what()).find("multiply-adds; the limit"), std::string::npos) << e.what();
    }
    // A 1920 x 1080 RGB photo through a 31 x 31 kernel (6e9) stays allowed.
    OpRequest photo;
    photo.input = Tensor({3, 1080, 1920}, 0.f);
    photo.kernel = Tensor({31, 31}, 0.f);
    photo.params.window.padding = {15, 15};
    EXPECT_NO_THROW(planOp(photo));
    EXPECT_NEAR(planWork(planOp(photo)), 3.0 * 1080 * 1920 * 961, 1.0);
}

// Issue 15: plan1d never checked its output against the element limit: f of
// 2^24 values with g = [1, 1] has a full result of 2^24 + 1 values.
TEST(Validation, OneDOutputOverTheElementLimitIsRefused) {
    OpRequest r;
    r.params.op = OpKind::Conv1d;
    r.input = Tensor({1 << 24}, 0.f);
    r.kernel = Tensor({2}, 1.f);
    try {
        planOp(r);
        FAIL() << "accepted a full result of 2^24 + 1 values";
    } catch (const OpError& e) {
        EXPECT_NE(std::string(e.what()).find("the output has 16777217 elements; the limit is 16777216"),
                  std::string::npos)
            << e.what();
    }
    r.params.signal.mode = Mode1d::Valid;  // 2^24 - 1 values: allowed, and linear work
    const OpPlan plan = planOp(r);
    EXPECT_EQ(plan.out_width, (1 << 24) - 1);
    EXPECT_EQ(planWork(plan), 2.0 * ((1 << 24) - 1));
}

// planWork counted out_width x min(n, m), more than the loops do at the ends
// (and the loops did n per output): now it is the overlap, term for term.
TEST(Validation, OneDWorkIsTheOverlapOfFAndG) {
    OpRequest r;
    r.params.op = OpKind::Conv1d;
    r.input = Tensor({3}, 1.f);
    r.kernel = Tensor({2}, 1.f);
    EXPECT_EQ(planWork(planOp(r)), 6.0);  // outputs of 1, 2, 2, 1 terms
    r.params.op = OpKind::AutoCorr1d;
    r.input = Tensor({4}, 1.f);
    EXPECT_EQ(planWork(planOp(r)), 16.0);  // n * n in full mode
    r.params.signal.mode = Mode1d::Same;
    EXPECT_EQ(planWork(planOp(r)), 3.0 + 4 + 3 + 2);  // lags -2 .. 1
}

// The memory ceiling for a request: what the engines allocate is estimated
// from the plan. Under today's element limits even the worst request stays
// under it: padding 2^24 on both axes (two padding tables of 2^25 + 1
// entries), a 2^24-value kernel flipped and reshaped, a 2^24-value output.
TEST(Validation, RequestMemoryIsEstimatedFromThePlan) {
    OpRequest r;
    r.params.op = OpKind::Conv2d;
    r.input = Tensor({1, 1}, 1.f);
    r.kernel = Tensor({1, 1}, 1.f);
    r.params.window.padding = {1 << 24, 1 << 24};
    r.params.window.stride = {1 << 24, 1 << 24};
    const OpPlan plan = planOp(r);
    EXPECT_GE(planBytes(plan), 2.0 * ((1 << 25) + 1) * sizeof(int));
    EXPECT_LE(planBytes(plan), kMaxDerivedBytes);
    try {
        checkDerivedBytes(3.4e9, "the trace of this lesson", "use a smaller input or kernel");
        FAIL() << "3.4e9 bytes accepted";
    } catch (const OpError& e) {
        EXPECT_STREQ(e.what(), "the trace of this lesson would take 3.17 GiB; the limit is 1 GiB: use a smaller input or kernel.");
    }
    EXPECT_NO_THROW(checkDerivedBytes(kMaxDerivedBytes, "x", "y"));
    EXPECT_EQ(formatBytes(512.0 * 1024 * 1024), "512 MiB");
}

}  // namespace
}  // namespace cs
