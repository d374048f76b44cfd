#include "app/page_image_lab.h"

#include <imgui.h>

#include <future>
#include <iostream>
#include <optional>
#include <utility>

#include "app/app.h"
#include "app/gui_main.h"
#include "app/lab_presenter.h"
#include "io/image_io.h"
#include "io/session_json.h"
#include "ui/image_lab_panel.h"

namespace cs::page_image_lab {
namespace {

// A click on a pixel: the matrix lesson on that pixel's neighbourhood, at the
// step that computes it.
void openStepView(App& app) {
    LabUiState& lab_ui = app.imageLabUi();
    const int x = std::exchange(lab_ui.step_pixel_x, -1), y = std::exchange(lab_ui.step_pixel_y, -1);
    try {
        LabLessonCrop crop = app.imageLabPage()->view().stepView(app.imageLab(), x, y);
        crop.lesson.revision = app.lesson().revision + 1;
        app.lesson() = std::move(crop.lesson);
        app.history().reset(app.lesson());
        app.view().update(app.lesson(), app.displayEngine());
        app.view().stepper().seek(crop.step);
        app.showPage(PageId::Matrices);
        app.ui().message.say("Pixel (" + std::to_string(x) + ", " + std::to_string(y) + "): step " +
                             std::to_string(crop.step + 1) + " computes it. Image lab: the tab at the top left.");
    } catch (const std::exception& e) {
        lab_ui.message.say(std::string("Step view: ") + e.what(), true);
    }
}

// The page's presenter, made on first need (its GL objects: the context is current).
LabPresenter& presenter(App& app) {
    std::unique_ptr<LabPresenter>& presenter = app.imageLabPage();
    if (!presenter) {
        presenter = std::make_unique<LabPresenter>(app.displayEngine(), app.engineNotice(), app.gpuIsSoftware());
        if (app.wake()) presenter->runInBackground(app.wake());
        if (app.labPath() != LabPathChoice::Auto) presenter->choosePath(app.labPath());
        app.imageLabUi().assets_dir = LabPresenter::findAssetsDir();
        app.imageLabUi().samples = LabPresenter::listSamples(app.imageLabUi().assets_dir);
    }
    return *presenter;
}

// prefetchImage's decode: the path and the image (or the exception) to come.
struct Prefetch {
    std::string path;
    std::future<Image> image;
};
std::optional<Prefetch>& prefetched() {
    static std::optional<Prefetch> p;
    return p;
}

// `path` decoded: by the prefetch when it was started for that path, else now.
Image decodeOnce(const std::string& path) {
    std::optional<Prefetch>& p = prefetched();
    if (p && p->path == path) {
        std::future<Image> image = std::move(p->image);
        p.reset();
        return image.get();
    }
    return loadImage(path);
}

}  // namespace

void prefetchImage(const std::string& path) {
    prefetched() = Prefetch{path, std::async(std::launch::async, [path] { return loadImage(path); })};
}

std::vector<std::string> lessonNames() { return {"image", "images", "image-lab"}; }

bool open(App& app, const GuiOptions& o) {
    if (!o.image.empty()) {
        // Decoded now so that a picture that will not load fails the command
        // (the lab itself would keep its last image and say why on screen),
        // and handed to the lab, which would otherwise decode it again.
        try {
            presenter(app).offerImage(o.image, decodeOnce(o.image));
        } catch (const std::exception& e) {
            std::cerr << "convscope: --image: " << e.what() << "\n";
            return false;
        }
        load(app, o.image);
    } else {
        app.showPage(PageId::ImageLab);
    }
    ImageLab& lab = app.imageLab();
    if (!o.image_kernel.empty()) {
        std::string error;
        try {
            if (!setPreset(lab, parseKernelSpec(o.image_kernel), error)) throw OpError(error);
        } catch (const OpError& e) {
            std::cerr << "convscope: --kernel: " << e.what() << "\n";
            return false;
        }
    }
    if (o.image_display == "abs") lab.display = LabDisplay::Abs;
    if (o.image_display == "minmax") lab.display = LabDisplay::MinMax;
    if (o.image_display == "diverging") lab.display = LabDisplay::Diverging;
    lab.touch();
    app.imageLabHistory().reset(lab);  // what the command line chose is the baseline, not an undo step
    return true;
}

void show(App& app) {
    ImageLab& lab = app.imageLab();
    if (!lab.image_path.empty()) return;
    // The first bundled sample, so the lab never opens on an empty view.
    const std::string assets = LabPresenter::findAssetsDir();
    if (assets.empty()) return;
    // Not an edit: the baseline and the saved state move with it (unless the lab was edited already).
    const bool was_saved = sameContent(lab, app.savedImageLab()), was_committed = !app.imageLabHistory().canUndo();
    openImage(lab, assets + "/images/astronaut.png");
    if (was_saved) app.savedImageLab() = lab;
    if (was_committed) app.imageLabHistory().reset(lab);
}

// Only while shown: the presenter needs the GL context and filtering a page
// nobody sees is wasted work.
void update(App& app, double dt, bool shown) {
    if (!shown) return;
    // An edit is finished when no widget is held: a whole drag is one undo step.
    if (!ImGui::IsAnyItemActive()) app.imageLabHistory().commit(app.imageLab());
    presenter(app).update(app.imageLab(), app.imageLabUi(), dt);
    if (app.imageLabUi().step_pixel_x >= 0) openStepView(app);
    // After this frame's news, as App::update ages the shared message; only
    // while shown, so a message waits for the page to be seen.
    app.imageLabUi().message.age(dt);
}

void draw(App& app, const PageArea& area) {
    // The image lab: its own controls, views and overlay over the whole body.
    const std::unique_ptr<LabPresenter>& presenter = app.imageLabPage();
    if (beginPagePanel("image lab", area.x, area.y, area.w, area.h) && presenter)
        presenter->draw(app.imageLab(), app.imageLabUi());
    ImGui::End();
}

void afterUi(App& app) {
    if (const std::unique_ptr<LabPresenter>& presenter = app.imageLabPage())
        presenter->send(app.imageLab(), app.imageLabUi());
}

void undo(App& app, bool redo) {
    ImageLab& lab = app.imageLab();
    const LabViewOptions view = lab.view;
    const std::string path = lab.image_path;
    const std::uint64_t image_request = lab.image_request;
    auto& history = app.imageLabHistory();
    const bool done = redo ? history.redo(lab) : history.undo(lab);
    lab.view = view;  // undo changes what is computed, not where the student is looking
    lab.image_request = image_request + (lab.image_path != path ? 1 : 0);  // another image: the view reads it
    if (!done) app.imageLabUi().message.say(redo ? "Nothing to redo." : "Nothing to undo.");
}

void load(App& app, const std::string& path) {
    openImage(app.imageLab(), path);
    app.showPage(PageId::ImageLab);
}

void save(App& app, const std::string& path) {
    app.imageLabUi().save_path = path;
    app.imageLabUi().request_save = true;
}

std::string saveSection(App& app) { return imageLabSectionToJson(app.imageLab()); }

void loadSection(App& app, const std::string& section) {
    imageLabSectionFromJson(section, app.imageLab());
    app.imageLabHistory().reset(app.imageLab());  // a loaded session starts a fresh history
}

}  // namespace cs::page_image_lab
