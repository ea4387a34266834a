/* datapath/key.c -- flow key extraction.  dp_key_extract() runs once per
 * received frame (and again after an action changes the header layout), so
 * it is written as one straight pass over the headers: no allocation, no
 * table lookups, every field stored with a fixed-size copy at a constant
 * offset.  Each header is parsed only when all of it is inside the frame;
 * a truncated or malformed header leaves its fields, and those of every
 * header after it, zero.
 *
 * The layout keeps the pipeline fields in the first three words (IN_PORT
 * first), then L2, L3 and L4 in that order so that a classifier that
 * stages its lookups sees the coarse fields first.  Fields that sit next to
 * each other on the wire (MAC addresses, IPv4 and IPv6 addresses, the ARP
 * addresses, port pairs) are adjacent in the key too, so each pair is one
 * copy.
 *
 * Layer offsets stored in the packet: l2_5 is the first VLAN tag or, for
 * an untagged MPLS frame, the first label; mpls is the first label; l3 is
 * the start of the payload after the last Ethernet type (after the label
 * stack for MPLS, found by its bottom-of-stack bit; the I-TAG for PBB),
 * DP_OFS_NONE when an IPv4, IPv6 or ARP header there is truncated or
 * malformed or the frame is 802.3; l4 is the transport header when it is
 * complete (TCP 20 bytes, UDP 8, SCTP 12, ICMP and ICMPv6 4), the ESP
 * header for IPv6 ESP, or, for any other protocol, the start of the IP
 * payload; it is DP_OFS_NONE for IPv4 and IPv6 fragments other than the
 * first and after an IPv6 "no next header".  The IP payload ends at the
 * IPv4 total length or IPv6 payload length (Ethernet padding is not
 * parsed), or at the end of a frame cut short. */
#include <config.h>

#include "datapath/key.h"

#include <string.h>

#include "datapath/packet.h"
#include "ofp13/ofp.h"
#include "util/cur.h"

/* Byte offsets of every field in the key. */
enum {
    K_IN_PORT = 0,       /* 4 */
    K_IN_PHY_PORT = 4,   /* 4 */
    K_METADATA = 8,      /* 8 */
    K_TUNNEL_ID = 16,    /* 8 */
    K_ETH_DST = 24,      /* 6 */
    K_ETH_SRC = 30,      /* 6 */
    K_ETH_TYPE = 36,     /* 2 */
    K_VLAN_VID = 38,     /* 2 */
    K_VLAN_PCP = 40,     /* 1 */
    K_MPLS_TC = 41,      /* 1 */
    K_MPLS_BOS = 42,     /* 1 */
    K_PBB_ISID = 43,     /* 3 */
    K_IP_DSCP = 46,      /* 1 */
    K_IP_ECN = 47,       /* 1 */
    K_MPLS_LABEL = 48,   /* 4 */
    K_IP_PROTO = 52,     /* 1, then 1 pad */
    K_IPV6_EXTHDR = 54,  /* 2 */
    K_IPV4_SRC = 56,     /* 4 */
    K_IPV4_DST = 60,     /* 4 */
    K_IPV6_SRC = 64,     /* 16 */
    K_IPV6_DST = 80,     /* 16 */
    K_IPV6_FLABEL = 96,  /* 4 */
    K_ARP_OP = 100,      /* 2 */
    K_ARP_SHA = 102,     /* 6: SHA, SPA, THA, TPA as on the wire. */
    K_ARP_SPA = 108,     /* 4 */
    K_ARP_THA = 112,     /* 6 */
    K_ARP_TPA = 118,     /* 4 */
    K_ICMPV4_TYPE = 122, /* 1 */
    K_ICMPV4_CODE = 123, /* 1 */
    K_ICMPV6_TYPE = 124, /* 1 */
    K_ICMPV6_CODE = 125, /* 1, then 2 pad */
    K_TCP_SRC = 128,     /* 2 */
    K_TCP_DST = 130,     /* 2 */
    K_UDP_SRC = 132,     /* 2 */
    K_UDP_DST = 134,     /* 2 */
    K_SCTP_SRC = 136,    /* 2 */
    K_SCTP_DST = 138,    /* 2, then 4 pad */
    K_ND_TARGET = 144,   /* 16 */
    K_ND_SLL = 160,      /* 6 */
    K_ND_TLL = 166,      /* 6; 172..191 are padding. */
};

