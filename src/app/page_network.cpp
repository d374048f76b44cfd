#include "app/page_network.h"

#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <stdexcept>
#include <thread>
#include <utility>

#include "app/app.h"
#include "app/gui_main.h"
#include "app/lab_presenter.h"
#include "core/image_resize.h"
#include "core/network_trainer.h"
#include "io/idx.h"
#include "io/image_io.h"
#include "io/lesson_json.h"
#include "io/model_file.h"
#include "io/session_json.h"
#include "ui/theme.h"
#include "ui/toolbar_panel.h"
#include "ui/widgets.h"

namespace cs::page_network {
namespace {

namespace fs = std::filesystem;

constexpr int kGalleryPerClass = 3;

ImTextureID imId(const GlImageTexture& t) { return t.isValid() ? reinterpret_cast<ImTextureID>(t.handle()) : nullptr; }

// "<dir>/<name>.gz", else "<dir>/<name>", as io/idx.h's loadFashionMnist looks.
std::string idxPath(const std::string& dir, const std::string& name) {
    const fs::path gz = fs::path(dir) / (name + ".gz");
    std::error_code ec;
    return fs::exists(gz, ec) ? gz.string() : (fs::path(dir) / name).string();
}

NetGallery galleryError(std::string why) {
    NetGallery g;
    g.error = std::move(why);
    return g;
}

// The gallery from the test set only (the training set is not needed to look).
NetGallery loadGallery(std::string& dir) {
    dir = defaultFashionMnistDir();
    try {
        const IdxImages images = readIdxImages(idxPath(dir, "t10k-images-idx3-ubyte"));
        const std::vector<std::uint8_t> labels = readIdxLabels(idxPath(dir, "t10k-labels-idx1-ubyte"));
        if (images.rows != kConvNetImageSide || images.cols != kConvNetImageSide ||
            static_cast<std::size_t>(images.count) != labels.size())
            return galleryError("the test set in " + dir + " is not 28 x 28 images with one label each");
        for (std::uint8_t l : labels)
            if (l >= kConvNetClasses) return galleryError("a test label in " + dir + " is not 0..9");
        return galleryFromTestSet(images.pixels.data(), labels.data(), images.count, kGalleryPerClass);
    } catch (const std::exception& e) {
        return galleryError(std::string(e.what()) + " (install Debian's dataset-fashion-mnist: scripts/deps.sh)");
    }
}

}  // namespace

namespace {

// Reads a model file into the document: "" or why it was refused (the
// current model then stays).
std::string readModel(NetworkDoc& doc, const std::string& path, NetModelSource source) {
    try {
        ConvNet net = readConvNetFile(path);  // a refused file leaves the current model
        doc.net = std::move(net);
        doc.model_name = fs::path(path).filename().string();
        doc.model_source = source;
        doc.model_path = path;
        doc.model_unsaved = source == NetModelSource::File;  // the shipped model is always there again
        ++doc.model_revision;
        return "";
    } catch (const std::exception& e) {
        return e.what();
    }
}

}  // namespace

void openModel(App& app, const std::string& path, bool quiet) {
    const std::string why = readModel(app.network(), path, quiet ? NetModelSource::Shipped : NetModelSource::File);
    if (!why.empty())
        app.ui().message.say("Model not opened: " + why + " The current model stays.", true);
    else if (!quiet)
        app.ui().message.say("Opened model " + path + ".");
}

void saveModel(App& app, const std::string& path) {
    try {
        writeConvNetFile(path, app.network().net);
        // The weights are in that file now: a session saved after this reads them from it.
        app.network().model_source = NetModelSource::File;
        app.network().model_path = path;
        app.network().model_unsaved = false;
        app.ui().message.say("Saved the model to " + path + ".");
        // "Save first..." of the replace question: now train.
        if (std::exchange(app.networkUi().start_after_save, false)) app.networkUi().train_request = NetTrainRequest::Replace;
    } catch (const std::exception& e) {
        app.networkUi().start_after_save = false;
        app.ui().message.say(std::string("Model not saved: ") + e.what(), true);
    }
}

void openImageInput(App& app, const std::string& path) {
    try {
        std::vector<float> x = imageToNetInput(loadImage(path), kConvNetImageSide);
        NetworkDoc& doc = app.network();
        doc.file_pixels = std::move(x);
        doc.file_path = path;
        doc.source = NetInputSource::File;
    } catch (const std::exception& e) {
        app.ui().message.say(std::string("Image not opened: ") + e.what(), true);
    }
}

namespace {

// The test gallery and the shipped model.
void openOnFirstShow(App& app) {
    app.networkGallery() = loadGallery(app.networkUi().data_dir);
    if (app.networkGallery().images.empty()) app.network().source = NetInputSource::Canvas;
    const std::string shipped = shippedModelPath();
    if (shipped.empty())
        app.ui().message.say("No shipped model found (assets/models/fashion_convnet.safetensors): "
                                    "the model is untrained; open one with Open model...", true);
    else if (const std::string why = readModel(app.network(), shipped, NetModelSource::Shipped); !why.empty())
        app.ui().message.say("Model not opened: " + why + " The model is untrained.", true);
}

// The first time the page is shown (or a session section arrives).
void prepare(App& app) {
    if (app.networkPrepared()) return;
    app.networkPrepared() = true;
    // What the page opens on is no edit: the saved state moves along when nothing was edited.
    const bool was_saved = sameContent(app.network(), app.savedNetwork());
    openOnFirstShow(app);
    if (was_saved) app.savedNetwork() = app.network();
}

void upload(NetworkGl& gl, const NetworkView& view, const NetGallery& gallery) {
    if (!gl.gallery_uploaded) {
        gl.gallery_uploaded = true;
        const Image g = galleryPicture(gallery);
        if (!g.empty()) gl.gallery.upload(g);
    }
    if (gl.revision == view.revision() || !view.ready()) return;
    gl.revision = view.revision();
    for (std::size_t i = 0; i < view.stages().size() && i < std::size(gl.stages); ++i) gl.stages[i].upload(view.stages()[i].picture);
    gl.filters.upload(view.filters());
}

// The training set (about 55 MB; the gallery needs only the test set), read
// on the trainer's worker the first time Start is pressed: io only, no App.
std::shared_ptr<const NetTrainingData> readTrainingData(const std::string& dir) {
    FashionMnist f;
    try {
        f = loadFashionMnist(dir);  // throws with the file's name
    } catch (const std::exception& e) {
        throw std::runtime_error(std::string(e.what()) + " (install Debian's dataset-fashion-mnist: scripts/deps.sh)");
    }
    auto d = std::make_shared<NetTrainingData>();
    d->train_count = f.train_images.count;
    d->test_count = f.test_images.count;
    d->train_pixels = std::move(f.train_images.pixels);
    d->train_labels = std::move(f.train_labels);
    d->test_pixels = std::move(f.test_images.pixels);
    d->test_labels = std::move(f.test_labels);
    return d;
}

// A run from the page's model: with the data set kept from an earlier run,
// else loading it on the worker (the tab says "Loading the training set...").
void startTraining(App& app, const NetTrainingOptions& o) {
    std::unique_ptr<NetworkTrainer>& trainer = app.networkTrainer();
    if (!trainer) trainer = std::make_unique<NetworkTrainer>();
    if (app.wake()) trainer->setWake(app.wake());
    const NetworkDoc& doc = app.network();
    const std::shared_ptr<const NetTrainingData> kept = app.networkTrainingData();
    const bool ok = kept ? trainer->start(doc.net, kept, o)
                         : trainer->startLoading(doc.net, [dir = defaultFashionMnistDir()] { return readTrainingData(dir); }, o);
    if (!ok) app.ui().message.say("Training not started: " + trainer->snapshot().error, true);
}

NetTrainingOptions trainingOptions(const NetworkDoc& doc) {
    NetTrainingOptions o;
    o.epochs = doc.training.epochs;
    o.learning_rate = doc.training.learning_rate;
    o.fresh = doc.training.fresh;
    o.threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    return o;
}

// The trainer published weights (a pause, a stop, the end, or an epoch during
// the run): the maps and the prediction show them.
void followTrainer(App& app, std::uint64_t shown) {
    NetworkDoc& doc = app.network();
    const NetTrainingSnapshot& s = doc.training.snapshot;
    if (s.model_revision == shown || s.state == NetTrainerState::Loading) return;
    const bool epoch_end = s.state == NetTrainerState::Running && s.confusion_epoch > 0;
    if (s.state == NetTrainerState::Running && !epoch_end) return;
    if (!app.networkTrainer()->model(doc.net)) return;
    doc.model_name = s.state == NetTrainerState::Running ? "trained here (epoch " + std::to_string(s.confusion_epoch) + ")" : "trained here";
    doc.model_source = NetModelSource::TrainedHere;
    doc.model_unsaved = true;
    ++doc.model_revision;
}

}  // namespace

// The page's model follows every set of weights the trainer publishes.
void updateTraining(App& app) {
    NetworkUiState& ui = app.networkUi();
    NetworkDoc& doc = app.network();
    std::unique_ptr<NetworkTrainer>& trainer = app.networkTrainer();
    NetTrainRequest request = std::exchange(ui.train_request, NetTrainRequest::None);
    // A model the student may want to keep is not replaced without asking.
    if (request == NetTrainRequest::Start && doc.model_unsaved) {
        ui.confirm_training = true;
        request = NetTrainRequest::None;
    }
    if (request == NetTrainRequest::Start || request == NetTrainRequest::Replace) startTraining(app, trainingOptions(doc));
    if (!trainer) return;
    if (request == NetTrainRequest::Pause) trainer->pause();
    if (request == NetTrainRequest::Resume) trainer->resume();
    if (request == NetTrainRequest::Stop) trainer->stop();
    const std::uint64_t shown = doc.training.snapshot.model_revision;
    const NetTrainerState before = doc.training.snapshot.state;
    doc.training.snapshot = trainer->snapshot();
    if (!app.networkTrainingData()) app.networkTrainingData() = trainer->data();  // kept for the next Start
    const bool failed = doc.training.snapshot.state == NetTrainerState::Failed;
    doc.training.data_missing = failed && !app.networkTrainingData();
    if (failed && before == NetTrainerState::Loading)
        app.ui().message.say("Training not started: " + doc.training.snapshot.error, true);
    followTrainer(app, shown);
    // A misclassified test image was clicked: it becomes the input.
    if (const int i = std::exchange(ui.show_test_image, -1); i >= 0 && app.networkTrainingData() &&
                                                             i < app.networkTrainingData()->test_count) {
        const NetTrainingData& d = *app.networkTrainingData();
        doc.file_pixels.resize(kConvNetImageSize);
        for (int p = 0; p < kConvNetImageSize; ++p)
            doc.file_pixels[static_cast<std::size_t>(p)] = static_cast<float>(d.test_pixels[static_cast<std::size_t>(i) * kConvNetImageSize + static_cast<std::size_t>(p)]) / 255.f;
        doc.file_path = "test image " + std::to_string(i) + " (" + fashionMnistClassNames()[d.test_labels[static_cast<std::size_t>(i)]] + ")";
        doc.source = NetInputSource::File;
        ui.training_tab = false;
    }
}

namespace {

// The first misclassified test images as one picture, kMisclassifiedColumns a row.
void uploadMisclassified(NetworkGl& gl, const NetTrainingSnapshot& s, const NetTrainingData* data) {
    if (!data || s.confusion_epoch == 0 || gl.misclassified_revision == s.model_revision) return;
    gl.misclassified_revision = s.model_revision;
    const int side = kConvNetImageSide, rows = (kMisclassifiedShown + kMisclassifiedColumns - 1) / kMisclassifiedColumns;
    Image p;
    p.width = kMisclassifiedColumns * side;
    p.height = rows * side;
    p.channels = 4;
    p.pixels.assign(p.byteCount(), 0);
    const int n = std::min(kMisclassifiedShown, static_cast<int>(s.misclassified.size()));
    for (int i = 0; i < n; ++i) {
        const std::uint8_t* src = data->test_pixels.data() + static_cast<std::size_t>(s.misclassified[static_cast<std::size_t>(i)]) * kConvNetImageSize;
        const int col = i % kMisclassifiedColumns, row = i / kMisclassifiedColumns;
        for (int y = 0; y < side; ++y)
            for (int x = 0; x < side; ++x) {
                std::uint8_t* px = &p.at(col * side + x, row * side + y, 0);
                px[0] = px[1] = px[2] = src[y * side + x];
                px[3] = 255;
            }
    }
    gl.misclassified.upload(p);
    gl.misclassified_count = n;
}

}  // namespace

namespace {

// --train-preview N (hidden; a screenshot and test aid): the in-app trainer on
// the first 1000 training and test images (10 batches an epoch), from new
// random weights on 2 threads (so the same every time), paused by itself
// after N batches of 3 epochs, before the first frame: the Training tab then
// shows the curves, the progress bar and, from batch 10 on, the confusion
// matrix and the misclassified images. This waits for the trainer (seconds).
bool trainPreview(App& app, int batches) {
    prepare(app);
    app.networkUi().training_tab = true;
    app.network().training.epochs = 3;  // the controls say what runs
    app.network().training.fresh = true;
    NetTrainingOptions o = trainingOptions(app.network());
    o.epochs = 3;
    o.limit = o.test_limit = 1000;
    o.loss_every = 1;
    o.fresh = true;
    o.threads = 2;
    o.pause_after = batches;
    startTraining(app, o);
    NetworkTrainer& t = *app.networkTrainer();
    const auto until = std::chrono::steady_clock::now() + std::chrono::minutes(5);
    NetTrainerState state = t.snapshot().state;
    while ((state == NetTrainerState::Loading || state == NetTrainerState::Running) && std::chrono::steady_clock::now() < until) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        state = t.snapshot().state;
    }
    if (state == NetTrainerState::Failed || state == NetTrainerState::Loading || state == NetTrainerState::Running) {
        std::cerr << "convscope: --train-preview: " << (state == NetTrainerState::Failed ? t.snapshot().error : "training took over 5 minutes")
                  << "\n";
        return false;
    }
    return true;
}

}  // namespace

