#include "core/lesson.h"

#include "core/op_table.h"
#include "core/padding.h"

#include <functional>
#include <map>

namespace cs {

bool sameRequest(const OpRequest& a, const OpRequest& b) {
    return a.params == b.params && a.input == b.input && a.kernel == b.kernel && a.bias == b.bias &&
           a.weight == b.weight && a.running_mean == b.running_mean && a.running_var == b.running_var;
}

bool sameContent(const Lesson& a, const Lesson& b) {
    return sameRequest(a.request, b.request) && a.view == b.view && a.title == b.title;
}

namespace {

Tensor seedInput() { return Tensor({4, 4}, {1, 0, 1, 0, 0, 1, 0, 1, 1, 0, 1, 0, 0, 1, 0, 1}); }
Tensor seedKernel() { return Tensor({3, 3}, {1, 1, 1, 0, 0, 0, 1, 1, 1}); }
Tensor poolingInput() { return Tensor({4, 4}, {1, 2, 3, 0, 4, 5, 6, 1, 3, 4, 7, 2, 1, 2, 1, 0}); }

Lesson seed() {
    Lesson l;
    l.name = "seed";
    l.title = "Padding 1, stride 2: a 3x3 kernel over a 4x4 input";
    l.request.params.op = OpKind::XCorr2d;
    l.request.params.window.padding = {1, 1};
    l.request.params.window.stride = {2, 2};
    l.request.input = seedInput();
    l.request.kernel = seedKernel();
    return l;
}

Lesson flip() {
    Lesson l;
    l.name = "flip";
    l.title = "True convolution flips the kernel: a single 1 gives the kernel back";
    l.request.params.op = OpKind::Conv2d;
    l.request.params.window.padding = {1, 1};
    Tensor in({5, 5}, 0.f);
    in.at(2, 2) = 1.f;
    l.request.input = in;
    l.request.kernel = Tensor({3, 3}, {1, 2, 3, 4, 5, 6, 7, 8, 9});
    return l;
}

Lesson reflect() {
    Lesson l = seed();
    l.name = "reflect";
    l.title = "Reflect padding: every border value is copied from inside the input";
    l.request.params.correlation.padding_mode = PaddingMode::Reflect;
    return l;
}

Lesson pooling(OpKind op, const char* name, const char* title) {
    Lesson l;
    l.name = name;
    l.title = title;
    l.request.params.op = op;
    l.request.params.pool.kernel_size = {2, 2};
    l.request.params.window.stride = {2, 2};
    l.request.input = poolingInput();
    l.request.kernel = seedKernel();  // kept for switching back to a correlation
    return l;
}

Lesson autocorrelation() {
    Lesson l;
    l.name = "autocorrelation";
    l.title = "Autocorrelation: the input slides over itself";
    l.request.params.op = OpKind::AutoCorr2d;
    l.request.input = Tensor({3, 3}, {1, 2, 0, 0, 1, 0, 0, 0, 1});
    l.request.kernel = seedKernel();
    return l;
}

Lesson multichannel() {
    Lesson l;
    l.name = "multichannel";
    l.title = "Two channels, two filters: each output adds one sum per channel plus a bias";
    l.request.params.op = OpKind::XCorr2d;
    l.request.params.window.padding = {1, 1};
    l.request.params.window.stride = {2, 2};
    l.request.input = Tensor({2, 4, 4}, {1, 0, 1, 0, 0, 1, 0, 1, 1, 0, 1, 0, 0, 1, 0, 1,  //
                                         2, 1, 0, 1, 1, 2, 1, 0, 0, 1, 2, 1, 1, 0, 1, 2});
    l.request.kernel = Tensor({2, 2, 3, 3}, {1, 1, 1, 0, 0, 0, 1, 1, 1,     //
                                             0, 1, 0, 1, -1, 1, 0, 1, 0,    //
                                             1, 0, -1, 1, 0, -1, 1, 0, -1,  //
                                             0, 0, 0, 0, 1, 0, 0, 0, 0});
    l.request.bias = {0.5f, -1.f};
    return l;
}

// Depthwise convolution (groups = channels): each filter has one slice and
// sees its own channel only, so map f is channel f filtered on its own.
Lesson depthwise() {
    Lesson l;
    l.name = "depthwise";
    l.title = "Depthwise (groups 3): each filter sees its own channel only";
    l.request.params.op = OpKind::XCorr2d;
    l.request.params.window.padding = {1, 1};
    l.request.params.window.stride = {2, 2};
    l.request.params.correlation.groups = 3;
    l.request.input = Tensor({3, 4, 4}, {1, 0, 1, 0, 0, 1, 0, 1, 1, 0, 1, 0, 0, 1, 0, 1,  //
                                         2, 1, 0, 1, 1, 2, 1, 0, 0, 1, 2, 1, 1, 0, 1, 2,  //
                                         0, 1, 2, 3, 1, 2, 3, 0, 2, 3, 0, 1, 3, 0, 1, 2});
    l.request.kernel = Tensor({3, 1, 3, 3}, {1, 1, 1, 0, 0, 0, 1, 1, 1,  //
                                             0, 1, 0, 1, -1, 1, 0, 1, 0,  //
                                             1, 0, -1, 1, 0, -1, 1, 0, -1});
    l.request.bias = {0.f, 0.5f, -1.f};
    return l;
}

// vdumoulin's conv_arithmetic figures ("A guide to convolution arithmetic for
// deep learning"): the direct convolution of each, and its transposed
// convolution, which maps the output size back to the input size. Values are
// small whole numbers so every product reads at a glance.
struct ArithmeticFigure {
    const char* name;
    const char* title;
    int n, k, s, p, d;  // input side, kernel, stride, padding, dilation of the direct convolution
};
constexpr ArithmeticFigure kArithmetic[] = {
    {"no_padding_no_strides", "No padding, no strides: a 3x3 kernel over a 4x4 input", 4, 3, 1, 0, 1},
    {"arbitrary_padding_no_strides", "Arbitrary padding, no strides: a 4x4 kernel, padding 2, over a 5x5 input", 5,
     4, 1, 2, 1},
    {"same_padding_no_strides", "Half (same) padding: a 3x3 kernel, padding 1, keeps a 5x5 input's size", 5, 3, 1, 1,
     1},
    {"full_padding_no_strides", "Full padding: a 3x3 kernel, padding 2, grows a 5x5 input to 7x7", 5, 3, 1, 2, 1},
    {"no_padding_strides", "No padding, strides: a 3x3 kernel, stride 2, over a 5x5 input", 5, 3, 2, 0, 1},
    {"padding_strides", "Padding and strides: a 3x3 kernel, padding 1, stride 2, over a 5x5 input", 5, 3, 2, 1, 1},
    {"padding_strides_odd", "Padding and strides (odd): a 3x3 kernel, padding 1, stride 2, over a 6x6 input", 6, 3, 2,
     1, 1},
    {"dilation", "Dilation: a 3x3 kernel with dilation 2 over a 7x7 input", 7, 3, 1, 0, 2},
};

// A side x side matrix of 1 + (i mod period), read row by row: no zeros, so
// the zeros a transposed convolution inserts stand out.
Tensor countingMatrix(int side, int period) {
    Tensor t({side, side});
    for (int i = 0; i < side * side; ++i) t.values()[static_cast<std::size_t>(i)] = static_cast<float>(1 + i % period);
    return t;
}

Lesson arithmetic(const ArithmeticFigure& f, bool transposed) {
    Lesson l;
    l.name = std::string(f.name) + (transposed ? "_transposed" : "");
    OpParams& p = l.request.params;
    p.window.stride = {f.s, f.s};
    p.window.padding = {f.p, f.p};
    p.window.dilation = {f.d, f.d};
    l.request.kernel = countingMatrix(f.k, 3);  // 1 2 3 1 2 ...: the flip shows
    const int out = (f.n + 2 * f.p - f.d * (f.k - 1) - 1) / f.s + 1;
    if (!transposed) {
        p.op = OpKind::XCorr2d;
        l.title = f.title;
        l.request.input = countingMatrix(f.n, 4);
        return l;
    }
    // The transposed figure: the direct output's size back to the input's.
    p.op = OpKind::ConvTranspose2d;
    const int back = (out - 1) * f.s - 2 * f.p + f.d * (f.k - 1) + 1;
    p.transposed.output_padding = {f.n - back, f.n - back};
    l.title = std::string("Transposed: ") + std::to_string(out) + "x" + std::to_string(out) + " back to " +
              std::to_string(f.n) + "x" + std::to_string(f.n) + " (" + f.name + ")";
    l.request.input = countingMatrix(out, 4);
    return l;
}

using Factory = std::function<Lesson()>;
const std::vector<std::pair<std::string, Factory>>& factories() {
    static const std::vector<std::pair<std::string, Factory>> list{
        {"seed", seed},
        {"flip", flip},
        {"reflect", reflect},
        {"pooling", [] { return pooling(OpKind::MaxPool2d, "pooling", "2x2 max pooling, stride 2"); }},
        {"average", [] { return pooling(OpKind::AvgPool2d, "average", "2x2 average pooling, stride 2"); }},
        {"l2", [] { return pooling(OpKind::LpPool2d, "l2", "2x2 L2 pooling: the root of the sum of squares"); }},
        {"autocorrelation", autocorrelation},
        {"multichannel", multichannel},
        {"depthwise", depthwise},
    };
    static const std::vector<std::pair<std::string, Factory>> all = [] {
        std::vector<std::pair<std::string, Factory>> v = list;
        for (bool transposed : {false, true})
            for (const ArithmeticFigure& f : kArithmetic)
                v.emplace_back(std::string(f.name) + (transposed ? "_transposed" : ""),
                               [&f, transposed] { return arithmetic(f, transposed); });
        return v;
    }();
    return all;
}

}  // namespace

const std::vector<std::string>& builtinLessonNames() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> n;
        for (const auto& f : factories()) n.push_back(f.first);
        return n;
    }();
    return names;
}

