/* datapath/xen-backend.h -- one Xen vif served in userspace: the netback
 * half of the Xen paravirtual network protocol (xen/io/netif.h).  A
 * 'struct dp_xen_vif' runs the xenstore handshake with the guest's
 * netfront (the XenbusState machine: InitWait, Connected, Closing, Closed,
 * reconnects), maps the two shared ring pages, binds the event channel(s),
 * takes frames off the TX ring (the guest transmits) and puts frames on the
 * RX ring (the guest receives), moving packet data with batched grant
 * copies.  It knows nothing about OpenFlow ports: datapath/port-xen.c
 * wraps it as the "xen" port kind, and the tests drive it directly.
 *
 * Every call to Xen goes through a 'struct dp_xen_ops' (datapath/xen-ops.h),
 * so the tests run it against a fake hypervisor.
 *
 * The frontend is not trusted.  Each ring request is copied out of shared
 * memory once (RING_COPY_REQUEST) and only the copy is used; producer
 * indexes are checked against the ring size; grant references, offsets and
 * sizes are checked by the hypervisor (grant copy) or by us.  A request
 * that makes the ring unparseable (an impossible producer index, a chain
 * that runs past the posted requests, a slot larger than the packet) closes
 * the connection (the backend goes to Closing); a frame that is merely bad
 * (too short, crossing a page, too many slots, a grant that fails) is
 * answered with NETIF_RSP_ERROR and dropped.
 *
 * Threads: a vif is a single-threaded object; its owner serialises every
 * call except dp_xen_vif_get_carrier() and dp_xen_vif_is_gone(), which any
 * thread may call. */
#ifndef DATAPATH_XEN_BACKEND_H
#define DATAPATH_XEN_BACKEND_H 1

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "datapath/xen-ops.h"

/* ring.h needs the barriers xen_mb/xen_rmb/xen_wmb.  With the current
 * interface version (selected in xen-ops.h) it leaves them to the includer (older versions map
 * them to mb()/rmb()/wmb(), which userspace does not have), and xenctrl.h
 * would drag in the whole control library: C11 fences give the ordering
 * the ring protocol needs (a full fence, and read and write ordering) on
 * every architecture. */
#define xen_mb() atomic_thread_fence(memory_order_seq_cst)
#define xen_rmb() atomic_thread_fence(memory_order_acquire)
#define xen_wmb() atomic_thread_fence(memory_order_release)

#include <xen/io/netif.h>
#include <xen/io/xenbus.h>

struct dp_batch;
struct dp_port_stats;
struct dp_xen_vif; /* Opaque. */

#define DP_XEN_PAGE_SIZE 4096
/* Entries of each ring on one page (256). */
#define DP_XEN_RING_SIZE __CONST_RING_SIZE(netif_tx, DP_XEN_PAGE_SIZE)
/* Slots of one TX frame that every backend must accept (netif.h). */
#define DP_XEN_MAX_SLOTS XEN_NETIF_NR_SLOTS_MIN

/* Creates the backend of vif 'devid' of domain 'domid' on the hypervisor
 * behind 'ops' (borrowed; it must outlive the vif): opens the three
 * handles, checks that the toolstack created the backend directory
 * (/local/domain/<own domid>/backend/vif/<domid>/<devid>), writes the
 * backend features and state InitWait, and watches both ends' state.  On
 * success stores the vif in '*vifp' (owned by the caller, freed with
 * dp_xen_vif_destroy()) and returns 0; on failure returns a positive errno
 * (ENOENT when the toolstack created no such vif) with a message in
 * '*errp' (owned by the caller). */
int dp_xen_vif_create(const struct dp_xen_ops *ops, uint32_t domid,
                      uint32_t devid, struct dp_xen_vif **vifp, char **errp);

/* Disconnects (unbinds, unmaps), tells the frontend that the backend is
 * Closed unless the toolstack already removed the vif, and frees
 * everything.  NULL is a no-op. */
void dp_xen_vif_destroy(struct dp_xen_vif *);

/* Returns a descriptor (an epoll set of the event channel and the xenstore
 * watch) that poll() reports readable when dp_xen_vif_recv() has work:
 * frames on the TX ring or a handshake step.  Owned by the vif. */
int dp_xen_vif_get_fd(const struct dp_xen_vif *);

/* Does all pending work without blocking: handshake steps for xenstore
 * events, pending event channel ports, and the TX ring, whose frames (at
 * most 'max') are appended to 'batch' (owned by the batch).  Adds what it
 * counted to '*delta' (rx_* members; not reset).  Returns the number of
 * frames appended, -ENODEV once the toolstack has removed the vif, or
 * another negative errno if xenstore or the event channel driver failed
 * (the vif is then useless).  When it returns 'max', requests may remain:
 * call again before polling. */
int dp_xen_vif_recv(struct dp_xen_vif *, struct dp_batch *batch, size_t max,
                    struct dp_port_stats *delta);

/* Puts the frames of 'batch' (borrowed) on the RX ring, each in as many
 * posted buffers as it needs, without blocking; frames for which the guest
 * posted no buffers are dropped (tx_dropped).  Adds to the tx_* members of
 * '*delta'.  Returns 0 if every frame was delivered, otherwise the positive
 * errno of the last failure (ENETDOWN when not connected, ENOBUFS when the
 * guest posted too few buffers, EMSGSIZE for a multi-page frame to a
 * frontend without feature-sg, EIO when a grant copy failed). */
int dp_xen_vif_send(struct dp_xen_vif *, const struct dp_batch *batch,
                    struct dp_port_stats *delta);

/* Whether the link is up: both ends are Connected.  Any thread. */
bool dp_xen_vif_get_carrier(const struct dp_xen_vif *);

/* Whether the toolstack removed the vif (the port is gone for good).  Any
 * thread. */
bool dp_xen_vif_is_gone(const struct dp_xen_vif *);

/* Stores the MAC address that the toolstack assigned ("mac" in the backend
 * directory) in 'mac'.  Returns 0, or ENOENT if there was none. */
int dp_xen_vif_get_mac(const struct dp_xen_vif *, uint8_t mac[6]);

/* The XenbusState this backend last wrote, and the frontend's last seen
 * (XenbusStateUnknown when its directory is gone). */
int dp_xen_vif_get_backend_state(const struct dp_xen_vif *);
int dp_xen_vif_get_frontend_state(const struct dp_xen_vif *);

/* Why the last connection attempt was refused or the last connection was
 * closed by the backend, or NULL.  Borrowed until the next call. */
const char *dp_xen_vif_get_error(const struct dp_xen_vif *);

/* Completes the TCP or UDP checksum of 'frame' (size bytes: Ethernet with
 * up to two VLAN tags, IPv4, or IPv6 with hop-by-hop, routing,
 * destination-options and atomic fragment headers), as a NIC would for a
 * frame sent with NETTXF_csum_blank: the checksum is computed over the
 * pseudo-header and the whole transport segment, whatever the field held.
 * Returns 0, or EINVAL if the frame is not a complete unfragmented TCP or
 * UDP datagram (then it is unchanged). */
int dp_xen_csum_complete(uint8_t *frame, size_t size);

#endif /* datapath/xen-backend.h */
