/* tests/unit/test-dp-pipeline.c -- the pipeline through in-memory ports:
 * instructions and their order, the action set, reserved output ports,
 * packet-ins and buffers, PACKET_OUT, FLOW_MOD semantics (replace, overlap,
 * modify, delete and their filters) and every FLOW_MOD error, timeouts on a
 * simulated clock, counters and stats, and the exact-match cache (counters
 * exact, invalidation, paths that must not be cached).  Most tests run
 * twice: without the cache (_i == 0) and with it (_i == 1), sending each
 * frame several times so that the cached path is exercised. */
#include <config.h>

#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "test-dp-helpers.h"

static const uint8_t MAC_A[6] = { 0x02, 0, 0, 0, 0, 0xaa };
static const uint8_t MAC_B[6] = { 0x02, 0, 0, 0, 0, 0xbb };

static uint64_t
mac_u64(const uint8_t m[6])
{
    uint64_t v = 0;
    for (int i = 0; i < 6; i++) {
        v = v << 8 | m[i];
    }
    return v;
}

/* Pops one frame from 'port' and checks its destination MAC. */
static struct dp_packet *
pop_expect_dst(struct dp_pipeline *p, uint32_t port, const uint8_t dst[6])
{
    struct dp_packet *pkt = dp_pipeline_port_pop_frame(p, port);
    ck_assert_ptr_nonnull(pkt);
    ck_assert_mem_eq(dp_packet_data(pkt), dst, 6);
    return pkt;
}

static void
add_ok(struct dp_pipeline *p, struct ofp_flow_mod *fm)
{
    ck_assert_int_eq(dp_pipeline_flow_mod(p, fm, 0), 0);
    fm_uninit(fm);
}

static void
stats_request(struct ofp_flow_stats_request *req, uint8_t table_id)
{
    memset(req, 0, sizeof *req);
    ofp_match_init(&req->match);
    req->table_id = table_id;
    req->out_port = OFPP_ANY;
    req->out_group = OFPG_ANY;
}

/* --- Forwarding basics. ------------------------------------------------ */

START_TEST(test_output_and_counters)
{
    struct dp_pipeline *p = tp_create(_i);
    struct tspec s = tspec_tcp(0x0a000001, 0x0a000002, 1000, 80);
    uint8_t want[2048];
    size_t want_len = tframe_build(want, &s);

    tp_flow_out(p, 0, 10, 1, 2);
    for (int i = 0; i < 3; i++) {
        tp_send(p, &s, 1, SEC(1));
    }
    ck_assert_uint_eq(dp_pipeline_port_n_frames(p, 2), 3);
    ck_assert_uint_eq(dp_pipeline_port_n_frames(p, 3), 0);
    struct dp_packet *pkt = dp_pipeline_port_pop_frame(p, 2);
    ck_assert_uint_eq(pkt->size, want_len);
    ck_assert_mem_eq(dp_packet_data(pkt), want, want_len);
    dp_packet_destroy(pkt);

    /* No flow for port 3, no table-miss flow: dropped (OF1.3). */
    tp_send(p, &s, 3, SEC(1));
    ck_assert_uint_eq(tp_drain(p, 2) + tp_drain(p, 1) + tp_drain(p, 4), 2);

    uint64_t packets, bytes;
    tp_flow_counts(p, 0, &packets, &bytes);
    ck_assert_uint_eq(packets, 3);
    ck_assert_uint_eq(bytes, 3 * want_len);

    struct ofp_table_stats *ts;
    size_t n;
    dp_pipeline_table_stats(p, &ts, &n);
    ck_assert_uint_eq(n, 8);
    ck_assert_uint_eq(ts[0].active_count, 1);
    ck_assert_uint_eq(ts[0].lookup_count, 4);
    ck_assert_uint_eq(ts[0].matched_count, 3);
    ck_assert_uint_eq(ts[1].lookup_count, 0);
    free(ts);

    struct ofp_port_stats ps;
    ck_assert(dp_pipeline_port_get_stats(p, 2, 0, &ps));
    ck_assert_uint_eq(ps.tx_packets, 3);
    ck_assert(dp_pipeline_port_get_stats(p, 1, 0, &ps));
    ck_assert_uint_eq(ps.rx_packets, 3);

    struct dp_pipeline_stats st;
    dp_pipeline_get_stats(p, &st);
    if (_i) {
        ck_assert_uint_eq(st.cache_hits, 2);
    } else {
        ck_assert_uint_eq(st.cache_hits, 0);
    }
    dp_pipeline_destroy(p);
}
END_TEST

START_TEST(test_priority_and_table_miss_flow)
{
    struct dp_pipeline *p = tp_create(_i);
    struct ofp_flow_mod fm;
    struct tspec tcp = tspec_tcp(1, 2, 3, 4);
    struct tspec arp = tcp;
    arp.eth_type = 0x0806;

    tp_flow_out(p, 0, 10, 1, 2);
    fm_init(&fm, 0, 20);
    ofp_match_set_u32(&fm.match, OXM_IN_PORT, 1);
    ofp_match_set_u16(&fm.match, OXM_ETH_TYPE, 0x0800);
    ofp_match_set_u8(&fm.match, OXM_IP_PROTO, 6);
    act_output(fm_apply(&fm), 3, 0);
    add_ok(p, &fm);

    for (int i = 0; i < 2; i++) {
        tp_send(p, &tcp, 1, 0);
        tp_send(p, &arp, 1, 0);
    }
    ck_assert_uint_eq(tp_drain(p, 3), 2);
    ck_assert_uint_eq(tp_drain(p, 2), 2);

    /* A table-miss flow (priority 0, empty match) catches the rest. */
    tp_flow_out(p, 0, 0, 0, 4);
    tp_send(p, &tcp, 2, 0);
    tp_send(p, &tcp, 2, 0);
    ck_assert_uint_eq(tp_drain(p, 4), 2);
    tp_send(p, &tcp, 1, 0);
    ck_assert_uint_eq(tp_drain(p, 3), 1);
    dp_pipeline_destroy(p);
}
END_TEST

/* --- Instructions and the action set. ---------------------------------- */

/* Apply-actions run in list order; an output before a rewrite sends the
 * frame as it was (copy on write of the queued frame). */
START_TEST(test_apply_list_order)
{
    struct dp_pipeline *p = tp_create(_i);
    struct ofp_flow_mod fm;
    struct tspec s = tspec_tcp(1, 2, 3, 4);

    fm_init(&fm, 0, 1);
    struct ofp_actions *a = fm_apply(&fm);
    act_output(a, 2, 0);
    act_set(a, OXM_ETH_DST, mac_u64(MAC_A));
    act_output(a, 3, 0);
    act_set(a, OXM_ETH_DST, mac_u64(MAC_B));
    act_output(a, 4, 0);
    add_ok(p, &fm);

    for (int i = 0; i < 3; i++) {
        tp_send(p, &s, 1, 0);
        dp_packet_destroy(pop_expect_dst(p, 2, s.dst));
        dp_packet_destroy(pop_expect_dst(p, 3, MAC_A));
        dp_packet_destroy(pop_expect_dst(p, 4, MAC_B));
    }
    dp_pipeline_destroy(p);
}
END_TEST

/* Reference §1.5: the action set runs push-VLAN before set-field before
 * output, whatever order write-actions listed them in. */
START_TEST(test_action_set_order)
{
    struct dp_pipeline *p = tp_create(_i);
    struct ofp_flow_mod fm;
    struct tspec s = tspec_tcp(1, 2, 3, 4);

    fm_init(&fm, 0, 1);
    struct ofp_actions *w = fm_write(&fm);
    act_output(w, 2, 0);
    act_set(w, OXM_VLAN_VID, OFPVID_PRESENT | 5);
    act_set(w, OXM_ETH_SRC, mac_u64(MAC_B));
    act_ethertype(w, OFPAT_PUSH_VLAN, 0x8100);
    add_ok(p, &fm);

    for (int i = 0; i < 2; i++) {
        tp_send(p, &s, 1, 0);
        struct dp_packet *pkt = dp_pipeline_port_pop_frame(p, 2);
        ck_assert_ptr_nonnull(pkt);
        const uint8_t *d = dp_packet_data(pkt);
        ck_assert_uint_eq(pkt->size, 68);
        ck_assert_mem_eq(d + 6, MAC_B, 6);
        ck_assert_uint_eq(t_get16(d + 12), 0x8100);
        ck_assert_uint_eq(t_get16(d + 14) & 0xfff, 5);
        ck_assert_uint_eq(t_get16(d + 16), 0x0800);
        dp_packet_destroy(pkt);
    }
    dp_pipeline_destroy(p);
}
END_TEST

/* Write-actions of a later table replace the same action type; a GROUP in
 * the set suppresses OUTPUT. */
START_TEST(test_action_set_replace_and_group)
{
    struct dp_pipeline *p = tp_create(_i);
    struct ofp_flow_mod fm;
    struct ofp_group_mod gm;
    struct tspec s = tspec_tcp(1, 2, 3, 4);

    fm_init(&fm, 0, 1);
    struct ofp_actions *w = fm_write(&fm);
    act_set(w, OXM_ETH_DST, mac_u64(MAC_A));
    act_output(w, 2, 0);
    fm_goto(&fm, 1);
    add_ok(p, &fm);
    fm_init(&fm, 1, 1);
    act_set(fm_write(&fm), OXM_ETH_DST, mac_u64(MAC_B));
    add_ok(p, &fm);
    for (int i = 0; i < 2; i++) {
        tp_send(p, &s, 1, 0);
        dp_packet_destroy(pop_expect_dst(p, 2, MAC_B));
    }

    memset(&gm, 0, sizeof gm);
    gm.command = OFPGC_ADD;
    gm.type = OFPGT_ALL;
    gm.group_id = 7;
    ofp_buckets_init(&gm.buckets);
    gm.buckets.n = 1;
    gm.buckets.b = calloc(1, sizeof *gm.buckets.b);
    gm.buckets.b[0].watch_port = OFPP_ANY;
    gm.buckets.b[0].watch_group = OFPG_ANY;
    act_output(&gm.buckets.b[0].actions, 4, 0);
    ck_assert_int_eq(dp_pipeline_group_mod(p, &gm, 0), 0);
    ofp_buckets_uninit(&gm.buckets);

    fm_init(&fm, 1, 1);
    act_group(fm_write(&fm), 7);
    add_ok(p, &fm); /* Replaces the table 1 flow. */
    for (int i = 0; i < 2; i++) {
        tp_send(p, &s, 1, 0);
        ck_assert_uint_eq(dp_pipeline_port_n_frames(p, 2), 0);
        dp_packet_destroy(pop_expect_dst(p, 4, MAC_A));
    }
    dp_pipeline_destroy(p);
}
END_TEST

