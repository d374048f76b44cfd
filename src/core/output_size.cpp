#include "core/output_size.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace cs {
namespace {
// "1 row", "2 rows": axis nouns arrive in the plural.
std::string count(int n, const std::string& plural_noun) {
    std::string noun = plural_noun;
    if (n == 1 && !noun.empty() && noun.back() == 's') noun.pop_back();
    return std::to_string(n) + " " + noun;
}

// At most two decimals, trailing zeros dropped: "1.5", "1.33", "2". Six
// significant digits ("1.33333") are more than a student reads at a glance.
std::string twoDecimals(double v) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.2f", v);
    std::string s = buf;
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
    return s == "-0" ? "0" : s;
}

// What floor drops, exactly: "0.5", "0.25", else the fraction "1/3" (a
// decimal like 0.333333 is neither exact nor short).
std::string strideFraction(long long remainder, long long stride) {
    const double f = static_cast<double>(remainder) / static_cast<double>(stride);
    const std::string d = twoDecimals(f);
    if (std::fabs(std::stod(d) - f) < 1e-12) return d;
    return std::to_string(remainder) + "/" + std::to_string(stride);
}
}  // namespace

std::string formatNumber(double v) {
    if (std::isnan(v)) return "nan";
    if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
    if (v == 0.0) return "0";  // no "-0" on screen
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
}

AxisSize computeAxisSize(int n, int kernel, int padding, int stride, int dilation, bool ceil_mode, int extra) {
    AxisSize a;
    a.n = n;
    a.kernel = kernel;
    a.padding = padding;
    a.extra = extra;
    a.stride = stride;
    a.dilation = dilation;
    a.ceil_mode = ceil_mode;
    a.effective_kernel = dilation * (kernel - 1) + 1;
    a.numerator = n + 2 * padding + extra - a.effective_kernel;
    a.quotient = static_cast<double>(a.numerator) / stride;
    // Rounds toward -inf like PyTorch's div_rtn: in ceil_mode a window wider than
    // the padded input still gives one (overhanging) output.
    // In 64 bits: numerator + stride - 1 overflows int for a stride near INT_MAX.
    const auto floorDiv = [](long long x, long long y) { return x >= 0 ? x / y : -((-x + y - 1) / y); };
    a.out = static_cast<int>(
        (ceil_mode ? floorDiv(static_cast<long long>(a.numerator) + stride - 1, stride) : floorDiv(a.numerator, stride)) +
        1);
    if (a.out < 1) {
        a.out = 0;
        return a;
    }
    if (ceil_mode && static_cast<long long>(a.out - 1) * stride >= static_cast<long long>(n) + padding) {
        --a.out;  // PyTorch: the last window must start inside the input or the left padding
        a.last_window_dropped = true;
    }
    a.last_window_start = (a.out - 1) * stride;
    const int last_end = a.last_window_start + a.effective_kernel;  // one past
    const int padded = a.padded();
    if (last_end <= padded) {
        a.unused = padded - last_end;
        // Padded positions [last_end, padded): the real input ends at padding + n.
        a.unused_input = std::max(0, std::min(padding + n, padded) - std::max(last_end, padding));
    } else {
        a.overhang = last_end - padded;
    }
    return a;
}

std::string AxisSize::formula() const {
    const char* fn = ceil_mode ? "ceil" : "floor";
    std::string k = std::to_string(effective_kernel);
    std::string s = std::string(fn) + "((" + std::to_string(n) + " + 2*" + std::to_string(padding) +
                    (extra > 0 ? " + " + std::to_string(extra) : std::string()) + " - " + k + ") / " +
                    std::to_string(stride) + ") + 1";
    if (out < 1) return s + " : " + std::to_string(numerator) + " < 0, no window fits";
    const int rounded = out - 1 + (last_window_dropped ? 1 : 0);
    s += " = " + std::string(fn) + "(" + twoDecimals(quotient) + ") + 1 = " + std::to_string(rounded + 1);
    if (last_window_dropped) s += " - 1 (last window would start in the right padding) = " + std::to_string(out);
    return s;
}

std::string AxisSize::explanation(const std::string& axis_noun) const {
    if (out < 1) {
        return "The window spans " + std::to_string(effective_kernel) + " " + axis_noun + " but the padded input has only " +
               std::to_string(padded()) + ".";
    }
    std::string e;
    if (dilation > 1)
        e += "Dilation " + std::to_string(dilation) + " spreads the " + std::to_string(kernel) + " taps over " +
             std::to_string(effective_kernel) + " " + axis_noun + ". ";
    const long long remainder = ((static_cast<long long>(numerator) % stride) + stride) % stride;
    if (!ceil_mode && remainder > 0)
        e += "floor drops " + strideFraction(remainder, stride) + " of a stride: ";
    if (overhang > 0) {
        e += "ceil_mode lets the last window hang " + count(overhang, axis_noun) +
             " past the padded input (those positions are ignored).";
    } else if (unused > 0) {
        e += "the last window leaves " + count(unused, axis_noun) + " of the padded input unused";
        if (unused_input > 0)
            e += " (" + std::to_string(unused_input) + " of them real input, never seen by any window).";
        else
            e += " (all padding).";
    } else {
        e += "the windows reach exactly the end of the padded input.";
    }
    if (last_window_dropped) e += " PyTorch drops a last window that would start in the right padding.";
    return e;
}

TransposedAxis computeTransposedAxis(int n, int kernel, int stride, int padding, int output_padding, int dilation) {
    TransposedAxis a;
    a.n = n;
    a.kernel = kernel;
    a.stride = stride;
    a.padding = padding;
    a.output_padding = output_padding;
    a.dilation = dilation;
    // In 64 bits: (n-1)s reaches 2^48 for the largest n and stride.
    const long long span = static_cast<long long>(dilation) * (kernel - 1);
    const long long spread = static_cast<long long>(n - 1) * stride + 1;
    const long long grid = spread + 2 * (span - padding) + output_padding;
    const long long out = grid - span;
    const auto clampInt = [](long long v) { return static_cast<int>(std::clamp(v, -(1LL << 30), 1LL << 30)); };
    a.spread = clampInt(spread);
    a.border = clampInt(span - padding);
    a.grid = clampInt(grid);
    a.out = out < 1 ? 0 : clampInt(out);
    return a;
}

std::string TransposedAxis::formula() const {
    const std::string value = std::to_string(static_cast<long long>(n - 1) * stride - 2LL * padding +
                                             static_cast<long long>(dilation) * (kernel - 1) + output_padding + 1);
    return "(" + std::to_string(n) + "-1)*" + std::to_string(stride) + " - 2*" + std::to_string(padding) + " + " +
           std::to_string(dilation) + "*(" + std::to_string(kernel) + "-1) + " + std::to_string(output_padding) +
           " + 1 = " + value;
}

int TransposedAxis::source(int g) const {
    if (g < 0 || g >= grid) return -1;
    const int u = g - border;  // position in the spread input
    if (u < 0 || u >= spread || u % stride != 0) return -1;
    return u / stride;
}

}  // namespace cs
