// The fast CPU image path (core/fast_filter.h) against the reference
// filterImageCpu: bit for bit on random images and kernels, every padding
// mode, strides, dilations, odd sizes, 1-pixel images, kernels bigger than
// the image, both storage types, 1 vs 2 threads. And the two-pass path
// against the direct 2-D sum, within the bound README states. No timing here.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <random>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "core/fast_filter.h"
#include "core/image_filter.h"
#include "core/kernel_presets.h"
#include "core/padding.h"

namespace cs {
namespace {

Image randomImage(std::mt19937& rng, int w, int h, int channels) {
    Image img{w, h, channels, std::vector<std::uint8_t>(static_cast<std::size_t>(w) * h * channels)};
    std::uniform_int_distribution<int> byte(0, 255);
    for (auto& v : img.pixels) v = static_cast<std::uint8_t>(byte(rng));
    return img;
}

Tensor randomKernel(std::mt19937& rng, int kh, int kw) {
    std::uniform_real_distribution<float> value(-2.f, 2.f);
    Tensor k({kh, kw});
    for (float& v : k.values()) v = value(rng);
    return k;
}

// Bit for bit: the same float bits (so -0 and +0 differ too), and the bytes.
void expectIdentical(const ImageFilterResult& want, const ImageFilterResult& got, const std::string& what) {
    ASSERT_EQ(want.planes.shape(), got.planes.shape()) << what;
    const std::size_t n = want.planes.size() * sizeof(float);
    EXPECT_EQ(std::memcmp(want.planes.data(), got.planes.data(), n), 0) << what;
    EXPECT_EQ(want.image.pixels, got.image.pixels) << what;
    EXPECT_EQ(want.separable, got.separable) << what;
    EXPECT_EQ(want.lo, got.lo) << what;
    EXPECT_EQ(want.hi, got.hi) << what;
}

std::string describe(const Image& img, const ImageFilterParams& p) {
    return std::to_string(img.width) + "x" + std::to_string(img.height) + "x" + std::to_string(img.channels) +
           " kernel " + std::to_string(p.kernel.dim(0)) + "x" + std::to_string(p.kernel.dim(1)) + " " +
           std::string(paddingModeName(p.padding_mode)) + " stride " + std::to_string(p.stride.h) + "," +
           std::to_string(p.stride.w) + " dilation " + std::to_string(p.dilation.h) + "," +
           std::to_string(p.dilation.w) + (p.convolve ? " conv" : "");
}

TEST(FastFilter, EqualsTheReferenceOnRandomCases) {
    std::mt19937 rng(1234);
    std::uniform_int_distribution<int> side(1, 41), ksize(1, 9), step(1, 3), chans(1, 4), coin(0, 1);
    for (int round = 0; round < 160; ++round) {
        const Image img = randomImage(rng, side(rng), side(rng), chans(rng));
        ImageFilterParams p;
        p.kernel = randomKernel(rng, ksize(rng), ksize(rng));
        p.padding_mode = static_cast<PaddingMode>(round % kPaddingModeCount);
        p.stride = {step(rng), step(rng)};
        p.dilation = {step(rng), step(rng)};
        p.convolve = coin(rng) == 1;
        p.normalization = static_cast<Normalization>(round % 3);
        const ImageFilterResult want = filterImageCpu(img, p);
        for (int threads : {1, 2, 3}) expectIdentical(want, filterImageFast(img, p, threads), describe(img, p));
    }
}

TEST(FastFilter, EqualsTheReferenceForLargeKernelsAndBothStorages) {
    // Over 9 taps the planes are held as double, up to 9 as float: both paths.
    std::mt19937 rng(99);
    const Image img = randomImage(rng, 67, 45, 3);
    for (int k : {1, 3, 5, 7, 15, 31})
        for (const PaddingMode mode : {PaddingMode::Zeros, PaddingMode::Reflect, PaddingMode::Replicate,
                                       PaddingMode::Circular}) {
            ImageFilterParams p;
            p.kernel = randomKernel(rng, k, k);
            p.padding_mode = mode;
            expectIdentical(filterImageCpu(img, p), filterImageFast(img, p, 2), describe(img, p));
        }
}

TEST(FastFilter, EqualsTheReferenceOnOnePixelAndKernelsBiggerThanTheImage) {
    std::mt19937 rng(7);
    for (const auto& [w, h] : std::vector<std::pair<int, int>>{{1, 1}, {1, 5}, {6, 1}, {2, 3}})
        for (int mode = 0; mode < kPaddingModeCount; ++mode)
            for (int k : {3, 9, 31}) {
                const Image img = randomImage(rng, w, h, 4);
                ImageFilterParams p;
                p.kernel = randomKernel(rng, k, k);
                p.padding_mode = static_cast<PaddingMode>(mode);
                p.dilation = {k == 9 ? 3 : 1, 1};
                expectIdentical(filterImageCpu(img, p), filterImageFast(img, p, 2), describe(img, p));
            }
}

TEST(FastFilter, SeparableKernelsTakeTheReferencesTwoPassesExactly) {
    std::mt19937 rng(5);
    const Image img = randomImage(rng, 53, 38, 3);
    for (const char* spec : {"gaussian:5", "gaussian:15:3", "sobel-x", "box:7", "gaussian:31:6"}) {
        ImageFilterParams p;
        p.kernel = kernelFromSpec(spec);
        for (int mode = 0; mode < kPaddingModeCount; ++mode)
            for (int stride : {1, 2, 5}) {
                p.padding_mode = static_cast<PaddingMode>(mode);
                p.stride = {stride, stride};
                p.dilation = {1, stride == 5 ? 2 : 1};
                const ImageFilterResult want = filterImageCpu(img, p);
                EXPECT_TRUE(want.separable) << spec;
                expectIdentical(want, filterImageFast(img, p, 2), std::string(spec) + " " + describe(img, p));
            }
    }
}

// Random cases rarely expose the order of a double sum once it is rounded to
// float. Here it shows: taps (0, 1) and (k-1, k-2) are +-H (H about 2^30, a
// full mantissa) on equal pixels (the image repeats with their spacing), so
// they cancel; a small term added while the big partial sum stands is rounded
// to its grid (2^-14), one added before or after is not. Any other order of
// the terms changes floats. (A fused multiply-add in the two-pass path cannot
// be caught this way: the factor taking the big values is normalised to +-1.)
Image periodicImage(std::mt19937& rng, int w, int h, int period_x, int period_y) {
    const Image tile = randomImage(rng, period_x, period_y, 3);
    Image img{w, h, 3, std::vector<std::uint8_t>(static_cast<std::size_t>(w) * h * 3)};
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            for (int c = 0; c < 3; ++c) img.at(x, y, c) = tile.at(x % period_x, y % period_y, c);
    return img;
}

TEST(FastFilter, OrderSensitiveSumsStayIdentical) {
    std::mt19937 rng(21);
    std::uniform_real_distribution<float> small(-1.f / 64, 1.f / 64);
    const float big = std::ldexp(1.2345679f, 30);
    for (const Pair dil : {Pair{1, 1}, Pair{2, 3}})
        for (int k : {3, 5, 9}) {
            const Image img =
                periodicImage(rng, 77, 45, std::max(1, (k - 3) * dil.w), (k - 1) * dil.h);
            ImageFilterParams p;
            p.kernel = Tensor({k, k});
            for (float& v : p.kernel.values()) v = small(rng);
            p.kernel.at(0, 1) = big;
            p.kernel.at(k - 1, k - 2) = -big;
            p.dilation = dil;
            p.padding_mode = PaddingMode::Circular;
            p.separable = SeparableMode::Never;  // the big pair makes it rank 1 within the tolerance
            const ImageFilterResult want = filterImageCpu(img, p);
            expectIdentical(want, filterImageFast(img, p, 2), describe(img, p));
        }
}

// The same cancellation through the row-blocked path (large kernels, rows
// stepping with kernel rows): each output row's sum keeps its own order while
// the padded rows it shares with its neighbours are loaded once for all.
TEST(FastFilter, OrderSensitiveSumsStayIdenticalWhenRowsAreBlocked) {
    std::mt19937 rng(22);
    std::uniform_real_distribution<float> small(-1.f / 64, 1.f / 64);
    const float big = std::ldexp(1.2345679f, 30);
    for (const int step : {1, 2})
        for (int k : {9, 15, 31}) {
            const Image img = periodicImage(rng, 77, 45 + k, k - 3, (k - 1) * step);
            ImageFilterParams p;
            p.kernel = Tensor({k, k});
            for (float& v : p.kernel.values()) v = small(rng);
            p.kernel.at(0, 1) = big;
            p.kernel.at(k - 1, k - 2) = -big;
            p.stride = {step, 1};
            p.dilation = {step, 1};
            p.padding_mode = PaddingMode::Circular;
            p.separable = SeparableMode::Never;
            const ImageFilterResult want = filterImageCpu(img, p);
            EXPECT_GT(filterPlanesFast(img, p, 2).block_rows, 1) << describe(img, p);
            expectIdentical(want, filterImageFast(img, p, 2), describe(img, p));
        }
}

// Register blocking over output rows, bit for bit: row counts that are not a
// multiple of the block (per thread too), images narrower than a vector and
// 1-row images, kernels larger than the image, non-square kernels, every
// padding mode, stride == dilation above 1 with any column stride, both plane
// storages, 1 to 3 threads.
TEST(FastFilter, RowBlockedKernelsEqualTheReferenceBitForBit) {
    struct Case {
        int w, h, kh, kw, step, sx, dx;
    };
    const std::vector<Case> cases = {
        {1, 1, 9, 9, 1, 1, 1},    {3, 1, 15, 15, 1, 1, 1},  {7, 2, 9, 11, 1, 1, 1},   {5, 13, 31, 31, 1, 1, 1},
        {37, 5, 10, 9, 1, 1, 1},  {67, 7, 15, 15, 1, 1, 1}, {130, 11, 9, 9, 1, 1, 1}, {41, 23, 31, 31, 1, 1, 1},
        {29, 17, 12, 1, 1, 1, 1}, {33, 19, 2, 13, 1, 1, 1}, {45, 31, 9, 9, 2, 1, 1},  {52, 27, 11, 5, 3, 2, 1},
        {61, 14, 9, 10, 1, 3, 2}, {17, 9, 3, 3, 1, 1, 1},   {64, 10, 4, 4, 1, 1, 1},  {23, 3, 31, 7, 1, 1, 1},
        {90, 37, 13, 13, 2, 2, 2}};
    std::mt19937 rng(2024);
    std::uniform_int_distribution<int> chans(1, 4), coin(0, 1);
    for (const Case& c : cases)
        for (int mode = 0; mode < kPaddingModeCount; ++mode) {
            const Image img = randomImage(rng, c.w, c.h, chans(rng));
            ImageFilterParams p;
            p.kernel = randomKernel(rng, c.kh, c.kw);
            p.padding_mode = static_cast<PaddingMode>(mode);
            p.stride = {c.step, c.sx};
            p.dilation = {c.step, c.dx};
            p.convolve = coin(rng) == 1;
            p.separable = SeparableMode::Never;
            const ImageFilterResult want = filterImageCpu(img, p);
            // Blocked whenever there is more than one kernel row and over 9 taps (3 x 3 keeps one row at a time).
            EXPECT_EQ(filterPlanesFast(img, p, 1).block_rows > 1, c.kh >= 2 && c.kh * c.kw > 9) << describe(img, p);
            for (int threads : {1, 2, 3}) expectIdentical(want, filterImageFast(img, p, threads), describe(img, p));
        }
}

// Each SIMD target blocks its own number of rows and vectors (AVX-512 has
// twice the registers of AVX2): every one the CPU runs, bit for bit.
TEST(FastFilter, RowBlockingIsExactOnEverySimdTarget) {
    std::mt19937 rng(77);
    std::set<int> blocks;
    for (const std::string& target : filterSimdTargets()) {
        useFilterSimdTargetForTest(target);
        EXPECT_EQ(std::string(filterSimdTarget()), target);
        for (const auto& [w, h, k] : std::vector<std::tuple<int, int, int>>{{5, 3, 9}, {83, 29, 15}, {70, 41, 31}}) {
            const Image img = randomImage(rng, w, h, 3);
            ImageFilterParams p;
            p.kernel = randomKernel(rng, k, k);
            p.padding_mode = PaddingMode::Reflect;
            const FilterPlanes got = filterPlanesFast(img, p, 2);
            blocks.insert(got.block_rows);
            EXPECT_GT(got.block_rows, 1) << target;
            expectIdentical(filterImageCpu(img, p), filterImageFast(img, p, 2), target + " " + describe(img, p));
        }
    }
    useFilterSimdTargetForTest("");
    std::printf("targets:");
    for (const std::string& t : filterSimdTargets()) std::printf(" %s", t.c_str());
    std::printf("; rows blocked:");
    for (int b : blocks) std::printf(" %d", b);
    std::printf("\n");
}

TEST(FastFilter, OneAndTwoThreadsGiveTheSameBits) {
    std::mt19937 rng(11);
    const Image img = randomImage(rng, 301, 203, 3);
    for (int k : {3, 7, 15}) {
        ImageFilterParams p;
        p.kernel = randomKernel(rng, k, k);
        p.padding_mode = PaddingMode::Reflect;
        const FilterPlanes one = filterPlanesFast(img, p, 1), two = filterPlanesFast(img, p, 2);
        EXPECT_EQ(one.threads, 1);
        EXPECT_EQ(two.threads, 2);
        EXPECT_EQ(std::memcmp(one.planes.data(), two.planes.data(), one.planes.size() * sizeof(float)), 0) << k;
    }
}

TEST(FastFilter, RefusesWhatTheReferenceRefuses) {
    ImageFilterParams p;
    EXPECT_THROW(filterImageFast(Image{}, p), OpError);
    p.kernel = Tensor({33, 3});
    EXPECT_THROW(filterImageFast(Image{2, 2, 1, std::vector<std::uint8_t>(4)}, p), OpError);
}

// The two-pass result against the direct kh * kw sum (README, "Separable
// kernels"): |two-pass - direct| <= 255 * sum|K - c r^T| + 2^-23 * 255 * sum|K|,
// the factorisation's own error plus one float rounding of each side; zero for
// kernels whose factors are exact (Sobel, Prewitt, Scharr, box).
TEST(FastFilter, TwoPassAgreesWithTheDirectSumWithinTheStatedBound) {
    std::mt19937 rng(3);
    const Image img = randomImage(rng, 97, 61, 3);
    for (const char* spec : {"gaussian:3", "gaussian:7:1.5", "gaussian:15", "gaussian:31", "sobel-x", "sobel-y", "prewitt-x", "scharr-y",
                             "box:3", "box:9", "box:31"}) {
        ImageFilterParams p;
        p.kernel = kernelFromSpec(spec);
        p.padding_mode = PaddingMode::Reflect;
        const std::optional<SeparableKernel> sk = separablePlan(p.kernel, p);
        ASSERT_TRUE(sk) << spec;
        double factor_error = 0, mass = 0;
        for (int y = 0; y < p.kernel.dim(0); ++y)
            for (int x = 0; x < p.kernel.dim(1); ++x) {
                const double k = p.kernel.at(y, x);
                factor_error += std::abs(k - static_cast<double>(sk->column[static_cast<std::size_t>(y)]) *
                                                 sk->row[static_cast<std::size_t>(x)]);
                mass += std::abs(k);
            }
        const double bound = 255.0 * factor_error + std::ldexp(255.0 * mass, -23);
        const FilterPlanes two = filterPlanesFast(img, p, 2);
        p.separable = SeparableMode::Never;
        const FilterPlanes direct = filterPlanesFast(img, p, 2);
        EXPECT_TRUE(two.separable);
        EXPECT_FALSE(direct.separable);
        double worst = 0;
        std::size_t unequal = 0;
        for (std::size_t i = 0; i < two.planes.size(); ++i) {
            const double d = std::abs(static_cast<double>(two.planes.data()[i]) - direct.planes.data()[i]);
            worst = std::max(worst, d);
            unequal += d > 0 ? 1 : 0;
        }
        EXPECT_LE(worst, bound) << spec;
        if (factor_error == 0) {
            EXPECT_EQ(unequal, 0u) << spec;
        }
        std::printf("%-16s worst %.3g bound %.3g, %zu of %zu floats differ\n", spec, worst, bound, unequal,
                    two.planes.size());
    }
}

}  // namespace
}  // namespace cs
