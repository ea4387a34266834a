/* datapath/port-afpacket.c -- "afpacket:IF" ports: a raw attachment to an
 * existing Ethernet interface (a veth, a NIC) through an AF_PACKET socket.
 *
 * Receive: a ring mapped into our memory (PACKET_RX_RING), so a busy port
 * is read without any system call; frames are copied out of the ring into
 * packets and their slots given back at once.  Two rings are implemented:
 *
 *  - TPACKET_V2 (the default): one 2 kB slot per frame, and poll() wakes as
 *    soon as a frame lands.  Frames too long for a slot (super-frames,
 *    jumbo frames) are also queued whole on the socket (PACKET_COPY_THRESH;
 *    the slot says TP_STATUS_COPY) and read from there with recvmsg().
 *  - TPACKET_V3 (OFSWITCH_AFPACKET_RING=v3): variable-size frames packed
 *    into 128 kB blocks, handed over when a block fills or when its retire
 *    timer (1 ms, the smallest) fires.
 *
 * Why V2 by default, measured here (two afpacket ports forwarding between
 * two namespaces over veth, on a loaded 2-core machine, same run): UDP
 * round trips through the switch took 190 us (median) with V2 against 0.9
 * to 2 ms with V3, whose idle blocks wait for the timer on every hop; TCP
 * throughput was the same within noise (0.8 to 1.0 Gbit/s either way); for
 * 64-byte frames both cost about 1 us of CPU per forwarded frame, most of
 * it in the transmit system call, V3 about 0.15 us less in user space
 * (dense blocks), and V3's 4 MB hold ~30000 small frames against V2's 4096
 * slots (8 MB), so V3 rides out longer scheduling gaps.  Latency decided.
 * PACKET_VNET_HDR works with both (the header sits just before tp_mac).
 *
 * Three things the kernel does to a frame before we see it are undone:
 *  - The outer VLAN tag is stripped (hardware or skb_vlan_untag()); the
 *    ring reports it in tp_vlan_tci/tp_vlan_tpid when tp_status has
 *    TP_STATUS_VLAN_VALID (TPID 0x8100 unless TP_STATUS_VLAN_TPID_VALID),
 *    and it is put back, so a priority tag with VID 0 survives.
 *  - The peer's TSO/GSO (on by default on veth and NICs) and our GRO hand
 *    over "super-frames" of up to 64 kB, and checksum offload leaves
 *    partial checksums.  The socket uses PACKET_VNET_HDR, so each frame
 *    comes with a virtio_net_hdr; TCP and UDP super-frames are cut into
 *    MTU-sized frames and partial checksums completed in software
 *    (port-gso.c), which is what makes TCP through the switch work with the
 *    kernel's default offloads.  Other GSO types (tunnels, SCTP) cannot be
 *    described by the header and are dropped by the kernel.
 *  - Our own transmitted frames would come back as outgoing frames:
 *    PACKET_IGNORE_OUTGOING (Linux 4.20) stops that, and frames marked
 *    PACKET_OUTGOING are skipped too in case the option is missing.
 *
 * The interface is put in promiscuous mode (PACKET_MR_PROMISC, undone by
 * the kernel when the socket closes).
 *
 * Transmit: sendmmsg() of the whole batch, each frame behind an empty
 * virtio_net_hdr (PACKET_VNET_HDR applies to both directions), on a
 * non-blocking socket with a large send buffer; frames the socket cannot
 * take are dropped and counted. */
#include <config.h>

#include <errno.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/virtio_net.h>

#include "datapath/netdev-linux.h"
#include "datapath/packet.h"
#include "datapath/port-gso.h"
#include "datapath/port-provider.h"
#include "util/list.h"
#include "util/log.h"
#include "util/xalloc.h"

#ifndef PACKET_IGNORE_OUTGOING
#define PACKET_IGNORE_OUTGOING 23
#endif

/* Ring geometry.  TPACKET_V3: 32 blocks of 128 kB (4 MB), each able to
 * hold the largest super-frame (64 kB) with its headers; 64-byte frames
 * pack about 1000 to a block.  TPACKET_V2: 4096 slots of 2 kB (8 MB), each
 * enough for a 1500-byte MTU frame with its tags and headers; longer
 * frames take the copy path. */
