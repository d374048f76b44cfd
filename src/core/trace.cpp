#include "core/trace.h"

#include <cmath>
#include <cstdio>
#include <limits>
#include <string>

#include "core/engine.h"
#include "core/padding.h"
#include "core/signal1d.h"

namespace cs {
namespace {

// The operands of one correlation trace: the input as C x H x W, the kernel
// as banks x kernel_channels x kh x kw, and the source tables of the padded
// (conv_transpose2d: zero-inserted) grid. Depthwise plans use bank 0 for every
// channel unless each channel has its own (autocorrelation: bank c is channel c).
struct CorrelationTerms {
    Tensor in, k;
    std::vector<int> rows, cols;
    Pair stride, dilation;
    bool bank_per_channel = false;
};

void traceCorrelation(const OpRequest& r, Trace& t, const CorrelationTerms& ct) {
    const OpPlan& plan = t.plan;
    const auto& rows = ct.rows;
    const auto& cols = ct.cols;
    const int per_channel = plan.kernel_h * plan.kernel_w;
    const int channels_per_step = plan.kernel_channels;
    const int per_group = plan.out_channels / plan.groups;
    for (int o = 0; o < plan.out_channels; ++o) {
        const int c0 = (o / per_group) * plan.kernel_channels, c1 = c0 + plan.kernel_channels;
        const int bank = plan.depthwise ? (ct.bank_per_channel ? o : 0) : o;
        for (int oy = 0; oy < plan.out_height; ++oy)
            for (int ox = 0; ox < plan.out_width; ++ox) {
                TraceStep s;
                s.out_c = o;
                s.out_y = oy;
                s.out_x = ox;
                s.window_y = oy * ct.stride.h;
                s.window_x = ox * ct.stride.w;
                s.terms.reserve(static_cast<std::size_t>(channels_per_step) * static_cast<std::size_t>(per_channel));
                s.channel_sums.reserve(static_cast<std::size_t>(channels_per_step));
                for (int c = c0; c < c1; ++c) {
                    double channel_sum = 0.0;
                    for (int ky = 0; ky < plan.kernel_h; ++ky)
                        for (int kx = 0; kx < plan.kernel_w; ++kx) {
                            TraceTerm term;
                            term.channel = c;
                            term.py = s.window_y + ky * ct.dilation.h;
                            term.px = s.window_x + kx * ct.dilation.w;
                            term.src_y = rows[static_cast<std::size_t>(term.py)];
                            term.src_x = cols[static_cast<std::size_t>(term.px)];
                            term.ky = ky;
                            term.kx = kx;
                            term.weight = ct.k.at(bank, c - c0, ky, kx);
                            term.value = term.isPadding() ? 0.f : ct.in.at(c, term.src_y, term.src_x);
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
                s.bias = biasOf(r, o);
                s.result = static_cast<float>(sum + s.bias);
                t.steps.push_back(std::move(s));
            }
    }
}

void tracePooling(const OpRequest& r, Trace& t) {
    const OpPlan& plan = t.plan;
    const OpParams& p = r.params;
    const Tensor in = r.input.reshaped({plan.channels, plan.height, plan.width});
    const auto per_step = static_cast<std::size_t>(plan.kernel_h) * static_cast<std::size_t>(plan.kernel_w);
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
                s.terms.reserve(per_step);  // what traceBytes counts; ceil_mode overhang leaves some unused
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
    for (int c = 0; c < plan.channels; ++c) {
        TraceStep s;
        s.out_c = c;
        s.terms.reserve(static_cast<std::size_t>(plan.height) * static_cast<std::size_t>(plan.width));
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
                    // NaN wins and stays, as in max pooling and PyTorch's amax.
                    if (term.product > acc || std::isnan(term.product)) {
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
    for (int i = 0; i < plan.out_width; ++i) {
        TraceStep s;
        s.out_x = i;
        s.lag = plan.first_lag + i;
        const Overlap1d range = overlapAt(op, s.lag, n, len_g);
        s.terms.reserve(static_cast<std::size_t>(range.size()));
        double sum = 0.0;
        for (int m = range.first; m < range.last; ++m) {
            const int j = pairedIndex(op, s.lag, m);
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

TraceGrid traceGrid(const OpPlan& plan) {
    TraceGrid g;
    if (isOneD(plan.op)) {
        g.padded_w = plan.width;
    } else if (plan.op == OpKind::AutoCorr2d) {
        g.pad_top = plan.height - 1;
        g.pad_left = plan.width - 1;
    } else if (isTransposedConv2d(plan.op)) {
        // The zero-inserted grid: its first input cell sits at border (negative: cropped).
        g.pad_top = plan.transposed_h.border;
        g.pad_left = plan.transposed_w.border;
        g.padded_h = plan.transposed_h.grid;
        g.padded_w = plan.transposed_w.grid;
        return g;
    } else if (!isGlobalPool(plan.op)) {
        g.pad_top = plan.axis_h.padding;
        g.pad_left = plan.axis_w.padding;
    }
    if (!isOneD(plan.op)) {
        // padding="same" with an even kernel: one more row / column after the input.
        g.padded_h = plan.height + 2 * g.pad_top + (isCorrelation2d(plan.op) ? plan.axis_h.extra : 0);
        g.padded_w = plan.width + 2 * g.pad_left + (isCorrelation2d(plan.op) ? plan.axis_w.extra : 0);
    }
    return g;
}

double traceBytes(const OpPlan& p) {
    constexpr double kSmall = 1024.0;  // shapes, the plan
    const double steps = static_cast<double>(p.out_channels) * p.out_height * p.out_width;
    const double input = heapBytes(static_cast<double>(p.channels) * p.height * p.width * sizeof(float));
    const double output = heapBytes(static_cast<double>(p.outputCount()) * sizeof(float));
    // Every step reserves its terms in one block; correlations also one block of channel sums.
    double bytes = heapBytes(steps * sizeof(TraceStep)) + planWork(p) * sizeof(TraceTerm) + steps * kHeapOverhead;
    double kernel = 0;  // Trace::kernel_used, plus the working copy it is read through
    const bool banked = isCorrelation2d(p.op) || isTransposedConv2d(p.op);
    if (banked || p.op == OpKind::AutoCorr2d) {
        bytes += steps * heapBytes((banked ? p.kernel_channels : 1) * sizeof(double));
        kernel = banked ? heapBytes(static_cast<double>(p.depthwise ? 1 : p.out_channels) *
                                                   p.kernel_channels * p.kernel_h * p.kernel_w * sizeof(float))
                                       : input;
        const TraceGrid g = traceGrid(p);
        bytes += 2 * kernel + input + heapBytes(g.padded_h * sizeof(int)) + heapBytes(g.padded_w * sizeof(int));
    } else if (isOneD(p.op)) {
        bytes += heapBytes(static_cast<double>(p.kernel_w) * sizeof(float));
    } else {
        bytes += input;
    }
    return bytes + 2 * output + kSmall;  // replay's output, then shaped
}

void checkTraceLimits(const OpPlan& plan) {
    const double terms = planWork(plan), steps = static_cast<double>(plan.out_channels) * plan.out_height * plan.out_width;
    if (terms > static_cast<double>(kMaxTraceTerms)) {
        char text[160];
        std::snprintf(text, sizeof text, "this configuration has %.0f steps and %.0f terms in all: ", steps, terms);
        throw OpError(std::string(text) + "too many to step through (the limit is " + std::to_string(kMaxTraceTerms) +
                      " terms, 2^23). Use a smaller input for the step view.");
    }
    checkDerivedBytes(traceBytes(plan), "the trace of this lesson", "use a smaller input or kernel");
}

Trace buildTrace(const OpRequest& r) {
    Trace t;
    t.plan = planOp(r);
    const OpPlan& plan = t.plan;
    checkTraceLimits(plan);
    const TraceGrid grid = traceGrid(plan);
    t.pad_top = grid.pad_top;
    t.pad_left = grid.pad_left;
    t.padded_h = grid.padded_h;
    t.padded_w = grid.padded_w;
    t.steps.reserve(static_cast<std::size_t>(plan.out_channels) * static_cast<std::size_t>(plan.out_height) *
                    static_cast<std::size_t>(plan.out_width));
    const OpKind op = r.params.op;
    if (isLayer(op)) {
        traceLayer(r, t);  // core/layer_trace.cpp
    } else if (isOneD(op)) {
        t.kernel_used = op == OpKind::AutoCorr1d ? r.input : r.kernel;
        trace1d(r, t);
    } else if (isCorrelation2d(op) || isTransposedConv2d(op)) {
        // conv_transpose2d is traced as conv_arithmetic reads it: a direct
        // correlation, stride 1, over the zero-inserted grid with the flipped kernel.
        CorrelationTerms ct;
        ct.in = r.input.reshaped({plan.channels, plan.height, plan.width});
        ct.k = kernelUsed(r, plan);
        t.kernel_used = op == OpKind::XCorr2d ? r.kernel
                        : op == OpKind::Conv2d || plan.depthwise
                            ? flipKernel(r.kernel)
                            : ct.k.reshaped({plan.out_channels, plan.kernel_channels, plan.kernel_h, plan.kernel_w});
        ct.rows = correlationSources(plan, r.params, true);
        ct.cols = correlationSources(plan, r.params, false);
        ct.stride = isTransposedConv2d(op) ? Pair{1, 1} : r.params.window.stride;
        ct.dilation = r.params.window.dilation;
        traceCorrelation(r, t, ct);
    } else if (op == OpKind::AutoCorr2d) {
        // Each channel slides over its zero-padded self: a depthwise correlation
        // whose kernel for channel c is channel c, stride 1, no dilation.
        t.kernel_used = r.input;
        CorrelationTerms ct;
        ct.in = r.input.reshaped({plan.channels, plan.height, plan.width});
        ct.k = r.input.reshaped({plan.channels, 1, plan.height, plan.width});
        ct.rows = paddedSourceTable(plan.height, t.pad_top, PaddingMode::Zeros);
        ct.cols = paddedSourceTable(plan.width, t.pad_left, PaddingMode::Zeros);
        ct.stride = ct.dilation = Pair{1, 1};
        ct.bank_per_channel = true;
        const OpPlan saved = t.plan;
        t.plan.depthwise = true;
        t.plan.kernel_channels = 1;
        t.plan.groups = plan.channels;
        traceCorrelation(OpRequest{}, t, ct);
        t.plan = saved;
    } else if (isPooling2d(op)) {
        tracePooling(r, t);
    } else {
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
