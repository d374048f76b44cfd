// `convscope filter`: PNG pixels against an independent loop over the
// documented formula (filterHelpText), known answers, and every bad input.
// Most tests call runFilter in-process; a few run the real binary for exit
// codes and help.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "../support/run_binary.h"
#include "../support/temp_dir_test.h"
#include "cli/cli.h"
#include "core/image_lab_view.h"
#include "core/kernel_presets.h"
#include "core/trace.h"
#include "io/image_io.h"

namespace cs {
namespace {

namespace fs = std::filesystem;

const std::string kAssets = std::string(CONVSCOPE_TEST_DATA) + "/../../assets/images/";

// ---- the documented formula, written out independently ----------------------

enum class Pad { Zeros, Reflect, Replicate, Circular };

// Source index of padded position i on an axis of n, or -1 for a zero.
int source(int i, int n, Pad pad) {
    if (i >= 0 && i < n) return i;
    switch (pad) {
        case Pad::Zeros: return -1;
        case Pad::Replicate: return i < 0 ? 0 : n - 1;
        case Pad::Circular: return ((i % n) + n) % n;
        case Pad::Reflect: {
            if (n == 1) return 0;
            const int period = 2 * (n - 1);  // mirror without repeating the edge
            int m = ((i % period) + period) % period;
            return m < n ? m : period - m;
        }
    }
    return -1;
}

struct Planes {
    int channels = 0, height = 0, width = 0;
    std::vector<float> v;  // [c][y][x]
    float& at(int c, int y, int x) { return v[(static_cast<std::size_t>(c) * height + y) * width + x]; }
    float at(int c, int y, int x) const { return v[(static_cast<std::size_t>(c) * height + y) * width + x]; }
};

int colourCount(const Image& img) { return img.channels == 2 || img.channels == 4 ? img.channels - 1 : img.channels; }

Planes referenceFilter(const Image& img, const Tensor& kernel, bool conv, Pad pad, int sy, int sx, int dy, int dx) {
    const int kh = kernel.dim(0), kw = kernel.dim(1);
    Planes out;
    out.channels = colourCount(img);
    out.height = (img.height + sy - 1) / sy;
    out.width = (img.width + sx - 1) / sx;
    out.v.assign(static_cast<std::size_t>(out.channels) * out.height * out.width, 0.f);
    for (int c = 0; c < out.channels; ++c)
        for (int oy = 0; oy < out.height; ++oy)
            for (int ox = 0; ox < out.width; ++ox) {
                double sum = 0.0;
                for (int i = 0; i < kh; ++i)
                    for (int j = 0; j < kw; ++j) {
                        const float k = conv ? kernel.at(kh - 1 - i, kw - 1 - j) : kernel.at(i, j);
                        const int y = source(oy * sy + (i - kh / 2) * dy, img.height, pad);
                        const int x = source(ox * sx + (j - kw / 2) * dx, img.width, pad);
                        const double p = (y < 0 || x < 0) ? 0.0 : img.at(x, y, c);
                        sum += static_cast<double>(k) * p;
                    }
                out.at(c, oy, ox) = static_cast<float>(sum);
            }
    return out;
}

int roundHalfAway(double v) { return static_cast<int>(v < 0 ? -std::floor(-v + 0.5) : std::floor(v + 0.5)); }
int toByteRef(double v) {
    if (std::isnan(v)) return 0;
    return std::clamp(roundHalfAway(v), 0, 255);
}

enum class Norm { Clamp, Abs, MinMax };

// Bytes of the documented normalisation; alpha from the input pixel at (ox*sx, oy*sy).
Image referenceBytes(const Planes& p, const Image& src, Norm norm, int sy, int sx) {
    float lo = INFINITY, hi = -INFINITY;
    for (float v : p.v) {
        lo = std::min(lo, v);
        hi = std::max(hi, v);
    }
    Image out{p.width, p.height, src.channels, {}};
    out.pixels.resize(out.byteCount());
    for (int y = 0; y < p.height; ++y)
        for (int x = 0; x < p.width; ++x) {
            for (int c = 0; c < p.channels; ++c) {
                const double v = p.at(c, y, x);
                double n = v;
                if (norm == Norm::Abs) n = std::abs(v);
                if (norm == Norm::MinMax) n = hi > lo ? (v - lo) * 255.0 / (static_cast<double>(hi) - lo) : 0.0;
                out.at(x, y, c) = static_cast<std::uint8_t>(toByteRef(n));
            }
            if (src.channels == 2 || src.channels == 4)
                out.at(x, y, src.channels - 1) = src.at(x * sx, y * sy, src.channels - 1);
        }
    return out;
}

// ---- running the command -------------------------------------------------------

class FilterCli : public test::TempDirTest {
protected:
    int run(const FilterOptions& o) {
        std::ostringstream out, err;
        const int status = runFilter(o, out, err);
        out_ = out.str();
        err_ = err.str();
        return status;
    }
    FilterOptions options(const std::string& input, const std::string& kernel) const {
        FilterOptions o;
        o.input = input;
        o.kernel = kernel;
        o.output = path("out.png");
        return o;
    }
    std::string out_, err_;
};

// Expects exit `code`, each needle in the message, and no out.png nor any
// temporary (".out.png.tmp-XXXXXX") in the test directory.
#define CONVSCOPE_EXPECT_REFUSED(status_expr, code, ...)                                                  \
    do {                                                                                                  \
        EXPECT_EQ((status_expr), (code)) << err_;                                                         \
        for (const char* needle : {__VA_ARGS__})                                                          \
            EXPECT_NE(err_.find(needle), std::string::npos) << "missing \"" << needle << "\" in: " << err_; \
        EXPECT_FALSE(fs::exists(path("out.png")));                                                        \
        for (const std::string& name : entries()) EXPECT_EQ(name.find(".out.png.tmp"), std::string::npos); \
        EXPECT_TRUE(out_.empty()) << out_;                                                                \
    } while (0)

// ---- parity with the documented formula on the sample images ---------------------

struct ParityCase {
    const char* image;
    const char* kernel;
    const char* op;
    const char* padding;
    const char* normalize;
    int stride = 1, dilation = 1;
};

std::ostream& operator<<(std::ostream& os, const ParityCase& c) {
    return os << c.image << " -k " << c.kernel << " --op " << c.op << " --padding-mode " << c.padding
              << " --normalize " << c.normalize << " --stride " << c.stride << " --dilation " << c.dilation;
}

Pad padOf(const std::string& s) {
    return s == "reflect" ? Pad::Reflect : s == "replicate" ? Pad::Replicate : s == "circular" ? Pad::Circular : Pad::Zeros;
}
Norm normOf(const std::string& s) { return s == "abs" ? Norm::Abs : s == "minmax" ? Norm::MinMax : Norm::Clamp; }

class FilterParity : public FilterCli, public ::testing::WithParamInterface<ParityCase> {};

TEST_P(FilterParity, PngEqualsDocumentedFormula) {
    const ParityCase& c = GetParam();
    FilterOptions o = options(kAssets + c.image, c.kernel);
    o.op = c.op;
    o.padding_mode = c.padding;
    o.normalize = c.normalize;
    o.stride = std::to_string(c.stride);
    o.dilation = std::to_string(c.dilation);
    ASSERT_EQ(run(o), 0) << err_;
    const Image in = loadImage(kAssets + c.image);
    const Image got = loadImage(o.output);
    const Planes planes = referenceFilter(in, kernelFromSpec(c.kernel), std::string(c.op) == "conv", padOf(c.padding),
                                          c.stride, c.stride, c.dilation, c.dilation);
    const Image want = referenceBytes(planes, in, normOf(c.normalize), c.stride, c.stride);
    ASSERT_EQ(got.width, want.width);
    ASSERT_EQ(got.height, want.height);
    ASSERT_EQ(got.channels, want.channels);
    std::size_t bad = 0, first = 0;
    for (std::size_t i = 0; i < got.pixels.size(); ++i)
        if (got.pixels[i] != want.pixels[i] && bad++ == 0) first = i;
    EXPECT_EQ(bad, 0u) << "first at byte " << first << ": got " << int{got.pixels[first]} << ", want "
                       << int{want.pixels[first]};
}

// Every padding mode, several presets, both ops, every normalisation, stride
// and dilation, over the four sample images.
INSTANTIATE_TEST_SUITE_P(
    Samples, FilterParity,
    ::testing::Values(
        ParityCase{"camera.png", "sobel-x", "xcorr", "zeros", "abs"},
        ParityCase{"camera.png", "sobel-y", "conv", "reflect", "clamp"},
        ParityCase{"camera.png", "laplacian", "xcorr", "replicate", "abs"},
        ParityCase{"camera.png", "log:9:1.4", "xcorr", "circular", "minmax"},
        // Range -722..784: 757 pixels land exactly on 127.5, a rounding tie.
        ParityCase{"camera.png", "sobel-y", "xcorr", "circular", "minmax"},
        ParityCase{"astronaut.png", "gaussian:5:1", "xcorr", "zeros", "clamp"},
        ParityCase{"astronaut.png", "emboss", "conv", "reflect", "clamp"},
        ParityCase{"astronaut.png", "sharpen", "xcorr", "replicate", "clamp", 1, 2},
        ParityCase{"astronaut.png", "scharr-x", "conv", "circular", "minmax"},
        ParityCase{"chelsea.png", "box:7", "xcorr", "zeros", "clamp", 2},
        ParityCase{"chelsea.png", "motion:9:30", "conv", "reflect", "clamp"},
        ParityCase{"chelsea.png", "unsharp:5:1:1.5", "xcorr", "replicate", "clamp"},
        ParityCase{"chelsea.png", "prewitt-y", "xcorr", "circular", "abs", 3},
        ParityCase{"coffee.png", "outline", "xcorr", "zeros", "minmax"},
        ParityCase{"coffee.png", "emboss", "xcorr", "reflect", "abs", 2, 3},
        ParityCase{"coffee.png", "gaussian:7:1.5", "conv", "replicate", "clamp", 2},
        ParityCase{"coffee.png", "sobel-x", "conv", "circular", "clamp"}),
    [](const auto& info) {
        std::ostringstream name;
        name << info.index << "_" << info.param.image << "_" << info.param.kernel << "_" << info.param.op << "_"
             << info.param.padding << "_" << info.param.normalize;
        std::string s = name.str();
        for (char& ch : s)
            if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
        return s;
    });

// ---- known answers ------------------------------------------------------------

Image solid(int w, int h, int channels, std::uint8_t value) {
    return Image{w, h, channels, std::vector<std::uint8_t>(static_cast<std::size_t>(w) * h * channels, value)};
}

TEST_F(FilterCli, IdentityReturnsEachSampleUnchanged) {
    for (const char* name : {"astronaut.png", "camera.png", "chelsea.png", "coffee.png"}) {
        ASSERT_EQ(run(options(kAssets + name, "identity")), 0) << err_;
        EXPECT_EQ(loadImage(path("out.png")), loadImage(kAssets + name)) << name;
    }
}

TEST_F(FilterCli, IdentityKeepsAlpha) {
    Image rgba{5, 4, 4, {}};
    for (int i = 0; i < 5 * 4 * 4; ++i) rgba.pixels.push_back(static_cast<std::uint8_t>(i * 13));
    writePngAtomic(path("in.png"), rgba);
    ASSERT_EQ(run(options(path("in.png"), "identity:5")), 0) << err_;
    EXPECT_EQ(loadImage(path("out.png")), rgba);
}

TEST_F(FilterCli, AlphaIsCopiedNotFiltered) {
    Image ga{6, 6, 2, {}};
    for (int y = 0; y < 6; ++y)
        for (int x = 0; x < 6; ++x) {
            ga.pixels.push_back(static_cast<std::uint8_t>(x * 40));
            ga.pixels.push_back(static_cast<std::uint8_t>(y * 50 + x));
        }
    writePngAtomic(path("in.png"), ga);
    FilterOptions o = options(path("in.png"), "box:3");
    o.stride = "2";
    ASSERT_EQ(run(o), 0) << err_;
    const Image out = loadImage(path("out.png"));
    ASSERT_EQ(out.width, 3);
    ASSERT_EQ(out.channels, 2);
    for (int y = 0; y < 3; ++y)
        for (int x = 0; x < 3; ++x) EXPECT_EQ(out.at(x, y, 1), ga.at(2 * x, 2 * y, 1));
}

TEST_F(FilterCli, BoxBlurOfConstantIsConstant) {
    writePngAtomic(path("in.png"), solid(23, 17, 3, 137));
    for (const char* mode : {"reflect", "replicate", "circular"}) {
        FilterOptions o = options(path("in.png"), "box:5");
        o.padding_mode = mode;
        ASSERT_EQ(run(o), 0) << err_;
        EXPECT_EQ(loadImage(path("out.png")), solid(23, 17, 3, 137)) << mode;
    }
    // Zero padding darkens the border, but the interior stays constant.
    ASSERT_EQ(run(options(path("in.png"), "box:5")), 0) << err_;
    const Image out = loadImage(path("out.png"));
    for (int y = 2; y < 15; ++y)
        for (int x = 2; x < 21; ++x)
            for (int c = 0; c < 3; ++c) ASSERT_EQ(out.at(x, y, c), 137);
    EXPECT_LT(out.at(0, 0, 0), 137);
}

// 50 | 200 | 50: a rising edge at x = 10 and a falling one at x = 20.
Image steps() {
    Image img{30, 8, 1, {}};
    for (int y = 0; y < 8; ++y)
        for (int x = 0; x < 30; ++x) img.pixels.push_back(x >= 10 && x < 20 ? 200 : 50);
    return img;
}

TEST_F(FilterCli, SobelXOfStepEdgeHasTheRightSign) {
    writePngAtomic(path("in.png"), steps());
    FilterOptions o = options(path("in.png"), "sobel-x");
    o.padding_mode = "replicate";
    o.normalize = "minmax";  // -600 -> 0, 0 -> 127.5 -> 128, +600 -> 255
    ASSERT_EQ(run(o), 0) << err_;
    EXPECT_NE(out_.find("-600 to 600"), std::string::npos) << out_;
    Image out = loadImage(path("out.png"));
    for (int y = 0; y < 8; ++y)
        for (int x = 0; x < 30; ++x) {
            const int want = (x == 9 || x == 10) ? 255 : (x == 19 || x == 20) ? 0 : 128;
            ASSERT_EQ(out.at(x, y, 0), want) << "x " << x << " y " << y;
        }
    // True convolution flips the kernel: the signs swap.
    o.op = "conv";
    ASSERT_EQ(run(o), 0) << err_;
    out = loadImage(path("out.png"));
    for (int y = 0; y < 8; ++y) {
        EXPECT_EQ(out.at(9, y, 0), 0);
        EXPECT_EQ(out.at(20, y, 0), 255);
        EXPECT_EQ(out.at(3, y, 0), 128);
    }
    // clamp keeps only the positive side: the rising edge under xcorr.
    o.op = "xcorr";
    o.normalize = "clamp";
    ASSERT_EQ(run(o), 0) << err_;
    out = loadImage(path("out.png"));
    EXPECT_EQ(out.at(10, 0, 0), 255);
    EXPECT_EQ(out.at(20, 0, 0), 0);
    EXPECT_EQ(out.at(3, 0, 0), 0);
}

// Rank-1 kernels take two 1-D passes by default (README, "Separable kernels"):
// the same bytes as the 2-D sum when the factors are exact (Sobel, box), and
// within 1 (a float bit at a .5 tie) for a sampled Gaussian.
TEST_F(FilterCli, SeparableAutoAgreesWithTheTwoDimensionalSum) {
    for (const char* kernel : {"sobel-x", "box:7", "gaussian:15:3"}) {
        FilterOptions o = options(kAssets + "astronaut.png", kernel);
        o.padding_mode = "reflect";
        ASSERT_EQ(run(o), 0) << err_;
        const Image two_pass = loadImage(o.output);
        o.separable = "never";
        ASSERT_EQ(run(o), 0) << err_;
        const Image direct = loadImage(o.output);
        ASSERT_EQ(two_pass.pixels.size(), direct.pixels.size());
        int worst = 0;
        for (std::size_t i = 0; i < direct.pixels.size(); ++i)
            worst = std::max(worst, std::abs(int{two_pass.pixels[i]} - int{direct.pixels[i]}));
        EXPECT_LE(worst, std::string(kernel).rfind("gaussian", 0) == 0 ? 1 : 0) << kernel;
    }
}

TEST_F(FilterCli, StrideAndDilationChangeTheOutputSize) {
    FilterOptions o = options(kAssets + "chelsea.png", "gaussian:3");
    o.stride = "2x3";
    o.dilation = "2";
    ASSERT_EQ(run(o), 0) << err_;
    const Image out = loadImage(path("out.png"));
    EXPECT_EQ(out.width, (451 + 2) / 3);
    EXPECT_EQ(out.height, 150);
}

TEST_F(FilterCli, NormalizeKernelKeepsBrightness) {
    writePngAtomic(path("in.png"), solid(9, 9, 1, 100));
    FilterOptions o = options(path("in.png"), "1 2 1; 2 4 2; 1 2 1");
    o.padding_mode = "replicate";
    o.normalize_kernel = true;
    ASSERT_EQ(run(o), 0) << err_;
    EXPECT_EQ(loadImage(path("out.png")), solid(9, 9, 1, 100));
    o.normalize_kernel = false;  // sum 16: every pixel 1600, clamped
    ASSERT_EQ(run(o), 0) << err_;
    EXPECT_EQ(loadImage(path("out.png")), solid(9, 9, 1, 255));
}

TEST_F(FilterCli, KernelFromFileAndJsonLiteral) {
    std::ofstream(path("k.csv")) << "0,0,0\n0,0,1\n0,0,0\n";
    writePngAtomic(path("in.png"), steps());
    FilterOptions o = options(path("in.png"), path("k.csv"));
    o.padding_mode = "replicate";
    ASSERT_EQ(run(o), 0) << err_;
    const Image shifted = loadImage(path("out.png"));  // out(x) = in(x + 1)
    EXPECT_EQ(shifted.at(9, 0, 0), 200);
    EXPECT_EQ(shifted.at(10, 0, 0), 200);
    EXPECT_EQ(shifted.at(8, 0, 0), 50);
    o.kernel = "[[0,0,0],[0,0,1],[0,0,0]]";
    ASSERT_EQ(run(o), 0) << err_;
    EXPECT_EQ(loadImage(path("out.png")), shifted);
}

// ---- pooling ---------------------------------------------------------------------

TEST_F(FilterCli, PoolingAloneOnKnownValues) {
    // 4 x 4 gray: [[1,2,3,0],[4,5,6,1],[3,4,7,2],[1,2,1,0]] * 10.
    const int v[16] = {1, 2, 3, 0, 4, 5, 6, 1, 3, 4, 7, 2, 1, 2, 1, 0};
    Image img{4, 4, 1, {}};
    for (int x : v) img.pixels.push_back(static_cast<std::uint8_t>(10 * x));
    writePngAtomic(path("in.png"), img);
    FilterOptions o = options(path("in.png"), "");
    o.pool = "max";
    o.pool_size = 2;
    ASSERT_EQ(run(o), 0) << err_;
    EXPECT_EQ(loadImage(path("out.png")), (Image{2, 2, 1, {50, 60, 40, 70}}));
    o.pool = "avg";  // 30, 25, 25, 25
    ASSERT_EQ(run(o), 0) << err_;
    EXPECT_EQ(loadImage(path("out.png")), (Image{2, 2, 1, {30, 25, 25, 25}}));
    o.pool = "l2";  // sqrt(100+400+1600+2500) = 67.82 -> 68, ...
    ASSERT_EQ(run(o), 0) << err_;
    const Image l2 = loadImage(path("out.png"));
    EXPECT_EQ(l2.at(0, 0, 0), toByteRef(std::sqrt(100.0 + 400 + 1600 + 2500)));
    EXPECT_EQ(l2.at(1, 1, 0), toByteRef(std::sqrt(4900.0 + 400 + 100 + 0)));
    o.pool = "max";  // overlapping windows: 3 x 3 outputs
    o.pool_stride = 1;
    ASSERT_EQ(run(o), 0) << err_;
    EXPECT_EQ(loadImage(path("out.png")), (Image{3, 3, 1, {50, 60, 60, 50, 70, 70, 40, 70, 70}}));
}

TEST_F(FilterCli, PoolingAfterFilterMatchesReference) {
    FilterOptions o = options(kAssets + "astronaut.png", "sobel-x");
    o.pool = "max";
    o.pool_size = 3;
    o.pool_stride = 2;
    o.padding_mode = "reflect";
    o.normalize = "abs";
    ASSERT_EQ(run(o), 0) << err_;
    const Image in = loadImage(kAssets + "astronaut.png");
    const Planes f = referenceFilter(in, sobelXKernel(), false, Pad::Reflect, 1, 1, 1, 1);
    Planes pooled;
    pooled.channels = 3;
    pooled.height = (f.height - 3) / 2 + 1;
    pooled.width = (f.width - 3) / 2 + 1;
    pooled.v.resize(static_cast<std::size_t>(3) * pooled.height * pooled.width);
    for (int c = 0; c < 3; ++c)
        for (int y = 0; y < pooled.height; ++y)
            for (int x = 0; x < pooled.width; ++x) {
                float m = -INFINITY;
                for (int i = 0; i < 3; ++i)
                    for (int j = 0; j < 3; ++j) m = std::max(m, f.at(c, 2 * y + i, 2 * x + j));
                pooled.at(c, y, x) = m;
            }
    EXPECT_EQ(loadImage(path("out.png")), referenceBytes(pooled, in, Norm::Abs, 2, 2));
}

TEST_F(FilterCli, PoolWindowLargerThanImageIsRefused) {
    writePngAtomic(path("in.png"), solid(3, 3, 1, 9));
    FilterOptions o = options(path("in.png"), "identity");
    o.pool = "avg";
    o.pool_size = 5;
    CONVSCOPE_EXPECT_REFUSED(run(o), 2, "--pool");
}

TEST_F(FilterCli, PoolSizeWithoutPoolIsRefused) {
    FilterOptions o = options(kAssets + "camera.png", "identity");
    o.pool_size = 2;
    CONVSCOPE_EXPECT_REFUSED(run(o), 2, "--pool");
}

// ---- channel views: the image lab's, from the command line (issue 9) -------------

// The cat photo with emboss and convolution, pixel (186, 102): the lab said
// 137.3 (the gray mix of the filtered planes) and the step view 138 (the
// filter of the rounded gray). Now, in every channel view, the hovered value,
// the step view, the lab's saved PNG and `filter --channel` agree.
TEST_F(FilterCli, ChannelViewsMatchTheImageLab) {
    const std::string cat = kAssets + "chelsea.png";
    const std::vector<std::pair<std::string, int>> views = {{"all", 0}, {"all", 1}, {"all", 2}, {"R", 0},
                                                            {"G", 0},   {"B", 0},   {"gray", 0}};
    for (const auto& [name, inspect] : views) {
        SCOPED_TRACE(name + " inspect " + std::to_string(inspect));
        FilterOptions o = options(cat, "emboss");
        o.op = "conv";
        o.padding_mode = "reflect";
        o.channel = name;
        ASSERT_EQ(run(o), 0) << err_;
        EXPECT_NE(out_.find(name == "all" ? "RGB from" : "channel " + name), std::string::npos) << out_;
        const Image cli = loadImage(path("out.png"));

        ImageLab lab;
        std::string error;
        ASSERT_TRUE(setPreset(lab, parseKernelSpec("emboss"), error));
        lab.convolve = true;
        lab.padding_mode = PaddingMode::Reflect;
        lab.image_path = cat;
        ASSERT_TRUE(parseLabChannel(name, lab.view.channel));
        lab.view.inspect = inspect;
        ImageLabView view([](const std::string& p) { return loadImage(p); }, nullptr, "");
        view.update(lab, false, 0.0);
        ASSERT_TRUE(view.frame().error.empty()) << view.frame().error;
        EXPECT_EQ(view.saveImage(lab), cli);

        const LabHover h = view.hover(lab, 186, 102);
        ASSERT_TRUE(h.has_out);
        const LabLessonCrop crop = view.stepView(lab, 186, 102);
        const Trace trace = buildTrace(crop.lesson.request);
        EXPECT_FLOAT_EQ(trace.steps[crop.step].result, h.out_value);
        const int plane = name == "all" ? inspect : 0;
        EXPECT_EQ(cli.at(186, 102, plane), toByte(h.out_value));
    }
}

TEST_F(FilterCli, UnknownChannelIsRefused) {
    FilterOptions o = options(kAssets + "camera.png", "identity");
    o.channel = "alpha";
    CONVSCOPE_EXPECT_REFUSED(run(o), 2, "--channel");
}

// ---- bad inputs: a clear message, a non-zero exit, no output file ---------------------

TEST_F(FilterCli, NotAnImageIsRefused) {
    std::ofstream(path("notes.png")) << "these are lecture notes, not a PNG\n";
    CONVSCOPE_EXPECT_REFUSED(run(options(path("notes.png"), "sobel-x")), 2, "notes.png", "not a supported image");
}

TEST_F(FilterCli, TruncatedImageIsRefused) {
    const std::vector<std::uint8_t> png = encodePng(loadImage(kAssets + "camera.png"));
    std::ofstream(path("cut.png"), std::ios::binary)
        .write(reinterpret_cast<const char*>(png.data()), static_cast<std::streamsize>(png.size() / 3));
    CONVSCOPE_EXPECT_REFUSED(run(options(path("cut.png"), "sobel-x")), 2, "cut.png", "truncated or corrupt");
}

TEST_F(FilterCli, HugeHeaderIsRefused) {
    // Signature and an IHDR claiming 100000 x 100000 RGB (CRC not checked by stb).
    const unsigned char png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
                                 0, 1, 0x86, 0xA0, 0, 1, 0x86, 0xA0, 8, 2, 0, 0, 0, 0, 0, 0, 0};
    std::ofstream(path("huge.png"), std::ios::binary).write(reinterpret_cast<const char*>(png), sizeof png);
    CONVSCOPE_EXPECT_REFUSED(run(options(path("huge.png"), "sobel-x")), 2, "huge.png", "100000 x 100000", "over the limit");
}

TEST_F(FilterCli, KernelLiteralThatDoesNotParseIsRefused) {
    CONVSCOPE_EXPECT_REFUSED(run(options(kAssets + "camera.png", "1 2 1; 0 zero 0; -1 -2 -1")), 2, "not a matrix literal",
                   "zero", "Presets:");
}

// Issue 15: this kernel (an object nested 100,000 deep inside the rows)
// crashed filter with a stack overflow while its message was being built.
TEST_F(FilterCli, DeeplyNestedKernelIsRefused) {
    const int depth = 100000;
    std::ofstream(path("deep.json")) << "[[{\"a\": " << std::string(depth, '[') << "1" << std::string(depth, ']')
                                     << "}]]";
    CONVSCOPE_EXPECT_REFUSED(run(options(kAssets + "camera.png", path("deep.json"))), 2, "deep.json",
                             "levels deep; a matrix is at most 3");
}

TEST_F(FilterCli, EmptyKernelFileIsRefusedAsAFile) {
    std::ofstream(path("empty.txt")) << " \n";
    CONVSCOPE_EXPECT_REFUSED(run(options(kAssets + "camera.png", path("empty.txt"))), 2, "empty.txt", "is empty");
}

TEST_F(FilterCli, RaggedKernelLiteralIsRefused) {
    CONVSCOPE_EXPECT_REFUSED(run(options(kAssets + "camera.png", "1 2 1; 0 0; -1 -2 -1")), 2, "not a matrix literal");
}

TEST_F(FilterCli, EvenSizedKernelIsRefused) {
    CONVSCOPE_EXPECT_REFUSED(run(options(kAssets + "camera.png", "1 1; 1 1")), 2, "2 x 2", "odd");
    CONVSCOPE_EXPECT_REFUSED(run(options(kAssets + "camera.png", "1 0 -1 0; 2 0 -2 0; 1 0 -1 0")), 2, "3 x 4", "odd");
}

TEST_F(FilterCli, BadPresetParameterIsRefused) {
    CONVSCOPE_EXPECT_REFUSED(run(options(kAssets + "camera.png", "gaussian:4")), 2, "odd");
    CONVSCOPE_EXPECT_REFUSED(run(options(kAssets + "camera.png", "box:33")), 2, "1 to 31");
}

TEST_F(FilterCli, OutputInMissingDirectoryIsRefused) {
    FilterOptions o = options(kAssets + "camera.png", "sobel-x");
    o.output = path("no-such-dir/out.png");
    EXPECT_EQ(run(o), 1);
    EXPECT_NE(err_.find("no-such-dir/out.png"), std::string::npos) << err_;
    EXPECT_NE(err_.find("No such file or directory"), std::string::npos) << err_;
    EXPECT_TRUE(entries().empty());
}

TEST_F(FilterCli, OutputInProcIsRefused) {
    FilterOptions o = options(kAssets + "camera.png", "sobel-x");
    o.output = "/proc/forbidden.png";
    EXPECT_EQ(run(o), 1);
    EXPECT_NE(err_.find("/proc/forbidden.png"), std::string::npos) << err_;
    EXPECT_FALSE(fs::exists("/proc/forbidden.png"));
}

TEST_F(FilterCli, OutputOverDirectoryLeavesNoTemporary) {
    fs::create_directories(path("out.png/keep"));
    EXPECT_EQ(run(options(kAssets + "camera.png", "sobel-x")), 1);
    EXPECT_NE(err_.find("it is a directory"), std::string::npos) << err_;
    EXPECT_EQ(entries(), std::vector<std::string>{"out.png"});
}

TEST_F(FilterCli, FailedRunKeepsThePreviousOutput) {
    std::ofstream(path("out.png")) << "previous";
    EXPECT_EQ(run(options(kAssets + "camera.png", "1 1; 1 1")), 2);
    std::ifstream in(path("out.png"));
    EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), "previous");
}

