#!/usr/bin/env bash
# Handbook build benchmark: full builds of synthetic projects of 1,000 and 10,000 pages.
# usage: benches/bench.sh [N ...]     (default: 1000 10000)
#        BOGBINDER_BIN=old/bogbinder benches/bench.sh 10000
# Prints wall time (best of 3) and peak memory (max RSS) per size. Needs /usr/bin/time (Debian: time).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
# BOGBINDER_BIN=/path/to/an/older/bogbinder compares a build before a change with one after.
bin="${BOGBINDER_BIN:-$here/target/release/bogbinder}"
[ -n "${BOGBINDER_BIN:-}" ] || cargo build --release --quiet --manifest-path "$here/Cargo.toml"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)
printf '%-8s %-12s %-14s %-10s\n' pages "wall (s)" "peak RSS (MiB)" "output (MiB)"
for n in "${sizes[@]}"; do
  dir="$work/corpus-$n"
  python3 "$here/benches/gen_corpus.py" "$dir" "$n"
  best=""
  rss=0
  for _ in 1 2 3; do
    /usr/bin/time -f '%e %M' -o "$work/time" "$bin" --root "$dir" build > /dev/null
    read -r wall kb < "$work/time"
    if [ -z "$best" ] || awk "BEGIN{exit !($wall < $best)}"; then best=$wall; fi
    [ "$kb" -gt "$rss" ] && rss=$kb
  done
  size=$(du -sm "$dir/output" | cut -f1)
  largest=$(find "$dir/output" -name index.html -path '*/metoder/*' -printf '%s\n' | sort -n | tail -1)
  printf '%-8s %-12s %-14s %-10s (largest method page: %s bytes)\n' "$n" "$best" "$((rss / 1024))" "$size" "$largest"
done
