#!/usr/bin/env bash
# Book benchmark: a 60-page barnets bog with 40 twelve-megapixel JPEGs.
# Builds the fixture itself, then measures with /usr/bin/time -v a cold build (no photo cache), a
# rebuild with nothing changed, and a rebuild after a changed word (photo cache warm).
# Targets: cold < 4 s, peak memory < 1 GiB, rebuild < 0.5 s.
#   benches/book.sh            (release build)
#   PROFILE=debug benches/book.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PROFILE="${PROFILE:-release}"
FIXTURE="${FIXTURE:-$(mktemp -d /tmp/bogbench.XXXXXX)}"
if [ "$PROFILE" = release ]; then
  cargo build --release --quiet --bin bogbinder --example demo_photos
else
  cargo build --quiet --bin bogbinder --example demo_photos
fi
# BIN=/path/to/old/bogbinder compares another build on the same fixture.
BIN="${BIN:-target/$PROFILE/bogbinder}"
if [ ! -f "$FIXTURE/content/boeger/bench/bog.toml" ]; then
  echo "Laver fixture i $FIXTURE ..."
  "target/$PROFILE/examples/demo_photos" bench "$FIXTURE"
fi
du -sh "$FIXTURE/content/boeger/bench/billeder"
run() {
  /usr/bin/time -v "$BIN" --root "$FIXTURE" book bench 2> "$FIXTURE/time.txt"
  grep -E "Elapsed \(wall|User time|System time|Maximum resident" "$FIXTURE/time.txt"
}
rm -rf "$FIXTURE/.bogbinder-cache" "$FIXTURE/boeger-output"
echo "== kold bygning (ingen fotocache) =="; run
# The same book again takes its PDF (see src/book/reuse.rs); a changed word compiles it anew with
# the photo cache warm, and that is the rebuild a writer waits for.
echo "== genbygning, intet ændret (fotocache og PDF genbrugt) =="; run
CHAPTER="$FIXTURE/content/boeger/bench/01-kapitel-1.md"
cp "$CHAPTER" "$FIXTURE/kapitel.bak"
echo "Et ord mere ($(date +%s%N))." >> "$CHAPTER"
echo "== genbygning efter et ændret ord (fotocache varm) =="; run
mv "$FIXTURE/kapitel.bak" "$CHAPTER"
