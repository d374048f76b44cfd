#include "core/padding.h"

#include <algorithm>
#include <array>

namespace cs {
namespace {

int zeroSource(int, int) { return -1; }
// Reflect about the edge cells without repeating them: -1 -> 1, n -> n-2.
int reflectSource(int i, int n) {
    if (n == 1) return 0;
    const int period = 2 * (n - 1);
    const int j = ((i % period) + period) % period;
    return j < n ? j : period - j;
}
int replicateSource(int i, int n) { return std::clamp(i, 0, n - 1); }
int circularSource(int i, int n) { return ((i % n) + n) % n; }

// One row per PaddingMode, in enum order (checked below).
constexpr std::array<PaddingModeInfo, kPaddingModeCount> kPadModes{{
    {PaddingMode::Zeros, "zeros", "0 everywhere outside the input", "constant (cval=0)", "BORDER_CONSTANT",
     PadLimit::Any, "", zeroSource},
    {PaddingMode::Reflect, "reflect", "mirror image, edge not repeated", "mirror", "BORDER_REFLECT_101",
     PadLimit::BelowSide, "would reflect past the far edge (PyTorch requires padding < size)", reflectSource},
    {PaddingMode::Replicate, "replicate", "the nearest edge cell, repeated", "nearest", "BORDER_REPLICATE",
     PadLimit::Any, "", replicateSource},
    {PaddingMode::Circular, "circular", "wrap around to the other side", "wrap", "BORDER_WRAP",
     PadLimit::AtMostSide, "would wrap around more than once", circularSource},
}};

constexpr bool coversEnum() {
    for (std::size_t i = 0; i < kPadModes.size(); ++i)
        if (static_cast<std::size_t>(kPadModes[i].mode) != i || kPadModes[i].source == nullptr) return false;
    return true;
}
static_assert(coversEnum(), "kPadModes must have one row per PaddingMode, in enum order, each with a source");

}  // namespace

const PaddingModeInfo& paddingModeInfo(PaddingMode mode) { return kPadModes[static_cast<std::size_t>(mode)]; }
std::span<const PaddingModeInfo> allPaddingModes() { return kPadModes; }
std::string_view paddingModeName(PaddingMode mode) { return paddingModeInfo(mode).name; }
std::optional<PaddingMode> parsePaddingMode(std::string_view name) {
    for (const auto& info : kPadModes)
        if (info.name == name) return info.mode;
    return std::nullopt;
}
std::string paddingModeList() {
    std::string s;
    for (std::size_t i = 0; i < kPadModes.size(); ++i) {
        if (i) s += i + 1 == kPadModes.size() ? " or " : ", ";
        s += kPadModes[i].name;
    }
    return s;
}
bool paddingFits(PaddingMode mode, int padding, int n) {
    switch (paddingModeInfo(mode).limit) {
    case PadLimit::Any: return true;
    case PadLimit::BelowSide: return padding < n;
    case PadLimit::AtMostSide: return padding <= n;
    }
    return true;
}

int paddedSource(int i, int n, PaddingMode mode) {
    if (i >= 0 && i < n) return i;
    return paddingModeInfo(mode).source(i, n);
}

std::vector<int> paddedSourceTable(int n, int padding, PaddingMode mode) { return paddedSourceTable(n, padding, padding, mode); }

std::vector<int> paddedSourceTable(int n, int before, int after, PaddingMode mode) {
    std::vector<int> table(static_cast<std::size_t>(n + before + after));
    for (int i = -before; i < n + after; ++i) table[static_cast<std::size_t>(i + before)] = paddedSource(i, n, mode);
    return table;
}

}  // namespace cs
