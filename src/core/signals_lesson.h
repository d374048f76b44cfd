#pragma once
// The signals lesson: its document (SignalsLesson: f, g, the operation, the
// mode and view switches) and everything derived from it (SignalsView: the
// result curves, the discrete sequences and their traces, the playhead over t
// and what the stage shows at the current t). Like LessonView, the view is
// rebuilt only when the document's revision changes, and an invalid edit (a
// typed sequence that is not numbers) leaves the last valid state on show with
// error() saying why.
//
// The maths is not here: continuous values come from continuous_ops.h
// (resultCurve, areaAt, movingValue), discrete ones from the compute contract
// (signalRequest1d -> buildTrace), so the lesson shows exactly what
// `convscope compute` computes.
//
// Example:
//   SignalsLesson doc = defaultSignalsLesson();   // rectangle on [0, 2], decay from 0
//   SignalsView view;
//   view.update(doc);
//   view.stepper().seek(120);                      // the playhead: t = view.currentT()
//   const SliceAt& s = view.slice(doc.op);         // f(tau), g(t - tau), product, area
//   s.area.value;                                  // == valueAt(conv, f, g, t) within error_bound
//   doc.f.source = SignalSource::Typed; doc.f.typed = "1 two"; doc.touch();
//   view.update(doc);                              // error(): "two" is not a number; curves kept
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/continuous_ops.h"
#include "core/stepper.h"
#include "core/trace.h"

namespace cs {

enum class SignalSource { Preset, Drawn, Typed };

// One of the lesson's two functions, as the user set it up. Which field is
// used depends on `source`; the others are kept so switching back restores them.
struct SignalInput {
    SignalSource source = SignalSource::Preset;
    SignalSpec spec;                                                 // Preset
    SampledSignal drawn{-3.0, 3.0, std::vector<double>(61, 0.0)};   // Drawn (mouse strokes)
    std::string typed = "1 2 1";                                     // Typed: numbers
    double typed_t0 = 0.0;                                           // where typed[0] sits
    double typed_dt = 0.5;                                           // spacing of typed values
    bool operator==(const SignalInput&) const = default;
};

struct SignalsLesson {
    SignalInput f, g;
    ContinuousOp op = ContinuousOp::Convolution;
    bool discrete = false;       // stem plots and the compute contract instead of integrals
    Mode1d mode = Mode1d::Full;  // discrete output: full, same or valid (numpy's)
    bool compare = false;        // three-up: convolution, cross-correlation, autocorrelation
    double sample_dt = 0.5;      // discrete: presets and drawn curves are sampled this often
    std::uint64_t revision = 0;  // bumped by every edit
    void touch() { ++revision; }
};

// Same functions and settings (the revision ignored): what an undo step
// compares (core/history.h) and what "edited" means.
bool sameContent(const SignalsLesson& a, const SignalsLesson& b);

// What a student should meet first: f a rectangle on [0, 2] (not centred, so
// convolution and cross-correlation give different curves), g the one-sided
// decay e^-t (asymmetric, so the flip is obvious).
SignalsLesson defaultSignalsLesson();

// Swaps f and g (convolution should not change; cross-correlation mirrors).
void swapSignals(SignalsLesson& lesson);
// Switches `input` to drawing, starting from what it shows now (the preset or
// typed curve sampled on a grid a little wider than it), so a student edits
// the curve rather than starting from nothing.
void startDrawing(SignalInput& input);

// "1 2 3", "1, -0.5, 2", "[1; 2; 3]": numbers separated by spaces, commas or
// semicolons, optional brackets. At least 2 and at most kMaxTypedValues values;
// otherwise `error` says what is wrong ("\"two\" is not a number").
struct ParsedSequence {
    std::vector<double> values;
    std::string error;
    bool ok() const { return error.empty(); }
};
constexpr int kMaxTypedValues = 64;
ParsedSequence parseSequence(std::string_view text);

// Discrete mode sums as numpy.convolve does: y[n] = sum of f[m] g[n - m],
// with no sample spacing. The stage says so, and what Δt does:
//   "A plain sum, as numpy.convolve: times Δt = 0.5 it approximates the integral."
// With f and g at different spacings it says the sum pairs them by index.
std::string discreteSumNote(const SignalsLesson& lesson);
// The spacing of one input's samples in discrete mode: typed_dt for typed
// values, the lesson's sample_dt otherwise.
double sampleSpacing(const SignalsLesson& lesson, const SignalInput& input);

// Where a signal is worth drawing: support(), with a decay cut at e^-6, a
// Gaussian at 3.5 sigma and a step's infinite end replaced by `step_length`.
Interval visibleExtent(const Signal& signal, double step_length = 4.0);

// Samples of a curve for plotting: x ascending, with every jump drawn as a
// vertical edge (two samples a hair either side of each breakpoint).
struct Polyline {
    std::vector<double> x, y;
};

// What the stage shows for one operation at time t.
struct SliceAt {
    double t = 0.0;
    AreaAt area;        // the signed area of the product: the result at t
    Polyline f;         // f(tau)
    Polyline moving;    // g(t - tau), g(t + tau) or f(t + tau)
    Polyline product;   // f(tau) * moving
};

constexpr int kTimeSteps = 241;         // playhead positions over t in continuous mode
constexpr int kCurvePoints = 481;       // points of a result curve
constexpr int kMaxDiscreteSamples = 40;  // a sampled preset is cut to this many samples

class SignalsView {
public:
    // Rebuilds when the revision differs from the last one seen (or force).
    // Returns true when something was rebuilt.
    bool update(const SignalsLesson& lesson, bool force = false);

