#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""rdp-doctor against a hostile host: the scripted fault host's hostile
modes (tests/lab/fault-host.py) in every phase (TCP, X.224, TLS, CredSSP)
and a flood of wrong UDP replies (tests/lab/udp-responder.py).  Each run
must end within what its deadlines allow, with exit code 1 (a problem
found), the expected cause first and a failing finding for the phase's
check, never killed by a signal, and with a bounded peak memory.

    test-lab-hostile.py [--valgrind]

With --valgrind every behaviour runs under valgrind memcheck instead (a few
at a time), and each must show no error and nothing "definitely lost".
Runs in a loopback-only network namespace when it can, else on the
machine's loopback.  Prints TAP."""

import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import labkit  # noqa: E402

TIMEOUT = 2                     # --timeout given to the program
# Every wait of a check ends at an absolute deadline, one timeout after the
# check (or its second try) began, and the checks a host can hold form one
# chain: tcp, negotiate, tls, nla.  A host that misbehaves in one phase
# answers the phases before it at once, so it holds the run for one timeout
# in that phase, plus one more where the tls check tries again (the legacy
# retry or TLS without negotiation) after a quick failure.  A slowloris
# host gains nothing: a byte that arrives does not move a deadline.
WALL_LIMIT = 2 * TIMEOUT + 1.5          # + process start on a busy machine
RSS_LIMIT_KB = 64 * 1024                # peak resident memory of the program
# In the AddressSanitizer build freed memory waits in ASan's quarantine (256 MB
# by default) before it is reused, so a flood of small replies, each read and
# freed, raises the peak by up to that much: the bound holds, with that room.
if "ASAN_OPTIONS" in os.environ:
    RSS_LIMIT_KB += 384 * 1024

# Under valgrind: a longer --timeout, so that the slowed-down handshakes
# still finish and the runs take the paths they take without it.
VG_TIMEOUT = 6
VG_PARALLEL = 3                 # runs at a time (the machine has two cores)
VG_WALL_LIMIT = 2 * VG_TIMEOUT + 20    # + valgrind's start and slowness
VG_RUN_LIMIT = 120.0            # kill a valgrind run after this many seconds
VALGRIND = ["valgrind", "--tool=memcheck", "--leak-check=full",
            "--errors-for-leak-kinds=definite", "--error-exitcode=99",
            "--num-callers=30"]

# (phase, behaviour, fault host mode, first cause, check that must fail)
MATRIX = [
    ("TCP", "reset at once (RST)", "accept-reset", "listener-drops-connections", "negotiate"),
    ("TCP", "close at once (FIN)", "accept-close", "listener-drops-connections", "negotiate"),
    ("TCP", "silence after connect", "silence", "handshake-timeout", "negotiate"),
    ("X.224", "reset after the Connection Request", "reset-after-request",
     "listener-drops-connections", "negotiate"),
    ("X.224", "64 bytes of garbage", "garbage", "not-rdp", "negotiate"),
    ("X.224", "endless garbage", "garbage-flood", "not-rdp", "negotiate"),
    ("X.224", "cut inside the TPKT header", "cut-tpkt-header", "not-rdp", "negotiate"),
    ("X.224", "cut inside the X.224 header", "tpkt-truncated", "not-rdp", "negotiate"),
    ("X.224", "cut inside the negotiation response", "cut-neg-response", "not-rdp", "negotiate"),
    ("X.224", "TPKT length 0", "tpkt-zero", "not-rdp", "negotiate"),
    ("X.224", "TPKT length 3", "tpkt-undersized", "not-rdp", "negotiate"),
    ("X.224", "TPKT length 65535", "tpkt-oversized", "not-rdp", "negotiate"),
    ("X.224", "TPKT length beyond the data", "tpkt-beyond", "not-rdp", "negotiate"),
    ("X.224", "TPKT that never ends, 1 byte a second", "tpkt-slowloris",
     "handshake-timeout", "negotiate"),
    ("TLS", "reset after the Connection Confirm", "reset-after-confirm",
     "tls-handshake-terminated", "tls"),
    ("TLS", "reset after the ClientHello", "tls-reset-after-hello",
     "tls-handshake-terminated", "tls"),
    ("TLS", "silence after the ClientHello", "tls-silence", "handshake-timeout", "tls"),
    ("TLS", "garbage for a ServerHello", "tls-garbage", "tls-handshake-terminated", "tls"),
    ("TLS", "close after the ServerHello", "tls-close-after-serverhello",
     "tls-handshake-terminated", "tls"),
    ("TLS", "reset after the ServerHello", "tls-reset-after-serverhello",
     "tls-handshake-terminated", "tls"),
    ("TLS", "silence after the ServerHello", "tls-silence-after-serverhello",
     "handshake-timeout", "tls"),
    ("TLS", "cut in the middle of a record", "tls-cut-record", "tls-handshake-terminated", "tls"),
    ("TLS", "record length 65535", "tls-record-oversized", "tls-protocol-mismatch", "tls"),
    ("TLS", "server flight at 1 byte a second", "tls-slowloris", "handshake-timeout", "tls"),
    ("TLS", "4 MB certificate chain", "tls-huge-chain", "tls-protocol-mismatch", "tls"),
    ("TLS", "endless HelloRequests", "tls-hello-request-flood", "handshake-timeout", "tls"),
    ("CredSSP", "close after the TSRequest", "credssp-close", "nla-failed", "nla"),
    ("CredSSP", "reset after the TSRequest", "credssp-reset", "nla-failed", "nla"),
    ("CredSSP", "silence after the TSRequest", "credssp-silence", "nla-failed", "nla"),
    ("CredSSP", "garbage for a TSRequest", "credssp-garbage", "nla-failed", "nla"),
    ("CredSSP", "TSRequest cut in half", "credssp-cut", "nla-failed", "nla"),
    ("CredSSP", "TSRequest length beyond the data", "credssp-len-beyond", "nla-failed", "nla"),
    ("CredSSP", "TSRequest of 1 MB", "credssp-1mb", "nla-failed", "nla"),
    ("CredSSP", "TSRequest at 1 byte a second", "credssp-slowloris", "nla-failed", "nla"),
    ("CredSSP", "endless renegotiation", "credssp-renegotiate", "nla-failed", "nla"),
]
# UDP: the TCP side answers like a healthy host (credssp-ok), the UDP port
# floods wrong replies without pause.
UDP_FLOOD = ("UDP", "endless flood of wrong replies", "udp-flood", "udp-blocked", "udp")
TCP_FOR_UDP = "credssp-ok"

