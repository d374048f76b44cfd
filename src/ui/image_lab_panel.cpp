// The image lab's layout: a controls column on the left, the views (input and
// output, side by side or split) with the histogram below on the right.
// Sections: controls (image source, options, display, save) | views (drawing,
// hover, kernel window, click-to-step) | histogram | the whole panel.
#include "ui/image_lab_panel.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <filesystem>

#include "core/engine.h"
#include "ui/fonts.h"
#include "ui/image_view.h"
#include "ui/kernel_editor_panel.h"
#include "ui/theme.h"
#include "ui/widgets.h"

namespace cs {
namespace {

std::string fileName(const std::string& path) { return std::filesystem::path(path).filename().string(); }

// ---- Controls ------------------------------------------------------------------

void imageSource(ImageLab& lab, LabUiState& ui, const LabFrame& frame) {
    ImGui::TextUnformatted("Image");
    const float F = ImGui::GetFontSize();
    ImGui::SetNextItemWidth(-F * 5.f);
    // The image on show: after a failed open the document names the file that
    // failed, while the last image that worked stays on show.
    const std::string current = frame.shown_path.empty() ? std::string("(none)") : fileName(frame.shown_path);
    if (ImGui::BeginCombo("##sample", current.c_str())) {
        if (ui.samples.empty()) ImGui::TextDisabled("no bundled samples found (see README: Image lab)");
        for (const std::string& s : ui.samples)
            if (ImGui::Selectable(fileName(s).c_str(), s == frame.shown_path)) openImage(lab, s);
        ImGui::EndCombo();
    }
    itemTooltip("Bundled samples%s%s", ui.assets_dir.empty() ? "" : " from ", ui.assets_dir.c_str());
    ImGui::SameLine();
    if (ImGui::Button("Open...")) ui.browser.open("Open an image");
    std::string chosen;
    if (drawFileBrowser(ui.browser, chosen)) openImage(lab, chosen);
    if (frame.has_image) {
        const char* kind = frame.source == nullptr ? "" : frame.source->channels == 1 ? "gray" : frame.source->channels == 2 ? "gray+alpha" : frame.source->channels == 3 ? "RGB" : "RGBA";
        mutedText(std::to_string(frame.in_w) + " x " + std::to_string(frame.in_h) + " " + kind +
                  "  (or drop a file on the window)");
    } else {
        mutedText("Pick a sample, Open..., or drop a file on the window.");
    }
}

std::string paddingTooltip() {
    std::string tip = "What the kernel reads beyond the border:";
    for (const PaddingModeInfo& mode : allPaddingModes())
        tip += "\n" + std::string(mode.name) + ": " + std::string(mode.help);
    return tip;
}

bool pairSlider(const char* label, Pair& p, int lo, int hi) {
    int v[2] = {p.h, p.w};
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8.f);
    if (!ImGui::SliderInt2(label, v, lo, hi)) return false;
    p.h = std::clamp(v[0], lo, hi);
    p.w = std::clamp(v[1], lo, hi);
    return true;
}

void filterOptions(ImageLab& lab, const LabFrame& frame) {
    const float F = ImGui::GetFontSize();
    ImGui::SetNextItemWidth(F * 8.f);
    if (ImGui::BeginCombo("padding", std::string(paddingModeName(lab.padding_mode)).c_str())) {
        for (const PaddingModeInfo& mode : allPaddingModes())
            if (ImGui::Selectable(std::string(mode.name).c_str(), lab.padding_mode == mode.mode) &&
                lab.padding_mode != mode.mode) {
                lab.padding_mode = mode.mode;
                lab.touch();
            }
        ImGui::EndCombo();
    }
    static const std::string padding_tip = paddingTooltip();  // the modes are fixed: built once
    itemTooltip("%s", padding_tip.c_str());
    if (pairSlider("stride (y, x)", lab.stride, 1, kMaxLabStride)) lab.touch();
    if (pairSlider("dilation (y, x)", lab.dilation, 1, kMaxLabStride)) lab.touch();

    static const char* kPools[] = {"no pooling", "max pool", "average pool", "L2 pool"};
    int pool = static_cast<int>(lab.pool);
    ImGui::SetNextItemWidth(F * 8.f);
    if (ImGui::Combo("##pool", &pool, kPools, 4)) {
        lab.pool = static_cast<LabPool>(pool);
        lab.touch();
    }
    if (lab.pool != LabPool::None) {
        ImGui::SameLine();
        ImGui::SetNextItemWidth(F * 4.5f);
        if (ImGui::SliderInt("size", &lab.pool_size, 1, kMaxLabPool)) lab.touch();
        ImGui::SameLine();
        ImGui::SetNextItemWidth(F * 4.5f);
        if (ImGui::SliderInt("step", &lab.pool_stride, 1, kMaxLabPool)) lab.touch();
    }
    if (!frame.size_text.empty()) {
        const bool changed_size = frame.out_w != frame.in_w || frame.out_h != frame.in_h;
        wrappedText(changed_size ? palette().accent_text : palette().muted_text, frame.size_text);
    }
}

void displayOptions(ImageLab& lab, const LabFrame& frame) {
    ImGui::TextUnformatted("Show the output as");
    int d = static_cast<int>(lab.display);
    bool changed = ImGui::RadioButton("clamp", &d, 0);
    itemTooltip("values below 0 become black, above 255 white");
    ImGui::SameLine();
    changed |= ImGui::RadioButton("|abs|", &d, 1);
    itemTooltip("the size of the response, whatever its sign");
    ImGui::SameLine();
    changed |= ImGui::RadioButton("min-max", &d, 2);
    itemTooltip("stretch the smallest..largest value to 0..255");
    ImGui::SameLine();
    changed |= ImGui::RadioButton("diverging", &d, 3);
    itemTooltip("signed colours: negative blue, zero dark, positive orange");
    if (changed) {
        lab.display = static_cast<LabDisplay>(d);
        lab.touch();
    }

    ImGui::TextUnformatted("Channels");
    ImGui::SameLine();
    const bool colour = frame.source != nullptr && frame.source->channels >= 3;
    int c = static_cast<int>(lab.view.channel);
    bool ch = ImGui::RadioButton("all", &c, 0);
    ImGui::BeginDisabled(!colour);
    ImGui::SameLine();
    ch |= ImGui::RadioButton("R", &c, 1);
    ImGui::SameLine();
    ch |= ImGui::RadioButton("G", &c, 2);
    ImGui::SameLine();
    ch |= ImGui::RadioButton("B", &c, 3);
    ImGui::SameLine();
    ch |= ImGui::RadioButton("gray", &c, 4);
    ImGui::EndDisabled();
    if (ch) {
        lab.view.channel = static_cast<LabChannel>(c);
        lab.touch();
    }
    if (colour && lab.view.channel == LabChannel::All) {
        // "all" filters every channel on its own: the hover, the printed values
        // and the step view show one of them.
        ImGui::TextUnformatted("Inspect");
        itemTooltip("\"all\" filters each colour channel on its own: the hovered value, the values printed\n"
                    "at high zoom, the diverging colours and the step view show this one");
        ImGui::SameLine();
        int inspect = std::clamp(lab.view.inspect, 0, 2);
        bool ic = ImGui::RadioButton("R##inspect", &inspect, 0);
        ImGui::SameLine();
        ic |= ImGui::RadioButton("G##inspect", &inspect, 1);
        ImGui::SameLine();
        ic |= ImGui::RadioButton("B##inspect", &inspect, 2);
        if (ic) {
            lab.view.inspect = inspect;
            lab.touch();
        }
    }

    int layout = static_cast<int>(lab.view.layout);
    bool lc = ImGui::RadioButton("side by side", &layout, 0);
    ImGui::SameLine();
    lc |= ImGui::RadioButton("before/after split", &layout, 1);
    if (lc) {
        lab.view.layout = static_cast<LabLayout>(layout);
        lab.touch();
    }
    if (frame.out_w != frame.in_w || frame.out_h != frame.in_h) {
        if (ImGui::Checkbox("output at its true pixel size", &lab.view.pooled_true_size)) lab.touch();
        itemTooltip("off: scaled up to cover the input it came from");
    }
    if (ImGui::Checkbox("values when zoomed in", &lab.view.show_values)) lab.touch();
    ImGui::SameLine();
    if (ImGui::Checkbox("histogram", &lab.view.show_histogram)) lab.touch();
    if (ImGui::Button("Fit")) {
        lab.view.zoom = 0.f;
        lab.touch();
    }
    ImGui::SameLine();
    if (ImGui::Button("1:1")) {
        lab.view.zoom = 1.f;
        lab.touch();
    }
    ImGui::SameLine();
    if (ImGui::Button("Pixels")) {
        lab.view.zoom = kLabValuesZoom * 1.6f;
        lab.touch();
    }
    itemTooltip("Zoom in far enough to print every pixel's value");
}

void saveControls(LabUiState& ui, const LabFrame& frame) {
    const float F = ImGui::GetFontSize();
    ImGui::SetNextItemWidth(-F * 6.f);
    ImGui::InputText("##save", &ui.save_path);
    ImGui::SameLine();
    ImGui::BeginDisabled(frame.output_planes == nullptr);
    if (ImGui::Button("Save PNG")) ui.request_save = true;
    ImGui::EndDisabled();
}

// ---- Views -----------------------------------------------------------------------

// How the output is drawn in input coordinates.
struct OutputMap {
    float sx = 1.f, sy = 1.f;    // input pixels per full output pixel, as drawn
    float tsx = 1.f, tsy = 1.f;  // input pixels per texture pixel, as drawn
};

OutputMap outputMap(const ImageLab& lab, const LabFrame& f) {
    OutputMap m;
    const bool true_size = lab.view.pooled_true_size && (f.out_w != f.in_w || f.out_h != f.in_h);
    const float kx = true_size ? 1.f / f.out_scale_x : 1.f, ky = true_size ? 1.f / f.out_scale_y : 1.f;
    m.sx = f.out_scale_x * kx;
    m.sy = f.out_scale_y * ky;
    m.tsx = f.tex_scale_x * kx;
    m.tsy = f.tex_scale_y * ky;
    return m;
}

float lumAt(const Image* im, int x, int y) {
    if (im == nullptr || x < 0 || y < 0 || x >= im->width || y >= im->height) return 0.f;
    return 0.299f * im->at(x, y, 0) + 0.587f * im->at(x, y, 1) + 0.114f * im->at(x, y, 2);
}

void frameRect(ImDrawList* dl, const LabViewport& vp, float w, float h) {
    dl->PushClipRect(vp.pos, ImVec2(vp.pos.x + vp.size.x, vp.pos.y + vp.size.y), true);
    dl->AddRect(vp.toScreen(0, 0), vp.toScreen(w, h), palette().grid_line);
    dl->PopClipRect();
}

void drawInputValues(ImDrawList* dl, const LabViewport& vp, const ImageLab& lab, const ImageLabView& view) {
    const LabFrame& f = view.frame();
    if (!lab.view.show_values || vp.zoom < kLabValuesZoom || f.source == nullptr) return;
    drawCellValues(dl, vp, f.in_w, f.in_h, 1.f, 1.f,
                   [&](int x, int y) { return view.inputValue(lab, x, y); },
                   [&](int x, int y) { return lumAt(f.input_display, x, y); });
}

void drawOutputValues(ImDrawList* dl, const LabViewport& vp, const ImageLab& lab, const ImageLabView& view, const OutputMap& m) {
    const LabFrame& f = view.frame();
    if (!lab.view.show_values || f.output_planes == nullptr || vp.zoom * std::min(m.sx, m.sy) < kLabValuesZoom) return;
    drawCellValues(dl, vp, f.out_w, f.out_h, m.sx, m.sy,
                   [&](int x, int y) { return view.outputValue(lab, x, y); },
                   [&](int x, int y) { return lumAt(f.output_display, x, y); });
}

// The kernel's taps over the input around anchor pixel (ax, ay), with the
// weights actually multiplied (flipped for convolution) at high zoom.
void drawKernelWindow(ImDrawList* dl, const LabViewport& vp, const ImageLab& lab, int ax, int ay) {
    const Tensor k = lab.convolve ? flipKernel(lab.kernel) : lab.kernel;
    const int kh = k.dim(0), kw = k.dim(1);
    const int cy = (kh - 1) / 2, cx = (kw - 1) / 2;
    const int dy = lab.dilation.h, dx = lab.dilation.w;
    const Palette& pal = palette();
    dl->PushClipRect(vp.pos, ImVec2(vp.pos.x + vp.size.x, vp.pos.y + vp.size.y), true);
    const float x0 = static_cast<float>(ax - cx * dx), y0 = static_cast<float>(ay - cy * dy);
    const float x1 = static_cast<float>(ax + (kw - 1 - cx) * dx + 1), y1 = static_cast<float>(ay + (kh - 1 - cy) * dy + 1);
    const bool taps = vp.zoom >= 6.f && kh * kw <= 81 * 4;
    if (taps && (dx > 1 || dy > 1 || vp.zoom >= 12.f)) {
        ImFont* font = uiFonts().small ? uiFonts().small : ImGui::GetFont();
        const bool weights = vp.zoom >= kLabValuesZoom * 1.2f && lab.view.show_values;
        char buf[32];
        for (int i = 0; i < kh; ++i)
            for (int j = 0; j < kw; ++j) {
                const float px = static_cast<float>(ax + (j - cx) * dx), py = static_cast<float>(ay + (i - cy) * dy);
                dl->AddRect(vp.toScreen(px, py), vp.toScreen(px + 1, py + 1), pal.window_line, 0.f, 0, 1.5f);
                if (weights) {
                    formatPixelValue(k.at(i, j), buf, sizeof buf);
                    const float fs = std::min(font->FontSize, vp.zoom * 0.3f);
                    const ImVec2 c = vp.toScreen(px, py);
                    const ImVec2 ts = font->CalcTextSizeA(fs, 1e9f, 0.f, buf);
                    dl->AddRectFilled(ImVec2(c.x + 1, c.y + 1), ImVec2(c.x + ts.x + 5, c.y + ts.y + 2), IM_COL32(0, 0, 0, 170));
                    dl->AddText(font, fs, ImVec2(c.x + 3, c.y + 1), IM_COL32(255, 210, 90, 255), buf);
                }
            }
    }
    dl->AddRect(vp.toScreen(x0, y0), vp.toScreen(x1, y1), pal.window_line, 0.f, 0, 2.5f);
    const ImVec2 c0 = vp.toScreen(static_cast<float>(ax), static_cast<float>(ay));
    dl->AddRect(c0, ImVec2(c0.x + vp.zoom, c0.y + vp.zoom), pal.current_line, 0.f, 0, 2.f);
    dl->PopClipRect();
}

void drawOutputCell(ImDrawList* dl, const LabViewport& vp, const OutputMap& m, const LabFrame& f, int ax, int ay) {
    const int ox = std::min(f.out_w - 1, static_cast<int>(static_cast<float>(ax) / f.out_scale_x));
    const int oy = std::min(f.out_h - 1, static_cast<int>(static_cast<float>(ay) / f.out_scale_y));
    dl->PushClipRect(vp.pos, ImVec2(vp.pos.x + vp.size.x, vp.pos.y + vp.size.y), true);
    const float x = static_cast<float>(ox) * m.sx, y = static_cast<float>(oy) * m.sy;
    dl->AddRect(vp.toScreen(x, y), vp.toScreen(x + m.sx, y + m.sy), palette().current_line, 0.f, 0, 2.5f);
    dl->PopClipRect();
}

// The input pixel a screen point picks: on the input directly, on the output
// the pixel its output cell sits on.
bool pickPixel(const LabViewport& vp, ImVec2 mouse, bool output, const OutputMap& m, const LabFrame& f, int& x, int& y) {
    if (!vp.contains(mouse)) return false;
    const ImVec2 p = vp.toImage(mouse);
    if (output) {
        const int ox = static_cast<int>(std::floor(p.x / m.sx)), oy = static_cast<int>(std::floor(p.y / m.sy));
        if (ox < 0 || oy < 0 || ox >= f.out_w || oy >= f.out_h) return false;
        x = static_cast<int>(static_cast<float>(ox) * f.out_scale_x);
        y = static_cast<int>(static_cast<float>(oy) * f.out_scale_y);
    } else {
        x = static_cast<int>(std::floor(p.x));
        y = static_cast<int>(std::floor(p.y));
    }
    if (x >= 0 && y >= 0 && x < f.in_w && y < f.in_h) return true;
    x = y = -1;  // beside the image: no pixel, no made-up values
    return false;
}

void overlayBox(ImDrawList* dl, ImVec2 at, const std::string& text, ImU32 color) {
    const ImVec2 ts = ImGui::CalcTextSize(text.c_str());
    dl->AddRectFilled(at, ImVec2(at.x + ts.x + 12.f, at.y + ts.y + 8.f), IM_COL32(0, 0, 0, 185), 4.f);
    dl->AddText(ImVec2(at.x + 6.f, at.y + 4.f), color, text.c_str());
}

void drawOverlay(ImDrawList* dl, const LabViewport& vp, const LabFrame& f) {
    char buf[200];
    if (f.fps > 0.0)
        std::snprintf(buf, sizeof buf, "%s  filter %.1f ms  |  %.0f fps", f.engine_label.c_str(), f.filter_ms, f.fps);
    else
        std::snprintf(buf, sizeof buf, "%s  filter %.1f ms", f.engine_label.c_str(), f.filter_ms);
    std::string text = buf;
    // The path's name on a line of its own when the line would not fit the view.
    if (ImGui::CalcTextSize(buf).x + 28.f > vp.size.x) {
        if (f.fps > 0.0) std::snprintf(buf, sizeof buf, "filter %.1f ms  |  %.0f fps", f.filter_ms, f.fps);
        else std::snprintf(buf, sizeof buf, "filter %.1f ms", f.filter_ms);
        text = f.engine_label + "\n" + buf;
    }
    if (!f.engine_reason.empty()) {
        std::string reason = "(" + f.engine_reason + ")";
        const std::size_t colon = reason.find(": ");  // "(software GL: the CPU is faster)": two lines when narrow
        if (ImGui::CalcTextSize(reason.c_str()).x + 28.f > vp.size.x && colon != std::string::npos)
            reason.replace(colon, 2, ":\n ");
        text += "\n" + reason;
    }
    if (f.preview) text += "\npreview at 1/" + std::to_string(f.preview_factor) + " resolution while dragging";
    overlayBox(dl, ImVec2(vp.pos.x + 8.f, vp.pos.y + 8.f), text, IM_COL32(235, 235, 235, 255));
    if (!f.error.empty()) {
        const std::string e = "Not applied: " + f.error + "\n(showing the last valid result)";
        const ImVec2 ts = ImGui::CalcTextSize(e.c_str());
        overlayBox(dl, ImVec2(vp.pos.x + 8.f, vp.pos.y + vp.size.y - ts.y - 16.f), e, palette().error_text);
    }
}

// `text` cut to fit `width` pixels, with "..." where it was cut.
std::string fitted(std::string text, float width) {
    if (ImGui::CalcTextSize(text.c_str()).x <= width) return text;
    while (!text.empty() && ImGui::CalcTextSize((text + "...").c_str()).x > width) text.pop_back();
    return text + "...";
}

// A view's caption, inside its view: a narrow view shortens it rather than
// letting it run over the other view's.
void viewLabel(ImDrawList* dl, const LabViewport& vp, const std::string& label, bool right) {
    const std::string text = fitted(label, vp.size.x - 28.f);
    const ImVec2 ts = ImGui::CalcTextSize(text.c_str());
    const float x = right ? vp.pos.x + vp.size.x - ts.x - 20.f : vp.pos.x + 8.f;
    overlayBox(dl, ImVec2(x, vp.pos.y + vp.size.y - ts.y - 16.f), text, IM_COL32(235, 235, 235, 255));
}

std::string outputTitle(const ImageLab& lab) {
    std::string t = "after: ";
    t += lab.custom_kernel ? std::string("edited kernel") : std::string(kernelPresetInfo(lab.spec.preset).title);
    t += lab.convolve ? ", convolution" : ", cross-correlation";
    if (lab.pool != LabPool::None) t += ", " + std::string(labPoolName(lab.pool)) + " pool";
    return t;
}

void drawViews(ImageLab& lab, LabUiState& ui, const ImageLabView& view, const LabTextures& tex, ImVec2 pos, ImVec2 size) {
    const LabFrame& f = view.frame();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const Palette& pal = palette();
    const OutputMap m = outputMap(lab, f);
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    const bool split = lab.view.layout == LabLayout::Split;
    const float gap = split ? 0.f : ImGui::GetFontSize() * 0.5f;
    const float w = split ? size.x : (size.x - gap) * 0.5f;
    const LabViewport vin = labViewport(lab.view, pos, ImVec2(w, size.y), f.in_w, f.in_h);
    const LabViewport vout = labViewport(lab.view, split ? pos : ImVec2(pos.x + w + gap, pos.y), ImVec2(w, size.y), f.in_w, f.in_h);
    const float split_x = pos.x + size.x * std::clamp(lab.view.split, 0.f, 1.f);

    // Interaction: one invisible button per view takes the mouse.
    bool hovered_in = false, hovered_out = false;
    ImGui::SetCursorScreenPos(vin.pos);
    ImGui::InvisibleButton("view_in", vin.size);
    if (split) {
        hovered_out = ImGui::IsItemHovered() && mouse.x >= split_x;
        hovered_in = ImGui::IsItemHovered() && !hovered_out;
    } else {
        hovered_in = ImGui::IsItemHovered();
        ImGui::SetCursorScreenPos(vout.pos);
        ImGui::InvisibleButton("view_out", vout.size);
        hovered_out = ImGui::IsItemHovered();
    }
    const bool near_split = split && (hovered_in || hovered_out) && std::fabs(mouse.x - split_x) < 8.f;
    if (near_split || ui.dragging_split) ImGui::SetMouseCursor(ImGuiMouseCursor_ResizeEW);
    if (near_split && ImGui::IsMouseClicked(0)) ui.dragging_split = true;
    if (ui.dragging_split) {
        if (!ImGui::IsMouseDown(0)) {
            ui.dragging_split = false;
        } else {
            lab.view.split = std::clamp((mouse.x - pos.x) / size.x, 0.f, 1.f);
            lab.touch();
        }
    } else if (handleZoomPan(lab.view, hovered_out && !split ? vout : vin, hovered_in || hovered_out, ui.panning)) {
        // The wheel keeps the image point under the cursor fixed, so the view the
        // cursor is in converts it (both views share zoom and centre).
        lab.touch();
    }

    // Hover: the input pixel under the mouse, from either view.
    int hx = -1, hy = -1;
    if (hovered_in) pickPixel(vin, mouse, false, m, f, hx, hy);
    if (hovered_out) pickPixel(vout, mouse, true, m, f, hx, hy);
    ui.hover_x = hx;
    ui.hover_y = hy;
    // A click that did not move the view opens the step view on that pixel.
    if ((hovered_in || hovered_out) && !ui.dragging_split && ImGui::IsMouseReleased(0) &&
        ImGui::GetIO().MouseDragMaxDistanceSqr[0] < 16.f && hx >= 0) {
        ui.step_pixel_x = hx;
        ui.step_pixel_y = hy;
    }

    // Input.
    const ImU32 bg = IM_COL32(12, 12, 14, 255);
    dl->AddRectFilled(vin.pos, ImVec2(vin.pos.x + vin.size.x, vin.pos.y + vin.size.y), bg);
    if (!split) dl->AddRectFilled(vout.pos, ImVec2(vout.pos.x + vout.size.x, vout.pos.y + vout.size.y), bg);
    if (!f.has_image) {
        const char* hint = "Pick a sample image on the left, press Open..., or drop an image file on the window.";
        const ImVec2 ts = ImGui::CalcTextSize(hint);
        dl->AddText(ImVec2(pos.x + (size.x - ts.x) * 0.5f, pos.y + size.y * 0.5f), pal.muted_text, hint);
        return;
    }
    if (split) dl->PushClipRect(vin.pos, ImVec2(split_x, vin.pos.y + vin.size.y), true);
    drawImageRect(dl, tex.input, vin, 0, 0, static_cast<float>(f.in_w), static_cast<float>(f.in_h));
    drawInputValues(dl, vin, lab, view);
    frameRect(dl, vin, static_cast<float>(f.in_w), static_cast<float>(f.in_h));
    if (split) dl->PopClipRect();

    // Output.
    if (split) dl->PushClipRect(ImVec2(split_x, vout.pos.y), ImVec2(vout.pos.x + vout.size.x, vout.pos.y + vout.size.y), true);
    drawImageRect(dl, tex.output, vout, 0, 0, static_cast<float>(f.tex_w) * m.tsx, static_cast<float>(f.tex_h) * m.tsy);
    if (!f.preview) drawOutputValues(dl, vout, lab, view, m);
    frameRect(dl, vout, static_cast<float>(f.out_w) * m.sx, static_cast<float>(f.out_h) * m.sy);
    if (split) dl->PopClipRect();

    if (hx >= 0) {
        drawKernelWindow(dl, vin, lab, hx, hy);
        drawOutputCell(dl, vout, m, f, hx, hy);
    }
    if (split) {
        dl->AddLine(ImVec2(split_x, pos.y), ImVec2(split_x, pos.y + size.y), IM_COL32(255, 255, 255, 230), 3.f);
        const float cy = pos.y + size.y * 0.5f;
        dl->AddCircleFilled(ImVec2(split_x, cy), 9.f, IM_COL32(255, 255, 255, 235));
        dl->AddTriangleFilled(ImVec2(split_x - 6.f, cy), ImVec2(split_x - 2.f, cy - 4.f), ImVec2(split_x - 2.f, cy + 4.f), IM_COL32(30, 30, 30, 255));
        dl->AddTriangleFilled(ImVec2(split_x + 6.f, cy), ImVec2(split_x + 2.f, cy + 4.f), ImVec2(split_x + 2.f, cy - 4.f), IM_COL32(30, 30, 30, 255));
    }
    viewLabel(dl, vin, "before: input", false);
    viewLabel(dl, vout, outputTitle(lab), true);
    drawOverlay(dl, vout, f);
}

void hoverLine(const ImageLab& lab, const LabUiState& ui, const ImageLabView& view) {
    const LabHover h = view.hover(lab, ui.hover_x, ui.hover_y);
    if (!h.valid) {
        if (!view.frame().has_image) return;
        const float room = ImGui::GetContentRegionAvail().x;
        const char* hint = "Wheel: zoom, drag: pan (both views together). Hover a pixel: its kernel window; click: step through its arithmetic.";
        const char* shorter = "Wheel: zoom, drag: pan; click a pixel: its arithmetic.";
        colouredText(palette().muted_text, "%s",
                     fitted(ImGui::CalcTextSize(hint).x <= room ? hint : shorter, room).c_str());
        return;
    }
    char in_text[32], out_text[32];
    formatPixelValue(h.in_value, in_text, sizeof in_text);
    std::string out = "-";
    if (h.has_out) {
        formatPixelValue(h.out_value, out_text, sizeof out_text);
        out = std::string(out_text) + " at output (" + std::to_string(h.out_x) + ", " + std::to_string(h.out_y) + ")";
    }
    ImGui::Text("pixel (%d, %d)  %s  in %s  ->  out %s   (click: step view)", h.x, h.y, h.channel.c_str(), in_text,
                out.c_str());
}

// The label sits on its own line above the bars (over them it hid the tallest).
void histogram(const LabFrame& f, float height) {
    if (f.histogram.empty()) return;
    char lo[32], hi[32];
    formatPixelValue(f.lo, lo, sizeof lo);
    formatPixelValue(f.hi, hi, sizeof hi);
    mutedText(std::string("histogram of the output values, ") + lo + " .. " + hi);
    const float plot_h = std::max(ImGui::GetFontSize(), height - ImGui::GetTextLineHeightWithSpacing());
    ImGui::PushStyleColor(ImGuiCol_PlotHistogram, colourVec(palette().accent_text));
    ImGui::PlotHistogram("##histogram", f.histogram.data(), static_cast<int>(f.histogram.size()), 0, nullptr, 0.f,
                         FLT_MAX, ImVec2(ImGui::GetContentRegionAvail().x, plot_h));  // 1.86: no -1 widths here
    ImGui::PopStyleColor();
}

// Diverging display: what its colours mean, from -max(|lo|, |hi|) through 0 to +max.
void colourBar(const LabFrame& f) {
    const float m = std::max(std::fabs(f.lo), std::fabs(f.hi));
    char neg[32], pos[32];
    formatPixelValue(-m, neg, sizeof neg);
    formatPixelValue(m, pos, sizeof pos);
    const float F = ImGui::GetFontSize();
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    const char* title = "diverging colours:";
    const char* note = "(0 in the middle)";
    // The bar gives way first, then the note (the centre tick marks 0 anyway):
    // on one line, never wrapped into a column of letters.
    const float texts = ImGui::CalcTextSize(title).x + ImGui::CalcTextSize(neg).x + ImGui::CalcTextSize(pos).x + spacing * 4.f;
    const float room = ImGui::GetContentRegionAvail().x - texts;
    const float note_w = ImGui::CalcTextSize(note).x + spacing;
    const bool with_note = room - note_w >= F * 8.f;
    const float w = std::clamp(with_note ? room - note_w : room, F * 4.f, F * 14.f);
    ImGui::AlignTextToFramePadding();
    colouredText(palette().muted_text, "%s", title);
    ImGui::SameLine();
    ImGui::TextUnformatted(neg);
    ImGui::SameLine();
    const ImVec2 a = ImGui::GetCursorScreenPos();
    const float h = ImGui::GetTextLineHeight();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    constexpr int kSegments = 48;
    for (int i = 0; i < kSegments; ++i) {
        std::uint8_t rgb[3];
        divergingColor(-1.f + 2.f * (static_cast<float>(i) + 0.5f) / kSegments, rgb);
        const float x0 = a.x + w * static_cast<float>(i) / kSegments, x1 = a.x + w * static_cast<float>(i + 1) / kSegments;
        dl->AddRectFilled(ImVec2(x0, a.y), ImVec2(x1 + 0.5f, a.y + h), IM_COL32(rgb[0], rgb[1], rgb[2], 255));
    }
    dl->AddLine(ImVec2(a.x + w * 0.5f, a.y - 2.f), ImVec2(a.x + w * 0.5f, a.y + h + 2.f), palette().heading_text, 1.5f);
    ImGui::Dummy(ImVec2(w, h));
    ImGui::SameLine();
    ImGui::TextUnformatted(pos);
    if (!with_note) return;
    ImGui::SameLine();
    colouredText(palette().muted_text, "%s", note);
}

}  // namespace

