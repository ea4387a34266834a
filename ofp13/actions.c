/* ofp13/actions.c -- the OpenFlow 1.3 action, instruction, group-bucket and
 * meter-band codec (see actions.h).  Each TLV is split off into its own
 * sub-cursor by its declared length, checked against the exact size of its
 * structure (OF1.3.5 §7.2.5, §7.2.4, §7.3.4.2, §7.3.4.4) and decoded into
 * the model; encoders write the same structures back.  Decoders check
 * structure only: ports, groups, meters and tables are checked against the
 * switch by the pipeline. */
#include <config.h>
#include "ofp13/actions.h"

#include <stdlib.h>
#include <string.h>

#include "ofp13/ofp.h"
#include "util/xalloc.h"

#define ROUND_UP8(X) (((X) + 7) / 8 * 8)

/* Actions. */

struct action_type_info {
    uint16_t type;
    const char *name;
    uint16_t len; /* Exact wire length; 0 for variable (SET_FIELD, EXP). */
};

static const struct action_type_info action_types[] = {
    { OFPAT_OUTPUT, "OUTPUT", 16 },
    { OFPAT_COPY_TTL_OUT, "COPY_TTL_OUT", 8 },
    { OFPAT_COPY_TTL_IN, "COPY_TTL_IN", 8 },
    { OFPAT_SET_MPLS_TTL, "SET_MPLS_TTL", 8 },
    { OFPAT_DEC_MPLS_TTL, "DEC_MPLS_TTL", 8 },
    { OFPAT_PUSH_VLAN, "PUSH_VLAN", 8 },
    { OFPAT_POP_VLAN, "POP_VLAN", 8 },
    { OFPAT_PUSH_MPLS, "PUSH_MPLS", 8 },
    { OFPAT_POP_MPLS, "POP_MPLS", 8 },
    { OFPAT_SET_QUEUE, "SET_QUEUE", 8 },
    { OFPAT_GROUP, "GROUP", 8 },
    { OFPAT_SET_NW_TTL, "SET_NW_TTL", 8 },
    { OFPAT_DEC_NW_TTL, "DEC_NW_TTL", 8 },
    { OFPAT_SET_FIELD, "SET_FIELD", 0 },
    { OFPAT_PUSH_PBB, "PUSH_PBB", 8 },
    { OFPAT_POP_PBB, "POP_PBB", 8 },
    { OFPAT_EXPERIMENTER, "EXPERIMENTER", 0 },
};

static const struct action_type_info *
action_type_lookup(uint16_t type)
{
    for (size_t i = 0; i < ARRAY_SIZE(action_types); i++) {
        if (action_types[i].type == type) {
            return &action_types[i];
        }
    }
    return NULL;
}

const char *
ofp_action_type_name(uint16_t type)
{
    const struct action_type_info *info = action_type_lookup(type);
    return info ? info->name : NULL;
}

void
ofp_actions_init(struct ofp_actions *acts)
{
    acts->n = 0;
    acts->a = NULL;
}

static void
action_uninit(struct ofp_action *a)
{
    if (a->type == OFPAT_EXPERIMENTER) {
        free(a->u.experimenter.data);
        a->u.experimenter.data = NULL;
    }
}

void
ofp_actions_uninit(struct ofp_actions *acts)
{
    if (acts) {
        for (size_t i = 0; i < acts->n; i++) {
            action_uninit(&acts->a[i]);
        }
        free(acts->a);
        ofp_actions_init(acts);
    }
}

static void
action_copy(struct ofp_action *dst, const struct ofp_action *src)
{
    *dst = *src;
    if (src->type == OFPAT_EXPERIMENTER) {
        dst->u.experimenter.data =
            (src->u.experimenter.len
                 ? xmemdup(src->u.experimenter.data, src->u.experimenter.len)
                 : NULL);
    }
}

