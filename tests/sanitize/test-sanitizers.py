#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The sanitizer build catches what it is for, and a catch fails the test
that saw it: each mistake of sanitizer-canary must end the process with a
report on stderr and an exit code that is none of the program's own (0-3,
130), so that no test can take it for an answer; and the lab's harness must
turn a report into a failed test even when the exit code would pass.
Registered only in a build with -Db_sanitize=address,undefined. Prints TAP.
"""

import os
import subprocess
import sys

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "lab"))
import labkit  # noqa: E402

PROGRAM_EXIT_CODES = {0, 1, 2, 3, 130}
TIMEOUT = 30

CASES = [
    ("heap-overflow", "ERROR: AddressSanitizer: heap-buffer-overflow"),
    ("use-after-free", "ERROR: AddressSanitizer: heap-use-after-free"),
    ("leak", "ERROR: LeakSanitizer: detected memory leaks"),
    ("signed-overflow", "runtime error: signed integer overflow"),
    ("shift", "runtime error: shift exponent"),
]


def main():
    canary = sys.argv[1]
    print("1..%d" % (len(CASES) + 1))
    failed = 0
    number = 0
    for mode, marker in CASES:
        number += 1
        problems = []
        try:
            cp = subprocess.run([canary, mode], stdin=subprocess.DEVNULL, capture_output=True,
                                text=True, errors="replace", timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            problems.append("no exit within %d s" % TIMEOUT)
        else:
            if cp.returncode in PROGRAM_EXIT_CODES or cp.returncode < 0:
                problems.append("exit code %d: a test could take it for the program's own"
                                % cp.returncode)
            if marker not in cp.stderr:
                problems.append("no %r on stderr" % marker)
            try:
                labkit.check_no_sanitizer_report(cp.stderr, [canary, mode])
                problems.append("the lab harness let the report pass")
            except AssertionError:
                pass
            if problems:
                problems.append("ASAN_OPTIONS=%r UBSAN_OPTIONS=%r" % (
                    os.environ.get("ASAN_OPTIONS"), os.environ.get("UBSAN_OPTIONS")))
                problems.append("stderr: %r" % cp.stderr[:1500])
        if problems:
            failed += 1
            print("not ok %d - %s is caught" % (number, mode))
            for p in problems:
                print("# " + p.replace("\n", "\n# "))
        else:
            print("ok %d - %s is caught" % (number, mode))

    # The environment build-aux/dev test --sanitize sets: leaks checked,
    # suppressions from our file (a typo there would disable nothing but
    # print an error at every exit).
    number += 1
    asan = os.environ.get("ASAN_OPTIONS", "")
    lsan = os.environ.get("LSAN_OPTIONS", "")
    if "ASAN_OPTIONS" not in os.environ:
        print("ok %d - sanitizer environment # SKIP not run through build-aux/dev test --sanitize"
              % number)
    elif "detect_leaks=1" in asan and "exitcode=99" in asan and "suppressions=" in lsan:
        print("ok %d - sanitizer environment" % number)
    else:
        failed += 1
        print("not ok %d - sanitizer environment" % number)
        print("# ASAN_OPTIONS=%r LSAN_OPTIONS=%r" % (asan, lsan))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
