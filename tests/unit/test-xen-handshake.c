/* tests/unit/test-xen-handshake.c -- the "xen" port's control side: spec
 * syntax and open errors, the XenbusState machine against the simulated
 * netfront (connect, close and reconnect, a frontend that disappears
 * mid-handshake or while connected, refusals, the toolstack detaching and
 * removing the vif, a backend in a driver domain), and the "xen:auto"
 * watcher. */
#include <config.h>

#include <check.h>
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>

#include "datapath/packet.h"
#include "datapath/port-xen.h"
#include "datapath/port.h"
#include "datapath/xen-backend.h"
#include "tests/unit/xen-fake.h"
#include "tests/unit/xen-netfront.h"
#include "tests/unit/xen-test.h"

#define BE "/local/domain/0/backend/vif/5/0"
#define FE "/local/domain/5/device/vif/0"

/* Frames both ways, to show a connection works. */
static void
expect_traffic(struct xt *t)
{
    uint8_t f[400], buf[512];
    struct dp_batch b;
    size_t len;

    xt_make_frame(f, sizeof f, 42);
    xt_clear_got(t);
    ck_assert_int_eq(xnf_send(t->nf, f, sizeof f, NULL), 0);
    xt_pump(t, NULL, 0);
    ck_assert_uint_eq(t->n_got, 1);
    ck_assert(!memcmp(dp_packet_data(t->got[0]), f, sizeof f));
    xt_clear_got(t);
    xnf_tx_reap(t->nf);

    dp_batch_init(&b);
    b.pkts[b.n++] = dp_packet_create(f, sizeof f, 0);
    ck_assert_int_eq(dp_port_send_batch(t->port, &b), 0);
    dp_batch_clear(&b);
    ck_assert_int_eq(xnf_recv(t->nf, buf, sizeof buf, &len), 0);
    ck_assert(len == sizeof f && !memcmp(buf, f, len));
    xnf_rx_refill(t->nf, 1);
}

static bool
cond_both_closed(struct xt *t)
{
    return (xt_backend_state(t) == XenbusStateClosed &&
            xnf_state(t->nf) == XenbusStateClosed);
}

static bool
cond_backend_closed(struct xt *t)
{
    return xt_backend_state(t) == XenbusStateClosed;
}

static bool
cond_backend_initwait(struct xt *t)
{
    return xt_backend_state(t) == XenbusStateInitWait;
}

static bool
cond_frontend_wrote_keys(struct xt *t)
{
    return xnf_connected(t->nf);
}

static bool
cond_port_gone(struct xt *t)
{
    return t->last_recv == -ENODEV;
}

/* Opens 'spec', expecting failure with 'error' and a message containing
 * 'needle' and the spec. */
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
    ck_assert_msg(strstr(msg, needle), "%s: \"%s\" lacks \"%s\"", spec, msg,
                  needle);
    ck_assert_msg(strstr(msg, spec), "\"%s\" lacks the spec", msg);
    free(msg);
}

START_TEST(test_spec_syntax)
{
    static const char *const good[] = { "xen:5/0", "xen:0/0", "xen:auto",
                                        "xen:32751/65535", "xen:12/3" };
    static const struct {
        const char *spec, *needle;
    } bad[] = {
        { "xen:", "DOMID/DEVID" },
        { "xen:5", "DOMID/DEVID" },
        { "xen:5/", "device id" },
        { "xen:/0", "domain id" },
        { "xen:a/0", "domain id" },
        { "xen:-1/0", "domain id" },
        { "xen:+5/0", "domain id" },
        { "xen: 5/0", "domain id" },
        { "xen:32752/0", "domain id" },
        { "xen:5/65536", "device id" },
        { "xen:5/0x", "device id" },
        { "xen:5/0/1", "device id" },
        { "xen:99999999999/0", "domain id" },
        { "xen:AUTO", "DOMID/DEVID" },
    };
    char *err;

    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        err = NULL;
        ck_assert_msg(!dp_port_spec_check(good[i], &err), "%s: %s", good[i],
                      err);
    }
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        err = NULL;
        ck_assert_int_eq(dp_port_spec_check(bad[i].spec, &err), EINVAL);
        ck_assert_ptr_nonnull(err);
        ck_assert_msg(strstr(err, bad[i].needle) && strstr(err, bad[i].spec),
                      "%s: \"%s\"", bad[i].spec, err);
        free(err);
    }
    ck_assert_ptr_nonnull(strstr(dp_port_spec_usage(), "xen:DOMID/DEVID"));
    ck_assert(dp_port_xen_spec_is_auto("xen:auto"));
    ck_assert(!dp_port_xen_spec_is_auto("xen:5/0"));
}
END_TEST

