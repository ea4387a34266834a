/* datapath/port-xen.c -- the "xen" port kind and the "xen:auto" vif watcher
 * (see port-xen.h).  A port wraps one 'struct dp_xen_vif'
 * (xen-backend.h); the watcher lists the vifs under this domain's
 * backend/vif directory in xenstore.  Compiled only with the Xen libraries
 * (HAVE_XEN); port-xen-stub.c stands in for it otherwise.
 *
 * The port's descriptor is the vif's epoll set of its event channel and
 * its xenstore watch, so the datapath thread that owns the port also takes
 * the handshake steps (a few xenstore requests when the guest's driver
 * starts or stops) and the control thread only reads the resulting link
 * state.  A mutex serialises the vif between that thread, another
 * datapath thread sending to the port, and the control thread's close. */
#include <config.h>

#include "datapath/port-xen.h"

#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datapath/packet.h"
#include "datapath/port-provider.h"
#include "datapath/xen-backend.h"
#include "datapath/xen-ops.h"
#include "ofp13/ofp.h"
#include "util/list.h"
#include "util/xalloc.h"

/* Domain ids from DOMID_FIRST_RESERVED (0x7ff0) up are not guests. */
#define XP_MAX_DOMID 0x7fef
#define XP_MAX_DEVID 0xffff

struct dp_port_xen {
    struct dp_port up;
    pthread_mutex_t mutex; /* Serialises 'vif'. */
    const struct dp_xen_ops *ops;
    struct dp_xen_vif *vif;
    bool admin_up; /* Atomic. */
    uint8_t mac[6];
};

static struct dp_port_xen *
dp_port_xen_cast(struct dp_port *port)
{
    return CONTAINER_OF(port, struct dp_port_xen, up);
}

bool
dp_port_xen_spec_is_auto(const char *spec)
{
    return !strcmp(spec, "xen:auto");
}

/* Parses a decimal number of at most 'max' with no sign or spaces. */
static bool
xp_parse_uint(const char *s, size_t len, uint32_t max, uint32_t *v)
{
    uint64_t n = 0;

    if (!len || len > 10) {
        return false;
    }
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9') {
            return false;
        }
        n = n * 10 + (uint64_t)(s[i] - '0');
    }
    if (n > max) {
        return false;
    }
    *v = (uint32_t)n;
    return true;
}

/* Parses "DOMID/DEVID". */
static int
xp_parse_arg(const char *arg, uint32_t *domid, uint32_t *devid, char **errp)
{
    const char *slash = strchr(arg, '/');

    if (!slash) {
        *errp = dp_port_errmsg("expected DOMID/DEVID (e.g. \"xen:5/0\") or "
                               "\"xen:auto\"");
        return EINVAL;
    }
    if (!xp_parse_uint(arg, (size_t)(slash - arg), XP_MAX_DOMID, domid)) {
        *errp = dp_port_errmsg("domain id \"%.*s\" is not a number from 0 "
                               "to %u",
                               (int)(slash - arg), arg, XP_MAX_DOMID);
        return EINVAL;
    }
    if (!xp_parse_uint(slash + 1, strlen(slash + 1), XP_MAX_DEVID, devid)) {
        *errp = dp_port_errmsg("device id \"%s\" is not a number from 0 to "
                               "%u",
                               slash + 1, XP_MAX_DEVID);
        return EINVAL;
    }
    return 0;
}

static int
dp_port_xen_check(const char *arg, char **errp)
{
    uint32_t domid, devid;

    if (!strcmp(arg, "auto")) {
        return 0;
    }
    return xp_parse_arg(arg, &domid, &devid, errp);
}

