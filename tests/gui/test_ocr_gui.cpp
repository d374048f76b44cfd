// The screen read as a student reads it: screenshots of the real app at the
// sizes a classroom uses (1280x720 at 150% and 200%, 1920x1080 at 200%,
// 1600x900 at 100%), light and dark, read back with Tesseract OCR. The step
// counter and the step's equation must be there as text: a layout that cuts
// the output grid, the step panel or its bold equation off fails.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <regex>
#include <fstream>
#include <string>
#include <vector>

#include "../support/gui_harness.h"

namespace {

namespace fs = std::filesystem;
using cs::test::Picture;

// Whitespace dropped and the symbols OCR reads as ASCII mapped to it, so
// "output (0, 1) = 0 + 0 + 2 = 2" matches however Tesseract spaces it.
std::string normalised(const std::string& text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        if (c == ' ' || c == '\t' || c == '\r') continue;
        if (text.compare(i, 2, "\xc3\x97") == 0) { out += 'x'; ++i; continue; }            // ×
        if (text.compare(i, 3, "\xe2\x88\x92") == 0 || text.compare(i, 3, "\xe2\x80\x94") == 0 ||
            text.compare(i, 3, "\xe2\x80\x93") == 0) { out += '-'; i += 2; continue; }     // − — –
        out += static_cast<char>(c);
    }
    return out;
}

// Tesseract's lines of `image` (page segmentation `psm`), normalised.
std::vector<std::string> ocrLines(const fs::path& image, int psm) {
    const std::string cmd = "tesseract '" + image.string() + "' - --psm " + std::to_string(psm) + " 2>/dev/null";
    std::vector<std::string> lines;
    FILE* pipe = popen(cmd.c_str(), "r");
    if (pipe == nullptr) return lines;
    std::string line;
    char buf[4096];
    while (std::fgets(buf, sizeof buf, pipe) != nullptr) {
        line += buf;
        if (!line.empty() && line.back() == '\n') {
            line.pop_back();
            if (const std::string n = normalised(line); !n.empty()) lines.push_back(n);
            line.clear();
        }
    }
    if (const std::string n = normalised(line); !n.empty()) lines.push_back(n);
    pclose(pipe);
    return lines;
}

// The fragments (each within one line) that no reading finds: automatic
// page segmentation, then sparse text (psm 11), then automatic on the
// upscaled picture; each reading only when the ones before missed something.
std::vector<std::string> missingText(const fs::path& image, const fs::path& upscaled,
                                     const std::vector<std::string>& fragments) {
    std::vector<std::string> missing;
    std::vector<std::vector<std::string>> readings;
    for (const std::string& f : fragments) {
        bool found = false;
        for (int pass = 0; !found && pass < 3; ++pass) {
            if (readings.size() <= static_cast<std::size_t>(pass))
                readings.push_back(ocrLines(pass == 2 ? upscaled : image, pass == 1 ? 11 : 3));
            for (const std::string& l : readings[static_cast<std::size_t>(pass)])
                if (l.find(normalised(f)) != std::string::npos) found = true;
        }
        if (!found) missing.push_back(f);
    }
    return missing;
}

std::string joined(const std::vector<std::string>& v) {
    std::string out;
    for (const std::string& s : v) out += (out.empty() ? "\"" : ", \"") + s + "\"";
    return out;
}

