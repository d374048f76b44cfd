#include "io/idx.h"

#include <sys/stat.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace cs {
namespace {

std::string inQuotes(const std::string& path) { return "'" + path + "'"; }

[[noreturn]] void bad(const std::string& path, const std::string& what) {
    throw DataFormatError("cannot read " + inQuotes(path) + ": " + what);
}

// An IDX file opened through zlib, which reads a non-gzip file as it is
// (gzdirect), so one reader covers both.
class IdxStream {
public:
    explicit IdxStream(const std::string& path) : path_(path) {
        struct stat st {};
        if (::stat(path.c_str(), &st) != 0) {
            const int err = errno;
            throw IoError("cannot read " + inQuotes(path) + ": " + std::strerror(err));
        }
        if (S_ISDIR(st.st_mode)) throw IoError("cannot read " + inQuotes(path) + ": it is a directory");
        file_bytes_ = static_cast<std::int64_t>(st.st_size);
        file_ = gzopen(path.c_str(), "rb");
        if (file_ == nullptr) {
            const int err = errno;
            throw IoError("cannot open " + inQuotes(path) + ": " + std::strerror(err));
        }
    }
    ~IdxStream() { gzclose(file_); }
    IdxStream(const IdxStream&) = delete;
    IdxStream& operator=(const IdxStream&) = delete;

    // Reads up to `size` bytes; fewer only at the end of the data. Throws on
    // a zlib error (corrupt or truncated gzip stream).
    std::size_t read(std::uint8_t* out, std::size_t size) {
        std::size_t done = 0;
        while (done < size) {
            const unsigned ask = static_cast<unsigned>(std::min<std::size_t>(size - done, 1u << 20));
            const int n = gzread(file_, out + done, ask);
            int errnum = Z_OK;
            const char* msg = gzerror(file_, &errnum);
            if (n < 0 || (errnum != Z_OK && errnum != Z_STREAM_END)) {
                bad(path_, std::string("corrupt or truncated gzip data (zlib: ") + msg + ")");
            }
            if (n == 0) break;
            done += static_cast<std::size_t>(n);
        }
        return done;
    }
    bool raw() const { return gzdirect(file_) == 1; }
    std::int64_t fileBytes() const { return file_bytes_; }

private:
    std::string path_;
    gzFile file_ = nullptr;
    std::int64_t file_bytes_ = 0;
};

std::uint32_t bigEndian32(const std::uint8_t* p) {
    return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3];
}

std::string hex32(std::uint32_t v) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "0x%08x", v);
    return buf;
}

// Reads the header (magic + dims) and then exactly the payload its dims
// promise, bounded as idx.h says. `what` names the items ("images").
std::vector<std::uint8_t> readIdx(const std::string& path, int dims, std::vector<std::uint32_t>& sizes,
                                  const char* what) {
    IdxStream in(path);
    const std::size_t header_bytes = 4 + 4 * static_cast<std::size_t>(dims);
    std::uint8_t header[16] = {};
    const std::size_t got = in.read(header, header_bytes);
    if (got < 4) bad(path, "truncated: " + std::to_string(got) + " bytes, too short for an IDX header");
    const std::uint32_t magic = bigEndian32(header);
    const std::uint32_t expected_magic = 0x00000800u | static_cast<std::uint32_t>(dims);
    if (magic != expected_magic) {
        bad(path, "not an IDX file of " + std::string(what) + ": magic " + hex32(magic) + ", expected " +
                      hex32(expected_magic));
    }
    if (got < header_bytes) bad(path, "truncated: the IDX header is cut short");
    std::uint64_t payload = 1;
    sizes.clear();
    for (int d = 0; d < dims; ++d) {
        const std::uint32_t n = bigEndian32(header + 4 + 4 * d);
        sizes.push_back(n);
        if (n > static_cast<std::uint32_t>(INT32_MAX)) bad(path, "the header's size " + std::to_string(n) + " is absurd");
        if (d > 0 && n == 0) bad(path, "the header says images of size 0");
        payload *= n;  // each factor < 2^31 and the running product <= the cap: no overflow
        if (payload > static_cast<std::uint64_t>(kMaxIdxFileBytes)) {
            bad(path, "the header promises more than " + std::to_string(kMaxIdxFileBytes >> 20) + " MiB of data");
        }
    }
    std::string promise = "the header promises " + std::to_string(sizes[0]) + " " + what;
    if (dims == 3) promise += " of " + std::to_string(sizes[1]) + " x " + std::to_string(sizes[2]);
    promise += " (" + std::to_string(payload) + " bytes)";
    // A raw file: its size says at once whether the header tells the truth,
    // before anything is allocated.
    if (in.raw()) {
        const std::int64_t data = in.fileBytes() - static_cast<std::int64_t>(header_bytes);
        if (data < static_cast<std::int64_t>(payload)) {
            bad(path, "truncated: " + promise + " but the file holds " + std::to_string(data));
        }
    }
    // Grown piece by piece, so a short gzip stream costs only what it holds,
    // and never more than the promise: one byte past it means trailing data.
    std::vector<std::uint8_t> data;
    constexpr std::size_t kPiece = std::size_t{4} << 20;
    while (data.size() < payload) {
        const std::size_t want = std::min<std::size_t>(kPiece, payload - data.size());
        const std::size_t at = data.size();
        data.resize(at + want);
        const std::size_t n = in.read(data.data() + at, want);
        data.resize(at + n);
        if (n < want) bad(path, "truncated: " + promise + " but the data holds " + std::to_string(data.size()));
    }
    std::uint8_t extra = 0;
    if (in.read(&extra, 1) != 0) bad(path, "trailing data: " + promise + " but the file holds more");
    return data;
}

