# SPDX-License-Identifier: GPL-3.0-or-later
"""Lab harness: TAP output, running rdp-doctor, and the servers and network
namespaces the lab tests run it against.  Python 3 standard library only.

Network rules the lab keeps: it talks to loopback or to addresses inside
network namespaces it creates (198.18.0.0/15, fd00:198:18::/48), every wait
is bounded, and everything it starts (processes, namespaces, /etc/netns
files, temporary directories) is torn down whatever happens: context
managers with try/finally, plus an atexit and signal-handler sweep, plus
PR_SET_PDEATHSIG on every child so a SIGKILLed harness leaves no servers.
Namespaces are named rdlab-<pid>-*; stale ones of dead harnesses are removed
at the next start.
"""

import atexit
import contextlib
import ctypes
import json
import os
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
FAULT_HOST = os.path.join(HERE, "fault-host.py")
UDP_RESPONDER = os.path.join(HERE, "udp-responder.py")
PYTHON = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else sys.executable

NS_PREFIX = "rdlab-"
NETNS_ETC = "/etc/netns"

# The lab's addresses (RFC 2544 benchmarking range, ULA for IPv6).
CLIENT4 = "198.18.0.1"
HOST4 = "198.18.0.2"
NOHOST4 = "198.18.0.77"         # in the client's subnet, nobody there
CLIENT6 = "fd00:198:18::1"
HOST6 = "fd00:198:18::2"
LAB_DOMAIN = "rdlab.test"


# ------------------------------------------------------------------ TAP

class Skip(Exception):
    """Raise inside a test to report it as `ok N # SKIP reason`."""


class Tap:
    """Minimal TAP producer.  A test that raises is `not ok` (with the
    reason as '# ' diagnostics); nothing a test does crashes the script."""

    def __init__(self, out=None):
        self.out = out or sys.stdout
        self.planned = None
        self.n = 0
        self.failed = 0
        self.skipped = 0
        self.started = time.monotonic()

    def _print(self, line):
        self.out.write(line + "\n")
        self.out.flush()

    def plan(self, n):
        self.planned = n
        self._print("1..%d" % n)

    def diag(self, msg):
        for line in str(msg).splitlines() or [""]:
            self._print("# " + line)

    def ok(self, cond, desc, diag=None):
        self.n += 1
        desc = desc.replace("#", "\\#")
        self._print("%s %d - %s" % ("ok" if cond else "not ok", self.n, desc))
        if not cond:
            self.failed += 1
        if diag:
            self.diag(diag)
        return cond

    def skip(self, desc, reason):
        self.n += 1
        self.skipped += 1
        self._print("ok %d - %s # SKIP %s" % (self.n, desc.replace("#", "\\#"),
                                            " ".join(str(reason).split())))

    def run(self, desc, fn, *args, **kwargs):
        """Run fn; pass if it returns, SKIP on Skip, not ok on anything
        else.  fn may return a string (or list of lines) of diagnostics."""
        try:
            result = fn(*args, **kwargs)
        except Skip as e:
            self.skip(desc, e)
            return None
        except AssertionError as e:
            self.ok(False, desc, str(e) or "assertion failed")
            return False
        except KeyboardInterrupt:
            raise
        except BaseException as e:          # incl. SystemExit from a helper
            if isinstance(e, SystemExit) and _signal_exit[0]:
                raise                       # we are being torn down
            self.ok(False, desc, "raised %s\n%s" % (
                type(e).__name__, traceback.format_exc().rstrip()))
            return False
        if isinstance(result, (list, tuple)):
            result = "\n".join(str(x) for x in result)
        self.ok(True, desc, result or None)
        return True

    def finish(self):
        """Pad a short run with not-ok lines, print a summary, return the
        exit status."""
        if self.planned is None:
            self.plan(self.n)
        while self.n < self.planned:
            self.ok(False, "test did not run (script ended early)")
        self.diag("%d tests, %d failed, %d skipped, %.1f s" % (
            self.n, self.failed, self.skipped, time.monotonic() - self.started))
        return 1 if self.failed or self.n != self.planned else 0


def note(msg):
    """A TAP comment line, outside any test."""
    for line in str(msg).splitlines() or [""]:
        sys.stdout.write("# " + line + "\n")
    sys.stdout.flush()


def check(cond, msg):
    if not cond:
        raise AssertionError(msg)


def check_eq(actual, expected, what, detail=None):
    if actual != expected:
        msg = "%s: expected %r, got %r" % (what, expected, actual)
        if detail:
            msg += "\n" + detail
        raise AssertionError(msg)


def run_tests(tap, tests, setup=None):
    """tests: list of (description, callable).  Prints the plan, runs each
    under `setup` (a context manager, e.g. an ExitStack of fixtures), and
    exits with TAP's status.  A failure of the setup itself fails (not
    crashes) every test."""
    tap.plan(len(tests))
    try:
        with session():
            ctx = setup if setup is not None else contextlib.nullcontext()
            with ctx:
                for desc, fn in tests:
                    tap.run(desc, fn)
    except SystemExit:
        if not _signal_exit[0]:
            raise
    except BaseException as e:
        tap.diag("harness error: %r\n%s" % (e, traceback.format_exc()))
    sys.exit(tap.finish())


class Lazy:
    """A fixture started on first use inside an ExitStack and shared by the
    tests after it; if starting failed, every user sees the same error."""

    def __init__(self, stack, factory):
        self.stack = stack
        self.factory = factory
        self.value = None
        self.error = None
        self.done = False

    def get(self):
        if not self.done:
            self.done = True
            try:
                self.value = self.stack.enter_context(self.factory())
            except Skip as e:
                self.error = e
            except Exception as e:
                self.error = e
                self.error_tb = traceback.format_exc()
        if isinstance(self.error, Skip):
            raise Skip(str(self.error))
        if self.error is not None:
            raise AssertionError("fixture failed: %s\n%s" % (
                self.error, getattr(self, "error_tb", "")))
        return self.value


# ------------------------------------------------------------------ processes

_procs = []                 # every Popen we started and have not reaped
_namespaces = []            # every netns we created and have not deleted
_tempdirs = []
_signal_exit = [False]
_libc = None


def _pdeathsig():
    """In the child before exec: die with the harness.  (Popen is only
    called from the main thread, so this tracks the harness itself.)"""
    global _libc
    try:
        if _libc is None:
            _libc = ctypes.CDLL(None, use_errno=True)
        _libc.prctl(1, signal.SIGKILL, 0, 0, 0)     # PR_SET_PDEATHSIG
    except Exception:
        pass


