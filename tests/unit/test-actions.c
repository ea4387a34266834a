/* tests/unit/test-actions.c -- the action, instruction, bucket and
 * meter-band codec (ofp13/actions.c): every action and instruction type
 * round-trips to hand-written bytes, vectors produced by os-ken decode and
 * re-encode byte for byte, and every structural error returns its exact
 * code without leaking what was decoded before it. */
#include <config.h>

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ofp13/actions.h"
#include "ofp13/ofp.h"
#include "util/buf.h"
#include "util/cur.h"

/* Helpers. */

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

/* Decodes 'hex' as an action list; on error the list must be empty. */
static enum ofperr
actions_hex(const char *hex, struct ofp_actions *acts)
{
    uint8_t wire[1024];
    size_t n = hex_to_bytes(hex, wire, sizeof wire);
    struct cur c = cur_make(wire, n);
    enum ofperr error = ofp_actions_decode(&c, acts);
    if (error) {
        ck_assert_uint_eq(acts->n, 0);
        ck_assert_ptr_null(acts->a);
    } else {
        ck_assert_uint_eq(c.left, 0);
    }
    return error;
}

static enum ofperr
insts_hex(const char *hex, struct ofp_instructions *insts)
{
    uint8_t wire[1024];
    size_t n = hex_to_bytes(hex, wire, sizeof wire);
    struct cur c = cur_make(wire, n);
    enum ofperr error = ofp_instructions_decode(&c, insts);
    if (error) {
        ck_assert_uint_eq(insts->present, 0);
        ck_assert_uint_eq(insts->apply.n, 0);
        ck_assert_uint_eq(insts->write.n, 0);
    }
    return error;
}

static enum ofperr
buckets_hex(const char *hex, struct ofp_buckets *bs)
{
    uint8_t wire[1024];
    size_t n = hex_to_bytes(hex, wire, sizeof wire);
    struct cur c = cur_make(wire, n);
    enum ofperr error = ofp_buckets_decode(&c, bs);
    if (error) {
        ck_assert_uint_eq(bs->n, 0);
        ck_assert_ptr_null(bs->b);
    }
    return error;
}

static enum ofperr
bands_hex(const char *hex, struct ofp_meter_bands *mb)
{
    uint8_t wire[1024];
    size_t n = hex_to_bytes(hex, wire, sizeof wire);
    struct cur c = cur_make(wire, n);
    enum ofperr error = ofp_meter_bands_decode(&c, mb);
    if (error) {
        ck_assert_uint_eq(mb->n, 0);
        ck_assert_ptr_null(mb->b);
    }
    return error;
}

/* Actions. */

static uint8_t exp_body[] = { 0x00, 0x26, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01 };

/* One sample per action type: the model and its hand-written wire form
 * (reference §1.5). */
struct action_case {
    struct ofp_action a;
    const char *hex;
};

static const struct action_case action_cases[] = {
    { { .type = OFPAT_OUTPUT, .u.output = { 3, 0 } },
      "0000 0010 00000003 0000 000000000000" },
    { { .type = OFPAT_OUTPUT, .u.output = { OFPP_CONTROLLER, 128 } },
      "0000 0010 fffffffd 0080 000000000000" },
    { { .type = OFPAT_COPY_TTL_OUT }, "000b 0008 00000000" },
    { { .type = OFPAT_COPY_TTL_IN }, "000c 0008 00000000" },
    { { .type = OFPAT_SET_MPLS_TTL, .u.ttl = 7 }, "000f 0008 07000000" },
    { { .type = OFPAT_DEC_MPLS_TTL }, "0010 0008 00000000" },
    { { .type = OFPAT_PUSH_VLAN, .u.ethertype = 0x8100 },
      "0011 0008 8100 0000" },
    { { .type = OFPAT_POP_VLAN }, "0012 0008 00000000" },
    { { .type = OFPAT_PUSH_MPLS, .u.ethertype = 0x8847 },
      "0013 0008 8847 0000" },
    { { .type = OFPAT_POP_MPLS, .u.ethertype = 0x86dd },
      "0014 0008 86dd 0000" },
    { { .type = OFPAT_SET_QUEUE, .u.queue_id = 0x01020304 },
      "0015 0008 01020304" },
    { { .type = OFPAT_GROUP, .u.group_id = 42 }, "0016 0008 0000002a" },
    { { .type = OFPAT_SET_NW_TTL, .u.ttl = 255 }, "0017 0008 ff000000" },
    { { .type = OFPAT_DEC_NW_TTL }, "0018 0008 00000000" },
    { { .type = OFPAT_SET_FIELD,
        .u.set_field = { OXM_ETH_DST,
                         { { 0x00, 0x11, 0x22, 0x33, 0x44, 0x55 } } } },
      "0019 0010 80000606 001122334455 0000" },
    { { .type = OFPAT_SET_FIELD,
        .u.set_field = { OXM_IPV6_DST, { { 0xfe, 0x80, [15] = 0x01 } } } },
      "0019 0018 80003610 fe800000000000000000000000000001" },
    { { .type = OFPAT_SET_FIELD, .u.set_field = { OXM_IP_DSCP, { { 46 } } } },
      "0019 0010 80001001 2e 00000000000000" },
    { { .type = OFPAT_PUSH_PBB, .u.ethertype = 0x88e7 },
      "001a 0008 88e7 0000" },
    { { .type = OFPAT_POP_PBB }, "001b 0008 00000000" },
    { { .type = OFPAT_EXPERIMENTER,
        .u.experimenter = { NX_EXPERIMENTER_ID, sizeof exp_body, exp_body } },
      "ffff 0010 00002320 0026000000000001" },
    { { .type = OFPAT_EXPERIMENTER,
        .u.experimenter = { 0x00abcdef, 0, NULL } },
      "ffff 0008 00abcdef" },
};
#define N_ACTION_CASES (sizeof action_cases / sizeof action_cases[0])

