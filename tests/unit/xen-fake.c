/* tests/unit/xen-fake.c -- the fake hypervisor of xen-fake.h.
 *
 * Layout of the shared file "hv": a 'struct xf_shared' (every table, under
 * one process-shared robust mutex), then XEN_FAKE_PAGES pages of guest
 * memory.  Grants name pages by index, so each attachment translates to
 * its own mapping of the file.  Each event channel or xenstore handle
 * owns a named pipe "h<N>" in the directory: it is the handle's
 * descriptor, and any attachment wakes it by writing a byte.  The
 * pending ports and queued watch events themselves live in the shared
 * tables, changed under the mutex, so a wakeup is never lost: a reader
 * drains its pipe before it looks, and a writer changes the tables before
 * it writes to the pipe. */
#include <config.h>

#include "tests/unit/xen-fake.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/xalloc.h"

#define XF_MAGIC 0x58454e46u /* "XENF" */
#define XF_PAGE 4096
#define XF_GRANTS 4096
#define XF_FIRST_GREF 8
#define XF_EVTCHNS 128
#define XF_NODES 1024
#define XF_PATH 128
#define XF_VALUE 128
#define XF_TOKEN 32
#define XF_HANDLES 64
#define XF_WATCHES 128
#define XF_QUEUE 64
#define XF_MUTATIONS 8

struct xf_grant {
    uint8_t used, readonly;
    uint16_t owner, grantee;
    uint32_t page;
    uint32_t maps;
};

enum { XF_EV_FREE, XF_EV_UNBOUND, XF_EV_BOUND };

struct xf_evtchn {
    uint8_t state;
    uint8_t pending, masked, delivered;
    uint16_t domid, remote_domid;
    uint32_t port, remote_port;
    uint32_t handle;
    uint64_t notifies;
};

struct xf_node {
    uint8_t used;
    char path[XF_PATH];
    char value[XF_VALUE];
};

struct xf_watch {
    uint8_t used;
    uint32_t handle;
    char path[XF_PATH];
    char token[XF_TOKEN];
};

struct xf_event {
    char path[XF_PATH];
    char token[XF_TOKEN];
};

struct xf_handle {
    uint8_t used;
    uint16_t domid;
    uint32_t head, n;
    struct xf_event queue[XF_QUEUE];
};

struct xf_mutation {
    uint8_t used;
    uint8_t len;
    uint16_t domid;
    uint64_t offset; /* In the page pool. */
    uint8_t bytes[32];
};

struct xf_shared {
    uint32_t magic;
    pthread_mutex_t lock;
    uint32_t fail_commits, fail_maps;
    int32_t broken_xs_domid; /* -1, or a domain whose watch reads fail. */
    uint32_t next_tx;
    uint64_t copy_calls, copy_segs;
    uint8_t page_used[XEN_FAKE_PAGES];
    struct xf_grant grants[XF_GRANTS];
    struct xf_evtchn evtchns[XF_EVTCHNS];
    struct xf_node nodes[XF_NODES];
    struct xf_watch watches[XF_WATCHES];
    struct xf_handle handles[XF_HANDLES];
    struct xf_mutation mutations[XF_MUTATIONS];
};

#define XF_HDR_SIZE \
    ((sizeof(struct xf_shared) + XF_PAGE - 1) / XF_PAGE * XF_PAGE)
#define XF_FILE_SIZE (XF_HDR_SIZE + (size_t)XEN_FAKE_PAGES * XF_PAGE)

struct xen_fake {
    char *dir;
    uint16_t domid;
    struct xf_shared *sh;
    uint8_t *pool;
    struct dp_xen_ops ops;
};

struct dp_xen_gnt {
    struct xen_fake *f;
    uint32_t max_maps, n_maps;
};

struct dp_xen_evtchn {
    struct xen_fake *f;
    uint32_t h;
    int fd;
};

struct dp_xen_xs {
    struct xen_fake *f;
    uint32_t h;
    int fd;
};

static const struct dp_xen_ops xf_ops_template;

/* --- Plumbing. --- */

static void
xf_lock(struct xen_fake *f)
{
    int error = pthread_mutex_lock(&f->sh->lock);
    if (error == EOWNERDEAD) {
        /* A process died holding the lock; the tables are still usable
         * (every update is a few stores). */
        pthread_mutex_consistent(&f->sh->lock);
    }
}

static void
xf_unlock(struct xen_fake *f)
{
    pthread_mutex_unlock(&f->sh->lock);
}

static char *
xf_pipe_path(const struct xen_fake *f, uint32_t h)
{
    return xasprintf("%s/h%" PRIu32, f->dir, h);
}

/* Wakes handle 'h' (any attachment, any process). */
static void
xf_signal(struct xen_fake *f, uint32_t h)
{
    char *path = xf_pipe_path(f, h);
    int fd = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
    free(path);
    if (fd >= 0) {
        /* A full pipe is readable already. */
        if (write(fd, "x", 1) < 0) {
        }
        close(fd);
    }
}

static void
xf_drain(int fd)
{
    char buf[64];
    while (read(fd, buf, sizeof buf) > 0) {
    }
}

