#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""`rdp-doctor --headless --watch` against the fault host's busy-1-in-n
mode: a host that works, except that one burst of connections in five is
dropped the way Windows drops connections beyond MaxOutstandingConnections
(accepted, the Connection Request read, reset without an answer).  Rounds
further apart than the fault host's burst gap (0.3 s) are one burst each,
so of five rounds the fifth is dropped: its line names
listener-drops-connections (not a firewall), and the summary counts one
failure of five and names the cause intermittent, with the
MaxOutstandingConnections explanation and the administrator's lines.
Ctrl+C and SIGTERM during a watch (between rounds, or inside one: then
it is not counted) print the summary and exit 130.
Runs in a loopback-only network namespace when it can.  Prints TAP."""

import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import labkit  # noqa: E402

TIMEOUT = 2                 # --timeout given to the program
INTERVAL = 0.8              # --interval: well above the burst gap, even
                            # with a sanitized build's slower rounds
ROUNDS = 5                  # --count, and the fault host's --drop-every
MODE = "busy-1-in-n"
# Causes a one-off drop must never be read as.
NOT_A_DROP = {"port-filtered", "port-refused", "host-unreachable", "handshake-timeout"}

stack = contextlib.ExitStack()
ns = labkit.Lazy(stack, labkit.loopback_ns)


class Watch:
    """The program watching a fresh busy host (its burst count starts at
    one), its output read line by line as it comes, every wait bounded."""

    def __init__(self, *args, mode=MODE):
        self.host_cm = labkit.fault_host([mode], netns=ns.get())
        self.host = self.host_cm.__enter__()
        cmd = [labkit.doctor_path(), "--headless", "--watch", "--interval", str(INTERVAL),
               "--timeout", str(TIMEOUT)] + list(args) + ["127.0.0.1:%d" % self.host[mode]]
        if ns.get():
            cmd = ["ip", "netns", "exec", ns.get()] + cmd
        env = dict(os.environ)
        env["HOME"] = labkit.empty_home()
        env["XDG_CONFIG_HOME"] = os.path.join(env["HOME"], "config")
        env["LC_ALL"] = "C.UTF-8"
        env.pop("LANGUAGE", None)
        self.cmd = cmd
        self.lines = []
        self.closed = False
        try:
            # Dies with the harness, like every process labkit starts.
            self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                         stderr=subprocess.PIPE, text=True, env=env,
                                         start_new_session=True, preexec_fn=labkit._pdeathsig)
        except BaseException:
            self.host_cm.__exit__(None, None, None)
            raise
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        self.stderr = ""

    def _read(self):
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))

    def wait_lines(self, n, timeout):
        deadline = time.monotonic() + timeout
        while len(self.lines) < n and self.proc.poll() is None:
            if time.monotonic() > deadline:
                raise AssertionError("%d of %d lines after %.0f s:\n%s"
                                     % (len(self.lines), n, timeout, "\n".join(self.lines)))
            time.sleep(0.05)

    def finish(self, timeout):
        try:
            self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise AssertionError("still running after %.0f s:\n%s" % (timeout, "\n".join(self.lines)))
        finally:
            self.close()
        labkit.check_no_sanitizer_report(self.stderr, self.cmd)
        return self.proc.returncode

    def close(self):
        """Stops the program if it still runs, then the fault host; bounded,
        and safe to call again."""
        if self.closed:
            return
        self.closed = True
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=5)
        self.reader.join(timeout=5)
        self.stderr = self.proc.stderr.read()
        self.proc.stderr.close()
        self.proc.stdout.close()
        self.host_cm.__exit__(None, None, None)

    def describe(self):
        return "stdout:\n%s\nstderr:\n%s" % ("\n".join(self.lines), self.stderr[-1500:])


def run_watch(*args):
    w = Watch("--count", str(ROUNDS), *args)
    rc = w.finish(timeout=ROUNDS * INTERVAL + 4 * TIMEOUT + 10)
    return w, rc


def t_json():
    """--json: one compact object a round as it ends (number, ISO 8601
    start, duration, verdict, main cause, every cause with its severity),
    then {"summary": ...}; rounds 1-4 healthy, round 5 the drop, named
    listener-drops-connections and nothing a firewall would be; the
    summary: 5 rounds, 1 failure, the cause intermittent with the
    MaxOutstandingConnections explanation; exit 1."""
    w, rc = run_watch("--json")
    labkit.check_eq(rc, 1, "exit code", w.describe())
    labkit.check_eq(len(w.lines), ROUNDS + 1, "lines", w.describe())
    rounds = [json.loads(line) for line in w.lines[:ROUNDS]]
    for i, r in enumerate(rounds):
        labkit.check_eq(r["round"], i + 1, "round number", w.describe())
        labkit.check(r["start"].endswith("Z") and "T" in r["start"], "start: %r" % r["start"])
        labkit.check(isinstance(r["duration_ms"], int) and r["duration_ms"] >= 0, "duration: %r" % r)
        for c in r["causes"]:
            labkit.check(set(c) == {"id", "severity"}, "cause fields: %r" % c)
    for r in rounds[:-1]:
        labkit.check_eq((r["verdict"], r["cause"]), ("healthy", "healthy"),
                        "round %d" % r["round"], w.describe())
    last = rounds[-1]
    labkit.check_eq((last["verdict"], last["cause"]), ("broken", "listener-drops-connections"),
                    "the dropped round", w.describe())
    ids = {c["id"] for c in last["causes"]}
    labkit.check(not ids & NOT_A_DROP, "a one-off drop read as %s" % sorted(ids & NOT_A_DROP))
    # Round starts are the interval apart (not the interval after an end).
    from datetime import datetime
    starts = [datetime.strptime(r["start"], "%Y-%m-%dT%H:%M:%S.%fZ").timestamp() for r in rounds]
    gaps = [b - a for a, b in zip(starts, starts[1:])]
    labkit.check(all(INTERVAL - 0.05 <= g <= INTERVAL + 0.5 for g in gaps), "round starts: %r" % gaps)

    summary = json.loads(w.lines[-1])["summary"]
    labkit.check_eq((summary["rounds"], summary["failures"], summary["errors"]), (ROUNDS, 1, 0),
                    "summary counts", w.lines[-1])
    labkit.check(summary["longest_outage_ms"] > 0, "no outage: %r" % summary)
    causes = {c["id"]: c for c in summary["causes"]}
    labkit.check_eq(sorted(causes), ["listener-drops-connections"], "summary causes", w.lines[-1])
    drop = causes["listener-drops-connections"]
    labkit.check_eq((drop["rounds"], drop["failures"], drop["intermittent"], drop["family"]),
                    (1, 1, True, "dropped"), "the cause", w.lines[-1])
    for words in ("1 of 5 connections was dropped", "MaxOutstandingConnections",
                  'REG ADD "HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server" '
                  "/v MaxOutstandingConnections", "REG DELETE", "Restart-Service TermService"):
        labkit.check(words in drop["explanation"], "no %r in %r" % (words, drop["explanation"]))
    return "%s; %s" % (w.lines[ROUNDS - 1], "gaps %s s" % ", ".join("%.2f" % g for g in gaps))


def t_text():
    """Text: a line a round (number, time, cause id, title, duration), then
    the summary in a helpdesk's words; exit 1."""
    w, rc = run_watch()
    labkit.check_eq(rc, 1, "exit code", w.describe())
    round_lines = [line for line in w.lines if line.startswith("#")]
    labkit.check_eq(len(round_lines), ROUNDS, "round lines", w.describe())
    for i, line in enumerate(round_lines[:-1]):
        labkit.check(line.startswith("#%d  " % (i + 1)) and "  healthy  No problem found  (" in line,
                     "round %d: %r" % (i + 1, line))
    labkit.check("  listener-drops-connections  The computer accepts the connection and drops it at once  ("
                 in round_lines[-1], "the dropped round: %r" % round_lines[-1])
    text = "\n".join(w.lines)
    for words in ("5 rounds, 1 failed", "Longest outage: ", "Failures by cause:",
                  "  listener-drops-connections: 1",
                  "listener-drops-connections: 1 of 5 rounds (intermittent)",
                  "1 of 5 connections was dropped: the computer refuses new connections when it is busy",
                  "(MaxOutstandingConnections)", "Restart-Service TermService -Force"):
        labkit.check(words in text, "no %r in:\n%s" % (words, text))
    return round_lines[-1]


