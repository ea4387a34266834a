/* ofp13/print.c -- human-readable rendering of OpenFlow 1.3 messages, the
 * equivalent of "ovs-ofctl ofp-print".  Every message type and every
 * multipart request and reply type has a formatter, chosen from dispatch
 * tables indexed by OFPT_* and OFPMP_*; the shapes follow what Open vSwitch
 * 3.1 prints for OpenFlow 1.3 so that people (and scripts) used to
 * ovs-ofctl read them without surprise.  Matches, actions, instructions,
 * flows, groups and meters are rendered by ofp13/text.h, so the syntax
 * printed here is the syntax ofctl parses.  Where ovs-ofctl would decode a
 * packet into a flow summary, this module prints a hex dump instead: ofp13
 * has no packet parser (that lives in the datapath, a higher layer).
 *
 * The module is pure: it reads decoded messages or byte buffers and
 * appends text to a 'struct buf'.  Every line it appends ends in '\n'. */
#include <config.h>
#include "ofp13/print.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ofp13/errors.h"
#include "ofp13/ofp.h"
#include "ofp13/text.h"
#include "util/cur.h"
#include "util/xalloc.h"

/* How deep an OFPT_ERROR's embedded request may itself be decoded and
 * printed.  An error quoting an error quoting ... would otherwise recurse
 * once per 12 bytes of input. */
#define PRINT_MAX_DEPTH 2

static void format_msg(const struct ofp_msg *, struct buf *, int depth);
static void format_embedded(const uint8_t *data, size_t size, struct buf *,
                            int depth);

/* --- Small helpers. ----------------------------------------------------- */

static void
put_cstr(struct buf *b, const char *s)
{
    buf_put(b, s, strlen(s));
}

static void
put_char(struct buf *b, char c)
{
    buf_put(b, &c, 1);
}

/* Makes sure the text in 'b' past 'start' ends in a newline, so that each
 * message's text is a sequence of whole lines whatever its formatter did
 * last. */
static void
end_line(struct buf *b, size_t start)
{
    if (b->size > start && b->data[b->size - 1] != '\n') {
        put_char(b, '\n');
    }
}

/* Appends a string that came off the wire (a port, table or description
 * name), stopping at the first NUL and replacing bytes that are not
 * printable ASCII by '.', so a peer cannot inject terminal escapes. */
static void
put_wire_str(struct buf *b, const char *s, size_t max)
{
    for (size_t i = 0; i < max && s[i]; i++) {
        unsigned char c = (unsigned char)s[i];
        put_char(b, c >= 32 && c < 127 ? (char)c : '.');
    }
}

/* "OF1.3" style version tag, as Open vSwitch's ofp_print_version(): 1.0
 * has none, unknown versions print their number. */
static void
put_version(struct buf *b, uint8_t version)
{
    switch (version) {
    case OFP10_VERSION:
        break;
    case OFP11_VERSION:
        put_cstr(b, " (OF1.1)");
        break;
    case OFP12_VERSION:
        put_cstr(b, " (OF1.2)");
        break;
    case OFP13_VERSION:
        put_cstr(b, " (OF1.3)");
        break;
    case OFP14_VERSION:
        put_cstr(b, " (OF1.4)");
        break;
    case OFP15_VERSION:
        put_cstr(b, " (OF1.5)");
        break;
    default:
        ofp_text_printf(b, " (OF 0x%02" PRIx8 ")", version);
        break;
    }
}

/* Multipart types as Open vSwitch names them in its output. */
static const char *
mp_stat_name(uint16_t mp_type)
{
    static const char *const names[OFPMP_N_TYPES] = {
        [OFPMP_DESC] = "OFPST_DESC",
        [OFPMP_FLOW] = "OFPST_FLOW",
        [OFPMP_AGGREGATE] = "OFPST_AGGREGATE",
        [OFPMP_TABLE] = "OFPST_TABLE",
        [OFPMP_PORT_STATS] = "OFPST_PORT",
        [OFPMP_QUEUE] = "OFPST_QUEUE",
        [OFPMP_GROUP] = "OFPST_GROUP",
        [OFPMP_GROUP_DESC] = "OFPST_GROUP_DESC",
        [OFPMP_GROUP_FEATURES] = "OFPST_GROUP_FEATURES",
        [OFPMP_METER] = "OFPST_METER",
        [OFPMP_METER_CONFIG] = "OFPST_METER_CONFIG",
        [OFPMP_METER_FEATURES] = "OFPST_METER_FEATURES",
        [OFPMP_TABLE_FEATURES] = "OFPST_TABLE_FEATURES",
        [OFPMP_PORT_DESC] = "OFPST_PORT_DESC",
    };
    if (mp_type < OFPMP_N_TYPES) {
        return names[mp_type];
    }
    return mp_type == OFPMP_EXPERIMENTER ? "OFPST_EXPERIMENTER" : NULL;
}

/* The first line's prefix: "OFPT_FLOW_MOD (OF1.3) (xid=0x5):" or, for a
 * multipart message, "OFPST_FLOW reply (OF1.3) (xid=0x5):".  'mp_type' is
 * used only for multipart messages; -1 means it is not known (a message
 * too short to carry one). */
static void
put_header(struct buf *b, uint8_t version, uint8_t type, int32_t mp_type,
           uint32_t xid)
{
    bool is_mp =
        type == OFPT_MULTIPART_REQUEST || type == OFPT_MULTIPART_REPLY;
    const char *kind = type == OFPT_MULTIPART_REQUEST ? "request" : "reply";
    const char *name = is_mp && mp_type >= 0 ? mp_stat_name((uint16_t)mp_type)
                                             : ofp_type_name(type);

    if (is_mp && mp_type >= 0 && !name) {
        ofp_text_printf(b, "OFPST_%" PRId32 " %s", mp_type, kind);
    } else if (is_mp && mp_type >= 0) {
        ofp_text_printf(b, "%s %s", name, kind);
    } else if (name) {
        put_cstr(b, name);
    } else {
        ofp_text_printf(b, "OFPT_%" PRIu8, type);
    }
    put_version(b, version);
    ofp_text_printf(b, " (xid=0x%" PRIx32 "):", xid);
}

/* Names each set bit of 'bits' with 'names' (indexed by bit number, NULL
 * for unnamed bits) separated by 'sep'; bits without a name are printed
 * together in hex at the end; no bits at all print "0".  This is Open
 * vSwitch's ofp_print_bit_names(). */
static void
put_bit_names(struct buf *b, uint32_t bits, const char *const names[32],
              char sep)
{
    int n = 0;

    if (!bits) {
        put_char(b, '0');
        return;
    }
    for (int i = 0; i < 32; i++) {
        uint32_t bit = UINT32_C(1) << i;
        if ((bits & bit) && names[i]) {
            if (n++) {
                put_char(b, sep);
            }
            put_cstr(b, names[i]);
            bits &= ~bit;
        }
    }
    if (bits) {
        if (n) {
            put_char(b, sep);
        }
        ofp_text_printf(b, "0x%" PRIx32, bits);
    }
}

/* "5s", "1.234s", "1.000000001s": whole seconds print no decimals,
 * millisecond-exact values print three, anything finer prints as many as
 * it needs (Open vSwitch's ofp_print_duration()). */
static void
put_duration(struct buf *b, uint32_t sec, uint32_t nsec)
{
    ofp_text_printf(b, "%" PRIu32, sec);
    if (nsec > 0) {
        uint32_t msec = nsec / 1000000;
        if (msec * 1000000 == nsec) {
            ofp_text_printf(b, ".%03" PRIu32, msec);
        } else {
            char frac[16];
            int len = snprintf(frac, sizeof frac, "%09" PRIu32, nsec);
            while (len > 0 && frac[len - 1] == '0') {
                len--;
            }
            put_char(b, '.');
            buf_put(b, frac, (size_t)len);
        }
    }
    put_char(b, 's');
}

static void
put_port(struct buf *b, uint32_t port)
{
    ofp_port_format(port, b);
}

