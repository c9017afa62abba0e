#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""`rdp-doctor --headless --hosts-file FILE` over the scripted fault host's
listeners (a helpdesk sweeping a farm): one line per computer in the list's
order, each with the right cause; bad lines; bounded concurrency. Runs in a
loopback-only network namespace when it can. Prints TAP."""

import contextlib
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import labkit  # noqa: E402

TIMEOUT = 2

EXPECTED = [
    ("neg-fail-3", "negotiation-cert-missing"),
    ("neg-fail-5", "negotiation-hybrid-required"),
    ("accept-close", "listener-drops-connections"),
    ("http", "not-rdp"),
    ("silence", "handshake-timeout"),
]
MODES = [m for m, _ in EXPECTED]

stack = contextlib.ExitStack()
ns = labkit.Lazy(stack, labkit.loopback_ns)
host = labkit.Lazy(stack, lambda: labkit.fault_host(MODES, netns=ns.get()))
tmp = labkit.Lazy(stack, lambda: _tempdir())


@contextlib.contextmanager
def _tempdir():
    d = labkit.tempdir("sweep")
    try:
        yield d
    finally:
        labkit.remove_tempdir(d)


def write_list(name, lines):
    path = os.path.join(tmp.get(), name)
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    return path


def sweep(path, *extra, timeout=60.0):
    cmd = [labkit.doctor_path(), "--headless", "--hosts-file", path,
           "--timeout", str(TIMEOUT)] + list(extra)
    t0 = time.monotonic()
    res = labkit.run(cmd, timeout=timeout, netns=ns.get(), check_rc=False)
    return res, time.monotonic() - t0


def farm_lines():
    return ["# the farm", ""] + ["127.0.0.1:%d" % host.get()[m] for m, _ in EXPECTED]


def t_json_lines():
    """One compact JSON report a line, in the list's order, each with the
    right first cause, its line number and a report code; exit 1."""
    path = write_list("farm.txt", farm_lines())
    res, wall = sweep(path, "--json", "--jobs", "3")
    lines = res.stdout.splitlines()
    labkit.check_eq(len(lines), len(EXPECTED), "output lines", res.stdout + res.stderr)
    for i, (line, (mode, cause)) in enumerate(zip(lines, EXPECTED)):
        report = json.loads(line)
        labkit.check_eq(report.get("schema"), "rdp-doctor/report/1", "schema of line %d" % (i + 1))
        labkit.check_eq(report["target"]["port"], host.get()[mode], "target of line %d" % (i + 1))
        labkit.check_eq(labkit.first_cause(report), cause, "cause for %s" % mode, line[:400])
        labkit.check_eq(report.get("line"), i + 3, "line number for %s" % mode)
        labkit.check(len(report.get("code", "")) == 9, "no report code: %s" % line[:300])
    labkit.check_eq(res.returncode, 1, "exit code", res.stderr)
    labkit.check(res.stderr == "", "stderr is not a terminal, yet: %r" % res.stderr)
    return "%d lines, wall %.2f s" % (len(lines), wall)


def t_text_lines():
    """Without --json: "HOST  cause-id  title", one a line."""
    path = write_list("farm-text.txt", farm_lines())
    res, _ = sweep(path, "--jobs", "4")
    lines = res.stdout.splitlines()
    labkit.check_eq(len(lines), len(EXPECTED), "output lines", res.stdout)
    for line, (mode, cause) in zip(lines, EXPECTED):
        fields = line.split("  ")
        labkit.check_eq(fields[0], "127.0.0.1:%d" % host.get()[mode], "host", line)
        labkit.check_eq(fields[1], cause, "cause", line)
        labkit.check(len(fields) >= 3 and fields[2], "no title: %r" % line)
    labkit.check_eq(res.returncode, 1, "exit code")
    return lines


def t_bad_line():
    """A line that is not a computer: a JSON line with the error, in its
    place; the others are still checked; exit 2."""
    port = host.get()["neg-fail-3"]
    path = write_list("bad.txt", ["127.0.0.1:%d" % port, "not a computer", "127.0.0.1:%d" % port])
    res, _ = sweep(path, "--json")
    lines = [json.loads(line) for line in res.stdout.splitlines()]
    labkit.check_eq(len(lines), 3, "output lines", res.stdout)
    labkit.check_eq(lines[1].get("input"), "not a computer", "input of the bad line")
    labkit.check(lines[1].get("error"), "no error message: %r" % lines[1])
    labkit.check_eq(lines[1].get("line"), 2, "line of the bad line")
    labkit.check_eq(labkit.first_cause(lines[2]), "negotiation-cert-missing", "cause after the bad line")
    labkit.check_eq(res.returncode, 2, "exit code")


def t_list_forms():
    """A list as editors write them: a byte order mark, CR LF or CR alone,
    a comment after a computer, a quoted one. Every computer is checked;
    a line with a password is refused without echoing it, the others still
    checked; the --port of the list never overrides a line's own port."""
    port = host.get()["neg-fail-3"]
    path = os.path.join(tmp.get(), "forms.txt")
    with open(path, "wb") as f:
        f.write(b"\xef\xbb\xbf127.0.0.1:%d   # front desk\r\n" % port
                + b"alice:secret@127.0.0.1:%d\r" % port
                + b"\"127.0.0.1:%d\"\t# quoted\n" % port)
    res, _ = sweep(path, "--json", "--port", "1")
    lines = [json.loads(line) for line in res.stdout.splitlines()]
    labkit.check_eq(len(lines), 3, "output lines", res.stdout + res.stderr)
    labkit.check_eq(lines[0].get("line"), 1, "line of the first computer")
    labkit.check_eq(lines[0]["target"]["input"], "127.0.0.1:%d" % port, "input without the comment")
    labkit.check_eq(labkit.first_cause(lines[0]), "negotiation-cert-missing", "first cause")
    labkit.check_eq(lines[1].get("input"), "alice:•••@127.0.0.1:%d" % port, "the password hidden")
    labkit.check("user name and password" in lines[1].get("error", ""), "error: %r" % lines[1])
    labkit.check_eq(lines[2].get("line"), 3, "line of the quoted computer")
    labkit.check_eq(labkit.first_cause(lines[2]), "negotiation-cert-missing", "quoted computer's cause")
    labkit.check("secret" not in res.stdout + res.stderr, "a password is echoed: %r" % res.stdout)
    labkit.check_eq(res.returncode, 2, "exit code")


