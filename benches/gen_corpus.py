#!/usr/bin/env python3
"""Generates a synthetic bogbinder project for benchmarks.

usage: gen_corpus.py DIR N

Writes DIR/bogbinder.toml and DIR/content/ with N pages spread over the four sections (methods,
practice examples, tools, courses), with Danish text, front matter, cross-references (every example
names methods, every method names tools), in-text @/ links with anchors, and taxonomies. The output is
the same for the same N (fixed random seed), so runs can be compared.
"""
import os
import random
import sys

WORDS = (
    "barnet samtalen samtaler børn barnets inddragelse trivsel forældre skolen sagsbehandler "
    "handleplan opfølgning møde netværk plejefamilie anbringelse ønsker bekymring hjælp tryghed "
    "kommune rådgiver pædagog lærer sundhedsplejerske vurdering dokumentation indsats perspektiv "
    "stemme hverdag venner fritid familie relation kontakt fortrolig voksen ungdom læring udvikling "
    "tidlig opsporing signaler samarbejde tværfaglig ressourcer erfaringer gevinster forudsætninger "
    "gode råd praksis metode redskab spørgeguide skema matrix robusthed støtte mål aftaler"
).split()
TEMAER = ["inddragelse", "tæt kontakt", "dokumentation", "opfølgningsmøder",
          "løbende faglig vurdering", "tidlig opsporing", "trivsel", "samarbejde med forældre"]
MALGRUPPER = ["Børn 0-6 år", "Børn 6-12 år", "Unge 13-17 år", "Forældre", "Fagpersoner"]
KOMMUNER = ["Aalborg", "Aarhus", "Ærø", "Favrskov", "Herlev", "Middelfart", "Odense",
            "Roskilde", "Svendborg", "Vordingborg", "Østerbro", "Åbenrå"]
SECTIONS = [("metoder", "Metoder", 0.25), ("eksempler", "Praksiseksempler", 0.4),
            ("redskaber", "Redskaber", 0.3), ("kurser", "Kurser", 0.05)]


def sentence(rng, n):
    words = [rng.choice(WORDS) for _ in range(n)]
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def paragraph(rng):
    return " ".join(sentence(rng, rng.randint(6, 16)) for _ in range(rng.randint(3, 6)))


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    root, n = sys.argv[1], int(sys.argv[2])
    rng = random.Random(42)
    content = os.path.join(root, "content")
    os.makedirs(content, exist_ok=True)
    with open(os.path.join(root, "bogbinder.toml"), "w", encoding="utf-8") as f:
        f.write('title = "Benchmark-håndbog"\nkommune = "Benchmark Kommune"\n'
                'base_url = "https://example.invalid/"\n')
    with open(os.path.join(content, "_index.md"), "w", encoding="utf-8") as f:
        f.write('+++\ntitle = "Benchmark-håndbog"\n+++\n' + paragraph(rng) + "\n")

    counts = {}
    remaining = n
    for i, (key, _, share) in enumerate(SECTIONS):
        c = remaining if i == len(SECTIONS) - 1 else max(1, int(n * share))
        counts[key] = c
        remaining -= c
    names = {key: [f"{key[:-2] if key.endswith('er') else key}-{j:05d}" for j in range(c)]
             for key, c in counts.items()}

    for w, (key, title, _) in enumerate(SECTIONS):
        d = os.path.join(content, key)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "_index.md"), "w", encoding="utf-8") as f:
            f.write(f'+++\ntitle = "{title}"\nweight = {w + 1}\n+++\n{paragraph(rng)}\n')
        for j, name in enumerate(names[key]):
            refs = []
            if key == "metoder" and names["redskaber"]:
                refs.append("redskaber = [%s]" % ", ".join(
                    f'"@/redskaber/{rng.choice(names["redskaber"])}.md"' for _ in range(2)))
            if key == "eksempler" and names["metoder"]:
                refs.append("metoder = [%s]" % ", ".join(
                    f'"@/metoder/{rng.choice(names["metoder"])}.md"' for _ in range(2)))
            tema = rng.sample(TEMAER, 2)
            front = [
                f'title = "{sentence(rng, 3)[:-1]} {j}"',
                f'description = "{sentence(rng, 12)}"',
                f"updated = 2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                *refs,
                "",
                "[taxonomies]",
                "tema = [%s]" % ", ".join(f'"{t}"' for t in tema),
                f'malgruppe = ["{rng.choice(MALGRUPPER)}"]',
            ]
            if key == "eksempler":
                front.append(f'kommune = ["{rng.choice(KOMMUNER)} Kommune"]')
                front.append(f'anbefaling = ["Anbefaling {rng.randint(1, 7)}"]')
            other_key = rng.choice([k for k in names if names[k]])
            other = rng.choice(names[other_key])
            body = [
                "## Baggrund", paragraph(rng), "",
                f"Se også [{other}](@/{other_key}/{other}.md#saadan-goer-vi-i-praksis).", "",
                "## Sådan gør vi i praksis", paragraph(rng), "",
                "- " + sentence(rng, 6), "- " + sentence(rng, 7), "- " + sentence(rng, 5), "",
                "> [!GODE RÅD]", "> " + sentence(rng, 10), "",
                "## Erfaringer og gevinster", paragraph(rng), paragraph(rng),
            ]
            with open(os.path.join(d, name + ".md"), "w", encoding="utf-8") as f:
                f.write("+++\n" + "\n".join(front) + "\n+++\n" + "\n".join(body) + "\n")


if __name__ == "__main__":
    main()
