#!/usr/bin/env bash
# Peak RSS of `paved scan` parsing one YAML file of each shape, at 64 KiB and 1 MiB, against a
# baseline run over the same repository holding a two-line file: (peak - baseline) / file size
# is what parsing costs per byte of YAML. Runs are interleaved, one repository each, --jobs 1.
#
#   bash scripts/parse-memory.sh [PAVED_BIN]     (default: $CARGO_TARGET_DIR/debug/paved)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-${CARGO_TARGET_DIR:-target}/debug/paved}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/pack.yml" <<'PACK'
pack: mem
rules:
  - id: parse
    title: the file parses
    paved:
      yaml: {files: big.yml, query: zzz}
PACK
# shape SIZE: prints a YAML document of about SIZE bytes.
gen() {
  python3 - "$1" "$2" <<'PY'
import sys
shape, size = sys.argv[1], int(sys.argv[2])
out, n = [], 0
def add(s):
    global n
    out.append(s); n += len(s)
i = 0
if shape in ("flow-seq", "flow-value"):  # [1,1,1,...]: two bytes a node, the worst case
    add("[" if shape == "flow-seq" else "matrix:\n  os: [")
    while n < size - 2: add("1,")
    add("1]\n")
else:
    while True:
        if shape == "mappings":      # many small mappings, as in a workflow's steps
            chunk = f"k{i}:\n  name: step {i}\n  uses: actions/checkout@v4\n  with: {{a: 1, b: x}}\n"
        elif shape == "block-seq":   # a long block sequence of short scalars
            chunk = "- 1\n"
        elif shape == "deep":        # nesting 200 levels deep, again and again
            chunk = f"d{i}:\n" + "".join("  " * (l + 1) + "a:\n" for l in range(199)) + "  " * 200 + "x\n"
        if n + len(chunk) > size:
            break
        add(chunk)
        i += 1
sys.stdout.write("".join(out))
PY
}
make_repo() { # NAME CONTENT-FILE
  local r="$tmp/org-$1/$1"
  mkdir -p "$r"
  cp "$2" "$r/big.yml"
  git -C "$r" init -q
  git -C "$r" -c user.name=b -c user.email=b@x add big.yml
  git -C "$r" -c user.name=b -c user.email=b@x commit -qm m
}
peak_kb() { # ORG
  /usr/bin/time -f "%M" -o "$tmp/rss" "$bin" scan "$1" --rules "$tmp/pack.yml" --no-builtin \
    --jobs 1 --format json -q --no-cache >/dev/null 2>&1 || true
  cat "$tmp/rss"
}
printf 'a: 1\nb: 2\n' > "$tmp/tiny.yml"
make_repo base "$tmp/tiny.yml"
printf '| shape | file | peak RSS | baseline | parse cost | × file |\n|---|---|---|---|---|---|\n'
for size in 64000 1040000; do  # under the 1 MiB max_file_size
  for shape in mappings block-seq deep flow-seq flow-value; do
    gen "$shape" "$size" > "$tmp/$shape-$size.yml"
    make_repo "$shape-$size" "$tmp/$shape-$size.yml"
    bytes=$(stat -c %s "$tmp/$shape-$size.yml")
    base=$(peak_kb "$tmp/org-base")
    peak=$(peak_kb "$tmp/org-$shape-$size")
    awk -v s="$shape" -v b="$bytes" -v p="$peak" -v z="$base" 'BEGIN {
      c = (p - z) * 1024; if (c < 0) c = 0
      printf "| %s | %.0f KiB | %.1f MB | %.1f MB | %.1f MB | %.1f |\n", s, b / 1024, p / 1024, z / 1024, c / 1e6, c / b }'
  done
done
