#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""`rdp-doctor --headless REPORT.json` prints a saved report without
running anything: its code (the one in the file, the same every time),
text or JSON; a file that is not a report is refused with exit code 2.
Needs no network. Prints TAP."""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

TIMEOUT = 10

REPORT = {
    "schema": "rdp-doctor/report/1",
    "generator": {"name": "rdp-doctor", "version": "0.1.0"},
    "origin": {"computer": "PC-042"},
    "created": "2026-11-24T14:03:00Z",
    "duration_ms": 2100,
    "target": {"input": "pc-042.example.com", "host": "pc-042.example.com",
               "port": 3389, "kind": "name"},
    "verdict": "broken",
    "checks": [{"id": "tcp", "status": "fail", "summary": "No answer on port 3389",
                "duration_ms": 2000, "evidence": {}}],
    "causes": [{"id": "port-filtered", "severity": "error", "confidence": 0.9,
                "title": "A firewall drops the connection",
                "explanation": "Nothing answers on port 3389.", "remedies": []}],
}


def run(args):
    p = subprocess.run([os.environ["RDP_DOCTOR"], "--headless"] + args,
                       stdin=subprocess.DEVNULL, capture_output=True, text=True,
                       timeout=TIMEOUT, env=dict(os.environ, LC_ALL="C.UTF-8"))
    return p


def main():
    tmp = tempfile.mkdtemp(prefix="rd-cli-report-")
    results = []
    try:
        path = os.path.join(tmp, "caller.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(REPORT, f)
        with_code = os.path.join(tmp, "with-code.json")
        with open(with_code, "w", encoding="utf-8") as f:
            json.dump(dict(REPORT, code="7K2M-QX9D"), f)
        bad = os.path.join(tmp, "other.json")
        with open(bad, "w", encoding="utf-8") as f:
            f.write('{"schema": "something/else"}')

        first, second = run([path]), run([path])
        code = re.search(r"^Report code: ([0-9A-Z]{4}-[0-9A-Z]{4})$", first.stdout, re.M)
        results.append(("text: the report, its code near the top, exit 1",
                        first.returncode == 1 and code is not None
                        and first.stdout.index("Report code") < first.stdout.index("Problem:")
                        and "A firewall drops the connection" in first.stdout,
                        first.stdout + first.stderr))
        results.append(("the same code every time", second.stdout == first.stdout, second.stdout))

        as_json = run([path, "--json"])
        try:
            data = json.loads(as_json.stdout)
        except ValueError:
            data = {}
        results.append(("--json: the same report and code",
                        as_json.returncode == 1 and code is not None
                        and data.get("code") == code.group(1)
                        and data.get("origin", {}).get("computer") == "PC-042"
                        and data["causes"][0]["id"] == "port-filtered",
                        as_json.stdout[:500] + as_json.stderr))

        kept = run([with_code])
        results.append(("a code in the file is kept",
                        "Report code: 7K2M-QX9D\n" in kept.stdout, kept.stdout[:300]))

        refused = run([bad])
        results.append(("not a report: exit 2 with a message",
                        refused.returncode == 2 and refused.stdout == "" and refused.stderr.strip() != "",
                        refused.stderr))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    print("1..%d" % len(results))
    failed = 0
    for i, (what, ok, detail) in enumerate(results, 1):
        print("%s %d - %s" % ("ok" if ok else "not ok", i, what))
        if not ok:
            failed += 1
            for line in detail.splitlines():
                print("# " + line)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
