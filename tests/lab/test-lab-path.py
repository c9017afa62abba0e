#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""rdp-doctor across a routed path: client -- router -- host, three network
namespaces (tests/lab/pathlab.py: client 198.18.1.2, router 198.18.1.1 /
198.18.2.1 forwarding IPv4 and IPv6, host 198.18.2.2 and 198.18.2.3, with
fd00:198:18:1::/64 and fd00:198:18:2::/64).  Real servers run in the host
namespace (xrdp on port 3389 of every address, the fault host), dnsmasq in
the router; faults are nftables rules in the host or the router, an MTU on
the router's client-facing interface, a delaying router (a TUN device in
the router, tests/lab/delay-router.py) and a delaying TCP relay
(tests/lab/delay-relay.py).  The program runs in the client namespace as
`rdp-doctor --headless 198.18.2.2[:PORT] --json --timeout 2`; each test
asserts the first cause and prints the wall time.  Skipped (TAP # SKIP)
where namespaces cannot be created.  Prints TAP."""

import contextlib
import json
import os
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import labkit  # noqa: E402
import pathlab  # noqa: E402

RDP_PORT = 3389
RELAY_PORT = 3390
TIMEOUT = 2
LATENCY_TIMEOUT = 5
DELAY_MS = 200
MTU = 900
DOMAIN = labkit.LAB_DOMAIN
RDP_NAME = "rdp." + DOMAIN              # dnsmasq: 198.18.2.3, the fault host
NX_NAME = "nothere." + DOMAIN           # dnsmasq: NXDOMAIN
DUAL_NAME = "dual." + DOMAIN            # client hosts file: host's IPv4 + IPv6

stack = contextlib.ExitStack()
lab = labkit.Lazy(stack, pathlab.path_lab)


def need(*progs):
    for prog in progs:
        if shutil.which(prog) is None:
            raise labkit.Skip("%s is not installed" % prog)


def start_xrdp():
    need("xrdp", "openssl")
    # security_layer=tls, a fresh self-signed RSA-2048 certificate, port 3389
    # on every address of the host namespace (IPv4 and IPv6).  Without fork:
    # no xrdp child can outlive a SIGKILLed harness (PR_SET_PDEATHSIG is not
    # inherited across fork).
    return labkit.xrdp_server("tls", port=RDP_PORT, netns=lab.get().host,
                              all_interfaces=True, fork=False)


xrdp = labkit.Lazy(stack, start_xrdp)


def run(target, timeout=TIMEOUT):
    lb = lab.get()
    return lb.run_doctor([target, "--timeout", str(timeout)])


def durations(res):
    """'check ms' pairs of every check, in report order."""
    return " ".join("%s %s" % (c.get("id"), c.get("duration_ms"))
                    for c in (res.report or {}).get("checks", []) if isinstance(c, dict))


def wall(res, timeout=TIMEOUT, limit=None):
    msg = "wall %.2f s (--timeout %s)" % (res.wall, timeout)
    if limit is not None:
        msg += ", limit %.2f s" % limit
    return msg + "; checks (ms): " + durations(res)


def bounded(res, timeout=TIMEOUT):
    """Wall under 1.2 x timeout + 0.3 s: every check runs in parallel.  On
    failure, say which checks took long."""
    limit = 1.2 * timeout + 0.3
    if res.wall >= limit:
        slow = []
        for c in (res.report or {}).get("checks", []):
            if isinstance(c, dict) and isinstance(c.get("duration_ms"), int):
                slow.append((c["duration_ms"], c.get("id")))
        slow.sort(reverse=True)
        raise AssertionError("wall %.2f s >= limit %.2f s; slowest checks: %s\n%s" % (
            res.wall, limit, ", ".join("%s %d ms" % (i, d) for d, i in slow[:5]) or "?",
            labkit.describe(res)))
    return wall(res, timeout, limit)


def host_input(*lines):
    return ("table inet rdlab {\n"
            "  chain input {\n"
            "    type filter hook input priority 0; policy accept;\n"
            + "".join("    %s\n" % line for line in lines) +
            "  }\n"
            "}\n")


def ev_summary(res, *check_ids):
    out = []
    for cid in check_ids:
        c = labkit.find_check(res.report, cid)
        if c is not None:
            out.append("check %s: %s %s" % (cid, c.get("status"),
                                            json.dumps(c.get("evidence"), sort_keys=True)[:600]))
    return out


# ------------------------------------------------------------------ scenarios

def t_healthy():
    xrdp.get()
    res = run(pathlab.HOST4)
    # On failure, the latency and negotiate evidence in full: the latency
    # check takes max(connect median, fastest X.224 answer) as the round trip,
    # so a slow answer from xrdp itself reads as a slow network.
    detail = "\n".join([labkit.describe(res)] + ev_summary(res, "latency", "negotiate"))
    labkit.check(res.report is not None, "no JSON report\n" + detail)
    bad = labkit.problems(res.report)
    labkit.check_eq(res.report.get("verdict"), "healthy", "verdict",
                    "problems: %s\n%s" % (bad, detail))
    labkit.check(not bad, "causes of severity warning/error: %s\n%s" % (bad, detail))
    labkit.check_eq(res.rc, 0, "exit code", detail)
    return ["verdict healthy, causes %s" % (labkit.cause_ids(res.report) or "none"), wall(res)]


def t_rdp_dropped():
    lb = lab.get()
    xrdp.get()
    with lb.firewall(lb.host, host_input("tcp dport %d drop" % RDP_PORT)):
        res = run(pathlab.HOST4)
    return [labkit.expect_cause(res, "port-filtered"), bounded(res)]


def t_all_dropped():
    lb = lab.get()
    xrdp.get()
    with lb.firewall(lb.host, host_input("meta l4proto { tcp, udp } drop")):
        res = run(pathlab.HOST4)
    got = labkit.first_cause(res.report)
    # The host still answers ICMP, and the program's "ports" check found
    # nothing open: a firewall in front of every port reads as port-filtered;
    # a computer that is off would read the same way over TCP, so
    # host-unreachable would be arguable too.
    labkit.check(got in ("port-filtered", "host-unreachable"),
                 "first cause: expected 'port-filtered' (or 'host-unreachable'), got %r\n%s"
                 % (got, labkit.describe(res)))
    labkit.check_eq(res.rc, 1, "exit code", labkit.describe(res))
    return ["first cause %s" % got, bounded(res)]


def t_rdp_reset():
    lb = lab.get()
    xrdp.get()
    with lb.firewall(lb.host, host_input("tcp dport %d reject with tcp reset" % RDP_PORT)):
        res = run(pathlab.HOST4)
    return [labkit.expect_cause(res, "port-refused"), wall(res)]


def t_admin_prohibited():
    # The router answers the SYN with ICMP destination unreachable, code 13
    # (communication administratively prohibited).  Linux turns that into
    # EHOSTUNREACH on the connecting socket (icmp_err_convert: fatal), and
    # the program classifies EHOSTUNREACH as "unreachable" -> host-unreachable,
    # not port-filtered: it cannot tell a router's "prohibited" from "no route".
    lb = lab.get()
    xrdp.get()
    rules = ("table inet rdlab {\n"
             "  chain forward {\n"
             "    type filter hook forward priority 0; policy accept;\n"
             "    meta nfproto ipv4 tcp dport %d reject with icmp type admin-prohibited\n"
             "  }\n"
             "}\n" % RDP_PORT)
    with lb.firewall(lb.router, rules):
        res = run(pathlab.HOST4)
    tcp = ev_summary(res, "tcp")
    try:
        msg = labkit.expect_cause(res, "host-unreachable")
    except AssertionError as e:
        raise AssertionError("%s\n%s" % (e, "\n".join(tcp)))
    return [msg, wall(res)] + tcp


def mtu_rules(drop_icmp):
    lines = ["icmp type destination-unreachable icmp code frag-needed drop",
             "icmpv6 type packet-too-big drop"] if drop_icmp else []
    return ("table inet rdlab {\n"
            "  chain output {\n"
            "    type filter hook output priority 0; policy accept;\n"
            + "".join("    %s\n" % line for line in lines) +
            "  }\n"
            "}\n")


def t_mtu_blackhole():
    lb = lab.get()
    xrdp.get()
    lb.flush_pmtu()
    try:
        with lb.mtu(lb.router, "eth0", MTU), lb.firewall(lb.router, mtu_rules(True)):
            res = run(pathlab.HOST4)
    finally:
        lb.flush_pmtu()
    evs = ev_summary(res, "tls", "mtu")
    try:
        msg = labkit.expect_cause(res, "mtu-blackhole")
        ev = labkit.evidence(res, "mtu")
        clamped = ev.get("clamped") or []
        labkit.check(any(isinstance(c, dict) and c.get("outcome") == "ok" for c in clamped),
                     "mtu evidence: no clamped handshake with outcome ok: %r" % clamped)
        sm = ev.get("suggested_mtu")
        labkit.check(isinstance(sm, int) and 576 <= sm <= MTU,
                     "mtu evidence suggested_mtu: expected 576..%d, got %r" % (MTU, sm))
    except AssertionError as e:
        raise AssertionError("%s\n%s" % (e, "\n".join(evs)))
    return [msg, wall(res), "suggested_mtu %s" % sm] + evs


def t_mtu_icmp_allowed():
    # Control: the same MTU, but the router's "fragmentation needed" gets
    # through, so the host lowers its path MTU and retransmits (PMTUD).
    lb = lab.get()
    xrdp.get()
    lb.flush_pmtu()
    try:
        with lb.mtu(lb.router, "eth0", MTU), lb.firewall(lb.router, mtu_rules(False)):
            res = run(pathlab.HOST4)
    finally:
        lb.flush_pmtu()            # the host learned MTU 900 towards the client
    got = labkit.first_cause(res.report)
    labkit.check(res.report is not None, "no JSON report\n" + labkit.describe(res))
    labkit.check("mtu-blackhole" not in labkit.cause_ids(res.report),
                 "mtu-blackhole named although ICMP gets through\n" + labkit.describe(res))
    return ["verdict %s, first cause %s" % (res.report.get("verdict"), got), wall(res)] + \
        ev_summary(res, "mtu")


def t_router_silent():
    lb = lab.get()
    rules = ("table inet rdlab {\n"
             "  chain input {\n"
             "    type filter hook input priority 0; policy drop;\n"
             "  }\n"
             "  chain forward {\n"
             "    type filter hook forward priority 0; policy drop;\n"
             "  }\n"
             "}\n")
    with lb.firewall(lb.router, rules):
        res = run(pathlab.HOST4)
    local = ev_summary(res, "local")
    try:
        msg = labkit.expect_cause(res, "gateway-unreachable")
    except AssertionError as e:
        raise AssertionError("%s\n%s" % (e, "\n".join(local)))
    return [msg, wall(res)]


def t_dns_mismatch():
    lb = lab.get()
    xrdp.get()
    # The fault host answers on 198.18.2.3:3389 through a DNAT to its own
    # port: xrdp already holds port 3389 on every address of the host.
    with labkit.fault_host(["credssp-name"], bind=["0.0.0.0", "::"], netns=lb.host) as fh:
        nat = ("table ip rdlab {\n"
               "  chain prerouting {\n"
               "    type nat hook prerouting priority -100; policy accept;\n"
               "    ip daddr %s tcp dport %d dnat to %s:%d\n"
               "  }\n"
               "}\n" % (pathlab.HOST4_ALT, RDP_PORT, pathlab.HOST4_ALT, fh["credssp-name"]))
        with lb.firewall(lb.host, nat), \
                pathlab.dnsmasq(lb, {RDP_NAME: pathlab.HOST4_ALT}, local_domain=DOMAIN) as log:
            answer = pathlab.describe_dns(*pathlab.dns_query(lb.client, pathlab.ROUTER4_C, RDP_NAME))
            before = pathlab.queries(log, RDP_NAME, pathlab.CLIENT4)
            res = run(RDP_NAME)
            asked = pathlab.queries(log, RDP_NAME, pathlab.CLIENT4) - before
    detail = ["dnsmasq answers %s with %s; the program asked it %d time(s)" % (
        RDP_NAME, answer, asked)]
    labkit.check(asked > 0, "dnsmasq's log shows no query for %s from %s\n%s" % (
        RDP_NAME, pathlab.CLIENT4, labkit.describe(res)))
    first = labkit.first_problem(res.report)
    got = first.get("id") if first else None
    labkit.check(got == "dns-mismatch",
                 "first cause of severity warning/error: expected 'dns-mismatch', got %r\n%s\n%s"
                 % (got, "\n".join(detail + ev_summary(res, "dns", "nla")), labkit.describe(res)))
    # By a name of its own (not a tunnel's "localhost"), a certificate for
    # another name is a warning.
    severity = {c.get("id"): c.get("severity") for c in res.report.get("causes", [])}
    labkit.check_eq(severity.get("tls-cert-name-mismatch"), "warning",
                    "severity of tls-cert-name-mismatch", labkit.describe(res))
    return detail + ["first problem %s (%s), causes %s" % (
        got, first.get("severity"), labkit.cause_ids(res.report)), wall(res)] + \
        ev_summary(res, "dns", "nla")


def t_verify_fix_ip():
    """The name leads to the wrong computer; the fixed profile uses the IP
    of the right one, and testing it again says "fixed"."""
    lb = lab.get()
    xrdp.get()
    out = labkit.tempdir("verify")
    profile = os.path.join(out, "fixed.rdp")
    try:
        with labkit.fault_host(["credssp-name"], bind=["0.0.0.0", "::"], netns=lb.host) as fh:
            nat = ("table ip rdlab {\n"
                   "  chain prerouting {\n"
                   "    type nat hook prerouting priority -100; policy accept;\n"
                   "    ip daddr %s tcp dport %d dnat to %s:%d\n"
                   "  }\n"
                   "}\n" % (pathlab.HOST4_ALT, RDP_PORT, pathlab.HOST4_ALT, fh["credssp-name"]))
            with lb.firewall(lb.host, nat), \
                    pathlab.dnsmasq(lb, {RDP_NAME: pathlab.HOST4_ALT}, local_domain=DOMAIN):
                res = lb.run_doctor([RDP_NAME, "--timeout", str(TIMEOUT),
                                     "--write-profile", profile, "--use-address", pathlab.HOST4])
        fix = (res.report or {}).get("fix") or {}
        labkit.check_eq(fix.get("verified"), "fixed", "fix.verified", labkit.describe(res))
        labkit.check_eq(res.rc, 0, "exit code after a tested fix", labkit.describe(res))
        with open(profile, "rb") as f:
            text = f.read().decode("utf-16")
        labkit.check("full address:s:%s" % pathlab.HOST4 in text,
                     "the profile does not name %s:\n%s" % (pathlab.HOST4, text))
        return ["before: %s; fix %s; after verdict %s" % (
            labkit.cause_ids(res.report), fix.get("workarounds"), fix.get("after_verdict")), wall(res)]
    finally:
        labkit.remove_tempdir(out)


def t_dns_nxdomain():
    lb = lab.get()
    with pathlab.dnsmasq(lb, {RDP_NAME: pathlab.HOST4_ALT}, local_domain=DOMAIN):
        answer = pathlab.describe_dns(*pathlab.dns_query(lb.client, pathlab.ROUTER4_C, NX_NAME))
        res = run(NX_NAME)
    detail = "dnsmasq answers %s with %s" % (NX_NAME, answer)
    try:
        msg = labkit.expect_cause(res, "dns-resolution-failed")
    except AssertionError as e:
        raise AssertionError("%s\n%s" % (detail, e))
    return [detail, msg, wall(res)] + ev_summary(res, "dns")


def t_dns_stopped():
    lb = lab.get()
    answer = pathlab.describe_dns(*pathlab.dns_query(lb.client, pathlab.ROUTER4_C, RDP_NAME,
                                                     wait=1.0))
    labkit.check(answer == "no answer", "something answers DNS on the router: %s" % answer)
    res = run(RDP_NAME)
    msg = labkit.expect_cause(res, "dns-resolution-failed")
    return [msg, wall(res)] + ev_summary(res, "dns")


def t_ipv6_broken():
    lb = lab.get()
    xrdp.get()
    lb.add_host(DUAL_NAME, pathlab.HOST4, pathlab.HOST6)
    with lb.firewall(lb.host, host_input("meta nfproto ipv6 tcp dport %d drop" % RDP_PORT)):
        v4 = labkit.x224_probe(pathlab.HOST4, RDP_PORT, 1 | 2 | 8, netns=lb.client)
        res = run(DUAL_NAME)
    detail = "xrdp over IPv4 answers: %s" % v4
    try:
        msg = labkit.expect_cause(res, "ipv6-path-broken")
    except AssertionError as e:
        raise AssertionError("%s\n%s" % (detail, e))
    return [detail, msg, wall(res)]


def t_latency():
    # Every packet through the router waits DELAY_MS / 2 each way: the TCP
    # handshake is as slow as the data, as on a real slow path.
    lb = lab.get()
    xrdp.get()
    with pathlab.delay_router(lb, DELAY_MS // 2):
        res = run(pathlab.HOST4, timeout=LATENCY_TIMEOUT)
    first = labkit.first_problem(res.report)
    got = first.get("id") if first else None
    lat = ev_summary(res, "latency")
    labkit.check(got == "high-latency",
                 "first cause of severity warning/error: expected 'high-latency', got %r\n%s\n%s"
                 % (got, "\n".join(lat), labkit.describe(res)))
    ev = labkit.evidence(res, "latency")
    rtt = ev.get("rtt_ms")
    labkit.check(isinstance(rtt, (int, float)) and rtt > 150,
                 "latency evidence rtt_ms: expected > 150, got %r\n%s" % (rtt, "\n".join(lat)))
    labkit.check("server-slow" not in labkit.cause_ids(res.report),
                 "server-slow named for a slow network\n" + "\n".join(lat))
    return ["first problem high-latency, rtt_ms %s, connect_median_ms %s"
            % (rtt, ev.get("connect_median_ms")), wall(res, LATENCY_TIMEOUT)] + lat


def t_slow_server():
    # The relay on the host accepts at once and answers DELAY_MS late: a
    # quick network in front of a slow server (or a tunnel to one).
    lb = lab.get()
    port = xrdp.get()
    with pathlab.delay_relay(lb.host, (pathlab.HOST4, RELAY_PORT), ("127.0.0.1", port),
                             DELAY_MS // 2) as rport:
        res = run("%s:%d" % (pathlab.HOST4, rport), timeout=LATENCY_TIMEOUT)
    first = labkit.first_problem(res.report)
    got = first.get("id") if first else None
    lat = ev_summary(res, "latency")
    ids = labkit.cause_ids(res.report)
    labkit.check(got == "server-slow",
                 "first cause of severity warning/error: expected 'server-slow', got %r\n%s\n%s"
                 % (got, "\n".join(lat), labkit.describe(res)))
    labkit.check("high-latency" not in ids and "vpn-path" not in ids,
                 "the network blamed for a slow server: %s\n%s" % (ids, "\n".join(lat)))
    ev = labkit.evidence(res, "latency")
    return ["first problem server-slow, connect %s ms, answer %s ms"
            % (ev.get("connect_median_ms"), ev.get("answer_ms")), wall(res, LATENCY_TIMEOUT)] + lat


def t_nothing_left():
    stack.close()                  # tear every fixture down now, then look
    left = pathlab.leftovers()
    labkit.check(not left, "left behind:\n" + "\n".join(left))
    others = [ns for ns in labkit._netns_list() if ns.startswith(labkit.NS_PREFIX)] \
        if hasattr(labkit, "_netns_list") else []
    return "no namespace, /etc/netns directory or process of ours left" + (
        "; other harnesses' namespaces: %s" % " ".join(others) if others else "")


tests = [
    ("healthy path (xrdp, TLS, RSA-2048) -> healthy", t_healthy),
    ("TCP 3389 dropped at the host -> port-filtered, bounded", t_rdp_dropped),
    ("every TCP port and UDP dropped at the host -> port-filtered, bounded", t_all_dropped),
    ("TCP 3389 rejected with a TCP reset at the host -> port-refused", t_rdp_reset),
    ("ICMP admin-prohibited from the router -> host-unreachable", t_admin_prohibited),
    ("MTU 900 on the way, frag-needed dropped -> mtu-blackhole", t_mtu_blackhole),
    ("MTU 900 on the way, ICMP allowed (PMTUD) -> not mtu-blackhole", t_mtu_icmp_allowed),
    ("router drops everything -> gateway-unreachable", t_router_silent),
    ("name leads to another computer (NLA names OTHER-PC) -> dns-mismatch", t_dns_mismatch),
    ("wrong computer behind the name: IP profile written and tested -> fixed", t_verify_fix_ip),
    ("NXDOMAIN from dnsmasq -> dns-resolution-failed", t_dns_nxdomain),
    ("no DNS server on the router -> dns-resolution-failed", t_dns_stopped),
    ("IPv4 works, IPv6 TCP 3389 dropped at the host -> ipv6-path-broken", t_ipv6_broken),
    ("200 ms round trip in the router (TUN delay) -> high-latency", t_latency),
    ("quick network, answers 200 ms late (delay relay) -> server-slow", t_slow_server),
    ("nothing of ours left (namespaces, /etc/netns, processes)", t_nothing_left),
]

if __name__ == "__main__":
    labkit.run_tests(labkit.Tap(), tests, setup=stack)
