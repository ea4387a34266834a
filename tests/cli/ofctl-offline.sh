#!/bin/sh
# tests/cli/ofctl-offline.sh -- the offline commands of ofctl: parse-flow
# (exact text, --hex, round trip through ofp-print), ofp-print (hex
# syntax, several messages, decode errors) and command-line errors (exit
# status 2 for usage errors, 1 for failing commands, messages on stderr).
# Needs nothing but the built tools/ofctl.

. "$(dirname "$0")/lib.sh"

H='OFPT_FLOW_MOD (OF1.3) (xid=0x1):'

# --- parse-flow: the text ovs-ofctl -O OpenFlow13 parse-flow prints. ------
expect_output "$H ADD priority=10,in_port=1 actions=output:2" \
    parse-flow 'priority=10,in_port=1,actions=output:2'
expect_output "$H ADD table:1 priority=10,in_port=1 actions=output:2" \
    parse-flow 'table=1,priority=10,in_port=1,actions=output:2'
expect_output "$H ADD tcp,nw_src=10.0.0.0/8,tp_dst=80 cookie:0x5 idle:10 hard:20 send_flow_rem actions=set_field:1.2.3.4->ip_dst,output:3" \
    parse-flow 'tcp,nw_src=10.0.0.0/8,tp_dst=80,idle_timeout=10,hard_timeout=20,cookie=0x5,send_flow_rem,actions=set_field:1.2.3.4->ip_dst,output:3'
expect_output "$H ADD actions=drop" parse-flow 'actions=drop'
expect_output "$H ADD in_port=1 actions=meter:1,write_actions(output:2),goto_table:3" \
    parse-flow 'in_port=1,actions=meter:1,write_actions(output:2),goto_table:3'
expect_output "$H ADD priority=0 actions=CONTROLLER:65535" \
    parse-flow 'priority=0,actions=CONTROLLER:65535'
# Options may come before the command, and -O OpenFlow13 is accepted.
expect_output "$H ADD actions=drop" -O OpenFlow13 parse-flow 'actions=drop'

# --- parse-flow --hex: the last line is the message, lowercase hex. ------
flow='priority=10,in_port=1,actions=output:2'
run_ofctl parse-flow --hex "$flow"
check_equal "parse-flow --hex exit status" 0 "$rc"
check_equal "parse-flow --hex line count" 2 "$(wc -l <"$cli_out")"
check_equal "parse-flow --hex text line" \
    "$H ADD priority=10,in_port=1 actions=output:2" "$(head -n 1 "$cli_out")"
hex=$(tail -n 1 "$cli_out")
case $hex in
    *[!0-9a-f]* | '') fail "parse-flow --hex: last line is not hex: $hex" ;;
    *) pass ;;
esac
# The exact bytes: header (FLOW_MOD, length 88, xid 1), cookie and mask,
# table 0, ADD, no timeouts, priority 10, NO_BUFFER, out_port/out_group
# ANY, no flags; match in_port=1; apply_actions(output:2).
check_equal "parse-flow --hex bytes" \
    "040e005800000001\
0000000000000000\
0000000000000000\
000000000000000a\
ffffffffffffffffffffffff00000000\
0001000c800000040000000100000000\
000400180000000000000010000000020000000000000000" "$hex"
# --hex may also follow the flow.
run_ofctl parse-flow "$flow" --hex
check_equal "parse-flow FLOW --hex" "$hex" "$(tail -n 1 "$cli_out")"

# --- Round trip: ofp-print of the hex gives back the same flow. ----------
for flow in \
    'priority=10,in_port=1,actions=output:2' \
    'table=3,priority=100,ip,nw_src=10.0.0.0/8,nw_dst=192.168.1.1,actions=dec_ttl,output:LOCAL' \
    'udp,tp_dst=53,idle_timeout=5,actions=group:7' \
    'arp,arp_tpa=10.0.0.1,actions=FLOOD' \
    'dl_src=00:11:22:33:44:55,dl_dst=01:00:00:00:00:00/01:00:00:00:00:00,actions=write_metadata:0x1/0xff,goto_table:2' \
    'cookie=0x123456789abcdef,priority=65535,hard_timeout=100,check_overlap,actions=clear_actions' \
    'actions=drop'
do
    run_ofctl parse-flow --hex "$flow"
    if [ "$rc" -ne 0 ]; then
        fail "parse-flow --hex $flow: exit status $rc"
        cat "$cli_err" >&2
        continue
    fi
    text=$(head -n 1 "$cli_out")
    hex=$(tail -n 1 "$cli_out")
    expect_output "$text" ofp-print "$hex"
done

