# SPDX-License-Identifier: GPL-3.0-or-later
"""Start `rdp-doctor --exporter` on a loopback port and talk HTTP to it with
the request line sent byte for byte (no client-side normalisation of
escapes). Shared by tests/cli/test-cli-exporter.py and the lab test."""

import http.client
import os
import signal
import socket
import subprocess
import tempfile
import time

DOCTOR = os.environ.get("RDP_DOCTOR", "rdp-doctor")


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Exporter:
    """The exporter as a child process; its stderr goes to a temp file.
    `prefix` runs it through a wrapper (e.g. ["ip", "netns", "exec", NS])."""

    def __init__(self, *args, port=None, prefix=(), start_timeout=10.0):
        self.port = port or free_port()
        self.errfile = tempfile.TemporaryFile()
        cmd = list(prefix) + [DOCTOR, "--exporter", "127.0.0.1:%d" % self.port] + list(args)
        self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=self.errfile, start_new_session=True)
        self.prefix = list(prefix)
        deadline = time.monotonic() + start_timeout
        while True:
            if self.proc.poll() is not None:
                raise AssertionError("exporter exited %d: %s" % (self.proc.returncode, self.stderr()))
            if not self.prefix:
                try:
                    socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                    break
                except OSError:
                    pass
            elif "Listening on" in self.stderr():
                break
            if time.monotonic() > deadline:
                self.stop()
                raise AssertionError("exporter did not listen within %.0f s" % start_timeout)
            time.sleep(0.05)

    def stderr(self):
        self.errfile.seek(0)
        return self.errfile.read().decode("utf-8", "replace")

    def request(self, path, method="GET", headers=None, timeout=30.0):
        """(status, headers dict lower-cased, body text). Only works where
        the exporter's loopback is ours (no prefix)."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            conn.putrequest(method, path, skip_accept_encoding=True)
            for k, v in (headers or {}).items():
                conn.putheader(k, v)
            conn.endheaders()
            res = conn.getresponse()
            body = res.read().decode("utf-8", "replace")
            return res.status, {k.lower(): v for k, v in res.getheaders()}, body
        finally:
            conn.close()

    def pid(self):
        """The exporter's own pid (the child of `ip netns exec` execs it)."""
        return self.proc.pid

    def stop(self, sig=signal.SIGTERM, timeout=15.0):
        """Signals it and waits (bounded); returns its exit code, None if it
        had to be killed."""
        if self.proc.poll() is None:
            try:
                self.proc.send_signal(sig)
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=5)
                return None
        return self.proc.returncode

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()
        self.errfile.close()


def fd_count(pid):
    return len(os.listdir("/proc/%d/fd" % pid))


def fd_targets(pid):
    """What the open fds are, for a message."""
    out = []
    for fd in sorted(os.listdir("/proc/%d/fd" % pid), key=int):
        try:
            out.append("%s=%s" % (fd, os.readlink("/proc/%d/fd/%s" % (pid, fd))))
        except OSError:
            pass
    return " ".join(out)


def rss_kb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return -1
