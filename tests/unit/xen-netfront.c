/* tests/unit/xen-netfront.c -- the simulated Linux netfront of
 * xen-netfront.h.  Function names in comments refer to
 * drivers/net/xen-netfront.c, whose behaviour each step reproduces. */
#include <config.h>

#include "tests/unit/xen-netfront.h"

#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/xen-fake.h"
#include "util/xalloc.h"

#define XNF_PAGE DP_XEN_PAGE_SIZE
#define XNF_RING DP_XEN_RING_SIZE
#define XNF_DEFERRED 64

struct xnf_buf {
    void *page;
    uint32_t ref;
    bool used;
};

struct xnf {
    struct xnf_config cfg;
    char *dir;
    struct xen_fake *f;
    const struct dp_xen_ops *ops;
    struct dp_xen_xs *xs;
    struct dp_xen_evtchn *ev;
    char *fe_path, *be_path;
    int state;
    bool stall;

    /* The connection. */
    bool connected;
    void *tx_page, *rx_page;
    uint32_t tx_ref, rx_ref;
    netif_tx_front_ring_t tx;
    netif_rx_front_ring_t rx;
    uint32_t port_tx, port_rx;
    bool split;

    /* TX buffers by id, and the free ids. */
    struct xnf_buf tx_bufs[XNF_RING];
    uint16_t tx_free[XNF_RING];
    unsigned int n_tx_free;

    /* RX buffers by ring position. */
    struct xnf_buf rx_bufs[XNF_RING];

    /* Pages granted by xnf_grant_page(), and grants that could not end
     * yet because the backend still mapped them. */
    struct xnf_buf extra[XNF_DEFERRED];
    struct xnf_buf deferred[XNF_DEFERRED];

    uint64_t tx_status[4];
    uint64_t rx_id_mismatch;
    uint64_t notifies_sent;
    uint64_t notifies_received_before; /* On channels since closed. */
};

/* --- Toolstack. --- */

static void
xnf_xs_write(struct xen_fake *f, struct dp_xen_xs *xs, const char *dir,
             const char *key, const char *value)
{
    char *path = xasprintf("%s/%s", dir, key);
    xen_fake_ops(f)->xs_write(xs, DP_XEN_XBT_NULL, path, value);
    free(path);
}

static char *
xnf_be_path(uint16_t backend_domid, uint16_t domid, uint32_t devid)
{
    return xasprintf("/local/domain/%u/backend/vif/%u/%" PRIu32, backend_domid,
                     domid, devid);
}

static char *
xnf_fe_path(uint16_t domid, uint32_t devid)
{
    return xasprintf("/local/domain/%u/device/vif/%" PRIu32, domid, devid);
}

/* Runs 'fn' with a xenstore handle of domain 0. */
#define XNF_AS_DOM0(DIR, F, XS, BODY)                               \
    do {                                                            \
        struct xen_fake *F = xen_fake_attach(DIR, 0);               \
        struct dp_xen_xs *XS = NULL;                                \
        if (F && !xen_fake_ops(F)->xs_open(xen_fake_ops(F), &XS)) { \
            BODY;                                                   \
            xen_fake_ops(F)->xs_close(XS);                          \
        }                                                           \
        xen_fake_detach(F);                                         \
    } while (0)

void
xnf_toolstack_add_vif(const char *dir, uint16_t backend_domid, uint16_t domid,
                      uint32_t devid, const char *mac)
{
    char *be = xnf_be_path(backend_domid, domid, devid);
    char *fe = xnf_fe_path(domid, devid);
    char *s_be = xasprintf("%u", backend_domid);
    char *s_fe = xasprintf("%u", domid);
    char *s_dev = xasprintf("%" PRIu32, devid);
    char *dom = xasprintf("/local/domain/%u", backend_domid);

    XNF_AS_DOM0(dir, f, xs, {
        xnf_xs_write(f, xs, dom, "domid", s_be);
        xnf_xs_write(f, xs, fe, "backend", be);
        xnf_xs_write(f, xs, fe, "backend-id", s_be);
        xnf_xs_write(f, xs, fe, "handle", s_dev);
        xnf_xs_write(f, xs, fe, "mac", mac);
        xnf_xs_write(f, xs, fe, "state", "1");
        xnf_xs_write(f, xs, be, "frontend-id", s_fe);
        xnf_xs_write(f, xs, be, "online", "1");
        xnf_xs_write(f, xs, be, "state", "1");
        xnf_xs_write(f, xs, be, "handle", s_dev);
        xnf_xs_write(f, xs, be, "mac", mac);
        xnf_xs_write(f, xs, be, "script", "/etc/xen/scripts/vif-bridge");
        /* Last, so that a watcher sees a complete vif. */
        xnf_xs_write(f, xs, be, "frontend", fe);
    });
    free(be);
    free(fe);
    free(s_be);
    free(s_fe);
    free(s_dev);
    free(dom);
}

