/* datapath/pipeline.h -- the OpenFlow 1.3 pipeline of one switch: flow
 * tables, groups, meters, a port registry, packet buffers, the exact-match
 * cache, and the events (packet-in, flow-removed) that the control side
 * drains.  It is a plain single-threaded object: a datapath thread owns it
 * and feeds it frames (dp_pipeline_process()) and controller requests (the
 * model structs of ofp13/msgs.h, used as they are decoded); unit tests
 * drive it directly with in-memory ports and a simulated clock.
 *
 * Time: every call that needs the time takes 'now', in nanoseconds of a
 * monotonic clock chosen by the caller (tests pass simulated values).
 *
 * A frame's path (OF1.3.5 §5.1): table 0 .. n (classifier lookup, then the
 * flow's instructions in the order meter, apply-actions, clear-actions,
 * write-actions, write-metadata, goto-table), then the action set in the
 * order of reference §1.5 (copy TTL in, pops, push MPLS, push PBB, push
 * VLAN, copy TTL out, decrements, sets, queue, group, output if no group).
 * A table miss follows the table's miss policy (flow-table.h), DROP by
 * default.  Outputs are queued per port and handed to the port's output
 * hook in batches at the end of dp_pipeline_process().
 *
 * Exact-match cache: the first packet of a flow key records what the
 * pipeline did (flows hit, meters, actions in execution order, outputs);
 * later packets with the same key replay the record, updating the same
 * counters, running meters, select-group hashing, fast-failover liveness,
 * TTL checks and the NORMAL hook afresh.  Records whose path depended on
 * something outside the key (a meter that dropped or remarked before a
 * later table lookup, a TTL that expired, a pop that exposed headers that
 * a later table looks at) are not cached.  Any change to a table, group,
 * meter or port invalidates the cache.
 *
 * Ownership: the pipeline copies what it keeps from every request; the
 * arrays returned by the stats calls are owned by the caller (they can be
 * put straight into a multipart reply, whose ofp_msg_uninit() frees them).
 * Hooks are called synchronously from dp_pipeline_process() and
 * dp_pipeline_packet_out() and must not call back into the pipeline. */
#ifndef DATAPATH_PIPELINE_H
#define DATAPATH_PIPELINE_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "datapath/flow-table.h"
#include "datapath/key.h"
#include "datapath/packet.h"
#include "ofp13/errors.h"
#include "ofp13/msgs.h"

struct dp_pipeline;

struct dp_pipeline_config {
    unsigned int n_tables;      /* 1..255; default 254 (tables 0..253). */
    size_t max_flows;           /* Per table; default 1,000,000. */
    size_t max_groups;          /* Default 65536. */
    size_t max_buckets;         /* Per group; default 1024. */
    size_t max_meters;          /* Default 65536. */
    size_t max_bands;           /* Per meter; default 8. */
    size_t n_buffers;           /* Packet-in buffers; 0 = never buffer
                                 * (default 256, at most 32768). */
    uint64_t buffer_timeout_ns; /* A buffer expires after this; default 5 s. */
    size_t cache_entries;       /* Exact-match cache; 0 = no cache
                                 * (default 65536). */
    size_t max_events;          /* Queued events; default 4096. */
    uint16_t miss_send_len;     /* For pipeline-generated packet-ins (miss
                                 * policy CONTROLLER, INVALID_TTL); default
                                 * 128 (OFP_DEFAULT_MISS_SEND_LEN). */
    bool invalid_ttl_to_controller; /* Packet-in INVALID_TTL when a TTL
                                     * decrement expires; default false
                                     * (reference §1.18: the async mask
                                     * default). */
    bool check_out_ports;           /* OUTPUT to a standard port that is not
                                 * registered is OFPBAC_BAD_OUT_PORT
                                 * (default true). */
};

/* Fills 'cfg' with the defaults. */
void dp_pipeline_config_init(struct dp_pipeline_config *cfg);

/* Creates a pipeline.  'cfg' NULL means the defaults. */
struct dp_pipeline *dp_pipeline_create(const struct dp_pipeline_config *cfg);
/* Destroys it with every flow, group, meter, buffer and queued event; port
 * hooks are not called.  NULL is a no-op. */
void dp_pipeline_destroy(struct dp_pipeline *);

unsigned int dp_pipeline_n_tables(const struct dp_pipeline *);
size_t dp_pipeline_n_buffers(const struct dp_pipeline *);

/* Sets the bytes sent by pipeline-generated packet-ins. */
void dp_pipeline_set_miss_send_len(struct dp_pipeline *, uint16_t);
/* Whether an expiring TTL decrement generates a packet-in (the daemon sets
 * this when any controller's async mask asks for INVALID_TTL). */
