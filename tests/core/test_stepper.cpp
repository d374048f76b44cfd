#include <gtest/gtest.h>

#include "core/stepper.h"

namespace cs {
namespace {

TEST(Stepper, AdvancesByTimeNotFrames) {
    Stepper a(10), b(10);
    a.setSpeed(4);
    b.setSpeed(4);
    a.play();
    b.play();
    for (int i = 0; i < 30; ++i) a.advance(1.0 / 30);  // one second at 30 fps
    for (int i = 0; i < 144; ++i) b.advance(1.0 / 144);  // one second at 144 fps
    EXPECT_EQ(a.current(), 4u);
    EXPECT_EQ(b.current(), 4u);
}

TEST(Stepper, StopsAtTheEndAndReplaysFromStart) {
    Stepper s(3);
    s.play();
    s.advance(100);
    EXPECT_EQ(s.current(), 2u);
    EXPECT_FALSE(s.playing());
    s.play();
    EXPECT_EQ(s.current(), 0u);
    EXPECT_TRUE(s.playing());
}

TEST(Stepper, ManualControlsPauseAndClamp) {
    Stepper s(4);
    s.play();
    s.stepForward();
    EXPECT_FALSE(s.playing());
    EXPECT_EQ(s.current(), 1u);
    s.stepBack();
    s.stepBack();
    EXPECT_EQ(s.current(), 0u);
    s.toEnd();
    EXPECT_EQ(s.current(), 3u);
    s.stepForward();
    EXPECT_EQ(s.current(), 3u);
    s.seek(99);
    EXPECT_EQ(s.current(), 3u);
    s.toStart();
    EXPECT_EQ(s.current(), 0u);
}

TEST(Stepper, ResetKeepsPositionWhenItStillExists) {
    Stepper s(10);
    s.seek(5);
    s.reset(8);
    EXPECT_EQ(s.current(), 5u);
    s.reset(3);
    EXPECT_EQ(s.current(), 2u);
    s.reset(0);
    EXPECT_EQ(s.current(), 0u);
    s.play();
    EXPECT_FALSE(s.playing());
}

TEST(Stepper, SpeedIsClamped) {
    Stepper s(2);
    s.setSpeed(0);
    EXPECT_GT(s.speed(), 0);
    s.setSpeed(1e9);
    EXPECT_LE(s.speed(), 100);
}

}  // namespace
}  // namespace cs
