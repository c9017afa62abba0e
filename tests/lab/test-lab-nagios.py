#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""`rdp-doctor --plugin` run by a real Nagios 4 (Debian's /usr/sbin/nagios4,
in the foreground, with a configuration of its own in a temporary
directory), through the command definition the build installs
(data/monitoring/nagios.cfg as meson configured it, included with
cfg_file, its program path pointed at the build's rdp-doctor). Three
services of one host against the scripted fault host: a healthy listener
(tls-ok: OK, 0), one that offers only old RDP security (legacy: WARNING,
1, negotiation-ssl-not-allowed) and a closed port (CRITICAL, 2,
port-refused). Read back from Nagios' status.dat: the state, the output
naming the cause id, and the performance data Nagios split off, which must
fit the Monitoring Plugins grammar (tests/cli/plugin_output.py) and carry
the thresholds given as the command's arguments. Skipped when nagios4 is
not installed or does not start within a minute. Runs in a loopback-only
network namespace when it can. Prints TAP."""

import contextlib
import ctypes
import grp
import os
import pwd
import re
import shutil
import signal
import subprocess
import sys
import time

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
sys.path.insert(0, os.path.join(here, "..", "cli"))
import labkit  # noqa: E402
import plugin_output  # noqa: E402

NAGIOS = shutil.which("nagios4") or "/usr/sbin/nagios4"
MODES = ["tls-ok", "legacy"]
TIMEOUT = 2             # the plugin's --timeout, per step
WARN, CRIT = "60", "120"    # the whole check's thresholds: never reached
START_WAIT_S = 60       # Nagios up (status.dat written), else SKIP
STATE_WAIT_S = 30       # every service checked, once it is up
PR_SET_CHILD_SUBREAPER = 36

# service description -> (what it checks, state, exit code, cause id)
EXPECTED = {
    "rdp-healthy": ("tls-ok", "OK", 0, "healthy"),
    "rdp-legacy": ("legacy", "WARNING", 1, "negotiation-ssl-not-allowed"),
    "rdp-closed": ("closed", "CRITICAL", 2, "port-refused"),
}

# The main configuration: everything Nagios writes stays in the temporary
# directory @TMP@; checks every second, all at once from the start; no
# retention, notifications, external commands, event handlers or update
# checks. Running as root: nagios_user/nagios_group root (Nagios then keeps
# its identity).
MAIN_CFG = """\
cfg_file=@TMP@/rdp-doctor-nagios.cfg
cfg_file=@TMP@/objects.cfg
log_file=@TMP@/nagios.log
object_cache_file=@TMP@/objects.cache
precached_object_file=@TMP@/objects.precache
status_file=@TMP@/status.dat
status_update_interval=1
temp_file=@TMP@/nagios.tmp
temp_path=@TMP@
lock_file=@TMP@/nagios.lock
check_result_path=@TMP@/checkresults
command_file=@TMP@/nagios.cmd
query_socket=@TMP@/nagios.qh
log_archive_path=@TMP@/archives
state_retention_file=@TMP@/retention.dat
debug_file=@TMP@/debug.log
debug_level=0
nagios_user=@USER@
nagios_group=@GROUP@
use_syslog=0
log_rotation_method=n
log_initial_states=1
log_passive_checks=0
retain_state_information=0
use_retained_program_state=0
use_retained_scheduling_info=0
check_external_commands=0
enable_notifications=0
enable_event_handlers=0
enable_flap_detection=0
process_performance_data=0
obsess_over_services=0
obsess_over_hosts=0
check_service_freshness=0
check_host_freshness=0
check_for_orphaned_services=0
check_for_orphaned_hosts=0
check_for_updates=0
bare_update_check=1
enable_environment_macros=0
execute_service_checks=1
execute_host_checks=1
accept_passive_service_checks=0
accept_passive_host_checks=0
interval_length=1
service_inter_check_delay_method=n
host_inter_check_delay_method=n
max_service_check_spread=1
max_host_check_spread=1
service_interleave_factor=s
max_concurrent_checks=0
check_result_reaper_frequency=1
max_check_result_reaper_time=5
service_check_timeout=30
host_check_timeout=30
event_broker_options=0
daemon_dumps_core=0
date_format=iso8601
illegal_macro_output_chars=`~$&|'"<>
"""

OBJECTS_HEAD = """\
define timeperiod {
    timeperiod_name         24x7
    alias                   Always
    sunday                  00:00-24:00
    monday                  00:00-24:00
    tuesday                 00:00-24:00
    wednesday               00:00-24:00
    thursday                00:00-24:00
    friday                  00:00-24:00
    saturday                00:00-24:00
}

# Nagios requires a contact; this one is never notified.
define command {
    command_name            rdlab-notify-nobody
    command_line            /bin/true
}

define contact {
    contact_name                    rdlab-nobody
    host_notifications_enabled      0
    service_notifications_enabled   0
    host_notification_period        24x7
    service_notification_period     24x7
    host_notification_options       n
    service_notification_options    n
    host_notification_commands      rdlab-notify-nobody
    service_notification_commands   rdlab-notify-nobody
}

define host {
    host_name               rdlab-rdp
    alias                   The fault host
    address                 127.0.0.1
    max_check_attempts      1
    check_period            24x7
    active_checks_enabled   0
    notifications_enabled   0
    notification_period     24x7
    contacts                rdlab-nobody
}
"""

SERVICE = """
define service {
    host_name               rdlab-rdp
    service_description     %(name)s
    check_command           check_rdp_doctor_time!%(port)d!%(timeout)d!%(warn)s!%(crit)s
    check_period            24x7
    max_check_attempts      1
    check_interval          2
    retry_interval          1
    active_checks_enabled   1
    notifications_enabled   0
    notification_period     24x7
    contacts                rdlab-nobody
}
"""

stack = contextlib.ExitStack()
ns = labkit.Lazy(stack, labkit.loopback_ns)
host = labkit.Lazy(stack, lambda: labkit.fault_host(MODES, netns=ns.get()))


def shipped_commands():
    """The command definitions as the build installs them, with the
    installed program's path replaced by the build's rdp-doctor."""
    build = os.environ.get("RD_BUILD_DIR")
    labkit.check(build, "RD_BUILD_DIR is not set")
    path = os.path.join(build, "data", "nagios.cfg")
    with open(path, encoding="utf-8") as f:
        text = f.read()
    labkit.check("@" not in re.sub(r"(?m)^#.*$", "", text),
                 "%s: a placeholder meson did not fill in" % path)
    programs = re.findall(r"(?m)^\s*command_line\s+(\S+)", text)
    labkit.check(programs, "%s: no command_line" % path)
    for prog in programs:
        labkit.check(os.path.isabs(prog) and os.path.basename(prog) == "rdp-doctor",
                     "%s: command_line runs %r, not an absolute path of rdp-doctor"
                     % (path, prog))
    labkit.check(re.search(r"(?m)^\s*command_name\s+check_rdp_doctor_time\s*$", text),
                 "%s: no check_rdp_doctor_time command" % path)
    return re.sub(r"(?m)^(\s*command_line\s+)\S+", lambda m: m.group(1) + labkit.doctor_path(),
                  text)


def closed_port(taken):
    """A loopback port nothing listens on (in the namespace: anything the
    fault host does not use)."""
    for _ in range(20):
        port = labkit.free_port()
        if port not in taken:
            return port
    raise AssertionError("no free port")


def parse_status(path):
    """status.dat -> list of (block type, {key: value})."""
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read()
    except OSError:
        return []
    blocks = []
    for m in re.finditer(r"(?ms)^(\w+) \{\n(.*?)^\s*\}", text):
        fields = {}
        for line in m.group(2).splitlines():
            key, sep, value = line.strip().partition("=")
            if sep:
                fields[key] = value
        blocks.append((m.group(1), fields))
    return blocks


def _own_pids(tmp):
    """The processes of this Nagios: the main one and its workers name the
    temporary directory on their command line (the workers its query
    socket)."""
    pids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        try:
            with open("/proc/%s/cmdline" % entry, "rb") as f:
                cmdline = f.read().decode("utf-8", "replace")
        except OSError:
            continue
        if tmp in cmdline:
            pids.append(int(entry))
    return pids


def _become_subreaper():
    """Nagios' workers outlive it by a moment: with this, they are then
    this harness's to reap, not zombies left to init."""
    try:
        return ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _reap(pids, timeout=5.0):
    deadline = time.monotonic() + timeout
    for pid in pids:
        while time.monotonic() < deadline:
            try:
                if os.waitpid(pid, os.WNOHANG)[0] == pid:
                    break
            except ChildProcessError:       # not (yet) ours: gone, or still orphaning
                if not os.path.exists("/proc/%d" % pid):
                    break
            time.sleep(0.05)


class Nagios:
    def __init__(self, tmp, proc, ports):
        self.tmp, self.proc, self.ports = tmp, proc, ports
        self.status = os.path.join(tmp, "status.dat")
        self.out = os.path.join(tmp, "stdout.log")

    def logs(self):
        return "nagios stdout:\n%s\nnagios.log:\n%s" % (
            labkit._tail(self.out), labkit._tail(os.path.join(self.tmp, "nagios.log")))


@contextlib.contextmanager
def nagios():
    if not os.access(NAGIOS, os.X_OK):
        raise labkit.Skip("nagios4 is not installed (Debian nagios4-core)")
    fh = host.get()
    ports = {"tls-ok": fh["tls-ok"], "legacy": fh["legacy"]}
    ports["closed"] = closed_port(set(ports.values()))
    tmp = labkit.tempdir("nagios")
    proc = None
    try:
        for d in ("checkresults", "archives"):
            os.mkdir(os.path.join(tmp, d))
        with open(os.path.join(tmp, "rdp-doctor-nagios.cfg"), "w", encoding="utf-8") as f:
            f.write(shipped_commands())
        with open(os.path.join(tmp, "objects.cfg"), "w", encoding="utf-8") as f:
            f.write(OBJECTS_HEAD)
            for name, (mode, _, _, _) in EXPECTED.items():
                f.write(SERVICE % {"name": name, "port": ports[mode], "timeout": TIMEOUT,
                                   "warn": WARN, "crit": CRIT})
        main = os.path.join(tmp, "nagios.cfg")
        with open(main, "w", encoding="utf-8") as f:
            f.write(MAIN_CFG.replace("@TMP@", tmp)
                    .replace("@USER@", pwd.getpwuid(os.geteuid()).pw_name)
                    .replace("@GROUP@", grp.getgrgid(os.getegid()).gr_name))
        # Nagios' own pre-flight check: a configuration it rejects is our
        # failure, not a reason to skip.
        res = labkit.run([NAGIOS, "-v", main], timeout=20, check_rc=False)
        labkit.check(res.returncode == 0, "nagios4 -v rejects the configuration:\n%s"
                     % "\n".join((res.stdout + res.stderr).splitlines()[-25:]))
        n = Nagios(tmp, None, ports)
        with open(n.out, "wb") as out:
            proc = labkit.spawn([NAGIOS, main], netns=ns.get(), stdout=out, stderr=out,
                                env={"HOME": labkit.empty_home()})
        n.proc = proc
        deadline = time.monotonic() + START_WAIT_S
        while not any(kind == "programstatus" for kind, _ in parse_status(n.status)):
            if proc.poll() is not None:
                raise labkit.Skip("nagios4 exited at the start (exit %s): %s" % (
                    proc.returncode, " ".join(labkit._tail(n.out, 3).split())))
            if time.monotonic() > deadline:
                raise labkit.Skip("nagios4 did not start within %d s" % START_WAIT_S)
            time.sleep(0.1)
        yield n
    finally:
        # Nagios alone first, so that it stops its workers itself; then its
        # whole process group, and whatever still names the temporary
        # directory, by pid; the workers reaped here.
        workers = [pid for pid in _own_pids(tmp) if proc is None or pid != proc.pid]
        reaper = bool(workers) and _become_subreaper()
        if proc is not None and proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=5.0)
            except subprocess.TimeoutExpired:
                pass
        labkit.stop(proc, grace=1.0)
        for pid in _own_pids(tmp):
            try:
                os.kill(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        if reaper:
            _reap(workers)
        labkit.remove_tempdir(tmp)


nag = labkit.Lazy(stack, nagios)
_states = {}


def service_states():
    """Waits (bounded) until status.dat shows every service checked with
    its output; returns {description: fields}."""
    if _states:
        return _states
    n = nag.get()
    deadline = time.monotonic() + STATE_WAIT_S
    while True:
        found = {f.get("service_description"): f for kind, f in parse_status(n.status)
                 if kind == "servicestatus"}
        if all(name in found and found[name].get("has_been_checked") == "1"
               and found[name].get("plugin_output") for name in EXPECTED):
            _states.update(found)
            return _states
        if n.proc.poll() is not None:
            raise AssertionError("nagios4 exited (exit %s)\n%s" % (n.proc.returncode, n.logs()))
        if time.monotonic() > deadline:
            raise AssertionError("not every service checked within %d s: %s\n%s" % (
                STATE_WAIT_S, {k: (v.get("has_been_checked"), v.get("plugin_output"))
                               for k, v in found.items()}, n.logs()))
        time.sleep(0.2)


def t_service(name):
    """One service as Nagios recorded it: state, output naming the cause id,
    performance data that parse and carry the command's thresholds."""
    mode, want_state, want_code, cause = EXPECTED[name]
    f = service_states()[name]
    output, perf = f.get("plugin_output", ""), f.get("performance_data", "")
    # Nagios splits the line at '|' and trims both parts: put it together
    # again as the plugin printed it and check it in full.
    line = output + (" | " + perf if perf else "") + "\n"
    detail = "%s: current_state=%s %r" % (name, f.get("current_state"), line)
    try:
        state, text, items = plugin_output.parse(line)
    except plugin_output.PluginOutputError as e:
        raise AssertionError("%s\n%s" % (e, detail))
    labkit.check_eq(f.get("current_state"), str(want_code), "current_state", detail)
    labkit.check_eq(state, want_state, "state in the output", detail)
    labkit.check(text.endswith("(%s)" % cause), "the output does not name %s\n%s"
                 % (cause, detail))
    labkit.check(perf, "no performance data\n" + detail)
    labkit.check("time" in items, "no time item\n" + detail)
    labkit.check_eq(items["time"][1], "s", "unit of time", detail)
    labkit.check_eq((items["time"][2], items["time"][3]), (WARN, CRIT),
                    "time's warn and crit (the command's $ARG3$ and $ARG4$)", detail)
    labkit.check("tcp" in items, "no tcp item\n" + detail)
    return "%s (%s): %s" % (name, mode, line.strip())


tests = [
    ("nagios4: healthy listener OK (0), healthy, perfdata parse",
     lambda: t_service("rdp-healthy")),
    ("nagios4: legacy WARNING (1), negotiation-ssl-not-allowed, perfdata parse",
     lambda: t_service("rdp-legacy")),
    ("nagios4: closed port CRITICAL (2), port-refused, perfdata parse",
     lambda: t_service("rdp-closed")),
]

if __name__ == "__main__":
    labkit.run_tests(labkit.Tap(), tests, setup=stack)