def spawn(cmd, netns=None, env=None, stdout=None, stderr=None, pass_fds=()):
    """Start a long-running server in its own process group."""
    if netns:
        cmd = ["ip", "netns", "exec", netns] + list(cmd)
    full_env = dict(os.environ)
    if env:
        full_env.update(env)
    p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=stdout or subprocess.DEVNULL,
                         stderr=stderr or subprocess.DEVNULL, env=full_env,
                         start_new_session=True, preexec_fn=_pdeathsig,
                         pass_fds=pass_fds)
    _procs.append(p)
    return p


def stop(p, grace=5.0):
    """SIGTERM the process group, then SIGKILL it; bounded."""
    if p is None:
        return
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 5.0)):
        if p.poll() is not None:
            break
        try:
            os.killpg(p.pid, sig)
        except ProcessLookupError:
            break
        except PermissionError:
            p.send_signal(sig)
        try:
            p.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            continue
    # the leader may be gone while members of its group live on
    try:
        os.killpg(p.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        p.wait(timeout=1.0)
    except subprocess.TimeoutExpired:
        pass
    if p in _procs:
        _procs.remove(p)


def run(cmd, timeout=10.0, netns=None, input=None, check_rc=True):
    """Run a short command, bounded; returns CompletedProcess (text)."""
    if netns:
        cmd = ["ip", "netns", "exec", netns] + list(cmd)
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE if input is not None else subprocess.DEVNULL,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                         start_new_session=True, preexec_fn=_pdeathsig)
    try:
        out, err = p.communicate(input=input, timeout=timeout)
    except subprocess.TimeoutExpired:
        stop(p, grace=0.5)
        out, err = p.communicate()
        raise RuntimeError("timed out after %.1f s: %s" % (timeout, " ".join(cmd)))
    cp = subprocess.CompletedProcess(cmd, p.returncode, out, err)
    if check_rc and p.returncode != 0:
        raise RuntimeError("%s: exit %d: %s" % (" ".join(cmd), p.returncode,
                                                 (err or out).strip()[-500:]))
    return cp


def tempdir(tag):
    d = tempfile.mkdtemp(prefix="%s%d-%s-" % (NS_PREFIX, os.getpid(), tag))
    _tempdirs.append(d)
    return d


def remove_tempdir(d):
    shutil.rmtree(d, ignore_errors=True)
    if d in _tempdirs:
        _tempdirs.remove(d)


def _sweep():
    for p in list(_procs):
        stop(p, grace=1.0)
    for ns in list(_namespaces):
        delete_netns(ns)
    for d in list(_tempdirs):
        remove_tempdir(d)
    _remove_netns_etc_if_empty()


def _on_signal(signum, frame):
    _signal_exit[0] = True
    raise SystemExit(128 + signum)


_session_depth = [0]


@contextlib.contextmanager
def session():
    """Install the teardown safety net: signal handlers that unwind the
    stack (so every finally runs) and an atexit sweep."""
    _session_depth[0] += 1
    if _session_depth[0] == 1:
        for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(sig, _on_signal)
        cleanup_stale()
    try:
        yield
    finally:
        _session_depth[0] -= 1
        if _session_depth[0] == 0:
            _sweep()


atexit.register(_sweep)


# ------------------------------------------------------------------ ports

