// The GPU side of the command line, end to end through the real binary:
// `compute --backend gpu` answers exactly as `--backend cpu` on every fixture,
// `info` prints the driver and its limits, `bench --quick` prints its table.
#include <gtest/gtest.h>

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
    // Double sums in the same order: the printed shortest floats are identical.
    EXPECT_EQ(gpu.out, cpu.out);
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
