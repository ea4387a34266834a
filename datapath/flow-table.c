/* datapath/flow-table.c -- one OpenFlow flow table (see flow-table.h).
 *
 * A flow keeps its match as the classifier's (value, mask) pair over the
 * flat key plus the OXM 'present' and 'masked' bits, which is enough to
 * rebuild the ofp_match for stats and FLOW_REMOVED: the key stores each
 * field's value in wire order at its own offset.  Strict identity, the
 * non-strict subset test and the overlap test all work on the key, so a
 * control operation over N flows costs N short word loops. */
#include <config.h>
#include "datapath/flow-table.h"

#include <stdlib.h>
#include <string.h>

#include "ofp13/msgs.h"
#include "util/xalloc.h"

#define N_WORDS (DP_KEY_SIZE / 8)

struct dp_flow_table {
    uint8_t table_id;
    enum dp_table_miss miss;
    struct dp_cls cls;
    struct list flows; /* 'struct dp_flow' by 'table_node'. */
    size_t n_flows;
    size_t max_flows;
    uint64_t lookup_count;
    uint64_t matched_count;
};

struct dp_flow *
dp_flow_create(const struct ofp_flow_mod *fm, uint8_t table_id, uint64_t now)
{
    struct dp_flow *flow = xzalloc(sizeof *flow);

    /* The key value and mask come with dp_flow_table_insert(). */
    flow->cr.priority = fm->priority;
    list_init(&flow->table_node);
    list_init(&flow->timeout_node);
    flow->table_id = table_id;
    flow->table_miss = fm->priority == 0 && fm->match.present == 0;
    flow->flags = fm->flags;
    flow->idle_timeout = fm->idle_timeout;
    flow->hard_timeout = fm->hard_timeout;
    flow->cookie = fm->cookie;
    flow->created_ns = now;
    flow->used_ns = now;
    flow->match_present = fm->match.present;
    flow->match_masked = fm->match.masked;
    ofp_instructions_copy(&flow->insts, &fm->instructions);
    return flow;
}

void
dp_flow_destroy(struct dp_flow *flow)
{
    if (flow) {
        ofp_instructions_uninit(&flow->insts);
        free(flow);
    }
}

void
dp_flow_get_match(const struct dp_flow *flow, struct ofp_match *match)
{
    const struct dp_key *mask = dp_cls_rule_mask(&flow->cr);

    ofp_match_init(match);
    for (unsigned int f = 0; f < OXM_N_FIELDS; f++) {
        if (!((flow->match_present >> f) & 1)) {
            continue;
        }
        size_t ofs = dp_key_field_ofs(f);
        size_t len = dp_key_field_len(f);
        const uint8_t *v = (const uint8_t *)flow->cr.value.w + ofs;
        const uint8_t *m = (const uint8_t *)mask->w + ofs;
        memcpy(match->value[f].b, v, len);
        if ((flow->match_masked >> f) & 1) {
            memcpy(match->mask[f].b, m, len);
        } else {
            memset(match->mask[f].b, 0xff, len);
        }
    }
    match->present = flow->match_present;
    match->masked = flow->match_masked;
}

bool
dp_flow_is_subset(const struct dp_flow *flow, const struct dp_key *value,
                  const struct dp_key *mask)
{
    const struct dp_key *fmask = dp_cls_rule_mask(&flow->cr);
    for (size_t i = 0; i < N_WORDS; i++) {
        if ((fmask->w[i] & mask->w[i]) != mask->w[i] ||
            (flow->cr.value.w[i] & mask->w[i]) != value->w[i]) {
            return false;
        }
    }
    return true;
}

static bool
actions_have_output(const struct ofp_actions *acts, uint32_t port)
{
    for (size_t i = 0; i < acts->n; i++) {
        if (acts->a[i].type == OFPAT_OUTPUT &&
            acts->a[i].u.output.port == port) {
            return true;
        }
    }
    return false;
}

static bool
actions_have_group(const struct ofp_actions *acts, uint32_t group)
{
    for (size_t i = 0; i < acts->n; i++) {
        if (acts->a[i].type == OFPAT_GROUP && acts->a[i].u.group_id == group) {
            return true;
        }
    }
    return false;
}

bool
dp_flow_has_out_port(const struct dp_flow *flow, uint32_t port)
{
    return port == OFPP_ANY || actions_have_output(&flow->insts.apply, port) ||
           actions_have_output(&flow->insts.write, port);
}

bool
dp_flow_has_out_group(const struct dp_flow *flow, uint32_t group)
{
    return group == OFPG_ANY ||
           actions_have_group(&flow->insts.apply, group) ||
           actions_have_group(&flow->insts.write, group);
}