static void
put_group_id(struct buf *b, uint32_t group_id)
{
    if (group_id == OFPG_ALL) {
        put_cstr(b, "ALL");
    } else if (group_id == OFPG_ANY) {
        put_cstr(b, "ANY");
    } else {
        ofp_text_printf(b, "%" PRIu32, group_id);
    }
}

static void
put_meter_id(struct buf *b, uint32_t meter_id)
{
    if (meter_id == OFPM_ALL) {
        put_cstr(b, "all");
    } else if (meter_id == OFPM_CONTROLLER) {
        put_cstr(b, "controller");
    } else if (meter_id == OFPM_SLOWPATH) {
        put_cstr(b, "slowpath");
    } else {
        ofp_text_printf(b, "%" PRIu32, meter_id);
    }
}

static void
put_mac(struct buf *b, const uint8_t mac[6])
{
    ofp_text_printf(b, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2],
                    mac[3], mac[4], mac[5]);
}

/* A counter that the switch may not support: all-ones prints "?". */
static void
put_counter(struct buf *b, const char *label, uint64_t value,
            const char *after)
{
    put_cstr(b, label);
    if (value == UINT64_MAX) {
        put_char(b, '?');
    } else {
        ofp_text_printf(b, "%" PRIu64, value);
    }
    put_cstr(b, after);
}

/* "priority=10,ip,in_port=1": the priority (unless it is the default)
 * joined to the match, as Open vSwitch's match_format() does. */
static void
put_priority_match(struct buf *b, uint16_t priority,
                   const struct ofp_match *match)
{
    struct buf m = BUF_INITIALIZER;

    ofp_match_format(match, &m);
    if (priority != OFP_DEFAULT_PRIORITY) {
        ofp_text_printf(b, "priority=%" PRIu16, priority);
        if (m.size) {
            put_char(b, ',');
        }
    }
    if (m.size) {
        buf_put(b, m.data, m.size);
    }
    buf_uninit(&m);
}

/* --- Hex dump. ---------------------------------------------------------- */

void
ofp_hex_dump(const void *data_, size_t size, struct buf *b)
{
    const uint8_t *data = data_;
    const size_t per_line = 16;

    for (size_t ofs = 0; ofs < size; ofs += per_line) {
        size_t n = size - ofs < per_line ? size - ofs : per_line;
        size_t i;

        ofp_text_printf(b, "%08zx  ", ofs);
        for (i = 0; i < n; i++) {
            ofp_text_printf(b, "%02x%c", data[ofs + i],
                            i == per_line / 2 - 1 ? '-' : ' ');
        }
        for (; i < per_line; i++) {
            put_cstr(b, "   ");
        }
        put_char(b, '|');
        for (i = 0; i < n; i++) {
            uint8_t c = data[ofs + i];
            put_char(b, c >= 32 && c < 127 ? (char)c : '.');
        }
        for (; i < per_line; i++) {
            put_char(b, ' ');
        }
        put_cstr(b, "|\n");
    }
}

static void
put_hex_dump(struct buf *b, const struct ofp_bytes *bytes)
{
    if (bytes->len) {
        ofp_hex_dump(bytes->data, bytes->len, b);
    }
}

/* --- Symmetric messages. ------------------------------------------------ */

static void
format_hello(const struct ofp_msg *msg, struct buf *b, int depth)
{
    const struct ofp_hello *h = &msg->u.hello;
    uint32_t bitmap = h->bitmap;

    /* Without a bitmap a HELLO offers every version up to its header's
     * (OF1.3.5 §6.3.1), which is what Open vSwitch prints too. */
    if (!h->has_bitmap) {
        uint8_t v = msg->version < 32 ? msg->version : 31;
        bitmap = (uint32_t)((UINT64_C(2) << v) - 2);
    }
    put_cstr(b, "\n version bitmap: ");
    if (!bitmap) {
        put_cstr(b, "(none)");
    }
    for (int v = 0, n = 0; v < 32; v++) {
        if (bitmap & (UINT32_C(1) << v)) {
            ofp_text_printf(b, "%s0x%02x", n++ ? ", " : "", v);
        }
    }
    put_char(b, '\n');
}

static void
format_error(const struct ofp_msg *msg, struct buf *b, int depth)
{
    const struct ofp_error_msg *e = &msg->u.error;
    const char *name = e->error ? ofperr_get_name(e->error) : NULL;

    put_char(b, ' ');
    if (name) {
        put_cstr(b, name);
    } else if (e->type == OFPET_EXPERIMENTER) {
        ofp_text_printf(b,
                        "OFPET_EXPERIMENTER experimenter=0x%" PRIx32
                        " exp_type=%" PRIu16,
                        e->experimenter, e->code);
    } else if (ofperr_type_name(e->type)) {
        ofp_text_printf(b, "%s code=%" PRIu16, ofperr_type_name(e->type),
                        e->code);
    } else {
        ofp_text_printf(b, "type=%" PRIu16 " code=%" PRIu16, e->type, e->code);
    }
    put_char(b, '\n');

    if (!e->data.len) {
        return;
    }
    if (e->type == OFPET_HELLO_FAILED) {
        /* OF1.3.5 §7.4.4: HELLO_FAILED carries an ASCII explanation. */
        put_wire_str(b, (const char *)e->data.data, e->data.len);
        put_char(b, '\n');
    } else {
        format_embedded(e->data.data, e->data.len, b, depth + 1);
    }
}

static void
format_echo(const struct ofp_msg *msg, struct buf *b, int depth)
{
    ofp_text_printf(b, " %zu bytes of payload\n", msg->u.echo.len);
    put_hex_dump(b, &msg->u.echo);
}

static void
format_experimenter(const struct ofp_msg *msg, struct buf *b, int depth)
{
    const struct ofp_experimenter_msg *x = &msg->u.experimenter;

    ofp_text_printf(b,
                    " experimenter=0x%08" PRIx32 " exp_type=%" PRIu32
                    " (%zu bytes of data)\n",
                    x->experimenter, x->exp_type, x->data.len);
    put_hex_dump(b, &x->data);
}

/* Messages without a body print their header only. */
static void
format_empty(const struct ofp_msg *msg, struct buf *b, int depth)
{
    put_char(b, '\n');
}

/* --- Switch configuration. ---------------------------------------------- */

static const char *const capability_names[32] = {
    [0] = "FLOW_STATS",   [1] = "TABLE_STATS", [2] = "PORT_STATS",
    [3] = "GROUP_STATS",  [5] = "IP_REASM",    [6] = "QUEUE_STATS",
    [8] = "PORT_BLOCKED",
};

static void
format_features_reply(const struct ofp_msg *msg, struct buf *b, int depth)
{
    const struct ofp_features_reply *f = &msg->u.features;

    ofp_text_printf(b, " dpid:%016" PRIx64 "\n", f->datapath_id);
    ofp_text_printf(b, "n_tables:%" PRIu8 ", n_buffers:%" PRIu32, f->n_tables,
                    f->n_buffers);
    if (f->auxiliary_id) {
        ofp_text_printf(b, ", auxiliary_id:%" PRIu8, f->auxiliary_id);
    }
    put_cstr(b, "\ncapabilities: ");
    put_bit_names(b, f->capabilities, capability_names, ' ');
    put_char(b, '\n');
}

static void
format_switch_config(const struct ofp_msg *msg, struct buf *b, int depth)
{
    const struct ofp_switch_config *c = &msg->u.config;
    static const char *const frags[] = { "normal", "drop", "reassemble",
                                         "nx-match" };

    ofp_text_printf(b, " frags=%s", frags[c->flags & OFPC_FRAG_MASK]);
    if (c->flags & ~OFPC_FRAG_MASK) {
        ofp_text_printf(b, " flags=0x%04" PRIx16 "(***unknown flags***)",
                        c->flags);
    }
    ofp_text_printf(b, " miss_send_len=%" PRIu16 "\n", c->miss_send_len);
}

