#!/bin/bash
# tests/integration/barrier-multipart.sh -- BARRIER ordering and multipart
# splitting and reassembly on a live connection (reference sections 1.2,
# 1.3): every reply and error for the messages before a BARRIER_REQUEST
# arrives, in order, before its BARRIER_REPLY; a TABLE_FEATURES reply for
# 254 tables and a flow-stats reply for 2000 flows (well over 64 KiB) are
# split into messages of at most 65535 bytes with REPLY_MORE on all but the
# last, no entry cut in two; a TABLE_FEATURES request sent in two parts
# with REQ_MORE is answered once, after the last part; REQ_MORE on a type
# that cannot be continued is refused with BAD_MULTIPART before the barrier
# reply.
. "${top_srcdir:-.}/tests/integration/lib.sh"
itest_init barrier-multipart
. "${top_srcdir:-.}/tests/integration/ofpeer.sh"

port=$(peer_free_port)
itest_switch --port "tap:${ITEST_PFX}a" --port "tap:${ITEST_PFX}b" \
    --listen "ptcp:$port" --fail-mode secure
export OFS_TARGET=tcp:127.0.0.1:$port

peer - <<'EOF' || itest_fail "barrier and multipart"
import struct, time
import ofpeer as P
from ofpeer import check, raw, DP, parser, ofp

N_FLOWS = 2000

def flow(i, out_port=2):
    m = parser.OFPMatch(in_port=1, eth_type=0x800,
                        ipv4_dst="10.%d.%d.%d" % (i >> 16, (i >> 8) & 255,
                                                  i & 255))
    inst = [parser.OFPInstructionActions(
        ofp.OFPIT_APPLY_ACTIONS, [parser.OFPActionOutput(out_port)])]
    return parser.OFPFlowMod(DP, priority=100 + i % 7, match=m,
                             instructions=inst, cookie=i)

def check_split(replies, what):
    """Every part at most 65535 bytes; REPLY_MORE on all but the last."""
    check(len(replies) > 1, "%s: not split (%d message)" %
          (what, len(replies)))
    for i, m in enumerate(replies):
        check(m.length <= 65535 and m.length == len(m.data),
              "%s: part %d is %d bytes" % (what, i, m.length))
        more = bool(m.mp_flags() & ofp.OFPMPF_REPLY_MORE)
        check(more == (i < len(replies) - 1),
              "%s: REPLY_MORE %s on part %d of %d" %
              (what, more, i, len(replies)))
        check(m.msg is not None, "%s: part %d does not parse (an entry cut "
              "in two?)" % (what, i))

