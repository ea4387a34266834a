/* tools/ofconn-lib.c -- OpenFlow 1.3 connections for the tools (see
 * ofconn-lib.h).
 *
 * Each connection is a bufferevent: a plain socket, or OpenSSL on top of
 * one.  Input is framed by the OpenFlow header's length and each whole
 * message is handed up straight from the input buffer (made contiguous),
 * without a copy: a connection is only freed from its own 'reap' event, so
 * the buffer outlives every callback.  A per-connection timer, ticking
 * twice a second, enforces the HELLO timeout, the inactivity probe and the
 * limit on flushing a closing connection. */
#include <config.h>
#include "tools/ofconn-lib.h"

#include <arpa/inet.h>
#include <errno.h>
#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/bufferevent_ssl.h>
#include <event2/event.h>
#include <event2/listener.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "ofp13/msgs.h"
#include "ofp13/ofp.h"
#include "util/buf.h"
#include "util/cur.h"
#include "util/list.h"
#include "util/log.h"
#include "util/xalloc.h"

#define MOD "ofconn"

#define TICK_MS 500
#define CLOSE_TIMEOUT_MS 2000
#define DEFAULT_HELLO_TIMEOUT_MS 10000
/* Read up to this much per read() call: a benchmark peer sends fast. */
#define MAX_SINGLE_READ (256 * 1024)

enum tc_state {
    TC_S_CONNECTING, /* Transport (and TLS handshake) in progress. */
    TC_S_HELLO,      /* Our HELLO sent, waiting for the peer's. */
    TC_S_UP,         /* Negotiated. */
    TC_S_CLOSING,    /* Flushing output, then closing. */
    TC_S_DEAD,       /* Waiting for the reap event. */
};

struct tc_listener {
    struct list node; /* In tc_ctx's 'listeners'. */
    struct tc_ctx *ctx;
    struct tc_target target;
    struct evconnlistener *evl;
    char name[320];
};

struct tc_conn {
    struct list node; /* In tc_ctx's 'conns'. */
    struct tc_ctx *ctx;
    struct bufferevent *bev;
    struct event *timer;
    struct event *reap;
    enum tc_state state;
    bool negotiated;
    bool is_ssl;
    uint64_t state_since_ms;
    uint64_t last_rx_ms;
    bool probe_sent;
    uint64_t probe_at_ms;
    uint32_t next_xid;
    void *user;
    char why[128]; /* Reason for closing, once known. */
    char name[400];
};

struct tc_ctx {
    struct event_base *base;
    struct tc_options opts;
    struct tc_callbacks cbs;
    void *aux;
    struct list conns;
    struct list listeners;
    SSL_CTX *ssl_client;
    SSL_CTX *ssl_server;
};

static struct log_ratelimit tc_rl = LOG_RATELIMIT_INIT(60, 20);

uint64_t
tc_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + ts.tv_nsec;
}

static uint64_t
now_ms(void)
{
    return tc_now_ns() / 1000000u;
}

/* --- Targets. ------------------------------------------------------------ */

static char *
parse_port(const char *spec, const char *s, size_t len, uint16_t *port)
{
    char digits[8];
    char *end;

    if (!len || len >= sizeof digits) {
        return xasprintf("%s: bad port", spec);
    }
    memcpy(digits, s, len);
    digits[len] = '\0';
    long v = strtol(digits, &end, 10);
    if (*end || v <= 0 || v > 65535) {
        return xasprintf("%s: bad port `%s'", spec, digits);
    }
    *port = (uint16_t)v;
    return NULL;
}

/* Copies 'len' bytes of 's' into 'dst' (room for 'size' bytes with the
 * NUL).  Returns false if it does not fit. */
static bool
copy_str(char *dst, size_t size, const char *s, size_t len)
{
    if (len >= size) {
        return false;
    }
    memcpy(dst, s, len);
    dst[len] = '\0';
    return true;
}

