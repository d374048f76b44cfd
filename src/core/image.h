#pragma once
// Image: 8-bit pixels, interleaved, row-major, top row first. The one image
// type shared by io (decoding, PNG writing), the image-filter path and the GUI.
//   channels 1 = gray, 2 = gray + alpha, 3 = RGB, 4 = RGBA.
// pixel (x, y), channel c lives at pixels[(y * width + x) * channels + c].
// Example: Image img{2, 1, 3, {255, 0, 0, 0, 0, 255}};  // a red and a blue pixel
// Image{} is the empty 0 x 0 image (valid, but nothing to draw or write).
#include <cstddef>
#include <cstdint>
#include <vector>

namespace cs {

struct Image {
    int width = 0;
    int height = 0;
    int channels = 0;  // 1..4 for a non-empty image
    std::vector<std::uint8_t> pixels;  // width * height * channels bytes

    bool empty() const { return width <= 0 || height <= 0 || channels <= 0; }
    std::size_t byteCount() const {
        return static_cast<std::size_t>(width) * static_cast<std::size_t>(height) *
               static_cast<std::size_t>(channels);
    }
    // True when the fields agree with each other: sizes non-negative, channels
    // 1..4 (or 0 for the empty image) and pixels.size() == byteCount().
    bool isConsistent() const {
        if (width < 0 || height < 0 || channels < 0 || channels > 4) return false;
        if (empty()) return pixels.empty();
        return pixels.size() == byteCount();
    }
    std::uint8_t& at(int x, int y, int c) {
        return pixels[(static_cast<std::size_t>(y) * static_cast<std::size_t>(width) +
                       static_cast<std::size_t>(x)) * static_cast<std::size_t>(channels) +
                      static_cast<std::size_t>(c)];
    }
    std::uint8_t at(int x, int y, int c) const {
        return pixels[(static_cast<std::size_t>(y) * static_cast<std::size_t>(width) +
                       static_cast<std::size_t>(x)) * static_cast<std::size_t>(channels) +
                      static_cast<std::size_t>(c)];
    }
    bool operator==(const Image& other) const = default;
};

}  // namespace cs
