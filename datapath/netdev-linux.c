/* datapath/netdev-linux.c -- Linux network device helpers (see
 * netdev-linux.h): SIOC* interface ioctls and the ethtool ioctl, all through
 * a caller-chosen socket so that a device in another network namespace can
 * be reached. */
#include <config.h>

#include "datapath/netdev-linux.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <net/if.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#include <linux/ethtool.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sockios.h>

#include "datapath/port.h"
#include "ofp13/ofp.h"
#include "util/log.h"
#include "util/xalloc.h"

static int
dp_netdev_plain_sock(int *sockp)
{
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        *sockp = -1;
        return errno;
    }
    *sockp = fd;
    return 0;
}

int
dp_netdev_sock_open(int netns_fd, int *sockp)
{
    int self, error;

    if (netns_fd < 0) {
        return dp_netdev_plain_sock(sockp);
    }
    self = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
    if (self < 0) {
        *sockp = -1;
        return errno;
    }
    if (setns(netns_fd, CLONE_NEWNET) < 0) {
        error = errno;
        close(self);
        *sockp = -1;
        return error;
    }
    error = dp_netdev_plain_sock(sockp);
    if (setns(self, CLONE_NEWNET) < 0) {
        LOG_ERR("netdev",
                "cannot return to the original network namespace "
                "(%s)",
                strerror(errno));
        abort();
    }
    close(self);
    return error;
}

/* Stores the identity of the namespace descriptor 'fd' in '*st'. */
static bool
dp_netdev_ns_stat(int fd, struct stat *st)
{
    return fd >= 0 && !fstat(fd, st);
}

bool
dp_netdev_sock_in_netns(int sock, int netns_fd)
{
    struct stat a, b;
    bool same = false;
    int sock_ns = ioctl(sock, SIOCGSKNS);

    if (sock_ns >= 0) {
        same = (dp_netdev_ns_stat(sock_ns, &a) &&
                dp_netdev_ns_stat(netns_fd, &b) && a.st_dev == b.st_dev &&
                a.st_ino == b.st_ino);
        close(sock_ns);
    }
    return same;
}

/* Runs ioctl 'cmd' on 'ifr' (whose name is set from 'name') through 'sock'
 * or a temporary socket if 'sock' is negative. */
static int
dp_netdev_ioctl(int sock, const char *name, unsigned long cmd,
                struct ifreq *ifr)
{
    int fd = sock, error = 0;

    if (strlen(name) >= IFNAMSIZ) {
        return ENODEV;
    }
    strncpy(ifr->ifr_name, name, IFNAMSIZ);
    if (fd < 0) {
        error = dp_netdev_plain_sock(&fd);
        if (error) {
            return error;
        }
    }
    if (ioctl(fd, cmd, ifr) < 0) {
        error = errno;
    }
    if (sock < 0) {
        close(fd);
    }
    return error;
}

int
dp_netdev_get_ifindex(int sock, const char *name, int *ifindex)
{
    struct ifreq ifr;
    int error;

    memset(&ifr, 0, sizeof ifr);
    error = dp_netdev_ioctl(sock, name, SIOCGIFINDEX, &ifr);
    *ifindex = error ? 0 : ifr.ifr_ifindex;
    return error;
}

int
dp_netdev_get_name(int sock, int ifindex, char name[DP_NETDEV_NAME_SIZE])
{
    struct ifreq ifr;
    int fd = sock, error = 0;

    memset(&ifr, 0, sizeof ifr);
    ifr.ifr_ifindex = ifindex;
    if (fd < 0) {
        error = dp_netdev_plain_sock(&fd);
        if (error) {
            return error;
        }
    }
    if (ioctl(fd, SIOCGIFNAME, &ifr) < 0) {
        error = errno;
    } else {
        memcpy(name, ifr.ifr_name, IFNAMSIZ);
        name[IFNAMSIZ - 1] = '\0';
    }
    if (sock < 0) {
        close(fd);
    }
    return error;
}

