/* tests/cross/gen-ofp13-vectors.c -- builds OpenFlow 1.3 messages with the
 * ofp13 model API and prints their encoding, for tests/cross/
 * ovs-ofp-print.sh to feed to `ovs-ofctl ofp-print` (Open vSwitch, an
 * implementation nobody here wrote).
 *
 *   gen-ofp13-vectors             one line per message: the name Open
 *                                 vSwitch prints for it, a tab, the hex.
 *                                 Every message type and every multipart
 *                                 request and reply type is there.
 *   gen-ofp13-vectors --text FILE for each "flow TEXT" / "group TEXT" /
 *                                 "meter TEXT" line of FILE, a line "KIND
 *                                 HEX TEXT" with the ADD message that
 *                                 ofp_flow_mod_parse (group, meter) makes
 *                                 of TEXT, xid 1 as ovs-ofctl parse-flow
 *                                 uses; "error MESSAGE TEXT" if it does
 *                                 not parse.
 * Exits non-zero if a model fails to encode. */
#include <config.h>

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ofp13/actions.h"
#include "ofp13/match.h"
#include "ofp13/msgs.h"
#include "ofp13/ofp.h"
#include "ofp13/text.h"
#include "util/buf.h"
#include "util/xalloc.h"

static const uint8_t frame[] = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00, 0x11, 0x22, 0x33, 0x44,
    0x55, 0x08, 0x06, 0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x01,
    0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0xc0, 0xa8, 0x00, 0x01, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0xc0, 0xa8, 0x00, 0x02,
};

static void
print_hex(const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        printf("%02x", p[i]);
    }
}

/* Encodes 'msg', prints "NAME\tHEX", frees 'msg'.  Returns false if the
 * encoding fails. */
static bool
emit(const char *name, struct ofp_msg *msg)
{
    struct buf b = BUF_INITIALIZER;
    int error = ofp_msg_encode(msg, &b);
    ofp_msg_uninit(msg);
    if (error) {
        fprintf(stderr, "gen-ofp13-vectors: %s: encode failed: %s\n", name,
                strerror(error));
        buf_uninit(&b);
        return false;
    }
    printf("%s\t", name);
    print_hex(b.data, b.size);
    printf("\n");
    buf_uninit(&b);
    return true;
}

static void
push_output(struct ofp_actions *acts, uint32_t port, uint16_t max_len)
{
    struct ofp_action a;
    memset(&a, 0, sizeof a);
    a.type = OFPAT_OUTPUT;
    a.u.output.port = port;
    a.u.output.max_len = max_len;
    ofp_actions_push(acts, &a);
}

static void
push_simple(struct ofp_actions *acts, uint16_t type)
{
    struct ofp_action a;
    memset(&a, 0, sizeof a);
    a.type = type;
    ofp_actions_push(acts, &a);
}

static void
push_u32(struct ofp_actions *acts, uint16_t type, uint32_t v)
{
    struct ofp_action a;
    memset(&a, 0, sizeof a);
    a.type = type;
    if (type == OFPAT_GROUP) {
        a.u.group_id = v;
    } else if (type == OFPAT_SET_QUEUE) {
        a.u.queue_id = v;
    } else if (type == OFPAT_SET_MPLS_TTL || type == OFPAT_SET_NW_TTL) {
        a.u.ttl = (uint8_t)v;
    } else {
        a.u.ethertype = (uint16_t)v;
    }
    ofp_actions_push(acts, &a);
}

static void
push_set_field(struct ofp_actions *acts, enum oxm_field field,
               const void *value)
{
    struct ofp_action a;
    memset(&a, 0, sizeof a);
    a.type = OFPAT_SET_FIELD;
    a.u.set_field.field = field;
    memcpy(a.u.set_field.value.b, value, oxm_field_info(field)->len);
    ofp_actions_push(acts, &a);
}

/* Every action Open vSwitch 3.1 implements, in an order a switch accepts.
 * OVS has no COPY_TTL_IN, COPY_TTL_OUT, PUSH_PBB or POP_PBB (it reports
 * OFPBAC_BAD_TYPE for them), so those four are checked in the os-ken
 * direction only (tests/cross/test-osken.c). */
