#!/usr/bin/env bash
# Instructions (valgrind callgrind), not seconds, of `paved scan` with every built-in pack
# against the scan bench's gix floor, one thread each, on a synthetic org: a ratio that stays
# the same on a busy machine, for profiling the gap (issue 12's "every built-in pack at most
# 1.5x the floor"). scripts/bench.sh measures CPU seconds, for basics.
#
#   bash scripts/floor-instructions.sh [REPOS]     (default 300 repos)
#
# PAVED_BIN / FLOOR_BIN skip building them. The profiles are left in the printed folder for
# `callgrind_annotate --inclusive=yes FILE`.
set -euo pipefail
cd "$(dirname "$0")/.."
repos=${1:-300}
source scripts/bench-lib.sh
paved_bin
floor_bin
generator
org="$data/org$repos"
generated scan "$repos" "$org"
# Not bench-lib's $tmp, which is removed on exit: the profiles are kept.
out=$(mktemp -d)
# Every built-in pack, the opt-in ones (open-source, templates) included.
packs=$(ls rules/*.yml | xargs -n1 basename | sed 's/\.yml$//' | paste -sd, -)
count() { # NAME COMMAND...: the instructions of one run
  local name=$1; shift
  valgrind --tool=callgrind --callgrind-out-file="$out/$name.cg" "$@" >/dev/null 2>"$out/$name.err"
  sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$out/$name.err"
}
floor=$(RAYON_NUM_THREADS=1 count floor "$FLOOR_BIN" --floor-child "$org")
every=$(count every "$PAVED_BIN" --quiet scan --builtin "$packs" --format json --jobs 1 --no-cache "$org")
basics=$(count basics "$PAVED_BIN" --quiet scan --builtin basics --format json --jobs 1 --no-cache "$org")
awk -v f="$floor" -v e="$every" -v b="$basics" -v r="$repos" 'BEGIN {
  printf "| run (%d repos, one thread) | instructions | vs floor |\n|---|---|---|\n", r
  printf "| gix floor | %.0f M | 1.00x |\n", f / 1e6
  printf "| scan --builtin basics | %.0f M | %.2fx |\n", b / 1e6, b / f
  printf "| scan, every built-in pack | %.0f M | %.2fx |\n", e / 1e6, e / f
}'
echo "profiles: $out"
