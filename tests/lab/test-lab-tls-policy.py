#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""This computer's TLS settings against a real xrdp that offers only old
encryption: xrdp restricted to TLS 1.0 (ssl_protocols=TLSv1 with
tls_ciphers=DEFAULT:@SECLEVEL=0: xrdp 0.9.21's OpenSSL 3 serves TLS 1.0
only at security level 0), with a modern certificate and with a SHA-1
signed RSA-1024 one (a Windows Server 2008 R2 before KB3080079), and xrdp
at TLS 1.2/1.3 with a SHA-1 signed and with an RSA-1024 certificate, and a
modern one (RSA-2048, SHA-256).

Only TLS 1.0 is refused by this computer's default settings: OpenSSL's
handshake does not judge the host's certificate when the client does not
verify it, and Remote Desktop clients do not (FreeRDP 2 checks it on its
own, without the security level). So the TLS 1.0 hosts must be
tls-client-policy-stricter and the weak certificates on TLS 1.2 only
tls-cert-weak.  The real xfreerdp shows the same: it fails on the TLS 1.0
host unless given /tls-seclevel:0 (the remedy), and connects to the others.
The profile the program writes for the fix (Remmina's tls-seclevel=0) is
tested again at security level 0 and must come out fixed.

Runs inside a loopback-only network namespace when one can be made.
Prints TAP."""

import contextlib
import os
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import labkit  # noqa: E402

TIMEOUT = 2
SECLEVEL0 = "DEFAULT:@SECLEVEL=0"
LOCAL_SAN = "DNS:localhost,IP:127.0.0.1"

# certificate name -> (digest, key bits)
CERTS = {
    "modern": ("sha256", 2048),
    "sha1": ("sha1", 2048),
    "rsa1024": ("sha256", 1024),
    "old": ("sha1", 1024),
}
# server -> (certificate, xrdp's ssl_protocols, xrdp's tls_ciphers)
SERVERS = {
    "modern": ("modern", "TLSv1.2, TLSv1.3", None),
    "tls10": ("modern", "TLSv1", SECLEVEL0),
    "tls10-old-cert": ("old", "TLSv1", SECLEVEL0),
    "sha1": ("sha1", "TLSv1.2, TLSv1.3", None),
    # xrdp refuses to load an RSA-1024 key at its default level 2
    "rsa1024": ("rsa1024", "TLSv1.2, TLSv1.3", SECLEVEL0),
}

stack = contextlib.ExitStack()
ns = labkit.Lazy(stack, labkit.loopback_ns)


@contextlib.contextmanager
def cert_dir():
    d = labkit.tempdir("tlspolicy")
    try:
        yield {"dir": d, "keys": {}, "certs": {}}
    finally:
        labkit.remove_tempdir(d)


certs = labkit.Lazy(stack, cert_dir)


def need(*programs):
    for program in programs:
        if shutil.which(program) is None:
            raise labkit.Skip("%s is not installed" % program)


def cert_for(name):
    """(cert, key), made on first use with the openssl command."""
    need("openssl")
    c = certs.get()
    if name not in c["certs"]:
        digest, bits = CERTS[name]
        if bits not in c["keys"]:
            c["keys"][bits] = labkit.make_rsa_key(os.path.join(c["dir"], "rsa%d.pem" % bits), bits)
        key = c["keys"][bits]
        c["certs"][name] = (labkit.make_dated_cert(c["dir"], key, san=LOCAL_SAN, digest=digest), key)
    return c["certs"][name]


def xrdp(name):
    def start():
        need("openssl", "xrdp")
        cert_name, protocols, ciphers = SERVERS[name]
        cert, key = cert_for(cert_name)
        return labkit.xrdp_server("tls", cert=cert, key=key, netns=ns.get(),
                                  ssl_protocols=protocols, tls_ciphers=ciphers)
    return labkit.Lazy(stack, start)


servers = {name: xrdp(name) for name in SERVERS}
_results = {}


def target(name):
    # in a namespace xrdp listens on all of its (loopback) addresses
    return "127.0.0.1:%d" % servers[name].get()


def run(name):
    if name not in _results:
        _results[name] = labkit.run_doctor([target(name), "--timeout", str(TIMEOUT)],
                                           netns=ns.get())
    return _results[name]


def cause(res, cause_id):
    for c in (res.report or {}).get("causes", []):
        if isinstance(c, dict) and c.get("id") == cause_id:
            return c
    return None


def remedy(c, remedy_id):
    for r in c.get("remedies", []) if c else []:
        if isinstance(r, dict) and r.get("id") == remedy_id:
            return r
    return None


def t_xrdp_serves_tls10():
    """The TLS 1.0 xrdp really is one (checked with openssl s_client, not
    with the program): refused at the defaults, TLSv1 at level 0."""
    port = servers["tls10"].get()
    rc, out, cc = labkit.s_client_via_x224("127.0.0.1", port, ["-brief"], netns=ns.get())
    labkit.check(rc != 0, "s_client with default settings got through:\n%s" % out)
    rc0, out0, _ = labkit.s_client_via_x224(
        "127.0.0.1", port, ["-brief", "-tls1", "-cipher", SECLEVEL0], netns=ns.get())
    labkit.check(rc0 == 0 and "Protocol version: TLSv1\n" in out0,
                 "s_client -tls1 -cipher %s: exit %r\n%s" % (SECLEVEL0, rc0, out0))
    return ["s_client defaults: exit %s: %s" % (
        rc, " / ".join(l for l in out.splitlines() if "error" in l)[:200]),
        "s_client -tls1 @SECLEVEL=0: TLSv1 (Connection Confirm %s)" % cc]


def check_policy_cause(name, legacy_policy, host_fixes, no_host_fixes):
    res = run(name)
    d = labkit.describe(res)
    msg = labkit.expect_cause(res, "tls-client-policy-stricter")
    c = cause(res, "tls-client-policy-stricter")
    labkit.check_eq(c.get("severity"), "error", "severity", d)
    for other in ("tls-protocol-mismatch", "tls-cert-weak"):
        labkit.check(cause(res, other) is None, "%s named beside it\n%s" % (other, d))
    ev = labkit.evidence(res, "tls")
    labkit.check(str(ev.get("default_policy", "")).startswith("refused ("),
                 "default_policy: %r\n%s" % (ev.get("default_policy"), d))
    labkit.check_eq(ev.get("legacy_policy"), legacy_policy, "legacy_policy", d)
    labkit.check_eq(ev.get("security_level"), 2, "security level of the default handshake", d)
    retry = ev.get("legacy_retry") or {}
    labkit.check_eq(retry.get("version"), "TLSv1", "legacy_retry.version", d)
    labkit.check_eq(retry.get("security_level"), 0, "legacy_retry.security_level", d)

    client = remedy(c, "client-tls-seclevel")
    labkit.check(client is not None, "no client-tls-seclevel remedy\n" + d)
    commands = client.get("commands", {})
    labkit.check_eq(client.get("lowers_security"), True, "client-tls-seclevel lowers_security", d)
    labkit.check_eq(client.get("side"), "client", "client-tls-seclevel side", d)
    labkit.check_eq(client.get("action"), "profile", "client-tls-seclevel action", d)
    labkit.check("/tls-seclevel:0" in commands.get("sh", ""), "sh: %r" % commands.get("sh"))
    labkit.check_eq(commands.get("undo"), "tls-seclevel=", "undo", d)
    for fix in host_fixes:
        labkit.check(remedy(c, fix) is not None, "no %s remedy\n%s" % (fix, d))
    for fix in no_host_fixes:
        labkit.check(remedy(c, fix) is None, "%s offered\n%s" % (fix, d))
    return [msg, "default_policy: %s" % ev.get("default_policy"),
            "legacy_policy: %s" % ev.get("legacy_policy"),
            "remedies: %s" % ", ".join(r.get("id") for r in c.get("remedies", []))]


def t_tls10():
    res = run("tls10")
    msgs = check_policy_cause("tls10", "accepted: TLS 1.0, sha256WithRSAEncryption, RSA 2048",
                              ["host-enable-tls12"], ["host-regenerate-certificate"])
    c = cause(res, "tls-client-policy-stricter")
    ps = remedy(c, "host-enable-tls12").get("commands", {}).get("powershell", "")
    key = "HKLM:\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Server"
    for line in ("Set-ItemProperty -Path '%s' -Name Enabled -Value 1 -Type DWord" % key,
                 "Set-ItemProperty -Path '%s' -Name DisabledByDefault -Value 0 -Type DWord" % key):
        labkit.check(line in ps, "host-enable-tls12 lacks %r:\n%s" % (line, ps))
    return msgs


def t_tls10_old_cert():
    return check_policy_cause("tls10-old-cert", "accepted: TLS 1.0, sha1WithRSAEncryption, RSA 1024",
                              ["host-enable-tls12", "host-regenerate-certificate"], [])


def t_weak_cert_accepted(name, signature, bits):
    def t():
        res = run(name)
        d = labkit.describe(res)
        labkit.check(cause(res, "tls-client-policy-stricter") is None,
                     "tls-client-policy-stricter named\n" + d)
        labkit.check(cause(res, "tls-cert-weak") is not None, "no tls-cert-weak\n" + d)
        labkit.check_eq(labkit.first_problem(res.report).get("id"), "tls-cert-weak",
                        "first warning/error cause", d)
        ev = labkit.evidence(res, "tls")
        policy = str(ev.get("default_policy", ""))
        labkit.check(policy.startswith("accepted: TLS 1.") and ", %s, RSA %d" % (signature, bits) in policy,
                     "default_policy: %r\n%s" % (policy, d))
        labkit.check("legacy_policy" not in ev, "a legacy retry after a handshake that worked\n" + d)
        return ["causes %s, exit %s" % (labkit.cause_ids(res.report), res.rc),
                "default_policy: %s" % policy]
    return t


def t_modern():
    res = run("modern")
    d = labkit.describe(res)
    labkit.check_eq(res.report.get("verdict") if res.report else None, "healthy", "verdict", d)
    labkit.check(cause(res, "tls-client-policy-stricter") is None, "tls-client-policy-stricter named\n" + d)
    labkit.check_eq(res.rc, 0, "exit code", d)
    ev = labkit.evidence(res, "tls")
    labkit.check(str(ev.get("default_policy", "")).startswith("accepted: TLS 1.")
                 and str(ev.get("default_policy", "")).endswith(", sha256WithRSAEncryption, RSA 2048"),
                 "default_policy: %r\n%s" % (ev.get("default_policy"), d))
    return "verdict healthy, default_policy: %s" % ev.get("default_policy")


def t_fix_verified():
    """--write-profile X.remmina writes tls-seclevel=0 and the test again
    at security level 0 gets through."""
    out = labkit.tempdir("tlspolicy-fix")
    profile = os.path.join(out, "old-pc.remmina")
    try:
        res = labkit.run_doctor([target("tls10"), "--timeout", str(TIMEOUT), "--write-profile", profile],
                                netns=ns.get())
        d = labkit.describe(res)
        fix = (res.report or {}).get("fix") or {}
        labkit.check_eq(fix.get("workarounds"), "tls-legacy", "fix.workarounds", d)
        labkit.check_eq(fix.get("verified"), "fixed", "fix.verified", d)
        labkit.check_eq(res.rc, 0, "exit code after a tested fix", d)
        with open(profile, encoding="utf-8") as f:
            text = f.read()
        labkit.check("\ntls-seclevel=0\n" in text, "the profile has no tls-seclevel=0:\n" + text)
        # a .rdp file cannot carry it: said, not hidden
        rdp = labkit.run_doctor([target("tls10"), "--timeout", str(TIMEOUT), "--write-profile",
                                 os.path.join(out, "old-pc.rdp")], netns=ns.get())
        labkit.check("/tls-seclevel:0" in rdp.stderr,
                     "no word that a .rdp file cannot allow old encryption\n" + labkit.describe(rdp))
        return ["fix %s: %s, after verdict %s" % (fix.get("workarounds"), fix.get("verified"),
                                                  fix.get("after_verdict")),
                "profile: %s" % " ".join(text.split()),
                ".rdp: %s" % [l for l in rdp.stderr.splitlines() if "tls-seclevel" in l][0][:120]]
    finally:
        labkit.remove_tempdir(out)


def xfreerdp(name, extra):
    """The real xfreerdp (FreeRDP 2) under Xvfb for a few seconds, TLS
    only, no password: did it get past TLS to xrdp's login screen?"""
    need("xfreerdp", "xvfb-run", "timeout")
    port = servers[name].get()
    home = labkit.tempdir("tlspolicy-home")
    try:
        with open(port.log, "rb") as f:
            f.seek(0, os.SEEK_END)
            start = f.tell()
        cp = labkit.run(["env", "HOME=%s" % home, "xvfb-run", "-a", "timeout", "4", "xfreerdp",
                         "/v:127.0.0.1:%d" % port, "/sec:tls", "/cert:ignore", "/u:rdlab"] + extra,
                        timeout=30, netns=ns.get(), check_rc=False)
        with open(port.log, "rb") as f:
            f.seek(start)
            log = f.read().decode("utf-8", "replace")
    finally:
        labkit.remove_tempdir(home)
    output = cp.stdout + cp.stderr
    return ("TLS_CONNECT_FAILED" in output, "draw login window" in log,
            "xfreerdp %s: exit %s%s" % (" ".join(extra) or "(defaults)", cp.returncode,
                                         ", TLS_CONNECT_FAILED" if "TLS_CONNECT_FAILED" in output else ""))


def t_real_client():
    lines = []
    for name, extra, works in (("tls10", [], False), ("tls10", ["/tls-seclevel:0"], True),
                               ("sha1", [], True), ("rsa1024", [], True)):
        failed, login, what = xfreerdp(name, extra)
        labkit.check(failed != works and login == works,
                     "%s against %s: TLS failure %s, login screen %s, expected %s" % (
                         what, name, failed, login, "through" if works else "refused"))
        lines.append("%s: %s -> %s" % (name, what, "login screen" if login else "refused"))
    return lines


tests = [
    ("xrdp with ssl_protocols=TLSv1 serves TLS 1.0 only (s_client)", t_xrdp_serves_tls10),
    ("xrdp TLS 1.0, modern certificate -> tls-client-policy-stricter, TLS 1.2 on the host",
     t_tls10),
    ("xrdp TLS 1.0, SHA-1 RSA-1024 certificate -> tls-client-policy-stricter, also a new certificate",
     t_tls10_old_cert),
    ("xrdp TLS 1.2+, SHA-1 signed certificate -> tls-cert-weak, default settings accept it",
     t_weak_cert_accepted("sha1", "sha1WithRSAEncryption", 2048)),
    ("xrdp TLS 1.2+, RSA-1024 certificate -> tls-cert-weak, default settings accept it",
     t_weak_cert_accepted("rsa1024", "sha256WithRSAEncryption", 1024)),
    ("xrdp, SHA-256 RSA-2048 certificate -> healthy, no tls-client-policy-stricter", t_modern),
    ("--write-profile .remmina for the TLS 1.0 host: tls-seclevel=0, tested again: fixed",
     t_fix_verified),
    ("xfreerdp agrees: refused by TLS 1.0 unless /tls-seclevel:0, through to the weak certificates",
     t_real_client),
]

if __name__ == "__main__":
    labkit.run_tests(labkit.Tap(), tests, setup=stack)
