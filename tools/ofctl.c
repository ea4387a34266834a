/* tools/ofctl.c -- ofctl, the command-line client of ofswitch in the
 * style of ovs-ofctl.  The command line is table-driven (as WireGuard's
 * wg): each command is one 'cmd_*' function with an entry in
 * 'ofctl_commands' giving its name, how many arguments it takes, which
 * options it understands and its usage text, and "ofctl --help" is printed
 * from that table.  Options may appear anywhere on the command line (GNU
 * getopt_long permutation, as ovs-ofctl) and are parsed once, in main(),
 * into a 'struct ofctl_options' that is handed to the command, so that no
 * command keeps state in globals.
 *
 * Commands that talk to a switch open a tools/vconn.h connection (a switch
 * name, unix:, tcp: or ssl:), build requests with the ofp13/ codec, and
 * print replies with ofp13/print.h (the ovs-ofctl text) or as JSON
 * (--json).  Three patterns cover almost all of them:
 *   - a dump: one multipart request whose reply parts are handled as they
 *     arrive (ofctl_dump()), so that a million flows stream;
 *   - a batch: modifying requests sent back to back without waiting,
 *     closed by one barrier (ofctl_batch_*), after which every OFPT_ERROR
 *     the switch returned has been printed, ovs-ofctl style;
 *   - a transaction: one request, one reply (ofctl_transact()).
 *
 * Exit status: 0 on success, 1 when a command fails (the switch returned
 * an error, a bad flow, a connection failure), 2 for a bad command line;
 * diff-flows exits 2 when it found differences, as ovs-ofctl does. */
#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ofp13/compat.h"
#include "ofp13/errors.h"
#include "ofp13/ext.h"
#include "ofp13/msgs.h"
#include "ofp13/ofp.h"
#include "ofp13/print.h"
#include "ofp13/text.h"
#include "tools/vconn.h"
#include "util/buf.h"
#include "util/cur.h"
#include "util/xalloc.h"

#define OFCTL_EXIT_FAILURE 1
#define OFCTL_EXIT_USAGE 2
#define OFCTL_EXIT_DIFFERENT 2 /* diff-flows found differences. */

/* The wire versions this ofctl speaks: 1.3 natively, 1.0 and 1.1 through
 * the translator (ofp13/compat.h), which maps them onto the same model. */
#define OFCTL_SUPPORTED_VERSIONS                                       \
    ((UINT32_C(1) << OFP10_VERSION) | (UINT32_C(1) << OFP11_VERSION) | \
     (UINT32_C(1) << OFP13_VERSION))

/* Errors printed in full by one batch; the rest are only counted. */
#define OFCTL_MAX_PRINTED_ERRORS 100

/* One --sort/--rsort criterion.  A field name that depends on the rest
 * of the match (tp_src) stands for several OXM fields, of which the first
 * present one is compared. */
struct ofctl_sort_key {
    bool by_priority;
    bool descending;
    size_t n_fields;
    enum oxm_field fields[3];
};
#define OFCTL_MAX_SORT_KEYS 8

/* Command-line options, filled in by main() and read by the commands. */
struct ofctl_options {
    uint32_t versions;       /* -O: bit n set = wire version n allowed. */
    bool strict;             /* --strict: strict matching for flow mods. */
    int timeout;             /* -t: seconds to wait for a switch, 0 = no
                              * limit. */
    bool json;               /* --json: machine-readable output. */
    bool hex;                /* --hex: also print encoded messages. */
    bool readd;              /* --readd: replace-flows re-adds all flows. */
    bool dot;                /* --dot: show-pipeline in Graphviz DOT. */
    const char *private_key; /* --private-key, --certificate, --ca-cert */
    const char *certificate;
    const char *ca_cert;
    size_t n_sort; /* --sort/--rsort, in order of precedence. */
    struct ofctl_sort_key sort[OFCTL_MAX_SORT_KEYS];
};

/* Options that only some commands accept ('accepts' in the table). */
#define OFCTL_OPT_HEX (1u << 0)
#define OFCTL_OPT_STRICT (1u << 1)
#define OFCTL_OPT_JSON (1u << 2)
#define OFCTL_OPT_SORT (1u << 3)
#define OFCTL_OPT_DOT (1u << 4)
#define OFCTL_OPT_READD (1u << 5)

static const char *const ofctl_option_names[] = {
    "--hex", "--strict", "--json", "--sort/--rsort", "--dot", "--readd",
};

struct ofctl_command {
    const char *name;
    int min_args, max_args; /* Arguments after the command name. */
    unsigned int accepts;   /* OFCTL_OPT_* the command understands. */
    const char *args;       /* Argument synopsis for --help. */
    const char *help;       /* One-line description for --help. */
    int (*handler)(const struct ofctl_options *, int argc, char *argv[]);
};

static void ofctl_usage(FILE *);

/* --- Messages and output. ----------------------------------------------- */

