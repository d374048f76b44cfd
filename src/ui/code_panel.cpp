#include "ui/code_panel.h"

#include <imgui.h>

#include "io/code_gen.h"
#include "ui/fonts.h"
#include "ui/theme.h"
#include "ui/widgets.h"

namespace cs {
namespace {

// Regenerates when the key (the view's trace revision, or the Layers page's
// revision and stage) or the language changed. The request is the one on show
// (the last valid one while the lesson has an error), so code and stage agree.
void rebuild(const OpRequest& request, const Tensor* result, std::uint64_t key, const std::string& label,
             bool hide_result, CodePanelState& state) {
    if (state.built_revision == key && state.built_lang == state.lang && state.built_hiding == hide_result) return;
    state.built_revision = key;
    state.built_lang = state.lang;
    state.built_hiding = hide_result;
    state.copied = false;
    state.text.clear();
    state.error.clear();
    const CodeLang lang = allCodeLangs()[static_cast<std::size_t>(state.lang)].lang;
    // A lesson of image size would make megabytes of text every time it changes.
    const std::size_t values = request.input.values().size() + request.kernel.values().size() + request.weight.values().size();
    if (values > kMaxCodePanelValues) {
        state.error = "This lesson has " + std::to_string(values) + " values, too many to show as code here; " +
                      "save it and run `convscope code --lesson FILE --lang " + std::string(codeLangName(lang)) + "`.";
        return;
    }
    try {
        state.text = generateCode(request, lang, label, hide_result ? nullptr : result);
    } catch (const CodeError& e) {
        state.error = e.what();
    }
}

void drawCode(const OpRequest& request, const Tensor* result, std::uint64_t key, const std::string& label,
              bool hide_result, bool stale, CodePanelState& state) {
    const auto langs = allCodeLangs();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9.f);
    if (ImGui::BeginCombo("##code_lang", langs[static_cast<std::size_t>(state.lang)].title.data())) {
        for (std::size_t i = 0; i < langs.size(); ++i)
            if (ImGui::Selectable(langs[i].title.data(), static_cast<int>(i) == state.lang)) state.lang = static_cast<int>(i);
        ImGui::EndCombo();
    }
    itemTooltip("PyTorch: a script leaving the result in `output`. NumPy / SciPy: the same with those libraries.\n"
                "compute request: for `convscope compute`. LaTeX: the matrices as bmatrix.");
    rebuild(request, result, key, label, hide_result, state);
    ImGui::SameLine();
    ImGui::BeginDisabled(state.text.empty());
    if (ImGui::Button("Copy")) {
        ImGui::SetClipboardText(state.text.c_str());
        state.copied = true;
    }
    ImGui::EndDisabled();
    if (state.copied) {
        ImGui::SameLine();
        colouredText(palette().good_text, "Copied");
    }
    if (hide_result) mutedText("Quiz mode: the result is left out of the code.");
    if (stale) mutedText("The lesson has an error: this is the code of the configuration on show.");
    if (!state.error.empty()) {
        wrappedText(palette().error_text, state.error);
        return;
    }
    ImGui::BeginChild("##code_text", ImVec2(0, 0), true, ImGuiWindowFlags_HorizontalScrollbar);
    ImGui::PushFont(uiFonts().mono);
    ImGui::TextUnformatted(state.text.c_str(), state.text.c_str() + state.text.size());
    ImGui::PopFont();
    ImGui::EndChild();
}

}  // namespace

void drawCodePanel(const LessonView& view, const std::string& label, bool hide_result, CodePanelState& state) {
    if (!view.hasTrace()) {
        mutedText("No code: the lesson has no valid configuration yet.");
        return;
    }
    drawCode(view.request(), &view.result(), view.revisionSeen(), label, hide_result, view.showingStale(), state);
}

void drawCodePanel(const OpRequest& request, const Tensor& result, std::uint64_t key, const std::string& label,
                   bool hide_result, CodePanelState& state) {
    drawCode(request, &result, key, label, hide_result, false, state);
}

}  // namespace cs
