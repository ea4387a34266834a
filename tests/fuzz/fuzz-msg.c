/* tests/fuzz/fuzz-msg.c -- libFuzzer target for the OpenFlow 1.3 message
 * decoder (ofp_msg_decode) and everything below it: the input is a stream
 * of messages, split by the length in each header as a connection would
 * split it.  Every message is decoded; a message that decodes is encoded,
 * the encoding is decoded again and encoded again, and the two encodings
 * must be identical: a field that the decoder reads but the encoder does
 * not write (or writes differently) shows up here even when both sides
 * survive.  Decoded messages are also formatted (ofp_msg_format), and the
 * whole stream is given to ofp_print_stream.  Any crash, sanitizer report,
 * leak or abort() below is a bug in ofp13/.
 *
 * Seeds: tests/fuzz/corpus/msg/ (os-ken's vectors, one message a file). */
#include <config.h>

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ofp13/errors.h"
#include "ofp13/msgs.h"
#include "ofp13/ofp.h"
#include "ofp13/print.h"
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

/* Reports an asymmetry between decoder and encoder and aborts, so that
 * libFuzzer saves the input. */
static void __attribute__((noreturn))
fail(const char *why, const uint8_t *in, size_t in_size, const struct buf *a,
     const struct buf *b)
{
    fprintf(stderr, "fuzz-msg: %s\n", why);
    dump_hex("input message", in, in_size);
    if (a) {
        dump_hex("first encoding", a->data, a->size);
    }
    if (b) {
        dump_hex("second encoding", b->data, b->size);
    }
    abort();
}

/* Decodes the stream 'enc' (our own encoding of one model, which may be
 * several multipart messages) back into one message.  Returns 0 or the
 * decode/merge error. */
static enum ofperr
decode_encoding(const struct buf *enc, struct ofp_msg *out)
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
        err = ofp_msg_decode(enc->data + ofs, length, &part);
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

/* One message of exactly 'size' bytes. */
static void
fuzz_one(const uint8_t *data, size_t size)
{
    struct ofp_msg msg;
    enum ofperr err = ofp_msg_decode(data, size, &msg);
    if (err) {
        /* The error must be a real protocol error: it becomes an
         * OFPT_ERROR on the wire. */
        if (!ofperr_is_valid(err)) {
            fail("decode returned an invalid error value", data, size, NULL,
                 NULL);
        }
        struct buf e = BUF_INITIALIZER;
        ofp_error_encode(err, OFP13_VERSION, msg.xid, data, size, &e);
        buf_uninit(&e);
        ofp_msg_uninit(&msg);
        return;
    }

    struct buf text = BUF_INITIALIZER;
    ofp_msg_format(&msg, &text);
    buf_uninit(&text);

    struct buf enc1 = BUF_INITIALIZER;
    int rc = ofp_msg_encode(&msg, &enc1);
    if (rc) {
        /* A decoded message came from at most 65535 bytes; only a model
         * that grows on encoding could be refused. */
        if (rc != EMSGSIZE) {
            fail("encode returned neither 0 nor EMSGSIZE", data, size, NULL,
                 NULL);
        }
        if (enc1.size) {
            fail("encode failed but appended bytes", data, size, &enc1, NULL);
        }
        buf_uninit(&enc1);
        ofp_msg_uninit(&msg);
        return;
    }

    struct ofp_msg again;
    err = decode_encoding(&enc1, &again);
    if (err) {
        fprintf(stderr, "fuzz-msg: error %s\n", ofperr_get_name(err));
        fail("our own encoding of a decoded message does not decode", data,
             size, &enc1, NULL);
    }
    struct buf enc2 = BUF_INITIALIZER;
    if (ofp_msg_encode(&again, &enc2)) {
        fail("re-decoded message does not encode", data, size, &enc1, NULL);
    }
    if (enc1.size != enc2.size || memcmp(enc1.data, enc2.data, enc1.size)) {
        fail("encode(decode(encode(decode(x)))) != encode(decode(x))", data,
             size, &enc1, &enc2);
    }

    buf_uninit(&enc2);
    ofp_msg_uninit(&again);
    buf_uninit(&enc1);
    ofp_msg_uninit(&msg);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* The printer walks the stream on its own. */
    struct buf text = BUF_INITIALIZER;
    ofp_print_stream(data, size, &text);
    buf_uninit(&text);

    while (size) {
        uint8_t version, type;
        uint16_t length;
        uint32_t xid;
        if (!ofp_header_peek(data, size, &version, &type, &length, &xid) ||
            length < OFP_HEADER_LEN || length > size) {
            /* A header whose length disagrees with what is there: the
             * decoder must reject it, not trust either number. */
            fuzz_one(data, size);
            break;
        }
        fuzz_one(data, length);
        data += length;
        size -= length;
    }
    return 0;
}