/* Reports a failure of the current command on stderr. */
static void ofctl_error(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

static void
ofctl_error(const char *fmt, ...)
{
    va_list args;

    fputs("ofctl: ", stderr);
    va_start(args, fmt);
    vfprintf(stderr, fmt, args);
    va_end(args);
    fputc('\n', stderr);
}

/* Writes 'b' (text) to stdout.  Returns false if stdout failed, e.g. a
 * closed pipe or a full disk, so that the exit status reports it. */
static bool
ofctl_write(const struct buf *b)
{
    if (b->size && fwrite(b->data, 1, b->size, stdout) != b->size) {
        return false;
    }
    return true;
}

/* Writes 'b' to stdout and empties it.  Reports a write error. */
static bool
ofctl_emit(struct buf *b)
{
    bool ok = ofctl_write(b);

    buf_clear(b);
    if (!ok && errno != EPIPE) {
        /* A reader that went away (ofctl dump-flows | head) is not worth
         * a message; the exit status still tells. */
        ofctl_error("write error on standard output: %s", strerror(errno));
    }
    return ok;
}

/* Writes 'b' to stderr and empties it. */
static void
ofctl_emit_stderr(struct buf *b)
{
    if (b->size) {
        fwrite(b->data, 1, b->size, stderr);
    }
    buf_clear(b);
}

/* Checks that the versions allowed by -O include OpenFlow 1.3, the only
 * version the message codec speaks. */
static bool
ofctl_check_of13(const struct ofctl_options *opts, const char *cmd)
{
    if (!(opts->versions & (UINT32_C(1) << OFP13_VERSION))) {
        ofctl_error("%s: only OpenFlow13 is supported (see -O)", cmd);
        return false;
    }
    return true;
}

static void
put_cstr(struct buf *b, const char *s)
{
    buf_put(b, s, strlen(s));
}

static const char *
plural(uint64_t n)
{
    return n == 1 ? "" : "s";
}

/* --- JSON output. ------------------------------------------------------- */

/* A minimal JSON writer appending to a text buffer.  Elements of a
 * top-level array go on lines of their own, so that large dumps stay
 * greppable and stream; everything else is compact.  The writer keeps no
 * pointers into the buffer, which may be emptied between elements. */
struct json {
    struct buf *b;
    int depth;       /* Open containers (at most 31). */
    uint32_t items;  /* Bit d: the container at depth d has an item. */
    uint32_t arrays; /* Bit d: the container at depth d is an array. */
    bool after_key;  /* The next value follows a key. */
};

static void
json_init(struct json *j, struct buf *b)
{
    memset(j, 0, sizeof *j);
    j->b = b;
}

static void
json_sep(struct json *j)
{
    if (j->after_key) {
        j->after_key = false;
        return;
    }
    if (!j->depth) {
        return;
    }
    uint32_t bit = UINT32_C(1) << j->depth;
    bool top_array = j->depth == 1 && (j->arrays & bit);
    if (j->items & bit) {
        put_cstr(j->b, top_array ? ",\n" : ",");
    } else if (top_array) {
        put_cstr(j->b, "\n");
    }
    j->items |= bit;
}

static void
json_begin(struct json *j, char c)
{
    json_sep(j);
    buf_put(j->b, &c, 1);
    j->depth++;
    uint32_t bit = UINT32_C(1) << j->depth;
    j->items &= ~bit;
    if (c == '[') {
        j->arrays |= bit;
    } else {
        j->arrays &= ~bit;
    }
}

static void
json_end(struct json *j)
{
    uint32_t bit = UINT32_C(1) << j->depth;
    char c = j->arrays & bit ? ']' : '}';

    if (j->depth == 1 && (j->arrays & bit) && (j->items & bit)) {
        put_cstr(j->b, "\n");
    }
    buf_put(j->b, &c, 1);
    j->depth--;
    if (!j->depth) {
        put_cstr(j->b, "\n");
    }
}

/* Length of the valid UTF-8 sequence at 'p' (at most 'n' bytes), or 0. */
static size_t
utf8_length(const unsigned char *p, size_t n)
{
    size_t len = p[0] >= 0xf0 && p[0] <= 0xf4   ? 4
                 : p[0] >= 0xe0                 ? 3
                 : p[0] >= 0xc2 && p[0] <= 0xdf ? 2
                                                : 0;
    if (!len || len > n) {
        return 0;
    }
    for (size_t i = 1; i < len; i++) {
        if ((p[i] & 0xc0) != 0x80) {
            return 0;
        }
    }
    /* No overlong forms, surrogates or code points above U+10FFFF. */
    if ((len == 3 && p[0] == 0xe0 && p[1] < 0xa0) ||
        (len == 3 && p[0] == 0xed && p[1] >= 0xa0) ||
        (len == 4 && p[0] == 0xf0 && p[1] < 0x90) ||
        (len == 4 && p[0] == 0xf4 && p[1] >= 0x90)) {
        return 0;
    }
    return len;
}

/* Appends 'n' bytes of 's' (stopping at a NUL) as a JSON string.  Control
 * characters are escaped and bytes that are not UTF-8 become U+FFFD, so
 * that a name off the wire can neither break the document nor reach a
 * terminal raw. */
static void
json_put_string(struct buf *b, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;

    put_cstr(b, "\"");
    for (size_t i = 0; i < n && p[i];) {
        unsigned char c = p[i];
        if (c == '"' || c == '\\') {
            char esc[2] = { '\\', (char)c };
            buf_put(b, esc, 2);
            i++;
        } else if (c < 0x20 || c == 0x7f) {
            ofp_text_printf(b, "\\u%04x", c);
            i++;
        } else if (c < 0x80) {
            buf_put(b, &c, 1);
            i++;
        } else {
            size_t len = utf8_length(p + i, n - i);
            if (len) {
                buf_put(b, p + i, len);
                i += len;
            } else {
                put_cstr(b, "\\ufffd");
                i++;
            }
        }
    }
    put_cstr(b, "\"");
}

static void
json_key(struct json *j, const char *key)
{
    json_sep(j);
    json_put_string(j->b, key, strlen(key));
    put_cstr(j->b, ":");
    j->after_key = true;
}

static void
json_string(struct json *j, const char *s)
{
    json_sep(j);
    json_put_string(j->b, s, strlen(s));
}

static void
json_stringn(struct json *j, const char *s, size_t n)
{
    json_sep(j);
    json_put_string(j->b, s, n);
}

/* A string holding the text in 't'. */
static void
json_text(struct json *j, struct buf *t)
{
    json_sep(j);
    json_put_string(j->b, ofp_text_cstr(t), t->size);
}

static void
json_uint(struct json *j, uint64_t v)
{
    json_sep(j);
    ofp_text_printf(j->b, "%" PRIu64, v);
}

/* A number written exactly as 'text' (e.g. a duration "1.25"). */
static void
json_number(struct json *j, const char *text)
{
    json_sep(j);
    put_cstr(j->b, text);
}

static void
json_null(struct json *j)
{
    json_sep(j);
    put_cstr(j->b, "null");
}

static void
json_kv_uint(struct json *j, const char *key, uint64_t v)
{
    json_key(j, key);
    json_uint(j, v);
}

static void
json_kv_str(struct json *j, const char *key, const char *s)
{
    json_key(j, key);
    json_string(j, s);
}

static void
json_kv_hex(struct json *j, const char *key, uint64_t v)
{
    char text[24];

    snprintf(text, sizeof text, "0x%" PRIx64, v);
    json_kv_str(j, key, text);
}

/* "1.5" for 1 s 500000000 ns: seconds as a JSON number. */
static void
json_kv_duration(struct json *j, const char *key, uint32_t sec, uint32_t nsec)
{
    char text[32];
    int len = snprintf(text, sizeof text, "%" PRIu32 ".%09" PRIu32, sec,
                       nsec % 1000000000u);

    while (len > 0 && text[len - 1] == '0') {
        text[--len] = '\0';
    }
    if (len > 0 && text[len - 1] == '.') {
        text[--len] = '\0';
    }
    json_key(j, key);
    json_number(j, text);
}

/* An array of the names of the bits set in 'bits' ('names' indexed by bit
 * number); unnamed bits appear as "0x..." strings. */
static void
json_kv_bits(struct json *j, const char *key, uint32_t bits,
             const char *const names[32])
{
    json_key(j, key);
    json_begin(j, '[');
    for (int i = 0; i < 32; i++) {
        if (bits & (UINT32_C(1) << i)) {
            if (names[i]) {
                json_string(j, names[i]);
            } else {
                char text[16];
                snprintf(text, sizeof text, "0x%" PRIx32, UINT32_C(1) << i);
                json_string(j, text);
            }
        }
    }
    json_end(j);
}

/* "port": the ofp_port_format() text of a port number ("1", "LOCAL"). */
static void
json_kv_port(struct json *j, const char *key, uint32_t port)
{
    struct buf t = BUF_INITIALIZER;

    ofp_port_format(port, &t);
    json_key(j, key);
    json_text(j, &t);
    buf_uninit(&t);
}

/* --- Names of bits and types. ------------------------------------------- */

static const char *const flow_flag_names[32] = {
    [0] = "send_flow_rem",    [1] = "check_overlap",  [2] = "reset_counts",
    [3] = "no_packet_counts", [4] = "no_byte_counts",
};

static const char *const capability_names[32] = {
    [0] = "FLOW_STATS",   [1] = "TABLE_STATS", [2] = "PORT_STATS",
    [3] = "GROUP_STATS",  [5] = "IP_REASM",    [6] = "QUEUE_STATS",
    [8] = "PORT_BLOCKED",
};

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

static const char *const group_type_names[32] = {
    [OFPGT_ALL] = "all",
    [OFPGT_SELECT] = "select",
    [OFPGT_INDIRECT] = "indirect",
    [OFPGT_FF] = "ff",
};

static const char *const group_capability_names[32] = {
    [0] = "select_weight",
    [1] = "select_liveness",
    [2] = "chaining",
    [3] = "chaining_checks",
};

static const char *const meter_flag_names[32] = {
    [0] = "kbps",
    [1] = "pktps",
    [2] = "burst",
    [3] = "stats",
};

static const char *const band_type_names[32] = {
    [OFPMBT_DROP] = "drop",
    [OFPMBT_DSCP_REMARK] = "dscp_remark",
};

static const char *const frag_names[4] = { "normal", "drop", "reassemble",
                                           "nx-match" };

static const char *
group_type_name(uint8_t type)
{
    return type < 32 && group_type_names[type] ? group_type_names[type]
                                               : "unknown";
}

static const char *
role_name(uint32_t role)
{
    static const char *const names[] = {
        [OFPCR_ROLE_NOCHANGE] = "nochange",
        [OFPCR_ROLE_EQUAL] = "equal",
        [OFPCR_ROLE_MASTER] = "master",
        [OFPCR_ROLE_SLAVE] = "slave",
    };
    return role < ARRAY_SIZE(names) ? names[role] : "unknown";
}

/* --- Connections. ------------------------------------------------------- */

/* Connects to switch 'name' (a switch name, unix:, tcp: or ssl:), its
 * socket 'suffix' ("sock" or "snoop") for a bare name.  Prints why on
 * failure and returns NULL. */
static struct vconn *
ofctl_open(const struct ofctl_options *opts, const char *name,
           const char *suffix)
{
    char *err;
    char *target = vconn_target_expand(name, suffix, &err);

    if (!target) {
        ofctl_error("%s", err);
        free(err);
        return NULL;
    }

    struct vconn_options vo = {
        .versions = opts->versions & OFCTL_SUPPORTED_VERSIONS,
        .timeout = opts->timeout,
        .private_key = opts->private_key,
        .certificate = opts->certificate,
        .ca_cert = opts->ca_cert,
    };
    struct vconn *v;
    int error = vconn_open(target, &vo, &v, &err);
    free(target);
    if (error) {
        ofctl_error("%s", err);
        free(err);
        return NULL;
    }
    return v;
}

/* "OpenFlow 1.0" for a wire version. */
static const char *
version_name(uint8_t version)
{
    switch (version) {
    case OFP10_VERSION:
        return "OpenFlow 1.0";
    case OFP11_VERSION:
        return "OpenFlow 1.1";
    case OFP12_VERSION:
        return "OpenFlow 1.2";
    case OFP13_VERSION:
        return "OpenFlow 1.3";
    default:
        return "this OpenFlow version";
    }
}

/* Reports why 'msg' could not be encoded or sent on 'v' ('error' from
 * vconn_encode() or vconn_send()). */
static void
ofctl_send_error(struct vconn *v, const struct ofp_msg *msg, int error)
{
    const char *name = ofp_type_name(msg->type);

    if (msg->type == OFPT_MULTIPART_REQUEST) {
        name = ofp_multipart_type_name(msg->u.mp_request.type);
    }
    if (!name) {
        name = "a message";
    }
    if (error == ENOTSUP) {
        ofctl_error("%s: %s cannot be expressed in %s (use -O OpenFlow13)",
                    vconn_get_name(v), name,
                    version_name(vconn_get_version(v)));
    } else if (error == EMSGSIZE || error == EINVAL) {
        ofctl_error("%s: cannot encode %s (%s)", vconn_get_name(v), name,
                    strerror(error));
    } else {
        ofctl_error("%s: cannot send %s (%s)", vconn_get_name(v), name,
                    vconn_strerror(error));
    }
}

/* Appends 'msg' encoded for the version negotiated on 'v', with a fresh
 * xid.  Returns 0 or an errno value, having printed why (ENOTSUP: the
 * version cannot say it, e.g. a group in OpenFlow 1.0). */
static int
ofctl_encode(struct vconn *v, struct ofp_msg *msg, struct buf *b)
{
    int error = vconn_encode(v, msg, b);

    if (error) {
        ofctl_send_error(v, msg, error);
    }
    return error;
}

/* Encodes 'msg' (with a fresh xid, stored in msg->xid) and sends it,
 * waiting until it is written.  Prints why on failure. */
static bool
ofctl_send(struct vconn *v, struct ofp_msg *msg)
{
    int error = vconn_send_msg(v, msg, NULL);

    if (error) {
        ofctl_send_error(v, msg, error);
    }
    return !error;
}

/* Prints an OFPT_ERROR ovs-ofctl style on stderr: the error line followed
 * by the request it quotes.  When the switch quoted only the first bytes
 * of a request that we still have ('request', may be NULL), the whole
 * request is shown instead of a truncated hex dump.  The request is
 * decoded in whatever version it was sent. */
static void
ofctl_print_error(const struct ofp_msg *error, const uint8_t *request,
                  size_t request_len)
{
    struct buf t = BUF_INITIALIZER;
    struct ofp_msg view = *error;
    const struct ofp_bytes *quoted = &error->u.error.data;

    if (!request || request_len <= quoted->len) {
        request = quoted->data;
        request_len = quoted->len;
    }

    /* 'view' borrows the error's arrays; it is never uninitialised. */
    uint16_t len = request_len >= OFP_HEADER_LEN ? get_be16(request + 2) : 0;
    bool decoded = false;
    struct ofp_msg req;
    if (error->u.error.type != OFPET_HELLO_FAILED && len >= OFP_HEADER_LEN &&
        len <= request_len) {
        decoded = !ofp_msg_decode_any(request, len, &req, NULL);
        if (!decoded) {
            ofp_msg_uninit(&req);
        }
    }
    if (decoded) {
        view.u.error.data.data = NULL;
        view.u.error.data.len = 0;
        ofp_msg_format(&view, &t);
        ofp_msg_format(&req, &t);
        ofp_msg_uninit(&req);
    } else {
        view.u.error.data.data = (uint8_t *)(uintptr_t)request;
        view.u.error.data.len = request_len;
        ofp_msg_format(&view, &t);
    }
    ofctl_emit_stderr(&t);
    buf_uninit(&t);
}

/* Reports a message that does not decode, with its hex, on stderr. */
static void
ofctl_print_undecodable(const struct buf *raw)
{
    struct buf t = BUF_INITIALIZER;

    ofctl_error("the switch sent a message that does not decode:");
    ofp_print_stream(raw->data, raw->size, &t);
    ofctl_emit_stderr(&t);
    buf_uninit(&t);
}

/* Reports the failure 'error' of a transaction on 'v' for 'request' (an
 * error of vconn_transact() or vconn_dump()). */
static void
ofctl_transact_error(struct vconn *v, const struct ofp_msg *request, int error)
{
    const char *name = ofp_type_name(request->type);

    if (request->type == OFPT_MULTIPART_REQUEST) {
        name = ofp_multipart_type_name(request->u.mp_request.type);
    }
    if (error == EBADMSG) {
        ofctl_print_undecodable(vconn_last_received(v));
    } else if (error == ETIMEDOUT) {
        ofctl_error("%s: timed out waiting for the reply to %s",
                    vconn_get_name(v), name ? name : "a request");
    } else if (error == EILSEQ) {
        ofctl_error("%s: the switch split a %s reply that cannot be split",
                    vconn_get_name(v), name ? name : "multipart");
    } else if (error != ECANCELED) {
        ofctl_error("%s: %s", vconn_get_name(v), vconn_strerror(error));
    }
}

/* Checks the answer 'reply' to 'request' (sent as 'request_raw'): prints
 * the switch's error, or why 'reply' is not of 'reply_type' (and, for a
 * multipart request, of its multipart type), and returns false; returns
 * true for a proper reply. */
static bool
ofctl_check_reply(struct vconn *v, const struct ofp_msg *request,
                  const struct buf *request_raw, uint8_t reply_type,
                  const struct ofp_msg *reply)
{
    if (reply->type == OFPT_ERROR) {
        ofctl_print_error(reply, request_raw->data, request_raw->size);
        return false;
    }
    if (reply->type != reply_type ||
        (reply_type == OFPT_MULTIPART_REPLY &&
         reply->u.mp_reply.type != request->u.mp_request.type)) {
        const char *got = ofp_type_name(reply->type);
        ofctl_error("%s: expected %s in reply to %s, got %s",
                    vconn_get_name(v), ofp_type_name(reply_type),
                    ofp_type_name(request->type),
                    got ? got : "an unknown message type");
        return false;
    }
    return true;
}

/* Sends 'request' and waits for its reply, which must be of type
 * 'reply_type'; returns true with it in 'reply' (initialised in every
 * case), or prints the switch's error (or what went wrong) and returns
 * false. */
static bool
ofctl_transact(struct vconn *v, struct ofp_msg *request, uint8_t reply_type,
               struct ofp_msg *reply)
{
    struct buf raw = BUF_INITIALIZER;
    int error = vconn_transact(v, request, reply, &raw);
    bool ok = false;

    if (error == ENOTSUP || error == EMSGSIZE || error == EINVAL) {
        ofctl_send_error(v, request, error);
    } else if (error) {
        ofctl_transact_error(v, request, error);
    } else {
        ok = ofctl_check_reply(v, request, &raw, reply_type, reply);
    }
    if (!ok) {
        ofp_msg_uninit(reply);
        ofp_msg_init(reply, vconn_get_version(v), 0, 0);
    }
    buf_uninit(&raw);
    return ok;
}

/* Called with each part of a multipart reply as it arrives (see
 * vconn_part_fn); returns false to fail the dump, having printed why. */
typedef bool ofctl_part_fn(struct ofp_msg *part, void *aux);

/* Sends multipart 'request' and hands each reply part to 'fn' until the
 * last one (no REPLY_MORE).  Returns 0 or OFCTL_EXIT_FAILURE (printed). */
static int
ofctl_dump(struct vconn *v, struct ofp_msg *request, ofctl_part_fn *fn,
           void *aux)
{
    struct buf raw = BUF_INITIALIZER;
    struct ofp_msg other;
    int status = OFCTL_EXIT_FAILURE;

    int error = vconn_dump(v, request, fn, aux, &other, &raw);
    if (error == ENOTSUP || error == EMSGSIZE || error == EINVAL) {
        ofctl_send_error(v, request, error);
    } else if (error) {
        ofctl_transact_error(v, request, error);
    } else if (other.type == OFPT_HELLO ||
               ofctl_check_reply(v, request, &raw, OFPT_MULTIPART_REPLY,
                                 &other)) {
        status = 0;
    }
    ofp_msg_uninit(&other);
    buf_uninit(&raw);
    return status;
}

/* Runs multipart 'request' and returns the whole reply, reassembled, in
 * 'reply'.  Returns false (printed) on failure; 'reply' is initialised
 * either way. */
static bool
ofctl_dump_all(struct vconn *v, struct ofp_msg *request, struct ofp_msg *reply)
{
    struct buf raw = BUF_INITIALIZER;
    bool ok = false;

    int error = vconn_dump_all(v, request, reply, &raw);
    if (error == ENOTSUP || error == EMSGSIZE || error == EINVAL) {
        ofctl_send_error(v, request, error);
    } else if (error) {
        ofctl_transact_error(v, request, error);
    } else {
        ok = ofctl_check_reply(v, request, &raw, OFPT_MULTIPART_REPLY, reply);
    }
    if (!ok) {
        ofp_msg_uninit(reply);
        ofp_msg_init(reply, vconn_get_version(v), 0, 0);
    }
    buf_uninit(&raw);
    return ok;
}

/* A multipart request of 'mp_type' without a body in 'msg'. */
static void
mp_request_init(struct ofp_msg *msg, uint16_t mp_type)
{
    ofp_msg_init_mp_request(msg, 0, mp_type);
}

/* --- Progress on a terminal. -------------------------------------------- */

/* A one-line progress report on stderr, shown only when stderr is a
 * terminal and the operation takes long enough to be worth it. */
struct ofctl_progress {
    bool enabled;
    bool shown;
    const char *what;  /* "add-flows: 1234 flows sent" */
    const char *units; /* "flows" */
    long long start;
    long long last;
    FILE *file;      /* For a percentage: the file being read ... */
    off_t file_size; /* ... and its size (0: unknown). */
};

static long long
ofctl_now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
progress_init(struct ofctl_progress *p, const char *what, const char *units,
              FILE *file)
{
    struct stat st;

    memset(p, 0, sizeof *p);
    p->enabled = isatty(STDERR_FILENO);
    p->what = what;
    p->units = units;
    p->start = p->last = ofctl_now_ms();
    p->file = file;
    if (file && !fstat(fileno(file), &st) && S_ISREG(st.st_mode)) {
        p->file_size = st.st_size;
    }
}

static void
progress_update(struct ofctl_progress *p, uint64_t count, const char *verb)
{
    if (!p->enabled) {
        return;
    }
    long long now = ofctl_now_ms();
    if (now - p->last < 200 || now - p->start < 500) {
        return;
    }
    p->last = now;
    p->shown = true;
    fprintf(stderr, "\r%s: %" PRIu64 " %s %s", p->what, count, p->units, verb);
    if (p->file && p->file_size > 0) {
        off_t pos = ftello(p->file);
        if (pos >= 0) {
            fprintf(stderr, " (%d%%)",
                    (int)((double)pos * 100 / (double)p->file_size));
        }
    }
    fputs("\033[K", stderr);
    fflush(stderr);
}

static void
progress_done(struct ofctl_progress *p)
{
    if (p->shown) {
        fputs("\r\033[K", stderr);
        fflush(stderr);
        p->shown = false;
    }
}

/* --- Batches of modifying requests. ------------------------------------- */

/* Called for each reply (not an error) to a request of a batch; 'index'
 * is the request's position in the batch.  Returns false to count it as
 * a failure (having printed why). */
typedef bool ofctl_reply_fn(const struct ofp_msg *reply, size_t index,
                            void *aux);

/* Requests sent back to back and closed by one barrier (OF1.3.5 §6.2:
 * every reply and error for them comes before the BARRIER_REPLY).  Their
 * xids are consecutive, so an error's xid gives the request, and the
 * request gives the line of the file it came from. */
struct ofctl_batch {
    struct vconn *vconn;
    const char *file; /* Name for error labels, or NULL. */
    uint32_t first_xid;
    size_t n;            /* Requests sent. */
    unsigned int *lines; /* Line of each request in 'file'. */
    size_t alloc;
    bool keep;           /* Still keeping the encoded requests? */
    struct buf requests; /* The encoded requests while they are few. */
    size_t *offsets;     /* Where each starts in 'requests'. */
    struct buf scratch;
    size_t n_errors;
    uint32_t barrier_xid; /* Of the closing barrier, once sent. */
    bool failed;          /* The connection failed: stop sending. */
    struct ofctl_progress progress;
    ofctl_reply_fn *reply_fn;
    void *aux;
};

/* Requests are kept (to print them whole next to an error) up to this
 * many bytes. */
#define OFCTL_BATCH_KEEP (1024 * 1024)

static void
batch_init(struct ofctl_batch *b, struct vconn *v, const char *file,
           const char *what, FILE *progress_file)
{
    memset(b, 0, sizeof *b);
    b->vconn = v;
    b->file = file;
    b->keep = true;
    buf_init(&b->requests);
    buf_init(&b->scratch);
    progress_init(&b->progress, what, "requests", progress_file);
}

static void
batch_uninit(struct ofctl_batch *b)
{
    progress_done(&b->progress);
    free(b->lines);
    free(b->offsets);
    buf_uninit(&b->requests);
    buf_uninit(&b->scratch);
}

/* Encodes 'msg' with the batch's next xid and queues it for sending.
 * 'line' labels errors for it (0: none).  Returns false if the batch has
 * failed (printed). */
static bool batch_queue(struct ofctl_batch *b, const uint8_t *data,
                        size_t size, uint32_t xid, unsigned int line);

static bool
batch_add(struct ofctl_batch *b, struct ofp_msg *msg, unsigned int line)
{
    if (b->failed) {
        return false;
    }
    buf_clear(&b->scratch);
    if (ofctl_encode(b->vconn, msg, &b->scratch)) {
        if (b->file && line) {
            ofctl_error("(%s:%u)", b->file, line);
        }
        b->failed = true;
        return false;
    }
    return batch_queue(b, b->scratch.data, b->scratch.size, msg->xid, line);
}

/* Records the encoded request 'data' (with xid 'xid', the next of the
 * batch) and queues it for sending. */
static bool
batch_queue(struct ofctl_batch *b, const uint8_t *data, size_t size,
            uint32_t xid, unsigned int line)
{
    if (!b->n) {
        b->first_xid = xid;
    }
    if (b->n >= b->alloc) {
        b->alloc = b->alloc ? b->alloc * 2 : 64;
        b->lines = xreallocarray(b->lines, b->alloc, sizeof *b->lines);
        if (b->keep) {
            b->offsets =
                xreallocarray(b->offsets, b->alloc + 1, sizeof *b->offsets);
        }
    }
    b->lines[b->n] = line;
    if (b->keep) {
        b->offsets[b->n] = b->requests.size;
        buf_put(&b->requests, data, size);
        b->offsets[b->n + 1] = b->requests.size;
        if (b->requests.size > OFCTL_BATCH_KEEP) {
            b->keep = false;
            buf_uninit(&b->requests);
            free(b->offsets);
            b->offsets = NULL;
        }
    }
    b->n++;

    int error = vconn_send_queued(b->vconn, data, size);
    if (error) {
        ofctl_error("%s: send failed (%s)", vconn_get_name(b->vconn),
                    vconn_strerror(error));
        b->failed = true;
        return false;
    }
    progress_update(&b->progress, b->n, "sent");
    return true;
}

/* vconn_barrier() callback: handles one message received while finishing
 * batch 'b'. */
static void
batch_handle(const struct ofp_msg *msg, bool decoded, void *b_)
{
    struct ofctl_batch *b = b_;
    size_t index = msg->xid - b->first_xid;

    progress_update(&b->progress, b->n, "sent, waiting for the switch");
    if (index >= b->n && msg->xid != b->barrier_xid) {
        return; /* Asynchronous, or for someone else. */
    }
    if (!decoded) {
        progress_done(&b->progress);
        ofctl_print_undecodable(vconn_last_received(b->vconn));
        b->n_errors++;
        return;
    }
    if (msg->type == OFPT_ERROR) {
        b->n_errors++;
        if (b->n_errors > OFCTL_MAX_PRINTED_ERRORS) {
            return;
        }
        progress_done(&b->progress);
        if (b->file && index < b->n && b->lines[index]) {
            ofctl_error("%s:%u: the switch rejected this request:", b->file,
                        b->lines[index]);
        }
        if (b->keep && index < b->n) {
            ofctl_print_error(msg, b->requests.data + b->offsets[index],
                              b->offsets[index + 1] - b->offsets[index]);
        } else {
            ofctl_print_error(msg, NULL, 0);
        }
        return;
    }
    if (msg->type == OFPT_EXPERIMENTER &&
        msg->u.experimenter.experimenter == OFSW_EXPERIMENTER_ID &&
        msg->u.experimenter.exp_type == OFSW_ERROR_TEXT) {
        /* ofp13/ext.h: the explanation of the OFPT_ERROR that follows. */
        const struct ofp_bytes *d = &msg->u.experimenter.data;
        progress_done(&b->progress);
        ofctl_error("%.*s", (int)(d->len > 4096 ? 4096 : d->len),
                    d->data ? (const char *)d->data : "");
        return;
    }
    if (index < b->n && b->reply_fn && !b->reply_fn(msg, index, b->aux)) {
        b->n_errors++;
    }
}

/* Sends the closing barrier and receives until its reply, printing every
 * error for the batch's requests.  Returns 0 if the switch accepted them
 * all, OFCTL_EXIT_FAILURE otherwise. */
static int
batch_finish(struct ofctl_batch *b)
{
    if (b->failed) {
        return OFCTL_EXIT_FAILURE;
    }
    b->barrier_xid = 0;
    int error = vconn_barrier(b->vconn, batch_handle, b, &b->barrier_xid);
    progress_done(&b->progress);
    if (error == ETIMEDOUT) {
        ofctl_error("%s: timed out waiting for the barrier reply",
                    vconn_get_name(b->vconn));
        return OFCTL_EXIT_FAILURE;
    } else if (error == ENOTSUP || error == EMSGSIZE || error == EINVAL) {
        ofctl_error("%s: cannot encode a barrier request (%s)",
                    vconn_get_name(b->vconn), strerror(error));
        return OFCTL_EXIT_FAILURE;
    } else if (error) {
        ofctl_error("%s: %s", vconn_get_name(b->vconn), vconn_strerror(error));
        return OFCTL_EXIT_FAILURE;
    }
    if (b->n_errors > OFCTL_MAX_PRINTED_ERRORS) {
        ofctl_error("... %zu errors in all (the first %d are shown)",
                    b->n_errors, OFCTL_MAX_PRINTED_ERRORS);
    }
    return b->n_errors ? OFCTL_EXIT_FAILURE : 0;
}

/* Opens 'sw', sends the one modifying request 'msg' closed by a barrier
 * and prints any error.  Returns the exit status. */
static int
ofctl_modify(const struct ofctl_options *opts, const char *sw,
             struct ofp_msg *msg)
{
    struct vconn *v = ofctl_open(opts, sw, "sock");
    if (!v) {
        return OFCTL_EXIT_FAILURE;
    }

    struct ofctl_batch b;
    batch_init(&b, v, NULL, "", NULL);
    batch_add(&b, msg, 0);
    int status = batch_finish(&b);
    batch_uninit(&b);
    vconn_close(v);
    return status;
}

/* --- Reading flow, group and meter files. ------------------------------- */

/* Lines of a file ("-" for stdin) with '#' comments removed, blank lines
 * skipped and lines ending in '\' joined with the next, as ovs-ofctl
 * reads them. */
struct ofctl_lines {
    FILE *file;
    const char *name;
    bool close;
    unsigned int line_no; /* Line of the current line's start. */
    unsigned int next_no; /* Lines read so far. */
    char *line;           /* getline() buffer. */
    size_t cap;
    struct buf joined;
};

static bool
lines_open(struct ofctl_lines *l, const char *name)
{
    memset(l, 0, sizeof *l);
    l->name = !strcmp(name, "-") ? "(stdin)" : name;
    if (!strcmp(name, "-")) {
        l->file = stdin;
    } else {
        l->file = fopen(name, "r");
        if (!l->file) {
            ofctl_error("%s: %s", name, strerror(errno));
            return false;
        }
        l->close = true;
    }
    buf_init(&l->joined);
    return true;
}

/* Returns the next non-empty line (borrowed until the next call) with its
 * line number in l->line_no, or NULL at the end of the file or on a read
 * error (check lines_close()). */
static const char *
lines_next(struct ofctl_lines *l)
{
    buf_clear(&l->joined);
    for (;;) {
        ssize_t n = getline(&l->line, &l->cap, l->file);
        if (n < 0) {
            if (!l->joined.size) {
                return NULL;
            }
            break;
        }
        l->next_no++;
        if (!l->joined.size) {
            l->line_no = l->next_no;
        }
        char *hash = strchr(l->line, '#');
        if (hash) {
            *hash = '\0';
            n = hash - l->line;
        }
        while (n > 0 && strchr(" \t\r\n", l->line[n - 1])) {
            n--;
        }
        bool more = n > 0 && l->line[n - 1] == '\\' && !hash;
        if (more) {
            n--;
        }
        buf_put(&l->joined, l->line, (size_t)n);
        if (more) {
            continue;
        }
        const char *s = ofp_text_cstr(&l->joined);
        if (s[strspn(s, " \t")]) {
            break;
        }
        buf_clear(&l->joined);
    }
    const char *s = ofp_text_cstr(&l->joined);
    return s + strspn(s, " \t");
}

/* Closes the file.  Returns false (printed) if reading it failed. */
static bool
lines_close(struct ofctl_lines *l)
{
    bool ok = !ferror(l->file);

    if (!ok) {
        ofctl_error("%s: read error: %s", l->name, strerror(errno));
    }
    if (l->close) {
        fclose(l->file);
    }
    free(l->line);
    buf_uninit(&l->joined);
    return ok;
}

/* If 's' starts with one of 'words' followed by white space, a comma or
 * the end, returns its index and stores the rest of 's' in '*rest';
 * returns -1 otherwise. */
static int
match_keyword(const char *s, const char *const words[], size_t n_words,
              const char **rest)
{
    size_t len = strcspn(s, " \t,");

    for (size_t i = 0; i < n_words; i++) {
        if (strlen(words[i]) == len && !strncmp(s, words[i], len)) {
            s += len;
            *rest = s + strspn(s, " \t,");
            return (int)i;
        }
    }
    return -1;
}

/* Parses a flow line that may begin with add, modify, modify_strict,
 * delete or delete_strict (else 'cmd' applies). */
static char *
parse_flow_line(const char *line, enum ofp_text_flow_cmd cmd,
                struct ofp_flow_mod *fm)
{
    static const char *const words[] = {
        [OFP_TEXT_FLOW_ADD] = "add",
        [OFP_TEXT_FLOW_MODIFY] = "modify",
        [OFP_TEXT_FLOW_MODIFY_STRICT] = "modify_strict",
        [OFP_TEXT_FLOW_DELETE] = "delete",
        [OFP_TEXT_FLOW_DELETE_STRICT] = "delete_strict",
    };
    const char *rest;
    int i = match_keyword(line, words, ARRAY_SIZE(words), &rest);

    if (i >= 0) {
        line = rest;
        cmd = (enum ofp_text_flow_cmd)i;
    }
    return ofp_flow_mod_parse(line, cmd, fm);
}

/* Parses a group line that may begin with add, modify or delete. */
static char *
parse_group_line(const char *line, uint16_t cmd, struct ofp_group_mod *gm)
{
    static const char *const words[] = {
        [OFPGC_ADD] = "add",
        [OFPGC_MODIFY] = "modify",
        [OFPGC_DELETE] = "delete",
    };
    const char *rest;
    int i = match_keyword(line, words, ARRAY_SIZE(words), &rest);

    if (i >= 0) {
        line = rest;
        cmd = (uint16_t)i;
    }
    return ofp_group_mod_parse(line, cmd, gm);
}

/* --- JSON renderings of the model. -------------------------------------- */

static void
json_match(struct json *j, const struct ofp_match *m)
{
    struct buf t = BUF_INITIALIZER;

    json_begin(j, '{');
    for (int f = 0; f < OXM_N_FIELDS; f++) {
        if (!ofp_match_has(m, (enum oxm_field)f)) {
            continue;
        }
        const char *name = oxm_field_text_name((enum oxm_field)f);
        buf_clear(&t);
        oxm_value_format((enum oxm_field)f, &m->value[f],
                         (m->masked >> f) & 1 ? &m->mask[f] : NULL, &t);
        json_key(j, name ? name : "unknown");
        json_text(j, &t);
    }
    json_end(j);
    buf_uninit(&t);
}

static void
json_flow_stats(struct json *j, const struct ofp_flow_stats *fs)
{
    struct buf t = BUF_INITIALIZER;

    json_begin(j, '{');
    json_kv_uint(j, "table_id", fs->table_id);
    json_kv_uint(j, "priority", fs->priority);
    json_kv_hex(j, "cookie", fs->cookie);
    json_kv_duration(j, "duration", fs->duration_sec, fs->duration_nsec);
    json_kv_uint(j, "idle_timeout", fs->idle_timeout);
    json_kv_uint(j, "hard_timeout", fs->hard_timeout);
    json_kv_bits(j, "flags", fs->flags, flow_flag_names);
    json_kv_uint(j, "packet_count", fs->packet_count);
    json_kv_uint(j, "byte_count", fs->byte_count);
    json_key(j, "match");
    json_match(j, &fs->match);
    ofp_match_format(&fs->match, &t);
    json_key(j, "match_text");
    json_text(j, &t);
    buf_clear(&t);
    ofp_instructions_format(&fs->instructions, &t);
    json_key(j, "actions");
    json_text(j, &t);
    json_end(j);
    buf_uninit(&t);
}

static void
json_port_desc(struct json *j, const struct ofp_port *p)
{
    char mac[18];

    snprintf(mac, sizeof mac, "%02x:%02x:%02x:%02x:%02x:%02x", p->hw_addr[0],
             p->hw_addr[1], p->hw_addr[2], p->hw_addr[3], p->hw_addr[4],
             p->hw_addr[5]);
    json_begin(j, '{');
    json_kv_uint(j, "port_no", p->port_no);
    json_kv_port(j, "port", p->port_no);
    json_key(j, "name");
    json_stringn(j, p->name, sizeof p->name);
    json_kv_str(j, "hw_addr", mac);
    json_kv_bits(j, "config", p->config, port_config_names);
    json_kv_bits(j, "state", p->state, port_state_names);
    json_kv_bits(j, "curr", p->curr, port_feature_names);
    json_kv_bits(j, "advertised", p->advertised, port_feature_names);
    json_kv_bits(j, "supported", p->supported, port_feature_names);
    json_kv_bits(j, "peer", p->peer, port_feature_names);
    json_kv_uint(j, "curr_speed", p->curr_speed);
    json_kv_uint(j, "max_speed", p->max_speed);
    json_end(j);
}

static void
json_port_stats(struct json *j, const struct ofp_port_stats *ps)
{
    static const struct {
        const char *name;
        size_t offset;
    } counters[] = {
#define C(NAME) { #NAME, offsetof(struct ofp_port_stats, NAME) }
        C(rx_packets),   C(tx_packets),  C(rx_bytes),   C(tx_bytes),
        C(rx_dropped),   C(tx_dropped),  C(rx_errors),  C(tx_errors),
        C(rx_frame_err), C(rx_over_err), C(rx_crc_err), C(collisions),
#undef C
    };

    json_begin(j, '{');
    json_kv_uint(j, "port_no", ps->port_no);
    json_kv_port(j, "port", ps->port_no);
    for (size_t i = 0; i < ARRAY_SIZE(counters); i++) {
        uint64_t v;
        memcpy(&v, (const char *)ps + counters[i].offset, sizeof v);
        json_key(j, counters[i].name);
        if (v == UINT64_MAX) {
            json_null(j); /* Not supported by the switch. */
        } else {
            json_uint(j, v);
        }
    }
    if (ps->duration_sec != UINT32_MAX) {
        json_kv_duration(j, "duration", ps->duration_sec, ps->duration_nsec);
    }
    json_end(j);
}

static void
json_table_stats(struct json *j, const struct ofp_table_stats *t)
{
    json_begin(j, '{');
    json_kv_uint(j, "table_id", t->table_id);
    json_kv_uint(j, "active_count", t->active_count);
    json_kv_uint(j, "lookup_count", t->lookup_count);
    json_kv_uint(j, "matched_count", t->matched_count);
    json_end(j);
}

static void
json_queue_stats(struct json *j, const struct ofp_queue_stats *q)
{
    json_begin(j, '{');
    json_kv_uint(j, "port_no", q->port_no);
    json_kv_uint(j, "queue_id", q->queue_id);
    json_kv_uint(j, "tx_bytes", q->tx_bytes);
    json_kv_uint(j, "tx_packets", q->tx_packets);
    json_kv_uint(j, "tx_errors", q->tx_errors);
    if (q->duration_sec != UINT32_MAX) {
        json_kv_duration(j, "duration", q->duration_sec, q->duration_nsec);
    }
    json_end(j);
}

static void
json_actions(struct json *j, const char *key, const struct ofp_actions *a)
{
    struct buf t = BUF_INITIALIZER;

    ofp_actions_format(a, &t);
    json_key(j, key);
    json_text(j, &t);
    buf_uninit(&t);
}

static void
json_group_desc(struct json *j, const struct ofp_group_desc *g)
{
    json_begin(j, '{');
    json_kv_uint(j, "group_id", g->group_id);
    json_kv_str(j, "type", group_type_name(g->type));
    json_key(j, "buckets");
    json_begin(j, '[');
    for (size_t i = 0; i < g->buckets.n; i++) {
        const struct ofp_bucket *bk = &g->buckets.b[i];
        json_begin(j, '{');
        json_kv_uint(j, "weight", bk->weight);
        json_kv_uint(j, "watch_port", bk->watch_port);
        json_kv_uint(j, "watch_group", bk->watch_group);
        json_actions(j, "actions", &bk->actions);
        json_end(j);
    }
    json_end(j);
    json_end(j);
}

static void
json_group_stats(struct json *j, const struct ofp_group_stats *g)
{
    json_begin(j, '{');
    json_kv_uint(j, "group_id", g->group_id);
    json_kv_uint(j, "ref_count", g->ref_count);
    json_kv_uint(j, "packet_count", g->packet_count);
    json_kv_uint(j, "byte_count", g->byte_count);
    json_kv_duration(j, "duration", g->duration_sec, g->duration_nsec);
    json_key(j, "buckets");
    json_begin(j, '[');
    for (size_t i = 0; i < g->n_buckets; i++) {
        json_begin(j, '{');
        json_kv_uint(j, "packet_count", g->buckets[i].packet_count);
        json_kv_uint(j, "byte_count", g->buckets[i].byte_count);
        json_end(j);
    }
    json_end(j);
    json_end(j);
}

static void
json_bands(struct json *j, const struct ofp_meter_bands *bands)
{
    json_key(j, "bands");
    json_begin(j, '[');
    for (size_t i = 0; i < bands->n; i++) {
        const struct ofp_meter_band *band = &bands->b[i];
        json_begin(j, '{');
        json_kv_str(j, "type",
                    band->type < 32 && band_type_names[band->type]
                        ? band_type_names[band->type]
                        : "experimenter");
        json_kv_uint(j, "rate", band->rate);
        json_kv_uint(j, "burst_size", band->burst_size);
        if (band->type == OFPMBT_DSCP_REMARK) {
            json_kv_uint(j, "prec_level", band->prec_level);
        } else if (band->type == OFPMBT_EXPERIMENTER) {
            json_kv_hex(j, "experimenter", band->experimenter);
        }
        json_end(j);
    }
    json_end(j);
}

static void
json_meter_config(struct json *j, const struct ofp_meter_config *m)
{
    json_begin(j, '{');
    json_kv_uint(j, "meter_id", m->meter_id);
    json_kv_bits(j, "flags", m->flags, meter_flag_names);
    json_bands(j, &m->bands);
    json_end(j);
}

static void
json_meter_stats(struct json *j, const struct ofp_meter_stats *m)
{
    json_begin(j, '{');
    json_kv_uint(j, "meter_id", m->meter_id);
    json_kv_uint(j, "flow_count", m->flow_count);
    json_kv_uint(j, "packet_in_count", m->packet_in_count);
    json_kv_uint(j, "byte_in_count", m->byte_in_count);
    json_kv_duration(j, "duration", m->duration_sec, m->duration_nsec);
    json_key(j, "bands");
    json_begin(j, '[');
    for (size_t i = 0; i < m->n_bands; i++) {
        json_begin(j, '{');
        json_kv_uint(j, "packet_count", m->bands[i].packet_band_count);
        json_kv_uint(j, "byte_count", m->bands[i].byte_band_count);
        json_end(j);
    }
    json_end(j);
    json_end(j);
}

static const char *
table_prop_name(uint16_t type)
{
    static const char *const names[] = {
        [OFPTFPT_INSTRUCTIONS] = "instructions",
        [OFPTFPT_INSTRUCTIONS_MISS] = "instructions_miss",
        [OFPTFPT_NEXT_TABLES] = "next_tables",
        [OFPTFPT_NEXT_TABLES_MISS] = "next_tables_miss",
        [OFPTFPT_WRITE_ACTIONS] = "write_actions",
        [OFPTFPT_WRITE_ACTIONS_MISS] = "write_actions_miss",
        [OFPTFPT_APPLY_ACTIONS] = "apply_actions",
        [OFPTFPT_APPLY_ACTIONS_MISS] = "apply_actions_miss",
        [OFPTFPT_MATCH] = "match",
        [OFPTFPT_WILDCARDS] = "wildcards",
        [OFPTFPT_WRITE_SETFIELD] = "write_setfield",
        [OFPTFPT_WRITE_SETFIELD_MISS] = "write_setfield_miss",
        [OFPTFPT_APPLY_SETFIELD] = "apply_setfield",
        [OFPTFPT_APPLY_SETFIELD_MISS] = "apply_setfield_miss",
    };
    if (type < ARRAY_SIZE(names) && names[type]) {
        return names[type];
    }
    return type == OFPTFPT_EXPERIMENTER        ? "experimenter"
           : type == OFPTFPT_EXPERIMENTER_MISS ? "experimenter_miss"
                                               : NULL;
}

/* One id of a table-features property as a JSON value: a name where the
 * property lists instruction or action types or OXM fields, else a
 * number. */
static void
json_table_prop_id(struct json *j, uint16_t type, uint64_t id)
{
    const char *name = NULL;

    switch (type) {
    case OFPTFPT_INSTRUCTIONS:
    case OFPTFPT_INSTRUCTIONS_MISS:
        name = ofp_instruction_type_name((uint16_t)id);
        break;
    case OFPTFPT_WRITE_ACTIONS:
    case OFPTFPT_WRITE_ACTIONS_MISS:
    case OFPTFPT_APPLY_ACTIONS:
    case OFPTFPT_APPLY_ACTIONS_MISS:
        name = ofp_action_type_name((uint16_t)id);
        break;
    case OFPTFPT_MATCH:
    case OFPTFPT_WILDCARDS:
    case OFPTFPT_WRITE_SETFIELD:
    case OFPTFPT_WRITE_SETFIELD_MISS:
    case OFPTFPT_APPLY_SETFIELD:
    case OFPTFPT_APPLY_SETFIELD_MISS:
        if (OXM_CLASS((uint32_t)id) == OFPXMC_OPENFLOW_BASIC) {
            const struct oxm_field_info *info =
                oxm_field_info(OXM_FIELD((uint32_t)id));
            name = info ? info->name : NULL;
        }
        break;
    default:
        break;
    }
    if (name) {
        json_string(j, name);
    } else {
        json_uint(j, id);
    }
}

static void
json_table_features(struct json *j, const struct ofp_table_features *tf)
{
    json_begin(j, '{');
    json_kv_uint(j, "table_id", tf->table_id);
    json_key(j, "name");
    json_stringn(j, tf->name, sizeof tf->name);
    json_kv_hex(j, "metadata_match", tf->metadata_match);
    json_kv_hex(j, "metadata_write", tf->metadata_write);
    json_kv_uint(j, "config", tf->config);
    json_kv_uint(j, "max_entries", tf->max_entries);
    json_key(j, "properties");
    json_begin(j, '[');
    for (size_t i = 0; i < tf->n_props; i++) {
        const struct ofp_table_feature_prop *p = &tf->props[i];
        const char *name = table_prop_name(p->type);

        json_begin(j, '{');
        if (name) {
            json_kv_str(j, "type", name);
        } else {
            json_kv_uint(j, "type", p->type);
        }
        if (p->type == OFPTFPT_EXPERIMENTER ||
            p->type == OFPTFPT_EXPERIMENTER_MISS) {
            json_kv_hex(j, "experimenter", p->experimenter);
            json_kv_uint(j, "exp_type", p->exp_type);
        } else {
            json_key(j, "ids");
            json_begin(j, '[');
            for (size_t k = 0; k < p->n_ids; k++) {
                json_table_prop_id(j, p->type, p->ids[k]);
            }
            json_end(j);
        }
        json_end(j);
    }
    json_end(j);
    json_end(j);
}

/* Writes every element of multipart reply 'r' into the open JSON array. */
static void
json_mp_reply_elements(struct json *j, const struct ofp_multipart_reply *r)
{
    for (size_t i = 0; i < r->n; i++) {
        switch (r->type) {
        case OFPMP_FLOW:
            json_flow_stats(j, &r->u.flow[i]);
            break;
        case OFPMP_TABLE:
            json_table_stats(j, &r->u.table[i]);
            break;
        case OFPMP_PORT_STATS:
            json_port_stats(j, &r->u.port_stats[i]);
            break;
        case OFPMP_QUEUE:
            json_queue_stats(j, &r->u.queue[i]);
            break;
        case OFPMP_GROUP:
            json_group_stats(j, &r->u.group[i]);
            break;
        case OFPMP_GROUP_DESC:
            json_group_desc(j, &r->u.group_desc[i]);
            break;
        case OFPMP_METER:
            json_meter_stats(j, &r->u.meter[i]);
            break;
        case OFPMP_METER_CONFIG:
            json_meter_config(j, &r->u.meter_config[i]);
            break;
        case OFPMP_TABLE_FEATURES:
            json_table_features(j, &r->u.table_features[i]);
            break;
        case OFPMP_PORT_DESC:
            json_port_desc(j, &r->u.port_desc[i]);
            break;
        default:
            return;
        }
    }
}

/* --- Streaming dumps. --------------------------------------------------- */

/* Keeps only the elements of multipart reply 'r' for which 'keep' holds,
 * freeing the others, so that the reply can be printed as a whole. */
static void
mp_reply_filter(struct ofp_multipart_reply *r, uint32_t id)
{
    size_t n = 0;

    for (size_t i = 0; i < r->n; i++) {
        bool keep;
        switch (r->type) {
        case OFPMP_GROUP_DESC:
            keep = r->u.group_desc[i].group_id == id;
            if (keep) {
                r->u.group_desc[n++] = r->u.group_desc[i];
            } else {
                ofp_buckets_uninit(&r->u.group_desc[i].buckets);
            }
            break;
        case OFPMP_PORT_DESC:
            keep = r->u.port_desc[i].port_no == id;
            if (keep) {
                r->u.port_desc[n++] = r->u.port_desc[i];
            }
            break;
        default:
            return;
        }
    }
    r->n = n;
}

/* A dump printed as it arrives: each reply part as ovs-ofctl prints it,
 * or its elements in one JSON array. */
struct print_dump {
    bool json;
    bool filter; /* Keep only elements with id 'id' (see
                   * mp_reply_filter()). */
    uint32_t id;
    struct buf out;
    struct json j;
};

static bool
print_part(struct ofp_msg *part, void *pd_)
{
    struct print_dump *pd = pd_;

    if (pd->filter) {
        mp_reply_filter(&part->u.mp_reply, pd->id);
    }
    if (pd->json) {
        json_mp_reply_elements(&pd->j, &part->u.mp_reply);
    } else {
        ofp_msg_format(part, &pd->out);
    }
    return ofctl_emit(&pd->out);
}

/* Runs multipart 'request' against 'sw' and prints the reply as it
 * streams in (see struct print_dump).  'filter' and 'id' select elements
 * by id (group or port) for requests that cannot. */
static int
ofctl_print_dump(const struct ofctl_options *opts, const char *sw,
                 struct ofp_msg *request, bool filter, uint32_t id)
{
    struct print_dump pd = { .json = opts->json, .filter = filter, .id = id };
    int status = OFCTL_EXIT_FAILURE;

    struct vconn *v = ofctl_open(opts, sw, "sock");
    if (!v) {
        return status;
    }
    buf_init(&pd.out);
    json_init(&pd.j, &pd.out);
    if (pd.json) {
        json_begin(&pd.j, '[');
    }
    status = ofctl_dump(v, request, print_part, &pd);
    if (pd.json && !status) {
        json_end(&pd.j);
        if (!ofctl_emit(&pd.out)) {
            status = OFCTL_EXIT_FAILURE;
        }
    }
    buf_uninit(&pd.out);
    vconn_close(v);
    return status;
}

/* --- Ports by number or name. ------------------------------------------- */

/* Sends FEATURES_REQUEST and returns the reply in 'features' and, for
 * OpenFlow 1.0 and 1.1 whose reply carries the port list, the ports in
 * '*portsp' (owned by the caller; NULL and 0 for 1.3).  Prints why and
 * returns false on failure ('features' is initialised either way). */
static bool
ofctl_get_features(struct vconn *v, struct ofp_msg *features,
                   struct ofp_port **portsp, size_t *n_portsp)
{
    struct ofp_msg req;
    struct buf raw = BUF_INITIALIZER;
    bool ok = false;

    *portsp = NULL;
    *n_portsp = 0;
    ofp_msg_init(features, vconn_get_version(v), 0, 0);
    ofp_msg_init(&req, vconn_get_version(v), OFPT_FEATURES_REQUEST, 0);
    if (!ofctl_send(v, &req)) {
        goto out;
    }
    for (;;) {
        struct ofp_compat_info info;
        ofp_msg_uninit(features);
        int error = vconn_recv_msg(v, features, &raw, &info, NULL);
        if (error && error != EBADMSG) {
            ofctl_transact_error(v, &req, error);
            break;
        }
        if (features->xid != req.xid) {
            ofp_compat_info_uninit(&info);
            continue;
        }
        if (error) {
            ofctl_print_undecodable(&raw);
        } else if (features->type == OFPT_ERROR) {
            ofctl_print_error(features, NULL, 0);
        } else if (features->type != OFPT_FEATURES_REPLY) {
            ofctl_error("%s: unexpected reply to FEATURES_REQUEST",
                        vconn_get_name(v));
        } else {
            *portsp = info.ports;
            *n_portsp = info.n_ports;
            info.ports = NULL;
            info.n_ports = 0;
            ok = true;
        }
        ofp_compat_info_uninit(&info);
        break;
    }

out:
    if (!ok) {
        ofp_msg_uninit(features);
        ofp_msg_init(features, vconn_get_version(v), 0, 0);
    }
    ofp_msg_uninit(&req);
    buf_uninit(&raw);
    return ok;
}

/* The switch's ports in '*portsp' (owned by the caller): PORT_DESC in
 * OpenFlow 1.3, the FEATURES_REPLY list in 1.0 and 1.1. */
static bool
ofctl_get_ports(struct vconn *v, struct ofp_port **portsp, size_t *n_portsp)
{
    struct ofp_msg req, reply;

    if (vconn_get_version(v) < OFP13_VERSION) {
        bool ok = ofctl_get_features(v, &reply, portsp, n_portsp);
        ofp_msg_uninit(&reply);
        return ok;
    }
    mp_request_init(&req, OFPMP_PORT_DESC);
    bool ok = ofctl_dump_all(v, &req, &reply);
    ofp_msg_uninit(&req);
    *portsp = NULL;
    *n_portsp = 0;
    if (ok && reply.type == OFPT_MULTIPART_REPLY) {
        *portsp = reply.u.mp_reply.u.port_desc;
        *n_portsp = reply.u.mp_reply.n;
        reply.u.mp_reply.u.port_desc = NULL;
        reply.u.mp_reply.n = 0;
    }
    ofp_msg_uninit(&reply);
    return ok;
}

/* A PORT_DESC reply holding 'ports' (borrowed: the caller clears the
 * array pointer before uninitialising 'msg'), to print a 1.0/1.1 port
 * list the way 1.3's is printed. */
static void
port_desc_view(struct ofp_msg *msg, uint8_t version, uint32_t xid,
               struct ofp_port *ports, size_t n)
{
    ofp_msg_init_mp_reply(msg, xid, OFPMP_PORT_DESC);
    msg->version = version;
    msg->u.mp_reply.u.port_desc = ports;
    msg->u.mp_reply.n = n;
}

/* Resolves 'name' -- a port number, a reserved port ("LOCAL") or the name
 * of a port of the switch -- into '*port_no'.  With 'desc' non-NULL the
 * port's description is fetched as well (mod-port needs its hw_addr).
 * Prints why and returns false if there is no such port. */
static bool
ofctl_port_lookup(struct vconn *v, const char *name, uint32_t *port_no,
                  struct ofp_port *desc)
{
    char *error = ofp_port_parse(name, port_no);
    bool numeric = !error;

    free(error);
    if (numeric && !desc) {
        return true;
    }

    struct ofp_port *ports;
    size_t n_ports;
    if (!ofctl_get_ports(v, &ports, &n_ports)) {
        return false;
    }

    bool found = false;
    for (size_t i = 0; i < n_ports && !found; i++) {
        const struct ofp_port *p = &ports[i];
        if (numeric ? p->port_no == *port_no : !strcmp(p->name, name)) {
            *port_no = p->port_no;
            if (desc) {
                *desc = *p;
            }
            found = true;
        }
    }
    if (!found) {
        ofctl_error("%s: no port %s", vconn_get_name(v), name);
    }
    free(ports);
    return found;
}

/* --- parse-flow, parse-flows. ------------------------------------------- */

/* Encodes 'fm' as a FLOW_MOD and appends its ofp-print text (and with
 * 'hex' the bytes in hex) to 'text'.  Returns false if it does not
 * encode or decode back. */
static bool
format_flow_mod_wire(struct ofp_flow_mod *fm, uint32_t xid, bool hex,
                     const char *label, struct buf *text)
{
    struct ofp_msg msg;
    struct buf wire = BUF_INITIALIZER;
    bool ok = false;

    ofp_msg_init(&msg, OFP13_VERSION, OFPT_FLOW_MOD, xid);
    msg.u.flow_mod = *fm; /* Borrowed: not uninitialised here. */
    int retval = ofp_msg_encode(&msg, &wire);
    if (retval) {
        ofctl_error("%s: cannot encode flow_mod (%s)", label,
                    strerror(retval));
        goto out;
    }
    int n_errors = ofp_print_stream(wire.data, wire.size, text);
    if (hex) {
        for (size_t i = 0; i < wire.size; i++) {
            ofp_text_printf(text, "%02x", wire.data[i]);
        }
        ofp_text_printf(text, "\n");
    }
    if (n_errors) {
        ofctl_error("%s: the encoded flow_mod does not decode", label);
        goto out;
    }
    ok = true;

out:
    buf_uninit(&wire);
    return ok;
}

/* "parse-flow [--hex] FLOW": builds the OpenFlow 1.3 FLOW_MOD (ADD, as
 * ovs-ofctl parse-flow does) that FLOW describes, encodes it and prints
 * the encoded bytes decoded again, so the text shows what is really on the
 * wire.  With --hex the last line is the message in lowercase hex. */
static int
cmd_parse_flow(const struct ofctl_options *opts, int argc, char *argv[])
{
    struct ofp_flow_mod fm;
    struct buf text = BUF_INITIALIZER;
    int status = OFCTL_EXIT_FAILURE;

    if (!ofctl_check_of13(opts, argv[0])) {
        return OFCTL_EXIT_USAGE;
    }

    char *error = ofp_flow_mod_parse(argv[1], OFP_TEXT_FLOW_ADD, &fm);
    if (error) {
        ofctl_error("%s: %s", argv[1], error);
        free(error);
        goto out;
    }
    bool ok = format_flow_mod_wire(&fm, 1, opts->hex, argv[1], &text);
    if (ofctl_emit(&text) && ok) {
        status = 0;
    }

out:
    buf_uninit(&text);
    ofp_match_uninit(&fm.match);
    ofp_instructions_uninit(&fm.instructions);
    return status;
}

/* "parse-flows FILE": parse-flow for each line of FILE ("-": stdin);
 * lines may begin with add, modify, modify_strict, delete or
 * delete_strict.  Every line is tried; the exit status is 1 if any
 * failed. */
static int
cmd_parse_flows(const struct ofctl_options *opts, int argc, char *argv[])
{
    struct ofctl_lines lines;
    struct buf text = BUF_INITIALIZER;
    int status = 0;
    uint32_t xid = 1;

    if (!ofctl_check_of13(opts, argv[0])) {
        return OFCTL_EXIT_USAGE;
    }
    if (!lines_open(&lines, argv[1])) {
        return OFCTL_EXIT_FAILURE;
    }
    for (const char *line; (line = lines_next(&lines));) {
        struct ofp_flow_mod fm;
        char label[64];

        snprintf(label, sizeof label, "%s:%u", lines.name, lines.line_no);
        char *error = parse_flow_line(line, OFP_TEXT_FLOW_ADD, &fm);
        if (error) {
            ofctl_error("%s: %s", label, error);
            free(error);
            status = OFCTL_EXIT_FAILURE;
        } else if (!format_flow_mod_wire(&fm, xid++, opts->hex, label,
                                         &text)) {
            status = OFCTL_EXIT_FAILURE;
        }
        ofp_match_uninit(&fm.match);
        ofp_instructions_uninit(&fm.instructions);
        if (!ofctl_emit(&text)) {
            status = OFCTL_EXIT_FAILURE;
            break;
        }
    }
    if (!lines_close(&lines)) {
        status = OFCTL_EXIT_FAILURE;
    }
    buf_uninit(&text);
    return status;
}

/* --- ofp-print. --------------------------------------------------------- */

static int
hex_value(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    } else if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    } else if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

