// The Layers page's "predict the next cell" (core/quiz.h diagnoseLayerCell):
// each layer op's usual mistakes recomputed for the element asked, and the
// first one that gives the typed value named.
#include <cmath>
#include <exception>
#include <string>
#include <vector>

#include "core/engine.h"
#include "core/layer_ops.h"
#include "core/layer_trace.h"
#include "core/quiz.h"
#include "core/quiz_common.h"

namespace cs {
namespace {

using quiz_detail::Candidate;
using quiz_detail::num;

using Candidates = std::vector<Candidate>;

void add(Candidates& out, Mistake m, double value, std::string message) {
    if (std::isfinite(value)) out.push_back({m, value, std::move(message)});
}

// The flat output element `flat` of `changed`; NaN when the change is refused.
double variantElement(const OpRequest& changed, std::size_t flat) {
    try {
        const Tensor out = CpuEngine().run(changed);
        return flat < out.size() ? out.values()[flat] : std::nan("");
    } catch (const std::exception&) {
        return std::nan("");
    }
}

void reluCandidates(const TraceStep& s, Candidates& out) {
    const double x = s.terms.front().value;
    if (x < 0) {
        add(out, Mistake::KeptNegative, x,
            "You passed the negative " + num(x) + " on: ReLU turns every negative into 0.");
        add(out, Mistake::KeptNegative, -x,
            "That is |x|: ReLU does not flip a negative's sign, it cuts it to 0.");
    } else if (x > 0) {
        add(out, Mistake::ZeroedPositive, 0.0,
            "You zeroed a positive: x = " + num(x) + " is above 0, and ReLU passes it on unchanged.");
    }
}

void softmaxCandidates(const OpRequest& r, const Trace& t, std::size_t step, Candidates& out) {
    const TraceStep& s = t.steps[step];
    const LayerStep& ls = t.layer.steps[step];
    if (ls.group < 0 || static_cast<std::size_t>(ls.group) >= t.layer.groups.size()) return;
    const LayerGroup& g = t.layer.groups[static_cast<std::size_t>(ls.group)];
    const double x = s.terms.front().value, e = s.terms.front().product;  // exp(x - max)
    add(out, Mistake::SoftmaxLogit, x,
        "That is the logit itself: softmax is exp(x - max) divided by the sum of the exps.");
    double logit_sum = 0.0;
    for (float v : g.values) logit_sum += v;
    if (logit_sum != 0.0)
        add(out, Mistake::SoftmaxNoExp, x / logit_sum,
            "You forgot the exp: that is x / (sum of the logits). Softmax divides exps, not logits.");
    add(out, Mistake::SoftmaxNoDivide, e,
        "That is exp(x - max) before the division: divide it by the sum of the exps.");
    add(out, Mistake::SoftmaxNoDivide, std::exp(x),
        "That is exp(x) = " + num(std::exp(x)) + " alone: it still has to be divided by the sum of the exps.");
    if (g.sum - e > 0)
        add(out, Mistake::SoftmaxWrongSum, e / (g.sum - e),
            "You divided by the other exps only: the sum includes this element's own exp.");
    if (std::isfinite(std::exp(x)))
        add(out, Mistake::SoftmaxWrongSum, std::exp(x) / g.sum,
            "You subtracted the max in the sum only: subtract it in both (or neither: exp(-max) cancels).");
    if (t.layer.groups.size() > 1) {
        double all = 0.0;
        for (const LayerGroup& other : t.layer.groups)
            for (float v : other.values) all += std::exp(static_cast<double>(v) - g.max);
        add(out, Mistake::SoftmaxWrongSum, e / all,
            "You summed the whole tensor's exps: softmax sums along dim " + std::to_string(r.params.layer.dim) +
                " only (" + std::to_string(g.values.size()) + " values).");
    }
    const int rank = r.input.rank();
    for (int d = 0; d < rank; ++d) {
        OpRequest other = r;
        other.params.layer.dim = d;
        if (other.params.layer.dim == r.params.layer.dim || d == r.params.layer.dim + rank) continue;
        add(out, Mistake::SoftmaxWrongSum, variantElement(other, step),
            "You normalised along dim " + std::to_string(d) + ": this softmax adds up to 1 along dim " +
                std::to_string(r.params.layer.dim) + ".");
    }
}

void batchNormCandidates(const OpRequest& r, const Trace& t, std::size_t step, Candidates& out) {
    const TraceStep& s = t.steps[step];
    const LayerStep& ls = t.layer.steps[step];
    if (ls.group < 0 || static_cast<std::size_t>(ls.group) >= t.layer.groups.size()) return;
    const LayerGroup& g = t.layer.groups[static_cast<std::size_t>(ls.group)];
    const double x = s.terms.front().value, eps = t.layer.eps;
    const double w = g.weight, b = g.bias, dev = x - g.mean;
    const auto normalised = [&](double var) { return dev / std::sqrt(var + eps) * w + b; };
    const double n = static_cast<double>(g.values.size());
    if (g.from_batch && n > 1)
        add(out, Mistake::BatchNormUnbiasedVariance, normalised(g.variance * n / (n - 1)),
            "You used the unbiased variance (/ n - 1): batch norm normalises with the biased one (/ n = " + num(n) +
                ").");
    if (g.variance > 0)
        add(out, Mistake::BatchNormNoEps, dev / std::sqrt(g.variance) * w + b,
            "You left out eps: the root is of variance + eps = " + num(g.variance) + " + " + num(eps) + ".");
    if (w != 1.0 || b != 0.0)
        add(out, Mistake::BatchNormNoAffine, s.sum,
            "You stopped at the normalised value: then comes × weight (" + num(w) + ") + bias (" + num(b) + ").");
    if (w != 1.0 && b != 0.0) {
        add(out, Mistake::BatchNormNoAffine, s.sum + b, "You left out the weight (" + num(w) + "): multiply before adding the bias.");
        add(out, Mistake::BatchNormNoAffine, s.sum * w, "You left out the bias (" + num(b) + "): add it after the weight.");
    }
    {
        OpRequest other = r;
        other.params.layer.training = !r.params.layer.training;
        try {
            const LayerGeometry geo = layerGeometry(other);
            const ChannelStats st = channelStats(other, geo, ls.group);
            const double v = batchNormValue(static_cast<float>(x), st);
            if (r.params.layer.training)
                add(out, Mistake::BatchNormWrongStatistics, v,
                    "You used the running statistics: in training, batch norm uses this batch's mean and variance.");
            else
                add(out, Mistake::BatchNormWrongStatistics, v,
                    "You used this batch's statistics: in eval mode batch norm uses the running mean and variance.");
        } catch (const std::exception&) {
        }
    }
    add(out, Mistake::BatchNormNoRoot, dev / (g.variance + eps) * w + b,
        "You divided by the variance itself: batch norm divides by sqrt(variance + eps).");
    add(out, Mistake::BatchNormNoRoot, dev * w + b,
        "You subtracted the mean but did not divide by sqrt(variance + eps).");
}

void linearCandidates(const OpRequest& r, const Trace& t, std::size_t step, Candidates& out) {
    const TraceStep& s = t.steps[step];
    const LayerStep& ls = t.layer.steps[step];
    const int o = ls.output_feature;
    if (s.bias != 0.0)
        add(out, Mistake::LinearNoBias, s.sum,
            "You forgot the bias: after x · W[" + std::to_string(o) + "] comes + b[" + std::to_string(o) + "] = " +
                num(s.bias) + ".");
    if (r.weight.rank() != 2) return;
    const int out_features = r.weight.dim(0), in = r.weight.dim(1);
    auto dotRow = [&](int row) {
        double acc = 0.0;
        for (int i = 0; i < in; ++i) acc += static_cast<double>(s.terms[static_cast<std::size_t>(i)].value) * r.weight.at(row, i);
        return acc;
    };
    for (int other = 0; other < out_features; ++other) {
        if (other == o) continue;
        const double b_other = static_cast<std::size_t>(other) < r.bias.size() ? r.bias[static_cast<std::size_t>(other)] : 0.0;
        const std::string row = std::to_string(other);
        add(out, Mistake::LinearWrongRow, dotRow(other) + s.bias,
            "You dotted x with row " + row + " of W: output " + std::to_string(o) + " uses row " + std::to_string(o) + ".");
        add(out, Mistake::LinearWrongRow, dotRow(other) + b_other,
            "That is output " + row + " (row " + row + " of W, its bias); the question is output " + std::to_string(o) + ".");
    }
    if (in == out_features && static_cast<std::size_t>(in) == s.terms.size()) {
        double acc = 0.0;
        for (int i = 0; i < in; ++i) acc += static_cast<double>(s.terms[static_cast<std::size_t>(i)].value) * r.weight.at(i, o);
        add(out, Mistake::LinearWrongRow, acc + s.bias,
            "You used column " + std::to_string(o) + " of W: y = x Wᵀ + b takes row " + std::to_string(o) + ".");
    }
}

// flat index -> per-axis index for `shape` in C order (last axis fastest).
std::vector<int> unravel(std::size_t flat, const std::vector<int>& shape) {
    std::vector<int> idx(shape.size());
    for (std::size_t a = shape.size(); a-- > 0;) {
        idx[a] = static_cast<int>(flat % static_cast<std::size_t>(shape[a]));
        flat /= static_cast<std::size_t>(shape[a]);
    }
    return idx;
}

std::size_t ravel(const std::vector<int>& idx, const std::vector<int>& shape) {
    std::size_t flat = 0;
    for (std::size_t a = 0; a < shape.size(); ++a) flat = flat * static_cast<std::size_t>(shape[a]) + static_cast<std::size_t>(idx[a]);
    return flat;
}

void flattenCandidates(const OpRequest& r, std::size_t step, Candidates& out) {
    const std::vector<int>& shape = r.input.shape();
    const std::size_t rank = shape.size();
    if (rank < 2) return;
    const auto value = [&](const std::vector<int>& idx) { return static_cast<double>(r.input.values()[ravel(idx, shape)]); };
    const int H = shape[rank - 2], W = shape[rank - 1];
    const std::size_t plane = static_cast<std::size_t>(H) * static_cast<std::size_t>(W);
    // Rows and columns swapped: the plane read down its columns.
    {
        std::vector<int> idx = unravel(step, shape);
        const std::size_t p = step % plane;
        idx[rank - 1] = static_cast<int>(p / static_cast<std::size_t>(H));
        idx[rank - 2] = static_cast<int>(p % static_cast<std::size_t>(H));
        add(out, Mistake::FlattenOrderSwapped, value(idx),
            "You read down the columns: flatten goes along each row first (C order), then the next row.");
    }
    // Channels last: (h, w, c) order, as an image in memory is.
    if (rank >= 3 && shape[rank - 3] > 1) {
        const int C = shape[rank - 3];
        std::vector<int> idx = unravel(step, shape);
        const std::size_t block = plane * static_cast<std::size_t>(C), within = step % block;
        idx[rank - 3] = static_cast<int>(within % static_cast<std::size_t>(C));
        const std::size_t p = within / static_cast<std::size_t>(C);
        idx[rank - 2] = static_cast<int>(p / static_cast<std::size_t>(W));
        idx[rank - 1] = static_cast<int>(p % static_cast<std::size_t>(W));
        add(out, Mistake::FlattenOrderSwapped, value(idx),
            "You took the channels innermost (h, w, c): flatten takes a whole channel first, then the next.");
    }
    // Column-major over every axis (Fortran order): the first axis fastest.
    {
        std::vector<int> idx(rank);
        std::size_t flat = step;
        for (std::size_t a = 0; a < rank; ++a) {
            idx[a] = static_cast<int>(flat % static_cast<std::size_t>(shape[a]));
            flat /= static_cast<std::size_t>(shape[a]);
        }
        add(out, Mistake::FlattenOrderSwapped, value(idx),
            "That is column-major (Fortran) order: flatten uses C order, the last axis fastest.");
    }
}

}  // namespace

CellDiagnosis diagnoseLayerCell(const OpRequest& r, const Trace& t, std::size_t step, double answer) {
    CellDiagnosis d;
    if (step >= t.steps.size() || step >= t.layer.steps.size() || t.steps[step].terms.empty()) {
        d.message = "There is no step " + std::to_string(step + 1) + " to predict.";
        return d;
    }
    const TraceStep& s = t.steps[step];
    d.expected = s.result;
    d.products = layerFormula(t, step);
    if (answerMatches(answer, s.result)) {
        d.right = true;
        d.mistake = Mistake::None;
        d.message = "Right: " + quizCellName(r, t, step) + " = " + num(s.result) + ".";
        return d;
    }
    Candidates candidates;
    switch (r.params.op) {
        case OpKind::Relu: reluCandidates(s, candidates); break;
        case OpKind::Softmax: softmaxCandidates(r, t, step, candidates); break;
        case OpKind::BatchNorm2d: batchNormCandidates(r, t, step, candidates); break;
        case OpKind::Linear: linearCandidates(r, t, step, candidates); break;
        case OpKind::Flatten: flattenCandidates(r, step, candidates); break;
        default: break;
    }
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

std::string quizCellName(const OpRequest& r, const Trace& t, std::size_t step) {
    if (step >= t.steps.size()) return "output ?";
    const TraceStep& s = t.steps[step];
    if (isLayer(r.params.op)) {
        const std::vector<int>& shape = t.plan.output_shape;
        if (shape.size() <= 1) return "output " + std::to_string(step);
        std::string text;
        for (int i : unravel(step, shape)) text += (text.empty() ? "" : ", ") + std::to_string(i);
        return "output (" + text + ")";
    }
    if (isOneD(r.params.op)) return "output " + std::to_string(s.out_x);
    const bool channels = t.plan.out_channels > 1;
    return "output (" + (channels ? std::to_string(s.out_c) + ", " : std::string()) + std::to_string(s.out_y) + ", " +
           std::to_string(s.out_x) + ")";
}

}  // namespace cs
