// `convscope info`: what the GPU engine would run on, and how.
#include <ostream>

#include "cli/gpu_session.h"

namespace cs {

int runInfo(std::ostream& out, std::ostream& err) {
    out << "convscope info\n";
    out << "  version:      " << CONVSCOPE_VERSION << "\n";
    out << "  cpu engine: exact reference (double sums), always available\n";
    std::string why;
    auto session = openGpuSession(why);
    if (!session) {
        out << "  gpu engine: unavailable\n";
        err << "convscope info: " << why << "\n";
        return 1;
    }
    const GlInfo& gl = session->engine->info();
    out << "  context:      " << session->context->platform() << "\n";
    out << "  GL vendor:    " << gl.vendor << "\n";
    out << "  GL renderer:  " << gl.renderer << (gl.software ? "  (software: runs on the CPU)" : "") << "\n";
    out << "  GL version:   " << gl.version << "\n";
    out << "  GLSL version: " << gl.glsl_version << "\n";
    out << "  compute limits:\n";
    out << "    work-group count:       " << gl.max_work_group_count[0] << " x " << gl.max_work_group_count[1]
        << " x " << gl.max_work_group_count[2] << "\n";
    out << "    work-group size:        " << gl.max_work_group_size[0] << " x " << gl.max_work_group_size[1] << " x "
        << gl.max_work_group_size[2] << "\n";
    out << "    invocations per group:  " << gl.max_work_group_invocations << "\n";
    out << "    shared memory:          " << gl.max_shared_memory << " bytes (" << gl.max_shared_memory / 1024
        << " KiB)\n";
    out << "    storage block:          " << (gl.max_storage_block >> 20) << " MiB, " << gl.max_storage_bindings
        << " bindings\n";
    out << "  engine paths (variant " << kernelVariantName(session->engine->variant()) << ", chosen because the renderer "
        << (gl.software ? "is a software rasterizer: shared-memory tiles are slower there" : "is a GPU: tiles in shared memory")
        << "):\n";
    for (const std::string& line : session->engine->describePaths()) out << "    " << line << "\n";
    out << "  shaders: " << session->engine->shaderOrigin()
        << " (set CONVSCOPE_SHADER_DIR=shaders/ to load them from disk)\n";
    return 0;
}

}  // namespace cs