static void
all_actions(struct ofp_actions *acts)
{
    static const uint8_t mac[6] = { 2, 0, 0, 0, 0, 1 };
    static const uint8_t vid[2] = { 0x10, 0x05 };
    /* The order keeps each action consistent with the packet so far
     * (a TCP/IPv4 match), which Open vSwitch checks when decoding. */
    push_u32(acts, OFPAT_PUSH_VLAN, 0x8100);
    push_set_field(acts, OXM_VLAN_VID, vid);
    push_simple(acts, OFPAT_POP_VLAN);
    push_simple(acts, OFPAT_DEC_NW_TTL);
    push_u32(acts, OFPAT_SET_NW_TTL, 32);
    push_u32(acts, OFPAT_PUSH_MPLS, 0x8847);
    push_u32(acts, OFPAT_SET_MPLS_TTL, 64);
    push_simple(acts, OFPAT_DEC_MPLS_TTL);
    push_u32(acts, OFPAT_POP_MPLS, 0x0800);
    push_set_field(acts, OXM_ETH_DST, mac);
    push_u32(acts, OFPAT_SET_QUEUE, 3);
    push_u32(acts, OFPAT_GROUP, 7);
    push_output(acts, 2, 0);
    push_output(acts, OFPP_CONTROLLER, 128);
}

static void
tcp_match(struct ofp_match *m)
{
    static const uint8_t dst[6] = { 0x0a, 0x0b, 0x0c, 0, 0, 0 };
    static const uint8_t dst_mask[6] = { 0xff, 0xff, 0xff, 0, 0, 0 };
    ofp_match_set_u32(m, OXM_IN_PORT, 1);
    ofp_match_set(m, OXM_ETH_DST, dst, dst_mask);
    ofp_match_set_u16(m, OXM_ETH_TYPE, 0x0800);
    ofp_match_set_u8(m, OXM_IP_PROTO, 6);
    ofp_match_set_masked_u32(m, OXM_IPV4_SRC, 0x0a000000, 0xff000000);
    ofp_match_set_u16(m, OXM_TCP_DST, 80);
}

static void
fill_port(struct ofp_port *p, uint32_t port_no, const char *name)
{
    memset(p, 0, sizeof *p);
    p->port_no = port_no;
    p->hw_addr[0] = 0x02;
    p->hw_addr[5] = (uint8_t)port_no;
    snprintf(p->name, sizeof p->name, "%s", name);
    p->curr = p->advertised = p->supported = OFPPF_1GB_FD | OFPPF_COPPER;
    p->state = OFPPS_LIVE;
    p->curr_speed = p->max_speed = 1000000;
}

static void
fill_buckets(struct ofp_buckets *bs, size_t n)
{
    bs->n = n;
    bs->b = xcalloc(n, sizeof *bs->b);
    for (size_t i = 0; i < n; i++) {
        bs->b[i].weight = (uint16_t)(10 * (i + 1));
        bs->b[i].watch_port = OFPP_ANY;
        bs->b[i].watch_group = OFPG_ANY;
        ofp_actions_init(&bs->b[i].actions);
        push_output(&bs->b[i].actions, (uint32_t)i + 1, 0);
    }
}

static void
fill_bands(struct ofp_meter_bands *bs)
{
    bs->n = 2;
    bs->b = xcalloc(2, sizeof *bs->b);
    bs->b[0].type = OFPMBT_DROP;
    bs->b[0].rate = 1000;
    bs->b[0].burst_size = 100;
    bs->b[1].type = OFPMBT_DSCP_REMARK;
    bs->b[1].rate = 500;
    bs->b[1].burst_size = 50;
    bs->b[1].prec_level = 1;
}

