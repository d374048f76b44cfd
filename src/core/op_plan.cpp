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

void planCorrelation(const OpRequest& r, OpPlan& plan) {
    const OpParams& p = r.params;
    const Tensor& k = r.kernel;
    if (k.rank() < 2 || k.rank() > 4)
        fail("kernel must be a kh x kw matrix or an O x C x kh x kw bank (got rank " + std::to_string(k.rank()) + ").");
    checkTensorSize(k.shape(), "the kernel");
    plan.kernel_h = k.dim(-2);
    plan.kernel_w = k.dim(-1);
    if (k.rank() == 2) {
        plan.depthwise = true;
        plan.kernel_channels = 1;
        plan.out_channels = plan.channels;
        if (!r.bias.empty())
            fail("bias needs a kernel bank O x C x kh x kw (one bias per output channel); a plain kh x kw kernel "
                 "has none.");
    } else {
        plan.out_channels = k.rank() == 4 ? k.dim(0) : 1;
        plan.kernel_channels = k.dim(-3);
        if (plan.kernel_channels != plan.channels)
            fail("the kernel has " + std::to_string(plan.kernel_channels) + " channel(s) but the input has " +
                 std::to_string(plan.channels) + ": every filter needs one kh x kw slice per input channel.");
        if (!r.bias.empty() && static_cast<int>(r.bias.size()) != plan.out_channels)
            fail("bias has " + std::to_string(r.bias.size()) + " value(s) but there are " +
                 std::to_string(plan.out_channels) + " output channel(s): one bias per filter.");
    }
    checkPaddingMode(p, plan.height, plan.width);
    checkSpan(plan.kernel_h, p.window.dilation.h, "rows", "kernel");
    checkSpan(plan.kernel_w, p.window.dilation.w, "columns", "kernel");
    plan.axis_h = computeAxisSize(plan.height, plan.kernel_h, p.window.padding.h, p.window.stride.h, p.window.dilation.h, false);
    plan.axis_w = computeAxisSize(plan.width, plan.kernel_w, p.window.padding.w, p.window.stride.w, p.window.dilation.w, false);
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
    if (isCorrelation2d(p.op) && !p.depthwise) return outputs * per_output * p.kernel_channels;
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
    if (isCorrelation2d(p.op)) {
        const double kernel =
            heapBytes(static_cast<double>(p.depthwise ? 1 : p.out_channels) * p.kernel_channels * p.kernel_h * p.kernel_w *
                      sizeof(float));
        bytes += kernel * (p.op == OpKind::Conv2d ? 2 : 1);  // flipped, then reshaped
        bytes += heapBytes(static_cast<double>(p.height + 2.0 * p.axis_h.padding) * sizeof(int)) +
                 heapBytes(static_cast<double>(p.width + 2.0 * p.axis_w.padding) * sizeof(int));
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