    // Non-empty while the document is invalid; the last valid state stays.
    const std::string& error() const { return error_; }
    // A note about the current state that is not an error (a divergent
    // integral, a preset cut to kMaxDiscreteSamples samples).
    const std::string& notice() const { return notice_; }

    const Signal& f() const { return f_; }
    const Signal& g() const { return g_; }
    ContinuousOp op() const { return op_; }
    bool discrete() const { return discrete_; }
    bool compare() const { return compare_; }
    // f and g on their own (g unflipped), for the small plots beside the controls.
    const Polyline& fAlone() const { return f_alone_; }
    const Polyline& gAlone() const { return g_alone_; }
    // f(-tau) == f(tau): convolution and cross-correlation then coincide.
    bool fIsEven() const { return f_even_; }

    // Continuous: the t the playhead moves over, the tau/t axis of the plots
    // (wide enough for f and the moving function at every t), and a bound for
    // the f / moving / product plot.
    Interval timeRange() const { return time_range_; }
    Interval plotRange() const { return plot_range_; }
    double signalBound() const { return signal_bound_; }
    // The result curve of op over timeRange() (computed for the lesson's op,
    // and for all three when comparing; hasCurve says which).
    bool hasCurve(ContinuousOp op) const { return has_curve_[index(op)]; }
    const ResultCurve& curve(ContinuousOp op) const { return curves_[index(op)]; }

    // Discrete: f and g as sequences (typed values as typed, others sampled
    // every sample_dt), their start times, and the trace of each operation.
    const Tensor& fSequence() const { return f_seq_; }
    const Tensor& gSequence() const { return g_seq_; }
    double fStart() const { return f_t0_; }
    double gStart() const { return g_t0_; }
    bool hasTrace(ContinuousOp op) const { return has_trace_[index(op)]; }
    const Trace& trace(ContinuousOp op) const { return traces_[index(op)]; }
    // The step on show (output index stepper().current()); nullptr when none.
    const TraceStep* currentStep() const;

    // The playhead: in continuous mode positions a fixed spacing apart over
    // timeRange(): kTimeSteps of them over the lesson operation's own range,
    // and the same grid extended to either side when comparing, so one t is
    // one position in both views (toggling compare keeps t). In discrete mode
    // one position per output entry. Advanced by the app's frame time.
    Stepper& stepper() { return stepper_; }
    const Stepper& stepper() const { return stepper_; }
    // Continuous: the t on show, between positions while playing (smooth motion).
    double currentT() const;
    double timeAtStep(std::size_t step) const;
    // The position nearest t (continuous), clamped to the range.
    std::size_t stepNearTime(double t) const;
    // What `--step N` shows (step = N - 1), one definition for every view:
    // continuous, the N-th of the kTimeSteps positions over the operation's own
    // range (the single view's step N); discrete, output entry N of the
    // operation's trace. Compare views seek to that same t / entry.
    void seekLessonStep(std::size_t step);
    // Discrete compare: the entry the playhead is on in op's trace (the same
    // output index as the lesson's operation, clamped to op's length); what
    // op's panel fills up to.
    std::size_t stepFor(ContinuousOp op) const;

    // What the stage shows for op at currentT(); recomputed when t changed.
    const SliceAt& slice(ContinuousOp op);

    static constexpr std::size_t index(ContinuousOp op) { return static_cast<std::size_t>(op); }

private:
    void rebuildContinuous();
    void rebuildDiscrete(const SignalsLesson& lesson);

    std::uint64_t revision_ = 0;
    bool seen_any_ = false;
    std::string error_, notice_;

    Signal f_, g_;
    ContinuousOp op_ = ContinuousOp::Convolution;
    bool discrete_ = false, compare_ = false, f_even_ = false;

    Interval time_range_{-1.0, 1.0}, plot_range_{-1.0, 1.0};
    double time_step_ = 2.0 / (kTimeSteps - 1);  // spacing of the continuous playhead
    std::size_t time_steps_ = kTimeSteps;        // positions over time_range_
    std::size_t own_offset_ = 0;                 // position of the operation's own range start
    double signal_bound_ = 1.0;
    Polyline f_alone_, g_alone_;
    std::array<ResultCurve, kContinuousOpCount> curves_{};
    std::array<bool, kContinuousOpCount> has_curve_{};

    Tensor f_seq_{{1}}, g_seq_{{1}};
    double f_t0_ = 0.0, g_t0_ = 0.0;
    std::array<Trace, kContinuousOpCount> traces_{};
    std::array<bool, kContinuousOpCount> has_trace_{};

    Stepper stepper_{kTimeSteps};
    std::array<SliceAt, kContinuousOpCount> slices_{};
    std::array<bool, kContinuousOpCount> slice_valid_{};
};

}  // namespace cs
