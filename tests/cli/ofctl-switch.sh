#!/bin/bash
# tests/cli/ofctl-switch.sh -- ofctl against a real OpenFlow 1.3 switch
# that exists independently of this project: Open vSwitch, run privately in
# a network namespace of our own (tests/cli/switch-lib.sh).  Every network
# command of ofctl is run against it, and what it did is checked from the
# other side with ovs-ofctl -O OpenFlow13 on the same switch: flows, groups
# and meters added by one are listed, and deleted, by the other; dumps list
# the same entries; errors come back as OFPT_ERROR with the request and a
# non-zero exit; packet-out moves real counters; monitor and snoop print
# what really passes; TLS works and refuses a switch it cannot verify.
#
# Skipped (77) when Open vSwitch is not installed or we are not root.

. "$(dirname "$0")/switch-lib.sh"

for tool in ovsdb-tool ovsdb-server ovs-vswitchd ovs-vsctl ovs-ofctl; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "$0: SKIP: $tool is not installed"
        exit 77
    fi
done
swt_init switch
swt_ovs_start || { echo "$0: cannot start Open vSwitch" >&2; exit 99; }
S=$SWT_SW
D=$SWT_DIR

# --- Connection targets. ---------------------------------------------------
swt_ok "show over tcp" show "$S"
check_grep "show: features" '^OFPT_FEATURES_REPLY \(OF1\.3\) \(xid=0x[0-9a-f]+\): dpid:0000000000000042$' "$out"
check_grep "show: port p1" '^ 1\(p1\): addr:' "$out"
check_grep "show: port p2" '^ 2\(p2\): addr:' "$out"
check_grep "show: LOCAL" '^ LOCAL\(br0\): addr:' "$out"
check_grep "show: config" '^OFPT_GET_CONFIG_REPLY \(OF1\.3\) \(xid=0x[0-9a-f]+\): frags=normal miss_send_len=0$' "$out"
# The same text as ovs-ofctl's, but for transaction ids.
ovs show "$S" | no_xid >"$D/ovs-show"
no_xid <"$out" >"$D/our-show"
if cmp -s "$D/ovs-show" "$D/our-show"; then pass; else
    fail "show differs from ovs-ofctl show"
    diff -u "$D/ovs-show" "$D/our-show" >&2
fi
# Default port 6653; unix: and a bare path to OVS's management socket.
swt_ok "tcp without a port" dump-desc tcp:127.0.0.1
check_grep "dump-desc" '^Hardware: Open vSwitch$' "$out"
swt_ok "unix: target" dump-desc "unix:$SWT_OVS/br0.mgmt"
check_grep "dump-desc over unix:" '^Manufacturer: Nicira, Inc\.$' "$out"
swt_ok "bare path target" probe "$SWT_OVS/br0.mgmt"
swt_fails "nothing listens" 1 'connection failed \(Connection refused\)' \
    -t 5 probe tcp:127.0.0.1:1
unset OFSWITCH_RUNDIR
swt_fails "a named switch that is not running" 1 \
    "unix:/run/ofswitch/nosuch-$$\\.sock: connection failed" \
    probe "nosuch-$$"
inns env OFSWITCH_RUNDIR="$D" "$OFCTL" probe nosuch >"$out" 2>"$err"
check "OFSWITCH_RUNDIR: exit status" 1 "$?"
check_grep "OFSWITCH_RUNDIR" "unix:$D/nosuch\\.sock: connection failed" "$err"
swt_fails "not a switch name" 1 'not a switch name' probe 'a b'
swt_fails "unknown target type" 1 'unknown connection type' probe bad:x
swt_fails "-O with a version ofctl lacks" 2 'speaks OpenFlow10, OpenFlow11 and OpenFlow13 only' \
    -O OpenFlow14 probe "$S"
swt_fails "-O with a version the switch lacks" 1 \
    'version negotiation failed \(we support version 0x01, the switch supports 0x04\)' \
    -O OpenFlow10 probe "$S"
swt_ok "-O with 1.3 among others" -O OpenFlow10,OpenFlow13 probe "$S"
# A listener that never says HELLO: -t makes ofctl give up.
if [ -x /usr/bin/python3 ]; then
    inns /usr/bin/python3 -c '
import socket, time
s = socket.socket()
s.bind(("127.0.0.1", 16999))
s.listen(5)
time.sleep(30)' &
    SWT_PIDS="$SWT_PIDS $!"
    sleep 1
    start=$(date +%s)
    swt_fails "-t on a silent switch" 1 'no HELLO from the switch \(timed out\)' \
        -t 1 probe tcp:127.0.0.1:16999
    [ $(($(date +%s) - start)) -le 4 ] && pass || fail "-t 1 took too long"
fi

# --- Flows: ofctl and ovs-ofctl see the same table. ----------------------
swt_ok "add-flow" add-flow "$S" "priority=10,in_port=1,actions=output:2"
swt_ok "add-flow with goto" add-flow "$S" "tcp,tp_dst=80,actions=goto_table:1"
swt_ok "add-flow table 1" add-flow "$S" "table=1,priority=5,cookie=0x77,idle_timeout=300,actions=drop"
ovs add-flow "$S" "priority=20,udp,nw_dst=10.1.2.0/24,actions=set_field:10.9.9.9->ip_dst,output:1"
swt_ok "dump-flows" dump-flows "$S"
check_grep "dump-flows header" '^OFPST_FLOW reply \(OF1\.3\) \(xid=0x[0-9a-f]+\):$' "$out"
check_grep "dump-flows: a flow ovs-ofctl added" 'priority=20,udp,nw_dst=10\.1\.2\.0/24 actions=set_field:10\.9\.9\.9->ip_dst,output:1$' "$out"
flows_of "$out" >"$D/ours"
ovs dump-flows "$S" >"$D/ovs-raw"
flows_of "$D/ovs-raw" >"$D/theirs"
if cmp -s "$D/ours" "$D/theirs"; then pass; else
    fail "dump-flows lists other flows than ovs-ofctl dump-flows"
    diff -u "$D/theirs" "$D/ours" >&2
