#!/bin/bash
# tests/cli/ofbench.sh -- tests of ofbench, the load generator.
#
# Part 1 needs nothing but the build and python3.  A scripted switch (a
# Python program speaking OpenFlow 1.3) keeps count of what ofbench sends
# it: flow-mod must install exactly --flows distinct flows with the
# barriers it promises, verify the count, delete them by cookie, and fail
# when the switch returns an error or a wrong count; packet-in must set up
# the table-miss flow, count every packet-in and, with --reply, answer each
# with a flow_mod and a packet-out, then remove its flows.  Command-line
# errors exit 2; --json prints JSON.
#
# Part 2 needs root and a switch: Open vSwitch by default (a private
# ovsdb-server and ovs-vswitchd in a private network namespace, userspace
# datapath, never the system service), or ofswitchd with
# CTL_TEST_SWITCH=ofswitchd.  echo (serial and pipelined) and flow-mod run
# against the switch's ptcp: listener, and flow-mod leaves exactly --flows
# flows (counted with ovs-ofctl) until a second run deletes them; packet-in
# counts packet-ins while send-frames pushes frames into a switch port;
# recv-frames counts exactly what send-frames sends across a veth pair and
# what the switch forwards from one port to another.  The figures are
# printed; they are informative only (a small, busy machine).
#
# Everything runs in a private temporary directory and in namespaces made
# here, removed on exit even after a failure.  Exit status: 0 when every
# check that could run passed (part 2 is skipped, with a note, without
# root or a switch), 1 when one failed, 77 without python3.
set -u

: "${top_builddir:=.}"
: "${top_srcdir:=.}"
BUILD=$(cd "$top_builddir" && pwd)
OFBENCH=$BUILD/tools/ofbench
PYTHON=${PYTHON:-python3}
[ -x "$OFBENCH" ] || { echo "$0: $OFBENCH is not built" >&2; exit 99; }
command -v "$PYTHON" >/dev/null || { echo "$0: SKIP: no python3"; exit 77; }

T=$(mktemp -d "${TMPDIR:-/tmp}/ofbench-test.XXXXXX") || exit 99
PIDS=
NETNS=
n_pass=0
n_fail=0

cleanup() {
    trap - EXIT INT TERM
    for p in $PIDS; do kill "$p" 2>/dev/null; done
    if [ -d "$T/ovs" ]; then
        for f in "$T"/ovs/*.pid; do
            [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null
        done
    fi
    sleep 0.3
    for p in $PIDS; do kill -9 "$p" 2>/dev/null; done
    for ns in $NETNS; do
        for p in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$p" 2>/dev/null; done
        ip netns del "$ns" 2>/dev/null
    done
    if [ -z "${CTL_TEST_KEEP:-}" ]; then
        rm -rf "$T"
    else
        echo "$0: files kept in $T"
    fi
}
trap cleanup EXIT
trap 'echo "$0: interrupted"; exit 130' INT TERM

fail() {
    echo "FAIL: $*"
    n_fail=$((n_fail + 1))
}

pass() {
    echo "ok: $*"
    n_pass=$((n_pass + 1))
}

# check WHAT EXPECTED ACTUAL
check() {
    if [ "$2" = "$3" ]; then
        pass "$1"
    else
        fail "$1: expected \`$2', got \`$3'"
    fi
}

# bench NAME ARG...: runs ofbench with stdout in $T/NAME.out, stderr in
# $T/NAME.err and the exit status in $rc; a sanitizer report is a failure.
# In part 2, $BENCH_NS names the namespace to run it in.
BENCH_NS=
bench() {
    local name=$1
    shift
    ${BENCH_NS:+ip netns exec "$BENCH_NS"} "$OFBENCH" "$@" \
        >"$T/$name.out" 2>"$T/$name.err"
    rc=$?
    if grep -q -e 'Sanitizer' -e 'runtime error' "$T/$name.err"; then
        fail "$name: sanitizer report"
        cat "$T/$name.err"
    fi
}

# field FILE MODE KEY: the number KEY of the JSON result of MODE in FILE
# (ofbench prints flat objects of numbers, one per line; a separate check
# parses them as JSON).
field() {
    grep -F "{\"mode\":\"$2\"," "$1" |
        sed -n "s/.*\"$3\":\([0-9.]*\).*/\1/p"
}

