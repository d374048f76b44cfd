#pragma once
// Small text files (lessons, settings): read whole, write atomically.
//   std::string text = readTextFile("lesson.json");          // IoError if missing
//   writeTextFileAtomic("~/.config/convscope/settings.json", text);
// The atomic write goes to a temporary file in the same directory, is flushed
// and fsync'ed, then renamed over the target: a crash leaves the old file or
// the new one, never half of one. Missing parent directories are created.
#include <cstddef>
#include <string>

#include "io/image_io.h"  // IoError

namespace cs {

constexpr std::size_t kMaxTextFileBytes = std::size_t{64} << 20;

std::string readTextFile(const std::string& path);
void writeTextFileAtomic(const std::string& path, const std::string& text);

}  // namespace cs
