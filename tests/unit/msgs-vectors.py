#!/usr/bin/python3
# tests/unit/msgs-vectors.py -- generates the known-good OpenFlow 1.3 wire
# vectors embedded in test-msgs.c and test-multipart.c, using os-ken
# (Debian's python3-os-ken) as the oracle.  Messages os-ken can build
# (controller-to-switch ones) come from its serializer; messages it only
# parses (replies, asynchronous messages) are packed with its struct
# format strings and its match/instruction/bucket/band serializers, then
# parsed back by os-ken to prove it reads them as intended.  Run it with
# Debian's /usr/bin/python3 and paste its output into the tests:
#   /usr/bin/python3 tests/unit/msgs-vectors.py

import struct

from os_ken.ofproto import ofproto_parser
from os_ken.ofproto import ofproto_v1_3 as o
from os_ken.ofproto import ofproto_v1_3_parser as p
from os_ken.ofproto.ofproto_protocol import ProtocolDesc

dp = ProtocolDesc(o.OFP_VERSION)
XID = 0x12345678
vectors = []


def ser(name, msg):
    msg.xid = XID
    msg.serialize()
    # os-ken parses only what a switch sends; requests are printed as built.
    version, msg_type, msg_len, xid = ofproto_parser.header(msg.buf)
    parse = (dp.ofproto_parser.__dict__.get('_MSG_PARSERS', {})
             .get(msg_type) is not None)
    add(name, bytes(msg.buf), parse)


def packed(name, msg_type, body):
    """A message os-ken only parses: header + body, parsed back."""
    buf = bytearray(struct.pack('!BBHI', 4, msg_type, 8 + len(body), XID))
    buf += body
    add(name, bytes(buf))


def add(name, buf, parse=True):
    parsed = 'built by os-ken'
    if parse:
        version, msg_type, msg_len, xid = ofproto_parser.header(buf)
        parsed = ofproto_parser.msg(dp, version, msg_type, msg_len, xid, buf)
    vectors.append((name, buf, parsed))


def mp_reply(mp_type, body, flags=0):
    return struct.pack('!HH4x', mp_type, flags) + body


def bucket_bytes(bucket):
    buf = bytearray()
    bucket.serialize(buf, 0)
    return bytes(buf)


def match_bytes(match):
    buf = bytearray()
    match.serialize(buf, 0)
    return bytes(buf)


def inst_bytes(insts):
    buf = bytearray()
    for i in insts:
        i.serialize(buf, len(buf))
    return bytes(buf)


def port_bytes(port_no, hw, name, state, curr, speed):
    return struct.pack(o.OFP_PORT_PACK_STR, port_no, bytes.fromhex(hw),
                       name, 0, state, curr, 0, 0, 0, speed, speed)


# --- Symmetric and controller-to-switch messages. -------------------------

ser('hello', p.OFPHello(dp))
add('hello_bitmap',
    struct.pack('!BBHI', 4, 0, 16, XID) + struct.pack('!HHI', 1, 8, 0x12))
ser('error', p.OFPErrorMsg(dp, type_=o.OFPET_BAD_REQUEST,
                           code=o.OFPBRC_BAD_LEN,
                           data=bytes.fromhex('0405000800000001')))
ser('error_exp', p.OFPErrorMsg(dp, type_=0xffff, exp_type=2600,
                               experimenter=0x4f4e4600, data=b'\x04\x0e'))
ser('echo_request', p.OFPEchoRequest(dp, data=b'hello'))
ser('echo_reply', p.OFPEchoReply(dp, data=b'hello'))
ser('experimenter', p.OFPExperimenter(dp, experimenter=0x2320, exp_type=7,
                                      data=b'\x01\x02\x03\x04'))
ser('features_request', p.OFPFeaturesRequest(dp))
packed('features_reply', o.OFPT_FEATURES_REPLY,
       struct.pack('!QIBB2xII', 0x0000000000000abc, 256, 254, 0, 0x47, 0))
ser('get_config_request', p.OFPGetConfigRequest(dp))
packed('get_config_reply', o.OFPT_GET_CONFIG_REPLY, struct.pack('!HH', 1, 128))
ser('set_config', p.OFPSetConfig(dp, flags=2, miss_send_len=0xffe5))

