/* tests/unit/test-dp-key.c -- flow key extraction (datapath/key.c).  Each
 * case builds a frame byte by byte, states every key field it must give
 * and how many frame bytes that field needs, and is then extracted whole
 * and cut at every length from 0 to its full size; the cut copies end
 * exactly at the end of their heap block, so AddressSanitizer catches any
 * read past the frame.  Further tests cover the layout functions, match
 * conversion both ways and hashing. */
#include <config.h>

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "datapath/key.h"
#include "datapath/packet.h"
#include "ofp13/match.h"
#include "ofp13/ofp.h"
#include "tests/unit/dp-test.h"
#include "util/cur.h"

#define IN_PORT 7

/* One extraction case. */
struct kcase {
    const char *name;
    struct frame fr;
    struct kexp e[48];
    uint8_t bytes[48][16]; /* Copies of the byte values in 'e'. */
    size_t n;
    /* Expected layer offsets and the frame length each needs. */
    size_t l2_5, l2_5_need, mpls, mpls_need, l3, l3_need, l4, l4_need;
};

static void
kc_add(struct kcase *c, struct kexp e)
{
    CHECK(c->n < sizeof c->e / sizeof c->e[0]);
    c->e[c->n++] = e;
}

static void
kc_u(struct kcase *c, enum oxm_field f, size_t need, uint64_t u)
{
    kc_add(c, (struct kexp)KU(f, need, u));
}

static void
kc_b(struct kcase *c, enum oxm_field f, size_t need, const uint8_t *b)
{
    memcpy(c->bytes[c->n], b, OXM_LEN[f]);
    kc_add(c, (struct kexp)KB(f, need, c->bytes[c->n]));
}

static void
kc_init(struct kcase *c, const char *name, const struct spec *s)
{
    memset(c, 0, sizeof *c);
    c->name = name;
    frame_build(&c->fr, s);
    c->l2_5 = c->mpls = c->l3 = c->l4 = NO_OFS;
}

/* Ethernet addresses and type (after 'n_tags' tags). */
static void
kc_l2(struct kcase *c, const uint8_t *dst, const uint8_t *src, uint16_t type,
      int n_tags)
{
    kc_b(c, OXM_ETH_DST, 14, dst);
    kc_b(c, OXM_ETH_SRC, 14, src);
    kc_u(c, OXM_ETH_TYPE, 14 + 4 * (size_t)n_tags, type);
}

static void
kc_ofs(size_t *ofs, size_t *need, size_t o, size_t n)
{
    *ofs = o;
    *need = n;
}

/* IPv4 header fields of spec_ip4() at offset 'l3' with 'ihl' bytes. */
static void
kc_ip4(struct kcase *c, const struct spec *s, size_t l3, size_t ihl)
{
    size_t need = l3 + ihl;
    kc_u(c, OXM_IP_DSCP, need, s->tos >> 2);
    kc_u(c, OXM_IP_ECN, need, s->tos & 3);
    kc_u(c, OXM_IP_PROTO, need, s->proto);
    kc_b(c, OXM_IPV4_SRC, need, s->v4_src);
    kc_b(c, OXM_IPV4_DST, need, s->v4_dst);
    kc_ofs(&c->l3, &c->l3_need, l3, need);
}

/* IPv6 fixed-header fields; IP_PROTO is added by the caller because it
 * needs the whole extension header chain. */
static void
kc_ip6(struct kcase *c, const struct spec *s, size_t l3)
{
    size_t need = l3 + 40;
    kc_u(c, OXM_IP_DSCP, need, s->tos >> 2);
    kc_u(c, OXM_IP_ECN, need, s->tos & 3);
    kc_b(c, OXM_IPV6_SRC, need, s->v6_src);
    kc_b(c, OXM_IPV6_DST, need, s->v6_dst);
    kc_u(c, OXM_IPV6_FLABEL, need, s->flabel);
    kc_ofs(&c->l3, &c->l3_need, l3, need);
}

/* Transport ports or ICMP type/code at 'l4'. */
static void
kc_l4(struct kcase *c, const struct spec *s, size_t l4)
{
    switch (s->proto) {
    case 6:
        kc_u(c, OXM_TCP_SRC, l4 + 20, s->sport);
        kc_u(c, OXM_TCP_DST, l4 + 20, s->dport);
        kc_ofs(&c->l4, &c->l4_need, l4, l4 + 20);
        break;
    case 17:
        kc_u(c, OXM_UDP_SRC, l4 + 8, s->sport);
        kc_u(c, OXM_UDP_DST, l4 + 8, s->dport);
        kc_ofs(&c->l4, &c->l4_need, l4, l4 + 8);
        break;
    case 132:
        kc_u(c, OXM_SCTP_SRC, l4 + 12, s->sport);
        kc_u(c, OXM_SCTP_DST, l4 + 12, s->dport);
        kc_ofs(&c->l4, &c->l4_need, l4, l4 + 12);
        break;
    case 1:
        kc_u(c, OXM_ICMPV4_TYPE, l4 + 4, s->icmp_type);
        kc_u(c, OXM_ICMPV4_CODE, l4 + 4, s->icmp_code);
        kc_ofs(&c->l4, &c->l4_need, l4, l4 + 4);
        break;
    case 58:
        kc_u(c, OXM_ICMPV6_TYPE, l4 + 4, s->icmp_type);
        kc_u(c, OXM_ICMPV6_CODE, l4 + 4, s->icmp_code);
        kc_ofs(&c->l4, &c->l4_need, l4, l4 + 4);
        break;
    default:
        kc_ofs(&c->l4, &c->l4_need, l4, l4);
        break;
    }
}

static const uint8_t B_DST[6] = { 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0x01 };
static const uint8_t B_SRC[6] = { 0xbb, 0xbb, 0xbb, 0xbb, 0xbb, 0x02 };
static const uint8_t ND_TARGET[16] = { 0xfe, 0x80, 0, 0, 0, 0, 0, 0,
                                       0,    0,    0, 0, 0, 0, 0, 1 };
static const uint8_t ND_LL[6] = { 0x12, 0x11, 0x11, 0x11, 0x11, 0x11 };

static void
case_tcp4(struct kcase *c)
{
    struct spec s = spec_ip4(6);
    kc_init(c, "tcp4", &s);
    kc_l2(c, MAC_DST, MAC_SRC, 0x0800, 0);
    kc_ip4(c, &s, 14, 20);
    kc_l4(c, &s, 34);
}

