/* tests/unit/test-match.c -- the OXM match codec (ofp13/match.c): every
 * one of the 40 fields round-trips to hand-written bytes, exact and masked;
 * every decode error returns its exact code; every field's prerequisites
 * are checked both satisfied and violated; non-basic TLVs survive verbatim;
 * subset and overlap follow their definitions; and vectors produced by
 * os-ken decode and re-encode byte for byte. */
#include <config.h>

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ofp13/match.h"
#include "ofp13/ofp.h"
#include "util/buf.h"
#include "util/cur.h"

/* Helpers. */

/* Decodes the hex string 's' (spaces ignored) into 'out'; returns the
 * number of bytes. */
static size_t
hex_to_bytes(const char *s, uint8_t *out, size_t max)
{
    size_t n = 0;
    int hi = -1;
    for (; *s; s++) {
        int d;
        if (*s == ' ') {
            continue;
        } else if (*s >= '0' && *s <= '9') {
            d = *s - '0';
        } else if (*s >= 'a' && *s <= 'f') {
            d = *s - 'a' + 10;
        } else {
            ck_abort_msg("bad hex digit in \"%s\"", s);
            return 0;
        }
        if (hi < 0) {
            hi = d;
        } else {
            ck_assert_uint_lt(n, max);
            out[n++] = (uint8_t)(hi << 4 | d);
            hi = -1;
        }
    }
    ck_assert_int_eq(hi, -1);
    return n;
}

static void
bytes_to_hex(const uint8_t *p, size_t n, char *out)
{
    for (size_t i = 0; i < n; i++) {
        sprintf(out + 2 * i, "%02x", p[i]);
    }
    out[2 * n] = '\0';
}

/* Asserts that 'b' holds exactly the bytes of the hex string 'hex'. */
static void
assert_buf_hex(const struct buf *b, const char *hex)
{
    uint8_t want[1024];
    char got_hex[2 * 1024 + 1], want_hex[2 * 1024 + 1];
    size_t n = hex_to_bytes(hex, want, sizeof want);

    ck_assert_uint_le(b->size, 1024);
    bytes_to_hex(b->data, b->size, got_hex);
    bytes_to_hex(want, n, want_hex);
    ck_assert_msg(b->size == n && !memcmp(b->data, want, n), "got %s, want %s",
                  got_hex, want_hex);
}

/* Wraps the OXM TLVs in 'oxms_hex' into an 'ofp_match' structure (type,
 * length, TLVs, padding) in 'out'; returns its size. */
static size_t
make_match(const char *oxms_hex, uint8_t *out, size_t max)
{
    size_t n = hex_to_bytes(oxms_hex, out + 4, max - 4);
    size_t padded = (n + 4 + 7) / 8 * 8;
    put_be16(out, OFPMT_OXM);
    put_be16(out + 2, (uint16_t)(n + 4));
    memset(out + 4 + n, 0, padded - 4 - n);
    return padded;
}

/* Decodes 'oxms_hex' as an ofp_match structure, returning the error; on
 * success 'm' holds the match and the whole input was consumed. */
static enum ofperr
decode_match_hex(const char *oxms_hex, struct ofp_match *m)
{
    uint8_t wire[1024];
    size_t n = make_match(oxms_hex, wire, sizeof wire);
    struct cur c = cur_make(wire, n);
    enum ofperr error = ofp_match_decode(&c, m);
    if (!error) {
        ck_assert_uint_eq(c.left, 0);
    } else {
        /* On error the match is left empty. */
        ck_assert_uint_eq(m->present, 0);
        ck_assert_uint_eq(m->n_raw, 0);
        ck_assert_ptr_null(m->raw);
    }
    return error;
}

/* Decodes a complete wire 'ofp_match' (given in hex, header included). */
static enum ofperr
decode_wire_hex(const char *hex, struct ofp_match *m, size_t *left)
{
    uint8_t wire[1024];
    size_t n = hex_to_bytes(hex, wire, sizeof wire);
    struct cur c = cur_make(wire, n);
    enum ofperr error = ofp_match_decode(&c, m);
    *left = c.left;
    return error;
}

static enum ofperr
decode_oxms_hex(const char *hex, struct ofp_match *m)
{
    uint8_t wire[1024];
    size_t n = hex_to_bytes(hex, wire, sizeof wire);
    struct cur c = cur_make(wire, n);
    return ofp_match_decode_oxms(&c, m);
}

/* The field table. */

START_TEST(test_field_table)
{
    static const char *const names[OXM_N_FIELDS] = {
        "in_port",     "in_phy_port", "metadata",    "eth_dst",
        "eth_src",     "eth_type",    "vlan_vid",    "vlan_pcp",
        "ip_dscp",     "ip_ecn",      "ip_proto",    "ipv4_src",
        "ipv4_dst",    "tcp_src",     "tcp_dst",     "udp_src",
        "udp_dst",     "sctp_src",    "sctp_dst",    "icmpv4_type",
        "icmpv4_code", "arp_op",      "arp_spa",     "arp_tpa",
        "arp_sha",     "arp_tha",     "ipv6_src",    "ipv6_dst",
        "ipv6_flabel", "icmpv6_type", "icmpv6_code", "ipv6_nd_target",
        "ipv6_nd_sll", "ipv6_nd_tll", "mpls_label",  "mpls_tc",
        "mpls_bos",    "pbb_isid",    "tunnel_id",   "ipv6_exthdr",
    };
    static const uint8_t lens[OXM_N_FIELDS] = {
        4, 4, 8, 6, 6, 2, 2,  1,  1, 1, 1, 4,  4, 2, 2, 2, 2, 2, 2, 1,
        1, 2, 4, 4, 6, 6, 16, 16, 4, 1, 1, 16, 6, 6, 4, 1, 1, 3, 8, 2,
    };
    /* Reference §1.4. */
    const uint64_t maskable =
        (1ULL << OXM_METADATA) | (1ULL << OXM_ETH_DST) |
        (1ULL << OXM_ETH_SRC) | (1ULL << OXM_VLAN_VID) |
        (1ULL << OXM_IPV4_SRC) | (1ULL << OXM_IPV4_DST) |
        (1ULL << OXM_ARP_SPA) | (1ULL << OXM_ARP_TPA) | (1ULL << OXM_ARP_SHA) |
        (1ULL << OXM_ARP_THA) | (1ULL << OXM_IPV6_SRC) |
        (1ULL << OXM_IPV6_DST) | (1ULL << OXM_IPV6_FLABEL) |
        (1ULL << OXM_PBB_ISID) | (1ULL << OXM_TUNNEL_ID) |
        (1ULL << OXM_IPV6_EXTHDR);
    const uint64_t not_settable =
        (1ULL << OXM_IN_PORT) | (1ULL << OXM_IN_PHY_PORT) |
        (1ULL << OXM_METADATA) | (1ULL << OXM_IPV6_EXTHDR);

    for (unsigned int i = 0; i < OXM_N_FIELDS; i++) {
        const struct oxm_field_info *info = oxm_field_info(i);
        ck_assert_ptr_nonnull(info);
        ck_assert_uint_eq(info->id, i);
        ck_assert_str_eq(info->name, names[i]);
        ck_assert_uint_eq(info->len, lens[i]);
        ck_assert_uint_le(info->bits, info->len * 8);
        ck_assert_int_eq(info->maskable, (maskable >> i) & 1);
        ck_assert_int_eq(info->settable, !((not_settable >> i) & 1));
        ck_assert_ptr_eq(oxm_field_by_name(names[i]), info);
    }
    ck_assert_uint_eq(oxm_field_info(OXM_VLAN_VID)->bits, 13);
    ck_assert_uint_eq(oxm_field_info(OXM_IPV6_EXTHDR)->bits, 9);
    ck_assert_ptr_null(oxm_field_info(OXM_N_FIELDS));
    ck_assert_ptr_null(oxm_field_info(127));
    ck_assert_ptr_null(oxm_field_by_name("tcp_flags"));
    ck_assert_ptr_null(oxm_field_by_name(""));
    ck_assert_ptr_null(oxm_field_by_name("ETH_DST"));
}
END_TEST