/* --- Asynchronous messages. --------------------------------------------- */

static const char *const packet_in_reason_names[32] = {
    [OFPR_NO_MATCH] = "no_match",
    [OFPR_ACTION] = "action",
    [OFPR_INVALID_TTL] = "invalid_ttl",
};

static const char *const flow_removed_reason_names[32] = {
    [OFPRR_IDLE_TIMEOUT] = "idle",
    [OFPRR_HARD_TIMEOUT] = "hard",
    [OFPRR_DELETE] = "delete",
    [OFPRR_GROUP_DELETE] = "group_delete",
};

static const char *const port_reason_names[32] = {
    [OFPPR_ADD] = "add",
    [OFPPR_DELETE] = "delete",
    [OFPPR_MODIFY] = "modify",
};

static void
put_reason(struct buf *b, uint8_t reason, const char *const names[32])
{
    if (reason < 32 && names[reason]) {
        put_cstr(b, names[reason]);
    } else {
        ofp_text_printf(b, "%" PRIu8, reason);
    }
}

static void
format_packet_in(const struct ofp_msg *msg, struct buf *b, int depth)
{
    const struct ofp_packet_in *pi = &msg->u.packet_in;

    if (pi->table_id) {
        ofp_text_printf(b, " table_id=%" PRIu8, pi->table_id);
    }
    /* An all-ones cookie means the packet-in came from no flow. */
    if (pi->cookie != UINT64_MAX) {
        ofp_text_printf(b, " cookie=0x%" PRIx64, pi->cookie);
    }
    ofp_text_printf(b, " total_len=%" PRIu16 " ", pi->total_len);
    ofp_match_format(&pi->match, b);
    put_cstr(b, " (via ");
    put_reason(b, pi->reason, packet_in_reason_names);
    ofp_text_printf(b, ") data_len=%zu", pi->data.len);
    if (pi->buffer_id == OFP_NO_BUFFER) {
        put_cstr(b, " (unbuffered)");
        if (pi->total_len != pi->data.len) {
            put_cstr(b, " (***total_len != data_len***)");
        }
    } else {
        ofp_text_printf(b, " buffer=0x%08" PRIx32, pi->buffer_id);
        if (pi->total_len < pi->data.len) {
            put_cstr(b, " (***total_len < data_len***)");
        }
    }
    put_char(b, '\n');
    put_hex_dump(b, &pi->data);
}

static void
format_flow_removed(const struct ofp_msg *msg, struct buf *b, int depth)
{
    const struct ofp_flow_removed *fr = &msg->u.flow_removed;

    put_char(b, ' ');
    put_priority_match(b, fr->priority, &fr->match);
    put_cstr(b, " reason=");
    put_reason(b, fr->reason, flow_removed_reason_names);
    if (fr->table_id != OFPTT_ALL) {
        ofp_text_printf(b, " table_id=%" PRIu8, fr->table_id);
    }
    if (fr->cookie) {
        ofp_text_printf(b, " cookie:0x%" PRIx64, fr->cookie);
    }
    put_cstr(b, " duration");
    put_duration(b, fr->duration_sec, fr->duration_nsec);
    ofp_text_printf(b, " idle%" PRIu16, fr->idle_timeout);
    if (fr->hard_timeout) {
        ofp_text_printf(b, " hard%" PRIu16, fr->hard_timeout);
    }
    ofp_text_printf(b, " pkts%" PRIu64 " bytes%" PRIu64 "\n", fr->packet_count,
                    fr->byte_count);
}

/* --- Ports. ------------------------------------------------------------- */

static const char *const port_config_names[32] = {
    [0] = "PORT_DOWN",
    [2] = "NO_RECV",
    [5] = "NO_FWD",
    [6] = "NO_PACKET_IN",
};

static const char *const port_state_names[32] = {
    [0] = "LINK_DOWN",
    [1] = "BLOCKED",
    [2] = "LIVE",
};

static const char *const port_feature_names[32] = {
    [0] = "10MB-HD",          [1] = "10MB-FD",   [2] = "100MB-HD",
    [3] = "100MB-FD",         [4] = "1GB-HD",    [5] = "1GB-FD",
    [6] = "10GB-FD",          [7] = "40GB-FD",   [8] = "100GB-FD",
    [9] = "1TB-FD",           [10] = "OTHER",    [11] = "COPPER",
    [12] = "FIBER",           [13] = "AUTO_NEG", [14] = "AUTO_PAUSE",
    [15] = "AUTO_PAUSE_ASYM",
};

/* One port as "ovs-ofctl show" prints it: a " N(name): addr:..." line and
 * indented detail lines.  Feature sets that are empty are left out. */
static void
format_port(const struct ofp_port *p, struct buf *b)
{
    static const struct {
        const char *label;
        size_t offset;
    } features[] = {
        { "     current:    ", offsetof(struct ofp_port, curr) },
        { "     advertised: ", offsetof(struct ofp_port, advertised) },
        { "     supported:  ", offsetof(struct ofp_port, supported) },
        { "     peer:       ", offsetof(struct ofp_port, peer) },
    };

    put_char(b, ' ');
    put_port(b, p->port_no);
    put_char(b, '(');
    put_wire_str(b, p->name, sizeof p->name);
    put_cstr(b, "): addr:");
    put_mac(b, p->hw_addr);
    put_cstr(b, "\n     config:     ");
    put_bit_names(b, p->config, port_config_names, ' ');
    put_cstr(b, "\n     state:      ");
    put_bit_names(b, p->state, port_state_names, ' ');
    put_char(b, '\n');
    for (size_t i = 0; i < ARRAY_SIZE(features); i++) {
        uint32_t bits;
        memcpy(&bits, (const char *)p + features[i].offset, sizeof bits);
        if (bits) {
            put_cstr(b, features[i].label);
            put_bit_names(b, bits, port_feature_names, ' ');
            put_char(b, '\n');
        }
    }
    ofp_text_printf(b,
                    "     speed: %" PRIu32 " Mbps now, %" PRIu32 " Mbps max\n",
                    p->curr_speed / 1000, p->max_speed / 1000);
}

static void
format_port_status(const struct ofp_msg *msg, struct buf *b, int depth)
{
    const struct ofp_port_status *ps = &msg->u.port_status;

    switch (ps->reason) {
    case OFPPR_ADD:
        put_cstr(b, " ADD:");
        break;
    case OFPPR_DELETE:
        put_cstr(b, " DEL:");
        break;
    case OFPPR_MODIFY:
        put_cstr(b, " MOD:");
        break;
    default:
        ofp_text_printf(b, " UNKNOWN_REASON(%" PRIu8 "):", ps->reason);
        break;
    }
    format_port(&ps->desc, b);
}

static void
format_port_mod(const struct ofp_msg *msg, struct buf *b, int depth)
{
    const struct ofp_port_mod *pm = &msg->u.port_mod;

    put_cstr(b, " port: ");
    put_port(b, pm->port_no);
    put_cstr(b, ": addr:");
    put_mac(b, pm->hw_addr);
    put_cstr(b, "\n     config: ");
    put_bit_names(b, pm->config, port_config_names, ' ');
    put_cstr(b, "\n     mask:   ");
    put_bit_names(b, pm->mask, port_config_names, ' ');
    put_cstr(b, "\n     advertise: ");
    if (pm->advertise) {
        put_bit_names(b, pm->advertise, port_feature_names, ' ');
    } else {
        put_cstr(b, "UNCHANGED");
    }
    put_char(b, '\n');
}

/* --- Controller commands. ----------------------------------------------- */

static void
format_packet_out(const struct ofp_msg *msg, struct buf *b, int depth)
{
    const struct ofp_packet_out *po = &msg->u.packet_out;

    put_cstr(b, " in_port=");
    put_port(b, po->in_port);
    put_cstr(b, " actions=");
    ofp_actions_format(&po->actions, b);
    if (po->buffer_id != OFP_NO_BUFFER) {
        ofp_text_printf(b, " buffer=0x%08" PRIx32, po->buffer_id);
    }
    if (po->buffer_id == OFP_NO_BUFFER || po->data.len) {
        ofp_text_printf(b, " data_len=%zu", po->data.len);
    }
    put_char(b, '\n');
    put_hex_dump(b, &po->data);
}

