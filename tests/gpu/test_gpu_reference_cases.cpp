// Every PyTorch/NumPy/SciPy fixture of tests/data/reference_cases.jsonl through
// the GPU engine, with each kernel variant forced: within 1e-4 relative of the
// fixture and of the CPU reference, same shapes; invalid requests are refused
// with OpError as the CPU engine refuses them.
#include <gtest/gtest.h>

#include "../reference_cases.h"
#include "core/engine.h"
#include "gpu_test_env.h"

namespace cs {
namespace {

TEST(GpuReferenceCases, ThereAreEnough) { EXPECT_GE(test::referenceCases().size(), 300u); }

// One CTest entry per fixture ("Fixtures/GpuReferenceCase.BothVariantsMatch/0_seed_xcorr"),
// both kernel variants in it: each entry is a process with its own EGL
// context (gpu_test_env.cpp), the costly part on llvmpipe.
class GpuReferenceCase : public ::testing::TestWithParam<std::size_t> {};

TEST_P(GpuReferenceCase, BothVariantsMatch) {
    CS_REQUIRE_GPU(gpu);
    const test::ReferenceCase& c = test::referenceCases().at(GetParam());
    SCOPED_TRACE(c.request_json);
    const Tensor reference = computeReference(c.request);
    for (KernelVariant v : {KernelVariant::PerOutput, KernelVariant::Tiled}) {
        SCOPED_TRACE(std::string("variant ").append(kernelVariantName(v)));
        gpu->setVariant(v);
        const Tensor out = gpu->run(c.request);
        ASSERT_EQ(out.shape(), c.expected.shape());
        ASSERT_EQ(out.shape(), reference.shape());
        EXPECT_LE(maxRelativeError(out, c.expected), 1e-4) << "gpu " << out.toString() << "\nwant "
                                                           << c.expected.toString();
        EXPECT_LE(maxRelativeError(out, reference), 1e-4) << "gpu " << out.toString() << "\ncpu "
                                                          << reference.toString();
    }
}

INSTANTIATE_TEST_SUITE_P(Fixtures, GpuReferenceCase, ::testing::ValuesIn(test::referenceCaseIndices()),
                         test::referenceCaseName);

TEST(GpuReferenceCases, TiledVariantIsReallyUsed) {
    CS_REQUIRE_GPU(gpu);
    gpu->setVariant(KernelVariant::Tiled);
    OpRequest r;
    r.params.op = OpKind::XCorr2d;
    r.params.window.padding = {1, 1};
    r.input = Tensor({3, 20, 21}, 1.f);
    r.kernel = Tensor({2, 3, 3, 3}, 0.5f);
    r.bias = {1.f, -1.f};
    const Tensor out = gpu->run(r);
    EXPECT_EQ(gpu->lastVariant(), KernelVariant::Tiled);
    EXPECT_LE(maxRelativeError(out, computeReference(r)), 1e-6);
    gpu->setVariant(KernelVariant::PerOutput);
    gpu->run(r);
    EXPECT_EQ(gpu->lastVariant(), KernelVariant::PerOutput);
}

TEST(GpuReferenceCases, SeedExample) {
    CS_REQUIRE_GPU(gpu);
    OpRequest r;
    r.params.window.padding = {1, 1};
    r.params.window.stride = {2, 2};
    r.input = Tensor({4, 4}, {1, 0, 1, 0, 0, 1, 0, 1, 1, 0, 1, 0, 0, 1, 0, 1});
    r.kernel = Tensor({3, 3}, {1, 1, 1, 0, 0, 0, 1, 1, 1});
    for (KernelVariant v : {KernelVariant::PerOutput, KernelVariant::Tiled}) {
        gpu->setVariant(v);
        EXPECT_EQ(gpu->run(r), Tensor({2, 2}, {1, 2, 2, 4})) << kernelVariantName(v);
    }
}

TEST(GpuReferenceCases, InvalidRequestsThrowOpErrorLikeTheCpu) {
    CS_REQUIRE_GPU(gpu);
    OpRequest r;
    r.input = Tensor({2, 2}, 1.f);
    r.kernel = Tensor({3, 3}, 1.f);  // larger than the input, no padding
    EXPECT_THROW(gpu->run(r), OpError);
    EXPECT_THROW(computeReference(r), OpError);
    r.params.correlation.padding_mode = PaddingMode::Reflect;
    r.params.window.padding = {2, 2};  // reflect padding must be < side
    EXPECT_THROW(gpu->run(r), OpError);
    OpRequest pool;
    pool.params.op = OpKind::LpPool2d;
    pool.params.pool.norm_type = -1;
    EXPECT_THROW(gpu->run(pool), OpError);
    EXPECT_EQ(gpu->name(), "gpu");
}

}  // namespace
}  // namespace cs
