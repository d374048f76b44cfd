#pragma once
// IDX files (the MNIST / Fashion-MNIST format) and the Fashion-MNIST set.
//
//   cs::FashionMnist set = cs::loadFashionMnist(cs::defaultFashionMnistDir());
//   set.train_images.count == 60000; set.train_labels[0] < 10;
//   const char* name = cs::fashionMnistClassNames()[set.test_labels[0]];
//
// Format (big-endian): images: magic 0x00000803, count, rows, cols, then
// count*rows*cols bytes; labels: magic 0x00000801, count, then count bytes.
// A file that starts with the gzip magic (1f 8b; the Debian files, ".gz") is
// gunzipped with zlib as it is read; any other is read raw. Trailing bytes
// after the data are refused.
//
// Memory is bounded: a header promising more than kMaxIdxFileBytes of data is
// refused at once; for a raw file the data is only allocated once the file's
// size is known to hold what the header promises; a gzip stream is inflated
// in pieces (so a short one costs what it holds) and stops, with an error,
// one byte past what its header promised (so a gzip bomb costs at most the
// expected size, itself capped at kMaxIdxFileBytes).
//
// Every failure throws IoError naming the file and what is wrong (a
// DataFormatError when the bytes are the problem, not the file system):
//   "cannot read 'x-idx3-ubyte.gz': truncated: the header promises
//   60000 images of 28 x 28 (47040000 bytes) but the data holds 1200".
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "io/data_error.h"  // IoError, DataFormatError

namespace cs {

// Largest IDX payload read, raw or after gunzip: 256 MiB.
constexpr std::int64_t kMaxIdxFileBytes = std::int64_t{256} << 20;

struct IdxImages {
    int count = 0, rows = 0, cols = 0;
    std::vector<std::uint8_t> pixels;  // count*rows*cols, row-major, image after image
};

IdxImages readIdxImages(const std::string& path);  // raw IDX or gzip (.gz) via zlib
std::vector<std::uint8_t> readIdxLabels(const std::string& path);

struct FashionMnist {
    IdxImages train_images, test_images;
    std::vector<std::uint8_t> train_labels, test_labels;
};

// Where Debian's dataset-fashion-mnist installs the files
// (/usr/share/datasets/fashion-mnist).
std::string defaultFashionMnistDir();

// Reads train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte
// and t10k-labels-idx1-ubyte from `dir`, each as "<name>.gz" or, failing that,
// raw "<name>". Checks images are 28 x 28, image and label counts match, and
// every label is 0..9.
FashionMnist loadFashionMnist(const std::string& dir);

// "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt",
// "Sneaker", "Bag", "Ankle boot": torchvision's FashionMNIST.classes.
const std::array<const char*, 10>& fashionMnistClassNames();

}  // namespace cs
