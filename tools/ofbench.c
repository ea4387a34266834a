/* tools/ofbench.c -- ofbench, a load generator for OpenFlow switches in the
 * spirit of cbench and oflops.  Each mode measures one thing and prints
 * one line per result, "MODE: N ops in S s = R ops/s", with latency
 * percentiles where a round trip is timed, or one JSON object per line
 * with --json:
 *
 *   echo        dials switches and times ECHO round trips, serial or
 *               pipelined, over any number of connections;
 *   flow-mod    dials a switch and installs N distinct flows as fast as it
 *               takes them, up to a final barrier; then optionally checks
 *               the count (aggregate stats) and deletes them;
 *   packet-in   listens like a controller, installs a table-miss flow in
 *               the switches that connect and counts packet-ins per second
 *               while the caller pushes traffic into them (optionally
 *               answering each with a flow_mod and a packet-out, cbench's
 *               "throughput" mode);
 *   send-frames blasts 64-byte (or larger) Ethernet/IPv4/UDP frames with N
 *               distinct source MACs and IPs out of an interface through
 *               AF_PACKET (qdisc bypass, sendmmsg);
 *   recv-frames counts the frames arriving on an interface (TPACKET_V3
 *               receive ring) and prints the rate.
 *
 * The command line is table-driven: each mode is one 'cmd_*' function with
 * an entry in 'bench_commands' naming the options it accepts, and the
 * options are parsed once in main() into a 'struct bench_opts'.  The
 * OpenFlow modes run on one libevent loop created by their command; the
 * frame modes are plain loops.  No mode keeps state in globals.
 *
 * Exit status: 0 when the measurement succeeded, 1 when it failed (no
 * connection, an error from the switch, a wrong flow count, nothing
 * received), 2 for a bad command line. */
#include <config.h>

#include <errno.h>
#include <event2/event.h>
#include <arpa/inet.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <linux/if_packet.h>
#include <math.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "ofp13/actions.h"
#include "ofp13/errors.h"
#include "ofp13/msgs.h"
#include "ofp13/ofp.h"
#include "ofp13/text.h"
#include "tools/ofconn-lib.h"
#include "util/buf.h"
#include "util/cur.h"
#include "util/list.h"
#include "util/log.h"
#include "util/xalloc.h"

#define BENCH_EXIT_FAILURE 1
#define BENCH_EXIT_USAGE 2

/* Flows ofbench installs carry this cookie, so that it can count and
 * delete exactly its own flows. */
#define BENCH_COOKIE UINT64_C(0x0fbe000000000000)

/* flow-mod keeps at most this much queued for the switch and refills when
 * the queue falls to a quarter of it. */
#define FM_QUEUE_HIGH (1024 * 1024)
#define FM_QUEUE_LOW (FM_QUEUE_HIGH / 4)

/* send-frames/recv-frames: frames carry this after the UDP header, then a
 * 64-bit sequence number, so that recv-frames counts only what
 * send-frames sent (unless --all). */
#define FRAME_MAGIC 0x6f66626eu /* "ofbn" */
#define FRAME_UDP_SRC 1024
#define FRAME_UDP_DST 9 /* discard */
#define FRAME_BATCH 64

/* --- Options. ------------------------------------------------------------ */

enum bench_opt {
    OPT_JSON,
    OPT_DURATION,
    OPT_CONNECTIONS,
    OPT_PIPELINE,
    OPT_PAYLOAD,
    OPT_FLOWS,
    OPT_BARRIER_EVERY,
    OPT_VERIFY,
    OPT_DELETE,
    OPT_TABLE,
    OPT_PRIORITY,
    OPT_MATCH,
    OPT_ACTIONS,
    OPT_TIMEOUT,
    OPT_REPLY,
    OPT_WAIT,
    OPT_READY_FILE,
    OPT_PRIVATE_KEY,
    OPT_CERTIFICATE,
    OPT_CA_CERT,
    OPT_INTERFACE,
    OPT_RATE,
    OPT_DISTINCT,
    OPT_COUNT,
    OPT_SIZE,
    OPT_SRC_MAC,
    OPT_DST_MAC,
    OPT_SRC_IP,
    OPT_DST_IP,
    OPT_IDLE,
    OPT_ALL,
    OPT_VERBOSE,
    OPT_HELP,
    OPT_VERSION,
};
#define OPT_BIT(O) (UINT64_C(1) << (O))

static const struct option long_options[] = {
    { "json", no_argument, NULL, 256 + OPT_JSON },
    { "duration", required_argument, NULL, 256 + OPT_DURATION },
    { "connections", required_argument, NULL, 256 + OPT_CONNECTIONS },
    { "pipeline", required_argument, NULL, 256 + OPT_PIPELINE },
    { "payload", required_argument, NULL, 256 + OPT_PAYLOAD },
    { "flows", required_argument, NULL, 256 + OPT_FLOWS },
    { "barrier-every", required_argument, NULL, 256 + OPT_BARRIER_EVERY },
    { "verify", no_argument, NULL, 256 + OPT_VERIFY },
    { "delete", no_argument, NULL, 256 + OPT_DELETE },
    { "table", required_argument, NULL, 256 + OPT_TABLE },
    { "priority", required_argument, NULL, 256 + OPT_PRIORITY },
    { "match", required_argument, NULL, 256 + OPT_MATCH },
    { "actions", required_argument, NULL, 256 + OPT_ACTIONS },
    { "timeout", required_argument, NULL, 256 + OPT_TIMEOUT },
    { "reply", no_argument, NULL, 256 + OPT_REPLY },
    { "wait", required_argument, NULL, 256 + OPT_WAIT },
    { "ready-file", required_argument, NULL, 256 + OPT_READY_FILE },
    { "private-key", required_argument, NULL, 256 + OPT_PRIVATE_KEY },
    { "certificate", required_argument, NULL, 256 + OPT_CERTIFICATE },
    { "ca-cert", required_argument, NULL, 256 + OPT_CA_CERT },
    { "interface", required_argument, NULL, 256 + OPT_INTERFACE },
    { "rate", required_argument, NULL, 256 + OPT_RATE },
    { "distinct", required_argument, NULL, 256 + OPT_DISTINCT },
    { "count", required_argument, NULL, 256 + OPT_COUNT },
    { "size", required_argument, NULL, 256 + OPT_SIZE },
    { "src-mac", required_argument, NULL, 256 + OPT_SRC_MAC },
    { "dst-mac", required_argument, NULL, 256 + OPT_DST_MAC },
    { "src-ip", required_argument, NULL, 256 + OPT_SRC_IP },
    { "dst-ip", required_argument, NULL, 256 + OPT_DST_IP },
    { "idle", required_argument, NULL, 256 + OPT_IDLE },
    { "all", no_argument, NULL, 256 + OPT_ALL },
    { "verbose", required_argument, NULL, 'v' },
    { "help", no_argument, NULL, 'h' },
    { "version", no_argument, NULL, 'V' },
    { NULL, 0, NULL, 0 },
};

enum fm_match_kind {
    FM_MATCH_IPV4_DST,
    FM_MATCH_ETH_DST,
};

struct bench_opts {
    uint64_t given; /* OPT_BIT()s of the options on the command line. */
    bool json;
    double duration; /* Seconds. */
    unsigned int connections;
    unsigned int pipeline;
    unsigned int payload;
    uint64_t flows;
    uint64_t barrier_every; /* 0: only the final barrier. */
    bool verify;
    bool del;
    uint8_t table;
    uint16_t priority;
    enum fm_match_kind match;
    const char *actions; /* NULL: drop. */
    double timeout;
    bool reply;
    double wait;
    const char *ready_file;
    const char *private_key, *certificate, *ca_cert;
    const char *interface;
    uint64_t rate; /* Frames per second, 0: as fast as possible. */
    uint32_t distinct;
    uint64_t count; /* 0: no limit. */
    unsigned int size;
    uint8_t src_mac[6], dst_mac[6];
    uint32_t src_ip, dst_ip;
    double idle;
    bool all;
};

struct bench_command {
    const char *name;
    int min_args, max_args; /* Arguments after the mode. */
    uint64_t accepts;       /* OPT_BIT()s beyond the common ones. */
    const char *args;       /* Synopsis for --help. */
    const char *help;       /* One-line description for --help. */
    int (*handler)(const struct bench_opts *, int argc, char *argv[]);
};

