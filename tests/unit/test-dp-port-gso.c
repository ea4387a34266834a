/* tests/unit/test-dp-port-gso.c -- software segmentation and checksum
 * completion (datapath/port-gso.c) on crafted super-frames: every segment
 * is checked field by field against what the kernel's TSO/USO would have
 * put on the wire, and every checksum with an independent checker. */
#include <config.h>

#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "datapath/packet.h"
#include "datapath/port-gso.h"
#include "tests/unit/dp-ports-util.h"

#define MAX_FRAME 70000

static uint16_t
rd16(const uint8_t *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t
rd32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
           p[3];
}

static void
wr16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

static void
wr32(uint8_t *p, uint32_t v)
{
    wr16(p, (uint16_t)(v >> 16));
    wr16(p + 2, (uint16_t)v);
}

/* Shape of a crafted frame. */
struct shape {
    bool vlan; /* An 802.1Q tag (VID 100) after the addresses. */
    bool ipv6;
    bool udp;
    size_t tcp_opts; /* Bytes of TCP options (multiple of 4). */
    uint8_t tcp_flags;
    size_t payload;
};

/* Builds a frame; returns its size and stores the L3/L4 offsets. */
static size_t
build(uint8_t *f, const struct shape *s, size_t *l3p, size_t *l4p)
{
    size_t ofs = 0, l3, l4, l4_hdr;

    memset(f, 0, MAX_FRAME);
    memcpy(f, "\x02\x00\x00\x00\x00\x02\x02\x00\x00\x00\x00\x01", 12);
    ofs = 12;
    if (s->vlan) {
        wr16(f + ofs, 0x8100);
        wr16(f + ofs + 2, 0x6064); /* PCP 3, VID 100. */
        ofs += 4;
    }
    wr16(f + ofs, s->ipv6 ? 0x86dd : 0x0800);
    l3 = ofs + 2;
    l4_hdr = s->udp ? 8 : 20 + s->tcp_opts;
    if (s->ipv6) {
        f[l3] = 0x60;
        f[l3 + 1] = 0x0a; /* Traffic class and flow label bits. */
        f[l3 + 3] = 0x55;
        wr16(f + l3 + 4, 0xdead); /* Payload length: rewritten. */
        f[l3 + 6] = s->udp ? 17 : 6;
        f[l3 + 7] = 64;
        for (int i = 0; i < 16; i++) {
            f[l3 + 8 + i] = (uint8_t)(0xfd + i);
            f[l3 + 24 + i] = (uint8_t)(0x20 + i);
        }
        l4 = l3 + 40;
    } else {
        f[l3] = 0x45;
        f[l3 + 1] = 0x02;         /* ECN bits. */
        wr16(f + l3 + 2, 0xbeef); /* Total length: rewritten. */
        wr16(f + l3 + 4, 0xfffe); /* ID: wraps during segmentation. */
        wr16(f + l3 + 6, 0x4000); /* DF. */
        f[l3 + 8] = 64;
        f[l3 + 9] = s->udp ? 17 : 6;
        wr16(f + l3 + 10, 0x1111); /* Checksum: rewritten. */
        memcpy(f + l3 + 12, "\x0a\x00\x00\x01\x0a\x00\x00\x02", 8);
        l4 = l3 + 20;
    }
    wr16(f + l4, 40000);
    wr16(f + l4 + 2, 5201);
    if (s->udp) {
        wr16(f + l4 + 4, 0x7777);
        wr16(f + l4 + 6, 0x1234);
    } else {
        wr32(f + l4 + 4, 0xfffff000); /* Sequence number: wraps. */
        wr32(f + l4 + 8, 0x01020304);
        f[l4 + 12] = (uint8_t)((20 + s->tcp_opts) / 4) << 4;
        f[l4 + 13] = s->tcp_flags;
        wr16(f + l4 + 14, 512);
        wr16(f + l4 + 16, 0x4242);
        for (size_t i = 0; i < s->tcp_opts; i++) {
            f[l4 + 20 + i] = (uint8_t)(i ? 0x40 + i : 1);
        }
    }
    for (size_t i = 0; i < s->payload; i++) {
        f[l4 + l4_hdr + i] = (uint8_t)(i * 7 + i / 251);
    }
    *l3p = l3;
    *l4p = l4;
    return l4 + l4_hdr + s->payload;
}

