/* ofp13/text-actions.c -- the ovs-ofctl text syntax for OpenFlow 1.3
 * actions and instructions (see text.h and ovs-actions(7)), over the
 * action model of ofp13/actions.h.
 *
 * Output is what ovs-ofctl 3.1 prints for OpenFlow 1.3: "output:1",
 * "CONTROLLER:65535", reserved ports by name ("LOCAL", "IN_PORT"),
 * "set_field:10.0.0.1->ip_dst", "set_mpls_ttl(5)", "mod_nw_ttl:5",
 * "dec_ttl", "push_vlan:0x8100", "pop_mpls:0x0800", "group:1",
 * "set_queue:1", and for instructions "meter:1", "clear_actions",
 * "write_actions(...)", "write_metadata:0x1/0xff", "goto_table:1", in the
 * order OpenFlow executes them.  OVS has no words for copy_ttl_in,
 * copy_ttl_out, push_pbb and pop_pbb; we print them like their siblings
 * ("copy_ttl_in", "push_pbb:0x88e7", "pop_pbb").  Experimenter actions,
 * which OVS would decode into its own extensions, print as
 * "experimenter(id=0x2320,data=0011...)".
 *
 * The parser also takes ovs-ofctl's older forms (a bare port number,
 * "controller:N", "enqueue:P:Q", "strip_vlan", "mod_vlan_vid:N",
 * "mod_dl_src:MAC", "mod_nw_tos:N", "mod_tp_src:N", ...) and turns them
 * into OpenFlow 1.3 actions as ovs-ofctl does: mod_vlan_vid pushes a VLAN
 * header first unless the match or an earlier action guarantees one, and
 * mod_tp_src picks tcp_src, udp_src or sctp_src from the match.  Action
 * prerequisites against the match are not checked here: that is the
 * switch's job (OFPBAC_MATCH_INCONSISTENT). */
#include <config.h>
#include "ofp13/text.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ofp13/ofp.h"
#include "util/xalloc.h"

/* What the parser knows about the packet while it reads an action list. */
struct act_ctx {
    const struct ofp_match *match; /* May be NULL: nothing known. */
    bool vlan_known;               /* A VLAN header is surely present. */
};

static void
act_ctx_init(struct act_ctx *ctx, const struct ofp_match *match)
{
    ctx->match = match;
    ctx->vlan_known = false;
    if (match && ofp_match_has(match, OXM_VLAN_VID)) {
        uint64_t vid = ofp_match_get_uint(match, OXM_VLAN_VID);
        uint64_t mask = ofp_match_get_mask_uint(match, OXM_VLAN_VID);
        ctx->vlan_known = (vid & mask & OFPVID_PRESENT) != 0;
    }
}

static int
ctx_ip_proto(const struct act_ctx *ctx)
{
    return ctx->match && ofp_match_has(ctx->match, OXM_IP_PROTO)
               ? (int)ofp_match_get_uint(ctx->match, OXM_IP_PROTO)
               : -1;
}

static void
put_cstr(struct buf *b, const char *s)
{
    buf_put(b, s, strlen(s));
}

/* --- Building actions. -------------------------------------------------- */

static void
push_output(struct ofp_actions *acts, uint32_t port, uint16_t max_len)
{
    struct ofp_action a;

    memset(&a, 0, sizeof a);
    a.type = OFPAT_OUTPUT;
    a.u.output.port = port;
    a.u.output.max_len = max_len;
    ofp_actions_push(acts, &a);
}

/* Appends an output to 'port' (named 'text' in the input) with the
 * default max_len, refusing the ports the wire decoder refuses (OF1.3.5
 * §7.2.5): 0, the numbers between OFPP_MAX and the reserved ports, and
 * ANY. */
static char *
check_output_port(uint32_t port, const char *text)
{
    if (!port || (port > OFPP_MAX && port < OFPP_IN_PORT) ||
        port == OFPP_ANY) {
        return xasprintf("`%s': not a valid output port", text);
    }
    return NULL;
}

static char *
add_output(struct ofp_actions *acts, uint32_t port, const char *text)
{
    char *error = check_output_port(port, text);
    if (!error) {
        push_output(acts, port,
                    port == OFPP_CONTROLLER ? OFPCML_NO_BUFFER : 0);
    }
    return error;
}

