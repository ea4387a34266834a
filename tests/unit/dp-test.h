/* tests/unit/dp-test.h -- helpers shared by the datapath frame tests
 * (test-dp-key.c, test-dp-execute.c).  A frame is described by a plain
 * 'struct spec' and built byte by byte by frame_build(), which also fills
 * in lengths and every checksum with reference implementations written the
 * slow, obvious way (byte-pair sums, a bitwise CRC32c), so that the code
 * under test is checked against something independent of it.  A few built
 * frames are compared with scapy's output in test-dp-key.c to pin the
 * builder itself.  Key expectations are lists of (field, bytes needed,
 * value): a field reads as its value once the frame is at least that long,
 * and as zero before. */
#ifndef TESTS_UNIT_DP_TEST_H
#define TESTS_UNIT_DP_TEST_H 1

#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "datapath/key.h"
#include "datapath/packet.h"
#include "util/cur.h"

#define FRAME_MAX 2048

/* An assertion for hot loops: check's ck_assert() reports every passing
 * check to the parent process, which makes loops over every prefix and
 * every action slow. */
#define CHECK(COND)                                                     \
    do {                                                                \
        if (!(COND)) {                                                  \
            ck_abort_msg("%s:%d: check failed: %s", __FILE__, __LINE__, \
                         #COND);                                        \
        }                                                               \
    } while (0)
#define NO_OFS SIZE_MAX

/* One IPv6 extension header: 'len' is the header's own length field. */
struct ext {
    uint8_t type;
    uint8_t len;
    uint16_t frag; /* Fragment header: offset << 3 | M. */
};

struct spec {
    /* PBB backbone header in front of everything else. */
    bool pbb;
    uint8_t b_dst[6], b_src[6];
    uint8_t i_pcp;
    uint32_t isid;

    uint8_t dst[6], src[6];
    int n_tags;
    uint16_t tpid[4], tci[4];
    int n_mpls;
    uint32_t lse[4];
    uint16_t eth_type;  /* Type of the payload (under MPLS, if any). */
    uint16_t wire_type; /* If set, written instead of 'eth_type'. */

    /* IPv4 / IPv6. */
    uint8_t tos, ttl, proto;
    uint8_t v4_src[4], v4_dst[4];
    int opt_words; /* IPv4 options, in 4-byte words. */
    uint16_t frag; /* IPv4 flags and fragment offset. */
    uint32_t flabel;
    uint8_t v6_src[16], v6_dst[16];
    int n_ext;
    struct ext ext[8];
    uint8_t inner_ttl; /* IP-in-IP (proto 4 or 41): the inner TTL. */

    /* ARP. */
    uint16_t arp_op, arp_htype;
    uint8_t sha[6], spa[4], tha[6], tpa[4];

    /* Transport. */
    uint16_t sport, dport;
    uint8_t icmp_type, icmp_code;
    uint8_t nd_target[16];
    uint32_t nd_flags; /* NA: router, solicited, override. */
    int n_nd_opts;
    uint8_t nd_opt[3];     /* Option types. */
    uint8_t nd_opt_len[3]; /* In 8-byte units. */
    uint8_t nd_ll[6];
    bool udp_no_csum;
    uint8_t l4_kind; /* If set, the header built for 'proto' is this
                      * protocol's (a rewritten IP_PROTO). */

    size_t payload; /* Payload bytes 1, 2, 3, ... */
    size_t pad;     /* Zero bytes after the IP datagram. */
};

struct frame {
    uint8_t b[FRAME_MAX];
    size_t n;
    size_t l3, l4, inner, ip_end;
    size_t nd_opt_ofs[3];
};

static const uint8_t MAC_DST[6] = { 0x22, 0x22, 0x22, 0x22, 0x22, 0x22 };
static const uint8_t MAC_SRC[6] = { 0x12, 0x11, 0x11, 0x11, 0x11, 0x11 };
static const uint8_t V4_SRC[4] = { 192, 168, 10, 10 };
static const uint8_t V4_DST[4] = { 192, 168, 20, 20 };
static const uint8_t V6_SRC[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0,
                                    0,    0,    0,    0,    0, 0, 0, 0x10 };
static const uint8_t V6_DST[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0,
                                    0,    0,    0,    0,    0, 0, 0, 0x20 };

static inline struct spec
spec_eth(uint16_t eth_type)
{
    struct spec s;
    memset(&s, 0, sizeof s);
    memcpy(s.dst, MAC_DST, 6);
    memcpy(s.src, MAC_SRC, 6);
    s.eth_type = eth_type;
    s.payload = 8;
    return s;
}

static inline struct spec
spec_ip4(uint8_t proto)
{
    struct spec s = spec_eth(0x0800);
    s.tos = 0x22; /* DSCP 8, ECN 2. */
    s.ttl = 64;
    s.proto = proto;
    memcpy(s.v4_src, V4_SRC, 4);
    memcpy(s.v4_dst, V4_DST, 4);
    s.sport = 11111;
    s.dport = 2222;
    s.icmp_type = 8;
    return s;
}

static inline struct spec
spec_ip6(uint8_t proto)
{
    struct spec s = spec_eth(0x86dd);
    s.tos = 0x5d; /* Traffic class: DSCP 23, ECN 1. */
    s.ttl = 64;
    s.proto = proto;
    s.flabel = 0x12345;
    memcpy(s.v6_src, V6_SRC, 16);
    memcpy(s.v6_dst, V6_DST, 16);
    s.sport = 11111;
    s.dport = 2222;
    s.icmp_type = 128;
    return s;
}

static inline struct spec
spec_arp(uint16_t op)
{
    static const uint8_t tha[6] = { 0, 0, 0, 0, 0, 0 };
    struct spec s = spec_eth(0x0806);
    s.arp_op = op;
    s.arp_htype = 1;
    memcpy(s.sha, MAC_SRC, 6);
    memcpy(s.spa, V4_SRC, 4);
    memcpy(s.tha, tha, 6);
    memcpy(s.tpa, V4_DST, 4);
    s.payload = 18; /* Pads the frame to 60 bytes. */
    return s;
}

static inline void
put8(struct frame *fr, uint8_t x)
{
    CHECK(fr->n < FRAME_MAX);
    fr->b[fr->n++] = x;
}

static inline void
put16(struct frame *fr, uint16_t x)
{
    put8(fr, (uint8_t)(x >> 8));
    put8(fr, (uint8_t)x);
}

static inline void
put32(struct frame *fr, uint32_t x)
{
    put16(fr, (uint16_t)(x >> 16));
    put16(fr, (uint16_t)x);
}

static inline void
putn(struct frame *fr, const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        put8(fr, p[i]);
    }
}

