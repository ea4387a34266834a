/* datapath/packet.h -- packet buffers and batches.  A packet owns one
 * contiguous buffer with headroom in front of the frame so that pushes
 * (VLAN, MPLS, PBB) move only the bytes before the insertion point.  The
 * layer offsets found by key extraction are kept with the packet so that
 * actions modify headers without parsing again.  Frames are Ethernet
 * without FCS. */
#ifndef DATAPATH_PACKET_H
#define DATAPATH_PACKET_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DP_PACKET_HEADROOM 64     /* Room for pushes (PBB is 18 bytes). */
#define DP_PACKET_MAX_FRAME 65535 /* Largest frame we accept. */
#define DP_BATCH_SIZE 32          /* Frames per batch. */

/* Offset value meaning "this layer is absent". */
#define DP_OFS_NONE UINT16_MAX

struct dp_packet {
    uint8_t *base;     /* Owned allocation. */
    uint32_t alloc;    /* Bytes at 'base'. */
    uint32_t data_ofs; /* Frame start, from 'base'. */
    uint32_t size;     /* Frame length in bytes. */
    uint32_t in_port;  /* OpenFlow ingress port. */

    /* Layer offsets from the frame start, set by dp_key_extract():
     * l2_5 = first VLAN tag or MPLS label stack entry (DP_OFS_NONE if
     * none), l3 = network header, l4 = transport header (or ICMP).
     * DP_OFS_NONE when absent or truncated. */
    uint16_t l2_5_ofs;
    uint16_t l3_ofs;
    uint16_t l4_ofs;
    uint16_t mpls_ofs; /* First MPLS label (DP_OFS_NONE if none). */
};

/* Creates a packet holding a copy of 'frame' (size bytes) with default
 * headroom and 'tailroom' spare bytes after it.  Never fails. */
struct dp_packet *dp_packet_create(const void *frame, size_t size,
                                   size_t tailroom);
/* Creates an empty packet able to hold 'capacity' frame bytes (for port
 * receive paths that read straight into the buffer). */
struct dp_packet *dp_packet_create_empty(size_t capacity);
struct dp_packet *dp_packet_clone(const struct dp_packet *);
void dp_packet_destroy(struct dp_packet *);

static inline uint8_t *
dp_packet_data(const struct dp_packet *p)
{
    return p->base + p->data_ofs;
}

/* Inserts 'n' bytes at frame offset 'ofs' (moving the bytes before 'ofs'
 * towards the front, reallocating if headroom is short) and returns a
 * pointer to the new gap.  Layer offsets are not adjusted. */
uint8_t *dp_packet_push_at(struct dp_packet *, size_t ofs, size_t n);
/* Removes 'n' bytes at frame offset 'ofs' (ofs + n <= size). */
void dp_packet_pull_at(struct dp_packet *, size_t ofs, size_t n);
/* Sets the frame size to 'size' (truncating, or zero-extending within the
 * allocation, reallocating as needed). */
void dp_packet_set_size(struct dp_packet *, size_t size);

/* A batch of up to DP_BATCH_SIZE packets (owned). */
struct dp_batch {
    size_t n;
    struct dp_packet *pkts[DP_BATCH_SIZE];
};

static inline void
dp_batch_init(struct dp_batch *b)
{
    b->n = 0;
}

/* Destroys every packet and empties the batch. */
void dp_batch_clear(struct dp_batch *);

#endif /* datapath/packet.h */