/* Per-field samples: a good exact TLV and, for maskable fields, a good
 * masked TLV, written by hand from the header column of reference §1.4;
 * TLVs that satisfy the field's prerequisites; and prerequisite sets that
 * violate them (missing, or wrong values). */
struct field_case {
    enum oxm_field field;
    const char *exact;
    const char *masked; /* NULL for a non-maskable field. */
    const char *prereq; /* "" when the field has none. */
    const char *bad_prereq[4];
};

#define ETH_IP "80000a02 0800 "
#define ETH_IPV6 "80000a02 86dd "
#define ETH_ARP "80000a02 0806 "
#define ETH_MPLS "80000a02 8847 "
#define ETH_MPLS_MC "80000a02 8848 "
#define ETH_PBB "80000a02 88e7 "
#define PROTO(X) "80001401 " X " "
#define ICMP6_TYPE(X) "80003a01 " X " "

static const struct field_case field_cases[] = {
    { OXM_IN_PORT, "80000004 00000005", NULL, "", { NULL } },
    { OXM_IN_PHY_PORT,
      "80000204 00000006",
      NULL,
      "80000004 00000005",
      { "", "80000a02 0800" } },
    { OXM_METADATA,
      "80000408 0102030405060708",
      "80000510 0102030400000000 ffffffff00000000",
      "",
      { NULL } },
    { OXM_ETH_DST,
      "80000606 001122334455",
      "8000070c 001122000000 ffffff000000",
      "",
      { NULL } },
    { OXM_ETH_SRC,
      "80000806 0a0b0c0d0e0f",
      "8000090c 010000000000 010000000000",
      "",
      { NULL } },
    { OXM_ETH_TYPE, "80000a02 0800", NULL, "", { NULL } },
    { OXM_VLAN_VID, "80000c02 1005", "80000d04 1000 1000", "", { NULL } },
    { OXM_VLAN_PCP,
      "80000e01 05",
      NULL,
      "80000c02 1005",
      /* Absent, OFPVID_NONE, and untagged through a mask. */
      { "", "80000c02 0000", "80000d04 0000 1000" } },
    { OXM_IP_DSCP,
      "80001001 2e",
      NULL,
      ETH_IP,
      { "", ETH_ARP, "80000a02 8100" } },
    { OXM_IP_ECN, "80001201 03", NULL, ETH_IPV6, { "", ETH_MPLS } },
    { OXM_IP_PROTO, "80001401 06", NULL, ETH_IP, { "", ETH_ARP } },
    { OXM_IPV4_SRC,
      "80001604 0a000001",
      "80001708 0a000000 ff000000",
      ETH_IP,
      { "", ETH_IPV6, ETH_ARP } },
    { OXM_IPV4_DST,
      "80001804 c0a80101",
      "80001908 c0a80100 ffffff00",
      ETH_IP,
      { "", ETH_IPV6 } },
    { OXM_TCP_SRC,
      "80001a02 0050",
      NULL,
      ETH_IP PROTO("06"),
      { "", ETH_IP, ETH_IP PROTO("11"), PROTO("06") } },
    { OXM_TCP_DST,
      "80001c02 01bb",
      NULL,
      ETH_IPV6 PROTO("06"),
      { "", ETH_IPV6 PROTO("84") } },
    { OXM_UDP_SRC,
      "80001e02 0035",
      NULL,
      ETH_IP PROTO("11"),
      { "", ETH_IP PROTO("06"), ETH_IP } },
    { OXM_UDP_DST,
      "80002002 0044",
      NULL,
      ETH_IPV6 PROTO("11"),
      { "", ETH_IPV6 PROTO("3a") } },
    { OXM_SCTP_SRC,
      "80002202 0b59",
      NULL,
      ETH_IP PROTO("84"),
      { "", ETH_IP PROTO("11") } },
    { OXM_SCTP_DST,
      "80002402 0b5a",
      NULL,
      ETH_IPV6 PROTO("84"),
      { "", ETH_IPV6 PROTO("06") } },
    { OXM_ICMPV4_TYPE,
      "80002601 08",
      NULL,
      ETH_IP PROTO("01"),
      /* ICMPv4 needs IPv4, not just protocol 1. */
      { "", ETH_IP, ETH_IPV6 PROTO("01"), ETH_IP PROTO("3a") } },
    { OXM_ICMPV4_CODE,
      "80002801 03",
      NULL,
      ETH_IP PROTO("01"),
      { "", ETH_IPV6 PROTO("01") } },
    { OXM_ARP_OP, "80002a02 0001", NULL, ETH_ARP, { "", ETH_IP } },
    { OXM_ARP_SPA,
      "80002c04 0a000001",
      "80002d08 0a000000 ffff0000",
      ETH_ARP,
      { "", ETH_IP } },
    { OXM_ARP_TPA,
      "80002e04 0a000002",
      "80002f08 0a000000 ff000000",
      ETH_ARP,
      { "", ETH_IP } },
    { OXM_ARP_SHA,
      "80003006 020000000001",
      "8000310c 020000000000 ffffff000000",
      ETH_ARP,
      { "", ETH_IPV6 } },
    { OXM_ARP_THA,
      "80003206 020000000002",
      "8000330c 000000000002 0000000000ff",
      ETH_ARP,
      { "", ETH_IP } },
    { OXM_IPV6_SRC,
      "80003410 20010db8000000000000000000000001",
      "80003520 20010db8000000000000000000000000"
      " ffffffff000000000000000000000000",
      ETH_IPV6,
      { "", ETH_IP } },
    { OXM_IPV6_DST,
      "80003610 fe800000000000000000000000000001",
      "80003720 fe800000000000000000000000000000"
      " ffff0000000000000000000000000000",
      ETH_IPV6,
      { "", ETH_IP } },
    { OXM_IPV6_FLABEL,
      "80003804 000abcde",
      "80003908 000ab000 000ff000",
      ETH_IPV6,
      { "", ETH_IP } },
    { OXM_ICMPV6_TYPE,
      "80003a01 87",
      NULL,
      ETH_IPV6 PROTO("3a"),
      { "", ETH_IPV6, ETH_IP PROTO("3a"), ETH_IPV6 PROTO("01") } },
    { OXM_ICMPV6_CODE,
      "80003c01 00",
      NULL,
      ETH_IPV6 PROTO("3a"),
      { "", ETH_IP PROTO("3a") } },
    { OXM_IPV6_ND_TARGET,
      "80003e10 fe800000000000000000000000000001",
      NULL,
      ETH_IPV6 PROTO("3a") ICMP6_TYPE("88"),
      { "", ETH_IPV6 PROTO("3a"), ETH_IPV6 PROTO("3a") ICMP6_TYPE("80") } },
    { OXM_IPV6_ND_SLL,
      "80004006 aabbccddeeff",
      NULL,
      ETH_IPV6 PROTO("3a") ICMP6_TYPE("87"),
      { "", ETH_IPV6 PROTO("3a") ICMP6_TYPE("88"), ETH_IPV6 PROTO("3a") } },
    { OXM_IPV6_ND_TLL,
      "80004206 aabbccddee00",
      NULL,
      ETH_IPV6 PROTO("3a") ICMP6_TYPE("88"),
      { "", ETH_IPV6 PROTO("3a") ICMP6_TYPE("87") } },
    { OXM_MPLS_LABEL,
      "80004404 00012345",
      NULL,
      ETH_MPLS,
      { "", ETH_IP, ETH_PBB } },
    { OXM_MPLS_TC, "80004601 05", NULL, ETH_MPLS_MC, { "", ETH_IPV6 } },
    { OXM_MPLS_BOS, "80004801 01", NULL, ETH_MPLS, { "", ETH_ARP } },
    { OXM_PBB_ISID,
      "80004a03 123456",
      "80004b06 120000 ff0000",
      ETH_PBB,
      { "", ETH_MPLS } },
    { OXM_TUNNEL_ID,
      "80004c08 00000000deadbeef",
      "80004d10 00000000deadbe00 00000000ffffff00",
      "",
      { NULL } },
    { OXM_IPV6_EXTHDR,
      "80004e02 0041",
      "80004f04 0040 01ff",
      ETH_IPV6,
      { "", ETH_IP } },
};

