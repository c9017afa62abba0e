#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""`rdp-doctor --exporter` scraped by a real Prometheus (Debian's
/usr/bin/prometheus) with the blackbox-style relabelling, against the
scripted fault host: a healthy host (tls-ok: probe_success 1, no cause of
severity error), one that offers only old RDP security (legacy: 1, cause
negotiation-ssl-not-allowed, a warning), a silent one (silence: 0,
handshake-timeout) and a closed port (0, port-refused), read back through
Prometheus' HTTP API. Then 400 requests, 200 at a time (ab), against
--max-probes 16 and the silent host: no crash, 503s counted, open fds and
resident memory after the load within a small bound of before, and it
still answers. SIGTERM while probes run: exit 0. --textfile: the file
replaced atomically with the right series. Everything runs in a
loopback-only network namespace when it can. Prints TAP."""

import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
sys.path.insert(0, os.path.join(here, "..", "cli"))
import exporter_client  # noqa: E402
import labkit  # noqa: E402

MODES = ["tls-ok", "legacy", "silence"]
PROMETHEUS = shutil.which("prometheus") or "/usr/bin/prometheus"
SCRAPE_S = 2            # scrape interval and timeout: the probe gets 1.75 s
QUERY_WAIT_S = 40
# meson test sets MALLOC_PERTURB_: glibc then writes over every block it
# hands out and takes back, which makes freed pages resident and the RSS
# of the load test climb with nothing leaked. The memory measured is the
# program's own.
MEASURED_ENV = {"MALLOC_PERTURB_": "0"}
# How much the resident memory may grow over two bursts after the first.
# In the AddressSanitizer build freed memory waits in ASan's quarantine
# (256 MB by default) before it is reused: the bound holds with that room.
RSS_GROWTH_KB = 4 * 1024 + (384 * 1024 if "ASAN_OPTIONS" in os.environ else 0)

stack = contextlib.ExitStack()
ns = labkit.Lazy(stack, labkit.loopback_ns)
host = labkit.Lazy(stack, lambda: labkit.fault_host(MODES, netns=ns.get()))

# A request sent byte for byte from inside the namespace; prints
# [status, headers, body] as JSON.
CLIENT = r'''
import http.client, json, sys
c = http.client.HTTPConnection("127.0.0.1", int(sys.argv[1]), timeout=float(sys.argv[4]))
c.putrequest("GET", sys.argv[2], skip_accept_encoding=True)
for k, v in json.loads(sys.argv[3]).items():
    c.putheader(k, v)
c.endheaders()
r = c.getresponse()
print(json.dumps([r.status, dict((k.lower(), v) for k, v in r.getheaders()),
                  r.read().decode("utf-8", "replace")]))
'''


def http_get(port, path, headers=None, timeout=60.0):
    res = labkit.run([labkit.PYTHON, "-c", CLIENT, str(port), path, json.dumps(headers or {}),
                      str(timeout)], timeout=timeout + 10, netns=ns.get())
    return json.loads(res.stdout)


def closed_port():
    return labkit.free_port()


class Exp:
    def __init__(self, port, proc, errlog):
        self.port, self.proc, self.errlog = port, proc, errlog

    def log(self):
        with open(self.errlog, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def metric(self, line_prefix):
        body = http_get(self.port, "/metrics")[2]
        for line in body.splitlines():
            if line.startswith(line_prefix + " "):
                return float(line.split()[-1])
        raise AssertionError("no %s in /metrics:\n%s" % (line_prefix, body))


@contextlib.contextmanager
def exporter(*args, env=None):
    port = labkit.free_port()
    tmp = labkit.tempdir("exp")
    errlog = os.path.join(tmp, "stderr.log")
    with open(errlog, "wb") as ef:
        p = labkit.spawn([labkit.doctor_path(), "--exporter", "127.0.0.1:%d" % port] + list(args),
                         netns=ns.get(), stderr=ef, env=env)
    exp = Exp(port, p, errlog)
    try:
        deadline = time.monotonic() + 10
        while "Listening on" not in exp.log():
            labkit.check(p.poll() is None, "exporter exited %s: %s" % (p.poll(), exp.log()))
            labkit.check(time.monotonic() < deadline, "exporter not listening: " + exp.log())
            time.sleep(0.05)
        yield exp
    finally:
        labkit.stop(p)
        try:
            labkit.check_no_sanitizer_report(exp.log(), ["rdp-doctor", "--exporter"] + list(args))
        finally:
            labkit.remove_tempdir(tmp)


@contextlib.contextmanager
def prometheus(exporter_port, targets):
    tmp = labkit.tempdir("prom")
    port = labkit.free_port()
    config = os.path.join(tmp, "prometheus.yml")
    with open(config, "w") as f:
        f.write("""global:
  scrape_interval: %(s)ds
  scrape_timeout: %(s)ds