#define DP_AFP_BLOCK_SIZE (1u << 17)
#define DP_AFP_N_BLOCKS_V3 32u
#define DP_AFP_N_BLOCKS_V2 64u
#define DP_AFP_FRAME_SIZE 2048u
#define DP_AFP_N_SLOTS_V2 \
    (DP_AFP_BLOCK_SIZE / DP_AFP_FRAME_SIZE * DP_AFP_N_BLOCKS_V2)
#define DP_AFP_RETIRE_MS 1u /* V3 block retire timeout, the smallest. */
#define DP_AFP_SNDBUF (4 << 20)
#define DP_AFP_RCVBUF (4 << 20) /* V2 copy path: ~60 super-frames. */

enum dp_afp_ring {
    DP_AFP_RING_V2,
    DP_AFP_RING_V3,
};

/* The ring used unless OFSWITCH_AFPACKET_RING says otherwise; see the
 * measurements at the top of the file. */
#define DP_AFP_RING_DEFAULT DP_AFP_RING_V2

struct dp_port_afpacket {
    struct dp_port up;
    int fd;      /* AF_PACKET socket. */
    int ifindex; /* Interface bound to. */
    int sock;    /* ioctl socket. */

    /* Receive ring. */
    enum dp_afp_ring version;
    uint8_t *ring;
    size_t ring_size;
    unsigned int block; /* V3: block to read next. */
    uint32_t pkts_left; /* V3: frames not yet read in 'block'. */
    uint32_t pkt_ofs;   /* V3: offset of the next frame in 'block'. */
    unsigned int slot;  /* V2: slot to read next. */

    /* A super-frame being segmented: 'scratch' holds it (with its VLAN tag
     * restored) while 'gso' hands out its segments.  'copybuf' receives
     * V2's copy-path frames. */
    uint8_t *scratch;
    uint8_t *copybuf;
    struct dp_gso gso;
    bool gso_active;

    uint64_t kernel_drops; /* Accumulated PACKET_STATISTICS tp_drops. */

    /* Transmit scratch. */
    struct virtio_net_hdr tx_vnet;
    struct mmsghdr msgs[DP_BATCH_SIZE];
    struct iovec iovs[DP_BATCH_SIZE][2];
};

static struct dp_port_afpacket *
dp_port_afpacket_cast(const struct dp_port *port)
{
    return CONTAINER_OF(port, struct dp_port_afpacket, up);
}

static int
dp_port_afpacket_check(const char *arg, char **errp)
{
    return dp_port_check_ifname(arg, errp);
}

static int
dp_afp_setopt(int fd, int level, int opt, const void *val, socklen_t len,
              const char *what, char **errp)
{
    if (setsockopt(fd, level, opt, val, len) < 0) {
        int error = errno;
        *errp = dp_port_errmsg("%s: %s", what, strerror(error));
        return error;
    }
    return 0;
}

/* Sets a socket buffer size, beyond the sysctl limits if we may. */
static void
dp_afp_set_buf(int fd, int force_opt, int opt, int size)
{
    if (setsockopt(fd, SOL_SOCKET, force_opt, &size, sizeof size) < 0) {
        setsockopt(fd, SOL_SOCKET, opt, &size, sizeof size);
    }
}

