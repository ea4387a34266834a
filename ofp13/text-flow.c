/* ofp13/text-flow.c -- the ovs-ofctl text syntax for whole flows (flow_mod
 * text, the flow_mod summary of ofp-print, dump-flows lines), groups and
 * meters (see text.h and ovs-ofctl(8), "Flow Syntax", "Group Syntax",
 * "Meter Syntax").  Matches and instructions are handed to
 * text-match.c and text-actions.c.
 *
 * The parsers follow ovs-ofctl 3.1's rules for which keys each command
 * takes: actions are required when adding or modifying flows and refused
 * when deleting them, a cookie mask is refused when adding and required
 * when deleting, out_port/out_group only filter deletes, timeouts and flags
 * only apply to adds and modifies, priority is meaningless (so refused) in
 * a non-strict delete; groups need group_id and (except for delete) a
 * type, meters need an id, a rate unit and bands.  The printers produce
 * ovs-ofctl's text byte for byte. */
#include <config.h>
#include "ofp13/text.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "ofp13/ofp.h"
#include "util/xalloc.h"

static void
put_cstr(struct buf *b, const char *s)
{
    buf_put(b, s, strlen(s));
}

static char *
parse_u(const char *key, const char *value, uint64_t max, uint64_t *v)
{
    if (!*value) {
        *v = 0;
        return xasprintf("%s: missing value", key);
    }
    return ofp_text_parse_uint(value, key, max, v);
}

static char *
no_value(const char *key, const char *value)
{
    return *value ? xasprintf("`%s' takes no value", key) : NULL;
}

/* Finds the keyword 'word' (optionally followed by "s") starting an item of
 * 's' and followed, possibly after white space, by '='.  Returns where the
 * keyword starts (so the caller can cut 's' there) and sets '*rest' to the
 * text after the '=', or returns NULL. */
static char *
find_keyword(char *s, const char *word, char **rest)
{
    size_t n = strlen(word);

    for (char *p = s; (p = strstr(p, word)) != NULL; p++) {
        if (p != s && !strchr(", \t\r\n", p[-1])) {
            continue;
        }
        char *q = p + n;
        if (*q == 's') {
            q++;
        }
        q += strspn(q, " \t\r\n");
        if (*q == '=') {
            *rest = q + 1;
            return p;
        }
    }
    return NULL;
}

/* Appends "key=value," (or "key(value),", or "key,") to 'b', rebuilding an
 * item that ofp_text_next_kv() split. */
static void
put_item(struct buf *b, const char *key, const char *value, char delim)
{
    put_cstr(b, key);
    if (delim == '(') {
        ofp_text_printf(b, "(%s)", value);
    } else if (delim) {
        ofp_text_printf(b, "%c%s", delim, value);
    }
    put_cstr(b, ",");
}

/* --- Flows. ------------------------------------------------------------- */

static const struct {
    const char *name;
    uint16_t flag;
} flow_flags[] = {
    { "send_flow_rem", OFPFF_SEND_FLOW_REM },
    { "check_overlap", OFPFF_CHECK_OVERLAP },
    { "reset_counts", OFPFF_RESET_COUNTS },
    { "no_packet_counts", OFPFF_NO_PKT_COUNTS },
    { "no_byte_counts", OFPFF_NO_BYT_COUNTS },
};

static void
format_flow_flags(uint16_t flags, struct buf *b)
{
    for (size_t i = 0; i < ARRAY_SIZE(flow_flags); i++) {
        if (flags & flow_flags[i].flag) {
            ofp_text_printf(b, "%s ", flow_flags[i].name);
        }
    }
    if (flags & ~OFPFF_ALL) {
        ofp_text_printf(b, "flags:0x%" PRIx16 " ",
                        (uint16_t)(flags & ~OFPFF_ALL));
    }
}

/* "priority=N," (unless the default) then the match, without a trailing
 * comma: ovs-ofctl's match_format(). */
static void
format_match_with_priority(uint16_t priority, const struct ofp_match *m,
                           struct buf *b)
{
    size_t start = b->size;

    if (priority != OFP_DEFAULT_PRIORITY) {
        ofp_text_printf(b, "priority=%" PRIu16 ",", priority);
    }
    ofp_match_format(m, b);
    if (b->size > start && b->data[b->size - 1] == ',') {
        b->size--;
    }
}

