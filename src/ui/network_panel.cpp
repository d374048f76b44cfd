// The Network page's left column: where the input comes from (the test
// gallery, the canvas, an image file) and the prediction; the model's file
// buttons for the top bar.
#include "ui/network_panel.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>

#include "io/idx.h"
#include "ui/fonts.h"
#include "ui/theme.h"

namespace cs {

namespace {

const char* className(int k) {
    return k >= 0 && k < kConvNetClasses ? fashionMnistClassNames()[static_cast<std::size_t>(k)] : "?";
}

// The prediction's rows: the small font's height and a little air.
constexpr float kRowScale = 1.12f;

float smallLine() {
    const UiFonts& f = uiFonts();
    return f.small ? f.small->FontSize : ImGui::GetTextLineHeight();
}

// What the prediction below the input needs: the large class line, a header
// row and ten rows of small text.
float predictionHeight() {
    const UiFonts& f = uiFonts();
    (void)f;
    return ImGui::GetFontSize() * 1.35f + ImGui::GetStyle().ItemSpacing.y * 2.f + smallLine() * kRowScale * 11.f;
}

void drawGallery(NetworkDoc& doc, const NetGallery& gallery, const NetworkTextures& tex) {
    if (gallery.images.empty()) {
        wrappedText(palette().error_text, "No test images: " + gallery.error);
        mutedText("Draw on the canvas or open an image file instead.");
        return;
    }
    const float avail = ImGui::GetContentRegionAvail().x;
    const float cell = std::min(std::floor(avail / kConvNetClasses), ImGui::GetFontSize() * 2.4f);
    const ImVec2 size(cell * kConvNetClasses, cell * static_cast<float>(gallery.per_class));
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton("##gallery", size);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    if (tex.gallery) dl->AddImage(tex.gallery, pos, ImVec2(pos.x + size.x, pos.y + size.y));
    auto cellRect = [&](int i, ImVec2& a, ImVec2& b) {
        const int col = i / gallery.per_class, row = i % gallery.per_class;
        a = ImVec2(pos.x + static_cast<float>(col) * cell, pos.y + static_cast<float>(row) * cell);
        b = ImVec2(a.x + cell, a.y + cell);
    };
    ImVec2 a, b;
    for (int c = 1; c < kConvNetClasses; ++c)  // thin lines between the classes' columns
        dl->AddLine(ImVec2(pos.x + static_cast<float>(c) * cell, pos.y), ImVec2(pos.x + static_cast<float>(c) * cell, pos.y + size.y),
                    palette().grid_line);
    if (ImGui::IsItemHovered()) {
        const ImVec2 m = ImGui::GetMousePos();
        const int col = std::clamp(static_cast<int>((m.x - pos.x) / cell), 0, kConvNetClasses - 1);
        const int row = std::clamp(static_cast<int>((m.y - pos.y) / cell), 0, gallery.per_class - 1);
        const int i = col * gallery.per_class + row;
        cellRect(i, a, b);
        dl->AddRect(a, b, palette().hover_line, 0.f, 0, 2.f);
        ImGui::SetTooltip("%s (test image %d)\none column per class", className(gallery.labels[static_cast<std::size_t>(i)]),
                          gallery.test_index[static_cast<std::size_t>(i)]);
        if (ImGui::IsItemClicked()) doc.gallery_index = i;
    }
    if (doc.gallery_index >= 0 && static_cast<std::size_t>(doc.gallery_index) < gallery.images.size()) {
        cellRect(doc.gallery_index, a, b);
        dl->AddRect(a, b, palette().current_line, 0.f, 0, std::max(2.f, ImGui::GetFontSize() * 0.1f));
    }
}

void drawCanvas(NetworkDoc& doc, NetworkUiState& ui, const NetworkTextures& tex) {
    const float F = ImGui::GetFontSize();
    const ImGuiStyle& style = ImGui::GetStyle();
    // Beside the canvas: Clear, the brush, two short lines of small text.
    const float group_h = ImGui::GetFrameHeight() * 2.f + style.ItemSpacing.y;
    const float side_w = ImGui::GetContentRegionAvail().x - F * 5.f;
    const float side_h = ImGui::GetContentRegionAvail().y - predictionHeight() - style.ItemSpacing.y * 2.f - F * 0.5f;
    const float side = std::floor(std::clamp(std::min(side_w, side_h), std::min(group_h, side_w), F * 9.f));
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton("##canvas", ImVec2(side, side), ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight);
    itemTooltip("Draw with the left button, erase with the right: white on black, as the data set.");
    ImDrawList* dl = ImGui::GetWindowDrawList();
    if (tex.stages[0] && doc.source == NetInputSource::Canvas) dl->AddImage(tex.stages[0], pos, ImVec2(pos.x + side, pos.y + side));
    dl->AddRect(pos, ImVec2(pos.x + side, pos.y + side), palette().grid_line);
    // A blank canvas says how to draw on it (said here: the status line has no room beside the engine and the model).
    if (std::all_of(doc.canvas.begin(), doc.canvas.end(), [](float v) { return v == 0.f; })) {
        ImFont* small = uiFonts().small ? uiFonts().small : ImGui::GetFont();
        const float pad = small->FontSize * 0.35f;
        dl->AddText(small, small->FontSize, ImVec2(pos.x + pad, pos.y + pad), palette().muted_text, "draw here, white on black", nullptr,
                    side - 2.f * pad);
    }
    if (ImGui::IsItemActive()) {
        const ImVec2 m = ImGui::GetMousePos();
        const float px = (m.x - pos.x) / side * kConvNetImageSide, py = (m.y - pos.y) / side * kConvNetImageSide;
        const bool erase = ImGui::IsMouseDown(ImGuiMouseButton_Right);
        // Fill the gap since last frame so a fast stroke stays one line.
        const float fx = ui.last_x < 0.f ? px : ui.last_x, fy = ui.last_y < 0.f ? py : ui.last_y;
        const int n = std::max(1, static_cast<int>(std::hypot(px - fx, py - fy) / 0.5f));
        for (int i = 1; i <= n; ++i) {
            const float t = static_cast<float>(i) / static_cast<float>(n);
            paintCanvas(doc, fx + (px - fx) * t, fy + (py - fy) * t, erase);
        }
        ui.last_x = px;
        ui.last_y = py;
    } else {
        ui.last_x = ui.last_y = -1.f;
    }
    ImGui::SameLine();
    ImGui::BeginGroup();
    if (ImGui::Button("Clear")) clearCanvas(doc);
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x);
    ImGui::SliderFloat("##brush", &doc.brush_radius, 0.8f, 3.f, "brush %.1f");
    itemTooltip("The brush's radius in canvas pixels (the canvas is 28 x 28).");
    ImGui::EndGroup();
}

void drawFileInput(NetworkDoc& doc, NetworkUiState& ui, const NetworkTextures& tex) {
    const float side = std::floor(ImGui::GetFrameHeight() + smallLine() + ImGui::GetStyle().ItemSpacing.y);
    if (!doc.file_path.empty() && tex.stages[0] && doc.source == NetInputSource::File) {
        ImGui::Image(tex.stages[0], ImVec2(side, side));
        itemTooltip("%s\nmade gray, 28 x 28 by area averaging, / 255, as convscope classify reads it", doc.file_path.c_str());
        ImGui::SameLine();
    }
    ImGui::BeginGroup();
    if (ImGui::Button("Open image...")) {
        ui.image_browser.hint = "path to an image (type or paste)";
        ui.image_browser.open("Open an image for the network");
    }
    const UiFonts& f = uiFonts();
    if (f.small) ImGui::PushFont(f.small);
    ImGui::PushStyleColor(ImGuiCol_Text, palette().muted_text);
    if (doc.file_path.empty())
        ImGui::TextWrapped("or drop an image file on the window");
    else
        ImGui::TextUnformatted(std::filesystem::path(doc.file_path).filename().string().c_str());
    ImGui::PopStyleColor();
    if (f.small) ImGui::PopFont();
    ImGui::EndGroup();
}

void drawPrediction(NetworkDoc& doc, const NetworkView& view) {
    if (!view.ready()) {
        mutedText("No prediction yet.");
        return;
    }
    const Palette& pal = palette();
    const int k = view.predicted();
    const double p = view.probabilities()[static_cast<std::size_t>(k)];
    const UiFonts& fonts = uiFonts();
    // The class and its probability in large type, smaller only when the
    // column is too narrow for "Ankle boot 99.9%" at full size.
    {
        char prob[32];
        std::snprintf(prob, sizeof prob, "%.1f%%", p * 100.0);
        ImFont* big = fonts.large ? fonts.large : ImGui::GetFont();
        const std::string name = className(k);
        const float gap = big->FontSize * 0.35f;
        const float w = big->CalcTextSizeA(big->FontSize, 1e9f, 0.f, (name + prob).c_str()).x + gap;
        // 1.35 x the text size: large, yet the ten rows below keep their room.
        const float full = std::min(big->FontSize, ImGui::GetFontSize() * 1.35f);
        const float size = full * std::min(1.f, ImGui::GetContentRegionAvail().x / std::max(w * full / big->FontSize, 1.f));
        const ImVec2 at = ImGui::GetCursorScreenPos();
        ImDrawList* dl = ImGui::GetWindowDrawList();
        dl->AddText(big, size, at, pal.accent_text, name.c_str());
        const float nw = big->CalcTextSizeA(size, 1e9f, 0.f, name.c_str()).x;
        dl->AddText(big, size, ImVec2(at.x + nw + gap * size / big->FontSize, at.y), pal.cell_text, prob);
        ImGui::Dummy(ImVec2(1.f, size));
    }
    // class | logit | softmax bar | percent, in the small font.
    ImFont* small = fonts.small ? fonts.small : ImGui::GetFont();
    const float fs = small->FontSize, row_h = fs * kRowScale;
    const float name_w = small->CalcTextSizeA(fs, 1e9f, 0.f, "Ankle boot").x + fs * 0.5f;
    const float logit_w = small->CalcTextSizeA(fs, 1e9f, 0.f, "\u221299.99").x + fs * 0.5f;
    const float pct_w = small->CalcTextSizeA(fs, 1e9f, 0.f, "100.0%").x;
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const float avail = ImGui::GetContentRegionAvail().x;
    const float bar_w = std::max(fs * 2.f, avail - name_w - logit_w - pct_w - fs * 0.5f);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddText(small, fs, origin, pal.muted_text, "class");
    dl->AddText(small, fs, ImVec2(origin.x + name_w, origin.y), pal.muted_text, "logit");
    dl->AddText(small, fs, ImVec2(origin.x + name_w + logit_w, origin.y), pal.muted_text, "softmax");
    const Tensor& logits = view.stages().back().values;
    for (int c = 0; c < kConvNetClasses; ++c) {
        const float y = origin.y + row_h * static_cast<float>(c + 1);
        const double pc = view.probabilities()[static_cast<std::size_t>(c)];
        const bool chosen = doc.selected.stage == 10 && doc.selected.x == c;
        ImGui::SetCursorScreenPos(ImVec2(origin.x, y));
        ImGui::PushID(c);
        if (ImGui::InvisibleButton("##class", ImVec2(avail, row_h))) doc.selected = NetSelection{10, 0, 0, c};
        ImGui::PopID();
        if (ImGui::IsItemHovered()) {
            dl->AddRectFilled(ImVec2(origin.x, y), ImVec2(origin.x + avail, y + row_h), pal.hover_fill);
            ImGui::SetTooltip("logit %d (%s): click for its sum", c, className(c));
        }
        if (chosen) dl->AddRect(ImVec2(origin.x, y), ImVec2(origin.x + avail, y + row_h), pal.current_line);
        const ImU32 text = c == k ? pal.accent_text : pal.cell_text;
        dl->AddText(small, fs, ImVec2(origin.x, y), text, className(c));
        char lg[32];
        std::snprintf(lg, sizeof lg, "%.2f", static_cast<double>(logits.at(c)));
        std::string lgs = lg;
        if (lgs[0] == '-') lgs = "\u2212" + lgs.substr(1);
        dl->AddText(small, fs, ImVec2(origin.x + name_w, y), text, lgs.c_str());
        const ImVec2 a(origin.x + name_w + logit_w, y + row_h * 0.18f), b(a.x + bar_w, y + row_h * 0.82f);
        dl->AddRectFilled(a, b, pal.output_empty);
        dl->AddRectFilled(a, ImVec2(a.x + bar_w * static_cast<float>(pc), b.y), c == k ? pal.current_line : pal.window_line);
        char pct[16];
        std::snprintf(pct, sizeof pct, "%.1f%%", pc * 100.0);
        dl->AddText(small, fs, ImVec2(b.x + fs * 0.3f, y), text, pct);
    }
    ImGui::SetCursorScreenPos(ImVec2(origin.x, origin.y + row_h * 11.f));
    ImGui::Dummy(ImVec2(1.f, 1.f));
}

}  // namespace

