#pragma once
// What the two "predict the next cell" quizzes share (core/quiz.cpp: the
// matrix page's windows, core/layer_quiz.cpp: the Layers page's elements):
// a number as a diagnosis writes it, and one recomputed mistake.
#include <cmath>
#include <string>

#include "core/output_size.h"
#include "core/quiz.h"

namespace cs::quiz_detail {

// formatNumber's digits; an overflow written as ∞ / −∞ (softmax without the max subtracted).
inline std::string num(double v) {
    if (std::isinf(v)) return v > 0 ? "∞" : "−∞";
    return formatNumber(v);
}

// A usual mistake, the value it gives for the cell asked, and what to tell a
// student who typed that value.
struct Candidate {
    Mistake mistake;
    double value;
    std::string message;
};

}  // namespace cs::quiz_detail
