#version 430
// Image path, min-max normalisation: the smallest and largest value (NaN
// skipped) over every output plane. A fixed number of invocations each scan a
// strided share and then do one atomicMin / atomicMax on order-preserving keys:
// no shared memory and no barrier (both slow on software renderers).
#include "common.glsl"

layout(local_size_x = 64) in;
layout(std430, binding = 3) readonly buffer OutputPlanes { float out_data[]; };
layout(std430, binding = 4) buffer Range { uint range_keys[2]; };  // min key, max key

void main() {
    int first = int(gl_GlobalInvocationID.x);
    int step = int(gl_NumWorkGroups.x) * 64;
    uint lo = 0xffffffffu, hi = 0u;
    for (int i = first; i < img.element_count; i += step) {
        float v = out_data[i];
        if (isnan(v)) continue;
        uint key = floatKey(v);
        lo = min(lo, key);
        hi = max(hi, key);
    }
    if (lo <= hi) {
        atomicMin(range_keys[0], lo);
        atomicMax(range_keys[1], hi);
    }
}