/* Offset and length of each field, indexed by OXM field id.  Only the
 * classifier's setup paths (dp_key_get/set, match conversion) read these;
 * extraction uses the constants above. */
static const struct {
    uint8_t ofs;
    uint8_t len;
} dp_key_fields[OXM_N_FIELDS] = {
    [OXM_IN_PORT] = { K_IN_PORT, 4 },
    [OXM_IN_PHY_PORT] = { K_IN_PHY_PORT, 4 },
    [OXM_METADATA] = { K_METADATA, 8 },
    [OXM_ETH_DST] = { K_ETH_DST, 6 },
    [OXM_ETH_SRC] = { K_ETH_SRC, 6 },
    [OXM_ETH_TYPE] = { K_ETH_TYPE, 2 },
    [OXM_VLAN_VID] = { K_VLAN_VID, 2 },
    [OXM_VLAN_PCP] = { K_VLAN_PCP, 1 },
    [OXM_IP_DSCP] = { K_IP_DSCP, 1 },
    [OXM_IP_ECN] = { K_IP_ECN, 1 },
    [OXM_IP_PROTO] = { K_IP_PROTO, 1 },
    [OXM_IPV4_SRC] = { K_IPV4_SRC, 4 },
    [OXM_IPV4_DST] = { K_IPV4_DST, 4 },
    [OXM_TCP_SRC] = { K_TCP_SRC, 2 },
    [OXM_TCP_DST] = { K_TCP_DST, 2 },
    [OXM_UDP_SRC] = { K_UDP_SRC, 2 },
    [OXM_UDP_DST] = { K_UDP_DST, 2 },
    [OXM_SCTP_SRC] = { K_SCTP_SRC, 2 },
    [OXM_SCTP_DST] = { K_SCTP_DST, 2 },
    [OXM_ICMPV4_TYPE] = { K_ICMPV4_TYPE, 1 },
    [OXM_ICMPV4_CODE] = { K_ICMPV4_CODE, 1 },
    [OXM_ARP_OP] = { K_ARP_OP, 2 },
    [OXM_ARP_SPA] = { K_ARP_SPA, 4 },
    [OXM_ARP_TPA] = { K_ARP_TPA, 4 },
    [OXM_ARP_SHA] = { K_ARP_SHA, 6 },
    [OXM_ARP_THA] = { K_ARP_THA, 6 },
    [OXM_IPV6_SRC] = { K_IPV6_SRC, 16 },
    [OXM_IPV6_DST] = { K_IPV6_DST, 16 },
    [OXM_IPV6_FLABEL] = { K_IPV6_FLABEL, 4 },
    [OXM_ICMPV6_TYPE] = { K_ICMPV6_TYPE, 1 },
    [OXM_ICMPV6_CODE] = { K_ICMPV6_CODE, 1 },
    [OXM_IPV6_ND_TARGET] = { K_ND_TARGET, 16 },
    [OXM_IPV6_ND_SLL] = { K_ND_SLL, 6 },
    [OXM_IPV6_ND_TLL] = { K_ND_TLL, 6 },
    [OXM_MPLS_LABEL] = { K_MPLS_LABEL, 4 },
    [OXM_MPLS_TC] = { K_MPLS_TC, 1 },
    [OXM_MPLS_BOS] = { K_MPLS_BOS, 1 },
    [OXM_PBB_ISID] = { K_PBB_ISID, 3 },
    [OXM_TUNNEL_ID] = { K_TUNNEL_ID, 8 },
    [OXM_IPV6_EXTHDR] = { K_IPV6_EXTHDR, 2 },
};

_Static_assert(K_ND_TLL + 6 <= DP_KEY_SIZE, "key layout overflows");
_Static_assert(K_IN_PORT == 0, "IN_PORT must come first");

size_t
dp_key_field_ofs(enum oxm_field f)
{
    return (unsigned int)f < OXM_N_FIELDS ? dp_key_fields[f].ofs : 0;
}

