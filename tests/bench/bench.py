#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""How quick and how small rdp-doctor is, beside nmap and xfreerdp on the
same hosts; `build-aux/dev bench` builds and runs it.

    bench.py [--runs N] [--slow-runs N] [--sweep-runs N] [--wizard-runs N]
             [--only healthy,silent,dropped,sweep,hosts,exporter,farm,memory,wizard]

Environment: RDP_DOCTOR (the program), RD_BUILD_DIR (the build tree: the
peak-rss helper and the GSettings schema). Needs root: everything runs in
two network namespaces of our own, joined by a veth pair:

    client  198.18.0.1   rdp-doctor, nmap, xfreerdp, the wizard, Xvfb
    host    198.18.0.2   xrdp on 3389 (healthy); the delaying relay on 3390
            198.18.0.3   a silent host: nftables drops every packet to it
            198.18.0.4   a dropped port: nftables drops TCP 3389, the rest answers

Each tool runs the same number of times, in turns (the order rotates), and
each scenario reports medians. Wall time is from spawning the tool to its
exit, through `ip netns exec` (a few ms, the same for every tool). Peak
memory is ru_maxrss, taken by the small peak-rss helper. This is a
benchmark, not a test: it prints numbers and marks each target met or
missed; its exit status is 0 unless it could not measure at all.

