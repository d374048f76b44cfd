#!/usr/bin/env bash
# The second command of the README: install, build (warnings are errors), run
# every CTest test. Exits non-zero on any failure.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$root/scripts/deps.sh"
bash "$root/scripts/build.sh" -DCONVSCOPE_WERROR=ON
cd "$root/build"
ctest --output-on-failure -j "$(nproc)" "$@"
