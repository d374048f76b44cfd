#pragma once
// The image lab's per-value loops in SIMD (Highway, run-time dispatch, like
// core/fast_filter.h): a result's range and its display bytes. They are what
// the scalar definitions give, value for value:
//   - valueRange: planeRange's min and max (NaN skipped, {0, 0} when there is
//     no number, a zero end is +0);
//   - labMapBytes: toByte (core/image_filter.h: clamp(floor(x + 0.5), 0, 255),
//     NaN and x <= 0 -> 0) of the value, of its magnitude, or of
//     (v - lo) * 255 / (hi - lo) (0 when hi <= lo), float operation for float
//     operation. Whole + (fraction >= 0.5) is that floor for 0 < x < 255,
//     exactly in float, so no lane needs a double;
//   - labCountBins: labHistogram's bin of each value.
// Used by labDisplayImage / labColours (core/image_lab.h) and the fast filter.
#include <cstddef>
#include <cstdint>
#include <utility>

namespace cs {

enum class ByteMap { Value, Abs, MinMax };

std::pair<float, float> valueRange(const float* data, std::size_t n);

// `n` RGBA pixels into `rgba`: red, green and blue from r, g, b (each mapped
// by `map`), alpha 255. With g and b null, all three from r (gray).
void labMapBytes(const float* r, const float* g, const float* b, std::size_t n, ByteMap map, float lo, float hi,
                 std::uint8_t* rgba);

// labHistogram's counting: each number of v[0, n) adds one to
// bins[trunc(clamp((v - lo) / span * nbins, 0, nbins - 1))] (float
// operations in that order); NaN adds nothing. `bins` holds nbins counts.
void labCountBins(const float* v, std::size_t n, float lo, float span, std::uint32_t* bins, int nbins);

}  // namespace cs