/* Handles one non-match key of a flow; returns true if 'key' was one. */
static bool
parse_flow_key(const char *key, char *value, enum ofp_text_flow_cmd cmd,
               struct ofp_flow_mod *fm, char **errorp)
{
    bool is_delete =
        cmd == OFP_TEXT_FLOW_DELETE || cmd == OFP_TEXT_FLOW_DELETE_STRICT;
    uint64_t v;
    char *error = NULL;

    /* The ofp-print summary (ofp_flow_mod_format()) writes "idle:10
     * hard:20 buf:0x7"; reading those back too keeps the promise that what
     * a format function prints parses. */
    if (!strcmp(key, "idle")) {
        key = "idle_timeout";
    } else if (!strcmp(key, "hard")) {
        key = "hard_timeout";
    } else if (!strcmp(key, "buf")) {
        key = "buffer_id";
    }

    for (size_t i = 0; i < ARRAY_SIZE(flow_flags); i++) {
        if (!strcmp(key, flow_flags[i].name)) {
            error = is_delete ? xasprintf("`%s' is not allowed when "
                                          "deleting flows",
                                          key)
                              : no_value(key, value);
            fm->flags |= flow_flags[i].flag;
            *errorp = error;
            return true;
        }
    }

    if (!strcmp(key, "table")) {
        error = parse_u(key, value, OFPTT_ALL, &v);
        if (!error && v == OFPTT_ALL && !is_delete) {
            error = xstrdup("table=255 (all tables) is only allowed when "
                            "deleting flows");
        }
        fm->table_id = (uint8_t)v;
    } else if (!strcmp(key, "priority")) {
        if (cmd == OFP_TEXT_FLOW_DELETE) {
            error = xstrdup("priority is not allowed in a non-strict delete "
                            "(it deletes flows of every priority)");
        } else {
            error = parse_u(key, value, UINT16_MAX, &v);
            fm->priority = (uint16_t)v;
        }
    } else if (!strcmp(key, "idle_timeout") || !strcmp(key, "hard_timeout")) {
        if (is_delete) {
            error = xasprintf("`%s' is not allowed when deleting flows", key);
        } else {
            error = parse_u(key, value, UINT16_MAX, &v);
            if (key[0] == 'i') {
                fm->idle_timeout = (uint16_t)v;
            } else {
                fm->hard_timeout = (uint16_t)v;
            }
        }
    } else if (!strcmp(key, "importance")) {
        /* OpenFlow 1.4: checked, then ignored. */
        error = parse_u(key, value, UINT16_MAX, &v);
    } else if (!strcmp(key, "cookie")) {
        char *slash = strchr(value, '/');
        uint64_t mask = 0;
        if (slash) {
            *slash = '\0';
        }
        error = parse_u(key, value, UINT64_MAX, &v);
        if (!error && slash) {
            error = parse_u("cookie mask", slash + 1, UINT64_MAX, &mask);
        }
        if (error) {
            /* Reported below. */
        } else if (slash && cmd == OFP_TEXT_FLOW_ADD) {
            error = xstrdup("flow additions cannot use a cookie mask");
        } else if (!slash && is_delete) {
            error = xstrdup("cannot set cookie when deleting flows (use "
                            "cookie=VALUE/MASK to select flows by cookie)");
        } else {
            /* OpenFlow 1.3 modifies and deletes match the cookie under
             * the mask (and never change it). */
            fm->cookie = slash ? v & mask : v;
            fm->cookie_mask = mask;
        }
    } else if (!strcmp(key, "out_port") || !strcmp(key, "out_group")) {
        if (!is_delete) {
            error = xasprintf("`%s' is only allowed when deleting flows", key);
        } else if (key[4] == 'p') {
            error = ofp_port_parse(value, &fm->out_port);
        } else if (!strcmp(value, "any")) {
            fm->out_group = OFPG_ANY;
        } else if (!strcmp(value, "all")) {
            fm->out_group = OFPG_ALL;
        } else {
            error = parse_u(key, value, UINT32_MAX, &v);
            fm->out_group = (uint32_t)v;
        }
    } else if (!strcmp(key, "buffer_id")) {
        if (is_delete) {
            error = xstrdup("`buffer_id' is not allowed when deleting flows");
        } else {
            error = parse_u(key, value, UINT32_MAX, &v);
            fm->buffer_id = (uint32_t)v;
        }
    } else if (!strcmp(key, "duration") || !strcmp(key, "n_packets") ||
               !strcmp(key, "n_bytes") || !strcmp(key, "idle_age") ||
               !strcmp(key, "hard_age")) {
        /* Statistics from dump-flows output: ignored, so that its lines
         * read back as flows. */
    } else {
        return false;
    }
    *errorp = error;
    return true;
}

