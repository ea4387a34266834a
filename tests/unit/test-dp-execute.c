/* tests/unit/test-dp-execute.c -- header actions (datapath/execute.c).
 * Every action runs on frames built by dp-test.h and the result is compared
 * byte for byte with a frame built from scratch with the expected header
 * values, whose lengths and checksums the builder computes with its own
 * reference code; so each incremental checksum update is checked against
 * a full recomputation.  After every action the key must equal a fresh
 * extraction of the new bytes (the pipeline fields excepted, which must be
 * preserved). */
#include <config.h>

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "datapath/execute.h"
#include "datapath/key.h"
#include "datapath/packet.h"
#include "ofp13/actions.h"
#include "ofp13/ofp.h"
#include "tests/unit/dp-test.h"
#include "util/cur.h"

#define IN_PORT 7
#define TUNNEL 0x5555
#define METADATA 0x7777

struct xpkt {
    struct dp_packet *p;
    struct dp_key key;
    uint64_t tunnel; /* The TUNNEL_ID the key must hold. */
};

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

/* Starts from the first 'len' bytes of frame 'fr' (all of it if 'len' is
 * SIZE_MAX), with METADATA and TUNNEL_ID set so that their preservation is
 * checked. */
static void
xstart_frame(struct xpkt *x, const struct frame *fr, size_t len)
{
    struct oxm_value v;

    x->p = dp_packet_create(fr->b, len < fr->n ? len : fr->n, 0);
    x->p->in_port = IN_PORT;
    x->tunnel = TUNNEL;
    dp_key_extract(x->p, TUNNEL, &x->key);
    memset(&v, 0, sizeof v);
    put_be64(v.b, METADATA);
    dp_key_set(&x->key, OXM_METADATA, &v);
}

static void
xstart(struct xpkt *x, const struct spec *s)
{
    struct frame *fr = malloc(sizeof *fr);
    frame_build(fr, s);
    xstart_frame(x, fr, SIZE_MAX);
    free(fr);
}

static void
xend(struct xpkt *x)
{
    dp_packet_destroy(x->p);
}

/* Runs 'a' and checks the key against a fresh extraction. */
static enum dp_exec_result
xrun(struct xpkt *x, const struct ofp_action *a)
{
    enum dp_exec_result r = dp_execute_action(x->p, &x->key, a);
    key_expect_fresh(x->p, &x->key);
    CHECK(key_uint(&x->key, OXM_IN_PORT) == IN_PORT);
    CHECK(key_uint(&x->key, OXM_IN_PHY_PORT) == IN_PORT);
    CHECK(key_uint(&x->key, OXM_METADATA) == METADATA);
    if (a->type == OFPAT_SET_FIELD && a->u.set_field.field == OXM_TUNNEL_ID) {
        x->tunnel = get_be64(a->u.set_field.value.b);
    }
    CHECK(key_uint(&x->key, OXM_TUNNEL_ID) == x->tunnel);
    return r;
}

/* The packet must now be the frame built from 's'. */
static void
xexpect(const struct xpkt *x, const struct spec *s)
{
    struct frame *fr = malloc(sizeof *fr);
    frame_build(fr, s);
    packet_expect(x->p, fr->b, fr->n);
    free(fr);
}

static struct ofp_action
act(uint16_t type)
{
    struct ofp_action a;
    memset(&a, 0, sizeof a);
    a.type = type;
    return a;
}

static struct ofp_action
act_ethertype(uint16_t type, uint16_t ethertype)
{
    struct ofp_action a = act(type);
    a.u.ethertype = ethertype;
    return a;
}

static struct ofp_action
act_ttl(uint16_t type, uint8_t ttl)
{
    struct ofp_action a = act(type);
    a.u.ttl = ttl;
    return a;
}

static struct ofp_action
act_set(enum oxm_field f, uint64_t u, const uint8_t *b)
{
    struct ofp_action a = act(OFPAT_SET_FIELD);
    size_t len = OXM_LEN[f];
    a.u.set_field.field = f;
    if (b) {
        memcpy(a.u.set_field.value.b, b, len);
    } else {
        for (size_t i = 0; i < len; i++) {
            size_t shift = 8 * (len - 1 - i);
            a.u.set_field.value.b[i] = shift < 64 ? (uint8_t)(u >> shift) : 0;
        }
    }
    return a;
}

/* Frames the set-field cases start from. */
static const uint8_t ND_TARGET[16] = { 0xfe, 0x80, 0, 0, 0, 0, 0, 0,
                                       0,    0,    0, 0, 0, 0, 0, 1 };
static const uint8_t ND_LL[6] = { 0x12, 0x11, 0x11, 0x11, 0x11, 0x11 };

static struct spec
base_tcp4(void)
{
    return spec_ip4(6);
}

static struct spec
base_udp4(void)
{
    return spec_ip4(17);
}

static struct spec
base_udp4_nocsum(void)
{
    struct spec s = spec_ip4(17);
    s.udp_no_csum = true;
    return s;
}

static struct spec
base_udp4_options_fragment(void)
{
    struct spec s = spec_ip4(17);
    s.opt_words = 3;
    s.frag = 0x2000;
    return s;
}

static struct spec
base_sctp4(void)
{
    return spec_ip4(132);
}

static struct spec
base_icmp4(void)
{
    return spec_ip4(1);
}

static struct spec
base_tcp6(void)
{
    return spec_ip6(6);
}

static struct spec
base_udp6(void)
{
    return spec_ip6(17);
}

static struct spec
base_sctp6(void)
{
    return spec_ip6(132);
}

static struct spec
base_icmp6(void)
{
    return spec_ip6(58);
}

static struct spec
base_ext_tcp6(void)
{
    struct spec s = spec_ip6(6);
    s.n_ext = 3;
    s.ext[0].type = 0;
    s.ext[1].type = 44;
    s.ext[1].frag = 1;
    s.ext[2].type = 51;
    s.ext[2].len = 2;
    return s;
}

static struct spec
base_nd(uint8_t type, uint8_t opt)
{
    struct spec s = spec_ip6(58);
    s.ttl = 255;
    s.icmp_type = type;
    s.nd_flags = type == 136 ? 0x60000000 : 0;
    s.payload = 0;
    memcpy(s.nd_target, ND_TARGET, 16);
    memcpy(s.nd_ll, ND_LL, 6);
    s.n_nd_opts = 2;
    s.nd_opt[0] = 14; /* A nonce option before the link-layer one. */
    s.nd_opt_len[0] = 1;
    s.nd_opt[1] = opt;
    s.nd_opt_len[1] = 1;
    return s;
}

static struct spec
base_ns(void)
{
    return base_nd(135, 1);
}

static struct spec
base_na(void)
{
    return base_nd(136, 2);
}

static struct spec
base_arp(void)
{
    return spec_arp(1);
}

static struct spec
base_vlan_tcp4(void)
{
    struct spec s = spec_ip4(6);
    s.n_tags = 1;
    s.tpid[0] = 0x8100;
    s.tci[0] = 3 << 13 | 1 << 12 | 100;
    return s;
}

