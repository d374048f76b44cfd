#pragma once
// The image lab's panels (issue 5): image source (samples, open dialog,
// drag-and-drop, command line), kernel editor, filter and pooling options,
// the input/output views (side by side or a before/after split, synchronised
// zoom and pan, values printed at high zoom with the kernel window over them),
// the histogram and an overlay with the last filter's time and the frame rate.
//
// The panels edit the ImageLab document and LabUiState (requests for the app)
// and draw what the ImageLabView (core/image_lab_view.h) derived; they compute
// nothing and call no GL: the app's LabPresenter uploads the view's images and
// hands the textures over as ImTextureID.
//
//   drawImageLabPanel(lab, lab_ui, view, textures);   // inside an ImGui window
//   if (lab_ui.step_pixel_x >= 0) ...        // the app opens the step view
#include <imgui.h>

#include <string>
#include <vector>

#include "core/image.h"
#include "core/image_lab.h"
#include "core/image_lab_view.h"
#include "core/tensor.h"
#include "ui/file_browser.h"
#include "ui/widgets.h"

namespace cs {

// The textures the app uploaded from the view's images (null while none).
struct LabTextures {
    ImTextureID input = nullptr;   // LabFrame::input_display
    ImTextureID output = nullptr;  // LabFrame::output_texture_image
};

// Panel state that is not the document, and requests the app carries out.
struct LabUiState {
    FileBrowser browser;
    std::string save_path = "convscope_output.png";
    std::vector<std::string> samples;    // bundled sample images (full paths)
    std::string assets_dir;              // where they were found ("" when not)
    bool request_save = false;           // write frame's output to save_path
    int step_pixel_x = -1, step_pixel_y = -1;  // open the step view on this input pixel
    bool kernel_dragging = false;        // a kernel value is being dragged (preview filtering)
    int hover_x = -1, hover_y = -1;      // input pixel under the mouse (either view)
    int next_hover_x = -1, next_hover_y = -1;
    bool dragging_split = false;
    bool panning = false;
    PageMessage message;                 // last action's result, under the image picker; the page ages it
};

// The whole image lab, laid out in the current window's content region.
void drawImageLabPanel(ImageLab& lab, LabUiState& ui, const ImageLabView& view, const LabTextures& textures);

// The controls column alone (image source, kernel, options, display, save).
void drawImageLabControls(ImageLab& lab, LabUiState& ui, const LabFrame& frame);

}  // namespace cs
