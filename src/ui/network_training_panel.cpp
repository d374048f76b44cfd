// The Network page's Training tab (issue 11): the trainer's controls and
// settings, its progress, the loss and accuracy curves, the test set's
// confusion matrix and the misclassified test images. It reads
// doc.training.snapshot (copied by the glue each frame) and only posts
// requests; the glue drives core/network_trainer.h.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "io/idx.h"
#include "ui/fonts.h"
#include "ui/network_panel.h"
#include "ui/theme.h"
#include "ui/widgets.h"

namespace cs {

namespace {

const char* className(int k) {
    return k >= 0 && k < kConvNetClasses ? fashionMnistClassNames()[static_cast<std::size_t>(k)] : "?";
}

std::string clock(double seconds) {
    const long s = std::lround(std::max(0.0, seconds));
    char buf[32];
    std::snprintf(buf, sizeof buf, "%ld:%02ld", s / 60, s % 60);
    return buf;
}

ImFont* smallFont() { return uiFonts().small ? uiFonts().small : ImGui::GetFont(); }

struct Series {
    const std::vector<float>* values;
    ImU32 colour;
    const char* name;
};

// A line chart in the next `size` of the window: y from lo to hi (labelled
// at both ends as y_fmt of value * scale), x from 1 to the longest series (labelled "x_name"), and a legend.
void lineChart(const char* id, const std::vector<Series>& series, float lo, float hi, const char* y_fmt, float scale,
               const char* x_name, ImVec2 size) {
    const Palette& pal = palette();
    ImFont* small = smallFont();
    const float fs = small->FontSize;
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton(id, size);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    char top[32], bottom[32];
    std::snprintf(top, sizeof top, y_fmt, static_cast<double>(hi * scale));
    std::snprintf(bottom, sizeof bottom, y_fmt, static_cast<double>(lo * scale));
    const float label_w = std::max(small->CalcTextSizeA(fs, 1e9f, 0.f, top).x, small->CalcTextSizeA(fs, 1e9f, 0.f, bottom).x) + fs * 0.4f;
    // The legend on its own line above the box, so it never hides a curve near the top.
    const ImVec2 a(pos.x + label_w, pos.y + fs * 1.5f), b(pos.x + size.x, pos.y + size.y - fs * 1.3f);
    dl->AddRectFilled(a, b, pal.output_empty);
    dl->AddRect(a, b, pal.grid_line);
    dl->AddText(small, fs, ImVec2(pos.x, a.y - fs * 0.5f), pal.muted_text, top);
    dl->AddText(small, fs, ImVec2(pos.x, b.y - fs * 0.5f), pal.muted_text, bottom);
    std::size_t longest = 0;
    for (const Series& s : series) longest = std::max(longest, s.values->size());
    char right[48];
    std::snprintf(right, sizeof right, "%zu %s", longest, x_name);
    dl->AddText(small, fs, ImVec2(a.x, b.y + fs * 0.15f), pal.muted_text, "1");
    dl->AddText(small, fs, ImVec2(b.x - small->CalcTextSizeA(fs, 1e9f, 0.f, right).x, b.y + fs * 0.15f), pal.muted_text, right);
    // The legend, right-aligned above the box.
    float lx = b.x;
    for (auto it = series.rbegin(); it != series.rend(); ++it) {
        char value[32] = "";
        if (!it->values->empty()) std::snprintf(value, sizeof value, y_fmt, static_cast<double>(it->values->back() * scale));
        char text[80];
        std::snprintf(text, sizeof text, "%s %s", it->name, value);
        lx -= small->CalcTextSizeA(fs, 1e9f, 0.f, text).x;
        dl->AddText(small, fs, ImVec2(lx, pos.y), it->colour, text);
        lx -= fs * 0.8f;
    }
    if (longest == 0) {
        dl->AddText(small, fs, ImVec2(a.x + fs * 0.5f, (a.y + b.y) * 0.5f - fs * 0.5f), pal.muted_text, "no points yet");
        return;
    }
    const float span = std::max(hi - lo, 1e-6f);
    for (const Series& s : series) {
        const std::vector<float>& v = *s.values;
        const float step = longest > 1 ? (b.x - a.x) / static_cast<float>(longest - 1) : 0.f;
        std::vector<ImVec2> pts;
        for (std::size_t i = 0; i < v.size(); ++i)
            pts.emplace_back(a.x + step * static_cast<float>(i), b.y - (std::clamp(v[i], lo, hi) - lo) / span * (b.y - a.y));
        if (pts.size() == 1) dl->AddCircleFilled(pts[0], fs * 0.2f, s.colour);
        else dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), s.colour, 0, std::max(1.5f, fs * 0.1f));
    }
}

