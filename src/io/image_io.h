#pragma once
// Reading images and writing PNGs that are never half-written.
//
//   cs::Image img = cs::loadImage("assets/images/camera.png");  // 512 x 512, 1 channel
//   cs::writePngAtomic("out/camera_copy.png", img);
//
// Formats read, each by a decoder meant for untrusted files: PNG (libspng;
// 1 to 16 bit; 16-bit samples keep their high byte, low bit depths are scaled
// to 0..255), JPEG (libjpeg-turbo; baseline and progressive, at most 500
// scans), and through stb_image, only after our own check of their header:
// BMP, TGA, GIF (first frame only), PSD (the flattened composite), PNM
// (binary PGM / PPM, maxval up to 65535). Channels are kept as stored: 1 gray,
// 2 gray + alpha, 3 RGB, 4 RGBA (a PNG tRNS colour adds alpha; a palette PNG
// becomes RGB, or RGBA when it has transparency; GIF and PSD are RGBA; a CMYK
// JPEG becomes RGB) -- the layouts stb_image gave for every format.
//
// Size limit: the header's dimensions are read BEFORE anything is decoded, and
// an image wider or taller than kMaxImageSide, or with more than
// kMaxImagePixels pixels, is refused without allocating its pixels, so a
// 200-byte file claiming 100000 x 100000 costs nothing. Files larger than
// kMaxImageFileBytes are refused before being read.
//
// Every failure is an IoError (ImageFormatError when the bytes are the
// problem, not the file system) whose message names the file and says what is
// wrong ("cannot read 'x.png': the image is truncated or corrupt (libspng:
// end of stream)"), never a crash.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/image.h"

namespace cs {

// A file that cannot be read, decoded or written. The message names the file.
class IoError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The bytes were read but are not an image we accept: not a supported format,
// truncated, corrupt, empty, or over the size limits. A kind of IoError, so
// catching IoError catches both; the CLI tells them apart (exit 2 for a bad
// input, 1 for a file it could not read or write).
class ImageFormatError : public IoError {
public:
    using IoError::IoError;
};

// Largest width or height accepted.
constexpr int kMaxImageSide = 16384;
// Largest width * height accepted: 64 Mi pixels (2^26 = 67,108,864), i.e.
// 8192 x 8192 or 16384 x 4096; an RGBA image this size is 256 MiB of pixels.
constexpr std::int64_t kMaxImagePixels = std::int64_t{1} << 26;
// Largest file read: 1 GiB (stb reads from a buffer whose length is an int).
constexpr std::int64_t kMaxImageFileBytes = std::int64_t{1} << 30;

// Throws IoError when the file is missing, unreadable or a directory, and
// ImageFormatError when it is not an image of the formats above, truncated,
// empty, or over the size limits.
Image loadImage(const std::string& path);

// The same from bytes in memory; `name` is used in messages ("<clipboard>").
Image loadImageFromMemory(const void* data, std::size_t size,
                          const std::string& name = "<memory>");

// Width, height and channel count from the header only (nothing decoded).
// Throws ImageFormatError like loadImage, including for sizes over the limits.
struct ImageInfo {
    int width = 0;
    int height = 0;
    int channels = 0;
};
ImageInfo probeImageFromMemory(const void* data, std::size_t size,
                               const std::string& name = "<memory>");

// The image as an 8-bit PNG (libspng; from 2^20 pixels, zlib level 1 and the
// Paeth filter, about 4x faster than level 6 on a 1080p photo). Throws IoError
// when the image is empty or inconsistent (see Image::isConsistent).
std::vector<std::uint8_t> encodePng(const Image& image);

// Writes `image` as a PNG to `path`, atomically: the bytes go to a temporary
// file in the same directory (".<name>.tmp-XXXXXX"), which is fsync'ed and
// then renamed over `path`. On any failure the temporary file is removed and
// IoError is thrown; `path` is then either absent or still holds its previous
// content, never a partial PNG. The new file gets mode 0644. If `path` is a
// symbolic link, the link itself is replaced.
void writePngAtomic(const std::string& path, const Image& image);

// Many PNGs into one folder (`convscope render`'s numbered frames): as
// writePngAtomic (a temporary file renamed, never a partial PNG, IoError) but
// without its two fsyncs per file (about 12 ms a frame here), and encoded
// fast at any size (zlib level 1, Paeth: a 1280 x 720 frame in 0.4x the
// time, 3% larger, the same pixels); syncFolder then makes them all durable at once.
//   for (k ...) writePngUnsynced(dir + "/frame_" + k + ".png", frame);
//   syncFolder(dir);
void writePngUnsynced(const std::string& path, const Image& image);
// Writes back everything written into `folder` (syncfs of its file system,
// then fsync of the folder). Throws IoError naming the folder when it fails.
void syncFolder(const std::string& folder);

}  // namespace cs
