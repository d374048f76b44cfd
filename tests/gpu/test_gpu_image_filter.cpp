// The image path on the GPU against the CPU reference (core/image_filter.h):
// the sample images, preset kernels from 3 x 3 to 31 x 31 (separable and not),
// every padding mode, both variants: float planes within 1e-4 relative
// (maxRelativeError), 8-bit output within 1.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <random>

#include "core/image_filter.h"
#include "core/kernel_presets.h"
#include "gpu_test_env.h"
#include "image_test_util.h"

namespace cs {
namespace {

int maxByteDifference(const Image& a, const Image& b) {
    if (a.width != b.width || a.height != b.height || a.channels != b.channels) return 1000;
    int worst = 0;
    for (std::size_t i = 0; i < a.pixels.size(); ++i) worst = std::max(worst, std::abs(a.pixels[i] - b.pixels[i]));
    return worst;
}

std::string describe(const std::string& image, const std::string& kernel, const ImageFilterParams& p) {
    return image + " kernel " + kernel + " (" + shapeToString(p.kernel.shape()) + ")" +
           (p.convolve ? " conv" : " xcorr") + " padding " + std::string(paddingModeName(p.padding_mode)) +
           " stride " + std::to_string(p.stride.h) + "x" + std::to_string(p.stride.w) + " dilation " +
           std::to_string(p.dilation.h) + "x" + std::to_string(p.dilation.w) + " " +
           std::string(normalizationName(p.normalization));
}

// The GPU result of `p` on `image` equals the exact CPU reference.
void expectSameAsCpu(GlImageFilter& gpu, const Image& image, const ImageFilterParams& p, const std::string& what,
                     bool expect_separable) {
    SCOPED_TRACE(what);
    ImageFilterParams exact = p;
    exact.separable = SeparableMode::Never;  // the oracle sums all kh * kw terms
    const ImageFilterResult want = filterImageCpu(image, exact);
    const ImageFilterResult got = gpu.filter(image, p);
    EXPECT_EQ(got.separable, expect_separable);
    ASSERT_EQ(got.planes.shape(), want.planes.shape());
    EXPECT_LE(maxRelativeError(got.planes, want.planes), 1e-4);
    EXPECT_LE(maxByteDifference(got.image, want.image), 1);
    EXPECT_NEAR(got.lo, want.lo, 1e-4 * std::max(1.f, std::abs(want.lo)));
    EXPECT_NEAR(got.hi, want.hi, 1e-4 * std::max(1.f, std::abs(want.hi)));
}

struct KernelCase {
    const char* spec;
    bool separable;
};
// Preset-like kernels 3 x 3 to 31 x 31: separable (box, Gaussian, Sobel's
// factors [1 2 1]^T [-1 0 1]) and not (Laplacian, LoG, unsharp, emboss,
// motion along a diagonal, outline).
const KernelCase kKernels[] = {
    {"sobel-x", true},    {"box:5", true},         {"gaussian:7", true},   {"gaussian:15:3", true},
    {"box:21", true},     {"gaussian:31:6", true}, {"laplacian", false},   {"emboss", false},
    {"outline", false},   {"log:9", false},        {"unsharp:15", false},  {"motion:21:45", false},
    {"log:31:5", false},  {"sharpen", false},      {"unsharp:31:5", false},
};

const char* const kImages[] = {"astronaut.png", "camera.png", "chelsea.png", "coffee.png"};

void checkPaddingMode(PaddingMode mode) {
    CS_REQUIRE_GPU(engine);
    GlImageFilter& gpu = engine->imageFilter();
    int index = 0;
    for (const char* name : kImages) {
        const Image full = test::loadAsset(name);
        // Crops keep the 31 x 31 sums affordable on llvmpipe; one corner so the
        // border handling shows. Every other image gets an alpha channel.
        Image img = test::crop(full, 0, full.height - 160, 224, 160);
        if (index % 2 == 1) img = test::withAlpha(img);
        for (const KernelCase& k : kKernels) {
            ImageFilterParams p;
            p.kernel = kernelFromSpec(k.spec);
            p.padding_mode = mode;
            p.convolve = (index++ % 3) == 0;
            p.normalization = static_cast<Normalization>(index % 3);
            expectSameAsCpu(gpu, img, p, describe(name, k.spec, p), k.separable);
        }
    }
}

TEST(GpuImageFilter, ZerosPaddingMatchesCpu) { checkPaddingMode(PaddingMode::Zeros); }
TEST(GpuImageFilter, ReflectPaddingMatchesCpu) { checkPaddingMode(PaddingMode::Reflect); }
TEST(GpuImageFilter, ReplicatePaddingMatchesCpu) { checkPaddingMode(PaddingMode::Replicate); }
TEST(GpuImageFilter, CircularPaddingMatchesCpu) { checkPaddingMode(PaddingMode::Circular); }

TEST(GpuImageFilter, FullImagesBothVariants) {
    CS_REQUIRE_GPU(engine);
    GlImageFilter& gpu = engine->imageFilter();
    for (KernelVariant v : {KernelVariant::PerOutput, KernelVariant::Tiled}) {
        gpu.setVariant(v);
        for (const char* name : kImages) {
            const Image img = test::loadAsset(name);
            ImageFilterParams p;
            p.kernel = kernelFromSpec("emboss");
            p.padding_mode = PaddingMode::Reflect;
            p.normalization = Normalization::Abs;
            expectSameAsCpu(gpu, img, p, describe(name, "emboss", p) + " " + std::string(kernelVariantName(v)), false);
            EXPECT_EQ(gpu.lastVariant(), v);
            p.kernel = kernelFromSpec("gaussian:9");
            expectSameAsCpu(gpu, img, p, describe(name, "gaussian:9", p), true);
        }
    }
}

TEST(GpuImageFilter, TiledVariantEveryShapeAndPadding) {
    CS_REQUIRE_GPU(engine);
    GlImageFilter& gpu = engine->imageFilter();
    gpu.setVariant(KernelVariant::Tiled);
    const Image img = test::withAlpha(test::crop(test::loadAsset("coffee.png"), 200, 100, 75, 53));
    int i = 0;
    for (const char* spec : {"laplacian", "log:9", "unsharp:15", "motion:21:45", "log:31:5"})
        for (PaddingMode mode : {PaddingMode::Zeros, PaddingMode::Reflect, PaddingMode::Replicate, PaddingMode::Circular}) {
            ImageFilterParams p;
            p.kernel = kernelFromSpec(spec);
            p.padding_mode = mode;
            p.convolve = (i++ % 2) == 1;
            p.normalization = Normalization::MinMax;
            expectSameAsCpu(gpu, img, p, describe("coffee crop", spec, p), false);
            EXPECT_EQ(gpu.lastVariant(), KernelVariant::Tiled);
        }
}

TEST(GpuImageFilter, StrideDilationAndOddShapes) {
    CS_REQUIRE_GPU(engine);
    GlImageFilter& gpu = engine->imageFilter();
    const Image img = test::crop(test::loadAsset("astronaut.png"), 100, 100, 61, 47);
    std::mt19937 rng(7);
    std::uniform_real_distribution<float> weight(-1.f, 1.f);
    int i = 0;
    for (KernelVariant v : {KernelVariant::PerOutput, KernelVariant::Tiled})
        for (const Pair stride : {Pair{1, 1}, Pair{2, 3}, Pair{4, 4}})
            for (const Pair dilation : {Pair{1, 1}, Pair{2, 1}, Pair{3, 3}})
                for (const Pair shape : {Pair{3, 3}, Pair{1, 7}, Pair{4, 6}, Pair{9, 9}}) {
                    gpu.setVariant(v);
                    ImageFilterParams p;
                    std::vector<float> values(static_cast<std::size_t>(shape.h * shape.w));
                    for (float& x : values) x = weight(rng);
                    p.kernel = Tensor({shape.h, shape.w}, values);
                    p.stride = stride;
                    p.dilation = dilation;
                    p.padding_mode = static_cast<PaddingMode>(i % 4);
                    p.convolve = (i % 3) == 2;
                    p.normalization = static_cast<Normalization>(i++ % 3);
                    expectSameAsCpu(gpu, img, p, describe("astronaut crop", "random", p) + " " +
                                                     std::string(kernelVariantName(v)), false);
                }
}

TEST(GpuImageFilter, ExactlySeparableRandomKernelsUseTwoPasses) {
    CS_REQUIRE_GPU(engine);
    GlImageFilter& gpu = engine->imageFilter();
    const Image img = test::withAlpha(test::crop(test::loadAsset("camera.png"), 300, 200, 80, 64));
    std::mt19937 rng(11);
    std::uniform_int_distribution<int> tap(-3, 3);
    for (int size : {3, 5, 11, 31}) {
        std::vector<float> col(static_cast<std::size_t>(size)), row(static_cast<std::size_t>(size + 2) / 2 * 2 - 1);
        for (float& x : col) x = static_cast<float>(tap(rng));
        for (float& x : row) x = static_cast<float>(tap(rng));
        col[0] = 1;
        row[0] = 2;
        std::vector<float> k;
        for (float a : col)
            for (float b : row) k.push_back(a * b);
        ImageFilterParams p;
        p.kernel = Tensor({static_cast<int>(col.size()), static_cast<int>(row.size())}, k);
        p.padding_mode = PaddingMode::Replicate;
        p.normalization = Normalization::MinMax;
        p.dilation = {size == 3 ? 2 : 1, 1};
        expectSameAsCpu(gpu, img, p, "outer product " + std::to_string(size), true);
    }
}

TEST(GpuImageFilter, TextureOutputEqualsTheBytes) {
    CS_REQUIRE_GPU(engine);
    GlImageFilter& gpu = engine->imageFilter();
    for (const bool alpha : {false, true})
        for (const char* name : {"camera.png", "chelsea.png"}) {
            Image img = test::crop(test::loadAsset(name), 10, 20, 33, 17);
            if (alpha) img = test::withAlpha(img);
            ImageFilterParams p;
            p.kernel = kernelFromSpec("sobel-y");
            p.normalization = Normalization::Abs;
            p.stride = {2, 1};
            const ImageFilterResult bytes = gpu.filter(img, p);
            gpu.setImage(img);
            const GlTexture& tex = gpu.filterToTexture(p);
            ASSERT_TRUE(tex.isValid());
            ASSERT_EQ(tex.width(), bytes.image.width);
            ASSERT_EQ(tex.height(), bytes.image.height);
            std::vector<unsigned char> rgba(static_cast<std::size_t>(tex.width() * tex.height() * 4));
            tex.download(rgba.data());
            const int colors = colorChannels(img);
            for (int y = 0; y < tex.height(); ++y)
                for (int x = 0; x < tex.width(); ++x) {
                    const unsigned char* t = &rgba[static_cast<std::size_t>((y * tex.width() + x) * 4)];
                    for (int c = 0; c < 3; ++c) ASSERT_EQ(t[c], bytes.image.at(x, y, colors == 1 ? 0 : c)) << x << "," << y;
                    ASSERT_EQ(t[3], alpha ? bytes.image.at(x, y, img.channels - 1) : 255);
                }
        }
}

TEST(GpuImageFilter, InvalidInputThrowsOpError) {
    CS_REQUIRE_GPU(engine);
    GlImageFilter& gpu = engine->imageFilter();
    const Image img{2, 2, 1, {1, 2, 3, 4}};
    ImageFilterParams p;
    p.kernel = Tensor({32, 3}, 1.f);
    EXPECT_THROW(gpu.filter(img, p), OpError);
    p.kernel = Tensor({3, 3}, 1.f);
    p.stride = {0, 1};
    EXPECT_THROW(gpu.filter(img, p), OpError);
    EXPECT_THROW(gpu.filter(Image{}, ImageFilterParams{}), OpError);
    EXPECT_THROW(gpu.filter(Image{2, 2, 3, {1, 2, 3}}, ImageFilterParams{}), OpError);
    // Padded planes beyond one storage buffer: refused with a message, not a GL error.
    const Image big{4096, 2048, 1, std::vector<std::uint8_t>(4096u * 2048u, 7)};
    p = ImageFilterParams{};
    p.kernel = Tensor({31, 31}, 1.f);
    p.dilation = {136, 136};
    if (engine->info().max_storage_block < 256ll << 20) {
        EXPECT_THROW(gpu.filter(big, p), OpError);
    }
    p.dilation = {1, 1};
    p.kernel = Tensor({3, 3}, 1.f);
    EXPECT_EQ(gpu.filter(big, p).image.pixels[5000], 63);  // 9 * 7, the engine still works
}

}  // namespace
}  // namespace cs
