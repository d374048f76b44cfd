#pragma once
// planOp: validate a request and work out its geometry, once, for every engine.
// Throws OpError with a message a student understands when the request cannot
// be computed (window larger than the padded input, reflect padding not
// smaller than the side, channel mismatch, ...).
// Example: seed example (4x4 input, 3x3 kernel, padding 1, stride 2) gives
// channels 1, out 2 x 2, output_shape {2, 2}.
#include <string>
#include <vector>

#include "core/op_params.h"
#include "core/output_size.h"

namespace cs {

struct OpPlan {
    OpKind op = OpKind::XCorr2d;
    // Input seen as C x H x W (a matrix is C = 1; a 1-D signal f is 1 x 1 x n).
    int channels = 1, height = 1, width = 1;
    // xcorr2d/conv2d/conv_transpose2d: the bank of the direct correlation the
    // engines run, O x kernel_channels x kh x kw (kernel_channels = C / groups;
    // conv_transpose2d's C_in x C_out/groups kernel flipped and transposed
    // into it, kernelUsed in core/engine.h). Pooling: the window.
    // 1-D: kernel_w = length of g.
    int out_channels = 1, kernel_channels = 1, kernel_h = 1, kernel_w = 1;
    // Output channel o sees input channels [g * kernel_channels, (g + 1) * kernel_channels)
    // for g = o / (out_channels / groups). A plain kernel: groups = channels.
    int groups = 1;
    bool depthwise = false;  // a plain kh x kw kernel applied to each input channel (one bank for all)
    // 2-D window ops only. conv_transpose2d: the direct correlation over the
    // zero-inserted grid (n = the grid, padding 0, stride 1, dilation d).
    AxisSize axis_h, axis_w;
    TransposedAxis transposed_h, transposed_w;  // conv_transpose2d only: the formula and the grid
    int out_height = 1, out_width = 1;
    std::vector<int> output_shape;  // what compute returns: {H', W'}, {C, H', W'}, {n}

    // 1-D ops: the full result has full_length entries; the requested mode keeps
    // [offset, offset + out_width). lag_of(i) = first_lag + i is the shift an
    // output entry belongs to (t for convolution, the lag n for correlation).
    int full_length = 0;
    int offset = 0;
    int first_lag = 0;

    std::size_t outputCount() const { return elementCount(output_shape); }
};

OpPlan planOp(const OpRequest& request);

// The source table of the correlation every engine runs for xcorr2d, conv2d
// and conv_transpose2d along one axis (rows: true): entry i says which input
// row (column) padded position i reads, or -1 for a zero. Correlations: the
// padding mode's table over [-before, n + after); conv_transpose2d: the
// zero-inserted grid (TransposedAxis::source).
std::vector<int> correlationSources(const OpPlan& plan, const OpParams& params, bool rows);

// Throws OpError when a tensor (named `what`: "the input") is empty or has
// more than kMaxElements elements.
void checkTensorSize(const std::vector<int>& shape, const char* what);

// Multiply-adds (or comparisons) the planned operation needs, exactly what the
// engines' loops do (1-D: only the overlap of f and g at each shift; pooling:
// every window tap, an upper bound where ceil_mode windows overhang); planOp
// refuses a request whose work is over kMaxWork. A Trace holds one term per
// unit of this work.
double planWork(const OpPlan& plan);

// The memory ceiling: the most bytes one request or one lesson may derive from
// its operands (working copies, padding tables, padded planes, traces,
// outputs). Estimated from the plan before anything is allocated: planOp checks
// a request (planBytes), buildTrace its trace, LessonView a lesson's whole
// view. The operands themselves are bounded by kMaxElements where they are read.
constexpr double kMaxDerivedBytes = 1073741824.0;  // 1 GiB

// What computeReference (and the GPU engine, which needs less) allocates for
// `plan`: copies of the input and kernel, the padding tables, the output twice
// (computed, then shaped). An upper bound, heap overhead included. Under
// today's element limits it stays below about 0.7 GiB.
double planBytes(const OpPlan& plan);

// The heap block malloc uses for an allocation of n bytes (glibc: an 8-byte
// header, 16-byte granularity, 32 bytes at least), counted as its upper bound
// n + kHeapOverhead; 0 for n = 0. Every estimate counts each allocation so.
constexpr double kHeapOverhead = 24.0;
double heapBytes(double n);

// "3.2 GiB", "512 MiB", "20 KiB": how byte counts are written in messages.
std::string formatBytes(double bytes);

// Throws OpError when bytes > kMaxDerivedBytes, naming what is over and by how
// much: checkDerivedBytes(3.4e9, "the trace of this lesson", "use a smaller
// input or kernel") says "the trace of this lesson would take 3.17 GiB; the
// limit is 1 GiB: use a smaller input or kernel."
void checkDerivedBytes(double bytes, const std::string& what, const std::string& advice);

}  // namespace cs
