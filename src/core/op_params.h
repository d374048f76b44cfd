#pragma once
// The description of one operation: which op, its parameters and its operands.
// Valid as constructed: OpRequest{} is a 1x1 cross-correlation of zeros.
// What the program knows about each op (names, titles, families, request
// fields, notes) is in core/op_table.h, about each padding mode in
// core/padding.h; semantics (DESIGN.md section 3) are PyTorch's, NumPy's and
// SciPy's.
//
// Parameters come in one struct per family, so an op reads only its own:
//   OpParams p;  p.op = OpKind::MaxPool2d;
//   p.pool.kernel_size = {2, 2};  p.window.stride = {2, 2};   // F.max_pool2d(x, 2)
//   p.op = OpKind::XCorr2d;  p.window.padding = {1, 1};  p.correlation.padding_mode = PaddingMode::Reflect;
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/op_table.h"
#include "core/padding.h"
#include "core/tensor.h"

namespace cs {

// A per-axis integer parameter: PyTorch accepts an int or an [h, w] pair.
struct Pair {
    int h = 1;
    int w = 1;
    bool operator==(const Pair&) const = default;
};

// Where a 2-D window goes: every correlation and pooling op.
struct WindowParams {
    Pair stride{1, 1};
    Pair padding{0, 0};
    Pair dilation{1, 1};
    bool operator==(const WindowParams&) const = default;
};
// How xcorr2d / conv2d choose their padding: WindowParams::padding as given,
// or PyTorch's padding="same" (stride 1; d(k-1) cells in all per axis, the odd
// one at the bottom/right) or padding="valid" (none).
enum class PaddingRule { Explicit, Same, Valid };

// xcorr2d / conv2d (and conv_transpose2d's groups): what the padding cells
// hold and how the channels are split.
struct CorrelationParams {
    PaddingMode padding_mode = PaddingMode::Zeros;
    PaddingRule padding_rule = PaddingRule::Explicit;  // xcorr2d, conv2d
    // C_in and C_out split into this many groups, each filter seeing only its
    // group's C_in / groups channels; groups = C_in with one filter per channel
    // is depthwise. 1 for a plain kh x kw kernel (already one per channel).
    int groups = 1;
    bool operator==(const CorrelationParams&) const = default;
};
// conv_transpose2d: the extra rows / columns at the bottom / right of the
// output (PyTorch's output_padding: each below the stride or the dilation).
struct TransposedParams {
    Pair output_padding{0, 0};
    bool operator==(const TransposedParams&) const = default;
};
// max / avg / lp pooling: the window and its rules.
struct PoolParams {
    Pair kernel_size{2, 2};
    bool ceil_mode = false;
    bool count_include_pad = true;  // avgpool2d
    double norm_type = 2.0;         // lppool2d
    bool operator==(const PoolParams&) const = default;
};
// 1-D signals: which part of the full result is kept.
struct Signal1dParams {
    Mode1d mode = Mode1d::Full;
    bool operator==(const Signal1dParams&) const = default;
};

// Layer ops (relu, softmax, flatten, batchnorm2d, linear). Dims may be
// negative: -1 is the last axis, as PyTorch counts.
struct LayerParams {
    int dim = -1;          // softmax
    int start_dim = 0;     // flatten
    int end_dim = -1;      // flatten
    double eps = 1e-5;     // batchnorm2d: added to the variance, must be above 0
    double momentum = 0.1; // batchnorm2d: how far running statistics move in training (not in the output)
    bool training = false; // batchnorm2d: batch statistics instead of the running ones
    bool operator==(const LayerParams&) const = default;
};

struct OpParams {
    OpKind op = OpKind::XCorr2d;
    WindowParams window;            // Correlation2d, Pool2d, TransposedConv2d
    CorrelationParams correlation;  // Correlation2d (TransposedConv2d: groups)
    TransposedParams transposed;    // TransposedConv2d
    PoolParams pool;                // Pool2d
    Signal1dParams signal;          // Signal1d
    LayerParams layer;              // Layer
    bool operator==(const OpParams&) const = default;
};

struct OpRequest {
    OpParams params;
    // 2-D ops: [H, W] or [C, H, W]. 1-D ops: f, rank 1. Layer ops: rank 1 to 4
    // (each op's own limits in core/layer_plan.h).
    Tensor input{{1, 1}};
    // xcorr2d/conv2d: [kh, kw] (applied to every channel on its own) or
    // [O, C / groups, kh, kw] (a bank of O filters over C channels).
    // conv_transpose2d: [kh, kw] (each channel on its own) or
    // [C_in, C_out / groups, kh, kw] (PyTorch's weight layout). 1-D ops: g,
    // rank 1. Unused by pooling and autocorrelation.
    Tensor kernel{{1, 1}};
    // empty: none. xcorr2d/conv2d/conv_transpose2d: one per output channel, or
    // length 1 with a plain kh x kw kernel (one filter, its bias added to every
    // channel it is applied to); linear: out; batchnorm2d: C.
    std::vector<float> bias;
    // Layer ops. linear: weight out x in (required). batchnorm2d: weight, bias,
    // running_mean, running_var each of length C; empty means the default
    // (ones, zeros, zeros, ones).
    Tensor weight;
    std::vector<float> running_mean;
    std::vector<float> running_var;
};

// An invalid request: the message is written for a student ("the padded input
// is 3 rows high but the dilated kernel needs 5").
class OpError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Largest tensor (input, kernel or output) the tool accepts, in elements.
constexpr std::size_t kMaxElements = std::size_t{1} << 24;
// Largest number of multiply-adds (or comparisons) one request may need: sizes
// under kMaxElements can still multiply to hours of work (autocorr1d of 2^24
// values is 2^48), which to a user is a hang. 2^34 is tens of seconds on one core.
constexpr double kMaxWork = 17179869184.0;  // 2^34

}  // namespace cs
