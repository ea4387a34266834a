# tests/cli/switch-lib.sh -- helpers for the shell tests that drive a live
# switch with ofctl: checks that count passes and failures, a private
# network namespace, a private Open vSwitch (its own ovsdb-server and
# ovs-vswitchd with their own database, pid, log and socket files under
# the test's directory -- never the system service), and cleanup of every
# process, namespace and file the test made, even when it is interrupted
# or fails.  Sourced, not run.
#
#   swt_init NAME          # work dir, traps, namespace; skips unless root
#   swt_ovs_start [PORT]   # OVS bridge br0 (netdev, OpenFlow13), ports
#                          # p1, p2 (veth, peers q1, q2), ptcp:PORT
#   swt_run ARG...         # ofctl ARG... in the namespace: $out $err $rc
#   swt_ok WHAT ARG...     # swt_run, which must succeed silently on stderr
#   check WHAT EXPECTED ACTUAL, check_grep WHAT PATTERN FILE, pass, fail
#   swt_finish             # totals, exit status
# With SWT_TIMING=1 in the environment each ofctl run reports its time.

set -u

: "${top_builddir:=.}"
: "${top_srcdir:=.}"
OFCTL=$(cd "$top_builddir" && pwd)/tools/ofctl
if [ ! -x "$OFCTL" ]; then
    echo "$0: $OFCTL is not built" >&2
    exit 99
fi

n_pass=0
n_fail=0
SWT_PIDS=
SWT_NS=
SWT_DIR=
SWT_OVS=

fail() {
    echo "FAIL: $*" >&2
    n_fail=$((n_fail + 1))
}

pass() {
    n_pass=$((n_pass + 1))
}

# check WHAT EXPECTED ACTUAL
check() {
    if [ "$2" = "$3" ]; then
        pass
    else
        fail "$1"
        printf '  expected: %s\n  actual:   %s\n' "$2" "$3" >&2
    fi
}

# check_grep WHAT EXTENDED-REGEX FILE
check_grep() {
    if grep -E -q -e "$2" "$3"; then
        pass
    else
        fail "$1: no line matches /$2/ in:"
        sed 's/^/    /' "$3" | head -n 40 >&2
    fi
}

# check_no_grep WHAT EXTENDED-REGEX FILE
check_no_grep() {
    if grep -E -q -e "$2" "$3"; then
        fail "$1: a line matches /$2/ in:"
        sed 's/^/    /' "$3" | head -n 40 >&2
    else
        pass
    fi
}