fi
check "flow count" 4 "$(wc -l <"$D/ours")"
swt_ok "dump-flows with a filter" dump-flows "$S" "table=1"
check "filtered dump-flows" 1 "$(grep -c 'table=1' "$out")"
check_grep "filtered dump-flows: the flow" 'cookie=0x77, .*table=1, .*idle_timeout=300, priority=5 actions=drop' "$out"
swt_ok "dump-flows by cookie" dump-flows "$S" "cookie=0x77/0xffffffffffffffff"
check "cookie filter" 1 "$(grep -c 'actions=' "$out")"
swt_ok "dump-aggregate" dump-aggregate "$S"
check_grep "dump-aggregate" '^OFPST_AGGREGATE reply \(OF1\.3\) \(xid=0x[0-9a-f]+\): packet_count=0 byte_count=0 flow_count=4$' "$out"

# Sorting as ovs-ofctl sorts (distinct keys, so ties cannot differ).
for opt in --sort --rsort --sort=priority --sort=in_port --rsort=in_port \
    --rsort=tcp_dst; do
    swt_ok "dump-flows $opt" dump-flows "$opt" "$S"
    sed -e 's/ duration=[^,]*,//' "$out" >"$D/ours"
    ovs dump-flows "$opt" "$S" | sed -e 's/ duration=[^,]*,//' >"$D/theirs"
    if cmp -s "$D/ours" "$D/theirs"; then pass; else
        fail "dump-flows $opt: order differs from ovs-ofctl"
        diff -u "$D/theirs" "$D/ours" >&2
    fi
done

# JSON.
swt_ok "dump-flows --json" dump-flows --json "$S"
json_check "dump-flows --json" "$out" \
    'len(d) == 4 and any(f["table_id"] == 1 and f["cookie"] == "0x77" and f["idle_timeout"] == 300 and f["actions"] == "drop" for f in d) and any(f["match"].get("in_port") == "1" and f["priority"] == 10 and f["actions"] == "output:2" for f in d)'
swt_ok "dump-flows --json --sort" dump-flows --json --sort "$S"
json_check "sorted JSON" "$out" '[f["priority"] for f in d] == sorted(f["priority"] for f in d)'
swt_ok "dump-aggregate --json" dump-aggregate --json "$S"
json_check "dump-aggregate --json" "$out" 'd["flow_count"] == 4'

# Modifying and deleting, each side checking the other.
swt_ok "mod-flows" mod-flows "$S" "in_port=1,actions=output:LOCAL"
ovs dump-flows "$S" >"$D/ovs-raw"
check_grep "mod-flows seen by ovs-ofctl" 'priority=10,in_port=1 actions=LOCAL' "$D/ovs-raw"
swt_ok "mod-flows --strict (no match)" --strict mod-flows "$S" "in_port=1,actions=output:2"
ovs dump-flows "$S" >"$D/ovs-raw"
check_grep "strict mod-flows left it" 'priority=10,in_port=1 actions=LOCAL' "$D/ovs-raw"
swt_ok "mod-flows --strict" --strict mod-flows "$S" "priority=10,in_port=1,actions=output:2"
ovs dump-flows "$S" >"$D/ovs-raw"
check_grep "strict mod-flows" 'priority=10,in_port=1 actions=output:2' "$D/ovs-raw"
swt_ok "del-flows --strict (no match)" --strict del-flows "$S" "in_port=1"
check "strict delete without priority kept the flow" 4 "$(ovs dump-flows "$S" | grep -c actions=)"
swt_ok "del-flows --strict" --strict del-flows "$S" "priority=20,udp,nw_dst=10.1.2.0/24"
check "ofctl deleted ovs-ofctl's flow" 3 "$(ovs dump-flows "$S" | grep -c actions=)"
ovs del-flows "$S" "table=1"
swt_ok "dump-flows after ovs-ofctl del-flows" dump-flows "$S"
check "ovs-ofctl deleted a flow ofctl added" 0 "$(grep -c 'table=1' "$out")"
swt_ok "del-flows" del-flows "$S"
check "del-flows deletes all" "" "$(ovs dump-flows "$S" | grep actions=)"

# Errors: the switch's OFPT_ERROR with the request, exit status 1.
swt_fails "bad group" 1 '^OFPT_ERROR \(OF1\.3\) \(xid=0x[0-9a-f]+\): OFPBAC_BAD_OUT_GROUP$' \
    add-flow "$S" "in_port=1,actions=group:99"
check_grep "the offending request follows the error" '^OFPT_FLOW_MOD \(OF1\.3\) \(xid=0x[0-9a-f]+\): ADD in_port=1 actions=group:99$' "$err"
xid_e=$(sed -n 's/^OFPT_ERROR (OF1.3) (xid=\(0x[0-9a-f]*\)).*/\1/p' "$err")
xid_r=$(sed -n 's/^OFPT_FLOW_MOD (OF1.3) (xid=\(0x[0-9a-f]*\)).*/\1/p' "$err")
check "error and request carry the same xid" "$xid_e" "$xid_r"
swt_fails "bad meter" 1 '^OFPT_ERROR .*OFPMMFC_' add-flow "$S" "actions=meter:77,output:1"
swt_fails "flow syntax error" 1 'nw_src requires ip|prerequisite' \
    add-flow "$S" "nw_src=1.2.3.4,actions=drop"
