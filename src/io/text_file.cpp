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

void writeTextFileAtomic(const std::string& path, const std::string& text) {
    namespace fs = std::filesystem;
    const fs::path target(path);
    const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
    std::error_code ec;
    fs::create_directories(dir, ec);
    std::string tmpl = (dir / ("." + target.filename().string() + ".tmp-XXXXXX")).string();
    const int fd = ::mkstemp(tmpl.data());
    if (fd < 0) throw IoError("cannot write '" + path + "': " + std::strerror(errno));
    const char* p = text.data();
    std::size_t left = text.size();
    bool ok = true;
    while (left > 0) {
        const ssize_t n = ::write(fd, p, left);
        if (n < 0) {
            if (errno == EINTR) continue;
            ok = false;
            break;
        }
        p += n;
        left -= static_cast<std::size_t>(n);
    }
    const int saved = errno;
    ok = ok && ::fchmod(fd, 0644) == 0 && ::fsync(fd) == 0;
    ok = (::close(fd) == 0) && ok;
    if (!ok || std::rename(tmpl.c_str(), path.c_str()) != 0) {
        const int err = ok ? errno : saved;
        ::unlink(tmpl.c_str());
        throw IoError("cannot write '" + path + "': " + std::strerror(err));
    }
}

}  // namespace cs
