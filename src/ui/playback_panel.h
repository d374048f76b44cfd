#pragma once
#include "core/stepper.h"

namespace cs {

// Play/pause, step back and forward, to start and end, a scrub bar and the
// speed. Keys (handled by the app): space, left/right, Home/End.
void drawPlaybackPanel(Stepper& stepper);

}  // namespace cs
