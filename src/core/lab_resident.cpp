#include "core/lab_resident.h"

#include <cstdio>

namespace cs {

bool labChoosesGpu(bool software_renderer, double cpu_ms, double gpu_ms, std::string& reason) {
    if (software_renderer) {
        reason = "software GL: the CPU is faster";
        return false;
    }
    if (cpu_ms <= 0.0 || gpu_ms <= 0.0) {
        reason = "measuring both paths on this image";
        return false;
    }
    char buf[96];
    std::snprintf(buf, sizeof buf, "measured: GPU %.1f ms, CPU %.1f ms", gpu_ms, cpu_ms);
    reason = buf;
    return gpu_ms < cpu_ms;
}

}  // namespace cs
