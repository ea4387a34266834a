/* datapath/port-memory.c -- "memory:NAME" ports, for tests.  A memory port
 * has no device: frames injected by a test (dp_port_memory_inject()) wait
 * in a receive queue until the datapath reads them, and frames the datapath
 * sends are kept in a second queue that the test reads
 * (dp_port_memory_pop_sent()).  An eventfd, readable while the receive
 * queue is not empty, stands in for a device's descriptor, so a datapath
 * thread can sleep in poll() on memory ports exactly as on real ones.  The
 * queues are locked, so a test thread may inject while a datapath thread
 * receives. */
#include <config.h>

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "datapath/packet.h"
#include "datapath/port-provider.h"
#include "ofp13/ofp.h"
#include "util/list.h"
#include "util/xalloc.h"

#define DP_MEMORY_RX_MAX 4096  /* Injected frames waiting, at most. */
#define DP_MEMORY_TX_MAX 65536 /* Sent frames kept, at most. */

/* A FIFO of packets in a growable circular array. */
struct dp_memory_queue {
    struct dp_packet **pkts;
    size_t head, n, cap;
};

struct dp_port_memory {
    struct dp_port up;
    pthread_mutex_t mutex; /* Protects everything below. */
    int event_fd;          /* Readable while 'rxq' is not empty. */
    struct dp_memory_queue rxq, txq;
    bool admin_up, carrier;
    uint8_t mac[6];
};

static void
dp_memory_queue_push(struct dp_memory_queue *q, struct dp_packet *p)
{
    if (q->n == q->cap) {
        size_t cap = q->cap ? 2 * q->cap : 64;
        struct dp_packet **pkts = xcalloc(cap, sizeof *pkts);
        for (size_t i = 0; i < q->n; i++) {
            pkts[i] = q->pkts[(q->head + i) % q->cap];
        }
        free(q->pkts);
        q->pkts = pkts;
        q->cap = cap;
        q->head = 0;
    }
    q->pkts[(q->head + q->n) % q->cap] = p;
    q->n++;
}

static struct dp_packet *
dp_memory_queue_pop(struct dp_memory_queue *q)
{
    struct dp_packet *p;

    if (!q->n) {
        return NULL;
    }
    p = q->pkts[q->head];
    q->head = (q->head + 1) % q->cap;
    q->n--;
    return p;
}

static void
dp_memory_queue_uninit(struct dp_memory_queue *q)
{
    struct dp_packet *p;

    while ((p = dp_memory_queue_pop(q)) != NULL) {
        dp_packet_destroy(p);
    }
    free(q->pkts);
}

static struct dp_port_memory *
dp_port_memory_cast(struct dp_port *port)
{
    return (port && port->class == &dp_port_memory_class
                ? CONTAINER_OF(port, struct dp_port_memory, up)
                : NULL);
}

static int
dp_port_memory_check(const char *arg, char **errp)
{
    if (!*arg) {
        *errp = dp_port_errmsg("missing memory port name");
        return EINVAL;
    }
    return 0;
}

static int
dp_port_memory_open(const char *arg, struct dp_port **portp, char **errp)
{
    struct dp_port_memory *m = xzalloc(sizeof *m);
    char *seed;

    m->event_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (m->event_fd < 0) {
        int error = errno;
        *errp = dp_port_errmsg("eventfd: %s", strerror(error));
        free(m);
        return error;
    }
    pthread_mutex_init(&m->mutex, NULL);
    m->up.class = &dp_port_memory_class;
    m->up.name = xstrdup(arg);
    m->admin_up = m->carrier = true;
    seed = xasprintf("memory:%s", arg);
    dp_port_make_hw_addr(seed, m->mac);
    free(seed);
    *portp = &m->up;
    return 0;
}

static void
dp_port_memory_close(struct dp_port *port)
{
    struct dp_port_memory *m = dp_port_memory_cast(port);

    dp_memory_queue_uninit(&m->rxq);
    dp_memory_queue_uninit(&m->txq);
    pthread_mutex_destroy(&m->mutex);
    close(m->event_fd);
    free(m->up.name);
    free(m);
}

/* Makes the eventfd readable if the receive queue has frames and not
 * readable otherwise.  Called with the mutex held. */
static void
dp_port_memory_update_event(struct dp_port_memory *m)
{
    uint64_t v;

    if (m->rxq.n) {
        /* Reset, then set: the counter is 1 whatever it was before. */
        if (read(m->event_fd, &v, sizeof v) < 0) {
            /* EAGAIN: the counter was already 0. */
        }
        v = 1;
        if (write(m->event_fd, &v, sizeof v) < 0) {
            /* Cannot fail for a counter of at most 1. */
        }
    } else if (read(m->event_fd, &v, sizeof v) < 0) {
        /* EAGAIN: already not readable. */
    }
}

static int
dp_port_memory_recv_batch(struct dp_port *port, struct dp_batch *batch,
                          size_t max)
{
    struct dp_port_memory *m = dp_port_memory_cast(port);
    uint64_t bytes = 0;
    size_t n = 0;

    pthread_mutex_lock(&m->mutex);
    while (n < max && m->rxq.n) {
        struct dp_packet *p = dp_memory_queue_pop(&m->rxq);
        bytes += p->size;
        batch->pkts[batch->n++] = p;
        n++;
    }
    if (!m->rxq.n) {
        dp_port_memory_update_event(m);
    }
    pthread_mutex_unlock(&m->mutex);

    dp_port_count(&port->stats.rx_packets, n);
    dp_port_count(&port->stats.rx_bytes, bytes);
    return (int)n;
}

