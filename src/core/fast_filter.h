#pragma once
// The fast CPU image path: the same numbers as the reference filterImageCpu
// (core/image_filter.h), bit for bit, in a fraction of the time. What
// CpuImageFilter runs (the `filter` command, the image lab, `bench --image`).
//
// Why it is exact. Every output pixel is the reference's sum, term for term in
// the reference's order (kernel row, kernel column), in double, rounded to
// float once. The speed comes only from doing many pixels at once:
//  - SIMD across output pixels (Highway, run-time dispatch to the best target
//    the CPU has: SSE4, AVX2, AVX-512, NEON, ...): each lane is one pixel, so no
//    one sum is reordered;
//  - threads over output rows (each row is computed by exactly one thread, so
//    the thread count never changes a value);
//  - raw row pointers into planes padded once per channel with the padding
//    table's source function (core/padding.h), split by column phase when the
//    stride is above 1 so that every tap reads a contiguous run;
//  - for large general kernels, register blocking over output rows: a few
//    output rows at once, each padded row loaded once per tap column and
//    added to every row's sum it belongs to, still in each sum's own order.
// A 2-D tap adds double(pixel) * double(weight): both are floats, so the
// product is exact in double and a fused multiply-add rounds the same as the
// reference's multiply then add. The separable second pass multiplies a double
// by a weight (not exact), so it multiplies and adds apart; the file is built
// with -ffp-contract=off so no compiler fuses them.
//
//   FilterPlanes p = filterPlanesFast(image, params);        // planes only
//   ImageFilterResult r = filterImageFast(image, params, 2);  // + bytes, two threads
#include <string>
#include <vector>

#include "core/image.h"
#include "core/image_filter.h"
#include "core/tensor.h"

namespace cs {

// Threads the fast path uses at most (a guard against a silly request).
constexpr int kMaxFilterThreads = 64;

// The default thread count: the machine's hardware threads, 1..kMaxFilterThreads.
int defaultFilterThreads();

// The SIMD target Highway chose on this CPU ("AVX2", "AVX3", "SSE4", ...).
const char* filterSimdTarget();

// Every target built in that this CPU can run, best first (tests run each).
std::vector<std::string> filterSimdTargets();

// Tests only: run the fast path (and any other Highway code) on the target
// named, one of filterSimdTargets(); "" gives the CPU's best back. Not for
// use while a filter runs.
void useFilterSimdTargetForTest(const std::string& name);

struct FilterPlanes {
    Tensor planes;           // [C, out_h, out_w], equal to filterImageCpu(...).planes
    bool separable = false;  // the two-pass path was used (the reference's choice)
    int threads = 1;         // threads actually used
    int block_rows = 0;      // > 0: general rows computed that many at a time (register blocking), else one
};

// Validates (OpError, the reference's messages) and filters. threads <= 0: the
// default; more threads than output rows are not started. Small jobs run on
// one thread unless `threads` is given explicitly.
FilterPlanes filterPlanesFast(const Image& image, const ImageFilterParams& params, int threads = 0);

// filterPlanesFast plus the range and the bytes: equal to filterImageCpu.
ImageFilterResult filterImageFast(const Image& image, const ImageFilterParams& params, int threads = 0);

}  // namespace cs
