#!/usr/bin/env bash
# Handbook PDF benchmark: `build --pdf` (the whole handbook as one PDF, beside the web pages) of the
# synthetic corpus from gen_corpus.py, measured with /usr/bin/time -v, against a plain `build` of
# the same corpus, so the PDF's own cost shows.
# Target (issue 14): 1,000 pages in under 10 s and under 1 GiB peak memory (release build).
# Beyond pdf_max_sider pages (1,200) the handbook is written as volumes, one after another, so
# 10,000 pages take about ten times as long in the memory of one volume.
#   benches/handbook_pdf.sh              (1000 pages)
#   benches/handbook_pdf.sh 1000 10000
#   BOGBINDER_BIN=old/bogbinder benches/handbook_pdf.sh
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
bin="${BOGBINDER_BIN:-$here/target/release/bogbinder}"
[ -n "${BOGBINDER_BIN:-}" ] || cargo build --release --quiet --manifest-path "$here/Cargo.toml" --bin bogbinder
work=$(mktemp -d /tmp/hbpdfbench.XXXXXX)
trap 'rm -rf "$work"' EXIT
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000)
measure() { # label, then the command
  local label=$1; shift
  /usr/bin/time -v "$@" > "$work/out" 2> "$work/time" || { cat "$work/out" "$work/time"; exit 1; }
  local wall rss
  wall=$(grep 'Elapsed (wall' "$work/time" | awk '{print $NF}')
  rss=$(grep 'Maximum resident' "$work/time" | awk '{print $NF}')
  printf '  %-22s wall %-9s peak RSS %5d MiB   (user %s s, sys %s s)\n' "$label" "$wall" "$((rss / 1024))" \
    "$(grep 'User time' "$work/time" | awk '{print $NF}')" "$(grep 'System time' "$work/time" | awk '{print $NF}')"
}
for n in "${sizes[@]}"; do
  dir="$work/corpus-$n"
  python3 "$here/benches/gen_corpus.py" "$dir" "$n"
  echo "== $n sider =="
  measure "build" "$bin" --root "$dir" build
  measure "build --pdf" "$bin" --root "$dir" build --pdf
  # One PDF, or volumes beyond pdf_max_sider pages (1,200 by default).
  for pdf in $(find "$dir/output" -maxdepth 1 -name '*.pdf' | sort -V); do
    printf '  PDF: %s, %s sider, %s MiB\n' "$(basename "$pdf")" \
      "$(pdfinfo "$pdf" 2>/dev/null | awk '/^Pages:/{print $2}')" "$(( $(stat -c %s "$pdf") / 1048576 ))"
  done
done