/* Reference Internet checksum: add bytes as high/low halves of 16-bit
 * words, fold, complement. */
static inline uint32_t
ref_sum(uint32_t acc, const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        acc += (i & 1) ? p[i] : (uint32_t)p[i] << 8;
    }
    return acc;
}

static inline uint16_t
ref_fold(uint32_t acc)
{
    while (acc >> 16) {
        acc = (acc & 0xffff) + (acc >> 16);
    }
    return (uint16_t)~acc;
}

/* Reference CRC32c, bit by bit. */
static inline uint32_t
ref_crc32c(const uint8_t *p, size_t n)
{
    uint32_t crc = 0xffffffffu;
    for (size_t i = 0; i < n; i++) {
        crc ^= p[i];
        for (int b = 0; b < 8; b++) {
            crc = (crc >> 1) ^ (0x82f63b78u & (0u - (crc & 1)));
        }
    }
    return ~crc;
}

static inline void
payload_bytes(struct frame *fr, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        put8(fr, (uint8_t)(i + 1));
    }
}

static inline void
build_l4(struct frame *fr, const struct spec *s, bool v6)
{
    fr->l4 = fr->n;
    switch (s->l4_kind ? s->l4_kind : s->proto) {
    case 6:
        put16(fr, s->sport);
        put16(fr, s->dport);
        put32(fr, 1);
        put32(fr, 0);
        put8(fr, 5 << 4);
        put8(fr, 0x02);
        put16(fr, 8192);
        put16(fr, 0);
        put16(fr, 0);
        break;
    case 17:
        put16(fr, s->sport);
        put16(fr, s->dport);
        put16(fr, 0);
        put16(fr, 0);
        break;
    case 132:
        put16(fr, s->sport);
        put16(fr, s->dport);
        put32(fr, 0x01020304);
        put32(fr, 0);
        put8(fr, 0); /* DATA chunk. */
        put8(fr, 3);
        put16(fr, (uint16_t)(16 + s->payload));
        put32(fr, 1);
        put16(fr, 0);
        put16(fr, 0);
        put32(fr, 0);
        break;
    case 1:
    case 58:
        put8(fr, s->icmp_type);
        put8(fr, s->icmp_code);
        put16(fr, 0);
        if (s->proto == 58 && (s->icmp_type == 135 || s->icmp_type == 136)) {
            put32(fr, s->nd_flags);
            putn(fr, s->nd_target, 16);
            for (int i = 0; i < s->n_nd_opts; i++) {
                fr->nd_opt_ofs[i] = fr->n;
                put8(fr, s->nd_opt[i]);
                put8(fr, s->nd_opt_len[i]);
                /* Link-layer options carry 'nd_ll'; others 0xee. */
                bool ll = s->nd_opt[i] == 1 || s->nd_opt[i] == 2;
                for (int j = 2; j < s->nd_opt_len[i] * 8; j++) {
                    put8(fr, !ll ? 0xee : j < 8 ? s->nd_ll[j - 2] : 0);
                }
            }
        } else {
            put16(fr, 0x1234);
            put16(fr, 1);
        }
        break;
    case 4:
        fr->inner = fr->n;
        put8(fr, 0x45);
        put8(fr, 0);
        put16(fr, 0);
        put16(fr, 0x4321);
        put16(fr, 0);
        put8(fr, s->inner_ttl);
        put8(fr, 59);
        put16(fr, 0);
        putn(fr, V4_DST, 4);
        putn(fr, V4_SRC, 4);
        break;
    case 41:
        fr->inner = fr->n;
        put32(fr, 0x60000000);
        put16(fr, 0);
        put8(fr, 59);
        put8(fr, s->inner_ttl);
        putn(fr, V6_DST, 16);
        putn(fr, V6_SRC, 16);
        break;
    default:
        break;
    }
    (void)v6;
    payload_bytes(fr, s->payload);
}

