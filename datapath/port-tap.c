/* datapath/port-tap.c -- "tap:NAME" ports: a Linux tap device through
 * /dev/net/tun (IFF_TAP | IFF_NO_PI, non-blocking).  If no interface NAME
 * exists the port creates the device, non-persistent, so that the kernel
 * removes it when the port closes its descriptor (also if the daemon dies);
 * an existing persistent tap is attached and left in place.  Offloads are
 * switched off (TUNSETOFFLOAD 0) so the kernel segments and checksums
 * before handing frames over: no frame exceeds the MTU and every checksum
 * is complete.
 *
 * The device may be moved to another network namespace after it is opened
 * (tests put taps into namespaces): the descriptor keeps working, and the
 * control calls look the device up by its current name (TUNGETIFF) through
 * an ioctl socket in its current namespace (TUNGETDEVNETNS). */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/uio.h>
#include <unistd.h>
#include <linux/if_tun.h>

#include "datapath/netdev-linux.h"
#include "datapath/packet.h"
#include "datapath/port-provider.h"
#include "util/list.h"
#include "util/log.h"
#include "util/xalloc.h"

/* Bytes that every receive buffer holds beyond the MTU: an Ethernet header
 * and two VLAN tags. */
#define DP_TAP_L2_ROOM (14 + 8)

struct dp_port_tap {
    struct dp_port up;
    int fd;         /* /dev/net/tun, attached to the device. */
    int sock;       /* ioctl socket in the device's namespace. */
    bool created;   /* Whether open() created the device. */
    size_t rx_cap;  /* Frame bytes allocated per received packet. */
    uint8_t *spill; /* DP_PACKET_MAX_FRAME bytes for longer frames. */
};

static struct dp_port_tap *
dp_port_tap_cast(const struct dp_port *port)
{
    return CONTAINER_OF(port, struct dp_port_tap, up);
}

static int
dp_port_tap_check(const char *arg, char **errp)
{
    return dp_port_check_ifname(arg, errp);
}

/* Attaches 'fd' to tap device 'name', creating it if 'create'.  Returns 0
 * or a positive errno with a message in '*errp'. */
static int
dp_port_tap_setiff(int fd, const char *name, bool create, char **errp)
{
    struct ifreq ifr;

    memset(&ifr, 0, sizeof ifr);
    strncpy(ifr.ifr_name, name, IFNAMSIZ - 1);
    ifr.ifr_flags = IFF_TAP | IFF_NO_PI | (create ? IFF_TUN_EXCL : 0);
    if (!ioctl(fd, TUNSETIFF, &ifr)) {
        return 0;
    }
    int error = errno;
    if (error == EPERM || error == EACCES) {
        *errp = dp_port_errmsg("cannot %s tap device %s: %s (needs "
                               "CAP_NET_ADMIN)",
                               create ? "create" : "attach to", name,
                               strerror(error));
    } else if (error == EINVAL && !create) {
        *errp = dp_port_errmsg("interface %s exists and is not a tap device",
                               name);
    } else if (error == EBUSY && !create) {
        *errp =
            dp_port_errmsg("tap device %s is in use by another process", name);
    } else {
        *errp = dp_port_errmsg("cannot %s tap device %s: %s",
                               create ? "create" : "attach to", name,
                               strerror(error));
    }
    return error;
}

