#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""rdp-doctor's UDP check (MS-RDPEUDP SYN) against tests/lab/udp-responder.py:
a SYN+ACK, nothing listening (ICMP port unreachable), a flood of wrong
replies, UDP dropped by nftables between two network namespaces (client
198.18.0.1, host 198.18.0.2), and a lab address where nobody answers ARP.  The loopback cases run in a loopback-only
namespace when they can, else on the machine's loopback.  Prints TAP."""

import contextlib
import os
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import labkit  # noqa: E402

TIMEOUT = 2                     # --timeout given to the program
UDP_EVIDENCE = ("address", "port", "outcome", "rtt_us", "syns_sent", "wrong_replies",
                "first_wrong_reply_hex")


def udp_check(res):
    ev = labkit.evidence(res, "udp")
    missing = [k for k in UDP_EVIDENCE if k not in ev]
    labkit.check(not missing, "udp evidence lacks %s\n%s" % (missing, labkit.describe(res)))
    return labkit.find_check(res.report, "udp"), ev


def expect_outcome(res, *outcomes):
    check, ev = udp_check(res)
    labkit.check(ev["outcome"] in outcomes, "udp outcome: expected %s, got %r\n%s" % (
        " or ".join(outcomes), ev["outcome"], labkit.describe(res)))
    return check, ev


def bounded(res, check):
    """The UDP check stays within 1.2 x the timeout, whatever comes back."""
    limit_ms = 1.2 * TIMEOUT * 1000
    labkit.check(check.get("duration_ms", 0) <= limit_ms,
                 "udp check took %s ms, limit %d ms\n%s" % (check.get("duration_ms"), limit_ms,
                                                            labkit.describe(res)))


stack = contextlib.ExitStack()
ns = labkit.Lazy(stack, labkit.loopback_ns)


def make_lab():
    for prog in ("ip", "nft"):
        if shutil.which(prog) is None:
            raise labkit.Skip("%s is not installed" % prog)
    return labkit.netns_lab()


lab = labkit.Lazy(stack, make_lab)


def t_syn_ack():
    with labkit.fault_host(["neg-ok-ssl"], netns=ns.get()) as tcp:
        port = tcp["neg-ok-ssl"]
        with labkit.udp_responder("syn-ack", port, netns=ns.get()):
            res = labkit.run_doctor(["127.0.0.1:%d" % port, "--timeout", str(TIMEOUT)],
                                    netns=ns.get())
    check, ev = expect_outcome(res, "syn-ack")
    labkit.check_eq(check.get("status"), "pass", "udp status", labkit.describe(res))
    labkit.check(isinstance(ev["rtt_us"], int) and ev["rtt_us"] >= 0,
                 "rtt_us is not a number: %r" % ev["rtt_us"])
    labkit.check_eq(ev["wrong_replies"], 0, "wrong_replies", labkit.describe(res))
    labkit.check_eq(labkit.find_check(res.report, "tcp").get("status"), "pass", "tcp status",
                    labkit.describe(res))
    labkit.check(1 <= ev["syns_sent"] <= 3, "syns_sent %r" % ev["syns_sent"])
    bounded(res, check)
    return "udp: %s, rtt %d us, %d SYN(s)" % (ev["outcome"], ev["rtt_us"], ev["syns_sent"])


def t_closed():
    with labkit.fault_host(["neg-ok-ssl"], netns=ns.get()) as tcp:
        port = tcp["neg-ok-ssl"]
        res = labkit.run_doctor(["127.0.0.1:%d" % port, "--timeout", str(TIMEOUT)],
                                netns=ns.get())
    check, ev = expect_outcome(res, "closed")
    labkit.check_eq(check.get("status"), "pass", "udp status", labkit.describe(res))
    bounded(res, check)
    return "udp: %s (%s), %s" % (ev["outcome"], ev.get("icmp"), check.get("summary"))


