#pragma once
// The Signals page's entry in the page table (pages.h): the 1-D signals
// lesson (App::signals/signalsView), one panel over the body and the status line.
#include <string>
#include <vector>

#include "app/pages.h"

namespace cs::page_signals {

std::vector<std::string> lessonNames();  // "signals"; the page table adds the words
// o.page_lesson: "signals", "signals-discrete", "signals-compare",
// "signals-xcorr", "signals-autocorr", words combined ("signals-discrete-compare");
// o.step > 0 puts the playhead there.
bool open(App& app, const GuiOptions& o);
void update(App& app, double dt, bool shown);
void draw(App& app, const PageArea& area);
Stepper* stepper(App& app);
// Ctrl+Z / Ctrl+Y: App::signalsHistory (core/history.h), one step per finished edit.
void undo(App& app, bool redo);
// Sessions: the lesson, its t (continuous) and position (discrete) as the
// file's "Signals" section, and back (the playhead returns to that t).
std::string saveSection(App& app);
void loadSection(App& app, const std::string& section);

}  // namespace cs::page_signals
