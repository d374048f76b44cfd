#include "io/image_io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>

// Declarations only: Debian's libstb.so holds the implementations, so no
// STB_*_IMPLEMENTATION is defined anywhere in convscope.
#include <stb_image.h>
#include <stb_image_write.h>

namespace cs {
namespace {

std::string quoted(const std::string& path) { return "'" + path + "'"; }

std::string stbReason() {
    const char* reason = stbi_failure_reason();
    return reason != nullptr && *reason != '\0' ? reason : "no reason given";
}

std::string errnoText(int err) { return std::strerror(err); }

// Closes a file descriptor on scope exit unless released.
class FdGuard {
public:
    explicit FdGuard(int fd) : fd_(fd) {}
    ~FdGuard() {
        if (fd_ >= 0) ::close(fd_);
    }
    FdGuard(const FdGuard&) = delete;
    FdGuard& operator=(const FdGuard&) = delete;
    int get() const { return fd_; }
    // Closes now and reports close()'s errno (0 on success).
    int closeNow() {
        int err = 0;
        if (fd_ >= 0 && ::close(fd_) != 0) err = errno;
        fd_ = -1;
        return err;
    }

private:
    int fd_;
};

std::vector<std::uint8_t> readWholeFile(const std::string& path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        int err = errno;
        throw IoError("cannot read " + quoted(path) + ": " + errnoText(err));
    }
    FdGuard guard(fd);
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        int err = errno;
        throw IoError("cannot read " + quoted(path) + ": " + errnoText(err));
    }
    if (S_ISDIR(st.st_mode)) throw IoError("cannot read " + quoted(path) + ": it is a directory");
    if (!S_ISREG(st.st_mode)) throw IoError("cannot read " + quoted(path) + ": not a regular file");
    if (st.st_size > kMaxImageFileBytes) {
        throw ImageFormatError("cannot read " + quoted(path) + ": the file is " +
                      std::to_string(st.st_size) + " bytes, over the limit of " +
                      std::to_string(kMaxImageFileBytes) + " bytes");
    }
    std::vector<std::uint8_t> bytes(static_cast<std::size_t>(st.st_size));
    std::size_t done = 0;
    while (done < bytes.size()) {
        ssize_t n = ::read(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            int err = errno;
            throw IoError("cannot read " + quoted(path) + ": " + errnoText(err));
        }
        if (n == 0) break;  // the file shrank while being read: decode what is there
        done += static_cast<std::size_t>(n);
    }
    bytes.resize(done);
    return bytes;
}

void checkLimits(std::int64_t width, std::int64_t height, const std::string& name) {
    if (width <= 0 || height <= 0) {
        throw ImageFormatError("cannot read " + quoted(name) + ": the header gives an empty size " +
                      std::to_string(width) + " x " + std::to_string(height));
    }
    const std::int64_t pixels = width * height;  // both < 2^32: no overflow
    const std::string size_text = std::to_string(width) + " x " + std::to_string(height) + " pixels";
    if (width > kMaxImageSide || height > kMaxImageSide) {
        throw ImageFormatError("cannot read " + quoted(name) + ": the image is " + size_text +
                      ", over the limit of " + std::to_string(kMaxImageSide) + " pixels per side");
    }
    if (pixels > kMaxImagePixels) {
        throw ImageFormatError("cannot read " + quoted(name) + ": the image is " + size_text + " (" +
                      std::to_string(pixels) + " in all), over the limit of " +
                      std::to_string(kMaxImagePixels) + " pixels in all");
    }
}

int checkedLength(std::size_t size, const std::string& name) {
    if (size == 0) throw ImageFormatError("cannot read " + quoted(name) + ": the file is empty");
    if (size > static_cast<std::size_t>(kMaxImageFileBytes) ||
        size > static_cast<std::size_t>(INT_MAX)) {
        throw ImageFormatError("cannot read " + quoted(name) + ": " + std::to_string(size) +
                      " bytes is over the limit of " + std::to_string(kMaxImageFileBytes));
    }
    return static_cast<int>(size);
}

