#pragma once
// The image path of live filtering: one 2-D kernel applied to every colour
// channel of an 8-bit image, the "same"-size way image tools do it. This header
// is the contract; filterImageCpu is the exact CPU reference and the GPU engine
// (gpu/gl_image_filter.h) computes the same numbers (float within 1e-4
// relative, 8-bit within 1).
//
// Definition. Let I be the image, W x H pixels, channels 1 (gray), 2 (gray +
// alpha), 3 (RGB) or 4 (RGBA) (core/image.h). The colour channels are all but
// the alpha channel: 1, 1, 3, 3. Each colour channel c is read as floats 0..255
// (the byte value, no gamma, no /255) and filtered on its own:
//
//   out[c][oy][ox] = sum_{i<kh} sum_{j<kw} K'[i][j] * P_c(oy*sy + (i - ay)*dy,
//                                                        ox*sx + (j - ax)*dx)
//
//   K' = the kernel as given (correlation, what CNN layers do), or flipped on
//        both axes when `convolve` is true (true convolution);
//   ay = (kh - 1) / 2, ax = (kw - 1) / 2 (integer division): the anchor, the
//        kernel's centre for odd sizes;
//   P_c(y, x) = I_c(src(y, H), src(x, W)) with src = paddedSource() of
//        core/padding.h for the chosen padding mode, and 0 when either source
//        is -1 (zeros mode outside the image). Reflect and circular wrap as
//        often as needed, so any kernel size works on any image size.
//
// Output size: out_width = ceil(W / sx), out_height = ceil(H / sy); with stride
// 1 the output is the image's size. Output pixel (ox, oy) sits on input pixel
// (ox*sx, oy*sy).
//
// Outputs:
//  - planes: Tensor [C, out_height, out_width] of floats, C = colour channels,
//    the sums above (computed in double, rounded to float once).
//  - image: an Image of out_width x out_height with the input's channel count.
//    Colour bytes = clamp(round_half_away(normalise(v)), 0, 255), NaN -> 0.
//    normalise: Clamp v -> v; Abs v -> |v|; MinMax v -> (v - lo) * 255 / (hi - lo)
//    (evaluated in that order) with lo, hi the smallest and largest value over all colour planes together
//    (one range for every channel, so colours keep their balance; hi == lo
//    gives 0). The alpha byte is copied from input pixel (ox*sx, oy*sy).
//
// Separable kernels. A rank-1 kernel K = u v^T (box, Gaussian, Sobel, ...) is
// found with separateKernel (an SVD: rank 1 when sigma_2 <= tolerance *
// sigma_1) and, when params.separable allows it and both sides exceed 1, run
// as two 1-D passes (columns with u, then rows with v): kh + kw products per
// pixel instead of kh * kw. The result differs from the direct sum by at most
// sigma_2 * |window| (rounding level for kernels that are outer products).
//
// Example: a 3 x 1 gray image [10, 20, 30] (one row), kernel [[1, 2, 1]] / 4,
// replicate padding -> planes [[12.5, 20, 27.5]], image bytes [13, 20, 28].
#include <cmath>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/image.h"
#include "core/op_params.h"
#include "core/tensor.h"

