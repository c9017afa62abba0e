#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""What the NLA handshake and the negotiation response tell, against the
scripted fault host (tests/lab/fault-host.py, its "NLA wire" modes):
CredSSP servers answering with TSRequest versions from before the fix for
CVE-2018-0886 (2, 3, 4) and after it (6), one refusing NTLM with an
errorCode, two ending TLS after our NTLM NEGOTIATE (a bare FIN, a
close_notify), and a negotiation response offering Restricted Admin mode
and Remote Credential Guard.  Runs in a loopback-only network namespace
when it can.  Prints TAP."""

import contextlib
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import labkit  # noqa: E402

TIMEOUT = 2                     # --timeout given to the program

# The first cause the report must name.
EXPECTED = [
    ("credssp-v2", "credssp-outdated"),
    ("credssp-v3", "credssp-outdated"),
    ("credssp-v4", "credssp-outdated"),
    ("credssp-ntlm-blocked", "nla-ntlm-refused"),
    # A bare end of TLS after our NEGOTIATE names no NTLM refusal: a
    # CredSSP server of version 3 or later says so in errorCode.
    ("credssp-close", "nla-failed"),
    ("credssp-close-notify", "nla-failed"),
]
MODES = [m for m, _ in EXPECTED] + ["credssp-v6", "credssp-admin-rcg"]
NTLM_AUTHENTICATE = b"NTLMSSP\x00\x03\x00\x00\x00"

stack = contextlib.ExitStack()
ns = labkit.Lazy(stack, labkit.loopback_ns)
host = labkit.Lazy(stack, lambda: labkit.fault_host(MODES, netns=ns.get(), record=True))
_results = {}


def doctor(mode):
    """Run the program once per scenario (cached: the tests of a mode share
    the run)."""
    if mode not in _results:
        _results[mode] = labkit.run_doctor(
            ["127.0.0.1:%d" % host.get()[mode], "--timeout", str(TIMEOUT)], netns=ns.get())
    return _results[mode]


def t_cause(mode, expected):
    def t():
        return labkit.expect_cause(doctor(mode), expected)
    return t


def t_outdated_version(mode, version):
    """The version is in the nla evidence, the check warns, and the cause
    is a warning of the host's with the update and the client's stop-gap
    (lowering security, undone right after)."""
    def t():
        res = doctor(mode)
        detail = labkit.describe(res)
        ev = labkit.evidence(res, "nla")
        labkit.check_eq(ev.get("version"), version, "nla version", detail)
        labkit.check_eq(ev.get("outcome"), "challenge", "nla outcome", detail)
        labkit.check_eq(labkit.find_check(res.report, "nla").get("status"), "warn", "nla status", detail)
        cause = res.report["causes"][0]
        labkit.check_eq(cause.get("severity"), "warning", "credssp-outdated severity", detail)
        remedies = {r.get("id"): r for r in cause.get("remedies", [])}
        labkit.check("host-credssp-update" in remedies, "no host-credssp-update remedy\n" + detail)
        stop_gap = remedies.get("client-credssp-vulnerable")
        labkit.check(stop_gap is not None, "no client-credssp-vulnerable remedy\n" + detail)
        labkit.check(stop_gap.get("lowers_security") is True, "the stop-gap is not marked lowers_security")
        commands = stop_gap.get("commands", {})
        labkit.check("AllowEncryptionOracle /t REG_DWORD /d 2" in commands.get("cmd", ""),
                     "stop-gap command: %r" % commands)
        labkit.check("REG DELETE" in commands.get("undo", "") and
                     "AllowEncryptionOracle" in commands.get("undo", ""),
                     "stop-gap undo: %r" % commands)
        return "nla version %s, outcome %s; causes %s" % (
            ev.get("version"), ev.get("outcome"), labkit.cause_ids(res.report))
    return t


def t_v6_not_named():
    res = doctor("credssp-v6")
    detail = labkit.describe(res)
    ev = labkit.evidence(res, "nla")
    ids = labkit.cause_ids(res.report)
    labkit.check_eq(ev.get("version"), 6, "nla version", detail)
    labkit.check_eq(ev.get("outcome"), "challenge", "nla outcome", detail)
    labkit.check("credssp-outdated" not in ids, "credssp-outdated named for version 6\n" + detail)
    labkit.check(not any(i.startswith("nla-") for i in ids), "an nla cause named\n" + detail)
    return "nla version 6; verdict %s, causes %s" % (res.report.get("verdict"), ids)


def t_ntlm_blocked_evidence():
    res = doctor("credssp-ntlm-blocked")
    detail = labkit.describe(res)
    ev = labkit.evidence(res, "nla")
    labkit.check_eq(ev.get("outcome"), "error-code", "nla outcome", detail)
    labkit.check_eq(ev.get("error_code"), "0xC0000418", "nla error_code", detail)
    labkit.check_eq(ev.get("error_name"), "STATUS_NTLM_BLOCKED", "nla error_name", detail)
    labkit.check_eq(ev.get("version"), 6, "nla version", detail)
    ids = labkit.cause_ids(res.report)
    labkit.check("nla-failed" not in ids, "nla-failed named beside the refusal\n" + detail)
    return "nla %s %s (%s); causes %s" % (ev.get("outcome"), ev.get("error_code"),
                                          ev.get("error_name"), ids)


def t_close_not_refused(mode):
    def t():
        res = doctor(mode)
        detail = labkit.describe(res)
        ev = labkit.evidence(res, "nla")
        labkit.check_eq(ev.get("outcome"), "closed", "nla outcome", detail)
        ids = labkit.cause_ids(res.report)
        labkit.check("nla-ntlm-refused" not in ids, "nla-ntlm-refused named for a bare close\n" + detail)
        labkit.check("credssp-outdated" not in ids, "credssp-outdated named without a version\n" + detail)
        return "nla outcome %s; causes %s" % (ev.get("outcome"), ids)
    return t


def t_admin_rcg_flags():
    """The RDP_NEG_RSP flags in the negotiate evidence, each in words;
    HYBRID_EX was asked for and HYBRID chosen."""
    res = doctor("credssp-admin-rcg")
    detail = labkit.describe(res)
    ev = labkit.evidence(res, "negotiate")
    labkit.check_eq(ev.get("flags"), 0x1B, "negotiate flags", detail)
    labkit.check_eq(ev.get("flag_names"),
                    "EXTENDED_CLIENT_DATA_SUPPORTED|DYNVC_GFX_PROTOCOL_SUPPORTED|"
                    "RESTRICTED_ADMIN_MODE_SUPPORTED|REDIRECTED_AUTHENTICATION_MODE_SUPPORTED",
                    "negotiate flag_names", detail)
    for member, value in [("restricted_admin_supported", True),
                          ("remote_credential_guard_supported", True),
                          ("gfx_supported", True),
                          ("extended_client_data_supported", True),
                          ("hybrid_ex_selected", False)]:
        labkit.check_eq(ev.get(member), value, "negotiate " + member, detail)
    labkit.check_eq(ev.get("selected_protocol"), "HYBRID", "negotiate selected_protocol", detail)
    return "flags %#x (%s); selected %s" % (ev.get("flags"), ev.get("flag_names"),
                                           ev.get("selected_protocol"))


def t_text_report():
    """The text report shows the flags, the CredSSP version and the Windows
    build in words."""
    port = host.get()["credssp-admin-rcg"]
    cmd = [labkit.doctor_path(), "--headless", "127.0.0.1:%d" % port, "--timeout", str(TIMEOUT)]
    env_cmd = ["env", "LC_ALL=C.UTF-8", "NO_AT_BRIDGE=1"] + cmd
    cp = labkit.run(env_cmd, timeout=labkit.hard_timeout(cmd), netns=ns.get(), check_rc=False)
    labkit.check_no_sanitizer_report(cp.stderr, cmd)
    lines = [
        "Restricted Admin mode: supported",
        "Remote Credential Guard: supported",
        "Graphics pipeline (GFX): supported",
        "NLA with early user authorization chosen: no",
        "CredSSP version: 6",
        "Operating system: Windows build 10.0.20348",
    ]
    missing = [line for line in lines if line not in cp.stdout]
    labkit.check(not missing, "missing from the text report: %s\n%s" % (missing, cp.stdout[-3000:]))
    return ["exit %s" % cp.returncode] + lines


def t_no_ntlm_authenticate():
    """Never an NTLM AUTHENTICATE inside TLS, on any listener."""
    inside = 0
    for mode in MODES:
        for data in labkit.recorded(host.get(), mode, ".tls"):
            inside += len(data)
            labkit.check(NTLM_AUTHENTICATE not in data, "NTLM AUTHENTICATE sent to %s" % mode)
    labkit.check(inside > 0, "nothing was recorded inside TLS")
    return "%d decrypted bytes received, no AUTHENTICATE" % inside


tests = [("fault host %s -> %s" % (m, c), t_cause(m, c)) for m, c in EXPECTED]
tests += [("%s: nla version %d, a warning with the update and the stop-gap" % (m, v),
           t_outdated_version(m, v))
          for m, v in [("credssp-v2", 2), ("credssp-v3", 3), ("credssp-v4", 4)]]
tests += [
    ("credssp-v6: version 6, credssp-outdated not named", t_v6_not_named),
    ("credssp-ntlm-blocked: error code and name in the nla evidence", t_ntlm_blocked_evidence),
    ("credssp-close: a bare close is no NTLM refusal", t_close_not_refused("credssp-close")),
    ("credssp-close-notify: nor is a close_notify", t_close_not_refused("credssp-close-notify")),
    ("credssp-admin-rcg: the negotiation response's flags in the evidence", t_admin_rcg_flags),
    ("credssp-admin-rcg: flags, CredSSP version and Windows build in the text report", t_text_report),
    ("no NTLM AUTHENTICATE sent to any listener", t_no_ntlm_authenticate),
]

if __name__ == "__main__":
    labkit.run_tests(labkit.Tap(), tests, setup=stack)
