#!/usr/bin/env python3
"""Lists import cycles between the modules of src/ (two modules that use each other), from
`crate::` paths in code (comments and test modules left out). Issue 10: no cycles in the
import graph. Usage: python3 scripts/module_cycles.py   (exit 1 if there is a cycle)"""
import collections, os, re, sys

os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))


def module_of(path):
    parts = path[len("src/"):-len(".rs")].split("/")
    return "::".join(parts[:-1] if parts[-1] == "mod" else parts)


uses = collections.defaultdict(set)
for folder, _, files in os.walk("src"):
    for f in files:
        if not f.endswith(".rs") or f in ("main.rs", "lib.rs"):
            continue
        path = os.path.join(folder, f)
        text = open(path, encoding="utf-8").read()
        text = text.split("#[cfg(test)]\nmod tests")[0]
        code = "\n".join(l for l in text.splitlines() if not l.lstrip().startswith("//"))
        for target in re.findall(r"crate::([a-z_]+(?:::[a-z_]+)*)", code):
            uses[module_of(path)].add(target)

modules = set(uses)


def owner(path):
    parts = path.split("::")
    while parts and "::".join(parts) not in modules:
        parts.pop()
    return "::".join(parts)


graph = {m: {owner(t) for t in ts} - {m, ""} for m, ts in uses.items()}
cycles = sorted((a, b) for a in graph for b in graph[a] if a < b and a in graph.get(b, ()))
for a, b in cycles:
    print(f"{a} <-> {b}")
sys.exit(1 if cycles else 0)