xfreerdp runs `+auth-only` as a dummy user ("bench", never a real
credential) on an Xvfb display it needs even then: its answer is a failure
of some kind, and what counts is how long it takes to give one. The wizard
runs as rdp-doctor-bench-wizard (tests/bench/rd-bench-wizard.c: the real
application with a probe attached from outside): it checks the host it
was given at once, prints when its first frame was painted, the longest
main-loop stall until the result is shown, and quits; under Xvfb once with
the renderer GTK picks (GL, on Mesa's software rasterizer here) and once
with cairo. It is started directly, not through rdp-doctor's exec()."""

import argparse
import contextlib
import json
import os
import re
import select
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lab"))
import labkit  # noqa: E402

# The lab's xrdp logs at DEBUG, and every log line costs this machine about
# 4 ms: 100+ ms for each connection, which would time xrdp's logging rather
# than the tools. A deployed xrdp logs at INFO (Debian's default).
labkit.XRDP_INI = labkit.XRDP_INI.replace("LogLevel=DEBUG", "LogLevel=INFO")

HEALTHY = labkit.HOST4          # 198.18.0.2
SILENT = "198.18.0.3"
DROPPED = "198.18.0.4"
RDP_PORT = 3389
RELAY_PORT = 3390
TIMEOUT_S = 5                   # rdp-doctor's --timeout (its default)
KILL_AFTER_S = 40               # any tool still running then is killed
RTTS_MS = (0, 20, 50, 100, 200)

NFT_RULES = """\
table inet rdbench {
  chain input {
    type filter hook input priority 0; policy accept;
    ip daddr %s drop
    ip daddr %s tcp dport %d drop
  }
}
""" % (SILENT, DROPPED, RDP_PORT)

TARGETS = []                    # (met, text), in the order measured


def target(met, text):
    TARGETS.append((met, text))


def log(msg):
    sys.stderr.write(msg + "\n")
    sys.stderr.flush()


def build_dir():
    return os.environ.get("RD_BUILD_DIR") or os.path.join(HERE, "..", "..", "_build")


def bench_program(name):
    path = os.path.join(build_dir(), "tests", "bench", name)
    if not os.access(path, os.X_OK):
        raise SystemExit("bench: %s is missing: build first (build-aux/dev bench does)" % path)
    return path


def peak_rss_helper():
    return bench_program("peak-rss")


def bench_wizard():
    """The wizard with the benchmark's probe (rd-bench-wizard.c)."""
    return bench_program("rdp-doctor-bench-wizard")


# ------------------------------------------------------------------ running a tool

class Result:
    """One run of one tool: wall (s), rc (None when killed), rss_kb, output."""

    def __init__(self, wall, rc, rss_kb, out, err, killed, started):
        self.wall, self.rc, self.rss_kb = wall, rc, rss_kb
        self.out, self.err, self.killed, self.started = out, err, killed, started


def measure(cmd, netns, env=None, limit=KILL_AFTER_S, scratch=None):
    rss_file = os.path.join(scratch, "rss")
    with contextlib.suppress(FileNotFoundError):
        os.unlink(rss_file)
    full = ["ip", "netns", "exec", netns, peak_rss_helper(), rss_file] + list(cmd)
    started = time.monotonic()
    p = subprocess.Popen(full, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, env=env, start_new_session=True,
                         preexec_fn=labkit._pdeathsig)
    killed = False
    try:
        out, err = p.communicate(timeout=limit)
    except subprocess.TimeoutExpired:
        killed = True
        with contextlib.suppress(ProcessLookupError):
            os.killpg(p.pid, signal.SIGKILL)
        out, err = p.communicate()
    wall = time.monotonic() - started
    rss_kb = None
    with contextlib.suppress(OSError):
        m = re.search(r"maxrss_kb=(\d+)", open(rss_file).read())
        rss_kb = int(m.group(1)) if m else None
    return Result(wall, None if killed else p.returncode, rss_kb,
                  out.decode("utf-8", "replace"), err.decode("utf-8", "replace"),
                  killed, started)


def doctor_env():
    env = dict(os.environ, LC_ALL="C.UTF-8", NO_AT_BRIDGE="1")
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    return env


class Tool:
    def __init__(self, name, argv, env, summarize):
        self.name, self.argv, self.env, self.summarize = name, argv, env, summarize


def summarize_doctor(res):
    try:
        report = json.loads(res.out)
    except ValueError:
        return "no report (exit %s)" % res.rc
    checks = [c for c in report.get("checks", []) if c.get("status") != "skip"]
    values = sum(len(json.dumps(c.get("evidence", {}))) > 2 for c in checks)
    cause = labkit.first_problem(report)
    slowest = max(checks, key=lambda c: c.get("duration_ms") or 0, default=None)
    return "%s%s; %d checks measured, %d with evidence; slowest %s %s ms" % (
        report.get("verdict"), ", " + cause["id"] if cause else "", len(checks), values,
        slowest.get("id") if slowest else "-", slowest.get("duration_ms") if slowest else "-")


def summarize_nmap(res):
    m = re.search(r"^%d/tcp\s+(\S+)" % RDP_PORT, res.out, re.M)
    state = m.group(1) if m else "no port line"
    scripts = re.findall(r"^\|[_ ]?([\w-]+):", res.out, re.M)
    lines = len(re.findall(r"^\|", res.out, re.M))
    return "%s; %s" % (state, ("%d script lines (%s)" % (lines, ", ".join(scripts)))
                       if scripts else "no script output")


def summarize_xfreerdp(res):
    codes = re.findall(r"\b(ERRCONNECT_\w+|ERRINFO_\w+)", res.out + res.err)
    msgs = re.findall(r"\[ERROR\]\[[\w.]+\] - (.*)", res.out + res.err)
    what = codes[-1] if codes else (msgs[-1][:60] if msgs else "")
    return "exit %s%s" % (res.rc, ": " + what if what else "")


# ------------------------------------------------------------------ lab pieces

@contextlib.contextmanager
def xvfb(netns):
    """An X server in the client namespace, on a display number it picks."""
    r, w = os.pipe()
    try:
        proc = labkit.spawn(["Xvfb", "-displayfd", str(w), "-screen", "0", "1280x1024x24",
                             "-nolisten", "tcp", "-noreset"], netns=netns, pass_fds=(w,))
    finally:
        os.close(w)
    try:
        number = b""
        deadline = time.monotonic() + 10
        while not number.endswith(b"\n") and time.monotonic() < deadline:
            ready, _, _ = select.select([r], [], [], max(0, deadline - time.monotonic()))
            chunk = os.read(r, 16) if ready else b""
            if not chunk:
                break
            number += chunk
        if not number.strip():
            raise RuntimeError("Xvfb did not start")
        yield ":" + number.decode().strip()
    finally:
        os.close(r)
        labkit.stop(proc, grace=2.0)


@contextlib.contextmanager
def relay(netns, delay_ms, scratch):
    ready = os.path.join(scratch, "relay-ready.json")
    with contextlib.suppress(FileNotFoundError):
        os.unlink(ready)
    proc = labkit.spawn([labkit.PYTHON, os.path.join(HERE, "..", "lab", "delay-relay.py"),
                         "--listen", "%s:%d" % (HEALTHY, RELAY_PORT),
                         "--target", "127.0.0.1:%d" % RDP_PORT,
                         "--delay-ms", str(delay_ms), "--ready-file", ready,
                         "--lifetime", "300"], netns=netns)
    try:
        deadline = time.monotonic() + 10
        while not os.path.exists(ready):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the delaying relay did not start")
            time.sleep(0.02)
        yield
    finally:
        labkit.stop(proc, grace=2.0)


# ------------------------------------------------------------------ formatting

def med(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def fmt_s(v, killed=False):
    if v is None:
        return "-"
    return (">" if killed else "") + ("%.2f s" % v)


def fmt_mib(kb):
    return "-" if kb is None else "%.1f MiB" % (kb / 1024.0)


def verdict(met):
    return "met" if met else "MISSED"


# ------------------------------------------------------------------ sections

def compare(title, tools, address, runs, scratch, rows):
    """Run every tool `runs` times in turns against `address`; a row each."""
    results = {t.name: [] for t in tools}
    for i in range(runs):
        order = tools[i % len(tools):] + tools[:i % len(tools)]
        for tool in order:
            res = measure(tool.argv(address), LAB.client, env=tool.env, scratch=scratch)
            results[tool.name].append(res)
            log("  %-16s %-10s run %d: %.2f s%s" % (title, tool.name, i + 1, res.wall,
                                                    " (killed)" if res.killed else ""))
    medians = {name: med([r.wall for r in rs]) for name, rs in results.items()}
    base = medians[tools[0].name]
    for tool in tools:
        rs = results[tool.name]
        m = medians[tool.name]
        killed = any(r.killed for r in rs)
        ratio = base / m if m else None
        rows.append((title, tool.name, fmt_s(m, killed and all(r.killed for r in rs)),
                     " ".join("%.2f" % r.wall + ("k" if r.killed else "") for r in rs),
                     "%.2f" % ratio if ratio is not None else "-",
                     fmt_mib(med([r.rss_kb for r in rs])),
                     tool.summarize(rs[-1])))
    return medians, results


def section_compare(args, scratch, display):
    prog = labkit.doctor_path()
    home = os.path.join(scratch, "home")
    os.makedirs(home, exist_ok=True)
    x_env = dict(os.environ, DISPLAY=display or "", HOME=home, XDG_CONFIG_HOME=os.path.join(home, ".config"))
    tools = [Tool("rdp-doctor", lambda a: [prog, "--headless", a, "--json", "--timeout", str(TIMEOUT_S)],
                  doctor_env(), summarize_doctor)]
    if shutil.which("nmap"):
        tools.append(Tool("nmap", lambda a: ["nmap", "-Pn", "-n", "-p", str(RDP_PORT), "--script",
                                             "rdp-enum-encryption,rdp-ntlm-info,ssl-cert", a],
                          dict(os.environ), summarize_nmap))
    else:
        log("bench: nmap is not installed: no nmap rows")
    if shutil.which("xfreerdp") and display:
        # A dummy account: the answer is an authentication failure; what
        # counts is how long it takes to get one.
        tools.append(Tool("xfreerdp", lambda a: ["xfreerdp", "/v:%s" % a, "+auth-only", "/u:bench",
                                                 "/p:bench", "/cert:ignore"],
                          x_env, summarize_xfreerdp))
    else:
        log("bench: xfreerdp or Xvfb is missing: no xfreerdp rows")

    rows = []
    out = {}
    scenarios = [("healthy", "healthy xrdp", HEALTHY, args.runs),
                 ("silent", "silent host", SILENT, args.slow_runs),
                 ("dropped", "dropped port", DROPPED, args.slow_runs)]
    for key, title, address, runs in scenarios:
        if key not in args.only:
            continue
        log("== %s (%s), %d runs each" % (title, address, runs))
        out[key] = compare(title, tools, address, runs, scratch, rows)
    return rows, out


def section_sweep(args, scratch):
    """Total time per injected RTT. The target is judged on the median; the
    round trips it implies are counted from the quickest runs, which show the
    critical path without the lab's lost SYNs: xrdp listens with a backlog
    of 2 and, on a loaded machine, the relay's burst of upstream connects
    overflows it, costing the relay a one-second SYN retransmission that no
    client can shorten from the far side of the relay."""
    prog = labkit.doctor_path()
    rows = []
    base = None
    log("== round-trip sweep through the delaying relay, %d runs each" % args.sweep_runs)
    for rtt in RTTS_MS:
        with relay(LAB.host, rtt / 2.0, scratch):
            runs = []
            for i in range(args.sweep_runs):
                res = measure([prog, "--headless", "%s:%d" % (HEALTHY, RELAY_PORT), "--json",
                               "--timeout", str(TIMEOUT_S)], LAB.client, env=doctor_env(),
                              scratch=scratch)
                runs.append(res)
                log("  rtt %3d ms run %d: %.3f s; %s" % (rtt, i + 1, res.wall, summarize_doctor(res)))
        total = med([r.wall for r in runs])
        best = min(r.wall for r in runs)
        if base is None:
            base = best
        stalled = sum(1 for r in runs if r.wall > best + 0.8)
        measured = None
        verdicts = set()
        with contextlib.suppress(Exception):
            report = json.loads(runs[-1].out)
            measured = labkit.find_check(report, "latency")["evidence"].get("rtt_ms")
        for r in runs:
            with contextlib.suppress(Exception):
                verdicts.add(json.loads(r.out)["verdict"])
        implied = (best - base) * 1000.0 / rtt if rtt else None
        limit = (8 * rtt + 150) / 1000.0
        met = total <= limit
        target(met, "rtt %3d ms: total %.0f ms (median) <= 8 RTT + 150 ms = %.0f ms"
               % (rtt, total * 1000, limit * 1000))
        rows.append((rtt, "%.0f" % (total * 1000), "%.0f" % (best * 1000),
                     " ".join("%.0f" % (r.wall * 1000) for r in runs),
                     "%d" % stalled, "-" if implied is None else "%.1f" % implied,
                     "%.0f" % (base * 1000 + 5 * rtt), "%.0f" % (limit * 1000),
                     "-" if measured is None else measured,
                     ",".join(sorted(verdicts)) or "?", verdict(met)))
    return rows


HOSTS_SIZES = (500, 5000, 20000)
FARM_SIZE = 100
FARM_JOBS = 32
NMAP_FARM_SCRIPTS = "rdp-enum-encryption,rdp-ntlm-info,ssl-cert"   # as the comparison above


def farm_counts(out):
    """Verdicts of a --json sweep: healthy, or the first problem's id;
    and how many lines were checked again alone, by what the first try saw."""
    counts, retested = {}, {}
    for line in out.splitlines():
        try:
            report = json.loads(line)
        except ValueError:
            continue
        if "verdict" not in report:
            key = "error"
        elif report["verdict"] == "healthy":
            key = "healthy"
        else:
            cause = labkit.first_problem(report)
            key = cause["id"] if cause else report["verdict"]
        counts[key] = counts.get(key, 0) + 1
        first = (report.get("retested") or {}).get("first")
        if first:
            retested[first] = retested.get(first, 0) + 1
    return counts, retested


def nmap_counts(out):
    """nmap's answer per host: the port's state, and whether its RDP
    scripts got an answer from RDP (rdp-enum-encryption's table)."""
    counts = {}
    for block in re.split(r"^Nmap scan report for ", out, flags=re.M)[1:]:
        m = re.search(r"^%d/tcp\s+(\S+)" % RDP_PORT, block, re.M)
        state = m.group(1) if m else "no port line"
        if state == "open" and "rdp-enum-encryption" in block and "Security layer" in block:
            state = "open, RDP answered"
        counts[state] = counts.get(state, 0) + 1
    return counts


def fmt_counts(counts):
    return ", ".join("%d %s" % (n, k) for k, n in sorted(counts.items(), key=lambda kv: -kv[1])) or "-"


def section_farm(args, scratch):
    """One xrdp (fork=True, as deployed) in a loopback-only namespace of its
    own, listening on every address: 127.0.0.1 to 127.0.0.100 all lead to
    it, as the hosts of a farm behind one address, or one overloaded host,
    look. The same list swept with --jobs 32 with the polite defaults, with
    the bound on connects per address off (--per-address 0), and scanned by
    nmap with its three RDP scripts. Goal: every line healthy, in less
    time than nmap."""
    prog = labkit.doctor_path()
    rows = []
    path = os.path.join(scratch, "farm.txt")
    with open(path, "w") as f:
        for i in range(FARM_SIZE):
            f.write("127.0.0.%d\n" % (i + 1))
    log("== a farm: %d addresses leading to one xrdp, --jobs %d, beside nmap" % (FARM_SIZE, FARM_JOBS))
    with labkit.loopback_ns() as ns, labkit.xrdp_server("negotiate", port=RDP_PORT, netns=ns, fork=True):
        if ns is None:
            log("bench: no namespace for the farm")
            return rows
        tools = [("rdp-doctor (polite defaults)",
                  [prog, "--headless", "--hosts-file", path, "--json", "--jobs", str(FARM_JOBS)]),
                 ("rdp-doctor --per-address 0",
                  [prog, "--headless", "--hosts-file", path, "--json", "--jobs", str(FARM_JOBS),
                   "--per-address", "0"])]
        if shutil.which("nmap"):
            tools.append(("nmap", ["nmap", "-Pn", "-n", "-p", str(RDP_PORT), "--script", NMAP_FARM_SCRIPTS,
                                   "-iL", path]))
        doctor_wall = nmap_wall = None
        for name, cmd in tools:
            res = measure(cmd, ns, env=doctor_env() if name != "nmap" else dict(os.environ),
                          limit=300, scratch=scratch)
            if name == "nmap":
                counts, retested = nmap_counts(res.out), {}
                nmap_wall = res.wall
            else:
                counts, retested = farm_counts(res.out)
                if doctor_wall is None:
                    doctor_wall, doctor_counts = res.wall, counts
            log("  %s: %.1f s, %s%s" % (name, res.wall, fmt_counts(counts),
                                       "; tried again alone: " + fmt_counts(retested) if retested else ""))
            rows.append((name, fmt_s(res.wall, res.killed), fmt_counts(counts),
                         fmt_counts(retested) if name != "nmap" else "-", fmt_mib(res.rss_kb)))
    if doctor_wall is not None:
        target(doctor_counts.get("healthy", 0) == FARM_SIZE,
               "farm: %d of %d lines healthy with the polite defaults"
               % (doctor_counts.get("healthy", 0), FARM_SIZE))
    if doctor_wall is not None and nmap_wall is not None:
        target(doctor_wall < nmap_wall, "farm: rdp-doctor %.1f s < nmap's %.1f s" % (doctor_wall, nmap_wall))
    return rows


def section_hosts(args, scratch):
    """Peak RSS of a --hosts-file sweep by the list's length: the lines are
    closed ports on the client's own loopback (refused at once), so the
    numbers are the sweep's own bookkeeping, the reports it keeps and lets
    go, not the network's."""
    prog = labkit.doctor_path()
    rows = []
    base = None
    log("== --hosts-file sweeps of %s closed loopback ports, --jobs 32" % "/".join(map(str, HOSTS_SIZES)))
    for n in HOSTS_SIZES:
        path = os.path.join(scratch, "hosts-%d.txt" % n)
        with open(path, "w") as f:
            for i in range(n):
                f.write("127.0.0.%d:1\n" % (1 + i % 200))
        res = measure([prog, "--headless", "--hosts-file", path, "--json", "--jobs", "32", "--timeout", "1"],
                      LAB.client, env=doctor_env(), limit=600, scratch=scratch)
        lines = len(res.out.splitlines())
        base = base or res.rss_kb
        log("  %5d hosts: %.1f s, %s, %d lines" % (n, res.wall, fmt_mib(res.rss_kb), lines))
        rows.append((n, "%.1f" % res.wall, fmt_mib(res.rss_kb),
                     "-" if not base or not res.rss_kb else "%.2fx" % (res.rss_kb / base),
                     "%d" % lines, "ok" if lines == n else "lines missing"))
    if base and res.rss_kb:
        target(res.rss_kb <= 2 * base, "--hosts-file: peak RSS at %d hosts (%s) within 2x that at %d (%s)"
               % (HOSTS_SIZES[-1], fmt_mib(res.rss_kb), HOSTS_SIZES[0], fmt_mib(base)))
    return rows


EXPORTER_CONCURRENCY = (1, 16, 64)
EXPORTER_MAX_PROBES = 16

# Fires ROUNDS rounds of N requests at once (threads) and prints, as JSON,
# [status, seconds] for each. Runs in the client namespace.
EXPORTER_CLIENT = r"""
import http.client, json, sys, threading, time
port, path, n, rounds = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
out = []
def one():
    t = time.monotonic()
    try:
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        c.request("GET", path, headers={"X-Prometheus-Scrape-Timeout-Seconds": "10"})
        r = c.getresponse(); r.read(); c.close()
        out.append([r.status, time.monotonic() - t])
    except OSError:
        out.append([0, time.monotonic() - t])
for _ in range(rounds):
    ts = [threading.Thread(target=one) for _ in range(n)]
    [t.start() for t in ts]
    [t.join(90) for t in ts]
print(json.dumps(out))
"""


def p95(values):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(0.95 * (len(values) - 1))))] if values else None


