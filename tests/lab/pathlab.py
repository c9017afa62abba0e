# SPDX-License-Identifier: GPL-3.0-or-later
"""A client -- router -- host topology for the lab (three network
namespaces), with the helpers the path tests need: nftables per namespace,
interface MTUs, dnsmasq in the router, a delaying TCP relay, a DNS probe,
and a check that nothing of ours is left.  Everything else (TAP, running
the program, servers, teardown net) comes from labkit.

    client  eth0 198.18.1.2/24  fd00:198:18:1::2/64   default via router
    router  eth0 198.18.1.1/24  fd00:198:18:1::1/64   (client-facing)
            eth1 198.18.2.1/24  fd00:198:18:2::1/64   (host-facing)
            IPv4 and IPv6 forwarding on
    host    eth0 198.18.2.2/24  fd00:198:18:2::2/64   default via router
                 198.18.2.3/24  (a second address)

The client's resolv.conf points at the router (198.18.1.1), where only
dnsmasq() answers; its hosts file holds the names given to the lab.  The
namespaces are named rdlab-<pid>-p{c,r,h}, so labkit's stale sweep knows
them.  Python standard library only.
"""

import atexit
import contextlib
import json
import os
import re
import shutil
import subprocess
import time

import labkit

HERE = os.path.dirname(os.path.abspath(__file__))
DELAY_RELAY = os.path.join(HERE, "delay-relay.py")
DELAY_ROUTER = os.path.join(HERE, "delay-router.py")
DELAY_DEV = "rdlabdelay0"
DELAY_TABLE = "100"

CLIENT4, ROUTER4_C = "198.18.1.2", "198.18.1.1"
ROUTER4_H, HOST4, HOST4_ALT = "198.18.2.1", "198.18.2.2", "198.18.2.3"
CLIENT6, ROUTER6_C = "fd00:198:18:1::2", "fd00:198:18:1::1"
ROUTER6_H, HOST6 = "fd00:198:18:2::1", "fd00:198:18:2::2"

_ours = []                      # namespaces this module created, not yet deleted


def _cleanup_ours():
    for ns in list(_ours):
        labkit.delete_netns(ns)
        _ours.remove(ns)
    _rmdir_netns_etc()


atexit.register(_cleanup_ours)


def _rmdir_netns_etc():
    try:
        os.rmdir(labkit.NETNS_ETC)
    except OSError:
        pass


def _run(cmd, ns=None, timeout=10.0, input=None, check_rc=True):
    return labkit.run(cmd, timeout=timeout, netns=ns, input=input, check_rc=check_rc)


def _new_netns(tag):
    ns = "%s%d-p%s" % (labkit.NS_PREFIX, os.getpid(), tag)
    if os.path.exists(os.path.join("/run/netns", ns)):
        labkit.delete_netns(ns)          # ours, from an earlier lab in this process
    try:
        _run(["ip", "netns", "add", ns])
    except Exception as e:
        raise labkit.Skip("cannot create a network namespace: %s" % e)
    _ours.append(ns)
    return ns


def _write_etc(ns, nameserver, hosts_lines=()):
    d = os.path.join(labkit.NETNS_ETC, ns)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "resolv.conf"), "w") as f:
        f.write("# rdp-doctor path lab\nnameserver %s\noptions timeout:1 attempts:1\n"
                % nameserver)
    with open(os.path.join(d, "hosts"), "w") as f:
        f.write("127.0.0.1 localhost\n::1 localhost ip6-localhost\n")
        for line in hosts_lines:
            f.write(line + "\n")
    with open(os.path.join(d, "nsswitch.conf"), "w") as f:
        f.write("hosts: files dns\nnetworks: files\n"
                "passwd: files\ngroup: files\nshadow: files\n")


