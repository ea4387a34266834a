/* tests/unit/test-dp-group.c -- groups through the pipeline: ALL, SELECT
 * (weights, stickiness, liveness), INDIRECT, FAST_FAILOVER (switching when
 * a watched port or group goes down), chaining and loop detection, every
 * GROUP_MOD error, deletion of the flows that use a group, counters,
 * features and descriptions.  Tests marked with a loop run without (0) and
 * with (1) the exact-match cache. */
#include <config.h>

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "test-dp-helpers.h"

static const uint8_t MAC_A[6] = { 0x02, 0, 0, 0, 0, 0xaa };

static void
gm_init(struct ofp_group_mod *gm, uint16_t command, uint8_t type,
        uint32_t group_id)
{
    memset(gm, 0, sizeof *gm);
    gm->command = command;
    gm->type = type;
    gm->group_id = group_id;
    ofp_buckets_init(&gm->buckets);
}

/* Appends a bucket and returns its action list. */
static struct ofp_actions *
gm_bucket(struct ofp_group_mod *gm, uint16_t weight, uint32_t watch_port,
          uint32_t watch_group)
{
    gm->buckets.b =
        realloc(gm->buckets.b, (gm->buckets.n + 1) * sizeof *gm->buckets.b);
    struct ofp_bucket *b = &gm->buckets.b[gm->buckets.n++];
    memset(b, 0, sizeof *b);
    b->weight = weight;
    b->watch_port = watch_port;
    b->watch_group = watch_group;
    ofp_actions_init(&b->actions);
    return &b->actions;
}

static enum ofperr
gm_do(struct dp_pipeline *p, struct ofp_group_mod *gm)
{
    enum ofperr err = dp_pipeline_group_mod(p, gm, 0);
    ofp_buckets_uninit(&gm->buckets);
    return err;
}

/* Group 'group_id' with one bucket "output:port" of 'type'. */
static enum ofperr
add_simple(struct dp_pipeline *p, uint32_t group_id, uint8_t type,
           uint32_t port)
{
    struct ofp_group_mod gm;
    gm_init(&gm, OFPGC_ADD, type, group_id);
    act_output(gm_bucket(&gm, type == OFPGT_SELECT,
                         type == OFPGT_FF ? port : OFPP_ANY, OFPG_ANY),
               port, 0);
    return gm_do(p, &gm);
}

/* A flow sending everything from 'in_port' to group 'group_id'. */
static void
flow_to_group(struct dp_pipeline *p, uint32_t in_port, uint32_t group_id,
              bool write, uint16_t flags)
{
    struct ofp_flow_mod fm;
    fm_init(&fm, 0, 10);
    fm.flags = flags;
    ofp_match_set_u32(&fm.match, OXM_IN_PORT, in_port);
    act_group(write ? fm_write(&fm) : fm_apply(&fm), group_id);
    ck_assert_int_eq(dp_pipeline_flow_mod(p, &fm, 0), 0);
    fm_uninit(&fm);
}

