#pragma once
// The Network page's entry in the page table (pages.h): the seed's ConvNet
// looked at layer by layer (issue 11). Document core/network_doc.h
// (App::network), view core/network_view.h, panels ui/network_panel.h; this
// glue reads the files through io (the shipped model on first show, found as
// the bundled assets are; the Fashion-MNIST test images for the gallery;
// model and image files the panels ask for), uploads the view's pictures as
// textures and lays the panels out. The forward pass is the CPU reference.
#include <cstdint>
#include <string>
#include <vector>

#include "app/pages.h"
#include "gpu/gl_texture.h"

namespace cs {

// The page's textures (need the GL context: made on the first update while shown).
struct NetworkGl {
    GlImageTexture stages[11], filters, gallery, misclassified;
    std::uint64_t misclassified_revision = 0;  // the trainer's model revision the picture is from
    int misclassified_count = 0;
    std::uint64_t revision = 0;  // the view's revision they show
    bool gallery_uploaded = false;
};

namespace page_network {

std::vector<std::string> lessonNames();  // "network", "net", "convnet"
// --image PATH: that image as the input (probed now: one that will not load fails the command).
bool open(App& app, const GuiOptions& o);
void show(App& app);
void update(App& app, double dt, bool shown);
void draw(App& app, const PageArea& area);
// The top bar: the session's Open... / Save..., Open model... / Save model..., appearance.
void toolbar(App& app);
// An image file as the input (drag-and-drop, --image); a bad one is a message and the input stays.
void load(App& app, const std::string& path);

// Reads a model file into the document; a refused file says why (io's
// message, naming the tensor) on the status line and the current model stays.
// `quiet`: the shipped model on first show: no message on success, and the
// model counts as the shipped one (sessions, the replace question).
void openModel(App& app, const std::string& path, bool quiet);
void saveModel(App& app, const std::string& path);
// An image file as the input (gray, 28 x 28 by area, / 255); a bad one says why, the input stays.
void openImageInput(App& app, const std::string& path);

// Sessions (io/session_json.h networkSectionToJson): the input, the clicked
// activation, the Layers | Training tab, the training settings and where the
// model came from. loadSection reads the model again (the shipped one or the
// file; weights trained here and never saved are named in the load's
// message, App::noteOnLoad), checks the gallery index, the selection and a
// file input before anything on show is replaced, and throws
// LessonFileError naming the field.
std::string saveSection(App& app);
void loadSection(App& app, const std::string& section);

// The Training tab's requests (Start asks first when NetworkDoc::model_unsaved;
// Replace, Pause, Resume, Stop) and this frame's snapshot: the page's update
// calls it; tests drive it without a window (it touches no GL).
void updateTraining(App& app);

// The shipped model: <assets>/models/fashion_convnet.safetensors ("" when not found).
std::string shippedModelPath();

}  // namespace page_network
}  // namespace cs
