// Randomized parity: 1,200 generated configurations (shapes, channels, kernel
// banks, every padding mode, stride, dilation, pooling options, 1-D modes),
// GPU engine vs CPU reference within 1e-4 relative. A failing configuration is
// printed in full (parameters and every tensor) so it can be replayed.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <limits>
#include <random>
#include <sstream>

#include "core/engine.h"
#include "core/op_plan.h"
#include "gpu_test_env.h"

namespace cs {
namespace {

constexpr int kCorrelationConfigs = 250;  // per variant: 500 in all
constexpr int kPoolingConfigs = 400;
constexpr int kOtherConfigs = 300;
static_assert(2 * kCorrelationConfigs + kPoolingConfigs + kOtherConfigs >= 1000, "the issue asks for 1,000");

std::string pairText(const Pair& p) { return "[" + std::to_string(p.h) + ", " + std::to_string(p.w) + "]"; }

std::string tensorText(const Tensor& t) {
    std::ostringstream s;
    s.precision(9);
    s << "shape " << shapeToString(t.shape()) << " values [";
    for (std::size_t i = 0; i < t.size(); ++i) s << (i ? ", " : "") << t.values()[i];
    s << "]";
    return s.str();
}

// Everything needed to replay the request.
std::string describe(const OpRequest& r) {
    const OpParams& p = r.params;
    std::ostringstream s;
    s.precision(9);
    s << "op " << opName(p.op) << ", stride " << pairText(p.window.stride) << ", padding " << pairText(p.window.padding)
      << ", dilation " << pairText(p.window.dilation) << ", padding_mode " << paddingModeName(p.correlation.padding_mode)
      << ", kernel_size " << pairText(p.pool.kernel_size) << ", ceil_mode " << p.pool.ceil_mode << ", count_include_pad "
      << p.pool.count_include_pad << ", norm_type " << p.pool.norm_type << ", mode " << mode1dName(p.signal.mode) << "\n  input "
      << tensorText(r.input) << "\n  kernel " << tensorText(r.kernel) << "\n  bias [";
    for (std::size_t i = 0; i < r.bias.size(); ++i) s << (i ? ", " : "") << r.bias[i];
    s << "]";
    return s.str();
}

class Generator {
public:
    explicit Generator(unsigned seed) : rng_(seed) {}
    int uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
    bool coin() { return uniform(0, 1) == 1; }
    Tensor tensor(std::vector<int> shape, float lo = -2.f, float hi = 2.f) {
        Tensor t(std::move(shape));
        std::uniform_real_distribution<float> d(lo, hi);
        for (float& v : t.values()) v = d(rng_);
        return t;
    }

private:
    std::mt19937 rng_;
};

// Runs `count` valid requests from `make` on both engines; a request planOp
// refuses is drawn again (and must be refused by the GPU engine too).
void runParity(GlEngine& gpu, int count, unsigned seed, const std::function<OpRequest(Generator&)>& make) {
    Generator g(seed);
    int checked = 0, refused = 0, failures = 0;
    while (checked < count) {
        const OpRequest r = make(g);
        try {
            planOp(r);
        } catch (const OpError&) {
            ++refused;
            EXPECT_THROW(gpu.run(r), OpError) << describe(r);
            continue;
        }
        const Tensor want = computeReference(r);
        const Tensor got = gpu.run(r);
        const double error = maxRelativeError(got, want);
        if (!(error <= 1e-4)) {
            ADD_FAILURE() << "configuration " << checked << " (seed " << seed << ", variant "
                          << kernelVariantName(gpu.lastVariant()) << ") differs: relative error " << error << "\n  "
                          << describe(r) << "\n  gpu " << tensorText(got) << "\n  cpu " << tensorText(want);
            if (++failures >= 3) return;
        }
        ++checked;
    }
    EXPECT_EQ(checked, count);
    ::testing::Test::RecordProperty("refused_and_redrawn", refused);
}

OpRequest correlation(Generator& g) {
    OpRequest r;
    r.params.op = g.coin() ? OpKind::XCorr2d : OpKind::Conv2d;
    const int c = g.uniform(1, 4), h = g.uniform(1, 12), w = g.uniform(1, 12);
    r.input = g.coin() && c == 1 ? g.tensor({h, w}) : g.tensor({c, h, w});
    const int kh = g.uniform(1, 5), kw = g.uniform(1, 5);
    if (g.coin()) {
        r.kernel = g.tensor({kh, kw});
    } else {
        const int o = g.uniform(1, 4);
        r.kernel = g.uniform(0, 3) == 0 ? g.tensor({r.input.rank() == 3 ? c : 1, kh, kw}) : g.tensor({o, r.input.rank() == 3 ? c : 1, kh, kw});
        if (r.kernel.rank() == 4 && g.coin()) r.bias = g.tensor({o}).values();
    }
    r.params.correlation.padding_mode = static_cast<PaddingMode>(g.uniform(0, 3));
    r.params.window.stride = {g.uniform(1, 3), g.uniform(1, 3)};
    r.params.window.dilation = {g.uniform(1, 3), g.uniform(1, 2)};
    r.params.window.padding = {g.uniform(0, 3), g.uniform(0, 3)};
    // Mostly valid: keep reflect / circular padding inside what PyTorch allows.
    if (r.params.correlation.padding_mode == PaddingMode::Reflect && g.uniform(0, 9) > 0)
        r.params.window.padding = {std::min(r.params.window.padding.h, h - 1), std::min(r.params.window.padding.w, w - 1)};
    if (r.params.correlation.padding_mode == PaddingMode::Circular && g.uniform(0, 9) > 0)
        r.params.window.padding = {std::min(r.params.window.padding.h, h), std::min(r.params.window.padding.w, w)};
    return r;
}

OpRequest pooling(Generator& g) {
    OpRequest r;
    const int pick = g.uniform(0, 2);
    r.params.op = pick == 0 ? OpKind::MaxPool2d : pick == 1 ? OpKind::AvgPool2d : OpKind::LpPool2d;
    const int c = g.uniform(1, 3), h = g.uniform(1, 12), w = g.uniform(1, 12);
    const bool lp = r.params.op == OpKind::LpPool2d;
    const double norms[] = {1.0, 2.0, 3.0, 1.5, 0.5, 4.0};
    r.params.pool.norm_type = norms[g.uniform(0, 5)];
    // Lp with a fractional or odd power: non-negative inputs (a negative base
    // is NaN by the definition, and NaN compares unequal).
    const bool positive = lp && r.params.pool.norm_type != 2.0 && r.params.pool.norm_type != 4.0;
    r.input = c == 1 && g.coin() ? g.tensor({h, w}, positive ? 0.f : -2.f) : g.tensor({c, h, w}, positive ? 0.f : -2.f);
    r.params.pool.kernel_size = {g.uniform(1, 4), g.uniform(1, 4)};
    r.params.window.stride = g.uniform(0, 3) == 0 ? r.params.pool.kernel_size : Pair{g.uniform(1, 4), g.uniform(1, 4)};
    if (!lp) r.params.window.padding = {g.uniform(0, r.params.pool.kernel_size.h / 2), g.uniform(0, r.params.pool.kernel_size.w / 2)};
    if (r.params.op == OpKind::MaxPool2d) r.params.window.dilation = {g.uniform(1, 3), g.uniform(1, 3)};
    r.params.pool.ceil_mode = g.coin();
    r.params.pool.count_include_pad = g.coin();
    return r;
}

OpRequest other(Generator& g) {
    OpRequest r;
    switch (g.uniform(0, 5)) {
    case 0:
        r.params.op = OpKind::AutoCorr2d;
        r.input = g.coin() ? g.tensor({g.uniform(1, 8), g.uniform(1, 8)}) : g.tensor({g.uniform(1, 3), g.uniform(1, 7), g.uniform(1, 7)});
        break;
    case 1:
    case 2:
        r.params.op = g.coin() ? OpKind::GlobalAvgPool : OpKind::GlobalMaxPool;
        r.input = g.coin() ? g.tensor({g.uniform(1, 30), g.uniform(1, 30)})
                           : g.tensor({g.uniform(1, 5), g.uniform(1, 20), g.uniform(1, 40)});
        break;
    default: {
        const int pick = g.uniform(0, 2);
        r.params.op = pick == 0 ? OpKind::Conv1d : pick == 1 ? OpKind::XCorr1d : OpKind::AutoCorr1d;
        r.params.signal.mode = static_cast<Mode1d>(g.uniform(0, 2));
        r.input = g.tensor({g.uniform(1, 15)});
        r.kernel = g.tensor({g.uniform(1, 15)});
        break;
    }
    }
    return r;
}

TEST(GpuParity, CorrelationPerOutputVariant) {
    CS_REQUIRE_GPU(gpu);
    gpu->setVariant(KernelVariant::PerOutput);
    runParity(*gpu, kCorrelationConfigs, 101, correlation);
}

TEST(GpuParity, CorrelationTiledVariant) {
    CS_REQUIRE_GPU(gpu);
    gpu->setVariant(KernelVariant::Tiled);
    runParity(*gpu, kCorrelationConfigs, 202, correlation);
}

TEST(GpuParity, Pooling) {
    CS_REQUIRE_GPU(gpu);
    runParity(*gpu, kPoolingConfigs, 303, pooling);
}

TEST(GpuParity, AutocorrelationGlobalPoolingAnd1d) {
    CS_REQUIRE_GPU(gpu);
    runParity(*gpu, kOtherConfigs, 404, other);
}

// A window's sum of x^p (double) can leave float's range though the p-th root
// is an ordinary number: norm_type 100 on [[1,2],[3,4]] gave an overflow error,
// 1e-20 inputs with norm_type 3 gave 0, and 0.1..0.4 with norm_type 100 0.4069.
TEST(GpuParity, LpPoolSumOutsideFloatRange) {
    CS_REQUIRE_GPU(gpu);
    const std::vector<std::pair<float, double>> cases = {
        {1.f, 100.0}, {0.1f, 100.0}, {1e20f, 2.5}, {1e20f, 3.0}, {1e-20f, 2.5}, {1e-20f, 3.0}};
    for (const auto& [scale, norm] : cases) {
        OpRequest r;
        r.params.op = OpKind::LpPool2d;
        r.params.pool.kernel_size = {2, 2};
        r.params.window.stride = {2, 2};
        r.params.pool.norm_type = norm;
        r.input = Tensor({2, 2}, {1 * scale, 2 * scale, 3 * scale, 4 * scale});
        const Tensor want = computeReference(r);
        Tensor got;
        ASSERT_NO_THROW(got = gpu->run(r)) << describe(r);
        EXPECT_LE(maxRelativeError(got, want), 1e-4) << describe(r) << "\n  gpu " << tensorText(got) << "\n  cpu "
                                                     << tensorText(want);
    }
}

// Issue 15: GLSL's max() is undefined for NaN (llvmpipe dropped it); global
// max pooling keeps a NaN as the CPU reference and PyTorch do, wherever it is
// in the channel (each invocation's share, then the tree in shared memory).
TEST(GpuParity, GlobalMaxPoolKeepsNaN) {
    CS_REQUIRE_GPU(gpu);
    for (int where : {0, 1, 255, 256, 700, 999}) {
        OpRequest r;
        r.params.op = OpKind::GlobalMaxPool;
        r.input = Tensor({2, 20, 50}, 1.f);
        r.input.values()[static_cast<std::size_t>(where)] = std::numeric_limits<float>::quiet_NaN();
        const Tensor got = gpu->run(r);
        EXPECT_TRUE(std::isnan(got.at(0, 0, 0))) << "NaN at " << where << ": " << got.at(0, 0, 0);
        EXPECT_EQ(got.at(1, 0, 0), 1.f);
        EXPECT_TRUE(std::isnan(computeReference(r).at(0, 0, 0)));
    }
}

TEST(GpuParity, FailingConfigurationIsPrintedInFull) {
    OpRequest r;
    r.params.op = OpKind::MaxPool2d;
    r.params.pool.kernel_size = {3, 2};
    r.input = Tensor({1, 2}, {0.5f, -1.25f});
    const std::string text = describe(r);
    EXPECT_NE(text.find("op maxpool2d"), std::string::npos) << text;
    EXPECT_NE(text.find("kernel_size [3, 2]"), std::string::npos) << text;
    EXPECT_NE(text.find("shape 1 x 2 values [0.5, -1.25]"), std::string::npos) << text;
}

}  // namespace
}  // namespace cs