START_TEST(test_open_errors)
{
    struct xt t;

    /* No hypervisor at all: the message a host without Xen gives. */
    unsetenv(XEN_FAKE_ENV);
    expect_open_error("xen:5/0", ENODEV, "Xen is not available (no /dev/xen)");

    xt_init_fake(&t);
    expect_open_error("xen:5/0", ENOENT, "no vif 0 of domain 5");
    expect_open_error("xen:auto", EINVAL, "is not one port");
    /* A backend directory that points at another guest's frontend. */
    xnf_toolstack_add_vif(t.dir, 0, 5, 0, XT_MAC);
    xt_write(&t, BE "/frontend", "/local/domain/6/device/vif/0");
    expect_open_error("xen:5/0", EINVAL, "expected");
    xt_teardown(&t);
}
END_TEST

START_TEST(test_features_commit_retry)
{
    struct xt t;

    xt_init_fake(&t);
    xnf_toolstack_add_vif(t.dir, 0, 5, 0, XT_MAC);
    /* The features are written in a transaction, retried on EAGAIN. */
    xen_fake_fail_commits(t.dom0, 3);
    xt_open_port(&t);
    xt_expect_key(&t, BE "/feature-rx-copy", "1");
    xt_expect_key(&t, BE "/state", "2");
    t.nf = xnf_create(t.dir, &(struct xnf_config){ .domid = 5 });
    ck_assert(xt_pump(&t, xt_cond_connected, 2000));
    expect_traffic(&t);
    xt_teardown(&t);
}
END_TEST

START_TEST(test_handshake_order)
{
    struct xt t;

    /* The port first, then the guest's driver. */
    xt_init_fake(&t);
    xnf_toolstack_add_vif(t.dir, 0, 5, 0, XT_MAC);
    xt_open_port(&t);
    ck_assert(xt_pump(&t, cond_backend_initwait, 2000));
    ck_assert(xt_cond_link_down(&t));
    t.nf = xnf_create(t.dir, &(struct xnf_config){ .domid = 5 });
    ck_assert(xt_pump(&t, xt_cond_connected, 2000));
    expect_traffic(&t);
    xt_teardown(&t);
}
END_TEST

START_TEST(test_close_and_reconnect)
{
    struct xt t;

    xt_setup(&t, NULL, true);
    expect_traffic(&t);
    for (int i = 0; i < 3; i++) {
        /* The guest unloads its driver. */
        xnf_close(t.nf);
        ck_assert(fd_readable_within(dp_port_get_fd(t.port), 1000));
        ck_assert(xt_pump(&t, cond_both_closed, 2000));
        ck_assert(xt_cond_link_down(&t));
        ck_assert_uint_eq(xen_fake_n_mapped(xnf_fake(t.nf)), 0);
        /* And loads it again. */
        xnf_reinit(t.nf);
        ck_assert(xt_pump(&t, xt_cond_connected, 2000));
        expect_traffic(&t);
    }
    xt_teardown(&t);
}
END_TEST

START_TEST(test_closing_mid_handshake)
{
    struct xt t;

    /* The frontend stops after its ring references... */
    xt_setup(&t, NULL, false);
    xnf_set_stall(t.nf, true);
    ck_assert(xt_pump(&t, cond_frontend_wrote_keys, 2000));
    xt_pump(&t, NULL, 50);
    ck_assert_int_eq(xt_backend_state(&t), XenbusStateInitWait);
    ck_assert(xt_cond_link_down(&t));
    /* ...then unloads before Connected. */
    xnf_close(t.nf);
    ck_assert(xt_pump(&t, cond_both_closed, 2000));
    ck_assert(xt_cond_link_down(&t));
    ck_assert_uint_eq(xen_fake_n_mapped(xnf_fake(t.nf)), 0);
    xnf_set_stall(t.nf, false);
    xnf_reinit(t.nf);
    ck_assert(xt_pump(&t, xt_cond_connected, 2000));
    expect_traffic(&t);
    xt_teardown(&t);
}
END_TEST

