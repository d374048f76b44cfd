#include "core/layer_trace.h"

#include <cstdio>

#include "core/layer_ops.h"
#include "core/trace.h"

namespace cs {
namespace {

std::vector<int> unravel(int flat, const std::vector<int>& shape) {
    std::vector<int> index(shape.size());
    for (std::size_t a = shape.size(); a-- > 0;) {
        index[a] = flat % shape[a];
        flat /= shape[a];
    }
    return index;
}

// One term holding the input value: what relu, softmax, flatten and batch norm read.
TraceStep valueStep(int out, const Tensor& input, int source, double product) {
    TraceStep s;
    s.out_x = out;
    TraceTerm term;
    term.src_y = 0;
    term.src_x = term.px = source;
    term.value = input.at(source);
    term.product = product;
    s.terms.push_back(term);
    return s;
}

void traceSoftmax(const OpRequest& r, const LayerGeometry& g, Trace& t, std::vector<TraceStep>& steps) {
    for (int o = 0; o < g.outer; ++o)
        for (int i = 0; i < g.inner; ++i) {
            const SoftmaxSlice slice = softmaxSlice(r.input, g, o, i);
            LayerGroup group;
            group.sources = slice.sources;
            for (int src : slice.sources) group.values.push_back(r.input.at(src));
            group.max = slice.max;
            group.exps = slice.exps;
            group.sum = slice.sum;
            const int gi = static_cast<int>(t.layer.groups.size());
            for (std::size_t k = 0; k < slice.sources.size(); ++k) {
                const int src = slice.sources[k];
                TraceStep& s = steps[static_cast<std::size_t>(src)];
                s = valueStep(src, r.input, src, slice.exps[k]);
                s.sum = s.divisor = slice.sum;
                s.result = static_cast<float>(slice.exps[k] / slice.sum);
                t.layer.steps[static_cast<std::size_t>(src)].group = gi;
            }
            t.layer.groups.push_back(std::move(group));
        }
}

void traceBatchNorm(const OpRequest& r, const LayerGeometry& g, Trace& t, std::vector<TraceStep>& steps) {
    for (int c = 0; c < g.channels; ++c) {
        const ChannelStats st = channelStats(r, g, c);
        LayerGroup group;
        group.sum = st.sum;
        group.mean = st.mean;
        group.variance = st.variance;
        group.from_batch = st.from_batch;
        group.weight = st.weight;
        group.bias = st.bias;
        group.inv_std = st.inv_std;
        for (int n = 0; n < g.batch; ++n)
            for (int sp = 0; sp < g.spatial; ++sp) {
                const int src = batchNormSource(g, n, c, sp);
                group.sources.push_back(src);
                group.values.push_back(r.input.at(src));
                TraceStep& s = steps[static_cast<std::size_t>(src)];
                s = valueStep(src, r.input, src, r.input.at(src));
                s.sum = (static_cast<double>(r.input.at(src)) - st.mean) * st.inv_std;
                s.bias = st.bias;
                s.result = batchNormValue(r.input.at(src), st);
                t.layer.steps[static_cast<std::size_t>(src)].group = c;
            }
        t.layer.groups.push_back(std::move(group));
    }
}

void traceLinear(const OpRequest& r, const LayerGeometry& g, Trace& t, std::vector<TraceStep>& steps) {
    for (int n = 0; n < g.rows; ++n)
        for (int o = 0; o < g.out_features; ++o) {
            const int out = n * g.out_features + o;
            TraceStep& s = steps[static_cast<std::size_t>(out)];
            s.out_x = out;
            for (int i = 0; i < g.in_features; ++i) {
                TraceTerm term;
                term.src_y = 0;  // channel 0 too: stepsReading(t, 0, 0, flat index) finds it
                term.src_x = term.px = n * g.in_features + i;
                term.kx = term.kernel_index = i;
                term.ky = o;
                term.value = r.input.at(term.src_x);
                term.weight = r.weight.at(o, i);
                term.product = static_cast<double>(term.value) * term.weight;
                s.terms.push_back(term);
            }
            s.sum = linearDot(r, g, n, o);
            s.bias = r.bias.empty() ? 0.0 : r.bias[static_cast<std::size_t>(o)];
            s.result = static_cast<float>(s.sum + s.bias);
            LayerStep& ls = t.layer.steps[static_cast<std::size_t>(out)];
            ls.source = n * g.in_features;
            ls.group = n;
            ls.output_feature = o;
        }
}

std::string num(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4g", v);
    return buf;
}

std::string flattenFormula(const Trace& t, std::size_t step) {
    const LayerStep& ls = t.layer.steps[step];
    const std::vector<int>& shape = t.layer.input_shape;
    static const char* const kLetters[4][4] = {{"i"}, {"h", "w"}, {"c", "h", "w"}, {"n", "c", "h", "w"}};
    static const char* const kSizes[4][4] = {{"N"}, {"H", "W"}, {"C", "H", "W"}, {"N", "C", "H", "W"}};
    const std::size_t rank = shape.size();
    std::string symbols, numbers;
    long long index = 0;
    for (std::size_t a = 0; a < rank; ++a) {
        std::string sym = kLetters[rank - 1][a], val = std::to_string(ls.source_index[a]);
        long long stride = 1;
        for (std::size_t b = a + 1; b < rank; ++b) {
            sym += std::string("*") + kSizes[rank - 1][b];
            val += "*" + std::to_string(shape[b]);
            stride *= shape[b];
        }
        index += ls.source_index[a] * stride;
        symbols += (a ? " + " : "") + sym;
        numbers += (a ? " + " : "") + val;
    }
    return symbols + " = " + numbers + " = " + std::to_string(index);
}

}  // namespace

void traceLayer(const OpRequest& r, Trace& t) {
    const LayerGeometry g = layerGeometry(r);
    const std::size_t count = elementCount(g.output_shape);
    const std::size_t terms = r.params.op == OpKind::Linear ? static_cast<std::size_t>(g.in_features) : 1;
    if (count * terms > kMaxTraceTerms)
        throw OpError("this configuration has " + std::to_string(count) + " steps of " + std::to_string(terms) +
                      " terms each: too many to step through. Use a smaller input for the step view.");
    t.padded_h = 1;
    t.padded_w = static_cast<int>(r.input.size());
    t.layer.input_shape = g.input_shape;
    t.layer.eps = r.params.layer.eps;
    t.layer.steps.assign(count, LayerStep{});
    std::vector<TraceStep> steps(count);
    if (r.params.op != OpKind::Linear)
        for (std::size_t i = 0; i < count; ++i) {
            t.layer.steps[i].source = static_cast<int>(i);
            t.layer.steps[i].source_index = unravel(static_cast<int>(i), g.input_shape);
        }
    switch (r.params.op) {
    case OpKind::Relu:
    case OpKind::Flatten:
        for (std::size_t i = 0; i < count; ++i) {
            const int src = static_cast<int>(i);
            steps[i] = valueStep(src, r.input, src, r.input.at(src));
            steps[i].sum = r.input.at(src);
            const bool relu = r.params.op == OpKind::Relu;
            steps[i].result = relu ? reluValue(r.input.at(src)) : r.input.at(src);
            t.layer.steps[i].kept = !relu || r.input.at(src) > 0.f;
        }
        break;
    case OpKind::Softmax: traceSoftmax(r, g, t, steps); break;
    case OpKind::BatchNorm2d: traceBatchNorm(r, g, t, steps); break;
    case OpKind::Linear: traceLinear(r, g, t, steps); break;
    default: throw OpError(std::string(opName(r.params.op)) + " is not a layer op.");
    }
    t.steps = std::move(steps);
}

std::string layerFormula(const Trace& t, std::size_t step) {
    if (step >= t.steps.size() || step >= t.layer.steps.size()) return "";
    const TraceStep& s = t.steps[step];
    const LayerStep& ls = t.layer.steps[step];
    const double x = s.terms.empty() ? 0.0 : s.terms.front().value;
    switch (t.plan.op) {
    case OpKind::Relu: return "max(x, 0) = max(" + num(x) + ", 0) = " + num(s.result);
    case OpKind::Flatten: return flattenFormula(t, step);
    case OpKind::Softmax: {
        const LayerGroup& g = t.layer.groups[static_cast<std::size_t>(ls.group)];
        return "exp(x - max) / sum = exp(" + num(x) + " - " + num(g.max) + ") / " + num(g.sum) + " = " +
               num(s.result);
    }
    case OpKind::BatchNorm2d: {
        const LayerGroup& g = t.layer.groups[static_cast<std::size_t>(ls.group)];
        return "(x - mean) / sqrt(var + eps) * weight + bias = (" + num(x) + " - " + num(g.mean) + ") / sqrt(" +
               num(g.variance) + " + " + num(t.layer.eps) + ") * " + num(g.weight) + " + " + num(g.bias) + " = " +
               num(s.result);
    }
    case OpKind::Linear: {
        std::string text = "x . W[" + std::to_string(ls.output_feature) + "] + b = ";
        for (std::size_t i = 0; i < s.terms.size(); ++i)
            text += (i ? " + " : "") + num(s.terms[i].value) + "*" + num(s.terms[i].weight);
        return text + " + " + num(s.bias) + " = " + num(s.result);
    }
    default: return "";
    }
}

}  // namespace cs
