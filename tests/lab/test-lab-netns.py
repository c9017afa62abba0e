#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""rdp-doctor across a real (virtual) network: a client and a host network
namespace joined by a veth pair, nftables rules in the host namespace, the
client's own /etc/hosts and resolv.conf (pointing at a lab address where no
DNS server answers).  The program runs inside the client namespace.
Skipped (TAP # SKIP) where namespaces cannot be created.  Prints TAP."""

import contextlib
import os
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import labkit  # noqa: E402

RDP_PORT = 3389
DUAL_NAME = "dual." + labkit.LAB_DOMAIN         # host's IPv4 + IPv6
NOWHERE_NAME = "nowhere." + labkit.LAB_DOMAIN   # in no hosts file, no DNS

stack = contextlib.ExitStack()


def make_lab():
    for prog in ("ip", "nft"):
        if shutil.which(prog) is None:
            raise labkit.Skip("%s is not installed" % prog)
    return labkit.netns_lab()


lab = labkit.Lazy(stack, make_lab)


def rules(*lines):
    """An nftables ruleset for the host namespace's input hook."""
    return ("table inet rdlab {\n"
            "  chain input {\n"
            "    type filter hook input priority 0; policy accept;\n"
            + "".join("    %s\n" % l for l in lines) +
            "  }\n"
            "}\n")


@contextlib.contextmanager
def firewall(lb, *lines):
    lb.nft_flush()
    lb.nft(rules(*lines))
    try:
        yield
    finally:
        lb.nft_flush()


def timed(res, timeout):
    limit = 1.2 * timeout + 0.3                 # 0.3 s for process start
    msg = "wall %.2f s with --timeout %s (limit %.2f s)" % (res.wall, timeout, limit)
    labkit.check(res.wall < limit, msg + "\n" + labkit.describe(res))
    return msg


def t_filtered():
    lb = lab.get()
    timeout = 2
    with lb.fault_host({"silence": RDP_PORT}), \
            firewall(lb, "tcp dport %d drop" % RDP_PORT):
        res = lb.run_doctor([lb.host4, "--timeout", str(timeout)])
    msg = labkit.expect_cause(res, "port-filtered")
    return [msg, timed(res, timeout)]


def t_rejected():
    lb = lab.get()
    with lb.fault_host({"silence": RDP_PORT}), \
            firewall(lb, "tcp dport %d reject with tcp reset" % RDP_PORT):
        res = lb.run_doctor([lb.host4, "--timeout", "2"])
    return labkit.expect_cause(res, "port-refused")


def t_ipv6_broken():
    lb = lab.get()
    if shutil.which("xrdp") is None:
        raise labkit.Skip("xrdp is not installed")
    lb.add_host(DUAL_NAME, lb.host4, lb.host6)
    with lb.xrdp_server("negotiate", port=RDP_PORT), \
            firewall(lb, "meta nfproto ipv6 tcp dport %d drop" % RDP_PORT):
        v4 = labkit.x224_probe(lb.host4, RDP_PORT, 1 | 2 | 8, netns=lb.client)
        res = lb.run_doctor([DUAL_NAME, "--timeout", "2"])
    try:
        msg = labkit.expect_cause(res, "ipv6-path-broken")
    except AssertionError as e:
        raise AssertionError("xrdp over IPv4 answers: %s\n%s" % (v4, e))
    return ["xrdp over IPv4 answers: " + v4, msg]


def t_dns_failed():
    lb = lab.get()
    res = lb.run_doctor([NOWHERE_NAME, "--timeout", "2"])
    return labkit.expect_cause(res, "dns-resolution-failed")


def t_host_unreachable():
    lb = lab.get()
    res = lb.run_doctor([lb.nohost4, "--timeout", "5"])
    return labkit.expect_cause(res, "host-unreachable")


tests = [
    ("TCP 3389 dropped by the host's firewall -> port-filtered, bounded", t_filtered),
    ("TCP 3389 rejected with a TCP reset -> port-refused", t_rejected),
    ("IPv4 works, IPv6 dropped -> ipv6-path-broken", t_ipv6_broken),
    ("name that does not resolve -> dns-resolution-failed", t_dns_failed),
    ("no host at a lab address (ARP fails) -> host-unreachable", t_host_unreachable),
]

if __name__ == "__main__":
    labkit.run_tests(labkit.Tap(), tests, setup=stack)
