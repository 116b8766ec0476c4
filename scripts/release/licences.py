#!/usr/bin/env python3
"""The third-party licences of a release package, written to OUT (the package's LICENSES/).

Usage: licences.py TRIPLE PROGRAM OUT

- SKRIFTTYPER.txt: every font file that is actually inside PROGRAM (found by its bytes, not
  assumed), with the copyright and licence its own name table states, and the file in LICENSES/
  with the licence's full text. The PDFs embed these fonts. A font inside PROGRAM whose licence
  this script does not know stops the release (exit 1).
- The licence files of the crates those fonts come from, copied from their sources (typst-assets'
  NOTICE covers each of its font files by name; epaint_default_fonts ships one file per font).
- RUST-CRATES.txt: every crate built into PROGRAM for TRIPLE (the normal dependencies of
  bogbinder, per `cargo metadata --filter-platform`), with its licence from Cargo.toml, and
  then every licence file those crates ship, each distinct text once with the crates it is from.

Only the standard library of python3 and cargo are used.
"""

import fnmatch
import hashlib
import json
import os
import re
import struct
import subprocess
import sys

# epaint_default_fonts ships one licence file per font (fonts/<file>), beside the fonts.
EPAINT_LICENCES = {
    "NotoEmoji-Regular.ttf": ("OFL.txt", "SIL Open Font License 1.1 (OFL-1.1)"),
    "Ubuntu-Light.ttf": ("UFL.txt", "Ubuntu Font Licence 1.0"),
    "Hack-Regular.ttf": ("Hack-Regular.txt", "MIT (Hack) og Bitstream Vera-licensen"),
    "emoji-icon-font.ttf": ("emoji-icon-font-mit-license.txt", "MIT"),
}
FONT_SUFFIXES = (".ttf", ".otf", ".pfb", ".ttc")
LICENCE_FILE = re.compile(r"(?i)^(licen[sc]e|copying|copyright|notice|unlicense)([-_.].*)?$")


def fail(message):
    print(f"FEJL (licenser): {message}", file=sys.stderr)
    sys.exit(1)


def metadata(triple):
    out = subprocess.run(
        ["cargo", "metadata", "--format-version", "1", "--locked", "--filter-platform", triple],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out)


def built_in_crates(meta):
    """The packages reached from the root through normal (not dev, not build) dependencies."""
    packages = {p["id"]: p for p in meta["packages"]}
    nodes = {n["id"]: n for n in meta["resolve"]["nodes"]}
    root = meta["resolve"]["root"]
    seen, todo = set(), [root]
    while todo:
        pid = todo.pop()
        if pid in seen:
            continue
        seen.add(pid)
        for dep in nodes[pid]["deps"]:
            if any(k["kind"] is None for k in dep["dep_kinds"]):
                todo.append(dep["pkg"])
    seen.discard(root)
    return sorted((packages[p] for p in seen), key=lambda p: (p["name"], p["version"]))


def name_table(data):
    """Copyright (0), full name (4) and licence (13) from a TrueType/OpenType font's name table."""
    if len(data) < 12 or data[:4] not in (b"\x00\x01\x00\x00", b"OTTO", b"true"):
        return {}
    (count,) = struct.unpack(">H", data[4:6])
    for i in range(count):
        tag, _, offset, _ = struct.unpack(">4sIII", data[12 + 16 * i : 28 + 16 * i])
        if tag != b"name":
            continue
        _, n, strings = struct.unpack(">HHH", data[offset : offset + 6])
        found = {}
        for j in range(n):
            rec = data[offset + 6 + 12 * j : offset + 18 + 12 * j]
            platform, _, lang, name_id, length, start = struct.unpack(">HHHHHH", rec)
            raw = data[offset + strings + start : offset + strings + start + length]
            # Windows, English (United States): UTF-16BE.
            if platform == 3 and lang == 0x409 and name_id in (0, 4, 13):
                found.setdefault(name_id, raw.decode("utf-16-be", "replace").strip())
        return found
    return {}


