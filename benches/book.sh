#!/usr/bin/env bash
# Book benchmark: a 60-page barnets bog with 40 twelve-megapixel JPEGs.
# Builds the fixture itself, then measures a cold build (no photo cache) and a rebuild (cache warm)
# with /usr/bin/time -v. Targets: cold < 5 s, peak memory < 1 GiB, rebuild < 1 s.
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
  grep -E "Elapsed \(wall|Maximum resident" "$FIXTURE/time.txt"
}
rm -rf "$FIXTURE/.bogbinder-cache" "$FIXTURE/boeger-output"
echo "== kold bygning (ingen fotocache) =="; run
echo "== genbygning (uændrede fotos) =="; run
