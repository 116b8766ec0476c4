#!/usr/bin/env bash
# Builds what users download: the Linux x86_64 program and the Windows x86_64 program (.exe,
# cross-compiled with Debian's mingw-w64 and the rustup target x86_64-pc-windows-gnu), each
# packed with the Danish guide LÆS-MIG.txt, the licences (bogbinder's, and in LICENSES/ those of
# the fonts and Rust crates inside the program) and the demo project, and a SHA256SUMS
# list of the packages. Result in dist/:
#   bogbinder-<version>-linux-x86_64.tar.gz
#   bogbinder-<version>-windows-x86_64.zip
#   SHA256SUMS
# macOS cannot be built here: see docs/release.md for the steps on a macOS runner.
#
# Usage: bash scripts/release.sh [--uden-windows]
# Run as root on a fresh Debian machine, it installs the mingw-w64 linker if missing.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
triple=x86_64-pc-windows-gnu
with_windows=1
[ "${1:-}" = "--uden-windows" ] && with_windows=0

version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
# Packages are reproducible: every file gets the time of the last commit.
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || echo 0)}

if [ $with_windows = 1 ]; then
  if ! command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ]; then
      apt-get update -q
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q gcc-mingw-w64-x86-64
    else
      echo "Mangler x86_64-w64-mingw32-gcc (apt-get install gcc-mingw-w64-x86-64 som root)" >&2
      exit 1
    fi
  fi
  rustup target list --installed | grep -qx "$triple" || rustup target add "$triple"
fi

echo "== cargo build --release (Linux x86_64)"
cargo build --release --quiet --bin bogbinder
if [ $with_windows = 1 ]; then
  echo "== cargo build --release --target $triple (Windows x86_64)"
  # Its own target folder (as tests/windows/run.sh), so the two never collide.
  CARGO_TARGET_DIR="$repo/target/windows" cargo build --release --quiet --bin bogbinder --target "$triple"
  exe="$repo/target/windows/$triple/release/bogbinder.exe"
  # Nothing but Windows' own DLLs: the program must run on a PC where nothing is installed.
  allowed='^(kernel32|ntdll|msvcrt|advapi32|bcrypt|bcryptprimitives|ws2_32|userenv|shell32|ole32|oleaut32|user32|secur32|crypt32|api-ms-win-[a-z0-9-]+)\.dll$'
  while read -r dll; do
    lower=$(printf '%s' "$dll" | tr 'A-Z' 'a-z')
    [[ $lower =~ $allowed ]] || {
      echo "FEJL: bogbinder.exe kræver $dll, som ikke følger med Windows" >&2
      exit 1
    }
  done < <(x86_64-w64-mingw32-objdump -p "$exe" | sed -n 's/^\s*DLL Name: //p')
fi

dist="$repo/dist"
rm -rf "$dist"
mkdir -p "$dist"

# `stage DIR PROGRAM LINE_ENDS TRIPLE`: the package's folder.
stage() {
  local dir=$1 program=$2 crlf=$3 target=$4
  mkdir -p "$dir/demo"
  cp "$program" "$dir/"
  sed "s/@VERSION@/$version/g" "scripts/release/LÆS-MIG.txt" >"$dir/LÆS-MIG.txt"
  cp LICENSE-MIT LICENSE-APACHE "$dir/"
  # LICENSES/: the fonts inside the program (found by their bytes) with their licences' full
  # texts, and the Rust crates built into it for TARGET with theirs.
  python3 scripts/release/licences.py "$target" "$program" "$dir/LICENSES"
  if [ "$crlf" = crlf ]; then
    # Windows' Notepad, also the old one: a byte order mark and CRLF.
    for f in "$dir/LÆS-MIG.txt" "$dir/LICENSE-MIT" "$dir/LICENSE-APACHE" "$dir"/LICENSES/*.txt; do
      { printf '\357\273\277'; tr -d '\r' <"$f" | sed 's/$/\r/'; } >"$f.tmp" && mv "$f.tmp" "$f"
    done
  fi
  cp bogbinder.toml "$dir/demo/"
  cp -r content "$dir/demo/"
  if [ -d themes ]; then cp -r themes "$dir/demo/"; fi
  find "$dir" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
}

linux="bogbinder-$version-linux-x86_64"
stage "$dist/$linux" target/release/bogbinder lf "$(rustc -vV | sed -n 's/^host: //p')"
tar -C "$dist" --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$SOURCE_DATE_EPOCH" \
  -cf - "$linux" | gzip -n -9 >"$dist/$linux.tar.gz"
rm -rf "${dist:?}/$linux"

if [ $with_windows = 1 ]; then
  windows="bogbinder-$version-windows-x86_64"
  stage "$dist/$windows" "$exe" crlf "$triple"
  # zip by Python's zipfile (always there with Debian's python3): names in UTF-8 (LÆS-MIG.txt),
  # sorted, with the commit's time, so the same commit gives the same bytes.
  python3 - "$dist" "$windows" <<'PY'
import os, sys, time, zipfile
dist, name = sys.argv[1], sys.argv[2]
stamp = time.gmtime(max(int(os.environ["SOURCE_DATE_EPOCH"]), 315532800))[:6]
paths = []
for top, dirs, files in os.walk(os.path.join(dist, name)):
    dirs.sort()
    paths += [os.path.join(top, f) for f in sorted(files)]
with zipfile.ZipFile(os.path.join(dist, name + ".zip"), "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    for p in paths:
        info = zipfile.ZipInfo(os.path.relpath(p, dist).replace(os.sep, "/"), stamp)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        with open(p, "rb") as f:
            z.writestr(info, f.read())
PY
  rm -rf "${dist:?}/$windows"
fi

# Read back from the packages: each holds the program, the guide, the licences (bogbinder's,
# the fonts' and the crates') and the demo.
python3 scripts/release/check_packages.py "$dist"
(cd "$dist" && shopt -s nullglob && sha256sum -- *.tar.gz *.zip >SHA256SUMS)
echo "== dist/"
(cd "$dist" && ls -l && cat SHA256SUMS)