// The confusion grid in `width` x `height` (its heading wraps; the cells
// shrink to fit both ways, numbers only where a cell holds them).
void drawConfusion(const NetTrainingSnapshot& s, float width, float height) {
    const Palette& pal = palette();
    ImFont* small = smallFont();
    const float fs = small->FontSize;
    if (s.confusion_epoch == 0) {
        mutedText("The confusion matrix on the test set appears after the first epoch.");
        return;
    }
    const float top = ImGui::GetCursorPosY();
    char heading[96];
    std::snprintf(heading, sizeof heading, "Test set, epoch %d: true (rows) \u00d7 predicted", s.confusion_epoch);
    ImGui::PushFont(small);
    wrappedText(pal.heading_text, heading);
    ImGui::PopFont();
    float name_w = 0.f;
    for (int c = 0; c < kConvNetClasses; ++c) {
        char row[32];
        std::snprintf(row, sizeof row, "%d %s", c, className(c));
        name_w = std::max(name_w, small->CalcTextSizeA(fs, 1e9f, 0.f, row).x);
    }
    name_w += fs * 0.4f;
    const float left = height - (ImGui::GetCursorPosY() - top) - fs * 1.2f - ImGui::GetStyle().WindowPadding.y;
    const float cell = std::floor(std::clamp(std::min((width - name_w) / kConvNetClasses, left / kConvNetClasses), fs * 0.8f, fs * 3.2f));
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    const ImVec2 grid(pos.x + name_w, pos.y + fs * 1.2f);
    ImGui::InvisibleButton("##confusion", ImVec2(name_w + cell * kConvNetClasses, fs * 1.2f + cell * kConvNetClasses));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    for (int c = 0; c < kConvNetClasses; ++c) {
        char n[4];
        std::snprintf(n, sizeof n, "%d", c);
        const float tw = small->CalcTextSizeA(fs, 1e9f, 0.f, n).x;
        dl->AddText(small, fs, ImVec2(grid.x + cell * (static_cast<float>(c) + 0.5f) - tw * 0.5f, pos.y), pal.muted_text, n);
        char row[32];
        std::snprintf(row, sizeof row, "%d %s", c, className(c));
        dl->AddText(small, fs, ImVec2(pos.x, grid.y + cell * static_cast<float>(c) + (cell - fs) * 0.5f), pal.cell_text, row);
    }
    const ImVec4 good = ImGui::ColorConvertU32ToFloat4(pal.good_text), bad = ImGui::ColorConvertU32ToFloat4(pal.error_text);
    int hover_t = -1, hover_p = -1;
    const ImVec2 m = ImGui::GetMousePos();
    for (int t = 0; t < kConvNetClasses; ++t) {
        int row_total = 0;
        for (int p = 0; p < kConvNetClasses; ++p) row_total += s.confusion[static_cast<std::size_t>(t * kConvNetClasses + p)];
        for (int p = 0; p < kConvNetClasses; ++p) {
            const int n = s.confusion[static_cast<std::size_t>(t * kConvNetClasses + p)];
            const float f = row_total > 0 ? static_cast<float>(n) / static_cast<float>(row_total) : 0.f;
            const ImVec2 a(grid.x + cell * static_cast<float>(p), grid.y + cell * static_cast<float>(t)), b(a.x + cell, a.y + cell);
            ImVec4 col = t == p ? good : bad;
            // Off the diagonal even a few percent should show: a square root scale.
            col.w = t == p ? 0.15f + 0.85f * f : std::min(1.f, std::sqrt(f) * 1.4f);
            dl->AddRectFilled(a, b, ImGui::ColorConvertFloat4ToU32(col));
            dl->AddRect(a, b, pal.grid_line);
            if (n > 0 && cell >= fs * 1.9f) {
                const std::string txt = std::to_string(n);
                const float tw = small->CalcTextSizeA(fs, 1e9f, 0.f, txt.c_str()).x;
                dl->AddText(small, fs, ImVec2(a.x + (cell - tw) * 0.5f, a.y + (cell - fs) * 0.5f), pal.cell_text, txt.c_str());
            }
            if (ImGui::IsItemHovered() && m.x >= a.x && m.x < b.x && m.y >= a.y && m.y < b.y) {
                hover_t = t;
                hover_p = p;
                dl->AddRect(a, b, pal.hover_line, 0.f, 0, 2.f);
            }
        }
    }
    if (hover_t >= 0) {
        const int n = s.confusion[static_cast<std::size_t>(hover_t * kConvNetClasses + hover_p)];
        ImGui::SetTooltip("true %s, predicted %s: %d test images", className(hover_t), className(hover_p), n);
    }
}

