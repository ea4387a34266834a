/* datapath/xen-backend.c -- a userspace netback for one Xen vif (see
 * xen-backend.h): the xenstore handshake, the shared TX and RX rings, grant
 * copy, event channels and checksum completion.
 *
 * The shape follows Linux drivers/net/xen-netback (copy-only, single
 * queue) and QEMU hw/net/xen_nic.c: packet data moves only by grant copy,
 * batched so that one call copies every fragment of every frame taken in
 * one pass over a ring, and only the two ring pages are mapped.  Requests
 * are consumed and answered in ring order, so after each pass the private
 * response producer equals the request consumer: every slot up to it has
 * been answered, which is what makes the producer-index checks of ring.h
 * (RING_REQUEST_PROD_OVERFLOW) exact. */
#include <config.h>

#include "datapath/xen-backend.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "datapath/packet.h"
#include "datapath/port.h"
#include "util/cur.h"
#include "util/log.h"
#include "util/xalloc.h"

#define MOD "xen"

#define ETH_HLEN 14

/* Transaction retries before giving up on writing the features. */
#define XV_TX_RETRIES 16

/* Passes over the TX ring in one dp_xen_vif_recv().  Good frames end a
 * call once the batch is full, but frames that are dropped do not, so
 * without a bound a frontend that keeps reposting bad requests (or flips
 * its producer index) would keep the datapath thread in one call. */
#define XV_MAX_PASSES 8

/* One consumed TX slot, answered after the grant copy. */
struct xv_tx_slot {
    uint16_t id;
    bool extra;     /* An extra_info slot: answered NETIF_RSP_NULL. */
    uint16_t frame; /* Index in 'tx_frames'. */
};

/* One frame taken off the TX ring in the current pass. */
struct xv_tx_frame {
    struct dp_packet *pkt; /* NULL once dropped. */
    int16_t status;        /* NETIF_RSP_OKAY or NETIF_RSP_ERROR. */
    bool csum_blank;
    uint16_t first_seg, n_segs;
};

/* One RX slot filled in the current pass. */
struct xv_rx_slot {
    RING_IDX idx; /* Ring index of the request, and so of the response. */
    uint16_t id;
    uint16_t len;
    bool more;
    uint16_t frame; /* Index in 'rx_frames'. */
};

struct xv_rx_frame {
    bool ok;
    uint32_t size;
};

struct dp_xen_vif {
    const struct dp_xen_ops *ops;
    struct dp_xen_gnt *gnt;
    struct dp_xen_evtchn *ev;
    struct dp_xen_xs *xs;
    int epoll_fd;

    uint32_t self_domid, fe_domid, devid;
    char *be_path; /* /local/domain/<self>/backend/vif/<domid>/<devid> */
    char *fe_path; /* /local/domain/<domid>/device/vif/<devid> */
    uint8_t mac[6];
    bool has_mac;

    /* Handshake. */
    int be_state; /* XenbusState we last wrote. */
    int fe_state; /* XenbusState we last read. */
    bool gone;    /* The toolstack removed the vif (atomic: any thread). */
    int broken;   /* errno that broke xenstore or the event channel. */
    bool carrier; /* Read by other threads with atomic loads. */
    char *error;

    /* The connection, valid while 'connected'. */
    bool connected;
    void *tx_page, *rx_page;
    netif_tx_back_ring_t tx;
    netif_rx_back_ring_t rx;
    uint32_t tx_port, rx_port; /* Equal unless split event channels. */
    bool split;
    bool fe_sg; /* The frontend takes multi-slot RX frames. */

    /* Scratch space of one pass over each ring: a pass consumes at most
     * one ring's worth of slots, each with at most one segment. */
    struct xv_tx_slot tx_slots[DP_XEN_RING_SIZE];
    struct xv_tx_frame tx_frames[DP_XEN_RING_SIZE];
    xengnttab_grant_copy_segment_t tx_segs[DP_XEN_RING_SIZE];
    struct xv_rx_slot rx_slots[DP_XEN_RING_SIZE];
    struct xv_rx_frame rx_frames[DP_XEN_RING_SIZE];
    xengnttab_grant_copy_segment_t rx_segs[DP_XEN_RING_SIZE];
};

static const char *const xv_state_names[] = {
    "Unknown", "Initialising", "InitWait",      "Initialised",  "Connected",
    "Closing", "Closed",       "Reconfiguring", "Reconfigured",
};

static const char *
xv_state_name(int state)
{
    return (state >= 0 && (size_t)state < ARRAY_SIZE(xv_state_names)
                ? xv_state_names[state]
                : "invalid");
}

/* Reads a ring index the other end writes: once, and really from memory. */
static RING_IDX
xv_read_idx(const RING_IDX *p)
{
    return *(const volatile RING_IDX *)p;
}

/* --- Xenstore helpers. --- */

/* Parses 's' as a decimal number no larger than 'max' (digits only, as
 * xenstore values written by frontends must be; no sign, no spaces). */
static bool
xv_parse_uint(const char *s, uint32_t max, uint32_t *v)
{
    uint64_t n = 0;

    if (!*s || strlen(s) > 10) {
        return false;
    }
    for (const char *p = s; *p; p++) {
        if (*p < '0' || *p > '9') {
            return false;
        }
        n = n * 10 + (uint64_t)(*p - '0');
    }
    if (n > max) {
        return false;
    }
    *v = (uint32_t)n;
    return true;
}

/* Reads 'dir'/'key'.  Returns 0 with the value in '*valuep' (owned by the
 * caller) or a positive errno. */
static int
xv_read(struct dp_xen_vif *vif, const char *dir, const char *key,
        char **valuep)
{
    char *path = xasprintf("%s/%s", dir, key);
    int error = vif->ops->xs_read(vif->xs, DP_XEN_XBT_NULL, path, valuep);
    free(path);
    return error;
}

/* Reads 'dir'/'key' as a number no larger than 'max'.  Returns 0, ENOENT
 * when absent, EINVAL when malformed, or another positive errno. */
static int
xv_read_uint(struct dp_xen_vif *vif, const char *dir, const char *key,
             uint32_t max, uint32_t *v)
{
    char *s;
    int error = xv_read(vif, dir, key, &s);

    if (!error) {
        error = xv_parse_uint(s, max, v) ? 0 : EINVAL;
        free(s);
    }
    return error;
}