/* Clear-actions empties the set; write-metadata feeds later matches. */
START_TEST(test_clear_goto_metadata)
{
    struct dp_pipeline *p = tp_create(_i);
    struct ofp_flow_mod fm;
    struct tspec s = tspec_tcp(1, 2, 3, 4);

    fm_init(&fm, 0, 1);
    act_output(fm_write(&fm), 3, 0);
    fm_metadata(&fm, 0xab00, 0xff00);
    fm_goto(&fm, 2);
    add_ok(p, &fm);

    /* Table 2: metadata 0xab00/0xff00 from port 1 clears and sends to 4;
     * from port 2 only goes on with the set (output 3). */
    fm_init(&fm, 2, 5);
    ofp_match_set_masked_u64(&fm.match, OXM_METADATA, 0xab00, 0xff00);
    ofp_match_set_u32(&fm.match, OXM_IN_PORT, 1);
    fm_clear(&fm);
    act_output(fm_write(&fm), 4, 0);
    add_ok(p, &fm);
    fm_init(&fm, 2, 4);
    ofp_match_set_masked_u64(&fm.match, OXM_METADATA, 0xab00, 0xffff);
    add_ok(p, &fm);
    fm_init(&fm, 2, 6);
    ofp_match_set_masked_u64(&fm.match, OXM_METADATA, 0xac00, 0xff00);
    act_output(fm_apply(&fm), 1, 0);
    add_ok(p, &fm);

    for (int i = 0; i < 2; i++) {
        tp_send(p, &s, 1, 0);
        ck_assert_uint_eq(tp_drain(p, 4), 1);
        ck_assert_uint_eq(tp_drain(p, 3), 0);
        tp_send(p, &s, 2, 0);
        ck_assert_uint_eq(tp_drain(p, 3), 1);
        ck_assert_uint_eq(tp_drain(p, 4), 0);
        ck_assert_uint_eq(tp_drain(p, 1), 0);
    }
    dp_pipeline_destroy(p);
}
END_TEST

START_TEST(test_miss_policy_continue)
{
    struct dp_pipeline *p = tp_create(_i);
    struct tspec s = tspec_tcp(1, 2, 3, 4);

    ck_assert_int_eq(dp_pipeline_set_table_miss(p, 0, DP_TABLE_MISS_CONTINUE),
                     0);
    ck_assert_int_eq(dp_pipeline_get_table_miss(p, 0), DP_TABLE_MISS_CONTINUE);
    ck_assert_int_eq(dp_pipeline_get_table_miss(p, 1), DP_TABLE_MISS_DROP);
    ck_assert_int_eq(dp_pipeline_set_table_miss(p, 9, DP_TABLE_MISS_DROP),
                     OFPERR_OFPTMFC_BAD_TABLE);
    tp_flow_out(p, 1, 1, 0, 2);
    for (int i = 0; i < 2; i++) {
        tp_send(p, &s, 1, 0);
    }
    ck_assert_uint_eq(tp_drain(p, 2), 2);
    /* No flow is visible for the policy. */
    ck_assert_uint_eq(dp_pipeline_flow_count(p, 0), 0);
    dp_pipeline_destroy(p);
}
END_TEST

/* The translator's model-only actions (ofp13/actions.h). */
START_TEST(test_internal_actions)
{
    struct dp_pipeline *p = tp_create(_i);
    struct ofp_flow_mod fm;
    struct ofp_action a;
    struct tspec udp = tspec_tcp(1, 2, 3, 4);
    udp.proto = 17;
    struct tspec tagged = udp;
    tagged.vlan = true;
    tagged.tci = 5;
    struct tspec arp = udp;
    arp.eth_type = 0x0806;

    fm_init(&fm, 0, 1);
    struct ofp_actions *acts = fm_apply(&fm);
    memset(&a, 0, sizeof a);
    a.type = OFPAT_X_SET_VLAN_OR_PUSH;
    a.u.set_field.field = OXM_VLAN_VID;
    a.u.set_field.value.b[0] = 0x10;
    a.u.set_field.value.b[1] = 0x07;
    ofp_actions_push(acts, &a);
    memset(&a, 0, sizeof a);
    a.type = OFPAT_X_SET_L4_DST;
    a.u.set_field.field = OXM_TCP_DST;
    a.u.set_field.value.b[0] = 0x12;
    a.u.set_field.value.b[1] = 0x34;
    ofp_actions_push(acts, &a);
    act_output(acts, 2, 0);
    add_ok(p, &fm);

    for (int i = 0; i < 2; i++) {
        /* Untagged: a tag is pushed, then its VID set. */
        tp_send(p, &udp, 1, 0);
        struct dp_packet *pkt = dp_pipeline_port_pop_frame(p, 2);
        const uint8_t *d = dp_packet_data(pkt);
        ck_assert_uint_eq(pkt->size, 68);
        ck_assert_uint_eq(t_get16(d + 12), 0x8100);
        ck_assert_uint_eq(t_get16(d + 14), 7);
        ck_assert_uint_eq(t_get16(d + 18 + 20 + 2), 0x1234);
        dp_packet_destroy(pkt);
        /* Tagged: the VID changes, no second tag. */
        tp_send(p, &tagged, 1, 0);
        pkt = dp_pipeline_port_pop_frame(p, 2);
        d = dp_packet_data(pkt);
        ck_assert_uint_eq(pkt->size, 64);
        ck_assert_uint_eq(t_get16(d + 14) & 0xfff, 7);
        ck_assert_uint_eq(t_get16(d + 16), 0x0800);
        dp_packet_destroy(pkt);
        /* Not TCP/UDP/SCTP: the L4 rewrite is a no-op. */
        tp_send(p, &arp, 1, 0);
        pkt = dp_pipeline_port_pop_frame(p, 2);
        ck_assert_uint_eq(pkt->size, 68);
        ck_assert_uint_eq(t_get16(dp_packet_data(pkt) + 16), 0x0806);
        dp_packet_destroy(pkt);
    }
    dp_pipeline_destroy(p);
}
END_TEST

/* --- Reserved ports. --------------------------------------------------- */

static size_t
normal_to_3(void *aux, const struct dp_packet *pkt, const struct dp_key *key,
            uint32_t in_port, uint32_t *ports, size_t max)
{
    int *calls = aux;
    (void)pkt;
    (void)key;
    (*calls)++;
    ck_assert_uint_eq(in_port, 1);
    ck_assert_uint_ge(max, 1);
    ports[0] = 3;
    return 1;
}

START_TEST(test_reserved_ports)
{
    struct dp_pipeline *p = tp_create(_i);
    struct tspec s = tspec_tcp(1, 2, 3, 4);
    int calls = 0;

    ck_assert_int_eq(dp_pipeline_port_add_memory(p, OFPP_LOCAL, 0, 0), 0);
    ck_assert_int_eq(dp_pipeline_port_add_memory(p, OFPP_LOCAL, 0, 0), EEXIST);
    ck_assert_int_eq(dp_pipeline_port_add_memory(p, 0, 0, 0), EINVAL);

    /* IN_PORT sends back; the ingress port by number does not. */
    tp_flow_out(p, 0, 1, 1, OFPP_IN_PORT);
    tp_send(p, &s, 1, 0);
    tp_send(p, &s, 1, 0);
    ck_assert_uint_eq(tp_drain(p, 1), 2);
    tp_flow_out(p, 0, 1, 1, 1);
    tp_send(p, &s, 1, 0);
    ck_assert_uint_eq(tp_drain(p, 1), 0);

    /* ALL: every standard port but the ingress one (not LOCAL). */
    tp_flow_out(p, 0, 1, 1, OFPP_ALL);
    tp_send(p, &s, 1, 0);
    ck_assert_uint_eq(tp_drain(p, 1), 0);
    ck_assert_uint_eq(tp_drain(p, 2) + tp_drain(p, 3) + tp_drain(p, 4), 3);
    ck_assert_uint_eq(tp_drain(p, OFPP_LOCAL), 0);

    /* NO_FWD and LINK_DOWN ports get nothing; FLOOD skips BLOCKED ports,
     * ALL does not. */
    ck_assert_int_eq(dp_pipeline_port_set_config(p, 2, OFPPC_NO_FWD), 0);
    ck_assert_int_eq(dp_pipeline_port_set_state(p, 3, OFPPS_BLOCKED), 0);
    tp_send(p, &s, 1, 0);
    ck_assert_uint_eq(tp_drain(p, 2), 0);
    ck_assert_uint_eq(tp_drain(p, 3), 1);
    ck_assert_uint_eq(tp_drain(p, 4), 1);
    tp_flow_out(p, 0, 1, 1, OFPP_FLOOD);
    tp_send(p, &s, 1, 0);
    tp_send(p, &s, 1, 0);
    ck_assert_uint_eq(tp_drain(p, 2) + tp_drain(p, 3), 0);
    ck_assert_uint_eq(tp_drain(p, 4), 2);
    ck_assert_int_eq(dp_pipeline_port_set_state(p, 4, OFPPS_LINK_DOWN), 0);
    tp_send(p, &s, 1, 0);
    ck_assert_uint_eq(tp_drain(p, 4), 0);
    struct ofp_port_stats ps;
    ck_assert(dp_pipeline_port_get_stats(p, 4, 0, &ps));
    ck_assert_uint_eq(ps.tx_dropped, 1);
    ck_assert_int_eq(dp_pipeline_port_set_config(p, 9, 0), ENOENT);

    /* LOCAL. */
    tp_flow_out(p, 0, 1, 1, OFPP_LOCAL);
    tp_send(p, &s, 1, 0);
    ck_assert_uint_eq(tp_drain(p, OFPP_LOCAL), 1);

    /* NORMAL asks the hook; without a hook it drops. */
    tp_flow_out(p, 0, 1, 1, OFPP_NORMAL);
    tp_send(p, &s, 1, 0);
    ck_assert_uint_eq(tp_drain(p, 3), 0);
    dp_pipeline_set_normal_hook(p, normal_to_3, &calls);
    tp_send(p, &s, 1, 0);
    tp_send(p, &s, 1, 0);
    ck_assert_uint_eq(tp_drain(p, 3), 2);
    ck_assert_int_eq(calls, 2);

    /* A port with NO_RECV drops what it receives. */
    ck_assert_int_eq(dp_pipeline_port_set_config(p, 1, OFPPC_NO_RECV), 0);
    tp_send(p, &s, 1, 0);
    ck_assert_uint_eq(tp_drain(p, 3), 0);
    ck_assert(dp_pipeline_port_get_stats(p, 1, 0, &ps));
    ck_assert_uint_eq(ps.rx_dropped, 1);
    ck_assert_int_eq(dp_pipeline_port_remove(p, 1), 0);
    ck_assert_int_eq(dp_pipeline_port_remove(p, 1), ENOENT);
    ck_assert(!dp_pipeline_port_get(p, 1, NULL, NULL));
    dp_pipeline_destroy(p);
}
END_TEST

/* Standalone fail mode (the daemon's): misses and what would go to the
 * controller go to OFPP_NORMAL; installed flows still match first. */
