/* src/chan.c -- OpenFlow connections over libevent (see chan.h).
 *
 * Each connection is a bufferevent (a plain socket, or OpenSSL on top of
 * one).  Input is framed by the OpenFlow header's length; a message is
 * handed up only once it is complete, from a contiguous copy, so the switch
 * layer never sees partial data.  Active connections live for the whole
 * run: when the transport fails they wait (1 s, doubling up to 8 s) and
 * connect again.  Accepted connections are freed when they close. */
#include <config.h>
#include "src/chan.h"

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
#include <openssl/x509.h>
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

#define MOD "chan"

/* Seconds allowed for the peer's HELLO after the transport is up. */
#define HELLO_TIMEOUT_MS 10000
/* How often a connection's timer looks at it. */
#define TICK_MS 500
/* Back-pressure: a connection stops reading requests while this much of
 * its output is unsent (a peer that sends requests but does not read the
 * replies must not make the switch buffer without bound), and reads again
 * once it has drained to RX_RESUME_BYTES. */
#define RX_PAUSE_BYTES (1024 * 1024)
#define RX_RESUME_BYTES (256 * 1024)

enum chan_state {
    CHAN_S_BACKOFF,    /* Active, waiting to reconnect. */
    CHAN_S_CONNECTING, /* Transport (and TLS handshake) in progress. */
    CHAN_S_HELLO,      /* Our HELLO sent, waiting for the peer's. */
    CHAN_S_UP,         /* Negotiated. */
    CHAN_S_CLOSING,    /* Flushing output, then closing. */
};

struct chan_listener {
    struct list node; /* In chan_mgr's 'listeners'. */
    struct chan_mgr *mgr;
    struct chan_target target;
    enum chan_kind kind;
    struct evconnlistener *evl;
    char name[320];
};

struct chan {
    struct list node; /* In chan_mgr's 'chans'. */
    struct chan_mgr *mgr;
    enum chan_kind kind;
    bool active;               /* Reconnects when it fails. */
    struct chan_target target; /* For active connections. */
    struct bufferevent *bev;
    struct event *timer;
    struct event *retry; /* Active: fires when the backoff is over. */
    enum chan_state state;
    uint8_t version; /* Negotiated; 0 before. */
    bool negotiated; /* 'connected' callback was made. */
    unsigned int backoff_ms;
    uint64_t state_since_ms;
    uint64_t last_rx_ms;
    bool probe_sent;
    uint64_t probe_at_ms;
    bool rx_paused; /* Not reading: too much output unsent. */
    uint32_t next_xid;
    void *user;
    char name[400];
    char *peer_subject;
};

struct chan_mgr {
    struct event_base *base;
    struct chan_options opts;
    struct chan_callbacks cbs;
    void *aux;
    struct list chans;
    struct list listeners;
    SSL_CTX *ssl_client;
    SSL_CTX *ssl_server;
};

static struct log_ratelimit chan_rl = LOG_RATELIMIT_INIT(60, 20);

static void chan_start(struct chan *);
static void chan_teardown(struct chan *, const char *why);
static void chan_set_state(struct chan *, enum chan_state);
static void chan_backoff(struct chan *);

static uint64_t
now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* --- Targets. ------------------------------------------------------------ */

static char *
parse_port(const char *s, uint16_t *port)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (!*s || *end || v <= 0 || v > 65535) {
        return xasprintf("bad port `%s'", s);
    }
    *port = v;
    return NULL;
}

char *
chan_target_parse(const char *spec, struct chan_target *t)
{
    const char *colon = strchr(spec, ':');
    memset(t, 0, sizeof *t);
    t->port = OFP_TCP_PORT;
    if (!colon) {
        return xasprintf("%s: connection target needs a type "
                         "(tcp:, ssl:, unix:, ptcp:, pssl:, punix:)",
                         spec);
    }
    size_t tlen = colon - spec;
    const char *rest = colon + 1;
    const char *type = spec;
    if (tlen > 1 && spec[0] == 'p') {
        t->passive = true;
        type++;
        tlen--;
    }
    if (tlen == 3 && !strncmp(type, "tcp", 3)) {
        t->transport = CHAN_TCP;
    } else if (tlen == 3 && !strncmp(type, "ssl", 3)) {
        t->transport = CHAN_SSL;
    } else if (tlen == 4 && !strncmp(type, "unix", 4)) {
        t->transport = CHAN_UNIX;
    } else {
        return xasprintf("%s: unknown connection type", spec);
    }

    if (t->transport == CHAN_UNIX) {
        if (!*rest) {
            return xasprintf("%s: missing socket path", spec);
        }
        if (strlen(rest) >= sizeof t->path) {
            return xasprintf("%s: socket path too long", spec);
        }
        strcpy(t->path, rest);
        return NULL;
    }

    if (!t->passive) {
        /* HOST[:PORT]; an IPv6 literal goes in brackets. */
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
        if (hlen >= sizeof t->host) {
            return xasprintf("%s: host name too long", spec);
        }
        memcpy(t->host, host, hlen);
        t->host[hlen] = '\0';
        if (port) {
            char *err = parse_port(port, &t->port);
            if (err) {
                char *e2 = xasprintf("%s: %s", spec, err);
                free(err);
                return e2;
            }
        }
        return NULL;
    }

    /* Passive: [PORT][:IP]. */
    strcpy(t->host, "127.0.0.1");
    const char *c = strchr(rest, ':');
    size_t plen = c ? (size_t)(c - rest) : strlen(rest);
    if (plen) {
        char pbuf[16];
        if (plen >= sizeof pbuf) {
            return xasprintf("%s: bad port", spec);
        }
        memcpy(pbuf, rest, plen);
        pbuf[plen] = '\0';
        char *err = parse_port(pbuf, &t->port);
        if (err) {
            char *e2 = xasprintf("%s: %s", spec, err);
            free(err);
            return e2;
        }
    }
    if (c) {
        const char *ip = c + 1;
        size_t iplen = strlen(ip);
        if (*ip == '[' && iplen > 2 && ip[iplen - 1] == ']') {
            ip++;
            iplen -= 2;
        }
        if (!iplen || iplen >= sizeof t->host) {
            return xasprintf("%s: bad address", spec);
        }
        memcpy(t->host, ip, iplen);
        t->host[iplen] = '\0';
    }
    return NULL;
}