def t_interrupt():
    """Ctrl+C between rounds: the rounds so far summed up, exit 130; the
    round cut short is not counted."""
    w = Watch()
    try:
        w.wait_lines(2, timeout=2 * INTERVAL + 4 * TIMEOUT + 10)
        w.proc.send_signal(signal.SIGINT)
        rc = w.finish(timeout=10)
    finally:
        w.close()
    labkit.check_eq(rc, 130, "exit code", w.describe())
    n = len([line for line in w.lines if line.startswith("#")])
    labkit.check(2 <= n < ROUNDS, "rounds before Ctrl+C: %d" % n)
    labkit.check("%d rounds, 0 failed" % n in w.lines, "no summary:\n" + w.describe())
    labkit.check("Stopped." in w.stderr, "no “Stopped.”: " + w.stderr[-500:])
    return "%d rounds, then the summary" % n


def t_sigterm_json():
    """SIGTERM (a service manager stopping it), with --json: the last line
    is the summary of exactly the rounds printed; exit 130."""
    w = Watch("--json")
    try:
        w.wait_lines(1, timeout=INTERVAL + 4 * TIMEOUT + 10)
        w.proc.send_signal(signal.SIGTERM)
        rc = w.finish(timeout=10)
    finally:
        w.close()
    labkit.check_eq(rc, 130, "exit code", w.describe())
    labkit.check(len(w.lines) >= 2, "no summary:\n" + w.describe())
    summary = json.loads(w.lines[-1])["summary"]
    labkit.check_eq(summary["rounds"], len(w.lines) - 1, "rounds in the summary", w.describe())
    labkit.check_eq(summary["failures"], 0, "failures", w.describe())
    return w.lines[-1][:120]


