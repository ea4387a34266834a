/* tests/unit/test-dp-ports.c -- the port layer without privileges: spec
 * parsing and error messages, the memory kind, the pcap-file kind (replay
 * and capture against files written and read back with libpcap), and the
 * vtable plumbing (counters, link state, descriptions). */
#include <config.h>

#include <check.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <pcap/pcap.h>

#include "datapath/packet.h"
#include "datapath/port.h"
#include "ofp13/ofp.h"

/* Returns true if 'fd' is readable right now. */
static bool
fd_readable(int fd)
{
    struct pollfd pfd = { fd, POLLIN, 0 };
    return poll(&pfd, 1, 0) == 1 && (pfd.revents & POLLIN);
}

/* Opens 'spec', expecting failure with 'error' and a message that
 * contains 'needle'. */
static void
expect_open_error(const char *spec, int error, const char *needle)
{
    struct dp_port *port = (struct dp_port *)1;
    char *msg = NULL;
    int rc = dp_port_open(spec, &port, &msg);

    ck_assert_msg(rc == error, "%s: got %d (%s), want %d", spec, rc,
                  msg ? msg : "", error);
    ck_assert_ptr_null(port);
    ck_assert_ptr_nonnull(msg);
    ck_assert_msg(strstr(msg, needle), "%s: message \"%s\" lacks \"%s\"", spec,
                  msg, needle);
    /* Every message names the spec. */
    ck_assert_msg(strstr(msg, spec), "message \"%s\" lacks the spec", msg);
    free(msg);
}

/* A frame of 'size' bytes whose bytes are a pattern seeded by 'seed'. */
static void
make_frame(uint8_t *f, size_t size, unsigned int seed)
{
    static const uint8_t hdr[14] = { 0x02, 0, 0, 0, 0, 2,    0x02,
                                     0,    0, 0, 0, 1, 0x88, 0xb5 };
    memcpy(f, hdr, size < 14 ? size : 14);
    for (size_t i = 14; i < size; i++) {
        f[i] = (uint8_t)(seed * 31 + i);
    }
}

/* -------------------------------------------------------------------- */
/* Specs. */

START_TEST(test_split_number)
{
    char *spec, *msg;
    uint32_t n;

    ck_assert_int_eq(dp_port_spec_split_number("tap:tap0", &spec, &n, &msg),
                     0);
    ck_assert_str_eq(spec, "tap:tap0");
    ck_assert_uint_eq(n, 0);
    free(spec);

    ck_assert_int_eq(dp_port_spec_split_number("tap:tap0@7", &spec, &n, &msg),
                     0);
    ck_assert_str_eq(spec, "tap:tap0");
    ck_assert_uint_eq(n, 7);
    free(spec);

    ck_assert_int_eq(
        dp_port_spec_split_number("pcap-file:a@b.pcap,o@12", &spec, &n, &msg),
        0);
    ck_assert_str_eq(spec, "pcap-file:a@b.pcap,o");
    ck_assert_uint_eq(n, 12);
    free(spec);

    /* '@' followed by something other than digits belongs to the name. */
    ck_assert_int_eq(dp_port_spec_split_number("tap:a@b", &spec, &n, &msg), 0);
    ck_assert_str_eq(spec, "tap:a@b");
    ck_assert_uint_eq(n, 0);
    free(spec);

    ck_assert_int_eq(
        dp_port_spec_split_number("tap:x@4294967040", &spec, &n, &msg), 0);
    ck_assert_uint_eq(n, OFPP_MAX);
    free(spec);

    static const char *const bad[] = {
        "tap:x@",
        "tap:x@0",
        "tap:x@4294967041",
        "tap:x@99999999999",
        "tap:x@000000000000000001",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        spec = (char *)1;
        msg = NULL;
        ck_assert_int_eq(dp_port_spec_split_number(bad[i], &spec, &n, &msg),
                         EINVAL);
        ck_assert_ptr_null(spec);
        ck_assert_ptr_nonnull(msg);
        ck_assert_msg(strstr(msg, bad[i]), "%s", msg);
        free(msg);
    }
}
END_TEST

