#pragma once
// Inside io only: the decoders behind loadImage and the PNG encoder behind
// encodePng (image_io.h is the contract). Each format goes to the library
// that is fuzzed for it: PNG to libspng, JPEG to libjpeg-turbo; BMP, TGA, GIF,
// PSD and PNM to stb_image, but only after this code has read their header
// itself and found a size within the limits (stb's own header parsing has
// undefined behaviour on hostile files, e.g. a PNM size overflowing an int).
//
// Every probe* and decode* throws ImageFormatError naming `name`; sizes are
// checked with checkImageLimits before any pixel is allocated.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "io/image_io.h"

namespace cs::codec {

struct Bytes {
    const std::uint8_t* data;
    std::size_t size;
};

// "cannot read 'name': what", as an ImageFormatError.
[[noreturn]] void refuse(const std::string& name, const std::string& what);

// Sides first (each must be 1..kMaxImageSide), then their product against
// kMaxImagePixels; any two 32-bit sides are safe to pass.
void checkImageLimits(std::int64_t width, std::int64_t height, const std::string& name);

// True when the bytes start with the PNG signature.
bool looksLikePng(Bytes b);
ImageInfo probePng(Bytes b, const std::string& name);
Image decodePng(Bytes b, const std::string& name);
// From this many pixels (1 Mi, about 1280 x 800) PNGs are written with zlib
// level 1 and the Paeth filter instead of level 6 and the adaptive choice:
// encoding a 1080p photo dominated `filter` and Save PNG (issue 12).
constexpr std::int64_t kFastPngPixels = std::int64_t{1} << 20;
// The image as PNG bytes (8-bit, its own channel layout); throws IoError.
// `fast`: level 1 and Paeth whatever the size (render's frames, one after
// another: 2.4x faster than level 6 on a 1280 x 720 frame, 3% larger).
std::vector<std::uint8_t> encodePngBytes(const Image& image, bool fast = false);

// True when the first byte is 0xFF: a JPEG's SOI marker, or nothing we read
// (stb would also take FF FF D8 as a JPEG; libjpeg-turbo decides alone).
bool looksLikeJpeg(Bytes b);
ImageInfo probeJpeg(Bytes b, const std::string& name);
Image decodeJpeg(Bytes b, const std::string& name);

// BMP, TGA, GIF, PSD, PNM: header checks, then stb_image.
ImageInfo probeOther(Bytes b, const std::string& name);
Image decodeOther(Bytes b, const std::string& name);

}  // namespace cs::codec
