#!/bin/sh
# tests/cross/ovs-ofp-print.sh -- bytes made by ofp13 must make sense to
# Open vSwitch (`ovs-ofctl`, package openvswitch-common), an implementation
# nobody here wrote.
#
# 1. Every message type and every multipart request and reply type, built
#    with the ofp13 model API by gen-ofp13-vectors, goes through
#    `ovs-ofctl ofp-print HEX`.  ovs-ofctl exits 0 even when it cannot
#    decode, so its output is checked: it must not contain "decode error"
#    or "***" (OVS's marker for anything it could not make sense of, e.g.
#    "***truncated***" or "***decode error***"), and its first line must
#    name the message type we built.
# 2. Each "flow TEXT" line of ovs-flows.txt is parsed by ofp_flow_mod_parse
#    and encoded by ofp13 (gen-ofp13-vectors --text); OVS's description of
#    those bytes (ofp-print) must equal its description of the FLOW_MOD it
#    makes itself from the same text (`ovs-ofctl -O OpenFlow13 parse-flow
#    TEXT`).  Both descriptions come from OVS's printer, so the comparison
#    needs no normalisation beyond taking the OFPT_FLOW_MOD line (parse-flow
#    first prints "usable protocols" and "chosen protocol" lines) and
#    dropping OVS's log lines (stderr).  Both messages use xid 1.
# 3. Each "group TEXT" / "meter TEXT" line is parsed by ofp_group_mod_parse /
#    ofp_meter_mod_parse and encoded; OVS has no offline parser for those,
#    so its description must decode cleanly and carry the group id and type
#    and the same number of buckets (the meter id and number of bands).
#
# Exits 77 (skip) only when ovs-ofctl is not installed.
: "${top_srcdir:=.}"
: "${top_builddir:=.}"
if ! command -v ovs-ofctl > /dev/null 2>&1; then
    echo "SKIP: ovs-ofctl not found (apt-get install openvswitch-common)"
    exit 77
fi
gen=$top_builddir/tests/cross/gen-ofp13-vectors
flows=$top_srcdir/tests/cross/ovs-flows.txt
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
pass=0
tab=$(printf '\t')

bad() {
    echo "FAIL: $1"
    shift
    for f in "$@"; do
        sed 's/^/    /' "$f"
    done
    fail=$((fail + 1))
}

# --- 1. Every message type. ---------------------------------------------
"$gen" > "$tmp/vectors" || { echo "FAIL: gen-ofp13-vectors"; exit 1; }
while IFS="$tab" read -r name hex; do
    ovs-ofctl ofp-print "$hex" > "$tmp/out" 2> "$tmp/err"
    if grep -q -e 'decode error' -e '\*\*\*' "$tmp/out" ||
       ! head -n 1 "$tmp/out" | grep -q -F "$name"; then
        echo "$hex" > "$tmp/hex"
        bad "$name: ovs-ofctl ofp-print does not decode our bytes" \
            "$tmp/hex" "$tmp/out" "$tmp/err"
    else
        pass=$((pass + 1))
    fi
done < "$tmp/vectors"
# Every OFPT type (0..29) must have been covered: count distinct type bytes.
types=$(cut -f2 "$tmp/vectors" | cut -c3-4 | sort -u | wc -l)
if [ "$types" -ne 30 ]; then
    echo "FAIL: gen-ofp13-vectors covers $types message types, not 30"
    fail=$((fail + 1))
fi

# --- 2 and 3. Flows, groups and meters from text. ------------------------
"$gen" --text "$flows" > "$tmp/text" || { echo "FAIL: gen-ofp13-vectors --text"; exit 1; }
while read -r kind hex text; do
    case $kind in
    error)
        echo "FAIL: ofp13 does not parse a flow that ovs-ofctl accepts: $hex $text"
        fail=$((fail + 1))
        continue
        ;;
    esac
    ovs-ofctl ofp-print "$hex" > "$tmp/ours" 2> "$tmp/err"
    if grep -q -e 'decode error' -e '\*\*\*' "$tmp/ours"; then
        echo "$text" > "$tmp/text1"
        bad "$kind '$text': ovs-ofctl ofp-print does not decode our bytes" \
            "$tmp/text1" "$tmp/ours" "$tmp/err"
        continue
    fi
    case $kind in
    flow)
        ovs-ofctl -O OpenFlow13 parse-flow "$text" 2> "$tmp/err2" |
            grep '^OFPT_FLOW_MOD' > "$tmp/theirs"
        grep '^OFPT_FLOW_MOD' "$tmp/ours" > "$tmp/ours1"
        if ! [ -s "$tmp/theirs" ]; then
            bad "flow '$text': ovs-ofctl parse-flow rejects it" "$tmp/err2"
        elif ! cmp -s "$tmp/ours1" "$tmp/theirs"; then
            echo "$hex" > "$tmp/hex"
            bad "flow '$text': ofp13's FLOW_MOD differs from ovs-ofctl's
    ours (ovs-ofctl ofp-print of ofp13's bytes), theirs (parse-flow):" \
                "$tmp/ours1" "$tmp/theirs" "$tmp/hex"
        else
            pass=$((pass + 1))
        fi
        ;;
    group)
        id=$(echo "$text" | sed -n 's/.*group_id=\([0-9]*\).*/\1/p')
        type=$(echo "$text" | sed -n 's/.*type=\([a-z]*\).*/\1/p')
        nb=$(echo "$text" | grep -o 'bucket=' | wc -l)
        gotb=$(grep -o 'bucket=' "$tmp/ours" | wc -l)
        if ! grep -q "^OFPT_GROUP_MOD" "$tmp/ours" ||
           ! grep -q "group_id=$id,type=$type" "$tmp/ours" ||
           [ "$nb" -ne "$gotb" ]; then
            echo "$text" > "$tmp/text1"
            bad "group '$text': OVS reads something else" "$tmp/text1" \
                "$tmp/ours"
        else
            pass=$((pass + 1))
        fi
        ;;
    meter)
        id=$(echo "$text" | sed -n 's/.*meter=\([0-9]*\).*/\1/p')
        nb=$(echo "$text" | grep -o 'type=' | wc -l)
        gotb=$(grep -o 'type=' "$tmp/ours" | wc -l)
        if ! grep -q "^OFPT_METER_MOD" "$tmp/ours" ||
           ! grep -q "meter=$id" "$tmp/ours" || [ "$nb" -ne "$gotb" ]; then
            echo "$text" > "$tmp/text1"
            bad "meter '$text': OVS reads something else" "$tmp/text1" \
                "$tmp/ours"
        else
            pass=$((pass + 1))
        fi
        ;;
    *)
        echo "FAIL: unexpected line from gen-ofp13-vectors: $kind"
        fail=$((fail + 1))
        ;;
    esac
done < "$tmp/text"

echo "ovs-ofp-print: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