_REACH_SCRIPT = r"""
import socket, sys, time
addr, timeout = sys.argv[1], float(sys.argv[2])
fam = socket.AF_INET6 if ":" in addr else socket.AF_INET
d = time.monotonic() + timeout
while time.monotonic() < d:
    s = socket.socket(fam, socket.SOCK_STREAM)
    s.settimeout(0.5)
    try:
        s.connect((addr, 9)); sys.exit(0)
    except ConnectionRefusedError:
        sys.exit(0)
    except OSError:
        time.sleep(0.05)
    finally:
        s.close()
sys.exit(1)
"""


def reachable(ns, addr, timeout=5.0):
    """True once a TCP connect from ns to addr:9 gets an answer (RST)."""
    try:
        cp = _run([labkit.PYTHON, "-c", _REACH_SCRIPT, addr, str(timeout)], ns=ns,
                  timeout=timeout + 5, check_rc=False)
    except RuntimeError:
        return False
    return cp.returncode == 0


class PathLab:
    client4, router4_c, router4_h, host4, host4_alt = CLIENT4, ROUTER4_C, ROUTER4_H, HOST4, HOST4_ALT
    client6, router6_c, router6_h, host6 = CLIENT6, ROUTER6_C, ROUTER6_H, HOST6

    def __init__(self):
        self.client = self.router = self.host = None
        self.hosts_lines = []

    # --- building and tearing down
    def setup(self):
        self.client = _new_netns("c")
        self.router = _new_netns("r")
        self.host = _new_netns("h")
        c, r, h = self.client, self.router, self.host
        for ns in (c, r, h):
            _run(["sysctl", "-q", "-w", "net.ipv6.conf.all.accept_dad=0",
                  "net.ipv6.conf.default.accept_dad=0"], ns=ns, check_rc=False)
            _run(["ip", "-n", ns, "link", "set", "lo", "up"])
        _run(["ip", "-n", c, "link", "add", "eth0", "type", "veth",
              "peer", "name", "eth0", "netns", r])
        _run(["ip", "-n", h, "link", "add", "eth0", "type", "veth",
              "peer", "name", "eth1", "netns", r])
        for ns, dev, a4, a6 in ((c, "eth0", CLIENT4, CLIENT6), (r, "eth0", ROUTER4_C, ROUTER6_C),
                                (r, "eth1", ROUTER4_H, ROUTER6_H), (h, "eth0", HOST4, HOST6)):
            _run(["ip", "-n", ns, "addr", "add", a4 + "/24", "dev", dev])
            _run(["ip", "-n", ns, "addr", "add", a6 + "/64", "dev", dev, "nodad"])
            _run(["ip", "-n", ns, "link", "set", dev, "up"])
        _run(["ip", "-n", h, "addr", "add", HOST4_ALT + "/24", "dev", "eth0"])
        _run(["sysctl", "-q", "-w", "net.ipv4.ip_forward=1",
              "net.ipv6.conf.all.forwarding=1"], ns=r)
        _run(["ip", "-n", c, "route", "add", "default", "via", ROUTER4_C])
        _run(["ip", "-n", c, "-6", "route", "add", "default", "via", ROUTER6_C])
        _run(["ip", "-n", h, "route", "add", "default", "via", ROUTER4_H])
        _run(["ip", "-n", h, "-6", "route", "add", "default", "via", ROUTER6_H])
        self.write_etc()
        # bounded: the path is usable once the client gets a RST from the host
        for addr in (HOST4, HOST6):
            if not reachable(c, addr):
                raise RuntimeError("no path from %s to %s through %s" % (c, addr, r))

    def write_etc(self):
        _write_etc(self.client, ROUTER4_C, self.hosts_lines)
        _write_etc(self.router, "127.0.0.1")
        _write_etc(self.host, "127.0.0.1")

    def add_host(self, name, *addrs):
        for a in addrs:
            line = "%s %s" % (a, name)
            if line not in self.hosts_lines:
                self.hosts_lines.append(line)
        self.write_etc()

    def teardown(self):
        for ns in (self.client, self.router, self.host):
            if ns:
                labkit.delete_netns(ns)
                if ns in _ours:
                    _ours.remove(ns)
        _rmdir_netns_etc()

    # --- helpers
    def exec(self, ns, cmd, timeout=10.0, input=None, check_rc=True):
        return _run(cmd, ns=ns, timeout=timeout, input=input, check_rc=check_rc)

    def nft_load(self, ns, ruleset):
        return _run(["nft", "-f", "-"], ns=ns, input=ruleset)

    def nft_flush(self, ns):
        return _run(["nft", "flush", "ruleset"], ns=ns)

    @contextlib.contextmanager
    def firewall(self, ns, ruleset):
        """Load an nftables ruleset in ns for the duration of the block."""
        self.nft_flush(ns)
        try:
            self.nft_load(ns, ruleset)
            yield
        finally:
            self.nft_flush(ns)

    def set_mtu(self, ns, dev, mtu):
        _run(["ip", "-n", ns, "link", "set", dev, "mtu", str(mtu)])

    @contextlib.contextmanager
    def mtu(self, ns, dev, mtu):
        self.set_mtu(ns, dev, mtu)
        try:
            yield
        finally:
            self.set_mtu(ns, dev, 1500)

    def flush_pmtu(self):
        """Forget the path MTUs the host learned (IPv4 and IPv6 exceptions)."""
        for fam in ("-4", "-6"):
            _run(["ip", "-n", self.host, fam, "route", "flush", "cache"], check_rc=False)

    def run_doctor(self, args, timeout=None):
        return labkit.run_doctor(args, timeout=timeout, netns=self.client)


