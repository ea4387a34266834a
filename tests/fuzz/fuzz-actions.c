/* tests/fuzz/fuzz-actions.c -- libFuzzer target for the action,
 * instruction, group-bucket and meter-band codecs (ofp13/actions.c).  The
 * first input byte chooses the parser (its value modulo 4: 0 actions,
 * 1 instructions, 2 buckets, 3 meter bands); the rest is the list.  A list
 * that decodes must encode, decode again to an equal list and encode to
 * the same bytes; actions and instructions must also survive their text
 * form (format -> parse).  Any crash, sanitizer report, leak or abort() is
 * a bug in ofp13/.
 *
 * Seeds: tests/fuzz/corpus/actions/ (os-ken's lists with the selector
 * byte in front). */
#include <config.h>

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ofp13/actions.h"
#include "ofp13/errors.h"
#include "ofp13/text.h"
#include "util/buf.h"
#include "util/cur.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum selector {
    SEL_ACTIONS = 0,
    SEL_INSTRUCTIONS = 1,
    SEL_BUCKETS = 2,
    SEL_BANDS = 3,
};

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
    fprintf(stderr, "fuzz-actions: %s\n", why);
    dump_hex("input (after the selector byte)", in, n);
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

static void
check_error(enum ofperr err, const uint8_t *in, size_t n)
{
    if (!ofperr_is_valid(err)) {
        fail("decoder returned an invalid error value", in, n, NULL, NULL);
    }
}

static void
fuzz_actions(const uint8_t *in, size_t n)
{
    struct cur c = cur_make(in, n);
    struct ofp_actions a;
    ofp_actions_init(&a);
    enum ofperr err = ofp_actions_decode(&c, &a);
    if (err) {
        check_error(err, in, n);
        ofp_actions_uninit(&a);
        return;
    }
    struct buf enc1 = BUF_INITIALIZER, enc2 = BUF_INITIALIZER;
    ofp_actions_encode(&a, &enc1);
    struct cur c2 = cur_make(enc1.data, enc1.size);
    struct ofp_actions a2;
    ofp_actions_init(&a2);
    err = ofp_actions_decode(&c2, &a2);
    if (err) {
        fprintf(stderr, "fuzz-actions: %s\n", ofperr_get_name(err));
        fail("our encoding of decoded actions does not decode", in, n, &enc1,
             NULL);
    }
    if (!ofp_actions_equal(&a, &a2)) {
        fail("decode(encode(actions)) != actions", in, n, &enc1, NULL);
    }
    ofp_actions_encode(&a2, &enc2);
    if (!buf_equal(&enc1, &enc2)) {
        fail("action encode/decode/encode is not stable", in, n, &enc1, &enc2);
    }

    struct ofp_actions copy;
    ofp_actions_copy(&copy, &a);
    if (!ofp_actions_equal(&copy, &a)) {
        fail("ofp_actions_copy made an unequal copy", in, n, &enc1, NULL);
    }
    ofp_actions_uninit(&copy);

    /* Text round trip (ofp13/text.h: what format prints, parse accepts). */
    struct buf text = BUF_INITIALIZER;
    ofp_actions_format(&a, &text);
    struct ofp_actions parsed;
    ofp_actions_init(&parsed);
    char *error = ofp_actions_parse(ofp_text_cstr(&text), NULL, &parsed);
    if (error) {
        fprintf(stderr, "fuzz-actions: text \"%s\": %s\n",
                ofp_text_cstr(&text), error);
        fail("ofp_actions_parse rejects what ofp_actions_format printed", in,
             n, &enc1, NULL);
    }
    if (!ofp_actions_equal(&a, &parsed)) {
        struct buf enc3 = BUF_INITIALIZER;
        ofp_actions_encode(&parsed, &enc3);
        fprintf(stderr, "fuzz-actions: text \"%s\"\n", ofp_text_cstr(&text));
        fail("actions format -> parse changed the list", in, n, &enc1, &enc3);
    }
    ofp_actions_uninit(&parsed);
    buf_uninit(&text);

    buf_uninit(&enc2);
    buf_uninit(&enc1);
    ofp_actions_uninit(&a2);
    ofp_actions_uninit(&a);
}

static void
fuzz_instructions(const uint8_t *in, size_t n)
{
    struct cur c = cur_make(in, n);
    struct ofp_instructions i;
    ofp_instructions_init(&i);
    enum ofperr err = ofp_instructions_decode(&c, &i);
    if (err) {
        check_error(err, in, n);
        ofp_instructions_uninit(&i);
        return;
    }
    struct buf enc1 = BUF_INITIALIZER, enc2 = BUF_INITIALIZER;
    ofp_instructions_encode(&i, &enc1);
    struct cur c2 = cur_make(enc1.data, enc1.size);
    struct ofp_instructions i2;
    ofp_instructions_init(&i2);
    err = ofp_instructions_decode(&c2, &i2);
    if (err) {
        fprintf(stderr, "fuzz-actions: %s\n", ofperr_get_name(err));
        fail("our encoding of decoded instructions does not decode", in, n,
             &enc1, NULL);
    }
    if (!ofp_instructions_equal(&i, &i2)) {
        fail("decode(encode(instructions)) != instructions", in, n, &enc1,
             NULL);
    }
    ofp_instructions_encode(&i2, &enc2);
    if (!buf_equal(&enc1, &enc2)) {
        fail("instruction encode/decode/encode is not stable", in, n, &enc1,
             &enc2);
    }

    struct ofp_instructions copy;
    ofp_instructions_copy(&copy, &i);
    if (!ofp_instructions_equal(&copy, &i)) {
        fail("ofp_instructions_copy made an unequal copy", in, n, &enc1, NULL);
    }
    ofp_instructions_uninit(&copy);

    struct buf text = BUF_INITIALIZER;
    ofp_instructions_format(&i, &text);
    struct ofp_instructions parsed;
    ofp_instructions_init(&parsed);
    char *error = ofp_instructions_parse(ofp_text_cstr(&text), NULL, &parsed);
    if (error) {
        fprintf(stderr, "fuzz-actions: text \"%s\": %s\n",
                ofp_text_cstr(&text), error);
        fail("ofp_instructions_parse rejects what ofp_instructions_format "
             "printed",
             in, n, &enc1, NULL);
    }
    if (!ofp_instructions_equal(&i, &parsed)) {
        struct buf enc3 = BUF_INITIALIZER;
        ofp_instructions_encode(&parsed, &enc3);
        fprintf(stderr, "fuzz-actions: text \"%s\"\n", ofp_text_cstr(&text));
        fail("instructions format -> parse changed them", in, n, &enc1, &enc3);
    }
    ofp_instructions_uninit(&parsed);
    buf_uninit(&text);

    buf_uninit(&enc2);
    buf_uninit(&enc1);
    ofp_instructions_uninit(&i2);
    ofp_instructions_uninit(&i);
}