wait_for_file() {
    local i
    for i in $(seq $((${2:-10} * 10))); do
        [ -e "$1" ] && return 0
        sleep 0.1
    done
    return 1
}

port_base=$((20000 + $$ % 20000))

# --- Part 1: command line. --------------------------------------------------

bench usage1 frobnicate
check "an unknown mode exits 2" 2 "$rc"
bench usage2 echo --flows 5 tcp:127.0.0.1
check "an option of another mode exits 2" 2 "$rc"
grep -q -- '--flows does not apply to echo' "$T/usage2.err" &&
    pass "... and says which option" || fail "message for --flows with echo"
bench usage3 send-frames
check "send-frames without --interface exits 2" 2 "$rc"
bench usage4 flow-mod --flows 0 tcp:127.0.0.1
check "--flows 0 exits 2" 2 "$rc"
bench usage5 flow-mod --actions 'output:frob' tcp:127.0.0.1
check "bad --actions exits 2" 2 "$rc"
bench usage6 echo tcp:127.0.0.1:1
check "a refused connection exits 1" 1 "$rc"

# --- Part 1: a scripted switch. ---------------------------------------------

cat >"$T/fakesw.py" <<'EOF'
# A scripted OpenFlow 1.3 switch that keeps count of what ofbench sends.
#   fakesw.py serve PORT [error-at=N] [count-off]   (for flow-mod, echo)
#   fakesw.py dial PORT N                           (for packet-in)
# Prints one JSON summary line when the connection ends.
import json
import socket
import struct
import sys

HELLO, ERROR, ECHO_REQUEST, ECHO_REPLY = 0, 1, 2, 3
FEATURES_REQUEST, FEATURES_REPLY, PACKET_IN = 5, 6, 10
PACKET_OUT, FLOW_MOD = 13, 14
MULTIPART_REQUEST, MULTIPART_REPLY = 18, 19
BARRIER_REQUEST, BARRIER_REPLY = 20, 21


class Conn:
    def __init__(self, s):
        self.s = s
        self.buf = b""

    def send(self, typ, xid, body=b""):
        # ofbench may close with replies still on the way: not an error.
        try:
            self.s.sendall(struct.pack("!BBHI", 4, typ, 8 + len(body), xid)
                           + body)
        except OSError:
            pass

    def recv(self):
        while True:
            if len(self.buf) >= 8:
                ver, typ, length, xid = struct.unpack("!BBHI", self.buf[:8])
                if len(self.buf) >= length:
                    body = self.buf[8:length]
                    self.buf = self.buf[length:]
                    return ver, typ, xid, body
            try:
                data = self.s.recv(1 << 20)
            except OSError:
                return None
            if not data:
                return None
            self.buf += data


def flow_mod_fields(body):
    cookie, cookie_mask, table, command = struct.unpack("!QQBB", body[:18])
    mlen, = struct.unpack("!H", body[42:44])
    return cookie, cookie_mask, command, body[40:40 + mlen]