START_TEST(test_spec_check)
{
    static const char *const good[] = {
        "tap:tap0",          "afpacket:veth1",      "pcap:eth0",
        "pcap-file:in.pcap", "pcap-file:a,b",       "pcap-file:,out.pcap",
        "memory:m0",         "tap:123456789012345",
    };
    static const struct {
        const char *spec;
        const char *needle;
    } bad[] = {
        { "tap:", "missing interface name (expected tap:NAME)" },
        { "tap", "KIND:ARG" },
        { "nosuch:x", "unknown port kind \"nosuch\"" },
        { ":x", "unknown port kind \"\"" },
        { "tap:1234567890123456", "longer than 15" },
        { "tap:a/b", "contains '/'" },
        { "afpacket:a b", "contains ' '" },
        { "pcap:..", "not a valid interface name" },
        { "pcap-file:", "missing file names" },
        { "pcap-file:in,",
          "missing output file name after ',' (expected pcap-file:IN[,OUT])" },
        { "memory:", "missing memory port name" },
    };
    char *msg;

    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        msg = NULL;
        ck_assert_msg(!dp_port_spec_check(good[i], &msg), "%s: %s", good[i],
                      msg);
        ck_assert_ptr_null(msg);
    }
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        msg = NULL;
        ck_assert_int_eq(dp_port_spec_check(bad[i].spec, &msg), EINVAL);
        ck_assert_ptr_nonnull(msg);
        ck_assert_msg(strstr(msg, bad[i].needle),
                      "%s: message \"%s\" lacks \"%s\"", bad[i].spec, msg,
                      bad[i].needle);
        free(msg);
        /* A NULL errp is allowed. */
        ck_assert_int_eq(dp_port_spec_check(bad[i].spec, NULL), EINVAL);
    }
    ck_assert_ptr_nonnull(strstr(dp_port_spec_usage(), "pcap-file:IN[,OUT]"));
}
END_TEST

START_TEST(test_open_errors)
{
    expect_open_error("tap:", EINVAL, "missing interface name");
    expect_open_error("nosuch:x", EINVAL, "unknown port kind");
    expect_open_error("afpacket:does-not-exist", ENODEV,
                      "no such network interface");
    expect_open_error("pcap:does-not-exist", ENODEV,
                      "no such network interface");
    expect_open_error("pcap-file:/nonexistent/in.pcap", ENOENT,
                      "No such file or directory");
    expect_open_error("pcap-file:,/nonexistent/dir/out.pcap", ENOENT,
                      "No such file or directory");

    /* NULL errp: the errno still comes back. */
    struct dp_port *port;
    ck_assert_int_eq(dp_port_open("nosuch:x", &port, NULL), EINVAL);
    ck_assert_ptr_null(port);
    dp_port_close(NULL);
}
END_TEST

/* -------------------------------------------------------------------- */
/* Memory ports. */

