#include "core/op_params.h"

#include <array>

namespace cs {
namespace {
struct OpInfo {
    OpKind op;
    std::string_view name;
    std::string_view title;
};
constexpr std::array<OpInfo, kOpKindCount> kOps{{
    {OpKind::XCorr2d, "xcorr2d", "Cross-correlation (what CNN layers do)"},
    {OpKind::Conv2d, "conv2d", "Convolution (flipped kernel)"},
    {OpKind::AutoCorr2d, "autocorr2d", "Autocorrelation"},
    {OpKind::MaxPool2d, "maxpool2d", "Max pooling"},
    {OpKind::AvgPool2d, "avgpool2d", "Average pooling"},
    {OpKind::LpPool2d, "lppool2d", "L2 (Lp) pooling"},
    {OpKind::GlobalAvgPool, "globalavgpool", "Global average pooling"},
    {OpKind::GlobalMaxPool, "globalmaxpool", "Global max pooling"},
    {OpKind::Conv1d, "conv1d", "1-D convolution"},
    {OpKind::XCorr1d, "xcorr1d", "1-D cross-correlation"},
    {OpKind::AutoCorr1d, "autocorr1d", "1-D autocorrelation"},
}};
constexpr std::array<std::string_view, 4> kPadModes{"zeros", "reflect", "replicate", "circular"};
constexpr std::array<std::string_view, 3> kModes1d{"full", "same", "valid"};
}  // namespace

std::string_view opName(OpKind op) { return kOps[static_cast<std::size_t>(op)].name; }
std::string_view opTitle(OpKind op) { return kOps[static_cast<std::size_t>(op)].title; }
std::string_view paddingModeName(PaddingMode mode) { return kPadModes[static_cast<std::size_t>(mode)]; }
std::string_view mode1dName(Mode1d mode) { return kModes1d[static_cast<std::size_t>(mode)]; }

std::optional<OpKind> parseOpName(std::string_view name) {
    for (const auto& info : kOps)
        if (info.name == name) return info.op;
    return std::nullopt;
}
std::optional<PaddingMode> parsePaddingMode(std::string_view name) {
    for (std::size_t i = 0; i < kPadModes.size(); ++i)
        if (kPadModes[i] == name) return static_cast<PaddingMode>(i);
    return std::nullopt;
}
std::optional<Mode1d> parseMode1d(std::string_view name) {
    for (std::size_t i = 0; i < kModes1d.size(); ++i)
        if (kModes1d[i] == name) return static_cast<Mode1d>(i);
    return std::nullopt;
}

bool isCorrelation2d(OpKind op) { return op == OpKind::XCorr2d || op == OpKind::Conv2d; }
bool isPooling2d(OpKind op) {
    return op == OpKind::MaxPool2d || op == OpKind::AvgPool2d || op == OpKind::LpPool2d;
}
bool isGlobalPool(OpKind op) { return op == OpKind::GlobalAvgPool || op == OpKind::GlobalMaxPool; }
bool isOneD(OpKind op) { return op == OpKind::Conv1d || op == OpKind::XCorr1d || op == OpKind::AutoCorr1d; }
bool usesKernelTensor(OpKind op) {
    return isCorrelation2d(op) || op == OpKind::Conv1d || op == OpKind::XCorr1d;
}

}  // namespace cs
