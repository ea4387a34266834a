/* datapath/cache.h -- the exact-match cache in front of the pipeline.  It
 * maps a full flow key (which includes in_port and tunnel_id) to an opaque
 * "program": the pipeline's record of what it did to the first packet with
 * that key (the flows hit, the meters, the actions in execution order), so
 * that later packets with the same key replay it without a classifier
 * lookup.  What a program means is the pipeline's business; the cache only
 * stores copies of byte blobs.
 *
 * The cache is 8-way set associative with a fixed number of entries and
 * replaces round-robin within a set.  Every entry carries the generation at
 * which it was inserted; dp_cache_invalidate() bumps the generation, which
 * makes every entry stale at once (stale programs are freed when their slot
 * is reused, so the pointers they hold are never followed).  The pipeline
 * invalidates on every table, group, meter or port change.
 * Single-threaded. */
#ifndef DATAPATH_CACHE_H
#define DATAPATH_CACHE_H 1

#include <stddef.h>
#include <stdint.h>

#include "datapath/key.h"

struct dp_cache;

/* Creates a cache of about 'n_entries' entries (rounded up to a power of 2,
 * at least 4).  Returns NULL if 'n_entries' is 0 (no cache). */
struct dp_cache *dp_cache_create(size_t n_entries);
void dp_cache_destroy(struct dp_cache *);

/* Makes every entry stale. */
void dp_cache_invalidate(struct dp_cache *);

/* The program stored for 'key' ('hash' from dp_cache_hash()), or NULL.  On
 * success '*size' receives its size in bytes; the program is borrowed until
 * the next insert or invalidate. */
const void *dp_cache_lookup(struct dp_cache *, const struct dp_key *key,
                            uint32_t hash, size_t *size);
/* Stores a copy of 'prog' ('size' bytes) for 'key', replacing any older
 * entry for the same key and, if the set is full, the oldest entry. */
void dp_cache_insert(struct dp_cache *, const struct dp_key *key,
                     uint32_t hash, const void *prog, size_t size);

uint32_t dp_cache_hash(const struct dp_key *);
/* Starts loading the set for 'hash' into the CPU cache, so that a lookup
 * a little later does not wait for memory (batches prefetch every packet
 * before looking any up). */
void dp_cache_prefetch(const struct dp_cache *, uint32_t hash);
/* Once the set is loaded: starts loading the entry that probably holds
 * 'hash' (the second stage of a batch's prefetch). */
void dp_cache_prefetch_entry(const struct dp_cache *, uint32_t hash);

struct dp_cache_stats {
    uint64_t hits, misses, inserts, invalidations;
    size_t n_entries;
};
void dp_cache_get_stats(const struct dp_cache *, struct dp_cache_stats *);

#endif /* datapath/cache.h */
