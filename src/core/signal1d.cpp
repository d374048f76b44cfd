#include "core/signal1d.h"

#include <algorithm>

namespace cs {

int pairedIndex(OpKind op, int lag, int m) { return op == OpKind::Conv1d ? lag - m : lag + m; }

Overlap1d overlapAt(OpKind op, int lag, int n, int len_g) {
    // conv: 0 <= lag - m < len_g  <=>  lag - len_g < m <= lag.
    // corr: 0 <= lag + m < len_g  <=>  -lag <= m < len_g - lag.
    // In 64 bits: lags reach -(2^24) and len_g 2^24, sums stay far from overflow anyway.
    const long long lo = op == OpKind::Conv1d ? static_cast<long long>(lag) - len_g + 1 : -static_cast<long long>(lag);
    const long long hi = op == OpKind::Conv1d ? static_cast<long long>(lag) + 1 : static_cast<long long>(len_g) - lag;
    Overlap1d o;
    o.first = static_cast<int>(std::clamp<long long>(lo, 0, n));
    o.last = static_cast<int>(std::clamp<long long>(hi, 0, n));
    return o;
}

Tensor compute1d(const OpRequest& r, const OpPlan& plan) {
    const Tensor& f = r.input;
    const Tensor& g = r.params.op == OpKind::AutoCorr1d ? r.input : r.kernel;
    const int n = f.dim(0), len_g = g.dim(0);
    Tensor out({plan.out_width});
    for (int i = 0; i < plan.out_width; ++i) {
        const int lag = plan.first_lag + i;
        const Overlap1d range = overlapAt(r.params.op, lag, n, len_g);
        double sum = 0.0;
        for (int m = range.first; m < range.last; ++m)
            sum += static_cast<double>(f.at(m)) * g.at(pairedIndex(r.params.op, lag, m));
        out.at(i) = static_cast<float>(sum);
    }
    return out;
}

}  // namespace cs