static void
push_ethertype(struct ofp_actions *acts, uint16_t type, uint16_t ethertype)
{
    struct ofp_action a;

    memset(&a, 0, sizeof a);
    a.type = type;
    a.u.ethertype = ethertype;
    ofp_actions_push(acts, &a);
}

static void
push_set_field(struct ofp_actions *acts, enum oxm_field f,
               const struct oxm_value *value)
{
    struct ofp_action a;

    memset(&a, 0, sizeof a);
    a.type = OFPAT_SET_FIELD;
    a.u.set_field.field = f;
    a.u.set_field.value = *value;
    ofp_actions_push(acts, &a);
}

static void
push_set_field_uint(struct ofp_actions *acts, enum oxm_field f, uint64_t v)
{
    const struct oxm_field_info *info = oxm_field_info(f);
    struct oxm_value value;

    memset(&value, 0, sizeof value);
    for (unsigned int i = info->len; i-- > 0;) {
        value.b[i] = (uint8_t)v;
        v >>= 8;
    }
    push_set_field(acts, f, &value);
}

/* --- Parsing one action. ------------------------------------------------ */

static char *
parse_u(const char *key, const char *value, uint64_t max, uint64_t *v)
{
    if (!*value) {
        *v = 0;
        return xasprintf("%s: missing argument", key);
    }
    return ofp_text_parse_uint(value, key, max, v);
}

static char *
no_argument(const char *key, const char *value)
{
    return *value ? xasprintf("%s: takes no argument (got `%s')", key, value)
                  : NULL;
}

static char *
parse_controller(char *value, char delim, struct ofp_actions *acts)
{
    uint64_t max_len = OFPCML_NO_BUFFER;
    char *error;

    if (delim == '(') {
        char *pos = value;
        char *k, *v;
        while (ofp_text_next_kv(&pos, &k, &v, NULL)) {
            if (strcmp(k, "max_len")) {
                return xasprintf("controller: unsupported argument `%s' "
                                 "(OpenFlow 1.3 has only max_len)",
                                 k);
            }
            error = parse_u("controller max_len", v, UINT16_MAX, &max_len);
            if (error) {
                return error;
            }
        }
    } else if (*value) {
        error = ofp_text_parse_uint(value, "controller max_len", UINT16_MAX,
                                    &max_len);
        if (error) {
            return error;
        }
    }
    if (max_len > OFPCML_MAX && max_len != OFPCML_NO_BUFFER) {
        return xasprintf("controller: max_len %" PRIu64 " is over %d "
                         "(use 65535 to send whole packets)",
                         max_len, OFPCML_MAX);
    }
    push_output(acts, OFPP_CONTROLLER, (uint16_t)max_len);
    return NULL;
}

static char *
parse_port_output(const char *value, struct ofp_actions *acts)
{
    uint32_t port;
    char *error;

    if (!*value) {
        return xstrdup("output: missing port");
    }
    error = ofp_port_parse(value, &port);
    return error ? error : add_output(acts, port, value);
}

static char *
parse_enqueue(char *value, char delim, struct ofp_actions *acts)
{
    char *sep = strchr(value, delim == '(' ? ',' : ':');
    uint32_t port;
    uint64_t queue;
    char *error;

    if (!sep || (delim != '(' && delim != ':' && delim != '=')) {
        return xstrdup("\"enqueue\" syntax is \"enqueue:PORT:QUEUE\" or "
                       "\"enqueue(PORT,QUEUE)\"");
    }
    *sep = '\0';
    error = ofp_port_parse(value, &port);
    if (!error) {
        error = check_output_port(port, value);
    }
    if (!error) {
        error = parse_u("enqueue queue", sep + 1, UINT32_MAX, &queue);
    }
    if (error) {
        return error;
    }
    /* OpenFlow 1.3 has no enqueue: it is set_queue then output. */
    struct ofp_action a;
    memset(&a, 0, sizeof a);
    a.type = OFPAT_SET_QUEUE;
    a.u.queue_id = (uint32_t)queue;
    ofp_actions_push(acts, &a);
    return add_output(acts, port, value);
}

static char *
parse_set_field(const char *value, struct act_ctx *ctx,
                struct ofp_actions *acts)
{
    const char *arrow = strstr(value, "->");
    enum oxm_field f;
    struct oxm_value v;
    char *error;

