#include "core/op_plan.h"

#include <algorithm>
#include <cstdio>
#include <cmath>

#include "core/layer_plan.h"

namespace cs {
namespace {

[[noreturn]] void fail(const std::string& message) { throw OpError(message); }

std::string pairText(const Pair& p) {
    return p.h == p.w ? std::to_string(p.h) : "[" + std::to_string(p.h) + ", " + std::to_string(p.w) + "]";
}

void checkCommon(const OpParams& p) {
    // Before stride: a pooling stride defaults to kernel_size, so kernel_size 0
    // would otherwise be reported as "stride must be at least 1".
    if (isPooling2d(p.op) && (p.pool.kernel_size.h < 1 || p.pool.kernel_size.w < 1))
        fail("kernel_size must be at least 1 (got " + pairText(p.pool.kernel_size) + ").");
    if (p.window.stride.h < 1 || p.window.stride.w < 1) fail("stride must be at least 1 (got " + pairText(p.window.stride) + ").");
    if (p.window.dilation.h < 1 || p.window.dilation.w < 1) fail("dilation must be at least 1 (got " + pairText(p.window.dilation) + ").");
    if (p.window.padding.h < 0 || p.window.padding.w < 0) fail("padding cannot be negative (got " + pairText(p.window.padding) + ").");
    // Bounds keep every size below in int range (n + 2p, d(k-1) + 1): no input
    // side exceeds kMaxElements, so larger values never mean anything.
    const auto limit = static_cast<int>(kMaxElements);
    if (p.window.padding.h > limit || p.window.padding.w > limit)
        fail("padding " + pairText(p.window.padding) + " is larger than any input can be (" + std::to_string(limit) +
             ", 2^24).");
}

// The span d(k-1) + 1 of a window, computed without overflow and refused past
// the 2^24 limit before computeAxisSize works in int.
void checkSpan(int kernel, int dilation, const char* axis_noun, const char* window_noun) {
    const long long span = static_cast<long long>(dilation) * (kernel - 1) + 1;
    if (span > static_cast<long long>(kMaxElements))
        fail(std::string("the ") + window_noun + " spans " + std::to_string(span) + " " + axis_noun + " (" +
             std::to_string(kernel) + " taps, dilation " + std::to_string(dilation) + "), more than the " +
             std::to_string(kMaxElements) + " (2^24) any input can have.");
}

void checkWindowFits(const AxisSize& a, const char* axis_noun, const char* window_noun) {
    if (a.valid()) return;
    std::string msg = std::string("the ") + window_noun + " spans " + std::to_string(a.effective_kernel) + " " +
                      axis_noun;
    if (a.dilation > 1)
        msg += " (" + std::to_string(a.kernel) + " taps, dilation " + std::to_string(a.dilation) + ")";
    msg += " but the padded input has only " + std::to_string(a.n + 2 * a.padding) + " (" + std::to_string(a.n) +
           " + 2*" + std::to_string(a.padding) + "): no window fits.";
    fail(msg);
}

// The padding mode's own limit (op table): reflect below the side, circular at most the side.
void checkPaddingMode(const OpParams& p, int h, int w) {
    const PaddingMode mode = p.correlation.padding_mode;
    const Pair& pad = p.window.padding;
    if (paddingFits(mode, pad.h, h) && paddingFits(mode, pad.w, w)) return;
    const PaddingModeInfo& info = paddingModeInfo(mode);
    fail(std::string(info.name) +
         (info.limit == PadLimit::BelowSide ? " padding must be smaller than the input side"
                                            : " padding cannot exceed the input side") +
         ": padding " + pairText(pad) + " on a " + std::to_string(h) + " x " + std::to_string(w) + " input " +
         std::string(info.limit_text) + ".");
}

// The padding mode's own limit (op table) on the padding after the input too
// (padding="same" adds one more there for an even dilated kernel).
void checkPaddingAfter(const OpParams& p, const AxisSize& h, const AxisSize& w) {
    if (h.extra == 0 && w.extra == 0) return;
    const PaddingMode mode = p.correlation.padding_mode;
    if (paddingFits(mode, h.padding + h.extra, h.n) && paddingFits(mode, w.padding + w.extra, w.n)) return;
    fail(std::string(paddingModeName(mode)) + " padding=\"same\" needs " + std::to_string(h.padding + h.extra) +
         " x " + std::to_string(w.padding + w.extra) + " cells after a " + std::to_string(h.n) + " x " +
         std::to_string(w.n) + " input, " + std::string(paddingModeInfo(mode).limit_text) + ".");
}

// groups: C_in and the output channels split evenly, each filter reading its group's slice.
void checkGroups(int groups, int channels, int out_channels, const char* out_what) {
    if (groups < 1) fail("groups must be at least 1 (got " + std::to_string(groups) + ").");
    if (channels % groups != 0)
        fail("groups " + std::to_string(groups) + " does not divide the input's " + std::to_string(channels) +
             " channel(s): each group needs the same number of input channels.");
    if (out_channels % groups != 0)
        fail("groups " + std::to_string(groups) + " does not divide the " + std::to_string(out_channels) + " " +
             out_what + ": each group needs the same number of filters.");
}

// A plain kh x kw kernel is one filter applied to every channel on its own:
// groups may only say so (1, or the channel count), and its bias is one number.
void planPlainKernel(const OpRequest& r, OpPlan& plan) {
    const int groups = r.params.correlation.groups;
    if (groups < 1) fail("groups must be at least 1 (got " + std::to_string(groups) + ").");
    if (groups != 1 && groups != plan.channels)
        fail("groups " + std::to_string(groups) + " needs a kernel bank; a plain kh x kw kernel is applied to each of "
             "the " + std::to_string(plan.channels) + " channel(s) on its own (groups 1 or " +
             std::to_string(plan.channels) + ").");
    plan.depthwise = true;
    plan.kernel_channels = 1;
    plan.out_channels = plan.channels;
    plan.groups = plan.channels;
    if (r.bias.size() > 1)
        fail("bias has " + std::to_string(r.bias.size()) + " values but a plain kh x kw kernel is one filter: give one "
             "bias, or a kernel bank with one filter per output channel.");
}

void checkBankBias(const OpRequest& r, const OpPlan& plan) {
    if (!r.bias.empty() && static_cast<int>(r.bias.size()) != plan.out_channels)
        fail("bias has " + std::to_string(r.bias.size()) + " value(s) but there are " +
             std::to_string(plan.out_channels) + " output channel(s): one bias per filter.");
}

// padding="same" / "valid" resolved into AxisSize's padding and extra.
AxisSize correlationAxis(const OpParams& p, int n, int kernel, int padding, int stride, int dilation) {
    if (p.correlation.padding_rule == PaddingRule::Valid) return computeAxisSize(n, kernel, 0, stride, dilation, false);
    if (p.correlation.padding_rule == PaddingRule::Same) {
        const int total = dilation * (kernel - 1);
        return computeAxisSize(n, kernel, total / 2, stride, dilation, false, total % 2);
    }
    return computeAxisSize(n, kernel, padding, stride, dilation, false);
}

void planCorrelation(const OpRequest& r, OpPlan& plan) {
    const OpParams& p = r.params;
    const Tensor& k = r.kernel;
    if (k.rank() < 2 || k.rank() > 4)
        fail("kernel must be a kh x kw matrix or an O x C x kh x kw bank (got rank " + std::to_string(k.rank()) + ").");
    checkTensorSize(k.shape(), "the kernel");
    plan.kernel_h = k.dim(-2);
    plan.kernel_w = k.dim(-1);
    if (k.rank() == 2) {
        planPlainKernel(r, plan);
    } else {
        const int groups = p.correlation.groups;
        plan.out_channels = k.rank() == 4 ? k.dim(0) : 1;
        plan.kernel_channels = k.dim(-3);
        checkGroups(groups, plan.channels, plan.out_channels, "filters (the kernel's first axis)");
        plan.groups = groups;
        if (plan.kernel_channels * groups != plan.channels)
            fail("the kernel has " + std::to_string(plan.kernel_channels) + " channel(s) but the input has " +
                 std::to_string(plan.channels) +
                 (groups == 1 ? std::string(": every filter needs one kh x kw slice per input channel.")
                              : " in " + std::to_string(groups) + " groups: every filter needs one kh x kw slice per "
                                "channel of its group (" + std::to_string(plan.channels / groups) + ")."));
        checkBankBias(r, plan);
    }
    if (p.correlation.padding_rule != PaddingRule::Explicit && (p.window.padding.h != 0 || p.window.padding.w != 0))
        fail("padding is either a size or \"same\" / \"valid\", not both.");
    if (p.correlation.padding_rule == PaddingRule::Same && (p.window.stride.h != 1 || p.window.stride.w != 1))
        fail("padding=\"same\" needs stride 1 (got " + pairText(p.window.stride) +
             "): with a larger stride no padding keeps the size, and PyTorch refuses it too.");
    checkSpan(plan.kernel_h, p.window.dilation.h, "rows", "kernel");
    checkSpan(plan.kernel_w, p.window.dilation.w, "columns", "kernel");
    plan.axis_h = correlationAxis(p, plan.height, plan.kernel_h, p.window.padding.h, p.window.stride.h, p.window.dilation.h);
    plan.axis_w = correlationAxis(p, plan.width, plan.kernel_w, p.window.padding.w, p.window.stride.w, p.window.dilation.w);
    OpParams resolved = p;
    resolved.window.padding = {plan.axis_h.padding, plan.axis_w.padding};
    checkPaddingMode(resolved, plan.height, plan.width);
    checkPaddingAfter(p, plan.axis_h, plan.axis_w);
    checkWindowFits(plan.axis_h, "rows", "kernel");
    checkWindowFits(plan.axis_w, "columns", "kernel");
    plan.out_height = plan.axis_h.out;
    plan.out_width = plan.axis_w.out;
    const bool plain = r.input.rank() == 2 && k.rank() == 2;
    if (plain)
        plan.output_shape = {plan.out_height, plan.out_width};
    else
        plan.output_shape = {plan.out_channels, plan.out_height, plan.out_width};
}

void checkOutputPadding(const Pair& op, const Pair& stride, const Pair& dilation) {
    if (op.h < 0 || op.w < 0) fail("output_padding cannot be negative (got " + pairText(op) + ").");
    const auto fits = [](int o, int s, int d) { return o < s || o < d; };
    if (!fits(op.h, stride.h, dilation.h) || !fits(op.w, stride.w, dilation.w))
        fail("output_padding must be smaller than either stride or dilation (PyTorch's rule): output_padding " +
             pairText(op) + " with stride " + pairText(stride) + " and dilation " + pairText(dilation) +
             ". It only picks among the output sizes a stride leaves open.");
}

// conv_transpose2d: PyTorch's weight C_in x C_out/groups x kh x kw (or a plain
// kh x kw kernel per channel), planned as the direct correlation the engines
// run over the zero-inserted grid (TransposedAxis).
void planTransposed(const OpRequest& r, OpPlan& plan) {
    const OpParams& p = r.params;
    const Tensor& k = r.kernel;
    if (k.rank() != 2 && k.rank() != 4)
        fail("conv_transpose2d's kernel is a kh x kw matrix or a C_in x C_out/groups x kh x kw bank (PyTorch's weight "
             "layout); got rank " + std::to_string(k.rank()) + ".");
    checkTensorSize(k.shape(), "the kernel");
    plan.kernel_h = k.dim(-2);
    plan.kernel_w = k.dim(-1);
    if (k.rank() == 2) {
        planPlainKernel(r, plan);
    } else {
        const int groups = p.correlation.groups;
        if (k.dim(0) != plan.channels)
            fail("the kernel's first axis has " + std::to_string(k.dim(0)) + " entries but the input has " +
                 std::to_string(plan.channels) + " channel(s): conv_transpose2d's kernel is C_in x C_out/groups x kh x "
                 "kw (PyTorch's weight layout), one slice per input channel.");
        if (groups < 1) fail("groups must be at least 1 (got " + std::to_string(groups) + ").");
        plan.out_channels = k.dim(1) * groups;
        checkGroups(groups, plan.channels, plan.out_channels, "output channels");
        plan.groups = groups;
        plan.kernel_channels = plan.channels / groups;
        checkBankBias(r, plan);
    }
    checkOutputPadding(p.transposed.output_padding, p.window.stride, p.window.dilation);
    checkSpan(plan.kernel_h, p.window.dilation.h, "rows", "kernel");
    checkSpan(plan.kernel_w, p.window.dilation.w, "columns", "kernel");
    const Pair& s = p.window.stride;
    const Pair& d = p.window.dilation;
    const Pair& pad = p.window.padding;
    plan.transposed_h = computeTransposedAxis(plan.height, plan.kernel_h, s.h, pad.h, p.transposed.output_padding.h, d.h);
    plan.transposed_w = computeTransposedAxis(plan.width, plan.kernel_w, s.w, pad.w, p.transposed.output_padding.w, d.w);
    for (const auto& [a, noun] : {std::pair{plan.transposed_h, "rows"}, std::pair{plan.transposed_w, "columns"}})
        if (!a.valid())
            fail(std::string("the output would have no ") + noun + ": " + a.formula() +
                 " (padding takes away more than the spread input and the kernel give).");
    // Sizes past 2^24 (clamped by computeTransposedAxis) fail the output check in planOp.
    plan.axis_h = computeAxisSize(plan.transposed_h.grid, plan.kernel_h, 0, 1, d.h, false);
    plan.axis_w = computeAxisSize(plan.transposed_w.grid, plan.kernel_w, 0, 1, d.w, false);
    plan.out_height = plan.axis_h.out;
    plan.out_width = plan.axis_w.out;
    if (r.input.rank() == 2 && k.rank() == 2)
        plan.output_shape = {plan.out_height, plan.out_width};
    else
        plan.output_shape = {plan.out_channels, plan.out_height, plan.out_width};
}

void planPooling(const OpRequest& r, OpPlan& plan) {
    const OpParams& p = r.params;
    if (p.pool.kernel_size.h < 1 || p.pool.kernel_size.w < 1)
        fail("kernel_size must be at least 1 (got " + pairText(p.pool.kernel_size) + ").");
    if (!hasField(p.op, OpField::Dilation) && (p.window.dilation.h != 1 || p.window.dilation.w != 1))
        fail(std::string(opName(p.op)) + " has no dilation (only max pooling does).");
    if (p.op == OpKind::LpPool2d) {
        if (!hasField(p.op, OpField::Padding) && (p.window.padding.h != 0 || p.window.padding.w != 0))
            fail("lppool2d has no padding (PyTorch's lp_pool2d takes none).");
        if (!std::isfinite(p.pool.norm_type) || p.pool.norm_type <= 0)
            fail("norm_type must be a positive number (2 is L2 pooling).");
    }
    if (p.window.padding.h * 2 > p.pool.kernel_size.h || p.window.padding.w * 2 > p.pool.kernel_size.w)
        fail("pooling padding must be at most half the window: padding " + pairText(p.window.padding) + " with kernel_size " +
             pairText(p.pool.kernel_size) + " (PyTorch's rule; a window could otherwise see only padding).");
    plan.kernel_h = p.pool.kernel_size.h;
    plan.kernel_w = p.pool.kernel_size.w;
    plan.out_channels = plan.channels;
    checkSpan(p.pool.kernel_size.h, p.window.dilation.h, "rows", "pooling window");
    checkSpan(p.pool.kernel_size.w, p.window.dilation.w, "columns", "pooling window");
    plan.axis_h = computeAxisSize(plan.height, p.pool.kernel_size.h, p.window.padding.h, p.window.stride.h, p.window.dilation.h, p.pool.ceil_mode);
    plan.axis_w = computeAxisSize(plan.width, p.pool.kernel_size.w, p.window.padding.w, p.window.stride.w, p.window.dilation.w, p.pool.ceil_mode);
    checkWindowFits(plan.axis_h, "rows", "pooling window");
    checkWindowFits(plan.axis_w, "columns", "pooling window");
    plan.out_height = plan.axis_h.out;
    plan.out_width = plan.axis_w.out;
}

void plan1d(const OpRequest& r, OpPlan& plan) {
    const OpKind op = r.params.op;
    if (r.input.rank() != 1) fail("f must be a flat list of numbers, like [1, 2, 3].");
    checkTensorSize(r.input.shape(), "f");
    const int n = r.input.dim(0);
    int m = n;
    if (op != OpKind::AutoCorr1d) {
        if (r.kernel.rank() != 1) fail("g must be a flat list of numbers, like [1, 0.5].");
        checkTensorSize(r.kernel.shape(), "g");
        m = r.kernel.dim(0);
    }
    plan.channels = plan.height = plan.out_channels = plan.out_height = 1;
    plan.width = n;
    plan.kernel_w = m;
    plan.full_length = n + m - 1;
    int length = plan.full_length;
    switch (r.params.signal.mode) {
    case Mode1d::Full: break;
    case Mode1d::Same:
        // numpy.convolve keeps max(n, m); scipy.signal.correlate(in1, in2) keeps len(in1),
        // which is g for xcorr1d (= correlate(g, f)) and f for autocorrelation.
        length = op == OpKind::Conv1d ? std::max(n, m) : m;
        break;
    case Mode1d::Valid: length = std::max(n, m) - std::min(n, m) + 1; break;
    }
    plan.offset = r.params.signal.mode == Mode1d::Valid ? std::min(n, m) - 1 : (plan.full_length - length) / 2;
    plan.out_width = length;
    plan.first_lag = (op == OpKind::Conv1d ? 0 : -(n - 1)) + plan.offset;
    plan.output_shape = {length};
    // n + m - 1 reaches 2^25 - 1 when f and g are both at the limit.
    checkTensorSize(plan.output_shape, "the output");
}

// Terms of the full 1-D result at indices [0, x): entry k has
// min(k + 1, s, L - k) terms (s = min(n, m), L = n + m - 1), a ramp up, a
// plateau and a ramp down, symmetric about the middle; the whole sums to n * m.
double overlapPrefix(long long n, long long m, long long x) {
    const long long s = std::min(n, m), L = n + m - 1;
    const auto tri = [](long long j) { return static_cast<double>(j) * static_cast<double>(j + 1) / 2.0; };
    if (x <= s) return tri(x);
    if (L - x < s) return static_cast<double>(n) * static_cast<double>(m) - tri(L - x);
    return tri(s) + static_cast<double>(x - s) * static_cast<double>(s);
}

double elements(const OpPlan& p) { return static_cast<double>(p.channels) * p.height * p.width; }

void checkBytes(const OpPlan& plan) {
    checkDerivedBytes(planBytes(plan), "computing this request", "use a smaller input, kernel or padding");
}

void checkWork(const OpPlan& plan) {
    const double work = planWork(plan);
    if (work <= kMaxWork) return;
    char amount[64];
    std::snprintf(amount, sizeof amount, "%.3g", work);
    fail(std::string("this request needs about ") + amount +
         " multiply-adds; the limit is about 1.7e10 (2^34, tens of seconds on one core). "
         "Use a smaller input or kernel.");
}

}  // namespace

std::vector<int> correlationSources(const OpPlan& plan, const OpParams& params, bool rows) {
    const AxisSize& a = rows ? plan.axis_h : plan.axis_w;
    if (isTransposedConv2d(plan.op)) {
        const TransposedAxis& t = rows ? plan.transposed_h : plan.transposed_w;
        std::vector<int> table(static_cast<std::size_t>(t.grid));
        for (int g = 0; g < t.grid; ++g) table[static_cast<std::size_t>(g)] = t.source(g);
        return table;
    }
    return paddedSourceTable(a.n, a.padding, a.padding + a.extra, params.correlation.padding_mode);
}

void checkTensorSize(const std::vector<int>& shape, const char* what) {
    for (int d : shape)
        if (d < 1) fail(std::string(what) + " is empty (shape " + shapeToString(shape) + ").");
    if (elementCount(shape) > kMaxElements)
        fail(std::string(what) + " has " + std::to_string(elementCount(shape)) + " elements; the limit is " +
             std::to_string(kMaxElements) + " (2^24).");
}

double planWork(const OpPlan& p) {
    const double outputs = static_cast<double>(p.out_channels) * p.out_height * p.out_width;
    if (isOneD(p.op))  // the kept slice [offset, offset + out_width) of the full result
        return overlapPrefix(p.width, p.kernel_w, static_cast<long long>(p.offset) + p.out_width) -
               overlapPrefix(p.width, p.kernel_w, p.offset);
    const double per_output = static_cast<double>(p.kernel_h) * p.kernel_w;
    if ((isCorrelation2d(p.op) || isTransposedConv2d(p.op)) && !p.depthwise) return outputs * per_output * p.kernel_channels;
    return outputs * per_output;
}

double heapBytes(double n) { return n > 0 ? n + kHeapOverhead : 0.0; }

std::string formatBytes(double bytes) {
    static const char* const units[] = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    int u = 0;
    while (u < 6 && bytes >= 1024.0) {
        bytes /= 1024.0;
        ++u;
    }
    char text[64];
    std::snprintf(text, sizeof text, "%.3g %s", bytes, units[u]);
    return text;
}

void checkDerivedBytes(double bytes, const std::string& what, const std::string& advice) {
    if (bytes <= kMaxDerivedBytes) return;
    fail(what + " would take " + formatBytes(bytes) + "; the limit is " + formatBytes(kMaxDerivedBytes) + ": " +
         advice + ".");
}

double planBytes(const OpPlan& p) {
    constexpr double kSmall = 1024.0;  // shapes, plans: a few small blocks
    const double input = heapBytes(elements(p) * sizeof(float));
    const double output = heapBytes(static_cast<double>(p.outputCount()) * sizeof(float));
    if (isOneD(p.op)) return output + kSmall;  // f and g are read in place
    double bytes = input + 2 * output + kSmall;  // the input reshaped; the output, then shaped
    if (isCorrelation2d(p.op) || isTransposedConv2d(p.op)) {
        const double kernel =
            heapBytes(static_cast<double>(p.depthwise ? 1 : p.out_channels) * p.kernel_channels * p.kernel_h * p.kernel_w *
                      sizeof(float));
        bytes += kernel * 2;  // kernelUsed's copy (flipped, transposed), then reshaped
        bytes += heapBytes(static_cast<double>(p.axis_h.padded()) * sizeof(int)) +
                 heapBytes(static_cast<double>(p.axis_w.padded()) * sizeof(int));
    }
    return bytes;
}

OpPlan planOp(const OpRequest& r) {
    OpPlan plan;
    plan.op = r.params.op;
    checkCommon(r.params);
    if (isLayer(r.params.op)) {
        planLayer(r, plan);  // core/layer_plan.cpp
        checkWork(plan);
        return plan;
    }
    if (isOneD(r.params.op)) {
        plan1d(r, plan);
        checkWork(plan);
        checkBytes(plan);
        return plan;
    }
    if (r.input.rank() != 2 && r.input.rank() != 3)
        fail("input must be a matrix (H x W) or a stack of channels (C x H x W); got rank " +
             std::to_string(r.input.rank()) + ".");
    checkTensorSize(r.input.shape(), "the input");
    plan.channels = r.input.rank() == 3 ? r.input.dim(0) : 1;
    plan.height = r.input.dim(-2);
    plan.width = r.input.dim(-1);

    const OpKind op = r.params.op;
    if (isCorrelation2d(op)) {
        planCorrelation(r, plan);
    } else if (isTransposedConv2d(op)) {
        planTransposed(r, plan);
    } else if (isPooling2d(op)) {
        planPooling(r, plan);
    } else if (op == OpKind::AutoCorr2d) {
        plan.out_channels = plan.channels;
        plan.kernel_h = plan.height;
        plan.kernel_w = plan.width;
        plan.out_height = 2 * plan.height - 1;
        plan.out_width = 2 * plan.width - 1;
    } else {  // global pools
        plan.out_channels = plan.channels;
        plan.kernel_h = plan.height;
        plan.kernel_w = plan.width;
        plan.out_height = plan.out_width = 1;
    }
    if (plan.output_shape.empty()) {
        if (r.input.rank() == 2)
            plan.output_shape = {plan.out_height, plan.out_width};
        else
            plan.output_shape = {plan.out_channels, plan.out_height, plan.out_width};
    }
    checkTensorSize(plan.output_shape, "the output");
    checkWork(plan);
    checkBytes(plan);
    return plan;
}

}  // namespace cs
