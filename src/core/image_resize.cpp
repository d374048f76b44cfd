#include "core/image_resize.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace cs {
namespace {

// One output pixel's source pixels and their weights along one axis.
struct Tap {
    int first = 0;
    std::vector<double> weights;
};

// Output pixel i covers the source interval [i * s, (i + 1) * s), s = src / dst;
// each source pixel k weighs |[k, k + 1) ∩ interval| / s. Computed in integer
// units of 1 / dst so the edges are exact (no drift on 28 of them).
std::vector<Tap> areaTaps(int src, int dst) {
    std::vector<Tap> taps(static_cast<std::size_t>(dst));
    for (int i = 0; i < dst; ++i) {
        const long long lo = static_cast<long long>(i) * src;        // in 1/dst units
        const long long hi = static_cast<long long>(i + 1) * src;
        Tap& t = taps[static_cast<std::size_t>(i)];
        t.first = static_cast<int>(lo / dst);
        const int last = static_cast<int>((hi - 1) / dst);
        for (int k = t.first; k <= last; ++k) {
            const long long a = std::max(lo, static_cast<long long>(k) * dst);
            const long long b = std::min(hi, static_cast<long long>(k + 1) * dst);
            t.weights.push_back(static_cast<double>(b - a) / static_cast<double>(src));
        }
    }
    return taps;
}

}  // namespace

std::vector<float> imageToGray(const Image& image) {
    if (image.empty() || !image.isConsistent()) {
        throw std::invalid_argument("imageToGray: the image is empty or inconsistent");
    }
    const std::size_t n = static_cast<std::size_t>(image.width) * static_cast<std::size_t>(image.height);
    const auto ch = static_cast<std::size_t>(image.channels);
    std::vector<float> gray(n);
    for (std::size_t i = 0; i < n; ++i) {
        const std::uint8_t* p = image.pixels.data() + i * ch;
        gray[i] = ch >= 3 ? static_cast<float>(0.299 * p[0] + 0.587 * p[1] + 0.114 * p[2]) : static_cast<float>(p[0]);
    }
    return gray;
}

std::vector<float> resizeArea(const std::vector<float>& gray, int src_w, int src_h, int dst_w, int dst_h) {
    if (src_w <= 0 || src_h <= 0 || dst_w <= 0 || dst_h <= 0 ||
        gray.size() != static_cast<std::size_t>(src_w) * static_cast<std::size_t>(src_h)) {
        throw std::invalid_argument("resizeArea: sizes must be positive and match the plane");
    }
    if (src_w == dst_w && src_h == dst_h) return gray;
    const std::vector<Tap> xs = areaTaps(src_w, dst_w);
    const std::vector<Tap> ys = areaTaps(src_h, dst_h);
    // Rows first (src_h x dst_w), then columns: area weights factor per axis.
    std::vector<double> rows(static_cast<std::size_t>(src_h) * static_cast<std::size_t>(dst_w));
    for (int y = 0; y < src_h; ++y) {
        const float* in = gray.data() + static_cast<std::size_t>(y) * static_cast<std::size_t>(src_w);
        for (int x = 0; x < dst_w; ++x) {
            const Tap& t = xs[static_cast<std::size_t>(x)];
            double s = 0;
            for (std::size_t k = 0; k < t.weights.size(); ++k) s += t.weights[k] * in[t.first + static_cast<int>(k)];
            rows[static_cast<std::size_t>(y) * static_cast<std::size_t>(dst_w) + static_cast<std::size_t>(x)] = s;
        }
    }
    std::vector<float> out(static_cast<std::size_t>(dst_w) * static_cast<std::size_t>(dst_h));
    for (int y = 0; y < dst_h; ++y) {
        const Tap& t = ys[static_cast<std::size_t>(y)];
        for (int x = 0; x < dst_w; ++x) {
            double s = 0;
            for (std::size_t k = 0; k < t.weights.size(); ++k) {
                s += t.weights[k] * rows[static_cast<std::size_t>(t.first + static_cast<int>(k)) *
                                             static_cast<std::size_t>(dst_w) +
                                         static_cast<std::size_t>(x)];
            }
            out[static_cast<std::size_t>(y) * static_cast<std::size_t>(dst_w) + static_cast<std::size_t>(x)] =
                static_cast<float>(s);
        }
    }
    return out;
}

std::vector<float> imageToNetInput(const Image& image, int side) {
    std::vector<float> x = resizeArea(imageToGray(image), image.width, image.height, side, side);
    for (float& v : x) v /= 255.0f;
    return x;
}

}  // namespace cs
