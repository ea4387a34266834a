/* datapath/xen-ops.h -- the seam between the Xen netback
 * (datapath/xen-backend.c) and the three Xen libraries it needs: grant
 * tables (libxengnttab), event channels (libxenevtchn) and xenstore
 * (libxenstore).  The backend calls the libraries only through a 'struct
 * dp_xen_ops', so the same backend code runs against the real libraries
 * (datapath/xen-ops-real.c, in ofswitchd) and against an in-memory fake
 * hypervisor (tests/unit/xen-fake.c, in the unit tests and in a second link
 * of ofswitchd used by the integration test).  Which one a program gets is
 * decided at link time by dp_xen_ops_open(): both files define it, and a
 * program links exactly one of them.
 *
 * Each function mirrors one library call, with errors as positive errno
 * values instead of NULL/-1 and errno, and without blocking: pending event
 * channel ports and xenstore watch events are returned with EAGAIN when
 * there are none, so the caller polls the descriptors (evtchn_fd, xs_fd)
 * first.
 *
 * Threads: a handle is used by one thread at a time (the backend serialises
 * its calls); different handles are independent. */
#ifndef DATAPATH_XEN_OPS_H
#define DATAPATH_XEN_OPS_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The Xen public headers give the legacy (pre-3.2) interface unless told
 * otherwise; the ring and grant definitions used here are the current
 * ones.  This must come before the first Xen header is included. */
#ifndef __XEN_INTERFACE_VERSION__
#define __XEN_INTERFACE_VERSION__ __XEN_LATEST_INTERFACE_VERSION__
#endif

#include <xen/grant_table.h>
#include <xengnttab.h>

/* Handles, opaque: each implementation defines them. */
struct dp_xen_gnt;
struct dp_xen_evtchn;
struct dp_xen_xs;

/* The transaction id meaning "no transaction" (XBT_NULL). */
#define DP_XEN_XBT_NULL 0u

struct dp_xen_ops {
    const char *name; /* "xen" or "fake", for messages. */
    void *aux;        /* The implementation's own context. */

    /* Grant tables.  gnt_open() opens a handle that can map at most
     * 'max_maps' grants at a time.  gnt_map() maps one page granted by
     * 'domid' as 'ref' read-write and returns its address, or NULL with
     * errno set.  gnt_copy() performs 'n' copy segments in one call (one
     * hypercall with the real library); it returns 0 when the batch was
     * carried out, in which case each segment's 'status' says whether that
     * segment succeeded (GNTST_okay) or why not (GNTST_bad_gntref, ...),
     * or a positive errno when the call itself failed (no segment done). */
    int (*gnt_open)(const struct dp_xen_ops *, uint32_t max_maps,
                    struct dp_xen_gnt **);
    void (*gnt_close)(struct dp_xen_gnt *);
    void *(*gnt_map)(struct dp_xen_gnt *, uint32_t domid, uint32_t ref);
    int (*gnt_unmap)(struct dp_xen_gnt *, void *addr);
    int (*gnt_copy)(struct dp_xen_gnt *, xengnttab_grant_copy_segment_t *,
                    size_t n);

    /* Event channels.  evtchn_fd() is readable while a bound port of the
     * handle is pending.  evtchn_pending() returns one pending port in
     * '*portp' (which stays masked until evtchn_unmask()), or EAGAIN when
     * none is pending. */
    int (*evtchn_open)(const struct dp_xen_ops *, struct dp_xen_evtchn **);
    void (*evtchn_close)(struct dp_xen_evtchn *);
    int (*evtchn_fd)(struct dp_xen_evtchn *);
    int (*evtchn_bind)(struct dp_xen_evtchn *, uint32_t domid,
                       uint32_t remote_port, uint32_t *local_portp);
    int (*evtchn_unbind)(struct dp_xen_evtchn *, uint32_t port);
    int (*evtchn_notify)(struct dp_xen_evtchn *, uint32_t port);
    int (*evtchn_pending)(struct dp_xen_evtchn *, uint32_t *portp);
    int (*evtchn_unmask)(struct dp_xen_evtchn *, uint32_t port);

    /* Xenstore.  Paths not starting with '/' are relative to the caller's
     * domain (/local/domain/<own domid>/).  xs_read() stores the value,
     * NUL-terminated, in '*valuep' (owned by the caller, free()); it returns
     * ENOENT when the node does not exist.  xs_directory() stores the
     * names of the children in '*namesp' (one allocation holding the array
     * and the strings: free() it once) and their number in '*np'.
     * xs_read_watch() returns the next watch event (path and token, each
     * owned by the caller) or EAGAIN.  xs_transaction_end() returns
     * EAGAIN when the transaction must be retried. */
    int (*xs_open)(const struct dp_xen_ops *, struct dp_xen_xs **);
    void (*xs_close)(struct dp_xen_xs *);
    int (*xs_fd)(struct dp_xen_xs *);
    int (*xs_read)(struct dp_xen_xs *, uint32_t tx, const char *path,
                   char **valuep);
    int (*xs_write)(struct dp_xen_xs *, uint32_t tx, const char *path,
                    const char *value);
    int (*xs_rm)(struct dp_xen_xs *, uint32_t tx, const char *path);
    int (*xs_directory)(struct dp_xen_xs *, uint32_t tx, const char *path,
                        char ***namesp, size_t *np);
    int (*xs_watch)(struct dp_xen_xs *, const char *path, const char *token);
    int (*xs_unwatch)(struct dp_xen_xs *, const char *path, const char *token);
    int (*xs_read_watch)(struct dp_xen_xs *, char **pathp, char **tokenp);
    int (*xs_transaction_start)(struct dp_xen_xs *, uint32_t *txp);
    int (*xs_transaction_end)(struct dp_xen_xs *, uint32_t tx, bool abort);
};

/* Returns the implementation this program was linked with in '*opsp'
 * (release it with dp_xen_ops_close()) and 0, or a positive errno with a
 * message in '*errp' (owned by the caller) such as "Xen is not available
 * (no /dev/xen): ...".  The real implementation checks that the host can
 * reach the hypervisor; the fake attaches to the fake hypervisor named by
 * the environment (see tests/unit/xen-fake.h).  Any thread. */
int dp_xen_ops_open(const struct dp_xen_ops **opsp, char **errp);
void dp_xen_ops_close(const struct dp_xen_ops *);

#endif /* datapath/xen-ops.h */
