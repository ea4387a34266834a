#!/bin/bash
# tests/cli/ofcontroller.sh -- tests of ofcontroller, the reference
# controller.
#
# Part 1 needs nothing but the build and python3: a scripted switch (a
# Python program speaking OpenFlow 1.3 on a TCP socket) connects to
# ofcontroller and checks, byte field by byte field, the HELLO negotiation
# (a higher version without a bitmap is negotiated down; 1.0 only gets
# HELLO_FAILED), the set-up messages, echo, MAC learning (flood, flow_mod
# plus packet-out, flow_mod with a buffer id, VLANs, a deleted port), hub
# mode and a framing error.  ofbench echo then talks to ofcontroller over
# TCP and over TLS (certificates made here with the openssl command line; a
# certificate from another CA is refused).
#
# Part 2 needs root and a switch: Open vSwitch by default (a private
# ovsdb-server and ovs-vswitchd in a private network namespace, userspace
# datapath, never the system service), or ofswitchd with
# CTL_TEST_SWITCH=ofswitchd.  Two switches in a chain (bridges 0xa1 and
# 0xa2), hosts h1 and h2 on the first and h3 on the second: ofcontroller
# logs both joins, the hosts ping each other, the learned flows appear in
# the switches; in --hub mode the hosts still reach each other and only the
# table-miss flow is installed; SIGTERM logs both departures.
#
# Everything runs in a private temporary directory and in namespaces made
# here, removed on exit even after a failure.  Exit status: 0 when every
# check that could run passed (part 2 is skipped, with a note, without
# root or a switch), 1 when one failed, 77 without python3.
set -u

: "${top_builddir:=.}"
: "${top_srcdir:=.}"
BUILD=$(cd "$top_builddir" && pwd)
OFCONTROLLER=$BUILD/tools/ofcontroller
OFBENCH=$BUILD/tools/ofbench
PYTHON=${PYTHON:-python3}
for prog in "$OFCONTROLLER" "$OFBENCH"; do
    [ -x "$prog" ] || { echo "$0: $prog is not built" >&2; exit 99; }
done
command -v "$PYTHON" >/dev/null || { echo "$0: SKIP: no python3"; exit 77; }

T=$(mktemp -d "${TMPDIR:-/tmp}/ofcontroller-test.XXXXXX") || exit 99
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

# no_sanitizer_report FILE WHAT: a sanitizer report in FILE is a failure.
no_sanitizer_report() {
    if grep -q -e 'Sanitizer' -e 'runtime error' "$1" 2>/dev/null; then
        fail "$2: sanitizer report"
        cat "$1"
    fi
}

# wait_for_log FILE REGEX [SECONDS]: true once FILE has a line matching
# REGEX.
wait_for_log() {
    local i
    for i in $(seq $((${3:-10} * 10))); do
        grep -E -q -e "$2" "$1" 2>/dev/null && return 0
        sleep 0.1
    done
    return 1
}

# start_controller NAME [NETNS] ARG...: starts ofcontroller with its log in
# $T/NAME.log and its stderr in $T/NAME.err; its pid in $CTL_PID.
start_controller() {
    local name=$1 ns=$2
    shift 2
    if [ -n "$ns" ]; then
        ip netns exec "$ns" "$OFCONTROLLER" --log-file "$T/$name.log" "$@" \
            2>"$T/$name.err" &
    else
        "$OFCONTROLLER" --log-file "$T/$name.log" "$@" 2>"$T/$name.err" &
    fi
    CTL_PID=$!
    PIDS="$PIDS $CTL_PID"
    wait_for_log "$T/$name.log" 'listening on' 5 ||
        { fail "$name: ofcontroller did not start"; cat "$T/$name.err"; }
}

# stop_controller NAME: SIGTERM; it must exit 0, log "exiting" and leave no
# sanitizer report.
stop_controller() {
    local name=$1 rc
    kill -TERM "$CTL_PID"
    wait "$CTL_PID"
    rc=$?
    if [ "$rc" -eq 0 ] && grep -q 'exiting' "$T/$name.log"; then
        pass "$name: SIGTERM stops ofcontroller cleanly"
    else
        fail "$name: ofcontroller exit status $rc after SIGTERM"
        cat "$T/$name.log" "$T/$name.err"
    fi
    no_sanitizer_report "$T/$name.err" "$name"
}

port_base=$((20000 + $$ % 20000))

