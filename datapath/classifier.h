/* datapath/classifier.h -- tuple-space search over flow keys.  A classifier
 * holds rules, each a (value, mask, priority) over the flat flow key
 * (datapath/key.h).  Rules that share a mask live in one subtable: a hash
 * table keyed by the masked key.  A lookup probes the subtables in order of
 * the highest priority each holds and stops as soon as no remaining subtable
 * can beat the best match found, so its cost grows with the number of
 * distinct masks, never with the number of rules.
 *
 * The classifier owns its subtables but not the rules: callers embed a
 * 'struct dp_cls_rule' in their own object, insert it, and remove it before
 * freeing it.  Single-threaded: the caller serialises every call. */
#ifndef DATAPATH_CLASSIFIER_H
#define DATAPATH_CLASSIFIER_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "datapath/key.h"
#include "util/hmap.h"

struct dp_cls_subtable;

/* One rule, embedded in the caller's object.  Every field is private to
 * the classifier except 'value' and 'priority', which callers may read. */
struct dp_cls_rule {
    struct dp_cls_rule *next_same; /* Same value, lower or equal priority. */
    struct dp_cls_subtable *subtable;
    uint16_t priority;
    struct dp_key value; /* Masked: bits outside the mask are zero. */
};

struct dp_cls {
    struct hmap subtables;           /* By hash of the mask. */
    struct dp_cls_subtable **sorted; /* By max priority, highest first. */
    size_t n_subtables;
    size_t alloc_subtables;
    size_t n_rules;
};

void dp_cls_init(struct dp_cls *);
/* Frees the subtables.  Rules still inserted are forgotten, not freed. */
void dp_cls_uninit(struct dp_cls *);

/* Inserts 'rule' matching 'value' under 'mask' with 'priority'.  Bits of
 * 'value' outside 'mask' are ignored.  Rules with the same value, mask and
 * priority may coexist; lookups then return one of them. */
void dp_cls_insert(struct dp_cls *, struct dp_cls_rule *,
                   const struct dp_key *value, const struct dp_key *mask,
                   uint16_t priority);
/* Removes 'rule', which must be in 'cls'. */
void dp_cls_remove(struct dp_cls *, struct dp_cls_rule *);
/* Puts 'new' in the place of 'old' (same value, mask and priority, copied
 * from 'old'); 'old' is no longer in the classifier afterwards. */
void dp_cls_replace(struct dp_cls *, struct dp_cls_rule *old,
                    struct dp_cls_rule *new);

/* Returns the highest-priority rule that matches 'key', or NULL.  Among
 * rules of equal priority that both match, which one wins is unspecified
 * (OF1.3.5 §5.3 leaves it undefined).  The result is borrowed. */
struct dp_cls_rule *dp_cls_lookup(const struct dp_cls *,
                                  const struct dp_key *key);

/* Returns a rule with exactly 'mask', the masked 'value' and 'priority', or
 * NULL.  Used by strict FLOW_MOD commands and by ADD's replace check. */
struct dp_cls_rule *dp_cls_find_exact(const struct dp_cls *,
                                      const struct dp_key *value,
                                      const struct dp_key *mask,
                                      uint16_t priority);

/* The mask 'rule' was inserted with. */
const struct dp_key *dp_cls_rule_mask(const struct dp_cls_rule *);

static inline size_t
dp_cls_count(const struct dp_cls *cls)
{
    return cls->n_rules;
}

/* Number of distinct masks (for tests and statistics). */
static inline size_t
dp_cls_n_subtables(const struct dp_cls *cls)
{
    return cls->n_subtables;
}

/* Fast 32-bit hash of the words of 'key' selected by 'mask' (both
 * DP_KEY_SIZE bytes).  Exported for the exact-match cache and for group
 * bucket selection. */
uint32_t dp_cls_hash_masked(const struct dp_key *key,
                            const struct dp_key *mask, uint32_t basis);
/* Fast 32-bit hash of the whole key. */
uint32_t dp_cls_hash_key(const struct dp_key *key, uint32_t basis);

#endif /* datapath/classifier.h */
