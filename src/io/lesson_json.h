#pragma once
// Lesson files: the lesson document as JSON, versioned. Field names follow the
// compute contract (request_json.h) so a request can be pasted into a lesson:
//   {"convscope_lesson": 2, "version": 2, "name": "seed", "title": "...",
//    "op": "xcorr2d", "input": [[1,0],[0,1]], "kernel": [[1]], "bias": [],
//    "stride": [2, 2], "padding": [1, 1], "dilation": [1, 1], "padding_mode": "zeros",
//    "kernel_size": [2, 2], "ceil_mode": false, "count_include_pad": true, "norm_type": 2,
//    "view": {"show_flipped_kernel": true, "show_padding_sources": true, "show_weights_on_window": true},
//    "quiz": true}
// "quiz": true turns quiz mode on (a teacher hands out the file; written only when on).
// "convscope_lesson" marks the file; "version" (version 2 on) is its format,
// else the marker's value (version 1 files have no "version"). Version 2 adds
// the other pages (io/session_json.h); this reader ignores those fields.
// Every field but "op" and "input" is optional (defaults of OpParams). A file
// from a newer version, a missing field, a wrong type: LessonFileError with
// a message naming the field. Parameter ranges are checked later by planOp
// (an out-of-range lesson loads and shows its error in place).
#include <stdexcept>
#include <string>
#include <string_view>

#include "core/lesson.h"

namespace cs {

constexpr int kLessonFileVersion = 2;  // 2: sessions (io/session_json.h)

class LessonFileError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

std::string lessonToJson(const Lesson& lesson);  // pretty-printed, ends with a newline
Lesson lessonFromJson(std::string_view text);    // throws LessonFileError

// Writes atomically; throws IoError.
void saveLessonFile(const std::string& path, const Lesson& lesson);
// A built-in lesson name ("seed", "pooling", ...) or a path to a lesson file.
// Throws LessonFileError / IoError with the reason; the message for an unknown
// name lists the built-in ones.
Lesson loadLesson(const std::string& name_or_path);

}  // namespace cs
