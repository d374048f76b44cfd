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

Tensor correlate2d(const OpRequest& r, const OpPlan& plan, const Tensor& kernel) {
    const OpParams& p = r.params;
    Tensor out({plan.out_channels, plan.out_height, plan.out_width});
    const Index rows = paddedSourceTable(plan.height, p.window.padding.h, p.correlation.padding_mode);
    const Index cols = paddedSourceTable(plan.width, p.window.padding.w, p.correlation.padding_mode);
    const Tensor in = r.input.reshaped({plan.channels, plan.height, plan.width});
    const Tensor k = kernel.reshaped({plan.depthwise ? 1 : plan.out_channels, plan.kernel_channels, plan.kernel_h,
                                      plan.kernel_w});
    for (int o = 0; o < plan.out_channels; ++o) {
        const int c0 = plan.depthwise ? o : 0;
        const int c1 = plan.depthwise ? o + 1 : plan.channels;
        const int ko = plan.depthwise ? 0 : o;
        const double bias = r.bias.empty() ? 0.0 : r.bias[static_cast<std::size_t>(o)];
        for (int oy = 0; oy < plan.out_height; ++oy)
            for (int ox = 0; ox < plan.out_width; ++ox) {
                double sum = 0.0;
                for (int c = c0; c < c1; ++c)
                    for (int ky = 0; ky < plan.kernel_h; ++ky) {
                        const int sy = rows[static_cast<std::size_t>(oy * p.window.stride.h + ky * p.window.dilation.h)];
                        if (sy < 0) continue;
                        for (int kx = 0; kx < plan.kernel_w; ++kx) {
                            const int sx = cols[static_cast<std::size_t>(ox * p.window.stride.w + kx * p.window.dilation.w)];
                            if (sx < 0) continue;
                            sum += static_cast<double>(in.at(c, sy, sx)) *
                                   static_cast<double>(k.at(ko, plan.depthwise ? 0 : c - c0, ky, kx));
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

Tensor computeReference(const OpRequest& r) {
    const OpPlan plan = planOp(r);
    Tensor out;
    const OpKind op = r.params.op;
    if (isLayer(op)) return computeLayer(r);  // core/layer_ops.cpp
    if (isOneD(op))
        return compute1d(r, plan);
    if (op == OpKind::XCorr2d)
        out = correlate2d(r, plan, r.kernel);
    else if (op == OpKind::Conv2d)
        out = correlate2d(r, plan, flipKernel(r.kernel));
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
