/* datapath/cache.c -- the exact-match cache (see cache.h).
 *
 * Layout for speed: a set is two cache lines holding, for its 8 ways, the
 * key hashes, the generations and pointers to the entries, so a probe reads
 * one line to find the candidate way and then the entry itself: a blob with
 * the key followed by the program, read sequentially.  A miss costs one
 * line; a hit one line plus the entry. */
#include <config.h>
#include "datapath/cache.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "datapath/classifier.h"
#include "util/xalloc.h"

#define WAYS 8

struct cache_blob {
    struct dp_key key;
    uint32_t size;
    uint32_t pad;
    uint64_t prog[]; /* 'size' bytes, 8-byte aligned. */
};

struct cache_set {
    uint32_t hash[WAYS];
    uint32_t gen[WAYS]; /* Valid iff equal to the cache's generation. */
    struct cache_blob *blob[WAYS];
} __attribute__((aligned(64)));

struct dp_cache {
    struct cache_set *sets;
    size_t set_mask;
    uint32_t gen;
    uint8_t *victim; /* Next way to replace, per set. */
    uint64_t hits, misses, inserts, invalidations;
};

struct dp_cache *
dp_cache_create(size_t n_entries)
{
    if (!n_entries) {
        return NULL;
    }
    size_t n_sets = 1;
    while (n_sets * WAYS < n_entries) {
        n_sets <<= 1;
    }
    struct dp_cache *c = xzalloc(sizeof *c);
    void *sets;
    if (posix_memalign(&sets, 64, n_sets * sizeof *c->sets)) {
        abort();
    }
    memset(sets, 0, n_sets * sizeof *c->sets);
    c->sets = sets;
    c->victim = xcalloc(n_sets, 1);
    c->set_mask = n_sets - 1;
    /* Ways start at generation 0 and the cache at 1: all stale. */
    c->gen = 1;
    return c;
}

void
dp_cache_destroy(struct dp_cache *c)
{
    if (!c) {
        return;
    }
    for (size_t i = 0; i <= c->set_mask; i++) {
        for (size_t w = 0; w < WAYS; w++) {
            free(c->sets[i].blob[w]);
        }
    }
    free(c->sets);
    free(c->victim);
    free(c);
}

void
dp_cache_invalidate(struct dp_cache *c)
{
    if (!c) {
        return;
    }
    c->invalidations++;
    if (++c->gen == 0) {
        /* After 2^32 invalidations the generation wraps: make every way
         * stale explicitly so that none can look current again. */
        for (size_t i = 0; i <= c->set_mask; i++) {
            memset(c->sets[i].gen, 0, sizeof c->sets[i].gen);
        }
        c->gen = 1;
    }
}

uint32_t
dp_cache_hash(const struct dp_key *key)
{
    return dp_cls_hash_key(key, 0);
}

void
dp_cache_prefetch(const struct dp_cache *c, uint32_t hash)
{
    const struct cache_set *set = &c->sets[hash & c->set_mask];
    __builtin_prefetch(set->hash);
    __builtin_prefetch(set->blob);
}

/* The way an insert of 'hash' into 'set' would use, if no way holds it:
 * the first stale way, else the set's round-robin victim. */
static size_t
insert_way(const struct dp_cache *c, const struct cache_set *set,
           size_t set_idx)
{
    for (size_t w = 0; w < WAYS; w++) {
        if (set->gen[w] != c->gen) {
            return w;
        }
    }
    return c->victim[set_idx];
}

static void
prefetch_blob(const struct cache_blob *b, bool write)
{
    const char *p = (const char *)b;
    if (!p) {
        return;
    }
    /* The key and the first ops. */
    for (size_t ofs = 0; ofs < sizeof(struct cache_blob) + 128; ofs += 64) {
        if (write) {
            __builtin_prefetch(p + ofs, 1);
        } else {
            __builtin_prefetch(p + ofs);
        }
    }
}

void
dp_cache_prefetch_entry(const struct dp_cache *c, uint32_t hash)
{
    size_t set_idx = hash & c->set_mask;
    const struct cache_set *set = &c->sets[set_idx];
    for (size_t w = 0; w < WAYS; w++) {
        if (set->hash[w] == hash && set->gen[w] == c->gen) {
            prefetch_blob(set->blob[w], false);
            return;
        }
    }
    /* A probable miss: the entry the insert will overwrite. */
    prefetch_blob(set->blob[insert_way(c, set, set_idx)], true);
}

static inline bool
keys_equal(const struct dp_key *a, const struct dp_key *b)
{
    uint64_t diff = 0;
    for (size_t i = 0; i < DP_KEY_SIZE / 8; i++) {
        diff |= a->w[i] ^ b->w[i];
    }
    return !diff;
}

const void *
dp_cache_lookup(struct dp_cache *c, const struct dp_key *key, uint32_t hash,
                size_t *size)
{
    struct cache_set *set = &c->sets[hash & c->set_mask];
    for (size_t w = 0; w < WAYS; w++) {
        if (set->hash[w] == hash && set->gen[w] == c->gen) {
            struct cache_blob *b = set->blob[w];
            if (keys_equal(&b->key, key)) {
                c->hits++;
                *size = b->size;
                return b->prog;
            }
        }
    }
    c->misses++;
    return NULL;
}

void
dp_cache_insert(struct dp_cache *c, const struct dp_key *key, uint32_t hash,
                const void *prog, size_t size)
{
    size_t set_idx = hash & c->set_mask;
    struct cache_set *set = &c->sets[set_idx];
    size_t way = WAYS;

    for (size_t w = 0; w < WAYS; w++) {
        if (set->gen[w] != c->gen) {
            if (way == WAYS) {
                way = w;
            }
        } else if (set->hash[w] == hash &&
                   keys_equal(&set->blob[w]->key, key)) {
            way = w;
            break;
        }
    }
    if (way == WAYS) {
        way = insert_way(c, set, set_idx);
        if (way == c->victim[set_idx]) {
            c->victim[set_idx] = (uint8_t)((way + 1) % WAYS);
        }
    }
    struct cache_blob *b = set->blob[way];
    if (!b || b->size < size) {
        free(b);
        b = xmalloc(sizeof *b + size);
    }
    b->key = *key;
    b->size = (uint32_t)size;
    memcpy(b->prog, prog, size);
    set->blob[way] = b;
    set->hash[way] = hash;
    set->gen[way] = c->gen;
    c->inserts++;
}

void
dp_cache_get_stats(const struct dp_cache *c, struct dp_cache_stats *s)
{
    memset(s, 0, sizeof *s);
    if (c) {
        s->hits = c->hits;
        s->misses = c->misses;
        s->inserts = c->inserts;
        s->invalidations = c->invalidations;
        s->n_entries = (c->set_mask + 1) * WAYS;
    }
}
