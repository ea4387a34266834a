/* tests/unit/test-dp-meter.c -- meters through the pipeline on a simulated
 * clock: DROP bands in kbit/s and packets/s hold the passed rate within a
 * few percent of the band rate for 64- and 1500-byte frames offered at
 * twice the rate; DSCP_REMARK raises the drop precedence (checksum kept);
 * the highest exceeded band wins; bursts; the controller meter; every
 * METER_MOD error; deleting a meter removes its flows; stats, config and
 * features. */
#include <config.h>

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "datapath/meter.h"
#include "test-dp-helpers.h"

static void
mm_init(struct ofp_meter_mod *mm, uint16_t command, uint16_t flags,
        uint32_t meter_id)
{
    memset(mm, 0, sizeof *mm);
    mm->command = command;
    mm->flags = flags;
    mm->meter_id = meter_id;
    ofp_meter_bands_init(&mm->bands);
}

static void
mm_band(struct ofp_meter_mod *mm, uint16_t type, uint32_t rate, uint32_t burst,
        uint8_t prec_level)
{
    mm->bands.b =
        realloc(mm->bands.b, (mm->bands.n + 1) * sizeof *mm->bands.b);
    struct ofp_meter_band *b = &mm->bands.b[mm->bands.n++];
    memset(b, 0, sizeof *b);
    b->type = type;
    b->rate = rate;
    b->burst_size = burst;
    b->prec_level = prec_level;
}

static enum ofperr
mm_do(struct dp_pipeline *p, struct ofp_meter_mod *mm)
{
    enum ofperr err = dp_pipeline_meter_mod(p, mm, 0);
    ofp_meter_bands_uninit(&mm->bands);
    return err;
}

/* Flow: in_port=1 -> meter 'meter_id', output:2. */
static void
metered_flow(struct dp_pipeline *p, uint32_t meter_id, uint16_t flags)
{
    struct ofp_flow_mod fm;
    fm_init(&fm, 0, 10);
    fm.flags = flags;
    ofp_match_set_u32(&fm.match, OXM_IN_PORT, 1);
    fm_meter(&fm, meter_id);
    act_output(fm_apply(&fm), 2, 0);
    ck_assert_int_eq(dp_pipeline_flow_mod(p, &fm, 0), 0);
    fm_uninit(&fm);
}

/* Offers 'pps' frames of 's' per second for 'secs' seconds, evenly
 * spaced, from port 1; returns the frames port 2 received and the number
 * of those whose DSCP is 'dscp' in '*n_dscp'. */
static size_t
offer(struct dp_pipeline *p, const struct tspec *s, double pps, int secs,
      uint8_t dscp, size_t *n_dscp)
{
    size_t total = (size_t)(pps * secs), passed = 0, marked = 0;
    for (size_t i = 0; i < total; i++) {
        uint64_t now = SEC(1) + (uint64_t)((double)i * 1e9 / pps);
        tp_send(p, s, 1, now);
        struct dp_packet *pkt;
        while ((pkt = dp_pipeline_port_pop_frame(p, 2))) {
            passed++;
            const uint8_t *ip = dp_packet_data(pkt) + 14;
            if (ip[1] >> 2 == dscp) {
                marked++;
            }
            ck_assert(t_ipv4_csum_ok(pkt));
            dp_packet_destroy(pkt);
        }
    }
    if (n_dscp) {
        *n_dscp = marked;
    }
    return passed;
}

static void
assert_near(double got, double want, double tolerance)
{
    ck_assert_msg(got >= want * (1 - tolerance) &&
                      got <= want * (1 + tolerance),
                  "%f is not within %.0f%% of %f", got, tolerance * 100, want);
}