START_TEST(test_vanish_mid_handshake)
{
    struct xt t;

    xt_setup(&t, NULL, false);
    xnf_set_stall(t.nf, true);
    ck_assert(xt_pump(&t, cond_frontend_wrote_keys, 2000));
    xt_expect_key(&t, FE "/state", "1");
    /* The frontend's directory disappears (its domain died). */
    ck_assert_int_eq(xen_fake_ops(t.dom0)->xs_rm(t.xs0, DP_XEN_XBT_NULL, FE),
                     0);
    xnf_destroy(t.nf);
    t.nf = NULL;
    ck_assert(xt_pump(&t, cond_backend_closed, 2000));
    ck_assert(xt_cond_link_down(&t));

    /* It comes back (Initialising) and connects from scratch. */
    xt_write(&t, FE "/backend", BE);
    xt_write(&t, FE "/state", "1");
    ck_assert(xt_pump(&t, cond_backend_initwait, 2000));
    t.nf = xnf_create(t.dir, &(struct xnf_config){ .domid = 5 });
    ck_assert(xt_pump(&t, xt_cond_connected, 2000));
    expect_traffic(&t);
    xt_teardown(&t);
}
END_TEST

START_TEST(test_vanish_connected)
{
    struct xt t;
    uint8_t f[100];
    struct dp_batch b;
    struct dp_port_stats st;

    xt_setup(&t, NULL, true);
    ck_assert_int_eq(xen_fake_ops(t.dom0)->xs_rm(t.xs0, DP_XEN_XBT_NULL, FE),
                     0);
    ck_assert(xt_pump(&t, cond_backend_closed, 2000));
    ck_assert(xt_cond_link_down(&t));
    /* The rings are let go at once. */
    ck_assert_uint_eq(xen_fake_n_mapped(xnf_fake(t.nf)), 0);
    /* Frames for the guest now go nowhere, counted. */
    xt_make_frame(f, sizeof f, 1);
    dp_batch_init(&b);
    b.pkts[b.n++] = dp_packet_create(f, sizeof f, 0);
    ck_assert_int_eq(dp_port_send_batch(t.port, &b), ENETDOWN);
    dp_batch_clear(&b);
    dp_port_get_stats(t.port, &st);
    ck_assert_uint_eq(st.tx_dropped, 1);
    xt_teardown(&t);
}
END_TEST

/* A frontend configuration the backend must refuse: it goes Closing,
 * the (Linux) frontend closes, the backend is Closed, no link. */
static void
expect_refused(const struct xnf_config *cfg)
{
    struct xt t;

    xt_setup(&t, cfg, false);
    ck_assert(xt_pump(&t, cond_both_closed, 2000));
    ck_assert(xt_cond_link_down(&t));
    ck_assert_uint_eq(xen_fake_n_mapped(xnf_fake(t.nf)), 0);
    xt_teardown(&t);
}

START_TEST(test_refusals)
{
    expect_refused(&(struct xnf_config){ .no_rx_copy = true });
    expect_refused(&(struct xnf_config){ .num_queues = 2 });
    expect_refused(&(struct xnf_config){ .bad_tx_ring_ref = true });

    /* One queue asked for explicitly is fine. */
    struct xt t;
    xt_setup(&t, &(struct xnf_config){ .num_queues = 1 }, true);
    expect_traffic(&t);
    xt_teardown(&t);

    /* A map that fails once: refused, then a reconnect works. */
    xt_init_fake(&t);
    xnf_toolstack_add_vif(t.dir, 0, 5, 0, XT_MAC);
    xen_fake_fail_maps(t.dom0, 1);
    xt_open_port(&t);
    t.nf = xnf_create(t.dir, &(struct xnf_config){ .domid = 5 });
    ck_assert(xt_pump(&t, cond_both_closed, 2000));
    xnf_reinit(t.nf);
    ck_assert(xt_pump(&t, xt_cond_connected, 2000));
    expect_traffic(&t);
    xt_teardown(&t);
}
END_TEST

