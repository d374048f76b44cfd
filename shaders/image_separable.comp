#version 430
// Image path, rank-1 kernel K = column * row^T as two 1-D passes, in double
// (the intermediate too), like the CPU reference's two-pass path.
// pass_axis 0 (down the columns): mid[c][oy][x] = sum_i column[i] *
//   P[c][oy*sy + i*dy][x] for every padded column x.
// pass_axis 1 (along the rows): out[c][oy][ox] = sum_j row[j] *
//   mid[c][oy][ox*sx + j*dx].
// Grid: x = destination column, y = output row, z = channel.
#include "common.glsl"

layout(local_size_x = 64) in;
layout(std430, binding = 1) readonly buffer TapsBuffer { float taps[]; };  // column, then row
layout(std430, binding = 2) readonly buffer Planes { float plane_data[]; };
layout(std430, binding = 3) writeonly buffer OutputPlanes { float out_data[]; };
layout(std430, binding = 6) buffer Middle { double mid_data[]; };

void main() {
    int x = GRID_X(), oy = GRID_Y(), c = GRID_Z();
    double acc = 0.0LF;
    if (img.pass_axis == 0) {
        if (x >= img.padded_w) return;
        int base = (c * img.padded_h + oy * img.stride_h) * img.padded_w + x;
        int step = img.dilation_h * img.padded_w;
        for (int i = 0; i < img.taps; ++i) acc += double(plane_data[base + i * step]) * double(taps[img.tap_offset + i]);
        mid_data[(c * img.out_height + oy) * img.padded_w + x] = acc;
    } else {
        if (x >= img.out_width) return;
        int base = (c * img.out_height + oy) * img.padded_w + x * img.stride_w;
        for (int j = 0; j < img.taps; ++j) acc += mid_data[base + j * img.dilation_w] * double(taps[img.tap_offset + j]);
        out_data[(c * img.out_height + oy) * img.out_width + x] = float(acc);
    }
}
