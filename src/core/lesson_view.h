#pragma once
// LessonView: everything derived from the lesson document, rebuilt only when
// the document's revision changes. It holds the Trace (every step, from the
// core), the result from the display engine, the padded input with the source
// of every padded cell, and the Stepper that says which step is on show.
//
// An invalid edit (a window larger than the padded input, reflect padding as
// large as the side, a view over the memory ceiling, ...) never blanks the
// view: the last valid trace and result stay, and error() holds the reason in
// words until the document is valid again. update() never throws, and the
// trace, padded input and result on show always belong to one request (the
// draw code can index the padded input by the trace's dimensions).
//
// Memory: what the view derives from one lesson (trace, padded input, results)
// is estimated from the plan (estimateFootprint) and refused over
// kMaxDerivedBytes (1 GiB) before anything is allocated.
//
//   Lesson lesson = defaultLesson();
//   LessonView view;
//   view.update(lesson);                       // trace of 4 steps, result [[1,2],[2,4]]
//   view.stepper().seek(1);
//   view.currentStep()->sum;                   // 2
//   view.partialOutput();                      // [[1, 2], [nan, nan]]
//   lesson.request.params.window.padding = {5, 5};
//   lesson.request.params.correlation.padding_mode = PaddingMode::Reflect;
//   lesson.touch(); view.update(lesson);       // error() explains; trace() unchanged
#include <cstdint>
#include <string>

#include "core/engine.h"
#include "core/lesson.h"
#include "core/stepper.h"
#include "core/trace.h"

namespace cs {

// Which engine computed the result on screen, and how it compares to the CPU.
struct EngineReport {
    std::string engine = "cpu";  // the engine whose result is shown
    bool compared = false;       // both the display engine and the CPU reference ran
    double max_difference = 0.0;  // maxRelativeError(display result, CPU result)
    std::string notice;          // why the GPU is not in use, or what it reported
};

// One cell of the padded input: its value as the operation sees it and where
// it came from (src -1: zero padding, or -inf for max pooling).
struct PaddedCell {
    float value = 0.f;
    int src_y = -1, src_x = -1;
    bool padding = false;  // outside the real input (whatever the mode)
};

// What LessonView::update derives from one request, in bytes, estimated from
// its plan (upper bounds, heap overhead included; see heapBytes).
struct LessonFootprint {
    double trace = 0;    // buildTrace at its peak (traceBytes)
    double padded = 0;   // the padded input: one PaddedCell per cell of every channel
    double results = 0;  // the reference's working copies, the results kept and
                         // shown, partialOutput and stepsReading each frame, the request copy
    double total() const { return trace + padded + results; }
};
// Throws OpError when the request cannot be planned (planOp's message).
LessonFootprint estimateFootprint(const OpRequest& request);

class LessonView {
public:
    // "" when update() would build a view of `request`, otherwise why not, in
    // words: planOp's message, the trace limits, or the memory ceiling ("the
    // padded input of this lesson would take 6 GiB; the limit is 1 GiB: ...").
    // Allocates nothing in proportion to the request.
    static std::string check(const OpRequest& request);

    // Rebuilds when lesson.revision differs from the last seen (or force).
    // With lesson.view.compare on an xcorr2d / conv2d lesson it also computes
    // the other operation's output for the same input and kernel (and drops it
    // when compare goes off), without a rebuild of the rest.
    // `display` is the engine whose result is shown (nullptr: CPU only); the CPU
    // reference always runs too. Returns true when something was rebuilt.
    // A request check() refuses leaves the last view as it was; an accepted one
    // replaces it (the old view is dropped first, so the two never add up to
    // twice the ceiling: should memory still run short while building, there
    // is no trace and error() says so). Never throws.
    bool update(const Lesson& lesson, Engine* display = nullptr, bool force = false);

    bool hasTrace() const { return has_trace_; }
    // Non-empty while the document is invalid; the previous trace stays on show.
    const std::string& error() const { return error_; }
    bool showingStale() const { return has_trace_ && !error_.empty(); }
    // While showingStale(): the line that marks the stage as the last valid
    // lesson, not the edit ("The stage shows the last valid lesson (input
    // 7x7), not the edit: it cannot be computed."); "" otherwise.
    std::string staleNote() const;

    const Trace& trace() const { return trace_; }
    const OpRequest& request() const { return request_; }  // the request the trace is of
    const Tensor& result() const { return result_; }       // shaped like plan.output_shape
    const EngineReport& report() const { return report_; }
    std::uint64_t revisionSeen() const { return revision_; }
    // Counts the traces built: what follows the trace (the glide, core/step_motion.h)
    // starts over when it changes.
    std::uint64_t buildCount() const { return builds_; }

    // Correlation beside convolution (lesson.view.compare): the other
    // operation of the pair run on the CPU engine with the same request,
    // shaped like result(); the kernel it multiplies by (conv2d: flipped);
    // its output after the current step (the same cells as partialOutput()
    // filled, as both visit the outputs in one order). hasCompare() is false
    // when compare is off, the op is not xcorr2d / conv2d, or there is no trace.
    //   seed with compare on: compareOp() conv2d, compareResult() [[1,2],[2,4]] (the kernel is symmetric)
    bool hasCompare() const { return has_compare_; }
    OpKind compareOp() const { return compare_op_; }
    const Tensor& compareResult() const { return compare_result_; }
    const Tensor& compareKernelUsed() const { return compare_kernel_; }
    Tensor comparePartialOutput() const;
    // Why the other output could not be computed ("" when it was or was not asked for).
    const std::string& compareError() const { return compare_error_; }

    Stepper& stepper() { return stepper_; }
    const Stepper& stepper() const { return stepper_; }
    // nullptr when there is no trace.
    const TraceStep* currentStep() const;
    // The output after the current step: steps [0, current] filled, others NaN,
    // shaped {out_channels, out_h, out_w}.
    Tensor partialOutput() const;

    // The padded input of channel c, padded_h x padded_w cells. Outside the
    // grid (or without a trace): a padding cell, never an out-of-range read.
    const PaddedCell& paddedCell(int c, int py, int px) const;

private:
    void build(const OpRequest& request, Engine* display);
    void clear();
    bool rebuild(const Lesson& lesson, Engine* display);
    bool syncCompare(bool wanted);
    void clearCompare();

    std::uint64_t revision_ = 0;
    std::uint64_t builds_ = 0;
    bool seen_any_ = false;
    bool has_trace_ = false;
    std::string error_;
    OpRequest request_;
    Trace trace_;
    Tensor result_;
    EngineReport report_;
    Stepper stepper_;
    std::vector<PaddedCell> padded_;
    bool has_compare_ = false;
    std::uint64_t compare_build_ = 0;  // builds_ when the compare output was made
    OpKind compare_op_ = OpKind::Conv2d;
    Tensor compare_result_, compare_kernel_;
    std::string compare_error_;
};

}  // namespace cs
