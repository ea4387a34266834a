/* ofp13/ofp11.c -- OpenFlow 1.1 (wire 0x02) <-> the 1.3 model: the
 * 88-byte standard match with its inverted masks, the 1.1 actions (1.3's
 * numbers 11..24 plus the old set actions 1..10, 13, 14), the 1.1
 * instructions (1.3's without METER), buckets, and every 1.1 message and
 * stats body.  1.1 numbers its message types as 1.3 does up to
 * QUEUE_GET_CONFIG_REPLY.  See compat.h for the contract and
 * ofp1x-common.c for what 1.1 shares with 1.0. */
#include <config.h>
#include "ofp13/compat.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ofp13/ofp.h"
#include "util/xalloc.h"

/* The 1.1 message types are the 1.3 ones up to here. */
#define OFPT11_N_TYPES (OFPT_QUEUE_GET_CONFIG_REPLY + 1)

/* Match (OF1.1 §A.2.3). */
#define OFPMT11_STANDARD_LENGTH 88
#define OFPFW11_IN_PORT (1u << 0)
#define OFPFW11_DL_VLAN (1u << 1)
#define OFPFW11_DL_VLAN_PCP (1u << 2)
#define OFPFW11_DL_TYPE (1u << 3)
#define OFPFW11_NW_TOS (1u << 4)
#define OFPFW11_NW_PROTO (1u << 5)
#define OFPFW11_TP_SRC (1u << 6)
#define OFPFW11_TP_DST (1u << 7)
#define OFPFW11_MPLS_LABEL (1u << 8)
#define OFPFW11_MPLS_TC (1u << 9)
#define OFPFW11_ALL ((1u << 10) - 1)
#define OFPVID11_ANY 0xfffe
#define OFPVID11_NONE 0xffff

/* The match fields a 1.1 table can match (OFPFMF11_*, TABLE stats). */
#define OFPFMF11_ALL 0xffffu

/* Actions (OF1.1 §A.2.5) whose numbers 1.3 does not share. */
enum ofp11_action_type {
    OFPAT11_OUTPUT = 0,
    OFPAT11_SET_VLAN_VID = 1,
    OFPAT11_SET_VLAN_PCP = 2,
    OFPAT11_SET_DL_SRC = 3,
    OFPAT11_SET_DL_DST = 4,
    OFPAT11_SET_NW_SRC = 5,
    OFPAT11_SET_NW_DST = 6,
    OFPAT11_SET_NW_TOS = 7,
    OFPAT11_SET_NW_ECN = 8,
    OFPAT11_SET_TP_SRC = 9,
    OFPAT11_SET_TP_DST = 10,
    OFPAT11_SET_MPLS_LABEL = 13,
    OFPAT11_SET_MPLS_TC = 14,
};
/* Every 1.1 action: the TABLE stats action bitmaps. */
#define OFPAT11_ALL ((1u << (OFPAT_DEC_NW_TTL + 1)) - 1)
/* Instructions 1.1 has (bitmap). */
#define OFPIT11_ALL                                                    \
    (OFPIT_BIT(OFPIT_GOTO_TABLE) | OFPIT_BIT(OFPIT_WRITE_METADATA) |   \
     OFPIT_BIT(OFPIT_WRITE_ACTIONS) | OFPIT_BIT(OFPIT_APPLY_ACTIONS) | \
     OFPIT_BIT(OFPIT_CLEAR_ACTIONS))

/* Capabilities: 1.1 still has ARP_MATCH_IP at bit 7. */
#define OFPC11_ARP_MATCH_IP (1u << 7)
#define OFPC11_COMMON                                       \
    (OFPC_FLOW_STATS | OFPC_TABLE_STATS | OFPC_PORT_STATS | \
     OFPC_GROUP_STATS | OFPC_IP_REASM | OFPC_QUEUE_STATS)

/* Flow mod flags 1.1 has. */
#define OFPFF11_ALL (OFPFF_SEND_FLOW_REM | OFPFF_CHECK_OVERLAP)

#define ETH_TYPE_IP 0x0800
#define ETH_TYPE_ARP 0x0806
#define ETH_TYPE_MPLS 0x8847
#define ETH_TYPE_MPLS_MCAST 0x8848

/* --- Match. ------------------------------------------------------------- */

/* 1.1 masks have a 1 for each bit to ignore ([OVS] eth_addr_invert). */
static void
set_inverted(struct ofp_match *m, enum oxm_field f, const uint8_t *value,
             const uint8_t *wire_mask, size_t len)
{
    uint8_t mask[8];
    bool any = false;
    for (size_t i = 0; i < len; i++) {
        mask[i] = (uint8_t)~wire_mask[i];
        any |= mask[i] != 0;
    }
    if (any) {
        ofp_match_set(m, f, value, mask);
    }
}

