/* datapath/group.c -- the OpenFlow group table (see group.h). */
#include <config.h>
#include "datapath/group.h"

#include <stdlib.h>
#include <string.h>

#include "ofp13/msgs.h"
#include "ofp13/ofp.h"
#include "util/xalloc.h"

/* Liveness may follow watch_group chains, which GROUP_MOD does not keep
 * loop-free (only forwarding is); past this depth a bucket counts as
 * dead. */
#define MAX_LIVENESS_DEPTH 16

struct dp_group_table {
    struct hmap groups; /* 'struct dp_group' by group_id. */
    size_t max_groups;
    size_t max_buckets;
};

static uint32_t
group_hash(uint32_t group_id)
{
    return hash_u32(group_id, 0);
}

struct dp_group_table *
dp_group_table_create(size_t max_groups, size_t max_buckets)
{
    struct dp_group_table *gt = xzalloc(sizeof *gt);
    hmap_init(&gt->groups);
    hmap_reserve(&gt->groups, 2);
    gt->max_groups = max_groups;
    gt->max_buckets = max_buckets;
    return gt;
}

static void
group_free_rt(struct dp_group *g)
{
    if (g->rt) {
        for (size_t i = 0; i < g->buckets.n; i++) {
            free(g->rt[i].order);
        }
        free(g->rt);
        g->rt = NULL;
    }
}

static void
group_destroy(struct dp_group *g)
{
    group_free_rt(g);
    ofp_buckets_uninit(&g->buckets);
    free(g);
}

void
dp_group_table_destroy(struct dp_group_table *gt)
{
    if (!gt) {
        return;
    }
    struct dp_group *g;
    HMAP_FOR_EACH(g, node, &gt->groups)
    {
        hmap_remove(&gt->groups, &g->node);
        group_destroy(g);
    }
    hmap_uninit(&gt->groups);
    free(gt);
}

struct dp_group *
dp_group_table_find(const struct dp_group_table *gt, uint32_t group_id)
{
    struct dp_group *g;
    HMAP_FOR_EACH_WITH_HASH(g, node, group_hash(group_id), &gt->groups)
    {
        if (g->group_id == group_id) {
            return g;
        }
    }
    return NULL;
}

size_t
dp_group_table_count(const struct dp_group_table *gt)
{
    return hmap_count(&gt->groups);
}

size_t
dp_group_table_max_groups(const struct dp_group_table *gt)
{
    return gt->max_groups;
}

size_t
dp_group_table_max_buckets(const struct dp_group_table *gt)
{
    return gt->max_buckets;
}

/* Rank of an action type in the action set (reference §1.5): copy TTL in,
 * pops, push MPLS, push PBB, push VLAN, copy TTL out, decrements, sets,
 * queue, group, output. */
static unsigned int
action_set_rank(uint16_t type)
{
    switch (type) {
    case OFPAT_COPY_TTL_IN:
        return 0;
    case OFPAT_POP_VLAN:
        return 1;
    case OFPAT_POP_PBB:
        return 2;
    case OFPAT_POP_MPLS:
        return 3;
    case OFPAT_PUSH_MPLS:
        return 4;
    case OFPAT_PUSH_PBB:
        return 5;
    case OFPAT_PUSH_VLAN:
        return 6;
    case OFPAT_COPY_TTL_OUT:
        return 7;
    case OFPAT_DEC_MPLS_TTL:
    case OFPAT_DEC_NW_TTL:
        return 8;
    case OFPAT_SET_MPLS_TTL:
    case OFPAT_SET_NW_TTL:
    case OFPAT_SET_FIELD:
    case OFPAT_X_SET_VLAN_OR_PUSH:
    case OFPAT_X_SET_L4_SRC:
    case OFPAT_X_SET_L4_DST:
        return 9;
    case OFPAT_SET_QUEUE:
        return 10;
    case OFPAT_GROUP:
        return 11;
    case OFPAT_OUTPUT:
        return 12;
    default:
        return 13;
    }
}