char *
ofp_flow_mod_parse(const char *s, enum ofp_text_flow_cmd cmd,
                   struct ofp_flow_mod *fm)
{
    static const uint8_t commands[] = {
        [OFP_TEXT_FLOW_ADD] = OFPFC_ADD,
        [OFP_TEXT_FLOW_MODIFY] = OFPFC_MODIFY,
        [OFP_TEXT_FLOW_MODIFY_STRICT] = OFPFC_MODIFY_STRICT,
        [OFP_TEXT_FLOW_DELETE] = OFPFC_DELETE,
        [OFP_TEXT_FLOW_DELETE_STRICT] = OFPFC_DELETE_STRICT,
    };
    bool is_delete =
        cmd == OFP_TEXT_FLOW_DELETE || cmd == OFP_TEXT_FLOW_DELETE_STRICT;
    struct buf match_text = BUF_INITIALIZER;
    struct ofp_flow_mod f;
    char *copy = xstrdup(s);
    char *pos = copy;
    char *actions = NULL;
    char *key, *value;
    char delim;
    char *error = NULL;

    memset(&f, 0, sizeof f);
    ofp_match_init(&f.match);
    ofp_instructions_init(&f.instructions);
    f.priority = OFP_DEFAULT_PRIORITY;
    f.table_id = is_delete ? OFPTT_ALL : 0;
    f.buffer_id = OFP_NO_BUFFER;
    f.out_port = OFPP_ANY;
    f.out_group = OFPG_ANY;
    if ((unsigned int)cmd >= ARRAY_SIZE(commands)) {
        error = xasprintf("unknown flow command %d", (int)cmd);
        goto out;
    }
    f.command = commands[cmd];

    /* As in ovs-ofctl, everything after "actions=" is the action list. */
    char *keyword = find_keyword(copy, "action", &actions);
    if (keyword) {
        *keyword = '\0';
    }
    if (!keyword && !is_delete) {
        error = xstrdup("must specify an action");
        goto out;
    }

    while (ofp_text_next_kv(&pos, &key, &value, &delim)) {
        if (parse_flow_key(key, value, cmd, &f, &error)) {
            if (error) {
                goto out;
            }
        } else {
            put_item(&match_text, key, value, delim);
        }
    }

    ofp_match_uninit(&f.match);
    error = ofp_match_parse(ofp_text_cstr(&match_text), &f.match);
    if (!error && actions) {
        ofp_instructions_uninit(&f.instructions);
        error = ofp_instructions_parse(actions, &f.match, &f.instructions);
        if (is_delete && (error || f.instructions.present)) {
            /* Deletes take no actions; only "actions=drop", which
             * ofp_flow_mod_format() prints for them as ovs-ofctl does, is
             * let through. */
            free(error);
            error = xstrdup("actions are not allowed when deleting flows");
        }
    }
    if (!error && ofp_instructions_has(&f.instructions, OFPIT_GOTO_TABLE) &&
        f.instructions.goto_table <= f.table_id) {
        /* OF1.3.5 §5.1: the pipeline only moves forward. */
        error = xasprintf("goto_table:%u must move forward from table %u",
                          f.instructions.goto_table, f.table_id);
    }

out:
    buf_uninit(&match_text);
    free(copy);
    if (error) {
        ofp_match_uninit(&f.match);
        ofp_instructions_uninit(&f.instructions);
        memset(fm, 0, sizeof *fm);
        ofp_match_init(&fm->match);
        ofp_instructions_init(&fm->instructions);
    } else {
        *fm = f;
    }
    return error;
}

