#include "core/lesson_edit.h"

#include <algorithm>
#include <cmath>
#include <random>

namespace cs {

int sliceCount(const Tensor& t) {
    int n = 1;
    for (int a = 0; a + 2 < t.rank(); ++a) n *= t.dim(a);
    return n;
}

std::size_t sliceIndex(const Tensor& t, int slice, int y, int x) {
    const auto rows = static_cast<std::size_t>(t.dim(-2)), cols = static_cast<std::size_t>(t.dim(-1));
    return (static_cast<std::size_t>(slice) * rows + static_cast<std::size_t>(y)) * cols + static_cast<std::size_t>(x);
}

Tensor resizeMatrix(const Tensor& m, int rows, int cols) {
    rows = std::clamp(rows, 1, kMaxMatrixSide);
    cols = std::clamp(cols, 1, kMaxMatrixSide);
    std::vector<int> shape = m.shape();
    if (shape.size() < 2) shape = {1, 1};
    shape[shape.size() - 2] = rows;
    shape[shape.size() - 1] = cols;
    Tensor out(shape, 0.f);
    const int slices = sliceCount(out);
    const int keep_y = std::min(rows, m.dim(-2)), keep_x = std::min(cols, m.dim(-1));
    for (int s = 0; s < slices && s < sliceCount(m); ++s)
        for (int y = 0; y < keep_y; ++y)
            for (int x = 0; x < keep_x; ++x) out.values()[sliceIndex(out, s, y, x)] = m.values()[sliceIndex(m, s, y, x)];
    return out;
}

void setOperation(OpParams& params, OpKind op) {
    params.op = op;
    if (!hasField(op, OpField::Padding)) params.window.padding = {0, 0};
    if (!hasField(op, OpField::Dilation)) params.window.dilation = {1, 1};
    if (isPooling2d(op)) {
        params.window.padding.h = std::min(params.window.padding.h, params.pool.kernel_size.h / 2);
        params.window.padding.w = std::min(params.window.padding.w, params.pool.kernel_size.w / 2);
    }
}

bool isMultiChannel(const OpRequest& r) { return r.input.rank() == 3 || r.kernel.rank() == 4; }

int inputChannels(const OpRequest& r) { return r.input.rank() == 3 ? r.input.dim(0) : 1; }
int filterCount(const OpRequest& r) { return r.kernel.rank() == 4 ? r.kernel.dim(0) : 1; }

namespace {
// A plane of the pattern used for new channels and filters: small integers
// that differ from plane to plane.
float patternValue(int plane, int y, int x) { return static_cast<float>((y + 2 * x + plane) % 3 - (plane % 2)); }

// Copies plane `from` of src (rows x cols) into plane `to` of dst.
void copyPlane(const Tensor& src, int from, Tensor& dst, int to) {
    for (int y = 0; y < dst.dim(-2); ++y)
        for (int x = 0; x < dst.dim(-1); ++x) dst.values()[sliceIndex(dst, to, y, x)] = src.values()[sliceIndex(src, from, y, x)];
}
}  // namespace

void setMultiChannel(OpRequest& r, bool on) {
    if (on == isMultiChannel(r)) return;
    const int h = r.input.dim(-2), w = r.input.dim(-1), kh = r.kernel.dim(-2), kw = r.kernel.dim(-1);
    if (on) {
        r.input = r.input.reshaped({1, h, w});
        r.kernel = r.kernel.rank() == 2 ? r.kernel.reshaped({1, 1, kh, kw}) : r.kernel;
        r.bias.assign(static_cast<std::size_t>(filterCount(r)), 0.f);
    } else {
        Tensor in({h, w});
        copyPlane(r.input, 0, in, 0);
        Tensor k({kh, kw});
        copyPlane(r.kernel, 0, k, 0);
        r.input = std::move(in);
        r.kernel = std::move(k);
        r.bias.clear();
    }
}

void setInputChannels(OpRequest& r, int channels) {
    if (!isMultiChannel(r)) return;
    channels = std::clamp(channels, 1, kMaxInputChannels);
    const int old_c = inputChannels(r), o = filterCount(r);
    const int h = r.input.dim(-2), w = r.input.dim(-1), kh = r.kernel.dim(-2), kw = r.kernel.dim(-1);
    Tensor in({channels, h, w});
    for (int c = 0; c < channels; ++c) {
        if (c < old_c) {
            copyPlane(r.input, c, in, c);
        } else {
            for (int y = 0; y < h; ++y)
                for (int x = 0; x < w; ++x) in.at(c, y, x) = std::abs(patternValue(c, y, x));
        }
    }
    const Tensor old_k = r.kernel.reshaped({o, old_c, kh, kw});
    Tensor k({o, channels, kh, kw});
    for (int f = 0; f < o; ++f)
        for (int c = 0; c < channels; ++c) {
            if (c < old_c) {
                copyPlane(old_k, f * old_c + c, k, f * channels + c);
            } else {
                for (int y = 0; y < kh; ++y)
                    for (int x = 0; x < kw; ++x) k.at(f, c, y, x) = patternValue(c + f, y, x);
            }
        }
    r.input = std::move(in);
    r.kernel = std::move(k);
}

void setFilterCount(OpRequest& r, int filters) {
    if (!isMultiChannel(r)) return;
    filters = std::clamp(filters, 1, kMaxFilters);
    const int c = inputChannels(r), old_o = filterCount(r), kh = r.kernel.dim(-2), kw = r.kernel.dim(-1);
    const Tensor old_k = r.kernel.reshaped({old_o, c, kh, kw});
    Tensor k({filters, c, kh, kw});
    for (int f = 0; f < filters; ++f)
        for (int ch = 0; ch < c; ++ch) {
            if (f < old_o) {
                copyPlane(old_k, f * c + ch, k, f * c + ch);
            } else {
                for (int y = 0; y < kh; ++y)
                    for (int x = 0; x < kw; ++x) k.at(f, ch, y, x) = patternValue(f + 2 * ch + 1, y, x);
            }
        }
    r.kernel = std::move(k);
    r.bias.resize(static_cast<std::size_t>(filters), 0.f);
}

void randomizeSlice(Tensor& t, int slice, std::uint32_t seed, bool integers, int lo, int hi) {
    std::mt19937 rng(seed);
    if (hi < lo) std::swap(lo, hi);
    std::uniform_int_distribution<int> ints(lo, hi);
    std::uniform_int_distribution<int> tenths(lo * 10, hi * 10);
    const int first = slice < 0 ? 0 : slice, last = slice < 0 ? sliceCount(t) : slice + 1;
    for (int s = first; s < last; ++s)
        for (int y = 0; y < t.dim(-2); ++y)
            for (int x = 0; x < t.dim(-1); ++x)
                t.values()[sliceIndex(t, s, y, x)] =
                    integers ? static_cast<float>(ints(rng)) : static_cast<float>(tenths(rng)) / 10.f;
}

const ParamRange& lessonParamRange(OpField field) {
    static const ParamRange kKernel{"Window", 1, kMaxLessonKernelSide, "the stage draws windows up to 9 x 9"};
    static const ParamRange kPadding{"Padding", 0, kMaxLessonPadding, "the stage draws up to 8 padding cells a side"};
    static const ParamRange kStride{"Stride", 1, kMaxLessonStride, "a larger stride leaves most of a 32-cell input unseen"};
    static const ParamRange kDilation{"Dilation", 1, kMaxLessonDilation,
                                      "a larger one spreads even a 2-tap kernel past the largest padded input, 48 cells"};
    static const ParamRange kNone{"", 1, 1, ""};
    switch (field) {
        case OpField::KernelSize: return kKernel;
        case OpField::Padding: return kPadding;
        case OpField::Stride: return kStride;
        case OpField::Dilation: return kDilation;
        default: return kNone;
    }
}

std::string rangeNote(const ParamRange& range, int typed) {
    if (typed >= range.lo && typed <= range.hi) return {};
    const std::string head = std::string(range.label) + " " + std::to_string(typed);
    if (typed < range.lo)
        return head + " is less than " + std::to_string(range.lo) + ": it is now " + std::to_string(range.lo) + ".";
    return head + " is more than this page allows: it is now " + std::to_string(range.hi) + " (" + range.why_hi + ").";
}

}  // namespace cs
