#include "core/signals.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>

namespace cs {
namespace {

struct ShapeNames {
    SignalShape shape;
    std::string_view name;
    std::string_view title;
};

constexpr ShapeNames kShapeNames[] = {
    {SignalShape::Rectangle, "rectangle", "Rectangle"},
    {SignalShape::Triangle, "triangle", "Triangle"},
    {SignalShape::Gaussian, "gaussian", "Gaussian"},
    {SignalShape::ExpDecay, "exp_decay", "Exponential decay"},
    {SignalShape::Step, "step", "Step"},
    {SignalShape::SineBurst, "sine_burst", "Sine burst"},
    {SignalShape::Noise, "noise", "Noise (smoothed)"},
    {SignalShape::Pulse, "pulse", "Narrow pulse (unit area)"},
};

// exp(-30) ~ 9.4e-14: where a decaying preset is cut off. A Gaussian reaches it at
// sqrt(60) sigma.
constexpr double kCutExponent = 30.0;
const double kGaussianCut = std::sqrt(2.0 * kCutExponent);

double finiteOr(double value, double fallback) { return std::isfinite(value) ? value : fallback; }

// splitmix64: a fixed, portable hash, so a seed gives the same noise everywhere
// (std::uniform_real_distribution is not specified bit for bit).
std::uint64_t mix(std::uint64_t x) {
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

int noiseKnots(const SignalSpec& s) {
    const double k = std::round(s.width * s.rate);
    return static_cast<int>(std::clamp(k, 2.0, static_cast<double>(kMaxNoiseKnots)));
}

// Knot i of the noise spline: 0 at both ends (and beyond), so the curve starts
// and ends at 0 and its support is exactly the window.
double noiseKnot(const SignalSpec& s, int knots, int i) {
    if (i <= 0 || i >= knots) return 0.0;
    const std::uint64_t h = mix((static_cast<std::uint64_t>(s.seed) << 32) ^ static_cast<std::uint32_t>(i));
    const double unit = static_cast<double>(h >> 11) * 0x1.0p-53;  // [0, 1)
    return s.amplitude * (2.0 * unit - 1.0);
}

double evaluateNoise(const SignalSpec& s, double t) {
    const int knots = noiseKnots(s);
    const double h = s.width / knots;
    const double u = (t - (s.centre - 0.5 * s.width)) / h;
    if (!(u >= 0.0 && u <= knots)) return 0.0;
    const int j = std::min(static_cast<int>(u), knots - 1);
    const double x = u - j;
    const double v0 = noiseKnot(s, knots, j - 1), v1 = noiseKnot(s, knots, j), v2 = noiseKnot(s, knots, j + 1),
                 v3 = noiseKnot(s, knots, j + 2);
    // Catmull-Rom: interpolates the knots, continuous slope.
    return 0.5 * (2.0 * v1 + (v2 - v0) * x + (2.0 * v0 - 5.0 * v1 + 4.0 * v2 - v3) * x * x +
                  (3.0 * v1 - v0 - 3.0 * v2 + v3) * x * x * x);
}

double sampledValue(const SampledSignal& s, std::size_t k) {
    const double v = s.values[k];
    return std::isfinite(v) ? v : 0.0;
}

bool isDegenerate(const SampledSignal& s) {
    return s.values.size() < 2 || !(s.t0 < s.t1) || !std::isfinite(s.t1 - s.t0);
}

}  // namespace

std::string_view signalShapeName(SignalShape shape) {
    for (const auto& n : kShapeNames)
        if (n.shape == shape) return n.name;
    return "rectangle";
}

std::string_view signalShapeTitle(SignalShape shape) {
    for (const auto& n : kShapeNames)
        if (n.shape == shape) return n.title;
    return "Rectangle";
}

std::optional<SignalShape> parseSignalShape(std::string_view name) {
    for (const auto& n : kShapeNames)
        if (n.name == name) return n.shape;
    return std::nullopt;
}

SignalSpec sanitized(const SignalSpec& spec) {
    const SignalSpec d{};
    SignalSpec s = spec;
    s.width = std::max(finiteOr(s.width, d.width), kMinWidth);
    s.rate = std::max(finiteOr(s.rate, d.rate), kMinRate);
    s.centre = finiteOr(s.centre, d.centre);
    s.amplitude = finiteOr(s.amplitude, d.amplitude);
    return s;
}

SignalSpec defaultSignal(SignalShape shape) {
    SignalSpec s;
    s.shape = shape;
    switch (shape) {
    case SignalShape::Rectangle: s.width = 2.0; break;
    case SignalShape::Triangle: s.width = 2.0; break;
    case SignalShape::Gaussian: s.width = 0.5; break;
    case SignalShape::ExpDecay: s.rate = 1.0; break;
    case SignalShape::Step: break;
    case SignalShape::SineBurst: s.width = 3.0; s.rate = 1.0; break;
    case SignalShape::Noise: s.width = 4.0; s.rate = 3.0; break;
    case SignalShape::Pulse: s.width = 0.05; break;
    }
    return s;
}

SignalParamInfo signalParamInfo(SignalShape shape) {
    SignalParamInfo info;
    switch (shape) {
    case SignalShape::Rectangle:
    case SignalShape::Triangle: break;
    case SignalShape::Pulse: info.amplitude_label = "area"; break;
    case SignalShape::Gaussian: info.width_label = "sigma"; break;
    case SignalShape::ExpDecay:
        info.uses_width = false;
        info.uses_rate = true;
        info.rate_label = "decay rate";
        break;
    case SignalShape::Step: info.uses_width = false; break;
    case SignalShape::SineBurst:
        info.uses_rate = true;
        info.rate_label = "frequency";
        break;
    case SignalShape::Noise:
        info.uses_rate = true;
        info.uses_seed = true;
        info.rate_label = "knots per unit";
        break;
    }
    return info;
}

double SampledSignal::spacing() const {
    return isDegenerate(*this) ? 0.0 : (t1 - t0) / static_cast<double>(values.size() - 1);
}

SampledSignal sampledFromSequence(std::vector<double> values, double t0, double dt) {
    if (!(dt > 0.0) || !std::isfinite(dt)) dt = 1.0;
    SampledSignal s;
    s.t0 = finiteOr(t0, 0.0);
    s.t1 = s.t0 + dt * static_cast<double>(values.empty() ? 0 : values.size() - 1);
    s.values = std::move(values);
    return s;
}

void drawStroke(SampledSignal& s, double t_a, double v_a, double t_b, double v_b) {
    const double h = s.spacing();
    if (h == 0.0 || !std::isfinite(t_a + v_a + t_b + v_b)) return;
    const double last = static_cast<double>(s.values.size() - 1);
    const double u_a = (t_a - s.t0) / h, u_b = (t_b - s.t0) / h;
    const double lo = std::max(std::ceil(std::min(u_a, u_b)), 0.0);
    const double hi = std::min(std::floor(std::max(u_a, u_b)), last);
    if (lo > hi) {
        // The segment falls between two samples (a slow drag): move the nearest one.
        const double k = std::round(u_b);
        if (k >= 0.0 && k <= last) s.values[static_cast<std::size_t>(k)] = v_b;
        return;
    }
    for (double k = lo; k <= hi; k += 1.0) {
        const double t = s.t0 + k * h;
        const double v = t_b == t_a ? v_b : v_a + (v_b - v_a) * (t - t_a) / (t_b - t_a);
        s.values[static_cast<std::size_t>(k)] = v;
    }
}

namespace {

// Already within sanitized()'s ranges: the common case, evaluated without a copy.
bool isClean(const SignalSpec& s) {
    return s.width >= kMinWidth && s.width < HUGE_VAL && s.rate >= kMinRate && s.rate < HUGE_VAL &&
           std::isfinite(s.centre) && std::isfinite(s.amplitude);
}

double evaluateClean(const SignalSpec& s, double t) {
    const double x = t - s.centre;
    const double half = 0.5 * s.width;
    switch (s.shape) {
    case SignalShape::Rectangle: return std::abs(x) <= half ? s.amplitude : 0.0;
    case SignalShape::Triangle: return std::abs(x) <= half ? s.amplitude * (1.0 - std::abs(x) / half) : 0.0;
    case SignalShape::Gaussian: return s.amplitude * std::exp(-0.5 * (x / s.width) * (x / s.width));
    case SignalShape::ExpDecay: return x >= 0.0 ? s.amplitude * std::exp(-s.rate * x) : 0.0;
    case SignalShape::Step: return x >= 0.0 ? s.amplitude : 0.0;
    case SignalShape::SineBurst:
        return std::abs(x) <= half ? s.amplitude * std::sin(2.0 * std::numbers::pi * s.rate * x) : 0.0;
    case SignalShape::Noise: return evaluateNoise(s, t);
    case SignalShape::Pulse: return std::abs(x) <= half ? s.amplitude / s.width : 0.0;
    }
    return 0.0;
}

}  // namespace

double evaluate(const SignalSpec& spec, double t) {
    return isClean(spec) ? evaluateClean(spec, t) : evaluateClean(sanitized(spec), t);
}

double evaluate(const SampledSignal& s, double t) {
    if (isDegenerate(s) || !(t >= s.t0 && t <= s.t1)) return 0.0;
    const double h = s.spacing();
    const std::size_t last = s.values.size() - 1;
    const double u = (t - s.t0) / h;
    const std::size_t k = std::min(static_cast<std::size_t>(u), last - 1);
    const double x = std::min(u - static_cast<double>(k), 1.0);
    return sampledValue(s, k) + (sampledValue(s, k + 1) - sampledValue(s, k)) * x;
}

double evaluate(const Signal& signal, double t) {
    return std::visit([t](const auto& s) { return evaluate(s, t); }, signal);
}

Interval support(const SignalSpec& spec) {
    const SignalSpec s = sanitized(spec);
    const double c = s.centre, half = 0.5 * s.width;
    switch (s.shape) {
    case SignalShape::Gaussian: return {c - kGaussianCut * s.width, c + kGaussianCut * s.width};
    case SignalShape::ExpDecay: return {c, c + kCutExponent / s.rate};
    case SignalShape::Step: return {c, HUGE_VAL};
    default: return {c - half, c + half};
    }
}

Interval support(const SampledSignal& s) { return isDegenerate(s) ? Interval{} : Interval{s.t0, s.t1}; }

Interval support(const Signal& signal) {
    return std::visit([](const auto& s) { return support(s); }, signal);
}

std::vector<double> breakpoints(const Signal& signal) {
    std::vector<double> points;
    if (const auto* sampled = std::get_if<SampledSignal>(&signal)) {
        if (isDegenerate(*sampled)) return points;
        const double h = sampled->spacing();
        const std::size_t n = sampled->values.size();
        for (std::size_t k = 0; k + 1 < n; ++k) points.push_back(sampled->t0 + static_cast<double>(k) * h);
        points.push_back(sampled->t1);
        return points;
    }
    const SignalSpec s = sanitized(std::get<SignalSpec>(signal));
    const Interval sup = support(s);
    switch (s.shape) {
    case SignalShape::Step: return {s.centre};
    case SignalShape::Triangle: return {sup.lo, s.centre, sup.hi};
    case SignalShape::Noise: {
        const int knots = noiseKnots(s);
        const double h = s.width / knots;
        for (int i = 0; i < knots; ++i) points.push_back(sup.lo + i * h);
        points.push_back(sup.hi);
        return points;
    }
    default: return {sup.lo, sup.hi};
    }
}

SmoothnessBound smoothnessBound(const Signal& signal) {
    SmoothnessBound b;
    if (const auto* sampled = std::get_if<SampledSignal>(&signal)) {
        if (isDegenerate(*sampled)) return b;
        double peak = 0.0, steepest = 0.0;
        for (std::size_t k = 0; k < sampled->values.size(); ++k) {
            peak = std::max(peak, std::abs(sampledValue(*sampled, k)));
            if (k > 0)
                steepest = std::max(steepest, std::abs(sampledValue(*sampled, k) - sampledValue(*sampled, k - 1)));
        }
        b.magnitude = peak;
        b.lambda = peak > 0.0 ? steepest / (sampled->spacing() * peak) : 0.0;
        b.degree = 1;
        return b;
    }
    const SignalSpec s = sanitized(std::get<SignalSpec>(signal));
    const double a = std::abs(s.amplitude);
    b.magnitude = a;
    switch (s.shape) {
    case SignalShape::Rectangle:
    case SignalShape::Step: break;
    case SignalShape::Pulse: b.magnitude = a / s.width; break;
    case SignalShape::Triangle:
        b.lambda = 2.0 / s.width;
        b.degree = 1;
        break;
    case SignalShape::Gaussian:
        b.lambda = 1.0 / s.width;
        b.degree = -1;
        b.gaussian = true;
        // Area beyond +-sqrt(60) sigma: A sigma sqrt(2 pi) P(|Z| > sqrt(60)).
        b.tail = a * s.width * std::sqrt(2.0 * std::numbers::pi) * std::erfc(kGaussianCut / std::numbers::sqrt2);
        break;
    case SignalShape::ExpDecay:
        b.lambda = s.rate;
        b.degree = -1;
        b.tail = a * std::exp(-kCutExponent) / s.rate;
        break;
    case SignalShape::SineBurst:
        b.lambda = 2.0 * std::numbers::pi * s.rate;
        b.degree = -1;
        break;
    case SignalShape::Noise:
        // A Catmull-Rom piece through values in [-A, A] is at most 1.25 A, and its
        // derivatives in the knot coordinate at most 25 A, 36 A, 24 A: all within
        // 1.25 A (25/h)^j for a knot spacing h.
        b.magnitude = 1.25 * a;
        b.lambda = 25.0 * noiseKnots(s) / s.width;
        b.degree = 3;
        break;
    }
    return b;
}

double magnitudeBound(const Signal& signal) { return smoothnessBound(signal).magnitude; }

Tensor sampleSignal(const Signal& signal, double t0, double dt, int count) {
    if (count < 1 || static_cast<std::size_t>(count) > kMaxElements)
        throw OpError("a sampled signal needs between 1 and " + std::to_string(kMaxElements) + " samples; got " +
                      std::to_string(count) + ".");
    if (!(dt > 0.0) || !std::isfinite(dt) || !std::isfinite(t0))
        throw OpError("the sample spacing dt must be a positive number; got " + std::to_string(dt) + ".");
    Tensor out({count});
    const auto* spec = std::get_if<SignalSpec>(&signal);
    const bool pulse = spec != nullptr && spec->shape == SignalShape::Pulse;
    const SignalSpec s = spec != nullptr ? sanitized(*spec) : SignalSpec{};
    for (int k = 0; k < count; ++k) {
        const double t = t0 + k * dt;
        double v = 0.0;
        if (pulse) {
            // Cell average, so the pulse's area survives a spacing wider than the pulse.
            const double lo = std::max(t - 0.5 * dt, s.centre - 0.5 * s.width);
            const double hi = std::min(t + 0.5 * dt, s.centre + 0.5 * s.width);
            v = hi > lo ? s.amplitude / s.width * (hi - lo) / dt : 0.0;
        } else {
            v = evaluate(signal, t);
        }
        out.at(k) = static_cast<float>(v);
    }
    return out;
}

OpRequest signalRequest1d(OpKind op, const Tensor& f, const Tensor& g, Mode1d mode) {
    if (!isOneD(op))
        throw OpError(std::string("the signals lesson computes conv1d, xcorr1d or autocorr1d, not ") +
                      std::string(opName(op)) + ".");
    OpRequest r;
    r.params.op = op;
    r.params.signal.mode = mode;
    r.input = f;
    r.kernel = op == OpKind::AutoCorr1d ? f : g;  // unused by autocorr1d; g = f is what it means
    return r;
}

}  // namespace cs
