#include "core/signals_lesson.h"

#include <algorithm>
#include <cstdio>
#include <charconv>
#include <cmath>
#include <utility>

#include "core/engine.h"

namespace cs {
namespace {

// The signal an input stands for, or an error message (then `out` is untouched).
std::string resolve(const SignalInput& in, Signal& out) {
    switch (in.source) {
    case SignalSource::Preset: out = in.spec; return {};
    case SignalSource::Drawn: out = in.drawn; return {};
    case SignalSource::Typed: {
        ParsedSequence p = parseSequence(in.typed);
        if (!p.ok()) return p.error;
        if (!(in.typed_dt > 0.0) || !std::isfinite(in.typed_dt) || !std::isfinite(in.typed_t0))
            return "the spacing of typed values must be a positive number";
        out = sampledFromSequence(std::move(p.values), in.typed_t0, in.typed_dt);
        return {};
    }
    }
    return {};
}

// The discrete sequence of an input: typed values as typed, anything else
// sampled every dt over its visible extent (at multiples of dt, so a preset
// starting at 0 has a sample at 0).
std::string sequenceOf(const SignalInput& in, const Signal& signal, double dt, double step_length, Tensor& seq,
                       double& t0, bool& cut) {
    if (in.source == SignalSource::Typed) {
        ParsedSequence p = parseSequence(in.typed);
        if (!p.ok()) return p.error;
        std::vector<float> v(p.values.begin(), p.values.end());
        const int n = static_cast<int>(v.size());
        seq = Tensor({n}, std::move(v));
        t0 = in.typed_t0;
        return {};
    }
    if (!(dt > 0.0) || !std::isfinite(dt)) return "the sample spacing must be a positive number";
    const Interval ext = visibleExtent(signal, step_length);
    const double lo_k = std::floor(ext.lo / dt + 1e-9), hi_k = std::ceil(ext.hi / dt - 1e-9);
    int count = static_cast<int>(std::max(1.0, hi_k - lo_k + 1.0));
    if (count > kMaxDiscreteSamples) {
        count = kMaxDiscreteSamples;
        cut = true;
    }
    t0 = lo_k * dt;
    seq = sampleSignal(signal, t0, dt, count);
    return {};
}

Interval hull(Interval a, Interval b) { return {std::min(a.lo, b.lo), std::max(a.hi, b.hi)}; }

// Where the moving function of op lives (in tau) at time t, from visible extents.
Interval movingExtent(ContinuousOp op, Interval fv, Interval gv, double t) {
    switch (op) {
    case ContinuousOp::Convolution: return {t - gv.hi, t - gv.lo};
    case ContinuousOp::CrossCorrelation: return {gv.lo - t, gv.hi - t};
    case ContinuousOp::AutoCorrelation: return {fv.lo - t, fv.hi - t};
    }
    return fv;
}

Interval timeRangeOf(ContinuousOp op, Interval fv, Interval gv) {
    switch (op) {
    case ContinuousOp::Convolution: return {fv.lo + gv.lo, fv.hi + gv.hi};
    case ContinuousOp::CrossCorrelation: return {gv.lo - fv.hi, gv.hi - fv.lo};
    case ContinuousOp::AutoCorrelation: return {-fv.length(), fv.length()};
    }
    return fv;
}

Interval widened(Interval r, double fraction, double at_least) {
    const double m = std::max(at_least, r.length() * fraction);
    return {r.lo - m, r.hi + m};
}

bool isEven(const Signal& s) {
    const Interval ext = visibleExtent(s);
    const double reach = std::max(std::abs(ext.lo), std::abs(ext.hi));
    const double tol = 1e-9 * std::max(1.0, magnitudeBound(s));
    for (int k = 1; k <= 97; ++k) {
        const double tau = reach * k / 97.0;
        if (std::abs(evaluate(s, tau) - evaluate(s, -tau)) > tol) return false;
    }
    return true;
}

// The signal on its own extent (a little wider), jumps drawn as vertical edges.
void addBreaks(std::vector<double>& xs, const std::vector<double>& breaks, double sign, double shift, Interval r);

Polyline alone(const Signal& s, Interval ext) {
    const Interval r = widened(ext, 0.1, 0.2);
    constexpr int kUniform = 300;
    Polyline p;
    for (int k = 0; k < kUniform; ++k) p.x.push_back(r.lo + r.length() * k / (kUniform - 1));
    addBreaks(p.x, breakpoints(s), 1.0, 0.0, r);
    std::sort(p.x.begin(), p.x.end());
    for (double x : p.x) p.y.push_back(evaluate(s, x));
    return p;
}

void addBreaks(std::vector<double>& xs, const std::vector<double>& breaks, double sign, double shift, Interval r) {
    const double eps = 1e-7 * std::max(1.0, r.length());
    for (double b : breaks) {
        const double x = sign * b + shift;
        if (!std::isfinite(x) || x <= r.lo || x >= r.hi) continue;
        xs.push_back(x - eps);
        xs.push_back(x + eps);
    }
}

}  // namespace

bool sameContent(const SignalsLesson& a, const SignalsLesson& b) {
    return a.f == b.f && a.g == b.g && a.op == b.op && a.discrete == b.discrete && a.mode == b.mode &&
           a.compare == b.compare && a.sample_dt == b.sample_dt;
}

SignalsLesson defaultSignalsLesson() {
    SignalsLesson l;
    l.f.spec = defaultSignal(SignalShape::Rectangle);  // width 2
    l.f.spec.centre = 1.0;                             // on [0, 2]
    l.g.spec = defaultSignal(SignalShape::ExpDecay);   // e^-t for t >= 0
    l.g.typed = "1 0.5 0.25";
    return l;
}

void swapSignals(SignalsLesson& lesson) {
    std::swap(lesson.f, lesson.g);
    lesson.touch();
}

void startDrawing(SignalInput& input) {
    if (input.source == SignalSource::Drawn) return;
    Signal now;
    if (!resolve(input, now).empty()) now = SignalSpec{};
    Interval ext = visibleExtent(now);
    ext = {ext.lo - 1.0, ext.hi + 1.0};
    if (ext.length() > 12.0) ext.hi = ext.lo + 12.0;
    constexpr int kSamples = 61;
    SampledSignal s;
    s.t0 = ext.lo;
    s.t1 = ext.hi;
    s.values.resize(kSamples);
    for (int k = 0; k < kSamples; ++k) s.values[k] = evaluate(now, ext.lo + ext.length() * k / (kSamples - 1));
    input.drawn = std::move(s);
    input.source = SignalSource::Drawn;
}

ParsedSequence parseSequence(std::string_view text) {
    ParsedSequence p;
    std::size_t i = 0;
    auto separator = [](char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' || c == ';' || c == '[' || c == ']';
    };
    while (i < text.size()) {
        if (separator(text[i])) {
            ++i;
            continue;
        }
        std::size_t j = i;
        while (j < text.size() && !separator(text[j])) ++j;
        const std::string_view word = text.substr(i, j - i);
        double v = 0.0;
        // from_chars rejects a leading '+'; students type it.
        const std::string_view digits = word.front() == '+' ? word.substr(1) : word;
        const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
        if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size() || !std::isfinite(v)) {
            p.error = "\"" + std::string(word) + "\" is not a number: type numbers like 1 -0.5 2";
            p.values.clear();
            return p;
        }
        p.values.push_back(v);
        i = j;
    }
    if (p.values.size() < 2)
        p.error = p.values.empty() ? "type at least two numbers, separated by spaces or commas"
                                   : "type at least two numbers (one value has no shape to slide)";
    else if (p.values.size() > static_cast<std::size_t>(kMaxTypedValues))
        p.error = "at most " + std::to_string(kMaxTypedValues) + " values, please (got " +
                  std::to_string(p.values.size()) + ")";
    if (!p.ok()) p.values.clear();
    return p;
}