char *
tc_target_parse(const char *spec, struct tc_target *t)
{
    const char *colon = strchr(spec, ':');

    memset(t, 0, sizeof *t);
    t->port = OFP_TCP_PORT;
    if (!colon) {
        return xasprintf("%s: a target needs a type (tcp:, ssl:, unix:, "
                         "ptcp:, pssl:, punix:)",
                         spec);
    }
    const char *type = spec;
    size_t tlen = colon - spec;
    const char *rest = colon + 1;
    if (tlen > 1 && type[0] == 'p') {
        t->passive = true;
        type++;
        tlen--;
    }
    if (tlen == 3 && !strncmp(type, "tcp", 3)) {
        t->transport = TC_TCP;
    } else if (tlen == 3 && !strncmp(type, "ssl", 3)) {
        t->transport = TC_SSL;
    } else if (tlen == 4 && !strncmp(type, "unix", 4)) {
        t->transport = TC_UNIX;
    } else {
        return xasprintf("%s: unknown connection type", spec);
    }

    if (t->transport == TC_UNIX) {
        if (!*rest) {
            return xasprintf("%s: missing socket path", spec);
        }
        if (!copy_str(t->path, sizeof t->path, rest, strlen(rest))) {
            return xasprintf("%s: socket path too long", spec);
        }
        return NULL;
    }

    if (!t->passive) {
        /* HOST[:PORT], with an IPv6 literal in brackets. */
        const char *host = rest, *port = NULL;
        size_t hlen;
        if (*rest == '[') {
            const char *close = strchr(rest, ']');
            if (!close) {
                return xasprintf("%s: missing `]'", spec);
            }
            host = rest + 1;
            hlen = close - host;
            if (close[1] == ':') {
                port = close + 2;
            } else if (close[1]) {
                return xasprintf("%s: junk after `]'", spec);
            }
        } else {
            const char *c = strchr(rest, ':');
            hlen = c ? (size_t)(c - rest) : strlen(rest);
            port = c ? c + 1 : NULL;
        }
        if (!hlen) {
            return xasprintf("%s: missing host", spec);
        }
        if (!copy_str(t->host, sizeof t->host, host, hlen)) {
            return xasprintf("%s: host name too long", spec);
        }
        return port ? parse_port(spec, port, strlen(port), &t->port) : NULL;
    }

    /* Passive: [PORT][:IP]. */
    strcpy(t->host, "127.0.0.1");
    const char *c = strchr(rest, ':');
    size_t plen = c ? (size_t)(c - rest) : strlen(rest);
    if (plen) {
        char *err = parse_port(spec, rest, plen, &t->port);
        if (err) {
            return err;
        }
    }
    if (c) {
        const char *ip = c + 1;
        size_t iplen = strlen(ip);
        if (iplen > 2 && ip[0] == '[' && ip[iplen - 1] == ']') {
            ip++;
            iplen -= 2;
        }
        if (!iplen || !copy_str(t->host, sizeof t->host, ip, iplen)) {
            return xasprintf("%s: bad address", spec);
        }
    }
    return NULL;
}

void
tc_target_format(const struct tc_target *t, char *buf, size_t size)
{
    static const char *const names[] = { "tcp", "ssl", "unix" };
    const char *p = t->passive ? "p" : "";

    if (t->transport == TC_UNIX) {
        snprintf(buf, size, "%sunix:%s", p, t->path);
    } else if (t->passive) {
        bool v6 = strchr(t->host, ':') != NULL;
        snprintf(buf, size, "p%s:%u:%s%s%s", names[t->transport], t->port,
                 v6 ? "[" : "", t->host, v6 ? "]" : "");
    } else {
        bool v6 = strchr(t->host, ':') != NULL;
        snprintf(buf, size, "%s:%s%s%s:%u", names[t->transport], v6 ? "[" : "",
                 t->host, v6 ? "]" : "", t->port);
    }
}

/* Resolves 'target' into a socket address.  Returns 0 or a positive
 * errno. */
static int
target_addr(const struct tc_target *t, struct sockaddr_storage *ss,
            socklen_t *len)
{
    memset(ss, 0, sizeof *ss);
    if (t->transport == TC_UNIX) {
        struct sockaddr_un *sun = (struct sockaddr_un *)ss;
        sun->sun_family = AF_UNIX;
        memcpy(sun->sun_path, t->path, strlen(t->path) + 1);
        *len = sizeof *sun;
        return 0;
    }

    struct addrinfo hints, *res;
    char port[8];
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = t->passive ? AI_PASSIVE : 0;
    snprintf(port, sizeof port, "%u", t->port);
    int err = getaddrinfo(t->host, port, &hints, &res);
    if (err) {
        return err == EAI_SYSTEM ? errno : EHOSTUNREACH;
    }
    if (res->ai_addrlen > sizeof *ss) {
        freeaddrinfo(res);
        return EAFNOSUPPORT;
    }
    memcpy(ss, res->ai_addr, res->ai_addrlen);
    *len = res->ai_addrlen;
    freeaddrinfo(res);
    return 0;
}

