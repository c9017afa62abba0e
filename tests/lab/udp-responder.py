#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A scripted MS-RDPEUDP endpoint for the lab tests: one UDP socket, one mode.

    udp-responder.py --bind ADDR --port P
                     [--mode syn-ack|silent|garbage-flood|endless-flood]
                     [--ready-file PATH]

Modes:

    syn-ack        answer a valid SYN with a SYN+ACK (MS-RDPEUDP 3.1.5.1.1 and
                   the server's SYN+ACK): snSourceAck = the client's initial
                   sequence number, SYN|ACK set, our own random ISN, MTUs
                   min(client's, 1232), zero-padded to 1232 bytes.  A SYN that
                   is not one (wrong size, snSourceAck not -1, ACK set, MTU out
                   of 1132..1232) gets no answer, as from a strict server.
    silent         read everything, answer nothing
    garbage-flood  answer every datagram with 50 datagrams of random bytes
                   (random sizes up to 1400)
    endless-flood  after a datagram, random datagrams to its sender without
                   pause, until 3 s after the last datagram from it (30 s at
                   the most)

PORT 0 picks a free port.  Once the socket is bound, one line goes to stdout

    READY {"pid": 123, "bind": "127.0.0.1", "port": 40001, "mode": "syn-ack"}

and, with --ready-file, the same JSON object is written atomically to PATH.
Every datagram received is described on stderr.  Runs until SIGTERM/SIGINT.
Python standard library only.
"""

import argparse
import json
import os
import random
import select
import signal
import socket
import struct
import sys
import time

FLAG_SYN = 0x0001
FLAG_ACK = 0x0004
FLAG_SYNLOSSY = 0x0200
FLAG_CORRELATION_ID = 0x0800
FLAG_SYNEX = 0x1000
SYN_SIZE = 1232
MTU_MIN, MTU_MAX = 1132, 1232
RECEIVE_WINDOW = 64
FLOOD_COUNT = 50
FLOOD_MAX_SIZE = 1400
ENDLESS_AFTER = 3.0             # endless-flood: seconds past the sender's last datagram
ENDLESS_MAX = 30.0              # endless-flood: seconds at the most
ENDLESS_BURST = 64              # datagrams between two looks at the socket


def log(msg):
    print("udp-responder: " + msg, file=sys.stderr, flush=True)


def parse_syn(data):
    """(isn, up_mtu, down_mtu, flags, synex) of a valid client SYN, or a
    string saying what is wrong with it."""
    if len(data) != SYN_SIZE:
        return "size %d, not %d" % (len(data), SYN_SIZE)
    ack, _window, flags, isn, up, down = struct.unpack_from(">IHHIHH", data)
    if not flags & FLAG_SYN or flags & FLAG_ACK:
        return "flags %#06x: not a SYN" % flags
    if ack != 0xFFFFFFFF:
        return "snSourceAck %#010x, not -1" % ack
    if not (MTU_MIN <= up <= MTU_MAX and MTU_MIN <= down <= MTU_MAX):
        return "MTU %d/%d out of %d..%d" % (up, down, MTU_MIN, MTU_MAX)
    offset = 16
    if flags & FLAG_CORRELATION_ID:
        offset += 32
    synex = None
    if flags & FLAG_SYNEX:
        synex = struct.unpack_from(">HH", data, offset)
    return isn, up, down, flags, synex


def build_syn_ack(isn, up, down, flags, synex):
    """The server's SYN+ACK: a SYN with ACK set and the client's ISN acked."""
    out_flags = FLAG_SYN | FLAG_ACK | (flags & FLAG_SYNLOSSY)
    extra = b""
    if synex is not None:
        # Only when the client sent one; version = the highest both know (<= 2 here).
        syn_ex_flags, version = synex
        out_flags |= FLAG_SYNEX
        extra = struct.pack(">HH", 1, min(version, 2) if syn_ex_flags & 1 else 1)
    # Our upstream is the client's downstream and the other way round.
    body = struct.pack(">IHHIHH", isn, RECEIVE_WINDOW, out_flags,
                       random.getrandbits(32), min(down, MTU_MAX), min(up, MTU_MAX)) + extra
    return body + bytes(SYN_SIZE - len(body))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bind", required=True, metavar="ADDR")
    ap.add_argument("--port", required=True, type=int, metavar="P")
    ap.add_argument("--mode", default="syn-ack",
                    choices=["syn-ack", "silent", "garbage-flood", "endless-flood"])
    ap.add_argument("--ready-file", metavar="PATH")
    args = ap.parse_args(argv)

    stop = [False]

    def on_signal(signum, frame):
        stop[0] = True
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, on_signal)

    family = socket.AF_INET6 if ":" in args.bind else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_DGRAM)
    sock.bind((args.bind, args.port))
    port = sock.getsockname()[1]

    ready = {"pid": os.getpid(), "bind": args.bind, "port": port, "mode": args.mode}
    if args.ready_file:
        tmp = args.ready_file + ".tmp"
        with open(tmp, "w") as f:
            json.dump(ready, f)
        os.rename(tmp, args.ready_file)
    print("READY " + json.dumps(ready), flush=True)

    rng = random.Random()
    flooding = None             # endless-flood: [peer, until, end]
    while not stop[0]:
        if flooding is not None:
            now = time.monotonic()
            if now > min(flooding[1], flooding[2]):
                log("endless flood to %s over" % (flooding[0],))
                flooding = None
            else:
                try:
                    for _ in range(ENDLESS_BURST):
                        sock.sendto(rng.randbytes(rng.randint(1, FLOOD_MAX_SIZE)), flooding[0])
                except OSError:
                    pass        # e.g. ICMP port unreachable, or a full buffer
        try:
            readable, _, _ = select.select([sock], [], [], 0 if flooding else 0.5)
        except InterruptedError:
            continue
        if not readable:
            continue
        try:
            data, peer = sock.recvfrom(65535)
        except OSError as e:
            log("recvfrom: %s" % e)     # e.g. an ICMP error for an earlier reply
            continue
        log("%d bytes from %s: %s" % (len(data), peer[0], data[:16].hex()))
        try:
            if args.mode == "syn-ack":
                syn = parse_syn(data)
                if isinstance(syn, str):
                    log("ignored: " + syn)
                    continue
                sock.sendto(build_syn_ack(*syn), peer)
                log("sent SYN+ACK for ISN %#010x" % syn[0])
            elif args.mode == "endless-flood":
                now = time.monotonic()
                if flooding is None or flooding[0] != peer:
                    flooding = [peer, 0, now + ENDLESS_MAX]
                flooding[1] = now + ENDLESS_AFTER
            elif args.mode == "garbage-flood":
                for _ in range(FLOOD_COUNT):
                    size = rng.randint(1, FLOOD_MAX_SIZE)
                    sock.sendto(rng.randbytes(size), peer)
        except OSError as e:
            log("sendto: %s" % e)

    sock.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
