#pragma once
// LayersLesson: the Layers page's document (DESIGN.md section 2): which layer
// lesson is open and its editable tensors and parameters. One lesson per layer
// op (relu, batchnorm, flatten, softmax, linear), each a single OpRequest, and
// the pipeline: conv -> batch norm -> ReLU -> max pool -> flatten -> linear ->
// softmax, seven requests whose inputs after the first are not the user's but
// the previous stage's output (core/layers_view.h feeds them).
//
//   LayersLesson l = builtinLayersLesson("softmax").value();  // logits 1 x 4
//   l.stages[0].input.at(0, 1) = 1000.f;
//   l.touch();                                                // rebuild the view
//   LayersLesson p = layersLesson(LayersTopic::Pipeline);      // 1x6x6 -> ... -> 3 probabilities
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/lesson.h"
#include "core/op_params.h"

namespace cs {

enum class LayersTopic { Relu, BatchNorm, Flatten, Softmax, Linear, Pipeline, Count };

struct LayersTopicInfo {
    LayersTopic topic;
    const char* name;   // the --lesson name: "batchnorm"
    const char* title;  // shown above the stage
};
// One row per topic, in LayersTopic order (checked at compile time).
std::span<const LayersTopicInfo> layersTopics();
const LayersTopicInfo& topicInfo(LayersTopic topic);

// The pipeline's stages, in order (index into LayersLesson::stages).
enum PipelineStage { kStageConv, kStageBatchNorm, kStageRelu, kStagePool, kStageFlatten, kStageLinear, kStageSoftmax,
                     kPipelineStages };

struct LayersLesson {
    LayersTopic topic = LayersTopic::Relu;
    std::string name = "relu";  // built-in name or file stem
    std::string title;
    // An op lesson: one request. The pipeline: kPipelineStages requests; only
    // stage 0's input is the user's, the others are fed by the view.
    std::vector<OpRequest> stages;
    int shown_stage = 0;         // the pipeline stage on the stage panel; not content (no undo step)
    bool quiz = false;           // quiz mode (core/quiz.h): the shown stage's next element hidden until predicted
    std::uint64_t revision = 0;  // bumped by every edit; never saved

    void touch() { ++revision; }
    bool isPipeline() const { return topic == LayersTopic::Pipeline; }
};

// Same topic, title, quiz mode and requests (name, revision and shown stage ignored);
// floats exactly, as undo must restore them.
bool sameContent(const LayersLesson& a, const LayersLesson& b);

// The built-in lessons, one per topic, in topic order: relu, batchnorm,
// flatten, softmax, linear, pipeline.
std::vector<std::string> layersLessonNames();
LayersLesson layersLesson(LayersTopic topic);
std::optional<LayersLesson> builtinLayersLesson(std::string_view name);

// A lesson file's document whose op is a layer op, as the Layers page's
// document; and back (op lessons only: the pipeline has no file format yet).
LayersLesson layersLessonFromLesson(const Lesson& lesson);
Lesson lessonOfLayers(const LayersLesson& lesson);

// Edits that keep a layer request consistent (pure; the panel touches the lesson).
constexpr int kMaxLayerBatch = 4;     // batch norm: maps in the batch
constexpr int kMaxLayerChannels = 4;  // batch norm, flatten: channels
constexpr int kMaxLayerFeatures = 8;  // linear: outputs
// batchnorm2d: N x C x H x W with n maps and c channels; weight, bias and the
// running statistics follow C (new channels: 1, 0, 0, 1).
void setBatchNormShape(OpRequest& r, int n, int c);
// flatten: C x H x W with c channels.
void setFlattenChannels(OpRequest& r, int c);
// linear: input 1 x in, weight out x in, bias out; values that still fit are kept.
void setLinearShape(OpRequest& r, int in, int out);

}  // namespace cs
