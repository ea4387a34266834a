/* src/sw-dp.c -- ports, pipeline and datapath threads (see sw-dp.h). */
#include <config.h>
#include "src/sw-dp.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include "datapath/key.h"
#include "datapath/mac-learning.h"
#include "datapath/packet.h"
#include "ofp13/ofp.h"
#include "util/cur.h"
#include "util/log.h"
#include "util/xalloc.h"

#define MOD "dp"

/* Poll timeout of an idle datapath thread: bounds how long a port change
 * waits to be noticed when no wakeup arrives. */
#define IDLE_POLL_MS 500

struct sw_dp_thread {
    struct sw_dp *dp;
    unsigned int index;
    pthread_t tid;
    int wake_fd; /* eventfd: ports changed or exiting. */
    bool started;
    unsigned int seen_seq; /* Last port set this thread rebuilt from. */
};

struct sw_dp {
    pthread_mutex_t lock;
    struct dp_pipeline *pl;
    struct mac_learning *ml;
    int notify_fd;

    /* Ports, sorted by number.  Changed only by the control thread, with
     * the lock held; 'seq' tells threads to rebuild their poll sets. */
    struct sw_port **ports;
    size_t n_ports;
    unsigned int seq;

    unsigned int n_threads;
    struct sw_dp_thread *threads;
    volatile bool exiting;
};

uint64_t
sw_dp_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/* --- Port output and NORMAL. ------------------------------------------ */

static void
port_output_cb(void *port_, uint32_t port_no, const struct dp_batch *batch)
{
    struct sw_port *port = port_;
    if (!port->dead) {
        dp_port_send_batch(port->dev, batch);
    }
}

/* OFPP_NORMAL: an L2 learning switch per VLAN (OVS's behaviour without
 * its bonding and mirroring): learn the source, send to the learned port
 * of the destination, flood unknown, multicast and broadcast destinations.
 * Called with the lock held. */
static size_t
normal_cb(void *dp_, const struct dp_packet *pkt, const struct dp_key *key,
          uint32_t in_port, uint32_t *ports, size_t max)
{
    struct sw_dp *dp = dp_;
    struct oxm_value v;
    uint8_t src[6], dst[6];
    uint16_t vlan = 0;
    uint64_t now_ms = sw_dp_now() / 1000000;

    if (!max) {
        return 0;
    }
    dp_key_get(key, OXM_ETH_SRC, &v);
    memcpy(src, v.b, 6);
    dp_key_get(key, OXM_ETH_DST, &v);
    memcpy(dst, v.b, 6);
    dp_key_get(key, OXM_VLAN_VID, &v);
    vlan = get_be16(v.b) & 0x0fff;

    mac_learning_learn(dp->ml, vlan, src, in_port, now_ms);
    if (!(dst[0] & 1)) {
        uint32_t out = mac_learning_lookup(dp->ml, vlan, dst, now_ms);
        if (out == in_port) {
            return 0; /* Already on the right segment. */
        }
        if (out) {
            ports[0] = out;
            return 1;
        }
    }
    ports[0] = OFPP_FLOOD;
    return 1;
}

/* --- Threads. ---------------------------------------------------------- */

struct poll_port {
    struct sw_port *port;
    bool more; /* Returned a full batch: read again before sleeping. */
};