static void
fill_table_features(struct ofp_table_features *tf, uint8_t table_id)
{
    static const uint16_t prop_types[] = {
        OFPTFPT_INSTRUCTIONS,   OFPTFPT_INSTRUCTIONS_MISS,
        OFPTFPT_NEXT_TABLES,    OFPTFPT_NEXT_TABLES_MISS,
        OFPTFPT_WRITE_ACTIONS,  OFPTFPT_WRITE_ACTIONS_MISS,
        OFPTFPT_APPLY_ACTIONS,  OFPTFPT_APPLY_ACTIONS_MISS,
        OFPTFPT_MATCH,          OFPTFPT_WILDCARDS,
        OFPTFPT_WRITE_SETFIELD, OFPTFPT_WRITE_SETFIELD_MISS,
        OFPTFPT_APPLY_SETFIELD, OFPTFPT_APPLY_SETFIELD_MISS,
    };
    memset(tf, 0, sizeof *tf);
    tf->table_id = table_id;
    snprintf(tf->name, sizeof tf->name, "table%u", table_id);
    tf->metadata_match = tf->metadata_write = UINT64_MAX;
    tf->max_entries = 1000000;
    tf->n_props = ARRAY_SIZE(prop_types);
    tf->props = xcalloc(tf->n_props, sizeof *tf->props);
    for (size_t i = 0; i < tf->n_props; i++) {
        struct ofp_table_feature_prop *p = &tf->props[i];
        p->type = prop_types[i];
        p->n_ids = 2;
        p->ids = xcalloc(2, sizeof *p->ids);
        switch (p->type) {
        case OFPTFPT_INSTRUCTIONS:
        case OFPTFPT_INSTRUCTIONS_MISS:
            p->ids[0] = OFPIT_GOTO_TABLE;
            p->ids[1] = OFPIT_APPLY_ACTIONS;
            break;
        case OFPTFPT_NEXT_TABLES:
        case OFPTFPT_NEXT_TABLES_MISS:
            p->ids[0] = table_id + 1u;
            p->ids[1] = table_id + 2u;
            break;
        case OFPTFPT_WRITE_ACTIONS:
        case OFPTFPT_WRITE_ACTIONS_MISS:
        case OFPTFPT_APPLY_ACTIONS:
        case OFPTFPT_APPLY_ACTIONS_MISS:
            p->ids[0] = OFPAT_OUTPUT;
            p->ids[1] = OFPAT_SET_FIELD;
            break;
        default:
            p->ids[0] = OXM_HEADER(OFPXMC_OPENFLOW_BASIC, OXM_IN_PORT, 0, 4);
            p->ids[1] = OXM_HEADER(OFPXMC_OPENFLOW_BASIC, OXM_ETH_DST, 0, 6);
            break;
        }
    }
}

/* Multipart names as Open vSwitch prints them. */
static const char *const ovs_mp_names[OFPMP_N_TYPES] = {
    "OFPST_DESC",           "OFPST_FLOW",         "OFPST_AGGREGATE",
    "OFPST_TABLE",          "OFPST_PORT",         "OFPST_QUEUE",
    "OFPST_GROUP",          "OFPST_GROUP_DESC",   "OFPST_GROUP_FEATURES",
    "OFPST_METER",          "OFPST_METER_CONFIG", "OFPST_METER_FEATURES",
    "OFPST_TABLE_FEATURES", "OFPST_PORT_DESC",
};

static bool
emit_mp_request(uint32_t xid, uint16_t type)
{
    struct ofp_msg msg;
    ofp_msg_init_mp_request(&msg, xid, type);
    struct ofp_multipart_request *r = &msg.u.mp_request;
    switch (type) {
    case OFPMP_FLOW:
    case OFPMP_AGGREGATE:
        r->u.flow.table_id = OFPTT_ALL;
        r->u.flow.out_port = OFPP_ANY;
        r->u.flow.out_group = OFPG_ANY;
        r->u.flow.cookie = 0x10;
        r->u.flow.cookie_mask = 0xff;
        tcp_match(&r->u.flow.match);
        break;
    case OFPMP_PORT_STATS:
        r->u.port_no = OFPP_ANY;
        break;
    case OFPMP_QUEUE:
        r->u.queue.port_no = 1;
        r->u.queue.queue_id = OFPQ_ALL;
        break;
    case OFPMP_GROUP:
        r->u.group_id = OFPG_ALL;
        break;
    case OFPMP_METER:
    case OFPMP_METER_CONFIG:
        r->u.meter_id = OFPM_ALL;
        break;
    default:
        break;
    }
    char name[64];
    snprintf(name, sizeof name, "%s request", ovs_mp_names[type]);
    return emit(name, &msg);
}