static void bench_error(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

static void
bench_error(const char *fmt, ...)
{
    va_list args;

    fputs("ofbench: ", stderr);
    va_start(args, fmt);
    vfprintf(stderr, fmt, args);
    va_end(args);
    fputc('\n', stderr);
}

static double
ns_to_s(uint64_t ns)
{
    return ns / 1e9;
}

/* --- Latency histogram. -------------------------------------------------- */

/* Log-linear buckets: values below 64 ns exactly, then 32 buckets per
 * power of two (about 3% resolution), so percentiles need no sample
 * storage however long a run is. */
#define LAT_SUB_BITS 5
#define LAT_SUB (1u << LAT_SUB_BITS)
#define LAT_LINEAR 64
#define LAT_BUCKETS (LAT_LINEAR + (64 - 6) * LAT_SUB)

struct lat_hist {
    uint64_t n;
    uint64_t min, max;
    uint64_t buckets[LAT_BUCKETS];
};

static unsigned int
lat_bucket(uint64_t v)
{
    if (v < LAT_LINEAR) {
        return (unsigned int)v;
    }
    unsigned int e = 63 - __builtin_clzll(v); /* >= 6 */
    unsigned int sub = (unsigned int)(v >> (e - LAT_SUB_BITS)) & (LAT_SUB - 1);
    return LAT_LINEAR + (e - 6) * LAT_SUB + sub;
}

/* The smallest value that falls in bucket 'b'. */
static uint64_t
lat_bucket_floor(unsigned int b)
{
    if (b < LAT_LINEAR) {
        return b;
    }
    unsigned int e = (b - LAT_LINEAR) / LAT_SUB + 6;
    uint64_t sub = (b - LAT_LINEAR) % LAT_SUB;
    return (UINT64_C(1) << e) | sub << (e - LAT_SUB_BITS);
}

static void
lat_add(struct lat_hist *h, uint64_t ns)
{
    if (!h->n || ns < h->min) {
        h->min = ns;
    }
    if (ns > h->max) {
        h->max = ns;
    }
    h->n++;
    h->buckets[lat_bucket(ns)]++;
}

/* The value at percentile 'p' (0..100): the floor of the bucket that
 * holds it, clamped to [min, max]. */
static uint64_t
lat_percentile(const struct lat_hist *h, double p)
{
    uint64_t rank = (uint64_t)ceil(p / 100.0 * h->n);
    uint64_t seen = 0;

    if (!rank) {
        rank = 1;
    }
    for (unsigned int b = 0; b < LAT_BUCKETS; b++) {
        seen += h->buckets[b];
        if (seen >= rank) {
            uint64_t v = lat_bucket_floor(b);
            return v < h->min ? h->min : v > h->max ? h->max : v;
        }
    }
    return h->max;
}

/* --- Results. ------------------------------------------------------------ */

/* An extra number shown with a result ("connections", "errors"). */
struct res_field {
    const char *name;
    uint64_t value;
};

/* Prints one result: 'ops' operations in 'ns' nanoseconds, with latency
 * percentiles from 'lat' if it is non-NULL and not empty. */
static void
report(const struct bench_opts *o, const char *mode, uint64_t ops, uint64_t ns,
       const struct lat_hist *lat, const struct res_field *f, size_t n_f)
{
    static const struct {
        const char *name;
        double p;
    } pcts[] = { { "p50", 50 }, { "p90", 90 }, { "p99", 99 } };
    double secs = ns_to_s(ns);
    double rate = secs > 0 ? ops / secs : 0;

    if (lat && !lat->n) {
        lat = NULL;
    }
    if (o->json) {
        printf("{\"mode\":\"%s\",\"ops\":%" PRIu64
               ",\"seconds\":%.6f,\"rate\":%.1f",
               mode, ops, secs, rate);
        for (size_t i = 0; i < n_f; i++) {
            printf(",\"%s\":%" PRIu64, f[i].name, f[i].value);
        }
        if (lat) {
            printf(",\"latency_us\":{\"min\":%.1f", lat->min / 1e3);
            for (size_t i = 0; i < ARRAY_SIZE(pcts); i++) {
                printf(",\"%s\":%.1f", pcts[i].name,
                       lat_percentile(lat, pcts[i].p) / 1e3);
            }
            printf(",\"max\":%.1f}", lat->max / 1e3);
        }
        printf("}\n");
    } else {
        printf("%s: %" PRIu64 " ops in %.3f s = %.1f ops/s", mode, ops, secs,
               rate);
        for (size_t i = 0; i < n_f; i++) {
            printf("%s%s %" PRIu64, i ? ", " : " (", f[i].name, f[i].value);
        }
        if (n_f) {
            printf(")");
        }
        if (lat) {
            printf("; latency us: min %.1f", lat->min / 1e3);
            for (size_t i = 0; i < ARRAY_SIZE(pcts); i++) {
                printf(" %s %.1f", pcts[i].name,
                       lat_percentile(lat, pcts[i].p) / 1e3);
            }
            printf(" max %.1f", lat->max / 1e3);
        }
        printf("\n");
    }
    fflush(stdout);
}

/* Prints the outcome of a count check: 'n' things found, 'expected'
 * wanted. */
static void
report_count(const struct bench_opts *o, const char *mode, const char *what,
             uint64_t n, uint64_t expected)
{
    if (o->json) {
        printf("{\"mode\":\"%s\",\"%s\":%" PRIu64 ",\"expected\":%" PRIu64
               "}\n",
               mode, what, n, expected);
    } else {
        printf("%s: %" PRIu64 " %s (expected %" PRIu64 ")\n", mode, n, what,
               expected);
    }
    fflush(stdout);
}

static void
touch_ready_file(const char *path)
{
    if (!path) {
        return;
    }
    FILE *f = fopen(path, "w");
    if (!f || fclose(f)) {
        bench_error("%s: %s", path, strerror(errno));
    }
}

/* --- Common OpenFlow plumbing. ------------------------------------------- */

/* What every OpenFlow mode shares: the loop, the connections and the
 * outcome. */
struct bench {
    const struct bench_opts *opts;
    struct event_base *base;
    struct tc_ctx *tc;
    struct event *sigs[2];
    bool interrupted;
    bool failed;
};

static void bench_fail(struct bench *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Records a failure, reports it and stops the loop. */
static void
bench_fail(struct bench *b, const char *fmt, ...)
{
    va_list args;

    if (!b->failed) {
        fputs("ofbench: ", stderr);
        va_start(args, fmt);
        vfprintf(stderr, fmt, args);
        va_end(args);
        fputc('\n', stderr);
    }
    b->failed = true;
    event_base_loopexit(b->base, NULL);
}

static void
bench_signal_cb(evutil_socket_t sig, short what, void *b_)
{
    struct bench *b = b_;

    b->interrupted = true;
    event_base_loopexit(b->base, NULL);
}

/* Creates the loop and the connection context with 'cbs' and 'aux'. */
static bool
bench_init(struct bench *b, const struct bench_opts *o, unsigned int probe_ms,
           size_t write_lowat, const struct tc_callbacks *cbs, void *aux)
{
    struct tc_options tco;

    memset(b, 0, sizeof *b);
    b->opts = o;
    b->base = event_base_new();
    if (!b->base) {
        bench_error("cannot create an event loop");
        return false;
    }
    memset(&tco, 0, sizeof tco);
    tco.probe_ms = probe_ms;
    tco.write_lowat = write_lowat;
    tco.private_key = o->private_key;
    tco.certificate = o->certificate;
    tco.ca_cert = o->ca_cert;
    b->tc = tc_ctx_create(b->base, &tco, cbs, aux);
    b->sigs[0] = evsignal_new(b->base, SIGINT, bench_signal_cb, b);
    b->sigs[1] = evsignal_new(b->base, SIGTERM, bench_signal_cb, b);
    event_add(b->sigs[0], NULL);
    event_add(b->sigs[1], NULL);
    signal(SIGPIPE, SIG_IGN);
    return true;
}

static void
bench_uninit(struct bench *b)
{
    tc_ctx_destroy(b->tc);
    for (size_t i = 0; i < ARRAY_SIZE(b->sigs); i++) {
        if (b->sigs[i]) {
            event_free(b->sigs[i]);
        }
    }
    if (b->base) {
        event_base_free(b->base);
    }
}

/* Parses and dials 'spec'.  Returns the connection or NULL after
 * reporting why. */
static struct tc_conn *
bench_connect(struct bench *b, const char *spec)
{
    struct tc_target t;
    struct tc_conn *conn;
    char *err = tc_target_parse(spec, &t);

    if (!err && t.passive) {
        err =
            xasprintf("%s: needs an active target (tcp:, ssl:, unix:)", spec);
    }
    if (!err) {
        tc_ctx_connect(b->tc, &t, &conn, &err);
    }
    if (err) {
        bench_error("%s", err);
        free(err);
        return NULL;
    }
    return conn;
}

static void
timer_after(struct event *ev, double secs)
{
    struct timeval tv;

    tv.tv_sec = (time_t)secs;
    tv.tv_usec = (suseconds_t)((secs - (double)tv.tv_sec) * 1e6);
    evtimer_add(ev, &tv);
}

/* Logs an OFPT_ERROR from the switch (the first few only). */
static void
log_switch_error(struct tc_conn *conn, const uint8_t *data, size_t size,
                 uint64_t n_errors)
{
    struct ofp_msg msg;

    if (n_errors > 5) {
        return;
    }
    if (ofp_msg_decode(data, size, &msg)) {
        bench_error("%s: undecodable error message", tc_conn_name(conn));
    } else {
        const char *name = ofperr_get_name(msg.u.error.error);
        bench_error("%s: error from switch (xid %" PRIu32 "): %s (type %u, "
                    "code %u)%s",
                    tc_conn_name(conn), msg.xid, name ? name : "unknown",
                    msg.u.error.type, msg.u.error.code,
                    n_errors == 5 ? "; further errors not shown" : "");
    }
    ofp_msg_uninit(&msg);
}

static void
send_barrier(struct tc_conn *conn, uint32_t xid)
{
    uint8_t m[OFP_HEADER_LEN];

    m[0] = OFP13_VERSION;
    m[1] = OFPT_BARRIER_REQUEST;
    put_be16(m + 2, sizeof m);
    put_be32(m + 4, xid);
    tc_conn_send(conn, m, sizeof m);
}

static void
flow_mod_init(struct ofp_msg *msg, uint32_t xid, uint8_t command)
{
    ofp_msg_init(msg, OFP13_VERSION, OFPT_FLOW_MOD, xid);
    struct ofp_flow_mod *fm = &msg->u.flow_mod;
    fm->command = command;
    fm->cookie = BENCH_COOKIE;
    fm->buffer_id = OFP_NO_BUFFER;
    fm->out_port = OFPP_ANY;
    fm->out_group = OFPG_ANY;
}

/* Sends a DELETE of every flow with ofbench's cookie, in every table. */
static void
send_delete_ours(struct tc_conn *conn)
{
    struct ofp_msg msg;

    flow_mod_init(&msg, tc_conn_next_xid(conn), OFPFC_DELETE);
    msg.u.flow_mod.table_id = OFPTT_ALL;
    msg.u.flow_mod.cookie_mask = UINT64_MAX;
    tc_conn_send_msg(conn, &msg);
    ofp_msg_uninit(&msg);
}

/* Sends an aggregate-stats request for ofbench's flows in all tables. */
static void
send_aggregate_request(struct tc_conn *conn, uint32_t xid)
{
    struct ofp_msg msg;

    ofp_msg_init_mp_request(&msg, xid, OFPMP_AGGREGATE);
    struct ofp_flow_stats_request *r = &msg.u.mp_request.u.flow;
    r->table_id = OFPTT_ALL;
    r->out_port = OFPP_ANY;
    r->out_group = OFPG_ANY;
    r->cookie = BENCH_COOKIE;
    r->cookie_mask = UINT64_MAX;
    tc_conn_send_msg(conn, &msg);
    ofp_msg_uninit(&msg);
}

/* Decodes an aggregate-stats reply; false if 'data' is not one. */
static bool
decode_aggregate_reply(const uint8_t *data, size_t size, uint32_t *count)
{
    struct ofp_msg msg;
    bool ok = false;

    if (!ofp_msg_decode(data, size, &msg) &&
        msg.type == OFPT_MULTIPART_REPLY &&
        msg.u.mp_reply.type == OFPMP_AGGREGATE) {
        *count = msg.u.mp_reply.u.aggregate.flow_count;
        ok = true;
    }
    ofp_msg_uninit(&msg);
    return ok;
}

static void
push_output(struct ofp_actions *actions, uint32_t port, uint16_t max_len)
{
    struct ofp_action a;

    memset(&a, 0, sizeof a);
    a.type = OFPAT_OUTPUT;
    a.u.output.port = port;
    a.u.output.max_len = max_len;
    ofp_actions_push(actions, &a);
}

/* Parses --actions into 'insts' (empty, i.e. drop, without it).  Returns
 * false after reporting an error. */
static bool
parse_actions(const struct bench_opts *o, struct ofp_instructions *insts)
{
    if (!o->actions) {
        ofp_instructions_init(insts);
        return true;
    }
    char *err = ofp_instructions_parse(o->actions, NULL, insts);
    if (err) {
        bench_error("--actions: %s", err);
        free(err);
        return false;
    }
    return true;
}

/* --- echo. --------------------------------------------------------------- */

struct echo_bench {
    struct bench b;
    size_t n_conns, n_up;
    bool running, finished;
    uint64_t start_ns, end_ns;
    uint64_t n_ops;
    struct lat_hist lat;
    struct event *timer;
};

/* An ECHO_REQUEST whose payload starts with the time it was sent. */
static void
echo_send(struct echo_bench *eb, struct tc_conn *conn)
{
    size_t size = OFP_HEADER_LEN + eb->b.opts->payload;
    uint8_t stackbuf[256];
    uint8_t *m = size <= sizeof stackbuf ? stackbuf : xzalloc(size);

    if (m == stackbuf) {
        memset(m, 0, size);
    }
    m[0] = OFP13_VERSION;
    m[1] = OFPT_ECHO_REQUEST;
    put_be16(m + 2, (uint16_t)size);
    put_be32(m + 4, tc_conn_next_xid(conn));
    put_be64(m + 8, tc_now_ns());
    tc_conn_send(conn, m, size);
    if (m != stackbuf) {
        free(m);
    }
}

static void
echo_connected_cb(struct tc_conn *conn, void *eb_)
{
    struct echo_bench *eb = eb_;

    for (unsigned int i = 0; i < eb->b.opts->pipeline; i++) {
        echo_send(eb, conn);
    }
    if (++eb->n_up == eb->n_conns) {
        /* Measure only once every connection is busy. */
        eb->running = true;
        eb->start_ns = tc_now_ns();
        timer_after(eb->timer, eb->b.opts->duration);
    }
}

static void
echo_received_cb(struct tc_conn *conn, const uint8_t *data, size_t size,
                 void *eb_)
{
    struct echo_bench *eb = eb_;

    if (data[1] == OFPT_ERROR) {
        log_switch_error(conn, data, size, 1);
        bench_fail(&eb->b, "%s: echo failed", tc_conn_name(conn));
        return;
    }
    if (data[1] != OFPT_ECHO_REPLY || eb->finished) {
        return;
    }
    if (size != OFP_HEADER_LEN + eb->b.opts->payload) {
        bench_fail(&eb->b, "%s: echo reply of %zu bytes, expected %u",
                   tc_conn_name(conn), size,
                   OFP_HEADER_LEN + eb->b.opts->payload);
        return;
    }
    uint64_t now = tc_now_ns();
    uint64_t sent = get_be64(data + 8);
    if (eb->running && sent >= eb->start_ns) {
        eb->n_ops++;
        lat_add(&eb->lat, now - sent);
    }
    echo_send(eb, conn);
}

static void
echo_closed_cb(struct tc_conn *conn, const char *why, void *eb_)
{
    struct echo_bench *eb = eb_;

    if (!eb->finished) {
        bench_fail(&eb->b, "%s: %s", tc_conn_name(conn), why);
    }
}

static void
echo_timer_cb(evutil_socket_t fd, short what, void *eb_)
{
    struct echo_bench *eb = eb_;

    eb->finished = true;
    eb->end_ns = tc_now_ns();
    event_base_loopexit(eb->b.base, NULL);
}

static int
cmd_echo(const struct bench_opts *o, int argc, char *argv[])
{
    static const struct tc_callbacks cbs = {
        .connected = echo_connected_cb,
        .received = echo_received_cb,
        .closed = echo_closed_cb,
    };
    struct echo_bench *eb = xzalloc(sizeof *eb);
    int status = BENCH_EXIT_FAILURE;

    if (o->payload < 8) {
        bench_error("--payload must be at least 8 bytes (the timestamp)");
        free(eb);
        return BENCH_EXIT_USAGE;
    }
    if (!bench_init(&eb->b, o, 0, 0, &cbs, eb)) {
        goto out;
    }
    eb->timer = evtimer_new(eb->b.base, echo_timer_cb, eb);
    for (int i = 1; i < argc; i++) {
        for (unsigned int j = 0; j < o->connections; j++) {
            if (!bench_connect(&eb->b, argv[i])) {
                goto out;
            }
            eb->n_conns++;
        }
    }
    event_base_dispatch(eb->b.base);
    if (eb->b.interrupted && eb->running && !eb->finished) {
        eb->finished = true;
        eb->end_ns = tc_now_ns();
    }
    if (!eb->b.failed && eb->finished) {
        const struct res_field f[] = {
            { "connections", eb->n_conns },
            { "pipeline", o->pipeline },
        };
        report(o, "echo", eb->n_ops, eb->end_ns - eb->start_ns, &eb->lat, f,
               ARRAY_SIZE(f));
        status = eb->n_ops ? 0 : BENCH_EXIT_FAILURE;
    }

out:
    if (eb->timer) {
        event_free(eb->timer);
    }
    eb->finished = true; /* Closing now is not a failure. */
    bench_uninit(&eb->b);
    free(eb);
    return status;
}

/* --- flow-mod. ----------------------------------------------------------- */

enum fm_phase {
    FM_CONNECTING,
    FM_ADDING,
    FM_VERIFY,
    FM_DELETING,
    FM_VERIFY_DELETE,
    FM_DONE,
};

struct fm_barrier {
    uint32_t xid;
    uint64_t sent_ns;
};

struct fm_conn {
    struct fm_bench *fb;
    struct tc_conn *conn;
    uint64_t next, end;     /* Flow indexes still to send: [next, end). */
    uint64_t since_barrier; /* Flows sent since the last barrier. */
    bool all_sent, done;
    uint32_t final_xid;
    /* Outstanding barriers, oldest first (a ring). */
    struct fm_barrier *barriers;
    size_t n_barriers, head, cap;
};

struct fm_bench {
    struct bench b;
    struct fm_conn *conns;
    size_t n_conns, n_up, n_done;
    enum fm_phase phase;
    struct ofp_msg tmpl; /* The flow_mod; the match value changes. */
    struct buf wire;     /* Scratch for encoding. */
    uint64_t start_ns, end_ns, del_start_ns, del_end_ns;
    uint64_t n_errors;
    uint32_t verify_xid, delete_xid;
    bool have_count, have_count_after;
    uint32_t count, count_after;
    struct lat_hist lat; /* Barrier round trips (with --barrier-every). */
    struct event *timeout;
};

/* Sets the match of the template to flow number 'i'. */
static void
fm_set_match(struct fm_bench *fb, uint64_t i)
{
    struct ofp_match *m = &fb->tmpl.u.flow_mod.match;

    if (fb->b.opts->match == FM_MATCH_IPV4_DST) {
        /* 10.0.0.0/8 holds 2^24 distinct destinations. */
        ofp_match_set_u32(m, OXM_IPV4_DST, 0x0a000000u + (uint32_t)i);
    } else {
        uint8_t mac[6] = {
            0x02, 0x0f, 0xbe, (uint8_t)(i >> 16), (uint8_t)(i >> 8), (uint8_t)i
        };
        ofp_match_set(m, OXM_ETH_DST, mac, NULL);
    }
}

static void
fm_send_barrier(struct fm_conn *fc)
{
    uint32_t xid = tc_conn_next_xid(fc->conn);

    if (fc->n_barriers == fc->cap) {
        /* Grow the ring, unrolling it to start at 0. */
        size_t cap = fc->cap ? fc->cap * 2 : 16;
        struct fm_barrier *nb = xcalloc(cap, sizeof *nb);
        for (size_t i = 0; i < fc->n_barriers; i++) {
            nb[i] = fc->barriers[(fc->head + i) % fc->cap];
        }
        free(fc->barriers);
        fc->barriers = nb;
        fc->cap = cap;
        fc->head = 0;
    }
    struct fm_barrier *rec =
        &fc->barriers[(fc->head + fc->n_barriers++) % fc->cap];
    rec->xid = xid;
    rec->sent_ns = tc_now_ns();
    send_barrier(fc->conn, xid);
    fc->since_barrier = 0;
    if (fc->next == fc->end) {
        fc->final_xid = xid;
        fc->all_sent = true;
    }
}

/* Queues flow_mods on 'fc' until its output queue is full or every flow
 * of its share is sent (followed by the final barrier). */
static void
fm_fill(struct fm_conn *fc)
{
    struct fm_bench *fb = fc->fb;
    uint64_t every = fb->b.opts->barrier_every;

    while (!fc->all_sent && tc_conn_pending(fc->conn) < FM_QUEUE_HIGH) {
        if (fc->next == fc->end) {
            fm_send_barrier(fc);
            break;
        }
        fm_set_match(fb, fc->next++);
        fb->tmpl.xid = tc_conn_next_xid(fc->conn);
        buf_clear(&fb->wire);
        int err = ofp_msg_encode(&fb->tmpl, &fb->wire);
        if (err) {
            bench_fail(&fb->b, "cannot encode the flow_mod: %s",
                       strerror(err));
            return;
        }
        tc_conn_send(fc->conn, fb->wire.data, fb->wire.size);
        if (++fc->since_barrier == every && fc->next < fc->end) {
            fm_send_barrier(fc);
        }
    }
}

static void
fm_next_phase(struct fm_bench *fb)
{
    const struct bench_opts *o = fb->b.opts;
    struct tc_conn *conn = fb->conns[0].conn;

    switch (fb->phase) {
    case FM_ADDING:
        if (o->verify) {
            fb->phase = FM_VERIFY;
            fb->verify_xid = tc_conn_next_xid(conn);
            send_aggregate_request(conn, fb->verify_xid);
            return;
        }
        /* Fall through. */
    case FM_VERIFY:
        if (o->del) {
            fb->phase = FM_DELETING;
            fb->del_start_ns = tc_now_ns();
            send_delete_ours(conn);
            fb->delete_xid = tc_conn_next_xid(conn);
            send_barrier(conn, fb->delete_xid);
            return;
        }
        break;
    case FM_DELETING:
        if (o->verify) {
            fb->phase = FM_VERIFY_DELETE;
            fb->verify_xid = tc_conn_next_xid(conn);
            send_aggregate_request(conn, fb->verify_xid);
            return;
        }
        break;
    case FM_CONNECTING:
    case FM_VERIFY_DELETE:
    case FM_DONE:
        break;
    }
    fb->phase = FM_DONE;
    event_base_loopexit(fb->b.base, NULL);
}

static void
fm_connected_cb(struct tc_conn *conn, void *fb_)
{
    struct fm_bench *fb = fb_;

    if (++fb->n_up < fb->n_conns) {
        return;
    }
    /* Start every connection at once. */
    fb->phase = FM_ADDING;
    fb->start_ns = tc_now_ns();
    for (size_t i = 0; i < fb->n_conns; i++) {
        fm_fill(&fb->conns[i]);
    }
}

static void
fm_drained_cb(struct tc_conn *conn, void *fb_)
{
    struct fm_conn *fc = tc_conn_get_user(conn);

    if (fc->fb->phase == FM_ADDING) {
        fm_fill(fc);
    }
}

static void
fm_barrier_reply(struct fm_conn *fc, uint32_t xid)
{
    struct fm_bench *fb = fc->fb;
    uint64_t now = tc_now_ns();

    if (fb->phase == FM_DELETING && fc == &fb->conns[0] &&
        xid == fb->delete_xid) {
        fb->del_end_ns = now;
        fm_next_phase(fb);
        return;
    }
    /* Barrier replies come in order (OF1.3.5 §6.2). */
    while (fc->n_barriers) {
        struct fm_barrier *rec = &fc->barriers[fc->head];
        fc->head = (fc->head + 1) % fc->cap;
        fc->n_barriers--;
        if (rec->xid == xid) {
            if (fb->b.opts->barrier_every) {
                lat_add(&fb->lat, now - rec->sent_ns);
            }
            break;
        }
    }
    if (xid == fc->final_xid && fc->all_sent && !fc->done) {
        fc->done = true;
        if (++fb->n_done == fb->n_conns) {
            fb->end_ns = now;
            fm_next_phase(fb);
        }
    }
}

static void
fm_received_cb(struct tc_conn *conn, const uint8_t *data, size_t size,
               void *fb_)
{
    struct fm_bench *fb = fb_;
    struct fm_conn *fc = tc_conn_get_user(conn);
    uint32_t xid = get_be32(data + 4);

    switch (data[1]) {
    case OFPT_ERROR:
        log_switch_error(conn, data, size, ++fb->n_errors);
        break;
    case OFPT_BARRIER_REPLY:
        fm_barrier_reply(fc, xid);
        break;
    case OFPT_MULTIPART_REPLY:
        if (xid != fb->verify_xid) {
            break;
        }
        if (fb->phase == FM_VERIFY) {
            fb->have_count = decode_aggregate_reply(data, size, &fb->count);
        } else if (fb->phase == FM_VERIFY_DELETE) {
            fb->have_count_after =
                decode_aggregate_reply(data, size, &fb->count_after);
        } else {
            break;
        }
        fm_next_phase(fb);
        break;
    default:
        break;
    }
}

static void
fm_closed_cb(struct tc_conn *conn, const char *why, void *fb_)
{
    struct fm_bench *fb = fb_;
    struct fm_conn *fc = tc_conn_get_user(conn);

    if (fc) {
        fc->conn = NULL;
    }
    if (fb->phase != FM_DONE) {
        bench_fail(&fb->b, "%s: %s", tc_conn_name(conn), why);
    }
}

static void
fm_timeout_cb(evutil_socket_t fd, short what, void *fb_)
{
    struct fm_bench *fb = fb_;

    bench_fail(&fb->b, "timed out after %.0f s (phase %d)",
               fb->b.opts->timeout, (int)fb->phase);
}

/* Builds the flow_mod template from the options.  Returns false after
 * reporting an error. */
static bool
fm_make_template(struct fm_bench *fb)
{
    const struct bench_opts *o = fb->b.opts;

    flow_mod_init(&fb->tmpl, 0, OFPFC_ADD);
    struct ofp_flow_mod *fm = &fb->tmpl.u.flow_mod;
    fm->table_id = o->table;
    fm->priority = o->priority;
    if (o->match == FM_MATCH_IPV4_DST) {
        ofp_match_set_u16(&fm->match, OXM_ETH_TYPE, 0x0800);
    }
    fm_set_match(fb, 0);
    ofp_instructions_uninit(&fm->instructions);
    if (!parse_actions(o, &fm->instructions)) {
        return false;
    }
    return true;
}

static int
cmd_flow_mod(const struct bench_opts *o, int argc, char *argv[])
{
    static const struct tc_callbacks cbs = {
        .connected = fm_connected_cb,
        .received = fm_received_cb,
        .drained = fm_drained_cb,
        .closed = fm_closed_cb,
    };
    struct fm_bench *fb = xzalloc(sizeof *fb);
    int status = BENCH_EXIT_FAILURE;

    if (o->flows > (UINT64_C(1) << 24)) {
        bench_error("--flows: at most 16777216 distinct flows");
        free(fb);
        return BENCH_EXIT_USAGE;
    }
    if (!bench_init(&fb->b, o, 0, FM_QUEUE_LOW, &cbs, fb)) {
        goto out;
    }
    if (!fm_make_template(fb)) {
        status = BENCH_EXIT_USAGE;
        goto out;
    }
    fb->timeout = evtimer_new(fb->b.base, fm_timeout_cb, fb);
    timer_after(fb->timeout, o->timeout);

    fb->n_conns = o->connections;
    fb->conns = xcalloc(fb->n_conns, sizeof *fb->conns);
    for (size_t i = 0; i < fb->n_conns; i++) {
        struct fm_conn *fc = &fb->conns[i];
        fc->fb = fb;
        fc->next = o->flows * i / fb->n_conns;
        fc->end = o->flows * (i + 1) / fb->n_conns;
        fc->conn = bench_connect(&fb->b, argv[1]);
        if (!fc->conn) {
            goto out;
        }
        tc_conn_set_user(fc->conn, fc);
    }
    event_base_dispatch(fb->b.base);
    if (fb->b.failed || fb->b.interrupted || fb->phase != FM_DONE) {
        if (fb->b.interrupted) {
            bench_error("interrupted");
        }
        goto out;
    }

    const struct res_field f[] = {
        { "connections", fb->n_conns },
        { "errors", fb->n_errors },
    };
    report(o, "flow-mod", o->flows, fb->end_ns - fb->start_ns, &fb->lat, f,
           ARRAY_SIZE(f));
    status = fb->n_errors ? BENCH_EXIT_FAILURE : 0;
    if (o->verify) {
        if (!fb->have_count) {
            bench_error("flow-mod verify: no aggregate-stats reply");
            status = BENCH_EXIT_FAILURE;
        } else {
            report_count(o, "flow-mod-verify", "flows", fb->count, o->flows);
            if (fb->count != o->flows) {
                bench_error("flow-mod verify: %" PRIu32 " flows installed, "
                            "expected %" PRIu64,
                            fb->count, o->flows);
                status = BENCH_EXIT_FAILURE;
            }
        }
    }
    if (o->del) {
        report(o, "flow-mod-delete", o->flows,
               fb->del_end_ns - fb->del_start_ns, NULL, NULL, 0);
        if (o->verify && fb->have_count_after) {
            report_count(o, "flow-mod-verify-delete", "flows", fb->count_after,
                         0);
        }
        if (o->verify && (!fb->have_count_after || fb->count_after)) {
            bench_error("flow-mod verify: %" PRIu32 " flows left after "
                        "delete",
                        fb->count_after);
            status = BENCH_EXIT_FAILURE;
        }
    }

out:
    if (fb->timeout) {
        event_free(fb->timeout);
    }
    fb->phase = FM_DONE; /* Closing now is not a failure. */
    bench_uninit(&fb->b);
    if (fb->conns) {
        for (size_t i = 0; i < fb->n_conns; i++) {
            free(fb->conns[i].barriers);
        }
    }
    free(fb->conns);
    ofp_msg_uninit(&fb->tmpl);
    buf_uninit(&fb->wire);
    free(fb);
    return status;
}

/* --- packet-in. ---------------------------------------------------------- */

struct pin_switch {
    struct list node; /* In pin_bench's 'switches'. */
    struct pin_bench *pb;
    struct tc_conn *conn;
    uint32_t features_xid, setup_xid, cleanup_xid;
    bool ready, cleaned;
    uint64_t dpid;
};

struct pin_bench {
    struct bench b;
    struct list switches;
    size_t n_ready;
    bool counting, finished, cleaning;
    uint64_t start_ns, end_ns;
    uint64_t n_ops, n_replies, n_errors;
    struct ofp_instructions reply_insts;
    struct event *wait_timer, *run_timer, *cleanup_timer;
};

/* On connect: features (for the datapath id), our old flows removed, the
 * table-miss flow sending whole frames to us, then a barrier that tells
 * when the switch is ready. */
static void
pin_setup(struct pin_switch *ps)
{
    struct ofp_msg msg;

    ps->features_xid = tc_conn_next_xid(ps->conn);
    ofp_msg_init(&msg, OFP13_VERSION, OFPT_FEATURES_REQUEST, ps->features_xid);
    tc_conn_send_msg(ps->conn, &msg);
    ofp_msg_uninit(&msg);

    send_delete_ours(ps->conn);

    flow_mod_init(&msg, tc_conn_next_xid(ps->conn), OFPFC_ADD);
    struct ofp_flow_mod *fm = &msg.u.flow_mod;
    fm->priority = 0;
    fm->instructions.present |= OFPIT_BIT(OFPIT_APPLY_ACTIONS);
    push_output(&fm->instructions.apply, OFPP_CONTROLLER, OFPCML_NO_BUFFER);
    tc_conn_send_msg(ps->conn, &msg);
    ofp_msg_uninit(&msg);

    ps->setup_xid = tc_conn_next_xid(ps->conn);
    send_barrier(ps->conn, ps->setup_xid);
}

/* Starts removing our flows from every switch; the loop ends when all
 * have confirmed (or after 3 s). */
static void
pin_cleanup(struct pin_bench *pb)
{
    struct pin_switch *ps;
    size_t n = 0;

    if (pb->cleaning) {
        return;
    }
    pb->cleaning = true;
    LIST_FOR_EACH(ps, node, &pb->switches)
    {
        send_delete_ours(ps->conn);
        ps->cleanup_xid = tc_conn_next_xid(ps->conn);
        send_barrier(ps->conn, ps->cleanup_xid);
        n++;
    }
    if (!n) {
        event_base_loopexit(pb->b.base, NULL);
        return;
    }
    timer_after(pb->cleanup_timer, 3.0);
}

static void
pin_check_cleaned(struct pin_bench *pb)
{
    struct pin_switch *ps;

    LIST_FOR_EACH(ps, node, &pb->switches)
    {
        if (!ps->cleaned) {
            return;
        }
    }
    event_base_loopexit(pb->b.base, NULL);
}

static void
pin_finish(struct pin_bench *pb)
{
    if (!pb->finished) {
        pb->finished = true;
        pb->end_ns = tc_now_ns();
    }
    pin_cleanup(pb);
}

/* cbench's "throughput" mode: a flow for the frame's (in_port, eth_src,
 * eth_dst) and the frame itself sent on, both with --actions (drop by
 * default).  A buffered frame is released by the flow_mod instead. */
static void
pin_reply(struct pin_bench *pb, struct tc_conn *conn, const uint8_t *data,
          size_t size)
{
    struct ofp_msg pin, msg;

    if (ofp_msg_decode(data, size, &pin)) {
        ofp_msg_uninit(&pin);
        return;
    }
    const struct ofp_packet_in *pi = &pin.u.packet_in;
    uint32_t in_port =
        ofp_match_has(&pi->match, OXM_IN_PORT)
            ? (uint32_t)ofp_match_get_uint(&pi->match, OXM_IN_PORT)
            : OFPP_CONTROLLER;

    flow_mod_init(&msg, tc_conn_next_xid(conn), OFPFC_ADD);
    struct ofp_flow_mod *fm = &msg.u.flow_mod;
    fm->priority = 1;
    fm->idle_timeout = 10;
    fm->buffer_id = pi->buffer_id;
    if (in_port != OFPP_CONTROLLER) {
        ofp_match_set_u32(&fm->match, OXM_IN_PORT, in_port);
    }
    if (pi->data.len >= 14) {
        ofp_match_set(&fm->match, OXM_ETH_DST, pi->data.data, NULL);
        ofp_match_set(&fm->match, OXM_ETH_SRC, pi->data.data + 6, NULL);
    }
    ofp_instructions_uninit(&fm->instructions);
    ofp_instructions_copy(&fm->instructions, &pb->reply_insts);
    tc_conn_send_msg(conn, &msg);
    ofp_msg_uninit(&msg);

    if (pi->buffer_id == OFP_NO_BUFFER) {
        ofp_msg_init(&msg, OFP13_VERSION, OFPT_PACKET_OUT,
                     tc_conn_next_xid(conn));
        struct ofp_packet_out *po = &msg.u.packet_out;
        po->buffer_id = OFP_NO_BUFFER;
        po->in_port = in_port;
        ofp_actions_copy(&po->actions, &pb->reply_insts.apply);
        ofp_bytes_set(&po->data, pi->data.data, pi->data.len);
        tc_conn_send_msg(conn, &msg);
        ofp_msg_uninit(&msg);
    }
    ofp_msg_uninit(&pin);
    pb->n_replies++;
}

static void
pin_connected_cb(struct tc_conn *conn, void *pb_)
{
    struct pin_bench *pb = pb_;
    struct pin_switch *ps = xzalloc(sizeof *ps);

    ps->pb = pb;
    ps->conn = conn;
    list_push_back(&pb->switches, &ps->node);
    tc_conn_set_user(conn, ps);
    if (pb->cleaning) {
        tc_conn_close(conn, "benchmark over");
        return;
    }
    pin_setup(ps);
}

static void
pin_received_cb(struct tc_conn *conn, const uint8_t *data, size_t size,
                void *pb_)
{
    struct pin_bench *pb = pb_;
    struct pin_switch *ps = tc_conn_get_user(conn);
    uint32_t xid = get_be32(data + 4);

    switch (data[1]) {
    case OFPT_PACKET_IN:
        if (pb->finished || !ps->ready) {
            break;
        }
        if (!pb->counting) {
            pb->counting = true;
            pb->start_ns = tc_now_ns();
            timer_after(pb->run_timer, pb->b.opts->duration);
        }
        pb->n_ops++;
        if (pb->b.opts->reply) {
            pin_reply(pb, conn, data, size);
        }
        break;
    case OFPT_FEATURES_REPLY:
        if (xid == ps->features_xid && size >= 16) {
            ps->dpid = get_be64(data + 8);
        }
        break;
    case OFPT_BARRIER_REPLY:
        if (xid == ps->setup_xid && !ps->ready) {
            ps->ready = true;
            pb->n_ready++;
            fprintf(stderr,
                    "ofbench: switch %016" PRIx64 " (%s) ready for "
                    "packet-ins\n",
                    ps->dpid, tc_conn_name(conn));
            if (pb->n_ready == 1 && !pb->counting) {
                /* The caller starts the traffic now: give it --wait
                 * seconds from here. */
                timer_after(pb->wait_timer, pb->b.opts->wait);
                touch_ready_file(pb->b.opts->ready_file);
            }
        } else if (xid == ps->cleanup_xid && pb->cleaning) {
            ps->cleaned = true;
            pin_check_cleaned(pb);
        }
        break;
    case OFPT_ERROR:
        log_switch_error(conn, data, size, ++pb->n_errors);
        break;
    default:
        break;
    }
}

static void
pin_closed_cb(struct tc_conn *conn, const char *why, void *pb_)
{
    struct pin_bench *pb = pb_;
    struct pin_switch *ps = tc_conn_get_user(conn);

    if (!ps) {
        return;
    }
    if (!pb->cleaning) {
        bench_error("switch %016" PRIx64 " (%s) went away: %s", ps->dpid,
                    tc_conn_name(conn), why);
    }
    if (ps->ready) {
        pb->n_ready--;
    }
    list_remove(&ps->node);
    free(ps);
    if (pb->cleaning) {
        pin_check_cleaned(pb);
    } else if (pb->counting && !pb->n_ready) {
        /* Nobody left to measure. */
        pin_finish(pb);
    }
}

static void
pin_run_timer_cb(evutil_socket_t fd, short what, void *pb_)
{
    pin_finish(pb_);
}

static void
pin_wait_timer_cb(evutil_socket_t fd, short what, void *pb_)
{
    struct pin_bench *pb = pb_;

    if (pb->counting) {
        return;
    }
    if (!pb->n_ready) {
        bench_error("no switch became ready within %.0f s", pb->b.opts->wait);
    } else {
        bench_error("no packet-in within %.0f s", pb->b.opts->wait);
    }
    pb->b.failed = true;
    pin_cleanup(pb);
}

static void
pin_cleanup_timer_cb(evutil_socket_t fd, short what, void *pb_)
{
    struct pin_bench *pb = pb_;
    event_base_loopexit(pb->b.base, NULL);
}

static int
cmd_packet_in(const struct bench_opts *o, int argc, char *argv[])
{
    static const struct tc_callbacks cbs = {
        .connected = pin_connected_cb,
        .received = pin_received_cb,
        .closed = pin_closed_cb,
    };
    struct pin_bench *pb = xzalloc(sizeof *pb);
    const char *spec = argc > 1 ? argv[1] : "ptcp:6653";
    int status = BENCH_EXIT_FAILURE;
    struct tc_target t;

    list_init(&pb->switches);
    ofp_instructions_init(&pb->reply_insts);
    char *err = tc_target_parse(spec, &t);
    if (!err && !t.passive) {
        err = xasprintf("%s: needs a passive target (ptcp:, pssl:, punix:)",
                        spec);
    }
    if (err) {
        bench_error("%s", err);
        free(err);
        free(pb);
        return BENCH_EXIT_USAGE;
    }
    ofp_instructions_uninit(&pb->reply_insts);
    if (!parse_actions(o, &pb->reply_insts)) {
        free(pb);
        return BENCH_EXIT_USAGE;
    }
    if (!bench_init(&pb->b, o, 5000, 0, &cbs, pb)) {
        goto out;
    }
    pb->wait_timer = evtimer_new(pb->b.base, pin_wait_timer_cb, pb);
    pb->run_timer = evtimer_new(pb->b.base, pin_run_timer_cb, pb);
    pb->cleanup_timer = evtimer_new(pb->b.base, pin_cleanup_timer_cb, pb);
    if (tc_ctx_listen(pb->b.tc, &t, &err)) {
        bench_error("%s", err);
        free(err);
        goto out;
    }
    timer_after(pb->wait_timer, o->wait);
    event_base_dispatch(pb->b.base);
    if (pb->b.interrupted && !pb->cleaning) {
        /* Interrupted while measuring: report what was seen, clean up. */
        pin_finish(pb);
        pb->b.interrupted = false;
        event_base_dispatch(pb->b.base);
    }
    if (!pb->b.failed && pb->counting) {
        const struct res_field f[] = {
            { "replies", pb->n_replies },
            { "errors", pb->n_errors },
        };
        /* "replies" only means something with --reply. */
        report(o, "packet-in", pb->n_ops, pb->end_ns - pb->start_ns, NULL,
               o->reply ? f : f + 1, o->reply ? 2 : 1);
        status = pb->n_errors ? BENCH_EXIT_FAILURE : 0;
    }

out:
    pb->cleaning = true; /* Closing now is not a failure. */
    bench_uninit(&pb->b);
    if (pb->wait_timer) {
        event_free(pb->wait_timer);
        event_free(pb->run_timer);
        event_free(pb->cleanup_timer);
    }
    ofp_instructions_uninit(&pb->reply_insts);
    free(pb);
    return status;
}

/* --- Frames. ------------------------------------------------------------- */

/* A signalfd for SIGINT and SIGTERM (blocked), so that the frame loops
 * can stop cleanly and print what they measured.  Returns -1 on error. */
static int
frames_signalfd(void)
{
    sigset_t set;

    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    if (sigprocmask(SIG_BLOCK, &set, NULL)) {
        return -1;
    }
    return signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
}

static bool
signal_pending(int sfd)
{
    struct signalfd_siginfo si;
    return sfd >= 0 && read(sfd, &si, sizeof si) == (ssize_t)sizeof si;
}

/* Opens an AF_PACKET socket on 'ifname' for 'protocol' (network order; 0
 * receives nothing).  Returns the socket or -1 after reporting. */
static int
frames_socket(const char *ifname, uint16_t protocol, int *ifindexp)
{
    unsigned int ifindex = if_nametoindex(ifname);
    if (!ifindex) {
        bench_error("%s: no such interface", ifname);
        return -1;
    }
    int fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, protocol);
    if (fd < 0) {
        bench_error("AF_PACKET socket: %s%s", strerror(errno),
                    errno == EPERM ? " (needs CAP_NET_RAW)" : "");
        return -1;
    }
    *ifindexp = (int)ifindex;
    return fd;
}

static bool
frames_bind(int fd, int ifindex, uint16_t protocol, const char *ifname)
{
    struct sockaddr_ll sll;

    memset(&sll, 0, sizeof sll);
    sll.sll_family = AF_PACKET;
    sll.sll_protocol = protocol;
    sll.sll_ifindex = ifindex;
    if (bind(fd, (struct sockaddr *)&sll, sizeof sll)) {
        bench_error("%s: bind: %s", ifname, strerror(errno));
        return false;
    }
    return true;
}

static uint16_t
ip_checksum(const uint8_t *p, size_t len)
{
    uint32_t sum = 0;

    for (size_t i = 0; i + 1 < len; i += 2) {
        sum += get_be16(p + i);
    }
    while (sum >> 16) {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return (uint16_t)~sum;
}

/* Writes frame number 'seq' (flow 'seq % distinct') into 'f', which holds
 * the template already. */
static void
frame_fill(const struct bench_opts *o, uint8_t *f, uint64_t seq)
{
    uint32_t k = (uint32_t)(seq % o->distinct);
    uint64_t mac = 0;

    for (int i = 0; i < 6; i++) {
        mac = mac << 8 | o->src_mac[i];
    }
    mac += k;
    for (int i = 0; i < 6; i++) {
        f[6 + i] = (uint8_t)(mac >> (40 - 8 * i));
    }
    uint8_t *ip = f + 14;
    put_be32(ip + 12, o->src_ip + k);
    put_be16(ip + 10, 0);
    put_be16(ip + 10, ip_checksum(ip, 20));
    put_be64(f + 14 + 20 + 8 + 4, seq);
}

/* The template: Ethernet, IPv4 (TTL 64, no options), UDP 1024 -> 9 with
 * a zero checksum (allowed over IPv4), payload "ofbn", sequence number,
 * zero padding.  'len' excludes the 4-byte FCS the NIC would add. */
static void
frame_template(const struct bench_opts *o, uint8_t *f, size_t len)
{
    memset(f, 0, len);
    memcpy(f, o->dst_mac, 6);
    memcpy(f + 6, o->src_mac, 6);
    put_be16(f + 12, ETHERTYPE_IP);
    uint8_t *ip = f + 14;
    ip[0] = 0x45;
    put_be16(ip + 2, (uint16_t)(len - 14));
    ip[8] = 64;
    ip[9] = 17;
    put_be32(ip + 16, o->dst_ip);
    uint8_t *udp = ip + 20;
    put_be16(udp, FRAME_UDP_SRC);
    put_be16(udp + 2, FRAME_UDP_DST);
    put_be16(udp + 4, (uint16_t)(len - 14 - 20));
    put_be32(udp + 8, FRAME_MAGIC);
}

static void
sleep_until_ns(uint64_t t)
{
    struct timespec ts = { (time_t)(t / 1000000000u),
                           (long)(t % 1000000000u) };
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) ==
           EINTR) {
        continue;
    }
}