/* Segments a frame of shape 's' with 'mss' and checks every segment. */
static void
check_segmentation(const struct shape *s, uint16_t mss)
{
    static uint8_t f[MAX_FRAME];
    struct dp_gso_hdr h;
    struct dp_gso g;
    size_t l3, l4, size = build(f, s, &l3, &l4);
    size_t l4_hdr = s->udp ? 8 : 20 + s->tcp_opts;
    size_t hdrs = l4 + l4_hdr;
    size_t n_segs = s->payload ? (s->payload + mss - 1) / mss : 1;
    size_t done = 0;

    memset(&h, 0, sizeof h);
    h.flags = DP_GSO_F_NEEDS_CSUM;
    h.gso_type = (uint8_t)(s->udp    ? DP_GSO_TYPE_UDP_L4
                           : s->ipv6 ? DP_GSO_TYPE_TCPV6
                                     : DP_GSO_TYPE_TCPV4);
    h.gso_size = mss;
    h.hdr_len = (uint16_t)hdrs;
    h.csum_start = (uint16_t)l4;
    h.csum_offset = s->udp ? 6 : 16;
    ck_assert_int_eq(dp_gso_start(&g, f, size, &h), 0);

    for (size_t i = 0; i < n_segs; i++) {
        struct dp_packet *p = dp_gso_next(&g);
        ck_assert_msg(p != NULL, "segment %zu missing", i);
        const uint8_t *d = dp_packet_data(p);
        size_t len = s->payload - done < mss ? s->payload - done : mss;
        bool first = i == 0, last = i == n_segs - 1;

        ck_assert_uint_eq(p->size, hdrs + len);
        /* Untouched header bytes. */
        ck_assert_mem_eq(d, f, l3);
        ck_assert_msg(tu_checksums_ok(d, p->size), "segment %zu checksum", i);
        if (s->ipv6) {
            ck_assert_uint_eq(rd16(d + l3 + 4), p->size - l3 - 40);
            ck_assert_mem_eq(d + l3, f + l3, 4);
            ck_assert_mem_eq(d + l3 + 6, f + l3 + 6, 34);
        } else {
            ck_assert_uint_eq(rd16(d + l3 + 2), p->size - l3);
            ck_assert_uint_eq(rd16(d + l3 + 4), (uint16_t)(0xfffe + i));
            ck_assert_mem_eq(d + l3 + 6, f + l3 + 6, 4);
            ck_assert_mem_eq(d + l3 + 12, f + l3 + 12, 8);
        }
        if (s->udp) {
            ck_assert_uint_eq(rd16(d + l4 + 4), 8 + len);
            ck_assert_mem_eq(d + l4, f + l4, 4);
        } else {
            ck_assert_mem_eq(d + l4, f + l4, 4);
            ck_assert_uint_eq(rd32(d + l4 + 4),
                              (uint32_t)(0xfffff000u + done));
            ck_assert_mem_eq(d + l4 + 8, f + l4 + 8, 5);
            uint8_t want = s->tcp_flags;
            if (!last) {
                want &= (uint8_t)~0x09; /* FIN, PSH. */
            }
            if (!first) {
                want &= (uint8_t)~0x80; /* CWR. */
            }
            ck_assert_uint_eq(d[l4 + 13], want);
            ck_assert_mem_eq(d + l4 + 14, f + l4 + 14, 2);
            ck_assert_mem_eq(d + l4 + 20, f + l4 + 20, s->tcp_opts);
        }
        ck_assert_mem_eq(d + hdrs, f + hdrs + done, len);
        done += len;
        dp_packet_destroy(p);
    }
    ck_assert_uint_eq(done, s->payload);
    ck_assert_ptr_null(dp_gso_next(&g));
    ck_assert_ptr_null(dp_gso_next(&g));
}

START_TEST(test_tcp4)
{
    struct shape s = {
        false, false, false, 12, 0x80 | 0x10 | 0x08 | 0x01, 4000
    };
    check_segmentation(&s, 1448);
}
END_TEST

START_TEST(test_tcp4_exact_multiple)
{
    struct shape s = { false, false, false, 0, 0x18, 3 * 1460 };
    check_segmentation(&s, 1460);
}
END_TEST

START_TEST(test_tcp4_64k)
{
    struct shape s = { false, false, false, 12, 0x18, 65000 };
    check_segmentation(&s, 1448);
}
END_TEST

