// Every PyTorch/NumPy/SciPy fixture through the CPU reference, and through its
// trace: the reference must agree with the libraries to 1e-5 relative, and the
// trace replayed to its end must equal the reference exactly.
#include <gtest/gtest.h>

#include "../reference_cases.h"
#include "core/engine.h"
#include "core/trace.h"

namespace cs {
namespace {

TEST(ReferenceCases, ThereAreEnough) { EXPECT_GE(test::referenceCases().size(), 300u); }

// One CTest entry per fixture ("Fixtures/CpuReferenceCase.MatchesPyTorchAndItsTrace/0_seed_xcorr"),
// both checks in it: an entry is a process, and 490 more of them cost time.
class CpuReferenceCase : public ::testing::TestWithParam<std::size_t> {};

TEST_P(CpuReferenceCase, MatchesPyTorchAndItsTrace) {
    const test::ReferenceCase& c = test::referenceCases().at(GetParam());
    SCOPED_TRACE(c.request_json);
    const Tensor reference = computeReference(c.request);
    ASSERT_EQ(reference.shape(), c.expected.shape());
    EXPECT_LE(maxRelativeError(reference, c.expected), 1e-5) << "got " << reference.toString() << "\nwant "
                                                             << c.expected.toString();

    const Trace trace = buildTrace(c.request);
    EXPECT_EQ(trace.steps.size(), trace.plan.outputCount());
    const Tensor replayed = replay(trace, trace.steps.size());
    ASSERT_EQ(replayed.shape(), reference.shape()) << "trace replay";
    for (std::size_t i = 0; i < replayed.size(); ++i)
        ASSERT_EQ(replayed.values()[i], reference.values()[i]) << "trace replay, element " << i;
}

INSTANTIATE_TEST_SUITE_P(Fixtures, CpuReferenceCase, ::testing::ValuesIn(test::referenceCaseIndices()),
                         test::referenceCaseName);

}  // namespace
}  // namespace cs
