#include "gpu_test_env.h"

#include <gtest/gtest.h>

#include <memory>

#include "gpu/headless_context.h"

namespace cs::test {
namespace {

struct GpuState {
    bool tried = false;
    std::string why;
    std::unique_ptr<HeadlessContext> context;
    std::unique_ptr<GlEngine> engine;
};

GpuState& state() {
    static GpuState s;
    return s;
}

// Tears the engine and the context down before main returns (in that order),
// rather than during static destruction when the driver may be gone.
class GpuEnvironment : public ::testing::Environment {
public:
    void TearDown() override {
        state().engine.reset();
        state().context.reset();
    }
};
[[maybe_unused]] ::testing::Environment* const kGpuEnvironment =
    ::testing::AddGlobalTestEnvironment(new GpuEnvironment);

}  // namespace

GlEngine* gpuEngine() {
    GpuState& s = state();
    if (!s.tried) {
        s.tried = true;
        s.context = HeadlessContext::create(s.why);
        if (s.context) s.engine = GlEngine::create(s.why);
    }
    if (s.engine) s.engine->resetVariant();
    return s.engine.get();
}

const std::string& gpuUnavailableReason() { return state().why; }

}  // namespace cs::test
