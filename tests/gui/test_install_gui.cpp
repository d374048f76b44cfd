// The installed binary's image lab under Xvfb, started from / (so neither the
// working directory nor the source tree can lend it assets): `--lesson image`
// opens the bundled sample from P/share/convscope/assets. The same binary
// copied to a prefix without share/ shows the empty lab, which proves the
// check tells the two apart. At 1600x900, text scale 1, the input view spans
// about x 495..1035, y 60..850; astronaut.png fills y 140..680 of it, and the
// empty lab's hint is one line of text at y 465.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <set>
#include <string>

#include "../support/gui_harness.h"

namespace {

namespace fs = std::filesystem;

using cs::test::Picture;

const fs::path kPrefix = CONVSCOPE_INSTALL_PREFIX;

// Distinct colours in the upper half of the input view, clear of the overlays and the hint.
std::size_t inputViewColours(const Picture& p) {
    std::set<unsigned> colours;
    for (int y = 160; y < 420; y += 3)
        for (int x = 520; x < 1000; x += 3) {
            const unsigned char* c = p.at(x, y);
            colours.insert(static_cast<unsigned>(c[0]) << 16 | static_cast<unsigned>(c[1]) << 8 | c[2]);
        }
    return colours.size();
}

class InstalledGui : public cs::test::GuiTest {
protected:
    void SetUp() override {
        GuiTest::SetUp();
        unsetenv("CONVSCOPE_ASSETS");
        cwd_ = "/";
    }
    Picture labShot(const std::string& name) {
        const fs::path png = dir_ / name;
        return shoot("--lesson image --screenshot " + png.string() + " --size 1600x900 --theme dark --scale 1", png);
    }
};

TEST_F(InstalledGui, ImageLabFromRootShowsTheBundledSample) {
    binary_ = (kPrefix / "bin" / "convscope").string();
    const Picture p = labShot("installed.png");
    ASSERT_TRUE(p.ok());
    ASSERT_EQ(p.width, 1600);
    EXPECT_GT(inputViewColours(p), 1000u) << "the input view looks empty: the installed binary found no sample";
}

TEST_F(InstalledGui, WithoutItsShareFolderTheLabIsEmpty) {
    const fs::path bare = dir_ / "bare" / "bin";
    fs::create_directories(bare);
    fs::copy_file(kPrefix / "bin" / "convscope", bare / "convscope");
    fs::permissions(bare / "convscope", fs::perms::owner_exec, fs::perm_options::add);
    binary_ = (bare / "convscope").string();
    const Picture p = labShot("bare.png");
    ASSERT_TRUE(p.ok());
    EXPECT_LT(inputViewColours(p), 10u) << "no assets, yet the input view shows a picture";
}

}  // namespace