static struct spec
base_qinq_udp6(void)
{
    struct spec s = spec_ip6(17);
    s.n_tags = 2;
    s.tpid[0] = 0x88a8;
    s.tci[0] = 10;
    s.tpid[1] = 0x8100;
    s.tci[1] = 3 << 13 | 100;
    return s;
}

static struct spec
base_mpls2(void)
{
    struct spec s = spec_ip4(6);
    s.n_mpls = 2;
    s.lse[0] = 100 << 12 | 3 << 9 | 64;
    s.lse[1] = 200 << 12 | 1 << 8 | 63;
    return s;
}

static struct spec
base_pbb(void)
{
    struct spec s = spec_ip4(6);
    s.pbb = true;
    memset(s.b_dst, 0xaa, 6);
    memset(s.b_src, 0xbb, 6);
    s.isid = 100;
    return s;
}

/* Expected-frame edits. */
static const uint8_t NEW_MAC[6] = { 0x02, 0, 0, 0, 0, 0x99 };
static const uint8_t NEW_V4[4] = { 10, 1, 2, 3 };
static const uint8_t NEW_V6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0,
                                    0,    0,    0,    0,    0, 0, 0, 0x99 };

static void
ex_eth_dst(struct spec *s)
{
    memcpy(s->dst, NEW_MAC, 6);
}

static void
ex_eth_src(struct spec *s)
{
    memcpy(s->src, NEW_MAC, 6);
}

static void
ex_eth_type(struct spec *s)
{
    s->wire_type = 0x88b5;
}

static void
ex_dscp46(struct spec *s)
{
    s->tos = (uint8_t)(46 << 2 | (s->tos & 3));
}

static void
ex_ecn1(struct spec *s)
{
    s->tos = (uint8_t)((s->tos & 0xfc) | 1);
}

static void
ex_proto17(struct spec *s)
{
    s->l4_kind = s->proto;
    s->proto = 17;
}

static void
ex_v4_src(struct spec *s)
{
    memcpy(s->v4_src, NEW_V4, 4);
}

static void
ex_v4_dst(struct spec *s)
{
    memcpy(s->v4_dst, NEW_V4, 4);
}

static void
ex_v6_src(struct spec *s)
{
    memcpy(s->v6_src, NEW_V6, 16);
}

static void
ex_v6_dst(struct spec *s)
{
    memcpy(s->v6_dst, NEW_V6, 16);
}

static void
ex_flabel(struct spec *s)
{
    s->flabel = 0xfedcb;
}

static void
ex_sport80(struct spec *s)
{
    s->sport = 80;
}

static void
ex_dport443(struct spec *s)
{
    s->dport = 443;
}

static void
ex_icmp_type0(struct spec *s)
{
    s->icmp_type = 0;
}

static void
ex_icmp_code3(struct spec *s)
{
    s->icmp_code = 3;
}

static void
ex_icmp6_type129(struct spec *s)
{
    s->icmp_type = 129;
}

static void
ex_ns_to_na(struct spec *s)
{
    s->icmp_type = 136;
}

static void
ex_nd_target(struct spec *s)
{
    memcpy(s->nd_target, NEW_V6, 16);
}

static void
ex_nd_ll(struct spec *s)
{
    memcpy(s->nd_ll, NEW_MAC, 6);
}

static void
ex_arp_op2(struct spec *s)
{
    s->arp_op = 2;
}

static void
ex_arp_spa(struct spec *s)
{
    memcpy(s->spa, NEW_V4, 4);
}

static void
ex_arp_tpa(struct spec *s)
{
    memcpy(s->tpa, NEW_V4, 4);
}

static void
ex_arp_sha(struct spec *s)
{
    memcpy(s->sha, NEW_MAC, 6);
}

static void
ex_arp_tha(struct spec *s)
{
    memcpy(s->tha, NEW_MAC, 6);
}

static void
ex_vid200(struct spec *s)
{
    s->tci[0] = (uint16_t)((s->tci[0] & 0xf000) | 200);
}

static void
ex_pcp7(struct spec *s)
{
    s->tci[0] = (uint16_t)((s->tci[0] & 0x1fff) | 7 << 13);
}

static void
ex_mpls_label(struct spec *s)
{
    s->lse[0] = (s->lse[0] & 0xfff) | 0xabcdeu << 12;
}

static void
ex_mpls_tc(struct spec *s)
{
    s->lse[0] = (s->lse[0] & ~0xe00u) | 5 << 9;
}

static void
ex_mpls_bos(struct spec *s)
{
    s->lse[0] |= 0x100;
}

static void
ex_isid(struct spec *s)
{
    s->isid = 0xabcdef;
}

static void
ex_none(struct spec *s)
{
    (void)s;
}

struct sf_case {
    const char *name;
    struct spec (*base)(void);
    enum oxm_field field;
    uint64_t u;
    const uint8_t *b;
    void (*expect)(struct spec *);
};

