#!/bin/bash
# tests/integration/ovs-ofctl.sh -- Open vSwitch's ovs-ofctl, a client
# nobody here wrote, manages ofswitchd over `--listen ptcp:`: add-flow,
# dump-flows, del-flows, add-group, dump-groups, add-meter, dump-meters,
# dump-ports, show -- and the traffic follows the flows.
. "${top_srcdir:-.}/tests/integration/lib.sh"
itest_init ovs-ofctl
command -v ovs-ofctl >/dev/null || { echo "SKIP: ovs-ofctl not installed"; exit 77; }

port=$((20000 + ($$ + 7) % 20000))
T=tcp:127.0.0.1:$port
O() { ovs-ofctl -O OpenFlow13 "$@"; }

v1=$(itest_host h1 10.233.0.1 02:00:00:00:01:01)
v2=$(itest_host h2 10.233.0.2 02:00:00:00:01:02)
v3=$(itest_host h3 10.233.0.3 02:00:00:00:01:03)
# Secure mode with no controller: only the flows below forward.
itest_switch --port "afpacket:$v1" --port "afpacket:$v2" --port "afpacket:$v3" \
    --fail-mode secure --listen "ptcp:$port"

O show "$T" >"$ITEST_DIR/show" || itest_fail "show"
grep -q "n_tables:254" "$ITEST_DIR/show" || itest_fail "show: n_tables"
grep -q " 1($v1)" "$ITEST_DIR/show" || itest_fail "show: port 1 is $v1"
grep -q "LOCAL(${ITEST_PFX}s)" "$ITEST_DIR/show" || itest_fail "show: LOCAL port"

itest_ping h1 10.233.0.2 1 && itest_fail "forwarded without any flow in secure mode"

# h1 <-> h2 through flows; h3 gets nothing.
O add-flow "$T" "priority=10,in_port=1,actions=output:2" || itest_fail add-flow
O add-flow "$T" "priority=10,in_port=2,actions=output:1" || itest_fail add-flow
itest_wait_ping h1 10.233.0.2 || itest_fail "h1 -> h2 with flows"
itest_ping h3 10.233.0.1 1 && itest_fail "h3 reached h1 without a flow"
dump=$(O dump-flows "$T") || itest_fail dump-flows
echo "$dump" | grep -q "priority=10,in_port=1 actions=output:2" || itest_fail "dump-flows: $dump"
n=$(echo "$dump" | sed -n 's/.*priority=10,in_port=1 .*n_packets=\([0-9]*\).*/\1/p')
n=$(echo "$dump" | grep "in_port=1 " | sed 's/.*n_packets=\([0-9]*\),.*/\1/')
[ "${n:-0}" -ge 2 ] || itest_fail "flow counters did not move: $dump"

# A group and a meter that the traffic goes through.
O add-group "$T" "group_id=7,type=all,bucket=actions=output:2,bucket=actions=output:3" || itest_fail add-group
O dump-groups "$T" | grep -q "group_id=7,type=all,bucket=actions=output:2,bucket=actions=output:3" || itest_fail dump-groups
O add-meter "$T" "meter=3,pktps,bands=type=drop,rate=1000" || itest_fail add-meter
O dump-meters "$T" | grep -q "meter=3 pktps" || itest_fail dump-meters
O add-flow "$T" "priority=20,in_port=1,actions=meter:3,group:7" || itest_fail "add-flow with meter and group"
O add-flow "$T" "priority=10,in_port=3,actions=output:1" || itest_fail add-flow
itest_wait_ping h1 10.233.0.2 || itest_fail "h1 -> h2 through the group"
itest_wait_ping h1 10.233.0.3 || itest_fail "h1 -> h3 through the group"
O dump-group-stats "$T" | grep -q "group_id=7.*packet_count=[1-9]" || itest_fail "group counters"
O meter-stats "$T" | grep -q "meter:3 flow_count:1 packet_in_count:[1-9]" || itest_fail "meter counters: $(O meter-stats "$T")"

# Errors come back with the request and flows survive them.
out=$(O add-flow "$T" "priority=30,actions=output:99" 2>&1) && itest_fail "output to a missing port accepted"
echo "$out" | grep -q OFPBAC_BAD_OUT_PORT || itest_fail "wrong error: $out"
out=$(O add-flow "$T" "priority=30,actions=group:99" 2>&1) && itest_fail "unknown group accepted"
echo "$out" | grep -q OFPBAC_BAD_OUT_GROUP || itest_fail "wrong error: $out"
[ "$(O dump-flows "$T" | grep -c priority=)" = 4 ] || itest_fail "flows lost after errors"

# Ports have real counters.
O dump-ports "$T" 1 | grep -q "rx pkts=[1-9]" || itest_fail "dump-ports counters"

# del-flows: strict and all; traffic stops.
O --strict del-flows "$T" "priority=20,in_port=1" || itest_fail "del-flows --strict"
[ "$(O dump-flows "$T" | grep -c priority=)" = 3 ] || itest_fail "strict delete"
O del-flows "$T" || itest_fail del-flows
[ "$(O dump-flows "$T" | grep -c priority=)" = 0 ] || itest_fail "del-flows left flows"
itest_ping h1 10.233.0.2 1 && itest_fail "traffic still flows after del-flows"
itest_log PASS
