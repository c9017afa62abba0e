#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""rdp-doctor's certificate findings against a real xrdp (security_layer=tls)
serving certificates made here with the openssl CLI: valid, expired, not
yet valid, for another name, SHA-1 signed and RSA-1024.  Backdated and
future certificates come from `openssl ca -selfsign -startdate/-enddate`
(OpenSSL 3.0's `req -x509` cannot backdate).  xrdp itself refuses to use an
RSA-1024 key (OpenSSL security level 2 on Debian: "ee key too small") and
breaks off the handshake, so that certificate is also served by the fault
host's tls-ok mode (security level 0), where the program can see it.
Runs inside a loopback-only network namespace when one can be made.
Prints TAP."""

import contextlib
import os
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import labkit  # noqa: E402

TIMEOUT = 2

# name -> (make_dated_cert arguments, key bits)
LOCAL_SAN = "DNS:localhost,IP:127.0.0.1"
CERTS = {
    "valid": (dict(), 2048),
    "expired": (dict(start="20200101000000Z", end="20210101000000Z"), 2048),
    "not-yet-valid": (dict(start="20300101000000Z", end="20310101000000Z"), 2048),
    "wrong-name": (dict(cn="elsewhere.rdlab.test", san="DNS:elsewhere.rdlab.test"), 2048),
    "sha1": (dict(digest="sha1"), 2048),
    "rsa1024": (dict(), 1024),
}

stack = contextlib.ExitStack()
ns = labkit.Lazy(stack, labkit.loopback_ns)


@contextlib.contextmanager
def cert_dir():
    d = labkit.tempdir("certs")
    try:
        yield {"dir": d, "keys": {}, "certs": {}}
    finally:
        labkit.remove_tempdir(d)


certs = labkit.Lazy(stack, cert_dir)


def need_tools():
    if shutil.which("openssl") is None:
        raise labkit.Skip("the openssl command is not installed")


def cert_for(name):
    """(cert, key) for a scenario, made on first use (fast: one key per size)."""
    need_tools()
    c = certs.get()
    if name not in c["certs"]:
        args, bits = CERTS[name]
        if bits not in c["keys"]:
            c["keys"][bits] = labkit.make_rsa_key(
                os.path.join(c["dir"], "rsa%d.pem" % bits), bits)
        args = dict(args)
        args.setdefault("san", LOCAL_SAN)
        key = c["keys"][bits]
        c["certs"][name] = (labkit.make_dated_cert(c["dir"], key, **args), key)
    return c["certs"][name]


def xrdp(name):
    def start():
        need_tools()
        if shutil.which("xrdp") is None:
            raise labkit.Skip("xrdp is not installed")
        cert, key = cert_for(name)
        # in the namespace: all interfaces (= its loopback, IPv4 and IPv6),
        # so that "localhost" works whichever address comes first
        return labkit.xrdp_server("tls", cert=cert, key=key, netns=ns.get(),
                                  all_interfaces=ns.get() is not None)
    return labkit.Lazy(stack, start)


servers = {name: xrdp(name) for name in CERTS}


def weak_fault_host():
    cert, key = cert_for("rsa1024")
    return labkit.fault_host(["tls-ok"], netns=ns.get(), cert=cert, key=key)


weak_host = labkit.Lazy(stack, weak_fault_host)
_results = {}


def target(port):
    # outside a namespace xrdp listens on 127.0.0.1 only
    return "%s:%d" % ("localhost" if ns.get() is not None else "127.0.0.1", port)


def run(name):
    if name not in _results:
        port = servers[name].get()
        rc, out, cc = labkit.s_client_via_x224("127.0.0.1", port, ["-brief"], netns=ns.get())
        lines = [l for l in out.splitlines()
                 if l.startswith(("Protocol version", "Peer certificate", "Verification"))
                 or "error" in l]
        probe = "openssl s_client through X.224 to xrdp (%s): exit %s: %s" % (
            name, rc, " / ".join(lines)[:400])
        res = labkit.run_doctor([target(port), "--timeout", str(TIMEOUT)], netns=ns.get())
        _results[name] = (res, probe, rc, port)
    return _results[name]


def detail(name):
    res, probe, _, port = run(name)
    return probe + "\n" + labkit.describe(res)


def check_cert_evidence(res, d):
    ev = labkit.evidence(res, "tls")
    cert = ev.get("certificate")
    labkit.check(isinstance(cert, dict), "tls evidence has no certificate object\n" + d)
    for field in ("not_after", "sha256"):
        labkit.check(isinstance(cert.get(field), str) and cert.get(field),
                     "tls evidence certificate.%s missing: %r\n%s" % (field, cert.get(field), d))
    return cert


def t_valid():
    res, probe, rc, _ = run("valid")
    d = detail("valid")
    labkit.check_eq(rc, 0, "s_client against xrdp with the valid certificate", d)
    labkit.check(res.report is not None, "no JSON report\n" + d)
    labkit.check_eq(res.report.get("verdict"), "healthy", "verdict", d)
    labkit.check_eq(labkit.problems(res.report), [], "causes of severity warning/error", d)
    labkit.check_eq(res.rc, 0, "exit code", d)
    cert = check_cert_evidence(res, d)
    return [probe, "verdict healthy, causes %s, not_after %s, sha256 %s..., wall %.2f s" % (
        labkit.cause_ids(res.report), cert.get("not_after"), cert.get("sha256")[:16], res.wall)]


def t_self_signed():
    """The certificates here are self-signed like Windows' own RDP
    certificate: issuer = subject, signed by their own key, but
    basicConstraints CA:FALSE and a keyUsage without keyCertSign (so
    OpenSSL's EXFLAG_SS / X509_check_issued do not call them self-signed).
    The report must still say so (tls-cert-self-signed, severity info)."""
    res, probe, rc, _ = run("valid")
    d = detail("valid")
    cert = check_cert_evidence(res, d)
    labkit.check_eq(cert.get("self_signed"), True, "tls evidence certificate.self_signed", d)
    causes = {c.get("id"): c.get("severity") for c in res.report.get("causes", [])
              if isinstance(c, dict)}
    labkit.check_eq(causes.get("tls-cert-self-signed"), "info",
                    "severity of cause tls-cert-self-signed", d)
    return "self_signed true, tls-cert-self-signed (info)"


def t_first_cause(name, expected, first_problem=False):
    def t():
        res, probe, rc, _ = run(name)
        d = detail(name)
        labkit.check_eq(rc, 0, "s_client handshake with xrdp (it must serve the %s "
                        "certificate)" % name, d)
        if first_problem:
            first = labkit.first_problem(res.report)
            labkit.check(first is not None and first.get("id") == expected,
                         "first cause of severity warning/error: expected %r, got %r\n%s"
                         % (expected, first and first.get("id"), d))
            labkit.check_eq(res.rc, 1, "exit code", d)
            msg = "first warning/error cause %s (all: %s), exit 1, wall %.2f s" % (
                expected, labkit.cause_ids(res.report), res.wall)
        else:
            try:
                msg = labkit.expect_cause(res, expected)
            except AssertionError as e:
                raise AssertionError(probe + "\n" + str(e))
        cert = check_cert_evidence(res, d)
        return [probe, msg, "certificate: %s, %s .. %s, %s %s bits, %s" % (
            cert.get("subject"), cert.get("not_before"), cert.get("not_after"),
            cert.get("key_type"), cert.get("key_bits"), cert.get("signature_algorithm"))]
    return t


def t_wrong_name_tunnel():
    """Reached as "localhost" (as through a tunnel), a certificate never
    names the computer: the app asks, and that is all -- named, at severity
    info. (By a name of its own, test-lab-path's dns-mismatch scenario
    names it as a warning.)"""
    res, probe, rc, _ = run("wrong-name")
    d = detail("wrong-name")
    labkit.check_eq(rc, 0, "s_client handshake with xrdp (it must serve the wrong-name certificate)", d)
    causes = {c.get("id"): c.get("severity") for c in res.report.get("causes", [])
              if isinstance(c, dict)}
    labkit.check_eq(causes.get("tls-cert-name-mismatch"), "info",
                    "severity of cause tls-cert-name-mismatch", d)
    labkit.check_eq(res.report.get("verdict"), "healthy", "verdict", d)
    cert = check_cert_evidence(res, d)
    return [probe, "tls-cert-name-mismatch (info), verdict healthy; certificate %s" % cert.get("subject")]


def t_rsa1024_xrdp():
    """xrdp selects SSL, then cannot load an RSA-1024 key at OpenSSL
    security level 2 and drops the connection after the ClientHello (with an
    MCS Disconnect Provider Ultimatum and a reset): the program sees no
    certificate, only a host that broke off the handshake."""
    res, probe, rc, port = run("rsa1024")
    d = detail("rsa1024") + "\nxrdp log:\n" + port.log_tail(8)
    labkit.check(rc != 0, "s_client got through to xrdp with an RSA-1024 key: xrdp "
                 "accepts it here, so expect tls-cert-weak instead\n" + d)
    try:
        with open(port.log, "rb") as f:
            log = f.read().decode("utf-8", "replace")
    except OSError:
        log = ""
    labkit.check("key too small" in log,
                 "xrdp's log does not say why it refused the key\n" + d)
    msg = labkit.expect_cause(res, "tls-handshake-terminated")
    ev = labkit.evidence(res, "tls")
    labkit.check(not ev.get("certificate"), "a certificate in the evidence?\n" + d)
    return [probe, "xrdp log: ee key too small", msg,
            "tls outcome %s, died_after %s" % (ev.get("outcome"), ev.get("died_after"))]


def t_rsa1024_fault_host():
    port = weak_host.get()["tls-ok"]
    res = labkit.run_doctor(["127.0.0.1:%d" % port, "--timeout", str(TIMEOUT)], netns=ns.get())
    msg = labkit.expect_cause(res, "tls-cert-weak")
    cert = check_cert_evidence(res, labkit.describe(res))
    labkit.check_eq(cert.get("key_bits"), 1024, "certificate.key_bits", labkit.describe(res))
    return [msg, "key %s %s bits" % (cert.get("key_type"), cert.get("key_bits"))]


tests = [
    ("xrdp, valid certificate (localhost, RSA-2048, SHA-256) -> healthy", t_valid),
    ("xrdp, self-signed certificate without keyCertSign -> tls-cert-self-signed (info)",
     t_self_signed),
    ("xrdp, expired certificate -> tls-cert-expired", t_first_cause("expired", "tls-cert-expired")),
    ("xrdp, certificate valid from 2030 -> tls-cert-not-yet-valid",
     t_first_cause("not-yet-valid", "tls-cert-not-yet-valid")),
    ("xrdp, certificate for elsewhere.rdlab.test, via localhost -> tls-cert-name-mismatch (info)",
     t_wrong_name_tunnel),
    ("xrdp, SHA-1 signed certificate -> tls-cert-weak", t_first_cause("sha1", "tls-cert-weak")),
    ("xrdp refuses an RSA-1024 key -> tls-handshake-terminated", t_rsa1024_xrdp),
    ("RSA-1024 certificate on a TLS server that uses it -> tls-cert-weak",
     t_rsa1024_fault_host),
]

if __name__ == "__main__":
    labkit.run_tests(labkit.Tap(), tests, setup=stack)
