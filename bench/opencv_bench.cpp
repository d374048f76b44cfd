// convscope_bench_opencv: `convscope bench`'s table plus OpenCV's
// cv::filter2D (general kernels) and cv::sepFilter2D (rank-1 kernels) on the
// same image, in the same run. Built only with -DCONVSCOPE_BENCH=ON and
// libopencv-dev installed (bench/CMakeLists.txt); the main build never
// depends on OpenCV.
//
// What OpenCV is timed on: the image's three colour channels (RGB bytes)
// filtered to float32 planes (ddepth CV_32F), the same kernel, reflect border
// (BORDER_REFLECT_101 = convscope's reflect), anchor at the kernel's centre;
// OpenCV uses every core. The alpha split is not timed.
#include <CLI/CLI.hpp>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <chrono>
#include <iostream>

#include "cli/bench.h"

namespace {

cv::Mat toMat(const cs::Tensor& t) {
    cv::Mat m(t.dim(0), t.dim(1), CV_32F);
    for (int y = 0; y < t.dim(0); ++y)
        for (int x = 0; x < t.dim(1); ++x) m.at<float>(y, x) = t.at(y, x);
    return m;
}

double filterMs(const cs::Image& image, const cs::ImageFilterParams& p, bool separable) {
    static const cs::Image* cached_for = nullptr;
    static cv::Mat rgb;
    if (cached_for != &image) {
        const cv::Mat rgba(image.height, image.width, CV_8UC4, const_cast<std::uint8_t*>(image.pixels.data()));
        cv::cvtColor(rgba, rgb, cv::COLOR_RGBA2RGB);
        cached_for = &image;
    }
    const cs::Tensor kernel = cs::effectiveImageKernel(p);
    cv::Mat out;
    const auto t0 = std::chrono::steady_clock::now();
    if (separable) {
        const auto sk = cs::separateKernel(kernel);
        const cv::Mat kx(1, static_cast<int>(sk->row.size()), CV_32F, const_cast<float*>(sk->row.data()));
        const cv::Mat ky(static_cast<int>(sk->column.size()), 1, CV_32F, const_cast<float*>(sk->column.data()));
        cv::sepFilter2D(rgb, out, CV_32F, kx, ky, cv::Point(-1, -1), 0.0, cv::BORDER_REFLECT_101);
    } else {
        cv::filter2D(rgb, out, CV_32F, toMat(kernel), cv::Point(-1, -1), 0.0, cv::BORDER_REFLECT_101);
    }
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"convscope bench with OpenCV columns (cv::filter2D, cv::sepFilter2D)"};
    cs::BenchOptions options;
    app.add_option("--runs", options.runs, "timed runs per row after one warm-up")->check(CLI::Range(1, 100));
    app.add_flag("--quick", options.quick, "a 480x270 image and k = 3, 7 only");
    app.add_flag("--passes", options.passes, "also print the GPU time of each image-filter pass");
    app.add_option("--variant", options.variant, "GPU kernel variant: auto, per-output or tiled")
        ->check(CLI::IsMember({"auto", "per-output", "tiled"}));
    CLI11_PARSE(app, argc, argv);
    std::cout << "OpenCV " << CV_VERSION << ", " << cv::getNumThreads() << " threads\n";
    const cs::BenchComparison opencv{"OpenCV", filterMs, nullptr};
    return cs::runBenchWith(options, {opencv}, std::cout, std::cerr);
}
