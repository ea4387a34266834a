/* tools/vconn.c -- the blocking OpenFlow client connection of ofctl (see
 * vconn.h).  One non-blocking socket (plain or under OpenSSL) driven by
 * poll(2) with a deadline, a receive queue that frames messages by their
 * header length, and a send queue that is written out while whatever
 * arrives meanwhile is read into the receive queue.  On top of that, the
 * message-level transactions every client needs -- request/reply,
 * multipart dumps part by part or reassembled, barriers -- through the
 * ofp13/ codec and its 1.0/1.1 translator, so that callers deal in the
 * 1.3 model only.  Nothing here prints: errors are returned. */
#include <config.h>
#include "tools/vconn.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include "ofp13/errors.h"
#include "ofp13/msgs.h"
#include "ofp13/ofp.h"
#include "util/cur.h"
#include "util/xalloc.h"

/* Bytes asked of the socket per read: a whole 64 KiB multipart part. */
#define VCONN_READ_SIZE 65536

/* The receive queue is compacted once this many consumed bytes lie before
 * the next message, so that a long dump does not grow it without bound
 * and a burst of small messages does not cost a memmove each. */
#define VCONN_COMPACT_AT (1024 * 1024)

struct vconn {
    char *name;          /* The target, e.g. "tcp:127.0.0.1:6653". */
    int fd;              /* Non-blocking socket. */
    SSL_CTX *ssl_ctx;    /* NULL for plain connections. */
    SSL *ssl;            /* NULL for plain connections. */
    uint8_t version;     /* Negotiated wire version. */
    uint32_t next_xid;   /* Next transaction id to hand out. */
    bool auto_echo;      /* Answer ECHO_REQUESTs in vconn_recv(). */
    long long deadline;  /* Monotonic milliseconds; 0: none. */
    struct buf rx;       /* Received bytes ... */
    size_t rx_ofs;       /* ... of which the first 'rx_ofs' are consumed. */
    struct buf tx;       /* Bytes to send ... */
    size_t tx_ofs;       /* ... of which the first 'tx_ofs' are written. */
    bool eof;            /* The peer closed its side. */
    struct buf last;     /* The last message received by vconn_recv_msg(). */
    char ssl_error[160]; /* Why the last TLS operation failed, or "". */
};

static long long
now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int
vconn_time_left(const struct vconn *v)
{
    if (!v->deadline) {
        return -1;
    }
    long long left = v->deadline - now_ms();
    return left <= 0 ? 0 : left > INT32_MAX ? INT32_MAX : (int)left;
}

const char *
vconn_strerror(int error)
{
    if (error == EOF) {
        return "connection closed by peer";
    } else if (error == ETIMEDOUT) {
        return "timed out";
    }
    return strerror(error);
}

/* Waits for 'events' on the socket, at most 'max_ms' milliseconds (-1:
 * unlimited) and never past the deadline.  Returns 0 when the socket is
 * ready (or in error: the next I/O call reports it), ETIMEDOUT once the
 * deadline has passed, EAGAIN when 'max_ms' ran out first. */
static int
vconn_poll(struct vconn *v, short events, int max_ms)
{
    for (;;) {
        int left = vconn_time_left(v);
        if (left == 0) {
            return ETIMEDOUT;
        }
        int ms = left;
        bool by_deadline = true;
        if (max_ms >= 0 && (ms < 0 || max_ms < ms)) {
            ms = max_ms;
            by_deadline = false;
        }

        struct pollfd pfd = { .fd = v->fd, .events = events };
        int n = poll(&pfd, 1, ms);
        if (n > 0) {
            return 0;
        } else if (n == 0) {
            return by_deadline ? ETIMEDOUT : EAGAIN;
        } else if (errno != EINTR) {
            return errno;
        }
    }
}

/* Describes the OpenSSL error queue (and empties it) for a message. */
static char *
ssl_error_text(void)
{
    unsigned long e = ERR_get_error();
    char text[256];

    if (!e) {
        return xstrdup("unknown TLS error");
    }
    ERR_error_string_n(e, text, sizeof text);
    ERR_clear_error();
    return xstrdup(text);
}

