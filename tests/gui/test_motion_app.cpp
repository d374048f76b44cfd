// The glide as the frame loop sees it (no window): App::animating() stays
// true while the window is on its way, so gui_main.cpp keeps drawing frames
// rather than wait for events with the window frozen half way; it lands, and
// frames without time (screenshots) never start one.
#include <gtest/gtest.h>
#include <imgui.h>

#include "app/app.h"
#include "app/pages.h"
#include "core/layers_lesson.h"
#include "io/lesson_json.h"

namespace {

class MotionApp : public ::testing::Test {
protected:
    void SetUp() override { ImGui::CreateContext(); }  // the Matrices update asks ImGui whether a widget is held
    void TearDown() override { ImGui::DestroyContext(); }
};

TEST_F(MotionApp, AGlideKeepsTheAppAnimatingUntilItLands) {
    cs::App app(cs::loadLesson("seed"), cs::AppSettings{}, nullptr, "");
    app.update(1.0 / 60);
    EXPECT_FALSE(app.animating());
    app.view().stepper().stepForward();  // Next: the stepper is not playing
    app.update(1.0 / 60);
    EXPECT_FALSE(app.view().stepper().playing());
    EXPECT_TRUE(app.animating());
    EXPECT_FALSE(app.stepMotion().pose(app.view().trace()).settled);
    // The glide takes glideSeconds(2 steps/s) = 0.2 s; after that it has landed.
    for (int frame = 0; frame < 15; ++frame) app.update(1.0 / 60);
    EXPECT_FALSE(app.animating());
    const cs::GlidePose settled = app.stepMotion().pose(app.view().trace());
    EXPECT_TRUE(settled.settled);
    EXPECT_EQ(settled.pose, cs::stepPose(app.view().trace(), 1));
    // On another page the matrix page's glide does not keep frames coming.
    app.view().stepper().stepForward();
    app.update(1.0 / 60);
    app.showPage(cs::PageId::Signals);
    EXPECT_FALSE(app.animating());
}

TEST_F(MotionApp, FramesWithoutTimeNeverGlide) {
    cs::App app(cs::loadLesson("seed"), cs::AppSettings{}, nullptr, "");
    app.update(0.0);
    app.view().stepper().seek(2);
    app.update(0.0);
    EXPECT_FALSE(app.animating());
    EXPECT_TRUE(app.stepMotion().pose(app.view().trace()).settled);
}

// The Layers page's window stages (the pipeline's conv and max pool) glide as the matrix page's.
TEST_F(MotionApp, TheLayersPipelinesConvGlidesAndLandsOnItsStep) {
    cs::App app(cs::loadLesson("seed"), cs::AppSettings{}, nullptr, "");
    app.showPage(cs::PageId::Layers);
    app.layers() = cs::layersLesson(cs::LayersTopic::Pipeline);
    app.layers().revision = 7;
    app.update(1.0 / 60);
    ASSERT_TRUE(app.layersView().stage().window);  // stage 1: the conv
    const cs::Trace& trace = app.layersView().stage().lesson_view.trace();
    EXPECT_FALSE(app.animating());
    app.layersView().stepper().stepForward();
    app.update(1.0 / 60);
    EXPECT_TRUE(app.animating());
    const cs::GlidePose under_way = app.layersMotion().pose(trace);
    EXPECT_FALSE(under_way.settled);
    EXPECT_EQ(under_way.step, 1u);
    EXPECT_NE(under_way.pose, cs::stepPose(trace, 1));
    for (int frame = 0; frame < 15; ++frame) app.update(1.0 / 60);
    EXPECT_FALSE(app.animating());
    const cs::GlidePose settled = app.layersMotion().pose(trace);
    EXPECT_TRUE(settled.settled);
    EXPECT_EQ(settled.pose, cs::stepPose(trace, 1));
    // A step back glides back; the matrix page's motion is not touched.
    app.layersView().stepper().stepBack();
    app.update(1.0 / 60);
    EXPECT_TRUE(app.animating());
    EXPECT_FALSE(app.layersMotion().pose(trace).fade_in);
    EXPECT_FALSE(app.stepMotion().moving());
    // Another stage on show (ReLU: no window) lands at once.
    app.layers().shown_stage = 2;
    app.layers().touch();  // as the pipeline bar's button does
    app.update(1.0 / 60);
    EXPECT_FALSE(app.animating());
}

TEST_F(MotionApp, PlayingCountsAsAnimating) {
    cs::App app(cs::loadLesson("seed"), cs::AppSettings{}, nullptr, "");
    app.view().stepper().play();
    EXPECT_TRUE(app.animating());
}

}  // namespace