// What Tesseract reads best: dark text on white, twice the size. Coloured
// text (the orange result, the accent headings) keeps its contrast when each
// pixel becomes its darkest channel on a light theme, and the inverse of its
// brightest on a dark one; `upscale` doubles the size (bilinear), which helps
// small text and hurts large text, so both are read.
fs::path forOcr(const Picture& p, bool dark, const fs::path& out, bool upscale) {
    const int w = p.width, h = p.height;
    std::vector<unsigned char> g(static_cast<std::size_t>(w) * static_cast<std::size_t>(h));
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            const unsigned char* c = p.at(x, y);
            const int v = dark ? 255 - std::max({c[0], c[1], c[2]}) : std::min({c[0], c[1], c[2]});
            g[static_cast<std::size_t>(y) * static_cast<std::size_t>(w) + static_cast<std::size_t>(x)] = static_cast<unsigned char>(v);
        }
    auto at = [&](int x, int y) {
        return static_cast<int>(g[static_cast<std::size_t>(std::min(y, h - 1)) * static_cast<std::size_t>(w) +
                                  static_cast<std::size_t>(std::min(x, w - 1))]);
    };
    std::ofstream f(out, std::ios::binary);
    if (!upscale) {
        f << "P5\n" << w << " " << h << "\n255\n";
        f.write(reinterpret_cast<const char*>(g.data()), static_cast<std::streamsize>(g.size()));
        return out;
    }
    f << "P5\n" << 2 * w << " " << 2 * h << "\n255\n";
    std::vector<unsigned char> row(static_cast<std::size_t>(2 * w));
    for (int y = 0; y < 2 * h; ++y) {
        for (int x = 0; x < 2 * w; ++x) {
            const int x0 = x / 2, y0 = y / 2, dx = x % 2, dy = y % 2;
            const int v = (at(x0, y0) * (2 - dx) * (2 - dy) + at(x0 + 1, y0) * dx * (2 - dy) + at(x0, y0 + 1) * (2 - dx) * dy +
                           at(x0 + 1, y0 + 1) * dx * dy) / 4;
            row[static_cast<std::size_t>(x)] = static_cast<unsigned char>(v);
        }
        f.write(reinterpret_cast<const char*>(row.data()), static_cast<std::streamsize>(row.size()));
    }
    return out;
}

struct Screen {
    const char* size;
    const char* scale;
};
constexpr Screen kScreens[] = {{"1280x720", "1.5"}, {"1280x720", "2"}, {"1920x1080", "2"}, {"1600x900", "1"}};

class Ocr : public cs::test::GuiTest {
protected:
    fs::path shotAt(const std::string& lesson, const Screen& s, const char* theme, const std::string& extra = "") {
        const fs::path png = dir_ / (lesson + "_" + s.size + "_" + s.scale + "_" + theme + (extra.empty() ? "" : "_x") + ".png");
        const Picture p = shoot("--lesson " + lesson + " --step 2 --screenshot " + png.string() + " --size " + s.size +
                                    " --scale " + s.scale + " --theme " + theme + " " + extra,
                                png);
        EXPECT_TRUE(p.ok()) << png;
        if (!p.ok()) return png;
        const bool dark = std::string(theme) == "dark";
        forOcr(p, dark, fs::path(png).replace_extension(".x2.pgm"), true);
        return forOcr(p, dark, fs::path(png).replace_extension(".pgm"), false);
    }
    void expectReads(const std::string& lesson, const Screen& s, const char* theme, const std::vector<std::string>& text,
                     const std::string& extra = "") {
        const fs::path png = shotAt(lesson, s, theme, extra);
        const std::vector<std::string> missing = missingText(png, fs::path(png).replace_extension(".x2.pgm"), text);
        EXPECT_TRUE(missing.empty()) << lesson << " at " << s.size << " scale " << s.scale << " " << theme
                                     << ": OCR does not read " << joined(missing) << " (as read: " << png << ")";
    }
};

// The seed lesson's step 2: output (0, 1), rows 0 + 0 + 2 (kernel row 1 is zeros).
const std::vector<std::string> kSeedStep2 = {"Step 2 of 4", "output (0, 1) = 0 + 0 + 2 = 2"};

TEST(OcrText, NormalisingDropsSpacesAndMapsSymbols) {
    EXPECT_EQ(normalised("row 0:  0\xc3\x97" "1 \xe2\x88\x92 1 = 0"), "row0:0x1-1=0");
}

TEST_F(Ocr, SeedStepTwoReadsAtEveryClassroomSizeDark) {
    for (const Screen& s : kScreens) expectReads("seed", s, "dark", kSeedStep2);
}

TEST_F(Ocr, SeedStepTwoReadsAtEveryClassroomSizeLight) {
    for (const Screen& s : kScreens) expectReads("seed", s, "light", kSeedStep2);
}

// A student's laptop at 150%: the step pane keeps its tabs, so the quiz, the
// code and the output-size formula stay one click away beside the step.
TEST_F(Ocr, TheQuizTabStaysAtOneHundredFiftyPercent) {
    expectReads("seed", kScreens[0], "dark", {"Step", "Output size", "Code", "Quiz", "Step 2 of 4"});
}

// Presenter mode (--present: what F5 shows) at the projector's 1280x720 and 200%.
TEST_F(Ocr, PresenterModeReadsAtTheSmallestProjector) {
    expectReads("seed", kScreens[1], "dark", kSeedStep2, "--present");
    expectReads("seed", kScreens[1], "light", kSeedStep2, "--present");
}