/* 'dst' is overwritten as uninitialised storage. */
void
ofp_actions_copy(struct ofp_actions *dst, const struct ofp_actions *src)
{
    dst->n = src->n;
    dst->a = src->n ? xcalloc(src->n, sizeof *dst->a) : NULL;
    for (size_t i = 0; i < src->n; i++) {
        action_copy(&dst->a[i], &src->a[i]);
    }
}

static bool
action_equal(const struct ofp_action *a, const struct ofp_action *b)
{
    if (a->type != b->type) {
        return false;
    }
    switch (a->type) {
    case OFPAT_OUTPUT:
        /* max_len means something only for output to the controller
         * (OF1.3.5 §7.2.5); elsewhere controllers send any value (os-ken
         * sends OFPCML_MAX) and it does not change what the action does. */
        return (a->u.output.port == b->u.output.port &&
                (a->u.output.port != OFPP_CONTROLLER ||
                 a->u.output.max_len == b->u.output.max_len));
    case OFPAT_SET_MPLS_TTL:
    case OFPAT_SET_NW_TTL:
        return a->u.ttl == b->u.ttl;
    case OFPAT_PUSH_VLAN:
    case OFPAT_PUSH_MPLS:
    case OFPAT_POP_MPLS:
    case OFPAT_PUSH_PBB:
        return a->u.ethertype == b->u.ethertype;
    case OFPAT_SET_QUEUE:
        return a->u.queue_id == b->u.queue_id;
    case OFPAT_GROUP:
        return a->u.group_id == b->u.group_id;
    case OFPAT_SET_FIELD:
    case OFPAT_X_SET_VLAN_OR_PUSH:
    case OFPAT_X_SET_L4_SRC:
    case OFPAT_X_SET_L4_DST:
        return (a->u.set_field.field == b->u.set_field.field &&
                !memcmp(&a->u.set_field.value, &b->u.set_field.value,
                        sizeof a->u.set_field.value));
    case OFPAT_EXPERIMENTER:
        return (a->u.experimenter.experimenter ==
                    b->u.experimenter.experimenter &&
                a->u.experimenter.len == b->u.experimenter.len &&
                (!a->u.experimenter.len ||
                 !memcmp(a->u.experimenter.data, b->u.experimenter.data,
                         a->u.experimenter.len)));
    default:
        /* Actions without arguments. */
        return true;
    }
}

bool
ofp_actions_equal(const struct ofp_actions *a, const struct ofp_actions *b)
{
    if (a->n != b->n) {
        return false;
    }
    for (size_t i = 0; i < a->n; i++) {
        if (!action_equal(&a->a[i], &b->a[i])) {
            return false;
        }
    }
    return true;
}

void
ofp_actions_push(struct ofp_actions *acts, const struct ofp_action *a)
{
    acts->a = xreallocarray(acts->a, acts->n + 1, sizeof *acts->a);
    action_copy(&acts->a[acts->n++], a);
}

static bool
ethertype_is_vlan(uint16_t t)
{
    return t == 0x8100 || t == 0x88a8;
}

static bool
ethertype_is_mpls(uint16_t t)
{
    return t == 0x8847 || t == 0x8848;
}

/* Decodes the body of one action (everything after type and length) of
 * type 'type' and wire length 'len' from 'body' into 'a'. */
static enum ofperr
action_decode_body(uint16_t type, uint16_t len, struct cur *body,
                   struct ofp_action *a)
{
    const struct action_type_info *info = action_type_lookup(type);
    uint32_t header;

