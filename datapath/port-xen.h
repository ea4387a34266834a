/* datapath/port-xen.h -- Xen guests' virtual NICs as ports: the "xen" port
 * kind and the vif watcher behind "xen:auto".
 *
 * "xen:DOMID/DEVID" is vif DEVID of guest domain DOMID, served by this
 * process as its network backend (datapath/xen-backend.h): opened with
 * dp_port_open() like any port, named "vif<DOMID>.<DEVID>", link up while
 * the guest's netfront is connected.  Opening it needs /dev/xen and a vif
 * that the toolstack created for this backend domain; without /dev/xen it
 * fails with "Xen is not available (no /dev/xen): ...".  When the guest
 * goes away (the toolstack removes the vif), dp_port_recv_batch() returns
 * -ENODEV, as for a deleted network device.
 *
 * "xen:auto" is not a port but a request to follow the toolstack: the
 * daemon creates one 'struct dp_xen_watch' for it and adds and removes a
 * "xen:DOMID/DEVID" port for every vif as guests boot and go (domain ids
 * change at every boot, so fixed specs only suit fixed guests).
 * dp_port_spec_check() accepts "xen:auto"; dp_port_open() refuses it.
 *
 * How the daemon uses the watcher, from its control thread (libevent):
 *
 *     struct dp_xen_watch *w;
 *     if (dp_xen_watch_create(&w, &err)) { fail start-up with 'err' }
 *     event_new(base, dp_xen_watch_get_fd(w), EV_READ | EV_PERSIST, cb, ..)
 *     cb: struct dp_xen_watch_event e;
 *         while (dp_xen_watch_next(w, &e) > 0) {
 *             if (e.added) { sw_dp_port_add(e.spec); PORT_STATUS ADD }
 *             else { the port whose spec is e.spec: delete; PORT_STATUS
 *                    DELETE }
 *         }
 *
 * The descriptor is readable right after creation: the first calls report
 * every vif that already exists.  A port that dp_port_open() fails to open
 * (the vif vanished in between) is simply not added; its removal event
 * comes later and finds no port.
 *
 * Without the Xen libraries (configure --with-xen=no, or no libxen-dev)
 * the kind is still registered, so that a spec gets a clear "not compiled
 * in" message, and the watcher functions fail the same way. */
#ifndef DATAPATH_PORT_XEN_H
#define DATAPATH_PORT_XEN_H 1

#include <stdbool.h>
#include <stdint.h>

struct dp_port_class;
struct dp_xen_watch; /* Opaque. */

extern const struct dp_port_class dp_port_xen_class;

/* Whether 'spec' is "xen:auto". */
bool dp_port_xen_spec_is_auto(const char *spec);

/* Creates a watcher of the vifs that the toolstack creates for this
 * backend domain (/local/domain/<own domid>/backend/vif).  Returns 0 and
 * the watcher in '*watchp' (owned by the caller), or a positive errno and
 * a message in '*errp' (owned by the caller): ENODEV "Xen is not available
 * (no /dev/xen): ..." on a host without Xen, ENOTSUP when Xen support is
 * not compiled in.  Control thread. */
int dp_xen_watch_create(struct dp_xen_watch **watchp, char **errp);

/* Frees the watcher (not the ports it announced).  NULL is a no-op. */
void dp_xen_watch_destroy(struct dp_xen_watch *);

/* Returns the descriptor that poll() reports readable when
 * dp_xen_watch_next() may have news.  Owned by the watcher. */
int dp_xen_watch_get_fd(const struct dp_xen_watch *);

/* One change: vif 'devid' of domain 'domid' appeared or went away. */
struct dp_xen_watch_event {
    bool added;
    uint32_t domid, devid;
    char spec[32]; /* "xen:DOMID/DEVID", the spec of its port. */
};

/* Reads what xenstore reported and stores the next change in '*event'.
 * Returns 1 when it stored one, 0 when there is none left (until the
 * descriptor is readable again).  Control thread. */
int dp_xen_watch_next(struct dp_xen_watch *, struct dp_xen_watch_event *);

#endif /* datapath/port-xen.h */
