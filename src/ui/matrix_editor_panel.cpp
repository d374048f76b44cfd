#include "ui/matrix_editor_panel.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <vector>

#include "core/kernel_presets.h"
#include "core/lesson_edit.h"
#include "io/matrix_text.h"
#include "ui/theme.h"
#include "ui/widgets.h"

namespace cs {
namespace {

struct Preset {
    std::string name;
    std::function<Tensor()> make;
};

const std::vector<Preset>& inputPresets() {
    static const std::vector<Preset> list{
        {"Checkerboard 4x4 (the seed)", [] { return Tensor({4, 4}, {1, 0, 1, 0, 0, 1, 0, 1, 1, 0, 1, 0, 0, 1, 0, 1}); }},
        {"Pooling example 4x4", [] { return Tensor({4, 4}, {1, 2, 3, 0, 4, 5, 6, 1, 3, 4, 7, 2, 1, 2, 1, 0}); }},
        {"Single 1 in a 5x5 (impulse)", [] { Tensor t({5, 5}); t.at(2, 2) = 1; return t; }},
        {"Ramp 5x5 (column index)", [] { Tensor t({5, 5}); for (int y = 0; y < 5; ++y) for (int x = 0; x < 5; ++x) t.at(y, x) = static_cast<float>(x); return t; }},
        {"Vertical edge 6x6", [] { Tensor t({6, 6}); for (int y = 0; y < 6; ++y) for (int x = 3; x < 6; ++x) t.at(y, x) = 1; return t; }},
        {"Numbers 1..16 (4x4)", [] { Tensor t({4, 4}); for (int i = 0; i < 16; ++i) t.at(i) = static_cast<float>(i + 1); return t; }},
    };
    return list;
}

const std::vector<Preset>& kernelPresetsForLessons() {
    static const std::vector<Preset> list = [] {
        std::vector<Preset> l{
            {"Seed: rows of ones, zero middle row", [] { return Tensor({3, 3}, {1, 1, 1, 0, 0, 0, 1, 1, 1}); }},
            {"1..9 (shows the flip)", [] { return Tensor({3, 3}, {1, 2, 3, 4, 5, 6, 7, 8, 9}); }},
        };
        for (const KernelPresetInfo& info : kernelPresets()) {
            KernelSpec spec = info.defaults;
            if (info.has_size) spec.size = 3;
            l.push_back({std::string(info.title), [spec] { return makeKernel(spec); }});
        }
        return l;
    }();
    return list;
}

// Replaces slice `slice` of `t` with the 2-D matrix m (resizing every slice).
void putSlice(Tensor& t, int slice, const Tensor& m) {
    if (t.dim(-2) != m.dim(0) || t.dim(-1) != m.dim(1)) t = resizeMatrix(t, m.dim(0), m.dim(1));
    for (int y = 0; y < m.dim(0); ++y)
        for (int x = 0; x < m.dim(1); ++x) t.values()[sliceIndex(t, slice, y, x)] = m.at(y, x);
}

bool allIntegers(const Tensor& t) {
    return std::all_of(t.values().begin(), t.values().end(), [](float v) { return v == std::round(v); });
}

// One matrix: size controls, the cells, the tool buttons. Returns true on change.
bool editMatrix(const char* id, Tensor& t, int slice, int max_side, const std::vector<Preset>& presets, UiState& ui) {
    bool changed = false;
    const Palette& pal = palette();
    const float F = ImGui::GetFontSize();
    ImGui::PushID(id);
    int rows = t.dim(-2), cols = t.dim(-1);
    ImGui::AlignTextToFramePadding();
    ImGui::Text("%d x %d", rows, cols);
    // A fixed column for "4 x 4", pushed right when "32 x 32" needs more.
    ImGui::SameLine(std::max(F * 4.f, ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x + F * 0.75f));
    auto stepper = [&](const char* label, int& v) {
        ImGui::PushID(label);
        ImGui::TextUnformatted(label);
        ImGui::SameLine();
        if (ImGui::Button("\u2212") && v > 1) --v, changed = true;
        ImGui::SameLine(0, 2);
        if (ImGui::Button("+") && v < max_side) ++v, changed = true;
        ImGui::PopID();
    };
    stepper("rows", rows);
    ImGui::SameLine();
    stepper("cols", cols);
    if (changed) t = resizeMatrix(t, rows, cols);

    // The cells: click and type, or drag sideways to change.
    const bool integers = allIntegers(t);
    const float cell_w = F * 3.f;
    const float grid_h = std::min(static_cast<float>(rows) * (F + ImGui::GetStyle().FramePadding.y * 2 + 4.f) + 8.f, F * 13.f);
    ImGui::BeginChild("cells", ImVec2(0, grid_h), false, ImGuiWindowFlags_HorizontalScrollbar);
    for (int y = 0; y < rows; ++y)
        for (int x = 0; x < cols; ++x) {
            ImGui::PushID(y * 1000 + x);
            if (x) ImGui::SameLine(0, 3);
            float& v = t.values()[sliceIndex(t, slice, y, x)];
            ImGui::SetNextItemWidth(cell_w);
            const bool zero = v == 0.f;
            if (zero) ImGui::PushStyleColor(ImGuiCol_Text, colourVec(pal.zero_text));
            changed |= ImGui::DragFloat("##v", &v, integers ? 0.05f : 0.01f, -1000.f, 1000.f, "%g");
            if (zero) ImGui::PopStyleColor();
            if (!ImGui::IsItemActive()) itemTooltip("row %d, column %d: click to type, drag sideways to change", y, x);
            ImGui::PopID();
        }
    ImGui::EndChild();

    if (ImGui::Button("Clear")) {
        for (int y = 0; y < rows; ++y)
            for (int x = 0; x < cols; ++x) t.values()[sliceIndex(t, slice, y, x)] = 0.f;
        changed = true;
    }
    ImGui::SameLine();
    if (ImGui::Button("Random")) ImGui::OpenPopup("random");
    if (ImGui::BeginPopup("random")) {
        const bool ints = ImGui::Selectable("whole numbers from -2 to 3");
        const bool decimals = ImGui::Selectable("decimals from -1 to 1 (one digit)");
        if (ints || decimals) {
            randomizeSlice(t, slice, ui.random_seed++ * 2654435761u, ints, ints ? -2 : -1, ints ? 3 : 1);
            changed = true;
        }
        ImGui::EndPopup();
    }
    if (!presets.empty()) ImGui::SameLine();
    if (!presets.empty() && ImGui::Button("Presets")) ImGui::OpenPopup("presets");
    if (ImGui::BeginPopup("presets")) {
        for (const Preset& p : presets)
            if (ImGui::Selectable(p.name.c_str())) {
                putSlice(t, slice, p.make());
                changed = true;
            }
        ImGui::EndPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button("Copy")) ImGui::OpenPopup("copy");
    if (ImGui::BeginPopup("copy")) {
        for (int f = 0; f < 5; ++f) {
            const auto format = static_cast<MatrixFormat>(f);
            if (ImGui::Selectable(std::string(matrixFormatName(format)).c_str())) {
                ImGui::SetClipboardText(formatMatrix(t, format, slice).c_str());
                ui.message.say("Copied as " + std::string(matrixFormatName(format)) + ".");
            }
        }
        ImGui::EndPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button("Paste")) {
        const char* clip = ImGui::GetClipboardText();
        try {
            const Tensor m = parseMatrixText(clip ? clip : "");
            if (m.rank() != 2) throw MatrixTextError("this is a stack of " + std::to_string(m.dim(0)) +
                                                     " matrices; paste one matrix at a time.");
            if (m.dim(0) > max_side || m.dim(1) > max_side)
                throw MatrixTextError("the pasted matrix is " + shapeToString(m.shape()) + "; this editor takes at most " +
                                      std::to_string(max_side) + " x " + std::to_string(max_side) + ".");
            putSlice(t, slice, m);
            changed = true;
            ui.message.say("Pasted a " + shapeToString(m.shape()) + " matrix.");
        } catch (const MatrixTextError& e) {
            ui.message.say(std::string("Paste: ") + e.what(), true);
        }
    }
    itemTooltip("Accepts CSV, rows like 1 2; 3 4, JSON [[1, 2], [3, 4]], LaTeX bmatrix, Markdown tables");
    ImGui::PopID();
    return changed;
}

}  // namespace

void drawMatrixEditorPanel(Lesson& lesson, UiState& ui) {
    OpRequest& r = lesson.request;
    const Palette& pal = palette();
    bool changed = false;
    const int channels = inputChannels(r);
    ui.edit_channel = std::clamp(ui.edit_channel, 0, channels - 1);
    colouredText(pal.accent_text, "Input");
    if (channels > 1) {
        ImGui::SameLine();
        for (int c = 0; c < channels; ++c) {
            ImGui::SameLine();
            if (ImGui::RadioButton(("channel " + std::to_string(c)).c_str(), ui.edit_channel == c)) ui.edit_channel = c;
        }
    }
    changed |= editMatrix("input", r.input, r.input.rank() == 3 ? ui.edit_channel : 0, kMaxMatrixSide, inputPresets(), ui);

    if (isCorrelation2d(r.params.op) || isTransposedConv2d(r.params.op)) {
        ImGui::Spacing();
        colouredText(pal.accent_text, "Kernel");
        int slice = 0;
        if (r.kernel.rank() == 4) {
            // Filter and input channel as the stage names them; with groups a
            // filter offers only its group's channels (lesson_edit.h bankPlane
            // finds the slice in either bank layout).
            const int o = filterCount(r);
            ui.edit_filter = std::clamp(ui.edit_filter, 0, o - 1);
            const FilterChannels seen = filterChannels(r, ui.edit_filter);
            ui.edit_kernel_channel = std::clamp(ui.edit_kernel_channel, seen.first, seen.last);
            ImGui::SameLine();
            ImGui::SetNextItemWidth(ImGui::GetFontSize() * 5.f);
            ImGui::SliderInt("filter", &ui.edit_filter, 0, o - 1);
            ImGui::SameLine();
            if (seen.first == seen.last) {
                ImGui::Text("channel %d", seen.first);
                itemTooltip("with groups %d this filter sees this channel only", r.params.correlation.groups);
            } else {
                ImGui::SetNextItemWidth(ImGui::GetFontSize() * 5.f);
                ImGui::SliderInt("channel", &ui.edit_kernel_channel, seen.first, seen.last);
            }
            slice = std::max(0, bankPlane(r, ui.edit_filter, std::clamp(ui.edit_kernel_channel, seen.first, seen.last)));
        }
        changed |= editMatrix("kernel", r.kernel, slice, kMaxLessonKernelSide, kernelPresetsForLessons(), ui);
    } else if (isPooling2d(r.params.op)) {
        ImGui::Spacing();
        ImGui::TextWrapped("Pooling has no weights: its window is set by Window above.");
    }
    if (changed) lesson.touch();
}

bool drawTensorSliceEditor(const char* id, Tensor& t, int slice, int max_side, UiState& ui) {
    static const std::vector<Preset> none;
    return editMatrix(id, t, slice, max_side, none, ui);
}

}  // namespace cs