    if (!info) {
        return OFPERR_OFPBAC_BAD_TYPE;
    }
    if (info->len && len != info->len) {
        return OFPERR_OFPBAC_BAD_LEN;
    }
    memset(a, 0, sizeof *a);
    a->type = type;
    switch (type) {
    case OFPAT_OUTPUT:
        cur_get_be32(body, &a->u.output.port);
        cur_get_be16(body, &a->u.output.max_len);
        /* OF1.3.5 §7.2.5: port 0 is invalid, and so are the numbers
         * between the last physical port and the reserved ones; ANY is
         * only a wildcard in requests. */
        if (a->u.output.port == 0 ||
            (a->u.output.port > OFPP_MAX && a->u.output.port < OFPP_IN_PORT) ||
            a->u.output.port == OFPP_ANY) {
            return OFPERR_OFPBAC_BAD_OUT_PORT;
        }
        if (a->u.output.port == OFPP_CONTROLLER &&
            a->u.output.max_len > OFPCML_MAX &&
            a->u.output.max_len != OFPCML_NO_BUFFER) {
            return OFPERR_OFPBAC_BAD_ARGUMENT;
        }
        return 0;
    case OFPAT_SET_MPLS_TTL:
    case OFPAT_SET_NW_TTL:
        cur_get_u8(body, &a->u.ttl);
        return 0;
    case OFPAT_PUSH_VLAN:
    case OFPAT_PUSH_MPLS:
    case OFPAT_POP_MPLS:
    case OFPAT_PUSH_PBB:
        cur_get_be16(body, &a->u.ethertype);
        if ((type == OFPAT_PUSH_VLAN && !ethertype_is_vlan(a->u.ethertype)) ||
            (type == OFPAT_PUSH_MPLS && !ethertype_is_mpls(a->u.ethertype)) ||
            (type == OFPAT_PUSH_PBB && a->u.ethertype != 0x88e7)) {
            return OFPERR_OFPBAC_BAD_ARGUMENT;
        }
        return 0;
    case OFPAT_SET_QUEUE:
        cur_get_be32(body, &a->u.queue_id);
        return 0;
    case OFPAT_GROUP:
        cur_get_be32(body, &a->u.group_id);
        return 0;
    case OFPAT_SET_FIELD:
        /* The action must be long enough for the TLV it carries; what the
         * TLV says about itself is oxm_set_field_decode's business. */
        if (body->left >= 4) {
            header = get_be32(body->p);
            if (OXM_LENGTH(header) > body->left - 4) {
                return OFPERR_OFPBAC_BAD_LEN;
            }
        }
        return oxm_set_field_decode(body, &a->u.set_field.field,
                                    &a->u.set_field.value);
    case OFPAT_EXPERIMENTER:
        /* Kept with its body so that a tool can show it; the pipeline
         * rejects it with OFPBAC_BAD_EXPERIMENTER.  The caller checked
         * that 'len' is at least 8, so the experimenter id is there. */
        cur_get_be32(body, &a->u.experimenter.experimenter);
        a->u.experimenter.len = (uint16_t)body->left;
        if (body->left) {
            a->u.experimenter.data = xmemdup(body->p, body->left);
        }
        return 0;
    default:
        /* Actions without arguments: the rest is padding. */
        return 0;
    }
}

enum ofperr
ofp_actions_decode(struct cur *c, struct ofp_actions *acts)
{
    ofp_actions_init(acts);
    while (c->left) {
        struct ofp_action a;
        struct cur body;
        uint16_t type, len;
        enum ofperr error;

        if (!cur_get_be16(c, &type) || !cur_get_be16(c, &len) || len < 8 ||
            len % 8 || !cur_split(c, len - 4u, &body)) {
            error = OFPERR_OFPBAC_BAD_LEN;
        } else {
            error = action_decode_body(type, len, &body, &a);
        }
        if (error) {
            /* A failed action owns nothing: experimenter data is only
             * allocated once the action is known to be good. */
            ofp_actions_uninit(acts);
            return error;
        }
        acts->a = xreallocarray(acts->a, acts->n + 1, sizeof *acts->a);
        acts->a[acts->n++] = a;
    }
    return 0;
}