void
xnf_toolstack_detach_vif(const char *dir, uint16_t backend_domid,
                         uint16_t domid, uint32_t devid)
{
    char *be = xnf_be_path(backend_domid, domid, devid);

    XNF_AS_DOM0(dir, f, xs, {
        xnf_xs_write(f, xs, be, "online", "0");
        xnf_xs_write(f, xs, be, "state", "5");
    });
    free(be);
}

void
xnf_toolstack_remove_vif(const char *dir, uint16_t backend_domid,
                         uint16_t domid, uint32_t devid)
{
    char *be = xnf_be_path(backend_domid, domid, devid);
    char *fe = xnf_fe_path(domid, devid);

    XNF_AS_DOM0(dir, f, xs, {
        xen_fake_ops(f)->xs_rm(xs, DP_XEN_XBT_NULL, be);
        xen_fake_ops(f)->xs_rm(xs, DP_XEN_XBT_NULL, fe);
    });
    free(be);
    free(fe);
}

/* --- Grants. --- */

/* Ends the grant of 'b' and frees its page, or defers that while the
 * backend still maps it (gnttab_end_foreign_access() defers the same
 * way). */
static void
xnf_buf_release(struct xnf *nf, struct xnf_buf *b)
{
    if (!b->used) {
        return;
    }
    if (xen_fake_ungrant(nf->f, b->ref) == EBUSY) {
        for (size_t i = 0; i < XNF_DEFERRED; i++) {
            if (!nf->deferred[i].used) {
                nf->deferred[i] = *b;
                b->used = false;
                return;
            }
        }
        return; /* Leaked for the test's lifetime. */
    }
    xen_fake_page_free(nf->f, b->page);
    b->used = false;
}

static void
xnf_retry_deferred(struct xnf *nf)
{
    for (size_t i = 0; i < XNF_DEFERRED; i++) {
        struct xnf_buf *b = &nf->deferred[i];
        if (b->used && !xen_fake_ungrant(nf->f, b->ref)) {
            xen_fake_page_free(nf->f, b->page);
            b->used = false;
        }
    }
}

static bool
xnf_buf_grant(struct xnf *nf, struct xnf_buf *b, bool readonly)
{
    b->page = xen_fake_page_alloc(nf->f);
    if (!b->page) {
        return false;
    }
    b->ref = xen_fake_grant(nf->f, b->page, nf->cfg.backend_domid, readonly);
    b->used = true;
    return true;
}

/* --- Life cycle. --- */

static void
xnf_write_state(struct xnf *nf, int state)
{
    char s[4];

    snprintf(s, sizeof s, "%d", state);
    xnf_xs_write(nf->f, nf->xs, nf->fe_path, "state", s);
    nf->state = state;
}

struct xnf *
xnf_create(const char *dir, const struct xnf_config *cfg)
{
    struct xnf *nf = xzalloc(sizeof *nf);
    char *path;

    nf->cfg = *cfg;
    nf->dir = xstrdup(dir);
    nf->f = xen_fake_attach(dir, cfg->domid);
    if (!nf->f) {
        free(nf->dir);
        free(nf);
        return NULL;
    }
    nf->ops = xen_fake_ops(nf->f);
    if (nf->ops->xs_open(nf->ops, &nf->xs) ||
        nf->ops->evtchn_open(nf->ops, &nf->ev)) {
        xnf_destroy(nf);
        return NULL;
    }
    nf->fe_path = xnf_fe_path(cfg->domid, cfg->devid);
    nf->be_path = xnf_be_path(cfg->backend_domid, cfg->domid, cfg->devid);
    nf->state = XenbusStateInitialising;
    path = xasprintf("%s/state", nf->be_path);
    nf->ops->xs_watch(nf->xs, path, "backend");
    free(path);
    return nf;
}