static void
case_udp4_vlan_options(struct kcase *c)
{
    struct spec s = spec_ip4(17);
    s.n_tags = 1;
    s.tpid[0] = 0x8100;
    s.tci[0] = 5 << 13 | 1 << 12 | 0x123; /* PCP 5, DEI, VID 0x123. */
    s.opt_words = 2;
    kc_init(c, "udp4 vlan options", &s);
    kc_l2(c, MAC_DST, MAC_SRC, 0x0800, 1);
    kc_u(c, OXM_VLAN_VID, 18, 0x1123);
    kc_u(c, OXM_VLAN_PCP, 18, 5);
    kc_ofs(&c->l2_5, &c->l2_5_need, 12, 18);
    kc_ip4(c, &s, 18, 28);
    kc_l4(c, &s, 46);
}

static void
case_qinq_tcp6(struct kcase *c)
{
    struct spec s = spec_ip6(6);
    s.n_tags = 2;
    s.tpid[0] = 0x88a8;
    s.tci[0] = 1 << 13 | 100;
    s.tpid[1] = 0x8100;
    s.tci[1] = 3 << 13 | 101;
    kc_init(c, "qinq tcp6", &s);
    kc_l2(c, MAC_DST, MAC_SRC, 0x86dd, 2);
    kc_u(c, OXM_VLAN_VID, 18, 0x1000 | 100);
    kc_u(c, OXM_VLAN_PCP, 18, 1);
    kc_ofs(&c->l2_5, &c->l2_5_need, 12, 18);
    kc_ip6(c, &s, 22);
    kc_u(c, OXM_IP_PROTO, 62, 6);
    kc_l4(c, &s, 62);
}

static void
case_mpls(struct kcase *c)
{
    struct spec s = spec_ip4(6);
    s.n_mpls = 2;
    s.lse[0] = 100 << 12 | 3 << 9 | 64;
    s.lse[1] = 200 << 12 | 1 << 8 | 63;
    kc_init(c, "mpls", &s);
    kc_l2(c, MAC_DST, MAC_SRC, 0x8847, 0);
    kc_u(c, OXM_MPLS_LABEL, 18, 100);
    kc_u(c, OXM_MPLS_TC, 18, 3);
    kc_u(c, OXM_MPLS_BOS, 18, 0);
    kc_ofs(&c->l2_5, &c->l2_5_need, 14, 18);
    kc_ofs(&c->mpls, &c->mpls_need, 14, 18);
    kc_ofs(&c->l3, &c->l3_need, 22, 22);
}

static void
case_mpls_vlan(struct kcase *c)
{
    struct spec s = spec_ip6(17);
    s.n_tags = 1;
    s.tpid[0] = 0x8100;
    s.tci[0] = 10;
    s.n_mpls = 1;
    s.lse[0] = 0xfffffu << 12 | 7 << 9 | 1 << 8 | 1;
    kc_init(c, "mpls vlan", &s);
    kc_l2(c, MAC_DST, MAC_SRC, 0x8847, 1);
    kc_u(c, OXM_VLAN_VID, 18, 0x1000 | 10);
    kc_u(c, OXM_MPLS_LABEL, 22, 0xfffff);
    kc_u(c, OXM_MPLS_TC, 22, 7);
    kc_u(c, OXM_MPLS_BOS, 22, 1);
    kc_ofs(&c->l2_5, &c->l2_5_need, 12, 18);
    kc_ofs(&c->mpls, &c->mpls_need, 18, 22);
    kc_ofs(&c->l3, &c->l3_need, 22, 22);
}

static void
case_pbb(struct kcase *c)
{
    struct spec s = spec_ip4(6);
    s.pbb = true;
    memcpy(s.b_dst, B_DST, 6);
    memcpy(s.b_src, B_SRC, 6);
    s.i_pcp = 2;
    s.isid = 0x123456;
    kc_init(c, "pbb", &s);
    kc_l2(c, B_DST, B_SRC, 0x88e7, 0);
    kc_u(c, OXM_PBB_ISID, 18, 0x123456);
    kc_ofs(&c->l3, &c->l3_need, 14, 18);
}

static void
case_ip4_first_fragment(struct kcase *c)
{
    struct spec s = spec_ip4(17);
    s.frag = 0x2000; /* MF, offset 0. */
    kc_init(c, "ip4 first fragment", &s);
    kc_l2(c, MAC_DST, MAC_SRC, 0x0800, 0);
    kc_ip4(c, &s, 14, 20);
    kc_l4(c, &s, 34);
}

static void
case_ip4_later_fragment(struct kcase *c)
{
    struct spec s = spec_ip4(6);
    s.frag = 0x2000 | 100;
    kc_init(c, "ip4 later fragment", &s);
    kc_l2(c, MAC_DST, MAC_SRC, 0x0800, 0);
    kc_ip4(c, &s, 14, 20);
}

static void
case_icmp4(struct kcase *c)
{
    struct spec s = spec_ip4(1);
    s.icmp_type = 3;
    s.icmp_code = 4;
    kc_init(c, "icmp4", &s);
    kc_l2(c, MAC_DST, MAC_SRC, 0x0800, 0);
    kc_ip4(c, &s, 14, 20);
    kc_l4(c, &s, 34);
}

static void
case_sctp4(struct kcase *c)
{
    struct spec s = spec_ip4(132);
    kc_init(c, "sctp4", &s);
    kc_l2(c, MAC_DST, MAC_SRC, 0x0800, 0);
    kc_ip4(c, &s, 14, 20);
    kc_l4(c, &s, 34);
}

static void
case_ipip(struct kcase *c)
{
    struct spec s = spec_ip4(4);
    s.inner_ttl = 9;
    kc_init(c, "ipip", &s);
    kc_l2(c, MAC_DST, MAC_SRC, 0x0800, 0);
    kc_ip4(c, &s, 14, 20);
    kc_l4(c, &s, 34);
}

static void
case_arp(struct kcase *c)
{
    struct spec s = spec_arp(2);
    kc_init(c, "arp", &s);
    kc_l2(c, MAC_DST, MAC_SRC, 0x0806, 0);
    kc_u(c, OXM_ARP_OP, 22, 2);
    kc_b(c, OXM_ARP_SHA, 42, s.sha);
    kc_b(c, OXM_ARP_SPA, 42, s.spa);
    kc_b(c, OXM_ARP_THA, 42, s.tha);
    kc_b(c, OXM_ARP_TPA, 42, s.tpa);
    kc_ofs(&c->l3, &c->l3_need, 14, 22);
}

