#include "ui/params_panel.h"

#include <imgui.h>

#include <algorithm>

#include "core/lesson_edit.h"
#include "ui/theme.h"
#include "ui/widgets.h"

namespace cs {
namespace {

// Two integer fields (rows, columns) that move together unless unlinked.
// Where the parameter rows' fields start: past the widest of their labels.
float labelColumn() {
    float widest = 0.f;
    for (const char* l : {"Padding", "Stride", "Dilation", "Output pad", "Pad with", "Window"})
        widest = std::max(widest, ImGui::CalcTextSize(l).x);
    return ImGui::GetCursorPosX() + widest + ImGui::GetFontSize() * 0.6f;
}

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
    // The fields give way before the row is cut (a narrow column at a large
    // text scale): from 6.5 down to 4.5 text heights, the checkbox last.
    const float F = ImGui::GetFontSize();
    const float room = ImGui::GetContentRegionAvail().x - labelColumn();
    const float check_w = ImGui::GetFrameHeight() + ImGui::CalcTextSize("per axis").x + ImGui::GetStyle().ItemSpacing.x * 2.f;
    const int fields = unlinked ? 2 : 1;
    const float field = std::clamp((room - check_w) / static_cast<float>(fields), F * 4.5f, F * 6.5f);
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(label);
    if (help) itemTooltip("%s", help);
    ImGui::SameLine(labelColumn());
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
    sameLineOrWrap(check_w - ImGui::GetStyle().ItemSpacing.x);
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
    const OpParams& params = lesson.request.params;
    ImGui::SetNextItemWidth(-1);
    const std::string current(opTitle(params.op));
    if (ImGui::BeginCombo("##operation", current.c_str(), ImGuiComboFlags_HeightLarge)) {
        for (OpKind op : lessonOps()) {
            const bool selected = op == params.op;
            if (ImGui::Selectable(std::string(opTitle(op)).c_str(), selected) && !selected) {
                setOperation(lesson.request, op);  // a kernel bank moves into the new op's layout
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
    std::string refusal;
    // Which fields show is the op table's: each field the op's requests take.
    const OpInfo& info = opInfo(op);
    if (hasField(info, OpField::KernelSize))
        changed |= editPair(OpField::KernelSize, "kernel_size: the pooling window, rows x columns", p.pool.kernel_size, ui);
    const bool transposed = isTransposedConv2d(op);
    if (hasField(info, OpField::Padding))
        changed |= editPair(OpField::Padding,
                            transposed ? "padding: cells taken off each side of the output (the spread input gets "
                                         "d(k-1)-p zeros around it)"
                                       : "cells added on each side (top and bottom, left and right)",
                            p.window.padding, ui);
    if (hasField(info, OpField::Stride))
        changed |= editPair(OpField::Stride,
                            transposed ? "stride: s-1 zeros go between the input's cells (the kernel then moves 1 cell)"
                                       : "how far the window moves between outputs",
                            p.window.stride, ui);
    if (hasField(info, OpField::OutputPadding))
        changed |= editPair(OpField::OutputPadding,
                            "output_padding: rows and columns added at the bottom and right of the output; it must be "
                            "smaller than the stride or the dilation",
                            p.transposed.output_padding, ui);
    if (hasField(info, OpField::Dilation))
        changed |= editPair(OpField::Dilation, "spacing between the kernel's taps (1: next to each other)",
                            p.window.dilation, ui);
    if (hasField(info, OpField::PaddingMode)) {
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted("Pad with");
        itemTooltip("what the padding cells hold: zeros, or copies of input cells");
        ImGui::SameLine(labelColumn());
        ImGui::SetNextItemWidth(std::min(ImGui::GetFontSize() * 8.f, ImGui::GetContentRegionAvail().x));
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
            int c = inputChannels(r), o = filterCount(r), g = p.correlation.groups;
            // An edit the groups cannot take is refused, the lesson unchanged, and said in the error box below.
            auto apply = [&](const std::string& why) {
                if (why.empty()) changed = true;
                else refusal = why;
            };
            ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6.f);
            if (ImGui::InputInt("input channels", &c)) apply(setInputChannels(r, c));
            ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6.f);
            if (ImGui::InputInt(transposed ? "output channels" : "filters", &o)) apply(setFilterCount(r, o));
            if (hasField(info, OpField::Groups)) {
                ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6.f);
                if (ImGui::InputInt("groups", &g)) apply(setGroups(r, g));
                itemTooltip("groups: the channels and filters split into this many groups, and a filter sees only its "
                            "group's channels (groups = channels: depthwise). Here groups can be %s.",
                            groupsThatFit(inputChannels(r), filterCount(r)).c_str());
            }
            for (std::size_t i = 0; i < r.bias.size(); ++i) {
                ImGui::PushID(static_cast<int>(i));
                if (i) ImGui::SameLine();
                ImGui::SetNextItemWidth(ImGui::GetFontSize() * 4.f);
                changed |= ImGui::DragFloat("##bias", &r.bias[i], 0.05f, -100.f, 100.f, "%g");
                itemTooltip("bias of filter %zu: added after the channel sums", i);
                ImGui::PopID();
            }
            if (!r.bias.empty()) {  // else the label would sit beside the field above
                ImGui::SameLine();
                ImGui::TextUnformatted("bias");
            }
        }
    }
    if ((info.fields & ~info.required) == 0)
        ImGui::TextWrapped("No parameters: this operation is defined by the input alone.");
    if (changed) lesson.touch();
    if (!refusal.empty()) {
        ui.params_refusal = refusal;
        ui.params_refusal_revision = lesson.revision;
    }
    // A refusal lasts until the lesson changes (any edit, undo, another lesson).
    if (ui.params_refusal_revision != lesson.revision) ui.params_refusal.clear();

    // The error has a box of its own, there with or without an error, so the
    // controls below never move (a click aimed at one must not land on another).
    ImGui::Spacing();
    const float box_h = ImGui::GetTextLineHeightWithSpacing() * 3.f;
    const std::string error = !ui.params_refusal.empty() ? "Not changed: " + ui.params_refusal
                              : !view.error().empty()    ? "Cannot compute this: " + view.error()
                                                         : std::string();
    if (ImGui::BeginChild("##param_error", ImVec2(-1.f, box_h), false)) {
        if (!error.empty())
            wrappedText(palette().error_text, error);
        else
            mutedText("The stage shows these parameters.");
    }
    ImGui::EndChild();
    if (!error.empty()) itemTooltip("%s", error.c_str());
}

}  // namespace cs