START_TEST(test_standalone_normal)
{
    struct dp_pipeline *p = tp_create(_i);
    struct tspec s = tspec_tcp(1, 2, 3, 4);
    int calls = 0;

    dp_pipeline_set_normal_hook(p, normal_to_3, &calls);
    ck_assert_int_eq(dp_pipeline_set_table_miss(p, 0, DP_TABLE_MISS_NORMAL),
                     0);
    tp_send(p, &s, 1, 0);
    tp_send(p, &s, 1, 0);
    ck_assert_uint_eq(tp_drain(p, 3), 2);
    ck_assert_int_eq(calls, 2);

    tp_flow_out(p, 0, 5, 1, OFPP_CONTROLLER);
    dp_pipeline_set_controller_to_normal(p, true);
    tp_send(p, &s, 1, 0);
    tp_send(p, &s, 1, 0);
    ck_assert_uint_eq(tp_drain(p, 3), 2);
    ck_assert_uint_eq(dp_pipeline_n_events(p), 0);
    dp_pipeline_set_controller_to_normal(p, false);
    tp_send(p, &s, 1, 0);
    ck_assert_uint_eq(tp_drain(p, 3), 0);
    ck_assert_uint_eq(dp_pipeline_n_events(p), 1);
    tp_drain_events(p);
    dp_pipeline_destroy(p);
}
END_TEST

/* --- Packet-in and buffers. -------------------------------------------- */

static void
pop_packet_in(struct dp_pipeline *p, struct dp_event *ev)
{
    ck_assert(dp_pipeline_event_pop(p, ev));
    ck_assert_int_eq(ev->type, DP_EVENT_PACKET_IN);
}

START_TEST(test_packet_in_action)
{
    struct dp_pipeline *p = tp_create(_i);
    struct ofp_flow_mod fm;
    struct dp_event ev;
    struct tspec s = tspec_tcp(1, 2, 3, 4);

    /* The packet-in carries the frame as modified so far (reference
     * §1.15), cut to max_len because it is buffered. */
    fm_init(&fm, 0, 10);
    fm.cookie = 0xc0c0;
    ofp_match_set_u32(&fm.match, OXM_IN_PORT, 1);
    struct ofp_actions *a = fm_apply(&fm);
    act_ethertype(a, OFPAT_PUSH_VLAN, 0x8100);
    act_set(a, OXM_VLAN_VID, OFPVID_PRESENT | 7);
    act_output(a, OFPP_CONTROLLER, 32);
    add_ok(p, &fm);

    for (int i = 0; i < 2; i++) {
        tp_send(p, &s, 1, 0);
        pop_packet_in(p, &ev);
        struct ofp_packet_in *pin = &ev.u.packet_in;
        ck_assert_uint_eq(pin->reason, OFPR_ACTION);
        ck_assert_uint_eq(pin->table_id, 0);
        ck_assert(pin->cookie == 0xc0c0);
        ck_assert_uint_ne(pin->buffer_id, OFP_NO_BUFFER);
        ck_assert_uint_eq(pin->total_len, 68);
        ck_assert_uint_eq(pin->data.len, 32);
        ck_assert_uint_eq(t_get16(pin->data.data + 12), 0x8100);
        ck_assert_uint_eq(t_get16(pin->data.data + 14) & 0xfff, 7);
        ck_assert(ofp_match_has(&pin->match, OXM_IN_PORT));
        ck_assert_uint_eq(ofp_match_get_uint(&pin->match, OXM_IN_PORT), 1);
        ck_assert(!ofp_match_has(&pin->match, OXM_METADATA));
        dp_event_uninit(&ev);
    }
    ck_assert(!dp_pipeline_event_pop(p, &ev));

    /* OFPCML_NO_BUFFER: the whole frame, no buffer. */
    fm_init(&fm, 0, 10);
    ofp_match_set_u32(&fm.match, OXM_IN_PORT, 2);
    fm_metadata(&fm, 0x55, ~0ULL);
    fm_goto(&fm, 1);
    add_ok(p, &fm);
    fm_init(&fm, 1, 10);
    fm.cookie = 9;
    act_output(fm_apply(&fm), OFPP_CONTROLLER, OFPCML_NO_BUFFER);
    add_ok(p, &fm);
    tp_send(p, &s, 2, 0);
    pop_packet_in(p, &ev);
    ck_assert_uint_eq(ev.u.packet_in.buffer_id, OFP_NO_BUFFER);
    ck_assert_uint_eq(ev.u.packet_in.data.len, 64);
    ck_assert_uint_eq(ev.u.packet_in.table_id, 1);
    ck_assert(ev.u.packet_in.cookie == 9);
    /* Pipeline fields: METADATA when non-zero. */
    ck_assert(ofp_match_has(&ev.u.packet_in.match, OXM_METADATA));
    ck_assert(ofp_match_get_uint(&ev.u.packet_in.match, OXM_METADATA) == 0x55);
    dp_event_uninit(&ev);

    /* NO_PACKET_IN on the ingress port suppresses them. */
    ck_assert_int_eq(dp_pipeline_port_set_config(p, 2, OFPPC_NO_PACKET_IN), 0);
    tp_send(p, &s, 2, 0);
    ck_assert_uint_eq(dp_pipeline_n_events(p), 0);
    dp_pipeline_destroy(p);
}
END_TEST

START_TEST(test_packet_in_no_match)
{
    struct dp_pipeline *p = tp_create(_i);
    struct dp_event ev;
    struct tspec s = tspec_tcp(1, 2, 3, 4);
    s.len = 200;

    /* Miss policy CONTROLLER (for the 1.0 translator): NO_MATCH, no
     * cookie, miss_send_len bytes. */
    dp_pipeline_set_table_miss(p, 0, DP_TABLE_MISS_CONTROLLER);
    for (int i = 0; i < 2; i++) {
        tp_send(p, &s, 1, 0);
        pop_packet_in(p, &ev);
        ck_assert_uint_eq(ev.u.packet_in.reason, OFPR_NO_MATCH);
        ck_assert(ev.u.packet_in.cookie == UINT64_MAX);
        ck_assert_uint_eq(ev.u.packet_in.data.len, 128);
        ck_assert_uint_eq(ev.u.packet_in.total_len, 200);
        dp_event_uninit(&ev);
    }
    dp_pipeline_set_miss_send_len(p, 64);
    tp_send(p, &s, 1, 0);
    pop_packet_in(p, &ev);
    ck_assert_uint_eq(ev.u.packet_in.data.len, 64);
    dp_event_uninit(&ev);

    /* A table-miss flow's output to CONTROLLER is NO_MATCH too, with the
     * flow's cookie. */
    dp_pipeline_set_table_miss(p, OFPTT_ALL, DP_TABLE_MISS_DROP);
    struct ofp_flow_mod fm;
    fm_init(&fm, 0, 0);
    fm.cookie = 77;
    act_output(fm_apply(&fm), OFPP_CONTROLLER, OFPCML_NO_BUFFER);
    add_ok(p, &fm);
    for (int i = 0; i < 2; i++) {
        tp_send(p, &s, 1, 0);
        pop_packet_in(p, &ev);
        ck_assert_uint_eq(ev.u.packet_in.reason, OFPR_NO_MATCH);
        ck_assert(ev.u.packet_in.cookie == 77);
        ck_assert_uint_eq(ev.u.packet_in.data.len, 200);
        dp_event_uninit(&ev);
    }
    dp_pipeline_destroy(p);
}
END_TEST

START_TEST(test_packet_in_unbuffered_and_overflow)
{
    struct dp_pipeline_config cfg;
    struct dp_event ev;
    struct tspec s = tspec_tcp(1, 2, 3, 4);

    dp_pipeline_config_init(&cfg);
    cfg.n_tables = 2;
    cfg.n_buffers = 0;
    cfg.max_events = 2;
    struct dp_pipeline *p = tp_create_cfg(&cfg);
    ck_assert_uint_eq(dp_pipeline_n_buffers(p), 0);
    tp_flow_out(p, 0, 1, 0, OFPP_CONTROLLER);
    for (int i = 0; i < 3; i++) {
        tp_send(p, &s, 1, 0);
    }
    ck_assert_uint_eq(dp_pipeline_n_events(p), 2);
    ck_assert_uint_eq(dp_pipeline_n_events_dropped(p), 1);
    pop_packet_in(p, &ev);
    /* Never buffered: the whole frame whatever max_len (0 here). */
    ck_assert_uint_eq(ev.u.packet_in.buffer_id, OFP_NO_BUFFER);
    ck_assert_uint_eq(ev.u.packet_in.data.len, 64);
    dp_event_uninit(&ev);
    dp_pipeline_destroy(p);
}
END_TEST

static uint32_t
get_buffered(struct dp_pipeline *p, const struct tspec *s, uint64_t now)
{
    struct dp_event ev;
    tp_send(p, s, 1, now);
    pop_packet_in(p, &ev);
    uint32_t id = ev.u.packet_in.buffer_id;
    ck_assert_uint_ne(id, OFP_NO_BUFFER);
    dp_event_uninit(&ev);
    return id;
}

static void
po_init(struct ofp_packet_out *po, uint32_t buffer_id, uint32_t in_port)
{
    memset(po, 0, sizeof *po);
    po->buffer_id = buffer_id;
    po->in_port = in_port;
    ofp_actions_init(&po->actions);
}

START_TEST(test_buffers)
{
    struct dp_pipeline *p = tp_create(_i);
    struct ofp_packet_out po;
    struct tspec s = tspec_tcp(1, 2, 3, 4);
    s.len = 300;

    tp_flow_out(p, 0, 10, 1, OFPP_CONTROLLER); /* max_len 0 */
    uint32_t id = get_buffered(p, &s, SEC(1));

    /* PACKET_OUT of the buffer sends the whole frame, once. */
    po_init(&po, id, 1);
    act_output(&po.actions, 3, 0);
    ck_assert_int_eq(dp_pipeline_packet_out(p, &po, SEC(2)), 0);
    struct dp_packet *pkt = dp_pipeline_port_pop_frame(p, 3);
    ck_assert_ptr_nonnull(pkt);
    ck_assert_uint_eq(pkt->size, 300);
    dp_packet_destroy(pkt);
    ck_assert_int_eq(dp_pipeline_packet_out(p, &po, SEC(2)),
                     OFPERR_OFPBRC_BUFFER_EMPTY);
    po.buffer_id = 0x7fff; /* Index beyond the pool. */
    ck_assert_int_eq(dp_pipeline_packet_out(p, &po, SEC(2)),
                     OFPERR_OFPBRC_BUFFER_UNKNOWN);

    /* Buffers expire (5 s by default). */
    id = get_buffered(p, &s, SEC(10));
    dp_pipeline_expire(p, SEC(16));
    po.buffer_id = id;
    ck_assert_int_eq(dp_pipeline_packet_out(p, &po, SEC(16)),
                     OFPERR_OFPBRC_BUFFER_EMPTY);
    ofp_actions_uninit(&po.actions);

    /* FLOW_MOD with a buffer_id: the flow goes in, then the buffered
     * packet goes through the tables. */
    id = get_buffered(p, &s, SEC(20));
    struct ofp_flow_mod fm;
    fm_init(&fm, 0, 20);
    ofp_match_set_u32(&fm.match, OXM_IN_PORT, 1);
    act_output(fm_apply(&fm), 4, 0);
    fm.buffer_id = id;
    ck_assert_int_eq(dp_pipeline_flow_mod(p, &fm, SEC(21)), 0);
    ck_assert_uint_eq(tp_drain(p, 4), 1);
    /* A bad buffer: error, nothing installed. */
    fm.priority = 30;
    fm.buffer_id = id;
    ck_assert_int_eq(dp_pipeline_flow_mod(p, &fm, SEC(21)),
                     OFPERR_OFPBRC_BUFFER_EMPTY);
    fm.buffer_id = 12345 << 16 | 0x7000;
    ck_assert_int_eq(dp_pipeline_flow_mod(p, &fm, SEC(21)),
                     OFPERR_OFPBRC_BUFFER_UNKNOWN);
    ck_assert_uint_eq(dp_pipeline_flow_count(p, 0), 2);
    fm_uninit(&fm);
    dp_pipeline_destroy(p);
}
END_TEST