void
chan_target_format(const struct chan_target *t, char *buf, size_t size)
{
    static const char *const names[] = { "tcp", "ssl", "unix" };
    if (t->transport == CHAN_UNIX) {
        snprintf(buf, size, "%s%s:%s", t->passive ? "p" : "",
                 names[t->transport], t->path);
    } else if (t->passive) {
        snprintf(buf, size, "p%s:%u:%s", names[t->transport], t->port,
                 t->host);
    } else {
        bool v6 = strchr(t->host, ':') != NULL;
        snprintf(buf, size, "%s:%s%s%s:%u", names[t->transport], v6 ? "[" : "",
                 t->host, v6 ? "]" : "", t->port);
    }
}

/* Resolves a TCP target to a socket address.  Numeric addresses only need
 * no lookup; names go through getaddrinfo() (blocking, at start-up and on
 * reconnect only). */
static int
resolve(const struct chan_target *t, struct sockaddr_storage *ss,
        socklen_t *len)
{
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
    memcpy(ss, res->ai_addr, res->ai_addrlen);
    *len = res->ai_addrlen;
    freeaddrinfo(res);
    return 0;
}

static void
unix_addr(const struct chan_target *t, struct sockaddr_storage *ss,
          socklen_t *len)
{
    struct sockaddr_un *sun = (struct sockaddr_un *)ss;
    memset(ss, 0, sizeof *ss);
    sun->sun_family = AF_UNIX;
    strcpy(sun->sun_path, t->path);
    *len = sizeof *sun;
}

/* --- TLS. ---------------------------------------------------------------- */

/* Logs why a TLS connection failed: the certificate verification result
 * if the peer's certificate was refused, then OpenSSL's error codes.
 * bufferevent_openssl moves OpenSSL's per-thread errors into the
 * bufferevent as it sees them, so they are read from 'bev' first. */
static void
log_ssl_errors(struct bufferevent *bev, const char *what, const char *name)
{
    SSL *ssl = bufferevent_openssl_get_ssl(bev);
    unsigned long e;
    char buf[256];
    bool any = false;

    if (ssl) {
        long v = SSL_get_verify_result(ssl);
        if (v != X509_V_OK) {
            LOG_RL(&chan_rl, LOG_LVL_WARN, MOD,
                   "%s: %s: peer certificate refused: %s", name, what,
                   X509_verify_cert_error_string(v));
            any = true;
        }
    }
    while ((e = bufferevent_get_openssl_error(bev)) || (e = ERR_get_error())) {
        if (!ERR_GET_LIB(e)) {
            continue; /* libevent's copy of an SSL_get_error() code. */
        }
        ERR_error_string_n(e, buf, sizeof buf);
        LOG_RL(&chan_rl, LOG_LVL_WARN, MOD, "%s: %s: %s", name, what, buf);
        any = true;
    }
    if (!any) {
        LOG_RL(&chan_rl, LOG_LVL_WARN, MOD, "%s: %s", name, what);
    }
}