def free_port(host="127.0.0.1"):
    """A TCP port nothing listens on right now (bind to 0, close)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def _connect_loop_script(host, port, timeout):
    return ("import socket,time,sys\n"
            "d=time.monotonic()+%r\n"
            "while time.monotonic()<d:\n"
            "  try:\n"
            "    socket.create_connection((%r,%d),timeout=1).close(); sys.exit(0)\n"
            "  except OSError: time.sleep(0.05)\n"
            "sys.exit(1)\n" % (timeout, host, port))


def wait_port(host, port, timeout=10.0, netns=None, proc=None):
    """Wait (bounded) until host:port accepts a TCP connection.  In a netns
    the attempts run inside it.  Fails early if proc exits."""
    if netns:
        p = subprocess.Popen(["ip", "netns", "exec", netns, PYTHON, "-c",
                              _connect_loop_script(host, port, timeout)],
                             start_new_session=True, preexec_fn=_pdeathsig)
        deadline = time.monotonic() + timeout + 5
        while time.monotonic() < deadline:
            if p.poll() is not None:
                return p.returncode == 0
            if proc is not None and proc.poll() is not None:
                stop(p, 0.5)
                return False
            time.sleep(0.05)
        stop(p, 0.5)
        return False
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            return False
        try:
            socket.create_connection((host, port), timeout=1).close()
            return True
        except OSError:
            time.sleep(0.05)
    return False


# ------------------------------------------------------------------ the program

class DoctorResult(tuple):
    """(rc, report, stderr, wall) plus .stdout, .cmd, .timed_out.
    rc is None if the process had to be killed at the harness timeout;
    report is None if stdout was not JSON."""

    def __new__(cls, rc, report, stderr, wall, stdout="", cmd=(), timed_out=False):
        self = super().__new__(cls, (rc, report, stderr, wall))
        self.stdout = stdout
        self.cmd = list(cmd)
        self.timed_out = timed_out
        return self

    rc = property(lambda self: self[0])
    report = property(lambda self: self[1])
    stderr = property(lambda self: self[2])
    wall = property(lambda self: self[3])


def doctor_path():
    prog = os.environ.get("RDP_DOCTOR")
    if not prog:
        raise AssertionError("RDP_DOCTOR is not set (path of the rdp-doctor program)")
    if not os.access(prog, os.X_OK):
        raise AssertionError("RDP_DOCTOR=%s is not an executable file" % prog)
    return prog


def stacks_of(pid):
    """Where every thread of a hung program stands (gdb, bounded to 20 s),
    as lines for its stderr, so that a run killed at the harness timeout
    says what it waited for; empty without gdb."""
    if shutil.which("gdb") is None:
        return ""
    try:
        cp = subprocess.run(["gdb", "-p", str(pid), "-batch", "-nx",
                             "-ex", "thread apply all bt 12"],
                            capture_output=True, text=True, timeout=20)
    except (subprocess.TimeoutExpired, OSError):
        return ""
    frames = [l for l in cp.stdout.splitlines() if l.startswith(("Thread ", "#"))]
    return "\nstacks at the harness timeout:\n" + "\n".join(frames) + "\n"


def hard_timeout(args):
    """The harness's kill deadline for a run: twice the program's own
    --timeout plus 4 s (30 s when none is given).  Keeps a hung program
    from stretching a lab run past a few minutes."""
    args = list(args)
    for i, a in enumerate(args):
        value = None
        if a == "--timeout" and i + 1 < len(args):
            value = args[i + 1]
        elif a.startswith("--timeout="):
            value = a.split("=", 1)[1]
        if value is not None:
            try:
                return 2 * float(value) + 4
            except ValueError:
                break
    return 30.0


_empty_home = []


def empty_home():
    """An empty HOME for the program's runs: what a Remote Desktop app of
    the machine's own user remembers (~/.config/freerdp/known_hosts2, which
    the client check reads) must not reach a lab result."""
    if not _empty_home or not os.path.isdir(_empty_home[0]):
        _empty_home[:] = [tempdir("home")]
    return _empty_home[0]


def run_doctor(args, timeout=None, netns=None, home=None):
    """Run `$RDP_DOCTOR --headless ARGS --json` (inside netns if given),
    killing it after `timeout` seconds (default: hard_timeout(args)), with
    HOME at `home` and XDG_CONFIG_HOME at home/config (default: an empty
    folder, see empty_home()).  Returns DoctorResult."""
    if timeout is None:
        timeout = hard_timeout(args)
    cmd = [doctor_path(), "--headless"] + list(args) + ["--json"]
    if netns:
        cmd = ["ip", "netns", "exec", netns] + cmd
    env = dict(os.environ)
    env["HOME"] = home or empty_home()
    env["XDG_CONFIG_HOME"] = os.path.join(env["HOME"], "config")
    env.setdefault("LC_ALL", "C.UTF-8")
    env["NO_AT_BRIDGE"] = "1"
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, env=env, start_new_session=True,
                         preexec_fn=_pdeathsig)
    timed_out = False
    try:
        out, err = p.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
        stacks = stacks_of(p.pid)
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        try:
            out, err = p.communicate(timeout=5)
        except subprocess.TimeoutExpired:
            out, err = b"", b""
        err += stacks.encode()
    wall = time.monotonic() - t0
    out = out.decode("utf-8", "replace")
    err = err.decode("utf-8", "replace")
    report = None
    try:
        report = json.loads(out)
        if not isinstance(report, dict):
            report = None
    except ValueError:
        pass
    rc = None if timed_out else p.returncode
    check_no_sanitizer_report(err, cmd)
    return DoctorResult(rc, report, err, wall, out, cmd, timed_out)


# What AddressSanitizer, LeakSanitizer and UndefinedBehaviorSanitizer print
# (build-aux/dev test --sanitize); a report fails the test that ran the
# program whatever else the test checks of the run.
SANITIZER_MARKERS = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer",
                     "runtime error:", "SUMMARY: UndefinedBehaviorSanitizer")


def check_no_sanitizer_report(stderr, cmd=()):
    for marker in SANITIZER_MARKERS:
        at = stderr.find(marker)
        if at >= 0:
            raise AssertionError("sanitizer report from %s:\n%s" % (
                " ".join(str(c) for c in cmd), stderr[max(0, at - 200):at + 4000]))


def first_cause(report):
    try:
        return report["causes"][0]["id"]
    except (TypeError, KeyError, IndexError):
        return None


def cause_ids(report):
    try:
        return [c.get("id") for c in report.get("causes", [])]
    except AttributeError:
        return []


def find_check(report, check_id):
    try:
        for c in report.get("checks", []):
            if c.get("id") == check_id:
                return c
    except AttributeError:
        pass
    return None


def describe(res):
    """Diagnostic lines for a DoctorResult (for TAP '# ' output)."""
    how = ""
    if res.timed_out:
        how = " (killed at harness timeout)"
    elif res.rc is not None and res.rc < 0:
        try:
            how = " (killed by %s)" % signal.Signals(-res.rc).name
        except ValueError:
            how = " (killed by signal %d)" % -res.rc
    lines = ["cmd: %s" % " ".join(res.cmd),
             "exit: %s%s, wall %.2f s" % (res.rc, how, res.wall)]
    r = res.report
    if r is None:
        lines.append("stdout is not a JSON object: %r" % res.stdout[:400])
    else:
        lines.append("verdict: %s" % r.get("verdict"))
        lines.append("causes: %s" % ", ".join(
            "%s(%s)" % (c.get("id"), c.get("severity")) for c in r.get("causes", [])
            if isinstance(c, dict)) or "none")
        for c in r.get("checks", []) if isinstance(r.get("checks"), list) else []:
            if not isinstance(c, dict):
                continue
            ev = json.dumps(c.get("evidence", {}), sort_keys=True)
            if len(ev) > 300:
                ev = ev[:300] + "..."
            lines.append("check %s: %s (%s ms) %s %s" % (
                c.get("id"), c.get("status"), c.get("duration_ms"),
                (c.get("summary") or "")[:120], ev))
    if res.stderr.strip():
        tail = res.stderr.strip().splitlines()[-8 if not res.timed_out else -60:]
        lines.append("stderr (tail):")
        lines.extend("  " + l for l in tail)
    return "\n".join(lines)


SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}


def first_problem(report):
    """The first cause of severity error or warning (dict), or None."""
    try:
        for c in report.get("causes", []):
            if isinstance(c, dict) and c.get("severity") in ("error", "warning"):
                return c
    except AttributeError:
        pass
    return None


def problems(report):
    """Ids of the causes of severity error or warning, in report order."""
    try:
        return [c.get("id") for c in report.get("causes", [])
                if isinstance(c, dict) and c.get("severity") in ("error", "warning")]
    except AttributeError:
        return []


def evidence(res, check_id):
    """The evidence object of a check (AssertionError if the check or its
    evidence is missing)."""
    c = find_check(res.report, check_id)
    if c is None:
        raise AssertionError("no %r check in the report\n%s" % (check_id, describe(res)))
    ev = c.get("evidence")
    if not isinstance(ev, dict):
        raise AssertionError("%r check has no evidence object\n%s" % (check_id, describe(res)))
    return ev


def expect_cause(res, expected):
    """Assert the first cause id; diagnostics on failure, summary on pass."""
    got = first_cause(res.report)
    if got != expected:
        raise AssertionError("first cause: expected %r, got %r\n%s" % (
            expected, got, describe(res)))
    check(res.rc == 1,
          "exit code: expected 1 (a cause of severity error/warning), got %r\n%s"
          % (res.rc, describe(res)))
    return "first cause %s, exit %s, wall %.2f s" % (got, res.rc, res.wall)


# ------------------------------------------------------------------ raw probes

PROTOCOL_NAMES = {0: "RDP", 1: "SSL", 2: "HYBRID", 4: "RDSTLS", 8: "HYBRID_EX"}
NEG_FAILURES = {1: "SSL_REQUIRED_BY_SERVER", 2: "SSL_NOT_ALLOWED_BY_SERVER",
                3: "SSL_CERT_NOT_ON_SERVER", 4: "INCONSISTENT_FLAGS",
                5: "HYBRID_REQUIRED_BY_SERVER", 6: "SSL_WITH_USER_AUTH_REQUIRED_BY_SERVER"}

_PROBE_SCRIPT = r"""
import socket, struct, sys, time
host, port, proto, wait = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
cookie = b"Cookie: mstshash=rdlab\r\n"
neg = struct.pack("<BBHI", 1, 0, 8, proto)
x224 = bytes([6 + len(cookie) + len(neg), 0xE0, 0, 0, 0, 0, 0]) + cookie + neg
s = socket.create_connection((host, port), timeout=wait)
s.sendall(struct.pack(">BBH", 3, 0, 4 + len(x224)) + x224)
out = b""
end = "timeout"
deadline = time.monotonic() + wait
try:
    while time.monotonic() < deadline:
        s.settimeout(max(0.01, deadline - time.monotonic()))
        d = s.recv(4096)
        if not d:
            end = "eof"
            break
        out += d
        if len(out) >= 4 and out[0] == 3 and len(out) >= struct.unpack(">H", out[2:4])[0]:
            end = "complete"
            break
