#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The monitoring definitions in data/monitoring/ (as configured for the
install): every option they pass exists in `rdp-doctor --help`, they pass
the host, port, timeout, warning and critical, they call the installed
program with --plugin, and the Icinga 2 file's braces and quotes balance.
Prints TAP.

Usage: test-monitoring.py RDP_DOCTOR ICINGA_CONF NAGIOS_CFG"""

import re
import subprocess
import sys

doctor, icinga_path, nagios_path = sys.argv[1:4]
n = 0
failed = 0


def check(cond, what, detail=""):
    global n, failed
    n += 1
    print("%s %d - %s" % ("ok" if cond else "not ok", n, what))
    if not cond:
        failed += 1
        for line in str(detail).splitlines():
            print("# " + line)


def strip_comments(text, icinga):
    if icinga:
        text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
        text = re.sub(r"(?m)^\s*//.*$", "", text)
    return re.sub(r"(?m)^\s*#.*$", "", text)


help_text = subprocess.run([doctor, "--headless", "--help-all"], capture_output=True,
                           text=True, timeout=30, env={"LC_ALL": "C.UTF-8", "PATH": "/usr/bin:/bin"}).stdout
options = set(re.findall(r"--[a-z][a-z-]*", help_text))
check("--plugin" in options and "--warning" in options and "--critical" in options,
      "rdp-doctor --help lists --plugin, --warning and --critical", help_text)

files = {"Icinga 2": (icinga_path, True), "Nagios": (nagios_path, False)}
for name, (path, icinga) in files.items():
    with open(path, encoding="utf-8") as f:
        raw = f.read()
    code = strip_comments(raw, icinga)
    used = set(re.findall(r"(?<![\w-])--[a-z][a-z-]*", code))
    check(used and used <= options, "%s: every option it passes exists" % name,
          "unknown: %s" % sorted(used - options))
    for option in ("--plugin", "--port", "--timeout", "--warning", "--critical"):
        check(option in used, "%s: passes %s" % (name, option))
    check(re.search(r"/rdp-doctor\"?,? ", code) is not None and "@BINDIR@" not in raw,
          "%s: calls the installed program by its full path" % name)
    if icinga:
        check(code.count("{") == code.count("}") and code.count('"') % 2 == 0,
              "Icinga 2: braces and quotes balance")
        check('object CheckCommand "rdp-doctor"' in code, "Icinga 2: defines CheckCommand \"rdp-doctor\"")
        check(re.search(r'"host"\s*=\s*\{[^}]*skip_key\s*=\s*true[^}]*required\s*=\s*true', code, re.S)
              is not None, "Icinga 2: the host is a required positional argument")
        check("$check_address$" in code, "Icinga 2: the host defaults to the host's address")
    else:
        check(re.search(r"define command \{[^}]*command_name\s+check_rdp_doctor\b", code) is not None,
              "Nagios: defines command check_rdp_doctor")
        check("$HOSTADDRESS$" in code, "Nagios: the host is $HOSTADDRESS$")

print("1..%d" % n)
sys.exit(1 if failed else 0)
