#pragma once
// The PyTorch/NumPy/SciPy fixtures of tests/data/reference_cases.jsonl
// (written by tools/make_reference.py), loaded for table-driven tests.
#include <gtest/gtest.h>

#include <cstddef>
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

// One CTest entry per fixture, so a failure names its case:
//   class CpuCase : public ::testing::TestWithParam<std::size_t> {};
//   TEST_P(CpuCase, MatchesPyTorch) { const ReferenceCase& c = referenceCases()[GetParam()]; ... }
//   INSTANTIATE_TEST_SUITE_P(Fixtures, CpuCase, ::testing::ValuesIn(referenceCaseIndices()), referenceCaseName);
// gives "Fixtures/CpuCase.MatchesPyTorch/0_seed_xcorr", ... The indices are
// empty when the file cannot be read (the ThereAreEnough tests then fail
// with the reason).
std::vector<std::size_t> referenceCaseIndices();
// "<index>_<name>": names are unique letters, digits and '_' (make_reference.py).
std::string referenceCaseName(const ::testing::TestParamInfo<std::size_t>& info);
// The fixtures of the layer ops (relu, softmax, flatten, batchnorm2d, linear),
// by index into referenceCases(): one CTest entry each on both engines.
std::vector<std::size_t> layerCaseIndices();
// A case name as a GoogleTest parameter name ('-' written as 'm').
std::string testNameOf(const ReferenceCase& c);

// Nested JSON list text -> Tensor ("[[1, 2], [3, 4]]").
Tensor tensorFromJson(const std::string& text);

}  // namespace cs::test