/* Sets up the receive ring of 'a' ('a->version'). */
static int
dp_afp_setup_ring(struct dp_port_afpacket *a, char **errp)
{
    int version, error;

    if (a->version == DP_AFP_RING_V3) {
        struct tpacket_req3 req;

        version = TPACKET_V3;
        error =
            dp_afp_setopt(a->fd, SOL_PACKET, PACKET_VERSION, &version,
                          sizeof version, "PACKET_VERSION (TPACKET_V3)", errp);
        if (error) {
            return error;
        }
        memset(&req, 0, sizeof req);
        req.tp_block_size = DP_AFP_BLOCK_SIZE;
        req.tp_block_nr = DP_AFP_N_BLOCKS_V3;
        req.tp_frame_size = DP_AFP_FRAME_SIZE; /* Nominal: V3 packs. */
        req.tp_frame_nr =
            (DP_AFP_BLOCK_SIZE / DP_AFP_FRAME_SIZE * DP_AFP_N_BLOCKS_V3);
        req.tp_retire_blk_tov = DP_AFP_RETIRE_MS;
        error = dp_afp_setopt(a->fd, SOL_PACKET, PACKET_RX_RING, &req,
                              sizeof req, "PACKET_RX_RING", errp);
    } else {
        struct tpacket_req req;
        int one = 1;

        version = TPACKET_V2;
        error =
            dp_afp_setopt(a->fd, SOL_PACKET, PACKET_VERSION, &version,
                          sizeof version, "PACKET_VERSION (TPACKET_V2)", errp);
        if (error) {
            return error;
        }
        /* Frames too long for a slot are queued whole on the socket as
         * well (TP_STATUS_COPY); the queue needs room for them. */
        error = dp_afp_setopt(a->fd, SOL_PACKET, PACKET_COPY_THRESH, &one,
                              sizeof one, "PACKET_COPY_THRESH", errp);
        if (error) {
            return error;
        }
        dp_afp_set_buf(a->fd, SO_RCVBUFFORCE, SO_RCVBUF, DP_AFP_RCVBUF);
        memset(&req, 0, sizeof req);
        req.tp_block_size = DP_AFP_BLOCK_SIZE;
        req.tp_block_nr = DP_AFP_N_BLOCKS_V2;
        req.tp_frame_size = DP_AFP_FRAME_SIZE;
        req.tp_frame_nr = DP_AFP_N_SLOTS_V2;
        error = dp_afp_setopt(a->fd, SOL_PACKET, PACKET_RX_RING, &req,
                              sizeof req, "PACKET_RX_RING", errp);
    }
    if (error) {
        return error;
    }

    /* The ring's pages are kernel memory: never swapped, no need to
     * lock them. */
    a->ring_size = (size_t)DP_AFP_BLOCK_SIZE * (a->version == DP_AFP_RING_V3
                                                    ? DP_AFP_N_BLOCKS_V3
                                                    : DP_AFP_N_BLOCKS_V2);
    a->ring =
        mmap(NULL, a->ring_size, PROT_READ | PROT_WRITE, MAP_SHARED, a->fd, 0);
    if (a->ring == MAP_FAILED) {
        error = errno;
        a->ring = NULL;
        *errp =
            dp_port_errmsg("cannot map the receive ring: %s", strerror(error));
        return error;
    }
    return 0;
}

/* Sets up the socket 'fd' for 'a->ifindex': options, ring, binding. */
static int
dp_afp_setup(struct dp_port_afpacket *a, char **errp)
{
    struct sockaddr_ll sll;
    struct packet_mreq mreq;
    int one = 1, error;

    error = dp_afp_setopt(a->fd, SOL_PACKET, PACKET_VNET_HDR, &one, sizeof one,
                          "PACKET_VNET_HDR", errp);
    if (!error) {
        error = dp_afp_setup_ring(a, errp);
    }
    if (error) {
        return error;
    }

    if (setsockopt(a->fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, &one,
                   sizeof one) < 0) {
        LOG_WARN("port",
                 "afpacket:%s: PACKET_IGNORE_OUTGOING: %s "
                 "(filtering outgoing frames by hand)",
                 a->up.name, strerror(errno));
    }

    memset(&sll, 0, sizeof sll);
    sll.sll_family = AF_PACKET;
    sll.sll_protocol = htons(ETH_P_ALL);
    sll.sll_ifindex = a->ifindex;
    if (bind(a->fd, (struct sockaddr *)&sll, sizeof sll) < 0) {
        error = errno;
        *errp = dp_port_errmsg("bind: %s", strerror(error));
        return error;
    }

    memset(&mreq, 0, sizeof mreq);
    mreq.mr_ifindex = a->ifindex;
    mreq.mr_type = PACKET_MR_PROMISC;
    error = dp_afp_setopt(a->fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &mreq,
                          sizeof mreq, "promiscuous mode", errp);
    if (error) {
        return error;
    }

    /* A large send buffer absorbs bursts. */
    dp_afp_set_buf(a->fd, SO_SNDBUFFORCE, SO_SNDBUF, DP_AFP_SNDBUF);
    return 0;
}

/* The ring version: DP_AFP_RING_DEFAULT, or "v2"/"v3" from the environment
 * variable OFSWITCH_AFPACKET_RING (for measurements). */