def serve(port, opts):
    ls = socket.socket()
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind(("127.0.0.1", port))
    ls.listen(1)
    print("listening", flush=True)
    ls.settimeout(20)
    s, _ = ls.accept()
    c = Conn(s)
    c.send(HELLO, 1, struct.pack("!HHI", 1, 8, 0x10))
    flows = {}  # match bytes -> cookie
    st = dict(adds=0, deletes=0, barriers=0, aggregates=0, echos=0,
              other=0)
    error_at = int(opts.get("error-at", 0))
    while True:
        m = c.recv()
        if m is None:
            break
        ver, typ, xid, body = m
        if typ == HELLO:
            continue
        if typ == ECHO_REQUEST:
            st["echos"] += 1
            c.send(ECHO_REPLY, xid, body)
        elif typ == FLOW_MOD:
            cookie, mask, command, match = flow_mod_fields(body)
            if command == 0:
                st["adds"] += 1
                flows[match] = cookie
                if st["adds"] == error_at:
                    c.send(ERROR, xid, struct.pack("!HH", 5, 0)
                           + (struct.pack("!BBHI", ver, typ, 8 + len(body),
                                          xid) + body)[:64])
            elif command == 3:
                st["deletes"] += 1
                for k in [k for k, v in flows.items() if v & mask == cookie]:
                    del flows[k]
        elif typ == BARRIER_REQUEST:
            st["barriers"] += 1
            c.send(BARRIER_REPLY, xid)
        elif typ == MULTIPART_REQUEST:
            mp_type, = struct.unpack("!H", body[:2])
            cookie, mask = struct.unpack("!QQ", body[24:40])
            st["aggregates"] += 1
            n = len([v for v in flows.values() if v & mask == cookie])
            if "count-off" in opts:
                n -= 1
            c.send(MULTIPART_REPLY, xid, struct.pack("!HH4xQQI4x", mp_type,
                                                     0, 0, 0, n))
        else:
            st["other"] += 1
    st["distinct"] = len(flows)
    print(json.dumps(st), flush=True)


def dial(port, n):
    c = Conn(socket.create_connection(("127.0.0.1", port), timeout=20))
    c.send(HELLO, 1)
    st = dict(flow_mods=0, packet_outs=0, deletes=0, table_miss=0,
              barriers=0, packet_ins=0)
    sent = False
    while True:
        m = c.recv()
        if m is None:
            break
        ver, typ, xid, body = m
        if typ == FEATURES_REQUEST:
            c.send(FEATURES_REPLY, xid,
                   struct.pack("!QIBBxxII", 0xbe, 0, 1, 0, 0, 0))
        elif typ == FLOW_MOD:
            cookie, mask, command, match = flow_mod_fields(body)
            prio, = struct.unpack("!H", body[22:24])
            if command == 3:
                st["deletes"] += 1
            elif prio == 0 and len(match) == 4:
                st["table_miss"] += 1
            else:
                st["flow_mods"] += 1
        elif typ == PACKET_OUT:
            st["packet_outs"] += 1
        elif typ == ECHO_REQUEST:
            c.send(ECHO_REPLY, xid, body)
        elif typ == BARRIER_REQUEST:
            st["barriers"] += 1
            c.send(BARRIER_REPLY, xid)
            if not sent:
                # Set-up done: N packet-ins from N distinct sources.
                sent = True
                msgs = []
                for i in range(n):
                    frame = (b"\x02\x00\x00\x00\x00\x01"
                             + struct.pack("!HI", 0x0200, i)
                             + b"\x08\x00" + bytes(46))
                    match = struct.pack("!HHIIxxxx", 1, 12, 0x80000004, 1)
                    b = (struct.pack("!IHBBQ", 0xffffffff, len(frame), 0, 0,
                                     2**64 - 1) + match + b"\x00\x00"
                         + frame)
                    msgs.append(struct.pack("!BBHI", 4, PACKET_IN,
                                            8 + len(b), 1000 + i) + b)
                c.s.sendall(b"".join(msgs))
                st["packet_ins"] = n
    print(json.dumps(st), flush=True)


if sys.argv[1] == "serve":
    opts = dict((a.split("=", 1) + [""])[:2] for a in sys.argv[3:])
    serve(int(sys.argv[2]), opts)
else:
    dial(int(sys.argv[2]), int(sys.argv[3]))
EOF

# fakesw NAME ARG...: starts the scripted switch in the background with its
# output in $T/NAME.sw; waits until it listens (serve mode).
fakesw() {
    local name=$1
    shift
    "$PYTHON" "$T/fakesw.py" "$@" >"$T/$name.sw" 2>&1 &
    SW_PID=$!
    PIDS="$PIDS $SW_PID"
    if [ "$1" = serve ]; then
        local i
        for i in $(seq 100); do
            grep -q listening "$T/$name.sw" && return 0
            sleep 0.1
        done
        fail "$name: the scripted switch did not start"
        cat "$T/$name.sw"
    fi
}

# swwait: waits for the scripted switch to print its summary and exit.
swwait() {
    wait "$SW_PID" 2>/dev/null
}

