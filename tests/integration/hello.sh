#!/bin/bash
# tests/integration/hello.sh -- HELLO version negotiation on a real
# connection (reference section 1.19, OF1.3.5 section 6.3.1), byte by byte:
# the switch's own HELLO; a 1.3 peer with a version bitmap; a peer that
# announces version 6 with no bitmap (as os-ken does) negotiates down to
# 1.3; a 1.2-only peer and a bitmap with no common version get
# HELLO_FAILED/INCOMPATIBLE with the peer's xid, then the connection is
# closed; unknown HELLO elements are skipped; a message before HELLO closes
# the connection; a peer that never sends HELLO is dropped.  The switch
# keeps serving new connections (TCP and its unix control socket)
# throughout.
. "${top_srcdir:-.}/tests/integration/lib.sh"
itest_init hello
. "${top_srcdir:-.}/tests/integration/ofpeer.sh"

port=$(peer_free_port)
itest_switch --listen "ptcp:$port" --fail-mode secure
export OFS_TARGET=tcp:127.0.0.1:$port OFS_UNIX=unix:$ITEST_DIR/${ITEST_PFX}s.sock

peer - <<'EOF' || itest_fail "HELLO negotiation"
import struct, time
import ofpeer as P
from ofpeer import check

target = P.env("OFS_TARGET")

def features_ok(c, version=P.OFP13):
    """The negotiated connection answers FEATURES_REQUEST in 'version'."""
    xid = c.xid()
    c.send(P.raw(P.T_FEATURES_REQUEST, b"", xid, version))
    m = c.expect(P.T_FEATURES_REPLY, xid)
    check(m.version == version, "features reply version %d" % m.version)
    c.echo(b"after hello")

def hello_failed(c, peer_xid, what):
    """The switch answers HELLO_FAILED/INCOMPATIBLE and closes."""
    closed, got = c.wait_closed(5)
    check(closed, "%s: connection not closed after a failed negotiation"
          % what)
    errs = [m for m in got if m.type == P.T_ERROR]
    check(len(errs) == 1 and len(got) == 1,
          "%s: expected exactly one ERROR, got %r" % (what, got))
    t, code, data = errs[0].error()
    check((t, code) == (P.ET_HELLO_FAILED, P.HFC_INCOMPATIBLE),
          "%s: error %d/%d, not HELLO_FAILED/INCOMPATIBLE" % (what, t, code))
    check(errs[0].xid == peer_xid, "%s: error xid %#x, HELLO xid %#x" %
          (what, errs[0].xid, peer_xid))
    check(len(data) > 0, "%s: HELLO_FAILED carries no explanation" % what)

def main():
    # A peer that never sends HELLO: dropped after the HELLO timeout
    # (checked at the end, so the wait overlaps the other cases).
    silent = P.connect(target)
    t_silent = time.monotonic()

    # 1. A 1.3 peer with a version bitmap.  The switch's own HELLO has its
    # highest version in the header and a bitmap element listing 1.3.
    c = P.connect(target)
    c.send_hello(version=4, bitmap=1 << 4, xid=0x11)
    h = c.recv_hello()
    check(h.version == 4, "switch HELLO header version %d" % h.version)
    check(len(h.body) >= 8, "switch HELLO has no elements")
    etype, elen, bitmap = struct.unpack_from("!HHI", h.body)
    check(etype == 1 and elen >= 8, "switch HELLO element %d/%d is not a "
          "version bitmap" % (etype, elen))
    check(bitmap & (1 << 4), "switch bitmap %#x lacks 1.3" % bitmap)
    check(not bitmap & 1, "switch bitmap %#x has bit 0" % bitmap)
    features_ok(c)
    c.close()

    # 2. A plain 1.3 HELLO (no elements).
    c = P.connect(target)
    c.send_hello(version=4, bitmap=None)
    c.recv_hello()
    features_ok(c)
    c.close()

    # 3. os-ken style: version 6, no bitmap -> min(4, 6) = 1.3.
    c = P.connect(target)
    c.send_hello(version=6, bitmap=None)
    c.recv_hello()
    features_ok(c)
    c.close()

    # 4. A 1.2-only peer without bitmap: min(4, 3) = 3 is not supported.
    c = P.connect(target)
    c.send_hello(version=3, bitmap=None, xid=0x1202)
    c.recv_hello()
    hello_failed(c, 0x1202, "HELLO 1.2")

    # 5. Bitmaps with no common version (1.2, 1.4, 1.5 only).
    c = P.connect(target)
    c.send_hello(version=6, bitmap=(1 << 3) | (1 << 5) | (1 << 6),
                 xid=0xb17)
    c.recv_hello()
    hello_failed(c, 0xb17, "bitmap without 1.3")

    # 6. Unknown elements are skipped (by their length, padded to 8), so a
    # bitmap after them is still seen.  With a bitmap of {1.5} only the
    # switch must refuse, although min(4, 6) alone would be 1.3: this
    # proves the bitmap behind the unknown elements was read.
    unknown = (struct.pack("!HH3s", 0x55, 7, b"abc") + b"\0"      # 7 -> 8
               + struct.pack("!HH8s", 0xfff0, 12, b"12345678")
               + b"\0" * 4)                                         # 12 -> 16
    c = P.connect(target)
    c.send_hello(version=6, bitmap=None,
                 elements=unknown + struct.pack("!HHI", 1, 8, 1 << 6),
                 xid=0x5e)
    c.recv_hello()
    hello_failed(c, 0x5e, "unknown elements then bitmap {1.5}")
    c = P.connect(target)
    c.send_hello(version=6, bitmap=None,
                 elements=unknown + struct.pack("!HHI", 1, 8,
                                                (1 << 4) | (1 << 6)))
    c.recv_hello()
    features_ok(c)
    c.close()

    # A bitmap element longer than one word (bitmaps for versions 32+).
    c = P.connect(target)
    c.send_hello(version=6, bitmap=None,
                 elements=struct.pack("!HHII", 1, 12, 1 << 4, 1) + b"\0" * 4)
    c.recv_hello()
    features_ok(c)
    c.close()

    # 7. A message before HELLO: the peer is not following the protocol;
    # the switch may say so in an ERROR with that message's xid, then it
    # closes the connection.
    c = P.connect(target)
    c.recv_hello()
    c.send(P.raw(P.T_FEATURES_REQUEST, b"", 0xbef0))
    closed, got = c.wait_closed(5)
    check(closed, "message before HELLO: connection not closed")
    for m in got:
        check(m.type == P.T_ERROR and m.xid == 0xbef0,
              "message before HELLO answered with %r" % m)

    # 8. A second HELLO after negotiation is harmless.
    c = P.connect(target)
    c.handshake()
    c.send_hello()
    features_ok(c)
    c.close()

    # The silent peer got the switch's HELLO and is closed by the HELLO
    # timeout (10 s), not kept forever.
    silent.recv_hello()
    left = t_silent + 14 - time.monotonic()
    closed, got = silent.wait_closed(max(left, 0.1))
    check(closed, "a peer that never sent HELLO was not dropped")
    waited = time.monotonic() - t_silent
    check(waited >= 8, "silent peer dropped after only %.1f s" % waited)

    # After all of that, the switch still serves a new peer, over TCP and
    # over its unix control socket.
    for t in (target, P.env("OFS_UNIX")):
        c = P.connect(t)
        c.handshake()
        features_ok(c)
        c.close()

P.run(main)
EOF
itest_log "negotiation cases pass"
grep -q "version negotiation failed" "$ITEST_DIR/ofswitchd.log" ||
    itest_fail "failed negotiation was not logged"
peer_stop_switch
itest_log PASS
