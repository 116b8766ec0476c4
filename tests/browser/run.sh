#!/usr/bin/env bash
# The browser suite: builds the demo handbook, installs the npm packages from the lockfile, and
# runs Node's test runner (axe-core, Nu Html Checker, navigation and search in headless Chromium).
#
#   tests/browser/run.sh            build the demo into a temporary folder and test it
#   tests/browser/run.sh OUTPUT     test an already built handbook folder
#
# Needs: Debian's chromium (/usr/bin/chromium, or CHROMIUM=...), Java (for vnu.jar), node + npm.
# Screenshots (desktop and phone width) land in tests/browser/screenshots/ (gitignored).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"

if [ $# -ge 1 ]; then
  out="$(cd "$1" && pwd)"
else
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  out="$tmp/output"
  if [ -n "${BOGBINDER_BIN:-}" ]; then
    # A binary already built (scripts/test.sh passes the test build's, sparing a release build).
    (cd "$repo" && "$BOGBINDER_BIN" build --output "$out")
  else
    (cd "$repo" && cargo run --release --quiet -- build --output "$out")
  fi
fi

cd "$here"
npm ci --no-audit --no-fund --loglevel=error
BOGBINDER_OUT="$out" node --test --test-reporter=spec words.test.mjs handbook.test.mjs
