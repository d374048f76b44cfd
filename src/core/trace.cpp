#include "core/trace.h"

#include <cmath>
#include <limits>

#include "core/engine.h"
#include "core/padding.h"
#include "core/signal1d.h"

namespace cs {
namespace {

void checkTraceSize(std::size_t steps, std::size_t terms_per_step) {
    if (steps * terms_per_step > kMaxTraceTerms)
        throw OpError("this configuration has " + std::to_string(steps) + " steps of " +
                      std::to_string(terms_per_step) +
                      " terms each: too many to step through. Use a smaller input for the step view.");
}

void traceCorrelation(const OpRequest& r, Trace& t, const Tensor& kernel_used, Pair padding, PaddingMode mode,
                      Pair stride, Pair dilation) {
    const OpPlan& plan = t.plan;
    const Tensor in = r.input.reshaped({plan.channels, plan.height, plan.width});
    const int banks = plan.depthwise ? 1 : plan.out_channels;
    const Tensor k = kernel_used.reshaped({banks, plan.kernel_channels, plan.kernel_h, plan.kernel_w});
    const auto rows = paddedSourceTable(plan.height, padding.h, mode);
    const auto cols = paddedSourceTable(plan.width, padding.w, mode);
    const int per_step = (plan.depthwise ? 1 : plan.channels) * plan.kernel_h * plan.kernel_w;
    checkTraceSize(static_cast<std::size_t>(plan.out_channels) * plan.out_height * plan.out_width,
                   static_cast<std::size_t>(per_step));
    for (int o = 0; o < plan.out_channels; ++o) {
        const int c0 = plan.depthwise ? o : 0, c1 = plan.depthwise ? o + 1 : plan.channels;
        for (int oy = 0; oy < plan.out_height; ++oy)
            for (int ox = 0; ox < plan.out_width; ++ox) {
                TraceStep s;
                s.out_c = o;
                s.out_y = oy;
                s.out_x = ox;
                s.window_y = oy * stride.h;
                s.window_x = ox * stride.w;
                s.terms.reserve(static_cast<std::size_t>(per_step));
                for (int c = c0; c < c1; ++c) {
                    double channel_sum = 0.0;
                    for (int ky = 0; ky < plan.kernel_h; ++ky)
                        for (int kx = 0; kx < plan.kernel_w; ++kx) {
                            TraceTerm term;
                            term.channel = c;
                            term.py = s.window_y + ky * dilation.h;
                            term.px = s.window_x + kx * dilation.w;
                            term.src_y = rows[static_cast<std::size_t>(term.py)];
                            term.src_x = cols[static_cast<std::size_t>(term.px)];
                            term.ky = ky;
                            term.kx = kx;
                            term.weight = k.at(plan.depthwise ? 0 : o, plan.depthwise ? 0 : c, ky, kx);
                            term.value = term.isPadding() ? 0.f : in.at(c, term.src_y, term.src_x);
                            if (term.isPadding()) term.src_y = term.src_x = -1;
                            term.product = static_cast<double>(term.value) * term.weight;
                            // Padding terms add exactly 0; skipping them keeps the sum
                            // bit-identical to the reference, which never visits them.
                            if (!term.isPadding()) channel_sum += term.product;
                            s.terms.push_back(term);
                        }
                    s.channel_sums.push_back(channel_sum);
                }
                // One running sum across channels, in the reference's order, so the
                // rounding matches it bit for bit.
                double sum = 0.0;
                for (const TraceTerm& term : s.terms)
                    if (!term.isPadding()) sum += term.product;
                s.sum = sum;
                s.bias = r.bias.empty() ? 0.0 : r.bias[static_cast<std::size_t>(o)];
                s.result = static_cast<float>(sum + s.bias);
                t.steps.push_back(std::move(s));
            }
    }
}

void tracePooling(const OpRequest& r, Trace& t) {
    const OpPlan& plan = t.plan;
    const OpParams& p = r.params;
    const Tensor in = r.input.reshaped({plan.channels, plan.height, plan.width});
    const int per_step = plan.kernel_h * plan.kernel_w;
    checkTraceSize(static_cast<std::size_t>(plan.channels) * plan.out_height * plan.out_width,
                   static_cast<std::size_t>(per_step));
    const bool is_max = p.op == OpKind::MaxPool2d;
    for (int c = 0; c < plan.channels; ++c)
        for (int oy = 0; oy < plan.out_height; ++oy)
            for (int ox = 0; ox < plan.out_width; ++ox) {
                TraceStep s;
                s.out_c = c;
                s.out_y = oy;
                s.out_x = ox;
                s.window_y = oy * p.window.stride.h;
                s.window_x = ox * p.window.stride.w;
                double acc = is_max ? -std::numeric_limits<double>::infinity() : 0.0;
                int count = 0;
                // PyTorch's divisor counts the window's part inside the padded input.
                const int h_in_padded = std::min(s.window_y + plan.axis_h.effective_kernel, t.padded_h) - s.window_y;
                const int w_in_padded = std::min(s.window_x + plan.axis_w.effective_kernel, t.padded_w) - s.window_x;
                for (int ky = 0; ky < plan.kernel_h; ++ky)
                    for (int kx = 0; kx < plan.kernel_w; ++kx) {
                        TraceTerm term;
                        term.channel = c;
                        term.py = s.window_y + ky * p.window.dilation.h;
                        term.px = s.window_x + kx * p.window.dilation.w;
                        if (term.py >= t.padded_h || term.px >= t.padded_w) continue;  // ceil_mode overhang
                        term.ky = ky;
                        term.kx = kx;
                        const int y = term.py - t.pad_top, x = term.px - t.pad_left;
                        const bool inside = y >= 0 && y < plan.height && x >= 0 && x < plan.width;
                        term.src_y = inside ? y : -1;
                        term.src_x = inside ? x : -1;
                        if (inside) {
                            term.value = in.at(c, y, x);
                            term.product = p.op == OpKind::LpPool2d ? std::pow(static_cast<double>(term.value), p.pool.norm_type)
                                                                     : term.value;
                            ++count;
                            if (is_max) {
                                if (term.product > acc || std::isnan(term.product)) {
                                    acc = term.product;
                                    s.picked = static_cast<int>(s.terms.size());
                                }
                            } else {
                                acc += term.product;
                            }
                        } else {
                            term.value = is_max ? -std::numeric_limits<float>::infinity() : 0.f;
                            term.product = term.value;
                        }
                        s.terms.push_back(term);
                    }
                s.sum = acc;
                if (p.op == OpKind::AvgPool2d) {
                    s.divisor = p.pool.count_include_pad ? h_in_padded * w_in_padded : count;
                    s.result = static_cast<float>(acc / s.divisor);
                } else if (p.op == OpKind::LpPool2d) {
                    s.divisor = h_in_padded * w_in_padded;
                    s.scale = plan.kernel_h * plan.kernel_w;
                    s.result = static_cast<float>(std::pow(acc / s.divisor * s.scale, 1.0 / p.pool.norm_type));
                } else {
                    s.result = static_cast<float>(acc);
                }
                t.steps.push_back(std::move(s));
            }
}

void traceGlobal(const OpRequest& r, Trace& t) {
    const OpPlan& plan = t.plan;
    const Tensor in = r.input.reshaped({plan.channels, plan.height, plan.width});
    const bool is_max = r.params.op == OpKind::GlobalMaxPool;
    checkTraceSize(static_cast<std::size_t>(plan.channels), static_cast<std::size_t>(plan.height) * plan.width);
    for (int c = 0; c < plan.channels; ++c) {
        TraceStep s;
        s.out_c = c;
        double acc = is_max ? -std::numeric_limits<double>::infinity() : 0.0;
        for (int y = 0; y < plan.height; ++y)
            for (int x = 0; x < plan.width; ++x) {
                TraceTerm term;
                term.channel = c;
                term.py = term.src_y = term.ky = y;
                term.px = term.src_x = term.kx = x;
                term.value = in.at(c, y, x);
                term.product = term.value;
                if (is_max) {
                    if (term.product > acc) {
                        acc = term.product;
                        s.picked = static_cast<int>(s.terms.size());
                    }
                } else {
                    acc += term.product;
                }
                s.terms.push_back(term);
            }
        s.sum = acc;
        s.divisor = is_max ? 1.0 : static_cast<double>(plan.height) * plan.width;
        s.result = static_cast<float>(is_max ? acc : acc / s.divisor);
        t.steps.push_back(std::move(s));
    }
}

void trace1d(const OpRequest& r, Trace& t) {
    const OpPlan& plan = t.plan;
    const OpKind op = r.params.op;
    const Tensor& f = r.input;
    const Tensor& g = op == OpKind::AutoCorr1d ? r.input : r.kernel;
    const int n = f.dim(0), len_g = g.dim(0);
    checkTraceSize(static_cast<std::size_t>(plan.out_width), static_cast<std::size_t>(n));
    for (int i = 0; i < plan.out_width; ++i) {
        TraceStep s;
        s.out_x = i;
        s.lag = plan.first_lag + i;
        double sum = 0.0;
        for (int m = 0; m < n; ++m) {
            const int j = pairedIndex(op, s.lag, m);
            if (j < 0 || j >= len_g) continue;
            TraceTerm term;
            term.px = term.src_x = m;
            term.kernel_index = j;
            term.value = f.at(m);
            term.weight = g.at(j);
            term.product = static_cast<double>(term.value) * term.weight;
            sum += term.product;
            s.terms.push_back(term);
        }
        s.sum = sum;
        s.result = static_cast<float>(sum);
        t.steps.push_back(std::move(s));
    }
}

}  // namespace

Trace buildTrace(const OpRequest& r) {
    Trace t;
    t.plan = planOp(r);
    const OpPlan& plan = t.plan;
    const OpKind op = r.params.op;
    if (isLayer(op)) {
        traceLayer(r, t);  // core/layer_trace.cpp
    } else if (isOneD(op)) {
        t.padded_h = 1;
        t.padded_w = plan.width;
        t.kernel_used = op == OpKind::AutoCorr1d ? r.input : r.kernel;
        trace1d(r, t);
    } else if (isCorrelation2d(op)) {
        t.pad_top = r.params.window.padding.h;
        t.pad_left = r.params.window.padding.w;
        t.padded_h = plan.height + 2 * t.pad_top;
        t.padded_w = plan.width + 2 * t.pad_left;
        t.kernel_used = op == OpKind::Conv2d ? flipKernel(r.kernel) : r.kernel;
        traceCorrelation(r, t, t.kernel_used, r.params.window.padding, r.params.correlation.padding_mode, r.params.window.stride,
                         r.params.window.dilation);
    } else if (op == OpKind::AutoCorr2d) {
        t.pad_top = plan.height - 1;
        t.pad_left = plan.width - 1;
        t.padded_h = 3 * plan.height - 2;
        t.padded_w = 3 * plan.width - 2;
        t.kernel_used = r.input;
        // Depthwise: each channel slides over itself.
        OpPlan inner = plan;
        inner.depthwise = true;
        inner.kernel_channels = 1;
        inner.out_channels = plan.channels;
        // The limit counts every channel's steps, not one channel's at a time.
        checkTraceSize(static_cast<std::size_t>(plan.channels) * plan.out_height * plan.out_width,
                       static_cast<std::size_t>(plan.height) * plan.width);
        const OpPlan saved = t.plan;
        t.plan = inner;
        const Tensor in3 = r.input.reshaped({plan.channels, plan.height, plan.width});
        for (int c = 0; c < plan.channels; ++c) {
            OpRequest single;
            single.input = Tensor({plan.height, plan.width},
                                  std::vector<float>(in3.values().begin() + static_cast<long>(c) * plan.height * plan.width,
                                                     in3.values().begin() + static_cast<long>(c + 1) * plan.height * plan.width));
            single.kernel = single.input;
            Trace one;
            one.plan = inner;
            one.plan.channels = one.plan.out_channels = 1;
            traceCorrelation(single, one, single.kernel, Pair{t.pad_top, t.pad_left}, PaddingMode::Zeros,
                             Pair{1, 1}, Pair{1, 1});
            for (TraceStep& s : one.steps) {
                s.out_c = c;
                for (TraceTerm& term : s.terms) term.channel = c;
                t.steps.push_back(std::move(s));
            }
        }
        t.plan = saved;
    } else if (isPooling2d(op)) {
        t.pad_top = r.params.window.padding.h;
        t.pad_left = r.params.window.padding.w;
        t.padded_h = plan.height + 2 * t.pad_top;
        t.padded_w = plan.width + 2 * t.pad_left;
        tracePooling(r, t);
    } else {
        t.padded_h = plan.height;
        t.padded_w = plan.width;
        traceGlobal(r, t);
    }
    t.output = replay(t, t.steps.size());
    return t;
}

Tensor replay(const Trace& trace, std::size_t step_count) {
    const OpPlan& plan = trace.plan;
    Tensor out({plan.out_channels, plan.out_height, plan.out_width}, std::numeric_limits<float>::quiet_NaN());
    for (std::size_t i = 0; i < step_count && i < trace.steps.size(); ++i) {
        const TraceStep& s = trace.steps[i];
        out.at(s.out_c, s.out_y, s.out_x) = s.result;
    }
    return out.reshaped(plan.output_shape);
}

std::vector<std::size_t> stepsReading(const Trace& trace, int channel, int y, int x) {
    std::vector<std::size_t> hits;
    for (std::size_t i = 0; i < trace.steps.size(); ++i)
        for (const TraceTerm& term : trace.steps[i].terms)
            if (term.channel == channel && term.src_y == y && term.src_x == x) {
                hits.push_back(i);
                break;
            }
    return hits;
}

std::size_t stepOfOutput(const Trace& trace, int c, int y, int x) {
    const OpPlan& p = trace.plan;
    if (c < 0 || c >= p.out_channels || y < 0 || y >= p.out_height || x < 0 || x >= p.out_width)
        return static_cast<std::size_t>(-1);
    // Steps are in output order, one per element.
    return (static_cast<std::size_t>(c) * p.out_height + y) * p.out_width + x;
}

}  // namespace cs