static bool
emit_mp_reply(uint32_t xid, uint16_t type)
{
    struct ofp_msg msg;
    ofp_msg_init_mp_reply(&msg, xid, type);
    struct ofp_multipart_reply *r = &msg.u.mp_reply;
    switch (type) {
    case OFPMP_DESC:
        if (!r->u.desc) {
            r->u.desc = xzalloc(sizeof *r->u.desc);
        }
        snprintf(r->u.desc->mfr_desc, sizeof r->u.desc->mfr_desc, "ofswitch");
        snprintf(r->u.desc->hw_desc, sizeof r->u.desc->hw_desc, "software");
        snprintf(r->u.desc->sw_desc, sizeof r->u.desc->sw_desc, "0.1.0");
        snprintf(r->u.desc->serial_num, sizeof r->u.desc->serial_num, "1");
        snprintf(r->u.desc->dp_desc, sizeof r->u.desc->dp_desc, "sw0");
        break;
    case OFPMP_FLOW:
        r->n = 2;
        r->u.flow = xcalloc(2, sizeof *r->u.flow);
        for (size_t i = 0; i < 2; i++) {
            struct ofp_flow_stats *s = &r->u.flow[i];
            ofp_match_init(&s->match);
            ofp_instructions_init(&s->instructions);
            s->table_id = (uint8_t)i;
            s->duration_sec = 10;
            s->duration_nsec = 500000000;
            s->priority = 100;
            s->idle_timeout = 60;
            s->cookie = 0xabc;
            s->packet_count = 5;
            s->byte_count = 320;
            if (i == 0) {
                tcp_match(&s->match);
                s->instructions.present = OFPIT_BIT(OFPIT_APPLY_ACTIONS);
                push_output(&s->instructions.apply, 2, 0);
            }
        }
        break;
    case OFPMP_AGGREGATE:
        r->u.aggregate.packet_count = 100;
        r->u.aggregate.byte_count = 6400;
        r->u.aggregate.flow_count = 3;
        break;
    case OFPMP_TABLE:
        r->n = 2;
        r->u.table = xcalloc(2, sizeof *r->u.table);
        r->u.table[1].table_id = 1;
        r->u.table[1].active_count = 4;
        r->u.table[1].lookup_count = 100;
        r->u.table[1].matched_count = 90;
        break;
    case OFPMP_PORT_STATS:
        r->n = 1;
        r->u.port_stats = xcalloc(1, sizeof *r->u.port_stats);
        r->u.port_stats[0].port_no = 1;
        r->u.port_stats[0].rx_packets = 10;
        r->u.port_stats[0].tx_packets = 20;
        r->u.port_stats[0].collisions = UINT64_MAX;
        r->u.port_stats[0].duration_sec = 3;
        break;
    case OFPMP_QUEUE:
        r->n = 1;
        r->u.queue = xcalloc(1, sizeof *r->u.queue);
        r->u.queue[0].port_no = 1;
        r->u.queue[0].queue_id = 2;
        r->u.queue[0].tx_bytes = 1000;
        break;
    case OFPMP_GROUP:
        r->n = 1;
        r->u.group = xcalloc(1, sizeof *r->u.group);
        r->u.group[0].group_id = 1;
        r->u.group[0].ref_count = 2;
        r->u.group[0].n_buckets = 2;
        r->u.group[0].buckets = xcalloc(2, sizeof *r->u.group[0].buckets);
        r->u.group[0].buckets[1].packet_count = 7;
        break;
    case OFPMP_GROUP_DESC:
        r->n = 1;
        r->u.group_desc = xcalloc(1, sizeof *r->u.group_desc);
        r->u.group_desc[0].type = OFPGT_SELECT;
        r->u.group_desc[0].group_id = 1;
        fill_buckets(&r->u.group_desc[0].buckets, 2);
        break;
    case OFPMP_GROUP_FEATURES:
        r->u.group_features.types = 0xf;
        r->u.group_features.capabilities = OFPGFC_SELECT_WEIGHT;
        for (int i = 0; i < 4; i++) {
            r->u.group_features.max_groups[i] = 100;
            r->u.group_features.actions[i] = 1u << OFPAT_OUTPUT;
        }
        break;
    case OFPMP_METER:
        r->n = 1;
        r->u.meter = xcalloc(1, sizeof *r->u.meter);
        r->u.meter[0].meter_id = 1;
        r->u.meter[0].flow_count = 2;
        r->u.meter[0].n_bands = 1;
        r->u.meter[0].bands = xcalloc(1, sizeof *r->u.meter[0].bands);
        r->u.meter[0].bands[0].packet_band_count = 3;
        break;
    case OFPMP_METER_CONFIG:
        r->n = 1;
        r->u.meter_config = xcalloc(1, sizeof *r->u.meter_config);
        r->u.meter_config[0].flags = OFPMF_KBPS | OFPMF_BURST;
        r->u.meter_config[0].meter_id = 1;
        fill_bands(&r->u.meter_config[0].bands);
        break;
    case OFPMP_METER_FEATURES:
        r->u.meter_features.max_meter = 1024;
        r->u.meter_features.band_types =
            1u << OFPMBT_DROP | 1u << OFPMBT_DSCP_REMARK;
        r->u.meter_features.capabilities = OFPMF_KBPS | OFPMF_PKTPS;
        r->u.meter_features.max_bands = 4;
        r->u.meter_features.max_color = 8;
        break;
    case OFPMP_TABLE_FEATURES:
        r->n = 2;
        r->u.table_features = xcalloc(2, sizeof *r->u.table_features);
        fill_table_features(&r->u.table_features[0], 0);
        fill_table_features(&r->u.table_features[1], 1);
        break;
    case OFPMP_PORT_DESC:
        r->n = 2;
        r->u.port_desc = xcalloc(2, sizeof *r->u.port_desc);
        fill_port(&r->u.port_desc[0], 1, "eth1");
        fill_port(&r->u.port_desc[1], OFPP_LOCAL, "br0");
        break;
    default:
        break;
    }
    char name[64];
    snprintf(name, sizeof name, "%s reply", ovs_mp_names[type]);
    return emit(name, &msg);
}

