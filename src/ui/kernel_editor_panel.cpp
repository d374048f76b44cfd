#include "ui/kernel_editor_panel.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "core/engine.h"
#include "core/step_text.h"
#include "ui/theme.h"
#include "ui/widgets.h"

namespace cs {
namespace {

float textWidth(const char* text) { return ImGui::CalcTextSize(text).x; }
// What a value may take of a kernel cell: ImGui clips at the frame, so a
// little of the padding may go to the text.
float cellRoom(float cell) { return cell - ImGui::GetStyle().FramePadding.x; }

void presetMenu(ImageLab& lab, LabUiState& ui) {
    const KernelPresetInfo& current = kernelPresetInfo(lab.spec.preset);
    std::string preview = std::string(current.title);
    if (lab.custom_kernel) preview += " (edited)";
    ImGui::SetNextItemWidth(-1);
    if (ImGui::BeginCombo("##preset", preview.c_str(), ImGuiComboFlags_HeightLarge)) {
        for (const KernelPresetInfo& info : kernelPresets()) {
            const bool selected = info.preset == lab.spec.preset && !lab.custom_kernel;
            if (ImGui::Selectable(std::string(info.title).c_str(), selected)) {
                std::string error;
                if (!setPreset(lab, info.defaults, error)) ui.message.say(error, true);
            }
            if (selected) ImGui::SetItemDefaultFocus();
        }
        ImGui::EndCombo();
    }
    // The preset's parameters; changing one remakes the kernel.
    KernelSpec spec = lab.spec;
    bool changed = false;
    const float F = ImGui::GetFontSize();
    if (current.has_size) {
        ImGui::SetNextItemWidth(F * 7.f);
        int size = spec.size;
        if (ImGui::InputInt("size (odd)", &size, 2, 2)) {
            if (size % 2 == 0) size += size > spec.size ? 1 : -1;
            spec.size = std::clamp(size, 1, kMaxKernelSide);
            changed = true;
        }
    }
    if (current.has_sigma) {
        ImGui::SetNextItemWidth(F * 7.f);
        float sigma = static_cast<float>(spec.sigma > 0 ? spec.sigma : (spec.preset == KernelPreset::LaplacianOfGaussian ? 1.4 : defaultGaussianSigma(spec.size)));
        if (ImGui::DragFloat("sigma", &sigma, 0.02f, 0.1f, 20.f, "%.2f")) {
            spec.sigma = std::max(0.1f, sigma);
            changed = true;
        }
    }
    if (current.has_amount) {
        ImGui::SetNextItemWidth(F * 7.f);
        float amount = static_cast<float>(spec.amount);
        if (ImGui::DragFloat("amount", &amount, 0.02f, 0.f, 10.f, "%.2f")) {
            spec.amount = amount;
            changed = true;
        }
    }
    if (current.has_degrees) {
        ImGui::SetNextItemWidth(F * 7.f);
        float degrees = static_cast<float>(spec.degrees);
        if (ImGui::DragFloat("angle", &degrees, 1.f, -180.f, 180.f, "%.0f deg")) {
            spec.degrees = degrees;
            changed = true;
        }
    }
    if (changed) {
        std::string error;
        if (!setPreset(lab, spec, error)) ui.message.say(error, true);
    }
    if ((current.has_sigma || current.has_amount || current.has_degrees) && ImGui::IsAnyItemActive()) ui.kernel_dragging = true;
}

void grid(ImageLab& lab, LabUiState& ui) {
    const int kh = lab.kernel.dim(0), kw = lab.kernel.dim(1);
    const float F = ImGui::GetFontSize();
    const float cell = kw <= 5 ? F * 3.4f : kw <= 9 ? F * 2.9f : F * 2.6f;
    float max_abs = 0.f;
    for (float v : lab.kernel.values()) max_abs = std::max(max_abs, std::fabs(v));
    const float spacing = 2.f;
    const float room = cellRoom(cell);
    const float want_h = static_cast<float>(kh) * (ImGui::GetFrameHeight() + spacing) + spacing * 2.f;
    const float child_h = std::min(want_h + (kw > 9 ? ImGui::GetStyle().ScrollbarSize : 0.f), F * 13.f);
    ImGui::BeginChild("kernel_grid", ImVec2(0, child_h), false, ImGuiWindowFlags_HorizontalScrollbar);
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(spacing, spacing));
    for (int y = 0; y < kh; ++y) {
        for (int x = 0; x < kw; ++x) {
            if (x > 0) ImGui::SameLine();
            ImGui::PushID(y * 64 + x);
            float v = lab.kernel.at(y, x);
            // Tint by sign and size: positive warm, negative cool, zero plain.
            const float t = max_abs > 0.f ? v / max_abs : 0.f;
            const ImVec4 base = ImGui::GetStyle().Colors[ImGuiCol_FrameBg];
            const ImVec4 tint = t >= 0 ? ImVec4(0.85f, 0.45f, 0.1f, 1.f) : ImVec4(0.2f, 0.45f, 0.95f, 1.f);
            const float a = std::fabs(t) * 0.55f;
            ImGui::PushStyleColor(ImGuiCol_FrameBg, ImVec4(base.x + (tint.x - base.x) * a, base.y + (tint.y - base.y) * a,
                                                           base.z + (tint.z - base.z) * a, 1.f));
            ImGui::SetNextItemWidth(cell);
            const float speed = std::max(0.005f, max_abs * 0.01f);
            // As many digits as the cell holds (0.00501 overflowed it); the whole value on hover.
            if (ImGui::DragFloat("##k", &v, speed, 0.f, 0.f, fittingFormat(v, room, textWidth))) {
                std::string error;
                if (!setKernelValue(lab, y, x, v, error)) ui.message.say(error, true);
            }
            if (ImGui::IsItemActive()) ui.kernel_dragging = true;
            else itemTooltip("%.6g", static_cast<double>(v));
            ImGui::PopStyleColor();
            ImGui::PopID();
        }
    }
    ImGui::PopStyleVar();
    ImGui::EndChild();
}

// Convolution: the kernel as it multiplies the pixels, turned half a turn,
// read-only beside the one being edited (the lab's grid showed only that one).
void flippedGrid(const ImageLab& lab) {
    const Tensor k = flipKernel(lab.kernel);
    const int kh = k.dim(0), kw = k.dim(1);
    const float F = ImGui::GetFontSize();
    const float cell = kw <= 5 ? F * 3.4f : kw <= 9 ? F * 2.9f : F * 2.6f;
    const float row_h = ImGui::GetFrameHeight(), spacing = 2.f;
    const float room = cellRoom(cell);
    colouredText(palette().accent_text, "flipped (used): rows and columns reversed");
    const float want_h = static_cast<float>(kh) * (row_h + spacing) + spacing * 2.f;
    ImGui::BeginChild("flipped_grid", ImVec2(0, std::min(want_h + (kw > 9 ? ImGui::GetStyle().ScrollbarSize : 0.f), F * 13.f)),
                      false, ImGuiWindowFlags_HorizontalScrollbar);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const ImU32 fill = palette().flipped_fill, text = palette().kernel_text;
    for (int y = 0; y < kh; ++y)
        for (int x = 0; x < kw; ++x) {
            const float v = k.at(y, x);
            char buf[48];
            std::snprintf(buf, sizeof buf, fittingFormat(v, room, textWidth), static_cast<double>(v));
            const ImVec2 a(origin.x + static_cast<float>(x) * (cell + spacing), origin.y + static_cast<float>(y) * (row_h + spacing));
            dl->AddRectFilled(a, ImVec2(a.x + cell, a.y + row_h), fill, 2.f);
            const ImVec2 ts = ImGui::CalcTextSize(buf);
            dl->AddText(ImVec2(a.x + (cell - ts.x) * 0.5f, a.y + (row_h - ts.y) * 0.5f), text, buf);
        }
    ImGui::Dummy(ImVec2(static_cast<float>(kw) * (cell + spacing), static_cast<float>(kh) * (row_h + spacing)));
    ImGui::EndChild();
}

}  // namespace

