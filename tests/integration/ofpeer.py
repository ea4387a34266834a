"""tests/integration/ofpeer.py -- a raw OpenFlow peer for the integration
tests: it speaks bytes over TCP, unix sockets or TLS, as a client of
`ofswitchd --listen` or as a controller that `ofswitchd --controller`
connects to.  Messages are built and parsed with os-ken's OpenFlow 1.3
parsers (a library nobody here wrote), or written byte by byte where a test
needs a message that no correct library would produce.

Nothing here answers for the test: replies are returned raw and parsed, and
every wait is bounded.  Use Debian's /usr/bin/python3 (it has os_ken).

    import ofpeer
    c = ofpeer.connect("tcp:127.0.0.1:6654")
    c.handshake()                       # HELLO both ways, 1.3
    c.echo(b"ping")                     # the connection works
    err = c.request_error(raw, ofpeer.ET_BAD_REQUEST, ofpeer.BRC_BAD_TYPE)
"""

import os
import select
import socket
import ssl
import struct
import sys
import time

from os_ken.ofproto import ofproto_parser
from os_ken.ofproto import ofproto_v1_3 as ofp
from os_ken.ofproto import ofproto_v1_3_parser as parser

OFP13 = 4

# Message types (reference section 1.2).
T_HELLO, T_ERROR, T_ECHO_REQUEST, T_ECHO_REPLY, T_EXPERIMENTER = 0, 1, 2, 3, 4
T_FEATURES_REQUEST, T_FEATURES_REPLY = 5, 6
T_GET_CONFIG_REQUEST, T_GET_CONFIG_REPLY, T_SET_CONFIG = 7, 8, 9
T_PACKET_IN, T_FLOW_REMOVED, T_PORT_STATUS = 10, 11, 12
T_PACKET_OUT, T_FLOW_MOD, T_GROUP_MOD, T_PORT_MOD, T_TABLE_MOD = (
    13, 14, 15, 16, 17)
T_MULTIPART_REQUEST, T_MULTIPART_REPLY = 18, 19
T_BARRIER_REQUEST, T_BARRIER_REPLY = 20, 21
T_ROLE_REQUEST, T_ROLE_REPLY = 24, 25
T_GET_ASYNC_REQUEST, T_GET_ASYNC_REPLY, T_SET_ASYNC = 26, 27, 28
T_METER_MOD = 29

# Error types and the codes the tests check (reference section 1.9).
ET_HELLO_FAILED, ET_BAD_REQUEST, ET_BAD_ACTION, ET_BAD_INSTRUCTION = 0, 1, 2, 3
ET_BAD_MATCH, ET_FLOW_MOD_FAILED, ET_GROUP_MOD_FAILED = 4, 5, 6
ET_PORT_MOD_FAILED, ET_TABLE_MOD_FAILED = 7, 8
ET_ROLE_REQUEST_FAILED, ET_METER_MOD_FAILED = 11, 12
HFC_INCOMPATIBLE = 0
BRC_BAD_VERSION, BRC_BAD_TYPE, BRC_BAD_MULTIPART = 0, 1, 2
BRC_BAD_LEN, BRC_IS_SLAVE = 6, 10

ROLE_NOCHANGE, ROLE_EQUAL, ROLE_MASTER, ROLE_SLAVE = 0, 1, 2, 3


class Fail(Exception):
    """A test assertion failed."""


class Closed(Exception):
    """The switch closed the connection."""


def check(cond, what):
    if not cond:
        raise Fail(what)


def run(main):
    """Runs a test body: exit 0 on success, 1 with a message on failure."""
    try:
        main()
    except Fail as e:
        print("FAIL: %s" % e, file=sys.stderr)
        sys.exit(1)
    except (Closed, OSError) as e:
        print("FAIL: %s: %s" % (type(e).__name__, e), file=sys.stderr)
        sys.exit(1)


class _Datapath:
    """What os-ken's message classes need to serialize and parse."""
    ofproto = ofp
    ofproto_parser = parser
    id = 0


DP = _Datapath()


def hdr(type_, length, xid=0, version=OFP13):
    return struct.pack("!BBHI", version, type_, length, xid)


