// The batched path's per-image kernels (core/convnet_kernels.h) against
// their definitions written as plain loops: im2col and its adjoint exactly,
// batch norm + ReLU + max pool (including ties, which go to the first value
// as in PyTorch) and its backward, on both of the ConvNet's plane sides.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <stdexcept>
#include <vector>

#include "core/convnet_kernels.h"

using namespace cs;
namespace kn = cs::convnet_kernels;

namespace {

std::vector<float> randomValues(std::size_t n, unsigned seed) {
    std::mt19937 g(seed);
    std::normal_distribution<float> d(0.f, 1.f);
    std::vector<float> v(n);
    for (float& x : v) x = d(g);
    return v;
}

float at(const std::vector<float>& in, int c, int y, int x, int side) {
    if (y < 0 || y >= side || x < 0 || x >= side) return 0.f;
    return in[static_cast<std::size_t>((c * side + y) * side + x)];
}

struct Shape {
    int channels, side;
};
const Shape kShapes[] = {{1, 28}, {16, 28}, {16, 14}, {3, 14}};

}  // namespace

TEST(ConvNetKernels, Im2colIsItsDefinition) {
    for (const Shape s : kShapes) {
        const int plane = s.side * s.side;
        const auto in = randomValues(static_cast<std::size_t>(s.channels * plane), 1);
        std::vector<float> col(static_cast<std::size_t>(s.channels * 25 * plane), -1.f);
        kn::im2col(in.data(), s.channels, s.side, col.data());
        int bad = 0;
        for (int c = 0; c < s.channels; ++c)
            for (int k = 0; k < 25; ++k)
                for (int y = 0; y < s.side; ++y)
                    for (int x = 0; x < s.side; ++x) {
                        const float want = at(in, c, y + k / 5 - 2, x + k % 5 - 2, s.side);
                        bad += col[static_cast<std::size_t>((c * 25 + k) * plane + y * s.side + x)] != want;
                    }
        EXPECT_EQ(bad, 0) << s.channels << " x " << s.side;
    }
}

TEST(ConvNetKernels, Col2imIsTheScatterInKernelOrder) {
    for (const Shape s : kShapes) {
        const int plane = s.side * s.side;
        const auto dcol = randomValues(static_cast<std::size_t>(s.channels * 25 * plane), 2);
        std::vector<float> want(static_cast<std::size_t>(s.channels * plane), 0.f);
        for (int c = 0; c < s.channels; ++c)
            for (int k = 0; k < 25; ++k)
                for (int y = 0; y < s.side; ++y)
                    for (int x = 0; x < s.side; ++x) {
                        const int sy = y + k / 5 - 2, sx = x + k % 5 - 2;
                        if (sy < 0 || sy >= s.side || sx < 0 || sx >= s.side) continue;
                        want[static_cast<std::size_t>((c * s.side + sy) * s.side + sx)] +=
                            dcol[static_cast<std::size_t>((c * 25 + k) * plane + y * s.side + x)];
                    }
        std::vector<float> got(want.size(), 7.f);  // every value must be overwritten
        kn::col2im(dcol.data(), s.channels, s.side, got.data());
        EXPECT_EQ(got, want) << s.channels << " x " << s.side;  // the same sums in the same order: bit for bit
    }
}

TEST(ConvNetKernels, BnReluPoolIsItsDefinitionAndTiesGoToTheFirst) {
    for (const Shape s : kShapes) {
        const int plane = s.side * s.side, half = s.side / 2, pooled = half * half;
        auto z = randomValues(static_cast<std::size_t>(s.channels * plane), 3);
        // Ties: a window of four equal values, one of two equal maxima at
        // the bottom, and a window the ReLU zeroes (four equal zeros).
        for (int c = 0; c < s.channels; ++c) {
            float* p = z.data() + c * plane;
            p[0] = p[1] = p[s.side] = p[s.side + 1] = 0.75f;
            p[2] = -1.f, p[3] = 0.5f, p[s.side + 2] = 2.f, p[s.side + 3] = 2.f;
            p[4] = p[5] = p[s.side + 4] = p[s.side + 5] = -3.f;
        }
        std::vector<float> scale(static_cast<std::size_t>(s.channels)), shift(scale.size());
        for (int c = 0; c < s.channels; ++c) scale[static_cast<std::size_t>(c)] = 0.5f + 0.1f * c, shift[static_cast<std::size_t>(c)] = 0.01f * c;
        std::vector<float> p(static_cast<std::size_t>(s.channels * pooled), -1.f);
        std::vector<std::uint8_t> a(p.size(), 9);
        kn::bnReluPool(z.data(), s.channels, s.side, scale.data(), shift.data(), p.data(), a.data());
        int bad = 0;
        for (int c = 0; c < s.channels; ++c)
            for (int oy = 0; oy < half; ++oy)
                for (int ox = 0; ox < half; ++ox) {
                    float best = -1.f;
                    int arg = -1;
                    for (int k = 0; k < 4; ++k) {
                        const float v = std::max(0.f, std::fma(scale[static_cast<std::size_t>(c)],
                                                               at(z, c, 2 * oy + k / 2, 2 * ox + k % 2, s.side),
                                                               shift[static_cast<std::size_t>(c)]));
                        if (v > best) best = v, arg = k;
                    }
                    const std::size_t o = static_cast<std::size_t>((c * half + oy) * half + ox);
                    bad += std::abs(p[o] - best) > 1e-6f * std::max(1.f, best) || a[o] != arg;
                }
        EXPECT_EQ(bad, 0) << s.channels << " x " << s.side;
        EXPECT_EQ(a[0], 0);  // four equal values: the first
        EXPECT_EQ(a[1], 2);  // equal maxima at the bottom: the left one
        EXPECT_EQ(a[2], 0);
        EXPECT_EQ(p[2], 0.f);  // all four below zero after batch norm: ReLU gives 0, the first wins
    }
}