static inline void
build_ipv4(struct frame *fr, const struct spec *s)
{
    fr->l3 = fr->n;
    put8(fr, (uint8_t)(0x40 | (5 + s->opt_words)));
    put8(fr, s->tos);
    put16(fr, 0);
    put16(fr, 0x1234);
    put16(fr, s->frag);
    put8(fr, s->ttl);
    put8(fr, s->proto);
    put16(fr, 0);
    putn(fr, s->v4_src, 4);
    putn(fr, s->v4_dst, 4);
    for (int i = 0; i < s->opt_words * 4; i++) {
        put8(fr, i == s->opt_words * 4 - 1 ? 0 : 1); /* NOPs, then EOL. */
    }
    build_l4(fr, s, false);
}

static inline void
build_ipv6(struct frame *fr, const struct spec *s)
{
    fr->l3 = fr->n;
    put32(fr, 0x60000000u | (uint32_t)s->tos << 20 | s->flabel);
    put16(fr, 0);
    put8(fr, s->n_ext ? s->ext[0].type : s->proto);
    put8(fr, s->ttl);
    putn(fr, s->v6_src, 16);
    putn(fr, s->v6_dst, 16);
    for (int i = 0; i < s->n_ext; i++) {
        const struct ext *e = &s->ext[i];
        uint8_t nh = i + 1 < s->n_ext ? s->ext[i + 1].type : s->proto;
        size_t rem;
        switch (e->type) {
        case 0:
        case 60:
            put8(fr, nh);
            put8(fr, e->len);
            rem = ((size_t)e->len + 1) * 8 - 2;
            put8(fr, 1); /* PadN */
            put8(fr, (uint8_t)(rem - 2));
            for (size_t j = 2; j < rem; j++) {
                put8(fr, 0);
            }
            break;
        case 43:
            put8(fr, nh);
            put8(fr, e->len);
            put8(fr, 0); /* Routing type 0, segments left 0. */
            put8(fr, 0);
            for (size_t j = 4; j < ((size_t)e->len + 1) * 8; j++) {
                put8(fr, 0);
            }
            break;
        case 44:
            put8(fr, nh);
            put8(fr, 0);
            put16(fr, e->frag);
            put32(fr, 0xabcd0001);
            break;
        case 51:
            put8(fr, nh);
            put8(fr, e->len);
            put16(fr, 0);
            put32(fr, 0x100);
            put32(fr, 1);
            for (size_t j = 12; j < ((size_t)e->len + 2) * 4; j++) {
                put8(fr, 0xaa);
            }
            break;
        case 50:
            put32(fr, 0x200);
            put32(fr, 1);
            payload_bytes(fr, s->payload);
            return;
        default:
            ck_abort_msg("bad extension header %u in spec", e->type);
        }
    }
    if (s->proto == 59) {
        payload_bytes(fr, s->payload);
        return;
    }
    build_l4(fr, s, true);
}