def t_bounded():
    """The silent host four times: with --jobs 2 two rounds of one timeout
    each, with --jobs 4 one round. A handshake timeout under the sweep's
    own load is tried again alone before it is named: once for the host
    (one more timeout), the other lines of the same host then named as
    the first try saw them (or at once, when one ran alone)."""
    port = host.get()["silence"]
    path = write_list("silent.txt", ["127.0.0.1:%d" % port] * 4)
    res2, wall2 = sweep(path, "--json", "--jobs", "2")
    # The same in text: the line says it was checked again alone.
    res4, wall4 = sweep(path, "--jobs", "4")
    reports = [json.loads(line) for line in res2.stdout.splitlines()]
    labkit.check_eq([labkit.first_cause(r) for r in reports], ["handshake-timeout"] * 4, "causes")
    # A line that ran alone (the others done) is named at once.
    retested = [r.get("retested") for r in reports]
    labkit.check(all(r in (None, {"first": "handshake-timeout"}) for r in retested) and
                 retested[0] is not None, "retested: %r" % retested)
    lines = res4.stdout.splitlines()
    labkit.check_eq([line.split("  ")[1] for line in lines], ["handshake-timeout"] * 4, "causes", res4.stdout)
    labkit.check(lines[0].endswith("(checked again alone; the first try saw handshake-timeout)"),
                 "first line: %r" % lines[0])
    labkit.check(wall2 >= 2 * TIMEOUT, "--jobs 2 took %.2f s: more than two at a time?" % wall2)
    labkit.check(wall4 < 3 * TIMEOUT + 0.5,
                 "--jobs 4 took %.2f s: fewer than four at a time, or tried alone more than once?" % wall4)
    return "--jobs 2: %.2f s, --jobs 4: %.2f s" % (wall2, wall4)


