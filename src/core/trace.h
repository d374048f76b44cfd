#pragma once
// Trace: the step-by-step record of one operation, one step per output element
// in output order (channel, row, column). The UI only renders step i of it; the
// tests replay it. Replaying every step reproduces computeReference exactly.
//
// Coordinates: 2-D window ops work on the padded input, a grid of
// padded_h x padded_w cells whose cell (py, px) is input cell
// (py - pad_top, px - pad_left) when inside it. Autocorrelation is traced as the
// input sliding over its zero-padded self (kernel = input, padding H-1, W-1).
// conv_transpose2d is traced as conv_arithmetic draws it: the padded grid is
// the input with s-1 zeros between cells and d(k-1)-p around it (pad_top /
// pad_left = that border, negative when padding crops), stepped at stride 1
// with the flipped kernel (kernel_used); inserted zeros are padding terms
// (src -1). padding="same" with an even kernel: padded_h/w include the extra
// row/column at the bottom/right.
// 1-D ops: a term's px is the index m into f, ky/kx unused, kernel_index the index
// into g.
//
// Seed example (4x4 input, kernel [[1,1,1],[0,0,0],[1,1,1]], padding 1,
// stride 2): steps[1] has window_y 0, window_x 2, sum 2; output [[1,2],[2,4]].
#include <cstddef>
#include <vector>

#include "core/layer_trace.h"
#include "core/op_plan.h"

namespace cs {

struct TraceTerm {
    int channel = 0;         // input channel of the value
    int py = 0, px = 0;      // position on the padded input
    int src_y = 0, src_x = 0;  // input cell the value came from; -1 when it is zero/-inf padding
    int ky = 0, kx = 0;      // kernel tap (in the kernel as shown, before any flip)
    int kernel_index = 0;    // 1-D: index into g; 2-D: unused
    float value = 0.f;       // the input value (padding: 0, or -inf for max pooling)
    float weight = 1.f;      // the kernel value it is multiplied by (flipped for conv2d); pooling: 1
    double product = 0.0;    // value * weight; pooling: value (avg, max) or value^p (lp)
    bool isPadding() const { return src_y < 0 || src_x < 0; }
};

struct TraceStep {
    int out_c = 0, out_y = 0, out_x = 0;  // the output element this step computes (1-D: out_x)
    int window_y = 0, window_x = 0;       // top-left of the window on the padded input
    int lag = 0;                          // 1-D: the shift t or l of this output
    std::vector<TraceTerm> terms;
    std::vector<double> channel_sums;  // correlation: the sum of each input channel's terms
    double sum = 0.0;                  // sum of products (max pooling: the maximum)
    double bias = 0.0;
    int picked = -1;       // max pooling: index of the chosen term
    double divisor = 1.0;  // avg pooling: what the sum is divided by; lp: clipped window size
    double scale = 1.0;    // lp pooling: kh*kw / divisor, applied before the root
    float result = 0.f;
};

struct Trace {
    OpPlan plan;
    int pad_top = 0, pad_left = 0;
    int padded_h = 1, padded_w = 1;
    Tensor kernel_used;  // the kernel as multiplied (flipped for conv2d; the input for autocorr2d)
    std::vector<TraceStep> steps;
    Tensor output;  // the result, shaped like plan.output_shape
    LayerTrace layer;  // layer ops only (core/layer_trace.h): sources and per-group statistics
};

// Largest number of terms a trace may hold: a trace is for lessons, not images.
constexpr std::size_t kMaxTraceTerms = std::size_t{1} << 23;

// Where the padded grid of a plan's trace lies: Trace's pad_top, pad_left,
// padded_h, padded_w, as buildTrace sets them.
struct TraceGrid {
    int pad_top = 0, pad_left = 0;
    int padded_h = 1, padded_w = 1;
};
TraceGrid traceGrid(const OpPlan& plan);

// Bytes buildTrace allocates for `plan` at its peak: the steps, their terms
// (one per unit of planWork) and channel sums, the kernel used, the output,
// and the working copies it reads from. An upper bound, heap overhead
// included (heapBytes); it does not depend on the values.
double traceBytes(const OpPlan& plan);

// Throws OpError when a trace of `plan` would hold more than kMaxTraceTerms
// terms or take more than kMaxDerivedBytes; computes nothing.
void checkTraceLimits(const OpPlan& plan);

// Throws OpError when the request is invalid or the trace would be too large
// (checkTraceLimits, before anything is allocated).
Trace buildTrace(const OpRequest& request);

// The output after steps [0, step_count): unfilled cells are NaN. With
// step_count == steps.size() this equals trace.output (and computeReference).
Tensor replay(const Trace& trace, std::size_t step_count);

// Which steps read input cell (channel, y, x): what "hover an input cell,
// highlight every output it feeds" needs.
std::vector<std::size_t> stepsReading(const Trace& trace, int channel, int y, int x);

// The step that computes output element (c, y, x) (1-D: (0, 0, x)); npos when none.
std::size_t stepOfOutput(const Trace& trace, int c, int y, int x);

}  // namespace cs
