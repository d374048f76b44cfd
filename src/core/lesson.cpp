#include "core/lesson.h"

#include "core/op_table.h"

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
    };
    return list;
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

ViewOptionsInUse viewOptionsInUse(const OpParams& params) {
    ViewOptionsInUse in_use;
    const bool correlation = isCorrelation2d(params.op);
    in_use.weights_on_window = correlation || params.op == OpKind::AutoCorr2d;
    in_use.flipped_kernel = params.op == OpKind::Conv2d;
    in_use.padding_sources = correlation && params.correlation.padding_mode != PaddingMode::Zeros &&
                             (params.window.padding.h > 0 || params.window.padding.w > 0);
    return in_use;
}

}  // namespace cs
