#include "temp_dir_test.h"

#include <algorithm>
#include <cstdlib>

namespace cs::test {

namespace fs = std::filesystem;

void TempDirTest::SetUp() {
    std::string pattern = (fs::temp_directory_path() / "convscope-test-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
}

void TempDirTest::TearDown() {
    std::error_code ec;
    if (std::getenv("CONVSCOPE_KEEP_TEST_DIRS") == nullptr) fs::remove_all(dir_, ec);  // kept to look at when set
}

std::vector<std::string> TempDirTest::entries() const {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir_)) names.push_back(e.path().filename());
    std::sort(names.begin(), names.end());
    return names;
}

}  // namespace cs::test