# Evidence that names what happened, where the cause alone would not
# (check, member, the value or, for text, a part of it).
EVIDENCE = {
    "tls-huge-chain": ("tls", "error", "excessive message size"),
    "tls-hello-request-flood": ("tls", "died_after", "< HelloRequest"),
    "credssp-garbage": ("nla", "outcome", "malformed"),
    "credssp-1mb": ("nla", "outcome", "oversized"),
    "credssp-slowloris": ("nla", "outcome", "timeout"),
    "credssp-renegotiate": ("nla", "outcome", "closed"),
}
# Refused at once, not held until the deadline: the failing check takes
# less than half a timeout.
QUICK = {"garbage-flood", "tls-huge-chain", "credssp-1mb", "credssp-renegotiate"}

VALGRIND_MODE = "--valgrind" in sys.argv[1:]
MODES = [m for _, _, m, _, _ in MATRIX] + [TCP_FOR_UDP]

stack = contextlib.ExitStack()
ns = labkit.Lazy(stack, labkit.loopback_ns)
host = labkit.Lazy(stack, lambda: labkit.fault_host(MODES, netns=ns.get()))
udp = labkit.Lazy(stack, lambda: labkit.udp_responder(
    "endless-flood", host.get()[TCP_FOR_UDP], netns=ns.get()))


@contextlib.contextmanager
def scratch_dir():
    d = labkit.tempdir("hostile")
    try:
        yield d
    finally:
        labkit.remove_tempdir(d)


workdir = labkit.Lazy(stack, scratch_dir)


def port_of(mode):
    if mode == UDP_FLOOD[2]:
        udp.get()
        return host.get()[TCP_FOR_UDP]
    return host.get()[mode]


# ------------------------------------------------------------------ runs

