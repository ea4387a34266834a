/* tests/fuzz/fuzz-flow-text.c -- libFuzzer target for the ovs-ofctl style
 * text syntax (ofp13/text-*.c).  The input, NUL-terminated, is parsed as a
 * flow for each flow_mod command (ofp_flow_mod_parse), and also as a group
 * and as a meter.  Whatever parses must format and parse back to an equal
 * model (ofp13/text.h: "what format prints, parse accepts back"), and a
 * parsed flow must encode as an OFPT_FLOW_MOD that ofp_msg_decode accepts
 * with the same match and instructions: the text parser must not accept
 * what the wire decoder rejects.  Any crash, sanitizer report, leak or
 * abort() is a bug in ofp13/.
 *
 * Seeds: tests/fuzz/corpus/flow-text/ (one flow, group or meter a file). */
#include <config.h>

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ofp13/actions.h"
#include "ofp13/errors.h"
#include "ofp13/match.h"
#include "ofp13/msgs.h"
#include "ofp13/ofp.h"
#include "ofp13/text.h"
#include "util/buf.h"
#include "util/xalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void __attribute__((noreturn))
fail(const char *why, const char *input, const char *text)
{
    fprintf(stderr, "fuzz-flow-text: %s\n  input:     \"%s\"\n", why, input);
    if (text) {
        fprintf(stderr, "  formatted: \"%s\"\n", text);
    }
    abort();
}

static const struct {
    enum ofp_text_flow_cmd cmd;
    uint8_t command;
} flow_cmds[] = {
    { OFP_TEXT_FLOW_ADD, OFPFC_ADD },
    { OFP_TEXT_FLOW_MODIFY, OFPFC_MODIFY },
    { OFP_TEXT_FLOW_MODIFY_STRICT, OFPFC_MODIFY_STRICT },
    { OFP_TEXT_FLOW_DELETE, OFPFC_DELETE },
    { OFP_TEXT_FLOW_DELETE_STRICT, OFPFC_DELETE_STRICT },
};

/* A parsed flow goes on the wire and back unchanged. */
static void
check_wire(const struct ofp_msg *msg, const char *input)
{
    struct buf enc = BUF_INITIALIZER;
    if (ofp_msg_encode(msg, &enc)) {
        fail("a parsed flow does not encode", input, NULL);
    }
    struct ofp_msg back;
    enum ofperr err = ofp_msg_decode(enc.data, enc.size, &back);
    if (err) {
        fprintf(stderr, "fuzz-flow-text: decode error %s\n",
                ofperr_get_name(err));
        fail("the wire decoder rejects a flow the text parser accepted", input,
             NULL);
    }
    if (!ofp_match_equal(&msg->u.flow_mod.match, &back.u.flow_mod.match)) {
        fail("the match changed on the wire", input, NULL);
    }
    if (!ofp_instructions_equal(&msg->u.flow_mod.instructions,
                                &back.u.flow_mod.instructions)) {
        fail("the instructions changed on the wire", input, NULL);
    }
    ofp_msg_uninit(&back);
    buf_uninit(&enc);
}

static void
fuzz_flow(const char *input)
{
    for (size_t i = 0; i < sizeof flow_cmds / sizeof flow_cmds[0]; i++) {
        struct ofp_msg msg;
        ofp_msg_init(&msg, OFP13_VERSION, OFPT_FLOW_MOD, 1);
        char *error =
            ofp_flow_mod_parse(input, flow_cmds[i].cmd, &msg.u.flow_mod);
        if (error) {
            free(error);
            ofp_msg_uninit(&msg);
            continue;
        }
        if (msg.u.flow_mod.command != flow_cmds[i].command) {
            fail("ofp_flow_mod_parse set the wrong command", input, NULL);
        }
        check_wire(&msg, input);

        struct buf text = BUF_INITIALIZER;
        ofp_flow_mod_format(&msg.u.flow_mod, &text);
        const char *formatted = ofp_text_cstr(&text);
        struct ofp_msg again;
        ofp_msg_init(&again, OFP13_VERSION, OFPT_FLOW_MOD, 1);
        error =
            ofp_flow_mod_parse(formatted, flow_cmds[i].cmd, &again.u.flow_mod);
        if (error) {
            fprintf(stderr, "fuzz-flow-text: %s\n", error);
            fail("ofp_flow_mod_parse rejects what ofp_flow_mod_format "
                 "printed",
                 input, formatted);
        }
        if (!ofp_match_equal(&msg.u.flow_mod.match, &again.u.flow_mod.match)) {
            fail("format -> parse changed the match", input, formatted);
        }
        if (!ofp_instructions_equal(&msg.u.flow_mod.instructions,
                                    &again.u.flow_mod.instructions)) {
            fail("format -> parse changed the instructions", input, formatted);
        }
        ofp_msg_uninit(&again);
        buf_uninit(&text);
        ofp_msg_uninit(&msg);
    }
}