void appendBytes(void* context, void* data, int size) {
    auto* out = static_cast<std::vector<std::uint8_t>*>(context);
    const auto* bytes = static_cast<const std::uint8_t*>(data);
    out->insert(out->end(), bytes, bytes + size);
}

std::string directoryOf(const std::string& path) {
    std::string::size_type slash = path.find_last_of('/');
    if (slash == std::string::npos) return ".";
    if (slash == 0) return "/";
    return path.substr(0, slash);
}

std::string baseNameOf(const std::string& path) {
    std::string::size_type slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

// Width and height from a PNG's IHDR, without decoding anything.
bool pngHeaderSize(const void* data, std::size_t size, std::int64_t& width, std::int64_t& height) {
    static constexpr std::uint8_t kSignature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    const auto* b = static_cast<const std::uint8_t*>(data);
    if (size < 24 || std::memcmp(b, kSignature, 8) != 0 || std::memcmp(b + 12, "IHDR", 4) != 0) {
        return false;
    }
    auto be32 = [&](std::size_t at) {
        return (std::uint32_t{b[at]} << 24) | (std::uint32_t{b[at + 1]} << 16) |
               (std::uint32_t{b[at + 2]} << 8) | std::uint32_t{b[at + 3]};
    };
    width = be32(16);
    height = be32(20);
    return true;
}

}  // namespace

ImageInfo probeImageFromMemory(const void* data, std::size_t size, const std::string& name) {
    const int length = checkedLength(size, name);
    // A PNG's claimed size is checked from its IHDR first: stb refuses some
    // absurd claims itself, but then tries the other formats and reports
    // "unknown image type", which would hide the real reason.
    if (std::int64_t w = 0, h = 0; pngHeaderSize(data, size, w, h)) checkLimits(w, h, name);
    ImageInfo info;
    if (stbi_info_from_memory(static_cast<const stbi_uc*>(data), length, &info.width,
                              &info.height, &info.channels) == 0) {
        const std::string reason = stbReason();
        throw ImageFormatError("cannot read " + quoted(name) +
                      ": not a supported image (PNG, JPEG, BMP, TGA, GIF, PSD, PNM) or its "
                      "header is corrupt (stb: " + reason + ")");
    }
    // stb's BMP probe gives a top-down BMP (a valid, common layout) a negative
    // height; stbi_load decodes it upright. Without this it was refused.
    std::int64_t probed_height = info.height;
    if (probed_height < 0 && size >= 2 && std::memcmp(data, "BM", 2) == 0) probed_height = -probed_height;
    checkLimits(info.width, probed_height, name);
    info.height = static_cast<int>(probed_height);
    if (info.channels < 1 || info.channels > 4) {
        throw ImageFormatError("cannot read " + quoted(name) + ": unsupported channel count " +
                      std::to_string(info.channels));
    }
    return info;
}

Image loadImageFromMemory(const void* data, std::size_t size, const std::string& name) {
    // The header is checked first so an oversized claim is refused before stb
    // allocates anything for the pixels.
    probeImageFromMemory(data, size, name);
    const int length = checkedLength(size, name);
    int width = 0, height = 0, channels = 0;
    std::unique_ptr<stbi_uc, void (*)(void*)> decoded(
        stbi_load_from_memory(static_cast<const stbi_uc*>(data), length, &width, &height,
                              &channels, 0),
        stbi_image_free);
    if (!decoded) {
        throw ImageFormatError("cannot read " + quoted(name) +
                      ": the image is truncated or corrupt (stb: " + stbReason() + ")");
    }
    // stbi_info and stbi_load agree for every format, but the decoded size is
    // what the buffer holds, so it is the one checked and used.
    checkLimits(width, height, name);
    if (channels < 1 || channels > 4) {
        throw ImageFormatError("cannot read " + quoted(name) + ": unsupported channel count " +
                      std::to_string(channels));
    }
    Image image;
    image.width = width;
    image.height = height;
    image.channels = channels;
    image.pixels.assign(decoded.get(), decoded.get() + image.byteCount());
    return image;
}

Image loadImage(const std::string& path) {
    std::vector<std::uint8_t> bytes = readWholeFile(path);
    return loadImageFromMemory(bytes.data(), bytes.size(), path);
}