except socket.timeout:
    pass
except OSError as e:
    end = "error %s" % e.errno
print(out.hex(), end)
"""


def x224_probe(host, port, requested, netns=None, wait=3.0):
    """Send one X.224 Connection Request asking for `requested` (bit mask)
    and describe the Connection Confirm in words (lab sanity checks and
    diagnostics, independent of the program under test)."""
    cp = run([PYTHON, "-c", _PROBE_SCRIPT, host, str(port), str(requested), str(wait)],
             timeout=wait + 10, netns=netns, check_rc=False)
    if cp.returncode != 0:
        return "probe failed: %s" % (cp.stderr.strip().splitlines() or ["?"])[-1]
    hexdata, _, end = cp.stdout.strip().partition(" ")
    data = bytes.fromhex(hexdata)
    return describe_confirm(data) + " [%s]" % end


def describe_confirm(data):
    if len(data) >= 19 and data[5] == 0xD0:
        t, flags = data[11], data[12]
        value = int.from_bytes(data[15:19], "little")
        if t == 2:
            return "RDP_NEG_RSP flags %#04x selected %s" % (
                flags, PROTOCOL_NAMES.get(value, hex(value)))
        if t == 3:
            return "RDP_NEG_FAILURE %d %s" % (value, NEG_FAILURES.get(value, "?"))
    if len(data) >= 11 and data[5] == 0xD0:
        return "Connection Confirm without negotiation data (legacy)"
    return "unparsed: %s" % data[:32].hex()


# ------------------------------------------------------------------ fault host

class FaultHostPorts(dict):
    """mode -> port, plus .record_dir and .proc."""


TLS_MODE_PREFIXES = ("tls", "credssp")


@contextlib.contextmanager
def fault_host(modes, bind=None, netns=None, record=False, ready_timeout=10.0,
               cert=None, key=None):
    """Start tests/lab/fault-host.py with one listener per mode.  `modes` is
    a list of mode names (free ports) or a dict mode -> port.  Yields a
    FaultHostPorts (mode -> port; .cert is the TLS certificate of the
    tls-*/credssp-* modes: cert/key if given, else a self-signed RSA-2048
    one, CN=localhost, SAN localhost, 127.0.0.1, ::1, made here so the
    temporary directory that holds it is ours to remove)."""
    if isinstance(modes, dict):
        specs = ["%s=%d" % (m, p) for m, p in modes.items()]
        names = list(modes)
    else:
        specs = ["%s=0" % m for m in modes]
        names = list(modes)
    tmp = tempdir("fh")
    ready = os.path.join(tmp, "ready.json")
    errlog = os.path.join(tmp, "stderr.log")
    cmd = [PYTHON, FAULT_HOST, "--ready-file", ready]
    for s in specs:
        cmd += ["--listen", s]
    for b in (bind or ["127.0.0.1"]):
        cmd += ["--bind", b]
    record_dir = None
    if record:
        record_dir = os.path.join(tmp, "record")
        cmd += ["--record", record_dir]
    p = None
    try:
        if cert is None and any(m.startswith(TLS_MODE_PREFIXES) for m in names):
            cert, key = make_cert(tmp, cn="localhost", san="DNS:localhost,IP:127.0.0.1,IP:::1")
        if cert is not None:
            cmd += ["--cert", cert, "--key", key]
        with open(errlog, "wb") as ef:
            p = spawn(cmd, netns=netns, stderr=ef)
        deadline = time.monotonic() + ready_timeout
        while not os.path.exists(ready):
            if p.poll() is not None or time.monotonic() > deadline:
                with open(errlog, "rb") as f:
                    msg = f.read().decode("utf-8", "replace")[-1500:]
                raise RuntimeError("fault host did not get ready (exit %s): %s"
                                   % (p.poll(), msg))
            time.sleep(0.02)
        with open(ready) as f:
            info = json.load(f)
        ports = FaultHostPorts(info["listeners"])
        ports.record_dir = record_dir
        ports.proc = p
        ports.cert = cert
        ports.bind = info.get("bind") or []
        ports.errlog = errlog
        yield ports
    finally:
        stop(p, grace=3.0)
        remove_tempdir(tmp)


@contextlib.contextmanager
def udp_responder(mode, port, bind="127.0.0.1", netns=None, ready_timeout=10.0):
    """Start tests/lab/udp-responder.py in `mode`; yields the port it bound."""
    tmp = tempdir("udp")
    ready = os.path.join(tmp, "ready.json")
    errlog = os.path.join(tmp, "stderr.log")
    p = None
    try:
        with open(errlog, "wb") as ef:
            p = spawn([PYTHON, UDP_RESPONDER, "--bind", bind, "--port", str(port),
                       "--mode", mode, "--ready-file", ready], netns=netns, stderr=ef)
        deadline = time.monotonic() + ready_timeout
        while not os.path.exists(ready):
            if p.poll() is not None or time.monotonic() > deadline:
                with open(errlog, "rb") as f:
                    msg = f.read().decode("utf-8", "replace")[-1500:]
                raise RuntimeError("udp responder did not get ready (exit %s): %s" % (p.poll(), msg))
            time.sleep(0.02)
        with open(ready) as f:
            yield json.load(f)["port"]
    finally:
        stop(p, grace=2.0)
        remove_tempdir(tmp)


def recorded(ports, mode, suffix=".bin"):
    """Bytes received per connection for a mode (list, in accept order).
    suffix ".tls": what the client sent inside TLS, decrypted (only
    connections that got through a TLS handshake have one)."""
    if not ports.record_dir or not os.path.isdir(ports.record_dir):
        return []
    rx = re.compile(r"^%s-%d-(\d+)%s$" % (re.escape(mode), ports[mode], re.escape(suffix)))
    found = []
    for name in os.listdir(ports.record_dir):
        m = rx.match(name)
        if m:
            with open(os.path.join(ports.record_dir, name), "rb") as f:
                found.append((int(m.group(1)), f.read()))
    return [data for _, data in sorted(found)]


def fault_host_stderr(ports):
    try:
        with open(ports.errlog, "rb") as f:
            return f.read().decode("utf-8", "replace")[-2000:]
    except (AttributeError, OSError):
        return ""


_S_CLIENT_SCRIPT = r"""
import select, socket, struct, subprocess, sys, time
host, port, proto, wait = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
extra = sys.argv[5:]
deadline = time.monotonic() + wait
ls = socket.socket()
ls.bind(("127.0.0.1", 0))
ls.listen(1)
ls.settimeout(wait)
p = subprocess.Popen(["openssl", "s_client", "-connect", "127.0.0.1:%d" % ls.getsockname()[1]]
                     + extra, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                     stderr=subprocess.STDOUT)
