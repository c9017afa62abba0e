#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The person's own Remote Desktop app: the certificate it remembers and
"Connect now".

- A fake HOME whose $XDG_CONFIG_HOME/freerdp/known_hosts2 (FreeRDP 2's
  format: host port fingerprint subject issuer) remembers another
  certificate for 127.0.0.1:PORT than the fault host's tls-ok serves ->
  client-remembers-old-certificate (warning), with the app's forget fix;
  the same fingerprint -> nothing; a FIFO in its place -> no hang.  The
  diagnosis only reads the file: every byte and its mtime stay.
- The real xfreerdp (FreeRDP 2) with the argument vector Connect now builds
  and +auth-only against freerdp-shadow-cli /sec:nla given a SAM file with
  the test's own dummy account: the right password signs in (exit 0), a
  wrong one fails (the shadow server closes the connection: exit 147), and
  the window's sentence for that exit is FreeRDP's reason.
- The real Remmina (remmina-plugin-rdp) opening a profile rdp-doctor wrote,
  with the argument vector Connect now builds, against a real xrdp on an
  Xvfb display: its window appears, xrdp's log shows the connection, and a
  screenshot of the display is kept in the build folder
  (_build/tests/lab/artefacts/).  Its certificate question answered Yes,
  FreeRDP writes $XDG_CONFIG_HOME/freerdp/known_hosts2 with the
  certificate's SHA-256, which the client check then finds the same.
