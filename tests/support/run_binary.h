#pragma once
// Running the real convscope binary from a test: its exit status and its
// stdout and stderr together, as a student would see them in a terminal.
//
//   const auto r = cs::test::runBinary("compute", R"({"op":"globalmaxpool","input":[[1,9]]})");
//   EXPECT_EQ(r.status, 0);
//   EXPECT_EQ(r.out, "{\"shape\": [1, 1], \"output\": [[9]]}\n");
#include <string>

namespace cs::test {

struct RunResult {
    int status;       // WEXITSTATUS of the shell that ran the binary
    std::string out;  // stdout and stderr, interleaved (2>&1)
};

// Runs `CONVSCOPE_BINARY args` through the shell (so `args` may quote) with
// `stdin_text` on its standard input.
RunResult runBinary(const std::string& args, const std::string& stdin_text = "");

// Runs a whole shell command line (e.g. "cd / && PREFIX/bin/convscope info")
// with `stdin_text` on its standard input.
RunResult runShell(const std::string& command, const std::string& stdin_text = "");

}  // namespace cs::test
