#pragma once
// LabPresenter: the image lab page's glue, document -> ImageLabView (core,
// derives everything) -> textures (gpu/gl_texture.h) -> panels
// (ui/image_lab_panel.h). It carries out the panels' requests (Save PNG, a
// click that opens the step view is left to App, which owns the matrix
// lesson) and shows the view's messages; it computes nothing itself.
//
//   LabPresenter page(gpu_engine_or_null, notice);     // GL context current
//   each frame: page.update(lab, lab_ui, dt); ... page.draw(lab, lab_ui);
#include <functional>
#include <memory>
#include <string>

#include "core/engine.h"
#include "core/image_lab.h"
#include "core/image_lab_view.h"
#include "gpu/gl_lab_resident.h"
#include "gpu/gl_texture.h"
#include "ui/image_lab_panel.h"

namespace cs {

class LabPresenter {
public:
    // `gpu`: the GPU engine (its image path filters) or nullptr; `notice`: why
    // there is none. Call with the GL context current; destroy it so too.
    // `software_gpu`: `gpu` runs on a software rasterizer, so the CPU path
    // filters. With a GPU engine the view gets the resident GPU path
    // (gpu/gl_lab_resident.h), which it uses where it measures faster.
    LabPresenter(Engine* gpu, std::string notice, bool software_gpu = false);

    // Derives (ImageLabView::update), uploads changed images to the textures,
    // carries out a save request and passes new view messages to `ui`.
    void update(ImageLab& lab, LabUiState& ui, double dt);
    // After the widgets: this frame's edits start filtering now (ImageLabView::send).
    void send(const ImageLab& lab, const LabUiState& ui) { view_.send(lab, ui.kernel_dragging); }
    // The whole lab in the current window's content region.
    void draw(ImageLab& lab, LabUiState& ui) const;

    const ImageLabView& view() const { return view_; }
    // `image`, decoded from `path` already (--image checks its file so): the
    // view's next load of that path takes it instead of decoding it again.
    void offerImage(std::string path, Image image);
    // The CPU path filters on a worker thread; `wake` runs when a result is ready.
    void runInBackground(std::function<void()> wake) { view_.runInBackground(std::move(wake)); }
    // The path fixed by hand (--lab-path); without a GPU engine only the CPU is there.
    void choosePath(LabPathChoice choice) { view_.choosePath(choice); }

    // Where the bundled samples are: $CONVSCOPE_ASSETS, then assets/ next to
    // the executable or one or two folders above it (a build folder inside the
    // source tree), then ../share/convscope/assets, then ./assets. "" if none.
    static std::string findAssetsDir();
    // The PNG and JPEG files in assets_dir/images, sorted.
    static std::vector<std::string> listSamples(const std::string& assets_dir);

private:
    void save(const ImageLab& lab, LabUiState& ui) const;

    std::unique_ptr<GlLabResident> resident_;  // before view_, which points at it
    std::string offered_path_;
    Image offered_;
    ImageLabView view_;  // after resident_ and offered_: it points at the one, its loader reads the other
    GlImageTexture input_tex_, output_tex_;
    std::uint64_t input_revision_ = 0, output_revision_ = 0, message_serial_ = 0;
};

}  // namespace cs
