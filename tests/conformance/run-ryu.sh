#!/bin/bash
# tests/conformance/run-ryu.sh -- run Ryu's OpenFlow Switch Test Tool (as
# shipped in Debian's python3-os-ken) against ofswitchd.
#
#   run-ryu.sh --switch PATH/ofswitchd [--cases DIR] [--version 13|10]
#              [--only REGEX] [--workdir DIR] [--timeout SECONDS]
#
# Everything runs inside a private network namespace created here:
#   - three veth pairs s1-t1, s2-t2, s3-t3;
#   - Open vSwitch from Debian as the tester switch (datapath id 2), in
#     userspace mode (datapath_type=netdev) with its own ovsdb-server and
#     ovs-vswitchd, private database, pid and socket files -- never the
#     system service -- on ports t1, t2, t3 = OpenFlow 1, 2, 3;
#   - ofswitchd as the target (datapath id 1) on afpacket:s1@1, s2@2, s3@3;
#   - osken-manager running the tester (tests/conformance/ofs_tester.py:
#     the stock tester with its Python 3 SCTP checksum bug fixed) as the
#     controller of both on 127.0.0.1:6653 inside the namespace.
# The namespace and every process are removed on exit, even when
# interrupted.  Prints per-file and total pass counts with the reason of
# every failure; exits 0 only if every case passed.
set -u

here=$(cd "$(dirname "$0")" && pwd)
switch=
cases=
version=13
only=
workdir=
timeout=5400

usage() {
    sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

while [ $# -gt 0 ]; do
    case "$1" in
    --switch) switch=$2; shift 2 ;;
    --cases) cases=$2; shift 2 ;;
    --version) version=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
    --workdir) workdir=$2; shift 2 ;;
    --timeout) timeout=$2; shift 2 ;;
    -h | --help) usage ;;
    *) echo "run-ryu.sh: unknown argument \`$1'" >&2; usage ;;
    esac
done

[ -n "$switch" ] || { echo "run-ryu.sh: --switch is required" >&2; exit 2; }
[ -x "$switch" ] || { echo "run-ryu.sh: $switch is not executable" >&2; exit 2; }
switch=$(cd "$(dirname "$switch")" && pwd)/$(basename "$switch")
case "$version" in
13) target_version=openflow13; protocols=OpenFlow13 ;;
10) target_version=openflow10; protocols=OpenFlow10 ;;
*) echo "run-ryu.sh: --version is 13 or 10" >&2; exit 2 ;;
esac
if [ -z "$cases" ]; then
    cases=$here/../../../shared/conformance/ryu-of$version
fi
if [ ! -d "$cases" ]; then
    echo "run-ryu.sh: FAIL: no test case directory $cases" >&2
    exit 1
fi
cases=$(cd "$cases" && pwd)

for tool in ip ovsdb-server ovs-vswitchd ovs-vsctl ovsdb-tool /usr/bin/osken-manager; do
    command -v "$tool" >/dev/null || {
        echo "run-ryu.sh: FAIL: $tool is not installed" >&2
        exit 1
    }
done
[ "$(id -u)" = 0 ] || { echo "run-ryu.sh: FAIL: needs root (network namespaces)" >&2; exit 1; }

ns=ofsryu$$
[ -n "$workdir" ] || workdir=$(mktemp -d /tmp/ofs-ryu.XXXXXX)
mkdir -p "$workdir"
workdir=$(cd "$workdir" && pwd)
pids=

