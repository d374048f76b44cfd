#pragma once
// LayersView: everything the Layers page shows, derived from its document
// (core/layers_lesson.h) and rebuilt only when the revision changes. Per
// stage (one for an op lesson, seven for the pipeline) the request as run
// (the pipeline feeds each stage the previous stage's output), its plan's
// shapes, the CPU reference's result, and a Stepper:
//   - a layer op's trace (core/layer_trace.h); batch norm's stepper first
//     walks its channels' statistics (one step each: values, mean, variance,
//     and in training how the running ones move), then every element;
//   - a window op (the pipeline's conv and max pool) as the matrix page shows
//     it: a LessonView, so its stage and step panels draw it unchanged.
// An edit the engine refuses never blanks the page: the last good stages stay
// and error() says which stage refused and why, until the document is valid.
//
//   LayersView v;  v.update(layersLesson(LayersTopic::Softmax));
//   v.stage().result;                 // the probabilities
//   v.stepper().seek(2);  v.layerStep();  // trace step 2: exp(x - max) / sum
//   v.shapesLine();                   // "1x6x6 -> conv 2x1x3x3 -> 2x4x4 -> ..." for the pipeline
#include <cstdint>
#include <string>
#include <vector>

#include "core/layers_lesson.h"
#include "core/lesson_view.h"
#include "core/stepper.h"
#include "core/trace.h"

namespace cs {

// The largest input or output a stage may have on the Layers page (each value is a cell on screen).
constexpr std::size_t kMaxLayersPageValues = 4096;

// batchnorm2d in training: how one channel's running statistics move
// (PyTorch: the running variance takes the unbiased batch variance).
struct RunningUpdate {
    double batch_mean = 0.0, unbiased_variance = 0.0;
    double old_mean = 0.0, old_variance = 1.0;
    double new_mean = 0.0, new_variance = 1.0;  // (1 - momentum) * old + momentum * batch
};

struct LayersStage {
    std::string name;    // "conv", "batch norm", ...
    std::string detail;  // conv: "2x1x3x3" (the kernel), max pool: "2x2", linear: "3x8" (W); else ""
    OpRequest request;   // as run: the pipeline's fed input in place
    std::vector<int> input_shape, output_shape;
    Tensor result;       // the CPU reference, shaped like the plan's output
    bool window = false;  // a window op: lesson_view holds it
    Trace trace;          // layer ops
    LessonView lesson_view;  // window ops
    Stepper stepper;         // layer ops (window ops: lesson_view's)
    std::vector<RunningUpdate> running;  // batchnorm2d in training, per channel
};

class LayersView {
public:
    // Rebuilds when the revision differs from the last seen (or force).
    // Returns true when something was rebuilt. Never throws.
    bool update(const LayersLesson& lesson, bool force = false);

    bool hasStages() const { return !stages_.empty(); }
    // Non-empty while the document is refused ("stage 6, linear: ..."); the last good stages stay.
    const std::string& error() const { return error_; }
    std::size_t stageCount() const { return stages_.size(); }
    const LayersStage& stage(std::size_t i) const { return stages_[i]; }
    LayersStage& stage(std::size_t i) { return stages_[i]; }
    // The stage on show (the document's shown_stage, clamped).
    std::size_t shownIndex() const { return shown_; }
    const LayersStage& stage() const { return stages_[shown_]; }
    LayersStage& stage() { return stages_[shown_]; }
    // The final result (the last stage's).
    const Tensor& output() const { return stages_.back().result; }

    // The shown stage's playhead.
    Stepper& stepper();
    const Stepper& stepper() const;
    // The shown stage's statistics steps before its first element (batch norm: one per channel; else 0).
    std::size_t statisticsSteps() const;
    // Batch norm: the channel whose statistics the current step shows, else -1.
    int statisticsChannel() const;
    // The trace step on show (a layer op past its statistics steps), else nullptr.
    const TraceStep* layerStep() const;
    std::size_t layerStepIndex() const;  // its index in trace.steps
    // The shown layer stage's output after the current step: filled elements,
    // others NaN, shaped like the result (none filled during statistics steps).
    Tensor partialOutput() const;

    // "1x6x6 -> conv 2x1x3x3 -> 2x4x4 -> batch norm -> 2x4x4 -> ..."
    std::string shapesLine() const;

private:
    std::uint64_t revision_ = 0;
    bool seen_any_ = false;
    std::string error_;
    std::vector<LayersStage> stages_;
    std::size_t shown_ = 0;
};

// "2x4x4": a shape as the shapes line writes it.
std::string compactShape(const std::vector<int>& shape);
// How a stage runs `request` for the step views: its name and detail.
std::string stageName(const OpRequest& request);

}  // namespace cs
