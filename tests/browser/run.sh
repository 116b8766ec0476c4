#!/usr/bin/env bash
# The browser suite: builds the demo handbook, installs the npm packages from the lockfile, and
# runs Node's test runner (axe-core, Nu Html Checker, navigation and search in headless Chromium,
# and live reload through the real `bogbinder serve`).
#
#   tests/browser/run.sh            build the demo into a temporary folder and test it
#   tests/browser/run.sh OUTPUT     test an already built handbook folder
#   BOGBINDER_BIN=path/to/bogbinder  use that binary (scripts/test.sh passes the test build's);
#                                    otherwise a release build is made
#
# Needs: Debian's chromium (/usr/bin/chromium, or CHROMIUM=...), Java (for vnu.jar), node + npm.
# Screenshots (desktop and phone width) land in tests/browser/screenshots/ (gitignored).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"

if [ -z "${BOGBINDER_BIN:-}" ]; then
  (cd "$repo" && cargo build --release --quiet)
  export BOGBINDER_BIN="$repo/target/release/bogbinder"
fi
export BOGBINDER_BIN

if [ $# -ge 1 ]; then
  out="$(cd "$1" && pwd)"
else
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  built="$(cd "$repo" && "$BOGBINDER_BIN" build --output "$tmp/output")"
  echo "$built"
  # With audience editions each is a handbook in its own folder: the suite tests the first
  # (the one serve shows), named at the end of build's first line ("… → FOLDER").
  out="$(printf '%s\n' "$built" | sed -n '1s/.* → //p')"
fi

cd "$here"
npm ci --no-audit --no-fund --loglevel=error
BOGBINDER_OUT="$out" node --test --test-reporter=spec words.test.mjs handbook.test.mjs serve.test.mjs design.test.mjs forms.test.mjs desk.test.mjs
