#version 430
// xcorr2d / conv2d / conv_transpose2d of the engine: one direct correlation
// with the bank core/engine.h's kernelUsed gives (conv2d's kernel arrives
// flipped, conv_transpose2d's flipped and transposed) over the grid the source
// tables describe (padding, or conv_transpose2d's zero-inserted input, which
// runs with stride 1). Output channel o reads the kernel_channels input
// channels of its group (groups = channels / kernel_channels). Sums in double
// in the reference's order (channel, kernel row, kernel column), so results
// equal core/reference.cpp's.
// TILED 0: one invocation per output. TILED 1: 16 x 16 outputs of one output
// channel per work group; the input patch they share (the tile plus its
// apron) is staged in shared memory once per input channel.
#include "common.glsl"

#ifndef TILED
#define TILED 0
#endif

layout(std430, binding = 0) readonly buffer InputBuffer { float in_data[]; };
layout(std430, binding = 1) readonly buffer KernelBuffer { float k_data[]; };
layout(std430, binding = 2) readonly buffer BiasBuffer { float bias_data[]; };
layout(std430, binding = 3) readonly buffer RowsBuffer { int row_src[]; };  // padded row -> input row or -1
layout(std430, binding = 4) readonly buffer ColsBuffer { int col_src[]; };
layout(std430, binding = 5) writeonly buffer OutputBuffer { float out_data[]; };

// The first input channel of output channel o's group.
int groupFirstChannel(int o) {
    int groups = op.channels / op.kernel_channels;
    return (o / (op.out_channels / groups)) * op.kernel_channels;
}

#if TILED == 0
layout(local_size_x = 64) in;

void main() {
    int idx = LINEAR_INDEX();
    if (idx >= op.output_count) return;
    int ox = idx % op.out_width;
    int rest = idx / op.out_width;
    int oy = rest % op.out_height;
    int o = rest / op.out_height;
    bool dw = op.depthwise != 0;
    int c0 = groupFirstChannel(o);
    int c1 = c0 + op.kernel_channels;
    int ko = dw ? 0 : o;
    double sum = 0.0LF;
    for (int c = c0; c < c1; ++c) {
        int kbase = (ko * op.kernel_channels + (c - c0)) * op.kernel_h * op.kernel_w;
        int ibase = c * op.height * op.width;
        for (int ky = 0; ky < op.kernel_h; ++ky) {
            int sy = row_src[oy * op.stride_h + ky * op.dilation_h];
            if (sy < 0) continue;
            for (int kx = 0; kx < op.kernel_w; ++kx) {
                int sx = col_src[ox * op.stride_w + kx * op.dilation_w];
                if (sx < 0) continue;
                sum += double(in_data[ibase + sy * op.width + sx]) * double(k_data[kbase + ky * op.kernel_w + kx]);
            }
        }
    }
    double b = op.has_bias != 0 ? double(bias_data[o]) : 0.0LF;
    out_data[idx] = float(sum + b);
}

#else
#define TILE 16
#define PATCH_CAPACITY 4096  // floats; the host falls back to TILED 0 beyond it
layout(local_size_x = TILE, local_size_y = TILE) in;
shared float patch_data[PATCH_CAPACITY];

void main() {
    int o = int(gl_WorkGroupID.z);
    int lx = int(gl_LocalInvocationID.x), ly = int(gl_LocalInvocationID.y);
    int ox = int(gl_WorkGroupID.x) * TILE + lx;
    int oy = int(gl_WorkGroupID.y) * TILE + ly;
    bool in_range = ox < op.out_width && oy < op.out_height;
    int patch_h = (TILE - 1) * op.stride_h + op.eff_kernel_h;
    int patch_w = (TILE - 1) * op.stride_w + op.eff_kernel_w;
    int py0 = int(gl_WorkGroupID.y) * TILE * op.stride_h;  // padded coordinates of the patch origin
    int px0 = int(gl_WorkGroupID.x) * TILE * op.stride_w;
    bool dw = op.depthwise != 0;
    int c0 = groupFirstChannel(o);
    int c1 = c0 + op.kernel_channels;
    int ko = dw ? 0 : o;
    double sum = 0.0LF;
    for (int c = c0; c < c1; ++c) {
        int ibase = c * op.height * op.width;
        barrier();  // the previous channel's patch is no longer read
        for (int i = int(gl_LocalInvocationIndex); i < patch_h * patch_w; i += TILE * TILE) {
            int py = i / patch_w;
            int px = i - py * patch_w;
            int ry = py0 + py, rx = px0 + px;
            int sy = ry < op.rows_len ? row_src[ry] : -1;
            int sx = rx < op.cols_len ? col_src[rx] : -1;
            patch_data[i] = (sy < 0 || sx < 0) ? 0.0 : in_data[ibase + sy * op.width + sx];
        }
        memoryBarrierShared();
        barrier();
        if (in_range) {
            int kbase = (ko * op.kernel_channels + (c - c0)) * op.kernel_h * op.kernel_w;
            for (int ky = 0; ky < op.kernel_h; ++ky) {
                int prow = (ly * op.stride_h + ky * op.dilation_h) * patch_w + lx * op.stride_w;
                for (int kx = 0; kx < op.kernel_w; ++kx)
                    sum += double(patch_data[prow + kx * op.dilation_w]) *
                           double(k_data[kbase + ky * op.kernel_w + kx]);
            }
        }
    }
    if (in_range) {
        double b = op.has_bias != 0 ? double(bias_data[o]) : 0.0LF;
        out_data[(o * op.out_height + oy) * op.out_width + ox] = float(sum + b);
    }
}
#endif