int
dp_netdev_get_hw_addr(int sock, const char *name, uint8_t mac[6])
{
    struct ifreq ifr;
    int error;

    memset(&ifr, 0, sizeof ifr);
    error = dp_netdev_ioctl(sock, name, SIOCGIFHWADDR, &ifr);
    if (!error) {
        memcpy(mac, ifr.ifr_hwaddr.sa_data, 6);
    }
    return error;
}

int
dp_netdev_set_hw_addr(int sock, const char *name, const uint8_t mac[6])
{
    struct ifreq ifr;

    memset(&ifr, 0, sizeof ifr);
    ifr.ifr_hwaddr.sa_family = 1; /* ARPHRD_ETHER. */
    memcpy(ifr.ifr_hwaddr.sa_data, mac, 6);
    return dp_netdev_ioctl(sock, name, SIOCSIFHWADDR, &ifr);
}

int
dp_netdev_get_mtu(int sock, const char *name, int *mtu)
{
    struct ifreq ifr;
    int error;

    memset(&ifr, 0, sizeof ifr);
    error = dp_netdev_ioctl(sock, name, SIOCGIFMTU, &ifr);
    *mtu = error ? 0 : ifr.ifr_mtu;
    return error;
}

int
dp_netdev_set_mtu(int sock, const char *name, int mtu)
{
    struct ifreq ifr;

    memset(&ifr, 0, sizeof ifr);
    ifr.ifr_mtu = mtu;
    return dp_netdev_ioctl(sock, name, SIOCSIFMTU, &ifr);
}

int
dp_netdev_get_link(int sock, const char *name, struct dp_port_link *link)
{
    struct ethtool_value ev;
    struct ifreq ifr;
    int error, flags;

    link->admin_up = link->carrier = false;
    memset(&ifr, 0, sizeof ifr);
    error = dp_netdev_ioctl(sock, name, SIOCGIFFLAGS, &ifr);
    if (error) {
        return error;
    }
    flags = ifr.ifr_flags;
    link->admin_up = (flags & IFF_UP) != 0;

    /* IFF_LOWER_UP (the carrier) does not fit in the 16-bit ifr_flags, so
     * ask ethtool; drivers without its get_link report IFF_RUNNING, which
     * needs the carrier too. */
    memset(&ev, 0, sizeof ev);
    ev.cmd = ETHTOOL_GLINK;
    memset(&ifr, 0, sizeof ifr);
    ifr.ifr_data = (void *)&ev;
    if (!dp_netdev_ioctl(sock, name, SIOCETHTOOL, &ifr)) {
        link->carrier = ev.data != 0;
    } else {
        link->carrier = (flags & IFF_RUNNING) != 0;
    }
    return 0;
}

int
dp_netdev_set_admin_state(int sock, const char *name, bool up)
{
    struct ifreq ifr;
    int error;

    memset(&ifr, 0, sizeof ifr);
    error = dp_netdev_ioctl(sock, name, SIOCGIFFLAGS, &ifr);
    if (error) {
        return error;
    }
    if (((ifr.ifr_flags & IFF_UP) != 0) == up) {
        return 0;
    }
    if (up) {
        ifr.ifr_flags = (short)(ifr.ifr_flags | IFF_UP);
    } else {
        ifr.ifr_flags = (short)(ifr.ifr_flags & ~IFF_UP);
    }
    return dp_netdev_ioctl(sock, name, SIOCSIFFLAGS, &ifr);
}

/* Ethernet link modes that OpenFlow names, with their speed in Mbit/s.
 * Link modes not listed here that carry a speed set OFPPF_OTHER. */
struct dp_netdev_mode {
    int bit;        /* ETHTOOL_LINK_MODE_*_BIT. */
    uint32_t ofppf; /* OFPPF_* or 0. */
    uint32_t mbps;  /* Speed, 0 for media and pause bits. */
};