static int
cmd_send_frames(const struct bench_opts *o, int argc, char *argv[])
{
    size_t len = o->size - 4;
    uint8_t(*frames)[1518] = xcalloc(FRAME_BATCH, sizeof *frames);
    struct iovec iov[FRAME_BATCH];
    struct mmsghdr msgs[FRAME_BATCH];
    int status = BENCH_EXIT_FAILURE;
    int ifindex, one = 1;
    int sfd = -1;

    int fd = frames_socket(o->interface, 0, &ifindex);
    if (fd < 0) {
        goto out;
    }
    /* Straight to the driver: the benchmark measures the switch, not the
     * qdisc. */
    if (setsockopt(fd, SOL_PACKET, PACKET_QDISC_BYPASS, &one, sizeof one)) {
        bench_error("PACKET_QDISC_BYPASS: %s (continuing without)",
                    strerror(errno));
    }
    int sndbuf = 4 * 1024 * 1024;
    setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof sndbuf);
    if (!frames_bind(fd, ifindex, 0, o->interface)) {
        goto out;
    }
    sfd = frames_signalfd();

    memset(msgs, 0, sizeof msgs);
    for (size_t i = 0; i < FRAME_BATCH; i++) {
        frame_template(o, frames[i], len);
        iov[i].iov_base = frames[i];
        iov[i].iov_len = len;
        msgs[i].msg_hdr.msg_iov = &iov[i];
        msgs[i].msg_hdr.msg_iovlen = 1;
    }

    /* With a rate, batches are small enough that pacing stays within a
     * millisecond. */
    size_t batch = FRAME_BATCH;
    if (o->rate && o->rate / 1000 < batch) {
        batch = o->rate / 1000 ? (size_t)(o->rate / 1000) : 1;
    }
    uint64_t start = tc_now_ns();
    uint64_t deadline = start + (uint64_t)(o->duration * 1e9);
    uint64_t seq = 0, n_errors = 0, now = start;
    unsigned int n_loops = 0;
    bool stop = false;
    while (!stop) {
        size_t n = batch;
        if (o->count && o->count - seq < n) {
            n = (size_t)(o->count - seq);
        }
        if (o->rate) {
            uint64_t due = start + (uint64_t)((double)seq * 1e9 / o->rate);
            if (due > now) {
                sleep_until_ns(due);
            }
        }
        for (size_t i = 0; i < n; i++) {
            frame_fill(o, frames[i], seq + i);
        }
        int r = sendmmsg(fd, msgs, (unsigned int)n, 0);
        if (r < 0) {
            if (errno != ENOBUFS && errno != EAGAIN && errno != EINTR) {
                bench_error("%s: send: %s", o->interface, strerror(errno));
                goto out;
            }
            /* The device is full: count it, let it drain. */
            n_errors++;
            sched_yield();
        } else {
            seq += (uint64_t)r;
        }
        now = tc_now_ns();
        if (now >= deadline || (o->count && seq >= o->count)) {
            stop = true;
        }
        if (++n_loops % 64 == 0 && signal_pending(sfd)) {
            stop = true;
        }
    }

    const struct res_field f[] = {
        { "size", o->size },
        { "distinct", o->distinct },
        { "send_errors", n_errors },
    };
    report(o, "send-frames", seq, now - start, NULL, f, ARRAY_SIZE(f));
    status = seq ? 0 : BENCH_EXIT_FAILURE;

