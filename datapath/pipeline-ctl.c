/* datapath/pipeline-ctl.c -- the OpenFlow 1.3 pipeline (see pipeline.h),
 * its control half: validation of actions and instructions against switch
 * state, FLOW_MOD (ADD, MODIFY, DELETE and their filters), table-miss
 * policy, timeouts, GROUP_MOD and METER_MOD with the flows they remove, and
 * the statistics replies. */
#include <config.h>
#include "datapath/pipeline.h"

#include <stdlib.h>
#include <string.h>

#include "datapath/classifier.h"
#include "datapath/pipeline-private.h"
#include "ofp13/ofp.h"
#include "util/xalloc.h"

/* --- Validation against switch state. ---------------------------------- */

/* What the flow's match (as changed by the actions so far) guarantees
 * about the packet, for set_field prerequisites (OF1.3.5 §7.2.3.6). */
struct pstate {
    int eth_type;  /* -1: unknown. */
    int ip_proto;  /* -1: unknown. */
    int icmp_type; /* ICMPv6 type, -1: unknown. */
    int vlan;      /* 1: tagged, 0: untagged, -1: unknown. */
};

static bool
mask_all_ones(const struct dp_key *mask, size_t ofs, size_t len)
{
    const uint8_t *m = key_cbytes(mask, ofs);
    for (size_t i = 0; i < len; i++) {
        if (m[i] != 0xff) {
            return false;
        }
    }
    return true;
}

static void
pstate_from_key(const struct dp_pipeline *p, const struct dp_key *value,
                const struct dp_key *mask, struct pstate *st)
{
    st->eth_type = mask_all_ones(mask, p->ofs_eth_type, 2)
                       ? (int)get_be(key_cbytes(value, p->ofs_eth_type), 2)
                       : -1;
    st->ip_proto = mask_all_ones(mask, p->ofs_ip_proto, 1)
                       ? *key_cbytes(value, p->ofs_ip_proto)
                       : -1;
    st->icmp_type = mask_all_ones(mask, p->ofs_icmpv6_type, 1)
                        ? *key_cbytes(value, p->ofs_icmpv6_type)
                        : -1;
    uint16_t vmask = (uint16_t)get_be(key_cbytes(mask, p->ofs_vlan_vid), 2);
    uint16_t vval = (uint16_t)get_be(key_cbytes(value, p->ofs_vlan_vid), 2);
    st->vlan = vmask & OFPVID_PRESENT ? (vval & OFPVID_PRESENT) != 0 : -1;
}

static bool
is_ip(const struct pstate *st)
{
    return st->eth_type == 0x0800 || st->eth_type == 0x86dd;
}

static bool
prereq_ok(const struct pstate *st, enum oxm_field f)
{
    switch (f) {
    case OXM_VLAN_PCP:
        return st->vlan == 1;
    case OXM_IP_DSCP:
    case OXM_IP_ECN:
    case OXM_IP_PROTO:
        return is_ip(st);
    case OXM_IPV4_SRC:
    case OXM_IPV4_DST:
        return st->eth_type == 0x0800;
    case OXM_TCP_SRC:
    case OXM_TCP_DST:
        return is_ip(st) && st->ip_proto == 6;
    case OXM_UDP_SRC:
    case OXM_UDP_DST:
        return is_ip(st) && st->ip_proto == 17;
    case OXM_SCTP_SRC:
    case OXM_SCTP_DST:
        return is_ip(st) && st->ip_proto == 132;
    case OXM_ICMPV4_TYPE:
    case OXM_ICMPV4_CODE:
        return st->eth_type == 0x0800 && st->ip_proto == 1;
    case OXM_ARP_OP:
    case OXM_ARP_SPA:
    case OXM_ARP_TPA:
    case OXM_ARP_SHA:
    case OXM_ARP_THA:
        return st->eth_type == 0x0806;
    case OXM_IPV6_SRC:
    case OXM_IPV6_DST:
    case OXM_IPV6_FLABEL:
    case OXM_IPV6_EXTHDR:
        return st->eth_type == 0x86dd;
    case OXM_ICMPV6_TYPE:
    case OXM_ICMPV6_CODE:
        return st->eth_type == 0x86dd && st->ip_proto == 58;
    case OXM_IPV6_ND_TARGET:
        return st->eth_type == 0x86dd && st->ip_proto == 58 &&
               (st->icmp_type == 135 || st->icmp_type == 136);
    case OXM_IPV6_ND_SLL:
        return st->eth_type == 0x86dd && st->ip_proto == 58 &&
               st->icmp_type == 135;
    case OXM_IPV6_ND_TLL:
        return st->eth_type == 0x86dd && st->ip_proto == 58 &&
               st->icmp_type == 136;
    case OXM_MPLS_LABEL:
    case OXM_MPLS_TC:
    case OXM_MPLS_BOS:
        return st->eth_type == 0x8847 || st->eth_type == 0x8848;
    case OXM_PBB_ISID:
        return st->eth_type == 0x88e7;
    default:
        return true;
    }
}

