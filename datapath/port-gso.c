/* datapath/port-gso.c -- software segmentation and checksum completion for
 * super-frames read with a virtio_net_hdr (see port-gso.h).  The rules are
 * those of the kernel's tcp_gso_segment() and __udp_gso_segment(): every
 * segment gets a copy of the headers; IPv4 total length, ID (incremented
 * per segment) and header checksum, or the IPv6 payload length, are
 * rewritten; TCP sequence numbers advance by the payload already cut, FIN
 * and PSH stay only on the last segment and CWR only on the first; UDP
 * lengths are rewritten; every transport checksum is computed in full. */
#include <config.h>

#include "datapath/port-gso.h"

#include <errno.h>
#include <string.h>

#include "datapath/packet.h"

#define ETH_TYPE_IPV4 0x0800
#define ETH_TYPE_IPV6 0x86dd
#define ETH_TYPE_VLAN 0x8100
#define ETH_TYPE_VLAN_8021AD 0x88a8
#define ETH_TYPE_VLAN_9100 0x9100

#define IPPROTO_TCP_ 6
#define IPPROTO_UDP_ 17

#define TCP_FIN 0x01
#define TCP_PSH 0x08
#define TCP_CWR 0x80

static uint16_t
get_be16(const uint8_t *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

static void
put_be16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

static uint32_t
get_be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
           p[3];
}

static void
put_be32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

/* Adds the bytes at 'p' to the one's complement sum 'sum' as big-endian
 * 16-bit words (RFC 1071); an odd final byte is padded with zero.  Only the
 * last piece of a checksummed range may have odd length. */
static uint64_t
csum_add(uint64_t sum, const uint8_t *p, size_t n)
{
    while (n >= 8) {
        sum += (uint64_t)get_be32(p) + get_be32(p + 4);
        p += 8;
        n -= 8;
    }
    while (n >= 2) {
        sum += get_be16(p);
        p += 2;
        n -= 2;
    }
    if (n) {
        sum += (uint64_t)p[0] << 8;
    }
    return sum;
}