swt_fails "actions missing" 1 'action' add-flow "$S" "in_port=1"
check "failed adds left nothing" "" "$(ovs dump-flows "$S" | grep actions=)"

# --- add-flows: a file, pipelined, with command keywords and errors. ------
{
    echo "# flows for the test"
    echo "priority=100,in_port=1,actions=output:2   # trailing comment"
    echo ""
    echo "add priority=100,in_port=2,actions=output:1"
    echo "priority=90,ip,nw_src=10.0.0.1,\\"
    echo "    actions=drop"
    i=0
    while [ $i -lt 3000 ]; do
        echo "table=2,priority=$((i % 100 + 1)),udp,tp_dst=$((1000 + i)),actions=output:1"
        i=$((i + 1))
    done
    echo "modify priority=100,in_port=1,actions=output:LOCAL"
    echo "delete_strict priority=90,ip,nw_src=10.0.0.1"
} >"$D/flows.txt"
swt_ok "add-flows" add-flows "$S" "$D/flows.txt"
check "add-flows: nothing on stdout" "" "$(cat "$out")"
check "add-flows installed the flows" 3002 "$(ovs dump-flows "$S" | grep -c actions=)"
ovs dump-flows "$S" "in_port=1" >"$D/ovs-raw"
check_grep "add-flows: modify line" 'priority=100,in_port=1 actions=LOCAL' "$D/ovs-raw"
# A large dump arrives in several parts; every part is printed as it comes.
swt_ok "multipart dump-flows" dump-flows "$S" "table=2"
check "all 3000 flows" 3000 "$(grep -c 'table=2' "$out")"
nparts=$(grep -c '^OFPST_FLOW reply' "$out")
[ "$nparts" -gt 1 ] && pass || fail "expected a multipart reply in several parts, got $nparts"
check "parts but the last say more" $((nparts - 1)) "$(grep -c 'flags=\[more\]' "$out")"
check "same count as ovs-ofctl" "$(ovs dump-flows "$S" table=2 | grep -c actions=)" "$(grep -c actions= "$out")"
swt_ok "sorted multipart" dump-flows --rsort=udp_dst "$S" "table=2"
check "rsort: first is the highest port" "udp,tp_dst=3999" "$(head -n 1 "$out" | grep -o 'udp,tp_dst=[0-9]*')"
check "rsort: last is the lowest port" "udp,tp_dst=1000" "$(tail -n 1 "$out" | grep -o 'udp,tp_dst=[0-9]*')"
# Piped, add-flows shows no progress; errors name file and line.
{
    echo "priority=5,in_port=1,actions=output:2"
    echo "priority=6,in_port=1,actions=group:55"
    echo "priority=7,in_port=1,actions=output:2"
} >"$D/errs.txt"
swt_fails "add-flows with an error" 1 "errs\\.txt:2: the switch rejected this request" \
    add-flows "$S" "$D/errs.txt"
check_grep "add-flows error text" '^OFPT_ERROR \(OF1\.3\) .*OFPBAC_BAD_OUT_GROUP' "$err"
check_grep "add-flows: the failed request" 'ADD priority=6,in_port=1 actions=group:55' "$err"
check "the good lines around it were applied" 2 "$(ovs dump-flows "$S" in_port=1 | grep -c -E 'priority=(5|7),')"
# A syntax error anywhere: nothing is sent.
printf 'priority=8888,in_port=1,actions=output:2\npriority=9,bogus=1,actions=drop\n' >"$D/syntax.txt"
swt_fails "add-flows syntax error" 1 "syntax\\.txt:2: .*bogus" add-flows "$S" "$D/syntax.txt"
check "nothing sent after a syntax error" "" "$(ovs dump-flows "$S" | grep 'priority=8888,')"
# Flows from stdin.
printf 'priority=4011,in_port=2,actions=output:1\n' | inns "$OFCTL" add-flow "$S" - &&
    pass || fail "add-flow -"
check "add-flow - installed" 1 "$(ovs dump-flows "$S" | grep -c 'priority=4011,')"

# --- replace-flows and diff-flows. ----------------------------------------
cat >"$D/want.txt" <<'EOF'
priority=100,in_port=1,actions=output:2
table=1,priority=5,cookie=0x9,actions=drop
priority=50,tcp,tp_dst=22,actions=drop
EOF
swt_ok "replace-flows" replace-flows "$S" "$D/want.txt"
check "replace-flows: exactly the file" 3 "$(ovs dump-flows "$S" | grep -c actions=)"
ovs diff-flows "$S" "$D/want.txt" >"$D/ovs-diff" 2>&1
check "ovs-ofctl diff-flows agrees (exit status)" 0 "$?"
swt_ok "diff-flows, no difference" diff-flows "$S" "$D/want.txt"
check "no difference, no output" "" "$(cat "$out")"
ovs mod-flows "$S" "tcp,tp_dst=22,actions=output:1"
ovs add-flow "$S" "priority=1,actions=drop"
swt_run diff-flows "$S" "$D/want.txt"
check "diff-flows exit status when they differ" 2 "$rc"
cat >"$D/expect-diff" <<'EOF'
-priority=50,tcp,tp_dst=22 actions=output:1
+priority=50,tcp,tp_dst=22 actions=drop
-priority=1 actions=drop
EOF
if sort "$D/expect-diff" | cmp -s - <(sort "$out"); then pass; else
    fail "diff-flows output"
    diff -u "$D/expect-diff" "$out" >&2
fi
ovs diff-flows "$S" "$D/want.txt" >"$D/ovs-diff"
if sort "$D/ovs-diff" | cmp -s - <(sort "$out"); then pass; else
    fail "diff-flows differs from ovs-ofctl diff-flows"
    diff -u "$D/ovs-diff" "$out" >&2