START_TEST(test_memory_rx_tx)
{
    struct dp_port *port;
    struct dp_batch b;
    struct dp_port_stats st;
    uint8_t f[3][100];
    char *msg = NULL;
    int fd;

    ck_assert_int_eq(dp_port_open("memory:m0", &port, &msg), 0);
    ck_assert_str_eq(dp_port_get_name(port), "m0");
    ck_assert_str_eq(dp_port_get_kind(port), "memory");
    fd = dp_port_get_fd(port);
    ck_assert_int_ge(fd, 0);
    ck_assert(!fd_readable(fd));

    dp_batch_init(&b);
    ck_assert_int_eq(dp_port_recv_batch(port, &b, DP_BATCH_SIZE), 0);

    for (int i = 0; i < 3; i++) {
        make_frame(f[i], 60 + (size_t)i * 20, (unsigned)i);
        ck_assert_int_eq(
            dp_port_memory_inject(port, f[i], 60 + (size_t)i * 20), 0);
    }
    ck_assert(fd_readable(fd));

    /* 'max' limits the batch; the fd stays readable while frames are
     * left. */
    ck_assert_int_eq(dp_port_recv_batch(port, &b, 2), 2);
    ck_assert(fd_readable(fd));
    ck_assert_int_eq(dp_port_recv_batch(port, &b, DP_BATCH_SIZE), 1);
    ck_assert(!fd_readable(fd));
    ck_assert_uint_eq(b.n, 3);
    for (int i = 0; i < 3; i++) {
        ck_assert_uint_eq(b.pkts[i]->size, 60 + (size_t)i * 20);
        ck_assert_mem_eq(dp_packet_data(b.pkts[i]), f[i], b.pkts[i]->size);
    }

    /* Sending does not take the packets; the test reads copies. */
    ck_assert_int_eq(dp_port_send_batch(port, &b), 0);
    ck_assert_uint_eq(b.n, 3);
    ck_assert_uint_eq(dp_port_memory_n_sent(port), 3);
    for (int i = 0; i < 3; i++) {
        struct dp_packet *p = dp_port_memory_pop_sent(port);
        ck_assert_ptr_nonnull(p);
        ck_assert_ptr_ne(p, b.pkts[i]);
        ck_assert_uint_eq(p->size, b.pkts[i]->size);
        ck_assert_mem_eq(dp_packet_data(p), f[i], p->size);
        dp_packet_destroy(p);
    }
    ck_assert_ptr_null(dp_port_memory_pop_sent(port));

    dp_port_get_stats(port, &st);
    ck_assert_uint_eq(st.rx_packets, 3);
    ck_assert_uint_eq(st.rx_bytes, 60 + 80 + 100);
    ck_assert_uint_eq(st.tx_packets, 3);
    ck_assert_uint_eq(st.tx_bytes, 60 + 80 + 100);
    ck_assert_uint_eq(
        st.rx_dropped + st.tx_dropped + st.rx_errors + st.tx_errors, 0);

    /* A full batch takes nothing. */
    ck_assert_int_eq(dp_port_memory_inject(port, f[0], 60), 0);
    while (b.n < DP_BATCH_SIZE) {
        b.pkts[b.n++] = dp_packet_create(f[0], 60, 0);
    }
    ck_assert_int_eq(dp_port_recv_batch(port, &b, DP_BATCH_SIZE), 0);
    dp_batch_clear(&b);
    ck_assert_int_eq(dp_port_recv_batch(port, &b, DP_BATCH_SIZE), 1);
    dp_batch_clear(&b);

    ck_assert_int_eq(dp_port_memory_inject(port, f[0], 0), EINVAL);
    ck_assert_int_eq(
        dp_port_memory_inject(port, f[0], DP_PACKET_MAX_FRAME + 1), EINVAL);
    dp_port_close(port);
}
END_TEST