static enum dp_afp_ring
dp_afp_ring_version(void)
{
    const char *s = getenv("OFSWITCH_AFPACKET_RING");

    if (s && !strcmp(s, "v3")) {
        return DP_AFP_RING_V3;
    } else if (s && !strcmp(s, "v2")) {
        return DP_AFP_RING_V2;
    }
    return DP_AFP_RING_DEFAULT;
}

static int
dp_port_afpacket_open(const char *arg, struct dp_port **portp, char **errp)
{
    struct dp_port_afpacket *a;
    struct ifreq ifr;
    int error, sock, fd, ifindex;

    error = dp_netdev_sock_open(-1, &sock);
    if (error) {
        *errp = dp_port_errmsg("socket: %s", strerror(error));
        return error;
    }
    error = dp_netdev_get_ifindex(sock, arg, &ifindex);
    if (error) {
        *errp =
            (error == ENODEV ? dp_port_errmsg("no such network interface")
                             : dp_port_errmsg("cannot look up interface: %s",
                                              strerror(error)));
        close(sock);
        return error;
    }

    /* Only Ethernet: the switch forwards Ethernet frames. */
    memset(&ifr, 0, sizeof ifr);
    strncpy(ifr.ifr_name, arg, IFNAMSIZ - 1);
    if (ioctl(sock, SIOCGIFHWADDR, &ifr) < 0 ||
        ifr.ifr_hwaddr.sa_family != 1 /* ARPHRD_ETHER */) {
        *errp = dp_port_errmsg("%s is not an Ethernet interface", arg);
        close(sock);
        return EINVAL;
    }

    /* Protocol 0 receives nothing until bind() names the interface. */
    fd = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        error = errno;
        *errp = dp_port_errmsg("AF_PACKET socket: %s%s", strerror(error),
                               error == EPERM ? " (needs CAP_NET_RAW)" : "");
        close(sock);
        return error;
    }

    a = xzalloc(sizeof *a);
    a->up.class = &dp_port_afpacket_class;
    a->up.name = xstrdup(arg);
    a->fd = fd;
    a->sock = sock;
    a->ifindex = ifindex;
    a->version = dp_afp_ring_version();
    error = dp_afp_setup(a, errp);
    if (error) {
        if (a->ring) {
            munmap(a->ring, a->ring_size);
        }
        close(fd);
        close(sock);
        free(a->up.name);
        free(a);
        return error;
    }
    a->scratch = xmalloc(DP_PACKET_MAX_FRAME + 8);
    if (a->version == DP_AFP_RING_V2) {
        a->copybuf = xmalloc(DP_PACKET_MAX_FRAME);
    }
    *portp = &a->up;
    return 0;
}

static void
dp_port_afpacket_close(struct dp_port *port)
{
    struct dp_port_afpacket *a = dp_port_afpacket_cast(port);

    munmap(a->ring, a->ring_size);
    close(a->fd);
    close(a->sock);
    free(a->scratch);
    free(a->copybuf);
    free(a->up.name);
    free(a);
}

/* Copies the 'len' bytes of 'frame' to 'dst', inserting the 4-byte tag
 * 'tpid'/'tci' after the Ethernet addresses if 'tagged'.  'len' >= 12. */
static void
dp_afp_copy_frame(uint8_t *dst, const uint8_t *frame, size_t len, bool tagged,
                  uint16_t tpid, uint16_t tci)
{
    if (!tagged) {
        memcpy(dst, frame, len);
        return;
    }
    memcpy(dst, frame, 12);
    dst[12] = (uint8_t)(tpid >> 8);
    dst[13] = (uint8_t)tpid;
    dst[14] = (uint8_t)(tci >> 8);
    dst[15] = (uint8_t)tci;
    memcpy(dst + 16, frame + 12, len - 12);
}

/* Moves segments of the pending super-frame into 'batch' until it is done
 * or 'n' reaches 'max'. */
static void
dp_afp_drain_gso(struct dp_port_afpacket *a, struct dp_batch *batch,
                 size_t max, size_t *n, uint64_t *bytes)
{
    while (a->gso_active && *n < max) {
        struct dp_packet *p = dp_gso_next(&a->gso);
        if (!p) {
            a->gso_active = false;
            break;
        }
        *bytes += p->size;
        batch->pkts[batch->n++] = p;
        (*n)++;
    }
    if (a->gso_active && a->gso.done) {
        a->gso_active = false;
    }
}