static void
case_arp_not_ethernet(struct kcase *c)
{
    struct spec s = spec_arp(1);
    s.arp_htype = 6; /* IEEE 802: OXM has no fields for its addresses. */
    kc_init(c, "arp htype 6", &s);
    kc_l2(c, MAC_DST, MAC_SRC, 0x0806, 0);
    kc_u(c, OXM_ARP_OP, 22, 1);
    kc_ofs(&c->l3, &c->l3_need, 14, 22);
}

static void
case_udp6(struct kcase *c)
{
    struct spec s = spec_ip6(17);
    kc_init(c, "udp6", &s);
    kc_l2(c, MAC_DST, MAC_SRC, 0x86dd, 0);
    kc_ip6(c, &s, 14);
    kc_u(c, OXM_IP_PROTO, 54, 17);
    kc_l4(c, &s, 54);
}

static void
case_sctp6(struct kcase *c)
{
    struct spec s = spec_ip6(132);
    kc_init(c, "sctp6", &s);
    kc_l2(c, MAC_DST, MAC_SRC, 0x86dd, 0);
    kc_ip6(c, &s, 14);
    kc_u(c, OXM_IP_PROTO, 54, 132);
    kc_l4(c, &s, 54);
}

static void
case_icmp6_echo(struct kcase *c)
{
    struct spec s = spec_ip6(58);
    s.icmp_type = 129;
    kc_init(c, "icmp6 echo reply", &s);
    kc_l2(c, MAC_DST, MAC_SRC, 0x86dd, 0);
    kc_ip6(c, &s, 14);
    kc_u(c, OXM_IP_PROTO, 54, 58);
    kc_l4(c, &s, 54);
}

/* A neighbour solicitation or advertisement with the given options. */
static struct spec
spec_nd(uint8_t type, int n_opts, const uint8_t *opts, const uint8_t *lens)
{
    struct spec s = spec_ip6(58);
    s.ttl = 255;
    s.icmp_type = type;
    s.nd_flags = type == 136 ? 0x60000000 : 0;
    s.payload = 0;
    memcpy(s.nd_target, ND_TARGET, 16);
    memcpy(s.nd_ll, ND_LL, 6);
    s.n_nd_opts = n_opts;
    for (int i = 0; i < n_opts; i++) {
        s.nd_opt[i] = opts[i];
        s.nd_opt_len[i] = lens[i];
    }
    return s;
}

static void
kc_nd_common(struct kcase *c, const struct spec *s)
{
    kc_l2(c, MAC_DST, MAC_SRC, 0x86dd, 0);
    kc_ip6(c, s, 14);
    kc_u(c, OXM_IP_PROTO, 54, 58);
    kc_l4(c, s, 54);
    kc_b(c, OXM_IPV6_ND_TARGET, 54 + 24, s->nd_target);
}

static void
case_nd_ns_sll(struct kcase *c)
{
    /* A nonce option (type 14) first: SLL is found past it. */
    static const uint8_t opts[] = { 14, 1 }, lens[] = { 1, 1 };
    struct spec s = spec_nd(135, 2, opts, lens);
    kc_init(c, "nd ns sll", &s);
    kc_nd_common(c, &s);
    kc_b(c, OXM_IPV6_ND_SLL, c->fr.nd_opt_ofs[1] + 8, ND_LL);
}

static void
case_nd_na_tll(struct kcase *c)
{
    static const uint8_t opts[] = { 2 }, lens[] = { 2 };
    struct spec s = spec_nd(136, 1, opts, lens);
    kc_init(c, "nd na tll", &s);
    kc_nd_common(c, &s);
    kc_b(c, OXM_IPV6_ND_TLL, c->fr.nd_opt_ofs[0] + 16, ND_LL);
}

static void
case_nd_ns_bad_option(struct kcase *c)
{
    /* A zero-length option ends the scan: the SLL after it is not used. */
    static const uint8_t opts[] = { 14, 1 }, lens[] = { 0, 1 };
    struct spec s = spec_nd(135, 2, opts, lens);
    kc_init(c, "nd ns bad option", &s);
    kc_nd_common(c, &s);
}

static void
case_nd_ns_tll_ignored(struct kcase *c)
{
    /* NS carries SLL only; a TLL option in it is not a match field. */
    static const uint8_t opts[] = { 2 }, lens[] = { 1 };
    struct spec s = spec_nd(135, 1, opts, lens);
    kc_init(c, "nd ns tll ignored", &s);
    kc_nd_common(c, &s);
}

/* IPv6 with extension headers 'types' (lengths 'lens', fragment fields
 * 'frags') before protocol 'proto'.  'bits' gives the IPV6_EXTHDR value
 * once each header is complete. */
static void
case_ext(struct kcase *c, const char *name, int n, const uint8_t *types,
         const uint8_t *lens, const uint16_t *frags, uint8_t proto,
         const uint16_t *bits)
{
    struct spec s = spec_ip6(proto);
    s.n_ext = n;
    for (int i = 0; i < n; i++) {
        s.ext[i].type = types[i];
        s.ext[i].len = lens[i];
        s.ext[i].frag = frags ? frags[i] : 0;
    }
    kc_init(c, name, &s);
    kc_l2(c, MAC_DST, MAC_SRC, 0x86dd, 0);
    kc_ip6(c, &s, 14);

    size_t p = 54;
    for (int i = 0; i < n; i++) {
        size_t hlen;
        switch (types[i]) {
        case 44:
            hlen = 8;
            break;
        case 51:
            hlen = ((size_t)lens[i] + 2) * 4;
            break;
        case 50:
            hlen = 8;
            break;
        default:
            hlen = ((size_t)lens[i] + 1) * 8;
            break;
        }
        p += hlen;
        kc_u(c, OXM_IPV6_EXTHDR, p, bits[i]);
        if (types[i] == 50) {
            kc_u(c, OXM_IP_PROTO, p, 50);
            kc_ofs(&c->l4, &c->l4_need, p - 8, p);
            return;
        }
        if (types[i] == 44 && frags && frags[i] & 0xfff8) {
            kc_u(c, OXM_IP_PROTO, p, i + 1 < n ? types[i + 1] : proto);
            return;
        }
    }
    if (proto == 59) {
        kc_u(c, OXM_IPV6_EXTHDR, p, bits[n]);
        kc_u(c, OXM_IP_PROTO, p, 59);
        return;
    }
    kc_u(c, OXM_IP_PROTO, p, proto);
    kc_l4(c, &s, p);
}

static void
case_ext_hop(struct kcase *c)
{
    static const uint8_t t[] = { 0 }, l[] = { 0 };
    static const uint16_t b[] = { OFPIEH_HOP };
    case_ext(c, "ext hop", 1, t, l, NULL, 17, b);
}