# --- Part 1: command line. --------------------------------------------------

"$OFCONTROLLER" --listen tcp:127.0.0.1:1 >/dev/null 2>"$T/err"
[ $? -eq 2 ] && grep -q 'passive target' "$T/err" &&
    pass "an active --listen target is refused" ||
    fail "an active --listen target: status or message wrong"
"$OFCONTROLLER" --idle-timeout 70000 >/dev/null 2>"$T/err"
[ $? -eq 2 ] && pass "--idle-timeout beyond 65535 is refused" ||
    fail "--idle-timeout 70000 accepted"
"$OFCONTROLLER" --listen pssl:1 >/dev/null 2>"$T/err"
[ $? -eq 1 ] && grep -q 'need --private-key' "$T/err" &&
    pass "pssl: without key files is refused" ||
    { fail "pssl: without key files"; cat "$T/err"; }
"$OFCONTROLLER" --help | grep -q -- '--idle-timeout' &&
    pass "--help lists the options" || fail "--help"

# --- Part 1: a scripted switch. ---------------------------------------------

cat >"$T/fakesw.py" <<'EOF'
# A scripted OpenFlow 1.3 switch that checks what ofcontroller sends.
import socket
import struct
import sys

HELLO, ERROR, ECHO_REQUEST, ECHO_REPLY = 0, 1, 2, 3
FEATURES_REQUEST, FEATURES_REPLY = 5, 6
PACKET_IN, PORT_STATUS, PACKET_OUT, FLOW_MOD = 10, 12, 13, 14
NO_BUFFER = 0xffffffff
FLOOD, CONTROLLER = 0xfffffffb, 0xfffffffd
COOKIE = 0x0fc0000000000001
OXM_IN_PORT, OXM_ETH_DST, OXM_ETH_SRC, OXM_VLAN_VID = 0, 3, 4, 6
A = bytes.fromhex("020000000001")
B = bytes.fromhex("020000000002")
C = bytes.fromhex("020000000003")
BCAST = b"\xff" * 6


class Fail(Exception):
    pass


def check(cond, what):
    if not cond:
        raise Fail(what)


class Peer:
    def __init__(self, port):
        self.s = socket.create_connection(("127.0.0.1", port), timeout=5)
        self.buf = b""

    def send_raw(self, data):
        self.s.sendall(data)

    def send(self, typ, xid, body=b"", version=4):
        self.s.sendall(struct.pack("!BBHI", version, typ, 8 + len(body), xid)
                       + body)

    def recv(self):
        while True:
            if len(self.buf) >= 8:
                ver, typ, length, xid = struct.unpack("!BBHI", self.buf[:8])
                if len(self.buf) >= length:
                    body = self.buf[8:length]
                    self.buf = self.buf[length:]
                    return ver, typ, xid, body
            data = self.s.recv(65536)
            if not data:
                return None
            self.buf += data

    def expect(self, typ, what):
        m = self.recv()
        check(m is not None, "%s: connection closed" % what)
        check(m[0] == 4, "%s: version %d" % (what, m[0]))
        check(m[1] == typ, "%s: got type %d, expected %d" % (what, m[1], typ))
        return m


def parse_oxms(data):
    fields = {}
    while data:
        hdr, = struct.unpack("!I", data[:4])
        cls, field, length = hdr >> 16, (hdr >> 9) & 0x7f, hdr & 0xff
        check(cls == 0x8000, "OXM class 0x%x" % cls)
        fields[field] = data[4:4 + length]
        data = data[4 + length:]
    return fields


def parse_match(body):
    typ, length = struct.unpack("!HH", body[:4])
    check(typ == 1, "match type %d" % typ)
    padded = (length + 7) // 8 * 8
    return parse_oxms(body[4:length]), body[padded:]


def parse_outputs(actions):
    outs = []
    while actions:
        typ, length = struct.unpack("!HH", actions[:4])
        check(typ == 0 and length == 16, "action type %d length %d"
              % (typ, length))
        port, max_len = struct.unpack("!IH", actions[4:10])
        outs.append((port, max_len))
        actions = actions[length:]
    return outs