static void *
dp_thread_main(void *t_)
{
    struct sw_dp_thread *t = t_;
    struct sw_dp *dp = t->dp;
    struct pollfd *pfds = NULL;
    struct poll_port *pp = NULL;
    size_t n_pp = 0;
    unsigned int seq = ~0u;
    bool locked_recv = dp->n_threads > 1;

    while (!dp->exiting) {
        if (seq != __atomic_load_n(&dp->seq, __ATOMIC_ACQUIRE)) {
            pthread_mutex_lock(&dp->lock);
            seq = dp->seq;
            free(pfds);
            free(pp);
            pfds = xcalloc(dp->n_ports + 1, sizeof *pfds);
            pp = xcalloc(dp->n_ports + 1, sizeof *pp);
            n_pp = 0;
            for (size_t i = 0; i < dp->n_ports; i++) {
                struct sw_port *p = dp->ports[i];
                if (p->thread == t->index && !p->dead &&
                    dp_port_get_fd(p->dev) >= 0) {
                    pp[n_pp].port = p;
                    pfds[n_pp].fd = dp_port_get_fd(p->dev);
                    pfds[n_pp].events = POLLIN;
                    n_pp++;
                }
            }
            __atomic_store_n(&t->seen_seq, seq, __ATOMIC_RELEASE);
            pthread_mutex_unlock(&dp->lock);
        }
        pfds[n_pp].fd = t->wake_fd;
        pfds[n_pp].events = POLLIN;

        bool busy = false;
        for (size_t i = 0; i < n_pp; i++) {
            busy |= pp[i].more;
        }
        int n = poll(pfds, n_pp + 1, busy ? 0 : IDLE_POLL_MS);
        if (n < 0 && errno != EINTR) {
            LOG_ERR(MOD, "poll: %s", strerror(errno));
            break;
        }
        if (n > 0 && (pfds[n_pp].revents & POLLIN)) {
            uint64_t x;
            ssize_t r = read(t->wake_fd, &x, sizeof x);
            (void)r;
        }

        /* An idle timeout sweeps every port once: a kind whose wakeup was
         * lost (an event-channel notification held off at the wrong moment)
         * then stalls for at most IDLE_POLL_MS instead of for good. */
        bool sweep = n == 0;
        bool events = false;
        for (size_t i = 0; i < n_pp; i++) {
            struct poll_port *p = &pp[i];
            if (!sweep && !p->more &&
                !(n > 0 && (pfds[i].revents & (POLLIN | POLLERR)))) {
                continue;
            }
            struct dp_batch batch;
            dp_batch_init(&batch);
            if (locked_recv) {
                pthread_mutex_lock(&dp->lock);
            }
            int r = p->port->dead ? 0
                                  : dp_port_recv_batch(p->port->dev, &batch,
                                                       DP_BATCH_SIZE);
            if (!locked_recv) {
                pthread_mutex_lock(&dp->lock);
            }
            if (r < 0) {
                LOG_WARN(MOD, "port %u (%s): %s; no longer polled",
                         p->port->port_no, p->port->name, strerror(-r));
                p->port->dead = true;
                dp->seq++;
            } else if (r > 0) {
                for (size_t k = 0; k < batch.n; k++) {
                    batch.pkts[k]->in_port = p->port->port_no;
                }
                dp_pipeline_process(dp->pl, &batch, p->port->port_no,
                                    sw_dp_now());
            }
            events |= dp_pipeline_n_events(dp->pl) > 0;
            pthread_mutex_unlock(&dp->lock);
            dp_batch_clear(&batch);
            p->more = r == DP_BATCH_SIZE;
        }
        if (events) {
            uint64_t one = 1;
            ssize_t w = write(dp->notify_fd, &one, sizeof one);
            (void)w;
        }
    }
    free(pfds);
    free(pp);
    return NULL;
}

static void
wake_threads(struct sw_dp *dp)
{
    for (unsigned int i = 0; i < dp->n_threads; i++) {
        uint64_t one = 1;
        ssize_t w = write(dp->threads[i].wake_fd, &one, sizeof one);
        (void)w;
    }
}

/* --- Life cycle. -------------------------------------------------------- */

struct sw_dp *
sw_dp_create(const struct sw_dp_config *cfg)
{
    struct sw_dp *dp = xzalloc(sizeof *dp);
    pthread_mutex_init(&dp->lock, NULL);
    dp->pl = dp_pipeline_create(&cfg->pipeline);
    dp->ml = mac_learning_create(MAC_LEARNING_DEFAULT_AGING,
                                 MAC_LEARNING_DEFAULT_MAX);
    dp_pipeline_set_normal_hook(dp->pl, normal_cb, dp);
    dp->notify_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    dp->n_threads = cfg->n_threads ? cfg->n_threads : 1;
    dp->threads = xcalloc(dp->n_threads, sizeof *dp->threads);
    for (unsigned int i = 0; i < dp->n_threads; i++) {
        dp->threads[i].dp = dp;
        dp->threads[i].index = i;
        dp->threads[i].wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    }
    if (cfg->standalone_normal) {
        dp_pipeline_set_table_miss(dp->pl, 0, DP_TABLE_MISS_NORMAL);
        dp_pipeline_set_controller_to_normal(dp->pl, true);
    }
    return dp;
}