cc = b""
try:
    a, _ = ls.accept()
    u = socket.create_connection((host, port), timeout=wait)
    neg = struct.pack("<BBHI", 1, 0, 8, proto)
    x = bytes([6 + len(neg), 0xE0, 0, 0, 0, 0, 0]) + neg
    u.sendall(struct.pack(">BBH", 3, 0, 4 + len(x)) + x)
    while len(cc) < 19 and time.monotonic() < deadline:
        u.settimeout(max(0.01, deadline - time.monotonic()))
        d = u.recv(19 - len(cc))
        if not d:
            break
        cc += d
    socks = [a, u]
    while time.monotonic() < deadline:
        r, _, _ = select.select(socks, [], [], max(0, deadline - time.monotonic()))
        if not r:
            break
        done = False
        for s in r:
            try:
                d = s.recv(65536)
            except OSError:
                d = b""
            if not d:
                done = True
                break
            (u if s is a else a).sendall(d)
        if done:
            break
    a.close()
    u.close()
except OSError as e:
    print("relay: %s" % e)
try:
    out, _ = p.communicate(timeout=max(1.0, deadline - time.monotonic()))
except subprocess.TimeoutExpired:
    p.kill()
    out, _ = p.communicate()
print("RC %s CC %s" % (p.returncode, cc.hex()))
sys.stdout.write(out.decode("utf-8", "replace"))
"""


def s_client_via_x224(host, port, s_client_args, requested=1 | 2, netns=None, wait=5.0):
    """Run `openssl s_client ARGS` against an RDP server: a relay does the
    X.224 exchange first, then passes the TLS bytes through.  Returns
    (s_client exit code, its output, the Connection Confirm hex)."""
    cp = run([PYTHON, "-c", _S_CLIENT_SCRIPT, host, str(port), str(requested), str(wait)]
             + list(s_client_args), timeout=wait + 10, netns=netns, check_rc=False)
    m = re.search(r"^RC (\S+) CC (\S*)$", cp.stdout, re.M)
    if not m:
        return None, cp.stdout + cp.stderr, ""
    rc = None if m.group(1) == "None" else int(m.group(1))
    return rc, cp.stdout[m.end():], m.group(2)


# ------------------------------------------------------------------ certificates

def make_cert(dirname, cn="rdlab.test", days=30, bits=2048, extra=(), san=None):
    """Self-signed RSA certificate with the openssl CLI; (cert, key) paths."""
    cert = os.path.join(dirname, "cert.pem")
    key = os.path.join(dirname, "key.pem")
    if san:
        extra = ["-addext", "subjectAltName=" + san] + list(extra)
    run(["openssl", "req", "-x509", "-newkey", "rsa:%d" % bits, "-nodes",
         "-days", str(days), "-subj", "/CN=%s" % cn, "-keyout", key,
         "-out", cert] + list(extra), timeout=60)
    return cert, key


def make_rsa_key(path, bits=2048):
    run(["openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt",
         "rsa_keygen_bits:%d" % bits, "-out", path], timeout=60)
    return path


_CA_CONF = """\
[ca]
default_ca = lab
[lab]
dir = {d}
database = {d}/index.txt
new_certs_dir = {d}
serial = {d}/serial
default_md = sha256
policy = policy_any
unique_subject = no
email_in_dn = no
copy_extensions = none
[policy_any]
commonName = supplied
[ext]
basicConstraints = critical, CA:FALSE
keyUsage = digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = {san}
"""


def make_dated_cert(dirname, key, cn="localhost", san="DNS:localhost",
                    start="now", end="+30d", digest="sha256"):
    """A self-signed certificate for `key` with any validity window:
    OpenSSL 3.0's `req -x509` cannot backdate, `ca -selfsign` can
    (-startdate/-enddate YYYYMMDDHHMMSSZ).  start/end: such a string, or
    "now" / "+Nd".  Uses a throwaway CA directory under dirname.  Returns
    the certificate's path."""
    def stamp(v):
        if v == "now":
            return time.strftime("%Y%m%d%H%M%SZ", time.gmtime(time.time() - 60))
        if v.startswith("+") and v.endswith("d"):
            return time.strftime("%Y%m%d%H%M%SZ",
                                 time.gmtime(time.time() + 86400 * int(v[1:-1])))
        return v
    ca = tempfile.mkdtemp(prefix="ca-", dir=dirname)
    with open(os.path.join(ca, "index.txt"), "w"):
        pass
    with open(os.path.join(ca, "serial"), "w") as f:
        f.write("%016X\n" % int.from_bytes(os.urandom(8), "big"))
    conf = os.path.join(ca, "ca.cnf")
    with open(conf, "w") as f:
        f.write(_CA_CONF.format(d=ca, san=san))
    csr = os.path.join(ca, "req.csr")
    cert = os.path.join(dirname, "%s-cert.pem" % os.path.basename(ca))
    run(["openssl", "req", "-new", "-key", key, "-subj", "/CN=%s" % cn,
         "-" + digest, "-out", csr], timeout=30)
    run(["openssl", "ca", "-batch", "-selfsign", "-config", conf, "-keyfile", key,
         "-in", csr, "-out", cert, "-notext", "-md", digest, "-extensions", "ext",
         "-startdate", stamp(start), "-enddate", stamp(end)], timeout=30)
    return cert