static uint16_t
csum_fold(uint64_t sum)
{
    while (sum >> 16) {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return (uint16_t)sum;
}

/* The final checksum (complemented, with 0 sent as 0xffff). */
static uint16_t
csum_finish(uint64_t sum)
{
    uint16_t c = (uint16_t)~csum_fold(sum);
    return c ? c : 0xffff;
}

int
dp_gso_complete_csum(uint8_t *frame, size_t size, size_t csum_start,
                     size_t csum_offset)
{
    if (csum_start > size || csum_offset > size - csum_start ||
        size - csum_start - csum_offset < 2) {
        return EINVAL;
    }
    uint16_t c =
        csum_finish(csum_add(0, frame + csum_start, size - csum_start));
    put_be16(frame + csum_start + csum_offset, c);
    return 0;
}

static bool gso_find_l3(const uint8_t *frame, size_t size, size_t *l3,
                        uint16_t *type);

bool
dp_gso_fix_partial_csum(uint8_t *frame, size_t size)
{
    size_t l3, l4, l4_len, field;
    uint16_t type;
    uint8_t proto;
    uint64_t pseudo;

    if (!gso_find_l3(frame, size, &l3, &type)) {
        return false;
    }
    if (type == ETH_TYPE_IPV4) {
        if (size < l3 + 20 || frame[l3] >> 4 != 4) {
            return false;
        }
        size_t ihl = (size_t)(frame[l3] & 0x0f) * 4;
        size_t tot = get_be16(frame + l3 + 2);
        /* Fragments other than the first carry no transport header; a
         * first fragment's checksum covers data we do not have. */
        if (ihl < 20 || tot < ihl || size < l3 + tot ||
            (get_be16(frame + l3 + 6) & 0x3fff)) {
            return false;
        }
        proto = frame[l3 + 9];
        l4 = l3 + ihl;
        l4_len = tot - ihl;
        pseudo = csum_add(0, frame + l3 + 12, 8);
    } else if (type == ETH_TYPE_IPV6) {
        if (size < l3 + 40 || frame[l3] >> 4 != 6) {
            return false;
        }
        l4_len = get_be16(frame + l3 + 4);
        if (size < l3 + 40 + l4_len) {
            return false;
        }
        proto = frame[l3 + 6];
        l4 = l3 + 40;
        pseudo = csum_add(0, frame + l3 + 8, 32);
    } else {
        return false;
    }
    if (proto == IPPROTO_TCP_ && l4_len >= 20) {
        field = l4 + 16;
    } else if (proto == IPPROTO_UDP_ && l4_len >= 8) {
        field = l4 + 6;
    } else {
        return false;
    }
    if (get_be16(frame + field) != csum_fold(pseudo + proto + l4_len)) {
        return false;
    }
    /* Ethernet padding after the IP datagram is not summed. */
    uint16_t c = csum_finish(csum_add(0, frame + l4, l4_len));
    if (c == get_be16(frame + field)) {
        return false;
    }
    put_be16(frame + field, c);
    return true;
}

/* Finds the network header: skips the Ethernet header and any VLAN tags.
 * Returns false if the frame is truncated. */
static bool
gso_find_l3(const uint8_t *frame, size_t size, size_t *l3, uint16_t *type)
{
    size_t ofs = 12;

    for (;;) {
        if (size < ofs + 2) {
            return false;
        }
        uint16_t t = get_be16(frame + ofs);
        if (t == ETH_TYPE_VLAN || t == ETH_TYPE_VLAN_8021AD ||
            t == ETH_TYPE_VLAN_9100) {
            ofs += 4;
            continue;
        }
        *type = t;
        *l3 = ofs + 2;
        return true;
    }
}

int
dp_gso_start(struct dp_gso *g, const uint8_t *frame, size_t size,
             const struct dp_gso_hdr *hdr)
{
    uint8_t type = hdr->gso_type & (uint8_t)~DP_GSO_TYPE_ECN;
    uint16_t eth_type;
    size_t l3, l4, min_l4;

    memset(g, 0, sizeof *g);
    switch (type) {
    case DP_GSO_TYPE_TCPV4:
    case DP_GSO_TYPE_TCPV6:
        g->proto = IPPROTO_TCP_;
        break;
    case DP_GSO_TYPE_UDP_L4:
        g->proto = IPPROTO_UDP_;
        break;
    default:
        return EPROTONOSUPPORT;
    }
    if (!hdr->gso_size || !gso_find_l3(frame, size, &l3, &eth_type)) {
        return EINVAL;
    }

    if (eth_type == ETH_TYPE_IPV4 && type != DP_GSO_TYPE_TCPV6) {
        if (size < l3 + 20 || frame[l3] >> 4 != 4) {
            return EINVAL;
        }
        size_t ihl = (size_t)(frame[l3] & 0x0f) * 4;
        if (ihl < 20 || size < l3 + ihl || frame[l3 + 9] != g->proto) {
            return EINVAL;
        }
        g->ipv4 = true;
        min_l4 = l3 + ihl;
    } else if (eth_type == ETH_TYPE_IPV6 && type != DP_GSO_TYPE_TCPV4) {
        if (size < l3 + 40 || frame[l3] >> 4 != 6) {
            return EINVAL;
        }
        min_l4 = l3 + 40;
    } else {
        return EINVAL;
    }

    /* The sender's csum_start is the transport header (it also skips IPv6
     * extension headers); without it, only a plain header chain works. */
    if (hdr->flags & DP_GSO_F_NEEDS_CSUM) {
        l4 = hdr->csum_start;
        if (l4 < min_l4 || l4 > size) {
            return EINVAL;
        }
    } else if (g->ipv4 || frame[l3 + 6] == g->proto) {
        l4 = min_l4;
    } else {
        return EINVAL;
    }

    if (g->proto == IPPROTO_TCP_) {
        if (size < l4 + 20) {
            return EINVAL;
        }
        size_t doff = (size_t)(frame[l4 + 12] >> 4) * 4;
        if (doff < 20 || size < l4 + doff) {
            return EINVAL;
        }
        g->hdrs_len = l4 + doff;
    } else {
        if (size < l4 + 8) {
            return EINVAL;
        }
        g->hdrs_len = l4 + 8;
    }

    size_t payload = size - g->hdrs_len;
    if (payload / hdr->gso_size + (payload % hdr->gso_size != 0) >
        DP_GSO_MAX_SEGS) {
        return EINVAL;
    }
    g->frame = frame;
    g->size = size;
    g->l3_ofs = l3;
    g->l4_ofs = l4;
    g->next = g->hdrs_len;
    g->seg_size = hdr->gso_size;
    return 0;
}

/* Sum of the pseudo-header (RFC 793 §3.1, RFC 8200 §8.1) of 'seg'. */
static uint64_t
gso_pseudo_sum(const struct dp_gso *g, const uint8_t *seg, size_t l4_len)
{
    const uint8_t *ip = seg + g->l3_ofs;
    uint64_t sum;

    if (g->ipv4) {
        sum = csum_add(0, ip + 12, 8);
    } else {
        sum = csum_add(0, ip + 8, 32);
    }
    return sum + g->proto + l4_len;
}

struct dp_packet *
dp_gso_next(struct dp_gso *g)
{
    if (g->done) {
        return NULL;
    }

    size_t left = g->size - g->next;
    size_t len = left < g->seg_size ? left : g->seg_size;
    bool first = g->index == 0;
    bool last = len == left;
    size_t seg_size = g->hdrs_len + len;
    struct dp_packet *p = dp_packet_create_empty(seg_size);
    uint8_t *d = dp_packet_data(p);
    uint8_t *ip = d + g->l3_ofs;
    uint8_t *l4 = d + g->l4_ofs;
    size_t l4_len = seg_size - g->l4_ofs;

    memcpy(d, g->frame, g->hdrs_len);
    memcpy(d + g->hdrs_len, g->frame + g->next, len);
    p->size = (uint32_t)seg_size;

    if (g->ipv4) {
        size_t ihl = (size_t)(ip[0] & 0x0f) * 4;
        put_be16(ip + 2, (uint16_t)(seg_size - g->l3_ofs));
        put_be16(ip + 4, (uint16_t)(get_be16(ip + 4) + g->index));
        put_be16(ip + 10, 0);
        put_be16(ip + 10, (uint16_t)~csum_fold(csum_add(0, ip, ihl)));
    } else {
        put_be16(ip + 4, (uint16_t)(seg_size - g->l3_ofs - 40));
    }

    if (g->proto == IPPROTO_TCP_) {
        uint32_t seq = get_be32(l4 + 4);
        put_be32(l4 + 4, seq + (uint32_t)(g->next - g->hdrs_len));
        if (!last) {
            l4[13] &= (uint8_t) ~(TCP_FIN | TCP_PSH);
        }
        if (!first) {
            l4[13] &= (uint8_t)~TCP_CWR;
        }
        put_be16(l4 + 16, 0);
        put_be16(l4 + 16, csum_finish(csum_add(gso_pseudo_sum(g, d, l4_len),
                                               l4, l4_len)));
    } else {
        put_be16(l4 + 4, (uint16_t)l4_len);
        put_be16(l4 + 6, 0);
        put_be16(l4 + 6, csum_finish(csum_add(gso_pseudo_sum(g, d, l4_len), l4,
                                              l4_len)));
    }

    g->next += len;
    g->index++;
    g->done = last;
    return p;
}
