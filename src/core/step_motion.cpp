#include "core/step_motion.h"

#include <algorithm>

namespace cs {
namespace {

double lerp(double a, double b, double s) { return a + (b - a) * s; }

CellRect lerpRect(const CellRect& a, const CellRect& b, double s) {
    return {lerp(a.y0, b.y0, s), lerp(a.x0, b.x0, s), lerp(a.y1, b.y1, s), lerp(a.x1, b.x1, s)};
}

}  // namespace

StepPose stepPose(const Trace& trace, std::size_t step) {
    StepPose pose;
    if (trace.steps.empty()) return pose;
    const TraceStep& s = trace.steps[std::min(step, trace.steps.size() - 1)];
    int y0 = 1 << 30, x0 = 1 << 30, y1 = -1, x1 = -1;
    for (const TraceTerm& t : s.terms) {
        y0 = std::min(y0, t.py), x0 = std::min(x0, t.px), y1 = std::max(y1, t.py), x1 = std::max(x1, t.px);
    }
    // A step without terms (none in practice): its window's corner, one cell.
    if (y1 < 0) y0 = y1 = s.window_y, x0 = x1 = s.window_x;
    pose.window = {static_cast<double>(y0), static_cast<double>(x0), static_cast<double>(y1), static_cast<double>(x1)};
    pose.target = {static_cast<double>(s.out_y), static_cast<double>(s.out_x), static_cast<double>(s.out_y),
                   static_cast<double>(s.out_x)};
    pose.map = s.out_c;
    return pose;
}

double smoothstep(double s) {
    s = std::clamp(s, 0.0, 1.0);
    return s * s * (3.0 - 2.0 * s);
}

StepPose blendPose(const StepPose& from, const StepPose& to, double progress) {
    // The end is the end exactly: no rounding left over from the arithmetic.
    if (progress >= 1.0) return to;
    StepPose p = to;
    p.window = lerpRect(from.window, to.window, progress);
    if (from.map == to.map) p.target = lerpRect(from.target, to.target, progress);
    return p;
}

GlidePose glidePose(const Trace& trace, const StepPose& from, std::size_t from_step, std::size_t to, double elapsed,
                    double duration) {
    GlidePose g;
    g.step = trace.steps.empty() ? 0 : std::min(to, trace.steps.size() - 1);
    g.pose = g.rest = stepPose(trace, to);
    if (trace.steps.empty() || from_step == to || duration <= 0.0 || elapsed >= duration) return g;
    const double s = smoothstep(elapsed / duration);
    if (s >= 1.0) return g;
    g.settled = false;
    g.progress = s;
    g.pose = blendPose(from, g.rest, s);
    g.fade_in = to > from_step;
    g.fade = g.fade_in ? s : 1.0 - s;
    const std::size_t last = trace.steps.size() - 1;
    // Forward: the cells now computed; back: the cells no longer computed.
    g.fade_begin = std::min(g.fade_in ? from_step + 1 : to + 1, last + 1);
    g.fade_end = std::min(g.fade_in ? to + 1 : from_step + 1, last + 1);
    return g;
}

GlidePose glidePose(const Trace& trace, std::size_t from, std::size_t to, double elapsed, double duration) {
    return glidePose(trace, stepPose(trace, from), from, to, elapsed, duration);
}

double glideSeconds(double steps_per_second) {
    if (steps_per_second <= 0.0) return kMaxGlideSeconds;
    return std::min(kGlideShare / steps_per_second, kMaxGlideSeconds);
}

void StepMotion::follow(const Trace& trace, std::uint64_t build, std::size_t step, double dt, double duration) {
    if (!started_ || build != build_ || dt <= 0.0 || trace.steps.empty()) {
        // Nothing to glide from (the first frame, a rebuilt trace), or no time
        // passes in this frame: the step lands at once.
        if (!started_ || build != build_ || step != step_ || trace.steps.empty()) moving_ = false;
        started_ = true;
        build_ = build;
        step_ = step;
        return;
    }
    if (step != step_) {
        // From wherever the window is now: an interrupted glide turns smoothly.
        from_ = pose(trace).pose;
        from_step_ = step_;
        step_ = step;
        elapsed_ = 0.0;
        duration_ = duration;
        moving_ = true;
    }
    if (!moving_) return;
    elapsed_ += dt;
    if (elapsed_ >= duration_) moving_ = false;
}

void StepMotion::hold(const Trace& trace, std::uint64_t build, std::size_t from, std::size_t to, double fraction,
                      double duration) {
    started_ = true;
    build_ = build;
    from_ = stepPose(trace, from);
    from_step_ = from;
    step_ = to;
    duration_ = duration;
    elapsed_ = std::clamp(fraction, 0.0, 1.0) * duration;
    moving_ = from != to && elapsed_ < duration_;
}

GlidePose StepMotion::pose(const Trace& trace) const {
    if (!moving_) return glidePose(trace, step_, step_, 0.0, 0.0);
    return glidePose(trace, from_, from_step_, step_, elapsed_, duration_);
}

}  // namespace cs