swt_cleanup() {
    trap - EXIT INT TERM
    local p f i alive
    for p in $SWT_PIDS; do kill "$p" 2>/dev/null; done
    if [ -n "$SWT_OVS" ]; then
        for f in "$SWT_OVS"/*.pid; do
            [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null
        done
    fi
    for i in $(seq 30); do
        alive=
        for p in $SWT_PIDS; do kill -0 "$p" 2>/dev/null && alive=1; done
        [ -z "$alive" ] && break
        sleep 0.1
    done
    for p in $SWT_PIDS; do kill -9 "$p" 2>/dev/null; done
    if [ -n "$SWT_OVS" ]; then
        for f in "$SWT_OVS"/*.pid; do
            [ -f "$f" ] && kill -9 "$(cat "$f")" 2>/dev/null
        done
    fi
    for ns in $SWT_NS; do
        for p in $(ip netns pids "$ns" 2>/dev/null); do
            kill -9 "$p" 2>/dev/null
        done
        ip netns del "$ns" 2>/dev/null
    done
    if [ -n "$SWT_DIR" ] && [ -z "${SWT_KEEP:-}" ]; then
        rm -rf "$SWT_DIR"
    fi
}

# swt_init NAME: a work directory, the cleanup trap and a namespace
# $SWT_NETNS with loopback up.  Skips (77) when not root.
swt_init() {
    SWT_NAME=$1
    if [ "$(id -u)" != 0 ]; then
        echo "$0: SKIP: needs root for network namespaces"
        exit 77
    fi
    SWT_DIR=$(mktemp -d "${TMPDIR:-/tmp}/ofctl-$SWT_NAME.XXXXXX") || exit 99
    trap swt_cleanup EXIT
    trap 'echo "$0: interrupted" >&2; exit 1' INT TERM
    SWT_NETNS=ofct$(printf '%05d' $(($$ % 100000)))
    ip netns add "$SWT_NETNS" || { echo "$0: ip netns add failed" >&2; exit 99; }
    SWT_NS="$SWT_NS $SWT_NETNS"
    ip -n "$SWT_NETNS" link set lo up
    out=$SWT_DIR/stdout
    err=$SWT_DIR/stderr
}

# inns CMD...: runs CMD in the test's namespace.
inns() {
    ip netns exec "$SWT_NETNS" "$@"
}

# swt_run ARG...: runs ofctl in the namespace with stdout in $out, stderr
# in $err and the exit status in $rc.  A sanitizer report always fails.
swt_run() {
    local t0=${SWT_TIMING:+$(date +%s%N)}
    inns "$OFCTL" "$@" >"$out" 2>"$err"
    rc=$?
    if [ -n "${SWT_TIMING:-}" ]; then
        echo "timing: $((($(date +%s%N) - t0) / 1000000)) ms: ofctl $*" >&2
    fi
    if grep -q -e 'Sanitizer' -e 'runtime error' "$err"; then
        fail "sanitizer report from: ofctl $*"
        cat "$err" >&2
    fi
}

# swt_ok WHAT ARG...: ofctl ARG... must exit 0 with nothing on stderr.
swt_ok() {
    local what=$1
    shift
    swt_run "$@"
    if [ "$rc" -ne 0 ]; then
        fail "$what: ofctl $*: exit status $rc"
        sed 's/^/    /' "$err" >&2
        return 1
    elif [ -s "$err" ]; then
        fail "$what: ofctl $*: unexpected stderr"
        sed 's/^/    /' "$err" >&2
        return 1
    fi
    pass
    return 0
}

# swt_fails WHAT STATUS STDERR-REGEX ARG...: ofctl ARG... must exit with
# STATUS and say something matching STDERR-REGEX on stderr.
swt_fails() {
    local what=$1 status=$2 pattern=$3
    shift 3
    swt_run "$@"
    if [ "$rc" -ne "$status" ]; then
        fail "$what: ofctl $*: exit status $rc, expected $status"
        sed 's/^/    /' "$err" >&2
    elif ! grep -E -q -e "$pattern" "$err"; then
        fail "$what: ofctl $*: stderr does not match /$pattern/"
        sed 's/^/    /' "$err" >&2
    else
        pass
    fi
}

# json_check WHAT FILE [PYTHON-EXPR]: FILE must be valid JSON, and the
# Python expression over it ('d') must be true.
json_check() {
    local what=$1 file=$2 expr=${3:-True}
    if /usr/bin/python3 - "$file" "$expr" <<'EOF'; then
import json, sys
with open(sys.argv[1]) as f:
    d = json.load(f)
if not eval(sys.argv[2], {"d": d}):
    print("condition false: %s\n%s" % (sys.argv[2], json.dumps(d)[:2000]),
          file=sys.stderr)
    sys.exit(1)
EOF
        pass
    else
        fail "$what: bad JSON or condition"
    fi
}

# swt_ovs_start: a private Open vSwitch in the namespace, bridge br0
# (userspace datapath, OpenFlow13, secure fail mode, datapath id 0x42)
# with veth ports p1 and p2 (OpenFlow 1 and 2; their peers q1 and q2 stay
# in the namespace) and an OpenFlow listener on 127.0.0.1:6653 -- the
# default port, free in a namespace of our own.  $SWT_SW is the target for
# ofctl.
swt_ovs_start() {
    SWT_OVS=$SWT_DIR/ovs
    mkdir -p "$SWT_OVS"
    export OVS_RUNDIR=$SWT_OVS OVS_LOGDIR=$SWT_OVS OVS_DBDIR=$SWT_OVS \
        OVS_SYSCONFDIR=$SWT_OVS
    SWT_DB=unix:$SWT_OVS/db.sock
    ovsdb-tool create "$SWT_OVS/conf.db" \
        /usr/share/openvswitch/vswitch.ovsschema || return 1
    inns ovsdb-server "$SWT_OVS/conf.db" --remote="punix:$SWT_OVS/db.sock" \
        --pidfile="$SWT_OVS/ovsdb-server.pid" --detach --no-chdir \
        --log-file="$SWT_OVS/ovsdb-server.log" 2>/dev/null || return 1
    swt_vsctl --no-wait init || return 1
    inns ovs-vswitchd "$SWT_DB" --pidfile="$SWT_OVS/ovs-vswitchd.pid" \
        --detach --no-chdir --log-file="$SWT_OVS/ovs-vswitchd.log" \
        2>/dev/null || return 1
    local i
    for i in 1 2; do
        inns ip link add "p$i" type veth peer name "q$i" || return 1
        inns ip link set "p$i" up
        inns ip link set "q$i" up
        inns sysctl -qw "net.ipv6.conf.p$i.disable_ipv6=1" 2>/dev/null
        inns sysctl -qw "net.ipv6.conf.q$i.disable_ipv6=1" 2>/dev/null
    done
    SWT_PORT=6653
    swt_vsctl add-br br0 -- set bridge br0 datapath_type=netdev \
        protocols=OpenFlow13 fail_mode=secure \
        other_config:datapath-id=0000000000000042 \
        -- add-port br0 p1 -- set interface p1 ofport_request=1 \
        -- add-port br0 p2 -- set interface p2 ofport_request=2 || return 1
    swt_vsctl set-controller br0 "ptcp:$SWT_PORT:127.0.0.1" || return 1
    SWT_SW=tcp:127.0.0.1:$SWT_PORT
    for i in $(seq 100); do
        inns ovs-ofctl -O OpenFlow13 probe "$SWT_SW" >/dev/null 2>&1 &&
            return 0
        sleep 0.1
    done
    echo "$0: Open vSwitch does not listen on $SWT_SW" >&2
    return 1
}

swt_vsctl() {
    inns ovs-vsctl --db="$SWT_DB" --timeout=30 "$@"
}

# ovs ARG...: ovs-ofctl -O OpenFlow13 in the namespace.
ovs() {
    inns ovs-ofctl -O OpenFlow13 "$@"
}

# flows_of FILE: the flow lines of dump-flows output without the reply
# headers and the fields that change by themselves (duration), sorted.
flows_of() {
    grep -v '^OFPST_FLOW' "$1" | sed -e 's/ duration=[^,]*,//' \
        -e 's/^ *//' | sort
}

# no_xid: the text with "(xid=0x...)" made uniform.
no_xid() {
    sed 's/(xid=0x[0-9a-f]*)/(xid=X)/'
}

swt_finish() {
    echo "$0: $n_pass passed, $n_fail failed"
    [ "$n_fail" -eq 0 ]
}
