#!/usr/bin/env bash
# The longest functions under src/ (lines from the signature to the closing
# brace, as universal-ctags sees them), longest first, plus the four issue 9
# watches: drawStagePanel, runPasses, ImageLabRunner::update, runGui.
# Needs universal-ctags and python3 (developer tools, not build dependencies).
#   tools/longest_functions.sh [N]     # N: how many to list, default 10
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
ctags --output-format=json --fields=+ne --kinds-C++=f --extras=-q -R -f - src | python3 -c '
import json, sys
n = int(sys.argv[1])
rows = []
for line in sys.stdin:
    t = json.loads(line)
    if t.get("_type") != "tag" or "end" not in t:
        continue
    scope = t.get("scope", "").replace("cs::", "").removeprefix("cs")
    name = (scope + "::" if scope and not scope.startswith("__anon") else "") + t["name"]
    rows.append((t["end"] - t["line"] + 1, name, "%s:%d" % (t["path"], t["line"])))
rows.sort(key=lambda r: (-r[0], r[1]))
for r in rows[:n]:
    print("%5d  %-40s %s" % r)
print("watched:")
for want in ("drawStagePanel", "GlImageFilter::runPasses", "ImageLabRunner::update", "runGui"):
    hits = [r for r in rows if r[1] == want]
    print("%5s  %-40s %s" % ((hits[0][0], want, hits[0][2]) if hits else ("-", want, "not found")))
' "${1:-10}"
