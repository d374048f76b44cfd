#pragma once
// Zoomable, pannable image views for the image lab. One mapping (LabViewport)
// from input-pixel coordinates to the screen is shared by the input and the
// output views, which is what keeps them synchronised: the output is drawn in
// input coordinates, each output pixel covering `scale` input pixels (the
// stride, times the pooling stride; 1 at its true size).
//
//   LabViewport vp = labViewport(lab.view, pos, size, in_w, in_h);
//   drawImageRect(dl, tex, vp, 0, 0, in_w, in_h);        // the input
//   ImVec2 p = vp.toImage(ImGui::GetMousePos());         // pixel under the mouse
//   handleZoomPan(lab.view, vp, hovered);                // wheel zooms at the cursor
#include <imgui.h>

#include "core/image_lab.h"

namespace cs {

struct LabViewport {
    ImVec2 pos{0, 0}, size{1, 1};  // the view rectangle on screen
    float zoom = 1.f;              // screen pixels per input pixel
    ImVec2 origin{0, 0};           // screen position of input point (0, 0)
    int in_w = 1, in_h = 1;

    ImVec2 toScreen(float x, float y) const { return ImVec2(origin.x + x * zoom, origin.y + y * zoom); }
    ImVec2 toImage(ImVec2 s) const { return ImVec2((s.x - origin.x) / zoom, (s.y - origin.y) / zoom); }
    bool contains(ImVec2 s) const {
        return s.x >= pos.x && s.y >= pos.y && s.x < pos.x + size.x && s.y < pos.y + size.y;
    }
};

// The zoom that fits the whole input into `size`.
float fitZoom(ImVec2 size, int in_w, int in_h);
// The mapping for these view options (zoom 0: fit, centred).
LabViewport labViewport(const LabViewOptions& view, ImVec2 pos, ImVec2 size, int in_w, int in_h);

// Mouse wheel zooms about the cursor, left or middle drag pans (when `hovered`);
// returns true when the options changed. `panning` tracks a drag begun here.
bool handleZoomPan(LabViewOptions& view, const LabViewport& vp, bool hovered, bool& panning);

// A texture drawn over input-coordinate rectangle [x0, x0 + w) x [y0, y0 + h),
// clipped to the viewport.
void drawImageRect(ImDrawList* dl, ImTextureID tex, const LabViewport& vp, float x0, float y0, float w, float h);

// Prints values in the cells of a grid over the image when they are large
// enough: `cols` x `rows` cells of `scale` input pixels each, cell (x, y)'s
// text from value(x, y) and its background brightness from lum(x, y) (0..255)
// to pick black or white text. Only visible cells are visited.
template <class ValueFn, class LumFn>
void drawCellValues(ImDrawList* dl, const LabViewport& vp, int cols, int rows, float scale_x, float scale_y,
                    ValueFn value, LumFn lum);

// Text for a value in a small cell: integers plainly, else 1 or 2 decimals.
void formatPixelValue(float v, char* buf, int size);

}  // namespace cs

#include "ui/image_view_inl.h"
