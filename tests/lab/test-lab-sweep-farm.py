#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A polite sweep: `rdp-doctor --headless --hosts-file FILE --jobs 16` over
a farm of 30 addresses (127.0.0.1-30 in a loopback-only namespace) that all
lead to one xrdp (fork=True, as deployed; backlog 2), as the hosts behind
one address or one busy host look. With the polite defaults every one of
them comes out healthy: a first try spoilt by the sweep's own load is
tried again alone, and says so. A closed port and a filtered port in the
same list are still named, the filtered one after one more try alone.
Prints TAP."""

import contextlib
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import labkit  # noqa: E402

TIMEOUT = 3
FARM = 30
JOBS = 16
RDP_PORT = 3389
FILTERED_PORT = 3390
CLOSED = "127.0.0.200:1"
FILTERED = "127.0.0.201:%d" % FILTERED_PORT

stack = contextlib.ExitStack()
ns = labkit.Lazy(stack, labkit.loopback_ns)
server = labkit.Lazy(stack, lambda: labkit.xrdp_server("negotiate", port=RDP_PORT, netns=_ns(), fork=True))
tmp = labkit.Lazy(stack, lambda: _tempdir())


def _ns():
    name = ns.get()
    if name is None:
        raise labkit.Skip("needs a network namespace of its own (xrdp on port 3389, nftables)")
    labkit.run(["nft", "-f", "-"], timeout=10, netns=name,
               input="table inet rdfarm {\n  chain input {\n"
                     "    type filter hook input priority 0; policy accept;\n"
                     "    tcp dport %d drop\n  }\n}\n" % FILTERED_PORT)
    return name


@contextlib.contextmanager
def _tempdir():
    d = labkit.tempdir("farm")
    try:
        yield d
    finally:
        labkit.remove_tempdir(d)


def t_farm():
    """Every address of the farm healthy, the closed and the filtered port
    named, in the list's order; what was tried again alone says what the
    first try saw, and only load-sensitive causes are; well within 30 s."""
    server.get()
    lines = ["127.0.0.%d" % (i + 1) for i in range(FARM)]
    lines[10:10] = [CLOSED]
    lines[20:20] = [FILTERED]
    path = os.path.join(tmp.get(), "farm.txt")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    cmd = [labkit.doctor_path(), "--headless", "--hosts-file", path, "--json", "--jobs", str(JOBS),
           "--timeout", str(TIMEOUT)]
    t0 = time.monotonic()
    res = labkit.run(cmd, timeout=60, netns=ns.get(), check_rc=False)
    wall = time.monotonic() - t0
    reports = [json.loads(line) for line in res.stdout.splitlines()]
    labkit.check_eq(len(reports), len(lines), "output lines", res.stdout[-800:] + res.stderr[-500:])
    labkit.check_eq([r.get("line") for r in reports], list(range(1, len(lines) + 1)), "line order")
    retested = {}
    for text, report in zip(lines, reports):
        problem = labkit.first_problem(report)
        got = problem["id"] if problem else report.get("verdict")
        if text == CLOSED:
            labkit.check_eq(got, "port-refused", "the closed port", json.dumps(report)[:600])
            labkit.check("retested" not in report, "a refused port is not our load: %r" % report.get("retested"))
        elif text == FILTERED:
            labkit.check_eq(got, "port-filtered", "the filtered port", json.dumps(report)[:600])
        else:
            labkit.check_eq(got, "healthy", "farm address %s" % text,
                            json.dumps(report.get("causes"))[:600] + " retested: %r" % report.get("retested"))
        first = (report.get("retested") or {}).get("first")
        if first:
            retested[first] = retested.get(first, 0) + 1
    labkit.check_eq(res.returncode, 1, "exit code", res.stderr[-500:])
    labkit.check(wall < 30, "the sweep took %.1f s" % wall)
    return "%d lines in %.1f s; tried again alone: %s" % (
        len(lines), wall, ", ".join("%d %s" % (n, k) for k, n in sorted(retested.items())) or "none")


def t_per_address_usage():
    """--per-address takes 0 to 64 and goes with --hosts-file."""
    path = os.path.join(tmp.get(), "one.txt")
    with open(path, "w") as f:
        f.write("127.0.0.1:1\n")
    for args in (["--hosts-file", path, "--per-address", "65"],
                 ["--hosts-file", path, "--per-address", "x"],
                 ["127.0.0.1", "--per-address", "2"]):
        res = labkit.run([labkit.doctor_path(), "--headless"] + args, timeout=10, netns=ns.get(),
                         check_rc=False)
        labkit.check_eq(res.returncode, 2, "exit code for %r" % args, res.stderr)
        labkit.check("--per-address" in res.stderr, "no message for %r: %r" % (args, res.stderr))
    res = labkit.run([labkit.doctor_path(), "--headless", "--hosts-file", path, "--per-address", "1",
                      "--json", "--timeout", "1"], timeout=20, netns=ns.get(), check_rc=False)
    labkit.check_eq(labkit.first_cause(json.loads(res.stdout)), "port-refused", "cause with --per-address 1")


tests = [
    ("--hosts-file: a farm behind one xrdp comes out healthy; dead ports still named", t_farm),
    ("--per-address: bad values refused", t_per_address_usage),
]

if __name__ == "__main__":
    labkit.run_tests(labkit.Tap(), tests, setup=stack)
