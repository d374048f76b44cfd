#include "core/signal1d.h"

namespace cs {

int pairedIndex(OpKind op, int lag, int m) { return op == OpKind::Conv1d ? lag - m : lag + m; }

Tensor compute1d(const OpRequest& r, const OpPlan& plan) {
    const Tensor& f = r.input;
    const Tensor& g = r.params.op == OpKind::AutoCorr1d ? r.input : r.kernel;
    const int n = f.dim(0), len_g = g.dim(0);
    Tensor out({plan.out_width});
    for (int i = 0; i < plan.out_width; ++i) {
        const int lag = plan.first_lag + i;
        double sum = 0.0;
        for (int m = 0; m < n; ++m) {
            const int j = pairedIndex(r.params.op, lag, m);
            if (j < 0 || j >= len_g) continue;
            sum += static_cast<double>(f.at(m)) * g.at(j);
        }
        out.at(i) = static_cast<float>(sum);
    }
    return out;
}

}  // namespace cs