def main():
    c = P.connect(P.env("OFS_TARGET"))
    c.handshake()

    # --- BARRIER: replies and errors before it, in order. -------------
    expect = []
    batch = b""
    for i in range(30):
        xid = 0x100 + i
        if i % 3 == 0:
            # A flow_mod to a missing port: an error with this xid.
            batch += P.encode(flow(i, out_port=99), xid)
            expect.append((P.T_ERROR, xid))
        elif i % 3 == 1:
            batch += P.encode(flow(i), xid)
        else:
            batch += raw(P.T_ECHO_REQUEST, b"%d" % i, xid)
            expect.append((P.T_ECHO_REPLY, xid))
    batch += raw(P.T_BARRIER_REQUEST, b"", 0xbbbb)
    batch += raw(P.T_ECHO_REQUEST, b"after", 0xaaaa)
    c.send(batch)  # One write: the switch sees them all at once.
    got = []
    while True:
        m = c.recv(10, "barrier reply")
        if m.type == P.T_PORT_STATUS:
            continue
        got.append((m.type, m.xid))
        if m.type == P.T_BARRIER_REPLY:
            break
    check(got == expect + [(P.T_BARRIER_REPLY, 0xbbbb)],
          "before the barrier reply: %r, expected %r" %
          (got, expect + [(P.T_BARRIER_REPLY, 0xbbbb)]))
    m = c.expect(P.T_ECHO_REPLY, 0xaaaa)
    flows = c.dump_flows()
    check(len(flows) == 10, "%d flows after the batch, expected 10" %
          len(flows))
    print("barrier: %d replies and errors in order before it" % len(expect))

    # --- 2000 flows in one burst, then a barrier. ---------------------
    xid0 = 0x10000
    burst = b"".join(P.encode(flow(i), xid0 + i) for i in range(N_FLOWS))
    burst += raw(P.T_BARRIER_REQUEST, b"", 0xcccc)
    t = time.monotonic()
    c.send(burst)
    m = c.expect(P.T_BARRIER_REPLY, 0xcccc, 30)
    print("%d flow_mods applied in %.2f s" % (N_FLOWS,
                                              time.monotonic() - t))

    # --- Flow stats over 64 KiB. --------------------------------------
    replies = c.multipart(parser.OFPFlowStatsRequest(DP))
    check_split(replies, "flow stats")
    stats = [s for m in replies for s in m.msg.body]
    cookies = sorted(s.cookie for s in stats)
    check(cookies == list(range(N_FLOWS)),
          "flow stats: %d entries, cookies %r..." % (len(stats),
                                                     cookies[:5]))
    total = sum(m.length for m in replies)
    check(total > 65536, "flow stats only %d bytes" % total)
    xid = c.send_msg(parser.OFPAggregateStatsRequest(DP, 0, ofp.OFPTT_ALL,
                                                     ofp.OFPP_ANY,
                                                     ofp.OFPG_ANY, 0, 0,
                                                     parser.OFPMatch()))
    agg = c.expect(P.T_MULTIPART_REPLY, xid)
    check(agg.msg.body.flow_count == N_FLOWS, "aggregate flow_count %d" %
          agg.msg.body.flow_count)
    print("flow stats: %d entries in %d messages (%d bytes)" %
          (len(stats), len(replies), total))

    # A multipart reply followed by a barrier: all parts come first.
    xid = c.send_msg(parser.OFPFlowStatsRequest(DP))
    c.send(raw(P.T_BARRIER_REQUEST, b"", 0xdddd))
    parts = []
    while True:
        m = c.recv(10, "barrier reply")
        if m.type == P.T_BARRIER_REPLY:
            break
        check(m.type == P.T_MULTIPART_REPLY and m.xid == xid,
              "unexpected %r" % m)
        parts.append(m)
    check(len(parts) == len(replies) and
          not parts[-1].mp_flags() & ofp.OFPMPF_REPLY_MORE,
          "barrier reply overtook the flow stats")

    # --- TABLE_FEATURES for 254 tables. -------------------------------
    replies = c.multipart(parser.OFPTableFeaturesStatsRequest(DP))
    check_split(replies, "table features")
    ids = [t.table_id for m in replies for t in m.msg.body]
    check(ids == list(range(254)), "table features ids %r" % ids[:5])
    for m in replies:
        for t in m.msg.body:
            types = {p.type for p in t.properties}
            check(ofp.OFPTFPT_MATCH in types and
                  ofp.OFPTFPT_APPLY_ACTIONS in types,
                  "table %d lacks properties: %r" % (t.table_id, types))
    print("table features: 254 tables in %d messages" % len(replies))

    # --- REQ_MORE: a request in two parts. ----------------------------
    # Two empty TABLE_FEATURES parts make an empty request (a get): no
    # reply to the first, the full reply after the second, and unrelated
    # messages in between are answered normally.
    xid = 0x7f00
    hdr = lambda flags: struct.pack("!HH4x", ofp.OFPMP_TABLE_FEATURES,
                                    flags)
    c.send(raw(P.T_MULTIPART_REQUEST, hdr(ofp.OFPMPF_REQ_MORE), xid))
    c.echo(b"between parts")
    c.send(raw(P.T_MULTIPART_REQUEST, hdr(0), xid))
    parts = []
    while True:
        m = c.expect(P.T_MULTIPART_REPLY, xid)
        parts.append(m)
        if not m.mp_flags() & 1:
            break
    ids = [t.table_id for m in parts for t in m.msg.body]
    check(ids == list(range(254)), "reassembled get: table ids %r" %
          ids[:5])

    # Two non-empty parts make a set request, which this switch refuses
    # (EPERM) -- once, after the second part, with its xid.
    feat = lambda tid: struct.pack("!HB5x32sQQII", 64, tid, b"t%d" % tid,
                                   0, 0, 0, 1000)
    xid = 0x7f01
    c.send(raw(P.T_MULTIPART_REQUEST, hdr(ofp.OFPMPF_REQ_MORE) + feat(0),
               xid))
    c.quiet(0.5)
    c.send(raw(P.T_MULTIPART_REQUEST, hdr(0) + feat(1), xid))
    before = c.barrier()
    check(len(before) == 1 and before[0].type == P.T_ERROR
          and before[0].xid == xid
          and before[0].error()[:2] == (13, 5),
          "two-part table features set: %r" % before)

    # REQ_MORE on a type whose request cannot continue (DESC, PORT_DESC):
    # refused with BAD_MULTIPART before the barrier reply.
    for mptype in (ofp.OFPMP_DESC, ofp.OFPMP_PORT_DESC):
        data = raw(P.T_MULTIPART_REQUEST, struct.pack(
            "!HH4x", mptype, ofp.OFPMPF_REQ_MORE), 0x7f10 + mptype)
        c.request_error(data, P.ET_BAD_REQUEST, P.BRC_BAD_MULTIPART)
    # And the connection is not left waiting for more parts.
    xid = c.send_msg(parser.OFPDescStatsRequest(DP))
    d = c.expect(P.T_MULTIPART_REPLY, xid)
    check(d.msg.body.dp_desc, "desc reply")
    c.echo(b"done")

    # --- A peer that sends requests and does not read the replies. ----
    # The switch stops reading from it once a bounded amount of output is
    # waiting, so the peer's sends stall (instead of the switch buffering
    # without limit); other connections are served meanwhile; once the peer
    # reads, every reply arrives, in order.
    b = P.connect(P.env("OFS_TARGET"))
    b.handshake()
    payload = bytes(range(256)) * 234
    msgs = [raw(P.T_ECHO_REQUEST, payload, 0x50000 + i) for i in range(2000)]
    stream = b"".join(msgs)
    b.sock.setblocking(False)
    off, last_progress = 0, time.monotonic()
    while off < len(stream) and time.monotonic() - last_progress < 1.5:
        try:
            off += b.sock.send(stream[off:off + (1 << 20)])
            last_progress = time.monotonic()
        except BlockingIOError:
            time.sleep(0.02)
    b.sock.setblocking(True)
    check(off < len(stream), "a peer that does not read pushed all %d MB "
          "into the switch" % (len(stream) >> 20))
    check(off < 48 << 20, "a peer that does not read pushed %d MB before "
          "stalling" % (off >> 20))
    t = time.monotonic()
    c.echo(b"other connection")
    check(time.monotonic() - t < 1, "other connection starved")
    n_sent = off // len(msgs[0])
    print("a non-reading peer stalled after %.1f MB" % (off / 2**20))
    # Finish the message cut by the stall, then read everything.
    import threading
    rest = stream[off:(n_sent + 1) * len(msgs[0])]
    th = threading.Thread(target=b.send, args=(rest,))
    th.start()
    for i in range(n_sent + 1):
        m = b.expect(P.T_ECHO_REPLY, timeout=20)
        check(m.xid == 0x50000 + i and m.body == payload,
              "reply %d after the stall: %r" % (i, m))
    th.join()
    b.echo(b"drained")

P.run(main)
EOF
peer_stop_switch
itest_log PASS
