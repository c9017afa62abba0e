#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Ctrl+C and SIGTERM while the fix is tested again after --write-profile
and --fix-in-place: the program stops as it does during the checks — exit
130, "Stopped." on stderr, and the finished report printed (with
fix.verified "stopped"), never killed by the signal without a word.

The computer is 127.0.0.2:P, where nothing listens (the diagnosis is quick:
port refused); --use-address 127.0.0.1 sends the re-test to the fault
host's "silence" listener on 127.0.0.1:P, which accepts and never answers,
so the re-test is still waiting when the signal comes.  Runs in a loopback
namespace where there is one.  Prints TAP."""

import contextlib
import json
import os
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import labkit  # noqa: E402

stack = contextlib.ExitStack()
ns = labkit.Lazy(stack, labkit.loopback_ns)
host = labkit.Lazy(stack, lambda: labkit.fault_host(["silence"], netns=ns.get()))
tmp = labkit.Lazy(stack, lambda: _tempdir())

# Long enough that the re-test is surely waiting on the silent host.
TIMEOUT = 20


@contextlib.contextmanager
def _tempdir():
    d = labkit.tempdir("fixinplace")
    try:
        yield d
    finally:
        labkit.remove_tempdir(d)


def interrupted(sig, in_place):
    port = host.get()["silence"]
    d = tmp.get()
    profile = os.path.join(d, "%s-%s.rdp" % (signal.Signals(sig).name, "in-place" if in_place else "new"))
    if in_place:
        with open(profile, "wb") as f:
            f.write(b"\xff\xfe" + ("full address:s:127.0.0.2:%d\r\n" % port).encode("utf-16-le"))
        where = ["--file", profile, "--fix-in-place"]
    else:
        where = ["127.0.0.2:%d" % port, "--write-profile", profile]
    cmd = [labkit.doctor_path(), "--headless", *where, "--use-address", "127.0.0.1",
           "--timeout", str(TIMEOUT), "--json"]
    p = labkit.spawn(cmd, netns=ns.get(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        # The profile is written right before the re-test starts.
        deadline = time.monotonic() + 15
        backup = profile + ".bak"
        while time.monotonic() < deadline and p.poll() is None:
            if (os.path.exists(backup) if in_place else os.path.exists(profile)):
                break
            time.sleep(0.05)
        labkit.check(p.poll() is None, "the program ended before the re-test (exit %r)" % p.poll())
        time.sleep(1.0)
        labkit.check(p.poll() is None, "the re-test ended before the signal (exit %r)" % p.poll())
        sent = time.monotonic()
        p.send_signal(sig)
        out, err = p.communicate(timeout=15)
        took = time.monotonic() - sent
    finally:
        labkit.stop(p, grace=1.0)
    out = out.decode("utf-8", "replace")
    err = err.decode("utf-8", "replace")
    detail = "stderr: %s\nstdout: %s" % (err[-800:], out[-800:])
    labkit.check_eq(p.returncode, 130, "exit code", detail)
    labkit.check("Stopped." in err, "no “Stopped.”: " + detail)
    report = json.loads(out)
    labkit.check_eq(report.get("fix", {}).get("verified"), "stopped", "fix.verified", detail)
    labkit.check_eq(report.get("verdict"), "broken", "the first run's verdict", detail)
    labkit.check(took < 5, "took %.1f s to stop" % took)
    labkit.check_no_sanitizer_report(err, cmd)
    return "stopped %.2f s after %s" % (took, signal.Signals(sig).name)


TESTS = [
    ("SIGINT during the re-test after --write-profile", lambda: interrupted(signal.SIGINT, False)),
    ("SIGTERM during the re-test after --write-profile", lambda: interrupted(signal.SIGTERM, False)),
    ("SIGINT during the re-test after --fix-in-place", lambda: interrupted(signal.SIGINT, True)),
    ("SIGTERM during the re-test after --fix-in-place", lambda: interrupted(signal.SIGTERM, True)),
]

if __name__ == "__main__":
    labkit.run_tests(labkit.Tap(), TESTS, setup=stack)
