// `convscope --version` and `info` print the CMake project version
// (CONVSCOPE_VERSION, from project(... VERSION ...) in CMakeLists.txt).
#include <gtest/gtest.h>

#include <string>

#include "../support/run_binary.h"

namespace cs {
namespace {

using test::runBinary;

TEST(Version, FlagPrintsTheProjectVersion) {
    const auto r = runBinary("--version");
    EXPECT_EQ(r.status, 0) << r.out;
    EXPECT_EQ(r.out, std::string("convscope ") + CONVSCOPE_VERSION + "\n");
}

TEST(Version, HelpListsTheFlag) {
    const auto r = runBinary("--help");
    EXPECT_EQ(r.status, 0);
    EXPECT_NE(r.out.find("--version"), std::string::npos) << r.out;
}

// info exits 1 where there is no GPU; the version line comes first either way.
TEST(Version, InfoPrintsIt) {
    const auto r = runBinary("info");
    EXPECT_EQ(r.out.rfind(std::string("convscope info\n  version:      ") + CONVSCOPE_VERSION + "\n", 0), 0u) << r.out;
}

}  // namespace
}  // namespace cs
