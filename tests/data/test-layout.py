#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The code's layout holds: includes point only down the layers, no two
files include each other (directly or round a circle), core/ never sees GTK,
the wizard reads no evidence JSON, and cause ids are spelled out in one
table. Prints TAP."""

import os
import re
import sys

root = os.environ.get("RD_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))

# Bottom first. A file may include its own folder's headers and those of
# the folders before it.
LAYERS = [
    "core/protocol",
    "core/model",
    "core/net",
    "core/checks",
    "core/diagnosis",
    "core/report",
    "core/fixes",
    "cli",
    "ui",
]
# Made by the build, not in the tree.
GENERATED = {"config.h"}
INCLUDE = re.compile(r'^\s*#\s*include\s+([<"])([^">]+)[">]', re.M)


def layer_of(rel):
    best = None
    for i, layer in enumerate(LAYERS):
        if rel == layer or rel.startswith(layer + "/"):
            best = i
    return best


def sources():
    for top in ("core", "cli", "ui"):
        for dirpath, _, files in os.walk(os.path.join(root, top)):
            for name in sorted(files):
                if name.endswith((".c", ".h")):
                    yield os.path.relpath(os.path.join(dirpath, name), root)


def module_of(rel):
    """A .c and its .h are one module; so is its NAME-private.h: what only
    the tests see, or the internals the module's files share (GNOME Text
    Editor's editor-window-private.h)."""
    return re.sub(r"-private$", "", os.path.splitext(rel)[0])


def read(rel):
    with open(os.path.join(root, rel), encoding="utf-8") as f:
        return f.read()


def strip_comments(text):
    return re.sub(r"/\*.*?\*/|//[^\n]*", " ", text, flags=re.S)


files = sorted(sources())
by_name = {}
duplicates = []
for rel in files:
    if rel.endswith(".h"):
        name = os.path.basename(rel)
        if name in by_name:
            duplicates.append(f"{name} ({by_name[name]}, {rel})")
        by_name[name] = rel

results = []


def check(ok, description, detail=""):
    results.append((ok, description, detail))


# 1. Every header name is unique and every include resolves.
unresolved = []
edges = {}   # module -> {module}
upward = []
gtk_in_core = []
for rel in files:
    text = read(rel)
    module = module_of(rel)
    edges.setdefault(module, set())
    for kind, target in INCLUDE.findall(text):
        if kind == "<":
            if rel.startswith(("core/", "cli/")) and re.match(r"(gtk|gdk|adwaita)", target):
                gtk_in_core.append(f"{rel} includes <{target}>")
            continue
        if target in GENERATED or target.endswith("-resources.h"):
            continue
        header = by_name.get(os.path.basename(target))
        if header is None:
            unresolved.append(f"{rel}: {target}")
            continue
        other = module_of(header)
        if other != module:
            edges[module].add(other)
        if layer_of(header) > layer_of(rel):
            upward.append(f"{rel} ({LAYERS[layer_of(rel)]}) includes {header} ({LAYERS[layer_of(header)]})")
check(not duplicates and not unresolved, "every header name is unique and every include resolves",
      "; ".join(duplicates + unresolved))
check(not upward, "includes point only down: " + " <- ".join(LAYERS), "; ".join(upward))
check(not gtk_in_core, "core/ and cli/ never include GTK or libadwaita", "; ".join(gtk_in_core))

# 2. No circles: strongly connected components of the module graph
# (a .c, its .h and its -private.h are one module).
index = {}
low = {}
stack = []
on_stack = set()
circles = []
counter = [0]
sys.setrecursionlimit(10000)


def connect(v):
    index[v] = low[v] = counter[0]
    counter[0] += 1
    stack.append(v)
    on_stack.add(v)
    for w in sorted(edges.get(v, ())):
        if w not in index:
            connect(w)
            low[v] = min(low[v], low[w])
        elif w in on_stack:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        component = []
        while True:
            w = stack.pop()
            on_stack.discard(w)
            component.append(w)
            if w == v:
                break
        if len(component) > 1:
            circles.append(" <-> ".join(sorted(component)))


for v in sorted(edges):
    if v not in index:
        connect(v)
check(not circles, "no include circles", "; ".join(circles))

# 3. The wizard shows what the core computed: no JSON reading in ui/.
JSON_READING = re.compile(
    r"\b(json_[a-z_]+|Json[A-Z][A-Za-z]*|rd_finding_get_(evidence|string|int|bool))\b")
json_in_ui = []
for rel in files:
    if not rel.startswith("ui/"):
        continue
    for m in JSON_READING.finditer(strip_comments(read(rel))):
        json_in_ui.append(f"{rel}: {m.group(0)}")
check(not json_in_ui, "ui/ reads no evidence JSON", "; ".join(sorted(set(json_in_ui))[:20]))

# 4. One table of causes: the stable ids are string literals in
# core/model/rd-cause.c only. Everything else uses RdCauseId.
table_file = "core/model/rd-cause.c"
cause_ids = re.findall(r'\{\s*RD_CAUSE_\w+,\s*"([a-z0-9-]+)"', read(table_file))
# The same words meaning something else: the negotiation's own outcome.
ALLOWED = {("core/net/rd-negotiation.c", "not-rdp")}
spelled = []
for rel in files:
    if rel == table_file:
        continue
    text = strip_comments(read(rel))
    for literal in re.findall(r'"([a-z0-9*-]+)"', text):
        if (literal in cause_ids or any(literal == c.split("-")[0] + "-*" for c in cause_ids)) \
                and (rel, literal) not in ALLOWED:
            spelled.append(f"{rel}: \"{literal}\"")
check(len(cause_ids) >= 29 and not spelled,
      f"cause ids are spelled out only in {table_file} ({len(cause_ids)} causes)",
      "; ".join(spelled))

print(f"1..{len(results)}")
for n, (ok, description, detail) in enumerate(results, 1):
    print(f"{'ok' if ok else 'not ok'} {n} - {description}")
    if not ok and detail:
        for line in detail.split("; "):
            print(f"#   {line}")
