/* ofp13/actions.h -- the OpenFlow 1.3 action, instruction, group-bucket and
 * meter-band model, with wire decode and encode.  Action lists are owned
 * arrays; every decoder leaves its output empty (and owns nothing) on
 * error.  Decoding checks structure only (lengths, types, padding, set-field
 * TLVs, duplicate instructions); checks against switch state (ports,
 * groups, meters, tables, match consistency) belong to the pipeline. */
#ifndef OFP13_ACTIONS_H
#define OFP13_ACTIONS_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ofp13/errors.h"
#include "ofp13/match.h"
#include "util/buf.h"
#include "util/cur.h"

struct ofp_action {
    uint16_t type; /* OFPAT_* */
    union {
        struct {
            uint32_t port;
            uint16_t max_len;
        } output;           /* OUTPUT */
        uint8_t ttl;        /* SET_MPLS_TTL, SET_NW_TTL */
        uint16_t ethertype; /* PUSH_VLAN, PUSH_MPLS, POP_MPLS,
                                   * PUSH_PBB */
        uint32_t queue_id;  /* SET_QUEUE */
        uint32_t group_id;  /* GROUP */
        struct {
            enum oxm_field field;
            struct oxm_value value;
        } set_field; /* SET_FIELD */
        struct {
            uint32_t experimenter;
            uint16_t len;  /* Bytes in 'data'. */
            uint8_t *data; /* Owned; body after the experimenter id. */
        } experimenter;    /* EXPERIMENTER */
    } u;
};

/* Model-only actions, never on a 1.3 wire.  The OpenFlow 1.0/1.1
 * translator (ofp13/compat.h) produces them where 1.3 has no equivalent;
 * the pipeline executes them; ofp_actions_encode() skips them, so a 1.3
 * peer never sees one (a switch that lists such a flow to a 1.3
 * controller should say so, see ofp_actions_have_internal()).  All use
 * u.set_field:
 *   OFPAT_X_SET_VLAN_OR_PUSH: field OXM_VLAN_VID (value with
 *       OFPVID_PRESENT) or OXM_VLAN_PCP.  If the packet has no 802.1Q tag,
 *       push one (TPID 0x8100, VID 0, PCP 0) first, then set the field
 *       (OF1.0 SET_VLAN_VID / SET_VLAN_PCP on a packet the match does not
 *       say is tagged or untagged).
 *   OFPAT_X_SET_L4_SRC, OFPAT_X_SET_L4_DST: field OXM_TCP_SRC / OXM_TCP_DST
 *       holding a port number.  Set the source (destination) port of the
 *       packet's TCP, UDP or SCTP header, whichever it has; a no-op on any
 *       other packet (OF1.0/1.1 SET_TP_SRC / SET_TP_DST when the match does
 *       not pin the L4 protocol). */
#define OFPAT_X_SET_VLAN_OR_PUSH 0xfff0
#define OFPAT_X_SET_L4_SRC 0xfff1
#define OFPAT_X_SET_L4_DST 0xfff2
#define OFPAT_X_FIRST OFPAT_X_SET_VLAN_OR_PUSH
#define OFPAT_X_LAST OFPAT_X_SET_L4_DST

static inline bool
ofp_action_is_internal(uint16_t type)
{
    return type >= OFPAT_X_FIRST && type <= OFPAT_X_LAST;
}

struct ofp_actions {
    size_t n;
    struct ofp_action *a; /* Owned array of 'n'. */
};

void ofp_actions_init(struct ofp_actions *);
void ofp_actions_uninit(struct ofp_actions *);
void ofp_actions_copy(struct ofp_actions *dst, const struct ofp_actions *);
bool ofp_actions_equal(const struct ofp_actions *, const struct ofp_actions *);
/* Appends a copy of 'a' (deep copy of experimenter data). */
void ofp_actions_push(struct ofp_actions *, const struct ofp_action *);

/* "OUTPUT", "SET_FIELD", ... for OFPAT_*; NULL if unknown. */
const char *ofp_action_type_name(uint16_t type);

/* Decodes actions occupying all of 'c'.  Errors: OFPBAC_BAD_TYPE,
 * OFPBAC_BAD_LEN (length not a multiple of 8, shorter than the struct, or
 * past the end), OFPBAC_BAD_SET_TYPE/LEN/ARGUMENT, OFPBAC_BAD_OUT_PORT
 * (OUTPUT port 0, between OFPP_MAX and OFPP_IN_PORT, or OFPP_ANY),
 * OFPBAC_BAD_ARGUMENT (e.g. a push ethertype that is not allowed,
 * CONTROLLER max_len over OFPCML_MAX that is not NO_BUFFER).  An
 * EXPERIMENTER action decodes with its body so that tools can show it; the
 * pipeline rejects it with OFPBAC_BAD_EXPERIMENTER. */
