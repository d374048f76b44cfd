#include "core/layer_ops.h"

#include <cmath>
#include <limits>

#include "core/op_plan.h"

namespace cs {

SoftmaxSlice softmaxSlice(const Tensor& input, const LayerGeometry& g, int o, int i) {
    SoftmaxSlice s;
    s.sources.reserve(static_cast<std::size_t>(g.length));
    s.max = -std::numeric_limits<double>::infinity();
    for (int k = 0; k < g.length; ++k) {
        const int src = softmaxSource(g, o, k, i);
        s.sources.push_back(src);
        s.max = std::max(s.max, static_cast<double>(input.at(src)));
    }
    // Subtracting the max keeps every exponent <= 0: exp(1000) would overflow
    // to inf and inf / inf is NaN; the quotient is the same either way.
    s.exps.reserve(s.sources.size());
    for (int src : s.sources) {
        s.exps.push_back(std::exp(static_cast<double>(input.at(src)) - s.max));
        s.sum += s.exps.back();
    }
    return s;
}

ChannelStats channelStats(const OpRequest& r, const LayerGeometry& g, int c) {
    const auto uc = static_cast<std::size_t>(c);
    ChannelStats st;
    st.weight = r.weight.empty() ? 1.0 : r.weight.at(c);
    st.bias = r.bias.empty() ? 0.0 : r.bias[uc];
    if (r.params.layer.training) {
        st.from_batch = true;
        const double count = static_cast<double>(g.batch) * g.spatial;
        for (int n = 0; n < g.batch; ++n)
            for (int s = 0; s < g.spatial; ++s) st.sum += r.input.at(batchNormSource(g, n, c, s));
        st.mean = st.sum / count;
        // Two passes: the biased variance (divided by the count, as the
        // normalisation uses it), without the cancellation of E[x^2] - E[x]^2.
        double squares = 0.0;
        for (int n = 0; n < g.batch; ++n)
            for (int s = 0; s < g.spatial; ++s) {
                const double d = r.input.at(batchNormSource(g, n, c, s)) - st.mean;
                squares += d * d;
            }
        st.variance = squares / count;
    } else {
        st.mean = r.running_mean.empty() ? 0.0 : r.running_mean[uc];
        st.variance = r.running_var.empty() ? 1.0 : r.running_var[uc];
    }
    st.inv_std = 1.0 / std::sqrt(st.variance + r.params.layer.eps);
    return st;
}

float batchNormValue(float x, const ChannelStats& st) {
    return static_cast<float>((static_cast<double>(x) - st.mean) * st.inv_std * st.weight + st.bias);
}

double linearDot(const OpRequest& r, const LayerGeometry& g, int n, int o) {
    double sum = 0.0;
    for (int i = 0; i < g.in_features; ++i)
        sum += static_cast<double>(r.input.at(n * g.in_features + i)) * r.weight.at(o, i);
    return sum;
}

Tensor computeLayer(const OpRequest& r) {
    const LayerGeometry g = layerGeometry(r);
    Tensor out(g.output_shape);
    std::vector<float>& y = out.values();
    const std::vector<float>& x = r.input.values();
    switch (r.params.op) {
    case OpKind::Relu:
        for (std::size_t i = 0; i < x.size(); ++i) y[i] = reluValue(x[i]);
        break;
    case OpKind::Flatten: y = x; break;
    case OpKind::Softmax:
        for (int o = 0; o < g.outer; ++o)
            for (int i = 0; i < g.inner; ++i) {
                const SoftmaxSlice s = softmaxSlice(r.input, g, o, i);
                for (std::size_t k = 0; k < s.sources.size(); ++k)
                    y[static_cast<std::size_t>(s.sources[k])] = static_cast<float>(s.exps[k] / s.sum);
            }
        break;
    case OpKind::BatchNorm2d:
        for (int c = 0; c < g.channels; ++c) {
            const ChannelStats st = channelStats(r, g, c);
            for (int n = 0; n < g.batch; ++n)
                for (int s = 0; s < g.spatial; ++s) {
                    const auto idx = static_cast<std::size_t>(batchNormSource(g, n, c, s));
                    y[idx] = batchNormValue(x[idx], st);
                }
        }
        break;
    case OpKind::Linear:
        for (int n = 0; n < g.rows; ++n)
            for (int o = 0; o < g.out_features; ++o) {
                const double bias = r.bias.empty() ? 0.0 : r.bias[static_cast<std::size_t>(o)];
                y[static_cast<std::size_t>(n * g.out_features + o)] = static_cast<float>(linearDot(r, g, n, o) + bias);
            }
        break;
    default: throw OpError(std::string(opName(r.params.op)) + " is not a layer op.");
    }
    return out;
}

}  // namespace cs
