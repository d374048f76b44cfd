#include "core/continuous_ops.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>
#include <string>
#include <utility>

namespace cs {
namespace {

struct OpNames {
    ContinuousOp op;
    std::string_view name, title, formula, formula_ascii, moving, moving_ascii;
};

constexpr OpNames kOpNames[] = {
    {ContinuousOp::Convolution, "convolution", "Convolution",
     "(f * g)(t) = \u222B f(\u03C4) g(t \u2212 \u03C4) d\u03C4",
     "(f * g)(t) = integral f(tau) g(t - tau) dtau", "g(t \u2212 \u03C4)", "g(t - tau)"},
    {ContinuousOp::CrossCorrelation, "cross_correlation", "Cross-correlation",
     "(f \u22C6 g)(t) = \u222B f(\u03C4) g(t + \u03C4) d\u03C4", "(f * g)(t) = integral f(tau) g(t + tau) dtau",
     "g(t + \u03C4)", "g(t + tau)"},
    {ContinuousOp::AutoCorrelation, "autocorrelation", "Autocorrelation",
     "(f \u22C6 f)(t) = \u222B f(\u03C4) f(t + \u03C4) d\u03C4", "(f * f)(t) = integral f(tau) f(t + tau) dtau",
     "f(t + \u03C4)", "f(t + tau)"},
};

const OpNames& namesOf(ContinuousOp op) {
    for (const auto& n : kOpNames)
        if (n.op == op) return n;
    return kOpNames[0];
}

// ---- Gauss-Legendre rules ----

constexpr int kAnalyticNodes = 8;  // nodes per part where a factor is not a polynomial
constexpr int kMaxParts = 16384;   // parts per piece, at most
constexpr int kSignSamples = 16;   // samples per part when looking for sign changes
constexpr double kUnitRoundoff = 0x1.0p-53;

struct GaussRule {
    std::vector<double> x, w;  // on [-1, 1]
};

// Nodes by Newton's method on P_n from the Chebyshev guess; exact to rounding.
GaussRule makeRule(int n) {
    GaussRule r;
    r.x.resize(static_cast<std::size_t>(n));
    r.w.resize(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
        double x = std::cos(std::numbers::pi * (i + 0.75) / (n + 0.5)), dp = 1.0;
        for (int iter = 0; iter < 100; ++iter) {
            double p0 = 1.0, p1 = x;
            for (int k = 2; k <= n; ++k) {
                const double p2 = ((2.0 * k - 1.0) * x * p1 - (k - 1.0) * p0) / k;
                p0 = p1;
                p1 = p2;
            }
            if (n == 1) p0 = 1.0;
            dp = n * (x * p1 - p0) / (x * x - 1.0);
            const double dx = p1 / dp;
            x -= dx;
            if (std::abs(dx) < 1e-17) break;
        }
        r.x[static_cast<std::size_t>(n - 1 - i)] = x;
        r.w[static_cast<std::size_t>(n - 1 - i)] = 2.0 / ((1.0 - x * x) * dp * dp);
    }
    return r;
}

const GaussRule& gaussRule(int n) {
    static const std::vector<GaussRule> rules = [] {
        std::vector<GaussRule> all;
        for (int k = 0; k <= kAnalyticNodes; ++k) all.push_back(k == 0 ? GaussRule{} : makeRule(k));
        return all;
    }();
    return rules[static_cast<std::size_t>(std::clamp(n, 1, kAnalyticNodes))];
}

// ---- the integration plan: everything that does not depend on t ----

// A signal resolved once for the many evaluations of a curve: no variant dispatch,
// a drawn curve's spacing inverted and its non-finite values zeroed ahead.
class FastSignal {
public:
    explicit FastSignal(const Signal& s) {
        if (const auto* spec = std::get_if<SignalSpec>(&s)) {
            spec_ = sanitized(*spec);
            return;
        }
        const auto& d = std::get<SampledSignal>(s);
        sampled_ = true;
        if (support(d).isEmpty()) return;  // the zero signal: t0_ > t1_ below
        t0_ = d.t0;
        t1_ = d.t1;
        inv_h_ = 1.0 / d.spacing();
        values_.reserve(d.values.size());
        for (const double v : d.values) values_.push_back(std::isfinite(v) ? v : 0.0);
    }

