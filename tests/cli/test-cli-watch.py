#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""`rdp-doctor --headless --watch`: bad --interval and --count (not a
number, 0, negative, huge) and options that do not go with it are usage
errors (exit 2, one translated message, nothing on stdout, no round run);
a short watch of a closed loopback port: a line a round, the summary,
exit 1. Touches nothing but 127.0.0.1. Prints TAP."""

import json
import os
import socket
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cli_tap  # noqa: E402
from cli_tap import check  # noqa: E402

DOCTOR = os.environ.get("RDP_DOCTOR", "rdp-doctor")
TIMEOUT = 20


def closed_port():
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def doctor(*args, env=None):
    return subprocess.run([DOCTOR, "--headless"] + list(args), capture_output=True,
                          text=True, timeout=TIMEOUT, env=env, stdin=subprocess.DEVNULL)


def english():
    return dict(os.environ, LC_ALL="C.UTF-8", LANGUAGE="")


BAD = [
    (["--interval", "0"], "--interval 0", "interval"),
    (["--interval", "0.05"], "--interval below a tenth", "interval"),
    (["--interval", "-5"], "--interval -5", "interval"),
    (["--interval", "abc"], "--interval abc", "interval"),
    (["--interval", "1e3"], "--interval 1e3", "interval"),
    (["--interval", ""], "--interval ''", "interval"),
    (["--interval", "86401"], "--interval past a day", "interval"),
    (["--interval", "99999999999999999999"], "--interval huge", "interval"),
    (["--count", "0"], "--count 0", "--count"),
    (["--count", "-1"], "--count -1", "--count"),
    (["--count", "x"], "--count x", "--count"),
    (["--count", "+3"], "--count +3", "--count"),
    (["--count", "2.5"], "--count 2.5", "--count"),
    (["--count", "99999999999"], "--count huge", "--count"),
    (["--hosts-file", "/dev/null"], "--hosts-file", "--watch"),
    (["--write-profile", "/tmp/x.rdp"], "--write-profile", "--watch"),
    (["--per-address", "2"], "--per-address", "--watch"),
    (["--textfile", "/tmp"], "--textfile", "--watch"),
]


def t_bad_arguments():
    """Each bad value: exit 2, a message naming the option on stderr,
    nothing on stdout (no round ran)."""
    port = closed_port()
    for args, what, word in BAD:
        res = doctor("--watch", *args, "127.0.0.1:%d" % port, env=english())
        check(res.returncode == 2, "%s: exit %d: %r %r" % (what, res.returncode, res.stdout, res.stderr))
        check(word in res.stderr, "%s: %r" % (what, res.stderr))
        check(res.stdout == "", "%s: printed %r" % (what, res.stdout))
    return "%d cases" % len(BAD)


def t_plugin():
    """--plugin --watch: the plugin's own refusal, UNKNOWN with exit 3."""
    res = doctor("--plugin", "--watch", "127.0.0.1", env=english())
    check(res.returncode == 3 and res.stdout.startswith("RDP UNKNOWN - ") and "--watch" in res.stdout,
          "exit %d: %r" % (res.returncode, res.stdout))


def t_without_watch():
    """--interval and --count without --watch: a usage error, not a check."""
    for args in (["--interval", "5"], ["--count", "3"]):
        res = doctor(*args, "127.0.0.1", env=english())
        check(res.returncode == 2 and "--watch" in res.stderr and res.stdout == "",
              "%s: exit %d %r" % (args, res.returncode, res.stderr))


def t_translated():
    """The message is translated (German here)."""
    build = os.environ.get("RD_BUILD_DIR")
    if not build or not os.path.isdir(os.path.join(build, "po", "de")):
        return "skipped: no built German catalogue (RD_BUILD_DIR)"
    res = doctor("--watch", "--interval", "0", "127.0.0.1",
                 env=dict(os.environ, LC_ALL="C.UTF-8", LANGUAGE="de",
                          RDP_DOCTOR_LOCALEDIR=os.path.join(build, "po")))
    check(res.returncode == 2, repr(res.stderr))
    check("keine Sekundenzahl" in res.stderr and "“0”" not in res.stderr, "not translated: %r" % res.stderr)
    return res.stderr.splitlines()[0]


def t_closed_port():
    """Two rounds a tenth of a second apart on a closed port: two
    port-refused lines, the summary says every round, exit 1."""
    port = closed_port()
    res = doctor("--watch", "--interval", "0.1", "--count", "2", "--timeout", "2", "--json",
                 "127.0.0.1:%d" % port, env=english())
    lines = res.stdout.splitlines()
    check(res.returncode == 1, "exit %d: %r" % (res.returncode, res.stderr))
    check(len(lines) == 3, repr(res.stdout))
    rounds = [json.loads(line) for line in lines[:2]]
    check([r["round"] for r in rounds] == [1, 2], repr(rounds))
    check(all(r["cause"] == "port-refused" and r["verdict"] == "broken" for r in rounds), repr(rounds))
    summary = json.loads(lines[2])["summary"]
    check(summary["rounds"] == 2 and summary["failures"] == 2, repr(summary))
    cause = summary["causes"][0]
    check(cause["id"] == "port-refused" and cause["intermittent"] is False, repr(cause))
    check(cause["explanation"] == "Named in every round: 2 of 2.", repr(cause))
    return lines[2][:100]


tests = [
    ("bad --interval, --count and options: exit 2, a message, no round", t_bad_arguments),
    ("--plugin --watch: UNKNOWN, exit 3", t_plugin),
    ("--interval and --count need --watch", t_without_watch),
    ("the message is translated", t_translated),
    ("closed loopback port, two rounds: port-refused each, summary, exit 1", t_closed_port),
]

cli_tap.run(tests)
