/* datapath/pipeline-private.h -- what the two halves of the pipeline
 * share: datapath/pipeline.c (ports, buffers, events, the packet path,
 * PACKET_OUT) and datapath/pipeline-ctl.c (FLOW_MOD, GROUP_MOD and
 * METER_MOD with their validation, timeouts, statistics).  Nothing outside
 * those two files includes it.
 *
 * Packets in flight.  The caller owns the packets it hands to
 * dp_pipeline_process(); outputs queue pointers to them in per-port
 * transmit batches that are flushed when full and at the end of the call.
 * A packet that is modified after it was queued is copied first (copy on
 * write: the queue slot receives the copy, 'struct ref' remembers which
 * slots hold which packet).  Packets the pipeline creates (group bucket
 * copies, copies on write) live on a temporary list freed after the final
 * flush. */
#ifndef DATAPATH_PIPELINE_PRIVATE_H
#define DATAPATH_PIPELINE_PRIVATE_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "datapath/cache.h"
#include "datapath/flow-table.h"
#include "datapath/group.h"
#include "datapath/key.h"
#include "datapath/meter.h"
#include "datapath/packet.h"
#include "datapath/pipeline.h"
#include "ofp13/actions.h"
#include "util/hmap.h"
#include "util/list.h"

#define NS_PER_SEC 1000000000ULL

#define MAX_GROUP_DEPTH 32 /* Nested group executions per packet. */
#define MAX_OPS 256        /* Longest record the cache keeps. */
#define MAX_REFS 64        /* Queue slots tracked for copy on write. */
#define MAX_NORMAL_PORTS 256
#define MAX_BUFFERS 32768

/* --- Data structures. -------------------------------------------------- */

struct port {
    struct hmap_node node; /* In 'ports', by port_no. */
    uint32_t port_no;
    uint32_t config;
    uint32_t state;
    dp_port_output_cb *output;
    void *aux;
    bool dirty; /* In the pipeline's 'dirty' array. */
    struct dp_batch txq;
    /* In-memory ports: a FIFO of owned copies. */
    bool memory;
    struct dp_packet **frames;
    size_t head, n_frames, alloc_frames;
    uint64_t rx_packets, rx_bytes, rx_dropped;
    uint64_t tx_packets, tx_bytes, tx_dropped;
};

/* A queue slot that holds a packet by reference. */
struct ref {
    const struct pkt_state *owner;
    struct port *port;
    size_t idx;
};

struct buffer_slot {
    struct dp_packet *pkt; /* Owned; NULL when free. */
    uint32_t in_port;
    uint16_t cookie;
    uint64_t expires_ns;
};

struct event_node {
    struct list node;
    struct dp_event ev;
};

/* One step of a record (see pipeline.h, "Exact-match cache"). */
enum op_type {
    OP_MISS,            /* Table lookup missed (counts it). */
    OP_MISS_CONTROLLER, /* Miss policy CONTROLLER: packet-in. */
    OP_FLOW,            /* A flow matched (counts it and its table). */
    OP_METER,           /* Run a meter; stop if it drops. */
    OP_ACTION,          /* A header action. */
    OP_METADATA,        /* WRITE_METADATA. */
    OP_OUTPUT,          /* OUTPUT to 'port'. */
    OP_OUTPUT_PORT,     /* OUTPUT to a standard port, resolved. */
    OP_DROP,            /* OUTPUT to a standard port that is not there. */
    OP_GROUP,           /* GROUP. */
};

struct op {
    uint8_t type;
    uint8_t table_id; /* Packet-in attribution: table, */
    uint8_t reason;   /* reason, */
    uint8_t final;    /* OP_GROUP: nothing touches the packet after it. */
    uint16_t max_len; /* OP_OUTPUT. */
    uint32_t port;    /* OP_OUTPUT. */
    uint64_t cookie;  /* and cookie. */
    union {
        struct dp_flow_table *table;
        struct dp_flow *flow;
        struct dp_meter *meter;
        const struct ofp_action *action;
        struct dp_group *group;
        struct port *port;
        struct {
            uint64_t value, mask;
        } md;
    } u;
};

struct dp_pipeline {
    struct dp_pipeline_config cfg;
    unsigned int n_tables;
    struct dp_flow_table **tables;
    struct dp_group_table *groups;
    struct dp_meter_table *meters;
    struct dp_cache *cache;
    bool cache_enabled;
    struct list timeouts; /* Flows with a timeout, by 'timeout_node'. */

    /* Ports. */
    struct hmap ports;
    struct port **port_array; /* Sorted by port_no. */
    size_t n_ports;
    struct port **dirty; /* Ports with queued frames; room for n_ports. */
    size_t n_dirty;
    dp_normal_cb *normal;
    void *normal_aux;
    bool controller_to_normal; /* See dp_pipeline_set_controller_to_normal. */
    struct dp_group_liveness liveness;