def cff_name(data):
    """The font name of a bare CFF font (typst-assets' Foxit `.pfb` files are CFF): the first
    entry of its Name INDEX. Its copyright is not read; NOTICE has it."""
    try:
        start = data[2]
        count, off_size = struct.unpack(">HB", data[start : start + 3])
        offsets = [
            int.from_bytes(data[start + 3 + i * off_size : start + 3 + (i + 1) * off_size], "big")
            for i in (0, 1)
        ]
        base = start + 3 + (count + 1) * off_size - 1
        name = data[base + offsets[0] : base + offsets[1]].decode("latin-1")
        return {4: name, 0: "(står ikke i filen; se afsnittet om filen i NOTICE)"}
    except (IndexError, struct.error):
        return {}


def short(text, limit=240):
    """A font's own statement on one line; a long one (a whole licence) cut, since its full
    text is in the licence file."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 2].rstrip() + " …"


def embedded(font, program):
    """Whether the font file's bytes are inside the program (a slice from its middle)."""
    middle = len(font) // 2
    return program.find(font[middle : middle + 256]) >= 0


def typst_notice_licence(notice, rel):
    """The licence typst-assets' NOTICE gives `rel` (files/fonts/...): each section names its
    files ("* ... in files/fonts/NewCM*.otf") under "The <licence> applies to:". An exact name
    wins over a pattern (NewCM10-Regular has its own section). None: not named."""
    matches = []
    for block in re.split(r"\n={20,}\n", notice):
        head = re.match(r"\s*(.*?)\s+appl(?:y|ies) to:", block, re.S)
        for pattern in re.findall(r"^\* .* in (files/\S+)", block, re.M):
            if fnmatch.fnmatch(rel, pattern):
                name = " ".join(head.group(1).split()) if head else ""
                named = "below" not in name and name.startswith("The ")
                matches.append((pattern != rel, name[4:] if named else "se afsnittet om filen i NOTICE"))
    return min(matches)[1] if matches else None


def fonts_in(program, crates, out):
    """The font files inside `program`, their licence files copied to `out`; the lines of
    SKRIFTTYPER.txt."""
    by_name = {p["name"]: p for p in crates}
    entries, copied = [], set()

    def copy(src, dest):
        if dest not in copied:
            with open(src, "rb") as f, open(os.path.join(out, dest), "wb") as g:
                g.write(f.read())
            copied.add(dest)

    sources = []
    if "typst-assets" in by_name:
        sources.append((by_name["typst-assets"], "files/fonts"))
    if "epaint_default_fonts" in by_name:
        sources.append((by_name["epaint_default_fonts"], "fonts"))
    for crate, folder in sources:
        base = os.path.dirname(crate["manifest_path"])
        tag = f"{crate['name']}-{crate['version']}"
        notice = ""
        if crate["name"] == "typst-assets":
            with open(os.path.join(base, "NOTICE"), encoding="utf-8") as f:
                notice = f.read()
        for name in sorted(os.listdir(os.path.join(base, folder))):
            if not name.endswith(FONT_SUFFIXES):
                continue
            with open(os.path.join(base, folder, name), "rb") as f:
                data = f.read()
            if not embedded(data, program):
                continue
            rel = f"{folder}/{name}"
            if crate["name"] == "typst-assets":
                licence = typst_notice_licence(notice, rel)
                if licence is None:
                    fail(f"{rel} fra {tag} er i programmet, men NOTICE nævner den ikke")
                licence_file = f"{tag}-NOTICE.txt"
                copy(os.path.join(base, "NOTICE"), licence_file)
                copy(os.path.join(base, "LICENSE"), f"{tag}-LICENSE.txt")
            else:
                if name not in EPAINT_LICENCES:
                    fail(f"{rel} fra {tag} er i programmet, og dens licens er ukendt")
                text, licence = EPAINT_LICENCES[name]
                licence_file = f"{tag}-{text}"
                copy(os.path.join(base, folder, text), licence_file)
            meta = cff_name(data) if name.endswith(".pfb") else name_table(data)
            entries.append(
                f"{name} ({tag}, {rel})\n"
                f"  Skrifttype: {short(meta.get(4, '?'))}\n"
                f"  Copyright:  {short(meta.get(0, '?'))}\n"
                + (f"  I skriften: {short(meta[13])}\n" if meta.get(13) else "")
                + f"  Licens:     {licence}\n"
                f"  Fuld tekst: LICENSES/{licence_file}\n"
            )
    if not entries:
        fail("ingen skrifttyper fundet i programmet (er det det rigtige program?)")
    return entries


