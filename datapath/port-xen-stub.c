/* datapath/port-xen-stub.c -- the "xen" port kind when ofswitch is built
 * without the Xen libraries (configure --with-xen=no, or no libxen-dev):
 * the kind stays registered so that a "xen:..." spec gets a message that
 * says what is missing instead of "unknown port kind", and the watcher
 * functions of port-xen.h exist so that the daemon links either way. */
#include <config.h>

#include "datapath/port-xen.h"

#include <errno.h>
#include <string.h>

#include "datapath/port-provider.h"
#include "util/xalloc.h"

#define XEN_MISSING                                                  \
    "Xen netback ports are not compiled in (configure found no Xen " \
    "libraries: install libxen-dev and reconfigure with --with-xen)"

bool
dp_port_xen_spec_is_auto(const char *spec)
{
    return !strcmp(spec, "xen:auto");
}

static int
dp_port_xen_check(const char *arg, char **errp)
{
    *errp = dp_port_errmsg(XEN_MISSING);
    return ENOTSUP;
}

static int
dp_port_xen_open(const char *arg, struct dp_port **portp, char **errp)
{
    *errp = dp_port_errmsg(XEN_MISSING);
    return ENOTSUP;
}

/* The remaining members are never called: no port of this kind opens. */

static void
dp_port_xen_close(struct dp_port *port)
{
}

static int
dp_port_xen_recv_batch(struct dp_port *port, struct dp_batch *batch,
                       size_t max)
{
    return -ENOTSUP;
}

static int
dp_port_xen_send_batch(struct dp_port *port, const struct dp_batch *batch)
{
    return ENOTSUP;
}

static int
dp_port_xen_get_fd(const struct dp_port *port)
{
    return -1;
}

static int
dp_port_xen_get_link(struct dp_port *port, struct dp_port_link *link)
{
    return ENOTSUP;
}

static int
dp_port_xen_get_hw_addr(struct dp_port *port, uint8_t mac[6])
{
    return ENOTSUP;
}

static int
dp_port_xen_get_mtu(struct dp_port *port, int *mtu)
{
    return ENOTSUP;
}

static int
dp_port_xen_get_features(struct dp_port *port, struct dp_port_features *f)
{
    return ENOTSUP;
}

static int
dp_port_xen_set_admin_state(struct dp_port *port, bool up)
{
    return ENOTSUP;
}

const struct dp_port_class dp_port_xen_class = {
    .kind = "xen",
    .usage = "xen:DOMID/DEVID, xen:auto",
    .check = dp_port_xen_check,
    .open = dp_port_xen_open,
    .close = dp_port_xen_close,
    .recv_batch = dp_port_xen_recv_batch,
    .send_batch = dp_port_xen_send_batch,
    .get_fd = dp_port_xen_get_fd,
    .get_link = dp_port_xen_get_link,
    .get_hw_addr = dp_port_xen_get_hw_addr,
    .get_mtu = dp_port_xen_get_mtu,
    .get_features = dp_port_xen_get_features,
    .set_admin_state = dp_port_xen_set_admin_state,
};

int
dp_xen_watch_create(struct dp_xen_watch **watchp, char **errp)
{
    *watchp = NULL;
    *errp = xstrdup(XEN_MISSING);
    return ENOTSUP;
}

void
dp_xen_watch_destroy(struct dp_xen_watch *w)
{
}

int
dp_xen_watch_get_fd(const struct dp_xen_watch *w)
{
    return -1;
}

int
dp_xen_watch_next(struct dp_xen_watch *w, struct dp_xen_watch_event *event)
{
    return 0;
}
