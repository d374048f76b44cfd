// The GPU side of the command line, end to end through the real binary:
// `compute --backend gpu` answers exactly as `--backend cpu` on every window-op
// fixture and within 1e-4 on the layer ops (the GPU's float exp, a one-pass
// batch variance),
// `info` prints the driver and its limits, `bench --quick` prints its table.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "../reference_cases.h"
#include "../support/run_binary.h"

namespace cs {
namespace {

using test::RunResult;
using test::runBinary;

TEST(GpuCli, ComputeGpuAnswersEveryFixtureLikeTheCpu) {
    std::string input;
    for (const auto& c : test::referenceCases()) input += c.request_json + "\n";
    const RunResult gpu = runBinary("compute --backend gpu", input);
    const RunResult cpu = runBinary("compute --backend cpu", input);
    ASSERT_EQ(gpu.status, 0) << gpu.out.substr(0, 2000);
    EXPECT_EQ(cpu.status, 0);
    std::istringstream gpu_lines(gpu.out), cpu_lines(cpu.out);
    std::string g, c;
    for (const auto& fixture : test::referenceCases()) {
        ASSERT_TRUE(std::getline(gpu_lines, g) && std::getline(cpu_lines, c)) << fixture.name;
        if (!isLayer(fixture.request.params.op)) {
            // Double sums in the same order: the printed shortest floats are identical.
            EXPECT_EQ(g, c) << fixture.name;
            continue;
        }
        const auto gj = nlohmann::json::parse(g), cj = nlohmann::json::parse(c);
        ASSERT_EQ(gj["shape"], cj["shape"]) << fixture.name;
        const std::vector<int> shape = gj["shape"].get<std::vector<int>>();
        const Tensor gt(shape, test::tensorFromJson(gj["output"].dump()).values());
        const Tensor ct(shape, test::tensorFromJson(cj["output"].dump()).values());
        EXPECT_LE(maxRelativeError(gt, ct), 1e-4) << fixture.name << "\ngpu " << g << "\ncpu " << c;
    }
    EXPECT_FALSE(std::getline(gpu_lines, g)) << "extra output: " << g;
}

TEST(GpuCli, ComputeGpuReportsInvalidRequestsLikeTheCpu) {
    const std::string input = "{\"op\":\"xcorr2d\",\"input\":[[1,2],[3,4]],\"kernel\":[[1,1,1]]}\n"
                              "{\"op\":\"maxpool2d\",\"input\":[[1,2],[3,4]],\"kernel_size\":2}\n";
    const RunResult gpu = runBinary("compute --backend gpu", input);
    const RunResult cpu = runBinary("compute --backend cpu", input);
    EXPECT_EQ(gpu.status, 2);
    EXPECT_EQ(gpu.out, cpu.out);
}

TEST(GpuCli, InfoPrintsDriverAndLimits) {
    const RunResult r = runBinary("info");
    ASSERT_EQ(r.status, 0) << r.out;
    for (const char* want : {"GL vendor:", "GL renderer:", "GL version:", "work-group count:", "work-group size:",
                             "invocations per group:", "shared memory:", "engine paths", "correlate2d.comp"})
        EXPECT_NE(r.out.find(want), std::string::npos) << want << "\n" << r.out;
}

TEST(GpuCli, BenchPrintsItsTable) {
    const RunResult r = runBinary("bench --quick --runs 1");
    ASSERT_EQ(r.status, 0) << r.out;
    for (const char* want : {"CPU ms", "GPU ms", "MP/s", "speed-up", "upload ms", "readback ms", "filter 3x3 separable",
                             "filter 7x7 general", "max pool 2x2", "avg pool 2x2", "GPU: "})
        EXPECT_NE(r.out.find(want), std::string::npos) << want << "\n" << r.out;
}

}  // namespace
}  // namespace cs
