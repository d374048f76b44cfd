#version 430
// Image path, rank-1 kernel K = column * row^T as two 1-D passes, in double
// (the intermediate too), like the CPU reference's two-pass path.
// pass_axis 0 (down the columns): mid[c][oy][x] = sum_i column[i] *
//   P[c][oy*sy + i*dy][x] for every padded column x.
// pass_axis 1 (along the rows): out[c][oy][ox] = sum_j row[j] *
//   mid[c][oy][ox*sx + j*dx].
// RUN 1: one output per invocation. RUN 8 (stride and dilation 1 along the
// pass's axis): RUN consecutive outputs along that axis per invocation, each
// input value loaded once for all of them; the buffers read have RUN spare
// rows (pass 0) or values (pass 1) at their end.
// Grid: x = destination column (or run of columns, pass 1), y = output row
// (or run of rows, pass 0), z = channel.
#include "common.glsl"

#ifndef RUN
#define RUN 1
#endif

layout(local_size_x = 64) in;
layout(std430, binding = 1) readonly buffer TapsBuffer { float taps[]; };  // column, then row
layout(std430, binding = 2) readonly buffer Planes { float plane_data[]; };
layout(std430, binding = 3) writeonly buffer OutputPlanes { float out_data[]; };
layout(std430, binding = 6) buffer Middle { double mid_data[]; };

#if RUN == 1
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
#else
// A window of RUN values slides along the pass's axis: per tap one new value
// and one weight are loaded, RUN products added.
void main() {
    int c = GRID_Z();
    double acc[RUN];
    double window[RUN];
    for (int q = 0; q < RUN; ++q) acc[q] = 0.0LF;
    if (img.pass_axis == 0) {
        int x = GRID_X(), oy0 = GRID_Y() * RUN;
        if (x >= img.padded_w || oy0 >= img.out_height) return;
        int base = (c * img.padded_h + oy0) * img.padded_w + x;
        for (int q = 0; q < RUN - 1; ++q) window[q + 1] = double(plane_data[base + q * img.padded_w]);
        for (int i = 0; i < img.taps; ++i) {
            for (int q = 0; q < RUN - 1; ++q) window[q] = window[q + 1];
            window[RUN - 1] = double(plane_data[base + (i + RUN - 1) * img.padded_w]);
            double w = double(taps[img.tap_offset + i]);
            for (int q = 0; q < RUN; ++q) acc[q] += window[q] * w;
        }
        for (int q = 0; q < RUN; ++q)
            if (oy0 + q < img.out_height) mid_data[(c * img.out_height + oy0 + q) * img.padded_w + x] = acc[q];
    } else {
        int ox0 = GRID_X() * RUN, oy = GRID_Y();
        if (ox0 >= img.out_width) return;
        int base = (c * img.out_height + oy) * img.padded_w + ox0;
        for (int q = 0; q < RUN - 1; ++q) window[q + 1] = mid_data[base + q];
        for (int j = 0; j < img.taps; ++j) {
            for (int q = 0; q < RUN - 1; ++q) window[q] = window[q + 1];
            window[RUN - 1] = mid_data[base + j + RUN - 1];
            double w = double(taps[img.tap_offset + j]);
            for (int q = 0; q < RUN; ++q) acc[q] += window[q] * w;
        }
        int out_base = (c * img.out_height + oy) * img.out_width + ox0;
        for (int q = 0; q < RUN; ++q)
            if (ox0 + q < img.out_width) out_data[out_base + q] = float(acc[q]);
    }
}
#endif
