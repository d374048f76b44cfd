#pragma once
// Planning and validation of the layer ops (relu, softmax, flatten,
// batchnorm2d, linear; DESIGN.md section 3). planOp calls planLayer for them;
// the reference (core/layer_ops.h), the trace (core/layer_trace.h) and the GPU
// engine read the geometry from layerGeometry.
//
// Each op's input rank: relu and flatten 1-4, softmax 1-2, batchnorm2d 3
// (C x H x W) or 4 (N x C x H x W), linear 1 ([in]) or 2 (N x in).
// Example: softmax of a 2 x 3 input with dim -1 has outer 2, length 3, inner 1;
// batchnorm2d of 2 x 3 x 4 x 4 has batch 2, channels 3, spatial 16.
#include <vector>

#include "core/op_params.h"

namespace cs {

struct OpPlan;

struct LayerGeometry {
    std::vector<int> input_shape;
    std::vector<int> output_shape;
    // softmax: the input seen as outer x length x inner, normalised along the
    // middle axis (dim, made non-negative).
    int dim = 0, outer = 1, length = 1, inner = 1;
    // flatten: start_dim and end_dim made non-negative.
    int start_dim = 0, end_dim = 0;
    // batchnorm2d: the input as batch x channels x spatial (H * W).
    int batch = 1, channels = 1, spatial = 1;
    // linear: rows (1 for a vector) x in_features, giving rows x out_features.
    int rows = 1, in_features = 1, out_features = 1;
};

// Validates a layer request (throws OpError with a message for a student).
LayerGeometry layerGeometry(const OpRequest& request);

// Fills the plan of a layer op: output_shape, and the output seen as
// 1 x 1 x count (out_width = count) so a Trace has one step per element in
// C order; kernel_w = in_features for linear, so planWork counts its work.
void planLayer(const OpRequest& request, OpPlan& plan);

}  // namespace cs