def cert_text(cert):
    """`openssl x509 -noout -text` of a certificate (diagnostics)."""
    return run(["openssl", "x509", "-in", cert, "-noout", "-subject", "-dates",
                "-ext", "subjectAltName", "-text"], timeout=10).stdout


# ------------------------------------------------------------------ xrdp

XRDP_INI = """\
[Globals]
ini_version=1
fork={fork}
port={port_spec}
use_vsock=false
tcp_nodelay=true
tcp_keepalive=true
security_layer={security_layer}
crypt_level=high
certificate={cert}
key_file={key}
ssl_protocols={ssl_protocols}
{tls_ciphers}autorun=
allow_channels=true
allow_multimon=true
bitmap_cache=true
bitmap_compression=true
bulk_compression=true
max_bpp=32
new_cursors=true
use_fastpath=both

[Logging]
LogFile={log}
LogLevel=DEBUG
EnableSyslog=false
EnableConsole=false

[Channels]
rdpdr=true
rdpsnd=true
drdynvc=true
cliprdr=true
rail=true
xrdpvr=true

[Xorg]
name=Xorg
lib=libxup.so
username=ask
password=ask
ip=127.0.0.1
port=-1
code=20
"""


class XrdpPort(int):
    """The port xrdp listens on, plus .log (its log file)."""

    def __new__(cls, port, log):
        self = super().__new__(cls, port)
        self.log = log
        return self

    def log_tail(self, n=20):
        return _tail(self.log, n)


@contextlib.contextmanager
def xrdp_server(security_layer="negotiate", cert=None, key=None, port=None,
                netns=None, all_interfaces=None, start_timeout=10.0, fork=False,
                ssl_protocols="TLSv1.2, TLSv1.3", tls_ciphers=None):
    """Run xrdp (no daemon) with its own xrdp.ini in a temporary directory
    that also holds its log and a fresh self-signed RSA-2048 certificate
    (unless cert/key are given).  fork=False (default): xrdp serves one
    connection at a time; fork=True: one child per connection (as deployed),
    in xrdp's process group, so stop() ends them too.  Either way xrdp
    0.9 listens with a backlog of 2: a quick burst of connects overflows it,
    the kernel drops a SYN and that connect takes 1 s (the SYN retransmit).
    Yields the port (an XrdpPort: .log is xrdp's log).  In a netns it
    listens on all interfaces (IPv4 and IPv6); otherwise on 127.0.0.1
    only.  ssl_protocols and tls_ciphers are xrdp.ini's (a cipher string
    with "@SECLEVEL=0" lets xrdp's OpenSSL 3 speak TLS 1.0 and use an
    RSA-1024 key)."""
    tmp = tempdir("xrdp")
    p = None
    try:
        if cert is None:
            cert, key = make_cert(tmp)
        if all_interfaces is None:
            all_interfaces = netns is not None
        log = os.path.join(tmp, "xrdp.log")
        for attempt in range(3):
            use_port = port or free_port()
            spec = str(use_port) if all_interfaces else "tcp://.:%d" % use_port
            ini = os.path.join(tmp, "xrdp.ini")
            with open(ini, "w") as f:
                f.write(XRDP_INI.format(port_spec=spec, security_layer=security_layer,
                                        fork="true" if fork else "false",
                                        cert=cert, key=key, log=log,
                                        ssl_protocols=ssl_protocols,
                                        tls_ciphers="tls_ciphers=%s\n" % tls_ciphers
                                        if tls_ciphers else ""))
            out = open(os.path.join(tmp, "stdout.log"), "ab")
            try:
                p = spawn(["xrdp", "--nodaemon", "--config", ini], netns=netns,
                          stdout=out, stderr=out)
            finally:
                out.close()
            if wait_port("127.0.0.1", use_port, start_timeout, netns=netns, proc=p):
                break
            stop(p, grace=2.0)
            p = None
            if port:
                break
        if p is None:
            raise RuntimeError("xrdp did not start listening:\n" + _tail(log) +
                               _tail(os.path.join(tmp, "stdout.log")))
        yield XrdpPort(use_port, log)
    finally:
        stop(p, grace=3.0)
        remove_tempdir(tmp)


def _tail(path, n=20):
    try:
        with open(path, "rb") as f:
            lines = f.read().decode("utf-8", "replace").splitlines()
        return "\n".join(lines[-n:]) + "\n"
    except OSError:
        return ""


# ------------------------------------------------------------------ freerdp shadow

def start_xvfb(tmp, netns=None, start_timeout=15.0):
    """Xvfb on a free display (-displayfd; -noreset, because a client that
    opens the display twice meets a resetting Xvfb refusing the second
    connection at random), its log in tmp/xvfb.log.  Returns (process,
    ":N"); the caller stops the process."""
    xvfb = None
    r, w = os.pipe()
    try:
        with open(os.path.join(tmp, "xvfb.log"), "wb") as xl:
            xvfb = spawn(["Xvfb", "-displayfd", str(w), "-screen", "0", "1024x768x24",
                          "-nolisten", "tcp", "-noreset"], netns=netns,
                         stderr=xl, pass_fds=(w,))
    finally:
        os.close(w)
    display = b""
    deadline = time.monotonic() + start_timeout
    try:
        while not display.endswith(b"\n"):
            left = deadline - time.monotonic()
            if left <= 0 or xvfb.poll() is not None:
                stop(xvfb, grace=1.0)
                raise RuntimeError("Xvfb did not start:\n" +
                                   _tail(os.path.join(tmp, "xvfb.log")))
            rl, _, _ = select.select([r], [], [], left)
            if rl:
                chunk = os.read(r, 64)
                if not chunk:
                    stop(xvfb, grace=1.0)
                    raise RuntimeError("Xvfb closed -displayfd:\n" +
                                       _tail(os.path.join(tmp, "xvfb.log")))
                display += chunk
    finally:
        os.close(r)
    return xvfb, ":" + display.decode().strip()