static void
case_ext_routing(struct kcase *c)
{
    static const uint8_t t[] = { 43 }, l[] = { 1 };
    static const uint16_t b[] = { OFPIEH_ROUTER };
    case_ext(c, "ext routing", 1, t, l, NULL, 17, b);
}

static void
case_ext_frag_first(struct kcase *c)
{
    static const uint8_t t[] = { 44 }, l[] = { 0 };
    static const uint16_t f[] = { 1 }, b[] = { OFPIEH_FRAG };
    case_ext(c, "ext first fragment", 1, t, l, f, 17, b);
}

static void
case_ext_dest(struct kcase *c)
{
    static const uint8_t t[] = { 60 }, l[] = { 0 };
    static const uint16_t b[] = { OFPIEH_DEST };
    case_ext(c, "ext dest", 1, t, l, NULL, 58, b);
}

static void
case_ext_auth(struct kcase *c)
{
    static const uint8_t t[] = { 51 }, l[] = { 4 };
    static const uint16_t b[] = { OFPIEH_AUTH };
    case_ext(c, "ext auth", 1, t, l, NULL, 6, b);
}

static void
case_ext_esp(struct kcase *c)
{
    static const uint8_t t[] = { 50 }, l[] = { 0 };
    static const uint16_t b[] = { OFPIEH_ESP };
    case_ext(c, "ext esp", 1, t, l, NULL, 6, b);
}

static void
case_ext_nonext(struct kcase *c)
{
    static const uint16_t b[] = { OFPIEH_NONEXT };
    case_ext(c, "ext no next header", 0, NULL, NULL, NULL, 59, b);
}

static void
case_ext_all_in_order(struct kcase *c)
{
    static const uint8_t t[] = { 0, 60, 43, 44, 51, 60 };
    static const uint8_t l[] = { 0, 1, 0, 0, 1, 0 };
    static const uint16_t f[] = { 0, 0, 0, 0x0001, 0, 0 };
    static const uint16_t b[] = {
        0x40, 0x48, 0x68, 0x78, 0x7c, 0x7c,
    };
    case_ext(c, "ext all in order", 6, t, l, f, 6, b);
}

static void
case_ext_unseq(struct kcase *c)
{
    static const uint8_t t[] = { 43, 0 }, l[] = { 0, 0 };
    static const uint16_t b[] = { OFPIEH_ROUTER,
                                  OFPIEH_ROUTER | OFPIEH_HOP | OFPIEH_UNSEQ };
    case_ext(c, "ext hop after routing", 2, t, l, NULL, 17, b);
}

static void
case_ext_unrep(struct kcase *c)
{
    static const uint8_t t[] = { 44, 44 }, l[] = { 0, 0 };
    static const uint16_t f[] = { 1, 1 };
    static const uint16_t b[] = { OFPIEH_FRAG, OFPIEH_FRAG | OFPIEH_UNREP };
    case_ext(c, "ext two fragment headers", 2, t, l, f, 17, b);
}

static void
case_ext_three_dest(struct kcase *c)
{
    static const uint8_t t[] = { 60, 60, 60 }, l[] = { 0, 0, 0 };
    static const uint16_t b[] = { OFPIEH_DEST, OFPIEH_DEST,
                                  OFPIEH_DEST | OFPIEH_UNREP };
    case_ext(c, "ext three dest", 3, t, l, NULL, 17, b);
}

static void
case_ext_dest_then_routing(struct kcase *c)
{
    /* A destination header after the fragment header is the final one, so
     * a routing header after it is out of order. */
    static const uint8_t t[] = { 44, 60, 43 }, l[] = { 0, 0, 0 };
    static const uint16_t f[] = { 1, 0, 0 };
    static const uint16_t b[] = { OFPIEH_FRAG, OFPIEH_FRAG | OFPIEH_DEST,
                                  OFPIEH_FRAG | OFPIEH_DEST | OFPIEH_ROUTER |
                                      OFPIEH_UNSEQ };
    case_ext(c, "ext dest then routing", 3, t, l, f, 17, b);
}

static void
case_ext_later_fragment(struct kcase *c)
{
    static const uint8_t t[] = { 0, 44 }, l[] = { 0, 0 };
    static const uint16_t f[] = { 0, 10 << 3 };
    static const uint16_t b[] = { OFPIEH_HOP, OFPIEH_HOP | OFPIEH_FRAG };
    case_ext(c, "ext later fragment", 2, t, l, f, 6, b);
}

static void
case_ext_auth_then_nonext(struct kcase *c)
{
    static const uint8_t t[] = { 51 }, l[] = { 1 };
    static const uint16_t b[] = { OFPIEH_AUTH, OFPIEH_AUTH | OFPIEH_NONEXT };
    case_ext(c, "ext auth then no next", 1, t, l, NULL, 59, b);
}

static void
case_8023(struct kcase *c)
{
    struct spec s = spec_eth(46); /* An 802.3 length, not a type. */
    s.payload = 46;
    kc_init(c, "802.3", &s);
    kc_l2(c, MAC_DST, MAC_SRC, 0x05ff, 0);
}

static void
case_lldp(struct kcase *c)
{
    struct spec s = spec_eth(0x88cc);
    kc_init(c, "lldp", &s);
    kc_l2(c, MAC_DST, MAC_SRC, 0x88cc, 0);
    kc_ofs(&c->l3, &c->l3_need, 14, 14);
}

typedef void case_fn(struct kcase *);
static case_fn *const cases[] = {
    case_tcp4,
    case_udp4_vlan_options,
    case_qinq_tcp6,
    case_mpls,
    case_mpls_vlan,
    case_pbb,
    case_ip4_first_fragment,
    case_ip4_later_fragment,
    case_icmp4,
    case_sctp4,
    case_ipip,
    case_arp,
    case_arp_not_ethernet,
    case_udp6,
    case_sctp6,
    case_icmp6_echo,
    case_nd_ns_sll,
    case_nd_na_tll,
    case_nd_ns_bad_option,
    case_nd_ns_tll_ignored,
    case_ext_hop,
    case_ext_routing,
    case_ext_frag_first,
    case_ext_dest,
    case_ext_auth,
    case_ext_esp,
    case_ext_nonext,
    case_ext_all_in_order,
    case_ext_unseq,
    case_ext_unrep,
    case_ext_three_dest,
    case_ext_dest_then_routing,
    case_ext_later_fragment,
    case_ext_auth_then_nonext,
    case_8023,
    case_lldp,
};
#define N_CASES (sizeof cases / sizeof cases[0])

