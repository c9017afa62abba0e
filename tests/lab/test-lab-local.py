#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The "local" check against a real (virtual) router: a client network
namespace whose default gateway is a "router" namespace (198.18.1.1) at the
other end of a veth pair; nftables in the router namespace makes it silent.
A third namespace has only loopback and no default route.  The program runs
inside the client namespaces, against 198.18.9.9:1, and the tests read the
local check's evidence.  Skipped (TAP # SKIP) where namespaces cannot be
created.  Prints TAP."""

import contextlib
import os
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import labkit  # noqa: E402

ROUTER4 = "198.18.1.1"
CLIENT4 = "198.18.1.2"
# Port 1 of an address beyond the router (nothing is there; only the local
# check matters). Not loopback: for a computer on this machine the program
# leaves the router alone.
TARGET = "198.18.9.9:1"
TIMEOUT = 2

stack = contextlib.ExitStack()


class RouterLab:
    """client eth0 198.18.1.2/24, default via 198.18.1.1 = router eth0."""

    def __init__(self):
        self.client = self.router = None

    def setup(self):
        self.client = labkit._new_netns("c")
        self.router = labkit._new_netns("r")
        c, r = self.client, self.router
        for ns in (c, r):
            labkit._ns_up(ns)
        labkit.run(["ip", "-n", c, "link", "add", "eth0", "type", "veth",
                    "peer", "name", "eth0", "netns", r], timeout=10)
        labkit.run(["ip", "-n", c, "addr", "add", CLIENT4 + "/24", "dev", "eth0"], timeout=10)
        labkit.run(["ip", "-n", r, "addr", "add", ROUTER4 + "/24", "dev", "eth0"], timeout=10)
        for ns in (c, r):
            labkit.run(["ip", "-n", ns, "link", "set", "eth0", "up"], timeout=10)
        labkit.run(["ip", "-n", c, "route", "add", "default", "via", ROUTER4], timeout=10)
        labkit._ns_etc(c, [], ROUTER4)
        labkit._ns_etc(r, [], "127.0.0.1")
        if not labkit.wait_port_unreachable_ok(c, ROUTER4):
            raise RuntimeError("veth link between %s and %s did not come up" % (c, r))

    def teardown(self):
        for ns in (self.client, self.router):
            if ns:
                labkit.delete_netns(ns)
        labkit._remove_netns_etc_if_empty()

    def router_rules(self, *lines):
        self.router_flush()
        ruleset = ("table inet rdlab {\n"
                   "  chain input {\n"
                   "    type filter hook input priority 0; policy accept;\n"
                   + "".join("    %s\n" % line for line in lines) +
                   "  }\n"
                   "}\n")
        labkit.run(["nft", "-f", "-"], timeout=10, netns=self.router, input=ruleset)

    def router_flush(self):
        labkit.run(["nft", "flush", "ruleset"], timeout=10, netns=self.router)

    def ping_group_range(self, value):
        labkit.run(["sysctl", "-q", "-w", "net.ipv4.ping_group_range=" + value],
                   timeout=10, netns=self.client)


@contextlib.contextmanager
def router_lab():
    reason = labkit.netns_available()
    if reason:
        raise labkit.Skip(reason)
    for prog in ("ip", "nft", "sysctl"):
        if shutil.which(prog) is None:
            raise labkit.Skip("%s is not installed" % prog)
    lab = RouterLab()
    try:
        lab.setup()
        yield lab
    finally:
        lab.teardown()


lab = labkit.Lazy(stack, router_lab)


@contextlib.contextmanager
def silent_router(lb, *lines):
    lb.router_rules(*lines)
    try:
        yield
    finally:
        lb.router_flush()


def local_check(res):
    c = labkit.find_check(res.report, "local")
    if c is None:
        raise AssertionError("no local check in the report\n%s" % labkit.describe(res))
    ev = c.get("evidence") or {}
    return c, ev


def summary(c, ev):
    keys = ("gateway", "gateway_interface", "gateway_reachable", "gateway_method",
            "gateway_echo_method", "gateway_rtt_us", "gateway_error", "default_routes",
            "dns_servers")
    return "local %s (%s ms): %s; %s" % (
        c.get("status"), c.get("duration_ms"), c.get("summary"),
        ", ".join("%s=%s" % (k, ev.get(k)) for k in keys if k in ev))


def run_local(ns):
    res = labkit.run_doctor([TARGET, "--timeout", str(TIMEOUT)], netns=ns)
    labkit.check(res.report is not None and not res.timed_out,
                 "no report\n" + labkit.describe(res))
    return res


def check_common(res, c, ev):
    """What holds in the client namespace whatever the router does."""
    detail = labkit.describe(res)
    labkit.check_eq(ev.get("gateway"), ROUTER4, "gateway", detail)
    labkit.check_eq(ev.get("gateway_interface"), "eth0", "gateway_interface", detail)
    routes = ev.get("default_routes")
    labkit.check(isinstance(routes, list) and len(routes) == 1 and
                 routes[0].get("family") == "ipv4" and routes[0].get("gateway") == ROUTER4 and
                 routes[0].get("interface") == "eth0",
                 "default_routes: %r\n%s" % (routes, detail))
    ifaces = {i.get("name"): i for i in ev.get("interfaces", []) if isinstance(i, dict)}
    eth0 = ifaces.get("eth0") or {}
    labkit.check_eq(eth0.get("state"), "up", "eth0 state", detail)
    labkit.check_eq(eth0.get("kind"), "ethernet", "eth0 kind", detail)
    labkit.check(CLIENT4 + "/24" in eth0.get("addresses", []),
                 "eth0 addresses: %r" % eth0.get("addresses"))
    labkit.check_eq((ifaces.get("lo") or {}).get("kind"), "loopback", "lo kind", detail)
    labkit.check_eq(ev.get("dns_servers"), [ROUTER4], "dns_servers", detail)
    labkit.check_eq(ev.get("vpn_active"), False, "vpn_active", detail)


def t_router_answers():
    lb = lab.get()
    lb.ping_group_range("1 0")          # no ping sockets: root's raw socket
    res = run_local(lb.client)
    c, ev = local_check(res)
    check_common(res, c, ev)
    labkit.check_eq(ev.get("gateway_reachable"), True, "gateway_reachable", labkit.describe(res))
    labkit.check_eq(c.get("status"), "pass", "local status", labkit.describe(res))
    labkit.check_eq(ev.get("gateway_method"), "icmp-raw", "gateway_method", labkit.describe(res))
    labkit.check(isinstance(ev.get("gateway_rtt_us"), int) and ev["gateway_rtt_us"] >= 0,
                 "gateway_rtt_us: %r" % ev.get("gateway_rtt_us"))
    return summary(c, ev)


def t_router_answers_ping_socket():
    lb = lab.get()
    lb.ping_group_range("0 2147483647")
    try:
        res = run_local(lb.client)
    finally:
        lb.ping_group_range("1 0")
    c, ev = local_check(res)
    labkit.check_eq(ev.get("gateway_reachable"), True, "gateway_reachable", labkit.describe(res))
    labkit.check_eq(ev.get("gateway_method"), "icmp-ping-socket", "gateway_method",
                    labkit.describe(res))
    return summary(c, ev)


def t_router_ignores_ping():
    lb = lab.get()
    with silent_router(lb, "meta l4proto icmp drop"):
        res = run_local(lb.client)
    c, ev = local_check(res)
    # The echo met silence; a TCP connect got its reset: the router is there.
    labkit.check_eq(ev.get("gateway_reachable"), True, "gateway_reachable", labkit.describe(res))
    labkit.check_eq(ev.get("gateway_method"), "tcp", "gateway_method", labkit.describe(res))
    labkit.check_eq(c.get("status"), "pass", "local status", labkit.describe(res))
    return summary(c, ev)


def t_router_silent():
    lb = lab.get()
    with silent_router(lb, "drop"):
        res = run_local(lb.client)
    c, ev = local_check(res)
    check_common(res, c, ev)
    labkit.check_eq(ev.get("gateway_reachable"), False, "gateway_reachable", labkit.describe(res))
    labkit.check_eq(c.get("status"), "warn", "local status", labkit.describe(res))
    # Echo for min(timeout, 2 s), then TCP for min(timeout, 1 s): bounded.
    labkit.check(c.get("duration_ms", 0) < 1000 * (TIMEOUT + 1) + 500,
                 "local took %s ms\n%s" % (c.get("duration_ms"), labkit.describe(res)))
    return [summary(c, ev), "causes: %s" % ", ".join(labkit.cause_ids(res.report))]


def t_loopback_only():
    with labkit.loopback_ns() as ns:
        if ns is None:
            raise labkit.Skip("no private network namespace")
        res = run_local(ns)
    c, ev = local_check(res)
    labkit.check_eq(c.get("status"), "fail", "local status", labkit.describe(res))
    labkit.check_eq(ev.get("default_routes"), [], "default_routes", labkit.describe(res))
    labkit.check("gateway" not in ev and "gateway_reachable" not in ev,
                 "no gateway expected: %r" % ev)
    kinds = [i.get("kind") for i in ev.get("interfaces", [])]
    labkit.check_eq(kinds, ["loopback"], "interface kinds", labkit.describe(res))
    return summary(c, ev)


tests = [
    ("router answers -> gateway_reachable true, pass (raw ICMP)", t_router_answers),
    ("router answers an unprivileged ping socket", t_router_answers_ping_socket),
    ("router drops ICMP only -> TCP fallback finds it", t_router_ignores_ping),
    ("router drops everything -> gateway_reachable false, warn, bounded", t_router_silent),
    ("only loopback, no default route -> fail", t_loopback_only),
]

if __name__ == "__main__":
    labkit.run_tests(labkit.Tap(), tests, setup=stack)
