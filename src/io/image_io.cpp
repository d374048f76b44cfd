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

#include "io/image_codecs.h"

namespace cs {
namespace {

std::string quoted(const std::string& path) { return "'" + path + "'"; }

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

int checkedLength(std::size_t size, const std::string& name) {
    if (size == 0) throw ImageFormatError("cannot read " + quoted(name) + ": the file is empty");
    if (size > static_cast<std::size_t>(kMaxImageFileBytes) ||
        size > static_cast<std::size_t>(INT_MAX)) {
        throw ImageFormatError("cannot read " + quoted(name) + ": " + std::to_string(size) +
                      " bytes is over the limit of " + std::to_string(kMaxImageFileBytes));
    }
    return static_cast<int>(size);
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

}  // namespace

namespace codec {

void refuse(const std::string& name, const std::string& what) {
    throw ImageFormatError("cannot read " + quoted(name) + ": " + what);
}

void checkImageLimits(std::int64_t width, std::int64_t height, const std::string& name) {
    const std::string size_text = std::to_string(width) + " x " + std::to_string(height) + " pixels";
    if (width <= 0 || height <= 0)
        refuse(name, "the header gives an empty size " + std::to_string(width) + " x " + std::to_string(height));
    // The sides first: two 32-bit sides multiplied overflow even an int64
    // (a 42-byte PNG claimed 4211081471 x 4294967155).
    if (width > kMaxImageSide || height > kMaxImageSide)
        refuse(name, "the image is " + size_text + ", over the limit of " + std::to_string(kMaxImageSide) +
                         " pixels per side");
    const std::int64_t pixels = width * height;  // both <= 2^14 here
    if (pixels > kMaxImagePixels)
        refuse(name, "the image is " + size_text + " (" + std::to_string(pixels) + " in all), over the limit of " +
                         std::to_string(kMaxImagePixels) + " pixels in all");
}

}  // namespace codec

ImageInfo probeImageFromMemory(const void* data, std::size_t size, const std::string& name) {
    checkedLength(size, name);
    const codec::Bytes b{static_cast<const std::uint8_t*>(data), size};
    if (codec::looksLikePng(b)) return codec::probePng(b, name);
    if (codec::looksLikeJpeg(b)) return codec::probeJpeg(b, name);
    return codec::probeOther(b, name);
}

Image loadImageFromMemory(const void* data, std::size_t size, const std::string& name) {
    // Each decoder checks the header's size before it allocates the pixels.
    checkedLength(size, name);
    const codec::Bytes b{static_cast<const std::uint8_t*>(data), size};
    if (codec::looksLikePng(b)) return codec::decodePng(b, name);
    if (codec::looksLikeJpeg(b)) return codec::decodeJpeg(b, name);
    return codec::decodeOther(b, name);
}

Image loadImage(const std::string& path) {
    std::vector<std::uint8_t> bytes = readWholeFile(path);
    return loadImageFromMemory(bytes.data(), bytes.size(), path);
}

namespace {

std::vector<std::uint8_t> encodeChecked(const Image& image, bool fast) {
    if (!image.isConsistent()) {
        throw IoError("cannot encode a PNG: the image is inconsistent (" +
                      std::to_string(image.width) + " x " + std::to_string(image.height) +
                      " x " + std::to_string(image.channels) + " channels but " +
                      std::to_string(image.pixels.size()) + " bytes)");
    }
    if (image.empty()) throw IoError("cannot encode a PNG: the image is empty");
    return codec::encodePngBytes(image, fast);
}

}  // namespace

std::vector<std::uint8_t> encodePng(const Image& image) { return encodeChecked(image, false); }

namespace {

// writePngAtomic's work. writePngUnsynced's `frames`: the fast encoding, and
// no fsync of the file before the rename nor of the folder after it (syncFolder's).
void writePngFile(const std::string& path, const Image& image, bool frames) {
    const bool sync = !frames;
    if (path.empty()) throw IoError("cannot write a PNG: the output path is empty");
    const std::string base = baseNameOf(path);
    if (base.empty() || base == "." || base == "..") {
        throw IoError("cannot write " + quoted(path) + ": the path names a directory, not a file");
    }
    std::vector<std::uint8_t> png;
    try {
        png = encodeChecked(image, frames);
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
    if (sync && ::fsync(fd) != 0) fail("fsync failed", errno);
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
    if (!sync) return;
    // Make the rename itself durable; failure here leaves a complete file, so
    // it is not reported.
    int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir_fd >= 0) {
        ::fsync(dir_fd);
        ::close(dir_fd);
    }
}

}  // namespace

void writePngAtomic(const std::string& path, const Image& image) { writePngFile(path, image, false); }

void writePngUnsynced(const std::string& path, const Image& image) { writePngFile(path, image, true); }

void syncFolder(const std::string& folder) {
    const std::string dir = folder.empty() ? std::string(".") : folder;
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) throw IoError("cannot flush " + quoted(dir) + " to disk: " + errnoText(errno));
    // syncfs writes back every file of that file system (the frames' data
    // and their renames) in one pass; the folder's fsync is what POSIX
    // itself promises for its entries.
    const bool ok = ::syncfs(fd) == 0 && ::fsync(fd) == 0;
    const int err = errno;
    ::close(fd);
    if (!ok) throw IoError("cannot flush " + quoted(dir) + " to disk: " + errnoText(err));
}

}  // namespace cs