static enum ofperr
check_out_port(const struct dp_pipeline *p, uint32_t port, bool packet_out)
{
    switch (port) {
    case OFPP_IN_PORT:
    case OFPP_NORMAL:
    case OFPP_FLOOD:
    case OFPP_ALL:
    case OFPP_CONTROLLER:
    case OFPP_LOCAL:
        return 0;
    case OFPP_TABLE:
        return packet_out ? 0 : OFPERR_OFPBAC_BAD_OUT_PORT;
    default:
        if (port == 0 || port > OFPP_MAX) {
            return OFPERR_OFPBAC_BAD_OUT_PORT;
        }
        if (p->cfg.check_out_ports && !dp_pipeline_find_port(p, port)) {
            return OFPERR_OFPBAC_BAD_OUT_PORT;
        }
        return 0;
    }
}

/* Checks one action against switch state and, if 'st' is nonnull, against
 * what the match guarantees, then applies the action's effect to 'st'. */
static enum ofperr
check_action(const struct dp_pipeline *p, const struct ofp_action *a,
             struct pstate *st, bool packet_out)
{
    switch (a->type) {
    case OFPAT_OUTPUT:
        return check_out_port(p, a->u.output.port, packet_out);

    case OFPAT_GROUP:
        if (a->u.group_id > OFPG_MAX ||
            !dp_group_table_find(p->groups, a->u.group_id)) {
            return OFPERR_OFPBAC_BAD_OUT_GROUP;
        }
        return 0;

    case OFPAT_SET_FIELD: {
        enum oxm_field f = a->u.set_field.field;
        const struct oxm_field_info *info = oxm_field_info(f);
        if (!info || !info->settable) {
            return OFPERR_OFPBAC_BAD_SET_TYPE;
        }
        if (f == OXM_VLAN_VID &&
            !(get_be(a->u.set_field.value.b, 2) & OFPVID_PRESENT)) {
            /* Reference §1.4: set_field VLAN_VID carries OFPVID_PRESENT. */
            return OFPERR_OFPBAC_BAD_SET_ARGUMENT;
        }
        if (st) {
            if (!prereq_ok(st, f)) {
                return OFPERR_OFPBAC_MATCH_INCONSISTENT;
            }
            if (f == OXM_ETH_TYPE) {
                st->eth_type = (int)get_be(a->u.set_field.value.b, 2);
                st->ip_proto = st->icmp_type = -1;
            } else if (f == OXM_IP_PROTO) {
                st->ip_proto = a->u.set_field.value.b[0];
                st->icmp_type = -1;
            } else if (f == OXM_ICMPV6_TYPE) {
                st->icmp_type = a->u.set_field.value.b[0];
            }
        }
        return 0;
    }

    case OFPAT_PUSH_VLAN:
        if (st) {
            st->vlan = 1;
        }
        return 0;
    case OFPAT_POP_VLAN:
        if (st) {
            st->vlan = -1; /* There may be an inner tag. */
        }
        return 0;
    case OFPAT_PUSH_MPLS:
    case OFPAT_POP_MPLS:
        if (st) {
            st->eth_type = a->u.ethertype;
            st->ip_proto = st->icmp_type = -1;
        }
        return 0;
    case OFPAT_PUSH_PBB:
        if (st) {
            st->eth_type = 0x88e7;
            st->vlan = 0;
            st->ip_proto = st->icmp_type = -1;
        }
        return 0;
    case OFPAT_POP_PBB:
        if (st) {
            st->eth_type = st->ip_proto = st->icmp_type = st->vlan = -1;
        }
        return 0;

    case OFPAT_COPY_TTL_OUT:
    case OFPAT_COPY_TTL_IN:
    case OFPAT_SET_MPLS_TTL:
    case OFPAT_DEC_MPLS_TTL:
    case OFPAT_SET_QUEUE:
    case OFPAT_SET_NW_TTL:
    case OFPAT_DEC_NW_TTL:
        return 0;

    case OFPAT_X_SET_VLAN_OR_PUSH:
        if (a->u.set_field.field != OXM_VLAN_VID &&
            a->u.set_field.field != OXM_VLAN_PCP) {
            return OFPERR_OFPBAC_BAD_SET_TYPE;
        }
        if (st) {
            st->vlan = 1;
        }
        return 0;
    case OFPAT_X_SET_L4_SRC:
    case OFPAT_X_SET_L4_DST:
        return 0;

    case OFPAT_EXPERIMENTER:
        return OFPERR_OFPBAC_BAD_EXPERIMENTER;
    default:
        return OFPERR_OFPBAC_BAD_TYPE;
    }
}

/* An action list, checked in execution order. */
enum ofperr
dp_pipeline_check_actions(const struct dp_pipeline *p,
                          const struct ofp_actions *acts, struct pstate *st,
                          bool packet_out)
{
    for (size_t i = 0; i < acts->n; i++) {
        enum ofperr err = check_action(p, &acts->a[i], st, packet_out);
        if (err) {
            return err;
        }
    }
    return 0;
}

