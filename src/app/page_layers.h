#pragma once
// The Layers page's entry in the page table (pages.h): the layer lessons
// (App::layers/layersHistory/layersView): ReLU, batch norm, flatten, softmax,
// linear, and the pipeline that chains conv -> batch norm -> ReLU -> max pool
// -> flatten -> linear -> softmax. The edit column on the left; the stage
// (the pipeline's stages and shapes above it) and the step's numbers on the
// right; playback and the status line at the bottom. The pipeline's conv and
// max pool stages are drawn by the matrix page's stage and step panels.
#include <string>
#include <vector>

#include "app/pages.h"

namespace cs::page_layers {

std::vector<std::string> lessonNames();  // relu, batchnorm, flatten, softmax, linear, pipeline
bool open(App& app, const GuiOptions& o);  // o.page_lesson picks the lesson; --step; --panel code|quiz; --answer
void update(App& app, double dt, bool shown);
void draw(App& app, const PageArea& area);
Stepper* stepper(App& app);
void undo(App& app, bool redo);
void load(App& app, const std::string& path);  // a lesson file with a layer op, or a built-in name
void save(App& app, const std::string& path);  // the op lesson as a lesson file
// Sessions (io/session_json.h layersSectionToJson): the lesson, its stages,
// quiz mode and the shown stage's step. loadSection checks that the stages
// compute before it replaces the page's document (throws LessonFileError).
std::string saveSection(App& app);
void loadSection(App& app, const std::string& section);

}  // namespace cs::page_layers