    if (!arrow) {
        return xasprintf("`%s': missing `->'", value);
    }

    const char *name = arrow + 2;
    if (!strcmp(name, "tp_src") || !strcmp(name, "tp_dst")) {
        bool src = name[3] == 's';
        switch (ctx_ip_proto(ctx)) {
        case 6:
            f = src ? OXM_TCP_SRC : OXM_TCP_DST;
            break;
        case 17:
            f = src ? OXM_UDP_SRC : OXM_UDP_DST;
            break;
        case 132:
            f = src ? OXM_SCTP_SRC : OXM_SCTP_DST;
            break;
        default:
            return xasprintf("set_field: %s requires a tcp, udp or sctp "
                             "match",
                             name);
        }
    } else if (!oxm_field_from_text_name(name, &f)) {
        return xasprintf("set_field: unknown field `%s'", name);
    }
    if (!oxm_field_info(f)->settable) {
        return xasprintf("set_field: %s is read-only", name);
    }

    char *text = xstrndup(value, (size_t)(arrow - value));
    error = oxm_value_parse(f, text, &v, NULL, NULL);
    if (!error && f == OXM_VLAN_VID && !(v.b[0] & (OFPVID_PRESENT >> 8))) {
        /* OF1.3.5 §7.2.5: set_field to VLAN_VID carries OFPVID_PRESENT. */
        error = xasprintf("`%s': set_field to vlan_vid needs OFPVID_PRESENT "
                          "(0x1000 | VID), or use mod_vlan_vid:VID",
                          text);
    }
    free(text);
    if (error) {
        return error;
    }
    push_set_field(acts, f, &v);
    return NULL;
}

/* Pushes a VLAN header before a mod_vlan_* unless one is known to be
 * there, as ovs-ofctl does when translating to OpenFlow 1.1+. */
static void
ensure_vlan(struct act_ctx *ctx, struct ofp_actions *acts)
{
    if (!ctx->vlan_known) {
        push_ethertype(acts, OFPAT_PUSH_VLAN, 0x8100);
        ctx->vlan_known = true;
    }
}

static char *
parse_mod_field(const char *key, const char *value, enum oxm_field f,
                struct ofp_actions *acts)
{
    struct oxm_value v;
    char *error;

    if (!*value) {
        return xasprintf("%s: missing argument", key);
    }
    error = oxm_value_parse(f, value, &v, NULL, NULL);
    if (!error) {
        push_set_field(acts, f, &v);
    }
    return error;
}

/* The largest experimenter body: an action is at most 65535 bytes, of
 * which 8 are its header and experimenter id. */
#define EXPERIMENTER_MAX_DATA 65520

static char *
parse_experimenter(char *value, char delim, struct ofp_actions *acts)
{
    uint64_t id = 0;
    bool have_id = false;
    uint8_t *data = NULL;
    size_t len = 0;
    char *pos = value;
    char *k, *v;
    char *error = NULL;

    if (delim != '(') {
        return xstrdup("experimenter syntax is "
                       "\"experimenter(id=ID[,data=HEX])\"");
    }
    while (ofp_text_next_kv(&pos, &k, &v, NULL)) {
        if (!strcmp(k, "id")) {
            error = parse_u("experimenter id", v, UINT32_MAX, &id);
            have_id = true;
        } else if (!strcmp(k, "data")) {
            size_t n = strlen(v);
            /* The action is padded to a multiple of 8 bytes on the wire,
             * so only bodies of whole 8-byte words come back unchanged. */
            if (n % 16 || n / 2 > EXPERIMENTER_MAX_DATA ||
                strspn(v, "0123456789abcdefABCDEF") != n) {
                error = xasprintf("experimenter: data `%s' is not a multiple "
                                  "of 8 bytes in hex",
                                  v);
                break;
            }
            free(data);
            len = n / 2;
            data = xmalloc(len ? len : 1);
            for (size_t i = 0; i < len; i++) {
                char byte[3] = { v[2 * i], v[2 * i + 1], '\0' };
                data[i] = (uint8_t)strtoul(byte, NULL, 16);
            }
        } else {
            error = xasprintf("experimenter: unknown argument `%s'", k);
        }
        if (error) {
            break;
        }
    }
    if (!error && !have_id) {
        error = xstrdup("experimenter: missing id");
    }
    if (!error) {
        struct ofp_action a;
        memset(&a, 0, sizeof a);
        a.type = OFPAT_EXPERIMENTER;
        a.u.experimenter.experimenter = (uint32_t)id;
        a.u.experimenter.len = (uint16_t)len;
        a.u.experimenter.data = len ? data : NULL;
        ofp_actions_push(acts, &a); /* Copies 'data'. */
    }
    free(data);
    return error;
}

