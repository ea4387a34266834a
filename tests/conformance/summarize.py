#!/usr/bin/python3
"""Summarise an os-ken switch tester log: per-file and total pass counts,
and the reason of every failure.

usage: summarize.py LOG [--json OUT] [--expect-files N]
Exit status: 0 if every test passed, 1 if any failed, 2 if the log has no
test results at all (the run did not happen).
"""

import json
import re
import sys

RESULT = re.compile(r"^ {4}(\S.*?)\s+(OK|ERROR)\s*$")
REASON = re.compile(r"^ {8}(\S.*)$")
SKIP = ("--- Test start", "---  Test end", "--- Test report", "dpid=",
        "waiting for", "OK(", "ERROR(", "loading app", "instantiating",
        "creating context", "Join ", "Leave ", "Disconnect ")


def strip_prefix(line):
    # osken-manager's default log lines carry no prefix, but accept the
    # "HH:MM:SS ... : " and "LEVEL:name:" styles too.
    return re.sub(r"^(?:[A-Z]+:[\w.]+:)", "", line.rstrip("\n"))


def parse(path):
    files = []
    current = None
    last = None
    in_report = False
    with open(path, errors="replace") as f:
        for raw in f:
            line = strip_prefix(raw)
            if line.startswith("--- Test report"):
                in_report = True
            if in_report or not line.strip():
                continue
            m = RESULT.match(line)
            if m and current is not None:
                last = {"test": m.group(1).strip(), "result": m.group(2),
                        "reason": ""}
                current["tests"].append(last)
                continue
            m = REASON.match(line)
            if m and last is not None and last["result"] == "ERROR":
                last["reason"] = (last["reason"] + " " + m.group(1)).strip()
                continue
            if (not line.startswith(" ") and not line.startswith(SKIP)
                    and ":" in line and not line.startswith("Traceback")):
                current = {"file": line.strip(), "tests": []}
                files.append(current)
                last = None
    return [f for f in files if f["tests"]]


def main():
    args = sys.argv[1:]
    if not args:
        print(__doc__, file=sys.stderr)
        return 2
    files = parse(args[0])
    total_ok = total = 0
    for f in files:
        ok = sum(t["result"] == "OK" for t in f["tests"])
        n = len(f["tests"])
        total_ok += ok
        total += n
        print("%-45s %4d / %-4d%s" % (f["file"], ok, n,
                                        "" if ok == n else "  FAIL"))
        for t in f["tests"]:
            if t["result"] != "OK":
                print("    ERROR %s\n          %s" % (t["test"], t["reason"]))
    print("total: %d passed, %d failed (%d files)" % (total_ok,
                                                      total - total_ok,
                                                      len(files)))
    if "--json" in args:
        with open(args[args.index("--json") + 1], "w") as out:
            json.dump(files, out, indent=1)
    if "--expect-files" in args:
        want = int(args[args.index("--expect-files") + 1])
        if len(files) != want:
            print("runner: expected results for %d files, got %d"
                  % (want, len(files)))
            return 1
    if not total:
        return 2
    return 0 if total_ok == total else 1


if __name__ == "__main__":
    sys.exit(main())
