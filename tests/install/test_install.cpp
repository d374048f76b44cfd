// The installed tree (`cmake --install build --prefix P`, done by the CTest
// fixture install_into_prefix): P/bin/convscope runs from any directory, knows
// its version, and finds the sample images in P/share/convscope/assets; the
// desktop entry and its icon are where desktops look for them.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "../support/run_binary.h"
#include "../support/temp_dir_test.h"

namespace cs {
namespace {

namespace fs = std::filesystem;
using test::RunResult;
using test::runShell;

const fs::path kPrefix = CONVSCOPE_INSTALL_PREFIX;
const std::string kInstalled = (kPrefix / "bin" / "convscope").string();

std::string readText(const fs::path& p) {
    std::ifstream in(p);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// From /, with no CONVSCOPE_ASSETS to point it at the source tree.
RunResult runInstalled(const std::string& args, const std::string& stdin_text = "") {
    return runShell("cd / && env -u CONVSCOPE_ASSETS " + kInstalled + " " + args, stdin_text);
}

class Install : public test::TempDirTest {};

TEST_F(Install, PutsEachFileInItsPlace) {
    for (const char* f : {"bin/convscope", "share/convscope/assets/images/PROVENANCE.md",
                          "share/convscope/assets/images/astronaut.png", "share/convscope/assets/images/camera.png",
                          "share/applications/convscope.desktop", "share/icons/hicolor/scalable/apps/convscope.svg"})
        EXPECT_TRUE(fs::is_regular_file(kPrefix / f)) << f << " is not installed under " << kPrefix;
}

TEST_F(Install, DesktopEntryStartsTheInstalledBinaryWithItsIcon) {
    const std::string entry = readText(kPrefix / "share/applications/convscope.desktop");
    ASSERT_EQ(entry.rfind("[Desktop Entry]\n", 0), 0u) << entry;
    for (const char* want : {"\nType=Application\n", "\nName=convscope\n", "\nExec=convscope\n", "\nIcon=convscope\n"})
        EXPECT_NE(entry.find(want), std::string::npos) << want;
    EXPECT_NE(readText(kPrefix / "share/icons/hicolor/scalable/apps/convscope.svg").find("<svg"), std::string::npos);
}

TEST_F(Install, VersionFromAnyDirectory) {
    const RunResult r = runInstalled("--version");
    EXPECT_EQ(r.status, 0) << r.out;
    EXPECT_EQ(r.out, std::string("convscope ") + CONVSCOPE_VERSION + "\n");
}

TEST_F(Install, ComputesFromAnyDirectory) {
    const RunResult r = runInstalled("compute", R"({"op":"maxpool2d","input":[[1,2],[3,4]],"kernel_size":2})");
    EXPECT_EQ(r.status, 0) << r.out;
    EXPECT_EQ(r.out, "{\"shape\": [1, 1], \"output\": [[4]]}\n");
}

TEST_F(Install, FiltersItsOwnSampleImage) {
    const std::string camera = (kPrefix / "share/convscope/assets/images/camera.png").string();
    const RunResult r = runInstalled("filter " + camera + " -k sobel-x --normalize abs -o " + path("edges.png"));
    EXPECT_EQ(r.status, 0) << r.out;
    EXPECT_NE(r.out.find("512 x 512 gray"), std::string::npos) << r.out;
    EXPECT_TRUE(fs::is_regular_file(path("edges.png")));
}

}  // namespace
}  // namespace cs