static void
bucket_build_rt(const struct ofp_bucket *b, struct dp_bucket *rt)
{
    rt->n = b->actions.n;
    rt->order = xcalloc(rt->n ? rt->n : 1, sizeof *rt->order);
    rt->has_group = false;
    rt->packet_count = rt->byte_count = 0;
    /* Stable insertion sort by rank: buckets are short. */
    for (size_t i = 0; i < rt->n; i++) {
        const struct ofp_action *a = &b->actions.a[i];
        unsigned int rank = action_set_rank(a->type);
        size_t j = i;
        while (j > 0 && action_set_rank(rt->order[j - 1]->type) > rank) {
            rt->order[j] = rt->order[j - 1];
            j--;
        }
        rt->order[j] = a;
        if (a->type == OFPAT_GROUP) {
            rt->has_group = true;
        }
    }
}

static void
group_build_rt(struct dp_group *g)
{
    g->rt = xcalloc(g->buckets.n ? g->buckets.n : 1, sizeof *g->rt);
    g->total_weight = 0;
    for (size_t i = 0; i < g->buckets.n; i++) {
        bucket_build_rt(&g->buckets.b[i], &g->rt[i]);
        g->total_weight += g->buckets.b[i].weight;
    }
}

/* Adds 'delta' to the group_refs of every group that 'buckets' forward
 * to. */
static void
adjust_targets(struct dp_group_table *gt, const struct ofp_buckets *buckets,
               int delta)
{
    for (size_t i = 0; i < buckets->n; i++) {
        const struct ofp_actions *acts = &buckets->b[i].actions;
        for (size_t j = 0; j < acts->n; j++) {
            if (acts->a[j].type == OFPAT_GROUP) {
                struct dp_group *t =
                    dp_group_table_find(gt, acts->a[j].u.group_id);
                if (t) {
                    t->group_refs += delta;
                }
            }
        }
    }
}

/* A set of group ids for the loop search. */
struct id_set {
    uint32_t *ids;
    size_t n, alloc;
};

static bool
id_set_add(struct id_set *s, uint32_t id)
{
    for (size_t i = 0; i < s->n; i++) {
        if (s->ids[i] == id) {
            return false;
        }
    }
    if (s->n == s->alloc) {
        s->alloc = s->alloc ? 2 * s->alloc : 16;
        s->ids = xreallocarray(s->ids, s->alloc, sizeof *s->ids);
    }
    s->ids[s->n++] = id;
    return true;
}

/* Would forwarding from the groups that 'gm''s buckets name come back to
 * gm->group_id, with 'gm' applied?  Depth-first search over the GROUP
 * actions of the buckets, each group visited once. */
static bool
creates_loop(const struct dp_group_table *gt, const struct ofp_group_mod *gm)
{
    struct id_set seen = { NULL, 0, 0 };
    struct id_set stack = { NULL, 0, 0 };
    bool loop = false;

    for (size_t i = 0; i < gm->buckets.n; i++) {
        const struct ofp_actions *acts = &gm->buckets.b[i].actions;
        for (size_t j = 0; j < acts->n; j++) {
            if (acts->a[j].type == OFPAT_GROUP &&
                id_set_add(&seen, acts->a[j].u.group_id)) {
                id_set_add(&stack, acts->a[j].u.group_id);
            }
        }
    }
    while (stack.n && !loop) {
        uint32_t id = stack.ids[--stack.n];
        if (id == gm->group_id) {
            loop = true;
            break;
        }
        const struct dp_group *g = dp_group_table_find(gt, id);
        if (!g) {
            continue;
        }
        for (size_t i = 0; i < g->buckets.n; i++) {
            const struct ofp_actions *acts = &g->buckets.b[i].actions;
            for (size_t j = 0; j < acts->n; j++) {
                uint32_t t = acts->a[j].u.group_id;
                if (acts->a[j].type == OFPAT_GROUP && id_set_add(&seen, t)) {
                    /* 'stack' may hold an id already popped; a re-push is
                     * prevented by 'seen'. */
                    if (stack.n == stack.alloc) {
                        stack.alloc = stack.alloc ? 2 * stack.alloc : 16;
                        stack.ids = xreallocarray(stack.ids, stack.alloc,
                                                  sizeof *stack.ids);
                    }
                    stack.ids[stack.n++] = t;
                }
            }
        }
    }
    free(seen.ids);
    free(stack.ids);
    return loop;
}