std::vector<std::uint8_t> encodePng(const Image& image) {
    if (!image.isConsistent()) {
        throw IoError("cannot encode a PNG: the image is inconsistent (" +
                      std::to_string(image.width) + " x " + std::to_string(image.height) +
                      " x " + std::to_string(image.channels) + " channels but " +
                      std::to_string(image.pixels.size()) + " bytes)");
    }
    if (image.empty()) throw IoError("cannot encode a PNG: the image is empty");
    if (static_cast<std::int64_t>(image.width) * image.channels > INT_MAX / 2) {
        throw IoError("cannot encode a PNG: the rows are too long");
    }
    std::vector<std::uint8_t> png;
    const int ok = stbi_write_png_to_func(appendBytes, &png, image.width, image.height,
                                          image.channels, image.pixels.data(),
                                          image.width * image.channels);
    if (ok == 0 || png.empty()) throw IoError("cannot encode a PNG: stb_image_write failed");
    return png;
}

void writePngAtomic(const std::string& path, const Image& image) {
    if (path.empty()) throw IoError("cannot write a PNG: the output path is empty");
    const std::string base = baseNameOf(path);
    if (base.empty() || base == "." || base == "..") {
        throw IoError("cannot write " + quoted(path) + ": the path names a directory, not a file");
    }
    std::vector<std::uint8_t> png;
    try {
        png = encodePng(image);
    } catch (const IoError& e) {
        throw IoError("cannot write " + quoted(path) + ": " + e.what());
    }

    const std::string dir = directoryOf(path);
    struct stat dir_stat {};
    if (::stat(dir.c_str(), &dir_stat) != 0) {
        int err = errno;
        throw IoError("cannot write " + quoted(path) + ": directory " + quoted(dir) + ": " +
                      errnoText(err));
    }
    if (!S_ISDIR(dir_stat.st_mode)) {
        throw IoError("cannot write " + quoted(path) + ": " + quoted(dir) + " is not a directory");
    }
    std::string temp = (dir == "/" ? std::string("/") : dir + "/") + "." + base + ".tmp-XXXXXX";
    std::vector<char> temp_buf(temp.begin(), temp.end());
    temp_buf.push_back('\0');
    int fd = ::mkostemp(temp_buf.data(), O_CLOEXEC);
    if (fd < 0) {
        int err = errno;
        throw IoError("cannot write " + quoted(path) + ": cannot create a file in " +
                      quoted(dir) + ": " + errnoText(err));
    }
    temp.assign(temp_buf.data());
    FdGuard guard(fd);
    // From here on every failure removes the temporary file.
    auto fail = [&](const std::string& what, int err) {
        guard.closeNow();
        ::unlink(temp.c_str());
        throw IoError("cannot write " + quoted(path) + ": " + what +
                      (err != 0 ? ": " + errnoText(err) : std::string()));
    };
    if (::fchmod(fd, 0644) != 0) fail("cannot set permissions", errno);
    std::size_t done = 0;
    while (done < png.size()) {
        ssize_t n = ::write(fd, png.data() + done, png.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            fail("write failed", errno);
        }
        if (n == 0) fail("write made no progress", 0);
        done += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0) fail("fsync failed", errno);
    if (int err = guard.closeNow(); err != 0) {
        ::unlink(temp.c_str());
        throw IoError("cannot write " + quoted(path) + ": close failed: " + errnoText(err));
    }
    if (::rename(temp.c_str(), path.c_str()) != 0) {
        // An existing directory at `path` ends up here (EISDIR), as does any
        // race with another writer: the temporary file goes either way.
        int err = errno;
        ::unlink(temp.c_str());
        if (err == EISDIR) throw IoError("cannot write " + quoted(path) + ": it is a directory");
        throw IoError("cannot write " + quoted(path) + ": rename failed: " + errnoText(err));
    }
    // Make the rename itself durable; failure here leaves a complete file, so
    // it is not reported.
    int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir_fd >= 0) {
        ::fsync(dir_fd);
        ::close(dir_fd);
    }
}

}  // namespace cs