/* _i: bit 0 = 1500-byte frames (else 64), bit 1 = cache. */
START_TEST(test_rate_kbps)
{
    struct dp_pipeline *p = tp_create(_i & 2);
    struct ofp_meter_mod mm;
    struct tspec s = tspec_tcp(1, 2, 3, 4);
    s.len = _i & 1 ? 1500 : 64;

    mm_init(&mm, OFPMC_ADD, OFPMF_KBPS, 1);
    mm_band(&mm, OFPMBT_DROP, 1000, 0, 0);
    ck_assert_int_eq(mm_do(p, &mm), 0);
    metered_flow(p, 1, 0);

    /* 2000 kbit/s offered for 10 s; 1000 kbit/s should pass (plus the
     * 100 ms default burst). */
    double pps = 2000e3 / (s.len * 8.0);
    size_t passed = offer(p, &s, pps, 10, 0, NULL);
    assert_near((double)passed * s.len * 8 / 10, 1000e3, 0.03);

    struct ofp_meter_stats *ms;
    size_t n;
    dp_pipeline_meter_stats(p, 1, SEC(11), &ms, &n);
    ck_assert_uint_eq(n, 1);
    ck_assert_uint_eq(ms[0].packet_in_count, (uint64_t)(pps * 10));
    ck_assert_uint_eq(ms[0].byte_in_count, (uint64_t)(pps * 10) * s.len);
    ck_assert_uint_eq(ms[0].bands[0].packet_band_count,
                      ms[0].packet_in_count - passed);
    ck_assert_uint_eq(ms[0].flow_count, 1);
    ck_assert_uint_eq(ms[0].duration_sec, 11);
    free(ms[0].bands);
    free(ms);
    dp_pipeline_destroy(p);
}
END_TEST

START_TEST(test_rate_pktps)
{
    struct dp_pipeline *p = tp_create(_i & 2);
    struct ofp_meter_mod mm;
    struct tspec s = tspec_tcp(1, 2, 3, 4);
    s.len = _i & 1 ? 1500 : 64;

    mm_init(&mm, OFPMC_ADD, OFPMF_PKTPS, 1);
    mm_band(&mm, OFPMBT_DROP, 1000, 0, 0);
    ck_assert_int_eq(mm_do(p, &mm), 0);
    metered_flow(p, 1, 0);
    size_t passed = offer(p, &s, 2000, 10, 0, NULL);
    assert_near((double)passed / 10, 1000, 0.03);
    dp_pipeline_destroy(p);
}
END_TEST

START_TEST(test_dscp_remark)
{
    struct dp_pipeline *p = tp_create(_i & 2);
    struct ofp_meter_mod mm;
    struct tspec s = tspec_tcp(1, 2, 3, 4);
    s.len = _i & 1 ? 1500 : 64;
    s.dscp = 18; /* AF21 */

    mm_init(&mm, OFPMC_ADD, OFPMF_KBPS, 1);
    mm_band(&mm, OFPMBT_DSCP_REMARK, 1000, 0, 1);
    ck_assert_int_eq(mm_do(p, &mm), 0);
    metered_flow(p, 1, 0);

    /* Everything passes; the part above the rate becomes AF22. */
    double pps = 2000e3 / (s.len * 8.0);
    size_t marked;
    size_t passed = offer(p, &s, pps, 10, 20, &marked);
    ck_assert_uint_eq(passed, (size_t)(pps * 10));
    assert_near((double)(passed - marked) * s.len * 8 / 10, 1000e3, 0.03);
    dp_pipeline_destroy(p);
}
END_TEST

START_TEST(test_remark_values)
{
    ck_assert_uint_eq(dp_meter_remark_dscp(18, 1), 20); /* AF21 -> AF22 */
    ck_assert_uint_eq(dp_meter_remark_dscp(18, 2), 22); /* AF21 -> AF23 */
    ck_assert_uint_eq(dp_meter_remark_dscp(22, 1), 22); /* Saturates. */
    ck_assert_uint_eq(dp_meter_remark_dscp(10, 3), 14); /* AF11 -> AF13 */
    ck_assert_uint_eq(dp_meter_remark_dscp(0, 1), 2);
}
END_TEST

