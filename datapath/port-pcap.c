/* datapath/port-pcap.c -- "pcap:IF" ports: an existing interface through
 * libpcap, for hosts or interfaces where AF_PACKET rings are not wanted.
 * The handle captures in promiscuous, immediate mode (no buffering delay),
 * only frames coming in (pcap_setdirection(PCAP_D_IN), so what we inject
 * is not read back), non-blocking; its selectable descriptor is the port's
 * fd.  Output goes through pcap_inject().  libpcap restores the VLAN tag
 * that Linux strips, like the afpacket kind.  Unlike afpacket, libpcap does
 * not see virtio_net_hdr, which has two consequences.  Partial checksums
 * left by the peer's checksum offload (the default on veth) are recognised
 * by their value (the pseudo-header sum) and completed in software, see
 * dp_gso_fix_partial_csum().  Super-frames from the peer's TSO/GSO cannot
 * be segmented: frames longer than the MTU allows are dropped and counted
 * (switch the peer's segmentation offloads off, or use afpacket). */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <pcap/pcap.h>

#include "datapath/netdev-linux.h"
#include "datapath/packet.h"
#include "datapath/port-gso.h"
#include "datapath/port-provider.h"
#include "util/list.h"
#include "util/log.h"
#include "util/xalloc.h"

/* Bytes a frame may carry beyond the MTU: an Ethernet header and two VLAN
 * tags. */
#define DP_PCAP_L2_ROOM (14 + 8)

struct dp_port_pcap {
    struct dp_port up;
    pcap_t *pcap;
    int fd;   /* pcap_get_selectable_fd(). */
    int sock; /* ioctl socket. */
    int mtu;  /* Bounds received frames; atomic (get_mtu() refreshes it
               * from another thread). */

    /* A pcap_t is not thread-safe, so the owner thread reads the kernel's
     * drop counter (pcap_stats()) now and then and publishes it here
     * (atomic) for get_stats() on other threads. */
    unsigned int stats_tick;
    uint64_t kernel_drops;
};

static struct dp_port_pcap *
dp_port_pcap_cast(const struct dp_port *port)
{
    return CONTAINER_OF(port, struct dp_port_pcap, up);
}

static int
dp_port_pcap_check(const char *arg, char **errp)
{
    return dp_port_check_ifname(arg, errp);
}

/* Maps a pcap_activate() result to an errno and a message. */
static int
dp_port_pcap_activate_error(pcap_t *p, int rc, const char *name, char **errp)
{
    switch (rc) {
    case PCAP_ERROR_NO_SUCH_DEVICE:
        *errp = dp_port_errmsg("no such network interface");
        return ENODEV;
    case PCAP_ERROR_PERM_DENIED:
        *errp = dp_port_errmsg("permission denied (needs CAP_NET_RAW): %s",
                               pcap_geterr(p));
        return EPERM;
    case PCAP_ERROR_IFACE_NOT_UP:
        *errp = dp_port_errmsg("interface %s is not up", name);
        return ENETDOWN;
    default:
        *errp = dp_port_errmsg("libpcap: %s (%s)", pcap_statustostr(rc),
                               rc == PCAP_ERROR ? pcap_geterr(p) : "");
        return EIO;
    }
}

