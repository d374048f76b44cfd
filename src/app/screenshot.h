#pragma once
// An offscreen colour target the size of the window, so that a screenshot
// does not depend on a hidden window's back buffer (undefined on some X
// servers). The frame is rendered into it with the same draw data the window
// gets, read back, flipped to top-first rows and written as a PNG.
#include <string>

namespace cs {

struct Image;

class ScreenshotTarget {
public:
    ScreenshotTarget(int width, int height);
    ~ScreenshotTarget();
    ScreenshotTarget(const ScreenshotTarget&) = delete;
    ScreenshotTarget& operator=(const ScreenshotTarget&) = delete;

    bool isValid() const { return fbo_ != 0; }
    void bind();
    void unbind();
    // Reads the target into `out` (RGB, top row first). Returns "" or the error.
    std::string read(Image& out) const;
    // Reads the target and writes `path` (atomically). Returns "" or the error.
    std::string writePng(const std::string& path) const;

private:
    int width_, height_;
    unsigned fbo_ = 0, color_ = 0;
    int previous_ = 0;
};

}  // namespace cs