size_t
dp_key_field_len(enum oxm_field f)
{
    return (unsigned int)f < OXM_N_FIELDS ? dp_key_fields[f].len : 0;
}

/* Ethernet types and IP protocol numbers the parser knows. */
#define ETH_TYPE_IP 0x0800
#define ETH_TYPE_ARP 0x0806
#define ETH_TYPE_VLAN 0x8100
#define ETH_TYPE_VLAN_8021AD 0x88a8
#define ETH_TYPE_IPV6 0x86dd
#define ETH_TYPE_MPLS 0x8847
#define ETH_TYPE_MPLS_MCAST 0x8848
#define ETH_TYPE_PBB 0x88e7
#define ETH_TYPE_MIN 0x0600          /* Smaller values are 802.3 lengths. */
#define ETH_TYPE_NOT_ETH_TYPE 0x05ff /* What 802.3 frames read as (OVS). */

#define IPPROTO_HOPOPTS_ 0
#define IPPROTO_ICMP_ 1
#define IPPROTO_TCP_ 6
#define IPPROTO_UDP_ 17
#define IPPROTO_ROUTING_ 43
#define IPPROTO_FRAGMENT_ 44
#define IPPROTO_ESP_ 50
#define IPPROTO_AH_ 51
#define IPPROTO_ICMPV6_ 58
#define IPPROTO_NONE_ 59
#define IPPROTO_DSTOPTS_ 60
#define IPPROTO_SCTP_ 132

static inline bool
eth_type_is_vlan(uint16_t type)
{
    return type == ETH_TYPE_VLAN || type == ETH_TYPE_VLAN_8021AD;
}

static inline uint16_t
ofs16(size_t ofs)
{
    return ofs < DP_OFS_NONE ? (uint16_t)ofs : DP_OFS_NONE;
}

/* Neighbour discovery (RFC 4861 §4.3, §4.4): the target address and the
 * first source (NS) or target (NA) link-layer address option.  'nd' is the
 * ICMPv6 header with 'size' bytes up to the end of the IPv6 payload.  A
 * zero-length or overlong option ends the scan; what was found before it
 * stays. */
static void
parse_nd(uint8_t *k, const uint8_t *nd, size_t size, uint8_t type)
{
    if (size < 24) {
        return;
    }
    memcpy(k + K_ND_TARGET, nd + 8, 16);

    uint8_t want = type == 135 ? 1 : 2;
    size_t want_ofs = type == 135 ? K_ND_SLL : K_ND_TLL;
    size_t o = 24;
    while (size - o >= 8) {
        size_t len = (size_t)nd[o + 1] * 8;
        if (!len || len > size - o) {
            return;
        }
        if (nd[o] == want) {
            memcpy(k + want_ofs, nd + o + 2, 6);
            return;
        }
        o += len;
    }
}

/* Parses the header at 'ofs' (protocol 'proto') with the IP payload ending
 * at 'end'.  'v6' selects ICMPv6 over ICMPv4. */
static void
parse_l4(uint8_t *k, struct dp_packet *pkt, const uint8_t *f, size_t ofs,
         size_t end, uint8_t proto, bool v6)
{
    const uint8_t *l4 = f + ofs;
    size_t size = end - ofs;

    switch (proto) {
    case IPPROTO_TCP_:
        if (size >= 20) {
            memcpy(k + K_TCP_SRC, l4, 4);
            pkt->l4_ofs = ofs16(ofs);
        }
        return;
    case IPPROTO_UDP_:
        if (size >= 8) {
            memcpy(k + K_UDP_SRC, l4, 4);
            pkt->l4_ofs = ofs16(ofs);
        }
        return;
    case IPPROTO_SCTP_:
        if (size >= 12) {
            memcpy(k + K_SCTP_SRC, l4, 4);
            pkt->l4_ofs = ofs16(ofs);
        }
        return;
    case IPPROTO_ICMP_:
        if (v6) {
            break;
        }
        if (size >= 4) {
            memcpy(k + K_ICMPV4_TYPE, l4, 2);
            pkt->l4_ofs = ofs16(ofs);
        }
        return;
    case IPPROTO_ICMPV6_:
        if (!v6) {
            break;
        }
        if (size >= 4) {
            memcpy(k + K_ICMPV6_TYPE, l4, 2);
            pkt->l4_ofs = ofs16(ofs);
            if (l4[0] == 135 || l4[0] == 136) {
                parse_nd(k, l4, size, l4[0]);
            }
        }
        return;
    default:
        break;
    }
    pkt->l4_ofs = ofs16(ofs);
}