static const struct sf_case sf_cases[] = {
    { "eth_dst", base_tcp4, OXM_ETH_DST, 0, NEW_MAC, ex_eth_dst },
    { "eth_src", base_arp, OXM_ETH_SRC, 0, NEW_MAC, ex_eth_src },
    { "eth_type", base_tcp4, OXM_ETH_TYPE, 0x88b5, NULL, ex_eth_type },
    { "eth_type vlan", base_vlan_tcp4, OXM_ETH_TYPE, 0x88b5, NULL,
      ex_eth_type },
    { "vlan_vid", base_vlan_tcp4, OXM_VLAN_VID, 0x1000 | 200, NULL,
      ex_vid200 },
    { "vlan_pcp", base_vlan_tcp4, OXM_VLAN_PCP, 7, NULL, ex_pcp7 },
    { "vlan_vid qinq", base_qinq_udp6, OXM_VLAN_VID, 0x1000 | 200, NULL,
      ex_vid200 },
    { "ip_dscp v4", base_tcp4, OXM_IP_DSCP, 46, NULL, ex_dscp46 },
    { "ip_ecn v4", base_udp4, OXM_IP_ECN, 1, NULL, ex_ecn1 },
    { "ip_dscp v6", base_tcp6, OXM_IP_DSCP, 46, NULL, ex_dscp46 },
    { "ip_ecn v6", base_tcp6, OXM_IP_ECN, 1, NULL, ex_ecn1 },
    { "ip_proto v4 tcp", base_tcp4, OXM_IP_PROTO, 17, NULL, ex_proto17 },
    { "ip_proto v6 tcp", base_tcp6, OXM_IP_PROTO, 17, NULL, ex_proto17 },
    { "ip_proto v6 ext", base_ext_tcp6, OXM_IP_PROTO, 17, NULL, ex_proto17 },
    { "ip_proto v6 icmp6", base_icmp6, OXM_IP_PROTO, 17, NULL, ex_proto17 },
    { "ipv4_src tcp", base_tcp4, OXM_IPV4_SRC, 0, NEW_V4, ex_v4_src },
    { "ipv4_dst tcp", base_tcp4, OXM_IPV4_DST, 0, NEW_V4, ex_v4_dst },
    { "ipv4_src udp", base_udp4, OXM_IPV4_SRC, 0, NEW_V4, ex_v4_src },
    { "ipv4_src udp no csum", base_udp4_nocsum, OXM_IPV4_SRC, 0, NEW_V4,
      ex_v4_src },
    { "ipv4_dst sctp", base_sctp4, OXM_IPV4_DST, 0, NEW_V4, ex_v4_dst },
    { "ipv4_src icmp", base_icmp4, OXM_IPV4_SRC, 0, NEW_V4, ex_v4_src },
    { "ipv4_dst options fragment", base_udp4_options_fragment, OXM_IPV4_DST, 0,
      NEW_V4, ex_v4_dst },
    { "tcp_src", base_tcp4, OXM_TCP_SRC, 80, NULL, ex_sport80 },
    { "tcp_dst", base_vlan_tcp4, OXM_TCP_DST, 443, NULL, ex_dport443 },
    { "tcp_dst v6 ext", base_ext_tcp6, OXM_TCP_DST, 443, NULL, ex_dport443 },
    { "udp_src", base_udp4, OXM_UDP_SRC, 80, NULL, ex_sport80 },
    { "udp_dst no csum", base_udp4_nocsum, OXM_UDP_DST, 443, NULL,
      ex_dport443 },
    { "udp_dst options fragment", base_udp4_options_fragment, OXM_UDP_DST, 443,
      NULL, ex_dport443 },
    { "udp_dst v6", base_udp6, OXM_UDP_DST, 443, NULL, ex_dport443 },
    { "sctp_src", base_sctp4, OXM_SCTP_SRC, 80, NULL, ex_sport80 },
    { "sctp_dst", base_sctp4, OXM_SCTP_DST, 443, NULL, ex_dport443 },
    { "sctp_dst v6", base_sctp6, OXM_SCTP_DST, 443, NULL, ex_dport443 },
    { "icmpv4_type", base_icmp4, OXM_ICMPV4_TYPE, 0, NULL, ex_icmp_type0 },
    { "icmpv4_code", base_icmp4, OXM_ICMPV4_CODE, 3, NULL, ex_icmp_code3 },
    { "arp_op", base_arp, OXM_ARP_OP, 2, NULL, ex_arp_op2 },
    { "arp_spa", base_arp, OXM_ARP_SPA, 0, NEW_V4, ex_arp_spa },
    { "arp_tpa", base_arp, OXM_ARP_TPA, 0, NEW_V4, ex_arp_tpa },
    { "arp_sha", base_arp, OXM_ARP_SHA, 0, NEW_MAC, ex_arp_sha },
    { "arp_tha", base_arp, OXM_ARP_THA, 0, NEW_MAC, ex_arp_tha },
    { "ipv6_src tcp", base_tcp6, OXM_IPV6_SRC, 0, NEW_V6, ex_v6_src },
    { "ipv6_dst udp", base_udp6, OXM_IPV6_DST, 0, NEW_V6, ex_v6_dst },
    { "ipv6_src icmp6", base_icmp6, OXM_IPV6_SRC, 0, NEW_V6, ex_v6_src },
    { "ipv6_dst sctp", base_sctp6, OXM_IPV6_DST, 0, NEW_V6, ex_v6_dst },
    { "ipv6_src ext", base_ext_tcp6, OXM_IPV6_SRC, 0, NEW_V6, ex_v6_src },
    { "ipv6_dst nd", base_ns, OXM_IPV6_DST, 0, NEW_V6, ex_v6_dst },
    { "ipv6_flabel", base_qinq_udp6, OXM_IPV6_FLABEL, 0xfedcb, NULL,
      ex_flabel },
    { "icmpv6_type", base_icmp6, OXM_ICMPV6_TYPE, 129, NULL,
      ex_icmp6_type129 },
    { "icmpv6_code", base_icmp6, OXM_ICMPV6_CODE, 3, NULL, ex_icmp_code3 },
    { "icmpv6_type ns to na", base_ns, OXM_ICMPV6_TYPE, 136, NULL,
      ex_ns_to_na },
    { "nd_target ns", base_ns, OXM_IPV6_ND_TARGET, 0, NEW_V6, ex_nd_target },
    { "nd_target na", base_na, OXM_IPV6_ND_TARGET, 0, NEW_V6, ex_nd_target },
    { "nd_sll", base_ns, OXM_IPV6_ND_SLL, 0, NEW_MAC, ex_nd_ll },
    { "nd_tll", base_na, OXM_IPV6_ND_TLL, 0, NEW_MAC, ex_nd_ll },
    { "mpls_label", base_mpls2, OXM_MPLS_LABEL, 0xabcde, NULL, ex_mpls_label },
    { "mpls_tc", base_mpls2, OXM_MPLS_TC, 5, NULL, ex_mpls_tc },
    { "mpls_bos", base_mpls2, OXM_MPLS_BOS, 1, NULL, ex_mpls_bos },
    { "pbb_isid", base_pbb, OXM_PBB_ISID, 0xabcdef, NULL, ex_isid },
    { "tunnel_id", base_tcp4, OXM_TUNNEL_ID, 0x1234, NULL, ex_none },
};
#define N_SF_CASES (sizeof sf_cases / sizeof sf_cases[0])

START_TEST(test_set_field)
{
    const struct sf_case *c = &sf_cases[_i];
    struct spec s = c->base();
    struct ofp_action a = act_set(c->field, c->u, c->b);
    struct xpkt x;

    xstart(&x, &s);
    ck_assert_msg(xrun(&x, &a) == DP_EXEC_OK, "%s", c->name);
    c->expect(&s);
    xexpect(&x, &s);

    /* The key holds the new value (as the wire field normalises it). */
    struct oxm_value v;
    dp_key_get(&x.key, c->field, &v);
    if (c->field == OXM_ETH_TYPE) {
        ck_assert_uint_eq(get_be16(v.b), 0x88b5);
    } else if (c->field != OXM_ICMPV6_TYPE && c->field != OXM_MPLS_BOS &&
               c->field != OXM_IP_PROTO) {
        ck_assert_msg(!memcmp(v.b, a.u.set_field.value.b, OXM_LEN[c->field]),
                      "%s: key not updated", c->name);
    }
    xend(&x);
}
END_TEST

/* set_field on a frame without the header: skipped, nothing changes. */
struct na_case {
    struct spec (*base)(void);
    enum oxm_field field;
};

static struct spec
base_tcp4_later_fragment(void)
{
    struct spec s = spec_ip4(6);
    s.frag = 200;
    return s;
}

static struct spec
base_ns_no_sll(void)
{
    return base_nd(135, 14);
}

static struct spec
base_short(void)
{
    struct spec s = spec_eth(0x0800);
    s.payload = 0;
    return s;
}