static bool
is_instruction_name(const char *key)
{
    static const char *const names[] = {
        "meter",         "apply_actions",  "clear_actions",
        "write_actions", "write_metadata", "goto_table",
    };
    for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
        if (!strcasecmp(key, names[i])) {
            return true;
        }
    }
    return false;
}

/* Parses the action "key[delim value]" and appends it (or the actions it
 * stands for) to 'acts'.  'value' is writable. */
static char *
parse_action(const char *key, char *value, char delim, struct act_ctx *ctx,
             struct ofp_actions *acts)
{
    struct ofp_action a;
    uint64_t v;
    uint32_t port;
    char *error;

    memset(&a, 0, sizeof a);
    if (!strcasecmp(key, "output")) {
        return parse_port_output(value, acts);
    } else if (!strcasecmp(key, "controller")) {
        return parse_controller(value, delim, acts);
    } else if (!strcasecmp(key, "enqueue")) {
        return parse_enqueue(value, delim, acts);
    } else if (!strcasecmp(key, "group")) {
        error = parse_u(key, value, UINT32_MAX, &v);
        a.type = OFPAT_GROUP;
        a.u.group_id = (uint32_t)v;
    } else if (!strcasecmp(key, "set_queue")) {
        error = parse_u(key, value, UINT32_MAX, &v);
        a.type = OFPAT_SET_QUEUE;
        a.u.queue_id = (uint32_t)v;
    } else if (!strcasecmp(key, "push_vlan")) {
        error = parse_u(key, value, UINT16_MAX, &v);
        if (!error && v != 0x8100 && v != 0x88a8) {
            error = xasprintf("`%s': not a valid VLAN ethertype", value);
        }
        a.type = OFPAT_PUSH_VLAN;
        a.u.ethertype = (uint16_t)v;
        ctx->vlan_known = true;
    } else if (!strcasecmp(key, "pop_vlan") ||
               !strcasecmp(key, "strip_vlan")) {
        error = no_argument(key, value);
        a.type = OFPAT_POP_VLAN;
        ctx->vlan_known = false;
    } else if (!strcasecmp(key, "push_mpls")) {
        error = parse_u(key, value, UINT16_MAX, &v);
        if (!error && v != 0x8847 && v != 0x8848) {
            error = xasprintf("`%s': not a valid MPLS ethertype", value);
        }
        a.type = OFPAT_PUSH_MPLS;
        a.u.ethertype = (uint16_t)v;
    } else if (!strcasecmp(key, "pop_mpls")) {
        error = parse_u(key, value, UINT16_MAX, &v);
        a.type = OFPAT_POP_MPLS;
        a.u.ethertype = (uint16_t)v;
    } else if (!strcasecmp(key, "push_pbb")) {
        error = parse_u(key, value, UINT16_MAX, &v);
        if (!error && v != 0x88e7) {
            error = xasprintf("`%s': not a valid PBB ethertype", value);
        }
        a.type = OFPAT_PUSH_PBB;
        a.u.ethertype = (uint16_t)v;
    } else if (!strcasecmp(key, "pop_pbb")) {
        error = no_argument(key, value);
        a.type = OFPAT_POP_PBB;
    } else if (!strcasecmp(key, "set_mpls_ttl")) {
        error = parse_u(key, value, UINT8_MAX, &v);
        a.type = OFPAT_SET_MPLS_TTL;
        a.u.ttl = (uint8_t)v;
    } else if (!strcasecmp(key, "dec_mpls_ttl")) {
        error = no_argument(key, value);
        a.type = OFPAT_DEC_MPLS_TTL;
    } else if (!strcasecmp(key, "set_nw_ttl") ||
               !strcasecmp(key, "mod_nw_ttl")) {
        error = parse_u(key, value, UINT8_MAX, &v);
        a.type = OFPAT_SET_NW_TTL;
        a.u.ttl = (uint8_t)v;
    } else if (!strcasecmp(key, "dec_ttl") || !strcasecmp(key, "dec_nw_ttl")) {
        error = no_argument(key, value);
        a.type = OFPAT_DEC_NW_TTL;
    } else if (!strcasecmp(key, "copy_ttl_in")) {
        error = no_argument(key, value);
        a.type = OFPAT_COPY_TTL_IN;
    } else if (!strcasecmp(key, "copy_ttl_out")) {
        error = no_argument(key, value);
        a.type = OFPAT_COPY_TTL_OUT;
    } else if (!strcasecmp(key, "set_field")) {
        return parse_set_field(value, ctx, acts);
    } else if (!strcasecmp(key, "mod_vlan_vid")) {
        error = parse_u(key, value, 0xfff, &v);
        if (!error) {
            ensure_vlan(ctx, acts);
            push_set_field_uint(acts, OXM_VLAN_VID, OFPVID_PRESENT | v);
        }
        return error;
    } else if (!strcasecmp(key, "mod_vlan_pcp")) {
        error = parse_u(key, value, 7, &v);
        if (!error) {
            ensure_vlan(ctx, acts);
            push_set_field_uint(acts, OXM_VLAN_PCP, v);
        }
        return error;
    } else if (!strcasecmp(key, "mod_dl_src")) {
        return parse_mod_field(key, value, OXM_ETH_SRC, acts);
    } else if (!strcasecmp(key, "mod_dl_dst")) {
        return parse_mod_field(key, value, OXM_ETH_DST, acts);
    } else if (!strcasecmp(key, "mod_nw_src")) {
        return parse_mod_field(key, value, OXM_IPV4_SRC, acts);
    } else if (!strcasecmp(key, "mod_nw_dst")) {
        return parse_mod_field(key, value, OXM_IPV4_DST, acts);
    } else if (!strcasecmp(key, "mod_nw_tos")) {
        error = parse_u(key, value, UINT8_MAX, &v);
        if (!error && v & 3) {
            error = xasprintf("`%s': not a valid TOS (the ECN bits must be "
                              "zero)",
                              value);
        }
        if (!error) {
            push_set_field_uint(acts, OXM_IP_DSCP, v >> 2);
        }
        return error;
    } else if (!strcasecmp(key, "mod_nw_ecn")) {
        error = parse_u(key, value, 3, &v);
        if (!error) {
            push_set_field_uint(acts, OXM_IP_ECN, v);
        }
        return error;
    } else if (!strcasecmp(key, "mod_tp_src") ||
               !strcasecmp(key, "mod_tp_dst")) {
        bool src = !strcasecmp(key, "mod_tp_src");
        enum oxm_field f;
        switch (ctx_ip_proto(ctx)) {
        case 6:
            f = src ? OXM_TCP_SRC : OXM_TCP_DST;
            break;
        case 17:
            f = src ? OXM_UDP_SRC : OXM_UDP_DST;
            break;
        case 132:
            f = src ? OXM_SCTP_SRC : OXM_SCTP_DST;
            break;
        default:
            return xasprintf("%s requires a tcp, udp or sctp match", key);
        }
        error = parse_u(key, value, UINT16_MAX, &v);
        if (!error) {
            push_set_field_uint(acts, f, v);
        }
        return error;
    } else if (!strcasecmp(key, "experimenter")) {
        return parse_experimenter(value, delim, acts);
    } else if (is_instruction_name(key)) {
        return xasprintf("`%s' is an instruction, not an action", key);
    } else if (*value) {
        return xasprintf("unknown action `%s'", key);
    } else {
        /* A bare port name or number: output to it. */
        error = ofp_port_parse(key, &port);
        if (error) {
            free(error);
            return xasprintf("unknown action `%s'", key);
        }
        return add_output(acts, port, key);
    }

