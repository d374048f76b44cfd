#pragma once
// Which decimal numbers a file or a request may hold where a 32-bit float
// goes. The limit is not FLT_MAX itself: convscope writes FLT_MAX in its
// shortest round-trip form, "3.4028235e+38", which is a little above FLT_MAX
// as a double yet rounds to FLT_MAX. Every number below FLT_MAX plus half its
// last place (2^103) rounds to a finite float; from there on (the tie rounds
// to even, which is 2^128) it would be infinity.
//   roundsToFiniteFloat(3.4028235e38) == true    // FLT_MAX as printed
//   roundsToFiniteFloat(3.4028236e38) == false
#include <cmath>
#include <limits>

namespace cs {

constexpr double kFloatRoundingLimit = static_cast<double>(std::numeric_limits<float>::max()) + 0x1p103;

inline bool roundsToFiniteFloat(double d) { return std::isfinite(d) && std::abs(d) < kFloatRoundingLimit; }

}  // namespace cs
