#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""`rdp-doctor --headless --connections` and `--connection NAME` read the
connections a person saved in Remmina (both folders), GNOME Connections and
the .rdp files of GTK's recently used files, from a fake home folder given
through the environment. Bad files are warned about once each and skipped.
The only computer checked is on the loopback interface. Prints TAP."""

import json
import os
import shutil
import subprocess
import tempfile

TIMEOUT = 30
EXIT_USAGE = 2

XBEL = """<?xml version="1.0" encoding="UTF-8"?>
<xbel version="1.0"
      xmlns:bookmark="http://www.freedesktop.org/standards/desktop-bookmarks"
      xmlns:mime="http://www.freedesktop.org/standards/shared-mime-info">
{}
</xbel>
"""
BOOKMARK = """  <bookmark href="{}" added="2026-01-01T00:00:00Z" modified="2026-01-01T00:00:00Z"
            visited="2026-01-01T00:00:00Z">
    <info><metadata owner="http://freedesktop.org">
      <mime:mime-type type="{}"/>
    </metadata></info>
  </bookmark>"""


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def make_home(home, xdg):
    """A home folder with saved connections; with xdg, the data and config
    folders are elsewhere (XDG_DATA_HOME, XDG_CONFIG_HOME)."""
    data = os.path.join(xdg, "data") if xdg else os.path.join(home, ".local", "share")
    config = os.path.join(xdg, "config") if xdg else os.path.join(home, ".config")
    remmina = os.path.join(data, "remmina")
    legacy = os.path.join(home, ".remmina")
    files = {}

    files["office"] = write(os.path.join(remmina, "1700000000000.remmina"),
                            "[remmina]\nname=Office PC\nprotocol=RDP\n"
                            "server=127.0.0.1:1\nsecurity=tls\n"
                            "gateway_server=127.0.0.1:2\ngateway_usage=0\n")
    write(os.path.join(remmina, "ssh.remmina"),
          "[remmina]\nname=Office shell\nprotocol=SSH\nserver=127.0.0.1\n")
    files["old"] = write(os.path.join(legacy, "old.remmina"),
                         "[remmina]\nname=Old workstation\nprotocol=RDP\n"
                         "server=[::1]:3391\n")
    write(os.path.join(legacy, "offsite.remmina"),
          "[remmina]\nname=Offsite backup\nprotocol=RDP\nserver=127.0.0.2\n")
    # Bad files: each skipped with one warning.
    write(os.path.join(legacy, "latin1.remmina"),
          "[remmina]\nname=Büro\nprotocol=RDP\nserver=127.0.0.1\n".encode("latin-1"))
    write(os.path.join(legacy, "huge.remmina"),
          b"[remmina]\nserver=127.0.0.1\n" + b"#" * (2 * 1024 * 1024))
    write(os.path.join(legacy, "no-server.remmina"), "[remmina]\nname=Nothing\nprotocol=RDP\n")
    os.mkfifo(os.path.join(legacy, "fifo.remmina"))
    os.symlink("loop.remmina", os.path.join(legacy, "loop.remmina"))

    files["db"] = write(os.path.join(config, "connections.db"),
                        "[4f1c7e2a-0000-4000-8000-000000000001]\nprotocol=rdp\n"
                        "host=127.0.0.3\nport=3390\ndisplay-name=Lab machine\n"
                        "uri=rdp://127.0.0.3:3390\n\n"
                        "[4f1c7e2a-0000-4000-8000-000000000002]\nprotocol=vnc\n"
                        "host=127.0.0.4\nport=5900\ndisplay-name=Lab VNC\n")

    files["rdp"] = write(os.path.join(home, "Documents", "Home desktop.rdp"),
                         "full address:s:127.0.0.5\r\n".encode("utf-16"))
    marks = [BOOKMARK.format("file://" + files["rdp"].replace(" ", "%20"), "application/x-rdp"),
             BOOKMARK.format("file://" + os.path.join(home, "gone.rdp"), "application/x-rdp"),
             BOOKMARK.format("file://" + os.path.join(home, "notes.txt"), "text/plain")]
    write(os.path.join(data, "recently-used.xbel"), XBEL.format("\n".join(marks)))
    env = dict(os.environ, HOME=home, LC_ALL="C.UTF-8")
    env.pop("XDG_DATA_HOME", None)
    env.pop("XDG_CONFIG_HOME", None)
    if xdg:
        env["XDG_DATA_HOME"] = data
        env["XDG_CONFIG_HOME"] = config
    return env, files


def run(env, args):
    return subprocess.run([os.environ["RDP_DOCTOR"], "--headless"] + args,
                          stdin=subprocess.DEVNULL, capture_output=True, text=True,
                          timeout=TIMEOUT, env=env)


NAMES = ["Office PC", "Offsite backup", "Old workstation", "Lab machine", "Home desktop"]
BAD = ["latin1.remmina", "huge.remmina", "no-server.remmina", "fifo.remmina", "loop.remmina"]


def cases(env, files, label):
    results = []

    p = run(env, ["--connections"])
    lines = p.stdout.splitlines()
    names = [n for line in lines for n in NAMES if n in line]
    results.append((f"{label}: --connections lists the five RDP connections, "
                    "Remmina first, not SSH, VNC or gone files",
                    p.returncode == 0 and len(lines) == 5 and names == NAMES
                    and lines[0].split()[0] == "remmina"
                    and lines[3].split()[0] == "gnome-connections"
                    and lines[4].split()[0] == "rdp-file"
                    and "127.0.0.3:3390" in lines[3]
                    and "Office shell" not in p.stdout and "Lab VNC" not in p.stdout
                    and "gone" not in p.stdout, p.stdout + p.stderr))
    warnings = p.stderr.splitlines()
    results.append((f"{label}: one warning for each bad file, none for the rest",
                    len(warnings) == len(BAD)
                    and all(sum(bad in w for w in warnings) == 1 for bad in BAD)
                    and "ssh.remmina" not in p.stderr and "gone.rdp" not in p.stderr,
                    p.stderr))

    p = run(env, ["--connections", "--json"])
    try:
        listed = json.loads(p.stdout)
    except ValueError:
        listed = None
    office = listed[0] if listed else {}
    results.append((f"{label}: --connections --json gives an array with source, name, "
                    "target and file",
                    p.returncode == 0 and isinstance(listed, list) and len(listed) == 5
                    and office.get("source") == "remmina" and office.get("name") == "Office PC"
                    and office.get("target") == "127.0.0.1:1"
                    and office.get("file") == files["office"]
                    and office.get("security") == "tls" and office.get("gateway") == "127.0.0.1"
                    and listed[3].get("id") == "4f1c7e2a-0000-4000-8000-000000000001"
                    and listed[4].get("file") == files["rdp"], p.stdout + p.stderr))

    p = run(env, ["--connection", "office pc", "--json", "--timeout", "0.5"])
    try:
        target = json.loads(p.stdout)["target"]
    except (ValueError, KeyError, TypeError):
        target = {}
    results.append((f"{label}: --connection with the exact name (any case) checks its "
                    "profile as --file does, gateway and port too",
                    p.returncode in (0, 1) and target.get("host") == "127.0.0.1"
                    and target.get("port") == 1 and target.get("source_file") == files["office"]
                    and (target.get("rdgateway") or {}).get("port") == 2,
                    p.stdout[:400] + p.stderr))

    p = run(env, ["--connection", "Of"])
    results.append((f"{label}: an ambiguous name: exit 2, the ones that fit",
                    p.returncode == EXIT_USAGE and "Several saved connections fit" in p.stderr
                    and "“Office PC”" in p.stderr and "“Offsite backup”" in p.stderr
                    and "Old workstation" not in p.stderr and p.stdout == "", p.stderr))

    p = run(env, ["--connection", "Ofice"])
    results.append((f"{label}: an unknown name: exit 2, the close ones",
                    p.returncode == EXIT_USAGE and "No saved connection is called “Ofice”" in p.stderr
                    and "Did you mean:" in p.stderr and "“Office PC”" in p.stderr
                    and "Lab machine" not in p.stderr, p.stderr))

    p = run(env, ["--connection", "zzzz"])
    results.append((f"{label}: nothing close: exit 2, how to list them",
                    p.returncode == EXIT_USAGE and "Did you mean" not in p.stderr
                    and "--connections" in p.stderr, p.stderr))

    p = run(env, ["--connection", "Lab", "--json", "--timeout", "0.5"])
    try:
        target = json.loads(p.stdout)["target"]
    except (ValueError, KeyError, TypeError):
        target = {}
    results.append((f"{label}: a unique prefix picks GNOME Connections' entry, host and port",
                    p.returncode in (0, 1) and target.get("host") == "127.0.0.3"
                    and target.get("port") == 3390, p.stdout[:400] + p.stderr))
    return results


def main():
    tmp = tempfile.mkdtemp(prefix="rd-cli-connections-")
    results = []
    try:
        home = os.path.join(tmp, "home")
        env, files = make_home(home, None)
        results += cases(env, files, "home")

        home2 = os.path.join(tmp, "home2")
        env2, files2 = make_home(home2, os.path.join(tmp, "xdg"))
        results += cases(env2, files2, "XDG folders")

        empty = os.path.join(tmp, "empty")
        os.makedirs(empty)
        p = run(dict(env, HOME=empty, XDG_DATA_HOME=empty, XDG_CONFIG_HOME=empty),
                ["--connections", "--json"])
        results.append(("no saved connections: an empty JSON array, exit 0",
                        p.returncode == 0 and json.loads(p.stdout or "null") == [], p.stderr))

        for args in (["--connections", "127.0.0.1"], ["--connection", "Lab", "--file", files["rdp"]],
                     ["--connection", "Lab", "--connections"],
                     ["--connection", "Lab", "--hosts-file", "-"]):
            p = run(env, args)
            results.append((f"usage: {' '.join(args[:3])} is refused with exit 2",
                            p.returncode == EXIT_USAGE and "--connection" in p.stderr, p.stderr))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    print(f"1..{len(results)}")
    for i, (name, ok, detail) in enumerate(results, 1):
        print(f"{'ok' if ok else 'not ok'} {i} - {name}")
        if not ok:
            for line in str(detail).splitlines()[:30]:
                print(f"# {line}")


if __name__ == "__main__":
    main()
