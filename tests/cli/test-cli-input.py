#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Malformed input to `rdp-doctor --headless` must be refused at parse time:
exit code 2, one message on stderr that names the problem, no crash.

Every input here fails before any name is resolved or any connection made;
where an option is under test the target is 127.0.0.1, so that a program
that wrongly went ahead would touch only the loopback interface.
Prints TAP.
"""

import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile

EXIT_USAGE = 2
# Every case fails while reading its input, in milliseconds; a case that runs
# this long is hanging (a pipe or a device read forever), even with the
# sanitizers' slowdown.
TIMEOUT = 5
LOOPBACK = "127.0.0.1"
TEN_MB = 10 * 1024 * 1024


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

    def utf16(text):
        return text.encode("utf-16-le")

    # The same junk on every run, so a failure can be reproduced.
    junk = random.Random(904).randbytes(4096)
    write("random-junk.rdp", junk)
    write("ten-mb.rdp", b"full address:s:127.0.0.1\r\n" * (TEN_MB // 26 + 1))
    write("ten-mb-one-line.rdp", b"full address:s:" + b"a" * TEN_MB)
    write("ten-mb-utf16.rdp", b"\xff\xfe" + utf16("a") * (TEN_MB // 2))
    write("utf16-lone-high.rdp", b"\xff\xfe" + utf16("full address:s:pc") + b"\x00\xd8" + utf16("01\r\n"))
    write("utf16-lone-low.rdp", b"\xff\xfe" + utf16("full address:s:pc") + b"\x00\xdc" + utf16("01\r\n"))
    write("utf16-high-at-end.rdp", b"\xff\xfe" + utf16("full address:s:pc01") + b"\x3d\xd8")
    write("utf16-odd-length.rdp", b"\xff\xfe" + utf16("full address:s:pc01\r\n") + b"\x0a")
    write("utf16-bom-then-junk.rdp", b"\xff\xfe" + bytes(range(0xd8, 0xe0)) * 64)
    write("utf16-big-endian.rdp", b"\xfe\xff" + "full address:s:127.0.0.1\r\n".encode("utf-16-be"))
    write("nul-in-host.rdp", b"full address:s:pc\x0001\r\n")
    write("nul-in-host-utf16.rdp", b"\xff\xfe" + utf16("full address:s:pc\x0001\r\n"))
    write("nul-in-line.rdp", b"screen mode id:i:2\r\nuser\x00name:s:alice\r\nfull address:s:pc01\r\n")
    write("latin1.rdp", "full address:s:bücher.example\r\n".encode("latin-1"))
    write("bom-only-utf16.rdp", b"\xff\xfe")
    write("bom-only-utf8.rdp", b"\xef\xbb\xbf")
    write("blank-lines.rdp", b"\r\n\r\n   \r\n\t\r\n")
    write("full-address-empty.rdp", b"screen mode id:i:2\r\nfull address:s:\r\n")
    write("full-address-spaces.rdp", b"full address:s:    \r\n")
    write("port-in-address.rdp", b"full address:s:pc01:70000\r\n")
    write("server-port-range.rdp", b"full address:s:pc01\r\nserver port:i:99999\r\n")
    write("server-port-negative.rdp", b"full address:s:pc01\r\nserver port:i:-3389\r\n")
    write("long-host.rdp", b"full address:s:" + b"a" * 100_000 + b"\r\n")
    write("control-chars.rdp", b"full address:s:pc\x1b[2J01\r\n")
    write("only-control-chars.rdp", bytes(range(1, 9)) + bytes(range(14, 32)))
    write("cr-only.rdp", b"screen mode id:i:2\rfull address:s:a..b\rserver port:i:3390\r")
    write("cr-only-utf16.rdp", b"\xff\xfe" + utf16("screen mode id:i:2\rfull address:s:a..b\r"))
    write("two-addresses.rdp", b"full address:s:pc01\r\nscreen mode id:i:2\r\nfull address:s:pc02\r\n")
    write("two-server-ports.rdp", b"full address:s:127.0.0.1\r\nserver port:i:3390\r\n"
          b"server port:i:3391\r\n")
    write("server-port.rdp", b"full address:s:127.0.0.1\r\nserver port:i:3390\r\n")
    write("password-address.rdp", b"full address:s:alice:secret@127.0.0.1\r\n")

    write("not-key-file.remmina", b"this is not a key file\nserver=pc01\n")
    write("no-group.remmina", b"[other]\nprotocol=RDP\nserver=pc01\n")
    write("vnc.remmina", b"[remmina]\nname=Office\nprotocol=VNC\nserver=127.0.0.1:5900\n")
    write("server-empty.remmina", b"[remmina]\nprotocol=RDP\nserver=\n")
    write("no-server.remmina", b"[remmina]\nname=Office\nprotocol=RDP\n")
    write("empty.remmina", b"")
    write("junk.remmina", junk)
    write("ten-mb.remmina", b"[remmina]\nprotocol=RDP\nserver=127.0.0.1\n" + b"#" * TEN_MB)
    write("nul.remmina", b"[remmina]\nprotocol=RDP\nserver=pc\x0001\n")
    write("latin1.remmina", "[remmina]\nprotocol=RDP\nserver=bücher\n".encode("latin-1"))
    write("port.remmina", b"[remmina]\nprotocol=RDP\nserver=pc01:0\n")

    def link(name, target):
        path = os.path.join(directory, name)
        os.symlink(target, path)
        paths[name] = path

    link("zero-link.rdp", "/dev/zero")
    link("urandom-link.rdp", "/dev/urandom")
    link("zero-link.remmina", "/dev/zero")
    link("dangling-link.rdp", os.path.join(directory, "nowhere.rdp"))
    link("loop-link.rdp", "loop-link.rdp")

    for name in ("fifo.rdp", "fifo.remmina"):
        paths[name] = os.path.join(directory, name)
        os.mkfifo(paths[name])

    paths["folder.rdp"] = os.path.join(directory, "folder.rdp")
    os.mkdir(paths["folder.rdp"])

    # A listening socket keeps its file until it is closed; closed at exit.
    paths["socket.rdp"] = os.path.join(directory, "socket.rdp")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.bind(paths["socket.rdp"])
    paths["_socket"] = sock
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
        # The range the message names is the range taken: 0 is below it.
        ("--timeout 0", [LOOPBACK, "--timeout", "0"], ["“0” is not a number of seconds from 0.1 to 600"],
         None),
        ("--timeout 0.05", [LOOPBACK, "--timeout", "0.05"], ["from 0.1 to 600"], None),
        ("--timeout 601", [LOOPBACK, "--timeout", "601"], ["from 0.1 to 600"], None),
        ("--timeout 1e2", [LOOPBACK, "--timeout", "1e2"], ["from 0.1 to 600"], None),
        ("--timeout 0x10", [LOOPBACK, "--timeout", "0x10"], ["from 0.1 to 600"], None),
        ("--jobs 0", ["--hosts-file", paths["dir"] + "/x.txt", "--jobs", "0"],
         ["from 1 to 32"], None),
        ("--port 0", [LOOPBACK, "--port", "0"], ["from 1 to 65535"], None),
        ("--per-address 65", ["--hosts-file", paths["dir"] + "/x.txt", "--per-address", "65"],
         ["from 0 (no bound) to 64", "“65”"], None),
        ("--per-address -1", ["--hosts-file", paths["dir"] + "/x.txt", "--per-address", "-1"],
         ["from 0 (no bound) to 64"], None),
        ("--per-address without --hosts-file", [LOOPBACK, "--per-address", "2"],
         ["--per-address goes with --hosts-file"], None),
        # A user name and password where the computer goes: named, never echoed
        # (no output may hold "secret", see run_case).
        ("user and password", ["alice:secret@" + LOOPBACK],
         ["“alice:•••@127.0.0.1” has a user name and password"], None),
        ("user and password in an rdp:// link", ["rdp://alice:secret@" + LOOPBACK + ":3390"],
         ["user name and password"], None),
        ("user and password in Microsoft's rdp:// form",
         ["rdp://full%20address=s:alice:secret@" + LOOPBACK], ["user name and password"], None),
        ("user name alone", ["alice@" + LOOPBACK], ["“alice@127.0.0.1” has a user name"], None),
        ("password in another scheme", ["ssh://alice:secret@" + LOOPBACK], ["ssh://alice:•••@"], None),
        ("password in a file:// link", ["file://alice:secret@pc01/work.rdp"], ["file://alice:•••@"],
         None),
        ("password in --use-address", [LOOPBACK, "--write-profile", paths["dir"] + "/x.rdp",
                                       "--use-address", "alice:secret@192.0.2.10"],
         ["user name and password"], None),
        ("password in a .rdp file", [paths["password-address.rdp"]], ["alice:•••@127.0.0.1"], None),
        ("IPv6 zone id in brackets", ["[fe80::1%lo]:3389"], ["zone id"], None),
        ("IPv6 zone id", ["fe80::1%eth0"], ["zone id"], None),
        # Two different ports: refused, both named.
        ("port in the computer and --port", [LOOPBACK + ":3390", "--port", "3391"],
         ["“127.0.0.1:3390” says port 3390, but --port says 3391"], None),
        ("port in a .rdp file and --port", [paths["server-port.rdp"], "--port", "3391"],
         ["server-port.rdp” says port 3390, but --port says 3391"], None),
        (".rdp file with CR line ends", [paths["cr-only.rdp"]], ["“a..b”"], None),
        (".rdp file in UTF-16 with CR line ends", [paths["cr-only-utf16.rdp"]], ["“a..b”"], None),
        (".rdp file with two full addresses", [paths["two-addresses.rdp"]],
         ["two “full address” lines that disagree: “pc01” and “pc02”"], None),
        (".rdp file with two server ports", [paths["two-server-ports.rdp"]],
         ["two “server port” lines that disagree: “3390” and “3391”"], None),
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
    ] + malformed_file_cases(paths)


def malformed_file_cases(paths):
    """Damaged, huge, strange or not-a-file connection files, given as the
    computer (by name or file:// link) or with --file; and malformed names
    no file could hold. Each must be refused with a reason of its own."""
    p = paths
    long_host = "a" * 100_000

    def uri(path):
        return "file://" + path

    return [
        ("random bytes as .rdp", [p["random-junk.rdp"]], ["not a text file"], None),
        ("10 MB .rdp of valid lines", [p["ten-mb.rdp"]], ["too large"], None),
        ("10 MB .rdp on one line", ["--file", p["ten-mb-one-line.rdp"]], ["too large"], None),
        ("10 MB UTF-16 .rdp", [p["ten-mb-utf16.rdp"]], ["too large"], None),
        ("UTF-16 lone high surrogate", [p["utf16-lone-high.rdp"]], ["text is damaged"], None),
        ("UTF-16 lone low surrogate", [p["utf16-lone-low.rdp"]], ["text is damaged"], None),
        ("UTF-16 high surrogate at the end", [p["utf16-high-at-end.rdp"]], ["text is damaged"], None),
        ("UTF-16 odd byte count", [p["utf16-odd-length.rdp"]], ["text is damaged"], None),
        ("UTF-16 byte order mark then junk", [p["utf16-bom-then-junk.rdp"]],
         ["text is damaged"], None),
        ("UTF-16 big-endian byte order mark", [p["utf16-big-endian.rdp"]], ["big-endian"], None),
        ("NUL byte inside the host name", [p["nul-in-host.rdp"]], ["not a text file"], None),
        ("NUL character inside a UTF-16 host name", [p["nul-in-host-utf16.rdp"]],
         ["not a text file"], None),
        ("NUL byte inside another line", [p["nul-in-line.rdp"]], ["not a text file"], None),
        ("Latin-1 instead of UTF-8", [p["latin1.rdp"]], ["text is damaged"], None),
        ("only a UTF-16 byte order mark", [p["bom-only-utf16.rdp"]], ["is empty"], None),
        ("only a UTF-8 byte order mark", [p["bom-only-utf8.rdp"]], ["is empty"], None),
        ("only blank lines", [p["blank-lines.rdp"]], ["is empty"], None),
        ("empty file as the computer", [p["empty.rdp"]], ["is empty"], None),
        ("full address empty", [p["full-address-empty.rdp"]], ["full address” line is empty"], None),
        ("full address only spaces", [p["full-address-spaces.rdp"]],
         ["full address” line is empty"], None),
        ("port out of range in the full address", [p["port-in-address.rdp"]],
         ["port-in-address.rdp”: the port 70000 is out of range"], None),
        ("server port out of range", [p["server-port-range.rdp"]], ["“99999” as the server port"], None),
        ("negative server port", [p["server-port-negative.rdp"]], ["“-3389” as the server port"], None),
        ("100 KB host name in a file", [p["long-host.rdp"]], ["too long (100000 characters)"], None),
        ("100 KB host name", [long_host], ["too long (100000 characters)"], None),
        ("100 KB host name with a port", [long_host + ":3389"], ["too long (100000 characters)"], None),
        ("terminal escape in a file's host name", [p["control-chars.rdp"]], ["u+001b"], None),
        ("terminal escape in the host name", ["pc\x1b[2J01"], ["u+001b"], None),
        ("only control characters", [p["only-control-chars.rdp"]], ["full address” line"], None),
        ("symbolic link to /dev/zero", [p["zero-link.rdp"]], ["is a device"], None),
        ("symbolic link to /dev/urandom", ["--file", p["urandom-link.rdp"]], ["is a device"], None),
        ("/dev/stdin", ["--file", "/dev/stdin"], ["is a device", "is a pipe"], None),
        ("named pipe without a writer", [p["fifo.rdp"]], ["is a pipe"], None),
        ("named pipe by file:// link", [uri(p["fifo.rdp"])], ["is a pipe"], None),
        ("socket", [p["socket.rdp"]], ["not an ordinary file"], None),
        ("folder named .rdp", [p["folder.rdp"]], ["is a folder"], None),
        ("dangling symbolic link", [p["dangling-link.rdp"]], ["no such file"], None),
        ("symbolic link to itself", [p["loop-link.rdp"]], ["symbolic links"], None),
        ("an executable", ["--file", "/bin/true"], ["not a text file", "too large"], None),
        ("file:// link to /dev/zero", [uri(p["zero-link.rdp"])], ["is a device"], None),
        ("file:// link with a bad escape", ["file:///tmp/%zz.rdp"], ["escaped", "invalid"], None),
        ("file:// link to another computer", ["file://pc01.example.com/share/work.rdp"],
         ["another computer"], None),
        ("NUL byte in an rdp:// link", ["rdp://pc%0001"], ["zero byte"], None),
        ("NUL byte in an rdp:// full address", ["rdp://full%20address=s:pc%0001"],
         ["zero byte"], None),
        (".remmina: not a key file", [p["not-key-file.remmina"]], ["not a valid remmina profile"], None),
        (".remmina: no [remmina] group", [p["no-group.remmina"]], ["no “[remmina]” section"], None),
        (".remmina: protocol VNC", [p["vnc.remmina"]], ["remmina profile for vnc"], None),
        (".remmina: server empty", [p["server-empty.remmina"]], ["“server” setting"], None),
        (".remmina: no server", ["--file", p["no-server.remmina"]], ["“server” setting"], None),
        (".remmina: empty", [p["empty.remmina"]], ["is empty"], None),
        (".remmina: binary junk", [p["junk.remmina"]], ["not a text file"], None),
        (".remmina: 10 MB", [p["ten-mb.remmina"]], ["too large"], None),
        (".remmina: NUL byte in the server", [p["nul.remmina"]], ["not a text file"], None),
        (".remmina: Latin-1", [p["latin1.remmina"]], ["not in utf-8"], None),
        (".remmina: port 0", [p["port.remmina"]], ["“0” is out of range", "port 0 is out of range"], None),
        (".remmina: symbolic link to /dev/zero", [p["zero-link.remmina"]], ["is a device"], None),
        (".remmina: named pipe", ["--file", p["fifo.remmina"]], ["is a pipe"], None),
    ]


def sweep_cases():
    """Lists of computers where no line is a computer, so nothing is checked:
    (description, the list's bytes, extra arguments, expected lines of output
    as (line number, "input", a part of "error")). Every line gets its own
    error line, in order; the exit code is 2."""
    return [
        ("a byte order mark is not part of the first line", b"\xef\xbb\xbfa..b\r\n",
         ["--json"], [(1, "a..b", "“a..b”")]),
        ("a comment after a computer", b"# the farm\na..b   # the old one\n\ta..c\t#tab\n",
         ["--json"], [(2, "a..b", "“a..b”"), (3, "a..c", "“a..c”")]),
        ("# inside a word is not a comment", b"pc#1 # but this is\n",
         ["--json"], [(1, "pc#1", "“#”")]),
        ("a quoted computer, # inside quotes", b'"a..b"  # quoted\n\'a#..b\'\n',
         ["--json"], [(1, "a..b", "“a..b”"), (2, "a#..b", "“a#..b”")]),
        ("lines ended by CR alone", b"a..b\r\ra..c\r",
         ["--json"], [(1, "a..b", "“a..b”"), (3, "a..c", "“a..c”")]),
        ("a password is never echoed", b"alice:secret@pc01  # old\nbob@pc02\n",
         ["--json"], [(1, "alice:•••@pc01", "user name and password"),
                      (2, "bob@pc02", "user name")]),
        ("a password is never echoed, as text", b"alice:secret@pc01\n",
         [], [(1, "alice:•••@pc01", "user name and password")]),
        # The list is read 16 KiB at a time: a CR last in one read and its LF
        # first in the next end one line, not two.
        ("CR LF across two reads of the list", b"#" * 16378 + b"\na..b\r\nz..z\n",
         ["--json"], [(2, "a..b", "“a..b”"), (3, "z..z", "“z..z”")]),
        ("many lines, read as they are needed", b"a..b\n" * 5000,
         ["--json"], [(n, "a..b", "“a..b”") for n in range(1, 5001)]),
        ("a line far too long to be a computer", b"a" * 200000 + b"\n", ["--json"], []),
    ]


def run_sweep_case(program, directory, data, extra, expected):
    """Returns None when the case passes, else a list of reasons."""
    path = os.path.join(directory, "list.txt")
    with open(path, "wb") as f:
        f.write(data)
    try:
        result = subprocess.run([program, "--headless", "--hosts-file", path] + extra,
                                stdin=subprocess.DEVNULL, capture_output=True,
                                timeout=TIMEOUT, env=child_env())
    except subprocess.TimeoutExpired:
        return ["no exit within %d seconds" % TIMEOUT]

    stdout = result.stdout.decode("utf-8", "replace")
    stderr = result.stderr.decode("utf-8", "replace")
    lines = stdout.splitlines()
    problems = []
    if result.returncode != EXIT_USAGE:
        problems.append("exit code %d, expected %d" % (result.returncode, EXIT_USAGE))
    if "secret" in stdout + stderr:
        problems.append("the output echoes a password")
    if len(lines) != len(expected):
        problems.append("%d lines of output, expected %d" % (len(lines), len(expected)))
    for line, (number, given, reason) in zip(lines, expected):
        if "--json" in extra:
            try:
                entry = json.loads(line)
            except ValueError:
                problems.append("not JSON: %r" % line)
                continue
            if (entry.get("line"), entry.get("input")) != (number, given):
                problems.append("line %r, input %r; expected %r, %r"
                                % (entry.get("line"), entry.get("input"), number, given))
            if reason not in entry.get("error", ""):
                problems.append("error %r does not have %r" % (entry.get("error"), reason))
        elif not line.startswith(given + "  error  ") or reason not in line:
            problems.append("line %r is not %r, error, %r" % (line, given, reason))
    if problems:
        problems.append("stdout: %r" % stdout[:800])
        problems.append("stderr: %r" % stderr[:300])
    return problems or None


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
        if "secret" in text:
            problems.append("%s echoes a password" % stream)
        for marker in ("Traceback", "-CRITICAL **", "-WARNING **", "AddressSanitizer",
                       "LeakSanitizer", "runtime error:"):
            if marker in text:
                problems.append("%s has %r" % (stream, marker))

    if problems:
        problems.append("stderr: %r" % stderr[:500])
        problems.append("stdout: %r" % stdout[:500])
    return problems or None


def tap_line(number, description, problems):
    """Prints a case's TAP line and its problems; returns 1 if it failed."""
    if problems is None:
        print("ok %d - %s" % (number, description))
    else:
        print("not ok %d - %s" % (number, description))
        for line in problems:
            print("# " + line.replace("\n", "\n# "))
    sys.stdout.flush()
    return 0 if problems is None else 1


def main():
    program = os.environ.get("RDP_DOCTOR")
    if not program:
        print("Bail out! RDP_DOCTOR is not set to the program under test")
        return 1
    if not os.access(program, os.X_OK):
        print("Bail out! %s is not an executable" % program)
        return 1

    directory = tempfile.mkdtemp(prefix="rd-cli-input-")
    paths = {}
    try:
        paths = make_files(directory)
        all_cases = cases(paths)
        sweeps = sweep_cases()
        print("1..%d" % (len(all_cases) + len(sweeps)))
        failed = 0

        for number, (description, args, keywords, skip) in enumerate(all_cases, 1):
            if skip:
                print("ok %d - %s # SKIP %s" % (number, description, skip))
                continue
            failed += tap_line(number, description, run_case(program, args, keywords))

        for number, (description, data, extra, expected) in enumerate(sweeps, len(all_cases) + 1):
            failed += tap_line(number, "--hosts-file: " + description,
                               run_sweep_case(program, directory, data, extra, expected))
    finally:
        if "_socket" in paths:
            paths["_socket"].close()
        path = os.path.join(directory, "unreadable.rdp")
        if os.path.exists(path):
            os.chmod(path, 0o600)
        shutil.rmtree(directory, ignore_errors=True)

    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
