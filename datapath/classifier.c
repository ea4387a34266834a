/* datapath/classifier.c -- tuple-space search (see classifier.h).
 *
 * Each subtable keeps the indices of the mask's non-zero 64-bit words, so
 * hashing and comparing a key against a subtable touches only those words.
 * Rules with the same masked value in one subtable form a list sorted by
 * descending priority whose head alone sits in the subtable's hash table,
 * so a probe finds the best rule of that value in one step.  The table is
 * open addressing with the hashes in a dense array of their own, so that
 * probing a subtable that holds no match costs a cache line or two and
 * touches no rule.  Each subtable keeps a histogram of the priorities it
 * holds, so that its maximum stays exact when rules are removed without
 * rescanning the rules. */
#include <config.h>
#include "datapath/classifier.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

#define N_WORDS (DP_KEY_SIZE / 8)

struct pri_count {
    uint16_t priority;
    uint32_t count;
};

/* An open-addressing hash table of rules with linear probing.  The hashes
 * sit in their own dense array, so a probe reads a few bytes per candidate
 * and dereferences a rule only when its full 32-bit hash matches.  Hash 0
 * marks an empty slot (subtable_hash() never returns 0).  At most half
 * full. */
struct cls_table {
    uint32_t *hashes;
    struct dp_cls_rule **rules;
    size_t mask; /* Slots minus one (a power of 2 minus one). */
    size_t n;
};

static void
ctab_init(struct cls_table *t, size_t n_slots)
{
    t->hashes = xcalloc(n_slots, sizeof *t->hashes);
    t->rules = xcalloc(n_slots, sizeof *t->rules);
    t->mask = n_slots - 1;
    t->n = 0;
}

static void
ctab_uninit(struct cls_table *t)
{
    free(t->hashes);
    free(t->rules);
}

static void
ctab_put(struct cls_table *t, uint32_t hash, struct dp_cls_rule *rule)
{
    size_t i = hash & t->mask;
    while (t->hashes[i]) {
        i = (i + 1) & t->mask;
    }
    t->hashes[i] = hash;
    t->rules[i] = rule;
    t->n++;
}

/* Adds 'rule', whose value is not in the table yet. */
static void
ctab_insert(struct cls_table *t, uint32_t hash, struct dp_cls_rule *rule)
{
    if (2 * (t->n + 1) > t->mask + 1) {
        struct cls_table old = *t;
        ctab_init(t, 2 * (old.mask + 1));
        for (size_t i = 0; i <= old.mask; i++) {
            if (old.hashes[i]) {
                ctab_put(t, old.hashes[i], old.rules[i]);
            }
        }
        ctab_uninit(&old);
    }
    ctab_put(t, hash, rule);
}

/* The slot of the head whose value is 'value', or SIZE_MAX. */
static size_t
ctab_find(const struct cls_table *t, uint32_t hash, const struct dp_key *value)
{
    for (size_t i = hash & t->mask; t->hashes[i]; i = (i + 1) & t->mask) {
        if (t->hashes[i] == hash &&
            !memcmp(&t->rules[i]->value, value, sizeof *value)) {
            return i;
        }
    }
    return SIZE_MAX;
}

/* Empties slot 'i' and moves later entries of its probe run back, so that
 * every entry stays reachable from its home slot (no tombstones). */
static void
ctab_remove_at(struct cls_table *t, size_t i)
{
    size_t j = i;
    for (;;) {
        j = (j + 1) & t->mask;
        if (!t->hashes[j]) {
            break;
        }
        size_t home = t->hashes[j] & t->mask;
        /* The entry at 'j' may move to 'i' unless its home lies cyclically
         * in (i, j]. */
        bool stays =
            i <= j ? (home > i && home <= j) : (home > i || home <= j);
        if (!stays) {
            t->hashes[i] = t->hashes[j];
            t->rules[i] = t->rules[j];
            i = j;
        }
    }
    t->hashes[i] = 0;
    t->rules[i] = NULL;
    t->n--;
}