static void
action_encode(const struct ofp_action *a, struct buf *b)
{
    size_t start = buf_put_be16(b, a->type);
    buf_put_be16(b, 0); /* Length, patched below. */
    switch (a->type) {
    case OFPAT_OUTPUT:
        buf_put_be32(b, a->u.output.port);
        buf_put_be16(b, a->u.output.max_len);
        break;
    case OFPAT_SET_MPLS_TTL:
    case OFPAT_SET_NW_TTL:
        buf_put_u8(b, a->u.ttl);
        break;
    case OFPAT_PUSH_VLAN:
    case OFPAT_PUSH_MPLS:
    case OFPAT_POP_MPLS:
    case OFPAT_PUSH_PBB:
        buf_put_be16(b, a->u.ethertype);
        break;
    case OFPAT_SET_QUEUE:
        buf_put_be32(b, a->u.queue_id);
        break;
    case OFPAT_GROUP:
        buf_put_be32(b, a->u.group_id);
        break;
    case OFPAT_SET_FIELD: {
        const struct oxm_field_info *info =
            oxm_field_info(a->u.set_field.field);
        size_t flen = info ? info->len : 0;
        buf_put_be32(b, OXM_HEADER(OFPXMC_OPENFLOW_BASIC, a->u.set_field.field,
                                   0, flen));
        buf_put(b, a->u.set_field.value.b, flen);
        break;
    }
    case OFPAT_EXPERIMENTER:
        buf_put_be32(b, a->u.experimenter.experimenter);
        buf_put(b, a->u.experimenter.data, a->u.experimenter.len);
        break;
    default:
        break;
    }
    /* Zeros to a multiple of 8 bytes: this also writes OUTPUT's 6 pad
     * bytes and the 4 of actions without arguments. */
    buf_pad(b, start, 8);
    buf_set_be16(b, start + 2, (uint16_t)(b->size - start));
}

void
ofp_actions_encode(const struct ofp_actions *acts, struct buf *b)
{
    for (size_t i = 0; i < acts->n; i++) {
        /* Model-only actions have no 1.3 form (see actions.h). */
        if (!ofp_action_is_internal(acts->a[i].type)) {
            action_encode(&acts->a[i], b);
        }
    }
}

bool
ofp_actions_have_internal(const struct ofp_actions *acts)
{
    for (size_t i = 0; i < acts->n; i++) {
        if (ofp_action_is_internal(acts->a[i].type)) {
            return true;
        }
    }
    return false;
}

/* Instructions. */

const char *
ofp_instruction_type_name(uint16_t type)
{
    switch (type) {
    case OFPIT_GOTO_TABLE:
        return "GOTO_TABLE";
    case OFPIT_WRITE_METADATA:
        return "WRITE_METADATA";
    case OFPIT_WRITE_ACTIONS:
        return "WRITE_ACTIONS";
    case OFPIT_APPLY_ACTIONS:
        return "APPLY_ACTIONS";
    case OFPIT_CLEAR_ACTIONS:
        return "CLEAR_ACTIONS";
    case OFPIT_METER:
        return "METER";
    case OFPIT_EXPERIMENTER:
        return "EXPERIMENTER";
    default:
        return NULL;
    }
}

void
ofp_instructions_init(struct ofp_instructions *insts)
{
    memset(insts, 0, sizeof *insts);
    ofp_actions_init(&insts->write);
    ofp_actions_init(&insts->apply);
}

void
ofp_instructions_uninit(struct ofp_instructions *insts)
{
    if (insts) {
        ofp_actions_uninit(&insts->write);
        ofp_actions_uninit(&insts->apply);
        ofp_instructions_init(insts);
    }
}

/* 'dst' is overwritten as uninitialised storage. */
void
ofp_instructions_copy(struct ofp_instructions *dst,
                      const struct ofp_instructions *src)
{
    *dst = *src;
    ofp_actions_copy(&dst->write, &src->write);
    ofp_actions_copy(&dst->apply, &src->apply);
}