START_TEST(test_memory_link)
{
    struct dp_port *port, *other;
    struct dp_port_link link;
    struct dp_port_features feat;
    struct dp_port_stats st;
    struct dp_batch b;
    uint8_t mac[6], mac2[6], f[60];
    int mtu;

    ck_assert_int_eq(dp_port_open("memory:m1", &port, NULL), 0);
    ck_assert_int_eq(dp_port_open("memory:m2", &other, NULL), 0);
    make_frame(f, sizeof f, 1);

    ck_assert_int_eq(dp_port_get_link(port, &link), 0);
    ck_assert(link.admin_up && link.carrier);
    ck_assert_int_eq(dp_port_get_mtu(port, &mtu), 0);
    ck_assert_int_eq(mtu, 1500);
    ck_assert_int_eq(dp_port_get_features(port, &feat), 0);
    ck_assert_uint_eq(feat.curr, OFPPF_10GB_FD | OFPPF_COPPER);
    ck_assert_uint_eq(feat.curr_speed, 10000000);

    /* Addresses: stable, local, unicast, different per port. */
    ck_assert_int_eq(dp_port_get_hw_addr(port, mac), 0);
    ck_assert_int_eq(dp_port_get_hw_addr(other, mac2), 0);
    ck_assert_uint_eq(mac[0] & 3, 2);
    ck_assert(memcmp(mac, mac2, 6));
    dp_port_close(other);
    ck_assert_int_eq(dp_port_open("memory:m1", &other, NULL), 0);
    ck_assert_int_eq(dp_port_get_hw_addr(other, mac2), 0);
    ck_assert_mem_eq(mac, mac2, 6);
    dp_port_close(other);
    static const uint8_t set[6] = { 0x02, 0xaa, 0xbb, 0xcc, 0xdd, 0xee };
    ck_assert_int_eq(dp_port_set_hw_addr(port, set), 0);
    ck_assert_int_eq(dp_port_get_hw_addr(port, mac), 0);
    ck_assert_mem_eq(mac, set, 6);

    /* Administratively down: both directions drop, and say so. */
    ck_assert_int_eq(dp_port_set_admin_state(port, false), 0);
    ck_assert_int_eq(dp_port_get_link(port, &link), 0);
    ck_assert(!link.admin_up && link.carrier);
    ck_assert_int_eq(dp_port_memory_inject(port, f, sizeof f), ENETDOWN);
    dp_batch_init(&b);
    b.pkts[b.n++] = dp_packet_create(f, sizeof f, 0);
    ck_assert_int_eq(dp_port_send_batch(port, &b), ENETDOWN);
    ck_assert_uint_eq(dp_port_memory_n_sent(port), 0);
    dp_port_get_stats(port, &st);
    ck_assert_uint_eq(st.rx_dropped, 1);
    ck_assert_uint_eq(st.tx_dropped, 1);
    ck_assert_uint_eq(st.tx_packets, 0);

    /* Carrier down drops too. */
    ck_assert_int_eq(dp_port_set_admin_state(port, true), 0);
    ck_assert_int_eq(dp_port_memory_set_carrier(port, false), 0);
    ck_assert_int_eq(dp_port_get_link(port, &link), 0);
    ck_assert(link.admin_up && !link.carrier);
    ck_assert_int_eq(dp_port_send_batch(port, &b), ENETDOWN);
    ck_assert_int_eq(dp_port_memory_set_carrier(port, true), 0);
    ck_assert_int_eq(dp_port_send_batch(port, &b), 0);
    ck_assert_uint_eq(dp_port_memory_n_sent(port), 1);
    dp_batch_clear(&b);

    /* The receive queue is bounded. */
    int rc = 0, accepted = 0;
    while (!(rc = dp_port_memory_inject(port, f, sizeof f))) {
        accepted++;
    }
    ck_assert_int_eq(rc, ENOBUFS);
    ck_assert_int_eq(accepted, 4096);

    /* Memory-only calls refuse other kinds (and NULL). */
    ck_assert_int_eq(dp_port_memory_inject(NULL, f, sizeof f), EINVAL);
    ck_assert_ptr_null(dp_port_memory_pop_sent(NULL));
    ck_assert_uint_eq(dp_port_memory_n_sent(NULL), 0);
    ck_assert_int_eq(dp_port_memory_set_carrier(NULL, true), EINVAL);

    /* Closing frees queued frames (the sanitizers check). */
    dp_port_close(port);
}
END_TEST

/* -------------------------------------------------------------------- */
/* pcap-file ports. */

/* A scratch directory, removed with its files by the fixture. */
static char tmpdir[64];

static void
tmpdir_setup(void)
{
    const char *base = getenv("TMPDIR");
    snprintf(tmpdir, sizeof tmpdir, "%s/ofs-ports-XXXXXX",
             base && *base && strlen(base) < 40 ? base : "/tmp");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void
tmpdir_teardown(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd)) {
        /* Nothing more to do: the directory is in TMPDIR. */
    }
}