Interval visibleExtent(const Signal& signal, double step_length) {
    if (const auto* spec = std::get_if<SignalSpec>(&signal)) {
        const SignalSpec s = sanitized(*spec);
        switch (s.shape) {
        case SignalShape::ExpDecay: return {s.centre, s.centre + 6.0 / s.rate};
        case SignalShape::Gaussian: return {s.centre - 3.5 * s.width, s.centre + 3.5 * s.width};
        case SignalShape::Step: return {s.centre, s.centre + step_length};
        default: break;
        }
    }
    Interval r = support(signal);
    if (r.isEmpty()) {
        const auto* sampled = std::get_if<SampledSignal>(&signal);
        r = sampled != nullptr && sampled->t1 > sampled->t0 ? Interval{sampled->t0, sampled->t1} : Interval{-0.5, 0.5};
    }
    if (!std::isfinite(r.lo)) r.lo = r.hi - step_length;
    if (!std::isfinite(r.hi)) r.hi = r.lo + step_length;
    return r;
}

bool SignalsView::update(const SignalsLesson& lesson, bool force) {
    if (!force && seen_any_ && lesson.revision == revision_) return false;
    const bool first = !seen_any_;
    revision_ = lesson.revision;
    seen_any_ = true;
    error_.clear();
    notice_.clear();

    // Each function on its own: an invalid f keeps the last valid f, and g still updates.
    Signal f = f_, g = g_;
    if (std::string e = resolve(lesson.f, f); !e.empty()) error_ = "f: " + e;
    if (std::string e = resolve(lesson.g, g); !e.empty()) error_ += (error_.empty() ? "g: " : "; g: ") + e;
    f_ = std::move(f);
    g_ = std::move(g);

    const bool was_discrete = discrete_;
    const double old_t = currentT();
    const double fraction = stepper_.count() > 1
                                ? static_cast<double>(stepper_.current()) / static_cast<double>(stepper_.count() - 1)
                                : 0.0;
    op_ = lesson.op;
    discrete_ = lesson.discrete;
    compare_ = lesson.compare;
    f_even_ = isEven(f_);
    slice_valid_.fill(false);

    rebuildContinuous();
    rebuildDiscrete(lesson);

    // Discrete compare: as many positions as the longest of the three outputs,
    // so every panel's playhead reaches its last entry.
    std::size_t count = discrete_ ? (has_trace_[index(op_)] ? trace(op_).steps.size() : 0) : time_steps_;
    if (discrete_ && compare_)
        for (std::size_t k = 0; k < kContinuousOpCount; ++k)
            if (has_trace_[k]) count = std::max(count, traces_[k].steps.size());
    stepper_.reset(count);
    if (first || was_discrete != discrete_) stepper_.setSpeed(discrete_ ? 1.5 : 30.0);
    if (first && !discrete_) stepper_.seek(own_offset_ + kTimeSteps / 3);
    if (!first && was_discrete != discrete_ && count > 1)
        stepper_.seek(static_cast<std::size_t>(std::lround(fraction * static_cast<double>(count - 1))));
    // Continuous to continuous (compare toggled, f edited): the playhead stays at its t.
    if (!first && !was_discrete && !discrete_) stepper_.seek(stepNearTime(old_t));
    return true;
}

