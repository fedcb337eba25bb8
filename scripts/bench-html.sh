#!/usr/bin/env bash
# Memory and output at org scale (issue 12): peak RSS of `paved scan` at REPOS synthetic
# repositories and at ten hard-linked copies of them (basics and every built-in pack), the JSON
# report's bytes per repository, the HTML dashboard's size at 10×REPOS, and the dashboard's
# first render in headless Chromium against a blank page's, runs interleaved.
#
#   bash scripts/bench-html.sh [REPOS] [RUNS]     (default 2000 repos, 3 runs)
#
# PAVED_BIN skips building the release binary (scripts/bench-lib.sh makes it and the orgs, as
# for the other bench scripts); PAVED_CHROMIUM names the browser (else chromium,
# chromium-browser or google-chrome). Figures are wall seconds beside CPU seconds (user+sys) and
# peak RSS, each the mean of RUNS runs.
#
# Render figures only: PAVED_RENDER_ONLY=1 skips the scans' figures (one scan still writes the
# dashboard, unless PAVED_HTML names one already written); PAVED_HTML_BASE names a second
# dashboard (e.g. one written by an older build) to time interleaved with it, as a before/after.
set -euo pipefail
cd "$(dirname "$0")/.."
repos=${1:-2000}
runs=${2:-3}
source scripts/bench-lib.sh
org="$data/org$repos"
big="$org-x10"
# Timing a dashboard already written needs neither the binary nor the org.
if [ -z "${PAVED_RENDER_ONLY:-}" ] || [ -z "${PAVED_HTML:-}" ]; then
  paved_bin
  generator
  generated scan "$repos" "$org"
  tenfold "$org"
fi
browser=${PAVED_CHROMIUM:-}
if [ -z "$browser" ]; then
  for b in chromium chromium-browser google-chrome; do
    if command -v "$b" >/dev/null; then browser=$b; break; fi
  done
fi

# The first render: chromium loads the page, runs its script and dumps the DOM. /usr/bin/time
# runs programs, not shell functions, so this is an array the page's address is appended to.
render=("$browser" --headless --no-sandbox --disable-gpu --no-first-run
  --disable-background-networking --disable-component-update --disable-sync
  --user-data-dir="$tmp/profile" --virtual-time-budget=30000 --dump-dom)
scan=("${PAVED_BIN:-paved}" --quiet scan --no-cache)
echo '<!DOCTYPE html><html><body><p>blank</p></body></html>' >"$tmp/blank.html"
if [ -n "${PAVED_HTML:-}" ]; then
  cp "$PAVED_HTML" "$tmp/big.html"
else
  "${scan[@]}" "$big" --format html --output "$tmp/big.html" || true
fi
[ -z "${PAVED_HTML_BASE:-}" ] || cp "$PAVED_HTML_BASE" "$tmp/base.html"
for i in $(seq "$runs"); do
  echo "run $i of $runs" >&2
  if [ -z "${PAVED_RENDER_ONLY:-}" ]; then
  measure basics "${scan[@]}" --builtin basics --format json "$org"
  measure basics-x10 "${scan[@]}" --builtin basics --format json "$big"
  measure all "${scan[@]}" --format json "$org"
  cp "$tmp/out" "$tmp/all.json"
  measure all-x10 "${scan[@]}" --format json "$big"
  cp "$tmp/out" "$tmp/all-x10.json"
  fi
  if [ -n "$browser" ]; then
    rm -rf "$tmp/profile"
    measure blank "${render[@]}" "file://$tmp/blank.html"
    rm -rf "$tmp/profile"
    measure html-x10 "${render[@]}" "file://$tmp/big.html"
    grep -q 'data-ready="true"' "$tmp/out" || echo "the dashboard's script did not finish" >&2
    if [ -f "$tmp/base.html" ]; then
      rm -rf "$tmp/profile"
      measure html-base "${render[@]}" "file://$tmp/base.html"
      grep -q 'data-ready="true"' "$tmp/out" || echo "the base dashboard's script did not finish" >&2
    fi
  fi
done
mean() { awk -v n="$1" -v f="$2" '$1 == n { s += $f; k++ } END { if (k) printf "%.3f", s / k; else printf "-" }' "$tmp/log"; }
rss() { awk -v n="$1" '$1 == n { s += $4; k++ } END { if (k) printf "%.1f", s / k / 1024; else printf "-" }' "$tmp/log"; }
echo
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); paved $("${PAVED_BIN:-paved}" --version 2>/dev/null || echo '(not run: PAVED_HTML given)')"
printf '%-34s %9s %9s %12s\n' run wall_s cpu_s peak_MiB
for n in basics basics-x10 all all-x10 blank html-x10 html-base; do
  [ -n "$(grep "^$n " "$tmp/log")" ] || continue
  printf '%-34s %9s %9s %12s\n' "$n" "$(mean $n 2)" "$(mean $n 3)" "$(rss $n)"
done
if [ -z "${PAVED_RENDER_ONLY:-}" ]; then
awk -v a="$(rss basics)" -v b="$(rss basics-x10)" -v c="$(rss all)" -v d="$(rss all-x10)" \
  'BEGIN { printf "peak RSS 10x/1x: basics %.2f, every pack %.2f\n", b / a, d / c }'
for f in all all-x10; do
  n=$(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))["repos"]))' "$tmp/$f.json")
  printf 'JSON report (%s): %d bytes, %d repositories, %.0f bytes per repository\n' \
    "$f" "$(wc -c <"$tmp/$f.json")" "$n" "$(awk -v b="$(wc -c <"$tmp/$f.json")" -v n="$n" 'BEGIN { print (n ? b / n : 0) }')"
done
fi
printf 'HTML dashboard (every pack, %d repositories): %d bytes\n' "$((repos * 10))" "$(wc -c <"$tmp/big.html")"
if [ -n "$browser" ]; then
  awk -v a="$(mean blank 2)" -v b="$(mean html-x10 2)" \
    'BEGIN { printf "first render in headless chromium: %.2f s wall (a blank page: %.2f s; difference %.2f s)\n", b, a, b - a }'
  awk -v a="$(mean blank 3)" -v b="$(mean html-x10 3)" \
    'BEGIN { printf "its CPU (user+sys): %.2f s (a blank page: %.2f s; difference %.2f s)\n", b, a, b - a }'
  if [ -f "$tmp/base.html" ]; then
    printf 'base dashboard (%s): %d bytes\n' "$PAVED_HTML_BASE" "$(wc -c <"$tmp/base.html")"
    awk -v a="$(mean blank 2)" -v b="$(mean html-base 2)" -v c="$(mean blank 3)" -v d="$(mean html-base 3)" \
      'BEGIN { printf "its first render: %.2f s wall (difference %.2f s), %.2f s CPU (difference %.2f s)\n", b, b - a, d, d - c }'
  fi
else
  echo "no chromium: first render not timed (apt-get install -y chromium, or PAVED_CHROMIUM)"
fi
