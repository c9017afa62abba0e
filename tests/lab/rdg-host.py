#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A scripted Remote Desktop Gateway endpoint for the lab (loopback only).

Not an HTTP server: each listener answers the first request of MS-TSGU's
HTTP transport (RDG_OUT_DATA /remoteDesktopGateway/) in one scripted way,
then closes.  Modes:

  gateway         401 with WWW-Authenticate: Negotiate and NTLM; to an
                  Authorization: NTLM <NEGOTIATE> a 401 carrying an NTLM
                  CHALLENGE (NetBIOS RDG01, DNS rdg01.rdlab.test, the clock)
  negotiate-only  401 with WWW-Authenticate: Negotiate only
  not-found       404            forbidden   403            gone   410
  rpc-only        404 to RDG_OUT_DATA, 401 to RPC over HTTP's RPC_IN_DATA
  silent-close    reads the request, closes without a word
  not-http        answers the request with an SSH banner
  plain-tcp       no TLS: sends a banner at once, as an SMTP server would

  --listen MODE=PORT (0: a free one; repeatable)  --bind ADDRESS
  --cert PEM --key PEM (the TLS modes)  --ready-file F (JSON: listeners)
  --record DIR: each request head is written to DIR/MODE-N.txt, with the
  NTLM message type of an Authorization header (1, 2, 3) on a first line.

Standard library only.  Every read is bounded; the process ends at SIGTERM.
"""

import argparse
import base64
import json
import os
import signal
import socket
import ssl
import struct
import sys
import threading
import time

READ_TIMEOUT = 5.0
MAX_HEAD = 16 * 1024
TLS_MODES = ("gateway", "negotiate-only", "not-found", "forbidden", "gone",
             "rpc-only", "silent-close", "not-http")
MODES = TLS_MODES + ("plain-tcp",)

_record_lock = threading.Lock()
_record_counts = {}


def utf16(text):
    return text.encode("utf-16-le")


def av_pair(av_id, value):
    return struct.pack("<HH", av_id, len(value)) + value


def ntlm_challenge():
    """An NTLM CHALLENGE_MESSAGE (MS-NLMP 2.2.1.2) naming the lab's gateway."""
    filetime = int((time.time() + 11644473600) * 10 ** 7)
    info = (av_pair(2, utf16("RDLAB")) + av_pair(1, utf16("RDG01"))
            + av_pair(4, utf16("rdlab.test")) + av_pair(3, utf16("rdg01.rdlab.test"))
            + av_pair(5, utf16("rdlab.test")) + av_pair(7, struct.pack("<Q", filetime))
            + av_pair(0, b""))
    target = utf16("RDLAB")
    header = 56
    flags = 0xE2898215
    message = b"NTLMSSP\0" + struct.pack("<I", 2)
    message += struct.pack("<HHI", len(target), len(target), header)
    message += struct.pack("<I", flags)
    message += os.urandom(8) + b"\0" * 8
    message += struct.pack("<HHI", len(info), len(info), header + len(target))
    message += struct.pack("<BBHBBBB", 10, 0, 20348, 0, 0, 0, 15)
    assert len(message) == header
    return message + target + info


def read_head(conn):
    data = b""
    deadline = time.monotonic() + READ_TIMEOUT
    while b"\r\n\r\n" not in data and len(data) < MAX_HEAD:
        left = deadline - time.monotonic()
        if left <= 0:
            break
        conn.settimeout(left)
        try:
            chunk = conn.recv(4096)
        except (socket.timeout, OSError, ssl.SSLError):
            break
        if not chunk:
            break
        data += chunk
    return data


def ntlm_type(head):
    """The NTLM message type in an Authorization header, or None."""
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() != b"authorization":
            continue
        scheme, _, token = value.strip().partition(b" ")
        if scheme.lower() != b"ntlm":
            continue
        try:
            raw = base64.b64decode(token.strip(), validate=True)
        except ValueError:
            return -1
        if len(raw) >= 12 and raw[:8] == b"NTLMSSP\0":
            return struct.unpack("<I", raw[8:12])[0]
        return -1
    return None


