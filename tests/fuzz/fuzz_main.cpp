// The libFuzzer entry point of one harness: CONVSCOPE_FUZZ_TARGET names the
// function of fuzz_targets.h this executable drives (set by CMakeLists.txt).
#include "fuzz_targets.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return cs::fuzz::CONVSCOPE_FUZZ_TARGET(data, size);
}
