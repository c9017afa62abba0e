#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The MIME package gives *.rdp files a type, and the launcher claims that
type and rdp:// links: built into a scratch MIME database and desktop
database with the tools a distribution runs. Prints TAP."""

import os
import shutil
import subprocess
import sys
import tempfile

mime_xml, desktop, app_id = sys.argv[1:4]
tests = []


def check(ok, what, detail=""):
    tests.append((ok, what, detail))


with tempfile.TemporaryDirectory(prefix="rd-mime-") as tmp:
    packages = os.path.join(tmp, "mime", "packages")
    applications = os.path.join(tmp, "applications")
    os.makedirs(packages)
    os.makedirs(applications)
    shutil.copy(mime_xml, os.path.join(packages, app_id + ".xml"))
    shutil.copy(desktop, applications)

    run = subprocess.run(["update-mime-database", "-V", os.path.join(tmp, "mime")],
                         capture_output=True, text=True)
    warnings = [l for l in run.stderr.splitlines() if "warning" in l.lower() or "error" in l.lower()]
    check(run.returncode == 0 and not warnings,
          "update-mime-database accepts the MIME package",
          run.stderr.strip())

    globs = ""
    globs_path = os.path.join(tmp, "mime", "globs2")
    if os.path.exists(globs_path):
        with open(globs_path, encoding="utf-8") as f:
            globs = f.read()
    check(any(l.split(":")[1:3] == ["application/x-rdp", "*.rdp"] for l in globs.splitlines()
              if not l.startswith("#")),
          "*.rdp files are application/x-rdp", globs.strip())

    run = subprocess.run(["update-desktop-database", applications], capture_output=True, text=True)
    cache = ""
    cache_path = os.path.join(applications, "mimeinfo.cache")
    if os.path.exists(cache_path):
        with open(cache_path, encoding="utf-8") as f:
            cache = f.read()
    for mime_type in ("application/x-rdp", "x-scheme-handler/rdp"):
        check(f"{mime_type}={app_id}.desktop;" in cache,
              f"the launcher opens {mime_type}", run.stderr.strip() or cache.strip())

print(f"1..{len(tests)}")
for i, (ok, what, detail) in enumerate(tests, 1):
    print(f"{'ok' if ok else 'not ok'} {i} - {what}")
    if not ok and detail:
        print("\n".join("# " + l for l in detail.splitlines()))
