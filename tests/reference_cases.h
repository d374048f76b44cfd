#pragma once
// The PyTorch/NumPy/SciPy fixtures of tests/data/reference_cases.jsonl
// (written by tools/make_reference.py), loaded for table-driven tests.
#include <string>
#include <vector>

#include "core/op_params.h"

namespace cs::test {

struct ReferenceCase {
    std::string name;
    std::string request_json;  // the request, as compute reads it
    OpRequest request;
    Tensor expected;
};

const std::vector<ReferenceCase>& referenceCases();

// The fixtures of the layer ops (relu, softmax, flatten, batchnorm2d, linear),
// by index into referenceCases(): one CTest entry each on both engines.
std::vector<std::size_t> layerCaseIndices();
// A case name as a GoogleTest parameter name ('-' written as 'm').
std::string testNameOf(const ReferenceCase& c);

// Nested JSON list text -> Tensor ("[[1, 2], [3, 4]]").
Tensor tensorFromJson(const std::string& text);

}  // namespace cs::test