static void
offset_expect(const char *what, uint16_t got, size_t ofs, size_t need,
              size_t len)
{
    size_t want = ofs != NO_OFS && len >= need ? ofs : DP_OFS_NONE;
    if (got != want) {
        ck_abort_msg("%s offset %u, expected %zu with %zu bytes", what, got,
                     want, len);
    }
}

/* Extracts the first 'len' bytes of the case's frame from a packet whose
 * frame ends exactly at the end of its allocation. */
static void
extract_prefix(const struct kcase *c, size_t len)
{
    struct dp_packet *p = dp_packet_create(c->fr.b, len, 0);
    struct dp_key key;

    CHECK(p->alloc == DP_PACKET_HEADROOM + len);
    p->in_port = IN_PORT;
    memset(&key, 0xa5, sizeof key);
    dp_key_extract(p, 0, &key);
    key_expect(&key, IN_PORT, c->e, c->n, len);
    offset_expect("l2.5", p->l2_5_ofs, c->l2_5, c->l2_5_need, len);
    offset_expect("mpls", p->mpls_ofs, c->mpls, c->mpls_need, len);
    offset_expect("l3", p->l3_ofs, c->l3, c->l3_need, len);
    offset_expect("l4", p->l4_ofs, c->l4, c->l4_need, len);

    /* Padding bytes of the key stay zero: the classifier compares whole
     * words. */
    uint8_t used[DP_KEY_SIZE];
    memset(used, 0, sizeof used);
    for (unsigned int f = 0; f < OXM_N_FIELDS; f++) {
        memset(used + dp_key_field_ofs(f), 1, dp_key_field_len(f));
    }
    const uint8_t *k = (const uint8_t *)key.w;
    for (size_t i = 0; i < DP_KEY_SIZE; i++) {
        if (!used[i] && k[i]) {
            ck_abort_msg("padding byte %zu is set", i);
        }
    }
    dp_packet_destroy(p);
}

START_TEST(test_extract_full)
{
    struct kcase *c = malloc(sizeof *c);
    cases[_i](c);
    extract_prefix(c, c->fr.n);
    free(c);
}
END_TEST

START_TEST(test_extract_truncated)
{
    struct kcase *c = malloc(sizeof *c);
    cases[_i](c);
    for (size_t len = 0; len <= c->fr.n; len++) {
        extract_prefix(c, len);
    }
    free(c);
}
END_TEST

/* The builder agrees with scapy, so its frames (and reference checksums)
 * are real protocol bytes.  Hex from /usr/bin/python3 + scapy 2.5. */
static void
hex_to_bytes(const char *hex, uint8_t *b, size_t *n)
{
    size_t len = strlen(hex) / 2;
    for (size_t i = 0; i < len; i++) {
        unsigned int x;
        ck_assert_int_eq(sscanf(hex + 2 * i, "%2x", &x), 1);
        b[i] = (uint8_t)x;
    }
    *n = len;
}

static void
frame_expect_hex(const struct frame *fr, const char *hex)
{
    uint8_t b[FRAME_MAX];
    size_t n;
    hex_to_bytes(hex, b, &n);
    if (n != fr->n || memcmp(b, fr->b, n)) {
        frame_dump("built", fr->b, fr->n);
        frame_dump("scapy", b, n);
        ck_abort_msg("builder disagrees with scapy");
    }
}

START_TEST(test_builder_matches_scapy)
{
    struct frame *fr = malloc(sizeof *fr);
    struct spec s;

    /* Ether()/IP(tos=0x22,id=0x1234,ttl=64)/TCP(sport=11111,dport=2222,
     * seq=1,flags='S',window=8192)/bytes(range(1,9)) */
    s = spec_ip4(6);
    frame_build(fr, &s);
    frame_expect_hex(fr, "222222222222121111111111080045220030123400004006c903"
                         "c0a80a0ac0a814142b6708ae0000000100000000500220"
                         "00ac4100000102030405060708");

    /* .../SCTP(tag=0x01020304)/SCTPChunkData(beginning=1,ending=1,tsn=1,
     * data=bytes(range(1,9))): CRC32c at bytes 42..45. */
    s = spec_ip4(132);
    frame_build(fr, &s);
    frame_expect_hex(fr, "222222222222121111111111080045220038123400004084c87d"
                         "c0a80a0ac0a814142b6708ae010203043910e75400030018"
                         "0000000100000000000000000102030405060708");

    /* IPv6(tc=0x5d,fl=0x12345,hlim=255)/ICMPv6ND_NS(tgt="fe80::1")/
     * ICMPv6NDOptSrcLLAddr(lladdr="12:11:11:11:11:11") */
    static const uint8_t opt1[] = { 1 }, len1[] = { 1 };
    s = spec_nd(135, 1, opt1, len1);
    frame_build(fr, &s);
    frame_expect_hex(fr, "22222222222212111111111186dd65d1234500203aff20010db8"
                         "00000000000000000000001020010db8000000000000000000"
                         "0000208700e94c00000000fe80000000000000000000000000"
                         "00010101121111111111");

    /* Dot1Q(prio=5,id=1,vlan=0x123)/IP(options=7 NOPs + EOL)/UDP() */
    s = spec_ip4(17);
    s.n_tags = 1;
    s.tpid[0] = 0x8100;
    s.tci[0] = 5 << 13 | 1 << 12 | 0x123;
    s.opt_words = 2;
    frame_build(fr, &s);
    frame_expect_hex(fr, "2222222222221211111111118100b12308004722002c12340000"
                         "4011c2f9c0a80a0ac0a8141401010101010101002b6708ae"
                         "00101c360102030405060708");

    /* IPv6()/IPv6ExtHdrHopByHop(options=[PadN(optdata=4 zeros)])/UDP() */
    s = spec_ip6(17);
    s.n_ext = 1;
    s.ext[0].type = 0;
    frame_build(fr, &s);
    frame_expect_hex(fr, "22222222222212111111111186dd65d123450018004020010db8"
                         "00000000000000000000001020010db8000000000000000000"
                         "00002011000104000000002b6708ae00106003010203040506"
                         "0708");

    /* IP()/ICMP(type=8,id=0x1234,seq=1) */
    s = spec_ip4(1);
    frame_build(fr, &s);
    frame_expect_hex(fr, "222222222222121111111111080045220024123400004001c914"
                         "c0a80a0ac0a814140800d5b6123400010102030405060708");
    free(fr);
}
END_TEST

/* Extracts a whole frame given as bytes. */
static struct dp_packet *
extract_bytes(const uint8_t *b, size_t n, struct dp_key *key)
{
    struct dp_packet *p = dp_packet_create(b, n, 0);
    p->in_port = IN_PORT;
    dp_key_extract(p, 0, key);
    return p;
}

