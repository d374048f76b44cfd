#pragma once
// The `bench` subcommand's table with extra columns: bench/ adds OpenCV's
// cv::filter2D / cv::sepFilter2D when libopencv-dev is installed, without the
// main build depending on OpenCV.
#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

#include "cli/gpu_session.h"
#include "core/image_filter.h"
#include "core/op_params.h"

namespace cs {

struct BenchComparison {
    std::string name;  // column title, e.g. "OpenCV"
    // Milliseconds for one run of the filter row (the median is taken by the caller).
    std::function<double(const Image& image, const ImageFilterParams& params, bool separable)> filter_ms;
    // Milliseconds for a pooling row, or empty (the column shows "-").
    std::function<double(const Image& image, OpKind op)> pool_ms;
};

int runBenchWith(const BenchOptions& options, const std::vector<BenchComparison>& comparisons, std::ostream& out,
                 std::ostream& err);

}  // namespace cs