frame = bytes.fromhex('ffffffffffff0011223344550806')
packed('packet_in', o.OFPT_PACKET_IN,
       struct.pack('!IHBBQ', 0xffffffff, len(frame), 1, 2, 0x1234)
       + match_bytes(p.OFPMatch(in_port=3)) + b'\x00\x00' + frame)
packed('flow_removed', o.OFPT_FLOW_REMOVED,
       struct.pack('!QHBBIIHHQQ', 0xabcd, 100, 2, 1, 10, 500, 30, 60, 7, 700)
       + match_bytes(p.OFPMatch(eth_type=0x0800, ipv4_dst='10.0.0.1')))
packed('port_status', o.OFPT_PORT_STATUS,
       struct.pack('!B7x', 2) + port_bytes(1, '001122334455', b'eth0', 4,
                                           0x2808, 10000000))
ser('packet_out', p.OFPPacketOut(dp, buffer_id=0xffffffff,
                                 in_port=o.OFPP_CONTROLLER,
                                 actions=[p.OFPActionOutput(1, 0)],
                                 data=frame))
ser('flow_mod', p.OFPFlowMod(
    dp, cookie=0x1122334455667788, cookie_mask=0, table_id=1,
    command=o.OFPFC_ADD, idle_timeout=10, hard_timeout=20, priority=300,
    buffer_id=0xffffffff, out_port=o.OFPP_ANY, out_group=o.OFPG_ANY,
    flags=o.OFPFF_SEND_FLOW_REM,
    match=p.OFPMatch(in_port=1, eth_type=0x0800),
    instructions=[
        p.OFPInstructionActions(o.OFPIT_APPLY_ACTIONS,
                                [p.OFPActionOutput(2, 0)]),
        p.OFPInstructionGotoTable(2)]))
ser('group_mod', p.OFPGroupMod(
    dp, command=o.OFPGC_ADD, type_=o.OFPGT_SELECT, group_id=5,
    buckets=[p.OFPBucket(weight=10, watch_port=o.OFPP_ANY,
                         watch_group=o.OFPG_ANY,
                         actions=[p.OFPActionOutput(2, 0)]),
             p.OFPBucket(weight=20, watch_port=o.OFPP_ANY,
                         watch_group=o.OFPG_ANY,
                         actions=[p.OFPActionOutput(3, 0)])]))
ser('port_mod', p.OFPPortMod(dp, port_no=3, hw_addr='00:11:22:33:44:55',
                             config=1, mask=1, advertise=0x20))
ser('table_mod', p.OFPTableMod(dp, table_id=1, config=3))
ser('barrier_request', p.OFPBarrierRequest(dp))
ser('barrier_reply', p.OFPBarrierReply(dp))
ser('queue_get_config_request', p.OFPQueueGetConfigRequest(dp, port=1))
packed('queue_get_config_reply', o.OFPT_QUEUE_GET_CONFIG_REPLY,
       struct.pack('!I4x', 1)
       + struct.pack('!IIH6x', 1, 1, 48)
       + struct.pack('!HH4xH6x', 1, 16, 100)
       + struct.pack('!HH4xH6x', 2, 16, 1000)
       + struct.pack('!IIH6x', 2, 1, 36)
       + struct.pack('!HH4xI4x', 0xffff, 20, 0x2320) + b'\xaa\xbb\xcc\xdd')
ser('role_request', p.OFPRoleRequest(dp, role=o.OFPCR_ROLE_MASTER,
                                     generation_id=0x0102030405060708))
packed('role_reply', o.OFPT_ROLE_REPLY,
       struct.pack('!I4xQ', o.OFPCR_ROLE_SLAVE, 0x0102030405060708))
ser('get_async_request', p.OFPGetAsyncRequest(dp))
packed('get_async_reply', o.OFPT_GET_ASYNC_REPLY,
       struct.pack('!2I2I2I', 3, 0, 7, 7, 15, 0))
ser('set_async', p.OFPSetAsync(dp, [3, 0], [7, 7], [15, 0]))
ser('meter_mod', p.OFPMeterMod(
    dp, command=o.OFPMC_ADD,
    flags=o.OFPMF_KBPS | o.OFPMF_BURST | o.OFPMF_STATS, meter_id=1,
    bands=[p.OFPMeterBandDrop(rate=1000, burst_size=100),
           p.OFPMeterBandDscpRemark(rate=2000, burst_size=200,
                                    prec_level=1)]))