struct dp_flow_table *
dp_flow_table_create(uint8_t table_id, size_t max_flows)
{
    struct dp_flow_table *t = xzalloc(sizeof *t);
    t->table_id = table_id;
    t->miss = DP_TABLE_MISS_DROP;
    dp_cls_init(&t->cls);
    list_init(&t->flows);
    t->max_flows = max_flows;
    return t;
}

void
dp_flow_table_destroy(struct dp_flow_table *t)
{
    if (!t) {
        return;
    }
    struct dp_flow *flow, *next;
    LIST_FOR_EACH_SAFE(flow, next, table_node, &t->flows)
    {
        list_remove(&flow->table_node);
        list_remove(&flow->timeout_node);
        dp_flow_destroy(flow);
    }
    dp_cls_uninit(&t->cls);
    free(t);
}

/* Could one packet match both 'a' (in the table) and 'b' (about to be
 * inserted with 'bmask')? */
static bool
flows_overlap(const struct dp_flow *a, const struct dp_flow *b,
              const struct dp_key *bmask)
{
    const struct dp_key *amask = dp_cls_rule_mask(&a->cr);
    for (size_t i = 0; i < N_WORDS; i++) {
        if ((a->cr.value.w[i] ^ b->cr.value.w[i]) & amask->w[i] &
            bmask->w[i]) {
            return false;
        }
    }
    return true;
}

enum ofperr
dp_flow_table_insert(struct dp_flow_table *t, struct dp_flow *flow,
                     const struct dp_key *value, const struct dp_key *mask,
                     bool check_overlap, bool reset_counts,
                     struct dp_flow **replaced)
{
    uint16_t priority = flow->cr.priority;

    *replaced = NULL;
    for (size_t i = 0; i < N_WORDS; i++) {
        flow->cr.value.w[i] = value->w[i] & mask->w[i];
    }
    if (check_overlap) {
        struct dp_flow *other;
        LIST_FOR_EACH(other, table_node, &t->flows)
        {
            if (other->cr.priority == priority &&
                flows_overlap(other, flow, mask)) {
                return OFPERR_OFPFMFC_OVERLAP;
            }
        }
    }

    struct dp_cls_rule *old_rule =
        dp_cls_find_exact(&t->cls, value, mask, priority);
    if (old_rule) {
        struct dp_flow *old = CONTAINER_OF(old_rule, struct dp_flow, cr);
        if (!reset_counts) {
            flow->packet_count = old->packet_count;
            flow->byte_count = old->byte_count;
        }
        dp_cls_replace(&t->cls, &old->cr, &flow->cr);
        list_insert(&old->table_node, &flow->table_node);
        list_remove(&old->table_node);
        *replaced = old;
        return 0;
    }
    if (t->n_flows >= t->max_flows) {
        return OFPERR_OFPFMFC_TABLE_FULL;
    }
    dp_cls_insert(&t->cls, &flow->cr, value, mask, priority);
    list_push_back(&t->flows, &flow->table_node);
    t->n_flows++;
    return 0;
}

void
dp_flow_table_remove(struct dp_flow_table *t, struct dp_flow *flow)
{
    dp_cls_remove(&t->cls, &flow->cr);
    list_remove(&flow->table_node);
    t->n_flows--;
}

struct dp_flow *
dp_flow_table_find_strict(const struct dp_flow_table *t,
                          const struct dp_key *value,
                          const struct dp_key *mask, uint16_t priority)
{
    struct dp_cls_rule *r = dp_cls_find_exact(&t->cls, value, mask, priority);
    return r ? CONTAINER_OF(r, struct dp_flow, cr) : NULL;
}

struct dp_flow *
dp_flow_table_lookup(const struct dp_flow_table *t, const struct dp_key *key)
{
    struct dp_cls_rule *r = dp_cls_lookup(&t->cls, key);
    return r ? CONTAINER_OF(r, struct dp_flow, cr) : NULL;
}

size_t
dp_flow_table_n_masks(const struct dp_flow_table *t)
{
    return dp_cls_n_subtables(&t->cls);
}

struct list *
dp_flow_table_flows(struct dp_flow_table *t)
{
    return &t->flows;
}

size_t
dp_flow_table_count(const struct dp_flow_table *t)
{
    return t->n_flows;
}

uint8_t
dp_flow_table_id(const struct dp_flow_table *t)
{
    return t->table_id;
}

void
dp_flow_table_count_lookup(struct dp_flow_table *t, bool matched)
{
    t->lookup_count++;
    t->matched_count += matched;
}

void
dp_flow_table_get_counts(const struct dp_flow_table *t, uint64_t *lookup,
                         uint64_t *matched)
{
    *lookup = t->lookup_count;
    *matched = t->matched_count;
}

enum dp_table_miss
dp_flow_table_get_miss(const struct dp_flow_table *t)
{
    return t->miss;
}

void
dp_flow_table_set_miss(struct dp_flow_table *t, enum dp_table_miss miss)
{
    t->miss = miss;
}