static void
parse_ipv4(uint8_t *k, struct dp_packet *pkt, const uint8_t *f, size_t ofs,
           size_t size)
{
    const uint8_t *ip = f + ofs;
    size_t avail = size - ofs;

    if (avail < 20) {
        return;
    }
    size_t ihl = (size_t)(ip[0] & 0x0f) * 4;
    if (ip[0] >> 4 != 4 || ihl < 20 || ihl > avail) {
        return;
    }
    pkt->l3_ofs = ofs16(ofs);
    k[K_IP_DSCP] = ip[1] >> 2;
    k[K_IP_ECN] = ip[1] & 3;
    k[K_IP_PROTO] = ip[9];
    memcpy(k + K_IPV4_SRC, ip + 12, 8);

    if (get_be16(ip + 6) & 0x1fff) {
        return; /* A later fragment: no transport header. */
    }
    /* The payload ends at the total length, so that Ethernet padding is
     * not parsed as options; a frame cut short ends it earlier. */
    size_t tot = get_be16(ip + 2);
    size_t end = tot < ihl ? ihl : tot < avail ? tot : avail;
    parse_l4(k, pkt, f, ofs + ihl, ofs + end, ip[9], false);
}

/* Preferred order of IPv6 extension headers (RFC 2460 §4.1), used for
 * OFPIEH_UNSEQ.  A destination options header ranks before the routing
 * header while nothing later has been seen, and last otherwise. */
enum {
    RANK_HOP = 1,
    RANK_DEST_FIRST = 2,
    RANK_ROUTER = 3,
    RANK_FRAG = 4,
    RANK_AUTH = 5,
    RANK_ESP = 6,
    RANK_DEST_LAST = 7,
};

/* Tracks the extension headers walked so far (OF1.3.5 §7.2.3.8). */
struct exthdr_state {
    uint16_t bits;
    uint8_t last_rank;
    bool dest_first;
    bool dest_last;
};

static void
exthdr_note(struct exthdr_state *s, uint8_t nh)
{
    uint16_t bit;
    uint8_t rank;

    switch (nh) {
    case IPPROTO_HOPOPTS_:
        bit = OFPIEH_HOP;
        rank = RANK_HOP;
        break;
    case IPPROTO_ROUTING_:
        bit = OFPIEH_ROUTER;
        rank = RANK_ROUTER;
        break;
    case IPPROTO_FRAGMENT_:
        bit = OFPIEH_FRAG;
        rank = RANK_FRAG;
        break;
    case IPPROTO_AH_:
        bit = OFPIEH_AUTH;
        rank = RANK_AUTH;
        break;
    case IPPROTO_ESP_:
        bit = OFPIEH_ESP;
        rank = RANK_ESP;
        break;
    default: /* IPPROTO_DSTOPTS_: up to two are expected. */
        s->bits |= OFPIEH_DEST;
        if (!s->dest_first && !s->dest_last &&
            s->last_rank <= RANK_DEST_FIRST) {
            s->dest_first = true;
            rank = RANK_DEST_FIRST;
        } else if (!s->dest_last) {
            s->dest_last = true;
            rank = RANK_DEST_LAST;
        } else {
            s->bits |= OFPIEH_UNREP;
            rank = RANK_DEST_LAST;
        }
        goto order;
    }
    if (s->bits & bit) {
        s->bits |= OFPIEH_UNREP;
    }
    s->bits |= bit;
order:
    if (rank < s->last_rank) {
        s->bits |= OFPIEH_UNSEQ;
    } else {
        s->last_rank = rank;
    }
}