class Run:
    """One run of the program: started by start(), reaped by poll()."""

    def __init__(self, mode, timeout, limit, wrapper=()):
        self.mode = mode
        self.limit = limit
        tag = re.sub(r"[^a-z0-9-]", "_", mode)
        self.out_path = os.path.join(workdir.get(), tag + ".out")
        self.err_path = os.path.join(workdir.get(), tag + ".err")
        self.vg_log = os.path.join(workdir.get(), tag + ".valgrind") if wrapper else None
        args = list(wrapper)
        if self.vg_log:
            args.append("--log-file=" + self.vg_log)
        self.cmd = args + [labkit.doctor_path(), "--headless", "127.0.0.1:%d" % port_of(mode),
                           "--timeout", str(timeout), "--json"]
        self.proc = None
        self.result = None
        self.maxrss_kb = None

    def start(self):
        env = dict(os.environ)
        env.setdefault("LC_ALL", "C.UTF-8")
        env["NO_AT_BRIDGE"] = "1"
        env.pop("DISPLAY", None)
        env.pop("WAYLAND_DISPLAY", None)
        if self.vg_log:
            env["G_SLICE"] = "always-malloc"
            env["G_DEBUG"] = "gc-friendly"
        cmd = self.cmd
        if ns.get():
            cmd = ["ip", "netns", "exec", ns.get()] + cmd
        self.cmd = cmd
        with open(self.out_path, "wb") as out, open(self.err_path, "wb") as err:
            self.t0 = time.monotonic()
            # `ip netns exec` execs the program: the pid stays the program's,
            # so wait4() gives its own peak memory.
            self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                                         env=env, start_new_session=True,
                                         preexec_fn=labkit._pdeathsig)

    def poll(self):
        """True once the run is over (reaped, or killed at its limit)."""
        if self.result is not None:
            return True
        pid, status, usage = os.wait4(self.proc.pid, os.WNOHANG)
        timed_out = False
        if pid == 0:
            if time.monotonic() - self.t0 < self.limit:
                return False
            timed_out = True
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            pid, status, usage = os.wait4(self.proc.pid, 0)
        wall = time.monotonic() - self.t0
        self.proc.returncode = os.waitstatus_to_exitcode(status)
        self.maxrss_kb = usage.ru_maxrss
        with open(self.out_path, "rb") as f:
            out = f.read().decode("utf-8", "replace")
        with open(self.err_path, "rb") as f:
            err = f.read().decode("utf-8", "replace")
        report = None
        with contextlib.suppress(ValueError):
            report = json.loads(out)
            if not isinstance(report, dict):
                report = None
        rc = None if timed_out else self.proc.returncode
        self.result = labkit.DoctorResult(rc, report, err, wall, out, self.cmd, timed_out)
        return True


def run_all(runs, parallel):
    """Run them, `parallel` at a time (bounded: each run is killed at its
    limit)."""
    pending = list(runs)
    running = []
    while pending or running:
        while pending and len(running) < parallel:
            r = pending.pop(0)
            r.start()
            running.append(r)
        running = [r for r in running if not r.poll()]
        time.sleep(0.02)


_runs = {}


def behaviours():
    return MATRIX + [UDP_FLOOD]


def run_of(mode):
    """The run for a behaviour: in plain mode one at a time, when first
    asked; under valgrind all of them at once, a few at a time."""
    if mode not in _runs:
        if VALGRIND_MODE:
            todo = [Run(m, VG_TIMEOUT, VG_RUN_LIMIT, VALGRIND)
                    for _, _, m, _, _ in behaviours() if m not in _runs]
            for r in todo:
                _runs[r.mode] = r
            run_all(todo, VG_PARALLEL)
        else:
            r = _runs[mode] = Run(mode, TIMEOUT, labkit.hard_timeout(["--timeout", str(TIMEOUT)]))
            run_all([r], 1)
    return _runs[mode]


# ------------------------------------------------------------------ checks

def check_outcome(run, cause, check_id):
    """Exit code 1, no signal, the cause first, the check failing."""
    res = run.result
    detail = labkit.describe(res)
    labkit.check(not res.timed_out, "killed at the harness limit (%.0f s)\n%s" % (run.limit, detail))
    labkit.check(res.rc is not None and res.rc >= 0, "killed by a signal\n" + detail)
    labkit.check(res.report is not None, "no JSON report\n" + detail)
    labkit.check_eq(res.rc, 1, "exit code (1: a problem found)", detail)
    labkit.check_eq(labkit.first_cause(res.report), cause, "first cause", detail)
    finding = labkit.find_check(res.report, check_id)
    labkit.check(finding is not None and finding.get("status") in ("fail", "warn"),
                 "the %s check is not a failing finding: %r\n%s" % (
                     check_id, finding and finding.get("status"), detail))
    return finding


