/* ofp13/errors.c -- the error table (see errors.h, errors.def). */
#include <config.h>
#include "ofp13/errors.h"

#include <string.h>

#include "ofp13/ofp.h"
#include "util/xalloc.h"

struct ofperr_info {
    const char *name;
    int t13, c13, t11, c11, t10, c10;
};

static const struct ofperr_info infos[] = {
#define OFPERR(NAME, T13, C13, T11, C11, T10, C10) \
    { #NAME, T13, C13, T11, C11, T10, C10 },
#include "ofp13/errors.def"
#undef OFPERR
};

static const struct ofperr_info *
info(enum ofperr e)
{
    return ofperr_is_valid(e) ? &infos[e - OFPERR_OFS] : NULL;
}

const char *
ofperr_get_name(enum ofperr e)
{
    const struct ofperr_info *i = info(e);
    return i ? i->name : NULL;
}

static const char *const type_names[] = {
    "OFPET_HELLO_FAILED",
    "OFPET_BAD_REQUEST",
    "OFPET_BAD_ACTION",
    "OFPET_BAD_INSTRUCTION",
    "OFPET_BAD_MATCH",
    "OFPET_FLOW_MOD_FAILED",
    "OFPET_GROUP_MOD_FAILED",
    "OFPET_PORT_MOD_FAILED",
    "OFPET_TABLE_MOD_FAILED",
    "OFPET_QUEUE_OP_FAILED",
    "OFPET_SWITCH_CONFIG_FAILED",
    "OFPET_ROLE_REQUEST_FAILED",
    "OFPET_METER_MOD_FAILED",
    "OFPET_TABLE_FEATURES_FAILED",
};

const char *
ofperr_type_name(uint16_t type)
{
    if (type < ARRAY_SIZE(type_names)) {
        return type_names[type];
    }
    return type == OFPET_EXPERIMENTER ? "OFPET_EXPERIMENTER" : NULL;
}

const char *
ofperr_get_description(enum ofperr e)
{
    static const struct {
        enum ofperr e;
        const char *desc;
    } descs[] = {
        { OFPERR_OFPHFC_INCOMPATIBLE, "no compatible OpenFlow version" },
        { OFPERR_OFPBRC_BAD_VERSION, "unsupported OpenFlow version" },
        { OFPERR_OFPBRC_BAD_TYPE, "unknown message type" },
        { OFPERR_OFPBRC_BAD_MULTIPART, "unknown multipart type" },
        { OFPERR_OFPBRC_BAD_LEN, "wrong request length for type" },
        { OFPERR_OFPBRC_IS_SLAVE, "denied because controller is slave" },
        { OFPERR_OFPBAC_BAD_TYPE, "unknown action type" },
        { OFPERR_OFPBAC_BAD_LEN, "length problem in actions" },
        { OFPERR_OFPBAC_BAD_OUT_PORT, "problem validating output port" },
        { OFPERR_OFPBAC_MATCH_INCONSISTENT,
          "action can't apply for this match" },
        { OFPERR_OFPBAC_BAD_SET_TYPE, "unsupported type in set-field" },
        { OFPERR_OFPBAC_BAD_SET_LEN, "length problem in set-field" },
        { OFPERR_OFPBAC_BAD_SET_ARGUMENT, "bad argument in set-field" },
        { OFPERR_OFPBIC_UNKNOWN_INST, "unknown instruction" },
        { OFPERR_OFPBIC_BAD_LEN, "length problem in instructions" },
        { OFPERR_OFPBIC_DUP_INST, "duplicate instruction" },
        { OFPERR_OFPBMC_BAD_LEN, "length problem in match" },
        { OFPERR_OFPBMC_BAD_FIELD, "unsupported field type in the match" },
        { OFPERR_OFPBMC_BAD_WILDCARDS,
          "unsupported combination of fields masked or omitted" },
        { OFPERR_OFPBMC_BAD_VALUE, "unsupported value in a match field" },
        { OFPERR_OFPBMC_BAD_MASK, "unsupported mask in a match field" },
        { OFPERR_OFPBMC_BAD_PREREQ, "a prerequisite was not met" },
        { OFPERR_OFPBMC_DUP_FIELD, "a field type was duplicated" },
        { OFPERR_OFPFMFC_TABLE_FULL, "flow table is full" },
        { OFPERR_OFPFMFC_OVERLAP, "attempt to add overlapping flow" },
        { OFPERR_OFPGMFC_LOOP, "group chaining would form a loop" },
    };
    for (size_t i = 0; i < ARRAY_SIZE(descs); i++) {
        if (descs[i].e == e) {
            return descs[i].desc;
        }
    }
    return ofperr_get_name(e);
}

enum ofperr
ofperr_from_name(const char *name)
{
    for (size_t i = 0; i < ARRAY_SIZE(infos); i++) {
        if (!strcmp(infos[i].name, name)) {
            return OFPERR_OFS + (int)i;
        }
    }
    return 0;
}

/* The nearest 1.0/1.1 error for a 1.3-only error: keep the type where the
 * older version has it (with its EPERM-like code), else BAD_REQUEST/EPERM,
 * as Open vSwitch does when it has no extension to offer. */
static void
fallback(const struct ofperr_info *i, uint8_t version, uint16_t *type,
         uint16_t *code)
{
    if (version == OFP10_VERSION) {
        switch (i->t13) {
        case OFPET_FLOW_MOD_FAILED:
            *type = 3;
            *code = 2; /* EPERM */
            return;
        case OFPET_BAD_ACTION:
            *type = 2;
            *code = 6; /* EPERM */
            return;
        case OFPET_BAD_INSTRUCTION:
        case OFPET_BAD_MATCH:
            *type = 3;
            *code = 5; /* OFPFMFC_UNSUPPORTED */
            return;
        default:
            *type = 1;
            *code = 5; /* OFPBRC_EPERM */
            return;
        }
    }
    /* 1.1: types 0..10 exist; use each type's EPERM where it has one. */
    switch (i->t13) {
    case OFPET_BAD_ACTION:
        *type = 2;
        *code = 6;
        return;
    case OFPET_FLOW_MOD_FAILED:
        *type = 5;
        *code = 4;
        return;
    case OFPET_BAD_MATCH:
        *type = 4;
        *code = 5; /* BAD_WILDCARDS is the closest general code. */
        return;
    case OFPET_BAD_INSTRUCTION:
        *type = 3;
        *code = 1; /* UNSUP_INST */
        return;
    default:
        *type = 1;
        *code = 5;
        return;
    }
}

void
ofperr_to_wire(enum ofperr e, uint8_t version, uint16_t *type, uint16_t *code)
{
    const struct ofperr_info *i = info(e);
    if (!i) {
        *type = OFPET_BAD_REQUEST;
        *code = 5;
        return;
    }
    if (version == OFP10_VERSION) {
        if (i->t10 >= 0) {
            *type = i->t10;
            *code = i->c10;
        } else {
            fallback(i, version, type, code);
        }
    } else if (version == OFP11_VERSION) {
        if (i->t11 >= 0) {
            *type = i->t11;
            *code = i->c11;
        } else {
            fallback(i, version, type, code);
        }
    } else {
        *type = i->t13;
        *code = i->c13;
    }
}

enum ofperr
ofperr_from_wire(uint8_t version, uint16_t type, uint16_t code,
                 uint32_t experimenter)
{
    if (type == OFPET_EXPERIMENTER && experimenter != ONF_EXPERIMENTER_ID) {
        return 0;
    }
    for (size_t i = 0; i < ARRAY_SIZE(infos); i++) {
        const struct ofperr_info *x = &infos[i];
        int t, c;
        if (version == OFP10_VERSION) {
            t = x->t10;
            c = x->c10;
        } else if (version == OFP11_VERSION) {
            t = x->t11;
            c = x->c11;
        } else {
            t = x->t13;
            c = x->c13;
        }
        if (t == type && c == code) {
            return OFPERR_OFS + (int)i;
        }
    }
    return 0;
}
