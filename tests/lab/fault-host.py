#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Scripted fault host for the lab tests: one process, one TCP listener per
mode, each mode a small function that plays one misbehaving RDP server.

    fault-host.py --listen MODE=PORT [--listen MODE=PORT ...]
                  [--bind ADDR [--bind ADDR ...]] [--ready-file PATH]
                  [--record DIR]

PORT 0 picks a free port; the ports actually bound are announced once every
listener listens, as one line on stdout:

    READY {"pid": 123, "listeners": {"silence": 40001, ...}}

and, with --ready-file, as the same JSON object written atomically to PATH.
Runs until SIGTERM/SIGINT.  With --record DIR every byte received on a
connection is appended to DIR/<mode>-<port>-<n>.bin (one file per
connection; the file exists, possibly empty, for every accepted connection).

Adding a mode (e.g. TLS or CredSSP later): write `def mode_x(conn)` taking a
Conn (the accepted socket plus bounded helpers) and register it in MODES.
Python standard library only.
"""

import argparse
import json
import os
import signal
import socket
import struct
import sys
import threading
import time

# Bounds (seconds).  Every wait in here has one.
READ_REQUEST_TIMEOUT = 10.0     # reading the X.224 Connection Request
HOLD_TIMEOUT = 30.0             # "wait for the client to close"
SILENCE_TIMEOUT = 60.0          # the silence mode's hold
LINGER_TIMEOUT = 1.0            # draining after our last reply before close

# X.224 Connection Confirm header with an 8-byte negotiation structure.
CC_HEADER = bytes.fromhex("030000130ed00000123400")
LEGACY_CC = bytes.fromhex("0300000b06d00000123400")

PROTOCOL_RDP = 0
PROTOCOL_SSL = 1
PROTOCOL_HYBRID = 2


def neg_failure_confirm(code):
    return CC_HEADER + bytes.fromhex("03000800") + struct.pack("<I", code)


def neg_response_confirm(protocol, flags):
    return CC_HEADER + bytes([0x02, flags]) + b"\x08\x00" + struct.pack("<I", protocol)


class Conn:
    """An accepted connection with bounded helpers; records what it reads."""

    def __init__(self, sock, peer, mode, port, record_path):
        self.sock = sock
        self.peer = peer
        self.mode = mode
        self.port = port
        self.received = bytearray()
        self._record = open(record_path, "wb", buffering=0) if record_path else None

    def _got(self, data):
        self.received += data
        if self._record is not None and data:
            self._record.write(data)

    def recv_some(self, timeout, n=65536):
        """One recv(): bytes, b'' on EOF, None on timeout.  Raises on reset."""
        self.sock.settimeout(max(0.01, timeout))
        try:
            data = self.sock.recv(n)
        except socket.timeout:
            return None
        self._got(data)
        return data

    def recv_exact(self, n, deadline):
        """Exactly n bytes before the deadline, or None (EOF or timeout)."""
        buf = bytearray()
        while len(buf) < n:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            data = self.recv_some(left, n - len(buf))
            if not data:
                return None
            buf += data
        return bytes(buf)

    def read_tpkt(self, timeout=READ_REQUEST_TIMEOUT):
        """Read one TPKT packet (03 00 LL LL + LL-4 bytes), bounded.
        Returns the whole packet, or None (timeout, EOF, not a TPKT)."""
        deadline = time.monotonic() + timeout
        head = self.recv_exact(4, deadline)
        if head is None or head[0] != 0x03:
            return head if head else None
        length = struct.unpack(">H", head[2:4])[0]
        if length < 4:
            return head
        body = self.recv_exact(length - 4, deadline)
        return head + (body or b"")

    def send(self, data):
        self.sock.settimeout(10.0)
        self.sock.sendall(data)

    def hold(self, timeout):
        """Keep the connection open, reading (and recording) whatever comes,
        until the client closes or the timeout expires."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return
            try:
                data = self.recv_some(min(left, 1.0))
            except OSError:
                return
            if data == b"":
                return

    def close(self, graceful=True):
        """Send FIN, drain briefly so the client sees our bytes before any
        reset, then close."""
        if graceful:
            try:
                self.sock.shutdown(socket.SHUT_WR)
                self.hold(LINGER_TIMEOUT)
            except OSError:
                pass
        try:
            self.sock.close()
        except OSError:
            pass
        if self._record is not None:
            self._record.close()
            self._record = None


# ---------------------------------------------------------------- modes

def make_neg_fail(code):
    def mode(conn):
        conn.read_tpkt()
        conn.send(neg_failure_confirm(code))
    mode.__doc__ = "RDP_NEG_FAILURE code %d" % code
    return mode


def make_neg_ok(protocol, flags):
    def mode(conn):
        if conn.read_tpkt() is None:
            return
        conn.send(neg_response_confirm(protocol, flags))
        conn.hold(HOLD_TIMEOUT)
    mode.__doc__ = "RDP_NEG_RSP selecting protocol %d" % protocol
    return mode


def mode_legacy(conn):
    if conn.read_tpkt() is None:
        return
    conn.send(LEGACY_CC)
    conn.hold(HOLD_TIMEOUT)


def mode_accept_close(conn):
    pass                        # the caller closes at once, without reading


def mode_silence(conn):
    conn.hold(SILENCE_TIMEOUT)