def t_usage():
    """Bad use: an empty list, --jobs out of range, a computer beside the
    list, a missing file: exit 2 with a message."""
    empty = write_list("empty.txt", ["# nothing", ""])
    farm = write_list("one.txt", ["127.0.0.1:1"])
    fifo = os.path.join(tmp.get(), "pipe.txt")
    os.mkfifo(fifo)
    nul = write_list("nul.txt", ["127.0.0.1:1\0", "127.0.0.1:2"])
    big = os.path.join(tmp.get(), "big.txt")
    with open(big, "w") as f:
        f.write(("127.0.0.1:1\n" * 1024) * 1500)
    cases = [
        ([empty], "empty list"),
        ([farm, "--jobs", "0"], "--jobs 0"),
        ([farm, "--jobs", "33"], "--jobs 33"),
        ([farm, "pc.example.com"], "a computer too"),
        ([os.path.join(tmp.get(), "missing.txt")], "missing file"),
        (["/dev/zero"], "/dev/zero (endless)"),
        ([fifo], "a pipe with no writer"),
        ([tmp.get()], "a folder"),
        ([nul], "a NUL byte in a line"),
        ([big], "a list over 16 MB"),
    ]
    for args, what in cases:
        res, _ = sweep(*args, timeout=10.0)
        labkit.check_eq(res.returncode, 2, "exit code for %s" % what, res.stderr)
        labkit.check(res.stderr.strip(), "no message for %s" % what)
        labkit.check_eq(res.stdout, "", "output for %s" % what)


def t_interrupted():
    """Ctrl+C in the middle: every line of the list still gets its line, in
    order; those finished with their report, those not checked marked
    "status": "not-checked" (not an error of the line); exit 130."""
    import signal
    import subprocess
    done = host.get()["neg-fail-3"]
    silent = host.get()["silence"]
    lines = ["127.0.0.1:%d" % done, "127.0.0.1:%d" % silent, "not a computer"] + \
        ["127.0.0.1:%d" % silent] * 4
    path = write_list("interrupted.txt", lines)
    cmd = [labkit.doctor_path(), "--headless", "--hosts-file", path, "--json", "--jobs", "2",
           "--timeout", "20"]
    if ns.get():
        cmd = ["ip", "netns", "exec", ns.get()] + cmd
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(1.5)
    p.send_signal(signal.SIGINT)
    out, err = p.communicate(timeout=30)
    got = [json.loads(line) for line in out.decode().splitlines()]
    detail = out.decode()[-1500:] + err.decode()[-500:]
    labkit.check_eq(p.returncode, 130, "exit code", detail)
    labkit.check_eq(len(got), len(lines), "output lines", detail)
    labkit.check_eq(labkit.first_cause(got[0]), "negotiation-cert-missing", "the finished line", detail)
    labkit.check(got[2].get("error") and got[2].get("input") == "not a computer", "the bad line: %r" % got[2])
    rest = [got[1]] + got[3:]
    labkit.check(all(g.get("status") == "not-checked" and "error" not in g for g in rest),
                 "lines not checked: %r" % rest)
    labkit.check_eq([g.get("line") for g in got], list(range(1, len(lines) + 1)), "line numbers", detail)
    labkit.check("Stopped." in err.decode(), "no “Stopped.” on stderr: %r" % err.decode()[-300:])
    return "%d lines: 1 checked, 1 not a computer, %d not-checked; exit 130" % (len(got), len(rest))


tests = [
    ("--hosts-file --json: one report a line, in order, right causes", t_json_lines),
    ("--hosts-file text: HOST  cause-id  title", t_text_lines),
    ("--hosts-file: a bad line gives an error line and exit 2", t_bad_line),
    ("--hosts-file: BOM, CR, comments after a computer, quotes, passwords", t_list_forms),
    ("--hosts-file: --jobs bounds how many run at once", t_bounded),
    ("--hosts-file: bad use exits 2", t_usage),
    ("--hosts-file: Ctrl+C marks what was not checked, exit 130", t_interrupted),
]

if __name__ == "__main__":
    labkit.run_tests(labkit.Tap(), tests, setup=stack)