static SSL_CTX *
ssl_ctx_create(const struct chan_options *o, bool server, char **errp)
{
    SSL_CTX *ctx =
        SSL_CTX_new(server ? TLS_server_method() : TLS_client_method());
    if (!ctx) {
        *errp = xstrdup("cannot create a TLS context");
        return NULL;
    }
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
#ifdef SSL_OP_IGNORE_UNEXPECTED_EOF
    /* A peer that closes without close_notify has just closed: report an
     * end of file, as OpenSSL 1.1 and libevent expect, not an error. */
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

static int
ssl_ready(struct chan_mgr *mgr, char **errp)
{
    const struct chan_options *o = &mgr->opts;
    if (mgr->ssl_client) {
        return 0;
    }
    if (!o->private_key || !o->certificate || !o->ca_cert) {
        *errp = xstrdup("ssl: and pssl: need --private-key, --certificate "
                        "and --ca-cert");
        return EINVAL;
    }
    mgr->ssl_client = ssl_ctx_create(o, false, errp);
    if (!mgr->ssl_client) {
        return EINVAL;
    }
    mgr->ssl_server = ssl_ctx_create(o, true, errp);
    if (!mgr->ssl_server) {
        SSL_CTX_free(mgr->ssl_client);
        mgr->ssl_client = NULL;
        return EINVAL;
    }
    return 0;
}

/* --- Manager. ------------------------------------------------------------ */

static char *
dup_or_null(const char *s)
{
    return s ? xstrdup(s) : NULL;
}

struct chan_mgr *
chan_mgr_create(struct event_base *base, const struct chan_options *opts,
                const struct chan_callbacks *cbs, void *aux)
{
    struct chan_mgr *mgr = xzalloc(sizeof *mgr);
    mgr->base = base;
    mgr->opts = *opts;
    mgr->opts.private_key = dup_or_null(opts->private_key);
    mgr->opts.certificate = dup_or_null(opts->certificate);
    mgr->opts.ca_cert = dup_or_null(opts->ca_cert);
    if (!mgr->opts.backoff_min_ms) {
        mgr->opts.backoff_min_ms = 1000;
    }
    if (!mgr->opts.backoff_max_ms) {
        mgr->opts.backoff_max_ms = 8000;
    }
    mgr->cbs = *cbs;
    mgr->aux = aux;
    list_init(&mgr->chans);
    list_init(&mgr->listeners);
    return mgr;
}

static void chan_free(struct chan *);

void
chan_mgr_destroy(struct chan_mgr *mgr)
{
    struct chan *c, *next;
    struct chan_listener *l, *lnext;

    if (!mgr) {
        return;
    }
    LIST_FOR_EACH_SAFE(c, next, node, &mgr->chans)
    {
        c->active = false;
        chan_teardown(c, NULL);
    }
    LIST_FOR_EACH_SAFE(l, lnext, node, &mgr->listeners)
    {
        list_remove(&l->node);
        evconnlistener_free(l->evl);
        if (l->target.transport == CHAN_UNIX) {
            unlink(l->target.path);
        }
        free(l);
    }
    SSL_CTX_free(mgr->ssl_client);
    SSL_CTX_free(mgr->ssl_server);
    free((char *)mgr->opts.private_key);
    free((char *)mgr->opts.certificate);
    free((char *)mgr->opts.ca_cert);
    free(mgr);
}

size_t
chan_mgr_count(const struct chan_mgr *mgr, enum chan_kind kind)
{
    size_t n = 0;
    const struct chan *c;
    LIST_FOR_EACH(c, node, &mgr->chans)
    {
        n += c->negotiated && c->kind == kind;
    }
    return n;
}

void
chan_mgr_for_each(struct chan_mgr *mgr, void (*cb)(struct chan *, void *),
                  void *aux)
{
    struct chan *c, *next;
    LIST_FOR_EACH_SAFE(c, next, node, &mgr->chans)
    {
        if (c->negotiated && c->state == CHAN_S_UP) {
            cb(c, aux);
        }
    }
}

/* --- Connection life cycle. --------------------------------------------- */

static void timer_cb(evutil_socket_t, short, void *);
static void retry_cb(evutil_socket_t, short, void *);

static struct chan *
chan_alloc(struct chan_mgr *mgr, enum chan_kind kind)
{
    struct chan *c = xzalloc(sizeof *c);
    c->mgr = mgr;
    c->kind = kind;
    c->backoff_ms = mgr->opts.backoff_min_ms;
    c->next_xid = 1;
    c->timer = event_new(mgr->base, -1, EV_PERSIST, timer_cb, c);
    c->retry = evtimer_new(mgr->base, retry_cb, c);
    struct timeval tv = { 0, TICK_MS * 1000 };
    event_add(c->timer, &tv);
    list_push_back(&mgr->chans, &c->node);
    return c;
}

static void
chan_free(struct chan *c)
{
    list_remove(&c->node);
    if (c->timer) {
        event_free(c->timer);
    }
    if (c->retry) {
        event_free(c->retry);
    }
    if (c->bev) {
        bufferevent_free(c->bev);
    }
    free(c->peer_subject);
    free(c);
}

static void
chan_set_state(struct chan *c, enum chan_state s)
{
    c->state = s;
    c->state_since_ms = now_ms();
}

/* Puts an active connection into backoff: it connects again after exactly
 * 'backoff_ms' (a one-shot timer, so the wait does not round up to the
 * next tick of the connection's periodic timer). */
static void
chan_backoff(struct chan *c)
{
    chan_set_state(c, CHAN_S_BACKOFF);
    struct timeval tv = { c->backoff_ms / 1000,
                          (c->backoff_ms % 1000) * 1000 };
    evtimer_add(c->retry, &tv);
}

/* Ends the current transport of 'c'.  An active connection goes to backoff
 * and reconnects; any other is freed.  'why' is logged if non-NULL. */
static void
chan_teardown(struct chan *c, const char *why)
{
    struct chan_mgr *mgr = c->mgr;

    if (why) {
        LOG_INFO(MOD, "%s: connection closed: %s", c->name, why);
    }
    if (c->negotiated) {
        c->negotiated = false;
        if (mgr->cbs.disconnected) {
            mgr->cbs.disconnected(mgr->aux, c);
        }
        c->user = NULL;
        c->backoff_ms = mgr->opts.backoff_min_ms;
    }
    if (c->bev) {
        bufferevent_free(c->bev);
        c->bev = NULL;
    }
    free(c->peer_subject);
    c->peer_subject = NULL;
    c->version = 0;
    c->probe_sent = false;
    c->rx_paused = false;
    if (c->active) {
        chan_backoff(c);
    } else {
        chan_free(c);
    }
}

static void
send_hello(struct chan *c)
{
    uint32_t versions = c->mgr->opts.versions;
    uint8_t max = 0;
    for (int v = 31; v > 0; v--) {
        if (versions & (1u << v)) {
            max = v;
            break;
        }
    }
    /* Header version = our highest; a version-bitmap element lists all
     * (OF1.3.5 §7.5.1).  A 1.0-only switch sends the plain 1.0 HELLO. */
    struct buf b = BUF_INITIALIZER;
    buf_put_u8(&b, max);
    buf_put_u8(&b, OFPT_HELLO);
    buf_put_be16(&b, 0);
    buf_put_be32(&b, c->next_xid++);
    if (max >= OFP13_VERSION) {
        buf_put_be16(&b, OFPHET_VERSIONBITMAP);
        buf_put_be16(&b, 8);
        buf_put_be32(&b, versions);
    }
    buf_set_be16(&b, 2, (uint16_t)b.size);
    bufferevent_write(c->bev, b.data, b.size);
    buf_uninit(&b);
}

static void
hello_failed(struct chan *c, uint8_t version, uint32_t xid,
             uint32_t peer_versions, bool peer_bitmap)
{
    char text[200];
    if (peer_bitmap) {
        snprintf(text, sizeof text,
                 "We support versions bitmap 0x%08x, you support bitmap "
                 "0x%08x, no common version.",
                 c->mgr->opts.versions, peer_versions);
    } else {
        snprintf(text, sizeof text,
                 "We support versions bitmap 0x%08x, you support version "
                 "0x%02x and below, no common version.",
                 c->mgr->opts.versions, version);
    }
    LOG_RL(&chan_rl, LOG_LVL_WARN, MOD, "%s: version negotiation failed: %s",
           c->name, text);

    /* HELLO_FAILED is type 0 code 0 in every version; the data is text. */
    uint8_t our_max = 1;
    for (int v = 31; v > 0; v--) {
        if (c->mgr->opts.versions & (1u << v)) {
            our_max = v;
            break;
        }
    }
    struct buf b = BUF_INITIALIZER;
    buf_put_u8(&b, version < our_max ? version : our_max);
    buf_put_u8(&b, OFPT_ERROR);
    buf_put_be16(&b, 0);
    buf_put_be32(&b, xid);
    buf_put_be16(&b, 0); /* OFPET_HELLO_FAILED */
    buf_put_be16(&b, 0); /* OFPHFC_INCOMPATIBLE */
    buf_put_str(&b, text);
    buf_set_be16(&b, 2, (uint16_t)b.size);
    bufferevent_write(c->bev, b.data, b.size);
    buf_uninit(&b);
    chan_close(c);
}

/* Negotiates from the peer's HELLO (OF1.3.5 §6.3.1). */
static void
handle_hello(struct chan *c, const uint8_t *data, size_t size)
{
    uint8_t peer = data[0];
    uint32_t xid = get_be32(data + 4);
    uint32_t ours = c->mgr->opts.versions;
    uint32_t peer_bitmap = 0;
    bool has_bitmap = false;

    /* Elements: type, length (covering the 4-byte element header), padded
     * to 8.  Unknown elements are skipped; a malformed list ends the
     * search (the header version still counts). */
    struct cur cur = cur_make(data + 8, size - 8);
    while (cur.left >= 4) {
        uint16_t type, len;
        struct cur el;
        cur_peek_be16(&cur, 0, &type);
        cur_peek_be16(&cur, 2, &len);
        if (len < 4 || !cur_split(&cur, len, &el)) {
            break;
        }
        size_t pad = (size_t)((len + 7) / 8) * 8 - len;
        cur_skip(&cur, pad < cur.left ? pad : cur.left);
        if (type == OFPHET_VERSIONBITMAP && len >= 8) {
            uint32_t w;
            cur_skip(&el, 4);
            if (cur_get_be32(&el, &w)) {
                peer_bitmap = w;
                has_bitmap = true;
            }
        }
    }

    uint8_t version = 0;
    if (has_bitmap && peer >= OFP13_VERSION && ours) {
        uint32_t common = ours & peer_bitmap;
        for (int v = 31; v > 0; v--) {
            if (common & (1u << v)) {
                version = v;
                break;
            }
        }
    } else {
        uint8_t our_max = 0;
        for (int v = 31; v > 0; v--) {
            if (ours & (1u << v)) {
                our_max = v;
                break;
            }
        }
        uint8_t v = peer < our_max ? peer : our_max;
        if (v < 32 && (ours & (1u << v))) {
            version = v;
        }
    }
    if (!version) {
        hello_failed(c, peer, xid, peer_bitmap, has_bitmap);
        return;
    }
    c->version = version;
    chan_set_state(c, CHAN_S_UP);
    c->negotiated = true;
    c->backoff_ms = c->mgr->opts.backoff_min_ms;
    LOG_INFO(MOD, "%s: connected (OpenFlow 0x%02x)", c->name, version);
    if (c->mgr->cbs.connected) {
        c->mgr->cbs.connected(c->mgr->aux, c);
    }
}

static void
handle_message(struct chan *c, const uint8_t *data, size_t size)
{
    uint8_t version = data[0], type = data[1];

    c->last_rx_ms = now_ms();
    c->probe_sent = false;
    if (c->state == CHAN_S_HELLO) {
        if (type == OFPT_HELLO) {
            handle_hello(c, data, size);
        } else {
            /* Anything before HELLO: the peer is not speaking OpenFlow as
             * we expect; answer in its version, then close. */
            LOG_RL(&chan_rl, LOG_LVL_WARN, MOD,
                   "%s: message type %u before HELLO", c->name, type);
            struct buf b = BUF_INITIALIZER;
            ofp_error_encode(OFPERR_OFPBRC_BAD_TYPE,
                             version ? version : OFP13_VERSION,
                             get_be32(data + 4), data, size, &b);
            bufferevent_write(c->bev, b.data, b.size);
            buf_uninit(&b);
            chan_close(c);
        }
        return;
    }
    if (c->state != CHAN_S_UP) {
        return;
    }
    if (type == OFPT_HELLO) {
        return; /* A second HELLO is harmless. */
    }
    if (version != c->version) {
        chan_send_error(c, OFPERR_OFPBRC_BAD_VERSION, data, size);
        return;
    }
    /* ECHO_REQUEST/REPLY have the same numbers in every version. */
    if (type == OFPT_ECHO_REQUEST) {
        struct buf b = BUF_INITIALIZER;
        buf_put(&b, data, size);
        b.data[1] = OFPT_ECHO_REPLY;
        bufferevent_write(c->bev, b.data, b.size);
        buf_uninit(&b);
        return;
    }
    if (c->mgr->cbs.received) {
        c->mgr->cbs.received(c->mgr->aux, c, data, size);
    }
}

static void
read_cb(struct bufferevent *bev, void *c_)
{
    struct chan *c = c_;
    struct evbuffer *in = bufferevent_get_input(bev);

    for (;;) {
        uint8_t hdr[OFP_HEADER_LEN];
        if (!c->bev || bufferevent_get_input(c->bev) != in) {
            return;
        }
        if (c->state == CHAN_S_CLOSING) {
            evbuffer_drain(in, evbuffer_get_length(in));
            return;
        }
        if (evbuffer_copyout(in, hdr, sizeof hdr) < (ssize_t)sizeof hdr) {
            return;
        }
        if (evbuffer_get_length(bufferevent_get_output(bev)) >
            RX_PAUSE_BYTES) {
            /* Leave the rest in the input buffer (and the socket) until
             * the peer has read what it asked for; write_cb resumes. */
            c->rx_paused = true;
            bufferevent_disable(bev, EV_READ);
            bufferevent_setwatermark(bev, EV_WRITE, RX_RESUME_BYTES, 0);
            return;
        }
        uint16_t len = get_be16(hdr + 2);
        if (len < OFP_HEADER_LEN) {
            LOG_RL(&chan_rl, LOG_LVL_WARN, MOD,
                   "%s: message length %u is shorter than the header", c->name,
                   len);
            /* Framing is lost: say so and close (nothing after this can be
             * trusted to start on a message boundary). */
            if (c->state == CHAN_S_UP) {
                chan_send_error(c, OFPERR_OFPBRC_BAD_LEN, hdr, sizeof hdr);
            }
            evbuffer_drain(in, evbuffer_get_length(in));
            chan_close(c);
            return;
        }
        if (evbuffer_get_length(in) < len) {
            return;
        }
        const uint8_t *msg = evbuffer_pullup(in, len);
        /* The callback may close 'c' (freeing an accepted one).  Keep the
         * message in a private copy so that draining is safe either way. */
        uint8_t stackbuf[2048];
        uint8_t *copy = len <= sizeof stackbuf ? stackbuf : xmalloc(len);
        memcpy(copy, msg, len);
        evbuffer_drain(in, len);
        struct chan_mgr *mgr = c->mgr;
        bool was_active = c->active;
        struct list *node = &c->node;
        handle_message(c, copy, len);
        if (copy != stackbuf) {
            free(copy);
        }
        /* If an accepted connection was freed, stop: 'c' is gone. */
        bool alive = false;
        struct chan *x;
        LIST_FOR_EACH(x, node, &mgr->chans)
        {
            if (&x->node == node) {
                alive = true;
                break;
            }
        }
        if (!alive || (!was_active && !c->bev)) {
            return;
        }
    }
}

static void
write_cb(struct bufferevent *bev, void *c_)
{
    struct chan *c = c_;
    size_t pending = evbuffer_get_length(bufferevent_get_output(bev));
    if (c->state == CHAN_S_CLOSING) {
        if (!pending) {
            chan_teardown(c, NULL);
        }
        return;
    }
    if (c->rx_paused && pending <= RX_RESUME_BYTES) {
        c->rx_paused = false;
        bufferevent_setwatermark(bev, EV_WRITE, 0, 0);
        bufferevent_enable(bev, EV_READ);
        /* Requests already buffered get no new read event: process them
         * now (deferred, outside this callback). */
        bufferevent_trigger(bev, EV_READ, BEV_TRIG_DEFER_CALLBACKS);
    }
}

static void
record_peer_subject(struct chan *c)
{
    SSL *ssl = bufferevent_openssl_get_ssl(c->bev);
    if (!ssl) {
        return;
    }
    X509 *cert = SSL_get1_peer_certificate(ssl);
    if (cert) {
        char buf[256];
        X509_NAME_oneline(X509_get_subject_name(cert), buf, sizeof buf);
        free(c->peer_subject);
        c->peer_subject = xstrdup(buf);
        X509_free(cert);
    }
}

static void
event_cb(struct bufferevent *bev, short what, void *c_)
{
    struct chan *c = c_;

    if (what & BEV_EVENT_CONNECTED) {
        if (c->target.transport == CHAN_SSL) {
            record_peer_subject(c);
        }
        chan_set_state(c, CHAN_S_HELLO);
        send_hello(c);
        return;
    }
    if (what & (BEV_EVENT_EOF | BEV_EVENT_ERROR | BEV_EVENT_TIMEOUT)) {
        const char *why = what & BEV_EVENT_EOF       ? "end of file"
                          : what & BEV_EVENT_TIMEOUT ? "timeout"
                                                     : NULL;
        char buf[128];
        if (!why) {
            int err = EVUTIL_SOCKET_ERROR();
            bool tls = bufferevent_openssl_get_ssl(bev) != NULL;
            if (tls) {
                log_ssl_errors(bev, "TLS error", c->name);
            }
            snprintf(buf, sizeof buf, "%s",
                     err   ? strerror(err)
                     : tls ? "TLS error"
                           : "transport error");
            why = buf;
        }
        chan_teardown(c,
                      c->state == CHAN_S_CONNECTING && c->active ? NULL : why);
    }
}

static struct bufferevent *
make_bev(struct chan_mgr *mgr, evutil_socket_t fd, bool ssl, bool server)
{
    struct bufferevent *bev;
    if (ssl) {
        SSL *s = SSL_new(server ? mgr->ssl_server : mgr->ssl_client);
        bev = bufferevent_openssl_socket_new(
            mgr->base, fd, s,
            server ? BUFFEREVENT_SSL_ACCEPTING : BUFFEREVENT_SSL_CONNECTING,
            BEV_OPT_CLOSE_ON_FREE | BEV_OPT_DEFER_CALLBACKS);
        if (bev) {
            bufferevent_openssl_set_allow_dirty_shutdown(bev, 1);
        }
    } else {
        bev = bufferevent_socket_new(
            mgr->base, fd, BEV_OPT_CLOSE_ON_FREE | BEV_OPT_DEFER_CALLBACKS);
    }
    return bev;
}

/* Starts (or restarts) an active connection's transport. */
static void
chan_start(struct chan *c)
{
    struct chan_mgr *mgr = c->mgr;
    struct sockaddr_storage ss;
    socklen_t len;
    int err;

    if (c->target.transport == CHAN_UNIX) {
        unix_addr(&c->target, &ss, &len);
    } else {
        err = resolve(&c->target, &ss, &len);
        if (err) {
            LOG_RL(&chan_rl, LOG_LVL_WARN, MOD, "%s: cannot resolve: %s",
                   c->name, strerror(err));
            chan_backoff(c);
            return;
        }
    }
    c->bev = make_bev(mgr, -1, c->target.transport == CHAN_SSL, false);
    if (!c->bev) {
        chan_backoff(c);
        return;
    }
    bufferevent_setcb(c->bev, read_cb, write_cb, event_cb, c);
    bufferevent_enable(c->bev, EV_READ | EV_WRITE);
    chan_set_state(c, CHAN_S_CONNECTING);
    if (bufferevent_socket_connect(c->bev, (struct sockaddr *)&ss, len)) {
        bufferevent_free(c->bev);
        c->bev = NULL;
        chan_backoff(c);
        return;
    }
    if (c->target.transport != CHAN_UNIX) {
        int one = 1;
        evutil_socket_t fd = bufferevent_getfd(c->bev);
        if (fd >= 0) {
            setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        }
    }
}

static void
timer_cb(evutil_socket_t fd, short what, void *c_)
{
    struct chan *c = c_;
    struct chan_mgr *mgr = c->mgr;
    uint64_t now = now_ms();
    uint64_t age = now - c->state_since_ms;

    switch (c->state) {
    case CHAN_S_BACKOFF:
        break; /* retry_cb. */
    case CHAN_S_CONNECTING:
    case CHAN_S_HELLO:
        if (age >= HELLO_TIMEOUT_MS) {
            chan_teardown(c, "no HELLO from peer");
        }
        break;
    case CHAN_S_UP:
        if (!mgr->opts.probe_ms) {
            break;
        }
        if (!c->probe_sent && now - c->last_rx_ms >= mgr->opts.probe_ms) {
            struct buf b = BUF_INITIALIZER;
            buf_put_u8(&b, c->version);
            buf_put_u8(&b, OFPT_ECHO_REQUEST);
            buf_put_be16(&b, 8);
            buf_put_be32(&b, c->next_xid++);
            bufferevent_write(c->bev, b.data, b.size);
            buf_uninit(&b);
            c->probe_sent = true;
            c->probe_at_ms = now;
        } else if (c->probe_sent &&
                   now - c->probe_at_ms >= mgr->opts.probe_ms) {
            chan_teardown(c, "inactivity probe: no reply");
        }
        break;
    case CHAN_S_CLOSING:
        if (age >= 2000) {
            chan_teardown(c, NULL); /* Peer does not read; give up. */
        }
        break;
    }
}

static void
retry_cb(evutil_socket_t fd, short what, void *c_)
{
    struct chan *c = c_;
    struct chan_mgr *mgr = c->mgr;

    if (c->state != CHAN_S_BACKOFF) {
        return;
    }
    c->backoff_ms = c->backoff_ms * 2 > mgr->opts.backoff_max_ms
                        ? mgr->opts.backoff_max_ms
                        : c->backoff_ms * 2;
    chan_start(c);
}

int
chan_mgr_connect(struct chan_mgr *mgr, const struct chan_target *t,
                 enum chan_kind kind, char **errp)
{
    *errp = NULL;
    if (t->passive) {
        *errp = xstrdup("a passive target cannot be connected to");
        return EINVAL;
    }
    if (t->transport == CHAN_SSL) {
        int err = ssl_ready(mgr, errp);
        if (err) {
            return err;
        }
    }
    struct chan *c = chan_alloc(mgr, kind);
    c->active = true;
    c->target = *t;
    chan_target_format(t, c->name, sizeof c->name);
    chan_start(c);
    return 0;
}

static void
accept_cb(struct evconnlistener *evl, evutil_socket_t fd, struct sockaddr *sa,
          int socklen, void *l_)
{
    struct chan_listener *l = l_;
    struct chan_mgr *mgr = l->mgr;
    bool ssl = l->target.transport == CHAN_SSL;

    struct bufferevent *bev = make_bev(mgr, fd, ssl, true);
    if (!bev) {
        close(fd);
        return;
    }
    struct chan *c = chan_alloc(mgr, l->kind);
    c->bev = bev;
    c->target = l->target;
    char peer[INET6_ADDRSTRLEN + 8] = "";
    if (sa->sa_family == AF_INET) {
        struct sockaddr_in *sin = (struct sockaddr_in *)sa;
        char ip[INET_ADDRSTRLEN];
        inet_ntop(AF_INET, &sin->sin_addr, ip, sizeof ip);
        snprintf(peer, sizeof peer, "%s:%u", ip, ntohs(sin->sin_port));
    } else if (sa->sa_family == AF_INET6) {
        struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)sa;
        char ip[INET6_ADDRSTRLEN];
        inet_ntop(AF_INET6, &sin6->sin6_addr, ip, sizeof ip);
        snprintf(peer, sizeof peer, "[%s]:%u", ip, ntohs(sin6->sin6_port));
    } else {
        snprintf(peer, sizeof peer, "fd%d", (int)fd);
    }
    snprintf(c->name, sizeof c->name, "%s<-%s", l->name, peer);
    if (sa->sa_family != AF_UNIX) {
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    }
    bufferevent_setcb(bev, read_cb, write_cb, event_cb, c);
    bufferevent_enable(bev, EV_READ | EV_WRITE);
    if (ssl) {
        /* The HELLO goes out once the handshake completes
         * (BEV_EVENT_CONNECTED). */
        chan_set_state(c, CHAN_S_CONNECTING);
    } else {
        chan_set_state(c, CHAN_S_HELLO);
        send_hello(c);
    }
}