/* Converts the hex digits of the 'n' words in 'words' into bytes appended
 * to 'out'.  White space may appear anywhere, including inside a word.
 * Returns NULL, or an error message that the caller must free(). */
static char *
hex_decode_words(int n, const char *const words[], struct buf *out)
{
    size_t n_digits = 0;
    int high = -1;

    for (int w = 0; w < n; w++) {
        for (const char *p = words[w]; *p; p++) {
            if (strchr(" \t\n\r\v\f", *p)) {
                continue;
            }
            int v = hex_value(*p);
            if (v < 0) {
                return xasprintf("invalid hex digit '%c' (0x%02x) after %zu "
                                 "digits",
                                 *p >= 32 && *p < 127 ? *p : '?',
                                 (unsigned char)*p, n_digits);
            }
            n_digits++;
            if (high < 0) {
                high = v;
            } else {
                buf_put_u8(out, (uint8_t)(high << 4 | v));
                high = -1;
            }
        }
    }
    if (!n_digits) {
        return xstrdup("no hex digits given");
    }
    if (high >= 0) {
        return xasprintf("odd number of hex digits (%zu): each byte needs "
                         "two",
                         n_digits);
    }
    return NULL;
}

/* "ofp-print HEX...": decodes the OpenFlow messages given in hex (one or
 * more, back to back, possibly split over several words) and prints them.
 * Fails if the hex is malformed or any message does not decode. */
static int
cmd_ofp_print(const struct ofctl_options *opts, int argc, char *argv[])
{
    struct buf bytes = BUF_INITIALIZER;
    struct buf text = BUF_INITIALIZER;
    int status = OFCTL_EXIT_FAILURE;

    char *error =
        hex_decode_words(argc - 1, (const char *const *)(argv + 1), &bytes);
    if (error) {
        ofctl_error("%s: %s", argv[0], error);
        free(error);
        goto out;
    }

    int n_errors = ofp_print_stream(bytes.data, bytes.size, &text);
    if (!ofctl_emit(&text)) {
        goto out;
    }
    if (n_errors) {
        ofctl_error("%s: %d message%s failed to decode", argv[0], n_errors,
                    n_errors == 1 ? "" : "s");
        goto out;
    }
    status = 0;

out:
    buf_uninit(&text);
    buf_uninit(&bytes);
    return status;
}

/* --- The switch: show, dump-desc, tables. ------------------------------- */

static void
json_features(struct json *j, const struct ofp_features_reply *f)
{
    char dpid[17];

    snprintf(dpid, sizeof dpid, "%016" PRIx64, f->datapath_id);
    json_kv_str(j, "datapath_id", dpid);
    json_kv_uint(j, "n_buffers", f->n_buffers);
    json_kv_uint(j, "n_tables", f->n_tables);
    json_kv_uint(j, "auxiliary_id", f->auxiliary_id);
    json_kv_bits(j, "capabilities", f->capabilities, capability_names);
}

/* "show SWITCH": the switch's features, its ports and its configuration,
 * as ovs-ofctl show (FEATURES_REQUEST, PORT_DESC -- in 1.0 and 1.1 the
 * ports come with the features -- and GET_CONFIG_REQUEST). */
static int
cmd_show(const struct ofctl_options *opts, int argc, char *argv[])
{
    struct ofp_msg req, features, ports_msg, config;
    struct ofp_port *ports = NULL;
    size_t n_ports = 0;
    int status = OFCTL_EXIT_FAILURE;

    struct vconn *v = ofctl_open(opts, argv[1], "sock");
    if (!v) {
        return status;
    }
    uint8_t version = vconn_get_version(v);
    bool ok = ofctl_get_features(v, &features, &ports, &n_ports);

    /* 'ports_msg' is the PORT_DESC reply (1.3) or a view of 'ports'. */
    ofp_msg_init(&ports_msg, version, 0, 0);
    if (ok && version >= OFP13_VERSION) {
        mp_request_init(&req, OFPMP_PORT_DESC);
        ok = ofctl_dump_all(v, &req, &ports_msg);
        ofp_msg_uninit(&req);
    } else if (ok) {
        port_desc_view(&ports_msg, version, features.xid, ports, n_ports);
    }

    ofp_msg_init(&config, version, 0, 0);
    if (ok) {
        ofp_msg_init(&req, version, OFPT_GET_CONFIG_REQUEST, 0);
        ok = ofctl_transact(v, &req, OFPT_GET_CONFIG_REPLY, &config);
        ofp_msg_uninit(&req);
    }

    if (ok) {
        struct buf out = BUF_INITIALIZER;
        if (opts->json) {
            struct json j;
            json_init(&j, &out);
            json_begin(&j, '{');
            json_kv_str(&j, "version", version_name(version));
            json_features(&j, &features.u.features);
            json_key(&j, "ports");
            json_begin(&j, '[');
            json_mp_reply_elements(&j, &ports_msg.u.mp_reply);
            json_end(&j);
            json_kv_str(&j, "frags",
                        frag_names[config.u.config.flags & OFPC_FRAG_MASK]);
            json_kv_uint(&j, "miss_send_len", config.u.config.miss_send_len);
            json_end(&j);
        } else if (version >= OFP13_VERSION) {
            ofp_msg_format(&features, &out);
            ofp_msg_format(&ports_msg, &out);
            ofp_msg_format(&config, &out);
        } else {
            /* The ports belong to the features reply, as ovs-ofctl shows
             * them: the port lines without a reply header of their own. */
            struct buf t = BUF_INITIALIZER;
            ofp_msg_format(&features, &out);
            ofp_msg_format(&ports_msg, &t);
            const char *body = memchr(t.data, '\n', t.size);
            if (body) {
                body++;
                buf_put(&out, body, t.size - (size_t)(body - (char *)t.data));
            }
            buf_uninit(&t);
            ofp_msg_format(&config, &out);
        }
        if (ofctl_emit(&out)) {
            status = 0;
        }
        buf_uninit(&out);
    }
    if (version < OFP13_VERSION && ports_msg.type == OFPT_MULTIPART_REPLY) {
        ports_msg.u.mp_reply.u.port_desc = NULL; /* Borrowed 'ports'. */
        ports_msg.u.mp_reply.n = 0;
    }
    ofp_msg_uninit(&ports_msg);
    ofp_msg_uninit(&features);
    ofp_msg_uninit(&config);
    free(ports);
    vconn_close(v);
    return status;
}

/* Prints the one-object reply of a DESC, AGGREGATE, GROUP_FEATURES or
 * METER_FEATURES request as JSON. */
static bool
json_single_part(struct ofp_msg *part, void *out_)
{
    struct buf *out = out_;
    const struct ofp_multipart_reply *r = &part->u.mp_reply;
    struct json j;

    json_init(&j, out);
    json_begin(&j, '{');
    switch (r->type) {
    case OFPMP_DESC:
        if (r->u.desc) {
            const struct ofp_desc *d = r->u.desc;
            json_key(&j, "mfr_desc");
            json_stringn(&j, d->mfr_desc, sizeof d->mfr_desc);
            json_key(&j, "hw_desc");
            json_stringn(&j, d->hw_desc, sizeof d->hw_desc);
            json_key(&j, "sw_desc");
            json_stringn(&j, d->sw_desc, sizeof d->sw_desc);
            json_key(&j, "serial_num");
            json_stringn(&j, d->serial_num, sizeof d->serial_num);
            json_key(&j, "dp_desc");
            json_stringn(&j, d->dp_desc, sizeof d->dp_desc);
        }
        break;
    case OFPMP_AGGREGATE:
        json_kv_uint(&j, "packet_count", r->u.aggregate.packet_count);
        json_kv_uint(&j, "byte_count", r->u.aggregate.byte_count);
        json_kv_uint(&j, "flow_count", r->u.aggregate.flow_count);
        break;
    case OFPMP_GROUP_FEATURES: {
        const struct ofp_group_features *gf = &r->u.group_features;
        json_kv_bits(&j, "types", gf->types, group_type_names);
        json_kv_bits(&j, "capabilities", gf->capabilities,
                     group_capability_names);
        json_key(&j, "max_groups");
        json_begin(&j, '{');
        for (int i = 0; i < 4; i++) {
            json_kv_uint(&j, group_type_names[i], gf->max_groups[i]);
        }
        json_end(&j);
        json_key(&j, "actions");
        json_begin(&j, '{');
        for (int i = 0; i < 4; i++) {
            json_key(&j, group_type_names[i]);
            json_begin(&j, '[');
            for (int bit = 0; bit < 32; bit++) {
                if (gf->actions[i] & (UINT32_C(1) << bit)) {
                    const char *name = ofp_action_type_name((uint16_t)bit);
                    if (name) {
                        json_string(&j, name);
                    } else {
                        json_uint(&j, (uint64_t)bit);
                    }
                }
            }
            json_end(&j);
        }
        json_end(&j);
        break;
    }
    case OFPMP_METER_FEATURES: {
        const struct ofp_meter_features *mf = &r->u.meter_features;
        json_kv_uint(&j, "max_meter", mf->max_meter);
        json_kv_bits(&j, "band_types", mf->band_types, band_type_names);
        json_kv_bits(&j, "capabilities", mf->capabilities, meter_flag_names);
        json_kv_uint(&j, "max_bands", mf->max_bands);
        json_kv_uint(&j, "max_color", mf->max_color);
        break;
    }
    default:
        break;
    }
    json_end(&j);
    return ofctl_emit(out);
}

/* Runs a multipart request whose reply is one object (DESC, AGGREGATE,
 * features) and prints it as text or JSON. */
static int
ofctl_print_single(const struct ofctl_options *opts, const char *sw,
                   struct ofp_msg *request)
{
    if (!opts->json) {
        return ofctl_print_dump(opts, sw, request, false, 0);
    }

    struct vconn *v = ofctl_open(opts, sw, "sock");
    if (!v) {
        return OFCTL_EXIT_FAILURE;
    }
    struct buf out = BUF_INITIALIZER;
    int status = ofctl_dump(v, request, json_single_part, &out);
    buf_uninit(&out);
    vconn_close(v);
    return status;
}

/* Commands that are one plain multipart request: "dump-desc",
 * "dump-tables", "dump-table-features", "dump-group-features",
 * "meter-features". */
