#pragma once
// One headless context and GPU engine per test process. CI runs these tests on
// Mesa llvmpipe: a machine where no context can be created FAILS them (they are
// never skipped), with the reason.
#include <string>

#include "gpu/gl_engine.h"
#include "gpu/gl_image_filter.h"

namespace cs::test {

GlEngine* gpuEngine();  // nullptr when unavailable
const std::string& gpuUnavailableReason();

}  // namespace cs::test

#define CS_REQUIRE_GPU(name)                          \
    ::cs::GlEngine* name = ::cs::test::gpuEngine();   \
    ASSERT_NE(name, nullptr) << "no GPU engine: " << ::cs::test::gpuUnavailableReason()