def raw(type_, body=b"", xid=0, version=OFP13):
    """A message with a correct header around 'body'."""
    return hdr(type_, 8 + len(body), xid, version) + body


def encode(msg, xid=None):
    """Serializes an os-ken message (xid set if given)."""
    if xid is not None:
        msg.xid = xid
    msg.serialize()
    return bytes(msg.buf)


def parse(data):
    """Parses one whole message with os-ken; None if it cannot."""
    version, type_, length, xid = struct.unpack_from("!BBHI", data)
    if version != OFP13:
        return None
    try:
        return ofproto_parser.msg(DP, version, type_, length, xid, data)
    except Exception:  # noqa: os-ken raises many things on bad input.
        return None


class Msg:
    """One received message: raw bytes, header fields, os-ken parse."""

    def __init__(self, data):
        self.data = data
        self.version, self.type, self.length, self.xid = struct.unpack_from(
            "!BBHI", data)
        self.body = data[8:]
        self._parsed = False
        self._msg = None

    @property
    def msg(self):
        if not self._parsed:
            self._msg = parse(self.data)
            self._parsed = True
        return self._msg

    def error(self):
        """(type, code, data) of an ERROR message."""
        check(self.type == T_ERROR, "not an error: %r" % self)
        t, c = struct.unpack_from("!HH", self.body)
        return t, c, self.body[4:]

    def mp_flags(self):
        return struct.unpack_from("!HH", self.body)[1]

    def __repr__(self):
        s = "<msg v%d type %d len %d xid %#x" % (self.version, self.type,
                                                  self.length, self.xid)
        if self.type == T_ERROR and len(self.body) >= 4:
            s += " error %d/%d" % struct.unpack_from("!HH", self.body)
        return s + ">"