static int
cmd_simple_dump(const struct ofctl_options *opts, int argc, char *argv[])
{
    static const struct {
        const char *cmd;
        uint16_t mp_type;
        bool single;
    } dumps[] = {
        { "dump-desc", OFPMP_DESC, true },
        { "dump-tables", OFPMP_TABLE, false },
        { "dump-table-features", OFPMP_TABLE_FEATURES, false },
        { "dump-group-features", OFPMP_GROUP_FEATURES, true },
        { "meter-features", OFPMP_METER_FEATURES, true },
    };
    int status = OFCTL_EXIT_USAGE;

    for (size_t i = 0; i < ARRAY_SIZE(dumps); i++) {
        if (!strcmp(argv[0], dumps[i].cmd)) {
            struct ofp_msg req;
            mp_request_init(&req, dumps[i].mp_type);
            status = dumps[i].single
                         ? ofctl_print_single(opts, argv[1], &req)
                         : ofctl_print_dump(opts, argv[1], &req, false, 0);
            ofp_msg_uninit(&req);
            break;
        }
    }
    return status;
}

/* Parses a table id: a number up to 254, or "all". */
static bool
parse_table_id(const char *s, uint8_t *table_id)
{
    uint64_t v;

    if (!strcasecmp(s, "all")) {
        *table_id = OFPTT_ALL;
        return true;
    }
    char *error = ofp_text_parse_uint(s, "table", OFPTT_MAX, &v);
    if (error) {
        ofctl_error("%s", error);
        free(error);
        return false;
    }
    *table_id = (uint8_t)v;
    return true;
}

/* "mod-table SWITCH TABLE SETTING": TABLE_MOD.  OpenFlow 1.3 deprecates
 * the table-miss bits of OpenFlow 1.1 (OF1.3.5 §7.3.3: OFPTC_DEPRECATED_
 * MASK); "controller", "continue" and "drop" set them for switches that
 * still honour them, and a number sets 'config' directly. */
static int
cmd_mod_table(const struct ofctl_options *opts, int argc, char *argv[])
{
    static const struct {
        const char *name;
        uint32_t config;
    } settings[] = {
        { "controller", 0 },
        { "continue", 1 },
        { "drop", 2 },
    };
    struct ofp_msg msg;
    uint8_t table_id;
    uint32_t config = 0;
    bool found = false;

    if (!parse_table_id(argv[2], &table_id)) {
        return OFCTL_EXIT_USAGE;
    }
    for (size_t i = 0; i < ARRAY_SIZE(settings); i++) {
        if (!strcasecmp(argv[3], settings[i].name)) {
            config = settings[i].config;
            found = true;
        }
    }
    if (!found) {
        uint64_t v;
        char *error =
            ofp_text_parse_uint(argv[3], "table setting", UINT32_MAX, &v);
        if (error) {
            ofctl_error("mod-table: %s (use controller, continue, drop or "
                        "a number)",
                        error);
            free(error);
            return OFCTL_EXIT_USAGE;
        }
        config = (uint32_t)v;
    }

    ofp_msg_init(&msg, OFP13_VERSION, OFPT_TABLE_MOD, 0);
    msg.u.table_mod.table_id = table_id;
    msg.u.table_mod.config = config;
    int status = ofctl_modify(opts, argv[1], &msg);
    ofp_msg_uninit(&msg);
    return status;
}

/* --- Ports and queues. -------------------------------------------------- */

/* "dump-ports SWITCH [PORT]": PORT_STATS for one port or all. */
static int
cmd_dump_ports(const struct ofctl_options *opts, int argc, char *argv[])
{
    struct ofp_msg req;
    uint32_t port_no = OFPP_ANY;

    if (argc > 2) {
        /* A port name needs the switch; numbers do not. */
        char *error = ofp_port_parse(argv[2], &port_no);
        if (error) {
            free(error);
            struct vconn *v = ofctl_open(opts, argv[1], "sock");
            bool ok = v && ofctl_port_lookup(v, argv[2], &port_no, NULL);
            vconn_close(v);
            if (!ok) {
                return OFCTL_EXIT_FAILURE;
            }
        }
    }
    mp_request_init(&req, OFPMP_PORT_STATS);
    req.u.mp_request.u.port_no = port_no;
    int status = ofctl_print_dump(opts, argv[1], &req, false, 0);
    ofp_msg_uninit(&req);
    return status;
}

/* "dump-ports-desc SWITCH [PORT]": PORT_DESC (in 1.0 and 1.1, the port
 * list of FEATURES_REPLY); OpenFlow 1.3 has no filter, so a PORT is picked
 * out here. */
static int
cmd_dump_ports_desc(const struct ofctl_options *opts, int argc, char *argv[])
{
    uint32_t port_no = OFPP_ANY;
    int status = OFCTL_EXIT_FAILURE;

    struct vconn *v = ofctl_open(opts, argv[1], "sock");
    if (!v) {
        return status;
    }
    if (argc > 2 && !ofctl_port_lookup(v, argv[2], &port_no, NULL)) {
        vconn_close(v);
        return status;
    }
    if (vconn_get_version(v) >= OFP13_VERSION) {
        vconn_close(v);
        struct ofp_msg req;
        mp_request_init(&req, OFPMP_PORT_DESC);
        status = ofctl_print_dump(opts, argv[1], &req, port_no != OFPP_ANY,
                                  port_no);
        ofp_msg_uninit(&req);
        return status;
    }

    struct ofp_msg features, view;
    struct ofp_port *ports;
    size_t n_ports;
    if (ofctl_get_features(v, &features, &ports, &n_ports)) {
        struct buf out = BUF_INITIALIZER;
        port_desc_view(&view, vconn_get_version(v), features.xid, ports,
                       n_ports);
        if (port_no != OFPP_ANY) {
            mp_reply_filter(&view.u.mp_reply, port_no);
        }
        if (opts->json) {
            struct json j;
            json_init(&j, &out);
            json_begin(&j, '[');
            json_mp_reply_elements(&j, &view.u.mp_reply);
            json_end(&j);
        } else {
            ofp_msg_format(&view, &out);
        }
        status = ofctl_emit(&out) ? 0 : OFCTL_EXIT_FAILURE;
        buf_uninit(&out);
        view.u.mp_reply.u.port_desc = NULL; /* Borrowed 'ports'. */
        view.u.mp_reply.n = 0;
        ofp_msg_uninit(&view);
    }
    ofp_msg_uninit(&features);
    free(ports);
    vconn_close(v);
    return status;
}

/* "mod-port SWITCH PORT ACTION": PORT_MOD changing one config bit, with
 * the port's current hw_addr (OF1.3.5 §7.3.4.3 wants it). */
static int
cmd_mod_port(const struct ofctl_options *opts, int argc, char *argv[])
{
    static const struct {
        const char *name;
        uint32_t bit;
        bool set;
    } actions[] = {
        { "up", OFPPC_PORT_DOWN, false },
        { "down", OFPPC_PORT_DOWN, true },
        { "receive", OFPPC_NO_RECV, false },
        { "noreceive", OFPPC_NO_RECV, true },
        { "forward", OFPPC_NO_FWD, false },
        { "noforward", OFPPC_NO_FWD, true },
        { "flood", OFPPC10_NO_FLOOD, false },
        { "noflood", OFPPC10_NO_FLOOD, true },
        { "packet-in", OFPPC_NO_PACKET_IN, false },
        { "nopacket-in", OFPPC_NO_PACKET_IN, true },
    };
    size_t i;

    for (i = 0; i < ARRAY_SIZE(actions); i++) {
        if (!strcasecmp(argv[3], actions[i].name)) {
            break;
        }
    }
    if (i == ARRAY_SIZE(actions)) {
        ofctl_error("mod-port: unknown action `%s' (up, down, receive, "
                    "noreceive, forward, noforward, flood, noflood, "
                    "packet-in, nopacket-in)",
                    argv[3]);
        return OFCTL_EXIT_USAGE;
    }

    struct vconn *v = ofctl_open(opts, argv[1], "sock");
    if (!v) {
        return OFCTL_EXIT_FAILURE;
    }
    if (actions[i].bit == OFPPC10_NO_FLOOD &&
        vconn_get_version(v) != OFP10_VERSION) {
        ofctl_error("mod-port: %s needs OpenFlow 1.0: the NO_FLOOD port bit "
                    "does not exist in OpenFlow 1.1 and later (flood with "
                    "an explicit output list or group instead)",
                    argv[3]);
        vconn_close(v);
        return OFCTL_EXIT_FAILURE;
    }

    struct ofp_port desc;
    uint32_t port_no;
    int status = OFCTL_EXIT_FAILURE;
    if (ofctl_port_lookup(v, argv[2], &port_no, &desc)) {
        struct ofp_msg msg;
        ofp_msg_init(&msg, vconn_get_version(v), OFPT_PORT_MOD, 0);
        struct ofp_port_mod *pm = &msg.u.port_mod;
        pm->port_no = port_no;
        memcpy(pm->hw_addr, desc.hw_addr, sizeof pm->hw_addr);
        pm->config = actions[i].set ? actions[i].bit : 0;
        pm->mask = actions[i].bit;
        pm->advertise = 0; /* Unchanged. */

        struct ofctl_batch b;
        batch_init(&b, v, NULL, argv[0], NULL);
        batch_add(&b, &msg, 0);
        status = batch_finish(&b);
        batch_uninit(&b);
        ofp_msg_uninit(&msg);
    }
    vconn_close(v);
    return status;
}

/* Parses a queue id: a number or "all". */
static bool
parse_queue_id(const char *s, uint32_t *queue_id)
{
    uint64_t v;

    if (!strcasecmp(s, "all") || !strcasecmp(s, "any")) {
        *queue_id = OFPQ_ALL;
        return true;
    }
    char *error = ofp_text_parse_uint(s, "queue", UINT32_MAX, &v);
    if (error) {
        ofctl_error("%s", error);
        free(error);
        return false;
    }
    *queue_id = (uint32_t)v;
    return true;
}

/* Parses a PORT argument that must be a number or reserved name. */
static bool
parse_port_arg(const char *s, uint32_t *port)
{
    if (!strcasecmp(s, "all")) {
        *port = OFPP_ANY;
        return true;
    }
    char *error = ofp_port_parse(s, port);
    if (error) {
        ofctl_error("%s", error);
        free(error);
        return false;
    }
    return true;
}

/* "queue-stats SWITCH [PORT [QUEUE]]": QUEUE stats, by default for every
 * queue of every port. */
static int
cmd_queue_stats(const struct ofctl_options *opts, int argc, char *argv[])
{
    struct ofp_msg req;
    uint32_t port_no = OFPP_ANY, queue_id = OFPQ_ALL;

    if ((argc > 2 && !parse_port_arg(argv[2], &port_no)) ||
        (argc > 3 && !parse_queue_id(argv[3], &queue_id))) {
        return OFCTL_EXIT_USAGE;
    }
    mp_request_init(&req, OFPMP_QUEUE);
    req.u.mp_request.u.queue.port_no = port_no;
    req.u.mp_request.u.queue.queue_id = queue_id;
    int status = ofctl_print_dump(opts, argv[1], &req, false, 0);
    ofp_msg_uninit(&req);
    return status;
}

/* "queue-get-config SWITCH [PORT]": QUEUE_GET_CONFIG for one port or (the
 * default) all. */
static int
cmd_queue_get_config(const struct ofctl_options *opts, int argc, char *argv[])
{
    uint32_t port_no = OFPP_ANY;

    if (argc > 2 && !parse_port_arg(argv[2], &port_no)) {
        return OFCTL_EXIT_USAGE;
    }
    struct vconn *v = ofctl_open(opts, argv[1], "sock");
    if (!v) {
        return OFCTL_EXIT_FAILURE;
    }

    struct ofp_msg req, reply;
    int status = OFCTL_EXIT_FAILURE;
    ofp_msg_init(&req, vconn_get_version(v), OFPT_QUEUE_GET_CONFIG_REQUEST, 0);
    req.u.queue_get_config_port = port_no;
    if (ofctl_transact(v, &req, OFPT_QUEUE_GET_CONFIG_REPLY, &reply)) {
        struct buf out = BUF_INITIALIZER;
        if (opts->json) {
            const struct ofp_queue_get_config_reply *qc =
                &reply.u.queue_config;
            struct json j;
            json_init(&j, &out);
            json_begin(&j, '{');
            json_kv_uint(&j, "port_no", qc->port);
            json_key(&j, "queues");
            json_begin(&j, '[');
            for (size_t i = 0; i < qc->n; i++) {
                const struct ofp_packet_queue *q = &qc->queues[i];
                json_begin(&j, '{');
                json_kv_uint(&j, "queue_id", q->queue_id);
                json_kv_uint(&j, "port_no", q->port);
                json_key(&j, "min_rate");
                if (q->min_rate == OFPQ_RATE_NONE) {
                    json_null(&j);
                } else {
                    json_uint(&j, q->min_rate);
                }
                json_key(&j, "max_rate");
                if (q->max_rate == OFPQ_RATE_NONE) {
                    json_null(&j);
                } else {
                    json_uint(&j, q->max_rate);
                }
                json_end(&j);
            }
            json_end(&j);
            json_end(&j);
        } else {
            ofp_msg_format(&reply, &out);
        }
        if (ofctl_emit(&out)) {
            status = 0;
        }
        buf_uninit(&out);
    }
    ofp_msg_uninit(&req);
    ofp_msg_uninit(&reply);
    vconn_close(v);
    return status;
}

/* --- Encoded request lists (add-flows, add-groups, ...). ---------------- */

/* Requests parsed from a file and encoded before anything is sent, so
 * that a typo on the last line of a file leaves the switch untouched (as
 * ovs-ofctl does), and then sent back to back.  Their xids are set when
 * they are sent. */
struct ofctl_requests {
    struct buf bytes; /* Encoded messages, back to back. */
    size_t n;
    unsigned int *lines; /* Line of each in its file. */
    size_t alloc;
};

static void
requests_init(struct ofctl_requests *r)
{
    memset(r, 0, sizeof *r);
    buf_init(&r->bytes);
}

static void
requests_uninit(struct ofctl_requests *r)
{
    buf_uninit(&r->bytes);
    free(r->lines);
}

/* Encodes 'msg' onto 'r'.  Returns 0 or an errno value. */
static int
requests_add(struct ofctl_requests *r, const struct ofp_msg *msg,
             unsigned int line)
{
    int error = ofp_msg_encode(msg, &r->bytes);

    if (!error) {
        if (r->n >= r->alloc) {
            r->alloc = r->alloc ? r->alloc * 2 : 64;
            r->lines = xreallocarray(r->lines, r->alloc, sizeof *r->lines);
        }
        r->lines[r->n++] = line;
    }
    return error;
}

/* Parses one line of a file into 'msg' (for the command in 'cmd'). */
typedef char *ofctl_line_parser(const char *line, int cmd,
                                struct ofp_msg *msg);

static char *
flow_line_parser(const char *line, int cmd, struct ofp_msg *msg)
{
    ofp_msg_init(msg, OFP13_VERSION, OFPT_FLOW_MOD, 0);
    return parse_flow_line(line, (enum ofp_text_flow_cmd)cmd,
                           &msg->u.flow_mod);
}

static char *
group_line_parser(const char *line, int cmd, struct ofp_msg *msg)
{
    ofp_msg_init(msg, OFP13_VERSION, OFPT_GROUP_MOD, 0);
    return parse_group_line(line, (uint16_t)cmd, &msg->u.group_mod);
}

/* Reads every line of 'file' ("-": stdin) through 'parser' into 'r'.
 * Returns false (every bad line printed) if any line is bad. */
static bool
requests_read(struct ofctl_requests *r, const char *file,
              ofctl_line_parser *parser, int cmd, const char *what)
{
    struct ofctl_lines lines;
    struct ofctl_progress progress;
    size_t n_errors = 0;

    if (!lines_open(&lines, file)) {
        return false;
    }
    progress_init(&progress, what, "lines", lines.file);
    for (const char *line; (line = lines_next(&lines));) {
        struct ofp_msg msg;
        char *error = parser(line, cmd, &msg);
        if (error) {
            progress_done(&progress);
            ofctl_error("%s:%u: %s", lines.name, lines.line_no, error);
            free(error);
            n_errors++;
        } else {
            int retval = requests_add(r, &msg, lines.line_no);
            if (retval) {
                progress_done(&progress);
                ofctl_error("%s:%u: cannot encode %s (%s)", lines.name,
                            lines.line_no, ofp_type_name(msg.type),
                            strerror(retval));
                n_errors++;
            }
        }
        ofp_msg_uninit(&msg);
        progress_update(&progress, r->n, "parsed");
    }
    progress_done(&progress);
    bool ok = lines_close(&lines) && !n_errors;
    if (n_errors) {
        ofctl_error("%s: %zu bad line%s: nothing sent", lines.name, n_errors,
                    plural(n_errors));
    }
    return ok;
}

/* Sends the encoded requests of 'r' to 'v' as one batch (errors labelled
 * with 'file' and the line).  Returns the exit status. */
static int
requests_send(struct vconn *v, const struct ofctl_requests *r,
              const char *file, const char *what)
{
    struct ofctl_batch b;
    struct cur c = cur_make(r->bytes.data, r->bytes.size);

    batch_init(&b, v, file, what, NULL);
    for (size_t i = 0; i < r->n && !b.failed; i++) {
        struct cur one;
        uint16_t len;
        if (!cur_peek_be16(&c, 2, &len) || !cur_split(&c, len, &one)) {
            break; /* Cannot happen: we encoded them. */
        }
        if (vconn_get_version(v) != OFP13_VERSION) {
            /* Another version: through the model to its encoding. */
            struct ofp_msg msg;
            if (ofp_msg_decode(one.p, one.left, &msg)) {
                ofctl_error("internal error: a request does not decode");
                b.failed = true;
            } else {
                batch_add(&b, &msg, r->lines[i]);
            }
            ofp_msg_uninit(&msg);
            continue;
        }
        /* batch_add() wants a message: decoding it back would be
         * wasteful, so patch the xid into a copy and queue the bytes. */
        uint32_t xid = vconn_next_xid(v);
        buf_clear(&b.scratch);
        buf_put(&b.scratch, one.p, one.left);
        buf_set_be32(&b.scratch, 4, xid);
        batch_queue(&b, b.scratch.data, b.scratch.size, xid, r->lines[i]);
    }
    int status = batch_finish(&b);
    batch_uninit(&b);
    return status;
}

/* Reads 'file' with 'parser' and, if every line is good, sends it all to
 * switch 'sw'. */
static int
ofctl_send_file(const struct ofctl_options *opts, const char *sw,
                const char *file, ofctl_line_parser *parser, int cmd,
                const char *what)
{
    struct ofctl_requests r;
    int status = OFCTL_EXIT_FAILURE;

    requests_init(&r);
    if (requests_read(&r, file, parser, cmd, what)) {
        struct vconn *v = ofctl_open(opts, sw, "sock");
        if (v) {
            status = requests_send(
                v, &r, !strcmp(file, "-") ? "(stdin)" : file, what);
            vconn_close(v);
        }
    }
    requests_uninit(&r);
    return status;
}

/* Parses 'text' with 'parser' and sends it to 'sw' closed by a barrier. */
static int
ofctl_send_one(const struct ofctl_options *opts, const char *sw,
               const char *text, ofctl_line_parser *parser, int cmd)
{
    struct ofp_msg msg;
    char *error = parser(text, cmd, &msg);

    if (error) {
        ofctl_error("%s: %s", text, error);
        free(error);
        ofp_msg_uninit(&msg);
        return OFCTL_EXIT_FAILURE;
    }
    int status = ofctl_modify(opts, sw, &msg);
    ofp_msg_uninit(&msg);
    return status;
}

/* --- Flows. ------------------------------------------------------------- */

/* "add-flow SWITCH FLOW" ("-": flows from stdin), "add-flows SWITCH
 * FILE", "mod-flows SWITCH FLOW", "del-flows SWITCH [FLOW]". */
static int
cmd_flow_mod(const struct ofctl_options *opts, int argc, char *argv[])
{
    enum ofp_text_flow_cmd cmd;
    bool file = false;

    if (!strcmp(argv[0], "add-flow")) {
        cmd = OFP_TEXT_FLOW_ADD;
    } else if (!strcmp(argv[0], "add-flows")) {
        cmd = OFP_TEXT_FLOW_ADD;
        file = true;
    } else if (!strcmp(argv[0], "mod-flows")) {
        cmd =
            opts->strict ? OFP_TEXT_FLOW_MODIFY_STRICT : OFP_TEXT_FLOW_MODIFY;
    } else {
        cmd =
            opts->strict ? OFP_TEXT_FLOW_DELETE_STRICT : OFP_TEXT_FLOW_DELETE;
    }

    const char *flow = argc > 2 ? argv[2] : "";
    if (file || !strcmp(flow, "-")) {
        return ofctl_send_file(opts, argv[1], flow, flow_line_parser, (int)cmd,
                               argv[0]);
    }
    return ofctl_send_one(opts, argv[1], flow, flow_line_parser, (int)cmd);
}

/* Parses the FLOW filter of dump-flows and dump-aggregate into a flow
 * stats request.  It reads like a strict delete -- table "all" by
 * default, no actions -- because that form accepts every key a dump
 * filter may carry; a priority is accepted and, as in ovs-ofctl, ignored
 * (OF1.3.5 §7.3.5.2: the request has no priority). */
static bool
parse_flow_stats_request(const char *s, struct ofp_flow_stats_request *r)
{
    struct ofp_flow_mod fm;
    char *error = ofp_flow_mod_parse(s, OFP_TEXT_FLOW_DELETE_STRICT, &fm);

    if (error) {
        ofctl_error("%s: %s", s, error);
        free(error);
        ofp_match_uninit(&fm.match);
        ofp_instructions_uninit(&fm.instructions);
        return false;
    }
    ofp_match_uninit(&r->match);
    r->table_id = fm.table_id;
    r->out_port = fm.out_port;
    r->out_group = fm.out_group;
    r->cookie = fm.cookie;
    r->cookie_mask = fm.cookie_mask;
    r->match = fm.match; /* Moved. */
    ofp_instructions_uninit(&fm.instructions);
    return true;
}

/* One flow of a sorted dump: its output text and a sort key whose memcmp
 * order is the order asked for. */
struct sorted_flow {
    char *text;
    size_t len;
    uint8_t *key;
    size_t key_len;
    size_t index; /* Arrival order, to break ties. */
};

#define SORT_KEY_BYTES (1 + OXM_MAX_LEN) /* Per criterion. */

/* Builds the key of 'fs' for the --sort/--rsort criteria in 'opts'.  For
 * a field, flows that have it sort before those that do not, with --sort
 * and --rsort alike, as in ovs-ofctl; only the values are reversed. */
static void
sort_key_build(const struct ofctl_options *opts,
               const struct ofp_flow_stats *fs, uint8_t *key)
{
    for (size_t i = 0; i < opts->n_sort; i++) {
        const struct ofctl_sort_key *sk = &opts->sort[i];
        uint8_t *k = key + i * SORT_KEY_BYTES;

        memset(k, 0, SORT_KEY_BYTES);
        if (sk->by_priority) {
            k[1] = (uint8_t)(fs->priority >> 8);
            k[2] = (uint8_t)fs->priority;
        } else {
            const struct ofp_match *m = &fs->match;
            size_t f;
            for (f = 0; f < sk->n_fields; f++) {
                if (ofp_match_has(m, sk->fields[f])) {
                    memcpy(k + 1, m->value[sk->fields[f]].b, OXM_MAX_LEN);
                    break;
                }
            }
            k[0] = f == sk->n_fields; /* Absent sorts last. */
        }
        if (sk->descending) {
            for (size_t b = 1; b < SORT_KEY_BYTES; b++) {
                k[b] = (uint8_t)~k[b];
            }
        }
    }
}

static int
sorted_flow_compare(const void *a_, const void *b_)
{
    const struct sorted_flow *a = a_, *b = b_;
    int cmp = memcmp(a->key, b->key, a->key_len);

    if (cmp) {
        return cmp;
    }
    return a->index < b->index ? -1 : a->index > b->index;
}

struct flow_dump {
    const struct ofctl_options *opts;
    struct sorted_flow *flows;
    size_t n, alloc;
    struct buf scratch;
};

static bool
collect_flow_part(struct ofp_msg *part, void *fd_)
{
    struct flow_dump *fd = fd_;
    const struct ofp_multipart_reply *r = &part->u.mp_reply;
    size_t key_len = fd->opts->n_sort * SORT_KEY_BYTES;

    for (size_t i = 0; i < r->n; i++) {
        const struct ofp_flow_stats *fs = &r->u.flow[i];
        struct sorted_flow *sf;

        if (fd->n >= fd->alloc) {
            fd->alloc = fd->alloc ? fd->alloc * 2 : 256;
            fd->flows = xreallocarray(fd->flows, fd->alloc, sizeof *fd->flows);
        }
        sf = &fd->flows[fd->n];
        buf_clear(&fd->scratch);
        if (fd->opts->json) {
            struct json j;
            json_init(&j, &fd->scratch);
            json_flow_stats(&j, fs);
            fd->scratch.size--; /* The newline after a top-level value. */
        } else {
            ofp_flow_stats_format(fs, &fd->scratch);
            put_cstr(&fd->scratch, "\n");
        }
        sf->text = xmemdup(fd->scratch.data, fd->scratch.size);
        sf->len = fd->scratch.size;
        sf->key = xmalloc(key_len ? key_len : 1);
        sf->key_len = key_len;
        sf->index = fd->n;
        sort_key_build(fd->opts, fs, sf->key);
        fd->n++;
    }
    return true;
}

/* "dump-flows SWITCH [FLOW]": FLOW stats as they stream in, or, with
 * --sort/--rsort, all of them sorted (one line per flow, no headers, as
 * ovs-ofctl prints sorted flows). */
