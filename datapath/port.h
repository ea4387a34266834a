/* datapath/port.h -- ports: where frames enter and leave the switch.  A port
 * is opened from a text spec ("tap:tap0", "afpacket:veth1", "pcap:eth0",
 * "pcap-file:in.pcap,out.pcap", "memory:m0") and is then driven through one
 * small interface whatever its kind: receive a batch, send a batch, poll its
 * file descriptor, read its counters, link state and description.  Each kind
 * lives in its own file behind a vtable (datapath/port-provider.h); this
 * header is all that the datapath and the daemon need.
 *
 * Threads: a port is owned by one thread (the datapath thread that polls
 * it), which alone calls dp_port_recv_batch() and dp_port_send_batch().  The
 * other functions (stats, link state, description, admin state) may be
 * called from another thread while the owner receives and sends, but not
 * concurrently with each other: the control side serialises them.
 * dp_port_open() and dp_port_close() are called while no other thread uses
 * the port. */
#ifndef DATAPATH_PORT_H
#define DATAPATH_PORT_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct dp_batch;
struct dp_packet;
struct dp_port; /* Opaque. */

/* Counters of one port, since it was opened.  rx_dropped counts frames lost
 * before the switch saw them (kernel ring or queue full, frames too large
 * for the receive path); tx_dropped counts frames the device would not
 * take (queue full, link down); *_errors count frames that failed for any
 * other reason (malformed, oversized for the MTU, I/O errors). */
struct dp_port_stats {
    uint64_t rx_packets, rx_bytes, rx_dropped, rx_errors;
    uint64_t tx_packets, tx_bytes, tx_dropped, tx_errors;
};

/* Link state: 'admin_up' is the device's administrative state (IFF_UP, what
 * OFPPC_PORT_DOWN controls), 'carrier' is whether the link is up
 * (IFF_LOWER_UP; OFPPS_LINK_DOWN is its negation). */
struct dp_port_link {
    bool admin_up;
    bool carrier;
};

/* Port features in OpenFlow terms (OF1.3.5 §7.2.1, struct ofp_port):
 * OFPPF_* bitmaps and speeds in kbit/s.  Zero means "unknown". */
struct dp_port_features {
    uint32_t curr, advertised, supported, peer;
    uint32_t curr_speed, max_speed;
};

/* Opens the port described by 'spec' ("KIND:ARG", without any "@N" suffix;
 * see dp_port_spec_split_number()).  On success stores a new port in
 * '*portp' (owned by the caller, freed with dp_port_close()) and returns 0.
 * On failure returns a positive errno, stores NULL in '*portp' and, if
 * 'errp' is nonnull, stores in '*errp' a message naming the spec and the
 * problem (owned by the caller, free()), e.g.
 * "port \"afpacket:eth9\": no such network interface".  A tap port creates its
 * device if it does not exist. */
int dp_port_open(const char *spec, struct dp_port **portp, char **errp);

/* Closes 'port' and frees it; a tap device that dp_port_open() created is
 * removed.  NULL is a no-op. */
void dp_port_close(struct dp_port *port);

/* Reads frames without blocking and appends them to 'batch' (at most 'max'
 * and never beyond DP_BATCH_SIZE).  The packets are owned by the batch; the
 * caller sets their in_port.  Returns the number of frames appended (0 when
 * none is waiting), or a negative errno when the port is broken for good
 * (its device was deleted): the caller should then stop polling its fd,
 * which may stay readable, and may close the port.
 *
 * A kind may have frames already taken from the kernel but not yet returned
 * (a segmented GSO frame, a partly read ring block) that do not make its fd
 * readable: as long as a call returns as many frames as it was allowed to,
 * the caller must call again before sleeping in poll(). */
int dp_port_recv_batch(struct dp_port *, struct dp_batch *, size_t max);

/* Transmits the frames of 'batch', in order, without blocking.  The batch is
 * not modified and its packets stay owned by the caller (so one packet can
 * be sent to several ports).  Frames the device does not take are dropped
 * and counted.  Returns 0 if every frame was sent, otherwise the positive
 * errno of the last failure. */
int dp_port_send_batch(struct dp_port *, const struct dp_batch *batch);

/* Returns a file descriptor that poll() reports readable (POLLIN) when
 * dp_port_recv_batch() may return frames (for pcap-file and memory ports,
 * an eventfd readable while frames are left).  Owned by the port. */
int dp_port_get_fd(const struct dp_port *);

/* Returns the port's name (an interface name, a file name, or the memory
 * port's name), borrowed until dp_port_close().  It may be longer than an
 * OpenFlow port name (15 bytes); callers truncate. */