START_TEST(test_every_field_has_a_case)
{
    ck_assert_uint_eq(sizeof field_cases / sizeof field_cases[0],
                      OXM_N_FIELDS);
    for (size_t i = 0; i < OXM_N_FIELDS; i++) {
        const struct field_case *fc = &field_cases[i];
        ck_assert_uint_eq(fc->field, i);
        ck_assert_int_eq(fc->masked != NULL, oxm_field_info(i)->maskable);
    }
}
END_TEST

/* Decodes 'tlv' as a bare OXM list, checks that exactly field 'f' came out
 * (masked or not as the wire said), and that encoding gives 'tlv' back. */
static void
check_tlv_round_trip(enum oxm_field f, const char *tlv, bool masked)
{
    struct ofp_match m, m2;
    struct buf b = BUF_INITIALIZER;

    ck_assert_int_eq(decode_oxms_hex(tlv, &m), 0);
    ck_assert_uint_eq(m.present, 1ULL << f);
    ck_assert_uint_eq(m.masked, masked ? 1ULL << f : 0);
    ck_assert_uint_eq(m.n_raw, 0);
    ofp_match_encode_oxms(&m, &b);
    assert_buf_hex(&b, tlv);
    ck_assert_uint_eq(ofp_match_oxms_len(&m), b.size);

    /* Decoding the encoding gives the same match again. */
    struct cur c = cur_make(b.data, b.size);
    ck_assert_int_eq(ofp_match_decode_oxms(&c, &m2), 0);
    ck_assert(ofp_match_equal(&m, &m2));
    ofp_match_uninit(&m2);
    ofp_match_uninit(&m);
    buf_uninit(&b);
}

START_TEST(test_field_exact_round_trip)
{
    const struct field_case *fc = &field_cases[_i];
    check_tlv_round_trip(fc->field, fc->exact, false);

    /* The value is stored left-aligned in wire order, mask all-ones. */
    uint8_t tlv[64];
    size_t n = hex_to_bytes(fc->exact, tlv, sizeof tlv);
    size_t len = oxm_field_info(fc->field)->len;
    struct ofp_match m;
    ck_assert_int_eq(decode_oxms_hex(fc->exact, &m), 0);
    ck_assert_uint_eq(n, 4 + len);
    ck_assert_mem_eq(m.value[fc->field].b, tlv + 4, len);
    for (size_t i = 0; i < OXM_MAX_LEN; i++) {
        ck_assert_uint_eq(m.mask[fc->field].b[i], i < len ? 0xff : 0);
        if (i >= len) {
            ck_assert_uint_eq(m.value[fc->field].b[i], 0);
        }
    }

    /* The same bytes come out of a match built with the setter. */
    struct ofp_match built;
    struct buf b = BUF_INITIALIZER;
    ofp_match_init(&built);
    ofp_match_set(&built, fc->field, tlv + 4, NULL);
    ck_assert(ofp_match_equal(&built, &m));
    ofp_match_encode_oxms(&built, &b);
    assert_buf_hex(&b, fc->exact);
    buf_uninit(&b);
    ofp_match_uninit(&built);
    ofp_match_uninit(&m);
}
END_TEST

START_TEST(test_field_masked_round_trip)
{
    const struct field_case *fc = &field_cases[_i];
    const struct oxm_field_info *info = oxm_field_info(fc->field);
    uint8_t tlv[64];
    size_t n;

    if (!fc->masked) {
        /* A mask on a non-maskable field: the same header with the mask bit
         * and twice the length is refused. */
        struct ofp_match m;
        uint8_t wire[64];
        char hex[256];
        n = hex_to_bytes(fc->exact, wire, sizeof wire);
        put_be32(wire, OXM_HEADER(OFPXMC_OPENFLOW_BASIC, fc->field, 1,
                                  2 * info->len));
        memset(wire + n, 0xff, info->len);
        bytes_to_hex(wire, n + info->len, hex);
        ck_assert_int_eq(decode_oxms_hex(hex, &m), OFPERR_OFPBMC_BAD_MASK);
        return;
    }
    check_tlv_round_trip(fc->field, fc->masked, true);

    n = hex_to_bytes(fc->masked, tlv, sizeof tlv);
    ck_assert_uint_eq(n, 4 + 2 * info->len);
    ck_assert_uint_eq(get_be32(tlv), OXM_HEADER(OFPXMC_OPENFLOW_BASIC,
                                                fc->field, 1, 2 * info->len));

    /* Through the setter, the mask survives and the encoding matches. */
    struct ofp_match built;
    struct buf b = BUF_INITIALIZER;
    ofp_match_init(&built);
    ofp_match_set(&built, fc->field, tlv + 4, tlv + 4 + info->len);
    ck_assert(ofp_match_has(&built, fc->field));
    ck_assert_uint_eq(built.masked, 1ULL << fc->field);
    ck_assert_mem_eq(built.mask[fc->field].b, tlv + 4 + info->len, info->len);
    ofp_match_encode_oxms(&built, &b);
    assert_buf_hex(&b, fc->masked);
    buf_uninit(&b);
    ofp_match_uninit(&built);
}
END_TEST

/* Builds "prereq + field" TLV hex into 'out'. */
static void
cat_hex(char *out, size_t max, const char *a, const char *b)
{
    int n = snprintf(out, max, "%s %s", a, b);
    ck_assert(n > 0 && (size_t)n < max);
}

START_TEST(test_field_prereqs)
{
    const struct field_case *fc = &field_cases[_i];
    char hex[512];
    struct ofp_match m, m2;
    struct buf b = BUF_INITIALIZER;

    /* Satisfied: decodes, and the full ofp_match round-trips. */
    cat_hex(hex, sizeof hex, fc->prereq, fc->exact);
    ck_assert_int_eq(decode_match_hex(hex, &m), 0);
    ck_assert(ofp_match_has(&m, fc->field));
    ck_assert_int_eq(ofp_match_check_prereqs(&m), 0);
    ofp_match_encode(&m, &b);
    ck_assert_uint_eq(b.size % 8, 0);
    ck_assert_uint_eq(get_be16(b.data + 2), 4 + ofp_match_oxms_len(&m));
    struct cur c = cur_make(b.data, b.size);
    ck_assert_int_eq(ofp_match_decode(&c, &m2), 0);
    ck_assert_uint_eq(c.left, 0);
    ck_assert(ofp_match_equal(&m, &m2));
    ofp_match_uninit(&m2);
    ofp_match_uninit(&m);
    buf_uninit(&b);

    if (fc->masked) {
        cat_hex(hex, sizeof hex, fc->prereq, fc->masked);
        ck_assert_int_eq(decode_match_hex(hex, &m), 0);
        ofp_match_uninit(&m);
    }

    /* Violated: every bad set is refused, by the decoder and by the
     * checker on a match built without it. */
    for (size_t i = 0; i < 4 && fc->bad_prereq[i]; i++) {
        cat_hex(hex, sizeof hex, fc->bad_prereq[i], fc->exact);
        ck_assert_msg(decode_match_hex(hex, &m) == OFPERR_OFPBMC_BAD_PREREQ,
                      "field %s with \"%s\"", oxm_field_info(fc->field)->name,
                      fc->bad_prereq[i]);
        ck_assert_int_eq(decode_oxms_hex(hex, &m), 0);
        ck_assert_int_eq(ofp_match_check_prereqs(&m),
                         OFPERR_OFPBMC_BAD_PREREQ);
        ofp_match_uninit(&m);
    }
    /* Every field with a prerequisite has at least the "absent" case. */
    ck_assert_int_eq(!fc->prereq[0], !fc->bad_prereq[0]);
}
END_TEST