    if (!error) {
        ofp_actions_push(acts, &a);
    }
    return error;
}

/* Parses a comma-separated action list from the writable string 's',
 * appending to 'acts'. */
static char *
parse_action_list(char *s, struct act_ctx *ctx, struct ofp_actions *acts)
{
    size_t n_items = 0;
    bool drop = false;
    char *key, *value;
    char delim;
    char *error;

    while (ofp_text_next_kv(&s, &key, &value, &delim)) {
        n_items++;
        if (!strcasecmp(key, "drop")) {
            error = no_argument(key, value);
            drop = true;
        } else {
            error = parse_action(key, value, delim, ctx, acts);
        }
        if (error) {
            return error;
        }
    }
    if (drop && n_items > 1) {
        return xstrdup("\"drop\" must not be accompanied by any other action "
                       "or instruction");
    }
    return NULL;
}

char *
ofp_actions_parse(const char *s, const struct ofp_match *match,
                  struct ofp_actions *acts)
{
    struct act_ctx ctx;
    char *copy = xstrdup(s);
    char *error;

    ofp_actions_init(acts);
    act_ctx_init(&ctx, match);
    error = parse_action_list(copy, &ctx, acts);
    free(copy);
    if (error) {
        ofp_actions_uninit(acts);
        ofp_actions_init(acts);
    }
    return error;
}

