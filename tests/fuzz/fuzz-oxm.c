/* tests/fuzz/fuzz-oxm.c -- libFuzzer target for the OXM match codec
 * (ofp13/match.c).  The input is read three ways:
 *   - as an 'ofp_match' structure (ofp_match_decode on a cursor); a match
 *     that decodes must encode, decode again to an equal match and encode
 *     to the same bytes, be a subset of and overlap itself, and survive
 *     ofp_match_format -> ofp_match_parse unchanged;
 *   - from byte 4 on, as bare OXM TLVs (ofp_match_decode_oxms, the
 *     packet-in form), with the same encode/decode/encode check;
 *   - as one set-field TLV (oxm_set_field_decode).
 * Any crash, sanitizer report, leak or abort() is a bug in ofp13/.
 *
 * Seeds: tests/fuzz/corpus/oxm/ (os-ken's ofp_match structures). */
#include <config.h>

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ofp13/errors.h"
#include "ofp13/match.h"
#include "ofp13/text.h"
#include "util/buf.h"
#include "util/cur.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
dump_hex(const char *what, const uint8_t *p, size_t n)
{
    fprintf(stderr, "%s (%zu bytes): ", what, n);
    for (size_t i = 0; i < n; i++) {
        fprintf(stderr, "%02x", p[i]);
    }
    fprintf(stderr, "\n");
}

static void __attribute__((noreturn))
fail(const char *why, const uint8_t *in, size_t n, const struct buf *a,
     const struct buf *b)
{
    fprintf(stderr, "fuzz-oxm: %s\n", why);
    dump_hex("input", in, n);
    if (a) {
        dump_hex("first encoding", a->data, a->size);
    }
    if (b) {
        dump_hex("second encoding", b->data, b->size);
    }
    abort();
}

static bool
buf_equal(const struct buf *a, const struct buf *b)
{
    return a->size == b->size &&
           (!a->size || !memcmp(a->data, b->data, a->size));
}

/* Text round trip: what ofp_match_format prints, ofp_match_parse accepts
 * back as the same match (ofp13/text.h).  Experimenter OXMs have no text
 * form, so matches holding them are skipped. */
static void
check_text(const struct ofp_match *m, const uint8_t *in, size_t n)
{
    if (m->n_raw) {
        return;
    }
    struct buf text = BUF_INITIALIZER;
    ofp_match_format(m, &text);
    struct ofp_match parsed;
    ofp_match_init(&parsed);
    char *error = ofp_match_parse(ofp_text_cstr(&text), &parsed);
    if (error) {
        fprintf(stderr, "fuzz-oxm: text \"%s\": %s\n", ofp_text_cstr(&text),
                error);
        fail("ofp_match_parse rejects what ofp_match_format printed", in, n,
             NULL, NULL);
    }
    if (!ofp_match_equal(m, &parsed)) {
        struct buf a = BUF_INITIALIZER, b = BUF_INITIALIZER;
        ofp_match_encode(m, &a);
        ofp_match_encode(&parsed, &b);
        fprintf(stderr, "fuzz-oxm: text \"%s\"\n", ofp_text_cstr(&text));
        fail("format -> parse changed the match", in, n, &a, &b);
    }
    ofp_match_uninit(&parsed);
    buf_uninit(&text);
}

