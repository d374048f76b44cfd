#version 430
// relu, softmax, flatten, batchnorm2d, linear (core/layer_ops.h), in two passes.
// The layer ops reuse OpBlock's fields (gpu/gl_engine.cpp, layerBlock):
//   channels  groups: softmax slices (outer * inner), batchnorm2d channels
//   height    softmax: the slice length; batchnorm2d: the batch N
//   width     softmax: inner (the stride along dim); batchnorm2d: H * W
//   kernel_w  linear: in_features;  out_channels  linear: out_features
//   count_include_pad  batchnorm2d: 1 in training mode
//   norm_type  batchnorm2d: eps
// PASS 0, one work group of 256 per group: softmax max and sum of exp(x - max),
// batchnorm2d mean and variance (training: the batch's, biased; eval: the
// running ones), two doubles per group in `stats`.
// PASS 1, one invocation per output element.
#include "common.glsl"

#ifndef PASS
#define PASS 1
#endif

layout(std430, binding = 0) readonly buffer InputBuffer { float in_data[]; };
layout(std430, binding = 1) readonly buffer WeightBuffer { float weight_data[]; };  // linear: out x in; batch norm: C
layout(std430, binding = 2) readonly buffer BiasBuffer { float bias_data[]; };
layout(std430, binding = 3) readonly buffer MeanBuffer { float running_mean[]; };
layout(std430, binding = 4) readonly buffer VarBuffer { float running_var[]; };
layout(std430, binding = 5) writeonly buffer OutputBuffer { float out_data[]; };
layout(std430, binding = 6) buffer StatsBuffer { double stats[]; };

// Element k of group g: softmax (outer o, inner i) -> (o * len + k) * inner + i;
// batchnorm2d channel c -> (n * C + c) * HW + s with k = n * HW + s.
int groupElement(int g, int k) {
    if (op.op_kind == kOpSoftmax) {
        int o = g / op.width, i = g - o * op.width;
        return (o * op.height + k) * op.width + i;
    }
    int n = k / op.width, s = k - n * op.width;
    return (n * op.channels + g) * op.width + s;
}

#if PASS == 0
layout(local_size_x = 256) in;
shared double partial[256];
shared float partial_max[256];

// The sums of `a` and of `b` over the group, in one tree of the 256
// invocations' shares.
shared double partial_b[256];
dvec2 groupSums(double a, double b, int lid) {
    partial[lid] = a;
    partial_b[lid] = b;
    memoryBarrierShared();
    barrier();
    for (int half_size = 128; half_size > 0; half_size >>= 1) {
        if (lid < half_size) {
            partial[lid] += partial[lid + half_size];
            partial_b[lid] += partial_b[lid + half_size];
        }
        memoryBarrierShared();
        barrier();
    }
    return dvec2(partial[0], partial_b[0]);
}

void main() {
    int g = int(gl_WorkGroupID.y * gl_NumWorkGroups.x + gl_WorkGroupID.x);
    if (g >= op.channels) return;  // the whole group leaves together
    int lid = int(gl_LocalInvocationIndex);
    int count = op.height * op.width;
    if (op.op_kind == kOpSoftmax) {
        count = op.height;
        float largest = negativeInfinity();
        for (int k = lid; k < count; k += 256) largest = max(largest, in_data[groupElement(g, k)]);
        partial_max[lid] = largest;
        memoryBarrierShared();
        barrier();
        for (int half_size = 128; half_size > 0; half_size >>= 1) {
            if (lid < half_size) partial_max[lid] = max(partial_max[lid], partial_max[lid + half_size]);
            memoryBarrierShared();
            barrier();
        }
        float m = partial_max[0];
        double share = 0.0LF;
        for (int k = lid; k < count; k += 256) share += double(exp(in_data[groupElement(g, k)] - m));
        double total = groupSums(share, 0.0LF, lid).x;
        if (lid == 0) {
            stats[2 * g] = double(m);
            stats[2 * g + 1] = total;
        }
        return;
    }
    // batchnorm2d
    if (op.count_include_pad == 0) {
        if (lid == 0) {
            stats[2 * g] = double(running_mean[g]);
            stats[2 * g + 1] = double(running_var[g]);
        }
        return;
    }
    // One pass about the group's first value x0: mean = x0 + E[d], variance =
    // E[d^2] - E[d]^2 with d = x - x0, in double (no cancellation worth the
    // name for float inputs; the CPU reference uses two passes).
    double x0 = double(in_data[groupElement(g, 0)]);
    double shift_sum = 0.0LF, square_sum = 0.0LF;
    for (int k = lid; k < count; k += 256) {
        double d = double(in_data[groupElement(g, k)]) - x0;
        shift_sum += d;
        square_sum += d * d;
    }
    dvec2 sums = groupSums(shift_sum, square_sum, lid) / double(count);
    double mean = x0 + sums.x;
    double variance = max(sums.y - sums.x * sums.x, 0.0LF);
    if (lid == 0) {
        stats[2 * g] = mean;
        stats[2 * g + 1] = variance;
    }
}

#else
layout(local_size_x = 64) in;

void main() {
    int idx = LINEAR_INDEX();
    if (idx >= op.output_count) return;
    int kind = op.op_kind;
    if (kind == kOpRelu) {
        float x = in_data[idx];
        out_data[idx] = x > 0.0 ? x : 0.0;
    } else if (kind == kOpFlatten) {
        out_data[idx] = in_data[idx];  // C order is kept: only the shape changes
    } else if (kind == kOpSoftmax) {
        int o = idx / (op.height * op.width);
        int g = o * op.width + (idx - (idx / op.width) * op.width);
        float e = exp(in_data[idx] - float(stats[2 * g]));
        out_data[idx] = float(double(e) / stats[2 * g + 1]);
    } else if (kind == kOpBatchNorm2d) {
        int c = (idx / op.width) % op.channels;
        double inv_std = 1.0LF / sqrt(stats[2 * c + 1] + double(op.norm_type));
        double y = (double(in_data[idx]) - stats[2 * c]) * inv_std * double(weight_data[c]) + double(bias_data[c]);
        out_data[idx] = float(y);
    } else {  // linear
        int n = idx / op.out_channels, o = idx - n * op.out_channels;
        double sum = 0.0LF;
        for (int i = 0; i < op.kernel_w; ++i)
            sum += double(in_data[n * op.kernel_w + i]) * double(weight_data[o * op.kernel_w + i]);
        out_data[idx] = float(sum + double(bias_data[o]));
    }
}
#endif