def section_exporter(args, scratch):
    """`--exporter`'s /probe latency with 1, 16 and 64 requests at once
    against a healthy fault host (tls-ok) on the client's loopback, with
    --max-probes 16: the median and 95th percentile of the answered ones,
    and how many got 503 at once."""
    rows = []
    log("== --exporter /probe at %s concurrent requests, --max-probes %d"
        % ("/".join(map(str, EXPORTER_CONCURRENCY)), EXPORTER_MAX_PROBES))
    port = labkit.free_port()
    errlog = open(os.path.join(scratch, "exporter.log"), "wb")
    with labkit.fault_host(["tls-ok"], netns=LAB.client) as fh:
        p = labkit.spawn([labkit.doctor_path(), "--exporter", "127.0.0.1:%d" % port, "--allow", "127.0.0.1/32:*",
                          "--max-probes", str(EXPORTER_MAX_PROBES)], netns=LAB.client, stderr=errlog,
                         env={"MALLOC_PERTURB_": "0"})
        try:
            if not labkit.wait_port("127.0.0.1", port, timeout=10, netns=LAB.client, proc=p):
                log("  the exporter did not start")
                return rows
            path = "/probe?target=127.0.0.1:%d" % fh["tls-ok"]
            for n in EXPORTER_CONCURRENCY:
                rounds = 10 if n == 1 else 3
                res = labkit.run([labkit.PYTHON, "-c", EXPORTER_CLIENT, str(port), path, str(n), str(rounds)],
                                 timeout=300, netns=LAB.client)
                answers = json.loads(res.stdout)
                ok = [t for s, t in answers if s == 200]
                busy = sum(1 for s, _ in answers if s == 503)
                other = len(answers) - len(ok) - busy
                log("  %2d at once: %d requests, median %s, p95 %s, %d x 503, %d other"
                    % (n, len(answers), fmt_s(med(ok)), fmt_s(p95(ok)), busy, other))
                rows.append(("%d" % n, "%d" % len(answers), fmt_s(med(ok)), fmt_s(p95(ok)),
                             "%d" % busy, "%d" % other))
        finally:
            labkit.stop(p)
            errlog.close()
    if rows:
        target(rows[-1][5] == "0", "--exporter: every request at 64 at once answered 200 or 503")
    return rows


