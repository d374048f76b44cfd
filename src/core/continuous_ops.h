#pragma once
// The continuous operations of the signals lesson, as the lesson writes them:
//   Convolution       (f * g)(t) = integral f(tau) g(t - tau) dtau   "flip g, slide, multiply, add up"
//   CrossCorrelation  (f * g)(t) = integral f(tau) g(t + tau) dtau   (no flip)
//   AutoCorrelation   (f * f)(t) = integral f(tau) f(t + tau) dtau   (g is not used)
// For a plot at time t: f(tau), the moving function movingValue() (g(t - tau),
// g(t + tau) or f(t + tau)), their product() whose signed area is the value at
// t, and the result curve over a range of t.
//
// Error bound (what areaAt() guarantees, and returns as error_bound):
//   |value - exact| <= kIntegrationTolerance * |f|max * |g|max * |overlap|   quadrature
//                      + tail_f * |g|max + |f|max * tail_g                     cut tails
//                      + rounding
// where |overlap| is the length of the interval of tau where both can be
// non-zero, |.|max and tail are smoothnessBound()'s magnitude and tail (a
// Gaussian is cut at +-sqrt(60) sigma, a decay at e^-30: tails below
// 1e-13 A/lambda; 0 for every other signal), and rounding is
// (N + 64) 2^-53 integral|product| + 4 2^-53 (|t| + |tau|max) |product'|max |overlap|
// for N nodes (library exp/sin assumed good to a few ulp). With unit-sized
// signals error_bound is about 1e-12; the tests hold every closed form to it.
//
// How: the overlap is cut at every breakpoint of f and of the moving function,
// so the product is smooth on each piece. Where both factors are polynomials
// there (rectangle, triangle, step, pulse, noise, drawn curves) Gauss-Legendre
// with enough nodes (at most 4) is exact. Otherwise a piece of length H is
// split into m parts of n nodes each (n <= 8, the cheapest n * m that meets the
// tolerance), using the a-priori Gauss-Legendre remainder
//   h^(2n+1) (n!)^4 / ((2n+1) ((2n)!)^3) max|p^(2n)|   for a part of length h,
// with max|p^(2n)| bounded through Leibniz's rule from each factor's
// SmoothnessBound. So error_bound is an upper bound for every input, not an
// estimate (a piece is never split into more than 16384 parts; past that, as
// for a burst of thousands of cycles, error_bound grows honestly instead).
//
// Cost: (pieces x nodes) products per value. Measured for a 400-point
// resultCurve: two presets 0.02-0.9 ms; a 400-sample drawn curve against a
// Gaussian, the worst case tried, about 5 ms (400 pieces per t).
//
// A Step against a Step in cross-/autocorrelation overlaps on an unbounded
// interval: the integral diverges and the value is +-infinity (divergent set).
//
// Example: two unit rectangles on [-1/2, 1/2]:
//   valueAt(ContinuousOp::Convolution, SignalSpec{}, SignalSpec{}, 0.25)  // 0.75: a triangle
//   AreaAt a = areaAt(ContinuousOp::Convolution, SignalSpec{}, SignalSpec{}, 0.25);
//   // a.value 0.75, a.positive 0.75, a.negative 0, a.overlap [-0.25, 0.5]
#include <optional>
#include <string_view>
#include <vector>

#include "core/signals.h"

namespace cs {

enum class ContinuousOp { Convolution, CrossCorrelation, AutoCorrelation };

constexpr int kContinuousOpCount = 3;

// "convolution", "cross_correlation", "autocorrelation" and "Convolution", ...
std::string_view continuousOpName(ContinuousOp op);
std::string_view continuousOpTitle(ContinuousOp op);
std::optional<ContinuousOp> parseContinuousOp(std::string_view name);
// The definition and the moving function, in UTF-8 ("(f * g)(t) = ∫ f(τ) g(t − τ) dτ",
// "g(t − τ)") or, with unicode false, ASCII ("... integral f(tau) g(t - tau) dtau").
std::string_view continuousOpFormula(ContinuousOp op, bool unicode = true);
std::string_view movingLabel(ContinuousOp op, bool unicode = true);

constexpr double kIntegrationTolerance = 1e-12;

// The function that slides, at tau for time t: g(t - tau), g(t + tau) or f(t + tau).
double movingValue(ContinuousOp op, const Signal& f, const Signal& g, double t, double tau);
// f(tau) * movingValue(...): the integrand, whose area is the value at t.
double product(ContinuousOp op, const Signal& f, const Signal& g, double t, double tau);
// Where the moving function can be non-zero, in tau, at time t.
Interval movingSupport(ContinuousOp op, const Signal& f, const Signal& g, double t);
// The t where the result can be non-zero (conv: [f.lo + g.lo, f.hi + g.hi];
// cross-correlation: [g.lo - f.hi, g.hi - f.lo]); ends may be infinite.
Interval resultSupport(ContinuousOp op, const Signal& f, const Signal& g);

// The signed area at t, and its split for shading.
struct AreaAt {
    double value = 0.0;        // integral of the product = positive + negative
    double positive = 0.0;     // integral of max(product, 0): >= 0
    double negative = 0.0;     // integral of min(product, 0): <= 0
    double error_bound = 0.0;  // |value - exact| <= error_bound (header comment)
    Interval overlap;          // tau where the product can be non-zero (empty: value 0)
    bool divergent = false;    // unbounded overlap: value is +-infinity
};

// With the positive/negative split: each part is also cut where f or the moving
// function changes sign (17 samples per part, ends included, then bisection), so
// positive and negative are within error_bound too unless one factor changes
// sign twice within 1/16 of a part. Meant for the one t a frame shows.
AreaAt areaAt(ContinuousOp op, const Signal& f, const Signal& g, double t);
// The value alone (no split): what the curve is made of. Within error_bound of
// the exact value, like areaAt's (the two may differ by rounding and quadrature
// error, both inside the bound).
double valueAt(ContinuousOp op, const Signal& f, const Signal& g, double t);

struct ResultCurve {
    double t_lo = 0.0, t_hi = 0.0;
    std::vector<double> values;  // values[i] at timeAt(i)
    double error_bound = 0.0;    // the largest bound over the points
    bool divergent = false;      // some value is +-infinity
    double timeAt(std::size_t i) const;  // t_lo + i (t_hi - t_lo) / (count - 1); t_lo when count is 1
};

// count evenly spaced values on [t_lo, t_hi] (count >= 1, at most kMaxElements;
// else OpError). Set up once for all points, so much cheaper than count valueAt calls.
ResultCurve resultCurve(ContinuousOp op, const Signal& f, const Signal& g, double t_lo, double t_hi, int count);

// ---- the bridge to the discrete lesson ----

// Conv1d, XCorr1d, AutoCorr1d.
OpKind discreteOpKind(ContinuousOp op);
// With f sampled from f_t0 and g from g_t0, both every dt, the discrete output
// at `lag` (TraceStep::lag, OpPlan::first_lag + i) approximates the continuous
// result / dt at this t: conv f_t0 + g_t0 + lag dt; correlation g_t0 - f_t0 +
// lag dt (autocorrelation: lag dt).
double lagTime(ContinuousOp op, double f_t0, double g_t0, double dt, int lag);

}  // namespace cs