int
sw_dp_start(struct sw_dp *dp)
{
    for (unsigned int i = 0; i < dp->n_threads; i++) {
        int err = pthread_create(&dp->threads[i].tid, NULL, dp_thread_main,
                                 &dp->threads[i]);
        if (err) {
            return err;
        }
        dp->threads[i].started = true;
    }
    return 0;
}

static void
port_free(struct sw_port *p)
{
    dp_port_close(p->dev);
    free(p->spec);
    free(p);
}

void
sw_dp_destroy(struct sw_dp *dp)
{
    if (!dp) {
        return;
    }
    dp->exiting = true;
    wake_threads(dp);
    for (unsigned int i = 0; i < dp->n_threads; i++) {
        if (dp->threads[i].started) {
            pthread_join(dp->threads[i].tid, NULL);
        }
        close(dp->threads[i].wake_fd);
    }
    free(dp->threads);
    for (size_t i = 0; i < dp->n_ports; i++) {
        port_free(dp->ports[i]);
    }
    free(dp->ports);
    dp_pipeline_destroy(dp->pl);
    mac_learning_destroy(dp->ml);
    close(dp->notify_fd);
    pthread_mutex_destroy(&dp->lock);
    free(dp);
}

void
sw_dp_lock(struct sw_dp *dp)
{
    pthread_mutex_lock(&dp->lock);
}

void
sw_dp_unlock(struct sw_dp *dp)
{
    pthread_mutex_unlock(&dp->lock);
}

struct dp_pipeline *
sw_dp_pipeline(struct sw_dp *dp)
{
    return dp->pl;
}

struct mac_learning *
sw_dp_mac_learning(struct sw_dp *dp)
{
    return dp->ml;
}

int
sw_dp_notify_fd(const struct sw_dp *dp)
{
    return dp->notify_fd;
}

void
sw_dp_notify_clear(struct sw_dp *dp)
{
    uint64_t x;
    ssize_t r = read(dp->notify_fd, &x, sizeof x);
    (void)r;
}

void
sw_dp_set_standalone(struct sw_dp *dp, bool on)
{
    pthread_mutex_lock(&dp->lock);
    dp_pipeline_set_table_miss(dp->pl, 0,
                               on ? DP_TABLE_MISS_NORMAL : DP_TABLE_MISS_DROP);
    dp_pipeline_set_controller_to_normal(dp->pl, on);
    pthread_mutex_unlock(&dp->lock);
}

/* --- Ports. -------------------------------------------------------------- */

static int
cmp_ports(const void *a_, const void *b_)
{
    const struct sw_port *const *a = a_, *const *b = b_;
    return (*a)->port_no < (*b)->port_no ? -1 : (*a)->port_no > (*b)->port_no;
}

struct sw_port *
sw_dp_port_find(struct sw_dp *dp, uint32_t port_no)
{
    for (size_t i = 0; i < dp->n_ports; i++) {
        if (dp->ports[i]->port_no == port_no) {
            return dp->ports[i];
        }
    }
    return NULL;
}

struct sw_port **
sw_dp_ports(struct sw_dp *dp, size_t *n)
{
    *n = dp->n_ports;
    return dp->ports;
}

