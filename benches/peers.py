#!/usr/bin/env python3
"""Turns a corpus of benches/gen_corpus.py into the same handbook for a peer generator.

usage: peers.py hugo|zola CORPUS_DIR OUT_DIR

The pages, their text, taxonomies and references stay the same; the templates are minimal (a
page, a list, a taxonomy and a term page, each with a title and the list or the content), as a
peer would start from. bogbinder builds its full theme and search, so the comparison is not in
bogbinder's favour. Feeds (RSS) are turned off: bogbinder writes none.
"""
import os
import shutil
import sys

TAXONOMIES = ["tema", "malgruppe", "kommune", "anbefaling"]

HUGO_LAYOUTS = {
    "_default/baseof.html": "<!DOCTYPE html><html lang=\"da\"><head><meta charset=\"utf-8\">"
    "<title>{{ .Title }}</title></head><body><nav><a href=\"{{ .Site.Home.RelPermalink }}\">"
    "{{ .Site.Title }}</a></nav><main>{{ block \"main\" . }}{{ end }}</main></body></html>\n",
    "_default/single.html": "{{ define \"main\" }}<h1>{{ .Title }}</h1>{{ .Content }}"
    "{{ range .Params.tema }}<a href=\"/tema/{{ . | urlize }}/\">{{ . }}</a> {{ end }}{{ end }}\n",
    "_default/list.html": "{{ define \"main\" }}<h1>{{ .Title }}</h1>{{ .Content }}<ul>"
    "{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul>"
    "{{ end }}\n",
}

ZOLA_TEMPLATES = {
    "base.html": "<!DOCTYPE html><html lang=\"da\"><head><meta charset=\"utf-8\"><title>"
    "{% block title %}{{ config.title }}{% endblock %}</title></head><body><main>"
    "{% block main %}{% endblock %}</main></body></html>\n",
    "page.html": "{% extends \"base.html\" %}{% block main %}<h1>{{ page.title }}</h1>"
    "{{ page.content | safe }}{% endblock %}\n",
    "section.html": "{% extends \"base.html\" %}{% block main %}<h1>{{ section.title }}</h1>"
    "<ul>{% for p in section.pages %}<li><a href=\"{{ p.permalink }}\">{{ p.title }}</a></li>"
    "{% endfor %}</ul>{% endblock %}\n",
    "index.html": "{% extends \"section.html\" %}\n",
    "taxonomy_list.html": "{% extends \"base.html\" %}{% block main %}<ul>{% for t in terms %}"
    "<li><a href=\"{{ t.permalink }}\">{{ t.name }}</a></li>{% endfor %}</ul>{% endblock %}\n",
    "taxonomy_single.html": "{% extends \"base.html\" %}{% block main %}<h1>{{ term.name }}</h1>"
    "<ul>{% for p in term.pages %}<li><a href=\"{{ p.permalink }}\">{{ p.title }}</a></li>"
    "{% endfor %}</ul>{% endblock %}\n",
}


def convert_front(text, peer):
    """Front matter in the peer's words: Hugo takes taxonomies at the top level, Zola takes
    unknown fields (the references) only under [extra]."""
    if not text.startswith("+++\n"):
        return text
    end = text.index("\n+++\n", 4)
    front, body = text[4:end].split("\n"), text[end:]
    out = []
    extra = []
    for line in front:
        if peer == "hugo" and line == "[taxonomies]":
            continue
        if peer == "zola" and line.split(" = ")[0] in ("metoder", "redskaber"):
            extra.append(line)
            continue
        if peer == "zola" and line == "[taxonomies]" and extra:
            out += ["[extra]", *extra, ""]
            extra = []
        out.append(line)
    return "+++\n" + "\n".join(out) + body


def write_files(root, files):
    for rel, text in files.items():
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in ("hugo", "zola"):
        sys.exit(__doc__)
    peer, corpus, out = sys.argv[1:]
    shutil.rmtree(out, ignore_errors=True)
    taxonomies = "\n".join(f'{t} = "{t}"' for t in TAXONOMIES)
    if peer == "hugo":
        write_files(out, {
            "hugo.toml": 'baseURL = "https://example.invalid/"\ntitle = "Benchmark-håndbog"\n'
                         'languageCode = "da"\ndisableKinds = ["RSS"]\n'
                         f"[taxonomies]\n{taxonomies}\n",
            **{f"layouts/{k}": v for k, v in HUGO_LAYOUTS.items()},
        })
    else:
        names = ", ".join(f'{{name = "{t}"}}' for t in TAXONOMIES)
        write_files(out, {
            "config.toml": 'base_url = "https://example.invalid/"\ntitle = "Benchmark-håndbog"\n'
                           f'default_language = "da"\ngenerate_feeds = false\ntaxonomies = [{names}]\n',
            **{f"templates/{k}": v for k, v in ZOLA_TEMPLATES.items()},
        })
    src = os.path.join(corpus, "content")
    for folder, _, files in os.walk(src):
        for name in files:
            with open(os.path.join(folder, name), encoding="utf-8") as f:
                text = f.read()
            rel = os.path.relpath(os.path.join(folder, name), src)
            write_files(os.path.join(out, "content"), {rel: convert_front(text, peer)})


if __name__ == "__main__":
    main()
