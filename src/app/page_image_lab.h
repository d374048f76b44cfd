#pragma once
// The Image lab's entry in the page table (pages.h): the ImageLab document
// (App::imageLab/imageLabUi) derived and shown by the LabPresenter (lab_presenter.h), one panel over
// the whole body. A click on a pixel opens the Matrices page on it.
#include <string>
#include <vector>

#include "app/pages.h"

namespace cs::page_image_lab {

std::vector<std::string> lessonNames();  // "image", "images", "image-lab"
// --image PATH (decoded now, once: a picture that will not load fails the
// command; the lab takes the decoded image), --kernel SPEC, --display MODE.
bool open(App& app, const GuiOptions& o);
// Starts decoding `path` on a thread of its own, so that the decode overlaps
// the window's and the engines' start (gui_main.cpp calls it first for
// --image); the next open() of that path takes the result.
void prefetchImage(const std::string& path);
// Shows the lab; with no image yet, the first bundled sample.
void show(App& app);
void update(App& app, double dt, bool shown);
void draw(App& app, const PageArea& area);
// The lab's edits of this frame go to the worker now (LabPresenter::send).
void afterUi(App& app);
// Opens the lab on the image at `path` (drag-and-drop): a file that will not
// load becomes a message there and the previous image stays.
// Ctrl+Z / Ctrl+Y: App::imageLabHistory (core/history.h) over the lab's
// settings and image; the view (zoom, pan, layout) stays as it is.
void undo(App& app, bool redo);
void load(App& app, const std::string& path);
// Writes the output as a PNG to `path` (what Save PNG does).
void save(App& app, const std::string& path);
// Sessions: the lab's settings, kernel, view and image path as the file's
// "Image lab" section, and back (the image is read again from its path).
std::string saveSection(App& app);
void loadSection(App& app, const std::string& section);

}  // namespace cs::page_image_lab