struct dp_cls_subtable {
    struct hmap_node node;  /* In dp_cls's 'subtables', by mask hash. */
    struct cls_table rules; /* Heads of same-value lists, by masked hash. */
    size_t n_rules;
    size_t index; /* Position in dp_cls's 'sorted'. */
    uint16_t max_priority;
    unsigned int n_words;
    uint8_t words[N_WORDS];       /* Indices of non-zero mask words. */
    uint64_t mask_words[N_WORDS]; /* mask.w[words[i]]. */
    struct pri_count *pris;       /* Ascending priority, count > 0. */
    size_t n_pris, alloc_pris;
    struct dp_key mask;
};

static inline uint64_t
rotl64(uint64_t x, unsigned int r)
{
    return (x << r) | (x >> (64 - r));
}

static inline uint64_t
mix64(uint64_t h, uint64_t x)
{
    x *= 0x87c37b91114253d5ULL;
    x = rotl64(x, 31);
    x *= 0x4cf5ad432745937fULL;
    h ^= x;
    h = rotl64(h, 27);
    return h * 5 + 0x52dce729;
}

static inline uint32_t
finish64(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return (uint32_t)h;
}

uint32_t
dp_cls_hash_masked(const struct dp_key *key, const struct dp_key *mask,
                   uint32_t basis)
{
    uint64_t h = basis;
    for (size_t i = 0; i < N_WORDS; i++) {
        if (mask->w[i]) {
            h = mix64(h, key->w[i] & mask->w[i]);
        }
    }
    return finish64(h);
}

uint32_t
dp_cls_hash_key(const struct dp_key *key, uint32_t basis)
{
    /* Four independent lanes of one multiply per word, so that the
     * multiplies overlap instead of forming one long dependency chain; the
     * shift folds the well-mixed high half back into the low bits before
     * the next word (a plain rotate left visible clustering on keys that
     * differ in a few low bits). */
    uint64_t a = basis, b = 0x9e3779b97f4a7c15ULL, c = 0xc2b2ae3d27d4eb4fULL,
             d = 0x165667b19e3779f9ULL;
    _Static_assert(N_WORDS % 4 == 0, "key words come in fours");
    for (size_t i = 0; i < N_WORDS; i += 4) {
        a = (a ^ key->w[i]) * 0x87c37b91114253d5ULL;
        b = (b ^ key->w[i + 1]) * 0x4cf5ad432745937fULL;
        c = (c ^ key->w[i + 2]) * 0xff51afd7ed558ccdULL;
        d = (d ^ key->w[i + 3]) * 0xc4ceb9fe1a85ec53ULL;
        a ^= a >> 32;
        b ^= b >> 32;
        c ^= c >> 32;
        d ^= d >> 32;
    }
    return finish64(a ^ rotl64(b, 17) ^ rotl64(c, 31) ^ rotl64(d, 47));
}

/* The hash of 'key' under the subtable's mask: one multiply per mask word
 * (most masks have one to three), the high half folded down each time so
 * the low bits that index the table depend on every bit. */
static inline uint32_t
subtable_hash(const struct dp_cls_subtable *st, const struct dp_key *key)
{
    uint64_t h = 0x9e3779b97f4a7c15ULL;
    for (unsigned int i = 0; i < st->n_words; i++) {
        h = (h ^ (key->w[st->words[i]] & st->mask_words[i])) *
            0xff51afd7ed558ccdULL;
        h ^= h >> 32;
    }
    h *= 0xc4ceb9fe1a85ec53ULL;
    uint32_t hash = (uint32_t)(h ^ (h >> 29));
    return hash ? hash : 1; /* 0 marks an empty slot. */
}