START_TEST(test_group_all)
{
    struct dp_pipeline *p = tp_create(_i);
    struct ofp_group_mod gm;
    struct ofp_actions *a;
    struct tspec s = tspec_tcp(1, 2, 3, 4);

    gm_init(&gm, OFPGC_ADD, OFPGT_ALL, 1);
    act_output(gm_bucket(&gm, 0, OFPP_ANY, OFPG_ANY), 2, 0);
    /* Bucket actions are an action set: the set-field runs before the
     * output even though the list has it after. */
    a = gm_bucket(&gm, 0, OFPP_ANY, OFPG_ANY);
    act_output(a, 3, 0);
    act_set(a, OXM_ETH_DST, 0x0200000000aaULL);
    act_output(gm_bucket(&gm, 0, OFPP_ANY, OFPG_ANY), 4, 0);
    ck_assert_int_eq(gm_do(p, &gm), 0);
    flow_to_group(p, 1, 1, false, 0);

    for (int i = 0; i < 2; i++) {
        tp_send(p, &s, 1, SEC(1));
        struct dp_packet *pkt = dp_pipeline_port_pop_frame(p, 2);
        ck_assert_mem_eq(dp_packet_data(pkt), s.dst, 6);
        dp_packet_destroy(pkt);
        pkt = dp_pipeline_port_pop_frame(p, 3);
        ck_assert_mem_eq(dp_packet_data(pkt), MAC_A, 6);
        dp_packet_destroy(pkt);
        pkt = dp_pipeline_port_pop_frame(p, 4);
        ck_assert_mem_eq(dp_packet_data(pkt), s.dst, 6);
        dp_packet_destroy(pkt);
    }

    struct ofp_group_stats *gs;
    size_t n;
    dp_pipeline_group_stats(p, 1, SEC(3), &gs, &n);
    ck_assert_uint_eq(n, 1);
    ck_assert_uint_eq(gs[0].group_id, 1);
    ck_assert_uint_eq(gs[0].ref_count, 1);
    ck_assert_uint_eq(gs[0].packet_count, 2);
    ck_assert_uint_eq(gs[0].byte_count, 128);
    ck_assert_uint_eq(gs[0].duration_sec, 3);
    ck_assert_uint_eq(gs[0].n_buckets, 3);
    for (int b = 0; b < 3; b++) {
        ck_assert_uint_eq(gs[0].buckets[b].packet_count, 2);
        ck_assert_uint_eq(gs[0].buckets[b].byte_count, 128);
    }
    free(gs[0].buckets);
    free(gs);
    dp_pipeline_destroy(p);
}
END_TEST

START_TEST(test_group_select)
{
    struct dp_pipeline *p = tp_create(_i);
    struct ofp_group_mod gm;
    size_t n2 = 0, n3 = 0;

    gm_init(&gm, OFPGC_ADD, OFPGT_SELECT, 1);
    act_output(gm_bucket(&gm, 1, OFPP_ANY, OFPG_ANY), 2, 0);
    act_output(gm_bucket(&gm, 3, 3, OFPG_ANY), 3, 0);
    act_output(gm_bucket(&gm, 0, OFPP_ANY, OFPG_ANY), 4, 0);
    ck_assert_int_eq(gm_do(p, &gm), 0);
    flow_to_group(p, 1, 1, true, 0);

    /* Weights 1:3 over 4000 flows; weight 0 never. */
    for (uint32_t i = 0; i < 4000; i++) {
        struct tspec s = tspec_tcp(0x0a000000 + i * 7919, 0x0b000001,
                                   (uint16_t)(1024 + i), 80);
        tp_send(p, &s, 1, 0);
    }
    n2 = tp_drain(p, 2);
    n3 = tp_drain(p, 3);
    ck_assert_uint_eq(n2 + n3, 4000);
    ck_assert_uint_eq(tp_drain(p, 4), 0);
    ck_assert_uint_ge(n3, 2850);
    ck_assert_uint_le(n3, 3150);

    /* A flow sticks to its bucket. */
    struct tspec s = tspec_tcp(0x01020304, 0x05060708, 1111, 2222);
    tp_send(p, &s, 1, 0);
    uint32_t port = tp_drain(p, 2) ? 2 : 3;
    tp_drain(p, 3);
    for (int i = 0; i < 20; i++) {
        s.dscp = (uint8_t)i; /* Not hashed. */
        s.ttl = (uint8_t)(i + 1);
        tp_send(p, &s, 1, 0);
    }
    ck_assert_uint_eq(tp_drain(p, port), 20);

    /* ARP flows that differ only in their protocol addresses spread too
     * (Ryu's select tests vary nothing else). */
    for (uint32_t i = 0; i < 400; i++) {
        uint8_t b[64];
        memset(b, 0, sizeof b);
        memcpy(b, "\xff\xff\xff\xff\xff\xff\x12\x11\x11\x11\x11\x11", 12);
        t_put16(b + 12, 0x0806);
        t_put16(b + 14, 1);      /* Ethernet */
        t_put16(b + 16, 0x0800); /* IPv4 */
        b[18] = 6;
        b[19] = 4;
        t_put16(b + 20, 1); /* request */
        memcpy(b + 22, "\x12\x11\x11\x11\x11\x11", 6);
        t_put32(b + 28, 0x0a000000 + i * 7);
        t_put32(b + 38, 0x0a100000 + i * 13);
        struct dp_packet *pkt = dp_packet_create(b, sizeof b, 0);
        dp_pipeline_process_packet(p, pkt, 1, 0);
        dp_packet_destroy(pkt);
    }
    n2 = tp_drain(p, 2);
    n3 = tp_drain(p, 3);
    ck_assert_uint_eq(n2 + n3, 400);
    ck_assert_uint_ge(n3, 240);
    ck_assert_uint_le(n3, 360);

    /* Only live buckets: bucket 2 watches port 3. */
    ck_assert_int_eq(dp_pipeline_port_set_state(p, 3, 0), 0);
    for (uint32_t i = 0; i < 100; i++) {
        struct tspec t = tspec_tcp(i, i, (uint16_t)i, 80);
        tp_send(p, &t, 1, 0);
    }
    ck_assert_uint_eq(tp_drain(p, 2), 100);
    dp_pipeline_destroy(p);
}
END_TEST