static const struct dp_netdev_mode dp_netdev_modes[] = {
    { ETHTOOL_LINK_MODE_10baseT_Half_BIT, OFPPF_10MB_HD, 10 },
    { ETHTOOL_LINK_MODE_10baseT_Full_BIT, OFPPF_10MB_FD, 10 },
    { ETHTOOL_LINK_MODE_100baseT_Half_BIT, OFPPF_100MB_HD, 100 },
    { ETHTOOL_LINK_MODE_100baseT_Full_BIT, OFPPF_100MB_FD, 100 },
    { ETHTOOL_LINK_MODE_100baseFX_Half_BIT, OFPPF_100MB_HD, 100 },
    { ETHTOOL_LINK_MODE_100baseFX_Full_BIT, OFPPF_100MB_FD, 100 },
    { ETHTOOL_LINK_MODE_1000baseT_Half_BIT, OFPPF_1GB_HD, 1000 },
    { ETHTOOL_LINK_MODE_1000baseT_Full_BIT, OFPPF_1GB_FD, 1000 },
    { ETHTOOL_LINK_MODE_1000baseKX_Full_BIT, OFPPF_1GB_FD, 1000 },
    { ETHTOOL_LINK_MODE_1000baseX_Full_BIT, OFPPF_1GB_FD, 1000 },
    { ETHTOOL_LINK_MODE_2500baseX_Full_BIT, OFPPF_OTHER, 2500 },
    { ETHTOOL_LINK_MODE_2500baseT_Full_BIT, OFPPF_OTHER, 2500 },
    { ETHTOOL_LINK_MODE_5000baseT_Full_BIT, OFPPF_OTHER, 5000 },
    { ETHTOOL_LINK_MODE_10000baseT_Full_BIT, OFPPF_10GB_FD, 10000 },
    { ETHTOOL_LINK_MODE_10000baseKX4_Full_BIT, OFPPF_10GB_FD, 10000 },
    { ETHTOOL_LINK_MODE_10000baseKR_Full_BIT, OFPPF_10GB_FD, 10000 },
    { ETHTOOL_LINK_MODE_10000baseCR_Full_BIT, OFPPF_10GB_FD, 10000 },
    { ETHTOOL_LINK_MODE_10000baseSR_Full_BIT, OFPPF_10GB_FD, 10000 },
    { ETHTOOL_LINK_MODE_10000baseLR_Full_BIT, OFPPF_10GB_FD, 10000 },
    { ETHTOOL_LINK_MODE_10000baseLRM_Full_BIT, OFPPF_10GB_FD, 10000 },
    { ETHTOOL_LINK_MODE_10000baseER_Full_BIT, OFPPF_10GB_FD, 10000 },
    { ETHTOOL_LINK_MODE_20000baseMLD2_Full_BIT, OFPPF_OTHER, 20000 },
    { ETHTOOL_LINK_MODE_20000baseKR2_Full_BIT, OFPPF_OTHER, 20000 },
    { ETHTOOL_LINK_MODE_25000baseCR_Full_BIT, OFPPF_OTHER, 25000 },
    { ETHTOOL_LINK_MODE_25000baseKR_Full_BIT, OFPPF_OTHER, 25000 },
    { ETHTOOL_LINK_MODE_25000baseSR_Full_BIT, OFPPF_OTHER, 25000 },
    { ETHTOOL_LINK_MODE_40000baseKR4_Full_BIT, OFPPF_40GB_FD, 40000 },
    { ETHTOOL_LINK_MODE_40000baseCR4_Full_BIT, OFPPF_40GB_FD, 40000 },
    { ETHTOOL_LINK_MODE_40000baseSR4_Full_BIT, OFPPF_40GB_FD, 40000 },
    { ETHTOOL_LINK_MODE_40000baseLR4_Full_BIT, OFPPF_40GB_FD, 40000 },
    { ETHTOOL_LINK_MODE_50000baseCR2_Full_BIT, OFPPF_OTHER, 50000 },
    { ETHTOOL_LINK_MODE_50000baseKR2_Full_BIT, OFPPF_OTHER, 50000 },
    { ETHTOOL_LINK_MODE_50000baseSR2_Full_BIT, OFPPF_OTHER, 50000 },
    { ETHTOOL_LINK_MODE_100000baseKR4_Full_BIT, OFPPF_100GB_FD, 100000 },
    { ETHTOOL_LINK_MODE_100000baseSR4_Full_BIT, OFPPF_100GB_FD, 100000 },
    { ETHTOOL_LINK_MODE_100000baseCR4_Full_BIT, OFPPF_100GB_FD, 100000 },
    { ETHTOOL_LINK_MODE_100000baseLR4_ER4_Full_BIT, OFPPF_100GB_FD, 100000 },
    { ETHTOOL_LINK_MODE_100000baseKR2_Full_BIT, OFPPF_100GB_FD, 100000 },
    { ETHTOOL_LINK_MODE_100000baseSR2_Full_BIT, OFPPF_100GB_FD, 100000 },
    { ETHTOOL_LINK_MODE_100000baseCR2_Full_BIT, OFPPF_100GB_FD, 100000 },
    { ETHTOOL_LINK_MODE_100000baseKR_Full_BIT, OFPPF_100GB_FD, 100000 },
    { ETHTOOL_LINK_MODE_100000baseSR_Full_BIT, OFPPF_100GB_FD, 100000 },
    { ETHTOOL_LINK_MODE_100000baseCR_Full_BIT, OFPPF_100GB_FD, 100000 },
    { ETHTOOL_LINK_MODE_Autoneg_BIT, OFPPF_AUTONEG, 0 },
    { ETHTOOL_LINK_MODE_TP_BIT, OFPPF_COPPER, 0 },
    { ETHTOOL_LINK_MODE_FIBRE_BIT, OFPPF_FIBER, 0 },
    { ETHTOOL_LINK_MODE_Pause_BIT, OFPPF_PAUSE, 0 },
    { ETHTOOL_LINK_MODE_Asym_Pause_BIT, OFPPF_PAUSE_ASYM, 0 },
};