out:
    if (fd >= 0) {
        close(fd);
    }
    if (sfd >= 0) {
        close(sfd);
    }
    free(frames);
    return status;
}

/* Is 'f' (of 'len' bytes) a frame that send-frames made?  Skips one VLAN
 * tag. */
static bool
frame_is_ours(const uint8_t *f, size_t len)
{
    size_t ofs = 12;

    if (len < ofs + 2) {
        return false;
    }
    uint16_t type = get_be16(f + ofs);
    if (type == 0x8100 || type == 0x88a8) {
        ofs += 4;
        if (len < ofs + 2) {
            return false;
        }
        type = get_be16(f + ofs);
    }
    ofs += 2;
    if (type != ETHERTYPE_IP || len < ofs + 20 || (f[ofs] & 0x0f) < 5 ||
        f[ofs + 9] != 17) {
        return false;
    }
    ofs += (size_t)(f[ofs] & 0x0f) * 4;
    return len >= ofs + 12 && get_be16(f + ofs + 2) == FRAME_UDP_DST &&
           get_be32(f + ofs + 8) == FRAME_MAGIC;
}

#define RX_BLOCK_SIZE (1u << 20)
#define RX_BLOCK_NR 32u
#define RX_FRAME_SIZE 2048u

struct rx_counts {
    uint64_t n, bytes;
    uint64_t first_ns, last_ns; /* Kernel receive stamps (realtime). */
    uint64_t last_seen_mono_ns; /* When the last counted frame was read. */
};