/* --- Parsing instructions. ---------------------------------------------- */

/* Instruction kinds in the order OpenFlow executes them, which is also the
 * order ovs-ofctl requires them to be written in. */
enum inst_kind {
    IK_METER,
    IK_APPLY,
    IK_CLEAR,
    IK_WRITE,
    IK_METADATA,
    IK_GOTO,
    IK_N
};

static const char *const inst_names[IK_N] = {
    "meter",         "apply_actions",  "clear_actions",
    "write_actions", "write_metadata", "goto_table",
};

static enum inst_kind
inst_kind_of(const char *key)
{
    for (int i = 0; i < IK_N; i++) {
        if (i != IK_APPLY && !strcasecmp(key, inst_names[i])) {
            return (enum inst_kind)i;
        }
    }
    return IK_APPLY; /* Any action belongs to apply_actions. */
}

static char *
parse_write_metadata(char *value, struct ofp_instructions *insts)
{
    char *slash = strchr(value, '/');
    uint64_t metadata, mask = UINT64_MAX;
    char *error;

    if (slash) {
        *slash = '\0';
    }
    error = parse_u("write_metadata", value, UINT64_MAX, &metadata);
    if (!error && slash) {
        error = parse_u("write_metadata mask", slash + 1, UINT64_MAX, &mask);
    }
    if (!error) {
        insts->metadata = metadata;
        insts->metadata_mask = mask;
    }
    return error;
}

static char *
parse_instruction(enum inst_kind kind, const char *key, char *value,
                  char delim, struct act_ctx *ctx,
                  struct ofp_instructions *insts)
{
    struct act_ctx write_ctx;
    uint64_t v;
    char *error;

    switch (kind) {
    case IK_METER:
        /* Meter 0 is not a valid meter, but it is a well-formed
         * instruction: accept it so that what the decoder reads prints and
         * parses back; the switch answers OFPMMFC_UNKNOWN_METER. */
        error = parse_u(key, value, UINT32_MAX, &v);
        if (!error) {
            insts->meter_id = (uint32_t)v;
            insts->present |= OFPIT_BIT(OFPIT_METER);
        }
        return error;

    case IK_APPLY:
        insts->present |= OFPIT_BIT(OFPIT_APPLY_ACTIONS);
        return parse_action(key, value, delim, ctx, &insts->apply);

    case IK_CLEAR:
        insts->present |= OFPIT_BIT(OFPIT_CLEAR_ACTIONS);
        return no_argument(key, value);

    case IK_WRITE:
        if (delim != '(') {
            return xstrdup("write_actions syntax is "
                           "\"write_actions(ACTION,...)\"");
        }
        /* The action set starts from the packet as the match sees it. */
        act_ctx_init(&write_ctx, ctx->match);
        insts->present |= OFPIT_BIT(OFPIT_WRITE_ACTIONS);
        return parse_action_list(value, &write_ctx, &insts->write);

    case IK_METADATA:
        insts->present |= OFPIT_BIT(OFPIT_WRITE_METADATA);
        return parse_write_metadata(value, insts);

    case IK_GOTO:
        error = parse_u(key, value, OFPTT_MAX, &v);
        if (!error) {
            insts->goto_table = (uint8_t)v;
            insts->present |= OFPIT_BIT(OFPIT_GOTO_TABLE);
        }
        return error;

    case IK_N:
        break;
    }
    return xstrdup("internal error: bad instruction kind");
}