START_TEST(test_packet_out)
{
    struct dp_pipeline *p = tp_create(_i);
    struct ofp_packet_out po;
    struct tspec s = tspec_tcp(1, 2, 3, 4);
    uint8_t frame[2048];
    size_t n = tframe_build(frame, &s);

    tp_flow_out(p, 0, 1, 1, 3);
    po_init(&po, OFP_NO_BUFFER, 1);
    ofp_bytes_set(&po.data, frame, n);
    act_set(&po.actions, OXM_ETH_DST, mac_u64(MAC_A));
    act_output(&po.actions, 2, 0);
    act_output(&po.actions, OFPP_TABLE, 0);
    act_set(&po.actions, OXM_ETH_DST, mac_u64(MAC_B));
    act_output(&po.actions, 4, 0);
    ck_assert_int_eq(dp_pipeline_packet_out(p, &po, 0), 0);
    dp_packet_destroy(pop_expect_dst(p, 2, MAC_A));
    dp_packet_destroy(pop_expect_dst(p, 3, MAC_A)); /* Via table 0. */
    dp_packet_destroy(pop_expect_dst(p, 4, MAC_B));
    uint64_t packets, bytes;
    tp_flow_counts(p, 0, &packets, &bytes);
    ck_assert_uint_eq(packets, 1);

    /* Packet-in from a packet-out: ACTION, no flow. */
    struct dp_event ev;
    ofp_actions_uninit(&po.actions);
    ofp_actions_init(&po.actions);
    act_output(&po.actions, OFPP_CONTROLLER, OFPCML_NO_BUFFER);
    po.in_port = OFPP_CONTROLLER;
    ck_assert_int_eq(dp_pipeline_packet_out(p, &po, 0), 0);
    pop_packet_in(p, &ev);
    ck_assert_uint_eq(ev.u.packet_in.reason, OFPR_ACTION);
    ck_assert(ev.u.packet_in.cookie == UINT64_MAX);
    ck_assert_uint_eq(ofp_match_get_uint(&ev.u.packet_in.match, OXM_IN_PORT),
                      OFPP_CONTROLLER);
    dp_event_uninit(&ev);

    /* Errors. */
    po.in_port = 0;
    ck_assert_int_eq(dp_pipeline_packet_out(p, &po, 0),
                     OFPERR_OFPBRC_BAD_PORT);
    po.in_port = OFPP_TABLE;
    ck_assert_int_eq(dp_pipeline_packet_out(p, &po, 0),
                     OFPERR_OFPBRC_BAD_PORT);
    po.in_port = 1;
    act_output(&po.actions, 9, 0);
    ck_assert_int_eq(dp_pipeline_packet_out(p, &po, 0),
                     OFPERR_OFPBAC_BAD_OUT_PORT);
    ofp_actions_uninit(&po.actions);
    ofp_actions_init(&po.actions);
    act_group(&po.actions, 5);
    ck_assert_int_eq(dp_pipeline_packet_out(p, &po, 0),
                     OFPERR_OFPBAC_BAD_OUT_GROUP);
    ck_assert_uint_eq(
        tp_drain(p, 1) + tp_drain(p, 2) + tp_drain(p, 3) + tp_drain(p, 4), 0);
    ofp_actions_uninit(&po.actions);
    ofp_bytes_free(&po.data);
    dp_pipeline_destroy(p);
}
END_TEST

/* --- FLOW_MOD errors. -------------------------------------------------- */

/* Installs a flow in table 'table' whose match is 'prep'ared and whose
 * apply actions are 'acts' (moved), returning the error. */
static enum ofperr
try_flow(struct dp_pipeline *p, struct ofp_flow_mod *fm)
{
    enum ofperr err = dp_pipeline_flow_mod(p, fm, 0);
    fm_uninit(fm);
    return err;
}

START_TEST(test_flow_mod_errors)
{
    struct dp_pipeline *p = tp_create(false);
    struct ofp_flow_mod fm;

    fm_init(&fm, OFPTT_ALL, 1);
    ck_assert_int_eq(try_flow(p, &fm), OFPERR_OFPFMFC_BAD_TABLE_ID);
    fm_init(&fm, 8, 1);
    ck_assert_int_eq(try_flow(p, &fm), OFPERR_OFPFMFC_BAD_TABLE_ID);
    fm_init(&fm, 0, 1);
    fm.command = 9;
    ck_assert_int_eq(try_flow(p, &fm), OFPERR_OFPFMFC_BAD_COMMAND);
    fm_init(&fm, 0, 1);
    fm.flags = 0x40;
    ck_assert_int_eq(try_flow(p, &fm), OFPERR_OFPFMFC_BAD_FLAGS);

    /* goto_table: forward only, to an existing table. */
    fm_init(&fm, 3, 1);
    fm_goto(&fm, 3);
    ck_assert_int_eq(try_flow(p, &fm), OFPERR_OFPBIC_BAD_TABLE_ID);
    fm_init(&fm, 3, 1);
    fm_goto(&fm, 2);
    ck_assert_int_eq(try_flow(p, &fm), OFPERR_OFPBIC_BAD_TABLE_ID);
    fm_init(&fm, 3, 1);
    fm_goto(&fm, 8);
    ck_assert_int_eq(try_flow(p, &fm), OFPERR_OFPBIC_BAD_TABLE_ID);
    fm_init(&fm, 3, 1);
    fm_goto(&fm, 7);
    ck_assert_int_eq(try_flow(p, &fm), 0);

    /* An instruction type the model does not know. */
    fm_init(&fm, 0, 1);
    fm.instructions.present |= OFPIT_BIT(9);
    ck_assert_int_eq(try_flow(p, &fm), OFPERR_OFPBIC_UNKNOWN_INST);

    /* Meters and groups must exist. */
    fm_init(&fm, 0, 1);
    fm_meter(&fm, 5);
    ck_assert_int_eq(try_flow(p, &fm), OFPERR_OFPMMFC_UNKNOWN_METER);
    fm_init(&fm, 0, 1);
    act_group(fm_write(&fm), 5);
    ck_assert_int_eq(try_flow(p, &fm), OFPERR_OFPBAC_BAD_OUT_GROUP);
    fm_init(&fm, 0, 1);
    act_group(fm_apply(&fm), OFPG_ALL);
    ck_assert_int_eq(try_flow(p, &fm), OFPERR_OFPBAC_BAD_OUT_GROUP);

    /* Output ports: registered or reserved; TABLE and ANY are not for
     * flows. */
    static const uint32_t bad_ports[] = { 0, 9, OFPP_MAX + 1, OFPP_TABLE,
                                          OFPP_ANY };
    for (size_t i = 0; i < sizeof bad_ports / sizeof *bad_ports; i++) {
        fm_init(&fm, 0, 1);
        act_output(fm_apply(&fm), bad_ports[i], 0);
        ck_assert_int_eq(try_flow(p, &fm), OFPERR_OFPBAC_BAD_OUT_PORT);
    }
    static const uint32_t good_ports[] = { 1,           OFPP_IN_PORT,
                                           OFPP_NORMAL, OFPP_FLOOD,
                                           OFPP_ALL,    OFPP_CONTROLLER,
                                           OFPP_LOCAL };
    for (size_t i = 0; i < sizeof good_ports / sizeof *good_ports; i++) {
        fm_init(&fm, 0, (uint16_t)(100 + i));
        act_output(fm_write(&fm), good_ports[i], 0);
        ck_assert_int_eq(try_flow(p, &fm), 0);
    }

    /* Non-basic match fields cannot be matched. */
    fm_init(&fm, 0, 1);
    fm.match.n_raw = 1;
    fm.match.raw = calloc(1, sizeof *fm.match.raw);
    fm.match.raw[0].header = 0x00010004;
    ck_assert_int_eq(try_flow(p, &fm), OFPERR_OFPBMC_BAD_FIELD);
    /* Missing prerequisite (a model not from the decoder). */
    fm_init(&fm, 0, 1);
    ofp_match_set_u32(&fm.match, OXM_IPV4_SRC, 1);
    ck_assert_int_eq(try_flow(p, &fm), OFPERR_OFPBMC_BAD_PREREQ);

    /* Experimenter actions are not supported. */
    fm_init(&fm, 0, 1);
    act_simple(fm_apply(&fm), OFPAT_EXPERIMENTER);
    ck_assert_int_eq(try_flow(p, &fm), OFPERR_OFPBAC_BAD_EXPERIMENTER);
    /* set_field of a field that is not settable, or VLAN_VID without
     * OFPVID_PRESENT. */
    fm_init(&fm, 0, 1);
    act_set(fm_apply(&fm), OXM_IN_PORT, 3);
    ck_assert_int_eq(try_flow(p, &fm), OFPERR_OFPBAC_BAD_SET_TYPE);
    fm_init(&fm, 0, 1);
    act_set(fm_apply(&fm), OXM_VLAN_VID, 5);
    ck_assert_int_eq(try_flow(p, &fm), OFPERR_OFPBAC_BAD_SET_ARGUMENT);
    ck_assert_uint_eq(dp_pipeline_flow_count(p, 0), 7);
    dp_pipeline_destroy(p);
}
END_TEST

/* set_field prerequisites against the match, as changed by the actions
 * before it (OFPBAC_MATCH_INCONSISTENT). */
