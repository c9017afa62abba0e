#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""`rdp-doctor --exporter` refusing what it must refuse, and `--headless
--textfile` refusing a folder it cannot write: bad options (exit 2), every
probe 403 without --allow (the body says how to allow), allow-list escapes
(other hosts, other ports, escapes, @, paths, several targets, 2 KB) 400
or 403 with the raw target never echoed in the body or a header (the log
names a 403's target only as parsed), %2e read as the dot it stands for
(HTTP normalises it before the exporter sees it),
404 and 405, /metrics counting the refusals, and SIGTERM ending it with
exit 0. No probe runs: nothing but 127.0.0.1 is touched. Prints TAP."""

import os
import signal
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import exporter_client  # noqa: E402
import cli_tap  # noqa: E402
from exporter_client import DOCTOR, Exporter  # noqa: E402

MARK = "zq9mark"          # in every refused target; must never come back


def check(cond, msg):
    if not cond:
        raise AssertionError(msg)


def t_bad_options():
    """Bad options: exit 2 with a message, nothing listens."""
    port = exporter_client.free_port()
    cases = [
        ([], "no address"),
        (["--exporter", "localhost:%d" % port], "a name, not an address"),
        (["--exporter", "127.0.0.1"], "no port"),
        (["--exporter", "127.0.0.1:%d" % port, "--allow", "2001:db8::/32"], "IPv6 without brackets"),
        (["--exporter", "127.0.0.1:%d" % port, "--allow", "10.0.0.0/33"], "prefix too long"),
        (["--exporter", "127.0.0.1:%d" % port, "--allow", "pc_1.example"], "bad glob"),
        (["--exporter", "127.0.0.1:%d" % port, "--allow", "pc1:0"], "port 0"),
        (["--exporter", "127.0.0.1:%d" % port, "--max-probes", "0"], "--max-probes 0"),
        (["--exporter", "127.0.0.1:%d" % port, "--max-probes", "1000"], "--max-probes 1000"),
        (["--exporter", "127.0.0.1:%d" % port, "--max-probes", "-1"], "--max-probes -1"),
        (["--exporter", "127.0.0.1:%d" % port, "pc1.example"], "a computer on the command line"),
    ]
    for args, what in cases:
        if not args:
            args = ["--exporter"]
        res = subprocess.run([DOCTOR] + args, capture_output=True, text=True, timeout=20)
        check(res.returncode == 2, "%s: exit %d, stderr %r" % (what, res.returncode, res.stderr))
        check(res.stderr.startswith("rdp-doctor: "), "%s: %r" % (what, res.stderr))
    res = subprocess.run([DOCTOR, "--exporter", "--help"], capture_output=True, text=True, timeout=20)
    check(res.returncode == 0 and "--allow" in res.stdout and "--max-probes" in res.stdout,
          "--exporter --help: exit %d %r" % (res.returncode, res.stdout))
    res = subprocess.run([DOCTOR, "--headless", "--exporter", "127.0.0.1"], capture_output=True,
                         text=True, timeout=20)
    check(res.returncode == 2 and "--exporter" in res.stderr, "--headless --exporter: %r" % res.stderr)
    return "%d cases" % len(cases)


def t_no_allow():
    """Without --allow every probe gets 403, whose body names --allow."""
    with Exporter() as exp:
        for path in ("/probe?target=127.0.0.1", "/probe?target=%s.example" % MARK, "/probe"):
            status, headers, body = exp.request(path)
            check(status == 403, "%s: %d %r" % (path, status, body))
            check("--allow" in body, "the 403 does not say how to allow: %r" % body)
            check(MARK not in body, "echoed: %r" % body)
        check("every probe is refused" in exp.stderr() or "--allow" in exp.stderr(),
              "no word at start: %r" % exp.stderr())
    return None


REFUSED = [
    # (path, status)
    ("/probe?target=%s.other.example" % MARK, 403),                 # another host
    ("/probe?target=%s.corp.example:3390" % MARK, 403),             # another port
    ("/probe?target=%s.corp.example.evil" % MARK, 403),             # suffix trick
    ("/probe?target=11.0.0.1", 403),                                 # outside the range
    ("/probe?target=10.0.0.1:3390", 403),
    ("/probe?target=%s%%2eother.example" % MARK, 403),              # %2e is a dot: another host
    ("/probe?target=%2e%2e", 400),                                  # ".." is no host
    ("/probe?target=%s%%2e%%2e%%2fcorp.example" % MARK, 400),       # %2e%2e%2f: a path
    ("/probe?target=%s%%00.corp.example" % MARK, 400),              # %00
    ("/probe?target=%s%%40pc1.corp.example" % MARK, 400),           # %40 = @
    ("/probe?target=%s@pc1.corp.example" % MARK, 400),              # user@host
    ("/probe?target=pc1.corp.example/%s" % MARK, 400),              # a path
    ("/probe?target=rdp://%s.corp.example" % MARK, 400),            # a link
    ("/probe?target=%s.corp.example&target=pc2.corp.example" % MARK, 400),
    ("/probe?target=", 400),
    ("/probe?module=%s" % MARK, 400),                                # no target
    ("/probe?target=%s%s.corp.example" % (MARK, "a" * 2048), 400),   # 2 KB
    ("/probe?target=%%D0%%B0%s.corp.example" % MARK, 400),          # IDN, escaped UTF-8
    ("/probe?target=xn--pple-43d.corp.example", 403),               # look-alike, by a wildcard
    ("/probe?target=%s.corp.example%%0d%%0aX-Evil:%%20yes" % MARK, 400),
    ("/%s" % MARK, 404),
    ("/probe/%s" % MARK, 404),
]


def t_refusals():
    """Allow-list escapes and malformed queries: 400/403, one line, the
    raw target in no body, header or log line."""
    with Exporter("--allow", "*.corp.example", "--allow", "10.0.0.0/8") as exp:
        for path, want in REFUSED:
            status, headers, body = exp.request(path)
            check(status == want, "%s: %d, want %d: %r" % (path[:80], status, want, body))
            check(body.count("\n") == 1, "%s: not one line: %r" % (path[:80], body))
            check(MARK not in body, "%s: echoed in the body: %r" % (path[:80], body))
            for k, v in headers.items():
                check(MARK not in v and MARK not in k, "%s: echoed in %s" % (path[:80], k))
                check(k != "x-evil", "header injected")
        status, headers, body = exp.request("/probe?target=pc1.corp.example", method="POST")
        check(status == 405 and "GET" in headers.get("allow", ""), "POST: %d %r" % (status, headers))
        status, headers, body = exp.request("/metrics")
        check(status == 200, "/metrics: %d" % status)
        check(headers["content-type"] == "text/plain; version=0.0.4; charset=utf-8", headers["content-type"])
        n400 = sum(1 for _, s in REFUSED if s == 400)
        n403 = sum(1 for _, s in REFUSED if s == 403)
        for line in ('rdp_doctor_exporter_requests_rejected_total{code="400"} %d' % n400,
                     'rdp_doctor_exporter_requests_rejected_total{code="403"} %d' % n403,
                     'rdp_doctor_exporter_requests_rejected_total{code="404"} 2',
                     'rdp_doctor_exporter_requests_rejected_total{code="405"} 1',
                     'rdp_doctor_exporter_probes_running 0',
                     'rdp_doctor_exporter_probes_max 16'):
            check(line + "\n" in body, "/metrics lacks %r:\n%s" % (line, body))
        check("process_open_fds " in body and "process_resident_memory_bytes " in body, body)
        log = exp.stderr()
        # A 403 names the target as parsed (ASCII, canonical); a 400 never
        # says what was sent.
        for line in log.splitlines():
            check(line.isprintable(), "a non-printable in the log: %r" % line)
            check("(400)" not in line or MARK not in line, "the raw target in the log: %r" % line)
        check(log.count("probe refused") == n400 + n403, "one log line per refused probe:\n%s" % log)
        rc = exp.stop(signal.SIGTERM)
        check(rc == 0, "exit %r after SIGTERM" % rc)
    return "%d requests" % len(REFUSED)


def t_sigint():
    """SIGINT ends it cleanly too (exit 0)."""
    with Exporter("--allow", "*.corp.example") as exp:
        check(exp.request("/metrics")[0] == 200, "no /metrics")
        rc = exp.stop(signal.SIGINT)
        check(rc == 0, "exit %r after SIGINT" % rc)
    return None


def t_textfile_refusals():
    """--textfile: a folder that is missing or a file: exit 3 and a clear
    message before any check runs; bad combinations: exit 2."""
    with tempfile.TemporaryDirectory() as tmp:
        a_file = os.path.join(tmp, "plain")
        open(a_file, "w").close()
        for folder in (os.path.join(tmp, "missing"), a_file):
            res = subprocess.run([DOCTOR, "--headless", "--textfile", folder, "127.0.0.1:1"],
                                 capture_output=True, text=True, timeout=20)
            check(res.returncode == 3, "%s: exit %d %r" % (folder, res.returncode, res.stderr))
            check("--textfile" in res.stderr and res.stdout == "", res.stderr)
        for extra in (["--json"], ["--hosts-file", "/dev/null"], [], ["--per-address", "2"],
                      ["--count", "2"]):
            args = [DOCTOR, "--headless", "--textfile", tmp] + extra
            if extra != ["--hosts-file", "/dev/null"] and extra:
                args.append("127.0.0.1:1")
            res = subprocess.run(args, capture_output=True, text=True, timeout=20)
            check(res.returncode == 2, "%s: exit %d %r" % (extra, res.returncode, res.stderr))
        check(os.listdir(tmp) == ["plain"], "left files: %r" % os.listdir(tmp))
    return None


tests = [
    ("--exporter: bad options exit 2", t_bad_options),
    ("--exporter without --allow: 403 that says how to allow", t_no_allow),
    ("--exporter: escapes and malformed queries refused, never echoed", t_refusals),
    ("--exporter: SIGINT exits 0", t_sigint),
    ("--textfile: unwritable folder exit 3, bad combinations exit 2", t_textfile_refusals),
]

cli_tap.run(tests)
