/* tests/bench/bench-pipeline.c -- frames per second through the pipeline,
 * in memory, on one core: `make bench`.  Three rule sets:
 *
 *   1 rule          in_port=1 -> output:2;
 *   10k/20 masks    10,000 rules in 20 masks (19 masks of 500 IPv4
 *                   destination prefixes the traffic never matches, at
 *                   higher priorities, and 500 exact IPv4 sources at the
 *                   lowest priority, which the traffic hits), so every
 *                   lookup probes all 20 subtables;
 *   100k exact      100,000 rules exact on the TCP 5-tuple.
 *
 * Each runs 10,000 distinct flows (64-byte TCP frames, batches of 32) with
 * the exact-match cache warm ("cache hits"), with the cache off so that
 * every frame takes the classifier path ("no cache"), and with the cache
 * on but invalidated before every batch, so that every frame misses, takes
 * the classifier path and is recorded and inserted ("cache misses").  Frames are
 * parsed into flow keys on every pass in both cases.  Figures are frames
 * per second of the thread's CPU time, the best of 5 runs.  An optional
 * argument scales the run length (default 1).  Build without sanitizers
 * and with -O2 for meaningful figures. */
#include <config.h>

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "datapath/packet.h"
#include "datapath/pipeline.h"
#include "ofp13/actions.h"
#include "ofp13/match.h"
#include "ofp13/msgs.h"
#include "ofp13/ofp.h"

#define N_FLOWS 10000
#define FRAME_LEN 64

static void
count_cb(void *aux, uint32_t port_no, const struct dp_batch *batch)
{
    uint64_t *count = aux;
    (void)port_no;
    *count += batch->n;
}

static void
put16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

static void
put32(uint8_t *p, uint32_t v)
{
    put16(p, (uint16_t)(v >> 16));
    put16(p + 2, (uint16_t)v);
}

/* A 64-byte Ethernet/IPv4/TCP frame (checksums are not needed: nothing
 * checks them and the rules only output). */
static struct dp_packet *
make_frame(uint32_t src, uint32_t dst, uint16_t sport, uint16_t dport)
{
    uint8_t b[FRAME_LEN];
    memset(b, 0, sizeof b);
    memcpy(b, "\x02\x00\x00\x00\x00\x02\x02\x00\x00\x00\x00\x01", 12);
    put16(b + 12, 0x0800);
    b[14] = 0x45;
    put16(b + 16, FRAME_LEN - 14);
    b[22] = 64;
    b[23] = 6;
    put32(b + 26, src);
    put32(b + 30, dst);
    put16(b + 34, sport);
    put16(b + 36, dport);
    b[46] = 0x50;
    return dp_packet_create(b, sizeof b, 0);
}

static void
fm_init(struct ofp_flow_mod *fm, uint16_t priority, uint32_t out_port)
{
    memset(fm, 0, sizeof *fm);
    ofp_match_init(&fm->match);
    ofp_instructions_init(&fm->instructions);
    fm->command = OFPFC_ADD;
    fm->priority = priority;
    fm->buffer_id = OFP_NO_BUFFER;
    fm->out_port = OFPP_ANY;
    fm->out_group = OFPG_ANY;
    struct ofp_action a;
    memset(&a, 0, sizeof a);
    a.type = OFPAT_OUTPUT;
    a.u.output.port = out_port;
    fm->instructions.present = OFPIT_BIT(OFPIT_APPLY_ACTIONS);
    ofp_actions_push(&fm->instructions.apply, &a);
}

static void
add(struct dp_pipeline *p, struct ofp_flow_mod *fm)
{
    enum ofperr err = dp_pipeline_flow_mod(p, fm, 0);
    if (err) {
        fprintf(stderr, "flow_mod failed: %s\n", ofperr_get_name(err));
        exit(EXIT_FAILURE);
    }
    ofp_match_uninit(&fm->match);
    ofp_instructions_uninit(&fm->instructions);
}

enum ruleset { ONE_RULE, MASKS_10K, EXACT_100K };

/* Flow i of the traffic. */
static void
flow_tuple(enum ruleset rs, size_t i, uint32_t *src, uint32_t *dst,
           uint16_t *sport, uint16_t *dport)
{
    if (rs == MASKS_10K) {
        /* 500 sources times 20 source ports. */
        *src = 0x0a000000 + (uint32_t)(i % 500);
        *sport = (uint16_t)(1000 + i / 500);
    } else {
        *src = 0x0a000000 + (uint32_t)i;
        *sport = (uint16_t)(1000 + i % 50000);
    }
    *dst = 0x0b000001;
    *dport = 80;
}

