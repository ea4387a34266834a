#!/usr/bin/python3
# tests/cross/gen-osken-vectors.py -- known-good OpenFlow 1.3 vectors made
# by os-ken (python3-os-ken), an implementation nobody here wrote.
#
# For every OpenFlow 1.3 message type and every multipart request and reply
# type this script builds one or more messages with os-ken's
# ofproto_v1_3_parser, turns them into bytes, and records what os-ken says
# the message contains.  tests/cross/test-osken.c decodes the bytes with
# ofp_msg_decode(), compares the decoded model with those expectations and
# re-encodes, so a bug shared by our encoder and decoder cannot hide behind
# a round trip.
#
# Where the bytes come from ("source" in the output):
#   serialize  msg.serialize() of an os-ken message object; the expected
#              values are that object's attributes.
#   pack       os-ken cannot serialize the class (it only parses it: HELLO
#              with elements, FEATURES_REPLY, GET_CONFIG_REPLY, PACKET_IN,
#              FLOW_REMOVED, PORT_STATUS, every MULTIPART_REPLY,
#              QUEUE_GET_CONFIG_REPLY, ROLE_REPLY, GET_ASYNC_REPLY); the
#              bytes are packed with os-ken's own struct formats and
#              constants (ofproto_v1_3.*_PACK_STR) and os-ken's serializers
#              for the parts it has (OFPMatch, instructions, actions,
#              buckets, bands, table features), then parsed back with
#              os-ken's message parser; the expected values are the
#              attributes of os-ken's *parsed* object.
#
# Re-encoding: test-osken.c requires ofp_msg_encode() to give back os-ken's
# bytes exactly for every vector except those marked reencode=false, where
# os-ken's bytes are not canonical: hello_unknown_elem (an unknown HELLO
# element is skipped on decode, as OF1.3.5 §7.5.1 says, so it cannot be
# re-encoded).  os-ken writes OXM fields in ascending field-id order (it
# sorts OFPMatch kwargs by OXM type), which is also our encoder's order,
# and the instructions here are listed in our encoder's execution order.
#
# os-ken quirks worked around (os-ken 2.5.0, Debian 12):
#   - OFPPacketOut.serialize() with an empty action list writes the fixed
#     part over the first 16 bytes of the data (packet_out_noactions is
#     packed instead);
#   - OFPHello.parser() loops forever on a HELLO element whose length is
#     not a multiple of 8 (it does not skip the padding), so the unknown
#     element here is 16 bytes long;
#   - OFPOxmId.serialize() always writes oxm_length 0 (os-ken's comment
#     says the spec is unclear); the expectations use the parsed ids, so
#     the length on the wire is what is checked.
#
# Expected values are flat "key value" pairs in the naming scheme that
# test-osken.c uses to flatten a decoded 'struct ofp_msg' (see that file):
# integers in decimal, byte strings and OXM values in lowercase hex (wire
# order), names as text.  OXM fields are keyed by their OXM field id
# ("flow_mod.match.f11" is IPV4_SRC) so the key does not depend on a name
# table.
#
# Outputs (the committed copies live beside this script):
#   osken-vectors.json  every vector: name, message type, source, hex,
#                       whether the re-encoding must be byte-identical,
#                       expected values, and os-ken's own rendering.
#   osken-vectors.txt   the same, line-based, read by test-osken.c.
# With --corpus DIR it also writes seed corpora for the fuzz targets:
#   DIR/msg/osken-NAME          one whole message per file;
#   DIR/oxm/osken-NAME-N        each ofp_match structure;
#   DIR/actions/osken-NAME-N    selector byte + action list, instruction
#                               list, bucket list or band list (the
#                               selector is what fuzz-actions.c reads).
#
# Usage: /usr/bin/python3 gen-osken-vectors.py OUTDIR [--corpus DIR]
# (Debian's python3 is the one that has os_ken.)

import binascii
import json
import os
import struct
import sys

from os_ken.ofproto import ofproto_common
from os_ken.ofproto import ofproto_parser
from os_ken.ofproto import ofproto_v1_3 as ofp
from os_ken.ofproto import ofproto_v1_3_parser as parser
from os_ken.ofproto.ofproto_protocol import ProtocolDesc
from os_ken.lib import addrconv

DP = ProtocolDesc(version=ofp.OFP_VERSION)

# Selector bytes understood by tests/fuzz/fuzz-actions.c.
SEL_ACTIONS, SEL_INSTRUCTIONS, SEL_BUCKETS, SEL_BANDS = 0, 1, 2, 3


def hx(b):
    return binascii.hexlify(bytes(b)).decode('ascii')


def mac(s):
    return addrconv.mac.text_to_bin(s)


# --- Flattening os-ken objects into expected values. ----------------------

class Flat(object):
    """Ordered "key value" expectations."""

    def __init__(self):
        self.items = []

    def put(self, key, value):
        if isinstance(value, bool):
            value = int(value)
        if isinstance(value, (bytes, bytearray)):
            value = hx(value)
        self.items.append((key, str(value)))


def flat_match(f, p, match):
    """OXM fields of an os-ken OFPMatch, keyed by field id."""
    n = 0
    raws = []
    for (name, uv) in match.items():
        num, value, mask = ofp.oxm_from_user(name, uv)
        if isinstance(num, tuple):
            raws.append((num, value, mask))
            continue
        assert num >> 7 == ofp.OFPXMC_OPENFLOW_BASIC
        field = num & 0x7f
        f.put('%s.match.f%d' % (p, field), value)
        if mask is not None:
            f.put('%s.match.f%d.mask' % (p, field), mask)
        n += 1
    f.put('%s.match.n' % p, n)
    f.put('%s.match.n_raw' % p, len(raws))
    for i, ((exp, oxm_type), value, mask) in enumerate(raws):
        # Experimenter OXM: class 0xffff, field, hasmask, length counts
        # the experimenter id too (OF1.3.5 §7.2.3.2).
        length = 4 + len(value) * (2 if mask is not None else 1)
        header = ((oxm_type << 9) | ((mask is not None) << 8) | length)
        f.put('%s.match.raw.%d.header' % (p, i), header)
        f.put('%s.match.raw.%d.experimenter' % (p, i), exp)
        f.put('%s.match.raw.%d.data' % (p, i),
              bytes(value) + (bytes(mask) if mask is not None else b''))


def flat_actions(f, p, actions):
    f.put('%s.n' % p, len(actions))
    for i, a in enumerate(actions):
        q = '%s.%d' % (p, i)
        f.put(q + '.type', a.type)
        if a.type == ofp.OFPAT_OUTPUT:
            f.put(q + '.port', a.port)
            f.put(q + '.max_len', a.max_len)
        elif a.type in (ofp.OFPAT_SET_MPLS_TTL,):
            f.put(q + '.ttl', a.mpls_ttl)
        elif a.type in (ofp.OFPAT_SET_NW_TTL,):
            f.put(q + '.ttl', a.nw_ttl)
        elif a.type in (ofp.OFPAT_PUSH_VLAN, ofp.OFPAT_PUSH_MPLS,
                        ofp.OFPAT_POP_MPLS, ofp.OFPAT_PUSH_PBB):
            f.put(q + '.ethertype', a.ethertype)
        elif a.type == ofp.OFPAT_SET_QUEUE:
            f.put(q + '.queue_id', a.queue_id)
        elif a.type == ofp.OFPAT_GROUP:
            f.put(q + '.group_id', a.group_id)
        elif a.type == ofp.OFPAT_SET_FIELD:
            num, value, mask = ofp.oxm_from_user(a.key, a.value)
            assert mask is None
            f.put(q + '.field', num & 0x7f)
            f.put(q + '.value', value)
        elif a.type == ofp.OFPAT_EXPERIMENTER:
            f.put(q + '.experimenter', a.experimenter)
            f.put(q + '.data', a.data)


def flat_instructions(f, p, insts):
    present = 0
    for inst in insts:
        present |= 1 << inst.type
    f.put(p + '.present', present)
    for inst in insts:
        t = inst.type
        if t == ofp.OFPIT_GOTO_TABLE:
            f.put(p + '.goto_table', inst.table_id)
        elif t == ofp.OFPIT_WRITE_METADATA:
            f.put(p + '.metadata', inst.metadata)
            f.put(p + '.metadata_mask', inst.metadata_mask)
        elif t == ofp.OFPIT_WRITE_ACTIONS:
            flat_actions(f, p + '.write', inst.actions)
        elif t == ofp.OFPIT_APPLY_ACTIONS:
            flat_actions(f, p + '.apply', inst.actions)
        elif t == ofp.OFPIT_METER:
            f.put(p + '.meter_id', inst.meter_id)


def flat_buckets(f, p, buckets):
    f.put(p + '.n', len(buckets))
    for i, b in enumerate(buckets):
        q = '%s.%d' % (p, i)
        f.put(q + '.weight', b.weight)
        f.put(q + '.watch_port', b.watch_port)
        f.put(q + '.watch_group', b.watch_group)
        flat_actions(f, q + '.actions', b.actions)


def flat_bands(f, p, bands):
    f.put(p + '.n', len(bands))
    for i, b in enumerate(bands):
        q = '%s.%d' % (p, i)
        f.put(q + '.type', b.type)
        f.put(q + '.rate', b.rate)
        f.put(q + '.burst_size', b.burst_size)
        if b.type == ofp.OFPMBT_DSCP_REMARK:
            f.put(q + '.prec_level', b.prec_level)
        elif b.type == ofp.OFPMBT_EXPERIMENTER:
            f.put(q + '.experimenter', b.experimenter)


