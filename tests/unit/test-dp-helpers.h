/* tests/unit/test-dp-helpers.h -- helpers shared by the pipeline tests
 * (test-dp-pipeline.c, test-dp-group.c, test-dp-meter.c): a small frame
 * builder (Ethernet, optional 802.1Q tag, IPv4 with a correct header
 * checksum, TCP or UDP, padded to a chosen length), flow-mod and action
 * builders over the ofp13 model, and a pipeline with in-memory ports 1..4
 * driven by a simulated clock. */
#ifndef TESTS_UNIT_TEST_DP_HELPERS_H
#define TESTS_UNIT_TEST_DP_HELPERS_H 1

#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "datapath/packet.h"
#include "datapath/pipeline.h"
#include "ofp13/actions.h"
#include "ofp13/match.h"
#include "ofp13/msgs.h"
#include "ofp13/ofp.h"

#define SEC(S) ((uint64_t)(S)*1000000000ULL)
#define MSEC(S) ((uint64_t)(S)*1000000ULL)

/* A frame to build. */
struct tspec {
    uint8_t dst[6], src[6];
    bool vlan;
    uint16_t tci;
    uint16_t eth_type; /* 0x0800 builds IPv4; anything else raw payload. */
    uint8_t proto;     /* 6 TCP, 17 UDP, other: no L4 header. */
    uint32_t ip_src, ip_dst;
    uint8_t dscp, ecn, ttl;
    uint16_t sport, dport;
    size_t len; /* Total frame length (at least the headers). */
};

static inline struct tspec
tspec_tcp(uint32_t ip_src, uint32_t ip_dst, uint16_t sport, uint16_t dport)
{
    struct tspec s;
    memset(&s, 0, sizeof s);
    memcpy(s.dst, "\x22\x22\x22\x22\x22\x22", 6);
    memcpy(s.src, "\x12\x11\x11\x11\x11\x11", 6);
    s.eth_type = 0x0800;
    s.proto = 6;
    s.ip_src = ip_src;
    s.ip_dst = ip_dst;
    s.ttl = 64;
    s.sport = sport;
    s.dport = dport;
    s.len = 64;
    return s;
}

static inline void
t_put16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

static inline void
t_put32(uint8_t *p, uint32_t v)
{
    t_put16(p, (uint16_t)(v >> 16));
    t_put16(p + 2, (uint16_t)v);
}