static const char *
flow_mod_command_name(uint8_t command)
{
    static const char *const names[] = {
        [OFPFC_ADD] = "ADD",
        [OFPFC_MODIFY] = "MOD",
        [OFPFC_MODIFY_STRICT] = "MOD_STRICT",
        [OFPFC_DELETE] = "DEL",
        [OFPFC_DELETE_STRICT] = "DEL_STRICT",
    };
    return command < ARRAY_SIZE(names) ? names[command] : NULL;
}

static void
format_flow_mod(const struct ofp_msg *msg, struct buf *b, int depth)
{
    const struct ofp_flow_mod *fm = &msg->u.flow_mod;
    const char *cmd = flow_mod_command_name(fm->command);

    if (cmd) {
        ofp_text_printf(b, " %s ", cmd);
    } else {
        ofp_text_printf(b, " cmd:%" PRIu8 " ", fm->command);
    }
    ofp_flow_mod_format(fm, b);
    put_char(b, '\n');
}

static const char *
group_mod_command_name(uint16_t command)
{
    switch (command) {
    case OFPGC_ADD:
        return "ADD";
    case OFPGC_MODIFY:
        return "MOD";
    case OFPGC_DELETE:
        return "DEL";
    default:
        return NULL;
    }
}

static void
format_group_mod(const struct ofp_msg *msg, struct buf *b, int depth)
{
    const struct ofp_group_mod *gm = &msg->u.group_mod;
    const char *cmd = group_mod_command_name(gm->command);

    if (cmd) {
        ofp_text_printf(b, "\n %s ", cmd);
    } else {
        ofp_text_printf(b, "\n cmd:%" PRIu16 " ", gm->command);
    }
    ofp_group_mod_format(gm, b);
    put_char(b, '\n');
}

static void
format_table_mod(const struct ofp_msg *msg, struct buf *b, int depth)
{
    const struct ofp_table_mod *tm = &msg->u.table_mod;

    if (tm->table_id == OFPTT_ALL) {
        put_cstr(b, " table_id: ALL_TABLES");
    } else {
        ofp_text_printf(b, " table_id=%" PRIu8, tm->table_id);
    }
    /* 1.3 left only the deprecated bits in 'config'; show them when set so
     * the text says what is on the wire. */
    if (tm->config) {
        ofp_text_printf(b, " config=0x%" PRIx32, tm->config);
    }
    put_char(b, '\n');
}

static const char *
meter_mod_command_name(uint16_t command)
{
    switch (command) {
    case OFPMC_ADD:
        return "ADD";
    case OFPMC_MODIFY:
        return "MOD";
    case OFPMC_DELETE:
        return "DEL";
    default:
        return NULL;
    }
}

static void
format_meter_mod(const struct ofp_msg *msg, struct buf *b, int depth)
{
    const struct ofp_meter_mod *mm = &msg->u.meter_mod;
    const char *cmd = meter_mod_command_name(mm->command);

    if (cmd) {
        ofp_text_printf(b, " %s ", cmd);
    } else {
        ofp_text_printf(b, " cmd:%" PRIu16 " ", mm->command);
    }
    ofp_meter_mod_format(mm, b);
    put_char(b, '\n');
}

/* --- Queues, roles, async configuration. -------------------------------- */

static void
format_queue_get_config_request(const struct ofp_msg *msg, struct buf *b,
                                int depth)
{
    put_cstr(b, " port=");
    put_port(b, msg->u.queue_get_config_port);
    put_char(b, '\n');
}

/* Rates are in tenths of a percent; above 1000 means disabled
 * (OF1.3.5 §7.2.2). */
static void
put_queue_rate(struct buf *b, const char *name, uint32_t rate)
{
    if (rate == OFPQ_RATE_NONE) {
        return;
    }
    if (rate <= 1000) {
        ofp_text_printf(b, " %s:%" PRIu32 ".%" PRIu32 "%%", name, rate / 10,
                        rate % 10);
    } else {
        ofp_text_printf(b, " %s:(disabled)", name);
    }
}

static void
format_queue_get_config_reply(const struct ofp_msg *msg, struct buf *b,
                              int depth)
{
    const struct ofp_queue_get_config_reply *qr = &msg->u.queue_config;

    put_cstr(b, " port=");
    put_port(b, qr->port);
    put_char(b, '\n');
    for (size_t i = 0; i < qr->n; i++) {
        const struct ofp_packet_queue *q = &qr->queues[i];

        ofp_text_printf(b, "queue %" PRIu32 ":", q->queue_id);
        if (q->port != qr->port) {
            put_cstr(b, " port=");
            put_port(b, q->port);
        }
        put_queue_rate(b, "min_rate", q->min_rate);
        put_queue_rate(b, "max_rate", q->max_rate);
        for (size_t j = 0; j < q->n_exp; j++) {
            ofp_text_printf(b, " experimenter=0x%08" PRIx32 "(%zu bytes)",
                            q->exp[j].experimenter, q->exp[j].data.len);
        }
        put_char(b, '\n');
    }
}

static void
format_role(const struct ofp_msg *msg, struct buf *b, int depth)
{
    static const char *const roles[] = {
        [OFPCR_ROLE_NOCHANGE] = "nochange",
        [OFPCR_ROLE_EQUAL] = "equal",
        [OFPCR_ROLE_MASTER] = "primary",
        [OFPCR_ROLE_SLAVE] = "secondary",
    };
    const struct ofp_role *r = &msg->u.role;

    if (r->role < ARRAY_SIZE(roles)) {
        ofp_text_printf(b, " role=%s", roles[r->role]);
    } else {
        ofp_text_printf(b, " role=%" PRIu32, r->role);
    }
    /* OF1.3.5 §7.3.9: generation_id means nothing in a NOCHANGE request,
     * and an all-ones one in a reply is the "none yet" value. */
    bool have_gen = msg->type == OFPT_ROLE_REQUEST
                        ? r->role != OFPCR_ROLE_NOCHANGE
                        : r->generation_id != UINT64_MAX;
    if (have_gen) {
        ofp_text_printf(b, " generation_id=%" PRIu64, r->generation_id);
    }
    put_char(b, '\n');
}

static void
put_async_mask(struct buf *b, const char *label, uint32_t mask,
               const char *const names[32])
{
    put_cstr(b, label);
    if (!mask) {
        put_cstr(b, "(off)");
    } else {
        put_bit_names(b, mask, names, ' ');
    }
    put_char(b, '\n');
}

static void
format_async(const struct ofp_msg *msg, struct buf *b, int depth)
{
    const struct ofp_async_config *a = &msg->u.async;

    for (int i = 0; i < 2; i++) {
        put_cstr(b, i ? "\n secondary:\n" : "\n primary:\n");
        put_async_mask(b, "       PACKET_IN: ", a->packet_in_mask[i],
                       packet_in_reason_names);
        put_async_mask(b, "     PORT_STATUS: ", a->port_status_mask[i],
                       port_reason_names);
        put_async_mask(b, "    FLOW_REMOVED: ", a->flow_removed_mask[i],
                       flow_removed_reason_names);
    }
}

/* --- Multipart requests. ------------------------------------------------ */

static void
put_mp_flags(struct buf *b, uint16_t flags)
{
    if (flags) {
        put_cstr(b, " flags=");
        if (flags & OFPMPF_REPLY_MORE) {
            put_cstr(b, "[more]");
            flags &= (uint16_t)~OFPMPF_REPLY_MORE;
        }
        if (flags) {
            ofp_text_printf(b, "[***unknown flags 0x%04" PRIx16 "***]", flags);
        }
    }
}