scrape_configs:
  - job_name: rdp
    metrics_path: /probe
    static_configs:
      - targets: [%(targets)s]
    relabel_configs:
      - source_labels: [__address__]
        target_label: __param_target
      - source_labels: [__param_target]
        target_label: instance
      - target_label: __address__
        replacement: 127.0.0.1:%(exporter)d
""" % {"s": SCRAPE_S, "targets": ", ".join("'%s'" % t for t in targets), "exporter": exporter_port})
    errlog = os.path.join(tmp, "stderr.log")
    with open(errlog, "wb") as ef:
        p = labkit.spawn([PROMETHEUS, "--config.file=" + config,
                          "--storage.tsdb.path=" + os.path.join(tmp, "data"),
                          "--web.listen-address=127.0.0.1:%d" % port,
                          "--web.console.templates=" + tmp, "--web.console.libraries=" + tmp,
                          "--log.level=warn"], netns=ns.get(), stderr=ef)
    try:
        deadline = time.monotonic() + 30
        while True:
            labkit.check(p.poll() is None, "prometheus exited %s: %s" % (p.poll(), open(errlog).read()[-1500:]))
            try:
                if http_get(port, "/-/ready", timeout=2)[0] == 200:
                    break
            except (RuntimeError, ValueError):
                pass
            labkit.check(time.monotonic() < deadline, "prometheus not ready: " + open(errlog).read()[-1500:])
            time.sleep(0.3)
        yield port
    finally:
        labkit.stop(p, grace=5.0)
        labkit.remove_tempdir(tmp)


def query(port, expr):
    status, _, body = http_get(port, "/api/v1/query?query=" + expr)
    labkit.check_eq(status, 200, "query " + expr, body)
    return json.loads(body)["data"]["result"]


def t_prometheus():
    """Prometheus scrapes /probe for four hosts; its API gives
    probe_success and the cause per host."""
    ports = host.get()
    closed = closed_port()
    want = {  # instance -> (success, cause id or None, its severity)
        "127.0.0.1:%d" % ports["tls-ok"]: (1, None, None),
        "127.0.0.1:%d" % ports["legacy"]: (1, "negotiation-ssl-not-allowed", "warning"),
        "127.0.0.1:%d" % ports["silence"]: (0, "handshake-timeout", "error"),
        "127.0.0.1:%d" % closed: (0, "port-refused", "error"),
    }
    with exporter("--allow", "127.0.0.1/32:*") as exp, prometheus(exp.port, list(want)) as prom:
        deadline = time.monotonic() + QUERY_WAIT_S
        while True:
            success = {r["metric"]["instance"]: int(float(r["value"][1]))
                       for r in query(prom, "rdp_doctor_probe_success")}
            causes = {}
            for r in query(prom, "rdp_doctor_cause"):
                causes.setdefault(r["metric"]["instance"], {})[r["metric"]["id"]] = r["metric"]["severity"]
            if all(i in success for i in want) and \
               all(c is None or c in causes.get(i, {}) for i, (_, c, _) in want.items()):
                break
            labkit.check(time.monotonic() < deadline,
                         "not all in Prometheus after %d s: success %r causes %r\nexporter log:\n%s"
                         % (QUERY_WAIT_S, success, causes, exp.log()[-2000:]))
            time.sleep(0.5)
        for instance, (ok, cause, severity) in want.items():
            labkit.check_eq(success[instance], ok, "probe_success of " + instance, repr(causes))
            if cause is not None:
                labkit.check_eq(causes[instance][cause], severity, "severity of %s on %s" % (cause, instance))
            else:
                errors = [c for c, s in causes.get(instance, {}).items() if s == "error"]
                labkit.check(not errors, "%s: error causes %r" % (instance, errors))
        durations = query(prom, "rdp_doctor_probe_duration_seconds")
        labkit.check(all(0 < float(r["value"][1]) < SCRAPE_S for r in durations), repr(durations))
        tls = query(prom, "rdp_doctor_tls_cert_not_after_seconds")
        labkit.check(any(r["metric"]["instance"] == "127.0.0.1:%d" % ports["tls-ok"] and
                         float(r["value"][1]) > time.time() for r in tls),
                     "no certificate end for tls-ok: %r" % tls)
        # The log: one line per probe, no raw request.
        for line in exp.log().splitlines():
            labkit.check(line.isprintable(), "log line %r" % line)
    return "; ".join("%s=%d%s" % (i.split(":")[1], s, "" if c is None else " " + c)
                     for i, (s, c, _) in want.items())


def ab_run(exp, target, n, c, timeout_s):
    res = labkit.run(["ab", "-q", "-n", str(n), "-c", str(c), "-s", "60",
                      "-H", "X-Prometheus-Scrape-Timeout-Seconds: %s" % timeout_s,
                      "http://127.0.0.1:%d/probe?target=%s" % (exp.port, target)],
                     timeout=240, netns=ns.get(), check_rc=False)
    labkit.check(res.returncode == 0, "ab: exit %d: %s\nexporter (%s): %s"
                 % (res.returncode, (res.stderr or res.stdout)[-800:], exp.proc.poll(), exp.log()[-1500:]))
    complete = int(re.search(r"Complete requests:\s+(\d+)", res.stdout).group(1))
    failed = int(re.search(r"Failed requests:\s+(\d+)", res.stdout).group(1))
    m = re.search(r"Non-2xx responses:\s+(\d+)", res.stdout)
    return complete, failed, int(m.group(1)) if m else 0


def wait_idle(exp, limit=30.0):
    deadline = time.monotonic() + limit
    while exp.metric("rdp_doctor_exporter_probes_running") > 0:
        labkit.check(time.monotonic() < deadline, "probes still running after %.0f s" % limit)
        time.sleep(0.2)


def settled_fds(pid, base, limit=5.0):
    """The exporter's open fds once the closing connections are gone: at
    most @base + 2 within @limit seconds, else what there is then."""
    deadline = time.monotonic() + limit
    while True:
        n = exporter_client.fd_count(pid)
        if n <= base + 2 or time.monotonic() > deadline:
            return n
        time.sleep(0.2)


def t_load():
    """400 requests, 200 at a time, --max-probes 16, a silent host (each
    probe lasts its 1.75 s): 503s counted and > 0, no crash, and after a
    first burst (the allocator's arenas and libsoup's buffers grow to
    their working size), two more leave fds and memory where they were;
    it still answers."""
    with labkit.fault_host(["silence"], netns=ns.get()) as silent, \
         exporter("--allow", "127.0.0.1/32:*", "--max-probes", "16", env=MEASURED_ENV) as exp:
        target = "127.0.0.1:%d" % silent["silence"]
        pid = exp.proc.pid
        fds_start, rss_start = exporter_client.fd_count(pid), exporter_client.rss_kb(pid)
        ab_run(exp, target, 400, 200, 2)
        wait_idle(exp)
        fds0, rss0 = settled_fds(pid, fds_start), exporter_client.rss_kb(pid)
        labkit.note("after the first burst: " + exporter_client.fd_targets(pid))
        rounds = []
        for _ in range(2):
            rejected0 = exp.metric('rdp_doctor_exporter_requests_rejected_total{code="503"}')
            complete, failed, non2xx = ab_run(exp, target, 400, 200, 2)
            wait_idle(exp)
            rejected = exp.metric('rdp_doctor_exporter_requests_rejected_total{code="503"}') - rejected0
            labkit.check(exp.proc.poll() is None, "the exporter died: " + exp.log()[-1000:])
            labkit.check_eq(complete, 400, "complete requests")
            labkit.check(rejected > 0, "no 503 counted")
            labkit.check_eq(int(rejected), non2xx, "503s counted vs non-2xx answers")
            rounds.append((int(rejected), settled_fds(pid, fds0), exporter_client.rss_kb(pid)))
        summary = "start fds %d RSS %d KiB; after a first burst fds %d RSS %d KiB; then %s" % (
            fds_start, rss_start, fds0, rss0,
            ", ".join("503s %d/400 fds %d RSS %d KiB" % r for r in rounds))
        labkit.note(summary)
        for _, fds, rss in rounds:
            labkit.check(fds <= fds0 + 2, "fds grew: %s\n%s" % (summary, exporter_client.fd_targets(pid)))
            labkit.check(rss <= rss0 + RSS_GROWTH_KB, "memory grew: " + summary)
        status, _, body = http_get(exp.port, "/metrics")
        labkit.check_eq(status, 200, "/metrics after the load")
        labkit.check(exp.metric("rdp_doctor_exporter_probes_total{result=\"failure\"}") > 0, body)
        return summary


def t_sigterm():
    """SIGTERM while probes run: they are cancelled, their requests get
    503, and the exporter exits 0 within a few seconds."""
    target = "127.0.0.1:%d" % host.get()["silence"]
    with exporter("--allow", "127.0.0.1/32:*") as exp:
        client = labkit.spawn([labkit.PYTHON, "-c", CLIENT, str(exp.port), "/probe?target=" + target,
                               json.dumps({"X-Prometheus-Scrape-Timeout-Seconds": "30"}), "40"],
                              netns=ns.get(), stdout=subprocess.PIPE)
        deadline = time.monotonic() + 10
        while exp.metric("rdp_doctor_exporter_probes_running") < 1:
            labkit.check(time.monotonic() < deadline, "the probe did not start")
            time.sleep(0.1)
        started = time.monotonic()
        exp.proc.send_signal(signal.SIGTERM)
        rc = exp.proc.wait(timeout=15)
        took = time.monotonic() - started
        out, _ = client.communicate(timeout=15)
        labkit.check_eq(rc, 0, "exit code after SIGTERM", exp.log()[-1000:])
        labkit.check(took < 5, "took %.1f s to stop" % took)
        labkit.check_eq(json.loads(out)[0], 503, "the running probe's answer")
        return "stopped in %.2f s" % took


def t_textfile():
    """--textfile with two targets: rdp_doctor.prom replaced in one step
    (a reader never sees part of it), a target label on every series, the
    right success and cause; no temporary file left."""
    ports = host.get()
    tmp = labkit.tempdir("textfile")
    path = os.path.join(tmp, "rdp_doctor.prom")
    old = "# old\nrdp_doctor_probe_success 1\n"
    with open(path, "w") as f:
        f.write(old)
    targets = ["127.0.0.1:%d" % ports["tls-ok"], "127.0.0.1:%d" % closed_port()]
    cmd = [labkit.doctor_path(), "--headless", "--timeout", "2", "--textfile", tmp] + targets
    if ns.get():
        cmd = ["ip", "netns", "exec", ns.get()] + cmd
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                         start_new_session=True)
    deadline = time.monotonic() + 60
    while p.poll() is None and time.monotonic() < deadline:
        with open(path) as f:
            text = f.read()
        labkit.check(text == old or text.endswith("\n") and "rdp_doctor_rtt_seconds" in text,
                     "a partial file: %r" % text[-200:])
        time.sleep(0.005)
    if p.poll() is None:
        labkit.stop(p)
        raise AssertionError("--textfile did not finish in 60 s")
    out, err = p.communicate()
    labkit.check_eq(p.returncode, 1, "exit code (one computer has a problem)", err)
    labkit.check_eq(out, "", "stdout")
    with open(path) as f:
        text = f.read()
    labkit.check_eq(sorted(os.listdir(tmp)), ["rdp_doctor.prom"], "files in the folder")
    for line in ('rdp_doctor_probe_success{target="%s"} 1' % targets[0],
                 'rdp_doctor_probe_success{target="%s"} 0' % targets[1],
                 'rdp_doctor_cause{target="%s",id="port-refused",severity="error"} 1' % targets[1]):
        labkit.check(line + "\n" in text, "no %r in:\n%s" % (line, text))
    samples = [ln for ln in text.splitlines() if ln and not ln.startswith("#")]
    labkit.check(all('{target="' in ln for ln in samples), "a series without target:\n" + text)
    labkit.remove_tempdir(tmp)
    return "%d series" % len(samples)


tests = [
    ("200 concurrent probes against --max-probes 16: 503s, fds and RSS flat", t_load),
    ("Prometheus scrapes /probe: probe_success and cause per host", t_prometheus),
    ("SIGTERM with a probe running: 503 and exit 0", t_sigterm),
    ("--textfile: atomic, target labels, right series", t_textfile),
]

if __name__ == "__main__":
    labkit.run_tests(labkit.Tap(), tests, setup=stack)