class Conn:
    """One OpenFlow connection.  Echo requests from the switch are answered
    automatically unless 'auto_echo' is False; every other message is
    returned, in order."""

    def __init__(self, sock, name=""):
        self.sock = sock
        self.name = name
        self.inbuf = b""
        self.auto_echo = True
        self.next_xid = 0x1000
        self.peer_hello = None
        self.echo_requests = []  # Echo requests the switch sent (Msg).

    def xid(self):
        self.next_xid += 1
        return self.next_xid

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass

    def send(self, data):
        self.sock.sendall(data)

    def send_msg(self, msg, xid=None):
        """Sends an os-ken message; returns its xid."""
        if xid is None:
            xid = self.xid()
        self.send(encode(msg, xid))
        return xid

    def _fill(self, deadline):
        """Reads more bytes; False on timeout; raises Closed at EOF."""
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            if isinstance(self.sock, ssl.SSLSocket) and self.sock.pending():
                pass
            else:
                r, _, _ = select.select([self.sock], [], [], left)
                if not r:
                    return False
            try:
                data = self.sock.recv(65536)
            except ssl.SSLWantReadError:
                continue
            except ConnectionResetError:
                data = b""
            if not data:
                raise Closed("%s: connection closed by the switch" %
                             self.name)
            self.inbuf += data
            return True

    def recv_any(self, timeout=5.0):
        """The next message (Msg), or None on timeout.  Raises Closed."""
        deadline = time.monotonic() + timeout
        while True:
            if len(self.inbuf) >= 8:
                length = struct.unpack_from("!H", self.inbuf, 2)[0]
                check(length >= 8, "switch sent a length of %d" % length)
                if len(self.inbuf) >= length:
                    m = Msg(self.inbuf[:length])
                    self.inbuf = self.inbuf[length:]
                    if m.type == T_ECHO_REQUEST:
                        self.echo_requests.append(m)
                        if self.auto_echo:
                            self.send(hdr(T_ECHO_REPLY, m.length, m.xid,
                                          m.version) + m.body)
                            continue
                    return m
            if not self._fill(deadline):
                return None

    def recv(self, timeout=5.0, what="a message"):
        m = self.recv_any(timeout)
        check(m is not None, "%s: no %s within %.1f s" % (self.name, what,
                                                           timeout))
        return m

    def expect(self, type_, xid=None, timeout=5.0, skip=(T_PORT_STATUS,)):
        """Waits for a message of 'type_' (and 'xid'); messages of the types
        in 'skip' are dropped; anything else fails the test."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            m = self.recv_any(max(left, 0))
            check(m is not None, "%s: no message of type %d (xid %s) within "
                  "%.1f s" % (self.name, type_, xid, timeout))
            if m.type == type_ and (xid is None or m.xid == xid):
                return m
            if m.type in skip:
                continue
            raise Fail("%s: expected type %d xid %s, got %r" %
                       (self.name, type_, xid, m))

    def quiet(self, timeout=0.5, skip=(T_PORT_STATUS,)):
        """Asserts that nothing (but 'skip' types) arrives for 'timeout'."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return
            m = self.recv_any(left)
            if m is None:
                return
            if m.type not in skip:
                raise Fail("%s: unexpected %r" % (self.name, m))

    def wait_closed(self, timeout=5.0):
        """True if the switch closes the connection within 'timeout'
        (messages before the close are returned in a list as well)."""
        got = []
        deadline = time.monotonic() + timeout
        try:
            while time.monotonic() < deadline:
                m = self.recv_any(deadline - time.monotonic())
                if m is not None:
                    got.append(m)
        except Closed:
            return True, got
        return False, got

    # --- Conversations. --------------------------------------------------

    def send_hello(self, version=OFP13, bitmap=1 << OFP13, elements=None,
                   xid=None):
        """Sends HELLO: header 'version', a version bitmap element unless
        'bitmap' is None, then raw 'elements' bytes."""
        body = b""
        if bitmap is not None:
            body += struct.pack("!HHI", 1, 8, bitmap)
        if elements:
            body += elements
        self.send(raw(T_HELLO, body, self.xid() if xid is None else xid,
                      version))

    def recv_hello(self, timeout=5.0):
        m = self.recv(timeout, "HELLO")
        check(m.type == T_HELLO, "%s: first message is %r, not HELLO" %
              (self.name, m))
        self.peer_hello = m
        return m

    def handshake(self, timeout=5.0):
        self.send_hello()
        h = self.recv_hello(timeout)
        check(h.version == OFP13, "switch HELLO version %d" % h.version)
        return h

    def echo(self, payload=b"", timeout=5.0, skip=(T_PORT_STATUS,)):
        """Checks the connection works: ECHO_REPLY with xid and payload."""
        xid = self.xid()
        self.send(raw(T_ECHO_REQUEST, payload, xid))
        m = self.expect(T_ECHO_REPLY, None, timeout, skip)
        check(m.xid == xid, "echo reply xid %#x, sent %#x" % (m.xid, xid))
        check(m.body == payload, "echo reply payload differs")
        return m

    def barrier(self, timeout=10.0):
        """Sends BARRIER_REQUEST; returns the messages before the reply."""
        xid = self.xid()
        self.send(raw(T_BARRIER_REQUEST, b"", xid))
        before = []
        deadline = time.monotonic() + timeout
        while True:
            m = self.recv(max(deadline - time.monotonic(), 0),
                          "BARRIER_REPLY")
            if m.type == T_BARRIER_REPLY and m.xid == xid:
                return before
            before.append(m)

    def request_error(self, data, etype, ecode, timeout=5.0):
        """Sends 'data' (one request) followed by a barrier; checks that the
        one message before the barrier reply is ERROR etype/ecode with the
        request's xid and (at least) its first 64 bytes."""
        self.send(data)
        before = [m for m in self.barrier(timeout)
                  if m.type != T_PORT_STATUS]
        xid = struct.unpack_from("!I", data, 4)[0]
        check(len(before) == 1 and before[0].type == T_ERROR,
              "expected one error %d/%d for %s, got %r" %
              (etype, ecode, data[:16].hex(), before))
        t, c, d = before[0].error()
        check((t, c) == (etype, ecode),
              "error %d/%d, expected %d/%d for %s" %
              (t, c, etype, ecode, data[:24].hex()))
        check(before[0].xid == xid, "error xid %#x, request xid %#x" %
              (before[0].xid, xid))
        n = min(len(data), 64)
        check(d[:n] == data[:n], "error data is not the request's first "
              "%d bytes" % n)
        return before[0]

    def request_ok(self, data, timeout=5.0):
        """Sends 'data' and a barrier; fails if anything comes back."""
        self.send(data)
        before = [m for m in self.barrier(timeout)
                  if m.type != T_PORT_STATUS]
        check(not before, "request %s answered with %r" %
              (data[:16].hex(), before))

    def multipart(self, req, timeout=10.0):
        """Sends an os-ken multipart request; returns the list of replies
        (Msg), checking that REPLY_MORE is set on all but the last."""
        xid = self.send_msg(req)
        replies = []
        deadline = time.monotonic() + timeout
        while True:
            m = self.expect(T_MULTIPART_REPLY, xid,
                            max(deadline - time.monotonic(), 0))
            replies.append(m)
            if not m.mp_flags() & 1:
                return replies

    def dump_flows(self, table_id=ofp.OFPTT_ALL):
        req = parser.OFPFlowStatsRequest(DP, table_id=table_id)
        out = []
        for m in self.multipart(req):
            check(m.msg is not None, "cannot parse flow stats reply")
            out.extend(m.msg.body)
        return out

    def dump_groups(self):
        out = []
        for m in self.multipart(parser.OFPGroupDescStatsRequest(DP)):
            out.extend(m.msg.body)
        return out

    def dump_meters(self):
        out = []
        for m in self.multipart(parser.OFPMeterConfigStatsRequest(DP)):
            out.extend(m.msg.body)
        return out

    def role(self, role, gen=0, timeout=5.0):
        """Sends ROLE_REQUEST; returns the reply or error (Msg)."""
        xid = self.send_msg(parser.OFPRoleRequest(DP, role, gen))
        m = self.recv(timeout, "ROLE_REPLY")
        while m.type == T_PORT_STATUS:
            m = self.recv(timeout, "ROLE_REPLY")
        check(m.xid == xid and m.type in (T_ROLE_REPLY, T_ERROR),
              "role request answered with %r" % m)
        return m