std::optional<Lesson> builtinLesson(std::string_view name) {
    for (const auto& f : factories())
        if (f.first == name) return f.second();
    return std::nullopt;
}

Lesson defaultLesson() { return seed(); }

const std::vector<OpKind>& lessonOps() {
    static const std::vector<OpKind> ops = [] {
        std::vector<OpKind> v;
        for (const OpInfo& info : allOps())
            if (info.in_lesson_menu) v.push_back(info.op);
        return v;
    }();
    return ops;
}

bool editedSinceBuiltin(const Lesson& lesson) {
    const std::optional<Lesson> original = builtinLesson(lesson.name);
    return original && !sameContent(*original, lesson);
}

namespace {

std::string joinDims(const std::vector<int>& dims) {
    std::string s;
    for (int d : dims) s += (s.empty() ? "" : "x") + std::to_string(d);
    return s;
}

std::string pairText(const char* what, Pair p) {
    return std::string(what) + " " + (p.h == p.w ? std::to_string(p.h) : "(" + std::to_string(p.h) + ", " + std::to_string(p.w) + ")");
}

// "Cross-correlation, padding 1, stride 2: a 3x3 kernel over a 5x5 input".
std::string derivedDescription(const OpRequest& r) {
    const OpParams& p = r.params;
    const std::string_view title = opTitle(p.op);
    std::string text(title.substr(0, title.find(" (")));  // "Cross-correlation (what CNN layers do)": the name only
    const bool windowed = isCorrelation2d(p.op) || isPooling2d(p.op) || isTransposedConv2d(p.op);
    if (windowed) {
        const WindowParams& w = p.window;
        if (isCorrelation2d(p.op) && p.correlation.padding_rule != PaddingRule::Explicit)
            text += p.correlation.padding_rule == PaddingRule::Same ? ", padding same" : ", padding valid";
        else if (w.padding.h != 0 || w.padding.w != 0)
            text += ", " + (isCorrelation2d(p.op) && p.correlation.padding_mode != PaddingMode::Zeros
                                ? std::string(paddingModeName(p.correlation.padding_mode)) + " "
                                : std::string()) +
                    pairText("padding", w.padding);
        if (w.stride != Pair{1, 1}) text += ", " + pairText("stride", w.stride);
        if (w.dilation != Pair{1, 1}) text += ", " + pairText("dilation", w.dilation);
    }
    text += ": ";
    if (isCorrelation2d(p.op) || isTransposedConv2d(p.op)) text += "a " + joinDims(r.kernel.shape()) + " kernel over ";
    else if (isPooling2d(p.op)) text += "a " + joinDims({p.pool.kernel_size.h, p.pool.kernel_size.w}) + " window over ";
    return text + "a " + joinDims(r.input.shape()) + " input";
}

}  // namespace

std::string describeLesson(const Lesson& lesson) {
    if (lesson.title.empty()) return {};
    const std::optional<Lesson> original = builtinLesson(lesson.name);
    if (!original || sameContent(*original, lesson)) return lesson.title;
    const OpRequest& a = original->request;
    const OpRequest& b = lesson.request;
    // Values edited, the shapes and parameters as the title was written for: it still describes the lesson.
    if (a.params == b.params && a.input.shape() == b.input.shape() && a.kernel.shape() == b.kernel.shape() &&
        a.bias.size() == b.bias.size())
        return lesson.title + " (edited)";
    return derivedDescription(b) + " (edited from " + lesson.name + ")";
}

ViewOptionsInUse viewOptionsInUse(const OpParams& params) {
    ViewOptionsInUse in_use;
    const bool correlation = isCorrelation2d(params.op);
    in_use.weights_on_window = correlation || params.op == OpKind::AutoCorr2d;
    in_use.flipped_kernel = params.op == OpKind::Conv2d;
    in_use.compare = correlation;
    in_use.padding_sources = correlation && params.correlation.padding_mode != PaddingMode::Zeros &&
                             (params.window.padding.h > 0 || params.window.padding.w > 0);
    return in_use;
}

}  // namespace cs
