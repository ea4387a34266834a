#!/bin/sh
# tests/cli/ofctl-ovs-compat.sh -- cross-checks ofctl against the real
# Open vSwitch (ovs-ofctl 3.1):
#
#  1. For each flow, the FLOW_MOD bytes from "ofctl parse-flow --hex FLOW"
#     must decode in "ovs-ofctl ofp-print" without any "***" complaint
#     (ovs-ofctl exits 0 even on a decode error, so its output is
#     searched), and ovs-ofctl must describe them as the same flow as it
#     describes its own encoding ("ovs-ofctl -O OpenFlow13 parse-flow").
#  2. ofctl's own text for the flow must equal ovs-ofctl's.
#  3. For a set of messages of other types, "ofctl ofp-print HEX" must
#     print what "ovs-ofctl ofp-print HEX" prints.
#
# Skipped (exit 77) when ovs-ofctl is not installed.

. "$(dirname "$0")/lib.sh"

if ! command -v ovs-ofctl >/dev/null 2>&1; then
    echo "$0: ovs-ofctl is not installed; skipping" >&2
    exit 77
fi

# The part of an ofp-print FLOW_MOD line after "(xid=0x1): ".
flow_text() {
    sed -n 's/^OFPT_FLOW_MOD (OF1\.3) (xid=0x[0-9a-f]*): //p'
}

# Each line is one flow in ovs-ofctl syntax.
while IFS= read -r flow; do
    case $flow in '' | '#'*) continue ;; esac

    run_ofctl parse-flow --hex "$flow"
    if [ "$rc" -ne 0 ]; then
        fail "ofctl parse-flow --hex '$flow': exit status $rc"
        cat "$cli_err" >&2
        continue
    fi
    ours=$(head -n 1 "$cli_out" | flow_text)
    hex=$(tail -n 1 "$cli_out")

    ovs_of_ours=$(ovs-ofctl ofp-print "$hex" 2>&1)
    case $ovs_of_ours in
        *'***'*)
            fail "ovs-ofctl ofp-print rejects ofctl's bytes for '$flow'"
            printf '%s\n%s\n' "$hex" "$ovs_of_ours" >&2
            continue
            ;;
    esac
    ovs_of_ours=$(printf '%s\n' "$ovs_of_ours" | flow_text)

    reference=$(ovs-ofctl -O OpenFlow13 parse-flow "$flow" 2>&1)
    reference_text=$(printf '%s\n' "$reference" | flow_text)
    if [ -z "$reference_text" ]; then
        fail "ovs-ofctl cannot parse '$flow' (fix the test's flow list)"
        printf '%s\n' "$reference" >&2
        continue
    fi

    check_equal "ovs-ofctl reads ofctl's bytes for '$flow' as its own" \
        "$reference_text" "$ovs_of_ours"
    check_equal "ofctl's text for '$flow' matches ovs-ofctl's" \
        "$reference_text" "$ours"
done <<'FLOWS'
priority=10,in_port=1,actions=output:2
table=1,priority=10,in_port=1,actions=output:2
actions=drop
priority=0,actions=CONTROLLER:65535
priority=0,actions=controller
in_port=LOCAL,actions=IN_PORT
tcp,nw_src=10.0.0.0/8,tp_dst=80,idle_timeout=10,hard_timeout=20,cookie=0x5,send_flow_rem,actions=set_field:1.2.3.4->ip_dst,output:3
in_port=1,actions=meter:1,write_actions(output:2),goto_table:3
table=3,priority=100,ip,nw_src=10.0.0.0/8,nw_dst=192.168.1.1,actions=dec_ttl,output:LOCAL
udp,tp_dst=53,idle_timeout=5,actions=group:7
udp6,ipv6_src=2001:db8::/32,tp_src=53,actions=output:1
arp,arp_tpa=10.0.0.1,arp_op=1,actions=FLOOD
dl_src=00:11:22:33:44:55,dl_dst=01:00:00:00:00:00/01:00:00:00:00:00,actions=write_metadata:0x1/0xff,goto_table:2
metadata=0x5/0xff,actions=clear_actions,write_actions(set_queue:3,output:2)
cookie=0x123456789abcdef,priority=65535,hard_timeout=100,check_overlap,actions=clear_actions
icmp,icmp_type=8,icmp_code=0,actions=ALL
dl_vlan=5,actions=strip_vlan,NORMAL
vlan_tci=0x1000/0x1000,actions=pop_vlan,output:1
in_port=2,actions=push_vlan:0x8100,set_field:4101->vlan_vid,output:1
mpls,mpls_label=5,actions=pop_mpls:0x0800,output:1
ip,actions=push_mpls:0x8847,set_field:10->mpls_label,output:1
sctp,tp_src=1,tp_dst=2,actions=set_field:9->sctp_dst,output:1
ip,nw_proto=17,nw_tos=32,actions=set_field:8->ip_dscp,output:1
tun_id=0x10,actions=set_field:0x20->tun_id,output:1
ipv6,ipv6_label=0x12345,actions=dec_ttl,output:1
icmp6,icmp_type=135,nd_target=fe80::1,actions=output:1
reset_counts,no_packet_counts,no_byte_counts,actions=output:1
FLOWS

# Messages of other types whose text must be exactly what ovs-ofctl
# prints (see the list for what is left out and why).
vectors=$(dirname "$0")/ovs-vectors.txt
n_vectors=0
while IFS= read -r hex; do
    case $hex in '' | '#'*) continue ;; esac
    n_vectors=$((n_vectors + 1))
    expected=$(ovs-ofctl ofp-print "$hex" 2>&1)
    expect_output "$expected" ofp-print "$hex"
done <"$vectors"
test "$n_vectors" -ge 70 && pass || fail "only $n_vectors vectors read"

cli_finish
