#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Scripted fault host for the lab tests: one process, one TCP listener per
mode, each mode a small function that plays one misbehaving RDP server.

    fault-host.py --listen MODE=PORT [--listen MODE=PORT ...]
                  [--bind ADDR [--bind ADDR ...]] [--ready-file PATH]
                  [--record DIR] [--cert PEM --key PEM]

PORT 0 picks a free port; the ports actually bound are announced once every
listener listens, as one line on stdout:

    READY {"pid": 123, "listeners": {"silence": 40001, ...}}

and, with --ready-file, as the same JSON object written atomically to PATH.
Runs until SIGTERM/SIGINT.  With --record DIR every byte received on a
connection is appended to DIR/<mode>-<port>-<n>.bin (one file per
connection; the file exists, possibly empty, for every accepted connection).

The tls-* and credssp-* modes answer the Connection Request selecting SSL
(credssp-*: HYBRID; a request that does not offer it gets RDP_NEG_FAILURE
SSL_REQUIRED_BY_SERVER / HYBRID_REQUIRED_BY_SERVER), then play a TLS
server with ssl.SSLObject over memory BIOs (so every raw byte is still
recorded):

    tls-ok                       full handshake (security level 0, so any
                                 --cert loads, RSA-1024 too), then hold
    tls-reset-after-hello        read the ClientHello, reset (RST)
    tls-close-after-serverhello  send only the ServerHello record, then FIN
    tls10-only                   a TLS 1.0-only server (security level 0)
    tls-alert                    fatal handshake_failure alert, then FIN
    tls-silence                  read the ClientHello, never answer
    credssp-ok                   TLS, read a TSRequest with an NTLM NEGOTIATE,
                                 answer a CHALLENGE (WIN-RDPLAB, RDLAB,
                                 win-rdplab.rdlab.test, timestamp now), hold
    credssp-skew                 the same, timestamp now - 7200 s
    credssp-malformed-av         the same, 2nd AV pair runs past TargetInfo
    credssp-name                 the same, OTHER-PC / other-pc.rdlab.test
    credssp-close                TLS, read the TSRequest, close (FIN)
    tls-stall-once               tls-ok, but the first handshake on a
                                 connection with full-size segments (MSS
                                 above 1300) stalls after the ClientHello
    busy-1-in-n                  tls-ok, except one burst of connections
                                 in N (--drop-every N, default 5): a busy
                                 Windows host beyond MaxOutstandingConnections.
                                 Its connections are accepted (the kernel
                                 does that), the Connection Request is read,
                                 then the connection is reset (RST) without
                                 any X.224 answer.  A burst is the
                                 connections accepted less than --burst-gap
                                 seconds (default 0.3) after the one before:
                                 one diagnosis opens about a dozen within
                                 a tenth of a second, so with rounds further
                                 apart than the gap, burst k is round k and
                                 rounds N, 2N, ... are the dropped ones.

