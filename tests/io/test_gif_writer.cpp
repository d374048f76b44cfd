// io/gif_writer.h: the file decoded back with giflib's DGifSlurp
// (tests/support/gif_movie.h): image count, screen size, delays, the loop,
// and every pixel of every frame.
#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>

#include "../support/gif_movie.h"
#include "../support/temp_dir_test.h"
#include "io/gif_writer.h"
#include "io/image_io.h"

namespace cs {
namespace {

using test::GifMovie;
using test::loadGifMovie;

class GifWriterTest : public test::TempDirTest {};

Image filled(int w, int h, std::uint8_t r, std::uint8_t g, std::uint8_t b) {
    Image img{w, h, 3, {}};
    img.pixels.resize(img.byteCount());
    for (std::size_t i = 0; i < img.pixels.size(); i += 3) img.pixels[i] = r, img.pixels[i + 1] = g, img.pixels[i + 2] = b;
    return img;
}

void paint(Image& img, int x0, int y0, int x1, int y1, std::uint8_t r, std::uint8_t g, std::uint8_t b) {
    for (int y = y0; y < y1; ++y)
        for (int x = x0; x < x1; ++x) img.at(x, y, 0) = r, img.at(x, y, 1) = g, img.at(x, y, 2) = b;
}

// The largest difference of any channel between a decoded frame and what was given.
int worstDifference(const test::Picture& got, const Image& want) {
    int worst = 0;
    for (std::size_t i = 0; i < want.pixels.size(); ++i)
        worst = std::max(worst, std::abs(static_cast<int>(got.rgb[i]) - static_cast<int>(want.pixels[i])));
    return worst;
}

TEST_F(GifWriterTest, FlatFramesComeBackExactlyWithTheirDelays) {
    // Three flat frames, a cell of the second moving in the third.
    Image a = filled(40, 30, 250, 250, 245);
    paint(a, 2, 2, 12, 12, 30, 90, 200);
    Image b = a;
    paint(b, 14, 2, 24, 12, 220, 60, 40);
    Image c = b;
    paint(c, 14, 14, 24, 24, 10, 10, 10);
    GifWriter gif(40, 30);
    gif.addFrame(a, 10);
    gif.addFrame(b, 25);
    gif.addFrame(c, 7);
    EXPECT_EQ(gif.imageCount(), 3u);
    gif.writeAtomic(path("out.gif"));
    EXPECT_TRUE(gif.exact());
    EXPECT_EQ(entries(), std::vector<std::string>{"out.gif"});  // no temporary file left

    const GifMovie m = loadGifMovie(path("out.gif"));
    ASSERT_TRUE(m.ok()) << m.error;
    EXPECT_EQ(m.width, 40);
    EXPECT_EQ(m.height, 30);
    EXPECT_TRUE(m.loops);
    ASSERT_EQ(m.frames.size(), 3u);
    EXPECT_EQ(m.delays_cs, (std::vector<int>{10, 25, 7}));
    EXPECT_EQ(worstDifference(m.frames[0], a), 0);
    EXPECT_EQ(worstDifference(m.frames[1], b), 0);
    EXPECT_EQ(worstDifference(m.frames[2], c), 0);
}

TEST_F(GifWriterTest, IdenticalFramesMergeIntoOneLongerImage) {
    const Image a = filled(16, 16, 0, 0, 0);
    Image b = a;
    paint(b, 0, 0, 4, 4, 255, 255, 255);
    GifWriter gif(16, 16);
    for (int i = 0; i < 5; ++i) gif.addFrame(a, 10);
    gif.addFrame(b, 10);
    gif.addFrame(b, 10);
    EXPECT_EQ(gif.imageCount(), 2u);
    gif.writeAtomic(path("merged.gif"));
    const GifMovie m = loadGifMovie(path("merged.gif"));
    ASSERT_TRUE(m.ok()) << m.error;
    ASSERT_EQ(m.frames.size(), 2u);
    EXPECT_EQ(m.delays_cs, (std::vector<int>{50, 20}));
    EXPECT_EQ(worstDifference(m.frames[1], b), 0);
}

TEST_F(GifWriterTest, MoreThan256ColoursAreQuantisedCloseAndKeepARareDistinctColour) {
    // 64 x 64: a gradient of 512 colours, 8 pixels each, and one pure-red
    // pixel that a table of only the most used colours would lose.
    Image img{64, 64, 3, {}};
    img.pixels.resize(img.byteCount());
    for (int y = 0; y < 64; ++y)
        for (int x = 0; x < 64; ++x) {
            img.at(x, y, 0) = static_cast<std::uint8_t>((x / 2) * 4);
            img.at(x, y, 1) = static_cast<std::uint8_t>((y / 4) * 8);
            img.at(x, y, 2) = static_cast<std::uint8_t>(128 + (x / 2) * 2);
        }
    paint(img, 30, 30, 31, 31, 255, 0, 0);
    GifWriter gif(64, 64);
    gif.addFrame(img, 10);
    gif.writeAtomic(path("many.gif"));
    EXPECT_FALSE(gif.exact());
    const GifMovie m = loadGifMovie(path("many.gif"));
    ASSERT_TRUE(m.ok()) << m.error;
    ASSERT_EQ(m.frames.size(), 1u);
    EXPECT_LE(worstDifference(m.frames[0], img), 12);
    const unsigned char* red = m.frames[0].at(30, 30);
    EXPECT_EQ(red[0], 255);
    EXPECT_EQ(red[1], 0);
    EXPECT_EQ(red[2], 0);
}

TEST_F(GifWriterTest, RefusesFramesOfAnotherShapeAndBadSizes) {
    EXPECT_THROW(GifWriter(0, 10), IoError);
    EXPECT_THROW(GifWriter(70000, 10), IoError);
    GifWriter gif(8, 8);
    EXPECT_THROW(gif.addFrame(filled(8, 9, 0, 0, 0), 10), IoError);
    Image gray{8, 8, 1, std::vector<std::uint8_t>(64, 0)};
    EXPECT_THROW(gif.addFrame(gray, 10), IoError);
    EXPECT_THROW(gif.finish(), IoError);  // nothing to write
}

TEST_F(GifWriterTest, AnUnwritablePathThrowsAndLeavesAnOldFileAlone) {
    GifWriter gif(4, 4);
    gif.addFrame(filled(4, 4, 1, 2, 3), 10);
    EXPECT_THROW(gif.writeAtomic("/proc/convscope-no/such.gif"), IoError);
    // Over an existing file: replaced whole.
    { std::ofstream(path("old.gif")) << "old"; }
    GifWriter again(4, 4);
    again.addFrame(filled(4, 4, 1, 2, 3), 10);
    again.writeAtomic(path("old.gif"));
    const GifMovie m = loadGifMovie(path("old.gif"));
    EXPECT_TRUE(m.ok()) << m.error;
    EXPECT_EQ(entries(), std::vector<std::string>{"old.gif"});
}

}  // namespace
}  // namespace cs