static int
dp_port_pcap_open(const char *arg, struct dp_port **portp, char **errp)
{
    char errbuf[PCAP_ERRBUF_SIZE];
    struct dp_port_pcap *pp;
    int error, sock, fd, rc;
    pcap_t *p;

    /* libpcap reports a missing interface only at activation, and less
     * clearly; look it up first. */
    error = dp_netdev_sock_open(-1, &sock);
    if (error) {
        *errp = dp_port_errmsg("socket: %s", strerror(error));
        return error;
    }
    int ifindex;
    error = dp_netdev_get_ifindex(sock, arg, &ifindex);
    if (error) {
        *errp =
            (error == ENODEV ? dp_port_errmsg("no such network interface")
                             : dp_port_errmsg("cannot look up interface: %s",
                                              strerror(error)));
        close(sock);
        return error;
    }

    errbuf[0] = '\0';
    p = pcap_create(arg, errbuf);
    if (!p) {
        *errp = dp_port_errmsg("libpcap: %s", errbuf);
        close(sock);
        return EIO;
    }
    pcap_set_snaplen(p, DP_PACKET_MAX_FRAME);
    pcap_set_promisc(p, 1);
    pcap_set_immediate_mode(p, 1);
    pcap_set_buffer_size(p, 4 << 20);
    rc = pcap_activate(p);
    if (rc < 0) {
        error = dp_port_pcap_activate_error(p, rc, arg, errp);
        goto error;
    } else if (rc > 0) {
        LOG_WARN("port", "pcap:%s: %s", arg, pcap_statustostr(rc));
    }
    if (pcap_datalink(p) != DLT_EN10MB) {
        const char *type = pcap_datalink_val_to_name(pcap_datalink(p));
        *errp = dp_port_errmsg("%s is not an Ethernet interface (link type "
                               "%s)",
                               arg, type ? type : "unknown");
        error = EINVAL;
        goto error;
    }
    if (pcap_setdirection(p, PCAP_D_IN) < 0) {
        *errp = dp_port_errmsg("pcap_setdirection: %s", pcap_geterr(p));
        error = EIO;
        goto error;
    }
    if (pcap_setnonblock(p, 1, errbuf) < 0) {
        *errp = dp_port_errmsg("pcap_setnonblock: %s", errbuf);
        error = EIO;
        goto error;
    }
    fd = pcap_get_selectable_fd(p);
    if (fd < 0) {
        *errp = dp_port_errmsg("libpcap gives no descriptor to poll");
        error = EIO;
        goto error;
    }

    pp = xzalloc(sizeof *pp);
    pp->up.class = &dp_port_pcap_class;
    pp->up.name = xstrdup(arg);
    pp->pcap = p;
    pp->fd = fd;
    pp->sock = sock;
    if (dp_netdev_get_mtu(sock, arg, &pp->mtu) || pp->mtu <= 0) {
        pp->mtu = 1500;
    }
    *portp = &pp->up;
    return 0;

error:
    pcap_close(p);
    close(sock);
    return error;
}

static void
dp_port_pcap_close(struct dp_port *port)
{
    struct dp_port_pcap *pp = dp_port_pcap_cast(port);

    pcap_close(pp->pcap);
    close(pp->sock);
    free(pp->up.name);
    free(pp);
}

/* State of one receive call, for the pcap_dispatch() callback. */
struct dp_port_pcap_rx {
    struct dp_port_pcap *pp;
    struct dp_batch *batch;
    size_t max_len; /* Longest frame accepted. */
    bool mtu_refreshed;
    uint64_t n, bytes, dropped;
};

static void
dp_port_pcap_rx_cb(u_char *ctx_, const struct pcap_pkthdr *h,
                   const u_char *data)
{
    struct dp_port_pcap_rx *ctx = (struct dp_port_pcap_rx *)(void *)ctx_;

    /* pcap_dispatch() is given the room left, but stay safe. */
    if (ctx->batch->n >= DP_BATCH_SIZE) {
        ctx->dropped++;
        return;
    }
    if (h->caplen > ctx->max_len && !ctx->mtu_refreshed) {
        /* The MTU may have been raised since we last looked. */
        int mtu;
        ctx->mtu_refreshed = true;
        if (!dp_netdev_get_mtu(ctx->pp->sock, ctx->pp->up.name, &mtu) &&
            mtu > 0) {
            __atomic_store_n(&ctx->pp->mtu, mtu, __ATOMIC_RELAXED);
            ctx->max_len = (size_t)mtu + DP_PCAP_L2_ROOM;
        }
    }
    if (h->caplen < h->len || h->caplen < 14 || h->caplen > ctx->max_len) {
        /* Truncated, runt, or a super-frame from the peer's offloads that
         * no port could send on. */
        ctx->dropped++;
        return;
    }
    struct dp_packet *p = dp_packet_create(data, h->caplen, 0);
    /* The peer's checksum offload leaves partial checksums, which libpcap
     * cannot tell us about; complete them. */
    dp_gso_fix_partial_csum(dp_packet_data(p), p->size);
    ctx->batch->pkts[ctx->batch->n++] = p;
    ctx->n++;
    ctx->bytes += h->caplen;
}

