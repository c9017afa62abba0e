#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""README's first command as a person runs it: `build-aux/dev run [HOST]`
with a display (Xvfb) and none of the tests' environment (no schema
directory, no memory settings backend): without HOST (the practice host) and
with one (a closed port on 127.0.0.1), in a session of its own
(dbus-run-session) and without any session bus. Each time the wizard must
map its window (X11: viewable, _NET_WM_PID the built wizard) and stay up
without a critical or an abort.

Then an installed copy whose settings schema is missing (GSETTINGS_SCHEMA_DIR
and XDG_DATA_DIRS empty): the wizard says which schema on stderr and in a
window, and once that window is closed exits with 3 (internal error) instead
of aborting in g_settings_new(); the terminal mode does not need the schema
at all. Prints TAP."""

import ctypes
import ctypes.util
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

root = os.environ["RD_SOURCE_DIR"]
build = os.environ["RD_BUILD_DIR"]
dev = os.path.join(root, "build-aux", "dev")
cli = os.path.join(build, "cli", "rdp-doctor")
wizard = os.path.realpath(os.path.join(build, "ui", "rdp-doctor-wizard"))
APP_ID = "io.github.rdpdoctor.RdpDoctor"
UP_SECONDS = 8          # each run of build-aux/dev run stays up this long
MAP_SECONDS = 6         # its window is mapped within this time
EXIT_SECONDS = 5        # the missing schema: message, window, exit
BAD = ("-ERROR", "CRITICAL", "is not installed")

CASES = 5
print("1..%d" % CASES)
missing = [tool for tool in ("Xvfb", "dbus-run-session", "xwininfo", "xprop") if shutil.which(tool) is None]
if missing:
    for i in range(1, CASES + 1):
        print("ok %d - build-aux/dev run # SKIP missing: %s" % (i, " ".join(missing)))
    sys.exit(0)


def free_port():
    """A port on 127.0.0.1 that nothing listens on (the checks find it
    refused, quickly)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def x_tool(display, *args):
    try:
        cp = subprocess.run([args[0], "-display", display] + list(args[1:]),
                            capture_output=True, text=True, timeout=5)
    except subprocess.TimeoutExpired:
        return ""
    return cp.stdout if cp.returncode == 0 else ""


def wizard_windows(display):
    """The wizard's viewable top-level windows: [(id, name)]. xwininfo names
    every window; _NET_WM_PID says whose it is (the exe of that process is
    the built wizard: rdp-doctor becomes it with exec())."""
    found = []
    for m in re.finditer(r'^\s+(0x[0-9a-f]+) "(.*)": \(', x_tool(display, "xwininfo", "-root", "-tree"), re.M):
        wid, name = m.group(1), m.group(2)
        pid = re.search(r"= (\d+)", x_tool(display, "xprop", "-id", wid, "_NET_WM_PID"))
        if pid is None:
            continue
        try:
            exe = os.path.realpath(os.readlink("/proc/%s/exe" % pid.group(1)))
        except OSError:
            continue
        if exe != wizard:
            continue
        if "Map State: IsViewable" in x_tool(display, "xwininfo", "-id", wid):
            found.append((wid, name))
    return found


def close_window(display, wid):
    """What a window manager's close button does: WM_DELETE_WINDOW, sent
    with libX11 (no window manager runs on Xvfb)."""

    class ClientMessage(ctypes.Structure):
        _fields_ = [("type", ctypes.c_int), ("serial", ctypes.c_ulong), ("send_event", ctypes.c_int),
                    ("display", ctypes.c_void_p), ("window", ctypes.c_ulong),
                    ("message_type", ctypes.c_ulong), ("format", ctypes.c_int),
                    ("data", ctypes.c_long * 5)]

    class XEvent(ctypes.Union):
        _fields_ = [("xclient", ClientMessage), ("pad", ctypes.c_long * 24)]

    x11 = ctypes.CDLL(ctypes.util.find_library("X11") or "libX11.so.6")
    x11.XOpenDisplay.restype = ctypes.c_void_p
    x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
    x11.XInternAtom.restype = ctypes.c_ulong
    x11.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
    x11.XSendEvent.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_long,
                               ctypes.POINTER(XEvent)]
    x11.XFlush.argtypes = [ctypes.c_void_p]
    x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
    dpy = x11.XOpenDisplay(display.encode())
    if not dpy:
        raise RuntimeError("cannot open display %s" % display)
    event = XEvent()
    event.xclient.type = 33                       # ClientMessage
    event.xclient.window = int(wid, 16)
    event.xclient.message_type = x11.XInternAtom(dpy, b"WM_PROTOCOLS", 0)
    event.xclient.format = 32
    event.xclient.data[0] = x11.XInternAtom(dpy, b"WM_DELETE_WINDOW", 0)
    event.xclient.data[1] = 0                     # CurrentTime
    x11.XSendEvent(dpy, int(wid, 16), 0, 0, ctypes.byref(event))
    x11.XFlush(dpy)
    x11.XCloseDisplay(dpy)


