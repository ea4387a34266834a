#!/bin/bash
# tests/cli/ofctl-ofswitchd.sh -- ofctl against ofswitchd over its control
# socket, by switch name (OFSWITCH_RUNDIR points at the test's run
# directory): the commands only ofswitchd understands -- dump-fdb,
# add-port, del-port and trace, carried as OFSW experimenter messages
# (ofp13/ext.h) -- plus monitor, snoop and show-pipeline, checking what
# the switch then does: ports appear and disappear in its port list, the
# learned MAC table holds the hosts that really talked through it, a
# packet-in reaches monitor.  Two hosts live in network namespaces joined
# to the switch by veth pairs.
#
# Skipped (77) when src/ofswitchd is not built or we are not root.

. "$(dirname "$0")/switch-lib.sh"

OFSWITCHD=$(cd "$top_builddir" && pwd)/src/ofswitchd
if [ ! -x "$OFSWITCHD" ]; then
    echo "$0: SKIP: $OFSWITCHD is not built"
    exit 77
fi
swt_init ofswitchd
D=$SWT_DIR
SW=t$(printf '%05d' $(($$ % 100000)))
export OFSWITCH_RUNDIR=$D

# Two hosts, h1 and h2, on veth pairs whose switch ends are s1 and s2.
for i in 1 2; do
    h=${SWT_NETNS}h$i
    ip netns add "$h" || exit 99
    SWT_NS="$SWT_NS $h"
    ip -n "$h" link set lo up
    ip link add "${SW}s$i" type veth peer name eth0 netns "$h" || exit 99
    ip link set "${SW}s$i" netns "$SWT_NETNS" || exit 99
    inns ip link set "${SW}s$i" name "s$i"
    inns ip link set "s$i" up
    inns sysctl -qw "net.ipv6.conf.s$i.disable_ipv6=1"
    ip -n "$h" link set eth0 address "02:00:00:00:00:0$i"
    ip -n "$h" addr add "10.77.0.$i/24" dev eth0
    ip -n "$h" link set eth0 up
done

# Standalone: an L2 learning switch until flows say otherwise.
inns "$OFSWITCHD" --name "$SW" --run-dir "$D" --log-file "$D/ofswitchd.log" \
    --port afpacket:s1 --port afpacket:s2 --fail-mode standalone &
SWT_PIDS="$SWT_PIDS $!"
for i in $(seq 100); do
    [ -S "$D/$SW.sock" ] && break
    sleep 0.1
done
[ -S "$D/$SW.sock" ] || { echo "$0: ofswitchd did not start" >&2; tail "$D/ofswitchd.log" >&2; exit 99; }

# --- The switch by name. ---------------------------------------------------
swt_ok "show by name" show "$SW"
check_grep "show: port 1" '^ 1\(s1\): addr:' "$out"
check_grep "show: port 2" '^ 2\(s2\): addr:' "$out"
swt_ok "unix: target" probe "unix:$D/$SW.sock"
swt_ok "bare path" probe "$D/$SW.sock"

# --- dump-fdb: the hosts that talked through the switch. ------------------
ip netns exec "${SWT_NETNS}h1" ping -c 2 -W 1 10.77.0.2 >/dev/null 2>&1 ||
    ip netns exec "${SWT_NETNS}h1" ping -c 3 -W 1 10.77.0.2 >/dev/null 2>&1
check "h1 reaches h2 through the standalone switch" 0 "$?"
swt_ok "dump-fdb" dump-fdb "$SW"
check "dump-fdb header" " port  VLAN  MAC                Age" "$(head -n 1 "$out")"
check_grep "dump-fdb: h1 on port 1" '^    1     0  02:00:00:00:00:01 +[0-9]+$' "$out"
check_grep "dump-fdb: h2 on port 2" '^    2     0  02:00:00:00:00:02 +[0-9]+$' "$out"
swt_ok "dump-fdb --json" dump-fdb --json "$SW"
json_check "dump-fdb --json" "$out" '{(e["mac"], e["port_no"], e["vlan"]) for e in d} >= {("02:00:00:00:00:01", 1, 0), ("02:00:00:00:00:02", 2, 0)} and all(e["age"] >= 0 for e in d)'

# --- add-port, del-port: the switch's port list follows. -----------------
tap=${SW}a
swt_ok "add-port" add-port "$SW" "tap:$tap"
check "add-port prints the port it got" "added port 3" "$(cat "$out")"
swt_ok "dump-ports-desc after add-port" dump-ports-desc "$SW"
check_grep "the new port is listed" "^ 3\\($tap\\): addr:" "$out"
inns ip link show "$tap" >/dev/null 2>&1 && pass || fail "add-port made no tap $tap"
swt_ok "add-port with a number" add-port --json "$SW" "tap:${SW}b@9"
json_check "add-port --json" "$out" 'd == {"port_no": 9}'
swt_fails "add-port of a taken number" 1 'OFPT_ERROR .*OFPBRC_EPERM' \
    add-port "$SW" "tap:${SW}c@9"
check_grep "the switch's explanation comes first" '^ofctl: .+' "$err"
swt_fails "add-port of an unknown kind" 1 'bogus' add-port "$SW" "bogus:x"
check_grep "add-port error: OFPT_ERROR" '^OFPT_ERROR \(OF1\.3\) \(xid=0x[0-9a-f]+\): OFPBRC_EPERM$' "$err"
swt_ok "del-port by name" del-port "$SW" "$tap"
swt_ok "del-port by number" del-port "$SW" 9
swt_ok "dump-ports-desc after del-port" dump-ports-desc "$SW"
check_no_grep "deleted ports are gone" '^ (3|9)\(' "$out"
swt_fails "del-port of a port that is not there" 1 'OFPBRC_BAD_PORT' del-port "$SW" 77
swt_fails "del-port by an unknown name" 1 'no port nosuch' del-port "$SW" nosuch
swt_fails "add-port bad number" 2 'add-port' add-port "$SW" "tap:x@0"