Prints TAP."""

import contextlib
import ctypes
import os
import shutil
import struct
import subprocess
import sys
import time
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import labkit  # noqa: E402

TIMEOUT = 2
CAUSE = "client-remembers-old-certificate"
OTHER_FP = ":".join(["5a"] * 32)

stack = contextlib.ExitStack()
fault = labkit.Lazy(stack, lambda: labkit.fault_host(["tls-ok"]))


def need(*progs):
    for prog in progs:
        if shutil.which(prog) is None:
            raise labkit.Skip("%s is not installed" % prog)


def build_path(*parts):
    return os.path.join(os.environ.get("RD_BUILD_DIR", "."), *parts)


def launch_argv(*args):
    """The argument vector Connect now builds (tests/lab/rd-launch-argv)."""
    cp = labkit.run([build_path("tests", "lab", "rd-launch-argv")] + list(args))
    return cp.stdout.splitlines()


def fingerprint(cert):
    """The certificate's SHA-256 as FreeRDP 2 writes it: lowercase hex
    pairs joined by ':'."""
    out = labkit.run(["openssl", "x509", "-in", cert, "-noout", "-fingerprint", "-sha256"]).stdout
    return out.strip().split("=", 1)[1].lower()


@contextlib.contextmanager
def fake_home(known_hosts=None, fifo=False):
    """A HOME in a temporary folder for labkit.run_doctor(home=...);
    known_hosts: the bytes of its config/freerdp/known_hosts2.  Yields
    (home, path of known_hosts2)."""
    home = labkit.tempdir("app-home")
    path = os.path.join(home, "config", "freerdp", "known_hosts2")
    os.makedirs(os.path.dirname(path))
    if fifo:
        os.mkfifo(path)
    elif known_hosts is not None:
        with open(path, "wb") as f:
            f.write(known_hosts)
    try:
        yield home, path
    finally:
        labkit.remove_tempdir(home)


def known_hosts(port, fp):
    return ("# FreeRDP's certificate memory\n"
            "pc.example.com 3389 %s c3ViamVjdA== aXNzdWVy\n"
            "127.0.0.1 %d %s Q049bG9jYWxob3N0 Q049bG9jYWxob3N0\r\n"
            "127.0.0.1 %d %s c3ViamVjdA== aXNzdWVy" % (OTHER_FP, port, fp, port + 1, OTHER_FP)).encode()


def client_check(res):
    check = labkit.find_check(res.report, "client") if res.report else None
    labkit.check(check is not None, "no 'client' check in the report\n" + labkit.describe(res))
    return check


def t_remembers_old():
    ports = fault.get()
    port = ports["tls-ok"]
    data = known_hosts(port, OTHER_FP)
    with fake_home(data) as (home, path):
        before = os.stat(path)
        res = labkit.run_doctor(["127.0.0.1:%d" % port, "--timeout", str(TIMEOUT)], home=home)
        d = labkit.describe(res)
        causes = {c.get("id"): c for c in res.report.get("causes", [])} if res.report else {}
        labkit.check(CAUSE in causes, "no %s among %s\n%s" % (CAUSE, list(causes), d))
        labkit.check_eq(causes[CAUSE].get("severity"), "warning", "severity", d)
        remedies = {r.get("id"): r for r in causes[CAUSE].get("remedies", [])}
        labkit.check("client-forget-certificate" in remedies, "remedies %r\n%s" % (list(remedies), d))
        labkit.check_eq(remedies["client-forget-certificate"].get("action"), "forget-certificate",
                        "the remedy's app action", d)
        ev = client_check(res).get("evidence", {})
        labkit.check_eq(ev.get("same_certificate"), False, "client evidence same_certificate", d)
        labkit.check_eq(ev.get("stale_file"), path, "client evidence stale_file", d)
        labkit.check_eq(ev.get("stored_fingerprint"), OTHER_FP, "client evidence stored_fingerprint", d)
        labkit.check_eq(res.rc, 1, "exit code", d)
        with open(path, "rb") as f:
            labkit.check(f.read() == data, "the diagnosis changed known_hosts2")
        after = os.stat(path)
        labkit.check_eq(after.st_mtime_ns, before.st_mtime_ns, "known_hosts2 mtime", d)
    return "%s (warning), stored %s..., measured %s..., file untouched, wall %.2f s" % (
        CAUSE, OTHER_FP[:11], ev.get("measured_fingerprint", "")[:11], res.wall)


def t_remembers_same():
    ports = fault.get()
    port = ports["tls-ok"]
    fp = fingerprint(ports.cert)
    with fake_home(known_hosts(port, fp)) as (home, _):
        res = labkit.run_doctor(["127.0.0.1:%d" % port, "--timeout", str(TIMEOUT)], home=home)
        d = labkit.describe(res)
        labkit.check(CAUSE not in labkit.cause_ids(res.report), "%s named\n%s" % (CAUSE, d))
        check = client_check(res)
        labkit.check_eq(check.get("status"), "pass", "client status", d)
        labkit.check_eq(check.get("evidence", {}).get("same_certificate"), True, "same_certificate", d)
    return "the same certificate (%s...): no cause, client pass" % fp[:11]


def t_fifo():
    port = fault.get()["tls-ok"]
    with fake_home(fifo=True) as (home, _):
        res = labkit.run_doctor(["127.0.0.1:%d" % port, "--timeout", str(TIMEOUT)], home=home)
        d = labkit.describe(res)
        labkit.check(not res.timed_out and res.report is not None, "no report in time\n" + d)
        files = client_check(res).get("evidence", {}).get("files", [])
        labkit.check(files and "not a regular file" in files[0].get("error", ""),
                     "files %r\n%s" % (files, d))
        labkit.check(CAUSE not in labkit.cause_ids(res.report), "%s named\n%s" % (CAUSE, d))
    return "a FIFO as known_hosts2: read refused at once (%s), wall %.2f s" % (
        files[0].get("error"), res.wall)


# ------------------------------------------------------------------ xfreerdp

@contextlib.contextmanager
def shadow_with_account():
    need("Xvfb", "freerdp-shadow-cli", "openssl")
    tmp = labkit.tempdir("sam")
    try:
        # winpr's SAM line: user:domain:LM hash:NT hash:::, the NT hash the
        # MD4 of the UTF-16LE password (OpenSSL's legacy provider).
        nt = labkit.run(["openssl", "dgst", "-md4", "-provider", "legacy", "-provider", "default", "-r"],
                        input="r\0d\0l\0a\0b\0").stdout.split()[0]
        sam = os.path.join(tmp, "SAM")
        with open(sam, "w") as f:
            f.write("rdlab::%s:%s:::\n" % ("0" * 32, nt))
        with labkit.shadow_server("nla", extra=["/sam-file:%s" % sam]) as port:
            yield port
    finally:
        labkit.remove_tempdir(tmp)


shadow = labkit.Lazy(stack, shadow_with_account)


def xfreerdp_auth_only(port, password):
    need("xfreerdp", "xvfb-run", "timeout")
    argv = launch_argv("xfreerdp", "127.0.0.1", str(port))
    labkit.check_eq(argv[:2], ["xfreerdp", "/v:127.0.0.1:%d" % port], "Connect now's argv")
    home = labkit.tempdir("xf-home")
    try:
        # The test's own dummy account; /cert:ignore for the shadow
        # server's certificate made a moment ago.
        cp = labkit.run(["env", "HOME=%s" % home, "xvfb-run", "-a", "timeout", "20"] + argv +
                        ["+auth-only", "/u:rdlab", "/p:%s" % password, "/cert:ignore"],
                        timeout=40, check_rc=False)
    finally:
        labkit.remove_tempdir(home)
    return argv, cp


def t_xfreerdp_signs_in():
    port = shadow.get()
    argv, cp = xfreerdp_auth_only(port, "rdlab")
    labkit.check_eq(cp.returncode, 0, "xfreerdp +auth-only exit with the right password",
                    (cp.stdout + cp.stderr)[-1500:])
    return "%s +auth-only /u:rdlab: exit 0" % " ".join(argv)


def t_xfreerdp_auth_fails():
    """The shadow server (winpr's NTLM) closes the connection after a
    failed sign-in instead of sending an error code, so xfreerdp 2.11
    reports ERRCONNECT_CONNECT_TRANSPORT_FAILED (exit 147); a Windows host
    answers with the logon failure (132, 134 or 154). The same argument
    vector signed in with the right password (the test before), so the
    password alone makes the difference; 131 would be no connection at all."""
    port = shadow.get()
    argv, cp = xfreerdp_auth_only(port, "wrong")
    out = (cp.stdout + cp.stderr)[-1500:]
    labkit.check(cp.returncode in (132, 134, 147, 154), "xfreerdp exit %s, expected an authentication "
                 "failure (132, 134, 154) or the shadow server's close after it (147)\n%s" % (cp.returncode, out))
    labkit.check("ERRCONNECT_CONNECT_FAILED" not in out and "DNS" not in out,
                 "xfreerdp did not reach the server\n" + out)
    said = launch_argv("--describe", "xfreerdp", str(cp.returncode))[0]
    labkit.check(said.startswith("FreeRDP could not connect: ") and "(exit %d)" % cp.returncode in said,
                 "the window would say %r" % said)
    return ["%s +auth-only, wrong password: exit %d (right password: exit 0)" % (" ".join(argv), cp.returncode),
            "the window says: %s" % said]


# ------------------------------------------------------------------ Remmina

def x_screenshot(display, path):
    """The X display's root window as a PNG (XGetImage through ctypes)."""
    xlib = ctypes.CDLL("libX11.so.6")
    xlib.XOpenDisplay.restype = ctypes.c_void_p
    xlib.XOpenDisplay.argtypes = [ctypes.c_char_p]
    xlib.XDefaultRootWindow.restype = ctypes.c_ulong
    xlib.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
    xlib.XDisplayWidth.argtypes = xlib.XDisplayHeight.argtypes = [ctypes.c_void_p, ctypes.c_int]
    xlib.XGetImage.restype = ctypes.c_void_p
    xlib.XGetImage.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_int,
                               ctypes.c_uint, ctypes.c_uint, ctypes.c_ulong, ctypes.c_int]
    xlib.XCloseDisplay.argtypes = [ctypes.c_void_p]

    class XImage(ctypes.Structure):
        _fields_ = [("width", ctypes.c_int), ("height", ctypes.c_int), ("xoffset", ctypes.c_int),
                    ("format", ctypes.c_int), ("data", ctypes.c_void_p),
                    ("byte_order", ctypes.c_int), ("bitmap_unit", ctypes.c_int),
                    ("bitmap_bit_order", ctypes.c_int), ("bitmap_pad", ctypes.c_int),
                    ("depth", ctypes.c_int), ("bytes_per_line", ctypes.c_int),
                    ("bits_per_pixel", ctypes.c_int)]

    dpy = xlib.XOpenDisplay(display.encode())
    labkit.check(dpy, "cannot open display %s" % display)
    try:
        w, h = xlib.XDisplayWidth(dpy, 0), xlib.XDisplayHeight(dpy, 0)
        img = xlib.XGetImage(dpy, xlib.XDefaultRootWindow(dpy), 0, 0, w, h, 0xFFFFFFFF, 2)
        labkit.check(img, "XGetImage failed")
        im = XImage.from_address(img)
        labkit.check_eq(im.bits_per_pixel, 32, "bits per pixel")
        raw = ctypes.string_at(im.data, im.bytes_per_line * h)
        rows = []
        for y in range(h):
            line = raw[y * im.bytes_per_line:y * im.bytes_per_line + 4 * w]
            rgb = bytearray(3 * w)
            rgb[0::3], rgb[1::3], rgb[2::3] = line[2::4], line[1::4], line[0::4]
            rows.append(b"\0" + bytes(rgb))
        xlib.XFree(ctypes.c_void_p(im.data))
        xlib.XFree(ctypes.c_void_p(img))
    finally:
        xlib.XCloseDisplay(dpy)

    def chunk(kind, body):
        return (struct.pack(">I", len(body)) + kind + body +
                struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))

    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) +
           chunk(b"IDAT", zlib.compress(b"".join(rows), 6)) + chunk(b"IEND", b""))
    with open(path, "wb") as f:
        f.write(png)
    # How much of the screen is not the empty black of a fresh Xvfb.
    lit = sum(1 for row in rows for v in row[1::97] if v)
    return w, h, lit