@contextlib.contextmanager
def path_lab():
    """Yields a PathLab; raises Skip when namespaces (or ip, nft, sysctl)
    are unavailable.  Always deletes what it created."""
    reason = labkit.netns_available()
    if reason:
        raise labkit.Skip(reason)
    for prog in ("ip", "nft", "sysctl"):
        if shutil.which(prog) is None:
            raise labkit.Skip("%s is not installed" % prog)
    lab = PathLab()
    try:
        lab.setup()
        yield lab
    finally:
        lab.teardown()


# ------------------------------------------------------------------ DNS

_DNS_QUERY_SCRIPT = r"""
import os, socket, struct, sys, time
server, name, qtype, wait = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
qid = int.from_bytes(os.urandom(2), "big")
q = struct.pack(">HHHHHH", qid, 0x0100, 1, 0, 0, 0)
for label in name.rstrip(".").split("."):
    q += bytes([len(label)]) + label.encode()
q += b"\0" + struct.pack(">HH", qtype, 1)
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
deadline = time.monotonic() + wait
while time.monotonic() < deadline:
    s.sendto(q, (server, 53))
    s.settimeout(0.3)
    try:
        data, _ = s.recvfrom(4096)
    except socket.timeout:
        continue
    except ConnectionRefusedError:
        time.sleep(0.1)
        continue
    if len(data) < 12 or data[:2] != q[:2]:
        continue
    rcode = data[3] & 15
    an = struct.unpack(">H", data[6:8])[0]
    # skip the question, read A/AAAA answers
    i = 12
    while data[i]:
        i += 1 + data[i]
    i += 5
    found = []
    for _ in range(an):
        if data[i] & 0xC0 == 0xC0:
            i += 2
        else:
            while data[i]:
                i += 1 + data[i]
            i += 1
        t, c, ttl, ln = struct.unpack(">HHIH", data[i:i + 10])
        i += 10
        rd = data[i:i + ln]
        i += ln
        if t == 1 and ln == 4:
            found.append(socket.inet_ntop(socket.AF_INET, rd))
        elif t == 28 and ln == 16:
            found.append(socket.inet_ntop(socket.AF_INET6, rd))
    print("rcode=%d answers=%s" % (rcode, ",".join(found)))
    sys.exit(0)
print("no answer")
sys.exit(1)
"""

RCODES = {0: "NOERROR", 2: "SERVFAIL", 3: "NXDOMAIN", 5: "REFUSED"}