// Max pooling's step 2 (the window's values, the 6 chosen in a box).
TEST_F(Ocr, PoolingStepTwoReads) {
    const std::vector<std::string> text = {"Step 2 of 4", "output (0, 1) = max(3, 0,", "1) = 6"};
    expectReads("pooling", kScreens[0], "dark", text);
    expectReads("pooling", kScreens[2], "light", text);
}

// The discrete signals lesson at its second output: y[1] = 1 x 0.607 + 1 x 1.
TEST_F(Ocr, SignalsDiscreteStepTwoReads) {
    const std::vector<std::string> text = {"Convolution (discrete)", "= 1\xc3\x97" "0.607 + 1\xc3\x97" "1 = 1.607"};
    expectReads("signals-discrete", kScreens[0], "dark", text);
    expectReads("signals-discrete", kScreens[2], "light", text);
}

// The signals lessons' output plots keep their axes on the stage at 1280x720
// and 150% (the regressions: the discrete plots' floor of 10 text heights
// pushed the output below the stage's edge, 40 px of it showing, no tick
// labels; the continuous result plot's tick row was cut in half). The
// discrete step's numbers then fit on one line; the continuous result plot
// gives up its legend band.
TEST_F(Ocr, SignalsOutputAxisIsOnTheSmallProjector) {
    expectReads("signals-discrete", kScreens[0], "dark", {"12 14 n", "= 1\xc3\x97" "0.607 + 1\xc3\x97" "1 = 1.607"});
    expectReads("signals", kScreens[0], "dark", {"0 5 t", "(f * g)(3.19) = 0.2636"}, "--step 100");
}

// The Layers pipeline's bar names every stage at the classroom sizes: where
// the seven stages need more lines than the bar has, their text shrinks
// (ui/layers_panel.h pipelineBarFit). Before, "linear 3x8" was cut in half
// at 1920x1080 200% (and scrolled out of sight at 1280x720 150%).
TEST_F(Ocr, PipelineBarNamesEveryStage) {
    const std::vector<std::string> text = {"conv 2x1x3x3", "max pool 2x2", "linear 3x8"};
    // Light, at 1920x1080: Tesseract misreads the white-on-blue buttons of the
    // dark theme, and the 20 px button text the bar shrinks to at 1280x720
    // 150% (which a person reads; the bar's fit is the same code).
    expectReads("pipeline", kScreens[2], "light", text);
}

// The Network page on first start: the gallery's first image (a T-shirt)
// through the shipped model, its class in large type and in the bars, and
// the arithmetic of block 2's strongest conv output.
TEST_F(Ocr, NetworkPageReadsThePredictedClass) {
    const std::vector<std::string> text = {"T-shirt/top", "layer2.0 conv2d"};
    expectReads("network", kScreens[0], "dark", text);
    expectReads("network", kScreens[2], "light", text);
}

// At 1280x720 and 200% the shapes over the maps no longer run into each
// other ("28x28" whole, not "16x28x2816x28..."), and the status line's
// model name is whole (a short form of the engine's words).
TEST_F(Ocr, NetworkPageAtTwoHundredPercentKeepsShapesAndStatusWhole) {
    expectReads("network", kScreens[1], "light", {"28x28", "fashion_convnet.safetensors"});
}

// Training under way (--train-preview 25: epoch 3 of 3, batch 5 of 10, the
// confusion matrix of epoch 2): the status, the headings, and the accuracy
// curves' legend with numbers ("train 64%", "test 61%"), whatever they are.
TEST_F(Ocr, NetworkTrainingPreviewReadsEpochAndAccuracy) {
    const std::vector<std::string> text = {"Epoch 3 of 3", "batch 5/10", "Test set, epoch 2", "Misclassified test images"};
    for (const Screen& s : {kScreens[0], kScreens[2]}) {
        const fs::path pgm = shotAt("network", s, "dark", "--train-preview 25");
        const std::vector<std::string> missing = missingText(pgm, fs::path(pgm).replace_extension(".x2.pgm"), text);
        EXPECT_TRUE(missing.empty()) << s.size << " scale " << s.scale << ": OCR does not read " << joined(missing) << " (" << pgm << ")";
        bool train = false, test = false;
        const std::regex train_pct("train[0-9]{1,3}%"), test_pct("test[0-9]{1,3}%");
        for (const fs::path& p : {pgm, fs::path(pgm).replace_extension(".x2.pgm")})
            for (int psm : {3, 11})
                for (const std::string& l : train && test ? std::vector<std::string>{} : ocrLines(p, psm)) {
                    train = train || std::regex_search(l, train_pct);
                    test = test || std::regex_search(l, test_pct);
                }
        EXPECT_TRUE(train && test) << s.size << " scale " << s.scale << ": no accuracy numbers read (" << pgm << ")";
    }
}

