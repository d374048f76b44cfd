// Hand-checked tables: the lesson's worked examples.
#include <gtest/gtest.h>

#include <cmath>

#include "core/engine.h"

namespace cs {
namespace {

const Tensor kSeedInput({4, 4}, {1, 0, 1, 0, 0, 1, 0, 1, 1, 0, 1, 0, 0, 1, 0, 1});
const Tensor kSeedKernel({3, 3}, {1, 1, 1, 0, 0, 0, 1, 1, 1});
const Tensor kPoolInput({4, 4}, {1, 2, 3, 0, 4, 5, 6, 1, 3, 4, 7, 2, 1, 2, 1, 0});

OpRequest seed(OpKind op) {
    OpRequest r;
    r.params.op = op;
    r.params.window.padding = {1, 1};
    r.params.window.stride = {2, 2};
    r.input = kSeedInput;
    r.kernel = kSeedKernel;
    return r;
}

OpRequest pool(OpKind op) {
    OpRequest r;
    r.params.op = op;
    r.params.pool.kernel_size = {2, 2};
    r.params.window.stride = {2, 2};
    r.input = kPoolInput;
    return r;
}

struct KnownAnswer {
    const char* name;
    OpRequest request;
    Tensor expected;
};

class KnownAnswers : public ::testing::TestWithParam<KnownAnswer> {};

TEST_P(KnownAnswers, CpuReference) {
    const Tensor out = computeReference(GetParam().request);
    EXPECT_EQ(out.shape(), GetParam().expected.shape());
    EXPECT_LE(maxRelativeError(out, GetParam().expected), 1e-6) << out.toString();
}

KnownAnswer lp2() {
    // sqrt(1+4+16+25), sqrt(9+0+36+1), sqrt(9+16+1+4), sqrt(49+4+1+0)
    return {"l2pool", [] { auto r = pool(OpKind::LpPool2d); r.params.pool.norm_type = 2; return r; }(),
            Tensor({2, 2}, {std::sqrt(46.f), std::sqrt(46.f), std::sqrt(30.f), std::sqrt(54.f)})};
}

INSTANTIATE_TEST_SUITE_P(
    Lesson, KnownAnswers,
    ::testing::Values(
        KnownAnswer{"seed_xcorr", seed(OpKind::XCorr2d), Tensor({2, 2}, {1, 2, 2, 4})},
        // The kernel is symmetric under a 180-degree turn, so convolution agrees.
        KnownAnswer{"seed_conv", seed(OpKind::Conv2d), Tensor({2, 2}, {1, 2, 2, 4})},
        KnownAnswer{"maxpool", pool(OpKind::MaxPool2d), Tensor({2, 2}, {5, 6, 4, 7})},
        KnownAnswer{"avgpool", pool(OpKind::AvgPool2d), Tensor({2, 2}, {3, 2.5f, 2.5f, 2.5f})},
        KnownAnswer{"globalavg", pool(OpKind::GlobalAvgPool), Tensor({1, 1}, {2.625f})},
        KnownAnswer{"globalmax", pool(OpKind::GlobalMaxPool), Tensor({1, 1}, {7})}, lp2(),
        KnownAnswer{"conv1d", [] {
                        OpRequest r;
                        r.params.op = OpKind::Conv1d;
                        r.input = Tensor({3}, {1, 2, 3});
                        r.kernel = Tensor({3}, {0, 1, 0.5f});
                        return r;
                    }(),
                    Tensor({5}, {0, 1, 2.5f, 4, 1.5f})}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(KnownAnswers, ConvolutionFlipsAnAsymmetricKernel) {
    OpRequest r;
    r.input = Tensor({3, 3}, {1, 2, 3, 4, 5, 6, 7, 8, 9});
    r.kernel = Tensor({2, 2}, {1, 0, 0, 0});  // picks the top-left of each window
    r.params.op = OpKind::XCorr2d;
    EXPECT_EQ(computeReference(r), Tensor({2, 2}, {1, 2, 4, 5}));
    r.params.op = OpKind::Conv2d;  // flipped: picks the bottom-right
    EXPECT_EQ(computeReference(r), Tensor({2, 2}, {5, 6, 8, 9}));
}

TEST(KnownAnswers, FlipKernelTurnsEachPlane) {
    EXPECT_EQ(flipKernel(Tensor({2, 3}, {1, 2, 3, 4, 5, 6})), Tensor({2, 3}, {6, 5, 4, 3, 2, 1}));
}

}  // namespace
}  // namespace cs