def t_behaviour(phase, what, mode, cause, check_id):
    def t():
        run = run_of(mode)
        res = run.result
        finding = check_outcome(run, cause, check_id)
        detail = labkit.describe(res)
        labkit.check(res.wall <= WALL_LIMIT, "wall %.2f s, limit %.2f s\n%s" % (
            res.wall, WALL_LIMIT, detail))
        labkit.check(run.maxrss_kb <= RSS_LIMIT_KB, "peak memory %d KB, limit %d KB\n%s" % (
            run.maxrss_kb, RSS_LIMIT_KB, detail))
        if mode in EVIDENCE:
            check_id2, member, want = EVIDENCE[mode]
            got = labkit.evidence(res, check_id2).get(member)
            labkit.check(got == want or (isinstance(got, str) and want in got),
                         "%s evidence %s: expected %r, got %r\n%s" % (
                             check_id2, member, want, got, detail))
        if mode in QUICK:
            labkit.check(finding.get("duration_ms", 0) < TIMEOUT * 500,
                         "the %s check took %s ms: held until its deadline\n%s" % (
                             check_id, finding.get("duration_ms"), detail))
        if mode == UDP_FLOOD[2]:
            ev = labkit.evidence(res, "udp")
            labkit.check(isinstance(ev.get("wrong_replies"), int) and ev["wrong_replies"] > 0,
                         "no wrong replies counted\n" + detail)
            labkit.check("no answer" not in (finding.get("summary") or ""),
                         "the udp check says nothing answered, after %s wrong replies\n%s" % (
                             ev["wrong_replies"], detail))
        return "%s: %s (%s), exit %d, wall %.2f s, peak RSS %.1f MB, %s: %s" % (
            phase, cause, mode, res.rc, res.wall, run.maxrss_kb / 1024.0, check_id,
            (finding.get("summary") or "")[:100])
    return t


LEAK_LINE = re.compile(r"definitely lost: ([\d,]+) bytes")
ERRORS_LINE = re.compile(r"ERROR SUMMARY: ([\d,]+) errors")


def t_valgrind(phase, what, mode, cause, check_id):
    def t():
        if shutil.which("valgrind") is None:
            raise labkit.Skip("valgrind is not installed")
        run = run_of(mode)
        res = run.result
        detail = labkit.describe(res)
        try:
            with open(run.vg_log, encoding="utf-8", errors="replace") as f:
                log = f.read()
        except OSError as e:
            raise AssertionError("no valgrind log: %s\n%s" % (e, detail))
        tail = "\n".join(log.splitlines()[-60:])
        labkit.check(not res.timed_out, "killed at the harness limit (%.0f s)\n%s" % (
            run.limit, detail))
        labkit.check(res.rc != 99, "valgrind found errors:\n" + tail)
        labkit.check(res.wall <= VG_WALL_LIMIT, "wall %.1f s, limit %.1f s\n%s" % (
            res.wall, VG_WALL_LIMIT, detail))
        labkit.check_eq(res.rc, 1, "exit code (1: a problem found)", detail + "\n" + tail)
        labkit.check(res.report is not None, "no JSON report\n" + detail)
        errors = ERRORS_LINE.findall(log)
        labkit.check(errors and errors[-1] == "0", "valgrind error summary: %s\n%s" % (
            errors[-1:] or "missing", tail))
        lost = LEAK_LINE.findall(log)
        labkit.check(not lost or lost[-1] == "0",
                     "definitely lost: %s bytes\n%s" % (lost[-1], tail))
        labkit.check(lost or "All heap blocks were freed" in log or
                     "no leaks are possible" in log,
                     "no leak summary in the valgrind log\n" + tail)
        got = labkit.first_cause(res.report)
        return "%s (%s): exit %d, wall %.1f s, definitely lost %s bytes, first cause %s%s" % (
            mode, phase, res.rc, res.wall, lost[-1] if lost else "0", got,
            "" if got == cause else " (without valgrind: %s)" % cause)
    return t


def t_matrix_size():
    phases = {}
    for phase, _, mode, _, _ in behaviours():
        phases.setdefault(phase, []).append(mode)
    labkit.check(len(behaviours()) >= 20, "only %d behaviours" % len(behaviours()))
    labkit.check(set(phases) == {"TCP", "X.224", "TLS", "CredSSP", "UDP"},
                 "phases covered: %s" % sorted(phases))
    return ["%s: %d (%s)" % (p, len(m), ", ".join(m)) for p, m in phases.items()]


def t_valgrind_installed():
    if shutil.which("valgrind") is None:
        raise labkit.Skip("valgrind is not installed")
    cp = labkit.run(["valgrind", "--version"], timeout=30)
    return cp.stdout.strip()


if VALGRIND_MODE:
    tests = [("valgrind is there", t_valgrind_installed)]
    tests += [("valgrind: %s: %s (%s)" % (p, w, m), t_valgrind(p, w, m, c, k))
              for p, w, m, c, k in behaviours()]
else:
    tests = [("hostile matrix: 20+ behaviours over TCP, X.224, TLS, CredSSP, UDP",
              t_matrix_size)]
    tests += [("%s: %s (%s) -> %s" % (p, w, m, c), t_behaviour(p, w, m, c, k))
              for p, w, m, c, k in behaviours()]

if __name__ == "__main__":
    labkit.run_tests(labkit.Tap(), tests, setup=stack)
