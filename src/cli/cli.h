#pragma once
// The command line: `convscope <subcommand> ...`. Exit status 0 success, 1 the
// tool could not run (missing file, no usable GL), 2 invalid input.
#include <cstddef>
#include <iosfwd>
#include <memory>
#include <string>

#include "core/engine.h"

namespace CLI {
class App;
}

namespace cs {

int runCli(int argc, char** argv);

// Largest request `compute` reads: one document, or one line of JSON Lines,
// not counting whitespace at the ends of lines and blank lines. 256 MiB holds
// any request within the 2^24-value limit written with 9 significant digits.
constexpr std::size_t kMaxRequestBytes = std::size_t{256} << 20;

// `compute`: JSON requests in (one document, or JSON Lines), one JSON line out
// per request, each written and flushed as soon as it is answered. The input
// is read as a stream: memory is bounded by the largest request, never by the
// input (2 GB of blank lines cost nothing). A line over `max_request_bytes`
// gets an error line and the next line is read; a multi-line document over
// it ends the run (exit 2). Returns the exit status: 0 all answered, 2 some
// request was invalid, 1 the input could not be read.
int runCompute(std::istream& in, std::ostream& out, std::ostream& err, Engine& engine,
               std::size_t max_request_bytes = kMaxRequestBytes);

// The engine named by --backend ("cpu" or "gpu"), or nullptr with the reason in
// `why` when it cannot be had on this machine.
std::unique_ptr<Engine> makeEngine(const std::string& backend, std::string& why);

// `filter`: an image through one kernel (and optional pooling) to a PNG; the
// pixel definition is filterHelpText() (also in README.md). Exit status 0
// written, 2 bad input (image, kernel, options), 1 a file could not be read
// or written, or the backend is unavailable. Messages go to `err`, one
// summary line to `out`.
struct FilterOptions {
    std::string input;
    std::string output;
    std::string kernel;  // preset, matrix literal or file; "" = identity when pooling
    std::string op = "xcorr";  // xcorr or conv
    std::string padding_mode = "zeros";
    std::string stride = "1";    // "N" or "HxW"
    std::string dilation = "1";  // "N" or "HxW"
    std::string normalize = "clamp";  // clamp, abs, minmax
    bool normalize_kernel = false;
    std::string channel = "all";  // all, R, G, B, gray (core/image_pipeline.h)
    std::string pool;  // "", max, avg, l2
    int pool_size = 0;
    int pool_stride = 0;  // 0: pool_size
    std::string backend = "cpu";
    std::string separable = "auto";  // auto: rank-1 kernels as two 1-D passes; never: the direct 2-D sum
};
CLI::App* addFilterCommand(CLI::App& app, FilterOptions& options);
int runFilter(const FilterOptions& options, std::ostream& out, std::ostream& err);
std::string filterHelpText();
// `filter -k TEXT`: a preset, a file holding a matrix or a matrix literal, with
// filter's shape checks; `description` names it. Throws std::runtime_error
// with filter's message (IoError when a kernel file cannot be read).
Tensor filterKernel(const std::string& text, std::string& description);

// `code`: the code for one lesson (io/code_gen.h) on `out`. Exit status 0
// written, 2 an unknown lesson, a bad file or a lesson the engines refuse,
// 1 a file that could not be read.
struct CodeOptions {
    std::string lesson = "seed";
    std::string lang = "pytorch";
};
CLI::App* addCodeCommand(CLI::App& app, CodeOptions& options);
int runCode(const CodeOptions& options, std::ostream& out, std::ostream& err);

}  // namespace cs