Hostile modes (tests/lab/test-lab-hostile.py), each bounded on our side:

    accept-reset                 reset (RST) at once, before reading anything
    reset-after-request          read the Connection Request, reset
    reset-after-confirm          select SSL, then reset at once
    garbage-flood                read the request, then random bytes
                                 (never 03 first) as fast as the client takes
                                 them, for up to a minute
    cut-tpkt-header              2 bytes of a TPKT header, then FIN
    cut-neg-response             a Connection Confirm cut inside its
                                 negotiation structure (15 of 19 bytes), FIN
    tpkt-zero                    TPKT length 0, then FIN
    tpkt-beyond                  a whole confirm in a TPKT claiming 256 bytes,
                                 then FIN
    tpkt-slowloris               a TPKT claiming 65535 bytes, then 1 byte a
                                 second for up to a minute
    tls-garbage                  answer the ClientHello with random bytes
    tls-cut-record               the first server record cut in its middle,
                                 then FIN
    tls-record-oversized         a handshake record claiming 65535 bytes
                                 (over TLS's limit), then hold
    tls-slowloris                the server's first flight, 1 byte a second
    tls-huge-chain               a certificate chain of 64 certificates of
                                 about 64 KB each (4 MB, tls-ok otherwise)
    tls-hello-request-flood      answer the ClientHello with HelloRequest
                                 records, as fast as the client takes them,
                                 for up to a minute
    tls-reset-after-serverhello  send only the ServerHello record, then reset
    tls-silence-after-serverhello  the same, then never a word more
    credssp-reset                TLS, read the TSRequest, reset
    credssp-silence              TLS, read the TSRequest, never answer
    credssp-garbage              TLS, read the TSRequest, answer random bytes
    credssp-cut                  half of a CHALLENGE TSRequest, then FIN
    credssp-len-beyond           a TSRequest claiming 600 bytes, 100 sent, hold
    credssp-1mb                  a TSRequest of 1 MB
    credssp-slowloris            the CHALLENGE TSRequest, 1 byte (one TLS
                                 record) a second
    credssp-renegotiate          TLS 1.2 through libssl (ctypes), read the
                                 TSRequest, then renegotiate again and again
                                 for up to a minute

Their certificate is --cert/--key, or a self-signed RSA-2048 one
(CN=localhost, SAN localhost, 127.0.0.1, ::1) made with the openssl CLI at
startup in a temporary directory removed at exit.  With --record the bytes
the client sent inside TLS (decrypted) also go to
DIR/<mode>-<port>-<n>.tls.  A credssp-* mode never gets further than the
CHALLENGE: a client that sent an NTLM AUTHENTICATE would show in that file.

Adding a mode: write `def mode_x(conn)` taking a Conn (the accepted socket
plus bounded helpers) and register it in MODES.
Python standard library only.
"""

import argparse
import atexit
import ctypes
import ctypes.util
import json
import os
import random
import shutil
import signal
import socket
import ssl
import struct
import subprocess
import sys
import tempfile
import threading
import time
import warnings

# TLS 1.0 is the point of the tls10-only mode: no deprecation noise.
warnings.filterwarnings("ignore", category=DeprecationWarning, message=".*TLSv1")

# Bounds (seconds).  Every wait in here has one.
READ_REQUEST_TIMEOUT = 10.0     # reading the X.224 Connection Request
HOLD_TIMEOUT = 30.0             # "wait for the client to close"
SILENCE_TIMEOUT = 60.0          # the silence mode's hold
LINGER_TIMEOUT = 1.0            # draining after our last reply before close
TLS_TIMEOUT = 10.0              # reading a ClientHello / a TLS handshake
TSREQUEST_MAX = 65536           # largest TSRequest we accept
HOSTILE_TIMEOUT = 60.0          # how long a flood, drip or renegotiation loop goes on
DRIP_INTERVAL = 1.0             # slowloris: one byte a second

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
        self.received_tls = bytearray()
        self.closed = False
        self._record = open(record_path, "wb", buffering=0) if record_path else None
        self._record_tls_path = (record_path[:-4] + ".tls"
                                 if record_path and record_path.endswith(".bin") else None)
        self._record_tls = None

    def got_tls(self, data):
        """Record bytes the client sent inside TLS (decrypted)."""
        self.received_tls += data
        if self._record_tls_path and self._record_tls is None:
            self._record_tls = open(self._record_tls_path, "wb", buffering=0)
        if self._record_tls is not None and data:
            self._record_tls.write(data)

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

    def reset(self):
        """Close with an RST (SO_LINGER on, linger time 0)."""
        try:
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                 struct.pack("ii", 1, 0))
        except OSError:
            pass
        self.close(graceful=False)

    def close(self, graceful=True):
        """Send FIN, drain briefly so the client sees our bytes before any
        reset, then close."""
        if self.closed:
            return
        self.closed = True
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
        if self._record_tls is not None:
            self._record_tls.close()
            self._record_tls = None


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


# ---------------------------------------------------------------- hostile: TCP and X.224

def drip(send, data, interval=DRIP_INTERVAL, timeout=HOSTILE_TIMEOUT):
    """Send data one byte at a time, `interval` seconds apart (slowloris),
    for at most `timeout` seconds."""
    deadline = time.monotonic() + timeout
    for i in range(len(data)):
        if time.monotonic() > deadline:
            return
        send(data[i:i + 1])
        time.sleep(interval)


def flood(send, chunk, timeout=HOSTILE_TIMEOUT):
    """Send chunk() again and again as fast as the peer takes it, for at
    most `timeout` seconds (a peer that stops reading ends it through the
    send timeout, one that closes through the error)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        send(chunk())


def not_tpkt(data):
    """data with a first byte that cannot start a TPKT (03) or a TLS record."""
    junk = bytearray(data)
    if junk and (junk[0] == 0x03 or 0x14 <= junk[0] <= 0x17 or junk[0] == 0x30):
        junk[0] = 0xA5
    return bytes(junk)


def mode_accept_reset(conn):
    conn.reset()


def mode_reset_after_request(conn):
    conn.read_tpkt()
    conn.reset()


def mode_reset_after_confirm(conn):
    if conn.read_tpkt() is None:
        return
    conn.send(neg_response_confirm(PROTOCOL_SSL, 0x1F))
    conn.reset()


def mode_garbage_flood(conn):
    conn.read_tpkt()
    flood(conn.send, lambda: not_tpkt(os.urandom(16384)))


def make_cut_confirm(length):
    def mode(conn):
        conn.read_tpkt()
        conn.send(neg_response_confirm(PROTOCOL_SSL, 0x1F)[:length])
    mode.__doc__ = "the first %d bytes of a Connection Confirm, then FIN" % length
    return mode


def mode_tpkt_zero(conn):
    conn.read_tpkt()
    conn.send(b"\x03\x00\x00\x00")


def mode_tpkt_beyond(conn):
    conn.read_tpkt()
    confirm = neg_response_confirm(PROTOCOL_SSL, 0x1F)
    conn.send(confirm[:2] + struct.pack(">H", 256) + confirm[4:])


def mode_tpkt_slowloris(conn):
    conn.read_tpkt()
    drip(conn.send, b"\x03\x00\xff\xff" + bytes(65531))


# ---------------------------------------------------------------- TLS

TLS_CERT = {"cert": None, "key": None}      # set by main()
_contexts = {}
_contexts_lock = threading.Lock()


def make_self_signed(dirname):
    """Self-signed RSA-2048 certificate for localhost with the openssl CLI."""
    cert = os.path.join(dirname, "fault-host-cert.pem")
    key = os.path.join(dirname, "fault-host-key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                    "-days", "30", "-sha256", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1",
                    "-keyout", key, "-out", cert],
                   stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                   stderr=subprocess.PIPE, timeout=60, check=True)
    return cert, key


HUGE_CHAIN_CERTS = 64           # filler certificates after the leaf
HUGE_CHAIN_COMMENT = 60000      # bytes of nsComment in each (about 60 KB DER)


