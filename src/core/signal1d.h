#pragma once
// The 1-D operations, written the way the lesson writes them:
//   conv1d      (f * g)[t] = sum_m f[m] g[t - m]          t = 0 .. n+m-2
//   xcorr1d     (f * g)[l] = sum_m f[m] g[l + m]          l = -(n-1) .. m-1
//   autocorr1d  the same with g = f
// The full result is computed, then the mode keeps a slice (OpPlan::offset).
// Example: conv1d f=[1,2,3], g=[0,1,0.5], full -> [0, 1, 2.5, 4, 1.5].
#include "core/op_plan.h"

namespace cs {

// The index into g (f for autocorrelation) that multiplies f[m] at shift `lag`
// (t for convolution, l for correlation). May fall outside g: the term is then 0.
int pairedIndex(OpKind op, int lag, int m);

// The indices m of f, [first, last), whose paired index at `lag` falls inside
// g (len_g values): the only terms of that output. Every loop over a 1-D output
// walks exactly this range, in increasing m, so the work is what planWork counts
// (at most min(n, len_g) terms per output, never all of f).
// Example: conv1d, n = 5, len_g = 2, lag 3 -> [2, 4).
struct Overlap1d {
    int first = 0, last = 0;
    int size() const { return last > first ? last - first : 0; }
};
Overlap1d overlapAt(OpKind op, int lag, int n, int len_g);

Tensor compute1d(const OpRequest& request, const OpPlan& plan);

}  // namespace cs