# swstat NAME KEY: a number from the scripted switch's summary.
swstat() {
    sed -n "s/^{.*\"$2\": \([0-9]*\).*/\1/p" "$T/$1.sw"
}

p=$port_base
fakesw fm1 serve "$p"
bench fm1 flow-mod --json --flows 1000 --barrier-every 100 --verify --delete \
    --connections 1 "tcp:127.0.0.1:$p"
swwait
check "flow-mod: exit status" 0 "$rc"
[ "$rc" = 0 ] || cat "$T/fm1.err"
check "flow-mod: flows reported" 1000 "$(field "$T/fm1.out" flow-mod ops)"
check "flow-mod: verify line" 1000 "$(field "$T/fm1.out" flow-mod-verify flows)"
check "flow-mod: delete line" 0 "$(field "$T/fm1.out" flow-mod-verify-delete flows)"
check "flow-mod: flow_mod ADDs received" 1000 "$(swstat fm1 adds)"
check "flow-mod: barriers (9 + final + delete)" 11 "$(swstat fm1 barriers)"
check "flow-mod: one DELETE" 1 "$(swstat fm1 deletes)"
check "flow-mod: two aggregate requests" 2 "$(swstat fm1 aggregates)"
check "flow-mod: nothing left after delete" 0 "$(swstat fm1 distinct)"
"$PYTHON" -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1])]' \
    "$T/fm1.out" && pass "flow-mod: --json output parses" ||
    fail "flow-mod: --json output"

fakesw fm3 serve "$p" error-at=500
bench fm3 flow-mod --flows 1000 --match eth_dst "tcp:127.0.0.1:$p"
swwait
check "flow-mod: an error from the switch exits 1" 1 "$rc"
grep -q 'OFPFMFC_UNKNOWN' "$T/fm3.err" && grep -q 'errors 1)' "$T/fm3.out" &&
    pass "flow-mod: the error is named and counted" ||
    { fail "flow-mod: error report"; cat "$T/fm3.out" "$T/fm3.err"; }
check "flow-mod: distinct eth_dst flows" 1000 "$(swstat fm3 distinct)"

fakesw fm4 serve "$p" count-off
bench fm4 flow-mod --flows 200 --verify "tcp:127.0.0.1:$p"
swwait
check "flow-mod: a wrong count exits 1" 1 "$rc"
grep -q '199 flows installed, expected 200' "$T/fm4.err" &&
    pass "flow-mod: the wrong count is reported" || fail "flow-mod: count report"

fakesw echo serve "$p"
bench echo echo --duration 0.5 --pipeline 8 "tcp:127.0.0.1:$p"
swwait
check "echo: exit status" 0 "$rc"
grep -E -q '^echo: [1-9][0-9]* ops in 0\.[0-9]+ s = [0-9.]+ ops/s \(connections 1, pipeline 8\); latency us: min [0-9.]+ p50 [0-9.]+ p90 [0-9.]+ p99 [0-9.]+ max [0-9.]+$' "$T/echo.out" &&
    pass "echo: $(cat "$T/echo.out")" || { fail "echo output"; cat "$T/echo.out" "$T/echo.err"; }
n_echo=$(swstat echo echos)
ops=$(grep -o '^echo: [0-9]*' "$T/echo.out" | grep -o '[0-9]*$')
[ -n "$ops" ] && [ "$n_echo" -ge "$ops" ] &&
    pass "echo: every counted round trip was answered ($n_echo requests)" ||
    fail "echo: $ops round trips counted, $n_echo requests seen"

