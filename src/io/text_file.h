#pragma once
// Small text files (lessons, settings): read whole, write atomically.
//   std::string text = readTextFile("lesson.json");          // IoError if missing
//   writeTextFileAtomic("~/.config/convscope/settings.json", text);
// The atomic write goes to a temporary file in the same directory, is flushed
// and fsync'ed, then renamed over the target, and the directory is fsync'ed so
// the rename itself survives a crash: a crash leaves the old file or the new
// one, never half of one. Missing parent directories are created. A failure
// removes the temporary file and throws IoError naming the step and its errno
// ("cannot write 'a.json': fsync failed: Input/output error").
#include <sys/types.h>

#include <cstddef>
#include <string>

#include "io/image_io.h"  // IoError

namespace cs {

constexpr std::size_t kMaxTextFileBytes = std::size_t{64} << 20;

std::string readTextFile(const std::string& path);
void writeTextFileAtomic(const std::string& path, const std::string& text);

// Throws IoError unless a file can be made in `dir` (created when missing; a
// probe file is made and removed): a long job checks where it will write
// before it starts ("cannot write in '/proc/x': Permission denied").
void checkWritableFolder(const std::string& dir);

// The calls writeTextFileAtomic makes on its temporary file, so a test can make
// one fail (a full disk, an fsync EIO) and check the message and the cleanup.
struct TextFileCalls {
    ssize_t (*write)(int fd, const void* data, std::size_t size);
    int (*fchmod)(int fd, mode_t mode);
    int (*fsync)(int fd);
    int (*close)(int fd);
};
TextFileCalls systemTextFileCalls();
void writeTextFileAtomic(const std::string& path, const std::string& text, const TextFileCalls& calls);

}  // namespace cs
