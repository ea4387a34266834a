/* tests/unit/compat-test.h -- helpers shared by the OpenFlow 1.0/1.1
 * translator tests (test-ofp10.c, test-ofp11.c): decoding any version,
 * comparing a translated model with the model of the equivalent 1.3
 * bytes, byte-exact encodings for a version, robustness sweeps, and
 * ovs-ofctl ofp-print as an independent reader of what we encode. */
#ifndef TESTS_UNIT_COMPAT_TEST_H
#define TESTS_UNIT_COMPAT_TEST_H 1

#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "msgs-test.h"
#include "ofp13/compat.h"
#include "ofp13/msgs.h"
#include "util/buf.h"
#include "util/xalloc.h"

/* Decodes 'hex' with ofp_msg_decode_any() and asserts success. */
static inline void
decode_any_hex(const char *hex, struct ofp_msg *msg,
               struct ofp_compat_info *info)
{
    uint8_t *bytes;
    size_t n = hex_to_bytes(hex, &bytes);
    enum ofperr error = ofp_msg_decode_any(bytes, n, msg, info);
    if (error) {
        fprintf(stderr, "decode of %s failed: %s\n", hex,
                ofperr_get_name(error));
    }
    ck_assert_int_eq(error, 0);
    free(bytes);
}

/* Asserts that decoding fails with 'expected', leaving an empty message
 * that still has the xid, and an info with nothing to free. */
static inline void
assert_any_error_bytes(const uint8_t *bytes, size_t n, enum ofperr expected)
{
    struct ofp_msg msg;
    struct ofp_compat_info info;
    enum ofperr error = ofp_msg_decode_any(bytes, n, &msg, &info);
    if (error != expected) {
        print_hex("input", bytes, n);
        fprintf(stderr, "want %s, got %s\n", ofperr_get_name(expected),
                error ? ofperr_get_name(error) : "success");
    }
    ck_assert_int_eq(error, expected);
    if (n >= 8) {
        ck_assert_uint_eq(msg.xid, get_be32(bytes + 4));
        ck_assert_uint_eq(msg.version, bytes[0]);
    }
    ck_assert_ptr_null(info.ports);
    ofp_msg_uninit(&msg);
    ofp_compat_info_uninit(&info);
}

static inline void
assert_any_error(const char *hex, enum ofperr expected)
{
    uint8_t *bytes;
    size_t n = hex_to_bytes(hex, &bytes);
    assert_any_error_bytes(bytes, n, expected);
    free(bytes);
}

/* The same with the header length fixed up to the vector's size. */
static inline void
assert_any_body_error(const char *hex, enum ofperr expected)
{
    uint8_t *bytes;
    size_t n = hex_to_bytes(hex, &bytes);
    ck_assert_uint_ge(n, 8);
    put_be16(bytes + 2, (uint16_t)n);
    assert_any_error_bytes(bytes, n, expected);
    free(bytes);
}

/* The same for 'hex' followed by 'suffix'. */
static inline void
assert_any_body_error_cat(const char *hex, const char *suffix,
                          enum ofperr expected)
{
    char *cat = xasprintf("%s%s", hex, suffix);
    assert_any_body_error(cat, expected);
    free(cat);
}

/* Two models are the same when they encode to the same 1.3 bytes (the
 * 1.3 encoder writes every model field and always a 1.3 header). */
static inline void
assert_models_equal(const struct ofp_msg *a, const struct ofp_msg *b)
{
    struct buf ea = BUF_INITIALIZER, eb = BUF_INITIALIZER;
    ck_assert_uint_eq(a->type, b->type);
    ck_assert_uint_eq(a->xid, b->xid);
    ck_assert_int_eq(ofp_msg_encode(a, &ea), 0);
    ck_assert_int_eq(ofp_msg_encode(b, &eb), 0);
    if (ea.size != eb.size || memcmp(ea.data, eb.data, ea.size)) {
        print_hex("first model", ea.data, ea.size);
        print_hex("second model", eb.data, eb.size);
    }
    ck_assert_uint_eq(ea.size, eb.size);
    ck_assert_mem_eq(ea.data, eb.data, ea.size);
    buf_uninit(&ea);
    buf_uninit(&eb);
}

/* 'old_hex' (1.0 or 1.1) decodes to the same model as 'hex13'. */
static inline void
assert_same_model(const char *old_hex, const char *hex13)
{
    struct ofp_msg a, b;
    struct ofp_compat_info ia, ib;
    decode_any_hex(old_hex, &a, &ia);
    decode_any_hex(hex13, &b, &ib);
    ck_assert_uint_ne(a.version, OFP13_VERSION);
    ck_assert_uint_eq(b.version, OFP13_VERSION);
    assert_models_equal(&a, &b);
    ofp_msg_uninit(&a);
    ofp_msg_uninit(&b);
    ofp_compat_info_uninit(&ia);
    ofp_compat_info_uninit(&ib);
}

/* Asserts that 'msg' encodes for 'version' to exactly 'hex'. */
static inline void
assert_encodes_v(const struct ofp_msg *msg, uint8_t version,
                 const struct ofp_compat_ctx *ctx, const char *hex)
{
    struct buf b = BUF_INITIALIZER;
    int rc = ofp_msg_encode_version_ctx(msg, version, ctx, &b);
    if (rc) {
        fprintf(stderr, "encode failed: %d\n", rc);
    }
    ck_assert_int_eq(rc, 0);
    assert_bytes_eq_hex(b.data, b.size, hex);
    buf_uninit(&b);
}