static int
cmd_dump_flows(const struct ofctl_options *opts, int argc, char *argv[])
{
    struct ofp_msg req;
    int status = OFCTL_EXIT_FAILURE;

    mp_request_init(&req, OFPMP_FLOW);
    if (!parse_flow_stats_request(argc > 2 ? argv[2] : "",
                                  &req.u.mp_request.u.flow)) {
        ofp_msg_uninit(&req);
        return OFCTL_EXIT_FAILURE;
    }
    if (!opts->n_sort) {
        status = ofctl_print_dump(opts, argv[1], &req, false, 0);
        ofp_msg_uninit(&req);
        return status;
    }

    struct vconn *v = ofctl_open(opts, argv[1], "sock");
    if (!v) {
        ofp_msg_uninit(&req);
        return status;
    }
    struct flow_dump fd = { .opts = opts };
    buf_init(&fd.scratch);
    status = ofctl_dump(v, &req, collect_flow_part, &fd);
    vconn_close(v);
    if (!status) {
        struct buf *out = &fd.scratch;
        if (fd.n > 1) {
            qsort(fd.flows, fd.n, sizeof *fd.flows, sorted_flow_compare);
        }
        buf_clear(out);
        if (opts->json) {
            put_cstr(out, fd.n ? "[\n" : "[");
        }
        for (size_t i = 0; i < fd.n && !status; i++) {
            buf_put(out, fd.flows[i].text, fd.flows[i].len);
            if (opts->json) {
                put_cstr(out, i + 1 < fd.n ? ",\n" : "\n");
            }
            if (out->size > 65536 && !ofctl_emit(out)) {
                status = OFCTL_EXIT_FAILURE;
            }
        }
        if (opts->json) {
            put_cstr(out, "]\n");
        }
        if (!status && !ofctl_emit(out)) {
            status = OFCTL_EXIT_FAILURE;
        }
    }
    for (size_t i = 0; i < fd.n; i++) {
        free(fd.flows[i].text);
        free(fd.flows[i].key);
    }
    free(fd.flows);
    buf_uninit(&fd.scratch);
    ofp_msg_uninit(&req);
    return status;
}

/* "dump-aggregate SWITCH [FLOW]": AGGREGATE stats. */
static int
cmd_dump_aggregate(const struct ofctl_options *opts, int argc, char *argv[])
{
    struct ofp_msg req;

    mp_request_init(&req, OFPMP_AGGREGATE);
    if (!parse_flow_stats_request(argc > 2 ? argv[2] : "",
                                  &req.u.mp_request.u.flow)) {
        ofp_msg_uninit(&req);
        return OFCTL_EXIT_FAILURE;
    }
    int status = ofctl_print_single(opts, argv[1], &req);
    ofp_msg_uninit(&req);
    return status;
}

/* --- replace-flows, diff-flows. ----------------------------------------- */

/* A flow table entry as diff-flows and replace-flows compare them: its
 * identity (table, priority, match) and its "version" (cookie, timeouts,
 * actions), both as text, as ovs-ofctl's fte does. */
struct fte {
    uint8_t table_id;
    uint16_t priority;
    char *match;   /* ofp_match_format() text. */
    char *version; /* " cookie=0x5 idle_timeout=10 actions=...". */
    char *line;    /* For a file: the flow's text, to re-add it. */
    size_t index;  /* Order read, to keep the last of duplicates. */
};

struct fte_set {
    struct fte *e;
    size_t n, alloc;
    struct buf scratch;
};

static void
fte_set_init(struct fte_set *s)
{
    memset(s, 0, sizeof *s);
    buf_init(&s->scratch);
}

static void
fte_set_uninit(struct fte_set *s)
{
    for (size_t i = 0; i < s->n; i++) {
        free(s->e[i].match);
        free(s->e[i].version);
        free(s->e[i].line);
    }
    free(s->e);
    buf_uninit(&s->scratch);
}

static void
fte_add(struct fte_set *s, uint8_t table_id, uint16_t priority,
        const struct ofp_match *match, uint64_t cookie, uint16_t idle,
        uint16_t hard, const struct ofp_instructions *insts, const char *line)
{
    struct buf *t = &s->scratch;

    if (s->n >= s->alloc) {
        s->alloc = s->alloc ? s->alloc * 2 : 256;
        s->e = xreallocarray(s->e, s->alloc, sizeof *s->e);
    }
    struct fte *e = &s->e[s->n];
    e->table_id = table_id;
    e->priority = priority;
    buf_clear(t);
    ofp_match_format(match, t);
    e->match = xstrdup(ofp_text_cstr(t));
    buf_clear(t);
    if (cookie) {
        ofp_text_printf(t, " cookie=0x%" PRIx64, cookie);
    }
    if (idle) {
        ofp_text_printf(t, " idle_timeout=%" PRIu16, idle);
    }
    if (hard) {
        ofp_text_printf(t, " hard_timeout=%" PRIu16, hard);
    }
    put_cstr(t, " actions=");
    ofp_instructions_format(insts, t);
    e->version = xstrdup(ofp_text_cstr(t));
    e->line = line ? xstrdup(line) : NULL;
    e->index = s->n;
    s->n++;
}

static int
fte_compare(const void *a_, const void *b_)
{
    const struct fte *a = a_, *b = b_;

    if (a->table_id != b->table_id) {
        return a->table_id < b->table_id ? -1 : 1;
    }
    if (a->priority != b->priority) {
        return a->priority > b->priority ? -1 : 1;
    }
    int cmp = strcmp(a->match, b->match);
    if (cmp) {
        return cmp;
    }
    return a->index < b->index ? -1 : a->index > b->index;
}

/* Sorts 's' and drops all but the last of entries with the same identity
 * (a later line of a file replaces an earlier one, as on a switch). */
static void
fte_set_sort(struct fte_set *s)
{
    size_t n = 0;

    if (s->n > 1) {
        qsort(s->e, s->n, sizeof *s->e, fte_compare);
    }
    for (size_t i = 0; i < s->n; i++) {
        if (i + 1 < s->n && s->e[i].table_id == s->e[i + 1].table_id &&
            s->e[i].priority == s->e[i + 1].priority &&
            !strcmp(s->e[i].match, s->e[i + 1].match)) {
            free(s->e[i].match);
            free(s->e[i].version);
            free(s->e[i].line);
            continue;
        }
        s->e[n++] = s->e[i];
    }
    s->n = n;
}

/* The ovs-ofctl diff-flows text of 'e': "table=1 priority=10,in_port=1
 * cookie=0x5 actions=output:2". */
static void
fte_format(const struct fte *e, struct buf *b)
{
    if (e->table_id) {
        ofp_text_printf(b, "table=%u ", e->table_id);
    }
    if (e->priority != OFP_DEFAULT_PRIORITY) {
        ofp_text_printf(b, "priority=%u%s", e->priority, *e->match ? "," : "");
    }
    put_cstr(b, e->match);
    put_cstr(b, e->version);
}

static bool
fte_collect_part(struct ofp_msg *part, void *s_)
{
    struct fte_set *s = s_;
    const struct ofp_multipart_reply *r = &part->u.mp_reply;

    for (size_t i = 0; i < r->n; i++) {
        const struct ofp_flow_stats *fs = &r->u.flow[i];
        fte_add(s, fs->table_id, fs->priority, &fs->match, fs->cookie,
                fs->idle_timeout, fs->hard_timeout, &fs->instructions, NULL);
    }
    return true;
}

/* Reads every flow of switch 'v' into 's'. */
static bool
fte_read_switch(struct vconn *v, struct fte_set *s)
{
    struct ofp_msg req;

    mp_request_init(&req, OFPMP_FLOW);
    req.u.mp_request.u.flow.table_id = OFPTT_ALL;
    req.u.mp_request.u.flow.out_port = OFPP_ANY;
    req.u.mp_request.u.flow.out_group = OFPG_ANY;
    int status = ofctl_dump(v, &req, fte_collect_part, s);
    ofp_msg_uninit(&req);
    return !status;
}

/* Reads the flows of 'file' ("-": stdin; lines may begin with "add") into
 * 's'.  Prints every bad line. */
static bool
fte_read_file(const char *file, struct fte_set *s)
{
    struct ofctl_lines lines;
    size_t n_errors = 0;

    if (!lines_open(&lines, file)) {
        return false;
    }
    for (const char *line; (line = lines_next(&lines));) {
        static const char *const add[] = { "add" };
        const char *rest;
        struct ofp_flow_mod fm;

        if (match_keyword(line, add, 1, &rest) >= 0) {
            line = rest;
        }
        char *error = ofp_flow_mod_parse(line, OFP_TEXT_FLOW_ADD, &fm);
        if (error) {
            ofctl_error("%s:%u: %s", lines.name, lines.line_no, error);
            free(error);
            n_errors++;
        } else {
            fte_add(s, fm.table_id, fm.priority, &fm.match, fm.cookie,
                    fm.idle_timeout, fm.hard_timeout, &fm.instructions, line);
        }
        ofp_match_uninit(&fm.match);
        ofp_instructions_uninit(&fm.instructions);
    }
    return lines_close(&lines) && !n_errors;
}

/* ovs-ofctl's rule: a name starting with '/' or '.' is a file, one with a
 * ':' a switch, anything else a file if such a file exists. */
static bool
source_is_file(const char *source)
{
    struct stat st;

    if (source[0] == '/' || source[0] == '.' || !strcmp(source, "-")) {
        return true;
    }
    if (strchr(source, ':')) {
        return false;
    }
    return !stat(source, &st);
}

static bool
fte_read_source(const struct ofctl_options *opts, const char *source,
                struct fte_set *s)
{
    if (source_is_file(source)) {
        return fte_read_file(source, s);
    }
    struct vconn *v = ofctl_open(opts, source, "sock");
    bool ok = v && fte_read_switch(v, s);
    vconn_close(v);
    return ok;
}

/* "diff-flows SOURCE1 SOURCE2": the flows only in SOURCE1 ("-"), only in
 * SOURCE2 ("+"), and both versions of flows whose cookie, timeouts or
 * actions differ. */
static int
cmd_diff_flows(const struct ofctl_options *opts, int argc, char *argv[])
{
    struct fte_set a, b;
    struct buf out = BUF_INITIALIZER;
    int status = OFCTL_EXIT_FAILURE;
    bool differ = false;

    fte_set_init(&a);
    fte_set_init(&b);
    if (!fte_read_source(opts, argv[1], &a) ||
        !fte_read_source(opts, argv[2], &b)) {
        goto out;
    }
    fte_set_sort(&a);
    fte_set_sort(&b);

    size_t i = 0, k = 0;
    while (i < a.n || k < b.n) {
        int cmp = i >= a.n ? 1 : k >= b.n ? -1 : fte_compare(&a.e[i], &b.e[k]);
        if (i < a.n && k < b.n && a.e[i].table_id == b.e[k].table_id &&
            a.e[i].priority == b.e[k].priority &&
            !strcmp(a.e[i].match, b.e[k].match)) {
            cmp = 0;
        }
        if (cmp < 0) {
            put_cstr(&out, "-");
            fte_format(&a.e[i++], &out);
            put_cstr(&out, "\n");
            differ = true;
        } else if (cmp > 0) {
            put_cstr(&out, "+");
            fte_format(&b.e[k++], &out);
            put_cstr(&out, "\n");
            differ = true;
        } else {
            if (strcmp(a.e[i].version, b.e[k].version)) {
                put_cstr(&out, "-");
                fte_format(&a.e[i], &out);
                put_cstr(&out, "\n+");
                fte_format(&b.e[k], &out);
                put_cstr(&out, "\n");
                differ = true;
            }
            i++;
            k++;
        }
        if (out.size > 65536 && !ofctl_emit(&out)) {
            goto out;
        }
    }
    if (ofctl_emit(&out)) {
        status = differ ? OFCTL_EXIT_DIFFERENT : 0;
    }

out:
    buf_uninit(&out);
    fte_set_uninit(&a);
    fte_set_uninit(&b);
    return status;
}

/* "replace-flows SWITCH FILE": makes the switch's flow tables equal to
 * FILE with as few flow_mods as it takes -- DELETE_STRICT for flows the
 * file lacks, ADD for flows that are new or whose cookie, timeouts or
 * actions differ (every flow of the file with --readd) -- sent as one
 * batch. */
static int
cmd_replace_flows(const struct ofctl_options *opts, int argc, char *argv[])
{
    struct fte_set have, want;
    struct ofctl_requests r;
    int status = OFCTL_EXIT_FAILURE;
    struct vconn *v = NULL;
    size_t n_errors = 0;

    fte_set_init(&have);
    fte_set_init(&want);
    requests_init(&r);
    if (!fte_read_file(argv[2], &want)) {
        goto out;
    }
    v = ofctl_open(opts, argv[1], "sock");
    if (!v || !fte_read_switch(v, &have)) {
        goto out;
    }
    fte_set_sort(&have);
    fte_set_sort(&want);

    size_t i = 0, k = 0;
    while (i < have.n || k < want.n) {
        const struct fte *old = NULL, *new = NULL;
        if (i >= have.n) {
            new = &want.e[k++];
        } else if (k >= want.n) {
            old = &have.e[i++];
        } else {
            int cmp = fte_compare(&have.e[i], &want.e[k]);
            if (have.e[i].table_id == want.e[k].table_id &&
                have.e[i].priority == want.e[k].priority &&
                !strcmp(have.e[i].match, want.e[k].match)) {
                cmp = 0;
            }
            if (cmp < 0) {
                old = &have.e[i++];
            } else if (cmp > 0) {
                new = &want.e[k++];
            } else {
                old = &have.e[i++];
                new = &want.e[k++];
            }
        }

        struct ofp_msg msg;
        char *error = NULL;
        if (new) {
            if (old && !opts->readd && !strcmp(old->version, new->version)) {
                continue;
            }
            error = flow_line_parser(new->line, OFP_TEXT_FLOW_ADD, &msg);
        } else {
            char *text =
                xasprintf("table=%u,priority=%u%s%s", old->table_id,
                          old->priority, *old->match ? "," : "", old->match);
            error = flow_line_parser(text, OFP_TEXT_FLOW_DELETE_STRICT, &msg);
            free(text);
        }
        if (!error) {
            int retval = requests_add(&r, &msg, 0);
            if (retval) {
                error = xasprintf("cannot encode (%s)", strerror(retval));
            }
        }
        if (error) {
            ofctl_error("replace-flows: %s", error);
            free(error);
            n_errors++;
        }
        ofp_msg_uninit(&msg);
    }
    if (!n_errors) {
        status = requests_send(v, &r, NULL, argv[0]);
    }

out:
    vconn_close(v);
    requests_uninit(&r);
    fte_set_uninit(&have);
    fte_set_uninit(&want);
    return status;
}

/* --- Groups. ------------------------------------------------------------ */

/* Parses a GROUP argument of del-groups, dump-groups and dump-group-stats:
 * "all", a number, or "group_id=ID". */
static bool
parse_group_arg(const char *s, uint32_t *group_id)
{
    uint64_t v;

    if (!strncmp(s, "group_id=", 9)) {
        s += 9;
    }
    if (!strcasecmp(s, "all")) {
        *group_id = OFPG_ALL;
        return true;
    }
    char *error = ofp_text_parse_uint(s, "group", OFPG_MAX, &v);
    if (error) {
        ofctl_error("%s (use a group number, group_id=N or all)", error);
        free(error);
        return false;
    }
    *group_id = (uint32_t)v;
    return true;
}

/* "add-group SWITCH GROUP" ("-": groups from stdin), "add-groups SWITCH
 * FILE", "mod-group SWITCH GROUP". */
static int
cmd_group_mod(const struct ofctl_options *opts, int argc, char *argv[])
{
    bool file = !strcmp(argv[0], "add-groups") || !strcmp(argv[2], "-");
    uint16_t cmd = !strcmp(argv[0], "mod-group") ? OFPGC_MODIFY : OFPGC_ADD;

    if (file) {
        return ofctl_send_file(opts, argv[1], argv[2], group_line_parser, cmd,
                               argv[0]);
    }
    return ofctl_send_one(opts, argv[1], argv[2], group_line_parser, cmd);
}

/* "del-groups SWITCH [GROUP]": deletes one group or all. */
static int
cmd_del_groups(const struct ofctl_options *opts, int argc, char *argv[])
{
    struct ofp_msg msg;
    uint32_t group_id = OFPG_ALL;

    if (argc > 2 && !strcmp(argv[2], "-")) {
        return ofctl_send_file(opts, argv[1], argv[2], group_line_parser,
                               OFPGC_DELETE, argv[0]);
    }
    if (argc > 2 && !parse_group_arg(argv[2], &group_id)) {
        return OFCTL_EXIT_USAGE;
    }
    ofp_msg_init(&msg, OFP13_VERSION, OFPT_GROUP_MOD, 0);
    msg.u.group_mod.command = OFPGC_DELETE;
    msg.u.group_mod.group_id = group_id;
    int status = ofctl_modify(opts, argv[1], &msg);
    ofp_msg_uninit(&msg);
    return status;
}

/* "dump-groups SWITCH [GROUP]": GROUP_DESC.  OpenFlow 1.3 has no filter,
 * so one GROUP is picked out of the reply here. */
static int
cmd_dump_groups(const struct ofctl_options *opts, int argc, char *argv[])
{
    struct ofp_msg req;
    uint32_t group_id = OFPG_ALL;

    if (argc > 2 && !parse_group_arg(argv[2], &group_id)) {
        return OFCTL_EXIT_USAGE;
    }
    mp_request_init(&req, OFPMP_GROUP_DESC);
    int status =
        ofctl_print_dump(opts, argv[1], &req, group_id != OFPG_ALL, group_id);
    ofp_msg_uninit(&req);
    return status;
}

/* "dump-group-stats SWITCH [GROUP]": GROUP stats. */
static int
cmd_dump_group_stats(const struct ofctl_options *opts, int argc, char *argv[])
{
    struct ofp_msg req;
    uint32_t group_id = OFPG_ALL;

    if (argc > 2 && !parse_group_arg(argv[2], &group_id)) {
        return OFCTL_EXIT_USAGE;
    }
    mp_request_init(&req, OFPMP_GROUP);
    req.u.mp_request.u.group_id = group_id;
    int status = ofctl_print_dump(opts, argv[1], &req, false, 0);
    ofp_msg_uninit(&req);
    return status;
}

/* --- Meters. ------------------------------------------------------------ */

/* Parses a METER argument: "all", "controller", "slowpath", a number or
 * "meter=..." with any of these. */
static bool
parse_meter_arg(const char *s, uint32_t *meter_id)
{
    uint64_t v;

    if (!strncmp(s, "meter=", 6)) {
        s += 6;
    }
    if (!strcasecmp(s, "all")) {
        *meter_id = OFPM_ALL;
        return true;
    } else if (!strcasecmp(s, "controller")) {
        *meter_id = OFPM_CONTROLLER;
        return true;
    } else if (!strcasecmp(s, "slowpath")) {
        *meter_id = OFPM_SLOWPATH;
        return true;
    }
    char *error = ofp_text_parse_uint(s, "meter", OFPM_MAX, &v);
    if (error || !v) {
        ofctl_error("%s (use a meter number, meter=N or all)",
                    error ? error : "meter 0 does not exist");
        free(error);
        return false;
    }
    *meter_id = (uint32_t)v;
    return true;
}

/* "add-meter SWITCH METER", "mod-meter SWITCH METER". */
static int
cmd_meter_mod(const struct ofctl_options *opts, int argc, char *argv[])
{
    struct ofp_msg msg;
    uint16_t cmd = !strcmp(argv[0], "mod-meter") ? OFPMC_MODIFY : OFPMC_ADD;

    ofp_msg_init(&msg, OFP13_VERSION, OFPT_METER_MOD, 0);
    char *error = ofp_meter_mod_parse(argv[2], cmd, &msg.u.meter_mod);
    if (error) {
        ofctl_error("%s: %s", argv[2], error);
        free(error);
        ofp_msg_uninit(&msg);
        return OFCTL_EXIT_FAILURE;
    }
    int status = ofctl_modify(opts, argv[1], &msg);
    ofp_msg_uninit(&msg);
    return status;
}

/* "del-meters SWITCH [METER]": deletes one meter or all. */
static int
cmd_del_meters(const struct ofctl_options *opts, int argc, char *argv[])
{
    struct ofp_msg msg;
    uint32_t meter_id = OFPM_ALL;

    if (argc > 2 && !parse_meter_arg(argv[2], &meter_id)) {
        return OFCTL_EXIT_USAGE;
    }
    ofp_msg_init(&msg, OFP13_VERSION, OFPT_METER_MOD, 0);
    msg.u.meter_mod.command = OFPMC_DELETE;
    msg.u.meter_mod.meter_id = meter_id;
    int status = ofctl_modify(opts, argv[1], &msg);
    ofp_msg_uninit(&msg);
    return status;
}

/* "dump-meters SWITCH [METER]" (METER_CONFIG), "meter-stats SWITCH
 * [METER]" (METER). */
static int
cmd_dump_meters(const struct ofctl_options *opts, int argc, char *argv[])
{
    struct ofp_msg req;
    uint32_t meter_id = OFPM_ALL;

    if (argc > 2 && !parse_meter_arg(argv[2], &meter_id)) {
        return OFCTL_EXIT_USAGE;
    }
    mp_request_init(&req, !strcmp(argv[0], "meter-stats")
                              ? OFPMP_METER
                              : OFPMP_METER_CONFIG);
    req.u.mp_request.u.meter_id = meter_id;
    int status = ofctl_print_dump(opts, argv[1], &req, false, 0);
    ofp_msg_uninit(&req);
    return status;
}

/* --- packet-out. -------------------------------------------------------- */

/* Finds "actions=" (or "action=") at the start of an item of 's' and
 * returns where it starts, storing the text after '=' in '*actions'. */
static char *
find_actions(char *s, char **actions)
{
    for (char *p = s; (p = strstr(p, "action")); p++) {
        if (p != s && !strchr(", \t", p[-1])) {
            continue;
        }
        char *q = p + strlen("action");
        if (*q == 's') {
            q++;
        }
        if (*q == '=') {
            *actions = q + 1;
            return p;
        }
    }
    return NULL;
}

/* Parses ovs-ofctl's packet-out syntax "in_port=P,packet=HEX,actions=..."
 * (in_port defaults to CONTROLLER; buffer_id=N may replace packet=). */
static char *
parse_packet_out(const char *s, struct ofp_packet_out *po)
{
    char *copy = xstrdup(s);
    char *actions = NULL;
    char *start = find_actions(copy, &actions);
    char *error = NULL;
    struct buf packet = BUF_INITIALIZER;
    bool have_packet = false;

    po->in_port = OFPP_CONTROLLER;
    po->buffer_id = OFP_NO_BUFFER;
    if (!start) {
        error = xstrdup("must specify actions=");
        goto out;
    }
    *start = '\0';

    char *pos = copy, *key, *value;
    while (!error && ofp_text_next_kv(&pos, &key, &value, NULL)) {
        if (!strcmp(key, "in_port")) {
            error = ofp_port_parse(value ? value : "", &po->in_port);
        } else if (!strcmp(key, "packet")) {
            const char *words[1] = { value ? value : "" };
            error = hex_decode_words(1, words, &packet);
            have_packet = true;
        } else if (!strcmp(key, "buffer_id")) {
            uint64_t v;
            error = ofp_text_parse_uint(value ? value : "", "buffer_id",
                                        UINT32_MAX, &v);
            po->buffer_id = (uint32_t)v;
        } else {
            error = xasprintf("unknown keyword `%s' (packet-out takes "
                              "in_port, packet, buffer_id and actions)",
                              key);
        }
    }
    if (!error && !have_packet && po->buffer_id == OFP_NO_BUFFER) {
        error = xstrdup("must specify packet=HEX (or buffer_id=)");
    }
    if (!error) {
        ofp_actions_uninit(&po->actions);
        error = ofp_actions_parse(actions, NULL, &po->actions);
    }
    if (!error) {
        ofp_bytes_set(&po->data, packet.data, packet.size);
    }

out:
    buf_uninit(&packet);
    free(copy);
    return error;
}

/* "packet-out SWITCH in_port=P packet=HEX actions=A" (ovs-ofctl's current
 * syntax, one or more words) or "packet-out SWITCH IN_PORT ACTIONS
 * PACKET..." (its older positional form: one PACKET_OUT per PACKET). */
static int
cmd_packet_out(const struct ofctl_options *opts, int argc, char *argv[])
{
    struct ofp_msg *msgs = NULL;
    size_t n = 0;
    int status = OFCTL_EXIT_FAILURE;
    char *error = NULL;

    bool keywords = false;
    for (int i = 2; i < argc; i++) {
        if (strchr(argv[i], '=')) {
            keywords = true;
        }
    }
    if (keywords) {
        /* Words may be separate arguments: join them as one spec. */
        struct buf spec = BUF_INITIALIZER;
        for (int i = 2; i < argc; i++) {
            ofp_text_printf(&spec, "%s%s", i > 2 ? "," : "", argv[i]);
        }
        msgs = xcalloc(1, sizeof *msgs);
        ofp_msg_init(&msgs[0], OFP13_VERSION, OFPT_PACKET_OUT, 0);
        n = 1;
        error = parse_packet_out(ofp_text_cstr(&spec), &msgs[0].u.packet_out);
        buf_uninit(&spec);
    } else if (argc < 5) {
        ofctl_error("packet-out: use in_port=P packet=HEX actions=A, or "
                    "IN_PORT ACTIONS PACKET...");
        return OFCTL_EXIT_USAGE;
    } else {
        msgs = xcalloc((size_t)(argc - 4), sizeof *msgs);
        for (int i = 4; i < argc && !error; i++) {
            struct ofp_packet_out *po = &msgs[n].u.packet_out;
            ofp_msg_init(&msgs[n++], OFP13_VERSION, OFPT_PACKET_OUT, 0);
            po->buffer_id = OFP_NO_BUFFER;
            error = ofp_port_parse(argv[2], &po->in_port);
            if (!error) {
                error = ofp_actions_parse(argv[3], NULL, &po->actions);
            }
            if (!error) {
                struct buf packet = BUF_INITIALIZER;
                error = hex_decode_words(1, (const char *const *)&argv[i],
                                         &packet);
                ofp_bytes_set(&po->data, packet.data, packet.size);
                buf_uninit(&packet);
            }
        }
    }

    if (error) {
        ofctl_error("packet-out: %s", error);
        free(error);
    } else {
        struct vconn *v = ofctl_open(opts, argv[1], "sock");
        if (v) {
            struct ofctl_batch b;
            batch_init(&b, v, NULL, argv[0], NULL);
            for (size_t i = 0; i < n; i++) {
                batch_add(&b, &msgs[i], 0);
            }
            status = batch_finish(&b);
            batch_uninit(&b);
            vconn_close(v);
        }
    }
    for (size_t i = 0; i < n; i++) {
        ofp_msg_uninit(&msgs[i]);
    }
    free(msgs);
    return status;
}

