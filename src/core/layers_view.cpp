#include "core/layers_view.h"

#include <algorithm>
#include <exception>
#include <limits>
#include <utility>

#include "core/engine.h"
#include "core/layer_ops.h"

namespace cs {
namespace {

// One stage computed, before it replaces anything on show.
struct Built {
    OpRequest request;
    std::vector<int> input_shape, output_shape;
    Tensor result;
    bool window = false;
    Trace trace;
    std::vector<RunningUpdate> running;
};

std::vector<RunningUpdate> runningUpdates(const OpRequest& r) {
    std::vector<RunningUpdate> out;
    if (r.params.op != OpKind::BatchNorm2d || !r.params.layer.training) return out;
    const LayerGeometry g = layerGeometry(r);
    const double m = r.params.layer.momentum;
    const double count = static_cast<double>(g.batch) * g.spatial;
    for (int c = 0; c < g.channels; ++c) {
        const ChannelStats st = channelStats(r, g, c);
        RunningUpdate u;
        const auto ci = static_cast<std::size_t>(c);
        u.batch_mean = st.mean;
        u.unbiased_variance = count > 1 ? st.variance * count / (count - 1) : st.variance;
        u.old_mean = ci < r.running_mean.size() ? r.running_mean[ci] : 0.0;
        u.old_variance = ci < r.running_var.size() ? r.running_var[ci] : 1.0;
        u.new_mean = (1 - m) * u.old_mean + m * u.batch_mean;
        u.new_variance = (1 - m) * u.old_variance + m * u.unbiased_variance;
        out.push_back(u);
    }
    return out;
}

// Plans, computes and (for a layer op) traces one stage; throws OpError with
// the engine's message, or the step view's limits.
Built buildStage(const OpRequest& request) {
    if (std::string why = LessonView::check(request); !why.empty()) throw OpError(why);
    Built b;
    b.request = request;
    const OpPlan plan = planOp(request);
    // Every value is drawn as a cell each frame: a lesson file's large tensor
    // would make the page crawl, so it is refused here with what to do instead.
    const std::size_t most = std::max(request.input.size(), elementCount(plan.output_shape));
    if (most > kMaxLayersPageValues)
        throw OpError("the Layers page shows at most " + std::to_string(kMaxLayersPageValues) +
                      " values per tensor, and this one has " + std::to_string(most) +
                      "; compute it with `convscope compute` instead.");
    b.input_shape = request.input.shape();
    b.output_shape = plan.output_shape;
    CpuEngine cpu;
    b.result = cpu.run(request);
    b.window = !isLayer(request.params.op);
    if (!b.window) b.trace = buildTrace(request);
    b.running = runningUpdates(request);
    return b;
}

std::size_t statisticsStepCount(const LayersStage& s) {
    if (s.window || s.request.params.op != OpKind::BatchNorm2d) return 0;
    return s.trace.layer.groups.size();
}

}  // namespace

std::string compactShape(const std::vector<int>& shape) {
    std::string out;
    for (int d : shape) out += (out.empty() ? "" : "x") + std::to_string(d);
    return out.empty() ? "scalar" : out;
}

std::string stageName(const OpRequest& r) {
    switch (r.params.op) {
        case OpKind::XCorr2d: return "conv";
        case OpKind::Conv2d: return "true convolution";
        case OpKind::MaxPool2d: return "max pool";
        case OpKind::Relu: return "ReLU";
        case OpKind::BatchNorm2d: return "batch norm";
        case OpKind::Flatten: return "flatten";
        case OpKind::Softmax: return "softmax";
        case OpKind::Linear: return "linear";
        default: return std::string(opName(r.params.op));
    }
}

namespace {

std::string stageDetail(const OpRequest& r) {
    switch (r.params.op) {
        case OpKind::XCorr2d:
        case OpKind::Conv2d: return compactShape(r.kernel.shape());
        case OpKind::MaxPool2d:
            return std::to_string(r.params.pool.kernel_size.h) + "x" + std::to_string(r.params.pool.kernel_size.w);
        case OpKind::Linear: return compactShape(r.weight.shape());
        default: return {};
    }
}

}  // namespace

bool LayersView::update(const LayersLesson& lesson, bool force) {
    if (!force && seen_any_ && lesson.revision == revision_) return false;
    seen_any_ = true;
    revision_ = lesson.revision;
    std::vector<Built> built;
    try {
        if (lesson.stages.empty()) throw OpError("the lesson has no operation.");
        for (std::size_t i = 0; i < lesson.stages.size(); ++i) {
            OpRequest r = lesson.stages[i];
            if (i > 0 && lesson.isPipeline()) r.input = built.back().result;  // fed, not typed
            try {
                built.push_back(buildStage(r));
            } catch (const std::exception& e) {
                if (!lesson.isPipeline()) throw;
                throw OpError("stage " + std::to_string(i + 1) + ", " + stageName(r) + ": " + e.what());
            }
        }
    } catch (const std::exception& e) {
        error_ = e.what();
        return true;
    }
    error_.clear();
    // A different lesson (other ops) starts from fresh stages; an edit keeps
    // every stage's playhead where it was.
    bool same_ops = stages_.size() == built.size();
    for (std::size_t i = 0; same_ops && i < built.size(); ++i)
        same_ops = stages_[i].request.params.op == built[i].request.params.op;
    if (!same_ops) {
        stages_.clear();
        stages_.resize(built.size());
    }
    for (std::size_t i = 0; i < built.size(); ++i) {
        LayersStage& s = stages_[i];
        Built& b = built[i];
        s.name = stageName(b.request);
        s.detail = stageDetail(b.request);
        s.input_shape = std::move(b.input_shape);
        s.output_shape = std::move(b.output_shape);
        s.result = std::move(b.result);
        s.window = b.window;
        s.trace = std::move(b.trace);
        s.running = std::move(b.running);
        s.request = std::move(b.request);
        if (s.window) {
            Lesson as_lesson;
            as_lesson.request = s.request;
            s.lesson_view.update(as_lesson, nullptr, true);
        } else {
            s.lesson_view = LessonView{};
            s.stepper.reset(statisticsStepCount(s) + s.trace.steps.size());
        }
    }
    shown_ = static_cast<std::size_t>(std::clamp(lesson.shown_stage, 0, static_cast<int>(stages_.size()) - 1));
    return true;
}

Stepper& LayersView::stepper() {
    static Stepper none;
    if (stages_.empty()) return none = Stepper{};
    LayersStage& s = stage();
    return s.window ? s.lesson_view.stepper() : s.stepper;
}

const Stepper& LayersView::stepper() const { return const_cast<LayersView*>(this)->stepper(); }

std::size_t LayersView::statisticsSteps() const { return stages_.empty() ? 0 : statisticsStepCount(stage()); }

int LayersView::statisticsChannel() const {
    if (stages_.empty()) return -1;
    const LayersStage& s = stage();
    const std::size_t stats = statisticsStepCount(s);
    return s.stepper.current() < stats ? static_cast<int>(s.stepper.current()) : -1;
}

std::size_t LayersView::layerStepIndex() const {
    if (stages_.empty() || stage().window) return std::numeric_limits<std::size_t>::max();
    const LayersStage& s = stage();
    const std::size_t stats = statisticsStepCount(s);
    if (s.stepper.current() < stats || s.trace.steps.empty()) return std::numeric_limits<std::size_t>::max();
    return std::min(s.stepper.current() - stats, s.trace.steps.size() - 1);
}

const TraceStep* LayersView::layerStep() const {
    const std::size_t i = layerStepIndex();
    return i == std::numeric_limits<std::size_t>::max() ? nullptr : &stage().trace.steps[i];
}

Tensor LayersView::partialOutput() const {
    if (stages_.empty() || stage().window) return Tensor({1}, std::numeric_limits<float>::quiet_NaN());
    const LayersStage& s = stage();
    const std::size_t i = layerStepIndex();
    const std::size_t count = i == std::numeric_limits<std::size_t>::max() ? 0 : i + 1;
    return replay(s.trace, count).reshaped(s.output_shape);
}

std::string LayersView::shapesLine() const {
    if (stages_.empty()) return {};
    std::string line = compactShape(stages_.front().input_shape);
    for (const LayersStage& s : stages_) {
        line += " -> " + s.name;
        if (!s.detail.empty()) line += " " + s.detail;
        line += " -> " + compactShape(s.output_shape);
    }
    return line;
}

}  // namespace cs