static const struct na_case na_cases[] = {
    { base_udp4, OXM_TCP_SRC },
    { base_tcp4, OXM_UDP_DST },
    { base_tcp4, OXM_SCTP_SRC },
    { base_tcp4, OXM_VLAN_VID },
    { base_tcp4, OXM_VLAN_PCP },
    { base_tcp4, OXM_MPLS_LABEL },
    { base_tcp4, OXM_MPLS_TC },
    { base_tcp4, OXM_MPLS_BOS },
    { base_tcp4, OXM_PBB_ISID },
    { base_tcp4, OXM_ARP_SPA },
    { base_tcp4, OXM_ARP_OP },
    { base_tcp4, OXM_IPV6_SRC },
    { base_tcp4, OXM_IPV6_FLABEL },
    { base_tcp4, OXM_ICMPV4_TYPE },
    { base_tcp4, OXM_ICMPV6_CODE },
    { base_tcp4, OXM_IPV6_ND_TARGET },
    { base_icmp6, OXM_IPV6_ND_TARGET },
    { base_icmp6, OXM_ICMPV4_TYPE },
    { base_icmp4, OXM_ICMPV6_TYPE },
    { base_ns_no_sll, OXM_IPV6_ND_SLL },
    { base_ns, OXM_IPV6_ND_TLL },
    { base_na, OXM_IPV6_ND_SLL },
    { base_tcp6, OXM_IPV4_DST },
    { base_arp, OXM_IP_DSCP },
    { base_arp, OXM_IP_PROTO },
    { base_arp, OXM_IP_ECN },
    { base_mpls2, OXM_IPV4_SRC },
    { base_mpls2, OXM_TCP_SRC },
    { base_pbb, OXM_IPV4_SRC },
    { base_pbb, OXM_VLAN_VID },
    { base_tcp4_later_fragment, OXM_TCP_SRC },
    { base_tcp4, OXM_IN_PORT },
    { base_tcp4, OXM_IN_PHY_PORT },
    { base_tcp4, OXM_METADATA },
    { base_tcp6, OXM_IPV6_EXTHDR },
    { base_short, OXM_ETH_DST },
    { base_short, OXM_ETH_TYPE },
};
#define N_NA_CASES (sizeof na_cases / sizeof na_cases[0])

START_TEST(test_set_field_inapplicable)
{
    const struct na_case *c = &na_cases[_i];
    struct spec s = c->base();
    struct ofp_action a = act_set(c->field, 0x1, NULL);
    struct frame *fr = malloc(sizeof *fr);
    struct xpkt x;
    struct dp_key before;

    frame_build(fr, &s);
    /* The short case: 13 bytes, no complete Ethernet header. */
    xstart_frame(&x, fr, c->base == base_short ? 13 : SIZE_MAX);
    before = x.key;
    ck_assert_msg(xrun(&x, &a) == DP_EXEC_INAPPLICABLE, "case %d", _i);
    packet_expect(x.p, fr->b, x.p->size);
    ck_assert(!memcmp(&before, &x.key, sizeof before));
    xend(&x);
    free(fr);
}
END_TEST

/* An ND message cut short by the IPv6 payload length has no target for
 * the key even when the frame holds one: set_field must not write it
 * either (found by fuzz-key). */
START_TEST(test_nd_target_beyond_payload_length)
{
    struct spec s = base_ns();
    struct frame *fr = malloc(sizeof *fr);
    struct xpkt x;

    frame_build(fr, &s);
    put_be16(fr->b + 18, 11);
    xstart_frame(&x, fr, SIZE_MAX);
    ck_assert_uint_eq(key_uint(&x.key, OXM_ICMPV6_TYPE), 135);
    struct ofp_action a = act_set(OXM_IPV6_ND_TARGET, 0, NEW_V6);
    ck_assert(xrun(&x, &a) == DP_EXEC_INAPPLICABLE);
    packet_expect(x.p, fr->b, fr->n);
    a = act_set(OXM_IPV6_ND_SLL, 0, NEW_MAC);
    ck_assert(xrun(&x, &a) == DP_EXEC_INAPPLICABLE);
    packet_expect(x.p, fr->b, fr->n);
    xend(&x);
    free(fr);
}
END_TEST

/* UDP: a checksum that comes out as zero is sent as 0xffff. */
START_TEST(test_udp_csum_zero_becomes_ffff)
{
    struct spec s = spec_ip4(17);
    struct frame *fr = malloc(sizeof *fr);
    struct xpkt x;

    frame_build(fr, &s);
    uint16_t c = get_be16(fr->b + 34 + 6);
    uint32_t sum = (uint16_t)~c + (uint16_t)~s.sport;
    sum = (sum & 0xffff) + (sum >> 16);
    uint16_t sport = (uint16_t)(0xffff - sum); /* Makes the sum 0xffff. */

    xstart(&x, &s);
    struct ofp_action a = act_set(OXM_UDP_SRC, sport, NULL);
    ck_assert(xrun(&x, &a) == DP_EXEC_OK);
    ck_assert_uint_eq(get_be16(dp_packet_data(x.p) + 34 + 6), 0xffff);
    s.sport = sport;
    xexpect(&x, &s);
    xend(&x);
    free(fr);
}
END_TEST

/* A first SCTP fragment keeps its CRC: it covers bytes not in the frame. */
START_TEST(test_sctp_fragment_keeps_crc)
{
    struct spec s = spec_ip4(132);
    struct frame *fr = malloc(sizeof *fr);
    struct xpkt x;

    s.frag = 0x2000;
    frame_build(fr, &s);
    uint32_t crc = get_be32(fr->b + 34 + 8);
    xstart(&x, &s);
    struct ofp_action a = act_set(OXM_SCTP_SRC, 80, NULL);
    ck_assert(xrun(&x, &a) == DP_EXEC_OK);
    ck_assert_uint_eq(get_be16(dp_packet_data(x.p) + 34), 80);
    ck_assert_uint_eq(get_be32(dp_packet_data(x.p) + 34 + 8), crc);
    xend(&x);
    free(fr);
}
END_TEST

