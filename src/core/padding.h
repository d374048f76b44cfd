#pragma once
// The padding-mode table (nn.Conv2d's padding modes, F.pad semantics): each
// mode's name, help, SciPy/OpenCV names, size rule and the function that says
// where a padded cell takes its value from. Menus, CLI choices, error texts
// and every engine (the GPU engine uploads the source tables this computes)
// derive from the rows in padding.cpp, checked at compile time to cover the enum.
//
// paddedSource: i is the position relative to the input's first element
// (negative inside the left/top padding, >= n inside the right/bottom).
// Returns the source index in [0, n), or -1 for a zero (or -inf) padding cell.
// Example: n = 4, i = -1: zeros -1, reflect 1, replicate 0, circular 3.
//
// Adding a mode: its enum value here, its row and source function in
// padding.cpp, a test (ARCHITECTURE.md, "add a padding mode").
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace cs {

enum class PaddingMode { Zeros, Reflect, Replicate, Circular };
constexpr int kPaddingModeCount = static_cast<int>(PaddingMode::Circular) + 1;

// How far a padding mode may pad, relative to the input side (PyTorch's rules;
// the image filter wraps as often as needed and ignores them).
enum class PadLimit { Any, BelowSide, AtMostSide };

struct PaddingModeInfo {
    PaddingMode mode;
    std::string_view name;    // "reflect"
    std::string_view help;    // "mirror image, edge not repeated"
    std::string_view scipy;   // scipy.ndimage mode: "mirror"
    std::string_view opencv;  // cv2 border: "BORDER_REFLECT_101"
    PadLimit limit;
    std::string_view limit_text;  // what goes wrong past the limit, for error messages
    int (*source)(int i, int n);  // the source index of position i outside [0, n), or -1
};

const PaddingModeInfo& paddingModeInfo(PaddingMode mode);
std::span<const PaddingModeInfo> allPaddingModes();
std::string_view paddingModeName(PaddingMode mode);
std::optional<PaddingMode> parsePaddingMode(std::string_view name);
// "zeros, reflect, replicate or circular": for help texts and errors.
std::string paddingModeList();
// Whether `padding` cells fit the mode's limit on a side of n cells.
bool paddingFits(PaddingMode mode, int padding, int n);

int paddedSource(int i, int n, PaddingMode mode);

// The source index of every padded position [-padding, n + padding), as a table
// indexed by i + padding: the inner loops of the engines look it up.
std::vector<int> paddedSourceTable(int n, int padding, PaddingMode mode);
// Asymmetric: [-before, n + after), indexed by i + before (padding="same" with
// an even kernel pads one more cell after the input, as PyTorch does).
std::vector<int> paddedSourceTable(int n, int before, int after, PaddingMode mode);

}  // namespace cs