char *
ofp_instructions_parse(const char *s, const struct ofp_match *match,
                       struct ofp_instructions *insts)
{
    bool seen[IK_N] = { false };
    int last = -1;
    size_t n_items = 0;
    bool drop = false;
    struct act_ctx ctx;
    char *copy = xstrdup(s);
    char *pos = copy;
    char *key, *value;
    char delim;
    char *error = NULL;

    ofp_instructions_init(insts);
    act_ctx_init(&ctx, match);
    while (!error && ofp_text_next_kv(&pos, &key, &value, &delim)) {
        n_items++;
        if (!strcasecmp(key, "drop")) {
            error = no_argument(key, value);
            drop = true;
            continue;
        }
        if (!strcasecmp(key, "apply_actions")) {
            error = xstrdup("apply_actions is the default instruction: write "
                            "the actions alone");
            break;
        }

        enum inst_kind kind = inst_kind_of(key);
        if (kind != IK_APPLY && seen[kind]) {
            error = xasprintf("duplicate %s instruction not allowed",
                              inst_names[kind]);
        } else if ((int)kind < last) {
            error = xasprintf("invalid instruction ordering: %s must appear "
                              "before %s",
                              inst_names[kind], inst_names[last]);
        } else {
            seen[kind] = true;
            last = (int)kind;
            error = parse_instruction(kind, key, value, delim, &ctx, insts);
        }
    }
    if (!error && drop && n_items > 1) {
        error = xstrdup("\"drop\" must not be accompanied by any other "
                        "action or instruction");
    }
    free(copy);
    if (error) {
        ofp_instructions_uninit(insts);
        ofp_instructions_init(insts);
    }
    return error;
}

/* --- Formatting. -------------------------------------------------------- */

static void
format_action(const struct ofp_action *a, struct buf *b)
{
    switch (a->type) {
    case OFPAT_OUTPUT: {
        uint32_t port = a->u.output.port;
        if (port == OFPP_CONTROLLER) {
            ofp_text_printf(b, "CONTROLLER:%" PRIu16, a->u.output.max_len);
        } else if (port < OFPP_IN_PORT) {
            ofp_text_printf(b, "output:%" PRIu32, port);
        } else {
            /* A named reserved port, printed bare as ovs-ofctl does. */
            ofp_port_format(port, b);
        }
        break;
    }
    case OFPAT_COPY_TTL_OUT:
        put_cstr(b, "copy_ttl_out");
        break;
    case OFPAT_COPY_TTL_IN:
        put_cstr(b, "copy_ttl_in");
        break;
    case OFPAT_SET_MPLS_TTL:
        ofp_text_printf(b, "set_mpls_ttl(%u)", a->u.ttl);
        break;
    case OFPAT_DEC_MPLS_TTL:
        put_cstr(b, "dec_mpls_ttl");
        break;
    case OFPAT_PUSH_VLAN:
        ofp_text_printf(b, "push_vlan:0x%04" PRIx16, a->u.ethertype);
        break;
    case OFPAT_POP_VLAN:
        put_cstr(b, "pop_vlan");
        break;
    case OFPAT_PUSH_MPLS:
        ofp_text_printf(b, "push_mpls:0x%04" PRIx16, a->u.ethertype);
        break;
    case OFPAT_POP_MPLS:
        ofp_text_printf(b, "pop_mpls:0x%04" PRIx16, a->u.ethertype);
        break;
    case OFPAT_SET_QUEUE:
        ofp_text_printf(b, "set_queue:%" PRIu32, a->u.queue_id);
        break;
    case OFPAT_GROUP:
        ofp_text_printf(b, "group:%" PRIu32, a->u.group_id);
        break;
    case OFPAT_SET_NW_TTL:
        ofp_text_printf(b, "mod_nw_ttl:%u", a->u.ttl);
        break;
    case OFPAT_DEC_NW_TTL:
        put_cstr(b, "dec_ttl");
        break;
    case OFPAT_SET_FIELD: {
        const char *name = oxm_field_text_name(a->u.set_field.field);
        put_cstr(b, "set_field:");
        oxm_value_format(a->u.set_field.field, &a->u.set_field.value, NULL, b);
        ofp_text_printf(b, "->%s", name ? name : "unknown");
        break;
    }
    case OFPAT_PUSH_PBB:
        ofp_text_printf(b, "push_pbb:0x%04" PRIx16, a->u.ethertype);
        break;
    case OFPAT_POP_PBB:
        put_cstr(b, "pop_pbb");
        break;
    case OFPAT_EXPERIMENTER:
        ofp_text_printf(b, "experimenter(id=%#" PRIx32,
                        a->u.experimenter.experimenter);
        if (a->u.experimenter.len) {
            put_cstr(b, ",data=");
            for (size_t i = 0; i < a->u.experimenter.len; i++) {
                ofp_text_printf(b, "%02x", a->u.experimenter.data[i]);
            }
        }
        put_cstr(b, ")");
        break;
    case OFPAT_X_SET_VLAN_OR_PUSH:
        /* Model-only actions from the OpenFlow 1.0/1.1 translator, shown
         * as ovs-ofctl shows their OpenFlow 1.0 originals.  The parser
         * never produces them: it turns these words into OpenFlow 1.3
         * actions (push_vlan + set_field, or set_field for the match's L4
         * protocol). */
        if (a->u.set_field.field == OXM_VLAN_PCP) {
            ofp_text_printf(b, "mod_vlan_pcp:%u", a->u.set_field.value.b[0]);
        } else {
            ofp_text_printf(
                b, "mod_vlan_vid:%u",
                (a->u.set_field.value.b[0] << 8 | a->u.set_field.value.b[1]) &
                    0xfff);
        }
        break;
    case OFPAT_X_SET_L4_SRC:
    case OFPAT_X_SET_L4_DST:
        ofp_text_printf(
            b, "mod_tp_%s:%u", a->type == OFPAT_X_SET_L4_SRC ? "src" : "dst",
            a->u.set_field.value.b[0] << 8 | a->u.set_field.value.b[1]);
        break;
    default:
        ofp_text_printf(b, "unknown_action(type=%u)", a->type);
        break;
    }
}

