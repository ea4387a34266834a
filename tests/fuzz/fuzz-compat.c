/* tests/fuzz/fuzz-compat.c -- libFuzzer target for the OpenFlow 1.0/1.1
 * translator (ofp13/compat.h).  The input is a stream of messages split by
 * the length in each header; each message is decoded as OpenFlow 1.0 or
 * 1.1 (any version but 1.3 is forced to one of the two by its low bit,
 * so that every input exercises the decoders).  A message that decodes
 * into the model A must then:
 *
 *   - encode as 1.3 (or be too big for 1.3) and decode back into a model
 *     B that encodes to the same 1.3 bytes: the translated model is a
 *     valid 1.3 model and 1.3 agrees with it;
 *   - encode back into its own version (or be refused with ENOTSUP or
 *     EMSGSIZE) and decode into a model C that agrees with A the same way:
 *     whatever the encoder writes, the decoder reads back unchanged.
 *
 * Decode errors must be real protocol errors and encode into an ERROR of
 * the version.  A message whose version is 1.3 instead goes the other
 * way: its model is encoded for 1.0 and 1.1 (or refused), and what they
 * say must decode and be said the same way again.  Any crash, sanitizer
 * report, leak or abort() below is a bug in ofp13/.
 *
 * Seeds: tests/fuzz/corpus/compat/ (1.0 and 1.1 requests from os-ken and
 * ovs-ofctl, and replies from the translator's tests, one message a
 * file). */
#include <config.h>

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ofp13/compat.h"
#include "ofp13/errors.h"
#include "ofp13/msgs.h"
#include "ofp13/ofp.h"
#include "ofp13/print.h"
#include "util/buf.h"
#include "util/cur.h"
#include "util/xalloc.h"

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

/* Reports a disagreement and aborts, so that libFuzzer saves the input. */
static void __attribute__((noreturn))
fail(const char *why, const uint8_t *in, size_t in_size, const struct buf *a,
     const struct buf *b)
{
    fprintf(stderr, "fuzz-compat: %s\n", why);
    dump_hex("input message", in, in_size);
    if (a) {
        dump_hex("first", a->data, a->size);
    }
    if (b) {
        dump_hex("second", b->data, b->size);
    }
    abort();
}

/* Decodes the stream 'enc' (one model, perhaps split into several
 * multipart messages) into one model.  Returns 0 or the error. */
static enum ofperr
decode_stream(const struct buf *enc, struct ofp_msg *out)
{
    size_t ofs = 0;
    bool have = false;
    enum ofperr err = 0;

    while (ofs < enc->size) {
        uint8_t version, type;
        uint16_t length;
        uint32_t xid;
        if (!ofp_header_peek(enc->data + ofs, enc->size - ofs, &version, &type,
                             &length, &xid) ||
            length < OFP_HEADER_LEN || length > enc->size - ofs) {
            err = OFPERR_OFPBRC_BAD_LEN;
            break;
        }
        struct ofp_msg part;
        struct ofp_compat_info info;
        err = ofp_msg_decode_any(enc->data + ofs, length, &part, &info);
        ofp_compat_info_uninit(&info);
        if (err) {
            ofp_msg_uninit(&part);
            break;
        }
        if (!have) {
            *out = part;
            have = true;
        } else {
            err = ofp_multipart_merge(out, &part);
            ofp_msg_uninit(&part);
            if (err) {
                break;
            }
        }
        ofs += length;
    }
    if (err && have) {
        ofp_msg_uninit(out);
    }
    if (!err && !have) {
        err = OFPERR_OFPBRC_BAD_LEN;
    }
    return err;
}

/* Encodes 'msg' for 'version' into 'out'; returns the encoder's result,
 * which must be 0, ENOTSUP or EMSGSIZE, with nothing appended on error. */
static int
encode_checked(const struct ofp_msg *msg, uint8_t version, struct buf *out,
               const uint8_t *in, size_t in_size)
{
    int rc = ofp_msg_encode_version(msg, version, out);
    if (rc && rc != ENOTSUP && rc != EMSGSIZE) {
        fail("encode returned an unexpected error", in, in_size, NULL, NULL);
    }
    if (rc && out->size) {
        fail("encode failed but appended bytes", in, in_size, out, NULL);
    }
    if (rc == ENOTSUP && version == OFP13_VERSION) {
        fail("1.3 refused a model as inexpressible", in, in_size, NULL, NULL);
    }
    return rc;
}

/* OF1.3.5 §7.2.5: an output's max_len means something only for
 * OFPP_CONTROLLER, and 1.0's ENQUEUE has none; compare without it. */
static void
normalise_actions(struct ofp_actions *acts)
{
    for (size_t i = 0; i < acts->n; i++) {
        struct ofp_action *a = &acts->a[i];
        if (a->type == OFPAT_OUTPUT && a->u.output.port != OFPP_CONTROLLER) {
            a->u.output.max_len = 0;
        }
    }
}

static void
normalise_instructions(struct ofp_instructions *insts)
{
    normalise_actions(&insts->apply);
    normalise_actions(&insts->write);
}

static void
normalise_buckets(struct ofp_buckets *bs)
{
    for (size_t i = 0; i < bs->n; i++) {
        normalise_actions(&bs->b[i].actions);
    }
}

