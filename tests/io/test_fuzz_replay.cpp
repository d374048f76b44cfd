// The fault hunt's inputs, replayed in the ordinary build (and under ASan and
// UBSan in build-asan): every committed seed (tests/fuzz/corpus/<harness>/)
// and every crash input found and fixed (tests/fuzz/regressions/<harness>/)
// goes through the same harness function the fuzzer drives. A harness aborts
// on a broken contract, so a regression fails the test run loudly.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "../fuzz/fuzz_targets.h"

namespace {

namespace fs = std::filesystem;
using Harness = int (*)(const std::uint8_t*, std::size_t);

std::vector<fs::path> inputsOf(const std::string& harness) {
    std::vector<fs::path> files;
    for (const char* kind : {"corpus", "regressions"}) {
        const fs::path dir = fs::path(CONVSCOPE_FUZZ_DIR) / kind / harness;
        if (!fs::is_directory(dir)) continue;
        for (const auto& e : fs::directory_iterator(dir))
            if (e.is_regular_file()) files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());
    return files;
}

// Returns how many inputs were replayed.
std::size_t replay(const std::string& harness, Harness run) {
    const std::vector<fs::path> files = inputsOf(harness);
    for (const fs::path& f : files) {
        SCOPED_TRACE(f.string());
        std::ifstream in(f, std::ios::binary);
        const std::vector<char> bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
        EXPECT_EQ(run(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()), 0);
    }
    return files.size();
}

TEST(FuzzReplay, RequestInputs) { EXPECT_GE(replay("request", cs::fuzz::fuzzRequest), 10u); }
TEST(FuzzReplay, MatrixTextInputs) { EXPECT_GE(replay("matrix_text", cs::fuzz::fuzzMatrixText), 10u); }
TEST(FuzzReplay, LessonInputs) { EXPECT_GE(replay("lesson", cs::fuzz::fuzzLesson), 10u); }
TEST(FuzzReplay, ImageInputs) { EXPECT_GE(replay("image", cs::fuzz::fuzzImage), 10u); }
TEST(FuzzReplay, SafetensorsInputs) { EXPECT_GE(replay("safetensors", cs::fuzz::fuzzSafetensors), 10u); }
TEST(FuzzReplay, IdxInputs) { EXPECT_GE(replay("idx", cs::fuzz::fuzzIdx), 10u); }

}  // namespace
