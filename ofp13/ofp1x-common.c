/* ofp13/ofp1x-common.c -- the parts of the OpenFlow 1.0/1.1 translator
 * (compat.h) that both versions share: the entry points that dispatch on
 * the wire version, port numbers and port structures, the bookkeeping
 * that decides how a 1.0/1.1 set action maps onto 1.3 actions, the
 * splitting of long stats replies, and queue lists.  The per-version
 * message codecs live in ofp10.c and ofp11.c. */
#include <config.h>
#include "ofp13/compat.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ofp13/ofp.h"
#include "util/xalloc.h"

/* --- Info. -------------------------------------------------------------- */

void
ofp_compat_info_init(struct ofp_compat_info *info)
{
    memset(info, 0, sizeof *info);
}

void
ofp_compat_info_uninit(struct ofp_compat_info *info)
{
    if (info) {
        free(info->ports);
        info->ports = NULL;
        info->n_ports = 0;
    }
}

/* --- Port numbers, port structures. ------------------------------------- */

/* OF1.0 reserves 0xff00..0xffff; OVS's OFPP11_OFFSET maps them onto the
 * 32-bit reserved range. */
#define OFPP10_MAX 0xff00u
#define OFPP11_OFFSET 0xffff0000u

uint32_t
ofp10_port_to_model(uint16_t port)
{
    return port < OFPP10_MAX ? port : port + OFPP11_OFFSET;
}

bool
ofp10_port_from_model(uint32_t port, uint16_t *port10)
{
    if (port < OFPP10_MAX) {
        *port10 = (uint16_t)port;
        return true;
    }
    if (port >= OFPP_MAX) {
        *port10 = (uint16_t)(port - OFPP11_OFFSET);
        return true;
    }
    return false;
}

/* OF1.0 §5.2.1: the medium and pause bits sit at 7..11 in 1.0 and at
 * 11..15 in 1.1+; 1.0 has no 40G, 100G, 1T or OTHER. */
#define OFPPF10_SPEEDS 0x7fu
#define OFPPF10_MEDIA_SHIFT 4

uint32_t
ofp10_features_to_model(uint32_t f)
{
    return (f & OFPPF10_SPEEDS) | ((f & (0x1fu << 7)) << OFPPF10_MEDIA_SHIFT);
}

uint32_t
ofp10_features_from_model(uint32_t f)
{
    return (f & OFPPF10_SPEEDS) | ((f >> OFPPF10_MEDIA_SHIFT) & (0x1fu << 7));
}

/* 1.0 port state: LINK_DOWN, and the STP state in bits 8-9 of which only
 * BLOCK has a 1.3 counterpart (BLOCKED). */
#define OFPPS10_STP_BLOCK (3u << 8)
#define OFPPS10_STP_MASK (3u << 8)

/* ofp10_phy_port (OF1.0 §5.2.1): port_no u16, hw_addr, name[16], config,
 * state, curr, advertised, supported, peer: 48 bytes, no speeds. */
