/* ofp13/match.h -- the OpenFlow 1.3 match (OXM) model.  A match is a set
 * of OpenFlow-basic OXM fields, each with a value and an optional mask, kept
 * in wire byte order in fixed slots indexed by OXM field id, so that the
 * pipeline reads them without parsing.  Decoding checks lengths, duplicates,
 * masks, value bits outside the mask and prerequisites (OF1.3.5 §7.2.3);
 * encoding writes fields in ascending field-id order. */
#ifndef OFP13_MATCH_H
#define OFP13_MATCH_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ofp13/errors.h"
#include "util/buf.h"
#include "util/cur.h"

/* OpenFlow-basic OXM field ids (OF1.3.5 §7.2.3.7). */
enum oxm_field {
    OXM_IN_PORT = 0,
    OXM_IN_PHY_PORT = 1,
    OXM_METADATA = 2,
    OXM_ETH_DST = 3,
    OXM_ETH_SRC = 4,
    OXM_ETH_TYPE = 5,
    OXM_VLAN_VID = 6,
    OXM_VLAN_PCP = 7,
    OXM_IP_DSCP = 8,
    OXM_IP_ECN = 9,
    OXM_IP_PROTO = 10,
    OXM_IPV4_SRC = 11,
    OXM_IPV4_DST = 12,
    OXM_TCP_SRC = 13,
    OXM_TCP_DST = 14,
    OXM_UDP_SRC = 15,
    OXM_UDP_DST = 16,
    OXM_SCTP_SRC = 17,
    OXM_SCTP_DST = 18,
    OXM_ICMPV4_TYPE = 19,
    OXM_ICMPV4_CODE = 20,
    OXM_ARP_OP = 21,
    OXM_ARP_SPA = 22,
    OXM_ARP_TPA = 23,
    OXM_ARP_SHA = 24,
    OXM_ARP_THA = 25,
    OXM_IPV6_SRC = 26,
    OXM_IPV6_DST = 27,
    OXM_IPV6_FLABEL = 28,
    OXM_ICMPV6_TYPE = 29,
    OXM_ICMPV6_CODE = 30,
    OXM_IPV6_ND_TARGET = 31,
    OXM_IPV6_ND_SLL = 32,
    OXM_IPV6_ND_TLL = 33,
    OXM_MPLS_LABEL = 34,
    OXM_MPLS_TC = 35,
    OXM_MPLS_BOS = 36,
    OXM_PBB_ISID = 37,
    OXM_TUNNEL_ID = 38,
    OXM_IPV6_EXTHDR = 39,
};
#define OXM_N_FIELDS 40
#define OXM_MAX_LEN 16 /* Longest field value (IPv6 addresses). */

/* OXM TLV header helpers. */
#define OXM_HEADER(CLASS, FIELD, HASMASK, LEN)          \
    ((uint32_t)(CLASS) << 16 | (uint32_t)(FIELD) << 9 | \
     (uint32_t)(HASMASK) << 8 | (uint32_t)(LEN))
#define OXM_CLASS(H) ((H) >> 16)
#define OXM_FIELD(H) (((H) >> 9) & 0x7f)
#define OXM_HASMASK(H) (((H) >> 8) & 1)
#define OXM_LENGTH(H) ((H)&0xff)

/* Static facts about one field. */
struct oxm_field_info {
    enum oxm_field id;
    const char *name; /* OXM name: "eth_dst", "ipv4_src", ... */
    uint8_t len;      /* Value length in bytes. */
    uint8_t bits;     /* Significant bits (VLAN_VID: 13 with PRESENT). */
    bool maskable;    /* OF1.3.5 allows a mask. */
    bool settable;    /* May appear in a set_field action. */
};

/* Table of all 40 fields, indexed by id.  NULL for ids >= OXM_N_FIELDS. */
const struct oxm_field_info *oxm_field_info(unsigned int id);
/* Looks up by OXM name ("eth_dst"); NULL if unknown. */
const struct oxm_field_info *oxm_field_by_name(const char *);

/* One field's value (and mask), wire byte order, left-aligned in 16 bytes;
 * bytes beyond the field's length are zero. */
struct oxm_value {
    uint8_t b[OXM_MAX_LEN];
};

/* An experimenter or non-basic OXM TLV kept verbatim (e.g. ONF tcp_flags
 * from a controller); the pipeline cannot match it, so validation against
 * switch state rejects it with BAD_FIELD, but it still decodes and prints. */
struct oxm_raw {
    uint32_t header;
    uint32_t experimenter; /* For class 0xffff. */
    uint8_t len;           /* Payload bytes after header (and exp id). */
    uint8_t data[255];
};

struct ofp_match {
    uint64_t present; /* Bit i: field i is matched. */
    uint64_t masked;  /* Bit i: field i carried a mask on the wire. */
    struct oxm_value value[OXM_N_FIELDS];
    struct oxm_value mask[OXM_N_FIELDS]; /* All-ones (field length) when
                                          * the field is exact. */
    size_t n_raw;                        /* Non-basic TLVs kept verbatim. */
    struct oxm_raw *raw;                 /* Owned array, may be NULL. */
};