/* Counts the frames of one retired ring block. */
static void
rx_block(const struct bench_opts *o, struct tpacket_block_desc *bd,
         struct rx_counts *rc)
{
    uint32_t n = bd->hdr.bh1.num_pkts;
    uint8_t *p = (uint8_t *)bd + bd->hdr.bh1.offset_to_first_pkt;
    bool any = false;

    for (uint32_t i = 0; i < n; i++) {
        struct tpacket3_hdr *h = (struct tpacket3_hdr *)(void *)p;
        const struct sockaddr_ll *sll =
            (const struct sockaddr_ll *)(const void *)(p + TPACKET_ALIGN(
                                                               sizeof *h));
        const uint8_t *frame = p + h->tp_mac;
        if (sll->sll_pkttype != PACKET_OUTGOING &&
            (o->all || frame_is_ours(frame, h->tp_snaplen))) {
            uint64_t t = (uint64_t)h->tp_sec * 1000000000u + h->tp_nsec;
            if (!rc->n) {
                rc->first_ns = t;
            }
            rc->last_ns = t;
            rc->n++;
            rc->bytes += h->tp_len;
            any = true;
        }
        p += h->tp_next_offset;
    }
    if (any) {
        rc->last_seen_mono_ns = tc_now_ns();
    }
}

