#pragma once
// Small helpers shared by the GL engines (internal to src/gpu).
#include <chrono>

namespace cs {

// Wall-clock phases of the last run, in milliseconds. Each phase ends with
// glFinish, because llvmpipe's timer queries read 0 for compute
// (DESIGN.md section 4) and dispatch returns before the GPU is done elsewhere.
struct GpuTimings {
    double upload_ms = 0.0;    // host -> GPU buffers
    double compute_ms = 0.0;   // every dispatch of the run
    double readback_ms = 0.0;  // GPU -> host
};

// Runs a LINEAR_INDEX() shader (64 per group) over `count` elements, groups
// on a 2-D grid so counts up to 2^24 and beyond fit the 65535 limit per axis.
void dispatchLinear(long long count);
// A 64-wide row grid (GRID_X/Y/Z in common.glsl): ceil(width / 64) x rows x layers groups.
void dispatchGrid(long long width, long long rows, long long layers);
// One work group per item (global pooling), on the same 2-D grid.
void dispatchGroups(long long groups);
// Shader storage writes visible to later dispatches and to buffer reads.
void storageBarrier();
void finishGl();  // glFinish

class Stopwatch {
public:
    Stopwatch() : start_(std::chrono::steady_clock::now()) {}
    // Milliseconds since construction or the last lap.
    double lap() {
        const auto now = std::chrono::steady_clock::now();
        const double ms = std::chrono::duration<double, std::milli>(now - start_).count();
        start_ = now;
        return ms;
    }

private:
    std::chrono::steady_clock::time_point start_;
};

}  // namespace cs
