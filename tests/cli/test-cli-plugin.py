#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""`rdp-doctor --plugin` as a monitoring plugin (Nagios, Icinga): bad
arguments are UNKNOWN with exit 3 and one line, a closed loopback port is
CRITICAL with exit 2 and port-refused, the thresholds' forms, and every line
checked against the Monitoring Plugins development guidelines' grammar
(plugin_output.py). Touches nothing but 127.0.0.1. Prints TAP."""

import os
import socket
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cli_tap  # noqa: E402
from cli_tap import check  # noqa: E402
import plugin_output  # noqa: E402

DOCTOR = os.environ.get("RDP_DOCTOR", "rdp-doctor")
TIMEOUT = 20

results = []


def closed_port():
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def plugin(*args, env=None):
    res = subprocess.run([DOCTOR, "--plugin"] + list(args), capture_output=True,
                         text=True, timeout=TIMEOUT, env=env)
    try:
        parsed = plugin_output.parse(res.stdout)
    except plugin_output.PluginOutputError as e:
        raise AssertionError("%s: %s (stderr %r)" % (" ".join(args), e, res.stderr))
    return res, parsed


def t_bad_arguments():
    """Bad arguments: UNKNOWN, exit 3, one line naming the problem."""
    cases = [
        ([], "no computer"),
        (["--bogus", "127.0.0.1"], "an unknown option"),
        (["127.0.0.1", "127.0.0.2"], "two computers"),
        (["--json", "127.0.0.1"], "--json"),
        (["--hosts-file", "/dev/null"], "--hosts-file"),
        (["--connection", "office"], "--connection"),
        (["--write-profile", "/tmp/x.rdp", "127.0.0.1"], "--write-profile"),
        (["--timeout", "0", "127.0.0.1"], "--timeout 0"),
        (["--port", "70000", "127.0.0.1"], "--port 70000"),
        (["a..b"], "a bad name"),
        (["a|b"], "a '|' in the computer"),
        (["--warning", "abc", "127.0.0.1"], "--warning abc"),
        (["--critical", "10:5", "127.0.0.1"], "--critical 10:5"),
        (["--warning", "", "127.0.0.1"], "--warning ''"),
        (["--warning", "1e2", "127.0.0.1"], "--warning 1e2"),
        (["--critical", "inf", "127.0.0.1"], "--critical inf"),
        (["--critical", "5:10:20", "127.0.0.1"], "--critical 5:10:20"),
        (["--file", "/nonexistent/x.rdp"], "a missing file"),
        (["--count", "3", "127.0.0.1"], "--count (a --watch option)"),
        (["--interval", "5", "127.0.0.1"], "--interval (a --watch option)"),
        (["--per-address", "2", "127.0.0.1"], "--per-address"),
    ]
    for args, what in cases:
        res, (state, text, perf) = plugin(*args)
        check(res.returncode == 3, "%s: exit %d, not 3: %r" % (what, res.returncode, res.stdout))
        check(state == "UNKNOWN", "%s: %s" % (what, res.stdout))
        check(len(text) > 10, "%s: no message: %r" % (what, res.stdout))
        check(perf == {}, "%s: performance data without a run: %r" % (what, res.stdout))
    return "%d cases" % len(cases)


def t_not_without_plugin():
    """--warning and --critical without --plugin: the terminal mode's usage
    error (exit 2), not a check."""
    res = subprocess.run([DOCTOR, "--headless", "--warning", "3", "127.0.0.1"],
                         capture_output=True, text=True, timeout=TIMEOUT)
    check(res.returncode == 2, "exit %d: %r" % (res.returncode, res.stderr))
    check("--plugin" in res.stderr and res.stdout == "", repr(res.stderr))


def t_closed_port():
    """A closed loopback port: CRITICAL, exit 2, port-refused, time and tcp
    in seconds with min 0."""
    port = closed_port()
    res, (state, text, perf) = plugin("--timeout", "2", "127.0.0.1:%d" % port)
    check(res.returncode == 2, "exit %d: %r %r" % (res.returncode, res.stdout, res.stderr))
    check(state == "CRITICAL", res.stdout)
    check(text.endswith("(port-refused)"), res.stdout)
    check("time" in perf and perf["time"][1] == "s" and perf["time"][4] == "0", res.stdout)
    check("tcp" in perf and perf["tcp"][1] == "s", res.stdout)
    check("tls" not in perf and "rtt" not in perf, "a check that did not run measured: " + res.stdout)
    check(perf["time"][0] < 10, res.stdout)
    return res.stdout.strip()


def t_threshold_forms():
    """The accepted threshold forms appear as given in time's warn/crit
    fields; a threshold never lowers CRITICAL."""
    port = closed_port()
    forms = ["5", "2.5", ".5", "5:", "~:5", "5:10", "@5:10", "0:100"]
    for form in forms:
        res, (state, text, perf) = plugin("--timeout", "2", "--warning", form, "--critical", form,
                                          "--port", str(port), "127.0.0.1")
        check(res.returncode == 2 and state == "CRITICAL", "%s: %r" % (form, res.stdout))
        check(perf["time"][2] == form and perf["time"][3] == form, "%s: %r" % (form, res.stdout))
    return "%d forms" % len(forms)


def t_locale():
    """A comma-decimal locale still writes points in the performance data;
    the status word stays English."""
    locales = subprocess.run(["locale", "-a"], capture_output=True, text=True).stdout.split()
    have = [name for name in locales if name.lower() in ("de_de.utf8", "de_de.utf-8")]
    env = dict(os.environ, LC_ALL=have[0] if have else "C.UTF-8", LANGUAGE="de")
    res, (state, text, perf) = plugin("--timeout", "1.5",
                                      "127.0.0.1:%d" % closed_port(), env=env)
    check(state == "CRITICAL" and res.returncode == 2, res.stdout)
    check(all("," not in t for t in res.stdout.split(" | ", 1)[1].split()), res.stdout)
    return "in %s" % env["LC_ALL"] if have else "no German locale here: only C.UTF-8 tried"


def t_grammar_checker():
    """The grammar checker itself refuses what the guidelines do not allow."""
    bad = [
        "RDP OK - fine\n\n",
        "RDP OK - a | b | time=1s\n",
        "RDP FINE - x | time=1s\n",
        "RDP OK - x | time=1,5s\n",
        "RDP OK - x | time=1sec\n",
        "RDP OK - x | two words=1s\n",
        "RDP OK - x | time=1s;;;0;;;\n",
        "RDP OK - x |time=1s\n",
        "RDP OK - x",
    ]
    for line in bad:
        try:
            plugin_output.parse(line)
        except plugin_output.PluginOutputError:
            continue
        raise AssertionError("accepted %r" % line)
    good = "RDP WARNING - slow (high-latency) | time=2.1s;~:1;5;0; 'a b'=3ms;;;0; rtt=.5ms\n"
    state, _, perf = plugin_output.parse(good)
    check(state == "WARNING" and perf["a b"][0] == 3.0, repr(perf))


tests = [
    ("bad arguments: UNKNOWN, exit 3, one line", t_bad_arguments),
    ("--warning without --plugin is a usage error", t_not_without_plugin),
    ("closed loopback port: CRITICAL, exit 2, port-refused", t_closed_port),
    ("threshold forms in the performance data", t_threshold_forms),
    ("comma-decimal locale: points in the performance data", t_locale),
    ("the grammar checker refuses bad lines", t_grammar_checker),
]

cli_tap.run(tests)