static int
dp_port_xen_open(const char *arg, struct dp_port **portp, char **errp)
{
    const struct dp_xen_ops *ops;
    struct dp_xen_vif *vif;
    struct dp_port_xen *x;
    uint32_t domid, devid;
    char *msg = NULL;
    int error;

    if (!strcmp(arg, "auto")) {
        *errp = dp_port_errmsg("\"xen:auto\" is not one port: the daemon "
                               "adds a port for each vif as guests start "
                               "(dp_xen_watch_create())");
        return EINVAL;
    }
    error = xp_parse_arg(arg, &domid, &devid, errp);
    if (error) {
        return error;
    }
    error = dp_xen_ops_open(&ops, &msg);
    if (error) {
        *errp = msg ? msg : dp_port_errmsg("%s", strerror(error));
        return error;
    }
    error = dp_xen_vif_create(ops, domid, devid, &vif, &msg);
    if (error) {
        *errp = msg ? msg : dp_port_errmsg("%s", strerror(error));
        dp_xen_ops_close(ops);
        return error;
    }

    x = xzalloc(sizeof *x);
    pthread_mutex_init(&x->mutex, NULL);
    x->up.class = &dp_port_xen_class;
    x->up.name = xasprintf("vif%" PRIu32 ".%" PRIu32, domid, devid);
    x->ops = ops;
    x->vif = vif;
    x->admin_up = true;
    if (dp_xen_vif_get_mac(vif, x->mac)) {
        char *seed = xasprintf("xen:%s", arg);
        dp_port_make_hw_addr(seed, x->mac);
        free(seed);
    }
    *portp = &x->up;
    return 0;
}

static void
dp_port_xen_close(struct dp_port *port)
{
    struct dp_port_xen *x = dp_port_xen_cast(port);

    pthread_mutex_lock(&x->mutex);
    dp_xen_vif_destroy(x->vif);
    pthread_mutex_unlock(&x->mutex);
    dp_xen_ops_close(x->ops);
    pthread_mutex_destroy(&x->mutex);
    free(x->up.name);
    free(x);
}

/* Adds the counters of 'd' to the port's. */
static void
xp_count(struct dp_port *port, const struct dp_port_stats *d)
{
    struct dp_port_stats *s = &port->stats;

    dp_port_count(&s->rx_packets, d->rx_packets);
    dp_port_count(&s->rx_bytes, d->rx_bytes);
    dp_port_count(&s->rx_dropped, d->rx_dropped);
    dp_port_count(&s->rx_errors, d->rx_errors);
    dp_port_count(&s->tx_packets, d->tx_packets);
    dp_port_count(&s->tx_bytes, d->tx_bytes);
    dp_port_count(&s->tx_dropped, d->tx_dropped);
    dp_port_count(&s->tx_errors, d->tx_errors);
}

static int
dp_port_xen_recv_batch(struct dp_port *port, struct dp_batch *batch,
                       size_t max)
{
    struct dp_port_xen *x = dp_port_xen_cast(port);
    struct dp_port_stats d;
    size_t first = batch->n;
    int n;

    memset(&d, 0, sizeof d);
    pthread_mutex_lock(&x->mutex);
    n = dp_xen_vif_recv(x->vif, batch, max, &d);
    pthread_mutex_unlock(&x->mutex);

    if (n > 0 && !__atomic_load_n(&x->admin_up, __ATOMIC_RELAXED)) {
        /* Administratively down: the guest's ring keeps moving, but its
         * frames go nowhere. */
        for (size_t i = first; i < batch->n; i++) {
            dp_packet_destroy(batch->pkts[i]);
        }
        batch->n = first;
        d.rx_dropped += (uint64_t)n;
        d.rx_packets = d.rx_bytes = 0; /* All from this call. */
        n = 0;
    }
    xp_count(port, &d);
    return n;
}

static int
dp_port_xen_send_batch(struct dp_port *port, const struct dp_batch *batch)
{
    struct dp_port_xen *x = dp_port_xen_cast(port);
    struct dp_port_stats d;
    int error;

    memset(&d, 0, sizeof d);
    if (!__atomic_load_n(&x->admin_up, __ATOMIC_RELAXED)) {
        d.tx_dropped = batch->n;
        error = ENETDOWN;
    } else {
        pthread_mutex_lock(&x->mutex);
        error = dp_xen_vif_send(x->vif, batch, &d);
        pthread_mutex_unlock(&x->mutex);
    }
    xp_count(port, &d);
    return error;
}

static int
dp_port_xen_get_fd(const struct dp_port *port)
{
    const struct dp_port_xen *x =
        CONTAINER_OF(port, const struct dp_port_xen, up);
    return dp_xen_vif_get_fd(x->vif);
}

static int
dp_port_xen_get_link(struct dp_port *port, struct dp_port_link *link)
{
    struct dp_port_xen *x = dp_port_xen_cast(port);

    if (dp_xen_vif_is_gone(x->vif)) {
        return ENODEV;
    }
    link->admin_up = __atomic_load_n(&x->admin_up, __ATOMIC_RELAXED);
    link->carrier = dp_xen_vif_get_carrier(x->vif);
    return 0;
}