/* --- TLS. ---------------------------------------------------------------- */

/* Describes the first OpenSSL error queued on 'bev' in 'buf' (libevent
 * keeps them per bufferevent; the later ones add nothing) and empties the
 * queue.  Returns false if there was none. */
static bool
ssl_error_string(struct bufferevent *bev, char *buf, size_t size)
{
    unsigned long e;
    bool any = false;

    while ((e = bufferevent_get_openssl_error(bev))) {
        char text[256];
        ERR_error_string_n(e, text, sizeof text);
        if (!any) {
            snprintf(buf, size, "TLS error: %.100s", text);
            any = true;
        }
    }
    return any;
}

static SSL_CTX *
ssl_ctx_create(const struct tc_options *o, bool server, char **errp)
{
    SSL_CTX *ctx =
        SSL_CTX_new(server ? TLS_server_method() : TLS_client_method());
    if (!ctx) {
        *errp = xstrdup("cannot create a TLS context");
        return NULL;
    }
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
#ifdef SSL_OP_IGNORE_UNEXPECTED_EOF
    /* A peer that closes without close_notify has simply gone away; a
     * truncation attack cannot cut an OpenFlow message short unnoticed,
     * because framing checks every length. */
    SSL_CTX_set_options(ctx, SSL_OP_IGNORE_UNEXPECTED_EOF);
#endif
    if (SSL_CTX_use_certificate_chain_file(ctx, o->certificate) != 1) {
        *errp = xasprintf("%s: cannot load certificate", o->certificate);
        goto error;
    }
    if (SSL_CTX_use_PrivateKey_file(ctx, o->private_key, SSL_FILETYPE_PEM) !=
        1) {
        *errp = xasprintf("%s: cannot load private key", o->private_key);
        goto error;
    }
    if (SSL_CTX_check_private_key(ctx) != 1) {
        *errp = xasprintf("%s: private key does not match certificate %s",
                          o->private_key, o->certificate);
        goto error;
    }
    if (SSL_CTX_load_verify_locations(ctx, o->ca_cert, NULL) != 1) {
        *errp = xasprintf("%s: cannot load CA certificate", o->ca_cert);
        goto error;
    }
    /* The peer's certificate is always verified, in both directions. */
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT,
                       NULL);
    return ctx;

error:
    ERR_clear_error();
    SSL_CTX_free(ctx);
    return NULL;
}

/* Makes sure both TLS contexts exist.  Returns 0 or EINVAL with '*errp'
 * set. */
static int
ssl_ready(struct tc_ctx *ctx, char **errp)
{
    const struct tc_options *o = &ctx->opts;

    if (ctx->ssl_client) {
        return 0;
    }
    if (!o->private_key || !o->certificate || !o->ca_cert) {
        *errp = xstrdup("ssl: and pssl: need --private-key, --certificate "
                        "and --ca-cert");
        return EINVAL;
    }
    ctx->ssl_client = ssl_ctx_create(o, false, errp);
    if (!ctx->ssl_client) {
        return EINVAL;
    }
    ctx->ssl_server = ssl_ctx_create(o, true, errp);
    if (!ctx->ssl_server) {
        SSL_CTX_free(ctx->ssl_client);
        ctx->ssl_client = NULL;
        return EINVAL;
    }
    return 0;
}

/* --- Context. ------------------------------------------------------------ */

static char *
dup_or_null(const char *s)
{
    return s ? xstrdup(s) : NULL;
}

struct tc_ctx *
tc_ctx_create(struct event_base *base, const struct tc_options *opts,
              const struct tc_callbacks *cbs, void *aux)
{
    struct tc_ctx *ctx = xzalloc(sizeof *ctx);

    ctx->base = base;
    ctx->opts = *opts;
    ctx->opts.private_key = dup_or_null(opts->private_key);
    ctx->opts.certificate = dup_or_null(opts->certificate);
    ctx->opts.ca_cert = dup_or_null(opts->ca_cert);
    if (!ctx->opts.hello_timeout_ms) {
        ctx->opts.hello_timeout_ms = DEFAULT_HELLO_TIMEOUT_MS;
    }
    ctx->cbs = *cbs;
    ctx->aux = aux;
    list_init(&ctx->conns);
    list_init(&ctx->listeners);
    return ctx;
}

static void conn_free(struct tc_conn *);