static uint64_t
key_uint(const struct dp_key *key, enum oxm_field f)
{
    struct oxm_value v;
    uint64_t x = 0;
    dp_key_get(key, f, &v);
    for (size_t i = 0; i < OXM_LEN[f] && i < 8; i++) {
        x = x << 8 | v.b[i];
    }
    return x;
}

START_TEST(test_ip4_total_length_bounds_l4)
{
    struct spec s = spec_ip4(6);
    struct frame fr;
    struct dp_key key;
    struct dp_packet *p;

    s.payload = 0;
    s.pad = 30; /* Ethernet padding that must not be read as TCP. */
    frame_build(&fr, &s);

    /* Total length covering 19 of the 20 TCP header bytes: no ports, even
     * though the frame (with its padding) holds the whole header. */
    put_be16(fr.b + 16, 20 + 19);
    p = extract_bytes(fr.b, fr.n, &key);
    ck_assert_uint_eq(key_uint(&key, OXM_IP_PROTO), 6);
    ck_assert_uint_eq(key_uint(&key, OXM_TCP_SRC), 0);
    ck_assert_uint_eq(p->l4_ofs, DP_OFS_NONE);
    dp_packet_destroy(p);

    /* Exactly 20: ports. */
    put_be16(fr.b + 16, 20 + 20);
    p = extract_bytes(fr.b, fr.n, &key);
    ck_assert_uint_eq(key_uint(&key, OXM_TCP_SRC), 11111);
    ck_assert_uint_eq(p->l4_ofs, 34);
    dp_packet_destroy(p);

    /* A total length shorter than the header: IP fields, no transport. */
    put_be16(fr.b + 16, 10);
    p = extract_bytes(fr.b, fr.n, &key);
    ck_assert_uint_eq(key_uint(&key, OXM_IPV4_SRC), 0xc0a80a0a);
    ck_assert_uint_eq(key_uint(&key, OXM_TCP_SRC), 0);
    dp_packet_destroy(p);

    /* A total length past the frame (a cut frame): parse what is there. */
    put_be16(fr.b + 16, 1500);
    p = extract_bytes(fr.b, 54, &key);
    ck_assert_uint_eq(key_uint(&key, OXM_TCP_DST), 2222);
    dp_packet_destroy(p);
}
END_TEST

START_TEST(test_ip_malformed)
{
    struct spec s = spec_ip4(6);
    struct frame fr;
    struct dp_key key;
    struct dp_packet *p;

    frame_build(&fr, &s);
    fr.b[14] = 0x55; /* Version 5. */
    p = extract_bytes(fr.b, fr.n, &key);
    ck_assert_uint_eq(key_uint(&key, OXM_ETH_TYPE), 0x0800);
    ck_assert_uint_eq(key_uint(&key, OXM_IPV4_SRC), 0);
    ck_assert_uint_eq(key_uint(&key, OXM_IP_PROTO), 0);
    ck_assert_uint_eq(p->l3_ofs, DP_OFS_NONE);
    dp_packet_destroy(p);

    fr.b[14] = 0x44; /* IHL 4. */
    p = extract_bytes(fr.b, fr.n, &key);
    ck_assert_uint_eq(key_uint(&key, OXM_IPV4_SRC), 0);
    dp_packet_destroy(p);

    fr.b[14] = 0x4f; /* IHL 15 = 60 bytes > 48 left. */
    p = extract_bytes(fr.b, fr.n, &key);
    ck_assert_uint_eq(key_uint(&key, OXM_IPV4_SRC), 0);
    dp_packet_destroy(p);

    s = spec_ip6(6);
    frame_build(&fr, &s);
    fr.b[14] = 0x45; /* Version 4 under an IPv6 type. */
    p = extract_bytes(fr.b, fr.n, &key);
    ck_assert_uint_eq(key_uint(&key, OXM_ETH_TYPE), 0x86dd);
    ck_assert_uint_eq(key_uint(&key, OXM_IP_PROTO), 0);
    ck_assert_uint_eq(key_uint(&key, OXM_IPV6_FLABEL), 0);
    dp_packet_destroy(p);
}
END_TEST

START_TEST(test_ip6_payload_length_bounds)
{
    /* The IPv6 payload length ends the header chain: a hop-by-hop header
     * reaching past it is truncated even if the frame has the bytes. */
    struct spec s = spec_ip6(17);
    struct frame fr;
    struct dp_key key;
    struct dp_packet *p;

    s.n_ext = 1;
    s.ext[0].type = 0;
    s.pad = 40;
    frame_build(&fr, &s);
    put_be16(fr.b + 18, 7);
    p = extract_bytes(fr.b, fr.n, &key);
    ck_assert_uint_eq(key_uint(&key, OXM_IPV6_EXTHDR), 0);
    ck_assert_uint_eq(key_uint(&key, OXM_IP_PROTO), 0);
    ck_assert_uint_eq(key_uint(&key, OXM_IPV6_FLABEL), 0x12345);
    dp_packet_destroy(p);

    /* Payload length 0 (jumbogram style): the frame bounds the chain. */
    put_be16(fr.b + 18, 0);
    p = extract_bytes(fr.b, fr.n, &key);
    ck_assert_uint_eq(key_uint(&key, OXM_IPV6_EXTHDR), OFPIEH_HOP);
    ck_assert_uint_eq(key_uint(&key, OXM_UDP_SRC), 11111);
    dp_packet_destroy(p);
}
END_TEST

START_TEST(test_pipeline_fields)
{
    struct spec s = spec_ip4(6);
    struct frame fr;
    struct dp_key key;

    frame_build(&fr, &s);
    struct dp_packet *p = dp_packet_create(fr.b, fr.n, 0);
    p->in_port = 0xfffffff0;
    dp_key_extract(p, 0x0102030405060708ULL, &key);
    ck_assert_uint_eq(key_uint(&key, OXM_IN_PORT), 0xfffffff0);
    ck_assert_uint_eq(key_uint(&key, OXM_IN_PHY_PORT), 0xfffffff0);
    ck_assert(key_uint(&key, OXM_TUNNEL_ID) == 0x0102030405060708ULL);
    ck_assert_uint_eq(key_uint(&key, OXM_METADATA), 0);
    ck_assert_uint_eq(dp_key_field_ofs(OXM_IN_PORT), 0);
    dp_packet_destroy(p);
}
END_TEST

