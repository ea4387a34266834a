/* datapath/port-provider.h -- the interface between datapath/port.c and the
 * port kinds (port-tap.c, port-afpacket.c, ...).  Only the kinds include
 * this header.  A kind embeds 'struct dp_port' as the first member of its
 * own port struct and fills a 'struct dp_port_class' (a constant table);
 * port.c dispatches every dp_port_*() call through it and keeps the part
 * that every kind shares (name, spec, counters). */
#ifndef DATAPATH_PORT_PROVIDER_H
#define DATAPATH_PORT_PROVIDER_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "datapath/port.h"

struct dp_batch;

/* The part of a port that every kind shares. */
struct dp_port {
    const struct dp_port_class *class;
    char *name; /* Owned. */
    char *spec; /* "kind:arg", owned. */

    /* Counters, written by the owner thread with dp_port_count() (atomic
     * adds, once per batch) and read by dp_port_get_stats() from any
     * thread. */
    struct dp_port_stats stats;
};

/* One port kind.  Every member is required unless marked optional.  The
 * threading rules of datapath/port.h apply. */
struct dp_port_class {
    const char *kind;  /* "tap": the spec prefix before ':'. */
    const char *usage; /* "tap:NAME": the spec syntax, for help texts. */

    /* Checks the syntax of 'arg' (the spec after "kind:") without opening
     * anything.  Returns 0, or EINVAL with a message without the spec in
     * '*errp' (e.g. "missing device name"). */
    int (*check)(const char *arg, char **errp);

    /* Opens a port for 'arg'.  On success stores a port allocated by the
     * kind in '*portp' with its 'class' and 'name' set (port.c sets 'spec'
     * and zeroes 'stats') and returns 0.  On failure frees everything,
     * returns a positive errno and stores a message without the spec in
     * '*errp' (e.g. "no such network interface"). */
    int (*open)(const char *arg, struct dp_port **portp, char **errp);

    /* Releases everything the kind owns, 'port->name' included, and frees
     * 'port' (but not 'port->spec', which port.c frees). */
    void (*close)(struct dp_port *port);

    /* As dp_port_recv_batch(), with 'max' already limited to the room left
     * in the batch (max >= 1). */
    int (*recv_batch)(struct dp_port *, struct dp_batch *, size_t max);

    /* As dp_port_send_batch(), with batch->n >= 1. */
    int (*send_batch)(struct dp_port *, const struct dp_batch *);

    int (*get_fd)(const struct dp_port *);

    /* Optional: adds counters that only the kind knows (kernel drops) to
     * '*stats', which already holds 'port->stats'. */
    void (*get_stats)(struct dp_port *, struct dp_port_stats *stats);

    int (*get_link)(struct dp_port *, struct dp_port_link *);
    int (*get_hw_addr)(struct dp_port *, uint8_t mac[6]);
    int (*set_hw_addr)(struct dp_port *, const uint8_t mac[6]); /* Opt. */
    int (*get_mtu)(struct dp_port *, int *mtu);
    int (*get_features)(struct dp_port *, struct dp_port_features *);
    int (*set_admin_state)(struct dp_port *, bool up);
};

extern const struct dp_port_class dp_port_tap_class;
extern const struct dp_port_class dp_port_afpacket_class;
extern const struct dp_port_class dp_port_pcap_class;
extern const struct dp_port_class dp_port_pcap_file_class;
extern const struct dp_port_class dp_port_memory_class;

/* Adds 'n' to 'counter' (a member of 'port->stats').  Only the thread that
 * owns the port writes counters; the add is atomic so that readers on other
 * threads never see a torn value. */
static inline void
dp_port_count(uint64_t *counter, uint64_t n)
{
    if (n) {
        __atomic_fetch_add(counter, n, __ATOMIC_RELAXED);
    }
}

/* Returns a message formatted like printf(), allocated (never NULL), for
 * the '*errp' of check() and open(). */
char *dp_port_errmsg(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

/* Checks that 'name' is a valid Linux interface name (1 to 15 bytes, not "."
 * or "..", no '/', ':' or white space).  Returns 0 or EINVAL with a message
 * in '*errp'. */
int dp_port_check_ifname(const char *name, char **errp);

/* Derives a stable locally administered unicast Ethernet address from
 * 'seed' (for ports without a device). */
void dp_port_make_hw_addr(const char *seed, uint8_t mac[6]);

#endif /* datapath/port-provider.h */
