#include "ui/image_view.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace cs {

float fitZoom(ImVec2 size, int in_w, int in_h) {
    if (in_w <= 0 || in_h <= 0) return 1.f;
    return std::max(kMinLabZoom, std::min(size.x / static_cast<float>(in_w), size.y / static_cast<float>(in_h)));
}

LabViewport labViewport(const LabViewOptions& view, ImVec2 pos, ImVec2 size, int in_w, int in_h) {
    LabViewport vp;
    vp.pos = pos;
    vp.size = ImVec2(std::max(size.x, 1.f), std::max(size.y, 1.f));
    vp.in_w = std::max(in_w, 1);
    vp.in_h = std::max(in_h, 1);
    vp.zoom = view.zoom > 0.f ? view.zoom : fitZoom(vp.size, vp.in_w, vp.in_h);
    const float cx = view.zoom > 0.f ? view.center_x : 0.5f, cy = view.zoom > 0.f ? view.center_y : 0.5f;
    // Keep the centre pixel exactly where it is when the zoom is fractional:
    // whole-pixel origins keep the nearest-neighbour cells crisp.
    vp.origin = ImVec2(std::round(pos.x + vp.size.x * 0.5f - cx * static_cast<float>(vp.in_w) * vp.zoom),
                       std::round(pos.y + vp.size.y * 0.5f - cy * static_cast<float>(vp.in_h) * vp.zoom));
    return vp;
}

bool handleZoomPan(LabViewOptions& view, const LabViewport& vp, bool hovered, bool& panning) {
    ImGuiIO& io = ImGui::GetIO();
    bool changed = false;
    auto setCentreFromOrigin = [&](float zoom, ImVec2 origin) {
        view.zoom = zoom;
        view.center_x = (vp.pos.x + vp.size.x * 0.5f - origin.x) / (zoom * static_cast<float>(vp.in_w));
        view.center_y = (vp.pos.y + vp.size.y * 0.5f - origin.y) / (zoom * static_cast<float>(vp.in_h));
        changed = true;
    };
    if (hovered && io.MouseWheel != 0.f) {
        const ImVec2 m = io.MousePos;
        const ImVec2 at = vp.toImage(m);  // keep this image point under the cursor
        const float zoom = std::clamp(vp.zoom * std::pow(1.25f, io.MouseWheel), kMinLabZoom, kMaxLabZoom);
        setCentreFromOrigin(zoom, ImVec2(m.x - at.x * zoom, m.y - at.y * zoom));
    }
    if (hovered && (ImGui::IsMouseClicked(0) || ImGui::IsMouseClicked(2))) panning = true;
    if (panning) {
        if (!ImGui::IsMouseDown(0) && !ImGui::IsMouseDown(2)) {
            panning = false;
        } else if (io.MouseDelta.x != 0.f || io.MouseDelta.y != 0.f) {
            setCentreFromOrigin(vp.zoom, ImVec2(vp.origin.x + io.MouseDelta.x, vp.origin.y + io.MouseDelta.y));
        }
    }
    return changed;
}

void drawImageRect(ImDrawList* dl, ImTextureID tex, const LabViewport& vp, float x0, float y0, float w, float h) {
    if (tex == nullptr) return;
    dl->PushClipRect(vp.pos, ImVec2(vp.pos.x + vp.size.x, vp.pos.y + vp.size.y), true);
    dl->AddImage(tex, vp.toScreen(x0, y0), vp.toScreen(x0 + w, y0 + h));
    dl->PopClipRect();
}

void formatPixelValue(float v, char* buf, int size) {
    if (std::isnan(v)) {
        std::snprintf(buf, static_cast<std::size_t>(size), "-");
    } else if (v == std::round(v) && std::fabs(v) < 1e6f) {
        std::snprintf(buf, static_cast<std::size_t>(size), "%d", static_cast<int>(v));
    } else if (std::fabs(v) >= 1000.f) {
        std::snprintf(buf, static_cast<std::size_t>(size), "%.0f", static_cast<double>(v));
    } else if (std::fabs(v) >= 10.f) {
        std::snprintf(buf, static_cast<std::size_t>(size), "%.1f", static_cast<double>(v));
    } else {
        std::snprintf(buf, static_cast<std::size_t>(size), "%.2f", static_cast<double>(v));
    }
}

}  // namespace cs