enum ofperr ofp_actions_decode(struct cur *c, struct ofp_actions *);
/* Appends the wire encoding of every action except the model-only
 * OFPAT_X_* ones, which have no 1.3 encoding and are skipped. */
void ofp_actions_encode(const struct ofp_actions *, struct buf *);
/* Does 'acts' hold an OFPAT_X_* action? */
bool ofp_actions_have_internal(const struct ofp_actions *);

/* Instructions: at most one of each type (OF1.3.5 §5.9). */
#define OFPIT_BIT(T) (1u << (T))
struct ofp_instructions {
    uint32_t present;   /* OFPIT_BIT(OFPIT_*) for types 1..6. */
    uint8_t goto_table; /* GOTO_TABLE */
    uint64_t metadata;  /* WRITE_METADATA */
    uint64_t metadata_mask;
    struct ofp_actions write; /* WRITE_ACTIONS */
    struct ofp_actions apply; /* APPLY_ACTIONS */
    uint32_t meter_id;        /* METER */
};

void ofp_instructions_init(struct ofp_instructions *);
void ofp_instructions_uninit(struct ofp_instructions *);
void ofp_instructions_copy(struct ofp_instructions *dst,
                           const struct ofp_instructions *);
bool ofp_instructions_equal(const struct ofp_instructions *,
                            const struct ofp_instructions *);
static inline bool
ofp_instructions_has(const struct ofp_instructions *i, unsigned int type)
{
    return type < 32 && (i->present & OFPIT_BIT(type));
}

/* Decodes instructions occupying all of 'c'.  Errors: OFPBIC_UNKNOWN_INST,
 * OFPBIC_BAD_LEN, OFPBIC_DUP_INST (ONF 2600), OFPBIC_BAD_EXPERIMENTER
 * (experimenter instruction), OFPBIC_BAD_TABLE_ID (goto_table 0xff),
 * and any action error from the action lists. */
enum ofperr ofp_instructions_decode(struct cur *c, struct ofp_instructions *);
/* Appends in the spec's execution order: meter, apply, clear, write,
 * write-metadata, goto. */
void ofp_instructions_encode(const struct ofp_instructions *, struct buf *);
const char *ofp_instruction_type_name(uint16_t type);

/* Group bucket. */
struct ofp_bucket {
    uint16_t weight;
    uint32_t watch_port;
    uint32_t watch_group;
    struct ofp_actions actions;
};

struct ofp_buckets {
    size_t n;
    struct ofp_bucket *b; /* Owned. */
};

void ofp_buckets_init(struct ofp_buckets *);
void ofp_buckets_uninit(struct ofp_buckets *);
void ofp_buckets_copy(struct ofp_buckets *dst, const struct ofp_buckets *);
/* Decodes buckets occupying all of 'c'.  Errors: OFPGMFC_BAD_BUCKET
 * (length), and action errors. */
enum ofperr ofp_buckets_decode(struct cur *c, struct ofp_buckets *);
void ofp_buckets_encode(const struct ofp_buckets *, struct buf *);

/* Meter band. */
struct ofp_meter_band {
    uint16_t type; /* OFPMBT_* */
    uint32_t rate;
    uint32_t burst_size;
    uint8_t prec_level;    /* DSCP_REMARK */
    uint32_t experimenter; /* EXPERIMENTER */
};

struct ofp_meter_bands {
    size_t n;
    struct ofp_meter_band *b; /* Owned. */
};

void ofp_meter_bands_init(struct ofp_meter_bands *);
void ofp_meter_bands_uninit(struct ofp_meter_bands *);
void ofp_meter_bands_copy(struct ofp_meter_bands *dst,
                          const struct ofp_meter_bands *);
/* Decodes bands occupying all of 'c'.  Errors: OFPMMFC_BAD_BAND (unknown
 * type or bad length). */
enum ofperr ofp_meter_bands_decode(struct cur *c, struct ofp_meter_bands *);
void ofp_meter_bands_encode(const struct ofp_meter_bands *, struct buf *);

#endif /* ofp13/actions.h */
