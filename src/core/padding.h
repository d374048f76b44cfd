#pragma once
// Where a padded position takes its value from, per axis (nn.Conv2d's padding
// modes, F.pad semantics). i is the position relative to the input's first
// element (negative inside the left/top padding, >= n inside the right/bottom).
// Returns the source index in [0, n), or -1 for a zero (or -inf) padding cell.
// Example: n = 4, i = -1: zeros -1, reflect 1, replicate 0, circular 3.
#include <vector>

#include "core/op_params.h"

namespace cs {

int paddedSource(int i, int n, PaddingMode mode);

// The source index of every padded position [-padding, n + padding), as a table
// indexed by i + padding: the inner loops of the engines look it up.
std::vector<int> paddedSourceTable(int n, int padding, PaddingMode mode);

}  // namespace cs