std::vector<std::string> lessonNames() { return {"network", "net", "convnet"}; }

std::string shippedModelPath() {
    const std::string assets = LabPresenter::findAssetsDir();
    if (assets.empty()) return "";
    const fs::path p = fs::path(assets) / "models" / "fashion_convnet.safetensors";
    std::error_code ec;
    return fs::exists(p, ec) ? p.string() : "";
}

bool open(App& app, const GuiOptions& o) {
    app.showPage(PageId::Network);
    if (!o.image.empty()) {
        try {
            (void)loadImage(o.image);
        } catch (const std::exception& e) {
            std::cerr << "convscope: --image: " << e.what() << "\n";
            return false;
        }
        openImageInput(app, o.image);
    }
    if (o.panel == "training") app.networkUi().training_tab = true;
    if (o.panel == "draw") app.network().source = NetInputSource::Canvas;
    if (o.train_preview > 0) return trainPreview(app, o.train_preview);
    return true;
}

namespace {

// The engine the shown forward pass runs on: the GPU engine when there is one.
Engine* forwardEngine(App& app) {
    Engine* e = app.displayEngine();
    return e != nullptr && e->name() == "gpu" ? e : nullptr;
}

// The status line's first part: where the forward pass ran and how far it is
// from the CPU reference (as the matrix page's status line says).
std::string engineStatus(const App& app, const NetworkView& view) {
    if (view.gpuPending()) return "CPU reference while drawing (the GPU pass follows the stroke)";
    if (view.engine() != "gpu")
        return "CPU reference forward pass" + std::string(app.displayEngine() == nullptr ? " (no GPU engine)" : "");
    char diff[64];
    std::snprintf(diff, sizeof diff, "%.1e", view.gpuDifference());
    const std::string gpu = app.gpuName().substr(0, app.gpuName().find(" ("));  // "llvmpipe (LLVM ...)": "llvmpipe"
    return "GPU forward" + (gpu.empty() ? std::string() : " (" + gpu + ")") + ": within " + diff + " of the CPU reference";
}

}  // namespace

