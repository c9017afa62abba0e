#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Malformed input to `rdp-doctor --headless` must be refused at parse time:
exit code 2, one message on stderr that names the problem, no crash.

Every input here fails before any name is resolved or any connection made;
where an option is under test the target is 127.0.0.1, so that a program
that wrongly went ahead would touch only the loopback interface.
Prints TAP.
"""

import os
import shutil
import subprocess
import sys
import tempfile

EXIT_USAGE = 2
TIMEOUT = 10
LOOPBACK = "127.0.0.1"


def make_files(directory):
    """Writes the .rdp files the --file cases read; returns their paths."""
    paths = {}

    def write(name, data):
        path = os.path.join(directory, name)
        with open(path, "wb") as f:
            f.write(data)
        paths[name] = path

    write("empty.rdp", b"")
    write("no-address.rdp", "screen mode id:i:2\r\nusername:s:alice\r\n".encode("utf-8"))
    write("no-address-utf16.rdp",
          b"\xff\xfe" + "screen mode id:i:2\r\nusername:s:alice\r\n".encode("utf-16-le"))
    write("junk.rdp", bytes(range(256)) * 4)
    write("bad-address.rdp", b"full address:s:a..b\r\n")
    write("unreadable.rdp", b"full address:s:127.0.0.1\r\n")
    os.chmod(paths["unreadable.rdp"], 0)
    paths["missing.rdp"] = os.path.join(directory, "missing.rdp")
    paths["dir"] = directory
    return paths


def cases(paths):
    """(description, arguments after --headless, key words; any one must
    appear in stderr, compared without case, skip reason or None)."""
    long_name = ".".join(["a" * 63] * 4)
    long_label = "a" * 64 + ".example.com"
    root = hasattr(os, "geteuid") and os.geteuid() == 0

    return [
        ("empty target", [""], ["enter the name", "address"], None),
        ("only spaces", ["   "], ["enter the name", "address"], None),
        ("space inside", ["my pc"], ["space"], None),
        ("port 0", ["pc01.example.com:0"], ["port"], None),
        ("port 65536", ["pc01.example.com:65536"], ["port"], None),
        ("port with letters", ["pc01.example.com:rdp"], ["port"], None),
        ("colon without port", ["pc01.example.com:"], ["port"], None),
        ("name over 253 bytes", [long_name], ["too long", "253"], None),
        ("label over 63 bytes", [long_label], ["too long", "63"], None),
        ("unclosed bracket", ["[2001:db8::1"], ["[", "bracket"], None),
        ("junk after bracket", ["[2001:db8::1]x"], ["]", "bracket"], None),
        ("brackets around a name", ["[pc01]"], ["ipv6", "bracket"], None),
        ("empty label", ["a..b"], ["a..b", "empty"], None),
        ("label ending in hyphen", ["pc01-.example.com"], ["hyphen"], None),
        ("user name in target", ["alice@pc01"], ["@"], None),
        ("invalid IPv4", ["999.1.1.1"], ["ipv4", "999.1.1.1"], None),
        ("control character", ["pc\x0101"], ["u+0001", "cannot be part"], None),
        ("not text", [b"pc\xff01"], ["text", "characters", "byte sequence"], None),
        ("rdp:// without host", ["rdp://"], ["rdp://", "link"], None),
        ("rdp:// parameters without full address", ["rdp://username=s:alice"],
         ["link", "computer"], None),
        ("bad escape in rdp://", ["rdp://pc%zz"], ["link", "%"], None),
        ("other URI scheme", ["http://pc01.example.com"], ["http://", "rdp://"], None),
        ("--file nonexistent", ["--file", paths["missing.rdp"]],
         ["missing.rdp", "no such file"], None),
        ("--file unreadable", ["--file", paths["unreadable.rdp"]],
         ["unreadable.rdp", "permission"],
         "root reads files without read permission" if root else None),
        ("--file directory", ["--file", paths["dir"]], ["directory", "folder"], None),
        ("--file device", ["--file", "/dev/zero"], ["regular", "zero"], None),
        ("--file empty", ["--file", paths["empty.rdp"]], ["full address", "empty.rdp"], None),
        ("--file without address", ["--file", paths["no-address.rdp"]],
         ["full address", "no-address.rdp"], None),
        ("--file UTF-16 without address", ["--file", paths["no-address-utf16.rdp"]],
         ["full address", "no-address-utf16.rdp"], None),
        ("--file binary junk", ["--file", paths["junk.rdp"]],
         ["not a text file", "connection file"], None),
        ("--file bad address", ["--file", paths["bad-address.rdp"]], ["a..b"], None),
        ("--port 0", [LOOPBACK, "--port", "0"], ["port"], None),
        ("--port 65536", [LOOPBACK, "--port", "65536"], ["port"], None),
        ("--port letters", [LOOPBACK, "--port", "abc"], ["port"], None),
        ("--timeout -1", [LOOPBACK, "--timeout", "-1"], ["timeout", "second"], None),
        ("--timeout letters", [LOOPBACK, "--timeout", "abc"], ["timeout", "second"], None),
        ("unknown option", [LOOPBACK, "--no-such-option"],
         ["no-such-option", "unknown option"], None),
        ("computer and --file both", [LOOPBACK, "--file", paths["empty.rdp"]], ["either", "--file"], None),
        ("two computers", [LOOPBACK, LOOPBACK], ["only one"], None),
        ("no computer", [], ["which computer"], None),
        ("--use-address without --write-profile", [LOOPBACK, "--use-address", "192.0.2.10"],
         ["--write-profile"], None),
        ("--use-address with a name", [LOOPBACK, "--write-profile", paths["dir"] + "/x.rdp",
                                       "--use-address", "pc01.example.com"], ["ip address"], None),
        ("--use-address malformed", [LOOPBACK, "--write-profile", paths["dir"] + "/x.rdp",
                                     "--use-address", "1.2.3"], ["1.2.3", "address"], None),
        ("--write-profile unknown kind", [LOOPBACK, "--write-profile", paths["dir"] + "/x.txt"],
         [".rdp", ".remmina"], None),
        ("--write-profile into a missing folder",
         [LOOPBACK, "--timeout", "1", "--write-profile", paths["dir"] + "/missing/x.rdp"],
         ["missing", "no such file"], None),
        ("--host-script into a missing folder",
         [LOOPBACK, "--timeout", "1", "--host-script", paths["dir"] + "/missing/x.ps1"],
         ["missing", "no such file"], None),
    ]


def child_env():
    env = dict(os.environ)
    # Messages are checked in English.
    env["LC_ALL"] = "C.UTF-8"
    env.pop("LANGUAGE", None)
    return env


def run_case(program, args, keywords):
    """Returns None when the case passes, else a list of reasons."""
    argv = [os.fsencode(program), b"--headless"]
    argv += [a if isinstance(a, bytes) else os.fsencode(a) for a in args]

    try:
        result = subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True,
                                timeout=TIMEOUT, env=child_env())
    except subprocess.TimeoutExpired:
        return ["no exit within %d seconds" % TIMEOUT]

    stdout = result.stdout.decode("utf-8", "replace")
    stderr = result.stderr.decode("utf-8", "replace")
    problems = []

    if result.returncode < 0:
        problems.append("killed by signal %d" % -result.returncode)
    elif result.returncode != EXIT_USAGE:
        problems.append("exit code %d, expected %d" % (result.returncode, EXIT_USAGE))

    if not stderr.strip():
        problems.append("nothing on stderr")
    elif not any(k.lower() in stderr.lower() for k in keywords):
        problems.append("stderr names none of %r" % (keywords,))

    for stream, text in (("stdout", stdout), ("stderr", stderr)):
        for marker in ("Traceback", "-CRITICAL **", "-WARNING **", "AddressSanitizer"):
            if marker in text:
                problems.append("%s has %r" % (stream, marker))

    if problems:
        problems.append("stderr: %r" % stderr[:500])
        problems.append("stdout: %r" % stdout[:500])
    return problems or None


def main():
    program = os.environ.get("RDP_DOCTOR")
    if not program:
        print("Bail out! RDP_DOCTOR is not set to the program under test")
        return 1
    if not os.access(program, os.X_OK):
        print("Bail out! %s is not an executable" % program)
        return 1

    directory = tempfile.mkdtemp(prefix="rd-cli-input-")
    try:
        all_cases = cases(make_files(directory))
        print("1..%d" % len(all_cases))
        failed = 0

        for number, (description, args, keywords, skip) in enumerate(all_cases, 1):
            if skip:
                print("ok %d - %s # SKIP %s" % (number, description, skip))
                continue

            problems = run_case(program, args, keywords)
            if problems is None:
                print("ok %d - %s" % (number, description))
            else:
                failed += 1
                print("not ok %d - %s" % (number, description))
                for line in problems:
                    print("# " + line.replace("\n", "\n# "))
            sys.stdout.flush()
    finally:
        path = os.path.join(directory, "unreadable.rdp")
        if os.path.exists(path):
            os.chmod(path, 0o600)
        shutil.rmtree(directory, ignore_errors=True)

    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
