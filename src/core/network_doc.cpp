#include "core/network_doc.h"

#include <algorithm>
#include <cmath>

namespace cs {

bool paintCanvas(NetworkDoc& doc, float x, float y, bool erase) {
    const float r = std::max(doc.brush_radius, 0.5f);
    bool changed = false;
    const int x0 = std::max(0, static_cast<int>(std::floor(x - r))), x1 = std::min(kConvNetImageSide - 1, static_cast<int>(x + r));
    const int y0 = std::max(0, static_cast<int>(std::floor(y - r))), y1 = std::min(kConvNetImageSide - 1, static_cast<int>(y + r));
    for (int py = y0; py <= y1; ++py)
        for (int px = x0; px <= x1; ++px) {
            const float d = std::hypot(static_cast<float>(px) + 0.5f - x, static_cast<float>(py) + 0.5f - y);
            if (d >= r) continue;
            // Flat over the inner half, then a linear fall to the rim: strokes
            // with soft edges like the data set's anti-aliased ones.
            const float b = d <= r * 0.5f ? 1.f : (r - d) / (r * 0.5f);
            float& v = doc.canvas[static_cast<std::size_t>(py * kConvNetImageSide + px)];
            const float nv = erase ? std::min(v, 1.f - b) : std::max(v, b);
            if (nv != v) {
                v = nv;
                changed = true;
            }
        }
    return changed;
}

bool sameContent(const NetworkDoc& a, const NetworkDoc& b) {
    return a.source == b.source && a.gallery_index == b.gallery_index && a.canvas == b.canvas &&
           a.file_path == b.file_path && a.file_pixels == b.file_pixels && a.model_source == b.model_source &&
           a.model_path == b.model_path && a.model_revision == b.model_revision &&
           a.training.epochs == b.training.epochs && a.training.learning_rate == b.training.learning_rate &&
           a.training.fresh == b.training.fresh;
}

void clearCanvas(NetworkDoc& doc) { std::fill(doc.canvas.begin(), doc.canvas.end(), 0.f); }

std::vector<float> networkInput(const NetworkDoc& doc, const std::vector<std::vector<float>>& gallery) {
    switch (doc.source) {
    case NetInputSource::Gallery:
        if (doc.gallery_index >= 0 && static_cast<std::size_t>(doc.gallery_index) < gallery.size())
            return gallery[static_cast<std::size_t>(doc.gallery_index)];
        return {};
    case NetInputSource::Canvas: return doc.canvas;
    case NetInputSource::File: return doc.file_pixels;
    }
    return {};
}

std::string trainingReplaceQuestion(const NetworkDoc& doc) {
    return "Training will replace the model on this page (" + doc.model_name + "). Save it first?";
}

}  // namespace cs
