#!/usr/bin/python3
"""Summarise an os-ken switch tester log: per-file and total pass counts,
and the reason of every failure.

usage: summarize.py LOG [RETRY-LOG...] [--json OUT] [--expect-files N]
                    [--starved FILE]
A file's results in a later log replace its results in an earlier one (the
runner's retry of throughput cases whose tester could not offer its load).
--starved FILE writes the descriptions of files whose only failures are
such cases.
Exit status: 0 if every test passed, 1 if any failed, 2 if the log has no
test results at all (the run did not happen).
"""

import json
import re
import sys

RESULT = re.compile(r"^ {4}(\S.*?)\s+(OK|ERROR)\s*$")
OFFERED = re.compile(r"^ {8}OFFERED ([0-9.]+) pktps of ([0-9]+) requested")
# A throughput case whose tester offered less than this share of the rate
# its test file asks for did not test the switch.
OFFER_THRESHOLD = 0.9
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
    offered = []
    with open(path, errors="replace") as f:
        for raw in f:
            line = strip_prefix(raw)
            if line.startswith("--- Test report"):
                in_report = True
            if in_report or not line.strip():
                continue
            m = OFFERED.match(line)
            if m:
                offered.append(float(m.group(1)) / max(1, int(m.group(2))))
                continue
            m = RESULT.match(line)
            if m and current is not None:
                last = {"test": m.group(1).strip(), "result": m.group(2),
                        "reason": "", "offered": min(offered) if offered
                        else None}
                offered = []
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


def tester_starved(t):
    """A failed throughput case whose tester could not offer its load."""
    return (t["result"] != "OK" and "throughput" in t["reason"]
            and t.get("offered") is not None
            and t["offered"] < OFFER_THRESHOLD)


def main():
    args = sys.argv[1:]
    if not args:
        print(__doc__, file=sys.stderr)
        return 2
    opts = ("--json", "--expect-files", "--starved")
    logs = [a for i, a in enumerate(args)
            if not a.startswith("--") and (i == 0 or args[i - 1] not in opts)]
    files = []
    for log in logs:
        for f in parse(log):
            files = [x for x in files if x["file"] != f["file"]]
            files.append(f)
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
                note = ""
                if tester_starved(t):
                    note = ("\n          (the tester offered only %d%% of "
                            "the requested load: retry)"
                            % (100 * t["offered"]))
                print("    ERROR %s\n          %s%s" % (t["test"],
                                                      t["reason"], note))
    print("total: %d passed, %d failed (%d files)" % (total_ok,
                                                      total - total_ok,
                                                      len(files)))
    if "--json" in args:
        with open(args[args.index("--json") + 1], "w") as out:
            json.dump(files, out, indent=1)
    if "--starved" in args:
        # The files to run again: only starved failures, none other.
        with open(args[args.index("--starved") + 1], "w") as out:
            for f in files:
                bad = [t for t in f["tests"] if t["result"] != "OK"]
                if bad and all(tester_starved(t) for t in bad):
                    out.write(f["file"] + "\n")
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
