#pragma once
// Lesson: the document. Everything the app shows is derived from it (DESIGN.md
// section 2): the operation with its parameters and matrices (an OpRequest),
// a name and title, and a few view options. Panels edit it in place and call
// touch(); whoever derives data compares `revision` with the one it last saw.
//
//   Lesson lesson = defaultLesson();      // the seed example, ready to play
//   lesson.request.params.window.padding = {2, 2};
//   lesson.touch();                       // revision 0 -> 1: rebuild
//
// Built-in lessons: "seed" (4x4 input, kernel [[1,1,1],[0,0,0],[1,1,1]],
// padding 1, stride 2: output [[1,2],[2,4]]), "flip" (an asymmetric kernel
// under true convolution), "reflect" (the seed with reflect padding),
// "pooling" ([[1,2,3,0],[4,5,6,1],[3,4,7,2],[1,2,1,0]], 2x2 max pooling),
// "average", "l2", "autocorrelation", "multichannel" (2 channels, 2 filters, bias),
// "depthwise" (3 channels, 3 filters, groups 3: filter f sees channel f only),
// then conv_arithmetic's figures and their transposes.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/op_params.h"

namespace cs {

struct ViewOptions {
    bool show_flipped_kernel = true;   // conv2d: draw the flipped kernel next to the original
    bool show_padding_sources = true;  // reflect/replicate/circular: label padded cells with their source
    bool show_weights_on_window = true;  // the kernel weight in the corner of every window cell
    bool compare = false;  // xcorr2d / conv2d: the other operation's output beside this one (LessonView::hasCompare)
    bool quiz = false;  // quiz mode: the next output cell stays hidden until the student predicts it (core/quiz.h)
    bool operator==(const ViewOptions&) const = default;
};

// Which view options mean something for a request; the page offers only
// those (pooling has no weights; zero padding comes from nowhere).
struct ViewOptionsInUse {
    bool weights_on_window = false;  // correlation, convolution, autocorrelation
    bool flipped_kernel = false;     // conv2d
    bool padding_sources = false;    // correlation with padding copied from the input
    bool compare = false;            // xcorr2d, conv2d: correlation beside convolution
};
ViewOptionsInUse viewOptionsInUse(const OpParams& params);

struct Lesson {
    std::string name = "seed";  // built-in name or file stem
    std::string title;          // shown above the stage
    OpRequest request;
    ViewOptions view;
    std::uint64_t revision = 0;  // bumped by every edit; never saved

    void touch() { ++revision; }
};

// Same operation, parameters, matrices, bias and view options (revision and
// name ignored). Floats compare exactly: undo must restore them bit for bit.
bool sameContent(const Lesson& a, const Lesson& b);
bool sameRequest(const OpRequest& a, const OpRequest& b);

// The names of the built-in lessons, default first.
const std::vector<std::string>& builtinLessonNames();
// nullopt when there is no built-in lesson of that name.
std::optional<Lesson> builtinLesson(std::string_view name);
// The seed example.
Lesson defaultLesson();
// True when `lesson` is a built-in one (by name) whose content has since been
// edited: its title then no longer describes what is on screen.
bool editedSinceBuiltin(const Lesson& lesson);
// What the top bar says about the lesson: its title; after an edit of values
// only, the title + " (edited)"; once the operation, a shape or a parameter
// differs from the built-in lesson its title was written for, a description
// derived from what is on screen instead, marked as edited:
//   seed with a 5x5 input: "Cross-correlation, padding 1, stride 2: a 3x3 kernel over a 5x5 input (edited from seed)"
std::string describeLesson(const Lesson& lesson);

// The 2-D operations the lesson app steps through, in menu order.
const std::vector<OpKind>& lessonOps();

}  // namespace cs
