#!/bin/bash
# tests/integration/tls.sh -- OpenFlow over TLS with certificates made here
# by the openssl command line: a CA, a switch and a controller certificate
# signed by it, and a second, untrusted CA with its own controller
# certificate.
#   - `--controller ssl:` reaches a TLS controller (mutual verification)
#     and completes HELLO; a controller whose certificate comes from the
#     wrong CA is refused and logged while the switch keeps running and
#     retrying, and the same controller with a good certificate is then
#     accepted; a controller offering only TLS 1.1 is refused.
#   - `--listen pssl:` accepts a client with a good certificate, and
#     refuses one from the wrong CA, one without a certificate and one
#     limited to TLS 1.1.
. "${top_srcdir:-.}/tests/integration/lib.sh"
itest_init tls
. "${top_srcdir:-.}/tests/integration/ofpeer.sh"
command -v openssl >/dev/null || { echo "tls: SKIP: no openssl"; exit 77; }

pki=$ITEST_DIR/pki
mkdir -p "$pki"
# mkca NAME CN: a self-signed CA.  mkcert NAME CN CA: a certificate from CA.
mkca() {
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
        -nodes -keyout "$pki/$1.key" -out "$pki/$1.pem" -days 2 \
        -subj "/O=ofswitch test/CN=$2" 2>>"$pki/log" || itest_fail "openssl CA $1"
}
mkcert() {
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
        -keyout "$pki/$1.key" -out "$pki/$1.csr" \
        -subj "/O=ofswitch test/CN=$2" 2>>"$pki/log" &&
        openssl x509 -req -in "$pki/$1.csr" -CA "$pki/$3.pem" \
            -CAkey "$pki/$3.key" -CAcreateserial -out "$pki/$1.pem" \
            -days 2 2>>"$pki/log" || itest_fail "openssl cert $1"
}
mkca ca "test CA"
mkca badca "untrusted CA"
mkcert switch "switch" ca
mkcert ctl "controller" ca
mkcert badctl "controller" badca
openssl verify -CAfile "$pki/ca.pem" "$pki/switch.pem" >/dev/null || itest_fail "pki"
openssl verify -CAfile "$pki/ca.pem" "$pki/badctl.pem" >/dev/null 2>&1 &&
    itest_fail "pki: the untrusted CA verifies"

cport=$(peer_free_port)
lport=$(peer_free_port)
mport=$(peer_free_port)
export OFS_PKI=$pki OFS_CPORT=$cport OFS_LPORT=$lport OFS_MPORT=$mport
export OFS_READY=$ITEST_DIR/ready OFS_LOG=$ITEST_DIR/ofswitchd.log

peer - <<'EOF' &
import os, ssl, time
import ofpeer as P
from ofpeer import check

pki = P.env("OFS_PKI")
f = lambda n: os.path.join(pki, n)

def ctx(server, name, ca="ca", **kw):
    return P.tls_context(server, f(name + ".pem"), f(name + ".key"),
                         f(ca + ".pem"), **kw)

def log_text():
    with open(P.env("OFS_LOG")) as fp:
        return fp.read()

def mgmt_ok():
    m = P.connect("tcp:127.0.0.1:%s" % P.env("OFS_MPORT"))
    m.handshake()
    m.echo(b"switch alive")
    m.close()

def refused_by_switch(lst, what, n=1, timeout=12):
    """The next 'n' attempts of the switch on 'lst' fail in the TLS
    handshake or before HELLO."""
    for i in range(n):
        try:
            s = lst.accept(timeout)
        except (ssl.SSLError, OSError):
            continue
        check(s is not None, "%s: the switch did not retry" % what)
        try:
            s.send_hello()
            m = s.recv_any(3)
            raise P.Fail("%s: switch talked over TLS: %r" % (what, m))
        except (P.Closed, ssl.SSLError, OSError):
            pass
        s.close()

def client_refused(what, context):
    """A client with 'context' cannot get an OpenFlow HELLO out of the
    pssl: listener."""
    try:
        c = P.connect("ssl:127.0.0.1:%s" % P.env("OFS_LPORT"), tls=context)
    except (ssl.SSLError, OSError):
        return
    try:
        c.send_hello()
        m = c.recv_any(3)
    except (P.Closed, ssl.SSLError, OSError):
        return
    raise P.Fail("%s: pssl: listener talked to it: %r" % (what, m))

def tls11_works():
    """True if this machine's OpenSSL can do TLS 1.1 at all (so that the
    refusals below prove the switch's minimum, not a local limitation)."""
    import socket, threading
    srv = ctx(True, "ctl", min_version=ssl.TLSVersion.TLSv1,
              max_version=ssl.TLSVersion.TLSv1_1)
    cli = ctx(False, "ctl", min_version=ssl.TLSVersion.TLSv1,
              max_version=ssl.TLSVersion.TLSv1_1)
    a, b = socket.socketpair()
    res = {}
    def serve():
        try:
            res["s"] = srv.wrap_socket(a, server_side=True).version()
        except Exception as e:
            res["e"] = e
    t = threading.Thread(target=serve)
    t.start()
    try:
        v = cli.wrap_socket(b).version()
    except Exception:
        v = None
    t.join()
    a.close()
    b.close()
    return v == "TLSv1.1"