START_TEST(test_masked_prereq_does_not_count)
{
    /* A prerequisite field must be matched exactly.  ETH_TYPE and IP_PROTO
     * cannot be masked, so the case arises through the setter-built
     * match, e.g. from the translator. */
    struct ofp_match m;
    ofp_match_init(&m);
    ofp_match_set_masked_u16(&m, OXM_ETH_TYPE, 0x0800, 0xff00);
    ofp_match_set_u32(&m, OXM_IPV4_SRC, 0x0a000001);
    ck_assert_int_eq(ofp_match_check_prereqs(&m), OFPERR_OFPBMC_BAD_PREREQ);
    ofp_match_set_u16(&m, OXM_ETH_TYPE, 0x0800);
    ck_assert_int_eq(ofp_match_check_prereqs(&m), 0);

    /* ICMPv6 type given by mask does not satisfy ND_TARGET. */
    ofp_match_init(&m);
    ofp_match_set_u16(&m, OXM_ETH_TYPE, 0x86dd);
    ofp_match_set_u8(&m, OXM_IP_PROTO, 58);
    ofp_match_set(&m, OXM_ICMPV6_TYPE, (uint8_t[]){ 0x87 },
                  (uint8_t[]){ 0xfe });
    ofp_match_set(&m, OXM_IPV6_ND_TARGET,
                  (uint8_t[16]){ 0xfe, 0x80, [15] = 1 }, NULL);
    ck_assert_int_eq(ofp_match_check_prereqs(&m), OFPERR_OFPBMC_BAD_PREREQ);
    ofp_match_set_u8(&m, OXM_ICMPV6_TYPE, 0x87);
    ck_assert_int_eq(ofp_match_check_prereqs(&m), 0);

    /* VLAN_PCP: "any tagged" (0x1000/0x1000) is enough. */
    ofp_match_init(&m);
    ofp_match_set_u8(&m, OXM_VLAN_PCP, 3);
    ck_assert_int_eq(ofp_match_check_prereqs(&m), OFPERR_OFPBMC_BAD_PREREQ);
    ofp_match_set_masked_u16(&m, OXM_VLAN_VID, 0x1000, 0x1000);
    ck_assert_int_eq(ofp_match_check_prereqs(&m), 0);
    ofp_match_set_u16(&m, OXM_VLAN_VID, OFPVID_NONE);
    ck_assert_int_eq(ofp_match_check_prereqs(&m), OFPERR_OFPBMC_BAD_PREREQ);

    /* The empty match has no prerequisites. */
    ofp_match_init(&m);
    ck_assert_int_eq(ofp_match_check_prereqs(&m), 0);
}
END_TEST

START_TEST(test_prereq_chain)
{
    /* TCP_SRC with IP_PROTO 6 but no ETH_TYPE: IP_PROTO's own
     * prerequisite fails, so the whole match does. */
    struct ofp_match m;
    ck_assert_int_eq(decode_match_hex("80001401 06 80001a02 0050", &m),
                     OFPERR_OFPBMC_BAD_PREREQ);
    /* ND_SLL with ICMPV6_TYPE 135 but no IP_PROTO/ETH_TYPE. */
    ck_assert_int_eq(decode_match_hex("80003a01 87 80004006 aabbccddeeff", &m),
                     OFPERR_OFPBMC_BAD_PREREQ);
    /* The complete chain in reverse wire order is fine. */
    ck_assert_int_eq(decode_match_hex("80004006 aabbccddeeff 80003a01 87 "
                                      "80001401 3a 80000a02 86dd",
                                      &m),
                     0);
    ofp_match_uninit(&m);
}
END_TEST

/* Decode errors. */

START_TEST(test_match_structure_errors)
{
    struct ofp_match m;
    size_t left;

    /* OFPMT_STANDARD and other types. */
    ck_assert_int_eq(decode_wire_hex("0000 0058 00000000", &m, &left),
                     OFPERR_OFPBMC_BAD_TYPE);
    ck_assert_int_eq(decode_wire_hex("0002 0004 00000000", &m, &left),
                     OFPERR_OFPBMC_BAD_TYPE);
    /* Header itself truncated. */
    ck_assert_int_eq(decode_wire_hex("0001 00", &m, &left),
                     OFPERR_OFPBMC_BAD_LEN);
    /* Length below the header. */
    ck_assert_int_eq(decode_wire_hex("0001 0003 00000000", &m, &left),
                     OFPERR_OFPBMC_BAD_LEN);
    /* Length past the buffer. */
    ck_assert_int_eq(decode_wire_hex("0001 0014 80000004 00000001", &m, &left),
                     OFPERR_OFPBMC_BAD_LEN);
    /* TLVs fit but the padding is missing. */
    ck_assert_int_eq(decode_wire_hex("0001 000c 80000004 00000001", &m, &left),
                     OFPERR_OFPBMC_BAD_LEN);
    ck_assert_int_eq(
        decode_wire_hex("0001 000c 80000004 00000001 0000", &m, &left),
        OFPERR_OFPBMC_BAD_LEN);
    /* Padding present: consumed, and what follows is left alone. */
    ck_assert_int_eq(decode_wire_hex("0001 000c 80000004 00000001 00000000 "
                                     "abcd",
                                     &m, &left),
                     0);
    ck_assert_uint_eq(left, 2);
    ck_assert_uint_eq(ofp_match_get_uint(&m, OXM_IN_PORT), 1);
    ofp_match_uninit(&m);
    /* The empty match is 8 bytes. */
    ck_assert_int_eq(decode_wire_hex("0001 0004 00000000", &m, &left), 0);
    ck_assert_uint_eq(left, 0);
    ck_assert_uint_eq(m.present, 0);
    /* An exactly aligned match has no padding. */
    ck_assert_int_eq(
        decode_wire_hex("0001 0010 80000408 0102030405060708", &m, &left), 0);
    ck_assert_uint_eq(left, 0);
    ofp_match_uninit(&m);
}
END_TEST

