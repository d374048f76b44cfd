#pragma once
// The description of one operation: which op, its parameters and its operands.
// Valid as constructed: OpRequest{} is a 1x1 cross-correlation of zeros.
// Semantics (DESIGN.md section 3) are PyTorch's, NumPy's and SciPy's:
//   xcorr2d   torch.nn.functional.conv2d (no kernel flip), nn.Conv2d padding modes
//   conv2d    xcorr2d with the kernel flipped on both spatial axes
//   autocorr2d scipy.signal.correlate2d(x, x, 'full'), per channel
//   maxpool2d / avgpool2d / lppool2d  F.max_pool2d / F.avg_pool2d / F.lp_pool2d
//   globalavgpool / globalmaxpool     F.adaptive_avg_pool2d(x, 1) / adaptive_max
//   conv1d    numpy.convolve(f, g, mode)
//   xcorr1d   (f * g)[n] = sum_m f[m] g[n+m] == scipy.signal.correlate(g, f, mode)
//   autocorr1d scipy.signal.correlate(f, f, mode)
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/tensor.h"

namespace cs {

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
};
enum class PaddingMode { Zeros, Reflect, Replicate, Circular };
enum class Mode1d { Full, Same, Valid };

constexpr int kOpKindCount = 11;

// Names as the compute contract spells them ("xcorr2d", "reflect", "same").
std::string_view opName(OpKind op);
std::string_view paddingModeName(PaddingMode mode);
std::string_view mode1dName(Mode1d mode);
std::optional<OpKind> parseOpName(std::string_view name);
std::optional<PaddingMode> parsePaddingMode(std::string_view name);
std::optional<Mode1d> parseMode1d(std::string_view name);
// A short human title for menus: "Convolution (flipped kernel)".
std::string_view opTitle(OpKind op);

bool isCorrelation2d(OpKind op);  // xcorr2d, conv2d
bool isPooling2d(OpKind op);      // max, avg, lp (windowed pools)
bool isGlobalPool(OpKind op);
bool isOneD(OpKind op);
bool usesKernelTensor(OpKind op);  // xcorr2d, conv2d, conv1d, xcorr1d

// A per-axis integer parameter: PyTorch accepts an int or an [h, w] pair.
struct Pair {
    int h = 1;
    int w = 1;
    bool operator==(const Pair&) const = default;
};

struct OpParams {
    OpKind op = OpKind::XCorr2d;
    Pair stride{1, 1};
    Pair padding{0, 0};
    Pair dilation{1, 1};
    PaddingMode padding_mode = PaddingMode::Zeros;
    Pair kernel_size{2, 2};  // pooling window
    bool ceil_mode = false;
    bool count_include_pad = true;
    double norm_type = 2.0;
    Mode1d mode = Mode1d::Full;
    bool operator==(const OpParams&) const = default;
};

struct OpRequest {
    OpParams params;
    // 2-D ops: [H, W] or [C, H, W]. 1-D ops: f, rank 1.
    Tensor input{{1, 1}};
    // xcorr2d/conv2d: [kh, kw] (applied to every channel on its own) or
    // [O, C, kh, kw] (a bank of O filters over C channels). 1-D ops: g, rank 1.
    // Unused by pooling and autocorrelation.
    Tensor kernel{{1, 1}};
    std::vector<float> bias;  // empty: none. Length O, only with a 4-D kernel.
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
