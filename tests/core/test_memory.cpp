// The memory ceiling (issue 15): what one request or one lesson derives is
// estimated from its plan before anything is allocated, and refused over
// kMaxDerivedBytes. These tests count every byte the code under test asks
// operator new for (this executable replaces it) and check that the peak
// stays within the estimate, and that the estimate is not far above it.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>

#include "core/engine.h"
#include "core/lesson.h"
#include "core/lesson_view.h"
#include "core/trace.h"

namespace {

// Bytes currently allocated through operator new, and the highest mark since reset.
std::atomic<long long> g_live{0}, g_peak{0};
constexpr std::size_t kHeader = 16;  // keeps the 16-byte alignment new guarantees

void* countedNew(std::size_t n) {
    void* block = std::malloc(n + kHeader);
    if (block == nullptr) throw std::bad_alloc();
    *static_cast<std::size_t*>(block) = n;
    const long long live = g_live += static_cast<long long>(n);
    long long peak = g_peak.load();
    while (live > peak && !g_peak.compare_exchange_weak(peak, live)) {
    }
    return static_cast<char*>(block) + kHeader;
}

void countedDelete(void* p) noexcept {
    if (p == nullptr) return;
    void* block = static_cast<char*>(p) - kHeader;
    g_live -= static_cast<long long>(*static_cast<std::size_t*>(block));
    std::free(block);
}

}  // namespace