# --- Multipart requests. --------------------------------------------------

ser('mpreq_desc', p.OFPDescStatsRequest(dp, 0))
ser('mpreq_flow', p.OFPFlowStatsRequest(
    dp, 0, table_id=0xff, out_port=o.OFPP_ANY, out_group=o.OFPG_ANY,
    cookie=0, cookie_mask=0, match=p.OFPMatch(in_port=1)))
ser('mpreq_aggregate', p.OFPAggregateStatsRequest(
    dp, 0, 1, o.OFPP_ANY, o.OFPG_ANY, 0x10, 0xff, p.OFPMatch()))
ser('mpreq_table', p.OFPTableStatsRequest(dp, 0))
ser('mpreq_port_stats', p.OFPPortStatsRequest(dp, 0, o.OFPP_ANY))
ser('mpreq_queue', p.OFPQueueStatsRequest(dp, 0, 1, o.OFPQ_ALL))
ser('mpreq_group', p.OFPGroupStatsRequest(dp, 0, o.OFPG_ALL))
ser('mpreq_group_desc', p.OFPGroupDescStatsRequest(dp, 0))
ser('mpreq_group_features', p.OFPGroupFeaturesStatsRequest(dp, 0))
ser('mpreq_meter', p.OFPMeterStatsRequest(dp, 0, o.OFPM_ALL))
ser('mpreq_meter_config', p.OFPMeterConfigStatsRequest(dp, 0, 1))
ser('mpreq_meter_features', p.OFPMeterFeaturesStatsRequest(dp, 0))
ser('mpreq_table_features', p.OFPTableFeaturesStatsRequest(dp, 0))

features = p.OFPTableFeaturesStats(
    table_id=0, name=b'classifier', metadata_match=0xffffffffffffffff,
    metadata_write=0xffffffffffffffff, config=0, max_entries=1000000,
    properties=[
        p.OFPTableFeaturePropInstructions(
            type_=o.OFPTFPT_INSTRUCTIONS,
            instruction_ids=[p.OFPInstructionId(o.OFPIT_GOTO_TABLE),
                             p.OFPInstructionId(o.OFPIT_APPLY_ACTIONS)]),
        p.OFPTableFeaturePropNextTables(type_=o.OFPTFPT_NEXT_TABLES,
                                        table_ids=[1, 2, 3]),
        p.OFPTableFeaturePropActions(
            type_=o.OFPTFPT_WRITE_ACTIONS,
            action_ids=[p.OFPActionId(o.OFPAT_OUTPUT),
                        p.OFPActionId(o.OFPAT_GROUP)]),
        p.OFPTableFeaturePropOxm(
            type_=o.OFPTFPT_MATCH,
            # os-ken writes OXM ids with a zero length field.
            oxm_ids=[p.OFPOxmId(type_='in_port'),
                     p.OFPOxmId(type_='eth_dst', hasmask=True)]),
        p.OFPTableFeaturePropExperimenter(
            type_=o.OFPTFPT_EXPERIMENTER, experimenter=0x2320, exp_type=9,
            data=[1, 2]),
    ])
ser('mpreq_table_features_set', p.OFPTableFeaturesStatsRequest(
    dp, 0, body=[features]))
ser('mpreq_port_desc', p.OFPPortDescStatsRequest(dp, 0))
ser('mpreq_experimenter', p.OFPExperimenterStatsRequest(
    dp, 0, experimenter=0x2320, exp_type=1, data=b'abcd'))

# --- Multipart replies. ---------------------------------------------------

R = o.OFPT_MULTIPART_REPLY
packed('mprep_desc', R, mp_reply(o.OFPMP_DESC, struct.pack(
    o.OFP_DESC_PACK_STR, b'ofswitch project', b'software', b'0.1.0',
    b'0123456789abcdef0123456789abcdef', b'dp0')))

fs_match = match_bytes(p.OFPMatch(in_port=1))
fs_insts = inst_bytes([p.OFPInstructionActions(
    o.OFPIT_APPLY_ACTIONS, [p.OFPActionOutput(2, 0)])])