static void
parse_ipv6(uint8_t *k, struct dp_packet *pkt, const uint8_t *f, size_t ofs,
           size_t size)
{
    const uint8_t *ip = f + ofs;
    size_t avail = size - ofs;

    if (avail < 40 || ip[0] >> 4 != 6) {
        return;
    }
    pkt->l3_ofs = ofs16(ofs);
    uint8_t tc = (uint8_t)(ip[0] << 4 | ip[1] >> 4);
    k[K_IP_DSCP] = tc >> 2;
    k[K_IP_ECN] = tc & 3;
    put_be32(k + K_IPV6_FLABEL, get_be32(ip) & 0xfffff);
    memcpy(k + K_IPV6_SRC, ip + 8, 32);

    /* The payload ends at the payload length unless the frame is cut short
     * or the length is zero (a jumbogram, RFC 2675). */
    size_t plen = get_be16(ip + 4);
    size_t end = plen && plen <= avail - 40 ? ofs + 40 + plen : size;
    size_t p = ofs + 40;
    uint8_t nh = ip[6];
    struct exthdr_state s = { 0, 0, false, false };

    for (;;) {
        size_t hlen;
        switch (nh) {
        case IPPROTO_HOPOPTS_:
        case IPPROTO_ROUTING_:
        case IPPROTO_DSTOPTS_:
            if (end - p < 2) {
                goto truncated;
            }
            hlen = ((size_t)f[p + 1] + 1) * 8;
            break;
        case IPPROTO_AH_:
            if (end - p < 2) {
                goto truncated;
            }
            hlen = ((size_t)f[p + 1] + 2) * 4;
            break;
        case IPPROTO_FRAGMENT_:
            hlen = 8;
            break;
        case IPPROTO_ESP_:
            /* Everything after the SPI and sequence number is encrypted:
             * ESP is the last header we can see. */
            if (end - p < 8) {
                goto truncated;
            }
            exthdr_note(&s, nh);
            put_be16(k + K_IPV6_EXTHDR, s.bits);
            k[K_IP_PROTO] = nh;
            pkt->l4_ofs = ofs16(p);
            return;
        case IPPROTO_NONE_:
            put_be16(k + K_IPV6_EXTHDR, s.bits | OFPIEH_NONEXT);
            k[K_IP_PROTO] = nh;
            return;
        default:
            put_be16(k + K_IPV6_EXTHDR, s.bits);
            k[K_IP_PROTO] = nh;
            parse_l4(k, pkt, f, p, end, nh, true);
            return;
        }
        if (hlen > end - p) {
            goto truncated;
        }
        exthdr_note(&s, nh);
        if (nh == IPPROTO_FRAGMENT_ && get_be16(f + p + 2) & 0xfff8) {
            /* A later fragment: what follows is payload, not headers. */
            put_be16(k + K_IPV6_EXTHDR, s.bits);
            k[K_IP_PROTO] = f[p];
            return;
        }
        nh = f[p];
        p += hlen;
    }

truncated:
    /* The chain is cut short: the protocol is unknown, but the headers seen
     * completely are reported. */
    put_be16(k + K_IPV6_EXTHDR, s.bits);
}

static void
parse_arp(uint8_t *k, struct dp_packet *pkt, const uint8_t *f, size_t ofs,
          size_t size)
{
    const uint8_t *arp = f + ofs;
    size_t avail = size - ofs;

    if (avail < 8) {
        return;
    }
    pkt->l3_ofs = ofs16(ofs);
    memcpy(k + K_ARP_OP, arp + 6, 2);
    /* Addresses only for Ethernet/IPv4 ARP, the only kind OXM describes. */
    if (avail >= 28 && get_be16(arp) == 1 &&
        get_be16(arp + 2) == ETH_TYPE_IP && arp[4] == 6 && arp[5] == 4) {
        memcpy(k + K_ARP_SHA, arp + 8, 20);
    }
}