/* Turns the result of an SSL_read/SSL_write/SSL_connect that returned
 * 'ret' into: 0 with '*want' set to the poll event to wait for, or an
 * errno value (EOF for a clean close). */
static int
ssl_result(struct vconn *v, int ret, short *want)
{
    int err = SSL_get_error(v->ssl, ret);

    switch (err) {
    case SSL_ERROR_WANT_READ:
        *want = POLLIN;
        return 0;
    case SSL_ERROR_WANT_WRITE:
        *want = POLLOUT;
        return 0;
    case SSL_ERROR_ZERO_RETURN:
        return EOF;
    case SSL_ERROR_SYSCALL:
        ERR_clear_error();
        return errno ? errno : EOF;
    default: {
        unsigned long e = ERR_peek_last_error();
        if (e) {
            ERR_error_string_n(e, v->ssl_error, sizeof v->ssl_error);
        }
        ERR_clear_error();
        return EPROTO;
    }
    }
}

/* Reads whatever the socket has into the receive queue without waiting.
 * Returns 0 (with '*progress' telling whether bytes arrived and '*want'
 * the event to wait for otherwise), EOF, or an errno value. */
static int
vconn_read_some(struct vconn *v, bool *progress, short *want)
{
    *progress = false;
    *want = POLLIN;
    if (v->eof) {
        return EOF;
    }
    if (v->rx_ofs && v->rx_ofs == v->rx.size) {
        buf_clear(&v->rx);
        v->rx_ofs = 0;
    } else if (v->rx_ofs >= VCONN_COMPACT_AT) {
        buf_pull(&v->rx, v->rx_ofs);
        v->rx_ofs = 0;
    }

    for (;;) {
        buf_reserve(&v->rx, VCONN_READ_SIZE);
        uint8_t *p = v->rx.data + v->rx.size;
        ssize_t n;

        if (v->ssl) {
            int ret = SSL_read(v->ssl, p, VCONN_READ_SIZE);
            if (ret <= 0) {
                int error = ssl_result(v, ret, want);
                if (error == EOF) {
                    v->eof = true;
                }
                return error;
            }
            n = ret;
        } else {
            n = recv(v->fd, p, VCONN_READ_SIZE, 0);
            if (n < 0) {
                if (errno == EINTR) {
                    continue;
                }
                return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : errno;
            } else if (n == 0) {
                v->eof = true;
                return EOF;
            }
        }
        /* One read per call: the caller consumes what arrived before
         * asking for more, so a huge dump never piles up in memory. */
        v->rx.size += (size_t)n;
        *progress = true;
        return 0;
    }
}

/* Writes as much of the send queue as the socket takes without waiting.
 * Returns 0 (with '*want' the event to wait for if bytes remain) or an
 * errno value. */
static int
vconn_write_some(struct vconn *v, short *want)
{
    *want = POLLOUT;
    while (v->tx_ofs < v->tx.size) {
        const uint8_t *p = v->tx.data + v->tx_ofs;
        size_t len = v->tx.size - v->tx_ofs;
        ssize_t n;

        if (v->ssl) {
            int chunk = len > INT32_MAX ? INT32_MAX : (int)len;
            int ret = SSL_write(v->ssl, p, chunk);
            if (ret <= 0) {
                int error = ssl_result(v, ret, want);
                return error == EOF ? EPIPE : error;
            }
            n = ret;
        } else {
            n = send(v->fd, p, len, MSG_NOSIGNAL);
            if (n < 0) {
                if (errno == EINTR) {
                    continue;
                }
                return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : errno;
            }
        }
        v->tx_ofs += (size_t)n;
    }
    buf_clear(&v->tx);
    v->tx_ofs = 0;
    return 0;
}

size_t
vconn_queued(const struct vconn *v)
{
    return v->tx.size - v->tx_ofs;
}

int
vconn_flush(struct vconn *v)
{
    for (;;) {
        short want_w, want_r;
        bool progress;

        int error = vconn_write_some(v, &want_w);
        if (error || !vconn_queued(v)) {
            return error;
        }
        /* Drain what the peer sends while we wait for room, so that a
         * switch blocked writing replies to us does not block us. */
        error = vconn_read_some(v, &progress, &want_r);
        if (error && error != EOF) {
            return error;
        }
        if (progress) {
            continue;
        }
        error = vconn_poll(v, (short)(want_w | (error ? 0 : want_r)), -1);
        if (error) {
            return error;
        }
    }
}

