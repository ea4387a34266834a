# tests/integration/lib.sh -- shared by the integration tests: network
# namespaces joined to ofswitchd by veth pairs or taps, process management,
# and cleanup that runs even when a test is interrupted.  Every name made
# here carries the test's own prefix so tests never touch anything else.
#
# Usage (in a test script):
#   . "$top_srcdir/tests/integration/lib.sh"
#   itest_init NAME        # prefix, work dir, traps; skips unless root
#   itest_host h1 10.0.0.1 # netns "PREFIX-h1" with veth "PREFIX1" <-> eth0
#   itest_switch ARGS...   # start ofswitchd (in the background)
#   itest_fail "message"   # fail the test now

set -u

ITEST_PIDS=
ITEST_NETNS=
ITEST_LINKS=
ITEST_N=0

itest_log() { printf '%s: %s\n' "$ITEST_NAME" "$*" >&2; }

itest_fail() {
    itest_log "FAIL: $*"
    if [ -n "${ITEST_DIR:-}" ] && [ -f "$ITEST_DIR/ofswitchd.log" ]; then
        echo "--- ofswitchd.log (last 40 lines)" >&2
        tail -n 40 "$ITEST_DIR/ofswitchd.log" >&2
    fi
    # Inside $(...) this only ends the subshell: tell the test too.
    [ -n "${ITEST_TOP_PID:-}" ] && kill -TERM "$ITEST_TOP_PID" 2>/dev/null
    exit 1
}

itest_cleanup() {
    trap - EXIT INT TERM
    local p i
    for p in $ITEST_PIDS; do kill "$p" 2>/dev/null; done
    for i in $(seq 30); do
        alive=
        for p in $ITEST_PIDS; do kill -0 "$p" 2>/dev/null && alive=1; done
        [ -z "$alive" ] && break
        sleep 0.1
    done
    for p in $ITEST_PIDS; do kill -9 "$p" 2>/dev/null; done
    # Namespaces made in $(...) subshells are not in ITEST_NETNS: find them
    # by the test's prefix.
    for ns in $ITEST_NETNS $(ip netns list 2>/dev/null | awk '{print $1}' |
        grep "^$ITEST_PFX-"); do
        # Kill anything still running inside (servers started there).
        for p in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$p" 2>/dev/null; done
        ip netns del "$ns" 2>/dev/null
    done
    for l in $ITEST_LINKS $(ip -o link show 2>/dev/null |
        awk -F': ' '{print $2}' | sed 's/@.*//' | grep "^$ITEST_PFX"); do
        ip link del "$l" 2>/dev/null
    done
    [ -n "${ITEST_DIR:-}" ] && [ -z "${ITEST_KEEP:-}" ] && rm -rf "$ITEST_DIR"
}

itest_init() {
    ITEST_NAME=$1
    if [ -n "${OFS_SKIP_INTEGRATION:-}" ]; then
        echo "$ITEST_NAME: SKIP: OFS_SKIP_INTEGRATION is set"
        exit 77
    fi
    if [ "$(id -u)" != 0 ]; then
        echo "$ITEST_NAME: SKIP: needs root"
        exit 77
    fi
    : "${top_builddir:=.}"
    : "${top_srcdir:=.}"
    OFSWITCHD=$(cd "$top_builddir" && pwd)/src/ofswitchd
    OFCTL=$(cd "$top_builddir" && pwd)/tools/ofctl
    [ -x "$OFSWITCHD" ] || itest_fail "no $OFSWITCHD"
    # Short, unique prefix: interface names are at most 15 bytes.
    ITEST_PFX=it$(printf '%04x' $(($$ % 65536)))
    ITEST_DIR=$(mktemp -d "/tmp/ofs-$ITEST_NAME.XXXXXX")
    ITEST_TOP_PID=$$
    trap itest_cleanup EXIT
    trap 'itest_log "interrupted or failed"; exit 1' INT TERM
}

