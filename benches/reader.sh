#!/usr/bin/env bash
# What a reader downloads from a built handbook, counted by headless Chromium over HTTP with an
# empty cache (tests/browser/measure.mjs): the largest page plus everything it loads before the
# reader does anything, a page deep in the largest section (which loads its sidebar group), the
# largest list page (a section's or a term's), and a first one-word and two-word search.
# usage: benches/reader.sh OUTPUT        (bench.sh runs it per corpus size)
# Needs node/npm and Debian's chromium; says so and does nothing without them.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
out=$(cd "$1" && pwd)
if ! command -v node > /dev/null || ! [ -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
  echo "         reader downloads: not measured (needs node and chromium)"
  exit 0
fi
[ -d "$here/tests/browser/node_modules/playwright-core" ] ||
  (cd "$here/tests/browser" && npm ci --no-audit --no-fund --loglevel=error > /dev/null)

# The largest file of a kind, relative to the output folder.
largest() { find "$out" -name '*.html' "$@" -printf '%s %P\n' | sort -n | tail -1 | cut -d' ' -f2; }
biggest_section=$(for s in "$out"/static/nav/*/; do
  [ -d "$s" ] && echo "$(find "$s" -name '*.js' | wc -l) $(basename "$s")"
done | sort -n | tail -1 | cut -d' ' -f2)
deep=""
if [ -n "$biggest_section" ]; then
  deep=$(find "$out/$biggest_section" -mindepth 2 -maxdepth 2 -name index.html -not -path '*/side/*' -printf '%P\n' |
    sort | tail -1)
  deep="$biggest_section/$deep"
fi
pages=(--page="$(largest)" --page="$(largest -path '*/side/*')")
[ -n "$deep" ] && pages+=(--page="$deep")
echo "         reader downloads (page plus what it loads before any click; first searches):"
node "$here/tests/browser/measure.mjs" "$out" "${pages[@]}" "samtale" "barnets trivsel" |
  sed 's/^/           /'