int
vconn_send_queued(struct vconn *v, const void *data, size_t size)
{
    short want;

    buf_put(&v->tx, data, size);
    /* Writing a few big chunks beats many small ones; only push when a
     * good amount has built up. */
    if (vconn_queued(v) < 256 * 1024) {
        return 0;
    }
    return vconn_write_some(v, &want);
}

int
vconn_send(struct vconn *v, const void *data, size_t size)
{
    buf_put(&v->tx, data, size);
    return vconn_flush(v);
}

/* If the receive queue holds a whole message, moves it into 'msg' and
 * returns 0; returns EAGAIN if more bytes are needed and EPROTO for a
 * length that cannot frame a message. */
static int
vconn_take_message(struct vconn *v, struct buf *msg)
{
    size_t avail = v->rx.size - v->rx_ofs;
    const uint8_t *p = v->rx.data + v->rx_ofs;

    if (avail < OFP_HEADER_LEN) {
        return EAGAIN;
    }
    uint16_t len = get_be16(p + 2);
    if (len < OFP_HEADER_LEN) {
        return EPROTO;
    }
    if (avail < len) {
        return EAGAIN;
    }
    buf_clear(msg);
    buf_put(msg, p, len);
    v->rx_ofs += len;
    return 0;
}

int
vconn_recv_wait(struct vconn *v, struct buf *msg, int max_ms)
{
    long long until = max_ms >= 0 ? now_ms() + max_ms : 0;

    for (;;) {
        int error = vconn_take_message(v, msg);
        if (!error) {
            if (v->auto_echo && msg->data[1] == OFPT_ECHO_REQUEST) {
                /* OF1.3.5 §6.3.2: answer with the same xid and payload. */
                buf_put(&v->tx, msg->data, msg->size);
                v->tx.data[v->tx.size - msg->size + 1] = OFPT_ECHO_REPLY;
                short want;
                error = vconn_write_some(v, &want);
                if (error) {
                    return error;
                }
                continue;
            }
            return 0;
        } else if (error != EAGAIN) {
            return error;
        }

        short want_w = 0, want_r;
        if (vconn_queued(v)) {
            error = vconn_write_some(v, &want_w);
            if (error) {
                return error;
            }
            if (!vconn_queued(v)) {
                want_w = 0;
            }
        }

        bool progress;
        error = vconn_read_some(v, &progress, &want_r);
        if (error) {
            return error;
        } else if (progress) {
            continue;
        }

        int ms = -1;
        if (until) {
            long long left = until - now_ms();
            if (left <= 0) {
                return EAGAIN;
            }
            ms = left > INT32_MAX ? INT32_MAX : (int)left;
        }
        error = vconn_poll(v, (short)(want_r | want_w), ms);
        if (error) {
            return error;
        }
    }
}

int
vconn_recv(struct vconn *v, struct buf *msg)
{
    return vconn_recv_wait(v, msg, -1);
}

uint8_t
vconn_get_version(const struct vconn *v)
{
    return v->version;
}

const char *
vconn_get_name(const struct vconn *v)
{
    return v->name;
}

uint32_t
vconn_next_xid(struct vconn *v)
{
    return v->next_xid++;
}

void
vconn_set_auto_echo(struct vconn *v, bool on)
{
    v->auto_echo = on;
}

/* --- Decoded messages. -------------------------------------------------- */

int
vconn_encode(struct vconn *v, struct ofp_msg *msg, struct buf *out)
{
    msg->xid = vconn_next_xid(v);
    return ofp_msg_encode_version(msg, v->version, out);
}

int
vconn_send_msg(struct vconn *v, struct ofp_msg *msg, struct buf *raw)
{
    struct buf local = BUF_INITIALIZER;
    struct buf *b = raw ? raw : &local;

    buf_clear(b);
    int error = vconn_encode(v, msg, b);
    if (!error) {
        error = vconn_send(v, b->data, b->size);
    }
    buf_uninit(&local);
    return error;
}