static void
install(struct dp_pipeline *p, enum ruleset rs)
{
    struct ofp_flow_mod fm;

    switch (rs) {
    case ONE_RULE:
        fm_init(&fm, 1, 2);
        ofp_match_set_u32(&fm.match, OXM_IN_PORT, 1);
        add(p, &fm);
        break;

    case MASKS_10K:
        for (int m = 0; m < 19; m++) {
            int plen = 13 + m;
            uint32_t mask = ~0u << (32 - plen);
            for (uint32_t r = 0; r < 500; r++) {
                fm_init(&fm, (uint16_t)(100 + m), 3);
                ofp_match_set_u16(&fm.match, OXM_ETH_TYPE, 0x0800);
                ofp_match_set_masked_u32(
                    &fm.match, OXM_IPV4_DST,
                    (0xac100000u + (r << (32 - plen))) & mask, mask);
                add(p, &fm);
            }
        }
        for (uint32_t r = 0; r < 500; r++) {
            fm_init(&fm, 1, 2);
            ofp_match_set_u16(&fm.match, OXM_ETH_TYPE, 0x0800);
            ofp_match_set_u32(&fm.match, OXM_IPV4_SRC, 0x0a000000 + r);
            add(p, &fm);
        }
        break;

    case EXACT_100K:
        for (size_t i = 0; i < 100000; i++) {
            uint32_t src, dst;
            uint16_t sport, dport;
            flow_tuple(rs, i, &src, &dst, &sport, &dport);
            fm_init(&fm, 10, 2);
            ofp_match_set_u16(&fm.match, OXM_ETH_TYPE, 0x0800);
            ofp_match_set_u8(&fm.match, OXM_IP_PROTO, 6);
            ofp_match_set_u32(&fm.match, OXM_IPV4_SRC, src);
            ofp_match_set_u32(&fm.match, OXM_IPV4_DST, dst);
            ofp_match_set_u16(&fm.match, OXM_TCP_SRC, sport);
            ofp_match_set_u16(&fm.match, OXM_TCP_DST, dport);
            add(p, &fm);
        }
        break;
    }
}

static double
now_sec(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Runs 'rounds' passes over the flows; returns frames per second of CPU
 * time of this thread. */
static double
run(struct dp_pipeline *p, struct dp_packet **pkts, size_t n_pkts,
    size_t rounds, bool cold, uint64_t *out_count)
{
    struct dp_batch b;
    uint64_t before = *out_count;
    double t0 = now_sec();
    for (size_t r = 0; r < rounds; r++) {
        for (size_t i = 0; i < n_pkts; i += DP_BATCH_SIZE) {
            b.n = 0;
            for (size_t j = i; j < n_pkts && b.n < DP_BATCH_SIZE; j++) {
                b.pkts[b.n++] = pkts[j];
            }
            if (cold) {
                /* Invalidates the cache: every frame misses and is
                 * recorded and inserted. */
                dp_pipeline_set_cache_enabled(p, true);
            }
            dp_pipeline_process(p, &b, 1, 0);
        }
    }
    double dt = now_sec() - t0;
    uint64_t sent = (uint64_t)rounds * n_pkts;
    if (*out_count - before != sent) {
        fprintf(stderr, "expected %" PRIu64 " frames out, got %" PRIu64 "\n",
                sent, *out_count - before);
        exit(EXIT_FAILURE);
    }
    return (double)sent / dt;
}

/* The best of TRIALS runs: the machine may be shared, and interference only
 * ever slows a run down. */
#define TRIALS 5

static double
best_of(struct dp_pipeline *p, struct dp_packet **pkts, size_t n_pkts,
        size_t rounds, bool cold, uint64_t *out_count)
{
    double best = 0;
    for (int t = 0; t < TRIALS; t++) {
        double r = run(p, pkts, n_pkts, rounds ? rounds : 1, cold, out_count);
        best = r > best ? r : best;
    }
    return best;
}

int
main(int argc, char *argv[])
{
    static const char *const names[] = { "1 rule", "10k rules/20 masks",
                                         "100k exact rules" };
    double scale = argc > 1 ? atof(argv[1]) : 1.0;
    struct dp_packet **pkts = calloc(N_FLOWS, sizeof *pkts);

    if (scale <= 0) {
        scale = 1.0;
    }
    printf("%-20s %16s %16s %16s\n", "rule set", "cache hits", "no cache",
           "cache misses");
    for (int rs = ONE_RULE; rs <= EXACT_100K; rs++) {
        struct dp_pipeline_config cfg;
        uint64_t out = 0;

        dp_pipeline_config_init(&cfg);
        cfg.n_tables = 1;
        struct dp_pipeline *p = dp_pipeline_create(&cfg);
        dp_pipeline_port_add(p, 1, 0, OFPPS_LIVE, count_cb, &out);
        dp_pipeline_port_add(p, 2, 0, OFPPS_LIVE, count_cb, &out);
        dp_pipeline_port_add(p, 3, 0, OFPPS_LIVE, count_cb, &out);
        install(p, rs);
        for (size_t i = 0; i < N_FLOWS; i++) {
            uint32_t src, dst;
            uint16_t sport, dport;
            flow_tuple(rs, i, &src, &dst, &sport, &dport);
            pkts[i] = make_frame(src, dst, sport, dport);
        }

        /* Warm the cache, then measure hits. */
        run(p, pkts, N_FLOWS, 1, false, &out);
        double hits =
            best_of(p, pkts, N_FLOWS, (size_t)(60 * scale), false, &out);
        struct dp_pipeline_stats st;
        dp_pipeline_get_stats(p, &st);
        if (st.cache_hits < TRIALS * (uint64_t)(60 * scale) * N_FLOWS) {
            fprintf(stderr, "warning: only %" PRIu64 " cache hits\n",
                    st.cache_hits);
        }
        double cold =
            best_of(p, pkts, N_FLOWS, (size_t)(12 * scale), true, &out);
        dp_pipeline_set_cache_enabled(p, false);
        double misses =
            best_of(p, pkts, N_FLOWS, (size_t)(12 * scale), false, &out);
        printf("%-20s %11.2f Mpps %11.2f Mpps %11.2f Mpps\n", names[rs],
               hits / 1e6, misses / 1e6, cold / 1e6);
        fflush(stdout);

        for (size_t i = 0; i < N_FLOWS; i++) {
            dp_packet_destroy(pkts[i]);
        }
        dp_pipeline_destroy(p);
    }
    free(pkts);
    return EXIT_SUCCESS;
}