def parse_flow_mod(body):
    (cookie, cookie_mask, table, command, idle, hard, prio, buffer_id,
     out_port, out_group, flags) = struct.unpack("!QQBBHHHIIIH", body[:38])
    match, rest = parse_match(body[40:])
    outputs = []
    while rest:
        itype, ilen = struct.unpack("!HH", rest[:4])
        check(itype == 4, "instruction type %d" % itype)
        outputs += parse_outputs(rest[8:ilen])
        rest = rest[ilen:]
    return dict(cookie=cookie, cookie_mask=cookie_mask, table=table,
                command=command, idle=idle, hard=hard, priority=prio,
                buffer_id=buffer_id, match=match, outputs=outputs)


def parse_packet_out(body):
    buffer_id, in_port, alen = struct.unpack("!IIH", body[:10])
    return dict(buffer_id=buffer_id, in_port=in_port,
                outputs=parse_outputs(body[16:16 + alen]),
                data=body[16 + alen:])


def frame(dst, src, vlan=None):
    tag = b"" if vlan is None else struct.pack("!HH", 0x8100, vlan)
    return dst + src + tag + b"\x08\x00" + bytes(46)


def packet_in(peer, xid, in_port, data, buffer_id=NO_BUFFER):
    oxm = struct.pack("!IIxxxx", 0x80000004, in_port)  # in_port + padding
    match = struct.pack("!HH", 1, 12) + oxm
    body = (struct.pack("!IHBBQ", buffer_id, len(data), 0, 0, 2**64 - 1)
            + match + b"\x00\x00" + data)
    peer.send(PACKET_IN, xid, body)


def expect_echo(peer, xid):
    """Sends an echo request and checks that the reply is the next
    message (so nothing else was sent before it)."""
    peer.send(ECHO_REQUEST, xid, b"ping%d" % xid)
    m = peer.expect(ECHO_REPLY, "echo reply")
    check(m[2] == xid and m[3] == b"ping%d" % xid, "echo reply content")


def handshake(peer, hello):
    peer.send_raw(hello)
    m = peer.expect(HELLO, "HELLO")
    check(m[3] == struct.pack("!HHI", 1, 8, 0x10), "HELLO bitmap element")
    peer.expect(FEATURES_REQUEST, "features request")
    fm = parse_flow_mod(peer.expect(FLOW_MOD, "delete of old flows")[3])
    check(fm["command"] == 3 and fm["table"] == 0xff
          and fm["cookie"] == COOKIE and fm["cookie_mask"] == 2**64 - 1
          and not fm["match"], "delete of old flows: %r" % fm)
    fm = parse_flow_mod(peer.expect(FLOW_MOD, "table-miss flow")[3])
    check(fm["command"] == 0 and fm["priority"] == 0 and fm["table"] == 0
          and not fm["match"] and fm["cookie"] == COOKIE
          and fm["outputs"] == [(CONTROLLER, 0xffff)],
          "table-miss flow: %r" % fm)
    peer.send(FEATURES_REPLY, 1,
              struct.pack("!QIBBxxII", 0x12ab, 0, 254, 0, 0, 0))


def expect_flood(peer, in_port, data, what):
    po = parse_packet_out(peer.expect(PACKET_OUT, what)[3])
    check(po["in_port"] == in_port and po["buffer_id"] == NO_BUFFER
          and po["outputs"] == [(FLOOD, 0)] and po["data"] == data,
          "%s: %r" % (what, po))