void dp_pipeline_set_invalid_ttl_to_controller(struct dp_pipeline *, bool);

/* --- Ports. ------------------------------------------------------------ */

/* Transmits the packets of 'batch' on port 'port_no' (the shape of
 * dp_port_send_batch()).  The batch and its packets are borrowed for the
 * call only: copy what must be kept. */
typedef void dp_port_output_cb(void *aux, uint32_t port_no,
                               const struct dp_batch *batch);

/* Registers port 'port_no' (1..OFPP_MAX, or OFPP_LOCAL) with OpenFlow
 * 'config' (OFPPC_*) and 'state' (OFPPS_*) bits; frames sent to it go to
 * 'output'.  Returns 0, EEXIST or EINVAL.  A port is live for fast
 * failover when its state has OFPPS_LIVE, not OFPPS_LINK_DOWN, and its
 * config lacks OFPPC_PORT_DOWN. */
int dp_pipeline_port_add(struct dp_pipeline *, uint32_t port_no,
                         uint32_t config, uint32_t state,
                         dp_port_output_cb *output, void *aux);
/* Registers an in-memory port: frames sent to it are copied into a FIFO
 * that dp_pipeline_port_pop_frame() reads (for tests). */
int dp_pipeline_port_add_memory(struct dp_pipeline *, uint32_t port_no,
                                uint32_t config, uint32_t state);
/* Returns 0 or ENOENT. */
int dp_pipeline_port_remove(struct dp_pipeline *, uint32_t port_no);
/* Replace the whole config / state.  Return 0 or ENOENT. */
int dp_pipeline_port_set_config(struct dp_pipeline *, uint32_t port_no,
                                uint32_t config);
int dp_pipeline_port_set_state(struct dp_pipeline *, uint32_t port_no,
                               uint32_t state);
bool dp_pipeline_port_get(const struct dp_pipeline *, uint32_t port_no,
                          uint32_t *config, uint32_t *state);
/* The oldest frame an in-memory port received (owned by the caller), or
 * NULL. */
struct dp_packet *dp_pipeline_port_pop_frame(struct dp_pipeline *,
                                             uint32_t port_no);
size_t dp_pipeline_port_n_frames(const struct dp_pipeline *, uint32_t port_no);
/* Packet counters as the pipeline sees them (rx: frames offered to
 * dp_pipeline_process(); tx: frames handed to the output hook; dropped:
 * refused by config or state).  Other fields are zero.  Returns false if
 * the port does not exist. */
bool dp_pipeline_port_get_stats(const struct dp_pipeline *, uint32_t port_no,
                                uint64_t now, struct ofp_port_stats *);

/* OFPP_NORMAL: where should 'pkt' (arrived on 'in_port', flow key 'key')
 * go?  Writes up to 'max' ports into 'ports' (standard ports, OFPP_LOCAL,
 * OFPP_FLOOD or OFPP_ALL) and returns how many.  Without a hook, NORMAL
 * drops. */
typedef size_t dp_normal_cb(void *aux, const struct dp_packet *pkt,
                            const struct dp_key *key, uint32_t in_port,
                            uint32_t *ports, size_t max);
void dp_pipeline_set_normal_hook(struct dp_pipeline *, dp_normal_cb *,
                                 void *aux);
/* While 'on', packets that would be sent to the controller (output to
 * OFPP_CONTROLLER, the CONTROLLER miss policy) go to OFPP_NORMAL instead:
 * the standalone fail mode with no controller connected, where installed
 * flows still match first. */
void dp_pipeline_set_controller_to_normal(struct dp_pipeline *, bool on);

/* --- Frames. ----------------------------------------------------------- */

/* Runs every packet of 'batch' (at most DP_BATCH_SIZE), received on
 * 'in_port', through the pipeline at 'now', then transmits the queued
 * outputs.  The packets stay
 * owned by the caller but may have been modified (headers rewritten); they
 * are no longer referenced when the call returns.  A port with
 * OFPPC_NO_RECV or OFPPC_PORT_DOWN drops what it receives. */
void dp_pipeline_process(struct dp_pipeline *, struct dp_batch *batch,
                         uint32_t in_port, uint64_t now);
/* The same for one packet. */
void dp_pipeline_process_packet(struct dp_pipeline *, struct dp_packet *pkt,
                                uint32_t in_port, uint64_t now);