START_TEST(test_group_indirect)
{
    struct dp_pipeline *p = tp_create(_i);
    struct ofp_group_mod gm;
    struct tspec s = tspec_tcp(1, 2, 3, 4);

    ck_assert_int_eq(add_simple(p, 9, OFPGT_INDIRECT, 4), 0);
    flow_to_group(p, 1, 9, false, 0);
    tp_send(p, &s, 1, 0);
    tp_send(p, &s, 1, 0);
    ck_assert_uint_eq(tp_drain(p, 4), 2);

    /* Exactly one bucket. */
    gm_init(&gm, OFPGC_ADD, OFPGT_INDIRECT, 10);
    ck_assert_int_eq(gm_do(p, &gm), OFPERR_OFPGMFC_INVALID_GROUP);
    gm_init(&gm, OFPGC_MODIFY, OFPGT_INDIRECT, 9);
    act_output(gm_bucket(&gm, 0, OFPP_ANY, OFPG_ANY), 2, 0);
    act_output(gm_bucket(&gm, 0, OFPP_ANY, OFPG_ANY), 3, 0);
    ck_assert_int_eq(gm_do(p, &gm), OFPERR_OFPGMFC_INVALID_GROUP);
    /* MODIFY to another port takes effect, cache or not. */
    gm_init(&gm, OFPGC_MODIFY, OFPGT_INDIRECT, 9);
    act_output(gm_bucket(&gm, 0, OFPP_ANY, OFPG_ANY), 3, 0);
    ck_assert_int_eq(gm_do(p, &gm), 0);
    tp_send(p, &s, 1, 0);
    ck_assert_uint_eq(tp_drain(p, 3), 1);
    dp_pipeline_destroy(p);
}
END_TEST