/* The band applied is the exceeded band with the highest rate. */
START_TEST(test_highest_band)
{
    struct dp_pipeline *p = tp_create(_i & 2);
    struct ofp_meter_mod mm;
    struct tspec s = tspec_tcp(1, 2, 3, 4);
    s.len = 1500;
    s.dscp = 10;

    mm_init(&mm, OFPMC_ADD, OFPMF_KBPS | OFPMF_STATS, 1);
    mm_band(&mm, OFPMBT_DROP, 3000, 0, 0);
    mm_band(&mm, OFPMBT_DSCP_REMARK, 1000, 0, 1);
    ck_assert_int_eq(mm_do(p, &mm), 0);
    metered_flow(p, 1, 0);

    /* 2000 kbit/s: only the 1000 kbit/s remark band is exceeded. */
    double pps = 2000e3 / (1500 * 8.0);
    size_t marked;
    size_t passed = offer(p, &s, pps, 10, 12, &marked);
    ck_assert_uint_eq(passed, (size_t)(pps * 10));
    assert_near((double)marked * 1500 * 8 / 10, 1000e3, 0.05);

    /* 4000 kbit/s on a fresh meter (bands listed the other way round): a
     * quarter above 3000 is dropped; of what passes, the part above 1000
     * is remarked. */
    dp_pipeline_destroy(p);
    p = tp_create(_i & 2);
    pps = 4000e3 / (1500 * 8.0);
    mm_init(&mm, OFPMC_ADD, OFPMF_KBPS, 1);
    mm_band(&mm, OFPMBT_DSCP_REMARK, 1000, 0, 1);
    mm_band(&mm, OFPMBT_DROP, 3000, 0, 0);
    ck_assert_int_eq(mm_do(p, &mm), 0);
    metered_flow(p, 1, 0);
    passed = offer(p, &s, pps, 10, 12, &marked);
    assert_near((double)passed * 1500 * 8 / 10, 3000e3, 0.03);
    assert_near((double)(passed - marked) * 1500 * 8 / 10, 1000e3, 0.05);
    dp_pipeline_destroy(p);
}
END_TEST

START_TEST(test_burst)
{
    struct dp_pipeline *p = tp_create(false);
    struct ofp_meter_mod mm;
    struct tspec s = tspec_tcp(1, 2, 3, 4);
    s.len = 1500; /* 12 kbit. */

    /* A 50 kbit burst lets 4 back-to-back frames through. */
    mm_init(&mm, OFPMC_ADD, OFPMF_KBPS | OFPMF_BURST, 1);
    mm_band(&mm, OFPMBT_DROP, 1000, 50, 0);
    ck_assert_int_eq(mm_do(p, &mm), 0);
    metered_flow(p, 1, 0);
    for (int i = 0; i < 20; i++) {
        tp_send(p, &s, 1, SEC(1));
    }
    ck_assert_uint_eq(tp_drain(p, 2), 4);
    /* 24 ms later there are 24 kbit more: two frames. */
    for (int i = 0; i < 20; i++) {
        tp_send(p, &s, 1, SEC(1) + MSEC(24));
    }
    ck_assert_uint_eq(tp_drain(p, 2), 2);

    /* Default burst: 100 ms of the rate (100 kbit: 8 frames). */
    mm_init(&mm, OFPMC_MODIFY, OFPMF_KBPS, 1);
    mm_band(&mm, OFPMBT_DROP, 1000, 50, 0);
    ck_assert_int_eq(mm_do(p, &mm), 0);
    for (int i = 0; i < 20; i++) {
        tp_send(p, &s, 1, SEC(2));
    }
    ck_assert_uint_eq(tp_drain(p, 2), 8);

    /* Packets per second with a burst of 3 packets. */
    mm_init(&mm, OFPMC_MODIFY, OFPMF_PKTPS | OFPMF_BURST, 1);
    mm_band(&mm, OFPMBT_DROP, 10, 3, 0);
    ck_assert_int_eq(mm_do(p, &mm), 0);
    for (int i = 0; i < 20; i++) {
        tp_send(p, &s, 1, SEC(3));
    }
    ck_assert_uint_eq(tp_drain(p, 2), 3);
    dp_pipeline_destroy(p);
}
END_TEST