/* Reads an optional boolean feature key: true only for "1". */
static bool
xv_read_feature(struct dp_xen_vif *vif, const char *dir, const char *key)
{
    uint32_t v;
    return !xv_read_uint(vif, dir, key, 1, &v) && v == 1;
}

/* Writes 'key' = 'value' in the backend directory. */
static int
xv_write(struct dp_xen_vif *vif, uint32_t tx, const char *key,
         const char *value)
{
    char *path = xasprintf("%s/%s", vif->be_path, key);
    int error = vif->ops->xs_write(vif->xs, tx, path, value);
    free(path);
    return error;
}

static void xv_set_error(struct dp_xen_vif *vif, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
xv_set_error(struct dp_xen_vif *vif, const char *fmt, ...)
{
    va_list args;
    char *s;

    va_start(args, fmt);
    if (vasprintf(&s, fmt, args) < 0) {
        s = NULL;
    }
    va_end(args);
    free(vif->error);
    vif->error = s ? s : xstrdup("out of memory");
}

static void
xv_update_carrier(struct dp_xen_vif *vif)
{
    bool up = (vif->connected && vif->be_state == XenbusStateConnected &&
               vif->fe_state == XenbusStateConnected);
    __atomic_store_n(&vif->carrier, up, __ATOMIC_RELAXED);
}

/* Writes the backend's XenbusState (once per change). */
static void
xv_set_state(struct dp_xen_vif *vif, int state)
{
    static struct log_ratelimit rl = LOG_RATELIMIT_INIT(60, 20);
    char value[4];
    int error;

    if (vif->be_state == state) {
        return;
    }
    snprintf(value, sizeof value, "%d", state);
    error = xv_write(vif, DP_XEN_XBT_NULL, "state", value);
    if (error) {
        LOG_RL(&rl, LOG_LVL_WARN, MOD,
               "vif%" PRIu32 ".%" PRIu32 ": cannot write backend state %s: %s",
               vif->fe_domid, vif->devid, xv_state_name(state),
               strerror(error));
    } else {
        LOG_DBG(MOD, "vif%" PRIu32 ".%" PRIu32 ": backend %s -> %s",
                vif->fe_domid, vif->devid, xv_state_name(vif->be_state),
                xv_state_name(state));
    }
    /* Remember the state even if the write failed: the machine below
     * decides from what it meant to say, and the next event retries. */
    vif->be_state = state;
    xv_update_carrier(vif);
}

/* --- Connection. --- */

static void
xv_disconnect(struct dp_xen_vif *vif)
{
    if (!vif->connected) {
        return;
    }
    vif->ops->evtchn_unbind(vif->ev, vif->tx_port);
    if (vif->split) {
        vif->ops->evtchn_unbind(vif->ev, vif->rx_port);
    }
    vif->ops->gnt_unmap(vif->gnt, vif->tx_page);
    vif->ops->gnt_unmap(vif->gnt, vif->rx_page);
    vif->tx_page = vif->rx_page = NULL;
    memset(&vif->tx, 0, sizeof vif->tx);
    memset(&vif->rx, 0, sizeof vif->rx);
    vif->connected = false;
    xv_update_carrier(vif);
}

/* Gives up on the connection because the frontend broke the protocol:
 * disconnects and asks the frontend to close.  The frontend may reconnect
 * from scratch (Initialising). */
static void xv_fatal(struct dp_xen_vif *vif, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
xv_fatal(struct dp_xen_vif *vif, const char *fmt, ...)
{
    static struct log_ratelimit rl = LOG_RATELIMIT_INIT(60, 20);
    va_list args;
    char *s;

    va_start(args, fmt);
    if (vasprintf(&s, fmt, args) < 0) {
        s = NULL;
    }
    va_end(args);
    free(vif->error);
    vif->error = s ? s : xstrdup("out of memory");
    LOG_RL(&rl, LOG_LVL_WARN, MOD,
           "vif%" PRIu32 ".%" PRIu32 ": %s; closing the connection",
           vif->fe_domid, vif->devid, vif->error);
    xv_disconnect(vif);
    xv_set_state(vif, XenbusStateClosing);
}

/* Reads the frontend's ring references and event channels, maps the rings
 * and binds the channels.  Returns true on success; on failure undoes
 * everything and leaves the reason in vif->error. */
static bool
xv_connect(struct dp_xen_vif *vif)
{
    const struct dp_xen_ops *ops = vif->ops;
    uint32_t tx_ref, rx_ref, evtchn_tx, evtchn_rx, n_queues, v;
    const char *fe = vif->fe_path;
    int error;

    /* We advertise no multi-queue-max-queues, so a frontend may at most
     * ask for the one queue it gets anyway. */
    error =
        xv_read_uint(vif, fe, "multi-queue-num-queues", UINT32_MAX, &n_queues);
    if (!error && n_queues != 1) {
        xv_set_error(vif,
                     "frontend asked for %" PRIu32 " queues; "
                     "multi-queue is not supported",
                     n_queues);
        return false;
    } else if (error && error != ENOENT) {
        xv_set_error(vif, "bad multi-queue-num-queues: %s", strerror(error));
        return false;
    }
    /* Only copying receivers are served (page flipping is long gone);
     * QEMU's xen_nic refuses the same way. */
    if (xv_read_uint(vif, fe, "request-rx-copy", 1, &v) || v != 1) {
        xv_set_error(vif, "frontend did not set request-rx-copy "
                          "(rx page flipping is not supported)");
        return false;
    }
    if (xv_read_uint(vif, fe, "tx-ring-ref", UINT32_MAX, &tx_ref) ||
        xv_read_uint(vif, fe, "rx-ring-ref", UINT32_MAX, &rx_ref)) {
        xv_set_error(vif, "frontend wrote no valid tx-ring-ref and "
                          "rx-ring-ref");
        return false;
    }
    if (!xv_read_uint(vif, fe, "event-channel-tx", UINT32_MAX, &evtchn_tx)) {
        if (xv_read_uint(vif, fe, "event-channel-rx", UINT32_MAX,
                         &evtchn_rx)) {
            xv_set_error(vif, "frontend wrote event-channel-tx without a "
                              "valid event-channel-rx");
            return false;
        }
        vif->split = true;
    } else if (!xv_read_uint(vif, fe, "event-channel", UINT32_MAX,
                             &evtchn_tx)) {
        evtchn_rx = evtchn_tx;
        vif->split = false;
    } else {
        xv_set_error(vif, "frontend wrote no valid event-channel");
        return false;
    }
    vif->fe_sg = xv_read_feature(vif, fe, "feature-sg");

    vif->tx_page = ops->gnt_map(vif->gnt, vif->fe_domid, tx_ref);
    if (!vif->tx_page) {
        xv_set_error(vif, "cannot map tx-ring-ref %" PRIu32 ": %s", tx_ref,
                     strerror(errno));
        return false;
    }
    vif->rx_page = ops->gnt_map(vif->gnt, vif->fe_domid, rx_ref);
    if (!vif->rx_page) {
        xv_set_error(vif, "cannot map rx-ring-ref %" PRIu32 ": %s", rx_ref,
                     strerror(errno));
        goto unmap_tx;
    }
    error = ops->evtchn_bind(vif->ev, vif->fe_domid, evtchn_tx, &vif->tx_port);
    if (error) {
        xv_set_error(vif, "cannot bind event channel %" PRIu32 ": %s",
                     evtchn_tx, strerror(error));
        goto unmap_rx;
    }
    if (vif->split) {
        error =
            ops->evtchn_bind(vif->ev, vif->fe_domid, evtchn_rx, &vif->rx_port);
        if (error) {
            xv_set_error(vif, "cannot bind event channel %" PRIu32 ": %s",
                         evtchn_rx, strerror(error));
            goto unbind_tx;
        }
    } else {
        vif->rx_port = vif->tx_port;
    }

    /* Only the frontend initialises the shared rings.  Attaching at the
     * response producer (0 on a fresh ring) also serves a frontend that
     * stayed connected while the backend restarted. */
    netif_tx_sring_t *tx_sring = vif->tx_page;
    netif_rx_sring_t *rx_sring = vif->rx_page;
    BACK_RING_ATTACH(&vif->tx, tx_sring, xv_read_idx(&tx_sring->rsp_prod),
                     DP_XEN_PAGE_SIZE);
    BACK_RING_ATTACH(&vif->rx, rx_sring, xv_read_idx(&rx_sring->rsp_prod),
                     DP_XEN_PAGE_SIZE);
    vif->connected = true;
    free(vif->error);
    vif->error = NULL;
    LOG_INFO(MOD,
             "vif%" PRIu32 ".%" PRIu32 ": connected (tx-ring-ref %" PRIu32
             ", rx-ring-ref %" PRIu32 ", %s event channel%s)",
             vif->fe_domid, vif->devid, tx_ref, rx_ref,
             vif->split ? "split" : "one", vif->fe_sg ? ", sg" : "");
    return true;

unbind_tx:
    ops->evtchn_unbind(vif->ev, vif->tx_port);
unmap_rx:
    ops->gnt_unmap(vif->gnt, vif->rx_page);
    vif->rx_page = NULL;
unmap_tx:
    ops->gnt_unmap(vif->gnt, vif->tx_page);
    vif->tx_page = NULL;
    return false;
}

/* --- The XenbusState machine. --- */

/* Reads both ends' state and takes the step it calls for.  Idempotent:
 * called for every watch event, whatever it was. */
static void
xv_evaluate(struct dp_xen_vif *vif)
{
    static struct log_ratelimit rl = LOG_RATELIMIT_INIT(60, 20);
    uint32_t v;
    char *s;
    int error;
    bool online;
    int fe;

    if (vif->gone) {
        return;
    }
    /* The toolstack removes the backend directory when the guest goes. */
    error = xv_read(vif, vif->be_path, "frontend", &s);
    if (error == ENOENT) {
        LOG_INFO(MOD, "vif%" PRIu32 ".%" PRIu32 ": removed by the toolstack",
                 vif->fe_domid, vif->devid);
        xv_disconnect(vif);
        __atomic_store_n(&vif->gone, true, __ATOMIC_RELAXED);
        xv_update_carrier(vif);
        return;
    } else if (error) {
        return; /* A transient xenstore failure: the next event retries. */
    }
    free(s);

    /* libxl asks for the device's removal with online=0 (and state=5). */
    online = xv_read_uint(vif, vif->be_path, "online", 1, &v) || v != 0;

    if (xv_read_uint(vif, vif->fe_path, "state", XenbusStateReconfigured,
                     &v)) {
        v = XenbusStateUnknown; /* Gone, or garbage: both mean dead. */
    }
    fe = (int)v;
    if (fe != vif->fe_state) {
        LOG_DBG(MOD, "vif%" PRIu32 ".%" PRIu32 ": frontend %s -> %s",
                vif->fe_domid, vif->devid, xv_state_name(vif->fe_state),
                xv_state_name(fe));
    }
    vif->fe_state = fe;

    if (!online) {
        xv_disconnect(vif);
        if (fe == XenbusStateClosed || fe == XenbusStateUnknown ||
            fe == XenbusStateInitialising) {
            xv_set_state(vif, XenbusStateClosed);
        } else {
            xv_set_state(vif, XenbusStateClosing);
        }
        return;
    }

    switch (fe) {
    case XenbusStateUnknown:
    case XenbusStateClosed:
        /* The frontend closed, or its domain went away. */
        xv_disconnect(vif);
        if (vif->be_state == XenbusStateConnected) {
            xv_set_state(vif, XenbusStateClosing);
        }
        xv_set_state(vif, XenbusStateClosed);
        break;

    case XenbusStateClosing:
        xv_disconnect(vif);
        xv_set_state(vif, XenbusStateClosing);
        break;

    case XenbusStateInitialising:
    case XenbusStateInitWait:
        /* A frontend starting (again): offer the connection, dropping any
         * old one (a guest that rebooted its driver without closing). */
        xv_disconnect(vif);
        xv_set_state(vif, XenbusStateInitWait);
        break;

    case XenbusStateInitialised:
    case XenbusStateConnected:
        if (vif->connected || vif->be_state == XenbusStateClosing) {
            /* Connected already, or waiting for the frontend to close
             * after a refusal. */
            break;
        }
        if (vif->be_state != XenbusStateInitWait) {
            xv_set_state(vif, XenbusStateInitWait);
        }
        if (xv_connect(vif)) {
            xv_set_state(vif, XenbusStateConnected);
        } else {
            LOG_RL(&rl, LOG_LVL_WARN, MOD,
                   "vif%" PRIu32 ".%" PRIu32 ": connection refused: %s",
                   vif->fe_domid, vif->devid, vif->error);
            xv_set_state(vif, XenbusStateClosing);
        }
        break;

    default:
        /* Reconfiguring/Reconfigured: not used by netfront. */
        break;
    }
    xv_update_carrier(vif);
}

/* Gives up on the port for good when xenstore or the event channel driver
 * fails (other than "nothing pending"): its descriptor might stay readable
 * and spin the thread polling it. */
static void
xv_break(struct dp_xen_vif *vif, const char *what, int error)
{
    if (!vif->broken) {
        LOG_ERR(MOD, "vif%" PRIu32 ".%" PRIu32 ": %s failed: %s",
                vif->fe_domid, vif->devid, what, strerror(error));
        vif->broken = error;
        xv_disconnect(vif);
    }
}

/* Drains the xenstore watch and takes the handshake step it calls for. */
static void
xv_run_xenstore(struct dp_xen_vif *vif)
{
    bool any = false;
    char *path, *token;
    int error;

    while (!(error = vif->ops->xs_read_watch(vif->xs, &path, &token))) {
        free(path);
        free(token);
        any = true;
    }
    if (error != EAGAIN) {
        xv_break(vif, "reading the xenstore watch", error);
    } else if (any) {
        xv_evaluate(vif);
    }
}

/* Takes every pending port off the event channel and unmasks it.  Ports
 * are unmasked before the rings are looked at, so a notification sent
 * while we process makes the descriptor readable again instead of being
 * lost. */
static void
xv_drain_evtchn(struct dp_xen_vif *vif)
{
    uint32_t port;
    int error = 0;

    for (int i = 0; i < 64; i++) {
        error = vif->ops->evtchn_pending(vif->ev, &port);
        if (error) {
            break;
        }
        vif->ops->evtchn_unmask(vif->ev, port);
    }
    if (error && error != EAGAIN) {
        xv_break(vif, "reading the event channel", error);
    }
}

/* --- TX ring: frames from the guest. --- */

/* Records consumed slot 'id' of frame 'frame'. */
static void
xv_tx_slot(struct dp_xen_vif *vif, size_t *n_slots, uint16_t id, bool extra,
           size_t frame)
{
    struct xv_tx_slot *s = &vif->tx_slots[(*n_slots)++];
    s->id = id;
    s->extra = extra;
    s->frame = (uint16_t)frame;
}

/* A data slot of one frame. */
struct xv_tx_data {
    uint32_t gref;
    uint16_t offset, size;
};

/* Takes one frame (its first request, extra_info slots and more_data
 * chain) off the TX ring, up to 'rp', into frame 'fi'.  Returns false if
 * the requests cannot be parsed (the caller closes the connection), true
 * otherwise; a frame that is only bad gets status NETIF_RSP_ERROR. */
static bool
xv_tx_take_frame(struct dp_xen_vif *vif, RING_IDX rp, size_t fi,
                 size_t *n_slots, size_t *n_segs, struct dp_port_stats *d)
{
    static struct log_ratelimit rl = LOG_RATELIMIT_INIT(60, 20);
    netif_tx_back_ring_t *tx = &vif->tx;
    struct xv_tx_frame *f = &vif->tx_frames[fi];
    struct xv_tx_data data[DP_XEN_MAX_SLOTS];
    netif_tx_request_t first, req;
    const char *drop = NULL;
    size_t n_data = 0, n_frags = 1;
    uint32_t remaining;
    bool more;

    RING_COPY_REQUEST(tx, tx->req_cons, &first);
    tx->req_cons++;
    xv_tx_slot(vif, n_slots, first.id, false, fi);
    f->pkt = NULL;
    f->status = NETIF_RSP_OKAY;
    f->csum_blank = (first.flags & NETTXF_csum_blank) != 0;
    f->first_seg = (uint16_t)*n_segs;
    f->n_segs = 0;

    if (first.flags & NETTXF_extra_info) {
        unsigned int n_extra = 0;
        netif_extra_info_t extra;

        do {
            if (tx->req_cons == rp) {
                xv_fatal(vif,
                         "TX request %" PRIu16 " announces an "
                         "extra_info slot that was not posted",
                         first.id);
                return false;
            }
            /* Each type at most once, so a chain of more than
             * XEN_NETIF_EXTRA_TYPE_MAX - 1 is malformed. */
            if (++n_extra >= XEN_NETIF_EXTRA_TYPE_MAX) {
                xv_fatal(vif,
                         "TX request %" PRIu16 " has too many "
                         "extra_info slots",
                         first.id);
                return false;
            }
            RING_COPY_REQUEST(tx, tx->req_cons, &req);
            tx->req_cons++;
            /* netif_extra_info overlays the request in its slot. */
            memcpy(&extra, &req, sizeof extra);
            xv_tx_slot(vif, n_slots, req.id, true, fi);
            if (!extra.type || extra.type >= XEN_NETIF_EXTRA_TYPE_MAX) {
                xv_fatal(vif, "TX extra_info of unknown type %" PRIu8,
                         extra.type);
                return false;
            }
            if (extra.type == XEN_NETIF_EXTRA_TYPE_GSO) {
                /* No feature-gso-* was offered. */
                drop = "GSO, which was not negotiated";
            }
            /* Multicast filter updates and hashes need no action: the
             * switch floods multicast and does not steer queues. */
        } while (extra.flags & XEN_NETIF_EXTRA_FLAG_MORE);
    }

    /* The first request's size is the whole packet's; the first slot holds
     * what the later slots do not (netif.h, "tx requests"). */
    remaining = first.size;
    data[n_data++] = (struct xv_tx_data){ first.gref, first.offset, 0 };
    more = (first.flags & NETTXF_more_data) != 0;
    while (more) {
        if (tx->req_cons == rp) {
            xv_fatal(vif, "TX packet continues past the last posted "
                          "request");
            return false;
        }
        RING_COPY_REQUEST(tx, tx->req_cons, &req);
        tx->req_cons++;
        xv_tx_slot(vif, n_slots, req.id, false, fi);
        n_frags++;
        if (req.size > remaining) {
            xv_fatal(vif,
                     "TX slot of %" PRIu16 " bytes exceeds the "
                     "%" PRIu32 " left of its packet",
                     req.size, remaining);
            return false;
        }
        remaining -= req.size;
        if (n_frags <= DP_XEN_MAX_SLOTS) {
            data[n_data++] =
                (struct xv_tx_data){ req.gref, req.offset, req.size };
        }
        more = (req.flags & NETTXF_more_data) != 0;
    }
    data[0].size = (uint16_t)remaining;

    if (n_frags > DP_XEN_MAX_SLOTS) {
        drop = "more than 18 slots";
    } else if (first.size < ETH_HLEN) {
        drop = "shorter than an Ethernet header";
    } else {
        for (size_t i = 0; i < n_data; i++) {
            if (data[i].offset > DP_XEN_PAGE_SIZE ||
                data[i].size > DP_XEN_PAGE_SIZE - data[i].offset) {
                drop = "a slot that crosses its page";
                break;
            }
        }
    }
    if (drop) {
        LOG_RL(&rl, LOG_LVL_WARN, MOD,
               "vif%" PRIu32 ".%" PRIu32 ": dropped a TX packet "
               "(%" PRIu16 " bytes): %s",
               vif->fe_domid, vif->devid, first.size, drop);
        f->status = NETIF_RSP_ERROR;
        d->rx_errors++;
        return true;
    }

    f->pkt = dp_packet_create_empty(first.size);
    dp_packet_set_size(f->pkt, first.size);
    uint8_t *p = dp_packet_data(f->pkt);
    for (size_t i = 0; i < n_data; i++) {
        xengnttab_grant_copy_segment_t *seg;

        if (!data[i].size) {
            continue;
        }
        seg = &vif->tx_segs[(*n_segs)++];
        memset(seg, 0, sizeof *seg);
        seg->source.foreign.ref = data[i].gref;
        seg->source.foreign.offset = data[i].offset;
        seg->source.foreign.domid = (uint16_t)vif->fe_domid;
        seg->dest.virt = p;
        seg->len = data[i].size;
        seg->flags = GNTCOPY_source_gref;
        p += data[i].size;
        f->n_segs++;
    }
    return true;
}

/* One pass: takes frames off the TX ring up to 'rp' until 'max' good ones
 * are in 'batch', copies their data, answers every consumed slot and
 * notifies the frontend if it asked.  Returns the number of frames added
 * to 'batch'. */
static size_t
xv_tx_pass(struct dp_xen_vif *vif, RING_IDX rp, struct dp_batch *batch,
           size_t max, struct dp_port_stats *d)
{
    static struct log_ratelimit rl = LOG_RATELIMIT_INIT(60, 20);
    netif_tx_back_ring_t *tx = &vif->tx;
    size_t n_frames = 0, n_slots = 0, n_segs = 0, n_good = 0, n_out = 0;
    int error = 0;
    int notify;

    while (tx->req_cons != rp && n_good < max) {
        if (!xv_tx_take_frame(vif, rp, n_frames, &n_slots, &n_segs, d)) {
            /* Disconnected: drop what this pass took; nothing is
             * answered on a ring that is gone. */
            d->rx_errors++;
            for (size_t i = 0; i <= n_frames; i++) {
                dp_packet_destroy(vif->tx_frames[i].pkt);
                vif->tx_frames[i].pkt = NULL;
            }
            return 0;
        }
        if (vif->tx_frames[n_frames].pkt) {
            n_good++;
        }
        n_frames++;
    }

    if (n_segs) {
        error = vif->ops->gnt_copy(vif->gnt, vif->tx_segs, n_segs);
        if (error) {
            LOG_RL(&rl, LOG_LVL_WARN, MOD,
                   "vif%" PRIu32 ".%" PRIu32 ": grant copy failed: %s",
                   vif->fe_domid, vif->devid, strerror(error));
        }
    }
    for (size_t i = 0; i < n_frames; i++) {
        struct xv_tx_frame *f = &vif->tx_frames[i];
        bool ok = f->pkt != NULL && !error;

        for (size_t k = 0; ok && k < f->n_segs; k++) {
            ok = vif->tx_segs[f->first_seg + k].status == GNTST_okay;
        }
        if (f->pkt && !ok) {
            /* A grant the guest did not give us, or gave read-only to
             * someone else: its problem, its packet. */
            f->status = NETIF_RSP_ERROR;
            dp_packet_destroy(f->pkt);
            f->pkt = NULL;
            d->rx_errors++;
        }
    }

    /* Answer every slot, in ring order, then publish. */
    for (size_t i = 0; i < n_slots; i++) {
        const struct xv_tx_slot *s = &vif->tx_slots[i];
        netif_tx_response_t *rsp = RING_GET_RESPONSE(tx, tx->rsp_prod_pvt);

        rsp->id = s->id;
        rsp->status =
            s->extra ? NETIF_RSP_NULL : vif->tx_frames[s->frame].status;
        tx->rsp_prod_pvt++;
    }
    RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(tx, notify);
    if (notify) {
        vif->ops->evtchn_notify(vif->ev, vif->tx_port);
    }

    for (size_t i = 0; i < n_frames; i++) {
        struct xv_tx_frame *f = &vif->tx_frames[i];
        struct dp_packet *pkt = f->pkt;

        if (!pkt) {
            continue;
        }
        f->pkt = NULL;
        /* The guest left the checksum to the "hardware"; other ports
         * (and the hosts behind them) need it complete. */
        if (f->csum_blank &&
            dp_xen_csum_complete(dp_packet_data(pkt), pkt->size)) {
            LOG_RL(&rl, LOG_LVL_WARN, MOD,
                   "vif%" PRIu32 ".%" PRIu32 ": dropped a csum_blank "
                   "packet that is not TCP or UDP",
                   vif->fe_domid, vif->devid);
            dp_packet_destroy(pkt);
            d->rx_errors++;
            continue;
        }
        d->rx_packets++;
        d->rx_bytes += pkt->size;
        batch->pkts[batch->n++] = pkt;
        n_out++;
    }
    return n_out;
}

static int
xv_tx_process(struct dp_xen_vif *vif, struct dp_batch *batch, size_t max,
              struct dp_port_stats *d)
{
    size_t n_out = 0;

    for (int pass = 0; n_out < max && vif->connected; pass++) {
        netif_tx_back_ring_t *tx = &vif->tx;
        RING_IDX rp = xv_read_idx(&tx->sring->req_prod);
        int more;

        if (pass == XV_MAX_PASSES) {
            /* Leave the rest for later, but make sure the frontend's next
             * push notifies us, as the final check would have. */
            tx->sring->req_event = tx->req_cons + 1;
            xen_mb();
            break;
        }

        xen_rmb(); /* Read the requests only after their index. */
        if (RING_REQUEST_PROD_OVERFLOW(tx, rp)) {
            xv_fatal(vif,
                     "TX producer index %u is impossible (%u answered, "
                     "ring of %u)",
                     rp, tx->rsp_prod_pvt, RING_SIZE(tx));
            d->rx_errors++;
            break;
        }
        if (tx->req_cons != rp) {
            n_out += xv_tx_pass(vif, rp, batch, max - n_out, d);
            continue;
        }
        /* Ring empty: ask for a notification on the next request, then
         * look once more in case one came in meanwhile. */
        RING_FINAL_CHECK_FOR_REQUESTS(tx, more);
        if (!more) {
            break;
        }
    }
    return (int)n_out;
}

/* --- RX ring: frames to the guest. --- */

int
dp_xen_vif_send(struct dp_xen_vif *vif, const struct dp_batch *batch,
                struct dp_port_stats *d)
{
    static struct log_ratelimit rl = LOG_RATELIMIT_INIT(60, 20);
    netif_rx_back_ring_t *rx = &vif->rx;
    size_t n_slots = 0, n_frames = 0;
    int result = 0, error = 0;
    RING_IDX rp;
    int notify;

    if (!vif->connected) {
        d->tx_dropped += batch->n;
        return batch->n ? ENETDOWN : 0;
    }
    rp = xv_read_idx(&rx->sring->req_prod);
    xen_rmb();
    if (RING_REQUEST_PROD_OVERFLOW(rx, rp)) {
        xv_fatal(vif,
                 "RX producer index %u is impossible (%u answered, "
                 "ring of %u)",
                 rp, rx->rsp_prod_pvt, RING_SIZE(rx));
        d->tx_dropped += batch->n;
        return ENETDOWN;
    }

    for (size_t i = 0; i < batch->n; i++) {
        const struct dp_packet *p = batch->pkts[i];
        const uint8_t *data = dp_packet_data(p);
        size_t size = p->size;
        size_t need = (size + DP_XEN_PAGE_SIZE - 1) / DP_XEN_PAGE_SIZE;
        struct xv_rx_frame *f = &vif->rx_frames[n_frames];

        if (!size || size > DP_PACKET_MAX_FRAME) {
            d->tx_errors++;
            result = EINVAL;
            continue;
        }
        if (need > 1 && !vif->fe_sg) {
            d->tx_errors++;
            result = EMSGSIZE;
            continue;
        }
        if (rp - rx->req_cons < need) {
            /* The guest posted too few buffers: drop, never wait. */
            d->tx_dropped++;
            result = ENOBUFS;
            continue;
        }
        f->ok = true;
        f->size = (uint32_t)size;
        for (size_t k = 0, ofs = 0; k < need; k++) {
            /* Slot i copies through segment i. */
            struct xv_rx_slot *s = &vif->rx_slots[n_slots];
            xengnttab_grant_copy_segment_t *seg = &vif->rx_segs[n_slots];
            netif_rx_request_t req;
            size_t len = size - ofs;

            if (len > DP_XEN_PAGE_SIZE) {
                len = DP_XEN_PAGE_SIZE;
            }
            RING_COPY_REQUEST(rx, rx->req_cons, &req);
            s->idx = rx->req_cons;
            s->id = req.id;
            s->len = (uint16_t)len;
            s->more = k + 1 < need;
            s->frame = (uint16_t)n_frames;
            rx->req_cons++;
            n_slots++;

            memset(seg, 0, sizeof *seg);
            seg->source.virt = (void *)(data + ofs);
            seg->dest.foreign.ref = req.gref;
            seg->dest.foreign.offset = 0;
            seg->dest.foreign.domid = (uint16_t)vif->fe_domid;
            seg->len = (uint16_t)len;
            seg->flags = GNTCOPY_dest_gref;
            ofs += len;
        }
        n_frames++;
    }
    if (!n_slots) {
        return result;
    }

    error = vif->ops->gnt_copy(vif->gnt, vif->rx_segs, n_slots);
    if (error) {
        LOG_RL(&rl, LOG_LVL_WARN, MOD,
               "vif%" PRIu32 ".%" PRIu32 ": grant copy failed: %s",
               vif->fe_domid, vif->devid, strerror(error));
    }
    for (size_t i = 0; i < n_slots; i++) {
        if (error || vif->rx_segs[i].status != GNTST_okay) {
            vif->rx_frames[vif->rx_slots[i].frame].ok = false;
        }
    }

    /* Each response goes in the slot of its request: Linux netfront finds
     * its buffer by ring position and ignores the id. */
    for (size_t i = 0; i < n_slots; i++) {
        const struct xv_rx_slot *s = &vif->rx_slots[i];
        netif_rx_response_t *rsp = RING_GET_RESPONSE(rx, s->idx);
        bool ok = vif->rx_frames[s->frame].ok;

        rsp->id = s->id;
        rsp->offset = 0;
        rsp->flags = s->more ? NETRXF_more_data : 0;
        rsp->status = ok ? (int16_t)s->len : NETIF_RSP_ERROR;
        rx->rsp_prod_pvt = s->idx + 1;
    }
    RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(rx, notify);
    if (notify) {
        vif->ops->evtchn_notify(vif->ev, vif->rx_port);
    }

    for (size_t i = 0; i < n_frames; i++) {
        const struct xv_rx_frame *f = &vif->rx_frames[i];
        if (f->ok) {
            d->tx_packets++;
            d->tx_bytes += f->size;
        } else {
            d->tx_errors++;
            result = EIO;
        }
    }
    return result;
}

/* --- Life cycle. --- */

/* Parses "xx:xx:xx:xx:xx:xx". */
static bool
xv_parse_mac(const char *s, uint8_t mac[6])
{
    unsigned int b[6];
    char extra;

    if (sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%c", &b[0], &b[1], &b[2], &b[3],
               &b[4], &b[5], &extra) != 6) {
        return false;
    }
    for (int i = 0; i < 6; i++) {
        mac[i] = (uint8_t)b[i];
    }
    return true;
}

/* Writes the backend's features and state InitWait in one transaction. */
static int
xv_write_features(struct dp_xen_vif *vif)
{
    static const char *const features[][2] = {
        { "feature-rx-copy", "1" },
        { "feature-rx-flip", "0" },
        { "feature-sg", "1" },
        { "feature-split-event-channels", "1" },
        { "feature-ipv6-csum-offload", "1" },
    };
    char state[4];
    int error = 0;

    snprintf(state, sizeof state, "%d", XenbusStateInitWait);
    for (int attempt = 0; attempt < XV_TX_RETRIES; attempt++) {
        uint32_t tx;

        error = vif->ops->xs_transaction_start(vif->xs, &tx);
        if (error) {
            return error;
        }
        for (size_t i = 0; !error && i < ARRAY_SIZE(features); i++) {
            error = xv_write(vif, tx, features[i][0], features[i][1]);
        }
        if (!error) {
            error = xv_write(vif, tx, "state", state);
        }
        if (error) {
            vif->ops->xs_transaction_end(vif->xs, tx, true);
            return error;
        }
        error = vif->ops->xs_transaction_end(vif->xs, tx, false);
        if (error != EAGAIN) {
            break;
        }
    }
    if (!error) {
        vif->be_state = XenbusStateInitWait;
    }
    return error;
}

int
dp_xen_vif_create(const struct dp_xen_ops *ops, uint32_t domid, uint32_t devid,
                  struct dp_xen_vif **vifp, char **errp)
{
    struct dp_xen_vif *vif = xzalloc(sizeof *vif);
    struct epoll_event ev;
    char *s, *want_fe;
    uint32_t v;
    int error;

    *vifp = NULL;
    *errp = NULL;
    vif->ops = ops;
    vif->fe_domid = domid;
    vif->devid = devid;
    vif->epoll_fd = -1;
    vif->be_state = XenbusStateUnknown;
    vif->fe_state = XenbusStateUnknown;

    error = ops->xs_open(ops, &vif->xs);
    if (error) {
        *errp = xasprintf("cannot connect to xenstore: %s", strerror(error));
        goto error;
    }
    error = ops->evtchn_open(ops, &vif->ev);
    if (error) {
        *errp = xasprintf("cannot open the event channel driver: %s",
                          strerror(error));
        goto error;
    }
    error = ops->gnt_open(ops, 2, &vif->gnt);
    if (error) {
        *errp = xasprintf("cannot open the grant table driver: %s",
                          strerror(error));
        goto error;
    }

    /* Our own domain id: 0 in dom0, whatever the toolstack gave a driver
     * domain (where "domid" is always written). */
    vif->self_domid = 0;
    if (!ops->xs_read(vif->xs, DP_XEN_XBT_NULL, "domid", &s)) {
        if (xv_parse_uint(s, UINT16_MAX, &v)) {
            vif->self_domid = v;
        }
        free(s);
    }
    vif->be_path =
        xasprintf("/local/domain/%" PRIu32 "/backend/vif/%" PRIu32 "/%" PRIu32,
                  vif->self_domid, domid, devid);
    error = xv_read(vif, vif->be_path, "frontend", &vif->fe_path);
    if (error) {
        *errp = xasprintf("no vif %" PRIu32 " of domain %" PRIu32
                          " for this backend in xenstore (%s/frontend: %s)",
                          devid, domid, vif->be_path, strerror(error));
        goto error;
    }
    /* The toolstack wrote it, but a path into another domain's tree would
     * make us serve the wrong guest. */
    want_fe = xasprintf("/local/domain/%" PRIu32 "/device/vif/%" PRIu32, domid,
                        devid);
    if (strcmp(vif->fe_path, want_fe)) {
        *errp = xasprintf("%s/frontend is \"%s\", expected \"%s\"",
                          vif->be_path, vif->fe_path, want_fe);
        free(want_fe);
        error = EINVAL;
        goto error;
    }
    free(want_fe);
    if (!xv_read(vif, vif->be_path, "mac", &s)) {
        vif->has_mac = xv_parse_mac(s, vif->mac);
        free(s);
    }

    error = xv_write_features(vif);
    if (error) {
        *errp = xasprintf("cannot write the backend features to %s: %s",
                          vif->be_path, strerror(error));
        goto error;
    }

    /* Our backend directory (online, state, removal) and the frontend's
     * state.  Each watch also fires once right away. */
    static const char *const be_keys[] = { "online", "state", "frontend" };
    for (size_t i = 0; i < ARRAY_SIZE(be_keys); i++) {
        char *path = xasprintf("%s/%s", vif->be_path, be_keys[i]);
        error = ops->xs_watch(vif->xs, path, "be");
        free(path);
        if (error) {
            *errp = xasprintf("cannot watch %s: %s", vif->be_path,
                              strerror(error));
            goto error;
        }
    }
    s = xasprintf("%s/state", vif->fe_path);
    error = ops->xs_watch(vif->xs, s, "fe");
    free(s);
    if (error) {
        *errp =
            xasprintf("cannot watch %s: %s", vif->fe_path, strerror(error));
        goto error;
    }

    vif->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
    if (vif->epoll_fd < 0) {
        error = errno;
        *errp = xasprintf("epoll_create1: %s", strerror(error));
        goto error;
    }
    memset(&ev, 0, sizeof ev);
    ev.events = EPOLLIN;
    if (epoll_ctl(vif->epoll_fd, EPOLL_CTL_ADD, ops->xs_fd(vif->xs), &ev) <
            0 ||
        epoll_ctl(vif->epoll_fd, EPOLL_CTL_ADD, ops->evtchn_fd(vif->ev), &ev) <
            0) {
        error = errno;
        *errp = xasprintf("epoll_ctl: %s", strerror(error));
        goto error;
    }

    xv_evaluate(vif);
    *vifp = vif;
    return 0;

error:
    dp_xen_vif_destroy(vif);
    return error;
}

void
dp_xen_vif_destroy(struct dp_xen_vif *vif)
{
    if (!vif) {
        return;
    }
    xv_disconnect(vif);
    /* Tell the frontend the backend went away, unless we never got as
     * far as InitWait or the toolstack removed the vif (maybe without our
     * having seen it yet: writing "state" then would create a stray
     * directory). */
    if (vif->xs && vif->be_path && !vif->gone &&
        vif->be_state != XenbusStateUnknown) {
        char *s;
        if (!xv_read(vif, vif->be_path, "frontend", &s)) {
            free(s);
            xv_set_state(vif, XenbusStateClosed);
        }
    }
    if (vif->epoll_fd >= 0) {
        close(vif->epoll_fd);
    }
    if (vif->gnt) {
        vif->ops->gnt_close(vif->gnt);
    }
    if (vif->ev) {
        vif->ops->evtchn_close(vif->ev);
    }
    if (vif->xs) {
        vif->ops->xs_close(vif->xs);
    }
    free(vif->be_path);
    free(vif->fe_path);
    free(vif->error);
    free(vif);
}

int
dp_xen_vif_get_fd(const struct dp_xen_vif *vif)
{
    return vif->epoll_fd;
}

int
dp_xen_vif_recv(struct dp_xen_vif *vif, struct dp_batch *batch, size_t max,
                struct dp_port_stats *d)
{
    if (!vif->broken) {
        xv_run_xenstore(vif);
    }
    if (!vif->broken) {
        xv_drain_evtchn(vif);
    }
    if (vif->gone) {
        return -ENODEV;
    }
    if (vif->broken) {
        return -vif->broken;
    }
    return vif->connected ? xv_tx_process(vif, batch, max, d) : 0;
}

bool
dp_xen_vif_get_carrier(const struct dp_xen_vif *vif)
{
    return __atomic_load_n(&vif->carrier, __ATOMIC_RELAXED);
}

bool
dp_xen_vif_is_gone(const struct dp_xen_vif *vif)
{
    return __atomic_load_n(&vif->gone, __ATOMIC_RELAXED);
}

int
dp_xen_vif_get_mac(const struct dp_xen_vif *vif, uint8_t mac[6])
{
    if (!vif->has_mac) {
        return ENOENT;
    }
    memcpy(mac, vif->mac, 6);
    return 0;
}

int
dp_xen_vif_get_backend_state(const struct dp_xen_vif *vif)
{
    return vif->be_state;
}

int
dp_xen_vif_get_frontend_state(const struct dp_xen_vif *vif)
{
    return vif->fe_state;
}

const char *
dp_xen_vif_get_error(const struct dp_xen_vif *vif)
{
    return vif->error;
}

/* --- Checksums. --- */

/* Adds 'n' bytes at 'p' to a one's complement sum (as 16-bit big-endian
 * words, an odd last byte padded with zero). */
static uint32_t
xv_sum(uint32_t sum, const uint8_t *p, size_t n)
{
    size_t i;

    for (i = 0; i + 1 < n; i += 2) {
        sum += (uint32_t)p[i] << 8 | p[i + 1];
        sum = (sum & 0xffff) + (sum >> 16);
    }
    if (i < n) {
        sum += (uint32_t)p[i] << 8;
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return sum;
}

int
dp_xen_csum_complete(uint8_t *frame, size_t size)
{
    struct cur c = cur_make(frame, size);
    uint32_t sum = 0;
    uint16_t type;
    size_t l3, avail, l4, l4_len, csum_ofs;
    uint8_t proto;

    if (!cur_skip(&c, 12) || !cur_get_be16(&c, &type)) {
        return EINVAL;
    }
    for (int i = 0; i < 2 && (type == 0x8100 || type == 0x88a8); i++) {
        if (!cur_skip(&c, 2) || !cur_get_be16(&c, &type)) {
            return EINVAL;
        }
    }
    l3 = size - c.left;
    avail = c.left; /* Bytes from the network header to the frame's end. */
    const uint8_t *ip = frame + l3;

    if (type == 0x0800) {
        size_t ihl, total;

        if (avail < 20 || ip[0] >> 4 != 4) {
            return EINVAL;
        }
        ihl = (size_t)(ip[0] & 0xf) * 4;
        total = (size_t)ip[2] << 8 | ip[3];
        /* The checksum of a fragment covers the whole datagram. */
        if (ihl < 20 || total < ihl || total > avail ||
            ((ip[6] << 8 | ip[7]) & 0x3fff)) {
            return EINVAL;
        }
        proto = ip[9];
        l4 = l3 + ihl;
        l4_len = total - ihl;
        sum = xv_sum(sum, ip + 12, 8);
        sum = xv_sum(sum,
                     (const uint8_t[]){ (uint8_t)(l4_len >> 8),
                                        (uint8_t)l4_len, 0, proto },
                     4);
    } else if (type == 0x86dd) {
        size_t ofs = 40, end;

        if (avail < 40 || ip[0] >> 4 != 6) {
            return EINVAL;
        }
        end = 40 + ((size_t)ip[4] << 8 | ip[5]);
        if (end > avail) {
            return EINVAL;
        }
        proto = ip[6];
        /* Skip the extension headers a TCP or UDP segment may follow. */
        while (proto == 0 || proto == 43 || proto == 60 || proto == 44) {
            size_t len;

            if (end - ofs < 8) {
                return EINVAL;
            }
            if (proto == 44) {
                if ((ip[ofs + 2] << 8 | ip[ofs + 3]) & 0xfff9) {
                    return EINVAL; /* A real fragment. */
                }
                len = 8;
            } else {
                len = ((size_t)ip[ofs + 1] + 1) * 8;
            }
            if (len > end - ofs) {
                return EINVAL;
            }
            proto = ip[ofs];
            ofs += len;
        }
        l4 = l3 + ofs;
        l4_len = end - ofs;
        sum = xv_sum(sum, ip + 8, 32);
        sum = xv_sum(sum,
                     (const uint8_t[]){ 0, 0, (uint8_t)(l4_len >> 8),
                                        (uint8_t)l4_len, 0, 0, 0, proto },
                     8);
    } else {
        return EINVAL;
    }

    if (proto == 6 && l4_len >= 20) {
        csum_ofs = 16;
    } else if (proto == 17 && l4_len >= 8) {
        csum_ofs = 6;
    } else {
        return EINVAL;
    }
    frame[l4 + csum_ofs] = 0;
    frame[l4 + csum_ofs + 1] = 0;
    sum = xv_sum(sum, frame + l4, l4_len);
    uint16_t csum = (uint16_t)~sum;
    if (proto == 17 && csum == 0) {
        csum = 0xffff; /* RFC 768: zero means "no checksum". */
    }
    frame[l4 + csum_ofs] = (uint8_t)(csum >> 8);
    frame[l4 + csum_ofs + 1] = (uint8_t)csum;
    return 0;
}