static int
dp_port_tap_open(const char *arg, struct dp_port **portp, char **errp)
{
    struct dp_port_tap *t;
    int fd, sock, mtu, error;
    bool created;
    char *msg = NULL;

    fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        error = errno;
        *errp = dp_port_errmsg("/dev/net/tun: %s%s", strerror(error),
                               error == ENOENT ? " (is the tun module "
                                                 "loaded?)"
                                               : "");
        return error;
    }

    /* Create when absent; IFF_TUN_EXCL makes the creation fail (EBUSY)
     * instead of attaching if another process creates the same name in
     * between, and then we attach. */
    created = !if_nametoindex(arg);
    error = dp_port_tap_setiff(fd, arg, created, &msg);
    if (error == EBUSY && created) {
        free(msg);
        msg = NULL;
        created = false;
        error = dp_port_tap_setiff(fd, arg, false, &msg);
    }
    if (error) {
        *errp = msg;
        goto close_fd;
    }

    /* No offloads: the kernel then never hands over a frame longer than
     * the MTU or with a partial checksum. */
    if (ioctl(fd, TUNSETOFFLOAD, 0) < 0) {
        error = errno;
        *errp = dp_port_errmsg("TUNSETOFFLOAD: %s", strerror(error));
        goto close_fd;
    }

    error = dp_netdev_sock_open(-1, &sock);
    if (error) {
        *errp = dp_port_errmsg("socket: %s", strerror(error));
        goto close_fd;
    }

    t = xzalloc(sizeof *t);
    t->up.class = &dp_port_tap_class;
    t->up.name = xstrdup(arg);
    t->fd = fd;
    t->sock = sock;
    t->created = created;
    t->rx_cap = 1500 + DP_TAP_L2_ROOM;
    if (!dp_netdev_get_mtu(sock, arg, &mtu) && mtu > 1500 &&
        mtu <= DP_PACKET_MAX_FRAME - DP_TAP_L2_ROOM) {
        t->rx_cap = (size_t)mtu + DP_TAP_L2_ROOM;
    }
    t->spill = xmalloc(DP_PACKET_MAX_FRAME);
    LOG_INFO("port", "tap:%s: %s", arg,
             created ? "created tap device" : "attached to tap device");
    *portp = &t->up;
    return 0;

close_fd:
    close(fd);
    return error;
}

static void
dp_port_tap_close(struct dp_port *port)
{
    struct dp_port_tap *t = dp_port_tap_cast(port);

    /* The device, if we created it, is not persistent: closing the last
     * descriptor unregisters it. */
    close(t->fd);
    close(t->sock);
    free(t->spill);
    free(t->up.name);
    free(t);
}

static int
dp_port_tap_recv_batch(struct dp_port *port, struct dp_batch *batch,
                       size_t max)
{
    struct dp_port_tap *t = dp_port_tap_cast(port);
    uint64_t bytes = 0, errors = 0;
    size_t n = 0;
    int result = 0;

    while (n < max) {
        struct dp_packet *p = dp_packet_create_empty(t->rx_cap);
        struct iovec iov[2] = {
            { dp_packet_data(p), t->rx_cap },
            { t->spill, DP_PACKET_MAX_FRAME - t->rx_cap },
        };
        ssize_t r = readv(t->fd, iov, 2);

        if (r <= 0) {
            int error = r < 0 ? errno : EIO;
            dp_packet_destroy(p);
            if (error == EINTR) {
                continue;
            } else if (error == EAGAIN) {
                break;
            } else if (error == EBADFD || error == ENODEV) {
                /* The device was deleted under us. */
                result = -ENODEV;
                break;
            }
            errors++;
            break;
        }
        if ((size_t)r > t->rx_cap) {
            /* Longer than the MTU we knew (it was raised): copy the tail
             * from the spill buffer, and size later buffers to fit. */
            size_t head = t->rx_cap;
            p->size = (uint32_t)head;
            dp_packet_set_size(p, (size_t)r);
            memcpy(dp_packet_data(p) + head, t->spill, (size_t)r - head);
            t->rx_cap = (size_t)r;
        } else {
            p->size = (uint32_t)r;
        }
        bytes += (uint64_t)r;
        batch->pkts[batch->n++] = p;
        n++;
    }
    dp_port_count(&port->stats.rx_packets, n);
    dp_port_count(&port->stats.rx_bytes, bytes);
    dp_port_count(&port->stats.rx_errors, errors);
    return n ? (int)n : result;
}

static int
dp_port_tap_send_batch(struct dp_port *port, const struct dp_batch *batch)
{
    struct dp_port_tap *t = dp_port_tap_cast(port);
    uint64_t sent = 0, bytes = 0, dropped = 0, errors = 0;
    int error = 0;

    for (size_t i = 0; i < batch->n; i++) {
        const struct dp_packet *p = batch->pkts[i];
        ssize_t r;

        do {
            r = write(t->fd, dp_packet_data(p), p->size);
        } while (r < 0 && errno == EINTR);
        if (r == (ssize_t)p->size) {
            sent++;
            bytes += p->size;
        } else {
            error = r < 0 ? errno : EIO;
            if (error == EAGAIN || error == ENOBUFS || error == EIO) {
                /* Queue full or device down. */
                dropped++;
            } else {
                errors++;
            }
        }
    }
    dp_port_count(&port->stats.tx_packets, sent);
    dp_port_count(&port->stats.tx_bytes, bytes);
    dp_port_count(&port->stats.tx_dropped, dropped);
    dp_port_count(&port->stats.tx_errors, errors);
    return error;
}