/* Frees the rings and channels (xennet_disconnect_backend()). */
static void
xnf_disconnect(struct xnf *nf)
{
    if (!nf->connected) {
        return;
    }
    nf->notifies_received_before = xnf_notifies_received(nf);
    nf->ops->evtchn_unbind(nf->ev, nf->port_tx);
    if (nf->split) {
        nf->ops->evtchn_unbind(nf->ev, nf->port_rx);
    }
    for (size_t i = 0; i < XNF_RING; i++) {
        xnf_buf_release(nf, &nf->tx_bufs[i]);
        xnf_buf_release(nf, &nf->rx_bufs[i]);
    }
    struct xnf_buf tx = { nf->tx_page, nf->tx_ref, true };
    struct xnf_buf rx = { nf->rx_page, nf->rx_ref, true };
    xnf_buf_release(nf, &tx);
    xnf_buf_release(nf, &rx);
    nf->tx_page = nf->rx_page = NULL;
    nf->connected = false;
}

void
xnf_destroy(struct xnf *nf)
{
    if (!nf) {
        return;
    }
    if (nf->ev) {
        xnf_disconnect(nf);
    }
    for (size_t i = 0; i < XNF_DEFERRED; i++) {
        xnf_buf_release(nf, &nf->extra[i]);
    }
    xnf_retry_deferred(nf);
    if (nf->ev) {
        nf->ops->evtchn_close(nf->ev);
    }
    if (nf->xs) {
        nf->ops->xs_close(nf->xs);
    }
    xen_fake_detach(nf->f);
    free(nf->fe_path);
    free(nf->be_path);
    free(nf->dir);
    free(nf);
}

/* Reads a backend key as a number, or -1. */
static long
xnf_read_be(struct xnf *nf, const char *key)
{
    char *path = xasprintf("%s/%s", nf->be_path, key);
    char *v = NULL;
    long n = -1;

    if (!nf->ops->xs_read(nf->xs, DP_XEN_XBT_NULL, path, &v)) {
        char *end;
        n = strtol(v, &end, 10);
        if (*end || end == v) {
            n = -1;
        }
    }
    free(v);
    free(path);
    return n;
}

int
xnf_backend_state(struct xnf *nf)
{
    long s = xnf_read_be(nf, "state");
    return s < 0 ? XenbusStateUnknown : (int)s;
}

/* Sets up a shared ring page at the configured start index. */
#define XNF_RING_SETUP(NF, SRING_T, RING, PAGE)                     \
    do {                                                            \
        SRING_T *s_ = (PAGE);                                       \
        XEN_FRONT_RING_INIT(RING, s_, XNF_PAGE);                    \
        if ((NF)->cfg.start) {                                      \
            s_->req_prod = s_->rsp_prod = (NF)->cfg.start;          \
            s_->req_event = s_->rsp_event = (NF)->cfg.start + 1;    \
            FRONT_RING_ATTACH(RING, s_, (NF)->cfg.start, XNF_PAGE); \
        }                                                           \
    } while (0)

/* Sets up the rings and writes the keys (talk_to_netback()), then posts
 * RX buffers (xennet_connect()).  Returns false if the backend lacks
 * something this frontend requires. */
