#include "ui/params_panel.h"

#include <imgui.h>

#include <algorithm>

#include "core/lesson_edit.h"
#include "ui/theme.h"
#include "ui/widgets.h"

namespace cs {
namespace {

// Two integer fields (rows, columns) that move together unless unlinked.
// The range is the core's (lessonParamRange); a typed value outside it is
// brought back and the status line says why, rather than silently reverting.
bool editPair(OpField which, const char* help, Pair& p, UiState& ui) {
    const ParamRange& range = lessonParamRange(which);
    const char* label = range.label;
    const int lo = range.lo, hi = range.hi;
    auto fit = [&](int typed) {
        const std::string why = rangeNote(range, typed);
        if (!why.empty()) ui.message.say(why, true);
        return std::clamp(typed, lo, hi);
    };
    bool changed = false;
    bool& unlinked = ui.unlinked_pairs[label];
    if (p.h != p.w) unlinked = true;
    ImGui::PushID(label);
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(label);
    if (help) itemTooltip("%s", help);
    const float field = ImGui::GetFontSize() * 6.5f;
    ImGui::SameLine(ImGui::GetFontSize() * 7.5f);
    ImGui::SetNextItemWidth(field);
    int h = p.h;
    if (ImGui::InputInt(unlinked ? "##h" : "##both", &h)) {
        h = fit(h);
        changed = h != p.h;
        p.h = h;
        if (!unlinked) p.w = h;
    }
    itemTooltip(unlinked ? "rows (height)" : "rows and columns");
    if (unlinked) {
        ImGui::SameLine();
        ImGui::SetNextItemWidth(field);
        int w = p.w;
        if (ImGui::InputInt("##w", &w)) {
            w = fit(w);
            changed = changed || w != p.w;
            p.w = w;
        }
        itemTooltip("columns (width)");
    }
    ImGui::SameLine();
    bool per_axis = unlinked;
    if (ImGui::Checkbox("per axis", &per_axis)) {
        unlinked = per_axis;
        if (!unlinked && p.w != p.h) {
            p.w = p.h;
            changed = true;
        }
    }
    ImGui::PopID();
    return changed;
}

}  // namespace

void drawOperationPanel(Lesson& lesson) {
    OpParams& params = lesson.request.params;
    ImGui::SetNextItemWidth(-1);
    const std::string current(opTitle(params.op));
    if (ImGui::BeginCombo("##operation", current.c_str(), ImGuiComboFlags_HeightLarge)) {
        for (OpKind op : lessonOps()) {
            const bool selected = op == params.op;
            if (ImGui::Selectable(std::string(opTitle(op)).c_str(), selected) && !selected) {
                setOperation(params, op);
                lesson.touch();
            }
            if (selected) ImGui::SetItemDefaultFocus();
        }
        ImGui::EndCombo();
    }
}

void drawParamsPanel(Lesson& lesson, const LessonView& view, UiState& ui) {
    OpParams& p = lesson.request.params;
    const OpKind op = p.op;
    bool changed = false;
    // Which fields show is the op table's: each field the op's requests take.
    const OpInfo& info = opInfo(op);
    if (hasField(info, OpField::KernelSize))
        changed |= editPair(OpField::KernelSize, "kernel_size: the pooling window, rows x columns", p.pool.kernel_size, ui);
    if (hasField(info, OpField::Padding))
        changed |= editPair(OpField::Padding, "cells added on each side (top and bottom, left and right)", p.window.padding,
                            ui);
    if (hasField(info, OpField::Stride))
        changed |= editPair(OpField::Stride, "how far the window moves between outputs", p.window.stride, ui);
    if (hasField(info, OpField::Dilation))
        changed |= editPair(OpField::Dilation, "spacing between the kernel's taps (1: next to each other)",
                            p.window.dilation, ui);
    if (hasField(info, OpField::PaddingMode)) {
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted("Pad with");
        itemTooltip("what the padding cells hold: zeros, or copies of input cells");
        ImGui::SameLine(ImGui::GetFontSize() * 7.5f);
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8.f);
        const std::string current(paddingModeName(p.correlation.padding_mode));
        if (ImGui::BeginCombo("##padmode", current.c_str())) {
            for (const PaddingModeInfo& mode : allPaddingModes()) {
                const std::string label = std::string(mode.name) + "  (" + std::string(mode.help) + ")";
                if (ImGui::Selectable(label.c_str(), p.correlation.padding_mode == mode.mode)) {
                    changed |= p.correlation.padding_mode != mode.mode;
                    p.correlation.padding_mode = mode.mode;
                }
            }
            ImGui::EndCombo();
        }
    }
    if (hasField(info, OpField::CeilMode)) {
        changed |= ImGui::Checkbox("ceil_mode", &p.pool.ceil_mode);
        itemTooltip("round the output size up: a last, partial window is kept");
    }
    if (hasField(info, OpField::CountIncludePad)) {
        ImGui::SameLine();
        changed |= ImGui::Checkbox("count_include_pad", &p.pool.count_include_pad);
        itemTooltip("divide by the whole window, padding cells included");
    }
    if (hasField(info, OpField::NormType)) {
        ImGui::SameLine();
        float norm = static_cast<float>(p.pool.norm_type);
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6.f);
        if (ImGui::InputFloat("norm type p", &norm, 1.f, 1.f, "%g")) {
            p.pool.norm_type = std::clamp(static_cast<double>(norm), 0.5, 8.0);
            changed = true;
        }
    }
    if (hasField(info, OpField::Bias)) {
        OpRequest& r = lesson.request;
        bool multi = isMultiChannel(r);
        if (ImGui::Checkbox("Multi-channel (channels, filters, bias)", &multi)) {
            setMultiChannel(r, multi);
            changed = true;
        }
        if (multi) {
            int c = inputChannels(r), o = filterCount(r);
            ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6.f);
            if (ImGui::InputInt("input channels", &c)) {
                setInputChannels(r, c);
                changed = true;
            }
            ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6.f);
            if (ImGui::InputInt("filters", &o)) {
                setFilterCount(r, o);
                changed = true;
            }
            for (std::size_t i = 0; i < r.bias.size(); ++i) {
                ImGui::PushID(static_cast<int>(i));
                if (i) ImGui::SameLine();
                ImGui::SetNextItemWidth(ImGui::GetFontSize() * 4.f);
                changed |= ImGui::DragFloat("##bias", &r.bias[i], 0.05f, -100.f, 100.f, "%g");
                itemTooltip("bias of filter %zu: added after the channel sums", i);
                ImGui::PopID();
            }
            ImGui::SameLine();
            ImGui::TextUnformatted("bias");
        }
    }
    if ((info.fields & ~info.required) == 0)
        ImGui::TextWrapped("No parameters: this operation is defined by the input alone.");
    if (changed) lesson.touch();

    // The error has a box of its own, there with or without an error, so the
    // controls below never move (a click aimed at one must not land on another).
    ImGui::Spacing();
    const float box_h = ImGui::GetTextLineHeightWithSpacing() * 3.f;
    if (ImGui::BeginChild("##param_error", ImVec2(-1.f, box_h), false)) {
        if (!view.error().empty())
            wrappedText(palette().error_text, "Cannot compute this: " + view.error());
        else
            mutedText("The stage shows these parameters.");
    }
    ImGui::EndChild();
    if (!view.error().empty()) itemTooltip("%s", view.error().c_str());
}

}  // namespace cs
