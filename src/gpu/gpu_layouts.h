#pragma once
// C++ mirrors of the parameter blocks in shaders/common.glsl: GpuOpBlock is
// OpBlock, GpuImageBlock is ImageBlock (std140: plain
// 4-byte scalars pack tightly). Change both together: the static_asserts below
// and the GpuLayout tests (which ask the driver for every offset) catch a
// mismatch.
#include <cstddef>
#include <cstdint>

#include "core/image_filter.h"
#include "core/op_params.h"

namespace cs {

struct GpuOpBlock {
    std::int32_t channels = 1, height = 1, width = 1, depthwise = 0;
    std::int32_t out_channels = 1, out_height = 1, out_width = 1, kernel_channels = 1;
    std::int32_t kernel_h = 1, kernel_w = 1, stride_h = 1, stride_w = 1;
    std::int32_t pad_h = 0, pad_w = 0, dilation_h = 1, dilation_w = 1;
    std::int32_t eff_kernel_h = 1, eff_kernel_w = 1, has_bias = 0, count_include_pad = 1;
    std::int32_t op_kind = 0, lp_int_power = -1, lp_int_root = -1, window_area = 1;
    float norm_type = 2.f, inv_norm_type = 0.5f;
    std::int32_t output_count = 0, first_lag = 0;
    std::int32_t len_f = 0, len_g = 0, rows_len = 0, cols_len = 0;
};
static_assert(sizeof(GpuOpBlock) == 128, "GpuOpBlock must match shaders/common.glsl");
static_assert(offsetof(GpuOpBlock, op_kind) == 80 && offsetof(GpuOpBlock, norm_type) == 96 &&
                  offsetof(GpuOpBlock, cols_len) == 124,
              "GpuOpBlock offsets must match shaders/common.glsl");

struct GpuImageBlock {
    std::int32_t width = 0, height = 0, channels = 0, color_channels = 0;
    std::int32_t out_width = 0, out_height = 0, kernel_h = 1, kernel_w = 1;
    std::int32_t stride_h = 1, stride_w = 1, dilation_h = 1, dilation_w = 1;
    std::int32_t pad_top = 0, pad_left = 0, padded_h = 0, padded_w = 0;
    std::int32_t padding_mode = 0, normalization = 0, alpha_channel = -1, word_count = 0;
    std::int32_t pass_axis = 0, element_count = 0, tap_offset = 0, taps = 0;
};
static_assert(sizeof(GpuImageBlock) == 96, "GpuImageBlock must match shaders/common.glsl");
static_assert(offsetof(GpuImageBlock, padding_mode) == 64 && offsetof(GpuImageBlock, taps) == 92,
              "GpuImageBlock offsets must match shaders/common.glsl");

// Uniform block bindings and the constants the shaders hard-code.
constexpr unsigned kGpuOpBlockBinding = 0;
constexpr unsigned kGpuImageBlockBinding = 1;
constexpr int kGpuLinearGroupSize = 64;       // LINEAR_INDEX()
constexpr int kGpuTile = 16;                  // TILED 1 work groups are kGpuTile x kGpuTile
constexpr int kGpuPatchCapacity = 4096;       // floats of shared patch (TILED 1)
constexpr int kGpuGlobalPoolGroupSize = 256;  // global_pool.comp, layers.comp PASS 0
constexpr unsigned kGpuLayerStatsBinding = 6; // layers.comp: two doubles per group
constexpr int kGpuRun = 8;                    // RUN 8 image shaders: outputs per invocation
constexpr int kGpuUnpackRun = 4;              // image_unpack.comp: pixels per invocation

// The op and enum values the shaders compare against (kOp*, kPad*, kNorm*).
static_assert(static_cast<int>(OpKind::XCorr2d) == 0 && static_cast<int>(OpKind::MaxPool2d) == 3 &&
                  static_cast<int>(OpKind::AvgPool2d) == 4 && static_cast<int>(OpKind::LpPool2d) == 5 &&
                  static_cast<int>(OpKind::GlobalMaxPool) == 7 && static_cast<int>(OpKind::Conv1d) == 8 &&
                  static_cast<int>(OpKind::AutoCorr1d) == 10 && static_cast<int>(OpKind::Relu) == 11 &&
                  static_cast<int>(OpKind::Softmax) == 12 && static_cast<int>(OpKind::Flatten) == 13 &&
                  static_cast<int>(OpKind::BatchNorm2d) == 14 && static_cast<int>(OpKind::Linear) == 15 &&
                  static_cast<int>(OpKind::ConvTranspose2d) == 16,
              "OpKind values are mirrored as kOp* in shaders/common.glsl");
static_assert(static_cast<int>(Normalization::Clamp) == 0 && static_cast<int>(Normalization::Abs) == 1 &&
                  static_cast<int>(Normalization::MinMax) == 2,
              "Normalization values are mirrored as kNorm* in shaders/common.glsl");

}  // namespace cs