def huge_chain(cert):
    """A PEM file: `cert`, then HUGE_CHAIN_CERTS copies of one self-signed
    P-256 certificate fattened with a long nsComment (about 4 MB in all),
    in a temporary directory removed at exit."""
    tmp = tempfile.mkdtemp(prefix="fault-host-chain-")
    atexit.register(shutil.rmtree, tmp, True)
    filler = os.path.join(tmp, "filler.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:prime256v1", "-nodes", "-days", "30",
                    "-subj", "/CN=rdlab-filler",
                    "-addext", "nsComment=" + "A" * HUGE_CHAIN_COMMENT,
                    "-keyout", os.path.join(tmp, "filler-key.pem"), "-out", filler],
                   stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                   stderr=subprocess.PIPE, timeout=60, check=True)
    chain = os.path.join(tmp, "chain.pem")
    with open(cert, "rb") as f:
        leaf = f.read()
    with open(filler, "rb") as f:
        extra = f.read()
    with open(chain, "wb") as f:
        f.write(leaf.rstrip(b"\n") + b"\n" + extra * HUGE_CHAIN_CERTS)
    return chain


def tls_context(kind="default"):
    """Server SSLContext: 'default' (this OpenSSL's defaults), 'any-cert'
    (defaults, but security level 0 so an RSA-1024 or SHA-1 certificate
    loads), 'tls10' (TLS 1.0 only, security level 0) or 'huge-chain'
    (defaults, the certificate followed by huge_chain()'s fillers)."""
    with _contexts_lock:
        ctx = _contexts.get(kind)
        if ctx is None:
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            if kind == "any-cert":
                # security level 0 so that weak test certificates load
                ctx.set_ciphers("DEFAULT:@SECLEVEL=0")
            if kind == "tls10":
                ctx.set_ciphers("DEFAULT:@SECLEVEL=0")
                ctx.minimum_version = ssl.TLSVersion.TLSv1
                ctx.maximum_version = ssl.TLSVersion.TLSv1
            if kind == "huge-chain":
                ctx.load_cert_chain(huge_chain(TLS_CERT["cert"]), TLS_CERT["key"])
            else:
                ctx.load_cert_chain(TLS_CERT["cert"], TLS_CERT["key"])
            _contexts[kind] = ctx
        return ctx


def read_tls_record(conn, deadline):
    """One TLS record: (type, header+body) or (None, partial bytes)."""
    head = conn.recv_exact(5, deadline)
    if head is None:
        return None, b""
    length = struct.unpack(">H", head[3:5])[0]
    if head[0] not in (20, 21, 22, 23) or head[1] != 3 or length > 18432:
        return None, head               # not TLS
    body = conn.recv_exact(length, deadline) if length else b""
    if body is None:
        return None, head
    return head[0], head + body


def read_client_hello(conn, timeout=TLS_TIMEOUT):
    """Read TLS handshake records until the first handshake message (the
    ClientHello) is complete.  Returns the raw records, or None."""
    deadline = time.monotonic() + timeout
    raw = bytearray()
    hs = bytearray()
    while True:
        rtype, rec = read_tls_record(conn, deadline)
        if rtype != 22:
            return None
        raw += rec
        hs += rec[5:]
        if len(hs) >= 4 and len(hs) >= 4 + int.from_bytes(hs[1:4], "big"):
            return bytes(raw) if hs[0] == 1 else None


def first_record(flight):
    """The first TLS record of a server flight, cut down to its first
    handshake message if it carries several."""
    if len(flight) < 5:
        return flight
    length = struct.unpack(">H", flight[3:5])[0]
    rec = flight[:5 + length]
    if rec[0] == 22 and length >= 4:
        msg_len = 4 + int.from_bytes(rec[6:9], "big")
        if msg_len < length:
            rec = rec[:5] + struct.pack(">H", msg_len) + rec[5:5 + msg_len]
    return rec


class TlsServer:
    """A server-side ssl.SSLObject pumped over the Conn's socket (bounded);
    raw bytes are recorded by the Conn, decrypted ones with got_tls()."""

    def __init__(self, conn, ctx, initial=b""):
        self.conn = conn
        self.incoming = ssl.MemoryBIO()
        self.outgoing = ssl.MemoryBIO()
        self.obj = ctx.wrap_bio(self.incoming, self.outgoing, server_side=True)
        if initial:
            self.incoming.write(initial)

    def flush(self):
        data = self.outgoing.read()
        if data:
            self.conn.send(data)

    def _pump(self, deadline):
        """Send what is pending, then read more from the socket.  False on
        timeout or EOF."""
        self.flush()
        left = deadline - time.monotonic()
        if left <= 0:
            return False
        data = self.conn.recv_some(left)
        if data is None:
            return False
        if data == b"":
            self.incoming.write_eof()
            return False
        self.incoming.write(data)
        return True

    def handshake(self, timeout=TLS_TIMEOUT):
        """True when done; False on timeout or EOF; ssl.SSLError when it
        failed (any alert OpenSSL made has been sent by then)."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.obj.do_handshake()
                self.flush()
                return True
            except ssl.SSLWantReadError:
                if not self._pump(deadline):
                    self.flush()
                    return False
            except ssl.SSLError:
                self.flush()
                raise

    def recv(self, deadline, n=65536):
        """Decrypted bytes; b'' at EOF (or close_notify); None on timeout."""
        while True:
            try:
                data = self.obj.read(n)
                self.conn.got_tls(data)
                return data
            except ssl.SSLWantReadError:
                if self.incoming.eof:
                    return b""
                if not self._pump(deadline):
                    if self.incoming.eof:
                        continue
                    return None
            except (ssl.SSLZeroReturnError, ssl.SSLEOFError):
                return b""

    def recv_exact(self, n, deadline):
        buf = bytearray()
        while len(buf) < n:
            data = self.recv(deadline, n - len(buf))
            if not data:
                return None
            buf += data
        return bytes(buf)

    def send(self, data):
        self.obj.write(data)
        self.flush()

    def hold(self, timeout):
        """Read (and record) until the client closes or the timeout."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                data = self.recv(min(deadline, time.monotonic() + 1.0))
            except (ssl.SSLError, OSError):
                return
            if data == b"":
                return


