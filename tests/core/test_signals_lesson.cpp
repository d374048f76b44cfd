// The signals lesson's document and derived view: what it shows is exactly
// what continuous_ops and the compute contract compute; swapping f and g keeps
// a convolution; bad typed input is a message and the last valid state stays.
#include <gtest/gtest.h>

#include <cmath>

#include "core/engine.h"
#include "core/signals_lesson.h"

namespace cs {
namespace {

SignalsView viewOf(const SignalsLesson& doc) {
    SignalsView v;
    v.update(doc);
    return v;
}

TEST(SignalsLesson, DefaultCurveIsResultCurveOfContinuousOps) {
    const SignalsLesson doc = defaultSignalsLesson();
    const SignalsView v = viewOf(doc);
    ASSERT_TRUE(v.error().empty()) << v.error();
    ASSERT_TRUE(v.hasCurve(ContinuousOp::Convolution));
    const Interval r = v.timeRange();
    const ResultCurve expected =
        resultCurve(ContinuousOp::Convolution, doc.f.spec, doc.g.spec, r.lo, r.hi, kCurvePoints);
    EXPECT_EQ(v.curve(ContinuousOp::Convolution).values, expected.values);
    // The default f is off-centre, so convolution and cross-correlation differ.
    EXPECT_FALSE(v.fIsEven());
}

TEST(SignalsLesson, SliceAreaIsAreaAtCurrentT) {
    const SignalsLesson doc = defaultSignalsLesson();
    SignalsView v = viewOf(doc);
    for (std::size_t step : {0u, 60u, 120u, 240u}) {
        v.stepper().seek(step);
        const double t = v.currentT();
        EXPECT_DOUBLE_EQ(t, v.timeAtStep(step));
        const SliceAt& s = v.slice(ContinuousOp::Convolution);
        const AreaAt a = areaAt(ContinuousOp::Convolution, doc.f.spec, doc.g.spec, t);
        EXPECT_EQ(s.area.value, a.value) << "t " << t;
        EXPECT_NEAR(s.area.value, valueAt(ContinuousOp::Convolution, doc.f.spec, doc.g.spec, t), 2 * a.error_bound + 1e-15);
        ASSERT_EQ(s.f.x.size(), s.moving.x.size());
        for (std::size_t k = 0; k < s.f.x.size(); k += 37)
            EXPECT_DOUBLE_EQ(s.product.y[k], s.f.y[k] * s.moving.y[k]);
    }
}

TEST(SignalsLesson, DiscreteTraceIsComputeContract) {
    SignalsLesson doc = defaultSignalsLesson();
    doc.discrete = true;
    for (Mode1d mode : {Mode1d::Full, Mode1d::Same, Mode1d::Valid}) {
        doc.mode = mode;
        doc.touch();
        const SignalsView v = viewOf(doc);
        ASSERT_TRUE(v.error().empty()) << v.error();
        for (ContinuousOp op : {ContinuousOp::Convolution, ContinuousOp::CrossCorrelation, ContinuousOp::AutoCorrelation}) {
            ASSERT_TRUE(v.hasTrace(op));
            const Tensor expected =
                computeReference(signalRequest1d(discreteOpKind(op), v.fSequence(), v.gSequence(), mode));
            EXPECT_EQ(v.trace(op).output, expected) << continuousOpName(op) << " " << mode1dName(mode);
        }
        EXPECT_EQ(v.stepper().count(), v.trace(ContinuousOp::Convolution).steps.size());
    }
}

TEST(SignalsLesson, TypedSequencesAreUsedAsTyped) {
    SignalsLesson doc = defaultSignalsLesson();
    doc.discrete = true;
    doc.f.source = doc.g.source = SignalSource::Typed;
    doc.f.typed = "1, 2, 3";
    doc.g.typed = "[0 1 0.5]";
    doc.touch();
    const SignalsView v = viewOf(doc);
    ASSERT_TRUE(v.error().empty()) << v.error();
    // numpy.convolve([1, 2, 3], [0, 1, 0.5]) = [0, 1, 2.5, 4, 1.5]
    EXPECT_EQ(v.trace(ContinuousOp::Convolution).output, Tensor({5}, {0.f, 1.f, 2.5f, 4.f, 1.5f}));
}

TEST(SignalsLesson, SwappingFAndGKeepsTheConvolution) {
    SignalsLesson doc = defaultSignalsLesson();
    const SignalsView before = viewOf(doc);
    swapSignals(doc);
    const SignalsView after = viewOf(doc);
    EXPECT_EQ(after.timeRange(), before.timeRange());
    const ResultCurve& a = before.curve(ContinuousOp::Convolution);
    const ResultCurve& b = after.curve(ContinuousOp::Convolution);
    ASSERT_EQ(a.values.size(), b.values.size());
    for (std::size_t i = 0; i < a.values.size(); ++i)
        EXPECT_NEAR(a.values[i], b.values[i], a.error_bound + b.error_bound + 1e-12) << i;

    // Discrete: numpy.convolve is commutative too (up to float rounding of the sums).
    doc.discrete = true;
    doc.touch();
    const SignalsView d_after = viewOf(doc);
    swapSignals(doc);
    const SignalsView d_before = viewOf(doc);
    EXPECT_LT(maxRelativeError(d_after.trace(ContinuousOp::Convolution).output,
                               d_before.trace(ContinuousOp::Convolution).output),
              1e-6);
}

TEST(SignalsLesson, CrossCorrelationDiffersForAnAsymmetricPair) {
    SignalsLesson doc = defaultSignalsLesson();
    doc.compare = true;
    const SignalsView v = viewOf(doc);
    const ResultCurve& conv = v.curve(ContinuousOp::Convolution);
    const ResultCurve& xcorr = v.curve(ContinuousOp::CrossCorrelation);
    double largest = 0.0;
    for (std::size_t i = 0; i < conv.values.size(); ++i)
        largest = std::max(largest, std::abs(conv.values[i] - xcorr.values[i]));
    EXPECT_GT(largest, 0.1);
    // With f centred (even), they coincide.
    doc.f.spec.centre = 0.0;
    doc.touch();
    const SignalsView even = viewOf(doc);
    EXPECT_TRUE(even.fIsEven());
    const ResultCurve& c2 = even.curve(ContinuousOp::Convolution);
    const ResultCurve& x2 = even.curve(ContinuousOp::CrossCorrelation);
    for (std::size_t i = 0; i < c2.values.size(); ++i)
        EXPECT_NEAR(c2.values[i], x2.values[i], c2.error_bound + x2.error_bound + 1e-12);
}

struct BadInput {
    const char* text;
    const char* expect_in_message;
};

class SignalsLessonBadInput : public ::testing::TestWithParam<BadInput> {};

TEST_P(SignalsLessonBadInput, GivesAMessageAndKeepsTheLastValidState) {
    SignalsLesson doc = defaultSignalsLesson();
    doc.f.source = SignalSource::Typed;
    doc.f.typed = "1 2 3";
    doc.discrete = true;
    doc.touch();
    SignalsView v;
    v.update(doc);
    ASSERT_TRUE(v.error().empty());
    const Tensor f_before = v.fSequence();
    const Tensor out_before = v.trace(ContinuousOp::Convolution).output;

    doc.f.typed = GetParam().text;
    doc.touch();
    EXPECT_TRUE(v.update(doc));
    EXPECT_NE(v.error().find(GetParam().expect_in_message), std::string::npos) << v.error();
    EXPECT_EQ(v.fSequence(), f_before);
    EXPECT_EQ(v.trace(ContinuousOp::Convolution).output, out_before);

    doc.f.typed = "4 5";
    doc.touch();
    v.update(doc);
    EXPECT_TRUE(v.error().empty()) << v.error();
    EXPECT_EQ(v.fSequence(), Tensor({2}, {4.f, 5.f}));
}

INSTANTIATE_TEST_SUITE_P(Table, SignalsLessonBadInput,
                         ::testing::Values(BadInput{"", "at least two"}, BadInput{"   ,  ", "at least two"},
                                           BadInput{"1 two 3", "\"two\" is not a number"},
                                           BadInput{"1 2 nan", "not a number"}, BadInput{"7", "at least two"},
                                           BadInput{"1 2e999", "not a number"}));

TEST(SignalsLesson, ParseSequenceAcceptsCommonSpellings) {
    EXPECT_EQ(parseSequence("1 2 3").values, (std::vector<double>{1, 2, 3}));
    EXPECT_EQ(parseSequence("[1, -0.5; +2]").values, (std::vector<double>{1, -0.5, 2}));
    EXPECT_FALSE(parseSequence(std::string(200, '1') + " x").ok());
    std::string many;
    for (int i = 0; i <= kMaxTypedValues; ++i) many += "1 ";
    EXPECT_NE(parseSequence(many).error.find("at most"), std::string::npos);
}

TEST(SignalsLesson, StepAgainstStepCorrelationIsANoticeNotACrash) {
    SignalsLesson doc = defaultSignalsLesson();
    doc.f.spec = defaultSignal(SignalShape::Step);
    doc.g.spec = defaultSignal(SignalShape::Step);
    doc.op = ContinuousOp::CrossCorrelation;
    doc.touch();
    SignalsView v = viewOf(doc);
    EXPECT_TRUE(v.curve(ContinuousOp::CrossCorrelation).divergent);
    EXPECT_NE(v.notice().find("diverges"), std::string::npos) << v.notice();
    EXPECT_TRUE(v.slice(ContinuousOp::CrossCorrelation).area.divergent);
}

TEST(SignalsLesson, DrawingStartsFromTheCurveOnShow) {
    SignalInput in;
    in.spec = defaultSignal(SignalShape::Triangle);
    startDrawing(in);
    EXPECT_EQ(in.source, SignalSource::Drawn);
    EXPECT_NEAR(evaluate(in.drawn, 0.0), 1.0, 1e-9);
    drawStroke(in.drawn, -0.5, 2.0, 0.5, 2.0);
    EXPECT_NEAR(evaluate(in.drawn, 0.0), 2.0, 1e-9);
}

TEST(SignalsLesson, ViewRebuildsOnlyWhenTheRevisionChanges) {
    SignalsLesson doc = defaultSignalsLesson();
    SignalsView v;
    EXPECT_TRUE(v.update(doc));
    EXPECT_FALSE(v.update(doc));
    v.stepper().seek(200);
    doc.f.spec.amplitude = 2.0;
    doc.touch();
    EXPECT_TRUE(v.update(doc));
    EXPECT_EQ(v.stepper().current(), 200u);  // an edit does not rewind
}

// --step meant t = 3.96 in the single view and 2.95 in compare: one
// definition now (the operation's own grid), and toggling compare keeps t.
TEST(SignalsLesson, StepMeansTheSameTInSingleAndCompareViews) {
    SignalsLesson doc = defaultSignalsLesson();
    SignalsView single = viewOf(doc);
    single.seekLessonStep(99);
    SignalsLesson cmp = doc;
    cmp.compare = true;
    SignalsView compare = viewOf(cmp);
    compare.seekLessonStep(99);
    EXPECT_NEAR(compare.currentT(), single.currentT(), 1e-9);
    // Toggling compare in place keeps the playhead at its t.
    const double t = single.currentT();
    doc.compare = true;
    doc.touch();
    single.update(doc);
    EXPECT_NEAR(single.currentT(), t, 1e-9);
    doc.compare = false;
    doc.touch();
    single.update(doc);
    EXPECT_NEAR(single.currentT(), t, 1e-9);
    EXPECT_EQ(single.stepper().count(), static_cast<std::size_t>(kTimeSteps));
}

// Discrete compare showed every panel filled whatever the playhead said.
TEST(SignalsLesson, DiscreteComparePanelsFollowThePlayhead) {
    SignalsLesson doc = defaultSignalsLesson();
    doc.discrete = true;
    doc.compare = true;
    SignalsView v = viewOf(doc);
    v.seekLessonStep(4);
    EXPECT_EQ(v.stepper().current(), 4u);
    for (ContinuousOp op : {ContinuousOp::Convolution, ContinuousOp::CrossCorrelation, ContinuousOp::AutoCorrelation})
        EXPECT_EQ(v.stepFor(op), 4u);
    v.stepper().seek(1000);  // past the shortest output: each panel stops at its last entry
    for (ContinuousOp op : {ContinuousOp::Convolution, ContinuousOp::CrossCorrelation, ContinuousOp::AutoCorrelation})
        EXPECT_EQ(v.stepFor(op), v.trace(op).steps.size() - 1);
}

// The discrete sum is numpy.convolve's, without the sample spacing; the stage says so.
TEST(SignalsLesson, DiscreteSumNoteNamesTheMissingSpacing) {
    SignalsLesson doc = defaultSignalsLesson();
    doc.sample_dt = 0.5;
    const std::string note = discreteSumNote(doc);
    EXPECT_NE(note.find("numpy.convolve"), std::string::npos) << note;
    EXPECT_NE(note.find("\u0394t = 0.5"), std::string::npos) << note;
    doc.g.source = SignalSource::Typed;
    doc.g.typed_dt = 1.0;
    EXPECT_NE(discreteSumNote(doc).find("by index, not by time"), std::string::npos);
}

}  // namespace
}  // namespace cs