/* Does 'key' (unmasked) match 'rule' of 'st'? */
static inline bool
subtable_matches(const struct dp_cls_subtable *st,
                 const struct dp_cls_rule *rule, const struct dp_key *key)
{
    for (unsigned int i = 0; i < st->n_words; i++) {
        unsigned int w = st->words[i];
        if ((key->w[w] & st->mask_words[i]) != rule->value.w[w]) {
            return false;
        }
    }
    return true;
}

static bool
key_equal(const struct dp_key *a, const struct dp_key *b)
{
    return !memcmp(a, b, sizeof *a);
}

void
dp_cls_init(struct dp_cls *cls)
{
    hmap_init(&cls->subtables);
    /* util/hmap.c stores the first node of an empty map in a bucket shared
     * by every empty map; reserving room first gives the map its own
     * buckets.  The other hmaps of the pipeline do the same. */
    hmap_reserve(&cls->subtables, 2);
    cls->sorted = NULL;
    cls->n_subtables = 0;
    cls->alloc_subtables = 0;
    cls->n_rules = 0;
}

static void
subtable_destroy(struct dp_cls_subtable *st)
{
    ctab_uninit(&st->rules);
    free(st->pris);
    free(st);
}

void
dp_cls_uninit(struct dp_cls *cls)
{
    if (!cls) {
        return;
    }
    for (size_t i = 0; i < cls->n_subtables; i++) {
        subtable_destroy(cls->sorted[i]);
    }
    free(cls->sorted);
    hmap_uninit(&cls->subtables);
    cls->sorted = NULL;
    cls->n_subtables = cls->alloc_subtables = cls->n_rules = 0;
}

static struct dp_cls_subtable *
find_subtable(const struct dp_cls *cls, const struct dp_key *mask,
              uint32_t hash)
{
    struct dp_cls_subtable *st;
    HMAP_FOR_EACH_WITH_HASH(st, node, hash, &cls->subtables)
    {
        if (key_equal(&st->mask, mask)) {
            return st;
        }
    }
    return NULL;
}

/* Moves 'st' within the sorted array after its max_priority changed. */
static void
subtable_reposition(struct dp_cls *cls, struct dp_cls_subtable *st)
{
    size_t i = st->index;
    while (i > 0 && cls->sorted[i - 1]->max_priority < st->max_priority) {
        cls->sorted[i] = cls->sorted[i - 1];
        cls->sorted[i]->index = i;
        i--;
    }
    while (i + 1 < cls->n_subtables &&
           cls->sorted[i + 1]->max_priority > st->max_priority) {
        cls->sorted[i] = cls->sorted[i + 1];
        cls->sorted[i]->index = i;
        i++;
    }
    cls->sorted[i] = st;
    st->index = i;
}

static struct dp_cls_subtable *
subtable_create(struct dp_cls *cls, const struct dp_key *mask, uint32_t hash)
{
    struct dp_cls_subtable *st = xzalloc(sizeof *st);
    ctab_init(&st->rules, 8);
    st->mask = *mask;
    for (unsigned int i = 0; i < N_WORDS; i++) {
        if (mask->w[i]) {
            st->words[st->n_words] = (uint8_t)i;
            st->mask_words[st->n_words] = mask->w[i];
            st->n_words++;
        }
    }
    hmap_insert(&cls->subtables, &st->node, hash);
    if (cls->n_subtables == cls->alloc_subtables) {
        cls->alloc_subtables =
            cls->alloc_subtables ? 2 * cls->alloc_subtables : 8;
        cls->sorted = xreallocarray(cls->sorted, cls->alloc_subtables,
                                    sizeof *cls->sorted);
    }
    st->index = cls->n_subtables;
    cls->sorted[cls->n_subtables++] = st;
    /* max_priority is set by the caller's first pri_add(). */
    return st;
}

static void
subtable_remove(struct dp_cls *cls, struct dp_cls_subtable *st)
{
    for (size_t i = st->index; i + 1 < cls->n_subtables; i++) {
        cls->sorted[i] = cls->sorted[i + 1];
        cls->sorted[i]->index = i;
    }
    cls->n_subtables--;
    hmap_remove(&cls->subtables, &st->node);
    subtable_destroy(st);
}

