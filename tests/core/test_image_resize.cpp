// The network's input (core/image_resize.h): gray conversion and the area
// resize to 28 x 28, against answers worked out by hand.
#include <gtest/gtest.h>

#include <numeric>
#include <stdexcept>
#include <vector>

#include "core/image_resize.h"

namespace {

using cs::Image;

std::vector<float> resize1d(const std::vector<float>& v, int dst) {
    return cs::resizeArea(v, static_cast<int>(v.size()), 1, dst, 1);
}

void expectNear(const std::vector<float>& got, const std::vector<float>& want) {
    ASSERT_EQ(got.size(), want.size());
    for (std::size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], want[i], 1e-4) << i;
}

TEST(ImageResize, GrayFromEveryChannelCount) {
    EXPECT_EQ(cs::imageToGray(Image{1, 1, 1, {200}}), (std::vector<float>{200}));
    EXPECT_EQ(cs::imageToGray(Image{1, 1, 2, {90, 0}}), (std::vector<float>{90}));  // alpha ignored
    expectNear(cs::imageToGray(Image{3, 1, 3, {255, 0, 0, 0, 255, 0, 0, 0, 255}}), {76.245f, 149.685f, 29.07f});
    expectNear(cs::imageToGray(Image{1, 1, 4, {100, 100, 100, 0}}), {100});
    EXPECT_THROW(cs::imageToGray(Image{}), std::invalid_argument);
    EXPECT_THROW(cs::imageToGray(Image{2, 2, 1, {1}}), std::invalid_argument);
}

TEST(ImageResize, DownscaleAveragesTheCoveredArea) {
    expectNear(resize1d({0, 10, 20, 30}, 2), {5, 25});
    // 3 -> 2: each output covers 1.5 pixels, the middle one split in half.
    expectNear(resize1d({0, 30, 60}, 2), {10, 50});
    // 2-D: 4 x 4 -> 2 x 2 is the mean of each 2 x 2 block.
    std::vector<float> g(16);
    std::iota(g.begin(), g.end(), 0.0f);
    expectNear(cs::resizeArea(g, 4, 4, 2, 2), {2.5f, 4.5f, 10.5f, 12.5f});
}

// A non-integer factor both ways (10 x 7 -> 3 x 3), the answer from OpenCV 4.6
// cv2.resize(..., interpolation=cv2.INTER_AREA) on float32.
TEST(ImageResize, DownscaleMatchesOpenCvInterArea) {
    std::vector<float> g(70);
    for (std::size_t i = 0; i < g.size(); ++i) g[i] = static_cast<float>((i * 37 + i / 10 * 11) % 256);
    expectNear(cs::resizeArea(g, 10, 7, 3, 3), {108.0857f, 131.4429f, 110.9143f, 134.1429f, 124.5857f, 136.9714f,
                                                127.2857f, 117.7286f, 130.1143f});
}

TEST(ImageResize, UpscaleRepeatsOrMixesTheStraddledPixels) {
    expectNear(resize1d({10, 50}, 4), {10, 10, 50, 50});
    expectNear(resize1d({10, 50}, 3), {10, 30, 50});
    expectNear(resize1d({7}, 5), {7, 7, 7, 7, 7});
}

TEST(ImageResize, PreservesTheMeanOfAnyImage) {
    std::vector<float> g(100 * 70);
    for (std::size_t i = 0; i < g.size(); ++i) g[i] = static_cast<float>((i * 37 + i / 100 * 11) % 256);
    const std::vector<float> small = cs::resizeArea(g, 100, 70, 28, 28);
    const double in = std::accumulate(g.begin(), g.end(), 0.0) / static_cast<double>(g.size());
    const double out = std::accumulate(small.begin(), small.end(), 0.0) / 784.0;
    EXPECT_NEAR(in, out, 1e-3);
}

TEST(ImageResize, NetInputIs28x28DividedBy255) {
    Image img{28, 28, 1, std::vector<std::uint8_t>(784, 0)};
    img.at(3, 5, 0) = 255;
    img.at(4, 5, 0) = 51;
    const std::vector<float> x = cs::imageToNetInput(img);
    ASSERT_EQ(x.size(), 784u);
    EXPECT_EQ(x[5 * 28 + 3], 1.0f);
    EXPECT_FLOAT_EQ(x[5 * 28 + 4], 0.2f);
    EXPECT_EQ(x[0], 0.0f);
    // A 56 x 56 white square on black in the top-left quarter -> 14 x 14 ones.
    Image big{56, 56, 3, std::vector<std::uint8_t>(56 * 56 * 3, 0)};
    for (int y = 0; y < 28; ++y)
        for (int xx = 0; xx < 28; ++xx)
            for (int c = 0; c < 3; ++c) big.at(xx, y, c) = 255;
    const std::vector<float> y = cs::imageToNetInput(big);
    EXPECT_NEAR(y[13 * 28 + 13], 1.0f, 1e-6);
    EXPECT_EQ(y[14 * 28 + 14], 0.0f);
    EXPECT_NEAR(std::accumulate(y.begin(), y.end(), 0.0), 196.0, 1e-3);
}

}  // namespace
