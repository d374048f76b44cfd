// BMP, TGA, GIF, PSD and PNM through stb_image, each behind a header check of
// our own: stb's README says it is not meant for untrusted files, and its
// header parsing has undefined behaviour on some (a PNM width of 99999999999
// overflows an int inside stbi__pnm_getinteger). The size read here is checked
// against the limits before stb sees a byte.
#include <algorithm>
#include <climits>
#include <cstring>
#include <memory>

// Declarations only: Debian's libstb.so holds the implementation.
#include <stb_image.h>

#include "io/image_codecs.h"

namespace cs::codec {
namespace {

std::string stbReason() {
    const char* reason = stbi_failure_reason();
    return std::string("stb: ") + (reason != nullptr && *reason != '\0' ? reason : "no reason given");
}

std::uint32_t le16(Bytes b, std::size_t at) { return b.data[at] | (std::uint32_t{b.data[at + 1]} << 8); }
std::uint32_t le32(Bytes b, std::size_t at) { return le16(b, at) | (le16(b, at + 2) << 16); }
std::uint32_t be32(Bytes b, std::size_t at) {
    return (std::uint32_t{b.data[at]} << 24) | (std::uint32_t{b.data[at + 1]} << 16) |
           (std::uint32_t{b.data[at + 2]} << 8) | std::uint32_t{b.data[at + 3]};
}
bool startsWith(Bytes b, const char* magic) {
    const std::size_t n = std::strlen(magic);
    return b.size >= n && std::memcmp(b.data, magic, n) == 0;
}

// The PNM header as stbi__pnm_info reads it ("P5", then width, height and
// maxval separated by whitespace and # comments), with numbers that stop
// growing before they could overflow. Returns false when the header is bad.
bool pnmHeader(Bytes b, std::int64_t& width, std::int64_t& height, std::int64_t& maxval) {
    std::size_t at = 2;
    auto isSpace = [](std::uint8_t c) { return c == ' ' || (c >= '\t' && c <= '\r'); };
    auto number = [&](std::int64_t& value) {
        while (at < b.size && (isSpace(b.data[at]) || b.data[at] == '#')) {
            if (b.data[at] == '#') {
                while (at < b.size && b.data[at] != '\n' && b.data[at] != '\r') ++at;
            } else {
                ++at;
            }
        }
        if (at >= b.size || b.data[at] < '0' || b.data[at] > '9') return false;
        value = 0;
        for (; at < b.size && b.data[at] >= '0' && b.data[at] <= '9'; ++at)
            if (value < (std::int64_t{1} << 40)) value = value * 10 + (b.data[at] - '0');
        return true;
    };
    return number(width) && number(height) && number(maxval);
}

std::uint32_t be16(Bytes b, std::size_t at) { return (std::uint32_t{b.data[at]} << 8) | b.data[at + 1]; }

// stb reads the bytes past the end of a file as zeros, so a header alone
// "decodes" to an image of its claimed size (a 78-byte TGA became 20 M black
// pixels and took seconds). Each format's pixel data has a least size: the
// raw layouts hold every pixel, a TGA run packet covers at most 128 pixels
// with a count byte and one pixel, a PSD PackBits row at least 2 bytes per
// 128. A file shorter than that is truncated and refused.
void refuseIfShort(Bytes b, std::int64_t need, std::int64_t w, std::int64_t h, const char* format,
                   const std::string& name) {
    if (static_cast<std::int64_t>(b.size) >= need) return;
    refuse(name, "the file ends before the image does (truncated): a " + std::to_string(w) + " x " +
                     std::to_string(h) + " " + format + " needs at least " + std::to_string(need) +
                     " bytes, the file has " + std::to_string(b.size));
}

void checkBmpData(Bytes b, std::int64_t w, std::int64_t h, std::uint32_t bits, const std::string& name) {
    if (bits != 1 && bits != 4 && bits != 8 && bits != 16 && bits != 24 && bits != 32) return;  // stb refuses
    // Every compression stb reads stores each pixel (it refuses RLE, JPEG and PNG).
    const std::int64_t stride = (w * bits + 31) / 32 * 4;
    refuseIfShort(b, stride * h, w, h, "BMP", name);
}

void checkTgaData(Bytes b, std::int64_t w, std::int64_t h, const std::string& name) {
    const std::int64_t pixelBytes = (b.data[16] + 7) / 8;
    const std::int64_t mapBytes = b.data[1] == 1 ? std::int64_t{le16(b, 5)} * ((b.data[7] + 7) / 8) : 0;
    const std::int64_t header = 18 + b.data[0] + mapBytes;
    const std::int64_t pixels = w * h;
    const bool rle = b.data[2] >= 9;
    refuseIfShort(b, header + (rle ? (pixels + 127) / 128 * (1 + pixelBytes) : pixels * pixelBytes), w, h, "TGA",
                  name);
}

void checkPsdData(Bytes b, std::int64_t w, std::int64_t h, const std::string& name) {
    // Header (26), then three sections each led by its be32 length, then the compression.
    std::int64_t at = 26;
    for (int section = 0; section < 3; ++section) {
        if (at + 4 > static_cast<std::int64_t>(b.size)) return refuseIfShort(b, at + 4, w, h, "PSD", name);
        at += 4 + std::int64_t{be32(b, static_cast<std::size_t>(at))};
    }
    if (at + 2 > static_cast<std::int64_t>(b.size)) return refuseIfShort(b, at + 2, w, h, "PSD", name);
    const std::uint32_t compression = be16(b, static_cast<std::size_t>(at));
    const std::int64_t depthBytes = be16(b, 22) == 16 ? 2 : 1;
    // stb reads the first four channels (after a row-length table of all of
    // them when packed); a PackBits row holds 2 bytes per 128 pixels at least.
    const std::int64_t channels = std::max<std::int64_t>(1, be16(b, 12));
    const std::int64_t read = std::min<std::int64_t>(channels, 4);
    const std::int64_t data = compression == 1 ? h * channels * 2 + (w + 127) / 128 * 2 * h * read
                                               : w * h * depthBytes * read;
    refuseIfShort(b, at + 2 + data, w, h, "PSD", name);
}

// The header's size for the formats stb decodes; refuses anything else.
void checkHeader(Bytes b, const std::string& name) {
    const std::string unsupported = "not a supported image (PNG, JPEG, BMP, TGA, GIF, PSD, PNM) or its header is corrupt";
    if (startsWith(b, "BM")) {
        if (b.size < 26) refuse(name, unsupported + " (a BMP header cut short)");
        if (le32(b, 14) == 12) {  // OS/2 BITMAPCOREHEADER: 16-bit sides
            checkImageLimits(le16(b, 18), le16(b, 20), name);
            checkBmpData(b, le16(b, 18), le16(b, 20), le16(b, 24), name);
        } else {
            // A negative height is a top-down BMP, a valid layout.
            const std::int64_t h = static_cast<std::int32_t>(le32(b, 22));
            const std::int64_t w = static_cast<std::int32_t>(le32(b, 18));
            checkImageLimits(w, h < 0 ? -h : h, name);
            if (b.size >= 30) checkBmpData(b, w, h < 0 ? -h : h, le16(b, 28), name);
        }
    } else if (startsWith(b, "GIF87a") || startsWith(b, "GIF89a")) {
        if (b.size < 10) refuse(name, unsupported + " (a GIF header cut short)");
        checkImageLimits(le16(b, 6), le16(b, 8), name);
        // stb decodes a cut GIF as if its missing codes were zeros; a whole
        // one ends with the trailer byte 0x3B (zero padding after it allowed).
        std::size_t end = b.size;
        while (end > 10 && b.data[end - 1] == 0) --end;
        if (b.data[end - 1] != 0x3B) refuse(name, "the GIF ends without its trailer byte: the file is truncated");
    } else if (startsWith(b, "8BPS")) {
        if (b.size < 22) refuse(name, unsupported + " (a PSD header cut short)");
        checkImageLimits(be32(b, 18), be32(b, 14), name);
        checkPsdData(b, be32(b, 18), be32(b, 14), name);
    } else if (startsWith(b, "P5") || startsWith(b, "P6")) {
        std::int64_t w = 0, h = 0, maxval = 0;
        if (!pnmHeader(b, w, h, maxval)) refuse(name, unsupported + " (a PNM header without width, height and maxval)");
        checkImageLimits(w, h, name);
        if (maxval < 1 || maxval > 65535)
            refuse(name, "the PNM maxval is " + std::to_string(maxval) + "; it must be 1 to 65535");
        refuseIfShort(b, w * h * (b.data[1] == '6' ? 3 : 1) * (maxval > 255 ? 2 : 1), w, h, "PNM", name);
    } else if (startsWith(b, "#?RADIANCE") || startsWith(b, "#?RGBE") ||
               (b.size >= 92 && std::memcmp(b.data, "\x53\x80\xF6\x34", 4) == 0)) {
        refuse(name, unsupported + " (Radiance HDR and Softimage PIC are not read)");
    } else {
        // TGA has no signature: stb recognises it by its fields (the test
        // below is stbi__tga_test's), so text or noise is "not an image",
        // not an image "over the limit". Its sides are 16-bit.
        if (b.size < 18) refuse(name, unsupported);
        const std::uint8_t map = b.data[1], type = b.data[2], bits = b.data[16];
        const bool typeOk = map == 0 ? (type == 2 || type == 3 || type == 10 || type == 11)
                                     : map == 1 && (type == 1 || type == 9);
        const bool bitsOk = bits == 8 || bits == 15 || bits == 16 || bits == 24 || bits == 32;
        if (!typeOk || !bitsOk || le16(b, 12) == 0 || le16(b, 14) == 0) refuse(name, unsupported);
        checkImageLimits(le16(b, 12), le16(b, 14), name);
        checkTgaData(b, le16(b, 12), le16(b, 14), name);
    }
}

int stbLength(Bytes b) {
    // image_io refuses files over kMaxImageFileBytes (1 GiB < INT_MAX) first.
    return static_cast<int>(b.size);
}

}  // namespace

ImageInfo probeOther(Bytes b, const std::string& name) {
    checkHeader(b, name);
    ImageInfo info;
    if (stbi_info_from_memory(b.data, stbLength(b), &info.width, &info.height, &info.channels) == 0)
        refuse(name, "not a supported image (PNG, JPEG, BMP, TGA, GIF, PSD, PNM) or its header is corrupt (" +
                         stbReason() + ")");
    // stb's BMP probe gives a top-down BMP a negative height; stbi_load decodes it upright.
    std::int64_t height = info.height;
    if (height < 0 && startsWith(b, "BM")) height = -height;
    checkImageLimits(info.width, height, name);
    info.height = static_cast<int>(height);
    if (info.channels < 1 || info.channels > 4) refuse(name, "unsupported channel count " + std::to_string(info.channels));
    return info;
}

Image decodeOther(Bytes b, const std::string& name) {
    probeOther(b, name);
    int width = 0, height = 0, channels = 0;
    std::unique_ptr<stbi_uc, void (*)(void*)> decoded(
        stbi_load_from_memory(b.data, stbLength(b), &width, &height, &channels, 0), stbi_image_free);
    if (!decoded) refuse(name, "the image is truncated or corrupt (" + stbReason() + ")");
    // The decoded size is what the buffer holds, so it is the one checked and used.
    checkImageLimits(width, height, name);
    if (channels < 1 || channels > 4) refuse(name, "unsupported channel count " + std::to_string(channels));
    Image image;
    image.width = width;
    image.height = height;
    image.channels = channels;
    image.pixels.assign(decoded.get(), decoded.get() + image.byteCount());
    return image;
}

}  // namespace cs::codec