// Sums past float's range used to be written anyway: minmax made every pixel
// black (inf - inf) and the run said "wrote" with exit 0.
TEST_F(FilterCli, OverflowingValuesAreRefused) {
    FilterOptions o = options(kAssets + "camera.png", "1e38 0 -1e38");
    o.normalize = "minmax";
    CONVSCOPE_EXPECT_REFUSED(run(o), 2, "overflow a 32-bit float");
}

TEST_F(FilterCli, MissingInputIsAnIoFailure) {
    CONVSCOPE_EXPECT_REFUSED(run(options(path("missing.png"), "sobel-x")), 1, "missing.png", "No such file");
}

TEST_F(FilterCli, GpuBackendWithinOneOfCpuOrSaysWhy) {
    std::string why;
    if (!makeEngine("gpu", why)) {
        FilterOptions o = options(kAssets + "camera.png", "sobel-x");
        o.backend = "gpu";
        CONVSCOPE_EXPECT_REFUSED(run(o), 1, "GPU", "--backend cpu");
        return;
    }
    struct Case {
        const char* image;
        const char* kernel;
        const char* op;
        const char* padding;
        const char* normalize;
        const char* pool;
    };
    for (const Case& c : {Case{"camera.png", "sobel-x", "xcorr", "zeros", "abs", ""},
                          Case{"astronaut.png", "gaussian:7:1.5", "xcorr", "reflect", "clamp", ""},
                          Case{"chelsea.png", "emboss", "conv", "circular", "minmax", ""},
                          Case{"coffee.png", "box:5", "xcorr", "replicate", "clamp", "max"},
                          Case{"camera.png", "log", "conv", "reflect", "abs", "l2"}}) {
        SCOPED_TRACE(std::string(c.image) + " " + c.kernel + " " + c.padding + " " + c.pool);
        FilterOptions o = options(kAssets + c.image, c.kernel);
        o.op = c.op;
        o.padding_mode = c.padding;
        o.normalize = c.normalize;
        o.pool = c.pool;
        o.pool_size = o.pool.empty() ? 0 : 2;
        o.backend = "gpu";
        ASSERT_EQ(run(o), 0) << err_;
        EXPECT_NE(out_.find(", gpu;"), std::string::npos) << out_;
        const Image gpu = loadImage(path("out.png"));
        o.backend = "cpu";
        ASSERT_EQ(run(o), 0) << err_;
        const Image cpu = loadImage(path("out.png"));
        ASSERT_EQ(gpu.pixels.size(), cpu.pixels.size());
        int worst = 0;
        for (std::size_t i = 0; i < cpu.pixels.size(); ++i) worst = std::max(worst, std::abs(gpu.pixels[i] - cpu.pixels[i]));
        EXPECT_LE(worst, 1);
    }
}

