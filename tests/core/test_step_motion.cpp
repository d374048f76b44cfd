// The glide of the window between steps (core/step_motion.h): it ends
// exactly at the new step, moves one way only, glides back on a step back,
// and lands at once in frames without time (screenshots).
#include <gtest/gtest.h>

#include "core/lesson.h"
#include "core/step_motion.h"
#include "core/trace.h"

namespace cs {
namespace {

Trace seedTrace() { return buildTrace(defaultLesson().request); }

Trace poolingTrace() { return buildTrace(builtinLesson("pooling")->request); }

TEST(StepMotion, StepPoseIsTheWindowAndOutputCell) {
    const Trace t = seedTrace();  // 6x6 padded, 3x3 window, stride 2
    const StepPose p1 = stepPose(t, 1);
    EXPECT_EQ(p1.window, (CellRect{0, 2, 2, 4}));
    EXPECT_EQ(p1.target, (CellRect{0, 1, 0, 1}));
    EXPECT_EQ(p1.map, 0);
    EXPECT_EQ(stepPose(t, 99), stepPose(t, 3));  // clamped to the last step
    EXPECT_EQ(stepPose(Trace{}, 0), StepPose{});
}

TEST(StepMotion, SmoothstepIsEasedAndClamped) {
    EXPECT_EQ(smoothstep(-1.0), 0.0);
    EXPECT_EQ(smoothstep(0.0), 0.0);
    EXPECT_DOUBLE_EQ(smoothstep(0.25), 0.15625);
    EXPECT_DOUBLE_EQ(smoothstep(0.5), 0.5);
    EXPECT_EQ(smoothstep(1.0), 1.0);
    EXPECT_EQ(smoothstep(7.0), 1.0);
}

TEST(StepMotion, EndsExactlyAtTheTarget) {
    const Trace t = seedTrace();
    for (double elapsed : {0.2, 0.2000001, 5.0}) {
        const GlidePose g = glidePose(t, 0, 1, elapsed, 0.2);
        EXPECT_TRUE(g.settled);
        EXPECT_EQ(g.pose, stepPose(t, 1));
        EXPECT_EQ(g.rest, stepPose(t, 1));
        EXPECT_EQ(g.progress, 1.0);
        EXPECT_EQ(g.fade, 1.0);
        EXPECT_EQ(g.fade_begin, g.fade_end);  // nothing fading
    }
    // No duration, or no move: settled.
    EXPECT_TRUE(glidePose(t, 0, 1, 0.0, 0.0).settled);
    EXPECT_TRUE(glidePose(t, 2, 2, 0.0, 0.2).settled);
}

TEST(StepMotion, StartsAtTheOldStepAndFadesTheNewCellIn) {
    const Trace t = seedTrace();
    const GlidePose start = glidePose(t, 0, 1, 0.0, 0.2);
    EXPECT_FALSE(start.settled);
    EXPECT_EQ(start.pose.window, stepPose(t, 0).window);
    EXPECT_EQ(start.fade, 0.0);
    EXPECT_TRUE(start.fade_in);
    EXPECT_TRUE(start.fading(1));
    EXPECT_FALSE(start.fading(0));
    EXPECT_FALSE(start.fading(2));
    // A quarter of the time: smoothstep(0.25) of the way, the header's example.
    const GlidePose q = glidePose(t, 0, 1, 0.05, 0.2);
    EXPECT_DOUBLE_EQ(q.pose.window.x0, 0.3125);
    EXPECT_DOUBLE_EQ(q.pose.window.x1, 2.3125);
    EXPECT_DOUBLE_EQ(q.pose.target.x0, 0.15625);
    EXPECT_DOUBLE_EQ(q.fade, 0.15625);
    EXPECT_EQ(q.step, 1u);
}

TEST(StepMotion, MonotoneAllTheWay) {
    const Trace t = seedTrace();
    double last_x = -1, last_y = -1, last_fade = -1;
    for (int i = 0; i <= 100; ++i) {
        const GlidePose g = glidePose(t, 1, 2, 0.3 * i / 100.0, 0.3);  // (0, 2) -> (2, 0): right to left and down
        EXPECT_GE(g.pose.window.y0, last_y);
        EXPECT_LE(g.pose.window.x0, last_x < 0 ? 1e9 : last_x);
        EXPECT_GE(g.fade, last_fade);
        EXPECT_GE(g.pose.window.y0, 0.0);
        EXPECT_LE(g.pose.window.y0, 2.0);
        // The window keeps its size while it moves.
        EXPECT_DOUBLE_EQ(g.pose.window.x1 - g.pose.window.x0, 2.0);
        last_x = g.pose.window.x0, last_y = g.pose.window.y0, last_fade = g.fade;
    }
    EXPECT_EQ(last_x, 0.0);
    EXPECT_EQ(last_y, 2.0);
}

TEST(StepMotion, StepBackGlidesBackAndFadesTheCellOut) {
    const Trace t = seedTrace();
    const GlidePose mid = glidePose(t, 2, 1, 0.1, 0.2);
    EXPECT_FALSE(mid.settled);
    EXPECT_FALSE(mid.fade_in);
    EXPECT_TRUE(mid.fading(2));  // step 2's cell is no longer computed
    EXPECT_FALSE(mid.fading(1));
    EXPECT_DOUBLE_EQ(mid.fade, 0.5);
    EXPECT_DOUBLE_EQ(mid.pose.window.y0, 1.0);  // half way between rows 2 and 0
    EXPECT_DOUBLE_EQ(mid.pose.window.x0, 1.0);
    // Back and forth are mirror images.
    const GlidePose there = glidePose(t, 1, 2, 0.05, 0.2), back = glidePose(t, 2, 1, 0.15, 0.2);
    EXPECT_DOUBLE_EQ(there.pose.window.x0, back.pose.window.x0);
    EXPECT_DOUBLE_EQ(there.pose.window.y0, back.pose.window.y0);
    EXPECT_EQ(glidePose(t, 2, 1, 0.2, 0.2).pose, stepPose(t, 1));
}

TEST(StepMotion, PoolingStepsGlideTheSameWay) {
    const Trace t = poolingTrace();  // 4x4, 2x2 windows, stride 2
    const GlidePose g = glidePose(t, 0, 1, 0.1, 0.2);
    EXPECT_DOUBLE_EQ(g.pose.window.x0, 1.0);
    EXPECT_DOUBLE_EQ(g.pose.window.x1, 2.0);
    EXPECT_EQ(glidePose(t, 0, 1, 0.2, 0.2).pose, stepPose(t, 1));
}

TEST(StepMotion, TheTargetJumpsBetweenMaps) {
    const Trace t = buildTrace(builtinLesson("multichannel")->request);
    ASSERT_GT(t.plan.out_channels, 1);
    const std::size_t per_map = static_cast<std::size_t>(t.plan.out_height * t.plan.out_width);
    const GlidePose g = glidePose(t, per_map - 1, per_map, 0.1, 0.2);  // last cell of map 0 -> first of map 1
    EXPECT_EQ(g.pose.map, 1);
    EXPECT_EQ(g.pose.target, stepPose(t, per_map).target);
    EXPECT_NE(g.pose.window, stepPose(t, per_map).window);  // the window still glides
}

TEST(StepMotion, GlideTimeFollowsTheSpeed) {
    EXPECT_DOUBLE_EQ(glideSeconds(2.0), 0.2);    // 40% of half a second
    EXPECT_DOUBLE_EQ(glideSeconds(10.0), 0.04);
    EXPECT_DOUBLE_EQ(glideSeconds(0.25), kMaxGlideSeconds);  // slow playback: capped
    EXPECT_DOUBLE_EQ(glideSeconds(0.0), kMaxGlideSeconds);
}

TEST(StepMotion, FollowGlidesOverFramesAndSettles) {
    const Trace t = seedTrace();
    StepMotion m;
    m.follow(t, 1, 0, 1.0 / 60, 0.2);  // the first frame: nothing to glide from
    EXPECT_FALSE(m.moving());
    m.follow(t, 1, 1, 0.05, 0.2);  // the stepper moved on
    EXPECT_TRUE(m.moving());
    EXPECT_DOUBLE_EQ(m.pose(t).pose.window.x0, 0.3125);
    m.follow(t, 1, 1, 0.05, 0.2);
    EXPECT_DOUBLE_EQ(m.pose(t).pose.window.x0, 1.0);
    m.follow(t, 1, 1, 0.1, 0.2);
    EXPECT_FALSE(m.moving());
    EXPECT_TRUE(m.pose(t).settled);
    EXPECT_EQ(m.pose(t).pose, stepPose(t, 1));
}

TEST(StepMotion, AnInterruptedGlideTurnsFromWhereItIs) {
    const Trace t = seedTrace();
    StepMotion m;
    m.follow(t, 1, 1, 0.01, 0.2);
    m.follow(t, 1, 2, 0.1, 0.2);  // half way to step 2: window at (1, 1)
    m.follow(t, 1, 1, 0.0001, 0.2);  // back to step 1 before it arrived
    const GlidePose g = m.pose(t);
    EXPECT_NEAR(g.pose.window.y0, 1.0, 1e-3);
    EXPECT_NEAR(g.pose.window.x0, 1.0, 1e-3);
    EXPECT_TRUE(g.fading(2));
    EXPECT_FALSE(g.fade_in);
}

TEST(StepMotion, FramesWithoutTimeLandAtOnce) {
    const Trace t = seedTrace();
    StepMotion m;
    m.follow(t, 1, 0, 0.0, 0.2);
    m.follow(t, 1, 2, 0.0, 0.2);  // a screenshot frame after --step 3
    EXPECT_FALSE(m.moving());
    EXPECT_EQ(m.pose(t).pose, stepPose(t, 2));
    // A rebuilt trace lands too, whatever the time.
    m.follow(t, 2, 3, 0.1, 0.2);
    EXPECT_FALSE(m.moving());
}

TEST(StepMotion, HoldKeepsAMidGlideFrameForScreenshots) {
    const Trace t = seedTrace();
    StepMotion m;
    m.hold(t, 1, 0, 1, 0.5, 0.2);
    EXPECT_TRUE(m.moving());
    m.follow(t, 1, 1, 0.0, 0.2);  // screenshot frames: no time passes
    m.follow(t, 1, 1, 0.0, 0.2);
    EXPECT_DOUBLE_EQ(m.pose(t).pose.window.x0, 1.0);
    EXPECT_DOUBLE_EQ(m.pose(t).fade, 0.5);
    m.follow(t, 1, 1, 1.0, 0.2);  // a real frame finishes it
    EXPECT_FALSE(m.moving());
    StepMotion ends;
    ends.hold(t, 1, 0, 1, 1.0, 0.2);
    EXPECT_FALSE(ends.moving());
}

}  // namespace
}  // namespace cs
