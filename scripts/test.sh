#!/usr/bin/env bash
# The test command: builds the solution (warnings are errors) and runs every test project with
# Debian's tcmalloc preloaded; prints one "N passed, N failed, N skipped" line at the end.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
tc=/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4
if [ -f "$tc" ]; then
  export LD_PRELOAD="$tc${LD_PRELOAD:+:$LD_PRELOAD}"
else
  echo "warning: $tc not found (apt-get install libtcmalloc-minimal4); torch tests run slower" >&2
fi
results="$root/artifacts/test-results"
rm -rf "$results" && mkdir -p "$results"
dotnet build Flexiffusion.sln -c Release --nologo -v q
status=0
dotnet test Flexiffusion.sln -c Release --no-build --nologo \
  --logger "trx;LogFilePrefix=results" --results-directory "$results" "$@" || status=$?
python3 - "$results" <<'PY' || true
import sys, glob, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
for path in glob.glob(sys.argv[1] + "/*.trx"):
    c = ET.parse(path).getroot().find("t:ResultSummary/t:Counters", ns)
    passed += int(c.get("passed")); failed += int(c.get("failed")) + int(c.get("error")) + int(c.get("timeout"))
    skipped += int(c.get("notExecuted"))
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
exit $status
