// The Layers page's document and view (core/layers_lesson.h, layers_view.h):
// each op's steps, batch norm's statistics steps and train/eval, undo, bad
// edits as messages, and the pipeline: its shapes, and its probabilities equal
// to `compute` run stage by stage through the request parser.
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <numeric>

#include "core/engine.h"
#include "core/history.h"
#include "core/layer_trace.h"
#include "core/layers_view.h"
#include "io/request_json.h"

namespace cs {
namespace {

LayersView viewOf(const LayersLesson& l) {
    LayersView v;
    v.update(l);
    return v;
}

TEST(LayersLesson, EveryBuiltinLessonBuildsAView) {
    ASSERT_EQ(layersLessonNames(), (std::vector<std::string>{"relu", "batchnorm", "flatten", "softmax", "linear", "pipeline"}));
    for (const std::string& name : layersLessonNames()) {
        const auto l = builtinLayersLesson(name);
        ASSERT_TRUE(l) << name;
        const LayersView v = viewOf(*l);
        EXPECT_TRUE(v.error().empty()) << name << ": " << v.error();
        ASSERT_TRUE(v.hasStages()) << name;
        EXPECT_GT(v.stepper().count(), 0u) << name;
    }
    EXPECT_FALSE(builtinLayersLesson("relux"));
}

TEST(LayersView, ReluMarksTheZeroedCells) {
    LayersView v = viewOf(layersLesson(LayersTopic::Relu));
    const LayersStage& s = v.stage();
    ASSERT_EQ(v.stepper().count(), 16u);
    for (std::size_t i = 0; i < 16; ++i)
        EXPECT_EQ(s.trace.layer.steps[i].kept, s.request.input.at(static_cast<int>(i)) > 0.f) << i;
    v.stepper().seek(1);  // input [0][1] is -2: zeroed
    ASSERT_NE(v.layerStep(), nullptr);
    EXPECT_EQ(v.layerStep()->result, 0.f);
    EXPECT_EQ(layerFormula(s.trace, 1), "max(x, 0) = max(-2, 0) = 0");
    const Tensor partial = v.partialOutput();
    EXPECT_EQ(partial.at(0, 0), 1.f);
    EXPECT_TRUE(std::isnan(partial.at(0, 2)));
}

TEST(LayersView, SoftmaxBarsSumToOneAndHugeLogitsStayFinite) {
    LayersLesson l = layersLesson(LayersTopic::Softmax);
    LayersView v = viewOf(l);
    const Tensor& p = v.stage().result;
    EXPECT_NEAR(std::accumulate(p.values().begin(), p.values().end(), 0.0), 1.0, 1e-6);
    EXPECT_DOUBLE_EQ(v.stage().trace.layer.groups[0].max, 3.0);  // the max subtracted
    l.stages[0].input = Tensor({1, 3}, {1000.f, 1001.f, 999.f});
    l.touch();
    v.update(l);
    ASSERT_TRUE(v.error().empty());
    EXPECT_NEAR(v.stage().result.at(0, 1), 0.6652409, 1e-6);
    for (float x : v.stage().result.values()) EXPECT_TRUE(std::isfinite(x));
}

TEST(LayersView, BatchNormWalksTheStatisticsFirstThenEachElement) {
    LayersLesson l = layersLesson(LayersTopic::BatchNorm);  // training, 2 maps x 2 channels x 2x2
    LayersView v = viewOf(l);
    ASSERT_EQ(v.stepper().count(), 2u + 16u);
    EXPECT_EQ(v.statisticsChannel(), 0);
    EXPECT_EQ(v.layerStep(), nullptr);
    v.stepper().seek(1);
    EXPECT_EQ(v.statisticsChannel(), 1);
    v.stepper().seek(2);
    EXPECT_EQ(v.statisticsChannel(), -1);
    ASSERT_NE(v.layerStep(), nullptr);
    EXPECT_EQ(v.layerStepIndex(), 0u);
    // Channel 0 holds 1 2 3 2 and 2 3 1 2: mean 2, biased variance 0.5.
    const LayerGroup& g0 = v.stage().trace.layer.groups[0];
    EXPECT_TRUE(g0.from_batch);
    EXPECT_DOUBLE_EQ(g0.mean, 2.0);
    EXPECT_DOUBLE_EQ(g0.variance, 0.5);
    // The running statistics move by momentum 0.1, the variance unbiased (8/7).
    ASSERT_EQ(v.stage().running.size(), 2u);
    EXPECT_NEAR(v.stage().running[0].new_mean, 0.2, 1e-12);
    EXPECT_NEAR(v.stage().running[0].new_variance, 0.9 + 0.1 * 0.5 * 8.0 / 7.0, 1e-12);
    // Eval: the running statistics are used and nothing moves.
    l.stages[0].params.layer.training = false;
    l.stages[0].running_mean = {1.f, -1.f};
    l.stages[0].running_var = {4.f, 1.f};
    l.touch();
    v.update(l);
    const LayerGroup& e0 = v.stage().trace.layer.groups[0];
    EXPECT_FALSE(e0.from_batch);
    EXPECT_DOUBLE_EQ(e0.mean, 1.0);
    EXPECT_DOUBLE_EQ(e0.variance, 4.0);
    EXPECT_TRUE(v.stage().running.empty());
    EXPECT_NEAR(v.stage().result.at(0, 0, 0, 0), (1.0 - 1.0) / std::sqrt(4.0 + 1e-5), 1e-6);
}

TEST(LayersView, FlattenWritesTheIndexFormula) {
    LayersView v = viewOf(layersLesson(LayersTopic::Flatten));  // 2 x 3 x 3, values 1..18
    ASSERT_EQ(v.stepper().count(), 18u);
    EXPECT_EQ(v.stage().output_shape, std::vector<int>{18});
    EXPECT_EQ(layerFormula(v.stage().trace, 13), "c*H*W + h*W + w = 1*3*3 + 1*3 + 1 = 13");
    EXPECT_EQ(v.stage().result.at(13), 14.f);
}

TEST(LayersView, LinearIsAWeightedSumPlusBias) {
    LayersView v = viewOf(layersLesson(LayersTopic::Linear));
    ASSERT_EQ(v.stepper().count(), 3u);
    // y2 = 1*-0.5 + 2*0 + -1*2 + 0.5*0 + -1 = -3.5
    EXPECT_EQ(v.stage().result.at(0, 2), -3.5f);
    EXPECT_NE(layerFormula(v.stage().trace, 2).find("= -3.5"), std::string::npos) << layerFormula(v.stage().trace, 2);
}

TEST(LayersView, BadEditsGiveMessagesAndKeepTheLastGoodView) {
    LayersLesson l = layersLesson(LayersTopic::Linear);
    LayersView v = viewOf(l);
    const Tensor good = v.stage().result;
    l.stages[0].weight = Tensor({3, 5});  // 5 weights per row, 4 inputs
    l.touch();
    v.update(l, true);  // a new document: its revision starts again
    EXPECT_FALSE(v.error().empty());
    EXPECT_EQ(v.stage().result, good);
    l = layersLesson(LayersTopic::Flatten);
    l.stages[0].params.layer.start_dim = 7;
    l.touch();
    v.update(l, true);  // a new document: its revision starts again
    EXPECT_NE(v.error().find("start_dim"), std::string::npos) << v.error();
    l = layersLesson(LayersTopic::BatchNorm);
    l.stages[0].params.layer.eps = 0;
    l.touch();
    v.update(l, true);  // a new document: its revision starts again
    EXPECT_FALSE(v.error().empty());
    l.stages[0].params.layer.eps = 1e-5;
    l.touch();
    v.update(l, true);  // a new document: its revision starts again
    EXPECT_TRUE(v.error().empty()) << v.error();
    // A tensor too large to draw cell by cell (a lesson file can hold one).
    l = layersLesson(LayersTopic::Relu);
    l.stages[0].input = Tensor({100, 100});
    l.touch();
    v.update(l, true);
    EXPECT_NE(v.error().find("at most 4096 values"), std::string::npos) << v.error();
    // A pipeline stage names itself.
    l = layersLesson(LayersTopic::Pipeline);
    l.stages[kStageConv].input = Tensor({1, 5, 5});  // 2x3x3 -> pool 2x1x1 -> 2 features, W wants 8
    l.touch();
    v.update(l, true);  // a new document: its revision starts again
    EXPECT_NE(v.error().find("stage 6, linear"), std::string::npos) << v.error();
}

TEST(LayersView, EditsKeepThePlayhead) {
    LayersLesson l = layersLesson(LayersTopic::Relu);
    LayersView v = viewOf(l);
    v.stepper().seek(5);
    l.stages[0].input.at(0, 0) = 7.f;
    l.touch();
    v.update(l);
    EXPECT_EQ(v.stepper().current(), 5u);
    EXPECT_EQ(v.stage().result.at(0, 0), 7.f);
}

TEST(LayersLesson, UndoAndRedoRestoreEditsExactly) {
    LayersLesson l = layersLesson(LayersTopic::BatchNorm);
    SnapshotHistory<LayersLesson> h;
    h.reset(l);
    const LayersLesson before = l;
    l.stages[0].running_var[1] = 0.3f;
    l.touch();
    EXPECT_TRUE(h.commit(l));
    l.shown_stage = 3;  // which stage is on show is not an edit
    EXPECT_FALSE(h.commit(l));
    setBatchNormShape(l.stages[0], 3, 2);
    l.touch();
    EXPECT_TRUE(h.commit(l));
    EXPECT_EQ(l.stages[0].input.dim(0), 3);
    ASSERT_TRUE(h.undo(l));
    EXPECT_EQ(l.stages[0].input.dim(0), 2);
    EXPECT_EQ(l.stages[0].running_var[1], 0.3f);
    ASSERT_TRUE(h.undo(l));
    EXPECT_TRUE(sameContent(l, before));
    ASSERT_TRUE(h.redo(l));
    EXPECT_EQ(l.stages[0].running_var[1], 0.3f);
}

TEST(LayersLesson, ShapeEditsKeepTheRequestConsistent) {
    OpRequest r = layersLesson(LayersTopic::BatchNorm).stages[0];
    setBatchNormShape(r, 4, 3);
    EXPECT_EQ(r.input.shape(), (std::vector<int>{4, 3, 2, 2}));
    EXPECT_EQ(r.weight.shape(), std::vector<int>{3});
    EXPECT_EQ(r.running_var, (std::vector<float>{1, 1, 1}));
    setBatchNormShape(r, 9, 9);  // clamped
    EXPECT_EQ(r.input.dim(0), kMaxLayerBatch);
    OpRequest lin = layersLesson(LayersTopic::Linear).stages[0];
    setLinearShape(lin, 2, 5);
    EXPECT_EQ(lin.weight.shape(), (std::vector<int>{5, 2}));
    EXPECT_EQ(lin.bias.size(), 5u);
    EXPECT_EQ(lin.weight.at(0, 1), -1.f);  // kept
    LayersView v = viewOf(layersLesson(LayersTopic::Linear));
    EXPECT_TRUE(v.error().empty());
}

TEST(LayersPipeline, ShapesAreWrittenBetweenStages) {
    const LayersView v = viewOf(layersLesson(LayersTopic::Pipeline));
    ASSERT_EQ(v.stageCount(), static_cast<std::size_t>(kPipelineStages));
    EXPECT_EQ(v.shapesLine(),
              "1x6x6 -> conv 2x1x3x3 -> 2x4x4 -> batch norm -> 2x4x4 -> ReLU -> 2x4x4 -> max pool 2x2 -> 2x2x2 -> "
              "flatten -> 8 -> linear 3x8 -> 3 -> softmax -> 3");
    for (std::size_t i = 1; i < v.stageCount(); ++i)
        EXPECT_EQ(v.stage(i).input_shape, v.stage(i - 1).output_shape) << i;
    // The window stages step as the matrix page does; the layer stages with their traces.
    EXPECT_TRUE(v.stage(kStageConv).window);
    EXPECT_EQ(v.stage(kStageConv).lesson_view.stepper().count(), 32u);
    EXPECT_EQ(v.stage(kStagePool).lesson_view.stepper().count(), 8u);
    EXPECT_EQ(v.stage(kStageLinear).stepper.count(), 3u);
    EXPECT_EQ(v.stage(kStageBatchNorm).stepper.count(), 2u + 32u);  // 2 channels' statistics, then 32 elements
}

TEST(LayersPipeline, ShowingAnotherStageMovesThePlayheadThere) {
    LayersLesson l = layersLesson(LayersTopic::Pipeline);
    LayersView v = viewOf(l);
    v.stepper().seek(4);
    l.shown_stage = kStageSoftmax;
    l.touch();
    v.update(l);
    EXPECT_EQ(v.shownIndex(), static_cast<std::size_t>(kStageSoftmax));
    EXPECT_EQ(v.stepper().count(), 3u);
    l.shown_stage = kStageConv;
    l.touch();
    v.update(l);
    EXPECT_EQ(v.stepper().current(), 4u);  // each stage keeps its own place
}

// One stage as a `compute` request: the JSON a student would write.
nlohmann::json tensorJson(const Tensor& t) { return nlohmann::json::parse(formatResult(t))["output"]; }

nlohmann::json requestJson(const OpRequest& r, const Tensor& input) {
    nlohmann::json j;
    j["op"] = std::string(opName(r.params.op));
    j["input"] = tensorJson(input);
    switch (r.params.op) {
        case OpKind::XCorr2d:
            j["kernel"] = tensorJson(r.kernel);
            j["bias"] = r.bias;
            break;
        case OpKind::BatchNorm2d:
            j["weight"] = tensorJson(r.weight);
            j["bias"] = r.bias;
            j["running_mean"] = r.running_mean;
            j["running_var"] = r.running_var;
            j["training"] = r.params.layer.training;
            break;
        case OpKind::MaxPool2d:
            j["kernel_size"] = r.params.pool.kernel_size.h;
            j["stride"] = r.params.window.stride.h;
            break;
        case OpKind::Linear:
            j["weight"] = tensorJson(r.weight);
            j["bias"] = r.bias;
            break;
        default: break;
    }
    return j;
}

TEST(LayersPipeline, FinalProbabilitiesEqualComputeRunStageByStage) {
    const LayersLesson l = layersLesson(LayersTopic::Pipeline);
    const LayersView v = viewOf(l);
    ASSERT_TRUE(v.error().empty()) << v.error();
    CpuEngine cpu;
    Tensor x = l.stages[0].input;
    for (std::size_t i = 0; i < l.stages.size(); ++i) {
        const std::string text = requestJson(l.stages[i], x).dump();
        x = cpu.run(parseRequest(text));
        EXPECT_EQ(x, v.stage(i).result) << "stage " << i << ": " << text;
    }
    ASSERT_EQ(x.shape(), std::vector<int>{3});
    EXPECT_EQ(x, v.output());
    EXPECT_NEAR(x.at(0) + x.at(1) + x.at(2), 1.0, 1e-6);
    // Three different probabilities: the example is not degenerate.
    EXPECT_NE(x.at(0), x.at(1));
    EXPECT_NE(x.at(1), x.at(2));
}

}  // namespace
}  // namespace cs
