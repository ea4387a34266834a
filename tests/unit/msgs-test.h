/* tests/unit/msgs-test.h -- helpers shared by the message codec tests
 * (test-msgs.c, test-multipart.c): hex vectors to bytes, decode and
 * encode assertions that print both sides on a mismatch. */
#ifndef TESTS_UNIT_MSGS_TEST_H
#define TESTS_UNIT_MSGS_TEST_H 1

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ofp13/msgs.h"
#include "util/buf.h"
#include "util/xalloc.h"

#define TEST_XID 0x12345678u

/* Converts the hex string 'hex' into a new buffer stored in '*out' (freed
 * by the caller) and returns its size. */
static inline size_t
hex_to_bytes(const char *hex, uint8_t **out)
{
    size_t n = strlen(hex) / 2;
    uint8_t *b = xmalloc(n ? n : 1);
    for (size_t i = 0; i < n; i++) {
        unsigned int v;
        ck_assert_int_eq(sscanf(hex + 2 * i, "%2x", &v), 1);
        b[i] = (uint8_t)v;
    }
    *out = b;
    return n;
}

static inline void
print_hex(const char *label, const uint8_t *p, size_t n)
{
    fprintf(stderr, "%s (%zu bytes): ", label, n);
    for (size_t i = 0; i < n; i++) {
        fprintf(stderr, "%02x", p[i]);
    }
    fprintf(stderr, "\n");
}

/* Asserts that 'size' bytes at 'got' are exactly the bytes of 'hex'. */
static inline void
assert_bytes_eq_hex(const uint8_t *got, size_t size, const char *hex)
{
    uint8_t *want;
    size_t n = hex_to_bytes(hex, &want);
    if (n != size || memcmp(want, got, n)) {
        print_hex("want", want, n);
        print_hex("got ", got, size);
    }
    ck_assert_uint_eq(size, n);
    ck_assert_mem_eq(got, want, n);
    free(want);
}

/* Asserts that 'msg' encodes to exactly 'hex'. */
static inline void
assert_encodes_to(const struct ofp_msg *msg, const char *hex)
{
    struct buf b = BUF_INITIALIZER;
    ck_assert_int_eq(ofp_msg_encode(msg, &b), 0);
    assert_bytes_eq_hex(b.data, b.size, hex);
    buf_uninit(&b);
}

/* Decodes 'hex' into 'msg' and asserts success. */
static inline void
decode_hex(const char *hex, struct ofp_msg *msg)
{
    uint8_t *bytes;
    size_t n = hex_to_bytes(hex, &bytes);
    enum ofperr error = ofp_msg_decode(bytes, n, msg);
    if (error) {
        fprintf(stderr, "decode failed: %s\n", ofperr_get_name(error));
    }
    ck_assert_int_eq(error, 0);
    free(bytes);
}

/* Decodes 'hex' and asserts that re-encoding gives the same bytes. */
static inline void
assert_roundtrip(const char *hex)
{
    struct ofp_msg msg;
    decode_hex(hex, &msg);
    assert_encodes_to(&msg, hex);
    ofp_msg_uninit(&msg);
}

/* Asserts that decoding 'size' bytes fails with 'expected', leaving an
 * empty message that still carries the header's xid. */
static inline void
assert_decode_error_bytes(const uint8_t *bytes, size_t size,
                          enum ofperr expected)
{
    struct ofp_msg msg;
    enum ofperr error = ofp_msg_decode(bytes, size, &msg);
    if (error != expected) {
        fprintf(stderr, "want %s, got %s\n", ofperr_get_name(expected),
                error ? ofperr_get_name(error) : "success");
    }
    ck_assert_int_eq(error, expected);
    if (size >= 8) {
        ck_assert_uint_eq(msg.xid, get_be32(bytes + 4));
        ck_assert_uint_eq(msg.type, bytes[1]);
    }
    ofp_msg_uninit(&msg);
}

/* The same for a hex vector, which must have a consistent header length so
 * that the error comes from what the test is about. */
static inline void
assert_decode_error(const char *hex, enum ofperr expected)
{
    uint8_t *bytes;
    size_t n = hex_to_bytes(hex, &bytes);
    ck_assert_uint_ge(n, 8);
    ck_assert_uint_eq(get_be16(bytes + 2), n);
    assert_decode_error_bytes(bytes, n, expected);
    free(bytes);
}

/* Like assert_decode_error() for a vector whose header length is fixed up
 * to the vector's size, so a body problem is tested, not the header. */
static inline void
assert_body_error(const char *hex, enum ofperr expected)
{
    uint8_t *bytes;
    size_t n = hex_to_bytes(hex, &bytes);
    ck_assert_uint_ge(n, 8);
    put_be16(bytes + 2, (uint16_t)n);
    assert_decode_error_bytes(bytes, n, expected);
    free(bytes);
}

/* Decodes the 'size' bytes at 'b'.  Refusal is fine; acceptance must give
 * a model that encodes, and its encoding must decode again. */
static inline void
decode_reencode(const uint8_t *b, size_t size)
{
    struct ofp_msg m;
    if (!ofp_msg_decode(b, size, &m)) {
        struct buf out = BUF_INITIALIZER;
        ck_assert_int_eq(ofp_msg_encode(&m, &out), 0);
        for (size_t ofs = 0; ofs < out.size;) {
            struct ofp_msg again;
            size_t len = get_be16(out.data + ofs + 2);
            enum ofperr error = ofp_msg_decode(out.data + ofs, len, &again);
            if (error) {
                print_hex("accepted", b, size);
                print_hex("re-encoded", out.data + ofs, len);
                fprintf(stderr, "%s\n", ofperr_get_name(error));
            }
            ck_assert_int_eq(error, 0);
            ofp_msg_uninit(&again);
            ofs += len;
        }
        buf_uninit(&out);
    }
    ofp_msg_uninit(&m);
}

/* Feeds the decoder every truncation of 'hex' and every message with one
 * byte replaced (the header length always kept consistent), so that the
 * sanitizers see each bounds check fail at least once. */
static inline void
assert_robust(const char *hex)
{
    uint8_t *orig;
    size_t n = hex_to_bytes(hex, &orig);
    uint8_t *b = xmalloc(n);

    for (size_t len = 8; len <= n; len++) {
        memcpy(b, orig, len);
        put_be16(b + 2, (uint16_t)len);
        decode_reencode(b, len);
    }
    for (size_t i = 0; i < n; i++) {
        const uint8_t values[] = { 0x00, 0xff, (uint8_t)(orig[i] ^ 0x80),
                                   (uint8_t)(orig[i] + 1),
                                   (uint8_t)(orig[i] - 1) };
        if (i == 2 || i == 3) {
            continue;
        }
        for (size_t j = 0; j < sizeof values; j++) {
            memcpy(b, orig, n);
            b[i] = values[j];
            decode_reencode(b, n);
        }
    }
    free(b);
    free(orig);
}

#endif /* tests/unit/msgs-test.h */