START_TEST(test_group_fast_failover)
{
    struct dp_pipeline *p = tp_create(_i);
    struct ofp_group_mod gm;
    struct tspec s = tspec_tcp(1, 2, 3, 4);

    /* Group 5: FF on port 4 alone (watched by group 1's third bucket). */
    ck_assert_int_eq(add_simple(p, 5, OFPGT_FF, 4), 0);
    gm_init(&gm, OFPGC_ADD, OFPGT_FF, 1);
    act_output(gm_bucket(&gm, 0, 2, OFPG_ANY), 2, 0);
    act_output(gm_bucket(&gm, 0, 3, OFPG_ANY), 3, 0);
    act_group(gm_bucket(&gm, 0, OFPP_ANY, 5), 5);
    ck_assert_int_eq(gm_do(p, &gm), 0);
    flow_to_group(p, 1, 1, false, 0);

    tp_send(p, &s, 1, 0);
    tp_send(p, &s, 1, 0);
    ck_assert_uint_eq(tp_drain(p, 2), 2);
    /* Port 2 loses its link: the next live bucket. */
    ck_assert_int_eq(dp_pipeline_port_set_state(p, 2, OFPPS_LINK_DOWN), 0);
    tp_send(p, &s, 1, 0);
    tp_send(p, &s, 1, 0);
    ck_assert_uint_eq(tp_drain(p, 2), 0);
    ck_assert_uint_eq(tp_drain(p, 3), 2);
    /* Port 3 administratively down: the bucket watching group 5. */
    ck_assert_int_eq(dp_pipeline_port_set_config(p, 3, OFPPC_PORT_DOWN), 0);
    tp_send(p, &s, 1, 0);
    ck_assert_uint_eq(tp_drain(p, 4), 1);
    /* Group 5 dead too (port 4 not LIVE): nothing is live, drop. */
    ck_assert_int_eq(dp_pipeline_port_set_state(p, 4, 0), 0);
    tp_send(p, &s, 1, 0);
    ck_assert_uint_eq(tp_drain(p, 2) + tp_drain(p, 3) + tp_drain(p, 4), 0);
    /* Port 2 back. */
    ck_assert_int_eq(dp_pipeline_port_set_state(p, 2, OFPPS_LIVE), 0);
    tp_send(p, &s, 1, 0);
    ck_assert_uint_eq(tp_drain(p, 2), 1);
    dp_pipeline_destroy(p);
}
END_TEST

START_TEST(test_group_chaining_and_loops)
{
    struct dp_pipeline *p = tp_create(_i);
    struct ofp_group_mod gm;
    struct tspec s = tspec_tcp(1, 2, 3, 4);

    ck_assert_int_eq(add_simple(p, 3, OFPGT_INDIRECT, 4), 0);
    gm_init(&gm, OFPGC_ADD, OFPGT_INDIRECT, 2);
    act_group(gm_bucket(&gm, 0, OFPP_ANY, OFPG_ANY), 3);
    ck_assert_int_eq(gm_do(p, &gm), 0);
    gm_init(&gm, OFPGC_ADD, OFPGT_ALL, 1);
    act_output(gm_bucket(&gm, 0, OFPP_ANY, OFPG_ANY), 2, 0);
    act_group(gm_bucket(&gm, 0, OFPP_ANY, OFPG_ANY), 2);
    ck_assert_int_eq(gm_do(p, &gm), 0);
    flow_to_group(p, 1, 1, false, 0);
    tp_send(p, &s, 1, 0);
    tp_send(p, &s, 1, 0);
    ck_assert_uint_eq(tp_drain(p, 2), 2);
    ck_assert_uint_eq(tp_drain(p, 4), 2);

    /* 1 -> 2 -> 3; making 3 forward to 1 closes a loop. */
    gm_init(&gm, OFPGC_MODIFY, OFPGT_INDIRECT, 3);
    act_group(gm_bucket(&gm, 0, OFPP_ANY, OFPG_ANY), 1);
    ck_assert_int_eq(gm_do(p, &gm), OFPERR_OFPGMFC_LOOP);
    gm_init(&gm, OFPGC_ADD, OFPGT_ALL, 7);
    act_group(gm_bucket(&gm, 0, OFPP_ANY, OFPG_ANY), 7);
    ck_assert_int_eq(gm_do(p, &gm), OFPERR_OFPGMFC_LOOP);
    /* A diamond is not a loop. */
    gm_init(&gm, OFPGC_ADD, OFPGT_ALL, 8);
    act_group(gm_bucket(&gm, 0, OFPP_ANY, OFPG_ANY), 2);
    act_group(gm_bucket(&gm, 0, OFPP_ANY, OFPG_ANY), 3);
    ck_assert_int_eq(gm_do(p, &gm), 0);

    /* A group another group forwards to cannot be deleted. */
    gm_init(&gm, OFPGC_DELETE, 0, 2);
    ck_assert_int_eq(gm_do(p, &gm), OFPERR_OFPGMFC_CHAINED_GROUP);
    struct ofp_group_stats *gs;
    size_t n;
    dp_pipeline_group_stats(p, 3, 0, &gs, &n);
    ck_assert_uint_eq(gs[0].ref_count, 2); /* Groups 2 and 8. */
    ck_assert_uint_eq(gs[0].packet_count, 2);
    free(gs[0].buckets);
    free(gs);
    /* Delete the referrers first, then it goes. */
    gm_init(&gm, OFPGC_DELETE, 0, 8);
    ck_assert_int_eq(gm_do(p, &gm), 0);
    gm_init(&gm, OFPGC_DELETE, 0, 1);
    ck_assert_int_eq(gm_do(p, &gm), 0);
    gm_init(&gm, OFPGC_DELETE, 0, 2);
    ck_assert_int_eq(gm_do(p, &gm), 0);
    dp_pipeline_group_stats(p, OFPG_ALL, 0, &gs, &n);
    ck_assert_uint_eq(n, 1);
    ck_assert_uint_eq(gs[0].ref_count, 0);
    free(gs[0].buckets);
    free(gs);
    dp_pipeline_destroy(p);
}
END_TEST

