#!/bin/bash
# tests/integration/cmdline.sh -- ofswitchd's command line and life as a
# daemon: every bad option gets a message naming it and a non-zero exit
# before anything starts (no tap device, pid file or control socket left
# behind); --help and --version exit 0; --detach returns only once the
# switch is up, and --pidfile holds its pid (relative paths too); SIGTERM
# removes the taps it created, its control socket and the pid file;
# SIGHUP reopens the log file after it was renamed.
. "${top_srcdir:-.}/tests/integration/lib.sh"
itest_init cmdline
. "${top_srcdir:-.}/tests/integration/ofpeer.sh"

sw=${ITEST_PFX}c
rd=$ITEST_DIR/run
tap1=${ITEST_PFX}x1
tap2=${ITEST_PFX}x2

no_leftovers() {
    local what=$1 l
    for l in "$sw" "$tap1" "$tap2"; do
        ip link show "$l" >/dev/null 2>&1 && itest_fail "$what: $l left behind"
    done
    [ -e "$rd/$sw.sock" ] && itest_fail "$what: control socket left behind"
    [ -e "$ITEST_DIR/pid" ] && itest_fail "$what: pid file left behind"
    pgrep -f -- "--name $sw " >/dev/null && itest_fail "$what: still running"
    return 0
}

# bad WORD ARGS...: ofswitchd ARGS must fail, with WORD in its message.
bad() {
    local word=$1 rc
    shift
    timeout 20 "$OFSWITCHD" --name "$sw" --run-dir "$rd" \
        --pidfile "$ITEST_DIR/pid" "$@" >"$ITEST_DIR/out" 2>"$ITEST_DIR/err"
    rc=$?
    [ "$rc" = 124 ] && itest_fail "$*: did not exit (timeout)"
    [ "$rc" != 0 ] || itest_fail "$*: exit status 0"
    grep -qF -- "$word" "$ITEST_DIR/err" ||
        itest_fail "$*: message does not name \`$word': $(cat "$ITEST_DIR/err")"
    [ "$(wc -l <"$ITEST_DIR/err")" -le 3 ] ||
        itest_fail "$*: more than a short message: $(cat "$ITEST_DIR/err")"
    no_leftovers "$*"
}

bad --bogus --bogus
bad --name --port tap:"$tap1" --name
bad --datapath-id --datapath-id xyz
bad --datapath-id --datapath-id 0x
bad --datapath-id --datapath-id 123
bad --datapath-id --datapath-id 0x12345678901234567
bad --fail-mode --fail-mode open
bad --protocols --protocols OpenFlow99
bad --protocols --protocols ,
bad --tables --tables 0
bad --tables --tables 255
bad --tables --tables -1
bad --max-flows --max-flows lots
bad --queue --port tap:"$tap1" --queue 1
bad --queue --port tap:"$tap1" --queue 1:x
bad --queue --port tap:"$tap1" --queue 1:2:min-rate=abc
bad --queue --port tap:"$tap1" --queue 1:2:speed=3
bad --queue --port tap:"$tap1" --queue 9:1:max-rate=10
bad -v -v loud
bad unexpected --port tap:"$tap1" unexpected
# Ports: unknown kind, missing interface, bad numbers -- also after a good
# port, which must not be left behind.
bad bogus:x --port bogus:x
bad bogus:x --port tap:"$tap1" --port bogus:x
bad "${ITEST_PFX}none" --port tap:"$tap1" --port afpacket:"${ITEST_PFX}none"
bad "${ITEST_PFX}none" --port tap:"$tap1" --port pcap:"${ITEST_PFX}none"
bad "$ITEST_DIR/none.pcap" --port pcap-file:"$ITEST_DIR/none.pcap"
bad --port --port afpacket:
bad --port --port tap:"$tap1"@0
bad "given twice" --port tap:"$tap1" --port tap:"$tap1"
# Connection targets and TLS.
bad "tcp:1234" --listen tcp:1234
bad "ptcp:6653" --controller ptcp:6653
bad "99999" --controller tcp:127.0.0.1:99999
bad "foo:" --controller foo:bar
bad "--ca-cert" --private-key /nonexistent --certificate /nonexistent
bad "--private-key" --controller ssl:127.0.0.1:6653
bad "/nonexistent" --port tap:"$tap1" --controller ssl:127.0.0.1:6653 \
    --private-key /nonexistent --certificate /nonexistent --ca-cert /nonexistent
# A config file: the message has FILE:LINE.
cat >"$ITEST_DIR/good.conf" <<EOF
# comment
fail-mode secure
tables=4
EOF
cat >"$ITEST_DIR/bad.conf" <<EOF
# comment

fail-mode secure
--tables 300
EOF
bad "$ITEST_DIR/bad.conf:4" --config "$ITEST_DIR/bad.conf"
printf 'bogus-option 1\n' >"$ITEST_DIR/bad2.conf"
bad "$ITEST_DIR/bad2.conf:1" --config "$ITEST_DIR/bad2.conf"
bad "$ITEST_DIR/none.conf" --config "$ITEST_DIR/none.conf"
printf 'config %s\n' "$ITEST_DIR/loop.conf" >"$ITEST_DIR/loop.conf"
bad "$ITEST_DIR/loop.conf" --config "$ITEST_DIR/loop.conf"
# Files the daemon cannot write.
bad /nonexistent/dir/sw.log --log-file /nonexistent/dir/sw.log
bad /nonexistent/dir/sw.pid --port tap:"$tap1" --pidfile /nonexistent/dir/sw.pid
itest_log "bad options refused with a message naming them"

