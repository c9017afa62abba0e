#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""End to end, as a screen-reader user would: the built program on a display
of its own, driven only through the accessibility tree (AT-SPI). It types
the computer's address, presses "Check my connection" by its accessible
name and reads the cause off the result page, for a host that cuts the TLS
handshake and for a port that drops every packet. The cause it must read is
the one the headless mode names for the same host.

Then a kiosk, as an administrator sets one up (--kiosk, the allow-* keys
off): a person taps the preset computer's button and walks to the result,
and on no page is there a file dialog, an "Open…" or "Save…" anything, a
menu, Quit or About, a field to type a computer in, or a second window.

Everything runs inside a private network namespace with only loopback, so
the program cannot reach any other network, and the X server, the session
bus and the accessibility bus are private to the test. Prints TAP."""

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lab"))
import labkit  # noqa: E402

PROGRAM = os.environ.get("RDP_DOCTOR", "rdp-doctor")
FAULT_HOST = os.path.join(HERE, "..", "lab", "fault-host.py")
TIMEOUT = 2                      # seconds per network step, for both modes
WAIT_RESULT = 30                 # seconds for the wizard to reach its result


def skip_all(reason):
    print("1..0 # SKIP %s" % reason)
    sys.exit(0)


def outer():
    """Makes the namespace and the drop rule, then runs the inner part inside
    it under a private session bus."""
    for prog in ("Xvfb", "dbus-run-session", "nft"):
        if shutil.which(prog) is None:
            skip_all("%s is not installed" % prog)
    if not os.path.exists("/usr/libexec/at-spi-bus-launcher"):
        skip_all("at-spi2-core is not installed")
    try:
        import pyatspi  # noqa: F401
    except ImportError:
        skip_all("python3-pyatspi is not installed")
    reason = labkit.netns_available()
    if reason is not None:
        skip_all("no private network namespace: %s" % reason)

    dropped = labkit.free_port()
    with labkit.session(), labkit.loopback_ns() as ns:
        if ns is None:
            skip_all("no private network namespace")
        rules = ("table inet rdatspi {\n"
                 "  chain input {\n"
                 "    type filter hook input priority 0; policy accept;\n"
                 "    tcp dport %d drop\n"
                 "  }\n"
                 "}\n" % dropped)
        subprocess.run(["ip", "netns", "exec", ns, "nft", "-f", "-"], input=rules, text=True,
                       check=True, timeout=10)
        env = dict(os.environ)
        for name in ("DBUS_SESSION_BUS_ADDRESS", "NO_AT_BRIDGE", "GTK_A11Y", "AT_SPI_BUS_ADDRESS"):
            env.pop(name, None)
        cp = subprocess.run(["ip", "netns", "exec", ns, "dbus-run-session", "--",
                             sys.executable, os.path.abspath(__file__), "--inner", str(dropped)],
                            env=env, timeout=240)
        return cp.returncode


def start(cmd, **kwargs):
    return subprocess.Popen(cmd, preexec_fn=os.setsid, **kwargs)


def stop(proc):
    if proc is None or proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=5)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(timeout=5)


def start_xvfb():
    read, write = os.pipe()
    proc = start(["Xvfb", "-displayfd", str(write), "-screen", "0", "1024x768x24", "-nolisten", "tcp",
                  "-noreset"], pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    deadline = time.monotonic() + 15
    data = b""
    while time.monotonic() < deadline and not data.endswith(b"\n"):
        chunk = os.read(read, 16)
        if not chunk:
            break
        data += chunk
    os.close(read)
    if not data.strip():
        stop(proc)
        raise RuntimeError("Xvfb did not start")
    return proc, ":" + data.decode().strip()


def start_fault_host(directory, modes):
    ready = os.path.join(directory, "ready.json")
    args = [sys.executable, FAULT_HOST, "--bind", "127.0.0.1", "--ready-file", ready]
    for mode in modes:
        args += ["--listen", "%s=0" % mode]
    proc = start(args, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if os.path.exists(ready) and os.path.getsize(ready) > 0:
            with open(ready) as f:
                return proc, json.load(f)["listeners"]
        time.sleep(0.05)
    stop(proc)
    raise RuntimeError("the fault host did not start")


def headless_title(target):
    """What the headless mode names for the same host: the title a person must
    find on the wizard's result page."""
    cp = subprocess.run([PROGRAM, "--headless", target, "--json", "--timeout", str(TIMEOUT)],
                        capture_output=True, text=True, timeout=60)
    labkit.check_no_sanitizer_report(cp.stderr, cp.args)
    report = json.loads(cp.stdout)
    return report["causes"][0]["id"], report["causes"][0]["title"]


