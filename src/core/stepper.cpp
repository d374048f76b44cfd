#include "core/stepper.h"

#include <algorithm>

namespace cs {

void Stepper::reset(std::size_t step_count) {
    count_ = step_count;
    if (count_ == 0) {
        current_ = 0;
        playing_ = false;
    } else {
        current_ = std::min(current_, count_ - 1);
    }
    accumulator_ = 0.0;
}

void Stepper::play() {
    if (count_ == 0) return;
    if (atEnd()) current_ = 0;
    playing_ = true;
    accumulator_ = 0.0;
}

void Stepper::stepForward() {
    pause();
    if (!atEnd()) ++current_;
}

void Stepper::stepBack() {
    pause();
    if (current_ > 0) --current_;
}

void Stepper::toStart() {
    pause();
    current_ = 0;
}

void Stepper::toEnd() {
    pause();
    current_ = count_ ? count_ - 1 : 0;
}

void Stepper::seek(std::size_t step) {
    current_ = count_ ? std::min(step, count_ - 1) : 0;
    accumulator_ = 0.0;
}

void Stepper::setSpeed(double steps_per_second) { speed_ = std::clamp(steps_per_second, 0.1, 100.0); }

void Stepper::advance(double dt) {
    if (!playing_ || dt <= 0) return;
    accumulator_ += dt;
    const double period = 1.0 / speed_;
    // 1e-9: thirty frames of 1/30 s must make one whole second despite rounding.
    while (accumulator_ >= period - 1e-9) {
        accumulator_ -= period;
        if (atEnd()) {
            playing_ = false;
            accumulator_ = 0.0;
            return;
        }
        ++current_;
    }
    if (atEnd()) {
        playing_ = false;
        accumulator_ = 0.0;
    }
}

}  // namespace cs