void
dp_key_extract(struct dp_packet *pkt, uint64_t tunnel_id, struct dp_key *key)
{
    uint8_t *k = (uint8_t *)key->w;
    const uint8_t *f = dp_packet_data(pkt);
    size_t size = pkt->size;

    /* Four stores a round: GCC turns this into a short vector loop, where
     * memset() of 192 bytes becomes a "rep stos" with a slow start. */
    for (size_t i = 0; i < DP_KEY_SIZE / 8; i += 4) {
        key->w[i] = 0;
        key->w[i + 1] = 0;
        key->w[i + 2] = 0;
        key->w[i + 3] = 0;
    }
    put_be32(k + K_IN_PORT, pkt->in_port);
    put_be32(k + K_IN_PHY_PORT, pkt->in_port);
    put_be64(k + K_TUNNEL_ID, tunnel_id);
    pkt->l2_5_ofs = DP_OFS_NONE;
    pkt->l3_ofs = DP_OFS_NONE;
    pkt->l4_ofs = DP_OFS_NONE;
    pkt->mpls_ofs = DP_OFS_NONE;

    /* Headers that matter all sit in the first 64 kB; capping here keeps
     * every offset representable in 16 bits. */
    if (size > DP_PACKET_MAX_FRAME) {
        size = DP_PACKET_MAX_FRAME;
    }
    if (size < 14) {
        return;
    }
    memcpy(k + K_ETH_DST, f, 12);

    /* 802.1Q / 802.1ad tags: a tag is taken when its TCI and the type
     * after it are both present. */
    size_t ofs = 12;
    uint16_t type = get_be16(f + 12);
    if (eth_type_is_vlan(type)) {
        if (size - ofs < 6) {
            return;
        }
        uint16_t tci = get_be16(f + 14);
        pkt->l2_5_ofs = 12;
        put_be16(k + K_VLAN_VID, OFPVID_PRESENT | (tci & 0x0fff));
        k[K_VLAN_PCP] = tci >> 13;
        ofs = 16;
        type = get_be16(f + 16);
        while (eth_type_is_vlan(type)) {
            if (size - ofs < 6) {
                return;
            }
            ofs += 4;
            type = get_be16(f + ofs);
        }
    }
    ofs += 2;

    if (type < ETH_TYPE_MIN) {
        put_be16(k + K_ETH_TYPE, ETH_TYPE_NOT_ETH_TYPE);
        return;
    }
    put_be16(k + K_ETH_TYPE, type);

    switch (type) {
    case ETH_TYPE_IP:
        parse_ipv4(k, pkt, f, ofs, size);
        return;
    case ETH_TYPE_IPV6:
        parse_ipv6(k, pkt, f, ofs, size);
        return;
    case ETH_TYPE_ARP:
        parse_arp(k, pkt, f, ofs, size);
        return;
    case ETH_TYPE_MPLS:
    case ETH_TYPE_MPLS_MCAST: {
        if (size - ofs < 4) {
            return;
        }
        uint32_t lse = get_be32(f + ofs);
        pkt->mpls_ofs = ofs16(ofs);
        if (pkt->l2_5_ofs == DP_OFS_NONE) {
            pkt->l2_5_ofs = ofs16(ofs);
        }
        put_be32(k + K_MPLS_LABEL, lse >> 12);
        k[K_MPLS_TC] = (lse >> 9) & 7;
        k[K_MPLS_BOS] = (lse >> 8) & 1;
        for (size_t o = ofs; size - o >= 4; o += 4) {
            if (f[o + 2] & 1) {
                pkt->l3_ofs = ofs16(o + 4);
                break;
            }
        }
        return;
    }
    case ETH_TYPE_PBB:
        if (size - ofs >= 4) {
            pkt->l3_ofs = ofs16(ofs);
            memcpy(k + K_PBB_ISID, f + ofs + 1, 3);
        }
        return;
    default:
        pkt->l3_ofs = ofs16(ofs);
        return;
    }
}

void
dp_key_get(const struct dp_key *key, enum oxm_field f, struct oxm_value *v)
{
    const uint8_t *k = (const uint8_t *)key->w;
    memset(v, 0, sizeof *v);
    memcpy(v->b, k + dp_key_field_ofs(f), dp_key_field_len(f));
}

void
dp_key_set(struct dp_key *key, enum oxm_field f, const struct oxm_value *v)
{
    uint8_t *k = (uint8_t *)key->w;
    memcpy(k + dp_key_field_ofs(f), v->b, dp_key_field_len(f));
}

void
dp_key_from_match(const struct ofp_match *m, struct dp_key *value,
                  struct dp_key *mask)
{
    uint8_t *v = (uint8_t *)value->w;
    uint8_t *mk = (uint8_t *)mask->w;

