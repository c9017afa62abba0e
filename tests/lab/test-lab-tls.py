#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""rdp-doctor's tls, nla and clock checks against the scripted fault host
(tests/lab/fault-host.py): TLS servers that reset, close, only speak
TLS 1.0, send an alert or say nothing, and CredSSP servers that answer an
NTLM NEGOTIATE with a CHALLENGE (good, skewed clock, malformed AV pairs,
another computer's name) or not at all.  Runs in a loopback-only network
namespace when it can.  Prints TAP."""

import contextlib
import json
import os
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import labkit  # noqa: E402

TIMEOUT = 2                     # --timeout given to the program

EXPECTED = [
    ("tls-reset-after-hello", "tls-handshake-terminated"),
    ("tls-close-after-serverhello", "tls-handshake-terminated"),
    # only a client that allows TLS 1.0 gets through: this computer's
    # stricter settings, not a host without TLS (test-lab-tls-policy.py)
    ("tls10-only", "tls-client-policy-stricter"),
    ("tls-alert", "tls-protocol-mismatch"),
    ("tls-silence", "handshake-timeout"),
    ("credssp-close", "nla-failed"),
    ("credssp-skew", "clock-skew"),
]
MODES = [m for m, _ in EXPECTED] + ["credssp-malformed-av", "credssp-ok", "credssp-name"]
NTLM_NEGOTIATE = b"NTLMSSP\x00\x01\x00\x00\x00"
NTLM_AUTHENTICATE = b"NTLMSSP\x00\x03\x00\x00\x00"

stack = contextlib.ExitStack()
ns = labkit.Lazy(stack, labkit.loopback_ns)
# 127.0.0.1 and ::1: credssp-name is reached as "localhost".
host = labkit.Lazy(stack, lambda: labkit.fault_host(
    MODES, netns=ns.get(), record=True, bind=["127.0.0.1", "::1"]))
_results = {}


def doctor(mode, target_host="127.0.0.1"):
    """Run the program once per scenario (cached)."""
    key = (mode, target_host)
    if key not in _results:
        port = host.get()[mode]
        _results[key] = labkit.run_doctor(
            ["%s:%d" % (target_host, port), "--timeout", str(TIMEOUT)], netns=ns.get())
    return _results[key]


def t_cause(mode, expected):
    def t():
        return labkit.expect_cause(doctor(mode), expected)
    return t


def t_fault_host_tls10():
    """The fault host's tls10-only really is a TLS 1.0 server on this
    OpenSSL (checked with openssl s_client, not with the program)."""
    if shutil.which("openssl") is None:
        raise labkit.Skip("the openssl command is not installed")
    port = host.get()["tls10-only"]
    rc, out, cc = labkit.s_client_via_x224(
        "127.0.0.1", port, ["-tls1", "-cipher", "DEFAULT:@SECLEVEL=0", "-brief"],
        netns=ns.get())
    labkit.check(rc == 0 and "Protocol version: TLSv1\n" in out,
                 "s_client -tls1 -cipher DEFAULT:@SECLEVEL=0: exit %r\n%s" % (rc, out))
    rc2, out2, _ = labkit.s_client_via_x224("127.0.0.1", port, ["-brief"], netns=ns.get())
    labkit.check(rc2 != 0, "s_client with default settings got through:\n%s" % out2)
    return ["s_client -tls1 @SECLEVEL=0: TLSv1 handshake done (Connection Confirm %s)" % cc,
            "s_client defaults: fails (exit %s): %s" % (
                rc2, " / ".join(l for l in out2.splitlines() if "error" in l)[:200])]


def t_tls10_evidence():
    res = doctor("tls10-only")
    ev = labkit.evidence(res, "tls")
    retry = ev.get("legacy_retry")
    labkit.check(isinstance(retry, dict),
                 "tls evidence has no legacy_retry object\n" + labkit.describe(res))
    labkit.check_eq(retry.get("version"), "TLSv1", "tls evidence legacy_retry.version",
                    labkit.describe(res))
    return "default handshake: %s; legacy_retry: %s" % (
        ev.get("outcome"), json.dumps(retry, sort_keys=True)[:300])


def t_alert_evidence():
    res = doctor("tls-alert")
    ev = labkit.evidence(res, "tls")
    labkit.check_eq(ev.get("alert_from"), "host", "tls evidence alert_from", labkit.describe(res))
    return "outcome %s, alert %r from %s" % (ev.get("outcome"), ev.get("alert"),
                                             ev.get("alert_from"))


def t_silence_timing():
    res = doctor("tls-silence")
    limit = 1.2 * TIMEOUT + 0.3                 # 0.3 s for process start
    msg = "tls-silence with --timeout %d: wall %.2f s (limit %.2f s)" % (
        TIMEOUT, res.wall, limit)
    labkit.check(res.report is not None, msg + "\n" + labkit.describe(res))
    labkit.check(res.wall < limit, msg + "\n" + labkit.describe(res))
    return msg


def t_skew_offset():
    res = doctor("credssp-skew")
    ev = labkit.evidence(res, "clock")
    off = ev.get("offset_s")
    labkit.check(isinstance(off, (int, float)) and not isinstance(off, bool),
                 "clock evidence offset_s is not a number: %r\n%s" % (off, labkit.describe(res)))
    labkit.check(7000 <= abs(off) <= 7400,
                 "clock evidence offset_s %r, expected about -7200\n%s" % (
                     off, labkit.describe(res)))
    return "offset_s %s (server %s, local %s)" % (off, ev.get("server_time"),
                                                  ev.get("local_time"))


def t_malformed_av():
    res = doctor("credssp-malformed-av")
    detail = labkit.describe(res)
    labkit.check(res.report is not None, "no JSON report (crash?)\n" + detail)
    labkit.check(res.rc in (0, 1), "exit code %r, expected 0 or 1\n%s" % (res.rc, detail))
    ev = labkit.evidence(res, "nla")
    problem = ev.get("problem")
    labkit.check(isinstance(problem, str) and problem.strip(),
                 "nla evidence has no 'problem' string: %r\n%s" % (problem, detail))
    return "exit %s, causes %s, nla outcome %s, problem %r" % (
        res.rc, labkit.cause_ids(res.report), ev.get("outcome"), problem)


def t_credssp_ok():
    res = doctor("credssp-ok")
    detail = labkit.describe(res)
    ev = labkit.evidence(res, "nla")
    labkit.check_eq(ev.get("netbios_computer"), "WIN-RDPLAB", "nla netbios_computer", detail)
    labkit.check_eq(ev.get("dns_computer"), "win-rdplab.rdlab.test", "nla dns_computer", detail)
    inside = labkit.recorded(host.get(), "credssp-ok", ".tls")
    labkit.check(inside, "no decrypted client bytes recorded for credssp-ok\n" + detail +
                 "\nfault host stderr: " + labkit.fault_host_stderr(host.get()))
    labkit.check(any(NTLM_NEGOTIATE in d for d in inside),
                 "no NTLM NEGOTIATE inside TLS: %s" % [d[:64].hex() for d in inside])
    labkit.check(not any(NTLM_AUTHENTICATE in d for d in inside),
                 "the program sent an NTLM AUTHENTICATE")
    return ["nla: %s / %s, outcome %s; verdict %s, causes %s" % (
        ev.get("netbios_computer"), ev.get("dns_computer"), ev.get("outcome"),
        res.report.get("verdict"), labkit.cause_ids(res.report)),
        "%d TLS connection(s) recorded: NEGOTIATE sent, no AUTHENTICATE (%s bytes)"
        % (len(inside), [len(d) for d in inside])]


def t_credssp_name():
    """The far end of a tunnel has its own name: "localhost" leading to
    OTHER-PC is no DNS mismatch (the mismatch itself: test-lab-path)."""
    res = doctor("credssp-name", "localhost")
    detail = labkit.describe(res) + "\nfault host listens on %s" % host.get().bind
    ids = labkit.cause_ids(res.report)
    ev = labkit.evidence(res, "nla")
    labkit.check(ev.get("netbios_computer") == "OTHER-PC",
                 "nla evidence netbios_computer: expected OTHER-PC, got %r\n%s"
                 % (ev.get("netbios_computer"), detail))
    labkit.check("dns-mismatch" not in ids, "dns-mismatch named for localhost\n" + detail)
    return "host calls itself %s; causes %s, verdict %s" % (
        ev.get("netbios_computer"), ids, res.report.get("verdict"))


def t_no_authenticate_anywhere():
    """Never an NTLM AUTHENTICATE, raw or inside TLS, on any listener."""
    total = inside = 0
    for mode in MODES:
        for suffix in (".bin", ".tls"):
            for data in labkit.recorded(host.get(), mode, suffix):
                if suffix == ".bin":
                    total += len(data)
                else:
                    inside += len(data)
                labkit.check(NTLM_AUTHENTICATE not in data,
                             "NTLM AUTHENTICATE sent to %s (%s)" % (mode, suffix))
    labkit.check(inside > 0, "nothing was recorded inside TLS")
    return "%d raw bytes, %d decrypted bytes received, no AUTHENTICATE" % (total, inside)


tests = [("fault host tls10-only speaks only TLS 1.0 (openssl s_client)", t_fault_host_tls10)]
tests += [("fault host %s -> %s" % (m, c), t_cause(m, c)) for m, c in EXPECTED]
tests += [
    ("tls10-only: tls evidence legacy_retry.version TLSv1", t_tls10_evidence),
    ("tls-alert: tls evidence alert_from host", t_alert_evidence),
    ("tls-silence: wall time < 1.2 x --timeout", t_silence_timing),
    ("credssp-skew: clock evidence offset_s about 7200 s", t_skew_offset),
    ("credssp-malformed-av: no crash, nla evidence names the problem", t_malformed_av),
    ("credssp-ok: names from the CHALLENGE; NEGOTIATE sent, never AUTHENTICATE", t_credssp_ok),
    ("credssp-name via localhost (a tunnel) -> no dns-mismatch", t_credssp_name),
    ("no NTLM AUTHENTICATE sent to any listener (raw or inside TLS)", t_no_authenticate_anywhere),
]

if __name__ == "__main__":
    labkit.run_tests(labkit.Tap(), tests, setup=stack)