int
vconn_recv_msg(struct vconn *v, struct ofp_msg *msg, struct buf *raw,
               struct ofp_compat_info *info, enum ofperr *decode_error)
{
    int error = vconn_recv(v, &v->last);

    if (decode_error) {
        *decode_error = 0;
    }
    if (error) {
        ofp_msg_init(msg, v->version, 0, 0);
        return error;
    }
    if (raw) {
        buf_clear(raw);
        buf_put(raw, v->last.data, v->last.size);
    }
    enum ofperr e = ofp_msg_decode_any(v->last.data, v->last.size, msg, info);
    if (e) {
        if (decode_error) {
            *decode_error = e;
        }
        return EBADMSG;
    }
    return 0;
}

const struct buf *
vconn_last_received(const struct vconn *v)
{
    return &v->last;
}

int
vconn_transact(struct vconn *v, struct ofp_msg *request, struct ofp_msg *reply,
               struct buf *request_raw)
{
    int error = vconn_send_msg(v, request, request_raw);

    if (error) {
        ofp_msg_init(reply, v->version, 0, 0);
        return error;
    }
    for (;;) {
        error = vconn_recv_msg(v, reply, NULL, NULL, NULL);
        if ((!error || error == EBADMSG) && reply->xid != request->xid) {
            ofp_msg_uninit(reply);
            continue;
        }
        return error;
    }
}

int
vconn_dump(struct vconn *v, struct ofp_msg *request, vconn_part_fn *fn,
           void *aux, struct ofp_msg *other, struct buf *request_raw)
{
    uint16_t mp_type = request->u.mp_request.type;
    struct ofp_msg part;

    ofp_msg_init(other, v->version, OFPT_HELLO, 0);
    int error = vconn_send_msg(v, request, request_raw);
    while (!error) {
        error = vconn_recv_msg(v, &part, NULL, NULL, NULL);
        if ((!error || error == EBADMSG) && part.xid != request->xid) {
            ofp_msg_uninit(&part);
            error = 0;
            continue;
        }
        if (error) {
            ofp_msg_uninit(&part);
            break;
        }
        if (part.type != OFPT_MULTIPART_REPLY ||
            part.u.mp_reply.type != mp_type) {
            /* An error, or something else: the caller says what. */
            ofp_msg_uninit(other);
            *other = part;
            break;
        }
        bool more = part.u.mp_reply.flags & OFPMPF_REPLY_MORE;
        bool go_on = fn(&part, aux);
        ofp_msg_uninit(&part);
        if (!go_on) {
            error = ECANCELED;
        } else if (!more) {
            break;
        }
    }
    return error;
}

/* vconn_dump() callback for vconn_dump_all(). */
struct merge_ctx {
    struct ofp_msg *acc;
    bool started;
    bool bad;
};

static bool
merge_part(struct ofp_msg *part, void *ctx_)
{
    struct merge_ctx *ctx = ctx_;

    if (!ctx->started) {
        ofp_msg_uninit(ctx->acc);
        *ctx->acc = *part;
        ofp_msg_init(part, part->version, OFPT_HELLO, 0);
        ctx->started = true;
        return true;
    }
    if (ofp_multipart_merge(ctx->acc, part)) {
        ctx->bad = true;
        return false;
    }
    return true;
}

int
vconn_dump_all(struct vconn *v, struct ofp_msg *request, struct ofp_msg *reply,
               struct buf *request_raw)
{
    struct merge_ctx ctx = { reply, false, false };
    struct ofp_msg other;

    ofp_msg_init(reply, v->version, OFPT_HELLO, 0);
    int error = vconn_dump(v, request, merge_part, &ctx, &other, request_raw);
    if (!error && other.type != OFPT_HELLO) {
        /* The switch answered with an error (or nonsense): hand it over. */
        ofp_msg_uninit(reply);
        *reply = other;
        return 0;
    }
    ofp_msg_uninit(&other);
    if (ctx.bad) {
        error = EILSEQ;
    }
    if (error) {
        ofp_msg_uninit(reply);
        ofp_msg_init(reply, v->version, OFPT_HELLO, 0);
    }
    return error;
}