def requested_protocols(cr):
    """requestedProtocols of an X.224 Connection Request, None without an
    RDP_NEG_REQ."""
    if cr is None or len(cr) < 19 or cr[0] != 0x03:
        return None
    length = struct.unpack(">H", cr[2:4])[0]
    tail = cr[:length][-8:]
    if len(tail) == 8 and tail[0] == 0x01 and tail[2:4] == b"\x08\x00":
        return struct.unpack("<I", tail[4:])[0]
    return None


def answer_x224(conn, protocol, flags=0x1F):
    """Select `protocol` like a server that requires it: when the request
    does not offer it, answer RDP_NEG_FAILURE (SSL_REQUIRED_BY_SERVER or
    HYBRID_REQUIRED_BY_SERVER) and end the connection.  True when selected.
    `flags` are the RDP_NEG_RSP flags sent with the choice."""
    cr = conn.read_tpkt()
    if cr is None:
        return False
    requested = requested_protocols(cr)
    if requested is None or not requested & protocol:
        conn.send(neg_failure_confirm(5 if protocol == PROTOCOL_HYBRID else 1))
        return False
    conn.send(neg_response_confirm(protocol, flags))
    return True


def mode_tls_reset_after_hello(conn):
    if not answer_x224(conn, PROTOCOL_SSL):
        return
    read_client_hello(conn)
    conn.reset()


def make_after_serverhello(then):
    """Send only the ServerHello record, then then(conn)."""
    def mode(conn):
        hello = tls_hello(conn)
        if hello is not None:
            conn.send(first_record(server_flight(conn, hello)))
            then(conn)
    return mode


def make_tls_server(kind):
    def mode(conn):
        if not answer_x224(conn, PROTOCOL_SSL):
            return
        tls = TlsServer(conn, tls_context(kind))
        if tls.handshake():             # raises (after its alert) on failure
            tls.hold(HOLD_TIMEOUT)
    mode.__doc__ = "a TLS server with tls_context(%r), then hold" % kind
    return mode


mode_tls10_only = make_tls_server("tls10")
# A working TLS server (whatever certificate it was given), then hold.
mode_tls_ok = make_tls_server("any-cert")


ALERT_HANDSHAKE_FAILURE = bytes.fromhex("15030300020228")


def mode_tls_alert(conn):
    if not answer_x224(conn, PROTOCOL_SSL):
        return
    if read_client_hello(conn) is None:
        return
    conn.send(ALERT_HANDSHAKE_FAILURE)


def mode_tls_silence(conn):
    if not answer_x224(conn, PROTOCOL_SSL):
        return
    read_client_hello(conn)
    conn.hold(SILENCE_TIMEOUT)


# ---------------------------------------------------------------- hostile: TLS

HELLO_REQUEST_RECORD = bytes.fromhex("160303000400000000")


def server_flight(conn, hello):
    """What a TLS server answers to the ClientHello `hello` (its first flight,
    raw records)."""
    tls = TlsServer(conn, tls_context(), hello)
    try:
        tls.obj.do_handshake()
    except ssl.SSLWantReadError:
        pass
    return tls.outgoing.read()


def tls_hello(conn):
    """Select SSL and read the ClientHello; None when that did not happen."""
    if not answer_x224(conn, PROTOCOL_SSL):
        return None
    return read_client_hello(conn)


def mode_tls_garbage(conn):
    # The same junk every time: which of OpenSSL's errors random bytes
    # raise (bad version, bad length, bad record type) depends on the bytes,
    # and each run must mean the same.
    if tls_hello(conn) is not None:
        conn.send(not_tpkt(random.Random(904).randbytes(256)))