static void
accept_error_cb(struct evconnlistener *evl, void *l_)
{
    struct chan_listener *l = l_;
    int err = EVUTIL_SOCKET_ERROR();
    LOG_RL(&chan_rl, LOG_LVL_WARN, MOD, "%s: accept failed: %s", l->name,
           strerror(err));
}

int
chan_mgr_listen(struct chan_mgr *mgr, const struct chan_target *t,
                enum chan_kind kind, char **errp)
{
    struct sockaddr_storage ss;
    socklen_t len;
    int err;

    *errp = NULL;
    if (!t->passive) {
        *errp = xstrdup("an active target cannot be listened on");
        return EINVAL;
    }
    if (t->transport == CHAN_SSL) {
        err = ssl_ready(mgr, errp);
        if (err) {
            return err;
        }
    }
    if (t->transport == CHAN_UNIX) {
        unix_addr(t, &ss, &len);
        unlink(t->path); /* A stale socket from an earlier run. */
    } else {
        err = resolve(t, &ss, &len);
        if (err) {
            char name[300];
            chan_target_format(t, name, sizeof name);
            *errp = xasprintf("%s: cannot resolve address", name);
            return err;
        }
    }

    /* Unix sockets are created owner-only: the control socket must be
     * root-only, and umask is process-wide, so set it around bind. */
    mode_t old_umask = 0;
    if (t->transport == CHAN_UNIX) {
        old_umask = umask(0077);
    }
    struct chan_listener *l = xzalloc(sizeof *l);
    l->mgr = mgr;
    l->target = *t;
    l->kind = kind;
    chan_target_format(t, l->name, sizeof l->name);
    l->evl = evconnlistener_new_bind(
        mgr->base, accept_cb, l,
        LEV_OPT_CLOSE_ON_FREE | LEV_OPT_REUSEABLE | LEV_OPT_CLOSE_ON_EXEC, -1,
        (struct sockaddr *)&ss, len);
    err = errno;
    if (t->transport == CHAN_UNIX) {
        umask(old_umask);
    }
    if (!l->evl) {
        *errp = xasprintf("%s: cannot listen: %s", l->name, strerror(err));
        free(l);
        return err ? err : EINVAL;
    }
    if (t->transport == CHAN_UNIX) {
        chmod(t->path, 0600);
    }
    evconnlistener_set_error_cb(l->evl, accept_error_cb);
    list_push_back(&mgr->listeners, &l->node);
    return 0;
}