void
ofp_flow_mod_format(const struct ofp_flow_mod *fm, struct buf *b)
{
    size_t start = b->size;

    /* ovs-ofctl's ofputil_flow_mod_format() after the command word. */
    if (fm->table_id) {
        ofp_text_printf(b, "table:%u ", fm->table_id);
    }
    format_match_with_priority(fm->priority, &fm->match, b);
    if (b->size > start && b->data[b->size - 1] != ' ') {
        put_cstr(b, " ");
    }
    if (fm->command == OFPFC_ADD) {
        if (fm->cookie && fm->cookie != UINT64_MAX) {
            ofp_text_printf(b, "cookie:0x%" PRIx64 " ", fm->cookie);
        }
    } else if (fm->cookie_mask) {
        ofp_text_printf(b, "cookie:0x%" PRIx64 "/0x%" PRIx64 " ", fm->cookie,
                        fm->cookie_mask);
    }
    if (fm->idle_timeout) {
        ofp_text_printf(b, "idle:%" PRIu16 " ", fm->idle_timeout);
    }
    if (fm->hard_timeout) {
        ofp_text_printf(b, "hard:%" PRIu16 " ", fm->hard_timeout);
    }
    if (fm->buffer_id != OFP_NO_BUFFER) {
        ofp_text_printf(b, "buf:0x%" PRIx32 " ", fm->buffer_id);
    }
    if (fm->out_port != OFPP_ANY) {
        put_cstr(b, "out_port:");
        ofp_port_format(fm->out_port, b);
        put_cstr(b, " ");
    }
    format_flow_flags(fm->flags, b);
    put_cstr(b, "actions=");
    ofp_instructions_format(&fm->instructions, b);
}

/* ovs-ofctl's ofp_print_duration(): whole seconds, then milliseconds when
 * they are exact, else as many nanosecond digits as needed. */
static void
format_duration(uint32_t sec, uint32_t nsec, struct buf *b)
{
    ofp_text_printf(b, "%" PRIu32, sec);
    if (nsec > 0) {
        uint32_t msec = nsec / 1000000;
        if (msec * 1000000 == nsec) {
            ofp_text_printf(b, ".%03" PRIu32, msec);
        } else {
            ofp_text_printf(b, ".%09" PRIu32, nsec);
            while (b->data[b->size - 1] == '0') {
                b->size--;
            }
        }
    }
    put_cstr(b, "s");
}

void
ofp_flow_stats_format(const struct ofp_flow_stats *fs, struct buf *b)
{
    ofp_text_printf(b, " cookie=0x%" PRIx64 ", duration=", fs->cookie);
    format_duration(fs->duration_sec, fs->duration_nsec, b);
    ofp_text_printf(b,
                    ", table=%u, n_packets=%" PRIu64 ", n_bytes=%" PRIu64 ", ",
                    fs->table_id, fs->packet_count, fs->byte_count);
    if (fs->idle_timeout) {
        ofp_text_printf(b, "idle_timeout=%" PRIu16 ", ", fs->idle_timeout);
    }
    if (fs->hard_timeout) {
        ofp_text_printf(b, "hard_timeout=%" PRIu16 ", ", fs->hard_timeout);
    }
    format_flow_flags(fs->flags, b);

    size_t length = b->size;
    format_match_with_priority(fs->priority, &fs->match, b);
    if (b->size != length) {
        put_cstr(b, " ");
    }
    put_cstr(b, "actions=");
    ofp_instructions_format(&fs->instructions, b);
}

/* --- Groups. ------------------------------------------------------------ */

static const char *const group_types[] = {
    [OFPGT_ALL] = "all",
    [OFPGT_SELECT] = "select",
    [OFPGT_INDIRECT] = "indirect",
    [OFPGT_FF] = "ff",
};

static char *
parse_group_type(const char *value, uint8_t *type)
{
    uint64_t v;

    for (size_t i = 0; i < ARRAY_SIZE(group_types); i++) {
        if (!strcmp(value, group_types[i])) {
            *type = (uint8_t)i;
            return NULL;
        }
    }
    if (!strcmp(value, "fast_failover")) {
        *type = OFPGT_FF;
        return NULL;
    }
    char *error = ofp_text_parse_uint(value, "type", UINT8_MAX, &v);
    if (error) {
        free(error);
        return xasprintf("invalid group type `%s'", value);
    }
    *type = (uint8_t)v;
    return NULL;
}