START_TEST(test_match_inconsistent)
{
    struct dp_pipeline *p = tp_create(false);
    struct ofp_flow_mod fm;
    struct ofp_actions *a;

    fm_init(&fm, 0, 1);
    act_set(fm_apply(&fm), OXM_IPV4_SRC, 1);
    ck_assert_int_eq(try_flow(p, &fm), OFPERR_OFPBAC_MATCH_INCONSISTENT);
    fm_init(&fm, 0, 1);
    ofp_match_set_u16(&fm.match, OXM_ETH_TYPE, 0x0800);
    act_set(fm_apply(&fm), OXM_IPV4_SRC, 1);
    ck_assert_int_eq(try_flow(p, &fm), 0);
    fm_init(&fm, 0, 2);
    ofp_match_set_u16(&fm.match, OXM_ETH_TYPE, 0x86dd);
    act_set(fm_apply(&fm), OXM_IPV4_SRC, 1);
    ck_assert_int_eq(try_flow(p, &fm), OFPERR_OFPBAC_MATCH_INCONSISTENT);
    /* tcp_dst needs ip_proto 6. */
    fm_init(&fm, 0, 3);
    ofp_match_set_u16(&fm.match, OXM_ETH_TYPE, 0x0800);
    act_set(fm_apply(&fm), OXM_TCP_DST, 80);
    ck_assert_int_eq(try_flow(p, &fm), OFPERR_OFPBAC_MATCH_INCONSISTENT);
    fm_init(&fm, 0, 3);
    ofp_match_set_u16(&fm.match, OXM_ETH_TYPE, 0x0800);
    ofp_match_set_u8(&fm.match, OXM_IP_PROTO, 6);
    act_set(fm_apply(&fm), OXM_TCP_DST, 80);
    ck_assert_int_eq(try_flow(p, &fm), 0);

    /* push_mpls then set mpls_label: fine; the label alone is not. */
    fm_init(&fm, 0, 4);
    ofp_match_set_u16(&fm.match, OXM_ETH_TYPE, 0x0800);
    a = fm_apply(&fm);
    act_set(a, OXM_MPLS_LABEL, 100);
    ck_assert_int_eq(try_flow(p, &fm), OFPERR_OFPBAC_MATCH_INCONSISTENT);
    fm_init(&fm, 0, 4);
    ofp_match_set_u16(&fm.match, OXM_ETH_TYPE, 0x0800);
    a = fm_apply(&fm);
    act_ethertype(a, OFPAT_PUSH_MPLS, 0x8847);
    act_set(a, OXM_MPLS_LABEL, 100);
    ck_assert_int_eq(try_flow(p, &fm), 0);
    /* ... and after push_mpls the IP fields are out of reach. */
    fm_init(&fm, 0, 5);
    ofp_match_set_u16(&fm.match, OXM_ETH_TYPE, 0x0800);
    a = fm_apply(&fm);
    act_ethertype(a, OFPAT_PUSH_MPLS, 0x8847);
    act_set(a, OXM_IPV4_DST, 1);
    ck_assert_int_eq(try_flow(p, &fm), OFPERR_OFPBAC_MATCH_INCONSISTENT);
    /* pop_mpls exposes the payload type it names. */
    fm_init(&fm, 0, 6);
    ofp_match_set_u16(&fm.match, OXM_ETH_TYPE, 0x8847);
    a = fm_apply(&fm);
    act_ethertype(a, OFPAT_POP_MPLS, 0x0800);
    act_set(a, OXM_IP_DSCP, 10);
    ck_assert_int_eq(try_flow(p, &fm), 0);

    /* vlan_pcp needs a tag: from the match, or pushed; in write-actions
     * the push runs first whatever the list order. */
    fm_init(&fm, 0, 7);
    act_set(fm_apply(&fm), OXM_VLAN_PCP, 3);
    ck_assert_int_eq(try_flow(p, &fm), OFPERR_OFPBAC_MATCH_INCONSISTENT);
    fm_init(&fm, 0, 7);
    ofp_match_set_masked_u16(&fm.match, OXM_VLAN_VID, OFPVID_PRESENT,
                             OFPVID_PRESENT);
    act_set(fm_apply(&fm), OXM_VLAN_PCP, 3);
    ck_assert_int_eq(try_flow(p, &fm), 0);
    fm_init(&fm, 0, 8);
    a = fm_write(&fm);
    act_set(a, OXM_VLAN_PCP, 3);
    act_ethertype(a, OFPAT_PUSH_VLAN, 0x8100);
    ck_assert_int_eq(try_flow(p, &fm), 0);
    fm_init(&fm, 0, 9);
    ofp_match_set_u16(&fm.match, OXM_VLAN_VID, OFPVID_NONE);
    act_set(fm_apply(&fm), OXM_VLAN_PCP, 3);
    ck_assert_int_eq(try_flow(p, &fm), OFPERR_OFPBAC_MATCH_INCONSISTENT);

    /* ND target needs ICMPv6 type 135 or 136. */
    fm_init(&fm, 0, 10);
    ofp_match_set_u16(&fm.match, OXM_ETH_TYPE, 0x86dd);
    ofp_match_set_u8(&fm.match, OXM_IP_PROTO, 58);
    act_set(fm_apply(&fm), OXM_IPV6_ND_SLL, 1);
    ck_assert_int_eq(try_flow(p, &fm), OFPERR_OFPBAC_MATCH_INCONSISTENT);
    fm_init(&fm, 0, 10);
    ofp_match_set_u16(&fm.match, OXM_ETH_TYPE, 0x86dd);
    ofp_match_set_u8(&fm.match, OXM_IP_PROTO, 58);
    ofp_match_set_u8(&fm.match, OXM_ICMPV6_TYPE, 135);
    act_set(fm_apply(&fm), OXM_IPV6_ND_SLL, 1);
    ck_assert_int_eq(try_flow(p, &fm), 0);
    dp_pipeline_destroy(p);
}
END_TEST

/* --- ADD, MODIFY, DELETE semantics. ------------------------------------ */

START_TEST(test_add_replace_and_overlap)
{
    struct dp_pipeline *p = tp_create(_i);
    struct ofp_flow_mod fm;
    struct tspec s = tspec_tcp(0x0a000001, 2, 3, 4);
    uint64_t packets, bytes;

    fm_init(&fm, 0, 10);
    fm.flags = OFPFF_SEND_FLOW_REM;
    ofp_match_set_u16(&fm.match, OXM_ETH_TYPE, 0x0800);
    ofp_match_set_masked_u32(&fm.match, OXM_IPV4_SRC, 0x0a000000, 0xff000000);
    act_output(fm_apply(&fm), 2, 0);
    add_ok(p, &fm);
    tp_send(p, &s, 1, 0);
    tp_send(p, &s, 1, 0);
    ck_assert_uint_eq(tp_drain(p, 2), 2);

    /* Same match and priority: replaced, counters kept, no
     * FLOW_REMOVED. */
    fm_init(&fm, 0, 10);
    ofp_match_set_u16(&fm.match, OXM_ETH_TYPE, 0x0800);
    ofp_match_set_masked_u32(&fm.match, OXM_IPV4_SRC, 0x0a000000, 0xff000000);
    act_output(fm_apply(&fm), 3, 0);
    add_ok(p, &fm);
    ck_assert_uint_eq(dp_pipeline_flow_count(p, 0), 1);
    ck_assert_uint_eq(dp_pipeline_n_events(p), 0);
    tp_flow_counts(p, 0, &packets, &bytes);
    ck_assert_uint_eq(packets, 2);
    tp_send(p, &s, 1, 0);
    ck_assert_uint_eq(tp_drain(p, 3), 1);
    ck_assert_uint_eq(tp_drain(p, 2), 0);

    /* RESET_COUNTS. */
    fm_init(&fm, 0, 10);
    fm.flags = OFPFF_RESET_COUNTS;
    ofp_match_set_u16(&fm.match, OXM_ETH_TYPE, 0x0800);
    ofp_match_set_masked_u32(&fm.match, OXM_IPV4_SRC, 0x0a000000, 0xff000000);
    act_output(fm_apply(&fm), 3, 0);
    add_ok(p, &fm);
    tp_flow_counts(p, 0, &packets, &bytes);
    ck_assert_uint_eq(packets, 0);
    ck_assert_uint_eq(bytes, 0);

    /* CHECK_OVERLAP: an overlapping flow of the same priority, the
     * identical one included, is refused; other priorities or disjoint
     * matches are fine. */
    fm_init(&fm, 0, 10);
    fm.flags = OFPFF_CHECK_OVERLAP;
    ofp_match_set_u16(&fm.match, OXM_ETH_TYPE, 0x0800);
    ofp_match_set_u8(&fm.match, OXM_IP_PROTO, 6);
    ck_assert_int_eq(try_flow(p, &fm), OFPERR_OFPFMFC_OVERLAP);
    fm_init(&fm, 0, 10);
    fm.flags = OFPFF_CHECK_OVERLAP;
    ofp_match_set_u16(&fm.match, OXM_ETH_TYPE, 0x0800);
    ofp_match_set_masked_u32(&fm.match, OXM_IPV4_SRC, 0x0a000000, 0xff000000);
    ck_assert_int_eq(try_flow(p, &fm), OFPERR_OFPFMFC_OVERLAP);
    fm_init(&fm, 0, 11);
    fm.flags = OFPFF_CHECK_OVERLAP;
    ofp_match_set_u16(&fm.match, OXM_ETH_TYPE, 0x0800);
    ck_assert_int_eq(try_flow(p, &fm), 0);
    fm_init(&fm, 0, 10);
    fm.flags = OFPFF_CHECK_OVERLAP;
    ofp_match_set_u16(&fm.match, OXM_ETH_TYPE, 0x0800);
    ofp_match_set_masked_u32(&fm.match, OXM_IPV4_SRC, 0x0b000000, 0xff000000);
    ck_assert_int_eq(try_flow(p, &fm), 0);
    fm_init(&fm, 0, 10);
    fm.flags = OFPFF_CHECK_OVERLAP;
    ofp_match_set_u16(&fm.match, OXM_ETH_TYPE, 0x86dd);
    ck_assert_int_eq(try_flow(p, &fm), 0);
    ck_assert_uint_eq(dp_pipeline_flow_count(p, 0), 4);
    dp_pipeline_destroy(p);
}
END_TEST

START_TEST(test_table_full)
{
    struct dp_pipeline_config cfg;
    dp_pipeline_config_init(&cfg);
    cfg.n_tables = 1;
    cfg.max_flows = 2;
    struct dp_pipeline *p = tp_create_cfg(&cfg);
    struct ofp_flow_mod fm;

    tp_flow_out(p, 0, 1, 1, 2);
    tp_flow_out(p, 0, 1, 2, 2);
    fm_init(&fm, 0, 1);
    ofp_match_set_u32(&fm.match, OXM_IN_PORT, 3);
    ck_assert_int_eq(try_flow(p, &fm), OFPERR_OFPFMFC_TABLE_FULL);
    /* Replacing is still possible when full. */
    tp_flow_out(p, 0, 1, 2, 3);
    ck_assert_uint_eq(dp_pipeline_flow_count(p, 0), 2);
    dp_pipeline_destroy(p);
}
END_TEST

/* Flows used by the MODIFY and DELETE tests: A in_port=1 prio 10 cookie 1
 * -> 2; B in_port=1,eth_type=ip prio 20 cookie 2 -> 3; C in_port=2 prio
 * 10 cookie 1 -> 2 (table 0); D in_port=1 prio 10 cookie 3 -> 4
 * (table 1).  All with SEND_FLOW_REM except C. */