void* operator new(std::size_t n) { return countedNew(n); }
void* operator new[](std::size_t n) { return countedNew(n); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
    try {
        return countedNew(n);
    } catch (...) {
        return nullptr;
    }
}
void* operator new[](std::size_t n, const std::nothrow_t& t) noexcept { return operator new(n, t); }
void operator delete(void* p) noexcept { countedDelete(p); }
void operator delete[](void* p) noexcept { countedDelete(p); }
void operator delete(void* p, std::size_t) noexcept { countedDelete(p); }
void operator delete[](void* p, std::size_t) noexcept { countedDelete(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { countedDelete(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { countedDelete(p); }

namespace cs {
namespace {

// Peak bytes allocated by `work` above what was live when it started.
template <class F>
double peakBytesOf(F&& work) {
    const long long base = g_live.load();
    g_peak = base;
    work();
    return static_cast<double>(g_peak.load() - base);
}

Tensor ramp(std::vector<int> shape) {
    Tensor t(std::move(shape));
    for (std::size_t i = 0; i < t.size(); ++i) t.values()[i] = static_cast<float>(i % 7) - 3.f;
    return t;
}

// One lesson of each op family, a few MiB each.
std::vector<OpRequest> sampleRequests() {
    std::vector<OpRequest> out;
    OpRequest bank;  // 3 channels, 4 filters, bias, reflect padding
    bank.input = ramp({3, 60, 50});
    bank.kernel = ramp({4, 3, 3, 3});
    bank.bias = {1, 2, 3, 4};
    bank.params.window.padding = {2, 1};
    bank.params.correlation.padding_mode = PaddingMode::Reflect;
    out.push_back(bank);
    OpRequest conv;  // depthwise true convolution, big padding, stride and dilation
    conv.params.op = OpKind::Conv2d;
    conv.input = ramp({2, 80, 90});
    conv.kernel = ramp({5, 4});
    conv.params.window.padding = {30, 40};
    conv.params.window.stride = {2, 3};
    conv.params.window.dilation = {2, 1};
    out.push_back(conv);
    OpRequest pool;  // ceil_mode leaves partial windows
    pool.params.op = OpKind::MaxPool2d;
    pool.input = ramp({2, 101, 99});
    pool.params.pool.kernel_size = {3, 3};
    pool.params.window.stride = {2, 2};
    pool.params.window.padding = {1, 1};
    pool.params.pool.ceil_mode = true;
    out.push_back(pool);
    OpRequest global;
    global.params.op = OpKind::GlobalAvgPool;
    global.input = ramp({3, 200, 150});
    out.push_back(global);
    OpRequest autocorr;
    autocorr.params.op = OpKind::AutoCorr2d;
    autocorr.input = ramp({2, 12, 10});
    out.push_back(autocorr);
    for (Mode1d mode : {Mode1d::Full, Mode1d::Same, Mode1d::Valid}) {
        OpRequest signal;
        signal.params.op = OpKind::XCorr1d;
        signal.params.signal.mode = mode;
        signal.input = ramp({3000});
        signal.kernel = ramp({700});
        out.push_back(signal);
    }
    return out;
}

// A view is built (update), then drawn: the partial output and the steps an
// input cell feeds, as the stage asks for them every frame.
void buildAndDraw(const OpRequest& request) {
    Lesson lesson;
    lesson.request = request;
    LessonView view;
    view.update(lesson);
    ASSERT_TRUE(view.error().empty()) << view.error();
    view.stepper().seek(view.trace().steps.size() / 2);
    const Tensor partial = view.partialOutput();
    const std::vector<std::size_t> hits = stepsReading(view.trace(), 0, 0, 0);
    EXPECT_FALSE(partial.empty());
    (void)hits;
}

TEST(Memory, LessonViewStaysWithinItsEstimate) {
    for (const OpRequest& r : sampleRequests()) {
        const LessonFootprint f = estimateFootprint(r);
        const double peak = peakBytesOf([&] { buildAndDraw(r); });
        EXPECT_LE(peak, f.total()) << opName(r.params.op);
        // Not a bound pulled out of the air: the estimate is close to what is used.
        EXPECT_GE(peak, 0.6 * f.total()) << opName(r.params.op) << ": " << peak << " of " << f.total();
    }
}

TEST(Memory, TraceAndReferenceStayWithinTheirEstimates) {
    for (const OpRequest& r : sampleRequests()) {
        const OpPlan plan = planOp(r);
        const double trace_peak = peakBytesOf([&] { (void)buildTrace(r); });
        EXPECT_LE(trace_peak, traceBytes(plan)) << opName(r.params.op);
        EXPECT_GE(trace_peak, 0.7 * traceBytes(plan)) << opName(r.params.op) << ": " << trace_peak;
        const double reference_peak = peakBytesOf([&] { (void)computeReference(r); });
        EXPECT_LE(reference_peak, planBytes(plan)) << opName(r.params.op);
    }
}

// A 1 x 1 kernel over an H x W input: about 0.25 KiB of view per output cell.
OpRequest pointwise(int h, int w) {
    OpRequest r;
    r.input = Tensor({h, w}, 1.f);
    r.kernel = Tensor({1, 1}, 2.f);
    return r;
}

// The widest pointwise lesson of height h whose view fits the ceiling.
int widestUnderTheCeiling(int h) {
    int lo = 1, hi = (1 << 24) / h;  // estimate(lo) fits, estimate(hi) does not
    while (hi - lo > 1) {
        const int mid = lo + (hi - lo) / 2;
        (estimateFootprint(pointwise(h, mid)).total() <= kMaxDerivedBytes ? lo : hi) = mid;
    }
    return lo;
}

TEST(Memory, JustUnderTheCeilingIsBuiltWithinItJustOverIsRefused) {
    const int h = 1024, w = widestUnderTheCeiling(h);
    ASSERT_GT(w, 1000);  // the ceiling is 1 GiB, not a handful of cells
    EXPECT_EQ(LessonView::check(pointwise(h, w)), "");
    const std::string over = LessonView::check(pointwise(h, w + 1));
    EXPECT_NE(over.find("the limit is 1 GiB"), std::string::npos) << over;
    EXPECT_NE(over.find("of this lesson would take"), std::string::npos) << over;

    // Just under: built, and what it really takes stays under the ceiling.
    const double peak = peakBytesOf([&] { buildAndDraw(pointwise(h, w)); });
    EXPECT_LE(peak, kMaxDerivedBytes);
    EXPECT_GE(peak, 0.6 * kMaxDerivedBytes) << peak;

    // Just over: refused before anything is allocated; the last view stays.
    Lesson seed = defaultLesson();
    LessonView view;
    view.update(seed);
    Lesson big;
    big.request = pointwise(h, w + 1);
    big.revision = seed.revision + 1;
    const double refused_peak = peakBytesOf([&] { view.update(big); });
    EXPECT_LT(refused_peak, 64 * 1024.0);
    EXPECT_EQ(view.error(), over);
    EXPECT_TRUE(view.showingStale());
    EXPECT_EQ(view.result(), Tensor({2, 2}, {1, 2, 2, 4}));
}

// The figure from the issue: a 2896 x 2896 lesson input (under the trace's
// term limit) took 6.7 GB in the app.
TEST(Memory, LargeLessonInputNamesTheTraceAndTheLimit) {
    Lesson l;
    l.request = pointwise(2896, 2896);
    const std::string why = LessonView::check(l.request);
    EXPECT_NE(why.find("the trace of this lesson would take 1.84 GiB; the limit is 1 GiB: use a smaller input or kernel"),
              std::string::npos)
        << why;
    LessonView view;
    view.update(l);
    EXPECT_EQ(view.error(), why);
    EXPECT_FALSE(view.hasTrace());
}

}  // namespace
}  // namespace cs
