// Image reading and atomic PNG writing: every format stb reads, round-tripped
// through files this test writes, and the files that must be refused.
#include <gtest/gtest.h>

#include <stb_image.h>
#include <stb_image_write.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "../support/temp_dir_test.h"
#include "io/image_io.h"

namespace fs = std::filesystem;
using cs::Image;
using cs::IoError;

namespace {

// A fresh directory per test, removed afterwards.
class ImageIo : public cs::test::TempDirTest {};

// A deterministic pattern: gradients plus a checker, so channel or row mix-ups show.
Image pattern(int width, int height, int channels) {
    Image img{width, height, channels, {}};
    img.pixels.resize(img.byteCount());
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            for (int c = 0; c < channels; ++c) {
                int v = (x * 37 + y * 11 + c * 71 + ((x + y) % 2) * 50) % 256;
                img.at(x, y, c) = static_cast<std::uint8_t>(v);
            }
        }
    }
    return img;
}

void writeBytes(const std::string& p, const std::vector<std::uint8_t>& bytes) {
    std::ofstream out(p, std::ios::binary);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

std::vector<std::uint8_t> readBytes(const std::string& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// format: the bytes are the problem (ImageFormatError), not the file system.
void expectIoError(const std::string& file, const std::vector<std::string>& needles, bool format = true) {
    try {
        cs::loadImage(file);
        FAIL() << "no IoError for " << file;
    } catch (const IoError& e) {
        const std::string msg = e.what();
        EXPECT_EQ(dynamic_cast<const cs::ImageFormatError*>(&e) != nullptr, format) << msg;
        EXPECT_NE(msg.find(file), std::string::npos) << msg;
        for (const auto& n : needles) EXPECT_NE(msg.find(n), std::string::npos) << msg;
    }
}

void put32be(std::vector<std::uint8_t>& b, std::uint32_t v) {
    for (int s = 24; s >= 0; s -= 8) b.push_back(static_cast<std::uint8_t>(v >> s));
}
void put16be(std::vector<std::uint8_t>& b, std::uint32_t v) {
    b.push_back(static_cast<std::uint8_t>(v >> 8));
    b.push_back(static_cast<std::uint8_t>(v));
}
void put16le(std::vector<std::uint8_t>& b, std::uint32_t v) {
    b.push_back(static_cast<std::uint8_t>(v));
    b.push_back(static_cast<std::uint8_t>(v >> 8));
}

std::uint32_t crc32(const std::uint8_t* data, std::size_t n) {
    std::uint32_t c = 0xffffffffu;
    for (std::size_t i = 0; i < n; ++i) {
        c ^= data[i];
        for (int k = 0; k < 8; ++k) c = (c & 1u) ? 0xedb88320u ^ (c >> 1) : c >> 1;
    }
    return c ^ 0xffffffffu;
}

// A PNG made of the signature and an IHDR only (correct CRC), claiming any size.
std::vector<std::uint8_t> pngHeaderOnly(std::uint32_t width, std::uint32_t height, int color_type) {
    std::vector<std::uint8_t> b = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    put32be(b, 13);
    const std::size_t chunk = b.size();
    b.insert(b.end(), {'I', 'H', 'D', 'R'});
    put32be(b, width);
    put32be(b, height);
    b.insert(b.end(), {8, static_cast<std::uint8_t>(color_type), 0, 0, 0});
    put32be(b, crc32(b.data() + chunk, b.size() - chunk));
    return b;
}

// A GIF whose LZW stream is literal codes only, with a clear code every 200
// pixels so the code width stays at 9 bits. Palette: entry i = (i, 255-i, i/2).
std::vector<std::uint8_t> gifFromIndices(int width, int height, const std::vector<int>& indices) {
    std::vector<std::uint8_t> b = {'G', 'I', 'F', '8', '9', 'a'};
    put16le(b, static_cast<std::uint32_t>(width));
    put16le(b, static_cast<std::uint32_t>(height));
    b.insert(b.end(), {0xF7, 0, 0});  // global colour table, 256 entries
    for (int i = 0; i < 256; ++i) {
        b.insert(b.end(), {static_cast<std::uint8_t>(i), static_cast<std::uint8_t>(255 - i),
                           static_cast<std::uint8_t>(i / 2)});
    }
    b.push_back(0x2C);  // image descriptor
    put16le(b, 0);
    put16le(b, 0);
    put16le(b, static_cast<std::uint32_t>(width));
    put16le(b, static_cast<std::uint32_t>(height));
    b.push_back(0);
    b.push_back(8);  // LZW minimum code size
    std::vector<std::uint8_t> stream;
    std::uint32_t acc = 0;
    int bits = 0;
    auto emit = [&](int code) {
        acc |= static_cast<std::uint32_t>(code) << bits;
        bits += 9;
        while (bits >= 8) {
            stream.push_back(static_cast<std::uint8_t>(acc & 0xff));
            acc >>= 8;
            bits -= 8;
        }
    };
    for (std::size_t i = 0; i < indices.size(); ++i) {
        if (i % 200 == 0) emit(256);
        emit(indices[i]);
    }
    emit(257);
    if (bits > 0) stream.push_back(static_cast<std::uint8_t>(acc & 0xff));
    for (std::size_t at = 0; at < stream.size(); at += 255) {
        const std::size_t n = std::min<std::size_t>(255, stream.size() - at);
        b.push_back(static_cast<std::uint8_t>(n));
        b.insert(b.end(), stream.begin() + static_cast<long>(at), stream.begin() + static_cast<long>(at + n));
    }
    b.push_back(0);
    b.push_back(0x3B);
    return b;
}

// An uncompressed 8-bit RGB PSD (planar channel data).
std::vector<std::uint8_t> psdFromRgb(const Image& rgb) {
    std::vector<std::uint8_t> b = {'8', 'B', 'P', 'S'};
    put16be(b, 1);
    b.insert(b.end(), 6, 0);
    put16be(b, 3);  // channels
    put32be(b, static_cast<std::uint32_t>(rgb.height));
    put32be(b, static_cast<std::uint32_t>(rgb.width));
    put16be(b, 8);  // depth
    put16be(b, 3);  // RGB colour mode
    put32be(b, 0);  // colour mode data
    put32be(b, 0);  // image resources
    put32be(b, 0);  // layers and masks
    put16be(b, 0);  // raw
    for (int c = 0; c < 3; ++c)
        for (int y = 0; y < rgb.height; ++y)
            for (int x = 0; x < rgb.width; ++x) b.push_back(rgb.at(x, y, c));
    return b;
}

std::vector<std::uint8_t> pnm(const Image& img) {
    const std::string header = std::string(img.channels == 1 ? "P5" : "P6") + "\n# convscope test\n" +
                               std::to_string(img.width) + " " + std::to_string(img.height) + "\n255\n";
    std::vector<std::uint8_t> b(header.begin(), header.end());
    b.insert(b.end(), img.pixels.begin(), img.pixels.end());
    return b;
}

int maxAbsDiff(const Image& a, const Image& b) {
    int worst = 0;
    for (std::size_t i = 0; i < a.pixels.size(); ++i)
        worst = std::max(worst, std::abs(int{a.pixels[i]} - int{b.pixels[i]}));
    return worst;
}

void putChunk(std::vector<std::uint8_t>& b, const char* type, const std::vector<std::uint8_t>& data) {
    put32be(b, static_cast<std::uint32_t>(data.size()));
    const std::size_t start = b.size();
    b.insert(b.end(), type, type + 4);
    b.insert(b.end(), data.begin(), data.end());
    put32be(b, crc32(b.data() + start, b.size() - start));
}

// Any PNG layout, written by hand (zlib "stored" blocks, every row filter 0),
// so the decoder is tested on files no PNG library of ours produced.
struct PngSpec {
    int width, height, depth, colour;  // colour: 0 gray, 2 RGB, 3 palette, 4 gray+alpha, 6 RGBA
    std::vector<std::uint8_t> plte, trns;
    bool adam7 = false;  // interlaced (8 and 16-bit, not palette, here)
};
std::vector<std::uint8_t> handMadePng(const PngSpec& s) {
    static const int kSamples[7] = {1, 0, 3, 1, 2, 0, 4};
    const std::size_t row_bytes = (static_cast<std::size_t>(s.width) * kSamples[s.colour] * s.depth + 7) / 8;
    std::vector<std::uint8_t> raw;
    for (int y = 0; y < s.height; ++y) {
        raw.push_back(0);
        for (std::size_t i = 0; i < row_bytes; ++i) raw.push_back(static_cast<std::uint8_t>((i * 29 + y * 83 + 7) % 251));
    }
    if (s.adam7) {  // seven passes, each a small image of its own rows
        raw.clear();
        const std::size_t pixel_bytes = static_cast<std::size_t>(kSamples[s.colour]) * s.depth / 8;
        static const int kPass[7][4] = {{0, 0, 8, 8}, {4, 0, 8, 8}, {0, 4, 4, 8}, {2, 0, 4, 4},
                                        {0, 2, 2, 4}, {1, 0, 2, 2}, {0, 1, 1, 2}};
        for (const auto& p : kPass) {
            if (p[0] >= s.width || p[1] >= s.height) continue;  // an empty pass has no rows
            for (int y = p[1]; y < s.height; y += p[3]) {
                raw.push_back(0);
                for (int x = p[0]; x < s.width; x += p[2])
                    for (std::size_t i = 0; i < pixel_bytes; ++i)
                        raw.push_back(static_cast<std::uint8_t>((x * 41 + y * 13 + i * 71) % 256));
            }
        }
    }
    if (s.colour == 3)  // indices past the palette are invalid: keep them inside
        for (std::size_t i = 0; i < raw.size(); ++i)
            if (i % (row_bytes + 1) != 0) raw[i] = static_cast<std::uint8_t>(raw[i] % (s.depth == 8 ? 16 : 1 << s.depth));
    if (s.colour == 3 && s.depth < 8)  // every packed index must be < 16 too
        for (std::size_t i = 0; i < raw.size(); ++i)
            if (i % (row_bytes + 1) != 0) raw[i] = static_cast<std::uint8_t>((i * 37) & 0xff);
    std::vector<std::uint8_t> z = {0x78, 0x01};
    for (std::size_t at = 0; at < raw.size() || at == 0; at += 65535) {
        const std::size_t n = std::min<std::size_t>(65535, raw.size() - at);
        z.push_back(at + n >= raw.size() ? 1 : 0);
        put16le(z, static_cast<std::uint32_t>(n));
        put16le(z, static_cast<std::uint32_t>(~n & 0xffff));
        z.insert(z.end(), raw.begin() + static_cast<long>(at), raw.begin() + static_cast<long>(at + n));
        if (at + n >= raw.size()) break;
    }
    std::uint32_t a = 1, b2 = 0;
    for (std::uint8_t v : raw) a = (a + v) % 65521, b2 = (b2 + a) % 65521;
    put32be(z, (b2 << 16) | a);
    std::vector<std::uint8_t> png = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    std::vector<std::uint8_t> ihdr;
    put32be(ihdr, static_cast<std::uint32_t>(s.width));
    put32be(ihdr, static_cast<std::uint32_t>(s.height));
    ihdr.insert(ihdr.end(), {static_cast<std::uint8_t>(s.depth), static_cast<std::uint8_t>(s.colour), 0, 0,
                             static_cast<std::uint8_t>(s.adam7 ? 1 : 0)});
    putChunk(png, "IHDR", ihdr);
    if (!s.plte.empty()) putChunk(png, "PLTE", s.plte);
    if (!s.trns.empty()) putChunk(png, "tRNS", s.trns);
    putChunk(png, "IDAT", z);
    putChunk(png, "IEND", {});
    return png;
}

// What stb_image (convscope's PNG and JPEG decoder until issue 15) makes of
// the bytes: the layout every file that loaded before must keep.
Image stbDecode(const std::vector<std::uint8_t>& bytes) {
    int w = 0, h = 0, c = 0;
    stbi_uc* p = stbi_load_from_memory(bytes.data(), static_cast<int>(bytes.size()), &w, &h, &c, 0);
    if (p == nullptr) return Image{};
    Image img{w, h, c, std::vector<std::uint8_t>(p, p + static_cast<std::size_t>(w) * h * c)};
    stbi_image_free(p);
    return img;
}

}  // namespace

TEST_F(ImageIo, PngRoundTripGray) {
    const Image img = pattern(13, 7, 1);
    cs::writePngAtomic(path("a.png"), img);
    EXPECT_EQ(cs::loadImage(path("a.png")), img);
}
TEST_F(ImageIo, PngRoundTripGrayAlpha) {
    const Image img = pattern(9, 11, 2);
    cs::writePngAtomic(path("a.png"), img);
    EXPECT_EQ(cs::loadImage(path("a.png")), img);
}
TEST_F(ImageIo, PngRoundTripRgb) {
    const Image img = pattern(17, 5, 3);
    cs::writePngAtomic(path("a.png"), img);
    EXPECT_EQ(cs::loadImage(path("a.png")), img);
}
TEST_F(ImageIo, PngRoundTripRgba) {
    const Image img = pattern(6, 6, 4);
    cs::writePngAtomic(path("a.png"), img);
    EXPECT_EQ(cs::loadImage(path("a.png")), img);
}
TEST_F(ImageIo, PngFromMemoryMatchesFile) {
    const Image img = pattern(8, 3, 3);
    const std::vector<std::uint8_t> png = cs::encodePng(img);
    EXPECT_EQ(cs::loadImageFromMemory(png.data(), png.size()), img);
    const cs::ImageInfo info = cs::probeImageFromMemory(png.data(), png.size());
    EXPECT_EQ(info.width, 8);
    EXPECT_EQ(info.height, 3);
    EXPECT_EQ(info.channels, 3);
}

TEST_F(ImageIo, BmpRoundTripRgb) {
    const Image img = pattern(10, 7, 3);
    ASSERT_NE(stbi_write_bmp(path("a.bmp").c_str(), img.width, img.height, 3, img.pixels.data()), 0);
    EXPECT_EQ(cs::loadImage(path("a.bmp")), img);
}
TEST_F(ImageIo, BmpRoundTripRgba) {
    const Image img = pattern(5, 9, 4);
    ASSERT_NE(stbi_write_bmp(path("a.bmp").c_str(), img.width, img.height, 4, img.pixels.data()), 0);
    EXPECT_EQ(cs::loadImage(path("a.bmp")), img);
}

// A top-down BMP (negative height in the header, as many Windows tools write)
// was refused: stb's probe reports the height negative ("empty size 10 x -7").
TEST_F(ImageIo, BmpTopDownLoadsUpright) {
    const Image img = pattern(10, 7, 3);
    ASSERT_NE(stbi_write_bmp(path("up.bmp").c_str(), img.width, img.height, 3, img.pixels.data()), 0);
    const std::vector<std::uint8_t> b = readBytes(path("up.bmp"));
    ASSERT_GT(b.size(), 54u);
    const std::size_t offset = b[10] | (b[11] << 8) | (b[12] << 16) | (std::size_t(b[13]) << 24);
    const std::size_t stride = (img.width * 3 + 3) / 4 * 4;
    ASSERT_EQ(b.size(), offset + stride * img.height);
    std::vector<std::uint8_t> down(b.begin(), b.begin() + offset);
    for (int row = img.height - 1; row >= 0; --row)  // bottom-up rows, reversed
        down.insert(down.end(), b.begin() + offset + row * stride, b.begin() + offset + (row + 1) * stride);
    const std::uint32_t negative = static_cast<std::uint32_t>(-img.height);
    for (int i = 0; i < 4; ++i) down[22 + i] = static_cast<std::uint8_t>(negative >> (8 * i));
    writeBytes(path("down.bmp"), down);
    EXPECT_EQ(cs::probeImageFromMemory(down.data(), down.size(), "down.bmp").height, 7);
    EXPECT_EQ(cs::loadImage(path("down.bmp")), img);
}

// stb writes TGA run-length encoded; the reader keeps the channel count.
class TgaRoundTrip : public ImageIo, public ::testing::WithParamInterface<int> {};
TEST_P(TgaRoundTrip, EveryChannelCount) {
    const Image img = pattern(12, 9, GetParam());
    ASSERT_NE(stbi_write_tga(path("a.tga").c_str(), img.width, img.height, img.channels,
                             img.pixels.data()), 0);
    EXPECT_EQ(cs::loadImage(path("a.tga")), img);
}
INSTANTIATE_TEST_SUITE_P(ImageIo, TgaRoundTrip, ::testing::Values(1, 2, 3, 4));

// JPEG is lossy: a smooth image at quality 100 comes back within a few levels.
TEST_F(ImageIo, JpegRoundTripRgb) {
    Image img{32, 24, 3, {}};
    img.pixels.resize(img.byteCount());
    for (int y = 0; y < img.height; ++y)
        for (int x = 0; x < img.width; ++x) {
            img.at(x, y, 0) = static_cast<std::uint8_t>(x * 8);
            img.at(x, y, 1) = static_cast<std::uint8_t>(y * 10);
            img.at(x, y, 2) = 128;
        }
    ASSERT_NE(stbi_write_jpg(path("a.jpg").c_str(), img.width, img.height, 3, img.pixels.data(), 100), 0);
    const Image back = cs::loadImage(path("a.jpg"));
    ASSERT_EQ(back.width, img.width);
    ASSERT_EQ(back.height, img.height);
    ASSERT_EQ(back.channels, 3);
    EXPECT_LE(maxAbsDiff(back, img), 8);
}
TEST_F(ImageIo, JpegRoundTripGray) {
    Image img{16, 16, 1, {}};
    img.pixels.resize(img.byteCount());
    for (int y = 0; y < 16; ++y)
        for (int x = 0; x < 16; ++x) img.at(x, y, 0) = static_cast<std::uint8_t>(x * 8 + y * 4);
    ASSERT_NE(stbi_write_jpg(path("a.jpg").c_str(), 16, 16, 1, img.pixels.data(), 100), 0);
    const Image back = cs::loadImage(path("a.jpg"));
    ASSERT_EQ(back.width, 16);
    ASSERT_EQ(back.height, 16);
    // stb_image_write stores gray as a 1-component JPEG; other encoders may use 3.
    ASSERT_TRUE(back.channels == 1 || back.channels == 3) << back.channels;
    Image gray{16, 16, 1, {}};
    for (int y = 0; y < 16; ++y)
        for (int x = 0; x < 16; ++x) gray.pixels.push_back(back.at(x, y, 0));
    EXPECT_LE(maxAbsDiff(gray, img), 8);
}

TEST_F(ImageIo, TruncatedGifIsRefused) {
    std::vector<int> indices;
    for (int i = 0; i < 40 * 30; ++i) indices.push_back((i * 5) % 256);
    const std::vector<std::uint8_t> gif = gifFromIndices(40, 30, indices);
    ASSERT_EQ(gif.back(), 0x3B);
    writeBytes(path("cut.gif"), std::vector<std::uint8_t>(gif.begin(), gif.end() - 300));
    expectIoError(path("cut.gif"), {"truncated"});
    std::vector<std::uint8_t> padded = gif;
    padded.insert(padded.end(), 4, 0);  // zeros after the trailer are fine
    writeBytes(path("padded.gif"), padded);
    EXPECT_EQ(cs::loadImage(path("padded.gif")).width, 40);
}

TEST_F(ImageIo, GifFirstFrameIsRgba) {
    const int w = 21, h = 17;
    std::vector<int> indices;
    for (int i = 0; i < w * h; ++i) indices.push_back((i * 7) % 256);
    writeBytes(path("a.gif"), gifFromIndices(w, h, indices));
    const Image back = cs::loadImage(path("a.gif"));
    ASSERT_EQ(back.width, w);
    ASSERT_EQ(back.height, h);
    ASSERT_EQ(back.channels, 4);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            const int idx = indices[static_cast<std::size_t>(y * w + x)];
            ASSERT_EQ(back.at(x, y, 0), idx);
            ASSERT_EQ(back.at(x, y, 1), 255 - idx);
            ASSERT_EQ(back.at(x, y, 2), idx / 2);
            ASSERT_EQ(back.at(x, y, 3), 255);
        }
}