/* Link mode bits that carry no speed (media, pause, FEC); any other bit
 * not in dp_netdev_modes[] is a speed OpenFlow has no name for. */
static bool
dp_netdev_mode_is_speedless(int bit)
{
    switch (bit) {
    case ETHTOOL_LINK_MODE_AUI_BIT:
    case ETHTOOL_LINK_MODE_MII_BIT:
    case ETHTOOL_LINK_MODE_BNC_BIT:
    case ETHTOOL_LINK_MODE_Backplane_BIT:
    case ETHTOOL_LINK_MODE_10000baseR_FEC_BIT:
    case ETHTOOL_LINK_MODE_FEC_NONE_BIT:
    case ETHTOOL_LINK_MODE_FEC_RS_BIT:
    case ETHTOOL_LINK_MODE_FEC_BASER_BIT:
    case ETHTOOL_LINK_MODE_FEC_LLRS_BIT:
        return true;
    default:
        return false;
    }
}

/* Converts the link-mode bitmap 'words' (n_words 32-bit words) to OFPPF_*
 * bits, and raises '*max_mbps' to the fastest mode found. */
static uint32_t
dp_netdev_modes_to_ofppf(const uint32_t *words, int n_words,
                         uint32_t *max_mbps)
{
    uint32_t ofppf = 0;

    for (int bit = 0; bit < n_words * 32; bit++) {
        if (!(words[bit / 32] & (UINT32_C(1) << (bit % 32)))) {
            continue;
        }
        const struct dp_netdev_mode *m = NULL;
        for (size_t i = 0; i < ARRAY_SIZE(dp_netdev_modes); i++) {
            if (dp_netdev_modes[i].bit == bit) {
                m = &dp_netdev_modes[i];
                break;
            }
        }
        if (m) {
            ofppf |= m->ofppf;
            if (max_mbps && m->mbps > *max_mbps) {
                *max_mbps = m->mbps;
            }
        } else if (!dp_netdev_mode_is_speedless(bit)) {
            ofppf |= OFPPF_OTHER;
        }
    }
    return ofppf;
}

/* OFPPF_* for the current 'mbps' and 'duplex' (DUPLEX_HALF or
 * DUPLEX_FULL). */
static uint32_t
dp_netdev_speed_to_ofppf(uint32_t mbps, int duplex)
{
    bool full = duplex != DUPLEX_HALF;

    switch (mbps) {
    case 10:
        return full ? OFPPF_10MB_FD : OFPPF_10MB_HD;
    case 100:
        return full ? OFPPF_100MB_FD : OFPPF_100MB_HD;
    case 1000:
        return full ? OFPPF_1GB_FD : OFPPF_1GB_HD;
    case 10000:
        return OFPPF_10GB_FD;
    case 40000:
        return OFPPF_40GB_FD;
    case 100000:
        return OFPPF_100GB_FD;
    case 1000000:
        return OFPPF_1TB_FD;
    default:
        return mbps ? OFPPF_OTHER : 0;
    }
}