static bool
same_encoding_buckets(const struct ofp_buckets *a, const struct ofp_buckets *b)
{
    struct buf x = BUF_INITIALIZER, y = BUF_INITIALIZER;
    ofp_buckets_encode(a, &x);
    ofp_buckets_encode(b, &y);
    bool same =
        x.size == y.size && (!x.size || !memcmp(x.data, y.data, x.size));
    buf_uninit(&x);
    buf_uninit(&y);
    return same;
}

static void
fuzz_group(const char *input)
{
    for (uint16_t cmd = OFPGC_ADD; cmd <= OFPGC_DELETE; cmd++) {
        struct ofp_msg msg;
        ofp_msg_init(&msg, OFP13_VERSION, OFPT_GROUP_MOD, 1);
        char *error = ofp_group_mod_parse(input, cmd, &msg.u.group_mod);
        if (error) {
            free(error);
            ofp_msg_uninit(&msg);
            continue;
        }
        struct buf text = BUF_INITIALIZER;
        ofp_group_mod_format(&msg.u.group_mod, &text);
        const char *formatted = ofp_text_cstr(&text);
        struct ofp_msg again;
        ofp_msg_init(&again, OFP13_VERSION, OFPT_GROUP_MOD, 1);
        error = ofp_group_mod_parse(formatted, cmd, &again.u.group_mod);
        if (error) {
            fprintf(stderr, "fuzz-flow-text: %s\n", error);
            fail("ofp_group_mod_parse rejects what ofp_group_mod_format "
                 "printed",
                 input, formatted);
        }
        const struct ofp_group_mod *a = &msg.u.group_mod;
        const struct ofp_group_mod *b = &again.u.group_mod;
        if (a->group_id != b->group_id || a->type != b->type ||
            !same_encoding_buckets(&a->buckets, &b->buckets)) {
            fail("group format -> parse changed the group", input, formatted);
        }
        ofp_msg_uninit(&again);
        buf_uninit(&text);
        ofp_msg_uninit(&msg);
    }
}

static void
fuzz_meter(const char *input)
{
    for (uint16_t cmd = OFPMC_ADD; cmd <= OFPMC_DELETE; cmd++) {
        struct ofp_msg msg;
        ofp_msg_init(&msg, OFP13_VERSION, OFPT_METER_MOD, 1);
        char *error = ofp_meter_mod_parse(input, cmd, &msg.u.meter_mod);
        if (error) {
            free(error);
            ofp_msg_uninit(&msg);
            continue;
        }
        struct buf text = BUF_INITIALIZER;
        ofp_meter_mod_format(&msg.u.meter_mod, &text);
        const char *formatted = ofp_text_cstr(&text);
        struct ofp_msg again;
        ofp_msg_init(&again, OFP13_VERSION, OFPT_METER_MOD, 1);
        error = ofp_meter_mod_parse(formatted, cmd, &again.u.meter_mod);
        if (error) {
            fprintf(stderr, "fuzz-flow-text: %s\n", error);
            fail("ofp_meter_mod_parse rejects what ofp_meter_mod_format "
                 "printed",
                 input, formatted);
        }
        struct buf x = BUF_INITIALIZER, y = BUF_INITIALIZER;
        if (ofp_msg_encode(&msg, &x) || ofp_msg_encode(&again, &y) ||
            x.size != y.size || memcmp(x.data, y.data, x.size)) {
            fail("meter format -> parse changed the meter", input, formatted);
        }
        buf_uninit(&x);
        buf_uninit(&y);
        ofp_msg_uninit(&again);
        buf_uninit(&text);
        ofp_msg_uninit(&msg);
    }
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* Flows are short; long inputs only slow the fuzzer down. */
    if (size > 4096) {
        return 0;
    }
    char *input = xmalloc(size + 1);
    memcpy(input, data, size);
    input[size] = '\0';

    fuzz_flow(input);
    fuzz_group(input);
    fuzz_meter(input);

    free(input);
    return 0;
}