/* Actions that will run as an action set, checked in the set's execution
 * order (so that pushes and pops precede the set_fields they enable). */
static enum ofperr
check_action_set(const struct dp_pipeline *p, const struct ofp_actions *acts,
                 struct pstate *st)
{
    enum ofperr err = 0;
    const struct ofp_action **order = xcalloc(acts->n + 1, sizeof *order);
    size_t n = 0;
    for (size_t i = 0; i < acts->n; i++) {
        const struct ofp_action *a = &acts->a[i];
        int slot = dp_pipeline_action_set_slot(a);
        size_t j = n++;
        while (j > 0 && dp_pipeline_action_set_slot(order[j - 1]) > slot) {
            order[j] = order[j - 1];
            j--;
        }
        order[j] = a;
    }
    for (size_t i = 0; i < n && !err; i++) {
        err = check_action(p, order[i], st, false);
    }
    free(order);
    return err;
}

static enum ofperr
check_match(const struct ofp_match *m)
{
    if (m->n_raw || (m->present >> OXM_N_FIELDS)) {
        return OFPERR_OFPBMC_BAD_FIELD;
    }
    return ofp_match_check_prereqs(m);
}

/* Checks instructions for a flow of table 'table_id' whose match is
 * ('value', 'mask'). */
static enum ofperr
check_instructions(const struct dp_pipeline *p, unsigned int table_id,
                   const struct dp_key *value, const struct dp_key *mask,
                   const struct ofp_instructions *in)
{
    uint32_t known =
        OFPIT_BIT(OFPIT_GOTO_TABLE) | OFPIT_BIT(OFPIT_WRITE_METADATA) |
        OFPIT_BIT(OFPIT_WRITE_ACTIONS) | OFPIT_BIT(OFPIT_APPLY_ACTIONS) |
        OFPIT_BIT(OFPIT_CLEAR_ACTIONS) | OFPIT_BIT(OFPIT_METER);
    if (in->present & ~known) {
        return OFPERR_OFPBIC_UNKNOWN_INST;
    }
    /* OF1.3.5 §5.9: goto_table only goes forward, to a table that
     * exists. */
    if (ofp_instructions_has(in, OFPIT_GOTO_TABLE) &&
        (in->goto_table <= table_id || in->goto_table >= p->n_tables)) {
        return OFPERR_OFPBIC_BAD_TABLE_ID;
    }
    if (ofp_instructions_has(in, OFPIT_METER) &&
        !dp_meter_table_find(p->meters, in->meter_id)) {
        return OFPERR_OFPMMFC_UNKNOWN_METER;
    }
    struct pstate st;
    pstate_from_key(p, value, mask, &st);
    if (ofp_instructions_has(in, OFPIT_APPLY_ACTIONS)) {
        enum ofperr err = dp_pipeline_check_actions(p, &in->apply, &st, false);
        if (err) {
            return err;
        }
    }
    if (ofp_instructions_has(in, OFPIT_WRITE_ACTIONS)) {
        enum ofperr err = check_action_set(p, &in->write, &st);
        if (err) {
            return err;
        }
    }
    return 0;
}

/* --- Flow bookkeeping. ------------------------------------------------- */

void
dp_pipeline_invalidate(struct dp_pipeline *p)
{
    dp_cache_invalidate(p->cache);
}

static void
adjust_group_refs(struct dp_pipeline *p, const struct ofp_actions *acts,
                  int delta)
{
    for (size_t i = 0; i < acts->n; i++) {
        if (acts->a[i].type == OFPAT_GROUP) {
            struct dp_group *g =
                dp_group_table_find(p->groups, acts->a[i].u.group_id);
            if (g) {
                g->flow_refs += delta;
            }
        }
    }
}

/* Takes the references of 'f''s instructions (meter, groups). */
static void
flow_attach_refs(struct dp_pipeline *p, struct dp_flow *f)
{
    f->meter = NULL;
    if (ofp_instructions_has(&f->insts, OFPIT_METER)) {
        f->meter = dp_meter_table_find(p->meters, f->insts.meter_id);
        if (f->meter) {
            f->meter->flow_count++;
        }
    }
    adjust_group_refs(p, &f->insts.apply, 1);
    adjust_group_refs(p, &f->insts.write, 1);
}

static void
flow_detach_refs(struct dp_pipeline *p, struct dp_flow *f)
{
    if (f->meter) {
        f->meter->flow_count--;
        f->meter = NULL;
    }
    adjust_group_refs(p, &f->insts.apply, -1);
    adjust_group_refs(p, &f->insts.write, -1);
}

