#include "core/op_table.h"

#include <array>

namespace cs {
namespace {

using F = OpField;
constexpr FieldMask bits(std::initializer_list<OpField> fs) {
    FieldMask m = 0;
    for (OpField f : fs) m |= fieldBit(f);
    return m;
}

constexpr std::array<std::string_view, kOpFieldCount> kFieldNames{
    "op", "input", "kernel", "bias", "stride", "padding", "dilation", "padding_mode",
    "kernel_size", "ceil_mode", "count_include_pad", "norm_type", "f", "g", "mode",
    "dim", "start_dim", "end_dim", "weight", "running_mean", "running_var", "eps", "momentum", "training",
    "groups", "output_padding",
};

constexpr FieldMask kCorrFields =
    bits({F::Op, F::Input, F::Kernel, F::Bias, F::Stride, F::Padding, F::Dilation, F::PaddingMode, F::Groups});
constexpr FieldMask kTransposedFields =
    bits({F::Op, F::Input, F::Kernel, F::Bias, F::Stride, F::Padding, F::OutputPadding, F::Dilation, F::Groups});
constexpr FieldMask kCorrRequired = bits({F::Op, F::Input, F::Kernel});
constexpr FieldMask kPlain2d = bits({F::Op, F::Input});
constexpr FieldMask kPoolRequired = bits({F::Op, F::Input, F::KernelSize});
constexpr FieldMask kPoolCommon = bits({F::Op, F::Input, F::KernelSize, F::Stride, F::CeilMode});

constexpr std::string_view kCorrNote =
    "Each weight multiplies the value under it (no flip: this is what CNN layers compute), and the products are "
    "added.";

// One row per OpKind, in enum order (checked below).
constexpr std::array<OpInfo, kOpKindCount> kOps{{
    {OpKind::XCorr2d, "xcorr2d", "Cross-correlation (what CNN layers do)", OpFamily::Correlation2d, kCorrFields,
     kCorrRequired, PadValue::Zero, false, true, "Kernel K", kCorrNote},
    {OpKind::Conv2d, "conv2d", "Convolution (flipped kernel)", OpFamily::Correlation2d, kCorrFields, kCorrRequired,
     PadValue::Zero, true, true, "Kernel K",
     "Convolution multiplies by the flipped kernel: the weight over the window's top-left cell is K's bottom-right "
     "one."},
    {OpKind::AutoCorr2d, "autocorr2d", "Autocorrelation", OpFamily::AutoCorrelation2d, kPlain2d, kPlain2d,
     PadValue::Zero, false, true, "Input (slides)",
     "Autocorrelation: the input is its own kernel, shifted to every overlap; the centre output is the sum of "
     "squares."},
    {OpKind::MaxPool2d, "maxpool2d", "Max pooling", OpFamily::Pool2d,
     kPoolCommon | bits({F::Padding, F::Dilation}), kPoolRequired, PadValue::NegInfinity, false, true, "Window (max)",
     "Max pooling keeps the largest value in each window; padding is -infinity, so it is never chosen."},
    {OpKind::AvgPool2d, "avgpool2d", "Average pooling", OpFamily::Pool2d,
     kPoolCommon | bits({F::Padding, F::CountIncludePad}), kPoolRequired, PadValue::Zero, false, true, "Window (average)",
     "Average pooling adds the window and divides; count_include_pad decides whether padding cells count."},
    {OpKind::LpPool2d, "lppool2d", "L2 (Lp) pooling", OpFamily::Pool2d, kPoolCommon | bits({F::NormType}),
     kPoolRequired, PadValue::None, false, true, "Window (L2)",
     "Lp pooling takes the p-th root of the sum of p-th powers; p = 2 is the L2 norm of the window."},
    {OpKind::GlobalAvgPool, "globalavgpool", "Global average pooling", OpFamily::GlobalPool2d, kPlain2d, kPlain2d,
     PadValue::None, false, true, "", "Global average pooling turns each channel into one number: its mean."},
    {OpKind::GlobalMaxPool, "globalmaxpool", "Global max pooling", OpFamily::GlobalPool2d, kPlain2d, kPlain2d,
     PadValue::None, false, true, "", "Global max pooling turns each channel into one number: its largest value."},
    {OpKind::Conv1d, "conv1d", "1-D convolution", OpFamily::Signal1d, bits({F::Op, F::F, F::G, F::Mode}),
     bits({F::Op, F::F, F::G}), PadValue::Zero, true, false, "g", "g is flipped and slid along f."},
    {OpKind::XCorr1d, "xcorr1d", "1-D cross-correlation", OpFamily::Signal1d, bits({F::Op, F::F, F::G, F::Mode}),
     bits({F::Op, F::F, F::G}), PadValue::Zero, false, false, "g", "g slides along f unflipped."},
    {OpKind::AutoCorr1d, "autocorr1d", "1-D autocorrelation", OpFamily::Signal1d, bits({F::Op, F::F, F::Mode}),
     bits({F::Op, F::F}), PadValue::Zero, false, false, "f", "f slides along itself."},
    {OpKind::Relu, "relu", "ReLU", OpFamily::Layer, kPlain2d, kPlain2d, PadValue::None, false, false, "",
     "ReLU keeps every positive value and replaces every negative one by 0."},
    {OpKind::Softmax, "softmax", "Softmax", OpFamily::Layer, bits({F::Op, F::Input, F::Dim}), kPlain2d,
     PadValue::None, false, false, "",
     "Softmax turns scores into probabilities: exp of each score minus the largest, divided by their sum."},
    {OpKind::Flatten, "flatten", "Flatten", OpFamily::Layer, bits({F::Op, F::Input, F::StartDim, F::EndDim}),
     kPlain2d, PadValue::None, false, false, "",
     "Flatten keeps every value and its order (C order: the last index runs fastest); only the shape changes."},
    {OpKind::BatchNorm2d, "batchnorm2d", "Batch normalisation", OpFamily::Layer,
     bits({F::Op, F::Input, F::Weight, F::Bias, F::RunningMean, F::RunningVar, F::Eps, F::Momentum, F::Training}),
     kPlain2d, PadValue::None, false, false, "",
     "Batch norm shifts each channel to mean 0 and scales it to variance 1, then applies the channel's weight "
     "and bias."},
    {OpKind::Linear, "linear", "Linear (fully connected)", OpFamily::Layer,
     bits({F::Op, F::Input, F::Weight, F::Bias}), bits({F::Op, F::Input, F::Weight}), PadValue::None, false, false,
     "Weight W", "Each output is the dot product of the input with one row of W, plus that output's bias."},
    {OpKind::ConvTranspose2d, "conv_transpose2d", "Transposed convolution", OpFamily::TransposedConv2d,
     kTransposedFields, kCorrRequired, PadValue::Zero, true, true, "Kernel K",
     "A transposed convolution is a plain convolution over the input spread out: s-1 zeros between its cells, "
     "d(k-1)-p zeros around it, the kernel turned 180 degrees."},
}};

constexpr std::array<std::string_view, kMode1dCount> kModes1d{"full", "same", "valid"};

constexpr bool coversEnum() {
    for (std::size_t i = 0; i < kOps.size(); ++i)
        if (static_cast<std::size_t>(kOps[i].op) != i) return false;
    return true;
}
static_assert(coversEnum(),
              "kOps must have one row per OpKind, in enum order");
static_assert(kOps.size() == kOpKindCount);
static_assert(static_cast<int>(OpField::OutputPadding) + 1 == kOpFieldCount, "kFieldNames must name every OpField");

}  // namespace

std::string_view fieldName(OpField f) { return kFieldNames[static_cast<std::size_t>(f)]; }
std::optional<OpField> parseFieldName(std::string_view name) {
    for (std::size_t i = 0; i < kFieldNames.size(); ++i)
        if (kFieldNames[i] == name) return static_cast<OpField>(i);
    return std::nullopt;
}

const OpInfo& opInfo(OpKind op) { return kOps[static_cast<std::size_t>(op)]; }
std::span<const OpInfo> allOps() { return kOps; }
std::string_view opName(OpKind op) { return opInfo(op).name; }
std::string_view opTitle(OpKind op) { return opInfo(op).title; }
std::optional<OpKind> parseOpName(std::string_view name) {
    for (const auto& info : kOps)
        if (info.name == name) return info.op;
    return std::nullopt;
}

std::string_view mode1dName(Mode1d mode) { return kModes1d[static_cast<std::size_t>(mode)]; }
std::optional<Mode1d> parseMode1d(std::string_view name) {
    for (std::size_t i = 0; i < kModes1d.size(); ++i)
        if (kModes1d[i] == name) return static_cast<Mode1d>(i);
    return std::nullopt;
}

}  // namespace cs
