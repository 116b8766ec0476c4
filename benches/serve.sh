#!/usr/bin/env bash
# Live-preview benchmark on a generated handbook (benches/gen_corpus.py).
# usage: benches/serve.sh [PAGES] [EDITS]     (default: 10000 pages, 20 edits of each kind)
# 1. examples/incremental_bench: from writing one page to the rebuilt page in memory (the engine).
# 2. benches/serve_latency.py: the same through the real `bogbinder serve` (notify, debounce,
#    rebuild), to the browser's reload event and to the new page served over HTTP.
# Prints median and max ms for a body edit and for a title edit, with the load average.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
pages=${1:-10000}
edits=${2:-20}
cargo build --release --quiet --example incremental_bench --bin bogbinder --manifest-path "$here/Cargo.toml"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 "$here/benches/gen_corpus.py" "$work/corpus" "$pages"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
"$here/target/release/examples/incremental_bench" "$work/corpus" "$edits"
python3 "$here/benches/serve_latency.py" "$here/target/release/bogbinder" "$work/corpus" "$edits"
echo "load average after:  $(cut -d' ' -f1-3 /proc/loadavg)"
