/* datapath/xen-ops-real.c -- the seam of datapath/xen-ops.h implemented on
 * the real Xen libraries: libxengnttab, libxenevtchn and libxenstore (Debian
 * libxen-dev).  Compiled only when configure found them (HAVE_XEN).  This
 * file defines nothing but dp_xen_ops_open() and dp_xen_ops_close(), so a
 * program that links the fake implementation instead (a test, or the
 * integration build of ofswitchd) never pulls it out of libdatapath.a.
 *
 * None of this was run against a hypervisor during development: the
 * machines building ofswitch have no /dev/xen.  doc/xen.md lists what must
 * be checked on a real host. */
#include <config.h>

#include "datapath/xen-ops.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <xenevtchn.h>
#include <xengnttab.h>
#include <xenstore.h>

#include "util/xalloc.h"

struct dp_xen_gnt {
    xengnttab_handle *h;
};

struct dp_xen_evtchn {
    xenevtchn_handle *h;
    int fd;
};

struct dp_xen_xs {
    struct xs_handle *h;
};

/* Returns errno, or EIO if a library failed without setting it. */
static int
real_errno(void)
{
    return errno ? errno : EIO;
}

/* --- Grant tables. --- */

static int
real_gnt_open(const struct dp_xen_ops *ops, uint32_t max_maps,
              struct dp_xen_gnt **gntp)
{
    xengnttab_handle *h;

    *gntp = NULL;
    errno = 0;
    h = xengnttab_open(NULL, 0);
    if (!h) {
        return real_errno();
    }
    /* The backend maps only its two ring pages; packet data moves by
     * grant copy.  The limit must be set before the first mapping. */
    if (xengnttab_set_max_grants(h, max_maps) < 0) {
        int error = real_errno();
        xengnttab_close(h);
        return error;
    }
    *gntp = xzalloc(sizeof **gntp);
    (*gntp)->h = h;
    return 0;
}

static void
real_gnt_close(struct dp_xen_gnt *gnt)
{
    if (gnt) {
        xengnttab_close(gnt->h);
        free(gnt);
    }
}

static void *
real_gnt_map(struct dp_xen_gnt *gnt, uint32_t domid, uint32_t ref)
{
    errno = 0;
    void *p =
        xengnttab_map_grant_ref(gnt->h, domid, ref, PROT_READ | PROT_WRITE);
    if (!p && !errno) {
        errno = EIO;
    }
    return p;
}

static int
real_gnt_unmap(struct dp_xen_gnt *gnt, void *addr)
{
    errno = 0;
    return xengnttab_unmap(gnt->h, addr, 1) < 0 ? real_errno() : 0;
}

static int
real_gnt_copy(struct dp_xen_gnt *gnt, xengnttab_grant_copy_segment_t *segs,
              size_t n)
{
    if (n > UINT32_MAX) {
        return EINVAL;
    }
    errno = 0;
    return (xengnttab_grant_copy(gnt->h, (uint32_t)n, segs) < 0 ? real_errno()
                                                                : 0);
}

/* --- Event channels. --- */

static int
real_evtchn_open(const struct dp_xen_ops *ops, struct dp_xen_evtchn **evp)
{
    xenevtchn_handle *h;

    *evp = NULL;
    errno = 0;
    h = xenevtchn_open(NULL, 0);
    if (!h) {
        return real_errno();
    }
    *evp = xzalloc(sizeof **evp);
    (*evp)->h = h;
    (*evp)->fd = xenevtchn_fd(h);
    return 0;
}

static void
real_evtchn_close(struct dp_xen_evtchn *ev)
{
    if (ev) {
        xenevtchn_close(ev->h);
        free(ev);
    }
}

static int
real_evtchn_fd(struct dp_xen_evtchn *ev)
{
    return ev->fd;
}

static int
real_evtchn_bind(struct dp_xen_evtchn *ev, uint32_t domid,
                 uint32_t remote_port, uint32_t *local_portp)
{
    errno = 0;
    xenevtchn_port_or_error_t p =
        xenevtchn_bind_interdomain(ev->h, domid, remote_port);
    if (p < 0) {
        return real_errno();
    }
    *local_portp = (uint32_t)p;
    return 0;
}

static int
real_evtchn_unbind(struct dp_xen_evtchn *ev, uint32_t port)
{
    errno = 0;
    return xenevtchn_unbind(ev->h, port) < 0 ? real_errno() : 0;
}

static int
real_evtchn_notify(struct dp_xen_evtchn *ev, uint32_t port)
{
    errno = 0;
    return xenevtchn_notify(ev->h, port) < 0 ? real_errno() : 0;
}

static int
real_evtchn_pending(struct dp_xen_evtchn *ev, uint32_t *portp)
{
    /* libxenevtchn documents that O_NONBLOCK on its descriptor may not be
     * honoured, so xenevtchn_pending() is called only once poll() says a
     * port is waiting. */
    struct pollfd pfd = { ev->fd, POLLIN, 0 };
    int n = poll(&pfd, 1, 0);

    if (n < 0) {
        return errno;
    }
    if (n == 0 || !(pfd.revents & POLLIN)) {
        return EAGAIN;
    }
    errno = 0;
    xenevtchn_port_or_error_t p = xenevtchn_pending(ev->h);
    if (p < 0) {
        return real_errno();
    }
    *portp = (uint32_t)p;
    return 0;
}

static int
real_evtchn_unmask(struct dp_xen_evtchn *ev, uint32_t port)
{
    errno = 0;
    return xenevtchn_unmask(ev->h, port) < 0 ? real_errno() : 0;
}

/* --- Xenstore. --- */