static void
normalise(struct ofp_msg *msg)
{
    struct ofp_multipart_reply *r = &msg->u.mp_reply;

    switch (msg->type) {
    case OFPT_PACKET_OUT:
        normalise_actions(&msg->u.packet_out.actions);
        break;
    case OFPT_FLOW_MOD:
        normalise_instructions(&msg->u.flow_mod.instructions);
        break;
    case OFPT_GROUP_MOD:
        normalise_buckets(&msg->u.group_mod.buckets);
        break;
    case OFPT_MULTIPART_REPLY:
        for (size_t i = 0; r->type == OFPMP_FLOW && i < r->n; i++) {
            normalise_instructions(&r->u.flow[i].instructions);
        }
        for (size_t i = 0; r->type == OFPMP_GROUP_DESC && i < r->n; i++) {
            normalise_buckets(&r->u.group_desc[i].buckets);
        }
        break;
    default:
        break;
    }
}

/* The model in 'enc' (version 'version') must decode into a model whose
 * 1.3 encoding equals 'ref13' (the 1.3 encoding of A, or empty if A had
 * none because it was too big). */
static void
check_agrees(const struct buf *enc, const struct buf *ref13, int ref13_rc,
             const char *why, const uint8_t *in, size_t in_size)
{
    struct ofp_msg again;
    enum ofperr err = decode_stream(enc, &again);
    if (err) {
        fprintf(stderr, "fuzz-compat: %s\n", ofperr_get_name(err));
        fail(why, in, in_size, enc, NULL);
    }
    struct buf enc13 = BUF_INITIALIZER;
    normalise(&again);
    int rc = ofp_msg_encode(&again, &enc13);
    if (rc != ref13_rc || enc13.size != ref13->size ||
        (enc13.size && memcmp(enc13.data, ref13->data, enc13.size))) {
        fail(why, in, in_size, ref13, &enc13);
    }
    buf_uninit(&enc13);
    ofp_msg_uninit(&again);
}

/* A 1.3 message, for the encoders: whatever 1.0 or 1.1 says of a 1.3
 * model must decode, and say the same again. */
static void
fuzz_13(const uint8_t *data, size_t size)
{
    struct ofp_msg a;
    if (ofp_msg_decode(data, size, &a)) {
        ofp_msg_uninit(&a);
        return;
    }
    for (uint8_t v = OFP10_VERSION; v <= OFP11_VERSION; v++) {
        struct buf enc = BUF_INITIALIZER;
        if (!encode_checked(&a, v, &enc, data, size)) {
            struct ofp_msg c;
            enum ofperr err = decode_stream(&enc, &c);
            if (err) {
                fprintf(stderr, "fuzz-compat: %s\n", ofperr_get_name(err));
                fail("a 1.0/1.1 encoding of a 1.3 model does not decode", data,
                     size, &enc, NULL);
            }
            struct buf again = BUF_INITIALIZER;
            if (encode_checked(&c, v, &again, data, size) ||
                again.size != enc.size ||
                memcmp(again.data, enc.data, enc.size)) {
                fail("1.0/1.1 does not say again what it said of a 1.3 "
                     "model",
                     data, size, &enc, &again);
            }
            buf_uninit(&again);
            ofp_msg_uninit(&c);
        }
        buf_uninit(&enc);
    }
    ofp_msg_uninit(&a);
}

static void
fuzz_one(const uint8_t *data, size_t size)
{
    if (size >= OFP_HEADER_LEN && data[0] == OFP13_VERSION) {
        fuzz_13(data, size);
        return;
    }

    struct ofp_msg a;
    struct ofp_compat_info info;
    enum ofperr err = ofp_msg_decode_any(data, size, &a, &info);
    if (err) {
        if (!ofperr_is_valid(err)) {
            fail("decode returned an invalid error value", data, size, NULL,
                 NULL);
        }
        struct buf e = BUF_INITIALIZER;
        ofp_error_encode(err, a.version, a.xid, data, size, &e);
        buf_uninit(&e);
        ofp_msg_uninit(&a);
        ofp_compat_info_uninit(&info);
        return;
    }

    struct buf text = BUF_INITIALIZER;
    ofp_msg_format(&a, &text);
    buf_uninit(&text);

    /* 1.3 agrees with the translated model. */
    struct buf enc13 = BUF_INITIALIZER;
    normalise(&a);
    int rc13 = encode_checked(&a, OFP13_VERSION, &enc13, data, size);
    if (!rc13) {
        check_agrees(&enc13, &enc13, 0,
                     "1.3 encoding of a translated model disagrees", data,
                     size);
    }

    /* The message's own version reads back what it writes. */
    struct buf encv = BUF_INITIALIZER;
    if (!encode_checked(&a, a.version, &encv, data, size)) {
        check_agrees(&encv, &enc13, rc13,
                     "re-encoding for the message's version disagrees", data,
                     size);
    }

    buf_uninit(&encv);
    buf_uninit(&enc13);
    ofp_msg_uninit(&a);
    ofp_compat_info_uninit(&info);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *copy = size ? xmemdup(data, size) : NULL;
    uint8_t *p = copy;

    while (size) {
        uint8_t version, type;
        uint16_t length = 0;
        uint32_t xid;
        if (ofp_header_peek(p, size, &version, &type, &length, &xid) &&
            version != OFP13_VERSION) {
            p[0] = (version & 1) ? OFP10_VERSION : OFP11_VERSION;
        }
        if (size < OFP_HEADER_LEN || length < OFP_HEADER_LEN ||
            length > size) {
            /* A length that disagrees with what is there must be
             * refused, not trusted. */
            fuzz_one(p, size);
            break;
        }
        fuzz_one(p, length);
        p += length;
        size -= length;
    }
    free(copy);
    return 0;
}