p2=$((port_base + 1))
for mode in plain reply; do
    args=
    [ $mode = reply ] && args=--reply
    # shellcheck disable=SC2086
    "$OFBENCH" packet-in --json --duration 1 --ready-file "$T/pin-$mode.ready" \
        $args "ptcp:$p2" >"$T/pin-$mode.out" 2>"$T/pin-$mode.err" &
    bpid=$!
    PIDS="$PIDS $bpid"
    sleep 0.5
    fakesw "pin-$mode" dial "$p2" 500
    wait "$bpid"
    rc=$?
    swwait
    check "packet-in ($mode): exit status" 0 "$rc"
    [ -e "$T/pin-$mode.ready" ] && pass "packet-in ($mode): ready file made" ||
        fail "packet-in ($mode): no ready file"
    check "packet-in ($mode): packet-ins counted" 500 \
        "$(field "$T/pin-$mode.out" packet-in ops)"
    check "packet-in ($mode): one table-miss flow" 1 "$(swstat "pin-$mode" table_miss)"
    check "packet-in ($mode): delete before and after" 2 "$(swstat "pin-$mode" deletes)"
    want=0
    [ $mode = reply ] && want=500
    check "packet-in ($mode): flow_mods" $want "$(swstat "pin-$mode" flow_mods)"
    check "packet-in ($mode): packet-outs" $want "$(swstat "pin-$mode" packet_outs)"
done
check "packet-in: replies reported" 500 "$(field "$T/pin-reply.out" packet-in replies)"

# --- Part 2: a real switch and real frames. ---------------------------------

part2=run
switch=${CTL_TEST_SWITCH:-ovs}
if [ "$(id -u)" != 0 ]; then
    part2="needs root"
elif [ "$switch" = ovs ]; then
    for tool in ip ovsdb-server ovs-vswitchd ovs-vsctl ovsdb-tool ovs-ofctl; do
        command -v "$tool" >/dev/null || part2="$tool is not installed"
    done
elif [ "$switch" = ofswitchd ]; then
    OFSWITCHD=$BUILD/src/ofswitchd
    [ -x "$OFSWITCHD" ] || part2="$OFSWITCHD is not built"
    command -v ovs-ofctl >/dev/null || part2="ovs-ofctl is not installed"
else
    part2="unknown CTL_TEST_SWITCH=$switch"
fi

if [ "$part2" != run ]; then
    echo "skip: part 2 (a switch in a namespace): $part2"
    echo "$0: $n_pass passed, $n_fail failed"
    [ "$n_fail" -eq 0 ]
    exit
fi

pfx=ob$(printf '%04x' $(($$ % 65536)))
swns=$pfx-sw
inns() { ip netns exec "$swns" "$@"; }
ofctl() { inns ovs-ofctl -O OpenFlow13 "$@"; }

ip netns add "$swns" || { fail "ip netns add"; exit 1; }
NETNS="$NETNS $swns"
inns ip link set lo up

# host N: namespace PFX-hN with eth0 joined to pN in the switch namespace;
# offloads off, IPv6 off, so that only the test's frames cross.
host() {
    local ns=$pfx-h$1
    ip netns add "$ns" || return 1
    NETNS="$NETNS $ns"
    ip -n "$ns" link set lo up
    ip -n "$swns" link add "p$1" type veth peer name eth0 netns "$ns"
    ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1
    inns sysctl -qw "net.ipv6.conf.p$1.disable_ipv6=1"
    ip -n "$ns" link set eth0 up
    ip -n "$swns" link set "p$1" up
    ip netns exec "$ns" ethtool -K eth0 tx off tso off gso off gro off >/dev/null 2>&1
    inns ethtool -K "p$1" tx off tso off gso off gro off >/dev/null 2>&1
}
host 1 && host 2 || { fail "host namespaces"; exit 1; }