void SignalsView::rebuildContinuous() {
    const Interval f_raw = visibleExtent(f_), g_raw = visibleExtent(g_);
    // A step is drawn as long as the other function (at least 4), so the overlap shows.
    const double step_length = std::max({4.0, f_raw.length(), g_raw.length()});
    const Interval fv = visibleExtent(f_, step_length), gv = visibleExtent(g_, step_length);

    std::array<ContinuousOp, kContinuousOpCount> ops{ContinuousOp::Convolution, ContinuousOp::CrossCorrelation,
                                                     ContinuousOp::AutoCorrelation};
    bool any = false;
    Interval times{};
    for (ContinuousOp op : ops) {
        if (!compare_ && op != op_) continue;
        const Interval r = timeRangeOf(op, fv, gv);
        times = any ? hull(times, r) : r;
        any = true;
    }
    times = widened(times, 0.08, 0.25);
    // The playhead's grid is the operation's own: kTimeSteps positions over its
    // range, extended by whole steps to cover the other two when comparing.
    const Interval own = widened(timeRangeOf(op_, fv, gv), 0.08, 0.25);
    time_step_ = own.length() / (kTimeSteps - 1);
    const double before = std::max(0.0, std::ceil((own.lo - times.lo) / time_step_ - 1e-9));
    const double after = std::max(0.0, std::ceil((times.hi - own.hi) / time_step_ - 1e-9));
    own_offset_ = static_cast<std::size_t>(before);
    time_steps_ = static_cast<std::size_t>(kTimeSteps + before + after);
    times = Interval{own.lo - before * time_step_, own.hi + after * time_step_};
    // The axis holds f and every t; the moving function may run off its ends
    // at the extremes of t (a long decay's tail), but not by much.
    const Interval core = hull(fv, times);
    Interval reach = core;
    for (ContinuousOp op : ops) {
        if (!compare_ && op != op_) continue;
        reach = hull(reach, movingExtent(op, fv, gv, times.lo));
        reach = hull(reach, movingExtent(op, fv, gv, times.hi));
    }
    const double spill = 0.2 * core.length();
    const Interval plot{std::max(reach.lo, core.lo - spill), std::min(reach.hi, core.hi + spill)};
    time_range_ = times;
    plot_range_ = widened(plot, 0.02, 0.1);

    f_alone_ = alone(f_, fv);
    g_alone_ = alone(g_, gv);
    const double mf = magnitudeBound(f_), mg = magnitudeBound(g_);
    signal_bound_ = std::max({mf, mg, mf * mg, 1e-9});

    has_curve_.fill(false);
    for (ContinuousOp op : ops) {
        if (!compare_ && op != op_) continue;
        try {
            curves_[index(op)] = resultCurve(op, f_, g_, times.lo, times.hi, kCurvePoints);
            has_curve_[index(op)] = true;
            if (curves_[index(op)].divergent && notice_.empty())
                notice_ = std::string(continuousOpTitle(op)) +
                          " diverges here: both functions go on for ever to the right, so their overlap never "
                          "ends and the area is infinite. Pick something other than a step for one of them.";
        } catch (const OpError& e) {
            error_ += (error_.empty() ? "" : "; ") + std::string(e.what());
        }
    }
}