/* Compares only what the present instructions carry. */
bool
ofp_instructions_equal(const struct ofp_instructions *a,
                       const struct ofp_instructions *b)
{
    /* An empty apply-actions instruction does nothing: it is the same as
     * none (ovs-ofctl prints both as "drop"). */
    uint32_t pa = a->present, pb = b->present;
    if ((pa & OFPIT_BIT(OFPIT_APPLY_ACTIONS)) && !a->apply.n) {
        pa &= ~OFPIT_BIT(OFPIT_APPLY_ACTIONS);
    }
    if ((pb & OFPIT_BIT(OFPIT_APPLY_ACTIONS)) && !b->apply.n) {
        pb &= ~OFPIT_BIT(OFPIT_APPLY_ACTIONS);
    }
    if (pa != pb) {
        return false;
    }
    if (ofp_instructions_has(a, OFPIT_GOTO_TABLE) &&
        a->goto_table != b->goto_table) {
        return false;
    }
    if (ofp_instructions_has(a, OFPIT_WRITE_METADATA) &&
        (a->metadata != b->metadata || a->metadata_mask != b->metadata_mask)) {
        return false;
    }
    if (ofp_instructions_has(a, OFPIT_WRITE_ACTIONS) &&
        !ofp_actions_equal(&a->write, &b->write)) {
        return false;
    }
    if ((pa & OFPIT_BIT(OFPIT_APPLY_ACTIONS)) &&
        !ofp_actions_equal(&a->apply, &b->apply)) {
        return false;
    }
    if (ofp_instructions_has(a, OFPIT_METER) && a->meter_id != b->meter_id) {
        return false;
    }
    return true;
}

/* Decodes one instruction of 'type' and wire length 'len' whose body (after
 * type and length) is 'body'. */
static enum ofperr
instruction_decode_body(uint16_t type, uint16_t len, struct cur *body,
                        struct ofp_instructions *insts)
{
    uint16_t exact;
    uint8_t table_id;

    switch (type) {
    case OFPIT_GOTO_TABLE:
    case OFPIT_CLEAR_ACTIONS:
    case OFPIT_METER:
        exact = 8;
        break;
    case OFPIT_WRITE_METADATA:
        exact = 24;
        break;
    case OFPIT_WRITE_ACTIONS:
    case OFPIT_APPLY_ACTIONS:
        exact = 0;
        break;
    case OFPIT_EXPERIMENTER:
        return OFPERR_OFPBIC_BAD_EXPERIMENTER;
    default:
        return OFPERR_OFPBIC_UNKNOWN_INST;
    }
    if (exact && len != exact) {
        return OFPERR_OFPBIC_BAD_LEN;
    }
    /* OF1.3.5 §5.9 and ONF 2600: at most one instruction of each type. */
    if (ofp_instructions_has(insts, type)) {
        return OFPERR_OFPBIC_DUP_INST;
    }

    switch (type) {
    case OFPIT_GOTO_TABLE:
        cur_get_u8(body, &table_id);
        if (table_id > OFPTT_MAX) {
            return OFPERR_OFPBIC_BAD_TABLE_ID;
        }
        insts->goto_table = table_id;
        break;
    case OFPIT_WRITE_METADATA:
        cur_skip(body, 4);
        cur_get_be64(body, &insts->metadata);
        cur_get_be64(body, &insts->metadata_mask);
        break;
    case OFPIT_WRITE_ACTIONS:
    case OFPIT_APPLY_ACTIONS: {
        struct ofp_actions *acts =
            (type == OFPIT_WRITE_ACTIONS ? &insts->write : &insts->apply);
        enum ofperr error;
        cur_skip(body, 4);
        error = ofp_actions_decode(body, acts);
        if (error) {
            return error;
        }
        break;
    }
    case OFPIT_METER:
        cur_get_be32(body, &insts->meter_id);
        break;
    default:
        /* CLEAR_ACTIONS carries only padding. */
        break;
    }
    insts->present |= OFPIT_BIT(type);
    return 0;
}

enum ofperr
ofp_instructions_decode(struct cur *c, struct ofp_instructions *insts)
{
    ofp_instructions_init(insts);
    while (c->left) {
        struct cur body;
        uint16_t type, len;
        enum ofperr error;

        if (!cur_get_be16(c, &type) || !cur_get_be16(c, &len) || len < 8 ||
            len % 8 || !cur_split(c, len - 4u, &body)) {
            error = OFPERR_OFPBIC_BAD_LEN;
        } else {
            error = instruction_decode_body(type, len, &body, insts);
        }
        if (error) {
            ofp_instructions_uninit(insts);
            return error;
        }
    }
    return 0;
}