START_TEST(test_controller_meter)
{
    struct dp_pipeline *p = tp_create(false);
    struct ofp_meter_mod mm;
    struct tspec s = tspec_tcp(1, 2, 3, 4);

    mm_init(&mm, OFPMC_ADD, OFPMF_PKTPS | OFPMF_BURST, OFPM_CONTROLLER);
    mm_band(&mm, OFPMBT_DROP, 10, 1, 0);
    ck_assert_int_eq(mm_do(p, &mm), 0);
    tp_flow_out(p, 0, 1, 0, OFPP_CONTROLLER);
    /* 100 packet-ins in one second, 10 per second allowed. */
    for (int i = 0; i < 100; i++) {
        tp_send(p, &s, 1, SEC(1) + MSEC(10 * i));
    }
    ck_assert_uint_ge(dp_pipeline_n_events(p), 10);
    ck_assert_uint_le(dp_pipeline_n_events(p), 11);
    tp_drain_events(p);
    dp_pipeline_destroy(p);
}
END_TEST

START_TEST(test_meter_errors)
{
    struct dp_pipeline_config cfg;
    struct ofp_meter_mod mm;

    dp_pipeline_config_init(&cfg);
    cfg.n_tables = 1;
    cfg.max_meters = 2;
    cfg.max_bands = 2;
    struct dp_pipeline *p = tp_create_cfg(&cfg);

    mm_init(&mm, OFPMC_ADD, OFPMF_KBPS, 1);
    mm_band(&mm, OFPMBT_DROP, 100, 0, 0);
    ck_assert_int_eq(mm_do(p, &mm), 0);
    mm_init(&mm, OFPMC_ADD, OFPMF_KBPS, 1);
    mm_band(&mm, OFPMBT_DROP, 100, 0, 0);
    ck_assert_int_eq(mm_do(p, &mm), OFPERR_OFPMMFC_METER_EXISTS);
    mm_init(&mm, OFPMC_MODIFY, OFPMF_KBPS, 2);
    ck_assert_int_eq(mm_do(p, &mm), OFPERR_OFPMMFC_UNKNOWN_METER);
    mm_init(&mm, 3, OFPMF_KBPS, 2);
    ck_assert_int_eq(mm_do(p, &mm), OFPERR_OFPMMFC_BAD_COMMAND);
    static const uint32_t bad_ids[] = { 0, OFPM_MAX + 1, OFPM_SLOWPATH,
                                        OFPM_ALL };
    for (size_t i = 0; i < sizeof bad_ids / sizeof *bad_ids; i++) {
        mm_init(&mm, OFPMC_ADD, OFPMF_KBPS, bad_ids[i]);
        ck_assert_int_eq(mm_do(p, &mm), OFPERR_OFPMMFC_INVALID_METER);
    }
    mm_init(&mm, OFPMC_ADD, OFPMF_KBPS | OFPMF_PKTPS, 2);
    ck_assert_int_eq(mm_do(p, &mm), OFPERR_OFPMMFC_BAD_FLAGS);
    mm_init(&mm, OFPMC_ADD, OFPMF_BURST, 2);
    ck_assert_int_eq(mm_do(p, &mm), OFPERR_OFPMMFC_BAD_FLAGS);
    mm_init(&mm, OFPMC_ADD, OFPMF_KBPS | 0x10, 2);
    ck_assert_int_eq(mm_do(p, &mm), OFPERR_OFPMMFC_BAD_FLAGS);
    mm_init(&mm, OFPMC_ADD, OFPMF_KBPS, 2);
    mm_band(&mm, OFPMBT_DROP, 0, 0, 0);
    ck_assert_int_eq(mm_do(p, &mm), OFPERR_OFPMMFC_BAD_RATE);
    mm_init(&mm, OFPMC_ADD, OFPMF_KBPS | OFPMF_BURST, 2);
    mm_band(&mm, OFPMBT_DROP, 10, 0, 0);
    ck_assert_int_eq(mm_do(p, &mm), OFPERR_OFPMMFC_BAD_BURST);
    mm_init(&mm, OFPMC_ADD, OFPMF_KBPS, 2);
    mm_band(&mm, OFPMBT_EXPERIMENTER, 10, 0, 0);
    ck_assert_int_eq(mm_do(p, &mm), OFPERR_OFPMMFC_BAD_BAND);
    mm_init(&mm, OFPMC_ADD, OFPMF_KBPS, 2);
    for (int i = 0; i < 3; i++) {
        mm_band(&mm, OFPMBT_DROP, 10, 0, 0);
    }
    ck_assert_int_eq(mm_do(p, &mm), OFPERR_OFPMMFC_OUT_OF_BANDS);
    mm_init(&mm, OFPMC_ADD, OFPMF_PKTPS, 2);
    ck_assert_int_eq(mm_do(p, &mm), 0);
    mm_init(&mm, OFPMC_ADD, OFPMF_PKTPS, 3);
    ck_assert_int_eq(mm_do(p, &mm), OFPERR_OFPMMFC_OUT_OF_METERS);

    /* Deleting an unknown meter is not an error; a reserved id is. */
    mm_init(&mm, OFPMC_DELETE, 0, 9);
    ck_assert_int_eq(mm_do(p, &mm), 0);
    mm_init(&mm, OFPMC_DELETE, 0, OFPM_SLOWPATH);
    ck_assert_int_eq(mm_do(p, &mm), OFPERR_OFPMMFC_INVALID_METER);
    dp_pipeline_destroy(p);
}
END_TEST