static int
real_xs_open(const struct dp_xen_ops *ops, struct dp_xen_xs **xsp)
{
    struct xs_handle *h;

    *xsp = NULL;
    errno = 0;
    h = xs_open(0);
    if (!h) {
        return real_errno();
    }
    *xsp = xzalloc(sizeof **xsp);
    (*xsp)->h = h;
    return 0;
}

static void
real_xs_close(struct dp_xen_xs *xs)
{
    if (xs) {
        xs_close(xs->h);
        free(xs);
    }
}

static int
real_xs_fd(struct dp_xen_xs *xs)
{
    return xs_fileno(xs->h);
}

static int
real_xs_read(struct dp_xen_xs *xs, uint32_t tx, const char *path,
             char **valuep)
{
    unsigned int len;
    char *v;

    *valuep = NULL;
    errno = 0;
    v = xs_read(xs->h, tx, path, &len);
    if (!v) {
        return real_errno();
    }
    /* xs_read() NUL-terminates; a value with an embedded NUL is cut there,
     * which only makes a malformed value fail to parse. */
    *valuep = v;
    return 0;
}

static int
real_xs_write(struct dp_xen_xs *xs, uint32_t tx, const char *path,
              const char *value)
{
    errno = 0;
    return (xs_write(xs->h, tx, path, value, (unsigned int)strlen(value))
                ? 0
                : real_errno());
}

static int
real_xs_rm(struct dp_xen_xs *xs, uint32_t tx, const char *path)
{
    errno = 0;
    return xs_rm(xs->h, tx, path) ? 0 : real_errno();
}

static int
real_xs_directory(struct dp_xen_xs *xs, uint32_t tx, const char *path,
                  char ***namesp, size_t *np)
{
    unsigned int n;
    char **names;

    *namesp = NULL;
    *np = 0;
    errno = 0;
    names = xs_directory(xs->h, tx, path, &n);
    if (!names) {
        return real_errno();
    }
    /* libxenstore returns one allocation holding the array and the
     * strings, which is this seam's contract too. */
    *namesp = names;
    *np = n;
    return 0;
}

static int
real_xs_watch(struct dp_xen_xs *xs, const char *path, const char *token)
{
    errno = 0;
    return xs_watch(xs->h, path, token) ? 0 : real_errno();
}

static int
real_xs_unwatch(struct dp_xen_xs *xs, const char *path, const char *token)
{
    errno = 0;
    return xs_unwatch(xs->h, path, token) ? 0 : real_errno();
}

static int
real_xs_read_watch(struct dp_xen_xs *xs, char **pathp, char **tokenp)
{
    char **vec;

    *pathp = *tokenp = NULL;
    errno = 0;
    vec = xs_check_watch(xs->h);
    if (!vec) {
        return errno ? errno : EAGAIN;
    }
    *pathp = xstrdup(vec[XS_WATCH_PATH]);
    *tokenp = xstrdup(vec[XS_WATCH_TOKEN]);
    free(vec);
    return 0;
}

static int
real_xs_transaction_start(struct dp_xen_xs *xs, uint32_t *txp)
{
    errno = 0;
    xs_transaction_t t = xs_transaction_start(xs->h);
    if (t == XBT_NULL) {
        return real_errno();
    }
    *txp = t;
    return 0;
}

static int
real_xs_transaction_end(struct dp_xen_xs *xs, uint32_t tx, bool abort)
{
    errno = 0;
    return xs_transaction_end(xs->h, tx, abort) ? 0 : real_errno();
}

static const struct dp_xen_ops dp_xen_real_ops = {
    .name = "xen",
    .aux = NULL,
    .gnt_open = real_gnt_open,
    .gnt_close = real_gnt_close,
    .gnt_map = real_gnt_map,
    .gnt_unmap = real_gnt_unmap,
    .gnt_copy = real_gnt_copy,
    .evtchn_open = real_evtchn_open,
    .evtchn_close = real_evtchn_close,
    .evtchn_fd = real_evtchn_fd,
    .evtchn_bind = real_evtchn_bind,
    .evtchn_unbind = real_evtchn_unbind,
    .evtchn_notify = real_evtchn_notify,
    .evtchn_pending = real_evtchn_pending,
    .evtchn_unmask = real_evtchn_unmask,
    .xs_open = real_xs_open,
    .xs_close = real_xs_close,
    .xs_fd = real_xs_fd,
    .xs_read = real_xs_read,
    .xs_write = real_xs_write,
    .xs_rm = real_xs_rm,
    .xs_directory = real_xs_directory,
    .xs_watch = real_xs_watch,
    .xs_unwatch = real_xs_unwatch,
    .xs_read_watch = real_xs_read_watch,
    .xs_transaction_start = real_xs_transaction_start,
    .xs_transaction_end = real_xs_transaction_end,
};

int
dp_xen_ops_open(const struct dp_xen_ops **opsp, char **errp)
{
    *opsp = NULL;
    *errp = NULL;
    /* Checked first so that a host without Xen gets one clear sentence
     * instead of the libraries' own complaints on stderr. */
    if (access("/dev/xen", F_OK) < 0) {
        int error = errno;
        *errp = xasprintf("Xen is not available (no /dev/xen): this host "
                          "is not a Xen domain 0 or driver domain, or the "
                          "xen-evtchn and xen-gntdev drivers are not "
                          "loaded (%s)",
                          strerror(error));
        return error == ENOENT ? ENODEV : error;
    }
    *opsp = &dp_xen_real_ops;
    return 0;
}

void
dp_xen_ops_close(const struct dp_xen_ops *ops)
{
    /* The real implementation is a constant table. */
}
