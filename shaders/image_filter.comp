#version 430
// Image path, general kernel: out[c][oy][ox] = sum_i sum_j K[i][j] *
// P[c][oy*sy + i*dy][ox*sx + j*dx] over the padded planes, summed in double
// (kernel row, then column) like the CPU reference: a float product is exact
// in double, so large unnormalised kernels keep the 1e-4 contract.
// TILED 0: outputs straight from global memory, one per invocation (RUN 1) or
// a run of RUN along a row (RUN 8, when stride and dilation along x are 1).
// TILED 1: 16 x 16 outputs of one channel per work group, the patch (tile
// plus apron) and the kernel staged in shared memory.
#include "common.glsl"

#ifndef TILED
#define TILED 0
#endif

layout(std430, binding = 1) readonly buffer KernelBuffer { float k_data[]; };
layout(std430, binding = 2) readonly buffer Planes { float plane_data[]; };
layout(std430, binding = 3) writeonly buffer OutputPlanes { float out_data[]; };

#if TILED == 0
#ifndef RUN
#define RUN 1
#endif
layout(local_size_x = 64) in;

#if RUN == 1
// Grid: x = output column, y = output row, z = channel.
void main() {
    int ox = GRID_X(), oy = GRID_Y(), c = GRID_Z();
    if (ox >= img.out_width) return;
    int base = (c * img.padded_h + oy * img.stride_h) * img.padded_w + ox * img.stride_w;
    int row_step = img.dilation_h * img.padded_w;
    double acc = 0.0LF;
    for (int i = 0; i < img.kernel_h; ++i) {
        int row = base + i * row_step;
        int kbase = i * img.kernel_w;
        for (int j = 0; j < img.kernel_w; ++j)
            acc += double(plane_data[row + j * img.dilation_w]) * double(k_data[kbase + j]);
    }
    out_data[(c * img.out_height + oy) * img.out_width + ox] = float(acc);
}
#else
// RUN consecutive outputs of a row per invocation (stride and dilation 1
// along x). A window of RUN input values slides along each kernel row: per
// tap one new value and one weight are loaded and RUN products added, so a
// row costs kernel_w + RUN - 1 loads instead of RUN * kernel_w. Every output
// still sums its terms in kernel-row, kernel-column order.
// Grid: x = run of RUN columns. The planes buffer has spare floats at its end
// for the last run.
void main() {
    int ox0 = GRID_X() * RUN, oy = GRID_Y(), c = GRID_Z();
    if (ox0 >= img.out_width) return;
    int base = (c * img.padded_h + oy * img.stride_h) * img.padded_w + ox0;
    int row_step = img.dilation_h * img.padded_w;
    double acc[RUN];
    float window[RUN];
    for (int q = 0; q < RUN; ++q) acc[q] = 0.0LF;
    for (int i = 0; i < img.kernel_h; ++i) {
        int row = base + i * row_step;
        int kbase = i * img.kernel_w;
        for (int q = 0; q < RUN - 1; ++q) window[q + 1] = plane_data[row + q];
        for (int j = 0; j < img.kernel_w; ++j) {
            for (int q = 0; q < RUN - 1; ++q) window[q] = window[q + 1];
            window[RUN - 1] = plane_data[row + j + RUN - 1];  // window[q] = P[row + j + q]
            double w = double(k_data[kbase + j]);
            for (int q = 0; q < RUN; ++q) acc[q] += double(window[q]) * w;
        }
    }
    int out_base = (c * img.out_height + oy) * img.out_width + ox0;
    for (int q = 0; q < RUN; ++q)
        if (ox0 + q < img.out_width) out_data[out_base + q] = float(acc[q]);
}
#endif

#else
#define TILE 16
#define PATCH_CAPACITY 4096   // floats; the host falls back to TILED 0 beyond it
#define KERNEL_CAPACITY 961   // 31 x 31
layout(local_size_x = TILE, local_size_y = TILE) in;
shared float patch_data[PATCH_CAPACITY];
shared float kernel_data[KERNEL_CAPACITY];

void main() {
    int c = int(gl_WorkGroupID.z);
    int lx = int(gl_LocalInvocationID.x), ly = int(gl_LocalInvocationID.y);
    int ox = int(gl_WorkGroupID.x) * TILE + lx;
    int oy = int(gl_WorkGroupID.y) * TILE + ly;
    int patch_h = (TILE - 1) * img.stride_h + (img.kernel_h - 1) * img.dilation_h + 1;
    int patch_w = (TILE - 1) * img.stride_w + (img.kernel_w - 1) * img.dilation_w + 1;
    int py0 = int(gl_WorkGroupID.y) * TILE * img.stride_h;
    int px0 = int(gl_WorkGroupID.x) * TILE * img.stride_w;
    int plane = c * img.padded_h * img.padded_w;
    for (int i = int(gl_LocalInvocationIndex); i < patch_h * patch_w; i += TILE * TILE) {
        int py = py0 + i / patch_w;
        int px = px0 + i % patch_w;
        patch_data[i] = (py < img.padded_h && px < img.padded_w) ? plane_data[plane + py * img.padded_w + px] : 0.0;
    }
    for (int i = int(gl_LocalInvocationIndex); i < img.kernel_h * img.kernel_w; i += TILE * TILE)
        kernel_data[i] = k_data[i];
    memoryBarrierShared();
    barrier();
    if (ox >= img.out_width || oy >= img.out_height) return;
    int base = ly * img.stride_h * patch_w + lx * img.stride_w;
    int row_step = img.dilation_h * patch_w;
    double acc = 0.0LF;
    for (int i = 0; i < img.kernel_h; ++i) {
        int row = base + i * row_step;
        int kbase = i * img.kernel_w;
        for (int j = 0; j < img.kernel_w; ++j)
            acc += double(patch_data[row + j * img.dilation_w]) * double(kernel_data[kbase + j]);
    }
    out_data[(c * img.out_height + oy) * img.out_width + ox] = float(acc);
}
#endif
