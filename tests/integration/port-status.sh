#!/bin/bash
# tests/integration/port-status.sh -- link state follows the real
# interfaces, both ways (reference section 1.10): `ip link set DEV down` on
# a veth port gives the controller PORT_STATUS MODIFY with PORT_DOWN and
# LINK_DOWN within about 2 s, and `up` another MODIFY; losing carrier (the
# peer end going down) gives LINK_DOWN without PORT_DOWN; a PORT_MOD with
# PORT_DOWN brings the interface down (as `ip link` shows) with
# PORT_STATUS, and clearing it brings it back; nothing is reported while
# nothing changes.
. "${top_srcdir:-.}/tests/integration/lib.sh"
itest_init port-status
. "${top_srcdir:-.}/tests/integration/ofpeer.sh"

v1=$(itest_host h1 10.235.0.1)
v2=$(itest_host h2 10.235.0.2)
cport=$(peer_free_port)
export OFS_CPORT=$cport OFS_V1=$v1 OFS_V2=$v2 OFS_NS1=$ITEST_PFX-h1
export OFS_READY=$ITEST_DIR/ready

peer - <<'EOF' &
import subprocess, time
import ofpeer as P
from ofpeer import check, parser, DP

PORT_DOWN, LINK_DOWN, LIVE = 1, 1, 4
MODIFY = 2

def sh(*cmd):
    subprocess.run(cmd, check=True)

def admin_up(dev):
    out = subprocess.run(["ip", "-o", "link", "show", dev], check=True,
                         capture_output=True, text=True).stdout
    flags = out.split("<", 1)[1].split(">", 1)[0].split(",")
    return "UP" in flags

def wait_status(c, port_no, pred, what, timeout=2.5):
    """The PORT_STATUS messages for 'port_no' until one satisfies 'pred';
    fails after 'timeout' seconds."""
    t0 = time.monotonic()
    while True:
        left = t0 + timeout - time.monotonic()
        m = c.recv_any(max(left, 0))
        check(m is not None, "%s: no matching PORT_STATUS within %.1f s" %
              (what, timeout))
        if m.type != P.T_PORT_STATUS:
            check(m.type == P.T_PACKET_IN, "%s: unexpected %r" % (what, m))
            continue
        d = m.msg.desc
        check(m.msg.reason == MODIFY, "%s: reason %d" % (what, m.msg.reason))
        if d.port_no == port_no and pred(d):
            return d, time.monotonic() - t0

def port_desc(c, port_no):
    for m in c.multipart(parser.OFPPortDescStatsRequest(DP)):
        for d in m.msg.body:
            if d.port_no == port_no:
                return d
    raise P.Fail("no port %d in PORT_DESC" % port_no)

def main():
    v1, v2 = P.env("OFS_V1"), P.env("OFS_V2")
    lst = P.Listener(int(P.env("OFS_CPORT")))
    open(P.env("OFS_READY"), "w").close()
    c = lst.accept(15)
    check(c is not None, "switch did not connect")
    c.handshake()

    d = port_desc(c, 1)
    check(d.name.rstrip(b"\0").decode() == v1, "port 1 is %r" % d.name)
    check(not d.config & PORT_DOWN and d.state & LIVE and
          not d.state & LINK_DOWN, "port 1 at start: config %#x state %#x" %
          (d.config, d.state))
    local = port_desc(c, 0xfffffffe)
    check(local.config & PORT_DOWN, "LOCAL port is not administratively "
          "down at start")

    # Nothing changes: nothing is reported.
    c.quiet(2.5, skip=(P.T_PACKET_IN,))

    # Administratively down, then up again, from the host.
    sh("ip", "link", "set", v1, "down")
    d, t = wait_status(c, 1, lambda d: d.state & LINK_DOWN, "link down")
    check(d.config & PORT_DOWN, "admin down without PORT_DOWN: %#x" %
          d.config)
    check(not d.state & LIVE, "LIVE while down")
    print("ip link set down -> PORT_STATUS in %.1f s" % t)
    sh("ip", "link", "set", v1, "up")
    d, t = wait_status(c, 1, lambda d: not d.state & LINK_DOWN, "link up")
    check(not d.config & PORT_DOWN and d.state & LIVE,
          "after up: config %#x state %#x" % (d.config, d.state))
    print("ip link set up -> PORT_STATUS in %.1f s" % t)

    # Carrier lost: the far end goes down; the port stays admin up.
    sh("ip", "-n", P.env("OFS_NS1"), "link", "set", "eth0", "down")
    d, t = wait_status(c, 1, lambda d: d.state & LINK_DOWN, "carrier down")
    check(not d.config & PORT_DOWN, "carrier loss reported as PORT_DOWN")
    sh("ip", "-n", P.env("OFS_NS1"), "link", "set", "eth0", "up")
    d, t = wait_status(c, 1, lambda d: d.state & LIVE, "carrier up", 4)
    c.quiet(1.5, skip=(P.T_PACKET_IN,))

    # PORT_MOD PORT_DOWN on port 2: the interface goes down.
    hw = port_desc(c, 2).hw_addr
    c.send_msg(parser.OFPPortMod(DP, 2, hw, PORT_DOWN, PORT_DOWN, 0))
    d, t = wait_status(c, 2, lambda d: d.config & PORT_DOWN, "PORT_MOD down")
    check(not admin_up(v2), "PORT_MOD PORT_DOWN left %s up" % v2)
    check(port_desc(c, 2).config & PORT_DOWN, "PORT_DESC after PORT_MOD")
    # The link state follows (no carrier while down).
    if not d.state & LINK_DOWN:
        wait_status(c, 2, lambda d: d.state & LINK_DOWN,
                    "link state after PORT_MOD")
    c.send_msg(parser.OFPPortMod(DP, 2, hw, 0, PORT_DOWN, 0))
    d, t = wait_status(c, 2, lambda d: not d.config & PORT_DOWN,
                       "PORT_MOD up")
    check(admin_up(v2), "PORT_MOD without PORT_DOWN left %s down" % v2)
    if not d.state & LIVE:
        wait_status(c, 2, lambda d: d.state & LIVE, "live after PORT_MOD",
                    4)
    c.quiet(1.5, skip=(P.T_PACKET_IN,))
    print("PORT_MOD brings %s down and up" % v2)

P.run(main)
EOF
peer_pid=$!
ITEST_PIDS="$ITEST_PIDS $peer_pid"
for i in $(seq 50); do [ -f "$OFS_READY" ] && break; sleep 0.1; done
itest_switch --port "afpacket:$v1" --port "afpacket:$v2" \
    --controller "tcp:127.0.0.1:$cport" --fail-mode secure
wait "$peer_pid" || itest_fail "port status"
peer_stop_switch
itest_log PASS