START_TEST(test_action_round_trip)
{
    const struct action_case *ac = &action_cases[_i];
    struct ofp_actions acts, one;
    struct buf b = BUF_INITIALIZER;

    /* Model -> bytes. */
    ofp_actions_init(&one);
    ofp_actions_push(&one, &ac->a);
    ofp_actions_encode(&one, &b);
    assert_buf_hex(&b, ac->hex);

    /* Bytes -> model -> bytes. */
    ck_assert_int_eq(actions_hex(ac->hex, &acts), 0);
    ck_assert_uint_eq(acts.n, 1);
    ck_assert_uint_eq(acts.a[0].type, ac->a.type);
    ck_assert(ofp_actions_equal(&acts, &one));
    buf_clear(&b);
    ofp_actions_encode(&acts, &b);
    assert_buf_hex(&b, ac->hex);

    ofp_actions_uninit(&acts);
    ofp_actions_uninit(&one);
    buf_uninit(&b);
}
END_TEST

START_TEST(test_every_action_type_covered)
{
    static const uint16_t types[] = {
        0, 11, 12, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 0xffff,
    };
    for (size_t t = 0; t < sizeof types / sizeof types[0]; t++) {
        bool found = false;
        for (size_t i = 0; i < N_ACTION_CASES; i++) {
            found |= action_cases[i].a.type == types[t];
        }
        ck_assert_msg(found, "no case for action %u", types[t]);
        ck_assert_ptr_nonnull(ofp_action_type_name(types[t]));
    }
    ck_assert_str_eq(ofp_action_type_name(OFPAT_OUTPUT), "OUTPUT");
    ck_assert_str_eq(ofp_action_type_name(OFPAT_SET_FIELD), "SET_FIELD");
    ck_assert_str_eq(ofp_action_type_name(OFPAT_POP_PBB), "POP_PBB");
    ck_assert_str_eq(ofp_action_type_name(OFPAT_EXPERIMENTER), "EXPERIMENTER");
    ck_assert_ptr_null(ofp_action_type_name(1));
    ck_assert_ptr_null(ofp_action_type_name(13));
    ck_assert_ptr_null(ofp_action_type_name(28));
}
END_TEST

START_TEST(test_action_list)
{
    /* All the samples in one list keep their order. */
    struct ofp_actions all, decoded, copy;
    struct buf b = BUF_INITIALIZER;
    char hex[2048] = "";

    ofp_actions_init(&all);
    for (size_t i = 0; i < N_ACTION_CASES; i++) {
        ofp_actions_push(&all, &action_cases[i].a);
        strcat(hex, action_cases[i].hex);
    }
    ofp_actions_encode(&all, &b);
    assert_buf_hex(&b, hex);
    ck_assert_int_eq(actions_hex(hex, &decoded), 0);
    ck_assert_uint_eq(decoded.n, N_ACTION_CASES);
    ck_assert(ofp_actions_equal(&decoded, &all));

    /* Copies are deep: experimenter data is not shared. */
    ofp_actions_copy(&copy, &decoded);
    ck_assert(ofp_actions_equal(&copy, &decoded));
    size_t e = N_ACTION_CASES - 2;
    ck_assert_uint_eq(copy.a[e].type, OFPAT_EXPERIMENTER);
    ck_assert_ptr_ne(copy.a[e].u.experimenter.data,
                     decoded.a[e].u.experimenter.data);
    copy.a[e].u.experimenter.data[0] ^= 1;
    ck_assert(!ofp_actions_equal(&copy, &decoded));
    ofp_actions_uninit(&copy);

    /* Inequality on each kind of argument and on length. */
    ofp_actions_copy(&copy, &decoded);
    copy.a[0].u.output.port = OFPP_CONTROLLER;
    struct ofp_actions copy2;
    ofp_actions_copy(&copy2, &copy);
    copy2.a[0].u.output.max_len ^= 1;
    ck_assert(!ofp_actions_equal(&copy, &copy2));
    /* To any other port max_len means nothing, so it does not count. */
    copy.a[0].u.output.port = copy2.a[0].u.output.port = 2;
    ck_assert(ofp_actions_equal(&copy, &copy2));
    ofp_actions_uninit(&copy2);
    ofp_actions_uninit(&copy);
    ofp_actions_copy(&copy, &decoded);
    copy.a[14].u.set_field.value.b[5] = 0;
    ck_assert(!ofp_actions_equal(&copy, &decoded));
    ofp_actions_uninit(&copy);
    ofp_actions_copy(&copy, &decoded);
    copy.n--;
    ck_assert(!ofp_actions_equal(&copy, &decoded));
    copy.n++;
    ofp_actions_uninit(&copy);

    /* An empty list decodes and encodes to nothing. */
    struct ofp_actions empty;
    ck_assert_int_eq(actions_hex("", &empty), 0);
    ck_assert_uint_eq(empty.n, 0);
    buf_clear(&b);
    ofp_actions_encode(&empty, &b);
    ck_assert_uint_eq(b.size, 0);
    ofp_actions_copy(&copy, &empty);
    ck_assert(ofp_actions_equal(&copy, &empty));
    ofp_actions_uninit(&copy);

    ofp_actions_uninit(&decoded);
    ofp_actions_uninit(&all);
    ofp_actions_uninit(NULL);
    buf_uninit(&b);
}
END_TEST

