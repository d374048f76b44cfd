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

TEST(ReferenceCases, CpuEngineMatchesPyTorch) {
    int checked = 0;
    for (const auto& c : test::referenceCases()) {
        SCOPED_TRACE(c.name + " " + c.request_json);
        const Tensor out = computeReference(c.request);
        ASSERT_EQ(out.shape(), c.expected.shape());
        EXPECT_LE(maxRelativeError(out, c.expected), 1e-5) << "got " << out.toString() << "\nwant "
                                                           << c.expected.toString();
        ++checked;
    }
    EXPECT_EQ(checked, static_cast<int>(test::referenceCases().size()));
}

TEST(ReferenceCases, TraceReplayEqualsReferenceExactly) {
    for (const auto& c : test::referenceCases()) {
        SCOPED_TRACE(c.name);
        const Trace trace = buildTrace(c.request);
        EXPECT_EQ(trace.steps.size(), trace.plan.outputCount());
        const Tensor replayed = replay(trace, trace.steps.size());
        const Tensor reference = computeReference(c.request);
        ASSERT_EQ(replayed.shape(), reference.shape());
        for (std::size_t i = 0; i < replayed.size(); ++i)
            ASSERT_EQ(replayed.values()[i], reference.values()[i]) << "element " << i;
    }
}

}  // namespace
}  // namespace cs
