#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A delaying TCP relay for the lab: a slow network path where netem is not
available.

    delay-relay.py --listen ADDR:PORT --target ADDR:PORT --delay-ms D
                   [--ready-file PATH] [--lifetime S]

Every accepted connection is relayed to TARGET; each chunk read in either
direction is written to the other side D milliseconds after it arrived (in
order, so a round trip through the relay costs 2 x D on top of the network).
End of stream is passed on as a half close, after the same delay.  Buffers
are bounded: at most QUEUE_CHUNKS chunks of at most CHUNK bytes wait per
direction; a full queue stops reading (TCP flow control does the rest).
The TCP handshake itself is the kernel's and is not delayed.

ADDR may be an IPv6 address in brackets: [fd00:198:18:2::2]:3390.  Once
listening, the relay writes {"pid": N, "port": P} atomically to the ready
file.  It exits on SIGTERM or SIGINT, and after --lifetime seconds
(default 600) whatever happens.  Python standard library only.
"""

import argparse
import asyncio
import json
import os
import signal
import sys
import time

CHUNK = 16384
QUEUE_CHUNKS = 64               # per direction: at most 1 MiB in flight
CONNECT_TIMEOUT = 5.0           # to the target
MAX_CONNECTIONS = 64


def parse_hostport(text):
    if text.startswith("["):
        host, _, rest = text[1:].partition("]")
        port = rest.lstrip(":")
    else:
        host, _, port = text.rpartition(":")
    if not host or not port.isdigit() or not 0 <= int(port) <= 65535:
        raise argparse.ArgumentTypeError("expected ADDR:PORT, got %r" % text)
    return host, int(port)


async def pump(reader, writer, delay):
    """Read chunks, stamp them, and write each `delay` seconds after it
    arrived.  Returns when the source ended (EOF passed on) or failed."""
    queue = asyncio.Queue(maxsize=QUEUE_CHUNKS)

    async def read_side():
        try:
            while True:
                data = await reader.read(CHUNK)
                await queue.put((time.monotonic() + delay, data))
                if not data:
                    return
        except (ConnectionError, OSError):
            await queue.put((time.monotonic(), None))

    async def write_side():
        while True:
            due, data = await queue.get()
            wait = due - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            if data is None:            # the source failed: reset the sink
                writer.transport.abort()
                return
            if not data:
                if writer.can_write_eof():
                    try:
                        writer.write_eof()
                    except OSError:
                        pass
                return
            writer.write(data)
            await writer.drain()

    reading = asyncio.ensure_future(read_side())
    try:
        await write_side()
    finally:
        reading.cancel()
        await asyncio.gather(reading, return_exceptions=True)


class Relay:
    def __init__(self, target, delay):
        self.target = target
        self.delay = delay
        self.active = 0

    async def handle(self, client_reader, client_writer):
        if self.active >= MAX_CONNECTIONS:
            client_writer.transport.abort()
            return
        self.active += 1
        upstream_writer = None
        try:
            try:
                upstream_reader, upstream_writer = await asyncio.wait_for(
                    asyncio.open_connection(*self.target), CONNECT_TIMEOUT)
            except (OSError, asyncio.TimeoutError):
                client_writer.transport.abort()
                return
            tasks = [asyncio.ensure_future(pump(client_reader, upstream_writer, self.delay)),
                     asyncio.ensure_future(pump(upstream_reader, client_writer, self.delay))]
            try:
                await asyncio.gather(*tasks)
            except (ConnectionError, OSError):
                pass
            finally:
                for t in tasks:
                    t.cancel()
                await asyncio.gather(*tasks, return_exceptions=True)
        finally:
            self.active -= 1
            for w in (client_writer, upstream_writer):
                if w is not None:
                    w.close()


async def main_async(args):
    loop = asyncio.get_running_loop()
    stop = loop.create_future()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, lambda: stop.done() or stop.set_result(None))
    relay = Relay(args.target, args.delay_ms / 1000.0)
    server = await asyncio.start_server(relay.handle, args.listen[0], args.listen[1],
                                        reuse_address=True)
    port = server.sockets[0].getsockname()[1]
    if args.ready_file:
        tmp = args.ready_file + ".tmp"
        with open(tmp, "w") as f:
            json.dump({"pid": os.getpid(), "port": port}, f)
        os.rename(tmp, args.ready_file)
    try:
        await asyncio.wait_for(stop, args.lifetime)
    except asyncio.TimeoutError:
        pass
    server.close()
    # Connections still open are abandoned: the process is about to end.


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--listen", type=parse_hostport, required=True, metavar="ADDR:PORT")
    ap.add_argument("--target", type=parse_hostport, required=True, metavar="ADDR:PORT")
    ap.add_argument("--delay-ms", type=float, required=True, metavar="D")
    ap.add_argument("--ready-file", metavar="PATH")
    ap.add_argument("--lifetime", type=float, default=600.0, metavar="S")
    args = ap.parse_args(argv)
    if args.delay_ms < 0:
        ap.error("--delay-ms must not be negative")
    asyncio.run(main_async(args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
