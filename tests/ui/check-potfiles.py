#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every file with strings a person reads is in po/POTFILES.in, and
the list stays sorted. Prints TAP."""

import os
import re
import sys

root = os.environ.get("RD_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
with open(os.path.join(root, "po", "POTFILES.in"), encoding="utf-8") as f:
    listed = [l.strip() for l in f if l.strip() and not l.startswith("#")]

marker = re.compile(r'\b(N?_|C_|ngettext)\s*\(|translatable="yes"|<summary>')
missing = []
for top in ("core", "cli", "ui", "resources"):
    for dirpath, _, files in os.walk(os.path.join(root, top)):
        for name in sorted(files):
            if not name.endswith((".c", ".ui", ".xml")):
                continue
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, root)
            with open(path, encoding="utf-8") as f:
                if marker.search(f.read()) and rel not in listed:
                    missing.append(rel)

print("1..2")
if missing:
    print("not ok 1 - files with translatable strings missing from po/POTFILES.in: " + ", ".join(missing))
else:
    print("ok 1 - every core/, cli/, ui/ and resources/ file with strings is in po/POTFILES.in")
print(("ok" if listed == sorted(listed) else "not ok") + " 2 - po/POTFILES.in is sorted")
sys.exit(0)
