#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""README's first command as a person runs it: `build-aux/dev run` with a
display (Xvfb, its own session bus) and none of the tests' environment (no
schema directory, no memory settings backend). The wizard must open on the
practice host and stay up, not abort. Prints TAP."""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

root = os.environ["RD_SOURCE_DIR"]
build = os.environ["RD_BUILD_DIR"]
UP_SECONDS = 8

print("1..1")
if shutil.which("Xvfb") is None or shutil.which("dbus-run-session") is None:
    print("ok 1 - build-aux/dev run # SKIP Xvfb or dbus-run-session is missing")
    sys.exit(0)

read, write = os.pipe()
xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1024x768x24", "-nolisten", "tcp"],
                        pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
os.close(write)
display = b""
with os.fdopen(read, "rb") as f:
    display = f.readline().strip().decode()   # Xvfb writes it once it is ready

env = {k: v for k, v in os.environ.items()
       if k not in ("GSETTINGS_SCHEMA_DIR", "GSETTINGS_BACKEND", "GTK_A11Y", "NO_AT_BRIDGE", "G_DEBUG")}
home = tempfile.mkdtemp(prefix="rd-dev-run-")
env.update({"DISPLAY": ":" + display, "HOME": home, "XDG_CONFIG_HOME": os.path.join(home, ".config"),
            "XDG_RUNTIME_DIR": home, "RD_BUILD_DIR": build})
run = subprocess.Popen(["dbus-run-session", "--", os.path.join(root, "build-aux", "dev"), "run"],
                       env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
deadline = time.monotonic() + UP_SECONDS
while time.monotonic() < deadline and run.poll() is None:
    time.sleep(0.2)
alive = run.poll() is None
if alive:
    os.killpg(run.pid, signal.SIGTERM)
try:
    err = run.communicate(timeout=20)[1].decode("utf-8", "replace")
except subprocess.TimeoutExpired:
    os.killpg(run.pid, signal.SIGKILL)
    err = run.communicate()[1].decode("utf-8", "replace")
xvfb.terminate()
xvfb.wait(timeout=10)
shutil.rmtree(home, ignore_errors=True)

bad = [line for line in err.splitlines() if "-ERROR" in line or "CRITICAL" in line or "is not installed" in line]
if alive and not bad:
    print("ok 1 - build-aux/dev run opens the wizard on the practice host and it stays up %d s" % UP_SECONDS)
else:
    print("not ok 1 - build-aux/dev run: %s" % ("exited with %s" % run.returncode if not alive else "errors"))
    for line in (bad or err.splitlines())[-15:]:
        print("# " + line)
