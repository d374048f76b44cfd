#pragma once
// The real app under Xvfb, for the gui tests: a fresh directory per test with
// its own XDG_CONFIG_HOME (so a user's saved text size or theme cannot change
// the pictures), xvfb-run with a retry when it loses a display-number race,
// and screenshots decoded into a Picture.
//
//   class Gui : public cs::test::GuiTest {};
//   TEST_F(Gui, Renders) {
//       const fs::path png = dir_ / "seed.png";
//       const Picture p = shoot("--lesson seed --screenshot " + png.string(), png);
//       ASSERT_TRUE(p.ok());
//   }
#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "temp_dir_test.h"

namespace cs::test {

// An 8-bit RGB picture; width 0 when the file did not decode.
struct Picture {
    int width = 0, height = 0;
    std::vector<unsigned char> rgb;
    bool ok() const { return width > 0; }
    const unsigned char* at(int x, int y) const {
        return &rgb[(static_cast<std::size_t>(y) * static_cast<std::size_t>(width) + static_cast<std::size_t>(x)) * 3];
    }
};

// Decodes a PNG (or anything stb_image reads) as RGB; an empty Picture if it cannot.
Picture loadPicture(const std::filesystem::path& path);

// Distinct colours among every 7th pixel: a blank screenshot has a handful.
std::size_t distinctColours(const Picture& p);

class GuiTest : public TempDirTest {
protected:
    void SetUp() override;  // also creates dir_/config

    // Runs convscope with `args` (under xvfb-run unless `xvfb` is false);
    // returns its exit status (-1 if it did not exit), stdout and stderr in `out`.
    int run(const std::string& args, std::string* out = nullptr, bool xvfb = true);

    // Runs `args` under xvfb-run, expects exit 0, and decodes `png` (which
    // `args` asks for with --screenshot).
    Picture shoot(const std::string& args, const std::filesystem::path& png);

    std::string binary_;  // the convscope that run() starts: the build tree's, unless a test changes it
    std::string cwd_;     // the directory it starts in; "" = the test's own
};

}  // namespace cs::test
