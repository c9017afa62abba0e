#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Runs after every other lab test: nothing the lab made may outlive it.
No rdlab-* namespace (the lab's veths and addresses live and die in them),
/etc/netns directory, or process of ours."""

import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import labkit  # noqa: E402

# The test suites' own scratch directories: every server a test starts names
# one on its command line (a developer's own practice host does not).
TEST_MARKERS = (labkit.NS_PREFIX, "rd-ui-test-", "rd-atspi-")


def t_namespaces():
    out = subprocess.run(["ip", "netns", "list"], capture_output=True, text=True, timeout=10).stdout
    left = [line.split()[0] for line in out.splitlines()
            if line.split() and line.split()[0].startswith(labkit.NS_PREFIX)]
    labkit.check(not left, "namespaces left: %s" % " ".join(left))
    return "no %s* namespace" % labkit.NS_PREFIX


def t_netns_etc():
    try:
        left = [n for n in os.listdir(labkit.NETNS_ETC) if n.startswith(labkit.NS_PREFIX)]
    except OSError:
        left = []
    labkit.check(not left, "/etc/netns entries left: %s" % " ".join(left))
    return "no /etc/netns/%s* directory" % labkit.NS_PREFIX


def t_processes():
    me = os.getpid()
    left = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == me:
            continue
        try:
            with open("/proc/%s/cmdline" % entry, "rb") as f:
                cmdline = f.read().replace(b"\0", b" ").decode("utf-8", "replace")
        except OSError:
            continue
        if any(word in cmdline for word in TEST_MARKERS) and "test-lab-leftovers" not in cmdline:
            left.append("%s: %s" % (entry, cmdline[:120]))
    labkit.check(not left, "processes left:\n" + "\n".join(left))
    return "no lab process left"


tests = [
    ("no lab namespace left", t_namespaces),
    ("no /etc/netns directory of the lab left", t_netns_etc),
    ("no lab process left", t_processes),
]

if __name__ == "__main__":
    labkit.run_tests(labkit.Tap(), tests)