START_TEST(test_layout)
{
    uint8_t owner[DP_KEY_SIZE];

    memset(owner, 0xff, sizeof owner);
    for (unsigned int f = 0; f < OXM_N_FIELDS; f++) {
        size_t ofs = dp_key_field_ofs(f), len = dp_key_field_len(f);
        ck_assert_uint_eq(len, OXM_LEN[f]);
        ck_assert_uint_le(ofs + len, DP_KEY_SIZE);
        for (size_t i = ofs; i < ofs + len; i++) {
            ck_assert_msg(owner[i] == 0xff, "fields %u and %u overlap",
                          owner[i], f);
            owner[i] = (uint8_t)f;
        }
    }
    ck_assert_uint_eq(DP_KEY_SIZE % 8, 0);
}
END_TEST

START_TEST(test_get_set)
{
    struct dp_key key;
    struct oxm_value v, got;

    memset(&key, 0, sizeof key);
    for (unsigned int f = 0; f < OXM_N_FIELDS; f++) {
        memset(&v, 0, sizeof v);
        for (size_t i = 0; i < OXM_LEN[f]; i++) {
            v.b[i] = (uint8_t)(f * 16 + i + 1);
        }
        dp_key_set(&key, f, &v);
    }
    for (unsigned int f = 0; f < OXM_N_FIELDS; f++) {
        dp_key_get(&key, f, &got);
        for (size_t i = 0; i < OXM_MAX_LEN; i++) {
            ck_assert_uint_eq(got.b[i],
                              i < OXM_LEN[f] ? (uint8_t)(f * 16 + i + 1) : 0);
        }
    }
}
END_TEST

/* Extracts the key of a built frame. */
static void
key_of(const struct spec *s, struct dp_key *key)
{
    struct frame *fr = malloc(sizeof *fr);
    frame_build(fr, s);
    dp_packet_destroy(extract_bytes(fr->b, fr->n, key));
    free(fr);
}

START_TEST(test_from_match)
{
    struct ofp_match m;
    struct dp_key value, mask, key;
    struct spec s;

    ofp_match_init(&m);
    ofp_match_set_u16(&m, OXM_ETH_TYPE, 0x0800);
    ofp_match_set_masked_u32(&m, OXM_IPV4_SRC, 0xc0a80000, 0xffff0000);
    ofp_match_set_masked_u16(&m, OXM_VLAN_VID, 0x1000, 0x1000);
    ofp_match_set_u8(&m, OXM_IP_PROTO, 6);
    ofp_match_set_u16(&m, OXM_TCP_DST, 2222);
    dp_key_from_match(&m, &value, &mask);

    /* Value bits are only under the mask. */
    for (size_t i = 0; i < DP_KEY_SIZE / 8; i++) {
        ck_assert((value.w[i] & ~mask.w[i]) == 0);
    }
    struct oxm_value v;
    dp_key_get(&mask, OXM_IPV4_SRC, &v);
    ck_assert_uint_eq(get_be32(v.b), 0xffff0000);
    dp_key_get(&mask, OXM_ETH_TYPE, &v);
    ck_assert_uint_eq(get_be16(v.b), 0xffff);
    dp_key_get(&mask, OXM_TCP_SRC, &v);
    ck_assert_uint_eq(get_be16(v.b), 0);

    s = spec_ip4(6);
    s.n_tags = 1;
    s.tpid[0] = 0x8100;
    s.tci[0] = 42;
    key_of(&s, &key);
    ck_assert(dp_key_masked_equal(&key, &value, &mask));

    s.n_tags = 0; /* Untagged: VLAN_VID 0x1000/0x1000 fails. */
    key_of(&s, &key);
    ck_assert(!dp_key_masked_equal(&key, &value, &mask));

    s.n_tags = 1;
    s.dport = 80;
    key_of(&s, &key);
    ck_assert(!dp_key_masked_equal(&key, &value, &mask));

    s.dport = 2222;
    s.v4_src[1] = 169;
    key_of(&s, &key);
    ck_assert(!dp_key_masked_equal(&key, &value, &mask));

    /* VLAN_VID exact 0 matches untagged frames only. */
    ofp_match_uninit(&m);
    ofp_match_init(&m);
    ofp_match_set_u16(&m, OXM_VLAN_VID, 0);
    dp_key_from_match(&m, &value, &mask);
    s.n_tags = 0;
    key_of(&s, &key);
    ck_assert(dp_key_masked_equal(&key, &value, &mask));
    s.n_tags = 1;
    key_of(&s, &key);
    ck_assert(!dp_key_masked_equal(&key, &value, &mask));
    ofp_match_uninit(&m);
}
END_TEST

/* dp_key_to_match of each frame: exactly the expected fields, prerequisites
 * that hold, and a match that the frame's own key satisfies. */
static void
to_match_expect(const struct spec *s, const enum oxm_field *fields, size_t n)
{
    struct dp_key key, value, mask;
    struct ofp_match m;
    uint64_t want = 0;

    for (size_t i = 0; i < n; i++) {
        want |= UINT64_C(1) << fields[i];
    }
    key_of(s, &key);
    dp_key_to_match(&key, &m);
    ck_assert_msg(m.present == want, "present %#llx, expected %#llx",
                  (unsigned long long)m.present, (unsigned long long)want);
    ck_assert_int_eq(ofp_match_check_prereqs(&m), 0);
    for (size_t i = 0; i < n; i++) {
        struct oxm_value v;
        dp_key_get(&key, fields[i], &v);
        ck_assert(!memcmp(m.value[fields[i]].b, v.b, OXM_MAX_LEN));
    }
    dp_key_from_match(&m, &value, &mask);
    ck_assert(dp_key_masked_equal(&key, &value, &mask));
    ofp_match_uninit(&m);
}

