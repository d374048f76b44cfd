#include "gpu/gl_info.h"

#include <epoxy/gl.h>

#include <cstdio>

namespace cs {
namespace {

// epoxy aborts when it cannot resolve a function (no GL library at all);
// report it as a missing context instead.
bool resolver_failed = false;
void unresolvedNoOp() {}  // what epoxy calls instead of a missing function
epoxy_resolver_stub_t onResolverFailure(const char*) {
    resolver_failed = true;
    return unresolvedNoOp;
}

std::string glString(GLenum name) {
    const GLubyte* s = glGetString(name);
    return s == nullptr ? std::string() : std::string(reinterpret_cast<const char*>(s));
}

}  // namespace

std::string_view kernelVariantName(KernelVariant v) { return v == KernelVariant::PerOutput ? "per-output" : "tiled"; }

bool queryGlInfo(GlInfo& info, std::string& why) {
    resolver_failed = false;
    const epoxy_resolver_failure_handler_t previous = epoxy_set_resolver_failure_handler(onResolverFailure);
    info.version = glString(GL_VERSION);
    epoxy_set_resolver_failure_handler(previous);
    if (resolver_failed || info.version.empty()) {
        why = "no OpenGL context is current on this thread (create a window or a HeadlessContext first)";
        return false;
    }
    info.vendor = glString(GL_VENDOR);
    info.renderer = glString(GL_RENDERER);
    info.glsl_version = glString(GL_SHADING_LANGUAGE_VERSION);
    glGetIntegerv(GL_MAJOR_VERSION, &info.major);
    glGetIntegerv(GL_MINOR_VERSION, &info.minor);
    if (!info.atLeast(4, 3)) return true;  // the limits below need 4.3
    for (GLuint i = 0; i < 3; ++i) {
        glGetIntegeri_v(GL_MAX_COMPUTE_WORK_GROUP_COUNT, i, &info.max_work_group_count[i]);
        glGetIntegeri_v(GL_MAX_COMPUTE_WORK_GROUP_SIZE, i, &info.max_work_group_size[i]);
    }
    glGetIntegerv(GL_MAX_COMPUTE_WORK_GROUP_INVOCATIONS, &info.max_work_group_invocations);
    glGetIntegerv(GL_MAX_COMPUTE_SHARED_MEMORY_SIZE, &info.max_shared_memory);
    GLint64 block = 0;
    glGetInteger64v(GL_MAX_SHADER_STORAGE_BLOCK_SIZE, &block);
    info.max_storage_block = block;
    glGetIntegerv(GL_MAX_SHADER_STORAGE_BUFFER_BINDINGS, &info.max_storage_bindings);
    const std::string& r = info.renderer;
    info.software = r.find("llvmpipe") != std::string::npos || r.find("softpipe") != std::string::npos ||
                    r.find("swrast") != std::string::npos;
    return true;
}

}  // namespace cs
