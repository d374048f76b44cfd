#!/usr/bin/env bash
# The second command of the README. CI runs it twice (.ci/run):
#   scripts/test.sh             install, build (warnings are errors), run every
#                               CTest test in build/, then the fuzz smoke: the
#                               libFuzzer harnesses (clang) in build-fuzz/, each
#                               for CONVSCOPE_FUZZ_SECONDS (default 45).
#   scripts/test.sh --sanitize  the whole project and test suite with ASan +
#                               UBSan in build-asan/ (leak detection off for the
#                               tests that open GL: Mesa leaks, see below).
# The GUI monkey test runs CONVSCOPE_MONKEY_SECONDS (default 120) in both.
# Extra arguments go to ctest. Exits non-zero on any failure.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mode=normal
if [ "${1:-}" = "--sanitize" ]; then
  mode=sanitize
  shift
fi
bash "$root/scripts/deps.sh"
jobs="$(nproc)"
# The GUI monkey test's length (tests/gui/test_monkey_gui.cpp): 2 minutes here.
export CONVSCOPE_MONKEY_SECONDS="${CONVSCOPE_MONKEY_SECONDS:-120}"
launcher=()
if command -v ccache >/dev/null 2>&1; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi

if [ "$mode" = sanitize ]; then
  # Set for the build too: gtest_discover_tests runs every test binary there.
  export ASAN_OPTIONS="detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1"
  export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
  cmake -S "$root" -B "$root/build-asan" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCONVSCOPE_SANITIZE=ON \
        -DCONVSCOPE_WERROR=ON "${launcher[@]}"
  cmake --build "$root/build-asan" -j "$jobs"
  cd "$root/build-asan"
  # Mesa's GL stack (llvmpipe) leaks from drivers it has unloaded by exit, so
  # the reports name no library to suppress: leak detection is off for the
  # tests that open GL (labels gpu and gui, and the Gpu and RenderHeadless tests of other labels),
  # on for everything else. ASan and UBSan stay on everywhere.
  failed=0
  ctest --output-on-failure -j "$jobs" -LE '^(gpu|gui)$' -E 'Gpu|RenderHeadless' "$@" || failed=1
  no_leaks="${ASAN_OPTIONS/detect_leaks=1/detect_leaks=0}"
  ASAN_OPTIONS="$no_leaks" ctest --output-on-failure -j "$jobs" -L '^(gpu|gui)$' "$@" || failed=1
  ASAN_OPTIONS="$no_leaks" ctest --output-on-failure -j "$jobs" -LE '^(gpu|gui)$' -R 'Gpu|RenderHeadless' "$@" || failed=1
  exit "$failed"
fi

bash "$root/scripts/build.sh" -DCONVSCOPE_WERROR=ON
(cd "$root/build" && ctest --output-on-failure -j "$jobs" "$@")

# The fuzz smoke: core, io and the harnesses only, instrumented for libFuzzer.
cmake -S "$root" -B "$root/build-fuzz" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
      -DCONVSCOPE_FUZZ=ON -DCONVSCOPE_WERROR=ON -DCONVSCOPE_FUZZ_SECONDS="${CONVSCOPE_FUZZ_SECONDS:-45}" \
      "${launcher[@]}"
cmake --build "$root/build-fuzz" -j "$jobs"
cd "$root/build-fuzz"
ctest -L fuzz --output-on-failure -j "$jobs"
