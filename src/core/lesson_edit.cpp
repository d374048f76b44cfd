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

namespace {
// A plane of the pattern used for new channels and filters: small integers
// that differ from plane to plane.
float patternValue(int plane, int y, int x) { return static_cast<float>((y + 2 * x + plane) % 3 - (plane % 2)); }

// Copies plane `from` of src (rows x cols) into plane `to` of dst.
void copyPlane(const Tensor& src, int from, Tensor& dst, int to) {
    for (int y = 0; y < dst.dim(-2); ++y)
        for (int x = 0; x < dst.dim(-1); ++x) dst.values()[sliceIndex(dst, to, y, x)] = src.values()[sliceIndex(src, from, y, x)];
}

// How a kernel bank stores its planes: plane(f, cl) is filter f's slice for
// the cl-th channel of its group (DESIGN.md section 3: conv_transpose2d's
// weight is C x O/groups, the others' O x C/groups).
struct BankLayout {
    int channels = 1, filters = 1, groups = 1;
    bool transposed = false;
    int kh = 1, kw = 1;
    int groupChannels() const { return channels / groups; }
    int groupFilters() const { return filters / groups; }
    int groupOf(int f) const { return f / groupFilters(); }
    std::vector<int> shape() const {
        return transposed ? std::vector<int>{channels, groupFilters(), kh, kw}
                          : std::vector<int>{filters, groupChannels(), kh, kw};
    }
    int plane(int f, int cl) const {
        if (!transposed) return f * groupChannels() + cl;
        const int g = groupOf(f);
        return (g * groupChannels() + cl) * groupFilters() + (f - g * groupFilters());
    }
    bool fits() const { return groups >= 1 && channels % groups == 0 && filters % groups == 0; }
};

// The layout r's op and groups give its kernel; when they do not fit the
// kernel (a hand-written file) its shape read with groups 1, and a plain
// kh x kw kernel as one filter of one channel.
BankLayout layoutOf(const OpRequest& r) {
    const Tensor& k = r.kernel;
    BankLayout L;
    L.kh = k.dim(-2);
    L.kw = k.dim(-1);
    L.transposed = isTransposedConv2d(r.params.op);
    if (k.rank() != 4) return L;
    L.channels = inputChannels(r);
    L.groups = r.params.correlation.groups;
    L.filters = L.transposed ? k.dim(1) * L.groups : k.dim(0);
    if (L.fits() && L.shape() == k.shape()) return L;
    L.groups = 1;
    L.channels = L.transposed ? k.dim(0) : k.dim(1);
    L.filters = L.transposed ? k.dim(1) : k.dim(0);
    return L;
}

// The bank `old` (laid out as `from`) laid out as `to`: every slice a filter
// still sees keeps its weights; new ones get the pattern.
Tensor rebank(const Tensor& old, const BankLayout& from, const BankLayout& to) {
    Tensor k(to.shape());
    for (int f = 0; f < to.filters; ++f)
        for (int cl = 0; cl < to.groupChannels(); ++cl) {
            const int c = to.groupOf(f) * to.groupChannels() + cl;
            const int at = to.plane(f, cl);
            const bool kept = f < from.filters && c < from.channels && c / from.groupChannels() == from.groupOf(f);
            if (kept) {
                copyPlane(old, from.plane(f, c - from.groupOf(f) * from.groupChannels()), k, at);
                continue;
            }
            const int plane = f < from.filters ? c + f : f + 2 * c + 1;
            for (int y = 0; y < to.kh; ++y)
                for (int x = 0; x < to.kw; ++x) k.values()[sliceIndex(k, at, y, x)] = patternValue(plane, y, x);
        }
    return k;
}

std::string countText(int n, const char* what) { return std::to_string(n) + " " + what; }

// "" when `to` splits evenly, else the refusal for the edit that asked for it.
std::string unevenGroups(const BankLayout& to) {
    const std::string fit = " (groups that fit " + countText(to.channels, "input channel(s)") + " and " +
                            countText(to.filters, "filter(s)") + ": " + groupsThatFit(to.channels, to.filters) + ").";
    if (to.groups < 1) return "groups must be at least 1 (got " + std::to_string(to.groups) + ")" + fit;
    if (to.channels % to.groups != 0)
        return "groups " + std::to_string(to.groups) + " does not divide the " + countText(to.channels, "input channels") +
               ": each group needs as many channels as the others" + fit;
    if (to.filters % to.groups != 0)
        return "groups " + std::to_string(to.groups) + " does not divide the " + countText(to.filters, "filters") +
               ": each group needs as many filters as the others" + fit;
    return {};
}

// Lays the bank out as `to` when it splits evenly; else says why not.
std::string applyLayout(OpRequest& r, const BankLayout& from, const BankLayout& to) {
    if (std::string why = unevenGroups(to); !why.empty()) return why;
    r.kernel = rebank(r.kernel, from, to);
    r.params.correlation.groups = to.groups;
    return {};
}
}  // namespace