static int
dp_port_pcap_recv_batch(struct dp_port *port, struct dp_batch *batch,
                        size_t max)
{
    static struct log_ratelimit rl = LOG_RATELIMIT_INIT(10, 10);
    struct dp_port_pcap *pp = dp_port_pcap_cast(port);
    struct dp_port_pcap_rx ctx;
    int rc, result = 0;

    memset(&ctx, 0, sizeof ctx);
    ctx.pp = pp;
    ctx.batch = batch;
    ctx.max_len = ((size_t)__atomic_load_n(&pp->mtu, __ATOMIC_RELAXED) +
                   DP_PCAP_L2_ROOM);
    rc = pcap_dispatch(pp->pcap, (int)max, dp_port_pcap_rx_cb, (u_char *)&ctx);
    if (rc == PCAP_ERROR_IFACE_NOT_UP) {
        /* Transient: libpcap has read the socket error. */
    } else if (rc < 0) {
        LOG_RL(&rl, LOG_LVL_WARN, "port", "pcap:%s: %s", port->name,
               pcap_geterr(pp->pcap));
        dp_port_count(&port->stats.rx_errors, 1);
        result = -EIO;
    }
    dp_port_count(&port->stats.rx_packets, ctx.n);
    dp_port_count(&port->stats.rx_bytes, ctx.bytes);
    dp_port_count(&port->stats.rx_dropped, ctx.dropped);
    return ctx.n ? (int)ctx.n : result;
}

static int
dp_port_pcap_send_batch(struct dp_port *port, const struct dp_batch *batch)
{
    struct dp_port_pcap *pp = dp_port_pcap_cast(port);
    uint64_t sent = 0, bytes = 0, dropped = 0, errors = 0;
    int error = 0;

    for (size_t i = 0; i < batch->n; i++) {
        const struct dp_packet *p = batch->pkts[i];

        errno = 0;
        if (pcap_inject(pp->pcap, dp_packet_data(p), p->size) >= 0) {
            sent++;
            bytes += p->size;
            continue;
        }
        /* libpcap's inject is a send() on Linux and leaves its errno. */
        error = errno ? errno : EIO;
        if (error == EAGAIN || error == ENOBUFS || error == ENETDOWN ||
            error == ENXIO) {
            dropped++;
        } else {
            errors++;
        }
    }
    dp_port_count(&port->stats.tx_packets, sent);
    dp_port_count(&port->stats.tx_bytes, bytes);
    dp_port_count(&port->stats.tx_dropped, dropped);
    dp_port_count(&port->stats.tx_errors, errors);
    return sent == batch->n ? 0 : error;
}

static int
dp_port_pcap_get_fd(const struct dp_port *port)
{
    return dp_port_pcap_cast(port)->fd;
}

static void
dp_port_pcap_get_stats(struct dp_port *port, struct dp_port_stats *stats)
{
    struct dp_port_pcap *pp = dp_port_pcap_cast(port);

    /* Frames the kernel dropped for want of buffer space since the handle
     * was opened, as of the owner thread's last look. */
    stats->rx_dropped += __atomic_load_n(&pp->kernel_drops, __ATOMIC_RELAXED);
}

static int
dp_port_pcap_get_link(struct dp_port *port, struct dp_port_link *link)
{
    return dp_netdev_get_link(dp_port_pcap_cast(port)->sock, port->name, link);
}

static int
dp_port_pcap_get_hw_addr(struct dp_port *port, uint8_t mac[6])
{
    return dp_netdev_get_hw_addr(dp_port_pcap_cast(port)->sock, port->name,
                                 mac);
}

static int
dp_port_pcap_get_mtu(struct dp_port *port, int *mtu)
{
    struct dp_port_pcap *pp = dp_port_pcap_cast(port);
    int error = dp_netdev_get_mtu(pp->sock, port->name, mtu);

    if (!error && *mtu > 0) {
        __atomic_store_n(&pp->mtu, *mtu, __ATOMIC_RELAXED);
    }
    return error;
}

static int
dp_port_pcap_get_features(struct dp_port *port, struct dp_port_features *f)
{
    return dp_netdev_get_features(dp_port_pcap_cast(port)->sock, port->name,
                                  f);
}

static int
dp_port_pcap_set_admin_state(struct dp_port *port, bool up)
{
    return dp_netdev_set_admin_state(dp_port_pcap_cast(port)->sock, port->name,
                                     up);
}

const struct dp_port_class dp_port_pcap_class = {
    .kind = "pcap",
    .usage = "pcap:IF",
    .check = dp_port_pcap_check,
    .open = dp_port_pcap_open,
    .close = dp_port_pcap_close,
    .recv_batch = dp_port_pcap_recv_batch,
    .send_batch = dp_port_pcap_send_batch,
    .get_fd = dp_port_pcap_get_fd,
    .get_stats = dp_port_pcap_get_stats,
    .get_link = dp_port_pcap_get_link,
    .get_hw_addr = dp_port_pcap_get_hw_addr,
    .get_mtu = dp_port_pcap_get_mtu,
    .get_features = dp_port_pcap_get_features,
    .set_admin_state = dp_port_pcap_set_admin_state,
};