int
vconn_barrier(struct vconn *v, vconn_msg_fn *fn, void *aux,
              uint32_t *barrier_xid)
{
    struct ofp_msg barrier;
    struct buf b = BUF_INITIALIZER;

    ofp_msg_init(&barrier, v->version, OFPT_BARRIER_REQUEST, 0);
    int error = vconn_encode(v, &barrier, &b);
    uint32_t xid = barrier.xid;
    ofp_msg_uninit(&barrier);
    if (barrier_xid) {
        *barrier_xid = xid;
    }
    if (!error) {
        /* Queued behind everything the batch left queued. */
        error = vconn_send(v, b.data, b.size);
    }
    buf_uninit(&b);

    while (!error) {
        struct ofp_msg msg;
        error = vconn_recv_msg(v, &msg, NULL, NULL, NULL);
        if (error && error != EBADMSG) {
            ofp_msg_uninit(&msg);
            break;
        }
        bool decoded = !error;
        error = 0;
        if (msg.xid == xid && (msg.type == OFPT_BARRIER_REPLY || !decoded)) {
            ofp_msg_uninit(&msg);
            break;
        }
        if (fn) {
            fn(&msg, decoded, aux);
        }
        ofp_msg_uninit(&msg);
    }
    return error;
}

/* --- Targets. ----------------------------------------------------------- */

static bool
is_switch_name(const char *s)
{
    if (!*s || strlen(s) > 64 || s[0] == '.') {
        return false;
    }
    for (; *s; s++) {
        if (!strchr("abcdefghijklmnopqrstuvwxyz"
                    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-",
                    *s)) {
            return false;
        }
    }
    return true;
}

char *
vconn_target_expand(const char *name, const char *suffix, char **errp)
{
    *errp = NULL;
    if (!strncmp(name, "unix:", 5) || !strncmp(name, "tcp:", 4) ||
        !strncmp(name, "ssl:", 4)) {
        return xstrdup(name);
    }
    if (name[0] == '/' || name[0] == '.') {
        return xasprintf("unix:%s", name);
    }
    if (strchr(name, ':')) {
        *errp = xasprintf("%s: unknown connection type (use unix:PATH, "
                          "tcp:HOST[:PORT], ssl:HOST[:PORT] or a switch "
                          "name)",
                          name);
        return NULL;
    }
    if (!is_switch_name(name)) {
        *errp = xasprintf("%s: not a switch name (letters, digits, '_', "
                          "'-' and '.')",
                          name);
        return NULL;
    }
    const char *rundir = getenv("OFSWITCH_RUNDIR");
    if (!rundir || !*rundir) {
        rundir = VCONN_DEFAULT_RUNDIR;
    }
    return xasprintf("unix:%s/%s.%s", rundir, name, suffix);
}

/* --- Connecting. -------------------------------------------------------- */

static int
set_nonblocking(int fd)
{
    int flags = fcntl(fd, F_GETFL);

    if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0) {
        return errno;
    }
    return 0;
}

/* Finishes a non-blocking connect() on v->fd that returned 'ret'. */
static int
finish_connect(struct vconn *v, int ret)
{
    if (ret == 0) {
        return 0;
    }
    if (errno != EINPROGRESS && errno != EAGAIN && errno != EINTR) {
        return errno;
    }
    int error = vconn_poll(v, POLLOUT, -1);
    if (error) {
        return error;
    }
    int soerr = 0;
    socklen_t len = sizeof soerr;
    if (getsockopt(v->fd, SOL_SOCKET, SO_ERROR, &soerr, &len) < 0) {
        return errno;
    }
    return soerr;
}

static int
open_unix(struct vconn *v, const char *path, char **errp)
{
    struct sockaddr_un sun;

    memset(&sun, 0, sizeof sun);
    sun.sun_family = AF_UNIX;
    if (!*path || strlen(path) >= sizeof sun.sun_path) {
        *errp = xasprintf("%s: socket path is empty or too long", v->name);
        return ENAMETOOLONG;
    }
    memcpy(sun.sun_path, path, strlen(path));

    v->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (v->fd < 0) {
        int error = errno;
        *errp = xasprintf("%s: socket: %s", v->name, strerror(error));
        return error;
    }
    int error = set_nonblocking(v->fd);
    if (!error) {
        error = finish_connect(
            v, connect(v->fd, (struct sockaddr *)&sun, sizeof sun));
    }
    if (error) {
        *errp = xasprintf("%s: connection failed (%s)", v->name,
                          vconn_strerror(error));
    }
    return error;
}