def window_names(display):
    cp = labkit.run(["env", "DISPLAY=" + display, "xwininfo", "-root", "-tree"], check_rc=False)
    return [l.strip() for l in cp.stdout.splitlines() if '"' in l and "has no name" not in l]


def remmina_windows(names):
    return [n for n in names if "emmina" in n or "pc" in n]


def connected(xrdp_log):
    """xrdp's log since Remmina started shows a connection."""
    return "connection received" in xrdp_log or "TLS connection established" in xrdp_log \
        or "draw login window" in xrdp_log


def t_remmina():
    need("remmina", "xrdp", "Xvfb", "xwininfo", "dbus-run-session")
    if not os.path.exists("/usr/lib/x86_64-linux-gnu/remmina/plugins/remmina-plugin-rdp.so") and \
            not any("remmina-plugin-rdp" in f for _, _, fs in os.walk("/usr/lib") for f in fs):
        raise labkit.Skip("remmina-plugin-rdp is not installed")
    tmp = labkit.tempdir("remmina")
    xvfb = remmina = None
    try:
        cert, key = labkit.make_cert(tmp)
        with labkit.xrdp_server("negotiate", cert=cert, key=key) as port:
            profile = os.path.join(tmp, "pc.remmina")
            wrote = labkit.run_doctor(["127.0.0.1:%d" % port, "--timeout", str(TIMEOUT),
                                       "--write-profile", profile])
            labkit.check(os.path.exists(profile), "rdp-doctor wrote no profile\n" + labkit.describe(wrote))
            argv = launch_argv("remmina", "127.0.0.1", str(port), profile)
            labkit.check_eq(argv, ["remmina", "-c", profile], "Connect now's argv")
            start = os.path.getsize(port.log)
            xvfb, display = labkit.start_xvfb(tmp)
            run_dir = os.path.join(tmp, "run")
            os.mkdir(run_dir, 0o700)
            env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "DISPLAY": display,
                   "HOME": tmp, "XDG_CONFIG_HOME": os.path.join(tmp, "config"),
                   "XDG_DATA_HOME": os.path.join(tmp, "data"), "XDG_CACHE_HOME": os.path.join(tmp, "cache"),
                   "XDG_RUNTIME_DIR": run_dir, "NO_AT_BRIDGE": "1", "GDK_BACKEND": "x11",
                   "LC_ALL": "C.UTF-8",
                   # Remmina is not ours to hold to the tests' fatal warnings
                   # (it logs GLib criticals of its own on start).
                   "G_DEBUG": "", "GSETTINGS_BACKEND": "memory"}
            with open(os.path.join(tmp, "remmina.log"), "wb") as log:
                remmina = labkit.spawn(["dbus-run-session", "--"] + argv, env=env, stdout=log, stderr=log)
            names, xrdp_log, seen_at = [], "", None
            deadline = time.monotonic() + 25
            while time.monotonic() < deadline:
                time.sleep(0.5)
                names = window_names(display)
                with open(port.log, "rb") as f:
                    f.seek(start)
                    xrdp_log = f.read().decode("utf-8", "replace")
                if connected(xrdp_log) and remmina_windows(names):
                    # a moment more for the window to draw
                    seen_at = seen_at or time.monotonic()
                    if time.monotonic() - seen_at > 3:
                        break
            out_dir = build_path("tests", "lab", "artefacts")
            os.makedirs(out_dir, exist_ok=True)
            shot = os.path.join(out_dir, "test-lab-app-remmina.png")
            w, h, lit = x_screenshot(display, shot)
            with open(os.path.join(tmp, "remmina.log"), "rb") as f:
                rlog = f.read().decode("utf-8", "replace")[-1500:]
            d = "windows: %r\nxrdp log:\n%s\nremmina log:\n%s" % (names[:12], port.log_tail(12), rlog)
            labkit.check(remmina_windows(names), "no Remmina window on %s\n%s" % (display, d))
            labkit.check(connected(xrdp_log), "xrdp's log shows no connection from Remmina\n" + d)
            labkit.check(lit > 0, "the screenshot is empty")

            # Yes to Remmina's certificate question (where it stands at
            # 1024x768): FreeRDP then remembers the certificate, in the file
            # and the line format the client check reads.
            labkit.x_click(display, 107, 232)
            known = os.path.join(tmp, "config", "freerdp", "known_hosts2")
            entry = None
            deadline = time.monotonic() + 15
            while entry is None and time.monotonic() < deadline:
                time.sleep(0.5)
                if os.path.exists(known):
                    with open(known, "rb") as f:
                        for line in f.read().decode("utf-8", "replace").splitlines():
                            # Remmina 1.4 sets FreeRDP's CertificateName to
                            # "host:port" off port 3389, and FreeRDP keys the
                            # line by it.
                            if line.split(" ")[:2] in (["127.0.0.1", str(port)],
                                                       ["127.0.0.1:%d" % port, str(port)]):
                                entry = line
            time.sleep(2)
            shot2 = os.path.join(out_dir, "test-lab-app-remmina-accepted.png")
            x_screenshot(display, shot2)
            content = open(known, "rb").read() if os.path.exists(known) else None
            labkit.check(entry is not None, "Remmina wrote no known_hosts2 line for 127.0.0.1 %d in %s: %r"
                         "\n%s" % (port, known, content, d))
            fields = entry.split(" ")
            labkit.check_eq(len(fields), 5, "fields of Remmina's known_hosts2 line %r" % entry)
            labkit.check_eq(fields[2], fingerprint(cert), "the fingerprint Remmina remembered")
            res = labkit.run_doctor(["127.0.0.1:%d" % port, "--timeout", str(TIMEOUT)], home=tmp)
            ev = client_check(res).get("evidence", {})
            labkit.check_eq(ev.get("same_certificate"), True, "client check on Remmina's own file",
                            labkit.describe(res))
            return ["%s (profile written by rdp-doctor --write-profile)" % " ".join(argv),
                    "windows: %s" % "; ".join(remmina_windows(names))[:300],
                    "xrdp log: %s" % " / ".join(l.split("]", 1)[-1].strip() for l in xrdp_log.splitlines()
                                                if "connection" in l or "login" in l)[-400:],
                    "screenshot %dx%d: %s" % (w, h, shot),
                    "certificate accepted: Remmina wrote %s: %s" % (known, entry[:90]),
                    "client check on that file: same_certificate true; screenshot after: %s" % shot2]
    finally:
        labkit.stop(remmina, grace=3.0)
        labkit.stop(xvfb, grace=3.0)
        labkit.remove_tempdir(tmp)


tests = [
    ("known_hosts2 remembers another certificate for 127.0.0.1:PORT -> %s, file only read" % CAUSE,
     t_remembers_old),
    ("known_hosts2 remembers the certificate served -> no cause", t_remembers_same),
    ("known_hosts2 is a FIFO -> refused at once, no hang", t_fifo),
    ("xfreerdp with Connect now's argv, +auth-only, shadow server with a SAM account -> signs in",
     t_xfreerdp_signs_in),
    ("xfreerdp with Connect now's argv, wrong password -> fails after the sign-in, said so",
     t_xfreerdp_auth_fails),
    ("Remmina opens the profile rdp-doctor wrote against xrdp (window, xrdp log, screenshot)",
     t_remmina),
]

if __name__ == "__main__":
    labkit.run_tests(labkit.Tap(), tests, setup=stack)