def flat_port(f, p, port):
    f.put(p + '.port_no', port.port_no)
    f.put(p + '.hw_addr', mac(port.hw_addr))
    name = port.name
    if isinstance(name, bytes):
        name = name.decode('ascii')
    f.put(p + '.name', name)
    for k in ('config', 'state', 'curr', 'advertised', 'supported', 'peer',
              'curr_speed', 'max_speed'):
        f.put(p + '.' + k, getattr(port, k))


def oxm_id_header(oid):
    """The 64-bit id test-osken.c expects for an os-ken OFPOxmId."""
    (num, _v, _m) = ofp.oxm_from_user(oid.type, None)
    if isinstance(num, tuple):
        exp, oxm_type = num
        return (exp << 32) | (oxm_type << 9) | (int(oid.hasmask) << 8) | \
            (oid.length or 0)
    return (num << 9) | (int(oid.hasmask) << 8) | (oid.length or 0)


def flat_table_features(f, p, tf):
    f.put(p + '.table_id', tf.table_id)
    name = tf.name
    if isinstance(name, bytes):
        name = name.decode('ascii')
    f.put(p + '.name', name)
    f.put(p + '.metadata_match', tf.metadata_match)
    f.put(p + '.metadata_write', tf.metadata_write)
    f.put(p + '.config', tf.config)
    f.put(p + '.max_entries', tf.max_entries)
    f.put(p + '.n_props', len(tf.properties))
    for i, prop in enumerate(tf.properties):
        q = '%s.prop.%d' % (p, i)
        f.put(q + '.type', prop.type)
        if hasattr(prop, 'instruction_ids'):
            ids = [x.type for x in prop.instruction_ids]
        elif hasattr(prop, 'table_ids'):
            ids = list(prop.table_ids)
        elif hasattr(prop, 'action_ids'):
            ids = [x.type for x in prop.action_ids]
        elif hasattr(prop, 'oxm_ids'):
            ids = [oxm_id_header(x) for x in prop.oxm_ids]
        else:
            ids = None
        if ids is not None:
            f.put(q + '.ids', ','.join('%d' % x for x in ids))
        else:
            f.put(q + '.experimenter', prop.experimenter)
            f.put(q + '.exp_type', prop.exp_type)
            f.put(q + '.data',
                  b''.join(struct.pack('!I', d) for d in prop.data))


def flat_flow_stats_request(f, p, m):
    f.put(p + '.table_id', m.table_id)
    f.put(p + '.out_port', m.out_port)
    f.put(p + '.out_group', m.out_group)
    f.put(p + '.cookie', m.cookie)
    f.put(p + '.cookie_mask', m.cookie_mask)
    flat_match(f, p, m.match)


def flat_mp_request(f, m):
    f.put('mp.type', m.type)
    f.put('mp.flags', m.flags)
    t = m.type
    if t in (ofp.OFPMP_FLOW, ofp.OFPMP_AGGREGATE):
        flat_flow_stats_request(f, 'mp.flow', m)
    elif t == ofp.OFPMP_PORT_STATS:
        f.put('mp.port_no', m.port_no)
    elif t == ofp.OFPMP_QUEUE:
        f.put('mp.queue.port_no', m.port_no)
        f.put('mp.queue.queue_id', m.queue_id)
    elif t == ofp.OFPMP_GROUP:
        f.put('mp.group_id', m.group_id)
    elif t in (ofp.OFPMP_METER, ofp.OFPMP_METER_CONFIG):
        f.put('mp.meter_id', m.meter_id)
    elif t == ofp.OFPMP_TABLE_FEATURES:
        f.put('mp.n', len(m.body))
        for i, tf in enumerate(m.body):
            flat_table_features(f, 'mp.%d' % i, tf)
    elif t == ofp.OFPMP_EXPERIMENTER:
        f.put('mp.exp.experimenter', m.experimenter)
        f.put('mp.exp.exp_type', m.exp_type)
        f.put('mp.exp.data', m.data)


def flat_mp_reply(f, m):
    f.put('mp.type', m.type)
    f.put('mp.flags', m.flags)
    t = m.type
    body = m.body
    single = (ofp.OFPMP_DESC, ofp.OFPMP_AGGREGATE, ofp.OFPMP_GROUP_FEATURES,
              ofp.OFPMP_METER_FEATURES, ofp.OFPMP_EXPERIMENTER)
    if t in single and isinstance(body, list):
        # os-ken keeps some single-struct bodies (METER_FEATURES) in a list.
        assert len(body) == 1
        body = body[0]
    if t == ofp.OFPMP_DESC:
        for k in ('mfr_desc', 'hw_desc', 'sw_desc', 'serial_num', 'dp_desc'):
            f.put('mp.desc.' + k, getattr(body, k).decode('ascii'))
        return
    if t == ofp.OFPMP_AGGREGATE:
        for k in ('packet_count', 'byte_count', 'flow_count'):
            f.put('mp.aggregate.' + k, getattr(body, k))
        return
    if t == ofp.OFPMP_GROUP_FEATURES:
        f.put('mp.group_features.types', body.types)
        f.put('mp.group_features.capabilities', body.capabilities)
        for i in range(4):
            f.put('mp.group_features.max_groups.%d' % i, body.max_groups[i])
            f.put('mp.group_features.actions.%d' % i, body.actions[i])
        return
    if t == ofp.OFPMP_METER_FEATURES:
        for k in ('max_meter', 'band_types', 'capabilities', 'max_bands',
                  'max_color'):
            f.put('mp.meter_features.' + k, getattr(body, k))
        return
    if t == ofp.OFPMP_EXPERIMENTER:
        f.put('mp.exp.experimenter', body.experimenter)
        f.put('mp.exp.exp_type', body.exp_type)
        f.put('mp.exp.data', body.data)
        return
    f.put('mp.n', len(body))
    for i, e in enumerate(body):
        q = 'mp.%d' % i
        if t == ofp.OFPMP_FLOW:
            for k in ('table_id', 'duration_sec', 'duration_nsec',
                      'priority', 'idle_timeout', 'hard_timeout', 'flags',
                      'cookie', 'packet_count', 'byte_count'):
                f.put(q + '.' + k, getattr(e, k))
            flat_match(f, q, e.match)
            flat_instructions(f, q + '.inst', e.instructions)
        elif t == ofp.OFPMP_TABLE:
            for k in ('table_id', 'active_count', 'lookup_count',
                      'matched_count'):
                f.put(q + '.' + k, getattr(e, k))
        elif t == ofp.OFPMP_PORT_STATS:
            for k in ('port_no', 'rx_packets', 'tx_packets', 'rx_bytes',
                      'tx_bytes', 'rx_dropped', 'tx_dropped', 'rx_errors',
                      'tx_errors', 'rx_frame_err', 'rx_over_err',
                      'rx_crc_err', 'collisions', 'duration_sec',
                      'duration_nsec'):
                f.put(q + '.' + k, getattr(e, k))
        elif t == ofp.OFPMP_QUEUE:
            for k in ('port_no', 'queue_id', 'tx_bytes', 'tx_packets',
                      'tx_errors', 'duration_sec', 'duration_nsec'):
                f.put(q + '.' + k, getattr(e, k))
        elif t == ofp.OFPMP_GROUP:
            for k in ('group_id', 'ref_count', 'packet_count', 'byte_count',
                      'duration_sec', 'duration_nsec'):
                f.put(q + '.' + k, getattr(e, k))
            f.put(q + '.n_buckets', len(e.bucket_stats))
            for j, bc in enumerate(e.bucket_stats):
                f.put('%s.bucket.%d.packet_count' % (q, j), bc.packet_count)
                f.put('%s.bucket.%d.byte_count' % (q, j), bc.byte_count)
        elif t == ofp.OFPMP_GROUP_DESC:
            f.put(q + '.type', e.type)
            f.put(q + '.group_id', e.group_id)
            flat_buckets(f, q + '.buckets', e.buckets)
        elif t == ofp.OFPMP_METER:
            for k in ('meter_id', 'flow_count', 'packet_in_count',
                      'byte_in_count', 'duration_sec', 'duration_nsec'):
                f.put(q + '.' + k, getattr(e, k))
            f.put(q + '.n_bands', len(e.band_stats))
            for j, bs in enumerate(e.band_stats):
                f.put('%s.band.%d.packet_band_count' % (q, j),
                      bs.packet_band_count)
                f.put('%s.band.%d.byte_band_count' % (q, j),
                      bs.byte_band_count)
        elif t == ofp.OFPMP_METER_CONFIG:
            f.put(q + '.flags', e.flags)
            f.put(q + '.meter_id', e.meter_id)
            flat_bands(f, q + '.bands', e.bands)
        elif t == ofp.OFPMP_TABLE_FEATURES:
            flat_table_features(f, q, e)
        elif t == ofp.OFPMP_PORT_DESC:
            flat_port(f, q, e)
        else:
            raise AssertionError('unhandled multipart type %d' % t)


