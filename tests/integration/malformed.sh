#!/bin/bash
# tests/integration/malformed.sh -- bad input on a live OpenFlow
# connection.  Each bad request gets the error the spec names for it
# (reference section 1.9), with the request's xid and its first 64 bytes,
# before the barrier reply; the connection keeps working (echo) and the
# flows, group and meter installed at the start are still there at the end.
# Covers truncated messages, bad versions, unknown types, bad multipart
# types, flow_mods with bad matches, actions and instructions, bad
# group/meter/port/table mods, hundreds of seeded random bodies behind
# valid headers, a message split across writes, and a length below 8
# (framing lost: the switch closes that connection only).
. "${top_srcdir:-.}/tests/integration/lib.sh"
itest_init malformed
. "${top_srcdir:-.}/tests/integration/ofpeer.sh"

port=$(peer_free_port)
itest_switch --port "tap:${ITEST_PFX}a" --port "tap:${ITEST_PFX}b" \
    --tables 8 --listen "ptcp:$port" --fail-mode secure
export OFS_TARGET=tcp:127.0.0.1:$port OFS_SEED=${OFS_SEED:-20240613}

peer - <<'EOF' || itest_fail "malformed input"
import random, struct, time
import ofpeer as P
from ofpeer import check, raw

target = P.env("OFS_TARGET")
ANY = 0xffffffff
NO_BUFFER = 0xffffffff

# --- Builders for exact bytes. ----------------------------------------------

def oxm(field, value, mask=None, cls=0x8000):
    payload = value + (mask or b"")
    return struct.pack("!HBB", cls, (field << 1) | (mask is not None),
                       len(payload)) + payload

def match(*oxms, mtype=1, length=None):
    body = b"".join(oxms)
    m = struct.pack("!HH", mtype, 4 + len(body) if length is None
                    else length) + body
    return m + b"\0" * (-len(m) % 8)

ETH_IP = oxm(5, b"\x08\x00")

def flow_mod(xid, m=None, insts=b"", table=0, command=0, priority=100,
             flags=0, cookie=0, out_port=ANY, out_group=ANY):
    body = struct.pack("!QQBBHHHIIIH2x", cookie, 0, table, command, 0, 0,
                       priority, NO_BUFFER, out_port, out_group, flags)
    return raw(P.T_FLOW_MOD, body + (match() if m is None else m) + insts,
               xid)

def apply(*acts):
    a = b"".join(acts)
    return struct.pack("!HH4x", 4, 8 + len(a)) + a

def output(port):
    return struct.pack("!HHIH6x", 0, 16, port, 0xffe5)

def set_field(o):
    n = 4 + len(o)
    return struct.pack("!HH", 25, n + (-n % 8)) + o + b"\0" * (-n % 8)

def group_mod(xid, command, gtype, gid, buckets=b""):
    return raw(P.T_GROUP_MOD, struct.pack("!HBxI", command, gtype, gid)
               + buckets, xid)

def bucket(*acts):
    a = b"".join(acts)
    return struct.pack("!HHII4x", 16 + len(a), 0, ANY, ANY) + a

def meter_mod(xid, command, mid, flags=1, bands=None):
    if bands is None:
        bands = drop_band(1000)
    return raw(P.T_METER_MOD, struct.pack("!HHI", command, flags, mid)
               + bands, xid)

def drop_band(rate, btype=1):
    return struct.pack("!HHII4x", btype, 16, rate, 0)

def mp_request(xid, mptype, body=b"", flags=0):
    return raw(P.T_MULTIPART_REQUEST,
               struct.pack("!HH4x", mptype, flags) + body, xid)

# --- The test. ---------------------------------------------------------------

def installed(c):
    flows = sorted((f.priority, f.table_id, f.cookie) for f in c.dump_flows())
    groups = sorted(g.group_id for g in c.dump_groups())
    meters = sorted(m.meter_id for m in c.dump_meters())
    return flows, groups, meters

