#include "io/text_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace cs {

std::string readTextFile(const std::string& path) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    if (ec) throw IoError("cannot read '" + path + "': " + ec.message());
    if (size > kMaxTextFileBytes) throw IoError("cannot read '" + path + "': larger than 64 MiB.");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw IoError("cannot open '" + path + "'.");
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void checkWritableFolder(const std::string& dir) {
    namespace fs = std::filesystem;
    const fs::path folder = dir.empty() ? fs::path(".") : fs::path(dir);
    std::error_code ec;
    fs::create_directories(folder, ec);
    if (ec) throw IoError("cannot write in '" + folder.string() + "': " + ec.message());
    std::string probe = (folder / ".convscope-probe-XXXXXX").string();
    const int fd = ::mkostemp(probe.data(), O_CLOEXEC);
    if (fd < 0) {
        const int err = errno;
        throw IoError("cannot write in '" + folder.string() + "': " + std::strerror(err));
    }
    ::close(fd);
    ::unlink(probe.c_str());
}

TextFileCalls systemTextFileCalls() { return {::write, ::fchmod, ::fsync, ::close}; }

void writeTextFileAtomic(const std::string& path, const std::string& text) {
    writeTextFileAtomic(path, text, systemTextFileCalls());
}

void writeTextFileAtomic(const std::string& path, const std::string& text, const TextFileCalls& calls) {
    namespace fs = std::filesystem;
    const fs::path target(path);
    const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
    std::error_code ec;
    fs::create_directories(dir, ec);
    std::string tmpl = (dir / ("." + target.filename().string() + ".tmp-XXXXXX")).string();
    int fd = ::mkostemp(tmpl.data(), O_CLOEXEC);
    if (fd < 0) {
        const int err = errno;
        throw IoError("cannot write '" + path + "': " + std::strerror(err));
    }
    // errno is read right after the call that failed: anything in between
    // (even a successful close) may overwrite it, and the message then said
    // "fsync failed: Success".
    auto fail = [&](const char* step, int err) {
        if (fd >= 0) calls.close(fd);
        ::unlink(tmpl.c_str());
        throw IoError("cannot write '" + path + "': " + step + ": " + std::strerror(err));
    };
    const char* p = text.data();
    std::size_t left = text.size();
    while (left > 0) {
        const ssize_t n = calls.write(fd, p, left);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) fail("write failed", errno);
        if (n == 0) fail("write failed", EIO);
        p += n;
        left -= static_cast<std::size_t>(n);
    }
    if (calls.fchmod(fd, 0644) != 0) fail("cannot set permissions", errno);
    if (calls.fsync(fd) != 0) fail("fsync failed", errno);
    const int closing = fd;
    fd = -1;  // close is not retried, even when it fails (POSIX leaves the fd closed or unspecified)
    if (calls.close(closing) != 0) fail("close failed", errno);
    if (std::rename(tmpl.c_str(), path.c_str()) != 0) fail("rename failed", errno);
    // Make the rename durable, as the PNG writer does; a failure here leaves a
    // complete file, so it is not reported.
    const int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir_fd >= 0) {
        ::fsync(dir_fd);
        ::close(dir_fd);
    }
}

}  // namespace cs
