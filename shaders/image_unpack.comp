#version 430
// Image path, step 1: the 8-bit image (bytes packed into 32-bit words) to one
// float plane per colour channel, padded for the kernel (core/image_filter.h):
// plane row py is image row pad_sources[py] (core/padding.h's paddedSource,
// uploaded as a table: padded_h rows, then padded_w columns), 0 where it is -1.
// Each invocation converts RUN consecutive padded pixels of a row, every
// colour channel. Grid: x = run of RUN padded columns, y = padded row.
#include "common.glsl"

#define RUN 4
layout(local_size_x = 64) in;
layout(std430, binding = 0) readonly buffer SourceBytes { uint src_words[]; };
layout(std430, binding = 2) writeonly buffer Planes { float plane_data[]; };
layout(std430, binding = 7) readonly buffer PadSources { int pad_sources[]; };

void main() {
    int px0 = GRID_X() * RUN, py = GRID_Y();
    if (px0 >= img.padded_w) return;
    int sy = pad_sources[py];
    int plane_size = img.padded_h * img.padded_w;
    int out_base = py * img.padded_w;
    for (int q = 0; q < RUN; ++q) {
        int px = px0 + q;
        if (px >= img.padded_w) break;
        int sx = pad_sources[img.padded_h + px];
        if (sy < 0 || sx < 0) {
            for (int c = 0; c < img.color_channels; ++c) plane_data[c * plane_size + out_base + px] = 0.0;
            continue;
        }
        int first = (sy * img.width + sx) * img.channels;  // byte index of the pixel's first channel
        // A pixel's bytes span at most two words.
        uint lo_word = src_words[first >> 2];
        uint hi_word = src_words[min((first >> 2) + 1, (img.width * img.height * img.channels + 3) / 4 - 1)];
        int shift = first & 3;
        for (int c = 0; c < img.color_channels; ++c) {
            int b = shift + c;
            uint word = b < 4 ? lo_word : hi_word;
            plane_data[c * plane_size + out_base + px] = float((word >> (8u * uint(b & 3))) & 0xffu);
        }
    }
}
