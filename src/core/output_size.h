#pragma once
// Output size of a 2-D window operation along one axis, with the explanation a
// student needs. PyTorch's rule (torch/nn/modules/conv.py, pooling_output_shape):
//   out = floor((n + 2p - d(k-1) - 1) / s) + 1        (ceil instead of floor in
//   ceil_mode, and then the last window is dropped if it would start past the
//   input and its left padding).
// Example: n=4, k=3, p=1, s=2, d=1 -> formula "floor((4 + 2*1 - 3) / 2) + 1",
// quotient 1.5, out 2, the last window covers padded rows 2-4 and leaves 1
// padded row (a padding row) unused.
#include <string>

namespace cs {

struct AxisSize {
    int n = 1;         // input length on this axis
    int kernel = 1;    // k
    int padding = 0;   // p, each side
    int stride = 1;    // s
    int dilation = 1;  // d
    bool ceil_mode = false;

    int effective_kernel = 1;  // d(k-1) + 1: the span one window covers
    int numerator = 0;         // n + 2p - effective_kernel
    double quotient = 0.0;     // numerator / s, before floor or ceil
    int out = 0;               // the output length (<= 0: no window fits)
    bool last_window_dropped = false;  // ceil_mode's extra window removed by PyTorch's rule
    int last_window_start = 0;         // padded index where the last window starts
    int unused = 0;        // padded positions after the last window (never negative)
    int unused_input = 0;  // of those, how many are real input (the rest is padding)
    int overhang = 0;      // ceil_mode: positions the last window reaches past the padded input

    bool valid() const { return out >= 1; }
    // "floor((4 + 2*1 - 3) / 2) + 1 = floor(1.5) + 1 = 2"
    std::string formula() const;
    // One or two sentences: what floor dropped, what is left unused.
    std::string explanation(const std::string& axis_noun) const;  // axis_noun: "rows" / "columns"
};

// Expects n + 2*padding and dilation*(kernel - 1) + 1 to fit in an int, which
// planOp guarantees (padding and the span at most 2^24); any stride >= 1 works.
AxisSize computeAxisSize(int n, int kernel, int padding, int stride, int dilation, bool ceil_mode);

// Shortest text that reproduces a double: "1.5", "2", "0.333333".
std::string formatNumber(double v);

}  // namespace cs