START_TEST(test_group_errors)
{
    struct dp_pipeline_config cfg;
    struct ofp_group_mod gm;

    dp_pipeline_config_init(&cfg);
    cfg.n_tables = 2;
    cfg.max_groups = 3;
    cfg.max_buckets = 2;
    struct dp_pipeline *p = tp_create_cfg(&cfg);

    ck_assert_int_eq(add_simple(p, 1, OFPGT_ALL, 2), 0);
    ck_assert_int_eq(add_simple(p, 1, OFPGT_ALL, 2),
                     OFPERR_OFPGMFC_GROUP_EXISTS);
    gm_init(&gm, OFPGC_MODIFY, OFPGT_ALL, 2);
    ck_assert_int_eq(gm_do(p, &gm), OFPERR_OFPGMFC_UNKNOWN_GROUP);
    ck_assert_int_eq(add_simple(p, OFPG_ALL, OFPGT_ALL, 2),
                     OFPERR_OFPGMFC_INVALID_GROUP);
    ck_assert_int_eq(add_simple(p, OFPG_MAX + 1, OFPGT_ALL, 2),
                     OFPERR_OFPGMFC_INVALID_GROUP);
    ck_assert_int_eq(add_simple(p, 2, 4, 2), OFPERR_OFPGMFC_BAD_TYPE);
    gm_init(&gm, 3, OFPGT_ALL, 2);
    ck_assert_int_eq(gm_do(p, &gm), OFPERR_OFPGMFC_BAD_COMMAND);

    /* Fast failover needs something to watch, and something sensible. */
    gm_init(&gm, OFPGC_ADD, OFPGT_FF, 2);
    act_output(gm_bucket(&gm, 0, OFPP_ANY, OFPG_ANY), 2, 0);
    ck_assert_int_eq(gm_do(p, &gm), OFPERR_OFPGMFC_BAD_WATCH);
    gm_init(&gm, OFPGC_ADD, OFPGT_FF, 2);
    act_output(gm_bucket(&gm, 0, OFPP_CONTROLLER, OFPG_ANY), 2, 0);
    ck_assert_int_eq(gm_do(p, &gm), OFPERR_OFPGMFC_BAD_WATCH);
    gm_init(&gm, OFPGC_ADD, OFPGT_FF, 2);
    act_output(gm_bucket(&gm, 0, OFPP_ANY, 42), 2, 0);
    ck_assert_int_eq(gm_do(p, &gm), OFPERR_OFPGMFC_BAD_WATCH);

    /* Bucket actions are checked like flow actions. */
    gm_init(&gm, OFPGC_ADD, OFPGT_ALL, 2);
    act_group(gm_bucket(&gm, 0, OFPP_ANY, OFPG_ANY), 42);
    ck_assert_int_eq(gm_do(p, &gm), OFPERR_OFPBAC_BAD_OUT_GROUP);
    gm_init(&gm, OFPGC_ADD, OFPGT_ALL, 2);
    act_output(gm_bucket(&gm, 0, OFPP_ANY, OFPG_ANY), 9, 0);
    ck_assert_int_eq(gm_do(p, &gm), OFPERR_OFPBAC_BAD_OUT_PORT);
    gm_init(&gm, OFPGC_ADD, OFPGT_ALL, 2);
    act_output(gm_bucket(&gm, 0, OFPP_ANY, OFPG_ANY), OFPP_TABLE, 0);
    ck_assert_int_eq(gm_do(p, &gm), OFPERR_OFPBAC_BAD_OUT_PORT);

    /* Limits. */
    gm_init(&gm, OFPGC_ADD, OFPGT_ALL, 2);
    for (int i = 0; i < 3; i++) {
        act_output(gm_bucket(&gm, 0, OFPP_ANY, OFPG_ANY), 2, 0);
    }
    ck_assert_int_eq(gm_do(p, &gm), OFPERR_OFPGMFC_OUT_OF_BUCKETS);
    ck_assert_int_eq(add_simple(p, 2, OFPGT_ALL, 2), 0);
    ck_assert_int_eq(add_simple(p, 3, OFPGT_ALL, 2), 0);
    ck_assert_int_eq(add_simple(p, 4, OFPGT_ALL, 2),
                     OFPERR_OFPGMFC_OUT_OF_GROUPS);

    /* Deleting: unknown is fine, reserved ids other than ALL are not. */
    gm_init(&gm, OFPGC_DELETE, 0, 77);
    ck_assert_int_eq(gm_do(p, &gm), 0);
    gm_init(&gm, OFPGC_DELETE, 0, OFPG_ANY);
    ck_assert_int_eq(gm_do(p, &gm), OFPERR_OFPGMFC_INVALID_GROUP);
    gm_init(&gm, OFPGC_DELETE, 0, OFPG_ALL);
    ck_assert_int_eq(gm_do(p, &gm), 0);
    struct ofp_group_desc *gd;
    size_t n;
    dp_pipeline_group_desc(p, &gd, &n);
    ck_assert_uint_eq(n, 0);
    free(gd);
    dp_pipeline_destroy(p);
}
END_TEST