def flatten(m):
    """Expected values for a whole os-ken message object."""
    f = Flat()
    f.put('version', m.version)
    f.put('type', m.msg_type)
    f.put('xid', m.xid)
    t = m.msg_type
    if t == ofp.OFPT_HELLO:
        bitmaps = [e for e in m.elements
                   if isinstance(e, parser.OFPHelloElemVersionBitmap)]
        f.put('hello.has_bitmap', bool(bitmaps))
        if bitmaps:
            f.put('hello.bitmap', sum(1 << v for v in bitmaps[0].versions
                                      if v < 32))
    elif t == ofp.OFPT_ERROR:
        f.put('error.type', m.type)
        if m.type == ofp.OFPET_EXPERIMENTER:
            f.put('error.code', m.exp_type)
            f.put('error.experimenter', m.experimenter)
        else:
            f.put('error.code', m.code)
        f.put('error.data', m.data)
    elif t in (ofp.OFPT_ECHO_REQUEST, ofp.OFPT_ECHO_REPLY):
        f.put('echo.data', m.data or b'')
    elif t == ofp.OFPT_EXPERIMENTER:
        f.put('experimenter.experimenter', m.experimenter)
        f.put('experimenter.exp_type', m.exp_type)
        f.put('experimenter.data', m.data)
    elif t == ofp.OFPT_FEATURES_REPLY:
        for k in ('datapath_id', 'n_buffers', 'n_tables', 'auxiliary_id',
                  'capabilities'):
            f.put('features.' + k, getattr(m, k))
    elif t in (ofp.OFPT_GET_CONFIG_REPLY, ofp.OFPT_SET_CONFIG):
        f.put('config.flags', m.flags)
        f.put('config.miss_send_len', m.miss_send_len)
    elif t == ofp.OFPT_PACKET_IN:
        for k in ('buffer_id', 'total_len', 'reason', 'table_id', 'cookie'):
            f.put('packet_in.' + k, getattr(m, k))
        flat_match(f, 'packet_in', m.match)
        f.put('packet_in.data', m.data)
    elif t == ofp.OFPT_FLOW_REMOVED:
        for k in ('cookie', 'priority', 'reason', 'table_id',
                  'duration_sec', 'duration_nsec', 'idle_timeout',
                  'hard_timeout', 'packet_count', 'byte_count'):
            f.put('flow_removed.' + k, getattr(m, k))
        flat_match(f, 'flow_removed', m.match)
    elif t == ofp.OFPT_PORT_STATUS:
        f.put('port_status.reason', m.reason)
        flat_port(f, 'port_status.desc', m.desc)
    elif t == ofp.OFPT_PACKET_OUT:
        f.put('packet_out.buffer_id', m.buffer_id)
        f.put('packet_out.in_port', m.in_port)
        flat_actions(f, 'packet_out.actions', m.actions)
        f.put('packet_out.data', m.data or b'')
    elif t == ofp.OFPT_FLOW_MOD:
        for k in ('cookie', 'cookie_mask', 'table_id', 'command',
                  'idle_timeout', 'hard_timeout', 'priority', 'buffer_id',
                  'out_port', 'out_group', 'flags'):
            f.put('flow_mod.' + k, getattr(m, k))
        flat_match(f, 'flow_mod', m.match)
        flat_instructions(f, 'flow_mod.inst', m.instructions)
    elif t == ofp.OFPT_GROUP_MOD:
        f.put('group_mod.command', m.command)
        f.put('group_mod.type', m.type)
        f.put('group_mod.group_id', m.group_id)
        flat_buckets(f, 'group_mod.buckets', m.buckets)
    elif t == ofp.OFPT_PORT_MOD:
        f.put('port_mod.port_no', m.port_no)
        f.put('port_mod.hw_addr', mac(m.hw_addr))
        f.put('port_mod.config', m.config)
        f.put('port_mod.mask', m.mask)
        f.put('port_mod.advertise', m.advertise)
    elif t == ofp.OFPT_TABLE_MOD:
        f.put('table_mod.table_id', m.table_id)
        f.put('table_mod.config', m.config)
    elif t == ofp.OFPT_MULTIPART_REQUEST:
        flat_mp_request(f, m)
    elif t == ofp.OFPT_MULTIPART_REPLY:
        flat_mp_reply(f, m)
    elif t == ofp.OFPT_QUEUE_GET_CONFIG_REQUEST:
        f.put('queue_get_config.port', m.port)
    elif t == ofp.OFPT_QUEUE_GET_CONFIG_REPLY:
        f.put('queue_config.port', m.port)
        f.put('queue_config.n', len(m.queues))
        for i, q in enumerate(m.queues):
            p = 'queue_config.%d' % i
            f.put(p + '.queue_id', q.queue_id)
            f.put(p + '.port', q.port)
            min_rate = max_rate = 0xffffffff
            exps = []
            for prop in q.properties:
                if prop.property == ofp.OFPQT_MIN_RATE:
                    min_rate = prop.rate
                elif prop.property == ofp.OFPQT_MAX_RATE:
                    max_rate = prop.rate
                elif prop.property == ofp.OFPQT_EXPERIMENTER:
                    exps.append(prop)
            f.put(p + '.min_rate', min_rate)
            f.put(p + '.max_rate', max_rate)
            f.put(p + '.n_exp', len(exps))
            for j, e in enumerate(exps):
                f.put('%s.exp.%d.experimenter' % (p, j), e.experimenter)
                f.put('%s.exp.%d.data' % (p, j), bytes(e.data))
    elif t in (ofp.OFPT_ROLE_REQUEST, ofp.OFPT_ROLE_REPLY):
        f.put('role.role', m.role)
        f.put('role.generation_id', m.generation_id)
    elif t in (ofp.OFPT_GET_ASYNC_REPLY, ofp.OFPT_SET_ASYNC):
        for k in ('packet_in_mask', 'port_status_mask', 'flow_removed_mask'):
            for i in range(2):
                f.put('async.%s.%d' % (k, i), getattr(m, k)[i])
    elif t == ofp.OFPT_METER_MOD:
        f.put('meter_mod.command', m.command)
        f.put('meter_mod.flags', m.flags)
        f.put('meter_mod.meter_id', m.meter_id)
        flat_bands(f, 'meter_mod.bands', m.bands)
    return f


# --- Building vectors. ----------------------------------------------------

VECTORS = []
CORPUS = {'msg': [], 'oxm': [], 'actions': []}


class Vector(object):
    def __init__(self, name, data, obj, source, reencode=True, note='',
                 error=None):
        self.name = name
        self.data = bytes(data)
        self.obj = obj
        self.source = source
        self.reencode = reencode
        self.note = note
        self.error = error


def add(name, data, obj, source, **kw):
    assert not any(v.name == name for v in VECTORS), name
    VECTORS.append(Vector(name, data, obj, source, **kw))
    CORPUS['msg'].append((name, bytes(data)))


def ser(name, msg, xid, **kw):
    """A vector from os-ken's own serializer."""
    msg.set_xid(xid)
    msg.serialize()
    add(name, msg.buf, msg, 'serialize', **kw)
    return msg


def packed(name, msg_type, xid, body, **kw):
    """A vector packed with os-ken's formats and parsed back by os-ken."""
    data = bytearray(struct.pack(ofp.OFP_HEADER_PACK_STR, ofp.OFP_VERSION,
                                 msg_type, ofp.OFP_HEADER_SIZE + len(body),
                                 xid)) + bytes(body)
    version, mtype, mlen, mxid = ofproto_parser.header(bytes(data))
    obj = ofproto_parser.msg(DP, version, mtype, mlen, mxid, bytes(data))
    assert obj is not None, name
    add(name, data, obj, 'pack', **kw)
    return obj


def match_bytes(match):
    buf = bytearray()
    match.serialize(buf, 0)
    CORPUS['oxm'].append(bytes(buf))
    return bytes(buf)


def actions_bytes(actions):
    buf = bytearray()
    for a in actions:
        a.serialize(buf, len(buf))
    CORPUS['actions'].append(bytes([SEL_ACTIONS]) + bytes(buf))
    return bytes(buf)


def insts_bytes(insts):
    buf = bytearray()
    for i in insts:
        i.serialize(buf, len(buf))
    CORPUS['actions'].append(bytes([SEL_INSTRUCTIONS]) + bytes(buf))
    return bytes(buf)


def buckets_bytes(buckets):
    buf = bytearray()
    for b in buckets:
        b.serialize(buf, len(buf))
    CORPUS['actions'].append(bytes([SEL_BUCKETS]) + bytes(buf))
    return bytes(buf)


def bands_bytes(bands):
    buf = bytearray()
    for b in bands:
        b.serialize(buf, len(buf))
    CORPUS['actions'].append(bytes([SEL_BANDS]) + bytes(buf))
    return bytes(buf)


def port_bytes(port_no, hw_addr, name, *rest):
    return struct.pack(ofp.OFP_PORT_PACK_STR, port_no, mac(hw_addr),
                       name.encode('ascii'), *rest)


P = parser