/* --- monitor, snoop. ---------------------------------------------------- */

/* Prints every message 'v' receives as it arrives, until the connection
 * closes (failure) or the -t deadline passes (success: the time asked for
 * is over). */
static int
ofctl_print_messages(struct vconn *v)
{
    struct buf raw = BUF_INITIALIZER;
    struct buf out = BUF_INITIALIZER;
    int status = OFCTL_EXIT_FAILURE;

    for (;;) {
        struct ofp_msg msg;
        int error = vconn_recv_msg(v, &msg, &raw, NULL, NULL);
        if (!error) {
            ofp_msg_format(&msg, &out);
        } else if (error == EBADMSG) {
            /* Shown as a decode error with its bytes. */
            ofp_print_stream(raw.data, raw.size, &out);
        }
        ofp_msg_uninit(&msg);
        if (error == ETIMEDOUT) {
            status = 0;
            break;
        } else if (error && error != EBADMSG) {
            ofctl_error("%s: %s", vconn_get_name(v), vconn_strerror(error));
            break;
        }
        if (!ofctl_emit(&out) || fflush(stdout)) {
            break;
        }
    }
    buf_uninit(&raw);
    buf_uninit(&out);
    return status;
}

/* "monitor SWITCH [MISS-LEN]": prints the asynchronous messages (packet-in,
 * flow-removed, port-status, ...) the switch sends.  With MISS-LEN, first
 * sets miss_send_len with SET_CONFIG (keeping the frag flags), as
 * ovs-ofctl does. */
static int
cmd_monitor(const struct ofctl_options *opts, int argc, char *argv[])
{
    uint64_t miss_len = 0;

    if (argc > 2) {
        char *error =
            ofp_text_parse_uint(argv[2], "miss-len", UINT16_MAX, &miss_len);
        if (error) {
            ofctl_error("monitor: %s", error);
            free(error);
            return OFCTL_EXIT_USAGE;
        }
    }
    struct vconn *v = ofctl_open(opts, argv[1], "sock");
    if (!v) {
        return OFCTL_EXIT_FAILURE;
    }
    if (argc > 2) {
        struct ofp_msg req, config;
        ofp_msg_init(&req, vconn_get_version(v), OFPT_GET_CONFIG_REQUEST, 0);
        bool ok = ofctl_transact(v, &req, OFPT_GET_CONFIG_REPLY, &config);
        ofp_msg_uninit(&req);
        if (ok) {
            ofp_msg_init(&req, vconn_get_version(v), OFPT_SET_CONFIG, 0);
            req.u.config.flags = config.u.config.flags;
            req.u.config.miss_send_len = (uint16_t)miss_len;
            ok = ofctl_send(v, &req);
            ofp_msg_uninit(&req);
        }
        ofp_msg_uninit(&config);
        if (!ok) {
            vconn_close(v);
            return OFCTL_EXIT_FAILURE;
        }
    }
    int status = ofctl_print_messages(v);
    vconn_close(v);
    return status;
}

/* "snoop SWITCH": prints what the switch exchanges with its controllers,
 * as mirrored on its snoop socket (NAME.snoop in the run directory for a
 * switch name; another target is used as given).  Echo requests are
 * someone else's and are not answered. */
static int
cmd_snoop(const struct ofctl_options *opts, int argc, char *argv[])
{
    struct vconn *v = ofctl_open(opts, argv[1], "snoop");
    if (!v) {
        return OFCTL_EXIT_FAILURE;
    }
    vconn_set_auto_echo(v, false);
    int status = ofctl_print_messages(v);
    vconn_close(v);
    return status;
}

/* --- probe, ping. ------------------------------------------------------- */

/* "probe SWITCH": one echo round trip; with -t, tells whether the switch
 * answers in time.  Prints nothing on success. */
static int
cmd_probe(const struct ofctl_options *opts, int argc, char *argv[])
{
    struct ofp_msg req, reply;

    struct vconn *v = ofctl_open(opts, argv[1], "sock");
    if (!v) {
        return OFCTL_EXIT_FAILURE;
    }
    ofp_msg_init(&req, vconn_get_version(v), OFPT_ECHO_REQUEST, 0);
    bool ok = ofctl_transact(v, &req, OFPT_ECHO_REPLY, &reply);
    ofp_msg_uninit(&req);
    ofp_msg_uninit(&reply);
    vconn_close(v);
    return ok ? 0 : OFCTL_EXIT_FAILURE;
}

/* "ping SWITCH [N]": ten echo requests of N (default 64) bytes of random
 * payload, one at a time, each reply checked and timed, printed as
 * ovs-ofctl ping does. */
static int
cmd_ping(const struct ofctl_options *opts, int argc, char *argv[])
{
    uint64_t payload = 64;
    int status = OFCTL_EXIT_FAILURE;

    if (argc > 2) {
        char *error =
            ofp_text_parse_uint(argv[2], "payload size",
                                OFP_MAX_MSG_LEN - OFP_HEADER_LEN, &payload);
        if (error) {
            ofctl_error("ping: %s", error);
            free(error);
            return OFCTL_EXIT_USAGE;
        }
    }
    struct vconn *v = ofctl_open(opts, argv[1], "sock");
    if (!v) {
        return status;
    }

    /* The payload only needs to differ from one request to the next; a
     * time-seeded xorshift will do. */
    uint64_t seed = (uint64_t)ofctl_now_ms() * 2654435761u ^ (uint64_t)getpid()
                                                                 << 32;
    uint8_t *data = xmalloc(payload ? payload : 1);
    struct buf out = BUF_INITIALIZER;
    struct json j;
    json_init(&j, &out);
    if (opts->json) {
        json_begin(&j, '[');
    }

    int i;
    for (i = 0; i < 10; i++) {
        struct ofp_msg req, reply;
        for (size_t k = 0; k < payload; k++) {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            data[k] = (uint8_t)seed;
        }
        ofp_msg_init(&req, vconn_get_version(v), OFPT_ECHO_REQUEST, 0);
        ofp_bytes_set(&req.u.echo, data, payload);
        struct timespec start, end;
        clock_gettime(CLOCK_MONOTONIC, &start);
        bool ok = ofctl_transact(v, &req, OFPT_ECHO_REPLY, &reply);
        clock_gettime(CLOCK_MONOTONIC, &end);
        if (ok && (reply.u.echo.len != payload ||
                   (payload && memcmp(reply.u.echo.data, data, payload)))) {
            ofctl_error("%s: the echo reply (xid=%08" PRIx32 ") does not "
                        "carry the request's payload",
                        argv[1], req.xid);
            ok = false;
        }
        if (ok) {
            double ms = (double)(end.tv_sec - start.tv_sec) * 1000.0 +
                        (double)(end.tv_nsec - start.tv_nsec) / 1e6;
            size_t size = OFP_HEADER_LEN + reply.u.echo.len;
            if (opts->json) {
                char text[32];
                snprintf(text, sizeof text, "%.3f", ms);
                json_begin(&j, '{');
                json_kv_uint(&j, "bytes", size);
                json_kv_uint(&j, "xid", req.xid);
                json_key(&j, "time_ms");
                json_number(&j, text);
                json_end(&j);
            } else {
                ofp_text_printf(&out,
                                "%zu bytes from %s: xid=%08" PRIx32
                                " time=%.1f ms\n",
                                size, argv[1], req.xid, ms);
            }
        }
        ofp_msg_uninit(&req);
        ofp_msg_uninit(&reply);
        if (!ok || !ofctl_emit(&out) || fflush(stdout)) {
            break;
        }
    }
    if (i == 10) {
        if (opts->json) {
            json_end(&j);
        }
        if (ofctl_emit(&out)) {
            status = 0;
        }
    }
    buf_uninit(&out);
    free(data);
    vconn_close(v);
    return status;
}

/* --- Roles. ------------------------------------------------------------- */

/* Sends ROLE_REQUEST('role', 'generation_id') and prints the reply. */
static int
ofctl_role(const struct ofctl_options *opts, struct vconn *v, uint32_t role,
           uint64_t generation_id)
{
    struct ofp_msg req, reply;
    int status = OFCTL_EXIT_FAILURE;

    ofp_msg_init(&req, vconn_get_version(v), OFPT_ROLE_REQUEST, 0);
    req.u.role.role = role;
    req.u.role.generation_id = generation_id;
    if (ofctl_transact(v, &req, OFPT_ROLE_REPLY, &reply)) {
        struct buf out = BUF_INITIALIZER;
        if (opts->json) {
            struct json j;
            json_init(&j, &out);
            json_begin(&j, '{');
            json_kv_str(&j, "role", role_name(reply.u.role.role));
            json_kv_uint(&j, "generation_id", reply.u.role.generation_id);
            json_end(&j);
        } else {
            ofp_msg_format(&reply, &out);
        }
        if (ofctl_emit(&out)) {
            status = 0;
        }
        buf_uninit(&out);
    }
    ofp_msg_uninit(&req);
    ofp_msg_uninit(&reply);
    return status;
}

/* "get-role SWITCH": the role of this connection (ROLE_REQUEST with
 * NOCHANGE) and the switch's generation id. */
static int
cmd_get_role(const struct ofctl_options *opts, int argc, char *argv[])
{
    struct vconn *v = ofctl_open(opts, argv[1], "sock");
    if (!v) {
        return OFCTL_EXIT_FAILURE;
    }
    int status = ofctl_role(opts, v, OFPCR_ROLE_NOCHANGE, 0);
    vconn_close(v);
    return status;
}

/* "set-role SWITCH ROLE [GENERATION_ID]": requests ROLE (master, slave,
 * equal; primary and secondary are accepted too) for this connection.
 * Without GENERATION_ID the switch's current one is asked for first and
 * reused, so the request is never stale and never makes a real
 * controller's requests stale (OF1.3.5 §6.3.6). */
static int
cmd_set_role(const struct ofctl_options *opts, int argc, char *argv[])
{
    static const struct {
        const char *name;
        uint32_t role;
    } roles[] = {
        { "master", OFPCR_ROLE_MASTER },     { "primary", OFPCR_ROLE_MASTER },
        { "slave", OFPCR_ROLE_SLAVE },       { "secondary", OFPCR_ROLE_SLAVE },
        { "equal", OFPCR_ROLE_EQUAL },       { "other", OFPCR_ROLE_EQUAL },
        { "nochange", OFPCR_ROLE_NOCHANGE },
    };
    uint32_t role = UINT32_MAX;
    uint64_t generation_id = 0;

    for (size_t i = 0; i < ARRAY_SIZE(roles); i++) {
        if (!strcasecmp(argv[2], roles[i].name)) {
            role = roles[i].role;
        }
    }
    if (role == UINT32_MAX) {
        ofctl_error("set-role: unknown role `%s' (master, slave, equal)",
                    argv[2]);
        return OFCTL_EXIT_USAGE;
    }
    if (argc > 3) {
        char *error = ofp_text_parse_uint(argv[3], "generation_id", UINT64_MAX,
                                          &generation_id);
        if (error) {
            ofctl_error("set-role: %s", error);
            free(error);
            return OFCTL_EXIT_USAGE;
        }
    }

    struct vconn *v = ofctl_open(opts, argv[1], "sock");
    if (!v) {
        return OFCTL_EXIT_FAILURE;
    }
    int status = 0;
    if (argc <= 3 && (role == OFPCR_ROLE_MASTER || role == OFPCR_ROLE_SLAVE)) {
        struct ofp_msg req, reply;
        ofp_msg_init(&req, vconn_get_version(v), OFPT_ROLE_REQUEST, 0);
        req.u.role.role = OFPCR_ROLE_NOCHANGE;
        if (ofctl_transact(v, &req, OFPT_ROLE_REPLY, &reply)) {
            generation_id = reply.u.role.generation_id;
        } else {
            status = OFCTL_EXIT_FAILURE;
        }
        ofp_msg_uninit(&req);
        ofp_msg_uninit(&reply);
    }
    if (!status) {
        status = ofctl_role(opts, v, role, generation_id);
    }
    vconn_close(v);
    return status;
}

/* --- ofswitchd's experimenter messages (ofp13/ext.h). ------------------- */

/* Collects the bodies of the OFSW replies of type 'reply_type' to one
 * request; there may be several (a large FDB comes in parts). */
struct ext_reply {
    uint32_t reply_type;
    struct buf data;
    size_t n_replies;
};

static bool
ext_reply_collect(const struct ofp_msg *reply, size_t index, void *er_)
{
    struct ext_reply *er = er_;
    const struct ofp_experimenter_msg *x = &reply->u.experimenter;

    if (reply->type == OFPT_EXPERIMENTER &&
        x->experimenter == OFSW_EXPERIMENTER_ID &&
        x->exp_type == er->reply_type) {
        buf_put(&er->data, x->data.data, x->data.len);
        er->n_replies++;
        return true;
    }
    ofctl_error("unexpected reply %s to an ofswitchd request",
                ofp_type_name(reply->type) ? ofp_type_name(reply->type)
                                           : "(unknown type)");
    return false;
}

/* Sends the OFSW request 'exp_type' with 'body' and collects the bodies
 * of its 'reply_type' replies into 'er' (initialised by the caller).  The
 * request is closed by a barrier, so however many replies there are, they
 * have all arrived when it returns.  Returns the exit status. */
static int
ofctl_ext_request(struct vconn *v, uint32_t exp_type, const void *body,
                  size_t len, struct ext_reply *er, const char *what)
{
    struct ofp_msg msg;
    struct ofctl_batch b;

    ofp_msg_init(&msg, vconn_get_version(v), OFPT_EXPERIMENTER, 0);
    msg.u.experimenter.experimenter = OFSW_EXPERIMENTER_ID;
    msg.u.experimenter.exp_type = exp_type;
    ofp_bytes_set(&msg.u.experimenter.data, body, len);
    batch_init(&b, v, NULL, what, NULL);
    b.reply_fn = ext_reply_collect;
    b.aux = er;
    batch_add(&b, &msg, 0);
    int status = batch_finish(&b);
    batch_uninit(&b);
    ofp_msg_uninit(&msg);
    if (!status && !er->n_replies) {
        ofctl_error("%s: %s: no reply from the switch (ofswitchd's "
                    "extensions are needed)",
                    vconn_get_name(v), what);
        status = OFCTL_EXIT_FAILURE;
    }
    return status;
}

struct fdb_entry {
    uint16_t vlan;
    uint8_t mac[6];
    uint32_t port;
    uint32_t age;
};

static int
fdb_entry_compare(const void *a_, const void *b_)
{
    const struct fdb_entry *a = a_, *b = b_;

    if (a->port != b->port) {
        return a->port < b->port ? -1 : 1;
    }
    if (a->vlan != b->vlan) {
        return a->vlan < b->vlan ? -1 : 1;
    }
    return memcmp(a->mac, b->mac, sizeof a->mac);
}

/* "dump-fdb SWITCH": the MAC learning table of ofswitchd (the one
 * OFPP_NORMAL and standalone mode use), in the columns of ovs-appctl
 * fdb/show, sorted by port, VLAN and MAC. */
static int
cmd_dump_fdb(const struct ofctl_options *opts, int argc, char *argv[])
{
    struct ext_reply er = { .reply_type = OFSW_DUMP_FDB_REPLY };
    struct vconn *v = ofctl_open(opts, argv[1], "sock");

    if (!v) {
        return OFCTL_EXIT_FAILURE;
    }
    buf_init(&er.data);
    int status =
        ofctl_ext_request(v, OFSW_DUMP_FDB_REQUEST, NULL, 0, &er, argv[0]);
    vconn_close(v);
    if (!status && er.data.size % OFSW_FDB_ENTRY_LEN) {
        ofctl_error("dump-fdb: malformed reply (%zu bytes is not a whole "
                    "number of entries)",
                    er.data.size);
        status = OFCTL_EXIT_FAILURE;
    }
    if (status) {
        buf_uninit(&er.data);
        return status;
    }

    size_t n = er.data.size / OFSW_FDB_ENTRY_LEN;
    struct fdb_entry *e = xcalloc(n ? n : 1, sizeof *e);
    struct cur c = cur_make(er.data.data, er.data.size);
    for (size_t i = 0; i < n; i++) {
        cur_get_be16(&c, &e[i].vlan);
        cur_get_bytes(&c, e[i].mac, 6);
        cur_get_be32(&c, &e[i].port);
        cur_get_be32(&c, &e[i].age);
    }
    qsort(e, n, sizeof *e, fdb_entry_compare);

    struct buf out = BUF_INITIALIZER;
    struct buf port = BUF_INITIALIZER;
    struct json j;
    json_init(&j, &out);
    if (opts->json) {
        json_begin(&j, '[');
    } else {
        put_cstr(&out, " port  VLAN  MAC                Age\n");
    }
    for (size_t i = 0; i < n; i++) {
        char mac[18];
        snprintf(mac, sizeof mac, "%02x:%02x:%02x:%02x:%02x:%02x", e[i].mac[0],
                 e[i].mac[1], e[i].mac[2], e[i].mac[3], e[i].mac[4],
                 e[i].mac[5]);
        if (opts->json) {
            json_begin(&j, '{');
            json_kv_uint(&j, "port_no", e[i].port);
            json_kv_port(&j, "port", e[i].port);
            json_kv_uint(&j, "vlan", e[i].vlan);
            json_kv_str(&j, "mac", mac);
            json_kv_uint(&j, "age", e[i].age);
            json_end(&j);
        } else {
            buf_clear(&port);
            ofp_port_format(e[i].port, &port);
            ofp_text_printf(&out, "%5s  %4" PRIu16 "  %s  %3" PRIu32 "\n",
                            ofp_text_cstr(&port), e[i].vlan, mac, e[i].age);
        }
    }
    if (opts->json) {
        json_end(&j);
    }
    status = ofctl_emit(&out) ? 0 : OFCTL_EXIT_FAILURE;
    buf_uninit(&out);
    buf_uninit(&port);
    buf_uninit(&er.data);
    free(e);
    return status;
}

/* "add-port SWITCH SPEC[@N]": asks ofswitchd to open port SPEC
 * ("tap:tap0", "afpacket:eth1", ...) as OpenFlow port N (default: the
 * next free number) and prints the number it got. */
static int
cmd_add_port(const struct ofctl_options *opts, int argc, char *argv[])
{
    struct buf body = BUF_INITIALIZER;
    uint32_t port_no = 0;
    const char *spec = argv[2];
    size_t spec_len = strlen(spec);
    const char *at = strrchr(spec, '@');

    if (at && at[1] && strspn(at + 1, "0123456789") == strlen(at + 1)) {
        uint64_t v;
        char *error = ofp_text_parse_uint(at + 1, "port number", OFPP_MAX, &v);
        if (error || !v) {
            ofctl_error("add-port: %s", error ? error : "port 0 is not valid");
            free(error);
            return OFCTL_EXIT_USAGE;
        }
        port_no = (uint32_t)v;
        spec_len = (size_t)(at - spec);
    }
    if (!spec_len) {
        ofctl_error("add-port: empty port spec");
        return OFCTL_EXIT_USAGE;
    }

    struct vconn *v = ofctl_open(opts, argv[1], "sock");
    if (!v) {
        return OFCTL_EXIT_FAILURE;
    }
    struct ext_reply er = { .reply_type = OFSW_ADD_PORT_REPLY };
    buf_init(&er.data);
    buf_put_be32(&body, port_no);
    buf_put(&body, spec, spec_len);
    int status = ofctl_ext_request(v, OFSW_ADD_PORT_REQUEST, body.data,
                                   body.size, &er, argv[0]);
    vconn_close(v);
    if (!status && er.data.size != 4) {
        ofctl_error("add-port: malformed reply");
        status = OFCTL_EXIT_FAILURE;
    }
    if (!status) {
        struct buf out = BUF_INITIALIZER;
        uint32_t got = get_be32(er.data.data);
        if (opts->json) {
            struct json j;
            json_init(&j, &out);
            json_begin(&j, '{');
            json_kv_uint(&j, "port_no", got);
            json_end(&j);
        } else {
            ofp_text_printf(&out, "added port %" PRIu32 "\n", got);
        }
        if (!ofctl_emit(&out)) {
            status = OFCTL_EXIT_FAILURE;
        }
        buf_uninit(&out);
    }
    buf_uninit(&er.data);
    buf_uninit(&body);
    return status;
}

/* "del-port SWITCH PORT": asks ofswitchd to close port PORT (a number or
 * a port name). */
static int
cmd_del_port(const struct ofctl_options *opts, int argc, char *argv[])
{
    uint32_t port_no;
    struct vconn *v = ofctl_open(opts, argv[1], "sock");

    if (!v) {
        return OFCTL_EXIT_FAILURE;
    }
    int status = OFCTL_EXIT_FAILURE;
    if (ofctl_port_lookup(v, argv[2], &port_no, NULL)) {
        struct ext_reply er = { .reply_type = OFSW_DEL_PORT_REPLY };
        uint8_t body[4];
        buf_init(&er.data);
        put_be32(body, port_no);
        status = ofctl_ext_request(v, OFSW_DEL_PORT_REQUEST, body, sizeof body,
                                   &er, argv[0]);
        buf_uninit(&er.data);
    }
    vconn_close(v);
    return status;
}

/* --- trace: a frame from a flow. ---------------------------------------- */

static uint64_t
fval(const struct ofp_match *m, enum oxm_field f, uint64_t dflt)
{
    return ofp_match_has(m, f) ? ofp_match_get_uint(m, f) : dflt;
}

static const uint8_t *
fbytes(const struct ofp_match *m, enum oxm_field f, const uint8_t *dflt)
{
    return ofp_match_has(m, f) ? m->value[f].b : dflt;
}

/* The Internet checksum (RFC 1071) of 'n' bytes, added to 'sum'. */
static uint32_t
csum_add(uint32_t sum, const uint8_t *p, size_t n)
{
    size_t i;

    for (i = 0; i + 1 < n; i += 2) {
        sum += (uint32_t)(p[i] << 8 | p[i + 1]);
    }
    if (i < n) {
        sum += (uint32_t)p[i] << 8;
    }
    return sum;
}