# itest_ns NAME: creates namespace PREFIX-NAME with loopback up.
itest_ns() {
    local ns=$ITEST_PFX-$1
    ip netns add "$ns" || itest_fail "ip netns add $ns"
    ITEST_NETNS="$ITEST_NETNS $ns"
    ip -n "$ns" link set lo up
    echo "$ns"
}

# itest_host NAME IP [MAC]: a host namespace with eth0 = IP/24, joined to
# the root namespace by a veth whose root end is printed (for
# --port afpacket:...).  Offloads are left as the kernel sets them unless
# ITEST_OFFLOADS=off.
itest_host() {
    local name=$1 ip=$2 mac=${3:-}
    local ns
    ns=$(itest_ns "$name")
    local root=${ITEST_PFX}$name
    ip link add "$root" type veth peer name eth0 netns "$ns" || itest_fail "veth"
    ITEST_LINKS="$ITEST_LINKS $root"
    [ -n "$mac" ] && ip -n "$ns" link set eth0 address "$mac"
    ip -n "$ns" addr add "$ip/24" dev eth0
    ip -n "$ns" link set eth0 up
    ip link set "$root" up
    sysctl -qw "net.ipv6.conf.$root.disable_ipv6=1"
    if [ "${ITEST_OFFLOADS:-on}" = off ]; then
        ip netns exec "$ns" ethtool -K eth0 tx off tso off gso off gro off >/dev/null 2>&1
        ethtool -K "$root" tx off tso off gso off gro off >/dev/null 2>&1
    fi
    echo "$root"
}

# itest_tap_host NAME IP TAP: a host namespace whose eth0 is tap device
# TAP, created by ofswitchd (--port tap:TAP), moved into the namespace once
# it exists.
itest_tap_host() {
    local name=$1 ip=$2 tap=$3 ns i
    ns=$ITEST_PFX-$name
    ip netns add "$ns" || itest_fail "ip netns add $ns"
    ITEST_NETNS="$ITEST_NETNS $ns"
    ip -n "$ns" link set lo up
    for i in $(seq 50); do
        ip link show "$tap" >/dev/null 2>&1 && break
        sleep 0.1
    done
    ip link set "$tap" netns "$ns" || itest_fail "move $tap into $ns"
    ip -n "$ns" addr add "$ip/24" dev "$tap"
    ip -n "$ns" link set "$tap" up
}

# itest_switch ARGS...: starts ofswitchd with a private run dir and log;
# waits until its control socket exists.
itest_switch() {
    local name=${ITEST_SW_NAME:-${ITEST_PFX}s}
    "$OFSWITCHD" --name "$name" --run-dir "$ITEST_DIR" \
        --log-file "$ITEST_DIR/ofswitchd.log" "$@" &
    ITEST_SW_PID=$!
    ITEST_PIDS="$ITEST_PIDS $ITEST_SW_PID"
    local i
    for i in $(seq 100); do
        [ -S "$ITEST_DIR/$name.sock" ] && return 0
        kill -0 "$ITEST_SW_PID" 2>/dev/null || itest_fail "ofswitchd exited"
        sleep 0.05
    done
    itest_fail "ofswitchd did not create its control socket"
}

# itest_bg CMD...: runs CMD in the background, killed at cleanup.
itest_bg() {
    "$@" &
    ITEST_PIDS="$ITEST_PIDS $!"
}

# itest_ping NS IP [COUNT]: pings from namespace NS; true on success.
itest_ping() {
    ip netns exec "$ITEST_PFX-$1" ping -c "${3:-3}" -i 0.2 -W 1 "$2" >/dev/null 2>&1
}

# itest_wait_ping NS IP: pings until it works, up to 10 s.
itest_wait_ping() {
    local i
    for i in $(seq 20); do
        itest_ping "$1" "$2" 1 && return 0
        sleep 0.5
    done
    return 1
}