static inline void
build_arp(struct frame *fr, const struct spec *s)
{
    fr->l3 = fr->n;
    put16(fr, s->arp_htype);
    put16(fr, 0x0800);
    put8(fr, 6);
    put8(fr, 4);
    put16(fr, s->arp_op);
    putn(fr, s->sha, 6);
    putn(fr, s->spa, 4);
    putn(fr, s->tha, 6);
    putn(fr, s->tpa, 4);
    payload_bytes(fr, s->payload);
}

/* Lengths and checksums, computed from scratch. */
static inline void
frame_finish(struct frame *fr, const struct spec *s)
{
    uint8_t *b = fr->b;
    size_t l3 = fr->l3, l4 = fr->l4, end = fr->ip_end;
    uint32_t acc = 0;
    bool v6;

    if (l3 == NO_OFS || (s->eth_type != 0x0800 && s->eth_type != 0x86dd)) {
        return;
    }
    v6 = s->eth_type == 0x86dd;
    if (!v6) {
        size_t ihl = (size_t)(b[l3] & 15) * 4;
        put_be16(b + l3 + 2, (uint16_t)(end - l3));
        put_be16(b + l3 + 10, ref_fold(ref_sum(0, b + l3, ihl)));
        acc = ref_sum(0, b + l3 + 12, 8);
    } else {
        put_be16(b + l3 + 4, (uint16_t)(end - l3 - 40));
        acc = ref_sum(0, b + l3 + 8, 32);
    }
    if (fr->inner != NO_OFS && s->proto == 4) {
        uint8_t *in = b + fr->inner;
        put_be16(in + 2, (uint16_t)(end - fr->inner));
        put_be16(in + 10, ref_fold(ref_sum(0, in, 20)));
    } else if (fr->inner != NO_OFS) {
        put_be16(b + fr->inner + 4, (uint16_t)(end - fr->inner - 40));
    }
    if (l4 == NO_OFS) {
        return;
    }
    size_t len = end - l4;
    uint8_t ph[4] = { 0, s->proto, (uint8_t)(len >> 8), (uint8_t)len };
    acc = ref_sum(acc, ph, 4);
    switch (s->l4_kind ? s->l4_kind : s->proto) {
    case 6:
        put_be16(b + l4 + 16, ref_fold(ref_sum(acc, b + l4, len)));
        break;
    case 17: {
        put_be16(b + l4 + 4, (uint16_t)len);
        uint16_t c = ref_fold(ref_sum(acc, b + l4, len));
        put_be16(b + l4 + 6, s->udp_no_csum ? 0 : c ? c : 0xffff);
        break;
    }
    case 58:
        if (v6) {
            put_be16(b + l4 + 2, ref_fold(ref_sum(acc, b + l4, len)));
        }
        break;
    case 1:
        if (!v6) {
            put_be16(b + l4 + 2, ref_fold(ref_sum(0, b + l4, len)));
        }
        break;
    case 132: {
        uint32_t crc = ref_crc32c(b + l4, len);
        b[l4 + 8] = (uint8_t)crc;
        b[l4 + 9] = (uint8_t)(crc >> 8);
        b[l4 + 10] = (uint8_t)(crc >> 16);
        b[l4 + 11] = (uint8_t)(crc >> 24);
        break;
    }
    default:
        break;
    }
}