START_TEST(test_delete_removes_flows)
{
    struct dp_pipeline *p = tp_create(_i);
    struct ofp_meter_mod mm;
    struct ofp_flow_mod fm;
    struct dp_event ev;
    struct tspec s = tspec_tcp(1, 2, 3, 4);

    for (uint32_t id = 1; id <= 2; id++) {
        mm_init(&mm, OFPMC_ADD, OFPMF_PKTPS, id);
        mm_band(&mm, OFPMBT_DROP, 1000, 0, 0);
        ck_assert_int_eq(mm_do(p, &mm), 0);
    }
    metered_flow(p, 1, OFPFF_SEND_FLOW_REM);
    fm_init(&fm, 0, 10);
    ofp_match_set_u32(&fm.match, OXM_IN_PORT, 2);
    fm_meter(&fm, 2);
    ck_assert_int_eq(dp_pipeline_flow_mod(p, &fm, 0), 0);
    fm_uninit(&fm);
    tp_flow_out(p, 0, 10, 3, 2);
    tp_send(p, &s, 1, 0);
    ck_assert_uint_eq(tp_drain(p, 2), 1);

    mm_init(&mm, OFPMC_DELETE, 0, 1);
    ck_assert_int_eq(mm_do(p, &mm), 0);
    ck_assert_uint_eq(dp_pipeline_flow_count(p, 0), 2);
    ck_assert(dp_pipeline_event_pop(p, &ev));
    ck_assert_int_eq(ev.type, DP_EVENT_FLOW_REMOVED);
    ck_assert_uint_eq(ev.u.flow_removed.reason, OFPRR_DELETE);
    ck_assert_uint_eq(ev.u.flow_removed.packet_count, 1);
    dp_event_uninit(&ev);
    tp_send(p, &s, 1, 0);
    ck_assert_uint_eq(tp_drain(p, 2), 0);

    mm_init(&mm, OFPMC_DELETE, 0, OFPM_ALL);
    ck_assert_int_eq(mm_do(p, &mm), 0);
    ck_assert_uint_eq(dp_pipeline_flow_count(p, 0), 1);
    struct ofp_meter_stats *ms;
    size_t n;
    dp_pipeline_meter_stats(p, OFPM_ALL, 0, &ms, &n);
    ck_assert_uint_eq(n, 0);
    free(ms);
    dp_pipeline_destroy(p);
}
END_TEST