void show(App& app) { prepare(app); }

void update(App& app, double /*dt*/, bool shown) {
    if (!shown) return;
    prepare(app);
    NetworkUiState& ui = app.networkUi();
    if (!ui.open_model.empty()) openModel(app, std::exchange(ui.open_model, {}), false);
    if (!ui.save_model.empty()) saveModel(app, std::exchange(ui.save_model, {}));
    if (!ui.open_image.empty()) openImageInput(app, std::exchange(ui.open_image, {}));
    updateTraining(app);
    // One pass a frame however often the brush painted; the GPU's when the stroke ends.
    app.networkView().update(app.network(), app.networkGallery(), forwardEngine(app), ui.drawing());
    // On first show a strong activation of block 2 is explained, so the
    // arithmetic pane shows what a click gives.
    if (!app.networkUi().first_selection_done && app.networkView().ready()) {
        app.networkUi().first_selection_done = true;
        if (!app.network().selected.valid()) {
            // Block 2's strongest conv output: a sum over 16 input maps.
            const NetStage& conv2 = app.networkView().stages()[5];
            const auto& v = conv2.values.values();
            const int i = static_cast<int>(std::max_element(v.begin(), v.end()) - v.begin());
            app.network().selected = NetSelection{5, i / (conv2.h * conv2.w), i / conv2.w % conv2.h, i % conv2.w};
            app.networkView().update(app.network(), app.networkGallery(), forwardEngine(app), ui.drawing());
        }
    }
    std::unique_ptr<NetworkGl>& gl = app.networkGl();
    if (!gl) gl = std::make_unique<NetworkGl>();
    upload(*gl, app.networkView(), app.networkGallery());
    uploadMisclassified(*gl, app.network().training.snapshot, app.networkTrainingData().get());
}