// The misclassified test images in `avail` wide (as many rows as the window's height leaves, at least one).
void drawMisclassified(const NetTrainingSnapshot& s, NetworkUiState& ui, const NetworkTextures& tex, float avail) {
    const Palette& pal = palette();
    if (s.confusion_epoch == 0) return;
    const int shown = std::min(tex.misclassified_count, static_cast<int>(s.misclassified.size()));
    char heading[96];
    std::snprintf(heading, sizeof heading, "Misclassified test images: %zu", s.misclassified.size());
    ImGui::PushFont(smallFont());
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + avail);
    ImGui::PushStyleColor(ImGuiCol_Text, pal.heading_text);
    ImGui::TextWrapped("%s", heading);
    ImGui::PopStyleColor();
    ImGui::PopTextWrapPos();
    ImGui::PopFont();
    itemTooltip("Click one to make it the input and look inside.");
    if (shown == 0 || !tex.misclassified) return;
    const int rows_all = (shown + kMisclassifiedColumns - 1) / kMisclassifiedColumns;
    // One whole row at least, in whatever height the curves left.
    const float cell = std::floor(std::max(4.f, std::min({avail / kMisclassifiedColumns, ImGui::GetFontSize() * 2.6f,
                                                          ImGui::GetContentRegionAvail().y - ImGui::GetStyle().WindowPadding.y})));
    const int rows = std::clamp(static_cast<int>(ImGui::GetContentRegionAvail().y / cell), 1, rows_all);
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    const ImVec2 size(cell * kMisclassifiedColumns, cell * static_cast<float>(rows));
    ImGui::InvisibleButton("##misclassified", size);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float v = static_cast<float>(rows) / static_cast<float>((kMisclassifiedShown + kMisclassifiedColumns - 1) / kMisclassifiedColumns);
    dl->AddImage(tex.misclassified, pos, ImVec2(pos.x + size.x, pos.y + size.y), ImVec2(0, 0), ImVec2(1, v));
    if (ImGui::IsItemHovered()) {
        const ImVec2 m = ImGui::GetMousePos();
        const int col = std::clamp(static_cast<int>((m.x - pos.x) / cell), 0, kMisclassifiedColumns - 1);
        const int row = std::clamp(static_cast<int>((m.y - pos.y) / cell), 0, rows - 1);
        const int i = row * kMisclassifiedColumns + col;
        if (i < shown) {
            const ImVec2 a(pos.x + static_cast<float>(col) * cell, pos.y + static_cast<float>(row) * cell);
            dl->AddRect(a, ImVec2(a.x + cell, a.y + cell), pal.hover_line, 0.f, 0, 2.f);
            ImGui::SetTooltip("test image %d: predicted %s\nclick: make it the input", s.misclassified[static_cast<std::size_t>(i)],
                              className(s.misclassified_predicted[static_cast<std::size_t>(i)]));
            if (ImGui::IsItemClicked()) ui.show_test_image = s.misclassified[static_cast<std::size_t>(i)];
        }
    }
}

}  // namespace

float networkRightTabsHeight() { return ImGui::GetFrameHeight() + ImGui::GetStyle().ItemSpacing.y; }

