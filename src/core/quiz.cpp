#include "core/quiz.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <random>
#include <vector>

#include "core/engine.h"
#include "core/quiz_common.h"

namespace cs {
namespace {

using quiz_detail::Candidate;
using quiz_detail::num;

// The value of output (c, y, x) in a result tensor; nullopt outside it.
std::optional<double> cellOf(const Tensor& out, int c, int y, int x) {
    if (out.rank() == 1) {
        if (x < 0 || x >= out.dim(0)) return std::nullopt;
        return out.values()[static_cast<std::size_t>(x)];
    }
    const int C = out.rank() == 3 ? out.dim(0) : 1, H = out.dim(-2), W = out.dim(-1);
    if (c < 0 || c >= C || y < 0 || y >= H || x < 0 || x >= W) return std::nullopt;
    return out.values()[(static_cast<std::size_t>(c) * H + y) * W + x];
}

// The same cell of a changed request; nullopt when the change is not a valid
// request or the cell does not exist in it.
std::optional<double> variantCell(const OpRequest& changed, const TraceStep& s) {
    try {
        return cellOf(CpuEngine().run(changed), s.out_c, s.out_y, s.out_x);
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

// A padded input cell's value as the op reads it; nullopt off the padded grid
// or where no value is defined (lp pooling has no padding).
std::optional<double> paddedValue(const OpRequest& r, const Trace& t, int c, int py, int px) {
    if (py < 0 || px < 0 || py >= t.padded_h || px >= t.padded_w) return std::nullopt;
    const int H = r.input.dim(-2), W = r.input.dim(-1);
    int y = py - t.pad_top, x = px - t.pad_left;
    const OpKind op = r.params.op;
    if (y < 0 || y >= H || x < 0 || x >= W) {
        if (op == OpKind::MaxPool2d) return -std::numeric_limits<double>::infinity();
        if (op == OpKind::LpPool2d) return std::nullopt;
        if (!isCorrelation2d(op)) return 0.0;
        y = paddedSource(y, H, r.params.correlation.padding_mode);
        x = paddedSource(x, W, r.params.correlation.padding_mode);
        if (y < 0 || x < 0) return 0.0;
    }
    const std::size_t plane = static_cast<std::size_t>(H) * W;
    const std::size_t channel = r.input.rank() == 3 ? static_cast<std::size_t>(c) : 0;
    return r.input.values()[channel * plane + static_cast<std::size_t>(y) * W + x];
}

// The step recomputed with its window moved by (dy, dx), the same weights.
std::optional<double> shiftedWindow(const OpRequest& r, const Trace& t, const TraceStep& s, int dy, int dx) {
    const OpKind op = r.params.op;
    double acc = op == OpKind::MaxPool2d ? -std::numeric_limits<double>::infinity() : 0.0;
    for (const TraceTerm& term : s.terms) {
        const auto v = paddedValue(r, t, term.channel, term.py + dy, term.px + dx);
        if (!v) return std::nullopt;
        if (op == OpKind::MaxPool2d) acc = std::max(acc, *v);
        else acc += *v * term.weight;
    }
    if (isCorrelation2d(op)) return acc + s.bias;
    if (op == OpKind::AvgPool2d) return acc / s.divisor;
    if (op == OpKind::MaxPool2d) return acc;
    return std::nullopt;
}

// "You counted the zero row" when a kernel row of the window is all 0 but
// the input under it is not: the seed's own slip.
std::string plainSumMessage(const OpRequest& r, const TraceStep& s, double plain) {
    std::map<std::pair<int, int>, std::pair<bool, std::string>> rows;  // (channel, py) -> (all weights 0, values)
    for (const TraceTerm& term : s.terms) {
        auto& row = rows.try_emplace({term.channel, term.py}, true, std::string()).first->second;
        row.first = row.first && term.weight == 0.f;
        row.second += (row.second.empty() ? "" : " ") + num(term.value);
    }
    for (const auto& [key, row] : rows) {
        bool nonzero = false;
        for (const TraceTerm& term : s.terms)
            if (term.channel == key.first && term.py == key.second && term.value != 0.f) nonzero = true;
        if (row.first && nonzero)
            return "You counted the zero row: the kernel's row " +
                   std::to_string((key.second - s.window_y) / std::max(1, r.params.window.dilation.h)) +
                   " is all 0, so the window's row over it (" + row.second +
                   ") adds nothing. You added the window without weights (" + num(plain) + "); with them it is " +
                   num(s.result) + ".";
    }
    return "You added the window without weights (" + num(plain) + "): each value is multiplied by the weight over it "
           "first, which gives " + num(s.result) + ".";
}

void correlationCandidates(const OpRequest& r, const TraceStep& s, std::vector<Candidate>& out) {
    const OpKind op = r.params.op;
    OpRequest ones = r;
    ones.kernel = Tensor(r.kernel.shape(), 1.f);
    if (const auto v = variantCell(ones, s)) out.push_back({Mistake::PlainSum, *v, plainSumMessage(r, s, *v)});
    if (op == OpKind::XCorr2d || op == OpKind::Conv2d) {
        OpRequest other = r;
        other.params.op = op == OpKind::Conv2d ? OpKind::XCorr2d : OpKind::Conv2d;
        if (const auto v = variantCell(other, s)) {
            if (op == OpKind::Conv2d)
                out.push_back({Mistake::KernelNotFlipped, *v,
                               "You used the kernel unflipped: that is cross-correlation (" + num(*v) +
                                   "). Convolution turns the kernel 180°: the weight over the window's top-left cell "
                                   "is K's bottom-right one."});
            else
                out.push_back({Mistake::KernelFlipped, *v,
                               "You flipped the kernel: that is true convolution (" + num(*v) +
                                   "). Cross-correlation, what CNN layers compute, uses the kernel as it stands."});
        }
    }
}

void paddingCandidate(const OpRequest& r, const TraceStep& s, std::vector<Candidate>& out) {
    const Pair p = r.params.window.padding;
    if (p.h == 0 && p.w == 0) return;
    OpRequest unpadded = r;
    unpadded.params.window.padding = {0, 0};
    if (const auto v = variantCell(unpadded, s))
        out.push_back({Mistake::PaddingForgotten, *v,
                       "You forgot the padding (" + num(*v) + "): with padding " + std::to_string(p.h) +
                           " the windows start on the padded grid, " + std::to_string(p.h) + " row(s) above and " +
                           std::to_string(p.w) + " column(s) left of the input, over padding cells."});
}

void offByOneCandidates(const OpRequest& r, const Trace& t, const TraceStep& s, std::vector<Candidate>& out) {
    struct Shift {
        int dy, dx;
        const char* words;
    };
    const Shift shifts[] = {{0, 1, "one column too far right"}, {0, -1, "one column too far left"},
                            {1, 0, "one row too far down"}, {-1, 0, "one row too far up"}};
    for (const Shift& sh : shifts)
        if (const auto v = shiftedWindow(r, t, s, sh.dy, sh.dx))
            out.push_back({Mistake::WindowOffByOne, *v,
                           std::string("Your window is ") + sh.words + " (that window gives " + num(*v) +
                               "). This step's window starts at padded row " + std::to_string(s.window_y) +
                               ", column " + std::to_string(s.window_x) + "."});
}

void poolingCandidates(const OpRequest& r, const TraceStep& s, std::vector<Candidate>& out) {
    const OpKind op = r.params.op;
    double sum = 0, real_sum = 0, biggest = -std::numeric_limits<double>::infinity();
    int real = 0;
    for (const TraceTerm& term : s.terms) {
        if (!term.isPadding()) {
            real_sum += term.value;
            ++real;
            biggest = std::max(biggest, static_cast<double>(term.value));
        }
        sum += term.isPadding() ? 0.0 : term.value;
    }
    const auto rule = [&](double v, std::string message) { out.push_back({Mistake::WrongPoolingRule, v, std::move(message)}); };
    if (op == OpKind::MaxPool2d || op == OpKind::GlobalMaxPool) {
        if (real > 0) rule(real_sum / real, "That is the average (" + num(real_sum / real) + "): max pooling keeps the largest value.");
        rule(real_sum, "That is the window's sum (" + num(real_sum) + "): max pooling keeps only the largest value.");
    } else if (op == OpKind::AvgPool2d || op == OpKind::GlobalAvgPool) {
        rule(biggest, "That is the largest value (" + num(biggest) + "): average pooling adds the window and divides.");
        rule(sum, "You added the window (" + num(sum) + ") but did not divide by " + num(s.divisor) + ".");
        if (op == OpKind::AvgPool2d && real > 0 && real != static_cast<int>(s.divisor)) {
            if (r.params.pool.count_include_pad)
                rule(sum / real, "You divided by the " + std::to_string(real) +
                                     " real cells; count_include_pad=True counts the padding cells too: / " +
                                     num(s.divisor) + ".");
            else
                rule(sum / static_cast<double>(s.terms.size()),
                     "You divided by every cell of the window; count_include_pad=False counts only the " +
                         std::to_string(real) + " real ones.");
        }
    } else if (op == OpKind::LpPool2d) {
        const double p = r.params.pool.norm_type;
        double powers = 0;
        for (const TraceTerm& term : s.terms) powers += term.product;
        rule(real_sum, "That is the plain sum (" + num(real_sum) + "): Lp pooling adds the p-th powers and takes the p-th root.");
        rule(powers * s.scale, "You forgot the root: the sum of powers is " + num(powers * s.scale) + ", and its " +
                                   num(p) + "-th root is " + num(s.result) + ".");
        rule(biggest, "That is the largest value (" + num(biggest) + "): Lp pooling takes the root of the sum of powers.");
    }
}

std::string productsText(const OpRequest& r, const TraceStep& s) {
    const OpKind op = r.params.op;
    std::string terms;
    const std::size_t shown = std::min<std::size_t>(s.terms.size(), 36);
    const double p = r.params.pool.norm_type;
    for (std::size_t i = 0; i < shown; ++i) {
        const TraceTerm& t = s.terms[i];
        std::string one;
        if (isPooling2d(op) || isGlobalPool(op)) one = op == OpKind::LpPool2d ? num(t.value) + "^" + num(p) : num(t.value);
        else one = num(t.value) + "×" + num(t.weight);
        terms += (i == 0 ? "" : (op == OpKind::MaxPool2d || op == OpKind::GlobalMaxPool) ? ", " : " + ") + one;
    }
    if (shown < s.terms.size()) terms += " … (" + std::to_string(s.terms.size()) + " terms)";
    std::string text;
    if (op == OpKind::MaxPool2d || op == OpKind::GlobalMaxPool) text = "max(" + terms + ")";
    else if (op == OpKind::AvgPool2d || op == OpKind::GlobalAvgPool) text = "(" + terms + ") / " + num(s.divisor);
    else if (op == OpKind::LpPool2d)
        text = "((" + terms + ")" + (s.scale != 1.0 ? " × " + num(s.scale) : "") + ")^(1/" + num(p) + ")";
    else text = terms + (s.bias != 0.0 ? " + " + num(s.bias) + " (bias)" : "");
    return text + " = " + num(s.result);
}

std::string cellName(const TraceStep& s, const OpRequest& r) {
    if (isOneD(r.params.op)) return "output " + std::to_string(s.out_x);
    return "output (" + (r.input.rank() == 3 || r.kernel.rank() == 4 ? std::to_string(s.out_c) + ", " : std::string()) +
           std::to_string(s.out_y) + ", " + std::to_string(s.out_x) + ")";
}

}  // namespace

bool answerMatches(double answer, double value) {
    if (std::isnan(answer) || std::isnan(value)) return false;
    if (std::isinf(answer) || std::isinf(value)) return answer == value;
    return std::abs(answer - value) <= std::max(0.005, 1e-4 * std::abs(value));
}

CellDiagnosis diagnoseCell(const OpRequest& r, const Trace& t, std::size_t step, double answer) {
    if (isLayer(r.params.op)) return diagnoseLayerCell(r, t, step, answer);
    CellDiagnosis d;
    if (step >= t.steps.size()) {
        d.message = "There is no step " + std::to_string(step + 1) + " to predict.";
        return d;
    }
    const TraceStep& s = t.steps[step];
    d.expected = s.result;
    d.products = productsText(r, s);
    if (answerMatches(answer, s.result)) {
        d.right = true;
        d.mistake = Mistake::None;
        d.message = "Right: " + cellName(s, r) + " = " + num(s.result) + ".";
        return d;
    }
    const OpKind op = r.params.op;
    std::vector<Candidate> candidates;
    if (isCorrelation2d(op) || isOneD(op)) correlationCandidates(r, s, candidates);
    if (isCorrelation2d(op) || isPooling2d(op)) {
        paddingCandidate(r, s, candidates);
        offByOneCandidates(r, t, s, candidates);
    }
    if (isPooling2d(op) || isGlobalPool(op)) poolingCandidates(r, s, candidates);
    for (const Candidate& c : candidates) {
        if (answerMatches(c.value, s.result) || !answerMatches(answer, c.value)) continue;
        d.mistake = c.mistake;
        d.message = "Not " + num(answer) + ". " + c.message;
        return d;
    }
    d.mistake = Mistake::Unknown;
    d.message = "Not " + num(answer) + ". Work it through: " + d.products;
    return d;
}

void CellQuiz::restart() {
    revealed = 0;
    tried_current = false;
    has_last = false;
}

void CellQuiz::record(const CellDiagnosis& d, QuizScore& score) {
    if (!tried_current) score.add(d.right);
    tried_current = true;
    last = d;
    has_last = true;
    if (d.right) {
        ++revealed;
        tried_current = false;
    }
}

void CellQuiz::giveUp(QuizScore& score) {
    if (!tried_current) score.add(false);
    ++revealed;
    tried_current = false;
    has_last = false;
}

SizeQuestion makeSizeQuestion(std::uint32_t seed, bool pooling) {
    std::mt19937 rng(seed);
    auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
    for (;;) {  // a valid question comes within a few draws; every draw is cheap
        const int k = pick(1, 5);
        const int p = pooling ? pick(0, k / 2) : pick(0, 2);
        const int s = pick(1, 3), d = pooling ? 1 : pick(1, 2);
        const bool ceil = pooling && pick(0, 1) == 1;
        const int nh = pick(std::max(3, k), 12), nw = pick(std::max(3, k), 12);
        SizeQuestion q;
        q.pooling = pooling;
        q.rows = computeAxisSize(nh, k, p, s, d, ceil);
        q.cols = computeAxisSize(nw, k, p, s, d, ceil);
        if (q.rows.valid() && q.cols.valid()) return q;
    }
}

SizeAnswer checkSizeAnswer(const SizeQuestion& q, int h, int w) {
    SizeAnswer a;
    a.right = h == q.rows.out && w == q.cols.out;
    const std::string want = std::to_string(q.rows.out) + " x " + std::to_string(q.cols.out);
    if (a.right) a.message = "Right: " + want + ".";
    else a.message = "Not " + std::to_string(h) + " x " + std::to_string(w) + ": it is " + want + ".";
    a.rows_formula = q.rows.formula();
    a.cols_formula = q.cols.formula();
    a.rows_explained = q.rows.explanation("rows");
    a.cols_explained = q.cols.explanation("columns");
    return a;
}

}  // namespace cs