# --help and --version.
"$OFSWITCHD" --help >"$ITEST_DIR/out" 2>&1 || itest_fail "--help exit status"
grep -q -- "--controller" "$ITEST_DIR/out" || itest_fail "--help text"
"$OFSWITCHD" --version >"$ITEST_DIR/out" 2>&1 || itest_fail "--version exit status"
grep -qi "ofswitchd" "$ITEST_DIR/out" || itest_fail "--version text"
no_leftovers "--help"

# --detach: returns once the switch is up; relative paths are kept
# relative to where it was started.
port=$(peer_free_port)
(cd "$ITEST_DIR" && timeout 20 "$OFSWITCHD" --detach --name "$sw" \
    --run-dir run --pidfile pid --log-file sw.log \
    --port tap:"$tap1" --port tap:"$tap2" --config good.conf \
    --listen "ptcp:$port") || itest_fail "--detach exit status"
[ -f "$ITEST_DIR/pid" ] || itest_fail "no pid file when --detach returned"
pid=$(cat "$ITEST_DIR/pid")
ITEST_PIDS="$ITEST_PIDS $pid"
kill -0 "$pid" 2>/dev/null || itest_fail "pid file $pid is not running"
grep -q ofswitchd "/proc/$pid/cmdline" || itest_fail "pid $pid is not ofswitchd"
[ -S "$rd/$sw.sock" ] || itest_fail "no control socket when --detach returned"
for l in "$sw" "$tap1" "$tap2"; do
    ip link show "$l" >/dev/null 2>&1 || itest_fail "$l missing"
done
[ -f "$ITEST_DIR/sw.log" ] || itest_fail "relative --log-file not used"
export OFS_TARGET=tcp:127.0.0.1:$port
peer - <<'EOF' || itest_fail "detached switch does not answer"
import ofpeer as P
def main():
    c = P.connect(P.env("OFS_TARGET"), timeout=0.5)
    c.handshake()
    c.echo(b"detached")
    xid = c.xid()
    c.send(P.raw(P.T_FEATURES_REQUEST, b"", xid))
    m = c.expect(P.T_FEATURES_REPLY, xid)
    P.check(m.body[12] == 4, "--config tables=4 not applied: %d" % m.body[12])
P.run(main)
EOF
# A second switch with the same pid file refuses to start.
timeout 20 "$OFSWITCHD" --name "${ITEST_PFX}d" --run-dir "$rd" \
    --pidfile "$ITEST_DIR/pid" --port tap:"${ITEST_PFX}x3" \
    >"$ITEST_DIR/out" 2>"$ITEST_DIR/err" && itest_fail "second start with the same pid file"
grep -q "already running" "$ITEST_DIR/err" || itest_fail "second start: $(cat "$ITEST_DIR/err")"
ip link show "${ITEST_PFX}x3" >/dev/null 2>&1 && itest_fail "second start left a tap"
ip link show "${ITEST_PFX}d" >/dev/null 2>&1 && itest_fail "second start left a tap"
# A listening port that is taken.
timeout 20 "$OFSWITCHD" --name "${ITEST_PFX}d" --run-dir "$rd" \
    --port tap:"${ITEST_PFX}x3" --listen "ptcp:$port" \
    >"$ITEST_DIR/out" 2>"$ITEST_DIR/err" && itest_fail "listening on a taken port"
grep -q "ptcp:$port" "$ITEST_DIR/err" || itest_fail "taken port: $(cat "$ITEST_DIR/err")"
ip link show "${ITEST_PFX}x3" >/dev/null 2>&1 && itest_fail "taken port: tap left behind"
ip link show "${ITEST_PFX}d" >/dev/null 2>&1 && itest_fail "taken port: tap left behind"
[ -e "$rd/${ITEST_PFX}d.sock" ] && itest_fail "taken port: control socket left behind"
ip link show "$tap1" >/dev/null 2>&1 || itest_fail "second start removed $tap1"
[ -f "$ITEST_DIR/pid" ] || itest_fail "second start removed the pid file"

# SIGHUP: after the log was renamed, new lines go to a new file.
mv "$ITEST_DIR/sw.log" "$ITEST_DIR/sw.log.1"
kill -HUP "$pid"
for i in $(seq 50); do [ -f "$ITEST_DIR/sw.log" ] && break; sleep 0.1; done
[ -f "$ITEST_DIR/sw.log" ] || itest_fail "SIGHUP did not reopen the log"
peer - <<'EOF' || itest_fail "switch after SIGHUP"
import ofpeer as P
def main():
    c = P.connect(P.env("OFS_TARGET"))
    c.handshake()
    c.echo(b"after HUP")
P.run(main)
EOF
for i in $(seq 20); do grep -q "connected" "$ITEST_DIR/sw.log" && break; sleep 0.1; done
grep -q "connected" "$ITEST_DIR/sw.log" || itest_fail "new log lines not in the new file"
n_old=$(grep -c "connected" "$ITEST_DIR/sw.log.1")
sleep 0.2
[ "$(grep -c "connected" "$ITEST_DIR/sw.log.1")" = "$n_old" ] ||
    itest_fail "the renamed log still grows"
itest_log "SIGHUP reopened the log"

# SIGTERM: taps, control socket and pid file go away.
kill -TERM "$pid"
for i in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
kill -0 "$pid" 2>/dev/null && itest_fail "SIGTERM did not stop the switch"
no_leftovers "after SIGTERM"
grep -q "shutting down" "$ITEST_DIR/sw.log" || itest_fail "no shutdown in the log"
grep -qi "sanitizer\|runtime error" "$ITEST_DIR/sw.log" && itest_fail "sanitizer report"

# --detach with a start-up failure: the error reaches the caller.
bad "${ITEST_PFX}none" --detach --port afpacket:"${ITEST_PFX}none"
itest_log PASS