def dns_query(ns, server, name, qtype=1, wait=3.0):
    """One DNS query from ns (A: qtype 1, AAAA: 28), independent of the
    program: returns (rcode or None, [addresses]) and never raises."""
    try:
        cp = _run([labkit.PYTHON, "-c", _DNS_QUERY_SCRIPT, server, name, str(qtype), str(wait)],
                  ns=ns, timeout=wait + 5, check_rc=False)
    except RuntimeError:
        return None, []
    m = re.search(r"rcode=(\d+) answers=(\S*)", cp.stdout)
    if not m:
        return None, []
    return int(m.group(1)), [a for a in m.group(2).split(",") if a]


def describe_dns(rcode, answers):
    if rcode is None:
        return "no answer"
    return "%s %s" % (RCODES.get(rcode, "rcode %d" % rcode), " ".join(answers) or "(no records)")


@contextlib.contextmanager
def dnsmasq(lab, records, local_domain=None, ready_timeout=10.0):
    """dnsmasq (no daemon, no upstream, no hosts file) on the router's
    client-facing address.  records: {name: ipv4}.  local_domain: a domain
    answered only from here (other names in it get NXDOMAIN).  Yields the
    log path (dnsmasq's stderr, queries logged)."""
    if shutil.which("dnsmasq") is None:
        raise labkit.Skip("dnsmasq is not installed (Debian: dnsmasq-base)")
    tmp = labkit.tempdir("dnsmasq")
    log = os.path.join(tmp, "dnsmasq.log")
    cmd = ["dnsmasq", "--no-daemon", "--no-resolv", "--no-hosts",
           "--listen-address=%s" % ROUTER4_C, "--bind-interfaces",
           "--pid-file=%s" % os.path.join(tmp, "dnsmasq.pid"), "--conf-file=/dev/null",
           "--log-queries", "--log-facility=-"]
    for name, addr in records.items():
        cmd.append("--address=/%s/%s" % (name, addr))
    if local_domain:
        cmd.append("--local=/%s/" % local_domain)
    p = None
    try:
        with open(log, "wb") as lf:
            p = labkit.spawn(cmd, netns=lab.router, stdout=lf, stderr=lf)
        # ready once it answers a query from the client (bounded)
        name = next(iter(records))
        deadline = time.monotonic() + ready_timeout
        while True:
            if p.poll() is not None:
                with open(log, "rb") as f:
                    msg = f.read().decode("utf-8", "replace")[-1500:]
                raise RuntimeError("dnsmasq exited %s:\n%s" % (p.returncode, msg))
            rcode, _ = dns_query(lab.client, ROUTER4_C, name, wait=1.0)
            if rcode is not None:
                break
            if time.monotonic() > deadline:
                raise RuntimeError("dnsmasq did not answer within %.0f s" % ready_timeout)
        yield log
    finally:
        labkit.stop(p, grace=3.0)
        labkit.remove_tempdir(tmp)


def queries(log, name, client):
    """How many queries for name from client dnsmasq logged (--log-queries)."""
    try:
        with open(log, "rb") as f:
            text = f.read().decode("utf-8", "replace")
    except OSError:
        return 0
    rx = re.compile(r"query\[\w+\] %s from %s\b" % (re.escape(name), re.escape(client)),
                    re.I)
    return len(rx.findall(text))


# ------------------------------------------------------------------ delay relay

@contextlib.contextmanager
def _helper(tag, ns, cmd, ready_timeout):
    """One of the lab's helper scripts in ns, run with "--ready-file PATH"
    appended; yields what it wrote there once it did (bounded), and stops
    it after the block."""
    tmp = labkit.tempdir(tag)
    ready = os.path.join(tmp, "ready.json")
    errlog = os.path.join(tmp, "stderr.log")
    p = None
    try:
        with open(errlog, "wb") as ef:
            p = labkit.spawn(list(cmd) + ["--ready-file", ready], netns=ns, stderr=ef)
        deadline = time.monotonic() + ready_timeout
        while not os.path.exists(ready):
            if p.poll() is not None or time.monotonic() > deadline:
                with open(errlog, "rb") as f:
                    msg = f.read().decode("utf-8", "replace")[-1500:]
                raise RuntimeError("%s did not get ready (exit %s): %s"
                                   % (os.path.basename(cmd[1]), p.poll(), msg))
            time.sleep(0.02)
        with open(ready) as f:
            yield json.load(f)
    finally:
        labkit.stop(p, grace=2.0)
        labkit.remove_tempdir(tmp)


