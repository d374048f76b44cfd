// The matrix page between steps and beside itself, in the real app:
// - the glide: a frame part way from step 1 to step 2 (--glide-at) differs
//   from both ends, starts as step 1's stage, and ends as today's step 2;
// - correlation beside convolution: with the compare toggle on (a lesson file's
//   view.compare) both outputs are there with their titles, read back with
//   Tesseract; the seed's symmetric kernel is said to give the same output,
//   an asymmetric one two different values.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "../support/gui_harness.h"

namespace {

namespace fs = std::filesystem;
using cs::test::Picture;

// Tesseract's text of a screenshot, whitespace dropped (it spaces words its own way).
std::string ocrText(const fs::path& image, int psm) {
    const std::string cmd = "tesseract '" + image.string() + "' - --psm " + std::to_string(psm) + " 2>/dev/null";
    std::string text;
    FILE* pipe = popen(cmd.c_str(), "r");
    if (pipe == nullptr) return text;
    char buf[4096];
    while (std::fgets(buf, sizeof buf, pipe) != nullptr)
        for (const char* c = buf; *c; ++c)
            if (*c != ' ' && *c != '\t' && *c != '\r' && *c != '\n') text += *c;
    pclose(pipe);
    return text;
}

// What Tesseract reads best from a light-theme screenshot: each pixel its
// darkest channel, so coloured titles (the accent orange) stay dark on white.
fs::path forOcr(const Picture& p, const fs::path& out) {
    std::ofstream f(out, std::ios::binary);
    f << "P5\n" << p.width << " " << p.height << "\n255\n";
    for (int y = 0; y < p.height; ++y)
        for (int x = 0; x < p.width; ++x) {
            const unsigned char* c = p.at(x, y);
            f.put(static_cast<char>(std::min({c[0], c[1], c[2]})));
        }
    return out;
}

std::string readScreen(const Picture& p, const fs::path& png) {
    const fs::path gray = forOcr(p, fs::path(png).replace_extension(".pgm"));
    return ocrText(gray, 11) + ocrText(gray, 3);
}

std::string squeezed(std::string s) {
    std::string out;
    for (char c : s)
        if (c != ' ') out += c;
    return out;
}

class Motion : public cs::test::GuiTest {
protected:
    Picture shot(const std::string& name, const std::string& args) {
        const fs::path png = dir_ / (name + ".png");
        return shoot(args + " --size 1280x720 --scale 1.5 --screenshot " + png.string(), png);
    }
    void writeLesson(const fs::path& path, const std::string& text) { std::ofstream(path) << text; }
};

std::size_t differing(const Picture& a, const Picture& b) {
    std::size_t n = 0;
    for (std::size_t i = 0; i + 2 < a.rgb.size() && i + 2 < b.rgb.size(); i += 3)
        if (a.rgb[i] != b.rgb[i] || a.rgb[i + 1] != b.rgb[i + 1] || a.rgb[i + 2] != b.rgb[i + 2]) ++n;
    return n;
}

TEST_F(Motion, MidGlideFrameDiffersFromBothEnds) {
    const Picture one = shot("one", "--lesson seed --step 1");
    const Picture two = shot("two", "--lesson seed --step 2");
    const Picture start = shot("start", "--lesson seed --step 2 --glide-at 0");
    const Picture mid = shot("mid", "--lesson seed --step 2 --glide-at 0.5");
    const Picture end = shot("end", "--lesson seed --step 2 --glide-at 1");
    ASSERT_TRUE(one.ok() && two.ok() && start.ok() && mid.ok() && end.ok());
    // The end of a glide is the settled step, pixel for pixel.
    EXPECT_EQ(differing(end, two), 0u);
    // Half way is neither end.
    EXPECT_GT(differing(mid, two), 100u);
    EXPECT_GT(differing(mid, start), 100u);
    // Its start shows step 1's stage (window, output cell, the new cell not yet
    // faded in) under step 2's text: every pixel is one of the two pictures'.
    std::size_t neither = 0, like_one = 0;
    for (std::size_t i = 0; i + 2 < start.rgb.size(); i += 3) {
        auto same = [&](const Picture& p) {
            return p.rgb[i] == start.rgb[i] && p.rgb[i + 1] == start.rgb[i + 1] && p.rgb[i + 2] == start.rgb[i + 2];
        };
        if (!same(one) && !same(two)) ++neither;
        if (same(one) && !same(two)) ++like_one;
    }
    EXPECT_EQ(neither, 0u);
    EXPECT_GT(like_one, 100u);  // the stage as step 1 has it
    // And half way some pixels are in neither end's picture: the window between them.
    std::size_t between = 0;
    for (std::size_t i = 0; i + 2 < mid.rgb.size(); i += 3) {
        auto same = [&](const Picture& p) {
            return p.rgb[i] == mid.rgb[i] && p.rgb[i + 1] == mid.rgb[i + 1] && p.rgb[i + 2] == mid.rgb[i + 2];
        };
        if (!same(one) && !same(two)) ++between;
    }
    EXPECT_GT(between, 100u);
}

TEST_F(Motion, PoolingGlidesToo) {
    const Picture two = shot("two", "--lesson pooling --step 2");
    const Picture mid = shot("mid", "--lesson pooling --step 2 --glide-at 0.5");
    ASSERT_TRUE(two.ok() && mid.ok());
    EXPECT_GT(differing(mid, two), 100u);
}

// The Layers page's pipeline conv (a window stage drawn by the matrix page's
// stage panel) glides the same way: the end is the settled step, half way is not.
TEST_F(Motion, TheLayersPipelinesConvGlidesToo) {
    const Picture two = shot("lay_two", "--lesson pipeline --step 2");
    const Picture start = shot("lay_start", "--lesson pipeline --step 2 --glide-at 0");
    const Picture mid = shot("lay_mid", "--lesson pipeline --step 2 --glide-at 0.5");
    const Picture end = shot("lay_end", "--lesson pipeline --step 2 --glide-at 1");
    ASSERT_TRUE(two.ok() && start.ok() && mid.ok() && end.ok());
    EXPECT_EQ(differing(end, two), 0u);
    EXPECT_GT(differing(mid, two), 100u);
    EXPECT_GT(differing(mid, start), 100u);
    EXPECT_GT(differing(start, two), 100u);
}

TEST_F(Motion, GlideAtRefusesAFractionOutside01) {
    std::string out;
    EXPECT_NE(run("--lesson seed --glide-at 1.5 --screenshot " + (dir_ / "x.png").string(), &out, false), 0);
    EXPECT_NE(out.find("--glide-at needs a fraction from 0 to 1"), std::string::npos) << out;
    EXPECT_FALSE(fs::exists(dir_ / "x.png"));
}

TEST_F(Motion, CompareShowsBothOutputsAndSaysWhyTheyAgree) {
    const fs::path lesson = dir_ / "seed_compare.json";
    writeLesson(lesson, R"({"convscope_lesson": 1, "name": "seed_compare", "op": "xcorr2d",
        "input": [[1,0,1,0],[0,1,0,1],[1,0,1,0],[0,1,0,1]], "kernel": [[1,1,1],[0,0,0],[1,1,1]],
        "padding": [1,1], "stride": [2,2], "view": {"compare": true}})");
    const fs::path png = dir_ / "seed_compare.png";
    const Picture p = shoot("--lesson " + lesson.string() + " --step 2 --size 1600x900 --scale 1 --theme light --screenshot " +
                                png.string(),
                            png);
    ASSERT_TRUE(p.ok());
    const std::string text = readScreen(p, png);
    EXPECT_NE(text.find("Cross-correlation(2x2)"), std::string::npos) << text;
    EXPECT_NE(text.find("Convolution(2x2)"), std::string::npos) << text;
    EXPECT_NE(text.find(squeezed("The two outputs are the same")), std::string::npos) << text;
    // Off (the seed as built in): one output, no compare titles.
    const fs::path plain = dir_ / "seed.png";
    const Picture q = shoot("--lesson seed --step 2 --size 1600x900 --scale 1 --theme light --screenshot " + plain.string(), plain);
    ASSERT_TRUE(q.ok());
    const std::string plain_text = readScreen(q, plain);
    EXPECT_EQ(plain_text.find("Convolution(2x2)"), std::string::npos) << plain_text;
    EXPECT_NE(plain_text.find("Output(2x2)"), std::string::npos) << plain_text;
}