static inline void
frame_build(struct frame *fr, const struct spec *s)
{
    memset(fr, 0, sizeof *fr);
    fr->l3 = fr->l4 = fr->inner = fr->ip_end = NO_OFS;
    if (s->pbb) {
        putn(fr, s->b_dst, 6);
        putn(fr, s->b_src, 6);
        put16(fr, 0x88e7);
        put8(fr, (uint8_t)(s->i_pcp << 5));
        put8(fr, (uint8_t)(s->isid >> 16));
        put16(fr, (uint16_t)s->isid);
    }
    putn(fr, s->dst, 6);
    putn(fr, s->src, 6);
    for (int i = 0; i < s->n_tags; i++) {
        put16(fr, s->tpid[i]);
        put16(fr, s->tci[i]);
    }
    if (s->n_mpls) {
        put16(fr, s->wire_type ? s->wire_type : 0x8847);
        for (int i = 0; i < s->n_mpls; i++) {
            put32(fr, s->lse[i]);
        }
    } else {
        put16(fr, s->wire_type ? s->wire_type : s->eth_type);
    }
    switch (s->eth_type) {
    case 0x0800:
        build_ipv4(fr, s);
        break;
    case 0x86dd:
        build_ipv6(fr, s);
        break;
    case 0x0806:
        build_arp(fr, s);
        break;
    default:
        payload_bytes(fr, s->payload);
        break;
    }
    fr->ip_end = fr->n;
    for (size_t i = 0; i < s->pad; i++) {
        put8(fr, 0);
    }
    frame_finish(fr, s);
}

static inline void
frame_dump(const char *what, const uint8_t *b, size_t n)
{
    fprintf(stderr, "%s (%zu):", what, n);
    for (size_t i = 0; i < n; i++) {
        fprintf(stderr, "%s%02x", i % 16 ? " " : "\n  ", b[i]);
    }
    fprintf(stderr, "\n");
}

/* Asserts that the packet holds exactly 'n' bytes 'b'. */
static inline void
packet_expect(const struct dp_packet *p, const uint8_t *b, size_t n)
{
    if (p->size != n || memcmp(dp_packet_data(p), b, n)) {
        frame_dump("got", dp_packet_data(p), p->size);
        frame_dump("expected", b, n);
        ck_abort_msg("packet bytes differ");
    }
}

/* OXM value lengths from OF1.3.5 §7.2.3.7, independent of the code. */
static const uint8_t OXM_LEN[OXM_N_FIELDS] = {
    4, 4, 8, 6, 6, 2, 2,  1,  1, 1, 1, 4,  4, 2, 2, 2, 2, 2, 2, 1,
    1, 2, 4, 4, 6, 6, 16, 16, 4, 1, 1, 16, 6, 6, 4, 1, 1, 3, 8, 2,
};

/* An expected key field: from 'need' frame bytes on, the field reads as
 * 'u' (big-endian in the field's length) or, if 'b' is set, as 'b'.  Later
 * entries for the same field override earlier ones once their 'need' is
 * met, which describes fields that grow as headers are added
 * (IPV6_EXTHDR). */