def t_garbage_flood():
    # Nothing on TCP: the other checks end at once, so the run's length is
    # the UDP check's.
    port = labkit.free_port()
    with labkit.udp_responder("garbage-flood", port, netns=ns.get()):
        res = labkit.run_doctor(["127.0.0.1:%d" % port, "--timeout", str(TIMEOUT)],
                                netns=ns.get())
    check, ev = expect_outcome(res, "silent", "closed")
    labkit.check(isinstance(ev["wrong_replies"], int) and ev["wrong_replies"] > 0,
                 "wrong_replies: expected > 0, got %r\n%s" % (ev["wrong_replies"], labkit.describe(res)))
    first = ev["first_wrong_reply_hex"]
    labkit.check(isinstance(first, str) and 0 < len(first) <= 64,
                 "first_wrong_reply_hex: expected a short hex prefix, got %r" % first)
    bounded(res, check)
    limit = 1.2 * TIMEOUT + 0.3                 # 0.3 s for process start
    labkit.check(res.wall < limit, "wall %.2f s, limit %.2f s\n%s" % (res.wall, limit, labkit.describe(res)))
    return "udp: %s, %d wrong replies, wall %.2f s" % (ev["outcome"], ev["wrong_replies"], res.wall)


_netns_runs = {}


def netns_run(firewalled):
    """Host: TLS-capable fault host on TCP P, SYN+ACK responder on UDP P;
    with `firewalled`, nftables drops UDP to P at the host."""
    if firewalled not in _netns_runs:
        lb = lab.get()
        with lb.fault_host(["tls-ok"]) as tcp:
            port = tcp["tls-ok"]
            with labkit.udp_responder("syn-ack", port, bind="0.0.0.0", netns=lb.host):
                lb.nft_flush()
                if firewalled:
                    lb.nft("table inet rdlab {\n"
                           "  chain input {\n"
                           "    type filter hook input priority 0; policy accept;\n"
                           "    udp dport %d drop\n"
                           "  }\n"
                           "}\n" % port)
                try:
                    _netns_runs[firewalled] = lb.run_doctor(
                        ["%s:%d" % (lb.host4, port), "--timeout", str(TIMEOUT)])
                finally:
                    lb.nft_flush()
    return _netns_runs[firewalled]


def t_netns_open():
    res = netns_run(False)
    check, ev = expect_outcome(res, "syn-ack")
    labkit.check_eq(ev["address"], labkit.HOST4, "udp address")
    return "udp across the veth: %s, rtt %s us" % (ev["outcome"], ev["rtt_us"])


def t_netns_dropped():
    res = netns_run(True)
    check, ev = expect_outcome(res, "silent")
    labkit.check_eq(labkit.find_check(res.report, "tcp").get("status"), "pass", "tcp status",
                    labkit.describe(res))
    labkit.check_eq(check.get("status"), "warn", "udp status", labkit.describe(res))
    labkit.check_eq(ev["syns_sent"], 3, "syns_sent", labkit.describe(res))
    bounded(res, check)
    return "udp: %s after %d SYNs, %s" % (ev["outcome"], ev["syns_sent"], check.get("summary"))


def t_netns_dropped_cause():
    res = netns_run(True)
    got = labkit.first_cause(res.report)
    labkit.check(got == "udp-blocked", "first cause: expected 'udp-blocked', got %r\n%s" % (
        got, labkit.describe(res)))
    return "first cause %s, exit %s" % (got, res.rc)


def t_netns_unreachable():
    lb = lab.get()
    # ARP for a lab address nobody has fails after about 3 s: the kernel's
    # ICMP host unreachable must come back as errno on the UDP socket.
    res = lb.run_doctor([lb.nohost4, "--timeout", "5"])
    check, ev = expect_outcome(res, "unreachable")
    labkit.check_eq(check.get("status"), "warn", "udp status", labkit.describe(res))
    return "udp: %s (%s)" % (ev["outcome"], ev.get("icmp"))


tests = [
    ("SYN+ACK responder on UDP, RDP on TCP -> udp outcome syn-ack", t_syn_ack),
    ("nothing on UDP (ICMP port unreachable) -> udp outcome closed", t_closed),
    ("flood of wrong replies -> ignored, counted, bounded by the timeout", t_garbage_flood),
    ("netns: UDP not filtered -> syn-ack across the veth", t_netns_open),
    ("netns: nftables drops UDP at the host -> udp outcome silent, warn", t_netns_dropped),
    ("netns: nftables drops UDP at the host -> first cause udp-blocked", t_netns_dropped_cause),
    ("netns: no host at a lab address -> udp outcome unreachable", t_netns_unreachable),
]

if __name__ == "__main__":
    labkit.run_tests(labkit.Tap(), tests, setup=stack)