TEST_F(ImageIo, PsdCompositeIsRgba) {
    const Image rgb = pattern(11, 6, 3);
    writeBytes(path("a.psd"), psdFromRgb(rgb));
    const Image back = cs::loadImage(path("a.psd"));
    ASSERT_EQ(back.width, rgb.width);
    ASSERT_EQ(back.height, rgb.height);
    ASSERT_EQ(back.channels, 4);
    for (int y = 0; y < rgb.height; ++y)
        for (int x = 0; x < rgb.width; ++x) {
            for (int c = 0; c < 3; ++c) ASSERT_EQ(back.at(x, y, c), rgb.at(x, y, c));
            ASSERT_EQ(back.at(x, y, 3), 255);
        }
}

TEST_F(ImageIo, PgmRoundTrip) {
    const Image img = pattern(14, 3, 1);
    writeBytes(path("a.pgm"), pnm(img));
    EXPECT_EQ(cs::loadImage(path("a.pgm")), img);
}
TEST_F(ImageIo, PpmRoundTrip) {
    const Image img = pattern(4, 15, 3);
    writeBytes(path("a.ppm"), pnm(img));
    EXPECT_EQ(cs::loadImage(path("a.ppm")), img);
}

TEST_F(ImageIo, SampleImagesLoad) {
    const std::string assets = std::string(CONVSCOPE_TEST_DATA) + "/../../assets/images/";
    const Image camera = cs::loadImage(assets + "camera.png");
    EXPECT_EQ(camera.channels, 1);
    EXPECT_GT(camera.width, 0);
    const Image astronaut = cs::loadImage(assets + "astronaut.png");
    EXPECT_EQ(astronaut.channels, 3);
    EXPECT_TRUE(astronaut.isConsistent());
}

