#include "core/lesson_view.h"

#include <exception>
#include <limits>
#include <utility>

#include "core/padding.h"

namespace cs {
namespace {

double tensorBytes(const Tensor& t) { return heapBytes(static_cast<double>(t.size()) * sizeof(float)); }

// The padded input of every channel, cell by cell, as the trace's grid lays it out.
std::vector<PaddedCell> buildPadded(const Trace& trace, const OpRequest& request) {
    const OpPlan& p = trace.plan;
    const OpParams& params = request.params;
    const int ph = trace.padded_h, pw = trace.padded_w;
    std::vector<PaddedCell> padded(
        static_cast<std::size_t>(p.channels) * static_cast<std::size_t>(ph) * static_cast<std::size_t>(pw));
    // Only correlations honour padding_mode; pooling pads with 0 (-inf for max)
    // and autocorrelation with zeros.
    const PaddingMode mode = isCorrelation2d(params.op) ? params.correlation.padding_mode : PaddingMode::Zeros;
    const float pad_value = params.op == OpKind::MaxPool2d ? -std::numeric_limits<float>::infinity() : 0.f;
    // Read in place (a reshaped copy would be one more input's worth of memory).
    const std::vector<float>& in = request.input.values();
    std::size_t i = 0;
    for (int c = 0; c < p.channels; ++c)
        for (int py = 0; py < ph; ++py)
            for (int px = 0; px < pw; ++px, ++i) {
                const int y = py - trace.pad_top, x = px - trace.pad_left;
                PaddedCell& cell = padded[i];
                if (isTransposedConv2d(params.op)) {
                    // conv_arithmetic's grid: input cells s apart, every other cell a zero.
                    cell.src_y = p.transposed_h.source(py);
                    cell.src_x = p.transposed_w.source(px);
                    cell.padding = cell.src_y < 0 || cell.src_x < 0;
                } else {
                    cell.padding = y < 0 || y >= p.height || x < 0 || x >= p.width;
                    cell.src_y = paddedSource(y, p.height, mode);
                    cell.src_x = paddedSource(x, p.width, mode);
                }
                if (cell.src_y < 0 || cell.src_x < 0) {
                    cell.src_y = cell.src_x = -1;
                    cell.value = pad_value;
                } else {
                    cell.value = in[(static_cast<std::size_t>(c) * static_cast<std::size_t>(p.height) +
                                     static_cast<std::size_t>(cell.src_y)) *
                                        static_cast<std::size_t>(p.width) +
                                    static_cast<std::size_t>(cell.src_x)];
                }
            }
    return padded;
}

}  // namespace

LessonFootprint estimateFootprint(const OpRequest& request) {
    const OpPlan plan = planOp(request);
    const TraceGrid grid = traceGrid(plan);
    const double outputs = heapBytes(static_cast<double>(plan.outputCount()) * sizeof(float));
    const double steps = static_cast<double>(plan.out_channels) * plan.out_height * plan.out_width;
    LessonFootprint f;
    f.trace = traceBytes(plan);
    f.padded = heapBytes(static_cast<double>(plan.channels) * grid.padded_h * grid.padded_w * sizeof(PaddedCell));
    // The CPU reference's working set while it runs; the CPU result, the one
    // shown and the display engine's; partialOutput (replay and two shapings)
    // and stepsReading (a step index each) every frame; request_.
    f.results = planBytes(plan) + 3 * outputs + 3 * outputs + heapBytes(steps * sizeof(std::size_t)) +
                tensorBytes(request.input) + tensorBytes(request.kernel) +
                heapBytes(static_cast<double>(request.bias.size()) * sizeof(float));
    return f;
}

std::string LessonView::check(const OpRequest& request) {
    try {
        const OpPlan plan = planOp(request);
        checkTraceLimits(plan);
        const LessonFootprint f = estimateFootprint(request);
        if (f.total() <= kMaxDerivedBytes) return {};
        // Name the largest part: that is the one to make smaller.
        const char* part = "the results";
        const char* advice = "use a smaller input";
        double part_bytes = f.results;
        if (f.padded >= f.trace && f.padded >= f.results) {
            part = "the padded input";
            advice = "use less padding or a smaller input";
            part_bytes = f.padded;
        } else if (f.trace >= f.results) {
            part = "the trace";
            advice = "use a smaller input or kernel";
            part_bytes = f.trace;
        }
        return std::string(part) + " of this lesson would take " + formatBytes(part_bytes) + " (" +
               formatBytes(f.total()) + " with the rest of the step view); the limit is " +
               formatBytes(kMaxDerivedBytes) + ": " + advice + ".";
    } catch (const std::exception& e) {
        return e.what();
    }
    return {};
}

bool LessonView::update(const Lesson& lesson, Engine* display, bool force) {
    bool changed = false;
    if (force || !seen_any_ || lesson.revision != revision_) changed = rebuild(lesson, display);
    // After the rebuild: a new trace needs a new second output.
    return syncCompare(lesson.view.compare) || changed;
}

bool LessonView::rebuild(const Lesson& lesson, Engine* display) {
    seen_any_ = true;
    revision_ = lesson.revision;
    // Everything that refuses a request does so here, before anything is
    // allocated: the last valid view stays on show with the reason.
    if (std::string why = check(lesson.request); !why.empty()) {
        error_ = std::move(why);
        return true;
    }
    // The old view goes before the new one is built, so the two never add up to
    // twice the ceiling.
    clear();
    ++builds_;
    try {
        build(lesson.request, display);
    } catch (const std::exception& e) {
        // Only an allocation failure under the ceiling gets here (the machine is
        // short of memory): no trace, and a view consistent with that.
        clear();
        stepper_.reset(0);
        error_ = std::string("cannot build the step view: ") + e.what();
    }
    return true;
}

void LessonView::clearCompare() {
    has_compare_ = false;
    compare_result_ = Tensor{};
    compare_kernel_ = Tensor{};
    compare_error_.clear();
}

bool LessonView::syncCompare(bool wanted) {
    const OpKind op = request_.params.op;
    if (!wanted || !has_trace_ || !isCorrelation2d(op)) {
        const bool had = has_compare_ || !compare_error_.empty();
        clearCompare();
        return had;
    }
    if ((has_compare_ || !compare_error_.empty()) && compare_build_ == builds_) return false;
    clearCompare();
    compare_build_ = builds_;
    // The same input, kernel, bias and parameters; only the flip differs.
    OpRequest other = request_;
    other.params.op = op == OpKind::Conv2d ? OpKind::XCorr2d : OpKind::Conv2d;
    try {
        const OpPlan plan = planOp(other);
        Tensor kernel = kernelUsed(other, plan);
        Tensor result = CpuEngine().run(other);
        compare_op_ = other.params.op;
        compare_kernel_ = std::move(kernel);
        compare_result_ = std::move(result);
        has_compare_ = true;
    } catch (const std::exception& e) {
        compare_error_ = std::string("cannot compute the ") + std::string(opInfo(other.params.op).name) + " output: " + e.what();
    }
    return true;
}

Tensor LessonView::comparePartialOutput() const {
    const OpPlan& p = trace_.plan;
    Tensor out({p.out_channels, p.out_height, p.out_width}, std::numeric_limits<float>::quiet_NaN());
    if (!has_compare_ || compare_result_.size() != out.size() || trace_.steps.empty()) return out;
    const std::size_t count = std::min(stepper_.current() + 1, trace_.steps.size());
    std::vector<float>& v = out.values();
    for (std::size_t i = 0; i < count; ++i) {
        const TraceStep& s = trace_.steps[i];
        const std::size_t at = (static_cast<std::size_t>(s.out_c) * static_cast<std::size_t>(p.out_height) +
                                static_cast<std::size_t>(s.out_y)) *
                                   static_cast<std::size_t>(p.out_width) +
                               static_cast<std::size_t>(s.out_x);
        v[at] = compare_result_.values()[at];
    }
    return out;
}

void LessonView::clear() {
    has_trace_ = false;
    error_.clear();
    request_ = OpRequest{};
    trace_ = Trace{};
    result_ = Tensor{};
    report_ = EngineReport{};
    padded_ = {};
    // The stepper keeps its place (and playing) for the rebuilt trace.
}

// Builds into locals and commits with moves only, so a throw leaves the view as it was.
void LessonView::build(const OpRequest& request, Engine* display) {
    OpRequest req = request;
    Trace trace = buildTrace(req);
    // The CPU reference always runs: it is the oracle the display engine is checked against.
    CpuEngine cpu;
    Tensor cpu_result = cpu.run(req);
    EngineReport report;
    Tensor result = cpu_result;
    if (display != nullptr && display->name() != cpu.name()) {
        try {
            Tensor shown = display->run(req);
            report.engine = display->name();
            report.compared = true;
            report.max_difference = maxRelativeError(shown, cpu_result);
            result = std::move(shown);
        } catch (const std::exception& e) {
            report.notice = display->name() + " engine failed (" + e.what() + "); showing the CPU result.";
        }
    }
    cpu_result = Tensor{};
    std::vector<PaddedCell> padded = buildPadded(trace, req);
    request_ = std::move(req);
    trace_ = std::move(trace);
    result_ = std::move(result);
    report_ = std::move(report);
    padded_ = std::move(padded);
    has_trace_ = true;
    stepper_.reset(trace_.steps.size());
}

const TraceStep* LessonView::currentStep() const {
    if (!has_trace_ || trace_.steps.empty()) return nullptr;
    return &trace_.steps[std::min(stepper_.current(), trace_.steps.size() - 1)];
}

Tensor LessonView::partialOutput() const {
    const OpPlan& p = trace_.plan;
    if (!has_trace_) return Tensor({1, 1, 1}, std::numeric_limits<float>::quiet_NaN());
    const std::size_t count = trace_.steps.empty() ? 0 : stepper_.current() + 1;
    return replay(trace_, count).reshaped({p.out_channels, p.out_height, p.out_width});
}

const PaddedCell& LessonView::paddedCell(int c, int py, int px) const {
    static const PaddedCell outside{0.f, -1, -1, true};
    if (c < 0 || c >= trace_.plan.channels || py < 0 || py >= trace_.padded_h || px < 0 || px >= trace_.padded_w)
        return outside;
    const auto i = (static_cast<std::size_t>(c) * static_cast<std::size_t>(trace_.padded_h) + static_cast<std::size_t>(py)) *
                       static_cast<std::size_t>(trace_.padded_w) +
                   static_cast<std::size_t>(px);
    return i < padded_.size() ? padded_[i] : outside;
}

std::string LessonView::staleNote() const {
    if (!showingStale()) return {};
    return "The stage shows the last valid lesson (input " + shapeToString(request_.input.shape()) +
           "), not the edit: it cannot be computed.";
}

}  // namespace cs
