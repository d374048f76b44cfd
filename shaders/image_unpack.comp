#version 430
// Image path, step 1: the 8-bit image (bytes packed into 32-bit words) to one
// float plane per colour channel, padded for the kernel (core/image_filter.h):
// plane row py is image row py - pad_top through paddedSource, 0 for zeros.
// Grid: x = padded column, y = padded row, z = channel.
#include "common.glsl"

layout(local_size_x = 64) in;
layout(std430, binding = 0) readonly buffer SourceBytes { uint src_words[]; };
layout(std430, binding = 2) writeonly buffer Planes { float plane_data[]; };

uint sourceByte(int index) { return (src_words[index >> 2] >> (8u * uint(index & 3))) & 0xffu; }

void main() {
    int px = GRID_X(), py = GRID_Y(), c = GRID_Z();
    if (px >= img.padded_w) return;
    int sy = paddedSource(py - img.pad_top, img.height, img.padding_mode);
    int sx = paddedSource(px - img.pad_left, img.width, img.padding_mode);
    float v = (sy < 0 || sx < 0) ? 0.0 : float(sourceByte((sy * img.width + sx) * img.channels + c));
    plane_data[(c * img.padded_h + py) * img.padded_w + px] = v;
}