enum ofperr
dp_group_table_check(const struct dp_group_table *gt,
                     const struct ofp_group_mod *gm)
{
    if (gm->command != OFPGC_ADD && gm->command != OFPGC_MODIFY) {
        return OFPERR_OFPGMFC_BAD_COMMAND;
    }
    if (gm->type > OFPGT_FF) {
        return OFPERR_OFPGMFC_BAD_TYPE;
    }
    if (gm->group_id > OFPG_MAX) {
        return OFPERR_OFPGMFC_INVALID_GROUP;
    }
    const struct dp_group *old = dp_group_table_find(gt, gm->group_id);
    if (gm->command == OFPGC_ADD && old) {
        return OFPERR_OFPGMFC_GROUP_EXISTS;
    }
    if (gm->command == OFPGC_MODIFY && !old) {
        return OFPERR_OFPGMFC_UNKNOWN_GROUP;
    }
    if (gm->command == OFPGC_ADD &&
        dp_group_table_count(gt) >= gt->max_groups) {
        return OFPERR_OFPGMFC_OUT_OF_GROUPS;
    }
    if (gm->buckets.n > gt->max_buckets) {
        return OFPERR_OFPGMFC_OUT_OF_BUCKETS;
    }
    /* An indirect group has exactly one bucket (OF1.3.5 §5.6.1). */
    if (gm->type == OFPGT_INDIRECT && gm->buckets.n != 1) {
        return OFPERR_OFPGMFC_INVALID_GROUP;
    }

    for (size_t i = 0; i < gm->buckets.n; i++) {
        const struct ofp_bucket *b = &gm->buckets.b[i];
        /* OF1.3.5 §5.6.1: a fast-failover bucket watches a port or a
         * group; watching a reserved port other than LOCAL, an unknown
         * group or the group itself is meaningless. */
        if (gm->type == OFPGT_FF && b->watch_port == OFPP_ANY &&
            b->watch_group == OFPG_ANY) {
            return OFPERR_OFPGMFC_BAD_WATCH;
        }
        if (b->watch_port != OFPP_ANY &&
            (b->watch_port == 0 ||
             (b->watch_port > OFPP_MAX && b->watch_port != OFPP_LOCAL))) {
            return OFPERR_OFPGMFC_BAD_WATCH;
        }
        if (b->watch_group != OFPG_ANY &&
            (b->watch_group > OFPG_MAX || b->watch_group == gm->group_id ||
             !dp_group_table_find(gt, b->watch_group))) {
            return OFPERR_OFPGMFC_BAD_WATCH;
        }
        for (size_t j = 0; j < b->actions.n; j++) {
            const struct ofp_action *a = &b->actions.a[j];
            if (a->type != OFPAT_GROUP) {
                continue;
            }
            if (a->u.group_id == gm->group_id) {
                return OFPERR_OFPGMFC_LOOP;
            }
            if (!dp_group_table_find(gt, a->u.group_id)) {
                return OFPERR_OFPBAC_BAD_OUT_GROUP;
            }
        }
    }
    if (creates_loop(gt, gm)) {
        return OFPERR_OFPGMFC_LOOP;
    }
    return 0;
}

void
dp_group_table_apply(struct dp_group_table *gt, const struct ofp_group_mod *gm,
                     uint64_t now)
{
    struct dp_group *g = dp_group_table_find(gt, gm->group_id);

    if (!g) {
        g = xzalloc(sizeof *g);
        g->group_id = gm->group_id;
        g->created_ns = now;
        ofp_buckets_init(&g->buckets);
        hmap_insert(&gt->groups, &g->node, group_hash(g->group_id));
    } else {
        adjust_targets(gt, &g->buckets, -1);
        group_free_rt(g);
        ofp_buckets_uninit(&g->buckets);
    }
    g->type = gm->type;
    ofp_buckets_copy(&g->buckets, &gm->buckets);
    group_build_rt(g);
    adjust_targets(gt, &g->buckets, 1);
}

