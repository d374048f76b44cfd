// The layer ops (relu, softmax, flatten, batchnorm2d, linear; issue 10): every
// PyTorch fixture through the CPU reference and its trace, one CTest entry
// each; known answers; what each trace records; requests built in code.
#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "../reference_cases.h"
#include "core/engine.h"
#include "core/layer_trace.h"
#include "core/op_plan.h"
#include "core/trace.h"

namespace cs {
namespace {

class LayerFixture : public ::testing::TestWithParam<std::size_t> {};

TEST_P(LayerFixture, CpuMatchesPyTorchAndTraceReplaysExactly) {
    const test::ReferenceCase& c = test::referenceCases()[GetParam()];
    SCOPED_TRACE(c.request_json);
    const Tensor out = computeReference(c.request);
    ASSERT_EQ(out.shape(), c.expected.shape());
    EXPECT_LE(maxRelativeError(out, c.expected), 1e-5) << "got " << out.toString() << "\nwant " << c.expected.toString();
    const Trace trace = buildTrace(c.request);
    ASSERT_EQ(trace.steps.size(), out.size());
    ASSERT_EQ(trace.layer.steps.size(), out.size());
    EXPECT_EQ(replay(trace, trace.steps.size()), out);
    for (std::size_t i = 0; i < trace.steps.size(); ++i) ASSERT_FALSE(layerFormula(trace, i).empty()) << i;
}

INSTANTIATE_TEST_SUITE_P(Fixtures, LayerFixture, ::testing::ValuesIn(test::layerCaseIndices()),
                         [](const auto& info) { return test::testNameOf(test::referenceCases()[info.param]); });

TEST(LayerFixtures, AtLeastAHundredOverEveryOp) {
    std::map<OpKind, int> per_op;
    for (std::size_t i : test::layerCaseIndices()) ++per_op[test::referenceCases()[i].request.params.op];
    EXPECT_GE(test::layerCaseIndices().size(), 100u);
    for (OpKind op : {OpKind::Relu, OpKind::Softmax, OpKind::Flatten, OpKind::BatchNorm2d, OpKind::Linear})
        EXPECT_GE(per_op[op], 20) << opName(op);
}

OpRequest layer(OpKind op, Tensor input) {
    OpRequest r;
    r.params.op = op;
    r.input = std::move(input);
    return r;
}

TEST(LayerOps, SoftmaxOfLargeLogitsIsFinite) {
    const Tensor out = computeReference(layer(OpKind::Softmax, Tensor({3}, {1000.f, 1001.f, 999.f})));
    // PyTorch: [0.2447284710547976, 0.6652409557748218, 0.09003057317038045]
    EXPECT_NEAR(out.at(0), 0.2447284710547976, 1e-7);
    EXPECT_NEAR(out.at(1), 0.6652409557748218, 1e-7);
    EXPECT_NEAR(out.at(2), 0.09003057317038045, 1e-7);
}

TEST(LayerOps, ShapesFollowPyTorch) {
    OpRequest r = layer(OpKind::Flatten, Tensor({2, 3, 4, 5}, 1.f));
    EXPECT_EQ(planOp(r).output_shape, (std::vector<int>{120}));
    r.params.layer.start_dim = 1;
    EXPECT_EQ(planOp(r).output_shape, (std::vector<int>{2, 60}));
    r.params.layer.start_dim = -3;
    r.params.layer.end_dim = -2;
    EXPECT_EQ(planOp(r).output_shape, (std::vector<int>{2, 12, 5}));
    EXPECT_EQ(planOp(layer(OpKind::Flatten, Tensor({4}, 1.f))).output_shape, (std::vector<int>{4}));
    r = layer(OpKind::Linear, Tensor({3, 2}, 1.f));
    r.weight = Tensor({5, 2}, 1.f);
    EXPECT_EQ(planOp(r).output_shape, (std::vector<int>{3, 5}));
    r.input = Tensor({2}, 1.f);
    EXPECT_EQ(planOp(r).output_shape, (std::vector<int>{5}));
    EXPECT_EQ(planOp(layer(OpKind::BatchNorm2d, Tensor({2, 3, 2, 2}, 1.f))).output_shape,
              (std::vector<int>{2, 3, 2, 2}));
    EXPECT_EQ(planOp(layer(OpKind::Relu, Tensor({2, 1, 1, 3}, 1.f))).output_shape, (std::vector<int>{2, 1, 1, 3}));
}

TEST(LayerOps, BatchNormTrainingUsesBiasedVarianceEvalTheRunningOnes) {
    OpRequest r = layer(OpKind::BatchNorm2d, Tensor({1, 2, 2}, {1.f, 2.f, 3.f, 4.f}));
    r.params.layer.training = true;
    Tensor out = computeReference(r);  // mean 2.5, biased variance 1.25
    EXPECT_NEAR(out.at(0), (1.0 - 2.5) / std::sqrt(1.25 + 1e-5), 1e-6);
    r.params.layer.training = false;
    r.running_mean = {1.f};
    r.running_var = {4.f};
    r.weight = Tensor({1}, {2.f});
    r.bias = {0.5f};
    out = computeReference(r);
    EXPECT_NEAR(out.at(3), (4.0 - 1.0) / std::sqrt(4.0 + 1e-5) * 2 + 0.5, 1e-6);
    r.params.layer.momentum = 0.9;  // moves only the running statistics
    EXPECT_EQ(computeReference(r), out);
}

TEST(LayerOps, RequestsBuiltInCodeAreCheckedToo) {
    OpRequest r = layer(OpKind::Relu, Tensor({2}, 1.f));
    r.weight = Tensor({2}, 1.f);
    EXPECT_THROW(planOp(r), OpError);  // relu takes no weight: never silently ignored
    r = layer(OpKind::Softmax, Tensor({2}, 1.f));
    r.params.layer.dim = 1;
    EXPECT_THROW(planOp(r), OpError);
    r = layer(OpKind::Linear, Tensor({2}, 1.f));
    EXPECT_THROW(planOp(r), OpError);  // no weight
    r = layer(OpKind::BatchNorm2d, Tensor({1, 1, 1}, 1.f));
    r.params.layer.eps = std::nan("");
    EXPECT_THROW(planOp(r), OpError);
    r = layer(OpKind::Relu, Tensor({0}));
    EXPECT_THROW(planOp(r), OpError);
}

TEST(LayerTrace, ReluMarksKeptAndZeroed) {
    const Trace t = buildTrace(layer(OpKind::Relu, Tensor({3}, {-2.f, 0.f, 3.f})));
    ASSERT_EQ(t.layer.steps.size(), 3u);
    EXPECT_FALSE(t.layer.steps[0].kept);
    EXPECT_FALSE(t.layer.steps[1].kept);
    EXPECT_TRUE(t.layer.steps[2].kept);
    EXPECT_EQ(layerFormula(t, 0), "max(x, 0) = max(-2, 0) = 0");
}

TEST(LayerTrace, SoftmaxRecordsMaxExpsSumAndQuotients) {
    const Trace t = buildTrace(layer(OpKind::Softmax, Tensor({2, 3}, {1.f, 2.f, 3.f, 1000.f, 1001.f, 999.f})));
    ASSERT_EQ(t.layer.groups.size(), 2u);  // one slice per row (dim -1)
    const LayerGroup& g = t.layer.groups[1];
    EXPECT_EQ(g.max, 1001.0);
    EXPECT_EQ(g.sources, (std::vector<int>{3, 4, 5}));
    EXPECT_DOUBLE_EQ(g.exps[0], std::exp(-1.0));
    EXPECT_DOUBLE_EQ(g.sum, std::exp(-1.0) + 1.0 + std::exp(-2.0));
    EXPECT_EQ(t.layer.steps[4].group, 1);
    EXPECT_EQ(t.steps[4].divisor, g.sum);
    EXPECT_EQ(t.steps[4].result, static_cast<float>(1.0 / g.sum));
    EXPECT_EQ(layerFormula(t, 3), "exp(x - max) / sum = exp(1000 - 1001) / 1.503 = 0.2447");
}

TEST(LayerTrace, FlattenWritesTheIndexFormula) {
    const Trace t = buildTrace(layer(OpKind::Flatten, Tensor({2, 3, 4}, 1.f)));
    const std::size_t step = 1 * 12 + 2 * 4 + 3;
    EXPECT_EQ(t.layer.steps[step].source_index, (std::vector<int>{1, 2, 3}));
    EXPECT_EQ(layerFormula(t, step), "c*H*W + h*W + w = 1*3*4 + 2*4 + 3 = 23");
}

TEST(LayerTrace, BatchNormRecordsEachChannelsStatistics) {
    OpRequest r = layer(OpKind::BatchNorm2d, Tensor({2, 2, 1, 2}, {1.f, 3.f, 10.f, 10.f, 5.f, 7.f, 20.f, 30.f}));
    r.params.layer.training = true;
    const Trace t = buildTrace(r);
    ASSERT_EQ(t.layer.groups.size(), 2u);
    const LayerGroup& c0 = t.layer.groups[0];
    EXPECT_EQ(c0.sources, (std::vector<int>{0, 1, 4, 5}));  // channel 0 of both samples
    EXPECT_EQ(c0.values, (std::vector<float>{1.f, 3.f, 5.f, 7.f}));
    EXPECT_DOUBLE_EQ(c0.mean, 4.0);
    EXPECT_DOUBLE_EQ(c0.variance, 5.0);  // biased: (9 + 1 + 1 + 9) / 4
    EXPECT_TRUE(c0.from_batch);
    EXPECT_EQ(t.layer.steps[5].group, 0);
    EXPECT_EQ(layerFormula(t, 0),
              "(x - mean) / sqrt(var + eps) * weight + bias = (1 - 4) / sqrt(5 + 1e-05) * 1 + 0 = -1.342");
}

TEST(LayerTrace, LinearListsEachProductAndTheBias) {
    OpRequest r = layer(OpKind::Linear, Tensor({2}, {1.f, 2.f}));
    r.weight = Tensor({2, 2}, {1.f, 1.f, 0.5f, -1.f});
    r.bias = {1.f, 2.f};
    const Trace t = buildTrace(r);
    ASSERT_EQ(t.steps.size(), 2u);
    ASSERT_EQ(t.steps[1].terms.size(), 2u);
    EXPECT_EQ(t.steps[1].terms[1].weight, -1.f);
    EXPECT_EQ(t.steps[1].sum, -1.5);
    EXPECT_EQ(t.steps[1].bias, 2.0);
    EXPECT_EQ(layerFormula(t, 1), "x . W[1] + b = 1*0.5 + 2*-1 + 2 = 0.5");
}

TEST(LayerTrace, StepsReadingFindsEveryUseOfAnInput) {
    OpRequest r = layer(OpKind::Linear, Tensor({2, 2}, {1.f, 2.f, 3.f, 4.f}));
    r.weight = Tensor({3, 2}, 1.f);
    const Trace t = buildTrace(r);
    EXPECT_EQ(stepsReading(t, 0, 0, 2), (std::vector<std::size_t>{3, 4, 5}));  // row 1 feeds outputs 3..5
    const Trace s = buildTrace(layer(OpKind::Softmax, Tensor({2, 2}, 1.f)));
    EXPECT_EQ(stepsReading(s, 0, 0, 3), (std::vector<std::size_t>{3}));
    EXPECT_EQ(stepOfOutput(s, 0, 0, 3), 3u);
}

TEST(LayerTrace, TooLargeATraceIsRefused) {
    EXPECT_THROW(buildTrace(layer(OpKind::Relu, Tensor({4096, 4096}, 1.f))), OpError);
}

}  // namespace
}  // namespace cs
