#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""`rdp-doctor --plugin` against the scripted fault host, as Nagios or
Icinga runs it: a host that completes the TLS handshake is OK (its
self-signed certificate is only a note), one that offers only old RDP
security is WARNING (negotiation-ssl-not-allowed), a silent one CRITICAL;
--warning/--critical raise the state and never lower it; every line fits
the Monitoring Plugins development guidelines' grammar (tests/cli/
plugin_output.py). Runs in a loopback-only network namespace when it can.
Prints TAP."""

import contextlib
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
sys.path.insert(0, os.path.join(here, "..", "cli"))
import labkit  # noqa: E402
import plugin_output  # noqa: E402

TIMEOUT = 2
MODES = ["tls-ok", "legacy", "silence"]

stack = contextlib.ExitStack()
ns = labkit.Lazy(stack, labkit.loopback_ns)
host = labkit.Lazy(stack, lambda: labkit.fault_host(MODES, netns=ns.get()))


def plugin(mode, *extra):
    """Runs the plugin on @mode's listener; returns (exit code, state,
    text, perfdata, stdout) after checking the line's grammar."""
    cmd = [labkit.doctor_path(), "--plugin", "--timeout", str(TIMEOUT)] + list(extra) + \
          ["127.0.0.1:%d" % host.get()[mode]]
    res = labkit.run(cmd, timeout=90.0, netns=ns.get(), check_rc=False)
    try:
        state, text, perf = plugin_output.parse(res.stdout)
    except plugin_output.PluginOutputError as e:
        raise AssertionError("%s: %s\nstderr: %s" % (mode, e, res.stderr[-500:]))
    labkit.check_eq(res.returncode, plugin_output.STATES[state],
                    "%s: exit code of %s" % (mode, state), res.stdout)
    return res.returncode, state, text, perf, res.stdout.strip()


def t_tls_ok():
    """A host that completes the handshake: OK, exit 0, with time, tcp, tls
    (seconds) and rtt (milliseconds)."""
    rc, state, text, perf, line = plugin("tls-ok")
    labkit.check_eq(state, "OK", "state", line)
    labkit.check(text.endswith("(healthy)"), "not healthy: " + line)
    for label, unit in (("time", "s"), ("tcp", "s"), ("tls", "s"), ("rtt", "ms")):
        labkit.check(label in perf, "no %s: %s" % (label, line))
        labkit.check_eq(perf[label][1], unit, "unit of " + label, line)
        labkit.check_eq(perf[label][4], "0", "min of " + label, line)
    labkit.check(perf["tcp"][0] <= perf["time"][0] and perf["tls"][0] <= perf["time"][0],
                 "a check longer than the whole run: " + line)
    return line


def t_legacy():
    """Only old RDP security: WARNING, exit 1, negotiation-ssl-not-allowed."""
    rc, state, text, perf, line = plugin("legacy")
    labkit.check_eq(state, "WARNING", "state", line)
    labkit.check(text.endswith("(negotiation-ssl-not-allowed)"), line)
    return line


def t_silence():
    """A host that accepts and never answers: CRITICAL, exit 2,
    handshake-timeout."""
    rc, state, text, perf, line = plugin("silence")
    labkit.check_eq(state, "CRITICAL", "state", line)
    labkit.check(text.endswith("(handshake-timeout)"), line)
    return line


def t_thresholds():
    """The total time against --warning and --critical: exceeded raises OK to
    WARNING or CRITICAL and WARNING to CRITICAL; generous ones change
    nothing; the thresholds stand in time's warn and crit fields."""
    cases = [
        ("tls-ok", ["--warning", "0.001"], "WARNING"),
        ("tls-ok", ["--critical", "0.001"], "CRITICAL"),
        ("tls-ok", ["--warning", "0.001", "--critical", "0.001"], "CRITICAL"),
        ("tls-ok", ["--warning", "~:0.001"], "WARNING"),
        ("tls-ok", ["--warning", "@0:600"], "WARNING"),
        ("tls-ok", ["--warning", "60", "--critical", "120"], "OK"),
        ("legacy", ["--warning", "60", "--critical", "120"], "WARNING"),
        ("legacy", ["--critical", "0.001"], "CRITICAL"),
        ("silence", ["--warning", "600"], "CRITICAL"),
    ]
    for mode, extra, want in cases:
        rc, state, text, perf, line = plugin(mode, *extra)
        labkit.check_eq(state, want, "%s %s" % (mode, " ".join(extra)), line)
        if "--warning" in extra:
            labkit.check_eq(perf["time"][2], extra[extra.index("--warning") + 1], "warn field", line)
        if "--critical" in extra:
            labkit.check_eq(perf["time"][3], extra[extra.index("--critical") + 1], "crit field", line)
    return "%d cases" % len(cases)


tests = [
    ("--plugin tls-ok: OK with time, tcp, tls, rtt", t_tls_ok),
    ("--plugin legacy: WARNING negotiation-ssl-not-allowed", t_legacy),
    ("--plugin silence: CRITICAL handshake-timeout", t_silence),
    ("--plugin --warning/--critical raise, never lower", t_thresholds),
]

if __name__ == "__main__":
    labkit.run_tests(labkit.Tap(), tests, setup=stack)
