#!/bin/bash
# tests/integration/roles.sh -- two controllers on one switch (reference
# section 1.18): ROLE_REQUEST master/slave/equal with generation_id, STALE
# (with wrap-around comparison), a new master demotes the old one, a slave
# gets IS_SLAVE for every modifying message but may still read state and
# configure its own connection (SET_ASYNC, SET_CONFIG, GET_CONFIG);
# GET_ASYNC shows the defaults; SET_ASYNC changes which packet-ins (by
# reason and role), port status and flow-removed messages that connection
# receives, with real frames from a namespace through a table-miss
# output:CONTROLLER flow.
. "${top_srcdir:-.}/tests/integration/lib.sh"
itest_init roles
. "${top_srcdir:-.}/tests/integration/ofpeer.sh"

v1=$(itest_host h1 10.234.0.1 02:00:00:00:02:01)
# IPv6 on the host would add its own packet-ins; the test filters by a
# marker anyway, but keep the channel quiet.
ip netns exec "$ITEST_PFX-h1" sysctl -qw net.ipv6.conf.all.disable_ipv6=1
c1=$(peer_free_port)
c2=$(peer_free_port)
while [ "$c2" = "$c1" ]; do c2=$(peer_free_port); done
export OFS_C1=$c1 OFS_C2=$c2 OFS_NS=$ITEST_PFX-h1 OFS_READY=$ITEST_DIR/ready

peer - <<'EOF' &
import struct, subprocess, time
import ofpeer as P
from ofpeer import check, raw

ANY = 0xffffffff
NO_MATCH, ACTION = 0, 1
SEND_FRAMES = r"""
import socket, sys
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind(("eth0", 0))
for i in range(int(sys.argv[2])):
    f = (b"\xff" * 6 + b"\x02\0\0\0\x02\x01" + b"\x88\xb5"
         + sys.argv[1].encode() + b" %d" % i)
    s.send(f + b"\0" * (60 - len(f)))
"""

def send_frames(marker, n=3):
    subprocess.run(["ip", "netns", "exec", P.env("OFS_NS"), "/usr/bin/python3",
                    "-c", SEND_FRAMES, marker, str(n)], check=True)

def packet_ins(c, marker, dur=1.0):
    """Reasons of the packet-ins carrying 'marker' that 'c' gets within
    'dur' seconds.  Other packet-ins and port status are ignored; anything
    else fails."""
    got = []
    end = time.monotonic() + dur
    while True:
        left = end - time.monotonic()
        if left <= 0:
            return got
        m = c.recv_any(left)
        if m is None:
            return got
        if m.type == P.T_PACKET_IN:
            if marker.encode() in m.data:
                got.append(m.msg.reason)
            continue
        check(m.type == P.T_PORT_STATUS, "%s: unexpected %r" % (c.name, m))

def flow_mod(xid, m, insts, priority, command=0, flags=0, cookie=0):
    body = struct.pack("!QQBBHHHIIIH2x", cookie, 0, 0, command, 0, 0,
                       priority, 0xffffffff, ANY, ANY, flags)
    return raw(P.T_FLOW_MOD, body + m + insts, xid)

def match(*oxms):
    b = b"".join(oxms)
    m = struct.pack("!HH", 1, 4 + len(b)) + b
    return m + b"\0" * (-len(m) % 8)

M_88B5 = match(struct.pack("!HBBH", 0x8000, 5 << 1, 2, 0x88b5))
TO_CONTROLLER = struct.pack("!HH4x", 4, 24) + struct.pack(
    "!HHIH6x", 0, 16, 0xfffffffd, 0xffff)

def role(c, r, gen, want_role=None, want_gen=None, error=None):
    m = c.role(r, gen)
    if error is not None:
        check(m.type == P.T_ERROR and m.error()[:2] == error,
              "%s: role %d gen %d: expected error %r, got %r" %
              (c.name, r, gen, error, m))
        return
    check(m.type == P.T_ROLE_REPLY, "%s: role %d gen %d refused: %r" %
          (c.name, r, gen, m))
    rr, rg = struct.unpack_from("!I4xQ", m.body)
    check(rr == want_role, "%s: role reply %d, expected %d" %
          (c.name, rr, want_role))
    if want_gen is not None:
        check(rg == want_gen, "%s: generation %d, expected %d" %
              (c.name, rg, want_gen))

