#!/bin/bash
# tests/integration/standalone.sh -- ofswitchd with no controller is an L2
# learning switch: hosts in three namespaces, two joined by veth
# (afpacket ports) and one by a tap port, ping each other and move a TCP
# stream through it.
. "${top_srcdir:-.}/tests/integration/lib.sh"
itest_init standalone

v1=$(itest_host h1 10.231.0.1 02:00:00:00:00:01)
v2=$(itest_host h2 10.231.0.2 02:00:00:00:00:02)
tap=${ITEST_PFX}t3
itest_switch --port "afpacket:$v1" --port "afpacket:$v2" --port "tap:$tap"
itest_tap_host h3 10.231.0.3 "$tap"
ip -n "$ITEST_PFX-h3" link set "$tap" address 02:00:00:00:00:03

for pair in "h1 10.231.0.2" "h2 10.231.0.1" "h1 10.231.0.3" "h3 10.231.0.1" \
    "h3 10.231.0.2"; do
    set -- $pair
    itest_wait_ping "$1" "$2" || itest_fail "$1 cannot ping $2"
done
itest_log "all hosts reach each other"

# A TCP stream of 20 MB from h3 (tap) to h1 (veth), checked end to end.
ip netns exec "$ITEST_PFX-h1" python3 -c '
import socket, hashlib, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("10.231.0.1", 5001)); s.listen(1); s.settimeout(20)
c, _ = s.accept(); c.settimeout(20); h = hashlib.sha256(); n = 0
while True:
    b = c.recv(65536)
    if not b: break
    h.update(b); n += len(b)
print(n, h.hexdigest())' >"$ITEST_DIR/recv.out" &
server=$!
sleep 0.3
sent=$(ip netns exec "$ITEST_PFX-h3" python3 -c '
import socket, hashlib, os
data = os.urandom(20 * 1024 * 1024)
s = socket.create_connection(("10.231.0.1", 5001), timeout=20)
s.sendall(data); s.close()
print(len(data), hashlib.sha256(data).hexdigest())') || itest_fail "TCP send failed"
wait $server || itest_fail "TCP receive failed"
got=$(cat "$ITEST_DIR/recv.out")
[ "$sent" = "$got" ] || itest_fail "TCP stream corrupted: sent '$sent' got '$got'"
itest_log "20 MB TCP stream intact"

itest_log PASS