def main():
    # The controller first presents a certificate from the wrong CA.
    ctl = P.Listener(int(P.env("OFS_CPORT")), ctx(True, "badctl"))
    open(P.env("OFS_READY"), "w").close()
    refused_by_switch(ctl, "controller with an untrusted certificate", 1)
    # A client that connects to pssl: and never starts TLS is dropped
    # (checked at the end).
    import socket
    idle = socket.create_connection(("127.0.0.1", int(P.env("OFS_LPORT"))))
    t_idle = time.monotonic()
    refused_by_switch(ctl, "controller with an untrusted certificate", 2)
    mgmt_ok()
    text = log_text()
    check("certificate verify failed" in text or "unknown ca" in text,
          "the refused controller certificate was not logged")
    print("untrusted controller refused 3 times; switch alive")

    # The same controller with a good certificate: accepted, mutually
    # verified, HELLO and requests work.
    ctl.tls = ctx(True, "ctl")
    c = ctl.accept(12)
    check(c is not None, "switch did not retry the controller")
    c.handshake()
    c.echo(b"over TLS")
    xid = c.xid()
    c.send(P.raw(P.T_FEATURES_REQUEST, b"", xid))
    c.expect(P.T_FEATURES_REPLY, xid)
    cert = c.sock.getpeercert()
    cn = dict(x[0] for x in cert["subject"])["commonName"]
    check(cn == "switch", "switch presented %r" % cn)
    check(c.sock.version() in ("TLSv1.2", "TLSv1.3"),
          "negotiated %s" % c.sock.version())
    print("controller over %s with the switch's certificate" %
          c.sock.version())

    # pssl: a good client works; bad ones are refused.
    good = ctx(False, "ctl")
    s = P.connect("ssl:127.0.0.1:%s" % P.env("OFS_LPORT"), tls=good)
    s.handshake()
    s.echo(b"pssl")
    client_refused("client from the untrusted CA", ctx(False, "badctl"))
    nocert = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    nocert.check_hostname = False
    nocert.load_verify_locations(f("ca.pem"))
    client_refused("client without a certificate", nocert)
    # A client that does not trust the switch's CA gives up by itself.
    client_refused("client trusting only the other CA",
                   ctx(False, "ctl", ca="badca"))
    if tls11_works():
        client_refused("TLS 1.1 client", ctx(
            False, "ctl", min_version=ssl.TLSVersion.TLSv1,
            max_version=ssl.TLSVersion.TLSv1_1))
        print("TLS 1.1 client refused")
    else:
        print("note: local OpenSSL cannot do TLS 1.1; skipping that case")
    s.echo(b"pssl still")
    s2 = P.connect("ssl:127.0.0.1:%s" % P.env("OFS_LPORT"), tls=good)
    s2.handshake()
    s2.echo(b"pssl again")
    s.close()
    s2.close()
    c.echo(b"controller still")

    # A controller that offers only TLS 1.1 is refused by the switch.
    if tls11_works():
        ctl.tls = ctx(True, "ctl", min_version=ssl.TLSVersion.TLSv1,
                      max_version=ssl.TLSVersion.TLSv1_1)
        c.close()
        refused_by_switch(ctl, "TLS 1.1 controller", 2)
        ctl.tls = ctx(True, "ctl")
        c = ctl.accept(12)
        check(c is not None, "switch did not come back to the controller")
        c.handshake()
        c.echo(b"TLS again")
        print("TLS 1.1 controller refused")
    mgmt_ok()

    idle.settimeout(max(t_idle + 14 - time.monotonic(), 0.1))
    try:
        data = idle.recv(100)
    except socket.timeout:
        raise P.Fail("a client that never started TLS was not dropped")
    except OSError:
        data = b""
    check(data == b"", "switch sent %r before the TLS handshake" % data)

P.run(main)
EOF
peer_pid=$!
ITEST_PIDS="$ITEST_PIDS $peer_pid"
for i in $(seq 50); do [ -f "$OFS_READY" ] && break; sleep 0.1; done
itest_switch --controller "ssl:127.0.0.1:$cport" --listen "pssl:$lport" \
    --listen "ptcp:$mport" --private-key "$pki/switch.key" \
    --certificate "$pki/switch.pem" --ca-cert "$pki/ca.pem"
wait "$peer_pid" || itest_fail "TLS"
grep -q "pssl:.*peer did not return a certificate" "$ITEST_DIR/ofswitchd.log" ||
    itest_fail "the client without a certificate was not logged"
grep -q "pssl:.*peer certificate refused" "$ITEST_DIR/ofswitchd.log" ||
    itest_fail "the client with an untrusted certificate was not logged"
peer_stop_switch
itest_log PASS