def t_interrupt_in_round():
    """Ctrl+C while a round waits on a silent host: the round is cut short
    and not counted; the summary (no rounds) and exit 130 come at once, not
    after the round's timeout."""
    w = Watch("--json", mode="silence")
    try:
        time.sleep(0.5)
        t0 = time.monotonic()
        w.proc.send_signal(signal.SIGINT)
        rc = w.finish(timeout=10)
        took = time.monotonic() - t0
    finally:
        w.close()
    labkit.check_eq(rc, 130, "exit code", w.describe())
    labkit.check_eq(len(w.lines), 1, "lines", w.describe())
    summary = json.loads(w.lines[0])["summary"]
    labkit.check_eq((summary["rounds"], summary["failures"]), (0, 0), "summary", w.lines[0])
    labkit.check(took < TIMEOUT, "took %.1f s to stop" % took)
    return "stopped in %.2f s: %s" % (took, w.lines[0])


tests = [
    ("--watch --json: 5 rounds, the 5th dropped, summary names it intermittent", t_json),
    ("--watch text: round lines and a helpdesk's summary", t_text),
    ("--watch, Ctrl+C between rounds: summary, exit 130", t_interrupt),
    ("--watch --json, SIGTERM: summary line, exit 130", t_sigterm_json),
    ("--watch, Ctrl+C inside a round: not counted, summary, exit 130", t_interrupt_in_round),
]

if __name__ == "__main__":
    labkit.run_tests(labkit.Tap(), tests, setup=stack)