static void
remove_flow(struct dp_pipeline *p, struct dp_flow *f, uint8_t reason,
            uint64_t now)
{
    dp_pipeline_flow_removed(p, f, reason, now);
    dp_flow_table_remove(p->tables[f->table_id], f);
    list_remove(&f->timeout_node);
    flow_detach_refs(p, f);
    dp_flow_destroy(f);
}

/* Runs a buffered packet through the tables, as a PACKET_OUT to
 * OFPP_TABLE would (OF1.3.5 §6.4). */
static void
send_buffered(struct dp_pipeline *p, uint32_t buffer_id, uint64_t now)
{
    struct dp_packet *pkt;
    uint32_t in_port;
    if (dp_pipeline_buffer_get(p, buffer_id, now, true, &pkt, &in_port)) {
        return;
    }
    dp_pipeline_run_packet(p, pkt, in_port, now);
    dp_pipeline_finish_batch(p);
    dp_packet_destroy(pkt);
}

static bool
cookie_matches(const struct dp_flow *f, uint64_t cookie, uint64_t mask)
{
    return ((f->cookie ^ cookie) & mask) == 0;
}

/* Tables [*first, *end) addressed by 'table_id' (OFPTT_ALL: all). */
static bool
table_range(const struct dp_pipeline *p, uint8_t table_id, unsigned int *first,
            unsigned int *end)
{
    if (table_id == OFPTT_ALL) {
        *first = 0;
        *end = p->n_tables;
        return true;
    }
    if (table_id >= p->n_tables) {
        return false;
    }
    *first = table_id;
    *end = table_id + 1u;
    return true;
}

/* A growable array of flows. */
struct flow_vec {
    struct dp_flow **v;
    size_t n, alloc;
};

static void
flow_vec_push(struct flow_vec *fv, struct dp_flow *f)
{
    if (fv->n == fv->alloc) {
        fv->alloc = fv->alloc ? 2 * fv->alloc : 16;
        fv->v = xreallocarray(fv->v, fv->alloc, sizeof *fv->v);
    }
    fv->v[fv->n++] = f;
}

/* Collects the flows a MODIFY/DELETE 'fm' addresses: strict (same match
 * and priority) or not (at least as specific), filtered by cookie and, if
 * 'filter_out', by out_port and out_group. */
static void
collect_flows(struct dp_pipeline *p, const struct ofp_flow_mod *fm,
              unsigned int first, unsigned int end, bool strict,
              bool filter_out, const struct dp_key *value,
              const struct dp_key *mask, struct flow_vec *fv)
{
    for (unsigned int t = first; t < end; t++) {
        struct dp_flow_table *table = p->tables[t];
        if (strict) {
            struct dp_flow *f =
                dp_flow_table_find_strict(table, value, mask, fm->priority);
            if (f && cookie_matches(f, fm->cookie, fm->cookie_mask) &&
                (!filter_out || (dp_flow_has_out_port(f, fm->out_port) &&
                                 dp_flow_has_out_group(f, fm->out_group)))) {
                flow_vec_push(fv, f);
            }
            continue;
        }
        struct dp_flow *f;
        LIST_FOR_EACH(f, table_node, dp_flow_table_flows(table))
        {
            if (cookie_matches(f, fm->cookie, fm->cookie_mask) &&
                dp_flow_is_subset(f, value, mask) &&
                (!filter_out || (dp_flow_has_out_port(f, fm->out_port) &&
                                 dp_flow_has_out_group(f, fm->out_group)))) {
                flow_vec_push(fv, f);
            }
        }
    }
}

/* --- FLOW_MOD. --------------------------------------------------------- */

static enum ofperr
flow_add(struct dp_pipeline *p, const struct ofp_flow_mod *fm,
         uint8_t table_id, unsigned int options, uint64_t now)
{
    struct dp_key value, mask;
    enum ofperr err;

    if (table_id == OFPTT_ALL || table_id >= p->n_tables) {
        return OFPERR_OFPFMFC_BAD_TABLE_ID;
    }
    err = check_match(&fm->match);
    if (err) {
        return err;
    }
    dp_key_from_match(&fm->match, &value, &mask);
    err = check_instructions(p, table_id, &value, &mask, &fm->instructions);
    if (err) {
        return err;
    }
    if (fm->buffer_id != OFP_NO_BUFFER) {
        err = dp_pipeline_buffer_get(p, fm->buffer_id, now, false, NULL, NULL);
        if (err) {
            return err;
        }
    }

    struct dp_flow *f = dp_flow_create(fm, table_id, now);
    struct dp_flow *old;
    bool reset =
        (fm->flags & OFPFF_RESET_COUNTS) || (options & DP_FM_READD_RESETS);
    err = dp_flow_table_insert(p->tables[table_id], f, &value, &mask,
                               fm->flags & OFPFF_CHECK_OVERLAP, reset, &old);
    if (err) {
        dp_flow_destroy(f);
        return err;
    }
    flow_attach_refs(p, f);
    if (f->idle_timeout || f->hard_timeout) {
        list_push_back(&p->timeouts, &f->timeout_node);
    }
    if (old) {
        /* OF1.3.5 §6.4: the replaced entry is removed without a
         * FLOW_REMOVED. */
        list_remove(&old->timeout_node);
        flow_detach_refs(p, old);
        dp_flow_destroy(old);
    }
    dp_pipeline_invalidate(p);
    if (fm->buffer_id != OFP_NO_BUFFER) {
        send_buffered(p, fm->buffer_id, now);
    }
    return 0;
}