def wizard_env(display, renderer):
    env = dict(os.environ, DISPLAY=display, GDK_BACKEND="x11",
               GSETTINGS_BACKEND="memory", NO_AT_BRIDGE="1", LC_ALL="C.UTF-8",
               GSETTINGS_SCHEMA_DIR=os.path.join(build_dir(), "resources"),
               # no session bus: the application stays local
               DBUS_SESSION_BUS_ADDRESS="disabled:",
               XDG_RUNTIME_DIR=labkit.tempdir("wizard-run"))
    env.pop("WAYLAND_DISPLAY", None)
    if renderer:
        env["GSK_RENDERER"] = renderer
    else:
        env.pop("GSK_RENDERER", None)
    return env


def section_wizard(args, scratch, display):
    prog = bench_wizard()
    rows = []
    for renderer in ("", "cairo"):
        env = wizard_env(display, renderer)
        runs = []
        log("== wizard, full run against %s (GSK_RENDERER=%s), %d runs"
            % (HEALTHY, renderer or "default", args.wizard_runs))
        for i in range(args.wizard_runs):
            res = measure([prog, HEALTHY], LAB.client, env=env, scratch=scratch, limit=60)
            m = re.search(r"rdp-doctor-bench: (.*)", res.err)
            fields = dict(kv.split("=", 1) for kv in m.group(1).split()) if m else {}
            if not fields:
                log("  run %d: no probe line (exit %s): %s" % (i + 1, res.rc, res.err.strip()[-300:]))
                continue
            first_ms = int(fields["first-frame-us"]) / 1000.0 - res.started * 1000.0
            done_ms = int(fields["done-us"]) / 1000.0 - res.started * 1000.0
            runs.append((first_ms, float(fields["longest-stall-ms"]), done_ms, res.rss_kb,
                         fields.get("renderer", "?"), float(fields.get("stall-cpu-ms", "nan"))))
            log("  run %d: first frame %.0f ms, longest stall %s ms (%s ms of it on the CPU, %s ms"
                " after the first frame), result at %.0f ms, %s"
                % (i + 1, first_ms, fields["longest-stall-ms"], fields.get("stall-cpu-ms"),
                   fields.get("stall-at-ms"), done_ms, fmt_mib(res.rss_kb)))
        if not runs:
            rows.append((renderer or "default", None, None, None, None, None, "no run finished"))
            continue
        first = med([r[0] for r in runs])
        stall = med([r[1] for r in runs])
        worst = max(r[1] for r in runs)
        rows.append((renderer or "default", first, stall, worst, med([r[2] for r in runs]),
                     max((r[3] or 0) for r in runs), runs[-1][4], med([r[5] for r in runs])))
        what = "wizard (%s)" % runs[-1][4]
        target(first <= 500, "%s: startup to first frame %.0f ms <= 500 ms" % (what, first))
        target(stall <= 50, "%s: longest main-loop stall %.1f ms <= 50 ms (median; worst %.1f)"
               % (what, stall, worst))
    return rows


