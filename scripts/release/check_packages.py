#!/usr/bin/env python3
"""Checks what each package in DIST holds, read back from the packages themselves (tar.gz and
zip): the program, the guide, bogbinder's licences, the licences of the fonts the PDFs embed
(Libertinus Serif, New Computer Modern, DejaVu Sans Mono from typst-assets; Noto Emoji and
Ubuntu from epaint_default_fonts) and of the Rust crates, and the demo. Exit 1 if one lacks any.

Usage: check_packages.py DIST
"""

import glob
import os
import re
import sys
import tarfile
import zipfile

NEED = [
    "LÆS-MIG.txt",
    "LICENSE-MIT",
    "LICENSE-APACHE",
    "LICENSES/SKRIFTTYPER.txt",
    "LICENSES/RUST-CRATES.txt",
    "demo/bogbinder.toml",
]
NEED_PATTERNS = [
    r"LICENSES/typst-assets-[0-9.]+-NOTICE\.txt",
    r"LICENSES/typst-assets-[0-9.]+-LICENSE\.txt",
    r"LICENSES/epaint_default_fonts-[0-9.]+-OFL\.txt",
    r"LICENSES/epaint_default_fonts-[0-9.]+-UFL\.txt",
]
# The fonts the PDFs use, as SKRIFTTYPER.txt names them from the fonts' own name tables.
FONTS = ["Noto Emoji", "Libertinus Serif", "NewComputerModern", "DejaVu Sans Mono", "Ubuntu"]
# Their licences' full texts, somewhere in LICENSES/.
LICENCE_TEXTS = [
    "SIL OPEN FONT LICENSE Version 1.1",
    "GUST Font License",
    "Bitstream Vera Fonts Copyright",
    "UBUNTU FONT LICENCE Version 1.0",
    "GNU GENERAL PUBLIC LICENSE",
]


def contents(package):
    """(names below the package's top folder, read(name) -> bytes)."""
    if package.endswith(".zip"):
        archive = zipfile.ZipFile(package)
        names, read = archive.namelist(), archive.read
    else:
        archive = tarfile.open(package)
        names = [m.name for m in archive.getmembers() if m.isfile()]

        def read(name):
            return archive.extractfile(name).read()

    top = names[0].split("/")[0]
    inside = {n[len(top) + 1 :] for n in names if n.startswith(top + "/")}
    return inside, lambda n: read(f"{top}/{n}")


def missing_in(package):
    inside, read = contents(package)
    program = "bogbinder.exe" if package.endswith(".zip") else "bogbinder"
    missing = [n for n in [program] + NEED if n not in inside]
    missing += [p for p in NEED_PATTERNS if not any(re.fullmatch(p, n) for n in inside)]
    if missing:
        return missing
    fonts = read("LICENSES/SKRIFTTYPER.txt").decode("utf-8-sig")
    missing += [f"{f} i LICENSES/SKRIFTTYPER.txt" for f in FONTS if f"Skrifttype: {f}" not in fonts]
    # The copied licence files, not the lists that quote them.
    lists = ("LICENSES/SKRIFTTYPER.txt", "LICENSES/RUST-CRATES.txt")
    texts = b"".join(read(n) for n in sorted(inside) if n.startswith("LICENSES/") and n not in lists)
    missing += [f"licensteksten \"{t}\" i LICENSES/" for t in LICENCE_TEXTS if t.encode() not in texts]
    return missing


def main():
    dist = sys.argv[1]
    packages = sorted(glob.glob(os.path.join(dist, "*.tar.gz")) + glob.glob(os.path.join(dist, "*.zip")))
    if not packages:
        print(f"FEJL: ingen pakker i {dist}", file=sys.stderr)
        sys.exit(1)
    failed = False
    for package in packages:
        missing = missing_in(package)
        if missing:
            print(f"FEJL: {os.path.basename(package)} mangler: " + ", ".join(missing), file=sys.stderr)
            failed = True
        else:
            print(f"   {os.path.basename(package)}: {len(contents(package)[0])} filer, licenserne er med")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
