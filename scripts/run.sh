#!/usr/bin/env bash
# The first command of the README: install what is missing, build, start.
# Arguments are passed to convscope (e.g. scripts/run.sh compute file.jsonl).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$root/scripts/deps.sh"
bash "$root/scripts/build.sh"
exec "$root/build/convscope" "$@"