START_TEST(test_tcp6_vlan)
{
    struct shape s = { true, true, false, 12, 0x80 | 0x19, 10001 };
    check_segmentation(&s, 1428);
}
END_TEST

START_TEST(test_udp4)
{
    struct shape s = { false, false, true, 0, 0, 5 * 1000 + 17 };
    check_segmentation(&s, 1000);
}
END_TEST

START_TEST(test_udp6_vlan)
{
    struct shape s = { true, true, true, 0, 0, 3000 };
    check_segmentation(&s, 1200);
}
END_TEST

START_TEST(test_no_payload)
{
    struct shape s = { false, false, false, 0, 0x11, 0 };
    check_segmentation(&s, 1448);
}
END_TEST

START_TEST(test_without_csum_start)
{
    /* Without NEEDS_CSUM the transport header follows the IP header. */
    static uint8_t f[MAX_FRAME];
    struct shape s = { false, true, false, 0, 0x10, 3000 };
    struct dp_gso_hdr h = { 0, DP_GSO_TYPE_TCPV6, 0, 1400, 0, 0 };
    struct dp_gso g;
    size_t l3, l4, size = build(f, &s, &l3, &l4);
    struct dp_packet *p;
    int n = 0;

    ck_assert_int_eq(dp_gso_start(&g, f, size, &h), 0);
    while ((p = dp_gso_next(&g)) != NULL) {
        ck_assert(tu_checksums_ok(dp_packet_data(p), p->size));
        dp_packet_destroy(p);
        n++;
    }
    ck_assert_int_eq(n, 3);
}
END_TEST

START_TEST(test_rejects)
{
    static uint8_t f[MAX_FRAME];
    struct shape tcp4 = { false, false, false, 0, 0x10, 3000 };
    struct shape tcp6 = { false, true, false, 0, 0x10, 3000 };
    struct dp_gso_hdr h;
    struct dp_gso g;
    size_t l3, l4, size;

    size = build(f, &tcp4, &l3, &l4);
    memset(&h, 0, sizeof h);
    h.flags = DP_GSO_F_NEEDS_CSUM;
    h.gso_type = DP_GSO_TYPE_TCPV4;
    h.gso_size = 1448;
    h.csum_start = (uint16_t)l4;
    h.csum_offset = 16;
    ck_assert_int_eq(dp_gso_start(&g, f, size, &h), 0);

    /* UFO and unknown types are not segmented. */
    h.gso_type = DP_GSO_TYPE_UDP;
    ck_assert_int_eq(dp_gso_start(&g, f, size, &h), EPROTONOSUPPORT);
    h.gso_type = 9;
    ck_assert_int_eq(dp_gso_start(&g, f, size, &h), EPROTONOSUPPORT);

    /* The type must match the frame. */
    h.gso_type = DP_GSO_TYPE_TCPV6;
    ck_assert_int_eq(dp_gso_start(&g, f, size, &h), EINVAL);
    h.gso_type = DP_GSO_TYPE_UDP_L4;
    ck_assert_int_eq(dp_gso_start(&g, f, size, &h), EINVAL);
    h.gso_type = DP_GSO_TYPE_TCPV4 | DP_GSO_TYPE_ECN;
    ck_assert_int_eq(dp_gso_start(&g, f, size, &h), 0);

    /* gso_size 0, or so small that there would be too many segments. */
    h.gso_size = 0;
    ck_assert_int_eq(dp_gso_start(&g, f, size, &h), EINVAL);
    h.gso_size = 2;
    ck_assert_int_eq(dp_gso_start(&g, f, size, &h), EINVAL);
    h.gso_size = 3;
    ck_assert_int_eq(dp_gso_start(&g, f, size, &h), 0);
    h.gso_size = 1448;

    /* csum_start before the transport header or past the frame. */
    h.csum_start = (uint16_t)(l4 - 4);
    ck_assert_int_eq(dp_gso_start(&g, f, size, &h), EINVAL);
    h.csum_start = (uint16_t)(size + 1);
    ck_assert_int_eq(dp_gso_start(&g, f, size, &h), EINVAL);
    h.csum_start = (uint16_t)l4;

    /* Truncated frames: every prefix is refused or segmented safely (the
     * sanitizers check that nothing is read beyond it). */
    for (size_t cut = 0; cut < l4 + 20; cut++) {
        ck_assert_int_eq(dp_gso_start(&g, f, cut, &h), EINVAL);
    }
    /* A data offset below 5 words or past the frame. */
    f[l4 + 12] = 0x40;
    ck_assert_int_eq(dp_gso_start(&g, f, size, &h), EINVAL);
    f[l4 + 12] = 0xf0;
    ck_assert_int_eq(dp_gso_start(&g, f, l4 + 40, &h), EINVAL);
    f[l4 + 12] = 0x50;
    /* An IP protocol that is not TCP. */
    f[l3 + 9] = 17;
    ck_assert_int_eq(dp_gso_start(&g, f, size, &h), EINVAL);
    f[l3 + 9] = 6;
    /* An IPv4 header length below 20. */
    f[l3] = 0x44;
    ck_assert_int_eq(dp_gso_start(&g, f, size, &h), EINVAL);
    f[l3] = 0x45;
    /* Not IP at all. */
    wr16(f + 12, 0x0806);
    ck_assert_int_eq(dp_gso_start(&g, f, size, &h), EINVAL);

    /* IPv6 with an extension header and no csum_start. */
    size = build(f, &tcp6, &l3, &l4);
    memset(&h, 0, sizeof h);
    h.gso_type = DP_GSO_TYPE_TCPV6;
    h.gso_size = 1400;
    f[l3 + 6] = 0; /* Hop-by-hop options. */
    ck_assert_int_eq(dp_gso_start(&g, f, size, &h), EINVAL);
}
END_TEST