/* Parses one bucket from the writable string 's' (the text after
 * "bucket=").  As in ovs-ofctl, items that are not bucket parameters are
 * actions, with or without "actions=" before them. */
static char *
parse_bucket(char *s, uint8_t group_type, struct ofp_bucket *bucket)
{
    struct buf actions = BUF_INITIALIZER;
    char *key, *value;
    char delim;
    uint64_t v;
    char *error = NULL;

    memset(bucket, 0, sizeof *bucket);
    bucket->weight = group_type == OFPGT_SELECT ? 1 : 0;
    bucket->watch_port = OFPP_ANY;
    bucket->watch_group = OFPG_ANY;
    ofp_actions_init(&bucket->actions);

    while (!error && ofp_text_next_kv(&s, &key, &value, &delim)) {
        if (!strcmp(key, "weight")) {
            error = parse_u(key, value, UINT16_MAX, &v);
            bucket->weight = (uint16_t)v;
        } else if (!strcmp(key, "watch_port")) {
            /* Any port, LOCAL included (ovs-ofctl prints it, though its
             * parser refuses reserved ports); the switch validates it. */
            error = ofp_port_parse(value, &bucket->watch_port);
        } else if (!strcmp(key, "watch_group")) {
            if (!strcmp(value, "any")) {
                bucket->watch_group = OFPG_ANY;
            } else {
                error = parse_u(key, value, OFPG_MAX, &v);
                bucket->watch_group = (uint32_t)v;
            }
        } else if (!strcmp(key, "bucket_id")) {
            error = xstrdup("bucket_id needs OpenFlow 1.5");
        } else if (!strcmp(key, "actions") || !strcmp(key, "action")) {
            if (*value) {
                ofp_text_printf(&actions, "%s,", value);
            }
        } else {
            put_item(&actions, key, value, delim);
        }
    }
    if (!error && !actions.size) {
        error = xstrdup("bucket must specify actions");
    }
    if (!error) {
        error =
            ofp_actions_parse(ofp_text_cstr(&actions), NULL, &bucket->actions);
    }
    if (!error && group_type != OFPGT_SELECT && bucket->weight) {
        error = xstrdup("only select groups can have bucket weights");
    }
    buf_uninit(&actions);
    if (error) {
        ofp_actions_uninit(&bucket->actions);
    }
    return error;
}

char *
ofp_group_mod_parse(const char *s, uint16_t cmd, struct ofp_group_mod *gm)
{
    bool have_id = false, have_type = false;
    char *copy = xstrdup(s);
    char *pos = copy;
    char *rest = NULL;
    char *key, *value;
    uint64_t v;
    char *error = NULL;

    memset(gm, 0, sizeof *gm);
    ofp_buckets_init(&gm->buckets);
    gm->command = cmd;
    if (cmd > OFPGC_DELETE) {
        error = xasprintf("unknown group command %u", cmd);
        goto out;
    }
    if (cmd == OFPGC_DELETE && !copy[strspn(copy, ", \t\r\n")]) {
        gm->group_id = OFPG_ALL; /* ovs-ofctl del-groups with no group. */
        goto out;
    }

    /* The buckets come last: cut them off and read them once the group
     * type, which sets their default weight, is known. */
    char *bucket = find_keyword(copy, "bucket", &rest);
    if (bucket) {
        *bucket = '\0';
        if (cmd == OFPGC_DELETE) {
            error = xstrdup("buckets are not allowed when deleting groups");
            goto out;
        }
    }

    while (ofp_text_next_kv(&pos, &key, &value, NULL)) {
        if (!strcmp(key, "group_id")) {
            if (!strcmp(value, "all")) {
                gm->group_id = OFPG_ALL;
            } else if (!strcmp(value, "any")) {
                gm->group_id = OFPG_ANY;
            } else {
                error = parse_u(key, value, UINT32_MAX, &v);
                if (!error && v > OFPG_MAX && v != OFPG_ALL) {
                    error = xasprintf("invalid group id `%s'", value);
                }
                gm->group_id = (uint32_t)v;
            }
            have_id = true;
        } else if (!strcmp(key, "type")) {
            error = parse_group_type(value, &gm->type);
            have_type = true;
        } else {
            error = xasprintf("unknown group field `%s'", key);
        }
        if (error) {
            goto out;
        }
    }
    if (!have_id) {
        error = xstrdup("must specify a group_id");
    } else if (cmd != OFPGC_DELETE && gm->group_id > OFPG_MAX) {
        error = xstrdup("group_id=all and group_id=any are only allowed "
                        "when deleting groups");
    } else if (cmd != OFPGC_DELETE && !have_type) {
        error = xstrdup("must specify a type");
    }

    while (!error && bucket) {
        char *text = rest;
        bucket = find_keyword(text, "bucket", &rest);
        if (bucket) {
            *bucket = '\0';
        }

        struct ofp_bucket bk;
        error = parse_bucket(text, gm->type, &bk);
        if (!error) {
            gm->buckets.b = xreallocarray(gm->buckets.b, gm->buckets.n + 1,
                                          sizeof *gm->buckets.b);
            gm->buckets.b[gm->buckets.n++] = bk;
        }
    }
    if (!error && gm->type == OFPGT_INDIRECT && gm->buckets.n > 1) {
        error = xstrdup("indirect groups can have at most one bucket");
    }

out:
    free(copy);
    if (error) {
        ofp_buckets_uninit(&gm->buckets);
        memset(gm, 0, sizeof *gm);
        ofp_buckets_init(&gm->buckets);
    }
    return error;
}

