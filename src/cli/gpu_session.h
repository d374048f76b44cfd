#pragma once
// The CLI's way to the GPU: a headless EGL context plus the engines on it
// (DESIGN.md section 4), for `compute --backend gpu`, `filter --backend gpu`,
// `info` and `bench`. Also the `info` and `bench` subcommands.
#include <iosfwd>
#include <memory>
#include <string>

#include "gpu/gl_engine.h"
#include "gpu/gl_image_filter.h"
#include "gpu/headless_context.h"

namespace CLI {
class App;
}

namespace cs {

// Declared in this order so the engine goes before its context.
struct GpuSession {
    std::unique_ptr<HeadlessContext> context;
    std::unique_ptr<GlEngine> engine;
};
// A headless context and a GlEngine on it; nullptr with the reason (what is
// missing) when either cannot be had.
std::unique_ptr<GpuSession> openGpuSession(std::string& why);

// `info`: the GL driver, its compute limits and the engine paths. Exit status 0,
// or 1 (with the reason on `err`) when there is no usable GL.
int runInfo(std::ostream& out, std::ostream& err);

struct BenchOptions {
    int runs = 5;          // timed runs per row (after one warm-up run)
    bool quick = false;    // a smaller image and only k = 3, 7
    bool passes = false;   // print each GPU image pass's time
    std::string variant = "auto";  // auto (the driver's), per-output or tiled
    int width = 1920, height = 1080;
    // --image: time one filter of that image instead of the table (bench_image.cpp).
    std::string image;
    std::string kernel = "box:3";      // what `filter -k` takes
    std::string backend = "cpu";       // cpu (the fast path), reference (the scalar reference), gpu
    std::string padding_mode = "reflect";
    int repeat = 10;                   // timed runs after one warm-up
    int threads = 0;                   // cpu: 0 = the machine's hardware threads
    bool json = false;
    bool png = false;                  // --png: time the PNG encoding of the image instead (what any PNG write does)
};
CLI::App* addBenchCommand(CLI::App& app, BenchOptions& options);
// `bench`: CPU reference vs GPU engine on one RGBA image (see README.md).
int runBench(const BenchOptions& options, std::ostream& out, std::ostream& err);
// `bench --image IMG --kernel SPEC`: one filter timed (bench_image.cpp). Exit 0;
// 2 a bad image, kernel or option; 1 a file that cannot be read, or no GPU.
int runBenchImage(const BenchOptions& options, std::ostream& out, std::ostream& err);

}  // namespace cs