void drawNetworkInputPanel(NetworkDoc& doc, const NetworkView& view, const NetGallery& gallery, NetworkUiState& ui,
                           const NetworkTextures& textures) {
    // The tabs follow the document (a dropped file shows the File tab).
    const bool follow = ui.shown_tab != doc.source;
    const char* labels[] = {"Data", "Draw", "File"};
    const char* tips[] = {"Test images of Fashion-MNIST, a few of each class", "A 28 x 28 canvas to draw on, white on black as the data set",
                          "An image file (or drop one on the window)"};
    if (ImGui::BeginTabBar("##input")) {
        for (int i = 0; i < 3; ++i) {
            const auto src = static_cast<NetInputSource>(i);
            const ImGuiTabItemFlags flags = follow && src == doc.source ? ImGuiTabItemFlags_SetSelected : 0;
            const bool open = ImGui::BeginTabItem(labels[i], nullptr, flags);
            itemTooltip("%s", tips[i]);
            if (open) {
                if (!follow) doc.source = src;
                ui.shown_tab = src;
                switch (src) {
                case NetInputSource::Gallery: drawGallery(doc, gallery, textures); break;
                case NetInputSource::Canvas: drawCanvas(doc, ui, textures); break;
                case NetInputSource::File: drawFileInput(doc, ui, textures); break;
                }
                ImGui::EndTabItem();
            }
        }
        ImGui::EndTabBar();
    }
    std::string chosen;
    if (drawFileBrowser(ui.image_browser, chosen)) ui.open_image = chosen;
    ImGui::Spacing();
    drawPrediction(doc, view);
}