static int
cmd_recv_frames(const struct bench_opts *o, int argc, char *argv[])
{
    uint16_t proto = htons(ETH_P_ALL);
    int status = BENCH_EXIT_FAILURE;
    struct rx_counts rc;
    uint8_t *ring = MAP_FAILED;
    size_t ring_size = (size_t)RX_BLOCK_SIZE * RX_BLOCK_NR;
    int ifindex, sfd = -1;

    memset(&rc, 0, sizeof rc);
    int fd = frames_socket(o->interface, proto, &ifindex);
    if (fd < 0) {
        goto out;
    }
    int version = TPACKET_V3;
    if (setsockopt(fd, SOL_PACKET, PACKET_VERSION, &version, sizeof version)) {
        bench_error("TPACKET_V3: %s", strerror(errno));
        goto out;
    }
    struct tpacket_req3 req;
    memset(&req, 0, sizeof req);
    req.tp_block_size = RX_BLOCK_SIZE;
    req.tp_block_nr = RX_BLOCK_NR;
    req.tp_frame_size = RX_FRAME_SIZE;
    req.tp_frame_nr = RX_BLOCK_SIZE / RX_FRAME_SIZE * RX_BLOCK_NR;
    req.tp_retire_blk_tov = 10; /* ms */
    if (setsockopt(fd, SOL_PACKET, PACKET_RX_RING, &req, sizeof req)) {
        bench_error("PACKET_RX_RING: %s", strerror(errno));
        goto out;
    }
    ring = mmap(NULL, ring_size, PROT_READ | PROT_WRITE,
                MAP_SHARED | MAP_LOCKED, fd, 0);
    if (ring == MAP_FAILED) {
        ring =
            mmap(NULL, ring_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    }
    if (ring == MAP_FAILED) {
        bench_error("mmap of the receive ring: %s", strerror(errno));
        goto out;
    }
#ifdef PACKET_IGNORE_OUTGOING
    int one = 1;
    setsockopt(fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, &one, sizeof one);
#endif
    if (!frames_bind(fd, ifindex, proto, o->interface)) {
        goto out;
    }
    /* Frames addressed to other MACs must reach us on a real NIC too;
     * the membership ends with the socket. */
    struct packet_mreq mreq;
    memset(&mreq, 0, sizeof mreq);
    mreq.mr_ifindex = ifindex;
    mreq.mr_type = PACKET_MR_PROMISC;
    setsockopt(fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &mreq, sizeof mreq);
    /* Drop whatever queued before we were ready, then start counting. */
    struct tpacket_stats_v3 st;
    socklen_t stlen = sizeof st;
    getsockopt(fd, SOL_PACKET, PACKET_STATISTICS, &st, &stlen);
    sfd = frames_signalfd();
    touch_ready_file(o->ready_file);

    uint64_t start = tc_now_ns();
    uint64_t wait_ns = (uint64_t)(o->wait * 1e9);
    uint64_t dur_ns = (uint64_t)(o->duration * 1e9);
    uint64_t idle_ns = (uint64_t)(o->idle * 1e9);
    uint64_t first_mono = 0;
    unsigned int blk = 0;
    bool interrupted = false;
    for (;;) {
        struct tpacket_block_desc *bd =
            (struct tpacket_block_desc *)(void *)(ring +
                                                  (size_t)blk * RX_BLOCK_SIZE);
        if (bd->hdr.bh1.block_status & TP_STATUS_USER) {
            rx_block(o, bd, &rc);
            __atomic_store_n(&bd->hdr.bh1.block_status, TP_STATUS_KERNEL,
                             __ATOMIC_RELEASE);
            blk = (blk + 1) % RX_BLOCK_NR;
            if (rc.n && !first_mono) {
                first_mono = tc_now_ns();
            }
        } else {
            struct pollfd pfd[2] = { { fd, POLLIN | POLLERR, 0 },
                                     { sfd, POLLIN, 0 } };
            poll(pfd, sfd >= 0 ? 2 : 1, 50);
            if (sfd >= 0 && (pfd[1].revents & POLLIN)) {
                interrupted = true;
                break;
            }
        }
        uint64_t now = tc_now_ns();
        if (!rc.n) {
            if (now - start >= wait_ns) {
                break;
            }
        } else if (now - first_mono >= dur_ns ||
                   now - rc.last_seen_mono_ns >= idle_ns) {
            break;
        }
    }

    stlen = sizeof st;
    memset(&st, 0, sizeof st);
    getsockopt(fd, SOL_PACKET, PACKET_STATISTICS, &st, &stlen);
    if (!rc.n) {
        if (interrupted) {
            bench_error("%s: interrupted before any frame arrived",
                        o->interface);
        } else {
            bench_error("%s: no frames received within %.0f s", o->interface,
                        o->wait);
        }
        goto out;
    }
    const struct res_field f[] = {
        { "bytes", rc.bytes },
        { "kernel_drops", st.tp_drops },
    };
    report(o, "recv-frames", rc.n, rc.last_ns - rc.first_ns, NULL, f,
           ARRAY_SIZE(f));
    status = 0;

out:
    if (ring != MAP_FAILED) {
        munmap(ring, ring_size);
    }
    if (fd >= 0) {
        close(fd);
    }
    if (sfd >= 0) {
        close(sfd);
    }
    return status;
}

/* --- Command line. ------------------------------------------------------- */

#define OF_COMMON                                          \
    (OPT_BIT(OPT_PRIVATE_KEY) | OPT_BIT(OPT_CERTIFICATE) | \
     OPT_BIT(OPT_CA_CERT))

static const struct bench_command bench_commands[] = {
    { "echo", 1, INT_MAX,
      OF_COMMON | OPT_BIT(OPT_DURATION) | OPT_BIT(OPT_CONNECTIONS) |
          OPT_BIT(OPT_PIPELINE) | OPT_BIT(OPT_PAYLOAD),
      "TARGET...", "echo round trips per second (serial or pipelined)",
      cmd_echo },
    { "flow-mod", 1, 1,
      OF_COMMON | OPT_BIT(OPT_CONNECTIONS) | OPT_BIT(OPT_FLOWS) |
          OPT_BIT(OPT_BARRIER_EVERY) | OPT_BIT(OPT_VERIFY) |
          OPT_BIT(OPT_DELETE) | OPT_BIT(OPT_TABLE) | OPT_BIT(OPT_PRIORITY) |
          OPT_BIT(OPT_MATCH) | OPT_BIT(OPT_ACTIONS) | OPT_BIT(OPT_TIMEOUT),
      "TARGET", "flow_mod install rate up to the final barrier",
      cmd_flow_mod },
    { "packet-in", 0, 1,
      OF_COMMON | OPT_BIT(OPT_DURATION) | OPT_BIT(OPT_REPLY) |
          OPT_BIT(OPT_ACTIONS) | OPT_BIT(OPT_WAIT) | OPT_BIT(OPT_READY_FILE),
      "[LISTEN-TARGET]",
      "packet-ins per second from the switches that connect", cmd_packet_in },
    { "send-frames", 0, 0,
      OPT_BIT(OPT_INTERFACE) | OPT_BIT(OPT_DURATION) | OPT_BIT(OPT_RATE) |
          OPT_BIT(OPT_DISTINCT) | OPT_BIT(OPT_COUNT) | OPT_BIT(OPT_SIZE) |
          OPT_BIT(OPT_SRC_MAC) | OPT_BIT(OPT_DST_MAC) | OPT_BIT(OPT_SRC_IP) |
          OPT_BIT(OPT_DST_IP),
      "--interface IF", "send Ethernet/IPv4/UDP frames out of IF",
      cmd_send_frames },
    { "recv-frames", 0, 0,
      OPT_BIT(OPT_INTERFACE) | OPT_BIT(OPT_DURATION) | OPT_BIT(OPT_WAIT) |
          OPT_BIT(OPT_IDLE) | OPT_BIT(OPT_ALL) | OPT_BIT(OPT_READY_FILE),
      "--interface IF", "count the frames arriving on IF", cmd_recv_frames },
};

static void
usage(FILE *stream)
{
    fprintf(stream, "usage: ofbench MODE [OPTIONS] [TARGET...]\n"
                    "A load generator for OpenFlow 1.3 switches.\n\n"
                    "Modes:\n");
    for (size_t i = 0; i < ARRAY_SIZE(bench_commands); i++) {
        const struct bench_command *c = &bench_commands[i];
        fprintf(stream, "  %s %s\n      %s\n", c->name, c->args, c->help);
    }
    fprintf(
        stream,
        "\nOpenFlow modes (TARGET: tcp:HOST[:PORT], ssl:HOST[:PORT], "
        "unix:PATH;\n"
        "packet-in listens on ptcp:[PORT][:IP], pssl:..., punix:PATH):\n"
        "  --duration S         measure for S seconds (default 5)\n"
        "  --connections N      connections per target (default 1)\n"
        "  --pipeline D         echo: requests outstanding per connection "
        "(default 1)\n"
        "  --payload B          echo: payload bytes, at least 8 (default 8)\n"
        "  --flows N            flow-mod: flows to install (default 100000)\n"
        "  --barrier-every K    flow-mod: a barrier after every K flows\n"
        "  --verify             flow-mod: check the count (aggregate stats)\n"
        "  --delete             flow-mod: delete the flows at the end\n"
        "  --table T, --priority P   flow-mod: where the flows go "
        "(0, 32768)\n"
        "  --match ipv4_dst|eth_dst  flow-mod: what the flows match\n"
        "  --actions ACTIONS    flow-mod, packet-in --reply: actions "
        "(default drop)\n"
        "  --timeout S          flow-mod: give up after S seconds "
        "(default 300)\n"
        "  --reply              packet-in: answer with flow_mod + packet-out\n"
        "  --wait S             packet-in, recv-frames: wait S seconds for "
        "the first\n"
        "                       switch or frame (default 30 / 10)\n"
        "  --ready-file F       packet-in, recv-frames: create F when ready\n"
        "  --private-key F, --certificate F, --ca-cert F   TLS files\n"
        "\nFrame modes:\n"
        "  --interface IF       the interface (required)\n"
        "  --rate PPS           send-frames: frames per second (default: "
        "max)\n"
        "  --count N            send-frames: stop after N frames\n"
        "  --distinct N         send-frames: distinct source MACs/IPs "
        "(default 1)\n"
        "  --size B             send-frames: frame size with FCS, 64..1518 "
        "(default 64)\n"
        "  --src-mac MAC, --dst-mac MAC, --src-ip IP, --dst-ip IP\n"
        "  --idle S             recv-frames: stop after S idle seconds "
        "(default 1)\n"
        "  --all                recv-frames: count every frame, not only "
        "send-frames'\n"
        "\nCommon: --json (one JSON object per result), -v LEVEL, -h, -V\n");
}

static const struct bench_command *
find_command(const char *name)
{
    for (size_t i = 0; i < ARRAY_SIZE(bench_commands); i++) {
        if (!strcmp(bench_commands[i].name, name)) {
            return &bench_commands[i];
        }
    }
    return NULL;
}

static bool
parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *v)
{
    char *end;

    if (!*s || *s == '-') {
        return false;
    }
    errno = 0;
    unsigned long long x = strtoull(s, &end, 0);
    if (errno || *end || x < min || x > max) {
        return false;
    }
    *v = x;
    return true;
}

