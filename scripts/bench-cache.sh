#!/usr/bin/env bash
# The result cache's speed-up, measured: `paved scan` of an unchanged synthetic org cold (empty
# cache) against warm, and a monthly trend rerun after one more month against the same trend
# cold. Runs alternate cold and warm (interleaved) and print wall and CPU seconds (user+sys)
# of each, and the ratios.
#
#   bash scripts/bench-cache.sh [REPOS] [RUNS]     (default 2000 repos, 3 runs)
#
# PAVED_BIN picks the binary (default: a release build, made here). The orgs are generated
# once under the target folder by `paved-synthetic-org` (the benches' generators).
set -euo pipefail
cd "$(dirname "$0")/.."
repos=${1:-2000}
runs=${2:-3}
target=${CARGO_TARGET_DIR:-target}
if [ -z "${PAVED_BIN:-}" ]; then
  cargo build --quiet --release --bin paved
  PAVED_BIN="$target/release/paved"
fi
cargo build --quiet -p paved-fixture --bin paved-synthetic-org
gen="$target/debug/paved-synthetic-org"
data="$target/benchdata"
mkdir -p "$data"
[ -d "$data/org$repos" ] || "$gen" scan "$repos" 1 "$data/org$repos"
[ -d "$data/hist300" ] || "$gen" history 300 1 "$data/hist300"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Prints "WALL CPU" for one run of paved with the given arguments.
measure() {
  /usr/bin/time -f "%e %U %S" -o "$tmp/t" "$PAVED_BIN" --quiet "$@" >/dev/null || [ $? -eq 3 ]
  awk '{ printf "%.2f %.2f\n", $1, $2 + $3 }' "$tmp/t"
}

row() { printf '%-34s %8s %8s\n' "$@"; }
row "run" "wall s" "cpu s"
for i in $(seq "$runs"); do
  rm -rf "$tmp/c"
  read -r w c < <(measure scan "$data/org$repos" --builtin basics --jobs 1 --format json --cache "$tmp/c")
  row "scan cold $i ($repos repos)" "$w" "$c"; echo "scan cold $w $c" >> "$tmp/all"
  read -r w c < <(measure scan "$data/org$repos" --builtin basics --jobs 1 --format json --cache "$tmp/c")
  row "scan warm $i" "$w" "$c"; echo "scan warm $w $c" >> "$tmp/all"
  rm -rf "$tmp/h"
  # Fill the cache with the trend up to last month, then time the rerun with one more month.
  "$PAVED_BIN" --quiet trend "$data/hist300/org" --since 2025-07-31 --until 2026-05-31 --jobs 1 \
    --format json --cache "$tmp/h" >/dev/null || true
  read -r w c < <(measure trend "$data/hist300/org" --since 2025-07-31 --until 2026-06-30 --jobs 1 --format json --no-cache)
  row "trend cold $i (300 repos, 12 pts)" "$w" "$c"; echo "trend cold $w $c" >> "$tmp/all"
  read -r w c < <(measure trend "$data/hist300/org" --since 2025-07-31 --until 2026-06-30 --jobs 1 --format json --cache "$tmp/h")
  row "trend rerun +1 month $i" "$w" "$c"; echo "trend warm $w $c" >> "$tmp/all"
done
awk '
  { w[$1" "$2] += $3; c[$1" "$2] += $4 }
  END {
    printf "scan:  warm is %.1fx faster (wall), %.1fx less CPU than cold\n", w["scan cold"] / w["scan warm"], c["scan cold"] / c["scan warm"]
    printf "trend: rerun is %.1fx faster (wall), %.1fx less CPU than cold\n", w["trend cold"] / w["trend warm"], c["trend cold"] / c["trend warm"]
  }' "$tmp/all"