/* Fills the parts of '*f' that depend on the current speed, duplex, port
 * type and autonegotiation. */
static void
dp_netdev_set_curr(struct dp_port_features *f, uint32_t speed, int duplex,
                   int port, int autoneg)
{
    if (speed && speed != (uint32_t)SPEED_UNKNOWN) {
        f->curr |= dp_netdev_speed_to_ofppf(speed, duplex);
        f->curr_speed = speed * 1000;
    }
    if (port == PORT_TP) {
        f->curr |= OFPPF_COPPER;
    } else if (port == PORT_FIBRE) {
        f->curr |= OFPPF_FIBER;
    }
    if (autoneg == AUTONEG_ENABLE) {
        f->curr |= OFPPF_AUTONEG;
    }
}

/* ETHTOOL_GSET, for drivers or kernels without ETHTOOL_GLINKSETTINGS. */
static int
dp_netdev_get_features_legacy(int sock, const char *name,
                              struct dp_port_features *f)
{
    struct ethtool_cmd ecmd;
    struct ifreq ifr;
    uint32_t max_mbps = 0;
    int error;

    memset(&ecmd, 0, sizeof ecmd);
    memset(&ifr, 0, sizeof ifr);
    ecmd.cmd = ETHTOOL_GSET;
    ifr.ifr_data = (void *)&ecmd;
    error = dp_netdev_ioctl(sock, name, SIOCETHTOOL, &ifr);
    if (error) {
        return error;
    }
    /* The legacy masks share their low bits with the link-mode bits. */
    f->supported = dp_netdev_modes_to_ofppf(&ecmd.supported, 1, &max_mbps);
    f->advertised = dp_netdev_modes_to_ofppf(&ecmd.advertising, 1, NULL);
    f->peer = dp_netdev_modes_to_ofppf(&ecmd.lp_advertising, 1, NULL);
    dp_netdev_set_curr(f, ethtool_cmd_speed(&ecmd), ecmd.duplex, ecmd.port,
                       ecmd.autoneg);
    f->max_speed = max_mbps ? max_mbps * 1000 : f->curr_speed;
    return 0;
}

int
dp_netdev_get_features(int sock, const char *name, struct dp_port_features *f)
{
    /* The kernel bounds the mask length by SCHAR_MAX words per mask. */
    struct {
        struct ethtool_link_settings req;
        uint32_t masks[3 * SCHAR_MAX];
    } ecmd;
    struct ifreq ifr;
    uint32_t max_mbps = 0;
    int error, n;

    memset(f, 0, sizeof *f);
    memset(&ecmd, 0, sizeof ecmd);
    memset(&ifr, 0, sizeof ifr);

    /* Handshake: a request with no mask words gets the needed count back,
     * negated. */
    ecmd.req.cmd = ETHTOOL_GLINKSETTINGS;
    ifr.ifr_data = (void *)&ecmd;
    error = dp_netdev_ioctl(sock, name, SIOCETHTOOL, &ifr);
    if (error || ecmd.req.link_mode_masks_nwords >= 0) {
        if (error == ENODEV) {
            return error;
        }
        error = dp_netdev_get_features_legacy(sock, name, f);
        return error == EOPNOTSUPP || error == EINVAL ? 0 : error;
    }
    n = -ecmd.req.link_mode_masks_nwords;
    if (n > SCHAR_MAX) {
        return EPROTO;
    }
    memset(&ecmd, 0, sizeof ecmd);
    ecmd.req.cmd = ETHTOOL_GLINKSETTINGS;
    ecmd.req.link_mode_masks_nwords = (int8_t)n;
    error = dp_netdev_ioctl(sock, name, SIOCETHTOOL, &ifr);
    if (error) {
        return error == EOPNOTSUPP ? 0 : error;
    }
    if (ecmd.req.link_mode_masks_nwords != n) {
        return EPROTO;
    }
    f->supported = dp_netdev_modes_to_ofppf(&ecmd.masks[0], n, &max_mbps);
    f->advertised = dp_netdev_modes_to_ofppf(&ecmd.masks[n], n, NULL);
    f->peer = dp_netdev_modes_to_ofppf(&ecmd.masks[2 * n], n, NULL);
    dp_netdev_set_curr(f, ecmd.req.speed, ecmd.req.duplex, ecmd.req.port,
                       ecmd.req.autoneg);
    f->max_speed = max_mbps ? max_mbps * 1000 : f->curr_speed;
    return 0;
}