void drawImageLabControls(ImageLab& lab, LabUiState& ui, const LabFrame& frame) {
    imageSource(lab, ui, frame);
    // Messages (a file that would not open, a saved PNG) sit under the image
    // picker, where the eye is, not below the fold of a long column.
    if (!frame.engine_notice.empty()) wrappedText(palette().error_text, frame.engine_notice);
    // Two lines kept for the message with or without one: when "Opened ..."
    // went away every control below moved up under the pointer.
    if (ImGui::BeginChild("##lab_message", ImVec2(-1.f, ImGui::GetTextLineHeightWithSpacing() * 2.f), false))
        drawPageMessage(ui.message, /*wrapped=*/true);
    ImGui::EndChild();
    ImGui::Separator();
    drawKernelEditorPanel(lab, ui);
    ImGui::Separator();
    filterOptions(lab, frame);
    ImGui::Separator();
    displayOptions(lab, frame);
    ImGui::Separator();
    saveControls(ui, frame);
}

void drawImageLabPanel(ImageLab& lab, LabUiState& ui, const ImageLabView& view, const LabTextures& textures) {
    const LabFrame& frame = view.frame();
    const float F = ImGui::GetFontSize();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    // At large text the controls give way (they scroll) so the images keep two thirds of the width.
    const float left_w = std::min(std::clamp(avail.x * 0.3f, F * 21.f, F * 27.f), avail.x * 0.34f);
    ImGui::BeginChild("lab_controls", ImVec2(left_w, avail.y), false);
    drawImageLabControls(lab, ui, frame);
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("lab_views", ImVec2(0, avail.y), false, ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    const ImVec2 size = ImGui::GetContentRegionAvail();
    const float hist_h = lab.view.show_histogram && frame.has_image ? F * 5.5f : 0.f;
    const float line_h = ImGui::GetTextLineHeightWithSpacing();
    const bool bar = lab.display == LabDisplay::Diverging && frame.has_image;
    const float bar_h = bar ? ImGui::GetFrameHeightWithSpacing() : 0.f;
    const float views_h = std::max(F * 6.f, size.y - hist_h - bar_h - line_h - ImGui::GetStyle().ItemSpacing.y * 2.f);
    drawViews(lab, ui, view, textures, pos, ImVec2(size.x, views_h));
    ImGui::SetCursorScreenPos(ImVec2(pos.x, pos.y + views_h + ImGui::GetStyle().ItemSpacing.y));
    hoverLine(lab, ui, view);
    if (bar) colourBar(frame);
    if (hist_h > 0.f) histogram(frame, hist_h - ImGui::GetStyle().ItemSpacing.y);
    ImGui::EndChild();
}

}  // namespace cs