def learn(port, idle):
    peer = Peer(port)
    # os-ken style: a higher version and no bitmap negotiates down.
    handshake(peer, struct.pack("!BBHI", 6, HELLO, 8, 1))
    expect_echo(peer, 100)

    f1 = frame(BCAST, A)
    packet_in(peer, 2, 1, f1)
    expect_flood(peer, 1, f1, "broadcast from A")

    f2 = frame(A, B)
    packet_in(peer, 3, 2, f2)
    fm = parse_flow_mod(peer.expect(FLOW_MOD, "flow B->A")[3])
    check(fm["command"] == 0 and fm["priority"] == 1 and fm["idle"] == idle
          and fm["hard"] == 0 and fm["buffer_id"] == NO_BUFFER
          and fm["cookie"] == COOKIE
          and fm["match"] == {OXM_IN_PORT: struct.pack("!I", 2),
                              OXM_ETH_DST: A, OXM_ETH_SRC: B,
                              OXM_VLAN_VID: b"\x00\x00"}
          and fm["outputs"] == [(1, 0)], "flow B->A: %r" % fm)
    po = parse_packet_out(peer.expect(PACKET_OUT, "packet-out B->A")[3])
    check(po["in_port"] == 2 and po["outputs"] == [(1, 0)]
          and po["data"] == f2, "packet-out B->A: %r" % po)

    # A buffered frame is released by the flow_mod: no packet-out.
    packet_in(peer, 4, 1, frame(B, A), buffer_id=0x42)
    fm = parse_flow_mod(peer.expect(FLOW_MOD, "flow A->B buffered")[3])
    check(fm["buffer_id"] == 0x42 and fm["outputs"] == [(2, 0)]
          and fm["match"][OXM_IN_PORT] == struct.pack("!I", 1),
          "flow A->B buffered: %r" % fm)
    expect_echo(peer, 101)

    # B is known untagged only: on VLAN 10 it is unknown.
    f3 = frame(B, C, vlan=10)
    packet_in(peer, 5, 3, f3)
    expect_flood(peer, 3, f3, "B on VLAN 10")
    # ... but C on VLAN 10 was learned.
    f4 = frame(C, A, vlan=10)
    packet_in(peer, 6, 1, f4)
    fm = parse_flow_mod(peer.expect(FLOW_MOD, "flow A->C VLAN 10")[3])
    check(fm["match"][OXM_VLAN_VID] == struct.pack("!H", 0x1000 | 10)
          and fm["outputs"] == [(3, 0)], "flow A->C VLAN 10: %r" % fm)
    peer.expect(PACKET_OUT, "packet-out A->C")

    # A frame back to the port it came from is dropped.
    packet_in(peer, 7, 1, frame(A, A))
    expect_echo(peer, 102)

    # Port 2 deleted: B is forgotten.
    desc = struct.pack("!I4x6s2x16sIIIIIIII", 2, B, b"p2", 0, 1, 0, 0, 0, 0,
                       0, 0)
    peer.send(PORT_STATUS, 0, struct.pack("!B7x", 1) + desc)
    f5 = frame(B, A)
    packet_in(peer, 8, 1, f5)
    expect_flood(peer, 1, f5, "B after its port was deleted")

    # A message shorter than its header: BAD_LEN, then the end.
    peer.send_raw(struct.pack("!BBHI", 4, 99, 4, 77))
    m = peer.expect(ERROR, "error for a bad length")
    check(struct.unpack("!HH", m[3][:4]) == (1, 6), "BAD_REQUEST/BAD_LEN")
    check(peer.recv() is None, "connection closed after a framing error")


def hub(port):
    peer = Peer(port)
    # A bitmap offering 1.0 and 1.3.
    handshake(peer, struct.pack("!BBHIHHI", 4, HELLO, 16, 1, 1, 8, 0x12))
    f1 = frame(BCAST, A)
    packet_in(peer, 2, 1, f1)
    expect_flood(peer, 1, f1, "hub: broadcast")
    f2 = frame(A, B)
    packet_in(peer, 3, 2, f2)
    expect_flood(peer, 2, f2, "hub: B->A floods too")
    expect_echo(peer, 103)


def hello_failed(port, hello):
    peer = Peer(port)
    peer.send_raw(hello)
    m = peer.recv()
    check(m is not None and m[1] == HELLO, "our HELLO first")
    m = peer.recv()
    check(m is not None and m[1] == ERROR, "HELLO_FAILED expected")
    check(struct.unpack("!HH", m[3][:4]) == (0, 0), "HELLO_FAILED/INCOMPATIBLE")
    check(peer.recv() is None, "connection closed after HELLO_FAILED")


def main():
    """Usage: fakesw.py PORT IDLE-TIMEOUT MODE...  Prints "ok: MODE" or
    "FAIL: MODE: why" for each mode."""
    port, idle = int(sys.argv[1]), int(sys.argv[2])
    modes = {
        "learn": lambda: learn(port, idle),
        "hub": lambda: hub(port),
        "hello-1.0": lambda: hello_failed(
            port, struct.pack("!BBHI", 1, HELLO, 8, 1)),
        # Version 5 with a bitmap of 1.0 and 1.4: nothing in common.
        "hello-bitmap": lambda: hello_failed(
            port, struct.pack("!BBHIHHI", 5, HELLO, 16, 1, 1, 8, 0x22)),
    }
    for mode in sys.argv[3:]:
        try:
            modes[mode]()
            print("ok: scripted switch: %s" % mode)
        except (Fail, OSError, struct.error, KeyError) as e:
            print("FAIL: scripted switch: %s: %s" % (mode, e))