void addNetworkModelActions(BarActions& actions, NetworkUiState& ui) {
    FileBrowser& b = ui.model_browser;
    auto prepare = [&b] {
        b.extensions = {".safetensors"};
        b.hint = "path to a .safetensors model (type or paste)";
    };
    actions.push_back({"Open model...", buttonWidth("Open model..."), [&b, prepare] {
                           const bool clicked = ImGui::Button("Open model...");
                           if (clicked) {
                               prepare();
                               b.open("Open a model (safetensors, the seed's state_dict names)");
                           }
                           itemTooltip("A ConvNet as safetensors with PyTorch's state_dict names (convscope train "
                                       "writes them).");
                           return clicked;
                       }});
    actions.push_back({"Save model...", buttonWidth("Save model..."), [&b, prepare] {
                           const bool clicked = ImGui::Button("Save model...");
                           if (clicked) {
                               prepare();
                               b.open("Save the model", FileBrowserMode::Save, "convnet.safetensors");
                           }
                           return clicked;
                       }});
}

void drawNetworkModelBrowser(NetworkUiState& ui) {
    FileBrowser& b = ui.model_browser;
    std::string chosen;
    if (drawFileBrowser(b, chosen)) {
        if (b.mode == FileBrowserMode::Open)
            ui.open_model = chosen;
        else
            ui.save_model = chosen;
    }
    // "Save first..." cancelled: the training it was to start is forgotten, or
    // a later Save model... would start it.
    if (ui.start_after_save && ui.save_model.empty() && !b.want_open && !ImGui::IsPopupOpen(b.title.c_str()))
        ui.start_after_save = false;
}

}  // namespace cs