START_TEST(test_config_and_features)
{
    struct dp_pipeline *p = tp_create(false);
    struct ofp_meter_mod mm;

    mm_init(&mm, OFPMC_ADD, OFPMF_KBPS | OFPMF_BURST | OFPMF_STATS, 7);
    mm_band(&mm, OFPMBT_DSCP_REMARK, 500, 20, 2);
    mm_band(&mm, OFPMBT_DROP, 900, 30, 0);
    ck_assert_int_eq(mm_do(p, &mm), 0);
    mm_init(&mm, OFPMC_ADD, OFPMF_PKTPS, 3);
    mm_band(&mm, OFPMBT_DROP, 5, 0, 0);
    ck_assert_int_eq(mm_do(p, &mm), 0);

    struct ofp_meter_config *mc;
    size_t n;
    dp_pipeline_meter_config(p, OFPM_ALL, &mc, &n);
    ck_assert_uint_eq(n, 2);
    ck_assert_uint_eq(mc[0].meter_id, 3);
    ck_assert_uint_eq(mc[1].meter_id, 7);
    ck_assert_uint_eq(mc[1].flags, OFPMF_KBPS | OFPMF_BURST | OFPMF_STATS);
    ck_assert_uint_eq(mc[1].bands.n, 2);
    ck_assert_uint_eq(mc[1].bands.b[0].type, OFPMBT_DSCP_REMARK);
    ck_assert_uint_eq(mc[1].bands.b[0].rate, 500);
    ck_assert_uint_eq(mc[1].bands.b[0].burst_size, 20);
    ck_assert_uint_eq(mc[1].bands.b[0].prec_level, 2);
    ck_assert_uint_eq(mc[1].bands.b[1].rate, 900);
    for (size_t i = 0; i < n; i++) {
        ofp_meter_bands_uninit(&mc[i].bands);
    }
    free(mc);
    dp_pipeline_meter_config(p, 5, &mc, &n);
    ck_assert_uint_eq(n, 0);
    free(mc);

    struct ofp_meter_features mf;
    dp_pipeline_meter_features(p, &mf);
    ck_assert_uint_eq(mf.max_meter, 65536);
    ck_assert_uint_eq(mf.band_types,
                      1u << OFPMBT_DROP | 1u << OFPMBT_DSCP_REMARK);
    ck_assert_uint_eq(mf.capabilities,
                      OFPMF_KBPS | OFPMF_PKTPS | OFPMF_BURST | OFPMF_STATS);
    ck_assert_uint_eq(mf.max_bands, 8);
    ck_assert_uint_eq(mf.max_color, 0);
    dp_pipeline_destroy(p);
}
END_TEST

static Suite *
meter_suite(void)
{
    Suite *s = suite_create("dp-meter");
    TCase *tc = tcase_create("meters");
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, test_rate_kbps, 0, 4);
    tcase_add_loop_test(tc, test_rate_pktps, 0, 4);
    tcase_add_loop_test(tc, test_dscp_remark, 0, 4);
    tcase_add_test(tc, test_remark_values);
    tcase_add_loop_test(tc, test_highest_band, 0, 4);
    tcase_add_test(tc, test_burst);
    tcase_add_test(tc, test_controller_meter);
    tcase_add_test(tc, test_meter_errors);
    tcase_add_loop_test(tc, test_delete_removes_flows, 0, 2);
    tcase_add_test(tc, test_config_and_features);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    SRunner *sr = srunner_create(meter_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