static char *
tmp_path(const char *name)
{
    char *s;
    ck_assert_int_ge(asprintf(&s, "%s/%s", tmpdir, name), 0);
    return s;
}

/* Writes 'n' frames (sizes 'sizes') to a new pcap file at 'path'. */
static void
write_pcap(const char *path, uint8_t frames[][200], const size_t *sizes,
           size_t n)
{
    pcap_t *dead = pcap_open_dead(DLT_EN10MB, 65535);
    pcap_dumper_t *d = pcap_dump_open(dead, path);

    ck_assert_ptr_nonnull(d);
    for (size_t i = 0; i < n; i++) {
        struct pcap_pkthdr h;
        memset(&h, 0, sizeof h);
        h.ts.tv_sec = (time_t)(1000 + i);
        h.caplen = h.len = (bpf_u_int32)sizes[i];
        pcap_dump((u_char *)d, &h, frames[i]);
    }
    pcap_dump_close(d);
    pcap_close(dead);
}

START_TEST(test_pcap_file_replay_capture)
{
    uint8_t frames[4][200];
    size_t sizes[4] = { 60, 200, 14, 133 };
    char *in = tmp_path("in.pcap"), *out = tmp_path("out.pcap");
    char *spec, *msg = NULL;
    struct dp_port *port;
    struct dp_port_stats st;
    struct dp_port_link link;
    struct dp_batch b;
    int fd;

    for (int i = 0; i < 4; i++) {
        make_frame(frames[i], sizes[i], (unsigned)i + 10);
    }
    write_pcap(in, frames, sizes, 4);

    ck_assert_int_ge(asprintf(&spec, "pcap-file:%s,%s", in, out), 0);
    ck_assert_msg(!dp_port_open(spec, &port, &msg), "%s", msg);
    ck_assert_str_eq(dp_port_get_name(port), "in.pcap");
    ck_assert_str_eq(dp_port_get_kind(port), "pcap-file");
    ck_assert_int_eq(dp_port_get_link(port, &link), 0);
    ck_assert(link.admin_up && link.carrier);

    /* The eventfd is readable while frames remain, and not after. */
    fd = dp_port_get_fd(port);
    ck_assert(fd_readable(fd));
    dp_batch_init(&b);
    ck_assert_int_eq(dp_port_recv_batch(port, &b, 3), 3);
    ck_assert(fd_readable(fd));
    ck_assert_int_eq(dp_port_recv_batch(port, &b, DP_BATCH_SIZE), 1);
    /* The end of the file is found on the next read. */
    ck_assert_int_eq(dp_port_recv_batch(port, &b, DP_BATCH_SIZE), 0);
    ck_assert(!fd_readable(fd));
    ck_assert_int_eq(dp_port_recv_batch(port, &b, DP_BATCH_SIZE), 0);
    ck_assert_uint_eq(b.n, 4);
    for (int i = 0; i < 4; i++) {
        ck_assert_uint_eq(b.pkts[i]->size, sizes[i]);
        ck_assert_mem_eq(dp_packet_data(b.pkts[i]), frames[i], sizes[i]);
    }

    /* Capture: send them back in reverse order, in two batches. */
    struct dp_batch rev;
    dp_batch_init(&rev);
    rev.pkts[rev.n++] = b.pkts[3];
    rev.pkts[rev.n++] = b.pkts[2];
    ck_assert_int_eq(dp_port_send_batch(port, &rev), 0);
    rev.n = 0;
    rev.pkts[rev.n++] = b.pkts[1];
    rev.pkts[rev.n++] = b.pkts[0];
    ck_assert_int_eq(dp_port_send_batch(port, &rev), 0);

    /* Flushed after each batch: readable while the port is open. */
    char errbuf[PCAP_ERRBUF_SIZE];
    pcap_t *r = pcap_open_offline(out, errbuf);
    ck_assert_msg(r != NULL, "%s", errbuf);
    ck_assert_int_eq(pcap_datalink(r), DLT_EN10MB);
    for (int i = 3; i >= 0; i--) {
        struct pcap_pkthdr *h;
        const u_char *data;
        ck_assert_int_eq(pcap_next_ex(r, &h, &data), 1);
        ck_assert_uint_eq(h->caplen, sizes[i]);
        ck_assert_uint_eq(h->len, sizes[i]);
        ck_assert_mem_eq(data, frames[i], sizes[i]);
        ck_assert_int_gt(h->ts.tv_sec, 1000000000);
    }
    struct pcap_pkthdr *h;
    const u_char *data;
    ck_assert_int_eq(pcap_next_ex(r, &h, &data), PCAP_ERROR_BREAK);
    pcap_close(r);

    dp_port_get_stats(port, &st);
    ck_assert_uint_eq(st.rx_packets, 4);
    ck_assert_uint_eq(st.rx_bytes, 60 + 200 + 14 + 133);
    ck_assert_uint_eq(st.tx_packets, 4);
    ck_assert_uint_eq(st.tx_bytes, 60 + 200 + 14 + 133);

    /* Down: sends are dropped and not written. */
    ck_assert_int_eq(dp_port_set_admin_state(port, false), 0);
    ck_assert_int_eq(dp_port_send_batch(port, &rev), ENETDOWN);
    dp_port_get_stats(port, &st);
    ck_assert_uint_eq(st.tx_dropped, 2);
    ck_assert_uint_eq(st.tx_packets, 4);

    dp_batch_clear(&b);
    dp_port_close(port);
    free(spec);
    free(in);
    free(out);
}
END_TEST