void
tc_ctx_destroy(struct tc_ctx *ctx)
{
    struct tc_conn *c, *next;
    struct tc_listener *l, *lnext;

    if (!ctx) {
        return;
    }
    LIST_FOR_EACH_SAFE(l, lnext, node, &ctx->listeners)
    {
        list_remove(&l->node);
        evconnlistener_free(l->evl);
        if (l->target.transport == TC_UNIX) {
            unlink(l->target.path);
        }
        free(l);
    }
    LIST_FOR_EACH_SAFE(c, next, node, &ctx->conns)
    {
        if (!c->why[0]) {
            snprintf(c->why, sizeof c->why, "shutting down");
        }
        conn_free(c);
    }
    SSL_CTX_free(ctx->ssl_client);
    SSL_CTX_free(ctx->ssl_server);
    free((char *)ctx->opts.private_key);
    free((char *)ctx->opts.certificate);
    free((char *)ctx->opts.ca_cert);
    free(ctx);
}

size_t
tc_ctx_n_conns(const struct tc_ctx *ctx)
{
    const struct tc_conn *c;
    size_t n = 0;

    LIST_FOR_EACH(c, node, &ctx->conns)
    {
        n += c->state == TC_S_UP;
    }
    return n;
}

/* --- Connection life cycle. --------------------------------------------- */

static void timer_cb(evutil_socket_t, short, void *);
static void reap_cb(evutil_socket_t, short, void *);

static void
set_state(struct tc_conn *c, enum tc_state s)
{
    c->state = s;
    c->state_since_ms = now_ms();
}

static struct tc_conn *
conn_alloc(struct tc_ctx *ctx)
{
    struct tc_conn *c = xzalloc(sizeof *c);
    struct timeval tick = { 0, TICK_MS * 1000 };

    c->ctx = ctx;
    c->next_xid = 1;
    c->timer = event_new(ctx->base, -1, EV_PERSIST, timer_cb, c);
    c->reap = event_new(ctx->base, -1, 0, reap_cb, c);
    event_add(c->timer, &tick);
    list_push_back(&ctx->conns, &c->node);
    set_state(c, TC_S_CONNECTING);
    return c;
}

/* Calls 'closed' and frees 'c'. */
static void
conn_free(struct tc_conn *c)
{
    struct tc_ctx *ctx = c->ctx;

    list_remove(&c->node);
    if (c->bev) {
        bufferevent_free(c->bev);
        c->bev = NULL;
    }
    event_free(c->timer);
    event_free(c->reap);
    c->state = TC_S_DEAD;
    if (ctx->cbs.closed) {
        ctx->cbs.closed(c, c->why[0] ? c->why : "closed", ctx->aux);
    }
    free(c);
}

static void
reap_cb(evutil_socket_t fd, short what, void *c_)
{
    conn_free(c_);
}

/* Ends 'c' now: no more input or output; it is freed from the event loop.
 * The first reason given sticks. */
static void
conn_kill(struct tc_conn *c, const char *why)
{
    if (c->state == TC_S_DEAD) {
        return;
    }
    if (!c->why[0]) {
        snprintf(c->why, sizeof c->why, "%s", why);
    }
    if (c->bev) {
        bufferevent_disable(c->bev, EV_READ | EV_WRITE);
    }
    set_state(c, TC_S_DEAD);
    event_active(c->reap, 0, 0);
}

void
tc_conn_close(struct tc_conn *c, const char *why)
{
    if (c->state == TC_S_DEAD || c->state == TC_S_CLOSING) {
        return;
    }
    if (!c->why[0]) {
        snprintf(c->why, sizeof c->why, "%s", why ? why : "closed");
    }
    if (!c->bev || !evbuffer_get_length(bufferevent_get_output(c->bev))) {
        conn_kill(c, c->why);
        return;
    }
    set_state(c, TC_S_CLOSING);
    bufferevent_disable(c->bev, EV_READ);
    /* Get the write callback when the queue is empty, not at 'lowat'. */
    bufferevent_setwatermark(c->bev, EV_WRITE, 0, 0);
}

static void
send_raw(struct tc_conn *c, const struct buf *b)
{
    bufferevent_write(c->bev, b->data, b->size);
}

/* Sends our HELLO: version 1.3 with a bitmap naming 1.3 only (OF1.3.5
 * §7.5.1). */
static void
send_hello(struct tc_conn *c)
{
    struct buf b = BUF_INITIALIZER;

    buf_put_u8(&b, OFP13_VERSION);
    buf_put_u8(&b, OFPT_HELLO);
    buf_put_be16(&b, 16);
    buf_put_be32(&b, c->next_xid++);
    buf_put_be16(&b, OFPHET_VERSIONBITMAP);
    buf_put_be16(&b, 8);
    buf_put_be32(&b, UINT32_C(1) << OFP13_VERSION);
    send_raw(c, &b);
    buf_uninit(&b);
}