static void
fuzz_buckets(const uint8_t *in, size_t n)
{
    struct cur c = cur_make(in, n);
    struct ofp_buckets b;
    ofp_buckets_init(&b);
    enum ofperr err = ofp_buckets_decode(&c, &b);
    if (err) {
        check_error(err, in, n);
        ofp_buckets_uninit(&b);
        return;
    }
    struct buf enc1 = BUF_INITIALIZER, enc2 = BUF_INITIALIZER;
    ofp_buckets_encode(&b, &enc1);
    struct cur c2 = cur_make(enc1.data, enc1.size);
    struct ofp_buckets b2;
    ofp_buckets_init(&b2);
    err = ofp_buckets_decode(&c2, &b2);
    if (err) {
        fprintf(stderr, "fuzz-actions: %s\n", ofperr_get_name(err));
        fail("our encoding of decoded buckets does not decode", in, n, &enc1,
             NULL);
    }
    ofp_buckets_encode(&b2, &enc2);
    if (!buf_equal(&enc1, &enc2)) {
        fail("bucket encode/decode/encode is not stable", in, n, &enc1, &enc2);
    }
    struct ofp_buckets copy;
    ofp_buckets_copy(&copy, &b);
    struct buf enc3 = BUF_INITIALIZER;
    ofp_buckets_encode(&copy, &enc3);
    if (!buf_equal(&enc1, &enc3)) {
        fail("ofp_buckets_copy made a different copy", in, n, &enc1, &enc3);
    }
    for (uint8_t type = OFPGT_ALL; type <= OFPGT_FF; type++) {
        struct buf text = BUF_INITIALIZER;
        ofp_buckets_format(&b, type, &text);
        buf_uninit(&text);
    }
    buf_uninit(&enc3);
    ofp_buckets_uninit(&copy);
    buf_uninit(&enc2);
    buf_uninit(&enc1);
    ofp_buckets_uninit(&b2);
    ofp_buckets_uninit(&b);
}

static void
fuzz_bands(const uint8_t *in, size_t n)
{
    struct cur c = cur_make(in, n);
    struct ofp_meter_bands b;
    ofp_meter_bands_init(&b);
    enum ofperr err = ofp_meter_bands_decode(&c, &b);
    if (err) {
        check_error(err, in, n);
        ofp_meter_bands_uninit(&b);
        return;
    }
    struct buf enc1 = BUF_INITIALIZER, enc2 = BUF_INITIALIZER;
    ofp_meter_bands_encode(&b, &enc1);
    struct cur c2 = cur_make(enc1.data, enc1.size);
    struct ofp_meter_bands b2;
    ofp_meter_bands_init(&b2);
    err = ofp_meter_bands_decode(&c2, &b2);
    if (err) {
        fprintf(stderr, "fuzz-actions: %s\n", ofperr_get_name(err));
        fail("our encoding of decoded meter bands does not decode", in, n,
             &enc1, NULL);
    }
    ofp_meter_bands_encode(&b2, &enc2);
    if (!buf_equal(&enc1, &enc2)) {
        fail("band encode/decode/encode is not stable", in, n, &enc1, &enc2);
    }
    struct ofp_meter_bands copy;
    ofp_meter_bands_copy(&copy, &b);
    struct buf enc3 = BUF_INITIALIZER;
    ofp_meter_bands_encode(&copy, &enc3);
    if (!buf_equal(&enc1, &enc3)) {
        fail("ofp_meter_bands_copy made a different copy", in, n, &enc1,
             &enc3);
    }
    struct buf text = BUF_INITIALIZER;
    ofp_meter_bands_format(&b, &text);
    buf_uninit(&text);
    buf_uninit(&enc3);
    ofp_meter_bands_uninit(&copy);
    buf_uninit(&enc2);
    buf_uninit(&enc1);
    ofp_meter_bands_uninit(&b2);
    ofp_meter_bands_uninit(&b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!size) {
        return 0;
    }
    const uint8_t *in = data + 1;
    size_t n = size - 1;
    switch ((enum selector)(data[0] % 4)) {
    case SEL_ACTIONS:
        fuzz_actions(in, n);
        break;
    case SEL_INSTRUCTIONS:
        fuzz_instructions(in, n);
        break;
    case SEL_BUCKETS:
        fuzz_buckets(in, n);
        break;
    case SEL_BANDS:
        fuzz_bands(in, n);
        break;
    }
    return 0;
}
