#pragma once
// Continuous 1-D signals for the signals lesson: presets with parameters
// (SignalSpec) and curves a user draws or types (SampledSignal), evaluated at
// any t; plus sampling them into sequences for the discrete lesson, which then
// runs through the compute contract (conv1d / xcorr1d / autocorr1d).
//
// Every preset, with A = amplitude, c = centre, w = width, r = rate:
//   Rectangle  A                        for |t - c| <= w/2
//   Triangle   A (1 - |t - c| / (w/2))  for |t - c| <= w/2   (w is the base)
//   Gaussian   A exp(-(t - c)^2 / (2 w^2))                   (w is sigma)
//   ExpDecay   A exp(-r (t - c))        for t >= c           (one-sided)
//   Step       A                        for t >= c
//   SineBurst  A sin(2 pi r (t - c))    for |t - c| <= w/2   (r cycles per unit)
//   Noise      a smooth random curve on |t - c| <= w/2: a Catmull-Rom spline
//              through seeded random values in [-A, A] about 1/r apart (so its
//              bandwidth is about r/2), zero at both ends; same seed, same curve
//   Pulse      A / w                    for |t - c| <= w/2   (area A: Dirac-like
//              when w is small)
// and 0 elsewhere. Intervals are closed: a rectangle is A at its edges, a step
// and a decay are A at c (so sampling gives [A, A e^-r, ...] as students expect).
//
// Valid as constructed: SignalSpec{} is a unit rectangle on [-1/2, 1/2];
// out-of-range parameters are read through sanitized() (never a crash).
//
// Example:
//   SignalSpec decay{SignalShape::ExpDecay};   // e^-t for t >= 0
//   evaluate(decay, 1.0);                      // 0.3679
//   support(decay);                            // [0, 30]: until e^-30
//   Signal drawn = sampledFromSequence({0, 1, 0.5}, 0.0, 0.5);  // drawn on [0, 1]
//   evaluate(drawn, 0.75);                     // 0.75 (piecewise linear)
//   Tensor seq = sampleSignal(decay, 0.0, 0.5, 4);  // [1, 0.607, 0.368, 0.223]
#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <variant>
#include <vector>

#include "core/op_params.h"