# --- Flows over the control socket; the switch forwards by them. ---------
swt_ok "add-flow" add-flow "$SW" "priority=100,in_port=1,actions=drop"
ip netns exec "${SWT_NETNS}h1" ping -c 1 -W 1 10.77.0.2 >/dev/null 2>&1 &&
    fail "the drop flow did not stop h1" || pass
swt_ok "dump-flows" dump-flows "$SW" "priority=100,in_port=1"
check_grep "dump-flows counts the dropped packets" 'n_packets=[1-9][0-9]*,.* priority=100,in_port=1 actions=drop$' "$out"
swt_ok "del-flows --strict" --strict del-flows "$SW" "priority=100,in_port=1"
ip netns exec "${SWT_NETNS}h1" ping -c 2 -W 1 10.77.0.2 >/dev/null 2>&1 &&
    pass || fail "h1 does not reach h2 after del-flows"
swt_fails "switch error" 1 'OFPBAC_BAD_OUT_GROUP' add-flow "$SW" "actions=group:5"

# --- monitor by name: port status from this switch; a packet-in from a
# second one in secure mode (standalone mode keeps packet-ins to itself).
inns "$OFCTL" -t 4 monitor "$SW" >"$D/monitor" 2>&1 &
mon=$!
SWT_PIDS="$SWT_PIDS $mon"
sleep 1
swt_ok "add-port while monitoring" add-port "$SW" "tap:${SW}m@12"
swt_ok "del-port while monitoring" del-port "$SW" 12
wait "$mon"
check "monitor exits 0 at its -t" 0 "$?"
check_grep "monitor: port added" "^OFPT_PORT_STATUS \\(OF1\\.3\\) \\(xid=0x0\\): ADD: 12\\(${SW}m\\): addr:" "$D/monitor"
check_grep "monitor: port deleted" "^OFPT_PORT_STATUS \\(OF1\\.3\\) \\(xid=0x0\\): DEL: 12\\(${SW}m\\): addr:" "$D/monitor"

SW2=${SW}x
inns "$OFSWITCHD" --name "$SW2" --run-dir "$D" --log-file "$D/ofswitchd2.log" \
    --fail-mode secure &
SWT_PIDS="$SWT_PIDS $!"
for i in $(seq 100); do
    [ -S "$D/$SW2.sock" ] && break
    sleep 0.1
done
inns "$OFCTL" -t 4 monitor "$SW2" 65535 >"$D/monitor2" 2>&1 &
mon=$!
SWT_PIDS="$SWT_PIDS $mon"
sleep 1
swt_ok "packet-out to the controller" packet-out "$SW2" \
    "in_port=LOCAL,packet=ffffffffffff020000000001080600010800060400010200000000010a0000010000000000000a000002,actions=controller"
wait "$mon"
check "monitor exits 0 at its -t" 0 "$?"
check_grep "monitor: packet-in" '^OFPT_PACKET_IN \(OF1\.3\) \(xid=0x[0-9a-f]+\): .*total_len=42 in_port=LOCAL \(via action\) data_len=42 \(unbuffered\)$' "$D/monitor2"
check_grep "monitor: the packet" '^00000020  00 00 00 00 00 00 0a 00-00 02 ' "$D/monitor2"

# --- snoop by name, when this ofswitchd has a snoop socket. --------------
if [ -S "$D/$SW.snoop" ]; then
    swt_run -t 2 snoop "$SW"
    check "snoop exits 0 at its -t" 0 "$rc"
else
    echo "$0: note: ofswitchd has no snoop socket yet; snoop not tested"
fi

# --- show-pipeline. --------------------------------------------------------
swt_ok "group" add-group "$SW" "group_id=1,type=all,bucket=actions=output:1,bucket=actions=output:2"
swt_ok "flows" add-flow "$SW" "table=0,priority=5,ip,actions=goto_table:3"
swt_ok "flows" add-flow "$SW" "table=3,priority=5,actions=group:1"
swt_ok "show-pipeline" show-pipeline "$SW"
check_grep "show-pipeline: goto" '^    -> table 3 \(1 flow\)$' "$out"
check_grep "show-pipeline: group" '^    -> group 1 \(1 flow\)$' "$out"
swt_ok "show-pipeline --dot" show-pipeline --dot "$SW"
if command -v dot >/dev/null 2>&1; then
    dot -Tsvg "$out" >"$D/p.svg" 2>"$D/dot.err" && grep -q '<svg' "$D/p.svg" &&
        pass || { fail "dot -Tsvg"; cat "$D/dot.err" >&2; }
fi

# --- trace: how the pipeline handles a packet. ---------------------------
swt_run trace "$SW" "in_port=1,tcp,nw_src=10.77.0.1,nw_dst=10.77.0.2,tp_dst=80"
if [ "$rc" -ne 0 ] && grep -q OFPBRC_BAD_EXP_TYPE "$err"; then
    echo "$0: note: this ofswitchd does not trace yet; trace not tested"
else
    check "trace exit status" 0 "$rc"
    check_grep "trace: table 0" 'table 0' "$out"
    check_grep "trace: the goto" 'table 3' "$out"
    check_grep "trace: the group" 'group' "$out"
    swt_ok "trace --json" trace --json "$SW" "in_port=1,tcp,tp_dst=80"
    json_check "trace --json" "$out" 'd["in_port"] == 1 and d["packet"].startswith("000000000002000000000001080045") and len(d["trace"]) > 0'
fi
swt_fails "trace without in_port" 1 'in_port' trace "$SW" "tcp,tp_dst=80"

swt_finish
