# SPDX-License-Identifier: GPL-3.0-or-later
"""The TAP runner of the command-line tests: each test is (description,
callable); a callable returns an optional note or raises to fail."""

import sys


def run(tests):
    """Runs @tests, prints TAP; returns the exit code (1 when one failed)."""
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
        sys.stdout.flush()
    return 1 if failed else 0
