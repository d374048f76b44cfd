#include "ui/quiz_panel.h"

#include <imgui.h>

#include "ui/theme.h"
#include "ui/widgets.h"

namespace cs {
namespace {

std::string cellName(const LessonView& view, const TraceStep& s) {
    if (isOneD(view.request().params.op)) return "output " + std::to_string(s.out_x);
    const bool channels = view.trace().plan.out_channels > 1;
    return "output (" + (channels ? std::to_string(s.out_c) + ", " : std::string()) + std::to_string(s.out_y) + ", " +
           std::to_string(s.out_x) + ")";
}

void drawCellQuiz(const LessonView& view, QuizPanelState& q) {
    const Palette& pal = palette();
    const std::size_t next = q.cell.revealed + 1;
    if (!view.hasTrace()) return;
    if (next >= view.trace().steps.size()) {
        colouredText(pal.good_text, "Every cell is revealed.");
        ImGui::SameLine();
        if (ImGui::Button("Start again")) q.restart = true;
    } else {
        const TraceStep& s = view.trace().steps[next];
        colouredText(pal.heading_text, "Step %zu: %s = ?", next + 1, cellName(view, s).c_str());
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6.f);
        if (ImGui::InputDouble("##answer", &q.typed, 0.0, 0.0, "%.6g", ImGuiInputTextFlags_EnterReturnsTrue))
            q.submit = true;
        itemTooltip("Type the value of the next output cell, then Enter or Check.");
        ImGui::SameLine();
        if (ImGui::Button("Check")) q.submit = true;
        ImGui::SameLine();
        if (ImGui::Button("Show")) q.give_up = true;
        itemTooltip("Reveal the cell (counts as not right if you have not answered).");
    }
    if (q.cell.has_last) wrappedText(q.cell.last.right ? pal.good_text : pal.error_text, q.cell.last.message);
}

void drawSizeQuiz(QuizPanelState& q) {
    const Palette& pal = palette();
    if (ImGui::Button("New size question")) q.size_new = true;
    ImGui::SameLine();
    ImGui::Checkbox("pooling (ceil_mode)", &q.size_pooling);
    if (!q.has_size) return;
    const AxisSize& r = q.size.rows;
    const AxisSize& c = q.size.cols;
    wrappedText(pal.heading_text,
                "Input " + std::to_string(r.n) + " x " + std::to_string(c.n) + ", " + (q.size.pooling ? "window" : "kernel") +
                    " " + std::to_string(r.kernel) + ", padding " + std::to_string(r.padding) + ", stride " +
                    std::to_string(r.stride) + ", dilation " + std::to_string(r.dilation) +
                    (q.size.pooling ? std::string(", ceil_mode ") + (r.ceil_mode ? "True" : "False") : std::string()) +
                    ": output H' x W' ?");
    const float w = ImGui::GetFontSize() * 3.5f;
    ImGui::SetNextItemWidth(w);
    ImGui::InputInt("##size_h", &q.size_h, 0);
    ImGui::SameLine();
    ImGui::TextUnformatted("x");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(w);
    ImGui::InputInt("##size_w", &q.size_w, 0);
    ImGui::SameLine();
    ImGui::BeginDisabled(q.size_answered);
    if (ImGui::Button("Check##size")) q.size_submit = true;
    ImGui::EndDisabled();
    if (!q.size_answered) return;
    wrappedText(q.size_answer.right ? pal.good_text : pal.error_text, q.size_answer.message);
    wrappedText(pal.heading_text, "H' = " + q.size_answer.rows_formula);
    mutedText(q.size_answer.rows_explained);
    wrappedText(pal.heading_text, "W' = " + q.size_answer.cols_formula);
    mutedText(q.size_answer.cols_explained);
}

}  // namespace

void drawQuizPanel(Lesson& lesson, const LessonView& view, QuizPanelState& q) {
    bool on = lesson.view.quiz;
    if (ImGui::Checkbox("Quiz mode", &on)) {
        lesson.view.quiz = on;
        lesson.touch();
    }
    itemTooltip("The next output cell stays hidden until you predict it. Saved with the lesson,\n"
                "so a teacher can hand out a file with quiz mode on.");
    ImGui::SameLine();
    colouredText(palette().accent_text, "Score: %d / %d right", q.score.right, q.score.asked);
    ImGui::Separator();
    if (lesson.view.quiz) drawCellQuiz(view, q);
    else mutedText("Quiz mode off: turn it on to predict each output cell before it is shown.");
    ImGui::Separator();
    drawSizeQuiz(q);
}

}  // namespace cs