START_TEST(test_pcap_file_variants)
{
    uint8_t frames[2][200];
    size_t sizes[2] = { 64, 64 };
    char *in = tmp_path("in2.pcap"), *out = tmp_path("out2.pcap");
    char *junk = tmp_path("junk.pcap"), *spec, *msg = NULL;
    struct dp_port *port;
    struct dp_batch b;
    FILE *f;

    make_frame(frames[0], 64, 1);
    make_frame(frames[1], 64, 2);
    write_pcap(in, frames, sizes, 2);

    /* Input only: sends are counted and go nowhere. */
    ck_assert_int_ge(asprintf(&spec, "pcap-file:%s", in), 0);
    ck_assert_msg(!dp_port_open(spec, &port, &msg), "%s", msg);
    dp_batch_init(&b);
    ck_assert_int_eq(dp_port_recv_batch(port, &b, DP_BATCH_SIZE), 2);
    ck_assert_int_eq(dp_port_send_batch(port, &b), 0);
    dp_batch_clear(&b);
    ck_assert_int_eq(dp_port_recv_batch(port, &b, DP_BATCH_SIZE), 0);
    ck_assert(!fd_readable(dp_port_get_fd(port)));
    dp_port_close(port);
    free(spec);

    /* Administratively down: frames read from IN are dropped. */
    ck_assert_int_ge(asprintf(&spec, "pcap-file:%s", in), 0);
    ck_assert_msg(!dp_port_open(spec, &port, &msg), "%s", msg);
    ck_assert_int_eq(dp_port_set_admin_state(port, false), 0);
    ck_assert_int_eq(dp_port_recv_batch(port, &b, DP_BATCH_SIZE), 0);
    ck_assert(!fd_readable(dp_port_get_fd(port)));
    struct dp_port_stats st;
    dp_port_get_stats(port, &st);
    ck_assert_uint_eq(st.rx_dropped, 2);
    ck_assert_uint_eq(st.rx_packets, 0);
    dp_port_close(port);
    free(spec);

    /* Output only: never readable. */
    ck_assert_int_ge(asprintf(&spec, "pcap-file:,%s", out), 0);
    ck_assert_msg(!dp_port_open(spec, &port, &msg), "%s", msg);
    ck_assert_str_eq(dp_port_get_name(port), "out2.pcap");
    ck_assert(!fd_readable(dp_port_get_fd(port)));
    ck_assert_int_eq(dp_port_recv_batch(port, &b, DP_BATCH_SIZE), 0);
    dp_port_close(port);
    free(spec);
    struct stat sb;
    ck_assert_int_eq(stat(out, &sb), 0);
    ck_assert_int_eq(sb.st_size, 24); /* A pcap file header only. */

    /* The output file may not be the input file. */
    ck_assert_int_ge(asprintf(&spec, "pcap-file:%s,%s", in, in), 0);
    expect_open_error(spec, EINVAL, "output file is the input file");
    free(spec);
    ck_assert_int_eq(stat(in, &sb), 0);
    ck_assert_int_gt(sb.st_size, 24); /* Not truncated. */

    /* Not a pcap file. */
    f = fopen(junk, "w");
    ck_assert_ptr_nonnull(f);
    fputs("this is not a capture file at all\n", f);
    fclose(f);
    ck_assert_int_ge(asprintf(&spec, "pcap-file:%s", junk), 0);
    expect_open_error(spec, EINVAL, "not a pcap file");
    free(spec);

    /* A link type other than Ethernet. */
    pcap_t *dead = pcap_open_dead(DLT_RAW, 65535);
    pcap_dumper_t *d = pcap_dump_open(dead, junk);
    ck_assert_ptr_nonnull(d);
    pcap_dump_close(d);
    pcap_close(dead);
    ck_assert_int_ge(asprintf(&spec, "pcap-file:%s", junk), 0);
    expect_open_error(spec, EINVAL, "is not Ethernet");
    free(spec);

    free(in);
    free(out);
    free(junk);
}
END_TEST

