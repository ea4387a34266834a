/* tests/xen/xen-guest-sim.c -- a simulated Xen guest in its own process,
 * for the integration test (tests/integration/xen.sh).  On the fake
 * hypervisor in a directory (tests/unit/xen-fake.h) it plays the toolstack
 * (creates the vif), then the guest's netfront (tests/unit/xen-netfront.h),
 * and bridges the vif to a tap device: what the guest kernel sends on the
 * tap goes onto the TX ring, what arrives on the RX ring is written to the
 * tap.  Put the tap in a network namespace with an address and that
 * namespace is the guest, served by ofswitchd-xenfake through "xen:D/V".
 *
 * On exit it reports on stderr how many frames went each way, how many
 * had csum_blank and how many took two slots.
 *
 * The tap uses IFF_VNET_HDR with checksum offload on, so the guest
 * kernel hands over TCP and UDP with partial checksums (NEEDS_CSUM); they
 * go onto the ring as NETTXF_csum_blank, exactly as Linux netfront sends a
 * CHECKSUM_PARTIAL skb, and the switch must complete them.  Frames are
 * placed at rotating offsets in their pages, so some cross a page and take
 * two slots.
 *
 * Usage: xen-guest-sim DIR DOMID DEVID TAP MAC STATUS-FILE
 * It writes "vif" to STATUS-FILE once the vif exists and "connected" once
 * the handshake is done.  On SIGTERM it unloads the driver, waits for the
 * backend to close, removes the vif as the toolstack would, and exits. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <linux/virtio_net.h>
#include <net/if.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/unit/xen-fake.h"
#include "tests/unit/xen-netfront.h"

/* Set by the signal handler: the only state outside main(). */
static volatile sig_atomic_t stop;

static void
on_signal(int sig)
{
    stop = 1;
}

static void
write_status(const char *path, const char *s)
{
    char *tmp;
    FILE *f;

    if (asprintf(&tmp, "%s.tmp", path) < 0) {
        exit(1);
    }
    f = fopen(tmp, "w");
    if (!f || fprintf(f, "%s\n", s) < 0 || fclose(f)) {
        perror(tmp);
        exit(1);
    }
    rename(tmp, path);
    free(tmp);
}

static int
open_tap(const char *name)
{
    struct ifreq ifr;
    int fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
    unsigned int offload = TUN_F_CSUM;

    if (fd < 0) {
        perror("/dev/net/tun");
        exit(1);
    }
    memset(&ifr, 0, sizeof ifr);
    ifr.ifr_flags = IFF_TAP | IFF_NO_PI | IFF_VNET_HDR;
    snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%s", name);
    if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
        perror("TUNSETIFF");
        exit(1);
    }
    /* Partial checksums, but no segmentation: frames stay within the MTU,
     * as with a Linux guest whose vif has no feature-gso-*. */
    if (ioctl(fd, TUNSETOFFLOAD, offload) < 0) {
        perror("TUNSETOFFLOAD");
        exit(1);
    }
    return fd;
}