START_TEST(test_nw_ttl)
{
    struct spec s = spec_ip4(6);
    struct xpkt x;
    struct ofp_action set = act_ttl(OFPAT_SET_NW_TTL, 32);
    struct ofp_action dec = act(OFPAT_DEC_NW_TTL);

    /* IPv4: the header checksum follows. */
    xstart(&x, &s);
    ck_assert(xrun(&x, &set) == DP_EXEC_OK);
    s.ttl = 32;
    xexpect(&x, &s);
    ck_assert(xrun(&x, &dec) == DP_EXEC_OK);
    s.ttl = 31;
    xexpect(&x, &s);
    xend(&x);

    /* IPv6 hop limit, behind two tags. */
    s = base_qinq_udp6();
    xstart(&x, &s);
    ck_assert(xrun(&x, &dec) == DP_EXEC_OK);
    s.ttl = 63;
    xexpect(&x, &s);
    ck_assert(xrun(&x, &set) == DP_EXEC_OK);
    s.ttl = 32;
    xexpect(&x, &s);
    xend(&x);

    /* Expiry: TTL 1 would reach 0, TTL 0 already has; the packet is left
     * as it was. */
    for (uint8_t ttl = 0; ttl <= 1; ttl++) {
        s = spec_ip4(17);
        s.ttl = ttl;
        xstart(&x, &s);
        ck_assert(xrun(&x, &dec) == DP_EXEC_TTL_EXPIRED);
        xexpect(&x, &s);
        xend(&x);
        s = spec_ip6(6);
        s.ttl = ttl;
        xstart(&x, &s);
        ck_assert(xrun(&x, &dec) == DP_EXEC_TTL_EXPIRED);
        xexpect(&x, &s);
        xend(&x);
    }

    /* TTL 2 decrements to 1. */
    s = spec_ip4(17);
    s.ttl = 2;
    xstart(&x, &s);
    ck_assert(xrun(&x, &dec) == DP_EXEC_OK);
    s.ttl = 1;
    xexpect(&x, &s);
    xend(&x);

    /* Not IP (ARP, or IP under MPLS or PBB that the key does not see). */
    struct spec (*const na[])(void) = { base_arp, base_mpls2, base_pbb };
    for (size_t i = 0; i < 3; i++) {
        s = na[i]();
        xstart(&x, &s);
        ck_assert(xrun(&x, &set) == DP_EXEC_INAPPLICABLE);
        ck_assert(xrun(&x, &dec) == DP_EXEC_INAPPLICABLE);
        xexpect(&x, &s);
        xend(&x);
    }
}
END_TEST

START_TEST(test_mpls_ttl)
{
    struct spec s = base_mpls2();
    struct xpkt x;
    struct ofp_action set = act_ttl(OFPAT_SET_MPLS_TTL, 5);
    struct ofp_action dec = act(OFPAT_DEC_MPLS_TTL);

    xstart(&x, &s);
    ck_assert(xrun(&x, &dec) == DP_EXEC_OK);
    s.lse[0] = (s.lse[0] & ~0xffu) | 63;
    xexpect(&x, &s);
    ck_assert(xrun(&x, &set) == DP_EXEC_OK);
    s.lse[0] = (s.lse[0] & ~0xffu) | 5;
    xexpect(&x, &s);
    xend(&x);

    for (uint32_t ttl = 0; ttl <= 1; ttl++) {
        s = base_mpls2();
        s.lse[0] = (s.lse[0] & ~0xffu) | ttl;
        xstart(&x, &s);
        ck_assert(xrun(&x, &dec) == DP_EXEC_TTL_EXPIRED);
        xexpect(&x, &s);
        xend(&x);
    }

    s = spec_ip4(6);
    xstart(&x, &s);
    ck_assert(xrun(&x, &set) == DP_EXEC_INAPPLICABLE);
    ck_assert(xrun(&x, &dec) == DP_EXEC_INAPPLICABLE);
    xexpect(&x, &s);
    xend(&x);
}
END_TEST

/* One MPLS entry (bottom of stack) with TTL 'mpls_ttl' over 'inner'. */
static struct spec
mpls_over(struct spec inner, uint8_t mpls_ttl)
{
    inner.n_mpls = 1;
    inner.lse[0] = 100 << 12 | 3 << 9 | 1 << 8 | mpls_ttl;
    return inner;
}

START_TEST(test_copy_ttl)
{
    struct ofp_action out = act(OFPAT_COPY_TTL_OUT);
    struct ofp_action in = act(OFPAT_COPY_TTL_IN);
    struct spec s, ip;
    struct xpkt x;

    /* IP to MPLS and back (the Ryu test frames: MPLS TTL 64, IP 32). */
    for (int v6 = 0; v6 <= 1; v6++) {
        ip = v6 ? spec_ip6(6) : spec_ip4(6);
        ip.ttl = 32;
        s = mpls_over(ip, 64);
        xstart(&x, &s);
        ck_assert(xrun(&x, &out) == DP_EXEC_OK);
        s = mpls_over(ip, 32);
        xexpect(&x, &s);
        xend(&x);

        s = mpls_over(ip, 64);
        xstart(&x, &s);
        ck_assert(xrun(&x, &in) == DP_EXEC_OK);
        ip.ttl = 64; /* IPv4: with its header checksum. */
        s = mpls_over(ip, 64);
        xexpect(&x, &s);
        xend(&x);
    }

    /* MPLS to MPLS. */
    s = base_mpls2();
    xstart(&x, &s);
    ck_assert(xrun(&x, &out) == DP_EXEC_OK);
    s.lse[0] = (s.lse[0] & ~0xffu) | 63;
    xexpect(&x, &s);
    xend(&x);
    s = base_mpls2();
    xstart(&x, &s);
    ck_assert(xrun(&x, &in) == DP_EXEC_OK);
    s.lse[1] = (s.lse[1] & ~0xffu) | 64;
    xexpect(&x, &s);
    xend(&x);

    /* IP to IP: IPv4 in IPv4 and IPv6 in IPv6. */
    s = spec_ip4(4);
    s.ttl = 64;
    s.inner_ttl = 9;
    s.payload = 0;
    xstart(&x, &s);
    ck_assert(xrun(&x, &out) == DP_EXEC_OK);
    s.ttl = 9;
    xexpect(&x, &s);
    s.ttl = 70;
    xend(&x);
    xstart(&x, &s);
    ck_assert(xrun(&x, &in) == DP_EXEC_OK);
    s.inner_ttl = 70;
    xexpect(&x, &s);
    xend(&x);

    s = spec_ip6(41);
    s.inner_ttl = 200;
    xstart(&x, &s);
    ck_assert(xrun(&x, &out) == DP_EXEC_OK);
    s.ttl = 200;
    xexpect(&x, &s);
    xend(&x);

    /* Nothing to copy between: plain IP, ARP, MPLS over ARP. */
    struct spec (*const na[])(void) = { base_tcp4, base_tcp6, base_arp };
    for (size_t i = 0; i < 3; i++) {
        s = na[i]();
        xstart(&x, &s);
        ck_assert(xrun(&x, &out) == DP_EXEC_INAPPLICABLE);
        ck_assert(xrun(&x, &in) == DP_EXEC_INAPPLICABLE);
        xexpect(&x, &s);
        xend(&x);
    }
    s = mpls_over(spec_arp(1), 10);
    xstart(&x, &s);
    ck_assert(xrun(&x, &out) == DP_EXEC_INAPPLICABLE);
    ck_assert(xrun(&x, &in) == DP_EXEC_INAPPLICABLE);
    xexpect(&x, &s);
    xend(&x);
}
END_TEST