TEST_F(Motion, CompareWithAnAsymmetricKernelShowsTwoDifferentOutputs) {
    // conv2d of a single 1 gives the kernel back; cross-correlation gives it turned.
    const fs::path lesson = dir_ / "flip_compare.json";
    writeLesson(lesson, R"({"convscope_lesson": 1, "name": "flip_compare", "op": "conv2d",
        "input": [[0,0,0,0,0],[0,0,0,0,0],[0,0,1,0,0],[0,0,0,0,0],[0,0,0,0,0]],
        "kernel": [[1,2,3],[4,5,6],[7,8,9]], "padding": [1,1], "view": {"compare": true}})");
    const fs::path png = dir_ / "flip_compare.png";
    const Picture p = shoot("--lesson " + lesson.string() + " --step 7 --size 1600x900 --scale 1 --theme light --screenshot " +
                                png.string(),
                            png);
    ASSERT_TRUE(p.ok());
    const std::string text = readScreen(p, png);
    EXPECT_NE(text.find("Convolution(5x5)"), std::string::npos) << text;
    // Tesseract tends to lose this title's capital C beside the grid before it.
    EXPECT_NE(text.find("correlation(5x5)"), std::string::npos) << text;
    // Step 7 is output (1, 1): 1 by convolution, 9 by cross-correlation (the
    // sentence may wrap after "cross-correlation", and OCR then reads the
    // column beside it in between).
    EXPECT_NE(text.find(squeezed("output (1, 1) is 9 by cross-correlation")), std::string::npos) << text;
    EXPECT_NE(text.find(squeezed("and 1 by convolution")), std::string::npos) << text;
}

}  // namespace
