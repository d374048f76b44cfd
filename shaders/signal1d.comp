#version 430
// conv1d, xcorr1d, autocorr1d (core/signal1d.h): output i belongs to shift
// lag = first_lag + i and sums f[m] * g[j] over the m whose partner j is
// inside g, m ascending, in double.
#include "common.glsl"

layout(local_size_x = 64) in;
layout(std430, binding = 0) readonly buffer FBuffer { float f_data[]; };
layout(std430, binding = 1) readonly buffer GBuffer { float g_data[]; };
layout(std430, binding = 5) writeonly buffer OutputBuffer { float out_data[]; };

void main() {
    int i = LINEAR_INDEX();
    if (i >= op.output_count) return;
    int lag = op.first_lag + i;
    bool conv = op.op_kind == kOpConv1d;
    // conv: j = lag - m; correlation: j = lag + m; keep 0 <= j < len_g.
    int m0 = conv ? max(0, lag - op.len_g + 1) : max(0, -lag);
    int m1 = conv ? min(op.len_f - 1, lag) : min(op.len_f - 1, op.len_g - 1 - lag);
    double sum = 0.0LF;
    for (int m = m0; m <= m1; ++m) {
        int j = conv ? lag - m : lag + m;
        sum += double(f_data[m]) * double(g_data[j]);
    }
    out_data[i] = float(sum);
}