    memset(value, 0, sizeof *value);
    memset(mask, 0, sizeof *mask);
    for (unsigned int f = 0; f < OXM_N_FIELDS; f++) {
        if (!ofp_match_has(m, f)) {
            continue;
        }
        size_t ofs = dp_key_fields[f].ofs;
        for (size_t i = 0; i < dp_key_fields[f].len; i++) {
            mk[ofs + i] = m->mask[f].b[i];
            v[ofs + i] = m->value[f].b[i] & m->mask[f].b[i];
        }
    }
}

/* Adds field 'f' of 'key' to 'm' as an exact match. */
static void
match_put(struct ofp_match *m, const uint8_t *k, enum oxm_field f)
{
    ofp_match_set(m, f, k + dp_key_fields[f].ofs, NULL);
}

static bool
key_is_zero(const uint8_t *k, size_t ofs, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (k[ofs + i]) {
            return false;
        }
    }
    return true;
}

/* The pipeline fields of OF1.3.5 §7.4.1.  'm' is (re)initialised first. */
void
dp_key_to_packet_in_match(const struct dp_key *key, struct ofp_match *m)
{
    const uint8_t *k = (const uint8_t *)key->w;

    ofp_match_init(m);
    match_put(m, k, OXM_IN_PORT);
    if (memcmp(k + K_IN_PORT, k + K_IN_PHY_PORT, 4)) {
        match_put(m, k, OXM_IN_PHY_PORT);
    }
    if (!key_is_zero(k, K_METADATA, 8)) {
        match_put(m, k, OXM_METADATA);
    }
    if (!key_is_zero(k, K_TUNNEL_ID, 8)) {
        match_put(m, k, OXM_TUNNEL_ID);
    }
}

/* Which fields are "present" follows the OXM prerequisites: a field is
 * included when the fields it depends on say its header is there.  A key
 * holds no record of truncation, so a truncated header shows as zeros,
 * which is exactly what a flow would see when matching the key.  'm' is
 * (re)initialised first. */
void
dp_key_to_match(const struct dp_key *key, struct ofp_match *m)
{
    const uint8_t *k = (const uint8_t *)key->w;

    dp_key_to_packet_in_match(key, m);
    if (key_is_zero(k, K_ETH_DST, K_VLAN_VID + 2 - K_ETH_DST)) {
        return; /* No Ethernet header. */
    }
    match_put(m, k, OXM_ETH_DST);
    match_put(m, k, OXM_ETH_SRC);
    match_put(m, k, OXM_VLAN_VID);
    if (get_be16(k + K_VLAN_VID) & OFPVID_PRESENT) {
        match_put(m, k, OXM_VLAN_PCP);
    }
    uint16_t type = get_be16(k + K_ETH_TYPE);
    if (!type) {
        return; /* A tag was cut short: the type is unknown. */
    }
    match_put(m, k, OXM_ETH_TYPE);

    uint8_t proto = k[K_IP_PROTO];
    switch (type) {
    case ETH_TYPE_IP:
        match_put(m, k, OXM_IPV4_SRC);
        match_put(m, k, OXM_IPV4_DST);
        break;
    case ETH_TYPE_IPV6:
        match_put(m, k, OXM_IPV6_SRC);
        match_put(m, k, OXM_IPV6_DST);
        match_put(m, k, OXM_IPV6_FLABEL);
        match_put(m, k, OXM_IPV6_EXTHDR);
        break;
    case ETH_TYPE_ARP:
        match_put(m, k, OXM_ARP_OP);
        match_put(m, k, OXM_ARP_SPA);
        match_put(m, k, OXM_ARP_TPA);
        match_put(m, k, OXM_ARP_SHA);
        match_put(m, k, OXM_ARP_THA);
        return;
    case ETH_TYPE_MPLS:
    case ETH_TYPE_MPLS_MCAST:
        match_put(m, k, OXM_MPLS_LABEL);
        match_put(m, k, OXM_MPLS_TC);
        match_put(m, k, OXM_MPLS_BOS);
        return;
    case ETH_TYPE_PBB:
        match_put(m, k, OXM_PBB_ISID);
        return;
    default:
        return;
    }

    match_put(m, k, OXM_IP_DSCP);
    match_put(m, k, OXM_IP_ECN);
    match_put(m, k, OXM_IP_PROTO);
    switch (proto) {
    case IPPROTO_TCP_:
        match_put(m, k, OXM_TCP_SRC);
        match_put(m, k, OXM_TCP_DST);
        break;
    case IPPROTO_UDP_:
        match_put(m, k, OXM_UDP_SRC);
        match_put(m, k, OXM_UDP_DST);
        break;
    case IPPROTO_SCTP_:
        match_put(m, k, OXM_SCTP_SRC);
        match_put(m, k, OXM_SCTP_DST);
        break;
    case IPPROTO_ICMP_:
        if (type == ETH_TYPE_IP) {
            match_put(m, k, OXM_ICMPV4_TYPE);
            match_put(m, k, OXM_ICMPV4_CODE);
        }
        break;
    case IPPROTO_ICMPV6_:
        if (type == ETH_TYPE_IPV6) {
            match_put(m, k, OXM_ICMPV6_TYPE);
            match_put(m, k, OXM_ICMPV6_CODE);
            if (k[K_ICMPV6_TYPE] == 135) {
                match_put(m, k, OXM_IPV6_ND_TARGET);
                match_put(m, k, OXM_IPV6_ND_SLL);
            } else if (k[K_ICMPV6_TYPE] == 136) {
                match_put(m, k, OXM_IPV6_ND_TARGET);
                match_put(m, k, OXM_IPV6_ND_TLL);
            }
        }
        break;
    default:
        break;
    }
}

