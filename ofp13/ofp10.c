/* ofp13/ofp10.c -- OpenFlow 1.0 (wire 0x01) <-> the 1.3 model: the
 * 40-byte wildcard match, the 1.0 actions, every 1.0 message and stats
 * body.  Decoders translate into the model (ofp13/msgs.h) as
 * reference/OPENFLOW.md §2 and Open vSwitch do; encoders write the model
 * back as 1.0 and refuse (ENOTSUP) what 1.0 cannot say exactly.  See
 * compat.h for the contract and ofp1x-common.c for what 1.0 shares with
 * 1.1. */
#include <config.h>
#include "ofp13/compat.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ofp13/ofp.h"
#include "util/xalloc.h"

/* OF1.0 message types (OF1.0 §5.1). */
enum ofp10_type {
    OFPT10_HELLO = 0,
    OFPT10_ERROR = 1,
    OFPT10_ECHO_REQUEST = 2,
    OFPT10_ECHO_REPLY = 3,
    OFPT10_VENDOR = 4,
    OFPT10_FEATURES_REQUEST = 5,
    OFPT10_FEATURES_REPLY = 6,
    OFPT10_GET_CONFIG_REQUEST = 7,
    OFPT10_GET_CONFIG_REPLY = 8,
    OFPT10_SET_CONFIG = 9,
    OFPT10_PACKET_IN = 10,
    OFPT10_FLOW_REMOVED = 11,
    OFPT10_PORT_STATUS = 12,
    OFPT10_PACKET_OUT = 13,
    OFPT10_FLOW_MOD = 14,
    OFPT10_PORT_MOD = 15,
    OFPT10_STATS_REQUEST = 16,
    OFPT10_STATS_REPLY = 17,
    OFPT10_BARRIER_REQUEST = 18,
    OFPT10_BARRIER_REPLY = 19,
    OFPT10_QUEUE_GET_CONFIG_REQUEST = 20,
    OFPT10_QUEUE_GET_CONFIG_REPLY = 21,
};
#define OFPT10_N_TYPES 22

/* Match wildcards (OF1.0 §5.2.3). */
#define OFPFW10_IN_PORT (1u << 0)
#define OFPFW10_DL_VLAN (1u << 1)
#define OFPFW10_DL_SRC (1u << 2)
#define OFPFW10_DL_DST (1u << 3)
#define OFPFW10_DL_TYPE (1u << 4)
#define OFPFW10_NW_PROTO (1u << 5)
#define OFPFW10_TP_SRC (1u << 6)
#define OFPFW10_TP_DST (1u << 7)
#define OFPFW10_NW_SRC_SHIFT 8
#define OFPFW10_NW_DST_SHIFT 14
#define OFPFW10_NW_BITS 0x3fu
#define OFPFW10_DL_VLAN_PCP (1u << 20)
#define OFPFW10_NW_TOS (1u << 21)
#define OFPFW10_ALL ((1u << 22) - 1)
#define OFP10_VLAN_NONE 0xffff
#define OFP10_MATCH_LEN 40

/* Actions (OF1.0 §5.2.4). */
enum ofp10_action_type {
    OFPAT10_OUTPUT = 0,
    OFPAT10_SET_VLAN_VID = 1,
    OFPAT10_SET_VLAN_PCP = 2,
    OFPAT10_STRIP_VLAN = 3,
    OFPAT10_SET_DL_SRC = 4,
    OFPAT10_SET_DL_DST = 5,
    OFPAT10_SET_NW_SRC = 6,
    OFPAT10_SET_NW_DST = 7,
    OFPAT10_SET_NW_TOS = 8,
    OFPAT10_SET_TP_SRC = 9,
    OFPAT10_SET_TP_DST = 10,
    OFPAT10_ENQUEUE = 11,
    OFPAT10_VENDOR = 0xffff,
};
/* Every action above but VENDOR: the FEATURES_REPLY actions bitmap. */
#define OFPAT10_SUPPORTED ((1u << 12) - 1)

/* Stats types (OF1.0 §5.3.5). */
#define OFPST10_VENDOR 0xffff

/* Ports. */
#define OFPP10_IN_PORT 0xfff8
#define OFPP10_ALL 0xfffc
#define OFPP10_LOCAL 0xfffe
#define OFPP10_NONE 0xffff

/* Flow mod flags and capabilities that only 1.0 has. */
#define OFPFF10_EMERG (1u << 2)
#define OFPFF10_ALL (OFPFF_SEND_FLOW_REM | OFPFF_CHECK_OVERLAP | OFPFF10_EMERG)
#define OFPC10_ARP_MATCH_IP (1u << 7)
#define OFPC10_COMMON                                                       \
    (OFPC_FLOW_STATS | OFPC_TABLE_STATS | OFPC_PORT_STATS | OFPC_IP_REASM | \
     OFPC_QUEUE_STATS)

#define STATS10_HEADER_LEN 12
#define ETH_TYPE_IP 0x0800
#define ETH_TYPE_ARP 0x0806
#define ETH_TYPE_IPV6 0x86dd

/* --- Match (OF1.0 §5.2.3). ---------------------------------------------- */

/* The netmask for a 1.0 wildcard bit count (the number of low bits that
 * are ignored; 32 or more ignores all). */
static uint32_t
wcbits_to_mask(uint32_t bits)
{
    bits &= OFPFW10_NW_BITS;
    return bits >= 32 ? 0 : UINT32_MAX << bits;
}

/* Sets an address field from a 1.0 address and its netmask. */
static void
set_addr(struct ofp_match *m, enum oxm_field f, uint32_t addr, uint32_t mask)
{
    if (mask) {
        ofp_match_set_masked_u32(m, f, addr & mask, mask);
    }
}

