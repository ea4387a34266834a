/* datapath/meter.h -- the OpenFlow meter table (OF1.3.5 §5.7, reference
 * §1.8): per-flow rate limiters with DROP and DSCP_REMARK bands, rates in
 * kbit/s or packets/s, configured or default burst, and their statistics.
 *
 * Each band is a token bucket that fills at the band's rate and holds at
 * most its burst; a packet takes its cost from every band that has enough
 * tokens, and the bands that had too few are "exceeded".  The band applied
 * is the exceeded band with the highest rate (OF1.3.5 §5.7.1); a packet
 * that exceeds no band passes untouched.  Time is the caller's 'now' in
 * nanoseconds (monotonic, or simulated in tests).
 *
 * Units: a kbps meter counts each packet as its Ethernet frame without FCS
 * (destination MAC to the end of the payload, VLAN tags included, no
 * preamble, FCS or inter-frame gap), 8 bits per byte, 1 kbit = 1000 bits.
 * Tokens are kept in micro-bits (kbps) or nano-packets (pktps), so that a
 * band's rate is exactly its fill rate in tokens per nanosecond and no
 * rounding accumulates.  Burst: with OFPMF_BURST, burst_size kbits
 * (packets); without it, 100 ms worth of the band's rate, at least one
 * 1500-byte frame (one packet).
 *
 * The table owns its meters; flows refer to meters by pointer and the
 * pipeline keeps 'flow_count' up to date.  Single-threaded. */
#ifndef DATAPATH_METER_H
#define DATAPATH_METER_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ofp13/actions.h"
#include "ofp13/errors.h"
#include "util/hmap.h"

struct ofp_meter_mod;
struct ofp_meter_stats;
struct ofp_meter_config;
struct ofp_meter_features;

struct dp_meter_band {
    struct ofp_meter_band cfg;
    uint64_t bucket_max; /* Tokens. */
    uint64_t tokens;
    uint64_t packet_count, byte_count; /* Packets this band applied to. */
};

struct dp_meter {
    struct hmap_node node;
    uint32_t meter_id;
    uint16_t flags; /* OFPMF_*. */
    size_t n_bands;
    struct dp_meter_band *bands; /* Owned. */
    uint64_t last_ns;            /* Last refill. */
    uint64_t created_ns;
    uint64_t packet_in_count, byte_in_count;
    uint32_t flow_count; /* Flows with a METER instruction to it. */
};

struct dp_meter_table;

struct dp_meter_table *dp_meter_table_create(size_t max_meters,
                                             size_t max_bands);
/* Destroys the table and its meters.  NULL is a no-op. */
void dp_meter_table_destroy(struct dp_meter_table *);

struct dp_meter *dp_meter_table_find(const struct dp_meter_table *,
                                     uint32_t meter_id);
size_t dp_meter_table_count(const struct dp_meter_table *);

/* Checks an ADD or MODIFY 'mm' without changing the table:
 * OFPMMFC_BAD_COMMAND; OFPMMFC_INVALID_METER (id 0, above OFPM_MAX other
 * than OFPM_CONTROLLER, or OFPM_SLOWPATH which is not supported);
 * OFPMMFC_BAD_FLAGS (unknown bits, or KBPS and PKTPS both or neither);
 * OFPMMFC_OUT_OF_BANDS; OFPMMFC_BAD_BAND (a type other than DROP and
 * DSCP_REMARK); OFPMMFC_BAD_RATE (rate 0); OFPMMFC_BAD_BURST (OFPMF_BURST
 * with burst_size 0); OFPMMFC_METER_EXISTS; OFPMMFC_UNKNOWN_METER;
 * OFPMMFC_OUT_OF_METERS. */
enum ofperr dp_meter_table_check(const struct dp_meter_table *,
                                 const struct ofp_meter_mod *mm);
/* Applies a checked ADD or MODIFY at 'now'.  MODIFY replaces the bands
 * (full buckets, zero band counters) and keeps the meter's counters and
 * flows. */
void dp_meter_table_apply(struct dp_meter_table *,
                          const struct ofp_meter_mod *mm, uint64_t now);
/* Checks a DELETE of 'meter_id': OFPMMFC_INVALID_METER for ids that are
 * neither a meter id, OFPM_CONTROLLER nor OFPM_ALL; deleting a meter that
 * does not exist is not an error. */
enum ofperr dp_meter_table_check_delete(const struct dp_meter_table *,
                                        uint32_t meter_id);
/* Deletes one meter (no-op if absent) or every meter (OFPM_ALL).  The
 * caller removes the flows that used them first. */
void dp_meter_table_delete(struct dp_meter_table *, uint32_t meter_id);

/* Every meter, sorted by id, in a new array the caller frees. */
struct dp_meter **dp_meter_table_sorted(const struct dp_meter_table *,
                                        size_t *n);

/* Meters one packet of 'bytes' bytes (Ethernet frame without FCS) at
 * 'now'.  Returns the index of the band to apply, or -1 if the packet
 * exceeds no band.  Updates the meter and band counters. */
int dp_meter_apply(struct dp_meter *, uint32_t bytes, uint64_t now);

/* New DSCP after a DSCP_REMARK band of 'prec_level' (OF1.3.5 §7.3.4.5:
 * "increase the drop precedence"): the drop precedence of an AF codepoint
 * (bits 1-2 of the DSCP, RFC 2597) is raised by 'prec_level', saturating
 * at 3 (high drop).  Other bits are kept. */
uint8_t dp_meter_remark_dscp(uint8_t dscp, uint8_t prec_level);

void dp_meter_get_stats(const struct dp_meter *, uint64_t now,
                        struct ofp_meter_stats *);
void dp_meter_get_config(const struct dp_meter *, struct ofp_meter_config *);
void dp_meter_table_get_features(const struct dp_meter_table *,
                                 struct ofp_meter_features *);

#endif /* datapath/meter.h */