int
sw_dp_port_add(struct sw_dp *dp, const char *spec, uint32_t port_no,
               uint32_t *port_nop, char **errp)
{
    struct dp_port *dev;
    *errp = NULL;

    if (port_no && sw_dp_port_find(dp, port_no)) {
        *errp = xasprintf("%s: port number %u is in use", spec, port_no);
        return EEXIST;
    }
    for (size_t i = 0; i < dp->n_ports; i++) {
        if (!strcmp(dp->ports[i]->spec, spec)) {
            *errp = xasprintf("%s: already a port (%u)", spec,
                              dp->ports[i]->port_no);
            return EEXIST;
        }
    }
    int err = dp_port_open(spec, &dev, errp);
    if (err) {
        if (!*errp) {
            *errp = xasprintf("%s: %s", spec, strerror(err));
        }
        return err;
    }
    if (!port_no) {
        for (port_no = 1; sw_dp_port_find(dp, port_no); port_no++) {
            continue;
        }
    }

    struct sw_port *p = xzalloc(sizeof *p);
    p->port_no = port_no;
    p->spec = xstrdup(spec);
    p->dev = dev;
    snprintf(p->name, sizeof p->name, "%s", dp_port_get_name(dev));
    dp_port_get_hw_addr(dev, p->hw_addr);
    struct dp_port_link link;
    dp_port_get_link(dev, &link);
    p->config = link.admin_up ? 0 : OFPPC_PORT_DOWN;
    p->state = link.carrier ? OFPPS_LIVE : OFPPS_LINK_DOWN;
    p->added_ns = sw_dp_now();
    p->thread = dp->n_ports % dp->n_threads;

    pthread_mutex_lock(&dp->lock);
    err = dp_pipeline_port_add(dp->pl, port_no, p->config, p->state,
                               port_output_cb, p);
    if (err) {
        pthread_mutex_unlock(&dp->lock);
        *errp = xasprintf("%s: cannot add port %u: %s", spec, port_no,
                          strerror(err));
        port_free(p);
        return err;
    }
    dp->ports = xreallocarray(dp->ports, dp->n_ports + 1, sizeof *dp->ports);
    dp->ports[dp->n_ports++] = p;
    qsort(dp->ports, dp->n_ports, sizeof *dp->ports, cmp_ports);
    __atomic_add_fetch(&dp->seq, 1, __ATOMIC_RELEASE);
    pthread_mutex_unlock(&dp->lock);
    wake_threads(dp);
    if (port_nop) {
        *port_nop = port_no;
    }
    return 0;
}

int
sw_dp_port_del(struct sw_dp *dp, uint32_t port_no)
{
    pthread_mutex_lock(&dp->lock);
    size_t i;
    for (i = 0; i < dp->n_ports; i++) {
        if (dp->ports[i]->port_no == port_no) {
            break;
        }
    }
    if (i == dp->n_ports) {
        pthread_mutex_unlock(&dp->lock);
        return ENOENT;
    }
    struct sw_port *p = dp->ports[i];
    dp_pipeline_port_remove(dp->pl, port_no);
    mac_learning_flush_port(dp->ml, port_no);
    memmove(&dp->ports[i], &dp->ports[i + 1],
            (dp->n_ports - i - 1) * sizeof *dp->ports);
    dp->n_ports--;
    __atomic_add_fetch(&dp->seq, 1, __ATOMIC_RELEASE);
    /* Mark it dead so that a thread still holding it in its poll set (it
     * rebuilds the set before its next receive) leaves it alone, then wait
     * for every thread to have rebuilt before closing the device. */
    p->dead = true;
    pthread_mutex_unlock(&dp->lock);
    wake_threads(dp);
    /* Every thread rebuilds its poll set from 'seq' at the top of its loop,
     * before it receives again; once each has caught up, none can still be
     * using the device. */
    unsigned int seq = __atomic_load_n(&dp->seq, __ATOMIC_ACQUIRE);
    for (unsigned int k = 0; k < dp->n_threads; k++) {
        struct sw_dp_thread *t = &dp->threads[k];
        while (t->started && !dp->exiting &&
               (int)(__atomic_load_n(&t->seen_seq, __ATOMIC_ACQUIRE) - seq) <
                   0) {
            usleep(1000);
        }
    }
    port_free(p);
    return 0;
}