static bool
parse_secs(const char *s, double *v)
{
    char *end;

    errno = 0;
    *v = strtod(s, &end);
    return !errno && *s && !*end && *v > 0 && *v <= 86400;
}

static bool
parse_mac(const char *s, uint8_t mac[6])
{
    unsigned int b[6];
    char junk;

    if (sscanf(s, "%x:%x:%x:%x:%x:%x%c", &b[0], &b[1], &b[2], &b[3], &b[4],
               &b[5], &junk) != 6) {
        return false;
    }
    for (int i = 0; i < 6; i++) {
        if (b[i] > 255) {
            return false;
        }
        mac[i] = (uint8_t)b[i];
    }
    return true;
}

static bool
parse_ip(const char *s, uint32_t *ip)
{
    unsigned int b[4];
    char junk;

    if (sscanf(s, "%u.%u.%u.%u%c", &b[0], &b[1], &b[2], &b[3], &junk) != 4 ||
        b[0] > 255 || b[1] > 255 || b[2] > 255 || b[3] > 255) {
        return false;
    }
    *ip = b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3];
    return true;
}

/* Parses option 'opt' with argument 'arg' into 'o'.  Returns false after
 * reporting a bad value. */
static bool
parse_option(struct bench_opts *o, enum bench_opt opt, const char *arg)
{
    uint64_t v;

    switch (opt) {
    case OPT_JSON:
        o->json = true;
        return true;
    case OPT_DURATION:
        return parse_secs(arg, &o->duration);
    case OPT_CONNECTIONS:
        if (!parse_u64(arg, 1, 10000, &v)) {
            return false;
        }
        o->connections = (unsigned int)v;
        return true;
    case OPT_PIPELINE:
        if (!parse_u64(arg, 1, 100000, &v)) {
            return false;
        }
        o->pipeline = (unsigned int)v;
        return true;
    case OPT_PAYLOAD:
        if (!parse_u64(arg, 8, OFP_MAX_MSG_LEN - OFP_HEADER_LEN, &v)) {
            return false;
        }
        o->payload = (unsigned int)v;
        return true;
    case OPT_FLOWS:
        return parse_u64(arg, 1, UINT64_C(1) << 24, &o->flows);
    case OPT_BARRIER_EVERY:
        return parse_u64(arg, 1, UINT64_MAX, &o->barrier_every);
    case OPT_VERIFY:
        o->verify = true;
        return true;
    case OPT_DELETE:
        o->del = true;
        return true;
    case OPT_TABLE:
        if (!parse_u64(arg, 0, OFPTT_MAX, &v)) {
            return false;
        }
        o->table = (uint8_t)v;
        return true;
    case OPT_PRIORITY:
        if (!parse_u64(arg, 0, UINT16_MAX, &v)) {
            return false;
        }
        o->priority = (uint16_t)v;
        return true;
    case OPT_MATCH:
        if (!strcmp(arg, "ipv4_dst") || !strcmp(arg, "nw_dst")) {
            o->match = FM_MATCH_IPV4_DST;
        } else if (!strcmp(arg, "eth_dst") || !strcmp(arg, "dl_dst")) {
            o->match = FM_MATCH_ETH_DST;
        } else {
            return false;
        }
        return true;
    case OPT_ACTIONS:
        o->actions = arg;
        return true;
    case OPT_TIMEOUT:
        return parse_secs(arg, &o->timeout);
    case OPT_REPLY:
        o->reply = true;
        return true;
    case OPT_WAIT:
        return parse_secs(arg, &o->wait);
    case OPT_READY_FILE:
        o->ready_file = arg;
        return true;
    case OPT_PRIVATE_KEY:
        o->private_key = arg;
        return true;
    case OPT_CERTIFICATE:
        o->certificate = arg;
        return true;
    case OPT_CA_CERT:
        o->ca_cert = arg;
        return true;
    case OPT_INTERFACE:
        o->interface = arg;
        return strlen(arg) < IF_NAMESIZE;
    case OPT_RATE:
        return parse_u64(arg, 1, UINT64_C(1000000000), &o->rate);
    case OPT_DISTINCT:
        if (!parse_u64(arg, 1, UINT64_C(1) << 24, &v)) {
            return false;
        }
        o->distinct = (uint32_t)v;
        return true;
    case OPT_COUNT:
        return parse_u64(arg, 1, UINT64_MAX, &o->count);
    case OPT_SIZE:
        if (!parse_u64(arg, 64, 1518, &v)) {
            return false;
        }
        o->size = (unsigned int)v;
        return true;
    case OPT_SRC_MAC:
        return parse_mac(arg, o->src_mac);
    case OPT_DST_MAC:
        return parse_mac(arg, o->dst_mac);
    case OPT_SRC_IP:
        return parse_ip(arg, &o->src_ip);
    case OPT_DST_IP:
        return parse_ip(arg, &o->dst_ip);
    case OPT_IDLE:
        return parse_secs(arg, &o->idle);
    case OPT_ALL:
        o->all = true;
        return true;
    case OPT_VERBOSE:
    case OPT_HELP:
    case OPT_VERSION:
        break;
    }
    return false;
}

