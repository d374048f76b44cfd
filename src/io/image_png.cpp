// PNG through libspng: decoding with the channel layout stb_image gave (so
// files load exactly as before), and encoding with a fast zlib level.
#include <spng.h>
#include <zlib.h>

#include <cstdlib>
#include <cstring>
#include <memory>

#include "io/image_codecs.h"

namespace cs::codec {
namespace {

struct CtxFree {
    void operator()(spng_ctx* ctx) const { spng_ctx_free(ctx); }
};
using Ctx = std::unique_ptr<spng_ctx, CtxFree>;

std::string spngReason(int err) { return std::string("libspng: ") + spng_strerror(err); }

// Ancillary chunks (text, ICC profiles) are skipped, but their size still
// costs memory while read: 64 MiB each, 256 MiB in all, is far past any photo.
constexpr std::size_t kMaxChunkBytes = std::size_t{64} << 20;
constexpr std::size_t kMaxChunkCache = std::size_t{256} << 20;

struct Header {
    spng_ihdr ihdr{};
    int channels = 0;  // as stb_image gave them
};

Ctx openDecoder(Bytes b, const std::string& name) {
    Ctx ctx(spng_ctx_new(0));
    if (!ctx) throw std::bad_alloc();
    // stb_image never checked CRCs; a file with a wrong one loaded, and still does.
    spng_set_crc_action(ctx.get(), SPNG_CRC_USE, SPNG_CRC_USE);
    spng_set_image_limits(ctx.get(), kMaxImageSide, kMaxImageSide);
    spng_set_chunk_limits(ctx.get(), kMaxChunkBytes, kMaxChunkCache);
    if (int err = spng_set_png_buffer(ctx.get(), b.data, b.size); err != 0)
        refuse(name, "not a supported image or its header is corrupt (" + spngReason(err) + ")");
    return ctx;
}

// Width and height straight from the IHDR bytes, so a claim over the limits is
// named as such (libspng would only say "width/height exceeds limits").
void checkClaimedSize(Bytes b, const std::string& name) {
    if (b.size < 24 || std::memcmp(b.data + 12, "IHDR", 4) != 0) return;
    auto be32 = [&](std::size_t at) {
        return (std::uint32_t{b.data[at]} << 24) | (std::uint32_t{b.data[at + 1]} << 16) |
               (std::uint32_t{b.data[at + 2]} << 8) | std::uint32_t{b.data[at + 3]};
    };
    checkImageLimits(be32(16), be32(20), name);
}

// `probing`: only the IHDR must be there; a file cut before its tRNS (or its
// IDAT) is reported when it is decoded.
Header readHeader(spng_ctx* ctx, const std::string& name, bool probing) {
    Header h;
    if (int err = spng_get_ihdr(ctx, &h.ihdr); err != 0)
        refuse(name, "not a supported image or its header is corrupt (" + spngReason(err) + ")");
    checkImageLimits(h.ihdr.width, h.ihdr.height, name);
    spng_trns trns{};
    const int trns_err = spng_get_trns(ctx, &trns);
    if (trns_err != 0 && trns_err != SPNG_ECHUNKAVAIL && !probing)
        refuse(name, "the image is truncated or corrupt (" + spngReason(trns_err) + ")");
    const bool has_trns = trns_err == 0;
    switch (h.ihdr.color_type) {
    case SPNG_COLOR_TYPE_GRAYSCALE: h.channels = has_trns ? 2 : 1; break;
    case SPNG_COLOR_TYPE_GRAYSCALE_ALPHA: h.channels = 2; break;
    case SPNG_COLOR_TYPE_TRUECOLOR: h.channels = has_trns ? 4 : 3; break;
    case SPNG_COLOR_TYPE_INDEXED: h.channels = has_trns ? 4 : 3; break;
    case SPNG_COLOR_TYPE_TRUECOLOR_ALPHA: h.channels = 4; break;
    default: refuse(name, "unsupported PNG colour type " + std::to_string(h.ihdr.color_type));
    }
    return h;
}

// Picks `channels` of each RGBA pixel: gray is R (libspng repeats it in G, B).
template <typename Sample, typename ToByte>
void pickChannels(const std::vector<Sample>& rgba, Image& image, ToByte toByte) {
    const std::size_t pixels = static_cast<std::size_t>(image.width) * static_cast<std::size_t>(image.height);
    const int c = image.channels;
    std::uint8_t* out = image.pixels.data();
    for (std::size_t i = 0; i < pixels; ++i) {
        const Sample* in = &rgba[i * 4];
        if (c == 1) {
            *out++ = toByte(in[0]);
        } else if (c == 2) {
            *out++ = toByte(in[0]);
            *out++ = toByte(in[3]);
        } else {
            for (int k = 0; k < c; ++k) *out++ = toByte(in[k]);
        }
    }
}

template <typename Sample>
std::vector<Sample> decodeRgba(spng_ctx* ctx, int fmt, const std::string& name) {
    std::size_t bytes = 0;
    if (int err = spng_decoded_image_size(ctx, fmt, &bytes); err != 0)
        refuse(name, "the image is truncated or corrupt (" + spngReason(err) + ")");
    std::vector<Sample> rgba(bytes / sizeof(Sample));
    // SPNG_DECODE_TRNS: a tRNS colour becomes alpha 0, as in stb_image.
    if (int err = spng_decode_image(ctx, rgba.data(), bytes, fmt, SPNG_DECODE_TRNS); err != 0)
        refuse(name, "the image is truncated or corrupt (" + spngReason(err) + ")");
    return rgba;
}

}  // namespace

bool looksLikePng(Bytes b) {
    static constexpr std::uint8_t kSignature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    return b.size >= 8 && std::memcmp(b.data, kSignature, 8) == 0;
}

ImageInfo probePng(Bytes b, const std::string& name) {
    checkClaimedSize(b, name);
    Ctx ctx = openDecoder(b, name);
    const Header h = readHeader(ctx.get(), name, true);
    return {static_cast<int>(h.ihdr.width), static_cast<int>(h.ihdr.height), h.channels};
}

Image decodePng(Bytes b, const std::string& name) {
    checkClaimedSize(b, name);
    Ctx ctx = openDecoder(b, name);
    const Header h = readHeader(ctx.get(), name, false);
    Image image;
    image.width = static_cast<int>(h.ihdr.width);
    image.height = static_cast<int>(h.ihdr.height);
    image.channels = h.channels;
    if (h.ihdr.bit_depth == 16) {
        // stb_image kept the high byte of each 16-bit sample; so does this.
        const auto rgba = decodeRgba<std::uint16_t>(ctx.get(), SPNG_FMT_RGBA16, name);
        image.pixels.resize(image.byteCount());
        pickChannels(rgba, image, [](std::uint16_t v) { return static_cast<std::uint8_t>(v >> 8); });
    } else {
        // 1, 2 and 4-bit samples come scaled to 0..255 (v * 255 / (2^bits - 1)).
        const auto rgba = decodeRgba<std::uint8_t>(ctx.get(), SPNG_FMT_RGBA8, name);
        image.pixels.resize(image.byteCount());
        pickChannels(rgba, image, [](std::uint8_t v) { return v; });
    }
    return image;
}

std::vector<std::uint8_t> encodePngBytes(const Image& image, bool fast) {
    Ctx ctx(spng_ctx_new(SPNG_CTX_ENCODER));
    if (!ctx) throw std::bad_alloc();
    static constexpr std::uint8_t kColourType[5] = {0, SPNG_COLOR_TYPE_GRAYSCALE, SPNG_COLOR_TYPE_GRAYSCALE_ALPHA,
                                                    SPNG_COLOR_TYPE_TRUECOLOR, SPNG_COLOR_TYPE_TRUECOLOR_ALPHA};
    spng_ihdr ihdr{};
    ihdr.width = static_cast<std::uint32_t>(image.width);
    ihdr.height = static_cast<std::uint32_t>(image.height);
    ihdr.bit_depth = 8;
    ihdr.color_type = kColourType[image.channels];
    spng_set_option(ctx.get(), SPNG_ENCODE_TO_BUFFER, 1);
    // On a 1080p photo, level 6 with the adaptive filter choice (trying all
    // five row filters) took about 6x as long as level 1 with Paeth alone,
    // for a file 15% smaller; small images (lessons, tests) keep the default.
    // Large ones take what OpenCV's imwrite does by default (level 1, the Sub
    // filter, zlib's run-length strategy; the same bytes as its file): 83 ms
    // on that photo here against 125 ms with Paeth and the default strategy
    // (bench/startup_and_drag.py), for 0.5% more bytes.
    if (fast || static_cast<std::int64_t>(image.width) * image.height >= kFastPngPixels) {
        spng_set_option(ctx.get(), SPNG_IMG_COMPRESSION_LEVEL, 1);
        spng_set_option(ctx.get(), SPNG_FILTER_CHOICE, SPNG_FILTER_CHOICE_SUB);
        spng_set_option(ctx.get(), SPNG_IMG_COMPRESSION_STRATEGY, Z_RLE);
    } else {
        spng_set_option(ctx.get(), SPNG_IMG_COMPRESSION_LEVEL, 6);
    }
    int err = spng_set_ihdr(ctx.get(), &ihdr);
    if (err == 0)
        err = spng_encode_image(ctx.get(), image.pixels.data(), image.pixels.size(), SPNG_FMT_PNG,
                                SPNG_ENCODE_FINALIZE);
    if (err != 0) throw IoError("cannot encode a PNG: " + spngReason(err));
    std::size_t length = 0;
    std::unique_ptr<void, void (*)(void*)> buffer(spng_get_png_buffer(ctx.get(), &length, &err), std::free);
    if (!buffer || err != 0) throw IoError("cannot encode a PNG: " + spngReason(err));
    const auto* bytes = static_cast<const std::uint8_t*>(buffer.get());
    return std::vector<std::uint8_t>(bytes, bytes + length);
}

}  // namespace cs::codec
