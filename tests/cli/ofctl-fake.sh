#!/bin/bash
# tests/cli/ofctl-fake.sh -- ofctl's connection code against a scripted
# switch (tests/cli/fake-switch.py) doing what real switches rarely do:
# version negotiation without a bitmap, with a higher version or with no
# common version; an echo request in the middle of a dump; a reply in
# parts with undecodable asynchronous messages in between; a framing
# error, an undecodable reply, a connection closed half-way, silence; an
# error quoting only the first bytes of the request; pipelined flow_mods
# closed by one barrier; and a million flows, which must stream.  The fake
# switch checks what ofctl sent; this script checks what ofctl printed and
# its exit status.  Needs no root and no network.
#
# Skipped (77) without /usr/bin/python3.

set -u
: "${top_builddir:=.}"
: "${top_srcdir:=.}"
OFCTL=$top_builddir/tools/ofctl
FAKE=$top_srcdir/tests/cli/fake-switch.py
[ -x "$OFCTL" ] || { echo "$0: $OFCTL is not built" >&2; exit 99; }
[ -x /usr/bin/python3 ] || { echo "$0: SKIP: no /usr/bin/python3"; exit 77; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ofctl-fake.XXXXXX") || exit 99
fake_pid=
cleanup() {
    [ -n "$fake_pid" ] && kill "$fake_pid" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT
sock=$tmp/fake.sock
out=$tmp/stdout
err=$tmp/stderr
n_pass=0
n_fail=0

fail() {
    echo "FAIL: $*" >&2
    n_fail=$((n_fail + 1))
}

pass() {
    n_pass=$((n_pass + 1))
}

# scenario NAME STATUS STDERR-REGEX ARG...: runs the fake switch with
# scenario NAME and "ofctl -t 20 ARG..." against it (SWITCH in ARG stands
# for the fake's socket); ofctl must exit with STATUS and, unless
# STDERR-REGEX is empty, say something matching it on stderr (else
# nothing).  The fake switch must be content with what it got.
scenario() {
    local name=$1 status=$2 pattern=$3
    shift 3
    local args=() a
    for a in "$@"; do
        args+=("${a//SWITCH/unix:$sock}")
    done
    rm -f "$sock"
    /usr/bin/python3 "$FAKE" "$sock" "$name" 2>"$tmp/fake.err" &
    fake_pid=$!
    for i in $(seq 100); do
        [ -S "$sock" ] && break
        sleep 0.05
    done
    "$OFCTL" -t 20 "${args[@]}" >"$out" 2>"$err"
    rc=$?
    wait "$fake_pid"
    local fake_rc=$?
    fake_pid=
    if grep -q -e Sanitizer -e 'runtime error' "$err"; then
        fail "$name: sanitizer report"
        cat "$err" >&2
    elif [ "$rc" -ne "$status" ]; then
        fail "$name: ofctl exit status $rc, expected $status"
        cat "$err" >&2
    elif [ -n "$pattern" ] && ! grep -E -q -e "$pattern" "$err"; then
        fail "$name: stderr does not match /$pattern/"
        cat "$err" >&2
    elif [ -z "$pattern" ] && [ -s "$err" ]; then
        fail "$name: unexpected stderr"
        cat "$err" >&2
    elif [ "$fake_rc" -ne 0 ]; then
        fail "$name: the fake switch is not content"
        cat "$tmp/fake.err" >&2
    else
        pass
    fi
}

# check_out WHAT EXTENDED-REGEX: a line of the last stdout matches.
check_out() {
    if grep -E -q -e "$2" "$out"; then pass; else
        fail "$1: no line matches /$2/"
        head -n 20 "$out" >&2
    fi
}

scenario hello-nobitmap 0 "" probe SWITCH
scenario hello-higher 0 "" probe SWITCH
scenario hello-v1-ok 0 "" -O OpenFlow10,OpenFlow13 probe SWITCH
scenario hello-v1 1 'version negotiation failed \(we support version 0x04, the switch supports 0x00, 0x01\)' probe SWITCH
scenario echo-in-dump 0 "" dump-desc SWITCH
check_out "echo-in-dump: the reply" '^Hardware: fake switch$'
scenario parts 0 "" dump-flows SWITCH
check_out "parts: first part" '^OFPST_FLOW reply \(OF1\.3\) \(xid=0x2\): flags=\[more\]$'
check_out "parts: last part" '^OFPST_FLOW reply \(OF1\.3\) \(xid=0x2\):$'
[ "$(grep -c 'actions=drop' "$out")" = 3 ] && pass || fail "parts: not 3 flows"
scenario parts 0 "" dump-flows --sort SWITCH
[ "$(grep -o 'priority=[0-9]*' "$out" | tr '\n' ' ')" = "priority=10 priority=20 priority=30 " ] &&
    pass || fail "parts --sort: $(cat "$out")"
scenario parts 0 "" dump-flows --json SWITCH
/usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if [f["cookie"] for f in d] == ["0x0","0x1","0x2"] else 1)' "$out" &&
    pass || fail "parts --json: $(cat "$out")"
scenario close-mid-dump 1 'connection closed by peer' dump-flows SWITCH
scenario badlen 1 'Protocol error' dump-flows SWITCH
scenario undecodable 1 'does not decode' dump-desc SWITCH
scenario silent 1 'timed out' -t 1 probe SWITCH
scenario error-truncated 1 '^OFPT_ERROR \(OF1\.3\) \(xid=0x2\): OFPBAC_BAD_OUT_PORT$' \
    add-flow SWITCH "priority=7,in_port=1,actions=output:2"
# The switch quoted 16 bytes; ofctl shows the whole request it sent.
grep -q '^OFPT_FLOW_MOD (OF1.3) (xid=0x2): ADD priority=7,in_port=1 actions=output:2$' "$err" &&
    pass || fail "error-truncated: the request is not shown whole"
printf '%s\n' 'priority=1,actions=drop' 'priority=2,actions=drop' \
    'priority=3,in_port=1,actions=output:9' 'priority=4,actions=drop' \
    'priority=5,actions=drop' >"$tmp/flows.txt"
scenario pipeline 1 "flows\\.txt:3: the switch rejected this request" \
    add-flows SWITCH "$tmp/flows.txt"
grep -q 'ADD priority=3,in_port=1 actions=output:9$' "$err" &&
    pass || fail "pipeline: the failed request is not shown"
[ "$(grep -c '^OFPT_ERROR' "$err")" = 1 ] && pass || fail "pipeline: one error"

# A million flows stream through; a sanitizer build is slower, so the
# time limit is generous, but the memory must stay flat.
start=$(date +%s)
rm -f "$sock"
/usr/bin/python3 "$FAKE" "$sock" million 2>"$tmp/fake.err" &
fake_pid=$!
for i in $(seq 100); do [ -S "$sock" ] && break; sleep 0.05; done
# ASan's quarantine would otherwise count as resident memory.
lines=$(ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=16 \
    /usr/bin/time -f '%M' -o "$tmp/rss" "$OFCTL" -t 600 dump-flows \
    "unix:$sock" 2>"$err" | grep -c 'actions=drop')
wait "$fake_pid"
fake_pid=
elapsed=$(($(date +%s) - start))
[ "$lines" = 1000000 ] && pass || fail "million: $lines flows printed"
[ "$elapsed" -lt 300 ] && pass || fail "million: ${elapsed}s"
rss=$(tail -n 1 "$tmp/rss" 2>/dev/null)
echo "$0: a million flows in ${elapsed}s, ${rss:-?} KiB resident at most"
case $rss in
'' | *[!0-9]*) ;;
*) [ "$rss" -lt 100000 ] && pass || fail "million: ${rss} KiB resident: the dump does not stream" ;;
esac

echo "$0: $n_pass passed, $n_fail failed"
[ "$n_fail" -eq 0 ]