static void
add_abcd(struct dp_pipeline *p)
{
    struct ofp_flow_mod fm;

    fm_init(&fm, 0, 10);
    fm.cookie = 1;
    fm.flags = OFPFF_SEND_FLOW_REM;
    ofp_match_set_u32(&fm.match, OXM_IN_PORT, 1);
    act_output(fm_apply(&fm), 2, 0);
    add_ok(p, &fm);
    fm_init(&fm, 0, 20);
    fm.cookie = 2;
    fm.flags = OFPFF_SEND_FLOW_REM;
    ofp_match_set_u32(&fm.match, OXM_IN_PORT, 1);
    ofp_match_set_u16(&fm.match, OXM_ETH_TYPE, 0x0800);
    act_output(fm_write(&fm), 3, 0);
    add_ok(p, &fm);
    fm_init(&fm, 0, 10);
    fm.cookie = 1;
    ofp_match_set_u32(&fm.match, OXM_IN_PORT, 2);
    act_output(fm_apply(&fm), 2, 0);
    add_ok(p, &fm);
    fm_init(&fm, 1, 10);
    fm.cookie = 3;
    fm.flags = OFPFF_SEND_FLOW_REM;
    ofp_match_set_u32(&fm.match, OXM_IN_PORT, 1);
    act_output(fm_apply(&fm), 4, 0);
    add_ok(p, &fm);
}

/* Output port of each flow of table 'table' in insertion order, as
 * digits: 223 for three flows to 2, 2 and 3. */
static unsigned int
outputs_of(struct dp_pipeline *p, uint8_t table)
{
    struct ofp_flow_stats_request req;
    struct ofp_flow_stats *fs;
    size_t n;
    unsigned int v = 0;
    stats_request(&req, table);
    ck_assert_int_eq(dp_pipeline_flow_stats(p, &req, 0, &fs, &n), 0);
    for (size_t i = 0; i < n; i++) {
        const struct ofp_instructions *in = &fs[i].instructions;
        const struct ofp_actions *a =
            ofp_instructions_has(in, OFPIT_APPLY_ACTIONS) ? &in->apply
                                                          : &in->write;
        ck_assert_uint_eq(a->n, 1);
        v = v * 10 + a->a[0].u.output.port;
    }
    dp_flow_stats_free(fs, n);
    return v;
}

START_TEST(test_modify)
{
    struct dp_pipeline *p = tp_create(_i);
    struct ofp_flow_mod fm;
    struct tspec s = tspec_tcp(1, 2, 3, 4);

    add_abcd(p);
    tp_send(p, &s, 1, 0); /* Counts on B. */
    ck_assert_uint_eq(outputs_of(p, 0), 232);

    /* Non-strict: every flow at least as specific as in_port=1 (A, B),
     * in one table. */
    fm_init(&fm, 0, 0);
    fm.command = OFPFC_MODIFY;
    ofp_match_set_u32(&fm.match, OXM_IN_PORT, 1);
    act_output(fm_apply(&fm), 4, 0);
    add_ok(p, &fm);
    ck_assert_uint_eq(outputs_of(p, 0), 442);
    ck_assert_uint_eq(outputs_of(p, 1), 4);
    /* Counters and cookie stay. */
    struct ofp_flow_stats_request req;
    struct ofp_flow_stats *fs;
    size_t n;
    stats_request(&req, 0);
    ck_assert_int_eq(dp_pipeline_flow_stats(p, &req, 0, &fs, &n), 0);
    ck_assert_uint_eq(n, 3);
    ck_assert_uint_eq(fs[1].packet_count, 1);
    ck_assert(fs[1].cookie == 2);
    ck_assert_uint_eq(fs[1].priority, 20);
    ck_assert_uint_eq(fs[1].flags, OFPFF_SEND_FLOW_REM);
    dp_flow_stats_free(fs, n);
    tp_send(p, &s, 1, 0);
    ck_assert_uint_eq(tp_drain(p, 4), 1);

    /* Strict: same match and priority only (A). */
    fm_init(&fm, 0, 10);
    fm.command = OFPFC_MODIFY_STRICT;
    ofp_match_set_u32(&fm.match, OXM_IN_PORT, 1);
    act_output(fm_apply(&fm), 3, 0);
    add_ok(p, &fm);
    ck_assert_uint_eq(outputs_of(p, 0), 342);

    /* Cookie filter over every table: cookie 1 is A and C. */
    fm_init(&fm, OFPTT_ALL, 0);
    fm.command = OFPFC_MODIFY;
    fm.cookie = 1;
    fm.cookie_mask = ~0ULL;
    act_output(fm_apply(&fm), 1, 0);
    add_ok(p, &fm);
    ck_assert_uint_eq(outputs_of(p, 0), 141);
    ck_assert_uint_eq(outputs_of(p, 1), 4);

    /* RESET_COUNTS on MODIFY. */
    fm_init(&fm, 0, 20);
    fm.command = OFPFC_MODIFY_STRICT;
    fm.flags = OFPFF_RESET_COUNTS;
    ofp_match_set_u32(&fm.match, OXM_IN_PORT, 1);
    ofp_match_set_u16(&fm.match, OXM_ETH_TYPE, 0x0800);
    act_output(fm_apply(&fm), 2, 0);
    add_ok(p, &fm);
    stats_request(&req, 0);
    ck_assert_int_eq(dp_pipeline_flow_stats(p, &req, 0, &fs, &n), 0);
    ck_assert_uint_eq(fs[1].packet_count, 0);
    dp_flow_stats_free(fs, n);

    /* OF1.3: MODIFY that matches nothing adds nothing; the translator's
     * option adds. */
    fm_init(&fm, 0, 10);
    fm.command = OFPFC_MODIFY;
    ofp_match_set_u32(&fm.match, OXM_IN_PORT, 3);
    act_output(fm_apply(&fm), 1, 0);
    ck_assert_int_eq(dp_pipeline_flow_mod(p, &fm, 0), 0);
    ck_assert_uint_eq(dp_pipeline_flow_count(p, 0), 3);
    ck_assert_int_eq(dp_pipeline_flow_mod_ext(p, &fm, DP_FM_MODIFY_MAY_ADD, 0),
                     0);
    ck_assert_uint_eq(dp_pipeline_flow_count(p, 0), 4);
    fm_uninit(&fm);

    /* Validation applies per flow, all or nothing: goto_table 1 is fine
     * for table 0 but not for table 1. */
    fm_init(&fm, OFPTT_ALL, 0);
    fm.command = OFPFC_MODIFY;
    ofp_match_set_u32(&fm.match, OXM_IN_PORT, 1);
    fm_goto(&fm, 1);
    ck_assert_int_eq(try_flow(p, &fm), OFPERR_OFPBIC_BAD_TABLE_ID);
    ck_assert_uint_eq(outputs_of(p, 1), 4);
    ck_assert_uint_eq(dp_pipeline_n_events(p), 0);
    dp_pipeline_destroy(p);
}
END_TEST

START_TEST(test_delete)
{
    struct dp_pipeline *p = tp_create(_i);
    struct ofp_flow_mod fm;
    struct dp_event ev;
    struct tspec s = tspec_tcp(1, 2, 3, 4);

    add_abcd(p);
    tp_send(p, &s, 1, SEC(1)); /* B */
    ck_assert_uint_eq(tp_drain(p, 3), 1);

    /* out_port filter: only flows that output to 3 (B). */
    fm_init(&fm, OFPTT_ALL, 0);
    fm.command = OFPFC_DELETE;
    fm.out_port = 3;
    ck_assert_int_eq(dp_pipeline_flow_mod(p, &fm, SEC(3)), 0);
    fm_uninit(&fm);
    ck_assert_uint_eq(dp_pipeline_flow_count(p, 0), 2);
    ck_assert(dp_pipeline_event_pop(p, &ev));
    ck_assert_int_eq(ev.type, DP_EVENT_FLOW_REMOVED);
    struct ofp_flow_removed *fr = &ev.u.flow_removed;
    ck_assert_uint_eq(fr->reason, OFPRR_DELETE);
    ck_assert(fr->cookie == 2);
    ck_assert_uint_eq(fr->priority, 20);
    ck_assert_uint_eq(fr->table_id, 0);
    ck_assert_uint_eq(fr->packet_count, 1);
    ck_assert_uint_eq(fr->byte_count, 64);
    ck_assert_uint_eq(fr->duration_sec, 3);
    ck_assert(ofp_match_has(&fr->match, OXM_IN_PORT));
    ck_assert(ofp_match_has(&fr->match, OXM_ETH_TYPE));
    ck_assert_uint_eq(ofp_match_get_uint(&fr->match, OXM_ETH_TYPE), 0x0800);
    dp_event_uninit(&ev);
    ck_assert(!dp_pipeline_event_pop(p, &ev));
    /* The deleted flow no longer forwards, even from the cache. */
    tp_send(p, &s, 1, SEC(3));
    ck_assert_uint_eq(tp_drain(p, 3), 0);
    ck_assert_uint_eq(tp_drain(p, 2), 1);

    /* Strict with the wrong priority deletes nothing. */
    fm_init(&fm, 0, 11);
    fm.command = OFPFC_DELETE_STRICT;
    ofp_match_set_u32(&fm.match, OXM_IN_PORT, 1);
    add_ok(p, &fm);
    ck_assert_uint_eq(dp_pipeline_flow_count(p, 0), 2);

    /* Cookie mask: cookie & 0x1 == 1 in every table: A, C (no event, no
     * SEND_FLOW_REM) and D (cookie 3). */
    fm_init(&fm, OFPTT_ALL, 0);
    fm.command = OFPFC_DELETE;
    fm.cookie = 1;
    fm.cookie_mask = 1;
    add_ok(p, &fm);
    ck_assert_uint_eq(dp_pipeline_flow_count(p, 0), 0);
    ck_assert_uint_eq(dp_pipeline_flow_count(p, 1), 0);
    ck_assert_uint_eq(dp_pipeline_n_events(p), 2); /* A and D. */
    tp_drain_events(p);

    /* out_group filter, and a bad table. */
    add_abcd(p);
    fm_init(&fm, 0, 0);
    fm.command = OFPFC_DELETE;
    fm.out_group = 3;
    add_ok(p, &fm);
    ck_assert_uint_eq(dp_pipeline_flow_count(p, 0), 3);
    fm_init(&fm, 9, 0);
    fm.command = OFPFC_DELETE;
    ck_assert_int_eq(try_flow(p, &fm), OFPERR_OFPFMFC_BAD_TABLE_ID);
    /* Non-strict delete of everything in table 1. */
    fm_init(&fm, 1, 0);
    fm.command = OFPFC_DELETE;
    add_ok(p, &fm);
    ck_assert_uint_eq(dp_pipeline_flow_count(p, 1), 0);
    ck_assert_uint_eq(dp_pipeline_flow_count(p, 0), 3);
    tp_drain_events(p);
    dp_pipeline_destroy(p);
}
END_TEST

/* --- Timeouts, counters, stats. ---------------------------------------- */

