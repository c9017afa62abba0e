#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The person's own saved connection against a real xrdp (security_layer=tls):
a Remmina profile "Office PC" set to the old RDP security ("security=rdp"),
which xrdp refuses. The diagnosis asks what Remmina would ask (FreeRDP's
negotiation for that setting), names negotiation-ssl-required, and
--fix-in-place lets the profile negotiate: only its "security" line changes,
the rest stays byte for byte, a backup is kept, and the re-test as Remmina
would connect says fixed. A .rdp file without CredSSP is asked as mstsc
asks (TLS alone). Runs in a loopback namespace where there is one. Prints
TAP."""

import contextlib
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import labkit  # noqa: E402

TIMEOUT = 2

stack = contextlib.ExitStack()
ns = labkit.Lazy(stack, labkit.loopback_ns)


def start_xrdp():
    if shutil.which("xrdp") is None:
        raise labkit.Skip("xrdp is not installed")
    return labkit.xrdp_server("tls", netns=ns.get())


xrdp = labkit.Lazy(stack, start_xrdp)


@contextlib.contextmanager
def _tempdir():
    d = labkit.tempdir("own-app")
    try:
        yield d
    finally:
        labkit.remove_tempdir(d)


tmp = labkit.Lazy(stack, _tempdir)

PROFILE = ("[remmina]\n"
           "# written by hand\n"
           "name=Office PC\n"
           "protocol=RDP\n"
           "server=127.0.0.1:{port}\n"
           "security=rdp\n"
           "username=alice\n"
           "resolution_mode=2\n")


def office_profile():
    path = os.path.join(tmp.get(), "office-pc.remmina")
    with open(path, "w") as f:
        f.write(PROFILE.format(port=xrdp.get()))
    return path


def t_diagnosed_as_remmina_asks():
    path = office_profile()
    res = labkit.run_doctor([path, "--timeout", str(TIMEOUT)], netns=ns.get())
    msg = labkit.expect_cause(res, "negotiation-ssl-required")
    neg = labkit.evidence(res, "negotiate")
    labkit.check_eq(neg.get("requested"), "RDP", "negotiate evidence requested", labkit.describe(res))
    labkit.check_eq(res.report["target"].get("app_security"), "rdp", "target app_security",
                    labkit.describe(res))
    return [msg, "asked for %s, as Remmina set to security=rdp does" % neg.get("requested")]


def t_fixed_in_place():
    path = office_profile()
    with open(path, "rb") as f:
        before = f.read()
    cmd = ["ip", "netns", "exec", ns.get()] if ns.get() else []
    cmd += [labkit.doctor_path(), "--headless", path, "--fix-in-place", "--timeout", str(TIMEOUT)]
    p = subprocess.run(cmd, capture_output=True, timeout=60)
    out = (p.stdout + p.stderr).decode("utf-8", "replace")
    with open(path, "rb") as f:
        after = f.read()
    expected = before.replace(b"security=rdp\n", b"security=\n")
    labkit.check(after == expected, "profile after the fix:\n%r\nexpected:\n%r\n%s" % (after, expected, out[-1500:]))
    with open(path + ".bak", "rb") as f:
        labkit.check(f.read() == before, "the backup is not the old profile")
    labkit.check("Tested again with these settings: fixed." in out, "re-test did not say fixed:\n" + out[-1500:])
    labkit.check_eq(p.returncode, 0, "exit code", out[-1500:])
    return "security=rdp -> security= (nothing else changed), backup kept, re-test fixed, exit 0"


def t_rdp_file_without_credssp():
    path = os.path.join(tmp.get(), "office.rdp")
    with open(path, "w") as f:
        f.write("full address:s:127.0.0.1:%d\r\nenablecredsspsupport:i:0\r\n" % xrdp.get())
    res = labkit.run_doctor([path, "--timeout", str(TIMEOUT)], netns=ns.get())
    neg = labkit.evidence(res, "negotiate")
    labkit.check_eq(neg.get("requested"), "SSL", "negotiate evidence requested", labkit.describe(res))
    labkit.check_eq(res.report.get("verdict"), "healthy", "verdict", labkit.describe(res))
    return "asked for SSL as mstsc without CredSSP does; xrdp takes it: healthy"


tests = [
    ("Remmina profile security=rdp vs xrdp tls -> negotiation-ssl-required, asked as Remmina asks",
     t_diagnosed_as_remmina_asks),
    ("--fix-in-place: security= only, backup kept, re-test fixed", t_fixed_in_place),
    (".rdp without CredSSP is asked for TLS alone", t_rdp_file_without_credssp),
]

if __name__ == "__main__":
    labkit.run_tests(labkit.Tap(), tests, setup=stack)
