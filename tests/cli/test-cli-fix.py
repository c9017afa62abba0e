#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""--write-profile, --fix-in-place, --undo-profile and --host-script on the
files people really have: a FIFO (refused at once, never a hang), a link into
another folder (kept a link, the file it names updated, the backup beside
it), a UTF-16LE .rdp file fixed in place (every other byte kept) and undone
(byte for byte), a full disk and a read-only folder (the diagnosis printed
with its own exit code, the failure on a line of its own and in "fix", no
empty backup). The computer is 127.0.0.1 on a port nobody listens on: the
diagnosis is quick and says "port refused" (exit 1). Prints TAP."""

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

TIMEOUT = 30
EXIT_CAUSE = 1
EXIT_USAGE = 2


def closed_port():
    """A loopback port with no listener (bound, then closed)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def env():
    e = dict(os.environ)
    e["LC_ALL"] = "C.UTF-8"
    e.pop("LANGUAGE", None)
    return e


def run(program, *args):
    start = time.monotonic()
    result = subprocess.run([program, "--headless", *args], stdin=subprocess.DEVNULL,
                            capture_output=True, timeout=TIMEOUT, env=env())
    return result, time.monotonic() - start


def utf16(text):
    return b"\xff\xfe" + text.encode("utf-16-le")


def read(path):
    with open(path, "rb") as f:
        return f.read()


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)


class Case:
    def __init__(self):
        self.problems = []

    def check(self, condition, what):
        if not condition:
            self.problems.append(what)


def case_fifo(program, d, port):
    c = Case()
    fifo = os.path.join(d, "pipe.rdp")
    os.mkfifo(fifo)
    for option in ("--write-profile", "--host-script"):
        result, took = run(program, "127.0.0.1:%d" % port, "--timeout", "1", option, fifo)
        c.check(result.returncode == EXIT_USAGE, "%s: exit %d" % (option, result.returncode))
        c.check(took < 5, "%s: took %.1f s" % (option, took))
        c.check(b"not a regular file" in result.stderr, "%s: stderr %r" % (option, result.stderr[:300]))
        # Refused before the checks ran: no report.
        c.check(result.stdout == b"", "%s: a report was printed" % option)
    return c


def case_symlink(program, d, port):
    c = Case()
    real_dir = os.path.join(d, "real")
    link_dir = os.path.join(d, "links")
    os.mkdir(real_dir)
    os.mkdir(link_dir)
    real = os.path.join(real_dir, "work.rdp")
    write(real, utf16("full address:s:127.0.0.1:%d\r\nusername:s:bob\r\n" % port))
    os.chmod(real, 0o640)
    link = os.path.join(link_dir, "work.rdp")
    os.symlink("../real/work.rdp", link)
    script_real = os.path.join(real_dir, "fix.ps1")
    write(script_real, b"old")
    script_link = os.path.join(link_dir, "fix.ps1")
    os.symlink(script_real, script_link)

    result, _ = run(program, "--file", link, "--fix-in-place", "--use-address", "127.0.0.2",
                    "--timeout", "1", "--host-script", script_link, "--json")
    c.check(result.returncode == EXIT_CAUSE, "exit %d" % result.returncode)
    for name in (link, script_link):
        c.check(os.path.islink(name), "%s is no longer a link" % name)
    c.check(sorted(os.listdir(link_dir)) == ["fix.ps1", "work.rdp"],
            "the links' folder has %r" % os.listdir(link_dir))
    c.check(os.path.exists(real + ".bak") and os.path.exists(script_real + ".bak"),
            "no backup beside the files: %r" % os.listdir(real_dir))
    c.check(b"127.0.0.2".decode().encode("utf-16-le") in read(real), "the file the link names is not fixed")
    c.check(oct(os.stat(real).st_mode & 0o777) == oct(0o640), "mode %o" % (os.stat(real).st_mode & 0o777))
    try:
        fix = json.loads(result.stdout)["fix"]
        c.check(fix.get("in_place") is True, "fix: %r" % fix)
    except (ValueError, KeyError) as e:
        c.problems.append("no JSON fix: %r" % e)
    return c