void draw(App& app, const PageArea& area) {
    const float F = ImGui::GetFontSize();
    const float status_h = statusHeight();
    const float body_h = area.h - status_h;
    const float left_w = std::clamp(area.w * 0.27f, std::min(F * 11.f, area.w * 0.4f), F * 17.f);
    const float right_x = area.x + left_w, right_w = area.w - left_w;
    NetworkDoc& doc = app.network();
    const NetworkView& view = app.networkView();
    NetworkTextures tex;
    if (const auto& gl = app.networkGl()) {
        for (std::size_t i = 0; i < std::size(tex.stages); ++i) tex.stages[i] = imId(gl->stages[i]);
        tex.filters = imId(gl->filters);
        tex.gallery = imId(gl->gallery);
        tex.misclassified = imId(gl->misclassified);
        tex.misclassified_count = gl->misclassified_count;
    }
    // The left column: the input, then the prediction.
    if (beginPagePanel("network-input", area.x, area.y, left_w, body_h))
        drawNetworkInputPanel(doc, view, app.networkGallery(), app.networkUi(), tex);
    ImGui::End();
    // The stroke ended this frame: one more frame at once for its GPU pass
    // (the loop would otherwise wait for the next event).
    if (view.gpuPending() && !app.networkUi().drawing() && app.wake()) app.wake()();
    // The right: Layers (the stage and the arithmetic) or Training.
    NetworkUiState& ui = app.networkUi();
    if (ui.training_tab) {
        if (beginPagePanel("network-training", right_x, area.y, right_w, body_h)) {
            drawNetworkRightTabs(ui);
            drawNetworkTrainingPanel(doc, ui, tex);
        }
        ImGui::End();
    } else {
        // The stage as large as the arithmetic below it leaves. When the maps
        // are as large as the width lets them be, the arithmetic gets the
        // height they leave.
        const float pad = ImGui::GetStyle().WindowPadding.y * 2.f;
        const float tabs = networkRightTabsHeight();
        const float arith_min = std::clamp(body_h * 0.4f, std::min(F * 6.f, body_h * 0.45f), F * 11.f);
        const float stage_h =
            networkStageHeight(right_w - ImGui::GetStyle().WindowPadding.x * 2.f, body_h - arith_min - pad - tabs) + pad + tabs;
        const float arith_h = body_h - stage_h;
        if (beginPagePanel("network-stage", right_x, area.y, right_w, body_h - arith_h)) {
            drawNetworkRightTabs(ui);
            drawNetworkStage(doc, view, tex);
        }
        ImGui::End();
        if (beginPagePanel("network-arithmetic", right_x, area.y + body_h - arith_h, right_w, arith_h)) {
            // A refused file's whole message (the status line clips it), then the arithmetic.
            if (app.ui().message.visible() && app.ui().message.is_error) drawPageMessage(app.ui().message, true);
            drawNetworkArithmetic(view);
        }
        ImGui::End();
    }
    if (beginPagePanel("network-status", area.x, area.y + body_h, area.w, status_h)) {
        if (!drawPageMessage(app.ui().message)) {
            // A short form when the long one would be cut (1280 x 720 at 200%): the engine's first words, the model.
            const std::string tail = " \u00b7 " + doc.model_name + (view.error().empty() ? "" : " \u00b7 " + view.error());
            std::string line = engineStatus(app, view) + tail;
            const float room = ImGui::GetContentRegionAvail().x;
            if (ImGui::CalcTextSize(line.c_str()).x > room) {
                const std::string engine = engineStatus(app, view);
                line = engine.substr(0, engine.find(" (")).substr(0, engine.find(":")) + tail;
            }
            if (ImGui::CalcTextSize(line.c_str()).x > room) line = doc.model_name + (view.error().empty() ? "" : " \u00b7 " + view.error());
            colouredText(palette().muted_text, "%s", line.c_str());
        }
    }
    ImGui::End();
}

