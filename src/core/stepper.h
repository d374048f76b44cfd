#pragma once
// Stepper: play/pause/seek over the steps of a Trace. It owns no clock: the
// frame loop calls advance(dt) with the frame time, so playback speed is the
// same at 30 or 144 frames per second, and tests drive it with exact times.
// current() is the step on show; steps [0, current()] are filled in.
// Example: Stepper s(4); s.setSpeed(2); s.play(); s.advance(1.0); // current() == 2
#include <cstddef>

namespace cs {

class Stepper {
public:
    explicit Stepper(std::size_t step_count = 0) { reset(step_count); }

    // A new trace: keeps the position when it still exists (editing a value
    // mid-lesson should not rewind), else clamps to the last step.
    void reset(std::size_t step_count);

    void play();  // from the last step, starts again at 0
    void pause() { playing_ = false; }
    void togglePlay() { playing_ ? pause() : play(); }
    void stepForward();
    void stepBack();
    void toStart();
    void toEnd();
    void seek(std::size_t step);

    // steps per second, clamped to [0.1, 100]
    void setSpeed(double steps_per_second);
    double speed() const { return speed_; }

    // Advances by dt seconds when playing; stops at the last step.
    void advance(double dt);

    std::size_t current() const { return current_; }
    std::size_t count() const { return count_; }
    bool playing() const { return playing_; }
    bool atEnd() const { return count_ == 0 || current_ + 1 >= count_; }
    // Fraction of the way to the next step, for smooth motion of the window.
    double phase() const { return accumulator_ * speed_; }

private:
    std::size_t count_ = 0;
    std::size_t current_ = 0;
    bool playing_ = false;
    double speed_ = 2.0;
    double accumulator_ = 0.0;  // seconds since the last step
};

}  // namespace cs
