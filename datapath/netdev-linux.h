/* datapath/netdev-linux.h -- helpers over Linux network devices for the
 * port kinds: interface index, Ethernet address, MTU, administrative and
 * carrier state, speed and link modes (ethtool), offload switches
 * (ethtool) and bringing a device up or down.
 *
 * Every helper works through an ioctl socket 'sock', which selects the
 * network namespace the device name is looked up in: a port keeps one from
 * dp_netdev_sock_open() for its lifetime, and -1 means "a temporary socket
 * in the calling thread's namespace".  Helpers return 0 or a positive errno
 * (ENODEV: no such device in that namespace) and may be called from any
 * thread. */
#ifndef DATAPATH_NETDEV_LINUX_H
#define DATAPATH_NETDEV_LINUX_H 1

#include <stdbool.h>
#include <stdint.h>

struct dp_port_features;
struct dp_port_link;

#define DP_NETDEV_NAME_SIZE 16 /* IFNAMSIZ: 15 bytes and a NUL. */

/* Opens an ioctl socket in the network namespace 'netns_fd' (an open
 * /proc/PID/ns/net or TUNGETDEVNETNS descriptor), or in the calling
 * thread's namespace if 'netns_fd' is negative, and stores it in '*sockp'
 * (owned by the caller, close()).  Entering another namespace switches the
 * calling thread there and back; the process aborts if it cannot come
 * back, because every later socket would silently land in the wrong
 * namespace. */
int dp_netdev_sock_open(int netns_fd, int *sockp);

/* Returns true if socket 'sock' belongs to the network namespace
 * 'netns_fd' (false also when either cannot be inspected). */
bool dp_netdev_sock_in_netns(int sock, int netns_fd);

int dp_netdev_get_ifindex(int sock, const char *name, int *ifindex);
/* Stores the current name of interface 'ifindex' in 'name'. */
int dp_netdev_get_name(int sock, int ifindex, char name[DP_NETDEV_NAME_SIZE]);
int dp_netdev_get_hw_addr(int sock, const char *name, uint8_t mac[6]);
int dp_netdev_set_hw_addr(int sock, const char *name, const uint8_t mac[6]);
int dp_netdev_get_mtu(int sock, const char *name, int *mtu);
int dp_netdev_set_mtu(int sock, const char *name, int mtu);

/* Stores IFF_UP in link->admin_up and IFF_LOWER_UP in link->carrier. */
int dp_netdev_get_link(int sock, const char *name, struct dp_port_link *);
/* Sets or clears IFF_UP. */
int dp_netdev_set_admin_state(int sock, const char *name, bool up);

/* Fills '*f' from ETHTOOL_GLINKSETTINGS (ETHTOOL_GSET on old kernels): the
 * current speed and duplex become 'curr' and 'curr_speed', the supported,
 * advertised and link-partner modes become OFPPF_* bitmaps, 'max_speed' is
 * the fastest supported mode (or the current speed).  A device without
 * ethtool support yields zeros and 0. */
int dp_netdev_get_features(int sock, const char *name,
                           struct dp_port_features *f);

/* Offloads that the legacy ethtool ioctls switch one by one. */
enum dp_netdev_offload {
    DP_NETDEV_OFFLOAD_TSO,     /* TCP segmentation (tx-tcp*-segmentation). */
    DP_NETDEV_OFFLOAD_GSO,     /* Generic segmentation. */
    DP_NETDEV_OFFLOAD_GRO,     /* Generic receive offload. */
    DP_NETDEV_OFFLOAD_TX_CSUM, /* Transmit checksumming. */
    DP_NETDEV_OFFLOAD_RX_CSUM, /* Receive checksumming. */
    DP_NETDEV_OFFLOAD_SG,      /* Scatter-gather. */
};

int dp_netdev_get_offload(int sock, const char *name, enum dp_netdev_offload,
                          bool *on);
int dp_netdev_set_offload(int sock, const char *name, enum dp_netdev_offload,
                          bool on);

/* Link-change notifications: an rtnetlink socket (RTMGRP_LINK) in the
 * calling thread's namespace, non-blocking, that becomes readable when any
 * interface there changes (up, down, carrier, rename, deletion).  The
 * control side polls it and then re-reads the link state of its ports with
 * dp_port_get_link(); devices in other namespaces (a tap moved into one)
 * are not seen and need polling.  Stores the socket in '*fdp' (owned by
 * the caller, close()). */
int dp_netdev_monitor_open(int *fdp);

/* Reads every pending notification from 'fd' without blocking.  Returns
 * true if at least one arrived (or some were lost because the socket
 * overflowed: then everything must be re-read anyway). */
bool dp_netdev_monitor_drain(int fd);

#endif /* datapath/netdev-linux.h */