void toolbar(App& app) {
    BarActions actions;
    addAppearanceActions(actions, app.ui());
    addLessonFileActions(actions, app.lesson(), app.ui());  // the session is saved from every page
    addNetworkModelActions(actions, app.networkUi());
    drawBarActions(actions);
    drawLessonFileBrowser(app.ui());
    drawNetworkModelBrowser(app.networkUi());
}

void load(App& app, const std::string& path) {
    app.showPage(PageId::Network);
    openImageInput(app, path);
}

std::string saveSection(App& app) {
    const NetworkDoc& doc = app.network();
    if (app.networkPrepared()) return networkSectionToJson(doc, app.networkUi().training_tab);
    // Never shown: the page opens on the shipped model, so the session says so.
    NetworkDoc as_opened = doc;
    as_opened.model_source = NetModelSource::Shipped;
    return networkSectionToJson(as_opened, app.networkUi().training_tab);
}

namespace {

// The model the section names, into `doc`: "" when it is the one saved, else
// what is shown instead and why (for the load's message).
std::string restoreModel(NetworkDoc& doc, NetModelSource source, const std::string& path) {
    switch (source) {
    case NetModelSource::Shipped: {
        if (doc.model_source == NetModelSource::Shipped) return "";
        const std::string shipped = shippedModelPath();
        if (shipped.empty()) return "the shipped model is not installed, so the model stays " + doc.model_name;
        const std::string why = readModel(doc, shipped, NetModelSource::Shipped);
        return why.empty() ? "" : "the shipped model did not open (" + why + "), so the model stays " + doc.model_name;
    }
    case NetModelSource::File: {
        if (doc.model_source == NetModelSource::File && doc.model_path == path) return "";
        const std::string why = readModel(doc, path, NetModelSource::File);
        return why.empty() ? "" : "its model file did not open (" + why + "), so the model stays " + doc.model_name;
    }
    case NetModelSource::TrainedHere: {
        // The weights were never in the file: keep this run's trained ones, else say what stands in for them.
        if (doc.model_source == NetModelSource::TrainedHere)
            return "its model was trained in the app and not saved; the weights trained in this run stay";
        const std::string stand_in = restoreModel(doc, NetModelSource::Shipped, "");
        return "its model was trained in the app and not saved as a model file (Save model... keeps one), so it shows " +
               (stand_in.empty() ? std::string("the shipped model instead") : doc.model_name + " (" + stand_in + ")");
    }
    case NetModelSource::Untrained:
        if (doc.model_source != NetModelSource::Untrained) {
            doc.net = ConvNet();
            doc.model_name = "untrained";
            doc.model_source = NetModelSource::Untrained;
            doc.model_path.clear();
            ++doc.model_revision;
        }
        return "";
    }
    return "";
}

}  // namespace