START_TEST(test_action_os_ken_vectors)
{
    /* Produced by os-ken 2.5 (python3-os-ken) serialize(): OFPActionOutput
     * (CONTROLLER, NO_BUFFER), PushVlan(0x88a8), Group(7), SetQueue(3),
     * DecNwTtl(), SetMplsTtl(64), PopMpls(0x0800), and OFPActionSetField
     * with vlan_vid=0x1005, eth_src, ipv4_dst=192.168.1.1,
     * mpls_label=0x12345, tunnel_id=0xdeadbeef, ipv6_flabel=0xabcde,
     * pbb_isid=0x123456. */
    static const char *const vectors[] = {
        "00000010fffffffdffff000000000000",
        "0011000888a80000",
        "0016000800000007",
        "0015000800000003",
        "0018000800000000",
        "000f000840000000",
        "0014000808000000",
        "0019001080000c021005000000000000",
        "00190010800008060102030405060000",
        "0019001080001804c0a8010100000000",
        "00190010800044040001234500000000",
        "0019001080004c0800000000deadbeef",
        "0019001080003804000abcde00000000",
        "0019001080004a031234560000000000",
    };
    for (size_t i = 0; i < sizeof vectors / sizeof vectors[0]; i++) {
        struct ofp_actions acts;
        struct buf b = BUF_INITIALIZER;
        ck_assert_int_eq(actions_hex(vectors[i], &acts), 0);
        ck_assert_uint_eq(acts.n, 1);
        ofp_actions_encode(&acts, &b);
        assert_buf_hex(&b, vectors[i]);
        ofp_actions_uninit(&acts);
        buf_uninit(&b);
    }

    struct ofp_actions acts;
    ck_assert_int_eq(actions_hex(vectors[0], &acts), 0);
    ck_assert_uint_eq(acts.a[0].u.output.port, OFPP_CONTROLLER);
    ck_assert_uint_eq(acts.a[0].u.output.max_len, OFPCML_NO_BUFFER);
    ofp_actions_uninit(&acts);
    ck_assert_int_eq(actions_hex(vectors[11], &acts), 0);
    ck_assert_uint_eq(acts.a[0].u.set_field.field, OXM_TUNNEL_ID);
    ck_assert(get_be64(acts.a[0].u.set_field.value.b) == 0xdeadbeef);
    ofp_actions_uninit(&acts);
}
END_TEST

START_TEST(test_action_errors)
{
    static const struct {
        const char *hex;
        enum ofperr error;
    } cases[] = {
        /* Structure. */
        { "0000", OFPERR_OFPBAC_BAD_LEN },
        { "0000 00", OFPERR_OFPBAC_BAD_LEN },
        { "0012 0000 00000000", OFPERR_OFPBAC_BAD_LEN },
        { "0012 0004 00000000", OFPERR_OFPBAC_BAD_LEN },
        { "0012 000c 00000000 00000000", OFPERR_OFPBAC_BAD_LEN },
        { "0012 0010 00000000", OFPERR_OFPBAC_BAD_LEN },
        { "0012 0008 00000000 0012", OFPERR_OFPBAC_BAD_LEN },
        /* Each fixed-size action must be exactly its size. */
        { "0000 0008 00000001", OFPERR_OFPBAC_BAD_LEN },
        { "0000 0018 00000001 0000 000000000000 0000000000000000",
          OFPERR_OFPBAC_BAD_LEN },
        { "0018 0010 00000000 00000000 00000000", OFPERR_OFPBAC_BAD_LEN },
        { "0016 0010 00000001 00000000 00000000", OFPERR_OFPBAC_BAD_LEN },
        { "001b 0010 00000000 00000000 00000000", OFPERR_OFPBAC_BAD_LEN },
        /* Unknown types, including the 1.1 numbers 1.3 dropped. */
        { "0001 0008 00000000", OFPERR_OFPBAC_BAD_TYPE },
        { "000a 0008 00000000", OFPERR_OFPBAC_BAD_TYPE },
        { "000d 0008 00000000", OFPERR_OFPBAC_BAD_TYPE },
        { "000e 0008 00000000", OFPERR_OFPBAC_BAD_TYPE },
        { "001c 0008 00000000", OFPERR_OFPBAC_BAD_TYPE },
        { "fffe 0008 00000000", OFPERR_OFPBAC_BAD_TYPE },
        /* OUTPUT ports. */
        { "0000 0010 00000000 0000 000000000000", OFPERR_OFPBAC_BAD_OUT_PORT },
        { "0000 0010 ffffff01 0000 000000000000", OFPERR_OFPBAC_BAD_OUT_PORT },
        { "0000 0010 fffffff7 0000 000000000000", OFPERR_OFPBAC_BAD_OUT_PORT },
        { "0000 0010 ffffffff 0000 000000000000", OFPERR_OFPBAC_BAD_OUT_PORT },
        { "0000 0010 00000001 ffff 000000000000", 0 },
        { "0000 0010 ffffff00 0000 000000000000", 0 },
        { "0000 0010 fffffff8 0000 000000000000", 0 },
        { "0000 0010 fffffffe 0000 000000000000", 0 },
        /* CONTROLLER max_len. */
        { "0000 0010 fffffffd ffe5 000000000000", 0 },
        { "0000 0010 fffffffd ffff 000000000000", 0 },
        { "0000 0010 fffffffd ffe6 000000000000", OFPERR_OFPBAC_BAD_ARGUMENT },
        { "0000 0010 fffffffd fffe 000000000000", OFPERR_OFPBAC_BAD_ARGUMENT },
        /* Push ethertypes. */
        { "0011 0008 88a8 0000", 0 },
        { "0011 0008 0800 0000", OFPERR_OFPBAC_BAD_ARGUMENT },
        { "0011 0008 8847 0000", OFPERR_OFPBAC_BAD_ARGUMENT },
        { "0013 0008 8848 0000", 0 },
        { "0013 0008 8100 0000", OFPERR_OFPBAC_BAD_ARGUMENT },
        { "001a 0008 8100 0000", OFPERR_OFPBAC_BAD_ARGUMENT },
        { "001a 0008 88e8 0000", OFPERR_OFPBAC_BAD_ARGUMENT },
        /* POP_MPLS takes any payload ethertype. */
        { "0014 0008 8847 0000", 0 },
        /* SET_FIELD. */
        { "0019 0008 80000a02", OFPERR_OFPBAC_BAD_LEN },
        { "0019 0010 80000610 0011223344550000", OFPERR_OFPBAC_BAD_LEN },
        { "0019 0010 80000004 00000001 00000000", OFPERR_OFPBAC_BAD_SET_TYPE },
        { "0019 0010 80000408 0000000000000001", OFPERR_OFPBAC_BAD_SET_TYPE },
        { "0019 0018 80000408 0000000000000001 00000000 00000000",
          OFPERR_OFPBAC_BAD_SET_TYPE },
        { "0019 0010 80004e02 0001 00000000 0000",
          OFPERR_OFPBAC_BAD_SET_TYPE },
        { "0019 0010 80005002 0001 00000000 0000",
          OFPERR_OFPBAC_BAD_SET_TYPE },
        { "0019 0010 ffff5406 4f4e4600 0012 0000",
          OFPERR_OFPBAC_BAD_SET_TYPE },
        { "0019 0010 80000a04 08000000 00000000", OFPERR_OFPBAC_BAD_SET_LEN },
        { "0019 0010 80000a01 08 000000 00000000", OFPERR_OFPBAC_BAD_SET_LEN },
        { "0019 0018 8000070c 001122334455 ffffffffffff 00000000",
          OFPERR_OFPBAC_BAD_SET_ARGUMENT },
        { "0019 0010 80000a02 0800 0000 00000001",
          OFPERR_OFPBAC_BAD_SET_ARGUMENT },
        { "0019 0010 80000c02 0005 0000 00000000",
          OFPERR_OFPBAC_BAD_SET_ARGUMENT },
        { "0019 0010 80000e01 08 000000 00000000",
          OFPERR_OFPBAC_BAD_SET_ARGUMENT },
        /* Longer than needed but zero-padded: fine. */
        { "0019 0018 80000a02 0800 0000 00000000 00000000 00000000", 0 },
        /* EXPERIMENTER needs at least its id. */
        { "ffff 0008 00002320", 0 },
        { "ffff 0004 00002320", OFPERR_OFPBAC_BAD_LEN },
        { "ffff 000c 00002320 00000000", OFPERR_OFPBAC_BAD_LEN },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct ofp_actions acts;
        enum ofperr error = actions_hex(cases[i].hex, &acts);
        ck_assert_msg(error == cases[i].error, "\"%s\": got %s, want %s",
                      cases[i].hex, error ? ofperr_get_name(error) : "0",
                      cases[i].error ? ofperr_get_name(cases[i].error) : "0");
        ofp_actions_uninit(&acts);
    }
}
END_TEST

