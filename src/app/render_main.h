#pragma once
// `convscope render`: a lesson played headless into an animated GIF, a
// folder of numbered PNGs or one PNG. It is a subcommand (main.cpp routes it
// here) but lives in app: it drives the real app, rendered offscreen as
// --screenshot does (gui_main.h runHeadless: a headless EGL context, no
// display needed; a hidden window only when EGL cannot be had), so every
// frame is what the window would show, animation included.
//
//   convscope render --lesson seed -o seed.gif
//   convscope render --lesson no_padding_no_strides -o frames/ --fps 5 --steps 2-4 --stage-only
//
// Playback is simulated: the page's stepper plays steps A..B at its own speed
// (each step as long as in the app) while frames are taken every 1/fps
// seconds, the app advanced by exactly that much each frame; the last frame
// stays --hold-last seconds. Exit status: 0; 2 for a bad option (also a step
// range past the lesson's steps, or a page with no steps); 1 when the app
// cannot start (neither EGL nor a display, no lesson) or OUT cannot be written.
#include <string>

namespace cs {

// argv[1] is "render".
int runRender(int argc, char** argv);
// The usage text (also part of `convscope --help`).
std::string renderUsage();

}  // namespace cs
