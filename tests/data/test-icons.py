#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The application icons are self-contained SVG on their grids (128 px full
colour, 16 px single-colour symbolic) and render. Prints TAP.

Usage: test-icons.py RSVG_CONVERT|'' OUTDIR ICON.svg... ; a name ending in
-symbolic.svg is checked as a symbolic icon."""

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

rsvg, outdir, icons = sys.argv[1], sys.argv[2], sys.argv[3:]
SVG = "{http://www.w3.org/2000/svg}"
tests = []


def check(ok, what, detail=""):
    tests.append((ok, what, detail))


def colours(root):
    """Every paint used, from attributes and inline styles."""
    found = set()
    for el in root.iter():
        paints = [el.get(a) for a in ("fill", "stroke", "stop-color")]
        paints += re.findall(r"(?:fill|stroke|stop-color)\s*:\s*([^;]+)", el.get("style", ""))
        found.update(p.strip().lower() for p in paints if p)
    return found - {"none"}


os.makedirs(outdir, exist_ok=True)
for path in icons:
    name = os.path.basename(path)
    symbolic = name.endswith("-symbolic.svg")
    size = 16 if symbolic else 128
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as e:
        check(False, f"{name} is well-formed XML", str(e))
        continue
    check(root.tag == SVG + "svg", f"{name} is an SVG document")
    check(root.get("viewBox") == f"0 0 {size} {size}"
          and root.get("width") == str(size) and root.get("height") == str(size),
          f"{name} is drawn on the {size} px grid",
          f"width={root.get('width')} height={root.get('height')} viewBox={root.get('viewBox')}")

    # Nothing outside the file: no links, images, scripts or fonts to fetch.
    external = []
    for el in root.iter():
        tag = el.tag.replace(SVG, "")
        if tag in ("image", "script", "foreignObject", "style", "font-face-uri"):
            external.append(tag)
        for key, value in el.attrib.items():
            if key.endswith("href") and not value.startswith("#"):
                external.append(f"{key}={value}")
            for ref in re.findall(r"url\(\s*([^)]*)\)", value):
                if not ref.strip("'\" ").startswith("#"):
                    external.append(f"url({ref})")
    check(not external, f"{name} refers to nothing outside itself", ", ".join(external))

    if symbolic:
        paints = colours(root)
        check(len(paints) == 1 and not any(p.startswith("url(") for p in paints),
              f"{name} uses one flat colour", ", ".join(sorted(paints)))

    if rsvg:
        png = os.path.join(outdir, name[:-4] + ".png")
        run = subprocess.run([rsvg, "-w", str(size), "-h", str(size), path, "-o", png],
                             capture_output=True, text=True)
        ok = run.returncode == 0 and os.path.exists(png)
        if ok:
            with open(png, "rb") as f:
                ok = f.read(8) == b"\x89PNG\r\n\x1a\n"
        check(ok, f"{name} renders at {size} px ({png})", run.stderr.strip())
    else:
        print(f"# rsvg-convert not found: {name} not rendered")

print(f"1..{len(tests)}")
for i, (ok, what, detail) in enumerate(tests, 1):
    print(f"{'ok' if ok else 'not ok'} {i} - {what}")
    if not ok and detail:
        print("\n".join("# " + l for l in detail.splitlines()))