START_TEST(test_action_error_after_good_actions)
{
    /* An experimenter action (owning data) then a bad one: the decoded
     * prefix is freed (ASan reports a leak otherwise). */
    struct ofp_actions acts;
    ck_assert_int_eq(actions_hex("ffff 0010 00002320 0026000000000001 "
                                 "0000 0010 00000001 0000 000000000000 "
                                 "0001 0008 00000000",
                                 &acts),
                     OFPERR_OFPBAC_BAD_TYPE);
    ck_assert_int_eq(actions_hex("ffff 0010 00002320 0026000000000001 "
                                 "ffff 0010 00002320 0026000000000001 "
                                 "0000 0010",
                                 &acts),
                     OFPERR_OFPBAC_BAD_LEN);
}
END_TEST

/* Instructions. */

START_TEST(test_instruction_round_trip)
{
    static const struct {
        uint16_t type;
        const char *hex;
    } cases[] = {
        { OFPIT_GOTO_TABLE, "0001 0008 05 000000" },
        { OFPIT_WRITE_METADATA,
          "0002 0018 00000000 0102030405060708 ffffffff00000000" },
        { OFPIT_WRITE_ACTIONS,
          "0003 0018 00000000 0000 0010 00000002 0000 000000000000" },
        { OFPIT_APPLY_ACTIONS, "0004 0020 00000000 0011 0008 8100 0000 "
                               "0019 0010 80000c02 1064 00000000 0000" },
        { OFPIT_CLEAR_ACTIONS, "0005 0008 00000000" },
        { OFPIT_METER, "0006 0008 00000009" },
        /* Empty action lists are allowed. */
        { OFPIT_WRITE_ACTIONS, "0003 0008 00000000" },
        { OFPIT_APPLY_ACTIONS, "0004 0008 00000000" },
        { OFPIT_GOTO_TABLE, "0001 0008 fe 000000" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct ofp_instructions insts, copy;
        struct buf b = BUF_INITIALIZER;
        ck_assert_int_eq(insts_hex(cases[i].hex, &insts), 0);
        ck_assert_uint_eq(insts.present, OFPIT_BIT(cases[i].type));
        ck_assert(ofp_instructions_has(&insts, cases[i].type));
        ofp_instructions_encode(&insts, &b);
        assert_buf_hex(&b, cases[i].hex);
        ofp_instructions_copy(&copy, &insts);
        ck_assert(ofp_instructions_equal(&copy, &insts));
        ofp_instructions_uninit(&copy);
        ofp_instructions_uninit(&insts);
        buf_uninit(&b);
    }
}
END_TEST

START_TEST(test_instruction_model)
{
    struct ofp_instructions insts, decoded, copy;
    struct ofp_action out = { .type = OFPAT_OUTPUT, .u.output = { 1, 0 } };
    struct ofp_action grp = { .type = OFPAT_GROUP, .u.group_id = 3 };
    struct buf b = BUF_INITIALIZER;

    ofp_instructions_init(&insts);
    insts.present =
        (OFPIT_BIT(OFPIT_GOTO_TABLE) | OFPIT_BIT(OFPIT_WRITE_METADATA) |
         OFPIT_BIT(OFPIT_WRITE_ACTIONS) | OFPIT_BIT(OFPIT_APPLY_ACTIONS) |
         OFPIT_BIT(OFPIT_CLEAR_ACTIONS) | OFPIT_BIT(OFPIT_METER));
    insts.goto_table = 2;
    insts.metadata = 0xaa;
    insts.metadata_mask = 0xff;
    ofp_actions_push(&insts.write, &grp);
    ofp_actions_push(&insts.apply, &out);
    insts.meter_id = 1;

    /* Execution order: meter, apply, clear, write, write-metadata, goto
     * (OF1.3.5 §5.9). */
    static const char want[] =
        "0006 0008 00000001 "
        "0004 0018 00000000 0000 0010 00000001 0000 000000000000 "
        "0005 0008 00000000 "
        "0003 0010 00000000 0016 0008 00000003 "
        "0002 0018 00000000 00000000000000aa 00000000000000ff "
        "0001 0008 02 000000";
    ofp_instructions_encode(&insts, &b);
    assert_buf_hex(&b, want);

    /* Any wire order decodes to the same model. */
    ck_assert_int_eq(
        insts_hex("0001 0008 02 000000 "
                  "0003 0010 00000000 0016 0008 00000003 "
                  "0005 0008 00000000 "
                  "0002 0018 00000000 00000000000000aa 00000000000000ff "
                  "0004 0018 00000000 0000 0010 00000001 0000 000000000000 "
                  "0006 0008 00000001",
                  &decoded),
        0);
    ck_assert(ofp_instructions_equal(&decoded, &insts));
    buf_clear(&b);
    ofp_instructions_encode(&decoded, &b);
    assert_buf_hex(&b, want);

    /* Equality looks at every instruction's arguments. */
    ofp_instructions_copy(&copy, &decoded);
    ck_assert(ofp_instructions_equal(&copy, &decoded));
    copy.meter_id = 2;
    ck_assert(!ofp_instructions_equal(&copy, &decoded));
    copy.meter_id = 1;
    copy.metadata_mask = 0;
    ck_assert(!ofp_instructions_equal(&copy, &decoded));
    copy.metadata_mask = 0xff;
    copy.goto_table = 3;
    ck_assert(!ofp_instructions_equal(&copy, &decoded));
    copy.goto_table = 2;
    copy.apply.a[0].u.output.port = 2;
    ck_assert(!ofp_instructions_equal(&copy, &decoded));
    copy.apply.a[0].u.output.port = 1;
    copy.write.a[0].u.group_id = 4;
    ck_assert(!ofp_instructions_equal(&copy, &decoded));
    copy.write.a[0].u.group_id = 3;
    copy.present &= ~OFPIT_BIT(OFPIT_CLEAR_ACTIONS);
    ck_assert(!ofp_instructions_equal(&copy, &decoded));
    ofp_instructions_uninit(&copy);

    ofp_instructions_uninit(&decoded);
    ofp_instructions_uninit(&insts);
    ofp_instructions_uninit(NULL);
    buf_uninit(&b);

    /* The empty instruction set. */
    ck_assert_int_eq(insts_hex("", &insts), 0);
    ck_assert_uint_eq(insts.present, 0);
    ofp_instructions_encode(&insts, &b);
    ck_assert_uint_eq(b.size, 0);
    buf_uninit(&b);

    ck_assert_str_eq(ofp_instruction_type_name(OFPIT_GOTO_TABLE),
                     "GOTO_TABLE");
    ck_assert_str_eq(ofp_instruction_type_name(OFPIT_WRITE_METADATA),
                     "WRITE_METADATA");
    ck_assert_str_eq(ofp_instruction_type_name(OFPIT_WRITE_ACTIONS),
                     "WRITE_ACTIONS");
    ck_assert_str_eq(ofp_instruction_type_name(OFPIT_APPLY_ACTIONS),
                     "APPLY_ACTIONS");
    ck_assert_str_eq(ofp_instruction_type_name(OFPIT_CLEAR_ACTIONS),
                     "CLEAR_ACTIONS");
    ck_assert_str_eq(ofp_instruction_type_name(OFPIT_METER), "METER");
    ck_assert_str_eq(ofp_instruction_type_name(OFPIT_EXPERIMENTER),
                     "EXPERIMENTER");
    ck_assert_ptr_null(ofp_instruction_type_name(0));
    ck_assert_ptr_null(ofp_instruction_type_name(7));
    ck_assert(!ofp_instructions_has(&insts, 40));
}
END_TEST

START_TEST(test_instruction_os_ken_vectors)
{
    /* Produced by os-ken 2.5 serialize(): OFPInstructionMeter(5),
     * OFPInstructionActions(APPLY, [OFPActionOutput(2, 0)]),
     * OFPInstructionActions(CLEAR, []), OFPInstructionWriteMetadata(1,
     * 0xff), OFPInstructionGotoTable(3).  Concatenated they are already in
     * execution order, so they re-encode unchanged. */
    static const char vectors[] =
        "0006000800000005"
        "000400180000000000000010000000020000000000000000"
        "0005000800000000"
        "0002001800000000000000000000000100000000000000ff"
        "0001000803000000";
    struct ofp_instructions insts;
    struct buf b = BUF_INITIALIZER;
    ck_assert_int_eq(insts_hex(vectors, &insts), 0);
    ck_assert_uint_eq(insts.meter_id, 5);
    ck_assert_uint_eq(insts.apply.n, 1);
    ck_assert_uint_eq(insts.apply.a[0].u.output.port, 2);
    ck_assert(insts.metadata == 1 && insts.metadata_mask == 0xff);
    ck_assert_uint_eq(insts.goto_table, 3);
    ofp_instructions_encode(&insts, &b);
    assert_buf_hex(&b, vectors);
    ofp_instructions_uninit(&insts);
    buf_uninit(&b);
}
END_TEST

START_TEST(test_instruction_errors)
{
    static const struct {
        const char *hex;
        enum ofperr error;
    } cases[] = {
        /* Structure. */
        { "0001", OFPERR_OFPBIC_BAD_LEN },
        { "0001 00", OFPERR_OFPBIC_BAD_LEN },
        { "0001 0004 00000000", OFPERR_OFPBIC_BAD_LEN },
        { "0001 0000 00000000", OFPERR_OFPBIC_BAD_LEN },
        { "0004 000c 00000000 00000000", OFPERR_OFPBIC_BAD_LEN },
        { "0004 0010 00000000", OFPERR_OFPBIC_BAD_LEN },
        /* Exact sizes. */
        { "0001 0010 01000000 00000000 00000000", OFPERR_OFPBIC_BAD_LEN },
        { "0002 0010 00000000 0000000000000001", OFPERR_OFPBIC_BAD_LEN },
        { "0002 0020 00000000 0000000000000001 0000000000000001 "
          "0000000000000000",
          OFPERR_OFPBIC_BAD_LEN },
        { "0005 0010 00000000 00000000 00000000", OFPERR_OFPBIC_BAD_LEN },
        { "0006 0010 00000001 00000000 00000000", OFPERR_OFPBIC_BAD_LEN },
        /* Types. */
        { "0000 0008 00000000", OFPERR_OFPBIC_UNKNOWN_INST },
        { "0007 0008 00000000", OFPERR_OFPBIC_UNKNOWN_INST },
        { "fffe 0008 00000000", OFPERR_OFPBIC_UNKNOWN_INST },
        { "ffff 0008 00002320", OFPERR_OFPBIC_BAD_EXPERIMENTER },
        { "ffff 0010 00002320 00000000 00000000",
          OFPERR_OFPBIC_BAD_EXPERIMENTER },
        /* Duplicates. */
        { "0001 0008 01000000 0001 0008 02000000", OFPERR_OFPBIC_DUP_INST },
        { "0004 0008 00000000 0003 0008 00000000 0004 0008 00000000",
          OFPERR_OFPBIC_DUP_INST },
        { "0005 0008 00000000 0005 0008 00000000", OFPERR_OFPBIC_DUP_INST },
        { "0006 0008 00000001 0006 0008 00000001", OFPERR_OFPBIC_DUP_INST },
        { "0002 0018 00000000 0000000000000001 0000000000000001 "
          "0002 0018 00000000 0000000000000001 0000000000000001",
          OFPERR_OFPBIC_DUP_INST },
        /* Table ids. */
        { "0001 0008 ff000000", OFPERR_OFPBIC_BAD_TABLE_ID },
        { "0001 0008 00000000", 0 },
        /* Action errors come through. */
        { "0004 0010 00000000 0001 0008 00000000", OFPERR_OFPBAC_BAD_TYPE },
        { "0003 0010 00000000 0012 0010 00000000", OFPERR_OFPBAC_BAD_LEN },
        { "0004 0018 00000000 0000 0010 00000000 0000 000000000000",
          OFPERR_OFPBAC_BAD_OUT_PORT },
        /* An error after good action lists frees them. */
        { "0004 0018 00000000 ffff 0010 00002320 0026000000000001 "
          "0003 0018 00000000 ffff 0010 00002320 0026000000000001 "
          "0007 0008 00000000",
          OFPERR_OFPBIC_UNKNOWN_INST },
        { "0004 0018 00000000 ffff 0010 00002320 0026000000000001 "
          "0003 0018 00000000 0000 0010 00000000 0000 000000000000",
          OFPERR_OFPBAC_BAD_OUT_PORT },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct ofp_instructions insts;
        enum ofperr error = insts_hex(cases[i].hex, &insts);
        ck_assert_msg(error == cases[i].error, "\"%s\": got %s, want %s",
                      cases[i].hex, error ? ofperr_get_name(error) : "0",
                      cases[i].error ? ofperr_get_name(cases[i].error) : "0");
        ofp_instructions_uninit(&insts);
    }
}
END_TEST

/* Buckets. */

START_TEST(test_buckets)
{
    /* os-ken 2.5: OFPBucket(weight=10, watch_port=ANY, watch_group=ANY,
     * actions=[OFPActionOutput(1, 0)]).serialize(). */
    static const char os_ken[] =
        "0020000affffffffffffffff0000000000000010000000010000000000000000";
    /* Hand-written: two buckets, the second without actions. */
    static const char two[] = "0028 0001 00000002 00000003 00000000 "
                              "0016 0008 00000007 "
                              "0000 0010 00000005 0000 000000000000 "
                              "0010 0000 00000001 ffffffff 00000000";
    struct ofp_buckets bs, copy;
    struct buf b = BUF_INITIALIZER;

    ck_assert_int_eq(buckets_hex(os_ken, &bs), 0);
    ck_assert_uint_eq(bs.n, 1);
    ck_assert_uint_eq(bs.b[0].weight, 10);
    ck_assert_uint_eq(bs.b[0].watch_port, OFPP_ANY);
    ck_assert_uint_eq(bs.b[0].watch_group, OFPG_ANY);
    ck_assert_uint_eq(bs.b[0].actions.n, 1);
    ofp_buckets_encode(&bs, &b);
    assert_buf_hex(&b, os_ken);
    ofp_buckets_uninit(&bs);
    buf_clear(&b);

    ck_assert_int_eq(buckets_hex(two, &bs), 0);
    ck_assert_uint_eq(bs.n, 2);
    ck_assert_uint_eq(bs.b[0].weight, 1);
    ck_assert_uint_eq(bs.b[0].watch_port, 2);
    ck_assert_uint_eq(bs.b[0].watch_group, 3);
    ck_assert_uint_eq(bs.b[0].actions.n, 2);
    ck_assert_uint_eq(bs.b[0].actions.a[0].u.group_id, 7);
    ck_assert_uint_eq(bs.b[1].actions.n, 0);
    ck_assert_uint_eq(bs.b[1].watch_group, OFPG_ANY);
    ofp_buckets_copy(&copy, &bs);
    ck_assert_ptr_ne(copy.b[0].actions.a, bs.b[0].actions.a);
    ck_assert(ofp_actions_equal(&copy.b[0].actions, &bs.b[0].actions));
    ofp_buckets_encode(&copy, &b);
    assert_buf_hex(&b, two);
    ofp_buckets_uninit(&copy);
    ofp_buckets_uninit(&bs);
    ofp_buckets_uninit(NULL);
    buf_uninit(&b);

    /* Built from the model. */
    struct ofp_action out = { .type = OFPAT_OUTPUT, .u.output = { 1, 0 } };
    ofp_buckets_init(&bs);
    bs.n = 1;
    bs.b = calloc(1, sizeof *bs.b);
    bs.b[0].weight = 10;
    bs.b[0].watch_port = OFPP_ANY;
    bs.b[0].watch_group = OFPG_ANY;
    ofp_actions_push(&bs.b[0].actions, &out);
    ofp_buckets_encode(&bs, &b);
    assert_buf_hex(&b, os_ken);
    ofp_buckets_uninit(&bs);
    buf_uninit(&b);

    ck_assert_int_eq(buckets_hex("", &bs), 0);
    ck_assert_uint_eq(bs.n, 0);
}
END_TEST

START_TEST(test_bucket_errors)
{
    static const struct {
        const char *hex;
        enum ofperr error;
    } cases[] = {
        { "00", OFPERR_OFPGMFC_BAD_BUCKET },
        { "0010 0000 00000001", OFPERR_OFPGMFC_BAD_BUCKET },
        { "0008 0000 00000001", OFPERR_OFPGMFC_BAD_BUCKET },
        { "0000 0000 00000001 00000000 00000000", OFPERR_OFPGMFC_BAD_BUCKET },
        { "0014 0000 00000001 ffffffff 00000000 00000000",
          OFPERR_OFPGMFC_BAD_BUCKET },
        { "0018 0000 00000001 ffffffff 00000000", OFPERR_OFPGMFC_BAD_BUCKET },
        /* A bucket's action list is exactly what its length leaves. */
        { "0018 0000 00000001 ffffffff 00000000 0000 0010 00000001",
          OFPERR_OFPBAC_BAD_LEN },
        { "0018 0000 00000001 ffffffff 00000000 0002 0008 00000000",
          OFPERR_OFPBAC_BAD_TYPE },
        /* An error in a later bucket frees the earlier ones. */
        { "0020 0000 00000001 ffffffff 00000000 "
          "ffff 0010 00002320 0026000000000001 "
          "0010 0000",
          OFPERR_OFPGMFC_BAD_BUCKET },
        { "0020 0000 00000001 ffffffff 00000000 "
          "ffff 0010 00002320 0026000000000001 "
          "0018 0000 00000001 ffffffff 00000000 0011 0008 0800 0000",
          OFPERR_OFPBAC_BAD_ARGUMENT },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct ofp_buckets bs;
        enum ofperr error = buckets_hex(cases[i].hex, &bs);
        ck_assert_msg(error == cases[i].error, "\"%s\": got %s, want %s",
                      cases[i].hex, error ? ofperr_get_name(error) : "0",
                      cases[i].error ? ofperr_get_name(cases[i].error) : "0");
        ofp_buckets_uninit(&bs);
    }
}
END_TEST

/* Meter bands. */

START_TEST(test_bands)
{
    /* os-ken 2.5: OFPMeterBandDrop(rate=1000, burst_size=100) and
     * OFPMeterBandDscpRemark(rate=2000, burst_size=200, prec_level=1). */
    static const char os_ken[] = "00010010000003e80000006400000000"
                                 "00020010000007d0000000c801000000";
    /* Hand-written experimenter band. */
    static const char exp[] = "ffff 0010 00000005 00000006 00002320";
    struct ofp_meter_bands mb, copy;
    struct buf b = BUF_INITIALIZER;
    char hex[256];

    snprintf(hex, sizeof hex, "%s %s", os_ken, exp);
    ck_assert_int_eq(bands_hex(hex, &mb), 0);
    ck_assert_uint_eq(mb.n, 3);
    ck_assert_uint_eq(mb.b[0].type, OFPMBT_DROP);
    ck_assert_uint_eq(mb.b[0].rate, 1000);
    ck_assert_uint_eq(mb.b[0].burst_size, 100);
    ck_assert_uint_eq(mb.b[1].type, OFPMBT_DSCP_REMARK);
    ck_assert_uint_eq(mb.b[1].prec_level, 1);
    ck_assert_uint_eq(mb.b[1].rate, 2000);
    ck_assert_uint_eq(mb.b[2].type, OFPMBT_EXPERIMENTER);
    ck_assert_uint_eq(mb.b[2].experimenter, NX_EXPERIMENTER_ID);
    ck_assert_uint_eq(mb.b[2].rate, 5);
    ck_assert_uint_eq(mb.b[2].burst_size, 6);
    ofp_meter_bands_encode(&mb, &b);
    assert_buf_hex(&b, hex);

    ofp_meter_bands_copy(&copy, &mb);
    ck_assert_uint_eq(copy.n, 3);
    ck_assert_ptr_ne(copy.b, mb.b);
    ck_assert_uint_eq(copy.b[1].prec_level, 1);
    ofp_meter_bands_uninit(&copy);
    ofp_meter_bands_uninit(&mb);
    ofp_meter_bands_uninit(NULL);
    buf_clear(&b);

    /* A longer experimenter band decodes; its extra data is not kept, so
     * it re-encodes as 16 bytes. */
    ck_assert_int_eq(bands_hex("ffff 0018 00000005 00000006 00002320 "
                               "0102030405060708",
                               &mb),
                     0);
    ck_assert_uint_eq(mb.n, 1);
    ck_assert_uint_eq(mb.b[0].experimenter, NX_EXPERIMENTER_ID);
    ofp_meter_bands_encode(&mb, &b);
    assert_buf_hex(&b, exp);
    ofp_meter_bands_uninit(&mb);
    buf_uninit(&b);

    /* Built from the model; pad bytes are written as zero. */
    struct ofp_meter_band drop = {
        .type = OFPMBT_DROP, .rate = 1000, .burst_size = 100, .prec_level = 9
    };
    mb.n = 1;
    mb.b = &drop;
    ofp_meter_bands_encode(&mb, &b);
    assert_buf_hex(&b, "00010010000003e80000006400000000");
    buf_uninit(&b);

    ck_assert_int_eq(bands_hex("", &mb), 0);
    ck_assert_uint_eq(mb.n, 0);
}
END_TEST

START_TEST(test_band_errors)
{
    static const struct {
        const char *hex;
        enum ofperr error;
    } cases[] = {
        /* Unknown types. */
        { "0000 0010 00000001 00000001 00000000", OFPERR_OFPMMFC_BAD_BAND },
        { "0003 0010 00000001 00000001 00000000", OFPERR_OFPMMFC_BAD_BAND },
        { "fffe 0010 00000001 00000001 00000000", OFPERR_OFPMMFC_BAD_BAND },
        /* Lengths. */
        { "0001", OFPERR_OFPMMFC_BAD_BAND },
        { "0001 0010 00000001", OFPERR_OFPMMFC_BAD_BAND },
        { "0001 0008 00000001 00000001", OFPERR_OFPMMFC_BAD_BAND },
        { "0001 0000 00000001 00000001 00000000", OFPERR_OFPMMFC_BAD_BAND },
        { "0001 0018 00000001 00000001 00000000 00000000 00000000",
          OFPERR_OFPMMFC_BAD_BAND },
        { "0002 0018 00000001 00000001 01000000 00000000 00000000",
          OFPERR_OFPMMFC_BAD_BAND },
        { "0002 000c 00000001 00000001 01000000", OFPERR_OFPMMFC_BAD_BAND },
        { "ffff 0014 00000001 00000001 00002320 00000000",
          OFPERR_OFPMMFC_BAD_BAND },
        { "ffff 0008 00000001 00000001", OFPERR_OFPMMFC_BAD_BAND },
        /* A bad band after good ones. */
        { "0001 0010 00000001 00000001 00000000 "
          "0002 0010 00000001 00000001 01000000 "
          "0004 0010 00000001 00000001 00000000",
          OFPERR_OFPMMFC_BAD_BAND },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct ofp_meter_bands mb;
        enum ofperr error = bands_hex(cases[i].hex, &mb);
        ck_assert_msg(error == cases[i].error, "\"%s\": got %s, want %s",
                      cases[i].hex, error ? ofperr_get_name(error) : "0",
                      cases[i].error ? ofperr_get_name(cases[i].error) : "0");
        ofp_meter_bands_uninit(&mb);
    }
}
END_TEST

/* Every action header (all types, every length 0..40) over a zeroed body,
 * complete or cut short, decodes or fails cleanly under ASan, and a
 * successful decode re-encodes to the same length. */
START_TEST(test_exhaustive_action_headers)
{
    static const uint16_t types[] = { 0,  1,  11, 12, 13, 15,     16,
                                      17, 18, 19, 20, 21, 22,     23,
                                      24, 25, 26, 27, 28, 0xfffe, 0xffff };
    for (size_t t = 0; t < sizeof types / sizeof types[0]; t++) {
        for (uint16_t len = 0; len <= 40; len++) {
            /* The whole action, and the action cut one byte short. */
            for (size_t cut = 0; cut < 2; cut++) {
                size_t avail = len - cut;
                if (len < 4) {
                    /* Not even a header: the cut-short case is moot. */
                    avail = len;
                }
                uint8_t *wire = calloc(1, avail + 4);
                struct ofp_actions acts;
                put_be16(wire, types[t]);
                put_be16(wire + 2, len);
                struct cur c = cur_make(wire, avail);
                if (!ofp_actions_decode(&c, &acts)) {
                    ck_assert(cut == 0 || len < 4);
                    struct buf b = BUF_INITIALIZER;
                    ofp_actions_encode(&acts, &b);
                    ck_assert_uint_eq(b.size, len);
                    buf_uninit(&b);
                    ofp_actions_uninit(&acts);
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
    Suite *s = suite_create("actions");
    TCase *tc = tcase_create("actions");
    tcase_add_loop_test(tc, test_action_round_trip, 0, N_ACTION_CASES);
    tcase_add_test(tc, test_every_action_type_covered);
    tcase_add_test(tc, test_action_list);
    tcase_add_test(tc, test_action_os_ken_vectors);
    tcase_add_test(tc, test_action_errors);
    tcase_add_test(tc, test_action_error_after_good_actions);
    tcase_add_test(tc, test_exhaustive_action_headers);
    suite_add_tcase(s, tc);

    tc = tcase_create("instructions");
    tcase_add_test(tc, test_instruction_round_trip);
    tcase_add_test(tc, test_instruction_model);
    tcase_add_test(tc, test_instruction_os_ken_vectors);
    tcase_add_test(tc, test_instruction_errors);
    suite_add_tcase(s, tc);

    tc = tcase_create("buckets-bands");
    tcase_add_test(tc, test_buckets);
    tcase_add_test(tc, test_bucket_errors);
    tcase_add_test(tc, test_bands);
    tcase_add_test(tc, test_band_errors);
    suite_add_tcase(s, tc);

    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
