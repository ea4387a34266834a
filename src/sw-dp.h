/* src/sw-dp.h -- the running datapath of ofswitchd: the ports, the OpenFlow
 * pipeline, the MAC learning table behind OFPP_NORMAL, and the datapath
 * thread(s) that move frames.
 *
 * Threads and locking.  Datapath threads sleep in poll() on the file
 * descriptors of the ports they own, read a batch of up to 32 frames, and
 * run it through the pipeline while holding the datapath lock; the lock is
 * taken once per batch, never per packet.  The control thread takes the
 * same lock to apply controller requests (flow_mod, group_mod, stats, ...)
 * and releases it before any socket I/O, so a slow controller never blocks
 * a datapath thread for longer than one request takes to apply.  Events
 * the pipeline queues (packet-ins, flow-removed) are announced to the
 * control thread through an eventfd ('notify_fd'), which it drains under
 * the lock.  With one datapath thread (the default) port receive runs
 * outside the lock; with several, a port is owned by one thread but may be
 * written by another inside the lock, so the kinds keep their receive and
 * transmit state apart. */
#ifndef SRC_SW_DP_H
#define SRC_SW_DP_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "datapath/pipeline.h"
#include "datapath/port.h"

struct mac_learning;
struct sw_dp;

struct sw_dp_config {
    struct dp_pipeline_config pipeline;
    unsigned int n_threads;
    bool standalone_normal; /* Initial: table misses go to NORMAL. */
};

/* One port as the control side sees it. */
struct sw_port {
    uint32_t port_no;
    char *spec;
    struct dp_port *dev;
    char name[16]; /* OpenFlow name (truncated device name). */
    uint8_t hw_addr[6];
    uint32_t config;     /* OFPPC_* (PORT_DOWN mirrors the device). */
    uint32_t state;      /* OFPPS_*, from the last link poll. */
    uint64_t added_ns;   /* For port-stats durations. */
    unsigned int thread; /* Owning datapath thread. */
    bool dead;           /* Device vanished; no longer polled. */
};

struct sw_dp *sw_dp_create(const struct sw_dp_config *);
/* Stops the threads, closes every port (removing created taps) and frees
 * everything.  NULL is a no-op. */
void sw_dp_destroy(struct sw_dp *);
/* Starts the datapath threads.  Returns 0 or a positive errno. */
int sw_dp_start(struct sw_dp *);

/* Takes / releases the datapath lock (control thread). */
void sw_dp_lock(struct sw_dp *);
void sw_dp_unlock(struct sw_dp *);
/* The pipeline: only with the lock held. */
struct dp_pipeline *sw_dp_pipeline(struct sw_dp *);
struct mac_learning *sw_dp_mac_learning(struct sw_dp *);

/* Readable when the pipeline has queued events; read it (8 bytes) then
 * drain the events under the lock. */
int sw_dp_notify_fd(const struct sw_dp *);
void sw_dp_notify_clear(struct sw_dp *);

/* Opens 'spec' as port 'port_no' (0: the lowest free number) and starts
 * polling it.  Takes the lock itself.  Returns 0 and the number in
 * '*port_nop', or a positive errno with a message in '*errp'. */
int sw_dp_port_add(struct sw_dp *, const char *spec, uint32_t port_no,
                   uint32_t *port_nop, char **errp);
/* Removes a port (closing its device).  Takes the lock itself.  Returns 0
 * or ENOENT. */
int sw_dp_port_del(struct sw_dp *, uint32_t port_no);

/* Ports, sorted by number (LOCAL last).  The array and the ports are
 * borrowed until the next port add or delete; control thread only. */
struct sw_port **sw_dp_ports(struct sw_dp *, size_t *n);
struct sw_port *sw_dp_port_find(struct sw_dp *, uint32_t port_no);

/* Whether table misses go to NORMAL (standalone fail mode with no
 * controller).  Takes the lock itself. */
void sw_dp_set_standalone(struct sw_dp *, bool);

/* Monotonic time in nanoseconds, the pipeline's clock. */
uint64_t sw_dp_now(void);

#endif /* src/sw-dp.h */