fs1 = struct.pack('!HBxIIHHHH4xQQQ', 48 + len(fs_match) + len(fs_insts), 0,
                  5, 6000, 100, 10, 20, 1, 0xabc, 3, 180) + fs_match + fs_insts
fs2_match = match_bytes(p.OFPMatch())
fs2 = struct.pack('!HBxIIHHHH4xQQQ', 48 + len(fs2_match), 1, 1, 2, 0, 0, 0,
                  0, 0, 0, 0) + fs2_match
packed('mprep_flow', R, mp_reply(o.OFPMP_FLOW, fs1 + fs2))
packed('mprep_aggregate', R, mp_reply(o.OFPMP_AGGREGATE,
                                      struct.pack('!QQI4x', 10, 1000, 2)))
packed('mprep_table', R, mp_reply(
    o.OFPMP_TABLE, struct.pack('!B3xIQQ', 0, 2, 100, 90)
    + struct.pack('!B3xIQQ', 1, 0, 10, 0)))
packed('mprep_port_stats', R, mp_reply(
    o.OFPMP_PORT_STATS, struct.pack(o.OFP_PORT_STATS_PACK_STR, 1, *range(
        1, 13), 30, 40)))
packed('mprep_queue', R, mp_reply(
    o.OFPMP_QUEUE, struct.pack('!IIQQQII', 1, 2, 3000, 30, 0, 5, 6)))
packed('mprep_group', R, mp_reply(
    o.OFPMP_GROUP, struct.pack('!H2xII4xQQII', 72, 5, 1, 10, 1000, 7, 8)
    + struct.pack('!QQ', 4, 400) + struct.pack('!QQ', 6, 600)))
gd_bucket = bucket_bytes(p.OFPBucket(weight=0, watch_port=o.OFPP_ANY,
                                     watch_group=o.OFPG_ANY,
                                     actions=[p.OFPActionOutput(1, 0)]))
packed('mprep_group_desc', R, mp_reply(
    o.OFPMP_GROUP_DESC, struct.pack('!HBxI', 8 + len(gd_bucket),
                                    o.OFPGT_ALL, 5) + gd_bucket))
packed('mprep_group_features', R, mp_reply(
    o.OFPMP_GROUP_FEATURES, struct.pack('!II4I4I', 0xf, 0x5, 1, 2, 3, 4,
                                        0x1, 0x2, 0x3, 0x4)))
packed('mprep_meter', R, mp_reply(
    o.OFPMP_METER, struct.pack('!IH6xIQQII', 1, 56, 2, 30, 3000, 9, 10)
    + struct.pack('!QQ', 5, 500)))
band = bytearray()
p.OFPMeterBandDrop(rate=1000, burst_size=100).serialize(band, 0)
packed('mprep_meter_config', R, mp_reply(
    o.OFPMP_METER_CONFIG, struct.pack('!HHI', 8 + len(band),
                                      o.OFPMF_KBPS, 1) + bytes(band)))
packed('mprep_meter_features', R, mp_reply(
    o.OFPMP_METER_FEATURES, struct.pack('!IIIBB2x', 1024, 6, 0xf, 4, 2)))
tfbuf = features.serialize()
packed('mprep_table_features', R, mp_reply(o.OFPMP_TABLE_FEATURES,
                                           bytes(tfbuf)))
packed('mprep_port_desc', R, mp_reply(
    o.OFPMP_PORT_DESC,
    port_bytes(1, '001122334455', b'eth0', 4, 0x2808, 10000000)
    + port_bytes(o.OFPP_LOCAL, '0a0b0c0d0e0f', b'br0', 0, 0, 0)))
packed('mprep_experimenter', R, mp_reply(
    0xffff, struct.pack('!II', 0x2320, 1) + b'wxyz'))

for name, buf, parsed in vectors:
    print('/* %s: %s */' % (name, str(parsed)[:600].replace('*/', '* /')))
    hexstr = buf.hex()
    print('static const char %s_hex[] =' % name.upper())
    for i in range(0, len(hexstr), 64):
        print('    "%s"' % hexstr[i:i + 64])
    print('    ;')