def crate_licences(crates):
    """RUST-CRATES.txt: the list, then each distinct licence text once."""
    lines = [
        "Rust-biblioteker (crates), der er bygget ind i programmet",
        "==========================================================",
        "",
        "Listen er lavet med `cargo metadata` ud fra Cargo.lock: bogbinders almindelige",
        "afhængigheder for denne platform (ikke dem, der kun bruges til test). Licensen står,",
        "som biblioteket selv angiver den i sin Cargo.toml. Derefter følger licensfilerne, som",
        "bibliotekerne selv har med, hver tekst én gang med de biblioteker, den kommer fra.",
        "Et bibliotek uden licensfil i sin pakke har kun sin licens nævnt her; Apache-2.0-",
        "og MIT-teksterne står i LICENSE-APACHE og LICENSE-MIT og nedenfor.",
        "",
    ]
    width = max(len(f"{p['name']} {p['version']}") for p in crates)
    texts, without = {}, []
    for p in crates:
        label = f"{p['name']} {p['version']}"
        lines.append(f"{label:<{width}}  {p.get('license') or 'se licensfilen'}")
        base = os.path.dirname(p["manifest_path"])
        files = sorted(f for f in os.listdir(base) if LICENCE_FILE.match(f))
        if p.get("license_file"):
            files.append(p["license_file"])
        found = False
        for name in dict.fromkeys(files):
            path = os.path.join(base, name)
            if not os.path.isfile(path):
                continue
            with open(path, encoding="utf-8", errors="replace") as f:
                text = f.read().strip()
            key = hashlib.sha256(" ".join(text.split()).encode()).hexdigest()
            texts.setdefault(key, [text, []])[1].append(f"{label} ({name})")
            found = True
        if not found:
            without.append(label)
    lines += ["", f"{len(crates)} biblioteker.", ""]
    if without:
        lines += ["Uden licensfil i pakken: " + ", ".join(without), ""]
    for text, sources in texts.values():
        lines += ["=" * 78, "Fra: " + ", ".join(sources), "-" * 78, text, ""]
    return lines


def main():
    if len(sys.argv) != 4:
        fail("brug: licences.py TRIPLE PROGRAM OUT")
    triple, program_path, out = sys.argv[1:]
    os.makedirs(out, exist_ok=True)
    crates = built_in_crates(metadata(triple))
    with open(program_path, "rb") as f:
        program = f.read()
    fonts = fonts_in(program, crates, out)
    head = [
        "Skrifttyperne i programmet",
        "==========================",
        "",
        "bogbinder har disse skrifttyper indbygget og lægger dem ind i de PDF-filer, den laver",
        "(barnets bøger, kompendier, håndbogen som PDF). De er ikke lavet af bogbinder, men må",
        "deles efter deres egne frie licenser. Hver skrifttype står med den copyright, den selv",
        "angiver, og filen her i LICENSES/ med licensens fulde tekst. Licenserne gælder",
        "skrifttyperne, ikke de dokumenter, der laves med dem.",
        "",
    ]
    with open(os.path.join(out, "SKRIFTTYPER.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(head) + "\n" + "\n".join(fonts))
    with open(os.path.join(out, "RUST-CRATES.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(crate_licences(crates)) + "\n")
    print(f"   licenser: {len(fonts)} skrifttyper, {len(crates)} biblioteker -> {out}")


if __name__ == "__main__":
    main()