enum ofperr
ofp11_match_decode(struct cur *c, struct ofp_match *m, bool *normalised)
{
    uint16_t type, length, dl_vlan, dl_type, tp_src, tp_dst;
    uint32_t in_port, wc, mpls_label;
    uint8_t dl_src[12], dl_dst[12], nw_src[8], nw_dst[8], metadata[16];
    uint8_t pcp, tos, proto, mpls_tc;
    bool dropped = false;

    ofp_match_init(m);
    if (!cur_peek_be16(c, 0, &type) || !cur_peek_be16(c, 2, &length)) {
        return OFPERR_OFPBMC_BAD_LEN;
    }
    if (type != OFPMT_STANDARD) {
        return OFPERR_OFPBMC_BAD_TYPE;
    }
    if (length != OFPMT11_STANDARD_LENGTH || c->left < length) {
        return OFPERR_OFPBMC_BAD_LEN;
    }
    cur_skip(c, 4);
    cur_get_be32(c, &in_port);
    cur_get_be32(c, &wc);
    cur_get_bytes(c, dl_src, 12);
    cur_get_bytes(c, dl_dst, 12);
    cur_get_be16(c, &dl_vlan);
    cur_get_u8(c, &pcp);
    cur_skip(c, 1);
    cur_get_be16(c, &dl_type);
    cur_get_u8(c, &tos);
    cur_get_u8(c, &proto);
    cur_get_bytes(c, nw_src, 8);
    cur_get_bytes(c, nw_dst, 8);
    cur_get_be16(c, &tp_src);
    cur_get_be16(c, &tp_dst);
    cur_get_be32(c, &mpls_label);
    cur_get_u8(c, &mpls_tc);
    cur_skip(c, 3);
    cur_get_bytes(c, metadata, 16);

    enum ofperr error = OFPERR_OFPBMC_BAD_VALUE;
    if (wc & ~OFPFW11_ALL) {
        error = OFPERR_OFPBMC_BAD_WILDCARDS;
        goto bad;
    }
    if (!(wc & OFPFW11_IN_PORT)) {
        ofp_match_set_u32(m, OXM_IN_PORT, in_port);
    }
    set_inverted(m, OXM_ETH_SRC, dl_src, dl_src + 6, 6);
    set_inverted(m, OXM_ETH_DST, dl_dst, dl_dst + 6, 6);

    /* VLAN as Open vSwitch reads it: NONE is "no tag" and makes the PCP
     * meaningless; the PCP counts only with a VID. */
    if (!(wc & OFPFW11_DL_VLAN)) {
        if (dl_vlan == OFPVID11_NONE) {
            ofp_match_set_u16(m, OXM_VLAN_VID, OFPVID_NONE);
            dropped |= !(wc & OFPFW11_DL_VLAN_PCP);
        } else {
            if (dl_vlan == OFPVID11_ANY) {
                ofp_match_set_masked_u16(m, OXM_VLAN_VID, OFPVID_PRESENT,
                                         OFPVID_PRESENT);
            } else if (dl_vlan < 4096) {
                ofp_match_set_u16(m, OXM_VLAN_VID, OFPVID_PRESENT | dl_vlan);
            } else {
                goto bad;
            }
            if (!(wc & OFPFW11_DL_VLAN_PCP)) {
                if (pcp > 7) {
                    goto bad;
                }
                ofp_match_set_u8(m, OXM_VLAN_PCP, pcp);
            }
        }
    } else {
        dropped |= !(wc & OFPFW11_DL_VLAN_PCP);
    }

    bool has_type = !(wc & OFPFW11_DL_TYPE);
    if (has_type) {
        ofp_match_set_u16(m, OXM_ETH_TYPE, dl_type);
    }
    bool ip4 = has_type && dl_type == ETH_TYPE_IP;
    bool arp = has_type && dl_type == ETH_TYPE_ARP;
    bool mpls = has_type &&
                (dl_type == ETH_TYPE_MPLS || dl_type == ETH_TYPE_MPLS_MCAST);

    /* OF1.1 §A.2.3: the L3 fields count for IPv4 (and ARP), the L4 ones
     * for TCP, UDP, SCTP (and, as Open vSwitch adds, ICMP). */
    if (!(wc & OFPFW11_NW_TOS)) {
        if (ip4) {
            if (tos & 3) {
                goto bad;
            }
            ofp_match_set_u8(m, OXM_IP_DSCP, tos >> 2);
        } else {
            dropped = true;
        }
    }
    bool has_proto = !(wc & OFPFW11_NW_PROTO);
    if (has_proto) {
        if (ip4) {
            ofp_match_set_u8(m, OXM_IP_PROTO, proto);
        } else if (arp) {
            ofp_match_set_u16(m, OXM_ARP_OP, proto);
        } else {
            dropped = true;
        }
    }
    if (ip4 || arp) {
        set_inverted(m, ip4 ? OXM_IPV4_SRC : OXM_ARP_SPA, nw_src, nw_src + 4,
                     4);
        set_inverted(m, ip4 ? OXM_IPV4_DST : OXM_ARP_TPA, nw_dst, nw_dst + 4,
                     4);
    } else {
        dropped |= get_be32(nw_src + 4) != UINT32_MAX ||
                   get_be32(nw_dst + 4) != UINT32_MAX;
    }

    bool want_src = !(wc & OFPFW11_TP_SRC), want_dst = !(wc & OFPFW11_TP_DST);
    if (want_src || want_dst) {
        int src = -1;
        if (ip4 && has_proto) {
            src = (proto == 6     ? OXM_TCP_SRC
                   : proto == 17  ? OXM_UDP_SRC
                   : proto == 132 ? OXM_SCTP_SRC
                   : proto == 1   ? OXM_ICMPV4_TYPE
                                  : -1);
        }
        if (src < 0) {
            dropped = true;
        } else if (src == OXM_ICMPV4_TYPE) {
            if ((want_src && tp_src > UINT8_MAX) ||
                (want_dst && tp_dst > UINT8_MAX)) {
                goto bad;
            }
            if (want_src) {
                ofp_match_set_u8(m, OXM_ICMPV4_TYPE, (uint8_t)tp_src);
            }
            if (want_dst) {
                ofp_match_set_u8(m, OXM_ICMPV4_CODE, (uint8_t)tp_dst);
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

    if (mpls) {
        if (!(wc & OFPFW11_MPLS_LABEL)) {
            if (mpls_label > 0xfffff) {
                goto bad;
            }
            ofp_match_set_u32(m, OXM_MPLS_LABEL, mpls_label);
        }
        if (!(wc & OFPFW11_MPLS_TC)) {
            if (mpls_tc > 7) {
                goto bad;
            }
            ofp_match_set_u8(m, OXM_MPLS_TC, mpls_tc);
        }
    } else {
        dropped |= (wc & (OFPFW11_MPLS_LABEL | OFPFW11_MPLS_TC)) !=
                   (OFPFW11_MPLS_LABEL | OFPFW11_MPLS_TC);
    }
    set_inverted(m, OXM_METADATA, metadata, metadata + 8, 8);

    if (normalised) {
        *normalised = dropped;
    }
    return 0;

bad:
    ofp_match_uninit(m);
    ofp_match_init(m);
    return error;
}

#define FIELD_BIT(F) (UINT64_C(1) << (F))
#define OFP11_FIELDS                                        \
    (FIELD_BIT(OXM_IN_PORT) | FIELD_BIT(OXM_METADATA) |     \
     FIELD_BIT(OXM_ETH_DST) | FIELD_BIT(OXM_ETH_SRC) |      \
     FIELD_BIT(OXM_ETH_TYPE) | FIELD_BIT(OXM_VLAN_VID) |    \
     FIELD_BIT(OXM_VLAN_PCP) | FIELD_BIT(OXM_IP_DSCP) |     \
     FIELD_BIT(OXM_IP_PROTO) | FIELD_BIT(OXM_IPV4_SRC) |    \
     FIELD_BIT(OXM_IPV4_DST) | FIELD_BIT(OXM_TCP_SRC) |     \
     FIELD_BIT(OXM_TCP_DST) | FIELD_BIT(OXM_UDP_SRC) |      \
     FIELD_BIT(OXM_UDP_DST) | FIELD_BIT(OXM_SCTP_SRC) |     \
     FIELD_BIT(OXM_SCTP_DST) | FIELD_BIT(OXM_ICMPV4_TYPE) | \
     FIELD_BIT(OXM_ICMPV4_CODE) | FIELD_BIT(OXM_ARP_OP) |   \
     FIELD_BIT(OXM_ARP_SPA) | FIELD_BIT(OXM_ARP_TPA) |      \
     FIELD_BIT(OXM_MPLS_LABEL) | FIELD_BIT(OXM_MPLS_TC))

/* Writes field 'f' (or the wildcard default, value 0 and an all-ones
 * inverted mask) as value then inverted mask of 'len' bytes at 'w'. */
static void
put_inverted(const struct ofp_match *m, enum oxm_field f, uint8_t *w,
             size_t len)
{
    if (ofp_match_has(m, f)) {
        memcpy(w, m->value[f].b, len);
        for (size_t i = 0; i < len; i++) {
            w[len + i] = (uint8_t)~m->mask[f].b[i];
        }
    } else {
        memset(w, 0, len);
        memset(w + len, 0xff, len);
    }
}

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

/* Builds the 1.1 match; the caller checks it by decoding it back. */
static bool
match11_build(const struct ofp_match *m, uint8_t w[OFPMT11_STANDARD_LENGTH])
{
    static const int tp_srcs[] = { OXM_TCP_SRC, OXM_UDP_SRC, OXM_SCTP_SRC,
                                   OXM_ICMPV4_TYPE, -1 };
    static const int tp_dsts[] = { OXM_TCP_DST, OXM_UDP_DST, OXM_SCTP_DST,
                                   OXM_ICMPV4_CODE, -1 };
    uint32_t wc = 0;

    memset(w, 0, OFPMT11_STANDARD_LENGTH);
    if (m->n_raw || (m->present & ~OFP11_FIELDS)) {
        return false;
    }
    put_be16(w, OFPMT_STANDARD);
    put_be16(w + 2, OFPMT11_STANDARD_LENGTH);
    if (ofp_match_has(m, OXM_IN_PORT)) {
        put_be32(w + 4, (uint32_t)ofp_match_get_uint(m, OXM_IN_PORT));
    } else {
        wc |= OFPFW11_IN_PORT;
    }
    put_inverted(m, OXM_ETH_SRC, w + 12, 6);
    put_inverted(m, OXM_ETH_DST, w + 24, 6);
    if (ofp_match_has(m, OXM_VLAN_VID)) {
        uint16_t vid = (uint16_t)ofp_match_get_uint(m, OXM_VLAN_VID);
        uint16_t mask = (uint16_t)ofp_match_get_mask_uint(m, OXM_VLAN_VID);
        if (mask == UINT16_MAX) {
            put_be16(w + 36, vid == OFPVID_NONE ? OFPVID11_NONE : vid & 0xfff);
        } else if (mask == OFPVID_PRESENT && vid == OFPVID_PRESENT) {
            put_be16(w + 36, OFPVID11_ANY);
        } else {
            return false;
        }
    } else {
        wc |= OFPFW11_DL_VLAN;
    }
    if (ofp_match_has(m, OXM_VLAN_PCP)) {
        w[38] = (uint8_t)ofp_match_get_uint(m, OXM_VLAN_PCP);
    } else {
        wc |= OFPFW11_DL_VLAN_PCP;
    }
    if (ofp_match_has(m, OXM_ETH_TYPE)) {
        put_be16(w + 40, (uint16_t)ofp_match_get_uint(m, OXM_ETH_TYPE));
    } else {
        wc |= OFPFW11_DL_TYPE;
    }
    if (ofp_match_has(m, OXM_IP_DSCP)) {
        w[42] = (uint8_t)(ofp_match_get_uint(m, OXM_IP_DSCP) << 2);
    } else {
        wc |= OFPFW11_NW_TOS;
    }
    if (ofp_match_has(m, OXM_IP_PROTO)) {
        w[43] = (uint8_t)ofp_match_get_uint(m, OXM_IP_PROTO);
    } else if (ofp_match_has(m, OXM_ARP_OP)) {
        uint64_t op = ofp_match_get_uint(m, OXM_ARP_OP);
        if (op > UINT8_MAX) {
            return false;
        }
        w[43] = (uint8_t)op;
    } else {
        wc |= OFPFW11_NW_PROTO;
    }
    put_inverted(m, ofp_match_has(m, OXM_ARP_SPA) ? OXM_ARP_SPA : OXM_IPV4_SRC,
                 w + 44, 4);
    put_inverted(m, ofp_match_has(m, OXM_ARP_TPA) ? OXM_ARP_TPA : OXM_IPV4_DST,
                 w + 52, 4);
    int f = first_present(m, tp_srcs);
    if (f >= 0) {
        put_be16(w + 60, (uint16_t)ofp_match_get_uint(m, f));
    } else {
        wc |= OFPFW11_TP_SRC;
    }
    f = first_present(m, tp_dsts);
    if (f >= 0) {
        put_be16(w + 62, (uint16_t)ofp_match_get_uint(m, f));
    } else {
        wc |= OFPFW11_TP_DST;
    }
    if (ofp_match_has(m, OXM_MPLS_LABEL)) {
        put_be32(w + 64, (uint32_t)ofp_match_get_uint(m, OXM_MPLS_LABEL));
    } else {
        wc |= OFPFW11_MPLS_LABEL;
    }
    if (ofp_match_has(m, OXM_MPLS_TC)) {
        w[68] = (uint8_t)ofp_match_get_uint(m, OXM_MPLS_TC);
    } else {
        wc |= OFPFW11_MPLS_TC;
    }
    put_inverted(m, OXM_METADATA, w + 72, 8);
    put_be32(w + 8, wc);
    return true;
}

bool
ofp11_match_encode(const struct ofp_match *m, struct buf *out)
{
    uint8_t w[OFPMT11_STANDARD_LENGTH];
    struct ofp_match back;
    bool ok = false;

    if (match11_build(m, w)) {
        struct cur c = cur_make(w, sizeof w);
        ok = !ofp11_match_decode(&c, &back, NULL) && ofp_match_equal(&back, m);
        ofp_match_uninit(&back);
    }
    if (ok) {
        buf_put(out, w, sizeof w);
    }
    return ok;
}

/* --- Actions. ----------------------------------------------------------- */

static uint64_t
get_mac(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 0; i < OFP_ETH_ALEN; i++) {
        v = v << 8 | p[i];
    }
    return v;
}

/* One action whose TLV (type and length included) is 'tlv'. */
static enum ofperr
action11_decode(struct cur *tlv, struct ofp1x_pkt *pkt,
                struct ofp_actions *acts)
{
    static const uint8_t lens[] = {
        [OFPAT11_SET_VLAN_VID] = 8,   [OFPAT11_SET_VLAN_PCP] = 8,
        [OFPAT11_SET_DL_SRC] = 16,    [OFPAT11_SET_DL_DST] = 16,
        [OFPAT11_SET_NW_SRC] = 8,     [OFPAT11_SET_NW_DST] = 8,
        [OFPAT11_SET_NW_TOS] = 8,     [OFPAT11_SET_NW_ECN] = 8,
        [OFPAT11_SET_TP_SRC] = 8,     [OFPAT11_SET_TP_DST] = 8,
        [OFPAT11_SET_MPLS_LABEL] = 8, [OFPAT11_SET_MPLS_TC] = 8
    };
    uint16_t type = get_be16(tlv->p), len = get_be16(tlv->p + 2);
    struct cur b = *tlv;
    uint32_t u32;
    uint16_t u16;
    uint8_t u8, mac[OFP_ETH_ALEN];

    if (type >= OFPAT_SET_FIELD && type != OFPAT_EXPERIMENTER) {
        /* SET_FIELD and PBB are 1.2 and 1.3 actions. */
        return OFPERR_OFPBAC_BAD_TYPE;
    }
    if (type >= ARRAY_SIZE(lens) || !lens[type]) {
        /* OUTPUT, 11, 12, 15..24 and EXPERIMENTER are 1.3's own. */
        size_t n = acts->n;
        enum ofperr error = ofp1x_push_13_action(tlv, acts);
        if (!error && acts->n > n) {
            ofp1x_pkt_apply(pkt, &acts->a[n]);
        }
        return error;
    }
    if (len != lens[type]) {
        return OFPERR_OFPBAC_BAD_LEN;
    }
    cur_skip(&b, 4);
    switch ((enum ofp11_action_type)type) {
    case OFPAT11_SET_VLAN_VID:
        cur_get_be16(&b, &u16);
        if (u16 > 0xfff) {
            return OFPERR_OFPBAC_BAD_ARGUMENT;
        }
        /* 1.1's set_vlan_vid never pushes a tag. */
        ofp1x_push_set_vlan(acts, pkt, OXM_VLAN_VID, OFPVID_PRESENT | u16,
                            false);
        break;
    case OFPAT11_SET_VLAN_PCP:
        cur_get_u8(&b, &u8);
        if (u8 > 7) {
            return OFPERR_OFPBAC_BAD_ARGUMENT;
        }
        ofp1x_push_set_vlan(acts, pkt, OXM_VLAN_PCP, u8, false);
        break;
    case OFPAT11_SET_DL_SRC:
    case OFPAT11_SET_DL_DST:
        cur_get_bytes(&b, mac, OFP_ETH_ALEN);
        ofp1x_push_set_field(
            acts, type == OFPAT11_SET_DL_SRC ? OXM_ETH_SRC : OXM_ETH_DST,
            get_mac(mac));
        break;
    case OFPAT11_SET_NW_SRC:
    case OFPAT11_SET_NW_DST:
        cur_get_be32(&b, &u32);
        ofp1x_push_set_field(
            acts, type == OFPAT11_SET_NW_SRC ? OXM_IPV4_SRC : OXM_IPV4_DST,
            u32);
        break;
    case OFPAT11_SET_NW_TOS:
        cur_get_u8(&b, &u8);
        if (u8 & 3) {
            return OFPERR_OFPBAC_BAD_ARGUMENT;
        }
        ofp1x_push_set_field(acts, OXM_IP_DSCP, u8 >> 2);
        break;
    case OFPAT11_SET_NW_ECN:
        cur_get_u8(&b, &u8);
        if (u8 > 3) {
            return OFPERR_OFPBAC_BAD_ARGUMENT;
        }
        ofp1x_push_set_field(acts, OXM_IP_ECN, u8);
        break;
    case OFPAT11_SET_TP_SRC:
    case OFPAT11_SET_TP_DST:
        cur_get_be16(&b, &u16);
        ofp1x_push_set_tp(acts, pkt, type == OFPAT11_SET_TP_DST, u16);
        break;
    case OFPAT11_SET_MPLS_LABEL:
        cur_get_be32(&b, &u32);
        if (u32 > 0xfffff) {
            return OFPERR_OFPBAC_BAD_ARGUMENT;
        }
        ofp1x_push_set_field(acts, OXM_MPLS_LABEL, u32);
        break;
    case OFPAT11_SET_MPLS_TC:
        cur_get_u8(&b, &u8);
        if (u8 > 7) {
            return OFPERR_OFPBAC_BAD_ARGUMENT;
        }
        ofp1x_push_set_field(acts, OXM_MPLS_TC, u8);
        break;
    case OFPAT11_OUTPUT:
        break;
    }
    return 0;
}

static enum ofperr
actions11_decode(struct cur *c, struct ofp1x_pkt *pkt,
                 struct ofp_actions *acts)
{
    ofp_actions_init(acts);
    while (c->left) {
        uint16_t len;
        struct cur tlv;
        enum ofperr error;

        if (!cur_peek_be16(c, 2, &len) || len < 8 || len % 8 ||
            !cur_split(c, len, &tlv)) {
            error = OFPERR_OFPBAC_BAD_LEN;
        } else {
            error = action11_decode(&tlv, pkt, acts);
        }
        if (error) {
            ofp_actions_uninit(acts);
            return error;
        }
    }
    return 0;
}

enum ofperr
ofp11_actions_decode(struct cur *c, const struct ofp_match *match,
                     struct ofp_actions *acts)
{
    struct ofp1x_pkt pkt;
    ofp1x_pkt_from_match(match, &pkt);
    return actions11_decode(c, &pkt, acts);
}

static void
put_hdr(struct buf *out, uint16_t type, uint16_t len)
{
    buf_put_be16(out, type);
    buf_put_be16(out, len);
}

static void
put_u8_action(struct buf *out, uint16_t type, uint8_t v)
{
    put_hdr(out, type, 8);
    buf_put_u8(out, v);
    buf_put_zeros(out, 3);
}

static void
put_u16_action(struct buf *out, uint16_t type, uint16_t v)
{
    put_hdr(out, type, 8);
    buf_put_be16(out, v);
    buf_put_zeros(out, 2);
}

static void
put_u32_action(struct buf *out, uint16_t type, const uint8_t *v)
{
    put_hdr(out, type, 8);
    buf_put(out, v, 4);
}

/* A set_field as a 1.1 set action. */
static bool
put_set11(struct buf *out, enum oxm_field f, const struct oxm_value *v)
{
    if (!ofp1x_field_value_ok(f, v)) {
        return false;
    }
    switch (f) {
    case OXM_ETH_SRC:
    case OXM_ETH_DST:
        put_hdr(out,
                f == OXM_ETH_SRC ? OFPAT11_SET_DL_SRC : OFPAT11_SET_DL_DST,
                16);
        buf_put(out, v->b, OFP_ETH_ALEN);
        buf_put_zeros(out, 6);
        return true;
    case OXM_VLAN_VID:
        put_u16_action(out, OFPAT11_SET_VLAN_VID, get_be16(v->b) & 0xfff);
        return true;
    case OXM_VLAN_PCP:
        put_u8_action(out, OFPAT11_SET_VLAN_PCP, v->b[0]);
        return true;
    case OXM_IPV4_SRC:
        put_u32_action(out, OFPAT11_SET_NW_SRC, v->b);
        return true;
    case OXM_IPV4_DST:
        put_u32_action(out, OFPAT11_SET_NW_DST, v->b);
        return true;
    case OXM_IP_DSCP:
        put_u8_action(out, OFPAT11_SET_NW_TOS, (uint8_t)(v->b[0] << 2));
        return true;
    case OXM_IP_ECN:
        put_u8_action(out, OFPAT11_SET_NW_ECN, v->b[0]);
        return true;
    case OXM_TCP_SRC:
    case OXM_UDP_SRC:
    case OXM_SCTP_SRC:
        put_u16_action(out, OFPAT11_SET_TP_SRC, get_be16(v->b));
        return true;
    case OXM_TCP_DST:
    case OXM_UDP_DST:
    case OXM_SCTP_DST:
        put_u16_action(out, OFPAT11_SET_TP_DST, get_be16(v->b));
        return true;
    case OXM_MPLS_LABEL:
        put_u32_action(out, OFPAT11_SET_MPLS_LABEL, v->b);
        return true;
    case OXM_MPLS_TC:
        put_u8_action(out, OFPAT11_SET_MPLS_TC, v->b[0]);
        return true;
    default:
        return false;
    }
}

static bool
put_actions11(const struct ofp_actions *acts, struct ofp1x_pkt *pkt,
              struct buf *out)
{
    for (size_t i = 0; i < acts->n; i++) {
        const struct ofp_action *a = &acts->a[i];
        switch (a->type) {
        case OFPAT_OUTPUT:
        case OFPAT_COPY_TTL_OUT:
        case OFPAT_COPY_TTL_IN:
        case OFPAT_SET_MPLS_TTL:
        case OFPAT_DEC_MPLS_TTL:
        case OFPAT_PUSH_VLAN:
        case OFPAT_POP_VLAN:
        case OFPAT_PUSH_MPLS:
        case OFPAT_POP_MPLS:
        case OFPAT_SET_QUEUE:
        case OFPAT_GROUP:
        case OFPAT_SET_NW_TTL:
        case OFPAT_DEC_NW_TTL:
        case OFPAT_EXPERIMENTER:
            /* Same number and layout in 1.1 and 1.3. */
            ofp1x_put_13_action(a, out);
            break;
        case OFPAT_SET_FIELD:
            if (!put_set11(out, a->u.set_field.field, &a->u.set_field.value)) {
                return false;
            }
            break;
        case OFPAT_X_SET_VLAN_OR_PUSH:
            /* 1.1 has no "push if needed": only a known tag state says
             * which of set or push-and-set it is. */
            if (pkt->vlan < 0 || (a->u.set_field.field != OXM_VLAN_VID &&
                                  a->u.set_field.field != OXM_VLAN_PCP)) {
                return false;
            }
            if (pkt->vlan == 0) {
                put_u16_action(out, OFPAT_PUSH_VLAN, 0x8100);
            }
            if (!put_set11(out, a->u.set_field.field, &a->u.set_field.value)) {
                return false;
            }
            break;
        case OFPAT_X_SET_L4_SRC:
        case OFPAT_X_SET_L4_DST:
            /* 1.1's SET_TP_* already picks the protocol by the packet. */
            put_u16_action(out,
                           a->type == OFPAT_X_SET_L4_SRC ? OFPAT11_SET_TP_SRC
                                                         : OFPAT11_SET_TP_DST,
                           get_be16(a->u.set_field.value.b));
            break;
        default:
            return false;
        }
        ofp1x_pkt_apply(pkt, a);
    }
    return true;
}

bool
ofp11_actions_encode(const struct ofp_actions *acts,
                     const struct ofp_match *match, struct buf *out)
{
    struct ofp1x_pkt pkt;
    size_t start = out->size;

    ofp1x_pkt_from_match(match, &pkt);
    if (!put_actions11(acts, &pkt, out)) {
        buf_truncate(out, start);
        return false;
    }
    return true;
}

/* --- Instructions (OF1.1 §A.2.4). --------------------------------------- */

enum ofperr
ofp11_instructions_decode(struct cur *c, const struct ofp_match *match,
                          struct ofp_instructions *insts)
{
    struct cur apply = { NULL, 0 }, write = { NULL, 0 };
    struct ofp1x_pkt pkt;
    enum ofperr error = 0;

    ofp_instructions_init(insts);
    while (c->left && !error) {
        uint16_t type, len;
        struct cur body;
        uint8_t table_id;

        if (!cur_get_be16(c, &type) || !cur_get_be16(c, &len) || len < 8 ||
            len % 8 || !cur_split(c, len - 4u, &body)) {
            error = OFPERR_OFPBIC_BAD_LEN;
            break;
        }
        if (type == OFPIT_EXPERIMENTER) {
            error = OFPERR_OFPBIC_BAD_EXPERIMENTER;
            break;
        }
        if (type < OFPIT_GOTO_TABLE || type > OFPIT_CLEAR_ACTIONS) {
            /* METER is 1.3. */
            error = OFPERR_OFPBIC_UNKNOWN_INST;
            break;
        }
        if (ofp_instructions_has(insts, type)) {
            error = OFPERR_OFPBIC_DUP_INST;
            break;
        }
        if ((type == OFPIT_WRITE_METADATA && len != 24) ||
            ((type == OFPIT_GOTO_TABLE || type == OFPIT_CLEAR_ACTIONS) &&
             len != 8)) {
            error = OFPERR_OFPBIC_BAD_LEN;
            break;
        }
        insts->present |= OFPIT_BIT(type);
        switch (type) {
        case OFPIT_GOTO_TABLE:
            cur_get_u8(&body, &table_id);
            if (table_id > OFPTT_MAX) {
                error = OFPERR_OFPBIC_BAD_TABLE_ID;
            }
            insts->goto_table = table_id;
            break;
        case OFPIT_WRITE_METADATA:
            cur_skip(&body, 4);
            cur_get_be64(&body, &insts->metadata);
            cur_get_be64(&body, &insts->metadata_mask);
            break;
        case OFPIT_WRITE_ACTIONS:
            cur_skip(&body, 4);
            write = body;
            break;
        case OFPIT_APPLY_ACTIONS:
            cur_skip(&body, 4);
            apply = body;
            break;
        default:
            break;
        }
    }

    /* The apply list runs first; what it does to the packet is what the
     * written action set later sees. */
    ofp1x_pkt_from_match(match, &pkt);
    if (!error) {
        error = actions11_decode(&apply, &pkt, &insts->apply);
    }
    if (!error) {
        error = actions11_decode(&write, &pkt, &insts->write);
    }
    if (error) {
        ofp_instructions_uninit(insts);
    }
    return error;
}

static bool
put_inst_actions(struct buf *out, uint16_t type,
                 const struct ofp_actions *acts, struct ofp1x_pkt *pkt)
{
    size_t start = out->size;
    put_hdr(out, type, 0);
    buf_put_zeros(out, 4);
    if (!put_actions11(acts, pkt, out) || out->size - start > UINT16_MAX) {
        return false;
    }
    buf_set_be16(out, start + 2, (uint16_t)(out->size - start));
    return true;
}

/* In 1.3's order (ofp_instructions_encode), METER excepted: 1.1 has
 * none. */
bool
ofp11_instructions_encode(const struct ofp_instructions *insts,
                          const struct ofp_match *match, struct buf *out)
{
    size_t start = out->size;
    struct ofp1x_pkt pkt;

    ofp1x_pkt_from_match(match, &pkt);
    if (ofp_instructions_has(insts, OFPIT_METER) ||
        (ofp_instructions_has(insts, OFPIT_APPLY_ACTIONS) &&
         !put_inst_actions(out, OFPIT_APPLY_ACTIONS, &insts->apply, &pkt))) {
        goto fail;
    }
    if (ofp_instructions_has(insts, OFPIT_CLEAR_ACTIONS)) {
        put_hdr(out, OFPIT_CLEAR_ACTIONS, 8);
        buf_put_zeros(out, 4);
    }
    if (ofp_instructions_has(insts, OFPIT_WRITE_ACTIONS) &&
        !put_inst_actions(out, OFPIT_WRITE_ACTIONS, &insts->write, &pkt)) {
        goto fail;
    }
    if (ofp_instructions_has(insts, OFPIT_WRITE_METADATA)) {
        put_hdr(out, OFPIT_WRITE_METADATA, 24);
        buf_put_zeros(out, 4);
        buf_put_be64(out, insts->metadata);
        buf_put_be64(out, insts->metadata_mask);
    }
    if (ofp_instructions_has(insts, OFPIT_GOTO_TABLE)) {
        put_hdr(out, OFPIT_GOTO_TABLE, 8);
        buf_put_u8(out, insts->goto_table);
        buf_put_zeros(out, 3);
    }
    return true;

fail:
    buf_truncate(out, start);
    return false;
}

/* --- Buckets (OF1.1 §A.3.4.2): the 1.3 layout with 1.1 actions. --------- */

static enum ofperr
buckets11_decode(struct cur *c, struct ofp_buckets *bs)
{
    size_t cap = 0;

    ofp_buckets_init(bs);
    while (c->left) {
        uint16_t len;
        struct cur body;
        struct ofp1x_pkt pkt;

        if (!cur_get_be16(c, &len) || len < 16 || len % 8 ||
            !cur_split(c, len - 2u, &body)) {
            return OFPERR_OFPGMFC_BAD_BUCKET;
        }
        void *arr = bs->b;
        struct ofp_bucket *b =
            ofp1x_array_push(&arr, &bs->n, &cap, sizeof *bs->b);
        bs->b = arr;
        cur_get_be16(&body, &b->weight);
        cur_get_be32(&body, &b->watch_port);
        cur_get_be32(&body, &b->watch_group);
        cur_skip(&body, 4);
        ofp1x_pkt_from_match(NULL, &pkt);
        enum ofperr error = actions11_decode(&body, &pkt, &b->actions);
        if (error) {
            return error;
        }
    }
    return 0;
}

static bool
buckets11_encode(const struct ofp_buckets *bs, struct buf *out)
{
    for (size_t i = 0; i < bs->n; i++) {
        const struct ofp_bucket *b = &bs->b[i];
        struct ofp1x_pkt pkt;
        size_t start = buf_put_be16(out, 0);
        buf_put_be16(out, b->weight);
        buf_put_be32(out, b->watch_port);
        buf_put_be32(out, b->watch_group);
        buf_put_zeros(out, 4);
        ofp1x_pkt_from_match(NULL, &pkt);
        if (!put_actions11(&b->actions, &pkt, out) ||
            out->size - start > UINT16_MAX) {
            return false;
        }
        buf_set_be16(out, start, (uint16_t)(out->size - start));
    }
    return true;
}

/* --- Messages: decoding. ------------------------------------------------ */

static void
bytes_rest(struct ofp_bytes *dst, struct cur *c)
{
    ofp_bytes_set(dst, c->p, c->left);
    cur_skip(c, c->left);
}

static void
bytes_put(struct buf *out, const struct ofp_bytes *b)
{
    if (b->len) {
        buf_put(out, b->data, b->len);
    }
}

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
    e->error = ofperr_from_wire(OFP11_VERSION, e->type, e->code, 0);
    if (e->error) {
        ofperr_to_wire(e->error, OFP13_VERSION, &e->type, &e->code);
        if (e->type == OFPET_EXPERIMENTER) {
            e->experimenter = ONF_EXPERIMENTER_ID;
        }
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

/* ofp_experimenter_header (1.1): experimenter, 4 bytes 1.3 made into
 * exp_type (kept, so nothing is lost), data. */
static enum ofperr
experimenter_decode(struct cur *c, struct ofp_msg *msg,
                    struct ofp_compat_info *info)
{
    struct ofp_experimenter_msg *x = &msg->u.experimenter;
    (void)info;
    if (!cur_get_be32(c, &x->experimenter) || !cur_get_be32(c, &x->exp_type)) {
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
    size_t cap = 0;

    if (!cur_get_be64(c, &f->datapath_id) || !cur_get_be32(c, &f->n_buffers) ||
        !cur_get_u8(c, &f->n_tables) || !cur_skip(c, 3) ||
        !cur_get_be32(c, &f->capabilities) || !cur_skip(c, 4) ||
        c->left % 64) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    f->capabilities &= OFPC11_COMMON;
    while (c->left) {
        void *arr = info->ports;
        struct ofp_port *p =
            ofp1x_array_push(&arr, &info->n_ports, &cap, sizeof *p);
        info->ports = arr;
        enum ofperr error = ofp11_port_decode(c, p);
        if (error) {
            return error;
        }
    }
    return 0;
}

static enum ofperr
config_decode(struct cur *c, struct ofp_msg *msg, struct ofp_compat_info *info)
{
    struct ofp_switch_config *sc = &msg->u.config;
    if (!cur_get_be16(c, &sc->flags) || !cur_get_be16(c, &sc->miss_send_len)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    /* Undefined bits are ignored; the TTL bit stays, named. */
    sc->flags &= OFPC_FRAG_MASK | OFPC11_INVALID_TTL_TO_CONTROLLER;
    info->invalid_ttl_to_controller =
        (sc->flags & OFPC11_INVALID_TTL_TO_CONTROLLER) != 0;
    return 0;
}

/* ofp_packet_in (1.1): buffer_id, in_port, in_phy_port, total_len,
 * reason, table_id, frame. */
static enum ofperr
packet_in_decode(struct cur *c, struct ofp_msg *msg,
                 struct ofp_compat_info *info)
{
    struct ofp_packet_in *pi = &msg->u.packet_in;
    uint32_t in_port, in_phy_port;
    (void)info;
    if (!cur_get_be32(c, &pi->buffer_id) || !cur_get_be32(c, &in_port) ||
        !cur_get_be32(c, &in_phy_port) || !cur_get_be16(c, &pi->total_len) ||
        !cur_get_u8(c, &pi->reason) || !cur_get_u8(c, &pi->table_id)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    pi->cookie = UINT64_MAX;
    ofp_match_set_u32(&pi->match, OXM_IN_PORT, in_port);
    if (in_phy_port != in_port) {
        ofp_match_set_u32(&pi->match, OXM_IN_PHY_PORT, in_phy_port);
    }
    bytes_rest(&pi->data, c);
    return 0;
}

static enum ofperr
flow_removed_decode(struct cur *c, struct ofp_msg *msg,
                    struct ofp_compat_info *info)
{
    struct ofp_flow_removed *fr = &msg->u.flow_removed;
    (void)info;
    if (!cur_get_be64(c, &fr->cookie) || !cur_get_be16(c, &fr->priority) ||
        !cur_get_u8(c, &fr->reason) || !cur_get_u8(c, &fr->table_id) ||
        !cur_get_be32(c, &fr->duration_sec) ||
        !cur_get_be32(c, &fr->duration_nsec) ||
        !cur_get_be16(c, &fr->idle_timeout) || !cur_skip(c, 2) ||
        !cur_get_be64(c, &fr->packet_count) ||
        !cur_get_be64(c, &fr->byte_count)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    ofp_match_uninit(&fr->match);
    return ofp11_match_decode(c, &fr->match, NULL);
}

static enum ofperr
port_status_decode(struct cur *c, struct ofp_msg *msg,
                   struct ofp_compat_info *info)
{
    (void)info;
    if (!cur_get_u8(c, &msg->u.port_status.reason) || !cur_skip(c, 7)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    return ofp11_port_decode(c, &msg->u.port_status.desc);
}

static enum ofperr
packet_out_decode(struct cur *c, struct ofp_msg *msg,
                  struct ofp_compat_info *info)
{
    struct ofp_packet_out *po = &msg->u.packet_out;
    uint16_t actions_len;
    struct cur actions;
    (void)info;

    if (!cur_get_be32(c, &po->buffer_id) || !cur_get_be32(c, &po->in_port) ||
        !cur_get_be16(c, &actions_len) || !cur_skip(c, 6) ||
        !cur_split(c, actions_len, &actions)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    ofp_actions_uninit(&po->actions);
    enum ofperr error = ofp11_actions_decode(&actions, NULL, &po->actions);
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
    bool normalised = false;

    if (!cur_get_be64(c, &fm->cookie) || !cur_get_be64(c, &fm->cookie_mask) ||
        !cur_get_u8(c, &fm->table_id) || !cur_get_u8(c, &fm->command) ||
        !cur_get_be16(c, &fm->idle_timeout) ||
        !cur_get_be16(c, &fm->hard_timeout) ||
        !cur_get_be16(c, &fm->priority) || !cur_get_be32(c, &fm->buffer_id) ||
        !cur_get_be32(c, &fm->out_port) || !cur_get_be32(c, &fm->out_group) ||
        !cur_get_be16(c, &fm->flags) || !cur_skip(c, 2)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    ofp_match_uninit(&fm->match);
    enum ofperr error = ofp11_match_decode(c, &fm->match, &normalised);
    if (error) {
        return error;
    }
    ofp_instructions_uninit(&fm->instructions);
    error = ofp11_instructions_decode(c, &fm->match, &fm->instructions);
    if (error) {
        return error;
    }
    if (fm->command > OFPFC_DELETE_STRICT) {
        return OFPERR_OFPFMFC_BAD_COMMAND;
    }
    /* OF1.1 forbids OFPTT_ALL in every flow_mod ([OVS]). */
    if (fm->table_id == OFPTT_ALL) {
        return OFPERR_OFPFMFC_BAD_TABLE_ID;
    }
    if (fm->flags & ~OFPFF11_ALL) {
        return OFPERR_OFPFMFC_BAD_FLAGS;
    }
    bool modify =
        (fm->command == OFPFC_MODIFY || fm->command == OFPFC_MODIFY_STRICT);
    if (fm->command == OFPFC_ADD) {
        fm->cookie_mask = 0;
    }
    if (fm->command != OFPFC_DELETE && fm->command != OFPFC_DELETE_STRICT) {
        fm->out_group = OFPG_ANY;
    }
    info->match_normalised = normalised;
    info->readd_resets_counts = fm->command == OFPFC_ADD;
    info->modify_may_add = modify && !fm->cookie_mask;
    return 0;
}

static enum ofperr
group_mod_decode(struct cur *c, struct ofp_msg *msg,
                 struct ofp_compat_info *info)
{
    struct ofp_group_mod *gm = &msg->u.group_mod;
    (void)info;
    if (!cur_get_be16(c, &gm->command) || !cur_get_u8(c, &gm->type) ||
        !cur_skip(c, 1) || !cur_get_be32(c, &gm->group_id)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    ofp_buckets_uninit(&gm->buckets);
    return buckets11_decode(c, &gm->buckets);
}

static enum ofperr
port_mod_decode(struct cur *c, struct ofp_msg *msg,
                struct ofp_compat_info *info)
{
    struct ofp_port_mod *pm = &msg->u.port_mod;
    (void)info;
    if (!cur_get_be32(c, &pm->port_no) || !cur_skip(c, 4) ||
        !cur_get_bytes(c, pm->hw_addr, OFP_ETH_ALEN) || !cur_skip(c, 2) ||
        !cur_get_be32(c, &pm->config) || !cur_get_be32(c, &pm->mask) ||
        !cur_get_be32(c, &pm->advertise) || !cur_skip(c, 4)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    /* Undefined bits are ignored, as Open vSwitch does. */
    pm->config &= OFPPC13_ALL;
    pm->mask &= OFPPC13_ALL;
    return 0;
}

static enum ofperr
table_mod_decode(struct cur *c, struct ofp_msg *msg,
                 struct ofp_compat_info *info)
{
    static const enum ofp_compat_table_miss misses[] = {
        [OFPTC11_TABLE_MISS_CONTROLLER] = OFP_COMPAT_MISS_CONTROLLER,
        [OFPTC11_TABLE_MISS_CONTINUE] = OFP_COMPAT_MISS_CONTINUE,
        [OFPTC11_TABLE_MISS_DROP] = OFP_COMPAT_MISS_DROP,
    };
    struct ofp_table_mod *tm = &msg->u.table_mod;

    if (!cur_get_u8(c, &tm->table_id) || !cur_skip(c, 3) ||
        !cur_get_be32(c, &tm->config)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    if (tm->config >= ARRAY_SIZE(misses)) {
        return OFPERR_OFPTMFC_BAD_CONFIG;
    }
    info->table_miss = misses[tm->config];
    return 0;
}

/* Stats requests. */

static enum ofperr
stats_request_decode(struct cur *c, struct ofp_msg *msg,
                     struct ofp_compat_info *info)
{
    uint16_t type, flags;

    if (!cur_get_be16(c, &type) || !cur_get_be16(c, &flags) ||
        !cur_skip(c, 4)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    if (type > OFPMP_GROUP_DESC && type != OFPMP_EXPERIMENTER) {
        return OFPERR_OFPBRC_BAD_MULTIPART;
    }
    ofp_msg_init_mp_request(msg, msg->xid, type);
    msg->version = OFP11_VERSION;

    struct ofp_multipart_request *r = &msg->u.mp_request;
    struct ofp_flow_stats_request *f = &r->u.flow;
    r->flags = flags;
    switch (type) {
    case OFPMP_FLOW:
    case OFPMP_AGGREGATE: {
        bool normalised = false;
        if (!cur_get_u8(c, &f->table_id) || !cur_skip(c, 3) ||
            !cur_get_be32(c, &f->out_port) ||
            !cur_get_be32(c, &f->out_group) || !cur_skip(c, 4) ||
            !cur_get_be64(c, &f->cookie) ||
            !cur_get_be64(c, &f->cookie_mask)) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        ofp_match_uninit(&f->match);
        enum ofperr error = ofp11_match_decode(c, &f->match, &normalised);
        info->match_normalised = normalised;
        return error;
    }
    case OFPMP_PORT_STATS:
        if (!cur_get_be32(c, &r->u.port_no) || !cur_skip(c, 4)) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        return 0;
    case OFPMP_QUEUE:
        if (!cur_get_be32(c, &r->u.queue.port_no) ||
            !cur_get_be32(c, &r->u.queue.queue_id)) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        return 0;
    case OFPMP_GROUP:
        if (!cur_get_be32(c, &r->u.group_id) || !cur_skip(c, 4)) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        return 0;
    case OFPMP_EXPERIMENTER:
        /* ofp11_vendor_stats_msg: the vendor id, then its data. */
        if (!cur_get_be32(c, &r->u.experimenter.experimenter)) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        bytes_rest(&r->u.experimenter.data, c);
        return 0;
    default:
        /* DESC, TABLE, GROUP_DESC: empty. */
        return 0;
    }
}

/* Stats replies. */

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

/* ofp_flow_stats (1.1): length, table_id, pad, duration_sec,
 * duration_nsec, priority, idle_timeout, hard_timeout, pad6, cookie,
 * packet_count, byte_count (48 bytes), match, instructions. */
static enum ofperr
flow_stats_decode(struct cur *c, void *elem)
{
    struct ofp_flow_stats *fs = elem;
    uint16_t len;
    struct cur e;

    if (!cur_peek_be16(c, 0, &len) || len < 48 + OFPMT11_STANDARD_LENGTH ||
        !cur_split(c, len, &e) || !cur_skip(&e, 2) ||
        !cur_get_u8(&e, &fs->table_id) || !cur_skip(&e, 1) ||
        !cur_get_be32(&e, &fs->duration_sec) ||
        !cur_get_be32(&e, &fs->duration_nsec) ||
        !cur_get_be16(&e, &fs->priority) ||
        !cur_get_be16(&e, &fs->idle_timeout) ||
        !cur_get_be16(&e, &fs->hard_timeout) || !cur_skip(&e, 6) ||
        !cur_get_be64(&e, &fs->cookie) ||
        !cur_get_be64(&e, &fs->packet_count) ||
        !cur_get_be64(&e, &fs->byte_count)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    ofp_match_uninit(&fs->match);
    enum ofperr error = ofp11_match_decode(&e, &fs->match, NULL);
    if (error) {
        return error;
    }
    return ofp11_instructions_decode(&e, &fs->match, &fs->instructions);
}

static enum ofperr
table_stats_decode(struct cur *c, void *elem)
{
    struct ofp_table_stats *ts = elem;
    if (!cur_get_u8(c, &ts->table_id) || !cur_skip(c, 7 + 32 + 7 * 4) ||
        !cur_get_be32(c, &ts->active_count) ||
        !cur_get_be64(c, &ts->lookup_count) ||
        !cur_get_be64(c, &ts->matched_count)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    return 0;
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
    if (!cur_get_be32(c, &ps->port_no) || !cur_skip(c, 4)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    for (size_t i = 0; i < ARRAY_SIZE(counters); i++) {
        if (!cur_get_be64(c, counters[i])) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
    }
    return 0;
}

static enum ofperr
queue_stats_decode(struct cur *c, void *elem)
{
    struct ofp_queue_stats *qs = elem;
    if (!cur_get_be32(c, &qs->port_no) || !cur_get_be32(c, &qs->queue_id) ||
        !cur_get_be64(c, &qs->tx_bytes) || !cur_get_be64(c, &qs->tx_packets) ||
        !cur_get_be64(c, &qs->tx_errors)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    return 0;
}

/* ofp_group_stats (1.1): length, pad2, group_id, ref_count, pad4,
 * packet_count, byte_count (32 bytes), bucket counters (16 each). */
static enum ofperr
group_stats_decode(struct cur *c, void *elem)
{
    struct ofp_group_stats *gs = elem;
    uint16_t len;
    struct cur e;

    if (!cur_peek_be16(c, 0, &len) || len < 32 || (len - 32) % 16 ||
        !cur_split(c, len, &e) || !cur_skip(&e, 4) ||
        !cur_get_be32(&e, &gs->group_id) ||
        !cur_get_be32(&e, &gs->ref_count) || !cur_skip(&e, 4) ||
        !cur_get_be64(&e, &gs->packet_count) ||
        !cur_get_be64(&e, &gs->byte_count)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    gs->n_buckets = e.left / 16;
    gs->buckets =
        gs->n_buckets ? xcalloc(gs->n_buckets, sizeof *gs->buckets) : NULL;
    for (size_t i = 0; i < gs->n_buckets; i++) {
        cur_get_be64(&e, &gs->buckets[i].packet_count);
        cur_get_be64(&e, &gs->buckets[i].byte_count);
    }
    return 0;
}

static enum ofperr
group_desc_decode(struct cur *c, void *elem)
{
    struct ofp_group_desc *gd = elem;
    uint16_t len;
    struct cur e;

    if (!cur_peek_be16(c, 0, &len) || len < 8 || !cur_split(c, len, &e) ||
        !cur_skip(&e, 2) || !cur_get_u8(&e, &gd->type) || !cur_skip(&e, 1) ||
        !cur_get_be32(&e, &gd->group_id)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    return buckets11_decode(&e, &gd->buckets);
}

static void
flow_stats_init(void *elem)
{
    struct ofp_flow_stats *fs = elem;
    ofp_match_init(&fs->match);
    ofp_instructions_init(&fs->instructions);
}

static void
group_desc_init(void *elem)
{
    struct ofp_group_desc *gd = elem;
    ofp_buckets_init(&gd->buckets);
}

static enum ofperr
stats_reply_decode(struct cur *c, struct ofp_msg *msg,
                   struct ofp_compat_info *info)
{
    uint16_t type, flags;
    (void)info;

    if (!cur_get_be16(c, &type) || !cur_get_be16(c, &flags) ||
        !cur_skip(c, 4)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    if (type > OFPMP_GROUP_DESC && type != OFPMP_EXPERIMENTER) {
        return OFPERR_OFPBRC_BAD_MULTIPART;
    }
    ofp_msg_init_mp_reply(msg, msg->xid, type);
    msg->version = OFP11_VERSION;

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
    case OFPMP_GROUP: {
        void *arr = r->u.group;
        enum ofperr error = ofp1x_array_decode(
            c, &arr, &r->n, sizeof *r->u.group, NULL, group_stats_decode);
        r->u.group = arr;
        return error;
    }
    case OFPMP_GROUP_DESC: {
        void *arr = r->u.group_desc;
        enum ofperr error =
            ofp1x_array_decode(c, &arr, &r->n, sizeof *r->u.group_desc,
                               group_desc_init, group_desc_decode);
        r->u.group_desc = arr;
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
    (void)info;
    if (!cur_get_be32(c, &msg->u.queue_get_config_port) || !cur_skip(c, 4)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    return 0;
}

static enum ofperr
queue_get_config_reply_decode(struct cur *c, struct ofp_msg *msg,
                              struct ofp_compat_info *info)
{
    struct ofp_queue_get_config_reply *r = &msg->u.queue_config;
    (void)info;
    if (!cur_get_be32(c, &r->port) || !cur_skip(c, 4)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    return ofp1x_queues_decode(c, OFP11_VERSION, r);
}

struct msg11_class {
    uint16_t min_len;
    bool fixed;
    enum ofperr (*decode)(struct cur *, struct ofp_msg *,
                          struct ofp_compat_info *);
};

static const struct msg11_class msg11_classes[OFPT11_N_TYPES] = {
    [OFPT_HELLO] = { 8, false, hello_decode },
    [OFPT_ERROR] = { 12, false, error_decode },
    [OFPT_ECHO_REQUEST] = { 8, false, echo_decode },
    [OFPT_ECHO_REPLY] = { 8, false, echo_decode },
    [OFPT_EXPERIMENTER] = { 16, false, experimenter_decode },
    [OFPT_FEATURES_REQUEST] = { 8, true, NULL },
    [OFPT_FEATURES_REPLY] = { 32, false, features_reply_decode },
    [OFPT_GET_CONFIG_REQUEST] = { 8, true, NULL },
    [OFPT_GET_CONFIG_REPLY] = { 12, true, config_decode },
    [OFPT_SET_CONFIG] = { 12, true, config_decode },
    [OFPT_PACKET_IN] = { 24, false, packet_in_decode },
    [OFPT_FLOW_REMOVED] = { 136, true, flow_removed_decode },
    [OFPT_PORT_STATUS] = { 80, true, port_status_decode },
    [OFPT_PACKET_OUT] = { 24, false, packet_out_decode },
    [OFPT_FLOW_MOD] = { 136, false, flow_mod_decode },
    [OFPT_GROUP_MOD] = { 16, false, group_mod_decode },
    [OFPT_PORT_MOD] = { 40, true, port_mod_decode },
    [OFPT_TABLE_MOD] = { 16, true, table_mod_decode },
    [OFPT_MULTIPART_REQUEST] = { 16, false, stats_request_decode },
    [OFPT_MULTIPART_REPLY] = { 16, false, stats_reply_decode },
    [OFPT_BARRIER_REQUEST] = { 8, true, NULL },
    [OFPT_BARRIER_REPLY] = { 8, true, NULL },
    [OFPT_QUEUE_GET_CONFIG_REQUEST] = { 16, true,
                                        queue_get_config_request_decode },
    [OFPT_QUEUE_GET_CONFIG_REPLY] = { 16, false,
                                      queue_get_config_reply_decode },
};

enum ofperr
ofp11_msg_decode(const uint8_t *data, size_t size, struct ofp_msg *msg,
                 struct ofp_compat_info *info)
{
    uint8_t version, type;
    uint16_t length;
    uint32_t xid;

    ofp_header_peek(data, size, &version, &type, &length, &xid);
    ofp_msg_init(msg, version, type, xid);
    if (type >= OFPT11_N_TYPES) {
        return OFPERR_OFPBRC_BAD_TYPE;
    }
    const struct msg11_class *cls = &msg11_classes[type];
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

static int
features_reply_encode(const struct ofp_msg *msg,
                      const struct ofp_compat_ctx *ctx, struct buf *out)
{
    const struct ofp_features_reply *f = &msg->u.features;
    buf_put_be64(out, f->datapath_id);
    buf_put_be32(out, f->n_buffers);
    buf_put_u8(out, f->n_tables);
    buf_put_zeros(out, 3);
    buf_put_be32(out, (f->capabilities & OFPC11_COMMON) | OFPC11_ARP_MATCH_IP);
    buf_put_be32(out, 0);
    /* A list that would overflow the message is left out ([OVS]). */
    if (ctx->n_ports <= (OFP_MAX_MSG_LEN - 32) / 64) {
        for (size_t i = 0; i < ctx->n_ports; i++) {
            ofp11_port_encode(&ctx->ports[i], out);
        }
    }
    return 0;
}

static int
packet_in_encode(const struct ofp_msg *msg, struct buf *out)
{
    const struct ofp_packet_in *pi = &msg->u.packet_in;
    uint32_t in_port = OFPP_ANY, in_phy_port;

    if (ofp_match_has(&pi->match, OXM_IN_PORT)) {
        in_port = (uint32_t)ofp_match_get_uint(&pi->match, OXM_IN_PORT);
    }
    in_phy_port =
        (ofp_match_has(&pi->match, OXM_IN_PHY_PORT)
             ? (uint32_t)ofp_match_get_uint(&pi->match, OXM_IN_PHY_PORT)
             : in_port);
    buf_put_be32(out, pi->buffer_id);
    buf_put_be32(out, in_port);
    buf_put_be32(out, in_phy_port);
    buf_put_be16(out, pi->total_len);
    buf_put_u8(out, pi->reason);
    buf_put_u8(out, pi->table_id);
    bytes_put(out, &pi->data);
    return 0;
}

static int
flow_removed_encode(const struct ofp_msg *msg, struct buf *out)
{
    const struct ofp_flow_removed *fr = &msg->u.flow_removed;
    buf_put_be64(out, fr->cookie);
    buf_put_be16(out, fr->priority);
    buf_put_u8(out, fr->reason);
    buf_put_u8(out, fr->table_id);
    buf_put_be32(out, fr->duration_sec);
    buf_put_be32(out, fr->duration_nsec);
    buf_put_be16(out, fr->idle_timeout);
    buf_put_zeros(out, 2);
    buf_put_be64(out, fr->packet_count);
    buf_put_be64(out, fr->byte_count);
    return ofp11_match_encode(&fr->match, out) ? 0 : ENOTSUP;
}

static int
packet_out_encode(const struct ofp_msg *msg, struct buf *out)
{
    const struct ofp_packet_out *po = &msg->u.packet_out;
    buf_put_be32(out, po->buffer_id);
    buf_put_be32(out, po->in_port);
    size_t len_ofs = buf_put_be16(out, 0);
    buf_put_zeros(out, 6);
    size_t start = out->size;
    if (!ofp11_actions_encode(&po->actions, NULL, out)) {
        return ENOTSUP;
    }
    buf_set_be16(out, len_ofs, (uint16_t)(out->size - start));
    bytes_put(out, &po->data);
    return 0;
}

/* 1.1 has neither the 1.2+ flags nor OFPTT_ALL in a flow_mod; a 1.1 ADD
 * resets counters anyway, and OFPTT_ALL becomes table 0 as Open vSwitch
 * writes it. */
static int
flow_mod_encode(const struct ofp_msg *msg, struct buf *out)
{
    const struct ofp_flow_mod *fm = &msg->u.flow_mod;
    uint16_t flags = fm->flags;

    if (fm->command == OFPFC_ADD) {
        flags &= ~OFPFF_RESET_COUNTS;
    }
    if (flags & ~OFPFF11_ALL || fm->command > OFPFC_DELETE_STRICT) {
        return ENOTSUP;
    }
    bool del =
        (fm->command == OFPFC_DELETE || fm->command == OFPFC_DELETE_STRICT);

    /* As the decoder reads them: no cookie mask for ADD, no group for
     * anything but DELETE. */
    buf_put_be64(out, fm->cookie);
    buf_put_be64(out, fm->command == OFPFC_ADD ? 0 : fm->cookie_mask);
    buf_put_u8(out, fm->table_id == OFPTT_ALL ? 0 : fm->table_id);
    buf_put_u8(out, fm->command);
    buf_put_be16(out, fm->idle_timeout);
    buf_put_be16(out, fm->hard_timeout);
    buf_put_be16(out, fm->priority);
    buf_put_be32(out, fm->buffer_id);
    buf_put_be32(out, fm->out_port);
    buf_put_be32(out, del ? fm->out_group : OFPG_ANY);
    buf_put_be16(out, flags);
    buf_put_zeros(out, 2);
    if (!ofp11_match_encode(&fm->match, out) ||
        !ofp11_instructions_encode(&fm->instructions, &fm->match, out)) {
        return ENOTSUP;
    }
    return 0;
}

static int
stats_request_encode(const struct ofp_msg *msg, struct buf *out)
{
    const struct ofp_multipart_request *r = &msg->u.mp_request;
    const struct ofp_flow_stats_request *f = &r->u.flow;

    switch (r->type) {
    case OFPMP_DESC:
    case OFPMP_TABLE:
    case OFPMP_GROUP_DESC:
        return 0;
    case OFPMP_FLOW:
    case OFPMP_AGGREGATE:
        buf_put_u8(out, f->table_id);
        buf_put_zeros(out, 3);
        buf_put_be32(out, f->out_port);
        buf_put_be32(out, f->out_group);
        buf_put_zeros(out, 4);
        buf_put_be64(out, f->cookie);
        buf_put_be64(out, f->cookie_mask);
        return ofp11_match_encode(&f->match, out) ? 0 : ENOTSUP;
    case OFPMP_PORT_STATS:
        buf_put_be32(out, r->u.port_no);
        buf_put_zeros(out, 4);
        return 0;
    case OFPMP_QUEUE:
        buf_put_be32(out, r->u.queue.port_no);
        buf_put_be32(out, r->u.queue.queue_id);
        return 0;
    case OFPMP_GROUP:
        buf_put_be32(out, r->u.group_id);
        buf_put_zeros(out, 4);
        return 0;
    case OFPMP_EXPERIMENTER:
        buf_put_be32(out, r->u.experimenter.experimenter);
        if (r->u.experimenter.exp_type) {
            buf_put_be32(out, r->u.experimenter.exp_type);
        }
        bytes_put(out, &r->u.experimenter.data);
        return 0;
    default:
        return ENOTSUP;
    }
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
    buf_put_be32(out, fs->duration_sec);
    buf_put_be32(out, fs->duration_nsec);
    buf_put_be16(out, fs->priority);
    buf_put_be16(out, fs->idle_timeout);
    buf_put_be16(out, fs->hard_timeout);
    buf_put_zeros(out, 6);
    buf_put_be64(out, fs->cookie);
    buf_put_be64(out, fs->packet_count);
    buf_put_be64(out, fs->byte_count);
    if (!ofp11_match_encode(&fs->match, out) ||
        !ofp11_instructions_encode(&fs->instructions, &fs->match, out) ||
        out->size - start > UINT16_MAX) {
        return false;
    }
    buf_set_be16(out, start, (uint16_t)(out->size - start));
    return true;
}

/* A 1.1 table entry: what the translator can carry, with the table's
 * miss policy from 'ctx'. */
static bool
table_stats_encode(const void *arr, size_t i, const struct ofp_compat_ctx *ctx,
                   struct buf *out)
{
    const struct ofp_table_stats *ts = (const struct ofp_table_stats *)arr + i;
    char name[OFP_MAX_TABLE_NAME_LEN + 1];
    uint32_t config = OFPTC11_TABLE_MISS_CONTROLLER;

    if (ts->table_id < ctx->n_table_miss) {
        config = ctx->table_miss[ts->table_id] & OFPTC11_TABLE_MISS_MASK;
    }
    snprintf(name, sizeof name, "table%u", ts->table_id);
    buf_put_u8(out, ts->table_id);
    buf_put_zeros(out, 7);
    ofp13_str_encode(out, name, OFP_MAX_TABLE_NAME_LEN);
    /* Every field can be wildcarded (or masked) and matched. */
    buf_put_be32(out, OFPFMF11_ALL);
    buf_put_be32(out, OFPFMF11_ALL);
    buf_put_be32(out, OFPIT11_ALL);
    buf_put_be32(out, OFPAT11_ALL);
    buf_put_be32(out, OFPAT11_ALL);
    buf_put_be32(out, config);
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
    (void)ctx;
    buf_put_be32(out, ps->port_no);
    buf_put_zeros(out, 4);
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
    (void)ctx;
    buf_put_be32(out, qs->port_no);
    buf_put_be32(out, qs->queue_id);
    buf_put_be64(out, qs->tx_bytes);
    buf_put_be64(out, qs->tx_packets);
    buf_put_be64(out, qs->tx_errors);
    return true;
}

static bool
group_stats_encode(const void *arr, size_t i, const struct ofp_compat_ctx *ctx,
                   struct buf *out)
{
    const struct ofp_group_stats *gs = (const struct ofp_group_stats *)arr + i;
    size_t start = buf_put_be16(out, 0);
    (void)ctx;
    buf_put_zeros(out, 2);
    buf_put_be32(out, gs->group_id);
    buf_put_be32(out, gs->ref_count);
    buf_put_zeros(out, 4);
    buf_put_be64(out, gs->packet_count);
    buf_put_be64(out, gs->byte_count);
    for (size_t j = 0; j < gs->n_buckets; j++) {
        buf_put_be64(out, gs->buckets[j].packet_count);
        buf_put_be64(out, gs->buckets[j].byte_count);
    }
    if (out->size - start > UINT16_MAX) {
        return false;
    }
    buf_set_be16(out, start, (uint16_t)(out->size - start));
    return true;
}

static bool
group_desc_encode(const void *arr, size_t i, const struct ofp_compat_ctx *ctx,
                  struct buf *out)
{
    const struct ofp_group_desc *gd = (const struct ofp_group_desc *)arr + i;
    size_t start = buf_put_be16(out, 0);
    (void)ctx;
    buf_put_u8(out, gd->type);
    buf_put_zeros(out, 1);
    buf_put_be32(out, gd->group_id);
    if (!buckets11_encode(&gd->buckets, out) ||
        out->size - start > UINT16_MAX) {
        return false;
    }
    buf_set_be16(out, start, (uint16_t)(out->size - start));
    return true;
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
    case OFPMP_GROUP:
        encode = group_stats_encode;
        arr = r->u.group;
        break;
    case OFPMP_GROUP_DESC:
        encode = group_desc_encode;
        arr = r->u.group_desc;
        break;
    case OFPMP_DESC:
    case OFPMP_AGGREGATE:
    case OFPMP_EXPERIMENTER: {
        size_t start = ofp1x_header_put(out, OFP11_VERSION,
                                        OFPT_MULTIPART_REPLY, msg->xid);
        buf_put_be16(out, r->type);
        buf_put_be16(out, r->flags);
        buf_put_zeros(out, 4);
        if (r->type == OFPMP_DESC) {
            desc_encode(r->u.desc, out);
        } else if (r->type == OFPMP_AGGREGATE) {
            buf_put_be64(out, r->u.aggregate.packet_count);
            buf_put_be64(out, r->u.aggregate.byte_count);
            buf_put_be32(out, r->u.aggregate.flow_count);
            buf_put_zeros(out, 4);
        } else {
            buf_put_be32(out, r->u.experimenter.experimenter);
            if (r->u.experimenter.exp_type) {
                buf_put_be32(out, r->u.experimenter.exp_type);
            }
            bytes_put(out, &r->u.experimenter.data);
        }
        return ofp13_msg_finish(out, start);
    }
    default:
        return ENOTSUP;
    }
    return ofp1x_stats_array_encode(out, OFP11_VERSION, OFPT_MULTIPART_REPLY,
                                    msg->xid, r->type, r->flags,
                                    OFPMPF_REPLY_MORE, r->n, arr, encode, ctx);
}

int
ofp11_msg_encode(const struct ofp_msg *msg, const struct ofp_compat_ctx *ctx,
                 struct buf *out)
{
    if (msg->type >= OFPT11_N_TYPES) {
        return ENOTSUP;
    }
    if (msg->type == OFPT_MULTIPART_REPLY) {
        return stats_reply_encode(msg, ctx, out);
    }

    size_t start = ofp1x_header_put(out, OFP11_VERSION, msg->type, msg->xid);
    const struct ofp_error_msg *e = &msg->u.error;
    const struct ofp_group_mod *gm = &msg->u.group_mod;
    const struct ofp_port_mod *pm = &msg->u.port_mod;
    uint16_t type, code;
    int error = 0;

    switch (msg->type) {
    case OFPT_ERROR:
        type = e->type;
        code = e->code;
        if (e->error) {
            ofperr_to_wire(e->error, OFP11_VERSION, &type, &code);
        }
        buf_put_be16(out, type);
        buf_put_be16(out, code);
        bytes_put(out, &e->data);
        break;
    case OFPT_ECHO_REQUEST:
    case OFPT_ECHO_REPLY:
        bytes_put(out, &msg->u.echo);
        break;
    case OFPT_EXPERIMENTER:
        buf_put_be32(out, msg->u.experimenter.experimenter);
        buf_put_be32(out, msg->u.experimenter.exp_type);
        bytes_put(out, &msg->u.experimenter.data);
        break;
    case OFPT_FEATURES_REPLY:
        error = features_reply_encode(msg, ctx, out);
        break;
    case OFPT_GET_CONFIG_REPLY:
    case OFPT_SET_CONFIG:
        buf_put_be16(out,
                     msg->u.config.flags &
                         (OFPC_FRAG_MASK | OFPC11_INVALID_TTL_TO_CONTROLLER));
        buf_put_be16(out, msg->u.config.miss_send_len);
        break;
    case OFPT_PACKET_IN:
        error = packet_in_encode(msg, out);
        break;
    case OFPT_FLOW_REMOVED:
        error = flow_removed_encode(msg, out);
        break;
    case OFPT_PORT_STATUS:
        buf_put_u8(out, msg->u.port_status.reason);
        buf_put_zeros(out, 7);
        ofp11_port_encode(&msg->u.port_status.desc, out);
        break;
    case OFPT_PACKET_OUT:
        error = packet_out_encode(msg, out);
        break;
    case OFPT_FLOW_MOD:
        error = flow_mod_encode(msg, out);
        break;
    case OFPT_GROUP_MOD:
        buf_put_be16(out, gm->command);
        buf_put_u8(out, gm->type);
        buf_put_zeros(out, 1);
        buf_put_be32(out, gm->group_id);
        error = buckets11_encode(&gm->buckets, out) ? 0 : ENOTSUP;
        break;
    case OFPT_PORT_MOD:
        buf_put_be32(out, pm->port_no);
        buf_put_zeros(out, 4);
        buf_put(out, pm->hw_addr, OFP_ETH_ALEN);
        buf_put_zeros(out, 2);
        buf_put_be32(out, pm->config & OFPPC13_ALL);
        buf_put_be32(out, pm->mask & OFPPC13_ALL);
        buf_put_be32(out, pm->advertise);
        buf_put_zeros(out, 4);
        break;
    case OFPT_TABLE_MOD:
        /* The two bits 1.3 deprecated; both set means nothing in 1.1. */
        if ((msg->u.table_mod.config & OFPTC11_TABLE_MISS_MASK) ==
            OFPTC11_TABLE_MISS_MASK) {
            error = ENOTSUP;
            break;
        }
        buf_put_u8(out, msg->u.table_mod.table_id);
        buf_put_zeros(out, 3);
        buf_put_be32(out, msg->u.table_mod.config & OFPTC11_TABLE_MISS_MASK);
        break;
    case OFPT_MULTIPART_REQUEST:
        buf_put_be16(out, msg->u.mp_request.type);
        buf_put_be16(out, msg->u.mp_request.flags);
        buf_put_zeros(out, 4);
        error = stats_request_encode(msg, out);
        break;
    case OFPT_QUEUE_GET_CONFIG_REQUEST:
        buf_put_be32(out, msg->u.queue_get_config_port);
        buf_put_zeros(out, 4);
        break;
    case OFPT_QUEUE_GET_CONFIG_REPLY:
        buf_put_be32(out, msg->u.queue_config.port);
        buf_put_zeros(out, 4);
        ofp1x_queues_encode(&msg->u.queue_config, OFP11_VERSION, out);
        break;
    default:
        /* HELLO (no elements before 1.3.1), FEATURES_REQUEST,
         * GET_CONFIG_REQUEST, BARRIER: the header alone. */
        break;
    }
    if (error) {
        buf_truncate(out, start);
        return error;
    }
    return ofp13_msg_finish(out, start);
}