/* --- Sending. ------------------------------------------------------------ */

void
chan_send(struct chan *c, const void *data, size_t size)
{
    if (c->bev && (c->state == CHAN_S_UP || c->state == CHAN_S_HELLO)) {
        bufferevent_write(c->bev, data, size);
    }
}

int
chan_send_msg(struct chan *c, struct ofp_msg *msg)
{
    struct buf b = BUF_INITIALIZER;
    msg->version = c->version;
    int err = ofp_msg_encode(msg, &b);
    if (!err) {
        chan_send(c, b.data, b.size);
    }
    buf_uninit(&b);
    return err;
}

void
chan_send_error(struct chan *c, enum ofperr error, const uint8_t *request,
                size_t request_size)
{
    struct buf b = BUF_INITIALIZER;
    uint32_t xid = request_size >= 8 ? get_be32(request + 4) : 0;
    ofp_error_encode(error, c->version ? c->version : OFP13_VERSION, xid,
                     request, request_size, &b);
    chan_send(c, b.data, b.size);
    buf_uninit(&b);
}

size_t
chan_pending(const struct chan *c)
{
    return c->bev ? evbuffer_get_length(bufferevent_get_output(c->bev)) : 0;
}

void
chan_close(struct chan *c)
{
    if (!c->bev) {
        return;
    }
    if (!evbuffer_get_length(bufferevent_get_output(c->bev))) {
        chan_teardown(c, NULL);
        return;
    }
    chan_set_state(c, CHAN_S_CLOSING);
    bufferevent_disable(c->bev, EV_READ);
}

uint8_t
chan_version(const struct chan *c)
{
    return c->version;
}

enum chan_kind
chan_get_kind(const struct chan *c)
{
    return c->kind;
}

const char *
chan_name(const struct chan *c)
{
    return c->name;
}

const char *
chan_peer_subject(const struct chan *c)
{
    return c->peer_subject;
}

void *
chan_get_user(const struct chan *c)
{
    return c->user;
}

void
chan_set_user(struct chan *c, void *user)
{
    c->user = user;
}
