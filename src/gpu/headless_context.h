#pragma once
// An OpenGL 4.3 core context with no window and no display, for the CLI, the
// tests and CI (DESIGN.md section 4). EGL first tries Mesa's surfaceless
// platform (eglGetPlatformDisplayEXT(EGL_PLATFORM_SURFACELESS_MESA,
// EGL_DEFAULT_DISPLAY, NULL)); on a machine without it (the NVIDIA driver),
// EGL_EXT_platform_device's devices. The context is made current on the
// calling thread with no surface; GL functions load through libepoxy.
// On a machine without a GPU this is Mesa llvmpipe.
// Example:
//   std::string why;
//   auto ctx = HeadlessContext::create(why);
//   if (!ctx) { std::cerr << "no GPU engine: " << why << "\n"; return 1; }
//   auto engine = GlEngine::create(why);   // uses ctx's context
#include <memory>
#include <string>

namespace cs {

class HeadlessContext {
public:
    // nullptr, with a reason naming what is missing (libEGL, the platform
    // extensions, desktop OpenGL, a 4.3 core context), when it cannot be had.
    static std::unique_ptr<HeadlessContext> create(std::string& why);
    ~HeadlessContext();
    HeadlessContext(const HeadlessContext&) = delete;
    HeadlessContext& operator=(const HeadlessContext&) = delete;

    bool makeCurrent();                            // on the calling thread
    const std::string& platform() const { return platform_; }  // "EGL surfaceless (Mesa)", "EGL device 0"

private:
    HeadlessContext() = default;
    void* display_ = nullptr;  // EGLDisplay
    void* context_ = nullptr;  // EGLContext
    void* surface_ = nullptr;  // EGLSurface: a 1x1 pbuffer only where surfaceless is refused
    std::string platform_;
};

}  // namespace cs
