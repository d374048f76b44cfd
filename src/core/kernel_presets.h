#pragma once
// Kernel presets for the image lab: the classic image-processing matrices, as
// [kh, kw] float tensors, plus "normalise to sum 1" and a name syntax for the
// command line and the GUI's preset menu.
//
// Orientation: every kernel here is written for CROSS-CORRELATION, the
// convention of torch.nn.functional.conv2d, scipy.ndimage.correlate and
// cv2.filter2D: output(y, x) = sum_{i,j} K[i][j] * in(y + i - r, x + j - r),
// row i going DOWN the image and column j going RIGHT. So
//   sobelX() = [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]
// answers right-minus-left: positive where the image gets brighter to the
// right, and sobelY() = [[-1,-2,-1],[0,0,0],[1,2,1]] is positive where it gets
// brighter downwards. Applied as true convolution (conv2d: kernel flipped on
// both axes) the antisymmetric kernels (Sobel, Prewitt, Scharr, emboss) change
// sign; the symmetric ones give the same result.
//
// Name syntax (kernelFromSpec), case-insensitive, '_' same as '-', optional
// parameters after ':' in the order shown; sizes are odd, 1..31:
//   identity[:N]              1 at the centre of an N x N kernel (default 3)
//   box[:N]                   N x N, every entry 1/N^2 (default 3)
//   gaussian[:N[:SIGMA]]      sampled exp(-(x^2+y^2)/(2 sigma^2)), normalised to
//                             sum 1 (default 5, sigma = 0.3 ((N-1)/2 - 1) + 0.8,
//                             OpenCV's rule; 5 -> 1.1)
//   sharpen                   [[0,-1,0],[-1,5,-1],[0,-1,0]]
//   unsharp[:N[:SIGMA[:AMOUNT]]]  identity + AMOUNT (identity - gaussian(N, SIGMA))
//                             (default 5, OpenCV sigma, amount 1); sums to 1
//   laplacian                 [[0,1,0],[1,-4,1],[0,1,0]]
//   sobel-x, sobel-y, prewitt-x, prewitt-y, scharr-x, scharr-y  (3 x 3)
//   emboss                    [[-2,-1,0],[-1,1,1],[0,1,2]]
//   outline                   [[-1,-1,-1],[-1,8,-1],[-1,-1,-1]]
//   motion[:N[:DEGREES]]      a line of 1/count through the centre, DEGREES
//                             counter-clockwise from the +x axis as seen on
//                             screen (0 horizontal, 90 vertical, 45 from
//                             bottom-left to top-right); a cell is on the line
//                             when its centre is within 0.5 of it (default 9, 0)
//   log[:N[:SIGMA]]           Laplacian of Gaussian, sampled
//                             -(1 - r^2/(2 s^2)) exp(-r^2/(2 s^2)) / (pi s^4), then
//                             shifted so it sums to exactly 0 (negative centre;
//                             default 9, sigma 1.4)
// Aliases: box-blur, motion-blur, laplacian-of-gaussian, identity.
// Example: kernelFromSpec("gaussian:3:1") is
//   [[0.0751, 0.1238, 0.0751], [0.1238, 0.2042, 0.1238], [0.0751, 0.1238, 0.0751]].
// Invalid names or parameters throw OpError with the list of presets.
#include <string>
#include <string_view>
#include <vector>

#include "core/op_params.h"
#include "core/tensor.h"

namespace cs {

// Largest kernel side the image lab edits and the presets make.
constexpr int kMaxKernelSide = 31;

enum class KernelPreset {
    Identity,
    BoxBlur,
    Gaussian,
    Sharpen,
    UnsharpMask,
    Laplacian,
    SobelX,
    SobelY,
    PrewittX,
    PrewittY,
    ScharrX,
    ScharrY,
    Emboss,
    Outline,
    MotionBlur,
    LaplacianOfGaussian,
};

// Every parameter a preset may take; each preset reads only its own ones
// (see the name syntax above). Valid as constructed: identity 3 x 3.
struct KernelSpec {
    KernelPreset preset = KernelPreset::Identity;
    int size = 3;          // odd, 1..kMaxKernelSide; fixed 3 x 3 presets ignore it
    double sigma = 0.0;    // gaussian, unsharp, log; <= 0 means the preset's default
    double amount = 1.0;   // unsharp
    double degrees = 0.0;  // motion
    bool operator==(const KernelSpec&) const = default;
};

// For menus: name as typed ("sobel-x"), title ("Sobel x (right minus left)"),
// which parameters it takes, and its default spec.
struct KernelPresetInfo {
    KernelPreset preset;
    std::string_view name;
    std::string_view title;
    bool has_size;
    bool has_sigma;
    bool has_amount;
    bool has_degrees;
    KernelSpec defaults;
};
const std::vector<KernelPresetInfo>& kernelPresets();
const KernelPresetInfo& kernelPresetInfo(KernelPreset preset);

// The kernel a spec describes. Throws OpError for an even or out-of-range
// size, or a sigma / amount / angle that is not finite.
Tensor makeKernel(const KernelSpec& spec);

// "gaussian:5:1.2" -> spec. Throws OpError naming the presets when the name
// is unknown or a parameter does not parse.
KernelSpec parseKernelSpec(std::string_view text);
// makeKernel(parseKernelSpec(text)).
Tensor kernelFromSpec(std::string_view text);
// True when the part before the first ':' names a preset or alias; lets the
// CLI decide between a preset and a matrix literal or file name.
bool isKernelPresetName(std::string_view text);
// The spec written back in the name syntax, with every parameter spelled out
// ("gaussian:5:1.1"); parseKernelSpec(formatKernelSpec(s)) == s up to the
// printed precision.
std::string formatKernelSpec(const KernelSpec& spec);
// "identity, box[:N], gaussian[:N[:SIGMA]], ..." for help texts and errors.
std::string kernelPresetSyntax();

// The fixed and parametric kernels, each as documented above.
Tensor identityKernel(int size = 3);
Tensor boxBlurKernel(int size);
Tensor gaussianKernel(int size, double sigma);
Tensor sharpenKernel();
Tensor unsharpMaskKernel(int size, double sigma, double amount);
Tensor laplacianKernel();
Tensor sobelXKernel();
Tensor sobelYKernel();
Tensor prewittXKernel();
Tensor prewittYKernel();
Tensor scharrXKernel();
Tensor scharrYKernel();
Tensor embossKernel();
Tensor outlineKernel();
Tensor motionBlurKernel(int size, double degrees);
Tensor laplacianOfGaussianKernel(int size, double sigma);

// OpenCV's default sigma for a size: 0.3 ((size - 1) / 2 - 1) + 0.8.
double defaultGaussianSigma(int size);

// Sum of all entries, in double.
double kernelSum(const Tensor& kernel);
// The kernel divided by its sum, so it sums to 1 (a blur keeps brightness).
// Throws OpError when the sum is (nearly) zero, as for edge detectors:
// |sum| <= 1e-6 * sum of |entries|.
Tensor normalizeToSumOne(const Tensor& kernel);

}  // namespace cs