namespace cs {

enum class SignalShape { Rectangle, Triangle, Gaussian, ExpDecay, Step, SineBurst, Noise, Pulse };

constexpr int kSignalShapeCount = 8;
// In menu order.
constexpr std::array<SignalShape, kSignalShapeCount> kSignalShapes{
    SignalShape::Rectangle, SignalShape::Triangle,  SignalShape::Gaussian, SignalShape::ExpDecay,
    SignalShape::Step,      SignalShape::SineBurst, SignalShape::Noise,    SignalShape::Pulse};

// "rectangle", "exp_decay", ... (for files) and "Exponential decay" (for menus).
std::string_view signalShapeName(SignalShape shape);
std::string_view signalShapeTitle(SignalShape shape);
std::optional<SignalShape> parseSignalShape(std::string_view name);

struct SignalSpec {
    SignalShape shape = SignalShape::Rectangle;
    double width = 1.0;      // see the table above; at least kMinWidth
    double centre = 0.0;
    double amplitude = 1.0;  // may be negative
    double rate = 1.0;       // decay rate, burst frequency, noise knots per unit; at least kMinRate
    std::uint32_t seed = 1;  // Noise only
    bool operator==(const SignalSpec&) const = default;
};

constexpr double kMinWidth = 1e-6;
constexpr double kMinRate = 1e-6;
constexpr int kMaxNoiseKnots = 4096;

// Parameters clamped to where the formulas hold: width >= kMinWidth, rate >=
// kMinRate, non-finite fields replaced by SignalSpec{}'s. Every function here
// reads a SignalSpec through this.
SignalSpec sanitized(const SignalSpec& spec);

// A preset with parameters that show it well at unit scale (a Pulse 0.05 wide,
// a Gaussian of sigma 0.5, a burst of 3 cycles, ...), centred at 0.
SignalSpec defaultSignal(SignalShape shape);

// Which parameters a shape reads, and what to call them next to a slider.
struct SignalParamInfo {
    bool uses_width = true;
    bool uses_rate = false;
    bool uses_seed = false;
    std::string_view width_label = "width";          // "sigma" for the Gaussian
    std::string_view amplitude_label = "amplitude";  // "area" for the Pulse
    std::string_view rate_label = "rate";    // "decay rate", "frequency", "knots per unit"
};
SignalParamInfo signalParamInfo(SignalShape shape);

// A curve the user drew or typed: values at n >= 2 evenly spaced times from t0
// to t1, joined by straight lines, 0 outside [t0, t1]. Valid as constructed
// (zero on [0, 1]); with fewer than 2 values or t1 <= t0 it is the zero signal.
// Non-finite values read as 0.
struct SampledSignal {
    double t0 = 0.0;
    double t1 = 1.0;
    std::vector<double> values{0.0, 0.0};
    double spacing() const;  // (t1 - t0) / (n - 1); 0 when degenerate
    bool operator==(const SampledSignal&) const = default;
};

// A typed sequence: values[k] at t0 + k dt (dt > 0, else 1).
SampledSignal sampledFromSequence(std::vector<double> values, double t0, double dt);

// One mouse-drag segment from (t_a, v_a) to (t_b, v_b): every sample whose time
// lies between t_a and t_b takes the value of the line through the two points
// (the nearest sample when the segment falls between two). Times outside
// [t0, t1] are clipped. A stroke is a sequence of such segments.
void drawStroke(SampledSignal& signal, double t_a, double v_a, double t_b, double v_b);

// What the lesson's f and g are: a preset or a drawn curve. Signal{} is SignalSpec{}.
using Signal = std::variant<SignalSpec, SampledSignal>;

// A closed interval [lo, hi]; empty when !(lo < hi). Ends may be infinite (a Step).
struct Interval {
    double lo = 0.0;
    double hi = 0.0;
    bool isEmpty() const { return !(lo < hi); }
    double length() const { return isEmpty() ? 0.0 : hi - lo; }
    bool contains(double t) const { return lo <= t && t <= hi; }
    bool operator==(const Interval&) const = default;
};

double evaluate(const SignalSpec& spec, double t);
double evaluate(const SampledSignal& signal, double t);
double evaluate(const Signal& signal, double t);

// Where the signal is non-zero, or effectively so: a Gaussian to +-sqrt(60)
// sigma and a decay to e^-30 (both leave out less than 1e-13 A/lambda of
// area); a Step's is [c, +inf). The integrator integrates over this.
Interval support(const SignalSpec& spec);
Interval support(const SampledSignal& signal);
Interval support(const Signal& signal);

// Every t where the signal or its slope jumps, ascending, finite, both ends of
// the support included: between two of them the signal is smooth. Rectangle
// {c-w/2, c+w/2}; Triangle adds c; ExpDecay {c, c+30/r}; Step {c}; Noise its
// knots; a SampledSignal its sample times.
std::vector<double> breakpoints(const Signal& signal);

// An upper bound of |s(t)| (exact but for Noise, where it is 1.25 A): for
// scaling plots.
double magnitudeBound(const Signal& signal);

// What the integrator's error bound rests on (see continuous_ops.h): between
// two breakpoints, |s^(j)(t)| <= magnitude * lambda^j * (gaussian ? kCramer *
// sqrt(j!) : 1) for every j, and s^(j) = 0 for j > degree when degree >= 0 (a
// polynomial of that degree there; -1: not a polynomial). tail is the area the
// support leaves out, |integral of s outside support()|: <= 1e-13 A / lambda.
struct SmoothnessBound {
    double magnitude = 0.0;
    double lambda = 0.0;
    int degree = 0;
    bool gaussian = false;
    double tail = 0.0;
};
// Cramer's inequality for Hermite functions: |He_j(x)| e^(-x^2/4) <= kCramer sqrt(j!).
constexpr double kCramer = 1.086435;
SmoothnessBound smoothnessBound(const Signal& signal);

// ---- discrete side ----

// s(t0 + k dt) for k = 0 .. count-1, as a 1-D tensor (count >= 1, dt > 0, else
// OpError). A Pulse is sampled by its average over each sample's cell
// [t_k - dt/2, t_k + dt/2], so a pulse narrower than dt still lands on the
// nearest sample with value A/dt (dt * sum of samples = A).
Tensor sampleSignal(const Signal& signal, double t0, double dt, int count);

// The request `convscope compute` runs for op (Conv1d, XCorr1d or AutoCorr1d;
// OpError otherwise) on f and g (1-D tensors; g ignored by AutoCorr1d). Run it
// with computeReference or buildTrace: the lesson's discrete mode goes through
// exactly the code of the compute contract. planOp validates it.
// Example: signalRequest1d(OpKind::Conv1d, Tensor({3}, {1, 2, 3}),
//          Tensor({3}, {0, 1, 0.5}), Mode1d::Full) -> [0, 1, 2.5, 4, 1.5].
OpRequest signalRequest1d(OpKind op, const Tensor& f, const Tensor& g, Mode1d mode);

}  // namespace cs
