#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "core/history.h"
#include "core/lesson.h"
#include "core/lesson_edit.h"
#include "core/lesson_view.h"

namespace cs {
namespace {

TEST(Lesson, SeedIsTheDefaultAndGivesTheReferenceAnswer) {
    const Lesson l = defaultLesson();
    EXPECT_EQ(l.name, "seed");
    EXPECT_EQ(builtinLessonNames().front(), "seed");
    LessonView view;
    ASSERT_TRUE(view.update(l));
    EXPECT_TRUE(view.error().empty());
    EXPECT_EQ(view.result(), Tensor({2, 2}, {1, 2, 2, 4}));
    EXPECT_EQ(view.report().engine, "cpu");
}

TEST(Lesson, EveryBuiltinLessonIsValid) {
    for (const auto& name : builtinLessonNames()) {
        const auto l = builtinLesson(name);
        ASSERT_TRUE(l.has_value()) << name;
        LessonView view;
        view.update(*l);
        EXPECT_TRUE(view.error().empty()) << name << ": " << view.error();
        EXPECT_GT(view.trace().steps.size(), 0u) << name;
    }
    EXPECT_FALSE(builtinLesson("nope").has_value());
}

TEST(Lesson, EditedSinceBuiltinTracksContentNotRevision) {
    Lesson l = defaultLesson();
    EXPECT_FALSE(editedSinceBuiltin(l));
    l.touch();  // a bump alone changes nothing on screen
    EXPECT_FALSE(editedSinceBuiltin(l));
    l.request.params.window.padding = {2, 2};
    EXPECT_TRUE(editedSinceBuiltin(l));
    l.request.params.window.padding = {1, 1};
    EXPECT_FALSE(editedSinceBuiltin(l));
    l.name = "my-file";  // not a built-in: no original to differ from
    l.request.params.window.padding = {2, 2};
    EXPECT_FALSE(editedSinceBuiltin(l));
}

// Issue 14: the top bar's description is the title while it is true, marked
// once values change, and derived from the screen once the title's shapes or
// parameters (the seed's "4x4 input", its stride) no longer hold.
TEST(Lesson, DescriptionFollowsWhatIsOnScreen) {
    Lesson l = defaultLesson();
    ASSERT_NE(l.title.find("4x4 input"), std::string::npos) << l.title;
    EXPECT_EQ(describeLesson(l), l.title);
    l.request.input.values()[0] = 9.f;  // values only: the title still describes it
    EXPECT_EQ(describeLesson(l), l.title + " (edited)");
    l.request.input = Tensor({5, 5}, std::vector<float>(25, 1.f));
    const std::string resized = describeLesson(l);
    EXPECT_EQ(resized, "Cross-correlation, padding 1, stride 2: a 3x3 kernel over a 5x5 input (edited from seed)");
    EXPECT_EQ(resized.find("4x4"), std::string::npos);
    l.request.params.op = OpKind::Conv2d;
    l.request.params.window.stride = {1, 2};
    EXPECT_EQ(describeLesson(l), "Convolution, padding 1, stride (1, 2): a 3x3 kernel over a 5x5 input (edited from seed)");
    Lesson pool = *builtinLesson("pooling");
    pool.request.params.pool.kernel_size = {3, 3};
    pool.request.params.window.stride = {1, 1};
    EXPECT_EQ(describeLesson(pool).rfind("Max pooling: a 3x3 window over a 4x4 input", 0), 0u) << describeLesson(pool);
    // A lesson file's own title is its author's: no original to differ from.
    l.name = "my-file";
    EXPECT_EQ(describeLesson(l), l.title);
}

TEST(Lesson, PoolingLessonMaxPicksTheLargest) {
    LessonView view;
    view.update(*builtinLesson("pooling"));
    EXPECT_EQ(view.result(), Tensor({2, 2}, {5, 6, 4, 7}));
    const TraceStep* s = view.currentStep();
    ASSERT_NE(s, nullptr);
    ASSERT_GE(s->picked, 0);
    EXPECT_EQ(s->terms[static_cast<std::size_t>(s->picked)].value, 5.f);
}

TEST(LessonView, StateAfterEachStepMatchesTheTrace) {
    const Lesson l = defaultLesson();
    LessonView view;
    view.update(l);
    const Trace& t = view.trace();
    ASSERT_EQ(t.steps.size(), 4u);
    for (std::size_t i = 0; i < t.steps.size(); ++i) {
        view.stepper().seek(i);
        const TraceStep* s = view.currentStep();
        ASSERT_NE(s, nullptr);
        EXPECT_EQ(s->window_y, t.steps[i].window_y);
        EXPECT_EQ(s->window_x, t.steps[i].window_x);
        const Tensor partial = view.partialOutput();
        const Tensor expected = replay(t, i + 1).reshaped({1, 2, 2});
        for (std::size_t k = 0; k < expected.size(); ++k) {
            const float a = partial.values()[k], b = expected.values()[k];
            EXPECT_TRUE((std::isnan(a) && std::isnan(b)) || a == b) << "step " << i << " cell " << k;
        }
    }
    // The second step is where the lesson's hand calculation goes wrong: 2, not 3.
    view.stepper().seek(1);
    EXPECT_DOUBLE_EQ(view.currentStep()->sum, 2.0);
    EXPECT_EQ(view.currentStep()->window_x, 2);
}

TEST(LessonView, PlaybackByFrameTimeVisitsEveryStepAndEndsAtTheResult) {
    LessonView view;
    view.update(defaultLesson());
    Stepper& s = view.stepper();
    s.setSpeed(2);
    s.play();
    for (int frame = 0; frame < 60; ++frame) s.advance(1.0 / 60);  // one second: two steps
    EXPECT_EQ(s.current(), 2u);
    for (int frame = 0; frame < 600; ++frame) s.advance(1.0 / 60);
    EXPECT_EQ(s.current(), 3u);
    EXPECT_FALSE(s.playing());
    EXPECT_EQ(view.partialOutput().reshaped({2, 2}), view.result());
}

TEST(LessonView, InvalidEditKeepsTheLastValidResultAndExplains) {
    Lesson l = defaultLesson();
    LessonView view;
    view.update(l);
    view.stepper().seek(2);
    l.request.params.correlation.padding_mode = PaddingMode::Reflect;
    l.request.params.window.padding = {4, 4};  // reflect needs padding < 4
    l.touch();
    EXPECT_TRUE(view.update(l));
    EXPECT_NE(view.error().find("reflect"), std::string::npos) << view.error();
    EXPECT_TRUE(view.showingStale());
    EXPECT_EQ(view.result(), Tensor({2, 2}, {1, 2, 2, 4}));
    EXPECT_EQ(view.trace().steps.size(), 4u);
    EXPECT_EQ(view.stepper().current(), 2u);

    l.request.params.pool.kernel_size = {9, 9};  // irrelevant to xcorr: still the padding error
    l.request.params.window.padding = {1, 1};
    l.touch();
    view.update(l);
    EXPECT_TRUE(view.error().empty());
    EXPECT_FALSE(view.showingStale());
}

TEST(LessonView, WindowLargerThanInputGivesAMessage) {
    Lesson l = defaultLesson();
    l.request.params.window.padding = {0, 0};
    l.request.kernel = Tensor({5, 5}, 1.f);
    l.touch();
    LessonView view;
    view.update(l);
    EXPECT_FALSE(view.hasTrace());
    EXPECT_NE(view.error().find("no window fits"), std::string::npos) << view.error();
}

TEST(LessonView, RebuildsOnlyWhenTheRevisionChanges) {
    Lesson l = defaultLesson();
    LessonView view;
    EXPECT_TRUE(view.update(l));
    EXPECT_FALSE(view.update(l));
    l.touch();
    EXPECT_TRUE(view.update(l));
}

TEST(LessonView, PaddedCellsKnowTheirSource) {
    Lesson l = *builtinLesson("reflect");
    LessonView view;
    view.update(l);
    // Padded (0, 0) is input (-1, -1) reflected: input (1, 1).
    const PaddedCell& corner = view.paddedCell(0, 0, 0);
    EXPECT_TRUE(corner.padding);
    EXPECT_EQ(corner.src_y, 1);
    EXPECT_EQ(corner.src_x, 1);
    EXPECT_EQ(corner.value, 1.f);
    const PaddedCell& inside = view.paddedCell(0, 1, 1);
    EXPECT_FALSE(inside.padding);
    EXPECT_EQ(inside.src_y, 0);
    const Lesson seed = defaultLesson();
    view.update(seed, nullptr, true);
    EXPECT_EQ(view.paddedCell(0, 0, 0).src_y, -1);
}

// Issue 15: a 150-byte lesson file (1 x 1 input and kernel, padding and stride
// 2^24) made the view allocate a 2^25 x 2^25 padded plane: std::bad_alloc out
// of update(), and in the app an abort.
Lesson hugePaddingLesson(int padding) {
    Lesson l = defaultLesson();
    l.request.input = Tensor({1, 1}, 1.f);
    l.request.kernel = Tensor({1, 1}, 2.f);
    l.request.params.window.padding = {padding, padding};
    l.request.params.window.stride = {padding, padding};
    l.touch();
    return l;
}

TEST(LessonView, PaddingOverTheMemoryCeilingIsRefusedBeforeAllocating) {
    for (int padding : {1 << 24, 6000}) {
        LessonView view;
        ASSERT_NO_THROW(view.update(hugePaddingLesson(padding))) << padding;
        EXPECT_FALSE(view.hasTrace());
        EXPECT_NE(view.error().find("the padded input of this lesson would take"), std::string::npos) << view.error();
        EXPECT_NE(view.error().find("the limit is 1 GiB"), std::string::npos) << view.error();
        EXPECT_EQ(view.currentStep(), nullptr);
        // Without a trace the padded input is one padding cell, not an out-of-range read.
        EXPECT_TRUE(view.paddedCell(0, 0, 0).padding);
    }
}

// The view threw after taking the new trace but before rebuilding the padded
// input: trace (new dimensions) and padded cells (old) disagreed, and the next
// draw read past the end (SIGSEGV in drawPaddedInput).
TEST(LessonView, RefusedLessonLeavesTheLastValidViewWhole) {
    const Lesson seed = defaultLesson();
    LessonView view;
    view.update(seed);
    view.stepper().seek(1);
    Lesson huge = hugePaddingLesson(1 << 24);
    huge.revision = seed.revision + 1;
    ASSERT_NO_THROW(view.update(huge));
    EXPECT_FALSE(view.error().empty());
    ASSERT_TRUE(view.hasTrace());
    EXPECT_TRUE(view.showingStale());
    EXPECT_TRUE(sameRequest(view.request(), seed.request));
    EXPECT_EQ(view.trace().padded_h, 6);
    EXPECT_EQ(view.trace().padded_w, 6);
    EXPECT_EQ(view.result(), Tensor({2, 2}, {1, 2, 2, 4}));
    EXPECT_EQ(view.stepper().current(), 1u);
    // Every cell of the trace's grid is the seed's padded input.
    for (int py = 0; py < 6; ++py)
        for (int px = 0; px < 6; ++px) {
            const bool pad = py == 0 || py == 5 || px == 0 || px == 5;
            EXPECT_EQ(view.paddedCell(0, py, px).padding, pad) << py << ", " << px;
            if (!pad) {
                EXPECT_EQ(view.paddedCell(0, py, px).value, seed.request.input.at(py - 1, px - 1));
            }
        }
    // Outside the grid: a padding cell, never a read out of range.
    EXPECT_TRUE(view.paddedCell(0, 6, 0).padding);
    EXPECT_TRUE(view.paddedCell(1, 0, 0).padding);
    EXPECT_TRUE(view.paddedCell(0, -1, 3).padding);
    // And a valid lesson afterwards is shown as usual.
    Lesson next = *builtinLesson("pooling");
    next.revision = huge.revision + 1;
    view.update(next);
    EXPECT_TRUE(view.error().empty()) << view.error();
    EXPECT_EQ(view.trace().padded_h, 4);
}

TEST(History, UndoRedoRestoresMatricesExactly) {
    Lesson l = defaultLesson();
    History h;
    h.reset(l);
    const Tensor original = l.request.input;
    l.request.input.at(0, 0) = 0.1f;
    l.request.input.at(3, 3) = -7.25f;
    l.touch();
    EXPECT_TRUE(h.commit(l));
    EXPECT_FALSE(h.commit(l));  // nothing new
    l.request.kernel = resizeMatrix(l.request.kernel, 2, 4);
    l.touch();
    h.commit(l);
    const Tensor edited_input = l.request.input, resized_kernel = l.request.kernel;

    const auto rev = l.revision;
    ASSERT_TRUE(h.undo(l));
    EXPECT_GT(l.revision, rev);
    EXPECT_EQ(l.request.kernel, defaultLesson().request.kernel);
    EXPECT_EQ(l.request.input, edited_input);
    ASSERT_TRUE(h.undo(l));
    EXPECT_EQ(l.request.input, original);
    EXPECT_FALSE(h.undo(l));
    ASSERT_TRUE(h.redo(l));
    EXPECT_EQ(l.request.input, edited_input);
    EXPECT_EQ(l.request.input.at(0, 0), 0.1f);
    ASSERT_TRUE(h.redo(l));
    EXPECT_EQ(l.request.kernel, resized_kernel);
    EXPECT_FALSE(h.redo(l));
}

TEST(History, UncommittedEditIsUndoneAndANewEditEndsRedo) {
    Lesson l = defaultLesson();
    History h;
    h.reset(l);
    l.request.params.window.stride = {1, 1};
    l.touch();
    ASSERT_TRUE(h.undo(l));  // commits the edit first, then undoes it
    EXPECT_EQ(l.request.params.window.stride, (Pair{2, 2}));
    EXPECT_TRUE(h.canRedo());
    l.request.params.op = OpKind::Conv2d;
    l.touch();
    h.commit(l);
    EXPECT_FALSE(h.canRedo());
}

TEST(LessonEdit, ResizeKeepsValuesThatFit) {
    const Tensor m({2, 2}, {1, 2, 3, 4});
    EXPECT_EQ(resizeMatrix(m, 3, 1), Tensor({3, 1}, {1, 3, 0}));
    EXPECT_EQ(resizeMatrix(m, 0, 99).dim(0), 1);
    EXPECT_EQ(resizeMatrix(m, 0, 99).dim(1), kMaxMatrixSide);
}

TEST(LessonEdit, MultiChannelRoundTrip) {
    OpRequest r = defaultLesson().request;
    setMultiChannel(r, true);
    EXPECT_EQ(r.input.shape(), (std::vector<int>{1, 4, 4}));
    EXPECT_EQ(r.kernel.shape(), (std::vector<int>{1, 1, 3, 3}));
    EXPECT_EQ(r.bias.size(), 1u);
    setInputChannels(r, 3);
    setFilterCount(r, 4);
    EXPECT_EQ(r.input.shape(), (std::vector<int>{3, 4, 4}));
    EXPECT_EQ(r.kernel.shape(), (std::vector<int>{4, 3, 3, 3}));
    EXPECT_EQ(r.bias.size(), 4u);
    Lesson l;
    l.request = r;
    LessonView view;
    view.update(l);
    EXPECT_TRUE(view.error().empty()) << view.error();
    EXPECT_EQ(view.trace().steps.front().channel_sums.size(), 3u);
    setMultiChannel(r, false);
    EXPECT_EQ(r.input, defaultLesson().request.input);
    EXPECT_EQ(r.kernel, defaultLesson().request.kernel);
    EXPECT_TRUE(r.bias.empty());
}

// The 2 x 2 multichannel lesson's kernel plane (filter f, channel c) as a 3 x 3 tensor.
Tensor plane(const OpRequest& r, int f, int c) {
    const int at = bankPlane(r, f, c);
    EXPECT_GE(at, 0) << "filter " << f << " does not see channel " << c;
    Tensor t({3, 3});
    for (int y = 0; y < 3; ++y)
        for (int x = 0; x < 3; ++x) t.at(y, x) = r.kernel.values()[sliceIndex(r.kernel, std::max(at, 0), y, x)];
    return t;
}

// Groups split the bank: each filter keeps the slices of the channels its
// group still has, and a filter sees only those (bankPlane -1 for the rest).
TEST(LessonEdit, GroupsKeepEachFiltersOwnSlices) {
    OpRequest r = builtinLesson("multichannel")->request;  // 2 channels, 2 filters
    const Tensor f0c0 = plane(r, 0, 0), f1c1 = plane(r, 1, 1);
    EXPECT_EQ(setGroups(r, 2), "");
    EXPECT_EQ(r.params.correlation.groups, 2);
    EXPECT_EQ(r.kernel.shape(), (std::vector<int>{2, 1, 3, 3}));
    EXPECT_EQ(plane(r, 0, 0), f0c0);
    EXPECT_EQ(plane(r, 1, 1), f1c1);
    EXPECT_EQ(bankPlane(r, 0, 1), -1);
    EXPECT_EQ(filterChannels(r, 1).first, 1);
    EXPECT_EQ(filterChannels(r, 1).last, 1);
    Lesson l;
    l.request = r;
    LessonView view;
    view.update(l);
    ASSERT_TRUE(view.error().empty()) << view.error();
    // Filter 1's steps read channel 1 alone.
    for (const TraceStep& s : view.trace().steps)
        for (const TraceTerm& t : s.terms) EXPECT_EQ(t.channel, s.out_c);
    // Back to one group: the dropped slices come back as the pattern, the kept ones stay.
    EXPECT_EQ(setGroups(r, 1), "");
    EXPECT_EQ(r.kernel.shape(), (std::vector<int>{2, 2, 3, 3}));
    EXPECT_EQ(plane(r, 1, 1), f1c1);
}

// Groups that do not divide the channels or the filters are refused with the
// reason and the groups that would fit, and the request stays as it was.
TEST(LessonEdit, GroupsThatDoNotDivideAreRefused) {
    OpRequest r = builtinLesson("multichannel")->request;
    const OpRequest before = r;
    std::string why = setGroups(r, 3);
    EXPECT_NE(why.find("groups 3 does not divide the 2 input channels"), std::string::npos) << why;
    EXPECT_NE(why.find("1 or 2"), std::string::npos) << why;
    EXPECT_TRUE(sameRequest(r, before));
    ASSERT_EQ(setFilterCount(r, 4), "");
    why = setGroups(r, 0);
    EXPECT_NE(why.find("at least 1"), std::string::npos) << why;
    ASSERT_EQ(setGroups(r, 2), "");
    // Three channels do not split into 2 groups; three filters neither.
    const OpRequest grouped = r;
    why = setInputChannels(r, 3);
    EXPECT_NE(why.find("groups 2 does not divide the 3 input channels"), std::string::npos) << why;
    why = setFilterCount(r, 3);
    EXPECT_NE(why.find("groups 2 does not divide the 3 filters"), std::string::npos) << why;
    EXPECT_TRUE(sameRequest(r, grouped));
    EXPECT_EQ(groupsThatFit(2, 4), "1 or 2");
    EXPECT_EQ(groupsThatFit(3, 3), "1 or 3");
    EXPECT_EQ(groupsThatFit(4, 4), "1, 2 or 4");
    // Without a bank there is nothing to split.
    OpRequest plain = defaultLesson().request;
    EXPECT_NE(setGroups(plain, 2), "");
    EXPECT_EQ(setGroups(plain, 1), "");
}

// The Operation menu's switch to conv_transpose2d moves a bank into PyTorch's
// C x O/groups layout (filter f's slice for channel c is K[c][f]) and back.
TEST(LessonEdit, SwitchingToTransposedMovesTheBankLayout) {
    OpRequest r = builtinLesson("multichannel")->request;
    ASSERT_EQ(setFilterCount(r, 4), "");
    ASSERT_EQ(setGroups(r, 2), "");  // kernel 4 x 1 x 3 x 3: filters 0, 1 see channel 0; 2, 3 channel 1
    const OpRequest direct = r;
    const Tensor f3c1 = plane(r, 3, 1);
    setOperation(r, OpKind::ConvTranspose2d);
    EXPECT_EQ(r.kernel.shape(), (std::vector<int>{2, 2, 3, 3}));  // C_in x C_out/groups
    EXPECT_EQ(filterCount(r), 4);
    EXPECT_EQ(plane(r, 3, 1), f3c1);
    // K[1][1] is filter 3's slice (group 1's second filter).
    EXPECT_EQ(bankPlane(r, 3, 1), 3);
    Lesson l;
    l.request = r;
    LessonView view;
    view.update(l);
    EXPECT_TRUE(view.error().empty()) << view.error();
    EXPECT_EQ(view.trace().plan.out_channels, 4);
    // Through pooling (no kernel) and back: the bank is the one it was.
    setOperation(r, OpKind::MaxPool2d);
    setOperation(r, OpKind::XCorr2d);
    EXPECT_EQ(r.kernel, direct.kernel);
}

// The seed switched to conv_transpose2d from the menu steps through it; the
// parameter panel's fields that PyTorch refuses together are said in words.
TEST(LessonEdit, TransposedFromTheMenuRefusesBadOutputPadding) {
    Lesson l = defaultLesson();  // 4x4, 3x3 kernel, padding 1, stride 2
    setOperation(l.request, OpKind::ConvTranspose2d);
    LessonView view;
    view.update(l);
    ASSERT_TRUE(view.error().empty()) << view.error();
    EXPECT_EQ(view.trace().plan.out_height, 7);  // (4-1)*2 - 2*1 + (3-1) + 0 + 1
    l.request.params.transposed.output_padding = {2, 2};  // not below stride 2 nor dilation 1
    l.touch();
    view.update(l);
    EXPECT_NE(view.error().find("output_padding must be smaller than either stride or dilation"), std::string::npos)
        << view.error();
    l.request.params.transposed.output_padding = {1, 1};
    l.request.params.window.padding = {8, 8};  // crops more than the output has
    l.touch();
    view.update(l);
    EXPECT_NE(view.error().find("the output would have no rows"), std::string::npos) << view.error();
}

// Every menu op with every channel, filter and groups count the panel allows:
// groups that divide both counts are applied and the view computes them (through
// a switch to every other menu op and back), the others are refused with the
// request as it was.
TEST(LessonEdit, EveryMenuOpTakesEveryGroupsEditConsistently) {
    int applied = 0, refused = 0;
    for (OpKind op : lessonOps()) {
        if (!usesKernelTensor(op)) continue;
        for (int c = 1; c <= kMaxInputChannels; ++c)
            for (int o = 1; o <= kMaxFilters; ++o)
                for (int g = 1; g <= 4; ++g) {
                    OpRequest r = builtinLesson("multichannel")->request;
                    setOperation(r, op);
                    ASSERT_EQ(setInputChannels(r, c), "");
                    ASSERT_EQ(setFilterCount(r, o), "");
                    const OpRequest before = r;
                    const std::string why = setGroups(r, g);
                    const bool fits = c % g == 0 && o % g == 0;
                    EXPECT_EQ(why.empty(), fits) << opName(op) << " " << c << "/" << o << "/" << g << ": " << why;
                    if (!fits) {
                        ++refused;
                        EXPECT_TRUE(sameRequest(r, before));
                        continue;
                    }
                    ++applied;
                    for (OpKind other : lessonOps()) {
                        OpRequest there = r;
                        setOperation(there, other);
                        setOperation(there, op);
                        EXPECT_EQ(there.kernel, r.kernel) << opName(op) << " via " << opName(other);
                    }
                    Lesson l;
                    l.request = r;
                    LessonView view;
                    view.update(l);
                    ASSERT_TRUE(view.error().empty()) << opName(op) << " " << c << "/" << o << "/" << g << ": " << view.error();
                    EXPECT_EQ(view.trace().plan.out_channels, o);
                    EXPECT_EQ(view.trace().plan.groups, g);
                    for (const TraceStep& s : view.trace().steps)
                        for (const TraceTerm& t : s.terms) EXPECT_EQ(t.channel / (c / g), s.out_c / (o / g));
                }
    }
    // Per op: groups 1 for all 12 counts, 2 for 2/2 and 2/4, 3 for 3/3; the other 33 refused.
    EXPECT_EQ(applied, 3 * 15);
    EXPECT_EQ(refused, 3 * 33);
}

// The depthwise lesson: groups = channels, each filter one slice of its own channel.
TEST(Lesson, DepthwiseFiltersSeeTheirOwnChannel) {
    const Lesson l = *builtinLesson("depthwise");
    LessonView view;
    view.update(l);
    ASSERT_TRUE(view.error().empty()) << view.error();
    EXPECT_EQ(view.trace().plan.groups, 3);
    EXPECT_EQ(view.trace().plan.kernel_channels, 1);
    ASSERT_EQ(view.trace().steps.size(), 12u);
    const TraceStep& s = view.trace().steps[5];  // filter 1, output (0, 1)
    EXPECT_EQ(s.out_c, 1);
    ASSERT_EQ(s.channel_sums.size(), 1u);
    for (const TraceTerm& t : s.terms) EXPECT_EQ(t.channel, 1);
}

TEST(LessonEdit, RandomizeIsDeterministicAndInRange) {
    Tensor a({4, 4}), b({4, 4});
    randomizeSlice(a, -1, 42, true, -2, 3);
    randomizeSlice(b, -1, 42, true, -2, 3);
    EXPECT_EQ(a, b);
    for (float v : a.values()) {
        EXPECT_GE(v, -2.f);
        EXPECT_LE(v, 3.f);
        EXPECT_EQ(v, std::round(v));
    }
}

// Dilation stopped at 4 and a typed 6 reverted with no reason; the range now
// goes as far as any lesson input could use, and leaving it says why.
TEST(LessonEdit, ParameterRangesGoAsFarAsTheLimitsAndSayWhy) {
    const ParamRange& d = lessonParamRange(OpField::Dilation);
    EXPECT_EQ(d.lo, 1);
    EXPECT_GE(d.hi, 6);
    EXPECT_EQ(d.hi, kMaxMatrixSide + 2 * kMaxLessonPadding - 1);
    EXPECT_EQ(rangeNote(d, 6), "");
    const std::string note = rangeNote(d, d.hi + 1);
    EXPECT_NE(note.find("Dilation 48 is more than this page allows: it is now 47"), std::string::npos) << note;
    EXPECT_NE(note.find("largest padded input"), std::string::npos) << note;
    EXPECT_NE(rangeNote(lessonParamRange(OpField::Stride), 0).find("it is now 1"), std::string::npos);
    EXPECT_EQ(lessonParamRange(OpField::Padding).hi, kMaxLessonPadding);
}

// Pooling offered "weights on the window" and "where padding comes from".
TEST(Lesson, ViewOptionsOfferedOnlyWhereTheyApply) {
    const Lesson pooling = *builtinLesson("pooling");
    const ViewOptionsInUse p = viewOptionsInUse(pooling.request.params);
    EXPECT_FALSE(p.weights_on_window);
    EXPECT_FALSE(p.padding_sources);
    EXPECT_FALSE(p.flipped_kernel);
    const ViewOptionsInUse seed = viewOptionsInUse(defaultLesson().request.params);
    EXPECT_TRUE(seed.weights_on_window);
    EXPECT_FALSE(seed.padding_sources);  // zero padding comes from nowhere
    EXPECT_TRUE(viewOptionsInUse(builtinLesson("reflect")->request.params).padding_sources);
    EXPECT_TRUE(viewOptionsInUse(builtinLesson("flip")->request.params).flipped_kernel);
}

// After an invalid edit the stage kept "Padded input (7x7)" unmarked while the
// editor said 6 x 7: the view now has a line saying which lesson is on show.
TEST(LessonView, StaleViewSaysItShowsTheLastValidLesson) {
    Lesson lesson = defaultLesson();
    LessonView view;
    view.update(lesson);
    EXPECT_EQ(view.staleNote(), "");
    lesson.request.params.window.dilation = {6, 6};
    lesson.touch();
    view.update(lesson);
    ASSERT_TRUE(view.showingStale());
    EXPECT_EQ(view.staleNote(), "The stage shows the last valid lesson (input 4 x 4), not the edit: it cannot be computed.");
}

}  // namespace
}  // namespace cs