def search(root, predicate, limit=5000):
    """Breadth first over the tree; a node that fails to answer is skipped
    (widgets come and go while the page changes)."""
    queue = [root]
    seen = 0
    while queue and seen < limit:
        acc = queue.pop(0)
        seen += 1
        try:
            if predicate(acc):
                return acc
            queue.extend(child for child in acc if child is not None)
        except Exception:
            continue
    return None


def find(root, predicate, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = search(root, predicate)
        if found is not None:
            return found
        time.sleep(0.2)
    return None


def find_app(timeout=20):
    import pyatspi
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        desktop = pyatspi.Registry.getDesktop(0)
        for app in desktop:
            if app is not None and app.name in ("rdp-doctor", "Remote Desktop Doctor"):
                return app
        time.sleep(0.2)
    return None


def named(name, roles):
    import pyatspi

    def predicate(acc):
        try:
            return acc.name == name and acc.getRole() in roles and \
                acc.getState().contains(pyatspi.STATE_VISIBLE)
        except Exception:
            return False
    return predicate


def text_of(acc):
    try:
        text = acc.queryText()
        return text.getText(0, text.characterCount)
    except Exception:
        return acc.name or ""


def dump(root, limit=80):
    """The visible part of the tree, for a failure message."""
    lines = []

    def walk(acc, depth):
        if acc is None or len(lines) >= limit:
            return
        try:
            lines.append("%s%s “%s”" % ("  " * depth, acc.getRoleName(), acc.name))
            for child in acc:
                walk(child, depth + 1)
        except Exception:
            pass
    walk(root, 0)
    return "\n".join(lines)


# Every page's title, as RdPage names it for a screen reader.
PAGE_TITLES = {"Which computer?", "Checking", "Your network", "The computer’s name", "The Remote Desktop port",
               "Sign-in and encryption", "Network path", "What we found", "Side by side"}
# A name that is a widget's type, or a mnemonic said twice ("_Next Next").
TYPE_NAME = re.compile(r"^(Gtk|Adw|Rd)[A-Z]\w*$")
MNEMONIC = re.compile(r"(^|\s)_\w")


def audit(app):
    """The controls a person can reach on the page shown: each must be named
    in words. Returns (problems, the titles of the pages in the tree that
    are showing)."""
    import pyatspi
    controls = {pyatspi.ROLE_PUSH_BUTTON, pyatspi.ROLE_TOGGLE_BUTTON, pyatspi.ROLE_CHECK_BOX,
                pyatspi.ROLE_RADIO_BUTTON, pyatspi.ROLE_ENTRY, pyatspi.ROLE_COMBO_BOX, pyatspi.ROLE_LINK,
                pyatspi.ROLE_SLIDER, pyatspi.ROLE_SPIN_BUTTON, pyatspi.ROLE_MENU_ITEM, pyatspi.ROLE_LIST_ITEM,
                pyatspi.ROLE_SCROLL_BAR, pyatspi.ROLE_PAGE_TAB, pyatspi.ROLE_TOGGLE_BUTTON}
    problems = []
    pages = []
    any_showing = False
    queue = [app]
    seen = 0
    while queue and seen < 5000:
        acc = queue.pop(0)
        seen += 1
        try:
            role = acc.getRole()
            state = acc.getState()
            name = acc.name or ""
            if role != pyatspi.ROLE_FRAME:
                any_showing = any_showing or state.contains(pyatspi.STATE_SHOWING)
            if role == pyatspi.ROLE_PANEL and name in PAGE_TITLES:
                pages.append((name, state))
            editable = role == pyatspi.ROLE_TEXT and state.contains(pyatspi.STATE_EDITABLE)
            if (role in controls or editable) and state.contains(pyatspi.STATE_VISIBLE):
                if not name.strip() or TYPE_NAME.match(name) or MNEMONIC.search(name):
                    where = []
                    parent = acc.parent
                    while parent is not None and len(where) < 6:
                        where.append("%s “%s”" % (parent.getRoleName(), parent.name))
                        parent = parent.parent
                    problems.append("%s named “%s” in %s" % (acc.getRoleName(), name, " < ".join(where)))
            queue.extend(child for child in acc if child is not None)
        except Exception:
            continue
    # GTK 4.8 sets 'showing' on windows only; there, a page in the tree
    # and visible is one a screen reader finds.
    state = pyatspi.STATE_SHOWING if any_showing else pyatspi.STATE_VISIBLE
    return problems, [name for name, states in pages if states.contains(state)]


DISCLOSURES = ("Technical details", "For the computer’s administrator", "Do it by hand instead")


def every(root, predicate, limit=5000):
    """All the nodes @predicate accepts, breadth first."""
    found = []
    queue = [root]
    while queue and limit > 0:
        acc = queue.pop(0)
        limit -= 1
        try:
            if predicate(acc):
                found.append(acc)
            queue.extend(child for child in acc if child is not None)
        except Exception:
            continue
    return found


def walk_pages(app, what):
    """Goes through every step with the header bar's Next, auditing each
    page, up to the last. Returns how many pages it saw."""
    import pyatspi
    seen = 0
    deadline = time.monotonic() + WAIT_RESULT
    while time.monotonic() < deadline:
        n, of = step_of(app)
        if n < 1 or n == seen:
            time.sleep(0.2)
            continue
        time.sleep(0.5)          # the page's content, not only its title
        # Open every disclosure: what is behind them is audited too.
        for name in DISCLOSURES:
            for button in every(app, named(name, (pyatspi.ROLE_PUSH_BUTTON,))):
                button.queryAction().doAction(0)
        time.sleep(0.3)
        problems, showing = audit(app)
        labkit.check(not problems, "%s, step %d of %d: %s" % (what, n, of, "; ".join(problems)))
        labkit.check(len(showing) == 1, "%s, step %d of %d: pages showing: %s" % (what, n, of, showing))
        seen = n
        if n == of:
            return seen
        button = find(app, named("Next", (pyatspi.ROLE_PUSH_BUTTON,)), 5)
        labkit.check(button is not None, "%s, step %d of %d: no button named “Next”" % (what, n, of))
        button.queryAction().doAction(0)
    raise AssertionError("%s: never reached the last step:\n%s" % (what, dump(app, 200)))


def step_of(app):
    """(N, of M) from the window's title "Step N of M: …"."""
    try:
        m = re.match(r"Step (\d+) of (\d+)", app[0].name or "")
    except Exception:
        m = None
    return (int(m.group(1)), int(m.group(2))) if m else (0, 0)


def drive(target, expected_title, env):
    """One person's visit: every page audited on the way; returns what the
    result page said."""
    import pyatspi
    app_proc = start([PROGRAM], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        app = find_app()
        labkit.check(app is not None, "the program never showed up in the accessibility tree")

        def is_entry(acc):
            try:
                return acc.name == "Computer name or address" and acc.getRoleName() in ("text", "entry")
            except Exception:
                return False

        entry = find(app, is_entry, 10)
        labkit.check(entry is not None, "no text field named “Computer name or address”:\n" + dump(app))
        entry.queryEditableText().setTextContents(target)

        button = find(app, lambda a: named("Check my connection", (pyatspi.ROLE_PUSH_BUTTON,))(a) and
                      a.getState().contains(pyatspi.STATE_SENSITIVE), 10)
        if button is None:
            any_button = search(app, lambda a: a.name == "Check my connection")
            states = [pyatspi.stateToString(x) for x in any_button.getState().getStates()] if any_button else None
            raise AssertionError("no sensitive button named “Check my connection” after typing %s; "
                                 "the field says “%s”; the button's states: %s; field interfaces: %s"
                                 % (target, text_of(entry), states, pyatspi.listInterfaces(entry)))
        problems, showing = audit(app)
        labkit.check(not problems, "the first page: %s" % "; ".join(problems))
        labkit.check(showing == ["Which computer?"], "the first page: pages showing: %s" % showing)
        action = button.queryAction()
        labkit.check(action.nActions > 0, "the button offers no action")
        action.doAction(0)
        pages = walk_pages(app, target)

        def shows_title(acc):
            try:
                return acc.getRole() in (pyatspi.ROLE_LABEL, pyatspi.ROLE_HEADING, pyatspi.ROLE_STATIC) and \
                    text_of(acc) == expected_title and acc.getState().contains(pyatspi.STATE_VISIBLE)
            except Exception:
                return False

        result = find(app, shows_title, WAIT_RESULT)
        labkit.check(result is not None,
                     "the result page never showed “%s”:\n%s" % (expected_title, dump(app, 200)))
        again = find(app, named("Test again", (pyatspi.ROLE_PUSH_BUTTON,)), 5)
        labkit.check(again is not None, "the result page has no “Test again” button")
        return "%d pages, every control named, one page showing; read on the result page: “%s”" % (
            pages, text_of(result))
    finally:
        stop(app_proc)
        # In the sanitizer build a memory error ends the wizard with a
        # report; that fails the visit even if the page had been read.
        err = app_proc.stderr.read().decode("utf-8", "replace")
        labkit.check_no_sanitizer_report(err, [PROGRAM])


KIOSK_KEYS = """[io/github/rdpdoctor/RdpDoctor]
preset-hosts=[('Front desk', '%s')]
allow-custom-host=false
allow-apply-fixes=false
allow-save-report=false
helpdesk-name='IT Service Desk'
helpdesk-phone='+1 555 0100'
helpdesk-url='https://help.example.com'
idle-reset-seconds=uint32 0
timeout-seconds=uint32 %d
"""

# Ways out of a kiosk, by accessible name: file dialogs and what opens
# them, other apps, the app's menu.
WAY_OUT = re.compile(r"^(open|save)\b|^(quit|about remote desktop doctor|main menu|keyboard shortcuts)$",
                     re.IGNORECASE)


def ways_out(app):
    """Every accessible object a kiosk must not offer, and the windows."""
    import pyatspi
    found = []
    queue = [app]
    while queue:
        acc = queue.pop(0)
        try:
            role = acc.getRole()
            name = (acc.name or "").strip()
            if role in (pyatspi.ROLE_FILE_CHOOSER, pyatspi.ROLE_DIALOG, pyatspi.ROLE_ALERT) or \
                    WAY_OUT.search(name) or \
                    (name == "Computer name or address" and acc.getState().contains(pyatspi.STATE_SHOWING)):
                found.append("%s “%s”" % (acc.getRoleName(), name))
            queue.extend(child for child in acc if child is not None)
        except Exception:
            continue
    if app.childCount != 1:
        found.append("%d windows" % app.childCount)
    return found


def kiosk_visit(target, env, workdir):
    """A person at a locked-down kiosk: taps the preset, reads the result."""
    import pyatspi
    config = os.path.join(workdir, "kiosk-config")
    os.makedirs(os.path.join(config, "glib-2.0", "settings"), exist_ok=True)
    with open(os.path.join(config, "glib-2.0", "settings", "keyfile"), "w") as f:
        f.write(KIOSK_KEYS % (target, TIMEOUT))
    kiosk_env = dict(env)
    kiosk_env.update({"GSETTINGS_BACKEND": "keyfile", "XDG_CONFIG_HOME": config})
    app_proc = start([PROGRAM, "--kiosk"], env=kiosk_env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        app = find_app()
        labkit.check(app is not None, "the program never showed up in the accessibility tree")
        preset = find(app, named("Front desk", (pyatspi.ROLE_PUSH_BUTTON,)), 10)
        labkit.check(preset is not None, "no button named “Front desk”:\n" + dump(app))
        found = ways_out(app)
        labkit.check(not found, "the kiosk's first page offers: %s" % ", ".join(found))
        preset.queryAction().doAction(0)

        def step():
            return step_of(app)

        def buttons(name):
            found = []
            queue = [app]
            while queue:
                acc = queue.pop(0)
                try:
                    if named(name, (pyatspi.ROLE_PUSH_BUTTON,))(acc):
                        found.append(acc)
                    queue.extend(child for child in acc if child is not None)
                except Exception:
                    continue
            return found

        # Each step after the checks, up to the last: the result.
        pages = 1
        seen = 0
        deadline = time.monotonic() + WAIT_RESULT
        while time.monotonic() < deadline:
            n, of = step()
            if n < 1 or n == seen:
                time.sleep(0.2)
                continue
            time.sleep(0.5)      # the page's content, not only its title
            found = ways_out(app)
            labkit.check(not found, "page %d of %d offers: %s" % (n, of, ", ".join(found)))
            pages += 1
            seen = n
            if n == of:
                break
            # The header bar's "Next".
            for button in buttons("Next"):
                try:
                    button.queryAction().doAction(0)
                except Exception:
                    pass
        labkit.check(seen > 0 and seen == step()[1], "never reached the result page:\n" + dump(app, 200))
        labkit.check(search(app, named("Test again", (pyatspi.ROLE_PUSH_BUTTON,))) is not None,
                     "the result page has no “Test again” button")
        helpdesk = search(app, lambda a: text_of(a) == "+1 555 0100")
        labkit.check(helpdesk is not None, "the result page does not show the helpdesk's number")
        labkit.check(app_proc.poll() is None, "the kiosk ended")
        return "%d pages, none with a way out" % pages
    finally:
        stop(app_proc)


def inner(dropped):
    tap = labkit.Tap()
    workdir = tempfile.mkdtemp(prefix="rd-atspi-")
    procs = []
    try:
        bus = start(["/usr/libexec/at-spi-bus-launcher", "--launch-immediately"],
                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        procs.append(bus)
        xvfb, display = start_xvfb()
        procs.append(xvfb)
        fault, ports = start_fault_host(workdir, ["tls-reset-after-hello", "neg-fail-3", "credssp-close",
                                                  "silence", "tls-ok"])
        procs.append(fault)

        env = dict(os.environ)
        env.update({
            "DISPLAY": display,
            "GSETTINGS_BACKEND": "memory",
            "GTK_A11Y": "atspi",
            "GSK_RENDERER": "cairo",
            "XDG_RUNTIME_DIR": workdir,
            "LC_ALL": "C.UTF-8",
        })
        env.pop("NO_AT_BRIDGE", None)
        env.pop("G_DEBUG", None)       # the accessibility bridge warns on teardown

        import pyatspi  # noqa: F401 (connects to the bus started above)

        cases = [
            ("TLS cut after the ClientHello", "127.0.0.1:%d" % ports["tls-reset-after-hello"],
             "tls-handshake-terminated"),
            ("a port that drops every packet", "127.0.0.1:%d" % dropped, "port-filtered"),
            ("no certificate", "127.0.0.1:%d" % ports["neg-fail-3"], "negotiation-cert-missing"),
            ("NLA broken off", "127.0.0.1:%d" % ports["credssp-close"], "nla-failed"),
            ("a service that never answers", "127.0.0.1:%d" % ports["silence"], "handshake-timeout"),
            # Only a note: the wizard says it is healthy.
            ("a healthy computer", "127.0.0.1:%d" % ports["tls-ok"], "tls-cert-self-signed", "No problem found"),
        ]

        def case(target, expected_id, wizard_title=None):
            def run():
                got_id, title = headless_title(target)
                labkit.check_eq(got_id, expected_id, "headless cause for %s" % target)
                return drive(target, wizard_title or title, env)
            return run

        # The sanitized build checks memory on the first two visits and the
        # kiosk; every scenario's words are the normal build's to audit.
        if "ASAN_OPTIONS" in os.environ:
            cases = cases[:2]
        tests = [("wizard through AT-SPI: %s -> %s" % (c[0], c[2]), case(*c[1:])) for c in cases]
        tests.append(("kiosk through AT-SPI: no file dialog, menu or other way out on any page",
                      lambda: kiosk_visit(cases[0][1], env, workdir)))
        labkit.run_tests(tap, tests)
    finally:
        for proc in reversed(procs):
            stop(proc)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "--inner":
        inner(int(sys.argv[2]))
    else:
        sys.exit(outer())
