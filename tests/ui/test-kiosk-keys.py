#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The keys that leave a program — Ctrl+Q, Ctrl+W, Alt+F4 — those of GTK's
inspector — Ctrl+Shift+I, Ctrl+Shift+D: it shows and changes every widget
and opens files — and a right click on the title bar (the window menu, with
Minimize), through XTest on an X server of the test's own. Without --kiosk
they work, so the test can tell; with it, the kiosk keeps running, alone on
the screen. Prints TAP."""

import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lab"))
import labkit  # noqa: E402

# The X server and process handling of the AT-SPI test (its name has a dash).
_spec = importlib.util.spec_from_file_location("test_atspi", os.path.join(HERE, "test-atspi.py"))
atspi_test = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(atspi_test)
start_xvfb, stop = atspi_test.start_xvfb, atspi_test.stop

PROGRAM = os.environ.get("RDP_DOCTOR", "rdp-doctor")

# Keycodes of Xvfb's keymap.
CONTROL, SHIFT, ALT = 37, 50, 64
KEY_INSPECTOR = (CONTROL, SHIFT, 31)     # Ctrl+Shift+I
KEY_INSPECTOR_D = (CONTROL, SHIFT, 40)   # Ctrl+Shift+D
KEY_QUIT = (CONTROL, 24)                 # Ctrl+Q
KEY_CLOSE = (CONTROL, 25)                # Ctrl+W
KEY_ALT_F4 = (ALT, 70)


def xlib():
    import ctypes
    x11 = ctypes.CDLL("libX11.so.6")
    x11.XOpenDisplay.restype = ctypes.c_void_p
    x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
    x11.XFlush.argtypes = [ctypes.c_void_p]
    x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
    x11.XDefaultRootWindow.restype = ctypes.c_ulong
    x11.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
    x11.XQueryTree.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.POINTER(ctypes.c_ulong),
                               ctypes.POINTER(ctypes.c_ulong), ctypes.POINTER(ctypes.c_void_p),
                               ctypes.POINTER(ctypes.c_uint)]
    x11.XFree.argtypes = [ctypes.c_void_p]
    return ctypes, x11


def mapped_windows(display):
    """How many windows the X server shows (children of the root that are
    viewable): the inspector or a dialog would be one more, even one that
    is not in the accessibility tree."""
    ctypes, x11 = xlib()

    class Attributes(ctypes.Structure):
        # XWindowAttributes up to map_state; the rest is room to spare.
        _fields_ = [("x", ctypes.c_int), ("y", ctypes.c_int), ("width", ctypes.c_int),
                    ("height", ctypes.c_int), ("border_width", ctypes.c_int), ("depth", ctypes.c_int),
                    ("visual", ctypes.c_void_p), ("root", ctypes.c_ulong), ("c_class", ctypes.c_int),
                    ("bit_gravity", ctypes.c_int), ("win_gravity", ctypes.c_int),
                    ("backing_store", ctypes.c_int), ("backing_planes", ctypes.c_ulong),
                    ("backing_pixel", ctypes.c_ulong), ("save_under", ctypes.c_int),
                    ("colormap", ctypes.c_ulong), ("map_installed", ctypes.c_int),
                    ("map_state", ctypes.c_int), ("spare", ctypes.c_char * 256)]

    x11.XGetWindowAttributes.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.POINTER(Attributes)]
    dpy = x11.XOpenDisplay(display.encode())
    labkit.check(dpy, "cannot open the display %s" % display)
    try:
        root, parent = ctypes.c_ulong(), ctypes.c_ulong()
        children, n = ctypes.c_void_p(), ctypes.c_uint()
        x11.XQueryTree(dpy, x11.XDefaultRootWindow(dpy), ctypes.byref(root), ctypes.byref(parent),
                       ctypes.byref(children), ctypes.byref(n))
        ids = ctypes.cast(children, ctypes.POINTER(ctypes.c_ulong))
        viewable = 0
        for i in range(n.value):
            attributes = Attributes()
            if x11.XGetWindowAttributes(dpy, ids[i], ctypes.byref(attributes)) and attributes.map_state == 2:
                viewable += 1
        if children:
            x11.XFree(children)
        return viewable
    finally:
        x11.XCloseDisplay(dpy)


def press_keys(display, combos):
    """Each combination of keys pressed and let go, through XTest, with the
    pointer over the window (without a window manager the keyboard goes
    where the pointer is)."""
    ctypes, x11 = xlib()
    xtst = ctypes.CDLL("libXtst.so.6")
    xtst.XTestFakeKeyEvent.argtypes = [ctypes.c_void_p, ctypes.c_uint, ctypes.c_int, ctypes.c_ulong]
    xtst.XTestFakeMotionEvent.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_int, ctypes.c_int,
                                          ctypes.c_ulong]
    dpy = x11.XOpenDisplay(display.encode())
    labkit.check(dpy, "cannot open the display %s" % display)
    try:
        xtst.XTestFakeMotionEvent(dpy, -1, 200, 200, 0)
        for keys in combos:
            for code in keys:
                xtst.XTestFakeKeyEvent(dpy, code, 1, 0)
            for code in reversed(keys):
                xtst.XTestFakeKeyEvent(dpy, code, 0, 0)
            x11.XFlush(dpy)
            time.sleep(0.5)
    finally:
        x11.XCloseDisplay(dpy)


def skip_all(reason):
    print("1..0 # SKIP %s" % reason)
    sys.exit(0)


def wait_for(predicate, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return predicate()


class Program:
    """rdp-doctor on @display, with its window shown."""

    def __init__(self, display, env, args):
        self.display = display
        self.proc = atspi_test.start([PROGRAM] + args, env=env, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
        labkit.check(wait_for(lambda: mapped_windows(display) >= 1, 15), "the window never showed")
        time.sleep(1)        # its content, and the focus

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        stop(self.proc)
        wait_for(lambda: mapped_windows(self.display) == 0, 5)


def main():
    if shutil.which("Xvfb") is None:
        skip_all("Xvfb is not installed")
    try:
        xlib()
        import ctypes
        ctypes.CDLL("libXtst.so.6")
    except OSError as e:
        skip_all("no libX11 or libXtst: %s" % e)

    tap = labkit.Tap()
    workdir = tempfile.mkdtemp(prefix="rd-kiosk-keys-")
    xvfb, display = start_xvfb()
    env = dict(os.environ)
    env.update({
        "DISPLAY": display,
        "GSETTINGS_BACKEND": "memory",
        "GSK_RENDERER": "cairo",
        "NO_AT_BRIDGE": "1",
        "XDG_RUNTIME_DIR": workdir,
        "LC_ALL": "C.UTF-8",
    })
    env.pop("G_DEBUG", None)         # no session bus here: GTK warns

    def opens_window(args, act, opens, what):
        """Runs @act on the program; whether a window (@what) came of it."""
        def run():
            with Program(display, env, args) as program:
                before = mapped_windows(display)
                act()
                time.sleep(1.5)
                after = mapped_windows(display)
                labkit.check(program.proc.poll() is None, "the program ended")
                if opens:
                    labkit.check(after > before, "no %s (%d windows)" % (what, after))
                else:
                    labkit.check_eq(after, before, "windows on the screen, after trying for %s" % what)
                return "%d window(s), then %d" % (before, after)
        return run

    def inspector_keys():
        press_keys(display, (KEY_INSPECTOR,))
        time.sleep(1.5)
        press_keys(display, (KEY_INSPECTOR_D,))

    def title_right_click():
        # The middle of the title bar, away from its buttons.
        labkit.x_click(display, 320, 22, 3)

    def leave(args, keys, ends):
        def run():
            with Program(display, env, args) as program:
                press_keys(display, keys)
                ended = wait_for(lambda: program.proc.poll() is not None, 3 if ends else 2)
                labkit.check_eq(ended, ends, "the program ended")
                if not ends:
                    labkit.check_eq(mapped_windows(display), 1, "windows on the screen")
        return run

    tests = [
        ("without --kiosk, Ctrl+Shift+I opens GTK's inspector",
         opens_window([], inspector_keys, True, "the inspector")),
        ("without --kiosk, Ctrl+Q quits", leave([], (KEY_QUIT,), True)),
        ("without --kiosk, a right click on the title bar gives the window menu",
         opens_window([], title_right_click, True, "the window menu")),
        ("kiosk: Ctrl+Shift+I and Ctrl+Shift+D open no inspector",
         opens_window(["--kiosk"], inspector_keys, False, "the inspector")),
        ("kiosk: Ctrl+Q, Ctrl+W and Alt+F4 leave it running",
         leave(["--kiosk"], (KEY_QUIT, KEY_CLOSE, KEY_ALT_F4), False)),
        ("kiosk: a right click on the title bar gives no window menu (Minimize)",
         opens_window(["--kiosk"], title_right_click, False, "the window menu")),
    ]
    try:
        labkit.run_tests(tap, tests)
    finally:
        stop(xvfb)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