/* OF1.3.5 §6.3.1: no common version.  HELLO_FAILED/INCOMPATIBLE is type 0
 * code 0 in every version, with ASCII text as data. */
static void
hello_failed(struct tc_conn *c, uint8_t peer_version, uint32_t xid)
{
    struct buf b = BUF_INITIALIZER;
    char text[160];

    snprintf(text, sizeof text,
             "We support version 0x%02x only, you support version 0x%02x "
             "and below, no common version.",
             OFP13_VERSION, peer_version);
    buf_put_u8(&b,
               peer_version < OFP13_VERSION ? peer_version : OFP13_VERSION);
    buf_put_u8(&b, OFPT_ERROR);
    buf_put_be16(&b, 0);
    buf_put_be32(&b, xid);
    buf_put_be16(&b, 0);
    buf_put_be16(&b, 0);
    buf_put_str(&b, text);
    buf_set_be16(&b, 2, (uint16_t)b.size);
    send_raw(c, &b);
    buf_uninit(&b);
    LOG_RL(&tc_rl, LOG_LVL_WARN, MOD, "%s: %s", c->name, text);
    tc_conn_close(c, "version negotiation failed");
}

/* Negotiates from the peer's HELLO.  With a bitmap, 1.3 must be in it;
 * without one, the lower of the header versions is used, and a peer
 * announcing a version above 1.3 (os-ken sends 0x06 without a bitmap) is
 * negotiated down to 1.3. */
static void
handle_hello(struct tc_conn *c, const uint8_t *data, size_t size)
{
    uint8_t peer = data[0];
    uint32_t bitmap = 0;
    bool has_bitmap = false;

    /* Elements are TLVs padded to 8 bytes; unknown ones are skipped and a
     * malformed list ends the search. */
    struct cur cur = cur_make(data + OFP_HEADER_LEN, size - OFP_HEADER_LEN);
    while (cur.left >= 4) {
        uint16_t type, len;
        struct cur el;
        cur_peek_be16(&cur, 0, &type);
        cur_peek_be16(&cur, 2, &len);
        if (len < 4 || !cur_split(&cur, len, &el)) {
            break;
        }
        size_t pad = (size_t)(len + 7) / 8 * 8 - len;
        cur_skip(&cur, pad < cur.left ? pad : cur.left);
        uint32_t word;
        if (type == OFPHET_VERSIONBITMAP && cur_skip(&el, 4) &&
            cur_get_be32(&el, &word)) {
            bitmap = word;
            has_bitmap = true;
        }
    }

    bool ok = has_bitmap && peer >= OFP13_VERSION
                  ? (bitmap >> OFP13_VERSION) & 1
                  : peer >= OFP13_VERSION;
    if (!ok) {
        hello_failed(c, peer, get_be32(data + 4));
        return;
    }
    set_state(c, TC_S_UP);
    c->negotiated = true;
    LOG_DBG(MOD, "%s: negotiated OpenFlow 1.3", c->name);
    if (c->ctx->cbs.connected) {
        c->ctx->cbs.connected(c, c->ctx->aux);
    }
}

static void
send_error(struct tc_conn *c, enum ofperr error, const uint8_t *data,
           size_t size)
{
    struct buf b = BUF_INITIALIZER;
    ofp_error_encode(error, OFP13_VERSION, get_be32(data + 4), data, size, &b);
    send_raw(c, &b);
    buf_uninit(&b);
}

static void
handle_message(struct tc_conn *c, const uint8_t *data, size_t size)
{
    uint8_t version = data[0], type = data[1];

    c->last_rx_ms = now_ms();
    c->probe_sent = false;
    if (c->state == TC_S_HELLO) {
        if (type == OFPT_HELLO) {
            handle_hello(c, data, size);
        } else {
            LOG_RL(&tc_rl, LOG_LVL_WARN, MOD,
                   "%s: message type %u before HELLO", c->name, type);
            send_error(c, OFPERR_OFPBRC_BAD_TYPE, data, size);
            tc_conn_close(c, "no HELLO from peer");
        }
        return;
    }
    if (type == OFPT_HELLO) {
        return; /* A second HELLO is harmless. */
    }
    if (version != OFP13_VERSION) {
        send_error(c, OFPERR_OFPBRC_BAD_VERSION, data, size);
        return;
    }
    if (type == OFPT_ECHO_REQUEST) {
        /* The reply repeats the xid and the payload. */
        uint8_t stackbuf[256];
        uint8_t *reply = size <= sizeof stackbuf ? stackbuf : xmalloc(size);
        memcpy(reply, data, size);
        reply[1] = OFPT_ECHO_REPLY;
        bufferevent_write(c->bev, reply, size);
        if (reply != stackbuf) {
            free(reply);
        }
        return;
    }
    if (c->ctx->cbs.received) {
        c->ctx->cbs.received(c, data, size, c->ctx->aux);
    }
}