// ---- the real binary ---------------------------------------------------------------

using test::runBinary;

TEST_F(FilterCli, BinaryWritesAndSummarises) {
    const auto r = runBinary("filter " + kAssets + "camera.png -k \"-1 0 1; -2 0 2; -1 0 1\" --normalize abs -o " +
                             path("out.png"));
    EXPECT_EQ(r.status, 0) << r.out;
    EXPECT_NE(r.out.find("wrote " + path("out.png") + ": 512 x 512 gray"), std::string::npos) << r.out;
    FilterOptions o = options(kAssets + "camera.png", "sobel-x");
    o.output = path("preset.png");
    o.normalize = "abs";
    ASSERT_EQ(run(o), 0);
    EXPECT_EQ(loadImage(path("out.png")), loadImage(path("preset.png")));
}

TEST_F(FilterCli, BinaryHelpDefinesThePixel) {
    const auto r = runBinary("filter --help");
    EXPECT_EQ(r.status, 0);
    for (const char* needle : {"What a pixel becomes", "half away from zero", "alpha", "Exit status", "sobel-x"})
        EXPECT_NE(r.out.find(needle), std::string::npos) << needle;
}

TEST_F(FilterCli, BinaryBadOptionIsExit2) {
    const auto r = runBinary("filter " + kAssets + "camera.png -k sobel-x --op fold -o " + path("out.png"));
    EXPECT_EQ(r.status, 2) << r.out;
    EXPECT_FALSE(fs::exists(path("out.png")));
    const auto s = runBinary("filter " + kAssets + "camera.png -k sobel-x --stride 0 -o " + path("out.png"));
    EXPECT_EQ(s.status, 2) << s.out;
    EXPECT_NE(s.out.find("--stride"), std::string::npos) << s.out;
    EXPECT_FALSE(fs::exists(path("out.png")));
    const auto t = runBinary("filter " + kAssets + "camera.png -k box --separable sometimes -o " + path("out.png"));
    EXPECT_EQ(t.status, 2) << t.out;
    EXPECT_NE(t.out.find("--separable"), std::string::npos) << t.out;
    EXPECT_FALSE(fs::exists(path("out.png")));
}

