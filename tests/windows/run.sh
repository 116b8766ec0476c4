#!/usr/bin/env bash
# The Windows program, tested here: cross-builds bogbinder.exe once (mingw-w64, rustup target
# x86_64-pc-windows-gnu), runs clippy for the Windows target, and runs the .exe under Wine on a
# copy of the demo project: build, check, book laerke, new bog, Windows paths (drive letters,
# backslashes, \\?\ paths) and a second build (the output swap without an atomic exchange),
# serve (a saved page reaches the page over HTTP, asked with curl: Wine shares the network) and
# skriv (the browser gets the desk's address), and the library's unit tests for Windows paths
# and the swap (`windows_paths`, `output::`).
# What it writes is compared with the Linux build's: the same files with the same bytes.
# Documented differences (docs/release.md): none in the handbook, the book's HTML or a new book;
# the lines the commands print name paths the Windows way (Z:\...\output) and are compared with
# those paths made alike.
#
# Debian's Wine 8 lacks bcryptprimitives.dll, whose ProcessPrng Rust's standard library imports:
# a test-only stand-in (bcryptprimitives.c, built with mingw) is put beside the .exe under test.
#
# Run as root on a fresh Debian machine it installs what it needs. Called by scripts/test.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD
triple=x86_64-pc-windows-gnu
# Its own target folder: the Windows build never touches target/debug.
win_target="$repo/target/windows"
wine64=/usr/lib/wine/wine64

need_apt=()
command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1 || need_apt+=(gcc-mingw-w64-x86-64)
[ -x "$wine64" ] || need_apt+=(wine64)
command -v curl >/dev/null 2>&1 || need_apt+=(curl)
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
if ! rustup target list --installed | grep -qx "$triple" && ! rustup target add "$triple"; then
  # The Windows standard library comes from rustup's own server, not from a package registry:
  # a machine that cannot reach it cannot build the .exe. Said loudly, not failed silently.
  echo "SPRUNGET OVER: Windows-målet $triple er ikke installeret og kan ikke hentes her" >&2
  echo "(installér det med: rustup target add $triple)" >&2
  exit 0
fi

t0=$SECONDS
echo "== cargo build --target $triple (bogbinder.exe)"
CARGO_TARGET_DIR="$win_target" cargo build --quiet --bin bogbinder --target "$triple"
echo "   byggetid: $((SECONDS - t0)) s"
t1=$SECONDS
echo "== cargo clippy --target $triple"
CARGO_TARGET_DIR="$win_target" cargo clippy --quiet --target "$triple" -- -D warnings
echo "   tid: $((SECONDS - t1)) s"
echo "== cargo build (Linux, for the comparison)"
cargo build --quiet --bin bogbinder
linux="$repo/target/debug/bogbinder"