def x_click(display, x, y, button=1):
    """A click of `button` at (x, y) of an X display's screen, as a
    person's, through XTest."""
    import ctypes
    x11 = ctypes.CDLL("libX11.so.6")
    xtst = ctypes.CDLL("libXtst.so.6")
    x11.XOpenDisplay.restype = ctypes.c_void_p
    x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
    x11.XFlush.argtypes = x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
    xtst.XTestFakeMotionEvent.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_int, ctypes.c_int,
                                          ctypes.c_ulong]
    xtst.XTestFakeButtonEvent.argtypes = [ctypes.c_void_p, ctypes.c_uint, ctypes.c_int, ctypes.c_ulong]
    dpy = x11.XOpenDisplay(display.encode())
    check(dpy, "cannot open the display %s" % display)
    try:
        xtst.XTestFakeMotionEvent(dpy, -1, x, y, 0)
        x11.XFlush(dpy)
        time.sleep(0.2)
        xtst.XTestFakeButtonEvent(dpy, button, 1, 0)
        xtst.XTestFakeButtonEvent(dpy, button, 0, 0)
        x11.XFlush(dpy)
    finally:
        x11.XCloseDisplay(dpy)


@contextlib.contextmanager
def shadow_server(sec="nla", port=None, netns=None, all_interfaces=None,
                  start_timeout=15.0, extra=()):
    """Xvfb on a free display (-displayfd; -noreset, because the shadow
    server opens the display twice and a resetting Xvfb refuses the second
    connection at random), then freerdp-shadow-cli /sec:SEC on it.  HOME
    points into a temporary directory (the shadow server writes its TLS
    certificate under ~/.config/freerdp).  `extra`: more options, e.g.
    /sam-file:PATH (accounts for NLA).  Yields the port."""
    tmp = tempdir("shadow")
    xvfb = shadow = None
    try:
        xvfb, display = start_xvfb(tmp, netns=netns, start_timeout=start_timeout)
        if all_interfaces is None:
            all_interfaces = netns is not None
        env = {"DISPLAY": display, "HOME": tmp,
               "XDG_CONFIG_HOME": os.path.join(tmp, "config"),
               "XAUTHORITY": os.path.join(tmp, "Xauthority")}
        for attempt in range(3):
            use_port = port or free_port()
            cmd = ["freerdp-shadow-cli", "/port:%d" % use_port, "/sec:%s" % sec] + list(extra)
            if not all_interfaces:
                cmd.append("/bind-address:127.0.0.1")
            with open(os.path.join(tmp, "shadow.log"), "ab") as sl:
                shadow = spawn(cmd, netns=netns, env=env, stdout=sl, stderr=sl)
            if wait_port("127.0.0.1", use_port, start_timeout, netns=netns, proc=shadow):
                break
            stop(shadow, grace=2.0)
            shadow = None
            if port:
                break
        if shadow is None:
            raise RuntimeError("freerdp-shadow-cli did not start listening:\n" +
                               _tail(os.path.join(tmp, "shadow.log")))
        yield use_port
    finally:
        stop(shadow, grace=3.0)
        stop(xvfb, grace=3.0)
        remove_tempdir(tmp)


# ------------------------------------------------------------------ network namespaces

def _pid_alive(pid):
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False
    except PermissionError:
        return True


def _netns_list():
    try:
        cp = run(["ip", "netns", "list"], timeout=10, check_rc=False)
    except Exception:
        return []
    return [line.split()[0] for line in cp.stdout.splitlines() if line.strip()]


def _kill_netns_pids(ns):
    """Kill what still runs in one of OUR namespaces (bounded)."""
    for _ in range(10):
        try:
            cp = run(["ip", "netns", "pids", ns], timeout=5, check_rc=False)
        except Exception:
            return
        pids = [int(x) for x in cp.stdout.split() if x.isdigit()]
        if not pids:
            return
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        time.sleep(0.1)


def delete_netns(ns):
    if not ns.startswith(NS_PREFIX):        # never touch anyone else's
        return
    _kill_netns_pids(ns)
    if ns in _netns_list():
        try:
            run(["ip", "netns", "del", ns], timeout=10, check_rc=False)
        except Exception:
            pass
    shutil.rmtree(os.path.join(NETNS_ETC, ns), ignore_errors=True)
    if ns in _namespaces:
        _namespaces.remove(ns)


def _remove_netns_etc_if_empty():
    try:
        os.rmdir(NETNS_ETC)
    except OSError:
        pass


def cleanup_stale():
    """Remove rdlab-<pid>-* namespaces, /etc/netns dirs and temporary
    directories whose harness process is gone (a harness killed with
    SIGKILL cannot clean up after itself; its children die with it through
    PR_SET_PDEATHSIG)."""
    rx = re.compile(r"^%s(\d+)-" % re.escape(NS_PREFIX))
    names = set(_netns_list())
    try:
        names |= set(os.listdir(NETNS_ETC))
    except OSError:
        pass
    for ns in names:
        m = rx.match(ns)
        if m and int(m.group(1)) != os.getpid() and not _pid_alive(int(m.group(1))):
            delete_netns(ns)
    _remove_netns_etc_if_empty()
    tmp = tempfile.gettempdir()
    try:
        entries = os.listdir(tmp)
    except OSError:
        entries = []
    for name in entries:
        m = rx.match(name)
        path = os.path.join(tmp, name)
        if (m and int(m.group(1)) != os.getpid() and not _pid_alive(int(m.group(1)))
                and os.path.isdir(path) and not os.path.islink(path)):
            shutil.rmtree(path, ignore_errors=True)


def netns_available():
    """None if we can create network namespaces, else the reason."""
    if os.geteuid() != 0:
        return "not root: network namespaces need CAP_SYS_ADMIN"
    if shutil.which("ip") is None:
        return "iproute2 (ip) not installed"
    return None


_ns_counter = [0]