void drawNetworkRightTabs(NetworkUiState& ui) {
    const Palette& pal = palette();
    for (int i = 0; i < 2; ++i) {
        const bool on = ui.training_tab == (i == 1);
        if (i) ImGui::SameLine(0.f, 0.f);
        if (on) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_TabActive));
        if (ImGui::Button(i == 0 ? "Layers" : "Training")) ui.training_tab = i == 1;
        if (on) ImGui::PopStyleColor();
        itemTooltip("%s", i == 0 ? "Every layer's maps for the input, and the clicked value's arithmetic"
                                 : "Train the model here: progress, curves, the confusion matrix, mistakes");
    }
    (void)pal;
}

namespace {

// "Training will replace the model on this page (...). Save it first?"
// Save first... opens the model's save browser and starts once it is saved.
void drawReplaceQuestion(const NetworkDoc& doc, NetworkUiState& ui) {
    constexpr const char* kTitle = "Replace the model?";
    if (ui.confirm_training && !ImGui::IsPopupOpen(kTitle)) ImGui::OpenPopup(kTitle);
    if (!ImGui::BeginPopupModal(kTitle, nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
    ImGui::TextUnformatted(trainingReplaceQuestion(doc).c_str());
    auto close = [&] {
        ui.confirm_training = false;
        ImGui::CloseCurrentPopup();
    };
    if (ImGui::Button("Save first...")) {
        ui.model_browser.extensions = {".safetensors"};
        ui.model_browser.hint = "path to a .safetensors model (type or paste)";
        ui.model_browser.open("Save the model", FileBrowserMode::Save, "convnet.safetensors");
        ui.start_after_save = true;
        close();
    }
    itemTooltip("Save the model, then training starts.");
    ImGui::SameLine();
    if (ImGui::Button("Replace")) {
        ui.train_request = NetTrainRequest::Replace;
        close();
    }
    ImGui::SameLine();
    if (ImGui::Button("Cancel") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) close();
    ImGui::EndPopup();
}

// The status line under the progress bar.
std::string trainingStatus(const NetTrainingSnapshot& s) {
    char status[160];
    if (s.state == NetTrainerState::Idle)
        std::snprintf(status, sizeof status, "not started");
    else if (s.state == NetTrainerState::Loading)
        std::snprintf(status, sizeof status, "Loading the training set... (60000 images, about 55 MB)");
    else
        std::snprintf(status, sizeof status, "%s \u00b7 Epoch %d of %d \u00b7 batch %d/%d \u00b7 %.0f images/s \u00b7 ETA %s",
                      netTrainerStateName(s.state), s.epoch, s.epochs, s.batch, s.batches, s.images_per_second,
                      clock(s.eta_seconds).c_str());
    return status;
}

}  // namespace

void drawNetworkTrainingPanel(NetworkDoc& doc, NetworkUiState& ui, const NetworkTextures& tex) {
    const Palette& pal = palette();
    const float F = ImGui::GetFontSize();
    NetworkTraining& tr = doc.training;
    const NetTrainingSnapshot& s = tr.snapshot;
    const bool running = s.state == NetTrainerState::Running, paused = s.state == NetTrainerState::Paused;
    const bool loading = s.state == NetTrainerState::Loading;
    const bool busy = running || paused || loading;
    drawReplaceQuestion(doc, ui);
    // Controls: the settings are fixed while a run is under way.
    ImGui::BeginDisabled(busy);
    if (ImGui::Button("Start")) ui.train_request = NetTrainRequest::Start;
    itemTooltip("Train on all 60000 training images (Adam, batch 100), then test on the 10000 test images after each epoch.");
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(!busy || loading);
    if (ImGui::Button(paused ? "Resume" : "Pause")) ui.train_request = paused ? NetTrainRequest::Resume : NetTrainRequest::Pause;
    ImGui::SameLine();
    if (ImGui::Button("Stop")) ui.train_request = NetTrainRequest::Stop;
    itemTooltip("Stop after the batch under way; the page keeps the weights so far.");
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(busy);
    ImGui::SetNextItemWidth(F * 2.f);
    ImGui::InputInt("epochs", &tr.epochs, 0, 0);
    tr.epochs = std::clamp(tr.epochs, 1, kNetMaxEpochs);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(F * 3.2f);
    ImGui::InputDouble("lr", &tr.learning_rate, 0.0, 0.0, "%.0e");
    tr.learning_rate = std::clamp(tr.learning_rate, kNetMinLearningRate, kNetMaxLearningRate);
    itemTooltip("The learning rate: Adam's step size (the seed uses 0.001).");
    // One checkbox rather than two radio buttons: the controls stay one row
    // at 1280 x 720 and 150%, so the curves and the grid keep their height.
    sameLineOrWrap(ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize("from scratch").x);
    ImGui::Checkbox("from scratch", &tr.fresh);
    itemTooltip("On: start from new random weights. Off: go on training the model the page shows (%s).", doc.model_name.c_str());
    ImGui::EndDisabled();
    // Progress.
    const std::string status = trainingStatus(s);
    char overlay[48];
    if (loading)
        std::snprintf(overlay, sizeof overlay, "loading...");
    else
        std::snprintf(overlay, sizeof overlay, "%.0f%%  ETA %s", s.progress * 100.0, clock(s.eta_seconds).c_str());
    ImGui::ProgressBar(static_cast<float>(s.progress), ImVec2(-1.f, 0.f), overlay);
    if (!s.error.empty() && (s.state == NetTrainerState::Failed || tr.data_missing))
        wrappedText(pal.error_text, s.error);
    else
        mutedText(status + (busy || s.state == NetTrainerState::Idle ? "" : " \u00b7 the page now shows the trained model"));
    ImGui::Spacing();
    // Curves on the left, the confusion matrix on the right.
    const float avail_w = ImGui::GetContentRegionAvail().x;
    const float left_w = std::floor(avail_w * 0.52f);
    // Left: the two curves in the upper 60%, the misclassified images under
    // them; right: the confusion grid over the whole height.
    const float block_h = std::floor(std::max(F * 8.f, ImGui::GetContentRegionAvail().y - ImGui::GetStyle().ItemSpacing.y));
    // At least one row of misclassified images under the curves, however short
    // the window: there the two curves sit side by side instead of one above the other.
    const float gap = ImGui::GetStyle().ItemSpacing.y;
    const float misclassified_h = s.confusion_epoch > 0 ? smallFont()->FontSize + std::min(left_w / kMisclassifiedColumns, F * 2.6f) +
                                                              gap * 3.f + ImGui::GetStyle().WindowPadding.y
                                                        : 0.f;
    const bool side_by_side = block_h < F * 16.f;
    const float curves_h = std::max(smallFont()->FontSize * 5.f, std::min(block_h * 0.6f, block_h - misclassified_h));
    const float chart_w = side_by_side ? std::floor((left_w - F * 0.5f) * 0.5f) : left_w;
    const float chart_h = std::floor(side_by_side ? curves_h : (curves_h - gap) * 0.5f);
    ImGui::BeginGroup();
    {
        float hi = 0.5f;
        for (float v : s.loss) hi = std::max(hi, v);
        // A short legend (it must fit half the column); the x axis says what a point is.
        char per_point[48];
        if (s.loss_every == 1)
            std::snprintf(per_point, sizeof per_point, "batches");
        else
            std::snprintf(per_point, sizeof per_point, "\u00d7 %d batches", s.loss_every);
        const std::vector<Series> loss{{&s.loss, pal.accent_text, "loss"}};
        lineChart("##loss", loss, 0.f, std::ceil(hi * 2.f) / 2.f, "%.2f", 1.f, per_point, ImVec2(chart_w, chart_h));
        if (side_by_side) ImGui::SameLine(0.f, F * 0.5f);
        const std::vector<Series> acc{{&s.train_accuracy, pal.current_line, "train"}, {&s.test_accuracy, pal.good_text, "test"}};
        lineChart("##accuracy", acc, 0.f, 1.f, "%.0f%%", 100.f, "epochs", ImVec2(chart_w, chart_h));
        drawMisclassified(s, ui, tex, left_w);
    }
    ImGui::EndGroup();
    ImGui::SameLine(0.f, F);
    ImGui::BeginGroup();
    drawConfusion(s, ImGui::GetContentRegionAvail().x, block_h);
    ImGui::EndGroup();
}

}  // namespace cs