static void
format_flow_stats_request(const struct ofp_flow_stats_request *r,
                          struct buf *b)
{
    if (r->table_id != OFPTT_ALL) {
        ofp_text_printf(b, " table=%" PRIu8, r->table_id);
    }
    if (r->out_port != OFPP_ANY) {
        put_cstr(b, " out_port=");
        put_port(b, r->out_port);
    }
    if (r->out_group != OFPG_ANY) {
        put_cstr(b, " out_group=");
        put_group_id(b, r->out_group);
    }
    if (r->cookie_mask) {
        ofp_text_printf(b, " cookie=0x%" PRIx64 "/0x%" PRIx64, r->cookie,
                        r->cookie_mask);
    }

    struct buf m = BUF_INITIALIZER;
    ofp_match_format(&r->match, &m);
    if (m.size) {
        put_char(b, ' ');
        buf_put(b, m.data, m.size);
    }
    buf_uninit(&m);
}

/* One table-features property list entry, by property type. */
static const char *
table_prop_name(uint16_t type)
{
    switch (type) {
    case OFPTFPT_INSTRUCTIONS:
        return "instructions";
    case OFPTFPT_INSTRUCTIONS_MISS:
        return "instructions (table miss)";
    case OFPTFPT_NEXT_TABLES:
        return "next tables";
    case OFPTFPT_NEXT_TABLES_MISS:
        return "next tables (table miss)";
    case OFPTFPT_WRITE_ACTIONS:
        return "write actions";
    case OFPTFPT_WRITE_ACTIONS_MISS:
        return "write actions (table miss)";
    case OFPTFPT_APPLY_ACTIONS:
        return "apply actions";
    case OFPTFPT_APPLY_ACTIONS_MISS:
        return "apply actions (table miss)";
    case OFPTFPT_MATCH:
        return "match";
    case OFPTFPT_WILDCARDS:
        return "wildcards";
    case OFPTFPT_WRITE_SETFIELD:
        return "write set_field";
    case OFPTFPT_WRITE_SETFIELD_MISS:
        return "write set_field (table miss)";
    case OFPTFPT_APPLY_SETFIELD:
        return "apply set_field";
    case OFPTFPT_APPLY_SETFIELD_MISS:
        return "apply set_field (table miss)";
    case OFPTFPT_EXPERIMENTER:
        return "experimenter";
    case OFPTFPT_EXPERIMENTER_MISS:
        return "experimenter (table miss)";
    default:
        return NULL;
    }
}

/* Action names for bitmaps and id lists, in ovs-actions(7) spelling. */
static const char *
action_name(uint16_t type)
{
    static const char *const names[] = {
        [OFPAT_OUTPUT] = "output",
        [OFPAT_COPY_TTL_OUT] = "copy_ttl_out",
        [OFPAT_COPY_TTL_IN] = "copy_ttl_in",
        [OFPAT_SET_MPLS_TTL] = "set_mpls_ttl",
        [OFPAT_DEC_MPLS_TTL] = "dec_mpls_ttl",
        [OFPAT_PUSH_VLAN] = "push_vlan",
        [OFPAT_POP_VLAN] = "pop_vlan",
        [OFPAT_PUSH_MPLS] = "push_mpls",
        [OFPAT_POP_MPLS] = "pop_mpls",
        [OFPAT_SET_QUEUE] = "set_queue",
        [OFPAT_GROUP] = "group",
        [OFPAT_SET_NW_TTL] = "set_nw_ttl",
        [OFPAT_DEC_NW_TTL] = "dec_ttl",
        [OFPAT_SET_FIELD] = "set_field",
        [OFPAT_PUSH_PBB] = "push_pbb",
        [OFPAT_POP_PBB] = "pop_pbb",
    };
    return type < ARRAY_SIZE(names) ? names[type] : NULL;
}

static const char *
instruction_name(uint16_t type)
{
    static const char *const names[] = {
        [OFPIT_GOTO_TABLE] = "goto_table",
        [OFPIT_WRITE_METADATA] = "write_metadata",
        [OFPIT_WRITE_ACTIONS] = "write_actions",
        [OFPIT_APPLY_ACTIONS] = "apply_actions",
        [OFPIT_CLEAR_ACTIONS] = "clear_actions",
        [OFPIT_METER] = "meter",
    };
    return type < ARRAY_SIZE(names) ? names[type] : NULL;
}

/* An instruction or action id from a table-features property: the type
 * in the low 16 bits, an experimenter id above it (see msgs.h). */
static void
put_type_id(struct buf *b, uint64_t id, const char *(*name)(uint16_t))
{
    uint16_t type = (uint16_t)id;
    const char *s = name(type);

    if (type == 0xffff) {
        ofp_text_printf(b, "experimenter(0x%08" PRIx32 ")",
                        (uint32_t)(id >> 16));
    } else if (s) {
        put_cstr(b, s);
    } else {
        ofp_text_printf(b, "%" PRIu16, type);
    }
}

/* An OXM header from a table-features property; experimenter-class
 * headers carry the experimenter id in bits 32..63. */
static void
put_oxm_id(struct buf *b, uint64_t id)
{
    uint32_t header = (uint32_t)id;
    const struct oxm_field_info *info = oxm_field_info(OXM_FIELD(header));

    if (OXM_CLASS(header) == OFPXMC_OPENFLOW_BASIC && info) {
        put_cstr(b, info->name);
    } else if (OXM_CLASS(header) == OFPXMC_EXPERIMENTER) {
        ofp_text_printf(b, "experimenter(0x%08" PRIx32 "):%" PRIu32,
                        (uint32_t)(id >> 32), OXM_FIELD(header));
    } else {
        ofp_text_printf(b, "oxm(0x%04" PRIx32 ":%" PRIu32 ")",
                        OXM_CLASS(header), OXM_FIELD(header));
    }
    if (OXM_HASMASK(header)) {
        put_cstr(b, "/masked");
    }
}

/* "1-3,7": ascending table ids with runs collapsed. */
static void
put_table_ids(struct buf *b, const uint64_t *ids, size_t n)
{
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j + 1 < n && ids[j + 1] == ids[j] + 1) {
            j++;
        }
        ofp_text_printf(b, "%s%" PRIu64, i ? "," : "", ids[i]);
        if (j > i) {
            ofp_text_printf(b, "-%" PRIu64, ids[j]);
        }
        i = j + 1;
    }
}

static void
format_table_feature_prop(const struct ofp_table_feature_prop *p,
                          struct buf *b)
{
    const char *name = table_prop_name(p->type);

    if (name) {
        ofp_text_printf(b, "    %s:", name);
    } else {
        ofp_text_printf(b, "    property 0x%04" PRIx16 ":", p->type);
    }
    if (p->type == OFPTFPT_EXPERIMENTER ||
        p->type == OFPTFPT_EXPERIMENTER_MISS || !name) {
        ofp_text_printf(b,
                        " experimenter=0x%08" PRIx32 " exp_type=%" PRIu32
                        " (%zu bytes of data)\n",
                        p->experimenter, p->exp_type, p->data.len);
        return;
    }
    if (!p->n_ids) {
        put_cstr(b, " (none)\n");
        return;
    }
    put_char(b, ' ');
    switch (p->type) {
    case OFPTFPT_NEXT_TABLES:
    case OFPTFPT_NEXT_TABLES_MISS:
        put_table_ids(b, p->ids, p->n_ids);
        break;
    default:
        for (size_t i = 0; i < p->n_ids; i++) {
            if (i) {
                put_char(b, ' ');
            }
            if (p->type <= OFPTFPT_INSTRUCTIONS_MISS) {
                put_type_id(b, p->ids[i], instruction_name);
            } else if (p->type <= OFPTFPT_APPLY_ACTIONS_MISS) {
                put_type_id(b, p->ids[i], action_name);
            } else {
                put_oxm_id(b, p->ids[i]);
            }
        }
        break;
    }
    put_char(b, '\n');
}

