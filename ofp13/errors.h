/* ofp13/errors.h -- OpenFlow protocol errors.  Protocol paths (decode,
 * validate, apply) return 'enum ofperr': 0 for success, otherwise one member
 * of the table in errors.def, which knows its wire (type, code) for OpenFlow
 * 1.3, 1.1 and 1.0.  System errors are positive errno values and are never
 * mixed with these. */
#ifndef OFP13_ERRORS_H
#define OFP13_ERRORS_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Members start above any errno value so that a stray mix-up is caught. */
#define OFPERR_OFS 0x10000

enum ofperr {
    OFPERR_NONE = 0,
    OFPERR_FIRST_ = OFPERR_OFS - 1,
#define OFPERR(NAME, T13, C13, T11, C11, T10, C10) OFPERR_##NAME,
#include "ofp13/errors.def"
#undef OFPERR
    OFPERR_LAST_
};

#define OFPERR_N (OFPERR_LAST_ - OFPERR_OFS)

static inline bool
ofperr_is_valid(int e)
{
    return e >= OFPERR_OFS && e < OFPERR_LAST_;
}

/* "OFPBMC_BAD_PREREQ", or NULL for an invalid value. */
const char *ofperr_get_name(enum ofperr);
/* A short English description ("the match lacks a prerequisite"). */
const char *ofperr_get_description(enum ofperr);
/* Looks up by name ("OFPBMC_BAD_PREREQ"); 0 if unknown. */
enum ofperr ofperr_from_name(const char *);

/* The wire type and code of 'e' for 'version' (OFP10/11/13_VERSION; 1.2
 * and later use the 1.3 numbers).  A 1.3-only error is mapped to the
 * nearest code the older version has.  For the 1.3 ONF experimenter errors
 * '*type' is 0xffff and '*code' the exp_type. */
void ofperr_to_wire(enum ofperr e, uint8_t version, uint16_t *type,
                    uint16_t *code);
/* The error with wire (type, code) in 'version', or 0 if none.  For type
 * 0xffff, 'code' is the exp_type and 'experimenter' must be ONF. */
enum ofperr ofperr_from_wire(uint8_t version, uint16_t type, uint16_t code,
                             uint32_t experimenter);
/* "OFPET_BAD_MATCH" for a 1.3 type number, or NULL. */
const char *ofperr_type_name(uint16_t type);

#endif /* ofp13/errors.h */
