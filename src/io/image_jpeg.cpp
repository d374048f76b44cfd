// JPEG through libjpeg-turbo. libjpeg reports fatal errors through a callback
// that must not return: it longjmp()s back to the setjmp() in the step that
// called into the library. Each step is a function of its own whose locals
// are all trivial, so the jump skips no destructor; pixels live in the caller.
#include <csetjmp>
#include <cstdio>
#include <cstring>

#include <jpeglib.h>
#include <jerror.h>

#include "io/image_codecs.h"

namespace cs::codec {
namespace {

// A progressive JPEG can hold any number of scans, each a pass over the whole
// image: a small hostile file can keep the decoder busy for minutes. Real
// encoders write about ten; libjpeg-turbo's own fuzzers stop at 500.
constexpr int kMaxJpegScans = 500;
// libjpeg's working memory (coefficient buffers of a progressive image): an
// image at the pixel limit needs a few hundred MiB.
constexpr long kMaxJpegWorkBytes = 1L << 30;

struct ErrorState {
    jpeg_error_mgr mgr;  // first: libjpeg hands back a pointer to it
    std::jmp_buf jump;
    char message[JMSG_LENGTH_MAX];
};

[[noreturn]] void onFatal(j_common_ptr cinfo) {
    auto* state = reinterpret_cast<ErrorState*>(cinfo->err);
    (*cinfo->err->format_message)(cinfo, state->message);
    std::longjmp(state->jump, 1);
}

// Warnings (corrupt data that libjpeg can decode around, as stb did) are not
// printed on stderr: the tools and the app report problems themselves. One
// warning is fatal: the data ending before the image does (a truncated file),
// which libjpeg would fill with gray and pass off as the picture.
void onMessage(j_common_ptr cinfo, int level) {
    if (level != -1 || cinfo->err->msg_code != JWRN_JPEG_EOF) return;
    auto* state = reinterpret_cast<ErrorState*>(cinfo->err);
    std::snprintf(state->message, sizeof state->message, "the file ends before the image does (truncated)");
    std::longjmp(state->jump, 1);
}

void onProgress(j_common_ptr cinfo) {
    auto* d = reinterpret_cast<j_decompress_ptr>(cinfo);
    if (d->input_scan_number > kMaxJpegScans) {
        auto* state = reinterpret_cast<ErrorState*>(cinfo->err);
        std::snprintf(state->message, sizeof state->message, "more than %d progressive scans", kMaxJpegScans);
        std::longjmp(state->jump, 1);
    }
}

class Decoder {
public:
    explicit Decoder(Bytes b) : bytes_(b) {
        cinfo_.err = jpeg_std_error(&state_.mgr);
        state_.mgr.error_exit = onFatal;
        state_.mgr.emit_message = onMessage;
        state_.message[0] = '\0';
        progress_.progress_monitor = onProgress;
    }
    ~Decoder() {
        if (created_) jpeg_destroy_decompress(&cinfo_);
    }
    Decoder(const Decoder&) = delete;
    Decoder& operator=(const Decoder&) = delete;

    // Reads the markers up to the first scan; false with message() on failure.
    bool readHeader() {
        if (setjmp(state_.jump) != 0) return false;
        jpeg_create_decompress(&cinfo_);
        created_ = true;
        cinfo_.mem->max_memory_to_use = kMaxJpegWorkBytes;
        cinfo_.progress = &progress_;
        jpeg_mem_src(&cinfo_, bytes_.data, static_cast<unsigned long>(bytes_.size));
        jpeg_read_header(&cinfo_, TRUE);
        return true;
    }
    int width() const { return static_cast<int>(cinfo_.image_width); }
    int height() const { return static_cast<int>(cinfo_.image_height); }
    // stb_image's layout: gray stays gray, CMYK / YCCK become RGB.
    int channels() const { return cinfo_.jpeg_color_space == JCS_GRAYSCALE ? 1 : 3; }

    // Decodes into `out` (width * height * channels() bytes).
    bool decode(std::uint8_t* out) {
        if (setjmp(state_.jump) != 0) return false;
        const bool cmyk = cinfo_.jpeg_color_space == JCS_CMYK || cinfo_.jpeg_color_space == JCS_YCCK;
        cinfo_.out_color_space = cinfo_.jpeg_color_space == JCS_GRAYSCALE ? JCS_GRAYSCALE : cmyk ? JCS_CMYK : JCS_RGB;
        jpeg_start_decompress(&cinfo_);
        const std::size_t stride = static_cast<std::size_t>(cinfo_.output_width) * static_cast<std::size_t>(channels());
        JSAMPLE row4[4 * kMaxImageSide];  // one CMYK row (the side limit bounds it)
        while (cinfo_.output_scanline < cinfo_.output_height) {
            std::uint8_t* dest = out + stride * cinfo_.output_scanline;
            JSAMPROW row = cmyk ? row4 : dest;
            jpeg_read_scanlines(&cinfo_, &row, 1);
            if (cmyk) cmykToRgb(row4, dest, cinfo_.output_width);
        }
        jpeg_finish_decompress(&cinfo_);
        return true;
    }
    const char* message() const { return state_.message; }

private:
    // stb_image's conversion (Adobe stores CMYK inverted): R = C * K / 255
    // rounded the way stb's blinn_8x8 does, so such files look as before.
    static void cmykToRgb(const JSAMPLE* in, std::uint8_t* out, JDIMENSION width) {
        auto blinn = [](unsigned x, unsigned y) {
            const unsigned t = x * y + 128;
            return static_cast<std::uint8_t>((t + (t >> 8)) >> 8);
        };
        for (JDIMENSION x = 0; x < width; ++x, in += 4, out += 3) {
            out[0] = blinn(in[0], in[3]);
            out[1] = blinn(in[1], in[3]);
            out[2] = blinn(in[2], in[3]);
        }
    }

    Bytes bytes_;
    jpeg_decompress_struct cinfo_{};
    ErrorState state_{};
    jpeg_progress_mgr progress_{};
    bool created_ = false;
};

std::string jpegReason(const Decoder& d) { return std::string("libjpeg: ") + d.message(); }

}  // namespace

bool looksLikeJpeg(Bytes b) { return b.size >= 1 && b.data[0] == 0xFF; }

ImageInfo probeJpeg(Bytes b, const std::string& name) {
    Decoder d(b);
    if (!d.readHeader()) refuse(name, "not a supported image or its header is corrupt (" + jpegReason(d) + ")");
    checkImageLimits(d.width(), d.height(), name);
    return {d.width(), d.height(), d.channels()};
}

Image decodeJpeg(Bytes b, const std::string& name) {
    Decoder d(b);
    if (!d.readHeader()) refuse(name, "not a supported image or its header is corrupt (" + jpegReason(d) + ")");
    // Checked before anything the size of the image is allocated.
    checkImageLimits(d.width(), d.height(), name);
    Image image;
    image.width = d.width();
    image.height = d.height();
    image.channels = d.channels();
    image.pixels.resize(image.byteCount());
    if (!d.decode(image.pixels.data()))
        refuse(name, "the image is truncated or corrupt (" + jpegReason(d) + ")");
    return image;
}

}  // namespace cs::codec