fi
swt_ok "replace-flows again" replace-flows "$S" "$D/want.txt"
swt_ok "diff-flows after replace" diff-flows "$D/want.txt" "$S"
ovs dump-flows "$S" "table=1" >"$D/ovs-raw"
check_grep "replace-flows kept table=1 (unchanged)" 'cookie=0x9,' "$D/ovs-raw"

# --- Groups. ---------------------------------------------------------------
swt_ok "add-group" add-group "$S" "group_id=1,type=select,bucket=weight:10,actions=output:1,bucket=weight:20,actions=output:2"
ovs add-group "$S" "group_id=2,type=all,bucket=actions=output:1,bucket=actions=group:1"
printf 'group_id=3,type=indirect,bucket=actions=output:2\nadd group_id=4,type=ff,bucket=watch_port:1,actions=output:1,bucket=watch_port:2,actions=output:2\n' >"$D/groups.txt"
swt_ok "add-groups" add-groups "$S" "$D/groups.txt"
swt_ok "dump-groups" dump-groups "$S"
grep -v '^OFPST' "$out" | sort >"$D/ours"
ovs dump-groups "$S" | grep -v '^OFPST' | sort >"$D/theirs"
if cmp -s "$D/ours" "$D/theirs"; then pass; else
    fail "dump-groups lists other groups than ovs-ofctl"
    diff -u "$D/theirs" "$D/ours" >&2
fi
check "four groups" 4 "$(wc -l <"$D/ours")"
swt_ok "dump-groups GROUP" dump-groups "$S" 2
check "dump-groups picks one" " group_id=2,type=all,bucket=actions=output:1,bucket=actions=group:1" "$(grep group_id "$out")"
swt_ok "dump-groups --json" dump-groups --json "$S"
json_check "dump-groups --json" "$out" 'len(d) == 4 and any(g["group_id"] == 1 and g["type"] == "select" and [b["weight"] for b in g["buckets"]] == [10, 20] for g in d)'
swt_ok "mod-group" mod-group "$S" "group_id=3,type=indirect,bucket=actions=output:1"
ovs dump-groups "$S" >"$D/theirs"
check_grep "mod-group seen by ovs-ofctl" 'group_id=3,type=indirect,bucket=actions=output:1$' "$D/theirs"
swt_ok "dump-group-stats" dump-group-stats "$S" 1
check_grep "dump-group-stats" '^ group_id=1,duration=[0-9.]+s,ref_count=0,packet_count=0,byte_count=0,bucket0:packet_count=0,byte_count=0,bucket1:packet_count=0,byte_count=0$' "$out"
swt_ok "dump-group-stats --json" dump-group-stats --json "$S"
json_check "dump-group-stats --json" "$out" 'len(d) == 4'
swt_ok "dump-group-features" dump-group-features "$S"
check_grep "dump-group-features: types" '^    Types:  0xf$' "$out"
check_grep "dump-group-features: select" '^    select group:$' "$out"
swt_ok "dump-group-features --json" dump-group-features --json "$S"
json_check "dump-group-features --json" "$out" '"select" in d["types"]'
swt_ok "del-groups GROUP" del-groups "$S" group_id=3
check "del-groups deleted one" 3 "$(ovs dump-groups "$S" | grep -c group_id=)"
ovs del-groups "$S" group_id=4
swt_ok "dump-groups after ovs-ofctl del-groups" dump-groups "$S"
check "ovs-ofctl deleted ofctl's group" 2 "$(grep -c group_id= "$out")"
swt_ok "del-groups all" del-groups "$S"
check "no groups left" 0 "$(ovs dump-groups "$S" | grep -c group_id=)"
swt_fails "add-group syntax error" 1 'type' add-group "$S" "group_id=5,type=nosuch"

# --- Meters. ---------------------------------------------------------------
swt_ok "add-meter" add-meter "$S" "meter=1,kbps,burst,stats,bands=type=drop,rate=1000,burst_size=100"
ovs add-meter "$S" "meter=2,pktps,bands=type=drop,rate=10"
swt_ok "dump-meters" dump-meters "$S"
no_xid <"$out" >"$D/ours"
ovs dump-meters "$S" | no_xid >"$D/theirs"
if cmp -s "$D/ours" "$D/theirs"; then pass; else
    fail "dump-meters differs from ovs-ofctl"
    diff -u "$D/theirs" "$D/ours" >&2
fi
swt_ok "dump-meters METER" dump-meters "$S" 2
check_grep "dump-meters METER" '^meter=2 pktps bands=$' "$out"
check_no_grep "dump-meters METER: only that meter" '^meter=1 ' "$out"
swt_ok "dump-meters --json" dump-meters --json "$S"
json_check "dump-meters --json" "$out" 'len(d) == 2 and d[0]["meter_id"] == 1 and d[0]["flags"] == ["kbps", "burst", "stats"] and d[0]["bands"][0]["rate"] == 1000 and d[0]["bands"][0]["burst_size"] == 100'
swt_ok "add-flow through a meter" add-flow "$S" "priority=3,in_port=2,actions=meter:1,output:1"
swt_ok "meter-stats" meter-stats "$S" meter=1
check_grep "meter-stats" '^meter:1 flow_count:1 packet_in_count:0 byte_in_count:0 duration:[0-9.]+s bands:$' "$out"
swt_ok "meter-stats --json" meter-stats --json "$S"
json_check "meter-stats --json" "$out" 'sorted(m["meter_id"] for m in d) == [1, 2]'
swt_ok "meter-features" meter-features "$S"
no_xid <"$out" >"$D/ours"
ovs meter-features "$S" | no_xid >"$D/theirs"
cmp -s "$D/ours" "$D/theirs" && pass || { fail "meter-features differs"; diff -u "$D/theirs" "$D/ours" >&2; }
swt_ok "meter-features --json" meter-features --json "$S"
json_check "meter-features --json" "$out" '"drop" in d["band_types"] and d["max_meter"] > 0'
swt_ok "mod-meter" mod-meter "$S" "meter=2,pktps,bands=type=drop,rate=20"
ovs dump-meters "$S" >"$D/theirs"
check_grep "mod-meter seen by ovs-ofctl" '^type=drop rate=20$' "$D/theirs"
swt_ok "del-meters METER" del-meters "$S" 2
check "del-meters deleted one" 1 "$(ovs dump-meters "$S" | grep -c '^meter=')"
swt_ok "del-meters" del-meters "$S"
check "del-meters deleted all" 0 "$(ovs dump-meters "$S" | grep -c '^meter=')"
swt_fails "add-meter error" 1 'OFPMMFC_' add-meter "$S" "meter=3,kbps,bands=type=drop,rate=0"