/* Counters gathered over one receive call. */
struct dp_afp_rx_counts {
    uint64_t bytes, dropped, errors;
};

/* One received frame, as either ring describes it. */
struct dp_afp_frame {
    const uint8_t *data; /* Ethernet header (outer VLAN tag stripped). */
    size_t size;
    bool tagged;
    uint16_t tpid, tci; /* The stripped tag, if 'tagged'. */
    struct dp_gso_hdr vh;
};

/* Reads the virtio_net_hdr at 'p' into host-order fields. */
static void
dp_afp_read_vnet(const uint8_t *p, struct dp_gso_hdr *h)
{
    struct virtio_net_hdr vh;

    memcpy(&vh, p, sizeof vh);
    h->flags = vh.flags;
    h->gso_type = vh.gso_type;
    h->hdr_len = vh.hdr_len;
    h->gso_size = vh.gso_size;
    h->csum_start = vh.csum_start;
    h->csum_offset = vh.csum_offset;
}

/* Fills the tag fields of 'f' from a ring frame's status and VLAN fields:
 * TPID 0x8100 unless the kernel says otherwise. */
static void
dp_afp_set_tag(struct dp_afp_frame *f, uint32_t status, uint16_t tci,
               uint16_t tpid)
{
    f->tagged = (status & TP_STATUS_VLAN_VALID) != 0;
    f->tci = tci;
    f->tpid = (status & TP_STATUS_VLAN_TPID_VALID) ? tpid : ETH_P_8021Q;
}

/* Appends frame 'f' to 'batch' (restoring its tag and completing its
 * checksum), or starts segmenting it and appends its first segments. */
static void
dp_afp_deliver(struct dp_port_afpacket *a, struct dp_afp_frame *f,
               struct dp_batch *batch, size_t max, size_t *n,
               struct dp_afp_rx_counts *c)
{
    static struct log_ratelimit rl = LOG_RATELIMIT_INIT(10, 10);
    size_t size = f->size + (f->tagged ? 4 : 0);
    struct dp_gso_hdr *vh = &f->vh;

    if (f->size < 14) {
        c->errors++;
        return;
    }
    if (size > DP_PACKET_MAX_FRAME) {
        c->dropped++;
        return;
    }
    /* Offsets in the header count from the frame as the kernel had it. */
    if (f->tagged) {
        vh->csum_start = (uint16_t)(vh->csum_start + 4);
    }

    if ((vh->gso_type & ~DP_GSO_TYPE_ECN) == DP_GSO_TYPE_NONE) {
        struct dp_packet *p = dp_packet_create_empty(size);
        uint8_t *d = dp_packet_data(p);

        dp_afp_copy_frame(d, f->data, f->size, f->tagged, f->tpid, f->tci);
        p->size = (uint32_t)size;
        if (vh->flags & DP_GSO_F_NEEDS_CSUM &&
            dp_gso_complete_csum(d, size, vh->csum_start, vh->csum_offset)) {
            dp_packet_destroy(p);
            c->errors++;
            return;
        }
        c->bytes += size;
        batch->pkts[batch->n++] = p;
        (*n)++;
        return;
    }

    dp_afp_copy_frame(a->scratch, f->data, f->size, f->tagged, f->tpid,
                      f->tci);
    int error = dp_gso_start(&a->gso, a->scratch, size, vh);
    if (error) {
        LOG_RL(&rl, LOG_LVL_WARN, "port",
               "afpacket:%s: cannot segment a %zu-byte frame (gso_type %u, "
               "gso_size %u): %s",
               a->up.name, size, vh->gso_type, vh->gso_size, strerror(error));
        c->errors++;
        return;
    }
    a->gso_active = true;
    dp_afp_drain_gso(a, batch, max, n, &c->bytes);
}

/* Checks the offsets that the kernel wrote in a ring frame header at 'hdr'
 * ('room' bytes from 'hdr' to the end of its slot or block), so that a bad
 * ring cannot make us read outside it, and skips outgoing frames.  Returns
 * the frame's data, or NULL (counting an error if the header is bad). */