def main():
    c = P.connect(target)
    c.handshake()
    x = c.xid

    # Installed state that must survive everything below.
    c.request_ok(meter_mod(x(), 0, 5))
    c.request_ok(group_mod(x(), 0, 0, 7, bucket(output(1))))
    c.request_ok(flow_mod(x(), match(oxm(0, struct.pack("!I", 1))),
                          apply(output(2)), priority=10, cookie=0xa))
    c.request_ok(flow_mod(x(), match(oxm(0, struct.pack("!I", 2))),
                          apply(output(1)), priority=11, cookie=0xb))
    c.request_ok(flow_mod(x(), match(ETH_IP),
                          struct.pack("!HHI", 6, 8, 5) + apply(
                              struct.pack("!HHI", 22, 8, 7)),
                          priority=12, cookie=0xc, table=3))
    before = installed(c)
    check(before == ([(10, 0, 0xa), (11, 0, 0xb), (12, 3, 0xc)], [7], [5]),
          "initial state %r" % (before,))

    E = c.request_error
    BR, BM, BA, BI = (P.ET_BAD_REQUEST, P.ET_BAD_MATCH, P.ET_BAD_ACTION,
                      P.ET_BAD_INSTRUCTION)
    FM, GM, MM = (P.ET_FLOW_MOD_FAILED, P.ET_GROUP_MOD_FAILED,
                  P.ET_METER_MOD_FAILED)
    cases = [
        # Header-level problems.
        ("bad version 5", raw(P.T_ECHO_REQUEST, b"x", x(), 5), BR, 0),
        ("bad version 1", raw(P.T_FEATURES_REQUEST, b"", x(), 1), BR, 0),
        ("unknown type 30", raw(30, b"\0" * 8, x()), BR, 1),
        ("unknown type 200", raw(200, b"", x()), BR, 1),
        ("switch-to-controller type", raw(P.T_PACKET_IN, struct.pack(
            "!IHBBQ", NO_BUFFER, 0, 0, 0, 0) + match() + b"\0\0", x()),
         BR, 1),
        ("features reply", raw(P.T_FEATURES_REPLY, b"\0" * 24, x()), BR, 1),
        # Truncated fixed parts.
        ("truncated flow_mod", raw(P.T_FLOW_MOD, b"\0" * 32, x()), BR, 6),
        ("truncated port_mod", raw(P.T_PORT_MOD, b"\0" * 12, x()), BR, 6),
        ("truncated role", raw(P.T_ROLE_REQUEST, b"\0" * 8, x()), BR, 6),
        ("truncated set_async", raw(P.T_SET_ASYNC, b"\0" * 16, x()), BR, 6),
        ("truncated multipart", raw(P.T_MULTIPART_REQUEST, b"\0" * 4, x()),
         BR, 6),
        ("truncated group_mod", raw(P.T_GROUP_MOD, b"\0" * 4, x()), BR, 6),
        ("truncated meter_mod", raw(P.T_METER_MOD, b"\0" * 4, x()), BR, 6),
        ("truncated set_config", raw(P.T_SET_CONFIG, b"\0" * 2, x()), BR, 6),
        ("packet_out actions_len beyond the message",
         raw(P.T_PACKET_OUT, struct.pack("!IIH6x", NO_BUFFER, 1, 64)
             + output(2), x()), BR, 6),
        # Multipart.
        ("multipart type 14", mp_request(x(), 14), BR, 2),
        ("multipart type 0x1234", mp_request(x(), 0x1234), BR, 2),
        ("multipart experimenter", mp_request(
            x(), 0xffff, struct.pack("!II", 0xdead, 1)), BR, 3),
        ("experimenter message", raw(P.T_EXPERIMENTER,
                                     struct.pack("!II", 0xdead, 1), x()),
         BR, 3),
        # Matches.
        ("match type STANDARD", flow_mod(x(), match(mtype=0)), BM, 0),
        ("match length beyond the message",
         flow_mod(x(), match(length=200)), BM, 1),
        ("unknown OXM field", flow_mod(x(), match(oxm(60, b"\0\0"))),
         BM, 6),
        ("mask on in_port", flow_mod(x(), match(oxm(0, b"\0\0\0\1",
                                                   b"\xff" * 4))), BM, 8),
        ("eth_type of 3 bytes", flow_mod(x(), match(oxm(5, b"\x08\0\0"))),
         BM, 1),
        ("duplicate eth_type", flow_mod(x(), match(ETH_IP, ETH_IP)),
         BM, 10),
        ("value bits outside the mask", flow_mod(x(), match(
            ETH_IP, oxm(11, b"\x0a\0\0\1", b"\xff\0\0\0"))), BM, 5),
        ("ip_proto without eth_type", flow_mod(x(), match(oxm(10, b"\6"))),
         BM, 9),
        ("tcp_dst without ip_proto", flow_mod(x(), match(
            ETH_IP, oxm(14, b"\0\x50"))), BM, 9),
        ("vlan_vid out of range", flow_mod(x(), match(oxm(6, b"\x20\0"))),
         BM, 7),
        ("ip_dscp out of range", flow_mod(x(), match(ETH_IP,
                                                     oxm(8, b"\x40"))),
         BM, 7),
        ("NXM class field", flow_mod(x(), match(oxm(1, b"\0\0", cls=0))),
         BM, 6),
        # Actions.
        ("unknown action", flow_mod(x(), insts=apply(
            struct.pack("!HH4x", 0x99, 8))), BA, 0),
        ("output action of 8 bytes", flow_mod(x(), insts=struct.pack(
            "!HH4xHHI", 4, 16, 0, 8, 1)), BA, 1),
        ("action length 12", flow_mod(x(), insts=struct.pack(
            "!HH4xHHIHH4x", 4, 24, 0, 12, 1, 0, 0)), BA, 1),
        ("output to a missing port", flow_mod(x(), insts=apply(
            output(99))), BA, 4),
        ("output to ANY", flow_mod(x(), insts=apply(output(ANY))), BA, 4),
        ("missing group", flow_mod(x(), insts=apply(
            struct.pack("!HHI", 22, 8, 99))), BA, 9),
        ("set_field in_port", flow_mod(x(), insts=apply(set_field(
            oxm(0, b"\0\0\0\1")))), BA, 13),
        ("set_field ipv4_src without eth_type", flow_mod(x(), insts=apply(
            set_field(oxm(11, b"\x0a\0\0\1")))), BA, 10),
        ("push_vlan ethertype 0x1234", flow_mod(x(), insts=apply(
            struct.pack("!HHH2x", 17, 8, 0x1234))), BA, 5),
        ("experimenter action", flow_mod(x(), insts=apply(
            struct.pack("!HHI", 0xffff, 8, 0xdead))), BA, 2),
        # Instructions.
        ("unknown instruction", flow_mod(x(), insts=struct.pack(
            "!HH4x", 9, 8)), BI, 0),
        ("goto_table backwards", flow_mod(x(), insts=struct.pack(
            "!HHB3x", 1, 8, 0)), BI, 2),
        ("goto_table past the last", flow_mod(x(), insts=struct.pack(
            "!HHB3x", 1, 8, 8)), BI, 2),
        ("instruction of 6 bytes", flow_mod(x(), insts=struct.pack(
            "!HHH", 1, 6, 0) + b"\0\0"), BI, 7),
        ("missing meter", flow_mod(x(), insts=struct.pack(
            "!HHI", 6, 8, 77)), MM, 3),
        # Flow mod fields.
        ("add to table ALL", flow_mod(x(), table=0xff), FM, 2),
        ("add to table 8 of 8", flow_mod(x(), table=8), FM, 2),
        ("flow_mod command 9", flow_mod(x(), command=9), FM, 6),
        ("flow_mod flags 0x80", flow_mod(x(), flags=0x80), FM, 7),
        ("check_overlap", flow_mod(x(), match(oxm(0, b"\0\0\0\1")),
                                   priority=10, flags=2), FM, 3),
        # Groups and meters.
        ("group exists", group_mod(x(), 0, 0, 7, bucket(output(2))), GM, 0),
        ("group id above MAX", group_mod(x(), 0, 0, 0xffffff01), GM, 1),
        ("modify unknown group", group_mod(x(), 1, 0, 8), GM, 8),
        ("group type 9", group_mod(x(), 0, 9, 9), GM, 10),
        ("group command 7", group_mod(x(), 7, 0, 9), GM, 11),
        ("meter exists", meter_mod(x(), 0, 5), MM, 1),
        ("modify unknown meter", meter_mod(x(), 1, 6), MM, 3),
        ("meter id 0", meter_mod(x(), 0, 0), MM, 2),
        ("meter command 5", meter_mod(x(), 5, 9), MM, 4),
        ("meter flags 0x40", meter_mod(x(), 0, 9, flags=0x41), MM, 5),
        ("meter rate 0", meter_mod(x(), 0, 9, bands=drop_band(0)), MM, 6),
        ("meter band type 7", meter_mod(x(), 0, 9, bands=drop_band(10, 7)),
         MM, 8),
        # Ports, tables, config, roles, queues.
        ("port_mod missing port", raw(P.T_PORT_MOD, struct.pack(
            "!I4x6s2xIII4x", 99, b"\0" * 6, 0, 1, 0), x()),
         P.ET_PORT_MOD_FAILED, 0),
        ("port_mod wrong hw_addr", raw(P.T_PORT_MOD, struct.pack(
            "!I4x6s2xIII4x", 1, b"\x02\0\0\0\0\x99", 0, 1, 0), x()),
         P.ET_PORT_MOD_FAILED, 1),
        ("table_mod table 100", raw(P.T_TABLE_MOD, struct.pack(
            "!B3xI", 100, 0), x()), P.ET_TABLE_MOD_FAILED, 0),
        ("set_config bad flags", raw(P.T_SET_CONFIG, struct.pack(
            "!HH", 0x80, 128), x()), 10, 0),
        ("role 7", raw(P.T_ROLE_REQUEST, struct.pack("!I4xQ", 7, 0), x()),
         P.ET_ROLE_REQUEST_FAILED, 2),
        ("queue config of a missing port", raw(
            22, struct.pack("!I4x", 99), x()), 9, 0),
        ("packet_out from an invalid port", raw(
            P.T_PACKET_OUT, struct.pack("!IIH6x", NO_BUFFER, 0xfffffff0, 16)
            + output(2) + b"\xff" * 14 + b"\x08\x00" + b"\0" * 46, x()),
         BR, 11),
        ("packet_out of an unknown buffer", raw(
            P.T_PACKET_OUT, struct.pack("!IIH6x", 0x1234, 1, 16)
            + output(2), x()), BR, 8),
    ]
    for name, data, et, ec in cases:
        try:
            E(data, et, ec)
        except P.Fail as e:
            raise P.Fail("%s: %s" % (name, e))
        c.echo(name.encode())
    print("%d bad requests answered with the right error" % len(cases))

    # A long request: the error carries (at least) its first 64 bytes.
    long_fm = flow_mod(x(), match(ETH_IP, oxm(11, b"\x0a\0\0\1")),
                       apply(*[output(1)] * 10 + [output(99)]))
    check(len(long_fm) > 128, "long flow_mod is short")
    E(long_fm, BA, 4)

    # A message split across several writes is reassembled.
    fm = flow_mod(x(), match(oxm(0, b"\0\0\0\2")), apply(output(99)))
    for i in range(0, len(fm), 7):
        c.send(fm[i:i + 7])
        time.sleep(0.02)
    before_barrier = c.barrier()
    check(len(before_barrier) == 1 and before_barrier[0].type == P.T_ERROR
          and before_barrier[0].error()[:2] == (BA, 4),
          "split flow_mod answered with %r" % before_barrier)

    # Hundreds of random bodies behind valid headers.  Whatever comes back
    # must be an ERROR with one of our xids and that message's first
    # bytes, or the normal reply to a message that happened to be valid.
    rng = random.Random(int(P.env("OFS_SEED")))
    types = list(range(0, 32)) + [0xff]
    sent = {}
    n_errors = 0
    for i in range(600):
        t = rng.choice(types)
        if t in (P.T_BARRIER_REQUEST,):
            continue
        n = rng.choice([0, 1, 4, 8, 16, 24, 32, 40, 48, 56, 64,
                        rng.randrange(0, 400)])
        body = bytes(rng.getrandbits(8) for _ in range(n))
        if t == P.T_MULTIPART_REQUEST and len(body) >= 4 and rng.random() < .7:
            # Mostly real multipart types, to reach the body parsers.
            body = struct.pack("!H", rng.randrange(0, 15)) + body[2:]
        if t == P.T_FLOW_MOD and len(body) >= 48 and rng.random() < .5:
            # A plausible header and match type, to reach the TLV parsers;
            # never DELETE (3, 4): a random delete could match real flows.
            body = (body[:17] + bytes([rng.choice([0, 1, 2])]) + body[18:40]
                    + struct.pack("!HH", 1, rng.randrange(4, len(body) - 36))
                    + body[44:])
        if t in (P.T_GROUP_MOD, P.T_METER_MOD) and len(body) >= 2:
            body = b"\0" + bytes([rng.choice([0, 1])]) + body[2:]
        xid = 0x7000000 + i
        m = raw(t, body, xid)
        sent[xid] = m
        c.send(m)
        if i % 50 == 49:
            for r in c.barrier(20):
                if r.type == P.T_ERROR:
                    check(r.xid in sent, "error with unknown xid %r" % r)
                    req = sent[r.xid]
                    d = r.error()[2]
                    k = min(len(req), 64)
                    check(d[:k] == req[:k], "error data for xid %#x is not "
                          "the request" % r.xid)
                    n_errors += 1
                else:
                    check(r.xid in sent or r.type == P.T_PORT_STATUS,
                          "unexpected %r during garbage" % r)
            c.echo(b"still alive %d" % i)
    check(n_errors > 300, "only %d errors for 600 random messages" %
          n_errors)
    print("%d random messages: %d errors, connection alive" %
          (len(sent), n_errors))

    after = installed(c)
    check(after == before, "state changed by bad input: %r -> %r" %
          (before, after))
    c.close()

    # A peer that sends half a message and goes away.
    d = P.connect(target)
    d.handshake()
    d.send(flow_mod(x(), insts=apply(output(1)))[:30])
    d.close()

    # Length below 8: framing is lost; the switch closes this connection
    # (it may say BAD_LEN first) and nothing else.
    for bad_len in (0, 7):
        d = P.connect(target)
        d.handshake()
        d.echo(b"before")
        d.send(P.hdr(P.T_ECHO_REQUEST, bad_len, 0x4242) + b"\0" * 24)
        closed, got = d.wait_closed(5)
        check(closed, "length %d: connection not closed" % bad_len)
        for m in got:
            check(m.type == P.T_ERROR and m.error()[:2] == (BR, 6),
                  "length %d answered with %r" % (bad_len, m))

    c = P.connect(target)
    c.handshake()
    c.echo(b"after all")
    after = installed(c)
    check(after == before, "state changed: %r -> %r" % (before, after))

P.run(main)
EOF
itest_log "bad input answered; connection and state survived"
peer_stop_switch
itest_log PASS
