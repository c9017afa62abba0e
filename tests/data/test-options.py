#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every long option the terminal mode takes (`rdp-doctor --headless --help`
and the exporter's `--exporter --help`) is offered by the bash completion and
described in the man page. Prints TAP.

Usage: test-options.py RDP_DOCTOR COMPLETION MAN_PAGE"""

import re
import subprocess
import sys

doctor, completion_path, man_path = sys.argv[1:4]


def options_of(*args):
    out = subprocess.run([doctor] + list(args) + ["--help"], capture_output=True, text=True,
                         timeout=30, env={"LANG": "C", "PATH": "/usr/bin:/bin"}).stdout
    return set(re.findall(r"^\s+(?:-\w, )?(--[a-z][a-z-]*)", out, re.M)) - {"--help"}


options = options_of("--headless") | options_of("--exporter")
completion = set(re.findall(r"--[a-z][a-z-]*", open(completion_path, encoding="utf-8").read()))
man = set(o.replace("\\-", "-") for o in
          re.findall(r"(?:\\-){2}[a-z][a-z\\-]*", open(man_path, encoding="utf-8").read()))

checks = [
    ("the help lists the options (found %d)" % len(options),
     {"--headless", "--hosts-file", "--watch", "--exporter", "--allow"} <= options, sorted(options)),
    ("the bash completion offers every option", options <= completion, sorted(options - completion)),
    ("the man page describes every option", options <= man, sorted(options - man)),
]
print("1..%d" % len(checks))
failed = 0
for i, (what, ok, missing) in enumerate(checks, 1):
    print("%s %d - %s" % ("ok" if ok else "not ok", i, what))
    if not ok:
        failed += 1
        print("# missing: %s" % " ".join(missing))
sys.exit(1 if failed else 0)