enum ofperr
ofp10_phy_port_decode(struct cur *c, struct ofp_port *p)
{
    uint16_t port_no;

    memset(p, 0, sizeof *p);
    if (!cur_get_be16(c, &port_no) ||
        !cur_get_bytes(c, p->hw_addr, OFP_ETH_ALEN) ||
        !ofp13_str_decode(c, p->name, OFP_MAX_PORT_NAME_LEN) ||
        !cur_get_be32(c, &p->config) || !cur_get_be32(c, &p->state) ||
        !cur_get_be32(c, &p->curr) || !cur_get_be32(c, &p->advertised) ||
        !cur_get_be32(c, &p->supported) || !cur_get_be32(c, &p->peer)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    p->port_no = ofp10_port_to_model(port_no);
    p->config &= OFPPC10_ALL;
    p->state =
        ((p->state & OFPPS_LINK_DOWN) |
         ((p->state & OFPPS10_STP_MASK) == OFPPS10_STP_BLOCK ? OFPPS_BLOCKED
                                                             : 0));
    p->curr = ofp10_features_to_model(p->curr);
    p->advertised = ofp10_features_to_model(p->advertised);
    p->supported = ofp10_features_to_model(p->supported);
    p->peer = ofp10_features_to_model(p->peer);
    return 0;
}

/* The caller checked that the port number is expressible. */
void
ofp10_phy_port_encode(const struct ofp_port *p, struct buf *out)
{
    uint16_t port_no = 0;

    ofp10_port_from_model(p->port_no, &port_no);
    buf_put_be16(out, port_no);
    buf_put(out, p->hw_addr, OFP_ETH_ALEN);
    ofp13_str_encode(out, p->name, OFP_MAX_PORT_NAME_LEN);
    buf_put_be32(out, p->config & OFPPC10_ALL);
    buf_put_be32(out, (p->state & OFPPS_LINK_DOWN) |
                          (p->state & OFPPS_BLOCKED ? OFPPS10_STP_BLOCK : 0));
    buf_put_be32(out, ofp10_features_from_model(p->curr));
    buf_put_be32(out, ofp10_features_from_model(p->advertised));
    buf_put_be32(out, ofp10_features_from_model(p->supported));
    buf_put_be32(out, ofp10_features_from_model(p->peer));
}

/* ofp11_port has the 1.3 layout; 1.1 has no 1.0 config bits. */
enum ofperr
ofp11_port_decode(struct cur *c, struct ofp_port *p)
{
    enum ofperr error = ofp13_port_decode(c, p);
    p->config &= OFPPC13_ALL;
    return error;
}

void
ofp11_port_encode(const struct ofp_port *p, struct buf *out)
{
    struct ofp_port copy = *p;
    copy.config &= OFPPC13_ALL;
    ofp13_port_encode(&copy, out);
}

/* --- Arrays, headers, stats arrays. ------------------------------------ */

void *
ofp1x_array_push(void **arr, size_t *n, size_t *cap, size_t size)
{
    if (*n >= *cap) {
        *cap = *cap ? *cap * 2 : 4;
        *arr = xreallocarray(*arr, *cap, size);
    }
    void *elem = (char *)*arr + *n * size;
    memset(elem, 0, size);
    (*n)++;
    return elem;
}

enum ofperr
ofp1x_array_decode(struct cur *c, void **arr, size_t *n, size_t size,
                   void (*init)(void *elem), ofp1x_elem_decode_fn *decode)
{
    size_t cap = *n;

    while (c->left) {
        void *elem = ofp1x_array_push(arr, n, &cap, size);
        if (init) {
            init(elem);
        }
        enum ofperr error = decode(c, elem);
        if (error) {
            return error;
        }
    }
    return 0;
}

size_t
ofp1x_header_put(struct buf *out, uint8_t version, uint8_t wire_type,
                 uint32_t xid)
{
    size_t start = buf_put_u8(out, version);
    buf_put_u8(out, wire_type);
    buf_put_be16(out, 0);
    buf_put_be32(out, xid);
    return start;
}

/* The stats header: ofp_header, type, flags, and in 1.1 four pad bytes. */
static size_t
stats_header_put(struct buf *out, uint8_t version, uint8_t wire_type,
                 uint32_t xid, uint16_t stats_type, uint16_t flags)
{
    size_t start = ofp1x_header_put(out, version, wire_type, xid);
    buf_put_be16(out, stats_type);
    buf_put_be16(out, flags);
    if (version != OFP10_VERSION) {
        buf_put_zeros(out, 4);
    }
    return start;
}

int
ofp1x_stats_array_encode(struct buf *out, uint8_t version, uint8_t wire_type,
                         uint32_t xid, uint16_t stats_type, uint16_t flags,
                         uint16_t more, size_t n, const void *arr,
                         ofp1x_elem_encode_fn *encode,
                         const struct ofp_compat_ctx *ctx)
{
    size_t first = out->size;
    size_t start =
        stats_header_put(out, version, wire_type, xid, stats_type, flags);
    size_t max_body = OFP_MAX_MSG_LEN - (out->size - start);

    for (size_t i = 0; i < n; i++) {
        size_t elem = out->size;
        if (!encode(arr, i, ctx, out)) {
            buf_truncate(out, elem);
            continue;
        }
        size_t len = out->size - elem;
        if (len > max_body) {
            buf_truncate(out, first);
            return EMSGSIZE;
        }
        if (out->size - start > OFP_MAX_MSG_LEN) {
            /* This element opens the next message. */
            uint8_t *copy = xmemdup(buf_at(out, elem), len);
            buf_truncate(out, elem);
            buf_set_be16(out, start + 10, flags | more);
            ofp13_msg_finish(out, start);
            start = stats_header_put(out, version, wire_type, xid, stats_type,
                                     flags);
            buf_put(out, copy, len);
            free(copy);
        }
    }
    return ofp13_msg_finish(out, start);
}

/* --- Queue lists (OF1.0 §5.2.2, OF1.1 §A.2.2). ------------------------ */

/* One queue property: property, len, pad4, then for the rates u16 rate and
 * pad6.  Other properties (1.0 has none) are skipped, as Open vSwitch
 * does: a queue description is informational. */
static enum ofperr
queue_prop_decode(struct cur *c, uint8_t version, struct ofp_packet_queue *q)
{
    uint16_t type, len, rate;
    struct cur prop;

    if (!cur_get_be16(c, &type) || !cur_get_be16(c, &len) || !cur_skip(c, 4) ||
        len < 8 || !cur_split(c, len - 8u, &prop)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    if (type == OFPQT_MIN_RATE ||
        (type == OFPQT_MAX_RATE && version == OFP11_VERSION)) {
        if (prop.left != 8 || !cur_get_be16(&prop, &rate)) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        if (type == OFPQT_MIN_RATE) {
            q->min_rate = rate;
        } else {
            q->max_rate = rate;
        }
    }
    return 0;
}

enum ofperr
ofp1x_queues_decode(struct cur *c, uint8_t version,
                    struct ofp_queue_get_config_reply *r)
{
    size_t cap = 0;

    while (c->left) {
        void *arr = r->queues;
        struct ofp_packet_queue *q =
            ofp1x_array_push(&arr, &r->n, &cap, sizeof *r->queues);
        r->queues = arr;

        uint16_t len;
        struct cur props;
        q->port = r->port;
        q->min_rate = q->max_rate = OFPQ_RATE_NONE;
        if (!cur_get_be32(c, &q->queue_id) || !cur_get_be16(c, &len) ||
            !cur_skip(c, 2) || len < 8 || !cur_split(c, len - 8u, &props)) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        while (props.left) {
            enum ofperr error = queue_prop_decode(&props, version, q);
            if (error) {
                return error;
            }
        }
    }
    return 0;
}

static void
queue_rate_put(struct buf *out, uint16_t type, uint32_t rate)
{
    if (rate != OFPQ_RATE_NONE) {
        buf_put_be16(out, type);
        buf_put_be16(out, 16);
        buf_put_zeros(out, 4);
        buf_put_be16(out, (uint16_t)rate);
        buf_put_zeros(out, 6);
    }
}

/* Experimenter properties have no 1.0/1.1 form and are left out. */
void
ofp1x_queues_encode(const struct ofp_queue_get_config_reply *r,
                    uint8_t version, struct buf *out)
{
    for (size_t i = 0; i < r->n; i++) {
        const struct ofp_packet_queue *q = &r->queues[i];
        size_t start = buf_put_be32(out, q->queue_id);
        buf_put_be16(out, 0);
        buf_put_zeros(out, 2);
        queue_rate_put(out, OFPQT_MIN_RATE, q->min_rate);
        if (version == OFP11_VERSION) {
            queue_rate_put(out, OFPQT_MAX_RATE, q->max_rate);
        }
        buf_set_be16(out, start + 4, (uint16_t)(out->size - start));
    }
}

/* --- Set actions: what the match says about the packet. ----------------- */

#define ETH_TYPE_IP 0x0800
#define ETH_TYPE_IPV6 0x86dd

static bool
match_exact(const struct ofp_match *m, enum oxm_field f, uint64_t *v)
{
    const struct oxm_field_info *info = oxm_field_info(f);
    uint64_t all =
        info->len >= 8 ? UINT64_MAX : (UINT64_C(1) << (8 * info->len)) - 1;
    if (ofp_match_has(m, f) && ofp_match_get_mask_uint(m, f) == all) {
        *v = ofp_match_get_uint(m, f);
        return true;
    }
    return false;
}

void
ofp1x_pkt_from_match(const struct ofp_match *m, struct ofp1x_pkt *pkt)
{
    uint64_t type, proto;

    pkt->vlan = -1;
    pkt->l4_src = -1;
    if (!m) {
        return;
    }
    if (ofp_match_has(m, OXM_VLAN_VID)) {
        uint64_t vid = ofp_match_get_uint(m, OXM_VLAN_VID);
        uint64_t mask = ofp_match_get_mask_uint(m, OXM_VLAN_VID);
        if (mask & OFPVID_PRESENT) {
            pkt->vlan = (vid & OFPVID_PRESENT) ? 1 : 0;
        }
    }
    if (match_exact(m, OXM_ETH_TYPE, &type) &&
        (type == ETH_TYPE_IP || type == ETH_TYPE_IPV6) &&
        match_exact(m, OXM_IP_PROTO, &proto)) {
        pkt->l4_src = (proto == 6     ? OXM_TCP_SRC
                       : proto == 17  ? OXM_UDP_SRC
                       : proto == 132 ? OXM_SCTP_SRC
                                      : -1);
    }
}

void
ofp1x_pkt_apply(struct ofp1x_pkt *pkt, const struct ofp_action *a)
{
    switch (a->type) {
    case OFPAT_PUSH_VLAN:
    case OFPAT_X_SET_VLAN_OR_PUSH:
        pkt->vlan = 1;
        break;
    case OFPAT_POP_VLAN:
        /* There may be an inner tag. */
        pkt->vlan = pkt->vlan == 0 ? 0 : -1;
        break;
    case OFPAT_PUSH_MPLS:
    case OFPAT_POP_MPLS:
        pkt->l4_src = -1;
        break;
    case OFPAT_PUSH_PBB:
    case OFPAT_POP_PBB:
        pkt->vlan = pkt->l4_src = -1;
        break;
    default:
        break;
    }
}

static void
push_action(struct ofp_actions *acts, const struct ofp_action *a)
{
    acts->a = xreallocarray(acts->a, acts->n + 1, sizeof *acts->a);
    acts->a[acts->n++] = *a;
}

static void
push_typed_field(struct ofp_actions *acts, uint16_t type, enum oxm_field f,
                 uint64_t value)
{
    const struct oxm_field_info *info = oxm_field_info(f);
    struct ofp_action a;

    memset(&a, 0, sizeof a);
    a.type = type;
    a.u.set_field.field = f;
    for (size_t i = 0; i < info->len; i++) {
        a.u.set_field.value.b[i] =
            (uint8_t)(value >> (8 * (info->len - 1 - i)));
    }
    push_action(acts, &a);
}

void
ofp1x_push_set_field(struct ofp_actions *acts, enum oxm_field f,
                     uint64_t value)
{
    push_typed_field(acts, OFPAT_SET_FIELD, f, value);
}

/* OF1.0 SET_VLAN_VID/PCP push a tag onto an untagged packet ('may_push');
 * 1.1's do not ([OVS] OFPAT_RAW10/11_SET_VLAN_VID).  When the match says
 * whether the packet is tagged, 1.3 can say it; otherwise the model-only
 * OFPAT_X_SET_VLAN_OR_PUSH decides per packet. */
void
ofp1x_push_set_vlan(struct ofp_actions *acts, struct ofp1x_pkt *pkt,
                    enum oxm_field f, uint16_t value, bool may_push)
{
    if (!may_push || pkt->vlan == 1) {
        ofp1x_push_set_field(acts, f, value);
    } else if (pkt->vlan == 0) {
        /* OF1.3.5 §7.2.6.6: the pushed tag gets VID 0 and PCP 0 when there
         * is no outer tag to copy them from, as a 1.0 push does. */
        struct ofp_action push;
        memset(&push, 0, sizeof push);
        push.type = OFPAT_PUSH_VLAN;
        push.u.ethertype = 0x8100;
        push_action(acts, &push);
        ofp1x_push_set_field(acts, f, value);
    } else {
        push_typed_field(acts, OFPAT_X_SET_VLAN_OR_PUSH, f, value);
    }
    if (may_push) {
        pkt->vlan = 1;
    }
}

/* SET_TP_SRC/DST set the port of whatever L4 header the packet has. */
void
ofp1x_push_set_tp(struct ofp_actions *acts, const struct ofp1x_pkt *pkt,
                  bool dst, uint16_t port)
{
    if (pkt->l4_src >= 0) {
        ofp1x_push_set_field(acts, (enum oxm_field)(pkt->l4_src + dst), port);
    } else {
        push_typed_field(acts, dst ? OFPAT_X_SET_L4_DST : OFPAT_X_SET_L4_SRC,
                         dst ? OXM_TCP_DST : OXM_TCP_SRC, port);
    }
}

bool
ofp1x_field_value_ok(enum oxm_field f, const struct oxm_value *v)
{
    const struct oxm_field_info *info = oxm_field_info(f);
    if (!info) {
        return false;
    }
    size_t spare = (size_t)info->len * 8 - info->bits;
    for (size_t i = 0; i < spare; i++) {
        if (v->b[i / 8] & (0x80 >> (i % 8))) {
            return false;
        }
    }
    return true;
}

enum ofperr
ofp1x_push_13_action(struct cur *c, struct ofp_actions *acts)
{
    struct ofp_actions one;
    enum ofperr error = ofp_actions_decode(c, &one);
    if (error) {
        return error;
    }
    for (size_t i = 0; i < one.n; i++) {
        push_action(acts, &one.a[i]);
    }
    /* The actions (and any experimenter data) now belong to 'acts'. */
    free(one.a);
    return 0;
}

void
ofp1x_put_13_action(const struct ofp_action *a, struct buf *out)
{
    struct ofp_action copy = *a;
    struct ofp_actions one = { 1, &copy };
    ofp_actions_encode(&one, out);
}

/* --- Entry points. ------------------------------------------------------ */

enum ofperr
ofp_msg_decode_any(const uint8_t *data, size_t size, struct ofp_msg *msg,
                   struct ofp_compat_info *info)
{
    struct ofp_compat_info scratch;
    uint8_t version, type;
    uint16_t length;
    uint32_t xid;
    enum ofperr error;

    if (!info) {
        info = &scratch;
    }
    ofp_compat_info_init(info);
    if (!ofp_header_peek(data, size, &version, &type, &length, &xid)) {
        ofp_msg_init(msg, 0, 0, 0);
        return OFPERR_OFPBRC_BAD_LEN;
    }
    info->version = version;
    if (type == OFPT_HELLO || version == OFP13_VERSION) {
        error = ofp_msg_decode(data, size, msg);
    } else if (version == OFP10_VERSION) {
        error = ofp10_msg_decode(data, size, msg, info);
    } else if (version == OFP11_VERSION) {
        error = ofp11_msg_decode(data, size, msg, info);
    } else {
        ofp_msg_init(msg, version, type, xid);
        error = OFPERR_OFPBRC_BAD_VERSION;
    }
    if (error) {
        ofp_compat_info_uninit(info);
        ofp_compat_info_init(info);
        info->version = version;
    }
    if (info == &scratch) {
        ofp_compat_info_uninit(info);
    }
    return error;
}

int
ofp_msg_encode_version_ctx(const struct ofp_msg *msg, uint8_t version,
                           const struct ofp_compat_ctx *ctx, struct buf *out)
{
    static const struct ofp_compat_ctx empty;
    if (!ctx) {
        ctx = &empty;
    }
    switch (version) {
    case OFP10_VERSION:
        return ofp10_msg_encode(msg, ctx, out);
    case OFP11_VERSION:
        return ofp11_msg_encode(msg, ctx, out);
    case OFP13_VERSION:
        return ofp_msg_encode(msg, out);
    default:
        return ENOTSUP;
    }
}

int
ofp_msg_encode_version(const struct ofp_msg *msg, uint8_t version,
                       struct buf *out)
{
    return ofp_msg_encode_version_ctx(msg, version, NULL, out);
}

int
ofp_features_reply_encode_version(const struct ofp_msg *msg,
                                  const struct ofp_port *ports, size_t n_ports,
                                  uint8_t version, struct buf *out)
{
    struct ofp_compat_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    ctx.ports = ports;
    ctx.n_ports = n_ports;
    return ofp_msg_encode_version_ctx(msg, version, &ctx, out);
}

bool
ofp_match_expressible(const struct ofp_match *m, uint8_t version)
{
    struct buf scratch = BUF_INITIALIZER;
    bool ok;

    switch (version) {
    case OFP10_VERSION:
        ok = ofp10_match_encode(m, &scratch);
        break;
    case OFP11_VERSION:
        ok = ofp11_match_encode(m, &scratch);
        break;
    default:
        ok = version == OFP13_VERSION;
        break;
    }
    buf_uninit(&scratch);
    return ok;
}

bool
ofp_flow_stats_expressible(const struct ofp_flow_stats *fs, uint8_t version)
{
    struct buf scratch = BUF_INITIALIZER;
    const struct ofp_instructions *insts = &fs->instructions;
    bool ok;

    switch (version) {
    case OFP10_VERSION:
        ok = (ofp10_match_encode(&fs->match, &scratch) &&
              !(insts->present & ~OFPIT_BIT(OFPIT_APPLY_ACTIONS)) &&
              ofp10_actions_encode(&insts->apply, &fs->match, &scratch));
        break;
    case OFP11_VERSION:
        ok = (ofp11_match_encode(&fs->match, &scratch) &&
              ofp11_instructions_encode(insts, &fs->match, &scratch));
        break;
    default:
        ok = version == OFP13_VERSION;
        break;
    }
    buf_uninit(&scratch);
    return ok;
}