void
ofp_buckets_format(const struct ofp_buckets *buckets, uint8_t group_type,
                   struct buf *b)
{
    for (size_t i = 0; i < buckets->n; i++) {
        const struct ofp_bucket *bk = &buckets->b[i];

        put_cstr(b, i ? ",bucket=" : "bucket=");
        if (bk->weight != (group_type == OFPGT_SELECT ? 1 : 0)) {
            ofp_text_printf(b, "weight:%" PRIu16 ",", bk->weight);
        }
        if (bk->watch_port != OFPP_ANY) {
            put_cstr(b, "watch_port:");
            ofp_port_format(bk->watch_port, b);
            put_cstr(b, ",");
        }
        if (bk->watch_group != OFPG_ANY) {
            ofp_text_printf(b, "watch_group:%" PRIu32 ",", bk->watch_group);
        }
        put_cstr(b, "actions=");
        ofp_actions_format(&bk->actions, b);
    }
}

void
ofp_group_mod_format(const struct ofp_group_mod *gm, struct buf *b)
{
    ofp_text_printf(b, "group_id=%" PRIu32 ",type=", gm->group_id);
    if (gm->type < ARRAY_SIZE(group_types)) {
        put_cstr(b, group_types[gm->type]);
    } else {
        ofp_text_printf(b, "%u", gm->type);
    }
    if (gm->buckets.n) {
        put_cstr(b, ",");
        ofp_buckets_format(&gm->buckets, gm->type, b);
    }
}

/* --- Meters. ------------------------------------------------------------ */

static const struct {
    const char *name;
    uint16_t flag;
} meter_flags[] = {
    { "kbps", OFPMF_KBPS },
    { "pktps", OFPMF_PKTPS },
    { "burst", OFPMF_BURST },
    { "stats", OFPMF_STATS },
};

static const struct {
    const char *name;
    uint16_t type;
} band_types[] = {
    { "drop", OFPMBT_DROP },
    { "dscp_remark", OFPMBT_DSCP_REMARK },
    { "experimenter", OFPMBT_EXPERIMENTER },
};

static char *
parse_meter_id(const char *value, uint32_t *id)
{
    uint64_t v;
    char *error;

    if (!strcmp(value, "all")) {
        *id = OFPM_ALL;
    } else if (!strcmp(value, "controller")) {
        *id = OFPM_CONTROLLER;
    } else if (!strcmp(value, "slowpath")) {
        *id = OFPM_SLOWPATH;
    } else {
        error = parse_u("meter", value, UINT32_MAX, &v);
        if (error) {
            return error;
        }
        if (!v || v > OFPM_MAX) {
            return xasprintf("invalid meter id `%s'", value);
        }
        *id = (uint32_t)v;
    }
    return NULL;
}

