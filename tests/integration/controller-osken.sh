#!/bin/bash
# tests/integration/controller-osken.sh -- os-ken (python3-os-ken) running a
# simple_switch_13-style app controls ofswitchd over TCP:
#   1. hosts reach each other through flows the controller installs;
#   2. the controller dies: in secure mode new flows stop working (table
#      misses are dropped) while installed flows keep forwarding; in
#      standalone mode the switch falls back to MAC learning;
#   3. the controller comes back: the switch reconnects (backoff <= 8 s)
#      and the flows it installed survived.
. "${top_srcdir:-.}/tests/integration/lib.sh"
itest_init controller-osken
APP=$(cd "${top_srcdir:-.}/tests/integration/apps" && pwd)/simple_switch_13.py
[ -x /usr/bin/osken-manager ] || { echo "SKIP: os-ken not installed"; exit 77; }

port=$((20000 + $$ % 20000))

start_controller() {
    /usr/bin/python3 /usr/bin/osken-manager --ofp-listen-host 127.0.0.1 \
        --ofp-tcp-listen-port "$port" "$APP" >>"$ITEST_DIR/osken.log" 2>&1 &
    CTRL_PID=$!
    ITEST_PIDS="$ITEST_PIDS $CTRL_PID"
}

wait_join() {
    local before=$1 i
    for i in $(seq 100); do
        [ "$(grep -c SWITCH_JOIN "$ITEST_DIR/osken.log")" -gt "$before" ] && return 0
        sleep 0.1
    done
    return 1
}

flows() { "$OFCTL" dump-flows "unix:$ITEST_DIR/${ITEST_PFX}s.sock" 2>&1 ||
    ovs-ofctl -O OpenFlow13 dump-flows "unix:$ITEST_DIR/${ITEST_PFX}s.sock"; }

run_mode() {
    local mode=$1
    itest_log "--- fail mode $mode"
    : >"$ITEST_DIR/osken.log"
    start_controller
    sleep 1
    itest_switch --port "afpacket:$v1" --port "afpacket:$v2" \
        --port "afpacket:$v3" --controller "tcp:127.0.0.1:$port" \
        --fail-mode "$mode"
    wait_join 0 || itest_fail "switch did not join the controller"
    itest_wait_ping h1 10.232.0.2 || itest_fail "h1 -> h2 through the controller"
    itest_wait_ping h2 10.232.0.1 || itest_fail "h2 -> h1 through the controller"
    grep -q "PACKET_IN" "$ITEST_DIR/osken.log" || itest_fail "no packet-in reached os-ken"
    n_flows=$(ovs-ofctl -O OpenFlow13 dump-flows "unix:$ITEST_DIR/${ITEST_PFX}s.sock" | grep -c "cookie=0x5353")
    [ "$n_flows" -ge 3 ] || itest_fail "expected the table-miss flow and learned flows, got $n_flows"
    itest_log "controller installed $n_flows flows; hosts reach each other"

    kill "$CTRL_PID"
    wait "$CTRL_PID" 2>/dev/null
    sleep 1
    # Installed flows keep forwarding h1 <-> h2 in both modes.
    itest_ping h1 10.232.0.2 3 || itest_fail "installed flows stopped forwarding without the controller"
    if [ "$mode" = secure ]; then
        # h3 was never learned: its traffic misses and is dropped.
        itest_ping h3 10.232.0.1 2 && itest_fail "secure mode forwarded a table miss"
        itest_log "secure: installed flows forward, misses dropped"
    else
        itest_wait_ping h3 10.232.0.1 || itest_fail "standalone mode did not fall back to learning"
        itest_log "standalone: misses go to the learning switch"
    fi

    start_controller
    wait_join 0 || itest_fail "switch did not reconnect to the restarted controller"
    n_after=$(ovs-ofctl -O OpenFlow13 dump-flows "unix:$ITEST_DIR/${ITEST_PFX}s.sock" | grep -c "cookie=0x5353")
    [ "$n_after" -ge "$n_flows" ] || itest_fail "flows lost across reconnect ($n_flows -> $n_after)"
    itest_wait_ping h3 10.232.0.2 || itest_fail "h3 -> h2 after reconnect"
    itest_log "reconnected; flows survived ($n_after)"
    kill "$ITEST_SW_PID"
    wait "$ITEST_SW_PID" 2>/dev/null
    kill "$CTRL_PID"
    wait "$CTRL_PID" 2>/dev/null
}

v1=$(itest_host h1 10.232.0.1)
v2=$(itest_host h2 10.232.0.2)
v3=$(itest_host h3 10.232.0.3)
run_mode secure
# Forget the neighbours learned so far so misses happen again.
for h in h1 h2 h3; do ip -n "$ITEST_PFX-$h" neigh flush all; done
run_mode standalone
itest_log PASS
