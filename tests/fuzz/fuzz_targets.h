#pragma once
// The fault hunt's targets (issue 15). Each takes arbitrary bytes, runs them
// through one input path of convscope the way the app or the CLI would, and
// checks the contract of that path:
//   - a bad input ends in the documented error type (OpError, MatrixTextError,
//     LessonFileError, IoError), never a crash, a sanitizer report, another
//     exception, a hang or an allocation over the libFuzzer memory limit;
//   - what is written can be read back (round trips are exact).
// A broken invariant calls fail(), which aborts: libFuzzer records the input.
//
// The same functions are compiled twice: into the libFuzzer executables of
// the fuzz build (tests/fuzz/fuzz_main.cpp, CONVSCOPE_FUZZ=ON, clang) and into
// the normal test suite, where test_fuzz_replay replays every seed and every
// saved crash input (tests/fuzz/corpus/<harness>/, tests/fuzz/regressions/<harness>/)
// through them, so a fixed crash stays fixed in the ordinary build.
#include <cstddef>
#include <cstdint>
#include <string>

namespace cs::fuzz {

// compute request JSON: parseRequest, planOp, and the CPU engine on plans
// whose work is at most kMaxFuzzWork; every answer or error line is valid JSON.
int fuzzRequest(const std::uint8_t* data, std::size_t size);
// Matrix text: parseMatrixText, then every slice through every MatrixFormat
// and back, value for value.
int fuzzMatrixText(const std::uint8_t* data, std::size_t size);
// Lesson files: lessonFromJson, lessonToJson, lessonFromJson again (same
// content, same text), then a LessonView (CPU engine) walked to its last step.
int fuzzLesson(const std::uint8_t* data, std::size_t size);
// Images: probe and decode from memory; a decoded image is consistent, agrees
// with its probe, and survives encodePng and decoding again unchanged.
int fuzzImage(const std::uint8_t* data, std::size_t size);
// Model files: parseSafetensors; what parses encodes and parses back the same;
// what maps onto the ConvNet (convNetFromTensors) saves and reopens the same.
int fuzzSafetensors(const std::uint8_t* data, std::size_t size);
// Fashion-MNIST files: readIdxImages and readIdxLabels on the bytes as a file
// (raw or gzip); images that load have as many pixels as their header says.
int fuzzIdx(const std::uint8_t* data, std::size_t size);

// Work (planWork) above which the request harness plans but does not compute:
// keeps one execution well under a millisecond.
constexpr double kMaxFuzzWork = 20000.0;

// A broken invariant: prints the harness and what broke, then aborts.
[[noreturn]] void fail(const char* harness, const std::string& what);

}  // namespace cs::fuzz