/* Allocates a handle slot and its pipe, opened for reading. */
static int
xf_handle_open(struct xen_fake *f, uint32_t *hp, int *fdp)
{
    uint32_t h;
    char *path;
    int fd;

    xf_lock(f);
    for (h = 0; h < XF_HANDLES && f->sh->handles[h].used; h++) {
    }
    if (h == XF_HANDLES) {
        xf_unlock(f);
        return EMFILE;
    }
    memset(&f->sh->handles[h], 0, sizeof f->sh->handles[h]);
    f->sh->handles[h].used = 1;
    f->sh->handles[h].domid = f->domid;
    path = xf_pipe_path(f, h);
    unlink(path);
    if (mkfifo(path, 0600) < 0) {
        int error = errno;
        f->sh->handles[h].used = 0;
        xf_unlock(f);
        free(path);
        return error;
    }
    /* O_RDWR: the pipe always has a reader, so writers never block or
     * fail, and a reader never sees end-of-file. */
    fd = open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC);
    free(path);
    if (fd < 0) {
        int error = errno;
        f->sh->handles[h].used = 0;
        xf_unlock(f);
        return error;
    }
    xf_unlock(f);
    *hp = h;
    *fdp = fd;
    return 0;
}

static void
xf_handle_close(struct xen_fake *f, uint32_t h, int fd)
{
    char *path = xf_pipe_path(f, h);

    xf_lock(f);
    for (size_t i = 0; i < XF_WATCHES; i++) {
        if (f->sh->watches[i].used && f->sh->watches[i].handle == h) {
            f->sh->watches[i].used = 0;
        }
    }
    f->sh->handles[h].used = 0;
    xf_unlock(f);
    close(fd);
    unlink(path);
    free(path);
}

/* --- Setup. --- */