/* Initialise to "match everything" / release. */
void ofp_match_init(struct ofp_match *);
void ofp_match_uninit(struct ofp_match *);
/* 'dst' is treated as uninitialised storage (not freed first). */
void ofp_match_copy(struct ofp_match *dst, const struct ofp_match *src);
bool ofp_match_equal(const struct ofp_match *, const struct ofp_match *);

static inline bool
ofp_match_has(const struct ofp_match *m, enum oxm_field f)
{
    return (m->present >> f) & 1;
}

/* Setters for callers that build matches (text parser, translator,
 * pipeline packet-in).  'value' and 'mask' are 'info->len' bytes in wire
 * order; 'mask' NULL means exact.  Value bits outside the mask are
 * cleared.  An all-ones mask is stored as exact. */
void ofp_match_set(struct ofp_match *, enum oxm_field, const void *value,
                   const void *mask);
void ofp_match_set_u8(struct ofp_match *, enum oxm_field, uint8_t);
void ofp_match_set_u16(struct ofp_match *, enum oxm_field, uint16_t);
void ofp_match_set_u32(struct ofp_match *, enum oxm_field, uint32_t);
void ofp_match_set_u64(struct ofp_match *, enum oxm_field, uint64_t);
void ofp_match_set_masked_u16(struct ofp_match *, enum oxm_field, uint16_t,
                              uint16_t mask);
void ofp_match_set_masked_u32(struct ofp_match *, enum oxm_field, uint32_t,
                              uint32_t mask);
void ofp_match_set_masked_u64(struct ofp_match *, enum oxm_field, uint64_t,
                              uint64_t mask);
void ofp_match_clear(struct ofp_match *, enum oxm_field);

/* Getters: the value of a present field as a host integer (fields up to
 * 8 bytes; 3-byte PBB_ISID and 6-byte MACs fit). */
uint64_t ofp_match_get_uint(const struct ofp_match *, enum oxm_field);
uint64_t ofp_match_get_mask_uint(const struct ofp_match *, enum oxm_field);

/* Decodes an 'ofp_match' structure (type OFPMT_OXM, length, OXM TLVs,
 * padding to 8) from 'c', consuming it with its padding.  On error 'm' is
 * left initialised (empty) and the cursor position is unspecified.
 * Errors: OFPBMC_BAD_TYPE (not OXM), OFPBMC_BAD_LEN, OFPBMC_BAD_FIELD
 * (unknown basic field), OFPBMC_DUP_FIELD, OFPBMC_BAD_MASK (mask on a
 * non-maskable field), OFPBMC_BAD_WILDCARDS (value bits outside the mask),
 * OFPBMC_BAD_VALUE (e.g. VLAN_PCP > 7), OFPBMC_BAD_PREREQ. */
enum ofperr ofp_match_decode(struct cur *c, struct ofp_match *m);

/* Decodes a bare sequence of OXM TLVs occupying all of 'c' (used for
 * packet-in matches, table-feature OXM lists use oxm_header_decode).  Same
 * errors as ofp_match_decode except that prerequisites are not checked. */
enum ofperr ofp_match_decode_oxms(struct cur *c, struct ofp_match *m);

/* Checks the OXM prerequisites of every present field (OF1.3.5 §7.2.3.6).
 * Returns 0 or OFPBMC_BAD_PREREQ. */
enum ofperr ofp_match_check_prereqs(const struct ofp_match *);

/* Appends the 'ofp_match' structure with its padding. */
void ofp_match_encode(const struct ofp_match *, struct buf *);
/* Appends only the OXM TLVs (no ofp_match header, no padding). */
void ofp_match_encode_oxms(const struct ofp_match *, struct buf *);
/* Wire length of the TLVs alone. */
size_t ofp_match_oxms_len(const struct ofp_match *);

/* One OXM TLV for set_field: decodes exactly one unmasked basic field from
 * 'c' (all of it, which may include padding zeros after the TLV).
 * Errors: OFPBAC_BAD_SET_TYPE, OFPBAC_BAD_SET_LEN, OFPBAC_BAD_SET_ARGUMENT. */
enum ofperr oxm_set_field_decode(struct cur *c, enum oxm_field *field,
                                 struct oxm_value *value);

/* Is 'm1' at least as specific as 'm2' (every field 'm2' constrains, 'm1'
 * constrains at least as tightly, with equal values under m2's mask)?  Used
 * by non-strict MODIFY/DELETE and flow-stats filtering. */
bool ofp_match_is_subset(const struct ofp_match *m1,
                         const struct ofp_match *m2);
/* Could a packet match both (the overlap check of CHECK_OVERLAP)? */
bool ofp_match_overlaps(const struct ofp_match *, const struct ofp_match *);

#endif /* ofp13/match.h */