START_TEST(test_complete_csum)
{
    static uint8_t f[MAX_FRAME];
    struct shape shapes[] = {
        { false, false, true, 0, 0, 333 },     /* UDP/IPv4, odd length. */
        { true, true, false, 12, 0x18, 1000 }, /* TCP/IPv6 in a VLAN. */
        { false, false, false, 0, 0x18, 1 },
    };

    for (size_t k = 0; k < sizeof shapes / sizeof shapes[0]; k++) {
        const struct shape *s = &shapes[k];
        size_t l3, l4, size = build(f, s, &l3, &l4);
        size_t l4_len = size - l4;
        size_t field = l4 + (s->udp ? 6 : 16);
        uint32_t sum;

        /* Make the IP lengths right, then seed the checksum field with the
         * pseudo-header sum the way the kernel does for CHECKSUM_PARTIAL. */
        if (s->ipv6) {
            wr16(f + l3 + 4, (uint16_t)(size - l3 - 40));
            sum = tu_sum16(f + l3 + 8, 32);
        } else {
            wr16(f + l3 + 2, (uint16_t)(size - l3));
            wr16(f + l3 + 10, 0);
            wr16(f + l3 + 10, (uint16_t)~tu_fold(tu_sum16(f + l3, 20)));
            sum = tu_sum16(f + l3 + 12, 8);
        }
        if (s->udp) {
            wr16(f + l4 + 4, (uint16_t)l4_len);
        }
        sum += (s->udp ? 17u : 6u) + (uint32_t)l4_len;
        wr16(f + field, tu_fold(sum));
        ck_assert(!tu_checksums_ok(f, size));

        ck_assert_int_eq(dp_gso_complete_csum(f, size, l4, field - l4), 0);
        ck_assert_msg(tu_checksums_ok(f, size), "shape %zu", k);

        /* The field must lie inside the frame. */
        ck_assert_int_eq(dp_gso_complete_csum(f, size, size - 1, 0), EINVAL);
        ck_assert_int_eq(dp_gso_complete_csum(f, size, size + 1, 0), EINVAL);
        ck_assert_int_eq(dp_gso_complete_csum(f, size, l4, SIZE_MAX - 1),
                         EINVAL);
        ck_assert_int_eq(dp_gso_complete_csum(f, size, size - 2, 0), 0);
    }
}
END_TEST

/* Builds a frame of shape 's' with right IP lengths and the pseudo-header
 * sum in its transport checksum field, as the kernel leaves it for
 * checksum offload.  Returns the size; '*l4p' is the transport offset. */