static void
format_table_features(const struct ofp_table_features *tf, size_t n,
                      struct buf *b)
{
    put_char(b, '\n');
    for (size_t i = 0; i < n; i++, tf++) {
        ofp_text_printf(b, "  table %" PRIu8 " (\"", tf->table_id);
        put_wire_str(b, tf->name, sizeof tf->name);
        put_cstr(b, "\"):\n");
        ofp_text_printf(
            b, "    metadata: match=0x%" PRIx64 " write=0x%" PRIx64 "\n",
            tf->metadata_match, tf->metadata_write);
        if (tf->config) {
            ofp_text_printf(b, "    config=0x%" PRIx32 "\n", tf->config);
        }
        ofp_text_printf(b, "    max_entries=%" PRIu32 "\n", tf->max_entries);
        for (size_t j = 0; j < tf->n_props; j++) {
            format_table_feature_prop(&tf->props[j], b);
        }
    }
}

static void
format_mp_experimenter(const struct ofp_mp_experimenter *x, struct buf *b)
{
    ofp_text_printf(b,
                    " experimenter=0x%08" PRIx32 " exp_type=%" PRIu32
                    " (%zu bytes of data)\n",
                    x->experimenter, x->exp_type, x->data.len);
    put_hex_dump(b, &x->data);
}

static void
format_mp_request(const struct ofp_msg *msg, struct buf *b, int depth)
{
    const struct ofp_multipart_request *r = &msg->u.mp_request;

    put_mp_flags(b, r->flags);
    switch (r->type) {
    case OFPMP_FLOW:
    case OFPMP_AGGREGATE:
        format_flow_stats_request(&r->u.flow, b);
        break;
    case OFPMP_PORT_STATS:
        put_cstr(b, " port_no=");
        put_port(b, r->u.port_no);
        break;
    case OFPMP_QUEUE:
        put_cstr(b, " port=");
        put_port(b, r->u.queue.port_no);
        if (r->u.queue.queue_id == OFPQ_ALL) {
            put_cstr(b, " queue=ALL");
        } else {
            ofp_text_printf(b, " queue=%" PRIu32, r->u.queue.queue_id);
        }
        break;
    case OFPMP_GROUP:
        put_cstr(b, " group_id=");
        put_group_id(b, r->u.group_id);
        break;
    case OFPMP_METER:
    case OFPMP_METER_CONFIG:
        put_cstr(b, " meter=");
        put_meter_id(b, r->u.meter_id);
        break;
    case OFPMP_TABLE_FEATURES:
        if (r->u.table_features.n) {
            format_table_features(r->u.table_features.tables,
                                  r->u.table_features.n, b);
            return;
        }
        break;
    case OFPMP_GROUP_DESC:
        /* No body in 1.3; ovs-ofctl shows the implied 1.5 filter. */
        put_cstr(b, " group_id=ALL");
        break;
    case OFPMP_PORT_DESC:
        /* Likewise. */
        put_cstr(b, " port=ANY");
        break;
    case OFPMP_EXPERIMENTER:
        format_mp_experimenter(&r->u.experimenter, b);
        return;
    default:
        /* DESC, TABLE, GROUP_FEATURES and METER_FEATURES requests have
         * no body. */
        break;
    }
    put_char(b, '\n');
}

/* --- Multipart replies. ------------------------------------------------- */

static void
format_desc_reply(const struct ofp_multipart_reply *r, struct buf *b)
{
    static const struct {
        const char *label;
        size_t offset, size;
    } fields[] = {
#define DESC_FIELD(LABEL, MEMBER)               \
    { LABEL, offsetof(struct ofp_desc, MEMBER), \
      sizeof((struct ofp_desc *)0)->MEMBER }
        DESC_FIELD("Manufacturer: ", mfr_desc),
        DESC_FIELD("Hardware: ", hw_desc),
        DESC_FIELD("Software: ", sw_desc),
        DESC_FIELD("Serial Num: ", serial_num),
        DESC_FIELD("DP Description: ", dp_desc),
#undef DESC_FIELD
    };

    put_char(b, '\n');
    if (!r->u.desc) {
        return;
    }
    for (size_t i = 0; i < ARRAY_SIZE(fields); i++) {
        put_cstr(b, fields[i].label);
        put_wire_str(b, (const char *)r->u.desc + fields[i].offset,
                     fields[i].size);
        put_char(b, '\n');
    }
}

static void
format_flow_reply(const struct ofp_multipart_reply *r, struct buf *b)
{
    put_char(b, '\n');
    for (size_t i = 0; i < r->n; i++) {
        size_t start = b->size;
        ofp_flow_stats_format(&r->u.flow[i], b);
        end_line(b, start);
    }
}

static void
format_aggregate_reply(const struct ofp_multipart_reply *r, struct buf *b)
{
    const struct ofp_aggregate_stats *a = &r->u.aggregate;

    ofp_text_printf(b,
                    " packet_count=%" PRIu64 " byte_count=%" PRIu64
                    " flow_count=%" PRIu32 "\n",
                    a->packet_count, a->byte_count, a->flow_count);
}

static void
format_table_reply(const struct ofp_multipart_reply *r, struct buf *b)
{
    put_char(b, '\n');
    for (size_t i = 0; i < r->n; i++) {
        const struct ofp_table_stats *t = &r->u.table[i];
        ofp_text_printf(b,
                        "%s  table %" PRIu8 ":\n    active=%" PRIu32
                        ", lookup=%" PRIu64 ", matched=%" PRIu64 "\n",
                        i ? "\n" : "", t->table_id, t->active_count,
                        t->lookup_count, t->matched_count);
    }
}

static void
format_port_stats_reply(const struct ofp_multipart_reply *r, struct buf *b)
{
    ofp_text_printf(b, " %zu ports\n", r->n);
    for (size_t i = 0; i < r->n; i++) {
        const struct ofp_port_stats *ps = &r->u.port_stats[i];

        put_cstr(b, "  port ");
        if (ps->port_no < 10) {
            put_char(b, ' ');
        }
        put_port(b, ps->port_no);
        put_cstr(b, ": rx ");
        put_counter(b, "pkts=", ps->rx_packets, ", ");
        put_counter(b, "bytes=", ps->rx_bytes, ", ");
        put_counter(b, "drop=", ps->rx_dropped, ", ");
        put_counter(b, "errs=", ps->rx_errors, ", ");
        put_counter(b, "frame=", ps->rx_frame_err, ", ");
        put_counter(b, "over=", ps->rx_over_err, ", ");
        put_counter(b, "crc=", ps->rx_crc_err, "\n");
        put_cstr(b, "           tx ");
        put_counter(b, "pkts=", ps->tx_packets, ", ");
        put_counter(b, "bytes=", ps->tx_bytes, ", ");
        put_counter(b, "drop=", ps->tx_dropped, ", ");
        put_counter(b, "errs=", ps->tx_errors, ", ");
        put_counter(b, "coll=", ps->collisions, "\n");
        /* An all-ones duration means the switch does not track it. */
        if (ps->duration_sec != UINT32_MAX) {
            put_cstr(b, "           duration=");
            put_duration(b, ps->duration_sec, ps->duration_nsec);
            put_char(b, '\n');
        }
    }
}

static void
format_queue_reply(const struct ofp_multipart_reply *r, struct buf *b)
{
    ofp_text_printf(b, " %zu queues\n", r->n);
    for (size_t i = 0; i < r->n; i++) {
        const struct ofp_queue_stats *qs = &r->u.queue[i];

        put_cstr(b, "  port ");
        put_port(b, qs->port_no);
        if (qs->queue_id == OFPQ_ALL) {
            put_cstr(b, " queue ALL: ");
        } else {
            ofp_text_printf(b, " queue %" PRIu32 ": ", qs->queue_id);
        }
        put_counter(b, "bytes=", qs->tx_bytes, ", ");
        put_counter(b, "pkts=", qs->tx_packets, ", ");
        put_counter(b, "errors=", qs->tx_errors, ", ");
        put_cstr(b, "duration=");
        if (qs->duration_sec != UINT32_MAX) {
            put_duration(b, qs->duration_sec, qs->duration_nsec);
        } else {
            put_char(b, '?');
        }
        put_char(b, '\n');
    }
}

