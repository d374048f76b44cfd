#include "ui/layers_panel.h"

#include <imgui.h>

#include <algorithm>
#include <string>

#include "ui/fonts.h"
#include "ui/matrix_editor_panel.h"
#include "ui/theme.h"
#include "ui/widgets.h"

namespace cs {
namespace {

// SameLine when an item `width` pixels wide still fits on this line, else a new line.
void sameLineIfFits(float width) {
    const float right = ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + width;
    if (right < ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x) ImGui::SameLine();
}

// A row of drag fields, one per value ("weight  1  1"). Returns true on change.
bool editVector(const char* label, std::vector<float>& v, float lo = -100.f, float hi = 100.f) {
    bool changed = false;
    ImGui::PushID(label);
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(label);
    const float F = ImGui::GetFontSize();
    for (std::size_t i = 0; i < v.size(); ++i) {
        ImGui::SameLine(i == 0 ? F * 7.5f : 0.f, 3.f);
        ImGui::PushID(static_cast<int>(i));
        ImGui::SetNextItemWidth(F * 3.f);
        changed |= ImGui::DragFloat("##v", &v[i], 0.05f, lo, hi, "%g");
        ImGui::PopID();
    }
    ImGui::PopID();
    return changed;
}

// "name [-] n [+]": a count in [lo, hi]. Returns true on change.
bool counter(const char* label, int& n, int lo, int hi) {
    bool changed = false;
    ImGui::PushID(label);
    ImGui::AlignTextToFramePadding();
    ImGui::Text("%s %d", label, n);
    ImGui::SameLine();
    if (ImGui::Button("\u2212") && n > lo) --n, changed = true;
    ImGui::SameLine(0, 2);
    if (ImGui::Button("+") && n < hi) ++n, changed = true;
    ImGui::PopID();
    return changed;
}

bool trainEval(OpRequest& r) {
    bool changed = false;
    LayerParams& p = r.params.layer;
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("mode");
    ImGui::SameLine();
    if (ImGui::RadioButton("train", p.training)) p.training = true, changed = true;
    itemTooltip("training: normalise with this batch's mean and variance, and move the running ones");
    ImGui::SameLine();
    if (ImGui::RadioButton("eval", !p.training)) p.training = false, changed = true;
    itemTooltip("evaluation: normalise with the running statistics learnt in training");
    float m = static_cast<float>(p.momentum);
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8.f);
    if (ImGui::SliderFloat("momentum", &m, 0.f, 1.f, "%.2f")) p.momentum = m, changed = true;
    itemTooltip("how far the running statistics move toward the batch's in one training step");
    double eps = p.eps;
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8.f);
    if (ImGui::InputDouble("eps", &eps, 0, 0, "%g")) p.eps = eps, changed = true;
    itemTooltip("added to the variance before the square root, so a constant channel does not divide by 0");
    return changed;
}

bool editBatchNorm(OpRequest& r, LayersUiState& lui, UiState& ui) {
    bool changed = false;
    const Palette& pal = palette();
    int n = r.input.rank() == 4 ? r.input.dim(0) : 1, c = r.input.rank() >= 3 ? r.input.dim(-3) : 1;
    colouredText(pal.accent_text, "The batch");
    bool shape = counter("maps", n, 1, kMaxLayerBatch);
    sameLineIfFits(ImGui::CalcTextSize("channels 4").x + ImGui::GetFrameHeight() * 2.5f);
    shape |= counter("channels", c, 1, kMaxLayerChannels);
    if (shape || r.input.rank() != 4) setBatchNormShape(r, n, c), changed = true;
    lui.edit_map = std::clamp(lui.edit_map, 0, n - 1);
    lui.edit_channel = std::clamp(lui.edit_channel, 0, c - 1);
    for (int i = 0; i < n; ++i) {
        if (i) ImGui::SameLine();
        if (ImGui::RadioButton(("map " + std::to_string(i)).c_str(), lui.edit_map == i)) lui.edit_map = i;
    }
    for (int i = 0; i < c; ++i) {
        if (i) ImGui::SameLine();
        if (ImGui::RadioButton(("channel " + std::to_string(i)).c_str(), lui.edit_channel == i)) lui.edit_channel = i;
    }
    changed |= drawTensorSliceEditor("input", r.input, lui.edit_map * c + lui.edit_channel, 8, ui);
    ImGui::Spacing();
    colouredText(pal.accent_text, "Per channel");
    std::vector<float> weight = r.weight.values();
    if (editVector("weight", weight)) r.weight = Tensor({static_cast<int>(weight.size())}, weight), changed = true;
    changed |= editVector("bias", r.bias);
    changed |= editVector("running mean", r.running_mean);
    changed |= editVector("running var", r.running_var, -100.f, 100.f);
    changed |= trainEval(r);
    return changed;
}