TEST_F(FilterCli, BinaryZeroPoolStrideIsRefusedNotDefaulted) {
    // 0 used to mean "the default" silently.
    const auto r = runBinary("filter " + kAssets + "camera.png --pool max --pool-size 2 --pool-stride 0 -o " +
                             path("out.png"));
    EXPECT_EQ(r.status, 2) << r.out;
    EXPECT_NE(r.out.find("--pool-stride"), std::string::npos) << r.out;
    EXPECT_FALSE(fs::exists(path("out.png")));
}

TEST_F(FilterCli, OutputMustBeNamedPng) {
    // The file is always PNG; a .jpg name would hold PNG bytes.
    FilterOptions o = options(kAssets + "camera.png", "identity");
    o.output = path("photo.jpg");
    CONVSCOPE_EXPECT_REFUSED(run(o), 2, ".png", "photo.jpg");
    EXPECT_FALSE(fs::exists(path("photo.jpg")));
    o.output = path("PHOTO.PNG");  // the extension in any case
    EXPECT_EQ(run(o), 0) << err_;
}

TEST_F(FilterCli, BinaryBadImageIsExit2) {
    std::ofstream(path("noise.png")) << std::string(300, '\x7f');
    const auto r = runBinary("filter " + path("noise.png") + " -k box -o " + path("out.png"));
    EXPECT_EQ(r.status, 2) << r.out;
    EXPECT_NE(r.out.find("noise.png"), std::string::npos) << r.out;
    EXPECT_FALSE(fs::exists(path("out.png")));
}

}  // namespace
}  // namespace cs
