// The CPU reference of the image path (core/image_filter.h), by hand-checked
// answers: no GL here (label core).
#include <gtest/gtest.h>

#include <cmath>

#include "core/image_filter.h"

namespace cs {
namespace {

Image gray(int w, int h, std::vector<std::uint8_t> px) { return Image{w, h, 1, std::move(px)}; }

std::vector<float> row0(const ImageFilterResult& r) {
    std::vector<float> v;
    for (int x = 0; x < r.planes.dim(2); ++x) v.push_back(r.planes.at(0, 0, x));
    return v;
}

TEST(ImageFilterCpu, HeaderExample) {
    ImageFilterParams p;
    p.kernel = Tensor({1, 3}, {0.25f, 0.5f, 0.25f});
    p.padding_mode = PaddingMode::Replicate;
    const ImageFilterResult r = filterImageCpu(gray(3, 1, {10, 20, 30}), p);
    EXPECT_EQ(r.planes, Tensor({1, 1, 3}, {12.5f, 20.f, 27.5f}));
    EXPECT_EQ(r.image.pixels, (std::vector<std::uint8_t>{13, 20, 28}));
    EXPECT_EQ(r.lo, 12.5f);
    EXPECT_EQ(r.hi, 27.5f);
}

TEST(ImageFilterCpu, HugeStrideIsRefusedNotOverflowed) {
    ImageFilterParams p;
    p.stride = {1, 2147483647};
    EXPECT_THROW(validateImageFilterParams(p), OpError);
    p.stride = {1, 32768};  // one output column: allowed
    EXPECT_NO_THROW(validateImageFilterParams(p));
}

TEST(ImageFilterCpu, EveryPaddingModeAtTheLeftEdge) {
    // [[1, 0, 0]] reads the left neighbour: out[x] = P(x - 1).
    const Image img = gray(4, 1, {1, 2, 3, 4});
    ImageFilterParams p;
    p.kernel = Tensor({1, 3}, {1.f, 0.f, 0.f});
    const std::pair<PaddingMode, std::vector<float>> cases[] = {
        {PaddingMode::Zeros, {0, 1, 2, 3}},
        {PaddingMode::Reflect, {2, 1, 2, 3}},
        {PaddingMode::Replicate, {1, 1, 2, 3}},
        {PaddingMode::Circular, {4, 1, 2, 3}},
    };
    for (const auto& [mode, want] : cases) {
        p.padding_mode = mode;
        EXPECT_EQ(row0(filterImageCpu(img, p)), want) << paddingModeName(mode);
    }
}

TEST(ImageFilterCpu, ConvolutionFlipsTheKernel) {
    const Image img = gray(4, 1, {1, 2, 3, 4});
    ImageFilterParams p;
    p.kernel = Tensor({1, 3}, {1.f, 0.f, 0.f});
    p.convolve = true;  // flipped: [[0, 0, 1]] reads the right neighbour
    EXPECT_EQ(row0(filterImageCpu(img, p)), (std::vector<float>{2, 3, 4, 0}));
}

TEST(ImageFilterCpu, DilationStrideAndEvenKernels) {
    const Image img = gray(6, 1, {1, 2, 3, 4, 5, 6});
    ImageFilterParams p;
    p.kernel = Tensor({1, 3}, {1.f, 0.f, 1.f});
    p.dilation = {1, 2};  // x - 2 and x + 2
    EXPECT_EQ(row0(filterImageCpu(img, p)), (std::vector<float>{3, 4, 6, 8, 3, 4}));
    p.stride = {1, 4};  // outputs at x = 0 and 4: ceil(6 / 4) = 2
    EXPECT_EQ(row0(filterImageCpu(img, p)), (std::vector<float>{3, 3}));
    // An even kernel's anchor is (k - 1) / 2 = 0: out[x] = P(x) + 10 P(x + 1).
    ImageFilterParams even;
    even.kernel = Tensor({1, 2}, {1.f, 10.f});
    EXPECT_EQ(row0(filterImageCpu(img, even)), (std::vector<float>{21, 32, 43, 54, 65, 6}));
}

TEST(ImageFilterCpu, TwoDimensionsAndChannels) {
    // 3 x 3 RGB image, box sum with zeros padding on the centre pixel = sum of all.
    Image img{3, 3, 3, std::vector<std::uint8_t>(27)};
    for (int i = 0; i < 27; ++i) img.pixels[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(i);
    ImageFilterParams p;
    p.kernel = Tensor({3, 3}, 1.f);
    p.separable = SeparableMode::Never;
    const ImageFilterResult r = filterImageCpu(img, p);
    ASSERT_EQ(r.planes.shape(), (std::vector<int>{3, 3, 3}));
    for (int c = 0; c < 3; ++c) {
        float sum = 0;
        for (int i = 0; i < 9; ++i) sum += static_cast<float>(i * 3 + c);
        EXPECT_EQ(r.planes.at(c, 1, 1), sum);
        // Corner (0, 0): pixels (0,0), (1,0), (0,1), (1,1).
        EXPECT_EQ(r.planes.at(c, 0, 0), static_cast<float>(0 + 3 + 9 + 12 + 4 * c));
    }
    EXPECT_FALSE(r.separable);
    p.separable = SeparableMode::Auto;
    const ImageFilterResult two_pass = filterImageCpu(img, p);
    EXPECT_TRUE(two_pass.separable);
    EXPECT_EQ(two_pass.planes, r.planes);  // integer sums: exact either way
}

TEST(ImageFilterCpu, AlphaIsCopiedFromTheSampledPixel) {
    Image img{4, 2, 2, {10, 1, 20, 2, 30, 3, 40, 4, 50, 5, 60, 6, 70, 7, 80, 8}};
    ImageFilterParams p;
    p.kernel = Tensor({1, 1}, {2.f});
    p.stride = {1, 2};
    const ImageFilterResult r = filterImageCpu(img, p);
    ASSERT_EQ(r.image.width, 2);
    ASSERT_EQ(r.image.channels, 2);
    EXPECT_EQ(r.image.pixels, (std::vector<std::uint8_t>{20, 1, 60, 3, 100, 5, 140, 7}));
    EXPECT_EQ(r.planes.shape(), (std::vector<int>{1, 2, 2}));
}

TEST(ImageFilterCpu, Normalisations) {
    const Image img = gray(3, 1, {0, 100, 200});
    ImageFilterParams p;
    p.kernel = Tensor({1, 3}, {-1.f, 0.f, 1.f});  // P(x + 1) - P(x - 1), zeros padding
    // planes: [100, 200, -100]
    p.normalization = Normalization::Clamp;
    EXPECT_EQ(filterImageCpu(img, p).image.pixels, (std::vector<std::uint8_t>{100, 200, 0}));
    p.normalization = Normalization::Abs;
    EXPECT_EQ(filterImageCpu(img, p).image.pixels, (std::vector<std::uint8_t>{100, 200, 100}));
    p.normalization = Normalization::MinMax;  // (v + 100) * 255 / 300
    EXPECT_EQ(filterImageCpu(img, p).image.pixels, (std::vector<std::uint8_t>{170, 255, 0}));
    p.kernel = Tensor({1, 1}, {0.f});  // constant output: min-max gives 0
    EXPECT_EQ(filterImageCpu(img, p).image.pixels, (std::vector<std::uint8_t>{0, 0, 0}));
    EXPECT_EQ(toByte(12.5), 13);
    EXPECT_EQ(toByte(12.4999), 12);
    EXPECT_EQ(toByte(254.5), 255);
    EXPECT_EQ(toByte(1e9), 255);
    EXPECT_EQ(toByte(-3), 0);
    EXPECT_EQ(toByte(std::nan("")), 0);
    EXPECT_EQ(parseNormalization("minmax"), Normalization::MinMax);
    EXPECT_EQ(normalizationName(Normalization::Abs), "abs");
    EXPECT_FALSE(parseNormalization("max").has_value());
}

TEST(ImageFilterCpu, RankOneDetection) {
    const auto sobel = separateKernel(Tensor({3, 3}, {-1, 0, 1, -2, 0, 2, -1, 0, 1}));
    ASSERT_TRUE(sobel.has_value());
    EXPECT_EQ(sobel->column, (std::vector<float>{1, 2, 1}));  // exact integer factors
    EXPECT_EQ(sobel->row, (std::vector<float>{-1, 0, 1}));
    EXPECT_LE(sobel->sigma2, 1e-12 * sobel->sigma1);
    EXPECT_FALSE(separateKernel(Tensor({3, 3}, {0, 1, 0, 1, -4, 1, 0, 1, 0})).has_value());  // Laplacian
    EXPECT_FALSE(separateKernel(Tensor({3, 3}, {-2, -1, 0, -1, 1, 1, 0, 1, 2})).has_value());  // emboss
    EXPECT_TRUE(separateKernel(Tensor({2, 2}, 0.f)).has_value());
    // A Gaussian built in float is rank 1 up to rounding; a tiny bump breaks it.
    Tensor g({7, 7});
    for (int y = 0; y < 7; ++y)
        for (int x = 0; x < 7; ++x)
            g.at(y, x) = static_cast<float>(std::exp(-((y - 3) * (y - 3) + (x - 3) * (x - 3)) / 4.0));
    const auto gs = separateKernel(g);
    ASSERT_TRUE(gs.has_value());
    for (int y = 0; y < 7; ++y)
        for (int x = 0; x < 7; ++x)
            EXPECT_NEAR(gs->column[static_cast<std::size_t>(y)] * gs->row[static_cast<std::size_t>(x)], g.at(y, x), 1e-6);
    g.at(0, 0) += 1e-3f;
    EXPECT_FALSE(separateKernel(g).has_value());
    const std::vector<double> s = singularValues(Tensor({2, 3}, {3, 0, 0, 0, -2, 0}));
    ASSERT_EQ(s.size(), 3u);
    EXPECT_NEAR(s[0], 3, 1e-12);
    EXPECT_NEAR(s[1], 2, 1e-12);
    EXPECT_NEAR(s[2], 0, 1e-12);
}

TEST(ImageFilterCpu, TwoPassAgreesWithTheDirectSum) {
    Image img{40, 30, 3, std::vector<std::uint8_t>(3600)};
    for (std::size_t i = 0; i < img.pixels.size(); ++i) img.pixels[i] = static_cast<std::uint8_t>((i * 37) % 251);
    ImageFilterParams p;
    Tensor k({9, 7});
    for (int y = 0; y < 9; ++y)
        for (int x = 0; x < 7; ++x) k.at(y, x) = static_cast<float>((y - 4) * std::exp(-(x - 3) * (x - 3) / 3.0) / 10.0);
    p.kernel = k;
    p.padding_mode = PaddingMode::Reflect;
    p.stride = {2, 1};
    p.dilation = {1, 2};
    const ImageFilterResult two = filterImageCpu(img, p);
    p.separable = SeparableMode::Never;
    const ImageFilterResult direct = filterImageCpu(img, p);
    EXPECT_TRUE(two.separable);
    EXPECT_LE(maxRelativeError(two.planes, direct.planes), 1e-5);
}

TEST(ImageFilterCpu, InvalidInputIsAnOpError) {
    ImageFilterParams p;
    EXPECT_THROW(filterImageCpu(Image{}, p), OpError);
    EXPECT_THROW(filterImageCpu(Image{2, 2, 3, {1, 2}}, p), OpError);
    EXPECT_THROW(filterImageCpu(Image{2, 2, 5, std::vector<std::uint8_t>(20)}, p), OpError);
    const Image img = gray(2, 2, {1, 2, 3, 4});
    p.kernel = Tensor({32, 1}, 1.f);
    EXPECT_THROW(filterImageCpu(img, p), OpError);
    p.kernel = Tensor({3}, 1.f);
    EXPECT_THROW(filterImageCpu(img, p), OpError);
    p.kernel = Tensor({1, 1}, {std::nanf("")});
    EXPECT_THROW(filterImageCpu(img, p), OpError);
    p.kernel = Tensor({1, 1}, {1.f});
    p.stride = {0, 1};
    EXPECT_THROW(filterImageCpu(img, p), OpError);
    p.stride = {1, 1};
    p.dilation = {1, -1};
    EXPECT_THROW(filterImageCpu(img, p), OpError);
    // Reflect and circular wrap as often as needed: a 31 x 31 kernel on 2 x 2 is fine.
    p.dilation = {1, 1};
    p.kernel = Tensor({31, 31}, 1.f);
    p.padding_mode = PaddingMode::Reflect;
    EXPECT_NO_THROW(filterImageCpu(img, p));
}

}  // namespace
}  // namespace cs
