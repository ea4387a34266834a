"""os-ken's OpenFlow Switch Test Tool, with its SCTP checksum fixed.

osken-manager loads this module instead of os_ken/tests/switch/tester.py.
It is the same application (a subclass with no changes) except for one
repair made before any packet is built:

os_ken.lib.packet.sctp.sctp._checksum iterates over ``str(data)``.  Under
Python 3 that is the text "bytearray(b'...')", not the bytes, so every SCTP
frame the tester builds -- the frames it sends AND the expected frames it
compares against -- carries a wrong CRC32c.  A switch that rewrites an SCTP
header (set_field sctp_src/sctp_dst) must recompute the checksum; the
correct value then differs from the tester's wrong expectation and a
correct switch fails.  The replacement below computes CRC32c (RFC 3309,
Castagnoli, reflected polynomial 0x82F63B78) over the bytes the tester
itself serialised for the expected frame, with the checksum field zeroed,
exactly as the original intended; it never looks at what the switch sent.
The result is returned in the byte order the original returns (it is
packed with '!I' after a little-endian swap, which puts the CRC's least
significant byte first on the wire, as RFC 4960 Appendix B requires).
"""

import struct

from os_ken.lib.packet import sctp as _sctp
from os_ken.tests.switch import tester as _tester


def _make_table():
    table = []
    for i in range(256):
        crc = i
        for _ in range(8):
            crc = (crc >> 1) ^ 0x82F63B78 if crc & 1 else crc >> 1
        table.append(crc)
    return table


_TABLE = _make_table()


def crc32c(data):
    crc = 0xFFFFFFFF
    for b in bytes(data):
        crc = (crc >> 8) ^ _TABLE[(crc ^ b) & 0xFF]
    return (~crc) & 0xFFFFFFFF


def _fixed_checksum(self, data):
    return struct.unpack(">I", struct.pack("<I", crc32c(data)))[0]


_sctp.sctp._checksum = _fixed_checksum


class OfTester(_tester.OfTester):
    """The unchanged tester application, loaded from this module."""

    # The runner must tell a switch that failed a throughput case from a
    # tester that could not offer its load (a busy machine): count the
    # packet-outs the tester really sent during each continuous send and
    # log the offered rate next to the rate the test file asked for.  The
    # summariser reads these "OFFERED" lines.
    def _continuous_packet_send(self, pkt):
        import time

        sw = self.tester_sw
        sent = [0]
        orig = sw.send_packet_out

        def counting_send(data):
            sent[0] += 1
            return orig(data)

        sw.send_packet_out = counting_send
        start = time.monotonic()
        try:
            return super()._continuous_packet_send(pkt)
        finally:
            elapsed = time.monotonic() - start
            sw.send_packet_out = orig
            want = pkt[_tester.KEY_PACKETS][_tester.KEY_PKTPS]
            got = sent[0] / elapsed if elapsed > 0 else 0.0
            self.logger.info("        OFFERED %.1f pktps of %d requested "
                             "(%d packets in %.1f s)", got, want, sent[0],
                             elapsed)
