#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The whole loop, as a person goes through it, driven through the
accessibility tree: their Remmina profile "Office PC" (set to the old RDP
security, which the computer refuses) is on the welcome page; they pick it,
apply the fix on the "Sign-in and encryption" step (the profile itself is
fixed, a backup beside it), go on to the result and press "Connect Now".
Remmina opens the fixed profile and reaches the real xrdp: its certificate
question is answered, and the screenshot shows xrdp's login screen.

The built program and Remmina share a display, a session bus and an
accessibility bus of the test's own, in a loopback-only network namespace;
the home folder is a fresh one. Screenshots are kept in
_build/tests/ui/screenshots/own-app-*.png. Prints TAP."""

import importlib.util
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lab"))
import labkit  # noqa: E402

_spec = importlib.util.spec_from_file_location("rd_atspi", os.path.join(HERE, "test-atspi.py"))
atspi = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(atspi)
_spec = importlib.util.spec_from_file_location("rd_lab_app", os.path.join(HERE, "..", "lab", "test-lab-app.py"))
lab_app = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(lab_app)

PROGRAM = atspi.PROGRAM
# No user name: xrdp would try to sign it in at once instead of showing
# its login screen.
PROFILE = ("[remmina]\n"
           "# Office PC, set up by hand\n"
           "name=Office PC\n"
           "protocol=RDP\n"
           "server=127.0.0.1:{port}\n"
           "security=rdp\n"
           "colordepth=32\n")
FIX = "Let your app negotiate the security"
WAIT = 40


def skip_all(reason):
    print("1..0 # SKIP %s" % reason)
    sys.exit(0)


def outer():
    # The wizard's memory is checked by the other tests of the sanitized
    # run; this one is about Remmina's side of the loop.
    if "ASAN_OPTIONS" in os.environ:
        skip_all("not in the sanitized run")
    for prog in ("Xvfb", "dbus-run-session", "remmina", "xrdp", "xwininfo"):
        if shutil.which(prog) is None:
            skip_all("%s is not installed" % prog)
    if not any("remmina-plugin-rdp" in f for _, _, fs in os.walk("/usr/lib") for f in fs):
        skip_all("remmina-plugin-rdp is not installed")
    if not os.path.exists("/usr/libexec/at-spi-bus-launcher"):
        skip_all("at-spi2-core is not installed")
    try:
        import pyatspi  # noqa: F401
    except ImportError:
        skip_all("python3-pyatspi is not installed")
    reason = labkit.netns_available()
    if reason is not None:
        skip_all("no private network namespace: %s" % reason)
    with labkit.session(), labkit.loopback_ns() as ns:
        env = dict(os.environ)
        for name in ("DBUS_SESSION_BUS_ADDRESS", "NO_AT_BRIDGE", "GTK_A11Y", "AT_SPI_BUS_ADDRESS"):
            env.pop(name, None)
        cp = subprocess.run(["ip", "netns", "exec", ns, "dbus-run-session", "--",
                             sys.executable, os.path.abspath(__file__), "--inner"],
                            env=env, timeout=300)
        return cp.returncode


def press(acc):
    action = acc.queryAction()
    labkit.check(action.nActions > 0, "“%s” offers no action" % acc.name)
    action.doAction(0)


def find_named(app, name, roles, timeout, sensitive=True):
    import pyatspi

    def predicate(acc):
        try:
            return atspi.named(name, roles)(acc) and \
                (not sensitive or acc.getState().contains(pyatspi.STATE_SENSITIVE))
        except Exception:
            return False
    return atspi.find(app, predicate, timeout)


def find_text(app, starts, timeout):
    import pyatspi

    def predicate(acc):
        try:
            return acc.getRole() in (pyatspi.ROLE_LABEL, pyatspi.ROLE_STATIC) and \
                atspi.text_of(acc).startswith(starts) and acc.getState().contains(pyatspi.STATE_VISIBLE)
        except Exception:
            return False
    return atspi.find(app, predicate, timeout)


def login_background(path):
    """Pixels of xrdp's login background (0, 150, 180 or near) in a PNG
    that x_screenshot() wrote: one IDAT, filter byte 0 on every row."""
    with open(path, "rb") as f:
        data = f.read()
    width, height = struct.unpack(">II", data[16:24])
    pos, idat = 8, b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        if kind == b"IDAT":
            idat += data[pos + 8:pos + 8 + length]
        pos += 12 + length
    raw = zlib.decompress(idat)
    count = 0
    for y in range(height):
        row = raw[y * (1 + 3 * width) + 1:(y + 1) * (1 + 3 * width)]
        for x in range(0, width, 2):
            r, g, b = row[3 * x:3 * x + 3]
            if r < 40 and 120 < g < 180 and 150 < b < 210:
                count += 1
    return count


def the_loop(workdir, display, port, xrdp_log):
    import pyatspi
    home = os.path.join(workdir, "home")
    profile_dir = os.path.join(home, ".local", "share", "remmina")
    os.makedirs(profile_dir)
    profile = os.path.join(profile_dir, "office-pc.remmina")
    with open(profile, "w") as f:
        f.write(PROFILE.format(port=port))
    with open(profile, "rb") as f:
        before = f.read()

    env = dict(os.environ)
    env.update({"DISPLAY": display, "HOME": home, "XDG_DATA_HOME": os.path.join(home, ".local", "share"),
                "XDG_CONFIG_HOME": os.path.join(home, ".config"), "XDG_CACHE_HOME": os.path.join(home, ".cache"),
                "XDG_RUNTIME_DIR": workdir, "GSETTINGS_BACKEND": "memory", "GTK_A11Y": "atspi",
                "GSK_RENDERER": "cairo", "LC_ALL": "C.UTF-8", "GDK_BACKEND": "x11"})
    env.pop("NO_AT_BRIDGE", None)
    env.pop("G_DEBUG", None)       # Remmina, started by the wizard, logs criticals of its own
    shots = os.path.join(os.environ.get("RD_BUILD_DIR", "."), "tests", "ui", "screenshots")
    os.makedirs(shots, exist_ok=True)
    log = open(os.path.join(workdir, "wizard.log"), "wb")
    proc = atspi.start([PROGRAM], env=env, stdout=log, stderr=subprocess.STDOUT)
    lines = []
    try:
        app = atspi.find_app()
        labkit.check(app is not None, "the program never showed up in the accessibility tree")

        # 1. The welcome page lists the profile by its own name.
        def office_row(acc):
            try:
                return (acc.name or "").startswith("Office PC") and \
                    acc.getState().contains(pyatspi.STATE_VISIBLE) and acc.queryAction().nActions > 0
            except Exception:
                return False
        row = atspi.find(app, office_row, 20)
        labkit.check(row is not None, "no “Office PC” on the welcome page:\n" + atspi.dump(app))
        lines.append("welcome page: “%s”" % row.name)
        # GTK 4.8 offers no action on a list row through AT-SPI: a click on
        # its title, where it is on the screen (the window is at the origin
        # of a display without a window manager).
        ext = row.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
        labkit.x_click(display, ext.x + ext.width // 2, ext.y + ext.height // 2)

        # 2. The step that names the cause offers the fix in the profile itself.
        fix = find_named(app, FIX, (pyatspi.ROLE_PUSH_BUTTON,), WAIT)
        labkit.check(fix is not None, "no “%s” button:\n%s" % (FIX, atspi.dump(app, 300)))
        lab_app.x_screenshot(display, os.path.join(shots, "own-app-1-fix.png"))
        press(fix)
        fixed = find_text(app, "Fixed:", WAIT)
        labkit.check(fixed is not None, "the fix was never reported fixed:\n" + atspi.dump(app, 300))
        with open(profile, "rb") as f:
            after = f.read()
        labkit.check_eq(after, before.replace(b"security=rdp\n", b"security=\n"), "the profile after the fix")
        labkit.check(os.path.exists(profile + ".bak"), "no backup beside the profile")
        lines.append("fixed in place: security=rdp -> security=, backup kept; the page says “%s”"
                     % atspi.text_of(fixed)[:80])

        # 3. On to the result, and Connect Now.
        connect = None
        for _ in range(6):
            connect = find_named(app, "Connect Now", (pyatspi.ROLE_PUSH_BUTTON,), 2)
            if connect is not None:
                break
            forward = find_named(app, "Next", (pyatspi.ROLE_PUSH_BUTTON,), 5) or \
                find_named(app, "Done", (pyatspi.ROLE_PUSH_BUTTON,), 1)
            labkit.check(forward is not None, "no Next button:\n" + atspi.dump(app, 300))
            press(forward)
        labkit.check(connect is not None, "no “Connect Now” on the result page:\n" + atspi.dump(app, 300))
        start = os.path.getsize(xrdp_log)
        press(connect)

        # 4. Remmina opens the fixed profile and reaches xrdp.
        names, seen = [], ""
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            time.sleep(0.5)
            names = lab_app.window_names(display)
            with open(xrdp_log, "rb") as f:
                f.seek(start)
                seen = f.read().decode("utf-8", "replace")
            if lab_app.connected(seen) and any("Remmina" in n or "127.0.0.1" in n or "Office" in n
                                                for n in names):
                break
        time.sleep(2)
        lab_app.x_screenshot(display, os.path.join(shots, "own-app-2-remmina.png"))
        labkit.check(lab_app.connected(seen), "xrdp's log shows no connection after Connect Now; windows: %r"
                     % names[:12])
        # Yes to Remmina's certificate question, then the login screen:
        # xrdp's blue-green background fills the session window.
        labkit.x_click(display, 107, 232)
        shot = os.path.join(shots, "own-app-3-login.png")
        deadline = time.monotonic() + WAIT
        teal = 0
        while time.monotonic() < deadline and teal < 20000:
            time.sleep(1)
            w, h, lit = lab_app.x_screenshot(display, shot)
            teal = login_background(shot)
        labkit.check(teal >= 20000, "no xrdp login screen in %s (%d pixels of its background)" % (shot, teal))
        with open(xrdp_log, "rb") as f:
            f.seek(start)
            seen = f.read().decode("utf-8", "replace")
        labkit.check("login" in seen or "draw login window" in seen or "TLS connection established" in seen,
                     "xrdp never got to its login screen:\n%s" % seen[-1500:])
        lines.append("Connect Now -> Remmina; xrdp: %s" % " / ".join(
            l.split("]", 1)[-1].strip() for l in seen.splitlines() if "connection" in l or "login" in l)[-300:])
        lines.append("screenshots: own-app-1-fix.png, own-app-2-remmina.png, own-app-3-login.png (%dx%d)" % (w, h))
        return lines
    finally:
        atspi.stop(proc)           # its process group: Remmina too
        log.close()


def inner():
    tap = labkit.Tap()
    workdir = tempfile.mkdtemp(prefix="rd-own-app-")
    procs = []
    try:
        bus = atspi.start(["/usr/libexec/at-spi-bus-launcher", "--launch-immediately"],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        procs.append(bus)
        xvfb, display = atspi.start_xvfb()
        procs.append(xvfb)
        import pyatspi  # noqa: F401 (connects to the bus started above)
        with labkit.xrdp_server("tls") as port:
            labkit.run_tests(tap, [("Office PC: welcome page -> fix in place -> Connect Now -> "
                                    "Remmina at xrdp's login screen",
                                    lambda: the_loop(workdir, display, port, port.log))])
    finally:
        for proc in reversed(procs):
            atspi.stop(proc)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "--inner":
        inner()
    else:
        sys.exit(outer())
