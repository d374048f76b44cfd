#pragma once
// ImageLabRunner: the GL side of the image lab. It turns the ImageLab document
// into textures: loads the image (io), filters it on the GPU engine's image
// path (GlImageFilter; the CPU reference with a visible notice when there is
// no GPU engine), pools the planes on the engine, maps them to colours
// (core/image_lab.h) and uploads input and output textures. While a kernel
// value is being dragged on a large image it filters a reduced copy (a
// preview, at most kPreviewPixels) and the full image once the drag ends.
// GL is called only here and in the window code; panels get ImTextureID.
//
//   ImageLabRunner runner(gpu_engine_or_null, notice);
//   each frame: runner.update(lab, lab_ui, dt); drawImageLabPanel(lab, lab_ui, runner.frame());
#include <memory>
#include <string>

#include "core/engine.h"
#include "core/image_lab.h"
#include "ui/image_lab_panel.h"

namespace cs {

// Images larger than this get a reduced preview while a value is dragged.
constexpr int kPreviewPixels = 260'000;

class ImageLabRunner {
public:
    // `gpu`: the GPU engine (its image filter is used) or nullptr; `notice`:
    // why there is none. Call with the GL context current.
    ImageLabRunner(Engine* gpu, std::string notice);
    ~ImageLabRunner();  // deletes the textures: the context must be current
    ImageLabRunner(const ImageLabRunner&) = delete;
    ImageLabRunner& operator=(const ImageLabRunner&) = delete;

    // Loads, filters and uploads what changed; carries out a save request.
    void update(ImageLab& lab, LabUiState& ui, double dt);
    const LabFrame& frame() const;
    const Image& image() const;  // the loaded input (empty when none)

    // Where the bundled samples are: $CONVSCOPE_ASSETS, then assets/ next to
    // the executable or one or two folders above it (a build folder inside the
    // source tree), then ../share/convscope/assets, then ./assets. "" if none.
    static std::string findAssetsDir();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace cs