START_TEST(test_push_pop_vlan)
{
    struct spec s = spec_ip4(6);
    struct xpkt x;
    struct ofp_action push = act_ethertype(OFPAT_PUSH_VLAN, 0x8100);
    struct ofp_action push_ad = act_ethertype(OFPAT_PUSH_VLAN, 0x88a8);
    struct ofp_action pop = act(OFPAT_POP_VLAN);

    /* Untagged: a new tag with VID and PCP 0. */
    xstart(&x, &s);
    ck_assert(xrun(&x, &push) == DP_EXEC_OK);
    s.n_tags = 1;
    s.tpid[0] = 0x8100;
    s.tci[0] = 0;
    xexpect(&x, &s);
    ck_assert_uint_eq(key_uint(&x.key, OXM_VLAN_VID), 0x1000);
    ck_assert_uint_eq(key_uint(&x.key, OXM_ETH_TYPE), 0x0800);

    /* Tagged: the new outer tag copies the existing TCI (Ryu "PUSH_VLAN
     * (multiple)"). */
    struct ofp_action vid = act_set(OXM_VLAN_VID, 0x1000 | 100, NULL);
    struct ofp_action pcp = act_set(OXM_VLAN_PCP, 3, NULL);
    ck_assert(xrun(&x, &vid) == DP_EXEC_OK);
    ck_assert(xrun(&x, &pcp) == DP_EXEC_OK);
    ck_assert(xrun(&x, &push_ad) == DP_EXEC_OK);
    s.n_tags = 2;
    s.tpid[0] = 0x88a8;
    s.tci[0] = 3 << 13 | 100;
    s.tpid[1] = 0x8100;
    s.tci[1] = 3 << 13 | 100;
    xexpect(&x, &s);
    ck_assert_uint_eq(key_uint(&x.key, OXM_VLAN_VID), 0x1000 | 100);
    ck_assert_uint_eq(key_uint(&x.key, OXM_VLAN_PCP), 3);

    /* Pops remove the outer tag each time. */
    ck_assert(xrun(&x, &pop) == DP_EXEC_OK);
    s.n_tags = 1;
    s.tpid[0] = 0x8100;
    xexpect(&x, &s);
    ck_assert(xrun(&x, &pop) == DP_EXEC_OK);
    s.n_tags = 0;
    xexpect(&x, &s);
    ck_assert_uint_eq(key_uint(&x.key, OXM_VLAN_VID), 0);
    ck_assert(xrun(&x, &pop) == DP_EXEC_INAPPLICABLE);
    xexpect(&x, &s);
    xend(&x);

    /* The DEI bit is copied too. */
    s = base_vlan_tcp4();
    xstart(&x, &s);
    ck_assert(xrun(&x, &push) == DP_EXEC_OK);
    s.n_tags = 2;
    s.tpid[1] = s.tpid[0];
    s.tci[1] = s.tci[0];
    xexpect(&x, &s);
    xend(&x);

    /* On ARP and on a frame with another tag type after the tags. */
    s = spec_arp(2);
    xstart(&x, &s);
    ck_assert(xrun(&x, &push_ad) == DP_EXEC_OK);
    s.n_tags = 1;
    s.tpid[0] = 0x88a8;
    xexpect(&x, &s);
    xend(&x);
}
END_TEST

START_TEST(test_push_pop_mpls)
{
    struct ofp_action push = act_ethertype(OFPAT_PUSH_MPLS, 0x8847);
    struct ofp_action push_mc = act_ethertype(OFPAT_PUSH_MPLS, 0x8848);
    struct ofp_action pop_ip = act_ethertype(OFPAT_POP_MPLS, 0x0800);
    struct ofp_action pop_mpls = act_ethertype(OFPAT_POP_MPLS, 0x8847);
    struct spec s;
    struct xpkt x;

    /* IPv4 and IPv6: label 0, TC 0, bottom of stack, TTL from IP. */
    for (int v6 = 0; v6 <= 1; v6++) {
        s = v6 ? spec_ip6(6) : spec_ip4(6);
        s.ttl = 57;
        xstart(&x, &s);
        ck_assert(xrun(&x, &push) == DP_EXEC_OK);
        s.n_mpls = 1;
        s.lse[0] = 1 << 8 | 57;
        xexpect(&x, &s);
        ck_assert_uint_eq(key_uint(&x.key, OXM_ETH_TYPE), 0x8847);
        ck_assert_uint_eq(key_uint(&x.key, OXM_MPLS_BOS), 1);
        xend(&x);
    }

    /* ARP: TTL 0 (Ryu's expected frame). */
    s = spec_arp(1);
    xstart(&x, &s);
    ck_assert(xrun(&x, &push) == DP_EXEC_OK);
    s.n_mpls = 1;
    s.lse[0] = 1 << 8;
    xexpect(&x, &s);
    xend(&x);

    /* Over an existing stack: a copy of the top entry, not bottom. */
    s = mpls_over(spec_ip4(6), 64);
    xstart(&x, &s);
    ck_assert(xrun(&x, &push) == DP_EXEC_OK);
    s.n_mpls = 2;
    s.lse[1] = s.lse[0];
    s.lse[0] &= ~0x100u;
    xexpect(&x, &s);
    ck_assert_uint_eq(key_uint(&x.key, OXM_MPLS_LABEL), 100);
    ck_assert_uint_eq(key_uint(&x.key, OXM_MPLS_TC), 3);
    ck_assert_uint_eq(key_uint(&x.key, OXM_MPLS_BOS), 0);

    /* Popping a non-bottom entry, then the bottom one. */
    ck_assert(xrun(&x, &pop_mpls) == DP_EXEC_OK);
    s.n_mpls = 1;
    s.lse[0] = s.lse[1];
    xexpect(&x, &s);
    ck_assert(xrun(&x, &pop_ip) == DP_EXEC_OK);
    s.n_mpls = 0;
    xexpect(&x, &s);
    ck_assert_uint_eq(key_uint(&x.key, OXM_TCP_SRC), 11111);
    ck_assert(xrun(&x, &pop_ip) == DP_EXEC_INAPPLICABLE);
    xend(&x);

    /* After VLAN tags (OF1.3: tags stay outside the label stack). */
    s = base_vlan_tcp4();
    xstart(&x, &s);
    ck_assert(xrun(&x, &push_mc) == DP_EXEC_OK);
    s.n_mpls = 1;
    s.lse[0] = 1 << 8 | 64;
    s.wire_type = 0x8848;
    xexpect(&x, &s);
    ck_assert_uint_eq(key_uint(&x.key, OXM_ETH_TYPE), 0x8848);
    xend(&x);
}
END_TEST

/* A pop that leaves less than the 60-byte Ethernet minimum pads the frame
 * with zeros, as a NIC would (found by Ryu's pop_mpls ICMP cases: an
 * echo request in one MPLS label is 60 bytes with padding; without the
 * pad it left at 56). */
