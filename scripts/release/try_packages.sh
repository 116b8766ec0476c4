#!/usr/bin/env bash
# Tries the packages scripts/release.sh wrote, as a user gets them: checks dist/SHA256SUMS with
# `sha256sum -c`, unpacks each package in a temporary folder, and runs the program in it:
# `--version`, then `build` and `book laerke` on the packed demo. The Windows program runs under
# Wine (/usr/lib/wine/wine64), with the test-only stand-in bcryptprimitives.dll beside it (Debian's
# Wine 8 lacks that DLL; see tests/windows/run.sh); the stand-in is never packed.
#
# Usage: bash scripts/release/try_packages.sh [DIST]   (default: dist/)
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD
dist=$(cd "${1:-dist}" && pwd)
wine64=/usr/lib/wine/wine64
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
work=$(mktemp -d "${TMPDIR:-/tmp}/bogbinder-pakker.XXXXXX")
cleanup() {
  [ -x "$wine64" ] && "${wine64%/*}/wineserver" -k >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "FEJL: $*" >&2
  exit 1
}
# `timed LABEL COMMAND...`: runs it and says how long it took.
timed() {
  local label=$1 t
  shift
  t=$(date +%s%N)
  "$@"
  echo "   $label: $((($(date +%s%N) - t) / 1000000)) ms"
}

echo "== sha256sum -c SHA256SUMS"
(cd "$dist" && sha256sum -c SHA256SUMS)

linux="bogbinder-$version-linux-x86_64"
echo "== $linux.tar.gz"
tar -xzf "$dist/$linux.tar.gz" -C "$work"
l="$work/$linux"
[ -x "$l/bogbinder" ] || fail "bogbinder er ikke et program i pakken"
[ "$("$l/bogbinder" --version)" = "bogbinder $version" ] || fail "--version: $("$l/bogbinder" --version)"
echo "   $("$l/bogbinder" --version)"
timed "build på demo/" bash -c "cd '$l/demo' && '$l/bogbinder' build >'$work/linux-build.txt'"
[ -f "$l/demo/output/index.html" ] || fail "build skrev ingen output/index.html"
timed "book laerke på demo/" bash -c "cd '$l/demo' && '$l/bogbinder' book laerke >/dev/null"
ls "$l/demo/boeger-output/laerke/"*.pdf >/dev/null || fail "book laerke skrev ingen PDF"
echo "   $(tr -d '\r' <"$work/linux-build.txt" | tail -1)"

windows="bogbinder-$version-windows-x86_64"
[ -f "$dist/$windows.zip" ] || {
  echo "(ingen $windows.zip)"
  exit 0
}
echo "== $windows.zip"
python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' "$dist/$windows.zip" "$work"
w="$work/$windows"
[ -x "$wine64" ] || fail "wine64 mangler ($wine64)"
x86_64-w64-mingw32-gcc -shared -O2 -s -o "$w/bcryptprimitives.dll" \
  "$repo/tests/windows/bcryptprimitives.c" -ladvapi32
export WINEPREFIX="$work/wineprefix" WINEDEBUG=-all
timed "--version (første start laver Wine-præfikset)" bash -c "cd '$w' && '$wine64' '$w/bogbinder.exe' --version >'$work/win-version.txt'"
[ "$(tr -d '\r' <"$work/win-version.txt")" = "bogbinder $version" ] || fail "--version: $(cat "$work/win-version.txt")"
echo "   $(tr -d '\r' <"$work/win-version.txt")"
timed "build på demo\\" bash -c "cd '$w/demo' && '$wine64' '$w/bogbinder.exe' build >'$work/win-build.txt'"
[ -f "$w/demo/output/index.html" ] || fail "build under Wine skrev ingen output/index.html"
timed "book laerke på demo\\" bash -c "cd '$w/demo' && '$wine64' '$w/bogbinder.exe' book laerke >/dev/null"
ls "$w/demo/boeger-output/laerke/"*.pdf >/dev/null || fail "book laerke under Wine skrev ingen PDF"
echo "   $(tr -d '\r' <"$work/win-build.txt" | tail -1)"
# The rebuild table (.bogbinder-signaturer) names the program that wrote it, so it differs.
diff -r -x .bogbinder-signaturer "$l/demo/output" "$w/demo/output" >/dev/null || fail "håndbogen fra de to pakker er forskellig"
echo "   håndbogen fra de to pakker: de samme filer og bytes ($(find "$w/demo/output" -type f | wc -l) filer)"
echo "== Begge pakker virker"
