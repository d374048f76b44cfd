// Opening an image (Open..., drag-and-drop, `filter IN`): the header probe,
// the decoder, and the PNG writer on what was decoded.
#include "fuzz_targets.h"
#include "io/image_io.h"

namespace cs::fuzz {

int fuzzImage(const std::uint8_t* data, std::size_t size) {
    ImageInfo info;
    bool probed = false;
    try {
        info = probeImageFromMemory(data, size, "<fuzz>");
        probed = true;
    } catch (const IoError&) {
    }
    Image image;
    try {
        image = loadImageFromMemory(data, size, "<fuzz>");
    } catch (const IoError&) {
        return 0;
    }
    if (image.empty() || !image.isConsistent()) fail("image", "decoded an empty or inconsistent image");
    if (image.width > kMaxImageSide || image.height > kMaxImageSide ||
        static_cast<std::int64_t>(image.width) * image.height > kMaxImagePixels)
        fail("image", "decoded an image over the size limits");
    if (!probed) fail("image", "decodes, but the header probe refused it");
    if (info.width != image.width || info.height != image.height)
        fail("image", "the probe and the decoder disagree on the size");
    // A 39-byte GIF may declare a 53 M pixel screen (stb decodes the whole
    // canvas); its PNG round trip takes longer than the per-input timeout under
    // the sanitizers. The encoder's path does not depend on the size, so the
    // round trip is checked on images up to 4 M pixels.
    if (static_cast<std::int64_t>(image.width) * image.height > (std::int64_t{1} << 22)) return 0;
    const std::vector<std::uint8_t> png = encodePng(image);
    Image back;
    try {
        back = loadImageFromMemory(png.data(), png.size(), "<fuzz png>");
    } catch (const IoError& e) {
        fail("image", std::string("its own PNG does not decode: ") + e.what());
    }
    if (!(back == image)) fail("image", "PNG round trip changes the pixels");
    return 0;
}

}  // namespace cs::fuzz