# --- ofp-print: hex syntax. ----------------------------------------------
FR='OFPT_FEATURES_REQUEST (OF1.3) (xid=0x3):'
expect_output "$FR" ofp-print '04 05 00 08 00 00 00 03'
expect_output "$FR" ofp-print 04 05 00 08 00 00 00 03
expect_output "$FR" ofp-print '0405 0008' '00000003'
expect_output "$FR" ofp-print "$(printf '04050008\n\t00000003\n')"
expect_output "$FR" ofp-print 0405000800000003
expect_output 'OFPT_BARRIER_REPLY (OF1.3) (xid=0xabcdef):' \
    ofp-print 04150008 00ABCDEF
# Several messages back to back.
expect_output "$FR
OFPT_ECHO_REQUEST (OF1.3) (xid=0x4): 2 bytes of payload
00000000  68 69                                           |hi              |" \
    ofp-print '04 05 00 08 00 00 00 03  04 02 00 0a 00 00 00 04 68 69'
expect_output 'OFPT_HELLO (OF1.3) (xid=0x1):
 version bitmap: 0x01, 0x04' ofp-print 04000010000000010001000800000012

# --- ofp-print: bad hex and messages that do not decode. -----------------
expect_failure 1 'invalid hex digit' ofp-print 04050008000000zz
expect_failure 1 'odd number of hex digits' ofp-print 040500080000000
expect_failure 1 'no hex digits' ofp-print ''
expect_failure 1 'no hex digits' ofp-print ' '
expect_failure 1 'failed to decode' ofp-print 04050008000000030405
expect_failure 1 '1 message failed to decode' ofp-print 0405000a000000030000
grep -q 'OFPT_FEATURES_REQUEST (OF1.3) (xid=0x3): \*\*\*decode error: OFPBRC_BAD_LEN\*\*\*' "$cli_out" \
    && pass || fail "ofp-print: decode error not shown on stdout"
expect_failure 1 'failed to decode' ofp-print 04630008 00000001
grep -q 'OFPBRC_BAD_TYPE' "$cli_out" && pass \
    || fail "ofp-print: OFPBRC_BAD_TYPE not shown"
# A decode error does not stop the messages after it.
expect_failure 1 '1 message failed to decode' \
    ofp-print 0405000a000000030000 0414000800000004
grep -q '^OFPT_BARRIER_REQUEST (OF1.3) (xid=0x4):$' "$cli_out" && pass \
    || fail "ofp-print: message after a decode error not printed"
expect_failure 1 'failed to decode' ofp-print 040e0050000000020000
grep -q 'truncated' "$cli_out" && pass \
    || fail "ofp-print: truncated message not reported"

# --- parse-flow: bad flows. ----------------------------------------------
expect_failure 1 'foo' parse-flow 'foo=1,actions=drop'
expect_failure 1 'ofctl: ' parse-flow 'in_port=1,actions=output:bogus'
expect_failure 1 'ofctl: ' parse-flow 'tp_dst=80,actions=drop'
expect_failure 1 'ofctl: ' parse-flow 'priority=99999,actions=drop'
test -s "$cli_out" && fail "parse-flow: output despite a bad flow" || pass

# --- Command-line errors: exit status 2 and a message. -------------------
expect_failure 2 'missing command' 
expect_failure 2 "unknown command .frobnicate" frobnicate
expect_failure 2 'parse-flow: missing argument' parse-flow
expect_failure 2 'parse-flow: too many arguments' parse-flow a b
expect_failure 2 'ofp-print: missing argument' ofp-print
expect_failure 2 "unknown option .--bogus" --bogus parse-flow actions=drop
expect_failure 2 "unknown option .-z" -z parse-flow actions=drop
expect_failure 2 'requires an argument' parse-flow actions=drop -O
expect_failure 2 'unknown protocol' -O OpenFlow99 parse-flow actions=drop
expect_failure 2 'only OpenFlow13' -O OpenFlow10 parse-flow actions=drop
expect_failure 2 'timeout' -t abc parse-flow actions=drop
expect_failure 2 'timeout' --timeout=0 parse-flow actions=drop
expect_failure 2 'hex' --hex ofp-print 0405000800000003
# Options that later commands use are accepted now.
expect_output "$H ADD actions=drop" --strict -t 5 --json parse-flow actions=drop

# --- Help and version. ---------------------------------------------------
for opt in --help -h help; do
    run_ofctl $opt
    check_equal "ofctl $opt exit status" 0 "$rc"
    grep -q '^  parse-flow \[--hex\] FLOW ' "$cli_out" && pass \
        || fail "ofctl $opt: parse-flow missing from usage"
    grep -q '^  ofp-print HEX\.\.\. ' "$cli_out" && pass \
        || fail "ofctl $opt: ofp-print missing from usage"
done
run_ofctl --version
check_equal "ofctl --version exit status" 0 "$rc"
grep -q '^ofctl (ofswitch) ' "$cli_out" && pass || fail "ofctl --version"

cli_finish