bool editFlatten(OpRequest& r, LayersUiState& lui, UiState& ui) {
    bool changed = false;
    int c = r.input.rank() == 3 ? r.input.dim(0) : 1;
    if (counter("channels", c, 1, kMaxLayerChannels) || r.input.rank() != 3) setFlattenChannels(r, c), changed = true;
    lui.edit_channel = std::clamp(lui.edit_channel, 0, c - 1);
    for (int i = 0; i < c; ++i) {
        if (i) ImGui::SameLine();
        if (ImGui::RadioButton(("channel " + std::to_string(i)).c_str(), lui.edit_channel == i)) lui.edit_channel = i;
    }
    changed |= drawTensorSliceEditor("input", r.input, lui.edit_channel, 8, ui);
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6.f);
    changed |= ImGui::InputInt("start_dim", &r.params.layer.start_dim);
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6.f);
    changed |= ImGui::InputInt("end_dim", &r.params.layer.end_dim);
    mutedText("start_dim 0, end_dim -1 flattens everything; 1 and -1 keeps the channels (as a batch would be kept).");
    return changed;
}

bool editSoftmax(OpRequest& r, UiState& ui) {
    bool changed = drawTensorSliceEditor("logits", r.input, 0, 8, ui);
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6.f);
    changed |= ImGui::InputInt("dim", &r.params.layer.dim);
    itemTooltip("the axis the probabilities sum to 1 along: -1 is along each row");
    if (ImGui::Button("Huge logits [1000, 1001, 999]")) {
        r.input = Tensor({1, 3}, {1000.f, 1001.f, 999.f});
        changed = true;
    }
    itemTooltip("exp(1000) overflows a float: see why the max is subtracted first");
    return changed;
}

bool editLinear(OpRequest& r, UiState& ui) {
    bool changed = false;
    const Palette& pal = palette();
    int in = r.input.dim(-1), out = r.weight.rank() == 2 ? r.weight.dim(0) : 1;
    bool shape = counter("inputs", in, 1, 8);
    sameLineIfFits(ImGui::CalcTextSize("outputs 8").x + ImGui::GetFrameHeight() * 2.5f);
    shape |= counter("outputs", out, 1, kMaxLayerFeatures);
    if (shape) setLinearShape(r, in, out), changed = true;
    colouredText(pal.accent_text, "Input x");
    if (drawTensorSliceEditor("x", r.input, 0, 8, ui)) {
        changed = true;
        // More or fewer inputs: W follows (a column per input), as the counter above does.
        if (r.weight.rank() == 2 && r.input.dim(-1) != r.weight.dim(1)) setLinearShape(r, r.input.dim(-1), out);
    }
    colouredText(pal.accent_text, "Weights W (one row per output)");
    if (drawTensorSliceEditor("W", r.weight, 0, 8, ui)) {
        changed = true;
        r.bias.resize(static_cast<std::size_t>(r.weight.dim(0)), 0.f);  // a bias per output
    }
    changed |= editVector("bias", r.bias);
    return changed;
}

