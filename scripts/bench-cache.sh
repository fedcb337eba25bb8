#!/usr/bin/env bash
# The result cache's speed-up, measured: `paved scan` of an unchanged synthetic org cold (empty
# cache) against warm, and issue 12's 24-point monthly trend (2024-07-31 to 2026-06-30) rerun
# after a run one month earlier against the same trend cold. Runs alternate cold and warm
# (interleaved) and print wall and CPU seconds (user+sys) of each, and the ratios.
#
#   bash scripts/bench-cache.sh [REPOS] [RUNS]     (default 2000 repos, 3 runs)
#
# PAVED_BIN picks the binary (default: a release build, made here). The orgs are generated
# once under the target folder by `paved-synthetic-org` (see scripts/bench-lib.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
repos=${1:-2000}
runs=${2:-3}
source scripts/bench-lib.sh
paved_bin
generator
org="$data/org$repos"
generated scan "$repos" "$org"
generated history 300 "$hist"
scan=("$PAVED_BIN" --quiet scan "$org" --builtin basics --jobs 1 --format json)

row() { printf '%-34s %8s %8s\n' "$@"; }
# Prints the row of the last run measured as NAME and keeps "KEY WALL CPU" for the means.
last() {
  local name=$1 label=$2 key=$3 w c
  read -r w c < <(awk -v n="$name" '$1 == n { w = $2; c = $3 } END { print w, c }' "$tmp/log")
  row "$label" "$(printf %.2f "$w")" "$(printf %.2f "$c")"
  echo "$key $w $c" >>"$tmp/all"
}
row "run" "wall s" "cpu s"
for i in $(seq "$runs"); do
  rm -rf "$tmp/c"
  measure scancold "${scan[@]}" --cache "$tmp/c"
  last scancold "scan cold $i ($repos repos)" "scan cold"
  measure scanwarm "${scan[@]}" --cache "$tmp/c"
  last scanwarm "scan warm $i" "scan warm"
  trend_round trendcold trendwarm
  last trendcold "trend cold $i (300 repos, $trend_points pts)" "trend cold"
  last trendwarm "trend rerun +1 month $i" "trend warm"
done
awk '
  { w[$1" "$2] += $3; c[$1" "$2] += $4 }
  END {
    printf "scan:  warm is %.1fx faster (wall), %.1fx less CPU than cold\n", w["scan cold"] / w["scan warm"], c["scan cold"] / c["scan warm"]
    printf "trend: rerun is %.1fx faster (wall), %.1fx less CPU than cold\n", w["trend cold"] / w["trend warm"], c["trend cold"] / c["trend warm"]
  }' "$tmp/all"