static void
read_cb(struct bufferevent *bev, void *c_)
{
    struct tc_conn *c = c_;
    struct evbuffer *in = bufferevent_get_input(bev);

    while (c->state == TC_S_HELLO || c->state == TC_S_UP) {
        uint8_t hdr[OFP_HEADER_LEN];
        if (evbuffer_copyout(in, hdr, sizeof hdr) < (ssize_t)sizeof hdr) {
            return;
        }
        uint16_t len = get_be16(hdr + 2);
        if (len < OFP_HEADER_LEN) {
            /* Framing is lost: nothing after this can be trusted to start
             * on a message boundary. */
            LOG_RL(&tc_rl, LOG_LVL_WARN, MOD,
                   "%s: message length %u is shorter than its header", c->name,
                   len);
            send_error(c, OFPERR_OFPBRC_BAD_LEN, hdr, sizeof hdr);
            tc_conn_close(c, "bad message length");
            break;
        }
        if (evbuffer_get_length(in) < len) {
            return;
        }
        /* 'msg' stays valid through the callbacks: 'c' and its buffers are
         * only freed from the reap event. */
        const uint8_t *msg = evbuffer_pullup(in, len);
        handle_message(c, msg, len);
        evbuffer_drain(in, len);
    }
    evbuffer_drain(in, evbuffer_get_length(in));
}

static void
write_cb(struct bufferevent *bev, void *c_)
{
    struct tc_conn *c = c_;

    if (c->state == TC_S_CLOSING) {
        if (!evbuffer_get_length(bufferevent_get_output(bev))) {
            conn_kill(c, c->why);
        }
    } else if (c->state == TC_S_UP && c->ctx->cbs.drained) {
        c->ctx->cbs.drained(c, c->ctx->aux);
    }
}

static void
event_cb(struct bufferevent *bev, short what, void *c_)
{
    struct tc_conn *c = c_;

    if (what & BEV_EVENT_CONNECTED) {
        if (c->state == TC_S_CONNECTING) {
            set_state(c, TC_S_HELLO);
            send_hello(c);
        }
        return;
    }
    if (what & (BEV_EVENT_EOF | BEV_EVENT_ERROR | BEV_EVENT_TIMEOUT)) {
        char why[128];
        if (what & BEV_EVENT_EOF) {
            snprintf(why, sizeof why, "connection closed by peer");
        } else if (what & BEV_EVENT_TIMEOUT) {
            snprintf(why, sizeof why, "timeout");
        } else {
            int err = EVUTIL_SOCKET_ERROR();
            if (!c->is_ssl || !ssl_error_string(bev, why, sizeof why)) {
                snprintf(why, sizeof why, "%s",
                         err ? strerror(err) : "transport error");
            }
        }
        conn_kill(c, why);
    }
}

static struct bufferevent *
make_bev(struct tc_ctx *ctx, evutil_socket_t fd, bool ssl, bool server)
{
    struct bufferevent *bev;
    int flags = BEV_OPT_CLOSE_ON_FREE | BEV_OPT_DEFER_CALLBACKS;

    if (ssl) {
        SSL *s = SSL_new(server ? ctx->ssl_server : ctx->ssl_client);
        if (!s) {
            return NULL;
        }
        bev = bufferevent_openssl_socket_new(
            ctx->base, fd, s,
            server ? BUFFEREVENT_SSL_ACCEPTING : BUFFEREVENT_SSL_CONNECTING,
            flags);
        if (bev) {
            bufferevent_openssl_set_allow_dirty_shutdown(bev, 1);
        }
    } else {
        bev = bufferevent_socket_new(ctx->base, fd, flags);
    }
    if (bev) {
        bufferevent_set_max_single_read(bev, MAX_SINGLE_READ);
        if (ctx->opts.write_lowat) {
            bufferevent_setwatermark(bev, EV_WRITE, ctx->opts.write_lowat, 0);
        }
    }
    return bev;
}