START_TEST(test_timeouts)
{
    struct dp_pipeline *p = tp_create(_i);
    struct ofp_flow_mod fm;
    struct dp_event ev;
    struct tspec s = tspec_tcp(1, 2, 3, 4);

    fm_init(&fm, 0, 10);
    fm.flags = OFPFF_SEND_FLOW_REM;
    fm.idle_timeout = 10;
    fm.cookie = 0x1d1e;
    ofp_match_set_u32(&fm.match, OXM_IN_PORT, 1);
    act_output(fm_apply(&fm), 2, 0);
    ck_assert_int_eq(dp_pipeline_flow_mod(p, &fm, SEC(100)), 0);
    fm_uninit(&fm);
    fm_init(&fm, 0, 10);
    fm.flags = OFPFF_SEND_FLOW_REM;
    fm.hard_timeout = 30;
    fm.idle_timeout = 20;
    ofp_match_set_u32(&fm.match, OXM_IN_PORT, 2);
    act_output(fm_apply(&fm), 3, 0);
    ck_assert_int_eq(dp_pipeline_flow_mod(p, &fm, SEC(100)), 0);
    fm_uninit(&fm);
    fm_init(&fm, 0, 10);
    fm.hard_timeout = 1; /* No SEND_FLOW_REM: removed silently. */
    ofp_match_set_u32(&fm.match, OXM_IN_PORT, 3);
    ck_assert_int_eq(dp_pipeline_flow_mod(p, &fm, SEC(100)), 0);
    fm_uninit(&fm);

    /* Traffic keeps the idle flow alive, cached or not. */
    tp_send(p, &s, 1, SEC(104));
    tp_send(p, &s, 1, SEC(105));
    tp_send(p, &s, 2, SEC(105));
    tp_send(p, &s, 2, SEC(115));
    dp_pipeline_expire(p, SEC(112));
    ck_assert_uint_eq(dp_pipeline_flow_count(p, 0), 2);
    ck_assert_uint_eq(dp_pipeline_n_events(p), 0);

    dp_pipeline_expire(p, SEC(115) + MSEC(500));
    ck_assert_uint_eq(dp_pipeline_flow_count(p, 0), 1);
    ck_assert(dp_pipeline_event_pop(p, &ev));
    ck_assert_int_eq(ev.type, DP_EVENT_FLOW_REMOVED);
    ck_assert_uint_eq(ev.u.flow_removed.reason, OFPRR_IDLE_TIMEOUT);
    ck_assert(ev.u.flow_removed.cookie == 0x1d1e);
    ck_assert_uint_eq(ev.u.flow_removed.idle_timeout, 10);
    ck_assert_uint_eq(ev.u.flow_removed.duration_sec, 15);
    ck_assert_uint_eq(ev.u.flow_removed.duration_nsec, 500000000);
    ck_assert_uint_eq(ev.u.flow_removed.packet_count, 2);
    dp_event_uninit(&ev);
    tp_send(p, &s, 1, SEC(116));
    ck_assert_uint_eq(tp_drain(p, 2), 2);

    /* The hard timeout wins over traffic. */
    tp_send(p, &s, 2, SEC(129));
    dp_pipeline_expire(p, SEC(129));
    ck_assert_uint_eq(dp_pipeline_flow_count(p, 0), 1);
    dp_pipeline_expire(p, SEC(130));
    ck_assert_uint_eq(dp_pipeline_flow_count(p, 0), 0);
    ck_assert(dp_pipeline_event_pop(p, &ev));
    ck_assert_uint_eq(ev.u.flow_removed.reason, OFPRR_HARD_TIMEOUT);
    ck_assert_uint_eq(ev.u.flow_removed.hard_timeout, 30);
    ck_assert_uint_eq(ev.u.flow_removed.packet_count, 3);
    dp_event_uninit(&ev);
    ck_assert(!dp_pipeline_event_pop(p, &ev));
    dp_pipeline_destroy(p);
}
END_TEST

START_TEST(test_no_counts_flags)
{
    struct dp_pipeline *p = tp_create(_i);
    struct ofp_flow_mod fm;
    struct tspec s = tspec_tcp(1, 2, 3, 4);
    uint64_t packets, bytes;

    fm_init(&fm, 0, 10);
    fm.flags = OFPFF_NO_PKT_COUNTS;
    act_output(fm_apply(&fm), 2, 0);
    add_ok(p, &fm);
    tp_send(p, &s, 1, 0);
    tp_send(p, &s, 1, 0);
    tp_flow_counts(p, 0, &packets, &bytes);
    ck_assert(packets == UINT64_MAX);
    ck_assert_uint_eq(bytes, 128);

    fm_init(&fm, 0, 10);
    fm.flags = OFPFF_NO_BYT_COUNTS | OFPFF_RESET_COUNTS;
    act_output(fm_apply(&fm), 2, 0);
    add_ok(p, &fm);
    tp_send(p, &s, 1, 0);
    tp_flow_counts(p, 0, &packets, &bytes);
    ck_assert_uint_eq(packets, 1);
    ck_assert(bytes == UINT64_MAX);

    struct ofp_flow_stats_request req;
    struct ofp_aggregate_stats agg;
    stats_request(&req, OFPTT_ALL);
    ck_assert_int_eq(dp_pipeline_aggregate_stats(p, &req, &agg), 0);
    ck_assert_uint_eq(agg.flow_count, 1);
    ck_assert_uint_eq(agg.packet_count, 1);
    ck_assert_uint_eq(agg.byte_count, 0);
    dp_pipeline_destroy(p);
}
END_TEST

START_TEST(test_flow_stats_filters)
{
    struct dp_pipeline *p = tp_create(false);
    struct ofp_flow_stats_request req;
    struct ofp_flow_stats *fs;
    struct ofp_aggregate_stats agg;
    size_t n;
    struct tspec s = tspec_tcp(1, 2, 3, 4);

    add_abcd(p);
    tp_send(p, &s, 1, SEC(2));
    tp_send(p, &s, 2, SEC(2));

    stats_request(&req, OFPTT_ALL);
    ck_assert_int_eq(dp_pipeline_flow_stats(p, &req, SEC(5), &fs, &n), 0);
    ck_assert_uint_eq(n, 4);
    ck_assert_uint_eq(fs[0].duration_sec, 5);
    ck_assert_uint_eq(fs[3].table_id, 1);
    dp_flow_stats_free(fs, n);
    ck_assert_int_eq(dp_pipeline_aggregate_stats(p, &req, &agg), 0);
    ck_assert_uint_eq(agg.flow_count, 4);
    ck_assert_uint_eq(agg.packet_count, 2);
    ck_assert_uint_eq(agg.byte_count, 128);

    req.out_port = 2; /* A and C. */
    ck_assert_int_eq(dp_pipeline_aggregate_stats(p, &req, &agg), 0);
    ck_assert_uint_eq(agg.flow_count, 2);
    req.out_port = OFPP_ANY;
    req.cookie = 2;
    req.cookie_mask = 3;
    ck_assert_int_eq(dp_pipeline_aggregate_stats(p, &req, &agg), 0);
    ck_assert_uint_eq(agg.flow_count, 1);
    req.cookie_mask = 0;
    ofp_match_set_u32(&req.match, OXM_IN_PORT, 1); /* A, B, D. */
    ck_assert_int_eq(dp_pipeline_aggregate_stats(p, &req, &agg), 0);
    ck_assert_uint_eq(agg.flow_count, 3);
    ofp_match_set_u16(&req.match, OXM_ETH_TYPE, 0x0800); /* B. */
    ck_assert_int_eq(dp_pipeline_flow_stats(p, &req, 0, &fs, &n), 0);
    ck_assert_uint_eq(n, 1);
    ck_assert_uint_eq(fs[0].priority, 20);
    ck_assert(ofp_match_equal(&fs[0].match, &req.match));
    dp_flow_stats_free(fs, n);
    req.table_id = 1;
    ck_assert_int_eq(dp_pipeline_aggregate_stats(p, &req, &agg), 0);
    ck_assert_uint_eq(agg.flow_count, 0);
    req.table_id = 8;
    ck_assert_int_eq(dp_pipeline_flow_stats(p, &req, 0, &fs, &n),
                     OFPERR_OFPBRC_BAD_TABLE_ID);
    ck_assert_int_eq(dp_pipeline_aggregate_stats(p, &req, &agg),
                     OFPERR_OFPBRC_BAD_TABLE_ID);
    dp_pipeline_destroy(p);
}
END_TEST

/* --- TTL. -------------------------------------------------------------- */

START_TEST(test_dec_ttl)
{
    struct dp_pipeline *p = tp_create(_i);
    struct ofp_flow_mod fm;
    struct dp_event ev;
    struct tspec s = tspec_tcp(1, 2, 3, 4);

    fm_init(&fm, 0, 10);
    fm.cookie = 5;
    ofp_match_set_u16(&fm.match, OXM_ETH_TYPE, 0x0800);
    struct ofp_actions *a = fm_apply(&fm);
    act_simple(a, OFPAT_DEC_NW_TTL);
    act_output(a, 2, 0);
    add_ok(p, &fm);

    s.ttl = 5;
    tp_send(p, &s, 1, 0);
    tp_send(p, &s, 1, 0);
    for (int i = 0; i < 2; i++) {
        struct dp_packet *pkt = dp_pipeline_port_pop_frame(p, 2);
        ck_assert_ptr_nonnull(pkt);
        ck_assert_uint_eq(dp_packet_data(pkt)[14 + 8], 4);
        ck_assert(t_ipv4_csum_ok(pkt));
        dp_packet_destroy(pkt);
    }
    /* Same flow key, TTL 1: the decrement expires it, even when the
     * cache replays the first packet's record. */
    s.ttl = 1;
    tp_send(p, &s, 1, 0);
    ck_assert_uint_eq(tp_drain(p, 2), 0);
    ck_assert_uint_eq(dp_pipeline_n_events(p), 0);
    dp_pipeline_set_invalid_ttl_to_controller(p, true);
    tp_send(p, &s, 1, 0);
    ck_assert_uint_eq(tp_drain(p, 2), 0);
    pop_packet_in(p, &ev);
    ck_assert_uint_eq(ev.u.packet_in.reason, OFPR_INVALID_TTL);
    ck_assert(ev.u.packet_in.cookie == 5);
    dp_event_uninit(&ev);
    s.ttl = 9;
    tp_send(p, &s, 1, 0);
    ck_assert_uint_eq(tp_drain(p, 2), 1);
    dp_pipeline_destroy(p);
}
END_TEST

/* --- The cache. -------------------------------------------------------- */

