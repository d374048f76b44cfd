#version 430
// Image path, last step: normalise the output planes and convert to bytes,
// clamp(round_half_away(n), 0, 255) with NaN -> 0, alpha copied from the
// source pixel (ox*sx, oy*sy) (core/image_filter.h).
// TO_TEXTURE 0: bytes in the input's channel layout, packed four to a word
//   (one invocation per output word, so no two invocations share a word;
//   RGBA on a grid of pixels, the others on LINEAR_INDEX() words).
// TO_TEXTURE 1: an RGBA8 texture for display (gray spread to r, g, b; alpha
//   255 when the image has none).
#include "common.glsl"

#ifndef TO_TEXTURE
#define TO_TEXTURE 0
#endif

layout(local_size_x = 64) in;
layout(std430, binding = 0) readonly buffer SourceBytes { uint src_words[]; };
layout(std430, binding = 3) readonly buffer OutputPlanes { float out_data[]; };
layout(std430, binding = 4) readonly buffer Range { uint range_keys[2]; };
#if TO_TEXTURE == 0
layout(std430, binding = 5) writeonly buffer PackedBytes { uint packed_words[]; };
#else
layout(rgba8, binding = 0) writeonly uniform image2D out_image;
#endif

uint sourceByte(int index) { return (src_words[index >> 2] >> (8u * uint(index & 3))) & 0xffu; }

float rangeLow() { return keyFloat(range_keys[0]); }
// hi - lo, or 0 when the values do not spread (every value then maps to 0).
float rangeWidth() {
    float range = keyFloat(range_keys[1]) - keyFloat(range_keys[0]);
    return (range > 0.0 && !isinf(range)) ? range : 0.0;
}

uint toByte(float n) {
    if (!(n > 0.0)) return 0u;
    return uint(min(floor(n + 0.5), 255.0));
}

uint colorByte(int c, int oy, int ox, float lo, float range) {
    float v = out_data[(c * img.out_height + oy) * img.out_width + ox];
    float n = v;
    if (img.normalization == kNormAbs) n = abs(v);
    else if (img.normalization == kNormMinMax) n = range > 0.0 ? (v - lo) * 255.0 / range : 0.0;
    return toByte(n);
}

uint alphaByte(int oy, int ox) {
    return sourceByte(((oy * img.stride_h) * img.width + ox * img.stride_w) * img.channels + img.alpha_channel);
}

void main() {
    float lo = 0.0, range = 0.0;
    if (img.normalization == kNormMinMax) {
        lo = rangeLow();
        range = rangeWidth();
    }
#if TO_TEXTURE == 0
    if (img.channels == 4) {  // RGBA: one pixel per word; the host dispatches a grid
        int ox = GRID_X(), oy = GRID_Y();
        if (ox >= img.out_width) return;
        packed_words[oy * img.out_width + ox] = colorByte(0, oy, ox, lo, range) |
                                                (colorByte(1, oy, ox, lo, range) << 8u) |
                                                (colorByte(2, oy, ox, lo, range) << 16u) | (alphaByte(oy, ox) << 24u);
        return;
    }
    int idx = LINEAR_INDEX();
    if (idx >= img.word_count) return;
    int total = img.out_width * img.out_height * img.channels;
    uint word = 0u;
    if (img.channels == 1) {  // gray: four pixels per word, row-major
        ivec2 yx = divMod(idx * 4, img.out_width);
        int oy = yx.x, ox = yx.y;
        for (int b = 0; b < 4 && idx * 4 + b < total; ++b) {
            word |= colorByte(0, oy, ox, lo, range) << (8u * uint(b));
            if (++ox == img.out_width) {
                ox = 0;
                ++oy;
            }
        }
    } else {  // gray + alpha, RGB: a word holds parts of two pixels
        for (int b = 0; b < 4; ++b) {
            int byte_index = idx * 4 + b;
            if (byte_index >= total) break;
            ivec2 pc = divMod(byte_index, img.channels);  // pixel, channel
            ivec2 yx = divMod(pc.x, img.out_width);
            int ch = pc.y, oy = yx.x, ox = yx.y;
            uint value = ch == img.alpha_channel ? alphaByte(oy, ox) : colorByte(ch, oy, ox, lo, range);
            word |= value << (8u * uint(b));
        }
    }
    packed_words[idx] = word;
#else
    int ox = GRID_X(), oy = GRID_Y();  // grid: x = column, y = row
    if (ox >= img.out_width) return;
    uvec4 rgba;
    if (img.color_channels == 1) {
        uint g = colorByte(0, oy, ox, lo, range);
        rgba = uvec4(g, g, g, 255u);
    } else {
        rgba = uvec4(colorByte(0, oy, ox, lo, range), colorByte(1, oy, ox, lo, range), colorByte(2, oy, ox, lo, range), 255u);
    }
    if (img.alpha_channel >= 0) rgba.a = alphaByte(oy, ox);
    imageStore(out_image, ivec2(ox, oy), vec4(rgba) / 255.0);
#endif
}