bool editPipeline(LayersLesson& l, LayersUiState& lui, UiState& ui) {
    bool changed = false;
    const Palette& pal = palette();
    OpRequest& conv = l.stages[kStageConv];
    colouredText(pal.accent_text, "Input (1 channel)");
    changed |= drawTensorSliceEditor("input", conv.input, 0, 8, ui);
    const int filters = conv.kernel.rank() == 4 ? conv.kernel.dim(0) : 1;
    lui.edit_filter = std::clamp(lui.edit_filter, 0, filters - 1);
    colouredText(pal.accent_text, "Conv filters");
    for (int f = 0; f < filters; ++f) {
        ImGui::SameLine();
        if (ImGui::RadioButton(("filter " + std::to_string(f)).c_str(), lui.edit_filter == f)) lui.edit_filter = f;
    }
    changed |= drawTensorSliceEditor("kernel", conv.kernel, lui.edit_filter, 5, ui);
    changed |= editVector("conv bias", conv.bias);
    ImGui::Spacing();
    colouredText(pal.accent_text, "Batch norm");
    changed |= trainEval(l.stages[kStageBatchNorm]);
    ImGui::Spacing();
    colouredText(pal.accent_text, "Linear weights (3 classes x 8 features)");
    changed |= drawTensorSliceEditor("W", l.stages[kStageLinear].weight, 0, 8, ui);
    changed |= editVector("linear bias", l.stages[kStageLinear].bias);
    return changed;
}

}  // namespace

void drawLayersEditPanel(LayersLesson& lesson, const LayersView& view, bool can_undo, bool can_redo, LayersUiState& lui,
                         UiState& ui) {
    const Palette& pal = palette();
    colouredText(pal.heading_text, "Layer lesson");
    // Here rather than in the top bar, which has no room left at large text.
    ImGui::SameLine();
    ImGui::BeginDisabled(!can_undo);
    if (ImGui::SmallButton("Undo")) lui.want_undo = true;
    ImGui::EndDisabled();
    disabledItemTooltip("Ctrl+Z");
    ImGui::SameLine();
    ImGui::BeginDisabled(!can_redo);
    if (ImGui::SmallButton("Redo")) lui.want_redo = true;
    ImGui::EndDisabled();
    disabledItemTooltip("Ctrl+Y");
    for (const LayersTopicInfo& t : layersTopics()) {
        if (&t != &layersTopics().front())
            sameLineIfFits(ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize(t.name).x);
        if (ImGui::RadioButton(t.name, lesson.topic == t.topic)) lui.load = t.name;
        itemTooltip("%s", t.title);
    }
    wrappedText(pal.heading_text, lesson.title);
    ImGui::Separator();
    if (lesson.stages.empty()) return;
    bool changed = false;
    OpRequest& r = lesson.stages.front();
    switch (lesson.topic) {
        case LayersTopic::Relu: changed = drawTensorSliceEditor("input", r.input, 0, 8, ui); break;
        case LayersTopic::BatchNorm: changed = editBatchNorm(r, lui, ui); break;
        case LayersTopic::Flatten: changed = editFlatten(r, lui, ui); break;
        case LayersTopic::Softmax: changed = editSoftmax(r, ui); break;
        case LayersTopic::Linear: changed = editLinear(r, ui); break;
        case LayersTopic::Pipeline:
            if (lesson.stages.size() == kPipelineStages) changed = editPipeline(lesson, lui, ui);
            break;
        case LayersTopic::Count: break;
    }
    if (changed) lesson.touch();
    if (!view.error().empty()) {
        ImGui::Spacing();
        wrappedText(pal.error_text, "Not computed: " + view.error() + " The last good result stays on show.");
    }
}

namespace {

std::string stageButtonText(const LayersStage& s) { return s.name + (s.detail.empty() ? "" : " " + s.detail); }
std::string shapeText(const LayersStage& s, const char* arrow) { return std::string(arrow) + " " + compactShape(s.output_shape); }

// The width of stage i's piece of the bar at text scale `scale`: arrow, button, shape.
float pieceWidth(const LayersStage& s, const char* arrow, float scale) {
    const ImGuiStyle& style = ImGui::GetStyle();
    const float text = ImGui::CalcTextSize(arrow).x + ImGui::CalcTextSize(stageButtonText(s).c_str()).x +
                       ImGui::CalcTextSize(shapeText(s, arrow).c_str()).x;
    return text * scale + style.ItemSpacing.x * 2 + style.FramePadding.x * 2;
}

const char* barArrow() { return uiFonts().unicode ? "\u2192" : "->"; }

}  // namespace