/* Asserts that 'msg' cannot be said in 'version' (ENOTSUP, nothing
 * appended). */
static inline void
assert_not_expressible(const struct ofp_msg *msg, uint8_t version)
{
    struct buf b = BUF_INITIALIZER;
    buf_put_u8(&b, 0xaa);
    ck_assert_int_eq(ofp_msg_encode_version(msg, version, &b), ENOTSUP);
    ck_assert_uint_eq(b.size, 1);
    buf_uninit(&b);
}

/* Decoding 'hex' and encoding the model for its own version gives 'hex'
 * back. */
static inline void
assert_v_roundtrip(const char *hex)
{
    struct ofp_msg msg;
    struct ofp_compat_info info;
    decode_any_hex(hex, &msg, &info);
    assert_encodes_v(&msg, msg.version, NULL, hex);
    ofp_msg_uninit(&msg);
    ofp_compat_info_uninit(&info);
}

/* Runs "ovs-ofctl ofp-print HEX" and returns its output (caller frees), or
 * NULL when ovs-ofctl is not installed (the check is then skipped). */
static inline char *
ovs_print(const uint8_t *p, size_t n)
{
    struct buf cmd = BUF_INITIALIZER, out = BUF_INITIALIZER;
    char chunk[512];
    size_t got;

    buf_put_str(&cmd, "command -v ovs-ofctl >/dev/null 2>&1 || exit 77; "
                      "ovs-ofctl ofp-print ");
    for (size_t i = 0; i < n; i++) {
        char h[3];
        snprintf(h, sizeof h, "%02x", p[i]);
        buf_put(&cmd, h, 2);
    }
    buf_put_str(&cmd, " 2>&1");
    buf_put_u8(&cmd, 0);
    FILE *f = popen((const char *)cmd.data, "r");
    ck_assert_ptr_nonnull(f);
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) {
        buf_put(&out, chunk, got);
    }
    int status = pclose(f);
    buf_uninit(&cmd);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 77) {
        buf_uninit(&out);
        return NULL;
    }
    buf_put_u8(&out, 0);
    return (char *)buf_steal(&out, NULL);
}

/* ovs-ofctl reads our encoding of 'msg' for 'version' without complaint
 * and shows every string of 'expect' (NULL-terminated). */
static inline void
assert_ovs_reads(const struct ofp_msg *msg, uint8_t version,
                 const struct ofp_compat_ctx *ctx, const char *const *expect)
{
    struct buf b = BUF_INITIALIZER;
    ck_assert_int_eq(ofp_msg_encode_version_ctx(msg, version, ctx, &b), 0);
    char *text = ovs_print(b.data, b.size);
    if (text) {
        bool ok = !strstr(text, "***") && !strstr(text, "error") &&
                  !strstr(text, "WARN");
        for (size_t i = 0; expect[i]; i++) {
            ok = ok && strstr(text, expect[i]);
        }
        if (!ok) {
            print_hex("encoded", b.data, b.size);
            fprintf(stderr, "ovs-ofctl ofp-print said:\n%s\n", text);
            for (size_t i = 0; expect[i]; i++) {
                fprintf(stderr, "expected: %s\n", expect[i]);
            }
        }
        ck_assert(ok);
        free(text);
    }
    buf_uninit(&b);
}

/* Decodes 'b', and if it is accepted, encodes the model for its own
 * version and for 1.3, and decodes those again. */
static inline void
any_decode_reencode(const uint8_t *b, size_t size)
{
    struct ofp_msg m;
    struct ofp_compat_info info;
    enum ofperr error = ofp_msg_decode_any(b, size, &m, &info);
    if (error) {
        ck_assert(ofperr_is_valid(error));
    } else {
        const uint8_t versions[] = { m.version, OFP13_VERSION };
        for (size_t v = 0; v < ARRAY_SIZE(versions); v++) {
            struct buf out = BUF_INITIALIZER;
            int rc = ofp_msg_encode_version(&m, versions[v], &out);
            ck_assert(rc == 0 || rc == ENOTSUP);
            for (size_t ofs = 0; !rc && ofs < out.size;) {
                struct ofp_msg again;
                struct ofp_compat_info info2;
                size_t len = get_be16(out.data + ofs + 2);
                error =
                    ofp_msg_decode_any(out.data + ofs, len, &again, &info2);
                if (error) {
                    print_hex("accepted", b, size);
                    print_hex("re-encoded", out.data + ofs, len);
                    fprintf(stderr, "%s\n", ofperr_get_name(error));
                }
                ck_assert_int_eq(error, 0);
                ofp_msg_uninit(&again);
                ofp_compat_info_uninit(&info2);
                ofs += len;
            }
            buf_uninit(&out);
        }
    }
    ofp_msg_uninit(&m);
    ofp_compat_info_uninit(&info);
}

/* Every truncation and many one-byte changes of 'hex' (header length kept
 * consistent), so the sanitizers see every bounds check fail. */
static inline void
assert_any_robust(const char *hex)
{
    uint8_t *orig;
    size_t n = hex_to_bytes(hex, &orig);
    uint8_t *b = xmalloc(n);

    for (size_t len = 8; len <= n; len++) {
        memcpy(b, orig, len);
        put_be16(b + 2, (uint16_t)len);
        any_decode_reencode(b, len);
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
            any_decode_reencode(b, n);
        }
    }
    free(b);
    free(orig);
}

#endif /* tests/unit/compat-test.h */
