/* datapath/packet.c -- packet buffers and batches.  A packet is one heap
 * block: DP_PACKET_HEADROOM spare bytes, the frame, then optional tailroom.
 * Header pushes (VLAN, MPLS, PBB) insert near the front of the frame, so
 * they move the few bytes before the insertion point into the headroom
 * instead of the whole payload; only when the headroom runs out is the
 * block reallocated. */
#include <config.h>

#include "datapath/packet.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

/* Resets the layer offsets: nothing has been parsed yet. */
static void
dp_packet_reset_offsets(struct dp_packet *p)
{
    p->l2_5_ofs = DP_OFS_NONE;
    p->l3_ofs = DP_OFS_NONE;
    p->l4_ofs = DP_OFS_NONE;
    p->mpls_ofs = DP_OFS_NONE;
}

/* Allocates a packet whose block holds 'headroom' + 'size' + 'tailroom'
 * bytes, with the frame (uninitialised, 'size' bytes) after the headroom. */
static struct dp_packet *
dp_packet_alloc(size_t headroom, size_t size, size_t tailroom)
{
    struct dp_packet *p = xzalloc(sizeof *p);
    size_t alloc = headroom + size + tailroom;

    assert(size <= UINT32_MAX && alloc >= size && alloc <= UINT32_MAX);
    p->base = xmalloc(alloc ? alloc : 1);
    p->alloc = (uint32_t)alloc;
    p->data_ofs = (uint32_t)headroom;
    p->size = (uint32_t)size;
    dp_packet_reset_offsets(p);
    return p;
}

struct dp_packet *
dp_packet_create(const void *frame, size_t size, size_t tailroom)
{
    struct dp_packet *p = dp_packet_alloc(DP_PACKET_HEADROOM, size, tailroom);
    if (size) {
        memcpy(dp_packet_data(p), frame, size);
    }
    return p;
}

struct dp_packet *
dp_packet_create_empty(size_t capacity)
{
    struct dp_packet *p = dp_packet_alloc(DP_PACKET_HEADROOM, 0, capacity);
    return p;
}

/* The clone gets fresh default headroom and the same tailroom as 'src', and
 * keeps its ingress port and layer offsets (its bytes are identical). */
struct dp_packet *
dp_packet_clone(const struct dp_packet *src)
{
    size_t tailroom = src->alloc - src->data_ofs - src->size;
    struct dp_packet *p =
        dp_packet_create(dp_packet_data(src), src->size, tailroom);
    p->in_port = src->in_port;
    p->l2_5_ofs = src->l2_5_ofs;
    p->l3_ofs = src->l3_ofs;
    p->l4_ofs = src->l4_ofs;
    p->mpls_ofs = src->mpls_ofs;
    return p;
}

void
dp_packet_destroy(struct dp_packet *p)
{
    if (p) {
        free(p->base);
        free(p);
    }
}

uint8_t *
dp_packet_push_at(struct dp_packet *p, size_t ofs, size_t n)
{
    assert(ofs <= p->size);
    assert(n <= UINT32_MAX - p->alloc);

    if (n <= p->data_ofs) {
        /* Enough headroom: slide the bytes before 'ofs' to the front. */
        uint8_t *data = dp_packet_data(p);
        memmove(data - n, data, ofs);
        p->data_ofs -= (uint32_t)n;
    } else {
        /* Reallocate with default headroom again, keeping the tailroom. */
        size_t tailroom = p->alloc - p->data_ofs - p->size;
        size_t alloc = DP_PACKET_HEADROOM + p->size + n + tailroom;
        uint8_t *base = xmalloc(alloc);
        uint8_t *old = dp_packet_data(p);

        memcpy(base + DP_PACKET_HEADROOM, old, ofs);
        memcpy(base + DP_PACKET_HEADROOM + ofs + n, old + ofs, p->size - ofs);
        free(p->base);
        p->base = base;
        p->alloc = (uint32_t)alloc;
        p->data_ofs = DP_PACKET_HEADROOM;
    }
    p->size += (uint32_t)n;
    return dp_packet_data(p) + ofs;
}

void
dp_packet_pull_at(struct dp_packet *p, size_t ofs, size_t n)
{
    assert(ofs <= p->size && n <= p->size - ofs);

    uint8_t *data = dp_packet_data(p);
    memmove(data + n, data, ofs);
    p->data_ofs += (uint32_t)n;
    p->size -= (uint32_t)n;
}

void
dp_packet_set_size(struct dp_packet *p, size_t size)
{
    assert(size <= UINT32_MAX - p->data_ofs);

    if (size > p->size) {
        size_t room = p->alloc - p->data_ofs;
        if (size > room) {
            size_t alloc = p->data_ofs + size;
            p->base = xrealloc(p->base, alloc);
            p->alloc = (uint32_t)alloc;
        }
        memset(dp_packet_data(p) + p->size, 0, size - p->size);
    }
    p->size = (uint32_t)size;
}

void
dp_batch_clear(struct dp_batch *b)
{
    for (size_t i = 0; i < b->n; i++) {
        dp_packet_destroy(b->pkts[i]);
        b->pkts[i] = NULL;
    }
    b->n = 0;
}