int
main(int argc, char *argv[])
{
    static const size_t offsets[] = { 0, 2, 64, 3900, 4050 };
    struct virtio_net_hdr vh;
    uint8_t buf[sizeof vh + 65536];
    const char *dir, *tap, *mac, *status;
    struct xnf_config cfg;
    struct xnf *nf;
    unsigned long domid, devid;
    unsigned long n_sent = 0, n_csum = 0, n_multi = 0, n_recv = 0;
    bool connected = false;
    int tap_fd;

    if (argc != 7) {
        fprintf(stderr, "usage: %s DIR DOMID DEVID TAP MAC STATUS-FILE\n",
                argv[0]);
        return 2;
    }
    dir = argv[1];
    domid = strtoul(argv[2], NULL, 10);
    devid = strtoul(argv[3], NULL, 10);
    tap = argv[4];
    mac = argv[5];
    status = argv[6];
    signal(SIGTERM, on_signal);
    signal(SIGINT, on_signal);

    int error = xen_fake_create(dir);
    if (error && error != EEXIST) {
        fprintf(stderr, "%s: cannot create a fake hypervisor: %s\n", dir,
                strerror(error));
        return 1;
    }
    tap_fd = open_tap(tap);
    xnf_toolstack_add_vif(dir, 0, (uint16_t)domid, (uint32_t)devid, mac);
    memset(&cfg, 0, sizeof cfg);
    cfg.domid = (uint16_t)domid;
    cfg.devid = (uint32_t)devid;
    nf = xnf_create(dir, &cfg);
    if (!nf) {
        fprintf(stderr, "cannot attach to the fake hypervisor in %s\n", dir);
        return 1;
    }
    write_status(status, "vif");

    while (!stop) {
        struct pollfd pfd = { tap_fd, POLLIN, 0 };
        ssize_t n;
        size_t len;

        xnf_wait(nf, connected ? 0 : 20);
        if (!connected && xnf_state(nf) == XenbusStateConnected &&
            xnf_backend_state(nf) == XenbusStateConnected) {
            connected = true;
            write_status(status, "connected");
        }
        if (!xnf_connected(nf)) {
            continue;
        }
        xnf_tx_reap(nf);

        /* Guest receives: ring -> tap. */
        while (true) {
            int rc =
                xnf_recv(nf, buf + sizeof vh, sizeof buf - sizeof vh, &len);
            if (rc == EAGAIN) {
                break;
            }
            if (!rc) {
                n_recv++;
                memset(buf, 0, sizeof vh); /* The stack checks sums. */
                if (write(tap_fd, buf, sizeof vh + len) < 0) {
                    perror("tap write");
                }
            }
        }
        xnf_rx_refill(nf, DP_XEN_RING_SIZE);

        /* Guest transmits: tap -> ring. */
        if (poll(&pfd, 1, 5) <= 0) {
            continue;
        }
        for (int i = 0; i < 64; i++) {
            struct xnf_tx_opts opts;

            n = read(tap_fd, buf, sizeof buf);
            if (n < (ssize_t)sizeof vh) {
                break;
            }
            memcpy(&vh, buf, sizeof vh);
            if (vh.gso_type != VIRTIO_NET_HDR_GSO_NONE) {
                continue; /* Not negotiated; cannot happen. */
            }
            memset(&opts, 0, sizeof opts);
            opts.csum_blank = (vh.flags & VIRTIO_NET_HDR_F_NEEDS_CSUM) != 0;
            opts.page_offset = offsets[n_sent++ % 5];
            n_csum += opts.csum_blank;
            n_multi += opts.page_offset + (size_t)n - sizeof vh > 4096;
            if (xnf_send(nf, buf + sizeof vh, (size_t)n - sizeof vh, &opts) ==
                ENOBUFS) {
                xnf_tx_reap(nf);
                xnf_send(nf, buf + sizeof vh, (size_t)n - sizeof vh, &opts);
            }
        }
    }

    /* The guest shuts down: its driver closes, then the toolstack takes
     * the vif away. */
    xnf_close(nf);
    for (int i = 0; i < 100 && xnf_state(nf) != XenbusStateClosed; i++) {
        xnf_wait(nf, 20);
    }
    xnf_toolstack_detach_vif(dir, 0, (uint16_t)domid, (uint32_t)devid);
    for (int i = 0; i < 100 && xnf_backend_state(nf) != XenbusStateClosed;
         i++) {
        xnf_wait(nf, 20);
    }
    xnf_toolstack_remove_vif(dir, 0, (uint16_t)domid, (uint32_t)devid);
    fprintf(stderr,
            "xen-guest-sim: sent %lu frames (%lu csum_blank, %lu in two "
            "slots), received %lu; TX errors %llu\n",
            n_sent, n_csum, n_multi, n_recv,
            (unsigned long long)xnf_tx_status_counts(nf)[1]);
    xnf_destroy(nf);
    close(tap_fd);
    return 0;
}