static enum ofperr
flow_modify(struct dp_pipeline *p, const struct ofp_flow_mod *fm, bool strict,
            unsigned int options, uint64_t now)
{
    unsigned int first, end;
    struct dp_key value, mask;
    struct flow_vec fv = { NULL, 0, 0 };
    enum ofperr err;

    if (!table_range(p, fm->table_id, &first, &end)) {
        return OFPERR_OFPFMFC_BAD_TABLE_ID;
    }
    err = check_match(&fm->match);
    if (err) {
        return err;
    }
    if (fm->buffer_id != OFP_NO_BUFFER) {
        err = dp_pipeline_buffer_get(p, fm->buffer_id, now, false, NULL, NULL);
        if (err) {
            return err;
        }
    }
    dp_key_from_match(&fm->match, &value, &mask);
    collect_flows(p, fm, first, end, strict, false, &value, &mask, &fv);

    if (!fv.n) {
        free(fv.v);
        if (options & DP_FM_MODIFY_MAY_ADD) {
            return flow_add(p, fm,
                            fm->table_id == OFPTT_ALL ? 0 : fm->table_id,
                            options, now);
        }
        if (fm->buffer_id != OFP_NO_BUFFER) {
            send_buffered(p, fm->buffer_id, now);
        }
        return 0;
    }

    /* Validate for every flow first, so that the change is all or
     * nothing: goto_table and set_field prerequisites depend on the
     * flow's table and match. */
    for (size_t i = 0; i < fv.n && !err; i++) {
        struct dp_flow *f = fv.v[i];
        err = check_instructions(p, f->table_id, &f->cr.value,
                                 dp_cls_rule_mask(&f->cr), &fm->instructions);
    }
    if (err) {
        free(fv.v);
        return err;
    }
    /* OF1.3.5 §6.4: only the instructions change; cookie, timeouts, flags
     * and counters stay, unless RESET_COUNTS. */
    for (size_t i = 0; i < fv.n; i++) {
        struct dp_flow *f = fv.v[i];
        flow_detach_refs(p, f);
        ofp_instructions_uninit(&f->insts);
        ofp_instructions_init(&f->insts);
        ofp_instructions_copy(&f->insts, &fm->instructions);
        flow_attach_refs(p, f);
        if (fm->flags & OFPFF_RESET_COUNTS) {
            f->packet_count = f->byte_count = 0;
        }
    }
    free(fv.v);
    dp_pipeline_invalidate(p);
    if (fm->buffer_id != OFP_NO_BUFFER) {
        send_buffered(p, fm->buffer_id, now);
    }
    return 0;
}

static enum ofperr
flow_delete(struct dp_pipeline *p, const struct ofp_flow_mod *fm, bool strict,
            uint64_t now)
{
    unsigned int first, end;
    struct dp_key value, mask;
    struct flow_vec fv = { NULL, 0, 0 };

    if (!table_range(p, fm->table_id, &first, &end)) {
        return OFPERR_OFPFMFC_BAD_TABLE_ID;
    }
    if (fm->match.n_raw || (fm->match.present >> OXM_N_FIELDS)) {
        return OFPERR_OFPBMC_BAD_FIELD;
    }
    dp_key_from_match(&fm->match, &value, &mask);
    collect_flows(p, fm, first, end, strict, true, &value, &mask, &fv);
    for (size_t i = 0; i < fv.n; i++) {
        remove_flow(p, fv.v[i], OFPRR_DELETE, now);
    }
    if (fv.n) {
        dp_pipeline_invalidate(p);
    }
    free(fv.v);
    return 0;
}

enum ofperr
dp_pipeline_flow_mod_ext(struct dp_pipeline *p, const struct ofp_flow_mod *fm,
                         unsigned int options, uint64_t now)
{
    if (fm->command <= OFPFC_MODIFY_STRICT && (fm->flags & ~OFPFF_ALL)) {
        return OFPERR_OFPFMFC_BAD_FLAGS;
    }
    switch (fm->command) {
    case OFPFC_ADD:
        return flow_add(p, fm, fm->table_id, options, now);
    case OFPFC_MODIFY:
        return flow_modify(p, fm, false, options, now);
    case OFPFC_MODIFY_STRICT:
        return flow_modify(p, fm, true, options, now);
    case OFPFC_DELETE:
        return flow_delete(p, fm, false, now);
    case OFPFC_DELETE_STRICT:
        return flow_delete(p, fm, true, now);
    default:
        return OFPERR_OFPFMFC_BAD_COMMAND;
    }
}