def mode_tls_cut_record(conn):
    hello = tls_hello(conn)
    if hello is not None:
        rec = first_record(server_flight(conn, hello))
        conn.send(rec[:len(rec) // 2])


def mode_tls_record_oversized(conn):
    if tls_hello(conn) is not None:
        conn.send(b"\x16\x03\x03\xff\xff" + bytes(1024))
        conn.hold(HOLD_TIMEOUT)


def mode_tls_slowloris(conn):
    hello = tls_hello(conn)
    if hello is not None:
        drip(conn.send, server_flight(conn, hello))


def mode_tls_hello_request_flood(conn):
    if tls_hello(conn) is not None:
        flood(conn.send, lambda: HELLO_REQUEST_RECORD * 1024)


# ---------------------------------------------------------------- CredSSP / NTLM

def der_len(n):
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def der(tag, content):
    return bytes([tag]) + der_len(len(content)) + content


def der_items(buf):
    """Top-level TLVs of buf as (tag, content); raises ValueError."""
    pos, out = 0, []
    while pos < len(buf):
        if pos + 2 > len(buf):
            raise ValueError("truncated TLV")
        tag, first = buf[pos], buf[pos + 1]
        pos += 2
        if first < 0x80:
            n = first
        else:
            k = first & 0x7F
            if k == 0 or k > 3 or pos + k > len(buf):
                raise ValueError("bad DER length")
            n = int.from_bytes(buf[pos:pos + k], "big")
            pos += k
        if pos + n > len(buf):
            raise ValueError("DER value runs past its container")
        out.append((tag, buf[pos:pos + n]))
        pos += n
    return out


def read_tsrequest(tls, timeout=TLS_TIMEOUT):
    """One DER SEQUENCE framed by its own length (bounded), or None."""
    deadline = time.monotonic() + timeout
    head = tls.recv_exact(2, deadline)
    if head is None or head[0] != 0x30:
        return None
    if head[1] < 0x80:
        n, lenbytes = head[1], b""
    else:
        k = head[1] & 0x7F
        if k == 0 or k > 3:
            return None
        lenbytes = tls.recv_exact(k, deadline)
        if lenbytes is None:
            return None
        n = int.from_bytes(lenbytes, "big")
    if n > TSREQUEST_MAX:
        return None
    body = tls.recv_exact(n, deadline) if n else b""
    if body is None:
        return None
    return head + lenbytes + body


def tsrequest_tokens(tsreq):
    """The negoTokens of a TSRequest (list of bytes); raises ValueError."""
    (tag, seq), = der_items(tsreq)
    if tag != 0x30:
        raise ValueError("not a SEQUENCE")
    tokens = []
    for tag, value in der_items(seq):
        if tag != 0xA1:
            continue
        (t, nego_seq), = der_items(value)
        for t, nego_data in der_items(nego_seq):
            for t2, v2 in der_items(nego_data):
                if t2 == 0xA0:
                    (t3, octets), = der_items(v2)
                    if t3 == 0x04:
                        tokens.append(octets)
    return tokens


def tsrequest_reply(token, version=6):
    nego_data = der(0x30, der(0xA0, der(0x04, token)))
    return der(0x30, der(0xA0, der(0x02, bytes([version]))) +
               der(0xA1, der(0x30, nego_data)))


NTLM_SIGNATURE = b"NTLMSSP\x00"
CHALLENGE_FLAGS = 0xE28A8235


def utf16(s):
    return s.encode("utf-16-le")


def av_pair(av_id, value):
    return struct.pack("<HH", av_id, len(value)) + value


def filetime(unix):
    return struct.pack("<Q", int((unix + 11644473600) * 10 ** 7))


def ntlm_challenge(netbios_computer="WIN-RDPLAB", dns_computer="win-rdplab.rdlab.test",
                   skew=0.0, malformed_av=False):
    """An NTLM CHALLENGE_MESSAGE (MS-NLMP 2.2.1.2)."""
    target_name = utf16("RDLAB")
    if malformed_av:
        # The second AV pair claims 0x200 bytes; TargetInfo ends after 20.
        target_info = (av_pair(2, utf16("RDLAB")) +
                       struct.pack("<HH", 1, 0x200) + utf16(netbios_computer))
    else:
        target_info = b"".join([
            av_pair(2, utf16("RDLAB")),
            av_pair(1, utf16(netbios_computer)),
            av_pair(4, utf16("rdlab.test")),
            av_pair(3, utf16(dns_computer)),
            av_pair(5, utf16("rdlab.test")),
            av_pair(7, filetime(time.time() + skew)),
            av_pair(0, b""),
        ])
    header_len = 56
    ti_offset = header_len + len(target_name)
    version = struct.pack("<BBH3xB", 10, 0, 20348, 15)
    msg = (NTLM_SIGNATURE + struct.pack("<I", 2) +
           struct.pack("<HHI", len(target_name), len(target_name), header_len) +
           struct.pack("<I", CHALLENGE_FLAGS) +
           os.urandom(8) + bytes(8) +
           struct.pack("<HHI", len(target_info), len(target_info), ti_offset) +
           version)
    assert len(msg) == header_len
    return msg + target_name + target_info


def is_ntlm(token, msg_type):
    return (len(token) >= 12 and token[:8] == NTLM_SIGNATURE and
            struct.unpack("<I", token[8:12])[0] == msg_type)


def credssp_start(conn, neg_flags=0x1F):
    """X.224 selecting HYBRID (with RDP_NEG_RSP flags `neg_flags`), TLS
    handshake, one TSRequest.  Returns (tls, tokens) or (None, None)."""
    if not answer_x224(conn, PROTOCOL_HYBRID, neg_flags):
        return None, None
    tls = TlsServer(conn, tls_context())
    if not tls.handshake():
        return None, None
    tsreq = read_tsrequest(tls)
    if tsreq is None:
        print("fault-host: %s: no TSRequest" % conn.mode, file=sys.stderr)
        return tls, None
    try:
        tokens = tsrequest_tokens(tsreq)
    except ValueError as e:
        print("fault-host: %s: bad TSRequest: %s" % (conn.mode, e), file=sys.stderr)
        return tls, None
    return tls, tokens


def make_credssp(**challenge_args):
    def mode(conn):
        tls, tokens = credssp_start(conn)
        if not tokens or not is_ntlm(tokens[0], 1):
            if tokens is not None:
                print("fault-host: %s: the TSRequest carries no NTLM NEGOTIATE"
                      % conn.mode, file=sys.stderr)
            return
        tls.send(tsrequest_reply(ntlm_challenge(**challenge_args)))
        tls.hold(HOLD_TIMEOUT)
    mode.__doc__ = "CredSSP answering NEGOTIATE with a CHALLENGE %r" % (challenge_args,)
    return mode


def mode_credssp_close(conn):
    credssp_start(conn)                 # then the caller's clean close


# ---------------------------------------------------------------- hostile: CredSSP

def credssp_answer(send_reply):
    """A CredSSP mode: TLS, read the TSRequest, then send_reply(conn, tls)."""
    def mode(conn):
        tls, tokens = credssp_start(conn)
        if tls is not None and tokens is not None:
            send_reply(conn, tls)
    return mode


def challenge_reply():
    return tsrequest_reply(ntlm_challenge())


def first_half(data):
    return data[:len(data) // 2]


def one_mb_tsrequest():
    """A well-formed TSRequest whose negoToken is 1 MB of random bytes."""
    return tsrequest_reply(os.urandom(1 << 20))


class LibSsl:
    """A TLS 1.2 server straight on libssl through ctypes, over memory BIOs
    pumped on the Conn's socket (Python's ssl module cannot renegotiate)."""

    WANT_READ = 2
    _lib = None
    _lib_lock = threading.Lock()

    @classmethod
    def lib(cls):
        with cls._lib_lock:
            if cls._lib is None:
                lib = ctypes.CDLL(ctypes.util.find_library("ssl") or "libssl.so.3")
                P, I, L = ctypes.c_void_p, ctypes.c_int, ctypes.c_long
                for name, res, args in [
                        ("TLS_server_method", P, []),
                        ("SSL_CTX_new", P, [P]),
                        ("SSL_CTX_free", None, [P]),
                        ("SSL_CTX_ctrl", L, [P, I, L, P]),
                        ("SSL_CTX_use_certificate_chain_file", I, [P, ctypes.c_char_p]),
                        ("SSL_CTX_use_PrivateKey_file", I, [P, ctypes.c_char_p, I]),
                        ("SSL_new", P, [P]),
                        ("SSL_free", None, [P]),
                        ("SSL_set_bio", None, [P, P, P]),
                        ("SSL_set_accept_state", None, [P]),
                        ("SSL_do_handshake", I, [P]),
                        ("SSL_renegotiate", I, [P]),
                        ("SSL_renegotiate_pending", I, [P]),
                        ("SSL_read", I, [P, P, I]),
                        ("SSL_get_error", I, [P, I]),
                        ("BIO_s_mem", P, []),
                        ("BIO_new", P, [P]),
                        ("BIO_read", I, [P, P, I]),
                        ("BIO_write", I, [P, ctypes.c_char_p, I])]:
                    fn = getattr(lib, name)
                    fn.restype = res
                    fn.argtypes = args
                cls._lib = lib
            return cls._lib

    def __init__(self, conn, cert, key):
        lib = self.lib()
        self.conn = conn
        self.buf = ctypes.create_string_buffer(16384)
        self.ctx = lib.SSL_CTX_new(lib.TLS_server_method())
        lib.SSL_CTX_ctrl(self.ctx, 124, 0x0303, None)   # SET_MAX_PROTO_VERSION TLS 1.2
        if (lib.SSL_CTX_use_certificate_chain_file(self.ctx, cert.encode()) != 1 or
                lib.SSL_CTX_use_PrivateKey_file(self.ctx, key.encode(), 1) != 1):
            lib.SSL_CTX_free(self.ctx)
            raise RuntimeError("libssl did not load %s" % cert)
        self.ssl = lib.SSL_new(self.ctx)
        self.rbio = lib.BIO_new(lib.BIO_s_mem())
        self.wbio = lib.BIO_new(lib.BIO_s_mem())
        lib.SSL_set_bio(self.ssl, self.rbio, self.wbio)     # the SSL owns both
        lib.SSL_set_accept_state(self.ssl)

    def free(self):
        self.lib().SSL_free(self.ssl)
        self.lib().SSL_CTX_free(self.ctx)

    def flush(self):
        while True:
            n = self.lib().BIO_read(self.wbio, self.buf, len(self.buf))
            if n <= 0:
                return
            self.conn.send(self.buf.raw[:n])

    def feed(self, deadline):
        """Hand libssl what the socket has; False on EOF or the deadline."""
        left = deadline - time.monotonic()
        data = self.conn.recv_some(left) if left > 0 else None
        if not data:
            return False
        self.lib().BIO_write(self.rbio, data, len(data))
        return True

    def call(self, fn, deadline, done=lambda: False):
        """fn() until it stops wanting to read or done() says so: its result
        when > 0, 0 when done, else None (an error, EOF or the deadline)."""
        while True:
            ret = fn()
            self.flush()
            if ret > 0:
                return ret
            if self.lib().SSL_get_error(self.ssl, ret) != self.WANT_READ:
                return None
            if done():
                return 0
            if not self.feed(deadline):
                return None

    def handshake(self, deadline):
        return self.call(lambda: self.lib().SSL_do_handshake(self.ssl), deadline) is not None

    def read(self, deadline):
        n = self.call(lambda: self.lib().SSL_read(self.ssl, self.buf, len(self.buf)), deadline)
        data = self.buf.raw[:n] if n else b""
        self.conn.got_tls(data)
        return data

    def renegotiate(self, deadline):
        """One whole renegotiation (HelloRequest to Finished); False when the
        client refused it, went away or took too long."""
        lib = self.lib()
        if lib.SSL_renegotiate(self.ssl) != 1 or not self.handshake(deadline):
            return False
        # SSL_read() drives the client's new handshake; it would then wait
        # for application data.
        return self.call(lambda: lib.SSL_read(self.ssl, self.buf, len(self.buf)), deadline,
                         lambda: not lib.SSL_renegotiate_pending(self.ssl)) is not None


def mode_credssp_renegotiate(conn):
    if not answer_x224(conn, PROTOCOL_HYBRID):
        return
    tls = LibSsl(conn, TLS_CERT["cert"], TLS_CERT["key"])
    try:
        if not tls.handshake(time.monotonic() + TLS_TIMEOUT):
            return
        if not tls.read(time.monotonic() + TLS_TIMEOUT):
            return
        end = time.monotonic() + HOSTILE_TIMEOUT
        count = 0
        while time.monotonic() < end and tls.renegotiate(time.monotonic() + TLS_TIMEOUT):
            count += 1
        print("fault-host: %s: %d renegotiations done" % (conn.mode, count), file=sys.stderr)
    finally:
        tls.free()



# ---------------------------------------------------------------- one-off stall

_stall_once = {"done": False}
_stall_once_lock = threading.Lock()
FULL_SIZE_MSS = 1300            # larger than every clamped probe's segment


def mode_tls_stall_once(conn):
    """A working TLS server, except that the first handshake on a connection
    with full-size segments stalls after the ClientHello: a one-off hiccup,
    not a path that loses large packets (the clamped ones are never held)."""
    if not answer_x224(conn, PROTOCOL_SSL):
        return
    mss = conn.sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_MAXSEG)
    with _stall_once_lock:
        stall = mss > FULL_SIZE_MSS and not _stall_once["done"]
        if stall:
            _stall_once["done"] = True
    if stall:
        read_client_hello(conn)
        conn.hold(SILENCE_TIMEOUT)
        return
    tls = TlsServer(conn, tls_context("any-cert"))
    if tls.handshake():
        tls.hold(HOLD_TIMEOUT)


# busy-1-in-n: which burst of connections this is, and whether it drops.
BUSY = {"every": 5, "gap": 0.3, "bursts": 0, "last": None, "dropping": False}
_busy_lock = threading.Lock()


def busy_drops_now():
    """Count the bursts (a connection after a quiet gap starts one) and say
    whether the burst this connection belongs to is a dropped one."""
    now = time.monotonic()
    with _busy_lock:
        if BUSY["last"] is None or now - BUSY["last"] >= BUSY["gap"]:
            BUSY["bursts"] += 1
            BUSY["dropping"] = BUSY["bursts"] % BUSY["every"] == 0
        BUSY["last"] = now
        return BUSY["dropping"]


def mode_busy_1_in_n(conn):
    """A listener that drops connections beyond MaxOutstandingConnections in
    one burst out of N, and works otherwise."""
    if busy_drops_now():
        conn.read_tpkt(timeout=1.0)
        conn.reset()
        return
    mode_tls_ok(conn)


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
    "tls-ok": mode_tls_ok,
    "tls-reset-after-hello": mode_tls_reset_after_hello,
    # then the caller's clean close (FIN)
    "tls-close-after-serverhello": make_after_serverhello(lambda conn: None),
    "tls10-only": mode_tls10_only,
    "tls-alert": mode_tls_alert,
    "tls-silence": mode_tls_silence,
    "credssp-ok": make_credssp(),
    "credssp-skew": make_credssp(skew=-7200.0),
    "credssp-close": mode_credssp_close,
    "credssp-malformed-av": make_credssp(malformed_av=True),
    "credssp-name": make_credssp(netbios_computer="OTHER-PC",
                                 dns_computer="other-pc.rdlab.test"),
    # hostile
    "accept-reset": mode_accept_reset,
    "reset-after-request": mode_reset_after_request,
    "reset-after-confirm": mode_reset_after_confirm,
    "garbage-flood": mode_garbage_flood,
    "cut-tpkt-header": make_cut_confirm(2),
    "cut-neg-response": make_cut_confirm(15),
    "tpkt-zero": mode_tpkt_zero,
    "tpkt-beyond": mode_tpkt_beyond,
    "tpkt-slowloris": mode_tpkt_slowloris,
    "tls-garbage": mode_tls_garbage,
    "tls-cut-record": mode_tls_cut_record,
    "tls-record-oversized": mode_tls_record_oversized,
    "tls-slowloris": mode_tls_slowloris,
    "tls-huge-chain": make_tls_server("huge-chain"),
    "tls-hello-request-flood": mode_tls_hello_request_flood,
    "tls-reset-after-serverhello": make_after_serverhello(Conn.reset),
    "tls-silence-after-serverhello": make_after_serverhello(
        lambda conn: conn.hold(SILENCE_TIMEOUT)),
    "credssp-reset": credssp_answer(lambda conn, tls: conn.reset()),
    "credssp-silence": credssp_answer(lambda conn, tls: tls.hold(SILENCE_TIMEOUT)),
    "credssp-garbage": credssp_answer(
        lambda conn, tls: tls.send(not_tpkt(os.urandom(256)))),
    "credssp-cut": credssp_answer(lambda conn, tls: tls.send(first_half(challenge_reply()))),
    "credssp-len-beyond": credssp_answer(
        lambda conn, tls: (tls.send(b"\x30\x82\x02\x58" + bytes(96)), tls.hold(HOLD_TIMEOUT))),
    "credssp-1mb": credssp_answer(lambda conn, tls: tls.send(one_mb_tsrequest())),
    "credssp-slowloris": credssp_answer(lambda conn, tls: drip(tls.send, challenge_reply())),
    "credssp-renegotiate": mode_credssp_renegotiate,
    # one-off stall
    "tls-stall-once": mode_tls_stall_once,
    # one burst of connections in N dropped
    "busy-1-in-n": mode_busy_1_in_n,
}

# ---------------------------------------------------------------- NLA wire
# Modes of tests/lab/test-lab-nla-wire.py: what the CredSSP answer and the
# negotiation response tell.
#
#     credssp-v2 .. credssp-v4   credssp-ok, its TSRequest of version 2, 3, 4
#                                (from before the CVE-2018-0886 fix)
#     credssp-v6                 the same with version 6
#     credssp-ntlm-blocked       a TSRequest (version 6) with only an
#                                errorCode STATUS_NTLM_BLOCKED, then FIN
#     credssp-close-notify       read the TSRequest, TLS close_notify, FIN
#     credssp-admin-rcg          credssp-ok with RDP_NEG_RSP flags 0x1B:
#                                extended client data, GFX, restricted
#                                admin, Remote Credential Guard

STATUS_NTLM_BLOCKED = 0xC0000418
NEG_RSP_ADMIN_RCG = 0x01 | 0x02 | 0x08 | 0x10


def tsrequest_error(code, version=6):
    """A TSRequest carrying an errorCode instead of a token (MS-CSSP 2.2.1,
    version 3 and later): the NTSTATUS as 4 bytes, negative as Windows
    writes it."""
    return der(0x30, der(0xA0, der(0x02, bytes([version]))) +
               der(0xA4, der(0x02, code.to_bytes(4, "big"))))


def make_nla_wire(version=6, neg_flags=0x1F, error=None):
    def mode(conn):
        tls, tokens = credssp_start(conn, neg_flags)
        if not tokens or not is_ntlm(tokens[0], 1):
            return
        if error is not None:
            tls.send(tsrequest_error(error, version))
            return                      # then the caller's clean close
        tls.send(tsrequest_reply(ntlm_challenge(), version))
        tls.hold(HOLD_TIMEOUT)
    mode.__doc__ = "CredSSP version %d, flags %#x, error %r" % (version, neg_flags, error)
    return mode


def mode_credssp_close_notify(conn):
    tls, tokens = credssp_start(conn)
    if tls is None or tokens is None:
        return
    try:
        tls.obj.unwrap()                # sends close_notify, wants the peer's
    except (ssl.SSLWantReadError, ssl.SSLError):
        pass
    tls.flush()


MODES.update({
    "credssp-v2": make_nla_wire(version=2),
    "credssp-v3": make_nla_wire(version=3),
    "credssp-v4": make_nla_wire(version=4),
    "credssp-v6": make_nla_wire(version=6),
    "credssp-ntlm-blocked": make_nla_wire(error=STATUS_NTLM_BLOCKED),
    "credssp-close-notify": mode_credssp_close_notify,
    "credssp-admin-rcg": make_nla_wire(neg_flags=NEG_RSP_ADMIN_RCG),
})
# ---------------------------------------------------------------- end NLA wire

TLS_MODES = {m for m in MODES if m.startswith(("tls", "credssp", "busy"))}
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
    ap.add_argument("--listen", action="append", type=parse_listen,
                    metavar="MODE=PORT")
    ap.add_argument("--bind", action="append", metavar="ADDR",
                    help="address to listen on (repeatable; default 127.0.0.1)")
    ap.add_argument("--ready-file", metavar="PATH")
    ap.add_argument("--record", metavar="DIR")
    ap.add_argument("--cert", metavar="PEM", help="TLS certificate (with --key)")
    ap.add_argument("--key", metavar="PEM")
    ap.add_argument("--drop-every", type=int, default=5, metavar="N",
                    help="busy-1-in-n: drop every N-th burst of connections (default 5)")
    ap.add_argument("--burst-gap", type=float, default=0.3, metavar="SECONDS",
                    help="busy-1-in-n: a quiet gap this long starts a new burst (default 0.3)")
    ap.add_argument("--list-modes", action="store_true")
    args = ap.parse_args(argv)
    if args.list_modes:
        for mode in sorted(MODES):
            print(mode)
        return 0
    if not args.listen:
        ap.error("at least one --listen MODE=PORT is needed")
    if bool(args.cert) != bool(args.key):
        ap.error("--cert and --key go together")
    if not 1 <= args.drop_every <= 1000 or not 0.01 <= args.burst_gap <= 60:
        ap.error("--drop-every takes 1 to 1000, --burst-gap 0.01 to 60 seconds")
    BUSY.update(every=args.drop_every, gap=args.burst_gap)

    binds = args.bind or ["127.0.0.1"]
    if args.record:
        os.makedirs(args.record, exist_ok=True)

    if any(mode in TLS_MODES for mode, _ in args.listen):
        if args.cert:
            TLS_CERT.update(cert=args.cert, key=args.key)
        else:
            tmp = tempfile.mkdtemp(prefix="fault-host-")
            atexit.register(shutil.rmtree, tmp, True)
            TLS_CERT["cert"], TLS_CERT["key"] = make_self_signed(tmp)
        tls_context("any-cert")         # fail now, not at the first client

    stop = threading.Event()

    def on_signal(signum, frame):
        stop.set()
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGHUP, on_signal)

    listeners = []
    announced = {}
    bound = None                        # the addresses the first mode got
    for mode, port in args.listen:
        socks = []
        got = []
        for addr in (binds if bound is None else bound):
            try:
                s = open_listener(addr, port)
            except OSError as e:
                # e.g. ::1 where IPv6 is off: go on with the others
                if bound is not None or len(binds) == 1:
                    raise
                print("fault-host: cannot listen on %s: %s" % (addr, e), file=sys.stderr)
                continue
            port = s.getsockname()[1]     # later binds reuse the picked port
            socks.append(s)
            got.append(addr)
        if not socks:
            print("fault-host: no address to listen on", file=sys.stderr)
            return 1
        if bound is None:
            bound = got
        listeners.append(Listener(mode, socks, port, args.record, stop))
        key = mode if mode not in announced else "%s#%d" % (mode, len(listeners))
        announced[key] = port

    threads = []
    for lst in listeners:
        for s in lst.sockets:
            t = threading.Thread(target=lst.serve, args=(s,), daemon=True)
            t.start()
            threads.append(t)

    ready = {"pid": os.getpid(), "bind": bound, "listeners": announced}
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
