#!/usr/bin/env bash
# The hostile cases' bounds as a table for docs/limits.md: each case of tests/it/hostile.rs run
# through tests/it/bounds.rs (peak RSS from wait4 of that child alone, wall and CPU seconds),
# one test at a time so the cases do not share the cores, with the machine's load beside it.
#
#   bash scripts/hostile-bounds.sh
set -euo pipefail
cd "$(dirname "$0")/.."
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
echo
echo "| case | outcome | wall | CPU (user+sys) | peak RSS |"
echo "|---|---|---|---|---|"
PAVED_BOUNDS_TABLE=1 cargo test --quiet --test it hostile:: -- --test-threads 1 --nocapture 2>&1 \
  | sed -n 's/.*BOUNDS|/|/p'
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