START_TEST(test_tlv_errors)
{
    struct ofp_match m;

    /* Truncated TLV header (the match length covers only 3 bytes). */
    ck_assert_int_eq(decode_match_hex("800000", &m), OFPERR_OFPBMC_BAD_LEN);
    /* TLV payload past the end of the match. */
    ck_assert_int_eq(decode_match_hex("80000004 000001", &m),
                     OFPERR_OFPBMC_BAD_LEN);
    /* The TLV must not run into the padding either. */
    {
        uint8_t wire[] = { 0x00, 0x01, 0x00, 0x0b, 0x80, 0x00, 0x00, 0x04,
                           0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00 };
        struct cur c = cur_make(wire, sizeof wire);
        ck_assert_int_eq(ofp_match_decode(&c, &m), OFPERR_OFPBMC_BAD_LEN);
    }
    /* Length not matching the field. */
    ck_assert_int_eq(decode_match_hex("80000003 000001", &m),
                     OFPERR_OFPBMC_BAD_LEN);
    ck_assert_int_eq(decode_match_hex("80000005 0000000100", &m),
                     OFPERR_OFPBMC_BAD_LEN);
    ck_assert_int_eq(decode_match_hex("80000a00", &m), OFPERR_OFPBMC_BAD_LEN);
    /* Masked length must be twice the field. */
    ck_assert_int_eq(decode_match_hex("80000508 0102030405060708", &m),
                     OFPERR_OFPBMC_BAD_LEN);
    ck_assert_int_eq(decode_match_hex("80000d03 100010", &m),
                     OFPERR_OFPBMC_BAD_LEN);
    /* Unknown basic fields. */
    ck_assert_int_eq(decode_match_hex("80005004 00000001", &m),
                     OFPERR_OFPBMC_BAD_FIELD);
    ck_assert_int_eq(decode_match_hex("8000fe01 00", &m),
                     OFPERR_OFPBMC_BAD_FIELD);
    /* Duplicates, exact and masked. */
    ck_assert_int_eq(
        decode_match_hex("80000004 00000001 80000004 00000002", &m),
        OFPERR_OFPBMC_DUP_FIELD);
    ck_assert_int_eq(decode_match_hex("80000606 001122334455 "
                                      "8000070c 001122000000 ffffff000000",
                                      &m),
                     OFPERR_OFPBMC_DUP_FIELD);
    /* Masks on non-maskable fields. */
    ck_assert_int_eq(decode_match_hex("80000108 00000001 ffffffff", &m),
                     OFPERR_OFPBMC_BAD_MASK);
    ck_assert_int_eq(decode_match_hex("80000b04 0800 ffff", &m),
                     OFPERR_OFPBMC_BAD_MASK);
    ck_assert_int_eq(
        decode_match_hex("80003f20 fe800000000000000000000000000001"
                         " ffffffffffffffffffffffffffffffff",
                         &m),
        OFPERR_OFPBMC_BAD_MASK);
    /* Value bits outside the mask. */
    ck_assert_int_eq(decode_match_hex(ETH_IP "80001708 0a000001 ff000000", &m),
                     OFPERR_OFPBMC_BAD_WILDCARDS);
    ck_assert_int_eq(decode_match_hex("80000d04 1001 1000", &m),
                     OFPERR_OFPBMC_BAD_WILDCARDS);
    ck_assert_int_eq(decode_match_hex("80000510 0000000000000001 "
                                      "fffffffffffffffe",
                                      &m),
                     OFPERR_OFPBMC_BAD_WILDCARDS);
    /* An experimenter TLV needs room for its experimenter id. */
    ck_assert_int_eq(decode_match_hex("ffff0002 4f4e", &m),
                     OFPERR_OFPBMC_BAD_LEN);
    /* An error after a raw TLV frees it (ASan checks the leak). */
    ck_assert_int_eq(decode_match_hex("ffff5406 4f4e4600 0012 "
                                      "00010004 00000005 80005004 00000000",
                                      &m),
                     OFPERR_OFPBMC_BAD_FIELD);
    /* Bare OXM lists give the same errors. */
    ck_assert_int_eq(decode_oxms_hex("80000004 000001", &m),
                     OFPERR_OFPBMC_BAD_LEN);
    ck_assert_uint_eq(m.present, 0);
    ck_assert_int_eq(decode_oxms_hex("800000", &m), OFPERR_OFPBMC_BAD_LEN);
    ck_assert_int_eq(decode_oxms_hex("80000108 00000001 ffffffff", &m),
                     OFPERR_OFPBMC_BAD_MASK);
}
END_TEST

START_TEST(test_value_errors)
{
    struct ofp_match m;
    static const struct {
        const char *oxms;
        enum ofperr error;
    } cases[] = {
        { "80000c02 1005 80000e01 07", 0 },
        { "80000c02 1005 80000e01 08", OFPERR_OFPBMC_BAD_VALUE },
        { ETH_IP "80001001 3f", 0 },
        { ETH_IP "80001001 40", OFPERR_OFPBMC_BAD_VALUE },
        { ETH_IP "80001201 03", 0 },
        { ETH_IP "80001201 04", OFPERR_OFPBMC_BAD_VALUE },
        { ETH_MPLS "80004404 000fffff", 0 },
        { ETH_MPLS "80004404 00100000", OFPERR_OFPBMC_BAD_VALUE },
        { ETH_MPLS "80004601 07", 0 },
        { ETH_MPLS "80004601 08", OFPERR_OFPBMC_BAD_VALUE },
        { ETH_MPLS "80004801 01", 0 },
        { ETH_MPLS "80004801 02", OFPERR_OFPBMC_BAD_VALUE },
        { ETH_IPV6 "80003804 000fffff", 0 },
        { ETH_IPV6 "80003804 00100000", OFPERR_OFPBMC_BAD_VALUE },
        { ETH_IPV6 "80003804 ff000000", OFPERR_OFPBMC_BAD_VALUE },
        /* A masked value out of range, even though the mask covers it. */
        { ETH_IPV6 "80003908 00100000 00ffffff", OFPERR_OFPBMC_BAD_VALUE },
        /* PBB_ISID uses all 24 bits of its 3 bytes. */
        { ETH_PBB "80004a03 ffffff", 0 },
        { ETH_IPV6 "80004e02 01ff", 0 },
        { ETH_IPV6 "80004e02 0200", OFPERR_OFPBMC_BAD_VALUE },
        { ETH_IPV6 "80004f04 0200 0200", OFPERR_OFPBMC_BAD_VALUE },
        { "80000c02 1fff", 0 },
        { "80000c02 2000", OFPERR_OFPBMC_BAD_VALUE },
        { "80000c02 f000", OFPERR_OFPBMC_BAD_VALUE },
        { "80000d04 2000 2000", OFPERR_OFPBMC_BAD_VALUE },
        /* Full-width fields accept any value. */
        { ETH_IP "80001401 ff", 0 },
    };

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        enum ofperr error = decode_match_hex(cases[i].oxms, &m);
        ck_assert_msg(error == cases[i].error, "\"%s\": got %s", cases[i].oxms,
                      error ? ofperr_get_name(error) : "0");
        ofp_match_uninit(&m);
    }
}
END_TEST

/* Non-basic TLVs. */

START_TEST(test_raw_experimenter_kept)
{
    /* os-ken 2.5: OFPMatch(eth_type=0x0800, ip_proto=6, tcp_flags=0x12)
     * and the masked form (0x02, 0x12): ONF experimenter OXM 42. */
    static const char *const vectors[] = {
        "0001001980000a0208008000140106ffff54064f4e4600001200000000000000",
        "0001001b80000a0208008000140106ffff55084f4e4600000200120000000000",
    };
    for (size_t i = 0; i < 2; i++) {
        struct ofp_match m;
        struct buf b = BUF_INITIALIZER;
        size_t left;

        ck_assert_int_eq(decode_wire_hex(vectors[i], &m, &left), 0);
        ck_assert_uint_eq(left, 0);
        ck_assert_uint_eq(m.present,
                          (1ULL << OXM_ETH_TYPE) | (1ULL << OXM_IP_PROTO));
        ck_assert_uint_eq(m.n_raw, 1);
        ck_assert_uint_eq(OXM_CLASS(m.raw[0].header), OFPXMC_EXPERIMENTER);
        ck_assert_uint_eq(OXM_FIELD(m.raw[0].header), 42);
        ck_assert_uint_eq(OXM_HASMASK(m.raw[0].header), i);
        ck_assert_uint_eq(m.raw[0].experimenter, ONF_EXPERIMENTER_ID);
        ck_assert_uint_eq(m.raw[0].len, i ? 4 : 2);
        ck_assert_uint_eq(get_be16(m.raw[0].data), i ? 0x0002 : 0x0012);
        ofp_match_encode(&m, &b);
        assert_buf_hex(&b, vectors[i]);

        /* copy is deep and equal. */
        struct ofp_match copy;
        ofp_match_copy(&copy, &m);
        ck_assert_ptr_ne(copy.raw, m.raw);
        ck_assert(ofp_match_equal(&copy, &m));
        copy.raw[0].data[1] ^= 1;
        ck_assert(!ofp_match_equal(&copy, &m));
        ofp_match_uninit(&copy);
        ofp_match_uninit(&m);
        buf_uninit(&b);
    }
}
END_TEST