/* One 64-bit word into a hash lane (the MurmurHash3 x64 block step).  The
 * 24 words of a key go round four independent lanes, so that the
 * multiplications of neighbouring words overlap instead of forming one
 * long dependency chain. */
static inline uint64_t
key_hash_step(uint64_t h, uint64_t w)
{
    w *= UINT64_C(0x87c37b91114253d5);
    w = w << 31 | w >> 33;
    w *= UINT64_C(0x4cf5ad432745937f);
    h ^= w;
    h = h << 27 | h >> 37;
    return h * 5 + 0x52dce729;
}

static inline uint32_t
key_hash_finish(uint64_t h0, uint64_t h1, uint64_t h2, uint64_t h3)
{
    uint64_t h = key_hash_step(key_hash_step(key_hash_step(h0, h1), h2), h3);
    h ^= DP_KEY_SIZE;
    h ^= h >> 33;
    h *= UINT64_C(0xff51afd7ed558ccd);
    h ^= h >> 33;
    h *= UINT64_C(0xc4ceb9fe1a85ec53);
    h ^= h >> 33;
    return (uint32_t)h;
}

_Static_assert(DP_KEY_SIZE % 32 == 0, "the hash takes four words a round");

/* The lanes are separate variables so that they stay in registers. */
uint32_t
dp_key_hash(const struct dp_key *key, uint32_t basis)
{
    uint64_t h0 = basis, h1 = h0 + 1, h2 = h0 + 2, h3 = h0 + 3;
    for (size_t i = 0; i < DP_KEY_SIZE / 8; i += 4) {
        h0 = key_hash_step(h0, key->w[i]);
        h1 = key_hash_step(h1, key->w[i + 1]);
        h2 = key_hash_step(h2, key->w[i + 2]);
        h3 = key_hash_step(h3, key->w[i + 3]);
    }
    return key_hash_finish(h0, h1, h2, h3);
}

uint32_t
dp_key_hash_masked(const struct dp_key *key, const struct dp_key *mask,
                   uint32_t basis)
{
    const uint64_t *k = key->w, *m = mask->w;
    uint64_t h0 = basis, h1 = h0 + 1, h2 = h0 + 2, h3 = h0 + 3;
    for (size_t i = 0; i < DP_KEY_SIZE / 8; i += 4) {
        h0 = key_hash_step(h0, k[i] & m[i]);
        h1 = key_hash_step(h1, k[i + 1] & m[i + 1]);
        h2 = key_hash_step(h2, k[i + 2] & m[i + 2]);
        h3 = key_hash_step(h3, k[i + 3] & m[i + 3]);
    }
    return key_hash_finish(h0, h1, h2, h3);
}
