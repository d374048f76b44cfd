#pragma once
// The op table: everything the program knows about an operation, in one place
// (padding modes have theirs in core/padding.h). Request field sets, "did you
// mean" suggestions, menus, CLI choices, which options a panel shows and the
// teaching notes all derive from these rows (op_table.cpp), checked at
// compile time to list OpKind's values once, in order.
//
//   const OpInfo& info = opInfo(OpKind::AvgPool2d);
//   info.name                                   // "avgpool2d"
//   hasField(info, OpField::CountIncludePad)    // true: the request may set it
//
// Adding an op: a row here (op_table.cpp) and the enum value (op_params.h),
// then its reference, trace, shader and test (ARCHITECTURE.md, "add an operation").
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>


namespace cs {

// Every operation the tool computes. The order is the op table's (op_table.cpp),
// checked at compile time.
enum class OpKind {
    XCorr2d,
    Conv2d,
    AutoCorr2d,
    MaxPool2d,
    AvgPool2d,
    LpPool2d,
    GlobalAvgPool,
    GlobalMaxPool,
    Conv1d,
    XCorr1d,
    AutoCorr1d,
    Relu,
    Softmax,
    Flatten,
    BatchNorm2d,
    Linear,
    ConvTranspose2d,  // last: the values before it are mirrored by the shaders (shaders/common.glsl)
};
constexpr int kOpKindCount = static_cast<int>(OpKind::ConvTranspose2d) + 1;

// Which parameter struct an op reads (op_params.h), which engine path and
// which step view it uses.
enum class OpFamily {
    Correlation2d,      // xcorr2d, conv2d: WindowParams + CorrelationParams, a kernel
    AutoCorrelation2d,  // autocorr2d: the input is its own kernel, no parameters
    Pool2d,             // max/avg/lp pooling: WindowParams + PoolParams
    GlobalPool2d,       // global avg/max: no parameters
    Signal1d,           // conv1d, xcorr1d, autocorr1d: Signal1dParams
    Layer,              // relu, softmax, flatten, batchnorm2d, linear: LayerParams, any rank (core/layer_plan.h)
    TransposedConv2d,   // conv_transpose2d: WindowParams + CorrelationParams::groups + TransposedParams, a kernel
};

// 1-D signals: which part of the full result is kept.
enum class Mode1d { Full, Same, Valid };
constexpr int kMode1dCount = 3;

// The fields a `compute` request can carry (the JSON keys, fieldName()).
enum class OpField : std::uint8_t {
    Op, Input, Kernel, Bias, Stride, Padding, Dilation, PaddingMode,
    KernelSize, CeilMode, CountIncludePad, NormType, F, G, Mode,
    // Layer ops (DESIGN.md section 3).
    Dim, StartDim, EndDim, Weight, RunningMean, RunningVar, Eps, Momentum, Training,
    // Grouped and transposed convolution (DESIGN.md section 3).
    Groups, OutputPadding,
};
constexpr int kOpFieldCount = 26;
using FieldMask = std::uint32_t;
constexpr FieldMask fieldBit(OpField f) { return FieldMask{1} << static_cast<unsigned>(f); }
std::string_view fieldName(OpField f);  // "kernel_size"
std::optional<OpField> parseFieldName(std::string_view name);

// What a padding cell holds before a padding mode fills it from the input.
enum class PadValue { None, Zero, NegInfinity, NotCounted };

struct OpInfo {
    OpKind op;
    std::string_view name;   // as the compute contract spells it: "xcorr2d"
    std::string_view title;  // for menus: "Convolution (flipped kernel)"
    OpFamily family;
    FieldMask fields;        // the request fields it accepts (Op included)
    FieldMask required;      // those it must have
    PadValue pad_value;      // zero padding's value for this op
    bool flips_kernel;       // true convolution: the kernel turned 180 degrees
    bool in_lesson_menu;     // offered on the matrix page
    std::string_view kernel_title;  // the stage's title over the kernel ("" none)
    std::string_view note;   // one sentence a student reads under the step
};

const OpInfo& opInfo(OpKind op);
std::span<const OpInfo> allOps();
inline bool hasField(const OpInfo& info, OpField f) { return (info.fields & fieldBit(f)) != 0; }
inline bool hasField(OpKind op, OpField f) { return hasField(opInfo(op), f); }

// Names as the compute contract spells them ("xcorr2d", "reflect", "same").
std::string_view opName(OpKind op);
std::string_view opTitle(OpKind op);
std::optional<OpKind> parseOpName(std::string_view name);
inline OpFamily opFamily(OpKind op) { return opInfo(op).family; }
inline bool isCorrelation2d(OpKind op) { return opFamily(op) == OpFamily::Correlation2d; }
inline bool isPooling2d(OpKind op) { return opFamily(op) == OpFamily::Pool2d; }
inline bool isGlobalPool(OpKind op) { return opFamily(op) == OpFamily::GlobalPool2d; }
inline bool isOneD(OpKind op) { return opFamily(op) == OpFamily::Signal1d; }
inline bool isLayer(OpKind op) { return opFamily(op) == OpFamily::Layer; }
inline bool isTransposedConv2d(OpKind op) { return opFamily(op) == OpFamily::TransposedConv2d; }
// xcorr2d, conv2d, conv_transpose2d (a kernel), conv1d, xcorr1d (g).
inline bool usesKernelTensor(OpKind op) { return hasField(op, OpField::Kernel) || hasField(op, OpField::G); }

std::string_view mode1dName(Mode1d mode);
std::optional<Mode1d> parseMode1d(std::string_view name);

}  // namespace cs