static void
set_nodelay(evutil_socket_t fd)
{
    int one = 1;
    if (fd >= 0) {
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    }
}

static void
send_probe(struct tc_conn *c, uint64_t now)
{
    struct buf b = BUF_INITIALIZER;

    buf_put_u8(&b, OFP13_VERSION);
    buf_put_u8(&b, OFPT_ECHO_REQUEST);
    buf_put_be16(&b, OFP_HEADER_LEN);
    buf_put_be32(&b, c->next_xid++);
    send_raw(c, &b);
    buf_uninit(&b);
    c->probe_sent = true;
    c->probe_at_ms = now;
}

static void
timer_cb(evutil_socket_t fd, short what, void *c_)
{
    struct tc_conn *c = c_;
    const struct tc_options *o = &c->ctx->opts;
    uint64_t now = now_ms();
    uint64_t age = now - c->state_since_ms;

    switch (c->state) {
    case TC_S_CONNECTING:
    case TC_S_HELLO:
        if (age >= o->hello_timeout_ms) {
            conn_kill(c, c->state == TC_S_CONNECTING ? "connection timed out"
                                                     : "no HELLO from peer");
        }
        break;
    case TC_S_UP:
        if (!o->probe_ms) {
            break;
        }
        if (!c->probe_sent && now - c->last_rx_ms >= o->probe_ms) {
            send_probe(c, now);
        } else if (c->probe_sent && now - c->probe_at_ms >= o->probe_ms) {
            conn_kill(c, "inactivity probe: no reply");
        }
        break;
    case TC_S_CLOSING:
        if (age >= CLOSE_TIMEOUT_MS) {
            conn_kill(c, c->why); /* The peer does not read; give up. */
        }
        break;
    case TC_S_DEAD:
        break;
    }
}

int
tc_ctx_connect(struct tc_ctx *ctx, const struct tc_target *t,
               struct tc_conn **connp, char **errp)
{
    struct sockaddr_storage ss;
    socklen_t len;
    char name[320];
    int err;

    *errp = NULL;
    tc_target_format(t, name, sizeof name);
    if (t->passive) {
        *errp = xasprintf("%s: a passive target cannot be connected to", name);
        return EINVAL;
    }
    if (t->transport == TC_SSL) {
        err = ssl_ready(ctx, errp);
        if (err) {
            return err;
        }
    }
    err = target_addr(t, &ss, &len);
    if (err) {
        *errp = xasprintf("%s: cannot resolve: %s", name, strerror(err));
        return err;
    }
    struct bufferevent *bev = make_bev(ctx, -1, t->transport == TC_SSL, false);
    if (!bev) {
        *errp = xasprintf("%s: cannot create a connection", name);
        return ENOMEM;
    }
    if (bufferevent_socket_connect(bev, (struct sockaddr *)&ss, len)) {
        err = EVUTIL_SOCKET_ERROR();
        bufferevent_free(bev);
        *errp = xasprintf("%s: cannot connect: %s", name,
                          strerror(err ? err : ECONNREFUSED));
        return err ? err : ECONNREFUSED;
    }

    struct tc_conn *c = conn_alloc(ctx);
    c->bev = bev;
    c->is_ssl = t->transport == TC_SSL;
    snprintf(c->name, sizeof c->name, "%s", name);
    if (t->transport != TC_UNIX) {
        set_nodelay(bufferevent_getfd(bev));
    }
    bufferevent_setcb(bev, read_cb, write_cb, event_cb, c);
    bufferevent_enable(bev, EV_READ | EV_WRITE);
    if (connp) {
        *connp = c;
    }
    return 0;
}

static void
format_peer(const struct sockaddr *sa, char *buf, size_t size)
{
    char ip[INET6_ADDRSTRLEN];

    if (sa->sa_family == AF_INET) {
        const struct sockaddr_in *sin = (const struct sockaddr_in *)sa;
        inet_ntop(AF_INET, &sin->sin_addr, ip, sizeof ip);
        snprintf(buf, size, "%s:%u", ip, ntohs(sin->sin_port));
    } else if (sa->sa_family == AF_INET6) {
        const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)sa;
        inet_ntop(AF_INET6, &sin6->sin6_addr, ip, sizeof ip);
        snprintf(buf, size, "[%s]:%u", ip, ntohs(sin6->sin6_port));
    } else {
        snprintf(buf, size, "unix");
    }
}