TEST(ConvNetKernels, UnpoolReluRoutesTheGradientAndAddsTheSums) {
    for (const Shape s : kShapes) {
        const int plane = s.side * s.side, half = s.side / 2, pooled = half * half;
        const auto z = randomValues(static_cast<std::size_t>(s.channels * plane), 4);
        const auto dp = randomValues(static_cast<std::size_t>(s.channels * pooled), 5);
        auto p = randomValues(dp.size(), 6);  // about half of them "ReLU off" (<= 0)
        std::vector<std::uint8_t> a(dp.size());
        for (std::size_t i = 0; i < a.size(); ++i) a[i] = static_cast<std::uint8_t>(i * 7 % 4);
        std::vector<double> mean(static_cast<std::size_t>(s.channels)), invstd(mean.size());
        for (int c = 0; c < s.channels; ++c) mean[static_cast<std::size_t>(c)] = 0.1 * c, invstd[static_cast<std::size_t>(c)] = 1.0 + 0.05 * c;
        std::vector<double> sum(mean.size(), 1.0), sum_x(mean.size(), -1.0);  // added to, not overwritten
        std::vector<float> dz(z.size(), 5.f);
        kn::unpoolRelu(dp.data(), p.data(), a.data(), s.channels, s.side, dz.data(), z.data(), mean.data(),
                       invstd.data(), sum.data(), sum_x.data());
        int bad = 0;
        for (int c = 0; c < s.channels; ++c) {
            double want_s = 1.0, want_x = -1.0;
            for (int y = 0; y < s.side; ++y)
                for (int x = 0; x < s.side; ++x) {
                    const std::size_t o = static_cast<std::size_t>((c * half + y / 2) * half + x / 2);
                    const bool routed = p[o] > 0.f && a[o] == (y % 2) * 2 + x % 2;
                    const float want = routed ? dp[o] : 0.f;
                    const std::size_t i = static_cast<std::size_t>((c * s.side + y) * s.side + x);
                    bad += dz[i] != want;
                    want_s += want;
                    want_x += want * (z[i] - mean[static_cast<std::size_t>(c)]) * invstd[static_cast<std::size_t>(c)];
                }
            EXPECT_NEAR(sum[static_cast<std::size_t>(c)], want_s, 1e-4) << c;
            EXPECT_NEAR(sum_x[static_cast<std::size_t>(c)], want_x, 1e-4) << c;
        }
        EXPECT_EQ(bad, 0) << s.channels << " x " << s.side;
    }
}

TEST(ConvNetKernels, RefuseASideThatIsNotTheConvNets) {
    std::vector<float> buf(16 * 25 * 32 * 32);
    std::vector<std::uint8_t> idx(buf.size());
    std::vector<double> d(16);
    EXPECT_THROW(kn::im2col(buf.data(), 1, 10, buf.data()), std::invalid_argument);
    EXPECT_THROW(kn::col2im(buf.data(), 1, 32, buf.data()), std::invalid_argument);
    EXPECT_THROW(kn::bnReluPool(buf.data(), 1, 7, buf.data(), buf.data(), buf.data(), idx.data()), std::invalid_argument);
    EXPECT_THROW(kn::unpoolRelu(buf.data(), buf.data(), idx.data(), 1, 16, buf.data(), buf.data(), d.data(), d.data(),
                                d.data(), d.data()),
                 std::invalid_argument);
}
