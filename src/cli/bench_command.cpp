// `convscope bench`: the CPU reference against the GPU engine on one RGBA
// image, the median of several runs after a warm-up. GPU phases are timed by
// wall clock with glFinish between them (llvmpipe's timer queries read 0 for
// compute), so upload and readback are reported apart from compute.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>
#include <ostream>

#include "cli/bench.h"
#include "cli/gpu_session.h"
#include "core/engine.h"
#include "core/fast_filter.h"
#include "core/image_filter.h"

namespace cs {
namespace {

double nowMs() {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

double median(std::vector<double> v) {
    if (v.empty()) return 0.0;
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

// A deterministic photo-like RGBA image: smooth gradients, a few edges and
// some noise, so no path can shortcut on constant data.
Image syntheticImage(int w, int h) {
    Image img{w, h, 4, std::vector<std::uint8_t>(static_cast<std::size_t>(w) * h * 4)};
    std::uint32_t state = 12345u;
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            state = state * 1664525u + 1013904223u;
            const int noise = static_cast<int>((state >> 24) & 31u) - 16;
            const int edge = ((x / 97 + y / 61) % 2) * 60;
            const int r = (x * 255) / std::max(1, w - 1), g = (y * 255) / std::max(1, h - 1);
            const int b = static_cast<int>(127.5 + 127.5 * std::sin(x * 0.02) * std::cos(y * 0.03));
            img.at(x, y, 0) = static_cast<std::uint8_t>(std::clamp(r / 2 + edge + noise, 0, 255));
            img.at(x, y, 1) = static_cast<std::uint8_t>(std::clamp(g / 2 + edge + noise, 0, 255));
            img.at(x, y, 2) = static_cast<std::uint8_t>(std::clamp(b + noise, 0, 255));
            img.at(x, y, 3) = static_cast<std::uint8_t>(255 - (x + y) % 64);
        }
    return img;
}

// Separable: a Gaussian (outer product). General: the same Gaussian plus a
// small ring, which makes it rank 2 or more.
Tensor benchKernel(int k, bool separable) {
    const double sigma = std::max(0.8, k / 6.0);
    std::vector<float> g(static_cast<std::size_t>(k));
    double total = 0;
    for (int i = 0; i < k; ++i) {
        const double d = (i - (k - 1) / 2) / sigma;
        g[static_cast<std::size_t>(i)] = static_cast<float>(std::exp(-0.5 * d * d));
        total += g[static_cast<std::size_t>(i)];
    }
    for (float& v : g) v = static_cast<float>(v / total);
    Tensor kernel({k, k});
    for (int y = 0; y < k; ++y)
        for (int x = 0; x < k; ++x) {
            float v = g[static_cast<std::size_t>(y)] * g[static_cast<std::size_t>(x)];
            if (!separable && (y == 0 || x == 0 || y == k - 1 || x == k - 1)) v -= 0.5f / static_cast<float>(4 * k);
            kernel.at(y, x) = v;
        }
    return kernel;
}

struct Row {
    std::string label;
    double cpu_ms = 0, gpu_ms = 0, upload_ms = 0, readback_ms = 0;
    std::vector<double> extra_ms;
    std::string passes;  // "unpack 1.2, filter 30.1, ..." (--passes)
};

// Runs `fn` once to warm up, then `runs` times (fewer when a run is slow), and
// returns the median of each of the values `fn` reports.
template <class Fn>
std::vector<double> timeMedian(int runs, Fn&& fn) {
    const std::vector<double> warm = fn();
    const double first = warm.empty() ? 0.0 : warm[0];
    const int n = first > 3000 ? std::min(runs, 3) : runs;
    std::vector<std::vector<double>> samples(warm.size());
    for (int i = 0; i < n; ++i) {
        const std::vector<double> v = fn();
        for (std::size_t j = 0; j < v.size(); ++j) samples[j].push_back(v[j]);
    }
    std::vector<double> out;
    for (auto& s : samples) out.push_back(median(s));
    return out;
}

std::string fixed(double v, int decimals) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

std::string pad(const std::string& s, std::size_t width, bool left = false) {
    if (s.size() >= width) return s;
    return left ? s + std::string(width - s.size(), ' ') : std::string(width - s.size(), ' ') + s;
}

}  // namespace

CLI::App* addBenchCommand(CLI::App& app, BenchOptions& options) {
    auto* bench = app.add_subcommand("bench", "Time the CPU reference against the GPU engine on a 1920x1080 RGBA image");
    bench->add_option("--runs", options.runs, "timed runs per row after one warm-up (median reported)")
        ->check(CLI::Range(1, 100));
    bench->add_flag("--quick", options.quick, "a 480x270 image and k = 3, 7 only (a smoke run)");
    bench->add_flag("--passes", options.passes, "also print the GPU time of each image-filter pass");
    bench->add_option("--variant", options.variant, "GPU kernel variant: auto (per-output on llvmpipe, tiled on GPUs), "
                                                    "per-output or tiled")
        ->check(CLI::IsMember({"auto", "per-output", "tiled"}));
    bench->add_option("--image", options.image, "time one filter of this image (PNG/JPEG/...) instead of the table");
    bench->add_option("--kernel", options.kernel, "with --image: the kernel, as filter -k takes it (default box:3)");
    bench->add_option("--backend", options.backend,
                      "with --image: cpu (the fast exact path, default), reference (the scalar reference, one "
                      "thread) or gpu")
        ->check(CLI::IsMember({"cpu", "reference", "gpu"}));
    bench->add_option("--padding-mode", options.padding_mode, "with --image: zeros, reflect (default), replicate, circular")
        ->check(CLI::IsMember({"zeros", "reflect", "replicate", "circular"}));
    bench->add_option("--repeat", options.repeat, "with --image: timed runs after one warm-up (default 10)")
        ->check(CLI::Range(1, 1000));
    bench->add_option("--threads", options.threads, "with --image and cpu: threads (default: the machine's)")
        ->check(CLI::Range(0, kMaxFilterThreads));
    bench->add_flag("--json", options.json, "with --image: print one JSON line");
    bench->add_flag("--png", options.png,
                    "with --image: time encoding IMG's pixels as PNG in memory (what every PNG write does) instead");
    bench->footer(
        "With --image: the filter of every colour channel of IMG to float values (what\n"
        "cv2.filter2D(img, cv2.CV_32F, K) does), timed after one warm-up; prints the median and\n"
        "the fastest run, the path (separable or general) and the threads.\n"
        "Without --image, the table:\n"
        "Rows: image filter with k = 3, 5, 7, 15, 31, separable (Gaussian, two 1-D passes) and general\n"
        "(rank > 1, k*k products per pixel), and 2x2 max / avg pooling of the 4 channels.\n"
        "GPU ms is compute only (dispatches + glFinish); upload and readback are apart.\n"
        "MP/s = megapixels of the image per second; speed-up = CPU ms / GPU ms.");
    return bench;
}

int runBench(const BenchOptions& options, std::ostream& out, std::ostream& err) {
    if (!options.image.empty()) return runBenchImage(options, out, err);
    return runBenchWith(options, {}, out, err);
}

int runBenchWith(const BenchOptions& options, const std::vector<BenchComparison>& comparisons, std::ostream& out,
                 std::ostream& err) {
    std::string why;
    auto session = openGpuSession(why);
    if (!session) {
        err << "convscope bench: " << why << "\n";
        return 1;
    }
    GlEngine& gpu = *session->engine;
    if (options.variant == "per-output") gpu.setVariant(KernelVariant::PerOutput);
    if (options.variant == "tiled") gpu.setVariant(KernelVariant::Tiled);
    GlImageFilter& gpu_filter = gpu.imageFilter();
    const int w = options.quick ? 480 : options.width, h = options.quick ? 270 : options.height;
    const Image image = syntheticImage(w, h);
    const double megapixels = static_cast<double>(w) * h / 1e6;
    const std::vector<int> sizes = options.quick ? std::vector<int>{3, 7} : std::vector<int>{3, 5, 7, 15, 31};
    const int runs = options.runs;

    out << "convscope bench: " << w << " x " << h << " RGBA (" << fixed(megapixels, 2) << " MP), median of " << runs
        << " runs after a warm-up (3 runs for rows over 3 s)\n";
    out << "GPU: " << gpu.info().renderer << " (" << gpu.info().version << "), variant "
        << kernelVariantName(gpu.variant()) << (options.variant == "auto" ? " (the driver's)" : " (forced)")
        << "; CPU: the fast exact path, " << defaultFilterThreads() << " threads, " << filterSimdTarget() << "\n\n";

    std::vector<Row> rows;
    for (const bool separable : {true, false})
        for (int k : sizes) {
            Row row;
            row.label = "filter " + std::to_string(k) + "x" + std::to_string(k) + (separable ? " separable" : " general");
            ImageFilterParams p;
            p.kernel = benchKernel(k, separable);
            p.padding_mode = PaddingMode::Reflect;
            p.want_planes = false;
            row.cpu_ms = timeMedian(runs, [&] {
                const double t0 = nowMs();
                const ImageFilterResult r = filterImageFast(image, p);
                return std::vector<double>{nowMs() - t0};
            })[0];
            const std::vector<double> g = timeMedian(runs, [&] {
                gpu_filter.filter(image, p);
                const GpuTimings& t = gpu_filter.lastTimings();
                return std::vector<double>{t.compute_ms, t.upload_ms, t.readback_ms};
            });
            row.gpu_ms = g[0];
            row.upload_ms = g[1];
            row.readback_ms = g[2];
            if (options.passes) {
                gpu_filter.setProfilePasses(true);
                gpu_filter.filter(image, p);
                gpu_filter.setProfilePasses(false);
                for (const auto& [name, ms] : gpu_filter.lastPassTimes())
                    row.passes += (row.passes.empty() ? "" : ", ") + name + " " + fixed(ms, 1);
            }
            for (const BenchComparison& c : comparisons)
                row.extra_ms.push_back(timeMedian(runs, [&] { return std::vector<double>{c.filter_ms(image, p, separable)}; })[0]);
            rows.push_back(row);
            out << "." << std::flush;
        }
    for (const OpKind op : {OpKind::MaxPool2d, OpKind::AvgPool2d}) {
        Row row;
        row.label = std::string(op == OpKind::MaxPool2d ? "max" : "avg") + " pool 2x2";
        OpRequest r;
        r.params.op = op;
        r.params.pool.kernel_size = {2, 2};
        r.params.window.stride = {2, 2};
        r.input = Tensor({4, h, w});
        for (int c = 0; c < 4; ++c)
            for (int y = 0; y < h; ++y)
                for (int x = 0; x < w; ++x) r.input.at(c, y, x) = image.at(x, y, c);
        row.cpu_ms = timeMedian(runs, [&] {
            const double t0 = nowMs();
            computeReference(r);
            return std::vector<double>{nowMs() - t0};
        })[0];
        const std::vector<double> g = timeMedian(runs, [&] {
            gpu.run(r);
            const GpuTimings& t = gpu.lastTimings();
            return std::vector<double>{t.compute_ms, t.upload_ms, t.readback_ms};
        });
        row.gpu_ms = g[0];
        row.upload_ms = g[1];
        row.readback_ms = g[2];
        for (const BenchComparison& c : comparisons) row.extra_ms.push_back(c.pool_ms ? c.pool_ms(image, op) : -1.0);
        rows.push_back(row);
        out << "." << std::flush;
    }
    out << "\n\n";

    std::string header = pad("case", 26, true) + pad("CPU ms", 10) + pad("CPU MP/s", 10) + pad("GPU ms", 10) +
                         pad("GPU MP/s", 10) + pad("speed-up", 10) + pad("upload ms", 11) + pad("readback ms", 13);
    for (const BenchComparison& c : comparisons) header += pad(c.name + " ms", 14) + pad("GPU vs " + c.name, 14);
    out << header << "\n" << std::string(header.size(), '-') << "\n";
    for (const Row& row : rows) {
        std::string line = pad(row.label, 26, true) + pad(fixed(row.cpu_ms, 1), 10) +
                           pad(fixed(megapixels / (row.cpu_ms / 1000.0), 1), 10) + pad(fixed(row.gpu_ms, 1), 10) +
                           pad(fixed(megapixels / (row.gpu_ms / 1000.0), 1), 10) +
                           pad(fixed(row.cpu_ms / row.gpu_ms, 2) + "x", 10) + pad(fixed(row.upload_ms, 1), 11) +
                           pad(fixed(row.readback_ms, 1), 13);
        for (double e : row.extra_ms)
            line += e < 0 ? pad("-", 14) + pad("-", 14) : pad(fixed(e, 1), 14) + pad(fixed(e / row.gpu_ms, 2) + "x", 14);
        out << line << "\n";
        if (!row.passes.empty()) out << "    GPU passes (ms): " << row.passes << "\n";
    }
    out << "\nspeed-up = CPU ms / GPU ms (compute only). Filter rows: reflect padding, 3 colour channels filtered,\n"
           "alpha copied; the CPU runs rank-1 kernels as two 1-D passes too. Pool rows: the 4 channels as a\n"
           "4 x "
        << h << " x " << w << " tensor through the compute engines (upload/readback: the float tensor).\n";
    for (const BenchComparison& c : comparisons)
        out << "GPU vs " << c.name << " = " << c.name << " ms / GPU ms (above 1: the GPU is faster).\n";
    return 0;
}

}  // namespace cs
