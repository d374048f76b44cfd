#include "run_binary.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>

namespace cs::test {

namespace {

// A stdin file of this test's own: CTest runs tests in parallel, and the same
// test name can occur in several suites and executables.
std::string stdinPath() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = info ? std::string(info->test_suite_name()) + "." + info->name() : "no_test";
    for (char& ch : name)
        if (ch == '/') ch = '_';  // parameterised tests: "Suite/Fixture.Name/3"
    return ::testing::TempDir() + "convscope_stdin_" + name + "_" + std::to_string(getpid()) + ".txt";
}

}  // namespace

RunResult runBinary(const std::string& args, const std::string& stdin_text) {
    return runShell(std::string(CONVSCOPE_BINARY) + " " + args, stdin_text);
}

RunResult runShell(const std::string& command, const std::string& stdin_text) {
    const std::string path = stdinPath();
    std::ofstream(path, std::ios::binary) << stdin_text;
    const std::string cmd = "{ " + command + "; } < " + path + " 2>&1";
    FILE* pipe = popen(cmd.c_str(), "r");
    std::string out;
    char buf[4096];
    std::size_t n;
    while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
    const int status = pclose(pipe);
    std::remove(path.c_str());
    return {WEXITSTATUS(status), out};
}

}  // namespace cs::test