/* Splits "HOST[:PORT]" or "[V6ADDR][:PORT]" into new strings. */
static bool
split_host_port(const char *s, char **host, char **port)
{
    const char *colon;

    if (s[0] == '[') {
        const char *end = strchr(s, ']');
        if (!end || (end[1] && end[1] != ':')) {
            return false;
        }
        *host = xstrndup(s + 1, (size_t)(end - s - 1));
        colon = end[1] ? end + 1 : NULL;
    } else {
        colon = strchr(s, ':');
        if (colon && strchr(colon + 1, ':')) {
            return false; /* A bare IPv6 address needs brackets. */
        }
        *host = colon ? xstrndup(s, (size_t)(colon - s)) : xstrdup(s);
    }
    *port =
        colon && colon[1] ? xstrdup(colon + 1) : xasprintf("%d", OFP_TCP_PORT);
    if (!**host || strspn(*port, "0123456789") != strlen(*port)) {
        free(*host);
        free(*port);
        return false;
    }
    return true;
}

static int
open_tcp(struct vconn *v, const char *hostport, char **errp, char **hostp)
{
    char *host, *port;

    if (!split_host_port(hostport, &host, &port)) {
        *errp = xasprintf("%s: bad address (use HOST[:PORT] or "
                          "[IPV6][:PORT])",
                          v->name);
        return EINVAL;
    }

    struct addrinfo hints, *res = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICSERV;
    int gai = getaddrinfo(host, port, &hints, &res);
    if (gai) {
        *errp = xasprintf("%s: %s", v->name, gai_strerror(gai));
        free(host);
        free(port);
        return EADDRNOTAVAIL;
    }

    int error = ECONNREFUSED;
    for (struct addrinfo *ai = res; ai; ai = ai->ai_next) {
        if (v->fd >= 0) {
            close(v->fd);
        }
        v->fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC,
                       ai->ai_protocol);
        if (v->fd < 0) {
            error = errno;
            continue;
        }
        error = set_nonblocking(v->fd);
        if (!error) {
            error =
                finish_connect(v, connect(v->fd, ai->ai_addr, ai->ai_addrlen));
        }
        if (!error || error == ETIMEDOUT) {
            break;
        }
    }
    freeaddrinfo(res);
    free(port);
    if (error) {
        *errp = xasprintf("%s: connection failed (%s)", v->name,
                          vconn_strerror(error));
        free(host);
        return error;
    }

    /* Requests are small and latency matters (ping, transactions). */
    int one = 1;
    setsockopt(v->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    *hostp = host;
    return 0;
}

/* Sets up TLS (1.2 or later, the peer verified against --ca-cert) on the
 * connected v->fd and runs the handshake. */