START_TEST(test_pcap_file_truncated_record)
{
    uint8_t frames[2][200];
    size_t sizes[2] = { 100, 100 };
    char *in = tmp_path("trunc.pcap"), *spec, *msg = NULL;
    struct dp_port *port;
    struct dp_port_stats st;
    struct dp_batch b;

    make_frame(frames[0], 100, 1);
    make_frame(frames[1], 100, 2);
    write_pcap(in, frames, sizes, 2);
    /* Cut the second record in the middle of its data. */
    ck_assert_int_eq(truncate(in, 24 + 16 + 100 + 16 + 50), 0);

    ck_assert_int_ge(asprintf(&spec, "pcap-file:%s", in), 0);
    ck_assert_msg(!dp_port_open(spec, &port, &msg), "%s", msg);
    dp_batch_init(&b);
    ck_assert_int_eq(dp_port_recv_batch(port, &b, DP_BATCH_SIZE), 1);
    ck_assert_mem_eq(dp_packet_data(b.pkts[0]), frames[0], 100);
    ck_assert(!fd_readable(dp_port_get_fd(port)));
    dp_port_get_stats(port, &st);
    ck_assert_uint_eq(st.rx_errors, 1);
    dp_batch_clear(&b);
    dp_port_close(port);
    free(spec);
    free(in);
}
END_TEST

static Suite *
dp_ports_suite(void)
{
    Suite *s = suite_create("dp-ports");
    TCase *tc;

    tc = tcase_create("spec");
    tcase_add_test(tc, test_split_number);
    tcase_add_test(tc, test_spec_check);
    tcase_add_test(tc, test_open_errors);
    suite_add_tcase(s, tc);

    tc = tcase_create("memory");
    tcase_add_test(tc, test_memory_rx_tx);
    tcase_add_test(tc, test_memory_link);
    suite_add_tcase(s, tc);

    tc = tcase_create("pcap-file");
    tcase_add_checked_fixture(tc, tmpdir_setup, tmpdir_teardown);
    tcase_add_test(tc, test_pcap_file_replay_capture);
    tcase_add_test(tc, test_pcap_file_variants);
    tcase_add_test(tc, test_pcap_file_truncated_record);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    SRunner *sr = srunner_create(dp_ports_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