// stb reads past a file's end as zeros, so a cut BMP, TGA, PSD or PNM (or a
// header alone: a 78-byte TGA claimed 20 M pixels) decoded as if whole.
TEST_F(ImageIo, TruncatedRawFormatsAreRefused) {
    const Image img = pattern(200, 150, 3);
    ASSERT_NE(stbi_write_bmp(path("a.bmp").c_str(), img.width, img.height, 3, img.pixels.data()), 0);
    ASSERT_NE(stbi_write_tga(path("a.tga").c_str(), img.width, img.height, 3, img.pixels.data()), 0);
    writeBytes(path("a.psd"), psdFromRgb(img));
    writeBytes(path("a.ppm"), pnm(img));
    for (const char* name : {"a.bmp", "a.tga", "a.psd", "a.ppm"}) {
        SCOPED_TRACE(name);
        const std::vector<std::uint8_t> whole = readBytes(path(name));
        EXPECT_EQ(cs::loadImage(path(name)).width, 200);
        // Raw layouts: 60% of the file; the run-length TGA: its header and one packet.
        const std::size_t keep = std::string(name) == "a.tga" ? 22 : whole.size() * 6 / 10;
        writeBytes(path("cut"), std::vector<std::uint8_t>(whole.begin(), whole.begin() + static_cast<long>(keep)));
        expectIoError(path("cut"), {"truncated", "200 x 150", "needs at least", "the file has " + std::to_string(keep)});
    }
}