const char *dp_port_get_name(const struct dp_port *);

/* Returns the port's kind ("tap", "afpacket", ...), a static string. */
const char *dp_port_get_kind(const struct dp_port *);

/* Stores the port's counters in '*stats'. */
void dp_port_get_stats(struct dp_port *, struct dp_port_stats *stats);

/* Stores the link state in '*link'.  Returns 0 or a positive errno (ENODEV
 * when the device has gone); '*link' is all false on failure. */
int dp_port_get_link(struct dp_port *, struct dp_port_link *link);

/* Stores the port's Ethernet address in 'mac'.  Returns 0 or a positive
 * errno.  Ports without a device report a stable locally administered
 * address derived from their spec. */
int dp_port_get_hw_addr(struct dp_port *, uint8_t mac[6]);

/* Sets the device's Ethernet address (tap ports; others return
 * EOPNOTSUPP). */
int dp_port_set_hw_addr(struct dp_port *, const uint8_t mac[6]);

/* Stores the device's MTU (bytes of L3 payload) in '*mtu'. */
int dp_port_get_mtu(struct dp_port *, int *mtu);

/* Stores the port's features and speeds in '*features' (all zero when the
 * device does not report them). */
int dp_port_get_features(struct dp_port *, struct dp_port_features *);

/* Brings the device administratively up or down (OFPPC_PORT_DOWN: down is
 * "ifdown").  Ports without a device remember the state and drop traffic in
 * both directions while down. */
int dp_port_set_admin_state(struct dp_port *, bool up);

/* Specs.
 *
 * SPEC is "KIND:ARG" with KIND one of "tap" (ARG: a device name, created or
 * attached), "afpacket" (an existing interface; the environment variable
 * OFSWITCH_AFPACKET_RING=v3 selects the TPACKET_V3 receive ring instead of
 * TPACKET_V2, see port-afpacket.c), "pcap" (an existing interface),
 * "pcap-file" (ARG: "IN[,OUT]", a pcap file to replay and one to write,
 * either may be empty but not both; IN cannot contain a comma), "memory"
 * (ARG: a name; for tests) and "xen" (see datapath/port-xen.h).  On the
 * command line a SPEC may be followed by "@N" to fix its OpenFlow port
 * number. */

/* Splits 'text' ("SPEC" or "SPEC@N") into a newly allocated SPEC in
 * '*specp' (owned by the caller) and the port number N in '*port_nop' (0
 * when there is no suffix).  The suffix is the text after the last '@' when
 * it is empty or only decimal digits; otherwise '@' is part of the spec
 * (interface names may contain it).  N must be 1...0xffffff00 (OFPP_MAX).
 * Returns 0, or EINVAL with a message in '*errp' (if nonnull, owned by the
 * caller) and '*specp' NULL. */
int dp_port_spec_split_number(const char *text, char **specp,
                              uint32_t *port_nop, char **errp);

/* Checks the syntax of 'spec' (a known kind, a well-formed argument)
 * without opening anything.  Returns 0, or EINVAL with a message in '*errp'
 * (if nonnull, owned by the caller). */
int dp_port_spec_check(const char *spec, char **errp);

/* Returns a one-line summary of the spec syntax of every kind, for --help
 * (a static string). */
const char *dp_port_spec_usage(void);

/* Memory ports, for tests.  Frames injected with dp_port_memory_inject()
 * are returned by dp_port_recv_batch(); frames sent with
 * dp_port_send_batch() are kept in a queue read with
 * dp_port_memory_pop_sent().  These functions may be called from any thread
 * (the port locks its queues).  Called on a port of another kind they
 * return EINVAL, NULL or 0. */

/* Queues a copy of 'frame' (size bytes) for reception.  Returns 0, EINVAL
 * (not a memory port, or size 0 or over DP_PACKET_MAX_FRAME) or ENOBUFS
 * (the receive queue holds 4096 frames; the frame is counted as dropped). */
int dp_port_memory_inject(struct dp_port *, const void *frame, size_t size);

/* Removes and returns the oldest frame sent through the port (owned by the
 * caller, free with dp_packet_destroy()), or NULL if none. */
struct dp_packet *dp_port_memory_pop_sent(struct dp_port *);

/* Returns the number of sent frames waiting in the queue. */
size_t dp_port_memory_n_sent(struct dp_port *);

/* Sets the simulated carrier.  While it is down, as while the port is
 * administratively down, injected and sent frames are dropped. */
int dp_port_memory_set_carrier(struct dp_port *, bool carrier);

#endif /* datapath/port.h */
