/* tests/unit/xen-test.h -- the harness shared by the Xen port tests: a
 * fake hypervisor in a fresh directory, a vif created by the simulated
 * toolstack, the simulated netfront of domain 5 and the "xen:5/0" port
 * opened through dp_port_open(), all in the test's process, and a pump
 * that runs both ends until a condition holds.  Frames the port returns
 * while pumping are kept in 'got'. */
#ifndef TESTS_UNIT_XEN_TEST_H
#define TESTS_UNIT_XEN_TEST_H 1

#include <check.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "datapath/packet.h"
#include "datapath/port.h"
#include "tests/unit/xen-fake.h"
#include "tests/unit/xen-netfront.h"

#define XT_DOMID 5
#define XT_DEVID 0
#define XT_MAC "00:16:3e:12:34:56"
#define XT_MAX_GOT 1024

struct xt {
    char dir[64];
    struct xnf *nf;
    struct dp_port *port;
    struct xen_fake *dom0; /* For reading and writing xenstore. */
    struct dp_xen_xs *xs0;
    struct dp_packet *got[XT_MAX_GOT];
    size_t n_got;
    int last_recv; /* Last dp_port_recv_batch() result. */
};

static inline uint64_t
xt_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static inline bool
fd_readable_within(int fd, int ms)
{
    struct pollfd pfd = { fd, POLLIN, 0 };
    return poll(&pfd, 1, ms) == 1;
}