/* Adds one rule of 'priority' to the histogram of 'st'. */
static void
pri_add(struct dp_cls *cls, struct dp_cls_subtable *st, uint16_t priority)
{
    size_t lo = 0, hi = st->n_pris;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (st->pris[mid].priority < priority) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    if (lo < st->n_pris && st->pris[lo].priority == priority) {
        st->pris[lo].count++;
        return;
    }
    if (st->n_pris == st->alloc_pris) {
        st->alloc_pris = st->alloc_pris ? 2 * st->alloc_pris : 4;
        st->pris = xreallocarray(st->pris, st->alloc_pris, sizeof *st->pris);
    }
    memmove(&st->pris[lo + 1], &st->pris[lo],
            (st->n_pris - lo) * sizeof *st->pris);
    st->pris[lo].priority = priority;
    st->pris[lo].count = 1;
    st->n_pris++;
    uint16_t max = st->pris[st->n_pris - 1].priority;
    if (max != st->max_priority || st->n_pris == 1) {
        st->max_priority = max;
        subtable_reposition(cls, st);
    }
}

/* Removes one rule of 'priority' from the histogram of 'st'. */
static void
pri_remove(struct dp_cls *cls, struct dp_cls_subtable *st, uint16_t priority)
{
    size_t lo = 0, hi = st->n_pris;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (st->pris[mid].priority < priority) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    if (lo >= st->n_pris || st->pris[lo].priority != priority) {
        abort(); /* Histogram out of sync: a caller bug. */
    }
    if (--st->pris[lo].count) {
        return;
    }
    memmove(&st->pris[lo], &st->pris[lo + 1],
            (st->n_pris - lo - 1) * sizeof *st->pris);
    st->n_pris--;
    if (st->n_pris && st->pris[st->n_pris - 1].priority != st->max_priority) {
        st->max_priority = st->pris[st->n_pris - 1].priority;
        subtable_reposition(cls, st);
    }
}

static struct dp_cls_rule *
find_head(const struct dp_cls_subtable *st, const struct dp_key *value,
          uint32_t hash)
{
    size_t i = ctab_find(&st->rules, hash, value);
    return i == SIZE_MAX ? NULL : st->rules.rules[i];
}

/* Makes 'rule' the head in the slot of 'old' (same value). */
static void
set_head(struct dp_cls_subtable *st, uint32_t hash,
         const struct dp_cls_rule *old, struct dp_cls_rule *rule)
{
    size_t i = ctab_find(&st->rules, hash, &old->value);
    if (i == SIZE_MAX || st->rules.rules[i] != old) {
        abort(); /* Not in this subtable: a caller bug. */
    }
    st->rules.rules[i] = rule;
}

void
dp_cls_insert(struct dp_cls *cls, struct dp_cls_rule *rule,
              const struct dp_key *value, const struct dp_key *mask,
              uint16_t priority)
{
    uint32_t mhash = dp_cls_hash_key(mask, 0);
    struct dp_cls_subtable *st = find_subtable(cls, mask, mhash);
    if (!st) {
        st = subtable_create(cls, mask, mhash);
    }

    for (size_t i = 0; i < N_WORDS; i++) {
        rule->value.w[i] = value->w[i] & mask->w[i];
    }
    rule->priority = priority;
    rule->subtable = st;
    rule->next_same = NULL;

    uint32_t hash = subtable_hash(st, &rule->value);
    struct dp_cls_rule *head = find_head(st, &rule->value, hash);
    if (!head) {
        ctab_insert(&st->rules, hash, rule);
    } else if (priority > head->priority) {
        set_head(st, hash, head, rule);
        rule->next_same = head;
    } else {
        struct dp_cls_rule *prev = head;
        while (prev->next_same && prev->next_same->priority >= priority) {
            prev = prev->next_same;
        }
        rule->next_same = prev->next_same;
        prev->next_same = rule;
    }
    st->n_rules++;
    cls->n_rules++;
    pri_add(cls, st, priority);
}