std::string pickFile(const std::string& dir, const std::string& name) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::path gz = fs::path(dir) / (name + ".gz");
    if (fs::exists(gz, ec)) return gz.string();
    const fs::path raw = fs::path(dir) / name;
    if (fs::exists(raw, ec)) return raw.string();
    throw IoError("cannot load Fashion-MNIST from " + inQuotes(dir) + ": no " + inQuotes(name + ".gz") + " (nor " +
                  inQuotes(name) + ") there; Debian's dataset-fashion-mnist installs it in " +
                  defaultFashionMnistDir());
}

void checkSet(const std::string& images_path, const IdxImages& images, const std::string& labels_path,
              const std::vector<std::uint8_t>& labels) {
    if (images.rows != 28 || images.cols != 28) {
        bad(images_path, "Fashion-MNIST images are 28 x 28, these are " + std::to_string(images.rows) + " x " +
                             std::to_string(images.cols));
    }
    if (static_cast<std::size_t>(images.count) != labels.size()) {
        throw DataFormatError("cannot load Fashion-MNIST: " + inQuotes(images_path) + " holds " +
                              std::to_string(images.count) + " images but " + inQuotes(labels_path) + " " +
                              std::to_string(labels.size()) + " labels");
    }
    for (std::size_t i = 0; i < labels.size(); ++i) {
        if (labels[i] > 9) {
            bad(labels_path, "label " + std::to_string(i) + " is " + std::to_string(labels[i]) +
                                 ", not a class 0..9");
        }
    }
}

}  // namespace

IdxImages readIdxImages(const std::string& path) {
    std::vector<std::uint32_t> sizes;
    IdxImages out;
    out.pixels = readIdx(path, 3, sizes, "images");
    out.count = static_cast<int>(sizes[0]);
    out.rows = static_cast<int>(sizes[1]);
    out.cols = static_cast<int>(sizes[2]);
    return out;
}

std::vector<std::uint8_t> readIdxLabels(const std::string& path) {
    std::vector<std::uint32_t> sizes;
    return readIdx(path, 1, sizes, "labels");
}

std::string defaultFashionMnistDir() { return "/usr/share/datasets/fashion-mnist"; }

FashionMnist loadFashionMnist(const std::string& dir) {
    FashionMnist set;
    const std::string train_images = pickFile(dir, "train-images-idx3-ubyte");
    const std::string train_labels = pickFile(dir, "train-labels-idx1-ubyte");
    const std::string test_images = pickFile(dir, "t10k-images-idx3-ubyte");
    const std::string test_labels = pickFile(dir, "t10k-labels-idx1-ubyte");
    set.train_images = readIdxImages(train_images);
    set.train_labels = readIdxLabels(train_labels);
    checkSet(train_images, set.train_images, train_labels, set.train_labels);
    set.test_images = readIdxImages(test_images);
    set.test_labels = readIdxLabels(test_labels);
    checkSet(test_images, set.test_images, test_labels, set.test_labels);
    return set;
}

const std::array<const char*, 10>& fashionMnistClassNames() {
    static const std::array<const char*, 10> names = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                                                      "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};
    return names;
}

}  // namespace cs