enum ofperr
ofp10_match_decode(struct cur *c, struct ofp_match *m, bool *normalised)
{
    uint32_t wc, nw_src, nw_dst;
    uint16_t in_port, dl_vlan, dl_type, tp_src, tp_dst;
    uint8_t dl_src[OFP_ETH_ALEN], dl_dst[OFP_ETH_ALEN], pcp, tos, proto;
    bool dropped = false;

    ofp_match_init(m);
    if (!cur_get_be32(c, &wc) || !cur_get_be16(c, &in_port) ||
        !cur_get_bytes(c, dl_src, OFP_ETH_ALEN) ||
        !cur_get_bytes(c, dl_dst, OFP_ETH_ALEN) ||
        !cur_get_be16(c, &dl_vlan) || !cur_get_u8(c, &pcp) ||
        !cur_skip(c, 1) || !cur_get_be16(c, &dl_type) ||
        !cur_get_u8(c, &tos) || !cur_get_u8(c, &proto) || !cur_skip(c, 2) ||
        !cur_get_be32(c, &nw_src) || !cur_get_be32(c, &nw_dst) ||
        !cur_get_be16(c, &tp_src) || !cur_get_be16(c, &tp_dst)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    /* Open vSwitch ignores the undefined bits 22..31, and so do we: old
     * controllers send all-ones for "match everything". */
    wc &= OFPFW10_ALL;

    if (!(wc & OFPFW10_IN_PORT)) {
        ofp_match_set_u32(m, OXM_IN_PORT, ofp10_port_to_model(in_port));
    }
    if (!(wc & OFPFW10_DL_SRC)) {
        ofp_match_set(m, OXM_ETH_SRC, dl_src, NULL);
    }
    if (!(wc & OFPFW10_DL_DST)) {
        ofp_match_set(m, OXM_ETH_DST, dl_dst, NULL);
    }

    /* VLAN, as Open vSwitch reads it: dl_vlan 0xffff is "no tag" (and
     * makes the PCP meaningless), a PCP without a VID is "any tag with
     * this PCP". */
    if (!(wc & OFPFW10_DL_VLAN) && dl_vlan == OFP10_VLAN_NONE) {
        ofp_match_set_u16(m, OXM_VLAN_VID, OFPVID_NONE);
        dropped |= !(wc & OFPFW10_DL_VLAN_PCP);
    } else {
        if (!(wc & OFPFW10_DL_VLAN)) {
            dropped |= (dl_vlan & 0xf000) != 0;
            ofp_match_set_u16(m, OXM_VLAN_VID,
                              OFPVID_PRESENT | (dl_vlan & 0xfff));
        }
        if (!(wc & OFPFW10_DL_VLAN_PCP)) {
            if (wc & OFPFW10_DL_VLAN) {
                ofp_match_set_masked_u16(m, OXM_VLAN_VID, OFPVID_PRESENT,
                                         OFPVID_PRESENT);
            }
            dropped |= pcp > 7;
            ofp_match_set_u8(m, OXM_VLAN_PCP, pcp & 7);
        }
    }

    bool has_type = !(wc & OFPFW10_DL_TYPE);
    if (has_type) {
        ofp_match_set_u16(m, OXM_ETH_TYPE, dl_type);
    }
    bool ip4 = has_type && dl_type == ETH_TYPE_IP;
    bool ip6 = has_type && dl_type == ETH_TYPE_IPV6;
    bool arp = has_type && dl_type == ETH_TYPE_ARP;

    /* Normalisation ([OVS] ofputil_normalize_match): L3 and L4 fields
     * count only under the protocol that gives them a meaning. */
    if (!(wc & OFPFW10_NW_TOS)) {
        if (ip4 || ip6) {
            ofp_match_set_u8(m, OXM_IP_DSCP, tos >> 2);
        } else {
            dropped = true;
        }
    }
    bool has_proto = !(wc & OFPFW10_NW_PROTO);
    if (has_proto) {
        if (ip4 || ip6) {
            ofp_match_set_u8(m, OXM_IP_PROTO, proto);
        } else if (arp) {
            ofp_match_set_u16(m, OXM_ARP_OP, proto);
        } else {
            dropped = true;
        }
    }
    uint32_t src_mask = wcbits_to_mask(wc >> OFPFW10_NW_SRC_SHIFT);
    uint32_t dst_mask = wcbits_to_mask(wc >> OFPFW10_NW_DST_SHIFT);
    if (ip4 || arp) {
        set_addr(m, ip4 ? OXM_IPV4_SRC : OXM_ARP_SPA, nw_src, src_mask);
        set_addr(m, ip4 ? OXM_IPV4_DST : OXM_ARP_TPA, nw_dst, dst_mask);
    } else {
        dropped |= src_mask || dst_mask;
    }

    bool want_src = !(wc & OFPFW10_TP_SRC), want_dst = !(wc & OFPFW10_TP_DST);
    if (want_src || want_dst) {
        int src = -1;
        bool icmp = false;
        if (has_proto && (ip4 || ip6)) {
            if (proto == 6) {
                src = OXM_TCP_SRC;
            } else if (proto == 17) {
                src = OXM_UDP_SRC;
            } else if (proto == 132) {
                src = OXM_SCTP_SRC;
            } else if (ip4 && proto == 1) {
                src = OXM_ICMPV4_TYPE;
                icmp = true;
            } else if (ip6 && proto == 58) {
                src = OXM_ICMPV6_TYPE;
                icmp = true;
            }
        }
        if (src < 0) {
            dropped = true;
        } else if (icmp) {
            /* tp_src and tp_dst carry the ICMP type and code. */
            if ((want_src && tp_src > UINT8_MAX) ||
                (want_dst && tp_dst > UINT8_MAX)) {
                ofp_match_uninit(m);
                ofp_match_init(m);
                return OFPERR_OFPBMC_BAD_VALUE;
            }
            if (want_src) {
                ofp_match_set_u8(m, (enum oxm_field)src, (uint8_t)tp_src);
            }
            if (want_dst) {
                ofp_match_set_u8(m, (enum oxm_field)(src + 1),
                                 (uint8_t)tp_dst);
            }
        } else {
            if (want_src) {
                ofp_match_set_u16(m, (enum oxm_field)src, tp_src);
            }
            if (want_dst) {
                ofp_match_set_u16(m, (enum oxm_field)(src + 1), tp_dst);
            }
        }
    }

    if (normalised) {
        *normalised = dropped;
    }
    return 0;
}

#define FIELD_BIT(F) (UINT64_C(1) << (F))
#define OFP10_FIELDS                                           \
    (FIELD_BIT(OXM_IN_PORT) | FIELD_BIT(OXM_ETH_DST) |         \
     FIELD_BIT(OXM_ETH_SRC) | FIELD_BIT(OXM_ETH_TYPE) |        \
     FIELD_BIT(OXM_VLAN_VID) | FIELD_BIT(OXM_VLAN_PCP) |       \
     FIELD_BIT(OXM_IP_DSCP) | FIELD_BIT(OXM_IP_PROTO) |        \
     FIELD_BIT(OXM_IPV4_SRC) | FIELD_BIT(OXM_IPV4_DST) |       \
     FIELD_BIT(OXM_TCP_SRC) | FIELD_BIT(OXM_TCP_DST) |         \
     FIELD_BIT(OXM_UDP_SRC) | FIELD_BIT(OXM_UDP_DST) |         \
     FIELD_BIT(OXM_SCTP_SRC) | FIELD_BIT(OXM_SCTP_DST) |       \
     FIELD_BIT(OXM_ICMPV4_TYPE) | FIELD_BIT(OXM_ICMPV4_CODE) | \
     FIELD_BIT(OXM_ARP_OP) | FIELD_BIT(OXM_ARP_SPA) |          \
     FIELD_BIT(OXM_ARP_TPA) | FIELD_BIT(OXM_ICMPV6_TYPE) |     \
     FIELD_BIT(OXM_ICMPV6_CODE))

/* The 1.0 wildcard count for netmask 'mask', or -1 if it is not CIDR. */
static int
mask_to_wcbits(uint32_t mask)
{
    int bits = 0;
    while (bits < 32 && !(mask & (1u << bits))) {
        bits++;
    }
    return wcbits_to_mask((uint32_t)bits) == mask ? bits : -1;
}

/* Puts the address field 'f' (if present) into 'w' at 'ofs' and its
 * wildcard count into '*wc' at 'shift'. */
static bool
put_addr(const struct ofp_match *m, enum oxm_field f, uint8_t *w, size_t ofs,
         uint32_t *wc, int shift)
{
    if (!ofp_match_has(m, f)) {
        return true;
    }
    int bits = mask_to_wcbits((uint32_t)ofp_match_get_mask_uint(m, f));
    if (bits < 0) {
        return false;
    }
    put_be32(w + ofs, (uint32_t)ofp_match_get_uint(m, f));
    *wc = (*wc & ~(OFPFW10_NW_BITS << shift)) | (uint32_t)bits << shift;
    return true;
}

/* The first of 'fields' (as OXM ids, -1 terminated) present in 'm'. */
static int
first_present(const struct ofp_match *m, const int *fields)
{
    for (; *fields >= 0; fields++) {
        if (ofp_match_has(m, (enum oxm_field) * fields)) {
            return *fields;
        }
    }
    return -1;
}

/* Builds the 1.0 match for 'm' in 'w' (40 bytes).  The caller checks
 * the result by decoding it back, which catches every field value, mask
 * or combination the builder let through but 1.0 reads differently. */
static bool
match10_build(const struct ofp_match *m, uint8_t w[OFP10_MATCH_LEN])
{
    static const int tp_srcs[] = { OXM_TCP_SRC,     OXM_UDP_SRC,
                                   OXM_SCTP_SRC,    OXM_ICMPV4_TYPE,
                                   OXM_ICMPV6_TYPE, -1 };
    static const int tp_dsts[] = { OXM_TCP_DST,     OXM_UDP_DST,
                                   OXM_SCTP_DST,    OXM_ICMPV4_CODE,
                                   OXM_ICMPV6_CODE, -1 };
    uint32_t wc = OFPFW10_ALL;

    memset(w, 0, OFP10_MATCH_LEN);
    if (m->n_raw || (m->present & ~OFP10_FIELDS)) {
        return false;
    }
    if (ofp_match_has(m, OXM_IN_PORT)) {
        uint16_t port;
        if (!ofp10_port_from_model(
                (uint32_t)ofp_match_get_uint(m, OXM_IN_PORT), &port)) {
            return false;
        }
        put_be16(w + 4, port);
        wc &= ~OFPFW10_IN_PORT;
    }
    if (ofp_match_has(m, OXM_ETH_SRC)) {
        memcpy(w + 6, m->value[OXM_ETH_SRC].b, OFP_ETH_ALEN);
        wc &= ~OFPFW10_DL_SRC;
    }
    if (ofp_match_has(m, OXM_ETH_DST)) {
        memcpy(w + 12, m->value[OXM_ETH_DST].b, OFP_ETH_ALEN);
        wc &= ~OFPFW10_DL_DST;
    }
    if (ofp_match_has(m, OXM_VLAN_VID)) {
        uint16_t vid = (uint16_t)ofp_match_get_uint(m, OXM_VLAN_VID);
        uint16_t mask = (uint16_t)ofp_match_get_mask_uint(m, OXM_VLAN_VID);
        if (mask == UINT16_MAX) {
            put_be16(w + 18,
                     vid == OFPVID_NONE ? OFP10_VLAN_NONE : (vid & 0xfff));
            wc &= ~OFPFW10_DL_VLAN;
        } else if (!(mask == OFPVID_PRESENT && vid == OFPVID_PRESENT)) {
            /* "Any tag" is expressible only with a PCP; the check by
             * decoding catches the case without one. */
            return false;
        }
    }
    if (ofp_match_has(m, OXM_VLAN_PCP)) {
        w[20] = (uint8_t)ofp_match_get_uint(m, OXM_VLAN_PCP);
        wc &= ~OFPFW10_DL_VLAN_PCP;
    }
    if (ofp_match_has(m, OXM_ETH_TYPE)) {
        put_be16(w + 22, (uint16_t)ofp_match_get_uint(m, OXM_ETH_TYPE));
        wc &= ~OFPFW10_DL_TYPE;
    }
    if (ofp_match_has(m, OXM_IP_DSCP)) {
        w[24] = (uint8_t)(ofp_match_get_uint(m, OXM_IP_DSCP) << 2);
        wc &= ~OFPFW10_NW_TOS;
    }
    if (ofp_match_has(m, OXM_IP_PROTO)) {
        w[25] = (uint8_t)ofp_match_get_uint(m, OXM_IP_PROTO);
        wc &= ~OFPFW10_NW_PROTO;
    } else if (ofp_match_has(m, OXM_ARP_OP)) {
        uint64_t op = ofp_match_get_uint(m, OXM_ARP_OP);
        if (op > UINT8_MAX) {
            return false;
        }
        w[25] = (uint8_t)op;
        wc &= ~OFPFW10_NW_PROTO;
    }
    if (!put_addr(m, OXM_IPV4_SRC, w, 28, &wc, OFPFW10_NW_SRC_SHIFT) ||
        !put_addr(m, OXM_ARP_SPA, w, 28, &wc, OFPFW10_NW_SRC_SHIFT) ||
        !put_addr(m, OXM_IPV4_DST, w, 32, &wc, OFPFW10_NW_DST_SHIFT) ||
        !put_addr(m, OXM_ARP_TPA, w, 32, &wc, OFPFW10_NW_DST_SHIFT)) {
        return false;
    }
    int f = first_present(m, tp_srcs);
    if (f >= 0) {
        put_be16(w + 36, (uint16_t)ofp_match_get_uint(m, f));
        wc &= ~OFPFW10_TP_SRC;
    }
    f = first_present(m, tp_dsts);
    if (f >= 0) {
        put_be16(w + 38, (uint16_t)ofp_match_get_uint(m, f));
        wc &= ~OFPFW10_TP_DST;
    }
    put_be32(w, wc);
    return true;
}

bool
ofp10_match_encode(const struct ofp_match *m, struct buf *out)
{
    uint8_t w[OFP10_MATCH_LEN];
    struct ofp_match back;
    bool ok = false;

    if (match10_build(m, w)) {
        struct cur c = cur_make(w, sizeof w);
        ok = !ofp10_match_decode(&c, &back, NULL) && ofp_match_equal(&back, m);
        ofp_match_uninit(&back);
    }
    if (ok) {
        buf_put(out, w, sizeof w);
    }
    return ok;
}

/* --- Actions (OF1.0 §5.2.4). -------------------------------------------- */

static uint64_t
get_mac(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 0; i < OFP_ETH_ALEN; i++) {
        v = v << 8 | p[i];
    }
    return v;
}

