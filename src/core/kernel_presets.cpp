#include "core/kernel_presets.h"

#include "core/output_size.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <numbers>

namespace cs {
namespace {

[[noreturn]] void fail(const std::string& message) { throw OpError(message); }

void checkSize(int size, std::string_view what) {
    if (size < 1 || size > kMaxKernelSide || size % 2 == 0) {
        fail(std::string(what) + " size must be odd, from 1 to " + std::to_string(kMaxKernelSide) +
             " (got " + std::to_string(size) + "): the kernel is centred on each pixel");
    }
}

void checkSigma(double sigma, std::string_view what) {
    if (!std::isfinite(sigma) || sigma <= 0.0) {
        fail(std::string(what) + " sigma must be a positive number (got " + formatNumber(sigma) + ")");
    }
}

// Builds a kernel from doubles, rounding to float once at the end.
Tensor fromDoubles(int size, const std::vector<double>& values) {
    std::vector<float> data(values.size());
    std::transform(values.begin(), values.end(), data.begin(),
                   [](double v) { return static_cast<float>(v); });
    return Tensor({size, size}, std::move(data));
}

std::vector<double> gaussianWeights(int size, double sigma) {
    const int r = size / 2;
    std::vector<double> w(static_cast<std::size_t>(size) * static_cast<std::size_t>(size));
    double sum = 0.0;
    for (int y = -r; y <= r; ++y)
        for (int x = -r; x <= r; ++x) {
            const double v = std::exp(-(x * x + y * y) / (2.0 * sigma * sigma));
            w[static_cast<std::size_t>((y + r) * size + (x + r))] = v;
            sum += v;
        }
    for (double& v : w) v /= sum;
    return w;
}

const std::vector<KernelPresetInfo>& presetTable() {
    // name, title, size, sigma, amount, degrees, defaults
    static const std::vector<KernelPresetInfo> table = {
        {KernelPreset::Identity, "identity", "Identity (output = input)", true, false, false, false,
         {KernelPreset::Identity, 3, 0.0, 1.0, 0.0}},
        {KernelPreset::BoxBlur, "box", "Box blur (mean of the window)", true, false, false, false,
         {KernelPreset::BoxBlur, 3, 0.0, 1.0, 0.0}},
        {KernelPreset::Gaussian, "gaussian", "Gaussian blur", true, true, false, false,
         {KernelPreset::Gaussian, 5, 0.0, 1.0, 0.0}},
        {KernelPreset::Sharpen, "sharpen", "Sharpen", false, false, false, false,
         {KernelPreset::Sharpen, 3, 0.0, 1.0, 0.0}},
        {KernelPreset::UnsharpMask, "unsharp", "Unsharp mask", true, true, true, false,
         {KernelPreset::UnsharpMask, 5, 0.0, 1.0, 0.0}},
        {KernelPreset::Laplacian, "laplacian", "Laplacian (4-neighbour)", false, false, false, false,
         {KernelPreset::Laplacian, 3, 0.0, 1.0, 0.0}},
        {KernelPreset::SobelX, "sobel-x", "Sobel x (right minus left)", false, false, false, false,
         {KernelPreset::SobelX, 3, 0.0, 1.0, 0.0}},
        {KernelPreset::SobelY, "sobel-y", "Sobel y (bottom minus top)", false, false, false, false,
         {KernelPreset::SobelY, 3, 0.0, 1.0, 0.0}},
        {KernelPreset::PrewittX, "prewitt-x", "Prewitt x (right minus left)", false, false, false, false,
         {KernelPreset::PrewittX, 3, 0.0, 1.0, 0.0}},
        {KernelPreset::PrewittY, "prewitt-y", "Prewitt y (bottom minus top)", false, false, false, false,
         {KernelPreset::PrewittY, 3, 0.0, 1.0, 0.0}},
        {KernelPreset::ScharrX, "scharr-x", "Scharr x (right minus left)", false, false, false, false,
         {KernelPreset::ScharrX, 3, 0.0, 1.0, 0.0}},
        {KernelPreset::ScharrY, "scharr-y", "Scharr y (bottom minus top)", false, false, false, false,
         {KernelPreset::ScharrY, 3, 0.0, 1.0, 0.0}},
        {KernelPreset::Emboss, "emboss", "Emboss", false, false, false, false,
         {KernelPreset::Emboss, 3, 0.0, 1.0, 0.0}},
        {KernelPreset::Outline, "outline", "Outline (8-neighbour Laplacian)", false, false, false, false,
         {KernelPreset::Outline, 3, 0.0, 1.0, 0.0}},
        {KernelPreset::MotionBlur, "motion", "Motion blur", true, false, false, true,
         {KernelPreset::MotionBlur, 9, 0.0, 1.0, 0.0}},
        {KernelPreset::LaplacianOfGaussian, "log", "Laplacian of Gaussian", true, true, false, false,
         {KernelPreset::LaplacianOfGaussian, 9, 1.4, 1.0, 0.0}},
    };
    return table;
}

std::string normalizedName(std::string_view text) {
    std::string s;
    for (char c : text) {
        if (c == '_') c = '-';
        s.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
    return s;
}

// Name (or alias) -> table entry, nullptr when unknown.
const KernelPresetInfo* findPreset(std::string_view name) {
    std::string n = normalizedName(name);
    if (n == "box-blur") n = "box";
    if (n == "motion-blur") n = "motion";
    if (n == "laplacian-of-gaussian") n = "log";
    if (n == "unsharp-mask") n = "unsharp";
    for (const auto& info : presetTable())
        if (info.name == n) return &info;
    return nullptr;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

std::vector<std::string_view> splitColons(std::string_view text) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (true) {
        const std::size_t colon = text.find(':', start);
        parts.push_back(trim(text.substr(start, colon == std::string_view::npos ? std::string_view::npos
                                                                                 : colon - start)));
        if (colon == std::string_view::npos) break;
        start = colon + 1;
    }
    return parts;
}

int parseIntParam(std::string_view text, std::string_view spec, std::string_view what) {
    int v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size()) {
        fail("kernel \"" + std::string(spec) + "\": " + std::string(what) + " \"" + std::string(text) +
             "\" is not a whole number");
    }
    return v;
}

double parseDoubleParam(std::string_view text, std::string_view spec, std::string_view what) {
    // strtod via a string: std::from_chars for double is fine in GCC 12 too,
    // but this also accepts a leading '+'.
    std::string s(text);
    char* end = nullptr;
    const double v = s.empty() ? 0.0 : std::strtod(s.c_str(), &end);
    if (s.empty() || end != s.c_str() + s.size() || !std::isfinite(v)) {
        fail("kernel \"" + std::string(spec) + "\": " + std::string(what) + " \"" + s +
             "\" is not a finite number");
    }
    return v;
}

}  // namespace

const std::vector<KernelPresetInfo>& kernelPresets() { return presetTable(); }

const KernelPresetInfo& kernelPresetInfo(KernelPreset preset) {
    for (const auto& info : presetTable())
        if (info.preset == preset) return info;
    return presetTable().front();
}

double defaultGaussianSigma(int size) { return 0.3 * ((size - 1) * 0.5 - 1.0) + 0.8; }

Tensor identityKernel(int size) {
    checkSize(size, "identity");
    Tensor k({size, size});
    k.at(size / 2, size / 2) = 1.f;
    return k;
}

Tensor boxBlurKernel(int size) {
    checkSize(size, "box blur");
    return Tensor({size, size}, static_cast<float>(1.0 / (static_cast<double>(size) * size)));
}

Tensor gaussianKernel(int size, double sigma) {
    checkSize(size, "gaussian");
    checkSigma(sigma, "gaussian");
    return fromDoubles(size, gaussianWeights(size, sigma));
}

Tensor sharpenKernel() { return Tensor({3, 3}, {0, -1, 0, -1, 5, -1, 0, -1, 0}); }

Tensor unsharpMaskKernel(int size, double sigma, double amount) {
    checkSize(size, "unsharp mask");
    checkSigma(sigma, "unsharp mask");
    if (!std::isfinite(amount)) fail("unsharp mask amount must be a finite number");
    std::vector<double> w = gaussianWeights(size, sigma);
    const std::size_t centre = static_cast<std::size_t>((size / 2) * size + size / 2);
    for (std::size_t i = 0; i < w.size(); ++i) {
        const double identity = i == centre ? 1.0 : 0.0;
        w[i] = identity + amount * (identity - w[i]);
    }
    return fromDoubles(size, w);
}

Tensor laplacianKernel() { return Tensor({3, 3}, {0, 1, 0, 1, -4, 1, 0, 1, 0}); }
Tensor sobelXKernel() { return Tensor({3, 3}, {-1, 0, 1, -2, 0, 2, -1, 0, 1}); }
Tensor sobelYKernel() { return Tensor({3, 3}, {-1, -2, -1, 0, 0, 0, 1, 2, 1}); }
Tensor prewittXKernel() { return Tensor({3, 3}, {-1, 0, 1, -1, 0, 1, -1, 0, 1}); }
Tensor prewittYKernel() { return Tensor({3, 3}, {-1, -1, -1, 0, 0, 0, 1, 1, 1}); }
Tensor scharrXKernel() { return Tensor({3, 3}, {-3, 0, 3, -10, 0, 10, -3, 0, 3}); }
Tensor scharrYKernel() { return Tensor({3, 3}, {-3, -10, -3, 0, 0, 0, 3, 10, 3}); }
Tensor embossKernel() { return Tensor({3, 3}, {-2, -1, 0, -1, 1, 1, 0, 1, 2}); }
Tensor outlineKernel() { return Tensor({3, 3}, {-1, -1, -1, -1, 8, -1, -1, -1, -1}); }

Tensor motionBlurKernel(int size, double degrees) {
    checkSize(size, "motion blur");
    if (!std::isfinite(degrees)) fail("motion blur direction must be a finite number of degrees");
    const double rad = degrees * std::numbers::pi / 180.0;
    const double c = std::cos(rad), s = std::sin(rad);
    const int r = size / 2;
    std::vector<double> w(static_cast<std::size_t>(size) * static_cast<std::size_t>(size), 0.0);
    int count = 0;
    for (int dy = -r; dy <= r; ++dy)
        for (int dx = -r; dx <= r; ++dx) {
            // Rows go down the screen, so the on-screen direction (c, s) is (c, -s) in (x, row).
            const double across = dx * s + dy * c;  // distance from the line
            const double along = dx * c - dy * s;   // position along it
            if (std::abs(across) <= 0.5 + 1e-9 && std::abs(along) <= r + 0.5) {
                w[static_cast<std::size_t>((dy + r) * size + (dx + r))] = 1.0;
                ++count;
            }
        }
    for (double& v : w) v /= count;  // count >= 1: the centre is always on the line
    return fromDoubles(size, w);
}

Tensor laplacianOfGaussianKernel(int size, double sigma) {
    checkSize(size, "Laplacian of Gaussian");
    checkSigma(sigma, "Laplacian of Gaussian");
    const int r = size / 2;
    const double s2 = sigma * sigma;
    std::vector<double> w;
    w.reserve(static_cast<std::size_t>(size) * static_cast<std::size_t>(size));
    double sum = 0.0;
    for (int y = -r; y <= r; ++y)
        for (int x = -r; x <= r; ++x) {
            const double q = (x * x + y * y) / (2.0 * s2);
            const double v = -(1.0 - q) * std::exp(-q) / (std::numbers::pi * s2 * s2);
            w.push_back(v);
            sum += v;
        }
    // A truncated LoG does not sum to 0; shifting every entry by the mean makes
    // a flat region give exactly 0, which is the point of an edge detector.
    const double mean = sum / static_cast<double>(w.size());
    for (double& v : w) v -= mean;
    return fromDoubles(size, w);
}

Tensor makeKernel(const KernelSpec& spec) {
    const double sigma = spec.sigma > 0.0 ? spec.sigma : defaultGaussianSigma(spec.size);
    switch (spec.preset) {
        case KernelPreset::Identity: return identityKernel(spec.size);
        case KernelPreset::BoxBlur: return boxBlurKernel(spec.size);
        case KernelPreset::Gaussian: return gaussianKernel(spec.size, sigma);
        case KernelPreset::Sharpen: return sharpenKernel();
        case KernelPreset::UnsharpMask: return unsharpMaskKernel(spec.size, sigma, spec.amount);
        case KernelPreset::Laplacian: return laplacianKernel();
        case KernelPreset::SobelX: return sobelXKernel();
        case KernelPreset::SobelY: return sobelYKernel();
        case KernelPreset::PrewittX: return prewittXKernel();
        case KernelPreset::PrewittY: return prewittYKernel();
        case KernelPreset::ScharrX: return scharrXKernel();
        case KernelPreset::ScharrY: return scharrYKernel();
        case KernelPreset::Emboss: return embossKernel();
        case KernelPreset::Outline: return outlineKernel();
        case KernelPreset::MotionBlur: return motionBlurKernel(spec.size, spec.degrees);
        case KernelPreset::LaplacianOfGaussian:
            return laplacianOfGaussianKernel(spec.size, spec.sigma > 0.0 ? spec.sigma : 1.4);
    }
    fail("unknown kernel preset");
}

std::string kernelPresetSyntax() {
    std::string s;
    for (const auto& info : presetTable()) {
        if (!s.empty()) s += ", ";
        s += info.name;
        std::string params;
        int depth = 0;
        auto add = [&](std::string_view p) {
            params += "[:" + std::string(p);
            ++depth;
        };
        if (info.has_size) add("N");
        if (info.has_sigma) add("SIGMA");
        if (info.has_amount) add("AMOUNT");
        if (info.has_degrees) add("DEGREES");
        s += params + std::string(static_cast<std::size_t>(depth), ']');
    }
    return s;
}

bool isKernelPresetName(std::string_view text) {
    const std::size_t colon = text.find(':');
    return findPreset(trim(text.substr(0, colon))) != nullptr;
}

KernelSpec parseKernelSpec(std::string_view text) {
    const std::vector<std::string_view> parts = splitColons(trim(text));
    const KernelPresetInfo* info = findPreset(parts[0]);
    if (info == nullptr) {
        fail("unknown kernel preset \"" + std::string(parts[0]) + "\"; presets: " + kernelPresetSyntax());
    }
    KernelSpec spec = info->defaults;
    std::vector<std::string_view> names;
    if (info->has_size) names.push_back("N");
    if (info->has_sigma) names.push_back("SIGMA");
    if (info->has_amount) names.push_back("AMOUNT");
    if (info->has_degrees) names.push_back("DEGREES");
    if (parts.size() - 1 > names.size()) {
        fail("kernel \"" + std::string(text) + "\": " + std::string(info->name) + " takes " +
             (names.empty() ? std::string("no parameters")
                            : "at most " + std::to_string(names.size()) + " parameter(s)") +
             "; presets: " + kernelPresetSyntax());
    }
    for (std::size_t i = 1; i < parts.size(); ++i) {
        const std::string_view what = names[i - 1];
        if (what == "N") spec.size = parseIntParam(parts[i], text, "size");
        if (what == "SIGMA") spec.sigma = parseDoubleParam(parts[i], text, "sigma");
        if (what == "AMOUNT") spec.amount = parseDoubleParam(parts[i], text, "amount");
        if (what == "DEGREES") spec.degrees = parseDoubleParam(parts[i], text, "direction");
    }
    if (info->has_size) checkSize(spec.size, info->name);
    if (info->has_sigma && parts.size() > 2) checkSigma(spec.sigma, info->name);
    return spec;
}

Tensor kernelFromSpec(std::string_view text) { return makeKernel(parseKernelSpec(text)); }

std::string formatKernelSpec(const KernelSpec& spec) {
    const KernelPresetInfo& info = kernelPresetInfo(spec.preset);
    std::string s(info.name);
    if (info.has_size) s.append(":").append(std::to_string(spec.size));
    if (info.has_sigma) {
        double sigma = spec.sigma;
        if (sigma <= 0.0)
            sigma = spec.preset == KernelPreset::LaplacianOfGaussian ? 1.4 : defaultGaussianSigma(spec.size);
        s.append(":").append(formatNumber(sigma));
    }
    if (info.has_amount) s.append(":").append(formatNumber(spec.amount));
    if (info.has_degrees) s.append(":").append(formatNumber(spec.degrees));
    return s;
}

double kernelSum(const Tensor& kernel) {
    double sum = 0.0;
    for (float v : kernel.values()) sum += v;
    return sum;
}

Tensor normalizeToSumOne(const Tensor& kernel) {
    double sum = 0.0, magnitude = 0.0;
    for (float v : kernel.values()) {
        sum += v;
        magnitude += std::abs(static_cast<double>(v));
    }
    if (magnitude == 0.0 || std::abs(sum) <= 1e-6 * magnitude) {
        fail("cannot normalise this kernel to sum 1: its entries sum to 0 (an edge detector "
             "answers 0 on flat regions; normalising would divide by zero)");
    }
    Tensor out = kernel;
    for (float& v : out.values()) v = static_cast<float>(v / sum);
    return out;
}

}  // namespace cs
