#include "app/lab_presenter.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <utility>

#include "io/image_io.h"

namespace cs {
namespace fs = std::filesystem;

namespace {

ImTextureID imId(const GlImageTexture& t) {
    return t.isValid() ? reinterpret_cast<ImTextureID>(t.handle()) : nullptr;
}

}  // namespace

LabPresenter::LabPresenter(Engine* gpu, std::string notice, bool software_gpu)
    : resident_(gpu != nullptr ? std::make_unique<GlLabResident>() : nullptr),
      view_(
          [this](const std::string& path) {
              if (!offered_path_.empty() && path == offered_path_) {
                  offered_path_.clear();
                  return std::exchange(offered_, Image{});
              }
              return loadImage(path);
          },
          gpu, std::move(notice), software_gpu, resident_.get()) {}

void LabPresenter::offerImage(std::string path, Image image) {
    offered_path_ = std::move(path);
    offered_ = std::move(image);
}

std::string LabPresenter::findAssetsDir() {
    std::vector<fs::path> candidates;
    if (const char* env = std::getenv("CONVSCOPE_ASSETS"); env != nullptr && *env != '\0') candidates.emplace_back(env);
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        const fs::path dir = exe.parent_path();
        candidates.push_back(dir / "assets");
        candidates.push_back(dir.parent_path() / "assets");
        candidates.push_back(dir.parent_path().parent_path() / "assets");
        candidates.push_back(dir.parent_path() / "share" / "convscope" / "assets");
    }
    candidates.emplace_back("assets");
    for (const fs::path& c : candidates)
        if (fs::is_directory(c / "images", ec)) return fs::weakly_canonical(c, ec).string();
    return {};
}

std::vector<std::string> LabPresenter::listSamples(const std::string& assets_dir) {
    std::vector<std::string> samples;
    if (assets_dir.empty()) return samples;
    std::error_code ec;
    for (const fs::directory_entry& e : fs::directory_iterator(fs::path(assets_dir) / "images", ec)) {
        const std::string ext = e.path().extension().string();
        if (ext == ".png" || ext == ".jpg" || ext == ".jpeg") samples.push_back(e.path().string());
    }
    std::sort(samples.begin(), samples.end());
    return samples;
}

void LabPresenter::update(ImageLab& lab, LabUiState& ui, double dt) {
    view_.update(lab, ui.kernel_dragging, dt);
    const LabFrame& f = view_.frame();
    if (f.input_revision != input_revision_ && f.input_display != nullptr) {
        input_tex_.upload(*f.input_display);
        input_revision_ = f.input_revision;
    }
    if (f.output_revision != output_revision_ && f.output_texture_image != nullptr) {
        output_tex_.upload(*f.output_texture_image);
        output_revision_ = f.output_revision;
    }
    const LabMessage& m = view_.message();
    if (m.serial != message_serial_) {
        message_serial_ = m.serial;
        ui.message.say(m.text, m.error);
    }
    if (std::exchange(ui.request_save, false)) save(lab, ui);
}

void LabPresenter::save(const ImageLab& lab, LabUiState& ui) const {
    try {
        writePngAtomic(ui.save_path, view_.saveImage(lab));
        ui.message.say("Saved the output to " + ui.save_path + ".");
    } catch (const std::exception& e) {
        ui.message.say(e.what(), true);
    }
}

void LabPresenter::draw(ImageLab& lab, LabUiState& ui) const {
    const std::uintptr_t resident = view_.frame().output_texture_id;  // the GPU's picture, when it made it
    const ImTextureID output = resident != 0 ? reinterpret_cast<ImTextureID>(resident) : imId(output_tex_);
    drawImageLabPanel(lab, ui, view_, LabTextures{imId(input_tex_), output});
}

}  // namespace cs
