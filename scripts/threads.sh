#!/usr/bin/env bash
# What a second worker thread costs: `paved scan --builtin basics --no-cache` at --jobs 1 and 2 on
# the synthetic org, taken in turn RUNS times (a busy machine slows both alike); with BASE_BIN,
# that binary's runs are interleaved with PAVED_BIN's, so a change is compared under the same load.
# Then, when the tools are there, one `strace -c -f` of each job count (system-call counts and time
# per call) and one `perf record` of each (where the CPU goes, by kind of symbol) (issue 12).
#
#   bash scripts/threads.sh PAVED_BIN ORG_DIR [RUNS] [BASE_BIN]
#
# ORG_DIR comes from `paved-synthetic-org scan N 1 DIR` (see scripts/bench.sh). Prints one line
# per run with wall, user, sys and CPU (user+sys) seconds, peak RSS and minor page faults, then
# per binary the means and the CPU and wall ratios of jobs 2 to jobs 1, and the load average
# before and after (CPU seconds are what to compare on a shared machine; wall time follows load).
# PROFILE=0 skips strace and perf.
set -euo pipefail
bin=$1
org=$2
runs=${3:-3}
base=${4:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
args=(--quiet scan --builtin basics --no-cache --format json -o /dev/null "$org")
names=(new)
bins=("$bin")
if [ -n "$base" ]; then
  names=(base new)
  bins=("$base" "$bin")
fi
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq "$runs"); do
  for k in "${!bins[@]}"; do
    for j in 1 2; do
      /usr/bin/time -f "%e %U %S %M %R" -o "$tmp/t" "${bins[$k]}" "${args[@]}" --jobs "$j" >/dev/null 2>&1 || true
      tail -n1 "$tmp/t" | awk -v n="${names[$k]}" -v j="$j" '{ printf "%s jobs%s wall %.2f user %.2f sys %.2f cpu %.2f rss_mib %.1f minflt %d\n",
        n, j, $1, $2, $3, $2 + $3, $4 / 1024, $5 }' | tee -a "$tmp/log"
    done
  done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
awk '{ k = $1 " " $2; n[k]++; w[k] += $4; u[k] += $6; s[k] += $8; c[k] += $10; r[k] += $12; names[$1] = 1 }
  END {
    for (b in names) {
      for (j = 1; j <= 2; j++) {
        k = b " jobs" j
        printf "mean %s: wall %.2f user %.2f sys %.2f cpu %.2f rss_mib %.1f\n", k, w[k] / n[k], u[k] / n[k], s[k] / n[k], c[k] / n[k], r[k] / n[k]
      }
      k1 = b " jobs1"; k2 = b " jobs2"
      printf "ratio %s jobs2/jobs1: cpu %.3f wall %.3f\n", b, (c[k2] / n[k2]) / (c[k1] / n[k1]), (w[k2] / n[k2]) / (w[k1] / n[k1])
    }
  }' "$tmp/log"
[ "${PROFILE:-1}" = 0 ] && exit 0
scan=("$bin" "${args[@]}")
if command -v strace >/dev/null; then
  for j in 1 2; do
    strace -c -f -o "$tmp/s$j" "${scan[@]}" --jobs "$j" >/dev/null 2>&1 || true
    echo "strace jobs $j (calls, usecs/call):"
    awk '$1 ~ /^[0-9.]+$/ && NF >= 5 { print "  " $NF, $4, $3 }' "$tmp/s$j" \
      | grep -E '^  (statx|openat|mmap|munmap|madvise|mprotect|futex|getdents64|readlink) ' || true
  done
fi
# perf's software clock works where hardware counters do not (a VM): samples are CPU time.
if command -v perf >/dev/null && perf record -q -o "$tmp/probe" true >/dev/null 2>&1; then
  for j in 1 2; do
    perf record -q -F 1999 -o "$tmp/p$j" "${scan[@]}" --jobs "$j" >/dev/null 2>&1 || true
    echo "perf jobs $j: $(perf report -i "$tmp/p$j" --stdio 2>/dev/null | sed -n 's/^# Samples: \([^ ]*\).*/\1/p' | head -1) samples at 1999 Hz; share by kind:"
    perf report -i "$tmp/p$j" --stdio --no-children --sort dso,sym 2>/dev/null | grep -v '^#' | awk '
      $1 ~ /%$/ {
        p = $1 + 0; line = $0
        if (line ~ /malloc|free|consolidate|unlink_chunk|realloc|mi_|_mi_/) k = "allocator"
        else if (line ~ /rayon|crossbeam/) k = "rayon"
        else if (line ~ /futex|sched|switch_to|__schedule/) k = "scheduler, futex"
        else if (line ~ /tlb|smp_call|munmap|mmap|page_fault|unmap|folio|handle_mm/) k = "page faults, mmap"
        else if (line ~ /d_lookup|link_path_walk|lockref|step_into|inode_permission|walk_component|getattr|statx/) k = "path lookup, stat"
        else if (line ~ /\[k\]/) k = "other kernel"
        else if (line ~ /gix|zlib|sha1/) k = "gix, zlib"
        else k = "other user"
        s[k] += p
      }
      END { for (k in s) printf "  %-18s %5.1f%%\n", k, s[k] }' | sort -k1,1
  done
fi