enum ofperr
dp_group_table_check_delete(const struct dp_group_table *gt, uint32_t group_id)
{
    if (group_id > OFPG_MAX) {
        return OFPERR_OFPGMFC_INVALID_GROUP;
    }
    const struct dp_group *g = dp_group_table_find(gt, group_id);
    if (g && g->group_refs) {
        return OFPERR_OFPGMFC_CHAINED_GROUP;
    }
    return 0;
}

void
dp_group_table_delete(struct dp_group_table *gt, uint32_t group_id)
{
    if (group_id == OFPG_ALL) {
        struct dp_group *g;
        HMAP_FOR_EACH(g, node, &gt->groups)
        {
            hmap_remove(&gt->groups, &g->node);
            group_destroy(g);
        }
        return;
    }
    struct dp_group *g = dp_group_table_find(gt, group_id);
    if (g) {
        adjust_targets(gt, &g->buckets, -1);
        hmap_remove(&gt->groups, &g->node);
        group_destroy(g);
    }
}

static int
compare_groups(const void *a_, const void *b_)
{
    const struct dp_group *const *a = a_;
    const struct dp_group *const *b = b_;
    return (*a)->group_id < (*b)->group_id ? -1
                                           : (*a)->group_id > (*b)->group_id;
}

struct dp_group **
dp_group_table_sorted(const struct dp_group_table *gt, size_t *n)
{
    struct dp_group **v = xcalloc(hmap_count(&gt->groups) + 1, sizeof *v);
    struct dp_group *g;
    size_t i = 0;
    HMAP_FOR_EACH(g, node, &gt->groups)
    {
        v[i++] = g;
    }
    qsort(v, i, sizeof *v, compare_groups);
    *n = i;
    return v;
}

static bool group_is_live__(const struct dp_group_table *,
                            const struct dp_group *,
                            const struct dp_group_liveness *, int depth);

static bool
bucket_is_live__(const struct dp_group_table *gt, const struct ofp_bucket *b,
                 const struct dp_group_liveness *lv, int depth)
{
    if (b->watch_port != OFPP_ANY &&
        !(lv && lv->port_live && lv->port_live(lv->aux, b->watch_port))) {
        return false;
    }
    if (b->watch_group != OFPG_ANY) {
        const struct dp_group *w = dp_group_table_find(gt, b->watch_group);
        if (!w || depth >= MAX_LIVENESS_DEPTH ||
            !group_is_live__(gt, w, lv, depth + 1)) {
            return false;
        }
    }
    return true;
}

static bool
group_is_live__(const struct dp_group_table *gt, const struct dp_group *g,
                const struct dp_group_liveness *lv, int depth)
{
    for (size_t i = 0; i < g->buckets.n; i++) {
        if (bucket_is_live__(gt, &g->buckets.b[i], lv, depth)) {
            return true;
        }
    }
    return false;
}

bool
dp_group_bucket_is_live(const struct dp_group_table *gt,
                        const struct ofp_bucket *b,
                        const struct dp_group_liveness *lv)
{
    return bucket_is_live__(gt, b, lv, 0);
}

bool
dp_group_is_live(const struct dp_group_table *gt, const struct dp_group *g,
                 const struct dp_group_liveness *lv)
{
    return group_is_live__(gt, g, lv, 0);
}

