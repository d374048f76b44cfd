// conv_transpose2d, groups, padding "same" / "valid" and a plain kernel's one
// bias (DESIGN.md section 3): known answers worked by hand, the trace in
// conv_arithmetic's reading, the output-size formula and the refusals.
// The PyTorch fixtures of all of this run in test_reference_cases.cpp.
#include <gtest/gtest.h>

#include "core/engine.h"
#include "core/lesson.h"
#include "core/lesson_view.h"
#include "core/trace.h"
#include "io/lesson_json.h"

namespace cs {
namespace {

OpRequest transposed(Tensor input, Tensor kernel, int stride = 1) {
    OpRequest r;
    r.params.op = OpKind::ConvTranspose2d;
    r.params.window.stride = {stride, stride};
    r.input = std::move(input);
    r.kernel = std::move(kernel);
    return r;
}

std::string errorOf(const OpRequest& r) {
    try {
        (void)computeReference(r);
    } catch (const OpError& e) {
        return e.what();
    }
    return "(accepted)";
}

TEST(ConvTranspose, EachInputCellStampsTheKernel) {
    // [[1,2],[3,4]] with a 2x2 kernel of ones: every input value is spread over
    // the 2x2 block it covers; stride 1 overlaps the blocks, stride 2 tiles them.
    const Tensor x({2, 2}, {1, 2, 3, 4});
    const Tensor ones({2, 2}, 1.f);
    EXPECT_EQ(computeReference(transposed(x, ones)), Tensor({3, 3}, {1, 3, 2, 4, 10, 6, 3, 7, 4}));
    EXPECT_EQ(computeReference(transposed(x, ones, 2)),
              Tensor({4, 4}, {1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4}));
}

TEST(ConvTranspose, PaddingCropsAndOutputPaddingAddsARow) {
    OpRequest r = transposed(Tensor({2, 2}, {1, 2, 3, 4}), Tensor({2, 2}, 1.f), 2);
    r.params.window.padding = {1, 1};  // crops one cell on each side of the 4 x 4
    EXPECT_EQ(computeReference(r), Tensor({2, 2}, {1, 2, 3, 4}));
    r.params.transposed.output_padding = {1, 0};  // one more row at the bottom
    EXPECT_EQ(planOp(r).output_shape, (std::vector<int>{3, 2}));
    EXPECT_EQ(computeReference(r), Tensor({3, 2}, {1, 2, 3, 4, 3, 4}));
}

TEST(ConvTranspose, KernelIsCinByCoutAndGroupsSplitIt) {
    // Two input channels, kernel 2 x 1 x 1 x 1: groups 1 gives one output
    // channel (the weighted sum), groups 2 two (each channel scaled on its own).
    OpRequest r = transposed(Tensor({2, 1, 2}, {1, 2, 3, 4}), Tensor({2, 1, 1, 1}, {10, 100}));
    EXPECT_EQ(computeReference(r), Tensor({1, 1, 2}, {310, 420}));
    r.params.correlation.groups = 2;
    EXPECT_EQ(computeReference(r), Tensor({2, 1, 2}, {10, 20, 300, 400}));
    r.bias = {1, -1};
    EXPECT_EQ(computeReference(r), Tensor({2, 1, 2}, {11, 21, 299, 399}));
}

TEST(ConvTranspose, TraceIsADirectConvolutionOverTheZeroInsertedGrid) {
    // conv_arithmetic's "no padding, strides" transposed: 2 x 2 input, 3 x 3
    // kernel, stride 2. The grid is the input with 1 zero between cells (3 x 3)
    // and d(k-1) - p = 2 zeros around: 7 x 7; the output 5 x 5.
    OpRequest r = transposed(Tensor({2, 2}, {1, 2, 3, 4}), Tensor({3, 3}, {1, 2, 3, 4, 5, 6, 7, 8, 9}), 2);
    const OpPlan plan = planOp(r);
    EXPECT_EQ(plan.transposed_h.spread, 3);
    EXPECT_EQ(plan.transposed_h.border, 2);
    EXPECT_EQ(plan.transposed_h.grid, 7);
    EXPECT_EQ(plan.transposed_h.formula(), "(2-1)*2 - 2*0 + 1*(3-1) + 0 + 1 = 5");
    const Trace t = buildTrace(r);
    EXPECT_EQ(t.padded_h, 7);
    EXPECT_EQ(t.pad_top, 2);
    EXPECT_EQ(t.kernel_used, flipKernel(r.kernel));
    ASSERT_EQ(t.steps.size(), 25u);
    // Output (0, 0): the window covers grid rows/cols 0..2; only grid (2, 2) is
    // input (0, 0), under the flipped kernel's bottom-right weight, K's top-left 1.
    const TraceStep& s = t.steps[0];
    ASSERT_EQ(s.terms.size(), 9u);
    int real = 0;
    for (const TraceTerm& term : s.terms) {
        if (term.isPadding()) {
            EXPECT_EQ(term.value, 0.f);
            continue;
        }
        ++real;
        EXPECT_EQ(term.py, 2);
        EXPECT_EQ(term.px, 2);
        EXPECT_EQ(term.src_y, 0);
        EXPECT_EQ(term.src_x, 0);
        EXPECT_EQ(term.weight, 1.f);
    }
    EXPECT_EQ(real, 1);
    EXPECT_EQ(s.result, 1.f);
    // The centre output (2, 2) reads grid rows 2..4: input cells (0..1, 0..1) at
    // the grid's even positions, each under one weight: 1*9 + 2*7 + 3*3 + 4*1.
    EXPECT_EQ(t.steps[12].result, 9.f + 14.f + 9.f + 4.f);
    EXPECT_EQ(replay(t, t.steps.size()), computeReference(r));
}

TEST(ConvTranspose, RefusesWhatPyTorchRefuses) {
    OpRequest r = transposed(Tensor({2, 2}, 1.f), Tensor({3, 3}, 1.f), 2);
    r.params.transposed.output_padding = {2, 2};
    EXPECT_NE(errorOf(r).find("output_padding must be smaller than either stride or dilation"), std::string::npos)
        << errorOf(r);
    r.params.transposed.output_padding = {-1, 0};
    EXPECT_NE(errorOf(r).find("output_padding cannot be negative"), std::string::npos) << errorOf(r);
    r.params.transposed.output_padding = {0, 0};
    r.params.window.padding = {4, 4};  // (2-1)*2 - 8 + 2 + 1 < 1
    EXPECT_NE(errorOf(r).find("the output would have no rows: (2-1)*2 - 2*4 + 1*(3-1) + 0 + 1 = -3"),
              std::string::npos)
        << errorOf(r);
    r = transposed(Tensor({3, 2, 2}, 1.f), Tensor({2, 1, 3, 3}, 1.f));
    EXPECT_NE(errorOf(r).find("the kernel's first axis has 2 entries but the input has 3 channel(s)"),
              std::string::npos)
        << errorOf(r);
    r = transposed(Tensor({3, 2, 2}, 1.f), Tensor({3, 1, 3, 3}, 1.f));
    r.params.correlation.groups = 2;
    EXPECT_NE(errorOf(r).find("groups 2 does not divide the input's 3 channel(s)"), std::string::npos) << errorOf(r);
    r = transposed(Tensor({2, 2}, 1.f), Tensor({3, 3, 3}, 1.f));
    EXPECT_NE(errorOf(r).find("C_in x C_out/groups x kh x kw"), std::string::npos) << errorOf(r);
}

TEST(Groups, EachFilterSeesItsGroupsChannels) {
    // Four channels, two groups of two, two filters: filter 0 sums channels 0-1,
    // filter 1 channels 2-3 (1 x 1 kernels of ones).
    OpRequest r;
    r.input = Tensor({4, 1, 1}, {1, 2, 3, 4});
    r.kernel = Tensor({2, 2, 1, 1}, 1.f);
    r.params.correlation.groups = 2;
    EXPECT_EQ(computeReference(r), Tensor({2, 1, 1}, {3, 7}));
    // Depthwise with two filters per channel: groups = C = 2, O = 4.
    r.input = Tensor({2, 1, 1}, {1, 2});
    r.kernel = Tensor({4, 1, 1, 1}, {1, 10, 100, 1000});
    EXPECT_EQ(computeReference(r), Tensor({4, 1, 1}, {1, 10, 200, 2000}));
    EXPECT_EQ(replay(buildTrace(r), 4), computeReference(r));
}

TEST(Groups, RefusalsNameTheCounts) {
    OpRequest r;
    r.input = Tensor({4, 3, 3}, 1.f);
    r.kernel = Tensor({3, 2, 1, 1}, 1.f);
    r.params.correlation.groups = 2;
    EXPECT_NE(errorOf(r).find("groups 2 does not divide the 3 filters"), std::string::npos) << errorOf(r);
    r.kernel = Tensor({2, 4, 1, 1}, 1.f);
    EXPECT_NE(errorOf(r).find("the kernel has 4 channel(s) but the input has 4 in 2 groups"), std::string::npos)
        << errorOf(r);
    r.params.correlation.groups = 0;
    EXPECT_NE(errorOf(r).find("groups must be at least 1"), std::string::npos) << errorOf(r);
    r.kernel = Tensor({3, 3}, 1.f);
    r.params.correlation.groups = 2;
    EXPECT_NE(errorOf(r).find("a plain kh x kw kernel is applied to each of the 4 channel(s)"), std::string::npos)
        << errorOf(r);
}

TEST(SamePadding, EvenKernelPadsTheExtraCellAtTheEnd) {
    // 1 x 4 input, 1 x 2 kernel [1, 10]: "same" pads 0 before and 1 after, so
    // output x reads input x and x+1 (PyTorch's rule).
    OpRequest r;
    r.input = Tensor({1, 4}, {1, 2, 3, 4});
    r.kernel = Tensor({1, 2}, {1, 10});
    r.params.correlation.padding_rule = PaddingRule::Same;
    const OpPlan plan = planOp(r);
    EXPECT_EQ(plan.axis_w.padding, 0);
    EXPECT_EQ(plan.axis_w.extra, 1);
    EXPECT_EQ(plan.axis_w.formula(), "floor((4 + 2*0 + 1 - 2) / 1) + 1 = floor(3) + 1 = 4");
    EXPECT_EQ(computeReference(r), Tensor({1, 4}, {21, 32, 43, 4}));
    const Trace t = buildTrace(r);
    EXPECT_EQ(t.padded_w, 5);
    EXPECT_EQ(replay(t, t.steps.size()), computeReference(r));
    r.params.correlation.padding_mode = PaddingMode::Replicate;  // the extra cell copies the last one
    EXPECT_EQ(computeReference(r), Tensor({1, 4}, {21, 32, 43, 44}));
    r.params.correlation.padding_rule = PaddingRule::Valid;
    EXPECT_EQ(computeReference(r), Tensor({1, 3}, {21, 32, 43}));
}

TEST(SamePadding, NeedsStrideOneAndNoNumber) {
    OpRequest r;
    r.input = Tensor({4, 4}, 1.f);
    r.kernel = Tensor({3, 3}, 1.f);
    r.params.correlation.padding_rule = PaddingRule::Same;
    r.params.window.stride = {2, 1};
    EXPECT_NE(errorOf(r).find("padding=\"same\" needs stride 1 (got [2, 1])"), std::string::npos) << errorOf(r);
    r.params.window.stride = {1, 1};
    r.params.correlation.padding_mode = PaddingMode::Reflect;
    r.input = Tensor({1, 4}, 1.f);  // reflect would need 1 row above a 1-row input
    EXPECT_NE(errorOf(r).find("reflect padding must be smaller than the input side"), std::string::npos)
        << errorOf(r);
}

TEST(PlainKernelBias, OneFilterWithItsBias) {
    OpRequest r;
    r.input = Tensor({2, 1, 2}, {1, 2, 3, 4});
    r.kernel = Tensor({1, 1}, {2});
    r.bias = {0.5f};
    EXPECT_EQ(computeReference(r), Tensor({2, 1, 2}, {2.5f, 4.5f, 6.5f, 8.5f}));  // every channel
    r.bias = {1, 2};
    EXPECT_NE(errorOf(r).find("bias has 2 values but a plain kh x kw kernel is one filter"), std::string::npos)
        << errorOf(r);
}

// conv_arithmetic's figures as built-in lessons: each direct figure and its
// transposed one, which gives the direct figure's input size back.
TEST(ArithmeticLessons, EachFigureAndItsTransposeRoundTripTheSize) {
    for (const char* name : {"no_padding_no_strides", "arbitrary_padding_no_strides", "same_padding_no_strides",
                             "full_padding_no_strides", "no_padding_strides", "padding_strides", "padding_strides_odd",
                             "dilation"}) {
        SCOPED_TRACE(name);
        const auto direct = builtinLesson(name);
        const auto back = builtinLesson(std::string(name) + "_transposed");
        ASSERT_TRUE(direct && back);
        EXPECT_EQ(direct->request.params.op, OpKind::XCorr2d);
        EXPECT_EQ(back->request.params.op, OpKind::ConvTranspose2d);
        const OpPlan d = planOp(direct->request), t = planOp(back->request);
        EXPECT_EQ(t.output_shape, direct->request.input.shape());
        EXPECT_EQ(back->request.input.shape(), d.output_shape);
    }
    // padding_strides_odd: 6 -> 3 by stride 2 leaves 5 or 6 open; output_padding 1 picks 6.
    EXPECT_EQ(builtinLesson("padding_strides_odd_transposed")->request.params.transposed.output_padding, (Pair{1, 1}));
}

TEST(ArithmeticLessons, StepViewShowsTheZeroInsertedGrid) {
    LessonView view;
    view.update(*builtinLesson("no_padding_strides_transposed"));  // 2x2 input, 3x3 kernel, stride 2
    ASSERT_TRUE(view.error().empty()) << view.error();
    ASSERT_EQ(view.trace().padded_h, 7);
    // Input cell (1, 0) sits at grid (2 + 2, 2); the cell between is an inserted zero.
    const PaddedCell& cell = view.paddedCell(0, 4, 2);
    EXPECT_FALSE(cell.padding);
    EXPECT_EQ(cell.src_y, 1);
    EXPECT_EQ(cell.src_x, 0);
    EXPECT_EQ(cell.value, view.request().input.at(1, 0));
    EXPECT_TRUE(view.paddedCell(0, 3, 2).padding);
    EXPECT_EQ(view.paddedCell(0, 3, 2).value, 0.f);
    EXPECT_TRUE(view.paddedCell(0, 0, 0).padding);
}

TEST(ArithmeticLessons, LessonFileKeepsOutputPaddingAndGroups) {
    Lesson l = *builtinLesson("padding_strides_odd_transposed");
    l.request.params.correlation.groups = 1;
    const Lesson back = lessonFromJson(lessonToJson(l));
    EXPECT_EQ(back.request.params.op, OpKind::ConvTranspose2d);
    EXPECT_EQ(back.request.params.transposed.output_padding, (Pair{1, 1}));
    EXPECT_TRUE(sameContent(back, l));
}

}  // namespace
}  // namespace cs