static inline uint16_t
t_get16(const uint8_t *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t
t_get32(const uint8_t *p)
{
    return (uint32_t)t_get16(p) << 16 | t_get16(p + 2);
}

/* Internet checksum, the obvious way. */
static inline uint16_t
t_csum(const uint8_t *p, size_t n, uint32_t acc)
{
    for (size_t i = 0; i + 1 < n; i += 2) {
        acc += (uint32_t)(p[i] << 8 | p[i + 1]);
    }
    if (n & 1) {
        acc += (uint32_t)p[n - 1] << 8;
    }
    while (acc >> 16) {
        acc = (acc & 0xffff) + (acc >> 16);
    }
    return (uint16_t)~acc;
}

/* Builds the frame into 'b' (room for s->len, at least 2048 bytes) and
 * returns its length. */
static inline size_t
tframe_build(uint8_t *b, const struct tspec *s)
{
    size_t n = 0, len = s->len;
    memset(b, 0, len > 2048 ? 2048 : len);
    memcpy(b, s->dst, 6);
    memcpy(b + 6, s->src, 6);
    n = 12;
    if (s->vlan) {
        t_put16(b + n, 0x8100);
        t_put16(b + n + 2, s->tci);
        n += 4;
    }
    t_put16(b + n, s->eth_type);
    n += 2;
    if (s->eth_type != 0x0800) {
        return len > n ? len : n;
    }
    size_t l3 = n, l4 = n + 20;
    size_t l4_len = s->proto == 6 ? 20 : s->proto == 17 ? 8 : 0;
    size_t total = len > l4 + l4_len ? len : l4 + l4_len;
    size_t ip_len = total - l3;
    b[l3] = 0x45;
    b[l3 + 1] = (uint8_t)(s->dscp << 2 | s->ecn);
    t_put16(b + l3 + 2, (uint16_t)ip_len);
    b[l3 + 8] = s->ttl;
    b[l3 + 9] = s->proto;
    t_put32(b + l3 + 12, s->ip_src);
    t_put32(b + l3 + 16, s->ip_dst);
    t_put16(b + l3 + 10, t_csum(b + l3, 20, 0));
    for (size_t i = l4 + l4_len; i < total; i++) {
        b[i] = (uint8_t)i;
    }
    if (l4_len) {
        t_put16(b + l4, s->sport);
        t_put16(b + l4 + 2, s->dport);
        if (s->proto == 6) {
            b[l4 + 12] = 0x50;
        } else {
            t_put16(b + l4 + 4, (uint16_t)(total - l4));
        }
        uint8_t ph[12];
        t_put32(ph, s->ip_src);
        t_put32(ph + 4, s->ip_dst);
        ph[8] = 0;
        ph[9] = s->proto;
        t_put16(ph + 10, (uint16_t)(total - l4));
        uint16_t c = t_csum(ph, 12, 0);
        uint32_t acc = (uint16_t)~c;
        c = t_csum(b + l4, total - l4, acc);
        t_put16(b + l4 + (s->proto == 6 ? 16 : 6), c);
    }
    return total;
}

static inline struct dp_packet *
tpacket(const struct tspec *s)
{
    uint8_t b[2048];
    size_t n = tframe_build(b, s);
    return dp_packet_create(b, n, 0);
}

/* Offset of the IPv4 header in a frame (after an optional 802.1Q tag). */
static inline size_t
t_l3(const struct dp_packet *pkt)
{
    const uint8_t *d = dp_packet_data(pkt);
    return t_get16(d + 12) == 0x8100 ? 18 : 14;
}

static inline bool
t_ipv4_csum_ok(const struct dp_packet *pkt)
{
    return t_csum(dp_packet_data(pkt) + t_l3(pkt), 20, 0) == 0;
}

/* --- Flow mods and actions. -------------------------------------------- */

static inline void
fm_init(struct ofp_flow_mod *fm, uint8_t table_id, uint16_t priority)
{
    memset(fm, 0, sizeof *fm);
    ofp_match_init(&fm->match);
    ofp_instructions_init(&fm->instructions);
    fm->command = OFPFC_ADD;
    fm->table_id = table_id;
    fm->priority = priority;
    fm->buffer_id = OFP_NO_BUFFER;
    fm->out_port = OFPP_ANY;
    fm->out_group = OFPG_ANY;
}

static inline void
fm_uninit(struct ofp_flow_mod *fm)
{
    ofp_match_uninit(&fm->match);
    ofp_instructions_uninit(&fm->instructions);
}

static inline struct ofp_actions *
fm_apply(struct ofp_flow_mod *fm)
{
    fm->instructions.present |= OFPIT_BIT(OFPIT_APPLY_ACTIONS);
    return &fm->instructions.apply;
}

static inline struct ofp_actions *
fm_write(struct ofp_flow_mod *fm)
{
    fm->instructions.present |= OFPIT_BIT(OFPIT_WRITE_ACTIONS);
    return &fm->instructions.write;
}

static inline void
fm_goto(struct ofp_flow_mod *fm, uint8_t table_id)
{
    fm->instructions.present |= OFPIT_BIT(OFPIT_GOTO_TABLE);
    fm->instructions.goto_table = table_id;
}

static inline void
fm_meter(struct ofp_flow_mod *fm, uint32_t meter_id)
{
    fm->instructions.present |= OFPIT_BIT(OFPIT_METER);
    fm->instructions.meter_id = meter_id;
}

static inline void
fm_clear(struct ofp_flow_mod *fm)
{
    fm->instructions.present |= OFPIT_BIT(OFPIT_CLEAR_ACTIONS);
}

static inline void
fm_metadata(struct ofp_flow_mod *fm, uint64_t value, uint64_t mask)
{
    fm->instructions.present |= OFPIT_BIT(OFPIT_WRITE_METADATA);
    fm->instructions.metadata = value;
    fm->instructions.metadata_mask = mask;
}

static inline void
act_output(struct ofp_actions *acts, uint32_t port, uint16_t max_len)
{
    struct ofp_action a;
    memset(&a, 0, sizeof a);
    a.type = OFPAT_OUTPUT;
    a.u.output.port = port;
    a.u.output.max_len = max_len;
    ofp_actions_push(acts, &a);
}

static inline void
act_group(struct ofp_actions *acts, uint32_t group_id)
{
    struct ofp_action a;
    memset(&a, 0, sizeof a);
    a.type = OFPAT_GROUP;
    a.u.group_id = group_id;
    ofp_actions_push(acts, &a);
}

static inline void
act_simple(struct ofp_actions *acts, uint16_t type)
{
    struct ofp_action a;
    memset(&a, 0, sizeof a);
    a.type = type;
    ofp_actions_push(acts, &a);
}

static inline void
act_ethertype(struct ofp_actions *acts, uint16_t type, uint16_t ethertype)
{
    struct ofp_action a;
    memset(&a, 0, sizeof a);
    a.type = type;
    a.u.ethertype = ethertype;
    ofp_actions_push(acts, &a);
}

static inline void
act_ttl(struct ofp_actions *acts, uint16_t type, uint8_t ttl)
{
    struct ofp_action a;
    memset(&a, 0, sizeof a);
    a.type = type;
    a.u.ttl = ttl;
    ofp_actions_push(acts, &a);
}

/* set_field of 'f' to the host integer 'v' (fields up to 8 bytes). */
static inline void
act_set(struct ofp_actions *acts, enum oxm_field f, uint64_t v)
{
    struct ofp_action a;
    size_t len = oxm_field_info(f)->len;
    memset(&a, 0, sizeof a);
    a.type = OFPAT_SET_FIELD;
    a.u.set_field.field = f;
    for (size_t i = len; i-- > 0;) {
        a.u.set_field.value.b[i] = (uint8_t)v;
        v >>= 8;
    }
    ofp_actions_push(acts, &a);
}

/* --- A pipeline with memory ports. ------------------------------------- */

/* Ports 1..4 are in-memory and live. */
static inline struct dp_pipeline *
tp_create_cfg(const struct dp_pipeline_config *cfg)
{
    struct dp_pipeline *p = dp_pipeline_create(cfg);
    for (uint32_t i = 1; i <= 4; i++) {
        ck_assert_int_eq(dp_pipeline_port_add_memory(p, i, 0, OFPPS_LIVE), 0);
    }
    return p;
}

static inline struct dp_pipeline *
tp_create(bool cache)
{
    struct dp_pipeline_config cfg;
    dp_pipeline_config_init(&cfg);
    cfg.n_tables = 8;
    if (!cache) {
        cfg.cache_entries = 0;
    }
    return tp_create_cfg(&cfg);
}

/* Sends a copy of the frame of 's' into port 'in_port' at 'now'. */
static inline void
tp_send(struct dp_pipeline *p, const struct tspec *s, uint32_t in_port,
        uint64_t now)
{
    struct dp_packet *pkt = tpacket(s);
    dp_pipeline_process_packet(p, pkt, in_port, now);
    dp_packet_destroy(pkt);
}

/* Discards every frame port 'port' collected; returns how many. */
static inline size_t
tp_drain(struct dp_pipeline *p, uint32_t port)
{
    size_t n = 0;
    struct dp_packet *pkt;
    while ((pkt = dp_pipeline_port_pop_frame(p, port))) {
        dp_packet_destroy(pkt);
        n++;
    }
    return n;
}

static inline void
tp_drain_events(struct dp_pipeline *p)
{
    struct dp_event ev;
    while (dp_pipeline_event_pop(p, &ev)) {
        dp_event_uninit(&ev);
    }
}

/* Adds a flow whose only instruction is apply-actions "output:port" for
 * packets from 'in_port' (0: any). */
static inline void
tp_flow_out(struct dp_pipeline *p, uint8_t table, uint16_t prio,
            uint32_t in_port, uint32_t out_port)
{
    struct ofp_flow_mod fm;
    fm_init(&fm, table, prio);
    if (in_port) {
        ofp_match_set_u32(&fm.match, OXM_IN_PORT, in_port);
    }
    act_output(fm_apply(&fm), out_port, 0);
    ck_assert_int_eq(dp_pipeline_flow_mod(p, &fm, 0), 0);
    fm_uninit(&fm);
}

/* Counters of the single flow in 'table' with 'priority' (strict). */
static inline void
tp_flow_counts(struct dp_pipeline *p, uint8_t table, uint64_t *packets,
               uint64_t *bytes)
{
    struct ofp_flow_stats_request req;
    struct ofp_flow_stats *fs;
    size_t n;
    memset(&req, 0, sizeof req);
    ofp_match_init(&req.match);
    req.table_id = table;
    req.out_port = OFPP_ANY;
    req.out_group = OFPG_ANY;
    ck_assert_int_eq(dp_pipeline_flow_stats(p, &req, 0, &fs, &n), 0);
    ck_assert_uint_eq(n, 1);
    *packets = fs[0].packet_count;
    *bytes = fs[0].byte_count;
    dp_flow_stats_free(fs, n);
}

#endif /* tests/unit/test-dp-helpers.h */
