/* util/hmap.h -- intrusive hash map with chaining.  Nodes embed a 'struct
 * hmap_node' and carry a caller-computed hash; the map owns nothing.  The
 * bucket array doubles when the load passes 1 and halves on hmap_shrink(). */
#ifndef UTIL_HMAP_H
#define UTIL_HMAP_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/list.h"

struct hmap_node {
    struct hmap_node *next;
    uint32_t hash;
};

struct hmap {
    struct hmap_node **buckets;
    size_t mask; /* Number of buckets minus one (a power of 2 minus 1). */
    size_t n;    /* Number of nodes. */
};

void hmap_init(struct hmap *);
void hmap_uninit(struct hmap *);
void hmap_insert(struct hmap *, struct hmap_node *, uint32_t hash);
void hmap_remove(struct hmap *, struct hmap_node *);
void hmap_clear(struct hmap *);
void hmap_shrink(struct hmap *);
void hmap_reserve(struct hmap *, size_t n);

static inline size_t
hmap_count(const struct hmap *m)
{
    return m->n;
}

/* First node in the bucket for 'hash' (caller compares hashes and keys). */
static inline struct hmap_node *
hmap_first_with_hash(const struct hmap *m, uint32_t hash)
{
    struct hmap_node *n = m->buckets[hash & m->mask];
    while (n && n->hash != hash) {
        n = n->next;
    }
    return n;
}

static inline struct hmap_node *
hmap_next_with_hash(const struct hmap_node *node)
{
    struct hmap_node *n = node->next;
    while (n && n->hash != node->hash) {
        n = n->next;
    }
    return n;
}

/* Iteration in unspecified order.  'pos' is the bucket cursor. */
struct hmap_node *hmap_first(const struct hmap *, size_t *pos);
struct hmap_node *hmap_next(const struct hmap *, const struct hmap_node *,
                            size_t *pos);

#define HMAP_FOR_EACH_WITH_HASH(VAR, MEMBER, HASH, MAP)                   \
    for (struct hmap_node *hn_ = hmap_first_with_hash(MAP, HASH);         \
         hn_ && ((VAR = CONTAINER_OF(hn_, __typeof__(*VAR), MEMBER)), 1); \
         hn_ = hmap_next_with_hash(hn_))

/* Safe against removal of VAR (the next node is fetched first). */
#define HMAP_FOR_EACH(VAR, MEMBER, MAP)                                \
    for (size_t pos_ = 0, *posp_ = &pos_; posp_; posp_ = NULL)         \
        for (struct hmap_node *hn_ = hmap_first(MAP, posp_), *hnn_;    \
             hn_ && ((hnn_ = hmap_next(MAP, hn_, posp_)), 1) &&        \
             ((VAR = CONTAINER_OF(hn_, __typeof__(*VAR), MEMBER)), 1); \
             hn_ = hnn_)

/* Hashing helpers (Murmur3-style finalisation). */
uint32_t hash_bytes(const void *, size_t, uint32_t basis);

static inline uint32_t
hash_add(uint32_t hash, uint32_t data)
{
    data *= 0xcc9e2d51;
    data = (data << 15) | (data >> 17);
    data *= 0x1b873593;
    hash ^= data;
    hash = (hash << 13) | (hash >> 19);
    return hash * 5 + 0xe6546b64;
}

static inline uint32_t
hash_finish(uint32_t hash, uint32_t final)
{
    hash ^= final;
    hash ^= hash >> 16;
    hash *= 0x85ebca6b;
    hash ^= hash >> 13;
    hash *= 0xc2b2ae35;
    hash ^= hash >> 16;
    return hash;
}

static inline uint32_t
hash_u32(uint32_t x, uint32_t basis)
{
    return hash_finish(hash_add(basis, x), 4);
}

static inline uint32_t
hash_u64(uint64_t x, uint32_t basis)
{
    return hash_finish(hash_add(hash_add(basis, (uint32_t)x), x >> 32), 8);
}

#endif /* util/hmap.h */