def mode_http(conn):
    if conn.recv_some(READ_REQUEST_TIMEOUT):
        conn.send(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n"
                  b"Connection: close\r\n\r\n")


def mode_garbage(conn):
    conn.read_tpkt()
    junk = bytearray(os.urandom(64))
    if junk[0] == 0x03:
        junk[0] = 0xA5
    conn.send(bytes(junk))


def mode_tpkt_truncated(conn):
    conn.read_tpkt()
    conn.send(neg_failure_confirm(1)[:10])


def mode_tpkt_oversized(conn):
    conn.read_tpkt()
    conn.send(b"\x03\x00\xff\xff" + bytes(16))
    conn.hold(HOLD_TIMEOUT)


def mode_tpkt_undersized(conn):
    conn.read_tpkt()
    conn.send(b"\x03\x00\x00\x03")


MODES = {
    "neg-ok-ssl": make_neg_ok(PROTOCOL_SSL, 0x1F),
    "neg-ok-hybrid": make_neg_ok(PROTOCOL_HYBRID, 0x1F),
    "legacy": mode_legacy,
    "accept-close": mode_accept_close,
    "silence": mode_silence,
    "http": mode_http,
    "garbage": mode_garbage,
    "tpkt-truncated": mode_tpkt_truncated,
    "tpkt-oversized": mode_tpkt_oversized,
    "tpkt-undersized": mode_tpkt_undersized,
}
for _code in range(1, 7):
    MODES["neg-fail-%d" % _code] = make_neg_fail(_code)

# Modes that close without the graceful FIN-and-drain.
ABRUPT_CLOSE = {"accept-close"}


# ---------------------------------------------------------------- server

class Listener:
    def __init__(self, mode, sockets, port, record_dir, stop):
        self.mode = mode
        self.sockets = sockets
        self.port = port
        self.record_dir = record_dir
        self.stop = stop
        self.count = 0
        self.lock = threading.Lock()

    def serve(self, lsock):
        lsock.settimeout(0.5)
        while not self.stop.is_set():
            try:
                sock, peer = lsock.accept()
            except socket.timeout:
                continue
            except OSError:
                if self.stop.is_set():
                    return
                time.sleep(0.05)
                continue
            with self.lock:
                self.count += 1
                n = self.count
            threading.Thread(target=self.handle, args=(sock, peer, n),
                             daemon=True).start()

    def handle(self, sock, peer, n):
        path = None
        if self.record_dir:
            path = os.path.join(self.record_dir,
                                "%s-%d-%d.bin" % (self.mode, self.port, n))
        conn = Conn(sock, peer, self.mode, self.port, path)
        try:
            MODES[self.mode](conn)
        except OSError:
            pass                # the client reset or vanished: fine
        except Exception as e:  # a bug in a mode must not kill the host
            print("fault-host: mode %s: %r" % (self.mode, e), file=sys.stderr)
        finally:
            conn.close(graceful=self.mode not in ABRUPT_CLOSE)


def open_listener(addr, port):
    family = socket.AF_INET6 if ":" in addr else socket.AF_INET
    s = socket.socket(family, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if family == socket.AF_INET6:
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
    s.bind((addr, port))
    s.listen(64)
    return s


def parse_listen(spec):
    mode, sep, port = spec.partition("=")
    if not sep or mode not in MODES:
        raise argparse.ArgumentTypeError(
            "expected MODE=PORT with MODE one of: %s" % ", ".join(sorted(MODES)))
    try:
        port = int(port)
    except ValueError:
        raise argparse.ArgumentTypeError("bad port in %r" % spec)
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError("bad port in %r" % spec)
    return mode, port


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--listen", action="append", type=parse_listen, required=True,
                    metavar="MODE=PORT")
    ap.add_argument("--bind", action="append", metavar="ADDR",
                    help="address to listen on (repeatable; default 127.0.0.1)")
    ap.add_argument("--ready-file", metavar="PATH")
    ap.add_argument("--record", metavar="DIR")
    ap.add_argument("--list-modes", action="store_true")
    args = ap.parse_args(argv)

    binds = args.bind or ["127.0.0.1"]
    if args.record:
        os.makedirs(args.record, exist_ok=True)

    stop = threading.Event()

    def on_signal(signum, frame):
        stop.set()
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGHUP, on_signal)

    listeners = []
    announced = {}
    for mode, port in args.listen:
        socks = []
        for addr in binds:
            s = open_listener(addr, port)
            port = s.getsockname()[1]     # later binds reuse the picked port
            socks.append(s)
        listeners.append(Listener(mode, socks, port, args.record, stop))
        key = mode if mode not in announced else "%s#%d" % (mode, len(listeners))
        announced[key] = port

    threads = []
    for lst in listeners:
        for s in lst.sockets:
            t = threading.Thread(target=lst.serve, args=(s,), daemon=True)
            t.start()
            threads.append(t)

    ready = {"pid": os.getpid(), "bind": binds, "listeners": announced}
    if args.ready_file:
        tmp = args.ready_file + ".tmp"
        with open(tmp, "w") as f:
            json.dump(ready, f)
        os.rename(tmp, args.ready_file)
    print("READY " + json.dumps(ready), flush=True)

    while not stop.wait(1.0):
        pass
    for lst in listeners:
        for s in lst.sockets:
            try:
                s.close()
            except OSError:
                pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