static int
dp_port_tap_get_fd(const struct dp_port *port)
{
    return dp_port_tap_cast(port)->fd;
}

/* Stores the device's current name in 'name' and makes sure 't->sock' is in
 * the device's current network namespace.  Returns 0 or ENODEV if the
 * device is gone. */
static int
dp_port_tap_locate(struct dp_port_tap *t, char name[IFNAMSIZ])
{
    struct ifreq ifr;
    int ns;

    memset(&ifr, 0, sizeof ifr);
    if (ioctl(t->fd, TUNGETIFF, &ifr) < 0) {
        return ENODEV;
    }
    memcpy(name, ifr.ifr_name, IFNAMSIZ);
    name[IFNAMSIZ - 1] = '\0';

    /* TUNGETDEVNETNS is Linux 5.2 or later; without it we assume the device
     * stayed in our namespace. */
    ns = ioctl(t->fd, TUNGETDEVNETNS);
    if (ns >= 0) {
        if (!dp_netdev_sock_in_netns(t->sock, ns)) {
            int sock;
            if (!dp_netdev_sock_open(ns, &sock)) {
                close(t->sock);
                t->sock = sock;
            }
        }
        close(ns);
    }
    return 0;
}

static int
dp_port_tap_get_link(struct dp_port *port, struct dp_port_link *link)
{
    struct dp_port_tap *t = dp_port_tap_cast(port);
    char name[IFNAMSIZ];
    int error = dp_port_tap_locate(t, name);

    return error ? error : dp_netdev_get_link(t->sock, name, link);
}

static int
dp_port_tap_get_hw_addr(struct dp_port *port, uint8_t mac[6])
{
    struct dp_port_tap *t = dp_port_tap_cast(port);
    char name[IFNAMSIZ];
    int error = dp_port_tap_locate(t, name);

    return error ? error : dp_netdev_get_hw_addr(t->sock, name, mac);
}

static int
dp_port_tap_set_hw_addr(struct dp_port *port, const uint8_t mac[6])
{
    struct dp_port_tap *t = dp_port_tap_cast(port);
    char name[IFNAMSIZ];
    int error = dp_port_tap_locate(t, name);

    return error ? error : dp_netdev_set_hw_addr(t->sock, name, mac);
}

static int
dp_port_tap_get_mtu(struct dp_port *port, int *mtu)
{
    struct dp_port_tap *t = dp_port_tap_cast(port);
    char name[IFNAMSIZ];
    int error = dp_port_tap_locate(t, name);

    *mtu = 0;
    return error ? error : dp_netdev_get_mtu(t->sock, name, mtu);
}

static int
dp_port_tap_get_features(struct dp_port *port, struct dp_port_features *f)
{
    struct dp_port_tap *t = dp_port_tap_cast(port);
    char name[IFNAMSIZ];
    int error = dp_port_tap_locate(t, name);

    return error ? error : dp_netdev_get_features(t->sock, name, f);
}

static int
dp_port_tap_set_admin_state(struct dp_port *port, bool up)
{
    struct dp_port_tap *t = dp_port_tap_cast(port);
    char name[IFNAMSIZ];
    int error = dp_port_tap_locate(t, name);

    return error ? error : dp_netdev_set_admin_state(t->sock, name, up);
}

const struct dp_port_class dp_port_tap_class = {
    .kind = "tap",
    .usage = "tap:NAME",
    .check = dp_port_tap_check,
    .open = dp_port_tap_open,
    .close = dp_port_tap_close,
    .recv_batch = dp_port_tap_recv_batch,
    .send_batch = dp_port_tap_send_batch,
    .get_fd = dp_port_tap_get_fd,
    .get_link = dp_port_tap_get_link,
    .get_hw_addr = dp_port_tap_get_hw_addr,
    .set_hw_addr = dp_port_tap_set_hw_addr,
    .get_mtu = dp_port_tap_get_mtu,
    .get_features = dp_port_tap_get_features,
    .set_admin_state = dp_port_tap_set_admin_state,
};
