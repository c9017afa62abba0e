#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A delaying router for the lab: real latency on every packet, the TCP
handshake included, where netem is not available.

    delay-router.py --dev NAME --delay-ms D [--ready-file PATH] [--lifetime S]

Creates the TUN device NAME (no packet information header) and, for as long
as it runs, writes every IP packet read from it back into it D milliseconds
later, in order.  The caller routes the traffic to slow down into the device
(policy routing by incoming interface); a packet written back arrives "from"
the device and is routed on as usual.  So each pass costs D, and a round
trip that passes twice costs 2 x D.  The device goes away with the process.

Bounded: at most QUEUE_PACKETS wait (more are dropped, as a full router
queue drops them); exits on SIGTERM or SIGINT, and after --lifetime seconds
(default 600) whatever happens.  Once the device exists it writes
{"pid": N, "dev": NAME} atomically to the ready file.  Python standard
library only; needs CAP_NET_ADMIN (run it as root, in the router's
namespace).
"""

import argparse
import collections
import fcntl
import json
import os
import select
import signal
import struct
import sys
import time

TUNSETIFF = 0x400454CA
IFF_TUN = 0x0001
IFF_NO_PI = 0x1000
QUEUE_PACKETS = 4096
MTU_READ = 65535


def open_tun(name):
    fd = os.open("/dev/net/tun", os.O_RDWR | os.O_CLOEXEC)
    fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH", name.encode(), IFF_TUN | IFF_NO_PI))
    os.set_blocking(fd, False)
    return fd


def write_ready(path, info):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(info, f)
    os.replace(tmp, path)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dev", required=True)
    ap.add_argument("--delay-ms", type=float, required=True)
    ap.add_argument("--ready-file")
    ap.add_argument("--lifetime", type=float, default=600.0)
    args = ap.parse_args()

    stop = []
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.append(True))

    fd = open_tun(args.dev)
    if args.ready_file:
        write_ready(args.ready_file, {"pid": os.getpid(), "dev": args.dev})

    delay = args.delay_ms / 1000.0
    end = time.monotonic() + args.lifetime
    queue = collections.deque()
    dropped = 0
    while not stop and time.monotonic() < end:
        now = time.monotonic()
        while queue and queue[0][0] <= now:
            try:
                os.write(fd, queue.popleft()[1])
            except OSError:
                dropped += 1        # no route for it any more: a router drops it too
        wait = min(1.0, end - now)
        if queue:
            wait = max(0.0, min(wait, queue[0][0] - now))
        try:
            readable, _, _ = select.select([fd], [], [], wait)
        except InterruptedError:
            continue
        if not readable:
            continue
        for _ in range(256):        # a burst, then deliver what is due
            try:
                packet = os.read(fd, MTU_READ)
            except BlockingIOError:
                break
            if len(queue) >= QUEUE_PACKETS:
                dropped += 1
                continue
            queue.append((time.monotonic() + delay, packet))
    os.close(fd)
    if dropped:
        print("delay-router: %d packets dropped" % dropped, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