static const uint8_t *
dp_afp_frame_data(const uint8_t *hdr, size_t hdr_len, uint32_t mac,
                  uint32_t snaplen, size_t room, struct dp_afp_rx_counts *c)
{
    size_t sll_ofs = TPACKET_ALIGN(hdr_len);
    const struct sockaddr_ll *sll;

    if (mac < sll_ofs + sizeof *sll + sizeof(struct virtio_net_hdr) ||
        mac > room || snaplen > room - mac) {
        c->errors++;
        return NULL;
    }
    sll = (const struct sockaddr_ll *)(const void *)(hdr + sll_ofs);
    return sll->sll_pkttype == PACKET_OUTGOING ? NULL : hdr + mac;
}

/* TPACKET_V3: reads frames from retired blocks. */
static void
dp_afp_recv_v3(struct dp_port_afpacket *a, struct dp_batch *batch, size_t max,
               size_t *n, struct dp_afp_rx_counts *c)
{
    while (*n < max && !a->gso_active) {
        uint8_t *block = a->ring + (size_t)a->block * DP_AFP_BLOCK_SIZE;
        struct tpacket_block_desc *bd = (void *)block;

        if (!a->pkts_left) {
            uint32_t status =
                __atomic_load_n(&bd->hdr.bh1.block_status, __ATOMIC_ACQUIRE);
            if (!(status & TP_STATUS_USER)) {
                break;
            }
            a->pkts_left = bd->hdr.bh1.num_pkts;
            a->pkt_ofs = bd->hdr.bh1.offset_to_first_pkt;
        }

        if (a->pkts_left && a->pkt_ofs >= sizeof *bd &&
            a->pkt_ofs <= DP_AFP_BLOCK_SIZE - sizeof(struct tpacket3_hdr)) {
            const struct tpacket3_hdr *h = (const void *)(block + a->pkt_ofs);
            uint32_t next = h->tp_next_offset;
            const uint8_t *data = dp_afp_frame_data(
                (const uint8_t *)h, sizeof *h, h->tp_mac, h->tp_snaplen,
                DP_AFP_BLOCK_SIZE - a->pkt_ofs, c);

            if (data && h->tp_snaplen < h->tp_len) {
                /* Truncated: larger than a block can hold. */
                c->dropped++;
            } else if (data) {
                struct dp_afp_frame f;
                f.data = data;
                f.size = h->tp_snaplen;
                dp_afp_set_tag(&f, h->tp_status, h->hv1.tp_vlan_tci,
                               h->hv1.tp_vlan_tpid);
                dp_afp_read_vnet(data - sizeof(struct virtio_net_hdr), &f.vh);
                dp_afp_deliver(a, &f, batch, max, n, c);
            }
            a->pkts_left--;
            if (next && next <= DP_AFP_BLOCK_SIZE - a->pkt_ofs) {
                a->pkt_ofs += next;
            } else {
                a->pkts_left = 0;
            }
        } else {
            a->pkts_left = 0;
        }

        if (!a->pkts_left) {
            /* Every frame of the block is copied out: give it back. */
            __atomic_store_n(&bd->hdr.bh1.block_status, TP_STATUS_KERNEL,
                             __ATOMIC_RELEASE);
            a->block = (a->block + 1) % DP_AFP_N_BLOCKS_V3;
        }
    }
}

/* TPACKET_V2, copy path: the whole of a frame too long for its slot waits
 * on the socket's queue, in ring order.  Reads it into 'copybuf' and
 * points 'f' at it; returns false if it is not there (the kernel could not
 * queue it). */
static bool
dp_afp_recv_copy(struct dp_port_afpacket *a, struct dp_afp_frame *f)
{
    uint8_t vnet[sizeof(struct virtio_net_hdr)];
    struct iovec iov[2] = {
        { vnet, sizeof vnet },
        { a->copybuf, DP_PACKET_MAX_FRAME },
    };
    struct msghdr msg;
    ssize_t r;

    memset(&msg, 0, sizeof msg);
    msg.msg_iov = iov;
    msg.msg_iovlen = 2;
    do {
        r = recvmsg(a->fd, &msg, MSG_DONTWAIT);
    } while (r < 0 && errno == EINTR);
    if (r < (ssize_t)sizeof vnet || msg.msg_flags & MSG_TRUNC) {
        return false;
    }
    f->data = a->copybuf;
    f->size = (size_t)r - sizeof vnet;
    dp_afp_read_vnet(vnet, &f->vh);
    return true;
}

