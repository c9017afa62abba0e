#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""`meson install` into a scratch DESTDIR puts in place everything a
distribution package needs, and the pieces agree with each other. Prints TAP,
then every installed file as a comment.

Usage: test-install.py MESON APP_ID PREFIX BINDIR DATADIR MANDIR LOCALEDIR"""

import configparser
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

meson, app_id, prefix, bindir, datadir, mandir, localedir = sys.argv[1:8]
build = os.environ["RD_BUILD_DIR"]
source = os.environ["RD_SOURCE_DIR"]
tests = []


def check(ok, what, detail=""):
    tests.append((ok, what, detail))


def linguas():
    langs = []
    with open(os.path.join(source, "po", "LINGUAS"), encoding="utf-8") as f:
        for line in f:
            langs += line.split("#", 1)[0].split()
    return sorted(set(langs))


with tempfile.TemporaryDirectory(prefix="rd-install-") as destdir:
    def installed(directory, *rest):
        """Where DIRECTORY/REST lands under DESTDIR (DIRECTORY may be relative
        to the prefix, as meson's directory options usually are)."""
        full = directory if os.path.isabs(directory) else os.path.join(prefix, directory)
        return os.path.join(destdir, full.lstrip("/"), *rest)

    # Never rebuild from inside a test run; the test depends on the binary.
    run = subprocess.run([meson, "install", "-C", build, "--no-rebuild", "--quiet",
                          "--destdir", destdir],
                         capture_output=True, text=True)
    check(run.returncode == 0, "meson install --destdir succeeds",
          run.stdout + run.stderr)

    binary = installed(bindir, "rdp-doctor")
    expected = [
        ("the program", binary),
        ("the launcher", installed(datadir, "applications", app_id + ".desktop")),
        ("the AppStream metainfo", installed(datadir, "metainfo", app_id + ".metainfo.xml")),
        ("the application icon", installed(datadir, "icons", "hicolor", "scalable", "apps", app_id + ".svg")),
        ("the symbolic icon", installed(datadir, "icons", "hicolor", "symbolic", "apps", app_id + "-symbolic.svg")),
        ("the GSettings schema", installed(datadir, "glib-2.0", "schemas", app_id + ".gschema.xml")),
        ("the MIME type for .rdp files", installed(datadir, "mime", "packages", app_id + ".xml")),
        ("the man page", installed(mandir, "man1", "rdp-doctor.1")),
        ("the bash completion", installed(datadir, "bash-completion", "completions", "rdp-doctor")),
        ("the Icinga 2 CheckCommand", installed(datadir, "rdp-doctor", "monitoring", "rdp-doctor.conf")),
        ("the Nagios command", installed(datadir, "rdp-doctor", "monitoring", "nagios.cfg")),
    ]
    for what, path in expected:
        check(os.path.isfile(path), f"{what} is installed ({os.path.relpath(path, destdir)})")
    check(os.access(binary, os.X_OK), "the program is executable")

    # Locale files: exactly one catalogue per language in po/LINGUAS.
    want = linguas()
    locale_root = installed(localedir)
    have = []
    for dirpath, _, files in os.walk(destdir):
        for name in files:
            if name.endswith(".mo"):
                path = os.path.join(dirpath, name)
                rel = os.path.relpath(path, locale_root)
                parts = rel.split(os.sep)
                if len(parts) == 3 and parts[1:] == ["LC_MESSAGES", "rdp-doctor.mo"]:
                    have.append(parts[0])
                else:
                    have.append("?" + os.path.relpath(path, destdir))
    check(sorted(have) == want,
          f"the installed translations are the languages in po/LINGUAS ({' '.join(want) or 'none yet'})",
          f"installed: {sorted(have)}; LINGUAS: {want}")

    # The pieces point at each other.
    desktop_path = expected[1][1]
    metainfo_path = expected[2][1]
    if os.path.isfile(desktop_path):
        entry = configparser.RawConfigParser(interpolation=None, strict=False)
        entry.optionxform = str
        entry.read(desktop_path, encoding="utf-8")
        d = entry["Desktop Entry"] if entry.has_section("Desktop Entry") else {}
        exec_cmd = d.get("Exec", "").split()
        check(exec_cmd[:1] == [os.path.basename(binary)] and os.path.isfile(binary),
              "the launcher runs the installed program", d.get("Exec", ""))
        check(d.get("Icon") == app_id and os.path.isfile(expected[3][1]),
              "the launcher's icon is installed", d.get("Icon", ""))
        check("application/x-rdp" in d.get("MimeType", "").split(";"),
              "the launcher opens the MIME type we install", d.get("MimeType", ""))
    if os.path.isfile(metainfo_path):
        component = ET.parse(metainfo_path).getroot()
        check(component.findtext("id") == app_id
              and component.findtext("launchable") == os.path.basename(desktop_path),
              "the metainfo names the app id and the installed launcher")
        check(component.findtext("provides/binary") == os.path.basename(binary),
              "the metainfo provides the installed program")

    # Built for PREFIX, yet it runs from DESTDIR (nothing is looked up there
    # before the window opens).
    if os.access(binary, os.X_OK):
        env = dict(os.environ)
        env.pop("DISPLAY", None)
        env.pop("WAYLAND_DISPLAY", None)
        run = subprocess.run([binary, "--headless", "--version"], capture_output=True,
                             text=True, env=env)
        check(run.returncode == 0 and run.stdout.startswith("rdp-doctor "),
              "the installed program runs (--headless --version)", run.stdout + run.stderr)

    files = sorted(os.path.relpath(os.path.join(d, n), destdir)
                   for d, _, names in os.walk(destdir) for n in names)

print(f"1..{len(tests)}")
for i, (ok, what, detail) in enumerate(tests, 1):
    print(f"{'ok' if ok else 'not ok'} {i} - {what}")
    if not ok and detail:
        print("\n".join("# " + l for l in detail.splitlines()))
print(f"# installed files ({len(files)}), under DESTDIR:")
for f in files:
    print("#   /" + f)