void loadSection(App& app, const std::string& section) {
    prepare(app);  // the gallery and the shipped model first: showing the page later must not replace what loads here
    NetworkDoc doc = app.network();
    bool training_tab = false;
    networkSectionFromJson(section, doc, training_tab);  // throws naming the field; `doc` is a copy
    const NetGallery& gallery = app.networkGallery();
    std::string note;
    if (doc.source == NetInputSource::Gallery && !gallery.images.empty() &&
        static_cast<std::size_t>(doc.gallery_index) >= gallery.images.size())
        throw LessonFileError("\"pages.Network.gallery_index\" is " + std::to_string(doc.gallery_index) + "; the gallery has " +
                              std::to_string(gallery.images.size()) + " images.");
    if (doc.source == NetInputSource::Gallery && gallery.images.empty()) {
        doc.source = NetInputSource::Canvas;
        note = "its gallery input needs the test images (" + gallery.error + "), so it shows the canvas";
    }
    if (doc.source == NetInputSource::File && doc.file_pixels.empty() && !doc.file_path.empty()) {  // a hand-written session: read the file
        try {
            doc.file_pixels = imageToNetInput(loadImage(doc.file_path), kConvNetImageSide);
        } catch (const std::exception& e) {
            throw LessonFileError("\"pages.Network.file_path\": " + std::string(e.what()));
        }
    }
    // The clicked activation must lie inside its stage (the stages' shapes do not depend on the weights).
    if (doc.selected.valid()) {
        NetworkView check;
        check.update(doc, gallery);
        const auto& stages = check.stages();
        const NetSelection& s = doc.selected;
        if (static_cast<std::size_t>(s.stage) >= stages.size() || s.c >= stages[static_cast<std::size_t>(s.stage)].maps ||
            s.y >= stages[static_cast<std::size_t>(s.stage)].h || s.x >= stages[static_cast<std::size_t>(s.stage)].w)
            throw LessonFileError("\"pages.Network.selected\" is outside stage " + std::to_string(s.stage) + "'s output.");
    }
    // A run going on would publish its weights over the model this loads
    // (the question before the load said so): it stops here, unpublished.
    if (std::unique_ptr<NetworkTrainer>& trainer = app.networkTrainer(); trainer && trainer->busy()) {
        trainer->stop();
        trainer->join();
        trainer.reset();
        doc.training.snapshot = NetTrainingSnapshot{};
    }
    const NetModelSource model = doc.model_source;
    const std::string model_path = doc.model_path;
    doc.model_source = app.network().model_source;  // restoreModel compares with what the page holds
    doc.model_path = app.network().model_path;
    const std::string model_note = restoreModel(doc, model, model_path);
    if (!model_note.empty()) note += (note.empty() ? "" : "; ") + model_note;
    app.network() = std::move(doc);
    NetworkUiState& ui = app.networkUi();
    ui.training_tab = training_tab;
    ui.first_selection_done = true;  // the saved selection (or none) stands
    if (!note.empty()) app.noteOnLoad("its Network page: " + note);
}

}  // namespace cs::page_network
