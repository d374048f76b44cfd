// The layer ops on the GPU engine (layers.comp): every layer fixture of
// tests/data/reference_cases.jsonl, one CTest entry each, within 1e-4 of
// PyTorch and of the CPU reference; large batches that use the whole work
// group of the statistics pass; invalid requests refused as on the CPU.
#include <gtest/gtest.h>

#include "../reference_cases.h"
#include "core/engine.h"
#include "gpu_test_env.h"

namespace cs {
namespace {

class GpuLayerFixture : public ::testing::TestWithParam<std::size_t> {};

TEST_P(GpuLayerFixture, GpuMatchesPyTorchAndTheCpu) {
    CS_REQUIRE_GPU(gpu);
    const test::ReferenceCase& c = test::referenceCases()[GetParam()];
    SCOPED_TRACE(c.request_json);
    const Tensor out = gpu->run(c.request);
    const Tensor cpu = computeReference(c.request);
    ASSERT_EQ(out.shape(), c.expected.shape());
    EXPECT_LE(maxRelativeError(out, c.expected), 1e-4) << "gpu " << out.toString() << "\nwant " << c.expected.toString();
    EXPECT_LE(maxRelativeError(out, cpu), 1e-4) << "gpu " << out.toString() << "\ncpu " << cpu.toString();
}

INSTANTIATE_TEST_SUITE_P(Fixtures, GpuLayerFixture, ::testing::ValuesIn(test::layerCaseIndices()),
                         [](const auto& info) { return test::testNameOf(test::referenceCases()[info.param]); });

// Values that differ per element, so a wrong index shows.
Tensor ramp(std::vector<int> shape) {
    Tensor t(std::move(shape));
    for (std::size_t i = 0; i < t.size(); ++i) t.values()[i] = static_cast<float>((i * 37) % 101) / 10.f - 5.f;
    return t;
}

TEST(GpuLayers, LargeInputsMatchTheCpu) {
    CS_REQUIRE_GPU(gpu);
    std::vector<OpRequest> requests;
    OpRequest r;
    r.params.op = OpKind::BatchNorm2d;
    r.params.layer.training = true;
    r.input = ramp({3, 5, 17, 19});  // 1615 values per channel: more than one per invocation
    requests.push_back(r);
    r.params.layer.training = false;
    r.running_mean = {0.5f, -1.f, 2.f, 0.f, 1.f};
    r.running_var = {1.f, 2.f, 0.5f, 3.f, 0.25f};
    requests.push_back(r);
    r = OpRequest{};
    r.params.op = OpKind::Softmax;
    r.input = ramp({3, 700});
    requests.push_back(r);
    r.params.layer.dim = 0;
    requests.push_back(r);
    r = OpRequest{};
    r.params.op = OpKind::Linear;
    r.input = ramp({9, 300});
    r.weight = ramp({7, 300});
    r.bias = {1.f, 2.f, 3.f, 4.f, 5.f, 6.f, 7.f};
    requests.push_back(r);
    r = OpRequest{};
    r.params.op = OpKind::Relu;
    r.input = ramp({2, 3, 40, 41});
    requests.push_back(r);
    for (const OpRequest& q : requests) {
        SCOPED_TRACE(std::string(opName(q.params.op)));
        const Tensor out = gpu->run(q);
        const Tensor cpu = computeReference(q);
        ASSERT_EQ(out.shape(), cpu.shape());
        EXPECT_LE(maxRelativeError(out, cpu), 1e-4);
    }
}

TEST(GpuLayers, InvalidRequestsThrowOpErrorLikeTheCpu) {
    CS_REQUIRE_GPU(gpu);
    OpRequest r;
    r.params.op = OpKind::Linear;
    r.input = Tensor({3}, 1.f);
    r.weight = Tensor({2, 2}, 1.f);
    EXPECT_THROW(gpu->run(r), OpError);
    r.params.op = OpKind::BatchNorm2d;
    r.weight = Tensor();
    r.input = Tensor({1, 1, 1}, 1.f);
    r.params.layer.training = true;
    EXPECT_THROW(gpu->run(r), OpError);
}

}  // namespace
}  // namespace cs