static void
instruction_put_actions(uint16_t type, const struct ofp_actions *acts,
                        struct buf *b)
{
    size_t start = buf_put_be16(b, type);
    buf_put_be16(b, 0);
    buf_put_zeros(b, 4);
    ofp_actions_encode(acts, b);
    buf_set_be16(b, start + 2, (uint16_t)(b->size - start));
}

void
ofp_instructions_encode(const struct ofp_instructions *insts, struct buf *b)
{
    if (ofp_instructions_has(insts, OFPIT_METER)) {
        buf_put_be16(b, OFPIT_METER);
        buf_put_be16(b, 8);
        buf_put_be32(b, insts->meter_id);
    }
    if (ofp_instructions_has(insts, OFPIT_APPLY_ACTIONS)) {
        instruction_put_actions(OFPIT_APPLY_ACTIONS, &insts->apply, b);
    }
    if (ofp_instructions_has(insts, OFPIT_CLEAR_ACTIONS)) {
        buf_put_be16(b, OFPIT_CLEAR_ACTIONS);
        buf_put_be16(b, 8);
        buf_put_zeros(b, 4);
    }
    if (ofp_instructions_has(insts, OFPIT_WRITE_ACTIONS)) {
        instruction_put_actions(OFPIT_WRITE_ACTIONS, &insts->write, b);
    }
    if (ofp_instructions_has(insts, OFPIT_WRITE_METADATA)) {
        buf_put_be16(b, OFPIT_WRITE_METADATA);
        buf_put_be16(b, 24);
        buf_put_zeros(b, 4);
        buf_put_be64(b, insts->metadata);
        buf_put_be64(b, insts->metadata_mask);
    }
    if (ofp_instructions_has(insts, OFPIT_GOTO_TABLE)) {
        buf_put_be16(b, OFPIT_GOTO_TABLE);
        buf_put_be16(b, 8);
        buf_put_u8(b, insts->goto_table);
        buf_put_zeros(b, 3);
    }
}

/* Group buckets (OF1.3.5 §7.3.4.2). */

#define BUCKET_HEADER_LEN 16

void
ofp_buckets_init(struct ofp_buckets *bs)
{
    bs->n = 0;
    bs->b = NULL;
}

void
ofp_buckets_uninit(struct ofp_buckets *bs)
{
    if (bs) {
        for (size_t i = 0; i < bs->n; i++) {
            ofp_actions_uninit(&bs->b[i].actions);
        }
        free(bs->b);
        ofp_buckets_init(bs);
    }
}

/* 'dst' is overwritten as uninitialised storage. */
void
ofp_buckets_copy(struct ofp_buckets *dst, const struct ofp_buckets *src)
{
    dst->n = src->n;
    dst->b = src->n ? xcalloc(src->n, sizeof *dst->b) : NULL;
    for (size_t i = 0; i < src->n; i++) {
        dst->b[i] = src->b[i];
        ofp_actions_copy(&dst->b[i].actions, &src->b[i].actions);
    }
}

enum ofperr
ofp_buckets_decode(struct cur *c, struct ofp_buckets *bs)
{
    ofp_buckets_init(bs);
    while (c->left) {
        struct ofp_bucket bucket;
        struct cur body;
        uint16_t len;
        enum ofperr error;

        if (!cur_get_be16(c, &len) || len < BUCKET_HEADER_LEN || len % 8 ||
            !cur_split(c, len - 2u, &body)) {
            ofp_buckets_uninit(bs);
            return OFPERR_OFPGMFC_BAD_BUCKET;
        }
        memset(&bucket, 0, sizeof bucket);
        cur_get_be16(&body, &bucket.weight);
        cur_get_be32(&body, &bucket.watch_port);
        cur_get_be32(&body, &bucket.watch_group);
        cur_skip(&body, 4);
        error = ofp_actions_decode(&body, &bucket.actions);
        if (error) {
            ofp_buckets_uninit(bs);
            return error;
        }
        bs->b = xreallocarray(bs->b, bs->n + 1, sizeof *bs->b);
        bs->b[bs->n++] = bucket;
    }
    return 0;
}

