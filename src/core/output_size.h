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
    int extra = 0;     // padding="same" with an odd total: one more cell at the end (bottom/right)
    int stride = 1;    // s
    int dilation = 1;  // d
    bool ceil_mode = false;

    int effective_kernel = 1;  // d(k-1) + 1: the span one window covers
    int numerator = 0;         // n + 2p + extra - effective_kernel
    double quotient = 0.0;     // numerator / s, before floor or ceil
    int out = 0;               // the output length (<= 0: no window fits)
    bool last_window_dropped = false;  // ceil_mode's extra window removed by PyTorch's rule
    int last_window_start = 0;         // padded index where the last window starts
    int unused = 0;        // padded positions after the last window (never negative)
    int unused_input = 0;  // of those, how many are real input (the rest is padding)
    int overhang = 0;      // ceil_mode: positions the last window reaches past the padded input

    bool valid() const { return out >= 1; }
    int padded() const { return n + 2 * padding + extra; }
    // "floor((4 + 2*1 - 3) / 2) + 1 = floor(1.5) + 1 = 2"
    std::string formula() const;
    // One or two sentences: what floor dropped, what is left unused.
    std::string explanation(const std::string& axis_noun) const;  // axis_noun: "rows" / "columns"
};

// Expects n + 2*padding and dilation*(kernel - 1) + 1 to fit in an int, which
// planOp guarantees (padding and the span at most 2^24); any stride >= 1 works.
AxisSize computeAxisSize(int n, int kernel, int padding, int stride, int dilation, bool ceil_mode, int extra = 0);

// One axis of conv_transpose2d, read as conv_arithmetic reads it: the input's
// n cells with s-1 zeros inserted between neighbours ((n-1)s + 1 cells), then
// border = d(k-1) - p zeros before and border + output_padding after (a
// negative border crops instead), then a direct convolution of stride 1 and
// dilation d over that grid with the flipped kernel:
//   out = (n-1)s - 2p + d(k-1) + output_padding + 1
// Example: n=2, k=3, s=2, p=0, op=0, d=1: spread 3, border 2, grid 7, out 5;
// formula() "(2-1)*2 - 2*0 + 1*(3-1) + 0 + 1 = 5".
struct TransposedAxis {
    int n = 1, kernel = 1, stride = 1, padding = 0, output_padding = 0, dilation = 1;
    int spread = 1;  // (n-1)s + 1: the input with the zeros inserted
    int border = 0;  // d(k-1) - p, before the spread input (after it: border + output_padding)
    int grid = 1;    // spread + 2*border + output_padding
    int out = 0;     // grid - d(k-1), the formula above (<= 0: no output)
    bool valid() const { return out >= 1; }
    std::string formula() const;
    // Where grid position g reads from: the input index, or -1 for an inserted
    // or border zero (and for positions outside the grid).
    int source(int g) const;
};
// Expects every size below 2^24 and stride, dilation >= 1 (planOp checks them).
TransposedAxis computeTransposedAxis(int n, int kernel, int stride, int padding, int output_padding, int dilation);

// Shortest text that reproduces a double: "1.5", "2", "0.333333".
std::string formatNumber(double v);

}  // namespace cs