TEST_F(ImageIo, TruncatedPngIsRefused) {
    const std::vector<std::uint8_t> png = cs::encodePng(pattern(64, 64, 3));
    writeBytes(path("cut.png"), std::vector<std::uint8_t>(png.begin(), png.begin() + static_cast<long>(png.size() / 2)));
    expectIoError(path("cut.png"), {"truncated or corrupt", "libspng:"});
}
// libjpeg decodes a cut JPEG by filling the rest with gray; the file is
// refused instead (a truncated PNG is too).
TEST_F(ImageIo, TruncatedJpegIsRefused) {
    const Image img = pattern(64, 64, 3);
    ASSERT_NE(stbi_write_jpg(path("whole.jpg").c_str(), img.width, img.height, 3, img.pixels.data(), 90), 0);
    EXPECT_EQ(cs::loadImage(path("whole.jpg")).width, 64);
    std::ifstream in(path("whole.jpg"), std::ios::binary);
    const std::vector<std::uint8_t> jpg((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    ASSERT_GT(jpg.size(), 400u);
    writeBytes(path("cut.jpg"), std::vector<std::uint8_t>(jpg.begin(), jpg.begin() + static_cast<long>(jpg.size() / 2)));
    expectIoError(path("cut.jpg"), {"libjpeg:", "truncated"});
}
TEST_F(ImageIo, TruncatedHeaderIsRefused) {
    const std::vector<std::uint8_t> png = cs::encodePng(pattern(8, 8, 3));
    writeBytes(path("cut.png"), std::vector<std::uint8_t>(png.begin(), png.begin() + 20));
    expectIoError(path("cut.png"), {"libspng:"});
}
TEST_F(ImageIo, RandomBytesAreRefused) {
    std::mt19937 rng(42);
    std::vector<std::uint8_t> bytes(4096);
    for (auto& b : bytes) b = static_cast<std::uint8_t>(rng());
    writeBytes(path("noise.png"), bytes);
    expectIoError(path("noise.png"), {"not a supported image"});
}
TEST_F(ImageIo, TextFileIsRefused) {
    const std::string text = "this is not an image\n";
    writeBytes(path("notes.png"), std::vector<std::uint8_t>(text.begin(), text.end()));
    expectIoError(path("notes.png"), {"not a supported image"});
}
TEST_F(ImageIo, EmptyFileIsRefused) {
    writeBytes(path("empty.png"), {});
    expectIoError(path("empty.png"), {"empty"});
}
TEST_F(ImageIo, MissingFileIsRefused) { expectIoError(path("missing.png"), {"No such file"}, false); }
TEST_F(ImageIo, DirectoryIsRefused) { expectIoError(dir_.string(), {"directory"}, false); }

// stb would refuse this IHDR itself ("too large") but then report "unknown
// image type"; our IHDR check names the real reason.
TEST_F(ImageIo, HeaderClaiming100000SquaredIsRefused) {
    writeBytes(path("huge.png"), pngHeaderOnly(100000, 100000, 2));
    expectIoError(path("huge.png"), {"100000 x 100000", "over the limit", "16384"});
}
// stb would accept this header; our limit refuses it before any decoding
// (the file has no IDAT, so decoding would fail with a different message).
TEST_F(ImageIo, HeaderOverOurLimitIsRefusedBeforeDecoding) {
    writeBytes(path("big.png"), pngHeaderOnly(20000, 20000, 0));
    expectIoError(path("big.png"), {"20000 x 20000", "over the limit"});
}
TEST_F(ImageIo, HeaderOverIntRangeIsRefused) {
    writeBytes(path("big.png"), pngHeaderOnly(0xffffffffu, 1, 0));
    expectIoError(path("big.png"), {"4294967295 x 1", "over the limit"});
}
TEST_F(ImageIo, PixelCountLimit) {
    // Each side is allowed: the message names the limit that is over, the total.
    writeBytes(path("big.png"), pngHeaderOnly(16384, 8193, 0));
    expectIoError(path("big.png"), {"16384 x 8193", "134234112 in all", "limit of 67108864 pixels in all"});
}
TEST_F(ImageIo, HeaderAtTheLimitPassesProbe) {
    const std::vector<std::uint8_t> png = pngHeaderOnly(16384, 4096, 0);
    const cs::ImageInfo info = cs::probeImageFromMemory(png.data(), png.size());
    EXPECT_EQ(info.width, 16384);
    EXPECT_EQ(info.height, 4096);
}
// The header's CRC is not what stb checks; a wrong one changes nothing.
TEST_F(ImageIo, HeaderWithBadCrcIsRefusedTheSameWay) {
    std::vector<std::uint8_t> png = pngHeaderOnly(100000, 100000, 2);
    png.back() ^= 0xff;
    writeBytes(path("huge.png"), png);
    expectIoError(path("huge.png"), {"100000 x 100000", "over the limit"});
}

TEST_F(ImageIo, WriteReplacesExistingFile) {
    writeBytes(path("out.png"), {'o', 'l', 'd'});
    const Image img = pattern(3, 3, 1);
    cs::writePngAtomic(path("out.png"), img);
    EXPECT_EQ(cs::loadImage(path("out.png")), img);
    EXPECT_EQ(entries().size(), 1u);
}
TEST_F(ImageIo, WriteIntoMissingDirectoryLeavesNothing) {
    const std::string target = path("no-such-dir/out.png");
    try {
        cs::writePngAtomic(target, pattern(3, 3, 3));
        FAIL();
    } catch (const IoError& e) {
        EXPECT_NE(std::string(e.what()).find(target), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("No such file"), std::string::npos) << e.what();
    }
    EXPECT_FALSE(fs::exists(target));
    EXPECT_TRUE(entries().empty());
}
TEST_F(ImageIo, WriteIntoProcIsRefused) {
    EXPECT_THROW(cs::writePngAtomic("/proc/forbidden.png", pattern(3, 3, 3)), IoError);
    EXPECT_FALSE(fs::exists("/proc/forbidden.png"));
}
// The rename fails after the temporary file is written: it must be removed.
TEST_F(ImageIo, WriteOverDirectoryRemovesTemporary) {
    fs::create_directory(path("taken.png"));
    fs::create_directory(path("taken.png/inside"));  // rename() cannot replace a non-empty directory
    try {
        cs::writePngAtomic(path("taken.png"), pattern(3, 3, 3));
        FAIL();
    } catch (const IoError& e) {
        EXPECT_NE(std::string(e.what()).find("directory"), std::string::npos) << e.what();
    }
    EXPECT_TRUE(fs::is_directory(path("taken.png/inside")));
    ASSERT_EQ(entries().size(), 1u);
    EXPECT_EQ(entries()[0], "taken.png");
}
TEST_F(ImageIo, InconsistentImageIsRefusedAndNothingWritten) {
    Image bad{4, 4, 3, std::vector<std::uint8_t>(10)};
    EXPECT_THROW(cs::writePngAtomic(path("bad.png"), bad), IoError);
    EXPECT_THROW(cs::writePngAtomic(path("empty.png"), Image{}), IoError);
    EXPECT_TRUE(entries().empty());
}
TEST_F(ImageIo, WrittenFileIsReadableByOthers) {
    cs::writePngAtomic(path("out.png"), pattern(2, 2, 1));
    const auto perms = fs::status(path("out.png")).permissions();
    EXPECT_NE(perms & fs::perms::others_read, fs::perms::none);
    EXPECT_EQ(readBytes(path("out.png")), cs::encodePng(pattern(2, 2, 1)));
}
// Many frames into one folder (convscope render): whole files renamed into
// place, the same pixels as writePngAtomic, then one flush of the folder.
TEST_F(ImageIo, UnsyncedPngsAreWholeAndTheFolderFlushesOnce) {
    fs::create_directory(path("frames"));
    writeBytes(path("frames/f1.png"), {'o', 'l', 'd'});
    for (int k = 1; k <= 3; ++k) cs::writePngUnsynced(path("frames/f" + std::to_string(k) + ".png"), pattern(5, 4, 3));
    EXPECT_NO_THROW(cs::syncFolder(path("frames")));
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(path("frames"))) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    EXPECT_EQ(names, (std::vector<std::string>{"f1.png", "f2.png", "f3.png"})) << "a temporary file was left";
    for (const std::string& n : names) EXPECT_EQ(cs::loadImage(path("frames/" + n)), pattern(5, 4, 3)) << n;
    EXPECT_THROW(cs::writePngUnsynced(path("no-such-dir/f.png"), pattern(2, 2, 1)), IoError);
    try {
        cs::syncFolder(path("no-such-dir"));
        FAIL();
    } catch (const IoError& e) {
        EXPECT_NE(std::string(e.what()).find("no-such-dir"), std::string::npos) << e.what();
    }
}

// ---- issue 15: PNG through libspng, JPEG through libjpeg-turbo, stb behind checks ----

// Every PNG layout loads exactly as stb_image loaded it: same channels (tRNS
// adds alpha, a palette becomes RGB or RGBA), low bit depths scaled to 0..255,
// 16-bit samples cut to their high byte.
struct PngLayout {
    const char* name;
    PngSpec spec;
};
class PngLayouts : public ImageIo, public ::testing::WithParamInterface<PngLayout> {};
TEST_P(PngLayouts, LoadAsStbDid) {
    const std::vector<std::uint8_t> png = handMadePng(GetParam().spec);
    const Image expected = stbDecode(png);
    ASSERT_FALSE(expected.empty()) << stbi_failure_reason();
    const Image back = cs::loadImageFromMemory(png.data(), png.size());
    EXPECT_EQ(back.channels, expected.channels);
    EXPECT_EQ(back, expected);
    const cs::ImageInfo info = cs::probeImageFromMemory(png.data(), png.size());
    EXPECT_EQ(info.channels, expected.channels);
}
std::vector<std::uint8_t> palette(int n) {
    std::vector<std::uint8_t> p;
    for (int i = 0; i < n; ++i) p.insert(p.end(), {static_cast<std::uint8_t>(i * 15), static_cast<std::uint8_t>(255 - i * 7), 99});
    return p;
}
INSTANTIATE_TEST_SUITE_P(
    ImageIo, PngLayouts,
    ::testing::Values(PngLayout{"gray1", {13, 5, 1, 0, {}, {}}}, PngLayout{"gray2", {13, 5, 2, 0, {}, {}}},
                      PngLayout{"gray4", {13, 5, 4, 0, {}, {}}}, PngLayout{"gray8", {13, 5, 8, 0, {}, {}}},
                      PngLayout{"gray16", {13, 5, 16, 0, {}, {}}},
                      PngLayout{"gray8_trns", {13, 5, 8, 0, {}, {0, 7}}},
                      PngLayout{"gray16_trns", {13, 5, 16, 0, {}, {7, 90}}},
                      PngLayout{"gray_alpha8", {9, 4, 8, 4, {}, {}}}, PngLayout{"gray_alpha16", {9, 4, 16, 4, {}, {}}},
                      PngLayout{"rgb8", {7, 6, 8, 2, {}, {}}}, PngLayout{"rgb16", {7, 6, 16, 2, {}, {}}},
                      PngLayout{"rgb8_trns", {7, 6, 8, 2, {}, {0, 7, 0, 36, 0, 65}}},
                      PngLayout{"rgba8", {5, 5, 8, 6, {}, {}}}, PngLayout{"rgba16", {5, 5, 16, 6, {}, {}}},
                      PngLayout{"palette1", {17, 3, 1, 3, palette(2), {}}},
                      PngLayout{"palette4", {17, 3, 4, 3, palette(16), {}}},
                      PngLayout{"palette8", {17, 3, 8, 3, palette(16), {}}},
                      PngLayout{"palette8_trns", {17, 3, 8, 3, palette(16), {0, 128, 255}}},
                      PngLayout{"adam7_rgb8", {19, 13, 8, 2, {}, {}, true}},
                      PngLayout{"adam7_gray16", {11, 9, 16, 0, {}, {}, true}},
                      PngLayout{"adam7_rgba8_tiny", {3, 2, 8, 6, {}, {}, true}}),
    [](const auto& info) { return std::string(info.param.name); });

// A wrong CRC never stopped stb; the file still loads.
TEST_F(ImageIo, PngWithBadCrcStillLoads) {
    std::vector<std::uint8_t> png = handMadePng({6, 4, 8, 2, {}, {}});
    png[8 + 8 + 13 + 2] ^= 0x55;  // IHDR's CRC
    EXPECT_EQ(cs::loadImageFromMemory(png.data(), png.size()), stbDecode(png));
}

// Two 32-bit sides were multiplied before the side check: signed overflow
// (UBSan: "4211081471 * 4294967155 cannot be represented in type 'long'").
TEST_F(ImageIo, HugeSidesAreCheckedBeforeTheirProduct) {
    writeBytes(path("huge.png"), pngHeaderOnly(4211081471u, 4294967155u, 2));
    expectIoError(path("huge.png"), {"4211081471 x 4294967155", "16384 pixels per side"});
}

// stb's PNM reader parsed this width into an int (undefined behaviour); our
// own header check refuses it first.
TEST_F(ImageIo, PnmSizeOverflowingAnIntIsRefused) {
    const std::string pgm = "P5\n# hostile\n99999999999 1\n255\n\x01";
    writeBytes(path("big.pgm"), std::vector<std::uint8_t>(pgm.begin(), pgm.end()));
    expectIoError(path("big.pgm"), {"99999999999 x 1", "over the limit"});
    const std::string bad_max = "P6 2 2 70000\n";
    writeBytes(path("max.ppm"), std::vector<std::uint8_t>(bad_max.begin(), bad_max.end()));
    expectIoError(path("max.ppm"), {"maxval is 70000"});
}
TEST_F(ImageIo, Pnm16BitLoadsAsStbDid) {
    std::string ppm = "P6 3 2 65535\n";
    for (int i = 0; i < 3 * 2 * 3; ++i) ppm += static_cast<char>(i * 13), ppm += static_cast<char>(i * 7);
    const std::vector<std::uint8_t> bytes(ppm.begin(), ppm.end());
    const Image expected = stbDecode(bytes);
    ASSERT_FALSE(expected.empty());
    EXPECT_EQ(cs::loadImageFromMemory(bytes.data(), bytes.size()), expected);
}

// A DHT segment claiming 257 codes: stb_image's stbi__build_huffman indexed
// its table at 257 (undefined behaviour); libjpeg-turbo refuses the table.
TEST_F(ImageIo, JpegWithOversizedHuffmanTableIsRefused) {
    std::vector<std::uint8_t> jpg = {0xFF, 0xD8, 0xFF, 0xC4};
    put16be(jpg, 2 + 1 + 16 + 257);
    jpg.push_back(0x00);  // DC table 0
    const std::uint8_t counts[16] = {0, 0, 0, 0, 0, 0, 0, 0, 255, 2, 0, 0, 0, 0, 0, 0};
    jpg.insert(jpg.end(), counts, counts + 16);
    jpg.insert(jpg.end(), 257, 1);
    jpg.insert(jpg.end(), {0xFF, 0xD9});
    writeBytes(path("bad.jpg"), jpg);
    expectIoError(path("bad.jpg"), {"libjpeg:"});
}
TEST_F(ImageIo, JpegHeaderOverTheLimitIsRefusedBeforeDecoding) {
    // SOI, a baseline SOF0 claiming 60000 x 60000 gray, SOS, and no data.
    std::vector<std::uint8_t> jpg = {0xFF, 0xD8, 0xFF, 0xC0, 0, 11, 8};
    put16be(jpg, 60000);
    put16be(jpg, 60000);
    jpg.insert(jpg.end(), {1, 1, 0x11, 0});
    jpg.insert(jpg.end(), {0xFF, 0xDA, 0, 8, 1, 1, 0x00, 0, 63, 0});  // SOS: where the header ends
    writeBytes(path("big.jpg"), jpg);
    expectIoError(path("big.jpg"), {"60000 x 60000", "over the limit"});
}

// PNGs from this many pixels are written with a fast zlib level; they must
// still be valid PNGs (read back by stb_image, an independent decoder) with
// the same pixels.
TEST_F(ImageIo, LargePngIsValidAndIdentical) {
    const Image img = pattern(1280, 820, 3);
    const std::vector<std::uint8_t> png = cs::encodePng(img);
    EXPECT_EQ(stbDecode(png), img);
    EXPECT_EQ(cs::loadImageFromMemory(png.data(), png.size()), img);
    EXPECT_LT(png.size(), img.pixels.size());  // compressed, not stored
}