/* PACKET_OUT (OF1.3.5 §7.3.7): applies 'po''s action list, in order, to
 * its packet (the buffered one if buffer_id is not OFP_NO_BUFFER, which
 * frees the buffer; otherwise 'po->data'), received on 'po->in_port' (a
 * standard port, OFPP_LOCAL, OFPP_CONTROLLER or OFPP_ANY).  OUTPUT to
 * OFPP_TABLE runs the packet through the flow tables from table 0.
 * Errors (nothing is sent): OFPBRC_BAD_PORT, OFPBRC_BUFFER_UNKNOWN,
 * OFPBRC_BUFFER_EMPTY, and action errors (OFPBAC_BAD_OUT_PORT,
 * OFPBAC_BAD_OUT_GROUP, OFPBAC_BAD_EXPERIMENTER, ...). */
enum ofperr dp_pipeline_packet_out(struct dp_pipeline *,
                                   const struct ofp_packet_out *po,
                                   uint64_t now);

/* Expires flows whose idle or hard timeout has passed at 'now'
 * (FLOW_REMOVED with reason IDLE_TIMEOUT or HARD_TIMEOUT for flows with
 * SEND_FLOW_REM; hard is checked first) and buffers older than the buffer
 * timeout.  Call it periodically (say every 100 ms). */
void dp_pipeline_expire(struct dp_pipeline *, uint64_t now);

/* --- Control: flows. --------------------------------------------------- */

/* Options a translator may ask for on top of the OF1.3 semantics:
 * DP_FM_MODIFY_MAY_ADD: a MODIFY(_STRICT) that matches nothing adds the
 * flow (OF1.0; OF1.1 with cookie_mask 0).  DP_FM_READD_RESETS: an ADD that
 * replaces a flow always resets its counters (OF1.0/1.1). */
#define DP_FM_MODIFY_MAY_ADD 0x1u
#define DP_FM_READD_RESETS 0x2u

/* FLOW_MOD with OF1.3 semantics (reference §1.11) at 'now'.
 * Errors: OFPFMFC_BAD_COMMAND, OFPFMFC_BAD_TABLE_ID (including ADD to
 * OFPTT_ALL), OFPFMFC_BAD_FLAGS, OFPFMFC_OVERLAP, OFPFMFC_TABLE_FULL;
 * OFPBMC_BAD_FIELD (non-basic match fields), OFPBMC_BAD_PREREQ;
 * OFPBIC_BAD_TABLE_ID (goto_table not forward or past the last table),
 * OFPBIC_UNKNOWN_INST; OFPMMFC_UNKNOWN_METER;
 * OFPBAC_BAD_OUT_PORT, OFPBAC_BAD_OUT_GROUP, OFPBAC_BAD_SET_TYPE,
 * OFPBAC_BAD_SET_ARGUMENT, OFPBAC_MATCH_INCONSISTENT (a set_field whose
 * prerequisites the match, as changed by earlier pushes and pops, does not
 * guarantee), OFPBAC_BAD_EXPERIMENTER; OFPBRC_BUFFER_UNKNOWN,
 * OFPBRC_BUFFER_EMPTY (then nothing is changed).  On success with a
 * buffer_id, the buffered packet then goes through the tables as if sent by
 * PACKET_OUT to OFPP_TABLE. */
enum ofperr dp_pipeline_flow_mod(struct dp_pipeline *,
                                 const struct ofp_flow_mod *fm, uint64_t now);
/* The same with DP_FM_* options. */
enum ofperr dp_pipeline_flow_mod_ext(struct dp_pipeline *,
                                     const struct ofp_flow_mod *fm,
                                     unsigned int options, uint64_t now);

/* Table-miss policy of table 'table_id' (OFPTT_ALL: every table).  Returns
 * 0 or OFPTMFC_BAD_TABLE. */
enum ofperr dp_pipeline_set_table_miss(struct dp_pipeline *, uint8_t table_id,
                                       enum dp_table_miss);
enum dp_table_miss dp_pipeline_get_table_miss(const struct dp_pipeline *,
                                              uint8_t table_id);

/* OFPMP_FLOW: the flows selected by 'req' (table_id or OFPTT_ALL, out_port,
 * out_group, cookie/cookie_mask, non-strict match) at 'now', in a new
 * array (caller frees with dp_flow_stats_free(), or puts it in a multipart
 * reply).  Flows with NO_PKT_COUNTS / NO_BYT_COUNTS report all-ones.
 * Errors: OFPBRC_BAD_TABLE_ID. */
enum ofperr dp_pipeline_flow_stats(const struct dp_pipeline *,
                                   const struct ofp_flow_stats_request *req,
                                   uint64_t now, struct ofp_flow_stats **out,
                                   size_t *n);