def _new_netns(tag):
    _ns_counter[0] += 1
    ns = "%s%d-%d%s" % (NS_PREFIX, os.getpid(), _ns_counter[0], tag)
    try:
        run(["ip", "netns", "add", ns], timeout=10)
    except Exception as e:
        raise Skip("cannot create a network namespace: %s" % e)
    _namespaces.append(ns)
    return ns


def _ns_etc(ns, hosts_lines, nameserver):
    d = os.path.join(NETNS_ETC, ns)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "resolv.conf"), "w") as f:
        f.write("# rdp-doctor lab: nothing answers DNS here\n"
                "nameserver %s\noptions timeout:1 attempts:1\n" % nameserver)
    with open(os.path.join(d, "hosts"), "w") as f:
        f.write("127.0.0.1 localhost\n::1 localhost ip6-localhost\n")
        for line in hosts_lines:
            f.write(line + "\n")
    with open(os.path.join(d, "nsswitch.conf"), "w") as f:
        f.write("hosts: files dns\nnetworks: files\n"
                "passwd: files\ngroup: files\nshadow: files\n")
    return d


def _ns_up(ns):
    run(["ip", "netns", "exec", ns, "sysctl", "-q", "-w",
         "net.ipv6.conf.all.accept_dad=0", "net.ipv6.conf.default.accept_dad=0"],
        timeout=10, check_rc=False)
    run(["ip", "-n", ns, "link", "set", "lo", "up"], timeout=10)


@contextlib.contextmanager
def loopback_ns():
    """A namespace with only loopback (127.0.0.1, ::1) and a resolver that
    points at 127.0.0.1:53 where nothing answers: the loopback scenarios run
    there so nothing the program does can reach a real network.  Yields the
    namespace name, or None when namespaces are unavailable (then the
    caller runs on the machine's own loopback)."""
    reason = netns_available()
    if reason is None:
        try:
            ns = _new_netns("lo")
        except Skip as e:
            reason = str(e)
    if reason is not None:
        note("no private namespace (%s): running on the machine's loopback" % reason)
        yield None
        return
    try:
        _ns_etc(ns, [], "127.0.0.1")
        _ns_up(ns)
        yield ns
    finally:
        delete_netns(ns)
        _remove_netns_etc_if_empty()


class NetnsLab:
    """Two namespaces joined by a veth pair:

        client  eth0 198.18.0.1/24  fd00:198:18::1/64
        host    eth0 198.18.0.2/24  fd00:198:18::2/64

    The client's resolv.conf points at the host (198.18.0.2), where nothing
    listens on port 53; its /etc/hosts holds the names given to add_host().
    """

    client4, host4, nohost4 = CLIENT4, HOST4, NOHOST4
    client6, host6 = CLIENT6, HOST6

    def __init__(self):
        self.client = self.host = None
        self.hosts_lines = []

    def setup(self):
        self.client = _new_netns("c")
        self.host = _new_netns("h")
        c, h = self.client, self.host
        for ns in (c, h):
            _ns_up(ns)
        run(["ip", "-n", c, "link", "add", "eth0", "type", "veth",
             "peer", "name", "eth0", "netns", h], timeout=10)
        for ns, a4, a6 in ((c, CLIENT4, CLIENT6), (h, HOST4, HOST6)):
            run(["ip", "-n", ns, "addr", "add", a4 + "/24", "dev", "eth0"], timeout=10)
            run(["ip", "-n", ns, "addr", "add", a6 + "/64", "dev", "eth0", "nodad"],
                timeout=10)
            run(["ip", "-n", ns, "link", "set", "eth0", "up"], timeout=10)
        self.write_etc()
        # bounded: the link is usable once the client can reach the host
        if not wait_port_unreachable_ok(c, HOST4):
            raise RuntimeError("veth link between %s and %s did not come up" % (c, h))

    def write_etc(self):
        _ns_etc(self.client, self.hosts_lines, HOST4)
        _ns_etc(self.host, [], "127.0.0.1")

    def add_host(self, name, *addrs):
        for a in addrs:
            self.hosts_lines.append("%s %s" % (a, name))
        self.write_etc()

    def teardown(self):
        for ns in (self.client, self.host):
            if ns:
                delete_netns(ns)
        _remove_netns_etc_if_empty()

    # --- helpers
    def exec(self, ns, cmd, timeout=10.0, input=None, check_rc=True):
        return run(cmd, timeout=timeout, netns=ns, input=input, check_rc=check_rc)

    def nft(self, ruleset, ns=None):
        """Load an nftables ruleset (text) in the host namespace (default)."""
        return run(["nft", "-f", "-"], timeout=10, netns=ns or self.host, input=ruleset)

    def nft_flush(self, ns=None):
        return run(["nft", "flush", "ruleset"], timeout=10, netns=ns or self.host)

    def fault_host(self, modes, **kw):
        kw.setdefault("bind", ["0.0.0.0", "::"])
        return fault_host(modes, netns=self.host, **kw)

    def xrdp_server(self, security_layer="negotiate", **kw):
        return xrdp_server(security_layer, netns=self.host, **kw)

    def shadow_server(self, sec="nla", **kw):
        return shadow_server(sec, netns=self.host, **kw)

    def run_doctor(self, args, timeout=None):
        return run_doctor(args, timeout=timeout, netns=self.client)


def wait_port_unreachable_ok(ns, addr, timeout=5.0):
    """True once a TCP connect from ns to addr:9 gets an answer (RST):
    proves the link works without needing a listener."""
    script = ("import socket,time,sys\n"
              "d=time.monotonic()+%r\n"
              "while time.monotonic()<d:\n"
              "  s=socket.socket(); s.settimeout(0.5)\n"
              "  try: s.connect((%r,9)); sys.exit(0)\n"
              "  except ConnectionRefusedError: sys.exit(0)\n"
              "  except OSError: time.sleep(0.05)\n"
              "  finally: s.close()\n"
              "sys.exit(1)\n" % (timeout, addr))
    try:
        cp = run([PYTHON, "-c", script], timeout=timeout + 5, netns=ns, check_rc=False)
    except RuntimeError:
        return False
    return cp.returncode == 0


@contextlib.contextmanager
def netns_lab():
    """Yields a NetnsLab; raises Skip (so tests report `# SKIP`) when
    namespaces cannot be created.  Always deletes what it created."""
    reason = netns_available()
    if reason:
        raise Skip(reason)
    lab = NetnsLab()
    try:
        lab.setup()
        yield lab
    finally:
        lab.teardown()
