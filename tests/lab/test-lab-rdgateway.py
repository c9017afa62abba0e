#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""rdp-doctor with a .rdp file that goes through a Remote Desktop Gateway:
the gateway is the scripted endpoint tests/lab/rdg-host.py on loopback
(certificates made here with openssl), the computer behind it a closed
loopback port.  Each scenario: the cause the report must name first; the
direct path's port-refused must never be named while the gateway is used.
Runs in a loopback-only network namespace when it can.  Prints TAP."""

import contextlib
import glob
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import labkit  # noqa: E402

TIMEOUT = 2                     # --timeout given to the program
RDG_HOST = os.path.join(labkit.HERE, "rdg-host.py")
MODES = ["gateway", "negotiate-only", "not-found", "forbidden", "gone", "rpc-only",
         "silent-close", "not-http", "plain-tcp"]

EXPECTED = [
    ("not-found", "rdgateway-http-disabled"),
    ("forbidden", "rdgateway-http-disabled"),
    ("gone", "rdgateway-http-disabled"),
    ("silent-close", "rdgateway-refused"),
    ("not-http", "rdgateway-not-a-gateway"),
    ("plain-tcp", "rdgateway-tls-failed"),
]


def openssl(*args):
    labkit.run(["openssl"] + list(args), timeout=60)


def make_ca_signed(dirname, name):
    """A certificate for `name` signed by a CA made here (so not
    self-signed); (cert, key) paths."""
    ca_key, ca_cert = os.path.join(dirname, "ca.key"), os.path.join(dirname, "ca.pem")
    key, csr, cert = (os.path.join(dirname, n) for n in ("leaf.key", "leaf.csr", "leaf.pem"))
    ext = os.path.join(dirname, "leaf.ext")
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "30",
            "-subj", "/CN=rdlab test CA", "-keyout", ca_key, "-out", ca_cert)
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=%s" % name,
            "-keyout", key, "-out", csr)
    with open(ext, "w") as f:
        f.write("subjectAltName=DNS:%s\n" % name)
    openssl("x509", "-req", "-in", csr, "-CA", ca_cert, "-CAkey", ca_key,
            "-CAcreateserial", "-days", "30", "-extfile", ext, "-out", cert)
    return cert, key


@contextlib.contextmanager
def rdg_host(modes, cert_kind, netns):
    """rdg-host.py with one listener per mode and a certificate of
    `cert_kind`: "ca" (CA-signed, localhost), "self" (self-signed,
    localhost) or "other-name" (self-signed, other.rdlab.test).  Yields
    (mode -> port, record directory)."""
    tmp = labkit.tempdir("rdg")
    ready = os.path.join(tmp, "ready.json")
    record = os.path.join(tmp, "record")
    errlog = os.path.join(tmp, "stderr.log")
    p = None
    try:
        if cert_kind == "ca":
            cert, key = make_ca_signed(tmp, "localhost")
        elif cert_kind == "self":
            cert, key = labkit.make_cert(tmp, cn="localhost", san="DNS:localhost")
        else:
            cert, key = labkit.make_cert(tmp, cn="other.rdlab.test", san="DNS:other.rdlab.test")
        cmd = [labkit.PYTHON, RDG_HOST, "--ready-file", ready, "--record", record,
               "--cert", cert, "--key", key]
        for mode in modes:
            cmd += ["--listen", "%s=0" % mode]
        with open(errlog, "wb") as ef:
            p = labkit.spawn(cmd, netns=netns, stderr=ef)
        deadline = time.monotonic() + 10
        while not os.path.exists(ready):
            if p.poll() is not None or time.monotonic() > deadline:
                with open(errlog, "rb") as f:
                    raise RuntimeError("rdg-host did not get ready (exit %s): %s" % (
                        p.poll(), f.read().decode("utf-8", "replace")[-1500:]))
            time.sleep(0.02)
        with open(ready) as f:
            yield json.load(f)["listeners"], record
    finally:
        labkit.stop(p, grace=3.0)
        labkit.remove_tempdir(tmp)


stack = contextlib.ExitStack()
ns = labkit.Lazy(stack, labkit.loopback_ns)
files = labkit.Lazy(stack, lambda: contextlib.closing(_Files()))
hosts = {
    kind: labkit.Lazy(stack, lambda kind=kind: rdg_host(
        MODES if kind == "ca" else ["gateway"], kind, ns.get()))
    for kind in ("ca", "self", "other-name")
}
_results = {}


class _Files:
    """The .rdp files the scenarios write, in a directory of our own."""

    def __init__(self):
        self.dir = labkit.tempdir("rdgf")

    def close(self):
        labkit.remove_tempdir(self.dir)


def closed_port():
    port = labkit.free_port()
    for listeners, _ in (h.value for h in hosts.values() if h.value is not None):
        while port in listeners.values():
            port = labkit.free_port()
    return port


def rdp_file(gateway, usage=1):
    """A .rdp file for a computer on a closed loopback port, through the
    gateway `gateway` ("name:port")."""
    path = os.path.join(files.get().dir, "gw-%d.rdp" % len(os.listdir(files.get().dir)))
    lines = ["full address:s:127.0.0.1:%d" % closed_port(),
             "gatewayhostname:s:%s" % gateway,
             "gatewayusagemethod:i:%d" % usage,
             "gatewayprofileusagemethod:i:1",
             "gatewaycredentialssource:i:0"]
    with open(path, "w", encoding="utf-16") as f:       # as Windows writes them
        f.write("\r\n".join(lines) + "\r\n")
    return path


def doctor(kind, mode, usage=1, gateway=None):
    key = (kind, mode, usage, gateway)
    if key not in _results:
        if gateway is None:
            gateway = "localhost:%d" % hosts[kind].get()[0][mode]
        _results[key] = labkit.run_doctor([rdp_file(gateway, usage), "--timeout", str(TIMEOUT)],
                                          netns=ns.get())
    return _results[key]


def check_not_direct(res):
    ids = labkit.cause_ids(res.report)
    labkit.check("port-refused" not in ids,
                 "the direct path's port-refused was named although the gateway is used: %s\n%s"
                 % (ids, labkit.describe(res)))


def t_cause(mode, expected):
    def t():
        res = doctor("ca", mode)
        check_not_direct(res)
        return labkit.expect_cause(res, expected)
    return t


def t_working_gateway():
    res = doctor("ca", "gateway")
    ev = labkit.evidence(res, "rdgateway")
    check_not_direct(res)
    labkit.check_eq(ev.get("outcome"), "ok", "rdgateway outcome", labkit.describe(res))
    labkit.check_eq(ev.get("http_status"), 401, "HTTP status")
    labkit.check_eq(ev.get("auth_schemes"), ["Negotiate", "NTLM"], "schemes")
    ntlm = ev.get("ntlm") or {}
    labkit.check_eq(ntlm.get("outcome"), "challenge", "NTLM probe", json.dumps(ntlm))
    labkit.check_eq(ntlm.get("netbios_computer"), "RDG01", "gateway NetBIOS name")
    labkit.check_eq(ntlm.get("dns_computer"), "rdg01.rdlab.test", "gateway DNS name")
    labkit.check(abs(ntlm.get("offset_s", 999)) <= 5, "gateway clock offset %r" % ntlm.get("offset_s"))
    labkit.check_eq(labkit.cause_ids(res.report), [], "causes", labkit.describe(res))
    labkit.check_eq(res.rc, 0, "exit code", labkit.describe(res))
    target = res.report.get("target", {}).get("rdgateway", {})
    labkit.check_eq((target.get("host"), target.get("usage")), ("localhost", "always"), "target's gateway")
    return "schemes %s, gateway %s (%s), wall %.2f s" % (
        ev["auth_schemes"], ntlm["dns_computer"], ntlm["netbios_computer"], res.wall)


def t_negotiate_only():
    res = doctor("ca", "negotiate-only")
    check_not_direct(res)
    labkit.check_eq(labkit.first_cause(res.report), "rdgateway-kerberos-only", "first cause",
                    labkit.describe(res))
    labkit.check_eq(labkit.evidence(res, "rdgateway").get("auth_schemes"), ["Negotiate"], "schemes")
    labkit.check("ntlm" not in labkit.evidence(res, "rdgateway"), "an NTLM probe without NTLM offered")
    return "first cause rdgateway-kerberos-only (info), exit %s" % res.rc


def t_rpc_only():
    """404 to the HTTP transport, 401 to RPC over HTTP: a gateway whose
    HTTP transport is off, said with more confidence than a bare 404."""
    res = doctor("ca", "rpc-only")
    check_not_direct(res)
    rpc = labkit.evidence(res, "rdgateway").get("rpc_over_http") or {}
    labkit.check_eq(rpc.get("http_status"), 401, "RPC over HTTP status", json.dumps(rpc))
    plain = labkit.evidence(doctor("ca", "not-found"), "rdgateway").get("rpc_over_http") or {}
    labkit.check_eq(plain.get("http_status"), 404, "RPC over HTTP status of a bare 404", json.dumps(plain))
    confidences = [c.get("confidence") for c in res.report["causes"] if c.get("id") == "rdgateway-http-disabled"]
    bare = [c.get("confidence") for c in doctor("ca", "not-found").report["causes"]
            if c.get("id") == "rdgateway-http-disabled"]
    labkit.check(confidences and bare and confidences[0] > bare[0],
                 "confidence %s (RPC answers) vs %s (bare 404)" % (confidences, bare))
    return labkit.expect_cause(res, "rdgateway-http-disabled")


def t_closed_port():
    res = doctor("ca", "closed", gateway="localhost:%d" % closed_port())
    check_not_direct(res)
    return labkit.expect_cause(res, "rdgateway-port-closed")


def t_unknown_name():
    res = doctor("ca", "unknown", gateway="gw.nowhere.rdlab.test")
    check_not_direct(res)
    return labkit.expect_cause(res, "rdgateway-resolution-failed")


def t_self_signed():
    res = doctor("self", "gateway")
    check_not_direct(res)
    return labkit.expect_cause(res, "rdgateway-cert-self-signed")


def t_other_name():
    res = doctor("other-name", "gateway")
    check_not_direct(res)
    ids = labkit.cause_ids(res.report)
    labkit.check("rdgateway-cert-self-signed" in ids, "self-signed not named: %s" % ids)
    return labkit.expect_cause(res, "rdgateway-cert-name-mismatch")


def t_not_used():
    """gatewayusagemethod:i:0: the app connects directly, so does the check."""
    res = doctor("ca", "gateway", usage=0)
    labkit.check(labkit.find_check(res.report, "rdgateway") is None,
                 "a gateway check although the gateway is not used\n" + labkit.describe(res))
    return labkit.expect_cause(res, "port-refused")


def t_request():
    """What the gateway received: RDG_OUT_DATA on /remoteDesktopGateway/
    with an RDG-Connection-Id (or, after a 404, RPC over HTTP's RPC_IN_DATA
    without credentials), and never an NTLM AUTHENTICATE."""
    doctor("ca", "gateway")
    record = hosts["ca"].get()[1]
    heads = sorted(glob.glob(os.path.join(record, "*.txt")))
    labkit.check(heads, "the gateway received no request")
    kinds = []
    for path in heads:
        with open(path, "rb") as f:
            first, _, head = f.read().partition(b"\n")
        if head.startswith(b"RPC_IN_DATA /rpc/rpcproxy.dll?localhost:3388 HTTP/1.1\r\n"):
            labkit.check(b"\r\nAuthorization:" not in head, "credentials sent to RPC over HTTP in %s" % path)
            kinds.append("rpc")
            continue
        labkit.check(head.startswith(b"RDG_OUT_DATA /remoteDesktopGateway/ HTTP/1.1\r\n"),
                     "%s: %r" % (os.path.basename(path), head[:80]))
        labkit.check(b"\r\nRDG-Connection-Id: {" in head, "no RDG-Connection-Id in %s" % path)
        labkit.check(first.strip() != b"ntlm: 3", "NTLM AUTHENTICATE sent in %s" % path)
        kinds.append(first.strip().decode())
    labkit.check("ntlm: 1" in kinds, "no anonymous NTLM NEGOTIATE sent: %s" % kinds)
    return "%d requests, %s" % (len(heads), sorted(set(kinds)))


def t_sweep():
    """A hosts file of .rdp files: each JSON line names its gateway cause."""
    listeners = hosts["ca"].get()[0]
    paths = [rdp_file("localhost:%d" % listeners["not-found"]),
             rdp_file("localhost:%d" % listeners["silent-close"])]
    hosts_file = os.path.join(files.get().dir, "farm.txt")
    with open(hosts_file, "w") as f:
        f.write("# through the gateway\n" + "\n".join(paths) + "\n")
    res = labkit.run_doctor(["--hosts-file", hosts_file, "--jobs", "2", "--timeout", str(TIMEOUT)],
                            netns=ns.get())
    lines = [json.loads(line) for line in res.stdout.splitlines() if line.strip()]
    labkit.check_eq(len(lines), 2, "JSON lines", labkit.describe(res))
    firsts = [labkit.first_cause(line) for line in lines]
    labkit.check_eq(firsts, ["rdgateway-http-disabled", "rdgateway-refused"], "first causes",
                    res.stdout[-2000:])
    for line in lines:
        labkit.check("port-refused" not in labkit.cause_ids(line), "port-refused in %s" % line.get("causes"))
    return "lines %s" % firsts


tests = [("gateway answering 401 Negotiate + NTLM: schemes and names, no cause", t_working_gateway),
         ("gateway answering 401 Negotiate only -> rdgateway-kerberos-only", t_negotiate_only)]
tests += [("gateway %s -> %s" % (m, c), t_cause(m, c)) for m, c in EXPECTED]
tests += [
    ("gateway with RPC over HTTP only -> rdgateway-http-disabled, RPC 401", t_rpc_only),
    ("gateway on a closed port -> rdgateway-port-closed", t_closed_port),
    ("gateway name that does not resolve -> rdgateway-resolution-failed", t_unknown_name),
    ("self-signed gateway certificate -> rdgateway-cert-self-signed", t_self_signed),
    ("certificate for another name -> rdgateway-cert-name-mismatch", t_other_name),
    ("gatewayusagemethod:i:0 -> direct path judged, no gateway check", t_not_used),
    ("sweep of .rdp files: JSON lines carry the gateway causes", t_sweep),
    ("requests: RDG_OUT_DATA, RDG-Connection-Id, never an AUTHENTICATE", t_request),
]

if __name__ == "__main__":
    labkit.run_tests(labkit.Tap(), tests, setup=stack)