#include "core/history.h"

namespace cs {
namespace {

// Signals edits join undo/redo (issue 14): the same snapshot history as the
// matrix page's, over what sameContent compares (the revision is not content).
TEST(SignalsHistory, UndoAndRedoRestoreTheEditExactly) {
    SignalsLesson l = defaultSignalsLesson();
    SnapshotHistory<SignalsLesson> h;
    h.reset(l);
    l.touch();
    EXPECT_FALSE(h.commit(l)) << "a touch without a change is no undo step";
    l.op = ContinuousOp::CrossCorrelation;
    l.g.typed = "3 1 2";
    l.touch();
    EXPECT_TRUE(h.commit(l));
    l.discrete = true;
    l.touch();
    const std::uint64_t before = l.revision;
    ASSERT_TRUE(h.undo(l));  // the uncommitted discrete switch first
    EXPECT_FALSE(l.discrete);
    EXPECT_EQ(l.op, ContinuousOp::CrossCorrelation);
    EXPECT_GT(l.revision, before) << "the view must rebuild";
    ASSERT_TRUE(h.undo(l));
    EXPECT_TRUE(sameContent(l, defaultSignalsLesson()));
    EXPECT_FALSE(h.undo(l));
    ASSERT_TRUE(h.redo(l));
    EXPECT_EQ(l.g.typed, "3 1 2");
    EXPECT_FALSE(sameContent(l, defaultSignalsLesson()));
}

}  // namespace
}  // namespace cs
