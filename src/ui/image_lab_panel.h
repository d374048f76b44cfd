#pragma once
// The image lab's panels (issue 5): image source (samples, open dialog,
// drag-and-drop, command line), kernel editor, filter and pooling options,
// the input/output views (side by side or a before/after split, synchronised
// zoom and pan, values printed at high zoom with the kernel window over them),
// the histogram and an overlay with the last filter's time and the frame rate.
//
// The panels edit the ImageLab document and LabUiState (requests for the app)
// and draw what LabFrame holds; they compute nothing and call no GL: the app's
// ImageLabRunner filters and hands the textures over as ImTextureID.
//
//   drawImageLabPanel(lab, lab_ui, frame);   // inside an ImGui window
//   if (lab_ui.step_pixel_x >= 0) ...        // the app opens the step view
#include <imgui.h>

#include <string>
#include <vector>

#include "core/image.h"
#include "core/image_lab.h"
#include "core/tensor.h"
#include "ui/file_browser.h"

namespace cs {

// What the app derived for this frame. Pointers stay valid until the next
// ImageLabRunner::update.
struct LabFrame {
    bool has_image = false;
    ImTextureID input_texture = nullptr;   // the input in the channel view, RGBA
    ImTextureID output_texture = nullptr;  // the output (filtered, pooled), RGBA; may be a preview
    int in_w = 0, in_h = 0;
    int tex_w = 0, tex_h = 0;              // the output texture's size (preview: smaller)
    float tex_scale_x = 1.f, tex_scale_y = 1.f;  // input pixels per output texture pixel
    int out_w = 0, out_h = 0;              // the full output (after pooling)
    float out_scale_x = 1.f, out_scale_y = 1.f;  // input pixels per full output pixel
    bool preview = false;                  // the texture is a reduced-resolution preview
    int preview_factor = 1;
    const Image* source = nullptr;         // the input image
    const Image* input_display = nullptr;  // what input_texture shows (RGBA)
    const Image* output_display = nullptr; // what the full output looks like (RGBA); null while none
    const Tensor* output_planes = nullptr; // full output values [C, out_h, out_w]; null while none
    std::vector<float> histogram;
    float lo = 0.f, hi = 0.f;              // range of the output values on show
    double filter_ms = 0.0;                // the last filter (+ pooling), wall clock
    double display_ms = 0.0;               // turning it into a texture
    double fps = 0.0;
    std::string engine = "cpu";            // "gpu" or "cpu"
    std::string engine_notice;             // why the CPU is used, when it is
    std::string size_text;                 // the plan's sizes in words
    std::string error;                     // invalid document: why (the last valid result stays)
    std::vector<std::string> samples;      // bundled sample images (full paths)
    std::string assets_dir;                // where they were found ("" when not)
};

// Panel state that is not the document, and requests the app carries out.
struct LabUiState {
    FileBrowser browser;
    std::string save_path = "convscope_output.png";
    bool request_save = false;           // write frame's output to save_path
    int step_pixel_x = -1, step_pixel_y = -1;  // open the step view on this input pixel
    bool kernel_dragging = false;        // a kernel value is being dragged (preview filtering)
    int hover_x = -1, hover_y = -1;      // input pixel under the mouse (either view)
    int next_hover_x = -1, next_hover_y = -1;
    bool dragging_split = false;
    bool panning = false;
    std::string message;                 // last action's result
    bool message_is_error = false;
    double message_time = 0.0;
    void say(std::string text, bool error = false) {
        message = std::move(text);
        message_is_error = error;
        message_time = error ? 8.0 : 4.0;
    }
};

// The whole image lab, laid out in the current window's content region.
void drawImageLabPanel(ImageLab& lab, LabUiState& ui, const LabFrame& frame);

// The controls column alone (image source, kernel, options, display, save).
void drawImageLabControls(ImageLab& lab, LabUiState& ui, const LabFrame& frame);

}  // namespace cs