int
xen_fake_create(const char *dir)
{
    char *path = xasprintf("%s/hv", dir);
    pthread_mutexattr_t attr;
    struct xf_shared *sh;
    int fd, error = 0;

    fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    free(path);
    if (fd < 0) {
        return errno;
    }
    if (ftruncate(fd, (off_t)XF_FILE_SIZE) < 0) {
        error = errno;
        close(fd);
        return error;
    }
    sh = mmap(NULL, XF_HDR_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    close(fd);
    if (sh == MAP_FAILED) {
        return errno;
    }
    pthread_mutexattr_init(&attr);
    pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
    pthread_mutexattr_setrobust(&attr, PTHREAD_MUTEX_ROBUST);
    pthread_mutex_init(&sh->lock, &attr);
    pthread_mutexattr_destroy(&attr);
    sh->next_tx = 1;
    sh->broken_xs_domid = -1;
    __atomic_store_n(&sh->magic, XF_MAGIC, __ATOMIC_RELEASE);
    munmap(sh, XF_HDR_SIZE);
    return 0;
}

void
xen_fake_remove(const char *dir)
{
    char *path = xasprintf("%s/hv", dir);
    unlink(path);
    free(path);
    for (uint32_t h = 0; h < XF_HANDLES; h++) {
        path = xasprintf("%s/h%" PRIu32, dir, h);
        unlink(path);
        free(path);
    }
    rmdir(dir);
}

struct xen_fake *
xen_fake_attach(const char *dir, uint16_t domid)
{
    char *path = xasprintf("%s/hv", dir);
    struct xen_fake *f;
    struct stat st;
    void *base;
    int fd;

    fd = open(path, O_RDWR | O_CLOEXEC);
    free(path);
    if (fd < 0) {
        return NULL;
    }
    if (fstat(fd, &st) < 0 || (size_t)st.st_size != XF_FILE_SIZE) {
        close(fd);
        errno = EINVAL;
        return NULL;
    }
    base = mmap(NULL, XF_FILE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    close(fd);
    if (base == MAP_FAILED) {
        return NULL;
    }
    f = xzalloc(sizeof *f);
    f->dir = xstrdup(dir);
    f->domid = domid;
    f->sh = base;
    f->pool = (uint8_t *)base + XF_HDR_SIZE;
    if (__atomic_load_n(&f->sh->magic, __ATOMIC_ACQUIRE) != XF_MAGIC) {
        munmap(base, XF_FILE_SIZE);
        free(f->dir);
        free(f);
        errno = EINVAL;
        return NULL;
    }
    f->ops = xf_ops_template;
    f->ops.aux = f;
    return f;
}

void
xen_fake_detach(struct xen_fake *f)
{
    if (f) {
        munmap(f->sh, XF_FILE_SIZE);
        free(f->dir);
        free(f);
    }
}

const struct dp_xen_ops *
xen_fake_ops(struct xen_fake *f)
{
    return &f->ops;
}

uint16_t
xen_fake_domid(const struct xen_fake *f)
{
    return f->domid;
}

/* --- Guest memory and grants. --- */

void *
xen_fake_page_alloc(struct xen_fake *f)
{
    void *page = NULL;

    xf_lock(f);
    for (size_t i = 0; i < XEN_FAKE_PAGES; i++) {
        if (!f->sh->page_used[i]) {
            f->sh->page_used[i] = 1;
            page = f->pool + i * XF_PAGE;
            memset(page, 0, XF_PAGE);
            break;
        }
    }
    xf_unlock(f);
    return page;
}

/* Returns the pool index of 'p' (anywhere inside a page) or -1. */
static long
xf_page_index(const struct xen_fake *f, const void *p)
{
    const uint8_t *b = p;
    if (b < f->pool || b >= f->pool + (size_t)XEN_FAKE_PAGES * XF_PAGE) {
        return -1;
    }
    return (long)((size_t)(b - f->pool) / XF_PAGE);
}

void
xen_fake_page_free(struct xen_fake *f, void *page)
{
    long i = xf_page_index(f, page);
    if (i >= 0) {
        xf_lock(f);
        f->sh->page_used[i] = 0;
        xf_unlock(f);
    }
}

uint32_t
xen_fake_grant(struct xen_fake *f, void *page, uint16_t grantee, bool readonly)
{
    long pi = xf_page_index(f, page);
    uint32_t ref = 0;

    if (pi < 0) {
        return 0;
    }
    xf_lock(f);
    for (uint32_t r = XF_FIRST_GREF; r < XF_GRANTS; r++) {
        struct xf_grant *g = &f->sh->grants[r];
        if (!g->used) {
            memset(g, 0, sizeof *g);
            g->used = 1;
            g->readonly = readonly;
            g->owner = f->domid;
            g->grantee = grantee;
            g->page = (uint32_t)pi;
            ref = r;
            break;
        }
    }
    xf_unlock(f);
    return ref;
}

int
xen_fake_ungrant(struct xen_fake *f, uint32_t ref)
{
    int error = 0;

    if (ref >= XF_GRANTS) {
        return EINVAL;
    }
    xf_lock(f);
    struct xf_grant *g = &f->sh->grants[ref];
    if (!g->used || g->owner != f->domid) {
        error = EINVAL;
    } else if (g->maps) {
        error = EBUSY;
    } else {
        g->used = 0;
    }
    xf_unlock(f);
    return error;
}

unsigned int
xen_fake_n_mapped(struct xen_fake *f)
{
    unsigned int n = 0;

    xf_lock(f);
    for (size_t r = 0; r < XF_GRANTS; r++) {
        if (f->sh->grants[r].used && f->sh->grants[r].owner == f->domid) {
            n += f->sh->grants[r].maps;
        }
    }
    xf_unlock(f);
    return n;
}

static int
xf_gnt_open(const struct dp_xen_ops *ops, uint32_t max_maps,
            struct dp_xen_gnt **gntp)
{
    *gntp = xzalloc(sizeof **gntp);
    (*gntp)->f = ops->aux;
    (*gntp)->max_maps = max_maps;
    return 0;
}

static void
xf_gnt_close(struct dp_xen_gnt *gnt)
{
    /* The backend must have unmapped everything; the tests check it with
     * xen_fake_n_mapped(). */
    free(gnt);
}

/* Looks up grant 'ref' of 'domid' for use by this domain.  Returns the
 * grant or NULL.  Called with the lock held. */
static struct xf_grant *
xf_grant_lookup(struct xen_fake *f, uint32_t domid, uint32_t ref)
{
    struct xf_grant *g;

    if (ref >= XF_GRANTS) {
        return NULL;
    }
    g = &f->sh->grants[ref];
    if (!g->used || g->owner != domid || g->grantee != f->domid) {
        return NULL;
    }
    return g;
}

static void *
xf_gnt_map(struct dp_xen_gnt *gnt, uint32_t domid, uint32_t ref)
{
    struct xen_fake *f = gnt->f;
    struct xf_grant *g;
    void *p = NULL;

    xf_lock(f);
    if (f->sh->fail_maps) {
        f->sh->fail_maps--;
        errno = ENOMEM;
    } else if (gnt->n_maps >= gnt->max_maps) {
        errno = ENOSPC;
    } else if (!(g = xf_grant_lookup(f, domid, ref)) || g->readonly) {
        errno = EINVAL;
    } else {
        g->maps++;
        gnt->n_maps++;
        p = f->pool + (size_t)g->page * XF_PAGE;
    }
    xf_unlock(f);
    return p;
}

static int
xf_gnt_unmap(struct dp_xen_gnt *gnt, void *addr)
{
    struct xen_fake *f = gnt->f;
    long pi = xf_page_index(f, addr);
    int error = EINVAL;

    xf_lock(f);
    for (size_t r = 0; pi >= 0 && r < XF_GRANTS; r++) {
        struct xf_grant *g = &f->sh->grants[r];
        if (g->used && g->page == (uint32_t)pi && g->maps &&
            g->grantee == f->domid) {
            g->maps--;
            gnt->n_maps--;
            error = 0;
            break;
        }
    }
    xf_unlock(f);
    return error;
}

/* Resolves one side of a copy segment.  Returns GNTST_okay and the address
 * in '*pp', or a GNTST_* error.  Called with the lock held. */
static int16_t
xf_copy_side(struct xen_fake *f, const union xengnttab_copy_ptr *ptr,
             bool gref, bool write, uint16_t len, uint8_t **pp)
{
    struct xf_grant *g;

    if (!gref) {
        *pp = ptr->virt;
        return GNTST_okay;
    }
    g = xf_grant_lookup(f, ptr->foreign.domid, ptr->foreign.ref);
    if (!g) {
        return GNTST_bad_gntref;
    }
    if (write && g->readonly) {
        return GNTST_permission_denied;
    }
    if (ptr->foreign.offset > XF_PAGE || len > XF_PAGE - ptr->foreign.offset) {
        return GNTST_bad_copy_arg;
    }
    *pp = f->pool + (size_t)g->page * XF_PAGE + ptr->foreign.offset;
    return GNTST_okay;
}

static int
xf_gnt_copy(struct dp_xen_gnt *gnt, xengnttab_grant_copy_segment_t *segs,
            size_t n)
{
    struct xen_fake *f = gnt->f;

    xf_lock(f);
    for (size_t i = 0; i < XF_MUTATIONS; i++) {
        struct xf_mutation *m = &f->sh->mutations[i];
        if (m->used && m->domid == f->domid) {
            memcpy(f->pool + m->offset, m->bytes, m->len);
            m->used = 0;
        }
    }
    f->sh->copy_calls++;
    f->sh->copy_segs += n;
    for (size_t i = 0; i < n; i++) {
        xengnttab_grant_copy_segment_t *s = &segs[i];
        uint8_t *src, *dst;

        s->status = xf_copy_side(f, &s->source, s->flags & GNTCOPY_source_gref,
                                 false, s->len, &src);
        if (s->status == GNTST_okay) {
            s->status = xf_copy_side(f, &s->dest, s->flags & GNTCOPY_dest_gref,
                                     true, s->len, &dst);
        }
        if (s->status == GNTST_okay && s->len) {
            memmove(dst, src, s->len);
        }
    }
    xf_unlock(f);
    return 0;
}

/* --- Event channels. --- */

static struct xf_evtchn *
xf_evtchn_find(struct xen_fake *f, uint16_t domid, uint32_t port)
{
    for (size_t i = 0; i < XF_EVTCHNS; i++) {
        struct xf_evtchn *e = &f->sh->evtchns[i];
        if (e->state != XF_EV_FREE && e->domid == domid && e->port == port) {
            return e;
        }
    }
    return NULL;
}

/* A free entry with this domain's next port number, or NULL. */
static struct xf_evtchn *
xf_evtchn_new(struct xen_fake *f, uint32_t h)
{
    struct xf_evtchn *e = NULL;
    uint32_t port = 1;

    for (size_t i = 0; i < XF_EVTCHNS; i++) {
        struct xf_evtchn *x = &f->sh->evtchns[i];
        if (x->state == XF_EV_FREE) {
            e = e ? e : x;
        } else if (x->domid == f->domid && x->port >= port) {
            port = x->port + 1;
        }
    }
    if (e) {
        memset(e, 0, sizeof *e);
        e->domid = f->domid;
        e->port = port;
        e->handle = h;
    }
    return e;
}

/* Delivers 'e': masks it and wakes its handle (what the evtchn driver
 * does on an upcall).  Called with the lock held. */
static void
xf_evtchn_deliver(struct xen_fake *f, struct xf_evtchn *e)
{
    e->masked = 1;
    e->delivered = 1;
    xf_signal(f, e->handle);
}

static int
xf_evtchn_open(const struct dp_xen_ops *ops, struct dp_xen_evtchn **evp)
{
    struct dp_xen_evtchn *ev = xzalloc(sizeof *ev);
    int error;

    ev->f = ops->aux;
    error = xf_handle_open(ev->f, &ev->h, &ev->fd);
    if (error) {
        free(ev);
        *evp = NULL;
        return error;
    }
    *evp = ev;
    return 0;
}

static void
xf_evtchn_close(struct dp_xen_evtchn *ev)
{
    struct xen_fake *f;

    if (!ev) {
        return;
    }
    f = ev->f;
    xf_lock(f);
    for (size_t i = 0; i < XF_EVTCHNS; i++) {
        struct xf_evtchn *e = &f->sh->evtchns[i];
        if (e->state != XF_EV_FREE && e->domid == f->domid &&
            e->handle == ev->h) {
            if (e->state == XF_EV_BOUND) {
                struct xf_evtchn *peer =
                    xf_evtchn_find(f, e->remote_domid, e->remote_port);
                if (peer) {
                    peer->state = XF_EV_UNBOUND;
                }
            }
            e->state = XF_EV_FREE;
        }
    }
    xf_unlock(f);
    xf_handle_close(f, ev->h, ev->fd);
    free(ev);
}

static int
xf_evtchn_fd(struct dp_xen_evtchn *ev)
{
    return ev->fd;
}

int
xen_fake_evtchn_alloc_unbound(struct dp_xen_evtchn *ev, uint16_t remote,
                              uint32_t *portp)
{
    struct xen_fake *f = ev->f;
    struct xf_evtchn *e;
    int error = 0;

    xf_lock(f);
    e = xf_evtchn_new(f, ev->h);
    if (!e) {
        error = ENOSPC;
    } else {
        e->state = XF_EV_UNBOUND;
        e->remote_domid = remote;
        *portp = e->port;
    }
    xf_unlock(f);
    return error;
}

static int
xf_evtchn_bind(struct dp_xen_evtchn *ev, uint32_t domid, uint32_t remote_port,
               uint32_t *local_portp)
{
    struct xen_fake *f = ev->f;
    struct xf_evtchn *r, *e;
    int error = 0;

    xf_lock(f);
    r = domid <= UINT16_MAX ? xf_evtchn_find(f, (uint16_t)domid, remote_port)
                            : NULL;
    if (!r || r->state != XF_EV_UNBOUND || r->remote_domid != f->domid) {
        error = EINVAL;
    } else if (!(e = xf_evtchn_new(f, ev->h))) {
        error = ENOSPC;
    } else {
        e->state = XF_EV_BOUND;
        e->remote_domid = r->domid;
        e->remote_port = r->port;
        r->state = XF_EV_BOUND;
        r->remote_domid = f->domid;
        r->remote_port = e->port;
        *local_portp = e->port;
    }
    xf_unlock(f);
    return error;
}

static int
xf_evtchn_unbind(struct dp_xen_evtchn *ev, uint32_t port)
{
    struct xen_fake *f = ev->f;
    struct xf_evtchn *e;
    int error = 0;

    xf_lock(f);
    e = xf_evtchn_find(f, f->domid, port);
    if (!e || e->handle != ev->h) {
        error = EINVAL;
    } else {
        if (e->state == XF_EV_BOUND) {
            struct xf_evtchn *peer =
                xf_evtchn_find(f, e->remote_domid, e->remote_port);
            if (peer) {
                /* As in Xen: the other end waits for a new binding. */
                peer->state = XF_EV_UNBOUND;
                peer->remote_domid = f->domid;
            }
        }
        e->state = XF_EV_FREE;
    }
    xf_unlock(f);
    return error;
}

static int
xf_evtchn_notify(struct dp_xen_evtchn *ev, uint32_t port)
{
    struct xen_fake *f = ev->f;
    struct xf_evtchn *e, *peer;
    int error = 0;

    xf_lock(f);
    e = xf_evtchn_find(f, f->domid, port);
    if (!e || e->handle != ev->h) {
        error = EINVAL;
    } else if (e->state == XF_EV_BOUND &&
               (peer = xf_evtchn_find(f, e->remote_domid, e->remote_port)) &&
               peer->state == XF_EV_BOUND) {
        peer->notifies++;
        peer->pending = 1;
        if (!peer->masked) {
            xf_evtchn_deliver(f, peer);
        }
    }
    xf_unlock(f);
    return error;
}

static int
xf_evtchn_pending(struct dp_xen_evtchn *ev, uint32_t *portp)
{
    struct xen_fake *f = ev->f;
    bool found = false, more = false;

    xf_lock(f);
    xf_drain(ev->fd);
    for (size_t i = 0; i < XF_EVTCHNS; i++) {
        struct xf_evtchn *e = &f->sh->evtchns[i];
        if (e->state == XF_EV_FREE || e->domid != f->domid ||
            e->handle != ev->h || !e->delivered) {
            continue;
        }
        if (found) {
            more = true;
            break;
        }
        e->delivered = 0;
        e->pending = 0;
        *portp = e->port;
        found = true;
    }
    if (more) {
        xf_signal(f, ev->h);
    }
    xf_unlock(f);
    return found ? 0 : EAGAIN;
}

static int
xf_evtchn_unmask(struct dp_xen_evtchn *ev, uint32_t port)
{
    struct xen_fake *f = ev->f;
    struct xf_evtchn *e;
    int error = 0;

    xf_lock(f);
    e = xf_evtchn_find(f, f->domid, port);
    if (!e || e->handle != ev->h) {
        error = EINVAL;
    } else {
        e->masked = 0;
        if (e->pending) {
            xf_evtchn_deliver(f, e);
        }
    }
    xf_unlock(f);
    return error;
}

uint64_t
xen_fake_evtchn_notifies(struct xen_fake *f, uint32_t port)
{
    struct xf_evtchn *e;
    uint64_t n;

    xf_lock(f);
    e = xf_evtchn_find(f, f->domid, port);
    n = e ? e->notifies : 0;
    xf_unlock(f);
    return n;
}

/* --- Xenstore. --- */

/* Makes 'path' absolute in 'out' (relative paths are in the caller's
 * domain).  Returns false if it does not fit. */
static bool
xf_abs_path(const struct xen_fake *f, const char *path, char out[XF_PATH])
{
    int n;

    if (path[0] == '/' || path[0] == '@') {
        n = snprintf(out, XF_PATH, "%s", path);
    } else {
        n = snprintf(out, XF_PATH, "/local/domain/%u/%s", f->domid, path);
    }
    return n > 0 && n < XF_PATH;
}

/* Whether 'path' is 'dir' or lies below it. */
static bool
xf_path_within(const char *path, const char *dir)
{
    size_t len = strlen(dir);
    return !strncmp(path, dir, len) && (!path[len] || path[len] == '/');
}

static struct xf_node *
xf_node_find(struct xen_fake *f, const char *path)
{
    for (size_t i = 0; i < XF_NODES; i++) {
        if (f->sh->nodes[i].used && !strcmp(f->sh->nodes[i].path, path)) {
            return &f->sh->nodes[i];
        }
    }
    return NULL;
}

/* Queues a watch event on handle 'h' and wakes it.  A full queue drops
 * the event, as a real watch queue limit would.  Called with the lock
 * held. */
static void
xf_queue_event(struct xen_fake *f, uint32_t h, const char *path,
               const char *token)
{
    struct xf_handle *hd = &f->sh->handles[h];

    if (!hd->used || hd->n == XF_QUEUE) {
        return;
    }
    struct xf_event *e = &hd->queue[(hd->head + hd->n) % XF_QUEUE];
    snprintf(e->path, sizeof e->path, "%s", path);
    snprintf(e->token, sizeof e->token, "%s", token);
    hd->n++;
    xf_signal(f, h);
}

/* Fires the watches on 'path' and its ancestors; with 'removed', also
 * those below it (reported with their own path, as xenstored does).
 * Called with the lock held. */
static void
xf_fire(struct xen_fake *f, const char *path, bool removed)
{
    for (size_t i = 0; i < XF_WATCHES; i++) {
        const struct xf_watch *w = &f->sh->watches[i];
        if (!w->used) {
            continue;
        }
        if (xf_path_within(path, w->path)) {
            xf_queue_event(f, w->handle, path, w->token);
        } else if (removed && xf_path_within(w->path, path)) {
            xf_queue_event(f, w->handle, w->path, w->token);
        }
    }
}

/* Creates or updates 'path' (and its missing ancestors, empty, as
 * xenstored does).  Called with the lock held. */
static int
xf_node_write(struct xen_fake *f, const char *path, const char *value)
{
    char anc[XF_PATH];

    if (strlen(value) >= XF_VALUE) {
        return E2BIG;
    }
    for (const char *p = strchr(path + 1, '/');; p = strchr(p + 1, '/')) {
        size_t len = p ? (size_t)(p - path) : strlen(path);
        struct xf_node *n;

        memcpy(anc, path, len);
        anc[len] = '\0';
        n = xf_node_find(f, anc);
        if (!n) {
            for (size_t i = 0; i < XF_NODES && !n; i++) {
                if (!f->sh->nodes[i].used) {
                    n = &f->sh->nodes[i];
                }
            }
            if (!n) {
                return ENOSPC;
            }
            n->used = 1;
            snprintf(n->path, sizeof n->path, "%s", anc);
            n->value[0] = '\0';
        }
        if (!p) {
            snprintf(n->value, sizeof n->value, "%s", value);
            break;
        }
    }
    xf_fire(f, path, false);
    return 0;
}

static int
xf_xs_open(const struct dp_xen_ops *ops, struct dp_xen_xs **xsp)
{
    struct dp_xen_xs *xs = xzalloc(sizeof *xs);
    int error;

    xs->f = ops->aux;
    error = xf_handle_open(xs->f, &xs->h, &xs->fd);
    if (error) {
        free(xs);
        *xsp = NULL;
        return error;
    }
    *xsp = xs;
    return 0;
}

static void
xf_xs_close(struct dp_xen_xs *xs)
{
    if (xs) {
        xf_handle_close(xs->f, xs->h, xs->fd);
        free(xs);
    }
}

static int
xf_xs_fd(struct dp_xen_xs *xs)
{
    return xs->fd;
}

static int
xf_xs_read(struct dp_xen_xs *xs, uint32_t tx, const char *path, char **valuep)
{
    struct xen_fake *f = xs->f;
    char abs[XF_PATH];
    struct xf_node *n;
    int error = 0;

    *valuep = NULL;
    if (!xf_abs_path(f, path, abs)) {
        return EINVAL;
    }
    xf_lock(f);
    n = xf_node_find(f, abs);
    if (!n) {
        error = ENOENT;
    } else {
        *valuep = xstrdup(n->value);
    }
    xf_unlock(f);
    return error;
}

static int
xf_xs_write(struct dp_xen_xs *xs, uint32_t tx, const char *path,
            const char *value)
{
    struct xen_fake *f = xs->f;
    char abs[XF_PATH];
    int error;

    if (!xf_abs_path(f, path, abs) || abs[0] != '/') {
        return EINVAL;
    }
    xf_lock(f);
    error = xf_node_write(f, abs, value);
    xf_unlock(f);
    return error;
}

static int
xf_xs_rm(struct dp_xen_xs *xs, uint32_t tx, const char *path)
{
    struct xen_fake *f = xs->f;
    char abs[XF_PATH];
    bool found = false;

    if (!xf_abs_path(f, path, abs) || abs[0] != '/') {
        return EINVAL;
    }
    xf_lock(f);
    for (size_t i = 0; i < XF_NODES; i++) {
        struct xf_node *n = &f->sh->nodes[i];
        if (n->used && xf_path_within(n->path, abs)) {
            n->used = 0;
            found = true;
        }
    }
    if (found) {
        xf_fire(f, abs, true);
    }
    xf_unlock(f);
    return found ? 0 : ENOENT;
}

static int
xf_name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
xf_xs_directory(struct dp_xen_xs *xs, uint32_t tx, const char *path,
                char ***namesp, size_t *np)
{
    struct xen_fake *f = xs->f;
    char abs[XF_PATH];
    const char *names[XF_NODES];
    size_t n = 0, bytes = 0, len;
    char **vec, *s;

    *namesp = NULL;
    *np = 0;
    if (!xf_abs_path(f, path, abs)) {
        return EINVAL;
    }
    len = strlen(abs);
    xf_lock(f);
    if (!xf_node_find(f, abs)) {
        xf_unlock(f);
        return ENOENT;
    }
    for (size_t i = 0; i < XF_NODES; i++) {
        const struct xf_node *nd = &f->sh->nodes[i];
        if (nd->used && !strncmp(nd->path, abs, len) && nd->path[len] == '/' &&
            !strchr(nd->path + len + 1, '/')) {
            names[n++] = nd->path + len + 1;
            bytes += strlen(nd->path + len + 1) + 1;
        }
    }
    /* One allocation: the array, then the strings (libxenstore's layout). */
    vec = xmalloc((n + 1) * sizeof *vec + bytes);
    s = (char *)(vec + n + 1);
    for (size_t i = 0; i < n; i++) {
        size_t l = strlen(names[i]) + 1;
        memcpy(s, names[i], l);
        vec[i] = s;
        s += l;
    }
    vec[n] = NULL;
    xf_unlock(f);
    qsort(vec, n, sizeof *vec, xf_name_cmp);
    *namesp = vec;
    *np = n;
    return 0;
}

static int
xf_xs_watch(struct dp_xen_xs *xs, const char *path, const char *token)
{
    struct xen_fake *f = xs->f;
    char abs[XF_PATH];
    int error = ENOSPC;

    if (!xf_abs_path(f, path, abs) || strlen(token) >= XF_TOKEN) {
        return EINVAL;
    }
    xf_lock(f);
    for (size_t i = 0; i < XF_WATCHES; i++) {
        struct xf_watch *w = &f->sh->watches[i];
        if (!w->used) {
            w->used = 1;
            w->handle = xs->h;
            snprintf(w->path, sizeof w->path, "%s", abs);
            snprintf(w->token, sizeof w->token, "%s", token);
            /* A new watch fires once at once. */
            xf_queue_event(f, xs->h, abs, token);
            error = 0;
            break;
        }
    }
    xf_unlock(f);
    return error;
}

static int
xf_xs_unwatch(struct dp_xen_xs *xs, const char *path, const char *token)
{
    struct xen_fake *f = xs->f;
    char abs[XF_PATH];
    int error = ENOENT;

    if (!xf_abs_path(f, path, abs)) {
        return EINVAL;
    }
    xf_lock(f);
    for (size_t i = 0; i < XF_WATCHES; i++) {
        struct xf_watch *w = &f->sh->watches[i];
        if (w->used && w->handle == xs->h && !strcmp(w->path, abs) &&
            !strcmp(w->token, token)) {
            w->used = 0;
            error = 0;
            break;
        }
    }
    xf_unlock(f);
    return error;
}

static int
xf_xs_read_watch(struct dp_xen_xs *xs, char **pathp, char **tokenp)
{
    struct xen_fake *f = xs->f;
    struct xf_handle *h;
    int error = EAGAIN;

    *pathp = *tokenp = NULL;
    xf_lock(f);
    if (f->sh->broken_xs_domid == f->domid) {
        xf_unlock(f);
        return EIO;
    }
    xf_drain(xs->fd);
    h = &f->sh->handles[xs->h];
    if (h->n) {
        struct xf_event *e = &h->queue[h->head];
        *pathp = xstrdup(e->path);
        *tokenp = xstrdup(e->token);
        h->head = (h->head + 1) % XF_QUEUE;
        h->n--;
        error = 0;
        if (h->n) {
            xf_signal(f, xs->h);
        }
    }
    xf_unlock(f);
    return error;
}

static int
xf_xs_transaction_start(struct dp_xen_xs *xs, uint32_t *txp)
{
    struct xen_fake *f = xs->f;

    xf_lock(f);
    *txp = f->sh->next_tx++;
    if (!f->sh->next_tx) {
        f->sh->next_tx = 1;
    }
    xf_unlock(f);
    return 0;
}

static int
xf_xs_transaction_end(struct dp_xen_xs *xs, uint32_t tx, bool abort)
{
    struct xen_fake *f = xs->f;
    int error = 0;

    /* Writes inside a transaction take effect at once here; a failed
     * commit only makes the caller write the same values again. */
    xf_lock(f);
    if (!abort && f->sh->fail_commits) {
        f->sh->fail_commits--;
        error = EAGAIN;
    }
    xf_unlock(f);
    return error;
}

void
xen_fake_xs_fire(struct xen_fake *f, const char *path)
{
    xf_lock(f);
    xf_fire(f, path, false);
    xf_unlock(f);
}

/* --- Failure injection and counters. --- */

void
xen_fake_fail_commits(struct xen_fake *f, unsigned int n)
{
    xf_lock(f);
    f->sh->fail_commits = n;
    xf_unlock(f);
}

void
xen_fake_break_xenstore(struct xen_fake *f, int domid)
{
    xf_lock(f);
    f->sh->broken_xs_domid = domid;
    xf_unlock(f);
}

void
xen_fake_fail_maps(struct xen_fake *f, unsigned int n)
{
    xf_lock(f);
    f->sh->fail_maps = n;
    xf_unlock(f);
}

int
xen_fake_on_copy_write(struct xen_fake *f, uint16_t domid, void *addr,
                       const void *bytes, size_t n)
{
    long pi = xf_page_index(f, addr);
    int error = ENOSPC;

    if (pi < 0 || n > 32 || !n) {
        return EINVAL;
    }
    xf_lock(f);
    for (size_t i = 0; i < XF_MUTATIONS; i++) {
        struct xf_mutation *m = &f->sh->mutations[i];
        if (!m->used) {
            m->used = 1;
            m->domid = domid;
            m->offset = (uint64_t)((uint8_t *)addr - f->pool);
            m->len = (uint8_t)n;
            memcpy(m->bytes, bytes, n);
            error = 0;
            break;
        }
    }
    xf_unlock(f);
    return error;
}

uint64_t
xen_fake_n_copy_calls(struct xen_fake *f)
{
    uint64_t n;
    xf_lock(f);
    n = f->sh->copy_calls;
    xf_unlock(f);
    return n;
}

uint64_t
xen_fake_n_copy_segs(struct xen_fake *f)
{
    uint64_t n;
    xf_lock(f);
    n = f->sh->copy_segs;
    xf_unlock(f);
    return n;
}

static const struct dp_xen_ops xf_ops_template = {
    .name = "fake",
    .gnt_open = xf_gnt_open,
    .gnt_close = xf_gnt_close,
    .gnt_map = xf_gnt_map,
    .gnt_unmap = xf_gnt_unmap,
    .gnt_copy = xf_gnt_copy,
    .evtchn_open = xf_evtchn_open,
    .evtchn_close = xf_evtchn_close,
    .evtchn_fd = xf_evtchn_fd,
    .evtchn_bind = xf_evtchn_bind,
    .evtchn_unbind = xf_evtchn_unbind,
    .evtchn_notify = xf_evtchn_notify,
    .evtchn_pending = xf_evtchn_pending,
    .evtchn_unmask = xf_evtchn_unmask,
    .xs_open = xf_xs_open,
    .xs_close = xf_xs_close,
    .xs_fd = xf_xs_fd,
    .xs_read = xf_xs_read,
    .xs_write = xf_xs_write,
    .xs_rm = xf_xs_rm,
    .xs_directory = xf_xs_directory,
    .xs_watch = xf_xs_watch,
    .xs_unwatch = xf_xs_unwatch,
    .xs_read_watch = xf_xs_read_watch,
    .xs_transaction_start = xf_xs_transaction_start,
    .xs_transaction_end = xf_xs_transaction_end,
};

/* --- The link-time seam. --- */

int
dp_xen_ops_open(const struct dp_xen_ops **opsp, char **errp)
{
    const char *dir = getenv(XEN_FAKE_ENV);
    const char *domid_s = getenv(XEN_FAKE_ENV_DOMID);
    unsigned long domid = 0;
    struct xen_fake *f;

    *opsp = NULL;
    *errp = NULL;
    if (!dir || !*dir) {
        /* The fake build without a fake: as a host without Xen. */
        *errp = xstrdup("Xen is not available (no /dev/xen): fake Xen "
                        "build, and $" XEN_FAKE_ENV " is not set");
        return ENODEV;
    }
    if (domid_s && *domid_s) {
        char *end;
        domid = strtoul(domid_s, &end, 10);
        if (*end || domid > UINT16_MAX) {
            *errp = xasprintf("$%s: bad domain id \"%s\"", XEN_FAKE_ENV_DOMID,
                              domid_s);
            return EINVAL;
        }
    }
    f = xen_fake_attach(dir, (uint16_t)domid);
    if (!f) {
        int error = errno ? errno : ENODEV;
        *errp = xasprintf("Xen is not available (no /dev/xen): no fake "
                          "hypervisor in %s (%s)",
                          dir, strerror(error));
        return ENODEV;
    }
    *opsp = xen_fake_ops(f);
    return 0;
}

void
dp_xen_ops_close(const struct dp_xen_ops *ops)
{
    if (ops) {
        xen_fake_detach(ops->aux);
    }
}