cleanup() {
    trap - EXIT INT TERM
    for p in $pids; do kill "$p" 2>/dev/null; done
    for f in "$workdir"/ovs/*.pid "$workdir/ofswitchd.pid"; do
        [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null
    done
    # Give them up to 3 s to exit cleanly (ofswitchd removes its taps).
    for _ in $(seq 30); do
        [ -f "$workdir/ofswitchd.pid" ] &&
            kill -0 "$(cat "$workdir/ofswitchd.pid")" 2>/dev/null || break
        sleep 0.1
    done
    for p in $pids; do kill -9 "$p" 2>/dev/null; done
    for f in "$workdir"/ovs/*.pid "$workdir/ofswitchd.pid"; do
        [ -f "$f" ] && kill -9 "$(cat "$f")" 2>/dev/null
    done
    # Anything else still inside the namespace.
    for p in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$p" 2>/dev/null; done
    ip netns del "$ns" 2>/dev/null
}
trap cleanup EXIT
trap 'echo "run-ryu.sh: interrupted" >&2; exit 130' INT TERM

inns() { ip netns exec "$ns" "$@"; }

# --- The cases. ------------------------------------------------------------
# Stage the selected case files in a private directory: --only filters
# them, and the tester keys files by their description, so two files that
# share one would silently shadow each other; such files run separately.
stage=$workdir/cases
rm -rf "$stage"
mkdir -p "$stage"
n_files=0
while IFS= read -r f; do
    rel=${f#"$cases"/}
    if [ -n "$only" ] && ! printf '%s\n' "$rel" | grep -Eq -- "$only"; then
        continue
    fi
    mkdir -p "$stage/$(dirname "$rel")"
    cp "$f" "$stage/$rel"
    n_files=$((n_files + 1))
done < <(find "$cases" -name '*.json' | sort)
if [ "$n_files" -eq 0 ]; then
    echo "run-ryu.sh: FAIL: no test cases (*.json) in $cases${only:+ matching $only}" >&2
    exit 1
fi
# Batches: files whose description repeats go into later batches.
python3 - "$stage" <<'EOF'
import json, os, shutil, sys
stage = sys.argv[1]
seen = {}
for root, _, files in sorted(os.walk(stage)):
    for name in sorted(files):
        path = os.path.join(root, name)
        with open(path) as f:
            desc = json.load(f)[0]
        n = seen.get(desc, 0)
        seen[desc] = n + 1
        if n:
            dst = os.path.join(stage + ".batch%d" % n,
                               os.path.relpath(path, stage))
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            shutil.move(path, dst)
EOF
echo "run-ryu.sh: $n_files case files from $cases (workdir $workdir)"

# --- The namespace and its links. ------------------------------------------
ip netns add "$ns" || exit 1
inns ip link set lo up
for i in 1 2 3; do
    inns ip link add "s$i" type veth peer name "t$i"
    for dev in "s$i" "t$i"; do
        inns ip link set "$dev" up
        inns sysctl -qw "net.ipv6.conf.$dev.disable_ipv6=1"
        inns ethtool -K "$dev" tx off rx off tso off gso off gro off >/dev/null 2>&1
    done
done

# --- The tester switch: Open vSwitch, userspace datapath. -----------------
ovsdir=$workdir/ovs
rm -rf "$ovsdir"
mkdir -p "$ovsdir"
export OVS_RUNDIR=$ovsdir OVS_LOGDIR=$ovsdir OVS_DBDIR=$ovsdir OVS_SYSCONFDIR=$ovsdir
db=unix:$ovsdir/db.sock
ovsdb-tool create "$ovsdir/conf.db" /usr/share/openvswitch/vswitch.ovsschema || exit 1
inns ovsdb-server "$ovsdir/conf.db" --remote="punix:$ovsdir/db.sock" \
    --pidfile="$ovsdir/ovsdb-server.pid" --detach --no-chdir \
    --log-file="$ovsdir/ovsdb-server.log" || exit 1
vsctl() { inns ovs-vsctl --db="$db" --timeout=30 "$@"; }
vsctl --no-wait init || exit 1
vsctl --no-wait set Open_vSwitch . other_config:flow-limit=0
inns ovs-vswitchd "$db" --pidfile="$ovsdir/ovs-vswitchd.pid" --detach \
    --no-chdir --log-file="$ovsdir/ovs-vswitchd.log" || exit 1
vsctl add-br br0 -- set bridge br0 datapath_type=netdev \
    protocols=OpenFlow13 fail_mode=secure \
    other_config:datapath-id=0000000000000002 \
    -- add-port br0 t1 -- set interface t1 ofport_request=1 \
    -- add-port br0 t2 -- set interface t2 ofport_request=2 \
    -- add-port br0 t3 -- set interface t3 ofport_request=3 || exit 1
vsctl set-controller br0 tcp:127.0.0.1:6653
vsctl set controller br0 connection-mode=out-of-band

# --- The target: ofswitchd. ------------------------------------------------
ip netns exec "$ns" "$switch" --name ofsryu --datapath-id 0000000000000001 \
    --port afpacket:s1@1 --port afpacket:s2@2 --port afpacket:s3@3 \
    --controller tcp:127.0.0.1:6653 --protocols "$protocols" \
    --run-dir "$workdir" --log-file "$workdir/ofswitchd.log" \
    --pidfile "$workdir/ofswitchd.pid" &
pids="$pids $!"
sleep 0.5
kill -0 "$!" 2>/dev/null || {
    echo "run-ryu.sh: FAIL: ofswitchd did not start:" >&2
    tail -n 20 "$workdir/ofswitchd.log" >&2
    exit 1
}

# --- The tester, once per batch. -------------------------------------------
status=0
: >"$workdir/tester.log"
start=$(date +%s)
for dir in "$stage" "$stage".batch*; do
    [ -d "$dir" ] || continue
    log=$workdir/tester-$(basename "$dir").log
    PYTHONPATH=$here${PYTHONPATH:+:$PYTHONPATH} timeout "$timeout" \
        ip netns exec "$ns" /usr/bin/python3 /usr/bin/osken-manager \
        --ofp-listen-host 127.0.0.1 --ofp-tcp-listen-port 6653 \
        --test-switch-dir "$dir" \
        --test-switch-target 0000000000000001 \
        --test-switch-tester 0000000000000002 \
        --test-switch-target-version "$target_version" \
        --test-switch-tester-version openflow13 \
        ofs_tester >"$log" 2>&1
    cat "$log" >>"$workdir/tester.log"
done

# --- Throughput cases the tester could not load: run their files once more.
python3 "$here/summarize.py" "$workdir/tester.log" \
    --starved "$workdir/starved.txt" >/dev/null
retry_logs=
if [ -s "$workdir/starved.txt" ]; then
    echo "run-ryu.sh: the tester could not offer its load in some throughput"
    echo "run-ryu.sh: cases (see OFFERED in the log); running these once more:"
    sed 's/^/    /' "$workdir/starved.txt"
    retry=$workdir/retry
    rm -rf "$retry"
    mkdir -p "$retry"
    python3 - "$stage" "$retry" "$workdir/starved.txt" <<'PYEOF'
import json, os, shutil, sys
stage, retry, listing = sys.argv[1:]
want = set(open(listing).read().splitlines())
for root, _, files in os.walk(os.path.dirname(stage)):
    if not os.path.basename(root).startswith(os.path.basename(stage)) \
            and not root.startswith(stage):
        continue
    for name in files:
        path = os.path.join(root, name)
        if name.endswith(".json") and json.load(open(path))[0] in want:
            shutil.copy(path, os.path.join(retry, name))
PYEOF
    log=$workdir/tester-retry.log
    PYTHONPATH=$here${PYTHONPATH:+:$PYTHONPATH} timeout "$timeout" \
        ip netns exec "$ns" /usr/bin/python3 /usr/bin/osken-manager \
        --ofp-listen-host 127.0.0.1 --ofp-tcp-listen-port 6653 \
        --test-switch-dir "$retry" \
        --test-switch-target 0000000000000001 \
        --test-switch-tester 0000000000000002 \
        --test-switch-target-version "$target_version" \
        --test-switch-tester-version openflow13 \
        ofs_tester >"$log" 2>&1
    retry_logs=$log
fi
elapsed=$(($(date +%s) - start))

echo "run-ryu.sh: tester finished in ${elapsed}s; summary:"
python3 "$here/summarize.py" "$workdir/tester.log" $retry_logs \
    --json "$workdir/results.json" --expect-files "$n_files"
status=$?
if [ $status -ne 0 ]; then
    echo "run-ryu.sh: logs in $workdir (tester.log, ofswitchd.log, ovs/)"
fi
exit $status