static void
fuzz_match(const uint8_t *data, size_t size)
{
    struct cur c = cur_make(data, size);
    struct ofp_match m;
    enum ofperr err = ofp_match_decode(&c, &m);
    if (err) {
        if (!ofperr_is_valid(err)) {
            fail("invalid error value", data, size, NULL, NULL);
        }
        ofp_match_uninit(&m);
        return;
    }

    struct buf enc1 = BUF_INITIALIZER;
    ofp_match_encode(&m, &enc1);
    if (enc1.size % 8) {
        fail("encoded ofp_match is not padded to 8 bytes", data, size, &enc1,
             NULL);
    }
    struct cur c2 = cur_make(enc1.data, enc1.size);
    struct ofp_match m2;
    err = ofp_match_decode(&c2, &m2);
    if (err) {
        fprintf(stderr, "fuzz-oxm: %s\n", ofperr_get_name(err));
        fail("our encoding of a decoded match does not decode", data, size,
             &enc1, NULL);
    }
    if (c2.left) {
        fail("decoding our encoding left bytes over", data, size, &enc1, NULL);
    }
    if (!ofp_match_equal(&m, &m2)) {
        fail("decode(encode(m)) != m", data, size, &enc1, NULL);
    }
    struct buf enc2 = BUF_INITIALIZER;
    ofp_match_encode(&m2, &enc2);
    if (!buf_equal(&enc1, &enc2)) {
        fail("encode/decode/encode is not stable", data, size, &enc1, &enc2);
    }
    if (ofp_match_oxms_len(&m) + 4 > enc1.size) {
        fail("ofp_match_oxms_len disagrees with the encoding", data, size,
             &enc1, NULL);
    }

    /* Relations that hold for any match and itself. */
    if (!ofp_match_is_subset(&m, &m) || !ofp_match_overlaps(&m, &m)) {
        fail("a match is not a subset of (or overlapping) itself", data, size,
             &enc1, NULL);
    }
    struct ofp_match copy;
    ofp_match_copy(&copy, &m);
    if (!ofp_match_equal(&copy, &m)) {
        fail("ofp_match_copy made an unequal copy", data, size, &enc1, NULL);
    }
    ofp_match_uninit(&copy);
    if (ofp_match_check_prereqs(&m)) {
        fail("a decoded match fails its prerequisite check", data, size, &enc1,
             NULL);
    }

    check_text(&m, data, size);

    buf_uninit(&enc2);
    ofp_match_uninit(&m2);
    buf_uninit(&enc1);
    ofp_match_uninit(&m);
}

static void
fuzz_oxms(const uint8_t *data, size_t size)
{
    struct cur c = cur_make(data, size);
    struct ofp_match m;
    ofp_match_init(&m);
    enum ofperr err = ofp_match_decode_oxms(&c, &m);
    if (err) {
        ofp_match_uninit(&m);
        return;
    }
    struct buf enc1 = BUF_INITIALIZER;
    ofp_match_encode_oxms(&m, &enc1);
    if (enc1.size != ofp_match_oxms_len(&m)) {
        fail("ofp_match_oxms_len disagrees with ofp_match_encode_oxms", data,
             size, &enc1, NULL);
    }
    struct cur c2 = cur_make(enc1.data, enc1.size);
    struct ofp_match m2;
    ofp_match_init(&m2);
    err = ofp_match_decode_oxms(&c2, &m2);
    if (err) {
        fprintf(stderr, "fuzz-oxm: %s\n", ofperr_get_name(err));
        fail("our encoding of decoded OXMs does not decode", data, size, &enc1,
             NULL);
    }
    if (!ofp_match_equal(&m, &m2)) {
        fail("decode_oxms(encode_oxms(m)) != m", data, size, &enc1, NULL);
    }
    struct buf enc2 = BUF_INITIALIZER;
    ofp_match_encode_oxms(&m2, &enc2);
    if (!buf_equal(&enc1, &enc2)) {
        fail("OXM encode/decode/encode is not stable", data, size, &enc1,
             &enc2);
    }
    buf_uninit(&enc2);
    ofp_match_uninit(&m2);
    buf_uninit(&enc1);
    ofp_match_uninit(&m);
}

static void
fuzz_set_field(const uint8_t *data, size_t size)
{
    struct cur c = cur_make(data, size);
    enum oxm_field field;
    struct oxm_value value;
    enum ofperr err = oxm_set_field_decode(&c, &field, &value);
    if (!err) {
        const struct oxm_field_info *info = oxm_field_info(field);
        if (!info || !info->settable) {
            fail("set-field decoded a field that is not settable", data, size,
                 NULL, NULL);
        }
        /* The value survives the text form a set_field action uses. */
        struct buf text = BUF_INITIALIZER;
        oxm_value_format(field, &value, NULL, &text);
        struct oxm_value parsed;
        memset(&parsed, 0, sizeof parsed);
        char *error =
            oxm_value_parse(field, ofp_text_cstr(&text), &parsed, NULL, NULL);
        if (error) {
            fprintf(stderr, "fuzz-oxm: field %s text \"%s\": %s\n", info->name,
                    ofp_text_cstr(&text), error);
            fail("oxm_value_parse rejects what oxm_value_format printed", data,
                 size, NULL, NULL);
        }
        if (memcmp(parsed.b, value.b, info->len)) {
            fprintf(stderr, "fuzz-oxm: field %s text \"%s\"\n", info->name,
                    ofp_text_cstr(&text));
            fail("oxm value format -> parse changed the value", data, size,
                 NULL, NULL);
        }
        buf_uninit(&text);
    }
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_match(data, size);
    if (size >= 4) {
        fuzz_oxms(data + 4, size - 4);
    }
    fuzz_set_field(data, size);
    return 0;
}