    /* Buffers. */
    struct buffer_slot *buffers;
    size_t n_buffers;
    size_t next_buffer;
    uint16_t buffer_cookie;

    /* Events. */
    struct list events;
    size_t n_events;
    uint64_t events_dropped;

    /* Per-call scratch. */
    struct op ops[MAX_OPS];
    size_t n_ops;
    struct dp_packet **temps;
    size_t n_temps, alloc_temps;
    struct ref refs[MAX_REFS];
    size_t n_refs;
    struct pkt_state *batch; /* DP_BATCH_SIZE packets being processed. */
    uint32_t batch_hashes[DP_BATCH_SIZE];

    /* Key layout facts. */
    size_t ofs_metadata, ofs_eth_type, ofs_vlan_vid, ofs_ip_proto,
        ofs_icmpv6_type, ofs_ip_dscp;
    struct dp_key select_mask; /* Fields hashed by SELECT groups. */

    uint64_t uncacheable;
};

/* A packet being processed. */
struct pkt_state {
    struct dp_packet *pkt;
    struct dp_key key;
    bool stop; /* Dropped (meter, TTL): process no further. */
    bool top;  /* The packet itself, not a group bucket's copy. */
};

/* Who a packet-in is attributed to. */
struct attrib {
    uint8_t reason;
    uint8_t table_id;
    uint64_t cookie;
};

/* Processing context of one packet. */
struct xctx {
    struct dp_pipeline *p;
    uint32_t in_port;
    uint64_t now;
    int depth;       /* Group nesting. */
    bool recording;  /* Append ops to p->ops. */
    bool cacheable;  /* The record may be cached. */
    bool key_stale;  /* The path now depends on more than the key. */
    bool packet_out; /* OFPP_TABLE allowed. */
    bool in_tables;  /* Already in the tables (no TABLE recursion). */
};

/* --- Small helpers. ---------------------------------------------------- */

static inline uint64_t
get_be(const uint8_t *p, size_t n)
{
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        v = v << 8 | p[i];
    }
    return v;
}

static inline void
put_be(uint8_t *p, size_t n, uint64_t v)
{
    for (size_t i = n; i-- > 0;) {
        p[i] = (uint8_t)v;
        v >>= 8;
    }
}

static inline uint8_t *
key_bytes(struct dp_key *key, size_t ofs)
{
    return (uint8_t *)key->w + ofs;
}

static inline const uint8_t *
key_cbytes(const struct dp_key *key, size_t ofs)
{
    return (const uint8_t *)key->w + ofs;
}

static inline void
duration(uint64_t since, uint64_t now, uint32_t *sec, uint32_t *nsec)
{
    uint64_t d = now > since ? now - since : 0;
    *sec = (uint32_t)(d / NS_PER_SEC);
    *nsec = (uint32_t)(d % NS_PER_SEC);
}

/* --- Shared between the two halves. ----------------------------------- */

/* pipeline.c */

/* The port registered as 'port_no', or NULL. */
struct port *dp_pipeline_find_port(const struct dp_pipeline *,
                                   uint32_t port_no);
/* Checks 'buffer_id' at 'now' (OFPBRC_BUFFER_UNKNOWN, OFPBRC_BUFFER_EMPTY);
 * with 'take', also removes the buffered packet and returns it (owned by
 * the caller) with its in_port. */
enum ofperr dp_pipeline_buffer_get(struct dp_pipeline *, uint32_t buffer_id,
                                   uint64_t now, bool take,
                                   struct dp_packet **pkt, uint32_t *in_port);
/* Transmits what is queued and frees the temporary packets. */
void dp_pipeline_finish_batch(struct dp_pipeline *);
/* Runs one packet (borrowed) through the tables from table 0. */
void dp_pipeline_run_packet(struct dp_pipeline *, struct dp_packet *,
                            uint32_t in_port, uint64_t now);
/* Queues a FLOW_REMOVED for 'flow' if it has SEND_FLOW_REM.  The flow must
 * still be in its table. */
void dp_pipeline_flow_removed(struct dp_pipeline *, const struct dp_flow *,
                              uint8_t reason, uint64_t now);
/* The action-set slot of 'a' (execution order), or -1 if it has none. */
int dp_pipeline_action_set_slot(const struct ofp_action *);

/* pipeline-ctl.c */

/* Makes every exact-match cache entry stale (any table, group, meter or
 * port change). */
void dp_pipeline_invalidate(struct dp_pipeline *);
/* Checks an action list against switch state in execution order; with
 * 'st' (the control half's record of what the match guarantees) also the
 * set_field prerequisites.  OFPP_TABLE is allowed only with
 * 'packet_out'. */
struct pstate;
enum ofperr dp_pipeline_check_actions(const struct dp_pipeline *,
                                      const struct ofp_actions *,
                                      struct pstate *, bool packet_out);

#endif /* datapath/pipeline-private.h */
