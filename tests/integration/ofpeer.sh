# tests/integration/ofpeer.sh -- shell side of the raw OpenFlow peer
# (ofpeer.py) for the protocol-level integration tests.  Source it after
# lib.sh and itest_init.
#
#   peer - <<'EOF'          # run a Python test body with ofpeer importable
#   port=$(peer_free_port)  # a free TCP port on 127.0.0.1
#   peer_stop_switch        # SIGTERM ofswitchd; fail unless it exits 0

PEER_DIR=$(cd "${top_srcdir:-.}/tests/integration" && pwd)

# peer ARGS...: Debian's python3 (it has os_ken) with ofpeer.py importable
# (and no __pycache__ written into the source tree).
peer() {
    PYTHONDONTWRITEBYTECODE=1 PYTHONPATH="$PEER_DIR${PYTHONPATH:+:$PYTHONPATH}" \
        /usr/bin/python3 "$@"
}

peer_free_port() {
    /usr/bin/python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

# peer_stop_switch: stops the switch started by itest_switch with SIGTERM
# and fails the test unless it exits with status 0 within 10 s (a
# sanitizer report, a leak or a crash gives another status).
peer_stop_switch() {
    local i rc
    kill -TERM "$ITEST_SW_PID" 2>/dev/null || itest_fail "ofswitchd is not running"
    for i in $(seq 100); do
        kill -0 "$ITEST_SW_PID" 2>/dev/null || break
        sleep 0.1
    done
    kill -0 "$ITEST_SW_PID" 2>/dev/null && itest_fail "ofswitchd ignored SIGTERM for 10 s"
    wait "$ITEST_SW_PID"
    rc=$?
    [ "$rc" = 0 ] || itest_fail "ofswitchd exited with status $rc"
}

peer_setup() {
    command -v /usr/bin/python3 >/dev/null &&
        /usr/bin/python3 -c 'import os_ken.ofproto.ofproto_v1_3_parser' 2>/dev/null ||
        { echo "$ITEST_NAME: SKIP: /usr/bin/python3 with os_ken is needed"; exit 77; }
}
peer_setup
