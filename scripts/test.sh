#!/usr/bin/env bash
# The test command: builds the solution (warnings are errors) and runs every test project with
# Debian's tcmalloc preloaded; prints one "N passed, N failed, N skipped" line at the end. With CI=true
# (as .ci/run sets it) a skipped test fails the run: every prerequisite must be there.
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
python3 - "$results" <<'PY' || status=1
import os, sys, glob, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
names = []
for path in glob.glob(sys.argv[1] + "/*.trx"):
    root = ET.parse(path).getroot()
    c = root.find("t:ResultSummary/t:Counters", ns)
    passed += int(c.get("passed")); failed += int(c.get("failed")) + int(c.get("error")) + int(c.get("timeout"))
    skipped += int(c.get("notExecuted"))
    names += [r.get("testName") for r in root.iterfind("t:Results/t:UnitTestResult", ns) if r.get("outcome") == "NotExecuted"]
print(f"{passed} passed, {failed} failed, {skipped} skipped")
if skipped and os.environ.get("CI", "").lower() == "true":
    print("CI=true: a skipped test is a failure; install what it needs (.ci/run does). Skipped:", file=sys.stderr)
    for name in names:
        print("  " + name, file=sys.stderr)
    sys.exit(1)
PY
exit $status