START_TEST(test_group_delete_removes_flows)
{
    struct dp_pipeline *p = tp_create(_i);
    struct ofp_group_mod gm;
    struct dp_event ev;
    struct tspec s = tspec_tcp(1, 2, 3, 4);

    ck_assert_int_eq(add_simple(p, 1, OFPGT_ALL, 4), 0);
    ck_assert_int_eq(add_simple(p, 2, OFPGT_ALL, 4), 0);
    flow_to_group(p, 1, 1, false, OFPFF_SEND_FLOW_REM);
    flow_to_group(p, 2, 1, true, OFPFF_SEND_FLOW_REM);
    flow_to_group(p, 3, 2, true, OFPFF_SEND_FLOW_REM);
    tp_flow_out(p, 0, 10, 4, 2);
    tp_send(p, &s, 1, 0);
    ck_assert_uint_eq(tp_drain(p, 4), 1);

    struct ofp_group_stats *gs;
    size_t n;
    dp_pipeline_group_stats(p, 1, 0, &gs, &n);
    ck_assert_uint_eq(gs[0].ref_count, 2);
    free(gs[0].buckets);
    free(gs);

    gm_init(&gm, OFPGC_DELETE, 0, 1);
    ck_assert_int_eq(gm_do(p, &gm), 0);
    ck_assert_uint_eq(dp_pipeline_flow_count(p, 0), 2);
    for (int i = 0; i < 2; i++) {
        ck_assert(dp_pipeline_event_pop(p, &ev));
        ck_assert_int_eq(ev.type, DP_EVENT_FLOW_REMOVED);
        ck_assert_uint_eq(ev.u.flow_removed.reason, OFPRR_GROUP_DELETE);
        dp_event_uninit(&ev);
    }
    ck_assert(!dp_pipeline_event_pop(p, &ev));
    tp_send(p, &s, 1, 0);
    ck_assert_uint_eq(tp_drain(p, 4), 0);

    /* OFPG_ALL: every group and every flow that used one. */
    gm_init(&gm, OFPGC_DELETE, 0, OFPG_ALL);
    ck_assert_int_eq(gm_do(p, &gm), 0);
    ck_assert_uint_eq(dp_pipeline_flow_count(p, 0), 1);
    ck_assert_uint_eq(dp_pipeline_n_events(p), 1);
    tp_drain_events(p);
    dp_pipeline_destroy(p);
}
END_TEST