    double operator()(double t) const {
        if (!sampled_) return evaluate(spec_, t);
        if (!(t >= t0_ && t <= t1_)) return 0.0;
        const double u = (t - t0_) * inv_h_;
        const std::size_t k = std::min(static_cast<std::size_t>(u), values_.size() - 2);
        const double x = std::min(u - static_cast<double>(k), 1.0);
        return values_[k] + (values_[k + 1] - values_[k]) * x;
    }

private:
    bool sampled_ = false;
    SignalSpec spec_;
    double t0_ = 1.0, t1_ = 0.0, inv_h_ = 0.0;
    std::vector<double> values_;
};

struct Plan {
    ContinuousOp op = ContinuousOp::Convolution;
    const Signal* f = nullptr;
    const Signal* g = nullptr;  // f for autocorrelation
    FastSignal f_fast{Signal{}}, g_fast{Signal{}};
    Interval f_support, g_support;
    std::vector<double> f_breaks, g_breaks;
    double peak = 0.0;  // |f|max |g|max
    bool exact = true;  // both factors polynomials on every piece
    int exact_nodes = 1;  // the nodes that integrate their product exactly
    double lambda = 0.0;  // lambda_f + lambda_g
    double slope_bound = 0.0;  // |d product / d tau| <= slope_bound
    // For n = 1 .. kAnalyticNodes nodes a part: parts_per_length[n] (rho_n: a piece of
    // length H needs ceil(H rho_n) parts) and remainder_scale[n] (a part of length h
    // is off by at most remainder_scale[n] (h lambda)^(2n) h).
    std::array<double, kAnalyticNodes + 1> parts_per_length{}, remainder_scale{};
    double tail_error = 0.0;
};

// |s^(j)| / (magnitude lambda_sum^j): a factor's term in Leibniz's bound of the
// product's derivatives.
double leibnizFactor(const SmoothnessBound& b, double lambda_sum, int j) {
    if (b.degree >= 0 && j > b.degree) return 0.0;
    double d = std::pow(b.lambda / lambda_sum, j);
    if (b.gaussian) d *= kCramer * std::sqrt(std::tgamma(j + 1.0));
    return d;
}

Plan makePlan(ContinuousOp op, const Signal& f, const Signal& g) {
    Plan p;
    p.op = op;
    p.f = &f;
    p.g = op == ContinuousOp::AutoCorrelation ? &f : &g;
    p.f_support = support(*p.f);
    p.g_support = support(*p.g);
    p.f_fast = FastSignal(*p.f);
    p.g_fast = FastSignal(*p.g);
    p.f_breaks = breakpoints(*p.f);
    p.g_breaks = breakpoints(*p.g);
    const SmoothnessBound bf = smoothnessBound(*p.f), bg = smoothnessBound(*p.g);
    p.peak = bf.magnitude * bg.magnitude;
    p.tail_error = bf.tail * bg.magnitude + bf.magnitude * bg.tail;
    p.exact = bf.degree >= 0 && bg.degree >= 0;
    p.lambda = bf.lambda + bg.lambda;
    p.slope_bound = p.peak * p.lambda * (bf.gaussian || bg.gaussian ? kCramer : 1.0);
    if (p.exact) {
        // n nodes integrate degree 2n - 1 exactly.
        p.exact_nodes = std::max(1, (bf.degree + bg.degree + 2) / 2);
        return p;
    }
    for (int n = 1; n <= kAnalyticNodes; ++n) {
        const int order = 2 * n;
        // Gauss-Legendre remainder: h^(2n+1) (n!)^4 / ((2n+1) ((2n)!)^3) max|p^(2n)|.
        const double log_c = 4.0 * std::lgamma(n + 1.0) - std::log(order + 1.0) - 3.0 * std::lgamma(order + 1.0);
        double s = 0.0;  // max|p^(2n)| / (peak lambda^(2n)), by Leibniz's rule
        for (int j = 0; j <= order; ++j)
            s += std::exp(std::lgamma(order + 1.0) - std::lgamma(j + 1.0) - std::lgamma(order - j + 1.0)) *
                 leibnizFactor(bf, p.lambda, j) * leibnizFactor(bg, p.lambda, order - j);
        const auto k = static_cast<std::size_t>(n);
        p.remainder_scale[k] = std::exp(log_c) * s * p.peak;
        // m parts of a piece of length H: m c s peak (H lambda / m)^(2n) H / m <= tol peak H.
        p.parts_per_length[k] = p.lambda * std::exp((log_c + std::log(s) - std::log(kIntegrationTolerance)) / order);
    }
    return p;
}

double integerPower(double x, int k) {
    double r = 1.0;
    for (; k > 0; k >>= 1, x *= x)
        if (k & 1) r *= x;
    return r;
}

// The cheapest (nodes, parts) for a piece of length H that meets the tolerance;
// 8 nodes and kMaxParts parts when none does.
std::pair<int, int> rulePerPiece(const Plan& p, double length) {
    if (p.exact) return {p.exact_nodes, 1};
    int best_n = kAnalyticNodes, best_m = kMaxParts;
    double best_cost = HUGE_VAL;
    for (int n = 1; n <= kAnalyticNodes; ++n) {
        const double m = std::max(1.0, std::ceil(length * p.parts_per_length[static_cast<std::size_t>(n)]));
        if (m <= kMaxParts && n * m < best_cost) {
            best_cost = n * m;
            best_n = n;
            best_m = static_cast<int>(m);
        }
        if (m == 1.0) break;  // more nodes only cost more
    }
    return {best_n, best_m};
}

double moving(const Plan& p, double t, double tau) {
    return p.g_fast(p.op == ContinuousOp::Convolution ? t - tau : t + tau);
}

double productAt(const Plan& p, double t, double tau) {
    const double a = p.f_fast(tau);
    return a == 0.0 ? 0.0 : a * moving(p, t, tau);
}

Interval movingInterval(const Plan& p, double t) {
    if (p.op == ContinuousOp::Convolution) return {t - p.g_support.hi, t - p.g_support.lo};
    return {p.g_support.lo - t, p.g_support.hi - t};
}

struct Accumulator {
    double value = 0.0, positive = 0.0, negative = 0.0, magnitude = 0.0, error = 0.0;
    long nodes = 0;
};

// n-point Gauss-Legendre on [a, b]. Each node's term also goes to the positive or
// the negative part by its sign (exact once the part is cut at the sign changes).
void gaussOn(const Plan& p, double t, int nodes, double a, double b, Accumulator& acc) {
    const GaussRule& rule = gaussRule(nodes);
    const double mid = 0.5 * (a + b), half = 0.5 * (b - a);
    for (std::size_t i = 0; i < rule.x.size(); ++i) {
        const double term = rule.w[i] * half * productAt(p, t, mid + half * rule.x[i]);
        acc.value += term;
        acc.magnitude += std::abs(term);
        (term >= 0.0 ? acc.positive : acc.negative) += term;
    }
    acc.nodes += static_cast<long>(rule.x.size());
}

// Where fn changes sign between lo (value v_lo) and hi: bisection to rounding.
template <class Fn>
double bisect(const Fn& fn, double lo, double hi, double v_lo) {
    for (int iter = 0; iter < 80 && hi - lo > 4.0 * kUnitRoundoff * (std::abs(lo) + std::abs(hi)); ++iter) {
        const double m = 0.5 * (lo + hi), vm = fn(m);
        if (vm == 0.0) return m;
        if ((vm > 0.0) == (v_lo > 0.0)) lo = m;
        else hi = m;
    }
    return 0.5 * (lo + hi);
}

// A part [a, b] cut where the product changes sign: where either factor does,
// found factor by factor (so a root of f next to a root of g is not lost) on
// samples from just inside a to just inside b, then bisection.
void splitBySign(const Plan& p, double t, int nodes, double a, double b, Accumulator& acc) {
    std::array<double, 2 * kSignSamples + 2> roots{};
    std::size_t count = 0;
    const double h = (b - a) / kSignSamples, inset = 1e-9 * (b - a);
    const auto scan = [&](const auto& fn) {
        double prev_x = a, prev_v = 0.0;
        for (int k = 0; k <= kSignSamples; ++k) {
            const double x = k == 0 ? a + inset : (k == kSignSamples ? b - inset : a + k * h);
            const double v = fn(x);
            if (v != 0.0 && prev_v != 0.0 && (v > 0.0) != (prev_v > 0.0))
                roots[count++] = bisect(fn, prev_x, x, prev_v);
            if (v != 0.0) {
                prev_x = x;
                prev_v = v;
            }
        }
    };
    scan([&](double tau) { return p.f_fast(tau); });
    scan([&](double tau) { return moving(p, t, tau); });
    std::sort(roots.begin(), roots.begin() + static_cast<std::ptrdiff_t>(count));
    double start = a;
    for (std::size_t i = 0; i < count; ++i) {
        if (roots[i] > start) gaussOn(p, t, nodes, start, roots[i], acc);
        start = std::max(start, roots[i]);
    }
    if (b > start) gaussOn(p, t, nodes, start, b, acc);
}

struct Workspace {
    std::vector<double> cuts, g_cuts;
};

AreaAt integrateAt(const Plan& p, double t, bool split, Workspace& work) {
    AreaAt out;
    out.error_bound = p.tail_error;
    const Interval m = movingInterval(p, t);
    out.overlap = {std::max(p.f_support.lo, m.lo), std::min(p.f_support.hi, m.hi)};
    if (out.overlap.isEmpty() || !std::isfinite(t)) out.overlap = {};
    if (out.overlap.isEmpty() || p.peak == 0.0) return out;
    const double lo = out.overlap.lo, hi = out.overlap.hi;
    if (std::isinf(lo) || std::isinf(hi)) {
        // Only two steps overlap without end, and their product is a non-zero constant
        // there: its sign, one unit inside the overlap, is the sign of the infinity.
        out.divergent = true;
        const double inside = std::isinf(hi) ? (std::isinf(lo) ? 0.0 : lo + 1.0) : hi - 1.0;
        const double v = productAt(p, t, inside);
        out.value = v > 0.0 ? HUGE_VAL : (v < 0.0 ? -HUGE_VAL : 0.0);
        out.positive = std::max(out.value, 0.0);
        out.negative = std::min(out.value, 0.0);
        out.error_bound = 0.0;
        return out;
    }
    // Cut at the breakpoints of f and of the moving g that fall inside the overlap.
    std::vector<double>& g_cuts = work.g_cuts;
    g_cuts.clear();
    if (p.op == ContinuousOp::Convolution) {
        for (auto it = p.g_breaks.rbegin(); it != p.g_breaks.rend(); ++it)
            if (const double tau = t - *it; tau > lo && tau < hi) g_cuts.push_back(tau);
    } else {
        for (const double b : p.g_breaks)
            if (const double tau = b - t; tau > lo && tau < hi) g_cuts.push_back(tau);
    }
    const auto f_first = std::upper_bound(p.f_breaks.begin(), p.f_breaks.end(), lo);
    const auto f_last = std::lower_bound(f_first, p.f_breaks.end(), hi);
    std::vector<double>& cuts = work.cuts;
    cuts.resize(static_cast<std::size_t>(f_last - f_first) + g_cuts.size() + 2);
    cuts.front() = lo;
    std::merge(f_first, f_last, g_cuts.begin(), g_cuts.end(), cuts.begin() + 1);
    cuts.back() = hi;

    Accumulator acc;
    for (std::size_t i = 0; i + 1 < cuts.size(); ++i) {
        const double a = cuts[i], b = cuts[i + 1], length = b - a;
        if (!(length > 0.0)) continue;
        const auto [nodes, parts] = rulePerPiece(p, length);
        const double h = length / parts;
        if (!p.exact)
            acc.error += parts * p.remainder_scale[static_cast<std::size_t>(nodes)] *
                         integerPower(h * p.lambda, 2 * nodes) * h;
        for (int k = 0; k < parts; ++k) {
            const double pa = a + k * h, pb = k + 1 == parts ? b : a + (k + 1) * h;
            if (split) splitBySign(p, t, nodes, pa, pb, acc);
            else gaussOn(p, t, nodes, pa, pb, acc);
        }
    }
    out.value = acc.value;
    out.positive = acc.positive;
    out.negative = acc.negative;
    // Rounding: of the sum, of each product (a few ulp each), and of the node
    // positions (a node off by 2u (|t| + |tau|) moves the product by up to that
    // times its slope).
    const double reach = std::abs(t) + std::max(std::abs(lo), std::abs(hi));
    out.error_bound += acc.error + (static_cast<double>(acc.nodes) + 64.0) * kUnitRoundoff * acc.magnitude +
                       4.0 * kUnitRoundoff * reach * p.slope_bound * (hi - lo);
    return out;
}

}  // namespace

std::string_view continuousOpName(ContinuousOp op) { return namesOf(op).name; }
std::string_view continuousOpTitle(ContinuousOp op) { return namesOf(op).title; }

std::optional<ContinuousOp> parseContinuousOp(std::string_view name) {
    for (const auto& n : kOpNames)
        if (n.name == name) return n.op;
    return std::nullopt;
}

std::string_view continuousOpFormula(ContinuousOp op, bool unicode) {
    return unicode ? namesOf(op).formula : namesOf(op).formula_ascii;
}

std::string_view movingLabel(ContinuousOp op, bool unicode) {
    return unicode ? namesOf(op).moving : namesOf(op).moving_ascii;
}

double movingValue(ContinuousOp op, const Signal& f, const Signal& g, double t, double tau) {
    switch (op) {
    case ContinuousOp::Convolution: return evaluate(g, t - tau);
    case ContinuousOp::CrossCorrelation: return evaluate(g, t + tau);
    case ContinuousOp::AutoCorrelation: return evaluate(f, t + tau);
    }
    return 0.0;
}

double product(ContinuousOp op, const Signal& f, const Signal& g, double t, double tau) {
    return evaluate(f, tau) * movingValue(op, f, g, t, tau);
}

Interval movingSupport(ContinuousOp op, const Signal& f, const Signal& g, double t) {
    const Interval s = support(op == ContinuousOp::AutoCorrelation ? f : g);
    if (op == ContinuousOp::Convolution) return {t - s.hi, t - s.lo};
    return {s.lo - t, s.hi - t};
}

Interval resultSupport(ContinuousOp op, const Signal& f, const Signal& g) {
    const Interval sf = support(f), sg = support(op == ContinuousOp::AutoCorrelation ? f : g);
    if (sf.isEmpty() || sg.isEmpty()) return {};
    if (op == ContinuousOp::Convolution) return {sf.lo + sg.lo, sf.hi + sg.hi};
    return {sg.lo - sf.hi, sg.hi - sf.lo};
}

AreaAt areaAt(ContinuousOp op, const Signal& f, const Signal& g, double t) {
    const Plan plan = makePlan(op, f, g);
    Workspace work;
    return integrateAt(plan, t, true, work);
}

double valueAt(ContinuousOp op, const Signal& f, const Signal& g, double t) {
    const Plan plan = makePlan(op, f, g);
    Workspace work;
    return integrateAt(plan, t, false, work).value;
}

double ResultCurve::timeAt(std::size_t i) const {
    if (values.size() < 2) return t_lo;
    return t_lo + static_cast<double>(i) * (t_hi - t_lo) / static_cast<double>(values.size() - 1);
}

ResultCurve resultCurve(ContinuousOp op, const Signal& f, const Signal& g, double t_lo, double t_hi, int count) {
    if (count < 1 || static_cast<std::size_t>(count) > kMaxElements)
        throw OpError("a result curve needs between 1 and " + std::to_string(kMaxElements) + " points; got " +
                      std::to_string(count) + ".");
    if (!std::isfinite(t_lo) || !std::isfinite(t_hi))
        throw OpError("the time range of a result curve must be finite.");
    ResultCurve curve;
    curve.t_lo = t_lo;
    curve.t_hi = t_hi;
    curve.values.resize(static_cast<std::size_t>(count));
    const Plan plan = makePlan(op, f, g);
    Workspace work;
    for (std::size_t i = 0; i < curve.values.size(); ++i) {
        const AreaAt a = integrateAt(plan, curve.timeAt(i), false, work);
        curve.values[i] = a.value;
        curve.error_bound = std::max(curve.error_bound, a.error_bound);
        curve.divergent = curve.divergent || a.divergent;
    }
    return curve;
}

OpKind discreteOpKind(ContinuousOp op) {
    switch (op) {
    case ContinuousOp::Convolution: return OpKind::Conv1d;
    case ContinuousOp::CrossCorrelation: return OpKind::XCorr1d;
    case ContinuousOp::AutoCorrelation: return OpKind::AutoCorr1d;
    }
    return OpKind::Conv1d;
}

double lagTime(ContinuousOp op, double f_t0, double g_t0, double dt, int lag) {
    switch (op) {
    case ContinuousOp::Convolution: return f_t0 + g_t0 + lag * dt;
    case ContinuousOp::CrossCorrelation: return g_t0 - f_t0 + lag * dt;
    case ContinuousOp::AutoCorrelation: return lag * dt;
    }
    return 0.0;
}

}  // namespace cs
