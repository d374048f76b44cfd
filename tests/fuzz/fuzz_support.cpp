#include <cstdio>
#include <cstdlib>

#include "fuzz_targets.h"

namespace cs::fuzz {

void fail(const char* harness, const std::string& what) {
    std::fprintf(stderr, "convscope fuzz %s: invariant broken: %s\n", harness, what.c_str());
    std::fflush(stderr);
    std::abort();
}

}  // namespace cs::fuzz
