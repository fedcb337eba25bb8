#!/usr/bin/env bash
# The org-scale benchmark of issue 12 in one table: `paved scan --builtin basics` on the
# synthetic org against the minimal gix loop (the scan bench's floor), cold and warm (result
# cache), at --jobs 1 and 2; peak RSS at REPOS and at ten hard-linked copies of the org; report
# bytes per repository; the issue's 24-point monthly trend (2024-07-31 to 2026-06-30, over 300
# generated two-year histories) cold against its rerun after a run that stopped one month
# earlier; and Repolinter per repository when `npx repolinter` is installed (never downloaded).
#
#   bash scripts/bench.sh [REPOS] [RUNS]     (default 2000 repos, 3 interleaved runs)
#
# REPOLINTER_REPOS (default 20; 0 skips it) is how many repositories Repolinter lints: it takes
# seconds per repository, so a larger sample only makes the run longer.
#
# Builds the release binary and the scan bench once (PAVED_BIN / FLOOR_BIN skip that); the orgs
# are generated once under the target folder (scripts/bench-lib.sh, shared with the other
# bench scripts, says where and how). Figures
# are CPU seconds (user+sys) beside wall seconds, the mean of RUNS runs taken in turn, so a
# busy machine slows every row alike; ratios are against the floor measured in the same runs.
set -euo pipefail
cd "$(dirname "$0")/.."
repos=${1:-2000}
runs=${2:-3}
source scripts/bench-lib.sh
paved_bin
floor_bin
generator
org="$data/org$repos"
big="$org-x10"
generated scan "$repos" "$org"
generated history 300 "$hist"
tenfold "$org"

# /usr/bin/time runs programs, not shell functions: the commands are arrays.
scan=("$PAVED_BIN" --quiet scan --builtin basics --format json)

for i in $(seq "$runs"); do
  echo "run $i of $runs" >&2
  RAYON_NUM_THREADS=1 measure floor1 "$FLOOR_BIN" --floor-child "$org"
  rm -rf "$tmp/c"
  measure cold1 "${scan[@]}" "$org" --jobs 1 --cache "$tmp/c"
  cp "$tmp/out" "$tmp/report.json"
  measure warm1 "${scan[@]}" "$org" --jobs 1 --cache "$tmp/c"
  measure nocache1 "${scan[@]}" "$org" --jobs 1 --no-cache
  measure nocache2 "${scan[@]}" "$org" --jobs 2 --no-cache
  measure big1 "${scan[@]}" "$big" --jobs 1 --no-cache
  trend_round trendcold trendwarm
done
bytes=$(wc -c <"$tmp/report.json")
repolinter=none
rl_repos=${REPOLINTER_REPOS:-20}
if [ "$rl_repos" -gt 0 ] && command -v npx >/dev/null && npx --no-install repolinter --version >/dev/null 2>&1; then
  # Repolinter lints a working tree: check out the first few repositories (not timed).
  n=0
  for g in "$org"/*/*/.git; do
    [ $n -ge "$rl_repos" ] && break
    n=$((n + 1))
    w="$tmp/rl/$n"
    mkdir -p "$w"
    GIT_INDEX_FILE="$tmp/rl-index" git --git-dir="$g" --work-tree="$w" checkout -q -f HEAD -- . 2>/dev/null || true
    echo "$w"
  done >"$tmp/sample"
  /usr/bin/time -f "%e %U %S %M" -o "$tmp/t" xargs -a "$tmp/sample" -n1 npx --no-install repolinter lint >/dev/null 2>&1 || true
  repolinter=$(tail -n1 "$tmp/t" | awk -v n="$n" '{ printf "%.4f %.4f %d", $1 / n, ($2 + $3) / n, n }')
fi

awk -v repos="$repos" -v bytes="$bytes" -v rl="$repolinter" -v points="$trend_points" \
  -v since="$trend_since" -v until="$trend_until" '
  { w[$1] += $2; c[$1] += $3; if ($4 > m[$1]) m[$1] = $4; k[$1]++ }
  function W(x) { return w[x] / k[x] } function C(x) { return c[x] / k[x] }
  # CPU vs floor is per repository, so the 10x org compares like for like; a trend has none.
  function row(name, x, n, vs) {
    printf "| %s | %.2f s | %.2f s | %.0f | %.3f ms | %s | %.1f MiB |\n", name, W(x), C(x), n / W(x), 1000 * C(x) / n, vs ? sprintf("%.2fx", (C(x) / n) / (C("floor1") / repos)) : "-", m[x] / 1024
  }
  END {
    print "| run | wall | CPU (user+sys) | repos/s | CPU per repo | CPU vs floor | peak RSS |"
    print "|---|---|---|---|---|---|---|"
    row("gix floor, 1 thread", "floor1", repos, 1)
    row("scan --builtin basics, cold (empty cache), --jobs 1", "cold1", repos, 1)
    row("the same, warm (nothing changed), --jobs 1", "warm1", repos, 1)
    row("scan --no-cache, --jobs 1", "nocache1", repos, 1)
    row("scan --no-cache, --jobs 2", "nocache2", repos, 1)
    row("scan --no-cache, --jobs 1, 10x org (hard links)", "big1", 10 * repos, 1)
    row("trend, 300 histories, " points " monthly points, cold", "trendcold", 300, 0)
    row("the same after a run one month earlier (cache)", "trendwarm", 300, 0)
    printf "\nwarm scan: %.1fx faster (wall), %.1fx less CPU than cold (target 10x)\n", W("cold1") / W("warm1"), C("cold1") / C("warm1")
    printf "--jobs 2 / --jobs 1 CPU: %.2fx (target at most 1.1x); wall %.2fx\n", C("nocache2") / C("nocache1"), W("nocache2") / W("nocache1")
    printf "peak RSS at %d / at %d repositories: %.2fx (target under 2x)\n", 10 * repos, repos, m["big1"] / m["nocache1"]
    printf "JSON report: %d bytes per repository (target under 2,048 with every pack; this is basics)\n", bytes / repos
    printf "trend rerun (%d monthly points, %s to %s): %.1fx faster (wall), %.1fx less CPU than cold (target 5x)\n", points, since, until, W("trendcold") / W("trendwarm"), C("trendcold") / C("trendwarm")
    if (rl == "none") print "Repolinter: skipped (REPOLINTER_REPOS=0, or `npx repolinter` is not installed; nothing is downloaded)"
    else { split(rl, r, " "); printf "Repolinter: %.1f ms wall, %.1f ms CPU per repository (first %d repos)\n", 1000 * r[1], 1000 * r[2], r[3] }
  }' "$tmp/log"
printf '\nmachine: %s, %s cores, load average %s\n' "$(uname -m)" "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
