/* tests/unit/xen-netfront.h -- a simulated guest for the netback tests: a
 * netfront that behaves as Linux drivers/net/xen-netfront.c does (reference
 * §5.2), and the few toolstack (libxl) steps around it, on the fake
 * hypervisor of xen-fake.h.  It is written to the protocol, not to our
 * backend:
 *
 * - handshake: waits in Initialising for the backend's InitWait, requires
 *   feature-rx-copy, uses split event channels when the backend offers
 *   them, grants and initialises both shared rings (the frontend alone
 *   initialises them), posts RX buffers, writes tx-ring-ref, rx-ring-ref,
 *   event-channel(-tx/-rx), request-rx-copy, feature-rx-notify,
 *   feature-sg, ... in one transaction, then switches straight to
 *   Connected; on the backend's Closing it goes Closed;
 * - TX: the first request's size is the whole frame, data is split at page
 *   boundaries (and, to stand for skb fragments, at 'slot_size'), pages
 *   are granted read-only, ids come from a free list, csum_blank marks a
 *   partial checksum, extra_info slots follow the first request; requests
 *   are pushed with RING_PUSH_REQUESTS_AND_CHECK_NOTIFY and responses are
 *   reaped with RING_FINAL_CHECK_FOR_RESPONSES;
 * - RX: buffer i of the ring is found by ring position, as Linux does (the
 *   response id is only checked, and mismatches counted), frames are
 *   reassembled from more_data chains.
 *
 * Every entry point is non-blocking; xnf_wait() polls the frontend's
 * descriptors.  Raw access to the rings lets a test misbehave on purpose. */
#ifndef TESTS_UNIT_XEN_NETFRONT_H
#define TESTS_UNIT_XEN_NETFRONT_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "datapath/xen-backend.h"

struct xen_fake;
struct xnf;

struct xnf_config {
    uint16_t domid;         /* The guest. */
    uint16_t backend_domid; /* Usually 0. */
    uint32_t devid;
    RING_IDX start;          /* Initial ring index (wraparound tests). */
    unsigned int rx_buffers; /* Posted at connect; 0: a full ring. */
    bool no_split;           /* One event channel even if offered. */
    bool no_rx_copy;         /* Omit request-rx-copy (a bad frontend). */
    bool no_sg;              /* Omit feature-sg. */
    uint32_t num_queues;     /* Write multi-queue-num-queues if set. */
    bool bad_tx_ring_ref;    /* Write a tx-ring-ref that was not granted. */
};

/* The toolstack's part: creates the backend and frontend directories of a
 * vif (as libxl does, state Initialising, online 1, the MAC), on the fake
 * in 'dir', as domain 0. */
void xnf_toolstack_add_vif(const char *dir, uint16_t backend_domid,
                           uint16_t domid, uint32_t devid, const char *mac);
/* Asks the backend to let the vif go (online 0, state Closing, as libxl
 * does on "xl network-detach" or domain destruction). */
void xnf_toolstack_detach_vif(const char *dir, uint16_t backend_domid,
                              uint16_t domid, uint32_t devid);
/* Removes both directories. */
void xnf_toolstack_remove_vif(const char *dir, uint16_t backend_domid,
                              uint16_t domid, uint32_t devid);

/* Attaches a frontend for the vif (whose directories must exist) to the
 * fake in 'dir'.  Returns NULL on failure. */
struct xnf *xnf_create(const char *dir, const struct xnf_config *);
/* Frees everything (grants, pages, channels) without touching xenstore. */
void xnf_destroy(struct xnf *);

/* Handles what happened: xenstore events (handshake steps) and event
 * channel notifications (reaping TX responses). */
void xnf_step(struct xnf *);
/* Waits up to 'ms' for something to handle, then handles it.  Returns
 * true if anything happened. */
bool xnf_wait(struct xnf *, int ms);

int xnf_state(const struct xnf *);      /* Our XenbusState. */
int xnf_backend_state(struct xnf *);    /* Read from xenstore. */
bool xnf_connected(const struct xnf *); /* Rings set up. */
struct xen_fake *xnf_fake(struct xnf *);

/* The guest unloads its driver: Closing, then Closed once the backend is
 * Closing or Closed (xnf_step() finishes it). */
void xnf_close(struct xnf *);
/* The guest loads its driver again: frees the old rings and goes back to
 * Initialising. */
void xnf_reinit(struct xnf *);
/* With 'stall', the frontend stops right after writing its ring
 * references, before Connected (a guest stuck or dying mid-handshake). */
void xnf_set_stall(struct xnf *, bool);

/* Transmit options. */
struct xnf_tx_opts {
    bool csum_blank;    /* NETTXF_csum_blank | NETTXF_data_validated. */
    size_t page_offset; /* Where the frame starts in its first page. */
    size_t slot_size;   /* Most bytes per slot (0: a page). */
    bool extra_mcast;   /* An XEN_NETIF_EXTRA_TYPE_MCAST_ADD slot. */
    bool extra_gso;     /* An XEN_NETIF_EXTRA_TYPE_GSO slot. */
    bool no_push;       /* Queue only; xnf_push() publishes. */
};

/* Queues 'frame' on the TX ring and pushes it (notifying the backend if
 * the ring says so).  Returns 0, or ENOBUFS if the ring lacks the slots. */
int xnf_send(struct xnf *, const void *frame, size_t len,
             const struct xnf_tx_opts *);
/* Publishes queued requests; notifies if needed. */
void xnf_push(struct xnf *);
/* Reaps TX responses (frees grants and pages).  Returns the number of
 * responses reaped; counts statuses. */
unsigned int xnf_tx_reap(struct xnf *);
/* TX responses seen with each status: [0] OKAY, [1] ERROR, [2] DROPPED,
 * [3] NULL. */
const uint64_t *xnf_tx_status_counts(const struct xnf *);

/* Posts up to 'n' RX buffers.  Returns how many were posted. */
unsigned int xnf_rx_refill(struct xnf *, unsigned int n);
/* Takes the next received frame: 0 with the frame in 'buf' and its length
 * in '*len', EAGAIN if none, EIO for a frame the backend reported as
 * failed (consumed), EMSGSIZE if it does not fit in 'cap' (consumed). */
int xnf_recv(struct xnf *, uint8_t *buf, size_t cap, size_t *len);
/* RX responses whose id was not the one posted in that slot. */
uint64_t xnf_rx_id_mismatches(const struct xnf *);

/* Notifications the backend sent us (each channel) and we sent it. */
uint64_t xnf_notifies_received(struct xnf *);
uint64_t xnf_notifies_sent(const struct xnf *);

/* Raw access for misbehaving on purpose. */
netif_tx_front_ring_t *xnf_tx_ring(struct xnf *);
netif_rx_front_ring_t *xnf_rx_ring(struct xnf *);
/* A fresh page granted to the backend (read-only or not), and its ref. */
void *xnf_grant_page(struct xnf *, bool readonly, uint32_t *refp);
/* Notifies the backend on the TX channel unconditionally. */
void xnf_kick(struct xnf *);

#endif /* tests/unit/xen-netfront.h */