enum ofperr
dp_pipeline_flow_mod(struct dp_pipeline *p, const struct ofp_flow_mod *fm,
                     uint64_t now)
{
    return dp_pipeline_flow_mod_ext(p, fm, 0, now);
}

enum ofperr
dp_pipeline_set_table_miss(struct dp_pipeline *p, uint8_t table_id,
                           enum dp_table_miss miss)
{
    unsigned int first, end;
    if (!table_range(p, table_id, &first, &end)) {
        return OFPERR_OFPTMFC_BAD_TABLE;
    }
    for (unsigned int t = first; t < end; t++) {
        dp_flow_table_set_miss(p->tables[t], miss);
    }
    dp_pipeline_invalidate(p);
    return 0;
}

enum dp_table_miss
dp_pipeline_get_table_miss(const struct dp_pipeline *p, uint8_t table_id)
{
    return table_id < p->n_tables ? dp_flow_table_get_miss(p->tables[table_id])
                                  : DP_TABLE_MISS_DROP;
}

void
dp_pipeline_expire(struct dp_pipeline *p, uint64_t now)
{
    struct dp_flow *f, *next;
    bool changed = false;

    LIST_FOR_EACH_SAFE(f, next, timeout_node, &p->timeouts)
    {
        uint64_t hard = (uint64_t)f->hard_timeout * NS_PER_SEC;
        uint64_t idle = (uint64_t)f->idle_timeout * NS_PER_SEC;
        int reason = -1;
        if (f->hard_timeout && now >= f->created_ns &&
            now - f->created_ns >= hard) {
            reason = OFPRR_HARD_TIMEOUT;
        } else if (f->idle_timeout && now >= f->used_ns &&
                   now - f->used_ns >= idle) {
            reason = OFPRR_IDLE_TIMEOUT;
        }
        if (reason >= 0) {
            remove_flow(p, f, (uint8_t)reason, now);
            changed = true;
        }
    }
    if (changed) {
        dp_pipeline_invalidate(p);
    }
    for (size_t i = 0; i < p->n_buffers; i++) {
        struct buffer_slot *s = &p->buffers[i];
        if (s->pkt && s->expires_ns <= now) {
            dp_packet_destroy(s->pkt);
            s->pkt = NULL;
        }
    }
}

/* --- GROUP_MOD and METER_MOD. ------------------------------------------ */

static bool
actions_have_any_group(const struct ofp_actions *acts)
{
    for (size_t i = 0; i < acts->n; i++) {
        if (acts->a[i].type == OFPAT_GROUP) {
            return true;
        }
    }
    return false;
}

/* Removes every flow that forwards to group 'group_id' (OFPG_ANY: to any
 * group) with FLOW_REMOVED reason GROUP_DELETE. */
static void
remove_group_flows(struct dp_pipeline *p, uint32_t group_id, uint64_t now)
{
    struct flow_vec fv = { NULL, 0, 0 };
    for (unsigned int t = 0; t < p->n_tables; t++) {
        struct dp_flow *f;
        LIST_FOR_EACH(f, table_node, dp_flow_table_flows(p->tables[t]))
        {
            bool uses = group_id == OFPG_ANY
                            ? (actions_have_any_group(&f->insts.apply) ||
                               actions_have_any_group(&f->insts.write))
                            : dp_flow_has_out_group(f, group_id);
            if (uses) {
                flow_vec_push(&fv, f);
            }
        }
    }
    for (size_t i = 0; i < fv.n; i++) {
        remove_flow(p, fv.v[i], OFPRR_GROUP_DELETE, now);
    }
    free(fv.v);
}

enum ofperr
dp_pipeline_group_mod(struct dp_pipeline *p, const struct ofp_group_mod *gm,
                      uint64_t now)
{
    enum ofperr err;

    switch (gm->command) {
    case OFPGC_ADD:
    case OFPGC_MODIFY:
        err = dp_group_table_check(p->groups, gm);
        if (err) {
            return err;
        }
        for (size_t i = 0; i < gm->buckets.n; i++) {
            err = check_action_set(p, &gm->buckets.b[i].actions, NULL);
            if (err) {
                return err;
            }
        }
        dp_group_table_apply(p->groups, gm, now);
        dp_pipeline_invalidate(p);
        return 0;

    case OFPGC_DELETE:
        if (gm->group_id == OFPG_ALL) {
            remove_group_flows(p, OFPG_ANY, now);
            dp_group_table_delete(p->groups, OFPG_ALL);
        } else {
            err = dp_group_table_check_delete(p->groups, gm->group_id);
            if (err) {
                return err;
            }
            if (dp_group_table_find(p->groups, gm->group_id)) {
                remove_group_flows(p, gm->group_id, now);
                dp_group_table_delete(p->groups, gm->group_id);
            }
        }
        dp_pipeline_invalidate(p);
        return 0;

    default:
        return OFPERR_OFPGMFC_BAD_COMMAND;
    }
}

