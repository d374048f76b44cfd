#include "core/layers_lesson.h"

#include <algorithm>
#include <array>

#include "core/lesson_edit.h"

namespace cs {
namespace {

constexpr LayersTopicInfo kTopics[] = {
    {LayersTopic::Relu, "relu", "ReLU: negatives become 0, the rest pass unchanged"},
    {LayersTopic::BatchNorm, "batchnorm", "Batch norm: each channel shifted to mean 0 and scaled to variance 1"},
    {LayersTopic::Flatten, "flatten", "Flatten: C x H x W cells laid out in one vector, in C order"},
    {LayersTopic::Softmax, "softmax", "Softmax: logits to probabilities that sum to 1"},
    {LayersTopic::Linear, "linear", "Linear: each output a weighted sum of every input plus a bias"},
    {LayersTopic::Pipeline, "pipeline", "A tiny ConvNet: conv, batch norm, ReLU, max pool, flatten, linear, softmax"},
};

constexpr bool topicsInOrder() {
    if (std::size(kTopics) != static_cast<std::size_t>(LayersTopic::Count)) return false;
    for (std::size_t i = 0; i < std::size(kTopics); ++i)
        if (kTopics[i].topic != static_cast<LayersTopic>(i)) return false;
    return true;
}
static_assert(topicsInOrder(), "kTopics needs one row per LayersTopic, in order");

OpRequest layerRequest(OpKind op, Tensor input) {
    OpRequest r;
    r.params.op = op;
    r.input = std::move(input);
    return r;
}

OpRequest reluLesson() {
    return layerRequest(OpKind::Relu, Tensor({4, 4}, {1, -2, 3, -1, -3, 0, 2, -4, 2, -1, -2, 1, 0, 3, -3, 2}));
}

OpRequest batchNormLesson() {
    // Two maps of two channels: channel 0 around 2, channel 1 around -1 and wider.
    OpRequest r = layerRequest(OpKind::BatchNorm2d,
                               Tensor({2, 2, 2, 2}, {1, 2, 3, 2, -1, 0, -3, 1,  //
                                                     2, 3, 1, 2, -2, 1, -1, -2}));
    r.params.layer.training = true;
    r.weight = Tensor({2}, {1.f, 1.f});
    r.bias = {0.f, 0.f};
    r.running_mean = {0.f, 0.f};
    r.running_var = {1.f, 1.f};
    return r;
}

OpRequest flattenLesson() {
    Tensor in({2, 3, 3});
    for (int i = 0; i < 18; ++i) in.at(i) = static_cast<float>(i + 1);
    return layerRequest(OpKind::Flatten, std::move(in));
}

OpRequest softmaxLesson() { return layerRequest(OpKind::Softmax, Tensor({1, 4}, {2.f, 1.f, 0.1f, 3.f})); }

OpRequest linearLesson() {
    OpRequest r = layerRequest(OpKind::Linear, Tensor({1, 4}, {1, 2, -1, 0.5f}));
    r.weight = Tensor({3, 4}, {0.5f, -1, 0, 1, 1, 1, 1, 1, -0.5f, 0, 2, 0});
    r.bias = {0.f, 1.f, -1.f};
    return r;
}

// 6x6 input -> conv 2x1x3x3 -> 2x4x4 -> batch norm -> ReLU -> max pool 2 ->
// 2x2x2 -> flatten 8 -> linear 3x8 -> softmax 3.
std::vector<OpRequest> pipelineLesson() {
    std::vector<OpRequest> s(kPipelineStages);
    // A bright vertical bar on the left, a horizontal one at the bottom.
    Tensor in({1, 6, 6});
    for (int y = 0; y < 6; ++y) in.at(0, y, 1) = 1.f;
    for (int x = 2; x < 6; ++x) in.at(0, 4, x) = 2.f;
    s[kStageConv].params.op = OpKind::XCorr2d;
    s[kStageConv].input = in;
    // Filter 0 finds vertical edges, filter 1 horizontal ones.
    s[kStageConv].kernel = Tensor({2, 1, 3, 3}, {1, 0, -1, 1, 0, -1, 1, 0, -1,  //
                                                 1, 1, 1, 0, 0, 0, -1, -1, -1});
    s[kStageConv].bias = {0.f, 0.5f};
    s[kStageBatchNorm] = layerRequest(OpKind::BatchNorm2d, Tensor({2, 4, 4}));
    s[kStageBatchNorm].params.layer.training = true;
    s[kStageBatchNorm].weight = Tensor({2}, {1.f, 1.f});
    s[kStageBatchNorm].bias = {0.f, 0.f};
    s[kStageBatchNorm].running_mean = {0.f, 0.f};
    s[kStageBatchNorm].running_var = {1.f, 1.f};
    s[kStageRelu] = layerRequest(OpKind::Relu, Tensor({2, 4, 4}));
    s[kStagePool].params.op = OpKind::MaxPool2d;
    s[kStagePool].params.pool.kernel_size = {2, 2};
    s[kStagePool].params.window.stride = {2, 2};
    s[kStagePool].input = Tensor({2, 4, 4});
    s[kStagePool].kernel = Tensor{{1, 1}};
    s[kStageFlatten] = layerRequest(OpKind::Flatten, Tensor({2, 2, 2}));
    s[kStageLinear] = layerRequest(OpKind::Linear, Tensor({8}));
    s[kStageLinear].weight = Tensor({3, 8}, {1, 0, 0, 0, 1, 0, 0, 0,  //
                                             0, 1, 0, 1, 0, 1, 0, 1,  //
                                             -1, 0, 1, 0, 0, 0, 1, 0});
    s[kStageLinear].bias = {0.f, -0.5f, 0.f};
    s[kStageSoftmax] = layerRequest(OpKind::Softmax, Tensor({3}));
    return s;
}

}  // namespace

std::span<const LayersTopicInfo> layersTopics() { return kTopics; }

const LayersTopicInfo& topicInfo(LayersTopic topic) { return kTopics[static_cast<std::size_t>(topic)]; }

bool sameContent(const LayersLesson& a, const LayersLesson& b) {
    if (a.topic != b.topic || a.title != b.title || a.quiz != b.quiz || a.stages.size() != b.stages.size()) return false;
    for (std::size_t i = 0; i < a.stages.size(); ++i)
        if (!sameRequest(a.stages[i], b.stages[i])) return false;
    return true;
}

std::vector<std::string> layersLessonNames() {
    std::vector<std::string> names;
    for (const LayersTopicInfo& t : kTopics) names.emplace_back(t.name);
    return names;
}

LayersLesson layersLesson(LayersTopic topic) {
    LayersLesson l;
    l.topic = topic;
    l.name = topicInfo(topic).name;
    l.title = topicInfo(topic).title;
    switch (topic) {
        case LayersTopic::Relu: l.stages = {reluLesson()}; break;
        case LayersTopic::BatchNorm: l.stages = {batchNormLesson()}; break;
        case LayersTopic::Flatten: l.stages = {flattenLesson()}; break;
        case LayersTopic::Softmax: l.stages = {softmaxLesson()}; break;
        case LayersTopic::Linear: l.stages = {linearLesson()}; break;
        case LayersTopic::Pipeline:
        case LayersTopic::Count: l.topic = LayersTopic::Pipeline; l.stages = pipelineLesson(); break;
    }
    return l;
}

std::optional<LayersLesson> builtinLayersLesson(std::string_view name) {
    for (const LayersTopicInfo& t : kTopics)
        if (name == t.name) return layersLesson(t.topic);
    return std::nullopt;
}

LayersLesson layersLessonFromLesson(const Lesson& lesson) {
    LayersLesson l;
    switch (lesson.request.params.op) {
        case OpKind::BatchNorm2d: l.topic = LayersTopic::BatchNorm; break;
        case OpKind::Flatten: l.topic = LayersTopic::Flatten; break;
        case OpKind::Softmax: l.topic = LayersTopic::Softmax; break;
        case OpKind::Linear: l.topic = LayersTopic::Linear; break;
        default: l.topic = LayersTopic::Relu; break;
    }
    l.name = lesson.name;
    l.title = lesson.title;
    l.stages = {lesson.request};
    l.quiz = lesson.view.quiz;
    return l;
}

Lesson lessonOfLayers(const LayersLesson& lesson) {
    Lesson l;
    l.name = lesson.name;
    l.title = lesson.title;
    if (!lesson.stages.empty()) l.request = lesson.stages.front();
    l.view.quiz = lesson.quiz;
    return l;
}

void setBatchNormShape(OpRequest& r, int n, int c) {
    n = std::clamp(n, 1, kMaxLayerBatch);
    c = std::clamp(c, 1, kMaxLayerChannels);
    const int h = r.input.rank() >= 2 ? r.input.dim(-2) : 1, w = r.input.rank() >= 2 ? r.input.dim(-1) : 1;
    const int old_n = r.input.rank() == 4 ? r.input.dim(0) : 1, old_c = r.input.rank() >= 3 ? r.input.dim(-3) : 1;
    Tensor out({n, c, h, w});
    for (int b = 0; b < n; ++b)
        for (int ch = 0; ch < c; ++ch)
            for (int y = 0; y < h; ++y)
                for (int x = 0; x < w; ++x) {
                    if (b < old_n && ch < old_c) {
                        const std::size_t i = ((static_cast<std::size_t>(b) * old_c + ch) * h + y) * w + x;
                        out.at(b, ch, y, x) = r.input.values()[i];
                    } else {  // a small pattern, so a new channel has statistics of its own
                        out.at(b, ch, y, x) = static_cast<float>((b + 2 * ch + y + x) % 4 - 1);
                    }
                }
    r.input = std::move(out);
    auto follow = [c](std::vector<float>& v, float fill) {
        if (v.empty()) v.assign(static_cast<std::size_t>(c), fill);
        v.resize(static_cast<std::size_t>(c), fill);
    };
    std::vector<float> weight = r.weight.values();
    follow(weight, 1.f);
    r.weight = Tensor({c}, weight);
    follow(r.bias, 0.f);
    follow(r.running_mean, 0.f);
    follow(r.running_var, 1.f);
}

void setFlattenChannels(OpRequest& r, int c) {
    c = std::clamp(c, 1, kMaxLayerChannels);
    const int h = r.input.rank() >= 2 ? r.input.dim(-2) : 1, w = r.input.dim(-1);
    const std::size_t plane = static_cast<std::size_t>(h) * static_cast<std::size_t>(w);
    Tensor out({c, h, w});
    for (std::size_t i = 0; i < out.size(); ++i)
        out.values()[i] = i < r.input.size() ? r.input.values()[i] : static_cast<float>(i % plane + 1);
    r.input = std::move(out);
}

void setLinearShape(OpRequest& r, int in, int out) {
    in = std::clamp(in, 1, kMaxMatrixSide);
    out = std::clamp(out, 1, kMaxLayerFeatures);
    const int old_in = r.input.dim(-1), old_out = r.weight.rank() == 2 ? r.weight.dim(0) : 0;
    Tensor x({1, in}), w({out, in});
    for (int i = 0; i < in; ++i) x.at(0, i) = i < old_in ? r.input.values()[static_cast<std::size_t>(i)] : 1.f;
    for (int o = 0; o < out; ++o)
        for (int i = 0; i < in; ++i) w.at(o, i) = o < old_out && i < old_in ? r.weight.at(o, i) : 0.f;
    r.input = std::move(x);
    r.weight = std::move(w);
    r.bias.resize(static_cast<std::size_t>(out), 0.f);
}

}  // namespace cs
