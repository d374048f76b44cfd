#include "core/lesson_view.h"

#include <exception>
#include <limits>

#include "core/padding.h"

namespace cs {

bool LessonView::update(const Lesson& lesson, Engine* display, bool force) {
    if (!force && seen_any_ && lesson.revision == revision_) return false;
    seen_any_ = true;
    revision_ = lesson.revision;
    Trace trace;
    try {
        trace = buildTrace(lesson.request);
    } catch (const OpError& e) {
        error_ = e.what();
        return true;
    }
    error_.clear();
    trace_ = std::move(trace);
    request_ = lesson.request;
    has_trace_ = true;

    // The CPU reference always runs: it is the oracle the display engine is checked against.
    CpuEngine cpu;
    const Tensor cpu_result = cpu.run(request_);
    report_ = EngineReport{};
    result_ = cpu_result;
    if (display != nullptr && display->name() != cpu.name()) {
        try {
            Tensor shown = display->run(request_);
            report_.engine = display->name();
            report_.compared = true;
            report_.max_difference = maxRelativeError(shown, cpu_result);
            result_ = std::move(shown);
        } catch (const std::exception& e) {
            report_.notice = display->name() + " engine failed (" + e.what() + "); showing the CPU result.";
        }
    }
    stepper_.reset(trace_.steps.size());
    rebuildPadded();
    return true;
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
    const auto i = (static_cast<std::size_t>(c) * static_cast<std::size_t>(trace_.padded_h) + static_cast<std::size_t>(py)) *
                       static_cast<std::size_t>(trace_.padded_w) +
                   static_cast<std::size_t>(px);
    return padded_[i];
}

void LessonView::rebuildPadded() {
    const OpPlan& p = trace_.plan;
    const OpParams& params = request_.params;
    const int ph = trace_.padded_h, pw = trace_.padded_w;
    padded_.assign(static_cast<std::size_t>(p.channels) * static_cast<std::size_t>(ph) * static_cast<std::size_t>(pw),
                   PaddedCell{});
    // Only correlations honour padding_mode; pooling pads with 0 (-inf for max)
    // and autocorrelation with zeros.
    const PaddingMode mode = isCorrelation2d(params.op) ? params.correlation.padding_mode : PaddingMode::Zeros;
    const float pad_value = params.op == OpKind::MaxPool2d ? -std::numeric_limits<float>::infinity() : 0.f;
    const Tensor in = request_.input.reshaped({p.channels, p.height, p.width});
    for (int c = 0; c < p.channels; ++c)
        for (int py = 0; py < ph; ++py)
            for (int px = 0; px < pw; ++px) {
                const int y = py - trace_.pad_top, x = px - trace_.pad_left;
                PaddedCell cell;
                cell.padding = y < 0 || y >= p.height || x < 0 || x >= p.width;
                cell.src_y = paddedSource(y, p.height, mode);
                cell.src_x = paddedSource(x, p.width, mode);
                if (cell.src_y < 0 || cell.src_x < 0) {
                    cell.src_y = cell.src_x = -1;
                    cell.value = pad_value;
                } else {
                    cell.value = in.at(c, cell.src_y, cell.src_x);
                }
                padded_[(static_cast<std::size_t>(c) * static_cast<std::size_t>(ph) + static_cast<std::size_t>(py)) *
                            static_cast<std::size_t>(pw) +
                        static_cast<std::size_t>(px)] = cell;
            }
}

}  // namespace cs
