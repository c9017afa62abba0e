# SPDX-License-Identifier: GPL-3.0-or-later
"""The TAP loop of the command-line tests: each test a (description,
function) pair; a function returns a note (or None) or raises."""

import sys


def check(cond, msg):
    if not cond:
        raise AssertionError(msg)


def run(tests):
    """Prints the plan and a line a test; exits 1 when one failed."""
    print("1..%d" % len(tests))
    failed = 0
    for i, (desc, fn) in enumerate(tests, 1):
        try:
            note = fn()
            print("ok %d - %s%s" % (i, desc, " # " + note if note else ""))
        except Exception as e:  # noqa: BLE001
            failed += 1
            print("not ok %d - %s" % (i, desc))
            for line in str(e).splitlines() or [repr(e)]:
                print("# " + line)
    sys.exit(1 if failed else 0)