START_TEST(test_group_features_and_desc)
{
    struct dp_pipeline *p = tp_create(false);
    struct ofp_group_features gf;
    struct ofp_group_desc *gd;
    size_t n;

    dp_pipeline_group_features(p, &gf);
    ck_assert_uint_eq(gf.types, 0xf);
    ck_assert_uint_eq(gf.capabilities,
                      OFPGFC_SELECT_WEIGHT | OFPGFC_SELECT_LIVENESS |
                          OFPGFC_CHAINING | OFPGFC_CHAINING_CHECKS);
    for (int i = 0; i < 4; i++) {
        ck_assert_uint_eq(gf.max_groups[i], 65536);
        ck_assert_uint_eq(gf.actions[i], 0x0fff9801u);
    }

    ck_assert_int_eq(add_simple(p, 20, OFPGT_SELECT, 3), 0);
    ck_assert_int_eq(add_simple(p, 10, OFPGT_FF, 2), 0);
    dp_pipeline_group_desc(p, &gd, &n);
    ck_assert_uint_eq(n, 2);
    ck_assert_uint_eq(gd[0].group_id, 10);
    ck_assert_uint_eq(gd[0].type, OFPGT_FF);
    ck_assert_uint_eq(gd[0].buckets.n, 1);
    ck_assert_uint_eq(gd[0].buckets.b[0].watch_port, 2);
    ck_assert_uint_eq(gd[1].group_id, 20);
    ck_assert_uint_eq(gd[1].buckets.b[0].weight, 1);
    ck_assert_uint_eq(gd[1].buckets.b[0].actions.a[0].u.output.port, 3);
    for (size_t i = 0; i < n; i++) {
        ofp_buckets_uninit(&gd[i].buckets);
    }
    free(gd);

    struct ofp_group_stats *gs;
    dp_pipeline_group_stats(p, 99, 0, &gs, &n);
    ck_assert_uint_eq(n, 0);
    free(gs);
    dp_pipeline_destroy(p);
}
END_TEST

static Suite *
group_suite(void)
{
    Suite *s = suite_create("dp-group");
    TCase *tc = tcase_create("groups");
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, test_group_all, 0, 2);
    tcase_add_loop_test(tc, test_group_select, 0, 2);
    tcase_add_loop_test(tc, test_group_indirect, 0, 2);
    tcase_add_loop_test(tc, test_group_fast_failover, 0, 2);
    tcase_add_loop_test(tc, test_group_chaining_and_loops, 0, 2);
    tcase_add_test(tc, test_group_errors);
    tcase_add_loop_test(tc, test_group_delete_removes_flows, 0, 2);
    tcase_add_test(tc, test_group_features_and_desc);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    SRunner *sr = srunner_create(group_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