/* The legacy ethtool get/set commands of each offload. */
static void
dp_netdev_offload_cmds(enum dp_netdev_offload o, uint32_t *get, uint32_t *set)
{
    switch (o) {
    case DP_NETDEV_OFFLOAD_TSO:
        *get = ETHTOOL_GTSO;
        *set = ETHTOOL_STSO;
        return;
    case DP_NETDEV_OFFLOAD_GSO:
        *get = ETHTOOL_GGSO;
        *set = ETHTOOL_SGSO;
        return;
    case DP_NETDEV_OFFLOAD_GRO:
        *get = ETHTOOL_GGRO;
        *set = ETHTOOL_SGRO;
        return;
    case DP_NETDEV_OFFLOAD_TX_CSUM:
        *get = ETHTOOL_GTXCSUM;
        *set = ETHTOOL_STXCSUM;
        return;
    case DP_NETDEV_OFFLOAD_RX_CSUM:
        *get = ETHTOOL_GRXCSUM;
        *set = ETHTOOL_SRXCSUM;
        return;
    case DP_NETDEV_OFFLOAD_SG:
    default:
        *get = ETHTOOL_GSG;
        *set = ETHTOOL_SSG;
        return;
    }
}

int
dp_netdev_get_offload(int sock, const char *name, enum dp_netdev_offload o,
                      bool *on)
{
    struct ethtool_value ev;
    struct ifreq ifr;
    uint32_t get, set;
    int error;

    dp_netdev_offload_cmds(o, &get, &set);
    memset(&ev, 0, sizeof ev);
    memset(&ifr, 0, sizeof ifr);
    ev.cmd = get;
    ifr.ifr_data = (void *)&ev;
    error = dp_netdev_ioctl(sock, name, SIOCETHTOOL, &ifr);
    *on = !error && ev.data;
    return error;
}

int
dp_netdev_set_offload(int sock, const char *name, enum dp_netdev_offload o,
                      bool on)
{
    struct ethtool_value ev;
    struct ifreq ifr;
    uint32_t get, set;

    dp_netdev_offload_cmds(o, &get, &set);
    memset(&ev, 0, sizeof ev);
    memset(&ifr, 0, sizeof ifr);
    ev.cmd = set;
    ev.data = on;
    ifr.ifr_data = (void *)&ev;
    return dp_netdev_ioctl(sock, name, SIOCETHTOOL, &ifr);
}

int
dp_netdev_monitor_open(int *fdp)
{
    struct sockaddr_nl snl;
    int fd, error;

    *fdp = -1;
    fd = socket(AF_NETLINK, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC,
                NETLINK_ROUTE);
    if (fd < 0) {
        return errno;
    }
    memset(&snl, 0, sizeof snl);
    snl.nl_family = AF_NETLINK;
    snl.nl_groups = RTMGRP_LINK;
    if (bind(fd, (struct sockaddr *)&snl, sizeof snl) < 0) {
        error = errno;
        close(fd);
        return error;
    }
    *fdp = fd;
    return 0;
}

bool
dp_netdev_monitor_drain(int fd)
{
    /* The messages themselves do not matter: any of them means "look
     * again". */
    char buf[8192];
    bool any = false;

    for (;;) {
        ssize_t n = recv(fd, buf, sizeof buf, MSG_DONTWAIT);
        if (n > 0) {
            any = true;
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else if (n < 0 && errno == ENOBUFS) {
            /* Overflow: notifications were lost. */
            any = true;
        } else {
            return any;
        }
    }
}