/* Creates the fake and the vif; no frontend, no port yet. */
static inline void
xt_init_fake(struct xt *t)
{
    memset(t, 0, sizeof *t);
    snprintf(t->dir, sizeof t->dir, "/tmp/ofs-xenfake.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(t->dir));
    ck_assert_int_eq(xen_fake_create(t->dir), 0);
    setenv(XEN_FAKE_ENV, t->dir, 1);
    unsetenv(XEN_FAKE_ENV_DOMID);
    t->dom0 = xen_fake_attach(t->dir, 0);
    ck_assert_ptr_nonnull(t->dom0);
    ck_assert_int_eq(
        xen_fake_ops(t->dom0)->xs_open(xen_fake_ops(t->dom0), &t->xs0), 0);
}

/* Reads 'path' from xenstore, or NULL (owned by the caller). */
static inline char *
xt_read(struct xt *t, const char *path)
{
    char *v = NULL;
    if (xen_fake_ops(t->dom0)->xs_read(t->xs0, DP_XEN_XBT_NULL, path, &v)) {
        return NULL;
    }
    return v;
}

static inline void
xt_write(struct xt *t, const char *path, const char *value)
{
    ck_assert_int_eq(
        xen_fake_ops(t->dom0)->xs_write(t->xs0, DP_XEN_XBT_NULL, path, value),
        0);
}

/* Asserts that xenstore 'path' holds 'want' (NULL: absent). */
static inline void
xt_expect_key(struct xt *t, const char *path, const char *want)
{
    char *v = xt_read(t, path);
    if (!want) {
        ck_assert_msg(!v, "%s: want absent, got \"%s\"", path, v);
    } else {
        ck_assert_msg(v && !strcmp(v, want), "%s: want \"%s\", got \"%s\"",
                      path, want, v ? v : "(absent)");
    }
    free(v);
}

static inline int
xt_backend_state(struct xt *t)
{
    char *v = xt_read(t, "/local/domain/0/backend/vif/5/0/state");
    int s = v ? atoi(v) : 0;
    free(v);
    return s;
}

/* Runs the port and the frontend once: whatever the port returns is kept
 * in 'got'. */
static inline void
xt_run_once(struct xt *t)
{
    if (t->port) {
        struct dp_batch b;
        int n;

        do {
            dp_batch_init(&b);
            n = dp_port_recv_batch(t->port, &b, DP_BATCH_SIZE);
            t->last_recv = n;
            for (size_t i = 0; i < b.n; i++) {
                ck_assert_uint_lt(t->n_got, XT_MAX_GOT);
                t->got[t->n_got++] = b.pkts[i];
            }
        } while (n == DP_BATCH_SIZE);
    }
    if (t->nf) {
        xnf_step(t->nf);
    }
}

/* Pumps until 'cond' holds or 'ms' pass; returns whether it held. */
static inline bool
xt_pump(struct xt *t, bool (*cond)(struct xt *), int ms)
{
    uint64_t deadline = xt_now_ms() + (uint64_t)ms;

    for (;;) {
        xt_run_once(t);
        if (cond && cond(t)) {
            return true;
        }
        if (xt_now_ms() >= deadline) {
            return cond ? false : true;
        }
        struct pollfd pfd = { t->port ? dp_port_get_fd(t->port) : -1, POLLIN,
                              0 };
        poll(&pfd, 1, 2);
    }
}

static inline bool
xt_cond_connected(struct xt *t)
{
    struct dp_port_link link;

    return (t->nf && xnf_state(t->nf) == XenbusStateConnected &&
            xt_backend_state(t) == XenbusStateConnected &&
            !dp_port_get_link(t->port, &link) && link.carrier);
}

static inline bool
xt_cond_link_down(struct xt *t)
{
    struct dp_port_link link;
    return dp_port_get_link(t->port, &link) || !link.carrier;
}

/* Opens "xen:5/0", asserting success. */
static inline void
xt_open_port(struct xt *t)
{
    char *err = NULL;
    int error = dp_port_open("xen:5/0", &t->port, &err);
    ck_assert_msg(!error, "open: %s", err ? err : "?");
    free(err);
}

/* The whole setup: fake, vif, frontend with 'cfg' (domain and device
 * filled in), port, and a completed handshake unless 'connect' is false. */
static inline void
xt_setup(struct xt *t, const struct xnf_config *cfg_, bool connect)
{
    struct xnf_config cfg = cfg_ ? *cfg_ : (struct xnf_config){ 0 };

    xt_init_fake(t);
    xnf_toolstack_add_vif(t->dir, 0, XT_DOMID, XT_DEVID, XT_MAC);
    cfg.domid = XT_DOMID;
    cfg.backend_domid = 0;
    cfg.devid = XT_DEVID;
    t->nf = xnf_create(t->dir, &cfg);
    ck_assert_ptr_nonnull(t->nf);
    xt_open_port(t);
    if (connect) {
        ck_assert_msg(xt_pump(t, xt_cond_connected, 2000),
                      "no connection: frontend %d, backend %d",
                      xnf_state(t->nf), xt_backend_state(t));
    }
}

static inline void
xt_clear_got(struct xt *t)
{
    for (size_t i = 0; i < t->n_got; i++) {
        dp_packet_destroy(t->got[i]);
    }
    t->n_got = 0;
}

static inline void
xt_teardown(struct xt *t)
{
    xt_clear_got(t);
    dp_port_close(t->port);
    t->port = NULL;
    xnf_destroy(t->nf);
    t->nf = NULL;
    xen_fake_ops(t->dom0)->xs_close(t->xs0);
    xen_fake_detach(t->dom0);
    xen_fake_remove(t->dir);
}

/* A frame of 'size' bytes: Ethernet to 'dst' from 'src', EtherType
 * 0x88b5 (local experimental), payload a pattern seeded by 'seed'. */
static inline void
xt_make_frame(uint8_t *f, size_t size, unsigned int seed)
{
    static const uint8_t hdr[14] = {
        0x02, 0, 0, 0, 0, 2, 0x00, 0x16, 0x3e, 0x12, 0x34, 0x56, 0x88, 0xb5
    };
    memcpy(f, hdr, size < 14 ? size : 14);
    for (size_t i = 14; i < size; i++) {
        f[i] = (uint8_t)(seed * 131 + i * 7 + (i >> 8));
    }
}

#endif /* tests/unit/xen-test.h */
