#include "core/step_text.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace cs {
namespace {

bool isWhole(double v) { return v == std::round(v) && std::fabs(v) < 1e7; }

// "^(1/2)"-style root suffix; p = 2 is written with √ before the parenthesis.
std::string rootSuffix(double p) { return p == 2.0 ? "" : "^(1/" + stepNumber(p) + ")"; }

std::string cells(double n) { return stepNumber(n) + (n == 1.0 ? " cell" : " cells"); }

}  // namespace

std::string stepNumber(double v, const TextSigns& signs) {
    if (std::isnan(v)) return "?";
    char buf[48];
    if (isWhole(v)) {
        std::snprintf(buf, sizeof buf, "%.0f", v == 0.0 ? 0.0 : v);
    } else {
        std::snprintf(buf, sizeof buf, "%.3f", v);
        std::string s = buf;
        while (!s.empty() && s.back() == '0') s.pop_back();
        if (!s.empty() && s.back() == '.') s.pop_back();
        std::snprintf(buf, sizeof buf, "%s", s == "-0" ? "0" : s.c_str());
    }
    std::string s = buf;
    if (s[0] == '-') s = std::string(signs.minus) + s.substr(1);
    return s;
}

std::string lpOpen(double p) { return p == 2.0 ? "\u221a(" : "("; }

std::string lpPower(double p) {
    if (p == 2.0) return "\u00b2";
    if (p == 3.0) return "\u00b3";
    return "^" + stepNumber(p);
}

std::string lpTail(double p, const LpSum& s, const TextSigns& signs) {
    const std::string root = rootSuffix(p);
    std::string t = ")" + root + " = ";
    // Written as a value under the root: √46, or 46^(1/3).
    auto rooted = [&](const std::string& inner, bool needs_parens) {
        if (p == 2.0) return "\u221a" + (needs_parens ? "(" + inner + ")" : inner);
        return (needs_parens ? "(" + inner + ")" : inner) + root;
    };
    if (s.divisor != s.scale) {
        t += rooted(stepNumber(s.sum, signs) + " / " + stepNumber(s.divisor, signs) + " " + std::string(signs.times) + " " +
                        stepNumber(s.scale, signs),
                    true) +
             " = ";
        t += rooted(stepNumber(s.sum / s.divisor * s.scale, signs), false) + " = ";
    } else {
        t += rooted(stepNumber(s.sum, signs), s.sum < 0) + " = ";
    }
    return t;
}

std::string lpNote(double p, const LpSum& s, const TextSigns& signs) {
    std::string n = p == 2.0 ? "L2 pooling: square every value, add, take the square root."
                             : "Lp pooling (p = " + stepNumber(p) + "): raise every value to the power p, add, take the p-th root.";
    if (s.divisor != s.scale)
        n += " This window has only " + cells(s.divisor) + " inside the input: PyTorch takes the mean of the powers (" +
             "/ " + stepNumber(s.divisor, signs) + ") and multiplies by the window's " + cells(s.scale) + " (" +
             std::string(signs.times) + " " + stepNumber(s.scale, signs) +
             "), as if the missing cells held that mean.";
    return n;
}

std::string poolWindowTitle(OpKind op, double p) {
    if (op != OpKind::LpPool2d) return std::string(opInfo(op).kernel_title);
    if (isWhole(p) && p >= 1) return "Window (L" + stepNumber(p) + ")";
    return "Window (Lp, p = " + stepNumber(p) + ")";
}

std::string avgPadNote(bool count_include_pad, double divisor, int real) {
    if (count_include_pad)
        return "The divisor counts the padding cells too (count_include_pad is on): " + cells(divisor) + ", of which " +
               std::to_string(real) + (real == 1 ? " is real." : " are real.");
    return "The divisor counts only the real input cells (count_include_pad is off): " + stepNumber(divisor) + ".";
}

const char* fittingFormat(double v, float room, const std::function<float(const char*)>& width) {
    static const char* const kForms[] = {"%.3g", "%.2g", "%.1g", "%.0e"};
    char buf[48];
    for (const char* form : kForms) {
        std::snprintf(buf, sizeof buf, form, v);
        if (width(buf) <= room) return form;
    }
    return kForms[3];
}

std::string compareNote(OpKind op, bool symmetric, const std::string& cell, double here, double other,
                        const TextSigns& signs) {
    if (symmetric)
        return "The two outputs are the same: convolution turns the kernel half a turn before it slides, and this "
               "kernel reads the same after the turn, so every cell meets the same weight either way.";
    const bool conv = op == OpKind::Conv2d;
    const double corr_value = conv ? other : here, conv_value = conv ? here : other;
    if (corr_value == conv_value)
        return "Convolution turns the kernel half a turn before sliding it, so the same window meets other weights; "
               "at " + cell + " both happen to give " + stepNumber(here, signs) + ".";
    return "Convolution turns the kernel half a turn before sliding it, so the same window meets other weights: " + cell +
           " is " + stepNumber(corr_value, signs) + " by cross-correlation and " + stepNumber(conv_value, signs) +
           " by convolution.";
}

ChannelSpan channelsSeen(const OpPlan& plan, int o) {
    const int groups = std::max(plan.groups, 1);
    const int per_group = std::max(plan.out_channels / groups, 1);
    ChannelSpan span;
    span.group = o / per_group;
    span.first = span.group * plan.kernel_channels;
    span.last = span.first + plan.kernel_channels - 1;
    if (groups == 1) span = {0, plan.channels - 1, 0};
    return span;
}

std::string groupNote(const OpPlan& plan, int o) {
    if (plan.groups <= 1 || plan.channels <= 1) return {};
    const ChannelSpan s = channelsSeen(plan, o);
    const std::string seen = s.first == s.last ? "channel " + std::to_string(s.first) + " only"
                                               : "channels " + std::to_string(s.first) + "\u2013" + std::to_string(s.last);
    if (plan.depthwise) return "Map " + std::to_string(o) + " sees " + seen + " (the kernel on each channel alone)";
    return "Filter " + std::to_string(o) + " sees " + seen + " (group " + std::to_string(s.group) + " of " +
           std::to_string(plan.groups) + ")";
}

std::string groupSumNote(const OpPlan& plan, int o) {
    const std::string note = groupNote(plan, o);
    if (note.empty()) return note;
    const ChannelSpan s = channelsSeen(plan, o);
    if (s.first == s.last) return note + ": the other channels add nothing.";
    return note + ": the sum adds those " + std::to_string(s.last - s.first + 1) + " channels only.";
}

}  // namespace cs