static uint16_t
csum_finish(uint32_t sum)
{
    while (sum >> 16) {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return (uint16_t)~sum;
}

/* CRC32c (RFC 9260 appendix A) for SCTP. */
static uint32_t
crc32c(const uint8_t *p, size_t n)
{
    uint32_t crc = 0xffffffffu;

    for (size_t i = 0; i < n; i++) {
        crc ^= p[i];
        for (int k = 0; k < 8; k++) {
            crc = (crc >> 1) ^ (0x82f63b78u & (0u - (crc & 1)));
        }
    }
    return ~crc;
}

/* Appends the L4 header for 'proto' (fields from 'm', defaults for the
 * rest) and fills in its checksum over the pseudo-header of 'src'/'dst'
 * ('addr_len' 4 or 16 bytes). */
static void
trace_build_l4(const struct ofp_match *m, struct buf *f, uint8_t proto,
               const uint8_t *src, const uint8_t *dst, size_t addr_len)
{
    size_t l4 = f->size;
    size_t csum_ofs = SIZE_MAX;
    bool pseudo = true;
    bool v6 = addr_len == 16;

    switch (proto) {
    case 6: /* TCP: a SYN. */
        buf_put_be16(f, (uint16_t)fval(m, OXM_TCP_SRC, 49152));
        buf_put_be16(f, (uint16_t)fval(m, OXM_TCP_DST, 80));
        buf_put_be32(f, 0);
        buf_put_be32(f, 0);
        buf_put_u8(f, 0x50);
        buf_put_u8(f, 0x02);
        buf_put_be16(f, 65535);
        csum_ofs = buf_put_be16(f, 0);
        buf_put_be16(f, 0);
        break;
    case 17: /* UDP. */
        buf_put_be16(f, (uint16_t)fval(m, OXM_UDP_SRC, 49152));
        buf_put_be16(f, (uint16_t)fval(m, OXM_UDP_DST, 80));
        buf_put_be16(f, 8);
        csum_ofs = buf_put_be16(f, 0);
        break;
    case 132: { /* SCTP: a common header alone. */
        buf_put_be16(f, (uint16_t)fval(m, OXM_SCTP_SRC, 49152));
        buf_put_be16(f, (uint16_t)fval(m, OXM_SCTP_DST, 80));
        buf_put_be32(f, 0);
        size_t ofs = buf_put_be32(f, 0);
        uint32_t crc = crc32c(f->data + l4, f->size - l4);
        /* The CRC goes on the wire least significant byte first. */
        for (int i = 0; i < 4; i++) {
            buf_set_u8(f, ofs + (size_t)i, (uint8_t)(crc >> (8 * i)));
        }
        return;
    }
    case 1: /* ICMP: an echo request by default. */
        if (v6) {
            return;
        }
        buf_put_u8(f, (uint8_t)fval(m, OXM_ICMPV4_TYPE, 8));
        buf_put_u8(f, (uint8_t)fval(m, OXM_ICMPV4_CODE, 0));
        csum_ofs = buf_put_be16(f, 0);
        buf_put_be32(f, 0);
        pseudo = false;
        break;
    case 58: { /* ICMPv6: an echo request, or ND with its target. */
        static const uint8_t zero[16];
        uint8_t type = (uint8_t)fval(m, OXM_ICMPV6_TYPE, 128);
        if (!v6) {
            return;
        }
        buf_put_u8(f, type);
        buf_put_u8(f, (uint8_t)fval(m, OXM_ICMPV6_CODE, 0));
        csum_ofs = buf_put_be16(f, 0);
        buf_put_be32(f, 0);
        if (type == 135 || type == 136) {
            buf_put(f, fbytes(m, OXM_IPV6_ND_TARGET, zero), 16);
            enum oxm_field ll =
                type == 135 ? OXM_IPV6_ND_SLL : OXM_IPV6_ND_TLL;
            if (ofp_match_has(m, ll)) {
                buf_put_u8(f, type == 135 ? 1 : 2);
                buf_put_u8(f, 1);
                buf_put(f, m->value[ll].b, 6);
            }
        }
        break;
    }
    default:
        return;
    }

    size_t len = f->size - l4;
    if (proto == 17) {
        buf_set_be16(f, l4 + 4, (uint16_t)len);
    }
    uint32_t sum = 0;
    if (pseudo) {
        uint8_t tail[8];
        sum = csum_add(sum, src, addr_len);
        sum = csum_add(sum, dst, addr_len);
        if (v6) {
            put_be32(tail, (uint32_t)len);
            put_be32(tail + 4, proto);
        } else {
            tail[0] = 0;
            tail[1] = proto;
            put_be16(tail + 2, (uint16_t)len);
        }
        sum = csum_add(sum, tail, v6 ? 8 : 4);
    }
    uint16_t csum = csum_finish(csum_add(sum, f->data + l4, len));
    if (proto == 17 && !csum) {
        csum = 0xffff; /* RFC 768: zero means "no checksum". */
    }
    buf_set_be16(f, csum_ofs, csum);
}

/* Builds the Ethernet frame that flow match 'm' describes: the fields it
 * gives, defaults for the rest (documented in ofctl(8): MACs
 * 00:00:00:00:00:01 -> :02, IPv4 10.0.0.1 -> 10.0.0.2, IPv6 2001:db8::1
 * -> ::2, TTL 64, L4 ports 49152 -> 80, a TCP SYN, an ICMP echo request,
 * EtherType 0x88b5 when none is given), with valid lengths and checksums,
 * padded to 60 bytes. */
static void
trace_build_frame(const struct ofp_match *m, struct buf *f)
{
    static const uint8_t dflt_dst[6] = { 0, 0, 0, 0, 0, 2 };
    static const uint8_t dflt_src[6] = { 0, 0, 0, 0, 0, 1 };
    static const uint8_t v6_src[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
    static const uint8_t v6_dst[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 2 };
    static const uint8_t zero_mac[6];
    const uint8_t *eth_src = fbytes(m, OXM_ETH_SRC, dflt_src);
    size_t start = f->size;

    buf_put(f, fbytes(m, OXM_ETH_DST, dflt_dst), 6);
    buf_put(f, eth_src, 6);
    uint16_t vid = (uint16_t)fval(m, OXM_VLAN_VID, 0);
    if (vid & OFPVID_PRESENT) {
        buf_put_be16(f, 0x8100);
        buf_put_be16(
            f, (uint16_t)(fval(m, OXM_VLAN_PCP, 0) << 13 | (vid & 0xfff)));
    }
    uint16_t eth_type = (uint16_t)fval(m, OXM_ETH_TYPE, 0x88b5);
    buf_put_be16(f, eth_type);

    uint8_t tos =
        (uint8_t)(fval(m, OXM_IP_DSCP, 0) << 2 | (fval(m, OXM_IP_ECN, 0) & 3));
    uint8_t proto = (uint8_t)fval(m, OXM_IP_PROTO, 0);
    switch (eth_type) {
    case 0x0800: {
        uint8_t src[4], dst[4];
        put_be32(src, (uint32_t)fval(m, OXM_IPV4_SRC, 0x0a000001));
        put_be32(dst, (uint32_t)fval(m, OXM_IPV4_DST, 0x0a000002));
        size_t ip = f->size;
        buf_put_u8(f, 0x45);
        buf_put_u8(f, tos);
        buf_put_be16(f, 0);
        buf_put_be16(f, 0);
        buf_put_be16(f, 0);
        buf_put_u8(f, 64);
        buf_put_u8(f, proto);
        buf_put_be16(f, 0);
        buf_put(f, src, 4);
        buf_put(f, dst, 4);
        trace_build_l4(m, f, proto, src, dst, 4);
        buf_set_be16(f, ip + 2, (uint16_t)(f->size - ip));
        buf_set_be16(f, ip + 10, csum_finish(csum_add(0, f->data + ip, 20)));
        break;
    }
    case 0x86dd: {
        const uint8_t *src = fbytes(m, OXM_IPV6_SRC, v6_src);
        const uint8_t *dst = fbytes(m, OXM_IPV6_DST, v6_dst);
        size_t ip = f->size;
        buf_put_be32(f, 6u << 28 | (uint32_t)tos << 20 |
                            ((uint32_t)fval(m, OXM_IPV6_FLABEL, 0) & 0xfffff));
        buf_put_be16(f, 0);
        buf_put_u8(f, proto);
        buf_put_u8(f, 64);
        buf_put(f, src, 16);
        buf_put(f, dst, 16);
        trace_build_l4(m, f, proto, src, dst, 16);
        buf_set_be16(f, ip + 4, (uint16_t)(f->size - ip - 40));
        break;
    }
    case 0x0806:
    case 0x8035:
        buf_put_be16(f, 1);
        buf_put_be16(f, 0x0800);
        buf_put_u8(f, 6);
        buf_put_u8(f, 4);
        buf_put_be16(f, (uint16_t)fval(m, OXM_ARP_OP, 1));
        buf_put(f, fbytes(m, OXM_ARP_SHA, eth_src), 6);
        buf_put_be32(f, (uint32_t)fval(m, OXM_ARP_SPA, 0x0a000001));
        buf_put(f, fbytes(m, OXM_ARP_THA, zero_mac), 6);
        buf_put_be32(f, (uint32_t)fval(m, OXM_ARP_TPA, 0x0a000002));
        break;
    case 0x8847:
    case 0x8848:
        buf_put_be32(f, (uint32_t)(fval(m, OXM_MPLS_LABEL, 0) << 12 |
                                   fval(m, OXM_MPLS_TC, 0) << 9 |
                                   fval(m, OXM_MPLS_BOS, 1) << 8 | 64));
        break;
    default:
        break;
    }
    while (f->size - start < 60) {
        buf_put_u8(f, 0);
    }
}

/* "trace SWITCH FLOW": builds the frame FLOW describes (see
 * trace_build_frame()), has ofswitchd run it through its pipeline without
 * forwarding it (OFSW_TRACE_REQUEST) and prints the steps it reports. */
/* Parses 'flow' (a match; 'cmd' names the command for messages) and
 * appends the frame it describes to 'frame', storing its in_port (if any:
 * 'need_in_port' makes it mandatory) in '*in_port'. */
static bool
flow_to_frame(const char *cmd, const char *flow, bool need_in_port,
              uint32_t *in_port, struct buf *frame)
{
    struct ofp_match m;
    char *error = ofp_match_parse(flow, &m);

    if (error) {
        ofctl_error("%s: %s: %s", cmd, flow, error);
        free(error);
        ofp_match_uninit(&m);
        return false;
    }
    if (need_in_port && !ofp_match_has(&m, OXM_IN_PORT)) {
        ofctl_error("%s: %s: the flow must give in_port", cmd, flow);
        ofp_match_uninit(&m);
        return false;
    }
    if (ofp_match_has(&m, OXM_METADATA) || ofp_match_has(&m, OXM_TUNNEL_ID) ||
        ofp_match_has(&m, OXM_IN_PHY_PORT)) {
        ofctl_error("%s: warning: metadata, tunnel_id and in_phy_port are "
                    "not part of a frame and are ignored",
                    cmd);
    }
    *in_port = (uint32_t)fval(&m, OXM_IN_PORT, OFPP_CONTROLLER);
    trace_build_frame(&m, frame);
    ofp_match_uninit(&m);
    return true;
}

/* "compose-packet FLOW": prints, in hex, the Ethernet frame that FLOW
 * describes, the one "trace" would send (ovs-ofctl compose-packet
 * --bare). */
static int
cmd_compose_packet(const struct ofctl_options *opts, int argc, char *argv[])
{
    struct buf frame = BUF_INITIALIZER;
    struct buf out = BUF_INITIALIZER;
    uint32_t in_port;
    int status = OFCTL_EXIT_FAILURE;

    if (flow_to_frame(argv[0], argv[1], false, &in_port, &frame)) {
        for (size_t i = 0; i < frame.size; i++) {
            ofp_text_printf(&out, "%02x", frame.data[i]);
        }
        put_cstr(&out, "\n");
        status = ofctl_emit(&out) ? 0 : OFCTL_EXIT_FAILURE;
    }
    buf_uninit(&frame);
    buf_uninit(&out);
    return status;
}

/* "trace SWITCH FLOW": builds the frame FLOW describes (see
 * trace_build_frame()), has ofswitchd run it through its pipeline without
 * forwarding it (OFSW_TRACE_REQUEST) and prints the steps it reports. */
static int
cmd_trace(const struct ofctl_options *opts, int argc, char *argv[])
{
    struct buf body = BUF_INITIALIZER;
    uint32_t in_port;

    buf_put_be32(&body, 0); /* in_port, set below. */
    buf_put_be32(&body, 0);
    size_t frame_ofs = body.size;
    if (!flow_to_frame(argv[0], argv[2], true, &in_port, &body)) {
        buf_uninit(&body);
        return OFCTL_EXIT_FAILURE;
    }
    buf_set_be32(&body, 0, in_port);

    struct vconn *v = ofctl_open(opts, argv[1], "sock");
    if (!v) {
        buf_uninit(&body);
        return OFCTL_EXIT_FAILURE;
    }
    struct ext_reply er = { .reply_type = OFSW_TRACE_REPLY };
    buf_init(&er.data);
    int status = ofctl_ext_request(v, OFSW_TRACE_REQUEST, body.data, body.size,
                                   &er, argv[0]);
    vconn_close(v);

    if (!status) {
        struct buf out = BUF_INITIALIZER;
        const char *text = ofp_text_cstr(&er.data);
        if (opts->json) {
            struct json j;
            json_init(&j, &out);
            json_begin(&j, '{');
            json_kv_uint(&j, "in_port", in_port);
            json_key(&j, "packet");
            json_sep(&j);
            put_cstr(&out, "\"");
            for (size_t i = frame_ofs; i < body.size; i++) {
                ofp_text_printf(&out, "%02x", body.data[i]);
            }
            put_cstr(&out, "\"");
            json_key(&j, "trace");
            json_begin(&j, '[');
            for (const char *p = text; *p;) {
                size_t len = strcspn(p, "\n");
                json_stringn(&j, p, len);
                p += len + (p[len] == '\n');
            }
            json_end(&j);
            json_end(&j);
        } else {
            buf_put(&out, er.data.data, er.data.size);
            if (er.data.size && er.data.data[er.data.size - 1] != '\n') {
                put_cstr(&out, "\n");
            }
        }
        if (!ofctl_emit(&out)) {
            status = OFCTL_EXIT_FAILURE;
        }
        buf_uninit(&out);
    }
    buf_uninit(&er.data);
    buf_uninit(&body);
    return status;
}

/* --- show-pipeline. ----------------------------------------------------- */

/* What a flow (or a group bucket) leads to. */
enum pl_kind {
    PL_TABLE, /* goto_table */
    PL_GROUP, /* group action */
    PL_PORT,  /* output action */
    PL_METER, /* meter instruction */
    PL_DROP,  /* none of the above: the packet goes nowhere */
};

struct pl_edge {
    enum pl_kind kind;
    uint32_t id;
    uint64_t n_flows;
};

struct pl_edges {
    struct pl_edge *e;
    size_t n, alloc;
};

/* The installed pipeline, as show-pipeline draws it. */
struct pipeline {
    uint64_t n_flows[256];
    bool used[256]; /* Has flows or is the target of a goto_table. */
    struct pl_edges tables[256];
    struct pl_edges scratch; /* One flow's edges, deduplicated. */
    struct ofp_msg groups;   /* GROUP_DESC, merged (none in 1.0). */
    struct ofp_msg meters;   /* METER_CONFIG, merged (none before 1.3). */
    struct ofp_port *ports;  /* For the names of ports; owned. */
    size_t n_ports;
};

/* Counts one more flow on edge (kind, id) of 'es'. */
static void
pl_edge_add(struct pl_edges *es, enum pl_kind kind, uint32_t id,
            uint64_t n_flows)
{
    for (size_t i = 0; i < es->n; i++) {
        if (es->e[i].kind == kind && es->e[i].id == id) {
            es->e[i].n_flows += n_flows;
            return;
        }
    }
    if (es->n >= es->alloc) {
        es->alloc = es->alloc ? es->alloc * 2 : 8;
        es->e = xreallocarray(es->e, es->alloc, sizeof *es->e);
    }
    es->e[es->n++] = (struct pl_edge){ kind, id, n_flows };
}

static int
pl_edge_compare(const void *a_, const void *b_)
{
    const struct pl_edge *a = a_, *b = b_;

    if (a->kind != b->kind) {
        return a->kind < b->kind ? -1 : 1;
    }
    return a->id < b->id ? -1 : a->id > b->id;
}

/* Adds the outputs and groups of 'acts' to 'es'.  Returns true if any
 * action sends the packet somewhere. */
static bool
pl_actions_edges(const struct ofp_actions *acts, struct pl_edges *es)
{
    bool forwards = false;

    for (size_t i = 0; i < acts->n; i++) {
        const struct ofp_action *a = &acts->a[i];
        if (a->type == OFPAT_OUTPUT) {
            pl_edge_add(es, PL_PORT, a->u.output.port, 1);
            forwards = true;
        } else if (a->type == OFPAT_GROUP) {
            pl_edge_add(es, PL_GROUP, a->u.group_id, 1);
            forwards = true;
        }
    }
    return forwards;
}

static bool
pl_collect_part(struct ofp_msg *part, void *pl_)
{
    struct pipeline *pl = pl_;
    const struct ofp_multipart_reply *r = &part->u.mp_reply;

    for (size_t i = 0; i < r->n; i++) {
        const struct ofp_flow_stats *fs = &r->u.flow[i];
        const struct ofp_instructions *in = &fs->instructions;
        struct pl_edges *es = &pl->scratch;
        bool forwards = false;

        es->n = 0;
        if (ofp_instructions_has(in, OFPIT_GOTO_TABLE)) {
            pl_edge_add(es, PL_TABLE, in->goto_table, 1);
            pl->used[in->goto_table] = true;
            forwards = true;
        }
        if (ofp_instructions_has(in, OFPIT_METER)) {
            pl_edge_add(es, PL_METER, in->meter_id, 1);
        }
        forwards |= pl_actions_edges(&in->apply, es);
        forwards |= pl_actions_edges(&in->write, es);
        if (!forwards) {
            pl_edge_add(es, PL_DROP, 0, 1);
        }

        pl->n_flows[fs->table_id]++;
        pl->used[fs->table_id] = true;
        for (size_t k = 0; k < es->n; k++) {
            pl_edge_add(&pl->tables[fs->table_id], es->e[k].kind, es->e[k].id,
                        1);
        }
    }
    return true;
}

/* The name of port 'port_no' from PORT_DESC, or NULL. */
static const char *
pl_port_name(const struct pipeline *pl, uint32_t port_no)
{
    for (size_t i = 0; i < pl->n_ports; i++) {
        if (pl->ports[i].port_no == port_no) {
            return pl->ports[i].name;
        }
    }
    return NULL;
}

/* "port 1 (eth0)", "CONTROLLER", "group 5", ... */
static void
pl_target_format(const struct pipeline *pl, enum pl_kind kind, uint32_t id,
                 struct buf *b)
{
    switch (kind) {
    case PL_TABLE:
        ofp_text_printf(b, "table %" PRIu32, id);
        break;
    case PL_GROUP:
        ofp_text_printf(b, "group %" PRIu32, id);
        break;
    case PL_PORT: {
        const char *name = pl_port_name(pl, id);
        if (id <= OFPP_MAX) {
            put_cstr(b, "port ");
        }
        ofp_port_format(id, b);
        if (name && *name) {
            put_cstr(b, " (");
            for (const char *p = name; *p; p++) {
                char c = *p >= 32 && *p < 127 ? *p : '?';
                buf_put(b, &c, 1);
            }
            put_cstr(b, ")");
        }
        break;
    }
    case PL_METER:
        ofp_text_printf(b, "meter %" PRIu32, id);
        break;
    case PL_DROP:
        put_cstr(b, "drop");
        break;
    }
}

static void
pl_text(const struct pipeline *pl, struct buf *out)
{
    const struct ofp_multipart_reply *groups = &pl->groups.u.mp_reply;
    const struct ofp_multipart_reply *meters = &pl->meters.u.mp_reply;
    uint64_t n_flows = 0;
    int n_tables = 0;

    for (int t = 0; t < 256; t++) {
        n_flows += pl->n_flows[t];
        n_tables += pl->used[t];
    }
    ofp_text_printf(out,
                    "%d table%s in use, %" PRIu64 " flow%s, %zu group%s, "
                    "%zu meter%s\n",
                    n_tables, plural((uint64_t)n_tables), n_flows,
                    plural(n_flows), groups->n, plural(groups->n), meters->n,
                    plural(meters->n));

    for (int t = 0; t < 256; t++) {
        const struct pl_edges *es = &pl->tables[t];
        if (!pl->used[t]) {
            continue;
        }
        ofp_text_printf(out, "\ntable %d: %" PRIu64 " flow%s\n", t,
                        pl->n_flows[t], plural(pl->n_flows[t]));
        for (size_t i = 0; i < es->n; i++) {
            put_cstr(out, es->e[i].kind == PL_METER ? "    via " : "    -> ");
            pl_target_format(pl, es->e[i].kind, es->e[i].id, out);
            ofp_text_printf(out, " (%" PRIu64 " flow%s)\n", es->e[i].n_flows,
                            plural(es->e[i].n_flows));
        }
    }

    for (size_t i = 0; i < groups->n; i++) {
        const struct ofp_group_desc *g = &groups->u.group_desc[i];
        ofp_text_printf(out, "\ngroup %" PRIu32 ": type=%s, %zu bucket%s\n",
                        g->group_id, group_type_name(g->type), g->buckets.n,
                        plural(g->buckets.n));
        for (size_t k = 0; k < g->buckets.n; k++) {
            const struct ofp_bucket *bk = &g->buckets.b[k];
            ofp_text_printf(out, "    bucket %zu:", k);
            if (g->type == OFPGT_SELECT) {
                ofp_text_printf(out, " weight=%" PRIu16, bk->weight);
            }
            if (g->type == OFPGT_FF) {
                put_cstr(out, " watch_port=");
                ofp_port_format(bk->watch_port, out);
                if (bk->watch_group != OFPG_ANY) {
                    ofp_text_printf(out, " watch_group=%" PRIu32,
                                    bk->watch_group);
                }
            }
            put_cstr(out, " actions=");
            ofp_actions_format(&bk->actions, out);
            put_cstr(out, "\n");
        }
    }

    for (size_t i = 0; i < meters->n; i++) {
        const struct ofp_meter_config *mc = &meters->u.meter_config[i];
        struct buf t = BUF_INITIALIZER;
        ofp_text_printf(out, "\nmeter %" PRIu32 ":", mc->meter_id);
        for (int bit = 0; bit < 4; bit++) {
            if (mc->flags & (1u << bit)) {
                ofp_text_printf(out, " %s", meter_flag_names[bit]);
            }
        }
        ofp_text_printf(out, ", %zu band%s\n", mc->bands.n,
                        plural(mc->bands.n));
        ofp_meter_bands_format(&mc->bands, &t);
        for (const char *p = ofp_text_cstr(&t); *p;) {
            p += *p == '\n';
            size_t len = strcspn(p, "\n");
            if (len) {
                put_cstr(out, "    ");
                buf_put(out, p, len);
                put_cstr(out, "\n");
            }
            p += len;
        }
        buf_uninit(&t);
    }
}

/* Appends 's' as the inside of a DOT string: quotes and backslashes
 * escaped, anything unprintable replaced. */
static void
dot_escape(struct buf *b, const char *s)
{
    for (; *s; s++) {
        char c = *s >= 32 && *s < 127 ? *s : '?';
        if (c == '"' || c == '\\') {
            put_cstr(b, "\\");
        }
        buf_put(b, &c, 1);
    }
}

/* The DOT node id of a target: t0, g5, p1, m3, drop. */
static void
dot_node_id(enum pl_kind kind, uint32_t id, struct buf *b)
{
    static const char prefix[] = {
        [PL_TABLE] = 't', [PL_GROUP] = 'g', [PL_PORT] = 'p', [PL_METER] = 'm'
    };

    if (kind == PL_DROP) {
        put_cstr(b, "drop");
    } else {
        ofp_text_printf(b, "%c%" PRIu32, prefix[kind], id);
    }
}

/* Declares the node of a target that is not a table, once. */
static void
dot_declare(const struct pipeline *pl, struct pl_edges *declared,
            enum pl_kind kind, uint32_t id, struct buf *out)
{
    struct buf label = BUF_INITIALIZER;

    for (size_t i = 0; i < declared->n; i++) {
        if (declared->e[i].kind == kind && declared->e[i].id == id) {
            return;
        }
    }
    pl_edge_add(declared, kind, id, 0);
    pl_target_format(pl, kind, id, &label);
    put_cstr(out, "    ");
    dot_node_id(kind, id, out);
    switch (kind) {
    case PL_PORT:
        put_cstr(out, " [shape=ellipse, label=\"");
        break;
    case PL_METER:
        put_cstr(out, " [shape=octagon, label=\"");
        break;
    case PL_DROP:
        put_cstr(out, " [shape=plaintext, label=\"");
        break;
    default:
        put_cstr(out, " [shape=box, style=dashed, label=\"");
        break;
    }
    dot_escape(out, ofp_text_cstr(&label));
    if (kind == PL_GROUP) {
        put_cstr(out, "\\n(not installed)");
    }
    put_cstr(out, "\"];\n");
    buf_uninit(&label);
}

static void
dot_edge(enum pl_kind from, uint32_t from_id, enum pl_kind to, uint32_t id,
         const char *style, const char *label, struct buf *out)
{
    put_cstr(out, "    ");
    dot_node_id(from, from_id, out);
    put_cstr(out, " -> ");
    dot_node_id(to, id, out);
    ofp_text_printf(out, " [%slabel=\"", style);
    dot_escape(out, label);
    put_cstr(out, "\"];\n");
}

static void
pl_dot(const struct pipeline *pl, struct buf *out)
{
    const struct ofp_multipart_reply *groups = &pl->groups.u.mp_reply;
    const struct ofp_multipart_reply *meters = &pl->meters.u.mp_reply;
    struct pl_edges declared = { NULL, 0, 0 };
    struct buf label = BUF_INITIALIZER;

    put_cstr(out, "digraph pipeline {\n"
                  "    rankdir=LR;\n"
                  "    node [fontname=\"Helvetica\", fontsize=10];\n"
                  "    edge [fontname=\"Helvetica\", fontsize=9];\n");

    /* Nodes: tables, groups and meters that exist. */
    for (int t = 0; t < 256; t++) {
        if (pl->used[t]) {
            ofp_text_printf(out,
                            "    t%d [shape=box, style=bold, label=\"table "
                            "%d\\n%" PRIu64 " flow%s\"];\n",
                            t, t, pl->n_flows[t], plural(pl->n_flows[t]));
            pl_edge_add(&declared, PL_TABLE, (uint32_t)t, 0);
        }
    }
    for (size_t i = 0; i < groups->n; i++) {
        const struct ofp_group_desc *g = &groups->u.group_desc[i];
        ofp_text_printf(out,
                        "    g%" PRIu32 " [shape=box, style=rounded, "
                        "label=\"group %" PRIu32 "\\n%s, %zu bucket%s\"];\n",
                        g->group_id, g->group_id, group_type_name(g->type),
                        g->buckets.n, plural(g->buckets.n));
        pl_edge_add(&declared, PL_GROUP, g->group_id, 0);
    }
    for (size_t i = 0; i < meters->n; i++) {
        const struct ofp_meter_config *mc = &meters->u.meter_config[i];
        buf_clear(&label);
        ofp_text_printf(&label, "meter %" PRIu32, mc->meter_id);
        for (size_t k = 0; k < mc->bands.n; k++) {
            const struct ofp_meter_band *band = &mc->bands.b[k];
            ofp_text_printf(&label, "\n%s %" PRIu32 " %s",
                            band->type < 32 && band_type_names[band->type]
                                ? band_type_names[band->type]
                                : "band",
                            band->rate,
                            mc->flags & OFPMF_PKTPS ? "pktps" : "kbps");
        }
        ofp_text_printf(out, "    m%" PRIu32 " [shape=octagon, label=\"",
                        mc->meter_id);
        for (const char *p = ofp_text_cstr(&label); *p; p++) {
            if (*p == '\n') {
                put_cstr(out, "\\n");
            } else {
                char one[2] = { *p, '\0' };
                dot_escape(out, one);
            }
        }
        put_cstr(out, "\"];\n");
        pl_edge_add(&declared, PL_METER, mc->meter_id, 0);
    }

    /* Edges from tables. */
    for (int t = 0; t < 256; t++) {
        const struct pl_edges *es = &pl->tables[t];
        for (size_t i = 0; i < es->n; i++) {
            const struct pl_edge *e = &es->e[i];
            dot_declare(pl, &declared, e->kind, e->id, out);
            buf_clear(&label);
            ofp_text_printf(&label, "%" PRIu64 " flow%s", e->n_flows,
                            plural(e->n_flows));
            dot_edge(PL_TABLE, (uint32_t)t, e->kind, e->id,
                     e->kind == PL_METER ? "style=dashed, " : "",
                     ofp_text_cstr(&label), out);
        }
    }

    /* Edges from group buckets. */
    for (size_t i = 0; i < groups->n; i++) {
        const struct ofp_group_desc *g = &groups->u.group_desc[i];
        for (size_t k = 0; k < g->buckets.n; k++) {
            struct pl_edges es = { NULL, 0, 0 };
            pl_actions_edges(&g->buckets.b[k].actions, &es);
            buf_clear(&label);
            ofp_text_printf(&label, "bucket %zu", k);
            if (g->type == OFPGT_SELECT) {
                ofp_text_printf(&label, " (weight %" PRIu16 ")",
                                g->buckets.b[k].weight);
            }
            for (size_t e = 0; e < es.n; e++) {
                dot_declare(pl, &declared, es.e[e].kind, es.e[e].id, out);
                dot_edge(PL_GROUP, g->group_id, es.e[e].kind, es.e[e].id, "",
                         ofp_text_cstr(&label), out);
            }
            free(es.e);
        }
    }
    put_cstr(out, "}\n");
    free(declared.e);
    buf_uninit(&label);
}

static void
pl_json(const struct pipeline *pl, struct buf *out)
{
    static const char *const kinds[] = {
        [PL_TABLE] = "table", [PL_GROUP] = "group", [PL_PORT] = "port",
        [PL_METER] = "meter", [PL_DROP] = "drop",
    };
    struct json j;

    json_init(&j, out);
    json_begin(&j, '{');
    json_key(&j, "tables");
    json_begin(&j, '[');
    for (int t = 0; t < 256; t++) {
        const struct pl_edges *es = &pl->tables[t];
        if (!pl->used[t]) {
            continue;
        }
        json_begin(&j, '{');
        json_kv_uint(&j, "table_id", (uint64_t)t);
        json_kv_uint(&j, "flow_count", pl->n_flows[t]);
        json_key(&j, "edges");
        json_begin(&j, '[');
        for (size_t i = 0; i < es->n; i++) {
            json_begin(&j, '{');
            json_kv_str(&j, "to", kinds[es->e[i].kind]);
            if (es->e[i].kind != PL_DROP) {
                json_kv_uint(&j, "id", es->e[i].id);
            }
            if (es->e[i].kind == PL_PORT) {
                json_kv_port(&j, "port", es->e[i].id);
            }
            json_kv_uint(&j, "flow_count", es->e[i].n_flows);
            json_end(&j);
        }
        json_end(&j);
        json_end(&j);
    }
    json_end(&j);
    json_key(&j, "groups");
    json_begin(&j, '[');
    json_mp_reply_elements(&j, &pl->groups.u.mp_reply);
    json_end(&j);
    json_key(&j, "meters");
    json_begin(&j, '[');
    json_mp_reply_elements(&j, &pl->meters.u.mp_reply);
    json_end(&j);
    json_end(&j);
}

/* "show-pipeline SWITCH [--dot]": the installed pipeline -- tables with
 * their flow counts and where their flows lead (goto_table, groups,
 * output ports, meters, drop), groups and their buckets, meters -- as
 * text, Graphviz DOT (--dot) or JSON. */
static int
cmd_show_pipeline(const struct ofctl_options *opts, int argc, char *argv[])
{
    struct pipeline *pl = xzalloc(sizeof *pl);
    struct ofp_msg req;
    int status = OFCTL_EXIT_FAILURE;

    if (opts->dot && opts->json) {
        ofctl_error("show-pipeline: --dot and --json exclude each other");
        free(pl);
        return OFCTL_EXIT_USAGE;
    }
    ofp_msg_init(&pl->groups, OFP13_VERSION, 0, 0);
    ofp_msg_init(&pl->meters, OFP13_VERSION, 0, 0);

    struct vconn *v = ofctl_open(opts, argv[1], "sock");
    if (!v) {
        goto out;
    }
    mp_request_init(&req, OFPMP_FLOW);
    req.u.mp_request.u.flow.table_id = OFPTT_ALL;
    req.u.mp_request.u.flow.out_port = OFPP_ANY;
    req.u.mp_request.u.flow.out_group = OFPG_ANY;
    bool ok = !ofctl_dump(v, &req, pl_collect_part, pl);
    ofp_msg_uninit(&req);

    /* Groups came with 1.1, meters with 1.3. */
    uint8_t version = vconn_get_version(v);
    if (ok && version >= OFP11_VERSION) {
        mp_request_init(&req, OFPMP_GROUP_DESC);
        ofp_msg_uninit(&pl->groups);
        ok = ofctl_dump_all(v, &req, &pl->groups);
        ofp_msg_uninit(&req);
    }
    if (ok && version >= OFP13_VERSION) {
        mp_request_init(&req, OFPMP_METER_CONFIG);
        req.u.mp_request.u.meter_id = OFPM_ALL;
        ofp_msg_uninit(&pl->meters);
        ok = ofctl_dump_all(v, &req, &pl->meters);
        ofp_msg_uninit(&req);
    }
    if (ok) {
        ok = ofctl_get_ports(v, &pl->ports, &pl->n_ports);
    }
    vconn_close(v);
    if (!ok) {
        goto out;
    }

    for (int t = 0; t < 256; t++) {
        struct pl_edges *es = &pl->tables[t];
        if (es->n > 1) {
            qsort(es->e, es->n, sizeof *es->e, pl_edge_compare);
        }
    }
    struct buf out = BUF_INITIALIZER;
    if (opts->dot) {
        pl_dot(pl, &out);
    } else if (opts->json) {
        pl_json(pl, &out);
    } else {
        pl_text(pl, &out);
    }
    status = ofctl_emit(&out) ? 0 : OFCTL_EXIT_FAILURE;
    buf_uninit(&out);

out:
    for (int t = 0; t < 256; t++) {
        free(pl->tables[t].e);
    }
    free(pl->scratch.e);
    ofp_msg_uninit(&pl->groups);
    ofp_msg_uninit(&pl->meters);
    free(pl->ports);
    free(pl);
    return status;
}

/* --- help. -------------------------------------------------------------- */

static int
cmd_help(const struct ofctl_options *opts, int argc, char *argv[])
{
    ofctl_usage(stdout);
    return 0;
}

/* --- Command table and main(). ------------------------------------------ */

#define J OFCTL_OPT_JSON
static const struct ofctl_command ofctl_commands[] = {
    /* The switch. */
    { "show", 1, 1, J, "SWITCH", "features, ports and configuration",
      cmd_show },
    { "dump-desc", 1, 1, J, "SWITCH", "switch description", cmd_simple_dump },
    { "dump-tables", 1, 1, J, "SWITCH", "table statistics", cmd_simple_dump },
    { "dump-table-features", 1, 1, J, "SWITCH", "table features",
      cmd_simple_dump },
    { "mod-table", 3, 3, 0, "SWITCH TABLE SETTING",
      "set a table's config (drop, continue, controller or a number)",
      cmd_mod_table },
    { "dump-ports", 1, 2, J, "SWITCH [PORT]", "port statistics",
      cmd_dump_ports },
    { "dump-ports-desc", 1, 2, J, "SWITCH [PORT]", "port descriptions",
      cmd_dump_ports_desc },
    { "mod-port", 3, 3, 0, "SWITCH PORT ACTION",
      "up|down|receive|noreceive|forward|noforward|packet-in|nopacket-in",
      cmd_mod_port },
    { "add-port", 2, 2, J, "SWITCH SPEC[@N]",
      "open a port in ofswitchd (tap:NAME, afpacket:IF, ...)", cmd_add_port },
    { "del-port", 2, 2, 0, "SWITCH PORT", "close a port in ofswitchd",
      cmd_del_port },
    { "dump-fdb", 1, 1, J, "SWITCH", "ofswitchd's learned MAC table",
      cmd_dump_fdb },

    /* Flows. */
    { "dump-flows", 1, 2, J | OFCTL_OPT_SORT, "SWITCH [FLOW]",
      "flow entries (--sort/--rsort[=FIELD])", cmd_dump_flows },
    { "dump-aggregate", 1, 2, J, "SWITCH [FLOW]", "aggregate flow statistics",
      cmd_dump_aggregate },
    { "add-flow", 2, 2, 0, "SWITCH FLOW", "add a flow ('-': from stdin)",
      cmd_flow_mod },
    { "add-flows", 2, 2, 0, "SWITCH FILE",
      "add (or modify, delete) the flows in FILE ('-': stdin)", cmd_flow_mod },
    { "mod-flows", 2, 2, OFCTL_OPT_STRICT, "SWITCH FLOW",
      "modify the actions of matching flows", cmd_flow_mod },
    { "del-flows", 1, 2, OFCTL_OPT_STRICT, "SWITCH [FLOW]",
      "delete matching flows (all without FLOW)", cmd_flow_mod },
    { "replace-flows", 2, 2, OFCTL_OPT_READD, "SWITCH FILE",
      "make the flow tables equal to FILE", cmd_replace_flows },
    { "diff-flows", 2, 2, 0, "SOURCE1 SOURCE2",
      "compare the flows of two switches or files", cmd_diff_flows },

    /* Groups. */
    { "add-group", 2, 2, 0, "SWITCH GROUP", "add a group ('-': from stdin)",
      cmd_group_mod },
    { "add-groups", 2, 2, 0, "SWITCH FILE", "add the groups in FILE",
      cmd_group_mod },
    { "mod-group", 2, 2, 0, "SWITCH GROUP", "modify a group", cmd_group_mod },
    { "del-groups", 1, 2, 0, "SWITCH [GROUP]",
      "delete a group (all without GROUP)", cmd_del_groups },
    { "dump-groups", 1, 2, J, "SWITCH [GROUP]", "group descriptions",
      cmd_dump_groups },
    { "dump-group-stats", 1, 2, J, "SWITCH [GROUP]", "group statistics",
      cmd_dump_group_stats },
    { "dump-group-features", 1, 1, J, "SWITCH", "group features",
      cmd_simple_dump },

    /* Meters. */
    { "add-meter", 2, 2, 0, "SWITCH METER", "add a meter", cmd_meter_mod },
    { "mod-meter", 2, 2, 0, "SWITCH METER", "modify a meter", cmd_meter_mod },
    { "del-meters", 1, 2, 0, "SWITCH [METER]",
      "delete a meter (all without METER)", cmd_del_meters },
    { "dump-meters", 1, 2, J, "SWITCH [METER]", "meter configurations",
      cmd_dump_meters },
    { "meter-stats", 1, 2, J, "SWITCH [METER]", "meter statistics",
      cmd_dump_meters },
    { "meter-features", 1, 1, J, "SWITCH", "meter features", cmd_simple_dump },

    /* Queues. */
    { "queue-stats", 1, 3, J, "SWITCH [PORT [QUEUE]]", "queue statistics",
      cmd_queue_stats },
    { "queue-get-config", 1, 2, J, "SWITCH [PORT]", "queue configuration",
      cmd_queue_get_config },

    /* Packets, messages, connections. */
    { "packet-out", 2, INT_MAX, 0, "SWITCH in_port=P packet=HEX actions=A",
      "send a packet through actions (or: IN_PORT ACTIONS PACKET...)",
      cmd_packet_out },
    { "monitor", 1, 2, 0, "SWITCH [MISS-LEN]",
      "print asynchronous messages as they arrive", cmd_monitor },
    { "snoop", 1, 1, 0, "SWITCH",
      "print what the switch exchanges with its controllers", cmd_snoop },
    { "probe", 1, 1, 0, "SWITCH", "check that the switch answers an echo",
      cmd_probe },
    { "ping", 1, 2, J, "SWITCH [N]",
      "time 10 echo round trips with N bytes of payload", cmd_ping },
    { "get-role", 1, 1, J, "SWITCH", "this connection's controller role",
      cmd_get_role },
    { "set-role", 2, 3, J, "SWITCH ROLE [GENERATION_ID]",
      "request role master, slave or equal", cmd_set_role },

    /* ofswitchd's views. */
    { "show-pipeline", 1, 1, J | OFCTL_OPT_DOT, "SWITCH",
      "tables, groups and meters as a graph (--dot: Graphviz)",
      cmd_show_pipeline },
    { "trace", 2, 2, J, "SWITCH FLOW",
      "show how ofswitchd's pipeline handles the packet FLOW describes",
      cmd_trace },

    /* Offline. */
    { "parse-flow", 1, 1, OFCTL_OPT_HEX, "[--hex] FLOW",
      "print the OpenFlow 1.3 flow_mod that FLOW describes", cmd_parse_flow },
    { "parse-flows", 1, 1, OFCTL_OPT_HEX, "[--hex] FILE",
      "parse-flow for each line of FILE ('-': stdin)", cmd_parse_flows },
    { "compose-packet", 1, 1, 0, "FLOW",
      "print the frame that FLOW describes (as trace sends it) in hex",
      cmd_compose_packet },
    { "ofp-print", 1, INT_MAX, 0, "HEX...",
      "decode and print OpenFlow messages given in hex", cmd_ofp_print },
    { "help", 0, 0, 0, "", "print this help", cmd_help },
};
#undef J

static const struct ofctl_command *
ofctl_command_find(const char *name)
{
    for (size_t i = 0; i < ARRAY_SIZE(ofctl_commands); i++) {
        if (!strcmp(ofctl_commands[i].name, name)) {
            return &ofctl_commands[i];
        }
    }
    return NULL;
}

static void
ofctl_usage(FILE *stream)
{
    fprintf(stream, "usage: ofctl [OPTIONS] COMMAND [ARG...]\n"
                    "ofctl manages OpenFlow switches (ovs-ofctl style).\n"
                    "SWITCH is a switch name (its control socket in "
                    "/run/ofswitch),\n"
                    "unix:PATH, tcp:HOST[:PORT] or ssl:HOST[:PORT] "
                    "(port 6653 by default).\n"
                    "\n"
                    "Commands:\n");
    for (size_t i = 0; i < ARRAY_SIZE(ofctl_commands); i++) {
        const struct ofctl_command *c = &ofctl_commands[i];
        char synopsis[128];

        snprintf(synopsis, sizeof synopsis, "%s%s%s", c->name,
                 *c->args ? " " : "", c->args);
        if (strlen(synopsis) > 34) {
            fprintf(stream, "  %s\n  %-34s %s\n", synopsis, "", c->help);
        } else {
            fprintf(stream, "  %-34s %s\n", synopsis, c->help);
        }
    }
    fprintf(stream,
            "\n"
            "Options:\n"
            "  -O, --protocols=LIST     allowed OpenFlow versions, "
            "comma-separated:\n"
            "                           OpenFlow10, OpenFlow11, OpenFlow13 "
            "(default)\n"
            "  -t, --timeout=SECS       give up after SECS seconds "
            "(monitor, snoop: stop)\n"
            "      --strict             strict matching for mod-flows and "
            "del-flows\n"
            "      --json               print JSON (commands that print "
            "state)\n"
            "      --sort[=FIELD]       sort dump-flows by FIELD "
            "(default: priority)\n"
            "      --rsort[=FIELD]      likewise, in descending order\n"
            "      --readd              replace-flows re-adds unchanged "
            "flows\n"
            "      --dot                show-pipeline as Graphviz DOT\n"
            "      --hex                also print encoded messages in hex "
            "(parse-flow)\n"
            "      --private-key=FILE   TLS key for ssl: (PEM)\n"
            "      --certificate=FILE   TLS certificate for ssl: (PEM)\n"
            "      --ca-cert=FILE       CA certificate to verify the "
            "switch (PEM)\n"
            "  -h, --help               print this help and exit\n"
            "  -V, --version            print the version and exit\n"
            "\n"
            "Exit status: 0 on success, 1 if a command fails, 2 for a bad "
            "command line\n"
            "(diff-flows: 2 if the sources differ).  See ofctl(8).\n");
}

/* Parses an -O list such as "OpenFlow13" or "OpenFlow10,OpenFlow13" into a
 * version bitmap.  Returns false for an unknown name or a list without a
 * version this ofctl speaks. */
static bool
ofctl_parse_protocols(const char *s, uint32_t *versions)
{
    static const struct {
        const char *name;
        uint8_t version;
    } names[] = {
        { "OpenFlow10", OFP10_VERSION }, { "OpenFlow11", OFP11_VERSION },
        { "OpenFlow12", OFP12_VERSION }, { "OpenFlow13", OFP13_VERSION },
        { "OpenFlow14", OFP14_VERSION }, { "OpenFlow15", OFP15_VERSION },
    };
    char *copy = xstrdup(s);
    char *save = NULL;
    bool ok = true;

    *versions = 0;
    for (char *tok = strtok_r(copy, ",", &save); tok;
         tok = strtok_r(NULL, ",", &save)) {
        size_t i;
        for (i = 0; i < ARRAY_SIZE(names); i++) {
            if (!strcasecmp(tok, names[i].name)) {
                *versions |= UINT32_C(1) << names[i].version;
                break;
            }
        }
        if (i == ARRAY_SIZE(names)) {
            ofctl_error("-O: unknown protocol `%s' (use OpenFlow10, "
                        "OpenFlow11 or OpenFlow13)",
                        tok);
            ok = false;
            break;
        }
    }
    if (ok && !*versions) {
        ofctl_error("-O: no protocol given");
        ok = false;
    } else if (ok && !(*versions & OFCTL_SUPPORTED_VERSIONS)) {
        ofctl_error("-O %s: this ofctl speaks OpenFlow10, OpenFlow11 and "
                    "OpenFlow13 only",
                    s);
        ok = false;
    }
    free(copy);
    return ok;
}

static bool
ofctl_parse_timeout(const char *s, int *timeout)
{
    char *end;

    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v <= 0 || v > INT_MAX / 1000) {
        ofctl_error("--timeout: `%s' is not a positive number of seconds", s);
        return false;
    }
    *timeout = (int)v;
    return true;
}

/* Adds a --sort/--rsort criterion: "priority" (the default) or a match
 * field. */
static bool
ofctl_parse_sort(const char *arg, bool descending, struct ofctl_options *o)
{
    static const struct {
        const char *name;
        enum oxm_field fields[3];
        size_t n;
    } aliases[] = {
        { "tp_src", { OXM_TCP_SRC, OXM_UDP_SRC, OXM_SCTP_SRC }, 3 },
        { "tp_dst", { OXM_TCP_DST, OXM_UDP_DST, OXM_SCTP_DST }, 3 },
        { "nw_tos", { OXM_IP_DSCP }, 1 },
        { "dl_vlan", { OXM_VLAN_VID }, 1 },
        { "vlan_tci", { OXM_VLAN_VID }, 1 },
        { "dl_vlan_pcp", { OXM_VLAN_PCP }, 1 },
    };

    if (o->n_sort >= OFCTL_MAX_SORT_KEYS) {
        ofctl_error("at most %d --sort/--rsort options", OFCTL_MAX_SORT_KEYS);
        return false;
    }
    struct ofctl_sort_key *sk = &o->sort[o->n_sort];
    memset(sk, 0, sizeof *sk);
    sk->descending = descending;
    if (!arg || !strcmp(arg, "priority")) {
        sk->by_priority = true;
    } else {
        size_t i;
        for (i = 0; i < ARRAY_SIZE(aliases); i++) {
            if (!strcmp(arg, aliases[i].name)) {
                memcpy(sk->fields, aliases[i].fields, sizeof sk->fields);
                sk->n_fields = aliases[i].n;
                break;
            }
        }
        if (i == ARRAY_SIZE(aliases)) {
            if (!oxm_field_from_text_name(arg, &sk->fields[0])) {
                ofctl_error("--%ssort: unknown field `%s'",
                            descending ? "r" : "", arg);
                return false;
            }
            sk->n_fields = 1;
        }
    }
    o->n_sort++;
    return true;
}

int
main(int argc, char *argv[])
{
    enum {
        OPT_STRICT = UCHAR_MAX + 1,
        OPT_JSON,
        OPT_HEX,
        OPT_SORT,
        OPT_RSORT,
        OPT_READD,
        OPT_DOT,
        OPT_PRIVATE_KEY,
        OPT_CERTIFICATE,
        OPT_CA_CERT,
    };
    static const struct option long_options[] = {
        { "protocols", required_argument, NULL, 'O' },
        { "strict", no_argument, NULL, OPT_STRICT },
        { "timeout", required_argument, NULL, 't' },
        { "json", no_argument, NULL, OPT_JSON },
        { "hex", no_argument, NULL, OPT_HEX },
        { "sort", optional_argument, NULL, OPT_SORT },
        { "rsort", optional_argument, NULL, OPT_RSORT },
        { "readd", no_argument, NULL, OPT_READD },
        { "dot", no_argument, NULL, OPT_DOT },
        { "private-key", required_argument, NULL, OPT_PRIVATE_KEY },
        { "certificate", required_argument, NULL, OPT_CERTIFICATE },
        { "ca-cert", required_argument, NULL, OPT_CA_CERT },
        { "help", no_argument, NULL, 'h' },
        { "version", no_argument, NULL, 'V' },
        { NULL, 0, NULL, 0 },
    };
    struct ofctl_options opts = {
        .versions = UINT32_C(1) << OFP13_VERSION,
    };
    unsigned int given = 0; /* OFCTL_OPT_* present on the command line. */

    /* A closed pipe or socket is reported by write errors, not a signal. */
    signal(SIGPIPE, SIG_IGN);

    opterr = 0; /* We print our own messages. */
    for (;;) {
        int c = getopt_long(argc, argv, ":O:t:hV", long_options, NULL);
        if (c == -1) {
            break;
        }
        switch (c) {
        case 'O':
            if (!ofctl_parse_protocols(optarg, &opts.versions)) {
                return OFCTL_EXIT_USAGE;
            }
            break;
        case OPT_STRICT:
            opts.strict = true;
            given |= OFCTL_OPT_STRICT;
            break;
        case 't':
            if (!ofctl_parse_timeout(optarg, &opts.timeout)) {
                return OFCTL_EXIT_USAGE;
            }
            break;
        case OPT_JSON:
            opts.json = true;
            given |= OFCTL_OPT_JSON;
            break;
        case OPT_HEX:
            opts.hex = true;
            given |= OFCTL_OPT_HEX;
            break;
        case OPT_SORT:
        case OPT_RSORT:
            if (!ofctl_parse_sort(optarg, c == OPT_RSORT, &opts)) {
                return OFCTL_EXIT_USAGE;
            }
            given |= OFCTL_OPT_SORT;
            break;
        case OPT_READD:
            opts.readd = true;
            given |= OFCTL_OPT_READD;
            break;
        case OPT_DOT:
            opts.dot = true;
            given |= OFCTL_OPT_DOT;
            break;
        case OPT_PRIVATE_KEY:
            opts.private_key = optarg;
            break;
        case OPT_CERTIFICATE:
            opts.certificate = optarg;
            break;
        case OPT_CA_CERT:
            opts.ca_cert = optarg;
            break;
        case 'h':
            ofctl_usage(stdout);
            return 0;
        case 'V':
            printf("ofctl (%s) %s\nOpenFlow versions 0x%x:0x%x\n",
                   PACKAGE_NAME, PACKAGE_VERSION, OFP10_VERSION,
                   OFP13_VERSION);
            return 0;
        case ':':
            ofctl_error("option `%s' requires an argument", argv[optind - 1]);
            fprintf(stderr, "Try `ofctl --help' for more information.\n");
            return OFCTL_EXIT_USAGE;
        default:
            if (optopt) {
                ofctl_error("unknown option `-%c'", optopt);
            } else {
                ofctl_error("unknown option `%s'", argv[optind - 1]);
            }
            fprintf(stderr, "Try `ofctl --help' for more information.\n");
            return OFCTL_EXIT_USAGE;
        }
    }

    if (optind >= argc) {
        ofctl_error("missing command");
        fprintf(stderr, "Try `ofctl --help' for more information.\n");
        return OFCTL_EXIT_USAGE;
    }

    const struct ofctl_command *cmd = ofctl_command_find(argv[optind]);
    if (!cmd) {
        ofctl_error("unknown command `%s'", argv[optind]);
        fprintf(stderr, "Try `ofctl --help' for more information.\n");
        return OFCTL_EXIT_USAGE;
    }

    int n_args = argc - optind - 1;
    if (n_args < cmd->min_args || n_args > cmd->max_args) {
        ofctl_error("%s: %s", cmd->name,
                    n_args < cmd->min_args ? "missing argument"
                                           : "too many arguments");
        fprintf(stderr, "usage: ofctl %s %s\n", cmd->name, cmd->args);
        return OFCTL_EXIT_USAGE;
    }
    /* As in ovs-ofctl, --strict and --json mean nothing to commands that
     * neither match flows nor print state, and are accepted by all; the
     * options that change what a command does are not. */
    unsigned int lenient = OFCTL_OPT_STRICT | OFCTL_OPT_JSON;
    if (given & ~cmd->accepts & ~lenient) {
        for (size_t i = 0; i < ARRAY_SIZE(ofctl_option_names); i++) {
            if (given & ~cmd->accepts & ~lenient & (1u << i)) {
                ofctl_error("%s: %s is not valid for this command", cmd->name,
                            ofctl_option_names[i]);
                break;
            }
        }
        return OFCTL_EXIT_USAGE;
    }

    int status = cmd->handler(&opts, argc - optind, argv + optind);
    if (fflush(stdout) || ferror(stdout)) {
        if (errno != EPIPE) {
            ofctl_error("write error on standard output");
        }
        return OFCTL_EXIT_FAILURE;
    }
    return status;
}
