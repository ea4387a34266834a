/* datapath/mac-learning.c -- MAC learning table (see mac-learning.h). */
#include <config.h>
#include "datapath/mac-learning.h"

#include <stdlib.h>
#include <string.h>

#include "util/hmap.h"
#include "util/list.h"
#include "util/xalloc.h"

struct mac_entry {
    struct hmap_node node; /* In 'table'. */
    struct list lru;       /* In 'lru', least recently seen first. */
    uint16_t vlan;
    uint8_t mac[6];
    uint32_t port;
    uint64_t seen_ms;
};

struct mac_learning {
    struct hmap table;
    struct list lru;
    uint64_t aging_ms;
    size_t max_entries;
};

static uint32_t
mac_hash(uint16_t vlan, const uint8_t mac[6])
{
    uint64_t x = (uint64_t)vlan << 48;
    for (int i = 0; i < 6; i++) {
        x |= (uint64_t)mac[i] << (40 - 8 * i);
    }
    return hash_u64(x, 0);
}

struct mac_learning *
mac_learning_create(unsigned int aging_s, size_t max_entries)
{
    struct mac_learning *ml = xzalloc(sizeof *ml);
    hmap_init(&ml->table);
    list_init(&ml->lru);
    ml->aging_ms = (uint64_t)(aging_s ? aging_s : 1) * 1000;
    ml->max_entries = max_entries ? max_entries : 1;
    return ml;
}

static void
entry_remove(struct mac_learning *ml, struct mac_entry *e)
{
    hmap_remove(&ml->table, &e->node);
    list_remove(&e->lru);
    free(e);
}

void
mac_learning_destroy(struct mac_learning *ml)
{
    if (ml) {
        mac_learning_flush(ml);
        hmap_uninit(&ml->table);
        free(ml);
    }
}

static struct mac_entry *
find(const struct mac_learning *ml, uint16_t vlan, const uint8_t mac[6])
{
    struct mac_entry *e;
    HMAP_FOR_EACH_WITH_HASH(e, node, mac_hash(vlan, mac), &ml->table)
    {
        if (e->vlan == vlan && !memcmp(e->mac, mac, 6)) {
            return e;
        }
    }
    return NULL;
}

bool
mac_learning_learn(struct mac_learning *ml, uint16_t vlan,
                   const uint8_t mac[6], uint32_t port, uint64_t now_ms)
{
    if (mac[0] & 1) {
        return false; /* Multicast or broadcast source: never learned. */
    }
    struct mac_entry *e = find(ml, vlan, mac);
    if (e) {
        bool moved = e->port != port;
        e->port = port;
        e->seen_ms = now_ms;
        list_remove(&e->lru);
        list_push_back(&ml->lru, &e->lru);
        return moved;
    }
    if (hmap_count(&ml->table) >= ml->max_entries) {
        struct mac_entry *old =
            CONTAINER_OF(ml->lru.next, struct mac_entry, lru);
        entry_remove(ml, old);
    }
    e = xzalloc(sizeof *e);
    e->vlan = vlan;
    memcpy(e->mac, mac, 6);
    e->port = port;
    e->seen_ms = now_ms;
    hmap_insert(&ml->table, &e->node, mac_hash(vlan, mac));
    list_push_back(&ml->lru, &e->lru);
    return true;
}

uint32_t
mac_learning_lookup(const struct mac_learning *ml, uint16_t vlan,
                    const uint8_t mac[6], uint64_t now_ms)
{
    const struct mac_entry *e = find(ml, vlan, mac);
    if (!e || now_ms - e->seen_ms >= ml->aging_ms) {
        return 0;
    }
    return e->port;
}

void
mac_learning_expire(struct mac_learning *ml, uint64_t now_ms)
{
    /* The LRU list is in last-seen order, so stop at the first young one. */
    while (!list_is_empty(&ml->lru)) {
        struct mac_entry *e =
            CONTAINER_OF(ml->lru.next, struct mac_entry, lru);
        if (now_ms - e->seen_ms < ml->aging_ms) {
            break;
        }
        entry_remove(ml, e);
    }
}

void
mac_learning_flush_port(struct mac_learning *ml, uint32_t port)
{
    struct mac_entry *e, *next;
    LIST_FOR_EACH_SAFE(e, next, lru, &ml->lru)
    {
        if (e->port == port) {
            entry_remove(ml, e);
        }
    }
}

void
mac_learning_flush(struct mac_learning *ml)
{
    while (!list_is_empty(&ml->lru)) {
        entry_remove(ml, CONTAINER_OF(ml->lru.next, struct mac_entry, lru));
    }
}

size_t
mac_learning_count(const struct mac_learning *ml)
{
    return hmap_count(&ml->table);
}

static int
cmp_entries(const void *a_, const void *b_)
{
    const struct mac_entry_info *a = a_, *b = b_;
    if (a->vlan != b->vlan) {
        return a->vlan < b->vlan ? -1 : 1;
    }
    return memcmp(a->mac, b->mac, 6);
}

struct mac_entry_info *
mac_learning_dump(const struct mac_learning *ml, uint64_t now_ms, size_t *n)
{
    struct mac_entry_info *out =
        xcalloc(hmap_count(&ml->table) + 1, sizeof *out);
    const struct mac_entry *e;
    size_t i = 0;
    LIST_FOR_EACH(e, lru, &ml->lru)
    {
        if (now_ms - e->seen_ms < ml->aging_ms) {
            out[i].vlan = e->vlan;
            memcpy(out[i].mac, e->mac, 6);
            out[i].port = e->port;
            out[i].age_s = (now_ms - e->seen_ms) / 1000;
            i++;
        }
    }
    qsort(out, i, sizeof *out, cmp_entries);
    *n = i;
    return out;
}