START_TEST(test_pop_pads_to_ethernet_minimum)
{
    static const char in_hex[] =
        "222222222222121111111111884700064740"
        "45200024000000004001db4ac0a80a0ac0a81414"
        "080059da000000000123456789abcdef000000000000";
    static const char out_hex[] =
        "2222222222221211111111110800"
        "45200024000000004001db4ac0a80a0ac0a81414"
        "080059da000000000123456789abcdef00000000000000000000";
    uint8_t in[60], out[60];
    for (size_t i = 0; i < 60; i++) {
        sscanf(in_hex + 2 * i, "%2hhx", &in[i]);
        sscanf(out_hex + 2 * i, "%2hhx", &out[i]);
    }
    struct dp_packet *pkt = dp_packet_create(in, sizeof in, 0);
    struct dp_key key, fresh;
    dp_key_extract(pkt, 0, &key);
    struct ofp_action pop = act_ethertype(OFPAT_POP_MPLS, 0x0800);
    ck_assert(dp_execute_action(pkt, &key, &pop) == DP_EXEC_OK);
    ck_assert_uint_eq(pkt->size, 60);
    ck_assert(!memcmp(dp_packet_data(pkt), out, 60));
    dp_key_extract(pkt, 0, &fresh);
    ck_assert(!memcmp(&key, &fresh, sizeof key));

    /* A frame that arrived short stays short: only what we shrank is
     * padded. */
    dp_packet_destroy(pkt);
    pkt = dp_packet_create(in, 58, 0);
    dp_key_extract(pkt, 0, &key);
    ck_assert(dp_execute_action(pkt, &key, &pop) == DP_EXEC_OK);
    ck_assert_uint_eq(pkt->size, 54);
    dp_packet_destroy(pkt);
}
END_TEST

START_TEST(test_push_pop_pbb)
{
    struct ofp_action push = act_ethertype(OFPAT_PUSH_PBB, 0x88e7);
    struct ofp_action pop = act(OFPAT_POP_PBB);
    struct spec s, c;
    struct xpkt x;

    /* Ryu "PUSH_PBB (multiple)": B-DA/B-SA from the customer addresses,
     * I-SID 0, then copied from the first I-TAG. */
    c = spec_ip4(6);
    xstart(&x, &c);
    ck_assert(xrun(&x, &push) == DP_EXEC_OK);
    s = c;
    s.pbb = true;
    memcpy(s.b_dst, c.dst, 6);
    memcpy(s.b_src, c.src, 6);
    xexpect(&x, &s);
    ck_assert_uint_eq(key_uint(&x.key, OXM_ETH_TYPE), 0x88e7);
    ck_assert_uint_eq(key_uint(&x.key, OXM_PBB_ISID), 0);

    struct ofp_action isid = act_set(OXM_PBB_ISID, 0x123456, NULL);
    ck_assert(xrun(&x, &isid) == DP_EXEC_OK);
    ck_assert(xrun(&x, &push) == DP_EXEC_OK);
    ck_assert_uint_eq(x.p->size, c.payload + 54 + 36);
    uint8_t *f = dp_packet_data(x.p);
    ck_assert(!memcmp(f, c.dst, 6) && !memcmp(f + 6, c.src, 6));
    ck_assert_uint_eq(get_be16(f + 12), 0x88e7);
    ck_assert_uint_eq(get_be32(f + 14), 0x123456);
    ck_assert_uint_eq(get_be32(f + 32), 0x123456);
    ck_assert_uint_eq(key_uint(&x.key, OXM_PBB_ISID), 0x123456);

    /* Two pops give the customer frame back. */
    ck_assert(xrun(&x, &pop) == DP_EXEC_OK);
    ck_assert(xrun(&x, &pop) == DP_EXEC_OK);
    xexpect(&x, &c);
    ck_assert_uint_eq(key_uint(&x.key, OXM_TCP_DST), 2222);
    ck_assert(xrun(&x, &pop) == DP_EXEC_INAPPLICABLE);
    xexpect(&x, &c);
    xend(&x);

    /* A tagged customer frame: I-PCP from the VLAN PCP; the tags stay in
     * the customer frame (Ryu "POP_PBB" shape). */
    c = base_qinq_udp6();
    c.tci[0] = 5 << 13 | 10;
    xstart(&x, &c);
    ck_assert(xrun(&x, &push) == DP_EXEC_OK);
    s = c;
    s.pbb = true;
    memcpy(s.b_dst, c.dst, 6);
    memcpy(s.b_src, c.src, 6);
    s.i_pcp = 5;
    xexpect(&x, &s);
    ck_assert_uint_eq(key_uint(&x.key, OXM_VLAN_VID), 0);
    ck_assert(xrun(&x, &pop) == DP_EXEC_OK);
    xexpect(&x, &c);
    ck_assert_uint_eq(key_uint(&x.key, OXM_VLAN_VID), 0x1000 | 10);
    xend(&x);
}
END_TEST

START_TEST(test_other_actions_do_nothing)
{
    static const uint16_t types[] = { OFPAT_OUTPUT, OFPAT_SET_QUEUE,
                                      OFPAT_GROUP, OFPAT_EXPERIMENTER, 99 };
    struct spec s = spec_ip4(6);
    struct xpkt x;

    xstart(&x, &s);
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        struct ofp_action a = act(types[i]);
        struct dp_key before = x.key;
        ck_assert(xrun(&x, &a) == DP_EXEC_OK);
        ck_assert(!memcmp(&before, &x.key, sizeof before));
        xexpect(&x, &s);
    }
    xend(&x);
}
END_TEST

/* Every action, applied to every prefix of many frames, in a long chain:
 * no read or write past the frame (AddressSanitizer), and the key always
 * equals a fresh extraction. */
static struct ofp_action
sample_action(size_t i)
{
    static const uint8_t mac[6] = { 1, 2, 3, 4, 5, 6 };
    static const uint8_t v6[16] = { 0xfe, 0x80, [15] = 7 };
    switch (i) {
    case 0:
        return act(OFPAT_COPY_TTL_OUT);
    case 1:
        return act(OFPAT_COPY_TTL_IN);
    case 2:
        return act_ttl(OFPAT_SET_MPLS_TTL, 9);
    case 3:
        return act(OFPAT_DEC_MPLS_TTL);
    case 4:
        return act_ethertype(OFPAT_PUSH_VLAN, 0x8100);
    case 5:
        return act(OFPAT_POP_VLAN);
    case 6:
        return act_ethertype(OFPAT_PUSH_MPLS, 0x8847);
    case 7:
        return act_ethertype(OFPAT_POP_MPLS, 0x0800);
    case 8:
        return act_ttl(OFPAT_SET_NW_TTL, 3);
    case 9:
        return act(OFPAT_DEC_NW_TTL);
    case 10:
        return act_ethertype(OFPAT_PUSH_PBB, 0x88e7);
    case 11:
        return act(OFPAT_POP_PBB);
    case 12:
        return act_ethertype(OFPAT_POP_MPLS, 0x86dd);
    default:
        break;
    }
    /* Then one set_field per field. */
    enum oxm_field f = (enum oxm_field)(i - 13);
    switch (f) {
    case OXM_ETH_DST:
    case OXM_ETH_SRC:
    case OXM_ARP_SHA:
    case OXM_ARP_THA:
    case OXM_IPV6_ND_SLL:
    case OXM_IPV6_ND_TLL:
        return act_set(f, 0, mac);
    case OXM_IPV6_SRC:
    case OXM_IPV6_DST:
    case OXM_IPV6_ND_TARGET:
        return act_set(f, 0, v6);
    case OXM_VLAN_VID:
        return act_set(f, 0x1000 | 55, NULL);
    case OXM_ETH_TYPE:
        return act_set(f, 0x86dd, NULL);
    case OXM_IP_PROTO:
        return act_set(f, 6, NULL);
    case OXM_ICMPV6_TYPE:
        return act_set(f, 136, NULL);
    default:
        return act_set(f, 0x0a0b0c0d, NULL);
    }
}
#define N_SAMPLE_ACTIONS (13 + OXM_N_FIELDS)

