#!/usr/bin/python3
"""tests/cli/fake-switch.py -- a scripted OpenFlow 1.3 "switch" on a unix
socket, for testing how ofctl's connection code copes with what a real
switch rarely does: HELLOs without a bitmap or with the wrong versions,
echo requests in the middle of a transaction, multipart replies in many
parts with asynchronous messages in between, replies that do not decode,
a framing error, a connection closed half-way, silence, truncated errors,
and a million flows.

    fake-switch.py SOCKET SCENARIO

Serves one connection, then exits 0 if what ofctl sent was right for the
scenario and 1 (with the reason on stderr) if not.  Standard library
only."""

import os
import socket
import struct
import sys

OFPT_HELLO, OFPT_ERROR, OFPT_ECHO_REQUEST, OFPT_ECHO_REPLY = 0, 1, 2, 3
OFPT_PACKET_IN, OFPT_PORT_STATUS, OFPT_FLOW_MOD = 10, 12, 14
OFPT_MULTIPART_REQUEST, OFPT_MULTIPART_REPLY = 18, 19
OFPT_BARRIER_REQUEST, OFPT_BARRIER_REPLY = 20, 21
OFPMP_DESC, OFPMP_FLOW = 0, 1


class Conn:
    def __init__(self, sock):
        self.sock = sock
        self.buf = b""

    def send(self, type_, xid, body=b"", version=4, length=None):
        if length is None:
            length = 8 + len(body)
        self.sock.sendall(struct.pack("!BBHI", version, type_, length, xid)
                          + body)

    def recv(self):
        """Returns (version, type, xid, body), or None at EOF."""
        while True:
            if len(self.buf) >= 8:
                version, type_, length, xid = struct.unpack(
                    "!BBHI", self.buf[:8])
                if len(self.buf) >= length:
                    body = self.buf[8:length]
                    self.buf = self.buf[length:]
                    return version, type_, xid, body
            data = self.sock.recv(65536)
            if not data:
                return None
            self.buf += data


def fail(why):
    print("fake-switch: FAIL: " + why, file=sys.stderr)
    sys.exit(1)


def hello_bitmap(versions):
    bitmap = 0
    for v in versions:
        bitmap |= 1 << v
    return struct.pack("!HHI", 1, 8, bitmap)


def desc_body():
    def field(s, n):
        return s.encode().ljust(n, b"\0")
    return (struct.pack("!HH4x", OFPMP_DESC, 0)
            + field("Fake", 256) + field("fake switch", 256)
            + field("1.0", 256) + field("42", 32) + field("scripted", 256))


def flow_stats(priority, cookie):
    # ofp_flow_stats with an empty OXM match and no instructions.
    return (struct.pack("!HBxIIHHHH4xQQQ", 56, 0, 1, 500000000, priority,
                        0, 0, 0, cookie, 0, 0)
            + struct.pack("!HH4x", 1, 4))


def flow_reply(entries, more):
    return struct.pack("!HH4x", OFPMP_FLOW, 1 if more else 0) + entries


