// The frame loop. GL is touched here and in screenshot.cpp only: context
// creation, clearing, the ImGui backend, the font texture, reading back.
// Frames are drawn on a Surface: a GLFW window, or for headless jobs
// (`convscope render`, --screenshot) an EGL context with no window and no display.
#include "app/gui_main.h"

#include <epoxy/gl.h>
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>
#include <malloc.h>

#include <functional>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>

#include "app/app.h"
#include "app/lab_presenter.h"
#include "app/monkey.h"
#include "app/page_image_lab.h"
#include "app/pages.h"
#include "app/screenshot.h"
#include "app/shortcuts.h"
#include "core/image.h"
#include "gpu/gl_engine.h"
#include "gpu/headless_context.h"
#include "io/lesson_json.h"
#include "io/settings.h"
#include "ui/fonts.h"
#include "ui/theme.h"

namespace cs {
namespace {

std::string g_glfw_error;

void onGlfwError(int code, const char* text) { g_glfw_error = "GLFW error " + std::to_string(code) + ": " + text; }

// Drag-and-drop: the first dropped file goes to the page that takes dropped
// files (the image lab: a bad file becomes a message there, the previous image stays).
App* g_drop_app = nullptr;
void onDrop(GLFWwindow*, int count, const char** paths) {
    if (g_drop_app == nullptr || count <= 0 || paths[0] == nullptr) return;
    // The page on show when it takes files (the Network page: its input), else the first that does.
    if (const Page& shown = pageFor(g_drop_app->page()); shown.takes_dropped_files && shown.load) {
        shown.load(*g_drop_app, paths[0]);
        return;
    }
    for (const Page& p : pages())
        if (p.takes_dropped_files && p.load) {
            p.load(*g_drop_app, paths[0]);
            return;
        }
}

// The GPU engine on this window's context when it can be had; else nullptr
// and `notice` says why the CPU engine carries on.
std::unique_ptr<Engine> createGpuEngine(const GuiOptions& o, bool gl43, std::string& notice, std::string& gpu_name,
                                        bool& software) {
    if (o.cpu_only) {
        notice = "(GPU engine off: --cpu)";
        return nullptr;
    }
    if (!gl43) {
        notice = "OpenGL 4.3 is not available here, so the GPU engine is off; the CPU engine carries on.";
        return nullptr;
    }
    std::string why;
    auto gl = GlEngine::create(why, true);  // shaders compiled when first used: a lesson needs one or two
    if (gl) gpu_name = gl->info().renderer;
    if (gl) software = gl->info().software;
    else notice = "GPU engine unavailable (" + why + "); the CPU engine carries on.";
    return gl;
}

// A GL 4.3 core context first (the GPU engine needs compute shaders); else
// 3.3 core, enough for the panels, with the CPU engine.
GLFWwindow* createWindow(const GuiOptions& o, bool hidden, bool& gl43) {
    glfwWindowHint(GLFW_VISIBLE, hidden ? GLFW_FALSE : GLFW_TRUE);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
    // The monkey counts GL errors through KHR_debug, which needs a debug context.
    glfwWindowHint(GLFW_OPENGL_DEBUG_CONTEXT, o.monkey_seconds > 0 ? GLFW_TRUE : GLFW_FALSE);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 4);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    const char* title = "convscope";
    GLFWwindow* w = glfwCreateWindow(o.width, o.height, title, nullptr, nullptr);
    gl43 = w != nullptr;
    if (w == nullptr) {
        glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
        glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
        w = glfwCreateWindow(o.width, o.height, title, nullptr, nullptr);
    }
    return w;
}

void rebuildFonts(const UiState& ui) {
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    buildFonts(ui.font_scale);
    ImGui_ImplOpenGL3_CreateFontsTexture();
    applyTheme(ui.dark, ui.font_scale);
}

// Presenter mode on a real window: fullscreen on the primary monitor, and back to the window's old
// place and size when it ends. Screenshots and the monkey keep their size.
class Fullscreen {
public:
    void follow(GLFWwindow* w, bool presenter) {
        if (presenter == on_) return;
        on_ = presenter;
        if (presenter) {
            glfwGetWindowPos(w, &x_, &y_);
            glfwGetWindowSize(w, &w_, &h_);
            GLFWmonitor* m = glfwGetPrimaryMonitor();
            const GLFWvidmode* mode = m ? glfwGetVideoMode(m) : nullptr;
            if (mode) glfwSetWindowMonitor(w, m, 0, 0, mode->width, mode->height, mode->refreshRate);
        } else {
            glfwSetWindowMonitor(w, nullptr, x_, y_, w_, h_, 0);
        }
    }

private:
    bool on_ = false;
    int x_ = 0, y_ = 0, w_ = 1600, h_ = 900;
};

// Where frames are drawn: a GLFW window (shown, or hidden for a screenshot),
// or no window at all: a headless EGL context (gpu/headless_context.h, as the
// GPU tests make), always drawn into a ScreenshotTarget.
struct Surface {
    GLFWwindow* window = nullptr;            // null: headless
    std::unique_ptr<HeadlessContext> egl;
    int width = 0, height = 0;               // the headless frame size
    bool gl43 = false;
};

// What ImGui's GLFW backend does for a window, for a headless frame: the
// size (no framebuffer scale), and the frame's own time step rather than the
// wall clock's, so frames do not depend on how fast they were drawn; ImGui
// needs a positive step. The mouse stays "nowhere", as over a hidden window.
void newHeadlessFrame(const Surface& s, double dt) {
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(static_cast<float>(s.width), static_cast<float>(s.height));
    io.DisplayFramebufferScale = ImVec2(1.f, 1.f);
    io.DeltaTime = dt > 0 ? static_cast<float>(dt) : 1e-4f;
}

// `monkey`: the monkey's input for this frame goes in after the backend's.
// `edit` (the drag bench's) runs where a widget's edit happens: after the
// widgets, before the page's after_ui.
void renderFrame(App& app, double dt, const Surface& s, Monkey* monkey = nullptr,
                 const std::function<void()>& edit = {}) {
    ImGui_ImplOpenGL3_NewFrame();
    if (s.window != nullptr) ImGui_ImplGlfw_NewFrame();
    else newHeadlessFrame(s, dt);
    if (monkey != nullptr) monkey->inject(ImGui::GetIO(), app, dt);
    ImGui::NewFrame();
    handleShortcuts(app);
    if (monkey != nullptr) monkey->guardWrites(app);
    app.update(dt);
    app.drawUi();
    if (edit) edit();
    app.afterUi();
    ImGui::Render();
    int fb_w = s.width, fb_h = s.height;
    if (s.window != nullptr) glfwGetFramebufferSize(s.window, &fb_w, &fb_h);
    glViewport(0, 0, fb_w, fb_h);
    const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
    glClearColor(bg.x, bg.y, bg.z, 1.f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

// Ctrl +/- asked for another text size: new font atlas, settings saved (as
// they are when the browser's last folder changed).
void applyFontRequest(App& app, const std::string& settings_path) {
    if (!app.ui().fonts_dirty && !app.ui().settings_dirty) return;
    if (app.ui().fonts_dirty) rebuildFonts(app.ui());
    app.ui().fonts_dirty = app.ui().settings_dirty = false;
    try {
        saveSettings(settings_path, app.settings());
    } catch (const std::exception& e) {
        app.ui().message.say(std::string("Settings not saved: ") + e.what(), true);
    }
}

// After the monkey: Save... and Open... of the lesson through the app's own
// requests, into the sandbox. "" when the same lesson came back.
std::string saveAndReopen(App& app, const Surface& window, const std::string& sandbox) {
    const std::string path = sandbox + "/reopen-check/lesson.json";
    std::filesystem::create_directories(sandbox + "/reopen-check");
    const Lesson before = app.lesson();
    const LayersLesson layers_before = app.layers();
    app.ui().save_lesson_path = path;
    renderFrame(app, 0.0, window);
    if (app.ui().message.is_error || !std::filesystem::exists(path)) return "save failed: " + app.ui().message.text;
    app.ui().load_lesson = path;
    renderFrame(app, 0.0, window);
    // A refusal of the file or of a page's section ("but not ...") loses the
    // user's work and fails. What reopens with a warning does not: a document
    // left mid-edit that cannot be shown, weights the file does not keep.
    const std::string& said = app.ui().message.text;
    if (said.rfind("Lesson not opened", 0) == 0 || said.find(", but not ") != std::string::npos)
        return "reopen failed: " + said;
    if (!sameContent(before, app.lesson())) return "the reopened lesson differs from the saved one";
    if (!sameContent(layers_before, app.layers())) return "the reopened Layers page differs from the saved one";
    for (const Page& page : pages()) {
        app.showPage(page.id);
        renderFrame(app, 0.0, window);
    }
    return {};
}

// The monkey's frame loop (app/monkey.h); the exit status of the run.
int runMonkey(App& app, const Surface& surface, Monkey& monkey, const std::string& settings_path) {
    GLFWwindow* window = surface.window;
    double last = glfwGetTime();
    while (!monkey.done() && !glfwWindowShouldClose(window)) {
        glfwPollEvents();
        applyFontRequest(app, settings_path);
        const double now = glfwGetTime();
        renderFrame(app, now - last, surface, &monkey);
        last = now;
        glfwSwapBuffers(window);
    }
    monkey.releaseAll(ImGui::GetIO());
    applyFontRequest(app, settings_path);
    const std::string check = saveAndReopen(app, surface, monkey.sandbox());
    glFinish();
    const std::uint64_t errors = glErrorCount();
    printMonkeyReport(monkey, errors, check);
    if (errors != 0 || !check.empty()) return 1;
    std::error_code ec;
    std::filesystem::remove_all(monkey.sandbox(), ec);  // kept after a failure, to look at
    return 0;
}

// Frames drawn into an offscreen target the window's size and read back.
class OffscreenFrames final : public FrameSource {
public:
    OffscreenFrames(App& app, const Surface& surface, int width, int height)
        : app_(app), surface_(surface), target_(width, height) {}
    std::string render(double dt, Image& out) override {
        if (!target_.isValid()) return "cannot create an offscreen framebuffer";
        target_.bind();
        renderFrame(app_, dt, surface_);
        std::string error = target_.read(out);
        target_.unbind();
        return error;
    }

private:
    App& app_;
    const Surface& surface_;
    ScreenshotTarget target_;
};

// A GLFW window with its context current; false with `why`.
bool openWindow(const GuiOptions& o, bool hidden, Surface& s, std::string& why) {
    glfwSetErrorCallback(onGlfwError);
    if (!glfwInit()) {
        why = "cannot open a window: no display (" + g_glfw_error + ")";
        return false;
    }
    s.window = createWindow(o, hidden, s.gl43);
    if (s.window == nullptr) {
        why = "cannot create an OpenGL 3.3+ window (" + g_glfw_error + ")";
        glfwTerminate();
        return false;
    }
    glfwMakeContextCurrent(s.window);
    glfwSwapInterval(!hidden && o.monkey_seconds <= 0 ? 1 : 0);
    return true;
}

// The GL context frames are drawn with. A headless job (render, or a
// --screenshot) takes EGL first (no display needed, the GPU tests' context)
// and a hidden window only when EGL cannot be had, unless --gl chose one;
// everything else takes a window.
bool openSurface(const GuiOptions& o, bool headless_job, Surface& s) {
    std::string why_egl, why_window;
    if (headless_job && o.headless_gl != HeadlessGl::Window) {
        s.egl = HeadlessContext::create(why_egl);
        if (s.egl) {
            s.gl43 = true;
            s.width = o.width;
            s.height = o.height;
            return true;
        }
        if (o.headless_gl == HeadlessGl::Egl) {
            std::cerr << "convscope: no headless OpenGL context (EGL): " << why_egl << "\n";
            return false;
        }
    }
    const bool hidden = !o.screenshot.empty() || headless_job;
    if (openWindow(o, hidden, s, why_window)) return true;
    if (!headless_job)
        std::cerr << "convscope: " << why_window << ". Run it on a desktop, or headless under xvfb-run -a.\n";
    else if (o.headless_gl == HeadlessGl::Window)
        std::cerr << "convscope: " << why_window << "; --gl window needs a display (or xvfb-run -a).\n";
    else
        std::cerr << "convscope: no OpenGL context to draw frames with.\n  Headless EGL: " << why_egl
                  << "\n  A window instead: " << why_window
                  << ".\n  Install Mesa's EGL (Debian: libegl1 libegl-mesa0 libgl1-mesa-dri), or run under xvfb-run -a.\n";
    return false;
}

void closeSurface(Surface& s) {
    if (s.window != nullptr) {
        glfwDestroyWindow(s.window);
        glfwTerminate();
        s.window = nullptr;
    }
    s.egl.reset();
}

// --screenshot: a few frames so that the layout settles, then the last one
// drawn offscreen and written. The exit status.
int runScreenshot(App& app, const Surface& surface, const GuiOptions& o) {
    // Every frame into the target: a headless EGL context has no window to draw in.
    ScreenshotTarget target(o.width, o.height);
    std::string error;
    if (!target.isValid()) {
        error = "cannot create an offscreen framebuffer";
    } else {
        target.bind();
        for (int frame = 0; frame < o.settle_frames; ++frame) {
            renderFrame(app, 0.0, surface);
            glFinish();
        }
        renderFrame(app, 0.0, surface);
        error = target.writePng(o.screenshot);
        target.unbind();
    }
    if (error.empty()) return 0;
    std::cerr << "convscope: screenshot: " << error << "\n";
    return 1;
}

// --bench-startup / --bench-drag (gui_main.h): seconds on the steady clock
// (CLOCK_MONOTONIC, as the bench script's time.monotonic()).
double steadySeconds() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

void printTiming(bool on, const char* label) {
    if (on) std::fprintf(stderr, "convscope-timing %s %.6f\n", label, steadySeconds());
}

// The lab's output texture shows the full result of the document as it is.
bool labUpToDate(App& app) {
    const std::unique_ptr<LabPresenter>& lab = app.imageLabPage();
    return lab && lab->view().frame().up_to_date;
}

// One frame of the interactive loop: events (waited for unless `poll`), draw,
// swap; `edit` made during it as a widget makes one.
void benchFrame(App& app, const Surface& surface, double& last, bool poll, const std::function<void()>& edit = {}) {
    if (poll) glfwPollEvents();
    else glfwWaitEventsTimeout(0.25);
    const double now = glfwGetTime();
    renderFrame(app, now - last, surface, nullptr, edit);
    last = now;
    glfwSwapBuffers(surface.window);
}

// Frames as the interactive loop draws them until the lab is up to date, the
// first making `edit` (if any) where a widget would; the seconds from the
// edit (or, with none, from `since`) to that frame's swap, or -1 after
// `limit` seconds. The first frame polls: an edit comes with an event, which woke the loop.
double framesUntilUpToDate(App& app, const Surface& surface, double& last, double since,
                           const std::function<void()>& edit = {}, double limit = 30.0) {
    const std::function<void()> timed_edit = [&] {
        edit();
        since = steadySeconds();
    };
    for (bool first = true; steadySeconds() - since < limit; first = false) {
        benchFrame(app, surface, last, first, first && edit ? timed_edit : std::function<void()>{});
        // The edit's own frame updated the view before the edit: its answer is the old document's.
        if (!(first && edit) && labUpToDate(app)) return steadySeconds() - since;
    }
    return -1.0;
}

double medianOf(std::vector<double> v) {
    if (v.empty()) return -1.0;
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

// --bench-drag N on the lab (the window's loop, its waits and wake-ups): what
// a student sees after one edit of the kernel's centre value and during and
// after a drag of it. The edits go into the document as the kernel editor's
// do (setKernelValue), the drag flag as its active field sets it. Exit status.
int runBenchDrag(App& app, const Surface& surface, int frames) {
    double last = glfwGetTime();
    const double t0 = steadySeconds();
    if (framesUntilUpToDate(app, surface, last, t0) < 0) return std::fprintf(stderr, "convscope: --bench-drag: no result\n"), 1;
    std::printf("convscope-bench first_result_s %.4f\n", steadySeconds() - t0);
    // What a frame with nothing new costs (drawn and swapped, events polled).
    std::vector<double> idle_s;
    for (int i = 0; i < 20; ++i) {
        const double f0 = steadySeconds();
        benchFrame(app, surface, last, true);
        idle_s.push_back(steadySeconds() - f0);
    }
    std::printf("convscope-bench idle_frame_ms %.2f\n", 1000.0 * medianOf(idle_s));
    ImageLab& lab = app.imageLab();
    const int cy = lab.kernel.dim(0) / 2, cx = lab.kernel.dim(1) / 2;
    const float base = lab.kernel.at(cy, cx);
    std::string error;
    // Single edits, each after the loop has gone idle (its 0.25 s wait), each
    // made in a frame's widget pass as the kernel editor makes it; timed from
    // that moment, so the figure includes the rest of that frame.
    std::vector<double> edit_s;
    bool edited = true;
    for (int i = 0; i < 7; ++i) {
        benchFrame(app, surface, last, false);
        const float value = base + 0.125f * static_cast<float>(i + 1);
        const double s = framesUntilUpToDate(app, surface, last, steadySeconds(), [&] {
            edited = setKernelValue(lab, cy, cx, value, error);
        });
        if (!edited) return std::fprintf(stderr, "convscope: --bench-drag: %s\n", error.c_str()), 1;
        if (s < 0) return std::fprintf(stderr, "convscope: --bench-drag: an edit never showed\n"), 1;
        edit_s.push_back(s);
    }
    std::printf("convscope-bench edit_to_frame_ms %.2f\n", 1000.0 * medianOf(edit_s));
    std::printf("convscope-bench edit_to_frame_ms_all");
    for (double s : edit_s) std::printf(" %.2f", 1000.0 * s);
    std::printf("\n");
    // The drag: a new value every frame, events polled as mouse motion keeps the loop awake.
    std::uint64_t revision = app.imageLabPage()->view().frame().output_revision;
    int shown = 0, full_shown = 0;
    const double drag0 = steadySeconds();
    double last_edit = drag0;
    for (int f = 0; f < frames; ++f) {
        app.imageLabUi().kernel_dragging = true;
        const float value = base - 0.5f + static_cast<float>(f % 64) / 64.f;
        benchFrame(app, surface, last, true, [&] {
            edited = setKernelValue(lab, cy, cx, value, error);
            last_edit = steadySeconds();
        });
        if (!edited) return std::fprintf(stderr, "convscope: --bench-drag: %s\n", error.c_str()), 1;
        const LabFrame& lf = app.imageLabPage()->view().frame();
        if (lf.output_revision != revision) {
            ++shown;
            if (!lf.preview) ++full_shown;
            revision = lf.output_revision;
        }
    }
    const double drag_s = steadySeconds() - drag0;
    app.imageLabUi().kernel_dragging = false;
    const double settle = framesUntilUpToDate(app, surface, last, last_edit);
    const LabFrame& lf = app.imageLabPage()->view().frame();
    std::printf("convscope-bench image %dx%d kernel %dx%d engine %s\n", lf.in_w, lf.in_h, lab.kernel.dim(0),
                lab.kernel.dim(1), lf.engine.c_str());
    std::printf("convscope-bench drag_frames %d\n", frames);
    std::printf("convscope-bench drag_fps %.2f\n", frames / drag_s);
    std::printf("convscope-bench drag_results_per_s %.2f\n", shown / drag_s);
    std::printf("convscope-bench drag_full_results_per_s %.2f\n", full_shown / drag_s);
    std::printf("convscope-bench last_edit_to_full_ms %.2f\n", 1000.0 * settle);
    std::printf("convscope-bench filter_ms %.2f display_ms %.2f\n", lf.filter_ms, lf.display_ms);
    std::fflush(stdout);
    return settle < 0 ? 1 : 0;
}

// The window's own loop, until the user quits.
// --bench-startup: the first frame's swap timed, then (the lab) the first
// showing the full result, then the loop ends.
void runInteractive(App& app, const Surface& surface, const std::string& settings_path, bool bench_startup) {
    GLFWwindow* window = surface.window;
    Fullscreen fullscreen;
    double last = glfwGetTime();
    bool first = true;
    const double started = steadySeconds();
    while (!app.ui().quit_confirmed) {
        // The close button with unsaved edits asks first (App's "Unsaved edits").
        if (glfwWindowShouldClose(window)) {
            glfwSetWindowShouldClose(window, GLFW_FALSE);
            if (app.edited() || app.unsavedTraining()) app.ui().pending_quit = true;
            else break;
        }
        // Sleep until something happens unless playing or gliding (a glide
        // waiting for events would stop half way); a timeout keeps hover states fresh.
        if (app.animating())
            glfwPollEvents();
        else
            glfwWaitEventsTimeout(0.25);
        applyFontRequest(app, settings_path);
        fullscreen.follow(window, app.ui().presenter);
        const double now = glfwGetTime();
        renderFrame(app, now - last, surface);
        last = now;
        glfwSwapBuffers(window);
        if (!bench_startup) continue;
        if (std::exchange(first, false)) printTiming(true, "first_frame");
        if (app.page() != PageId::ImageLab) break;
        if (labUpToDate(app) || steadySeconds() - started > 30.0) {
            printTiming(labUpToDate(app), "first_result");
            break;
        }
    }
}

// The app's life: the GL context, the engines, ImGui and the App, then the
// interactive loop, a screenshot, the monkey, or `job` (headless).
// The lab's results are large (a 1080p RGB result is 25 MB of floats, its
// colours 8 MB) and made again on every edit, on the lab's worker thread.
// glibc gave them fresh pages each time: blocks that size go straight back
// to the kernel when freed, and a thread's own arena keeps its memory in
// 64 MB heaps that it unmaps when they empty. Zeroing those pages was most
// of a 3x3 edit's work (the worker's filter: 30 ms against 8 ms with this).
// One arena, and large blocks kept in the heap, so each result reuses the
// last one's pages; what the app holds stays at its peak (blocks over
// 256 MB still go back). In-app training was measured no slower with it.
void keepLargeBlocks() {
    mallopt(M_ARENA_MAX, 1);
    mallopt(M_MMAP_THRESHOLD, 256 << 20);
    mallopt(M_TRIM_THRESHOLD, 512 << 20);
}

int runApp(const GuiOptions& o, const HeadlessJob* job) {
    printTiming(o.bench_startup, "start");
    keepLargeBlocks();
    // The lab's image decodes while the window opens (page_image_lab::open takes it).
    if (o.page == PageId::ImageLab && !o.image.empty()) page_image_lab::prefetchImage(o.image);
    Lesson lesson;
    try {
        lesson = loadLesson(o.lesson);
    } catch (const std::exception& e) {
        // A name that is no file: every page's names, not only the matrix lessons io knows.
        if (!o.lesson.empty() && !std::filesystem::exists(o.lesson))
            std::cerr << "convscope: no lesson \"" << o.lesson << "\": not a file, and no page has a lesson of that name ("
                      << everyLessonName() << ").\n";
        else
            std::cerr << "convscope: " << e.what() << "\n";
        return 1;
    }
    // The monkey runs in a sandbox: working folder, HOME and config are its own.
    std::string sandbox;
    if (o.monkey_seconds > 0) {
        std::string why;
        sandbox = enterMonkeySandbox(why);
        if (sandbox.empty()) return std::cerr << "convscope: --monkey: " << why << "\n", 1;
    }
    const std::string settings_path = settingsPath();
    AppSettings settings = loadSettings(settings_path);
    if (o.scale > 0) settings.font_scale = o.scale;
    if (!o.theme.empty()) settings.theme = o.theme;

    Surface surface;
    // A screenshot is drawn offscreen as render's frames are (the monkey's needs a window's input).
    const bool headless = job != nullptr || (!o.screenshot.empty() && o.monkey_seconds <= 0);
    if (!openSurface(o, headless, surface)) return 1;
    printTiming(o.bench_startup, "window");
    if (o.monkey_seconds > 0) {
        std::string why;
        if (!installGlErrorCounter(why)) {
            std::cerr << "convscope: --monkey: " << why << "\n";
            closeSurface(surface);
            return 1;
        }
    }

    std::string notice, gpu_name;
    bool software_gpu = false;
    std::unique_ptr<Engine> gpu = createGpuEngine(o, surface.gl43, notice, gpu_name, software_gpu);
    printTiming(o.bench_startup, "engine");

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // the layout is fixed; nothing to remember
    io.ConfigDragClickToInputText = true;  // click a cell and type; drag to change
    if (surface.window != nullptr) ImGui_ImplGlfw_InitForOpenGL(surface.window, true);
    else newHeadlessFrame(surface, 0.0);  // the size is known before the first frame
    ImGui_ImplOpenGL3_Init(surface.gl43 ? "#version 430" : "#version 330");
    Monkey monkey(o.monkey_seconds, o.monkey_seed, sandbox);
    if (o.monkey_seconds > 0) useMonkeyClipboard(io, monkey);  // the user's clipboard stays as it is

    int exit_code = 0;
    {
        App app(std::move(lesson), settings, gpu.get(), notice);
        app.setGpuName(gpu_name);
        app.setGpuIsSoftware(software_gpu);
        app.setLabPath(o.lab_path);
        if (o.screenshot.empty() && surface.window != nullptr) app.setWake([] { glfwPostEmptyEvent(); });
        app.ui().presenter = o.present;
        buildFonts(app.ui().font_scale);
        applyTheme(app.ui().dark, app.ui().font_scale);
        // The page the command line chose (--lesson, --image, ...), opened as it asks.
        if (!pageFor(o.page).open(app, o)) exit_code = 1;
        app.markSaved();  // what the command line opened is not an edit
        printTiming(o.bench_startup, "opened");
        // Files dropped on the window go to the page that takes them.
        g_drop_app = &app;
        if (surface.window != nullptr) glfwSetDropCallback(surface.window, onDrop);

        if (job != nullptr) {
            if (exit_code == 0) {
                OffscreenFrames frames(app, surface, o.width, o.height);
                exit_code = (*job)(app, frames);
            }
        } else if (o.monkey_seconds > 0 && exit_code == 0) {
            exit_code = runMonkey(app, surface, monkey, settings_path);
        } else if (!o.screenshot.empty() && exit_code != 0) {
            std::cerr << "convscope: no screenshot written (see the error above).\n";
        } else if (!o.screenshot.empty()) {
            exit_code = runScreenshot(app, surface, o);
        } else if (o.bench_drag_frames > 0) {
            if (exit_code == 0) exit_code = runBenchDrag(app, surface, o.bench_drag_frames);
        } else {
            runInteractive(app, surface, settings_path, o.bench_startup);
        }
        gpu.reset();  // GL objects go while the context is current
        g_drop_app = nullptr;
    }
    ImGui_ImplOpenGL3_Shutdown();
    if (surface.window != nullptr) ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    closeSurface(surface);
    return exit_code;
}

}  // namespace

int runGui(const GuiOptions& o) { return runApp(o, nullptr); }

int runHeadless(const GuiOptions& o, const HeadlessJob& job) { return runApp(o, &job); }

}  // namespace cs