static struct spec (*const chain_bases[])(void) = {
    base_tcp4,     base_udp4,      base_udp4_options_fragment,
    base_sctp4,    base_icmp4,     base_tcp6,
    base_udp6,     base_sctp6,     base_icmp6,
    base_ext_tcp6, base_ns,        base_na,
    base_arp,      base_vlan_tcp4, base_qinq_udp6,
    base_mpls2,    base_pbb,       base_tcp4_later_fragment,
};
#define N_CHAIN_BASES (sizeof chain_bases / sizeof chain_bases[0])

START_TEST(test_every_action_every_prefix)
{
    struct spec s = chain_bases[_i]();
    struct frame *fr = malloc(sizeof *fr);

    frame_build(fr, &s);
    for (size_t len = 0; len <= fr->n; len++) {
        for (size_t i = 0; i < N_SAMPLE_ACTIONS; i++) {
            struct ofp_action a = sample_action(i);
            struct xpkt x;
            xstart_frame(&x, fr, len);
            enum dp_exec_result r = xrun(&x, &a);
            CHECK(r == DP_EXEC_OK || r == DP_EXEC_INAPPLICABLE ||
                  r == DP_EXEC_TTL_EXPIRED);
            xend(&x);
        }
    }

    /* And all of them in sequence on the whole frame, twice round. */
    struct xpkt x;
    xstart_frame(&x, fr, SIZE_MAX);
    for (size_t round = 0; round < 2; round++) {
        for (size_t i = 0; i < N_SAMPLE_ACTIONS; i++) {
            struct ofp_action a = sample_action(i);
            xrun(&x, &a);
        }
    }
    xend(&x);
    free(fr);
}
END_TEST

START_TEST(test_checksum_helpers)
{
    /* RFC 1071 §3 example: the sum of these words is 0xddf2. */
    static const uint8_t rfc1071[] = { 0x00, 0x01, 0xf2, 0x03,
                                       0xf4, 0xf5, 0xf6, 0xf7 };
    ck_assert_uint_eq(dp_csum(rfc1071, sizeof rfc1071), (uint16_t)~0xddf2);
    ck_assert_uint_eq(dp_csum(rfc1071, 7), ref_fold(ref_sum(0, rfc1071, 7)));
    ck_assert_uint_eq(dp_csum(NULL, 0), 0xffff);

    /* The CRC32c check value (RFC 3720 B.4 / the "123456789" test). */
    ck_assert_uint_eq(dp_crc32c("123456789", 9), 0xe3069283);
    uint8_t buf[300];
    for (size_t i = 0; i < sizeof buf; i++) {
        buf[i] = (uint8_t)(i * 7 + 3);
    }
    for (size_t n = 0; n <= sizeof buf; n += 37) {
        ck_assert_uint_eq(dp_crc32c(buf, n), ref_crc32c(buf, n));
        ck_assert_uint_eq(dp_csum(buf, n), ref_fold(ref_sum(0, buf, n)));
    }
}
END_TEST

/* Scapy oracles for a rewrite: the exact frames scapy builds after the
 * change (hex from /usr/bin/python3 + scapy 2.5). */
START_TEST(test_scapy_rewrites)
{
    struct xpkt x;
    struct spec s;

    /* IP(src="10.1.2.3",...)/TCP(sport=80,...): set ipv4_src, tcp_src. */
    static const char tcp4_hex[] =
        "22222222222212111111111108004522003012340000400687b2"
        "0a010203c0a81414005008ae000000010000000050022000"
        "960700000102030405060708";
    /* SCTP(sport=11111, dport=443): CRC32c recomputed. */
    static const char sctp4_hex[] =
        "222222222222121111111111080045220038123400004084c87d"
        "c0a80a0ac0a814142b6701bb01020304d4b07d5500030018"
        "0000000100000000000000000102030405060708";
    uint8_t want[200];
    size_t n = 0;

    s = spec_ip4(6);
    xstart(&x, &s);
    struct ofp_action a1 = act_set(OXM_IPV4_SRC, 0, NEW_V4);
    struct ofp_action a2 = act_set(OXM_TCP_SRC, 80, NULL);
    ck_assert(xrun(&x, &a1) == DP_EXEC_OK);
    ck_assert(xrun(&x, &a2) == DP_EXEC_OK);
    for (n = 0; tcp4_hex[2 * n]; n++) {
        unsigned int b;
        ck_assert_int_eq(sscanf(tcp4_hex + 2 * n, "%2x", &b), 1);
        want[n] = (uint8_t)b;
    }
    packet_expect(x.p, want, n);
    xend(&x);

    s = spec_ip4(132);
    xstart(&x, &s);
    struct ofp_action a3 = act_set(OXM_SCTP_DST, 443, NULL);
    ck_assert(xrun(&x, &a3) == DP_EXEC_OK);
    for (n = 0; sctp4_hex[2 * n]; n++) {
        unsigned int b;
        ck_assert_int_eq(sscanf(sctp4_hex + 2 * n, "%2x", &b), 1);
        want[n] = (uint8_t)b;
    }
    packet_expect(x.p, want, n);
    xend(&x);
}
END_TEST

static Suite *
dp_execute_suite(void)
{
    Suite *s = suite_create("dp-execute");
    TCase *tc = tcase_create("set_field");
    tcase_add_loop_test(tc, test_set_field, 0, N_SF_CASES);
    tcase_add_loop_test(tc, test_set_field_inapplicable, 0, N_NA_CASES);
    tcase_add_test(tc, test_udp_csum_zero_becomes_ffff);
    tcase_add_test(tc, test_nd_target_beyond_payload_length);
    tcase_add_test(tc, test_sctp_fragment_keeps_crc);
    tcase_add_test(tc, test_scapy_rewrites);
    suite_add_tcase(s, tc);

    tc = tcase_create("actions");
    tcase_add_test(tc, test_nw_ttl);
    tcase_add_test(tc, test_mpls_ttl);
    tcase_add_test(tc, test_copy_ttl);
    tcase_add_test(tc, test_push_pop_vlan);
    tcase_add_test(tc, test_push_pop_mpls);
    tcase_add_test(tc, test_pop_pads_to_ethernet_minimum);
    tcase_add_test(tc, test_push_pop_pbb);
    tcase_add_test(tc, test_other_actions_do_nothing);
    tcase_add_test(tc, test_checksum_helpers);
    suite_add_tcase(s, tc);

    tc = tcase_create("robustness");
    tcase_set_timeout(tc, 300);
    tcase_add_loop_test(tc, test_every_action_every_prefix, 0, N_CHAIN_BASES);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    SRunner *sr = srunner_create(dp_execute_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