# Matches covering all 40 OpenFlow-basic fields, with masks on every
# maskable kind of field.  Field values respect the masks and the
# prerequisites (OF1.3.5 §7.2.3.6).
M_IPV4_TCP = P.OFPMatch(
    in_port=1, in_phy_port=2,
    metadata=(0x0123456789abcdef, 0xffffffff00000000 | 0xff00),
    eth_dst=('0a:0b:0c:0d:0e:0f', 'ff:ff:ff:00:00:00'),
    eth_src='00:11:22:33:44:55', eth_type=0x0800,
    vlan_vid=0x1000 | 10, vlan_pcp=5, ip_dscp=46, ip_ecn=2, ip_proto=6,
    ipv4_src=('192.168.1.0', '255.255.255.0'), ipv4_dst='10.0.0.1',
    tcp_src=12345, tcp_dst=80,
    tunnel_id=(0x1122334455667788, 0xffffffffffff0000))
M_IPV4_UDP = P.OFPMatch(
    eth_src=('00:11:22:00:00:00', 'ff:ff:ff:00:00:00'),
    vlan_vid=(0x1000, 0x1000), eth_type=0x0800, ip_proto=17,
    ipv4_dst=('172.16.0.0', '255.240.0.0'), udp_src=53, udp_dst=5353)
M_SCTP = P.OFPMatch(eth_type=0x0800, ip_proto=132, sctp_src=3868,
                    sctp_dst=2905)
M_ICMP4 = P.OFPMatch(in_port=7, eth_type=0x0800, ip_proto=1, icmpv4_type=8,
                     icmpv4_code=0)
M_ARP = P.OFPMatch(eth_type=0x0806, arp_op=1,
                   arp_spa=('10.1.0.0', '255.255.0.0'), arp_tpa='10.1.2.3',
                   arp_sha=('00:00:5e:00:00:00', 'ff:ff:ff:00:00:00'),
                   arp_tha='ff:ff:ff:ff:ff:ff')
M_ND_NS = P.OFPMatch(
    eth_type=0x86dd,
    ip_proto=58,
    ipv6_src=('2001:db8::', 'ffff:ffff::'),
    ipv6_dst='ff02::1:ff00:1',
    ipv6_flabel=(0x12345, 0xfffff),
    icmpv6_type=135, icmpv6_code=0,
    ipv6_nd_target='2001:db8::1', ipv6_nd_sll='00:00:00:00:00:01',
    ipv6_exthdr=(0x0041, 0x01ff))
M_ND_NA = P.OFPMatch(eth_type=0x86dd, ip_proto=58, icmpv6_type=136,
                     ipv6_nd_target='fe80::1', ipv6_nd_tll='02:00:00:00:00:02',
                     ipv6_exthdr=0x0004)
M_MPLS = P.OFPMatch(in_port=3, eth_type=0x8847, mpls_label=0xfffff,
                    mpls_tc=3, mpls_bos=1)
M_PBB = P.OFPMatch(eth_type=0x88e7, pbb_isid=(0xabcdef, 0xffff00))
M_IPV6_TCP = P.OFPMatch(eth_type=0x86dd, ip_proto=6, ip_dscp=10,
                        ipv6_src='2001:db8:1::10', ipv6_dst=(
                            '2001:db8:2::', 'ffff:ffff:ffff:ffff::'),
                        tcp_dst=443)
M_UNTAGGED = P.OFPMatch(vlan_vid=0x0000, metadata=7)
M_EMPTY = P.OFPMatch()
ALL_MATCHES = [M_IPV4_TCP, M_IPV4_UDP, M_SCTP, M_ICMP4, M_ARP, M_ND_NS,
               M_ND_NA, M_MPLS, M_PBB, M_IPV6_TCP, M_UNTAGGED]


def a_out(port, max_len=0):
    return P.OFPActionOutput(port, max_len)


# All 16 actions (OF1.3.5 §7.2.5).
ACTIONS_TTL = [P.OFPActionCopyTtlIn(), P.OFPActionPopVlan(),
               P.OFPActionPushMpls(0x8847), P.OFPActionPushPbb(0x88e7),
               P.OFPActionPushVlan(0x88a8), P.OFPActionCopyTtlOut(),
               P.OFPActionDecMplsTtl(), P.OFPActionDecNwTtl(),
               P.OFPActionSetMplsTtl(64), P.OFPActionSetNwTtl(17),
               P.OFPActionSetQueue(3), P.OFPActionGroup(9),
               a_out(ofp.OFPP_CONTROLLER, 128)]
ACTIONS_POP = [P.OFPActionPopPbb(), P.OFPActionPopMpls(0x0800),
               P.OFPActionPushVlan(0x8100), a_out(ofp.OFPP_IN_PORT),
               a_out(1), a_out(ofp.OFPP_FLOOD), a_out(ofp.OFPP_ALL),
               a_out(ofp.OFPP_NORMAL), a_out(ofp.OFPP_LOCAL),
               a_out(ofp.OFPP_TABLE),
               a_out(ofp.OFPP_CONTROLLER, ofp.OFPCML_NO_BUFFER),
               a_out(ofp.OFPP_MAX)]
# set_field on settable fields of every width.
ACTIONS_SET = [P.OFPActionSetField(eth_dst='02:00:00:00:00:ff'),
               P.OFPActionSetField(eth_src='02:00:00:00:00:01'),
               P.OFPActionSetField(vlan_vid=0x1000 | 42),
               P.OFPActionSetField(vlan_pcp=3),
               P.OFPActionSetField(ip_dscp=18),
               P.OFPActionSetField(ip_ecn=1),
               P.OFPActionSetField(ipv4_src='192.0.2.1'),
               P.OFPActionSetField(ipv4_dst='198.51.100.7'),
               P.OFPActionSetField(tcp_src=1024),
               P.OFPActionSetField(tcp_dst=8080),
               P.OFPActionSetField(tunnel_id=0xfedcba9876543210),
               a_out(2)]
ACTIONS_SET6 = [P.OFPActionSetField(ipv6_src='2001:db8::a'),
                P.OFPActionSetField(ipv6_dst='2001:db8::b'),
                P.OFPActionSetField(ipv6_flabel=0xabcde),
                P.OFPActionSetField(ipv6_nd_target='2001:db8::c'),
                P.OFPActionSetField(ipv6_nd_sll='02:11:22:33:44:55'),
                P.OFPActionSetField(mpls_label=16),
                P.OFPActionSetField(mpls_tc=7),
                P.OFPActionSetField(mpls_bos=0),
                P.OFPActionSetField(pbb_isid=0x010203),
                P.OFPActionSetField(arp_op=2),
                P.OFPActionSetField(arp_spa='10.0.0.9'),
                P.OFPActionSetField(arp_tha='02:aa:bb:cc:dd:ee'),
                P.OFPActionSetField(udp_dst=4789),
                P.OFPActionSetField(sctp_src=9),
                P.OFPActionSetField(icmpv4_type=0),
                P.OFPActionSetField(icmpv6_code=1),
                a_out(3, 0)]


