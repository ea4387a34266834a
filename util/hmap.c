/* util/hmap.c -- intrusive hash map (see hmap.h). */
#include <config.h>
#include "util/hmap.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

static struct hmap_node *empty_bucket[1];

void
hmap_init(struct hmap *m)
{
    m->buckets = empty_bucket;
    m->mask = 0;
    m->n = 0;
}

void
hmap_uninit(struct hmap *m)
{
    if (m && m->buckets != empty_bucket) {
        free(m->buckets);
    }
    if (m) {
        hmap_init(m);
    }
}

static void
resize(struct hmap *m, size_t n_buckets)
{
    struct hmap_node **nb = xcalloc(n_buckets, sizeof *nb);
    size_t mask = n_buckets - 1;

    for (size_t i = 0; i <= m->mask; i++) {
        struct hmap_node *node = m->buckets[i];
        while (node) {
            struct hmap_node *next = node->next;
            struct hmap_node **b = &nb[node->hash & mask];
            node->next = *b;
            *b = node;
            node = next;
        }
    }
    if (m->buckets != empty_bucket) {
        free(m->buckets);
    }
    m->buckets = nb;
    m->mask = mask;
}

static size_t
buckets_for(size_t n)
{
    size_t b = 1;
    while (b < n) {
        b <<= 1;
    }
    return b;
}

void
hmap_reserve(struct hmap *m, size_t n)
{
    size_t b = buckets_for(n);
    if (b > m->mask + 1) {
        resize(m, b);
    }
}

void
hmap_insert(struct hmap *m, struct hmap_node *node, uint32_t hash)
{
    node->hash = hash;
    m->n++;
    if (m->buckets == empty_bucket) {
        /* The shared empty bucket is read-only: give this map its own. */
        resize(m, 2);
    } else if (m->n > m->mask + 1) {
        resize(m, (m->mask + 1) * 2);
    }
    struct hmap_node **b = &m->buckets[hash & m->mask];
    node->next = *b;
    *b = node;
}

void
hmap_remove(struct hmap *m, struct hmap_node *node)
{
    struct hmap_node **p = &m->buckets[node->hash & m->mask];
    while (*p != node) {
        p = &(*p)->next;
    }
    *p = node->next;
    m->n--;
}

void
hmap_clear(struct hmap *m)
{
    if (m->buckets != empty_bucket) {
        memset(m->buckets, 0, (m->mask + 1) * sizeof *m->buckets);
    }
    m->n = 0;
}

void
hmap_shrink(struct hmap *m)
{
    size_t b = buckets_for(m->n);
    if (b < m->mask + 1) {
        if (m->n == 0) {
            hmap_uninit(m);
        } else {
            resize(m, b);
        }
    }
}

struct hmap_node *
hmap_first(const struct hmap *m, size_t *pos)
{
    for (size_t i = 0; i <= m->mask; i++) {
        if (m->buckets[i]) {
            *pos = i;
            return m->buckets[i];
        }
    }
    return NULL;
}

struct hmap_node *
hmap_next(const struct hmap *m, const struct hmap_node *node, size_t *pos)
{
    if (node->next) {
        return node->next;
    }
    for (size_t i = *pos + 1; i <= m->mask; i++) {
        if (m->buckets[i]) {
            *pos = i;
            return m->buckets[i];
        }
    }
    return NULL;
}

uint32_t
hash_bytes(const void *p_, size_t n, uint32_t basis)
{
    const uint8_t *p = p_;
    uint32_t hash = basis;
    size_t i;

    for (i = 0; i + 4 <= n; i += 4) {
        uint32_t w;
        memcpy(&w, p + i, 4);
        hash = hash_add(hash, w);
    }
    if (i < n) {
        uint32_t w = 0;
        memcpy(&w, p + i, n - i);
        hash = hash_add(hash, w);
    }
    return hash_finish(hash, (uint32_t)n);
}