// The whole step text, its last row and the explanation under it, reads
// without scrolling. (At 1280x720 and 150% it fits at 0.6x, too small for
// Tesseract to read reliably: checked by eye there.)
TEST_F(Ocr, SeedStepTwoExplanationIsWhole) {
    const std::vector<std::string> text = {"row 2:", "Each weight multiplies the value"};
    for (const Screen& s : {kScreens[2], kScreens[3]}) expectReads("seed", s, "dark", text);
}

// The multichannel lesson at 1600x900 and 100%: both input channels and
// every filter's slices are on the stage, their titles readable.
TEST_F(Ocr, MultichannelShowsBothChannelsAndBothFilters) {
    expectReads("multichannel", kScreens[3], "dark",
                {"Channel 0", "Filter 0, ch 0", "Filter 0, ch 1", "Filter 1, ch 0", "Filter 1, ch 1"});
}

// Depthwise (groups 3) at filter 1's second step: the caption names the one
// channel it sees and the step text says the sum has that channel alone. At
// 1600x900 and 100% three channel rows would leave cells too small to read,
// so only filter 1's channel is drawn and the caption says the others are
// hidden; at 1920x1080 and 100% they all fit, the unseen ones veiled.
TEST_F(Ocr, DepthwiseSaysWhichChannelAFilterSees) {
    expectReads("depthwise", kScreens[3], "dark",
                {"Filter 1 sees channel 1 only (group 1 of 3)", "hidden here, for room", "Channel 1 (4x4, padding 1)",
                 "Filter 1, ch 1", "the other channels add"},
                "--step 6");
    expectReads("depthwise", Screen{"1920x1080", "1"}, "light",
                {"Filter 1 sees channel 1 only (group 1 of 3)", "Channel 0: not seen", "Filter 2, ch 2"}, "--step 6");
}

// The output cell being computed at step 2 of the seed lesson (dark theme):
// the box outlined in the current-cell orange (255, 170, 40) furthest right
// on the stage (the padded input's window is further left). Its edge is the
// cell, to within the outline's width.
struct CellBox {
    int x0 = 0, y0 = 0, x1 = -1, y1 = -1;
    int size() const { return x1 - x0 + 1; }
};
CellBox currentOutputCell(const Picture& p) {
    auto orange = [&](int x, int y) {
        const unsigned char* c = p.at(x, y);
        return c[0] == 255 && c[1] == 170 && c[2] == 40;
    };
    CellBox b;
    // The stage is the upper half (the step pane and the bars are below).
    for (int x = p.width - 1; x >= 0 && b.x1 < 0; --x)
        for (int y = 0; y < p.height / 2; ++y)
            if (orange(x, y)) {
                b.x1 = x;
                break;
            }
    if (b.x1 < 0) return b;
    int top = -1, bottom = -1;
    for (int y = 0; y < p.height / 2; ++y)
        if (orange(b.x1, y)) {
            if (top < 0) top = y;
            bottom = y;
        }
    b.y0 = top;
    b.y1 = bottom;
    b.x0 = b.x1 - (bottom - top);
    return b;
}

// The stage's cell in pixels: the padded input's window (three cells wide,
// the leftmost run of the orange on screen) less the antialiased pixel at
// each edge (as Gui.StageCellsAreReadableOnASmallProjector measures it).
double windowCell(const Picture& p) {
    std::vector<char> column(static_cast<std::size_t>(p.width), 0);
    for (int y = 0; y < p.height / 2; ++y)
        for (int x = 0; x < p.width; ++x) {
            const unsigned char* c = p.at(x, y);
            if (c[0] == 255 && c[1] == 170 && c[2] == 40) column[static_cast<std::size_t>(x)] = 1;
        }
    int first = 0;
    while (first < p.width && !column[static_cast<std::size_t>(first)]) ++first;
    int last = first;
    while (last + 1 < p.width && column[static_cast<std::size_t>(last + 1)]) ++last;
    return first < p.width ? (last - first + 1 + 2) / 3.0 : 0.0;
}

