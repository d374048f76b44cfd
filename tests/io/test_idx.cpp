// IDX files and the Fashion-MNIST set: files this test writes (raw and gzip),
// the ones that must be refused with a message, and the real installed set.
#include <gtest/gtest.h>
#include <zlib.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "../support/temp_dir_test.h"
#include "io/idx.h"

namespace fs = std::filesystem;
using Bytes = std::vector<std::uint8_t>;

namespace {

class Idx : public cs::test::TempDirTest {};

void put32(Bytes& b, std::uint32_t v) {
    for (int s = 24; s >= 0; s -= 8) b.push_back(static_cast<std::uint8_t>(v >> s));
}

Bytes imagesFile(std::uint32_t count, std::uint32_t rows, std::uint32_t cols, const Bytes& pixels) {
    Bytes b;
    put32(b, 0x803);
    put32(b, count);
    put32(b, rows);
    put32(b, cols);
    b.insert(b.end(), pixels.begin(), pixels.end());
    return b;
}

Bytes labelsFile(std::uint32_t count, const Bytes& labels) {
    Bytes b;
    put32(b, 0x801);
    put32(b, count);
    b.insert(b.end(), labels.begin(), labels.end());
    return b;
}

Bytes ramp(std::size_t n) {
    Bytes b(n);
    for (std::size_t i = 0; i < n; ++i) b[i] = static_cast<std::uint8_t>(i * 7 + 3);
    return b;
}

void writeRaw(const std::string& p, const Bytes& bytes) {
    std::ofstream out(p, std::ios::binary);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

void writeGz(const std::string& p, const Bytes& bytes, std::size_t zeros_after = 0) {
    gzFile f = gzopen(p.c_str(), "wb");
    ASSERT_NE(f, nullptr);
    if (!bytes.empty()) gzwrite(f, bytes.data(), static_cast<unsigned>(bytes.size()));
    const Bytes zeros(1 << 20, 0);
    for (std::size_t left = zeros_after; left > 0;) {
        const std::size_t n = std::min(left, zeros.size());
        gzwrite(f, zeros.data(), static_cast<unsigned>(n));
        left -= n;
    }
    gzclose(f);
}

Bytes readRaw(const std::string& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Runs `read` and expects a DataFormatError (or, with format = false, a plain
// IoError) whose message holds the file name and every needle.
template <typename Read>
void expectError(Read read, const std::string& file, const std::vector<std::string>& needles, bool format = true) {
    try {
        read();
        FAIL() << "no IoError for " << file;
    } catch (const cs::IoError& e) {
        const std::string msg = e.what();
        EXPECT_EQ(dynamic_cast<const cs::DataFormatError*>(&e) != nullptr, format) << msg;
        EXPECT_NE(msg.find(file), std::string::npos) << msg;
        for (const std::string& n : needles) EXPECT_NE(msg.find(n), std::string::npos) << "'" << n << "' in " << msg;
    }
}

void expectImagesError(const std::string& file, const std::vector<std::string>& needles, bool format = true) {
    expectError([&] { cs::readIdxImages(file); }, file, needles, format);
}

// A small Fashion-MNIST-shaped directory: `train` and `test` images of 28 x 28.
void writeSet(const std::string& dir, std::uint32_t train, std::uint32_t test, Bytes train_labels = {},
              Bytes test_labels = {}) {
    if (train_labels.empty()) train_labels = Bytes(train, 9);
    if (test_labels.empty()) test_labels = Bytes(test, 1);
    writeGz(dir + "/train-images-idx3-ubyte.gz", imagesFile(train, 28, 28, ramp(train * 784)));
    writeGz(dir + "/train-labels-idx1-ubyte.gz", labelsFile(static_cast<std::uint32_t>(train_labels.size()), train_labels));
    // The test half raw: the loader takes either.
    writeRaw(dir + "/t10k-images-idx3-ubyte", imagesFile(test, 28, 28, ramp(test * 784)));
    writeRaw(dir + "/t10k-labels-idx1-ubyte", labelsFile(static_cast<std::uint32_t>(test_labels.size()), test_labels));
}

TEST_F(Idx, ReadsRawImages) {
    writeRaw(path("a"), imagesFile(3, 2, 5, ramp(30)));
    const cs::IdxImages img = cs::readIdxImages(path("a"));
    EXPECT_EQ(img.count, 3);
    EXPECT_EQ(img.rows, 2);
    EXPECT_EQ(img.cols, 5);
    EXPECT_EQ(img.pixels, ramp(30));
}

TEST_F(Idx, ReadsGzipImagesAndLabels) {
    writeGz(path("a.gz"), imagesFile(4, 3, 3, ramp(36)));
    const cs::IdxImages img = cs::readIdxImages(path("a.gz"));
    EXPECT_EQ(img.count, 4);
    EXPECT_EQ(img.pixels, ramp(36));
    writeGz(path("l.gz"), labelsFile(5, {0, 9, 3, 3, 1}));
    EXPECT_EQ(cs::readIdxLabels(path("l.gz")), (Bytes{0, 9, 3, 3, 1}));
    writeRaw(path("l"), labelsFile(2, {7, 8}));
    EXPECT_EQ(cs::readIdxLabels(path("l")), (Bytes{7, 8}));
}

TEST_F(Idx, RefusesWrongMagic) {
    writeRaw(path("labels"), labelsFile(2, {1, 2}));
    expectImagesError(path("labels"), {"magic 0x00000801", "expected 0x00000803"});
    writeRaw(path("png"), {0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 0, 0, 0, 0, 0});
    expectError([&] { cs::readIdxLabels(path("png")); }, path("png"), {"not an IDX file of labels"});
}

TEST_F(Idx, RefusesShortAndTruncatedFiles) {
    writeRaw(path("short"), {0, 0, 8});
    expectImagesError(path("short"), {"truncated", "3 bytes"});
    Bytes header_cut = imagesFile(1, 2, 2, {});
    header_cut.resize(10);
    writeRaw(path("cut"), header_cut);
    expectImagesError(path("cut"), {"IDX header is cut short"});
    writeRaw(path("raw"), imagesFile(5, 4, 4, ramp(50)));
    expectImagesError(path("raw"), {"truncated", "promises 5 images of 4 x 4 (80 bytes)", "holds 50"});
    writeGz(path("g.gz"), imagesFile(5, 4, 4, ramp(50)));
    expectImagesError(path("g.gz"), {"truncated", "(80 bytes)", "holds 50"});
}

TEST_F(Idx, RefusesACutGzipStream) {
    writeGz(path("full.gz"), imagesFile(20, 28, 28, ramp(20 * 784)));
    Bytes gz = readRaw(path("full.gz"));
    gz.resize(gz.size() / 2);
    writeRaw(path("half.gz"), gz);
    expectImagesError(path("half.gz"), {"corrupt or truncated gzip data"});
    Bytes garbled = readRaw(path("full.gz"));
    for (std::size_t i = 20; i < 60 && i < garbled.size(); ++i) garbled[i] ^= 0x5a;
    writeRaw(path("garbled.gz"), garbled);
    expectImagesError(path("garbled.gz"), {"cannot read"});
}

TEST_F(Idx, RefusesHeadersThatPromiseTooMuch) {
    // 2^31 - 1 images of 28 x 28 in a 16-byte file: refused before any allocation.
    writeRaw(path("huge"), imagesFile(0x7fffffffu, 28, 28, {}));
    expectImagesError(path("huge"), {"more than 256 MiB"});
    writeRaw(path("absurd"), imagesFile(0xffffffffu, 1, 1, {}));
    expectImagesError(path("absurd"), {"absurd"});
    writeRaw(path("zero"), imagesFile(1, 0, 28, {}));
    expectImagesError(path("zero"), {"size 0"});
    // Under the cap but far more than the file: the raw size says so at once.
    writeRaw(path("lies"), imagesFile(300000, 28, 28, ramp(100)));
    expectImagesError(path("lies"), {"truncated", "holds 100"});
}

TEST_F(Idx, BoundsAGzipBombByTheHeader) {
    // 2 images of 2 x 2 promised, then 64 MiB of zeros (about 64 KiB compressed):
    // the reader stops one byte past the promise.
    writeGz(path("bomb.gz"), imagesFile(2, 2, 2, ramp(8)), std::size_t{64} << 20);
    EXPECT_LT(fs::file_size(path("bomb.gz")), std::uintmax_t{1} << 20);
    expectImagesError(path("bomb.gz"), {"trailing data"});
    writeRaw(path("tail"), labelsFile(2, {1, 2, 3}));
    expectError([&] { cs::readIdxLabels(path("tail")); }, path("tail"), {"trailing data"});
}

TEST_F(Idx, MissingFileAndDirectoryAreFileErrors) {
    expectImagesError(path("nope.gz"), {"No such file"}, false);
    expectImagesError(dir_.string(), {"directory"}, false);
}

TEST_F(Idx, LoadsASmallSet) {
    writeSet(dir_.string(), 3, 2, {0, 5, 9}, {4, 2});
    const cs::FashionMnist set = cs::loadFashionMnist(dir_.string());
    EXPECT_EQ(set.train_images.count, 3);
    EXPECT_EQ(set.test_images.count, 2);
    EXPECT_EQ(set.train_labels, (Bytes{0, 5, 9}));
    EXPECT_EQ(set.test_labels, (Bytes{4, 2}));
    EXPECT_EQ(set.test_images.pixels, ramp(2 * 784));
}

TEST_F(Idx, RefusesABadSet) {
    const std::string d = dir_.string();
    writeSet(d, 3, 2, {0, 10, 9});
    expectError([&] { cs::loadFashionMnist(d); }, "train-labels-idx1-ubyte.gz", {"label 1 is 10", "0..9"});
    writeSet(d, 3, 2, {0, 1});
    expectError([&] { cs::loadFashionMnist(d); }, "train-images-idx3-ubyte.gz", {"3 images", "2 labels"});
    writeSet(d, 3, 2);
    writeRaw(d + "/t10k-images-idx3-ubyte", imagesFile(2, 27, 28, ramp(2 * 27 * 28)));
    expectError([&] { cs::loadFashionMnist(d); }, "t10k-images-idx3-ubyte", {"28 x 28", "27 x 28"});
    fs::remove(d + "/t10k-labels-idx1-ubyte");
    expectError([&] { cs::loadFashionMnist(d); }, d, {"t10k-labels-idx1-ubyte.gz", "dataset-fashion-mnist"}, false);
}

TEST(FashionMnist, ClassNamesAsTorchvision) {
    const auto& names = cs::fashionMnistClassNames();
    EXPECT_STREQ(names[0], "T-shirt/top");
    EXPECT_STREQ(names[1], "Trouser");
    EXPECT_STREQ(names[6], "Shirt");
    EXPECT_STREQ(names[9], "Ankle boot");
}

// scripts/deps.sh installs dataset-fashion-mnist, so this runs (and fails
// when the set is missing) everywhere the tests run.
TEST(FashionMnist, LoadsTheInstalledSet) {
    const cs::FashionMnist set = cs::loadFashionMnist(cs::defaultFashionMnistDir());
    EXPECT_EQ(set.train_images.count, 60000);
    EXPECT_EQ(set.test_images.count, 10000);
    EXPECT_EQ(set.train_images.rows, 28);
    EXPECT_EQ(set.train_images.pixels.size(), std::size_t{60000} * 784);
    // Known facts of the set: both halves start with an ankle boot, the
    // training half has 6000 of each class, and the first image's pixel sum.
    EXPECT_EQ(set.train_labels[0], 9);
    EXPECT_EQ(set.test_labels.front(), 9);
    EXPECT_EQ(set.test_labels[1], 2);
    std::vector<int> per_class(10, 0);
    for (std::uint8_t l : set.train_labels) ++per_class[l];
    for (int c = 0; c < 10; ++c) EXPECT_EQ(per_class[static_cast<std::size_t>(c)], 6000) << c;
    long sum = 0;
    for (std::size_t i = 0; i < 784; ++i) sum += set.train_images.pixels[i];
    EXPECT_EQ(sum, 76247);
}

}  // namespace
