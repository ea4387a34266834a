/* datapath/flow-table.h -- one OpenFlow flow table: the flows of one
 * table_id in a classifier, with the table counters (active, lookup,
 * matched) and the table-miss policy.  The table owns the flows inserted
 * into it.  FLOW_MOD semantics that span tables or need switch state
 * (validation, events, groups, meters) live in datapath/pipeline.c; this
 * module offers the per-table primitives: strict find, replace-on-add,
 * overlap check, and the non-strict "is the flow at least as specific"
 * test, all on the flat key so they cost a few word operations per flow.
 *
 * 'struct dp_flow' is shared by the datapath modules (pipeline, cache); the
 * daemon never sees it: it reads flows through the pipeline's stats calls.
 * Single-threaded: the caller serialises every call. */
#ifndef DATAPATH_FLOW_TABLE_H
#define DATAPATH_FLOW_TABLE_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "datapath/classifier.h"
#include "ofp13/actions.h"
#include "ofp13/errors.h"
#include "ofp13/match.h"
#include "ofp13/ofp.h"
#include "util/list.h"

struct dp_meter;
struct ofp_flow_mod;

/* What a table does with a packet that matches no flow (reference §1.13,
 * §2.8).  OF1.3 drops; the 1.0/1.1 translator asks for the others.  This
 * is a property of the table, never a hidden flow. */
enum dp_table_miss {
    DP_TABLE_MISS_DROP,       /* OF1.3 default. */
    DP_TABLE_MISS_CONTROLLER, /* Packet-in NO_MATCH (miss_send_len). */
    DP_TABLE_MISS_CONTINUE,   /* Go on to the next table (OF1.1). */
    DP_TABLE_MISS_NORMAL,     /* OFPP_NORMAL: the daemon's standalone fail
                               * mode while no controller is connected. */
};

struct dp_flow {
    struct dp_cls_rule cr;    /* In the table's classifier. */
    struct list table_node;   /* In the table's 'flows', insertion order. */
    struct list timeout_node; /* In the pipeline's timeout list, or
                                * self-linked if no timeout. */
    uint8_t table_id;
    bool table_miss; /* Priority 0 and an empty match. */
    uint16_t flags;  /* OFPFF_*. */
    uint16_t idle_timeout, hard_timeout;
    uint64_t cookie;
    uint64_t created_ns; /* Install (or replace) time. */
    uint64_t used_ns;    /* Last packet, or 'created_ns'. */
    uint64_t packet_count, byte_count;
    uint64_t match_present; /* ofp_match 'present' and 'masked' bits, */
    uint64_t match_masked;  /* to rebuild the match for stats. */
    struct ofp_instructions insts;
    struct dp_meter *meter; /* Resolved METER instruction, or NULL. */
};

/* Creates a flow from 'fm' (match, priority, cookie, timeouts, flags,
 * instructions, all copied) for 'table_id', installed at 'now' (ns).
 * Never fails; the caller validates 'fm' first. */
struct dp_flow *dp_flow_create(const struct ofp_flow_mod *fm, uint8_t table_id,
                               uint64_t now);
/* Frees 'flow', which must not be in a table.  NULL is a no-op. */
void dp_flow_destroy(struct dp_flow *flow);

/* Initialises 'match' (caller uninitialises) with the flow's match, as it
 * was installed (value and mask of each field, in OXM slots). */
void dp_flow_get_match(const struct dp_flow *, struct ofp_match *match);

static inline uint16_t
dp_flow_priority(const struct dp_flow *flow)
{
    return flow->cr.priority;
}

/* Counts one packet of 'bytes' bytes that matched 'flow' at 'now'.  A
 * flow with NO_PKT_COUNTS (NO_BYT_COUNTS) keeps no packet (byte) count;
 * its stats then report all-ones, the OpenFlow "unavailable" value. */
static inline void
dp_flow_count(struct dp_flow *flow, uint32_t bytes, uint64_t now)
{
    if (!(flow->flags & OFPFF_NO_PKT_COUNTS)) {
        flow->packet_count++;
    }
    if (!(flow->flags & OFPFF_NO_BYT_COUNTS)) {
        flow->byte_count += bytes;
    }
    flow->used_ns = now;
}

/* Does 'flow' match at least as specifically as ('value', 'mask'): every
 * bit the request constrains, the flow constrains to the same value?  The
 * non-strict MODIFY/DELETE and flow-stats filter (OF1.3.5 §6.4). */
bool dp_flow_is_subset(const struct dp_flow *, const struct dp_key *value,
                       const struct dp_key *mask);
/* Does 'flow' have an OUTPUT to 'port' (OFPP_ANY: always true) or a GROUP
 * action to 'group' (OFPG_ANY: always true) in its apply or write
 * instructions?  The out_port / out_group filters. */
bool dp_flow_has_out_port(const struct dp_flow *, uint32_t port);
bool dp_flow_has_out_group(const struct dp_flow *, uint32_t group);

struct dp_flow_table;

struct dp_flow_table *dp_flow_table_create(uint8_t table_id, size_t max_flows);
/* Destroys the table and every flow in it.  NULL is a no-op. */
void dp_flow_table_destroy(struct dp_flow_table *);

/* Inserts 'flow' with the match ('value', 'mask') built by
 * dp_key_from_match() from its FLOW_MOD.  If a flow with the same match and priority exists it is
 * replaced: 'flow' takes its place and, unless 'reset_counts', its packet
 * and byte counters; the old flow is removed from the table and returned
 * in '*replaced' for the caller to dispose of (NULL otherwise).
 * Errors (the table is unchanged and the caller keeps 'flow'):
 * OFPFMFC_OVERLAP if 'check_overlap' and a flow of the same priority could
 * match a packet that 'flow' matches (an identical flow included);
 * OFPFMFC_TABLE_FULL if the table holds max_flows flows and none is
 * replaced. */
enum ofperr dp_flow_table_insert(struct dp_flow_table *, struct dp_flow *,
                                 const struct dp_key *value,
                                 const struct dp_key *mask, bool check_overlap,
                                 bool reset_counts, struct dp_flow **replaced);
/* Removes 'flow' from the table; the caller owns it afterwards. */
void dp_flow_table_remove(struct dp_flow_table *, struct dp_flow *);

/* The flow with exactly this match (as key value/mask) and priority. */
struct dp_flow *dp_flow_table_find_strict(const struct dp_flow_table *,
                                          const struct dp_key *value,
                                          const struct dp_key *mask,
                                          uint16_t priority);

/* The highest-priority flow matching 'key', or NULL (borrowed until the
 * next change to the table).  Does not count. */
struct dp_flow *dp_flow_table_lookup(const struct dp_flow_table *,
                                     const struct dp_key *key);
/* Number of distinct masks in the table's classifier. */
size_t dp_flow_table_n_masks(const struct dp_flow_table *);
/* The flows in insertion order (for iteration with LIST_FOR_EACH_SAFE
 * over 'table_node'). */
struct list *dp_flow_table_flows(struct dp_flow_table *);
size_t dp_flow_table_count(const struct dp_flow_table *);
uint8_t dp_flow_table_id(const struct dp_flow_table *);

/* Table counters (OFPMP_TABLE). */
void dp_flow_table_count_lookup(struct dp_flow_table *, bool matched);
void dp_flow_table_get_counts(const struct dp_flow_table *, uint64_t *lookup,
                              uint64_t *matched);

enum dp_table_miss dp_flow_table_get_miss(const struct dp_flow_table *);
void dp_flow_table_set_miss(struct dp_flow_table *, enum dp_table_miss);

#endif /* datapath/flow-table.h */