# One switch, datapath id 0xb1: p1, p2 as ports 1, 2; controller
# 127.0.0.1:6653 (ofbench packet-in), management listener 6654.
if [ "$switch" = ovs ]; then
    ovsdir=$T/ovs
    mkdir -p "$ovsdir"
    export OVS_RUNDIR=$ovsdir OVS_LOGDIR=$ovsdir OVS_DBDIR=$ovsdir OVS_SYSCONFDIR=$ovsdir
    vsctl() { inns ovs-vsctl --db="unix:$ovsdir/db.sock" --timeout=30 "$@"; }
    ovsdb-tool create "$ovsdir/conf.db" /usr/share/openvswitch/vswitch.ovsschema &&
        inns ovsdb-server "$ovsdir/conf.db" --remote="punix:$ovsdir/db.sock" \
            --pidfile="$ovsdir/ovsdb-server.pid" --detach --no-chdir \
            --log-file="$ovsdir/ovsdb-server.log" 2>/dev/null &&
        vsctl --no-wait init &&
        inns ovs-vswitchd "unix:$ovsdir/db.sock" --pidfile="$ovsdir/ovs-vswitchd.pid" \
            --detach --no-chdir --log-file="$ovsdir/ovs-vswitchd.log" 2>/dev/null &&
        vsctl add-br br0 -- set bridge br0 datapath_type=netdev \
            protocols=OpenFlow13 fail_mode=secure \
            other_config:datapath-id=00000000000000b1 \
            other_config:disable-in-band=true \
            -- add-port br0 p1 -- set interface p1 ofport_request=1 \
            -- add-port br0 p2 -- set interface p2 ofport_request=2 \
            -- --id=@c create controller target=\"tcp:127.0.0.1:6653\" \
            max_backoff=1000 \
            -- --id=@m create controller target=\"ptcp:6654:127.0.0.1\" \
            -- set bridge br0 controller=@c,@m >/dev/null ||
        { fail "Open vSwitch did not start"; exit 1; }
else
    inns "$OFSWITCHD" --name "${pfx}s" --run-dir "$T" --log-file "$T/ofswitchd.log" \
        --datapath-id 00000000000000b1 --port afpacket:p1@1 --port afpacket:p2@2 \
        --controller tcp:127.0.0.1:6653 --listen ptcp:6654 --fail-mode secure &
    PIDS="$PIDS $!"
fi
mgmt=tcp:127.0.0.1:6654
for i in $(seq 100); do
    ofctl show "$mgmt" >/dev/null 2>&1 && break
    sleep 0.1
done

BENCH_NS=$swns

echo "--- figures against $switch (informative; 2 busy cores) ---"
bench sw-echo1 echo --duration 1 "$mgmt"
check "echo serial against $switch" 0 "$rc"
cat "$T/sw-echo1.out" "$T/sw-echo1.err"
bench sw-echo2 echo --duration 1 --pipeline 16 --connections 2 "$mgmt"
check "echo pipelined against $switch" 0 "$rc"
cat "$T/sw-echo2.out" "$T/sw-echo2.err"

# aggregate: ofbench's flows in the switch, counted by ovs-ofctl.
aggregate() {
    ofctl dump-aggregate "$mgmt" cookie=0x0fbe000000000000/-1 |
        grep -o 'flow_count=[0-9]*' | grep -o '[0-9]*$'
}
bench sw-fm1 flow-mod --flows 20000 --verify "$mgmt"
check "flow-mod of 20000 flows against $switch" 0 "$rc"
cat "$T/sw-fm1.out" "$T/sw-fm1.err"
check "ovs-ofctl counts exactly 20000 flows" 20000 "$(aggregate)"
# The same flows again (ADD replaces them) over two connections, with
# barriers on the way, then deleted.
bench sw-fm2 flow-mod --flows 20000 --barrier-every 1000 --delete --verify \
    --connections 2 "$mgmt"
check "flow-mod --delete against $switch" 0 "$rc"
cat "$T/sw-fm2.out" "$T/sw-fm2.err"
check "ovs-ofctl counts no flows after --delete" 0 "$(aggregate)"
check "ovs-ofctl dump-flows lists none of them either" \
    0 "$(ofctl dump-flows "$mgmt" | grep -c 'cookie=0xfbe000000000000')"

# packet-in: frames from h1 into port 1 of the switch.
for mode in plain reply; do
    args=
    distinct=1000
    if [ $mode = reply ]; then
        args=--reply
        distinct=1000000
    fi
    rm -f "$T/sw-pin.ready"
    # shellcheck disable=SC2086
    inns "$OFBENCH" packet-in --duration 1 --ready-file "$T/sw-pin.ready" \
        $args ptcp:6653 >"$T/sw-pin-$mode.out" 2>"$T/sw-pin-$mode.err" &
    bpid=$!
    PIDS="$PIDS $bpid"
    if wait_for_file "$T/sw-pin.ready" 20; then
        ip netns exec "$pfx-h1" "$OFBENCH" send-frames --interface eth0 \
            --duration 2 --distinct $distinct --rate 100000 >"$T/sw-send.out" 2>&1
    else
        fail "packet-in ($mode): the switch did not connect"
    fi
    wait "$bpid"
    rc=$?
    cat "$T/sw-pin-$mode.out" "$T/sw-send.out"
    check "packet-in ($mode) against $switch" 0 "$rc"
    n=$(grep -o '^packet-in: [0-9]*' "$T/sw-pin-$mode.out" | grep -o '[0-9]*$')
    [ "${n:-0}" -gt 0 ] && pass "packet-in ($mode): $n packet-ins" ||
        { fail "packet-in ($mode): no packet-ins"; cat "$T/sw-pin-$mode.err"; }