/* TPACKET_V2: reads frames slot by slot. */
static void
dp_afp_recv_v2(struct dp_port_afpacket *a, struct dp_batch *batch, size_t max,
               size_t *n, struct dp_afp_rx_counts *c)
{
    while (*n < max && !a->gso_active) {
        uint8_t *slot = a->ring + (size_t)a->slot * DP_AFP_FRAME_SIZE;
        struct tpacket2_hdr *h = (void *)slot;
        uint32_t status = __atomic_load_n(&h->tp_status, __ATOMIC_ACQUIRE);

        if (!(status & TP_STATUS_USER)) {
            break;
        }
        const uint8_t *data = dp_afp_frame_data(
            slot, sizeof *h, h->tp_mac, h->tp_snaplen, DP_AFP_FRAME_SIZE, c);
        if (data) {
            struct dp_afp_frame f;
            bool ok = true;

            if (status & TP_STATUS_COPY) {
                ok = dp_afp_recv_copy(a, &f);
            } else if (h->tp_snaplen < h->tp_len) {
                /* Too long for the slot and no room to queue it whole. */
                ok = false;
            } else {
                f.data = data;
                f.size = h->tp_snaplen;
                dp_afp_read_vnet(data - sizeof(struct virtio_net_hdr), &f.vh);
            }
            if (ok) {
                dp_afp_set_tag(&f, status, h->tp_vlan_tci, h->tp_vlan_tpid);
                dp_afp_deliver(a, &f, batch, max, n, c);
            } else {
                c->dropped++;
            }
        }
        /* Copied out (or dropped): give the slot back. */
        __atomic_store_n(&h->tp_status, TP_STATUS_KERNEL, __ATOMIC_RELEASE);
        a->slot = (a->slot + 1) % DP_AFP_N_SLOTS_V2;
    }
}

static int
dp_port_afpacket_recv_batch(struct dp_port *port, struct dp_batch *batch,
                            size_t max)
{
    struct dp_port_afpacket *a = dp_port_afpacket_cast(port);
    struct dp_afp_rx_counts c = { 0, 0, 0 };
    size_t n = 0;

    dp_afp_drain_gso(a, batch, max, &n, &c.bytes);
    if (a->version == DP_AFP_RING_V3) {
        dp_afp_recv_v3(a, batch, max, &n, &c);
    } else {
        dp_afp_recv_v2(a, batch, max, &n, &c);
    }

    if (!n && !a->gso_active) {
        /* Woken with nothing to read: a pending socket error (the
         * interface went down) makes poll() report POLLERR until it is
         * read, so read it. */
        int err = 0;
        socklen_t len = sizeof err;
        getsockopt(a->fd, SOL_SOCKET, SO_ERROR, &err, &len);
    }

    dp_port_count(&port->stats.rx_packets, n);
    dp_port_count(&port->stats.rx_bytes, c.bytes);
    dp_port_count(&port->stats.rx_dropped, c.dropped);
    dp_port_count(&port->stats.rx_errors, c.errors);
    return (int)n;
}

static int
dp_port_afpacket_send_batch(struct dp_port *port, const struct dp_batch *batch)
{
    struct dp_port_afpacket *a = dp_port_afpacket_cast(port);
    uint64_t sent = 0, bytes = 0, dropped = 0, errors = 0;
    size_t n = batch->n, i = 0;
    int error = 0;

    for (size_t k = 0; k < n; k++) {
        const struct dp_packet *p = batch->pkts[k];
        struct msghdr *m = &a->msgs[k].msg_hdr;

        a->iovs[k][0].iov_base = &a->tx_vnet;
        a->iovs[k][0].iov_len = sizeof a->tx_vnet;
        a->iovs[k][1].iov_base = dp_packet_data(p);
        a->iovs[k][1].iov_len = p->size;
        memset(m, 0, sizeof *m);
        m->msg_iov = a->iovs[k];
        m->msg_iovlen = 2;
    }

    while (i < n) {
        int r =
            sendmmsg(a->fd, &a->msgs[i], (unsigned int)(n - i), MSG_DONTWAIT);
        if (r > 0) {
            for (int k = 0; k < r; k++) {
                bytes += batch->pkts[i + (size_t)k]->size;
            }
            sent += (uint64_t)r;
            i += (size_t)r;
            continue;
        }
        error = r < 0 ? errno : EIO;
        if (error == EINTR) {
            continue;
        }
        if (error == EAGAIN || error == ENOBUFS) {
            /* The socket is full: the rest of the batch would fail the
             * same way. */
            dropped += n - i;
            break;
        }
        if (error == ENETDOWN || error == ENXIO) {
            dropped++;
        } else {
            /* EMSGSIZE (longer than the MTU) and the like: this frame
             * only. */
            errors++;
        }
        i++;
    }
    dp_port_count(&port->stats.tx_packets, sent);
    dp_port_count(&port->stats.tx_bytes, bytes);
    dp_port_count(&port->stats.tx_dropped, dropped);
    dp_port_count(&port->stats.tx_errors, errors);
    return (sent == n) ? 0 : error;
}