def set_async(c, pin, ps, fr):
    c.request_ok(raw(P.T_SET_ASYNC, struct.pack("!6I", *(pin + ps + fr)),
                     c.xid()))

def get_async(c):
    xid = c.xid()
    c.send(raw(P.T_GET_ASYNC_REQUEST, b"", xid))
    m = c.expect(P.T_GET_ASYNC_REPLY, xid)
    v = struct.unpack("!6I", m.body)
    return v[0:2], v[2:4], v[4:6]

def main():
    l1 = P.Listener(int(P.env("OFS_C1")))
    l2 = P.Listener(int(P.env("OFS_C2")))
    open(P.env("OFS_READY"), "w").close()
    a = l1.accept(15)
    b = l2.accept(15)
    check(a and b, "switch did not connect to both controllers")
    a.name, b.name = "controller A", "controller B"
    a.handshake()
    b.handshake()

    # Defaults (reference 1.18): master/equal get NO_MATCH|ACTION
    # packet-ins, all port status and all flow-removed reasons; slaves get
    # port status only.
    want = ((0x3, 0), (0x7, 0x7), (0xf, 0))
    for c in (a, b):
        got = get_async(c)
        check(got == want, "%s: default async %r, expected %r" %
              (c.name, got, want))
    role(a, P.ROLE_NOCHANGE, 0, P.ROLE_EQUAL)

    # Table-miss flow to the controller: both equal controllers get the
    # packet-ins (reason NO_MATCH).
    a.request_ok(flow_mod(a.xid(), match(), TO_CONTROLLER, 0))
    send_frames("miss-1")
    check(packet_ins(a, "miss-1") == [NO_MATCH] * 3, "A: table-miss "
          "packet-ins")
    check(packet_ins(b, "miss-1", 0.3) == [NO_MATCH] * 3, "B: table-miss "
          "packet-ins")

    # B turns its packet-ins off: A still gets them, B does not.
    set_async(b, (0, 0), (0x7, 0x7), (0xf, 0))
    check(get_async(b) == ((0, 0), (0x7, 0x7), (0xf, 0)), "B: GET_ASYNC "
          "does not show SET_ASYNC")
    check(get_async(a) == want, "A's async changed by B's SET_ASYNC")
    send_frames("off")
    check(packet_ins(a, "off") == [NO_MATCH] * 3, "A lost packet-ins")
    check(packet_ins(b, "off", 0.5) == [], "B got packet-ins it turned off")

    # B wants only ACTION packet-ins: table misses stay away, an explicit
    # output:CONTROLLER flow's packet-ins arrive.
    set_async(b, (1 << ACTION, 0), (0x7, 0x7), (0xf, 0))
    send_frames("action-only-miss")
    check(packet_ins(b, "action-only-miss", 0.7) == [], "B got NO_MATCH "
          "packet-ins while asking for ACTION only")
    check(packet_ins(a, "action-only-miss", 0.3) == [NO_MATCH] * 3, "A")
    a.request_ok(flow_mod(a.xid(), M_88B5, TO_CONTROLLER, 10))
    send_frames("action")
    check(packet_ins(b, "action") == [ACTION] * 3, "B: ACTION packet-ins")
    check(packet_ins(a, "action", 0.3) == [ACTION] * 3, "A: ACTION "
          "packet-ins")
    # Back to the default and to table misses.
    set_async(b, *want)
    a.request_ok(flow_mod(a.xid(), M_88B5, b"", 10, command=4))

    # --- Roles and generation ids. -----------------------------------
    role(a, P.ROLE_MASTER, 10, P.ROLE_MASTER, 10)
    role(b, P.ROLE_SLAVE, 9, error=(P.ET_ROLE_REQUEST_FAILED, 0))
    role(b, P.ROLE_NOCHANGE, 0, P.ROLE_EQUAL, 10)
    role(b, P.ROLE_SLAVE, 10, P.ROLE_SLAVE, 10)
    role(a, P.ROLE_NOCHANGE, 0, P.ROLE_MASTER, 10)
    # EQUAL ignores the generation id.
    role(a, P.ROLE_EQUAL, 3, P.ROLE_EQUAL, 10)
    role(a, P.ROLE_MASTER, 10, P.ROLE_MASTER, 10)

    # A slave gets PORT_STATUS only: no packet-ins...
    send_frames("slave")
    check(packet_ins(a, "slave") == [NO_MATCH] * 3, "master A packet-ins")
    check(packet_ins(b, "slave", 0.3) == [], "slave B got packet-ins by "
          "default")

    # ... and every modifying message is refused with IS_SLAVE.
    port = raw(P.T_MULTIPART_REQUEST, struct.pack("!HH4x", 13, 0), b.xid())
    b.send(port)
    desc = b.expect(P.T_MULTIPART_REPLY)
    hw = struct.unpack_from("!6s", desc.body, 8 + 8)[0]
    IS_SLAVE = (P.ET_BAD_REQUEST, P.BRC_IS_SLAVE)
    modifying = {
        "flow_mod": flow_mod(b.xid(), match(), b"", 5),
        "flow_mod delete": flow_mod(b.xid(), match(), b"", 0, command=3),
        "packet_out": raw(P.T_PACKET_OUT, struct.pack(
            "!IIH6x", 0xffffffff, 0xfffffffd, 16) + struct.pack(
            "!HHIH6x", 0, 16, 1, 0) + b"\xff" * 12 + b"\x88\xb5"
            + b"\0" * 46, b.xid()),
        "group_mod": raw(P.T_GROUP_MOD, struct.pack("!HBxI", 0, 0, 1),
                         b.xid()),
        "meter_mod": raw(P.T_METER_MOD, struct.pack("!HHI", 0, 1, 1)
                         + struct.pack("!HHII4x", 1, 16, 100, 0), b.xid()),
        "port_mod": raw(P.T_PORT_MOD, struct.pack(
            "!I4x6s2xIII4x", 1, hw, 0x20, 0x20, 0), b.xid()),
        "table_mod": raw(P.T_TABLE_MOD, struct.pack("!B3xI", 0, 0),
                         b.xid()),
        "table_features set": raw(P.T_MULTIPART_REQUEST, struct.pack(
            "!HH4x", 12, 0) + struct.pack("!HB5x32sQQII", 64, 0, b"t0",
                                          0, 0, 0, 1000), b.xid()),
    }
    for name, data in modifying.items():
        try:
            b.request_error(data, *IS_SLAVE)
        except P.Fail as e:
            raise P.Fail("slave %s: %s" % (name, e))
    flows = a.dump_flows()
    check(len(flows) == 1 and flows[0].priority == 0,
          "a slave's flow_mod changed the table: %r" % flows)

    # A slave may read state and configure its own connection.
    b.request_ok(raw(P.T_SET_CONFIG, struct.pack("!HH", 0, 200), b.xid()))
    xid = b.xid()
    b.send(raw(P.T_GET_CONFIG_REQUEST, b"", xid))
    cfg = b.expect(P.T_GET_CONFIG_REPLY, xid)
    check(struct.unpack("!HH", cfg.body)[1] == 200, "slave SET_CONFIG "
          "miss_send_len not applied")
    # miss_send_len belongs to the connection: A still has the default.
    xid = a.xid()
    a.send(raw(P.T_GET_CONFIG_REQUEST, b"", xid))
    cfg = a.expect(P.T_GET_CONFIG_REPLY, xid, skip=(P.T_PORT_STATUS,
                                                    P.T_PACKET_IN))
    check(struct.unpack("!HH", cfg.body)[1] == 128, "B's SET_CONFIG "
          "changed A's miss_send_len")
    check(len(b.dump_flows()) == 1, "slave flow stats")
    xid = b.xid()
    b.send(raw(P.T_FEATURES_REQUEST, b"", xid))
    b.expect(P.T_FEATURES_REPLY, xid)

    # SET_ASYNC from a slave: its slave masks now include packet-ins.
    set_async(b, (0x3, 0x3), (0x7, 0x7), (0xf, 0))
    send_frames("slave-async")
    check(packet_ins(b, "slave-async") == [NO_MATCH] * 3, "slave B did "
          "not get packet-ins after SET_ASYNC")
    check(packet_ins(a, "slave-async", 0.3) == [NO_MATCH] * 3, "A")
    set_async(b, *want)

    # Port status goes to the slave too (a master's PORT_MOD NO_FWD).
    a.send(raw(P.T_PORT_MOD, struct.pack(
        "!I4x6s2xIII4x", 1, hw, 0x20, 0x20, 0), a.xid()))
    ps = [m for m in a.barrier() if m.type == P.T_PORT_STATUS]
    check(len(ps) == 1, "master A: %d port status for its PORT_MOD" %
          len(ps))
    ps.append(b.expect(P.T_PORT_STATUS, timeout=3, skip=(P.T_PACKET_IN,)))
    for m in ps:
        check(m.msg.reason == 2 and m.msg.desc.port_no == 1
              and m.msg.desc.config & 0x20, "port status %r" % m.msg)
    a.request_ok(raw(P.T_PORT_MOD, struct.pack(
        "!I4x6s2xIII4x", 1, hw, 0, 0x20, 0), a.xid()))

    # Flow removed: to the master, not to the slave (default masks).
    fm = flow_mod(a.xid(), M_88B5, b"", 20, flags=1, cookie=0x77)
    a.request_ok(fm)
    a.send(flow_mod(a.xid(), M_88B5, b"", 20, command=4))
    fr = [m for m in a.barrier() if m.type == P.T_FLOW_REMOVED]
    check(len(fr) == 1 and fr[0].msg.cookie == 0x77
          and fr[0].msg.reason == 2, "master A: flow removed %r" % fr)
    got = [m for m in b.wait_closed(0.5)[1] if m.type == P.T_FLOW_REMOVED]
    check(not got, "slave got FLOW_REMOVED by default")

    # A new master demotes the old one.
    role(b, P.ROLE_MASTER, 11, P.ROLE_MASTER, 11)
    role(a, P.ROLE_NOCHANGE, 0, P.ROLE_SLAVE, 11)
    a.request_error(flow_mod(a.xid(), match(), b"", 6), *IS_SLAVE)
    b.request_ok(flow_mod(b.xid(), match(), b"", 6))
    # Stale requests, also for SLAVE.
    role(a, P.ROLE_MASTER, 10, error=(P.ET_ROLE_REQUEST_FAILED, 0))
    role(a, P.ROLE_SLAVE, 2, error=(P.ET_ROLE_REQUEST_FAILED, 0))
    role(a, P.ROLE_NOCHANGE, 0, P.ROLE_SLAVE, 11)
    # Generation ids compare with wrap-around: (int64)(new - old) < 0.
    # Three steps of less than 2^63 each wrap around to 10.
    g1 = 11 + (1 << 63) - 1
    g2 = (g1 + (1 << 62)) % (1 << 64)
    g3 = (g2 + (1 << 62)) % (1 << 64)
    check(g3 == 10, "arithmetic")
    role(b, P.ROLE_MASTER, g1, P.ROLE_MASTER, g1)
    role(a, P.ROLE_MASTER, g2, P.ROLE_MASTER, g2)
    role(b, P.ROLE_MASTER, g3, P.ROLE_MASTER, g3)
    role(a, P.ROLE_NOCHANGE, 0, P.ROLE_SLAVE, g3)
    role(a, P.ROLE_MASTER, g2, error=(P.ET_ROLE_REQUEST_FAILED, 0))
    role(a, P.ROLE_MASTER, g1, error=(P.ET_ROLE_REQUEST_FAILED, 0))
    role(a, P.ROLE_MASTER, 11, P.ROLE_MASTER, 11)
    role(b, P.ROLE_NOCHANGE, 0, P.ROLE_SLAVE, 11)

    # A reconnecting controller starts as EQUAL with default async config.
    b.close()
    b = l2.accept(15)
    check(b is not None, "B's connection did not come back")
    b.name = "controller B (again)"
    b.handshake()
    role(b, P.ROLE_NOCHANGE, 0, P.ROLE_EQUAL, 11)
    check(get_async(b) == want, "async config not reset on reconnect")
    role(a, P.ROLE_NOCHANGE, 0, P.ROLE_MASTER, 11)

P.run(main)
EOF
peer_pid=$!
ITEST_PIDS="$ITEST_PIDS $peer_pid"
for i in $(seq 50); do [ -f "$OFS_READY" ] && break; sleep 0.1; done
itest_switch --port "afpacket:$v1" --controller "tcp:127.0.0.1:$c1" \
    --controller "tcp:127.0.0.1:$c2" --fail-mode secure
wait "$peer_pid" || itest_fail "roles and async configuration"
peer_stop_switch
itest_log PASS