work=$(mktemp -d "${TMPDIR:-/tmp}/bogbinder-windows.XXXXXX")
export WINEPREFIX="$win_target/wineprefix" WINEDEBUG=-all
cleanup() {
  "${wine64%/*}/wineserver" -k >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work/bin"
cp "$win_target/$triple/debug/bogbinder.exe" "$work/bin/"
x86_64-w64-mingw32-gcc -shared -O2 -s -o "$work/bin/bcryptprimitives.dll" \
  tests/windows/bcryptprimitives.c -ladvapi32

# `win DIR ARGS...`: bogbinder.exe under Wine in DIR (Wine maps it to Z:\...).
win() {
  local dir=$1
  shift
  (cd "$dir" && "$wine64" "$work/bin/bogbinder.exe" "$@")
}
lin() {
  local dir=$1
  shift
  (cd "$dir" && "$linux" "$@")
}
# The Windows name of a Linux path, as Wine maps it (drive Z: is /).
winpath() { printf 'Z:%s' "${1//\//\\}"; }

fail() {
  echo "FEJL: $*" >&2
  exit 1
}
# The rebuild table (.bogbinder-signaturer) names the program that wrote it, so it differs.
same_tree() {
  diff -r -x .bogbinder-signaturer "$1" "$2" >/dev/null || {
    diff -r -x .bogbinder-signaturer --brief "$1" "$2" | head -20 >&2
    fail "$3: $1 og $2 er forskellige"
  }
  echo "   ens: $3 ($(find "$1" -type f | wc -l) filer)"
}

demo() {
  mkdir -p "$1"
  cp bogbinder.toml "$1/"
  cp -r content "$1/"
  if [ -d themes ]; then cp -r themes "$1/"; fi
}

echo "== Wine: $("$wine64" --version)"
# The first start makes the Wine prefix (half a minute); it is reused after that.
win "$work" --version >"$work/version.txt"
grep -qx "bogbinder $(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)" <(tr -d '\r' <"$work/version.txt") ||
  fail "--version: $(cat "$work/version.txt")"
echo "   $(cat "$work/version.txt")"

demo "$work/lin"
demo "$work/win"

echo "== build"
lin "$work/lin" build >"$work/lin-build.txt"
win "$work/win" build >"$work/win-build.txt"
same_tree "$work/lin/output" "$work/win/output" "håndbogen"
grep -q 'Z:\\' "$work/win-build.txt" || fail "build nævner ikke outputmappen som Windows-sti: $(cat "$work/win-build.txt")"

echo "== check"
lin "$work/lin" check >"$work/lin-check.txt"
win "$work/win" check >"$work/win-check.txt"
# Only the time differs.
norm() { sed 's/på [0-9]*,[0-9]* s/på N s/' "$1"; }
diff <(norm "$work/lin-check.txt") <(norm "$work/win-check.txt") || fail "check siger noget andet"
echo "   $(cat "$work/win-check.txt")"

echo "== build igen (udskiftningen uden atomisk ombytning)"
page=$(cd "$work/lin" && find content/metoder -name '*.md' ! -name '_index.md' | sort | head -1)
for side in lin win; do printf '\nNy tekst.\n' >>"$work/$side/$page"; done
lin "$work/lin" build >/dev/null
win "$work/win" build >/dev/null
same_tree "$work/lin/output" "$work/win/output" "håndbogen, bygget igen"
[ -f "$work/win/.output.forrige/.bogbinder-output" ] || fail "den forrige udgave blev ikke gemt til genbrug"
if ls -a "$work/win" | grep -q '^\.output\.\(ny\|slettes\)-'; then fail "rester efter udskiftningen: $(ls -a "$work/win")"; fi

echo "== Windows-stier: --root og --output med drevbogstav og omvendte skråstreger, \\\\?\\-stier"
# With --output every audience edition goes in a folder of its own under it: compared with
# the Linux build given an --output too.
lin "$work/lin" build --output "$work/lin-ud" >/dev/null
win "$work" --root "$(winpath "$work/win")" build --output "$(winpath "$work/ud-drev")" >/dev/null
same_tree "$work/lin-ud" "$work/ud-drev" "--output Z:\\..."
win "$work/win" build --output 'ud\i\mapper' >/dev/null
same_tree "$work/lin-ud" "$work/win/ud/i/mapper" "--output ud\\i\\mapper"
win "$work" --root "\\\\?\\$(winpath "$work/win")" build --output "\\\\?\\$(winpath "$work/ud-lang")" >/dev/null
same_tree "$work/lin-ud" "$work/ud-lang" "\\\\?\\Z:\\..."

echo "== book laerke"
lin "$work/lin" book laerke >"$work/lin-book.txt"
win "$work/win" book laerke >"$work/win-book.txt"
# The PDF is compared by its text (pdftotext), the rest byte for byte.
for side in lin win; do
  mkdir -p "$work/$side-book"
  (cd "$work/$side/boeger-output/laerke" && find . -type f ! -name '*.pdf' -exec cp --parents {} "$work/$side-book/" \;)
  (cd "$work/$side/boeger-output/laerke" && find . -type f -name '*.pdf' | sort) >"$work/$side-pdfs.txt"
done
same_tree "$work/lin-book" "$work/win-book" "bogens HTML og billeder"
diff "$work/lin-pdfs.txt" "$work/win-pdfs.txt" || fail "bogens PDF-filer har andre navne"
while read -r pdf; do
  a="$work/lin/boeger-output/laerke/$pdf"
  b="$work/win/boeger-output/laerke/$pdf"
  if cmp -s "$a" "$b"; then
    echo "   ens: $pdf (byte for byte)"
  elif command -v pdftotext >/dev/null 2>&1; then
    diff <(pdftotext "$a" -) <(pdftotext "$b" -) >/dev/null || fail "$pdf har en anden tekst"
    echo "   ens tekst: $pdf (bytes forskellige: $(cmp "$a" "$b" | head -1))"
  else
    fail "$pdf er forskellig, og pdftotext mangler"
  fi
done <"$work/lin-pdfs.txt"

echo "== new bog"
lin "$work/lin" new bog "Søren Åge" >/dev/null
win "$work/win" new bog "Søren Åge" >/dev/null
same_tree "$work/lin/content/boeger/soeren-aage" "$work/win/content/boeger/soeren-aage" "den nye bog"
if grep -rl $'\r' "$work/win/content/boeger/soeren-aage" >/dev/null; then fail "CRLF i den nye bog"; fi

echo "== uden kommando (dobbeltklik) uden for et projekt"
mkdir -p "$work/tom"
set +e
win "$work/tom" </dev/null >"$work/tom.txt"
rc=$?
set -e
[ "$rc" = 2 ] || fail "uden kommando: kode $rc"
grep -q "Der er intet projekt i Z:" "$work/tom.txt" || fail "uden kommando: $(cat "$work/tom.txt")"
grep -q "bogbinder.exe" "$work/tom.txt" || fail "uden kommando nævner ikke bogbinder.exe"
[ -z "$(ls -A "$work/tom")" ] || fail "uden kommando skrev noget"
echo "   forklaringen på dansk, intet skrevet"

echo "== serve under Wine: en gemt fil når frem, og browseren åbnes med adressen"
demo "$work/serve"
# A browser that writes down the address it is given: Wine hands an address given to
# ShellExecute to winebrowser, which starts xdg-open from PATH.
mkdir -p "$work/browser"
printf '#!/bin/sh\nprintf "%%s\\n" "$1" >>"%s/aabnet.txt"\n' "$work" >"$work/browser/xdg-open"
chmod +x "$work/browser/xdg-open"
# `serve_start NAME ARGS...`: bogbinder.exe ARGS in $work/serve, in the background, until it
# has built and listens; sets serve_pid and url (the handbook's address).
serve_start() {
  local name=$1
  shift
  (cd "$work/serve" && PATH="$work/browser:$PATH" exec "$wine64" "$work/bin/bogbinder.exe" "$@" \
    >"$work/$name.txt" 2>"$work/$name-fejl.txt") &
  serve_pid=$!
  local i
  for i in $(seq 600); do
    grep -q '^Byggede' "$work/$name.txt" && break
    kill -0 "$serve_pid" 2>/dev/null || fail "$name stoppede: $(cat "$work/$name-fejl.txt")"
    sleep 0.2
  done
  grep -q '^Byggede' "$work/$name.txt" || fail "$name byggede ikke på 120 s: $(cat "$work/$name.txt")"
  url=$(tr -d '\r' <"$work/$name.txt" | sed -n 's/^Forhåndsvisning: //p')
}
serve_stop() {
  kill "$serve_pid" 2>/dev/null || true
  wait "$serve_pid" 2>/dev/null || true
}
# `arrives TEXT`: waits up to 20 s for the page to show TEXT; prints the milliseconds.
arrives() {
  local t=$(($(date +%s%N) / 1000000)) i
  for i in $(seq 200); do
    if curl -sf "$url$address" | grep -qF "$1"; then
      echo $(($(date +%s%N) / 1000000 - t))
      return 0
    fi
    sleep 0.1
  done
  fail "serve: \"$1\" kom ikke frem på $url$address inden for 20 s ($(tail -3 "$work/serve-fejl.txt"))"
}
serve_start serve serve --port 0 --no-open
address=${page#content/}
address=${address%.md}/
[ "$(curl -s -o /dev/null -w '%{http_code}' "$url$address")" = 200 ] || fail "serve svarer ikke på $url$address"
curl -sN --max-time 60 "${url}__bogbinder/events" >"$work/events.txt" 2>/dev/null &
events_pid=$!
sleep 0.5
printf '\nGemt under Wine.\n' >>"$work/serve/$page"
echo "   gemt i filen: på siden efter $(arrives 'Gemt under Wine.') ms"
# Editors that save through a new file renamed over the old one (an event of another kind).
{ cat "$work/serve/$page" && printf '\nGemt med omdøbning.\n'; } >"$work/serve/$page.tmp"
mv "$work/serve/$page.tmp" "$work/serve/$page"
echo "   gemt med omdøbning: på siden efter $(arrives 'Gemt med omdøbning.') ms"
kill "$events_pid" 2>/dev/null || true
wait "$events_pid" 2>/dev/null || true
grep -q "\"changed\":\[[^]]*\"${address}index.html\"" "$work/events.txt" ||
  fail "event-strømmen nævnte ikke ${address}index.html: $(cat "$work/events.txt")"
echo "   event-strømmen: $(grep -c '^event: update' "$work/events.txt") opdateringer"
serve_stop
[ ! -e "$work/aabnet.txt" ] || fail "serve --no-open åbnede browseren: $(cat "$work/aabnet.txt")"
# skriv opens the desk by itself: the very address it printed, with its token, as one argument.
serve_start skriv skriv --port 0
desk=$(tr -d '\r' <"$work/skriv.txt" | sed -n 's/^Skrivebord: //p')
for i in $(seq 100); do [ -s "$work/aabnet.txt" ] && break; sleep 0.2; done
serve_stop
[ -s "$work/aabnet.txt" ] || fail "skriv åbnede ikke browseren ($(cat "$work/skriv-fejl.txt"))"
[ "$(cat "$work/aabnet.txt")" = "$desk" ] || fail "browseren fik \"$(cat "$work/aabnet.txt")\", ikke \"$desk\""
echo "   skriv åbnede browseren med $desk"

echo "== enhedstests af Windows-stier og udskiftningen, under Wine"
# The library's unit tests built for Windows; those for paths, the output swap, leftovers and
# names run (the rest assume Linux and are run by cargo test).
testexe=$(CARGO_TARGET_DIR="$win_target" cargo test --lib --no-run --target "$triple" 2>&1 |
  sed -n 's/.*Executable unittests src\/lib.rs (\(.*\))$/\1/p' | tail -1)
[ -n "$testexe" ] || fail "enhedstestene for Windows blev ikke bygget"
case $testexe in /*) ;; *) testexe="$repo/$testexe" ;; esac
cp "$work/bin/bcryptprimitives.dll" "$(dirname "$testexe")/"
(cd "$work" && "$wine64" "$testexe" windows_paths output:: --test-threads=1 2>&1 | tr -d '\r' | tee "$work/unit.txt" | grep -E '^test |test result')
grep -q 'test result: ok' "$work/unit.txt" || fail "enhedstestene fejlede under Wine"
grep -q 'windows_paths_are_normalised_and_checked ... ok' "$work/unit.txt" || fail "Windows-stitestene kørte ikke"

echo "== Alt i orden: bogbinder.exe under Wine skriver det samme som Linux-udgaven ($((SECONDS - t0)) s i alt)"
