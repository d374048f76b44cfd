#include "ui/quiz_panel.h"

#include <imgui.h>

#include "ui/theme.h"
#include "ui/widgets.h"

namespace cs {
namespace {

// The question and its answer row, shared by both pages: the heading, the
// typed value with Check and Show, and the last answer's diagnosis.
void drawAnswerRow(const std::string& question, std::size_t step, double& typed, bool& submit, bool& give_up,
                   bool& restart, const CellQuiz& cell) {
    const Palette& pal = palette();
    if (question.empty()) {
        colouredText(pal.good_text, "Every cell is revealed.");
        ImGui::SameLine();
        if (ImGui::Button("Start again")) restart = true;
    } else {
        ImGui::AlignTextToFramePadding();
        colouredText(pal.heading_text, "Step %zu: %s = ?", step, question.c_str());
        // The answer row beside the question when it fits: the diagnosis gets the lines.
        const float F = ImGui::GetFontSize(), gap = ImGui::GetStyle().ItemSpacing.x;
        sameLineOrWrap(F * 4.5f + buttonWidth("Check") + buttonWidth("Show") + gap * 2.f);
        ImGui::SetNextItemWidth(F * 4.5f);
        if (ImGui::InputDouble("##answer", &typed, 0.0, 0.0, "%.6g", ImGuiInputTextFlags_EnterReturnsTrue)) submit = true;
        itemTooltip("Type the value of the next output cell, then Enter or Check.");
        ImGui::SameLine();
        if (ImGui::Button("Check")) submit = true;
        ImGui::SameLine();
        if (ImGui::Button("Show")) give_up = true;
        itemTooltip("Reveal the cell (counts as not right if you have not answered).");
    }
    if (cell.has_last) wrappedText(cell.last.right ? pal.good_text : pal.error_text, cell.last.message);
}

void drawCellQuiz(const LessonView& view, QuizPanelState& q) {
    if (!view.hasTrace()) return;
    const std::size_t next = q.cell.revealed + 1;
    const bool done = next >= view.trace().steps.size();
    drawAnswerRow(done ? std::string() : quizCellName(view.request(), view.trace(), next), next + 1, q.typed, q.submit,
                  q.give_up, q.restart, q.cell);
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

namespace cs {

void drawLayersQuizPanel(LayersLesson& lesson, const std::string& question, std::size_t step, LayersQuizState& q,
                         const QuizScore& score) {
    // Tighter than the matrix page's: the pane shares the height with the stage.
    const ImGuiStyle& style = ImGui::GetStyle();
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(style.ItemSpacing.x, style.ItemSpacing.y * 0.5f));
    ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(style.FramePadding.x, style.FramePadding.y * 0.5f));
    bool on = lesson.quiz;
    if (ImGui::Checkbox("Quiz mode", &on)) {
        lesson.quiz = on;
        lesson.touch();
    }
    itemTooltip("The shown stage's next output stays hidden until you predict it. Saved with the lesson\n"
                "and the session, so a teacher can hand out a file with quiz mode on.");
    ImGui::SameLine();
    colouredText(palette().accent_text, "Score: %d / %d right", score.right, score.asked);
    if (lesson.quiz) drawAnswerRow(question, step, q.typed, q.submit, q.give_up, q.restart, q.cell);
    else mutedText("Quiz mode off: turn it on to predict each output before it is shown.");
    ImGui::PopStyleVar(2);
}

}  // namespace cs