static const char *
option_name(enum bench_opt opt)
{
    for (const struct option *lo = long_options; lo->name; lo++) {
        if (lo->val == 256 + (int)opt) {
            return lo->name;
        }
    }
    return "?";
}

int
main(int argc, char *argv[])
{
    static const uint8_t default_src_mac[6] = { 0x02, 0x0f, 0xbe,
                                                0x00, 0x00, 0x01 };
    static const uint8_t default_dst_mac[6] = { 0x02, 0x0f, 0xbe,
                                                0xff, 0xff, 0xfe };
    struct bench_opts o;
    int c;

    memset(&o, 0, sizeof o);
    o.duration = 5;
    o.connections = 1;
    o.pipeline = 1;
    o.payload = 8;
    o.flows = 100000;
    o.priority = OFP_DEFAULT_PRIORITY;
    o.timeout = 300;
    o.wait = 0;
    o.distinct = 1;
    o.size = 64;
    memcpy(o.src_mac, default_src_mac, 6);
    memcpy(o.dst_mac, default_dst_mac, 6);
    o.src_ip = 0x0a010000; /* 10.1.0.0 */
    o.dst_ip = 0x0afffffe; /* 10.255.255.254 */
    o.idle = 1;
    log_set_level(LOG_LVL_WARN);

    while ((c = getopt_long(argc, argv, "v:hV", long_options, NULL)) != -1) {
        if (c >= 256) {
            enum bench_opt opt = (enum bench_opt)(c - 256);
            o.given |= OPT_BIT(opt);
            if (!parse_option(&o, opt, optarg)) {
                bench_error("--%s: bad value `%s'", option_name(opt),
                            optarg ? optarg : "");
                return BENCH_EXIT_USAGE;
            }
            continue;
        }
        switch (c) {
        case 'v': {
            enum log_level lvl;
            if (!log_level_parse(optarg, &lvl)) {
                bench_error("-v: unknown log level `%s'", optarg);
                return BENCH_EXIT_USAGE;
            }
            log_set_level(lvl);
            break;
        }
        case 'h':
            usage(stdout);
            return 0;
        case 'V':
            printf("ofbench (ofswitch) %s\n", PACKAGE_VERSION);
            return 0;
        default:
            fprintf(stderr, "Try `ofbench --help' for more information.\n");
            return BENCH_EXIT_USAGE;
        }
    }
    if (optind >= argc) {
        bench_error("missing mode; try `ofbench --help'");
        return BENCH_EXIT_USAGE;
    }
    const struct bench_command *cmd = find_command(argv[optind]);
    if (!cmd) {
        bench_error("unknown mode `%s'; try `ofbench --help'", argv[optind]);
        return BENCH_EXIT_USAGE;
    }
    int n_args = argc - optind - 1;
    if (n_args < cmd->min_args || n_args > cmd->max_args) {
        bench_error("usage: ofbench %s [OPTIONS] %s", cmd->name, cmd->args);
        return BENCH_EXIT_USAGE;
    }
    uint64_t extra = o.given & ~(cmd->accepts | OPT_BIT(OPT_JSON));
    if (extra) {
        enum bench_opt opt = (enum bench_opt)__builtin_ctzll(extra);
        bench_error("--%s does not apply to %s", option_name(opt), cmd->name);
        return BENCH_EXIT_USAGE;
    }
    if ((cmd->accepts & OPT_BIT(OPT_INTERFACE)) && !o.interface) {
        bench_error("%s needs --interface", cmd->name);
        return BENCH_EXIT_USAGE;
    }
    if (!o.wait) {
        o.wait = cmd->handler == cmd_recv_frames ? 10 : 30;
    }
    return cmd->handler(&o, argc - optind, argv + optind);
}