# --- Ports, tables, queues, features. -------------------------------------
swt_ok "dump-ports" dump-ports "$S"
check_grep "dump-ports" '^OFPST_PORT reply \(OF1\.3\) \(xid=0x[0-9a-f]+\): 3 ports$' "$out"
swt_ok "dump-ports PORT" dump-ports "$S" 2
check_grep "dump-ports 2" '^  port  2: rx pkts=' "$out"
swt_ok "dump-ports by name" dump-ports "$S" p2
check_grep "dump-ports p2" '^  port  2: rx pkts=' "$out"
swt_ok "dump-ports --json" dump-ports --json "$S"
json_check "dump-ports --json" "$out" 'sorted(p["port_no"] for p in d) == [1, 2, 4294967294] and all("tx_packets" in p for p in d)'
swt_ok "dump-ports-desc" dump-ports-desc "$S"
no_xid <"$out" >"$D/ours"
ovs dump-ports-desc "$S" | no_xid >"$D/theirs"
cmp -s "$D/ours" "$D/theirs" && pass || { fail "dump-ports-desc differs"; diff -u "$D/theirs" "$D/ours" >&2; }
swt_ok "dump-ports-desc PORT" dump-ports-desc "$S" p1
check "dump-ports-desc picks one" 1 "$(grep -c '^ [0-9A-Z]*(' "$out")"
swt_ok "dump-ports-desc --json" dump-ports-desc --json "$S"
json_check "dump-ports-desc --json" "$out" '[p["name"] for p in d if p["port_no"] == 1] == ["p1"]'
swt_ok "show --json" show --json "$S"
json_check "show --json" "$out" 'd["datapath_id"] == "0000000000000042" and d["n_tables"] == 254 and len(d["ports"]) == 3 and d["miss_send_len"] == 0'
swt_ok "dump-desc --json" dump-desc --json "$S"
json_check "dump-desc --json" "$out" 'd["hw_desc"] == "Open vSwitch"'
swt_ok "dump-tables" dump-tables "$S"
check_grep "dump-tables" '^  table 0:$' "$out"
swt_ok "dump-tables --json" dump-tables --json "$S"
json_check "dump-tables --json" "$out" 'len(d) == 254 and d[0]["table_id"] == 0 and d[0]["active_count"] >= 1'
swt_ok "dump-table-features" dump-table-features "$S"
check_grep "dump-table-features" '^  table 0' "$out"
swt_ok "dump-table-features --json" dump-table-features --json "$S"
json_check "dump-table-features --json" "$out" 'len(d) == 254 and any(p["type"] == "instructions" and "GOTO_TABLE" in p["ids"] for p in d[0]["properties"])'
swt_ok "mod-table" mod-table "$S" 0 controller
swt_fails "mod-table bad setting" 2 'mod-table' mod-table "$S" 0 sideways
swt_ok "queue-stats" queue-stats "$S"
check_grep "queue-stats" '^OFPST_QUEUE reply \(OF1\.3\) \(xid=0x[0-9a-f]+\): 0 queues$' "$out"
swt_ok "queue-stats PORT QUEUE" queue-stats "$S" 1 all
swt_ok "queue-stats --json" queue-stats --json "$S"
json_check "queue-stats --json" "$out" 'd == []'
swt_ok "queue-get-config" queue-get-config "$S" 1
check_grep "queue-get-config" '^OFPT_QUEUE_GET_CONFIG_REPLY \(OF1\.3\) \(xid=0x[0-9a-f]+\): port=1$' "$out"
swt_ok "queue-get-config --json" queue-get-config --json "$S" 1
json_check "queue-get-config --json" "$out" 'd["port_no"] == 1 and d["queues"] == []'

# mod-port: the switch applies it; flood/noflood are 1.0 only.
swt_ok "mod-port down" mod-port "$S" p1 down
ovs show "$S" >"$D/theirs"
grep -A1 '^ 1(p1)' "$D/theirs" | grep -q 'config:     PORT_DOWN' && pass || fail "mod-port down not applied"
swt_ok "mod-port up" mod-port "$S" 1 up
ovs show "$S" | grep -A1 '^ 1(p1)' | grep -q 'config:     0' && pass || fail "mod-port up not applied"
swt_ok "mod-port nopacket-in" mod-port "$S" 2 nopacket-in
ovs show "$S" | grep -A1 '^ 2(p2)' | grep -q 'NO_PACKET_IN' && pass || fail "mod-port nopacket-in"
swt_ok "mod-port packet-in" mod-port "$S" 2 packet-in
swt_fails "mod-port noflood in 1.3" 1 'needs OpenFlow 1\.0' mod-port "$S" 1 noflood
swt_fails "mod-port unknown port" 1 'no port nosuch' mod-port "$S" nosuch up
swt_fails "mod-port unknown action" 2 'unknown action' mod-port "$S" 1 sideways