@contextlib.contextmanager
def delay_relay(ns, listen, target, delay_ms, ready_timeout=10.0):
    """tests/lab/delay-relay.py in ns: listen=(addr, port), target=(addr,
    port).  Yields the port it listens on."""
    def hp(a):
        return ("[%s]:%d" if ":" in a[0] else "%s:%d") % a
    cmd = [labkit.PYTHON, DELAY_RELAY, "--listen", hp(listen), "--target", hp(target),
           "--delay-ms", str(delay_ms), "--lifetime", "300"]
    with _helper("relay", ns, cmd, ready_timeout) as ready:
        yield ready["port"]


@contextlib.contextmanager
def delay_router(lab, delay_ms, ready_timeout=10.0):
    """Every IPv4 packet the router forwards between client and host passes
    tests/lab/delay-router.py's TUN device, delay_ms each way: a slow path
    whose TCP handshake is as slow as its data.  Traffic to and from the
    router itself is not delayed."""
    r = lab.router
    cmd = [labkit.PYTHON, DELAY_ROUTER, "--dev", DELAY_DEV, "--delay-ms", str(delay_ms), "--lifetime", "300"]
    rules = (("eth0", "198.18.2.0/24", "100"), ("eth1", "198.18.1.0/24", "101"))
    with _helper("router", r, cmd, ready_timeout):
        try:
            _run(["sysctl", "-q", "-w", "net.ipv4.conf.all.rp_filter=0",
                  "net.ipv4.conf.%s.rp_filter=0" % DELAY_DEV], ns=r)
            _run(["ip", "-n", r, "link", "set", DELAY_DEV, "up"])
            _run(["ip", "-n", r, "route", "add", "198.18.0.0/15", "dev", DELAY_DEV, "table", DELAY_TABLE])
            for dev, to, pref in rules:
                _run(["ip", "-n", r, "rule", "add", "iif", dev, "to", to, "lookup", DELAY_TABLE, "pref", pref])
            yield
        finally:
            for dev, to, pref in rules:
                _run(["ip", "-n", r, "rule", "del", "pref", pref], check_rc=False)


# ------------------------------------------------------------------ leftovers

def leftovers(pid=None):
    """What this harness process (pid, default ours) left behind: namespaces
    and /etc/netns dirs named rdlab-<pid>-*, and live processes whose
    command line names one of its rdlab-<pid>-* paths or whose parent is
    it.  Returns a list of strings (empty: clean)."""
    pid = pid or os.getpid()
    marker = "%s%d-" % (labkit.NS_PREFIX, pid)
    found = []
    try:
        cp = _run(["ip", "netns", "list"], check_rc=False)
        for line in cp.stdout.splitlines():
            if line.split() and line.split()[0].startswith(marker):
                found.append("namespace " + line.split()[0])
    except RuntimeError as e:
        found.append("ip netns list: %s" % e)
    try:
        for name in os.listdir(labkit.NETNS_ETC):
            if name.startswith(marker):
                found.append("directory %s" % os.path.join(labkit.NETNS_ETC, name))
    except OSError:
        pass
    me = os.getpid()
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == me:
            continue
        try:
            with open("/proc/%s/cmdline" % entry, "rb") as f:
                cmdline = f.read().replace(b"\0", b" ").decode("utf-8", "replace").strip()
            with open("/proc/%s/stat" % entry) as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[-1].split()
        state, ppid = fields[0], int(fields[1])
        if state == "Z" and ppid != me:
            continue
        if marker in cmdline or ppid == pid:
            found.append("process %s (%s): %s" % (entry, state, cmdline[:200]))
    return found
