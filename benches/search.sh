#!/usr/bin/env bash
# Search benchmark on a synthetic corpus (default 10,000 pages):
#   1. how long the search index takes to build (and the whole `bogbinder build`);
#   2. what a reader's first search downloads: headless Chromium opens soeg/index.html?q=WORDS
#      over HTTP with an empty cache, and every byte it receives is counted.
# usage: benches/search.sh [N]      needs python3, node/npm, Debian's chromium
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-10000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --release --quiet --manifest-path "$here/Cargo.toml" --bin bogbinder --example search_bench
python3 "$here/benches/gen_corpus.py" "$work/corpus" "$n"

echo "== search index, $n pages"
"$here/target/release/examples/search_bench" "$work/corpus"

echo "== full build, $n pages (best of 3)"
best=""
for _ in 1 2 3; do
  TIMEFORMAT=%R
  t=$( { time (cd "$work/corpus" && "$here/target/release/bogbinder" build --output "$work/out" > /dev/null); } 2>&1 )
  if [ -z "$best" ] || awk "BEGIN{exit !($t < $best)}"; then best=$t; fi
done
printf 'bogbinder build:      %.2f s\n' "$best"
printf 'soeg/ on disk:        %s\n' "$(du -sh "$work/out/soeg" | cut -f1)"

echo "== first search downloads"
(cd "$here/tests/browser" && npm ci --no-audit --no-fund --loglevel=error > /dev/null)
node "$here/tests/browser/measure.mjs" "$work/out" "samtale" "barnets trivsel" "opfølgning" "handleplan"
