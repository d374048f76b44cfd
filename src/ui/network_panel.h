#pragma once
// The Network page's panels (issue 11). They edit the NetworkDoc (the input
// source, the canvas, the clicked activation) and draw what the NetworkView
// derived; files (model, image) are requests the page's glue carries out.
// No GL: the glue uploads the view's pictures and hands them over as
// ImTextureID.
//
//   drawNetworkInputPanel(doc, view, gallery, ui, textures);   // left column: input, then the prediction
//   addNetworkModelActions(actions, ui);                       // the top bar: Open model... Save model...
//   drawNetworkStage(doc, view, textures);                     // every layer's maps
//   drawNetworkArithmetic(view);                               // the clicked activation
#include <imgui.h>

#include <string>

#include "core/network_doc.h"
#include "core/network_view.h"
#include "ui/file_browser.h"
#include "ui/toolbar_panel.h"
#include "ui/widgets.h"

namespace cs {

// The textures of the view's pictures (null while none): stages[i] is
// NetworkView::stages()[i].picture.
struct NetworkTextures {
    ImTextureID stages[11] = {};
    ImTextureID filters = nullptr;
    ImTextureID gallery = nullptr;
    ImTextureID misclassified = nullptr;  // the first misclassified test images, kMisclassifiedColumns a row
    int misclassified_count = 0;
};

// The misclassified gallery's layout (the glue builds its picture to match).
inline constexpr int kMisclassifiedColumns = 10;
inline constexpr int kMisclassifiedShown = 60;

// Start asks the glue, which asks the student first when the model would be
// lost (NetworkDoc::model_unsaved); Replace is their answer (start anyway).
enum class NetTrainRequest { None, Start, Replace, Pause, Resume, Stop };

// Panel state that is not the document, and requests for the glue.
struct NetworkUiState {
    FileBrowser image_browser;
    FileBrowser model_browser;
    std::string open_image;   // read this image file as the input
    std::string open_model;   // read this model file
    std::string save_model;   // write the model here
    std::string data_dir;     // where the gallery's test images came from
    NetInputSource shown_tab = NetInputSource::Gallery;  // the input tab drawn last frame
    bool first_selection_done = false;   // the predicted logit was selected on first show
    float last_x = -1.f, last_y = -1.f;  // the canvas stroke's last point (-1: not drawing)
    bool training_tab = false;           // the right side shows Training instead of the layers
    NetTrainRequest train_request = NetTrainRequest::None;
    int show_test_image = -1;            // a misclassified test image was clicked: make it the input
    bool confirm_training = false;       // the glue asks: "Training will replace the model ... Save it first?"
    bool start_after_save = false;       // "Save first...": start once the model is saved
    // A canvas stroke is under way (the view holds the GPU pass back until it ends).
    bool drawing() const { return last_x >= 0.f; }
};

// The input tabs (test images, canvas, file) and below them the prediction:
// the class in large type, then per class its logit and softmax bar (a
// click on a row explains that logit).
void drawNetworkInputPanel(NetworkDoc& doc, const NetworkView& view, const NetGallery& gallery, NetworkUiState& ui,
                           const NetworkTextures& textures);
// The top bar's Open model... / Save model... (inline or in its More menu,
// ui/toolbar_panel.h) and their browser, drawn every frame.
void addNetworkModelActions(BarActions& actions, NetworkUiState& ui);
void drawNetworkModelBrowser(NetworkUiState& ui);
// network_stage.cpp
void drawNetworkStage(NetworkDoc& doc, const NetworkView& view, const NetworkTextures& textures);
// The content height the stage needs at this width, at most `most` (then the maps shrink to fit).
float networkStageHeight(float width, float most);
void drawNetworkArithmetic(const NetworkView& view);
// network_training_panel.cpp: the "Layers | Training" switch at the top of
// the right side, and the Training tab (controls, progress, curves,
// confusion matrix, misclassified test images).
void drawNetworkRightTabs(NetworkUiState& ui);
float networkRightTabsHeight();
void drawNetworkTrainingPanel(NetworkDoc& doc, NetworkUiState& ui, const NetworkTextures& textures);

}  // namespace cs
