#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""rdp-doctor against the scripted fault host (tests/lab/fault-host.py):
one misbehaving server per mode, the first cause the report must name.
Runs in a loopback-only network namespace when it can (so nothing the
program does can leave the machine), else on the machine's loopback.
Prints TAP."""

import contextlib
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import labkit  # noqa: E402

TIMEOUT = 2                     # --timeout given to the program

EXPECTED = [
    ("neg-fail-1", "negotiation-ssl-required"),
    ("neg-fail-2", "negotiation-ssl-not-allowed"),
    ("neg-fail-3", "negotiation-cert-missing"),
    ("neg-fail-4", "not-rdp"),
    ("neg-fail-5", "negotiation-hybrid-required"),
    ("neg-fail-6", "negotiation-user-auth-required"),
    ("legacy", "negotiation-ssl-not-allowed"),
    ("accept-close", "listener-drops-connections"),
    ("silence", "handshake-timeout"),
    ("http", "not-rdp"),
    ("garbage", "not-rdp"),
    ("tpkt-truncated", "not-rdp"),
    ("tpkt-oversized", "not-rdp"),
    ("tpkt-undersized", "not-rdp"),
]
MODES = [m for m, _ in EXPECTED]

stack = contextlib.ExitStack()
ns = labkit.Lazy(stack, labkit.loopback_ns)
host = labkit.Lazy(stack, lambda: labkit.fault_host(MODES, netns=ns.get(), record=True))
_results = {}


def doctor(mode=None, port=None):
    """Run the program once per scenario (cached: timing and cause tests
    share the run)."""
    key = mode or ("closed", port)
    if key not in _results:
        if mode is not None:
            port = host.get()[mode]
        _results[key] = labkit.run_doctor(
            ["127.0.0.1:%d" % port, "--timeout", str(TIMEOUT)], netns=ns.get())
    return _results[key]


def t_cause(mode, expected):
    def t():
        return labkit.expect_cause(doctor(mode), expected)
    return t


def t_closed_port():
    used = set(host.get().values())
    port = labkit.free_port()
    while port in used:         # nothing listens there, in the namespace or on lo
        port = labkit.free_port()
    return labkit.expect_cause(doctor(port=port), "port-refused")


def t_no_signal_death():
    """A host that closes at once, ten times over: the program must never be
    killed by a signal (SIGPIPE when it writes, e.g. a TLS ClientHello or
    alert, to a socket the host has reset; the race hits about a third of
    single runs)."""
    port = host.get()["accept-close"]
    runs = [doctor("accept-close")]
    for _ in range(9):
        runs.append(labkit.run_doctor(["127.0.0.1:%d" % port, "--timeout", str(TIMEOUT)],
                                      netns=ns.get()))
    bad = [r for r in runs if r.rc is None or r.rc < 0 or r.report is None]
    labkit.check(not bad, "%d of %d runs died or printed no report; first:\n%s" % (
        len(bad), len(runs), labkit.describe(bad[0]) if bad else ""))
    return "%d runs, exit codes %s, max wall %.2f s" % (
        len(runs), sorted(set(r.rc for r in runs)), max(r.wall for r in runs))


def t_silence_timing():
    res = doctor("silence")
    limit = 1.2 * TIMEOUT + 0.3                 # 0.3 s for process start
    msg = "silence with --timeout %d: wall %.2f s (limit %.2f s)" % (TIMEOUT, res.wall, limit)
    labkit.check(res.report is not None, msg + "\n" + labkit.describe(res))
    labkit.check(res.wall < limit, msg + "\n" + labkit.describe(res))
    return msg


def parse_connection_request(data):
    """(ok, description) for the first bytes a client sent: an X.224
    Connection Request, or (the tls check's direct-TLS probe after a failed
    negotiation) a TLS ClientHello straight after connect."""
    if len(data) >= 2 and data[0] == 0x16 and data[1] == 0x03:
        # the listener reads 4 bytes as a TPKT header and may see no more
        if len(data) >= 6 and data[5] != 0x01:
            return False, "TLS handshake record, not a ClientHello: %s" % data[:16].hex()
        return True, "TLS ClientHello straight after connect (direct-TLS probe)"
    if len(data) < 11 or data[0] != 0x03 or data[1] != 0x00:
        return False, "not a TPKT: %s" % data[:16].hex()
    length = struct.unpack(">H", data[2:4])[0]
    if length > len(data) or length < 11:
        return False, "TPKT length %d, %d bytes received" % (length, len(data))
    li, code = data[4], data[5]
    if code & 0xF0 != 0xE0 or li != length - 5:
        return False, "not an X.224 Connection Request (LI %d, code %#x)" % (li, code)
    tail = data[:length][-8:]
    if tail[0] == 0x01 and tail[2:4] == b"\x08\x00":
        return True, "RDP_NEG_REQ requestedProtocols %#x" % struct.unpack("<I", tail[4:])[0]
    return True, "X.224 CR without RDP_NEG_REQ"


def t_sent_connection_request():
    """What the program sent to the neg-fail-1 listener: every connection
    starts with a well-formed TPKT + X.224 Connection Request (or is the
    direct-TLS probe, a bare ClientHello)."""
    res = doctor("neg-fail-1")
    conns = labkit.recorded(host.get(), "neg-fail-1")
    labkit.check(conns, "the program never connected to the neg-fail-1 listener\n"
                 + labkit.describe(res))
    notes = []
    for i, data in enumerate(conns):
        if not data:
            notes.append("connection %d: nothing sent (plain TCP probe)" % (i + 1))
            continue
        ok, what = parse_connection_request(data)
        labkit.check(ok, "connection %d: %s" % (i + 1, what))
        notes.append("connection %d: %s" % (i + 1, what))
    labkit.check(any(d and d[0] == 0x03 for d in conns),
                 "no connection carried a Connection Request")
    return notes


def t_no_ntlm_authenticate():
    """Never an NTLM AUTHENTICATE (type 3) on any listener (checked over
    what the scenarios above sent; vacuous if nothing was sent, so that
    fails)."""
    total = 0
    for mode in MODES:
        for data in labkit.recorded(host.get(), mode):
            total += len(data)
            labkit.check(b"NTLMSSP\x00\x03\x00\x00\x00" not in data,
                         "NTLM AUTHENTICATE sent to %s" % mode)
    labkit.check(total > 0, "the program sent nothing to any listener")
    return "%d bytes received over all listeners, no AUTHENTICATE" % total


tests = [("fault host %s -> %s" % (m, c), t_cause(m, c)) for m, c in EXPECTED]
tests += [
    ("closed loopback port -> port-refused", t_closed_port),
    ("silence: wall time < 1.2 x --timeout", t_silence_timing),
    ("accept-close x10: never killed by a signal (SIGPIPE)", t_no_signal_death),
    ("the program sends a well-formed X.224 Connection Request", t_sent_connection_request),
    ("no NTLM AUTHENTICATE sent to any fault host listener", t_no_ntlm_authenticate),
]

if __name__ == "__main__":
    labkit.run_tests(labkit.Tap(), tests, setup=stack)