START_TEST(test_toolstack_removes_vif)
{
    struct xt t;
    struct dp_port_link link;

    xt_setup(&t, NULL, true);
    /* libxl: online=0 and state=5, then waits for Closed. */
    xnf_toolstack_detach_vif(t.dir, 0, 5, 0);
    ck_assert(xt_pump(&t, cond_both_closed, 2000));
    ck_assert(xt_cond_link_down(&t));
    ck_assert_uint_eq(xen_fake_n_mapped(xnf_fake(t.nf)), 0);
    /* Then removes both directories: the port is gone for good. */
    xnf_toolstack_remove_vif(t.dir, 0, 5, 0);
    ck_assert(xt_pump(&t, cond_port_gone, 2000));
    ck_assert_int_eq(dp_port_get_link(t.port, &link), ENODEV);
    dp_port_close(t.port);
    t.port = NULL;
    /* Closing it does not bring the directory back. */
    xt_expect_key(&t, BE "/state", NULL);
    xt_teardown(&t);
}
END_TEST

START_TEST(test_port_close)
{
    struct xt t;

    xt_setup(&t, NULL, true);
    dp_port_close(t.port);
    t.port = NULL;
    /* The backend says it is gone; the frontend follows. */
    xt_expect_key(&t, BE "/state", "6");
    ck_assert_uint_eq(xen_fake_n_mapped(xnf_fake(t.nf)), 0);
    for (int i = 0; i < 100 && xnf_state(t.nf) != XenbusStateClosed; i++) {
        xnf_wait(t.nf, 10);
    }
    ck_assert_int_eq(xnf_state(t.nf), XenbusStateClosed);

    /* A new port (the daemon restarted) finds the frontend Closed and
     * stays Closed until the frontend starts again. */
    xt_open_port(&t);
    xt_expect_key(&t, BE "/state", "6");
    xnf_reinit(t.nf);
    ck_assert(xt_pump(&t, xt_cond_connected, 2000));
    expect_traffic(&t);
    xt_teardown(&t);
}
END_TEST

static bool
cond_driver_domain_connected(struct xt *t)
{
    char *v = xt_read(t, "/local/domain/3/backend/vif/5/0/state");
    bool connected = v && !strcmp(v, "4");
    struct dp_port_link link;

    free(v);
    return (connected && xnf_state(t->nf) == XenbusStateConnected &&
            !dp_port_get_link(t->port, &link) && link.carrier);
}

START_TEST(test_driver_domain)
{
    struct xt t;
    char *err = NULL;

    /* The backend runs in domain 3, not dom0: it finds its domain id in
     * xenstore ("domid") and serves /local/domain/3/backend/vif/... */
    xt_init_fake(&t);
    setenv(XEN_FAKE_ENV_DOMID, "3", 1);
    xnf_toolstack_add_vif(t.dir, 3, 5, 0, XT_MAC);
    ck_assert_int_eq(dp_port_open("xen:5/0", &t.port, &err), 0);
    xt_expect_key(&t, "/local/domain/3/backend/vif/5/0/state", "2");
    t.nf = xnf_create(t.dir,
                      &(struct xnf_config){ .domid = 5, .backend_domid = 3 });
    ck_assert(xt_pump(&t, cond_driver_domain_connected, 2000));
    expect_traffic(&t);
    xt_teardown(&t);
}
END_TEST

START_TEST(test_xenstore_lost)
{
    struct xt t;
    struct dp_port_link link;

    xt_setup(&t, NULL, true);
    /* xenstored goes away under the backend: the port is given up (the
     * datapath stops polling it) instead of spinning on its descriptor. */
    xen_fake_break_xenstore(t.dom0, 0);
    xnf_close(t.nf);
    xt_run_once(&t);
    ck_assert_int_eq(t.last_recv, -EIO);
    ck_assert_int_eq(dp_port_get_link(t.port, &link), 0);
    ck_assert(!link.carrier);
    ck_assert_uint_eq(xen_fake_n_mapped(xnf_fake(t.nf)), 0);
    xt_run_once(&t);
    ck_assert_int_eq(t.last_recv, -EIO);
    xen_fake_break_xenstore(t.dom0, -1);
    xt_teardown(&t);
}
END_TEST

/* --- xen:auto. --- */

/* Collects the watcher's events as "+5/0 -7/1 ...". */
static void
watch_events(struct dp_xen_watch *w, char *out, size_t size)
{
    struct dp_xen_watch_event e;
    size_t len = 0;

    out[0] = '\0';
    while (dp_xen_watch_next(w, &e) > 0) {
        ck_assert(!strncmp(e.spec, "xen:", 4));
        len += (size_t)snprintf(out + len, size - len, "%s%c%u/%u",
                                len ? " " : "", e.added ? '+' : '-', e.domid,
                                e.devid);
        ck_assert_uint_lt(len, size);
        char want[32];
        snprintf(want, sizeof want, "xen:%u/%u", e.domid, e.devid);
        ck_assert_str_eq(e.spec, want);
    }
}