def main():
    path, scenario = sys.argv[1], sys.argv[2]
    srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
    srv.bind(path)
    srv.listen(1)
    sock, _ = srv.accept()
    c = Conn(sock)

    # --- The HELLO exchange. ---
    msg = c.recv()
    if msg is None or msg[1] != OFPT_HELLO:
        fail("expected HELLO first, got %r" % (msg,))
    version, _, _, body = msg
    # ofctl offers 1.3 by default; with -O OpenFlow10,OpenFlow13, 1.0 too.
    want = (1 << 1 | 1 << 4) if scenario == "hello-v1-ok" else 1 << 4
    if version != 4:
        fail("ofctl's HELLO has version %d, expected 4" % version)
    if len(body) < 8 or struct.unpack("!HHI", body[:8]) != (1, 8, want):
        fail("ofctl's HELLO lacks the bitmap 0x%x: %s" % (want, body.hex()))
    negotiated = 4

    if scenario == "hello-nobitmap":
        c.send(OFPT_HELLO, 1, version=4)
    elif scenario == "hello-v1":
        c.send(OFPT_HELLO, 1, version=1)
        msg = c.recv()
        if msg is None or msg[1] != OFPT_ERROR:
            fail("expected HELLO_FAILED from ofctl, got %r" % (msg,))
        if struct.unpack("!HH", msg[3][:4]) != (0, 0):
            fail("expected OFPET_HELLO_FAILED/INCOMPATIBLE: %s"
                 % msg[3].hex())
        return
    elif scenario == "hello-v1-ok":
        # A 1.0-only switch without a bitmap: ofctl must settle on 1.0.
        c.send(OFPT_HELLO, 1, version=1)
        negotiated = 1
    elif scenario == "hello-higher":
        # A 1.5 switch that speaks 1.0, 1.3 and 1.5.
        c.send(OFPT_HELLO, 1, hello_bitmap([1, 4, 6]), version=6)
    else:
        c.send(OFPT_HELLO, 1, hello_bitmap([4]))

    if scenario == "silent":
        while c.recv() is not None:
            pass
        return

    # --- Requests. ---
    n_flow_mods = 0
    while True:
        msg = c.recv()
        if msg is None:
            break
        version, type_, xid, body = msg
        if version != negotiated:
            fail("message of version %d after negotiating %d"
                 % (version, negotiated))

        if type_ == OFPT_ECHO_REQUEST:
            c.send(OFPT_ECHO_REPLY, xid, body, version=negotiated)
        elif type_ == OFPT_MULTIPART_REQUEST:
            mp_type = struct.unpack("!H", body[:2])[0]
            if scenario == "echo-in-dump":
                c.send(OFPT_ECHO_REQUEST, 0x99, b"are you there")
                reply = c.recv()
                if reply is None or reply[1:] != (OFPT_ECHO_REPLY, 0x99,
                                                  b"are you there"):
                    fail("ofctl did not answer the echo request: %r"
                         % (reply,))
                c.send(OFPT_MULTIPART_REPLY, xid, desc_body())
            elif scenario == "parts":
                # Three parts with asynchronous messages (which do not
                # even decode) in between; ofctl must skip them.
                for i, prio in enumerate((30, 20, 10)):
                    c.send(OFPT_MULTIPART_REPLY, xid,
                           flow_reply(flow_stats(prio, i), i < 2))
                    c.send(OFPT_PACKET_IN, 0, b"\x00")
                    c.send(OFPT_PORT_STATUS, 0, b"")
            elif scenario == "close-mid-dump":
                c.send(OFPT_MULTIPART_REPLY, xid,
                       flow_reply(flow_stats(1, 1), True))
                return
            elif scenario == "badlen":
                c.send(OFPT_MULTIPART_REPLY, xid, length=4)
            elif scenario == "undecodable":
                c.send(OFPT_MULTIPART_REPLY, xid,
                       struct.pack("!HH4x", mp_type, 0) + b"short")
            elif scenario == "million":
                # 1000 parts of 1000 flows: a million in all.
                part = b"".join(flow_stats(i % 65536, i) for i in range(1000))
                more = struct.pack("!BBHI", 4, OFPT_MULTIPART_REPLY,
                                   8 + 8 + len(part), xid) \
                    + flow_reply(part, True)
                c.sock.sendall(more * 999)
                c.send(OFPT_MULTIPART_REPLY, xid, flow_reply(part, False))
            else:
                fail("unexpected multipart request")
        elif type_ == OFPT_FLOW_MOD:
            n_flow_mods += 1
            if scenario == "error-truncated":
                # OFPET_BAD_ACTION / OFPBAC_BAD_OUT_PORT with only the
                # first 16 bytes of the request.
                c.send(OFPT_ERROR, xid, struct.pack("!HH", 2, 4) + msg_bytes(
                    version, type_, xid, body)[:16])
            elif scenario == "pipeline" and n_flow_mods == 3:
                c.send(OFPT_ERROR, xid, struct.pack("!HH", 2, 4) + msg_bytes(
                    version, type_, xid, body)[:64])
        elif type_ == OFPT_BARRIER_REQUEST:
            if scenario == "pipeline" and n_flow_mods != 5:
                fail("barrier after %d flow_mods, expected all 5 first"
                     % n_flow_mods)
            c.send(OFPT_PORT_STATUS, 0, b"")
            c.send(OFPT_BARRIER_REPLY, xid)
        else:
            fail("unexpected message type %d" % type_)


def msg_bytes(version, type_, xid, body):
    return struct.pack("!BBHI", version, type_, 8 + len(body), xid) + body


if __name__ == "__main__":
    main()
