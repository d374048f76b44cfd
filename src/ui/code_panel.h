#pragma once
// The Code panel: the matrix page's current lesson (or the Layers page's
// shown stage) as code (io/code_gen.h),
// in the language picked in the selector, with Copy (to the clipboard). The
// text is the generator's, built once per lesson revision and language and
// kept in CodePanelState; the panel only draws it.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/lesson_view.h"

namespace cs {

// More input and kernel values than this: the panel points to `convscope code`.
constexpr std::size_t kMaxCodePanelValues = std::size_t{1} << 16;

struct CodePanelState {
    int lang = 0;  // index into allCodeLangs()
    // The cached text and what it was built from.
    std::string text;
    std::string error;  // why there is no text (a layer op)
    std::uint64_t built_revision = ~std::uint64_t{0};
    int built_lang = -1;
    bool built_hiding = false;
    bool copied = false;  // "Copied" shown after the button until the text changes
};

// `label` names the lesson in the code's first comment. `hide_result` (quiz
// mode) leaves convscope's answer out of the text: it would give the quiz away.
void drawCodePanel(const LessonView& view, const std::string& label, bool hide_result, CodePanelState& state);
// The Layers page: one stage's request and its result. `key` must change
// whenever the request does (the page uses its lesson revision and stage).
void drawCodePanel(const OpRequest& request, const Tensor& result, std::uint64_t key, const std::string& label,
                   bool hide_result, CodePanelState& state);

}  // namespace cs