START_TEST(test_raw_nxm_kept)
{
    struct ofp_match m;
    struct buf b = BUF_INITIALIZER;
    size_t left;

    /* os-ken 2.5: OFPMatch(reg0=5), an NXM_1 TLV. */
    ck_assert_int_eq(
        decode_wire_hex("0001000c000100040000000500000000", &m, &left), 0);
    ck_assert_uint_eq(m.present, 0);
    ck_assert_uint_eq(m.n_raw, 1);
    ck_assert_uint_eq(m.raw[0].header, 0x00010004);
    ck_assert_uint_eq(m.raw[0].experimenter, 0);
    ck_assert_uint_eq(m.raw[0].len, 4);
    ofp_match_encode(&m, &b);
    assert_buf_hex(&b, "0001000c000100040000000500000000");
    ofp_match_uninit(&m);
    buf_clear(&b);

    /* os-ken 2.5: OFPMatch(in_port=3, ct_state=(0x20, 0x20)); os-ken puts
     * the NXM_1 TLV first, we encode basic fields first and raw after. */
    ck_assert_int_eq(decode_wire_hex("000100180001d30800000020000000208000"
                                     "000400000003",
                                     &m, &left),
                     0);
    ck_assert_uint_eq(ofp_match_get_uint(&m, OXM_IN_PORT), 3);
    ck_assert_uint_eq(m.n_raw, 1);
    ofp_match_encode(&m, &b);
    assert_buf_hex(&b, "0001001880000004000000030001d3080000002000000020");
    ofp_match_uninit(&m);
    buf_uninit(&b);

    /* NXM_0, an unknown class and an experimenter TLV with no body. */
    ck_assert_int_eq(decode_match_hex("00000406 aabbccddeeff 12340000 "
                                      "ffff0004 00002320",
                                      &m),
                     0);
    ck_assert_uint_eq(m.n_raw, 3);
    ck_assert_uint_eq(m.raw[1].len, 0);
    ck_assert_uint_eq(m.raw[2].experimenter, NX_EXPERIMENTER_ID);
    ck_assert_uint_eq(m.raw[2].len, 0);
    ck_assert_uint_eq(ofp_match_oxms_len(&m), 10 + 4 + 8);
    ofp_match_encode_oxms(&m, &b);
    assert_buf_hex(&b, "00000406aabbccddeeff12340000ffff000400002320");
    buf_uninit(&b);
    ofp_match_uninit(&m);
}
END_TEST

/* os-ken cross-checks. */

START_TEST(test_os_ken_vectors)
{
    /* Produced by os-ken 2.5 (python3-os-ken) OFPMatch.serialize():
     *  1: in_port=1, eth_type=0x0800, ip_proto=6,
     *     ipv4_src=('10.0.0.0','255.0.0.0'), tcp_dst=80
     *  2: eth_dst=('00:11:22:33:44:55','ff:ff:ff:00:00:00'),
     *     vlan_vid=(0x1000,0x1000), vlan_pcp=3,
     *     metadata=(0x1122334455667788, 0xffffffff00000000)
     *  3: eth_type=0x86dd, ip_proto=58, icmpv6_type=135,
     *     ipv6_nd_target='fe80::1', ipv6_nd_sll='aa:bb:cc:dd:ee:ff',
     *     ipv6_src=('2001:db8::','ffff:ffff::'), ipv6_exthdr=(0x40,0x1ff)
     *  4: the empty match. */
    static const char *const vectors[] = {
        "00010029800000040000000180000a0208008000140106800017080a000000ff0000"
        "0080001c02005000000000000000",
        "00010035800005101122334400000000ffffffff000000008000070c001122000000"
        "ffffff00000080000d041000100080000e0103000000",
        "0001005e80000a0286dd800014013a8000352020010db80000000000000000000000"
        "00ffffffff00000000000000000000000080003a018780003e10fe80000000000000"
        "000000000000000180004006aabbccddeeff80004f04004001ff0000",
        "0001000400000000",
    };
    for (size_t i = 0; i < sizeof vectors / sizeof vectors[0]; i++) {
        struct ofp_match m;
        struct buf b = BUF_INITIALIZER;
        size_t left;
        ck_assert_int_eq(decode_wire_hex(vectors[i], &m, &left), 0);
        ck_assert_uint_eq(left, 0);
        ofp_match_encode(&m, &b);
        assert_buf_hex(&b, vectors[i]);
        ofp_match_uninit(&m);
        buf_uninit(&b);
    }

    /* The same first match built with the setters. */
    struct ofp_match m;
    struct buf b = BUF_INITIALIZER;
    ofp_match_init(&m);
    ofp_match_set_u16(&m, OXM_TCP_DST, 80);
    ofp_match_set_masked_u32(&m, OXM_IPV4_SRC, 0x0a000000, 0xff000000);
    ofp_match_set_u8(&m, OXM_IP_PROTO, 6);
    ofp_match_set_u16(&m, OXM_ETH_TYPE, 0x0800);
    ofp_match_set_u32(&m, OXM_IN_PORT, 1);
    ck_assert_int_eq(ofp_match_check_prereqs(&m), 0);
    ofp_match_encode(&m, &b);
    assert_buf_hex(&b, vectors[0]);
    ofp_match_uninit(&m);
    buf_uninit(&b);
}
END_TEST

/* Setters and getters. */