def record(record_dir, mode, head, kind):
    if record_dir is None:
        return
    with _record_lock:
        n = _record_counts.get(mode, 0) + 1
        _record_counts[mode] = n
    path = os.path.join(record_dir, "%s-%d.txt" % (mode, n))
    with open(path, "wb") as f:
        f.write(("ntlm: %s\n" % kind).encode())
        f.write(head)


def response(status, reason, headers=()):
    lines = ["HTTP/1.1 %d %s" % (status, reason), "Server: Microsoft-HTTPAPI/2.0",
             "Content-Length: 0"] + list(headers)
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def answer(mode, head):
    kind = ntlm_type(head)
    if mode == "gateway" and kind == 1:
        token = base64.b64encode(ntlm_challenge()).decode()
        return response(401, "Unauthorized", ["WWW-Authenticate: NTLM " + token])
    if mode == "gateway":
        return response(401, "Unauthorized",
                        ["WWW-Authenticate: Negotiate", "WWW-Authenticate: NTLM"])
    if mode == "negotiate-only":
        return response(401, "Unauthorized", ["WWW-Authenticate: Negotiate"])
    if mode == "rpc-only" and head.startswith(b"RPC_IN_DATA "):
        return response(401, "Unauthorized",
                        ["WWW-Authenticate: Negotiate", "WWW-Authenticate: NTLM"])
    if mode in ("not-found", "rpc-only"):
        return response(404, "Not Found")
    if mode == "forbidden":
        return response(403, "Forbidden")
    if mode == "gone":
        return response(410, "Gone")
    if mode == "not-http":
        return b"SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n"
    return None                                 # silent-close


def serve(conn, mode, context, record_dir):
    try:
        if mode == "plain-tcp":
            conn.sendall(b"220 mail.rdlab.test ESMTP ready\r\n")
            read_head(conn)
            return
        conn.settimeout(READ_TIMEOUT)
        try:
            conn = context.wrap_socket(conn, server_side=True)
        except (ssl.SSLError, OSError):
            return
        head = read_head(conn)
        if not head:
            return
        record(record_dir, mode, head, ntlm_type(head))
        data = answer(mode, head)
        if data is not None:
            conn.sendall(data)
    except OSError:
        pass
    finally:
        try:
            conn.close()
        except OSError:
            pass


def listen(bind, port, mode, context, record_dir):
    family = socket.AF_INET6 if ":" in bind else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((bind, port))
    sock.listen(16)

    def loop():
        while True:
            try:
                conn, _ = sock.accept()
            except OSError:
                return
            threading.Thread(target=serve, args=(conn, mode, context, record_dir),
                             daemon=True).start()

    threading.Thread(target=loop, daemon=True).start()
    return sock.getsockname()[1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listen", action="append", default=[], metavar="MODE=PORT")
    parser.add_argument("--bind", default="127.0.0.1")
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--ready-file", required=True)
    parser.add_argument("--record")
    args = parser.parse_args()

    context = None
    if args.cert:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(args.cert, args.key)
    if args.record:
        os.makedirs(args.record, exist_ok=True)

    listeners = {}
    for spec in args.listen:
        mode, _, port = spec.partition("=")
        if mode not in MODES:
            parser.error("unknown mode %r" % mode)
        if mode in TLS_MODES and context is None:
            parser.error("mode %r needs --cert and --key" % mode)
        listeners[mode] = listen(args.bind, int(port or 0), mode, context, args.record)

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    tmp = args.ready_file + ".tmp"
    with open(tmp, "w") as f:
        json.dump({"listeners": listeners, "bind": args.bind}, f)
    os.rename(tmp, args.ready_file)
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    main()