struct kexp {
    enum oxm_field f;
    size_t need;
    uint64_t u;
    const uint8_t *b;
};

#define KU(F, NEED, U)   \
    {                    \
        F, NEED, U, NULL \
    }
#define KB(F, NEED, B) \
    {                  \
        F, NEED, 0, B  \
    }

static inline void
kexp_value(const struct kexp *e, uint8_t *out)
{
    size_t len = OXM_LEN[e->f];
    memset(out, 0, OXM_MAX_LEN);
    if (e->b) {
        memcpy(out, e->b, len);
    } else {
        for (size_t i = 0; i < len; i++) {
            out[i] = (uint8_t)(e->u >> (8 * (len - 1 - i)));
        }
    }
}

/* Checks every field of 'key', extracted from the first 'len' bytes of a
 * frame received on 'in_port', against 'e'. */
static inline void
key_expect(const struct dp_key *key, uint32_t in_port, const struct kexp *e,
           size_t n, size_t len)
{
    for (unsigned int f = 0; f < OXM_N_FIELDS; f++) {
        uint8_t want[OXM_MAX_LEN];
        struct oxm_value got;

        memset(want, 0, sizeof want);
        if (f == OXM_IN_PORT || f == OXM_IN_PHY_PORT) {
            put_be32(want, in_port);
        }
        for (size_t i = 0; i < n; i++) {
            if (e[i].f == f && len >= e[i].need) {
                kexp_value(&e[i], want);
            }
        }
        dp_key_get(key, f, &got);
        if (memcmp(got.b, want, OXM_MAX_LEN)) {
            frame_dump("field value", got.b, OXM_LEN[f]);
            frame_dump("expected", want, OXM_LEN[f]);
            ck_abort_msg("field %u wrong with %zu frame bytes", f, len);
        }
    }
}

/* Asserts that 'key' and the packet's layer offsets are what a fresh
 * extraction gives, apart from the pipeline fields the frame does not
 * carry. */
static inline void
key_expect_fresh(struct dp_packet *pkt, const struct dp_key *key)
{
    struct oxm_value in_port, in_phy_port, metadata, tunnel_id;
    uint16_t l2_5 = pkt->l2_5_ofs, l3 = pkt->l3_ofs, l4 = pkt->l4_ofs;
    uint16_t mpls = pkt->mpls_ofs;
    struct dp_key fresh;

    dp_key_get(key, OXM_IN_PORT, &in_port);
    dp_key_get(key, OXM_IN_PHY_PORT, &in_phy_port);
    dp_key_get(key, OXM_METADATA, &metadata);
    dp_key_get(key, OXM_TUNNEL_ID, &tunnel_id);
    dp_key_extract(pkt, get_be64(tunnel_id.b), &fresh);
    dp_key_set(&fresh, OXM_IN_PORT, &in_port);
    dp_key_set(&fresh, OXM_IN_PHY_PORT, &in_phy_port);
    dp_key_set(&fresh, OXM_METADATA, &metadata);
    for (unsigned int f = 0; f < OXM_N_FIELDS; f++) {
        struct oxm_value a, b;
        dp_key_get(key, f, &a);
        dp_key_get(&fresh, f, &b);
        if (memcmp(a.b, b.b, sizeof a.b)) {
            frame_dump("kept", a.b, OXM_LEN[f]);
            frame_dump("fresh", b.b, OXM_LEN[f]);
            ck_abort_msg("key field %u differs from a fresh extraction", f);
        }
    }
    CHECK(!memcmp(&fresh, key, sizeof fresh));
    CHECK(pkt->l2_5_ofs == l2_5);
    CHECK(pkt->l3_ofs == l3);
    CHECK(pkt->l4_ofs == l4);
    CHECK(pkt->mpls_ofs == mpls);
}

#endif /* tests/unit/dp-test.h */
