#include "gpu/gl_debug.h"

#include <epoxy/gl.h>

#include <iostream>

namespace cs {
namespace {

std::uint64_t g_gl_errors = 0;
bool g_self_check = false;  // the deliberate error: counted, not printed

void GLAPIENTRY onGlDebug(GLenum, GLenum type, GLuint, GLenum, GLsizei, const GLchar* message, const void*) {
    if (type != GL_DEBUG_TYPE_ERROR) return;
    if (++g_gl_errors <= 5 && !g_self_check) std::cerr << "monkey: GL error: " << message << "\n";
}

}  // namespace

bool installGlErrorCounter(std::string& error) {
    GLint flags = 0;
    glGetIntegerv(GL_CONTEXT_FLAGS, &flags);
    if ((flags & GL_CONTEXT_FLAG_DEBUG_BIT) == 0) {
        error = "the GL context is not a debug context (no KHR_debug output)";
        return false;
    }
    glEnable(GL_DEBUG_OUTPUT);
    glEnable(GL_DEBUG_OUTPUT_SYNCHRONOUS);  // the callback runs inside the failing call
    glDebugMessageCallback(onGlDebug, nullptr);
    // The counter must be able to see an error: bind a texture name that was
    // never generated (GL_INVALID_OPERATION in a core profile).
    g_self_check = true;
    glBindTexture(GL_TEXTURE_2D, 0x7fffff);
    while (glGetError() != GL_NO_ERROR) {
    }
    g_self_check = false;
    if (g_gl_errors != 1) {
        error = "the KHR_debug callback did not report a deliberate GL error";
        return false;
    }
    g_gl_errors = 0;
    return true;
}

std::uint64_t glErrorCount() { return g_gl_errors; }

}  // namespace cs