def stop(proc):
    """Ends the run and everything it started (its own process group: the
    session bus, the practice host, the accessibility bus)."""
    for sig, wait in ((signal.SIGTERM, 20), (signal.SIGKILL, 10)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            pass
        try:
            proc.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def stderr_of(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read()


def clean_env(home, display, **extra):
    env = {k: v for k, v in os.environ.items()
           if k not in ("GSETTINGS_SCHEMA_DIR", "GSETTINGS_BACKEND", "GTK_A11Y", "NO_AT_BRIDGE", "G_DEBUG",
                        "DBUS_SESSION_BUS_ADDRESS")}
    env.update({"HOME": home, "XDG_CONFIG_HOME": os.path.join(home, ".config"),
                "XDG_RUNTIME_DIR": home, "RD_BUILD_DIR": build, "LC_ALL": "C.UTF-8", "LANGUAGE": ""})
    if display is not None:
        env["DISPLAY"] = display
    env.update(extra)
    return env


def report(number, ok, what, problems, err):
    if ok:
        print("ok %d - %s" % (number, what))
        return
    print("not ok %d - %s" % (number, what))
    for p in problems:
        print("# " + p)
    for line in err.splitlines()[-15:]:
        print("#   " + line)


def dev_run(number, display, what, argv, **extra):
    """One run of README's command: its window is mapped within MAP_SECONDS,
    it is still up after UP_SECONDS and said nothing critical."""
    home = tempfile.mkdtemp(prefix="rd-dev-run-")
    err_path = os.path.join(home, "stderr")
    with open(err_path, "wb") as err_file:
        proc = subprocess.Popen(argv, env=clean_env(home, display, **extra), cwd=home,
                                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err_file,
                                start_new_session=True)
    started = time.monotonic()
    titles = []
    mapped_after = None
    while time.monotonic() < started + UP_SECONDS and proc.poll() is None:
        if mapped_after is None or len(titles) < 3:
            for _, name in wizard_windows(display):
                if mapped_after is None:
                    mapped_after = time.monotonic() - started
                if name not in titles:
                    titles.append(name)
        time.sleep(0.25)
    alive = proc.poll() is None
    stop(proc)
    err = stderr_of(err_path)
    shutil.rmtree(home, ignore_errors=True)

    problems = []
    if mapped_after is None or mapped_after > MAP_SECONDS:
        problems.append("no viewable window of the wizard within %d s" % MAP_SECONDS)
    elif not all("Remote Desktop Doctor" in t for t in titles):
        problems.append("a window not titled “Remote Desktop Doctor”: %s" % ", ".join(titles))
    if not alive:
        problems.append("exited with %s before %d s" % (proc.returncode, UP_SECONDS))
    bad = [line for line in err.splitlines() if any(b in line for b in BAD)]
    if bad:
        problems.append("stderr: " + " | ".join(bad[:5]))
    detail = "%s: window mapped after %.1f s, titled %s; up %d s, nothing critical" % (
        what, mapped_after or 0, " → ".join("“%s”" % t for t in titles) or "?", UP_SECONDS)
    report(number, not problems, detail if not problems else what, problems, err)


def missing_schema(number, display, empty):
    """The wizard without its schema: the message names it at once, a window
    shows it, closing that window ends the program with 3, not an abort."""
    home = tempfile.mkdtemp(prefix="rd-dev-run-")
    err_path = os.path.join(home, "stderr")
    env = clean_env(home, display, GSETTINGS_SCHEMA_DIR=empty, XDG_DATA_DIRS=empty,
                    DBUS_SESSION_BUS_ADDRESS="disabled:")
    with open(err_path, "wb") as err_file:
        proc = subprocess.Popen([cli], env=env, cwd=home, stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=err_file, start_new_session=True)
    problems = []
    started = time.monotonic()
    window = None
    while time.monotonic() < started + EXIT_SECONDS and proc.poll() is None and window is None:
        shown = wizard_windows(display)
        window = shown[0] if shown else None
        if window is None:
            time.sleep(0.2)
    said = APP_ID in stderr_of(err_path)
    if window is None:
        problems.append("no window within %d s (status %s)" % (EXIT_SECONDS, proc.poll()))
    else:
        close_window(display, window[0])
    try:
        status = proc.wait(timeout=EXIT_SECONDS)
    except subprocess.TimeoutExpired:
        status = None
        problems.append("still running %d s after its window was closed" % EXIT_SECONDS)
    stop(proc)
    err = stderr_of(err_path)
    shutil.rmtree(home, ignore_errors=True)
    if status is not None and status != 3:
        problems.append("status %s (wanted 3; 133 or a negative one is an abort)" % status)
    if not said:
        problems.append("stderr does not name %s" % APP_ID)
    if "-ERROR" in err:
        problems.append("GLib error (the abort of g_settings_new)")
    detail = ("without its settings schema: stderr names %s, window “%s” shown, closed, status 3"
              % (APP_ID, window[1] if window else "?"))
    report(number, not problems, detail if not problems else "without its settings schema", problems, err)


def headless_without_schema(number, empty):
    """The terminal mode never uses GSettings."""
    home = tempfile.mkdtemp(prefix="rd-dev-run-")
    target = "127.0.0.1:%d" % free_port()
    env = clean_env(home, None, GSETTINGS_SCHEMA_DIR=empty, XDG_DATA_DIRS=empty,
                    DBUS_SESSION_BUS_ADDRESS="disabled:")
    env.pop("DISPLAY", None)
    problems = []
    try:
        cp = subprocess.run([cli, "--headless", target], env=env, cwd=home, stdin=subprocess.DEVNULL,
                            capture_output=True, text=True, timeout=90)
        err, status = cp.stderr, cp.returncode
    except subprocess.TimeoutExpired as e:
        err, status = (e.stderr or b"").decode("utf-8", "replace"), None
        problems.append("still running after 90 s")
    shutil.rmtree(home, ignore_errors=True)
    if status is not None and status not in (0, 1):
        problems.append("status %s (wanted 1: the port is closed)" % status)
    bad = [line for line in err.splitlines() if any(b in line for b in BAD)]
    if bad:
        problems.append("stderr: " + " | ".join(bad[:5]))
    report(number, not problems,
           "rdp-doctor --headless %s without a settings schema: status %s" % (target, status)
           if not problems else "--headless without a settings schema", problems, err)


read, write = os.pipe()
xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1024x768x24", "-nolisten", "tcp"],
                        pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
os.close(write)
empty = tempfile.mkdtemp(prefix="rd-no-schema-")
try:
    with os.fdopen(read, "rb") as f:
        display = ":" + f.readline().strip().decode()   # Xvfb writes it once it is ready
    host = "127.0.0.1:%d" % free_port()
    # build-aux/dev run builds and starts _build/: in another build's run
    # (the sanitized one) these three would test _build/ again.
    if os.path.realpath(build) != os.path.realpath(os.path.join(root, "_build")):
        for i in range(1, 4):
            print("ok %d - build-aux/dev run # SKIP it runs _build/, tested in that build's run" % i)
    else:
        dev_run(1, display, "dbus-run-session -- build-aux/dev run (the practice host)",
                ["dbus-run-session", "--", dev, "run"])
        dev_run(2, display, "dbus-run-session -- build-aux/dev run %s (a closed port)" % host,
                ["dbus-run-session", "--", dev, "run", host])
        dev_run(3, display, "build-aux/dev run without a session bus (the practice host)",
                [dev, "run"], DBUS_SESSION_BUS_ADDRESS="disabled:")
    missing_schema(4, display, empty)
    headless_without_schema(5, empty)
finally:
    xvfb.terminate()
    try:
        xvfb.wait(timeout=10)
    except subprocess.TimeoutExpired:
        xvfb.kill()
        xvfb.wait(timeout=10)
    shutil.rmtree(empty, ignore_errors=True)
