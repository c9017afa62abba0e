#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""rdp-doctor against a real xrdp (0.9.x) with each security_layer.
xrdp runs without forking or daemonising, with its own xrdp.ini, log and a
fresh self-signed RSA-2048 certificate in a temporary directory, inside a
loopback-only network namespace when one can be made.  Prints TAP."""

import contextlib
import os
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import labkit  # noqa: E402

TIMEOUT = 2
ASK_ALL = 1 | 2 | 8             # SSL | HYBRID | HYBRID_EX

stack = contextlib.ExitStack()
ns = labkit.Lazy(stack, labkit.loopback_ns)


def need_xrdp():
    if shutil.which("xrdp") is None:
        raise labkit.Skip("xrdp is not installed")
    if shutil.which("openssl") is None:
        raise labkit.Skip("the openssl command is not installed")


def server(layer):
    def start():
        need_xrdp()
        return labkit.xrdp_server(layer, netns=ns.get())
    return labkit.Lazy(stack, start)


servers = {layer: server(layer) for layer in ("negotiate", "tls", "rdp")}


def run(layer):
    port = servers[layer].get()
    # What xrdp itself answers, for the record (independent of the program).
    probe = "xrdp security_layer=%s answers SSL|HYBRID|HYBRID_EX with: %s" % (
        layer, labkit.x224_probe("127.0.0.1", port, ASK_ALL, netns=ns.get()))
    res = labkit.run_doctor(["127.0.0.1:%d" % port, "--timeout", str(TIMEOUT)], netns=ns.get())
    return res, probe


def t_healthy(layer):
    def t():
        res, probe = run(layer)
        detail = probe + "\n" + labkit.describe(res)
        labkit.check(res.report is not None, "no JSON report\n" + detail)
        labkit.check_eq(res.report.get("verdict"), "healthy", "verdict", detail)
        labkit.check_eq(res.rc, 0, "exit code", detail)
        neg = labkit.find_check(res.report, "negotiate")
        labkit.check(neg is not None, "no 'negotiate' check in the report\n" + detail)
        labkit.check_eq((neg.get("evidence") or {}).get("selected_protocol"), "SSL",
                        "negotiate evidence selected_protocol", detail)
        # NLA verdict: xrdp takes TLS without NLA and offers no NLA at all, so
        # turning NLA off on the client side changes nothing.
        labkit.check_eq((neg.get("evidence") or {}).get("tls_only_accepted"), True,
                        "negotiate evidence tls_only_accepted", detail)
        labkit.check_eq(res.report.get("nla"), "not-offered", "report nla verdict", detail)
        return [probe, "verdict healthy, exit 0, selected SSL, nla not-offered, wall %.2f s" % res.wall]
    return t


def t_rdp_only():
    res, probe = run("rdp")
    try:
        msg = labkit.expect_cause(res, "negotiation-ssl-not-allowed")
    except AssertionError as e:
        raise AssertionError(probe + "\n" + str(e))
    return [probe, msg]


tests = [
    ("xrdp security_layer=negotiate -> healthy, SSL selected", t_healthy("negotiate")),
    ("xrdp security_layer=tls -> healthy, SSL selected", t_healthy("tls")),
    ("xrdp security_layer=rdp -> negotiation-ssl-not-allowed", t_rdp_only),
]

if __name__ == "__main__":
    labkit.run_tests(labkit.Tap(), tests, setup=stack)