def section_memory(compare_out):
    """Headless peak RSS from the healthy runs (each run is measured)."""
    healthy = compare_out.get("healthy")
    if not healthy:
        return None
    rss = [r.rss_kb for r in healthy[1]["rdp-doctor"] if r.rss_kb]
    if not rss:
        return None
    peak = max(rss)
    target(peak <= 20 * 1024, "headless peak RSS %.1f MiB <= 20 MiB (healthy host, worst of %d runs)"
           % (peak / 1024.0, len(rss)))
    return peak


# ------------------------------------------------------------------ main

LAB = None


def print_table(headers, rows):
    widths = [max(len(str(h)), *(len(str(r[i])) for r in rows)) if rows else len(str(h))
              for i, h in enumerate(headers)]
    line = "  ".join("%-*s" % (w, h) for w, h in zip(widths, headers))
    print(line.rstrip())
    print("  ".join("-" * w for w in widths))
    for r in rows:
        print("  ".join("%-*s" % (w, c) for w, c in zip(widths, r)).rstrip())


def main():
    global LAB
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5, help="runs per tool on the healthy host")
    ap.add_argument("--slow-runs", type=int, default=3, help="runs per tool on the silent host and the dropped port")
    ap.add_argument("--sweep-runs", type=int, default=5, help="runs per round-trip time")
    ap.add_argument("--wizard-runs", type=int, default=3)
    ap.add_argument("--only", default="healthy,silent,dropped,sweep,hosts,exporter,farm,memory,wizard")
    args = ap.parse_args()
    args.only = set(args.only.split(","))
    for n in ("runs", "slow_runs", "sweep_runs", "wizard_runs"):
        if not 1 <= getattr(args, n) <= 50:
            ap.error("--%s takes 1 to 50" % n.replace("_", "-"))

    reason = labkit.netns_available()
    if reason:
        raise SystemExit("bench: %s" % reason)
    labkit.doctor_path()
    peak_rss_helper()
    if "wizard" in args.only:
        bench_wizard()
    load_before = os.getloadavg()
    started = time.monotonic()

    compare_rows, sweep_rows, wizard_rows, hosts_rows, compare_out = [], [], [], [], {}
    exporter_rows = []
    farm_rows = []
    with labkit.session(), labkit.netns_lab() as lab, \
            lab.xrdp_server("negotiate", port=RDP_PORT, fork=True):
        LAB = lab
        for address in (SILENT, DROPPED):
            labkit.run(["ip", "-n", lab.host, "addr", "add", address + "/24", "dev", "eth0"])
        lab.nft(NFT_RULES)
        # The kernel answers a closed UDP port with at most one ICMP error a
        # second per peer; runs back to back would then find UDP silent and
        # wait for the doctor's second SYN. One person runs it once.
        labkit.run(["ip", "netns", "exec", lab.host, "sysctl", "-q", "-w",
                    "net.ipv4.icmp_ratelimit=0", "net.ipv6.icmp.ratelimit=0"])
        scratch = labkit.tempdir("bench")
        need_x = shutil.which("Xvfb") is not None
        with (xvfb(lab.client) if need_x else contextlib.nullcontext(None)) as display:
            if args.only & {"healthy", "silent", "dropped", "memory"}:
                compare_rows, compare_out = section_compare(args, scratch, display)
            if "sweep" in args.only:
                sweep_rows = section_sweep(args, scratch)
            if "hosts" in args.only:
                hosts_rows = section_hosts(args, scratch)
            if "exporter" in args.only:
                exporter_rows = section_exporter(args, scratch)
            if "farm" in args.only:
                farm_rows = section_farm(args, scratch)
            if "wizard" in args.only and display:
                wizard_rows = section_wizard(args, scratch, display)

    # targets from the comparison
    healthy = compare_out.get("healthy")
    if healthy and "nmap" in healthy[0]:
        d, n = healthy[0]["rdp-doctor"], healthy[0]["nmap"]
        target(d <= 0.25 * n, "healthy: rdp-doctor %.2f s <= 0.25 x nmap's %.2f s (%.2fx)" % (d, n, d / n))
    for key in ("silent", "dropped"):
        if key in compare_out:
            d = compare_out[key][0]["rdp-doctor"]
            target(d <= 1.2 * TIMEOUT_S, "%s: rdp-doctor answered in %.2f s <= 1.2 x its %d s timeout"
                   % (key, d, TIMEOUT_S))
    peak = section_memory(compare_out) if "memory" in args.only else None

    load_after = os.getloadavg()
    print()
    print("rdp-doctor bench: %s; %d cores, load average %.1f at the start, %.1f at the end; %.0f s"
          % (time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), os.cpu_count() or 0,
             load_before[0], load_after[0], time.monotonic() - started))
    if compare_rows:
        print()
        print("Time to an answer (medians; the doctor's --timeout is %d s; k = killed at %d s)"
              % (TIMEOUT_S, KILL_AFTER_S))
        print_table(("scenario", "tool", "median", "runs (s)", "doctor/tool", "peak RSS", "answer (last run)"),
                    compare_rows)
    if sweep_rows:
        print()
        print("Round trips: rdp-doctor against %s:%d through the delaying relay (half the RTT each way;"
              % (HEALTHY, RELAY_PORT))
        print("the relay delays data, not TCP handshakes)")
        print_table(("RTT ms", "median ms", "best ms", "runs ms", "1 s stalls", "implied RTTs (best)",
                     "best0 + 5 RTT", "8 RTT + 150", "doctor saw RTT ms", "verdict", "target"),
                    sweep_rows)
    if hosts_rows:
        print()
        print("Sweeps of a hosts list (--hosts-file, --jobs 32, closed loopback ports): peak RSS by length")
        print_table(("hosts", "wall s", "peak RSS", "vs first", "lines", "output"), hosts_rows)
    if exporter_rows:
        print()
        print("--exporter /probe latency against a healthy loopback fault host (--max-probes %d)"
              % EXPORTER_MAX_PROBES)
        print_table(("at once", "requests", "median", "p95", "503", "other"), exporter_rows)
    if farm_rows:
        print()
        print("A farm: %d addresses (127.0.0.1-%d) leading to one xrdp, --jobs %d; nmap -p %d --script %s"
              % (FARM_SIZE, FARM_SIZE, FARM_JOBS, RDP_PORT, NMAP_FARM_SCRIPTS))
        print_table(("tool", "wall", "verdicts", "tried again alone (first try)", "peak RSS"), farm_rows)
    if peak is not None or wizard_rows:
        print()
        print("Memory and the wizard")
        rows = []
        if peak is not None:
            rows.append(("headless, healthy host", "-", "-", "-", "-", "-", fmt_mib(peak)))
        for r in wizard_rows:
            if r[1] is None:
                rows.append(("wizard (%s)" % r[0], "-", "-", "-", "-", "-", r[6]))
                continue
            rows.append(("wizard, full run (%s)" % r[6], "%.0f ms" % r[1], "%.1f ms" % r[2],
                         "%.1f ms" % r[7], "%.1f ms" % r[3], "%.0f ms" % r[4], fmt_mib(r[5])))
        print_table(("program", "first frame", "longest stall", "of it on CPU", "worst stall",
                     "result shown", "peak RSS"), rows)
        if wizard_rows:
            print("(times from spawning the program; a stall is how late a 10 ms high-priority"
                  " timeout ran, medians of the runs)")
    print()
    print("Targets")
    for met, text in TARGETS:
        print("  [%s] %s" % ("met" if met else "MISSED", text))
    print("%d met, %d missed" % (sum(1 for m, _ in TARGETS if m), sum(1 for m, _ in TARGETS if not m)))
    if load_before[0] > 1.0 or load_after[0] > 1.0:
        print("Note: the machine was busy (load average above 1 on %d cores): times are noisy."
              % (os.cpu_count() or 0))
    return 0


if __name__ == "__main__":
    sys.exit(main())