void
ofp_buckets_encode(const struct ofp_buckets *bs, struct buf *b)
{
    for (size_t i = 0; i < bs->n; i++) {
        const struct ofp_bucket *bucket = &bs->b[i];
        size_t start = buf_put_be16(b, 0);
        buf_put_be16(b, bucket->weight);
        buf_put_be32(b, bucket->watch_port);
        buf_put_be32(b, bucket->watch_group);
        buf_put_zeros(b, 4);
        ofp_actions_encode(&bucket->actions, b);
        buf_set_be16(b, start, (uint16_t)(b->size - start));
    }
}

/* Meter bands (OF1.3.5 §7.3.4.4). */

#define BAND_LEN 16

void
ofp_meter_bands_init(struct ofp_meter_bands *mb)
{
    mb->n = 0;
    mb->b = NULL;
}

void
ofp_meter_bands_uninit(struct ofp_meter_bands *mb)
{
    if (mb) {
        free(mb->b);
        ofp_meter_bands_init(mb);
    }
}

/* 'dst' is overwritten as uninitialised storage. */
void
ofp_meter_bands_copy(struct ofp_meter_bands *dst,
                     const struct ofp_meter_bands *src)
{
    dst->n = src->n;
    dst->b = src->n ? xmemdup(src->b, src->n * sizeof *src->b) : NULL;
}

/* An experimenter band may carry experimenter data after its 16-byte
 * header; the model has no room for it, so it is skipped. */
enum ofperr
ofp_meter_bands_decode(struct cur *c, struct ofp_meter_bands *mb)
{
    ofp_meter_bands_init(mb);
    while (c->left) {
        struct ofp_meter_band band;
        struct cur body;
        uint16_t len;
        bool ok;

        memset(&band, 0, sizeof band);
        ok =
            (cur_get_be16(c, &band.type) && cur_get_be16(c, &len) &&
             len >= BAND_LEN && len % 8 == 0 && cur_split(c, len - 4u, &body));
        if (ok) {
            cur_get_be32(&body, &band.rate);
            cur_get_be32(&body, &band.burst_size);
            switch (band.type) {
            case OFPMBT_DROP:
                ok = len == BAND_LEN;
                break;
            case OFPMBT_DSCP_REMARK:
                ok = len == BAND_LEN;
                cur_get_u8(&body, &band.prec_level);
                break;
            case OFPMBT_EXPERIMENTER:
                cur_get_be32(&body, &band.experimenter);
                break;
            default:
                ok = false;
                break;
            }
        }
        if (!ok) {
            ofp_meter_bands_uninit(mb);
            return OFPERR_OFPMMFC_BAD_BAND;
        }
        mb->b = xreallocarray(mb->b, mb->n + 1, sizeof *mb->b);
        mb->b[mb->n++] = band;
    }
    return 0;
}

void
ofp_meter_bands_encode(const struct ofp_meter_bands *mb, struct buf *b)
{
    for (size_t i = 0; i < mb->n; i++) {
        const struct ofp_meter_band *band = &mb->b[i];
        buf_put_be16(b, band->type);
        buf_put_be16(b, BAND_LEN);
        buf_put_be32(b, band->rate);
        buf_put_be32(b, band->burst_size);
        switch (band->type) {
        case OFPMBT_DSCP_REMARK:
            buf_put_u8(b, band->prec_level);
            buf_put_zeros(b, 3);
            break;
        case OFPMBT_EXPERIMENTER:
            buf_put_be32(b, band->experimenter);
            break;
        default:
            buf_put_zeros(b, 4);
            break;
        }
    }
}
