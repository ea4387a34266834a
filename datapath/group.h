/* datapath/group.h -- the OpenFlow group table (OF1.3.5 §5.6, reference
 * §1.7): groups ALL, SELECT, INDIRECT and FAST_FAILOVER, their buckets and
 * counters, GROUP_MOD checks (every GROUP_MOD_FAILED code that a switch
 * supporting weights, liveness and chaining can raise), loop detection over
 * group-to-group forwarding, and bucket liveness.  Executing a bucket needs
 * the packet machinery, so it lives in datapath/pipeline.c; this module
 * chooses the bucket.
 *
 * Bucket actions are an action set (OF1.3.5 §5.6.1: "The actions in a
 * bucket are always applied as an action set"): each bucket keeps its
 * actions sorted stably into action-set order, duplicates kept in list
 * order, and an OUTPUT is skipped when the bucket also has a GROUP.
 *
 * The table owns its groups.  Single-threaded. */
#ifndef DATAPATH_GROUP_H
#define DATAPATH_GROUP_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ofp13/actions.h"
#include "ofp13/errors.h"
#include "util/hmap.h"

struct ofp_group_mod;
struct ofp_group_stats;
struct ofp_group_desc;
struct ofp_group_features;

/* Execution view of one bucket. */
struct dp_bucket {
    const struct ofp_action **order; /* Owned array of pointers into the
                                      * group's 'buckets', set order. */
    size_t n;
    bool has_group; /* Then OUTPUT actions are skipped. */
    uint64_t packet_count, byte_count;
};

struct dp_group {
    struct hmap_node node; /* In the table, by group_id. */
    uint32_t group_id;
    uint8_t type;               /* OFPGT_*. */
    struct ofp_buckets buckets; /* As installed (GROUP_DESC). */
    struct dp_bucket *rt;       /* One per bucket. */
    uint32_t total_weight;      /* SELECT: sum of the weights. */
    uint64_t packet_count, byte_count;
    uint64_t created_ns;
    uint32_t flow_refs;  /* Flows with a GROUP action to this group. */
    uint32_t group_refs; /* Buckets of other groups forwarding here. */
};

/* Whether a port can carry traffic for fast failover (OFPPS_LIVE), asked
 * by liveness checks. */
struct dp_group_liveness {
    bool (*port_live)(const void *aux, uint32_t port_no);
    const void *aux;
};

struct dp_group_table;

struct dp_group_table *dp_group_table_create(size_t max_groups,
                                             size_t max_buckets);
/* Destroys the table and its groups.  NULL is a no-op. */
void dp_group_table_destroy(struct dp_group_table *);

struct dp_group *dp_group_table_find(const struct dp_group_table *,
                                     uint32_t group_id);
size_t dp_group_table_count(const struct dp_group_table *);
size_t dp_group_table_max_groups(const struct dp_group_table *);
size_t dp_group_table_max_buckets(const struct dp_group_table *);

/* Checks an ADD or MODIFY 'gm' against the table, without changing it:
 * OFPGMFC_BAD_COMMAND, OFPGMFC_BAD_TYPE, OFPGMFC_INVALID_GROUP (id above
 * OFPG_MAX; INDIRECT without exactly one bucket), OFPGMFC_GROUP_EXISTS,
 * OFPGMFC_UNKNOWN_GROUP, OFPGMFC_OUT_OF_GROUPS, OFPGMFC_OUT_OF_BUCKETS,
 * OFPGMFC_BAD_WATCH (FAST_FAILOVER bucket without watch_port or
 * watch_group, a reserved watch_port, an unknown watch_group),
 * OFPBAC_BAD_OUT_GROUP (a GROUP action to an unknown group), OFPGMFC_LOOP
 * (forwarding would come back to the group).  The bucket actions' ports are
 * the pipeline's to check. */
enum ofperr dp_group_table_check(const struct dp_group_table *,
                                 const struct ofp_group_mod *gm);
/* Applies an ADD or MODIFY that dp_group_table_check() accepted, at 'now'
 * (ns).  MODIFY keeps the group's counters and references and resets the
 * bucket counters. */
void dp_group_table_apply(struct dp_group_table *,
                          const struct ofp_group_mod *gm, uint64_t now);
/* Checks that 'group_id' (not OFPG_ALL) may be deleted: 0 if it does not
 * exist (deleting nothing is not an error), OFPGMFC_INVALID_GROUP for
 * OFPG_ANY or another reserved id, OFPGMFC_CHAINED_GROUP if another
 * group's bucket forwards to it. */
enum ofperr dp_group_table_check_delete(const struct dp_group_table *,
                                        uint32_t group_id);
/* Deletes one group (no-op if absent) or, with OFPG_ALL, every group.  The
 * caller removes the flows that referenced them first. */
void dp_group_table_delete(struct dp_group_table *, uint32_t group_id);

/* Every group, sorted by id, in a new array the caller frees (the groups
 * are borrowed).  '*n' receives the count. */
struct dp_group **dp_group_table_sorted(const struct dp_group_table *,
                                        size_t *n);

/* Is 'bucket' (of any group) live: its watch_port live (or OFPP_ANY) and
 * its watch_group live (or OFPG_ANY)? */
bool dp_group_bucket_is_live(const struct dp_group_table *,
                             const struct ofp_bucket *bucket,
                             const struct dp_group_liveness *);
/* Is the group live: does it have a live bucket? */
bool dp_group_is_live(const struct dp_group_table *, const struct dp_group *,
                      const struct dp_group_liveness *);

/* The bucket to execute for an INDIRECT, SELECT or FAST_FAILOVER group, or
 * -1 for none: INDIRECT its bucket; FAST_FAILOVER the first live bucket;
 * SELECT a live bucket chosen by 'hash' (a hash of the flow) with
 * probability proportional to its weight, the same for every packet of a
 * flow while the set of live buckets stays the same. */
int dp_group_choose_bucket(const struct dp_group_table *,
                           const struct dp_group *, uint32_t hash,
                           const struct dp_group_liveness *);

/* Fills 'gs' (caller uninitialises: free(gs->buckets)) with the counters
 * of 'g' at 'now'. */
void dp_group_get_stats(const struct dp_group *, uint64_t now,
                        struct ofp_group_stats *gs);
/* Fills 'gd' (caller uninitialises its buckets) with the description. */
void dp_group_get_desc(const struct dp_group *, struct ofp_group_desc *gd);
/* The group-features reply of this implementation. */
void dp_group_table_get_features(const struct dp_group_table *,
                                 struct ofp_group_features *);

#endif /* datapath/group.h */