# --- packet-out: the frame really leaves by the port. ---------------------
# An ARP request, 42 bytes.
frame=ffffffffffff02000000000108060001080006040001020000000001
frame=${frame}0a0000010000000000000a000002
tx_of() {
    ovs dump-ports "$S" "$1" | sed -n 's/.*tx pkts=\([0-9]*\),.*/\1/p'
}
before=$(tx_of 2)
swt_ok "packet-out" packet-out "$S" "in_port=CONTROLLER,packet=$frame,actions=output:2"
swt_ok "packet-out, words apart" packet-out "$S" in_port=CONTROLLER "packet=$frame" actions=output:2
swt_ok "packet-out, positional form" packet-out "$S" CONTROLLER output:2 "$frame" "$frame"
sleep 0.5
check "packet-out sent four frames on port 2" $((before + 4)) "$(tx_of 2)"
swt_fails "packet-out to a missing group" 1 'OFPBAC_BAD_OUT_GROUP' \
    packet-out "$S" "in_port=1,packet=$frame,actions=group:77"
check_grep "packet-out error shows the request" '^OFPT_PACKET_OUT \(OF1\.3\) .*actions=group:77' "$err"
swt_fails "packet-out without a packet" 1 'packet=' packet-out "$S" "in_port=1,actions=output:2"
swt_fails "packet-out bad hex" 1 'hex' packet-out "$S" "in_port=1,packet=xyz,actions=output:2"

# --- monitor: asynchronous messages as they arrive. -----------------------
inns "$OFCTL" -t 4 monitor "$S" 65535 >"$D/monitor" 2>&1 &
mon=$!
SWT_PIDS="$SWT_PIDS $mon"
sleep 1
swt_ok "packet-out to the controller" packet-out "$S" "in_port=1,packet=$frame,actions=controller"
swt_ok "mod-port for a port status" mod-port "$S" 2 down
swt_ok "mod-port back" mod-port "$S" 2 up
wait "$mon"
check "monitor exits 0 at its -t" 0 "$?"
check_grep "monitor: packet-in" '^OFPT_PACKET_IN \(OF1\.3\) \(xid=0x0\): total_len=42 in_port=1 \(via action\) data_len=42 \(unbuffered\)$' "$D/monitor"
check_grep "monitor: the whole packet" '^00000020  00 00 00 00 00 00 0a 00-00 02 ' "$D/monitor"
check_grep "monitor: the packet" '^00000000  ff ff ff ff ff ff 02 00-00 00 00 01 08 06 00 01 ' "$D/monitor"
check_grep "monitor: port status" '^OFPT_PORT_STATUS \(OF1\.3\) \(xid=0x0\): MOD: 2\(p2\)' "$D/monitor"
check_no_grep "monitor: no errors" 'ofctl:|Sanitizer' "$D/monitor"

# --- snoop: OVS mirrors its controller connections on br0.snoop. ---------
if [ -x /usr/bin/python3 ]; then
    # A minimal controller: HELLO, then an echo request now and then.
    inns /usr/bin/python3 -c '
import socket, struct, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 6633))
s.listen(1)
open(sys.argv[1], "w").close()
c, _ = s.accept()
c.sendall(struct.pack("!BBHI", 4, 0, 8, 1))
c.settimeout(0.1)
try:
    for xid in range(100, 1000):
        c.sendall(struct.pack("!BBHI", 4, 2, 12, xid) + b"snop")
        try:
            while c.recv(65536):
                pass
        except socket.timeout:
            pass
except OSError:
    pass  # The switch went on to another controller.
' "$D/controller-ready" &
    SWT_PIDS="$SWT_PIDS $!"
    for i in $(seq 100); do
        [ -f "$D/controller-ready" ] && break
        sleep 0.1
    done
    swt_vsctl set-controller br0 "ptcp:$SWT_PORT:127.0.0.1" tcp:127.0.0.1:6633
    for i in $(seq 100); do
        swt_vsctl --columns=is_connected find controller \
            target='"tcp:127.0.0.1:6633"' | grep -q true && break
        sleep 0.1
    done
    swt_run -t 3 snoop "unix:$SWT_OVS/br0.snoop"
    check "snoop exits 0 at its -t ($(cat "$err"))" 0 "$rc"
    check_grep "snoop: the controller's echo requests" '^OFPT_ECHO_REQUEST \(OF1\.3\) \(xid=0x[0-9a-f]+\): 4 bytes of payload$' "$out"
    check_grep "snoop: the switch's echo replies" '^OFPT_ECHO_REPLY \(OF1\.3\) \(xid=0x[0-9a-f]+\): 4 bytes of payload$' "$out"
    swt_vsctl set-controller br0 "ptcp:$SWT_PORT:127.0.0.1"
fi

# --- probe, ping, roles. ---------------------------------------------------
swt_ok "probe" probe "$S"
check "probe prints nothing" "" "$(cat "$out")"
swt_ok "ping" ping "$S" 100
check "ping: ten replies" 10 "$(grep -c -E "^108 bytes from $S: xid=[0-9a-f]{8} time=[0-9.]+ ms$" "$out")"
swt_ok "ping --json" ping --json "$S"
json_check "ping --json" "$out" 'len(d) == 10 and all(p["bytes"] == 72 and p["time_ms"] >= 0 for p in d)'
swt_ok "get-role" get-role "$S"
check_grep "get-role" '^OFPT_ROLE_REPLY \(OF1\.3\) \(xid=0x[0-9a-f]+\): role=equal' "$out"
swt_ok "set-role" set-role "$S" master
check_grep "set-role master" 'role=(master|primary)' "$out"
swt_ok "set-role --json" set-role --json "$S" slave 5
json_check "set-role --json" "$out" 'd["role"] == "slave" and d["generation_id"] == 5'
swt_fails "set-role stale generation" 1 'OFPRRFC_STALE' set-role "$S" master 4
swt_fails "set-role unknown role" 2 'unknown role' set-role "$S" boss