void
ofp_actions_format(const struct ofp_actions *acts, struct buf *b)
{
    if (!acts->n) {
        put_cstr(b, "drop");
        return;
    }
    for (size_t i = 0; i < acts->n; i++) {
        if (i) {
            put_cstr(b, ",");
        }
        format_action(&acts->a[i], b);
    }
}

void
ofp_instructions_format(const struct ofp_instructions *insts, struct buf *b)
{
    size_t start = b->size;

    /* An empty apply-actions instruction prints nothing, as in ovs-ofctl,
     * which does not represent it: "drop" then reads back as no
     * instruction at all, which behaves the same. */
    if (ofp_instructions_has(insts, OFPIT_METER)) {
        ofp_text_printf(b, "meter:%" PRIu32 ",", insts->meter_id);
    }
    if (ofp_instructions_has(insts, OFPIT_APPLY_ACTIONS) && insts->apply.n) {
        ofp_actions_format(&insts->apply, b);
        put_cstr(b, ",");
    }
    if (ofp_instructions_has(insts, OFPIT_CLEAR_ACTIONS)) {
        put_cstr(b, "clear_actions,");
    }
    if (ofp_instructions_has(insts, OFPIT_WRITE_ACTIONS)) {
        put_cstr(b, "write_actions(");
        ofp_actions_format(&insts->write, b);
        put_cstr(b, "),");
    }
    if (ofp_instructions_has(insts, OFPIT_WRITE_METADATA)) {
        ofp_text_printf(b, "write_metadata:%#" PRIx64, insts->metadata);
        if (insts->metadata_mask != UINT64_MAX) {
            ofp_text_printf(b, "/%#" PRIx64, insts->metadata_mask);
        }
        put_cstr(b, ",");
    }
    if (ofp_instructions_has(insts, OFPIT_GOTO_TABLE)) {
        ofp_text_printf(b, "goto_table:%u,", insts->goto_table);
    }

    if (b->size == start) {
        put_cstr(b, "drop");
    } else {
        b->size--; /* The last comma. */
    }
}