static void
accept_cb(struct evconnlistener *evl, evutil_socket_t fd, struct sockaddr *sa,
          int socklen, void *l_)
{
    struct tc_listener *l = l_;
    struct tc_ctx *ctx = l->ctx;
    bool ssl = l->target.transport == TC_SSL;
    char peer[INET6_ADDRSTRLEN + 16];

    struct bufferevent *bev = make_bev(ctx, fd, ssl, true);
    if (!bev) {
        evutil_closesocket(fd);
        return;
    }
    struct tc_conn *c = conn_alloc(ctx);
    c->bev = bev;
    c->is_ssl = ssl;
    format_peer(sa, peer, sizeof peer);
    snprintf(c->name, sizeof c->name, "%s<-%s", l->name, peer);
    if (l->target.transport != TC_UNIX) {
        set_nodelay(fd);
    }
    bufferevent_setcb(bev, read_cb, write_cb, event_cb, c);
    bufferevent_enable(bev, EV_READ | EV_WRITE);
    if (!ssl) {
        /* A TLS connection sends its HELLO once the handshake completes
         * (BEV_EVENT_CONNECTED). */
        set_state(c, TC_S_HELLO);
        send_hello(c);
    }
}

static void
accept_error_cb(struct evconnlistener *evl, void *l_)
{
    struct tc_listener *l = l_;
    int err = EVUTIL_SOCKET_ERROR();

    LOG_RL(&tc_rl, LOG_LVL_WARN, MOD, "%s: accept failed: %s", l->name,
           strerror(err));
}

int
tc_ctx_listen(struct tc_ctx *ctx, const struct tc_target *t, char **errp)
{
    struct sockaddr_storage ss;
    socklen_t len;
    char name[320];
    int err;

    *errp = NULL;
    tc_target_format(t, name, sizeof name);
    if (!t->passive) {
        *errp = xasprintf("%s: an active target cannot be listened on", name);
        return EINVAL;
    }
    if (t->transport == TC_SSL) {
        err = ssl_ready(ctx, errp);
        if (err) {
            return err;
        }
    }
    err = target_addr(t, &ss, &len);
    if (err) {
        *errp =
            xasprintf("%s: cannot resolve address: %s", name, strerror(err));
        return err;
    }
    if (t->transport == TC_UNIX) {
        unlink(t->path); /* A stale socket from an earlier run. */
    }

    struct tc_listener *l = xzalloc(sizeof *l);
    l->ctx = ctx;
    l->target = *t;
    snprintf(l->name, sizeof l->name, "%s", name);
    l->evl = evconnlistener_new_bind(
        ctx->base, accept_cb, l,
        LEV_OPT_CLOSE_ON_FREE | LEV_OPT_REUSEABLE | LEV_OPT_CLOSE_ON_EXEC, -1,
        (struct sockaddr *)&ss, len);
    if (!l->evl) {
        err = errno ? errno : EINVAL;
        *errp = xasprintf("%s: cannot listen: %s", name, strerror(err));
        free(l);
        return err;
    }
    evconnlistener_set_error_cb(l->evl, accept_error_cb);
    list_push_back(&ctx->listeners, &l->node);
    return 0;
}

/* --- Connections. -------------------------------------------------------- */

void
tc_conn_send(struct tc_conn *c, const void *data, size_t size)
{
    if (c->bev && (c->state == TC_S_UP || c->state == TC_S_HELLO)) {
        bufferevent_write(c->bev, data, size);
    }
}

int
tc_conn_send_msg(struct tc_conn *c, const struct ofp_msg *msg)
{
    struct buf b = BUF_INITIALIZER;
    int err = ofp_msg_encode(msg, &b);

    if (!err) {
        tc_conn_send(c, b.data, b.size);
    }
    buf_uninit(&b);
    return err;
}

size_t
tc_conn_pending(const struct tc_conn *c)
{
    return c->bev ? evbuffer_get_length(bufferevent_get_output(c->bev)) : 0;
}

uint32_t
tc_conn_next_xid(struct tc_conn *c)
{
    if (!c->next_xid) {
        c->next_xid = 1;
    }
    return c->next_xid++;
}

bool
tc_conn_is_up(const struct tc_conn *c)
{
    return c->state == TC_S_UP;
}

const char *
tc_conn_name(const struct tc_conn *c)
{
    return c->name;
}

void *
tc_conn_get_user(const struct tc_conn *c)
{
    return c->user;
}

void
tc_conn_set_user(struct tc_conn *c, void *user)
{
    c->user = user;
}