// The rows a cell's number covers: pixels far (in sum of channels) from the
// cell's fill, inside the outline.
int digitHeight(const Picture& p, const CellBox& b) {
    const int inset = std::max(4, b.size() / 8);
    const unsigned char* fill = p.at(b.x0 + inset, b.y0 + inset);
    int top = -1, bottom = -1;
    for (int y = b.y0 + inset; y <= b.y1 - inset; ++y)
        for (int x = b.x0 + inset; x <= b.x1 - inset; ++x) {
            const unsigned char* c = p.at(x, y);
            if (std::abs(c[0] - fill[0]) + std::abs(c[1] - fill[1]) + std::abs(c[2] - fill[2]) > 200) {
                if (top < 0) top = y;
                bottom = y;
                break;
            }
        }
    return top < 0 ? 0 : bottom - top + 1;
}

Picture cropped(const Picture& p, int x0, int y0, int x1, int y1) {
    Picture out;
    x0 = std::max(0, x0), y0 = std::max(0, y0), x1 = std::min(p.width - 1, x1), y1 = std::min(p.height - 1, y1);
    out.width = x1 - x0 + 1;
    out.height = y1 - y0 + 1;
    for (int y = y0; y <= y1; ++y)
        for (int x = x0; x <= x1; ++x) out.rgb.insert(out.rgb.end(), p.at(x, y), p.at(x, y) + 3);
    return out;
}

// A teacher at a 1280x720 projector at 150%: every number of the seed's step
// 2 reads from the back of the room. The number in the cell being computed
// is at least 40% of the cell high and 12 px (it was 10 px in a 28 px cell);
// the output row computed so far ("1 2") and the equation read by OCR.
TEST_F(Ocr, SeedNumbersReadFromTheBackAtTheSmallestProjector) {
    const fs::path pgm = shotAt("seed", kScreens[0], "dark");
    const Picture p = cs::test::loadPicture(fs::path(pgm).replace_extension(".png"));
    ASSERT_TRUE(p.ok());
    const CellBox cell = currentOutputCell(p);
    ASSERT_GT(cell.size(), 10) << "no current output cell outlined";
    const int digit = digitHeight(p, cell);
    const double pitch = windowCell(p);
    std::printf("1280x720 at 150%%: stage cell %.1f px, the output's digit %d px (%.0f%%)\n", pitch, digit,
                100.0 * digit / pitch);
    EXPECT_GE(digit, 12);
    EXPECT_GE(digit, 0.4 * pitch);
    // The output row: the current cell and the one before it, read as one line.
    const Picture row = cropped(p, cell.x0 - cell.size() - 6, cell.y0 - 6, cell.x1 + 6, cell.y1 + 6);
    const fs::path row_pgm = forOcr(row, true, dir_ / "seed_output_row.pgm", true);
    bool read = false;
    std::string seen;
    for (int psm : {7, 8, 6})
        for (std::string l : ocrLines(row_pgm, psm)) {
            l.erase(std::remove_if(l.begin(), l.end(), [](char c) { return c == '|' || c == '[' || c == ']' || c == '(' || c == ')'; }), l.end());
            seen += "\"" + l + "\" ";
            read = read || l.find("12") != std::string::npos;
        }
    EXPECT_TRUE(read) << "the output row 1, 2 is not read; OCR read " << seen << "(" << row_pgm << ")";
    expectReads("seed", kScreens[0], "dark", kSeedStep2);
}

// The measure can fail: the same cell with its number painted over in the
// cell's fill has no digit height.
TEST_F(Ocr, DigitHeightSeesAnEmptyCell) {
    const fs::path pgm = shotAt("seed", kScreens[0], "dark");
    Picture p = cs::test::loadPicture(fs::path(pgm).replace_extension(".png"));
    ASSERT_TRUE(p.ok());
    const CellBox cell = currentOutputCell(p);
    ASSERT_GT(cell.size(), 10);
    EXPECT_GT(digitHeight(p, cell), 0);
    const int inset = std::max(4, cell.size() / 8);
    const unsigned char* fill = p.at(cell.x0 + inset, cell.y0 + inset);
    const unsigned char f[3] = {fill[0], fill[1], fill[2]};
    for (int y = cell.y0 + inset; y <= cell.y1 - inset; ++y)
        for (int x = cell.x0 + inset; x <= cell.x1 - inset; ++x)
            for (int k = 0; k < 3; ++k)
                p.rgb[(static_cast<std::size_t>(y) * static_cast<std::size_t>(p.width) + static_cast<std::size_t>(x)) * 3 +
                      static_cast<std::size_t>(k)] = f[k];
    EXPECT_EQ(digitHeight(p, cell), 0);
}