START_TEST(test_setters_getters)
{
    struct ofp_match m;
    ofp_match_init(&m);

    ofp_match_set_u64(&m, OXM_ETH_DST, 0x0011223344556677ULL);
    ck_assert(ofp_match_get_uint(&m, OXM_ETH_DST) == 0x223344556677ULL);
    ck_assert_mem_eq(m.value[OXM_ETH_DST].b,
                     ((uint8_t[]){ 0x22, 0x33, 0x44, 0x55, 0x66, 0x77 }), 6);
    ck_assert(ofp_match_get_mask_uint(&m, OXM_ETH_DST) == 0xffffffffffffULL);
    ck_assert_uint_eq(m.masked, 0);

    ofp_match_set_u32(&m, OXM_PBB_ISID, 0x123456);
    ck_assert_mem_eq(m.value[OXM_PBB_ISID].b,
                     ((uint8_t[]){ 0x12, 0x34, 0x56, 0 }), 4);
    ck_assert_uint_eq(ofp_match_get_uint(&m, OXM_PBB_ISID), 0x123456);

    /* Masked: value bits outside the mask are cleared. */
    ofp_match_set_masked_u32(&m, OXM_IPV4_DST, 0x0a0b0c0d, 0xffff0000);
    ck_assert_uint_eq(ofp_match_get_uint(&m, OXM_IPV4_DST), 0x0a0b0000);
    ck_assert_uint_eq(ofp_match_get_mask_uint(&m, OXM_IPV4_DST), 0xffff0000);
    ck_assert(m.masked & (1ULL << OXM_IPV4_DST));

    /* An all-ones mask is stored as exact; a mask of only the significant
     * bits of a narrow field stays a mask. */
    ofp_match_set_masked_u32(&m, OXM_IPV4_SRC, 1, 0xffffffff);
    ck_assert(!(m.masked & (1ULL << OXM_IPV4_SRC)));
    ofp_match_set_masked_u16(&m, OXM_VLAN_VID, 0x1005, 0xffff);
    ck_assert(!(m.masked & (1ULL << OXM_VLAN_VID)));
    ck_assert_uint_eq(ofp_match_get_mask_uint(&m, OXM_VLAN_VID), 0xffff);
    ofp_match_set_masked_u16(&m, OXM_VLAN_VID, 0x1005, 0x1fff);
    ck_assert(m.masked & (1ULL << OXM_VLAN_VID));
    ck_assert_uint_eq(ofp_match_get_mask_uint(&m, OXM_VLAN_VID), 0x1fff);
    ofp_match_set_masked_u16(&m, OXM_VLAN_VID, 0x1005, 0x1ffe);
    ck_assert(m.masked & (1ULL << OXM_VLAN_VID));
    ck_assert_uint_eq(ofp_match_get_uint(&m, OXM_VLAN_VID), 0x1004);
    ofp_match_set_masked_u64(&m, OXM_TUNNEL_ID, 5, UINT64_MAX);
    ck_assert(!(m.masked & (1ULL << OXM_TUNNEL_ID)));
    ofp_match_set_masked_u64(&m, OXM_METADATA, 0xf0, 0xf0);
    ck_assert(m.masked & (1ULL << OXM_METADATA));

    /* Replacing a masked field with an exact one clears the mask bit. */
    ofp_match_set_u16(&m, OXM_VLAN_VID, 0x1007);
    ck_assert(!(m.masked & (1ULL << OXM_VLAN_VID)));

    /* IPv6 through the byte setter; the integer getter gives the low 64
     * bits. */
    uint8_t v6[16] = { 0x20, 0x01, 0x0d, 0xb8, [14] = 0xab, [15] = 0xcd };
    ofp_match_set(&m, OXM_IPV6_SRC, v6, NULL);
    ck_assert_mem_eq(m.value[OXM_IPV6_SRC].b, v6, 16);
    ck_assert_uint_eq(ofp_match_get_uint(&m, OXM_IPV6_SRC), 0xabcd);

    ofp_match_clear(&m, OXM_IPV4_DST);
    ck_assert(!ofp_match_has(&m, OXM_IPV4_DST));
    ck_assert(!(m.masked & (1ULL << OXM_IPV4_DST)));
    ck_assert_uint_eq(ofp_match_get_uint(&m, OXM_IPV4_DST), 0);
    ck_assert_uint_eq(ofp_match_get_mask_uint(&m, OXM_IPV4_DST), 0);
    ofp_match_clear(&m, OXM_IPV4_DST); /* Already clear. */

    /* Equal ignores whether an all-ones mask was on the wire. */
    struct ofp_match a, b;
    ck_assert_int_eq(decode_oxms_hex("80001708 0a000001 ffffffff", &a), 0);
    ck_assert_int_eq(decode_oxms_hex("80001604 0a000001", &b), 0);
    ck_assert(ofp_match_equal(&a, &b));
    ck_assert_uint_ne(a.masked, b.masked);
    ofp_match_set_u32(&b, OXM_IPV4_SRC, 0x0a000002);
    ck_assert(!ofp_match_equal(&a, &b));
    ofp_match_set_masked_u32(&b, OXM_IPV4_SRC, 0x0a000001, 0xfffffffe);
    ck_assert(!ofp_match_equal(&a, &b));
    ofp_match_uninit(&a);
    ofp_match_uninit(&b);
    ofp_match_uninit(&m);
    ofp_match_uninit(NULL);
}
END_TEST

/* Set-field TLVs. */

static enum ofperr
set_field_hex(const char *hex, enum oxm_field *f, struct oxm_value *v)
{
    uint8_t wire[64];
    size_t n = hex_to_bytes(hex, wire, sizeof wire);
    struct cur c = cur_make(wire, n);
    enum ofperr error = oxm_set_field_decode(&c, f, v);
    if (!error) {
        ck_assert_uint_eq(c.left, 0);
    }
    return error;
}

START_TEST(test_set_field_decode)
{
    enum oxm_field f = OXM_IN_PORT;
    struct oxm_value v;

    ck_assert_int_eq(set_field_hex("80000c02 1005 0000", &f, &v), 0);
    ck_assert_uint_eq(f, OXM_VLAN_VID);
    ck_assert_uint_eq(get_be16(v.b), 0x1005);
    for (size_t i = 2; i < OXM_MAX_LEN; i++) {
        ck_assert_uint_eq(v.b[i], 0);
    }
    ck_assert_int_eq(set_field_hex("80004c08 00000000deadbeef", &f, &v), 0);
    ck_assert_uint_eq(f, OXM_TUNNEL_ID);
    ck_assert_int_eq(set_field_hex("80003410 20010db8000000000000000000000001"
                                   " 0000000000000000",
                                   &f, &v),
                     0);
    ck_assert_uint_eq(f, OXM_IPV6_SRC);
    ck_assert_uint_eq(v.b[15], 1);

    /* Every settable field decodes from its exact sample. */
    for (size_t i = 0; i < OXM_N_FIELDS; i++) {
        const struct field_case *fc = &field_cases[i];
        enum ofperr want =
            (oxm_field_info(fc->field)->settable ? 0
                                                 : OFPERR_OFPBAC_BAD_SET_TYPE);
        ck_assert_int_eq(set_field_hex(fc->exact, &f, &v), want);
        if (!want) {
            ck_assert_uint_eq(f, fc->field);
        }
    }

    /* Not settable, unknown or not basic. */
    ck_assert_int_eq(set_field_hex("80000004 00000001", &f, &v),
                     OFPERR_OFPBAC_BAD_SET_TYPE);
    ck_assert_int_eq(set_field_hex("80000408 0000000000000001", &f, &v),
                     OFPERR_OFPBAC_BAD_SET_TYPE);
    ck_assert_int_eq(set_field_hex("80004e02 0001", &f, &v),
                     OFPERR_OFPBAC_BAD_SET_TYPE);
    ck_assert_int_eq(set_field_hex("80005002 0001", &f, &v),
                     OFPERR_OFPBAC_BAD_SET_TYPE);
    ck_assert_int_eq(set_field_hex("00010004 00000005", &f, &v),
                     OFPERR_OFPBAC_BAD_SET_TYPE);
    ck_assert_int_eq(set_field_hex("ffff5406 4f4e4600 0012", &f, &v),
                     OFPERR_OFPBAC_BAD_SET_TYPE);
    /* A mask is not allowed in 1.3. */
    ck_assert_int_eq(
        set_field_hex("8000070c 001122334455 ffffffffffff", &f, &v),
        OFPERR_OFPBAC_BAD_SET_ARGUMENT);
    /* Lengths. */
    ck_assert_int_eq(set_field_hex("80000a04 08000000", &f, &v),
                     OFPERR_OFPBAC_BAD_SET_LEN);
    ck_assert_int_eq(set_field_hex("80000a01 08", &f, &v),
                     OFPERR_OFPBAC_BAD_SET_LEN);
    ck_assert_int_eq(set_field_hex("80000a02 08", &f, &v),
                     OFPERR_OFPBAC_BAD_SET_LEN);
    ck_assert_int_eq(set_field_hex("80000a", &f, &v),
                     OFPERR_OFPBAC_BAD_SET_LEN);
    /* Padding must be zero. */
    ck_assert_int_eq(set_field_hex("80000a02 0800 0001", &f, &v),
                     OFPERR_OFPBAC_BAD_SET_ARGUMENT);
    /* Values. */
    ck_assert_int_eq(set_field_hex("80000c02 0005", &f, &v),
                     OFPERR_OFPBAC_BAD_SET_ARGUMENT);
    ck_assert_int_eq(set_field_hex("80000c02 0000", &f, &v),
                     OFPERR_OFPBAC_BAD_SET_ARGUMENT);
    ck_assert_int_eq(set_field_hex("80000c02 3005", &f, &v),
                     OFPERR_OFPBAC_BAD_SET_ARGUMENT);
    ck_assert_int_eq(set_field_hex("80000e01 08", &f, &v),
                     OFPERR_OFPBAC_BAD_SET_ARGUMENT);
    ck_assert_int_eq(set_field_hex("80000e01 07", &f, &v), 0);
    ck_assert_int_eq(set_field_hex("80001001 40", &f, &v),
                     OFPERR_OFPBAC_BAD_SET_ARGUMENT);
    ck_assert_int_eq(set_field_hex("80004404 00100000", &f, &v),
                     OFPERR_OFPBAC_BAD_SET_ARGUMENT);
}
END_TEST

