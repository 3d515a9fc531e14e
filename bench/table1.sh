#!/usr/bin/env bash
# Table 1 of issue 11: hand-made baselines against Flexiffusion at MAC budgets 2x, 3x, 4x, 5x and 8x on the shipped
# MNIST model. Resumable: every step writes its output once and is skipped when the output exists; the searches keep
# their state with --state, so a stopped run continues where it stopped.
#
#   bench/table1.sh [OUT_DIR]        (default runs/table1)
#
# Environment: SAMPLERS (searched samplers, default "plms dpm-solver++"), BUDGETS (default "3 4 5 8 2"),
# SEARCH_IMAGES (64), GENERATIONS (4), POPULATION (16), CONFIRM_IMAGES (finalists re-scored on fresh noise with
# 200 paired bootstrap replicates, 512), REFERENCE (the sampler of the one teacher every search and judge scores
# against, all positions full; default ddim), FID_IMAGES (2000), FLEXIFFUSION (the CLI to run, default ./flexiffusion; point it
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
fid_images="${FID_IMAGES:-2000}"
confirm_images="${CONFIRM_IMAGES:-512}"
reference="${REFERENCE:-ddim}"

search() {  # sampler budget
  local name="search-$1-$2x"
  [[ -s "$out/$name.json" ]] && return 0
  echo "== $name ($(date -u +%H:%M:%S))" >&2
  "$cli" search --sampler "$1" --speedup "$2" --images "$images" --generations "$generations" --population "$population" \
      --parents $(( population / 4 )) --mutations "$children" --crossovers "$children" --state "$out/state-$name" --id "$name" --json \
      --confirm-images "$confirm_images" --reference "$reference" \
      > "$out/$name.json.partial"
  mv "$out/$name.json.partial" "$out/$name.json"
}

judge() {  # name plans-file extra-options...
  local name="$1" plans="$2"
  shift 2
  echo "== $name ($(date -u +%H:%M:%S))" >&2
  "$cli" baselines --plans "$plans" --out "$out/$name" --reference "$reference" "$@" > /dev/null
}

# 1. The hand-made schedules, judged against one reference (DDIM, all 100 positions full) on 64 images of noise seed 0:
#    k-step schedules (uniform and quadratic placement) under every sampler, DeepCache uniform and non-uniform under DDIM.
echo "== baselines ($(date -u +%H:%M:%S))" >&2
"$cli" baselines --images 64 --no-fid --reference "$reference" --samplers ddim,plms,dpm-solver++ --families step-reduction,quadratic-step-reduction \
    --k 10-50 --out "$out/baselines-kstep" > /dev/null
"$cli" baselines --images 64 --no-fid --reference "$reference" --samplers ddim --families deepcache-uniform,deepcache-nonuniform \
    --k 12,20,25,33,50 --intervals 2-10 --branches 0,2,4,6,8 --out "$out/baselines-deepcache" > /dev/null

# 2. One search per budget and sampler (seeded with every family's best baseline inside the budget; finalists confirmed
#    with 200 paired bootstrap replicates on CONFIRM_IMAGES images of noise seed 1; scored against REFERENCE).
for budget in $budgets; do
  for sampler in $samplers; do
    search "$sampler" "$budget"
  done
done

# 3. The rows of Table 1 (best k-step baseline of each sampler, best DeepCache, the search's answer per budget), judged
#    on the search's noise (seed 0, 256 images), on held-out noise (seed 7, 256 images) and by FID against the real
#    digits on FID_IMAGES images of independent noise (seed 1000), with the teacher's time for the wall-clock speed-up.
"${PYTHON:-/usr/bin/python3}" bench/table1.py select "$out"
judge judge-fronts "$out/fronts.txt" --images 64 --no-fid
judge judge-seed0 "$out/rows.txt" --images 256 --no-fid
judge judge-heldout "$out/rows.txt" --images 256 --seed 7 --no-fid
judge judge-fid "$out/rows.txt" --images "$fid_images" --seed 1000 --batch-size 250
"${PYTHON:-/usr/bin/python3}" bench/table1.py report "$out" "$out/table1.md"
