#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The Flatpak manifest, checked for what flatpak-builder cannot tell us
here (no Flathub access to build it): it is JSON, builds this source tree
with options that exist, on a GNOME runtime new enough for GTK 4.8 and
libadwaita 1.2, and asks for no more than the app needs. Prints TAP.

Usage: test-flatpak-manifest.py MANIFEST APP_ID EXECUTABLE"""

import json
import os
import re
import sys

manifest_path, app_id, executable = sys.argv[1:4]
tests = []

# Network for the checks, a display, GPU; files only through portals
# (GtkFileChooserNative), so no --filesystem and no extra bus names.
ALLOWED_FINISH_ARGS = {
    "--share=network",
    "--share=ipc",
    "--socket=wayland",
    "--socket=fallback-x11",
    "--device=dri",
}
# GNOME 43 is the first runtime with GTK 4.8 and libadwaita 1.2.
MIN_GNOME = 43
# In org.gnome.Platform (json-glib, GTK, libadwaita) or beneath it in
# org.freedesktop.Platform (OpenSSL): never built as modules.
IN_RUNTIME = {"json-glib", "openssl", "gtk", "gtk4", "libadwaita", "glib"}


def check(ok, what, detail=""):
    tests.append((ok, what, detail))


try:
    with open(manifest_path, encoding="utf-8") as f:
        m = json.load(f)
    check(True, "the manifest is valid JSON")
except (OSError, ValueError) as e:
    print("1..1\nnot ok 1 - the manifest is valid JSON\n# " + str(e))
    sys.exit(0)

check(m.get("id", m.get("app-id")) == app_id, f"its id is {app_id}", str(m.get("id")))
check(os.path.basename(manifest_path) == app_id + ".json", "the file is named after the app id")
check(m.get("runtime") == "org.gnome.Platform" and m.get("sdk") == "org.gnome.Sdk",
      "it builds on the GNOME runtime and SDK", f"{m.get('runtime')} / {m.get('sdk')}")
version = str(m.get("runtime-version", ""))
check(re.fullmatch(r"\d+", version) is not None and int(version) >= MIN_GNOME,
      f"the runtime version ({version}) has GTK >= 4.8 and libadwaita >= 1.2")
check(m.get("command") == executable, f"the command is {executable}", str(m.get("command")))

finish = m.get("finish-args", [])
check(set(finish) == ALLOWED_FINISH_ARGS and len(finish) == len(ALLOWED_FINISH_ARGS),
      "finish-args are network, ipc, wayland, fallback-x11 and dri, nothing more",
      "extra: " + ", ".join(sorted(set(finish) - ALLOWED_FINISH_ARGS))
      + "; missing: " + ", ".join(sorted(ALLOWED_FINISH_ARGS - set(finish))))

modules = m.get("modules", [])
names = [mod.get("name", "") if isinstance(mod, dict) else str(mod) for mod in modules]
check(not (set(names) & IN_RUNTIME), "no module rebuilds what the runtime has",
      ", ".join(sorted(set(names) & IN_RUNTIME)))

project = modules[-1] if modules and isinstance(modules[-1], dict) else {}
check(project.get("buildsystem") == "meson", "the last module is this project, built with meson",
      str(project.get("name")))
sources = project.get("sources", [])
source_root = None
if len(sources) == 1 and sources[0].get("type") == "dir":
    source_root = os.path.normpath(os.path.join(os.path.dirname(manifest_path), sources[0]["path"]))
root_meson = os.path.join(source_root or "", "meson.build")
is_this = False
if source_root and os.path.exists(root_meson):
    with open(root_meson, encoding="utf-8") as f:
        is_this = re.search(r"project\(\s*'rdp-doctor'", f.read()) is not None
check(is_this, "its source is this tree (type dir)", str(sources))

opts = project.get("config-opts", [])
check("-Dlab=false" in opts, "the lab tests (root, network namespaces) are off", str(opts))
known = set()
if source_root:
    with open(os.path.join(source_root, "meson_options.txt"), encoding="utf-8") as f:
        known = set(re.findall(r"option\(\s*'([^']+)'", f.read()))
unknown = [o for o in opts if o.startswith("-D") and o[2:].split("=")[0] not in known
           and o[2:].split("=")[0] not in ("buildtype", "b_lto", "prefix", "libdir")]
check(not unknown, "every -D option exists in meson_options.txt", ", ".join(unknown))

print(f"1..{len(tests)}")
for i, (ok, what, detail) in enumerate(tests, 1):
    print(f"{'ok' if ok else 'not ok'} {i} - {what}")
    if not ok and detail:
        print("\n".join("# " + l for l in detail.splitlines()))