static bool
xnf_talk_to_netback(struct xnf *nf)
{
    const struct dp_xen_ops *ops = nf->ops;
    uint32_t tx;
    char s[16];

    if (xnf_read_be(nf, "feature-rx-copy") != 1) {
        return false; /* "backend does not support copying receive path" */
    }
    nf->split = (!nf->cfg.no_split &&
                 xnf_read_be(nf, "feature-split-event-channels") == 1);

    nf->tx_page = xen_fake_page_alloc(nf->f);
    nf->rx_page = xen_fake_page_alloc(nf->f);
    XNF_RING_SETUP(nf, netif_tx_sring_t, &nf->tx, nf->tx_page);
    XNF_RING_SETUP(nf, netif_rx_sring_t, &nf->rx, nf->rx_page);
    nf->tx_ref =
        xen_fake_grant(nf->f, nf->tx_page, nf->cfg.backend_domid, false);
    nf->rx_ref =
        xen_fake_grant(nf->f, nf->rx_page, nf->cfg.backend_domid, false);
    xen_fake_evtchn_alloc_unbound(nf->ev, nf->cfg.backend_domid, &nf->port_tx);
    if (nf->split) {
        xen_fake_evtchn_alloc_unbound(nf->ev, nf->cfg.backend_domid,
                                      &nf->port_rx);
    } else {
        nf->port_rx = nf->port_tx;
    }
    nf->n_tx_free = 0;
    for (unsigned int i = XNF_RING; i-- > 0;) {
        nf->tx_free[nf->n_tx_free++] = (uint16_t)i;
    }
    nf->connected = true;

    ops->xs_transaction_start(nf->xs, &tx);
    snprintf(s, sizeof s, "%" PRIu32,
             nf->cfg.bad_tx_ring_ref ? 4000u : nf->tx_ref);
    xnf_xs_write(nf->f, nf->xs, nf->fe_path, "tx-ring-ref", s);
    snprintf(s, sizeof s, "%" PRIu32, nf->rx_ref);
    xnf_xs_write(nf->f, nf->xs, nf->fe_path, "rx-ring-ref", s);
    if (nf->split) {
        snprintf(s, sizeof s, "%" PRIu32, nf->port_tx);
        xnf_xs_write(nf->f, nf->xs, nf->fe_path, "event-channel-tx", s);
        snprintf(s, sizeof s, "%" PRIu32, nf->port_rx);
        xnf_xs_write(nf->f, nf->xs, nf->fe_path, "event-channel-rx", s);
    } else {
        snprintf(s, sizeof s, "%" PRIu32, nf->port_tx);
        xnf_xs_write(nf->f, nf->xs, nf->fe_path, "event-channel", s);
    }
    if (nf->cfg.num_queues) {
        snprintf(s, sizeof s, "%" PRIu32, nf->cfg.num_queues);
        xnf_xs_write(nf->f, nf->xs, nf->fe_path, "multi-queue-num-queues", s);
    }
    if (!nf->cfg.no_rx_copy) {
        xnf_xs_write(nf->f, nf->xs, nf->fe_path, "request-rx-copy", "1");
    }
    xnf_xs_write(nf->f, nf->xs, nf->fe_path, "feature-rx-notify", "1");
    if (!nf->cfg.no_sg) {
        xnf_xs_write(nf->f, nf->xs, nf->fe_path, "feature-sg", "1");
    }
    xnf_xs_write(nf->f, nf->xs, nf->fe_path, "feature-gso-tcpv4", "1");
    xnf_xs_write(nf->f, nf->xs, nf->fe_path, "feature-gso-tcpv6", "1");
    xnf_xs_write(nf->f, nf->xs, nf->fe_path, "feature-ipv6-csum-offload", "1");
    ops->xs_transaction_end(nf->xs, tx, false);

    xnf_rx_refill(nf, nf->cfg.rx_buffers ? nf->cfg.rx_buffers : XNF_RING);
    return true;
}

/* The backend's state changed (netback_changed()). */
static void
xnf_backend_changed(struct xnf *nf)
{
    int be = xnf_backend_state(nf);

    switch (be) {
    case XenbusStateInitWait:
        if (nf->state != XenbusStateInitialising || nf->connected) {
            break;
        }
        if (xnf_talk_to_netback(nf) && !nf->stall) {
            xnf_write_state(nf, XenbusStateConnected);
        }
        break;
    case XenbusStateClosed:
        if (nf->state == XenbusStateClosed) {
            break;
        }
        /* Missed the backend's Closing. */
        /* fall through */
    case XenbusStateClosing:
        /* xenbus_frontend_closed(), after the device was removed. */
        if (nf->state != XenbusStateClosed &&
            (nf->state != XenbusStateInitialising || nf->connected)) {
            xnf_disconnect(nf);
            xnf_write_state(nf, XenbusStateClosed);
        }
        break;
    default:
        break;
    }
}