static int
dp_port_memory_send_batch(struct dp_port *port, const struct dp_batch *batch)
{
    struct dp_port_memory *m = dp_port_memory_cast(port);
    uint64_t sent = 0, bytes = 0, dropped = 0;
    int error = 0;

    pthread_mutex_lock(&m->mutex);
    for (size_t i = 0; i < batch->n; i++) {
        const struct dp_packet *p = batch->pkts[i];

        if (!m->admin_up || !m->carrier) {
            dropped++;
            error = ENETDOWN;
        } else if (m->txq.n >= DP_MEMORY_TX_MAX) {
            dropped++;
            error = ENOBUFS;
        } else {
            dp_memory_queue_push(&m->txq, dp_packet_clone(p));
            sent++;
            bytes += p->size;
        }
    }
    pthread_mutex_unlock(&m->mutex);

    dp_port_count(&port->stats.tx_packets, sent);
    dp_port_count(&port->stats.tx_bytes, bytes);
    dp_port_count(&port->stats.tx_dropped, dropped);
    return error;
}

static int
dp_port_memory_get_fd(const struct dp_port *port)
{
    const struct dp_port_memory *m =
        CONTAINER_OF(port, const struct dp_port_memory, up);
    return m->event_fd;
}

static int
dp_port_memory_get_link(struct dp_port *port, struct dp_port_link *link)
{
    struct dp_port_memory *m = dp_port_memory_cast(port);

    pthread_mutex_lock(&m->mutex);
    link->admin_up = m->admin_up;
    link->carrier = m->carrier;
    pthread_mutex_unlock(&m->mutex);
    return 0;
}

static int
dp_port_memory_get_hw_addr(struct dp_port *port, uint8_t mac[6])
{
    struct dp_port_memory *m = dp_port_memory_cast(port);

    pthread_mutex_lock(&m->mutex);
    memcpy(mac, m->mac, 6);
    pthread_mutex_unlock(&m->mutex);
    return 0;
}

static int
dp_port_memory_set_hw_addr(struct dp_port *port, const uint8_t mac[6])
{
    struct dp_port_memory *m = dp_port_memory_cast(port);

    pthread_mutex_lock(&m->mutex);
    memcpy(m->mac, mac, 6);
    pthread_mutex_unlock(&m->mutex);
    return 0;
}

static int
dp_port_memory_get_mtu(struct dp_port *port, int *mtu)
{
    *mtu = 1500;
    return 0;
}

static int
dp_port_memory_get_features(struct dp_port *port, struct dp_port_features *f)
{
    /* Report what a veth reports, so that port descriptions in tests look
     * like real ones. */
    f->curr = OFPPF_10GB_FD | OFPPF_COPPER;
    f->curr_speed = f->max_speed = 10000000;
    return 0;
}

static int
dp_port_memory_set_admin_state(struct dp_port *port, bool up)
{
    struct dp_port_memory *m = dp_port_memory_cast(port);

    pthread_mutex_lock(&m->mutex);
    m->admin_up = up;
    pthread_mutex_unlock(&m->mutex);
    return 0;
}

int
dp_port_memory_inject(struct dp_port *port, const void *frame, size_t size)
{
    struct dp_port_memory *m = dp_port_memory_cast(port);
    int error = 0;

    if (!m || !size || size > DP_PACKET_MAX_FRAME) {
        return EINVAL;
    }
    pthread_mutex_lock(&m->mutex);
    if (!m->admin_up || !m->carrier) {
        error = ENETDOWN;
    } else if (m->rxq.n >= DP_MEMORY_RX_MAX) {
        error = ENOBUFS;
    } else {
        dp_memory_queue_push(&m->rxq, dp_packet_create(frame, size, 0));
        if (m->rxq.n == 1) {
            dp_port_memory_update_event(m);
        }
    }
    pthread_mutex_unlock(&m->mutex);
    if (error) {
        dp_port_count(&port->stats.rx_dropped, 1);
    }
    return error;
}

struct dp_packet *
dp_port_memory_pop_sent(struct dp_port *port)
{
    struct dp_port_memory *m = dp_port_memory_cast(port);
    struct dp_packet *p;

    if (!m) {
        return NULL;
    }
    pthread_mutex_lock(&m->mutex);
    p = dp_memory_queue_pop(&m->txq);
    pthread_mutex_unlock(&m->mutex);
    return p;
}

size_t
dp_port_memory_n_sent(struct dp_port *port)
{
    struct dp_port_memory *m = dp_port_memory_cast(port);
    size_t n;

    if (!m) {
        return 0;
    }
    pthread_mutex_lock(&m->mutex);
    n = m->txq.n;
    pthread_mutex_unlock(&m->mutex);
    return n;
}

int
dp_port_memory_set_carrier(struct dp_port *port, bool carrier)
{
    struct dp_port_memory *m = dp_port_memory_cast(port);

    if (!m) {
        return EINVAL;
    }
    pthread_mutex_lock(&m->mutex);
    m->carrier = carrier;
    pthread_mutex_unlock(&m->mutex);
    return 0;
}

const struct dp_port_class dp_port_memory_class = {
    .kind = "memory",
    .usage = "memory:NAME",
    .check = dp_port_memory_check,
    .open = dp_port_memory_open,
    .close = dp_port_memory_close,
    .recv_batch = dp_port_memory_recv_batch,
    .send_batch = dp_port_memory_send_batch,
    .get_fd = dp_port_memory_get_fd,
    .get_link = dp_port_memory_get_link,
    .get_hw_addr = dp_port_memory_get_hw_addr,
    .set_hw_addr = dp_port_memory_set_hw_addr,
    .get_mtu = dp_port_memory_get_mtu,
    .get_features = dp_port_memory_get_features,
    .set_admin_state = dp_port_memory_set_admin_state,
};