/* Parses the bands from the writable string 's' (the text after
 * "bands="), checking them against the meter's 'flags'. */
static char *
parse_bands(char *s, uint16_t flags, struct ofp_meter_bands *bands)
{
    bool *has_rate = NULL;
    char *key, *value;
    uint64_t v;
    char *error = NULL;

    while (!error && ofp_text_next_kv(&s, &key, &value, NULL)) {
        struct ofp_meter_band *band =
            bands->n ? &bands->b[bands->n - 1] : NULL;
        if (!strcmp(key, "type")) {
            /* "type" starts a new band. */
            uint16_t type = 0;
            bool known = false;
            for (size_t i = 0; i < ARRAY_SIZE(band_types); i++) {
                if (!strcmp(value, band_types[i].name)) {
                    type = band_types[i].type;
                    known = true;
                }
            }
            if (!known) {
                error = ofp_text_parse_uint(value, key, UINT16_MAX, &v);
                if (error) {
                    free(error);
                    error = xasprintf("unknown band type `%s'", value);
                    break;
                }
                type = (uint16_t)v;
            }
            bands->b = xreallocarray(bands->b, bands->n + 1, sizeof *bands->b);
            has_rate = xreallocarray(has_rate, bands->n + 1, sizeof *has_rate);
            has_rate[bands->n] = false;
            band = &bands->b[bands->n++];
            memset(band, 0, sizeof *band);
            band->type = type;
        } else if (!band) {
            error = xstrdup("band must start with the 'type' keyword");
        } else if (!strcmp(key, "rate")) {
            error = parse_u(key, value, UINT32_MAX, &v);
            band->rate = (uint32_t)v;
            has_rate[bands->n - 1] = true;
        } else if (!strcmp(key, "burst_size")) {
            error = parse_u(key, value, UINT32_MAX, &v);
            band->burst_size = (uint32_t)v;
        } else if (!strcmp(key, "prec_level")) {
            error = parse_u(key, value, UINT8_MAX, &v);
            band->prec_level = (uint8_t)v;
        } else if (!strcmp(key, "experimenter")) {
            error = parse_u(key, value, UINT32_MAX, &v);
            band->experimenter = (uint32_t)v;
        } else {
            error = xasprintf("unknown band field `%s'", key);
        }
    }

    for (size_t i = 0; !error && i < bands->n; i++) {
        const struct ofp_meter_band *band = &bands->b[i];
        if (!has_rate[i]) {
            error = xstrdup("band must have 'rate'");
        } else if (band->prec_level && band->type != OFPMBT_DSCP_REMARK) {
            error = xstrdup("only 'dscp_remark' bands may have "
                            "'prec_level'");
        } else if (band->burst_size && !(flags & OFPMF_BURST)) {
            error = xstrdup("band may have 'burst_size' only when 'burst' "
                            "flag is set");
        } else if (band->experimenter && band->type != OFPMBT_EXPERIMENTER) {
            error = xstrdup("only experimenter bands may have "
                            "'experimenter'");
        }
    }
    free(has_rate);
    return error;
}