static bool
emit_all(void)
{
    bool ok = true;
    uint32_t xid = 0x100;
    struct ofp_msg m;

    ofp_msg_init(&m, OFP13_VERSION, OFPT_HELLO, ++xid);
    m.u.hello.has_bitmap = true;
    m.u.hello.bitmap = 1u << OFP10_VERSION | 1u << OFP13_VERSION;
    ok &= emit("OFPT_HELLO", &m);

    ofp_msg_init(&m, OFP13_VERSION, OFPT_ERROR, ++xid);
    m.u.error.type = OFPET_BAD_MATCH;
    m.u.error.code = 9; /* OFPBMC_BAD_PREREQ */
    m.u.error.error = OFPERR_OFPBMC_BAD_PREREQ;
    /* The data is the offending request (a whole FEATURES_REQUEST, so that
     * Open vSwitch prints it without a truncation note). */
    ofp_bytes_set(&m.u.error.data, "\x04\x05\x00\x08\x00\x00\x00\x01", 8);
    ok &= emit("OFPT_ERROR", &m);

    ofp_msg_init(&m, OFP13_VERSION, OFPT_ECHO_REQUEST, ++xid);
    ofp_bytes_set(&m.u.echo, "ping", 4);
    ok &= emit("OFPT_ECHO_REQUEST", &m);
    ofp_msg_init(&m, OFP13_VERSION, OFPT_ECHO_REPLY, ++xid);
    ofp_bytes_set(&m.u.echo, "pong", 4);
    ok &= emit("OFPT_ECHO_REPLY", &m);

    /* An experimenter message Open vSwitch knows: NXT_SET_PACKET_IN_FORMAT
     * (Nicira subtype 16, format 0 = standard). */
    ofp_msg_init(&m, OFP13_VERSION, OFPT_EXPERIMENTER, ++xid);
    m.u.experimenter.experimenter = NX_EXPERIMENTER_ID;
    m.u.experimenter.exp_type = 16;
    ofp_bytes_set(&m.u.experimenter.data, "\0\0\0\0", 4);
    ok &= emit("NXT_SET_PACKET_IN_FORMAT", &m);

    ofp_msg_init(&m, OFP13_VERSION, OFPT_FEATURES_REQUEST, ++xid);
    ok &= emit("OFPT_FEATURES_REQUEST", &m);
    ofp_msg_init(&m, OFP13_VERSION, OFPT_FEATURES_REPLY, ++xid);
    m.u.features.datapath_id = 0xaabbccddeeffULL;
    m.u.features.n_buffers = 0;
    m.u.features.n_tables = 254;
    m.u.features.capabilities = OFPC_FLOW_STATS | OFPC_TABLE_STATS |
                                OFPC_PORT_STATS | OFPC_GROUP_STATS;
    ok &= emit("OFPT_FEATURES_REPLY", &m);

    ofp_msg_init(&m, OFP13_VERSION, OFPT_GET_CONFIG_REQUEST, ++xid);
    ok &= emit("OFPT_GET_CONFIG_REQUEST", &m);
    ofp_msg_init(&m, OFP13_VERSION, OFPT_GET_CONFIG_REPLY, ++xid);
    m.u.config.flags = OFPC_FRAG_NORMAL;
    m.u.config.miss_send_len = 128;
    ok &= emit("OFPT_GET_CONFIG_REPLY", &m);
    ofp_msg_init(&m, OFP13_VERSION, OFPT_SET_CONFIG, ++xid);
    m.u.config.flags = OFPC_FRAG_DROP;
    m.u.config.miss_send_len = 0xffff;
    ok &= emit("OFPT_SET_CONFIG", &m);

    ofp_msg_init(&m, OFP13_VERSION, OFPT_PACKET_IN, ++xid);
    m.u.packet_in.buffer_id = OFP_NO_BUFFER;
    m.u.packet_in.total_len = sizeof frame;
    m.u.packet_in.reason = OFPR_ACTION;
    m.u.packet_in.table_id = 1;
    m.u.packet_in.cookie = 0x1234;
    ofp_match_set_u32(&m.u.packet_in.match, OXM_IN_PORT, 3);
    ofp_match_set_u64(&m.u.packet_in.match, OXM_METADATA, 0x55);
    ofp_bytes_set(&m.u.packet_in.data, frame, sizeof frame);
    ok &= emit("OFPT_PACKET_IN", &m);

    ofp_msg_init(&m, OFP13_VERSION, OFPT_FLOW_REMOVED, ++xid);
    m.u.flow_removed.cookie = 0xc00c1e;
    m.u.flow_removed.priority = 1000;
    m.u.flow_removed.reason = OFPRR_IDLE_TIMEOUT;
    m.u.flow_removed.table_id = 2;
    m.u.flow_removed.duration_sec = 60;
    m.u.flow_removed.idle_timeout = 30;
    m.u.flow_removed.packet_count = 10;
    m.u.flow_removed.byte_count = 640;
    tcp_match(&m.u.flow_removed.match);
    ok &= emit("OFPT_FLOW_REMOVED", &m);

    ofp_msg_init(&m, OFP13_VERSION, OFPT_PORT_STATUS, ++xid);
    m.u.port_status.reason = OFPPR_MODIFY;
    fill_port(&m.u.port_status.desc, 7, "eth7");
    ok &= emit("OFPT_PORT_STATUS", &m);

    ofp_msg_init(&m, OFP13_VERSION, OFPT_PACKET_OUT, ++xid);
    m.u.packet_out.buffer_id = OFP_NO_BUFFER;
    m.u.packet_out.in_port = OFPP_CONTROLLER;
    push_output(&m.u.packet_out.actions, OFPP_TABLE, 0);
    ofp_bytes_set(&m.u.packet_out.data, frame, sizeof frame);
    ok &= emit("OFPT_PACKET_OUT", &m);

    ofp_msg_init(&m, OFP13_VERSION, OFPT_FLOW_MOD, ++xid);
    struct ofp_flow_mod *fm = &m.u.flow_mod;
    fm->cookie = 0x1122334455667788ULL;
    fm->table_id = 1;
    fm->command = OFPFC_ADD;
    fm->idle_timeout = 30;
    fm->hard_timeout = 600;
    fm->priority = 1000;
    fm->buffer_id = OFP_NO_BUFFER;
    fm->out_port = OFPP_ANY;
    fm->out_group = OFPG_ANY;
    fm->flags = OFPFF_SEND_FLOW_REM;
    tcp_match(&fm->match);
    fm->instructions.present =
        OFPIT_BIT(OFPIT_METER) | OFPIT_BIT(OFPIT_APPLY_ACTIONS) |
        OFPIT_BIT(OFPIT_CLEAR_ACTIONS) | OFPIT_BIT(OFPIT_WRITE_ACTIONS) |
        OFPIT_BIT(OFPIT_WRITE_METADATA) | OFPIT_BIT(OFPIT_GOTO_TABLE);
    fm->instructions.meter_id = 5;
    all_actions(&fm->instructions.apply);
    push_output(&fm->instructions.write, 4, 0);
    fm->instructions.metadata = 0xa5;
    fm->instructions.metadata_mask = 0xff;
    fm->instructions.goto_table = 200;
    ok &= emit("OFPT_FLOW_MOD", &m);

    ofp_msg_init(&m, OFP13_VERSION, OFPT_GROUP_MOD, ++xid);
    m.u.group_mod.command = OFPGC_ADD;
    m.u.group_mod.type = OFPGT_SELECT;
    m.u.group_mod.group_id = 1;
    fill_buckets(&m.u.group_mod.buckets, 3);
    ok &= emit("OFPT_GROUP_MOD", &m);

    ofp_msg_init(&m, OFP13_VERSION, OFPT_PORT_MOD, ++xid);
    m.u.port_mod.port_no = 3;
    m.u.port_mod.hw_addr[0] = 0x02;
    m.u.port_mod.hw_addr[5] = 0x03;
    m.u.port_mod.config = OFPPC_PORT_DOWN;
    m.u.port_mod.mask = OFPPC_PORT_DOWN | OFPPC_NO_RECV;
    m.u.port_mod.advertise = OFPPF_1GB_FD;
    ok &= emit("OFPT_PORT_MOD", &m);

    ofp_msg_init(&m, OFP13_VERSION, OFPT_TABLE_MOD, ++xid);
    m.u.table_mod.table_id = 1;
    m.u.table_mod.config = 0;
    ok &= emit("OFPT_TABLE_MOD", &m);

    for (uint16_t t = 0; t < OFPMP_N_TYPES; t++) {
        ok &= emit_mp_request(++xid, t);
        ok &= emit_mp_reply(++xid, t);
    }
    /* An experimenter multipart Open vSwitch knows: NXST_IPFIX_BRIDGE
     * (Nicira stats subtype 3): empty request, 88-byte reply. */
    ofp_msg_init_mp_request(&m, ++xid, OFPMP_EXPERIMENTER);
    m.u.mp_request.u.experimenter.experimenter = NX_EXPERIMENTER_ID;
    m.u.mp_request.u.experimenter.exp_type = 3;
    ok &= emit("NXST_IPFIX_BRIDGE request", &m);
    ofp_msg_init_mp_reply(&m, ++xid, OFPMP_EXPERIMENTER);
    m.u.mp_reply.u.experimenter.experimenter = NX_EXPERIMENTER_ID;
    m.u.mp_reply.u.experimenter.exp_type = 3;
    {
        uint8_t zeros[88];
        memset(zeros, 0, sizeof zeros);
        ofp_bytes_set(&m.u.mp_reply.u.experimenter.data, zeros, sizeof zeros);
    }
    ok &= emit("NXST_IPFIX_BRIDGE reply", &m);

    ofp_msg_init(&m, OFP13_VERSION, OFPT_BARRIER_REQUEST, ++xid);
    ok &= emit("OFPT_BARRIER_REQUEST", &m);
    ofp_msg_init(&m, OFP13_VERSION, OFPT_BARRIER_REPLY, ++xid);
    ok &= emit("OFPT_BARRIER_REPLY", &m);

    ofp_msg_init(&m, OFP13_VERSION, OFPT_QUEUE_GET_CONFIG_REQUEST, ++xid);
    m.u.queue_get_config_port = 1;
    ok &= emit("OFPT_QUEUE_GET_CONFIG_REQUEST", &m);
    ofp_msg_init(&m, OFP13_VERSION, OFPT_QUEUE_GET_CONFIG_REPLY, ++xid);
    m.u.queue_config.port = 1;
    m.u.queue_config.n = 2;
    m.u.queue_config.queues = xcalloc(2, sizeof *m.u.queue_config.queues);
    for (size_t i = 0; i < 2; i++) {
        struct ofp_packet_queue *q = &m.u.queue_config.queues[i];
        q->queue_id = (uint32_t)i;
        q->port = 1;
        q->min_rate = i ? 100 : OFPQ_RATE_NONE;
        q->max_rate = i ? 900 : OFPQ_RATE_NONE;
    }
    ok &= emit("OFPT_QUEUE_GET_CONFIG_REPLY", &m);

    ofp_msg_init(&m, OFP13_VERSION, OFPT_ROLE_REQUEST, ++xid);
    m.u.role.role = OFPCR_ROLE_MASTER;
    m.u.role.generation_id = 7;
    ok &= emit("OFPT_ROLE_REQUEST", &m);
    ofp_msg_init(&m, OFP13_VERSION, OFPT_ROLE_REPLY, ++xid);
    m.u.role.role = OFPCR_ROLE_SLAVE;
    m.u.role.generation_id = 7;
    ok &= emit("OFPT_ROLE_REPLY", &m);

    ofp_msg_init(&m, OFP13_VERSION, OFPT_GET_ASYNC_REQUEST, ++xid);
    ok &= emit("OFPT_GET_ASYNC_REQUEST", &m);
    ofp_msg_init(&m, OFP13_VERSION, OFPT_GET_ASYNC_REPLY, ++xid);
    m.u.async.packet_in_mask[0] = 3;
    m.u.async.port_status_mask[0] = m.u.async.port_status_mask[1] = 7;
    m.u.async.flow_removed_mask[0] = 15;
    ok &= emit("OFPT_GET_ASYNC_REPLY", &m);
    ofp_msg_init(&m, OFP13_VERSION, OFPT_SET_ASYNC, ++xid);
    m.u.async.packet_in_mask[0] = 7;
    m.u.async.port_status_mask[1] = 1;
    ok &= emit("OFPT_SET_ASYNC", &m);

    ofp_msg_init(&m, OFP13_VERSION, OFPT_METER_MOD, ++xid);
    m.u.meter_mod.command = OFPMC_ADD;
    m.u.meter_mod.flags = OFPMF_KBPS | OFPMF_BURST | OFPMF_STATS;
    m.u.meter_mod.meter_id = 1;
    fill_bands(&m.u.meter_mod.bands);
    ok &= emit("OFPT_METER_MOD", &m);
    return ok;
}

