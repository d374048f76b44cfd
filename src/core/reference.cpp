// CPU reference of every operation. Straight loops, no cleverness: this is the
// oracle the GPU engine and the traces are checked against.
#include <algorithm>
#include <cmath>
#include <limits>

#include "core/engine.h"
#include "core/layer_ops.h"
#include "core/op_plan.h"
#include "core/padding.h"
#include "core/signal1d.h"

namespace cs {
namespace {

using Index = std::vector<int>;

// xcorr2d, conv2d and conv_transpose2d: one direct correlation with the bank
// kernelUsed gives, over the padded (or zero-inserted) input the source tables
// describe; output channel o reads its group's input channels.
Tensor correlate2d(const OpRequest& r, const OpPlan& plan) {
    const Pair stride = isTransposedConv2d(plan.op) ? Pair{1, 1} : r.params.window.stride;
    const Pair& dilation = r.params.window.dilation;
    Tensor out({plan.out_channels, plan.out_height, plan.out_width});
    const Index rows = correlationSources(plan, r.params, true);
    const Index cols = correlationSources(plan, r.params, false);
    const Tensor in = r.input.reshaped({plan.channels, plan.height, plan.width});
    const Tensor k = kernelUsed(r, plan);
    const int per_group = plan.out_channels / plan.groups;
    for (int o = 0; o < plan.out_channels; ++o) {
        const int c0 = (o / per_group) * plan.kernel_channels;
        const int ko = plan.depthwise ? 0 : o;
        const double bias = biasOf(r, o);
        for (int oy = 0; oy < plan.out_height; ++oy)
            for (int ox = 0; ox < plan.out_width; ++ox) {
                double sum = 0.0;
                for (int c = c0; c < c0 + plan.kernel_channels; ++c)
                    for (int ky = 0; ky < plan.kernel_h; ++ky) {
                        const int sy = rows[static_cast<std::size_t>(oy * stride.h + ky * dilation.h)];
                        if (sy < 0) continue;
                        for (int kx = 0; kx < plan.kernel_w; ++kx) {
                            const int sx = cols[static_cast<std::size_t>(ox * stride.w + kx * dilation.w)];
                            if (sx < 0) continue;
                            sum += static_cast<double>(in.at(c, sy, sx)) * static_cast<double>(k.at(ko, c - c0, ky, kx));
                        }
                    }
                out.at(o, oy, ox) = static_cast<float>(sum + bias);
            }
    }
    return out;
}

// One pooling window along one axis, as PyTorch's kernels clip it.
struct Span {
    int start, end;  // real input positions [start, end), stepping by dilation
    int padded_count;  // avg pool: window length inside the padded input
};
Span poolSpan(int o, const AxisSize& a) {
    int start = o * a.stride - a.padding;
    Span s{};
    const int padded_end = std::min(start + a.effective_kernel, a.n + a.padding);
    s.padded_count = padded_end - start;
    s.end = std::min(start + a.effective_kernel, a.n);
    while (start < 0) start += a.dilation;
    s.start = start;
    return s;
}

Tensor pool2d(const OpRequest& r, const OpPlan& plan) {
    const OpParams& p = r.params;
    const OpKind op = p.op;
    Tensor out({plan.channels, plan.out_height, plan.out_width});
    const Tensor in = r.input.reshaped({plan.channels, plan.height, plan.width});
    for (int c = 0; c < plan.channels; ++c)
        for (int oy = 0; oy < plan.out_height; ++oy)
            for (int ox = 0; ox < plan.out_width; ++ox) {
                const Span sy = poolSpan(oy, plan.axis_h), sx = poolSpan(ox, plan.axis_w);
                double acc = op == OpKind::MaxPool2d ? -std::numeric_limits<double>::infinity() : 0.0;
                int count = 0;
                for (int y = sy.start; y < sy.end; y += p.window.dilation.h)
                    for (int x = sx.start; x < sx.end; x += p.window.dilation.w) {
                        const double v = in.at(c, y, x);
                        if (op == OpKind::MaxPool2d)
                            acc = (v > acc || std::isnan(v)) ? v : acc;
                        else if (op == OpKind::AvgPool2d)
                            acc += v;
                        else
                            acc += std::pow(v, p.pool.norm_type);
                        ++count;
                    }
                double result = acc;
                if (op == OpKind::AvgPool2d) {
                    const int divisor = p.pool.count_include_pad ? sy.padded_count * sx.padded_count : count;
                    result = acc / divisor;
                } else if (op == OpKind::LpPool2d) {
                    // F.lp_pool2d: avg_pool2d(x^p) * (kh*kw), then ^(1/p). A partial
                    // ceil_mode window is averaged over its clipped size and then
                    // scaled by the full window size, exactly as PyTorch does.
                    const double mean = acc / (sy.padded_count * sx.padded_count);
                    result = std::pow(mean * (plan.kernel_h * plan.kernel_w), 1.0 / p.pool.norm_type);
                }
                out.at(c, oy, ox) = static_cast<float>(result);
            }
    return out;
}

Tensor globalPool(const OpRequest& r, const OpPlan& plan) {
    Tensor out({plan.channels, 1, 1});
    const Tensor in = r.input.reshaped({plan.channels, plan.height, plan.width});
    for (int c = 0; c < plan.channels; ++c) {
        double acc = r.params.op == OpKind::GlobalMaxPool ? -std::numeric_limits<double>::infinity() : 0.0;
        for (int y = 0; y < plan.height; ++y)
            for (int x = 0; x < plan.width; ++x) {
                const double v = in.at(c, y, x);
                // Max: a NaN wins and stays (std::max would drop it), as in
                // max pooling and PyTorch's adaptive_max_pool2d / amax.
                if (r.params.op == OpKind::GlobalMaxPool)
                    acc = (v > acc || std::isnan(v)) ? v : acc;
                else
                    acc += v;
            }
        if (r.params.op == OpKind::GlobalAvgPool) acc /= static_cast<double>(plan.height) * plan.width;
        out.at(c, 0, 0) = static_cast<float>(acc);
    }
    return out;
}

Tensor autocorr2d(const OpRequest& r, const OpPlan& plan) {
    Tensor out({plan.channels, plan.out_height, plan.out_width});
    const Tensor in = r.input.reshaped({plan.channels, plan.height, plan.width});
    const int H = plan.height, W = plan.width;
    for (int c = 0; c < plan.channels; ++c)
        for (int i = 0; i < plan.out_height; ++i)
            for (int j = 0; j < plan.out_width; ++j) {
                // The input slid over itself: xcorr2d(x, kernel = x, padding = (H-1, W-1)).
                double sum = 0.0;
                for (int ky = 0; ky < H; ++ky) {
                    const int y = i + ky - (H - 1);
                    if (y < 0 || y >= H) continue;
                    for (int kx = 0; kx < W; ++kx) {
                        const int x = j + kx - (W - 1);
                        if (x < 0 || x >= W) continue;
                        sum += static_cast<double>(in.at(c, y, x)) * in.at(c, ky, kx);
                    }
                }
                out.at(c, i, j) = static_cast<float>(sum);
            }
    return out;
}

}  // namespace

Tensor flipKernel(const Tensor& kernel) {
    Tensor out = kernel;
    const int kh = kernel.dim(-2), kw = kernel.dim(-1);
    const std::size_t plane = static_cast<std::size_t>(kh) * kw;
    for (std::size_t base = 0; base < kernel.size(); base += plane)
        for (int y = 0; y < kh; ++y)
            for (int x = 0; x < kw; ++x)
                out.values()[base + static_cast<std::size_t>(y * kw + x)] =
                    kernel.values()[base + static_cast<std::size_t>((kh - 1 - y) * kw + (kw - 1 - x))];
    return out;
}

Tensor kernelUsed(const OpRequest& r, const OpPlan& plan) {
    const int banks = plan.depthwise ? 1 : plan.out_channels;
    const std::vector<int> shape{banks, plan.kernel_channels, plan.kernel_h, plan.kernel_w};
    if (r.params.op == OpKind::XCorr2d) return r.kernel.reshaped(shape);
    const Tensor flipped = flipKernel(r.kernel);
    if (r.params.op == OpKind::Conv2d || plan.depthwise) return flipped.reshaped(shape);
    // conv_transpose2d: K is C_in x C_out/groups; bank o reads input channel
    // g*Cg + c through K[g*Cg + c][o - g*Cout_g], flipped.
    const int cout_g = plan.out_channels / plan.groups, cg = plan.kernel_channels;
    const std::size_t plane = static_cast<std::size_t>(plan.kernel_h) * plan.kernel_w;
    Tensor bank(shape);
    for (int o = 0; o < plan.out_channels; ++o) {
        const int g = o / cout_g;
        for (int c = 0; c < cg; ++c) {
            const std::size_t from = (static_cast<std::size_t>(g * cg + c) * cout_g + (o - g * cout_g)) * plane;
            const std::size_t to = (static_cast<std::size_t>(o) * cg + c) * plane;
            std::copy_n(flipped.values().begin() + static_cast<std::ptrdiff_t>(from), plane,
                        bank.values().begin() + static_cast<std::ptrdiff_t>(to));
        }
    }
    return bank;
}

double biasOf(const OpRequest& r, int o) {
    if (r.bias.empty()) return 0.0;
    return r.bias.size() == 1 ? r.bias[0] : r.bias[static_cast<std::size_t>(o)];
}

Tensor computeReference(const OpRequest& r) {
    const OpPlan plan = planOp(r);
    Tensor out;
    const OpKind op = r.params.op;
    if (isLayer(op)) return computeLayer(r);  // core/layer_ops.cpp
    if (isOneD(op))
        return compute1d(r, plan);
    if (isCorrelation2d(op) || isTransposedConv2d(op))
        out = correlate2d(r, plan);
    else if (isPooling2d(op))
        out = pool2d(r, plan);
    else if (isGlobalPool(op))
        out = globalPool(r, plan);
    else
        out = autocorr2d(r, plan);
    return out.reshaped(plan.output_shape);
}

Tensor CpuEngine::run(const OpRequest& request) { return computeReference(request); }

}  // namespace cs