# --- show-pipeline. ---------------------------------------------------------
ovs del-flows "$S"
swt_ok "pipeline group" add-group "$S" "group_id=7,type=all,bucket=actions=output:1,bucket=actions=output:2"
swt_ok "pipeline meter" add-meter "$S" "meter=4,pktps,bands=type=drop,rate=100"
printf '%s\n' "priority=10,in_port=1,actions=meter:4,goto_table:1" \
    "priority=0,actions=drop" "table=1,tcp,actions=group:7" \
    "table=1,priority=0,actions=CONTROLLER:128" "table=1,udp,actions=output:2" >"$D/pl.txt"
swt_ok "pipeline flows" add-flows "$S" "$D/pl.txt"
swt_ok "show-pipeline" show-pipeline "$S"
check_grep "show-pipeline summary" '^2 tables in use, 5 flows, 1 group, 1 meter$' "$out"
check_grep "show-pipeline goto" '^    -> table 1 \(1 flow\)$' "$out"
check_grep "show-pipeline drop" '^    -> drop \(1 flow\)$' "$out"
check_grep "show-pipeline meter" '^    via meter 4 \(1 flow\)$' "$out"
check_grep "show-pipeline group edge" '^    -> group 7 \(1 flow\)$' "$out"
check_grep "show-pipeline port edge" '^    -> port 2 \(p2\) \(1 flow\)$' "$out"
check_grep "show-pipeline controller" '^    -> CONTROLLER \(1 flow\)$' "$out"
check_grep "show-pipeline bucket" '^    bucket 1: actions=output:2$' "$out"
swt_ok "show-pipeline --dot" show-pipeline --dot "$S"
check_grep "dot: goto edge" '^    t0 -> t1 \[label="1 flow"\];$' "$out"
check_grep "dot: bucket edge" '^    g7 -> p1 \[label="bucket 0"\];$' "$out"
if command -v dot >/dev/null 2>&1; then
    if dot -Tsvg "$out" >"$D/pipeline.svg" 2>"$D/dot.err" && grep -q '<svg' "$D/pipeline.svg"; then
        pass
    else
        fail "dot -Tsvg does not render show-pipeline --dot"
        cat "$D/dot.err" >&2
    fi
fi
swt_ok "show-pipeline --json" show-pipeline --json "$S"
json_check "show-pipeline --json" "$out" 'd["tables"][0]["flow_count"] == 2 and {"to": "table", "id": 1, "flow_count": 1} in d["tables"][0]["edges"] and d["groups"][0]["group_id"] == 7 and d["meters"][0]["meter_id"] == 4'

# --- TLS, verified both ways. -----------------------------------------------
if command -v openssl >/dev/null 2>&1; then
    pki=$D/pki
    mkdir -p "$pki"
    (
        cd "$pki" || exit 1
        openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem \
            -days 2 -subj "/CN=ofctl test CA" &&
        openssl req -x509 -newkey rsa:2048 -nodes -keyout other.key \
            -out other.pem -days 2 -subj "/CN=someone else" &&
        for who in switch ofctl; do
            openssl req -newkey rsa:2048 -nodes -keyout $who.key -out $who.csr \
                -subj "/CN=$who" &&
            openssl x509 -req -in $who.csr -CA ca.pem -CAkey ca.key \
                -CAcreateserial -out $who.pem -days 2 || exit 1
        done
    ) >/dev/null 2>&1 || fail "openssl could not make the test certificates"
    swt_vsctl set-ssl "$pki/switch.key" "$pki/switch.pem" "$pki/ca.pem"
    swt_vsctl set-controller br0 "ptcp:$SWT_PORT:127.0.0.1" "pssl:6654:127.0.0.1"
    for i in $(seq 50); do
        inns ovs-ofctl -O OpenFlow13 --private-key="$pki/ofctl.key" \
            --certificate="$pki/ofctl.pem" --ca-cert="$pki/ca.pem" \
            probe ssl:127.0.0.1:6654 >/dev/null 2>&1 && break
        sleep 0.1
    done
    T="--private-key=$pki/ofctl.key --certificate=$pki/ofctl.pem"
    swt_ok "dump-desc over ssl" -t 10 $T --ca-cert="$pki/ca.pem" dump-desc ssl:127.0.0.1:6654
    check_grep "dump-desc over ssl" '^Hardware: Open vSwitch$' "$out"
    swt_ok "dump-flows over ssl" -t 10 $T --ca-cert="$pki/ca.pem" dump-flows ssl:127.0.0.1:6654
    check "dump-flows over ssl" 5 "$(grep -c 'actions=' "$out")"
    swt_ok "ping over ssl" -t 10 $T --ca-cert="$pki/ca.pem" ping ssl:127.0.0.1:6654 2000
    swt_fails "ssl: a switch we cannot verify" 1 'certificate does not verify' \
        -t 10 $T --ca-cert="$pki/other.pem" probe ssl:127.0.0.1:6654
    swt_fails "ssl without --ca-cert" 1 'needs --ca-cert' -t 10 probe ssl:127.0.0.1:6654
    swt_fails "ssl: the switch wants our certificate" 1 'ssl:127\.0\.0\.1:6654' \
        -t 10 --ca-cert="$pki/ca.pem" probe ssl:127.0.0.1:6654
