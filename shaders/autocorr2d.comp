#version 430
// autocorr2d: scipy.signal.correlate2d(x, x, 'full') per channel, one
// invocation per output, sums in double in the reference's order.
#include "common.glsl"

layout(local_size_x = 64) in;
layout(std430, binding = 0) readonly buffer InputBuffer { float in_data[]; };
layout(std430, binding = 5) writeonly buffer OutputBuffer { float out_data[]; };

void main() {
    int idx = LINEAR_INDEX();
    if (idx >= op.output_count) return;
    int j = idx % op.out_width;
    int rest = idx / op.out_width;
    int i = rest % op.out_height;
    int c = rest / op.out_height;
    int h = op.height, w = op.width;
    int base = c * h * w;
    // Output (i, j) pairs x[y][x] with x[ky][kx], y = i + ky - (h - 1), x = j + kx - (w - 1).
    int ky0 = max(0, h - 1 - i), ky1 = min(h, 2 * h - 1 - i);
    int kx0 = max(0, w - 1 - j), kx1 = min(w, 2 * w - 1 - j);
    double sum = 0.0LF;
    for (int ky = ky0; ky < ky1; ++ky) {
        int y = i + ky - (h - 1);
        for (int kx = kx0; kx < kx1; ++kx) {
            int x = j + kx - (w - 1);
            sum += double(in_data[base + y * w + x]) * double(in_data[base + ky * w + kx]);
        }
    }
    out_data[idx] = float(sum);
}