static int
dp_port_xen_get_hw_addr(struct dp_port *port, uint8_t mac[6])
{
    memcpy(mac, dp_port_xen_cast(port)->mac, 6);
    return 0;
}

static int
dp_port_xen_get_mtu(struct dp_port *port, int *mtu)
{
    /* netif.h: a frontend assumes 1500 unless the toolstack says more. */
    *mtu = 1500;
    return 0;
}

static int
dp_port_xen_get_features(struct dp_port *port, struct dp_port_features *f)
{
    /* A vif has no speed; report what Linux reports for its vif devices
     * and veths, so that controllers see a plausible full-duplex link. */
    f->curr = OFPPF_10GB_FD | OFPPF_COPPER;
    f->curr_speed = f->max_speed = 10000000;
    return 0;
}

static int
dp_port_xen_set_admin_state(struct dp_port *port, bool up)
{
    __atomic_store_n(&dp_port_xen_cast(port)->admin_up, up, __ATOMIC_RELAXED);
    return 0;
}

const struct dp_port_class dp_port_xen_class = {
    .kind = "xen",
    .usage = "xen:DOMID/DEVID, xen:auto",
    .check = dp_port_xen_check,
    .open = dp_port_xen_open,
    .close = dp_port_xen_close,
    .recv_batch = dp_port_xen_recv_batch,
    .send_batch = dp_port_xen_send_batch,
    .get_fd = dp_port_xen_get_fd,
    .get_link = dp_port_xen_get_link,
    .get_hw_addr = dp_port_xen_get_hw_addr,
    .get_mtu = dp_port_xen_get_mtu,
    .get_features = dp_port_xen_get_features,
    .set_admin_state = dp_port_xen_set_admin_state,
};

/* --- The vif watcher. --- */

struct xw_vif {
    uint32_t domid, devid;
};

struct dp_xen_watch {
    const struct dp_xen_ops *ops;
    struct dp_xen_xs *xs;
    char *root;           /* /local/domain/<self>/backend/vif */
    struct xw_vif *known; /* Sorted. */
    size_t n_known;
    struct dp_xen_watch_event *events; /* Changes not yet returned. */
    size_t n_events, next_event;
};

int
dp_xen_watch_create(struct dp_xen_watch **watchp, char **errp)
{
    struct dp_xen_watch *w;
    uint32_t self = 0;
    char *msg = NULL, *s;
    int error;

    *watchp = NULL;
    *errp = NULL;
    w = xzalloc(sizeof *w);
    error = dp_xen_ops_open(&w->ops, &msg);
    if (error) {
        *errp = msg ? msg : xstrdup(strerror(error));
        free(w);
        return error;
    }
    error = w->ops->xs_open(w->ops, &w->xs);
    if (error) {
        *errp = xasprintf("cannot connect to xenstore: %s", strerror(error));
        goto error;
    }
    if (!w->ops->xs_read(w->xs, DP_XEN_XBT_NULL, "domid", &s)) {
        if (!xp_parse_uint(s, strlen(s), UINT16_MAX, &self)) {
            self = 0;
        }
        free(s);
    }
    w->root = xasprintf("/local/domain/%" PRIu32 "/backend/vif", self);
    error = w->ops->xs_watch(w->xs, w->root, "vifs");
    if (error) {
        *errp = xasprintf("cannot watch %s: %s", w->root, strerror(error));
        goto error;
    }
    *watchp = w;
    return 0;

error:
    dp_xen_watch_destroy(w);
    return error;
}

void
dp_xen_watch_destroy(struct dp_xen_watch *w)
{
    if (!w) {
        return;
    }
    if (w->xs) {
        w->ops->xs_close(w->xs);
    }
    dp_xen_ops_close(w->ops);
    free(w->root);
    free(w->known);
    free(w->events);
    free(w);
}

int
dp_xen_watch_get_fd(const struct dp_xen_watch *w)
{
    return w->ops->xs_fd(w->xs);
}

static int
xw_vif_cmp(const void *a_, const void *b_)
{
    const struct xw_vif *a = a_, *b = b_;

    if (a->domid != b->domid) {
        return a->domid < b->domid ? -1 : 1;
    }
    return a->devid < b->devid ? -1 : a->devid > b->devid;
}

