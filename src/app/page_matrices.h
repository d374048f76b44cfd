#pragma once
// The Matrices page's entry in the page table (pages.h): the matrix lessons
// (App::lesson/history/view) with the operation, parameter and matrix editors
// on the left, the stage, the step's arithmetic and the output-size formula
// on the right, playback and the status line at the bottom.
#include <string>
#include <vector>

#include "app/pages.h"

namespace cs::page_matrices {

std::vector<std::string> lessonNames();  // the built-in lessons
bool open(App& app, const GuiOptions& o);  // --step
void update(App& app, double dt, bool shown);
void toolbar(App& app);
void draw(App& app, const PageArea& area);
Stepper* stepper(App& app);
void undo(App& app, bool redo);
void load(App& app, const std::string& path);  // a lesson file or built-in name
void save(App& app, const std::string& path);  // the lesson as a lesson file

}  // namespace cs::page_matrices