/* Parses one "KIND TEXT" line and prints "KIND HEX TEXT". */
static bool
emit_text(const char *kind, const char *text)
{
    struct ofp_msg m;
    char *error;
    if (!strcmp(kind, "flow")) {
        ofp_msg_init(&m, OFP13_VERSION, OFPT_FLOW_MOD, 1);
        error = ofp_flow_mod_parse(text, OFP_TEXT_FLOW_ADD, &m.u.flow_mod);
    } else if (!strcmp(kind, "group")) {
        ofp_msg_init(&m, OFP13_VERSION, OFPT_GROUP_MOD, 1);
        error = ofp_group_mod_parse(text, OFPGC_ADD, &m.u.group_mod);
    } else if (!strcmp(kind, "meter")) {
        ofp_msg_init(&m, OFP13_VERSION, OFPT_METER_MOD, 1);
        error = ofp_meter_mod_parse(text, OFPMC_ADD, &m.u.meter_mod);
    } else {
        fprintf(stderr, "gen-ofp13-vectors: unknown kind `%s'\n", kind);
        return false;
    }
    if (error) {
        printf("error %s\t%s\n", error, text);
        free(error);
        ofp_msg_uninit(&m);
        return true;
    }
    struct buf b = BUF_INITIALIZER;
    int rc = ofp_msg_encode(&m, &b);
    ofp_msg_uninit(&m);
    if (rc) {
        fprintf(stderr, "gen-ofp13-vectors: %s: encode failed\n", text);
        buf_uninit(&b);
        return false;
    }
    printf("%s ", kind);
    print_hex(b.data, b.size);
    printf(" %s\n", text);
    buf_uninit(&b);
    return true;
}

static bool
emit_text_file(const char *file)
{
    FILE *stream = fopen(file, "r");
    if (!stream) {
        fprintf(stderr, "gen-ofp13-vectors: %s: %s\n", file, strerror(errno));
        return false;
    }
    bool ok = true;
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    while ((len = getline(&line, &cap, stream)) != -1) {
        while (len && (line[len - 1] == '\n' || line[len - 1] == '\r')) {
            line[--len] = '\0';
        }
        if (!len || line[0] == '#') {
            continue;
        }
        char *sp = strchr(line, ' ');
        if (!sp) {
            fprintf(stderr, "gen-ofp13-vectors: bad line `%s'\n", line);
            ok = false;
            continue;
        }
        *sp = '\0';
        ok &= emit_text(line, sp + 1);
    }
    free(line);
    fclose(stream);
    return ok;
}

int
main(int argc, char *argv[])
{
    bool ok;
    if (argc == 3 && !strcmp(argv[1], "--text")) {
        ok = emit_text_file(argv[2]);
    } else if (argc == 1) {
        ok = emit_all();
    } else {
        fprintf(stderr, "usage: %s [--text FILE]\n", argv[0]);
        return 2;
    }
    return ok ? EXIT_SUCCESS : EXIT_FAILURE;
}