int
dp_group_choose_bucket(const struct dp_group_table *gt,
                       const struct dp_group *g, uint32_t hash,
                       const struct dp_group_liveness *lv)
{
    switch (g->type) {
    case OFPGT_INDIRECT:
        return g->buckets.n ? 0 : -1;

    case OFPGT_FF:
        for (size_t i = 0; i < g->buckets.n; i++) {
            if (dp_group_bucket_is_live(gt, &g->buckets.b[i], lv)) {
                return (int)i;
            }
        }
        return -1;

    case OFPGT_SELECT: {
        /* Weighted choice among live buckets: map the hash onto
         * [0, total live weight) and walk the live buckets.  Liveness is
         * asked twice rather than stored, to stay allocation-free. */
        uint32_t live_weight = 0;
        for (size_t i = 0; i < g->buckets.n; i++) {
            if (dp_group_bucket_is_live(gt, &g->buckets.b[i], lv)) {
                live_weight += g->buckets.b[i].weight;
            }
        }
        if (!live_weight) {
            return -1;
        }
        uint32_t x = (uint32_t)(((uint64_t)hash * live_weight) >> 32);
        for (size_t i = 0; i < g->buckets.n; i++) {
            const struct ofp_bucket *b = &g->buckets.b[i];
            if (!b->weight || !dp_group_bucket_is_live(gt, b, lv)) {
                continue;
            }
            if (x < b->weight) {
                return (int)i;
            }
            x -= b->weight;
        }
        return -1;
    }

    default:
        return -1;
    }
}

void
dp_group_get_stats(const struct dp_group *g, uint64_t now,
                   struct ofp_group_stats *gs)
{
    uint64_t d = now > g->created_ns ? now - g->created_ns : 0;

    memset(gs, 0, sizeof *gs);
    gs->group_id = g->group_id;
    gs->ref_count = g->flow_refs + g->group_refs;
    gs->packet_count = g->packet_count;
    gs->byte_count = g->byte_count;
    gs->duration_sec = (uint32_t)(d / 1000000000u);
    gs->duration_nsec = (uint32_t)(d % 1000000000u);
    gs->n_buckets = g->buckets.n;
    gs->buckets = xcalloc(g->buckets.n + 1, sizeof *gs->buckets);
    for (size_t i = 0; i < g->buckets.n; i++) {
        gs->buckets[i].packet_count = g->rt[i].packet_count;
        gs->buckets[i].byte_count = g->rt[i].byte_count;
    }
}

void
dp_group_get_desc(const struct dp_group *g, struct ofp_group_desc *gd)
{
    memset(gd, 0, sizeof *gd);
    gd->type = g->type;
    gd->group_id = g->group_id;
    ofp_buckets_copy(&gd->buckets, &g->buckets);
}

void
dp_group_table_get_features(const struct dp_group_table *gt,
                            struct ofp_group_features *gf)
{
    static const uint16_t actions[] = {
        OFPAT_OUTPUT,       OFPAT_COPY_TTL_OUT, OFPAT_COPY_TTL_IN,
        OFPAT_SET_MPLS_TTL, OFPAT_DEC_MPLS_TTL, OFPAT_PUSH_VLAN,
        OFPAT_POP_VLAN,     OFPAT_PUSH_MPLS,    OFPAT_POP_MPLS,
        OFPAT_SET_QUEUE,    OFPAT_GROUP,        OFPAT_SET_NW_TTL,
        OFPAT_DEC_NW_TTL,   OFPAT_SET_FIELD,    OFPAT_PUSH_PBB,
        OFPAT_POP_PBB,
    };
    uint32_t bits = 0;
    for (size_t i = 0; i < ARRAY_SIZE(actions); i++) {
        bits |= 1u << actions[i];
    }

    memset(gf, 0, sizeof *gf);
    gf->types = 1u << OFPGT_ALL | 1u << OFPGT_SELECT | 1u << OFPGT_INDIRECT |
                1u << OFPGT_FF;
    gf->capabilities = OFPGFC_SELECT_WEIGHT | OFPGFC_SELECT_LIVENESS |
                       OFPGFC_CHAINING | OFPGFC_CHAINING_CHECKS;
    for (size_t i = 0; i < 4; i++) {
        size_t max = gt->max_groups;
        gf->max_groups[i] = max > UINT32_MAX ? UINT32_MAX : (uint32_t)max;
        gf->actions[i] = bits;
    }
}