void drawKernelEditorPanel(ImageLab& lab, LabUiState& ui) {
    ui.kernel_dragging = false;
    ImGui::TextUnformatted("Kernel");
    presetMenu(lab, ui);

    const int kh = lab.kernel.dim(0), kw = lab.kernel.dim(1);
    ImGui::AlignTextToFramePadding();
    ImGui::Text("%d x %d", kh, kw);
    ImGui::SameLine();
    std::string error;
    if (ImGui::Button("-##shrink") && kh > 1 && kw > 1 && !resizeKernel(lab, kh - 2, kw - 2, error)) ui.message.say(error, true);
    itemTooltip("Remove the outer ring (sides stay odd)");
    ImGui::SameLine();
    if (ImGui::Button("+##grow") && !resizeKernel(lab, std::min(kh + 2, kMaxKernelSide), std::min(kw + 2, kMaxKernelSide), error))
        ui.message.say(error, true);
    itemTooltip("Add a ring of zeros (up to %d x %d)", kMaxKernelSide, kMaxKernelSide);
    sameLineOrWrap(buttonWidth("Normalise to sum 1"));
    if (ImGui::Button("Normalise to sum 1")) {
        if (normalizeKernel(lab, error))
            ui.message.say("Kernel divided by its sum: it now sums to 1 and keeps the brightness.");
        else
            ui.message.say(error, true);
    }
    grid(lab, ui);
    colouredText(palette().muted_text, "sum %.4g   (drag a value; click to type)", kernelSum(lab.kernel));

    int op = lab.convolve ? 1 : 0;
    bool op_changed = ImGui::RadioButton("cross-correlation", &op, 0);
    ImGui::SameLine();
    op_changed |= ImGui::RadioButton("convolution (flip)", &op, 1);
    itemTooltip("True convolution flips the kernel on both axes: Sobel and emboss change sign,\n"
                "symmetric kernels (blur, Laplacian) give the same picture.");
    if (op_changed) {
        lab.convolve = op == 1;
        lab.touch();
    }
    if (lab.convolve) flippedGrid(lab);
}

}  // namespace cs
