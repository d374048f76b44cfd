// The signals lesson in the real app under Xvfb: every mode renders, and as t
// moves the flipped g slides right across the stage. Fresh XDG_CONFIG_HOME per
// test, so saved text size or theme cannot change the pictures.
#include <gtest/gtest.h>
#include <stb_image.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

struct Picture {
    int width = 0, height = 0;
    std::vector<unsigned char> rgb;
    bool ok() const { return width > 0; }
    const unsigned char* at(int x, int y) const { return &rgb[(static_cast<std::size_t>(y) * width + x) * 3]; }
};

Picture load(const fs::path& path) {
    Picture p;
    int n = 0;
    unsigned char* data = stbi_load(path.c_str(), &p.width, &p.height, &n, 3);
    if (data == nullptr) return Picture{};
    p.rgb.assign(data, data + static_cast<std::size_t>(p.width) * p.height * 3);
    stbi_image_free(data);
    return p;
}

std::size_t distinctColours(const Picture& p) {
    std::set<unsigned> colours;
    for (std::size_t i = 0; i + 2 < p.rgb.size(); i += 3 * 7)
        colours.insert(static_cast<unsigned>(p.rgb[i]) << 16 | static_cast<unsigned>(p.rgb[i + 1]) << 8 | p.rgb[i + 2]);
    return colours.size();
}

// Where the moving function is: pixels of exactly its colour (the dark theme's
// orange) in the upper stage, right of the controls.
struct Centroid {
    double x = 0;
    long count = 0;
};
Centroid movingCurve(const Picture& p) {
    Centroid c;
    for (int y = p.height / 8; y < p.height / 2; ++y)
        for (int x = p.width * 3 / 10; x < p.width; ++x) {
            const unsigned char* px = p.at(x, y);
            if (px[0] == 255 && px[1] == 170 && px[2] == 40) c.x += x, ++c.count;
        }
    if (c.count) c.x /= static_cast<double>(c.count);
    return c;
}

class SignalsGui : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() /
               ("convscope_sigui_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
        fs::remove_all(dir_);
        fs::create_directories(dir_ / "config");
    }
    void TearDown() override { fs::remove_all(dir_); }

    Picture shot(const std::string& lesson, int step) {
        const fs::path png = dir_ / (lesson + "_" + std::to_string(step) + ".png");
        const fs::path log = dir_ / "log.txt";
        const std::string cmd = "XDG_CONFIG_HOME=" + (dir_ / "config").string() +
                                " xvfb-run -a -s \"-screen 0 1920x1080x24\" " + CONVSCOPE_BINARY + " --lesson " +
                                lesson + " --step " + std::to_string(step) + " --screenshot " + png.string() +
                                " --size 1600x900 --theme dark --scale 1 --cpu > " + log.string() + " 2>&1";
        int status = 0;
        std::string out;
        // xvfb-run -a can lose a race for a display number when tests run in parallel.
        for (int attempt = 0; attempt < 3; ++attempt) {
            status = std::system(cmd.c_str());
            std::ifstream in(log);
            std::stringstream ss;
            ss << in.rdbuf();
            out = ss.str();
            if (out.find("Xvfb failed to start") == std::string::npos) break;
        }
        EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << out;
        return load(png);
    }

    fs::path dir_;
};

TEST_F(SignalsGui, EveryModeRenders) {
    for (const char* lesson : {"signals", "signals-discrete", "signals-compare", "signals-discrete-compare",
                               "signals-xcorr", "signals-autocorr"}) {
        const Picture p = shot(lesson, 3);
        ASSERT_TRUE(p.ok()) << lesson;
        EXPECT_EQ(p.width, 1600);
        EXPECT_GT(distinctColours(p), 50u) << lesson << " looks blank";
    }
}

TEST_F(SignalsGui, FlippedGSlidesRightAsTGrows) {
    const Picture early = shot("signals", 80), late = shot("signals", 180);
    ASSERT_TRUE(early.ok() && late.ok());
    EXPECT_NE(early.rgb, late.rgb);
    const Centroid a = movingCurve(early), b = movingCurve(late);
    ASSERT_GT(a.count, 100);
    ASSERT_GT(b.count, 100);
    EXPECT_GT(b.x, a.x + 50) << a.x << " -> " << b.x;
}

TEST_F(SignalsGui, DiscreteOutputFillsIn) {
    const Picture first = shot("signals-discrete", 1), later = shot("signals-discrete", 6);
    ASSERT_TRUE(first.ok() && later.ok());
    EXPECT_NE(first.rgb, later.rgb);
}

}  // namespace
