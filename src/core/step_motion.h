#pragma once
// Smooth motion on the stage: when the stepper moves, the window (the
// kernel's footprint on the padded input) and the output cell being computed
// glide from the old step's place to the new one, eased, and the output cells
// that change fade in (forward) or out (back). At the end of a glide the pose
// is exactly the step's own, so a settled frame draws today's picture.
//
// stepPose and glidePose are pure; StepMotion is the little state the page
// keeps between frames (driven by dt from the page update, never a clock).
//
//   Trace t = buildTrace(seed);                 // steps 0 and 1: windows at x 0 and 2
//   GlidePose p = glidePose(t, 0, 1, 0.05, 0.2);  // a quarter of the way in time
//   p.window.x0;  // 2 * smoothstep(0.25) = 0.3125; p.fade = 0.15625 (step 1's cell)
//   glidePose(t, 0, 1, 0.2, 0.2).settled;        // true: window.x0 == 2 exactly
//
// A frame with dt <= 0 (screenshots, a forced redraw) never starts a glide:
// no time passes in it, so a step change there lands at once.
#include <cstddef>
#include <cstdint>

#include "core/trace.h"

namespace cs {

// Cells [y0, y1] x [x0, x1] of a grid (corners inclusive, as ui/grid.h's
// outlineCells takes them); fractional while a glide is under way.
struct CellRect {
    double y0 = 0, x0 = 0, y1 = 0, x1 = 0;
    bool operator==(const CellRect&) const = default;
};

// Where one step is on the stage: its window on the padded grid (the span of
// its terms, every channel together), its output cell and the map it is on.
struct StepPose {
    CellRect window;
    CellRect target;
    int map = 0;  // the output channel
    bool operator==(const StepPose&) const = default;
};
// The pose of `step` (clamped to the trace; a trace without steps: all zero).
StepPose stepPose(const Trace& trace, std::size_t step);

// 3s^2 - 2s^3 for s clamped to [0, 1]: starts and ends at rest, monotone.
double smoothstep(double s);

// A frame of a glide. `progress` (eased, 0 at the old pose, 1 at the new)
// moves the window and the output cell; the cells of steps
// [fade_begin, fade_end) change their look: they fade in with alpha `fade`
// when stepping forward (they are newly computed) and fade out with it when
// stepping back (fade_in false: they are no longer computed, drawn at `fade`
// until it reaches 0). Settled: progress 1, fade 1, an empty fade range.
struct GlidePose {
    std::size_t step = 0;     // the step glided to (whose terms the window shows)
    StepPose pose;            // window and target at this frame
    StepPose rest;            // where they are when it ends: stepPose(trace, step)
    double progress = 1.0;
    double fade = 1.0;
    std::size_t fade_begin = 0, fade_end = 0;
    bool fade_in = true;
    bool settled = true;
    bool fading(std::size_t step) const { return step >= fade_begin && step < fade_end; }
};

// `from` eased towards `to`; the target glides only within one map (from
// another map it is at `to`'s cell at once).
StepPose blendPose(const StepPose& from, const StepPose& to, double progress);

// The pure function: the frame `elapsed` seconds into a glide of `duration`
// seconds from step `from` to step `to` of `trace`. elapsed >= duration (or
// duration <= 0, or from == to): settled, exactly stepPose(trace, to).
GlidePose glidePose(const Trace& trace, std::size_t from, std::size_t to, double elapsed, double duration);
// The same from a pose already under way (a glide interrupted by the next step).
GlidePose glidePose(const Trace& trace, const StepPose& from, std::size_t from_step, std::size_t to, double elapsed,
                    double duration);

// How long a glide takes at a playback speed: 40% of a step's time, at most
// kMaxGlideSeconds, so the window rests on each step longer than it moves.
constexpr double kGlideShare = 0.4;
constexpr double kMaxGlideSeconds = 0.45;
double glideSeconds(double steps_per_second);

// The page's motion state. follow() once per frame after the stepper moved:
// a new step starts a glide from wherever the window is now; a rebuilt trace
// (another `build`) or a frame without time lands at once.
class StepMotion {
public:
    void follow(const Trace& trace, std::uint64_t build, std::size_t step, double dt, double duration);
    // A glide from `from` to `to` held at `fraction` of its time (0..1), as if
    // the frames so far had passed: screenshots and slides of a mid-glide
    // frame (the GUI's hidden --glide-at). Later frames with dt > 0 finish it.
    void hold(const Trace& trace, std::uint64_t build, std::size_t from, std::size_t to, double fraction,
              double duration);
    void settle() { moving_ = false; }

    bool moving() const { return moving_; }
    // The frame to draw for `trace` (settled at the step last followed when
    // not moving).
    GlidePose pose(const Trace& trace) const;

private:
    bool started_ = false;
    bool moving_ = false;
    std::uint64_t build_ = 0;
    std::size_t step_ = 0;       // the step glided to
    std::size_t from_step_ = 0;  // the step glided from (for the fade)
    StepPose from_;              // where the glide began
    double elapsed_ = 0, duration_ = 0;
};

}  // namespace cs
