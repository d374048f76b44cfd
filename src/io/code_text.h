#pragma once
// Text helpers shared by the code generators (code_gen.cpp, code_gen_python.cpp):
// numbers and nested lists as Python and JSON spell them. Internal to io.
#include <string>
#include <string_view>

#include "core/op_params.h"

namespace cs::code {

// Shortest round-trip text of a float ("1", "0.5", "-1e-05"); "float('inf')"
// style values never occur in operands (parseRequest refuses them).
std::string num(float v);
// A double (norm_type) in its shortest round-trip form.
std::string num(double v);
// `2` when both axes agree, else `(2, 1)` (Python) / `[2, 1]` (JSON).
std::string pyPair(Pair p);
std::string jsonPair(Pair p);
// The tensor as nested lists; rows of a matrix on lines of their own, each
// indented to `column` (where the opening bracket stands) so they line up.
std::string nestedList(const Tensor& t, int column);
// On one line (for the request and for result comments).
std::string nestedListInline(const Tensor& t);
// "(1, 1, 4, 4)"
std::string shapeTuple(const std::vector<int>& dims);
// Python's bool.
inline std::string_view pyBool(bool b) { return b ? "True" : "False"; }

}  // namespace cs::code
