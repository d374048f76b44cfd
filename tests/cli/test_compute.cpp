// `convscope compute` end to end: the real binary, fed through a pipe.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "../reference_cases.h"
#include "../support/run_binary.h"
#include "core/tensor.h"

namespace cs {
namespace {

using test::runBinary;

TEST(ComputeCli, SeedExample) {
    const auto r = runBinary("compute",
                             R"({"op":"xcorr2d","input":[[1,0,1,0],[0,1,0,1],[1,0,1,0],[0,1,0,1]],)"
                             R"("kernel":[[1,1,1],[0,0,0],[1,1,1]],"padding":1,"stride":2})");
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(r.out, "{\"shape\": [2, 2], \"output\": [[1, 2], [2, 4]]}\n");
}

// The README's softmax example, a rank-4 result, and a bad layer request's line and exit status.
TEST(ComputeCli, LayerOpsPrintEveryRankAndRefuseBadRequests) {
    const auto r = runBinary("compute", "{\"op\":\"softmax\",\"input\":[1000,1001,999]}\n"
                                        "{\"op\":\"relu\",\"input\":[[[[-1,2]],[[3,-4]]]]}\n"
                                        "{\"op\":\"relu\",\"input\":[1],\"inplace\":true}\n");
    EXPECT_EQ(r.status, 2);
    std::istringstream lines(r.out);
    std::string a, b, c;
    std::getline(lines, a);
    std::getline(lines, b);
    std::getline(lines, c);
    EXPECT_EQ(a, "{\"shape\": [3], \"output\": [0.24472848, 0.66524094, 0.09003057]}");
    EXPECT_EQ(b, "{\"shape\": [1, 2, 1, 2], \"output\": [[[[0, 2]], [[3, 0]]]]}");
    EXPECT_NE(c.find("unknown field \\\"inplace\\\" for relu"), std::string::npos) << c;
}

TEST(ComputeCli, PrettyPrintedSingleRequest) {
    const auto r = runBinary("compute -", "{\n  \"op\": \"globalavgpool\",\n  \"input\": [[1, 2],\n [3, 4]]\n}\n");
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(r.out, "{\"shape\": [1, 1], \"output\": [[2.5]]}\n");
}

TEST(ComputeCli, JsonLinesKeepOrderAndReportEachError) {
    const auto r = runBinary("compute", "{\"op\":\"globalmaxpool\",\"input\":[[1,9]]}\nnot json\n"
                                        "{\"op\":\"conv1d\",\"f\":[1,2,3],\"g\":[0,1,0.5]}\n");
    EXPECT_EQ(r.status, 2);
    std::istringstream lines(r.out);
    std::string a, b, c;
    std::getline(lines, a);
    std::getline(lines, b);
    std::getline(lines, c);
    EXPECT_EQ(a, "{\"shape\": [1, 1], \"output\": [[9]]}");
    EXPECT_NE(b.find("\"error\""), std::string::npos);
    EXPECT_EQ(c, "{\"shape\": [5], \"output\": [0, 1, 2.5, 4, 1.5]}");
}

TEST(ComputeCli, MissingFileExitsOne) {
    const auto r = runBinary("compute /nonexistent/requests.jsonl", "");
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.out.find("cannot open"), std::string::npos);
}

// A folder as the request file used to abort (std::ios_base::failure).
TEST(ComputeCli, FolderAsFileExitsOneWithReason) {
    const auto r = runBinary("compute " + ::testing::TempDir(), "");
    EXPECT_EQ(r.status, 1) << r.out;
    EXPECT_NE(r.out.find("cannot read"), std::string::npos) << r.out;
}

// One over-deep line among JSON Lines used to make the whole input one
// request (one error line, the other answers lost).
TEST(ComputeCli, OverDeepLineKeepsTheOtherAnswers) {
    const std::string deep = "{\"op\":\"autocorr2d\",\"input\":" + std::string(40, '[') + "1" + std::string(40, ']') + "}";
    const auto r = runBinary("compute", "{\"op\":\"globalmaxpool\",\"input\":[[1,9]]}\n" + deep +
                                            "\n{\"op\":\"globalmaxpool\",\"input\":[[7]]}\n");
    EXPECT_EQ(r.status, 2);
    EXPECT_EQ(r.out, "{\"shape\": [1, 1], \"output\": [[9]]}\n"
                     "{\"error\":\"the request is nested 41 levels deep; at most 32 are accepted.\"}\n"
                     "{\"shape\": [1, 1], \"output\": [[7]]}\n");
}

// nlohmann stops at a NUL byte: the requests after it used to vanish (exit 0).
TEST(ComputeCli, NulByteIsReportedNotTruncated) {
    const auto r = runBinary("compute", std::string("{\"op\":\"globalmaxpool\",\"input\":[[1,9]]}\n") + '\0' +
                                            "{\"op\":\"globalmaxpool\",\"input\":[[7]]}\n");
    EXPECT_EQ(r.status, 2);
    std::istringstream lines(r.out);
    std::string a, b;
    std::getline(lines, a);
    std::getline(lines, b);
    EXPECT_EQ(a, "{\"shape\": [1, 1], \"output\": [[9]]}");
    EXPECT_NE(b.find("NUL byte"), std::string::npos) << r.out;
}

TEST(ComputeCli, NoSubcommandPrintsHelp) {
    const auto r = runBinary("--help", "");
    EXPECT_EQ(r.status, 0);
    EXPECT_NE(r.out.find("compute"), std::string::npos);
}

TEST(ComputeCli, EveryReferenceCaseEndToEnd) {
    std::string input;
    for (const auto& c : test::referenceCases()) input += c.request_json + "\n";
    const auto r = runBinary("compute --backend cpu", input);
    EXPECT_EQ(r.status, 0);
    std::istringstream lines(r.out);
    std::string line;
    for (const auto& c : test::referenceCases()) {
        ASSERT_TRUE(std::getline(lines, line)) << "missing answer for " << c.name;
        const auto j = nlohmann::json::parse(line);
        ASSERT_TRUE(j.contains("output")) << c.name << ": " << line;
        const Tensor got(j["shape"].get<std::vector<int>>(), test::tensorFromJson(j["output"].dump()).values());
        EXPECT_LE(maxRelativeError(got, c.expected), 1e-5) << c.name << ": " << line;
    }
}

}  // namespace
}  // namespace cs