void dp_flow_stats_free(struct ofp_flow_stats *, size_t n);
/* OFPMP_AGGREGATE with the same filters (uncounted flows add nothing to
 * the packet and byte sums). */
enum ofperr dp_pipeline_aggregate_stats(const struct dp_pipeline *,
                                        const struct ofp_flow_stats_request *,
                                        struct ofp_aggregate_stats *out);
/* OFPMP_TABLE: one entry per table. */
void dp_pipeline_table_stats(const struct dp_pipeline *,
                             struct ofp_table_stats **out, size_t *n);
/* Number of flows in table 'table_id' (0 if it does not exist). */
size_t dp_pipeline_flow_count(const struct dp_pipeline *, uint8_t table_id);

/* --- Control: groups. -------------------------------------------------- */

/* GROUP_MOD (reference §1.7, §1.9) at 'now'.  DELETE removes the flows
 * that forward to the deleted groups (FLOW_REMOVED reason GROUP_DELETE) and
 * accepts OFPG_ALL.  Errors: those of dp_group_table_check() and
 * dp_group_table_check_delete(), plus bucket action errors
 * (OFPBAC_BAD_OUT_PORT, OFPBAC_BAD_EXPERIMENTER, ...). */
enum ofperr dp_pipeline_group_mod(struct dp_pipeline *,
                                  const struct ofp_group_mod *gm,
                                  uint64_t now);
/* OFPMP_GROUP for 'group_id' or OFPG_ALL (an unknown id gives no entry);
 * the caller owns the array and each entry's 'buckets'. */
void dp_pipeline_group_stats(const struct dp_pipeline *, uint32_t group_id,
                             uint64_t now, struct ofp_group_stats **out,
                             size_t *n);
/* OFPMP_GROUP_DESC: every group. */
void dp_pipeline_group_desc(const struct dp_pipeline *,
                            struct ofp_group_desc **out, size_t *n);
void dp_pipeline_group_features(const struct dp_pipeline *,
                                struct ofp_group_features *);

/* --- Control: meters. -------------------------------------------------- */

/* METER_MOD at 'now'.  DELETE (of an id or OFPM_ALL) removes the flows
 * that use the meters (FLOW_REMOVED reason DELETE: 1.3 has no
 * METER_DELETE).  A meter OFPM_CONTROLLER limits packet-ins.  Errors: those
 * of dp_meter_table_check() and dp_meter_table_check_delete(). */
enum ofperr dp_pipeline_meter_mod(struct dp_pipeline *,
                                  const struct ofp_meter_mod *mm,
                                  uint64_t now);
/* OFPMP_METER / OFPMP_METER_CONFIG for 'meter_id' or OFPM_ALL. */
void dp_pipeline_meter_stats(const struct dp_pipeline *, uint32_t meter_id,
                             uint64_t now, struct ofp_meter_stats **out,
                             size_t *n);
void dp_pipeline_meter_config(const struct dp_pipeline *, uint32_t meter_id,
                              struct ofp_meter_config **out, size_t *n);
void dp_pipeline_meter_features(const struct dp_pipeline *,
                                struct ofp_meter_features *);

/* --- Events. ----------------------------------------------------------- */

enum dp_event_type {
    DP_EVENT_PACKET_IN,
    DP_EVENT_FLOW_REMOVED,
};

struct dp_event {
    enum dp_event_type type;
    union {
        struct ofp_packet_in packet_in;
        struct ofp_flow_removed flow_removed;
    } u;
};

/* Moves the oldest queued event into 'ev' (the caller then owns it and
 * calls dp_event_uninit()).  Returns false if there is none.  Events beyond
 * max_events are dropped and counted. */
bool dp_pipeline_event_pop(struct dp_pipeline *, struct dp_event *ev);
size_t dp_pipeline_n_events(const struct dp_pipeline *);
uint64_t dp_pipeline_n_events_dropped(const struct dp_pipeline *);
void dp_event_uninit(struct dp_event *);

/* --- Introspection (tests, bench, ofctl). ------------------------------ */

struct dp_pipeline_stats {
    uint64_t cache_hits, cache_misses, cache_inserts, cache_invalidations;
    uint64_t recorded_uncacheable; /* Slow-path packets not cached. */
};
void dp_pipeline_get_stats(const struct dp_pipeline *,
                           struct dp_pipeline_stats *);
/* Turns the exact-match cache off (false) or back on (true) if it was
 * configured; for tests comparing both paths. */
void dp_pipeline_set_cache_enabled(struct dp_pipeline *, bool);

#endif /* datapath/pipeline.h */
