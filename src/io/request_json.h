#pragma once
// The compute contract's JSON: one request object in, one line out.
//   {"op": "xcorr2d", "input": [[1,0],[0,1]], "kernel": [[1]], "padding": 1}
//   -> {"shape": [4, 4], "output": [[0,0,0,0], ...]}
// parseRequest checks everything a student can get wrong (unknown op or field,
// ragged arrays, strings or booleans where numbers belong, non-finite numbers,
// nesting too deep, sizes over the limit) and throws OpError with a message
// that says what to change. Parameter ranges are left to planOp.
#include <string>
#include <string_view>

#include "core/op_params.h"

namespace cs {

// Deepest JSON nesting accepted; real requests need at most 5 levels.
constexpr int kMaxJsonDepth = 32;

OpRequest parseRequest(std::string_view json_text);

// {"shape": [..], "output": [..]} with every float written in its shortest
// round-trip form (0.1, not 0.10000000149011612).
std::string formatResult(const Tensor& output);
// {"error": "..."}
std::string formatError(std::string_view message);

// Deepest nesting of arrays/objects in the text (strings are skipped), computed
// without parsing, so a hostile input cannot exhaust the stack.
int jsonNestingDepth(std::string_view text);

// Upper bound of the numbers, strings, arrays and objects in the text (its
// commas and openings outside strings, plus one), counted without parsing:
// parseRequest refuses more than kMaxJsonItems before building the document,
// whose nodes would take ~16-100 bytes each (a 200 MB text took 4 GB).
std::size_t jsonItemBound(std::string_view text);
// One operand at the value limit (2^24), plus room for the rest of a request.
constexpr std::size_t kMaxJsonItems = kMaxElements + (std::size_t{1} << 20);

// True when the whole text is one JSON value (a pretty-printed request), as
// opposed to JSON Lines. Texts nested deeper than kMaxJsonDepth count as one.
bool isSingleJsonDocument(std::string_view text);

// Shortest text that reads back as the same float.
std::string formatFloat(float v);

}  // namespace cs