void
xnf_step(struct xnf *nf)
{
    char *path, *token;
    bool changed = false;
    uint32_t port;

    while (!nf->ops->xs_read_watch(nf->xs, &path, &token)) {
        free(path);
        free(token);
        changed = true;
    }
    if (changed) {
        xnf_backend_changed(nf);
    }
    while (!nf->ops->evtchn_pending(nf->ev, &port)) {
        nf->ops->evtchn_unmask(nf->ev, port);
    }
    xnf_retry_deferred(nf);
}

bool
xnf_wait(struct xnf *nf, int ms)
{
    struct pollfd pfd[2] = {
        { nf->ops->xs_fd(nf->xs), POLLIN, 0 },
        { nf->ops->evtchn_fd(nf->ev), POLLIN, 0 },
    };
    int n = poll(pfd, 2, ms);

    xnf_step(nf);
    return n > 0;
}

int
xnf_state(const struct xnf *nf)
{
    return nf->state;
}

bool
xnf_connected(const struct xnf *nf)
{
    return nf->connected;
}

struct xen_fake *
xnf_fake(struct xnf *nf)
{
    return nf->f;
}

void
xnf_close(struct xnf *nf)
{
    /* xennet_remove(): Closing, and Closed once the backend follows. */
    xnf_write_state(nf, XenbusStateClosing);
    int be = xnf_backend_state(nf);
    if (be == XenbusStateClosing || be == XenbusStateClosed ||
        be == XenbusStateUnknown) {
        xnf_disconnect(nf);
        xnf_write_state(nf, XenbusStateClosed);
    }
}

void
xnf_reinit(struct xnf *nf)
{
    xnf_disconnect(nf);
    xnf_write_state(nf, XenbusStateInitialising);
    /* If the backend already offers the connection, take it now. */
    xnf_backend_changed(nf);
}

void
xnf_set_stall(struct xnf *nf, bool stall)
{
    nf->stall = stall;
}

/* --- TX. --- */

static void
xnf_notify(struct xnf *nf, uint32_t port)
{
    nf->ops->evtchn_notify(nf->ev, port);
    nf->notifies_sent++;
}

void
xnf_push(struct xnf *nf)
{
    int notify;

    RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&nf->tx, notify);
    if (notify) {
        xnf_notify(nf, nf->port_tx);
    }
}