enum ofperr
dp_pipeline_meter_mod(struct dp_pipeline *p, const struct ofp_meter_mod *mm,
                      uint64_t now)
{
    enum ofperr err;

    switch (mm->command) {
    case OFPMC_ADD:
    case OFPMC_MODIFY:
        err = dp_meter_table_check(p->meters, mm);
        if (err) {
            return err;
        }
        dp_meter_table_apply(p->meters, mm, now);
        dp_pipeline_invalidate(p);
        return 0;

    case OFPMC_DELETE: {
        err = dp_meter_table_check_delete(p->meters, mm->meter_id);
        if (err) {
            return err;
        }
        /* Reference §1.8: deleting a meter removes the flows that use it;
         * 1.3 has no METER_DELETE reason, so they report DELETE. */
        struct flow_vec fv = { NULL, 0, 0 };
        for (unsigned int t = 0; t < p->n_tables; t++) {
            struct dp_flow *f;
            LIST_FOR_EACH(f, table_node, dp_flow_table_flows(p->tables[t]))
            {
                if (f->meter && (mm->meter_id == OFPM_ALL ||
                                 f->meter->meter_id == mm->meter_id)) {
                    flow_vec_push(&fv, f);
                }
            }
        }
        for (size_t i = 0; i < fv.n; i++) {
            remove_flow(p, fv.v[i], OFPRR_DELETE, now);
        }
        free(fv.v);
        dp_meter_table_delete(p->meters, mm->meter_id);
        dp_pipeline_invalidate(p);
        return 0;
    }

    default:
        return OFPERR_OFPMMFC_BAD_COMMAND;
    }
}

/* --- Statistics. ------------------------------------------------------- */

static bool
flow_selected(const struct dp_flow *f,
              const struct ofp_flow_stats_request *req,
              const struct dp_key *value, const struct dp_key *mask)
{
    return cookie_matches(f, req->cookie, req->cookie_mask) &&
           dp_flow_has_out_port(f, req->out_port) &&
           dp_flow_has_out_group(f, req->out_group) &&
           dp_flow_is_subset(f, value, mask);
}

enum ofperr
dp_pipeline_flow_stats(const struct dp_pipeline *p,
                       const struct ofp_flow_stats_request *req, uint64_t now,
                       struct ofp_flow_stats **out, size_t *n)
{
    unsigned int first, end;
    struct dp_key value, mask;

    *out = NULL;
    *n = 0;
    if (!table_range(p, req->table_id, &first, &end)) {
        return OFPERR_OFPBRC_BAD_TABLE_ID;
    }
    dp_key_from_match(&req->match, &value, &mask);

    size_t alloc = 0;
    for (unsigned int t = first; t < end; t++) {
        struct dp_flow *f;
        LIST_FOR_EACH(f, table_node, dp_flow_table_flows(p->tables[t]))
        {
            if (!flow_selected(f, req, &value, &mask)) {
                continue;
            }
            if (*n == alloc) {
                alloc = alloc ? 2 * alloc : 16;
                *out = xreallocarray(*out, alloc, sizeof **out);
            }
            struct ofp_flow_stats *fs = &(*out)[(*n)++];
            memset(fs, 0, sizeof *fs);
            fs->table_id = f->table_id;
            duration(f->created_ns, now, &fs->duration_sec,
                     &fs->duration_nsec);
            fs->priority = dp_flow_priority(f);
            fs->idle_timeout = f->idle_timeout;
            fs->hard_timeout = f->hard_timeout;
            fs->flags = f->flags;
            fs->cookie = f->cookie;
            fs->packet_count =
                f->flags & OFPFF_NO_PKT_COUNTS ? UINT64_MAX : f->packet_count;
            fs->byte_count =
                f->flags & OFPFF_NO_BYT_COUNTS ? UINT64_MAX : f->byte_count;
            dp_flow_get_match(f, &fs->match);
            ofp_instructions_init(&fs->instructions);
            ofp_instructions_copy(&fs->instructions, &f->insts);
        }
    }
    return 0;
}

void
dp_flow_stats_free(struct ofp_flow_stats *fs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        ofp_match_uninit(&fs[i].match);
        ofp_instructions_uninit(&fs[i].instructions);
    }
    free(fs);
}

enum ofperr
dp_pipeline_aggregate_stats(const struct dp_pipeline *p,
                            const struct ofp_flow_stats_request *req,
                            struct ofp_aggregate_stats *out)
{
    unsigned int first, end;
    struct dp_key value, mask;

    memset(out, 0, sizeof *out);
    if (!table_range(p, req->table_id, &first, &end)) {
        return OFPERR_OFPBRC_BAD_TABLE_ID;
    }
    dp_key_from_match(&req->match, &value, &mask);
    for (unsigned int t = first; t < end; t++) {
        struct dp_flow *f;
        LIST_FOR_EACH(f, table_node, dp_flow_table_flows(p->tables[t]))
        {
            if (flow_selected(f, req, &value, &mask)) {
                out->flow_count++;
                if (!(f->flags & OFPFF_NO_PKT_COUNTS)) {
                    out->packet_count += f->packet_count;
                }
                if (!(f->flags & OFPFF_NO_BYT_COUNTS)) {
                    out->byte_count += f->byte_count;
                }
            }
        }
    }
    return 0;
}