int filterCount(const OpRequest& r) { return r.kernel.rank() == 4 ? layoutOf(r).filters : 1; }

FilterChannels filterChannels(const OpRequest& r, int filter) {
    const BankLayout L = layoutOf(r);
    const int first = std::clamp(filter, 0, L.filters - 1) / L.groupFilters() * L.groupChannels();
    return {first, first + L.groupChannels() - 1};
}

int bankPlane(const OpRequest& r, int filter, int channel) {
    const BankLayout L = layoutOf(r);
    if (filter < 0 || filter >= L.filters) return -1;
    const FilterChannels seen = filterChannels(r, filter);
    if (channel < seen.first || channel > seen.last) return -1;
    return L.plane(filter, channel - seen.first);
}

std::string groupsThatFit(int channels, int filters) {
    std::vector<int> fit;
    for (int g = 1; g <= std::min(channels, filters); ++g)
        if (channels % g == 0 && filters % g == 0) fit.push_back(g);
    std::string out;
    for (std::size_t i = 0; i < fit.size(); ++i)
        out += (i == 0 ? "" : i + 1 == fit.size() ? " or " : ", ") + std::to_string(fit[i]);
    return out;
}

void setOperation(OpRequest& r, OpKind op) {
    const bool bank = r.kernel.rank() == 4;
    const BankLayout from = bank ? layoutOf(r) : BankLayout{};
    setOperation(r.params, op);
    if (!bank) return;
    BankLayout to = from;
    to.transposed = isTransposedConv2d(op);
    if (to.transposed != from.transposed) r.kernel = rebank(r.kernel, from, to);
}

void setMultiChannel(OpRequest& r, bool on) {
    if (on == isMultiChannel(r)) return;
    const int h = r.input.dim(-2), w = r.input.dim(-1), kh = r.kernel.dim(-2), kw = r.kernel.dim(-1);
    r.params.correlation.groups = 1;  // one channel in, or a plain kernel: nothing to split
    if (on) {
        r.input = r.input.reshaped({1, h, w});
        Tensor k({1, 1, kh, kw});
        copyPlane(r.kernel, 0, k, 0);
        r.kernel = std::move(k);
        r.bias.assign(1, 0.f);
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

std::string setInputChannels(OpRequest& r, int channels) {
    if (!isMultiChannel(r)) return {};
    channels = std::clamp(channels, 1, kMaxInputChannels);
    const int old_c = inputChannels(r);
    const BankLayout from = layoutOf(r);
    BankLayout to = from;
    to.channels = channels;
    if (std::string why = applyLayout(r, from, to); !why.empty()) return why;
    const int h = r.input.dim(-2), w = r.input.dim(-1);
    Tensor in({channels, h, w});
    for (int c = 0; c < channels; ++c) {
        if (c < old_c) {
            copyPlane(r.input, c, in, c);
        } else {
            for (int y = 0; y < h; ++y)
                for (int x = 0; x < w; ++x) in.at(c, y, x) = std::abs(patternValue(c, y, x));
        }
    }
    r.input = std::move(in);
    return {};
}

std::string setFilterCount(OpRequest& r, int filters) {
    if (!isMultiChannel(r)) return {};
    const BankLayout from = layoutOf(r);
    BankLayout to = from;
    to.channels = inputChannels(r);
    to.filters = std::clamp(filters, 1, kMaxFilters);
    if (std::string why = applyLayout(r, from, to); !why.empty()) return why;
    r.bias.resize(static_cast<std::size_t>(to.filters), 0.f);
    return {};
}

std::string setGroups(OpRequest& r, int groups) {
    if (!isMultiChannel(r))
        return groups == 1 ? std::string() : "groups split the channels of a multi-channel lesson: turn it on first.";
    const BankLayout from = layoutOf(r);
    BankLayout to = from;
    to.channels = inputChannels(r);
    to.groups = groups;
    return applyLayout(r, from, to);
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
    static const ParamRange kOutputPadding{"Output pad", 0, kMaxLessonStride - 1,
                                           "it must stay below the stride or the dilation, and strides go up to 8"};
    static const ParamRange kNone{"", 1, 1, ""};
    switch (field) {
        case OpField::KernelSize: return kKernel;
        case OpField::Padding: return kPadding;
        case OpField::Stride: return kStride;
        case OpField::Dilation: return kDilation;
        case OpField::OutputPadding: return kOutputPadding;
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