static size_t
build_partial(uint8_t *f, const struct shape *s, size_t *l4p, size_t pad)
{
    size_t l3, l4, size = build(f, s, &l3, &l4);
    size_t l4_len = size - l4;
    uint32_t sum;

    if (s->ipv6) {
        wr16(f + l3 + 4, (uint16_t)(size - l3 - 40));
        sum = tu_sum16(f + l3 + 8, 32);
    } else {
        wr16(f + l3 + 2, (uint16_t)(size - l3));
        wr16(f + l3 + 6, 0);
        wr16(f + l3 + 10, 0);
        wr16(f + l3 + 10, (uint16_t)~tu_fold(tu_sum16(f + l3, 20)));
        sum = tu_sum16(f + l3 + 12, 8);
    }
    if (s->udp) {
        wr16(f + l4 + 4, (uint16_t)l4_len);
    }
    sum += (s->udp ? 17u : 6u) + (uint32_t)l4_len;
    wr16(f + l4 + (s->udp ? 6 : 16), tu_fold(sum));
    memset(f + size, 0xee, pad); /* Ethernet padding, not summed. */
    *l4p = l4;
    return size + pad;
}

START_TEST(test_fix_partial)
{
    static uint8_t f[MAX_FRAME], copy[MAX_FRAME];
    struct shape shapes[] = {
        { false, false, true, 0, 0, 5 },       /* UDP/IPv4, padded. */
        { false, false, true, 0, 0, 333 },     /* Odd length. */
        { true, true, false, 12, 0x18, 1000 }, /* TCP/IPv6 in a VLAN. */
        { false, false, false, 0, 0x10, 0 },   /* A bare TCP ACK. */
        { true, true, true, 0, 0, 64 },
    };

    for (size_t k = 0; k < sizeof shapes / sizeof shapes[0]; k++) {
        const struct shape *s = &shapes[k];
        size_t l4, size = build_partial(f, s, &l4, k == 0 ? 9 : 0);
        size_t field = l4 + (s->udp ? 6 : 16);

        ck_assert(!tu_checksums_ok(f, size));
        ck_assert_msg(dp_gso_fix_partial_csum(f, size), "shape %zu", k);
        ck_assert_msg(tu_checksums_ok(f, size), "shape %zu", k);
        ck_assert_uint_eq(f[size - 1], k == 0 ? 0xee : f[size - 1]);

        /* A right checksum stays as it is. */
        memcpy(copy, f, size);
        ck_assert(!dp_gso_fix_partial_csum(f, size));
        ck_assert_mem_eq(f, copy, size);

        /* So does a wrong one that is not the pseudo-header sum: the
         * switch does not launder corrupted frames. */
        f[field] ^= 0x5a;
        memcpy(copy, f, size);
        ck_assert(!dp_gso_fix_partial_csum(f, size));
        ck_assert_mem_eq(f, copy, size);

        /* Truncated frames are left alone (the sanitizers check the
         * reads). */
        build_partial(f, s, &l4, 0);
        for (size_t cut = 0; cut < size - (k == 0 ? 9 : 0); cut++) {
            memcpy(copy, f, cut);
            ck_assert(!dp_gso_fix_partial_csum(f, cut));
            ck_assert_mem_eq(f, copy, cut);
        }
    }

    /* Not IP, and IPv4 fragments, are not touched. */
    size_t l4, size = build_partial(f, &shapes[1], &l4, 0);
    wr16(f + 14 + 6, 0x2000); /* More fragments. */
    ck_assert(!dp_gso_fix_partial_csum(f, size));
    wr16(f + 14 + 6, 0);
    wr16(f + 12, 0x0806);
    ck_assert(!dp_gso_fix_partial_csum(f, size));
}
END_TEST

static Suite *
gso_suite(void)
{
    Suite *s = suite_create("dp-port-gso");
    TCase *tc = tcase_create("segment");

    tcase_add_test(tc, test_tcp4);
    tcase_add_test(tc, test_tcp4_exact_multiple);
    tcase_add_test(tc, test_tcp4_64k);
    tcase_add_test(tc, test_tcp6_vlan);
    tcase_add_test(tc, test_udp4);
    tcase_add_test(tc, test_udp6_vlan);
    tcase_add_test(tc, test_no_payload);
    tcase_add_test(tc, test_without_csum_start);
    tcase_add_test(tc, test_rejects);
    suite_add_tcase(s, tc);

    tc = tcase_create("csum");
    tcase_add_test(tc, test_complete_csum);
    tcase_add_test(tc, test_fix_partial);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    SRunner *sr = srunner_create(gso_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