main()
EOF

# fakesw PORT IDLE MODE...: runs the scripted switch and counts its
# verdicts.
fakesw() {
    local n_ok
    "$PYTHON" "$T/fakesw.py" "$@" >"$T/fakesw.out" 2>&1
    cat "$T/fakesw.out"
    n_ok=$(grep -c '^ok: ' "$T/fakesw.out")
    n_pass=$((n_pass + n_ok))
    if [ "$n_ok" -ne $(($# - 2)) ]; then
        n_fail=$((n_fail + $# - 2 - n_ok))
        grep -q '^FAIL' "$T/fakesw.out" || echo "FAIL: the scripted switch died"
    fi
}

p1=$port_base
start_controller learn "" --listen "ptcp:$p1" --idle-timeout 33
fakesw "$p1" 33 learn hello-1.0 hello-bitmap
grep -q 'switch 00000000000012ab joined' "$T/learn.log" &&
    pass "the join is logged with the datapath id" ||
    { fail "no join in the log"; cat "$T/learn.log"; }
wait_for_log "$T/learn.log" 'switch 00000000000012ab left' 5 &&
    pass "the departure is logged" || fail "no departure in the log"
grep -q 'version negotiation failed\|no common version' "$T/learn.log" &&
    pass "HELLO_FAILED is logged" || fail "HELLO_FAILED not logged"
stop_controller learn

start_controller hub "" --listen "ptcp:$p1" --hub
fakesw "$p1" 0 hub
stop_controller hub

# --- Part 1: ofbench echo over TCP, TLS and unix sockets. -------------------

p2=$((port_base + 1))
start_controller echo "" --listen "ptcp:$p2" --listen "punix:$T/ctl.sock"
"$OFBENCH" echo --duration 0.5 "tcp:127.0.0.1:$p2" >"$T/out" 2>"$T/err" &&
    grep -E -q '^echo: [1-9][0-9]* ops in 0\.[0-9]+ s = [0-9.]+ ops/s' "$T/out" &&
    pass "ofbench echo over TCP: $(cat "$T/out")" ||
    { fail "ofbench echo over TCP"; cat "$T/out" "$T/err"; }
"$OFBENCH" echo --duration 0.5 --pipeline 4 "unix:$T/ctl.sock" >"$T/out" 2>"$T/err" &&
    pass "ofbench echo over a unix socket" ||
    { fail "ofbench echo over a unix socket"; cat "$T/out" "$T/err"; }
stop_controller echo

if command -v openssl >/dev/null; then
    pki=$T/pki
    mkdir -p "$pki"
    (
        cd "$pki" &&
            openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem \
                -days 2 -subj /CN=ofswitch-test-ca &&
            for n in ctl sw; do
                openssl req -newkey rsa:2048 -nodes -keyout $n.key -out $n.csr \
                    -subj /CN=$n &&
                    openssl x509 -req -in $n.csr -CA ca.pem -CAkey ca.key \
                        -CAcreateserial -out $n.pem -days 2 || exit 1
            done &&
            openssl req -x509 -newkey rsa:2048 -nodes -keyout other.key \
                -out other.pem -days 2 -subj /CN=other
    ) >"$T/openssl.log" 2>&1 || { fail "openssl could not make certificates"; cat "$T/openssl.log"; }
    p3=$((port_base + 2))
    start_controller tls "" --listen "pssl:$p3" --private-key "$pki/ctl.key" \
        --certificate "$pki/ctl.pem" --ca-cert "$pki/ca.pem"
    "$OFBENCH" echo --duration 0.5 --private-key "$pki/sw.key" \
        --certificate "$pki/sw.pem" --ca-cert "$pki/ca.pem" \
        "ssl:127.0.0.1:$p3" >"$T/out" 2>"$T/err" &&
        pass "ofbench echo over TLS: $(cat "$T/out")" ||
        { fail "ofbench echo over TLS"; cat "$T/out" "$T/err"; }
    "$OFBENCH" echo --duration 0.5 --private-key "$pki/other.key" \
        --certificate "$pki/other.pem" --ca-cert "$pki/ca.pem" \
        "ssl:127.0.0.1:$p3" >"$T/out" 2>"$T/err"
    rc=$?
    [ $rc -eq 1 ] && wait_for_log "$T/tls.log" 'certificate verify failed' 3 &&
        pass "a certificate from another CA is refused and logged" ||
        { fail "certificate from another CA: status $rc"; cat "$T/err" "$T/tls.log"; }
    stop_controller tls
else
    echo "skip: TLS checks (no openssl command)"
fi

# --- Part 2: real switches in namespaces. -------------------------------------

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
    echo "skip: part 2 (switches in namespaces): $part2"
    echo "$0: $n_pass passed, $n_fail failed"
    [ "$n_fail" -eq 0 ]
    exit
fi

pfx=oc$(printf '%04x' $(($$ % 65536)))
swns=$pfx-sw
inns() { ip netns exec "$swns" "$@"; }
ofctl() { inns ovs-ofctl -O OpenFlow13 "$@"; }

ip netns add "$swns" || { fail "ip netns add"; exit 1; }
NETNS="$NETNS $swns"
inns ip link set lo up

# host N MAC IP: namespace PFX-hN with eth0 joined to pN in the switch
# namespace.
host() {
    local ns=$pfx-h$1
    ip netns add "$ns" || return 1
    NETNS="$NETNS $ns"
    ip -n "$ns" link set lo up
    ip -n "$swns" link add "p$1" type veth peer name eth0 netns "$ns"
    ip -n "$ns" link set eth0 address "$2"
    ip -n "$ns" addr add "$3/24" dev eth0
    ip -n "$ns" link set eth0 up
    ip -n "$swns" link set "p$1" up
    ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1
    inns sysctl -qw "net.ipv6.conf.p$1.disable_ipv6=1"
    ip netns exec "$ns" ethtool -K eth0 tx off tso off gso off gro off >/dev/null 2>&1
    inns ethtool -K "p$1" tx off tso off gso off gro off >/dev/null 2>&1
}
host 1 02:00:00:00:0a:01 10.77.0.1 && host 2 02:00:00:00:0a:02 10.77.0.2 &&
    host 3 02:00:00:00:0a:03 10.77.0.3 || { fail "host namespaces"; exit 1; }
# The link between the two switches.
inns ip link add l1 type veth peer name l2
for l in l1 l2; do
    inns ip link set "$l" up
    inns sysctl -qw "net.ipv6.conf.$l.disable_ipv6=1"
    inns ethtool -K "$l" tx off tso off gso off gro off >/dev/null 2>&1
done

# Switch A (0xa1): p1, p2, l1 as ports 1, 2, 3, management on 6654.
# Switch B (0xa2): l2, p3 as ports 1, 2, management on 6655.
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
            --detach --no-chdir --log-file="$ovsdir/ovs-vswitchd.log" 2>/dev/null ||
        { fail "Open vSwitch did not start"; exit 1; }
    # ovs_bridge NAME DPID MGMT-PORT IF...: a userspace bridge in secure
    # mode, controller 127.0.0.1:6653 (reconnecting within 1 s) and a
    # management listener.
    ovs_bridge() {
        local br=$1 dpid=$2 mgmt=$3 n=0 args=
        shift 3
        for i in "$@"; do
            n=$((n + 1))
            args="$args -- add-port $br $i -- set interface $i ofport_request=$n"
        done
        # shellcheck disable=SC2086
        vsctl add-br "$br" -- set bridge "$br" datapath_type=netdev \
            protocols=OpenFlow13 fail_mode=secure \
            other_config:datapath-id="$dpid" \
            other_config:disable-in-band=true $args \
            -- --id=@c create controller target=\"tcp:127.0.0.1:6653\" \
            max_backoff=1000 \
            -- --id=@m create controller target=\"ptcp:$mgmt:127.0.0.1\" \
            -- set bridge "$br" controller=@c,@m >/dev/null
    }
    ovs_bridge br0 00000000000000a1 6654 p1 p2 l1 &&
        ovs_bridge br1 00000000000000a2 6655 l2 p3 ||
        { fail "Open vSwitch bridges"; exit 1; }
else
    sw_start() {
        local name=$1 dpid=$2 mgmt=$3 n=0 args=
        shift 3
        for i in "$@"; do
            n=$((n + 1))
            args="$args --port afpacket:$i@$n"
        done
        # shellcheck disable=SC2086
        inns "$OFSWITCHD" --name "$name" --run-dir "$T" \
            --log-file "$T/$name.log" --datapath-id "$dpid" $args \
            --controller tcp:127.0.0.1:6653 --listen "ptcp:$mgmt" \
            --fail-mode secure &
        PIDS="$PIDS $!"
    }
    sw_start "${pfx}a" 00000000000000a1 6654 p1 p2 l1
    sw_start "${pfx}b" 00000000000000a2 6655 l2 p3
fi

# flows MGMT-PORT: the switch's flows, one per line, without the
# statistics that change.
flows() {
    ofctl dump-flows "tcp:127.0.0.1:$1" 2>&1 | grep -v 'reply' |
        sed -e 's/duration=[^,]*, //' -e 's/n_packets=[^,]*, //' \
            -e 's/n_bytes=[^,]*, //' -e 's/^ *//'
}

ping_ok() {
    local i
    for i in 1 2 3 4 5 6 7 8 9 10; do
        ip netns exec "$pfx-h$1" ping -c 1 -W 1 "$2" >/dev/null 2>&1 && return 0
        sleep 0.3
    done
    return 1
}

# Learning switch.
start_controller nslearn "$swns" --listen ptcp:6653 --idle-timeout 30
for dpid in 00000000000000a1 00000000000000a2; do
    wait_for_log "$T/nslearn.log" "switch $dpid joined" 15 &&
        pass "switch $dpid joined" ||
        { fail "switch $dpid did not join"; cat "$T/nslearn.log"; }
done
flows 6654 | grep -q '^cookie=0xfc0000000000001, table=0, priority=0 actions=CONTROLLER:65535$' &&
    pass "table-miss flow installed" || { fail "table-miss flow"; flows 6654; }
for pair in "1 10.77.0.2" "1 10.77.0.3" "2 10.77.0.3" "3 10.77.0.1"; do
    # shellcheck disable=SC2086
    ping_ok $pair && pass "h$pair reachable" || fail "ping h$pair"
done
f=$(flows 6654)
echo "$f" | grep -q 'idle_timeout=30, priority=1,in_port=1,vlan_tci=0x0000/0x1fff,dl_src=02:00:00:00:0a:01,dl_dst=02:00:00:00:0a:02 actions=output:2' &&
    pass "flow h1->h2 in switch a1" || { fail "flow h1->h2 missing in a1"; echo "$f"; }
echo "$f" | grep -q 'priority=1,in_port=1,vlan_tci=0x0000/0x1fff,dl_src=02:00:00:00:0a:01,dl_dst=02:00:00:00:0a:03 actions=output:3' &&
    pass "flow h1->h3 in switch a1 towards a2" || { fail "flow h1->h3 missing in a1"; echo "$f"; }
f=$(flows 6655)
echo "$f" | grep -q 'priority=1,in_port=1,vlan_tci=0x0000/0x1fff,dl_src=02:00:00:00:0a:01,dl_dst=02:00:00:00:0a:03 actions=output:2' &&
    pass "flow h1->h3 in switch a2" || { fail "flow h1->h3 missing in a2"; echo "$f"; }
stop_controller nslearn
grep -q 'switch 00000000000000a1 left' "$T/nslearn.log" &&
    grep -q 'switch 00000000000000a2 left' "$T/nslearn.log" &&
    pass "both departures logged" || { fail "departures"; cat "$T/nslearn.log"; }

# Hub.
start_controller nshub "$swns" --listen ptcp:6653 --hub
for dpid in 00000000000000a1 00000000000000a2; do
    wait_for_log "$T/nshub.log" "switch $dpid joined" 15 ||
        { fail "hub: switch $dpid did not join"; cat "$T/nshub.log"; }
done
# The earlier run's learned flows are deleted when the switch joins.
for i in $(seq 20); do
    [ "$(flows 6654 | wc -l)" -eq 1 ] && break
    sleep 0.1
done
for pair in "1 10.77.0.2" "2 10.77.0.3"; do
    # shellcheck disable=SC2086
    ping_ok $pair && pass "hub: h$pair reachable" || fail "hub: ping h$pair"
done
for m in 6654 6655; do
    f=$(flows $m)
    [ "$(echo "$f" | wc -l)" -eq 1 ] &&
        echo "$f" | grep -q 'priority=0 actions=CONTROLLER:65535' &&
        pass "hub: only the table-miss flow in the switch on $m" ||
        { fail "hub: flows in the switch on $m"; echo "$f"; }
done
stop_controller nshub

echo "$0: $n_pass passed, $n_fail failed"
[ "$n_fail" -eq 0 ]
