#pragma once
// Numbers read out of parsed JSON, checked before they are converted:
// nlohmann's get<int>, get<float> and get<std::vector<...>> cast 2^40 into an
// int or 1e300 into a float without a word (a float-to-int cast out of range
// is undefined behaviour). Every lesson, session and settings reader goes
// through these rather than through those casts.
//   fitsWhole<int>(json(2147483647)) == true
//   fitsWhole<int>(json(2147483648)) == false, fitsWhole<int>(json(2.0)) == false
//   floatList(json::parse("[1, 1e300]")).problem
//       == "holds a value that is not a finite 32-bit float."
// A list's problem is written to follow its field's name: "\"kernel\" " + problem.
#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <type_traits>
#include <vector>

#include "io/float_range.h"

namespace cs {

// A whole number (not 2.0, not "2") that T holds.
template <typename T>
bool fitsWhole(const nlohmann::json& v) {
    static_assert(std::is_integral_v<T> && !std::is_same_v<T, bool>);
    if (v.is_number_unsigned()) return v.get<std::uint64_t>() <= static_cast<std::uint64_t>(std::numeric_limits<T>::max());
    if (!v.is_number_integer()) return false;
    const std::int64_t x = v.get<std::int64_t>();
    return x >= static_cast<std::int64_t>(std::numeric_limits<T>::min()) &&
           (x < 0 || static_cast<std::uint64_t>(x) <= static_cast<std::uint64_t>(std::numeric_limits<T>::max()));
}

inline bool fitsInt(const nlohmann::json& v) { return fitsWhole<int>(v); }

// A list's values, or why it is refused (then values is empty).
template <typename T>
struct JsonList {
    std::vector<T> values;
    std::string problem;  // empty: the list is good
    bool ok() const { return problem.empty(); }
};

// Each element a number that rounds to a finite 32-bit float.
inline JsonList<float> floatList(const nlohmann::json& v) {
    JsonList<float> out;
    if (!v.is_array()) return {{}, "must be a list of numbers."};
    for (const nlohmann::json& e : v) {
        if (!e.is_number()) return {{}, "must be a list of numbers."};
        const double d = e.get<double>();
        if (!roundsToFiniteFloat(d)) return {{}, "holds a value that is not a finite 32-bit float."};
        out.values.push_back(static_cast<float>(d));
    }
    return out;
}

// Each element a whole number that fits an int (2.5 or 1e300 is refused, not cast).
inline JsonList<int> intList(const nlohmann::json& v) {
    JsonList<int> out;
    if (!v.is_array()) return {{}, "must be a list of whole numbers."};
    for (const nlohmann::json& e : v) {
        if (!fitsInt(e)) return {{}, "must be a list of whole numbers in range."};
        out.values.push_back(static_cast<int>(e.get<std::int64_t>()));
    }
    return out;
}

}  // namespace cs
