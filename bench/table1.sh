#!/usr/bin/env bash
# Table 1 of issue 11: hand-made baselines against Flexiffusion at MAC budgets 2x, 3x, 4x, 5x and 8x on the shipped
# MNIST model. Resumable: every step writes its output once and is skipped when the output exists; the searches keep
# their state with --state, so a stopped run continues where it stopped.
#
#   bench/table1.sh [OUT_DIR]        (default runs/table1)
#
# Environment: SAMPLERS (searched samplers, default "plms dpm-solver++"), BUDGETS (default "3 4 5 8 2"),
# SEARCH_IMAGES (64), GENERATIONS (4), POPULATION (16), FLEXIFFUSION (the CLI to run, default ./flexiffusion; point it
# at a separate build when you keep editing sources during a long run).
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-runs/table1}"
mkdir -p "$out"
samplers="${SAMPLERS:-plms dpm-solver++}"
budgets="${BUDGETS:-3 4 5 8 2}"
images="${SEARCH_IMAGES:-64}"
generations="${GENERATIONS:-4}"
population="${POPULATION:-16}"
children=$(( population / 2 ))
cli="${FLEXIFFUSION:-./flexiffusion}"

search() {  # sampler budget
  local name="search-$1-$2x"
  [[ -s "$out/$name.json" ]] && return 0
  echo "== $name ($(date -u +%H:%M:%S))" >&2
  "$cli" search --sampler "$1" --speedup "$2" --images "$images" --generations "$generations" --population "$population" \
      --parents $(( population / 4 )) --mutations "$children" --crossovers "$children" --state "$out/state-$name" --id "$name" --json \
      > "$out/$name.json.partial"
  mv "$out/$name.json.partial" "$out/$name.json"
}

for budget in $budgets; do
  for sampler in $samplers; do
    search "$sampler" "$budget"
  done
done