void
dp_cls_remove(struct dp_cls *cls, struct dp_cls_rule *rule)
{
    struct dp_cls_subtable *st = rule->subtable;
    uint32_t hash = subtable_hash(st, &rule->value);
    struct dp_cls_rule *head = find_head(st, &rule->value, hash);

    if (head == rule) {
        if (rule->next_same) {
            set_head(st, hash, rule, rule->next_same);
        } else {
            ctab_remove_at(&st->rules,
                           ctab_find(&st->rules, hash, &rule->value));
        }
    } else {
        struct dp_cls_rule *prev = head;
        while (prev && prev->next_same != rule) {
            prev = prev->next_same;
        }
        if (!prev) {
            abort(); /* Not in this classifier: a caller bug. */
        }
        prev->next_same = rule->next_same;
    }
    rule->next_same = NULL;
    rule->subtable = NULL;
    cls->n_rules--;
    st->n_rules--;
    pri_remove(cls, st, rule->priority);
    if (!st->n_rules) {
        subtable_remove(cls, st);
    }
}

void
dp_cls_replace(struct dp_cls *cls, struct dp_cls_rule *old,
               struct dp_cls_rule *new)
{
    struct dp_cls_subtable *st = old->subtable;
    uint32_t hash = subtable_hash(st, &old->value);
    struct dp_cls_rule *head = find_head(st, &old->value, hash);

    (void)cls;
    new->value = old->value;
    new->priority = old->priority;
    new->subtable = st;
    new->next_same = old->next_same;
    if (head == old) {
        set_head(st, hash, old, new);
    } else {
        struct dp_cls_rule *prev = head;
        while (prev && prev->next_same != old) {
            prev = prev->next_same;
        }
        if (!prev) {
            abort();
        }
        prev->next_same = new;
    }
    old->next_same = NULL;
    old->subtable = NULL;
}

struct dp_cls_rule *
dp_cls_lookup(const struct dp_cls *cls, const struct dp_key *key)
{
    struct dp_cls_rule *best = NULL;
    int best_pri = -1;

    for (size_t i = 0; i < cls->n_subtables; i++) {
        const struct dp_cls_subtable *st = cls->sorted[i];
        if ((int)st->max_priority <= best_pri) {
            break;
        }
        uint32_t hash = subtable_hash(st, key);
        const struct cls_table *t = &st->rules;
        for (size_t j = hash & t->mask; t->hashes[j]; j = (j + 1) & t->mask) {
            if (t->hashes[j] == hash) {
                struct dp_cls_rule *r = t->rules[j];
                if (subtable_matches(st, r, key)) {
                    if ((int)r->priority > best_pri) {
                        best = r;
                        best_pri = r->priority;
                    }
                    break;
                }
            }
        }
    }
    return best;
}

struct dp_cls_rule *
dp_cls_find_exact(const struct dp_cls *cls, const struct dp_key *value,
                  const struct dp_key *mask, uint16_t priority)
{
    struct dp_cls_subtable *st =
        find_subtable(cls, mask, dp_cls_hash_key(mask, 0));
    if (!st) {
        return NULL;
    }
    struct dp_key masked;
    for (size_t i = 0; i < N_WORDS; i++) {
        masked.w[i] = value->w[i] & mask->w[i];
    }
    struct dp_cls_rule *r = find_head(st, &masked, subtable_hash(st, &masked));
    while (r && r->priority > priority) {
        r = r->next_same;
    }
    return r && r->priority == priority ? r : NULL;
}

const struct dp_key *
dp_cls_rule_mask(const struct dp_cls_rule *rule)
{
    return &rule->subtable->mask;
}