# --- Connecting. ----------------------------------------------------------

def tls_context(server, cert, key, ca, min_version=None, max_version=None):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER if server
                         else ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_REQUIRED
    ctx.load_cert_chain(cert, key)
    ctx.load_verify_locations(ca)
    if min_version is not None or max_version is not None:
        # Old protocol versions need the lowest security level to be
        # offered at all.
        ctx.set_ciphers("DEFAULT:@SECLEVEL=0")
    if min_version is not None:
        ctx.minimum_version = min_version
    if max_version is not None:
        ctx.maximum_version = max_version
    return ctx


def connect(target, tls=None, timeout=5.0):
    """Connects to "tcp:IP:PORT", "ssl:IP:PORT" (with 'tls', a client
    context) or "unix:PATH".  Retries until 'timeout' while the switch is
    starting."""
    kind, _, rest = target.partition(":")
    deadline = time.monotonic() + timeout
    while True:
        try:
            if kind == "unix":
                s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                s.connect(rest)
            else:
                host, _, port = rest.rpartition(":")
                s = socket.create_connection((host, int(port)), timeout=2)
                s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            break
        except (ConnectionRefusedError, FileNotFoundError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)
    if kind == "ssl":
        check(tls is not None, "ssl: target needs a TLS context")
        s.settimeout(timeout)
        s = tls.wrap_socket(s, server_side=False)
    s.settimeout(None)
    return Conn(s, target)


class Listener:
    """A controller's listening socket on 127.0.0.1 (port 0 = any)."""

    def __init__(self, port=0, tls=None):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", port))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.tls = tls

    def accept(self, timeout=10.0):
        """The next connection (Conn), or None on timeout.  With TLS, a
        failed handshake raises ssl.SSLError (the caller decides)."""
        r, _, _ = select.select([self.sock], [], [], timeout)
        if not r:
            return None
        s, addr = self.sock.accept()
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if self.tls:
            s.settimeout(timeout)
            try:
                s = self.tls.wrap_socket(s, server_side=True)
            except (ssl.SSLError, OSError):
                s.close()
                raise
            s.settimeout(None)
        return Conn(s, "switch %s:%d" % addr)

    def close(self):
        self.sock.close()


def env(name, default=None):
    v = os.environ.get(name, default)
    check(v is not None, "environment variable %s is not set" % name)
    return v