static void
format_group_reply(const struct ofp_multipart_reply *r, struct buf *b)
{
    put_char(b, '\n');
    for (size_t i = 0; i < r->n; i++) {
        const struct ofp_group_stats *gs = &r->u.group[i];

        put_cstr(b, " group_id=");
        put_group_id(b, gs->group_id);
        put_cstr(b, ",duration=");
        put_duration(b, gs->duration_sec, gs->duration_nsec);
        ofp_text_printf(b, ",ref_count=%" PRIu32, gs->ref_count);
        put_counter(b, ",packet_count=", gs->packet_count, "");
        put_counter(b, ",byte_count=", gs->byte_count, "");
        for (size_t j = 0; j < gs->n_buckets; j++) {
            ofp_text_printf(b, ",bucket%zu:", j);
            put_counter(b, "packet_count=", gs->buckets[j].packet_count, "");
            put_counter(b, ",byte_count=", gs->buckets[j].byte_count, "");
        }
        put_char(b, '\n');
    }
}

static void
format_group_desc_reply(const struct ofp_multipart_reply *r, struct buf *b)
{
    put_char(b, '\n');
    for (size_t i = 0; i < r->n; i++) {
        const struct ofp_group_desc *gd = &r->u.group_desc[i];

        /* A borrowed view of the entry as a group_mod, so the group syntax
         * is written in one place (text.h).  Nothing is freed through it. */
        struct ofp_group_mod view;
        memset(&view, 0, sizeof view);
        view.command = OFPGC_ADD;
        view.type = gd->type;
        view.group_id = gd->group_id;
        view.buckets = gd->buckets;

        size_t start = b->size;
        put_char(b, ' ');
        ofp_group_mod_format(&view, b);
        end_line(b, start);
    }
}

static void
put_action_bitmap(struct buf *b, uint32_t bits)
{
    int n = 0;

    if (!bits) {
        put_cstr(b, "<none>");
        return;
    }
    for (int i = 0; i < 32; i++) {
        uint32_t bit = UINT32_C(1) << i;
        const char *name = action_name((uint16_t)i);
        if ((bits & bit) && name) {
            ofp_text_printf(b, "%s%s", n++ ? " " : "", name);
            bits &= ~bit;
        }
    }
    if (bits) {
        ofp_text_printf(b, "%s0x%" PRIx32, n ? " " : "", bits);
    }
}

static void
format_group_features_reply(const struct ofp_multipart_reply *r, struct buf *b)
{
    static const char *const type_names[4] = {
        "all",
        "select",
        "indirect",
        "fast failover",
    };
    const struct ofp_group_features *gf = &r->u.group_features;

    ofp_text_printf(b,
                    "\n Group table:\n    Types:  0x%" PRIx32
                    "\n    Capabilities:  0x%" PRIx32 "\n",
                    gf->types, gf->capabilities);
    for (int i = 0; i < 4; i++) {
        if (!(gf->types & (UINT32_C(1) << i))) {
            continue;
        }
        ofp_text_printf(b,
                        "    %s group:\n       max_groups=0x%" PRIx32
                        "\n       actions: ",
                        type_names[i], gf->max_groups[i]);
        put_action_bitmap(b, gf->actions[i]);
        put_char(b, '\n');
    }
}

static void
format_meter_reply(const struct ofp_multipart_reply *r, struct buf *b)
{
    for (size_t i = 0; i < r->n; i++) {
        const struct ofp_meter_stats *ms = &r->u.meter[i];

        put_cstr(b, "\nmeter:");
        put_meter_id(b, ms->meter_id);
        ofp_text_printf(b,
                        " flow_count:%" PRIu32 " packet_in_count:%" PRIu64
                        " byte_in_count:%" PRIu64 " duration:",
                        ms->flow_count, ms->packet_in_count,
                        ms->byte_in_count);
        put_duration(b, ms->duration_sec, ms->duration_nsec);
        put_cstr(b, " bands:\n");
        for (size_t j = 0; j < ms->n_bands; j++) {
            ofp_text_printf(
                b, "%zu: packet_count:%" PRIu64 " byte_count:%" PRIu64 "\n", j,
                ms->bands[j].packet_band_count, ms->bands[j].byte_band_count);
        }
    }
    if (!r->n) {
        put_char(b, '\n');
    }
}

static void
format_meter_config_reply(const struct ofp_multipart_reply *r, struct buf *b)
{
    put_char(b, '\n');
    for (size_t i = 0; i < r->n; i++) {
        const struct ofp_meter_config *mc = &r->u.meter_config[i];

        if (i) {
            put_char(b, '\n');
        }
        size_t start = b->size;
        ofp_meter_config_format(mc->meter_id, mc->flags, &mc->bands, b);
        end_line(b, start);
    }
}

static void
format_meter_features_reply(const struct ofp_multipart_reply *r, struct buf *b)
{
    static const char *const band_names[32] = {
        [OFPMBT_DROP] = "drop",
        [OFPMBT_DSCP_REMARK] = "dscp_remark",
    };
    static const char *const capability_names_[32] = {
        [0] = "kbps",
        [1] = "pktps",
        [2] = "burst",
        [3] = "stats",
    };
    const struct ofp_meter_features *mf = &r->u.meter_features;

    ofp_text_printf(b,
                    "\nmax_meter:%" PRIu32 " max_bands:%" PRIu8
                    " max_color:%" PRIu8 "\n",
                    mf->max_meter, mf->max_bands, mf->max_color);
    put_cstr(b, "band_types: ");
    put_bit_names(b, mf->band_types, band_names, ' ');
    put_cstr(b, "\ncapabilities: ");
    put_bit_names(b, mf->capabilities, capability_names_, ' ');
    put_char(b, '\n');
}

static int
compare_ports(const void *a_, const void *b_)
{
    const struct ofp_port *const *a = a_;
    const struct ofp_port *const *b = b_;
    uint32_t pa = (*a)->port_no, pb = (*b)->port_no;

    return pa < pb ? -1 : pa > pb;
}

static void
format_port_desc_reply(const struct ofp_multipart_reply *r, struct buf *b)
{
    /* In port-number order, as ovs-ofctl shows them, whatever order the
     * switch sent them in. */
    const struct ofp_port **ports = xcalloc(r->n ? r->n : 1, sizeof *ports);

    for (size_t i = 0; i < r->n; i++) {
        ports[i] = &r->u.port_desc[i];
    }
    qsort(ports, r->n, sizeof *ports, compare_ports);

    put_char(b, '\n');
    for (size_t i = 0; i < r->n; i++) {
        format_port(ports[i], b);
    }
    free(ports);
}

static void
format_mp_reply(const struct ofp_msg *msg, struct buf *b, int depth)
{
    /* Dispatch by OFPMP_* for the 14 standard types. */
    static void (*const formatters[OFPMP_N_TYPES])(
        const struct ofp_multipart_reply *, struct buf *) = {
        [OFPMP_DESC] = format_desc_reply,
        [OFPMP_FLOW] = format_flow_reply,
        [OFPMP_AGGREGATE] = format_aggregate_reply,
        [OFPMP_TABLE] = format_table_reply,
        [OFPMP_PORT_STATS] = format_port_stats_reply,
        [OFPMP_QUEUE] = format_queue_reply,
        [OFPMP_GROUP] = format_group_reply,
        [OFPMP_GROUP_DESC] = format_group_desc_reply,
        [OFPMP_GROUP_FEATURES] = format_group_features_reply,
        [OFPMP_METER] = format_meter_reply,
        [OFPMP_METER_CONFIG] = format_meter_config_reply,
        [OFPMP_METER_FEATURES] = format_meter_features_reply,
        [OFPMP_PORT_DESC] = format_port_desc_reply,
    };
    const struct ofp_multipart_reply *r = &msg->u.mp_reply;

    put_mp_flags(b, r->flags);
    if (r->type < OFPMP_N_TYPES && formatters[r->type]) {
        formatters[r->type](r, b);
    } else if (r->type == OFPMP_TABLE_FEATURES) {
        format_table_features(r->u.table_features, r->n, b);
    } else if (r->type == OFPMP_EXPERIMENTER) {
        format_mp_experimenter(&r->u.experimenter, b);
    } else {
        put_char(b, '\n');
    }
}

