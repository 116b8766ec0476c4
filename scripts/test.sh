#!/usr/bin/env bash
# The whole test suite, as CI runs it: formatting, lints, Rust tests (unit, fixture projects end to
# end), and the browser suite. Installs what it needs on a fresh Debian machine (run as root).
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v pdftoppm >/dev/null 2>&1 || need_apt+=(poppler-utils)
command -v java >/dev/null 2>&1 || need_apt+=(default-jre-headless)
command -v node >/dev/null 2>&1 || need_apt+=(nodejs npm)
[ -x /usr/bin/time ] || need_apt+=(time)
# The serve test of what other machines see runs in a network namespace of its own (ip, unshare).
command -v ip >/dev/null 2>&1 || need_apt+=(iproute2)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "== Installerer: ${need_apt[*]}"
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need_apt[@]}"
  else
    echo "Mangler: ${need_apt[*]} (installér dem med apt-get som root)" >&2
    exit 1
  fi
fi

echo "== cargo fmt --check"
cargo fmt --all -- --check
echo "== cargo clippy"
cargo clippy --all-targets --quiet -- -D warnings
echo "== cargo test"
cargo test

echo "== browsertest (Chromium, axe-core, Nu Html Checker)"
cargo build --quiet --bin bogbinder
BOGBINDER_BIN="$PWD/target/debug/bogbinder" bash tests/browser/run.sh

# The Windows program: cross-built once, clippy for the Windows target, and run under Wine on
# the demo, compared with the Linux build (installs mingw-w64 and wine64 as root).
echo "== Windows (tests/windows/run.sh)"
bash tests/windows/run.sh