int
xnf_send(struct xnf *nf, const void *frame_, size_t len,
         const struct xnf_tx_opts *opts)
{
    static const struct xnf_tx_opts none;
    const uint8_t *frame = frame_;
    size_t chunks[64], n_chunks = 0, n_extras;
    size_t ofs, first_ofs, slot_max;
    netif_tx_request_t *prev = NULL;

    opts = opts ? opts : &none;
    if (!nf->connected || !len || len > UINT16_MAX ||
        opts->page_offset >= XNF_PAGE) {
        return EINVAL;
    }
    /* Split like xennet_make_txreqs(): at page ends, and at 'slot_size'
     * (standing for the skb's fragments). */
    slot_max = opts->slot_size ? opts->slot_size : XNF_PAGE;
    first_ofs = opts->page_offset;
    for (ofs = 0; ofs < len && n_chunks < 64;) {
        size_t room = n_chunks ? XNF_PAGE : XNF_PAGE - first_ofs;
        size_t c = len - ofs;
        c = c < room ? c : room;
        c = c < slot_max ? c : slot_max;
        chunks[n_chunks++] = c;
        ofs += c;
    }
    if (ofs < len) {
        return EINVAL;
    }
    n_extras = (size_t)opts->extra_gso + opts->extra_mcast;
    if (RING_FREE_REQUESTS(&nf->tx) < n_chunks + n_extras ||
        nf->n_tx_free < n_chunks) {
        return ENOBUFS;
    }

    ofs = 0;
    for (size_t i = 0; i < n_chunks; i++) {
        uint16_t id = nf->tx_free[--nf->n_tx_free];
        struct xnf_buf *b = &nf->tx_bufs[id];
        size_t page_ofs = i ? 0 : first_ofs;
        netif_tx_request_t *req;

        if (!xnf_buf_grant(nf, b, true)) {
            nf->tx_free[nf->n_tx_free++] = id;
            return ENOMEM; /* The pool ran dry: a test bug. */
        }
        memcpy((uint8_t *)b->page + page_ofs, frame + ofs, chunks[i]);
        if (prev) {
            prev->flags |= NETTXF_more_data;
        }
        req = RING_GET_REQUEST(&nf->tx, nf->tx.req_prod_pvt++);
        req->gref = b->ref;
        req->offset = (uint16_t)page_ofs;
        req->id = id;
        req->flags = 0;
        /* The first request carries the whole frame's size. */
        req->size = (uint16_t)(i ? chunks[i] : len);
        if (!i) {
            if (opts->csum_blank) {
                req->flags |= NETTXF_csum_blank | NETTXF_data_validated;
            }
            if (n_extras) {
                req->flags |= NETTXF_extra_info;
            }
            /* The extra_info slots follow the first request. */
            for (size_t k = 0; k < n_extras; k++) {
                netif_extra_info_t *e = (netif_extra_info_t *)RING_GET_REQUEST(
                    &nf->tx, nf->tx.req_prod_pvt++);
                memset(e, 0, sizeof *e);
                if (opts->extra_gso && k == 0) {
                    e->type = XEN_NETIF_EXTRA_TYPE_GSO;
                    e->u.gso.size = 1448;
                    e->u.gso.type = XEN_NETIF_GSO_TYPE_TCPV4;
                } else {
                    static const uint8_t mc[6] = { 0x01, 0x00, 0x5e,
                                                   0x00, 0x00, 0xfb };
                    e->type = XEN_NETIF_EXTRA_TYPE_MCAST_ADD;
                    memcpy(e->u.mcast.addr, mc, 6);
                }
                e->flags = k + 1 < n_extras ? XEN_NETIF_EXTRA_FLAG_MORE : 0;
            }
        }
        prev = req;
        ofs += chunks[i];
    }
    if (!opts->no_push) {
        xnf_push(nf);
    }
    return 0;
}

unsigned int
xnf_tx_reap(struct xnf *nf)
{
    unsigned int n = 0;
    int more;

    if (!nf->connected) {
        return 0;
    }
    /* xennet_tx_buf_gc(). */
    do {
        RING_IDX prod = *(volatile RING_IDX *)&nf->tx.sring->rsp_prod;
        xen_rmb();
        for (RING_IDX cons = nf->tx.rsp_cons; cons != prod; cons++) {
            netif_tx_response_t rsp;

            RING_COPY_RESPONSE(&nf->tx, cons, &rsp);
            n++;
            switch (rsp.status) {
            case NETIF_RSP_OKAY:
                nf->tx_status[0]++;
                break;
            case NETIF_RSP_ERROR:
                nf->tx_status[1]++;
                break;
            case NETIF_RSP_DROPPED:
                nf->tx_status[2]++;
                break;
            case NETIF_RSP_NULL:
                nf->tx_status[3]++;
                continue;
            default:
                break;
            }
            if (rsp.id < XNF_RING && nf->tx_bufs[rsp.id].used) {
                xnf_buf_release(nf, &nf->tx_bufs[rsp.id]);
                nf->tx_free[nf->n_tx_free++] = rsp.id;
            }
        }
        nf->tx.rsp_cons = prod;
        RING_FINAL_CHECK_FOR_RESPONSES(&nf->tx, more);
    } while (more);
    return n;
}

const uint64_t *
xnf_tx_status_counts(const struct xnf *nf)
{
    return nf->tx_status;
}

/* --- RX. --- */