def build_all():
    xid = [0x100]

    def nx():
        xid[0] += 1
        return xid[0]

    # HELLO (0).
    ser('hello', P.OFPHello(DP), nx())
    bm = struct.pack(ofp.OFP_HELLO_ELEM_VERSIONBITMAP_HEADER_PACK_STR,
                     ofp.OFPHET_VERSIONBITMAP, 8) + \
        struct.pack('!I', (1 << 1) | (1 << 3) | (1 << 4))
    packed('hello_bitmap', ofp.OFPT_HELLO, nx(), bm)
    # An unknown element first: receivers must skip it (OF1.3.5 §7.5.1).
    # (Its length is a multiple of 8: os-ken's HELLO parser does not skip
    # element padding and would loop on a padded element.)
    unk = struct.pack('!HH', 0x7777, 16) + bytes(range(1, 13))
    bm2 = struct.pack('!HHI', ofp.OFPHET_VERSIONBITMAP, 8, 1 << 4)
    packed('hello_unknown_elem', ofp.OFPT_HELLO, nx(), unk + bm2,
           reencode=False,
           note='unknown HELLO element is skipped, not re-encoded')

    # ERROR (1).
    fm = P.OFPFlowMod(DP, match=M_ICMP4, instructions=[])
    fm.set_xid(0x42)
    fm.serialize()
    ser('error_bad_prereq',
        P.OFPErrorMsg(DP, ofp.OFPET_BAD_MATCH, ofp.OFPBMC_BAD_PREREQ,
                      bytes(fm.buf[:64])), nx())
    ser('error_hello_failed',
        P.OFPErrorMsg(DP, ofp.OFPET_HELLO_FAILED, ofp.OFPHFC_INCOMPATIBLE,
                      b'no common version'), nx())
    ser('error_bad_action',
        P.OFPErrorMsg(DP, ofp.OFPET_BAD_ACTION, ofp.OFPBAC_BAD_OUT_PORT,
                      bytes(fm.buf[:16])), nx())
    ser('error_experimenter',
        P.OFPErrorExperimenterMsg(DP, exp_type=2600,
                                  experimenter=ofproto_common.ONF_EXPERIMENTER_ID,
                                  data=bytes(fm.buf[:24])), nx())

    # ECHO_REQUEST (2), ECHO_REPLY (3).
    ser('echo_request', P.OFPEchoRequest(DP, b'ping 12345678'), nx())
    ser('echo_request_empty', P.OFPEchoRequest(DP), nx())
    ser('echo_reply', P.OFPEchoReply(DP, b'\x00\x01\x02\xff'), nx())

    # EXPERIMENTER (4).
    ser('experimenter', P.OFPExperimenter(DP, 0x00abcdef, 7,
                                          b'opaque experimenter body'), nx())

    # FEATURES_REQUEST (5), FEATURES_REPLY (6).
    ser('features_request', P.OFPFeaturesRequest(DP), nx())
    packed('features_reply', ofp.OFPT_FEATURES_REPLY, nx(),
           struct.pack(ofp.OFP_SWITCH_FEATURES_PACK_STR, 0x0000aabbccddeeff,
                       256, 254, 0,
                       ofp.OFPC_FLOW_STATS | ofp.OFPC_TABLE_STATS |
                       ofp.OFPC_PORT_STATS | ofp.OFPC_GROUP_STATS |
                       ofp.OFPC_QUEUE_STATS | ofp.OFPC_PORT_BLOCKED, 0))

    # GET_CONFIG_REQUEST (7), GET_CONFIG_REPLY (8), SET_CONFIG (9).
    ser('get_config_request', P.OFPGetConfigRequest(DP), nx())
    packed('get_config_reply', ofp.OFPT_GET_CONFIG_REPLY, nx(),
           struct.pack(ofp.OFP_SWITCH_CONFIG_PACK_STR, ofp.OFPC_FRAG_DROP,
                       128))
    ser('set_config', P.OFPSetConfig(DP, ofp.OFPC_FRAG_REASM, 0xffe5), nx())

    # PACKET_IN (10).  Body: fixed part, ofp_match, 2 pad bytes, frame.
    frame = bytes.fromhex('ffffffffffff0011223344550806'
                          '0001080006040001001122334455c0a80001'
                          '000000000000c0a80002')
    pim = P.OFPMatch(in_port=5, in_phy_port=6, metadata=0x1234,
                     tunnel_id=99)
    packed('packet_in', ofp.OFPT_PACKET_IN, nx(),
           struct.pack(ofp.OFP_PACKET_IN_PACK_STR, ofp.OFP_NO_BUFFER,
                       len(frame), ofp.OFPR_ACTION, 3, 0xfeedfacecafebeef) +
           match_bytes(pim) + b'\0\0' + frame)
    packed('packet_in_nomatch_buffered', ofp.OFPT_PACKET_IN, nx(),
           struct.pack(ofp.OFP_PACKET_IN_PACK_STR, 0x1234, 1500,
                       ofp.OFPR_NO_MATCH, 0, 0xffffffffffffffff) +
           match_bytes(P.OFPMatch(in_port=1)) + b'\0\0' + frame[:14])
    # Experimenter OXM (ONF tcp_flags, EXT-109) is kept verbatim.
    pim2 = P.OFPMatch(in_port=2, tcp_flags=0x012)
    packed('packet_in_exp_oxm', ofp.OFPT_PACKET_IN, nx(),
           struct.pack(ofp.OFP_PACKET_IN_PACK_STR, ofp.OFP_NO_BUFFER, 14,
                       ofp.OFPR_INVALID_TTL, 1, 7) +
           match_bytes(pim2) + b'\0\0' + frame[:14])

    # FLOW_REMOVED (11).
    packed('flow_removed', ofp.OFPT_FLOW_REMOVED, nx(),
           struct.pack(ofp.OFP_FLOW_REMOVED_PACK_STR0, 0xc00c1e, 1000,
                       ofp.OFPRR_IDLE_TIMEOUT, 4, 3600, 500000000, 60, 300,
                       123456789, 987654321012) + match_bytes(M_ARP))

    # PORT_STATUS (12).
    packed('port_status', ofp.OFPT_PORT_STATUS, nx(),
           struct.pack('!B7x', ofp.OFPPR_MODIFY) +
           port_bytes(7, '02:00:00:00:07:07', 'eth7',
                      ofp.OFPPC_NO_FWD | ofp.OFPPC_NO_PACKET_IN,
                      ofp.OFPPS_LIVE,
                      ofp.OFPPF_10GB_FD | ofp.OFPPF_FIBER,
                      ofp.OFPPF_10GB_FD | ofp.OFPPF_AUTONEG,
                      ofp.OFPPF_1GB_FD | ofp.OFPPF_10GB_FD,
                      ofp.OFPPF_10GB_FD, 10000000, 10000000))

    # PACKET_OUT (13).
    po_actions = [P.OFPActionPushVlan(0x8100),
                  P.OFPActionSetField(vlan_vid=0x1000 | 100),
                  a_out(ofp.OFPP_TABLE)]
    actions_bytes(po_actions)
    ser('packet_out', P.OFPPacketOut(DP, ofp.OFP_NO_BUFFER,
                                     ofp.OFPP_CONTROLLER, po_actions, frame),
        nx())
    ser('packet_out_buffered',
        P.OFPPacketOut(DP, 0x77, 3, [a_out(ofp.OFPP_FLOOD)], None), nx())
    # os-ken's OFPPacketOut.serialize() loses data when the action list
    # is empty (it appends the data before growing the buffer to the fixed
    # part, which then overwrites the first 16 data bytes), so this one is
    # packed with os-ken's OFP_PACKET_OUT_PACK_STR; the expectations are
    # still the os-ken object's attributes.
    po = P.OFPPacketOut(DP, ofp.OFP_NO_BUFFER, ofp.OFPP_ANY, [], frame)
    po.set_xid(nx())
    po.version, po.msg_type = ofp.OFP_VERSION, ofp.OFPT_PACKET_OUT
    body = struct.pack(ofp.OFP_PACKET_OUT_PACK_STR, po.buffer_id, po.in_port,
                       0) + frame
    data = struct.pack(ofp.OFP_HEADER_PACK_STR, ofp.OFP_VERSION,
                       ofp.OFPT_PACKET_OUT, 8 + len(body), po.xid) + body
    po.msg_len = len(data)
    add('packet_out_noactions', data, po, 'pack',
        note='os-ken serialize() drops data without actions; packed')

    # FLOW_MOD (14): all instructions, all actions, all matches.  The
    # instructions are listed in the execution order our encoder writes
    # (meter, apply, clear, write, write-metadata, goto).
    insts_all = [
        P.OFPInstructionMeter(5),
        P.OFPInstructionActions(ofp.OFPIT_APPLY_ACTIONS, ACTIONS_TTL),
        P.OFPInstructionActions(ofp.OFPIT_CLEAR_ACTIONS, []),
        P.OFPInstructionActions(ofp.OFPIT_WRITE_ACTIONS,
                                [P.OFPActionGroup(1), a_out(4)]),
        P.OFPInstructionWriteMetadata(0xa5a5000000000000,
                                      0xffff000000000000),
        P.OFPInstructionGotoTable(200)]
    for acts in (ACTIONS_TTL, ACTIONS_POP, ACTIONS_SET, ACTIONS_SET6):
        actions_bytes(acts)
    insts_bytes(insts_all)
    ser('flow_mod_add_all_insts',
        P.OFPFlowMod(DP, cookie=0x1122334455667788, cookie_mask=0,
                     table_id=1, command=ofp.OFPFC_ADD, idle_timeout=30,
                     hard_timeout=600, priority=1000, buffer_id=0xffffffff,
                     out_port=ofp.OFPP_ANY, out_group=ofp.OFPG_ANY,
                     flags=ofp.OFPFF_SEND_FLOW_REM | ofp.OFPFF_CHECK_OVERLAP,
                     match=M_IPV4_TCP, instructions=insts_all), nx())
    names = ['ipv4_udp', 'sctp', 'icmp4', 'arp', 'nd_ns', 'nd_na', 'mpls',
             'pbb', 'ipv6_tcp', 'untagged']
    action_sets = [ACTIONS_POP, ACTIONS_SET, ACTIONS_SET6, ACTIONS_POP,
                   [a_out(1)], [a_out(2)], [P.OFPActionPopMpls(0x0800),
                                            a_out(3)],
                   [P.OFPActionPopPbb(), a_out(4)], ACTIONS_SET,
                   [P.OFPActionPushVlan(0x8100),
                    P.OFPActionSetField(vlan_vid=0x1000 | 5), a_out(5)]]
    for i, (name, m, acts) in enumerate(zip(names, ALL_MATCHES[1:],
                                            action_sets)):
        match_bytes(m)
        insts = [P.OFPInstructionActions(ofp.OFPIT_APPLY_ACTIONS, acts)]
        if i % 3 == 1:
            insts = [P.OFPInstructionActions(ofp.OFPIT_WRITE_ACTIONS, acts),
                     P.OFPInstructionGotoTable(10 + i)]
        ser('flow_mod_' + name,
            P.OFPFlowMod(DP, cookie=i, table_id=i % 4,
                         command=ofp.OFPFC_ADD, priority=100 + i,
                         flags=(1 << (i % 5)), match=m, instructions=insts),
            nx())
    match_bytes(M_IPV4_TCP)
    ser('flow_mod_modify',
        P.OFPFlowMod(DP, cookie=0x10, cookie_mask=0xff, table_id=2,
                     command=ofp.OFPFC_MODIFY, match=M_IPV4_UDP,
                     instructions=[P.OFPInstructionActions(
                         ofp.OFPIT_APPLY_ACTIONS, [a_out(6)])]), nx())
    ser('flow_mod_modify_strict',
        P.OFPFlowMod(DP, table_id=0, command=ofp.OFPFC_MODIFY_STRICT,
                     priority=0x8000, match=M_SCTP,
                     instructions=[P.OFPInstructionMeter(ofp.OFPM_MAX)]),
        nx())
    ser('flow_mod_delete_all',
        P.OFPFlowMod(DP, table_id=ofp.OFPTT_ALL, command=ofp.OFPFC_DELETE,
                     out_port=ofp.OFPP_ANY, out_group=ofp.OFPG_ANY,
                     match=M_EMPTY, instructions=[]), nx())
    ser('flow_mod_delete_strict_filtered',
        P.OFPFlowMod(DP, cookie=0xabc, cookie_mask=0xfff, table_id=3,
                     command=ofp.OFPFC_DELETE_STRICT, priority=7,
                     out_port=2, out_group=8, match=M_MPLS,
                     instructions=[]), nx())
    ser('flow_mod_table_miss',
        P.OFPFlowMod(DP, table_id=0, command=ofp.OFPFC_ADD, priority=0,
                     match=M_EMPTY,
                     instructions=[P.OFPInstructionActions(
                         ofp.OFPIT_APPLY_ACTIONS,
                         [a_out(ofp.OFPP_CONTROLLER,
                                ofp.OFPCML_NO_BUFFER)])]), nx())
    ser('flow_mod_buffered_flags',
        P.OFPFlowMod(DP, table_id=5, command=ofp.OFPFC_ADD, buffer_id=0x99,
                     flags=ofp.OFPFF_RESET_COUNTS | ofp.OFPFF_NO_PKT_COUNTS |
                     ofp.OFPFF_NO_BYT_COUNTS, match=M_UNTAGGED,
                     instructions=[P.OFPInstructionActions(
                         ofp.OFPIT_CLEAR_ACTIONS, [])]), nx())

    # GROUP_MOD (15): all four types and all three commands.
    b_select = [P.OFPBucket(weight=10, actions=[a_out(1)]),
                P.OFPBucket(weight=20,
                            actions=[P.OFPActionSetField(
                                eth_dst='02:00:00:00:00:02'), a_out(2)]),
                P.OFPBucket(weight=70, actions=[
                    P.OFPActionSetQueue(1), a_out(3)])]
    b_ff = [P.OFPBucket(watch_port=1, actions=[a_out(1)]),
            P.OFPBucket(watch_port=ofp.OFPP_ANY, watch_group=5,
                        actions=[P.OFPActionGroup(5)])]
    b_all = [P.OFPBucket(actions=[a_out(1)]),
             P.OFPBucket(actions=[P.OFPActionPushMpls(0x8848),
                                  P.OFPActionSetField(mpls_label=1000),
                                  a_out(2)]),
             P.OFPBucket(actions=[])]
    b_ind = [P.OFPBucket(actions=[P.OFPActionDecNwTtl(), a_out(9)])]
    for b in (b_select, b_ff, b_all, b_ind):
        buckets_bytes(b)
    ser('group_mod_add_select',
        P.OFPGroupMod(DP, ofp.OFPGC_ADD, ofp.OFPGT_SELECT, 1, b_select),
        nx())
    ser('group_mod_modify_ff',
        P.OFPGroupMod(DP, ofp.OFPGC_MODIFY, ofp.OFPGT_FF, 2, b_ff), nx())
    ser('group_mod_add_all',
        P.OFPGroupMod(DP, ofp.OFPGC_ADD, ofp.OFPGT_ALL, ofp.OFPG_MAX, b_all),
        nx())
    ser('group_mod_add_indirect',
        P.OFPGroupMod(DP, ofp.OFPGC_ADD, ofp.OFPGT_INDIRECT, 4, b_ind),
        nx())
    ser('group_mod_delete_all',
        P.OFPGroupMod(DP, ofp.OFPGC_DELETE, ofp.OFPGT_ALL, ofp.OFPG_ALL, []),
        nx())

    # PORT_MOD (16), TABLE_MOD (17).
    ser('port_mod',
        P.OFPPortMod(DP, 3, '02:00:00:00:03:03',
                     ofp.OFPPC_PORT_DOWN | ofp.OFPPC_NO_RECV,
                     ofp.OFPPC_PORT_DOWN | ofp.OFPPC_NO_RECV |
                     ofp.OFPPC_NO_FWD,
                     ofp.OFPPF_1GB_FD | ofp.OFPPF_COPPER |
                     ofp.OFPPF_AUTONEG | ofp.OFPPF_PAUSE), nx())
    ser('table_mod', P.OFPTableMod(DP, ofp.OFPTT_ALL, 3), nx())

    # MULTIPART_REQUEST (18), every type.
    mp_reqs = [
        ('desc', P.OFPDescStatsRequest(DP, 0)),
        ('flow', P.OFPFlowStatsRequest(DP, 0, 1, ofp.OFPP_ANY, ofp.OFPG_ANY,
                                       0x10, 0xf0, M_IPV4_TCP)),
        ('flow_all', P.OFPFlowStatsRequest(DP, 0, ofp.OFPTT_ALL, 3, 4, 0, 0,
                                           M_EMPTY)),
        ('aggregate', P.OFPAggregateStatsRequest(DP, 0, ofp.OFPTT_ALL,
                                                 ofp.OFPP_ANY, ofp.OFPG_ANY,
                                                 0, 0, M_ARP)),
        ('table', P.OFPTableStatsRequest(DP, 0)),
        ('port_stats', P.OFPPortStatsRequest(DP, 0, ofp.OFPP_ANY)),
        ('queue', P.OFPQueueStatsRequest(DP, 0, 1, ofp.OFPQ_ALL)),
        ('group', P.OFPGroupStatsRequest(DP, 0, ofp.OFPG_ALL)),
        ('group_desc', P.OFPGroupDescStatsRequest(DP, 0)),
        ('group_features', P.OFPGroupFeaturesStatsRequest(DP, 0)),
        ('meter', P.OFPMeterStatsRequest(DP, 0, ofp.OFPM_ALL)),
        ('meter_config', P.OFPMeterConfigStatsRequest(DP, 0, 17)),
        ('meter_features', P.OFPMeterFeaturesStatsRequest(DP, 0)),
        ('table_features_get', P.OFPTableFeaturesStatsRequest(DP, 0, [])),
        ('port_desc', P.OFPPortDescStatsRequest(DP, 0)),
        ('experimenter', P.OFPExperimenterStatsRequest(
            DP, 0, 0x00abcdef, 3, b'\x01\x02\x03\x04')),
    ]
    for name, m in mp_reqs:
        ser('mp_request_' + name, m, nx())
    tf_body = table_features_list()
    tfr = ser('mp_request_table_features_set',
              P.OFPTableFeaturesStatsRequest(DP, 0, tf_body), nx())
    # os-ken's serializer fills the property lengths; record the parsed
    # view (os-ken's own parser over its bytes) so OXM id lengths and the
    # like are what is on the wire.
    tfr.body = parse_table_features(tfr.buf[16:])

    # MULTIPART_REPLY (19), every type, packed with os-ken's formats.
    def mp_reply(name, mp_type, body, flags=0, **kw):
        packed('mp_reply_' + name, ofp.OFPT_MULTIPART_REPLY, nx(),
               struct.pack(ofp.OFP_MULTIPART_REPLY_PACK_STR, mp_type, flags) +
               body, **kw)

    mp_reply('desc', ofp.OFPMP_DESC,
             struct.pack(ofp.OFP_DESC_PACK_STR, b'ofswitch project',
                         b'software switch', b'0.1.0 test vector',
                         b'SN-0001', b'datapath sw0 in the lab'))
    fs_insts = [P.OFPInstructionActions(ofp.OFPIT_APPLY_ACTIONS,
                                        [a_out(2)]),
                P.OFPInstructionGotoTable(3)]
    fs = []
    for i, (m, ins) in enumerate([(M_IPV4_TCP, fs_insts),
                                  (M_EMPTY, []),
                                  (M_ND_NS, insts_all)]):
        mb = match_bytes(m)
        ib = insts_bytes(ins)
        length = ofp.OFP_FLOW_STATS_0_SIZE + len(mb) + len(ib)
        fs.append(struct.pack(ofp.OFP_FLOW_STATS_0_PACK_STR, length, i,
                              100 + i, 999999999, 10 * i, 60, 600,
                              ofp.OFPFF_SEND_FLOW_REM, 0x1000 + i,
                              1000 * i, 64000 * i) + mb + ib)
    mp_reply('flow', ofp.OFPMP_FLOW, b''.join(fs))
    mp_reply('flow_more', ofp.OFPMP_FLOW, fs[0], flags=ofp.OFPMPF_REPLY_MORE)
    mp_reply('flow_empty', ofp.OFPMP_FLOW, b'')
    mp_reply('aggregate', ofp.OFPMP_AGGREGATE,
             struct.pack(ofp.OFP_AGGREGATE_STATS_REPLY_PACK_STR, 1234567,
                         89101112, 42))
    mp_reply('table', ofp.OFPMP_TABLE, b''.join(
        struct.pack(ofp.OFP_TABLE_STATS_PACK_STR, i, 10 * i, 1000 * i,
                    900 * i) for i in (0, 1, 254)))
    mp_reply('port_stats', ofp.OFPMP_PORT_STATS, b''.join(
        struct.pack(ofp.OFP_PORT_STATS_PACK_STR, p,
                    *([(p << 16) + k for k in range(12)] +
                      [p & 0xffff, 999999999]))
        for p in (1, 2, ofp.OFPP_LOCAL)))
    mp_reply('queue', ofp.OFPMP_QUEUE, b''.join(
        struct.pack(ofp.OFP_QUEUE_STATS_PACK_STR, 1, q, 1000 + q, 10 + q,
                    0xffffffffffffffff, 5, 6) for q in (0, 1)))
    gs = []
    for gid, nb in ((1, 2), (2, 0)):
        counters = b''.join(struct.pack(ofp.OFP_BUCKET_COUNTER_PACK_STR,
                                        10 * j + 1, 1000 * j + 64)
                            for j in range(nb))
        gs.append(struct.pack(ofp.OFP_GROUP_STATS_PACK_STR,
                              ofp.OFP_GROUP_STATS_SIZE + len(counters),
                              gid, 3, 100, 6400, 12, 34) + counters)
    mp_reply('group', ofp.OFPMP_GROUP, b''.join(gs))
    gd = []
    for gtype, gid, bk in ((ofp.OFPGT_SELECT, 1, b_select),
                           (ofp.OFPGT_FF, 2, b_ff),
                           (ofp.OFPGT_INDIRECT, 3, b_ind)):
        bb = buckets_bytes(bk)
        gd.append(struct.pack(ofp.OFP_GROUP_DESC_STATS_PACK_STR,
                              ofp.OFP_GROUP_DESC_STATS_SIZE + len(bb),
                              gtype, gid) + bb)
    mp_reply('group_desc', ofp.OFPMP_GROUP_DESC, b''.join(gd))
    mp_reply('group_features', ofp.OFPMP_GROUP_FEATURES,
             struct.pack(ofp.OFP_GROUP_FEATURES_PACK_STR,
                         0xf, ofp.OFPGFC_SELECT_WEIGHT |
                         ofp.OFPGFC_SELECT_LIVENESS | ofp.OFPGFC_CHAINING,
                         100, 200, 300, 400,
                         0x0fff8001, 0x0fff8001, 0x0fff8001, 0x0fff8001))
    ms = []
    for mid, nb in ((1, 2), (ofp.OFPM_CONTROLLER, 1)):
        bands = b''.join(struct.pack(ofp.OFP_METER_BAND_STATS_PACK_STR,
                                     7 * j + 1, 700 * j + 64)
                         for j in range(nb))
        ms.append(struct.pack(ofp.OFP_METER_STATS_PACK_STR, mid,
                              ofp.OFP_METER_STATS_SIZE + len(bands), 4,
                              1000, 64000, 55, 66) + bands)
    mp_reply('meter', ofp.OFPMP_METER, b''.join(ms))
    bands_all = [P.OFPMeterBandDrop(1000, 100),
                 P.OFPMeterBandDscpRemark(500, 50, 2),
                 P.OFPMeterBandExperimenter(300, 30, 0x00abcdef)]
    mc = []
    for flags, mid, bands in ((ofp.OFPMF_KBPS | ofp.OFPMF_BURST, 1,
                               bands_all),
                              (ofp.OFPMF_PKTPS | ofp.OFPMF_STATS, 2,
                               bands_all[:1])):
        bb = bands_bytes(bands)
        mc.append(struct.pack(ofp.OFP_METER_CONFIG_PACK_STR,
                              ofp.OFP_METER_CONFIG_SIZE + len(bb), flags,
                              mid) + bb)
    mp_reply('meter_config', ofp.OFPMP_METER_CONFIG, b''.join(mc))
    mp_reply('meter_features', ofp.OFPMP_METER_FEATURES,
             struct.pack(ofp.OFP_METER_FEATURES_PACK_STR, 65536,
                         (1 << ofp.OFPMBT_DROP) |
                         (1 << ofp.OFPMBT_DSCP_REMARK),
                         0xf, 3, 8))
    mp_reply('table_features', ofp.OFPMP_TABLE_FEATURES,
             b''.join(bytes(t.serialize()) for t in table_features_list()))
    mp_reply('port_desc', ofp.OFPMP_PORT_DESC,
             port_bytes(1, '02:00:00:00:00:01', 'eth1', 0, 0,
                        ofp.OFPPF_1GB_FD | ofp.OFPPF_COPPER,
                        ofp.OFPPF_1GB_FD, ofp.OFPPF_1GB_FD, 0, 1000000,
                        1000000) +
             port_bytes(ofp.OFPP_LOCAL, '02:00:00:00:00:fe', 'br0',
                        ofp.OFPPC_PORT_DOWN, ofp.OFPPS_LINK_DOWN,
                        0, 0, 0, 0, 0, 0))
    mp_reply('experimenter', ofp.OFPMP_EXPERIMENTER,
             struct.pack(ofp.OFP_EXPERIMENTER_MULTIPART_HEADER_PACK_STR,
                         0x00abcdef, 3) + b'experimenter reply data')

    # BARRIER_REQUEST (20), BARRIER_REPLY (21).
    ser('barrier_request', P.OFPBarrierRequest(DP), nx())
    packed('barrier_reply', ofp.OFPT_BARRIER_REPLY, nx(), b'')

    # QUEUE_GET_CONFIG_REQUEST (22), QUEUE_GET_CONFIG_REPLY (23).
    ser('queue_get_config_request', P.OFPQueueGetConfigRequest(DP, 2), nx())
    queues = b''
    for qid, props in ((1, [(ofp.OFPQT_MIN_RATE, 100),
                            (ofp.OFPQT_MAX_RATE, 900)]),
                       (2, [(ofp.OFPQT_MAX_RATE, 500),
                            (ofp.OFPQT_EXPERIMENTER, 0x00abcdef)]),
                       (3, [])):
        pb = b''
        for ptype, v in props:
            if ptype == ofp.OFPQT_EXPERIMENTER:
                data = b'\x11\x22\x33\x44\x55\x66\x77\x88'
                pb += struct.pack(ofp.OFP_QUEUE_PROP_HEADER_PACK_STR, ptype,
                                  16 + len(data)) + \
                    struct.pack(ofp.OFP_QUEUE_PROP_EXPERIMENTER_PACK_STR,
                                v) + data
            else:
                pb += struct.pack(ofp.OFP_QUEUE_PROP_HEADER_PACK_STR, ptype,
                                  16) + \
                    struct.pack(ofp.OFP_QUEUE_PROP_MIN_RATE_PACK_STR, v)
        queues += struct.pack(ofp.OFP_PACKET_QUEUE_PACK_STR, qid, 2,
                              ofp.OFP_PACKET_QUEUE_SIZE + len(pb)) + pb
    packed('queue_get_config_reply', ofp.OFPT_QUEUE_GET_CONFIG_REPLY, nx(),
           struct.pack(ofp.OFP_QUEUE_GET_CONFIG_REPLY_PACK_STR, 2) + queues)

    # ROLE_REQUEST (24), ROLE_REPLY (25).
    ser('role_request', P.OFPRoleRequest(DP, ofp.OFPCR_ROLE_MASTER,
                                         0x8000000000000001), nx())
    packed('role_reply', ofp.OFPT_ROLE_REPLY, nx(),
           struct.pack(ofp.OFP_ROLE_REQUEST_PACK_STR, ofp.OFPCR_ROLE_SLAVE,
                       12345))

    # GET_ASYNC_REQUEST (26), GET_ASYNC_REPLY (27), SET_ASYNC (28).
    ser('get_async_request', P.OFPGetAsyncRequest(DP), nx())
    packed('get_async_reply', ofp.OFPT_GET_ASYNC_REPLY, nx(),
           struct.pack(ofp.OFP_ASYNC_CONFIG_PACK_STR, 3, 0, 7, 7, 15, 0))
    ser('set_async', P.OFPSetAsync(DP, [7, 1], [7, 3], [15, 2]), nx())

    # METER_MOD (29).
    ser('meter_mod_add',
        P.OFPMeterMod(DP, ofp.OFPMC_ADD, ofp.OFPMF_KBPS | ofp.OFPMF_BURST |
                      ofp.OFPMF_STATS, 1, bands_all), nx())
    ser('meter_mod_modify_pktps',
        P.OFPMeterMod(DP, ofp.OFPMC_MODIFY, ofp.OFPMF_PKTPS, 2,
                      [P.OFPMeterBandDscpRemark(10, 0, 1)]), nx())
    ser('meter_mod_delete_all',
        P.OFPMeterMod(DP, ofp.OFPMC_DELETE, 0, ofp.OFPM_ALL, []), nx())

    # An experimenter action decodes and is kept verbatim (ofp13/actions.c:
    # the pipeline, not the decoder, rejects it).
    exp_act = P.OFPActionExperimenterUnknown(0x00abcdef, bytes(range(8)))
    actions_bytes([exp_act, a_out(1)])
    ser('packet_out_experimenter_action',
        P.OFPPacketOut(DP, ofp.OFP_NO_BUFFER, 1, [exp_act, a_out(2)], b''),
        nx())

    # Bytes the decoder must reject, with the precise error.
    # OF1.3.5 §7.2.5: set-field on METADATA (not a header field) is not
    # allowed.
    ser('flow_mod_set_field_metadata',
        P.OFPFlowMod(DP, match=M_EMPTY, instructions=[
            P.OFPInstructionActions(ofp.OFPIT_APPLY_ACTIONS, [
                P.OFPActionSetField(metadata=0x55)])]), nx(),
        error='OFPBAC_BAD_SET_TYPE')
    # An experimenter instruction (os-ken has no class for one: packed).
    fm = P.OFPFlowMod(DP, match=M_EMPTY, instructions=[])
    fm.set_xid(nx())
    fm.serialize()
    inst = struct.pack('!HHI', ofp.OFPIT_EXPERIMENTER, 8, 0x00abcdef)
    data = bytearray(fm.buf) + inst
    struct.pack_into('!H', data, 2, len(data))
    add('flow_mod_experimenter_inst', data, fm, 'pack',
        error='OFPBIC_BAD_EXPERIMENTER')
    # A prerequisite missing (tcp_dst without ip_proto=6): os-ken's
    # _ordered_fields API writes exactly the fields given.
    bad = P.OFPMatch(_ordered_fields=[('eth_type', 0x0800), ('tcp_dst', 80)])
    ser('flow_mod_bad_prereq',
        P.OFPFlowMod(DP, match=bad, instructions=[]), nx(),
        error='OFPBMC_BAD_PREREQ')