done
check "packet-in leaves none of its flows" 0 "$(aggregate)"

# recv-frames counts what send-frames sends across a veth pair.
vns=$pfx-v
ip netns add "$vns" && NETNS="$NETNS $vns"
ip -n "$vns" link add va type veth peer name vb
ip -n "$vns" link set va up
ip -n "$vns" link set vb up
ip netns exec "$vns" "$OFBENCH" recv-frames --interface vb --json \
    --ready-file "$T/rx.ready" >"$T/rx.out" 2>"$T/rx.err" &
rxpid=$!
PIDS="$PIDS $rxpid"
wait_for_file "$T/rx.ready" 5 || fail "recv-frames did not get ready"
ip netns exec "$vns" "$OFBENCH" send-frames --interface va --json \
    --count 20000 --rate 50000 --distinct 100 >"$T/tx.out" 2>"$T/tx.err"
wait "$rxpid"
check "send-frames sent 20000 frames" 20000 "$(field "$T/tx.out" send-frames ops)"
check "recv-frames counted 20000 frames across a veth pair" 20000 \
    "$(field "$T/rx.out" recv-frames ops)"
check "recv-frames counted 64-byte frames (60 without FCS)" 1200000 \
    "$(field "$T/rx.out" recv-frames bytes)"
ip netns exec "$vns" "$OFBENCH" recv-frames --interface vb \
    >"$T/rx2.out" 2>"$T/rx2.err" &
rxpid=$!
sleep 0.3
ip netns exec "$vns" "$OFBENCH" send-frames --interface va --duration 1 \
    >"$T/tx2.out" 2>&1
wait "$rxpid"
echo "--- a veth pair, as fast as possible ---"
cat "$T/tx2.out" "$T/rx2.out"

# Forwarding: h1 -> port 1 -> port 2 -> h2.
ofctl add-flow "$mgmt" "priority=10,in_port=1,actions=output:2"
ip netns exec "$pfx-h2" "$OFBENCH" recv-frames --interface eth0 --json \
    --ready-file "$T/fw.ready" >"$T/fw-rx.out" 2>"$T/fw-rx.err" &
rxpid=$!
PIDS="$PIDS $rxpid"
wait_for_file "$T/fw.ready" 5 || fail "recv-frames did not get ready"
ip netns exec "$pfx-h1" "$OFBENCH" send-frames --interface eth0 \
    --count 10000 --rate 10000 --distinct 50 >"$T/fw-tx.out" 2>&1
wait "$rxpid"
n=$(field "$T/fw-rx.out" recv-frames ops)
[ "${n:-0}" -ge 9500 ] && [ "${n:-0}" -le 10000 ] &&
    pass "$switch forwarded $n of 10000 frames at 10000 frames/s" ||
    { fail "forwarding: ${n:-no} frames of 10000"; cat "$T/fw-rx.err"; }
ip netns exec "$pfx-h2" "$OFBENCH" recv-frames --interface eth0 \
    >"$T/fw2-rx.out" 2>&1 &
rxpid=$!
sleep 0.3
ip netns exec "$pfx-h1" "$OFBENCH" send-frames --interface eth0 \
    --duration 2 --distinct 10000 >"$T/fw2-tx.out" 2>&1
wait "$rxpid"
echo "--- forwarding through $switch, 64-byte frames, as fast as possible ---"
cat "$T/fw2-tx.out" "$T/fw2-rx.out"

echo "$0: $n_pass passed, $n_fail failed"
[ "$n_fail" -eq 0 ]
