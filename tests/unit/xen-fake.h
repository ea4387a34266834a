/* tests/unit/xen-fake.h -- an in-memory fake of the parts of a Xen
 * hypervisor and xenstored that a netback uses, behind the same seam as
 * the real libraries (datapath/xen-ops.h): a grant table over pages of
 * "guest memory", event channels, and a xenstore tree with watches and
 * transactions.
 *
 * The fake's state lives in one shared file in a directory, so several
 * attachments -- the backend under test (one per port), the simulated
 * netfront, the simulated toolstack -- see one hypervisor, in one process
 * (the unit tests) or in several (the integration test, where ofswitchd
 * and a guest simulator are separate processes).  Each attachment is one
 * domain.  Guest pages are allocated from the shared file, so granted
 * memory really is shared memory and the ring barriers are exercised
 * between processes.  Event channel and xenstore watch notifications wake
 * a named pipe per handle, which plays the part of the eventfd of an
 * in-process fake and, unlike one, can be opened by another process.
 *
 * Linking this file also supplies dp_xen_ops_open(): a program linked with
 * it instead of datapath/xen-ops-real.c gets the fake named by the
 * environment: $OFSWITCH_XEN_FAKE is the directory, and
 * $OFSWITCH_XEN_FAKE_DOMID (default 0) the attachment's domain.  That is
 * how the unit tests open "xen:" ports through dp_port_open() and how the
 * integration build of ofswitchd runs against the fake. */
#ifndef TESTS_UNIT_XEN_FAKE_H
#define TESTS_UNIT_XEN_FAKE_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "datapath/xen-ops.h"

#define XEN_FAKE_ENV "OFSWITCH_XEN_FAKE"
#define XEN_FAKE_ENV_DOMID "OFSWITCH_XEN_FAKE_DOMID"

#define XEN_FAKE_PAGES 2048 /* Guest pages, shared by all domains. */

struct xen_fake; /* One domain's attachment. */

/* Creates an empty fake hypervisor in directory 'dir' (which must exist).
 * Returns 0 or a positive errno. */
int xen_fake_create(const char *dir);

/* Removes the fake's files and 'dir' itself. */
void xen_fake_remove(const char *dir);

/* Attaches to the fake in 'dir' as domain 'domid'.  Returns NULL (errno
 * set) if there is none. */
struct xen_fake *xen_fake_attach(const char *dir, uint16_t domid);

/* Detaches (after the handles opened through it were closed).  NULL is a
 * no-op. */
void xen_fake_detach(struct xen_fake *);

/* The seam for this attachment, valid until it detaches. */
const struct dp_xen_ops *xen_fake_ops(struct xen_fake *);
uint16_t xen_fake_domid(const struct xen_fake *);

/* Guest memory: a zeroed page of the shared pool, or NULL when the pool is
 * exhausted. */
void *xen_fake_page_alloc(struct xen_fake *);
void xen_fake_page_free(struct xen_fake *, void *page);

/* Grants 'page' (from xen_fake_page_alloc()) to domain 'grantee'.  Returns
 * the grant reference (never 0..7, which Xen reserves). */
uint32_t xen_fake_grant(struct xen_fake *, void *page, uint16_t grantee,
                        bool readonly);
/* Ends a grant.  Returns 0, or EBUSY while it is mapped. */
int xen_fake_ungrant(struct xen_fake *, uint32_t ref);
/* Number of mappings of this domain's grants held by any domain. */
unsigned int xen_fake_n_mapped(struct xen_fake *);

/* Allocates an unbound event channel port that domain 'remote' may bind
 * (xenevtchn_bind_unbound_port()), on handle 'ev' of this fake. */
int xen_fake_evtchn_alloc_unbound(struct dp_xen_evtchn *ev, uint16_t remote,
                                  uint32_t *portp);
/* Notifications delivered so far to this domain's port 'port'. */
uint64_t xen_fake_evtchn_notifies(struct xen_fake *, uint32_t port);

/* Domains' xenstore: fires a watch event for 'path' (e.g.
 * "@releaseDomain") without writing anything. */
void xen_fake_xs_fire(struct xen_fake *, const char *path);

/* Failure injection: the next 'n' transaction commits fail with EAGAIN;
 * the next 'n' grant maps fail. */
void xen_fake_fail_commits(struct xen_fake *, unsigned int n);
void xen_fake_fail_maps(struct xen_fake *, unsigned int n);
/* From now on, reading a xenstore watch fails with EIO in domain 'domid'
 * (-1: in none), as when the connection to xenstored is lost. */
void xen_fake_break_xenstore(struct xen_fake *, int domid);

/* At the start of the next grant copy made by domain 'domid', writes the
 * 'n' bytes (at most 32) at 'bytes' to 'addr' (guest memory of this
 * attachment): a frontend rewriting a request after the backend read it
 * and before it used it.  Returns 0 or EINVAL. */
int xen_fake_on_copy_write(struct xen_fake *, uint16_t domid, void *addr,
                           const void *bytes, size_t n);

/* Grant copy calls and segments made so far, by any domain. */
uint64_t xen_fake_n_copy_calls(struct xen_fake *);
uint64_t xen_fake_n_copy_segs(struct xen_fake *);

#endif /* tests/unit/xen-fake.h */
