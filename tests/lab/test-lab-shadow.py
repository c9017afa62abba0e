#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""rdp-doctor against FreeRDP's shadow server (freerdp-shadow-cli /sec:nla
on an Xvfb display): a server that requires NLA and answers a CredSSP NTLM
NEGOTIATE with a CHALLENGE even without a SAM file.  Runs inside a
loopback-only network namespace when one can be made.  Prints TAP."""

import contextlib
import os
import shutil
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import labkit  # noqa: E402

TIMEOUT = 2
ASK_ALL = 1 | 2 | 8

stack = contextlib.ExitStack()
ns = labkit.Lazy(stack, labkit.loopback_ns)


def start():
    for prog in ("Xvfb", "freerdp-shadow-cli"):
        if shutil.which(prog) is None:
            raise labkit.Skip("%s is not installed" % prog)
    return labkit.shadow_server("nla", netns=ns.get())


shadow = labkit.Lazy(stack, start)
_result = []


def result():
    if not _result:
        port = shadow.get()
        probe = "freerdp-shadow-cli /sec:nla answers SSL|HYBRID|HYBRID_EX with: %s" % (
            labkit.x224_probe("127.0.0.1", port, ASK_ALL, netns=ns.get()))
        started = time.time()
        res = labkit.run_doctor(["127.0.0.1:%d" % port, "--timeout", str(TIMEOUT)], netns=ns.get())
        res.started = started
        _result.append((res, probe))
    return _result[0]


def t_healthy():
    res, probe = result()
    detail = probe + "\n" + labkit.describe(res)
    labkit.check(res.report is not None, "no JSON report\n" + detail)
    labkit.check_eq(res.report.get("verdict"), "healthy", "verdict", detail)
    labkit.check_eq(res.rc, 0, "exit code", detail)
    return [probe, "verdict healthy, exit 0, wall %.2f s" % res.wall]


def t_negotiate_evidence():
    res, probe = result()
    detail = probe + "\n" + labkit.describe(res)
    neg = labkit.find_check(res.report, "negotiate")
    labkit.check(neg is not None, "no 'negotiate' check in the report\n" + detail)
    ev = neg.get("evidence") or {}
    labkit.check_eq(ev.get("selected_protocol"), "HYBRID",
                    "negotiate evidence selected_protocol", detail)
    labkit.check_eq(ev.get("nla_required"), True, "negotiate evidence nla_required", detail)
    # NLA verdict: turning NLA off on this side cannot work with this host.
    labkit.check_eq(res.report.get("nla"), "required", "report nla verdict", detail)
    return "selected_protocol HYBRID, nla_required true, nla verdict required"


def t_nla_evidence():
    """The nla check reads the shadow server's CHALLENGE: a computer name
    and its clock (FreeRDP puts MsvAvTimestamp in TargetInfo); same
    machine, so the time is within a few minutes of ours."""
    res, probe = result()
    detail = probe + "\n" + labkit.describe(res)
    ev = labkit.evidence(res, "nla")
    names = [ev.get(k) for k in ("netbios_computer", "dns_computer")]
    labkit.check(any(isinstance(n, str) and n for n in names),
                 "nla evidence: no netbios_computer or dns_computer: %r\n%s" % (names, detail))
    t = ev.get("server_time_unix")
    labkit.check(isinstance(t, (int, float)) and not isinstance(t, bool),
                 "nla evidence server_time_unix is not a number: %r\n%s" % (t, detail))
    labkit.check(abs(t - res.started) <= 600,
                 "nla evidence server_time_unix %r is %.0f s from now\n%s" % (
                     t, t - res.started, detail))
    labkit.check_eq(res.report.get("verdict"), "healthy", "verdict", detail)
    return "nla: netbios_computer %r, dns_computer %r, server_time %s (%+.0f s), outcome %s, " \
        "CredSSP version %s, NTLM product version %s" % (
            names[0], names[1], ev.get("server_time"), t - res.started, ev.get("outcome"),
            ev.get("version"), ev.get("os_version"))


tests = [
    ("freerdp-shadow-cli /sec:nla -> healthy", t_healthy),
    ("freerdp-shadow-cli /sec:nla -> negotiate selected HYBRID, nla_required", t_negotiate_evidence),
    ("freerdp-shadow-cli /sec:nla -> nla reads computer name and server time", t_nla_evidence),
]

if __name__ == "__main__":
    labkit.run_tests(labkit.Tap(), tests, setup=stack)
