#pragma once
// Sessions: a lesson file (lesson_json.h) that keeps every page. Version 2
// adds, beside the matrix lesson's own fields, its step, the page on show and
// one section per page that keeps state, keyed by the page's tab title:
//   {"convscope_lesson": 2, "version": 2, "op": "xcorr2d", "input": ..., ...,
//    "step": 3, "page": "Signals",
//    "pages": {"Signals": {"op": "convolution", "t": 1.25, "f": {...}, ...},
//              "Image lab": {"image_path": "/data/cat.png", "kernel": ...},
//              "Layers": {"topic": "batchnorm", "quiz": true, "step": 4, "stages": [{...}]},
//              "Network": {"source": "canvas", "canvas": ["0 0 0.5 ...", ...], "model": "shipped", ...}}}
// A version 1 file (every file before sessions) is a session with the matrix
// lesson only, at step 0, on the Matrices page. A newer version is refused
// with a message naming it. Pages with no section keep what they show.
//
//   saveSessionFile("class.json", session);          // atomic, folder fsync'ed
//   SessionFile s = loadSessionFile("class.json");   // or a built-in name
//   if (auto it = s.sections.find("Signals"); it != s.sections.end())
//       signalsSectionFromJson(it->second, app.signals(), t, step);
//
// A page adds its state by a section codec here (its JSON object as text, so
// the app needs no JSON library) and the save_section / load_section hooks of
// its page-table entry (app/pages.h).
#include <cstddef>
#include <map>
#include <string>
#include <string_view>

#include "core/image_lab.h"
#include "core/layers_lesson.h"
#include "core/lesson.h"
#include "core/network_doc.h"
#include "core/signals_lesson.h"

namespace cs {

struct SessionFile {
    Lesson lesson;                                // the matrix lesson
    std::size_t step = 0;                         // its playhead, 0-based
    std::string page;                             // the tab title on show; "" when the file has none
    std::map<std::string, std::string> sections;  // tab title -> that page's section (a JSON object)
};

std::string sessionToJson(const SessionFile& session);  // pretty-printed, ends with a newline
// Throws LessonFileError naming the field (or the version) that is wrong.
SessionFile sessionFromJson(std::string_view text);
// Writes atomically (io/text_file.h): temporary file, fsync, rename, folder fsync.
void saveSessionFile(const std::string& path, const SessionFile& session);
// A built-in lesson name or a lesson file, as loadLesson (lesson_json.h).
SessionFile loadSessionFile(const std::string& name_or_path);

// The Signals page: its document, the t on show (continuous mode) and the
// playhead position (discrete mode). FromJson leaves `lesson` unchanged when
// it throws LessonFileError.
std::string signalsSectionToJson(const SignalsLesson& lesson, double t, std::size_t step);
void signalsSectionFromJson(const std::string& section, SignalsLesson& lesson, double& t, std::size_t& step);

// The image lab: its settings, kernel, view options and image path (the image
// itself is read again from the path). Leaves `lab` unchanged when it throws.
std::string imageLabSectionToJson(const ImageLab& lab);
void imageLabSectionFromJson(const std::string& section, ImageLab& lab);

// The Layers page: which layer lesson (topic, name, title), its stages'
// requests (each a lesson object as lesson_json.h writes it: tensors, train /
// eval, eps, momentum, dims), the pipeline stage on show, quiz mode and the
// shown stage's playhead. FromJson checks the shape of the section (a known
// topic, its number of stages and their ops, shown_stage in range) and leaves
// `lesson` and `step` unchanged when it throws LessonFileError; whether the
// values compute is the page's check (LayersView), before it replaces anything.
std::string layersSectionToJson(const LayersLesson& lesson, std::size_t step);
void layersSectionFromJson(const std::string& section, LayersLesson& lesson, std::size_t& step);

// The Network page: its input (source; gallery_index; the canvas and a file
// input's pixels as 28 rows of 28 numbers from 0 to 1, each row one string of
// numbers, exact for every float; the file's path), the brush, the clicked
// activation, the Layers | Training tab, the training settings, and where the
// model came from ("model": shipped, file with "model_path", trained (in the
// app, not saved: the weights are not in the session), untrained). The
// weights are never in the file; the page reads the model again.
//   {"source": "gallery", "gallery_index": 7, "selected": {"stage": 5, "c": 3, "y": 4, "x": 9},
//    "tab": "layers", "model": "file", "model_path": "/models/mine.safetensors",
//    "epochs": 2, "learning_rate": 0.001, "fresh": false, "brush_radius": 1.6, "canvas": [...]}
// FromJson checks what it can without the data set (gallery_index >= 0; the
// gallery's size, the selection against the stage shapes and the model file
// are the page's checks) and leaves `doc` and `training_tab` unchanged when it
// throws LessonFileError naming the field. It never touches doc.net.
std::string networkSectionToJson(const NetworkDoc& doc, bool training_tab);
void networkSectionFromJson(const std::string& section, NetworkDoc& doc, bool& training_tab);

}  // namespace cs
