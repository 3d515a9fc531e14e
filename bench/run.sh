#!/usr/bin/env bash
# Runs the benchmark harness in Release with tcmalloc preloaded.
# Usage: bench/run.sh steps|plan|memory|metrics|search|services|rank|numerics|partial-error|bootstrap|cancel|all [--quick] [--out bench/results/NAME.md]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tc=/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4
[ -f "$tc" ] && export LD_PRELOAD="$tc${LD_PRELOAD:+:$LD_PRELOAD}"
log=$(mktemp)
if ! dotnet build "$root/bench/Flexiffusion.Bench" -c Release --nologo -v q -o "$root/artifacts/bench" >"$log" 2>&1; then
  cat "$log" >&2; rm -f "$log"; exit 1
fi
rm -f "$log"
exec "$root/artifacts/bench/flexiffusion-bench" "$@"