char *
ofp_meter_mod_parse(const char *s, uint16_t cmd, struct ofp_meter_mod *mm)
{
    bool have_id = false;
    char *copy = xstrdup(s);
    char *pos = copy;
    char *rest = NULL;
    char *key, *value;
    uint64_t v;
    char *error = NULL;

    memset(mm, 0, sizeof *mm);
    ofp_meter_bands_init(&mm->bands);
    mm->command = cmd;
    if (cmd > OFPMC_DELETE) {
        error = xasprintf("unknown meter command %u", cmd);
        goto out;
    }

    char *bands = find_keyword(copy, "band", &rest);
    if (bands) {
        *bands = '\0';
    }
    while (ofp_text_next_kv(&pos, &key, &value, NULL)) {
        bool is_flag = false;
        for (size_t i = 0; i < ARRAY_SIZE(meter_flags); i++) {
            if (!strcmp(key, meter_flags[i].name)) {
                mm->flags |= meter_flags[i].flag;
                error = no_value(key, value);
                is_flag = true;
            }
        }
        if (is_flag) {
            /* Done. */
        } else if (!strcmp(key, "meter")) {
            error = parse_meter_id(value, &mm->meter_id);
            have_id = true;
        } else if (!strcmp(key, "flags")) {
            /* Flags without a name, as printed by ofp_meter_mod_format(). */
            error = parse_u(key, value, UINT16_MAX, &v);
            mm->flags |= (uint16_t)v;
        } else {
            error = xasprintf("unknown meter field `%s'", key);
        }
        if (error) {
            goto out;
        }
    }

    if (!have_id) {
        error = xstrdup("must specify 'meter'");
    } else if (cmd != OFPMC_DELETE &&
               !(mm->flags & (OFPMF_KBPS | OFPMF_PKTPS))) {
        error = xstrdup("meter must specify either 'kbps' or 'pktps'");
    } else if (cmd != OFPMC_DELETE && !bands) {
        error = xstrdup("must specify bands");
    } else if (bands) {
        error = parse_bands(rest, mm->flags, &mm->bands);
        if (!error && cmd != OFPMC_DELETE && !mm->bands.n) {
            error = xstrdup("meter must have bands");
        }
    }

out:
    free(copy);
    if (error) {
        ofp_meter_bands_uninit(&mm->bands);
        memset(mm, 0, sizeof *mm);
        ofp_meter_bands_init(&mm->bands);
    }
    return error;
}

/* Bands as ovs-ofctl prints them; 'flags' decides whether burst_size is
 * shown, or, when 'have_flags' is false, a nonzero burst_size is. */
static void
format_bands(const struct ofp_meter_bands *bands, bool have_flags,
             uint16_t flags, struct buf *b)
{
    for (size_t i = 0; i < bands->n; i++) {
        const struct ofp_meter_band *band = &bands->b[i];
        const char *name = NULL;

        for (size_t j = 0; j < ARRAY_SIZE(band_types); j++) {
            if (band->type == band_types[j].type) {
                name = band_types[j].name;
            }
        }
        if (name) {
            ofp_text_printf(b, "\ntype=%s", name);
        } else {
            ofp_text_printf(b, "\ntype=%u", band->type);
        }
        ofp_text_printf(b, " rate=%" PRIu32, band->rate);
        if (have_flags ? (flags & OFPMF_BURST) != 0 : band->burst_size != 0) {
            ofp_text_printf(b, " burst_size=%" PRIu32, band->burst_size);
        }
        if (band->type == OFPMBT_DSCP_REMARK) {
            ofp_text_printf(b, " prec_level=%u", band->prec_level);
        }
        if (band->type == OFPMBT_EXPERIMENTER) {
            ofp_text_printf(b, " experimenter=%#" PRIx32, band->experimenter);
        }
    }
}

void
ofp_meter_bands_format(const struct ofp_meter_bands *bands, struct buf *b)
{
    format_bands(bands, false, 0, b);
}

void
ofp_meter_config_format(uint32_t meter_id, uint16_t flags,
                        const struct ofp_meter_bands *bands, struct buf *b)
{
    put_cstr(b, "meter=");
    switch (meter_id) {
    case OFPM_ALL:
        put_cstr(b, "all");
        break;
    case OFPM_CONTROLLER:
        put_cstr(b, "controller");
        break;
    case OFPM_SLOWPATH:
        put_cstr(b, "slowpath");
        break;
    default:
        ofp_text_printf(b, "%" PRIu32, meter_id);
        break;
    }
    put_cstr(b, " ");
    for (size_t i = 0; i < ARRAY_SIZE(meter_flags); i++) {
        if (flags & meter_flags[i].flag) {
            ofp_text_printf(b, "%s ", meter_flags[i].name);
        }
    }
    uint16_t other =
        flags & ~(OFPMF_KBPS | OFPMF_PKTPS | OFPMF_BURST | OFPMF_STATS);
    if (other) {
        ofp_text_printf(b, "flags:0x%" PRIx16 " ", other);
    }
    put_cstr(b, "bands=");
    format_bands(bands, true, flags, b);
}

void
ofp_meter_mod_format(const struct ofp_meter_mod *mm, struct buf *b)
{
    ofp_meter_config_format(mm->meter_id, mm->flags, &mm->bands, b);
}