namespace {

// The vertical padding at text scale `scale`: halved once the text shrinks.
float verticalPadding(float scale) { return scale < 1.f ? 0.5f : 1.f; }

// The bar's height at text scale `scale` (the current font's size times it).
float barHeightAt(const LayersView& view, float width, float scale) {
    const ImGuiStyle& style = ImGui::GetStyle();
    const float usable = width - style.WindowPadding.x * 2;
    float x = ImGui::CalcTextSize(compactShape(view.stage(0).input_shape).c_str()).x * scale;
    int lines = 1;
    for (std::size_t i = 0; i < view.stageCount(); ++i) {
        const float w = pieceWidth(view.stage(i), barArrow(), scale);
        if (x + style.ItemSpacing.x + w >= usable) ++lines, x = 0.f;
        x += style.ItemSpacing.x + w;
    }
    const float v = verticalPadding(scale);
    const float line = ImGui::GetFontSize() * scale + (style.FramePadding.y * 2 + style.ItemSpacing.y) * v;
    // The last line's item spacing is inside the window padding: one more pixel each is slack.
    return static_cast<float>(lines) * line + style.WindowPadding.y * 2 * v + 2.f;
}

}  // namespace

float pipelineBarMinScale() { return std::clamp(20.f / ImGui::GetFontSize(), 0.6f, 0.75f); }

PipelineBarFit pipelineBarFit(const LayersView& view, float width, float max_h) {
    if (!view.hasStages()) return {};
    // Smaller text before a scrollbar: a class sees the whole network at
    // once, and the stage names stay larger than the stage's own labels.
    const float least = pipelineBarMinScale();
    for (float scale = 1.f; scale > least; scale -= 0.05f)
        if (const float h = barHeightAt(view, width, scale); h <= max_h) return {scale, h, true};
    const float h = barHeightAt(view, width, least);
    return {least, std::min(max_h, h), h <= max_h};
}

void pushPipelineBarStyle(const PipelineBarFit& fit) {
    const ImGuiStyle& style = ImGui::GetStyle();
    const float v = verticalPadding(fit.scale);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(style.WindowPadding.x, style.WindowPadding.y * v));
    ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(style.FramePadding.x, style.FramePadding.y * v));
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(style.ItemSpacing.x, style.ItemSpacing.y * v));
}

void popPipelineBarStyle() { ImGui::PopStyleVar(3); }

void drawPipelineBar(LayersLesson& lesson, const LayersView& view, float scale) {
    const Palette& pal = palette();
    if (!view.hasStages()) return;
    ImGui::SetWindowFontScale(scale);
    const char* arrow = barArrow();
    // The stages as buttons, the shape between each: input shape, [stage], output shape, ...
    ImGui::AlignTextToFramePadding();
    colouredText(pal.muted_text, "%s", compactShape(view.stage(0).input_shape).c_str());
    for (std::size_t i = 0; i < view.stageCount(); ++i) {
        const LayersStage& s = view.stage(i);
        const std::string text = stageButtonText(s), shape = shapeText(s, arrow);
        sameLineIfFits(pieceWidth(s, arrow, 1.f));  // the window's font is scaled already
        colouredText(pal.muted_text, "%s", arrow);
        ImGui::SameLine();
        const bool shown = i == view.shownIndex();
        if (shown) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
        if (ImGui::Button((text + "##stage" + std::to_string(i)).c_str())) {
            lesson.shown_stage = static_cast<int>(i);
            lesson.touch();
        }
        if (shown) ImGui::PopStyleColor();
        itemTooltip("stage %d: step through %s (%s in, %s out)", static_cast<int>(i + 1), s.name.c_str(),
                    compactShape(s.input_shape).c_str(), compactShape(s.output_shape).c_str());
        ImGui::SameLine();
        colouredText(pal.muted_text, "%s", shape.c_str());
    }
}

}  // namespace cs