def table_features_list():
    """Two tables whose properties cover every property type."""
    T = P
    inst_ids = [T.OFPInstructionId(t) for t in
                (ofp.OFPIT_GOTO_TABLE, ofp.OFPIT_WRITE_METADATA,
                 ofp.OFPIT_WRITE_ACTIONS, ofp.OFPIT_APPLY_ACTIONS,
                 ofp.OFPIT_CLEAR_ACTIONS, ofp.OFPIT_METER)]
    act_ids = [T.OFPActionId(t) for t in
               (ofp.OFPAT_OUTPUT, ofp.OFPAT_GROUP, ofp.OFPAT_SET_FIELD,
                ofp.OFPAT_PUSH_VLAN, ofp.OFPAT_POP_VLAN)]
    oxm_ids = [T.OFPOxmId('in_port'), T.OFPOxmId('eth_dst', hasmask=True),
               T.OFPOxmId('eth_type'), T.OFPOxmId('ipv4_src', hasmask=True),
               T.OFPOxmId('ipv6_dst')]
    props = [
        T.OFPTableFeaturePropInstructions(ofp.OFPTFPT_INSTRUCTIONS,
                                          instruction_ids=inst_ids),
        T.OFPTableFeaturePropInstructions(ofp.OFPTFPT_INSTRUCTIONS_MISS,
                                          instruction_ids=inst_ids[2:5]),
        T.OFPTableFeaturePropNextTables(ofp.OFPTFPT_NEXT_TABLES,
                                        table_ids=[1, 2, 3, 254]),
        T.OFPTableFeaturePropNextTables(ofp.OFPTFPT_NEXT_TABLES_MISS,
                                        table_ids=[1]),
        T.OFPTableFeaturePropActions(ofp.OFPTFPT_WRITE_ACTIONS,
                                     action_ids=act_ids),
        T.OFPTableFeaturePropActions(ofp.OFPTFPT_WRITE_ACTIONS_MISS,
                                     action_ids=act_ids[:1]),
        T.OFPTableFeaturePropActions(ofp.OFPTFPT_APPLY_ACTIONS,
                                     action_ids=act_ids),
        T.OFPTableFeaturePropActions(ofp.OFPTFPT_APPLY_ACTIONS_MISS,
                                     action_ids=act_ids[1:3]),
        T.OFPTableFeaturePropOxm(ofp.OFPTFPT_MATCH, oxm_ids=oxm_ids),
        T.OFPTableFeaturePropOxm(ofp.OFPTFPT_WILDCARDS, oxm_ids=oxm_ids[1:]),
        T.OFPTableFeaturePropOxm(ofp.OFPTFPT_WRITE_SETFIELD,
                                 oxm_ids=oxm_ids[:2]),
        T.OFPTableFeaturePropOxm(ofp.OFPTFPT_WRITE_SETFIELD_MISS,
                                 oxm_ids=oxm_ids[:1]),
        T.OFPTableFeaturePropOxm(ofp.OFPTFPT_APPLY_SETFIELD,
                                 oxm_ids=oxm_ids[2:]),
        T.OFPTableFeaturePropOxm(ofp.OFPTFPT_APPLY_SETFIELD_MISS,
                                 oxm_ids=oxm_ids[3:]),
        T.OFPTableFeaturePropExperimenter(ofp.OFPTFPT_EXPERIMENTER,
                                          experimenter=0x00abcdef,
                                          exp_type=1, data=[1, 2]),
        T.OFPTableFeaturePropExperimenter(ofp.OFPTFPT_EXPERIMENTER_MISS,
                                          experimenter=0x00abcdef,
                                          exp_type=2, data=[]),
    ]
    return [
        T.OFPTableFeaturesStats(0, b'classifier', 0xffffffffffffffff,
                                0xffffffffffffffff, 3, 1000000, props),
        T.OFPTableFeaturesStats(1, b't1', 0, 0, 0, 100, props[2:4]),
    ]