void SignalsView::rebuildDiscrete(const SignalsLesson& lesson) {
    // A sequence that cannot be made keeps the previous one (its error is
    // already in error_ when the typed text is at fault).
    const double step_length = std::max({4.0, visibleExtent(f_).length(), visibleExtent(g_).length()});
    bool cut = false;
    Tensor f_seq = f_seq_, g_seq = g_seq_;
    double f_t0 = f_t0_, g_t0 = g_t0_;
    try {
        const std::string ef = sequenceOf(lesson.f, f_, lesson.sample_dt, step_length, f_seq, f_t0, cut);
        const std::string eg = sequenceOf(lesson.g, g_, lesson.sample_dt, step_length, g_seq, g_t0, cut);
        if (ef.empty()) f_seq_ = std::move(f_seq), f_t0_ = f_t0;
        if (eg.empty()) g_seq_ = std::move(g_seq), g_t0_ = g_t0;
        if (!ef.empty() && lesson.f.source != SignalSource::Typed) error_ += (error_.empty() ? "f: " : "; f: ") + ef;
        if (!eg.empty() && lesson.g.source != SignalSource::Typed) error_ += (error_.empty() ? "g: " : "; g: ") + eg;
    } catch (const OpError& e) {
        error_ += (error_.empty() ? "" : "; ") + std::string(e.what());
    }
    if (cut && discrete_ && notice_.empty())
        notice_ = "A sampled function was cut to its first " + std::to_string(kMaxDiscreteSamples) +
                  " samples: raise the sample spacing to see all of it.";

    for (ContinuousOp op : {ContinuousOp::Convolution, ContinuousOp::CrossCorrelation, ContinuousOp::AutoCorrelation}) {
        try {
            traces_[index(op)] = buildTrace(signalRequest1d(discreteOpKind(op), f_seq_, g_seq_, lesson.mode));
            has_trace_[index(op)] = true;
        } catch (const OpError& e) {
            if (op == op_ || compare_) error_ += (error_.empty() ? "" : "; ") + std::string(e.what());
        }
    }
}

