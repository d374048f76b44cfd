#pragma once
// Sample images for the image-path tests, decoded with stb_image (Debian's
// libstb holds the implementation), and helpers to derive variants of them.
#include <stb_image.h>

#include <stdexcept>
#include <string>

#include "core/image.h"

namespace cs::test {

inline Image loadAsset(const std::string& name) {
    const std::string path = std::string(CONVSCOPE_ASSETS) + "/images/" + name;
    int w = 0, h = 0, n = 0;
    unsigned char* data = stbi_load(path.c_str(), &w, &h, &n, 0);
    if (data == nullptr) throw std::runtime_error("cannot decode " + path + ": " + stbi_failure_reason());
    Image img{w, h, n, std::vector<std::uint8_t>(data, data + static_cast<std::size_t>(w) * h * n)};
    stbi_image_free(data);
    return img;
}

// The w x h window at (x0, y0).
inline Image crop(const Image& src, int x0, int y0, int w, int h) {
    Image out{w, h, src.channels, std::vector<std::uint8_t>(static_cast<std::size_t>(w) * h * src.channels)};
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            for (int c = 0; c < src.channels; ++c) out.at(x, y, c) = src.at(x0 + x, y0 + y, c);
    return out;
}

// The image with an alpha channel added (gray -> gray + alpha, RGB -> RGBA):
// a diagonal ramp, so a wrong alpha source pixel shows.
inline Image withAlpha(const Image& src) {
    Image out{src.width, src.height, src.channels + 1,
              std::vector<std::uint8_t>(static_cast<std::size_t>(src.width) * src.height * (src.channels + 1))};
    for (int y = 0; y < src.height; ++y)
        for (int x = 0; x < src.width; ++x) {
            for (int c = 0; c < src.channels; ++c) out.at(x, y, c) = src.at(x, y, c);
            out.at(x, y, src.channels) = static_cast<std::uint8_t>((x * 7 + y * 3) % 256);
        }
    return out;
}

}  // namespace cs::test