unsigned int
xnf_rx_refill(struct xnf *nf, unsigned int n)
{
    unsigned int posted = 0;
    int notify;

    if (!nf->connected) {
        return 0;
    }
    /* xennet_alloc_rx_buffers(): buffer and id follow the ring position. */
    while (posted < n && RING_FREE_REQUESTS(&nf->rx) > 0) {
        RING_IDX idx = nf->rx.req_prod_pvt;
        uint16_t pos = (uint16_t)(idx & (XNF_RING - 1));
        struct xnf_buf *b = &nf->rx_bufs[pos];
        netif_rx_request_t *req;

        if (b->used || !xnf_buf_grant(nf, b, false)) {
            break;
        }
        req = RING_GET_REQUEST(&nf->rx, idx);
        req->id = pos;
        req->gref = b->ref;
        nf->rx.req_prod_pvt++;
        posted++;
    }
    RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&nf->rx, notify);
    if (notify) {
        xnf_notify(nf, nf->port_rx);
    }
    return posted;
}

int
xnf_recv(struct xnf *nf, uint8_t *buf, size_t cap, size_t *lenp)
{
    RING_IDX rp, i;
    size_t len = 0;
    bool error = false, too_big = false;
    int more;

    *lenp = 0;
    if (!nf->connected) {
        return EAGAIN;
    }
    rp = *(volatile RING_IDX *)&nf->rx.sring->rsp_prod;
    xen_rmb();
    if (nf->rx.rsp_cons == rp) {
        RING_FINAL_CHECK_FOR_RESPONSES(&nf->rx, more);
        if (!more) {
            return EAGAIN;
        }
        rp = *(volatile RING_IDX *)&nf->rx.sring->rsp_prod;
        xen_rmb();
    }
    /* xennet_get_responses(). */
    for (i = nf->rx.rsp_cons;; i++) {
        uint16_t pos = (uint16_t)(i & (XNF_RING - 1));
        struct xnf_buf *b = &nf->rx_bufs[pos];
        netif_rx_response_t rsp;

        if (i == rp) {
            error = true; /* "Need more slots". */
            break;
        }
        RING_COPY_RESPONSE(&nf->rx, i, &rsp);
        if (rsp.id != pos) {
            nf->rx_id_mismatch++;
        }
        if (rsp.status < 0 || rsp.offset + rsp.status > XNF_PAGE || !b->used) {
            error = true;
        } else if (len + (size_t)rsp.status > cap) {
            too_big = true;
        } else {
            memcpy(buf + len, (uint8_t *)b->page + rsp.offset,
                   (size_t)rsp.status);
            len += (size_t)rsp.status;
        }
        xnf_buf_release(nf, b);
        if (!(rsp.flags & NETRXF_more_data)) {
            i++;
            break;
        }
    }
    nf->rx.rsp_cons = i;
    if (error) {
        return EIO;
    }
    if (too_big) {
        return EMSGSIZE;
    }
    *lenp = len;
    return 0;
}

uint64_t
xnf_rx_id_mismatches(const struct xnf *nf)
{
    return nf->rx_id_mismatch;
}

/* --- Counters and raw access. --- */

uint64_t
xnf_notifies_received(struct xnf *nf)
{
    uint64_t n = nf->notifies_received_before;

    if (nf->connected) {
        n += xen_fake_evtchn_notifies(nf->f, nf->port_tx);
        if (nf->split) {
            n += xen_fake_evtchn_notifies(nf->f, nf->port_rx);
        }
    }
    return n;
}

uint64_t
xnf_notifies_sent(const struct xnf *nf)
{
    return nf->notifies_sent;
}

netif_tx_front_ring_t *
xnf_tx_ring(struct xnf *nf)
{
    return &nf->tx;
}

netif_rx_front_ring_t *
xnf_rx_ring(struct xnf *nf)
{
    return &nf->rx;
}

void *
xnf_grant_page(struct xnf *nf, bool readonly, uint32_t *refp)
{
    for (size_t i = 0; i < XNF_DEFERRED; i++) {
        struct xnf_buf *b = &nf->extra[i];
        if (!b->used) {
            if (!xnf_buf_grant(nf, b, readonly)) {
                return NULL;
            }
            *refp = b->ref;
            return b->page;
        }
    }
    return NULL;
}

void
xnf_kick(struct xnf *nf)
{
    xnf_notify(nf, nf->port_tx);
}
