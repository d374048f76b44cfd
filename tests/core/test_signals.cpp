// The signals lesson's core: presets, drawn curves, the continuous operations
// against closed forms, and the discrete side through the compute contract.
//
// Tolerances: a continuous value must lie within the bound integrate computes
// (error_bound, plus 1e-14 for rounding in the closed form itself), and that
// bound must be small: kClosedFormTol = 1e-9 absolute for signals of unit-ish
// size. The discrete path must equal computeReference exactly (same code).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numbers>

#include "../reference_cases.h"
#include "core/continuous_ops.h"
#include "core/engine.h"
#include "core/signals.h"
#include "core/trace.h"

namespace cs {
namespace {

constexpr double kClosedFormTol = 1e-9;
constexpr double kRoundingSlack = 1e-14;

SignalSpec spec(SignalShape shape, double width, double centre, double amplitude, double rate = 1.0) {
    SignalSpec s;
    s.shape = shape;
    s.width = width;
    s.centre = centre;
    s.amplitude = amplitude;
    s.rate = rate;
    return s;
}

// t from lo to hi in `count` steps.
std::vector<double> grid(double lo, double hi, int count) {
    std::vector<double> ts;
    for (int i = 0; i < count; ++i) ts.push_back(lo + (hi - lo) * i / (count - 1));
    return ts;
}

// Checks areaAt at t against a closed form: within its own bound, and the bound small.
void expectClosedForm(ContinuousOp op, const Signal& f, const Signal& g, double t, double exact) {
    const AreaAt a = areaAt(op, f, g, t);
    EXPECT_NEAR(a.value, exact, a.error_bound + kRoundingSlack) << "t = " << t;
    EXPECT_LE(a.error_bound, kClosedFormTol) << "t = " << t;
    EXPECT_NEAR(valueAt(op, f, g, t), exact, a.error_bound + kRoundingSlack) << "t = " << t;
}

double overlapLength(double a_lo, double a_hi, double b_lo, double b_hi) {
    return std::max(0.0, std::min(a_hi, b_hi) - std::max(a_lo, b_lo));
}

SampledSignal reversed(const SampledSignal& s) {
    SampledSignal r;
    r.t0 = -s.t1;
    r.t1 = -s.t0;
    r.values.assign(s.values.rbegin(), s.values.rend());
    return r;
}

// ---- presets ----

TEST(Signals, DefaultSpecIsAUnitRectangle) {
    const SignalSpec s{};
    EXPECT_EQ(evaluate(s, 0.0), 1.0);
    EXPECT_EQ(evaluate(s, 0.5), 1.0);  // closed interval
    EXPECT_EQ(evaluate(s, 0.51), 0.0);
    EXPECT_EQ(support(s), (Interval{-0.5, 0.5}));
    EXPECT_EQ(evaluate(Signal{}, 0.0), 1.0);
}

TEST(Signals, HeaderExamples) {
    const SignalSpec decay{SignalShape::ExpDecay};
    EXPECT_NEAR(evaluate(decay, 1.0), std::exp(-1.0), 1e-15);
    EXPECT_EQ(support(decay), (Interval{0.0, 30.0}));
    const Signal drawn = sampledFromSequence({0, 1, 0.5}, 0.0, 0.5);
    EXPECT_EQ(evaluate(drawn, 0.75), 0.75);
    const Tensor seq = sampleSignal(decay, 0.0, 0.5, 4);
    for (int k = 0; k < 4; ++k) EXPECT_FLOAT_EQ(seq.at(k), static_cast<float>(std::exp(-0.5 * k)));
    EXPECT_NEAR(valueAt(ContinuousOp::Convolution, SignalSpec{}, SignalSpec{}, 0.25), 0.75, 1e-15);
    const AreaAt a = areaAt(ContinuousOp::Convolution, SignalSpec{}, SignalSpec{}, 0.25);
    EXPECT_NEAR(a.positive, 0.75, 1e-15);
    EXPECT_EQ(a.negative, 0.0);
    EXPECT_EQ(a.overlap, (Interval{-0.25, 0.5}));
}

TEST(Signals, PresetFormulas) {
    EXPECT_NEAR(evaluate(spec(SignalShape::Triangle, 2.0, 1.0, 3.0), 1.5), 1.5, 1e-15);
    EXPECT_NEAR(evaluate(spec(SignalShape::Gaussian, 0.5, 0.0, 2.0), 0.5), 2.0 * std::exp(-0.5), 1e-15);
    EXPECT_NEAR(evaluate(spec(SignalShape::ExpDecay, 1.0, 1.0, 1.0, 2.0), 2.0), std::exp(-2.0), 1e-15);
    EXPECT_EQ(evaluate(spec(SignalShape::ExpDecay, 1.0, 1.0, 1.0, 2.0), 1.0), 1.0);
    EXPECT_EQ(evaluate(spec(SignalShape::ExpDecay, 1.0, 1.0, 1.0, 2.0), 0.99), 0.0);
    EXPECT_EQ(evaluate(spec(SignalShape::Step, 1.0, -1.0, 2.0), -1.0), 2.0);
    EXPECT_EQ(evaluate(spec(SignalShape::Step, 1.0, -1.0, 2.0), 1e9), 2.0);
    EXPECT_NEAR(evaluate(spec(SignalShape::SineBurst, 2.0, 0.0, 1.0, 1.0), 0.25), 1.0, 1e-15);
    EXPECT_EQ(evaluate(spec(SignalShape::SineBurst, 2.0, 0.0, 1.0, 1.0), 1.25), 0.0);
    EXPECT_EQ(evaluate(spec(SignalShape::Pulse, 0.01, 0.0, 1.0), 0.0), 100.0);
}

TEST(Signals, SupportsAndBreakpoints) {
    EXPECT_NEAR(support(spec(SignalShape::Gaussian, 2.0, 1.0, 1.0)).hi, 1.0 + 2.0 * std::sqrt(60.0), 1e-12);
    EXPECT_EQ(support(spec(SignalShape::ExpDecay, 1.0, 0.0, 1.0, 3.0)), (Interval{0.0, 10.0}));
    EXPECT_TRUE(std::isinf(support(spec(SignalShape::Step, 1.0, 0.0, 1.0)).hi));
    EXPECT_EQ(breakpoints(spec(SignalShape::Triangle, 2.0, 1.0, 1.0)), (std::vector<double>{0.0, 1.0, 2.0}));
    EXPECT_EQ(breakpoints(sampledFromSequence({1, 2, 3}, 1.0, 0.5)), (std::vector<double>{1.0, 1.5, 2.0}));
    const auto knots = breakpoints(spec(SignalShape::Noise, 4.0, 0.0, 1.0, 3.0));
    EXPECT_EQ(knots.size(), 13u);  // 12 knot intervals
    EXPECT_TRUE(std::is_sorted(knots.begin(), knots.end()));
}

TEST(Signals, NamesRoundTrip) {
    for (SignalShape s : kSignalShapes) {
        EXPECT_EQ(parseSignalShape(signalShapeName(s)), s);
        EXPECT_FALSE(signalShapeTitle(s).empty());
    }
    EXPECT_FALSE(parseSignalShape("sawtooth").has_value());
    for (ContinuousOp op : {ContinuousOp::Convolution, ContinuousOp::CrossCorrelation, ContinuousOp::AutoCorrelation})
        EXPECT_EQ(parseContinuousOp(continuousOpName(op)), op);
    EXPECT_EQ(movingLabel(ContinuousOp::Convolution, false), "g(t - tau)");
}

TEST(Signals, BadParametersAreClampedNotFatal) {
    SignalSpec s = spec(SignalShape::Pulse, -1.0, NAN, INFINITY, 0.0);
    const SignalSpec clean = sanitized(s);
    EXPECT_EQ(clean.width, kMinWidth);
    EXPECT_EQ(clean.centre, 0.0);
    EXPECT_EQ(clean.amplitude, 1.0);
    EXPECT_TRUE(std::isfinite(evaluate(s, 0.0)));
    for (SignalShape shape : kSignalShapes) {
        s.shape = shape;
        EXPECT_TRUE(std::isfinite(valueAt(ContinuousOp::Convolution, s, SignalSpec{}, 0.0)));
    }
}

TEST(Signals, NoiseIsSeededSmoothAndWindowed) {
    SignalSpec n = defaultSignal(SignalShape::Noise);
    SignalSpec other = n;
    other.seed = 2;
    double differ = 0.0;
    for (double t : grid(-2.0, 2.0, 101)) {
        EXPECT_EQ(evaluate(n, t), evaluate(n, t));
        EXPECT_LE(std::abs(evaluate(n, t)), magnitudeBound(n));
        differ = std::max(differ, std::abs(evaluate(n, t) - evaluate(other, t)));
    }
    EXPECT_GT(differ, 0.1);
    EXPECT_EQ(evaluate(n, -2.0), 0.0);
    EXPECT_EQ(evaluate(n, 2.0), 0.0);
    EXPECT_EQ(evaluate(n, 2.5), 0.0);
    for (double knot : breakpoints(n))  // continuous across every knot
        EXPECT_NEAR(evaluate(n, knot - 1e-9), evaluate(n, knot + 1e-9), 1e-6);
}

TEST(Signals, SampledSignalIsPiecewiseLinear) {
    const Signal s = sampledFromSequence({0.0, 1.0, 0.5}, 0.0, 0.5);
    EXPECT_EQ(evaluate(s, 0.5), 1.0);
    EXPECT_EQ(evaluate(s, 0.75), 0.75);
    EXPECT_EQ(evaluate(s, 1.0), 0.5);
    EXPECT_EQ(evaluate(s, 1.01), 0.0);
    EXPECT_EQ(evaluate(s, -0.01), 0.0);
    EXPECT_EQ(evaluate(SampledSignal{}, 0.5), 0.0);
    EXPECT_TRUE(support(SampledSignal{{}, {}, {}}).isEmpty());
}

TEST(Signals, DrawStrokeSetsTheSamplesItCrosses) {
    SampledSignal s;
    s.t0 = 0.0;
    s.t1 = 1.0;
    s.values.assign(11, 0.0);  // every 0.1
    drawStroke(s, 0.15, 1.0, 0.55, 0.0);
    EXPECT_EQ(s.values[1], 0.0);
    EXPECT_NEAR(s.values[2], 1.0 - 0.05 / 0.4, 1e-12);
    EXPECT_NEAR(s.values[5], 0.0 + 0.05 / 0.4, 1e-12);
    EXPECT_EQ(s.values[6], 0.0);
    drawStroke(s, 0.71, 0.3, 0.72, 0.7);  // between two samples: the nearest moves
    EXPECT_EQ(s.values[7], 0.7);
    drawStroke(s, 5.0, 1.0, 6.0, 1.0);  // outside: nothing
    EXPECT_EQ(s.values[10], 0.0);
}

// ---- closed forms ----

TEST(ContinuousOps, RectConvRectIsATriangle) {
    const double w = 1.5, a1 = 2.0, a2 = -0.75, c1 = 0.3, c2 = -0.8;
    const Signal f = spec(SignalShape::Rectangle, w, c1, a1), g = spec(SignalShape::Rectangle, w, c2, a2);
    for (double t : grid(-4.0, 4.0, 161))
        expectClosedForm(ContinuousOp::Convolution, f, g, t, a1 * a2 * std::max(0.0, w - std::abs(t - c1 - c2)));
}

TEST(ContinuousOps, RectConvWiderRectIsATrapezoid) {
    const Signal f = spec(SignalShape::Rectangle, 1.0, 0.2, 1.0), g = spec(SignalShape::Rectangle, 3.0, 0.5, 2.0);
    for (double t : grid(-4.0, 4.0, 161))
        expectClosedForm(ContinuousOp::Convolution, f, g, t, 2.0 * overlapLength(-0.3, 0.7, t - 2.0, t + 1.0));
}

TEST(ContinuousOps, GaussianConvGaussianIsAGaussian) {
    const double s1 = 0.5, s2 = 0.8, a1 = 2.0, a2 = 1.0, c1 = 0.5, c2 = -1.0;
    const Signal f = spec(SignalShape::Gaussian, s1, c1, a1), g = spec(SignalShape::Gaussian, s2, c2, a2);
    const double var = s1 * s1 + s2 * s2;
    const double peak = a1 * a2 * s1 * s2 * std::sqrt(2.0 * std::numbers::pi / var);
    const auto closed = [&](double t) { return peak * std::exp(-(t - c1 - c2) * (t - c1 - c2) / (2.0 * var)); };
    for (double t : grid(-6.0, 5.0, 111)) expectClosedForm(ContinuousOp::Convolution, f, g, t, closed(t));
    // Peak at c1 + c2 with height A1 A2 s1 s2 sqrt(2 pi / var); one sigma out, e^-1/2 of it.
    EXPECT_NEAR(valueAt(ContinuousOp::Convolution, f, g, c1 + c2), peak, kClosedFormTol);
    EXPECT_NEAR(valueAt(ContinuousOp::Convolution, f, g, c1 + c2 + std::sqrt(var)) / peak, std::exp(-0.5),
                kClosedFormTol);
}

TEST(ContinuousOps, ExpDecayConvStepIsTheCharging) {
    for (double a : {0.5, 1.0, 3.0}) {
        const Signal f = spec(SignalShape::ExpDecay, 1.0, 0.0, 1.0, a), g = spec(SignalShape::Step, 1.0, 0.0, 1.0);
        for (double t : grid(-2.0, 12.0, 141))
            expectClosedForm(ContinuousOp::Convolution, f, g, t, t > 0.0 ? (1.0 - std::exp(-a * t)) / a : 0.0);
    }
}

TEST(ContinuousOps, AutocorrelationOfARectIsATrianglePeakingAtItsEnergy) {
    const double w = 2.0, a = 1.5;
    const Signal f = spec(SignalShape::Rectangle, w, 0.7, a);
    for (double t : grid(-3.0, 3.0, 121))
        expectClosedForm(ContinuousOp::AutoCorrelation, f, f, t, a * a * std::max(0.0, w - std::abs(t)));
    EXPECT_NEAR(valueAt(ContinuousOp::AutoCorrelation, f, SignalSpec{}, 0.0), a * a * w, kClosedFormTol);
}

TEST(ContinuousOps, ExpDecayAgainstItselfHasEnergyAtLagZero) {
    const double r = 2.0, a = 3.0;
    const Signal f = spec(SignalShape::ExpDecay, 1.0, 0.4, a, r);
    for (double t : grid(-3.0, 3.0, 61))  // a^2 e^(-r|t|) / (2r)
        expectClosedForm(ContinuousOp::AutoCorrelation, f, f, t, a * a * std::exp(-r * std::abs(t)) / (2.0 * r));
}

TEST(ContinuousOps, NarrowPulseSiftsTheOtherSignal) {
    const Signal f = spec(SignalShape::Gaussian, 1.0, 0.0, 1.0), pulse = spec(SignalShape::Pulse, 1e-4, 0.0, 1.0);
    for (double t : grid(-3.0, 3.0, 31))  // a box average of width w: f(t) + w^2 f''(t) / 24
        EXPECT_NEAR(valueAt(ContinuousOp::Convolution, f, pulse, t), evaluate(f, t), 1e-9);
}

TEST(ContinuousOps, PositiveAndNegativeAreasOfASineUnderABox) {
    // sin(2 pi tau) on [-1, 1] under a box covering it: two positive and two negative
    // half-cycles of area 1/pi each.
    const Signal f = spec(SignalShape::SineBurst, 2.0, 0.0, 1.0, 1.0), g = spec(SignalShape::Rectangle, 10.0, 0.0, 1.0);
    const AreaAt a = areaAt(ContinuousOp::Convolution, f, g, 0.0);
    EXPECT_NEAR(a.value, 0.0, 1e-12);
    EXPECT_NEAR(a.positive, 2.0 / std::numbers::pi, kClosedFormTol);
    EXPECT_NEAR(a.negative, -2.0 / std::numbers::pi, kClosedFormTol);
    EXPECT_EQ(a.overlap, (Interval{-1.0, 1.0}));
}

TEST(ContinuousOps, AreaSplitAddsUp) {
    const Signal f = defaultSignal(SignalShape::Noise), g = spec(SignalShape::Triangle, 1.0, 0.3, -1.0);
    for (double t : grid(-3.0, 3.0, 13)) {
        const AreaAt a = areaAt(ContinuousOp::CrossCorrelation, f, g, t);
        EXPECT_GE(a.positive, 0.0);
        EXPECT_LE(a.negative, 0.0);
        EXPECT_NEAR(a.positive + a.negative, a.value, 1e-12);
    }
}

TEST(ContinuousOps, StepAgainstStepDiverges) {
    const Signal s = spec(SignalShape::Step, 1.0, 0.0, -2.0);
    const AreaAt a = areaAt(ContinuousOp::AutoCorrelation, s, s, 0.5);
    EXPECT_TRUE(a.divergent);
    EXPECT_EQ(a.value, HUGE_VAL);  // (-2)(-2) > 0
    EXPECT_NEAR(valueAt(ContinuousOp::Convolution, s, s, 3.0), 12.0, 1e-12);  // 4 t: finite
}

// ---- properties a student checks by playing ----

std::vector<Signal> someSignals() {
    SampledSignal ramp = sampledFromSequence({0.0, 1.0, 2.0, 3.0, 0.5, -1.0}, -0.5, 0.3);
    return {spec(SignalShape::Rectangle, 2.0, 0.0, 1.0), spec(SignalShape::ExpDecay, 1.0, 0.2, 1.0, 1.5),
            spec(SignalShape::Gaussian, 0.4, -0.3, 1.0),  spec(SignalShape::SineBurst, 3.0, 0.5, 1.0, 1.0),
            defaultSignal(SignalShape::Noise),            spec(SignalShape::Triangle, 1.0, 0.6, 2.0),
            ramp};
}

TEST(ContinuousOps, ConvolutionCommutes) {
    const auto signals = someSignals();
    for (std::size_t i = 0; i < signals.size(); ++i)
        for (std::size_t j = 0; j < i; ++j)
            for (double t : grid(-4.0, 4.0, 17)) {
                const AreaAt fg = areaAt(ContinuousOp::Convolution, signals[i], signals[j], t);
                const AreaAt gf = areaAt(ContinuousOp::Convolution, signals[j], signals[i], t);
                EXPECT_NEAR(fg.value, gf.value, fg.error_bound + gf.error_bound + kRoundingSlack)
                    << i << " * " << j << " at t = " << t;
            }
}

TEST(ContinuousOps, FlipMakesConvolutionAndCorrelationDifferForAsymmetricG) {
    // A box on [0, 1] against the decay: the flipped decay and the unflipped one give
    // different curves.
    const Signal f = spec(SignalShape::Rectangle, 1.0, 0.5, 1.0);
    const Signal g = spec(SignalShape::ExpDecay, 1.0, 0.0, 1.0, 1.0);
    double largest = 0.0;
    for (double t : grid(-4.0, 4.0, 81))
        largest = std::max(largest, std::abs(valueAt(ContinuousOp::Convolution, f, g, t) -
                                             valueAt(ContinuousOp::CrossCorrelation, f, g, t)));
    EXPECT_GT(largest, 0.5);
    EXPECT_NE(movingValue(ContinuousOp::Convolution, f, g, 0.0, -1.0),
              movingValue(ContinuousOp::CrossCorrelation, f, g, 0.0, -1.0));
}

TEST(ContinuousOps, ForAnEvenFTheCurvesCoincideThoughTheMovingPicturesDiffer) {
    // integral f(tau) g(t + tau) dtau = integral f(-tau) g(t - tau) dtau: with f even
    // (a box centred at 0) correlation equals convolution even for the decay; the
    // difference is only in what slides.
    const Signal f = spec(SignalShape::Rectangle, 1.0, 0.0, 1.0);
    const Signal g = spec(SignalShape::ExpDecay, 1.0, 0.0, 1.0, 1.0);
    for (double t : grid(-4.0, 4.0, 41)) {
        const AreaAt conv = areaAt(ContinuousOp::Convolution, f, g, t);
        const AreaAt corr = areaAt(ContinuousOp::CrossCorrelation, f, g, t);
        EXPECT_NEAR(conv.value, corr.value, conv.error_bound + corr.error_bound + kRoundingSlack) << t;
    }
    EXPECT_NE(movingValue(ContinuousOp::Convolution, f, g, 0.0, -0.5),
              movingValue(ContinuousOp::CrossCorrelation, f, g, 0.0, -0.5));
}

TEST(ContinuousOps, ConvolutionIsCorrelationWithGReversed) {
    // With h(t) = g(-t): (f * g)(t) = (h corr f)(t) = (f corr h)(-t), corr being the
    // lesson's integral f(tau) g(t + tau) dtau. Both asymmetric g here reverse exactly:
    // a drawn curve (values backwards) and a sine burst (centre -c, amplitude -A).
    const SampledSignal drawn = sampledFromSequence({0.0, 1.0, 2.0, 3.0, 0.5, -1.0}, 0.2, 0.3);
    const SignalSpec burst = spec(SignalShape::SineBurst, 2.0, 0.7, 1.0, 0.8);
    SignalSpec burst_reversed = burst;
    burst_reversed.centre = -burst.centre;
    burst_reversed.amplitude = -burst.amplitude;
    const std::vector<std::pair<Signal, Signal>> pairs{{drawn, reversed(drawn)}, {burst, burst_reversed}};
    const Signal f = spec(SignalShape::ExpDecay, 1.0, -0.5, 1.0, 2.0);
    for (const auto& [g, h] : pairs) {
        double largest = 0.0;
        for (double t : grid(-4.0, 4.0, 41)) {
            const AreaAt conv = areaAt(ContinuousOp::Convolution, f, g, t);
            const AreaAt hf = areaAt(ContinuousOp::CrossCorrelation, h, f, t);
            const AreaAt fh = areaAt(ContinuousOp::CrossCorrelation, f, h, -t);
            EXPECT_NEAR(conv.value, hf.value, conv.error_bound + hf.error_bound + kRoundingSlack) << t;
            EXPECT_NEAR(conv.value, fh.value, conv.error_bound + fh.error_bound + kRoundingSlack) << t;
            largest = std::max(largest, std::abs(conv.value - valueAt(ContinuousOp::CrossCorrelation, f, g, t)));
        }
        EXPECT_GT(largest, 0.1);  // and without the reversal they differ
    }
}

TEST(ContinuousOps, AutocorrelationIsSymmetricAndPeaksAtZero) {
    for (const Signal& f : someSignals()) {
        // At lag 0 the product is f^2 >= 0: the value is the energy, all of it positive.
        const double at_zero = valueAt(ContinuousOp::AutoCorrelation, f, f, 0.0);
        const AreaAt e = areaAt(ContinuousOp::AutoCorrelation, f, f, 0.0);
        EXPECT_EQ(e.negative, 0.0);
        EXPECT_NEAR(at_zero, e.positive, e.error_bound + kRoundingSlack);
        for (double t : grid(0.05, 5.0, 100)) {
            const AreaAt plus = areaAt(ContinuousOp::AutoCorrelation, f, f, t);
            const AreaAt minus = areaAt(ContinuousOp::AutoCorrelation, f, f, -t);
            EXPECT_NEAR(plus.value, minus.value, plus.error_bound + minus.error_bound + kRoundingSlack) << t;
            EXPECT_LE(plus.value, at_zero + e.error_bound) << t;
        }
    }
}

TEST(ContinuousOps, MovingFunctionIsFlippedOrShifted) {
    const Signal f = spec(SignalShape::Rectangle, 1.0, 0.0, 1.0);
    const Signal g = spec(SignalShape::ExpDecay, 1.0, 0.0, 1.0, 1.0);
    EXPECT_EQ(movingValue(ContinuousOp::Convolution, f, g, 2.0, 1.5), evaluate(g, 0.5));
    EXPECT_EQ(movingValue(ContinuousOp::CrossCorrelation, f, g, 2.0, 1.5), evaluate(g, 3.5));
    EXPECT_EQ(movingValue(ContinuousOp::AutoCorrelation, f, g, 0.25, 0.2), evaluate(f, 0.45));
    EXPECT_EQ(product(ContinuousOp::Convolution, f, g, 0.5, 0.25), evaluate(g, 0.25));
    EXPECT_EQ(movingSupport(ContinuousOp::Convolution, f, g, 2.0), (Interval{-28.0, 2.0}));
    EXPECT_EQ(movingSupport(ContinuousOp::CrossCorrelation, f, g, 2.0), (Interval{-2.0, 28.0}));
    EXPECT_EQ(resultSupport(ContinuousOp::Convolution, f, g), (Interval{-0.5, 30.5}));
    EXPECT_EQ(resultSupport(ContinuousOp::CrossCorrelation, f, g), (Interval{-0.5, 30.5}));
}

TEST(ContinuousOps, CurveEqualsPointByPointValues) {
    const Signal f = spec(SignalShape::Rectangle, 1.0, 0.0, 1.0);
    const Signal g = spec(SignalShape::ExpDecay, 1.0, 0.0, 1.0, 2.0);
    const ResultCurve curve = resultCurve(ContinuousOp::Convolution, f, g, -1.0, 3.0, 41);
    ASSERT_EQ(curve.values.size(), 41u);
    EXPECT_DOUBLE_EQ(curve.timeAt(40), 3.0);
    for (std::size_t i = 0; i < curve.values.size(); ++i)
        EXPECT_EQ(curve.values[i], valueAt(ContinuousOp::Convolution, f, g, curve.timeAt(i)));
    EXPECT_LE(curve.error_bound, kClosedFormTol);
    EXPECT_FALSE(curve.divergent);
    EXPECT_THROW(resultCurve(ContinuousOp::Convolution, f, g, 0.0, 1.0, 0), OpError);
}

// ---- discrete side: the compute contract's code path ----

TEST(SignalsDiscrete, SamplingGivesTheValuesAtTheSampleTimes) {
    const Tensor decay = sampleSignal(spec(SignalShape::ExpDecay, 1.0, 0.0, 1.0, 1.0), 0.0, 0.5, 4);
    ASSERT_EQ(decay.shape(), std::vector<int>{4});
    for (int k = 0; k < 4; ++k) EXPECT_FLOAT_EQ(decay.at(k), static_cast<float>(std::exp(-0.5 * k)));
    // A drawn curve sampled on its own grid gives back its values.
    const Tensor drawn = sampleSignal(sampledFromSequence({1.0, -2.0, 3.0}, 1.0, 0.25), 1.0, 0.25, 3);
    EXPECT_EQ(drawn, Tensor({3}, {1.f, -2.f, 3.f}));
    // A pulse narrower than dt keeps its area: dt * sum = A.
    const Tensor pulse = sampleSignal(spec(SignalShape::Pulse, 0.01, 0.02, 2.0), -1.0, 0.1, 21);
    double area = 0.0;
    for (float v : pulse.values()) area += 0.1 * v;
    EXPECT_NEAR(area, 2.0, 1e-5);
    EXPECT_THROW(sampleSignal(SignalSpec{}, 0.0, 0.0, 3), OpError);
    EXPECT_THROW(sampleSignal(SignalSpec{}, 0.0, 0.1, 0), OpError);
}

TEST(SignalsDiscrete, RequestsAreTheComputeContract) {
    const OpRequest r =
        signalRequest1d(OpKind::Conv1d, Tensor({3}, {1.f, 2.f, 3.f}), Tensor({3}, {0.f, 1.f, 0.5f}), Mode1d::Full);
    EXPECT_EQ(computeReference(r), Tensor({5}, {0.f, 1.f, 2.5f, 4.f, 1.5f}));
    EXPECT_THROW(signalRequest1d(OpKind::XCorr2d, Tensor({1}), Tensor({1}), Mode1d::Full), OpError);
    EXPECT_EQ(discreteOpKind(ContinuousOp::CrossCorrelation), OpKind::XCorr1d);
}

TEST(SignalsDiscrete, ReferenceFixturesThroughTheSignalsRequest) {
    int checked = 0;
    for (const auto& c : test::referenceCases()) {
        if (!isOneD(c.request.params.op)) continue;
        SCOPED_TRACE(c.name + " " + c.request_json);
        const OpRequest r =
            signalRequest1d(c.request.params.op, c.request.input, c.request.kernel, c.request.params.signal.mode);
        const Tensor out = computeReference(r);
        EXPECT_EQ(out, computeReference(c.request));
        EXPECT_LE(maxRelativeError(out, c.expected), 1e-5);
        const Trace trace = buildTrace(r);
        EXPECT_EQ(replay(trace, trace.steps.size()), out);
        ++checked;
    }
    EXPECT_GE(checked, 90);
}

// numpy.convolve / the lesson's correlation, written out for the check.
std::vector<double> naiveFull(OpKind op, const std::vector<float>& f, const std::vector<float>& g) {
    const int n = static_cast<int>(f.size()), m = static_cast<int>(g.size());
    std::vector<double> out;
    const int first = op == OpKind::Conv1d ? 0 : -(n - 1);
    for (int lag = first; lag < first + n + m - 1; ++lag) {
        double sum = 0.0;
        for (int i = 0; i < n; ++i) {
            const int j = op == OpKind::Conv1d ? lag - i : lag + i;
            if (j >= 0 && j < m)
                sum += static_cast<double>(f[static_cast<std::size_t>(i)]) * g[static_cast<std::size_t>(j)];
        }
        out.push_back(sum);
    }
    return out;
}

TEST(SignalsDiscrete, SampledPresetsThroughComputeAndTrace) {
    const Tensor f = sampleSignal(spec(SignalShape::Rectangle, 1.0, 0.5, 1.0), 0.0, 0.25, 5);
    const Tensor g = sampleSignal(spec(SignalShape::ExpDecay, 1.0, 0.0, 1.0, 1.0), 0.0, 0.25, 7);
    for (OpKind op : {OpKind::Conv1d, OpKind::XCorr1d, OpKind::AutoCorr1d}) {
        const Tensor& g_used = op == OpKind::AutoCorr1d ? f : g;
        const std::vector<double> full = naiveFull(op, f.values(), g_used.values());
        for (Mode1d mode : {Mode1d::Full, Mode1d::Same, Mode1d::Valid}) {
            SCOPED_TRACE(std::string(opName(op)) + " " + std::string(mode1dName(mode)));
            const OpRequest r = signalRequest1d(op, f, g, mode);
            const Trace trace = buildTrace(r);
            const Tensor out = computeReference(r);
            EXPECT_EQ(trace.output, out);
            for (int i = 0; i < out.dim(0); ++i) {
                const std::size_t full_index = static_cast<std::size_t>(trace.plan.offset + i);
                EXPECT_NEAR(out.at(i), full[full_index], 1e-6);
            }
        }
    }
}

TEST(SignalsDiscrete, DtTimesTheDiscreteResultApproximatesTheIntegral) {
    // Smooth signals: the Riemann sum dt * sum f[m] g[n -/+ m] is the integral at
    // lagTime to far below float precision, so the tolerance is the float's.
    const double dt = 0.05, f_t0 = -3.0, g_t0 = -2.5;
    const Signal f = spec(SignalShape::Gaussian, 0.5, 0.2, 1.0), g = spec(SignalShape::Gaussian, 0.3, -0.4, 2.0);
    const Tensor fs = sampleSignal(f, f_t0, dt, 121), gs = sampleSignal(g, g_t0, dt, 101);
    for (ContinuousOp op : {ContinuousOp::Convolution, ContinuousOp::CrossCorrelation, ContinuousOp::AutoCorrelation}) {
        const Trace trace = buildTrace(signalRequest1d(discreteOpKind(op), fs, gs, Mode1d::Full));
        for (const TraceStep& step : trace.steps) {
            const double t = lagTime(op, f_t0, g_t0, dt, step.lag);
            EXPECT_NEAR(dt * step.result, valueAt(op, f, g, t), 1e-6) << continuousOpName(op) << " t = " << t;
        }
    }
}

}  // namespace
}  // namespace cs