/* Subset and overlap. */

static void
build(struct ofp_match *m, const char *oxms)
{
    ck_assert_int_eq(decode_oxms_hex(oxms, m), 0);
}

START_TEST(test_subset)
{
    struct ofp_match any, ip, ip_net, ip_host, ip_other, tcp80, raw;

    build(&any, "");
    build(&ip, ETH_IP);
    build(&ip_net, ETH_IP "80001708 0a000000 ff000000");
    build(&ip_host, ETH_IP "80001604 0a000001");
    build(&ip_other, ETH_IP "80001604 0b000001");
    build(&tcp80, ETH_IP "80001604 0a000001 80001401 06 80001c02 0050");
    build(&raw, ETH_IP "80001604 0a000001 ffff5406 4f4e4600 0012");

    /* Everything is a subset of the empty match, and of itself. */
    ck_assert(ofp_match_is_subset(&ip, &any));
    ck_assert(ofp_match_is_subset(&tcp80, &any));
    ck_assert(ofp_match_is_subset(&any, &any));
    ck_assert(ofp_match_is_subset(&ip_net, &ip_net));
    ck_assert(!ofp_match_is_subset(&any, &ip));

    /* More fields, or a tighter mask with an equal value under the looser
     * mask, is a subset. */
    ck_assert(ofp_match_is_subset(&ip_net, &ip));
    ck_assert(ofp_match_is_subset(&ip_host, &ip_net));
    ck_assert(ofp_match_is_subset(&tcp80, &ip_net));
    ck_assert(!ofp_match_is_subset(&ip_net, &ip_host));
    ck_assert(!ofp_match_is_subset(&ip, &ip_net));
    ck_assert(!ofp_match_is_subset(&ip_other, &ip_net));
    ck_assert(!ofp_match_is_subset(&ip_host, &tcp80));

    /* A raw TLV constrains: only a match carrying it is a subset. */
    ck_assert(ofp_match_is_subset(&raw, &ip_host));
    ck_assert(!ofp_match_is_subset(&ip_host, &raw));
    ck_assert(ofp_match_is_subset(&raw, &raw));

    /* Overlap. */
    ck_assert(ofp_match_overlaps(&any, &tcp80));
    ck_assert(ofp_match_overlaps(&ip_net, &ip_host));
    ck_assert(ofp_match_overlaps(&ip_host, &ip_net));
    ck_assert(!ofp_match_overlaps(&ip_host, &ip_other));
    ck_assert(!ofp_match_overlaps(&ip_net, &ip_other));
    ck_assert(ofp_match_overlaps(&tcp80, &ip_net));

    /* Disjoint in a field only one side has: still overlapping. */
    struct ofp_match a, b, c;
    build(&a, "80000004 00000001");
    build(&b, "80000606 001122334455");
    build(&c, "80000004 00000002 80000606 001122334455");
    ck_assert(ofp_match_overlaps(&a, &b));
    ck_assert(!ofp_match_overlaps(&a, &c));
    ck_assert(ofp_match_overlaps(&b, &c));
    /* Masks that cover different bits overlap even with different
     * values. */
    struct ofp_match d, e;
    build(&d, "8000070c 010000000000 ff0000000000");
    build(&e, "8000070c 000000000002 0000000000ff");
    ck_assert(ofp_match_overlaps(&d, &e));
    ck_assert(!ofp_match_is_subset(&d, &e));
    ck_assert(!ofp_match_is_subset(&e, &d));

    struct ofp_match *all[] = { &any,      &ip,    &ip_net, &ip_host,
                                &ip_other, &tcp80, &raw,    &a,
                                &b,        &c,     &d,      &e };
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        ofp_match_uninit(all[i]);
    }
}
END_TEST

/* Every TLV of every length decodes or fails cleanly: no crash and no
 * over-read under ASan, and a successful decode re-encodes to the same
 * bytes. */
START_TEST(test_exhaustive_short_tlvs)
{
    for (uint32_t field = 0; field < 128; field++) {
        for (uint32_t hm = 0; hm < 2; hm++) {
            for (uint32_t len = 0; len <= 40; len++) {
                uint8_t *wire = malloc(4 + len);
                struct ofp_match m;
                put_be32(wire,
                         OXM_HEADER(OFPXMC_OPENFLOW_BASIC, field, hm, len));
                memset(wire + 4, 0, len);
                struct cur c = cur_make(wire, 4 + len);
                if (!ofp_match_decode_oxms(&c, &m)) {
                    struct buf b = BUF_INITIALIZER;
                    ofp_match_encode_oxms(&m, &b);
                    if (hm) {
                        /* An all-zero mask wildcards the field: it is
                         * dropped, not re-encoded. */
                        ck_assert_uint_eq(b.size, 0);
                        ck_assert(!ofp_match_has(&m, field));
                    } else {
                        ck_assert_uint_eq(b.size, 4 + len);
                        ck_assert_mem_eq(b.data, wire, 4 + len);
                    }
                    buf_uninit(&b);
                    ofp_match_uninit(&m);
                }
                free(wire);
            }
        }
    }
}
END_TEST

int
main(void)
{
    Suite *s = suite_create("match");
    TCase *tc = tcase_create("fields");
    tcase_add_test(tc, test_field_table);
    tcase_add_test(tc, test_every_field_has_a_case);
    tcase_add_loop_test(tc, test_field_exact_round_trip, 0, OXM_N_FIELDS);
    tcase_add_loop_test(tc, test_field_masked_round_trip, 0, OXM_N_FIELDS);
    tcase_add_loop_test(tc, test_field_prereqs, 0, OXM_N_FIELDS);
    tcase_add_test(tc, test_masked_prereq_does_not_count);
    tcase_add_test(tc, test_prereq_chain);
    suite_add_tcase(s, tc);

    tc = tcase_create("errors");
    tcase_add_test(tc, test_match_structure_errors);
    tcase_add_test(tc, test_tlv_errors);
    tcase_add_test(tc, test_value_errors);
    tcase_add_test(tc, test_exhaustive_short_tlvs);
    suite_add_tcase(s, tc);

    tc = tcase_create("model");
    tcase_add_test(tc, test_raw_experimenter_kept);
    tcase_add_test(tc, test_raw_nxm_kept);
    tcase_add_test(tc, test_os_ken_vectors);
    tcase_add_test(tc, test_setters_getters);
    tcase_add_test(tc, test_set_field_decode);
    tcase_add_test(tc, test_subset);
    suite_add_tcase(s, tc);

    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
