#!/usr/bin/env bash
# What a second worker thread costs: `paved scan --builtin basics --no-cache` at --jobs 1 and 2 on
# the synthetic org, taken in turn RUNS times (a busy machine slows both alike), then one
# `strace -c -f` of each to compare system-call counts and time per call (issue 12).
#
#   bash scripts/threads.sh PAVED_BIN ORG_DIR [RUNS]
#
# ORG_DIR comes from `paved-synthetic-org scan N 1 DIR` (see scripts/bench.sh). Prints one line
# per run with wall, user, sys and CPU (user+sys) seconds and minor page faults, the mean CPU
# ratio of jobs 2 to jobs 1, and the strace summaries' busiest calls.
set -euo pipefail
bin=$1
org=$2
runs=${3:-3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
scan=("$bin" --quiet scan --builtin basics --no-cache --format json "$org")
for i in $(seq "$runs"); do
  for j in 1 2; do
    /usr/bin/time -f "%e %U %S %R" -o "$tmp/t" "${scan[@]}" --jobs "$j" >/dev/null 2>&1 || true
    awk -v j="$j" '{ printf "jobs%s wall %.2f user %.2f sys %.2f cpu %.2f minflt %d\n", j, $1, $2, $3, $2 + $3, $4 }' \
      "$tmp/t" | tee -a "$tmp/log"
  done
done
awk '{ cpu[$1] += $9; n[$1]++ } END { printf "mean cpu: jobs1 %.2f s, jobs2 %.2f s, ratio %.2f\n",
  cpu["jobs1"] / n["jobs1"], cpu["jobs2"] / n["jobs2"], (cpu["jobs2"] / n["jobs2"]) / (cpu["jobs1"] / n["jobs1"]) }' "$tmp/log"
if command -v strace >/dev/null; then
  for j in 1 2; do
    strace -c -f -o "$tmp/s$j" "${scan[@]}" --jobs "$j" >/dev/null 2>&1 || true
    echo "strace jobs $j (calls, usecs/call):"
    awk '$1 ~ /^[0-9.]+$/ && NF >= 5 { print "  " $NF, $4, $3 }' "$tmp/s$j" \
      | grep -E '^  (statx|openat|mmap|munmap|madvise|mprotect|futex|getdents64|readlink) '
  done
fi