def parse_table_features(buf):
    out = []
    ofs = 0
    buf = bytes(buf)
    while ofs < len(buf):
        t = P.OFPTableFeaturesStats.parser(buf, ofs)
        out.append(t)
        ofs += t.length
    return out


# --- Output. --------------------------------------------------------------

def type_name(msg_type):
    for k in dir(ofp):
        if k.startswith('OFPT_') and getattr(ofp, k) == msg_type:
            return k
    return str(msg_type)


def write_outputs(outdir, corpus):
    records = []
    lines = ['# tests/cross/osken-vectors.txt -- generated by '
             'gen-osken-vectors.py from os-ken; do not edit.',
             '# vector NAME / hex BYTES / reencode yes|no / error NAME /'
             ' expect KEY VALUE / end']
    for v in VECTORS:
        flat = flatten(v.obj)
        rec = {'name': v.name, 'type': type_name(v.data[1]),
               'source': v.source, 'hex': hx(v.data),
               'reencode': v.reencode, 'note': v.note,
               'expect': dict(flat.items), 'osken': str(v.obj)}
        if v.error:
            rec['error'] = v.error
        records.append(rec)
        lines.append('vector ' + v.name)
        lines.append('hex ' + hx(v.data))
        lines.append('reencode ' + ('yes' if v.reencode else 'no'))
        if v.error:
            lines.append('error ' + v.error)
        else:
            for k, val in flat.items:
                assert '\n' not in val
                lines.append('expect %s %s' % (k, val))
        lines.append('end')
    with open(os.path.join(outdir, 'osken-vectors.json'), 'w') as f:
        json.dump(records, f, indent=1, sort_keys=True)
        f.write('\n')
    with open(os.path.join(outdir, 'osken-vectors.txt'), 'w') as f:
        f.write('\n'.join(lines) + '\n')
    if corpus:
        for sub in ('msg', 'oxm', 'actions'):
            os.makedirs(os.path.join(corpus, sub), exist_ok=True)
        for name, data in CORPUS['msg']:
            with open(os.path.join(corpus, 'msg', 'osken-' + name), 'wb') as f:
                f.write(data)
        for sub in ('oxm', 'actions'):
            seen = set()
            for data in CORPUS[sub]:
                if data in seen:
                    continue
                seen.add(data)
                path = os.path.join(corpus, sub, 'osken-%03d' % len(seen))
                with open(path, 'wb') as f:
                    f.write(data)