/* A three-table pipeline with metadata, write-actions and groups. */
static struct dp_pipeline *
busy_pipeline(bool cache)
{
    struct dp_pipeline *p = tp_create(cache);
    struct ofp_flow_mod fm;
    struct ofp_group_mod gm;

    memset(&gm, 0, sizeof gm);
    gm.command = OFPGC_ADD;
    gm.type = OFPGT_SELECT;
    gm.group_id = 1;
    gm.buckets.n = 2;
    gm.buckets.b = calloc(2, sizeof *gm.buckets.b);
    for (int i = 0; i < 2; i++) {
        gm.buckets.b[i].weight = 1;
        gm.buckets.b[i].watch_port = OFPP_ANY;
        gm.buckets.b[i].watch_group = OFPG_ANY;
        act_output(&gm.buckets.b[i].actions, (uint32_t)(3 + i), 0);
    }
    ck_assert_int_eq(dp_pipeline_group_mod(p, &gm, 0), 0);
    ofp_buckets_uninit(&gm.buckets);

    fm_init(&fm, 0, 10);
    ofp_match_set_u16(&fm.match, OXM_ETH_TYPE, 0x0800);
    ofp_match_set_masked_u32(&fm.match, OXM_IPV4_SRC, 0x0a000000, 0xffffff00);
    fm_metadata(&fm, 1, 1);
    fm_goto(&fm, 1);
    add_ok(p, &fm);
    fm_init(&fm, 0, 5);
    act_output(fm_write(&fm), 2, 0);
    fm_goto(&fm, 2);
    add_ok(p, &fm);
    fm_init(&fm, 1, 10);
    ofp_match_set_masked_u64(&fm.match, OXM_METADATA, 1, 1);
    act_group(fm_write(&fm), 1);
    fm_goto(&fm, 2);
    add_ok(p, &fm);
    fm_init(&fm, 2, 1);
    ofp_match_set_u16(&fm.match, OXM_ETH_TYPE, 0x0800);
    ofp_match_set_u8(&fm.match, OXM_IP_PROTO, 6);
    act_set(fm_apply(&fm), OXM_IP_DSCP, 3);
    add_ok(p, &fm);
    return p;
}

START_TEST(test_cache_counters_exact)
{
    struct dp_pipeline *p[2] = { busy_pipeline(false), busy_pipeline(true) };
    size_t out[2][5];

    for (int k = 0; k < 2; k++) {
        for (int i = 0; i < 300; i++) {
            /* Sources 10.0.0.{0,2,..8} go to the group, 10.0.1.{1,..9}
             * to port 2. */
            uint32_t src =
                0x0a000000 | (uint32_t)(i % 2) << 8 | (uint32_t)(i % 10);
            struct tspec s = tspec_tcp(src, 2, (uint16_t)i % 7, 80);
            tp_send(p[k], &s, 1, SEC(i));
        }
        for (uint32_t port = 1; port <= 4; port++) {
            out[k][port] = tp_drain(p[k], port);
        }
    }
    for (uint32_t port = 1; port <= 4; port++) {
        ck_assert_uint_eq(out[0][port], out[1][port]);
    }
    ck_assert_uint_eq(out[0][2], 150);
    ck_assert_uint_eq(out[0][3] + out[0][4], 150);

    struct ofp_flow_stats_request req;
    struct ofp_flow_stats *fs[2];
    size_t n[2];
    stats_request(&req, OFPTT_ALL);
    for (int k = 0; k < 2; k++) {
        ck_assert_int_eq(
            dp_pipeline_flow_stats(p[k], &req, SEC(400), &fs[k], &n[k]), 0);
    }
    ck_assert_uint_eq(n[0], n[1]);
    for (size_t i = 0; i < n[0]; i++) {
        ck_assert_uint_eq(fs[0][i].packet_count, fs[1][i].packet_count);
        ck_assert_uint_eq(fs[0][i].byte_count, fs[1][i].byte_count);
        ck_assert_uint_gt(fs[0][i].packet_count, 0);
    }
    dp_flow_stats_free(fs[0], n[0]);
    dp_flow_stats_free(fs[1], n[1]);

    struct ofp_table_stats *ts[2];
    size_t nt;
    dp_pipeline_table_stats(p[0], &ts[0], &nt);
    dp_pipeline_table_stats(p[1], &ts[1], &nt);
    for (size_t t = 0; t < nt; t++) {
        ck_assert_uint_eq(ts[0][t].lookup_count, ts[1][t].lookup_count);
        ck_assert_uint_eq(ts[0][t].matched_count, ts[1][t].matched_count);
    }
    ck_assert_uint_eq(ts[0][2].lookup_count, 300);
    free(ts[0]);
    free(ts[1]);

    struct ofp_group_stats *gs[2];
    size_t ng;
    dp_pipeline_group_stats(p[0], 1, 0, &gs[0], &ng);
    dp_pipeline_group_stats(p[1], 1, 0, &gs[1], &ng);
    ck_assert_uint_eq(gs[0][0].packet_count, 150);
    ck_assert_uint_eq(gs[1][0].packet_count, 150);
    ck_assert_uint_eq(gs[0][0].buckets[0].packet_count,
                      gs[1][0].buckets[0].packet_count);
    free(gs[0][0].buckets);
    free(gs[1][0].buckets);
    free(gs[0]);
    free(gs[1]);

    struct dp_pipeline_stats st;
    dp_pipeline_get_stats(p[1], &st);
    /* 70 keys: 10 sources times 7 source ports. */
    ck_assert_uint_eq(st.cache_misses, 70);
    ck_assert_uint_eq(st.cache_hits, 230);
    dp_pipeline_destroy(p[0]);
    dp_pipeline_destroy(p[1]);
}
END_TEST

START_TEST(test_cache_invalidation)
{
    struct dp_pipeline *p = tp_create(true);
    struct tspec s = tspec_tcp(1, 2, 3, 4);

    tp_flow_out(p, 0, 10, 1, 2);
    tp_send(p, &s, 1, 0);
    tp_send(p, &s, 1, 0);
    ck_assert_uint_eq(tp_drain(p, 2), 2);
    /* A new flow takes effect at once. */
    tp_flow_out(p, 0, 20, 1, 3);
    tp_send(p, &s, 1, 0);
    ck_assert_uint_eq(tp_drain(p, 3), 1);
    /* So does a port change. */
    tp_flow_out(p, 0, 20, 1, OFPP_FLOOD);
    tp_send(p, &s, 1, 0);
    ck_assert_uint_eq(tp_drain(p, 2) + tp_drain(p, 3) + tp_drain(p, 4), 3);
    dp_pipeline_port_set_config(p, 3, OFPPC_NO_FWD);
    tp_send(p, &s, 1, 0);
    ck_assert_uint_eq(tp_drain(p, 3), 0);
    ck_assert_uint_eq(tp_drain(p, 2) + tp_drain(p, 4), 2);
    /* And disabling the cache. */
    dp_pipeline_set_cache_enabled(p, false);
    tp_send(p, &s, 1, 0);
    ck_assert_uint_eq(tp_drain(p, 2) + tp_drain(p, 4), 2);
    struct dp_pipeline_stats st;
    dp_pipeline_get_stats(p, &st);
    ck_assert_uint_eq(st.cache_hits, 1);
    ck_assert_uint_ge(st.cache_invalidations, 4);
    dp_pipeline_destroy(p);
}
END_TEST

/* After a pop, a later table sees headers that the key did not show: two
 * frames with the same key but different inner tags must part ways. */
START_TEST(test_pop_then_lookup_not_cached)
{
    struct dp_pipeline *p = tp_create(_i);
    struct ofp_flow_mod fm;

    fm_init(&fm, 0, 10);
    act_simple(fm_apply(&fm), OFPAT_POP_VLAN);
    fm_goto(&fm, 1);
    add_ok(p, &fm);
    fm_init(&fm, 1, 10);
    ofp_match_set_u16(&fm.match, OXM_VLAN_VID, OFPVID_PRESENT | 20);
    act_output(fm_apply(&fm), 2, 0);
    add_ok(p, &fm);
    tp_flow_out(p, 1, 1, 0, 3);

    for (int i = 0; i < 4; i++) {
        /* Outer tag 10, then an inner tag 20 or 30. */
        uint8_t b[128];
        memset(b, 0, sizeof b);
        memcpy(b, "\x22\x22\x22\x22\x22\x22\x12\x11\x11\x11\x11\x11", 12);
        t_put16(b + 12, 0x8100);
        t_put16(b + 14, 10);
        t_put16(b + 16, 0x8100);
        t_put16(b + 18, i % 2 ? 30 : 20);
        t_put16(b + 20, 0x0806);
        struct dp_packet *pkt = dp_packet_create(b, 64, 0);
        dp_pipeline_process_packet(p, pkt, 1, 0);
        dp_packet_destroy(pkt);
        ck_assert_uint_eq(tp_drain(p, i % 2 ? 3 : 2), 1);
    }
    struct dp_pipeline_stats st;
    dp_pipeline_get_stats(p, &st);
    ck_assert_uint_eq(st.cache_hits, 0);
    dp_pipeline_destroy(p);
}
END_TEST

static Suite *
pipeline_suite(void)
{
    Suite *s = suite_create("dp-pipeline");
    TCase *tc = tcase_create("path");
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, test_output_and_counters, 0, 2);
    tcase_add_loop_test(tc, test_priority_and_table_miss_flow, 0, 2);
    tcase_add_loop_test(tc, test_apply_list_order, 0, 2);
    tcase_add_loop_test(tc, test_action_set_order, 0, 2);
    tcase_add_loop_test(tc, test_action_set_replace_and_group, 0, 2);
    tcase_add_loop_test(tc, test_clear_goto_metadata, 0, 2);
    tcase_add_loop_test(tc, test_miss_policy_continue, 0, 2);
    tcase_add_loop_test(tc, test_reserved_ports, 0, 2);
    tcase_add_loop_test(tc, test_standalone_normal, 0, 2);
    tcase_add_loop_test(tc, test_dec_ttl, 0, 2);
    tcase_add_loop_test(tc, test_internal_actions, 0, 2);
    suite_add_tcase(s, tc);

    tc = tcase_create("packet-in");
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, test_packet_in_action, 0, 2);
    tcase_add_loop_test(tc, test_packet_in_no_match, 0, 2);
    tcase_add_test(tc, test_packet_in_unbuffered_and_overflow);
    tcase_add_loop_test(tc, test_buffers, 0, 2);
    tcase_add_loop_test(tc, test_packet_out, 0, 2);
    suite_add_tcase(s, tc);

    tc = tcase_create("flow-mod");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_flow_mod_errors);
    tcase_add_test(tc, test_match_inconsistent);
    tcase_add_loop_test(tc, test_add_replace_and_overlap, 0, 2);
    tcase_add_test(tc, test_table_full);
    tcase_add_loop_test(tc, test_modify, 0, 2);
    tcase_add_loop_test(tc, test_delete, 0, 2);
    tcase_add_loop_test(tc, test_timeouts, 0, 2);
    tcase_add_loop_test(tc, test_no_counts_flags, 0, 2);
    tcase_add_test(tc, test_flow_stats_filters);
    suite_add_tcase(s, tc);

    tc = tcase_create("cache");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_cache_counters_exact);
    tcase_add_test(tc, test_cache_invalidation);
    tcase_add_loop_test(tc, test_pop_then_lookup_not_cached, 0, 2);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    SRunner *sr = srunner_create(pipeline_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