namespace cs {

// Largest kernel side the image path accepts.
constexpr int kMaxImageKernel = 31;
// Largest image side (width or height); the total is limited to 2^24 values.
constexpr int kMaxFilterImageSide = 32768;
// Rank-1 test: sigma_2 <= kSeparableTolerance * sigma_1. Kernels built as outer
// products in float land near 1e-7; anything looser would change results.
constexpr double kSeparableTolerance = 1e-6;

enum class Normalization { Clamp, Abs, MinMax };
// Whether the two-pass path may be used for a rank-1 kernel.
enum class SeparableMode { Auto, Never };

std::string_view normalizationName(Normalization n);  // "clamp", "abs", "minmax"
std::optional<Normalization> parseNormalization(std::string_view name);

struct ImageFilterParams {
    Tensor kernel{{1, 1}, std::vector<float>{1.f}};  // kh x kw, each side 1..31 (identity by default)
    bool convolve = false;                           // flip the kernel (true convolution)
    PaddingMode padding_mode = PaddingMode::Zeros;
    Pair stride{1, 1};
    Pair dilation{1, 1};
    Normalization normalization = Normalization::Clamp;
    SeparableMode separable = SeparableMode::Auto;
    bool want_planes = true;  // false: only the 8-bit image is produced (planes left empty)
    // false: the CPU paths leave the 8-bit image empty (the image lab shows the
    // planes and makes the bytes only for Save PNG, through pipelineBytes).
    bool want_image = true;
};

struct ImageFilterResult {
    Tensor planes;  // [C, out_height, out_width]; empty when !want_planes
    Image image;    // out_width x out_height, the input's channel count; empty when !want_image (CPU)
    float lo = 0.f, hi = 0.f;  // smallest / largest plane value (NaN skipped)
    bool separable = false;    // the two-pass path was used
};

// A rank-1 factorisation K ~= column * row^T (column: kh values, row: kw).
struct SeparableKernel {
    std::vector<float> column;  // applied along y
    std::vector<float> row;     // applied along x
    double sigma1 = 0.0, sigma2 = 0.0;  // the two largest singular values of K
};

// Singular values of a kh x kw matrix, largest first (one-sided Jacobi, double).
std::vector<double> singularValues(const Tensor& kernel);
// The factorisation when K is rank 1 within tolerance (relative to sigma_1),
// else nullopt. The all-zero kernel is rank 1 (column and row of zeros).
std::optional<SeparableKernel> separateKernel(const Tensor& kernel, double tolerance = kSeparableTolerance);

// Throws OpError with an actionable message: empty, inconsistent or too large
// image (a side over kMaxFilterImageSide, over 2^24 values), kernel
// not 2-D or a side outside 1..31, non-finite kernel values, stride below 1
// or over kMaxFilterImageSide, dilation below 1, a dilated kernel spanning over 4096 pixels.
void validateImageFilter(const Image& image, const ImageFilterParams& params);
// The kernel, stride and dilation checks alone (no image).
void validateImageFilterParams(const ImageFilterParams& params);

int colorChannels(const Image& image);  // 1 for gray (+alpha), 3 for RGB(A)
bool hasAlpha(const Image& image);      // channels 2 or 4
// ceil(W / sx) x ceil(H / sy): {out_height, out_width}.
Pair imageFilterOutputSize(const Image& image, const ImageFilterParams& params);

// The kernel actually slid over the image: flipped when params.convolve.
Tensor effectiveImageKernel(const ImageFilterParams& params);

// The two-pass plan the reference (and the fast path) takes: a factorisation
// when params.separable is Auto, both sides exceed 1 and `kernel` (the effective
// kernel) is rank 1 within kSeparableTolerance; else nullopt.
std::optional<SeparableKernel> separablePlan(const Tensor& kernel, const ImageFilterParams& params);

// The exact reference (sums in double). With SeparableMode::Auto a rank-1 kernel
// is run as two passes (still in double); Never always sums kh * kw terms.
ImageFilterResult filterImageCpu(const Image& image, const ImageFilterParams& params);

// Normalisation and 8-bit conversion, shared by every engine: planes [C, h, w]
// -> the 8-bit image (alpha from `source` at (ox*sx, oy*sy)). lo/hi as above.
Image planesToImage(const Tensor& planes, const Image& source, const ImageFilterParams& params, float lo, float hi);
// Smallest and largest value of the planes, NaN skipped ({0, 0} when none;
// a zero end is +0). core/lab_colours.h valueRange is the same in SIMD.
std::pair<float, float> planeRange(const Tensor& planes);
// One normalised value to a byte: clamp(round_half_away(x), 0, 255), NaN -> 0.
// Inline: the lab maps every value of each live result through it.
inline unsigned char toByte(double x) {
    if (!(x > 0)) return 0;  // negative, zero or NaN
    const double r = std::floor(x + 0.5);
    return r >= 255.0 ? 255 : static_cast<unsigned char>(r);
}

// The interface the `filter` command and the image lab use: CpuImageFilter
// here, GlImageFilter (gpu/gl_image_filter.h) on the GPU.
class ImageFilterEngine {
public:
    virtual ~ImageFilterEngine() = default;
    virtual std::string name() const = 0;  // "cpu", "gpu"
    // Validates (OpError), then filters.
    virtual ImageFilterResult filter(const Image& image, const ImageFilterParams& params) = 0;
};

// The fast CPU path (core/fast_filter.h): equal to filterImageCpu bit for bit,
// SIMD and threads. threads <= 0: the machine's hardware threads.
class CpuImageFilter final : public ImageFilterEngine {
public:
    explicit CpuImageFilter(int threads = 0) : threads_(threads) {}
    std::string name() const override { return "cpu"; }
    ImageFilterResult filter(const Image& image, const ImageFilterParams& params) override;

private:
    int threads_ = 0;
};

}  // namespace cs
