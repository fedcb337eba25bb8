# Shared by the benchmark scripts (bench.sh, bench-cache.sh, bench-html.sh, floor-instructions.sh),
# which source it from the repository root after `set -euo pipefail`: where the binaries and the
# generated orgs live, how each is made once, issue 12's trend (24 monthly points and the run a
# month earlier that fills the cache), a scratch folder removed on exit, and the `measure` helper.
# Not a script of its own: `source scripts/bench-lib.sh`.

target=${CARGO_TARGET_DIR:-target}
data="$target/benchdata"
gen="$target/debug/paved-synthetic-org"

# Issue 12's trend: 24 monthly points over the history org's two years (July 2024 to June 2026);
# the rerun it times follows a run that stopped one month earlier.
trend_since=2024-07-31
trend_until=2026-06-30
trend_earlier=2026-05-31
trend_points=24

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Sets PAVED_BIN to a release build made here, unless it is given.
paved_bin() {
  if [ -z "${PAVED_BIN:-}" ]; then
    cargo build --quiet --release --bin paved
    PAVED_BIN="$target/release/paved"
  fi
}

# Sets FLOOR_BIN to the scan bench (whose --floor-child is the minimal gix loop), unless given.
floor_bin() {
  if [ -z "${FLOOR_BIN:-}" ]; then
    FLOOR_BIN=$(cargo bench --quiet --bench scan --no-run --message-format=json \
      | sed -n 's/.*"executable":"\([^"]*\)".*/\1/p' | tail -1)
  fi
}

# Builds the org generator (`paved-synthetic-org`, the benches' generators) and sets `hist`, the
# history org's folder. It is named after the generator's version, so a changed generator builds
# a new one instead of measuring the old histories under the new dates.
generator() {
  cargo build --quiet -p paved-fixture --bin paved-synthetic-org
  mkdir -p "$data"
  hist="$data/hist300-v$("$gen" version history)"
}

# Makes DIR with `paved-synthetic-org KIND N 1` unless it exists; built beside it and renamed
# when done, so an interrupted run leaves nothing that looks finished.
generated() {
  local kind=$1 n=$2 dir=$3
  [ -d "$dir" ] && return 0
  rm -rf "$dir.tmp"
  "$gen" "$kind" "$n" 1 "$dir.tmp"
  mv "$dir.tmp" "$dir"
}

# Makes DIR-x10, ten hard-linked copies of the org DIR, unless it exists.
tenfold() {
  local org=$1 big="$1-x10"
  [ -d "$big" ] && return 0
  rm -rf "$big.tmp"
  mkdir "$big.tmp"
  for k in $(seq 10); do cp -al "$org" "$big.tmp/copy$k"; done
  mv "$big.tmp" "$big"
}

# Runs a command once and appends "NAME WALL CPU MAXRSS_KIB" to $tmp/log (CPU is user+sys); its
# output is left in $tmp/out. /usr/bin/time runs programs, not shell functions: pass arrays.
measure() {
  local name=$1; shift
  /usr/bin/time -f "%e %U %S %M" -o "$tmp/t" "$@" >"$tmp/out" 2>/dev/null || true
  # A failing command makes time write a "Command exited" line first: the figures are the last.
  tail -n1 "$tmp/t" | awk -v n="$name" '{ printf "%s %.3f %.3f %d\n", n, $1, $2 + $3, $4 }' >>"$tmp/log"
}

# One round of the trend rows: fills a fresh cache with the trend up to a month earlier (not
# timed), then measures the trend cold (--no-cache) as COLD and its rerun on that cache as WARM.
# PAVED_BIN must be set, and `generator` run.
trend_round() {
  local cold=$1 warm=$2
  local run=("$PAVED_BIN" --quiet trend "$hist/org" --since "$trend_since" --jobs 1 --format json)
  rm -rf "$tmp/h"
  "${run[@]}" --until "$trend_earlier" --cache "$tmp/h" >/dev/null 2>&1 || true
  measure "$cold" "${run[@]}" --until "$trend_until" --no-cache
  measure "$warm" "${run[@]}" --until "$trend_until" --cache "$tmp/h"
}
