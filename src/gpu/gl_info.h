#pragma once
// What the current OpenGL context is: strings, version and the compute limits
// the engines size their dispatches by. queryGlInfo() needs a current context.
// Example (llvmpipe): renderer "llvmpipe (LLVM 15.0.6, 256 bits)", version 4.5,
// max_shared_memory 32768, software true.
#include <string>
#include <string_view>

namespace cs {

enum class KernelVariant {
    PerOutput,  // one invocation per output element (best on llvmpipe)
    Tiled,      // work groups share a shared-memory patch with its apron (real GPUs)
};
std::string_view kernelVariantName(KernelVariant v);  // "per-output", "tiled"

struct GlInfo {
    std::string vendor, renderer, version, glsl_version;
    int major = 0, minor = 0;
    int max_work_group_count[3] = {0, 0, 0};
    int max_work_group_size[3] = {0, 0, 0};
    int max_work_group_invocations = 0;
    int max_shared_memory = 0;   // bytes
    long long max_storage_block = 0;  // bytes of one shader storage block
    int max_storage_bindings = 0;
    bool software = false;       // llvmpipe / softpipe / swrast: a CPU rasterizer

    bool atLeast(int want_major, int want_minor) const {
        return major > want_major || (major == want_major && minor >= want_minor);
    }
    // The variant this driver runs fastest: per-output on software renderers
    // (shared-memory tiles are slower there), tiled on real GPUs.
    KernelVariant preferredVariant() const { return software ? KernelVariant::PerOutput : KernelVariant::Tiled; }
};

// Fills GlInfo from the context current on this thread. False (and why) when
// no context is current.
bool queryGlInfo(GlInfo& info, std::string& why);

}  // namespace cs