const TraceStep* SignalsView::currentStep() const {
    if (!has_trace_[index(op_)]) return nullptr;
    const Trace& t = trace(op_);
    return stepper_.current() < t.steps.size() ? &t.steps[stepper_.current()] : nullptr;
}

double SignalsView::timeAtStep(std::size_t step) const {
    return std::min(time_range_.hi, time_range_.lo + static_cast<double>(step) * time_step_);
}

double SignalsView::currentT() const {
    const double phase = stepper_.playing() ? std::clamp(stepper_.phase(), 0.0, 1.0) : 0.0;
    return std::min(time_range_.hi, timeAtStep(stepper_.current()) + phase * time_step_);
}

std::size_t SignalsView::stepNearTime(double t) const {
    if (!std::isfinite(t) || time_steps_ < 2) return 0;
    const double k = std::round((t - time_range_.lo) / time_step_);
    return static_cast<std::size_t>(std::clamp(k, 0.0, static_cast<double>(time_steps_ - 1)));
}

void SignalsView::seekLessonStep(std::size_t step) {
    stepper_.seek(discrete_ ? step : own_offset_ + std::min<std::size_t>(step, kTimeSteps - 1));
}

std::size_t SignalsView::stepFor(ContinuousOp op) const {
    if (!has_trace_[index(op)] || trace(op).steps.empty()) return 0;
    return std::min(stepper_.current(), trace(op).steps.size() - 1);
}

const SliceAt& SignalsView::slice(ContinuousOp op) {
    SliceAt& s = slices_[index(op)];
    const double t = currentT();
    if (slice_valid_[index(op)] && s.t == t) return s;
    slice_valid_[index(op)] = true;
    s = SliceAt{};
    s.t = t;
    s.area = areaAt(op, f_, g_, t);

    const Interval r = plot_range_;
    constexpr int kUniform = 600;
    std::vector<double> xs;
    xs.reserve(kUniform + 256);
    for (int k = 0; k < kUniform; ++k) xs.push_back(r.lo + r.length() * k / (kUniform - 1));
    addBreaks(xs, breakpoints(f_), 1.0, 0.0, r);
    if (op == ContinuousOp::Convolution)
        addBreaks(xs, breakpoints(g_), -1.0, t, r);
    else
        addBreaks(xs, breakpoints(op == ContinuousOp::AutoCorrelation ? f_ : g_), 1.0, -t, r);
    std::sort(xs.begin(), xs.end());
    for (Polyline* p : {&s.f, &s.moving, &s.product}) {
        p->x = xs;
        p->y.resize(xs.size());
    }
    for (std::size_t k = 0; k < xs.size(); ++k) {
        const double fv = evaluate(f_, xs[k]);
        const double mv = movingValue(op, f_, g_, t, xs[k]);
        s.f.y[k] = fv;
        s.moving.y[k] = mv;
        s.product.y[k] = fv * mv;
    }
    return s;
}

double sampleSpacing(const SignalsLesson& lesson, const SignalInput& input) {
    return input.source == SignalSource::Typed ? input.typed_dt : lesson.sample_dt;
}

std::string discreteSumNote(const SignalsLesson& lesson) {
    const auto num = [](double v) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.3g", v);
        return std::string(buf);
    };
    const double df = sampleSpacing(lesson, lesson.f);
    // Autocorrelation uses f only: g's spacing does not enter.
    const double dg = lesson.op == ContinuousOp::AutoCorrelation && !lesson.compare ? df : sampleSpacing(lesson, lesson.g);
    // One line at classroom text sizes: the stage's plots need the room.
    const std::string n = "A plain sum, as numpy.convolve";
    if (df != dg)
        return n + ": f and g are " + num(df) + " and " + num(dg) + " apart, paired by index, not by time.";
    return n + ": times \u0394t = " + num(df) + " it approximates the integral.";
}

}  // namespace cs

