#version 430
// globalavgpool / globalmaxpool: one work group of 256 per channel, each
// invocation sums a strided share in double, then a tree in shared memory.
#include "common.glsl"

layout(local_size_x = 256) in;
layout(std430, binding = 0) readonly buffer InputBuffer { float in_data[]; };
layout(std430, binding = 5) writeonly buffer OutputBuffer { float out_data[]; };

shared double partial_sum[256];
shared float partial_max[256];

// GLSL's max() is undefined for NaN; a NaN wins and stays, as in the CPU
// reference, maxpool2d and PyTorch.
float maxKeepingNaN(float a, float b) { return (b > a || isnan(b)) ? b : a; }

void main() {
    int c = int(gl_WorkGroupID.y * gl_NumWorkGroups.x + gl_WorkGroupID.x);
    if (c >= op.channels) return;  // the whole group leaves together
    int lid = int(gl_LocalInvocationIndex);
    int n = op.height * op.width;
    int base = c * n;
    double sum = 0.0LF;
    float largest = negativeInfinity();
    for (int i = lid; i < n; i += 256) {
        float v = in_data[base + i];
        sum += double(v);
        largest = maxKeepingNaN(largest, v);
    }
    partial_sum[lid] = sum;
    partial_max[lid] = largest;
    memoryBarrierShared();
    barrier();
    for (int half_size = 128; half_size > 0; half_size >>= 1) {
        if (lid < half_size) {
            partial_sum[lid] += partial_sum[lid + half_size];
            partial_max[lid] = maxKeepingNaN(partial_max[lid], partial_max[lid + half_size]);
        }
        memoryBarrierShared();
        barrier();
    }
    if (lid == 0)
        out_data[c] = op.op_kind == kOpGlobalMaxPool ? partial_max[0] : float(partial_sum[0] / double(n));
}
