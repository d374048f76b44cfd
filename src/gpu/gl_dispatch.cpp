#include "gpu/gl_dispatch.h"

#include <epoxy/gl.h>

#include <algorithm>

#include "gpu/gpu_layouts.h"

namespace cs {

void dispatchGroups(long long groups) {
    if (groups <= 0) return;
    const long long x = std::min<long long>(groups, 65535);
    const long long y = (groups + x - 1) / x;
    glDispatchCompute(static_cast<GLuint>(x), static_cast<GLuint>(y), 1);
}

void dispatchGrid(long long width, long long rows, long long layers) {
    if (width <= 0 || rows <= 0 || layers <= 0) return;
    glDispatchCompute(static_cast<GLuint>((width + kGpuLinearGroupSize - 1) / kGpuLinearGroupSize),
                      static_cast<GLuint>(rows), static_cast<GLuint>(layers));
}

void dispatchLinear(long long count) { dispatchGroups((count + kGpuLinearGroupSize - 1) / kGpuLinearGroupSize); }

void storageBarrier() {
    glMemoryBarrier(GL_SHADER_STORAGE_BARRIER_BIT | GL_BUFFER_UPDATE_BARRIER_BIT | GL_SHADER_IMAGE_ACCESS_BARRIER_BIT |
                    GL_TEXTURE_FETCH_BARRIER_BIT | GL_TEXTURE_UPDATE_BARRIER_BIT);
}

void finishGl() { glFinish(); }

}  // namespace cs