/* Whether an event at 'path' may mean that a vif appeared or went: the
 * root itself, a domain's or a vif's directory, or a vif's "frontend" key
 * (the toolstack writes every key of a new vif in one transaction).  The
 * backends' own writes to their keys are not. */
static bool
xw_event_matters(const struct dp_xen_watch *w, const char *path)
{
    size_t len = strlen(w->root);
    int depth = 0;
    const char *last = NULL;

    if (strncmp(path, w->root, len) || (path[len] && path[len] != '/')) {
        return false;
    }
    for (const char *p = path + len; *p; p++) {
        if (*p == '/') {
            depth++;
            last = p + 1;
        }
    }
    return depth <= 2 || (depth == 3 && !strcmp(last, "frontend"));
}

static void
xw_queue(struct dp_xen_watch *w, bool added, const struct xw_vif *v)
{
    struct dp_xen_watch_event *e;

    w->events = xreallocarray(w->events, w->n_events + 1, sizeof *w->events);
    e = &w->events[w->n_events++];
    memset(e, 0, sizeof *e);
    e->added = added;
    e->domid = v->domid;
    e->devid = v->devid;
    snprintf(e->spec, sizeof e->spec, "xen:%" PRIu32 "/%" PRIu32, v->domid,
             v->devid);
}

/* Lists the vifs under the root now and queues the differences from the
 * last listing: removals first, then additions, each sorted. */
static void
xw_rescan(struct dp_xen_watch *w)
{
    struct xw_vif *cur = NULL;
    size_t n_cur = 0;
    char **doms;
    size_t n_doms;

    if (!w->ops->xs_directory(w->xs, DP_XEN_XBT_NULL, w->root, &doms,
                              &n_doms)) {
        for (size_t i = 0; i < n_doms; i++) {
            uint32_t domid, devid;
            char **devs, *dir;
            size_t n_devs;

            if (!xp_parse_uint(doms[i], strlen(doms[i]), XP_MAX_DOMID,
                               &domid)) {
                continue;
            }
            dir = xasprintf("%s/%s", w->root, doms[i]);
            if (w->ops->xs_directory(w->xs, DP_XEN_XBT_NULL, dir, &devs,
                                     &n_devs)) {
                free(dir);
                continue;
            }
            for (size_t k = 0; k < n_devs; k++) {
                char *path, *v;

                if (!xp_parse_uint(devs[k], strlen(devs[k]), XP_MAX_DEVID,
                                   &devid)) {
                    continue;
                }
                /* Complete only once its "frontend" key is there. */
                path = xasprintf("%s/%s/frontend", dir, devs[k]);
                if (!w->ops->xs_read(w->xs, DP_XEN_XBT_NULL, path, &v)) {
                    free(v);
                    cur = xreallocarray(cur, n_cur + 1, sizeof *cur);
                    cur[n_cur++] = (struct xw_vif){ domid, devid };
                }
                free(path);
            }
            free(devs);
            free(dir);
        }
        free(doms);
    }
    if (n_cur) {
        qsort(cur, n_cur, sizeof *cur, xw_vif_cmp);
    }

    for (size_t i = 0, k = 0; i < w->n_known; i++) {
        while (k < n_cur && xw_vif_cmp(&cur[k], &w->known[i]) < 0) {
            k++;
        }
        if (k == n_cur || xw_vif_cmp(&cur[k], &w->known[i])) {
            xw_queue(w, false, &w->known[i]);
        }
    }
    for (size_t k = 0, i = 0; k < n_cur; k++) {
        while (i < w->n_known && xw_vif_cmp(&w->known[i], &cur[k]) < 0) {
            i++;
        }
        if (i == w->n_known || xw_vif_cmp(&w->known[i], &cur[k])) {
            xw_queue(w, true, &cur[k]);
        }
    }
    free(w->known);
    w->known = cur;
    w->n_known = n_cur;
}

int
dp_xen_watch_next(struct dp_xen_watch *w, struct dp_xen_watch_event *event)
{
    if (w->next_event == w->n_events) {
        bool rescan = false;
        char *path, *token;

        free(w->events);
        w->events = NULL;
        w->n_events = w->next_event = 0;
        while (!w->ops->xs_read_watch(w->xs, &path, &token)) {
            rescan |= xw_event_matters(w, path);
            free(path);
            free(token);
        }
        if (rescan) {
            xw_rescan(w);
        }
        if (!w->n_events) {
            return 0;
        }
    }
    *event = w->events[w->next_event++];
    return 1;
}
