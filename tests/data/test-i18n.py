#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Translations: every language in po/LINGUAS has a .po that msgfmt accepts
and that is 100 % translated (nothing fuzzy, nothing missing); every .po is
listed; and the headless mode speaks German with LANGUAGE=de. Prints TAP.

Arguments: PO_DIR BUILD_PO_DIR (where meson put the compiled catalogues)."""

import gettext
import os
import re
import subprocess
import sys
import tempfile

po_dir, build_po_dir = sys.argv[1], sys.argv[2]
program = os.environ.get("RDP_DOCTOR", "rdp-doctor")
results = []


def test(name, fn):
    try:
        detail = fn()
        results.append(("ok", name, detail))
    except SkipTest as e:
        results.append(("skip", name, str(e)))
    except Exception as e:
        results.append(("not ok", name, str(e)))


class SkipTest(Exception):
    pass


def linguas():
    with open(os.path.join(po_dir, "LINGUAS"), encoding="utf-8") as f:
        return [word for line in f for word in line.split("#")[0].split()]


def po_files():
    return sorted(name[:-3] for name in os.listdir(po_dir) if name.endswith(".po"))


def t_listed():
    listed, present = sorted(linguas()), po_files()
    if listed != present:
        raise AssertionError("LINGUAS lists %s, po/ has %s" % (listed, present))
    return "LINGUAS: %s" % (" ".join(listed) or "(none yet)")


def make_complete_check(lang):
    def check():
        path = os.path.join(po_dir, lang + ".po")
        cp = subprocess.run(["msgfmt", "--check", "--statistics", "-o", os.devnull, path],
                            capture_output=True, text=True, timeout=60)
        stats = cp.stderr.strip()
        if cp.returncode != 0:
            raise AssertionError("msgfmt --check failed:\n" + stats)
        if re.search(r"fuzzy|untranslated", stats):
            raise AssertionError("not complete: " + stats)
        return stats
    return check


_template = None


def current_template():
    """The messages of today's sources, extracted as meson's update-po
    target does (po/rdp-doctor.pot itself is not kept in git)."""
    global _template
    if _template is None:
        source_root = os.path.dirname(os.path.abspath(po_dir))
        with open(os.path.join(po_dir, "POTFILES.in"), encoding="utf-8") as f:
            files = [line.strip() for line in f if line.strip() and not line.startswith("#")]
        fd, _template = tempfile.mkstemp(suffix=".pot")
        os.close(fd)
        cp = subprocess.run(["xgettext", "--from-code=UTF-8", "--keyword=_", "--keyword=N_",
                             "--keyword=C_:1c,2", "--keyword=NC_:1c,2",
                             "--keyword=g_dngettext:2,3", "-D", source_root,
                             "-o", _template] + files,
                            capture_output=True, text=True, timeout=120)
        if cp.returncode != 0:
            raise AssertionError("xgettext failed:\n" + cp.stderr)
    return _template


def make_current_check(lang):
    """A catalogue that was complete once but lacks the messages added
    since (msgmerge not run) fails here, not in front of a user."""
    def check():
        cp = subprocess.run(["msgcmp", os.path.join(po_dir, lang + ".po"), current_template()],
                            capture_output=True, text=True, timeout=60)
        if cp.returncode != 0:
            missing = [l for l in cp.stderr.splitlines()
                       if "used but not defined" in l or "needs to be reviewed" in l]
            raise AssertionError("%d messages of the sources are missing or unreviewed in %s.po (run "
                                 "ninja rdp-doctor-update-po, then translate them), e.g.:\n%s"
                                 % (len(missing), lang, "\n".join(missing[:5])))
        return "every message of the sources is there"
    return check


def t_german_headless():
    if "de" not in linguas():
        raise SkipTest("no German translation yet")
    catalog = gettext.translation("rdp-doctor", build_po_dir, languages=["de"])
    expected = catalog.gettext("What was measured:")
    if expected == "What was measured:":
        raise AssertionError("the German catalogue does not translate “What was measured:”")
    env = dict(os.environ, LANGUAGE="de", LC_ALL="C.UTF-8", RDP_DOCTOR_LOCALEDIR=build_po_dir)
    # Port 1 on loopback: refused at once, nothing leaves this machine.
    cp = subprocess.run([program, "--headless", "127.0.0.1:1", "--timeout", "1"],
                        capture_output=True, text=True, env=env, timeout=30)
    if expected not in cp.stdout:
        raise AssertionError("“%s” not in the output:\n%s" % (expected, cp.stdout[:1500]))
    return "prints “%s”" % expected


def t_no_macros_in_messages():
    """xgettext cannot expand a format macro inside _(): the message would
    be cut at the "%" and never match its translation."""
    source_root = os.path.dirname(os.path.abspath(po_dir))
    pattern = re.compile(r'N?_\s*\(\s*(?:"(?:[^"\\]|\\.)*"\s*)+(G_G[A-Z0-9_]+_FORMAT|PRI[a-z0-9]+)')
    bad = []
    with open(os.path.join(po_dir, "POTFILES.in"), encoding="utf-8") as f:
        files = [line.strip() for line in f if line.strip() and not line.startswith("#")]
    for name in files:
        if not name.endswith(".c"):
            continue
        with open(os.path.join(source_root, name), encoding="utf-8") as f:
            for match in pattern.finditer(f.read()):
                bad.append("%s: %s" % (name, match.group(1)))
    if bad:
        raise AssertionError("format macros inside translatable strings:\n" + "\n".join(bad))
    return "none in %d files" % len(files)


test("every .po is listed in LINGUAS and the other way round", t_listed)
test("no format macro inside a translatable string", t_no_macros_in_messages)
for lang in linguas():
    test("%s: msgfmt --check, 100 %% translated" % lang, make_complete_check(lang))
    test("%s: has every message of the sources" % lang, make_current_check(lang))
test("headless mode speaks German with LANGUAGE=de", t_german_headless)

if _template is not None:
    os.unlink(_template)

print("1..%d" % len(results))
for i, (status, name, detail) in enumerate(results, 1):
    if status == "skip":
        print("ok %d - %s # SKIP %s" % (i, name, detail))
    else:
        print("%s %d - %s" % (status, i, name))
        for line in (detail or "").splitlines():
            print("# " + line)
sys.exit(1 if any(r[0] == "not ok" for r in results) else 0)