/* --- Dispatch. ---------------------------------------------------------- */

/* Dispatch by OFPT_*. */
static void (*const msg_formatters[OFPT_N_TYPES])(const struct ofp_msg *,
                                                  struct buf *, int depth) = {
    [OFPT_HELLO] = format_hello,
    [OFPT_ERROR] = format_error,
    [OFPT_ECHO_REQUEST] = format_echo,
    [OFPT_ECHO_REPLY] = format_echo,
    [OFPT_EXPERIMENTER] = format_experimenter,
    [OFPT_FEATURES_REQUEST] = format_empty,
    [OFPT_FEATURES_REPLY] = format_features_reply,
    [OFPT_GET_CONFIG_REQUEST] = format_empty,
    [OFPT_GET_CONFIG_REPLY] = format_switch_config,
    [OFPT_SET_CONFIG] = format_switch_config,
    [OFPT_PACKET_IN] = format_packet_in,
    [OFPT_FLOW_REMOVED] = format_flow_removed,
    [OFPT_PORT_STATUS] = format_port_status,
    [OFPT_PACKET_OUT] = format_packet_out,
    [OFPT_FLOW_MOD] = format_flow_mod,
    [OFPT_GROUP_MOD] = format_group_mod,
    [OFPT_PORT_MOD] = format_port_mod,
    [OFPT_TABLE_MOD] = format_table_mod,
    [OFPT_MULTIPART_REQUEST] = format_mp_request,
    [OFPT_MULTIPART_REPLY] = format_mp_reply,
    [OFPT_BARRIER_REQUEST] = format_empty,
    [OFPT_BARRIER_REPLY] = format_empty,
    [OFPT_QUEUE_GET_CONFIG_REQUEST] = format_queue_get_config_request,
    [OFPT_QUEUE_GET_CONFIG_REPLY] = format_queue_get_config_reply,
    [OFPT_ROLE_REQUEST] = format_role,
    [OFPT_ROLE_REPLY] = format_role,
    [OFPT_GET_ASYNC_REQUEST] = format_empty,
    [OFPT_GET_ASYNC_REPLY] = format_async,
    [OFPT_SET_ASYNC] = format_async,
    [OFPT_METER_MOD] = format_meter_mod,
};

static void
format_msg(const struct ofp_msg *msg, struct buf *b, int depth)
{
    size_t start = b->size;
    int32_t mp_type = -1;

    if (msg->type == OFPT_MULTIPART_REQUEST) {
        mp_type = msg->u.mp_request.type;
    } else if (msg->type == OFPT_MULTIPART_REPLY) {
        mp_type = msg->u.mp_reply.type;
    }
    put_header(b, msg->version, msg->type, mp_type, msg->xid);
    if (msg->type < OFPT_N_TYPES && msg_formatters[msg->type]) {
        msg_formatters[msg->type](msg, b, depth);
    }
    end_line(b, start);
}

void
ofp_msg_format(const struct ofp_msg *msg, struct buf *b)
{
    format_msg(msg, b, 0);
}

/* --- Byte streams. ------------------------------------------------------ */

/* The multipart type of a raw multipart message, or -1 if it is too short
 * to have one. */
static int32_t
peek_mp_type(const uint8_t *data, size_t size)
{
    if (size >= OFP_HEADER_LEN + 2 && (data[1] == OFPT_MULTIPART_REQUEST ||
                                       data[1] == OFPT_MULTIPART_REPLY)) {
        return get_be16(data + OFP_HEADER_LEN);
    }
    return -1;
}

/* Decodes and prints the one message that occupies exactly 'size' bytes at
 * 'data' (its header's length).  Returns true if it decoded. */
static bool
print_one(const uint8_t *data, size_t size, struct buf *b, int depth)
{
    struct ofp_msg msg;
    enum ofperr error = ofp_msg_decode(data, size, &msg);

    if (error) {
        put_header(b, data[0], data[1], peek_mp_type(data, size),
                   get_be32(data + 4));
        ofp_text_printf(b, " ***decode error: %s***\n",
                        ofperr_get_name(error));
        ofp_hex_dump(data, size, b);
    } else if (depth > PRINT_MAX_DEPTH) {
        put_header(b, msg.version, msg.type, peek_mp_type(data, size),
                   msg.xid);
        put_char(b, '\n');
        ofp_hex_dump(data, size, b);
    } else {
        format_msg(&msg, b, depth);
    }
    ofp_msg_uninit(&msg);
    return !error;
}

/* Prints the request quoted in an OFPT_ERROR: usually only its first 64
 * bytes (OF1.3.5 §7.4.4), so a longer request is shown as a truncated
 * header and hex rather than as a decode error. */
static void
format_embedded(const uint8_t *data, size_t size, struct buf *b, int depth)
{
    if (size < OFP_HEADER_LEN) {
        ofp_text_printf(b, "OpenFlow packet too short (only %zu bytes):\n",
                        size);
        ofp_hex_dump(data, size, b);
        return;
    }

    uint16_t length = get_be16(data + 2);
    if (length > size) {
        put_header(b, data[0], data[1], peek_mp_type(data, size),
                   get_be32(data + 4));
        ofp_text_printf(b,
                        "\n(***truncated to %zu bytes from %" PRIu16 "***)\n",
                        size, length);
        ofp_hex_dump(data, size, b);
    } else if (length < OFP_HEADER_LEN) {
        put_header(b, data[0], data[1], peek_mp_type(data, size),
                   get_be32(data + 4));
        ofp_text_printf(b, " ***decode error: %s***\n",
                        ofperr_get_name(OFPERR_OFPBRC_BAD_LEN));
        ofp_hex_dump(data, size, b);
    } else {
        print_one(data, length, b, depth);
        if (length < size) {
            ofp_text_printf(b,
                            "(***only uses %" PRIu16 " bytes out of %zu***)\n",
                            length, size);
            ofp_hex_dump(data, size, b);
        }
    }
}

int
ofp_print_stream(const uint8_t *data, size_t size, struct buf *b)
{
    int n_errors = 0;
    struct cur c = cur_make(data, size);

    while (c.left) {
        if (c.left < OFP_HEADER_LEN) {
            ofp_text_printf(b, "OpenFlow packet too short (only %zu bytes):\n",
                            c.left);
            ofp_hex_dump(c.p, c.left, b);
            return n_errors + 1;
        }

        uint16_t length = get_be16(c.p + 2);
        if (length < OFP_HEADER_LEN) {
            /* The stream cannot be resynchronised after a length shorter
             * than the header itself: report the rest as one message. */
            put_header(b, c.p[0], c.p[1], peek_mp_type(c.p, c.left),
                       get_be32(c.p + 4));
            ofp_text_printf(b,
                            " ***decode error: %s*** (length %" PRIu16
                            " is shorter than the header)\n",
                            ofperr_get_name(OFPERR_OFPBRC_BAD_LEN), length);
            ofp_hex_dump(c.p, c.left, b);
            return n_errors + 1;
        }
        if (length > c.left) {
            put_header(b, c.p[0], c.p[1], peek_mp_type(c.p, c.left),
                       get_be32(c.p + 4));
            ofp_text_printf(
                b, " ***truncated: only %zu of %" PRIu16 " bytes***\n", c.left,
                length);
            ofp_hex_dump(c.p, c.left, b);
            return n_errors + 1;
        }

        struct cur one;
        cur_split(&c, length, &one);
        if (!print_one(one.p, one.left, b, 0)) {
            n_errors++;
        }
    }
    return n_errors;
}
