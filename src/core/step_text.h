#pragma once
// The words and numbers the step panel writes for a pooling step, built here
// (no ImGui) so tests can read exactly what a student reads. The panel adds
// colours and wraps the pieces.
//
// Lp pooling is shown as PyTorch computes it (F.lp_pool2d is
// avg_pool2d(x^p) times kh*kw, then the p-th root). For a whole window the
// mean times the cell count is just the sum, so only the sum is written:
//   lpOpen(2) "√("  terms "3² + 0² + 6² + 1²"  lpTail(2, {46, 4, 4}) ") = √46 = "
// A ceil_mode window hanging past the edge has fewer cells than kh*kw; there
// the scaling shows, and lpNote says why:
//   lpTail(2, {5, 2, 4}) ") = √(5 / 2 × 4) = √10 = "
//   lpTail(3, {36, 4, 4}) ")^(1/3) = 36^(1/3) = "
#include <functional>
#include <string>
#include <string_view>

#include "core/op_plan.h"
#include "core/op_table.h"

namespace cs {

// The signs the font can draw: "×" and "−", or "x" and "-" without Unicode.
struct TextSigns {
    std::string_view times = "\u00d7";
    std::string_view minus = "\u2212";
};

// A cell value as the grids write it: whole numbers plain, others with at
// most three decimals ("6.782", "0.5", "−2").
std::string stepNumber(double v, const TextSigns& signs = {});

// What an Lp pooling step sums: the window's p-th powers, their count (the
// cells inside the padded input: avg_pool2d's divisor) and kh*kw.
struct LpSum {
    double sum = 0;
    double divisor = 1;
    double scale = 1;
};

std::string lpOpen(double p);   // "√(" for p = 2, "(" otherwise
std::string lpPower(double p);  // the exponent on each term: "²", "³", "^2.5"
// Everything from the closing parenthesis to the last " = " before the result.
std::string lpTail(double p, const LpSum& s, const TextSigns& signs = {});
// The sentence under the step; says how PyTorch scales a partial window.
std::string lpNote(double p, const LpSum& s, const TextSigns& signs = {});
// The stage's title over the pooling window: "Window (L2)", "Window (L3)",
// "Window (Lp, p = 2.5)"; other ops: their table title ("Window (max)").
std::string poolWindowTitle(OpKind op, double p);

// Average pooling with padding in the window: "The divisor counts the padding
// cells too (count_include_pad is on): 4 cells, of which 1 is real."
std::string avgPadNote(bool count_include_pad, double divisor, int real);

// Correlation beside convolution (the matrix page's compare toggle): the
// sentence under the step. `symmetric`: the kernel is unchanged by a
// 180-degree turn, so the two outputs are the same everywhere; otherwise it
// names this cell's value under each ("here" is the lesson's own op).
//   compareNote(XCorr2d, false, "output (0, 1)", 2, 5)
//   "Convolution turns the kernel half a turn before sliding it, so the same
//    window meets other weights: output (0, 1) is 2 by cross-correlation and
//    5 by convolution."
std::string compareNote(OpKind op, bool symmetric, const std::string& cell, double here, double other,
                        const TextSigns& signs = {});

// Grouped convolution: the input channels [first, last] output channel o
// reads, and its group (OpPlan::groups; one group: all channels, group 0).
struct ChannelSpan {
    int first = 0, last = 0, group = 0;
    bool contains(int c) const { return c >= first && c <= last; }
};
ChannelSpan channelsSeen(const OpPlan& plan, int o);
// What the stage and the step panel say about it when there is more than one
// group and more than one channel, else "":
//   groupNote(plan, 1)  "Filter 1 sees channels 2–3 (group 1 of 2)"
//   depthwise           "Filter 2 sees channel 2 only (group 2 of 3)"
//   a plain kernel      "Map 2 sees channel 2 only (the kernel on each channel alone)"
std::string groupNote(const OpPlan& plan, int o);
// The step panel's line under the answer: the note and what it means for the sum.
//   "Filter 1 sees channels 2–3 (group 1 of 2): the sum adds those 2 channels only."
//   "Filter 2 sees channel 2 only (group 2 of 3): the other channels add nothing."
std::string groupSumNote(const OpPlan& plan, int o);

// The printf format for a value in a cell `room` wide, as `width` measures
// text (pixels in the app, characters in tests): the first of "%.3g", "%.2g",
// "%.1g", "%.0e" whose text fits, else the last.
// In 5 characters: 0.047 -> "%.3g"; 0.00501 -> "%.2g" ("0.005"); 0.00029 -> "%.0e" ("3e-04").
const char* fittingFormat(double v, float room, const std::function<float(const char*)>& width);

}  // namespace cs