static int
dp_port_afpacket_get_fd(const struct dp_port *port)
{
    return dp_port_afpacket_cast(port)->fd;
}

static void
dp_port_afpacket_get_stats(struct dp_port *port, struct dp_port_stats *stats)
{
    struct dp_port_afpacket *a = dp_port_afpacket_cast(port);
    struct tpacket_stats_v3 st;
    socklen_t len = sizeof st;

    /* PACKET_STATISTICS resets the kernel's counters on every read. */
    memset(&st, 0, sizeof st);
    if (!getsockopt(a->fd, SOL_PACKET, PACKET_STATISTICS, &st, &len)) {
        a->kernel_drops += st.tp_drops;
    }
    stats->rx_dropped += a->kernel_drops;
}

/* Stores the interface's current name (it may have been renamed). */
static int
dp_afp_name(struct dp_port_afpacket *a, char name[DP_NETDEV_NAME_SIZE])
{
    return dp_netdev_get_name(a->sock, a->ifindex, name);
}

static int
dp_port_afpacket_get_link(struct dp_port *port, struct dp_port_link *link)
{
    struct dp_port_afpacket *a = dp_port_afpacket_cast(port);
    char name[DP_NETDEV_NAME_SIZE];
    int error = dp_afp_name(a, name);

    return error ? error : dp_netdev_get_link(a->sock, name, link);
}

static int
dp_port_afpacket_get_hw_addr(struct dp_port *port, uint8_t mac[6])
{
    struct dp_port_afpacket *a = dp_port_afpacket_cast(port);
    char name[DP_NETDEV_NAME_SIZE];
    int error = dp_afp_name(a, name);

    return error ? error : dp_netdev_get_hw_addr(a->sock, name, mac);
}

static int
dp_port_afpacket_get_mtu(struct dp_port *port, int *mtu)
{
    struct dp_port_afpacket *a = dp_port_afpacket_cast(port);
    char name[DP_NETDEV_NAME_SIZE];
    int error = dp_afp_name(a, name);

    *mtu = 0;
    return error ? error : dp_netdev_get_mtu(a->sock, name, mtu);
}

static int
dp_port_afpacket_get_features(struct dp_port *port, struct dp_port_features *f)
{
    struct dp_port_afpacket *a = dp_port_afpacket_cast(port);
    char name[DP_NETDEV_NAME_SIZE];
    int error = dp_afp_name(a, name);

    return error ? error : dp_netdev_get_features(a->sock, name, f);
}

static int
dp_port_afpacket_set_admin_state(struct dp_port *port, bool up)
{
    struct dp_port_afpacket *a = dp_port_afpacket_cast(port);
    char name[DP_NETDEV_NAME_SIZE];
    int error = dp_afp_name(a, name);

    return error ? error : dp_netdev_set_admin_state(a->sock, name, up);
}

const struct dp_port_class dp_port_afpacket_class = {
    .kind = "afpacket",
    .usage = "afpacket:IF",
    .check = dp_port_afpacket_check,
    .open = dp_port_afpacket_open,
    .close = dp_port_afpacket_close,
    .recv_batch = dp_port_afpacket_recv_batch,
    .send_batch = dp_port_afpacket_send_batch,
    .get_fd = dp_port_afpacket_get_fd,
    .get_stats = dp_port_afpacket_get_stats,
    .get_link = dp_port_afpacket_get_link,
    .get_hw_addr = dp_port_afpacket_get_hw_addr,
    .get_mtu = dp_port_afpacket_get_mtu,
    .get_features = dp_port_afpacket_get_features,
    .set_admin_state = dp_port_afpacket_set_admin_state,
};
