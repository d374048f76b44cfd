#version 430
// Image lab, resident path (gpu/gl_lab_resident.h): the filtered planes to
// the RGBA8 texture the lab shows, and the histogram of every plane value,
// in one pass over the planes image_filter / image_separable left on the GPU
// and the range image_minmax found there. The numbers are core/image_lab.cpp's
// labDisplayImage and labHistogram, operation for operation in float:
//  - products and sums are `precise` (no fused multiply-add, which the CPU
//    build does not use either);
//  - quotients and square roots are taken in double and rounded to float
//    once, because GLSL's float division and sqrt need not be correctly
//    rounded and the CPU's are (the double result rounds to the same float
//    except on a double-rounding tie, which no test value reaches);
//  - the byte is floor(n + 0.5) in double (toByte, lround), as the CPU does.
// One invocation per output pixel; 16 x 16 groups count into shared bins,
// then add them to the global bins with one atomic each.
#include "common.glsl"

layout(local_size_x = 16, local_size_y = 16) in;
layout(std430, binding = 3) readonly buffer OutputPlanes { float out_data[]; };
layout(std430, binding = 4) readonly buffer Range { uint range_keys[2]; };
layout(std430, binding = 8) buffer Bins { uint bin_counts[]; };
layout(rgba8, binding = 0) writeonly uniform image2D out_image;

uniform ivec4 u_size;  // out_width, out_height, planes, bins (1..256)
uniform ivec2 u_mode;  // display (LabDisplay: 0 clamp, 1 abs, 2 min-max, 3 diverging), plane

shared uint local_bins[256];

float quotient(float a, float b) { return float(double(a) / double(b)); }

uint toByte(float n) {
    if (!(n > 0.0)) return 0u;  // negative, zero or NaN
    double r = floor(double(n) + 0.5lf);
    return r >= 255.0lf ? 255u : uint(r);
}

float mapValue(float v, int display, float lo, float hi) {
    if (display == 1) return abs(v);
    if (display != 2) return v;
    if (!(hi > lo)) return 0.0;
    precise float scaled = (v - lo) * 255.0;
    precise float span = hi - lo;
    return quotient(scaled, span);
}

// divergingColor of core/image_lab.cpp.
uvec3 diverging(float t) {
    if (isnan(t)) t = 0.0;
    t = clamp(t, -1.0, 1.0);
    const vec3 mid = vec3(24.0, 24.0, 28.0);
    const vec3 neg = vec3(70.0, 150.0, 255.0);
    const vec3 pos = vec3(255.0, 140.0, 40.0);
    float a = float(sqrt(double(abs(t))));
    vec3 end = t < 0.0 ? neg : pos;
    uvec3 rgb;
    for (int i = 0; i < 3; ++i) {
        precise float c = mid[i] + (end[i] - mid[i]) * a;
        rgb[i] = uint(floor(double(c) + 0.5lf));
    }
    return rgb;
}

void main() {
    int w = u_size.x, h = u_size.y, planes = u_size.z, bins = u_size.w;
    int display = u_mode.x, plane = clamp(u_mode.y, 0, planes - 1);
    uint local = gl_LocalInvocationIndex;
    if (int(local) < bins) local_bins[local] = 0u;
    barrier();

    int x = int(gl_GlobalInvocationID.x), y = int(gl_GlobalInvocationID.y);
    float lo = keyFloat(range_keys[0]), hi = keyFloat(range_keys[1]);
    if (range_keys[0] == 0xffffffffu) lo = hi = 0.0;  // every value NaN: labHistogram's {0, 0}
    if (x < w && y < h) {
        int at = y * w + x;
        int stride = w * h;
        uvec4 rgba = uvec4(0u, 0u, 0u, 255u);
        if (planes >= 3 && display != 3) {
            for (int i = 0; i < 3; ++i) rgba[i] = toByte(mapValue(out_data[i * stride + at], display, lo, hi));
        } else if (display == 3) {
            float extent = max(abs(lo), abs(hi));
            rgba.rgb = diverging(extent > 0.0 ? quotient(out_data[plane * stride + at], extent) : 0.0);
        } else {
            uint g = toByte(mapValue(out_data[plane * stride + at], display, lo, hi));
            rgba.rgb = uvec3(g);
        }
        imageStore(out_image, ivec2(x, y), vec4(rgba) / 255.0);

        precise float span = hi > lo ? hi - lo : 1.0;
        for (int c = 0; c < planes; ++c) {
            float v = out_data[c * stride + at];
            if (isnan(v)) continue;
            precise float scaled = quotient(v - lo, span) * float(bins);
            int b = clamp(int(scaled), 0, bins - 1);
            atomicAdd(local_bins[b], 1u);
        }
    }
    barrier();
    if (int(local) < bins && local_bins[local] != 0u) atomicAdd(bin_counts[local], local_bins[local]);
}
