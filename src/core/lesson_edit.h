#pragma once
// Edits of the lesson's matrices that keep the document consistent: resizing
// a matrix keeps the values that still fit, switching to multi-channel mode
// turns the input into C x H x W and the kernel into an O x C x kh x kw bank
// with a bias per filter, and back. Pure functions on an OpRequest: panels
// call them and then touch() the lesson.
//
//   OpRequest r = defaultLesson().request;          // 4x4 input, 3x3 kernel
//   setMultiChannel(r, true);                       // input 1x4x4, kernel 1x1x3x3, bias {0}
//   setInputChannels(r, 2);                         // input 2x4x4, kernel 1x2x3x3
//   setFilterCount(r, 3);                           // kernel 3x2x3x3, bias {0, 0, 0}
//   setFilterCount(r, 2);  setGroups(r, 2);         // depthwise: kernel 2x1x3x3, filter f sees channel f
//   setGroups(r, 3);                                // refused: "groups 3 does not divide the 2 input channels ..."
//
// The bank's layout follows the op: O x C/groups x kh x kw for xcorr2d and
// conv2d, PyTorch's C x O/groups x kh x kw for conv_transpose2d. Every edit
// keeps the kernel in the layout of the op and groups it ends with, so a
// filter keeps its weights when the op, the groups or the counts change.
#include <cstdint>

#include <string>

#include "core/op_params.h"
#include "core/op_table.h"

namespace cs {

constexpr int kMaxMatrixSide = 32;     // rows or columns of an editable matrix
constexpr int kMaxLessonKernelSide = 9;     // rows or columns of an editable kernel
constexpr int kMaxInputChannels = 3;   // multi-channel mode
constexpr int kMaxFilters = 4;
constexpr int kMaxLessonPadding = 8;   // padding cells on one side
constexpr int kMaxLessonStride = 8;
// Past this even a 2-tap kernel spans more than the largest padded input a
// lesson can have (kMaxMatrixSide + 2 * kMaxLessonPadding = 48 cells).
constexpr int kMaxLessonDilation = kMaxMatrixSide + 2 * kMaxLessonPadding - 1;

// The range the matrix page's integer parameter fields accept, and why the
// top is where it is (said when a typed value is brought back into range).
struct ParamRange {
    const char* label;  // "Dilation", as the field is labelled
    int lo, hi;
    const char* why_hi;  // "a larger one ..."
};
// KernelSize, Padding, Stride, Dilation and OutputPadding; others: a range of 1..1.
const ParamRange& lessonParamRange(OpField field);
// "" when `typed` is inside the range, else what it was changed to and why:
// "Dilation 60 is more than this page allows: it is now 47 (a larger one spreads ...)".
std::string rangeNote(const ParamRange& range, int typed);

// The same tensor with its last two axes resized to rows x cols (clamped to
// [1, kMaxMatrixSide]); values at (y, x) inside both sizes are kept, new cells are 0.
Tensor resizeMatrix(const Tensor& m, int rows, int cols);

// Switches the request to `op`, dropping what the op cannot take (the op
// table's fields): no padding for lppool2d, dilation 1 for avg/lp pooling,
// pooling padding at most half the window.
void setOperation(OpParams& params, OpKind op);
// The same, and a kernel bank moved into the new op's layout (conv_transpose2d's
// C x O/groups, the others' O x C/groups): what the operation menu does.
void setOperation(OpRequest& r, OpKind op);
bool isMultiChannel(const OpRequest& r);  // input C x H x W or kernel O x C x kh x kw
void setMultiChannel(OpRequest& r, bool on);  // off: groups back to 1
int inputChannels(const OpRequest& r);  // 1 for a plain matrix
int filterCount(const OpRequest& r);    // output channels; 1 for a plain kernel
// Multi-channel mode only (no-ops otherwise); counts are clamped to the limits.
// New channels and filters get a small deterministic pattern, not zeros, so the
// per-channel sums differ from the first step. Each returns "" when done, or
// why it refused (the request unchanged): a count that the lesson's groups do
// not divide, or groups that do not divide both counts.
std::string setInputChannels(OpRequest& r, int channels);
std::string setFilterCount(OpRequest& r, int filters);
std::string setGroups(OpRequest& r, int groups);
// A kernel bank as the matrix editor addresses it: the input channels
// [first, last] filter f sees, and the plane (sliceIndex's slice) holding
// filter f's slice for input channel c; -1 when f does not see c.
struct FilterChannels {
    int first = 0, last = 0;
};
FilterChannels filterChannels(const OpRequest& r, int filter);
int bankPlane(const OpRequest& r, int filter, int channel);
// The groups that divide both `channels` and `filters`: "1, 2" for 2 and 4.
std::string groupsThatFit(int channels, int filters);

// Number of 2-D slices in a tensor of rank 2 to 4 (product of the leading axes).
int sliceCount(const Tensor& t);
// Element index of (slice, y, x) where a slice is one rows x cols plane.
std::size_t sliceIndex(const Tensor& t, int slice, int y, int x);

// Fills slice `slice` (-1: all of them) with random values: integers in
// [lo, hi] or decimals with one digit after the point. Deterministic per seed.
void randomizeSlice(Tensor& t, int slice, std::uint32_t seed, bool integers, int lo, int hi);

}  // namespace cs