/* 1.0 output ports: the physical ports 1..0xfeff and the reserved ones
 * from IN_PORT on, except NONE (the 1.3 decoder's rule, after mapping). */
static bool
out_port_ok(uint16_t port)
{
    return (port && port < 0xff00) ||
           (port >= OFPP10_IN_PORT && port != OFPP10_NONE);
}

/* ENQUEUE accepts physical ports, IN_PORT and LOCAL ([OVS]). */
static bool
enqueue_port_ok(uint32_t port)
{
    return (port && port < 0xff00) || port == OFPP_IN_PORT ||
           port == OFPP_LOCAL;
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

/* The queue the last ENQUEUE selected, so that a run of ENQUEUEs to one
 * queue decodes into one SET_QUEUE (what the encoder writes back). */
struct act10_state {
    struct ofp1x_pkt pkt;
    bool has_queue;
    uint32_t queue;
};

static enum ofperr
action10_decode(uint16_t type, uint16_t len, struct cur *b,
                struct act10_state *st, struct ofp_actions *acts)
{
    static const uint8_t lens[] = { 8, 8, 8, 8, 16, 16, 8, 8, 8, 8, 8, 16 };
    struct ofp_action a;
    uint32_t u32 = 0;
    uint16_t u16, port;
    uint8_t u8, mac[OFP_ETH_ALEN];

    memset(&a, 0, sizeof a);
    if (type == OFPAT10_VENDOR) {
        /* The vendor id is there: the caller checked len >= 8. */
        a.type = OFPAT_EXPERIMENTER;
        cur_get_be32(b, &a.u.experimenter.experimenter);
        a.u.experimenter.len = (uint16_t)b->left;
        a.u.experimenter.data = b->left ? xmemdup(b->p, b->left) : NULL;
        acts->a = xreallocarray(acts->a, acts->n + 1, sizeof *acts->a);
        acts->a[acts->n++] = a; /* 'acts' takes the data. */
        return 0;
    }
    if (type >= ARRAY_SIZE(lens)) {
        return OFPERR_OFPBAC_BAD_TYPE;
    }
    if (len != lens[type]) {
        return OFPERR_OFPBAC_BAD_LEN;
    }
    switch ((enum ofp10_action_type)type) {
    case OFPAT10_OUTPUT:
        cur_get_be16(b, &port);
        cur_get_be16(b, &u16);
        if (!out_port_ok(port)) {
            return OFPERR_OFPBAC_BAD_OUT_PORT;
        }
        /* 1.0 max_len is a plain byte count; 1.3 reserves the values over
         * OFPCML_MAX, and any of them already means "the whole frame". */
        if (port == (OFPP_CONTROLLER & 0xffff) && u16 > OFPCML_MAX) {
            u16 = OFPCML_NO_BUFFER;
        }
        push_output(acts, ofp10_port_to_model(port), u16);
        break;
    case OFPAT10_SET_VLAN_VID:
        cur_get_be16(b, &u16);
        if (u16 > 0xfff) {
            return OFPERR_OFPBAC_BAD_ARGUMENT;
        }
        ofp1x_push_set_vlan(acts, &st->pkt, OXM_VLAN_VID, OFPVID_PRESENT | u16,
                            true);
        break;
    case OFPAT10_SET_VLAN_PCP:
        cur_get_u8(b, &u8);
        if (u8 > 7) {
            return OFPERR_OFPBAC_BAD_ARGUMENT;
        }
        ofp1x_push_set_vlan(acts, &st->pkt, OXM_VLAN_PCP, u8, true);
        break;
    case OFPAT10_STRIP_VLAN:
        a.type = OFPAT_POP_VLAN;
        ofp_actions_push(acts, &a);
        ofp1x_pkt_apply(&st->pkt, &a);
        break;
    case OFPAT10_SET_DL_SRC:
    case OFPAT10_SET_DL_DST:
        cur_get_bytes(b, mac, OFP_ETH_ALEN);
        ofp1x_push_set_field(
            acts, type == OFPAT10_SET_DL_SRC ? OXM_ETH_SRC : OXM_ETH_DST,
            get_mac(mac));
        break;
    case OFPAT10_SET_NW_SRC:
    case OFPAT10_SET_NW_DST:
        cur_get_be32(b, &u32);
        ofp1x_push_set_field(
            acts, type == OFPAT10_SET_NW_SRC ? OXM_IPV4_SRC : OXM_IPV4_DST,
            u32);
        break;
    case OFPAT10_SET_NW_TOS:
        cur_get_u8(b, &u8);
        /* The ToS byte with the ECN bits clear ([OVS]). */
        if (u8 & 3) {
            return OFPERR_OFPBAC_BAD_ARGUMENT;
        }
        ofp1x_push_set_field(acts, OXM_IP_DSCP, u8 >> 2);
        break;
    case OFPAT10_SET_TP_SRC:
    case OFPAT10_SET_TP_DST:
        cur_get_be16(b, &u16);
        ofp1x_push_set_tp(acts, &st->pkt, type == OFPAT10_SET_TP_DST, u16);
        break;
    case OFPAT10_ENQUEUE:
        cur_get_be16(b, &port);
        cur_skip(b, 6);
        cur_get_be32(b, &u32);
        if (!enqueue_port_ok(ofp10_port_to_model(port))) {
            return OFPERR_OFPBAC_BAD_OUT_PORT;
        }
        /* 1.3 has no enqueue: set_queue then output.  The queue then also
         * applies to later outputs of the list, as in Open vSwitch's own
         * 1.1+ rendering of enqueue. */
        if (!st->has_queue || st->queue != u32) {
            a.type = OFPAT_SET_QUEUE;
            a.u.queue_id = u32;
            ofp_actions_push(acts, &a);
            st->has_queue = true;
            st->queue = u32;
        }
        push_output(acts, ofp10_port_to_model(port), 0);
        break;
    case OFPAT10_VENDOR:
        break;
    }
    return 0;
}

enum ofperr
ofp10_actions_decode(struct cur *c, const struct ofp_match *match,
                     struct ofp_actions *acts)
{
    struct act10_state st;

    memset(&st, 0, sizeof st);
    ofp1x_pkt_from_match(match, &st.pkt);
    ofp_actions_init(acts);
    while (c->left) {
        uint16_t type, len;
        struct cur body;
        enum ofperr error;

        if (!cur_get_be16(c, &type) || !cur_get_be16(c, &len) || len < 8 ||
            len % 8 || !cur_split(c, len - 4u, &body)) {
            error = OFPERR_OFPBAC_BAD_LEN;
        } else {
            error = action10_decode(type, len, &body, &st, acts);
        }
        if (error) {
            ofp_actions_uninit(acts);
            return error;
        }
    }
    return 0;
}

static void
put_action_hdr(struct buf *out, uint16_t type, uint16_t len)
{
    buf_put_be16(out, type);
    buf_put_be16(out, len);
}

static void
put_u16_action(struct buf *out, uint16_t type, uint16_t v)
{
    put_action_hdr(out, type, 8);
    buf_put_be16(out, v);
    buf_put_zeros(out, 2);
}

static void
put_u8_action(struct buf *out, uint16_t type, uint8_t v)
{
    put_action_hdr(out, type, 8);
    buf_put_u8(out, v);
    buf_put_zeros(out, 3);
}

/* One set_field (or model-only set) as a 1.0 action. */
static bool
put_set10(struct buf *out, enum oxm_field f, const struct oxm_value *v,
          struct ofp1x_pkt *pkt, bool push_ok)
{
    if (!ofp1x_field_value_ok(f, v)) {
        return false;
    }
    switch (f) {
    case OXM_ETH_SRC:
    case OXM_ETH_DST:
        put_action_hdr(
            out, f == OXM_ETH_SRC ? OFPAT10_SET_DL_SRC : OFPAT10_SET_DL_DST,
            16);
        buf_put(out, v->b, OFP_ETH_ALEN);
        buf_put_zeros(out, 6);
        return true;
    case OXM_VLAN_VID:
    case OXM_VLAN_PCP:
        /* 1.0's action pushes a tag onto an untagged packet; a 1.3
         * set_field never meets one, so the two agree unless the packet
         * is known to be untagged. */
        if (pkt->vlan == 0 && !push_ok) {
            return false;
        }
        pkt->vlan = 1;
        if (f == OXM_VLAN_VID) {
            put_u16_action(out, OFPAT10_SET_VLAN_VID, get_be16(v->b) & 0xfff);
        } else {
            put_u8_action(out, OFPAT10_SET_VLAN_PCP, v->b[0]);
        }
        return true;
    case OXM_IPV4_SRC:
    case OXM_IPV4_DST:
        put_action_hdr(
            out, f == OXM_IPV4_SRC ? OFPAT10_SET_NW_SRC : OFPAT10_SET_NW_DST,
            8);
        buf_put(out, v->b, 4);
        return true;
    case OXM_IP_DSCP:
        put_u8_action(out, OFPAT10_SET_NW_TOS, (uint8_t)(v->b[0] << 2));
        return true;
    case OXM_TCP_SRC:
    case OXM_UDP_SRC:
    case OXM_SCTP_SRC:
        put_u16_action(out, OFPAT10_SET_TP_SRC, get_be16(v->b));
        return true;
    case OXM_TCP_DST:
    case OXM_UDP_DST:
    case OXM_SCTP_DST:
        put_u16_action(out, OFPAT10_SET_TP_DST, get_be16(v->b));
        return true;
    default:
        return false;
    }
}

static bool
is_vlan_field(enum oxm_field f)
{
    return f == OXM_VLAN_VID || f == OXM_VLAN_PCP;
}

static bool
is_vlan_set(const struct ofp_action *a)
{
    return a->type == OFPAT_SET_FIELD && is_vlan_field(a->u.set_field.field);
}

static bool
put_actions10(const struct ofp_actions *acts, const struct ofp_match *match,
              struct buf *out)
{
    struct ofp1x_pkt pkt;
    bool has_queue = false;
    uint32_t queue = 0;
    uint16_t port;

    ofp1x_pkt_from_match(match, &pkt);
    for (size_t i = 0; i < acts->n; i++) {
        const struct ofp_action *a = &acts->a[i];
        switch (a->type) {
        case OFPAT_OUTPUT:
            if (!ofp10_port_from_model(a->u.output.port, &port) ||
                !out_port_ok(port)) {
                return false;
            }
            if (has_queue && a->u.output.port != OFPP_CONTROLLER) {
                /* A queue means nothing to a packet-in, so the controller
                 * needs no ENQUEUE; the other reserved ports cannot have
                 * one. */
                if (!enqueue_port_ok(a->u.output.port)) {
                    return false;
                }
                put_action_hdr(out, OFPAT10_ENQUEUE, 16);
                buf_put_be16(out, port);
                buf_put_zeros(out, 6);
                buf_put_be32(out, queue);
            } else {
                put_action_hdr(out, OFPAT10_OUTPUT, 8);
                buf_put_be16(out, port);
                buf_put_be16(out, a->u.output.max_len);
            }
            break;
        case OFPAT_SET_QUEUE:
            /* Becomes ENQUEUE on the outputs that follow; without one it
             * has no effect and nothing to say. */
            has_queue = true;
            queue = a->u.queue_id;
            break;
        case OFPAT_POP_VLAN:
            put_action_hdr(out, OFPAT10_STRIP_VLAN, 8);
            buf_put_zeros(out, 4);
            ofp1x_pkt_apply(&pkt, a);
            break;
        case OFPAT_PUSH_VLAN:
            /* push_vlan then a VLAN set_field on an untagged packet is
             * exactly a 1.0 SET_VLAN_*. */
            if (a->u.ethertype != 0x8100 || pkt.vlan != 0 ||
                i + 1 >= acts->n || !is_vlan_set(&acts->a[i + 1])) {
                return false;
            }
            i++;
            if (!put_set10(out, acts->a[i].u.set_field.field,
                           &acts->a[i].u.set_field.value, &pkt, true)) {
                return false;
            }
            break;
        case OFPAT_SET_FIELD:
            if (!put_set10(out, a->u.set_field.field, &a->u.set_field.value,
                           &pkt, false)) {
                return false;
            }
            break;
        case OFPAT_X_SET_VLAN_OR_PUSH:
            if (!is_vlan_field(a->u.set_field.field) ||
                !put_set10(out, a->u.set_field.field, &a->u.set_field.value,
                           &pkt, true)) {
                return false;
            }
            break;
        case OFPAT_X_SET_L4_SRC:
        case OFPAT_X_SET_L4_DST:
            put_u16_action(out,
                           a->type == OFPAT_X_SET_L4_SRC ? OFPAT10_SET_TP_SRC
                                                         : OFPAT10_SET_TP_DST,
                           get_be16(a->u.set_field.value.b));
            break;
        case OFPAT_EXPERIMENTER: {
            size_t start = out->size;
            put_action_hdr(out, OFPAT10_VENDOR, 0);
            buf_put_be32(out, a->u.experimenter.experimenter);
            if (a->u.experimenter.len) {
                buf_put(out, a->u.experimenter.data, a->u.experimenter.len);
            }
            buf_pad(out, start, 8);
            if (out->size - start > UINT16_MAX) {
                return false;
            }
            buf_set_be16(out, start + 2, (uint16_t)(out->size - start));
            break;
        }
        default:
            return false;
        }
    }
    return true;
}

bool
ofp10_actions_encode(const struct ofp_actions *acts,
                     const struct ofp_match *match, struct buf *out)
{
    size_t start = out->size;
    if (!put_actions10(acts, match, out)) {
        buf_truncate(out, start);
        return false;
    }
    return true;
}

/* A 1.0 action list is one APPLY_ACTIONS; an empty list is no
 * instruction at all (both drop). */
static enum ofperr
actions_to_insts(struct cur *c, const struct ofp_match *match,
                 struct ofp_instructions *insts)
{
    ofp_instructions_init(insts);
    enum ofperr error = ofp10_actions_decode(c, match, &insts->apply);
    if (!error && insts->apply.n) {
        insts->present = OFPIT_BIT(OFPIT_APPLY_ACTIONS);
    }
    return error;
}

static bool
insts_to_actions(const struct ofp_instructions *insts,
                 const struct ofp_match *match, struct buf *out)
{
    if (insts->present & ~OFPIT_BIT(OFPIT_APPLY_ACTIONS)) {
        return false;
    }
    return ofp10_actions_encode(&insts->apply, match, out);
}

/* --- Messages: decoding. ------------------------------------------------ */

static void
bytes_rest(struct ofp_bytes *dst, struct cur *c)
{
    ofp_bytes_set(dst, c->p, c->left);
    cur_skip(c, c->left);
}

/* OF1.0 §5.5.1: whatever body a HELLO carries is ignored. */
static enum ofperr
hello_decode(struct cur *c, struct ofp_msg *msg, struct ofp_compat_info *info)
{
    (void)msg;
    (void)info;
    cur_skip(c, c->left);
    return 0;
}

static enum ofperr
error_decode(struct cur *c, struct ofp_msg *msg, struct ofp_compat_info *info)
{
    struct ofp_error_msg *e = &msg->u.error;
    (void)info;
    if (!cur_get_be16(c, &e->type) || !cur_get_be16(c, &e->code)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    /* The model keeps 1.3 numbers for the errors it knows. */
    e->error = ofperr_from_wire(OFP10_VERSION, e->type, e->code, 0);
    if (e->error) {
        ofperr_to_wire(e->error, OFP13_VERSION, &e->type, &e->code);
    }
    bytes_rest(&e->data, c);
    return 0;
}

static enum ofperr
echo_decode(struct cur *c, struct ofp_msg *msg, struct ofp_compat_info *info)
{
    (void)info;
    bytes_rest(&msg->u.echo, c);
    return 0;
}

/* OF1.0 vendor messages carry the vendor id only; what follows (a
 * Nicira subtype, say) stays in the data. */
static enum ofperr
vendor_decode(struct cur *c, struct ofp_msg *msg, struct ofp_compat_info *info)
{
    struct ofp_experimenter_msg *x = &msg->u.experimenter;
    (void)info;
    if (!cur_get_be32(c, &x->experimenter)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    bytes_rest(&x->data, c);
    return 0;
}

static enum ofperr
features_reply_decode(struct cur *c, struct ofp_msg *msg,
                      struct ofp_compat_info *info)
{
    struct ofp_features_reply *f = &msg->u.features;
    uint32_t actions;
    size_t cap = 0;

    if (!cur_get_be64(c, &f->datapath_id) || !cur_get_be32(c, &f->n_buffers) ||
        !cur_get_u8(c, &f->n_tables) || !cur_skip(c, 3) ||
        !cur_get_be32(c, &f->capabilities) || !cur_get_be32(c, &actions) ||
        c->left % 48) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    f->capabilities &= OFPC10_COMMON;
    while (c->left) {
        void *arr = info->ports;
        struct ofp_port *p =
            ofp1x_array_push(&arr, &info->n_ports, &cap, sizeof *p);
        info->ports = arr;
        enum ofperr error = ofp10_phy_port_decode(c, p);
        if (error) {
            return error;
        }
    }
    return 0;
}

static enum ofperr
config_decode(struct cur *c, struct ofp_msg *msg, struct ofp_compat_info *info)
{
    (void)info;
    if (!cur_get_be16(c, &msg->u.config.flags) ||
        !cur_get_be16(c, &msg->u.config.miss_send_len)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    msg->u.config.flags &= OFPC_FRAG_MASK;
    return 0;
}

/* ofp_packet_in: buffer_id, total_len, in_port, reason, pad, then the
 * frame at offset 18. */
static enum ofperr
packet_in_decode(struct cur *c, struct ofp_msg *msg,
                 struct ofp_compat_info *info)
{
    struct ofp_packet_in *pi = &msg->u.packet_in;
    uint16_t in_port;
    (void)info;
    if (!cur_get_be32(c, &pi->buffer_id) || !cur_get_be16(c, &pi->total_len) ||
        !cur_get_be16(c, &in_port) || !cur_get_u8(c, &pi->reason) ||
        !cur_skip(c, 1)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    /* No table id and no cookie in 1.0: table 0, and the "not from a
     * flow" cookie. */
    pi->cookie = UINT64_MAX;
    ofp_match_set_u32(&pi->match, OXM_IN_PORT, ofp10_port_to_model(in_port));
    bytes_rest(&pi->data, c);
    return 0;
}

static enum ofperr
flow_removed_decode(struct cur *c, struct ofp_msg *msg,
                    struct ofp_compat_info *info)
{
    struct ofp_flow_removed *fr = &msg->u.flow_removed;
    enum ofperr error = ofp10_match_decode(c, &fr->match, NULL);
    (void)info;
    if (error) {
        return error;
    }
    if (!cur_get_be64(c, &fr->cookie) || !cur_get_be16(c, &fr->priority) ||
        !cur_get_u8(c, &fr->reason) || !cur_skip(c, 1) ||
        !cur_get_be32(c, &fr->duration_sec) ||
        !cur_get_be32(c, &fr->duration_nsec) ||
        !cur_get_be16(c, &fr->idle_timeout) || !cur_skip(c, 2) ||
        !cur_get_be64(c, &fr->packet_count) ||
        !cur_get_be64(c, &fr->byte_count)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    /* 1.0 has no reason 3 (GROUP_DELETE) and writes the model's as
     * DELETE; a 3 read from a 1.0 peer means the same. */
    if (fr->reason == OFPRR_GROUP_DELETE) {
        fr->reason = OFPRR_DELETE;
    }
    return 0;
}

static enum ofperr
port_status_decode(struct cur *c, struct ofp_msg *msg,
                   struct ofp_compat_info *info)
{
    (void)info;
    if (!cur_get_u8(c, &msg->u.port_status.reason) || !cur_skip(c, 7)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    return ofp10_phy_port_decode(c, &msg->u.port_status.desc);
}

static enum ofperr
packet_out_decode(struct cur *c, struct ofp_msg *msg,
                  struct ofp_compat_info *info)
{
    struct ofp_packet_out *po = &msg->u.packet_out;
    uint16_t in_port, actions_len;
    struct cur actions;
    (void)info;

    if (!cur_get_be32(c, &po->buffer_id) || !cur_get_be16(c, &in_port) ||
        !cur_get_be16(c, &actions_len) ||
        !cur_split(c, actions_len, &actions)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    /* OFPP_NONE ("no input port") is OFPP_CONTROLLER in 1.3 (OF1.3.5
     * §7.3.7). */
    po->in_port = in_port == OFPP10_NONE ? OFPP_CONTROLLER
                                         : ofp10_port_to_model(in_port);
    ofp_actions_uninit(&po->actions);
    enum ofperr error = ofp10_actions_decode(&actions, NULL, &po->actions);
    if (error) {
        return error;
    }
    bytes_rest(&po->data, c);
    return 0;
}

static enum ofperr
flow_mod_decode(struct cur *c, struct ofp_msg *msg,
                struct ofp_compat_info *info)
{
    struct ofp_flow_mod *fm = &msg->u.flow_mod;
    uint16_t command, out_port;
    bool normalised = false;
    uint32_t wc = c->left >= 4 ? get_be32(c->p) : 0;

    ofp_match_uninit(&fm->match);
    enum ofperr error = ofp10_match_decode(c, &fm->match, &normalised);
    if (error) {
        return error;
    }
    if (!cur_get_be64(c, &fm->cookie) || !cur_get_be16(c, &command) ||
        !cur_get_be16(c, &fm->idle_timeout) ||
        !cur_get_be16(c, &fm->hard_timeout) ||
        !cur_get_be16(c, &fm->priority) || !cur_get_be32(c, &fm->buffer_id) ||
        !cur_get_be16(c, &out_port) || !cur_get_be16(c, &fm->flags)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    if (command > OFPFC_DELETE_STRICT) {
        return OFPERR_OFPFMFC_BAD_COMMAND;
    }
    fm->command = (uint8_t)command;
    ofp_instructions_uninit(&fm->instructions);
    error = actions_to_insts(c, &fm->match, &fm->instructions);
    if (error) {
        return error;
    }
    if (fm->flags & ~OFPFF10_ALL) {
        return OFPERR_OFPFMFC_BAD_FLAGS;
    }
    if (fm->flags & OFPFF10_EMERG) {
        /* No emergency flow cache (optional in 1.0.1, gone in 1.1): the
         * error 1.0 names for timeouts, else "no room", as Open vSwitch
         * answers. */
        return (fm->idle_timeout || fm->hard_timeout
                    ? OFPERR_OFPFMFC_BAD_TIMEOUT
                    : OFPERR_OFPFMFC_TABLE_FULL);
    }

    /* OF1.0 §3.4: an exact-match entry has the highest priority. */
    if (!(wc & OFPFW10_ALL)) {
        fm->priority = UINT16_MAX;
    }
    fm->table_id = fm->command == OFPFC_ADD ? 0 : OFPTT_ALL;
    fm->cookie_mask = 0;
    fm->out_port = ofp10_port_to_model(out_port);
    fm->out_group = OFPG_ANY;

    info->table_chosen = true;
    info->match_normalised = normalised;
    info->readd_resets_counts = fm->command == OFPFC_ADD;
    info->modify_may_add =
        (fm->command == OFPFC_MODIFY || fm->command == OFPFC_MODIFY_STRICT);
    info->modify_sets_cookie =
        info->modify_may_add && fm->cookie != UINT64_MAX;
    return 0;
}

static enum ofperr
port_mod_decode(struct cur *c, struct ofp_msg *msg,
                struct ofp_compat_info *info)
{
    struct ofp_port_mod *pm = &msg->u.port_mod;
    uint16_t port;

    if (!cur_get_be16(c, &port) ||
        !cur_get_bytes(c, pm->hw_addr, OFP_ETH_ALEN) ||
        !cur_get_be32(c, &pm->config) || !cur_get_be32(c, &pm->mask) ||
        !cur_get_be32(c, &pm->advertise) || !cur_skip(c, 4)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    pm->port_no = ofp10_port_to_model(port);
    /* Undefined bits are ignored, as Open vSwitch does. */
    pm->config &= OFPPC10_ALL;
    pm->mask &= OFPPC10_ALL;
    pm->advertise = ofp10_features_to_model(pm->advertise);
    info->port_config10 = true;
    return 0;
}

/* Stats request bodies. */

static enum ofperr
flow_stats_request_decode(struct cur *c, struct ofp_multipart_request *r,
                          struct ofp_compat_info *info)
{
    struct ofp_flow_stats_request *f = &r->u.flow;
    uint16_t out_port;
    bool normalised = false;

    ofp_match_uninit(&f->match);
    enum ofperr error = ofp10_match_decode(c, &f->match, &normalised);
    if (error) {
        return error;
    }
    if (!cur_get_u8(c, &f->table_id) || !cur_skip(c, 1) ||
        !cur_get_be16(c, &out_port)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    f->out_port = ofp10_port_to_model(out_port);
    f->out_group = OFPG_ANY;
    f->cookie = f->cookie_mask = 0;
    info->match_normalised = normalised;
    return 0;
}

static enum ofperr
stats_request_decode(struct cur *c, struct ofp_msg *msg,
                     struct ofp_compat_info *info)
{
    uint16_t type, flags, port;

    if (!cur_get_be16(c, &type) || !cur_get_be16(c, &flags)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    if (type > OFPMP_QUEUE && type != OFPST10_VENDOR) {
        return OFPERR_OFPBRC_BAD_MULTIPART;
    }
    ofp_msg_init_mp_request(msg, msg->xid, type);
    msg->version = OFP10_VERSION;

    struct ofp_multipart_request *r = &msg->u.mp_request;
    r->flags = flags;
    switch (type) {
    case OFPMP_FLOW:
    case OFPMP_AGGREGATE:
        return flow_stats_request_decode(c, r, info);
    case OFPMP_PORT_STATS:
        if (!cur_get_be16(c, &port) || !cur_skip(c, 6)) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        r->u.port_no = ofp10_port_to_model(port);
        return 0;
    case OFPMP_QUEUE:
        if (!cur_get_be16(c, &port) || !cur_skip(c, 2) ||
            !cur_get_be32(c, &r->u.queue.queue_id)) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        /* 1.0 asks for every port with OFPP_ALL, 1.3 with OFPP_ANY. */
        r->u.queue.port_no =
            port == OFPP10_ALL ? OFPP_ANY : ofp10_port_to_model(port);
        return 0;
    case OFPST10_VENDOR:
        if (!cur_get_be32(c, &r->u.experimenter.experimenter)) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        bytes_rest(&r->u.experimenter.data, c);
        return 0;
    default:
        /* DESC and TABLE have an empty body. */
        return 0;
    }
}

/* Stats reply bodies. */

static enum ofperr
desc_decode(struct cur *c, struct ofp_desc *d)
{
    if (!ofp13_str_decode(c, d->mfr_desc, DESC_STR_LEN) ||
        !ofp13_str_decode(c, d->hw_desc, DESC_STR_LEN) ||
        !ofp13_str_decode(c, d->sw_desc, DESC_STR_LEN) ||
        !ofp13_str_decode(c, d->serial_num, SERIAL_NUM_LEN) ||
        !ofp13_str_decode(c, d->dp_desc, DESC_STR_LEN)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    return 0;
}

/* ofp_flow_stats (1.0): length, table_id, pad, match, duration_sec,
 * duration_nsec, priority, idle_timeout, hard_timeout, pad6, cookie,
 * packet_count, byte_count (88 bytes), actions. */
static enum ofperr
flow_stats_decode(struct cur *c, void *elem)
{
    struct ofp_flow_stats *fs = elem;
    uint16_t len;
    struct cur e;

    if (!cur_peek_be16(c, 0, &len) || len < 88 || !cur_split(c, len, &e) ||
        !cur_skip(&e, 2) || !cur_get_u8(&e, &fs->table_id) ||
        !cur_skip(&e, 1)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    ofp_match_uninit(&fs->match);
    enum ofperr error = ofp10_match_decode(&e, &fs->match, NULL);
    if (error) {
        return error;
    }
    if (!cur_get_be32(&e, &fs->duration_sec) ||
        !cur_get_be32(&e, &fs->duration_nsec) ||
        !cur_get_be16(&e, &fs->priority) ||
        !cur_get_be16(&e, &fs->idle_timeout) ||
        !cur_get_be16(&e, &fs->hard_timeout) || !cur_skip(&e, 6) ||
        !cur_get_be64(&e, &fs->cookie) ||
        !cur_get_be64(&e, &fs->packet_count) ||
        !cur_get_be64(&e, &fs->byte_count)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    return actions_to_insts(&e, &fs->match, &fs->instructions);
}

static enum ofperr
table_stats_decode(struct cur *c, void *elem)
{
    struct ofp_table_stats *ts = elem;
    if (!cur_get_u8(c, &ts->table_id) || !cur_skip(c, 3 + 32 + 4 + 4) ||
        !cur_get_be32(c, &ts->active_count) ||
        !cur_get_be64(c, &ts->lookup_count) ||
        !cur_get_be64(c, &ts->matched_count)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    return 0;
}

static bool
get_counters(struct cur *c, uint64_t *v[], size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (!cur_get_be64(c, v[i])) {
            return false;
        }
    }
    return true;
}

static enum ofperr
port_stats_decode(struct cur *c, void *elem)
{
    struct ofp_port_stats *ps = elem;
    uint64_t *counters[] = {
        &ps->rx_packets,   &ps->tx_packets,  &ps->rx_bytes,   &ps->tx_bytes,
        &ps->rx_dropped,   &ps->tx_dropped,  &ps->rx_errors,  &ps->tx_errors,
        &ps->rx_frame_err, &ps->rx_over_err, &ps->rx_crc_err, &ps->collisions,
    };
    uint16_t port;
    if (!cur_get_be16(c, &port) || !cur_skip(c, 6) ||
        !get_counters(c, counters, ARRAY_SIZE(counters))) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    ps->port_no = ofp10_port_to_model(port);
    return 0;
}

static enum ofperr
queue_stats_decode(struct cur *c, void *elem)
{
    struct ofp_queue_stats *qs = elem;
    uint16_t port;
    if (!cur_get_be16(c, &port) || !cur_skip(c, 2) ||
        !cur_get_be32(c, &qs->queue_id) || !cur_get_be64(c, &qs->tx_bytes) ||
        !cur_get_be64(c, &qs->tx_packets) ||
        !cur_get_be64(c, &qs->tx_errors)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    qs->port_no = ofp10_port_to_model(port);
    return 0;
}

/* Decodes an array body element by element into a model array the reply
 * owns as it grows, so that an error leaves it for ofp_msg_uninit(). */

static void
flow_stats_init(void *elem)
{
    struct ofp_flow_stats *fs = elem;
    ofp_match_init(&fs->match);
    ofp_instructions_init(&fs->instructions);
}

static enum ofperr
stats_reply_decode(struct cur *c, struct ofp_msg *msg,
                   struct ofp_compat_info *info)
{
    uint16_t type, flags;
    (void)info;

    if (!cur_get_be16(c, &type) || !cur_get_be16(c, &flags)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    if (type > OFPMP_QUEUE && type != OFPST10_VENDOR) {
        return OFPERR_OFPBRC_BAD_MULTIPART;
    }
    ofp_msg_init_mp_reply(msg, msg->xid, type);
    msg->version = OFP10_VERSION;

    struct ofp_multipart_reply *r = &msg->u.mp_reply;
    struct ofp_aggregate_stats *a = &r->u.aggregate;
    r->flags = flags;
    switch (type) {
    case OFPMP_DESC:
        return desc_decode(c, r->u.desc);
    case OFPMP_FLOW: {
        void *arr = r->u.flow;
        enum ofperr error =
            ofp1x_array_decode(c, &arr, &r->n, sizeof *r->u.flow,
                               flow_stats_init, flow_stats_decode);
        r->u.flow = arr;
        return error;
    }
    case OFPMP_AGGREGATE:
        if (!cur_get_be64(c, &a->packet_count) ||
            !cur_get_be64(c, &a->byte_count) ||
            !cur_get_be32(c, &a->flow_count) || !cur_skip(c, 4)) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        return 0;
    case OFPMP_TABLE: {
        void *arr = r->u.table;
        enum ofperr error = ofp1x_array_decode(
            c, &arr, &r->n, sizeof *r->u.table, NULL, table_stats_decode);
        r->u.table = arr;
        return error;
    }
    case OFPMP_PORT_STATS: {
        void *arr = r->u.port_stats;
        enum ofperr error = ofp1x_array_decode(
            c, &arr, &r->n, sizeof *r->u.port_stats, NULL, port_stats_decode);
        r->u.port_stats = arr;
        return error;
    }
    case OFPMP_QUEUE: {
        void *arr = r->u.queue;
        enum ofperr error = ofp1x_array_decode(
            c, &arr, &r->n, sizeof *r->u.queue, NULL, queue_stats_decode);
        r->u.queue = arr;
        return error;
    }
    default:
        if (!cur_get_be32(c, &r->u.experimenter.experimenter)) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        bytes_rest(&r->u.experimenter.data, c);
        return 0;
    }
}

static enum ofperr
queue_get_config_request_decode(struct cur *c, struct ofp_msg *msg,
                                struct ofp_compat_info *info)
{
    uint16_t port;
    (void)info;
    if (!cur_get_be16(c, &port) || !cur_skip(c, 2)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    msg->u.queue_get_config_port = ofp10_port_to_model(port);
    return 0;
}

static enum ofperr
queue_get_config_reply_decode(struct cur *c, struct ofp_msg *msg,
                              struct ofp_compat_info *info)
{
    struct ofp_queue_get_config_reply *r = &msg->u.queue_config;
    uint16_t port;
    (void)info;
    if (!cur_get_be16(c, &port) || !cur_skip(c, 6)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    r->port = ofp10_port_to_model(port);
    return ofp1x_queues_decode(c, OFP10_VERSION, r);
}

struct msg10_class {
    uint8_t model_type;
    uint16_t min_len; /* Whole message. */
    bool fixed;       /* Exactly 'min_len'. */
    enum ofperr (*decode)(struct cur *, struct ofp_msg *,
                          struct ofp_compat_info *);
};

static const struct msg10_class msg10_classes[OFPT10_N_TYPES] = {
    [OFPT10_HELLO] = { OFPT_HELLO, 8, false, hello_decode },
    [OFPT10_ERROR] = { OFPT_ERROR, 12, false, error_decode },
    [OFPT10_ECHO_REQUEST] = { OFPT_ECHO_REQUEST, 8, false, echo_decode },
    [OFPT10_ECHO_REPLY] = { OFPT_ECHO_REPLY, 8, false, echo_decode },
    [OFPT10_VENDOR] = { OFPT_EXPERIMENTER, 12, false, vendor_decode },
    [OFPT10_FEATURES_REQUEST] = { OFPT_FEATURES_REQUEST, 8, true, NULL },
    [OFPT10_FEATURES_REPLY] = { OFPT_FEATURES_REPLY, 32, false,
                                features_reply_decode },
    [OFPT10_GET_CONFIG_REQUEST] = { OFPT_GET_CONFIG_REQUEST, 8, true, NULL },
    [OFPT10_GET_CONFIG_REPLY] = { OFPT_GET_CONFIG_REPLY, 12, true,
                                  config_decode },
    [OFPT10_SET_CONFIG] = { OFPT_SET_CONFIG, 12, true, config_decode },
    [OFPT10_PACKET_IN] = { OFPT_PACKET_IN, 18, false, packet_in_decode },
    [OFPT10_FLOW_REMOVED] = { OFPT_FLOW_REMOVED, 88, true,
                              flow_removed_decode },
    [OFPT10_PORT_STATUS] = { OFPT_PORT_STATUS, 64, true, port_status_decode },
    [OFPT10_PACKET_OUT] = { OFPT_PACKET_OUT, 16, false, packet_out_decode },
    [OFPT10_FLOW_MOD] = { OFPT_FLOW_MOD, 72, false, flow_mod_decode },
    [OFPT10_PORT_MOD] = { OFPT_PORT_MOD, 32, true, port_mod_decode },
    [OFPT10_STATS_REQUEST] = { OFPT_MULTIPART_REQUEST, 12, false,
                               stats_request_decode },
    [OFPT10_STATS_REPLY] = { OFPT_MULTIPART_REPLY, 12, false,
                             stats_reply_decode },
    [OFPT10_BARRIER_REQUEST] = { OFPT_BARRIER_REQUEST, 8, true, NULL },
    [OFPT10_BARRIER_REPLY] = { OFPT_BARRIER_REPLY, 8, true, NULL },
    [OFPT10_QUEUE_GET_CONFIG_REQUEST] = { OFPT_QUEUE_GET_CONFIG_REQUEST, 12,
                                          true,
                                          queue_get_config_request_decode },
    [OFPT10_QUEUE_GET_CONFIG_REPLY] = { OFPT_QUEUE_GET_CONFIG_REPLY, 16, false,
                                        queue_get_config_reply_decode },
};

enum ofperr
ofp10_msg_decode(const uint8_t *data, size_t size, struct ofp_msg *msg,
                 struct ofp_compat_info *info)
{
    uint8_t version, type;
    uint16_t length;
    uint32_t xid;

    ofp_header_peek(data, size, &version, &type, &length, &xid);
    if (type >= OFPT10_N_TYPES) {
        ofp_msg_init(msg, version, type, xid);
        return OFPERR_OFPBRC_BAD_TYPE;
    }
    const struct msg10_class *cls = &msg10_classes[type];
    ofp_msg_init(msg, version, cls->model_type, xid);
    if (length != size || size < cls->min_len ||
        (cls->fixed && size != cls->min_len)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }

    struct cur c = cur_make(data + OFP_HEADER_LEN, size - OFP_HEADER_LEN);
    enum ofperr error = cls->decode ? cls->decode(&c, msg, info) : 0;
    if (!error && c.left) {
        error = OFPERR_OFPBRC_BAD_LEN;
    }
    if (error) {
        ofp_msg_uninit(msg);
    }
    return error;
}

/* --- Messages: encoding. ------------------------------------------------ */

/* The 1.0 type for a model type, or -1. */
static int
wire_type10(uint8_t model_type)
{
    for (size_t i = 0; i < OFPT10_N_TYPES; i++) {
        if (msg10_classes[i].model_type == model_type) {
            return (int)i;
        }
    }
    return -1;
}

static void
bytes_put(struct buf *out, const struct ofp_bytes *b)
{
    if (b->len) {
        buf_put(out, b->data, b->len);
    }
}

static int
error_encode(const struct ofp_msg *msg, struct buf *out)
{
    const struct ofp_error_msg *e = &msg->u.error;
    uint16_t type = e->type, code = e->code;
    if (e->error) {
        ofperr_to_wire(e->error, OFP10_VERSION, &type, &code);
    }
    buf_put_be16(out, type);
    buf_put_be16(out, code);
    bytes_put(out, &e->data);
    return 0;
}

static bool
ports_fit(const struct ofp_compat_ctx *ctx, size_t per_port)
{
    return ctx->n_ports <= (OFP_MAX_MSG_LEN - 32) / per_port;
}

static int
features_reply_encode(const struct ofp_msg *msg,
                      const struct ofp_compat_ctx *ctx, struct buf *out)
{
    const struct ofp_features_reply *f = &msg->u.features;
    buf_put_be64(out, f->datapath_id);
    buf_put_be32(out, f->n_buffers);
    buf_put_u8(out, f->n_tables);
    buf_put_zeros(out, 3);
    /* The model matches ARP addresses (OFPC_ARP_MATCH_IP); STP is not
     * implemented. */
    buf_put_be32(out, (f->capabilities & OFPC10_COMMON) | OFPC10_ARP_MATCH_IP);
    buf_put_be32(out, OFPAT10_SUPPORTED);
    if (ports_fit(ctx, 48)) {
        for (size_t i = 0; i < ctx->n_ports; i++) {
            uint16_t port;
            if (ofp10_port_from_model(ctx->ports[i].port_no, &port)) {
                ofp10_phy_port_encode(&ctx->ports[i], out);
            }
        }
    }
    return 0;
}

static int
packet_in_encode(const struct ofp_msg *msg, struct buf *out)
{
    const struct ofp_packet_in *pi = &msg->u.packet_in;
    uint16_t in_port = OFPP10_NONE;

    /* OFPR_INVALID_TTL is 1.1+. */
    if (pi->reason > OFPR_ACTION) {
        return ENOTSUP;
    }
    if (ofp_match_has(&pi->match, OXM_IN_PORT) &&
        !ofp10_port_from_model(
            (uint32_t)ofp_match_get_uint(&pi->match, OXM_IN_PORT), &in_port)) {
        return ENOTSUP;
    }
    buf_put_be32(out, pi->buffer_id);
    buf_put_be16(out, pi->total_len);
    buf_put_be16(out, in_port);
    buf_put_u8(out, pi->reason);
    buf_put_zeros(out, 1);
    bytes_put(out, &pi->data);
    return 0;
}

static int
flow_removed_encode(const struct ofp_msg *msg, struct buf *out)
{
    const struct ofp_flow_removed *fr = &msg->u.flow_removed;
    if (!ofp10_match_encode(&fr->match, out)) {
        return ENOTSUP;
    }
    buf_put_be64(out, fr->cookie);
    buf_put_be16(out, fr->priority);
    /* 1.0 has no group deletion; the flow was deleted all the same. */
    buf_put_u8(out,
               fr->reason == OFPRR_GROUP_DELETE ? OFPRR_DELETE : fr->reason);
    buf_put_zeros(out, 1);
    buf_put_be32(out, fr->duration_sec);
    buf_put_be32(out, fr->duration_nsec);
    buf_put_be16(out, fr->idle_timeout);
    buf_put_zeros(out, 2);
    buf_put_be64(out, fr->packet_count);
    buf_put_be64(out, fr->byte_count);
    return 0;
}

static int
packet_out_encode(const struct ofp_msg *msg, struct buf *out)
{
    const struct ofp_packet_out *po = &msg->u.packet_out;
    uint16_t in_port;

    if (po->in_port == OFPP_CONTROLLER || po->in_port == OFPP_ANY) {
        in_port = OFPP10_NONE;
    } else if (!ofp10_port_from_model(po->in_port, &in_port)) {
        return ENOTSUP;
    }
    buf_put_be32(out, po->buffer_id);
    buf_put_be16(out, in_port);
    size_t len_ofs = buf_put_be16(out, 0);
    size_t start = out->size;
    if (!ofp10_actions_encode(&po->actions, NULL, out)) {
        return ENOTSUP;
    }
    buf_set_be16(out, len_ofs, (uint16_t)(out->size - start));
    bytes_put(out, &po->data);
    return 0;
}

/* A 1.0 flow_mod cannot name a table other than "the" table, filter by
 * cookie or group, or carry the 1.2+ flags; a 1.0 ADD resets counters
 * anyway. */
static int
flow_mod_encode(const struct ofp_msg *msg, struct buf *out)
{
    const struct ofp_flow_mod *fm = &msg->u.flow_mod;
    uint16_t flags = fm->flags, out_port;
    bool del =
        (fm->command == OFPFC_DELETE || fm->command == OFPFC_DELETE_STRICT);
    size_t match_ofs = out->size;

    /* The cookie mask means nothing to ADD, nor the group to anything but
     * DELETE. */
    if (fm->command == OFPFC_ADD) {
        flags &= ~OFPFF_RESET_COUNTS;
    }
    if (fm->command > OFPFC_DELETE_STRICT ||
        (fm->table_id != 0 && fm->table_id != OFPTT_ALL) ||
        (fm->cookie_mask && fm->command != OFPFC_ADD) ||
        (del && fm->out_group != OFPG_ANY) ||
        (flags & ~(OFPFF_SEND_FLOW_REM | OFPFF_CHECK_OVERLAP)) ||
        !ofp10_port_from_model(fm->out_port, &out_port) ||
        !ofp10_match_encode(&fm->match, out)) {
        return ENOTSUP;
    }
    /* OF1.0 §3.4 gives an exact-match entry the top priority. */
    if (!(get_be32(buf_at(out, match_ofs)) & OFPFW10_ALL) &&
        fm->priority != UINT16_MAX) {
        return ENOTSUP;
    }
    buf_put_be64(out, fm->cookie);
    buf_put_be16(out, fm->command);
    buf_put_be16(out, fm->idle_timeout);
    buf_put_be16(out, fm->hard_timeout);
    buf_put_be16(out, fm->priority);
    buf_put_be32(out, fm->buffer_id);
    buf_put_be16(out, out_port);
    buf_put_be16(out, flags);
    return insts_to_actions(&fm->instructions, &fm->match, out) ? 0 : ENOTSUP;
}

static int
port_mod_encode(const struct ofp_msg *msg, struct buf *out)
{
    const struct ofp_port_mod *pm = &msg->u.port_mod;
    uint16_t port;
    if (!ofp10_port_from_model(pm->port_no, &port)) {
        return ENOTSUP;
    }
    buf_put_be16(out, port);
    buf_put(out, pm->hw_addr, OFP_ETH_ALEN);
    buf_put_be32(out, pm->config & OFPPC10_ALL);
    buf_put_be32(out, pm->mask & OFPPC10_ALL);
    buf_put_be32(out, ofp10_features_from_model(pm->advertise));
    buf_put_zeros(out, 4);
    return 0;
}

static void
put_vendor(struct buf *out, uint32_t vendor, uint32_t exp_type,
           const struct ofp_bytes *data)
{
    buf_put_be32(out, vendor);
    /* 1.0 has no exp_type: a nonzero one (a 1.3 experimenter message) is
     * written as the start of the vendor data, which is where Nicira's
     * 1.0 subtype lives. */
    if (exp_type) {
        buf_put_be32(out, exp_type);
    }
    bytes_put(out, data);
}

static int
stats_request_encode(const struct ofp_msg *msg, struct buf *out)
{
    const struct ofp_multipart_request *r = &msg->u.mp_request;
    const struct ofp_flow_stats_request *f = &r->u.flow;
    uint16_t port;

    switch (r->type) {
    case OFPMP_DESC:
    case OFPMP_TABLE:
        break;
    case OFPMP_FLOW:
    case OFPMP_AGGREGATE:
        if (f->cookie_mask || f->out_group != OFPG_ANY ||
            !ofp10_port_from_model(f->out_port, &port) ||
            !ofp10_match_encode(&f->match, out)) {
            return ENOTSUP;
        }
        buf_put_u8(out, f->table_id);
        buf_put_zeros(out, 1);
        buf_put_be16(out, port);
        break;
    case OFPMP_PORT_STATS:
        if (!ofp10_port_from_model(r->u.port_no, &port)) {
            return ENOTSUP;
        }
        buf_put_be16(out, port);
        buf_put_zeros(out, 6);
        break;
    case OFPMP_QUEUE:
        if (r->u.queue.port_no == OFPP_ANY) {
            port = OFPP10_ALL;
        } else if (!ofp10_port_from_model(r->u.queue.port_no, &port)) {
            return ENOTSUP;
        }
        buf_put_be16(out, port);
        buf_put_zeros(out, 2);
        buf_put_be32(out, r->u.queue.queue_id);
        break;
    case OFPMP_EXPERIMENTER:
        put_vendor(out, r->u.experimenter.experimenter,
                   r->u.experimenter.exp_type, &r->u.experimenter.data);
        break;
    default:
        return ENOTSUP;
    }
    return 0;
}

static void
desc_encode(const struct ofp_desc *d, struct buf *out)
{
    static const struct ofp_desc empty;
    if (!d) {
        d = &empty;
    }
    ofp13_str_encode(out, d->mfr_desc, DESC_STR_LEN);
    ofp13_str_encode(out, d->hw_desc, DESC_STR_LEN);
    ofp13_str_encode(out, d->sw_desc, DESC_STR_LEN);
    ofp13_str_encode(out, d->serial_num, SERIAL_NUM_LEN);
    ofp13_str_encode(out, d->dp_desc, DESC_STR_LEN);
}

static bool
flow_stats_encode(const void *arr, size_t i, const struct ofp_compat_ctx *ctx,
                  struct buf *out)
{
    const struct ofp_flow_stats *fs = (const struct ofp_flow_stats *)arr + i;
    size_t start = buf_put_be16(out, 0);
    (void)ctx;
    buf_put_u8(out, fs->table_id);
    buf_put_zeros(out, 1);
    if (!ofp10_match_encode(&fs->match, out)) {
        return false;
    }
    buf_put_be32(out, fs->duration_sec);
    buf_put_be32(out, fs->duration_nsec);
    buf_put_be16(out, fs->priority);
    buf_put_be16(out, fs->idle_timeout);
    buf_put_be16(out, fs->hard_timeout);
    buf_put_zeros(out, 6);
    buf_put_be64(out, fs->cookie);
    buf_put_be64(out, fs->packet_count);
    buf_put_be64(out, fs->byte_count);
    if (!insts_to_actions(&fs->instructions, &fs->match, out)) {
        return false;
    }
    buf_set_be16(out, start, (uint16_t)(out->size - start));
    return true;
}

/* A 1.0 table entry: name, wildcards and max_entries are synthesised. */
static bool
table_stats_encode(const void *arr, size_t i, const struct ofp_compat_ctx *ctx,
                   struct buf *out)
{
    const struct ofp_table_stats *ts = (const struct ofp_table_stats *)arr + i;
    char name[OFP_MAX_TABLE_NAME_LEN + 1];

    snprintf(name, sizeof name, "table%u", ts->table_id);
    buf_put_u8(out, ts->table_id);
    buf_put_zeros(out, 3);
    ofp13_str_encode(out, name, OFP_MAX_TABLE_NAME_LEN);
    buf_put_be32(out, OFPFW10_ALL);
    buf_put_be32(out, ctx->max_entries ? ctx->max_entries : 1000000);
    buf_put_be32(out, ts->active_count);
    buf_put_be64(out, ts->lookup_count);
    buf_put_be64(out, ts->matched_count);
    return true;
}

static bool
port_stats_encode(const void *arr, size_t i, const struct ofp_compat_ctx *ctx,
                  struct buf *out)
{
    const struct ofp_port_stats *ps = (const struct ofp_port_stats *)arr + i;
    const uint64_t counters[] = {
        ps->rx_packets,   ps->tx_packets,  ps->rx_bytes,   ps->tx_bytes,
        ps->rx_dropped,   ps->tx_dropped,  ps->rx_errors,  ps->tx_errors,
        ps->rx_frame_err, ps->rx_over_err, ps->rx_crc_err, ps->collisions,
    };
    uint16_t port;
    (void)ctx;
    if (!ofp10_port_from_model(ps->port_no, &port)) {
        return false;
    }
    buf_put_be16(out, port);
    buf_put_zeros(out, 6);
    for (size_t j = 0; j < ARRAY_SIZE(counters); j++) {
        buf_put_be64(out, counters[j]);
    }
    return true;
}

static bool
queue_stats_encode(const void *arr, size_t i, const struct ofp_compat_ctx *ctx,
                   struct buf *out)
{
    const struct ofp_queue_stats *qs = (const struct ofp_queue_stats *)arr + i;
    uint16_t port;
    (void)ctx;
    if (!ofp10_port_from_model(qs->port_no, &port)) {
        return false;
    }
    buf_put_be16(out, port);
    buf_put_zeros(out, 2);
    buf_put_be32(out, qs->queue_id);
    buf_put_be64(out, qs->tx_bytes);
    buf_put_be64(out, qs->tx_packets);
    buf_put_be64(out, qs->tx_errors);
    return true;
}

static int
stats_reply_encode(const struct ofp_msg *msg, const struct ofp_compat_ctx *ctx,
                   struct buf *out)
{
    const struct ofp_multipart_reply *r = &msg->u.mp_reply;
    ofp1x_elem_encode_fn *encode;
    const void *arr;

    switch (r->type) {
    case OFPMP_FLOW:
        encode = flow_stats_encode;
        arr = r->u.flow;
        break;
    case OFPMP_TABLE:
        encode = table_stats_encode;
        arr = r->u.table;
        break;
    case OFPMP_PORT_STATS:
        encode = port_stats_encode;
        arr = r->u.port_stats;
        break;
    case OFPMP_QUEUE:
        encode = queue_stats_encode;
        arr = r->u.queue;
        break;
    case OFPMP_DESC:
    case OFPMP_AGGREGATE:
    case OFPMP_EXPERIMENTER: {
        size_t start =
            ofp1x_header_put(out, OFP10_VERSION, OFPT10_STATS_REPLY, msg->xid);
        buf_put_be16(out, r->type);
        buf_put_be16(out, r->flags);
        if (r->type == OFPMP_DESC) {
            desc_encode(r->u.desc, out);
        } else if (r->type == OFPMP_AGGREGATE) {
            buf_put_be64(out, r->u.aggregate.packet_count);
            buf_put_be64(out, r->u.aggregate.byte_count);
            buf_put_be32(out, r->u.aggregate.flow_count);
            buf_put_zeros(out, 4);
        } else {
            put_vendor(out, r->u.experimenter.experimenter,
                       r->u.experimenter.exp_type, &r->u.experimenter.data);
        }
        return ofp13_msg_finish(out, start);
    }
    default:
        return ENOTSUP;
    }
    return ofp1x_stats_array_encode(out, OFP10_VERSION, OFPT10_STATS_REPLY,
                                    msg->xid, r->type, r->flags,
                                    OFPMPF_REPLY_MORE, r->n, arr, encode, ctx);
}

int
ofp10_msg_encode(const struct ofp_msg *msg, const struct ofp_compat_ctx *ctx,
                 struct buf *out)
{
    int type = wire_type10(msg->type);
    if (type < 0) {
        return ENOTSUP;
    }
    if (msg->type == OFPT_MULTIPART_REPLY) {
        return stats_reply_encode(msg, ctx, out);
    }

    size_t start =
        ofp1x_header_put(out, OFP10_VERSION, (uint8_t)type, msg->xid);
    int error = 0;
    uint16_t port;
    switch (msg->type) {
    case OFPT_ERROR:
        error = error_encode(msg, out);
        break;
    case OFPT_ECHO_REQUEST:
    case OFPT_ECHO_REPLY:
        bytes_put(out, &msg->u.echo);
        break;
    case OFPT_EXPERIMENTER:
        put_vendor(out, msg->u.experimenter.experimenter,
                   msg->u.experimenter.exp_type, &msg->u.experimenter.data);
        break;
    case OFPT_FEATURES_REPLY:
        error = features_reply_encode(msg, ctx, out);
        break;
    case OFPT_GET_CONFIG_REPLY:
    case OFPT_SET_CONFIG:
        buf_put_be16(out, msg->u.config.flags & OFPC_FRAG_MASK);
        buf_put_be16(out, msg->u.config.miss_send_len);
        break;
    case OFPT_PACKET_IN:
        error = packet_in_encode(msg, out);
        break;
    case OFPT_FLOW_REMOVED:
        error = flow_removed_encode(msg, out);
        break;
    case OFPT_PORT_STATUS:
        if (!ofp10_port_from_model(msg->u.port_status.desc.port_no, &port)) {
            error = ENOTSUP;
            break;
        }
        buf_put_u8(out, msg->u.port_status.reason);
        buf_put_zeros(out, 7);
        ofp10_phy_port_encode(&msg->u.port_status.desc, out);
        break;
    case OFPT_PACKET_OUT:
        error = packet_out_encode(msg, out);
        break;
    case OFPT_FLOW_MOD:
        error = flow_mod_encode(msg, out);
        break;
    case OFPT_PORT_MOD:
        error = port_mod_encode(msg, out);
        break;
    case OFPT_MULTIPART_REQUEST:
        buf_put_be16(out, msg->u.mp_request.type);
        buf_put_be16(out, msg->u.mp_request.flags);
        error = stats_request_encode(msg, out);
        break;
    case OFPT_QUEUE_GET_CONFIG_REQUEST:
        if (!ofp10_port_from_model(msg->u.queue_get_config_port, &port)) {
            error = ENOTSUP;
            break;
        }
        buf_put_be16(out, port);
        buf_put_zeros(out, 2);
        break;
    case OFPT_QUEUE_GET_CONFIG_REPLY:
        if (!ofp10_port_from_model(msg->u.queue_config.port, &port)) {
            error = ENOTSUP;
            break;
        }
        buf_put_be16(out, port);
        buf_put_zeros(out, 6);
        ofp1x_queues_encode(&msg->u.queue_config, OFP10_VERSION, out);
        break;
    default:
        /* HELLO (1.0 has no elements), FEATURES_REQUEST,
         * GET_CONFIG_REQUEST, BARRIER: the header alone. */
        break;
    }
    if (error) {
        buf_truncate(out, start);
        return error;
    }
    return ofp13_msg_finish(out, start);
}
