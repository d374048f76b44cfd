// Kernel presets: known matrices, sums, symmetries, the name syntax.
#include <gtest/gtest.h>

#include <cmath>

#include "core/engine.h"
#include "core/kernel_presets.h"

namespace cs {
namespace {

void expectNear(const Tensor& got, const Tensor& want, double tol = 1e-6) {
    ASSERT_EQ(got.shape(), want.shape());
    for (std::size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got.values()[i], want.values()[i], tol) << i;
}

bool symmetricUnderFlip(const Tensor& k) { return flipKernel(k) == k; }
bool antisymmetricUnderFlip(const Tensor& k) {
    const Tensor f = flipKernel(k);
    for (std::size_t i = 0; i < k.size(); ++i)
        if (f.values()[i] != -k.values()[i]) return false;
    return true;
}
bool transposeSymmetric(const Tensor& k) {
    for (int y = 0; y < k.dim(0); ++y)
        for (int x = 0; x < k.dim(1); ++x)
            if (std::abs(k.at(y, x) - k.at(x, y)) > 1e-7f) return false;
    return true;
}

struct FixedCase {
    const char* spec;
    Tensor expected;
    double sum;
};

class FixedPresets : public ::testing::TestWithParam<FixedCase> {};

TEST_P(FixedPresets, KnownValuesAndSum) {
    const FixedCase& c = GetParam();
    const Tensor k = kernelFromSpec(c.spec);
    EXPECT_EQ(k, c.expected) << k.toString();
    EXPECT_NEAR(kernelSum(k), c.sum, 1e-6);  // 1/3 in float sums to 1 + 3e-8
}

INSTANTIATE_TEST_SUITE_P(
    KernelPresets, FixedPresets,
    ::testing::Values(
        FixedCase{"identity", Tensor({3, 3}, {0, 0, 0, 0, 1, 0, 0, 0, 0}), 1},
        FixedCase{"sobel-x", Tensor({3, 3}, {-1, 0, 1, -2, 0, 2, -1, 0, 1}), 0},
        FixedCase{"sobel-y", Tensor({3, 3}, {-1, -2, -1, 0, 0, 0, 1, 2, 1}), 0},
        FixedCase{"prewitt-x", Tensor({3, 3}, {-1, 0, 1, -1, 0, 1, -1, 0, 1}), 0},
        FixedCase{"prewitt-y", Tensor({3, 3}, {-1, -1, -1, 0, 0, 0, 1, 1, 1}), 0},
        FixedCase{"scharr-x", Tensor({3, 3}, {-3, 0, 3, -10, 0, 10, -3, 0, 3}), 0},
        FixedCase{"scharr-y", Tensor({3, 3}, {-3, -10, -3, 0, 0, 0, 3, 10, 3}), 0},
        FixedCase{"sharpen", Tensor({3, 3}, {0, -1, 0, -1, 5, -1, 0, -1, 0}), 1},
        FixedCase{"laplacian", Tensor({3, 3}, {0, 1, 0, 1, -4, 1, 0, 1, 0}), 0},
        FixedCase{"outline", Tensor({3, 3}, {-1, -1, -1, -1, 8, -1, -1, -1, -1}), 0},
        FixedCase{"emboss", Tensor({3, 3}, {-2, -1, 0, -1, 1, 1, 0, 1, 2}), 1},
        FixedCase{"motion:3:0", Tensor({3, 3}, {0, 0, 0, 1.f / 3, 1.f / 3, 1.f / 3, 0, 0, 0}), 1},
        FixedCase{"motion:3:90", Tensor({3, 3}, {0, 1.f / 3, 0, 0, 1.f / 3, 0, 0, 1.f / 3, 0}), 1},
        // 45 degrees on screen: bottom-left to top-right.
        FixedCase{"motion:3:45", Tensor({3, 3}, {0, 0, 1.f / 3, 0, 1.f / 3, 0, 1.f / 3, 0, 0}), 1},
        FixedCase{"motion:3:135", Tensor({3, 3}, {1.f / 3, 0, 0, 0, 1.f / 3, 0, 0, 0, 1.f / 3}), 1},
        FixedCase{"identity:1", Tensor({1, 1}, {1}), 1}),
    [](const auto& info) {
        std::string n = info.param.spec;
        for (char& ch : n)
            if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
        return n;
    });

TEST(KernelPresets, SobelXAnswersRightMinusLeftAsCrossCorrelation) {
    // A row that gets brighter to the right: cross-correlation gives a positive
    // response, true convolution (flipped kernel) a negative one.
    OpRequest r;
    r.input = Tensor({3, 3}, {0, 0, 10, 0, 0, 10, 0, 0, 10});
    r.kernel = sobelXKernel();
    r.params.op = OpKind::XCorr2d;
    EXPECT_EQ(computeReference(r).values()[0], 40.f);
    r.params.op = OpKind::Conv2d;
    EXPECT_EQ(computeReference(r).values()[0], -40.f);
}

TEST(KernelPresets, AntisymmetricKernelsFlipSign) {
    for (const char* name : {"sobel-x", "sobel-y", "prewitt-x", "prewitt-y", "scharr-x", "scharr-y"})
        EXPECT_TRUE(antisymmetricUnderFlip(kernelFromSpec(name))) << name;
    const Tensor emboss = embossKernel();
    EXPECT_FALSE(symmetricUnderFlip(emboss));
    EXPECT_FALSE(antisymmetricUnderFlip(emboss));  // the centre stays 1
}

TEST(KernelPresets, SymmetricKernelsIgnoreTheFlip) {
    for (const char* name : {"identity", "box:5", "gaussian:7:1.5", "sharpen", "unsharp", "laplacian",
                             "outline", "log:9:1.4", "motion:9:0", "motion:9:45"})
        EXPECT_TRUE(symmetricUnderFlip(kernelFromSpec(name))) << name;
    for (const char* name : {"box:5", "gaussian:7:1.5", "laplacian", "outline", "log", "sharpen"})
        EXPECT_TRUE(transposeSymmetric(kernelFromSpec(name))) << name;
    EXPECT_EQ(sobelYKernel(), Tensor({3, 3}, {-1, -2, -1, 0, 0, 0, 1, 2, 1}));
}

TEST(KernelPresets, GaussianKnownValues) {
    // exp(-1/2) and exp(-1) over their sum 1 + 4 e^-1/2 + 4 e^-1.
    const double s = 1 + 4 * std::exp(-0.5) + 4 * std::exp(-1.0);
    const float c = static_cast<float>(1 / s), e = static_cast<float>(std::exp(-0.5) / s),
                k = static_cast<float>(std::exp(-1.0) / s);
    expectNear(kernelFromSpec("gaussian:3:1"), Tensor({3, 3}, {k, e, k, e, c, e, k, e, k}));
    EXPECT_NEAR(c, 0.2042, 1e-4);
}

TEST(KernelPresets, SumsToOne) {
    for (const char* name : {"box:1", "box:3", "box:31", "gaussian", "gaussian:31:5", "gaussian:3:0.3",
                             "unsharp", "unsharp:7:2:3", "motion:31:30", "motion:9:200", "identity:31"})
        EXPECT_NEAR(kernelSum(kernelFromSpec(name)), 1.0, 1e-5) << name;
}

TEST(KernelPresets, EdgeDetectorsSumToZero) {
    for (const char* name : {"log", "log:31:4", "log:3:0.5", "laplacian", "outline"})
        EXPECT_NEAR(kernelSum(kernelFromSpec(name)), 0.0, 1e-6) << name;
    const Tensor log = kernelFromSpec("log:9:1.4");
    EXPECT_LT(log.at(4, 4), 0.f);  // negative centre
    EXPECT_GT(log.at(4, 1), 0.f);  // positive ring
}

TEST(KernelPresets, BoxBlurEntries) {
    const Tensor k = boxBlurKernel(5);
    EXPECT_EQ(k.shape(), (std::vector<int>{5, 5}));
    for (float v : k.values()) EXPECT_FLOAT_EQ(v, 1.f / 25);
}

TEST(KernelPresets, UnsharpIsIdentityPlusDetail) {
    const Tensor g = gaussianKernel(5, 1.0);
    const Tensor u = unsharpMaskKernel(5, 1.0, 2.0);
    for (int y = 0; y < 5; ++y)
        for (int x = 0; x < 5; ++x) {
            const float id = (x == 2 && y == 2) ? 1.f : 0.f;
            EXPECT_NEAR(u.at(y, x), id + 2 * (id - g.at(y, x)), 1e-6);
        }
}

TEST(KernelPresets, MaxSizeAndDefaults) {
    EXPECT_EQ(kernelFromSpec("gaussian:31").shape(), (std::vector<int>{31, 31}));
    EXPECT_EQ(kernelFromSpec("gaussian").shape(), (std::vector<int>{5, 5}));
    EXPECT_EQ(kernelFromSpec("motion").shape(), (std::vector<int>{9, 9}));
    EXPECT_EQ(kernelFromSpec("log").shape(), (std::vector<int>{9, 9}));
    EXPECT_NEAR(defaultGaussianSigma(5), 1.1, 1e-12);
    EXPECT_EQ(kernelFromSpec("gaussian:5"), gaussianKernel(5, 1.1));
}

TEST(KernelPresets, NameSyntax) {
    EXPECT_EQ(kernelFromSpec("Sobel_X"), sobelXKernel());
    EXPECT_EQ(kernelFromSpec(" box-blur:5 "), boxBlurKernel(5));
    EXPECT_EQ(kernelFromSpec("laplacian-of-gaussian:7:1"), laplacianOfGaussianKernel(7, 1));
    EXPECT_EQ(kernelFromSpec("motion-blur:5:90"), motionBlurKernel(5, 90));
    EXPECT_TRUE(isKernelPresetName("gaussian:5:1.2"));
    EXPECT_TRUE(isKernelPresetName("sobel-x"));
    EXPECT_FALSE(isKernelPresetName("1 2 1; 0 0 0"));
    EXPECT_FALSE(isKernelPresetName("kernels/edge.txt"));
    const KernelSpec spec = parseKernelSpec("unsharp:7:1.5:2");
    EXPECT_EQ(spec.preset, KernelPreset::UnsharpMask);
    EXPECT_EQ(spec.size, 7);
    EXPECT_EQ(spec.sigma, 1.5);
    EXPECT_EQ(spec.amount, 2.0);
    EXPECT_EQ(formatKernelSpec(spec), "unsharp:7:1.5:2");
    EXPECT_EQ(formatKernelSpec(parseKernelSpec("gaussian")), "gaussian:5:1.1");
    EXPECT_EQ(parseKernelSpec(formatKernelSpec(parseKernelSpec("motion:11:30"))), parseKernelSpec("motion:11:30"));
}

TEST(KernelPresets, EveryPresetBuildsFromItsDefaults) {
    for (const KernelPresetInfo& info : kernelPresets()) {
        const Tensor k = makeKernel(info.defaults);
        EXPECT_EQ(k.rank(), 2) << info.name;
        EXPECT_EQ(k.dim(0) % 2, 1) << info.name;
        EXPECT_EQ(kernelFromSpec(info.name), k) << info.name;
        EXPECT_EQ(&kernelPresetInfo(info.preset), &info);
    }
    EXPECT_EQ(kernelPresets().size(), 16u);
}

void expectOpError(const char* spec, const char* needle) {
    try {
        kernelFromSpec(spec);
        FAIL() << spec;
    } catch (const OpError& e) {
        EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
    }
}

TEST(KernelPresets, BadSpecsAreRefused) {
    expectOpError("sobel", "unknown kernel preset \"sobel\"");
    expectOpError("sobel", "sobel-x");  // the list of presets
    expectOpError("box:4", "odd");
    expectOpError("box:33", "from 1 to 31");
    expectOpError("box:0", "odd");
    expectOpError("box:x", "not a whole number");
    expectOpError("gaussian:5:-1", "positive");
    expectOpError("gaussian:5:abc", "not a finite number");
    expectOpError("gaussian:5:nan", "not a finite number");
    expectOpError("sobel-x:3", "no parameters");
    expectOpError("motion:9:45:1", "at most 2");
}

TEST(KernelPresets, NormalizeToSumOne) {
    const Tensor k = normalizeToSumOne(Tensor({1, 3}, {1, 2, 1}));
    EXPECT_EQ(k, Tensor({1, 3}, {0.25f, 0.5f, 0.25f}));
    EXPECT_NEAR(kernelSum(normalizeToSumOne(embossKernel())), 1.0, 1e-6);
    EXPECT_THROW(normalizeToSumOne(sobelXKernel()), OpError);
    EXPECT_THROW(normalizeToSumOne(Tensor({3, 3})), OpError);
}

}  // namespace
}  // namespace cs