START_TEST(test_watcher)
{
    struct xt t;
    struct dp_xen_watch *w;
    char *err = NULL, ev[256];
    struct pollfd pfd;

    xt_init_fake(&t);
    xnf_toolstack_add_vif(t.dir, 0, 9, 0, XT_MAC);
    ck_assert_int_eq(dp_xen_watch_create(&w, &err), 0);
    /* What exists already comes first. */
    pfd = (struct pollfd){ dp_xen_watch_get_fd(w), POLLIN, 0 };
    ck_assert_int_eq(poll(&pfd, 1, 1000), 1);
    watch_events(w, ev, sizeof ev);
    ck_assert_str_eq(ev, "+9/0");
    watch_events(w, ev, sizeof ev);
    ck_assert_str_eq(ev, "");

    /* Guests boot. */
    xnf_toolstack_add_vif(t.dir, 0, 7, 1, XT_MAC);
    xnf_toolstack_add_vif(t.dir, 0, 7, 0, XT_MAC);
    ck_assert_int_eq(poll(&pfd, 1, 1000), 1);
    watch_events(w, ev, sizeof ev);
    ck_assert_str_eq(ev, "+7/0 +7/1");

    /* A vif whose directory is not complete yet (no "frontend") waits. */
    xt_write(&t, "/local/domain/0/backend/vif/11/0/state", "1");
    watch_events(w, ev, sizeof ev);
    ck_assert_str_eq(ev, "");
    xt_write(&t, "/local/domain/0/backend/vif/11/0/frontend",
             "/local/domain/11/device/vif/0");
    watch_events(w, ev, sizeof ev);
    ck_assert_str_eq(ev, "+11/0");

    /* A port working the handshake writes its keys: no news. */
    struct dp_port *port;
    ck_assert_int_eq(dp_port_open("xen:7/0", &port, &err), 0);
    watch_events(w, ev, sizeof ev);
    ck_assert_str_eq(ev, "");

    /* Guests go. */
    xnf_toolstack_remove_vif(t.dir, 0, 7, 1);
    xnf_toolstack_remove_vif(t.dir, 0, 9, 0);
    watch_events(w, ev, sizeof ev);
    ck_assert_str_eq(ev, "-7/1 -9/0");
    ck_assert_int_eq(poll(&pfd, 1, 0), 0);

    dp_port_close(port);
    dp_xen_watch_destroy(w);
    xt_teardown(&t);
}
END_TEST

START_TEST(test_watcher_no_xen)
{
    struct dp_xen_watch *w = (struct dp_xen_watch *)1;
    char *err = NULL;

    unsetenv(XEN_FAKE_ENV);
    ck_assert_int_eq(dp_xen_watch_create(&w, &err), ENODEV);
    ck_assert_ptr_null(w);
    ck_assert_ptr_nonnull(strstr(err, "Xen is not available"));
    free(err);
    dp_xen_watch_destroy(NULL);
}
END_TEST

Suite *xen_handshake_suite(void);

Suite *
xen_handshake_suite(void)
{
    Suite *s = suite_create("xen-handshake");
    TCase *tc;

    tc = tcase_create("spec");
    tcase_add_test(tc, test_spec_syntax);
    tcase_add_test(tc, test_open_errors);
    suite_add_tcase(s, tc);

    tc = tcase_create("states");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_features_commit_retry);
    tcase_add_test(tc, test_handshake_order);
    tcase_add_test(tc, test_close_and_reconnect);
    tcase_add_test(tc, test_closing_mid_handshake);
    tcase_add_test(tc, test_vanish_mid_handshake);
    tcase_add_test(tc, test_vanish_connected);
    tcase_add_test(tc, test_refusals);
    tcase_add_test(tc, test_toolstack_removes_vif);
    tcase_add_test(tc, test_port_close);
    tcase_add_test(tc, test_driver_domain);
    tcase_add_test(tc, test_xenstore_lost);
    suite_add_tcase(s, tc);

    tc = tcase_create("auto");
    tcase_add_test(tc, test_watcher);
    tcase_add_test(tc, test_watcher_no_xen);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    SRunner *sr = srunner_create(xen_handshake_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
