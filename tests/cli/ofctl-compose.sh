#!/bin/bash
# tests/cli/ofctl-compose.sh -- the frames "ofctl compose-packet" builds
# (the ones "ofctl trace" sends), read back by scapy: every field the flow
# names has its value, the defaults documented in ofctl(8) fill the rest,
# lengths are right and every checksum (IPv4 header, TCP, UDP, ICMP,
# ICMPv6 with its pseudo-header, SCTP's CRC32c) verifies.
#
# Skipped (77) without Debian's /usr/bin/python3 and scapy.

: "${top_builddir:=.}"
OFCTL=$top_builddir/tools/ofctl
[ -x "$OFCTL" ] || { echo "$0: $OFCTL is not built" >&2; exit 99; }
if ! /usr/bin/python3 -c 'import scapy.all' 2>/dev/null; then
    echo "$0: SKIP: /usr/bin/python3 with scapy is not installed"
    exit 77
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ofctl-compose.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT

# FLOW <tab> Python condition over the scapy packet 'p'.
cat >"$tmp/cases" <<'EOF'
in_port=1,tcp,nw_src=10.0.0.1,tp_dst=80	p[IP].src == "10.0.0.1" and p[IP].dst == "10.0.0.2" and p[IP].ttl == 64 and p[TCP].sport == 49152 and p[TCP].dport == 80 and p[TCP].flags == "S" and p.src == "00:00:00:00:00:01" and p.dst == "00:00:00:00:00:02"
tcp,dl_src=02:aa:bb:cc:dd:ee,dl_dst=02:11:22:33:44:55,nw_src=192.168.1.1,nw_dst=192.168.1.2,tp_src=1234,tp_dst=4321,ip_dscp=46,nw_ecn=1	p.src == "02:aa:bb:cc:dd:ee" and p.dst == "02:11:22:33:44:55" and p[IP].src == "192.168.1.1" and p[IP].dst == "192.168.1.2" and p[TCP].sport == 1234 and p[TCP].dport == 4321 and p[IP].tos == (46 << 2 | 1)
udp,udp_src=5353,udp_dst=53	p[UDP].sport == 5353 and p[UDP].dport == 53 and p[UDP].len == 8 and p[IP].len == 28
icmp,icmp_type=3,icmp_code=1	p[ICMP].type == 3 and p[ICMP].code == 1
icmp	p[ICMP].type == 8
dl_vlan=100,dl_vlan_pcp=5,ip	p[Dot1Q].vlan == 100 and p[Dot1Q].prio == 5 and p[Dot1Q].type == 0x0800 and p[IP].proto == 0
sctp,sctp_src=7,sctp_dst=9	p[SCTP].sport == 7 and p[SCTP].dport == 9
udp6,ipv6_src=2001:db8::5,ipv6_dst=2001:db8::6,udp_dst=53,ipv6_label=0x12345	p[IPv6].src == "2001:db8::5" and p[IPv6].dst == "2001:db8::6" and p[IPv6].fl == 0x12345 and p[IPv6].hlim == 64 and p[UDP].dport == 53 and p[IPv6].plen == 8
tcp6,tp_dst=443	p[IPv6].src == "2001:db8::1" and p[IPv6].dst == "2001:db8::2" and p[TCP].dport == 443
icmp6,icmpv6_type=135,nd_target=fe80::1,nd_sll=00:11:22:33:44:55	p[ICMPv6ND_NS].tgt == "fe80::1" and p[ICMPv6NDOptSrcLLAddr].lladdr == "00:11:22:33:44:55"
icmp6,icmpv6_type=136,nd_target=fe80::2,nd_tll=00:11:22:33:44:66	p[ICMPv6ND_NA].tgt == "fe80::2" and p[ICMPv6NDOptDstLLAddr].lladdr == "00:11:22:33:44:66"
icmp6	p[ICMPv6EchoRequest].type == 128
arp,arp_op=2,arp_spa=10.1.1.1,arp_tpa=10.1.1.2,arp_sha=02:00:00:00:00:aa,arp_tha=02:00:00:00:00:bb	p[ARP].op == 2 and p[ARP].psrc == "10.1.1.1" and p[ARP].pdst == "10.1.1.2" and p[ARP].hwsrc == "02:00:00:00:00:aa" and p[ARP].hwdst == "02:00:00:00:00:bb"
arp	p[ARP].op == 1 and p[ARP].hwsrc == "00:00:00:00:00:01" and p[ARP].psrc == "10.0.0.1" and p[ARP].pdst == "10.0.0.2"
mpls,mpls_label=1000,mpls_tc=3	p.type == 0x8847 and bytes(p.payload)[:4] == bytes([0x00, 0x3e, 0x87, 0x40])
in_port=5	p.type == 0x88b5
EOF

n_pass=0
n_fail=0
: >"$tmp/frames"
while IFS='	' read -r flow cond; do
    hex=$("$OFCTL" compose-packet "$flow" 2>"$tmp/err")
    if [ $? -ne 0 ] || [ -s "$tmp/err" ]; then
        echo "FAIL: compose-packet '$flow'" >&2
        cat "$tmp/err" >&2
        n_fail=$((n_fail + 1))
        continue
    fi
    printf '%s\t%s\t%s\n' "$flow" "$hex" "$cond" >>"$tmp/frames"
done <"$tmp/cases"

# One Python for every frame: scapy takes seconds to import.
/usr/bin/python3 - "$tmp/frames" >"$tmp/results" <<'PY'
import sys
from scapy.all import *
for line in open(sys.argv[1]):
    flow, hexdata, cond = line.rstrip("\n").split("\t")
    raw_bytes = bytes.fromhex(hexdata)
    p = Ether(raw_bytes)
    why = []
    if len(raw_bytes) < 60:
        why.append("shorter than 60 bytes")
    try:
        if not eval(cond):
            why.append("condition false: " + cond)
    except Exception as e:
        why.append("condition failed: %r" % e)
    # Let scapy recompute every checksum and length: the bytes must not
    # change.
    q = Ether(raw_bytes)
    for layer in q.layers():
        for field in ("chksum", "cksum", "len", "plen"):
            if field in q[layer].fields and layer is not Padding:
                try:
                    delattr(q[layer], field)
                except Exception:
                    pass
    rebuilt = bytes(q)
    if rebuilt[:len(raw_bytes)] != raw_bytes[:len(rebuilt)]:
        why.append("checksum or length differs: ours %s, scapy's %s"
                   % (raw_bytes.hex(), rebuilt.hex()))
    print("%s\t%s" % ("ok" if not why else "FAIL", flow))
    for w in why:
        print("  " + w)
PY
while IFS= read -r line; do
    case $line in
    ok*) n_pass=$((n_pass + 1)) ;;
    FAIL*) echo "FAIL: compose-packet '${line#FAIL	}'" >&2; n_fail=$((n_fail + 1)) ;;
    *) echo "$line" >&2 ;;
    esac
done <"$tmp/results"
check_count=$(grep -c '' "$tmp/cases")
if [ "$n_pass" -ne "$check_count" ]; then
    echo "FAIL: $n_pass of $check_count frames verified" >&2
    n_fail=$((n_fail + 1))
fi

# Flows that describe no frame are refused.
if "$OFCTL" compose-packet "nw_src=1.2.3.4" >/dev/null 2>&1; then
    echo "FAIL: compose-packet accepted a flow without its prerequisites" >&2
    n_fail=$((n_fail + 1))
else
    n_pass=$((n_pass + 1))
fi

echo "$0: $n_pass passed, $n_fail failed"
[ "$n_fail" -eq 0 ]