// A lesson file whose groups do not divide its 3 channels opens with the
// reason in the parameter panel's message box (where a refused groups edit is
// said too), not a crash.
TEST_F(Ocr, GroupsThatDoNotDivideAreSaidInTheParameterPanel) {
    std::ofstream(dir_ / "bad_groups.json")
        << R"({"convscope_lesson": 1, "name": "bad_groups", "op": "xcorr2d", "groups": 2,)"
        << R"( "input": [[[1, 2], [3, 4]], [[0, 1], [1, 0]], [[2, 2], [2, 2]]],)"
        << R"( "kernel": [[[[1]], [[1]], [[1]]], [[[1]], [[2]], [[3]]]]})";
    cwd_ = dir_.string();
    expectReads("bad_groups.json", kScreens[3], "dark", {"groups 2 does not divide"});
}

// Transposed convolution chosen from the Operation menu (--op does what the
// menu does) on the seed lesson: the menu shows it, output_padding is a field,
// and the stage draws the spread input.
TEST_F(Ocr, TransposedFromTheMenuShowsItsParameters) {
    expectReads("seed", kScreens[3], "dark", {"Transposed convolution", "Output pad", "Input spread"},
                "--op conv_transpose2d");
}

// The seed's kernel reads the same after a half turn: the transposed stage
// says the flip changes nothing (it has no cross-correlation twin to name).
TEST_F(Ocr, TransposedUnderASymmetricKernelSaysTheFlipChangesNothing) {
    expectReads("seed", kScreens[2], "light", {"K flipped is K itself"}, "--op conv_transpose2d");
}

// The quiz pane at 1280x720 and 150%: too narrow beside the step, it joins
// the step pane as a tab, as wide as the page, its text whole.
TEST_F(Ocr, QuizPaneReadsAtTheSmallestClassroomSize) {
    expectReads("seed", kScreens[0], "dark", {"Score: 0 / 0 right", "turn it on to predict each output"}, "--panel quiz");
}

// At 1280x720 and 200% no tab bar fits over the step: the lower tabs fold
// into the top bar's More menu, and one asked for (--panel, quiz mode, that
// menu) shows in the step's place with the way back. Before, the quiz, the
// code and the output-size formula could not be reached at all there.
TEST_F(Ocr, FoldedLowerTabsShowInTheStepsPlaceAt200Percent) {
    expectReads("seed", kScreens[1], "dark", {"Score: 0 / 0 right", "Back to the step"}, "--panel quiz");
    expectReads("seed", kScreens[1], "light", {"PyTorch", "Copy", "Back to the step"}, "--panel code");
}

// The check can fail: the same screenshot with its lower half painted over
// (where the step text is) no longer reads the equation.
TEST_F(Ocr, ACutOffStepPanelFails) {
    const fs::path pgm = shotAt("seed", kScreens[3], "dark");
    const fs::path png = fs::path(pgm).replace_extension(".png");
    Picture p = cs::test::loadPicture(png);
    ASSERT_TRUE(p.ok());
    for (int y = p.height / 2; y < p.height; ++y)
        for (int x = 0; x < p.width; ++x)
            for (int k = 0; k < 3; ++k) p.rgb[(static_cast<std::size_t>(y) * static_cast<std::size_t>(p.width) + static_cast<std::size_t>(x)) * 3 + static_cast<std::size_t>(k)] = 30;
    EXPECT_TRUE(missingText(pgm, fs::path(pgm).replace_extension(".x2.pgm"), kSeedStep2).empty());
    EXPECT_EQ(missingText(forOcr(p, true, dir_ / "cut.pgm", false), forOcr(p, true, dir_ / "cut.x2.pgm", true), kSeedStep2),
              kSeedStep2);
}

}  // namespace

// The image lab at the smallest classroom size with the diverging display:
// the colour bar's note once wrapped into a column of letters that pushed the
// histogram off the screen, and the output caption ran over the input's.
TEST_F(Ocr, ImageLabDivergingKeepsItsColourBarAndHistogramAt720) {
    const std::string extra = std::string("--image ") + CONVSCOPE_ASSETS +
                              "/images/camera.png --kernel sobel-x --display diverging";
    expectReads("image", {"1280x720", "1.5"}, "dark",
                {"before: input", "diverging colours", "histogram of the output values"}, extra);
}
