// `convscope bench --image IMG --kernel SPEC`: the filter of every colour
// channel of one image to float values, timed after one warm-up, on the fast
// CPU path, the scalar reference or the GPU engine. bench/filter_vs_opencv.py
// runs it beside OpenCV's filter2D / sepFilter2D.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ostream>
#include <stdexcept>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/cli.h"
#include "cli/gpu_session.h"
#include "core/fast_filter.h"
#include "core/image_filter.h"
#include "core/padding.h"
#include "io/image_io.h"

namespace cs {
namespace {

double nowMs() {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

struct Timed {
    std::vector<double> ms;
    bool separable = false;
    int threads = 0;
};

// One warm-up run, then `repeat` timed runs of `run` (which reports the path).
template <class Run>
Timed timeRuns(int repeat, Run&& run) {
    Timed t;
    run(t);
    for (int i = 0; i < repeat; ++i) {
        const double t0 = nowMs();
        run(t);
        t.ms.push_back(nowMs() - t0);
    }
    return t;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

// --png: the image's pixels encoded as PNG in memory (encodePng: what
// writePngAtomic and the lab's Save PNG encode), timed as the filter is.
int runBenchPng(const BenchOptions& o, std::ostream& out, std::ostream& err) {
    Image image;
    try {
        image = loadImage(o.image);
    } catch (const IoError& e) {
        err << "convscope bench: " << e.what() << "\n";
        return 1;
    } catch (const std::exception& e) {
        err << "convscope bench: " << e.what() << "\n";
        return 2;
    }
    std::size_t bytes = 0;
    const Timed t = timeRuns(o.repeat, [&](Timed&) { bytes = encodePng(image).size(); });
    const double med = median(t.ms), best = *std::min_element(t.ms.begin(), t.ms.end());
    if (o.json) {
        nlohmann::ordered_json j;
        j["png"] = true;
        j["width"] = image.width;
        j["height"] = image.height;
        j["channels"] = image.channels;
        j["bytes"] = bytes;
        j["median_ms"] = med;
        j["min_ms"] = best;
        out << j.dump() << "\n";
        return 0;
    }
    char line[256];
    std::snprintf(line, sizeof line,
                  "PNG encoding of %d x %d x %d: %zu bytes\nmedian %.2f ms, min %.2f ms over %d runs after one warm-up\n",
                  image.width, image.height, image.channels, bytes, med, best, o.repeat);
    out << line;
    return 0;
}

}  // namespace

int runBenchImage(const BenchOptions& o, std::ostream& out, std::ostream& err) {
    if (o.png) return runBenchPng(o, out, err);
    Image image;
    ImageFilterParams p;
    std::string description;
    try {
        image = loadImage(o.image);
        p.kernel = filterKernel(o.kernel, description);
        p.padding_mode = parsePaddingMode(o.padding_mode).value_or(PaddingMode::Reflect);
        validateImageFilter(image, p);
    } catch (const IoError& e) {
        err << "convscope bench: " << e.what() << "\n";
        return 1;
    } catch (const std::exception& e) {  // ImageFormatError, a bad kernel, OpError
        err << "convscope bench: " << e.what() << "\n";
        return 2;
    }
    Timed t;
    try {
        if (o.backend == "gpu") {
            std::string why;
            auto session = openGpuSession(why);
            if (!session) {
                err << "convscope bench: " << why << "\n";
                return 1;
            }
            GlImageFilter& gpu = session->engine->imageFilter();
            t = timeRuns(o.repeat, [&](Timed& r) { r.separable = gpu.filter(image, p).separable; });
        } else if (o.backend == "reference") {
            t = timeRuns(o.repeat, [&](Timed& r) {
                r.separable = filterImageCpu(image, p).separable;
                r.threads = 1;
            });
        } else {
            t = timeRuns(o.repeat, [&](Timed& r) {
                const FilterPlanes planes = filterPlanesFast(image, p, o.threads);
                r.separable = planes.separable;
                r.threads = planes.threads;
            });
        }
    } catch (const std::exception& e) {
        err << "convscope bench: " << e.what() << "\n";
        return 1;
    }
    const double med = median(t.ms), best = *std::min_element(t.ms.begin(), t.ms.end());
    const int channels = colorChannels(image);
    const char* path = t.separable ? "separable" : "general";
    if (o.json) {
        nlohmann::ordered_json j;
        j["kernel"] = o.kernel;
        j["backend"] = o.backend;
        j["width"] = image.width;
        j["height"] = image.height;
        j["channels"] = channels;
        j["path"] = path;
        j["threads"] = t.threads;
        j["median_ms"] = med;
        j["min_ms"] = best;
        out << j.dump() << "\n";
        return 0;
    }
    char line[256];
    std::snprintf(line, sizeof line, "%s (%s, %dx%d), %s padding, %s: %d x %d, %d colour channels, %s path",
                  o.kernel.c_str(), description.c_str(), p.kernel.dim(0), p.kernel.dim(1), o.padding_mode.c_str(),
                  o.backend.c_str(), image.width, image.height, channels, path);
    out << line;
    if (o.backend != "gpu") out << ", " << t.threads << (t.threads == 1 ? " thread" : " threads");
    if (o.backend == "cpu") out << ", " << filterSimdTarget();
    std::snprintf(line, sizeof line, "\nmedian %.2f ms, min %.2f ms over %d runs after one warm-up\n", med, best,
                  o.repeat);
    out << line;
    return 0;
}

}  // namespace cs