fi

# --- OpenFlow 1.0 and 1.1 through the translator. --------------------------
swt_vsctl set bridge br0 protocols=OpenFlow10,OpenFlow11,OpenFlow13
for i in $(seq 50); do
    inns ovs-ofctl -O OpenFlow10 probe "$S" >/dev/null 2>&1 && break
    sleep 0.1
done
ovs del-flows "$S"
swt_ok "-O OpenFlow10 show" -O OpenFlow10 show "$S"
check_grep "1.0 show: no version tag" '^OFPT_FEATURES_REPLY \(xid=0x[0-9a-f]+\): dpid:0000000000000042$' "$out"
check_grep "1.0 show: the ports come with the features" '^ 1\(p1\): addr:' "$out"
check_no_grep "1.0 show: no PORT_DESC" 'OFPST_PORT_DESC' "$out"
swt_ok "-O OpenFlow10 show --json" -O OpenFlow10 show --json "$S"
json_check "1.0 show --json" "$out" 'd["version"] == "OpenFlow 1.0" and len(d["ports"]) == 3'
swt_ok "-O OpenFlow10 add-flow" -O OpenFlow10 add-flow "$S" "priority=77,in_port=1,dl_vlan=3,actions=mod_vlan_vid:4,output:2"
inns ovs-ofctl -O OpenFlow10 dump-flows "$S" >"$D/theirs"
check_grep "1.0 add-flow seen by ovs-ofctl" 'priority=77,in_port=1,dl_vlan=3 actions=mod_vlan_vid:4,output:2' "$D/theirs"
swt_ok "-O OpenFlow10 dump-flows" -O OpenFlow10 dump-flows "$S"
check_grep "1.0 dump-flows" '^OFPST_FLOW reply \(xid=0x[0-9a-f]+\):$' "$out"
check_grep "1.0 dump-flows: the flow" 'priority=77,in_port=1,dl_vlan=3 actions=' "$out"
swt_fails "1.0 has no groups" 1 'cannot be expressed in OpenFlow 1\.0' \
    -O OpenFlow10 add-group "$S" "group_id=1,type=all,bucket=actions=output:1"
swt_ok "-O OpenFlow10 add-flow" -O OpenFlow10 add-flow "$S" "priority=50,in_port=2,actions=drop"
swt_fails "1.0 error" 1 '^OFPT_ERROR \(xid=0x[0-9a-f]+\): OFPFMFC_OVERLAP$' \
    -O OpenFlow10 add-flow "$S" "priority=50,check_overlap,actions=drop"
check_grep "1.0 error: the request" '^OFPT_FLOW_MOD \(xid=0x[0-9a-f]+\): ADD priority=50 check_overlap actions=drop$' "$err"
swt_ok "-O OpenFlow10 mod-port noflood" -O OpenFlow10 mod-port "$S" p1 noflood
inns ovs-ofctl -O OpenFlow10 show "$S" | grep -A1 '^ 1(p1)' | grep -q 'NO_FLOOD' &&
    pass || fail "1.0 mod-port noflood not applied"
swt_ok "-O OpenFlow10 mod-port flood" -O OpenFlow10 mod-port "$S" 1 flood
swt_ok "-O OpenFlow10 dump-ports-desc" -O OpenFlow10 dump-ports-desc "$S" p2
check "1.0 dump-ports-desc picks one" 1 "$(grep -c '^ [0-9A-Z]*(' "$out")"
swt_ok "-O OpenFlow10 del-flows" -O OpenFlow10 del-flows "$S"
check "1.0 del-flows" 0 "$(ovs dump-flows "$S" | grep -c actions=)"
swt_ok "-O OpenFlow11 add-group" -O OpenFlow11 add-group "$S" "group_id=9,type=all,bucket=actions=output:1"
check_grep "1.1 group seen by ovs-ofctl" 'group_id=9,type=all,bucket=actions=output:1' <(ovs dump-groups "$S")
swt_ok "-O OpenFlow11 add-flow" -O OpenFlow11 add-flow "$S" "table=1,priority=9,ip,nw_dst=10.0.0.0/8,actions=group:9"
check_grep "1.1 add-flow seen by ovs-ofctl" 'table=1, .*priority=9,ip,nw_dst=10\.0\.0\.0/8 actions=group:9$' <(ovs dump-flows "$S")
swt_ok "-O OpenFlow11 dump-aggregate" -O OpenFlow11 dump-aggregate "$S"
check_grep "1.1 dump-aggregate" '^OFPST_AGGREGATE reply \(OF1\.1\) \(xid=0x[0-9a-f]+\): packet_count=0 byte_count=0 flow_count=1$' "$out"
swt_ok "-O OpenFlow11 dump-groups" -O OpenFlow11 dump-groups "$S"
check_grep "1.1 dump-groups" '^ group_id=9,type=all,bucket=actions=output:1$' "$out"
swt_fails "1.1 error" 1 '^OFPT_ERROR \(OF1\.1\) \(xid=0x[0-9a-f]+\): OFPBAC_BAD_OUT_GROUP$' \
    -O OpenFlow11 add-flow "$S" "actions=group:99"
swt_fails "1.1 has no meters" 1 'cannot be expressed in OpenFlow 1\.1' \
    -O OpenFlow11 add-meter "$S" "meter=1,kbps,bands=type=drop,rate=5"
swt_ok "the highest common version wins" -O OpenFlow10,OpenFlow11,OpenFlow13 dump-desc "$S"
check_grep "1.3 chosen" '^OFPST_DESC reply \(OF1\.3\)' "$out"

swt_finish