def case_in_place_and_undo(program, d, port):
    c = Case()
    path = os.path.join(d, "office.rdp")
    before = ("screen mode id:i:2\r\n\r\nfull address:s:127.0.0.1:%d\r\n"
              "x-unknown:s:Grüße 🙂\r\nusername:s:EXAMPLE\\alice" % port)
    after = ("screen mode id:i:2\r\n\r\nfull address:s:127.0.0.2:%d\r\n"
             "x-unknown:s:Grüße 🙂\r\nusername:s:EXAMPLE\\alice" % port)
    write(path, utf16(before))
    # --write-profile onto the file the computer came from edits it in place too.
    result, _ = run(program, "--file", path, "--write-profile", path, "--use-address", "127.0.0.2",
                    "--timeout", "1")
    c.check(result.returncode == EXIT_CAUSE, "exit %d" % result.returncode)
    c.check(read(path) == utf16(after), "fixed bytes: %r" % read(path))
    c.check(read(path + ".bak") == utf16(before), "backup bytes differ")

    result, _ = run(program, "--undo-profile", path)
    c.check(result.returncode == 0, "undo: exit %d %r" % (result.returncode, result.stderr))
    c.check(read(path) == utf16(before), "undone bytes: %r" % read(path))
    c.check(not os.path.exists(path + ".bak"), "the backup used is still there")

    result, _ = run(program, "--undo-profile", path)
    c.check(result.returncode == EXIT_USAGE, "second undo: exit %d" % result.returncode)
    c.check(b"no copy" in result.stderr, "second undo: %r" % result.stderr)

    result, _ = run(program, "127.0.0.1:%d" % port, "--fix-in-place")
    c.check(result.returncode == EXIT_USAGE and b"--file" in result.stderr,
            "--fix-in-place without a file: exit %d %r" % (result.returncode, result.stderr))
    return c


def mount_tmpfs(where, options):
    return subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", where],
                          capture_output=True).returncode == 0


def case_not_written(program, d, port, read_only):
    """The file cannot be written: the diagnosis still printed, exit 1."""
    c = Case()
    disk = os.path.join(d, "ro" if read_only else "full")
    os.mkdir(disk)
    if not mount_tmpfs(disk, "size=16k"):
        return None
    try:
        path = os.path.join(disk, "office.remmina")
        old = b"[remmina]\nprotocol=RDP\nserver=127.0.0.1:%d\n# " % port + b"x" * 3000 + b"\n"
        write(path, old)
        if read_only:
            subprocess.run(["mount", "-o", "remount,ro", disk], check=True)
        else:
            try:
                with open(os.path.join(disk, "filler"), "wb", buffering=0) as f:
                    while True:
                        f.write(b"f" * 512)
            except OSError:
                pass
        for attempt in range(2):
            result, _ = run(program, "127.0.0.1:%d" % port, "--timeout", "1", "--write-profile", path,
                            "--use-address", "127.0.0.2", "--json")
            c.check(result.returncode == EXIT_CAUSE, "exit %d" % result.returncode)
            c.check(b"Could not" in result.stderr, "stderr: %r" % result.stderr[:300])
            try:
                report = json.loads(result.stdout)
                c.check("profile_error" in report.get("fix", {}), "fix: %r" % report.get("fix"))
                c.check(report["verdict"] == "broken", "verdict %r" % report["verdict"])
            except (ValueError, KeyError) as e:
                c.problems.append("no JSON report: %r" % e)
        names = sorted(os.listdir(disk))
        c.check(names == (["office.remmina"] if read_only else ["filler", "office.remmina"]),
                "left behind: %r" % names)
        c.check(read(path) == old, "the old file changed")
    finally:
        subprocess.run(["umount", disk], capture_output=True)
    return c


def main():
    program = os.environ.get("RDP_DOCTOR")
    if not program:
        print("Bail out! RDP_DOCTOR is not set to the program under test")
        return 1
    port = closed_port()
    cases = [
        ("a FIFO is refused before the checks, at once", lambda d: case_fifo(program, d, port)),
        ("a link into another folder stays a link", lambda d: case_symlink(program, d, port)),
        ("a UTF-16LE .rdp file fixed in place and undone byte for byte",
         lambda d: case_in_place_and_undo(program, d, port)),
        ("a full disk: diagnosis kept, no empty backup",
         lambda d: case_not_written(program, d, port, False)),
        ("a read-only folder: diagnosis kept, nothing left",
         lambda d: case_not_written(program, d, port, True)),
    ]
    print("1..%d" % len(cases))
    failed = 0
    for number, (description, body) in enumerate(cases, 1):
        d = tempfile.mkdtemp(prefix="rd-cli-fix-")
        try:
            if "disk" in description or "read-only" in description:
                if os.geteuid() != 0:
                    print("ok %d - %s # SKIP needs root to mount a small tmpfs" % (number, description))
                    continue
            c = body(d)
            if c is None:
                print("ok %d - %s # SKIP could not mount a tmpfs" % (number, description))
            elif c.problems:
                failed += 1
                print("not ok %d - %s" % (number, description))
                for p in c.problems:
                    print("# " + str(p).replace("\n", "\n# "))
            else:
                print("ok %d - %s" % (number, description))
        except Exception as e:  # a crash of the test is a failure, not a hang
            failed += 1
            print("not ok %d - %s" % (number, description))
            print("# %r" % e)
        finally:
            shutil.rmtree(d, ignore_errors=True)
        sys.stdout.flush()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
