#!/bin/bash
# tests/integration/xen.sh -- ofswitchd as the network backend of a Xen
# guest, without a hypervisor: ofswitchd-xenfake (ofswitchd linked with the
# fake hypervisor of tests/unit/xen-fake.c instead of the Xen libraries;
# no other difference) serves vif 5/0 of a simulated guest
# (tests/xen/xen-guest-sim: toolstack and Linux-like netfront in their own
# process, sharing the ring and packet pages through the fake's file),
# whose other side is a tap device in the "guest" namespace.  A host in a
# second namespace, on a veth (afpacket port), pings the guest and moves
# TCP streams both ways; the guest's kernel sends partial checksums
# (csum_blank), which the switch must complete or the host would drop the
# segments.  Finally the guest shuts down and the port goes away.
. "${top_srcdir:-.}/tests/integration/lib.sh"
itest_init xen

bindir=$(cd "$top_builddir" && pwd)/tests/xen
if [ ! -x "$bindir/ofswitchd-xenfake" ] || [ ! -x "$bindir/xen-guest-sim" ]; then
    echo "xen: SKIP: not built (configure found no Xen libraries)"
    exit 77
fi
OFSWITCHD=$bindir/ofswitchd-xenfake

fake=$ITEST_DIR/xenfake
mkdir "$fake" || itest_fail "mkdir $fake"
export OFSWITCH_XEN_FAKE=$fake
status=$ITEST_DIR/guest.status
tap=${ITEST_PFX}g
gmac=00:16:3e:00:00:05

# The guest: toolstack creates the vif, netfront waits for a backend.
"$bindir/xen-guest-sim" "$fake" 5 0 "$tap" "$gmac" "$status" \
    2>"$ITEST_DIR/guest.log" &
sim=$!
ITEST_PIDS="$ITEST_PIDS $sim"
wait_status() {
    local i
    for i in $(seq 100); do
        grep -qx "$1" "$status" 2>/dev/null && return 0
        kill -0 "$sim" 2>/dev/null || itest_fail "xen-guest-sim exited"
        sleep 0.1
    done
    return 1
}
wait_status vif || itest_fail "the guest's vif was not created"
gns=$(itest_ns guest)
ip link set "$tap" netns "$gns" || itest_fail "move $tap into $gns"
ip netns exec "$gns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1
ip -n "$gns" link set "$tap" address "$gmac"
ip -n "$gns" addr add 10.232.0.5/24 dev "$tap"
ip -n "$gns" link set "$tap" up

ITEST_OFFLOADS=off
v1=$(itest_host h1 10.232.0.1 02:00:00:00:00:01)
itest_switch --port "${XEN_PORT_SPEC:-xen:5/0}" --port "afpacket:$v1"
wait_status connected || itest_fail "no netfront/netback handshake"
itest_log "guest connected"

itest_wait_ping h1 10.232.0.5 || itest_fail "h1 cannot ping the guest"
itest_ping guest 10.232.0.1 5 || itest_fail "the guest cannot ping h1"
itest_log "h1 and the guest ping each other"

# stream FROM_NS TO_NS TO_IP PORT MB: sends MB random megabytes over TCP
# and compares digests at both ends.  The guest's side of the link is a
# userspace simulator; under ASan and a loaded `make -j check` the stream
# can take tens of seconds, hence the generous bound.
stream() {
    local from=$1 to=$2 ip=$3 port=$4 mb=$5 sent got server
    ip netns exec "$ITEST_PFX-$to" python3 -c '
import socket, hashlib, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((sys.argv[1], int(sys.argv[2]))); s.listen(1); s.settimeout(120)
c, _ = s.accept(); c.settimeout(120); h = hashlib.sha256(); n = 0
while True:
    b = c.recv(65536)
    if not b: break
    h.update(b); n += len(b)
print(n, h.hexdigest())' "$ip" "$port" >"$ITEST_DIR/recv-$port.out" &
    server=$!
    sleep 0.3
    sent=$(ip netns exec "$ITEST_PFX-$from" python3 -c '
import socket, hashlib, os, sys
data = os.urandom(int(sys.argv[3]) * 1024 * 1024)
s = socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=120)
s.sendall(data); s.close()
print(len(data), hashlib.sha256(data).hexdigest())' "$ip" "$port" "$mb") ||
        itest_fail "TCP send $from -> $to failed"
    wait $server || itest_fail "TCP receive $from -> $to failed"
    got=$(cat "$ITEST_DIR/recv-$port.out")
    [ "$sent" = "$got" ] || itest_fail "stream $from -> $to corrupted: sent '$sent' got '$got'"
}
stream guest h1 10.232.0.1 5001 10
itest_log "10 MB guest -> h1 intact (checksums completed by the switch)"
stream h1 guest 10.232.0.5 5002 10
itest_log "10 MB h1 -> guest intact"

# The guest shuts down: Closing/Closed, then the toolstack removes the vif
# and the port stops being polled.  The switch keeps running.
kill -TERM "$sim"
wait "$sim" 2>/dev/null
# A fixed xen:D/V port notices that its vif is gone; with xen:auto the
# watcher removes the port itself.
if [ "${XEN_PORT_SPEC:-}" = xen:auto ]; then
    gone="port [0-9]*: removed"
else
    gone="removed by the toolstack"
fi
for i in $(seq 50); do
    grep -q "$gone" "$ITEST_DIR/ofswitchd.log" && break
    sleep 0.1
done
grep -q "$gone" "$ITEST_DIR/ofswitchd.log" ||
    itest_fail "ofswitchd did not notice the vif going away"
kill -0 "$ITEST_SW_PID" 2>/dev/null || itest_fail "ofswitchd died"
# The streams really used what they were meant to test.
report=$(grep '^xen-guest-sim: sent' "$ITEST_DIR/guest.log") ||
    itest_fail "no report from xen-guest-sim"
itest_log "${report#xen-guest-sim: }"
echo "$report" | grep -Eq '\(([1-9][0-9]{3,}) csum_blank, [1-9][0-9]* in two slots\)' ||
    itest_fail "too few csum_blank or two-slot frames: $report"
echo "$report" | grep -q 'TX errors 0$' || itest_fail "TX errors: $report"
itest_log PASS
