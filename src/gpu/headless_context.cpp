// EGL through libepoxy: epoxy loads libEGL.so.1 itself at the first call, so the
// binary starts (and the CPU engine works) on a machine without EGL; we ask
// epoxy_has_egl() first because epoxy aborts when it cannot find a function.
#include "gpu/headless_context.h"

#include <epoxy/egl.h>

#include <mutex>
#include <map>
#include <vector>

namespace cs {
namespace {

// Displays are shared by every context on them; terminate a display only when
// its last HeadlessContext goes.
std::mutex display_mutex;
std::map<EGLDisplay, int> display_users;

std::string eglErrorName(EGLint e) {
    switch (e) {
    case EGL_SUCCESS: return "EGL_SUCCESS";
    case EGL_NOT_INITIALIZED: return "EGL_NOT_INITIALIZED";
    case EGL_BAD_ACCESS: return "EGL_BAD_ACCESS";
    case EGL_BAD_ALLOC: return "EGL_BAD_ALLOC";
    case EGL_BAD_ATTRIBUTE: return "EGL_BAD_ATTRIBUTE";
    case EGL_BAD_CONFIG: return "EGL_BAD_CONFIG";
    case EGL_BAD_CONTEXT: return "EGL_BAD_CONTEXT";
    case EGL_BAD_DISPLAY: return "EGL_BAD_DISPLAY";
    case EGL_BAD_MATCH: return "EGL_BAD_MATCH";
    case EGL_BAD_PARAMETER: return "EGL_BAD_PARAMETER";
    case EGL_BAD_SURFACE: return "EGL_BAD_SURFACE";
    default: return "EGL error " + std::to_string(e);
    }
}

bool hasExtension(const char* list, const char* name) {
    return list != nullptr && epoxy_extension_in_string(list, name);
}

struct Attempt {
    EGLDisplay display = EGL_NO_DISPLAY;
    EGLContext context = EGL_NO_CONTEXT;
    EGLSurface surface = EGL_NO_SURFACE;
};

// Initialises `display` and creates a current 4.3 core context on it.
bool tryDisplay(EGLDisplay display, const std::string& label, Attempt& out, std::string& why) {
    EGLint major = 0, minor = 0;
    if (display == EGL_NO_DISPLAY) {
        why = label + ": no EGL display (" + eglErrorName(eglGetError()) + ")";
        return false;
    }
    if (!eglInitialize(display, &major, &minor)) {
        why = label + ": eglInitialize failed (" + eglErrorName(eglGetError()) + ")";
        return false;
    }
    {
        std::lock_guard<std::mutex> lock(display_mutex);
        ++display_users[display];
    }
    auto release = [&] {
        std::lock_guard<std::mutex> lock(display_mutex);
        if (--display_users[display] == 0) {
            display_users.erase(display);
            eglTerminate(display);
        }
    };
    const char* apis = eglQueryString(display, EGL_CLIENT_APIS);
    if (apis == nullptr || std::string(apis).find("OpenGL") == std::string::npos ||
        !eglBindAPI(EGL_OPENGL_API)) {
        why = label + ": the EGL driver offers no desktop OpenGL (client APIs: " + (apis ? apis : "none") + ")";
        release();
        return false;
    }
    const char* ext = eglQueryString(display, EGL_EXTENSIONS);
    const bool configless = hasExtension(ext, "EGL_KHR_no_config_context") || hasExtension(ext, "EGL_MESA_configless_context");
    const bool surfaceless = hasExtension(ext, "EGL_KHR_surfaceless_context");
    EGLConfig config = nullptr;  // EGL_NO_CONFIG_KHR
    if (!configless || !surfaceless) {
        const EGLint config_attribs[] = {EGL_SURFACE_TYPE, EGL_PBUFFER_BIT, EGL_RENDERABLE_TYPE, EGL_OPENGL_BIT,
                                         EGL_NONE};
        EGLint count = 0;
        if (!eglChooseConfig(display, config_attribs, &config, 1, &count) || count < 1) {
            why = label + ": no EGL config for desktop OpenGL (" + eglErrorName(eglGetError()) + ")";
            release();
            return false;
        }
    }
    const EGLint context_attribs[] = {EGL_CONTEXT_MAJOR_VERSION, 4, EGL_CONTEXT_MINOR_VERSION, 3,
                                      EGL_CONTEXT_OPENGL_PROFILE_MASK, EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT,
                                      EGL_NONE};
    EGLContext context = eglCreateContext(display, config, EGL_NO_CONTEXT, context_attribs);
    if (context == EGL_NO_CONTEXT) {
        why = label + ": the driver cannot create an OpenGL 4.3 core context (" + eglErrorName(eglGetError()) +
              "); compute shaders need OpenGL 4.3";
        release();
        return false;
    }
    EGLSurface surface = EGL_NO_SURFACE;
    if (!surfaceless) {
        const EGLint pbuffer_attribs[] = {EGL_WIDTH, 1, EGL_HEIGHT, 1, EGL_NONE};
        surface = eglCreatePbufferSurface(display, config, pbuffer_attribs);
    }
    if (!eglMakeCurrent(display, surface, surface, context)) {
        why = label + ": eglMakeCurrent failed (" + eglErrorName(eglGetError()) + ")";
        if (surface != EGL_NO_SURFACE) eglDestroySurface(display, surface);
        eglDestroyContext(display, context);
        release();
        return false;
    }
    out = {display, context, surface};
    return true;
}

}  // namespace

std::unique_ptr<HeadlessContext> HeadlessContext::create(std::string& why) {
    if (!epoxy_has_egl()) {
        why = "EGL is not available: libEGL.so.1 could not be loaded (Debian: install libegl1 and libegl-mesa0, "
              "or the GPU vendor's EGL driver)";
        return nullptr;
    }
    const char* client = eglQueryString(EGL_NO_DISPLAY, EGL_EXTENSIONS);
    if (client == nullptr || !hasExtension(client, "EGL_EXT_platform_base")) {
        why = "EGL offers no platform extensions (EGL_EXT_platform_base): no EGL driver is installed (Debian: "
              "libegl-mesa0 and libgl1-mesa-dri, or the GPU vendor's EGL driver)";
        return nullptr;
    }
    std::vector<std::string> failures;
    Attempt attempt;
    std::string platform;
    std::string reason;
    if (hasExtension(client, "EGL_MESA_platform_surfaceless")) {
        EGLDisplay d = eglGetPlatformDisplayEXT(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY, nullptr);
        if (tryDisplay(d, "EGL surfaceless (Mesa)", attempt, reason))
            platform = "EGL surfaceless (Mesa)";
        else
            failures.push_back(reason);
    } else {
        failures.push_back("EGL_MESA_platform_surfaceless is not offered");
    }
    if (platform.empty() && hasExtension(client, "EGL_EXT_platform_device") &&
        hasExtension(client, "EGL_EXT_device_enumeration")) {
        EGLDeviceEXT devices[16];
        EGLint count = 0;
        if (!eglQueryDevicesEXT(16, devices, &count) || count == 0) failures.push_back("EGL lists no devices");
        for (EGLint i = 0; i < count && platform.empty(); ++i) {
            const std::string label = "EGL device " + std::to_string(i);
            EGLDisplay d = eglGetPlatformDisplayEXT(EGL_PLATFORM_DEVICE_EXT, devices[i], nullptr);
            if (tryDisplay(d, label, attempt, reason))
                platform = label;
            else
                failures.push_back(reason);
        }
    } else if (platform.empty()) {
        failures.push_back("EGL_EXT_platform_device is not offered");
    }
    if (platform.empty()) {
        why = "no headless OpenGL 4.3 context could be created:";
        for (const std::string& f : failures) why += "\n  - " + f;
        return nullptr;
    }
    std::unique_ptr<HeadlessContext> ctx(new HeadlessContext());
    ctx->display_ = attempt.display;
    ctx->context_ = attempt.context;
    ctx->surface_ = attempt.surface;
    ctx->platform_ = platform;
    return ctx;
}

HeadlessContext::~HeadlessContext() {
    if (eglGetCurrentContext() == context_) eglMakeCurrent(display_, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
    if (surface_ != nullptr) eglDestroySurface(display_, surface_);
    eglDestroyContext(display_, context_);
    std::lock_guard<std::mutex> lock(display_mutex);
    if (--display_users[display_] == 0) {
        display_users.erase(display_);
        eglTerminate(display_);
    }
}

bool HeadlessContext::makeCurrent() {
    return eglMakeCurrent(display_, surface_, surface_, context_) == EGL_TRUE;
}

}  // namespace cs
