/* tools/ofconn-lib.h -- a small OpenFlow 1.3 connection helper for the
 * tools that speak to switches over libevent (ofcontroller, ofbench).  It
 * does the transport (TCP, TLS, unix sockets; dialling out or accepting),
 * message framing, HELLO negotiation (OF1.3.5 §6.3.1: a version bitmap, a
 * higher peer version negotiated down, HELLO_FAILED otherwise), echo
 * replies and an optional inactivity probe.  Everything above framing is
 * the caller's: it is told when a connection is up, gets every whole
 * message but HELLO and ECHO_REQUEST, and is told when a connection goes
 * away.
 *
 * Unlike the switch's own channel code (src/chan.c), nothing here
 * reconnects: a tool that dials a switch wants to know that the switch is
 * gone.  A connection is never freed inside a call the caller made or
 * inside one of the caller's callbacks; it is freed from the event loop
 * after its 'closed' callback, so a callback may close any connection it
 * knows without invalidating pointers it still holds.
 *
 * Everything runs on one libevent loop, created and owned by the caller;
 * no function here may be called from another thread. */
#ifndef TOOLS_OFCONN_LIB_H
#define TOOLS_OFCONN_LIB_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct event_base;
struct ofp_msg;
struct tc_conn;
struct tc_ctx;

enum tc_transport {
    TC_TCP,
    TC_SSL,
    TC_UNIX,
};

/* A connection target: "tcp:HOST[:PORT]", "ssl:HOST[:PORT]", "unix:PATH"
 * (active) or "ptcp:[PORT][:IP]", "pssl:[PORT][:IP]", "punix:PATH"
 * (passive).  The port defaults to 6653; a passive TCP or TLS target
 * without an IP binds 127.0.0.1 only, as the switch does. */
struct tc_target {
    enum tc_transport transport;
    bool passive;
    char host[256]; /* TCP/TLS: host name or IP literal. */
    uint16_t port;  /* TCP/TLS. */
    char path[108]; /* Unix. */
};

/* Parses 'spec' into 'target'.  Returns NULL or an error message that the
 * caller must free(). */
char *tc_target_parse(const char *spec, struct tc_target *target);
/* Formats 'target' in its spec form ("ptcp:6653:127.0.0.1") into 'buf'. */
void tc_target_format(const struct tc_target *, char *buf, size_t size);

struct tc_callbacks {
    /* HELLO negotiation finished; 'conn' can carry messages. */
    void (*connected)(struct tc_conn *, void *aux);
    /* One whole message of the negotiated version, 'size' bytes (the
     * header's length), borrowed for the duration of the call.  HELLO and
     * ECHO_REQUEST are handled here and not passed up; ECHO_REPLY is. */
    void (*received)(struct tc_conn *, const uint8_t *data, size_t size,
                     void *aux);
    /* The output queue fell to the 'write_lowat' of the options (only
     * called when 'write_lowat' is nonzero).  May be NULL. */
    void (*drained)(struct tc_conn *, void *aux);
    /* 'conn' is gone (peer closed, error, timeout, tc_conn_close(), or
     * tc_ctx_destroy()); called exactly once per connection, whether or
     * not it was ever negotiated, with a short reason.  'conn' is freed
     * right after the callback returns. */
    void (*closed)(struct tc_conn *, const char *why, void *aux);
};

struct tc_options {
    /* Idle time after which an ECHO_REQUEST is sent; a connection that
     * stays silent for as long again is closed.  0: no probe. */
    unsigned int probe_ms;
    /* Time allowed for connecting, the TLS handshake and the peer's HELLO;
     * 0 means 10 s. */
    unsigned int hello_timeout_ms;
    /* Output queue length at which 'drained' is called; 0: never. */
    size_t write_lowat;
    /* PEM files for ssl: and pssl: targets (all three), or NULL. */
    const char *private_key;
    const char *certificate;
    const char *ca_cert;
};

/* Creates a context on 'base' (borrowed; it must outlive the context).
 * The option strings are copied. */
struct tc_ctx *tc_ctx_create(struct event_base *, const struct tc_options *,
                             const struct tc_callbacks *, void *aux);
/* Closes every listener and connection, calling 'closed' for each
 * connection ("shutting down"), and frees the context.  NULL is a no-op. */
void tc_ctx_destroy(struct tc_ctx *);

/* Starts listening on passive 'target'.  Returns 0, or a positive errno
 * with '*errp' set to a message the caller must free(). */
int tc_ctx_listen(struct tc_ctx *, const struct tc_target *, char **errp);
/* Starts connecting to active 'target'.  On success stores the new
 * connection (not yet negotiated; 'connected' or 'closed' follows) in
 * '*connp' (may be NULL) and returns 0; otherwise returns a positive errno
 * with '*errp' set to a message the caller must free().  Host names are
 * resolved with getaddrinfo(), which may block. */
int tc_ctx_connect(struct tc_ctx *, const struct tc_target *,
                   struct tc_conn **connp, char **errp);

/* Number of connections that finished negotiation and are still up. */
size_t tc_ctx_n_conns(const struct tc_ctx *);

/* Queues 'size' bytes of encoded messages.  Ignored once the connection
 * is closing. */
void tc_conn_send(struct tc_conn *, const void *data, size_t size);
/* Encodes 'msg' and queues it.  Returns 0 or a positive errno from
 * ofp_msg_encode(). */
int tc_conn_send_msg(struct tc_conn *, const struct ofp_msg *);
/* Bytes queued and not yet written. */
size_t tc_conn_pending(const struct tc_conn *);
/* A fresh transaction id for a request on 'conn' (never 0). */
uint32_t tc_conn_next_xid(struct tc_conn *);
/* Closes 'conn' once its queued output is written (giving up after 2 s);
 * 'closed' follows from the event loop with 'why'.  Safe to call more
 * than once and from any callback. */
void tc_conn_close(struct tc_conn *, const char *why);
/* True between 'connected' and tc_conn_close() or the transport's end. */
bool tc_conn_is_up(const struct tc_conn *);
/* "tcp:127.0.0.1:6653" for dialled connections, "ptcp:6653:127.0.0.1<-
 * 127.0.0.1:40000" for accepted ones.  Borrowed, valid while 'conn'
 * lives. */
const char *tc_conn_name(const struct tc_conn *);

/* A per-connection pointer for the caller; NULL initially. */
void *tc_conn_get_user(const struct tc_conn *);
void tc_conn_set_user(struct tc_conn *, void *);

/* CLOCK_MONOTONIC in nanoseconds. */
uint64_t tc_now_ns(void);

#endif /* tools/ofconn-lib.h */
