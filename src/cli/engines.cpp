#include "cli/cli.h"

namespace cs {

std::unique_ptr<Engine> makeEngine(const std::string& backend, std::string& why) {
    if (backend == "cpu") return std::make_unique<CpuEngine>();
    if (backend == "gpu") {
        why = "the GPU engine is not available in this build yet; use --backend cpu.";
        return nullptr;
    }
    why = "unknown backend \"" + backend + "\" (use cpu or gpu).";
    return nullptr;
}

}  // namespace cs
