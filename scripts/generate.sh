#!/usr/bin/env bash
# Regenerates every checked-in artefact that comes from the code: the JSON Schemas (schema/),
# shell completions (completions/), the man page (man/) and the rule reference (docs/rules.md). tests/it/generated.rs and
# tests/it/schema.rs fail when any of them is stale.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet --locked --bin paved
bin="${CARGO_TARGET_DIR:-target}/debug/paved"
"$bin" schema pack > schema/pack.schema.json
"$bin" schema report > schema/report.schema.json
"$bin" schema trend > schema/trend.schema.json
"$bin" completions bash > completions/paved.bash
"$bin" completions zsh > completions/_paved
"$bin" completions fish > completions/paved.fish
"$bin" completions powershell > completions/_paved.ps1
"$bin" completions elvish > completions/paved.elv
"$bin" man > man/paved.1
"$bin" rules docs > docs/rules.md