def check_coverage():
    """Fail loudly if a type, field or action is missing."""
    types = set(v.data[1] for v in VECTORS)
    assert types == set(range(30)), sorted(set(range(30)) - types)
    req = set()
    rep = set()
    for v in VECTORS:
        if v.data[1] in (ofp.OFPT_MULTIPART_REQUEST,
                         ofp.OFPT_MULTIPART_REPLY):
            t = struct.unpack_from('!H', v.data, 8)[0]
            (req if v.data[1] == ofp.OFPT_MULTIPART_REQUEST else rep).add(t)
    want = set(range(14)) | {0xffff}
    assert req == want, want - req
    assert rep == want, want - rep
    fields = set()
    actions = set()
    insts = set()
    for v in VECTORS:
        for k, _ in flatten(v.obj).items:
            parts = k.split('.')
            if '.match.f' in k and not k.endswith('.mask'):
                fields.add(int(parts[-1][1:]))
            if parts[-1] == 'type' and len(parts) >= 2 and \
                    parts[-3:-2] and parts[-3] in ('actions', 'apply',
                                                   'write'):
                actions.add(int(_))
            if parts[-1] == 'present':
                insts |= set(i for i in range(7) if int(_) & (1 << i))
    assert fields == set(range(40)), set(range(40)) - fields
    want_actions = {0, 11, 12, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25,
                    26, 27}
    assert want_actions <= actions, want_actions - actions
    assert insts == set(range(1, 7)), insts


def main():
    args = sys.argv[1:]
    corpus = None
    if '--corpus' in args:
        i = args.index('--corpus')
        corpus = args[i + 1]
        del args[i:i + 2]
    if len(args) != 1:
        sys.stderr.write('usage: gen-osken-vectors.py OUTDIR '
                         '[--corpus DIR]\n')
        return 2
    build_all()
    check_coverage()
    write_outputs(args[0], corpus)
    return 0


if __name__ == '__main__':
    sys.exit(main())