static int
start_tls(struct vconn *v, const struct vconn_options *opts, const char *host,
          char **errp)
{
    if (!opts->ca_cert) {
        *errp = xasprintf("%s: ssl needs --ca-cert to verify the switch "
                          "(and usually --private-key and --certificate)",
                          v->name);
        return EINVAL;
    }
    if (!opts->private_key != !opts->certificate) {
        *errp = xasprintf("%s: --private-key and --certificate go together",
                          v->name);
        return EINVAL;
    }

    v->ssl_ctx = SSL_CTX_new(TLS_client_method());
    if (!v->ssl_ctx) {
        goto ssl_error;
    }
    SSL_CTX_set_min_proto_version(v->ssl_ctx, TLS1_2_VERSION);
    SSL_CTX_set_mode(v->ssl_ctx, SSL_MODE_ENABLE_PARTIAL_WRITE |
                                     SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
    SSL_CTX_set_verify(v->ssl_ctx, SSL_VERIFY_PEER, NULL);
    if (SSL_CTX_load_verify_locations(v->ssl_ctx, opts->ca_cert, NULL) != 1) {
        char *why = ssl_error_text();
        *errp = xasprintf("%s: cannot load CA certificate %s (%s)", v->name,
                          opts->ca_cert, why);
        free(why);
        return EINVAL;
    }
    if (opts->certificate) {
        if (SSL_CTX_use_certificate_chain_file(v->ssl_ctx,
                                               opts->certificate) != 1 ||
            SSL_CTX_use_PrivateKey_file(v->ssl_ctx, opts->private_key,
                                        SSL_FILETYPE_PEM) != 1 ||
            SSL_CTX_check_private_key(v->ssl_ctx) != 1) {
            char *why = ssl_error_text();
            *errp =
                xasprintf("%s: cannot use certificate %s with key %s "
                          "(%s)",
                          v->name, opts->certificate, opts->private_key, why);
            free(why);
            return EINVAL;
        }
    }

    v->ssl = SSL_new(v->ssl_ctx);
    if (!v->ssl || SSL_set_fd(v->ssl, v->fd) != 1) {
        goto ssl_error;
    }
    /* Server name indication for names, not for address literals. */
    if (strspn(host, "0123456789.") != strlen(host) && !strchr(host, ':')) {
        SSL_set_tlsext_host_name(v->ssl, host);
    }

    for (;;) {
        int ret = SSL_connect(v->ssl);
        if (ret == 1) {
            return 0;
        }
        short want;
        long verify = SSL_get_verify_result(v->ssl);
        int error = ssl_result(v, ret, &want);
        if (error) {
            if (verify != X509_V_OK) {
                *errp =
                    xasprintf("%s: TLS handshake failed: the switch's "
                              "certificate does not verify (%s)",
                              v->name, X509_verify_cert_error_string(verify));
            } else {
                *errp = xasprintf("%s: TLS handshake failed (%s)", v->name,
                                  error != EPROTO   ? vconn_strerror(error)
                                  : v->ssl_error[0] ? v->ssl_error
                                                    : "protocol error");
            }
            return EPROTO;
        }
        error = vconn_poll(v, want, -1);
        if (error) {
            *errp = xasprintf("%s: TLS handshake %s", v->name,
                              vconn_strerror(error));
            return error;
        }
    }

ssl_error:;
    char *why = ssl_error_text();
    *errp = xasprintf("%s: TLS setup failed (%s)", v->name, why);
    free(why);
    return EPROTO;
}

/* Highest set bit of 'bitmap', or -1. */
static int
highest_version(uint32_t bitmap)
{
    for (int i = 31; i >= 0; i--) {
        if (bitmap & (UINT32_C(1) << i)) {
            return i;
        }
    }
    return -1;
}

static void
put_versions(char *text, size_t size, uint32_t bitmap)
{
    size_t n = 0;

    text[0] = '\0';
    for (int i = 0; i < 32 && n < size; i++) {
        if (bitmap & (UINT32_C(1) << i)) {
            n += (size_t)snprintf(text + n, size - n, "%s0x%02x",
                                  n ? ", " : "", i);
        }
    }
}

/* OF1.3.5 §6.3.1: sends our HELLO, reads the peer's and settles on the
 * highest version both support. */
static int
negotiate(struct vconn *v, uint32_t versions, char **errp)
{
    struct ofp_msg hello;
    struct buf b = BUF_INITIALIZER;
    int max = highest_version(versions);

    ofp_msg_init(&hello, (uint8_t)max, OFPT_HELLO, vconn_next_xid(v));
    hello.u.hello.has_bitmap = true;
    hello.u.hello.bitmap = versions;
    int error = ofp_msg_encode(&hello, &b);
    ofp_msg_uninit(&hello);
    if (!error) {
        error = vconn_send(v, b.data, b.size);
    }
    if (error) {
        *errp = xasprintf("%s: sending HELLO failed (%s)", v->name,
                          vconn_strerror(error));
        buf_uninit(&b);
        return error;
    }

    error = vconn_recv(v, &b);
    if (error) {
        *errp = xasprintf("%s: no HELLO from the switch (%s%s%s)", v->name,
                          vconn_strerror(error), v->ssl_error[0] ? ": " : "",
                          v->ssl_error);
        buf_uninit(&b);
        return error;
    }

    struct ofp_msg peer;
    enum ofperr decode_error = ofp_msg_decode(b.data, b.size, &peer);
    if (peer.type == OFPT_ERROR && !decode_error) {
        const struct ofp_error_msg *e = &peer.u.error;
        *errp =
            xasprintf("%s: the switch refused the connection (%s%s%.*s)",
                      v->name, e->error ? ofperr_get_name(e->error) : "error",
                      e->data.len ? ": " : "",
                      e->type == OFPET_HELLO_FAILED
                          ? (int)(e->data.len > 200 ? 200 : e->data.len)
                          : 0,
                      e->data.data ? (const char *)e->data.data : "");
        ofp_msg_uninit(&peer);
        buf_uninit(&b);
        return EPROTO;
    }
    if (peer.type != OFPT_HELLO || decode_error) {
        *errp =
            xasprintf("%s: expected HELLO, got message type %u%s%s", v->name,
                      b.data[1], decode_error ? " that does not decode: " : "",
                      decode_error ? ofperr_get_name(decode_error) : "");
        ofp_msg_uninit(&peer);
        buf_uninit(&b);
        return EPROTO;
    }

    uint32_t theirs =
        peer.u.hello.has_bitmap
            ? peer.u.hello.bitmap
            : (uint32_t)((UINT64_C(2) << (peer.version & 31)) - 1);
    /* Without a bitmap the peer offers every version up to its header's;
     * taking the highest one we share is what Open vSwitch does too. */
    int common = highest_version(versions & theirs);
    ofp_msg_uninit(&peer);
    if (common < 0) {
        char ours[64], peers[64];
        put_versions(ours, sizeof ours, versions);
        put_versions(peers, sizeof peers, theirs);
        *errp = xasprintf("%s: version negotiation failed (we support "
                          "version %s, the switch supports %s)",
                          v->name, ours, peers);
        buf_clear(&b);
        ofp_error_encode(OFPERR_OFPHFC_INCOMPATIBLE, (uint8_t)max,
                         vconn_next_xid(v), "incompatible versions",
                         strlen("incompatible versions"), &b);
        vconn_send(v, b.data, b.size);
        buf_uninit(&b);
        return EPROTONOSUPPORT;
    }
    v->version = (uint8_t)common;
    buf_uninit(&b);
    return 0;
}

int
vconn_open(const char *target, const struct vconn_options *opts,
           struct vconn **vconnp, char **errp)
{
    struct vconn *v = xzalloc(sizeof *v);
    char *host = NULL;
    int error;

    *vconnp = NULL;
    *errp = NULL;
    v->name = xstrdup(target);
    v->fd = -1;
    v->next_xid = 1;
    v->auto_echo = true;
    buf_init(&v->rx);
    buf_init(&v->tx);
    buf_init(&v->last);
    if (opts->timeout > 0) {
        v->deadline = now_ms() + (long long)opts->timeout * 1000;
    }

    if (!opts->versions) {
        *errp = xasprintf("%s: no OpenFlow version allowed", target);
        error = EINVAL;
    } else if (!strncmp(target, "unix:", 5)) {
        error = open_unix(v, target + 5, errp);
    } else if (!strncmp(target, "tcp:", 4)) {
        error = open_tcp(v, target + 4, errp, &host);
    } else if (!strncmp(target, "ssl:", 4)) {
        error = open_tcp(v, target + 4, errp, &host);
        if (!error) {
            error = start_tls(v, opts, host, errp);
        }
    } else {
        *errp = xasprintf("%s: unknown connection type", target);
        error = EAFNOSUPPORT;
    }
    free(host);
    if (!error) {
        error = negotiate(v, opts->versions, errp);
    }
    if (error) {
        vconn_close(v);
        return error;
    }
    *vconnp = v;
    return 0;
}

void
vconn_close(struct vconn *v)
{
    if (!v) {
        return;
    }
    if (v->ssl) {
        if (!v->eof) {
            SSL_shutdown(v->ssl);
        }
        SSL_free(v->ssl);
    }
    SSL_CTX_free(v->ssl_ctx);
    if (v->fd >= 0) {
        close(v->fd);
    }
    buf_uninit(&v->rx);
    buf_uninit(&v->tx);
    buf_uninit(&v->last);
    free(v->name);
    free(v);
}
