#!/bin/bash
# tests/integration/echo-probe.sh -- liveness on the controller channel
# (reference section 1.19): the switch answers ECHO_REQUEST with the same
# xid and payload; a peer idle for 5 s gets an ECHO_REQUEST, and is
# disconnected after another 5 s of silence, while a peer that answers
# stays; the active controller connection reconnects with backoff 1, 2, 4,
# 8, 8 s (measured from the controller side) and starts again from 1 s
# after a successful negotiation.
. "${top_srcdir:-.}/tests/integration/lib.sh"
itest_init echo-probe
. "${top_srcdir:-.}/tests/integration/ofpeer.sh"

lport=$(peer_free_port)
cport=$(peer_free_port)
while [ "$cport" = "$lport" ]; do cport=$(peer_free_port); done
export OFS_TARGET=tcp:127.0.0.1:$lport OFS_CPORT=$cport

# The controller's listening socket is made by the peer before the switch
# starts, so that the switch's first attempt is seen.
export OFS_READY=$ITEST_DIR/listening

peer - <<'EOF' &
import threading, time
import ofpeer as P
from ofpeer import check

def main():
    ctl = P.Listener(int(P.env("OFS_CPORT")))
    open(P.env("OFS_READY"), "w").close()

    # --- Reconnect backoff, seen from the controller. ------------------
    # The first attempt negotiates (so the backoff starts at 1 s); the
    # next four are closed before HELLO, and the fifth negotiates: gaps 1,
    # 2, 4, 8, 8 s.  After that negotiated connection closes, the backoff
    # starts again from 1 s.
    s = ctl.accept(10)
    check(s is not None, "switch never connected to the controller")
    s.handshake()
    s.echo(b"controller")
    s.close()
    times = [time.monotonic()]
    for i in range(5):
        s = ctl.accept(12)
        check(s is not None, "no reconnect attempt %d" % (i + 1))
        times.append(time.monotonic())
        if i < 4:
            s.close()
    gaps = [b - a for a, b in zip(times, times[1:])]
    print("reconnect gaps: %s" % ", ".join("%.1f" % g for g in gaps))
    for gap, want in zip(gaps, (1, 2, 4, 8, 8)):
        check(want * 0.9 <= gap <= want + 1.0,
              "reconnect gaps %s, expected 1, 2, 4, 8, 8" %
              ["%.1f" % g for g in gaps])
    s.handshake()
    s.echo(b"negotiated again")
    t = time.monotonic()
    s.close()
    s = ctl.accept(5)
    gap = time.monotonic() - t
    check(s is not None and 0.9 <= gap <= 2.0,
          "after a negotiated connection the next attempt came %.1f s "
          "later, not 1 s" % gap)
    s.close()

    # --- Echo: xid and payload come back unchanged, any size. ---------
    c = P.connect(P.env("OFS_TARGET"))
    c.handshake()
    for payload in (b"", b"x", bytes(range(256)) * 4, b"\xa5" * 65000):
        c.echo(payload)
    # Several in flight, answered in order.
    xids = [0xe0000000 + i for i in range(20)]
    for i, xid in enumerate(xids):
        c.send(P.raw(P.T_ECHO_REQUEST, b"%d" % i, xid))
    for i, xid in enumerate(xids):
        m = c.expect(P.T_ECHO_REPLY)
        check(m.xid == xid and m.body == b"%d" % i,
              "pipelined echo %d: %r" % (i, m))
    c.close()
    print("echo replies keep xid and payload")

    # --- Inactivity probe: a silent peer and an answering one. --------
    silent = P.connect(P.env("OFS_TARGET"))
    silent.auto_echo = False
    silent.handshake()
    t0 = time.monotonic()
    alive = P.connect(P.env("OFS_TARGET"))
    alive.handshake()

    # The answering peer is served from a thread for the whole period.
    alive_err = []
    def serve_alive():
        try:
            end = time.monotonic() + 13
            while time.monotonic() < end:
                m = alive.recv_any(end - time.monotonic())
                check(m is None or m.type == P.T_PORT_STATUS,
                      "answering peer got %r" % m)
        except Exception as e:
            alive_err.append(e)
    th = threading.Thread(target=serve_alive)
    th.start()

    m = silent.recv(8, "inactivity probe")
    t_probe = time.monotonic() - t0
    check(m.type == P.T_ECHO_REQUEST, "idle peer got %r, not a probe" % m)
    check(4.0 <= t_probe <= 7.0, "probe after %.1f s idle, not ~5 s" %
          t_probe)
    closed, got = silent.wait_closed(9)
    t_close = time.monotonic() - t0 - t_probe
    check(closed, "silent peer not disconnected after the probe")
    check(not [g for g in got if g.type != P.T_PORT_STATUS],
          "silent peer got %r" % got)
    check(4.0 <= t_close <= 7.0, "disconnected %.1f s after the probe, not "
          "~5 s" % t_close)
    print("probe after %.1f s, disconnect %.1f s later" % (t_probe, t_close))
    th.join()
    check(not alive_err, "answering peer: %s" % (alive_err[:1],))
    check(len(alive.echo_requests) >= 2, "answering peer got %d probes in "
          "13 s" % len(alive.echo_requests))
    alive.echo(b"still here")
    alive.close()

P.run(main)
EOF
peer_pid=$!
ITEST_PIDS="$ITEST_PIDS $peer_pid"
for i in $(seq 50); do [ -f "$OFS_READY" ] && break; sleep 0.1; done
itest_switch --listen "ptcp:$lport" --controller "tcp:127.0.0.1:$cport" \
    --fail-mode secure
wait "$peer_pid" || itest_fail "echo, inactivity probe and backoff"
grep -q "inactivity probe" "$ITEST_DIR/ofswitchd.log" ||
    itest_fail "the probe disconnect was not logged"
peer_stop_switch
itest_log PASS