START_TEST(test_to_match)
{
    static const enum oxm_field tcp4[] = {
        OXM_IN_PORT,  OXM_ETH_DST,  OXM_ETH_SRC, OXM_ETH_TYPE,
        OXM_VLAN_VID, OXM_IP_DSCP,  OXM_IP_ECN,  OXM_IP_PROTO,
        OXM_IPV4_SRC, OXM_IPV4_DST, OXM_TCP_SRC, OXM_TCP_DST,
    };
    static const enum oxm_field ns6[] = {
        OXM_IN_PORT,     OXM_ETH_DST,     OXM_ETH_SRC,     OXM_ETH_TYPE,
        OXM_VLAN_VID,    OXM_VLAN_PCP,    OXM_IP_DSCP,     OXM_IP_ECN,
        OXM_IP_PROTO,    OXM_IPV6_SRC,    OXM_IPV6_DST,    OXM_IPV6_FLABEL,
        OXM_IPV6_EXTHDR, OXM_ICMPV6_TYPE, OXM_ICMPV6_CODE, OXM_IPV6_ND_TARGET,
        OXM_IPV6_ND_SLL,
    };
    static const enum oxm_field arp[] = {
        OXM_IN_PORT, OXM_ETH_DST, OXM_ETH_SRC, OXM_ETH_TYPE, OXM_VLAN_VID,
        OXM_ARP_OP,  OXM_ARP_SPA, OXM_ARP_TPA, OXM_ARP_SHA,  OXM_ARP_THA,
    };
    static const enum oxm_field mpls[] = {
        OXM_IN_PORT,  OXM_ETH_DST,    OXM_ETH_SRC, OXM_ETH_TYPE,
        OXM_VLAN_VID, OXM_MPLS_LABEL, OXM_MPLS_TC, OXM_MPLS_BOS,
    };
    static const enum oxm_field pbb[] = {
        OXM_IN_PORT,  OXM_ETH_DST,  OXM_ETH_SRC,
        OXM_ETH_TYPE, OXM_VLAN_VID, OXM_PBB_ISID,
    };
    static const enum oxm_field icmp4[] = {
        OXM_IN_PORT,  OXM_ETH_DST,  OXM_ETH_SRC,     OXM_ETH_TYPE,
        OXM_VLAN_VID, OXM_IP_DSCP,  OXM_IP_ECN,      OXM_IP_PROTO,
        OXM_IPV4_SRC, OXM_IPV4_DST, OXM_ICMPV4_TYPE, OXM_ICMPV4_CODE,
    };
    static const uint8_t opt1[] = { 1 }, len1[] = { 1 };
    struct spec s;

    s = spec_ip4(6);
    to_match_expect(&s, tcp4, sizeof tcp4 / sizeof tcp4[0]);
    s = spec_nd(135, 1, opt1, len1);
    s.n_tags = 1;
    s.tpid[0] = 0x8100;
    s.tci[0] = 7 << 13 | 5;
    to_match_expect(&s, ns6, sizeof ns6 / sizeof ns6[0]);
    s = spec_arp(1);
    to_match_expect(&s, arp, sizeof arp / sizeof arp[0]);
    s = spec_ip4(6);
    s.n_mpls = 1;
    s.lse[0] = 5 << 12 | 1 << 8 | 64;
    to_match_expect(&s, mpls, sizeof mpls / sizeof mpls[0]);
    s = spec_ip4(6);
    s.pbb = true;
    s.isid = 77;
    to_match_expect(&s, pbb, sizeof pbb / sizeof pbb[0]);
    s = spec_ip4(1);
    to_match_expect(&s, icmp4, sizeof icmp4 / sizeof icmp4[0]);
}
END_TEST

START_TEST(test_packet_in_match)
{
    struct spec s = spec_ip4(6);
    struct dp_key key;
    struct ofp_match m;
    struct oxm_value v;

    key_of(&s, &key);
    dp_key_to_packet_in_match(&key, &m);
    ck_assert(m.present == UINT64_C(1) << OXM_IN_PORT);
    ck_assert_uint_eq(ofp_match_get_uint(&m, OXM_IN_PORT), IN_PORT);
    ofp_match_uninit(&m);

    memset(&v, 0, sizeof v);
    put_be32(v.b, 3);
    dp_key_set(&key, OXM_IN_PHY_PORT, &v);
    put_be64(v.b, 0xabcdef);
    dp_key_set(&key, OXM_METADATA, &v);
    put_be64(v.b, 99);
    dp_key_set(&key, OXM_TUNNEL_ID, &v);
    dp_key_to_packet_in_match(&key, &m);
    ck_assert(m.present ==
              (UINT64_C(1) << OXM_IN_PORT | UINT64_C(1) << OXM_IN_PHY_PORT |
               UINT64_C(1) << OXM_METADATA | UINT64_C(1) << OXM_TUNNEL_ID));
    ck_assert_uint_eq(ofp_match_get_uint(&m, OXM_IN_PHY_PORT), 3);
    ck_assert(ofp_match_get_uint(&m, OXM_METADATA) == 0xabcdef);
    ck_assert(ofp_match_get_uint(&m, OXM_TUNNEL_ID) == 99);
    ofp_match_uninit(&m);
}
END_TEST

START_TEST(test_hash)
{
    struct spec s = spec_ip4(6);
    struct dp_key a, b, mask, masked;

    key_of(&s, &a);
    key_of(&s, &b);
    ck_assert_uint_eq(dp_key_hash(&a, 0), dp_key_hash(&b, 0));
    ck_assert_uint_ne(dp_key_hash(&a, 0), dp_key_hash(&a, 1));
    s.sport++;
    key_of(&s, &b);
    ck_assert_uint_ne(dp_key_hash(&a, 0), dp_key_hash(&b, 0));

    /* Masked hashing ignores bits outside the mask and equals hashing the
     * masked key. */
    memset(&mask, 0, sizeof mask);
    struct oxm_value ones;
    memset(&ones, 0xff, sizeof ones);
    dp_key_set(&mask, OXM_IPV4_SRC, &ones);
    dp_key_set(&mask, OXM_ETH_TYPE, &ones);
    ck_assert_uint_eq(dp_key_hash_masked(&a, &mask, 5),
                      dp_key_hash_masked(&b, &mask, 5));
    for (size_t i = 0; i < DP_KEY_SIZE / 8; i++) {
        masked.w[i] = a.w[i] & mask.w[i];
    }
    ck_assert_uint_eq(dp_key_hash_masked(&a, &mask, 5),
                      dp_key_hash(&masked, 5));
}
END_TEST

static Suite *
dp_key_suite(void)
{
    Suite *s = suite_create("dp-key");
    TCase *tc = tcase_create("extract");
    tcase_add_loop_test(tc, test_extract_full, 0, N_CASES);
    tcase_add_loop_test(tc, test_extract_truncated, 0, N_CASES);
    tcase_add_test(tc, test_builder_matches_scapy);
    tcase_add_test(tc, test_ip4_total_length_bounds_l4);
    tcase_add_test(tc, test_ip_malformed);
    tcase_add_test(tc, test_ip6_payload_length_bounds);
    tcase_add_test(tc, test_pipeline_fields);
    suite_add_tcase(s, tc);

    tc = tcase_create("model");
    tcase_add_test(tc, test_layout);
    tcase_add_test(tc, test_get_set);
    tcase_add_test(tc, test_from_match);
    tcase_add_test(tc, test_to_match);
    tcase_add_test(tc, test_packet_in_match);
    tcase_add_test(tc, test_hash);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    SRunner *sr = srunner_create(dp_key_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