void
dp_pipeline_table_stats(const struct dp_pipeline *p,
                        struct ofp_table_stats **out, size_t *n)
{
    *out = xcalloc(p->n_tables, sizeof **out);
    *n = p->n_tables;
    for (unsigned int t = 0; t < p->n_tables; t++) {
        struct ofp_table_stats *ts = &(*out)[t];
        ts->table_id = (uint8_t)t;
        ts->active_count = (uint32_t)dp_flow_table_count(p->tables[t]);
        dp_flow_table_get_counts(p->tables[t], &ts->lookup_count,
                                 &ts->matched_count);
    }
}

size_t
dp_pipeline_flow_count(const struct dp_pipeline *p, uint8_t table_id)
{
    return table_id < p->n_tables ? dp_flow_table_count(p->tables[table_id])
                                  : 0;
}

void
dp_pipeline_group_stats(const struct dp_pipeline *p, uint32_t group_id,
                        uint64_t now, struct ofp_group_stats **out, size_t *n)
{
    if (group_id != OFPG_ALL) {
        const struct dp_group *g = dp_group_table_find(p->groups, group_id);
        *out = xcalloc(1, sizeof **out);
        *n = 0;
        if (g) {
            dp_group_get_stats(g, now, &(*out)[0]);
            *n = 1;
        }
        return;
    }
    size_t count;
    struct dp_group **v = dp_group_table_sorted(p->groups, &count);
    *out = xcalloc(count + 1, sizeof **out);
    for (size_t i = 0; i < count; i++) {
        dp_group_get_stats(v[i], now, &(*out)[i]);
    }
    *n = count;
    free(v);
}

void
dp_pipeline_group_desc(const struct dp_pipeline *p,
                       struct ofp_group_desc **out, size_t *n)
{
    size_t count;
    struct dp_group **v = dp_group_table_sorted(p->groups, &count);
    *out = xcalloc(count + 1, sizeof **out);
    for (size_t i = 0; i < count; i++) {
        dp_group_get_desc(v[i], &(*out)[i]);
    }
    *n = count;
    free(v);
}

void
dp_pipeline_group_features(const struct dp_pipeline *p,
                           struct ofp_group_features *gf)
{
    dp_group_table_get_features(p->groups, gf);
}

/* The meters addressed by 'meter_id' (OFPM_ALL: all), sorted. */
static struct dp_meter **
select_meters(const struct dp_pipeline *p, uint32_t meter_id, size_t *n)
{
    if (meter_id == OFPM_ALL) {
        return dp_meter_table_sorted(p->meters, n);
    }
    struct dp_meter **v = xcalloc(1, sizeof *v);
    v[0] = dp_meter_table_find(p->meters, meter_id);
    *n = v[0] != NULL;
    return v;
}

void
dp_pipeline_meter_stats(const struct dp_pipeline *p, uint32_t meter_id,
                        uint64_t now, struct ofp_meter_stats **out, size_t *n)
{
    size_t count;
    struct dp_meter **v = select_meters(p, meter_id, &count);
    *out = xcalloc(count + 1, sizeof **out);
    for (size_t i = 0; i < count; i++) {
        dp_meter_get_stats(v[i], now, &(*out)[i]);
    }
    *n = count;
    free(v);
}

void
dp_pipeline_meter_config(const struct dp_pipeline *p, uint32_t meter_id,
                         struct ofp_meter_config **out, size_t *n)
{
    size_t count;
    struct dp_meter **v = select_meters(p, meter_id, &count);
    *out = xcalloc(count + 1, sizeof **out);
    for (size_t i = 0; i < count; i++) {
        dp_meter_get_config(v[i], &(*out)[i]);
    }
    *n = count;
    free(v);
}

void
dp_pipeline_meter_features(const struct dp_pipeline *p,
                           struct ofp_meter_features *mf)
{
    dp_meter_table_get_features(p->meters, mf);
}

void
dp_pipeline_get_stats(const struct dp_pipeline *p, struct dp_pipeline_stats *s)
{
    struct dp_cache_stats cs;
    dp_cache_get_stats(p->cache, &cs);
    memset(s, 0, sizeof *s);
    s->cache_hits = cs.hits;
    s->cache_misses = cs.misses;
    s->cache_inserts = cs.inserts;
    s->cache_invalidations = cs.invalidations;
    s->recorded_uncacheable = p->uncacheable;
}

void
dp_pipeline_set_cache_enabled(struct dp_pipeline *p, bool enabled)
{
    p->cache_enabled = enabled;
    dp_pipeline_invalidate(p);
}
